/* fd-sim-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sim-source"

#include "config.h"

#include "fd-sim-source.h"

#include "fd-local-source-private.h"

#include <string.h>

#define HOUR            ((FdTime) 3600 * G_USEC_PER_SEC)
#define DAY             (24 * HOUR)
/* The generator keeps every record's life, from its hour of origin to its
 * last change, under 96 hours: records older than this never change. */
#define STILL_CHANGING  (97 * HOUR)
#define CURSOR_MAGIC    0x53494d31u   /* "SIM1" */

typedef struct
{
  guint32 magic;
  guint32 params_hash;
  gint64  from;
  gint64  to;
} SimCursor;

struct _FdSimSource
{
  GObject        parent_instance;

  /* Owned */
  FdSimParams    params;
  char         **environments;
  char          *uri;
  FdClock       *clock;          /* nullable: the wall clock */
  FdActionStore *store;          /* nullable until first needed */
  GHashTable    *dirty;          /* ids acted on since the last fetch */
  FdTime         last_to;        /* "now" of the last fetch, 0 before */
  char          *store_note;     /* the action store's trouble, nullable */
};

static void source_iface_init (FdSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdSimSource, fd_sim_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_SOURCE, source_iface_init))

enum {
  PROP_0,
  PROP_SEED,
  PROP_CLOCK,
  PROP_ACTION_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FdTime
current_now (FdSimSource *self)
{
  return self->clock != NULL ? fd_clock_get_now (self->clock) : g_get_real_time ();
}

/* Every parameter goes into the cursor, so a changed simulation starts over. */
static guint32
params_hash (FdSimSource *self)
{
  g_autofree char *envs = g_strjoinv (",", self->environments);
  g_autofree char *text = NULL;
  char rates[4][G_ASCII_DTOSTR_BUF_SIZE];

  /* A cursor may be read back under another LC_NUMERIC: the same parameters
   * must give the same text, with a dot, in every locale. */
  g_ascii_formatd (rates[0], sizeof rates[0], "%.17g", self->params.failure_rate);
  g_ascii_formatd (rates[1], sizeof rates[1], "%.17g", self->params.incident_rate);
  g_ascii_formatd (rates[2], sizeof rates[2], "%.17g", self->params.deploys_per_day);
  g_ascii_formatd (rates[3], sizeof rates[3], "%.17g", self->params.runs_per_day);
  text = g_strdup_printf ("%" G_GUINT64_FORMAT "|%u|%s|%s|%s|%s|%u|%s",
                          self->params.seed, self->params.n_services, rates[0], rates[1],
                          rates[2], rates[3], self->params.history_days, envs);
  return g_str_hash (text);
}

/* Fetching {{{ */

typedef struct
{
  FdSimParams    params;
  char         **environments;
  char          *uri;
  guint32        hash;
  GBytes        *cursor;
  FdTime         now;
  GHashTable    *dirty;
  FdActionStore *store;          /* the source's, nullable */
  FdActionStore *opened;         /* opened by the worker */
  char          *note;           /* about the action store, nullable */
  FdBatch       *batch;          /* the result, or: */
  GError        *error;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_strfreev (data->environments);
  g_free (data->uri);
  g_clear_pointer (&data->cursor, g_bytes_unref);
  g_clear_pointer (&data->dirty, g_hash_table_unref);
  g_clear_object (&data->store);
  g_clear_object (&data->opened);
  g_free (data->note);
  g_clear_pointer (&data->batch, fd_batch_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static GBytes *
make_cursor (guint32 hash,
             FdTime  from,
             FdTime  to)
{
  SimCursor cursor = { CURSOR_MAGIC, hash, from, to };

  return g_bytes_new (&cursor, sizeof cursor);
}

static gboolean
read_cursor (GBytes    *bytes,
             SimCursor *cursor)
{
  gsize size;
  gconstpointer data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (size != sizeof *cursor)
    return FALSE;
  memcpy (cursor, data, sizeof *cursor);
  return cursor->magic == CURSOR_MAGIC && cursor->from <= cursor->to;
}

static FdSnapshot *
generate (FetchData     *data,
          FdActionStore *store,
          FdTime         from,
          FdTime         to)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;

  if (to > from)
    fd_sim_generate (&data->params, from, to, builder);
  snapshot = fd_snapshot_builder_end (builder);

  /* The user's actions, as for a history file. */
  if (store != NULL)
    return fd_action_store_overlay (store, data->uri, snapshot);
  return g_steal_pointer (&snapshot);
}

static char *
sample_key (const FdSnapshot     *snapshot,
            const FdCanarySample *sample)
{
  return g_strdup_printf ("%s|%u|%" G_GINT64_FORMAT, fd_snapshot_str (snapshot, sample->canary_id),
                          sample->variant, sample->at);
}

static gconstpointer
find_old (GHashTable       *index,
          const char       *prefix,
          const FdSnapshot *after,
          FdStr             id)
{
  g_autofree char *key = g_strconcat (prefix, fd_snapshot_str (after, id), NULL);

  return g_hash_table_lookup (index, key);
}

static gboolean
acted_on (GHashTable       *dirty,
          const FdSnapshot *after,
          FdStr             id)
{
  return g_hash_table_contains (dirty, fd_snapshot_str (after, id));
}

/* The records of @after that @before does not have in the same state, and
 * those an action touched. */
static FdSnapshot *
difference (FdSnapshot *before,
            FdSnapshot *after,
            GHashTable *dirty)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdRecordCopier) copier = _fd_record_copier_new (after, builder);
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const FdPipelineRun *runs, *old_runs;
  const FdDeployment *deployments, *old_deployments;
  const FdAlert *alerts, *old_alerts;
  const FdCanary *canaries, *old_canaries;
  const FdCanarySample *samples, *old_samples;
  gsize n, n_old;

#define INDEX(prefix, records, n)                                             \
  for (gsize i = 0; i < (n); i++)                                             \
    g_hash_table_insert (index, g_strconcat (prefix, fd_snapshot_str (before, (records)[i].id), \
                                             NULL), (gpointer) &(records)[i]);

  old_runs = fd_snapshot_get_runs (before, &n_old);
  INDEX ("r", old_runs, n_old)
  old_deployments = fd_snapshot_get_deployments (before, &n_old);
  INDEX ("d", old_deployments, n_old)
  old_alerts = fd_snapshot_get_alerts (before, &n_old);
  INDEX ("a", old_alerts, n_old)
  old_canaries = fd_snapshot_get_canaries (before, &n_old);
  INDEX ("c", old_canaries, n_old)
  old_samples = fd_snapshot_get_samples (before, &n_old);
  for (gsize i = 0; i < n_old; i++)
    g_hash_table_insert (index, sample_key (before, &old_samples[i]), (gpointer) &old_samples[i]);

  runs = fd_snapshot_get_runs (after, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdPipelineRun *old = find_old (index, "r", after, runs[i].id);

      if (old == NULL || !_fd_runs_equal (before, old, after, &runs[i]) ||
          acted_on (dirty, after, runs[i].id))
        _fd_record_copier_run (copier, &runs[i]);
    }
  deployments = fd_snapshot_get_deployments (after, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdDeployment *old = find_old (index, "d", after, deployments[i].id);

      if (old == NULL || !_fd_deployments_equal (before, old, after, &deployments[i]) ||
          acted_on (dirty, after, deployments[i].id))
        _fd_record_copier_deployment (copier, &deployments[i]);
    }
  alerts = fd_snapshot_get_alerts (after, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdAlert *old = find_old (index, "a", after, alerts[i].id);

      if (old == NULL || !_fd_alerts_equal (before, old, after, &alerts[i]) ||
          acted_on (dirty, after, alerts[i].id))
        _fd_record_copier_alert (copier, &alerts[i]);
    }
  canaries = fd_snapshot_get_canaries (after, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdCanary *old = find_old (index, "c", after, canaries[i].id);

      if (old == NULL || !_fd_canaries_equal (before, old, after, &canaries[i]) ||
          acted_on (dirty, after, canaries[i].id))
        _fd_record_copier_canary (copier, &canaries[i]);
    }
  samples = fd_snapshot_get_samples (after, &n);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *key = sample_key (after, &samples[i]);
      const FdCanarySample *old = g_hash_table_lookup (index, key);

      if (old == NULL || !_fd_samples_equal (before, old, after, &samples[i]))
        _fd_record_copier_sample (copier, &samples[i]);
    }

#undef INDEX

  g_clear_pointer (&copier, _fd_record_copier_free);
  return fd_snapshot_builder_end (builder);
}

static void
fetch_work (gpointer      task_data,
            GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(GBytes) cursor = NULL;
  FdActionStore *store = data->store;
  SimCursor prev;
  FdBatch *batch;

  data->params.environments = (const char * const *) data->environments;

  if (store == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* A simulation nobody acted on has no store file; none is made. */
      data->opened = fd_action_store_open_default (FALSE, &error);
      if (error != NULL)
        g_debug ("No action store: %s", error->message);
      store = data->opened;
      data->note = _fd_local_store_note (store, error);
    }

  if (!read_cursor (data->cursor, &prev) || prev.params_hash != data->hash || prev.to > data->now)
    {
      /* From the start: everything, replacing what the session had. */
      FdTime from = data->now - (FdTime) data->params.history_days * DAY;
      g_autoptr(FdSnapshot) all = generate (data, store, from, data->now);
      const char * const gone[] = { data->uri, NULL };

      cursor = make_cursor (data->hash, from, data->now);
      batch = fd_batch_new (data->uri, all, gone, cursor);
    }
  else if (prev.to == data->now && g_hash_table_size (data->dirty) == 0)
    {
      batch = fd_batch_new (data->uri, NULL, NULL, data->cursor);
    }
  else
    {
      FdTime since = MAX (prev.from, prev.to - STILL_CHANGING);
      g_autoptr(FdSnapshot) before = generate (data, store, since, prev.to);
      g_autoptr(FdSnapshot) after = NULL;
      g_autoptr(FdSnapshot) news = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &data->error))
        return;
      after = generate (data, store, since, data->now);
      news = difference (before, after, data->dirty);
      cursor = make_cursor (data->hash, prev.from, data->now);
      batch = fd_batch_new (data->uri, news, NULL, cursor);
    }

  /* The whole list, with every batch that brings something: silences
   * change only with the user's actions, which bring their records. */
  if (!fd_batch_is_empty (batch))
    fd_batch_take_silences (batch, _fd_local_silences (store, data->uri));
  data->batch = batch;
}

static void
fetch_done (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->batch), (GDestroyNotify) fd_batch_unref);
}

static void
fd_sim_source_fetch_async (FdSource            *source,
                           GBytes              *cursor,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  FdSimSource *self = FD_SIM_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FetchData *data = g_new0 (FetchData, 1);

  g_task_set_source_tag (task, fd_sim_source_fetch_async);
  data->params = self->params;
  data->environments = g_strdupv (self->environments);
  data->uri = g_strdup (self->uri);
  data->hash = params_hash (self);
  data->cursor = cursor != NULL ? g_bytes_ref (cursor) : NULL;
  data->now = current_now (self);
  data->dirty = g_steal_pointer (&self->dirty);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->store = self->store != NULL ? g_object_ref (self->store) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  _fd_run_worker (task, fetch_work, fetch_done);
}

static void
keep_store (FdSimSource   *self,
            FdActionStore *opened)
{
  if (opened == NULL || self->store != NULL)
    return;

  self->store = g_object_ref (opened);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);
}

static FdBatch *
fd_sim_source_fetch_finish (FdSource      *source,
                            GAsyncResult  *result,
                            GError       **error)
{
  FdSimSource *self = FD_SIM_SOURCE (source);
  FetchData *data = g_task_get_task_data (G_TASK (result));
  FdSourceStatus *status = fd_source_get_status (source);
  g_autoptr(GError) local_error = NULL;
  FdBatch *batch;

  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  batch = g_task_propagate_pointer (G_TASK (result), &local_error);
  keep_store (self, data->opened);

  if (batch == NULL)
    {
      GHashTableIter iter;
      gpointer key;

      /* What was acted on is still to be sent. */
      g_hash_table_iter_init (&iter, data->dirty);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (self->dirty, g_strdup (key));
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fd_source_status_set_message (status, local_error->message);
          fd_source_status_set_state (status, FD_SOURCE_STATE_ERROR);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self->last_to = data->now;
  fd_source_status_set_last_success (status, data->now);
  /* An OK status with a message is a note: the store's trouble. */
  if (data->note != NULL || data->opened != NULL)
    {
      g_free (self->store_note);
      self->store_note = g_strdup (data->note);
    }
  fd_source_status_set_message (status, self->store_note);
  fd_source_status_set_state (status, FD_SOURCE_STATE_OK);

  return batch;
}

/* }}} */

/* Actions {{{ */

static void
fd_sim_source_apply_async (FdSource            *source,
                           const FdAction      *action,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  FdSimSource *self = FD_SIM_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(FdAction) copy = NULL;

  g_task_set_source_tag (task, fd_sim_source_apply_async);

  if (!FD_SOURCE_CAN (fd_source_get_capabilities (source), action->kind))
    {
      g_task_return_new_error (task, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                               "%s cannot %s", self->uri, fd_action_kind_to_nick (action->kind));
      return;
    }

  copy = fd_action_copy (action);

  /* The user acts "now" in simulated time: an action stamped later than
   * the simulation has reached takes effect at its current end. */
  if (self->last_to != 0 &&
      (copy->at == 0 || copy->at == FD_TIME_NONE || copy->at > self->last_to))
    copy->at = self->last_to;
  else if (copy->at == 0 || copy->at == FD_TIME_NONE)
    copy->at = current_now (self);

  _fd_local_apply (task, g_steal_pointer (&copy), self->uri, self->store);
}

static gboolean
fd_sim_source_apply_finish (FdSource      *source,
                            GAsyncResult  *result,
                            char         **out_result,
                            GError       **error)
{
  FdSimSource *self = FD_SIM_SOURCE (source);
  FdLocalApply *data = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  keep_store (self, data->opened);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  /* The next fetch sends the record again, with the action on it. */
  g_hash_table_add (self->dirty, g_strdup (data->action->target_id));
  if (out_result != NULL)
    *out_result = NULL;

  return TRUE;
}

/* }}} */

static const char *
fd_sim_source_get_uri (FdSource *source)
{
  return FD_SIM_SOURCE (source)->uri;
}

static FdSourceCapabilities
fd_sim_source_get_capabilities (FdSource *source)
{
  return FD_SOURCE_CAN_ACKNOWLEDGE | FD_SOURCE_CAN_RESOLVE | FD_SOURCE_CAN_SILENCE |
         FD_SOURCE_CAN_PROMOTE | FD_SOURCE_CAN_PAUSE | FD_SOURCE_CAN_RESUME |
         FD_SOURCE_CAN_ROLL_BACK;
}

static guint
fd_sim_source_get_default_interval (FdSource *source)
{
  return 30;
}

static void
source_iface_init (FdSourceInterface *iface)
{
  iface->get_uri = fd_sim_source_get_uri;
  iface->get_capabilities = fd_sim_source_get_capabilities;
  iface->get_default_interval = fd_sim_source_get_default_interval;
  iface->fetch_async = fd_sim_source_fetch_async;
  iface->fetch_finish = fd_sim_source_fetch_finish;
  iface->apply_async = fd_sim_source_apply_async;
  iface->apply_finish = fd_sim_source_apply_finish;
}

static void
fd_sim_source_dispose (GObject *object)
{
  FdSimSource *self = FD_SIM_SOURCE (object);

  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fd_sim_source_parent_class)->dispose (object);
}

static void
fd_sim_source_finalize (GObject *object)
{
  FdSimSource *self = FD_SIM_SOURCE (object);

  g_clear_pointer (&self->environments, g_strfreev);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->store_note, g_free);
  g_clear_pointer (&self->dirty, g_hash_table_unref);

  G_OBJECT_CLASS (fd_sim_source_parent_class)->finalize (object);
}

static void
fd_sim_source_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FdSimSource *self = FD_SIM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint64 (value, self->params.seed);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_ACTION_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sim_source_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FdSimSource *self = FD_SIM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SEED:
      self->params.seed = g_value_get_uint64 (value);
      g_free (self->uri);
      self->uri = g_strdup_printf ("sim:%" G_GUINT64_FORMAT, self->params.seed);
      break;
    case PROP_CLOCK:
      fd_sim_source_set_clock (self, g_value_get_object (value));
      break;
    case PROP_ACTION_STORE:
      fd_sim_source_set_action_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sim_source_class_init (FdSimSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fd_sim_source_dispose;
  object_class->finalize = fd_sim_source_finalize;
  object_class->get_property = fd_sim_source_get_property;
  object_class->set_property = fd_sim_source_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, FD_SIM_SOURCE_DEFAULT_SEED,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * FdSimSource:clock:
   *
   * The clock the simulation advances with; %NULL for the wall clock. The
   * session sets its own when it is unset.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, FD_TYPE_CLOCK, flags);
  properties[PROP_ACTION_STORE] =
    g_param_spec_object ("action-store", NULL, NULL, FD_TYPE_ACTION_STORE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_sim_source_init (FdSimSource *self)
{
  static const char * const default_environments[] = {
    "development", "staging", "production", NULL,
  };

  fd_sim_params_init (&self->params);
  self->params.seed = FD_SIM_SOURCE_DEFAULT_SEED;
  self->environments = g_strdupv ((char **) default_environments);
  self->uri = g_strdup_printf ("sim:%" G_GUINT64_FORMAT, self->params.seed);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * fd_sim_source_new:
 * @seed: the seed of the simulation
 *
 * Returns: (transfer full): a simulator with the default parameters
 */
FdSimSource *
fd_sim_source_new (guint64 seed)
{
  return g_object_new (FD_TYPE_SIM_SOURCE, "seed", seed, NULL);
}

/**
 * fd_sim_source_new_with_params:
 * @params: the simulation's parameters
 *
 * Returns: (transfer full): a simulator
 */
FdSimSource *
fd_sim_source_new_with_params (const FdSimParams *params)
{
  FdSimSource *self;

  g_return_val_if_fail (params != NULL, NULL);

  self = fd_sim_source_new (params->seed);
  self->params = *params;
  if (params->environments != NULL && params->environments[0] != NULL)
    {
      g_strfreev (self->environments);
      self->environments = g_strdupv ((char **) params->environments);
    }
  self->params.environments = NULL;

  return self;
}

/**
 * fd_sim_source_new_for_config:
 * @config: a "sim:" config
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the simulator, or %NULL when the
 *   locator is not a seed
 */
FdSource *
fd_sim_source_new_for_config (const FdSourceConfig  *config,
                              GError               **error)
{
  guint64 seed = FD_SIM_SOURCE_DEFAULT_SEED;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->locator != NULL && config->locator[0] != '\0' &&
      !g_ascii_string_to_unsigned (config->locator, 10, 0, G_MAXUINT64, &seed, NULL))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a simulator seed", config->locator);
      return NULL;
    }

  return FD_SOURCE (fd_sim_source_new (seed));
}

guint64
fd_sim_source_get_seed (FdSimSource *self)
{
  g_return_val_if_fail (FD_IS_SIM_SOURCE (self), 0);

  return self->params.seed;
}

FdClock *
fd_sim_source_get_clock (FdSimSource *self)
{
  g_return_val_if_fail (FD_IS_SIM_SOURCE (self), NULL);

  return self->clock;
}

/**
 * fd_sim_source_set_clock:
 * @self: a simulator
 * @clock: (nullable): its clock, %NULL for the wall clock
 */
void
fd_sim_source_set_clock (FdSimSource *self,
                         FdClock     *clock)
{
  g_return_if_fail (FD_IS_SIM_SOURCE (self));
  g_return_if_fail (clock == NULL || FD_IS_CLOCK (clock));

  if (g_set_object (&self->clock, clock))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOCK]);
}

FdActionStore *
fd_sim_source_get_action_store (FdSimSource *self)
{
  g_return_val_if_fail (FD_IS_SIM_SOURCE (self), NULL);

  return self->store;
}

/**
 * fd_sim_source_set_action_store:
 * @self: a simulator
 * @store: (nullable): where actions are kept; %NULL for the default store
 */
void
fd_sim_source_set_action_store (FdSimSource   *self,
                                FdActionStore *store)
{
  g_return_if_fail (FD_IS_SIM_SOURCE (self));
  g_return_if_fail (store == NULL || FD_IS_ACTION_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);
}
