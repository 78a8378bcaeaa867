/* fd-session.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-session"

#include "config.h"

#include "fd-session.h"
#include "fd-session-private.h"

#include "fd-canary-judge.h"
#include "fd-http.h"

#include <string.h>

#define DEFAULT_TIME_RANGE  "7d"
/* Backoff never waits longer than this, nor shorter than the interval. */
#define MAX_BACKOFF_S       3600
#define DAY                 ((FdTime) 24 * 3600 * G_USEC_PER_SEC)

/* One source and its fetch state. Entries are reference counted because a
 * fetch or a timer may outlive the source's removal. */
typedef struct
{
  guint          refs;
  FdSession     *session;      /* borrowed; NULL once removed */
  FdSource      *source;
  char          *uri;
  guint          interval;     /* 0: the source's default */
  GBytes        *cursor;
  guint          timer;        /* FdClock timeout */
  GCancellable  *cancellable;
  gboolean       fetching;
  gboolean       again;        /* fetch again when this one ends (a change came in) */
  gboolean       fetched;      /* at least one fetch finished */
  gboolean       follows_clock;
  guint          failures;
  char          *error;        /* the last fetch's error, or NULL */
  gulong         changed_id;
} Entry;

typedef struct
{
  FdBatch *batch;              /* NULL: remove the source */
  char    *uri;
  Entry   *entry;              /* nullable */
  gboolean emit;               /* ::batch-applied once applied */
} Work;

struct _FdSession
{
  GObject        parent_instance;

  /* Owned */
  FdClock       *clock;
  FdRecordStore *store;
  GListStore    *sources;      /* FdSource, same order as entries */
  GPtrArray     *entries;      /* Entry */
  GQueue         work;         /* Work waiting for the store */
  Work          *applying;     /* the work on the worker thread */
  FdSnapshot    *snapshot;
  char         **environments;
  GHashTable    *silences_by_source;  /* uri → GPtrArray of FdSilence */
  GHashTable    *pending_cursors;     /* uri → GBytes, injected before the source came */
  GPtrArray     *silences;
  FdPageData    *page_data;
  FdCanaryJudgeCache *verdicts;  /* shared with the query workers */
  GRand         *rand;
  char          *environment;
  char          *time_range;
  char          *last_error;
  char          *last_error_uri;
  double         pass_threshold;
  double         marginal_threshold;
  gboolean       auto_refresh;
  gboolean       busy;
  gboolean       refreshing;
  guint          n_fetching;
  guint          n_actions;
  guint          n_queries;
  guint          n_applied;
  gboolean       disposed;

  /* The query in flight and what it asks. */
  GCancellable  *query_cancellable;
  FdSnapshot    *query_snapshot;
  char          *query_environment;
  FdTime         query_from;
  FdTime         query_to;
};

G_DEFINE_FINAL_TYPE (FdSession, fd_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_SOURCES,
  PROP_SNAPSHOT,
  PROP_PAGE_DATA,
  PROP_ENVIRONMENT,
  PROP_ENVIRONMENTS,
  PROP_TIME_RANGE,
  PROP_AUTO_REFRESH,
  PROP_CANARY_PASS_THRESHOLD,
  PROP_CANARY_MARGINAL_THRESHOLD,
  PROP_SILENCES,
  PROP_BUSY,
  PROP_REFRESHING,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_BATCH_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_query (FdSession *self,
                            gboolean   force);
static void start_fetch    (Entry     *entry);
static void run_work       (FdSession *self);

/* Entries {{{ */

static Entry *
entry_ref (Entry *entry)
{
  entry->refs++;
  return entry;
}

static void
entry_unref (Entry *entry)
{
  if (--entry->refs > 0)
    return;

  g_assert (entry->session == NULL);
  g_clear_object (&entry->source);
  g_clear_object (&entry->cancellable);
  g_clear_pointer (&entry->cursor, g_bytes_unref);
  g_free (entry->uri);
  g_free (entry->error);
  g_free (entry);
}

static Entry *
find_entry (FdSession  *self,
            const char *uri)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_str_equal (entry->uri, uri))
        return entry;
    }

  return NULL;
}

static Entry *
entry_for_source (FdSession *self,
                  FdSource  *source)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->source == source)
        return entry;
    }

  return NULL;
}

/* Takes the entry out of the session: no more fetches, timers or signals. */
static void
detach_entry (Entry *entry)
{
  if (entry->session != NULL)
    fd_clock_remove_timeout (entry->session->clock, entry->timer);
  entry->timer = 0;
  g_cancellable_cancel (entry->cancellable);
  g_clear_signal_handler (&entry->changed_id, entry->source);
  entry->session = NULL;
}

static guint
entry_interval (Entry *entry)
{
  guint interval = entry->interval;

  if (interval == 0)
    interval = fd_source_get_default_interval (entry->source);
  return MAX (interval, 1);
}

/* }}} */

/* Busy state {{{ */

static void
update_busy (FdSession *self)
{
  gboolean refreshing = self->n_fetching > 0 || self->applying != NULL ||
                        !g_queue_is_empty (&self->work);
  gboolean busy = refreshing || self->query_cancellable != NULL || self->n_actions > 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->refreshing != refreshing)
    {
      self->refreshing = refreshing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
    }
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_last_error (FdSession  *self,
                const char *uri,
                const char *message)
{
  g_autofree char *text = NULL;

  if (message != NULL)
    text = g_strdup_printf ("%s: %s", uri, message);

  g_free (self->last_error_uri);
  self->last_error_uri = message != NULL ? g_strdup (uri) : NULL;

  if (g_strcmp0 (self->last_error, text) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* The newest failure wins; when the failing source recovers, another
 * source still failing is shown, else nothing. */
static void
update_last_error (FdSession *self,
                   Entry     *entry)
{
  if (entry->error != NULL)
    {
      set_last_error (self, entry->uri, entry->error);
      return;
    }

  if (self->last_error_uri != NULL && !g_str_equal (self->last_error_uri, entry->uri))
    return;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *other = g_ptr_array_index (self->entries, i);

      if (other->error != NULL)
        {
          set_last_error (self, other->uri, other->error);
          return;
        }
    }

  set_last_error (self, NULL, NULL);
}

/* }}} */

/* Timers {{{ */

static void
timer_cb (gpointer user_data)
{
  Entry *entry = user_data;

  entry->timer = 0;
  if (entry->session != NULL)
    start_fetch (entry);
}

static void
arm_timer (Entry *entry,
           guint  delay)
{
  FdSession *self = entry->session;
  FdSourceStatus *status = fd_source_get_status (entry->source);

  fd_clock_remove_timeout (self->clock, entry->timer);
  entry->timer = 0;

  if (!self->auto_refresh)
    {
      fd_source_status_set_next_fetch (status, FD_TIME_NONE);
      return;
    }

  fd_source_status_set_next_fetch (status, fd_clock_get_now (self->clock) +
                                           (FdTime) delay * G_USEC_PER_SEC);
  entry->timer = fd_clock_add_timeout (self->clock, delay, timer_cb, entry_ref (entry),
                                       (GDestroyNotify) entry_unref);
}

static guint
seconds_until (FdTime later,
               FdTime now)
{
  FdTime wait = later - now;

  if (wait <= 0)
    return 1;
  return (guint) MIN ((wait + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 7 * 24 * 3600);
}

/* When the next fetch is due after one that ended with @error (NULL: it
 * worked): the interval; after a failure the interval doubled per failure
 * in a row, with jitter, up to an hour; when rate limited, until the server
 * allows (and never before a quota resets, even after a success). */
static void
schedule_next (Entry        *entry,
               const GError *error)
{
  FdSession *self = entry->session;
  FdSourceStatus *status = fd_source_get_status (entry->source);
  FdTime now = fd_clock_get_now (self->clock);
  FdTime retry_at = fd_source_status_get_retry_at (status);
  guint interval = entry_interval (entry);
  guint delay = interval;

  if (error == NULL)
    {
      entry->failures = 0;
      if (retry_at != FD_TIME_NONE && retry_at > now)
        delay = MAX (delay, seconds_until (retry_at, now));
    }
  else if ((g_error_matches (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED) ||
            fd_source_status_get_state (status) == FD_SOURCE_STATE_RATE_LIMITED) &&
           retry_at != FD_TIME_NONE)
    {
      delay = seconds_until (retry_at, now);
    }
  else
    {
      /* Transient failures (network, timeouts, 5xx) are retried sooner or
       * later; the others (a bad token, a missing file) will not mend by
       * themselves either way, so they back off alike. */
      entry->failures++;
      delay = fd_http_backoff_delay (entry->failures, interval, MAX (interval, MAX_BACKOFF_S),
                                     g_rand_double (self->rand));
    }

  arm_timer (entry, delay);
}

/* }}} */

/* The store's queue {{{ */

static void
work_free (Work *work)
{
  g_clear_pointer (&work->batch, fd_batch_unref);
  g_clear_pointer (&work->entry, entry_unref);
  g_free (work->uri);
  g_free (work);
}

typedef struct
{
  FdRecordStore *store;
  FdBatch       *batch;
  char          *uri;
  FdTime         now;
} ApplyInput;

static void
apply_input_free (ApplyInput *input)
{
  fd_record_store_unref (input->store);
  g_clear_pointer (&input->batch, fd_batch_unref);
  g_free (input->uri);
  g_free (input);
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ApplyInput *input = task_data;
  FdSnapshot *snapshot;

  if (input->batch != NULL)
    snapshot = fd_record_store_apply (input->store, input->batch, input->now);
  else
    snapshot = fd_record_store_remove_source (input->store, input->uri);

  g_task_return_pointer (task, snapshot, (GDestroyNotify) fd_snapshot_unref);
}

static void
update_environments (FdSession *self)
{
  const char * const *environments = fd_snapshot_get_environments (self->snapshot);

  if (self->environments != NULL &&
      g_strv_equal ((const char * const *) self->environments, environments))
    return;

  g_strfreev (self->environments);
  self->environments = g_strdupv ((char **) environments);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

static void
update_silences (FdSession  *self,
                 const char *uri,
                 GPtrArray  *silences)
{
  GHashTableIter iter;
  gpointer value;

  if (silences != NULL)
    g_hash_table_replace (self->silences_by_source, g_strdup (uri), g_ptr_array_ref (silences));
  else if (!g_hash_table_remove (self->silences_by_source, uri))
    return;

  g_clear_pointer (&self->silences, g_ptr_array_unref);
  self->silences = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);
  g_hash_table_iter_init (&iter, self->silences_by_source);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *list = value;

      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (self->silences, fd_silence_copy (g_ptr_array_index (list, i)));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SILENCES]);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FdSession) self = user_data;
  g_autoptr(FdSnapshot) snapshot = NULL;
  Work *work = self->applying;

  snapshot = g_task_propagate_pointer (G_TASK (result), NULL);
  self->applying = NULL;
  self->n_applied++;

  if (snapshot != NULL && snapshot != self->snapshot)
    {
      g_clear_pointer (&self->snapshot, fd_snapshot_unref);
      self->snapshot = g_steal_pointer (&snapshot);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
      update_environments (self);
    }

  if (work->batch != NULL && fd_batch_get_silences (work->batch) != NULL)
    update_silences (self, work->uri, fd_batch_get_silences (work->batch));
  else if (work->batch == NULL)
    update_silences (self, work->uri, NULL);

  /* The history cache (and anything else) follows here, on the main thread. */
  if (work->emit && work->entry != NULL && work->entry->session == self)
    g_signal_emit (self, signals[SIGNAL_BATCH_APPLIED], 0, work->entry->source, work->batch);

  work_free (work);

  if (!g_queue_is_empty (&self->work))
    run_work (self);
  else
    schedule_query (self, FALSE);
  update_busy (self);
}

static void
run_work (FdSession *self)
{
  g_autoptr(GTask) task = NULL;
  ApplyInput *input;

  if (self->applying != NULL || g_queue_is_empty (&self->work))
    return;

  self->applying = g_queue_pop_head (&self->work);

  input = g_new0 (ApplyInput, 1);
  input->store = fd_record_store_ref (self->store);
  input->batch = self->applying->batch != NULL ? fd_batch_ref (self->applying->batch) : NULL;
  input->uri = g_strdup (self->applying->uri);
  input->now = fd_clock_get_now (self->clock);

  /* No source object: the session may go while the worker ends. The
   * reference in the callback's data keeps it until then. */
  task = g_task_new (NULL, NULL, applied_cb, g_object_ref (self));
  g_task_set_source_tag (task, run_work);
  g_task_set_name (task, "[flightdeck] apply batch");
  g_task_set_task_data (task, input, (GDestroyNotify) apply_input_free);
  g_task_run_in_thread (task, apply_thread);
}

static void
queue_work (FdSession *self,
            FdBatch   *batch,
            const char *uri,
            Entry     *entry,
            gboolean   emit)
{
  Work *work = g_new0 (Work, 1);

  work->batch = batch != NULL ? fd_batch_ref (batch) : NULL;
  work->uri = g_strdup (uri);
  work->entry = entry != NULL ? entry_ref (entry) : NULL;
  work->emit = emit;
  g_queue_push_tail (&self->work, work);

  run_work (self);
  update_busy (self);
}

/* }}} */

/* Fetching {{{ */

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Entry *entry = user_data;
  FdSession *self = entry->session;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  batch = fd_source_fetch_finish (FD_SOURCE (object), result, &error);
  entry->fetching = FALSE;

  if (self == NULL)
    {
      entry_unref (entry);
      return;
    }

  self->n_fetching--;

  if (batch == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A refresh of a source cancelled only by its removal or our end. */
      update_busy (self);
      entry_unref (entry);
      return;
    }

  g_clear_pointer (&entry->error, g_free);
  if (batch == NULL)
    {
      entry->error = g_strdup (error != NULL ? error->message : "fetch failed");
      g_debug ("%s: %s", entry->uri, entry->error);
    }
  else
    {
      entry->fetched = TRUE;
      g_clear_pointer (&entry->cursor, g_bytes_unref);
      if (fd_batch_get_cursor (batch) != NULL)
        entry->cursor = g_bytes_ref (fd_batch_get_cursor (batch));

      /* An unchanged poll costs nothing downstream, but the history cache
       * still hears of the cursor. */
      if (!fd_batch_is_empty (batch) || fd_batch_get_silences (batch) != NULL)
        queue_work (self, batch, entry->uri, entry, TRUE);
      else
        g_signal_emit (self, signals[SIGNAL_BATCH_APPLIED], 0, entry->source, batch);
    }
  update_last_error (self, entry);

  if (entry->again)
    {
      entry->again = FALSE;
      start_fetch (entry);
    }
  else
    schedule_next (entry, error);

  /* Time moved on: the window of a live source slides even without news. */
  if (batch != NULL && g_queue_is_empty (&self->work) && self->applying == NULL)
    schedule_query (self, FALSE);

  update_busy (self);
  entry_unref (entry);
}

static void
start_fetch (Entry *entry)
{
  FdSession *self = entry->session;

  g_assert (self != NULL);

  if (entry->fetching)
    {
      entry->again = TRUE;
      return;
    }

  fd_clock_remove_timeout (self->clock, entry->timer);
  entry->timer = 0;
  entry->fetching = TRUE;
  self->n_fetching++;
  fd_source_fetch_async (entry->source, entry->cursor, entry->cancellable, fetched_cb,
                         entry_ref (entry));
  update_busy (self);
}

static void
source_changed_cb (FdSource *source,
                   gpointer  user_data)
{
  Entry *entry = user_data;

  if (entry->session != NULL)
    start_fetch (entry);
}

/* }}} */

/* The query {{{ */

typedef struct
{
  FdSnapshot *snapshot;
  FdQuery     query;
  char       *environment;
  FdTime      now;
  double      pass_threshold;
  double      marginal_threshold;
  FdCanaryJudgeCache *verdicts;
} QueryInput;

static void
query_input_free (QueryInput *input)
{
  g_clear_pointer (&input->snapshot, fd_snapshot_unref);
  g_clear_pointer (&input->verdicts, fd_canary_judge_cache_unref);
  g_free (input->environment);
  g_free (input);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryInput *input = task_data;
  FdPageData *data;

  /* A cancelled query may still run beside this one; the cache has a lock. */
  data = fd_page_data_compute_cached (input->snapshot, &input->query, input->now,
                                      input->pass_threshold, input->marginal_threshold,
                                      input->verdicts, cancellable);
  if (data == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The query was cancelled");
  else
    g_task_return_pointer (task, data, (GDestroyNotify) fd_page_data_unref);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FdSession) self = user_data;
  g_autoptr(GError) error = NULL;
  FdPageData *data;

  /* A cancelled query was replaced by a newer one, which owns the state. */
  if (g_task_get_cancellable (G_TASK (result)) != self->query_cancellable)
    return;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_object (&self->query_cancellable);
  g_clear_pointer (&self->query_snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->query_environment, g_free);

  if (data != NULL)
    {
      g_clear_pointer (&self->page_data, fd_page_data_unref);
      self->page_data = data;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_DATA]);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Query failed: %s", error->message);

  update_busy (self);
}

/* Whether the window ends now: a live source, or one that follows the clock. */
static gboolean
window_follows_clock (FdSession *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->follows_clock || fd_source_is_live (entry->source))
        return TRUE;
    }

  return FALSE;
}

/* Starts the query of the current filters on a worker thread. The same
 * question already asked (in flight or on screen) is not asked again unless
 * @force; a different one cancels the query in flight, whose answer would
 * be stale. */
static void
schedule_query (FdSession *self,
                gboolean   force)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) local = NULL;
  const char *environment;
  QueryInput *input;
  FdTime now, to, from, last;

  if (self->snapshot == NULL || self->disposed)
    return;

  /* Whole seconds, so that two changes within a second ask the same. */
  now = fd_clock_get_now (self->clock);
  now -= ((now % G_USEC_PER_SEC) + G_USEC_PER_SEC) % G_USEC_PER_SEC;
  to = now;

  /* Over files only, the window ends with the data. */
  last = fd_snapshot_get_last_time (self->snapshot);
  if (!window_follows_clock (self) && last != FD_TIME_NONE && last < now)
    {
      to = last - ((last % G_USEC_PER_SEC) + G_USEC_PER_SEC) % G_USEC_PER_SEC + G_USEC_PER_SEC;
      now = to;
    }
  from = to - fd_session_get_time_range_span (self);
  environment = self->environment != NULL && self->environment[0] != '\0'
                ? self->environment : NULL;

  if (self->query_cancellable != NULL)
    {
      if (!force && self->query_snapshot == self->snapshot && self->query_from == from &&
          self->query_to == to && g_strcmp0 (self->query_environment, environment) == 0)
        return;

      g_cancellable_cancel (self->query_cancellable);
      g_clear_object (&self->query_cancellable);
    }
  else if (!force && self->page_data != NULL && self->page_data->snapshot == self->snapshot &&
           self->page_data->query.from == from && self->page_data->query.to == to &&
           g_strcmp0 (self->page_data->environment, environment) == 0)
    {
      return;
    }

  g_clear_pointer (&self->query_snapshot, fd_snapshot_unref);
  g_free (self->query_environment);
  self->query_snapshot = fd_snapshot_ref (self->snapshot);
  self->query_environment = g_strdup (environment);
  self->query_from = from;
  self->query_to = to;
  self->query_cancellable = g_cancellable_new ();
  self->n_queries++;

  input = g_new0 (QueryInput, 1);
  input->snapshot = fd_snapshot_ref (self->snapshot);
  input->environment = g_strdup (environment);
  input->query.from = from;
  input->query.to = to;
  input->query.environment = input->environment;
  local = g_date_time_new_from_unix_local (to / G_USEC_PER_SEC);
  input->query.tz_offset_s = local != NULL
                             ? (int) (g_date_time_get_utc_offset (local) / G_USEC_PER_SEC) : 0;
  input->now = now;
  input->pass_threshold = self->pass_threshold;
  input->marginal_threshold = self->marginal_threshold;
  input->verdicts = fd_canary_judge_cache_ref (self->verdicts);

  task = g_task_new (NULL, self->query_cancellable, query_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, schedule_query);
  g_task_set_name (task, "[flightdeck] page query");
  g_task_set_task_data (task, input, (GDestroyNotify) query_input_free);
  g_task_run_in_thread (task, query_thread);

  update_busy (self);
}

/* }}} */

/* GObject {{{ */

static void
fd_session_dispose (GObject *object)
{
  FdSession *self = FD_SESSION (object);
  Work *work;

  self->disposed = TRUE;
  if (self->entries != NULL)
    {
      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (self->entries, i);

          detach_entry (entry);
          entry_unref (entry);
        }
      g_ptr_array_set_size (self->entries, 0);
    }
  if (self->sources != NULL)
    g_list_store_remove_all (self->sources);

  while ((work = g_queue_pop_head (&self->work)) != NULL)
    work_free (work);

  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);

  G_OBJECT_CLASS (fd_session_parent_class)->dispose (object);
}

static void
fd_session_finalize (GObject *object)
{
  FdSession *self = FD_SESSION (object);

  g_assert (self->applying == NULL);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->sources);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->store, fd_record_store_unref);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->query_snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->page_data, fd_page_data_unref);
  g_clear_pointer (&self->verdicts, fd_canary_judge_cache_unref);
  g_clear_pointer (&self->environments, g_strfreev);
  g_clear_pointer (&self->silences_by_source, g_hash_table_unref);
  g_clear_pointer (&self->pending_cursors, g_hash_table_unref);
  g_clear_pointer (&self->silences, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->environment, g_free);
  g_clear_pointer (&self->time_range, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_error_uri, g_free);
  g_clear_pointer (&self->query_environment, g_free);

  G_OBJECT_CLASS (fd_session_parent_class)->finalize (object);
}

static void
fd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FdSession *self = FD_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_SOURCES:
      g_value_set_object (value, self->sources);
      break;
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_PAGE_DATA:
      g_value_set_boxed (value, self->page_data);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_string (value, fd_session_get_environment (self));
      break;
    case PROP_ENVIRONMENTS:
      g_value_set_boxed (value, self->environments);
      break;
    case PROP_TIME_RANGE:
      g_value_set_string (value, self->time_range);
      break;
    case PROP_AUTO_REFRESH:
      g_value_set_boolean (value, self->auto_refresh);
      break;
    case PROP_CANARY_PASS_THRESHOLD:
      g_value_set_double (value, self->pass_threshold);
      break;
    case PROP_CANARY_MARGINAL_THRESHOLD:
      g_value_set_double (value, self->marginal_threshold);
      break;
    case PROP_SILENCES:
      g_value_set_boxed (value, self->silences);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_REFRESHING:
      g_value_set_boolean (value, self->refreshing);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FdSession *self = FD_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_ENVIRONMENT:
      fd_session_set_environment (self, g_value_get_string (value));
      break;
    case PROP_TIME_RANGE:
      fd_session_set_time_range (self, g_value_get_string (value));
      break;
    case PROP_AUTO_REFRESH:
      fd_session_set_auto_refresh (self, g_value_get_boolean (value));
      break;
    case PROP_CANARY_PASS_THRESHOLD:
      fd_session_set_canary_pass_threshold (self, g_value_get_double (value));
      break;
    case PROP_CANARY_MARGINAL_THRESHOLD:
      fd_session_set_canary_marginal_threshold (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_session_constructed (GObject *object)
{
  FdSession *self = FD_SESSION (object);

  G_OBJECT_CLASS (fd_session_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = fd_clock_new_system ();
}

static void
fd_session_class_init (FdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = fd_session_constructed;
  object_class->dispose = fd_session_dispose;
  object_class->finalize = fd_session_finalize;
  object_class->get_property = fd_session_get_property;
  object_class->set_property = fd_session_set_property;

  /**
   * FdSession:clock:
   *
   * The clock of timers, queries and the sources that follow it; the
   * system clock unless a fake one was given.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, FD_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * FdSession:sources:
   *
   * A #GListModel of the #FdSource objects, in the order they were added.
   */
  properties[PROP_SOURCES] =
    g_param_spec_object ("sources", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  /**
   * FdSession:snapshot:
   *
   * The store's snapshot after the last batch applied.
   */
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, FD_TYPE_SNAPSHOT, ro);
  /**
   * FdSession:page-data:
   *
   * The answer to the current filters over the current snapshot; %NULL
   * before the first query ended.
   */
  properties[PROP_PAGE_DATA] =
    g_param_spec_boxed ("page-data", NULL, NULL, FD_TYPE_PAGE_DATA, ro);
  /**
   * FdSession:environment:
   *
   * The environment filter; "" for all.
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_string ("environment", NULL, NULL, "", rw);
  /**
   * FdSession:environments:
   *
   * The environments any record names, sorted.
   */
  properties[PROP_ENVIRONMENTS] =
    g_param_spec_boxed ("environments", NULL, NULL, G_TYPE_STRV, ro);
  /**
   * FdSession:time-range:
   *
   * The length of the window: "1h", "6h", "24h", "7d", "30d", "90d", or
   * any number followed by m, h or d.
   */
  properties[PROP_TIME_RANGE] =
    g_param_spec_string ("time-range", NULL, NULL, DEFAULT_TIME_RANGE, rw);
  /**
   * FdSession:auto-refresh:
   *
   * Whether each source is fetched again on its own timer. Off, sources
   * are fetched on fd_session_refresh() and when they say they changed.
   */
  properties[PROP_AUTO_REFRESH] =
    g_param_spec_boolean ("auto-refresh", NULL, NULL, TRUE, rw);
  properties[PROP_CANARY_PASS_THRESHOLD] =
    g_param_spec_double ("canary-pass-threshold", NULL, NULL, 0, 100,
                         FD_CANARY_JUDGE_DEFAULT_PASS, rw);
  properties[PROP_CANARY_MARGINAL_THRESHOLD] =
    g_param_spec_double ("canary-marginal-threshold", NULL, NULL, 0, 100,
                         FD_CANARY_JUDGE_DEFAULT_MARGINAL, rw);
  /**
   * FdSession:silences:
   *
   * The #FdSilence items of every source that reports silences.
   */
  properties[PROP_SILENCES] =
    g_param_spec_boxed ("silences", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
  /**
   * FdSession:busy:
   *
   * Whether a fetch, a batch, a query or an action is in progress.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  /**
   * FdSession:refreshing:
   *
   * Whether a fetch is in flight or a batch waits for the store.
   */
  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, NULL, FALSE, ro);
  /**
   * FdSession:last-error:
   *
   * "URI: message" of the newest failed fetch of a source that has not
   * recovered since; %NULL when every source's last fetch worked.
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FdSession::batch-applied:
   * @self: the session
   * @source: the source that was fetched
   * @batch: what the fetch brought
   *
   * Emitted on the main thread once a fetched batch is in the store (an
   * empty one right away): the seam for the history cache, which writes
   * live sources' batches and cursors to disk.
   */
  signals[SIGNAL_BATCH_APPLIED] =
    g_signal_new ("batch-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, FD_TYPE_SOURCE, FD_TYPE_BATCH);
}

static void
fd_session_init (FdSession *self)
{
  self->store = fd_record_store_new ();
  self->snapshot = fd_record_store_dup_snapshot (self->store);
  self->environments = g_new0 (char *, 1);
  self->sources = g_list_store_new (FD_TYPE_SOURCE);
  self->entries = g_ptr_array_new ();
  g_queue_init (&self->work);
  self->silences_by_source = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) g_ptr_array_unref);
  self->silences = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);
  self->pending_cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_bytes_unref);
  self->rand = g_rand_new ();
  self->verdicts = fd_canary_judge_cache_new ();
  self->environment = g_strdup ("");
  self->time_range = g_strdup (DEFAULT_TIME_RANGE);
  self->pass_threshold = FD_CANARY_JUDGE_DEFAULT_PASS;
  self->marginal_threshold = FD_CANARY_JUDGE_DEFAULT_MARGINAL;
  self->auto_refresh = TRUE;
}

/* }}} */

/* Public API {{{ */

/**
 * fd_session_new:
 * @clock: (nullable): the clock to use, %NULL for the system clock
 *
 * Returns: (transfer full): a session without sources
 */
FdSession *
fd_session_new (FdClock *clock)
{
  g_return_val_if_fail (clock == NULL || FD_IS_CLOCK (clock), NULL);

  return g_object_new (FD_TYPE_SESSION, "clock", clock, NULL);
}

/**
 * fd_session_get_clock:
 * @self: a session
 *
 * Returns: (transfer none): the session's clock
 */
FdClock *
fd_session_get_clock (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->clock;
}

/**
 * fd_session_get_store:
 * @self: a session
 *
 * Returns: (transfer none): the record store (thread-safe)
 */
FdRecordStore *
fd_session_get_store (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->store;
}

/**
 * fd_session_get_sources:
 * @self: a session
 *
 * Returns: (transfer none): a #GListModel of #FdSource
 */
GListModel *
fd_session_get_sources (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->sources);
}

static gboolean
follows_clock (FdSession *self,
               FdSource  *source)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (source), "clock");
  g_autoptr(FdClock) clock = NULL;

  if (pspec == NULL || !g_type_is_a (pspec->value_type, FD_TYPE_CLOCK) ||
      (pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE)
    return FALSE;

  g_object_get (source, "clock", &clock, NULL);
  if (clock == NULL)
    g_object_set (source, "clock", self->clock, NULL);

  return TRUE;
}

/**
 * fd_session_add_source:
 * @self: a session
 * @source: the source; its URI must differ from every other's
 *
 * Adds @source and fetches it right away.
 */
void
fd_session_add_source (FdSession *self,
                       FdSource  *source)
{
  Entry *entry;

  g_return_if_fail (FD_IS_SESSION (self));
  g_return_if_fail (FD_IS_SOURCE (source));
  g_return_if_fail (find_entry (self, fd_source_get_uri (source)) == NULL);

  entry = g_new0 (Entry, 1);
  entry->refs = 1;
  entry->session = self;
  entry->source = g_object_ref (source);
  entry->uri = g_strdup (fd_source_get_uri (source));
  entry->cancellable = g_cancellable_new ();
  entry->cursor = g_hash_table_lookup (self->pending_cursors, entry->uri);
  if (entry->cursor != NULL)
    {
      g_bytes_ref (entry->cursor);
      g_hash_table_remove (self->pending_cursors, entry->uri);
    }
  entry->follows_clock = follows_clock (self, source);
  if (g_signal_lookup ("changed", G_OBJECT_TYPE (source)) != 0)
    entry->changed_id = g_signal_connect (source, "changed", G_CALLBACK (source_changed_cb),
                                          entry);

  g_ptr_array_add (self->entries, entry);
  g_list_store_append (self->sources, source);

  start_fetch (entry);
}

/**
 * fd_session_remove_source:
 * @self: a session
 * @source: a source added before
 *
 * Stops fetching @source and drops its records from the store.
 */
void
fd_session_remove_source (FdSession *self,
                          FdSource  *source)
{
  Entry *entry;
  guint position;

  g_return_if_fail (FD_IS_SESSION (self));
  g_return_if_fail (FD_IS_SOURCE (source));

  entry = entry_for_source (self, source);
  if (entry == NULL)
    return;

  if (entry->fetching)
    self->n_fetching--;
  queue_work (self, NULL, entry->uri, NULL, FALSE);
  detach_entry (entry);
  g_ptr_array_remove (self->entries, entry);
  if (g_list_store_find (self->sources, source, &position))
    g_list_store_remove (self->sources, position);

  g_clear_pointer (&entry->error, g_free);
  update_last_error (self, entry);
  entry_unref (entry);
  update_busy (self);
}

/**
 * fd_session_remove_all_sources:
 * @self: a session
 *
 * Removes every source, as fd_session_remove_source() does.
 */
void
fd_session_remove_all_sources (FdSession *self)
{
  g_return_if_fail (FD_IS_SESSION (self));

  while (self->entries->len > 0)
    {
      Entry *entry = g_ptr_array_index (self->entries, 0);
      g_autoptr(FdSource) source = g_object_ref (entry->source);

      fd_session_remove_source (self, source);
    }
}

/**
 * fd_session_find_source:
 * @self: a session
 * @uri: a source URI
 *
 * Returns: (transfer none) (nullable): the source with @uri
 */
FdSource *
fd_session_find_source (FdSession  *self,
                        const char *uri)
{
  Entry *entry;

  g_return_val_if_fail (FD_IS_SESSION (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  entry = find_entry (self, uri);
  return entry != NULL ? entry->source : NULL;
}

/**
 * fd_session_set_source_interval:
 * @self: a session
 * @source: a source of @self
 * @seconds: seconds between fetches, 0 for the source's default
 *
 * A waiting timer is started again with the new interval.
 */
void
fd_session_set_source_interval (FdSession *self,
                                FdSource  *source,
                                guint      seconds)
{
  Entry *entry;

  g_return_if_fail (FD_IS_SESSION (self));
  g_return_if_fail (FD_IS_SOURCE (source));

  entry = entry_for_source (self, source);
  g_return_if_fail (entry != NULL);

  if (entry->interval == seconds)
    return;

  entry->interval = seconds;
  if (entry->timer != 0 && entry->failures == 0)
    arm_timer (entry, entry_interval (entry));
}

guint
fd_session_get_source_interval (FdSession *self,
                                FdSource  *source)
{
  Entry *entry;

  g_return_val_if_fail (FD_IS_SESSION (self), 0);
  g_return_val_if_fail (FD_IS_SOURCE (source), 0);

  entry = entry_for_source (self, source);
  g_return_val_if_fail (entry != NULL, 0);

  return entry_interval (entry);
}

/**
 * fd_session_set_source_retention:
 * @self: a session
 * @source: a source of @self
 * @days: days of history to keep, 0 for all
 *
 * Applies from the source's next batch on.
 */
void
fd_session_set_source_retention (FdSession *self,
                                 FdSource  *source,
                                 guint      days)
{
  g_return_if_fail (FD_IS_SESSION (self));
  g_return_if_fail (FD_IS_SOURCE (source));

  fd_record_store_set_retention (self->store, fd_source_get_uri (source), (FdTime) days * DAY);
}

static gboolean
waits_for_rate_limit (FdSession *self,
                      Entry     *entry)
{
  FdSourceStatus *status = fd_source_get_status (entry->source);

  return fd_source_status_get_state (status) == FD_SOURCE_STATE_RATE_LIMITED &&
         fd_source_status_get_retry_at (status) > fd_clock_get_now (self->clock);
}

/**
 * fd_session_refresh:
 * @self: a session
 *
 * Fetches every source now (F5), except those waiting out a rate limit,
 * whose next fetch is already set for when the server allows it.
 */
void
fd_session_refresh (FdSession *self)
{
  g_return_if_fail (FD_IS_SESSION (self));

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (!waits_for_rate_limit (self, entry))
        start_fetch (entry);
    }

  if (self->entries->len == 0)
    schedule_query (self, TRUE);
}

/**
 * fd_session_refresh_source:
 * @self: a session
 * @source: a source of @self
 *
 * Fetches @source now, even during a rate-limit wait (the user asked).
 */
void
fd_session_refresh_source (FdSession *self,
                           FdSource  *source)
{
  Entry *entry;

  g_return_if_fail (FD_IS_SESSION (self));
  g_return_if_fail (FD_IS_SOURCE (source));

  entry = entry_for_source (self, source);
  g_return_if_fail (entry != NULL);

  start_fetch (entry);
}

gboolean
fd_session_get_auto_refresh (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), FALSE);

  return self->auto_refresh;
}

/**
 * fd_session_set_auto_refresh:
 * @self: a session
 * @auto_refresh: whether sources are fetched on their timers
 *
 * Turned on, every source's timer starts again from its interval.
 */
void
fd_session_set_auto_refresh (FdSession *self,
                             gboolean   auto_refresh)
{
  g_return_if_fail (FD_IS_SESSION (self));

  auto_refresh = !!auto_refresh;
  if (self->auto_refresh == auto_refresh)
    return;

  self->auto_refresh = auto_refresh;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (!entry->fetching)
        arm_timer (entry, entry_interval (entry));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_REFRESH]);
}

const char *
fd_session_get_environment (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->environment;
}

/**
 * fd_session_set_environment:
 * @self: a session
 * @environment: (nullable): the only environment to show; %NULL or "" for all
 */
void
fd_session_set_environment (FdSession  *self,
                            const char *environment)
{
  g_return_if_fail (FD_IS_SESSION (self));

  if (environment == NULL)
    environment = "";
  if (g_strcmp0 (self->environment, environment) == 0)
    return;

  g_free (self->environment);
  self->environment = g_strdup (environment);
  schedule_query (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

/**
 * fd_session_get_environments:
 * @self: a session
 *
 * Returns: (transfer none): the sorted environments of the snapshot
 */
const char * const *
fd_session_get_environments (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return (const char * const *) self->environments;
}

static FdTime
parse_time_range (const char *time_range)
{
  guint64 n;
  char *end = NULL;

  if (time_range == NULL || !g_ascii_isdigit (time_range[0]))
    return 0;

  n = g_ascii_strtoull (time_range, &end, 10);
  if (n == 0 || n > 3650 * 24 * 60 || end == NULL || end[0] == '\0' || end[1] != '\0')
    return 0;

  switch (end[0])
    {
    case 'm':
      return (FdTime) n * 60 * G_USEC_PER_SEC;
    case 'h':
      return (FdTime) n * 3600 * G_USEC_PER_SEC;
    case 'd':
      return n <= 3650 ? (FdTime) n * DAY : 0;
    default:
      return 0;
    }
}

const char *
fd_session_get_time_range (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->time_range;
}

/**
 * fd_session_set_time_range:
 * @self: a session
 * @time_range: the window's length, e.g. "7d" (see #FdSession:time-range)
 *
 * Anything else (from an old or hand-edited setting) falls back to "7d"
 * with a warning.
 */
void
fd_session_set_time_range (FdSession  *self,
                           const char *time_range)
{
  g_return_if_fail (FD_IS_SESSION (self));

  if (parse_time_range (time_range) == 0)
    {
      g_warning ("Unknown time-range “%s”, using “%s” instead",
                 time_range != NULL ? time_range : "(null)", DEFAULT_TIME_RANGE);
      time_range = DEFAULT_TIME_RANGE;
    }
  if (g_strcmp0 (self->time_range, time_range) == 0)
    return;

  g_free (self->time_range);
  self->time_range = g_strdup (time_range);
  schedule_query (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_RANGE]);
}

/**
 * fd_session_get_time_range_span:
 * @self: a session
 *
 * Returns: the length of the time range in microseconds
 */
FdTime
fd_session_get_time_range_span (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), 0);

  return parse_time_range (self->time_range);
}

double
fd_session_get_canary_pass_threshold (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), 0);

  return self->pass_threshold;
}

/**
 * fd_session_set_canary_pass_threshold:
 * @self: a session
 * @threshold: the canary judge's pass score, 0–100
 */
void
fd_session_set_canary_pass_threshold (FdSession *self,
                                      double     threshold)
{
  g_return_if_fail (FD_IS_SESSION (self));

  if (self->pass_threshold == threshold)
    return;

  self->pass_threshold = threshold;
  schedule_query (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANARY_PASS_THRESHOLD]);
}

double
fd_session_get_canary_marginal_threshold (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), 0);

  return self->marginal_threshold;
}

/**
 * fd_session_set_canary_marginal_threshold:
 * @self: a session
 * @threshold: the canary judge's marginal score, 0–100
 */
void
fd_session_set_canary_marginal_threshold (FdSession *self,
                                          double     threshold)
{
  g_return_if_fail (FD_IS_SESSION (self));

  if (self->marginal_threshold == threshold)
    return;

  self->marginal_threshold = threshold;
  schedule_query (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANARY_MARGINAL_THRESHOLD]);
}

/**
 * fd_session_get_snapshot:
 * @self: a session
 *
 * Returns: (transfer none): the current snapshot (empty at first)
 */
FdSnapshot *
fd_session_get_snapshot (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->snapshot;
}

/**
 * fd_session_get_page_data:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): the page data on offer, or %NULL
 *   before the first query ended
 */
FdPageData *
fd_session_get_page_data (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->page_data;
}

/**
 * fd_session_get_silences:
 * @self: a session
 *
 * Returns: (transfer none) (element-type FdSilence): every source's silences
 */
GPtrArray *
fd_session_get_silences (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->silences;
}

gboolean
fd_session_get_busy (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), FALSE);

  return self->busy;
}

gboolean
fd_session_get_refreshing (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), FALSE);

  return self->refreshing;
}

const char *
fd_session_get_last_error (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->last_error;
}

/* Actions {{{ */

typedef struct
{
  FdAction *action;
  char     *uri;
} ActionData;

static void
action_data_free (ActionData *data)
{
  fd_action_free (data->action);
  g_free (data->uri);
  g_free (data);
}

static void
action_done (GTask *task)
{
  FdSession *self = g_task_get_source_object (task);

  self->n_actions--;
  update_busy (self);
}

static void
source_applied_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FdSession *self = g_task_get_source_object (task);
  ActionData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  Entry *entry;

  if (!fd_source_apply_finish (FD_SOURCE (object), result, &made, &error))
    {
      action_done (task);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Fetch the source again so that the action's effect shows. */
  entry = find_entry (self, data->uri);
  if (entry != NULL && entry->source == FD_SOURCE (object))
    start_fetch (entry);

  action_done (task);
  g_task_return_pointer (task, g_steal_pointer (&made), g_free);
}

static void
route_action (GTask *task,
              Entry *entry)
{
  ActionData *data = g_task_get_task_data (task);

  if (entry == NULL)
    {
      action_done (task);
      g_task_return_new_error (task, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_FOUND,
                               "No source has a record “%s”", data->action->target_id);
      g_object_unref (task);
      return;
    }

  if (!FD_SOURCE_CAN (fd_source_get_capabilities (entry->source), data->action->kind))
    {
      action_done (task);
      g_task_return_new_error (task, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                               "%s cannot %s", entry->uri,
                               fd_action_kind_to_nick (data->action->kind));
      g_object_unref (task);
      return;
    }

  g_free (data->uri);
  data->uri = g_strdup (entry->uri);
  fd_source_apply_async (entry->source, data->action, g_task_get_cancellable (task),
                         source_applied_cb, task);
}

typedef struct
{
  FdRecordStore *store;
  char          *id;
} OwnerInput;

static void
owner_input_free (OwnerInput *input)
{
  fd_record_store_unref (input->store);
  g_free (input->id);
  g_free (input);
}

static void
lookup_owner_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  OwnerInput *input = task_data;

  g_task_return_pointer (task, fd_record_store_dup_owner (input->store, input->id), g_free);
}

static void
owner_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  FdSession *self = g_task_get_source_object (task);
  g_autofree char *uri = g_task_propagate_pointer (G_TASK (result), NULL);

  route_action (task, uri != NULL ? find_entry (self, uri) : NULL);
}

/**
 * fd_session_can_apply:
 * @self: a session
 * @kind: an action
 * @id: (nullable): the record it would act on
 *
 * Live sources' record ids start with their URI, and the source's
 * capabilities decide. Other ids come from the file or the simulator,
 * which take what their capabilities say too; without a source that
 * could own the record, nothing is offered.
 *
 * Returns: whether @kind may be offered for @id
 */
gboolean
fd_session_can_apply (FdSession    *self,
                      FdActionKind  kind,
                      const char   *id)
{
  gboolean any = FALSE;

  g_return_val_if_fail (FD_IS_SESSION (self), FALSE);

  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      FdSourceCapabilities caps = fd_source_get_capabilities (entry->source);

      if (fd_source_owns_id (entry->source, id))
        return FD_SOURCE_CAN (caps, kind);
      if (!fd_source_is_live (entry->source) && FD_SOURCE_CAN (caps, kind))
        any = TRUE;
    }

  return any;
}

/**
 * fd_session_apply_async:
 * @self: a session
 * @action: what the user asked
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the source has acted
 * @user_data: data for @callback
 *
 * Routes @action to the source that owns its target: the one whose URI
 * starts the id, else the one whose batch brought the record (the file and
 * the simulator keep their records' own ids). The source then acts, and is
 * fetched again so that the result shows. Fails with
 * %FD_SOURCE_ERROR_NOT_FOUND when no source has the record and
 * %FD_SOURCE_ERROR_NOT_SUPPORTED when its source cannot do the action.
 */
void
fd_session_apply_async (FdSession           *self,
                        const FdAction      *action,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  ActionData *data;

  g_return_if_fail (FD_IS_SESSION (self));
  g_return_if_fail (action != NULL && action->target_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_session_apply_async);
  data = g_new0 (ActionData, 1);
  data->action = fd_action_copy (action);
  g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);
  self->n_actions++;
  update_busy (self);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (fd_source_owns_id (entry->source, action->target_id))
        {
          route_action (task, entry);
          return;
        }
    }

  /* The store knows which source gave the record; it may be busy with a
   * batch, so ask it off the main thread. */
  {
    g_autoptr(GTask) lookup = g_task_new (NULL, cancellable, owner_found_cb, task);
    OwnerInput *input = g_new0 (OwnerInput, 1);

    input->store = fd_record_store_ref (self->store);
    input->id = g_strdup (action->target_id);
    g_task_set_task_data (lookup, input, (GDestroyNotify) owner_input_free);
    g_task_run_in_thread (lookup, lookup_owner_thread);
  }
}

/**
 * fd_session_apply_finish:
 * @self: a session
 * @result: the result
 * @out_result: (out) (optional) (nullable): what the action made (e.g. a
 *   silence's id), or %NULL
 * @error: return location for an error
 *
 * Returns: whether the source acted
 */
gboolean
fd_session_apply_finish (FdSession     *self,
                         GAsyncResult  *result,
                         char         **out_result,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *made = NULL;

  g_return_val_if_fail (FD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  made = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_result != NULL)
    *out_result = g_steal_pointer (&made);
  return TRUE;
}

/* }}} */

/**
 * fd_session_inject_batch:
 * @self: a session
 * @batch: records from elsewhere (the history cache), under their source's URI
 *
 * See the header. The batch is applied after those already waiting.
 */
void
fd_session_inject_batch (FdSession *self,
                         FdBatch   *batch)
{
  Entry *entry;

  g_return_if_fail (FD_IS_SESSION (self));
  g_return_if_fail (batch != NULL);

  entry = find_entry (self, fd_batch_get_source_uri (batch));
  if (fd_batch_get_cursor (batch) != NULL)
    {
      if (entry == NULL)
        g_hash_table_replace (self->pending_cursors, g_strdup (fd_batch_get_source_uri (batch)),
                              g_bytes_ref (fd_batch_get_cursor (batch)));
      else if (!entry->fetched && !entry->fetching)
        {
          g_clear_pointer (&entry->cursor, g_bytes_unref);
          entry->cursor = g_bytes_ref (fd_batch_get_cursor (batch));
        }
    }

  queue_work (self, batch, fd_batch_get_source_uri (batch), NULL, FALSE);
}

GCancellable *
_fd_session_get_query_cancellable (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), NULL);

  return self->query_cancellable;
}

guint
_fd_session_get_n_queries (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), 0);

  return self->n_queries;
}

guint
_fd_session_get_n_applied (FdSession *self)
{
  g_return_val_if_fail (FD_IS_SESSION (self), 0);

  return self->n_applied;
}

/* }}} */
