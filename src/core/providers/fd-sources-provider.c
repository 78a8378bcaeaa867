/* fd-sources-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sources-provider"

#include "config.h"

#include "fd-sources-provider.h"
#include "fd-http.h"
#include "fd-merged-provider.h"

enum {
  SIGNAL_BATCH_APPLIED,
  SIGNAL_SILENCES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _FdSourcesProvider
{
  GObject      parent_instance;

  /* Owned */
  GPtrArray    *sources;       /* FdSource */
  GPtrArray    *polls;         /* Poll, one per source */
  GHashTable   *cursors;       /* uri → GBytes */
  GHashTable   *silences;      /* uri → GPtrArray of FdSilence */
  GPtrArray    *errors;        /* GError */
  GPtrArray    *pending;       /* FdBatch waiting for the merge */
  GPtrArray    *waiters;       /* RefreshState waiting for a merge */
  GCancellable *cancellable;
  FdSnapshot   *snapshot;
  char         *author;
  guint         generation;         /* batches with records taken in */
  guint         merged_generation;  /* of those, merged into snapshot */
  gboolean      merging;
  gboolean      polling;
  gboolean      disposed;
};

static void fd_sources_provider_iface_init (FdDataProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdSourcesProvider, fd_sources_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_DATA_PROVIDER,
                                                      fd_sources_provider_iface_init))

/* One source's poll state: its own timer, interval and backoff. */
typedef struct
{
  FdSource *source;
  guint     timer;
  guint     failures;        /* transient failures in a row */
  gboolean  in_flight;
  gboolean  again;           /* fetch once more when this fetch is back */
} Poll;

static void
poll_free (Poll *poll)
{
  g_clear_handle_id (&poll->timer, g_source_remove);
  g_clear_object (&poll->source);
  g_free (poll);
}

typedef struct
{
  GTask     *outer;
  GPtrArray *errors;      /* GError */
  guint      pending;
  guint      generation;  /* the merge that holds this refresh's batches */
} RefreshState;

static void fetch_again   (FdSourcesProvider *self,
                           Poll              *poll);
static void schedule_poll (FdSourcesProvider *self,
                           Poll              *poll,
                           const GError      *error);
static void kick_merge    (FdSourcesProvider *self);

static void
refresh_state_free (RefreshState *state)
{
  g_clear_object (&state->outer);
  g_clear_pointer (&state->errors, g_ptr_array_unref);
  g_free (state);
}

static void
merge_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *snapshots = task_data;

  g_task_return_pointer (task,
                         fd_merged_provider_merge_snapshots ((FdSnapshot * const *) snapshots->pdata,
                                                             snapshots->len),
                         (GDestroyNotify) fd_snapshot_unref);
}

static void
complete_waiters (FdSourcesProvider *self)
{
  for (guint i = self->waiters->len; i > 0; i--)
    {
      RefreshState *state = g_ptr_array_index (self->waiters, i - 1);

      if (state->generation > self->merged_generation)
        continue;

      g_ptr_array_remove_index (self->waiters, i - 1);
      if (self->snapshot == NULL && state->errors->len > 0)
        g_task_return_error (state->outer, g_error_copy (g_ptr_array_index (state->errors, 0)));
      else
        g_task_return_pointer (state->outer,
                               self->snapshot ? fd_snapshot_ref (self->snapshot)
                                              : fd_snapshot_new_empty (),
                               (GDestroyNotify) fd_snapshot_unref);
      refresh_state_free (state);
    }
}

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FdSourcesProvider) self = user_data;
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "fd-generation"));
  FdSnapshot *snapshot;

  snapshot = g_task_propagate_pointer (G_TASK (result), NULL);
  self->merging = FALSE;
  if (self->disposed)
    return;

  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  self->snapshot = snapshot;
  self->merged_generation = generation;
  fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
  complete_waiters (self);
  kick_merge (self);
}

/* Merges the waiting batches into the history, one merge at a time. */
static void
kick_merge (FdSourcesProvider *self)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *snapshots;

  if (self->merging || self->pending->len == 0)
    return;

  snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_snapshot_unref);
  if (self->snapshot != NULL)
    g_ptr_array_add (snapshots, fd_snapshot_ref (self->snapshot));
  for (guint i = 0; i < self->pending->len; i++)
    g_ptr_array_add (snapshots,
                     fd_snapshot_ref (fd_batch_get_records (g_ptr_array_index (self->pending, i))));
  g_ptr_array_set_size (self->pending, 0);

  self->merging = TRUE;
  /* The worker's task has no source object, so the pool cannot keep us alive. */
  task = g_task_new (NULL, NULL, merged_cb, g_object_ref (self));
  g_object_set_data (G_OBJECT (task), "fd-generation", GUINT_TO_POINTER (self->generation));
  g_task_set_task_data (task, snapshots, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, merge_worker);
}

static gboolean
silences_equal (GPtrArray *a,
                GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      FdSilence *x = g_ptr_array_index (a, i);
      FdSilence *y = g_ptr_array_index (b, i);

      if (g_strcmp0 (x->id, y->id) != 0 || x->ends_at != y->ends_at ||
          g_strcmp0 (x->state, y->state) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Takes in one batch; returns whether it changed any record or silence. */
static gboolean
take_batch (FdSourcesProvider *self,
            FdBatch           *batch)
{
  const char *uri = fd_batch_get_source_uri (batch);
  GPtrArray *silences = fd_batch_get_silences (batch);
  gboolean silences_changed = FALSE;

  if (fd_batch_get_cursor (batch) != NULL)
    g_hash_table_replace (self->cursors, g_strdup (uri), g_bytes_ref (fd_batch_get_cursor (batch)));
  if (silences != NULL && !silences_equal (g_hash_table_lookup (self->silences, uri), silences))
    {
      g_hash_table_replace (self->silences, g_strdup (uri), g_ptr_array_ref (silences));
      g_signal_emit (self, signals[SIGNAL_SILENCES_CHANGED], 0);
      silences_changed = TRUE;
    }
  g_signal_emit (self, signals[SIGNAL_BATCH_APPLIED], 0, batch);

  /* New silences and no new record still make a new snapshot, so the pages
   * that show them look again. */
  if (fd_batch_get_n_records (batch) == 0 && !silences_changed)
    return FALSE;

  g_ptr_array_add (self->pending, fd_batch_ref (batch));
  self->generation++;
  return TRUE;
}

static Poll *
find_poll (FdSourcesProvider *self,
           FdSource          *source)
{
  for (guint i = 0; i < self->polls->len; i++)
    {
      Poll *poll = g_ptr_array_index (self->polls, i);

      if (poll->source == source)
        return poll;
    }

  return NULL;
}

static void
refresh_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RefreshState *state = user_data;
  FdSourcesProvider *self = g_task_get_source_object (state->outer);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdBatch) batch = NULL;
  Poll *poll = find_poll (self, FD_SOURCE (object));

  batch = fd_source_fetch_finish (FD_SOURCE (object), result, &error);
  if (poll != NULL)
    {
      poll->in_flight = FALSE;
      schedule_poll (self, poll, error);
      if (poll->again)
        fetch_again (self, poll);
    }

  if (batch != NULL)
    take_batch (self, batch);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_message ("%s: %s", fd_source_get_uri (FD_SOURCE (object)), error->message);
      g_prefix_error (&error, "%s: ", fd_source_get_uri (FD_SOURCE (object)));
      g_ptr_array_add (state->errors, g_steal_pointer (&error));
    }

  if (--state->pending > 0)
    return;

  g_clear_pointer (&self->errors, g_ptr_array_unref);
  self->errors = g_ptr_array_ref (state->errors);
  state->generation = self->generation;
  g_ptr_array_add (self->waiters, state);

  if (state->generation <= self->merged_generation && !self->merging)
    {
      /* Nothing new: the same snapshot again, at no cost downstream. */
      if (self->snapshot != NULL || state->errors->len == 0)
        fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
      complete_waiters (self);
    }
  else
    kick_merge (self);
}

static gboolean
source_is_due (FdSource *source,
               FdTime    now)
{
  FdSourceStatus *status = fd_source_get_status (source);
  FdTime retry_at = fd_source_status_get_retry_at (status);

  return fd_source_status_get_state (status) != FD_SOURCE_STATE_RATE_LIMITED ||
         retry_at == FD_TIME_NONE || retry_at <= now;
}

static void
fd_sources_provider_refresh_async (FdDataProvider      *provider,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  RefreshState *state;
  FdTime now = g_get_real_time ();

  state = g_new0 (RefreshState, 1);
  state->outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (state->outer, fd_sources_provider_refresh_async);
  state->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  /* A refresh the user asks for fetches every source now, but a server that
   * asked us to wait is not asked again before its time. */
  for (guint i = 0; i < self->polls->len; i++)
    {
      Poll *poll = g_ptr_array_index (self->polls, i);

      if (!poll->in_flight && source_is_due (poll->source, now))
        g_ptr_array_add (due, poll);
    }

  if (due->len == 0)
    {
      state->pending = 1;
      state->generation = self->generation;
      g_ptr_array_add (self->waiters, state);
      state->pending = 0;
      if (!self->merging && state->generation <= self->merged_generation)
        complete_waiters (self);
      return;
    }

  state->pending = due->len;
  for (guint i = 0; i < due->len; i++)
    {
      Poll *poll = g_ptr_array_index (due, i);

      poll->in_flight = TRUE;
      g_clear_handle_id (&poll->timer, g_source_remove);
      fd_source_fetch_async (poll->source,
                             g_hash_table_lookup (self->cursors, fd_source_get_uri (poll->source)),
                             cancellable, refresh_fetched_cb, state);
    }
}

static FdSnapshot *
fd_sources_provider_refresh_finish (FdDataProvider  *provider,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Each source's own timer ---- */

typedef struct
{
  FdSourcesProvider *self;   /* weak: the poll dies with the provider */
  Poll              *poll;
} TimerData;

static void
timer_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FdSourcesProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdBatch) batch = NULL;
  Poll *poll;

  batch = fd_source_fetch_finish (FD_SOURCE (object), result, &error);
  if (self->disposed)
    return;

  poll = find_poll (self, FD_SOURCE (object));
  if (poll != NULL)
    {
      poll->in_flight = FALSE;
      schedule_poll (self, poll, error);
      if (poll->again)
        fetch_again (self, poll);
    }

  if (batch == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("%s: %s", fd_source_get_uri (FD_SOURCE (object)), error->message);
      /* The status changed; the window shows it with the data it has. */
      fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
      return;
    }

  if (take_batch (self, batch))
    kick_merge (self);
}

static gboolean
poll_timer_cb (gpointer user_data)
{
  TimerData *data = user_data;
  Poll *poll = data->poll;

  poll->timer = 0;
  if (!poll->in_flight)
    {
      poll->in_flight = TRUE;
      fd_source_fetch_async (poll->source,
                             g_hash_table_lookup (data->self->cursors,
                                                  fd_source_get_uri (poll->source)),
                             data->self->cancellable, timer_fetched_cb,
                             g_object_ref (data->self));
    }

  return G_SOURCE_REMOVE;
}

/* Right after an action, so that its result shows without waiting for the
 * source's next turn; a fetch already on its way is followed by one more. */
static void
fetch_again (FdSourcesProvider *self,
             Poll              *poll)
{
  if (self->disposed)
    return;

  if (poll->in_flight)
    {
      poll->again = TRUE;
      return;
    }

  poll->again = FALSE;
  g_clear_handle_id (&poll->timer, g_source_remove);
  poll->in_flight = TRUE;
  fd_source_fetch_async (poll->source,
                         g_hash_table_lookup (self->cursors, fd_source_get_uri (poll->source)),
                         self->cancellable, timer_fetched_cb, g_object_ref (self));
}

static guint
poll_interval (Poll *poll)
{
  return MAX (1, fd_source_get_default_interval (poll->source));
}

static void
schedule_poll (FdSourcesProvider *self,
               Poll              *poll,
               const GError      *error)
{
  FdSourceStatus *status = fd_source_get_status (poll->source);
  FdTime now = g_get_real_time ();
  TimerData *data;
  guint delay = poll_interval (poll);

  g_clear_handle_id (&poll->timer, g_source_remove);
  if (!self->polling || self->disposed)
    return;

  if (error == NULL)
    poll->failures = 0;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (fd_source_status_get_state (status) == FD_SOURCE_STATE_RATE_LIMITED &&
           fd_source_status_get_retry_at (status) != FD_TIME_NONE)
    {
      /* Wait as long as the server asked, and not much longer. */
      FdTime wait = fd_source_status_get_retry_at (status) - now;

      delay = (guint) CLAMP (wait / G_USEC_PER_SEC + 1, 1, 24 * 3600);
    }
  else
    {
      poll->failures++;
      /* Transient or not, failing sources back off, up to an hour. */
      delay = fd_http_backoff_delay (poll->failures, poll_interval (poll), 3600,
                                     g_random_double ());
    }

  /* Even when the last answer was fine, a server at the end of its quota
   * gets no request before it resets. */
  if (error == NULL && fd_source_status_get_retry_at (status) > now)
    delay = MAX (delay, (guint) ((fd_source_status_get_retry_at (status) - now) / G_USEC_PER_SEC + 1));

  fd_source_status_set_next_fetch (status, now + (FdTime) delay * G_USEC_PER_SEC);

  data = g_new0 (TimerData, 1);
  data->self = self;
  data->poll = poll;
  poll->timer = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, delay, poll_timer_cb, data, g_free);
  g_source_set_name_by_id (poll->timer, "[flightdeck] source poll");
}

static FdSource *
find_owner (FdSourcesProvider *self,
            const char        *id)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      FdSource *source = g_ptr_array_index (self->sources, i);

      if (fd_source_owns_id (source, id))
        return source;
    }

  return NULL;
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  if (!fd_source_apply_finish (FD_SOURCE (object), result, &made, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      FdSourcesProvider *self = g_task_get_source_object (task);
      Poll *poll = find_poll (self, FD_SOURCE (object));

      if (poll != NULL)
        fetch_again (self, poll);
      g_task_return_boolean (task, TRUE);
    }
}

static void
fd_sources_provider_apply_async (FdDataProvider      *provider,
                                 const FdAction      *action,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FdSource *owner;

  g_task_set_source_tag (task, fd_sources_provider_apply_async);

  /* Silence ids carry their source's prefix too, so unsilence is routed alike. */
  owner = find_owner (self, action->target_id);
  if (owner == NULL)
    {
      g_task_return_new_error (task, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_FOUND,
                               "no source owns “%s”", action->target_id);
      return;
    }

  if (!FD_SOURCE_CAN (fd_source_get_capabilities (owner), action->kind))
    {
      g_task_return_new_error (task, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_SUPPORTED,
                               "%s cannot %s", fd_source_get_uri (owner),
                               fd_action_kind_to_nick (action->kind));
      return;
    }

  if (action->author == NULL && self->author != NULL)
    {
      g_autoptr(FdAction) signed_action = fd_action_copy (action);

      fd_action_set_author (signed_action, self->author);
      fd_source_apply_async (owner, signed_action, cancellable, applied_cb, g_steal_pointer (&task));
      return;
    }

  fd_source_apply_async (owner, action, cancellable, applied_cb, g_steal_pointer (&task));
}

static gboolean
fd_sources_provider_apply_finish (FdDataProvider  *provider,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static GPtrArray *
fd_sources_provider_iface_dup_silences (FdDataProvider *provider)
{
  return fd_sources_provider_dup_silences (FD_SOURCES_PROVIDER (provider));
}

static gboolean
fd_sources_provider_can_apply (FdDataProvider *provider,
                               FdActionKind    kind,
                               const char     *id)
{
  FdSource *owner = id != NULL ? find_owner (FD_SOURCES_PROVIDER (provider), id) : NULL;

  return owner != NULL && FD_SOURCE_CAN (fd_source_get_capabilities (owner), kind);
}

static const char *
fd_sources_provider_get_name (FdDataProvider *provider)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);

  if (self->sources->len == 1)
    return fd_source_get_uri (g_ptr_array_index (self->sources, 0));

  return "Live sources";
}

static const char * const *
fd_sources_provider_get_environments (FdDataProvider *provider)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);
  static const char * const none[] = { NULL };

  return self->snapshot != NULL ? fd_snapshot_get_environments (self->snapshot) : none;
}

static FdSnapshot *
fd_sources_provider_dup_snapshot (FdDataProvider *provider)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);

  return self->snapshot != NULL ? fd_snapshot_ref (self->snapshot) : NULL;
}

static gboolean
provider_is_live (FdDataProvider *provider)
{
  return fd_sources_provider_is_live (FD_SOURCES_PROVIDER (provider));
}

static void
fd_sources_provider_iface_init (FdDataProviderInterface *iface)
{
  iface->get_name = fd_sources_provider_get_name;
  iface->get_environments = fd_sources_provider_get_environments;
  iface->dup_snapshot = fd_sources_provider_dup_snapshot;
  iface->is_live = provider_is_live;
  iface->refresh_async = fd_sources_provider_refresh_async;
  iface->refresh_finish = fd_sources_provider_refresh_finish;
  iface->apply_async = fd_sources_provider_apply_async;
  iface->apply_finish = fd_sources_provider_apply_finish;
  iface->can_apply = fd_sources_provider_can_apply;
  iface->dup_silences = fd_sources_provider_iface_dup_silences;
}

static void
fd_sources_provider_dispose (GObject *object)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (object);

  self->disposed = TRUE;
  self->polling = FALSE;
  g_cancellable_cancel (self->cancellable);
  if (self->polls != NULL)
    g_ptr_array_set_size (self->polls, 0);

  G_OBJECT_CLASS (fd_sources_provider_parent_class)->dispose (object);
}

static void
fd_sources_provider_finalize (GObject *object)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (object);

  g_assert (self->waiters->len == 0);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->polls, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_pointer (&self->silences, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->author, g_free);

  G_OBJECT_CLASS (fd_sources_provider_parent_class)->finalize (object);
}

static void
fd_sources_provider_class_init (FdSourcesProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_sources_provider_dispose;
  object_class->finalize = fd_sources_provider_finalize;

  /**
   * FdSourcesProvider::batch-applied:
   * @batch: the batch a source gave
   *
   * Emitted on the main thread for every batch a refresh took in, before the
   * new snapshot is made; the offline cache writes it.
   */
  signals[SIGNAL_BATCH_APPLIED] =
    g_signal_new ("batch-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, FD_TYPE_BATCH);

  /**
   * FdSourcesProvider::silences-changed:
   *
   * Emitted when a source brought its current list of silences.
   */
  signals[SIGNAL_SILENCES_CHANGED] =
    g_signal_new ("silences-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_sources_provider_init (FdSourcesProvider *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_bytes_unref);
  self->silences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  self->polls = g_ptr_array_new_with_free_func ((GDestroyNotify) poll_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_batch_unref);
  self->waiters = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

FdSourcesProvider *
fd_sources_provider_new (void)
{
  return g_object_new (FD_TYPE_SOURCES_PROVIDER, NULL);
}

void
fd_sources_provider_add_source (FdSourcesProvider *self,
                                FdSource          *source)
{
  Poll *poll;

  g_return_if_fail (FD_IS_SOURCES_PROVIDER (self));
  g_return_if_fail (FD_IS_SOURCE (source));

  g_ptr_array_add (self->sources, g_object_ref (source));
  poll = g_new0 (Poll, 1);
  poll->source = g_object_ref (source);
  g_ptr_array_add (self->polls, poll);
  if (self->polling)
    schedule_poll (self, poll, NULL);
}

/**
 * fd_sources_provider_set_polling:
 * @self: a provider
 * @polling: whether each source fetches on its own timer
 *
 * With polling on, every source is fetched again after its own interval
 * (stretched by backoff after failures, and to the time a rate-limited
 * server gave), and the window learns of new data through
 * ::snapshot-changed. Refreshes asked for by the user come on top.
 */
void
fd_sources_provider_set_polling (FdSourcesProvider *self,
                                 gboolean           polling)
{
  g_return_if_fail (FD_IS_SOURCES_PROVIDER (self));

  if (self->polling == polling)
    return;

  self->polling = polling;
  for (guint i = 0; i < self->polls->len; i++)
    {
      Poll *poll = g_ptr_array_index (self->polls, i);

      if (polling)
        {
          if (!poll->in_flight)
            schedule_poll (self, poll, NULL);
        }
      else
        {
          g_clear_handle_id (&poll->timer, g_source_remove);
          fd_source_status_set_next_fetch (fd_source_get_status (poll->source), FD_TIME_NONE);
        }
    }
}

GPtrArray *
fd_sources_provider_get_sources (FdSourcesProvider *self)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);

  return self->sources;
}

void
fd_sources_provider_seed (FdSourcesProvider *self,
                          FdSnapshot        *history,
                          GHashTable        *cursors)
{
  g_return_if_fail (FD_IS_SOURCES_PROVIDER (self));

  if (history != NULL)
    {
      g_clear_pointer (&self->snapshot, fd_snapshot_unref);
      self->snapshot = fd_snapshot_ref (history);
    }

  if (cursors != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, cursors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (self->cursors, g_strdup (key), g_bytes_ref (value));
    }

  if (history != NULL)
    fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
}

GBytes *
fd_sources_provider_get_cursor (FdSourcesProvider *self,
                                FdSource          *source)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);
  g_return_val_if_fail (FD_IS_SOURCE (source), NULL);

  return g_hash_table_lookup (self->cursors, fd_source_get_uri (source));
}

GPtrArray *
fd_sources_provider_dup_silences (FdSourcesProvider *self)
{
  GPtrArray *all;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);
  g_hash_table_iter_init (&iter, self->silences);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *list = value;

      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (all, fd_silence_copy (g_ptr_array_index (list, i)));
    }

  return all;
}

GPtrArray *
fd_sources_provider_get_errors (FdSourcesProvider *self)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);

  return self->errors;
}

gboolean
fd_sources_provider_is_live (FdSourcesProvider *self)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), FALSE);

  for (guint i = 0; i < self->sources->len; i++)
    {
      if (fd_source_is_live (g_ptr_array_index (self->sources, i)))
        return TRUE;
    }

  return FALSE;
}

/**
 * fd_sources_provider_set_author:
 * @self: a provider
 * @author: (nullable): the name silences are made by; %NULL or "" for the login name
 */
void
fd_sources_provider_set_author (FdSourcesProvider *self,
                                const char        *author)
{
  g_return_if_fail (FD_IS_SOURCES_PROVIDER (self));

  g_free (self->author);
  self->author = author != NULL && *author != '\0' ? g_strdup (author) : NULL;
}
