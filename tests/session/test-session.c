/* test-session.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-session"

#include "config.h"

#include "fd-fake-source.h"
#include "fd-file-source.h"
#include "fd-http.h"
#include "fd-session.h"
#include "fd-record-store-private.h"
#include "fd-session-private.h"
#include "fd-sim-source.h"

#include <glib/gstdio.h>
#include <string.h>

#define SECOND ((FdTime) G_USEC_PER_SEC)
#define MINUTE (60 * SECOND)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
/* Wednesday 2026-09-23 10:00 UTC: the fake clock's start. */
#define T0     ((FdTime) 1790157600 * SECOND)

/* Helpers {{{ */

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until nothing is in flight: fetches, batches,
 * queries, actions, and the idle callbacks that complete them. */
static void
settle (FdSession *session)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timed_out_cb, &timed_out);

  while (!timed_out && (fd_session_get_busy (session) || g_main_context_pending (NULL)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* A cancelled query may still be running on the worker, holding the
 * session until it returns; wait for it before checking that the session
 * goes away. */
static void
finalize_session (FdSession *session)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timed_out_cb, &timed_out);

  while (!timed_out && G_OBJECT (session)->ref_count > 1)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_finalize_object (session);
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timed_out_cb, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static guint
n_runs (FdSnapshot *snapshot)
{
  gsize n;

  fd_snapshot_get_runs (snapshot, &n);
  return (guint) n;
}

static gboolean
has_run (FdSnapshot *snapshot,
         const char *id)
{
  gsize n;
  const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, &n);

  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (fd_snapshot_str (snapshot, runs[i].id), id) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_cursor (FdFakeSource *source,
               const char   *expected)
{
  GBytes *cursor = fd_fake_source_get_last_cursor (source);
  gsize len;
  const char *data;

  if (expected == NULL)
    {
      g_assert_null (cursor);
      return;
    }
  g_assert_nonnull (cursor);
  data = g_bytes_get_data (cursor, &len);
  g_assert_cmpmem (data, len, expected, strlen (expected));
}

static FdTime
next_fetch (FdFakeSource *source)
{
  return fd_source_status_get_next_fetch (fd_source_get_status (FD_SOURCE (source)));
}

/* }}} */

static void
count_batch_cb (FdSession *session,
                FdSource  *source,
                FdBatch   *batch,
                gpointer   user_data)
{
  g_assert_true (FD_IS_SOURCE (source));
  g_assert_cmpstr (fd_source_get_uri (source), ==, fd_batch_get_source_uri (batch));
  (*(guint *) user_data)++;
}

static void
test_session_batches (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0 + HOUR);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) fake = fd_fake_source_new ("fake:a", TRUE, 60);
  const char * const gone[] = { "fake:a:run-0", "fake:a:run-1", NULL };
  guint n_page_data = 0, n_snapshot = 0, n_batches = 0, n_environments = 0;
  FdSnapshot *first;
  FdPageData *data;

  {
    g_autoptr(FdBatch) b1 = fd_fake_batch_new ("fake:a", TRUE, 0, 10, T0, "production", NULL, "c1");
    g_autoptr(FdBatch) b2 = fd_fake_batch_new ("fake:a", TRUE, 10, 5, T0 + 10 * MINUTE,
                                               "staging", gone, "c2");

    fd_fake_source_push_batch (fake, b1);
    fd_fake_source_push_batch (fake, b2);
  }

  g_signal_connect (session, "notify::page-data", G_CALLBACK (count_cb), &n_page_data);
  g_signal_connect (session, "notify::snapshot", G_CALLBACK (count_cb), &n_snapshot);
  g_signal_connect (session, "notify::environments", G_CALLBACK (count_cb), &n_environments);
  g_signal_connect (session, "batch-applied", G_CALLBACK (count_batch_cb), &n_batches);

  g_assert_null (fd_session_get_page_data (session));
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 0);

  /* Added: fetched at once, from the start. */
  fd_session_add_source (session, FD_SOURCE (fake));
  g_assert_true (fd_session_get_busy (session));
  g_assert_true (fd_session_get_refreshing (session));
  settle (session);
  assert_cursor (fake, NULL);
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 10);
  g_assert_cmpuint (n_snapshot, ==, 1);
  g_assert_cmpuint (n_page_data, ==, 1);
  g_assert_cmpuint (n_batches, ==, 1);
  g_assert_cmpuint (n_environments, ==, 1);
  g_assert_cmpstr (fd_session_get_environments (session)[0], ==, "production");
  data = fd_session_get_page_data (session);
  g_assert_true (data->snapshot == fd_session_get_snapshot (session));
  g_assert_cmpuint (data->n_matching_runs, ==, 10);
  /* A live source: the window ends now. */
  g_assert_cmpint (data->query.to, ==, T0 + HOUR);
  g_assert_cmpint (data->query.from, ==, T0 + HOUR - 7 * DAY);
  first = fd_snapshot_ref (fd_session_get_snapshot (session));

  /* F5: the next batch, with the cursor of the first; gone ids go. */
  fd_session_refresh (session);
  settle (session);
  assert_cursor (fake, "c1");
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 13);
  g_assert_false (has_run (fd_session_get_snapshot (session), "fake:a:run-0"));
  g_assert_true (has_run (fd_session_get_snapshot (session), "fake:a:run-14"));
  g_assert_cmpuint (n_runs (first), ==, 10);
  g_assert_cmpuint (n_snapshot, ==, 2);
  g_assert_cmpuint (n_page_data, ==, 2);
  g_assert_cmpuint (n_batches, ==, 2);
  {
    const char * const envs[] = { "production", "staging", NULL };

    g_assert_cmpstrv (fd_session_get_environments (session), envs);
  }

  /* An unchanged poll: the cursor comes back, nothing else changes. */
  fd_session_refresh (session);
  settle (session);
  assert_cursor (fake, "c2");
  g_assert_cmpuint (n_snapshot, ==, 2);
  g_assert_cmpuint (n_page_data, ==, 2);
  g_assert_cmpuint (n_batches, ==, 3);
  g_assert_cmpuint (n_environments, ==, 2);
  g_assert_cmpuint (_fd_session_get_n_applied (session), ==, 2);

  fd_snapshot_unref (first);
  g_signal_handlers_disconnect_by_data (session, &n_batches);
  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&fake));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_session_filter_cancels_query (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0 + DAY);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) fake = fd_fake_source_new ("fake:a", TRUE, 60);
  g_autoptr(GCancellable) older = NULL;
  GCancellable *newer;
  guint n_page_data = 0;
  guint n_queries;

  {
    g_autoptr(FdBatch) b1 = fd_fake_batch_new ("fake:a", TRUE, 0, 600, T0, "production", NULL,
                                               NULL);
    g_autoptr(FdBatch) b2 = fd_fake_batch_new ("fake:a", TRUE, 600, 400, T0, "staging", NULL,
                                               NULL);

    fd_fake_source_push_batch (fake, b1);
    fd_fake_source_push_batch (fake, b2);
  }
  fd_session_add_source (session, FD_SOURCE (fake));
  settle (session);
  fd_session_refresh (session);
  settle (session);
  g_assert_cmpuint (fd_session_get_page_data (session)->n_matching_runs, ==, 1000);

  g_signal_connect (session, "notify::page-data", G_CALLBACK (count_cb), &n_page_data);
  n_queries = _fd_session_get_n_queries (session);

  fd_session_set_environment (session, "production");
  older = g_object_ref (_fd_session_get_query_cancellable (session));
  g_assert_false (g_cancellable_is_cancelled (older));

  /* Changed again before the answer came: the older query is cancelled. */
  fd_session_set_environment (session, "staging");
  newer = _fd_session_get_query_cancellable (session);
  g_assert_nonnull (newer);
  g_assert_true (newer != older);
  g_assert_true (g_cancellable_is_cancelled (older));
  g_assert_false (g_cancellable_is_cancelled (newer));
  g_assert_cmpuint (_fd_session_get_n_queries (session), ==, n_queries + 2);

  /* Asking the same question again starts nothing. */
  fd_session_set_time_range (session, "7d");
  g_assert_true (_fd_session_get_query_cancellable (session) == newer);

  settle (session);
  g_assert_cmpuint (n_page_data, ==, 1);
  g_assert_cmpstr (fd_session_get_page_data (session)->environment, ==, "staging");
  g_assert_cmpuint (fd_session_get_page_data (session)->n_matching_runs, ==, 400);
  g_assert_null (_fd_session_get_query_cancellable (session));

  /* The answer on screen is not asked for again either. */
  fd_session_set_environment (session, "staging");
  g_assert_null (_fd_session_get_query_cancellable (session));

  /* A shorter range: fewer runs. */
  fd_session_set_time_range (session, "1h");
  settle (session);
  g_assert_cmpint (fd_session_get_time_range_span (session), ==, HOUR);
  g_assert_cmpuint (fd_session_get_page_data (session)->n_matching_runs, ==, 0);
  fd_session_set_time_range (session, "30d");
  fd_session_set_environment (session, NULL);
  settle (session);
  g_assert_cmpstr (fd_session_get_environment (session), ==, "");
  g_assert_null (fd_session_get_page_data (session)->environment);
  g_assert_cmpuint (fd_session_get_page_data (session)->n_matching_runs, ==, 1000);

  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&fake));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_session_timers (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) a = fd_fake_source_new ("fake:a", TRUE, 10);
  g_autoptr(FdFakeSource) b = fd_fake_source_new ("fake:b", TRUE, 25);

  fd_session_add_source (session, FD_SOURCE (a));
  fd_session_add_source (session, FD_SOURCE (b));
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 1);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (b), ==, 1);
  g_assert_cmpint (next_fetch (a), ==, T0 + 10 * SECOND);
  g_assert_cmpint (next_fetch (b), ==, T0 + 25 * SECOND);
  g_assert_cmpuint (fd_session_get_source_interval (session, FD_SOURCE (b)), ==, 25);

  /* Each on its own interval. */
  fd_clock_advance (clock, 9 * SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 1);
  fd_clock_advance (clock, SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 2);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (b), ==, 1);
  g_assert_cmpint (next_fetch (a), ==, T0 + 20 * SECOND);

  fd_clock_advance (clock, 10 * SECOND);
  settle (session);
  fd_clock_advance (clock, 5 * SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 3);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (b), ==, 2);
  g_assert_cmpint (next_fetch (b), ==, T0 + 50 * SECOND);

  /* A new interval starts the waiting timer again. */
  fd_session_set_source_interval (session, FD_SOURCE (b), 5);
  g_assert_cmpuint (fd_session_get_source_interval (session, FD_SOURCE (b)), ==, 5);
  g_assert_cmpint (next_fetch (b), ==, T0 + 30 * SECOND);
  fd_clock_advance (clock, 5 * SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 4);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (b), ==, 3);

  /* Auto-refresh off: no timers, but F5 still works. */
  fd_session_set_auto_refresh (session, FALSE);
  g_assert_cmpint (next_fetch (a), ==, FD_TIME_NONE);
  g_assert_cmpuint (fd_clock_get_n_timeouts (clock), ==, 0);
  fd_clock_advance (clock, HOUR);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 4);
  fd_session_refresh (session);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 5);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (b), ==, 4);
  g_assert_cmpuint (fd_clock_get_n_timeouts (clock), ==, 0);
  fd_session_set_auto_refresh (session, TRUE);
  g_assert_cmpuint (fd_clock_get_n_timeouts (clock), ==, 2);
  g_assert_cmpint (next_fetch (a), ==, fd_clock_get_now (clock) + 10 * SECOND);

  /* A removed source is never fetched again. */
  fd_session_remove_source (session, FD_SOURCE (b));
  g_assert_cmpuint (g_list_model_get_n_items (fd_session_get_sources (session)), ==, 1);
  fd_clock_advance (clock, MINUTE);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (b), ==, 4);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), >=, 6);

  finalize_session (g_steal_pointer (&session));
  g_assert_cmpuint (fd_clock_get_n_timeouts (clock), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_session_backoff (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) fake = fd_fake_source_new ("fake:a", TRUE, 10);
  FdSourceStatus *status = fd_source_get_status (FD_SOURCE (fake));
  guint n_errors = 0;
  FdTime delay;

  for (guint i = 0; i < 3; i++)
    fd_fake_source_push_error (fake, FD_HTTP_ERROR, FD_HTTP_ERROR_SERVER, FD_TIME_NONE);
  g_signal_connect (session, "notify::last-error", G_CALLBACK (count_cb), &n_errors);

  fd_session_add_source (session, FD_SOURCE (fake));
  settle (session);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_STALE);
  g_assert_true (g_str_has_prefix (fd_session_get_last_error (session),
                                   "fake:a: scripted failure"));
  g_assert_cmpuint (n_errors, ==, 1);

  /* The interval doubles with every failure in a row, give or take 20 %. */
  delay = next_fetch (fake) - fd_clock_get_now (clock);
  g_assert_cmpint (delay, >=, 8 * SECOND);
  g_assert_cmpint (delay, <=, 12 * SECOND);
  fd_clock_advance (clock, delay - SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (fake), ==, 1);
  fd_clock_advance (clock, SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (fake), ==, 2);

  delay = next_fetch (fake) - fd_clock_get_now (clock);
  g_assert_cmpint (delay, >=, 16 * SECOND);
  g_assert_cmpint (delay, <=, 24 * SECOND);
  fd_clock_advance (clock, delay);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (fake), ==, 3);
  delay = next_fetch (fake) - fd_clock_get_now (clock);
  g_assert_cmpint (delay, >=, 32 * SECOND);
  g_assert_cmpint (delay, <=, 48 * SECOND);
  /* The same error again is not news. */
  g_assert_cmpuint (n_errors, ==, 1);

  /* Back to normal after a success. */
  fd_clock_advance (clock, delay);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (fake), ==, 4);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_OK);
  g_assert_cmpint (next_fetch (fake) - fd_clock_get_now (clock), ==, 10 * SECOND);
  g_assert_null (fd_session_get_last_error (session));
  g_assert_cmpuint (n_errors, ==, 2);

  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&fake));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_session_rate_limit (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) fake = fd_fake_source_new ("fake:a", TRUE, 10);
  FdSourceStatus *status = fd_source_get_status (FD_SOURCE (fake));
  FdTime retry_at = T0 + 300 * SECOND + SECOND / 2;

  fd_fake_source_push_error (fake, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED, retry_at);
  fd_session_add_source (session, FD_SOURCE (fake));
  settle (session);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_RATE_LIMITED);

  /* The next fetch waits for the server, not for the interval or backoff. */
  g_assert_cmpint (next_fetch (fake), >=, retry_at);
  g_assert_cmpint (next_fetch (fake), <, retry_at + SECOND);

  /* F5 does not hammer a rate-limited server. */
  fd_session_refresh (session);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (fake), ==, 1);

  fd_clock_advance (clock, 300 * SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (fake), ==, 1);
  fd_clock_advance (clock, SECOND);
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (fake), ==, 2);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_OK);
  g_assert_cmpint (next_fetch (fake), ==, fd_clock_get_now (clock) + 10 * SECOND);

  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&fake));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *made;
  GError   *error;
} ApplyResult;

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ApplyResult *r = user_data;

  r->ok = fd_session_apply_finish (FD_SESSION (object), result, &r->made, &r->error);
  r->done = TRUE;
}

static gboolean
apply_done (gpointer data)
{
  return ((ApplyResult *) data)->done;
}

static void
apply (FdSession    *session,
       FdActionKind  kind,
       const char   *target,
       ApplyResult  *r)
{
  g_autoptr(FdAction) action = fd_action_new (kind, target, T0, FD_TIME_NONE);

  memset (r, 0, sizeof *r);
  fd_session_apply_async (session, action, NULL, applied_cb, r);
  wait_until (apply_done, r);
}

static void
apply_result_clear (ApplyResult *r)
{
  g_clear_pointer (&r->made, g_free);
  g_clear_error (&r->error);
}

static void
test_session_actions (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0 + HOUR);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) a = fd_fake_source_new ("fake:a", TRUE, 60);
  g_autoptr(FdFakeSource) b = fd_fake_source_new ("fake:b", TRUE, 60);
  g_autoptr(FdFakeSource) local = fd_fake_source_new ("file:///tmp/local.jsonl", FALSE, 60);
  ApplyResult r;

  {
    g_autoptr(FdBatch) ba = fd_fake_alert_batch_new ("fake:a", "fake:a:alert-1", T0);
    g_autoptr(FdBatch) bb = fd_fake_alert_batch_new ("fake:b", "fake:b:alert-2", T0);
    /* A local source keeps its records' own ids. */
    g_autoptr(FdBatch) bl = fd_fake_alert_batch_new ("file:///tmp/local.jsonl", "alert-9", T0);

    fd_fake_source_push_batch (a, ba);
    fd_fake_source_push_batch (b, bb);
    fd_fake_source_push_batch (local, bl);
  }
  fd_session_add_source (session, FD_SOURCE (a));
  fd_session_add_source (session, FD_SOURCE (b));
  fd_session_add_source (session, FD_SOURCE (local));
  settle (session);

  /* By the URI the id starts with. */
  apply (session, FD_ACTION_ACKNOWLEDGE, "fake:b:alert-2", &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpstr (r.made, ==, "made-1");
  apply_result_clear (&r);
  g_assert_cmpuint (fd_fake_source_get_actions (a)->len, ==, 0);
  g_assert_cmpuint (fd_fake_source_get_actions (b)->len, ==, 1);
  g_assert_cmpstr (((FdAction *) g_ptr_array_index (fd_fake_source_get_actions (b), 0))->target_id,
                   ==, "fake:b:alert-2");
  /* The source is fetched again, so that the action's effect shows. */
  settle (session);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (b), ==, 2);
  g_assert_cmpuint (fd_fake_source_get_n_fetches (a), ==, 1);

  /* By the store, for a record whose id names no source. */
  apply (session, FD_ACTION_SILENCE, "alert-9", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (fd_fake_source_get_actions (local)->len, ==, 1);
  apply_result_clear (&r);

  apply (session, FD_ACTION_ACKNOWLEDGE, "nobody:alert-3", &r);
  g_assert_error (r.error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_FOUND);
  g_assert_false (r.ok);
  apply_result_clear (&r);

  /* Only what the source can do. */
  apply (session, FD_ACTION_PROMOTE, "fake:a:alert-1", &r);
  g_assert_error (r.error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED);
  apply_result_clear (&r);
  g_assert_cmpuint (fd_fake_source_get_actions (a)->len, ==, 0);

  settle (session);
  g_assert_false (fd_session_get_busy (session));

  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
  g_assert_finalize_object (g_steal_pointer (&local));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_session_sources (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0 + HOUR);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) a = fd_fake_source_new ("fake:a", FALSE, 60);
  g_autoptr(FdFakeSource) b = fd_fake_source_new ("fake:b", FALSE, 60);
  GListModel *sources = fd_session_get_sources (session);
  guint n_items_changed = 0;

  g_assert_true (g_list_model_get_item_type (sources) == FD_TYPE_SOURCE);
  g_signal_connect (sources, "items-changed", G_CALLBACK (items_changed_cb), &n_items_changed);
  {
    g_autoptr(FdBatch) ba = fd_fake_batch_new ("fake:a", TRUE, 0, 3, T0, "production", NULL,
                                               NULL);
    g_autoptr(FdBatch) bb = fd_fake_batch_new ("fake:b", TRUE, 0, 4, T0 + 5 * MINUTE,
                                               "development", NULL, NULL);

    fd_fake_source_push_batch (a, ba);
    fd_fake_source_push_batch (b, bb);
  }
  fd_session_add_source (session, FD_SOURCE (a));
  fd_session_add_source (session, FD_SOURCE (b));
  g_assert_cmpuint (n_items_changed, ==, 2);
  g_assert_true (fd_session_find_source (session, "fake:b") == FD_SOURCE (b));
  g_assert_null (fd_session_find_source (session, "fake:c"));
  settle (session);
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 7);

  /* Neither source is live: the window ends with the data. */
  g_assert_cmpint (fd_session_get_page_data (session)->query.to, ==,
                   T0 + 8 * MINUTE + SECOND);
  g_assert_cmpint (fd_session_get_page_data (session)->now, ==, T0 + 8 * MINUTE + SECOND);

  fd_session_remove_source (session, FD_SOURCE (b));
  g_assert_cmpuint (n_items_changed, ==, 3);
  settle (session);
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 3);
  g_assert_false (has_run (fd_session_get_snapshot (session), "fake:b:run-0"));
  g_assert_cmpstr (fd_session_get_environments (session)[0], ==, "production");
  g_assert_null (fd_session_get_environments (session)[1]);
  g_assert_cmpint (fd_session_get_page_data (session)->query.to, ==, T0 + 2 * MINUTE + SECOND);

  /* All of them (before the simulator, a file or edited sources come). */
  fd_session_add_source (session, FD_SOURCE (b));
  settle (session);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);
  fd_session_remove_all_sources (session);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 0);
  settle (session);
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 0);

  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_session_inject (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0 + HOUR);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) fake = fd_fake_source_new ("fake:a", TRUE, 60);
  g_autoptr(FdBatch) cached = fd_fake_batch_new ("fake:a", TRUE, 0, 5, T0, "production", NULL,
                                                 "cached");
  guint n_batches = 0;

  g_signal_connect (session, "batch-applied", G_CALLBACK (count_batch_cb), &n_batches);

  /* What the history cache loads at start, before the source is added. */
  fd_session_inject_batch (session, cached);
  settle (session);
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 5);
  g_assert_cmpuint (n_batches, ==, 0);
  g_assert_nonnull (fd_session_get_page_data (session));

  /* The source's first fetch goes on from the cached cursor. */
  fd_session_add_source (session, FD_SOURCE (fake));
  settle (session);
  assert_cursor (fake, "cached");
  g_assert_cmpuint (n_batches, ==, 1);
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), ==, 5);

  g_signal_handlers_disconnect_by_data (session, &n_batches);
  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&fake));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

/* Every property notifies on a change and not on the same value again. */
static void
test_session_properties (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0 + HOUR);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) fake = fd_fake_source_new ("fake:a", TRUE, 60);
  struct { const char *name; guint count; } counts[] = {
    { "environment" }, { "time-range" }, { "auto-refresh" }, { "canary-pass-threshold" },
    { "canary-marginal-threshold" }, { "snapshot" }, { "page-data" }, { "environments" },
    { "busy" }, { "refreshing" }, { "last-error" }, { "silences" }, { "sources" }, { "clock" },
  };
  g_autoptr(FdClock) got_clock = NULL;
  g_autoptr(GListModel) got_sources = NULL;
  g_autofree char *environment = NULL;
  g_autofree char *time_range = NULL;
  g_auto(GStrv) environments = NULL;
  g_autoptr(GPtrArray) silences = NULL;
  gboolean auto_refresh, busy;
  double pass;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", counts[i].name, NULL);

      g_signal_connect (session, signal, G_CALLBACK (count_cb), &counts[i].count);
    }
#define COUNT(i) (counts[i].count)

  /* Read-write: environment, time-range, auto-refresh, thresholds. */
  g_object_set (session, "environment", "production", NULL);
  g_object_set (session, "environment", "production", NULL);
  g_assert_cmpuint (COUNT (0), ==, 1);
  g_object_set (session, "time-range", "24h", NULL);
  g_object_set (session, "time-range", "24h", NULL);
  g_assert_cmpuint (COUNT (1), ==, 1);
  g_object_set (session, "auto-refresh", FALSE, NULL);
  g_object_set (session, "auto-refresh", FALSE, NULL);
  g_assert_cmpuint (COUNT (2), ==, 1);
  g_object_set (session, "canary-pass-threshold", 90.0, NULL);
  g_object_set (session, "canary-pass-threshold", 90.0, NULL);
  g_assert_cmpuint (COUNT (3), ==, 1);
  g_object_set (session, "canary-marginal-threshold", 70.0, NULL);
  g_object_set (session, "canary-marginal-threshold", 70.0, NULL);
  g_assert_cmpuint (COUNT (4), ==, 1);
  g_object_get (session, "environment", &environment, "time-range", &time_range,
                "auto-refresh", &auto_refresh, "canary-pass-threshold", &pass,
                "clock", &got_clock, "sources", &got_sources, NULL);
  g_assert_cmpstr (environment, ==, "production");
  g_assert_cmpstr (time_range, ==, "24h");
  g_assert_false (auto_refresh);
  g_assert_cmpfloat (pass, ==, 90.0);
  g_assert_cmpfloat (fd_session_get_canary_marginal_threshold (session), ==, 70.0);
  g_assert_true (got_clock == clock);
  g_assert_true (got_sources == fd_session_get_sources (session));

  /* An unknown range falls back to the default, with a warning. */
  g_test_expect_message ("fd-session", G_LOG_LEVEL_WARNING, "*Unknown time-range*");
  fd_session_set_time_range (session, "5 weeks");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (fd_session_get_time_range (session), ==, "7d");
  g_assert_cmpuint (COUNT (1), ==, 2);
  fd_session_set_time_range (session, "90m");
  g_assert_cmpint (fd_session_get_time_range_span (session), ==, 90 * MINUTE);

  /* The filter changes queried the empty history; start counting afresh. */
  settle (session);
  g_assert_nonnull (fd_session_get_page_data (session));
  g_assert_cmpuint (COUNT (6), >=, 1);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    counts[i].count = 0;

  /* Read-only: they follow the data. */
  {
    g_autoptr(FdBatch) batch = fd_fake_batch_new ("fake:a", TRUE, 0, 3, T0, "production", NULL,
                                                  NULL);
    GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);
    FdSilence *silence = fd_silence_new ();

    silence->id = g_strdup ("fake:a:s-1");
    g_ptr_array_add (list, silence);
    fd_batch_take_silences (batch, list);
    fd_fake_source_push_batch (fake, batch);
  }
  fd_fake_source_push_error (fake, FD_HTTP_ERROR, FD_HTTP_ERROR_AUTH, FD_TIME_NONE);
  fd_fake_source_push_error (fake, FD_HTTP_ERROR, FD_HTTP_ERROR_AUTH, FD_TIME_NONE);

  fd_session_add_source (session, FD_SOURCE (fake));
  g_assert_cmpuint (COUNT (12), ==, 0);   /* "sources" is the same list model throughout */
  g_assert_cmpuint (COUNT (8), ==, 1);
  g_assert_cmpuint (COUNT (9), ==, 1);
  settle (session);
  g_assert_cmpuint (COUNT (5), ==, 1);
  g_assert_cmpuint (COUNT (6), ==, 1);
  g_assert_cmpuint (COUNT (7), ==, 1);
  g_assert_cmpuint (COUNT (8), ==, 2);
  g_assert_cmpuint (COUNT (9), ==, 2);
  g_assert_cmpuint (COUNT (11), ==, 1);
  g_object_get (session, "environments", &environments, "silences", &silences, "busy", &busy,
                NULL);
  g_assert_cmpstr (environments[0], ==, "production");
  g_assert_cmpuint (silences->len, ==, 1);
  g_assert_cmpstr (((FdSilence *) g_ptr_array_index (silences, 0))->id, ==, "fake:a:s-1");
  g_assert_false (busy);

  fd_session_refresh (session);
  settle (session);
  g_assert_cmpuint (COUNT (10), ==, 1);
  g_assert_nonnull (fd_session_get_last_error (session));
  fd_session_refresh (session);
  settle (session);
  g_assert_cmpuint (COUNT (10), ==, 1);
  fd_session_refresh (session);
  settle (session);
  g_assert_cmpuint (COUNT (10), ==, 2);
  g_assert_null (fd_session_get_last_error (session));
  /* Nothing new in the unchanged polls. */
  g_assert_cmpuint (COUNT (5), ==, 1);
  g_assert_cmpuint (COUNT (7), ==, 1);
  g_assert_cmpuint (COUNT (13), ==, 0);
#undef COUNT

  g_signal_handlers_disconnect_by_func (session, count_cb, NULL);
  finalize_session (g_steal_pointer (&session));
  g_clear_object (&got_clock);
  g_clear_object (&got_sources);
  g_assert_finalize_object (g_steal_pointer (&fake));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

/* The simulator follows the session's clock: its history ends "now". */
static void
test_session_simulator (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdSimSource) sim = fd_sim_source_new (7);
  guint before;

  fd_session_add_source (session, FD_SOURCE (sim));
  g_assert_true (fd_sim_source_get_clock (sim) == clock);
  settle (session);
  before = n_runs (fd_session_get_snapshot (session));
  g_assert_cmpuint (before, >, 1000);
  g_assert_cmpint (fd_session_get_page_data (session)->query.to, ==, T0);
  g_assert_cmpint (fd_snapshot_get_last_time (fd_session_get_snapshot (session)), <, T0);

  /* Half an hour later, on its 30 s timer: new runs, the window moved. */
  for (guint i = 0; i < 60; i++)
    {
      fd_clock_advance (clock, 30 * SECOND);
      settle (session);
    }
  g_assert_cmpuint (n_runs (fd_session_get_snapshot (session)), >, before);
  g_assert_cmpint (fd_session_get_page_data (session)->query.to, ==, T0 + 30 * MINUTE);

  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&sim));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

/* The app on a history file: 50 runs appended show; a truncated file starts over. */
typedef struct
{
  FdSession *session;
  guint      runs;
} RunsCount;

static gboolean
has_n_runs (gpointer data)
{
  RunsCount *c = data;

  return !fd_session_get_busy (c->session) &&
         n_runs (fd_session_get_snapshot (c->session)) == c->runs;
}

static void
append_runs (const char *path,
             const char *mode,
             guint       first,
             guint       n)
{
  FILE *f = g_fopen (path, mode);

  g_assert_nonnull (f);
  for (guint i = first; i < first + n; i++)
    fprintf (f, "{\"type\":\"pipeline_run\",\"id\":\"run-%u\",\"pipeline\":\"shop/build\","
             "\"service\":\"shop\",\"environment\":\"production\",\"status\":\"success\","
             "\"started_at\":\"2026-09-%02uT%02u:%02u:00Z\","
             "\"finished_at\":\"2026-09-%02uT%02u:%02u:30Z\"}\n",
             i, 1 + i / 1440, (i / 60) % 24, i % 60, 1 + i / 1440, (i / 60) % 24, i % 60);
  fclose (f);
}

static void
test_session_file (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFileSource) source = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdActionStore) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flightdeck-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.jsonl", NULL);
  g_autofree char *store_path = g_build_filename (dir, "actions.sqlite", NULL);
  RunsCount wanted = { session, 0 };

  append_runs (path, "w", 0, 5000);
  file = g_file_new_for_path (path);
  source = fd_file_source_new (file);
  store = fd_action_store_new (store_path, NULL);
  fd_file_source_set_action_store (source, store);

  fd_session_add_source (session, FD_SOURCE (source));
  wanted.runs = 5000;
  wait_until (has_n_runs, &wanted);

  /* Appended while open: the monitor tells, only the new lines are read. */
  append_runs (path, "a", 5000, 50);
  wanted.runs = 5050;
  wait_until (has_n_runs, &wanted);
  g_assert_true (has_run (fd_session_get_snapshot (session), "run-5049"));
  /* Appended in place: the store wrote the new runs, not the history. */
  g_assert_cmpuint (_fd_record_store_get_n_written (fd_session_get_store (session)), <=, 50);

  /* Truncated and rewritten: everything from the file starts over. */
  append_runs (path, "w", 9000, 3);
  wanted.runs = 3;
  wait_until (has_n_runs, &wanted);
  g_assert_true (has_run (fd_session_get_snapshot (session), "run-9002"));
  g_assert_false (has_run (fd_session_get_snapshot (session), "run-0"));

  settle (session);
  finalize_session (g_steal_pointer (&session));
  g_assert_finalize_object (g_steal_pointer (&source));
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_finalize_object (g_steal_pointer (&clock));
  g_unlink (path);
  g_unlink (store_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/session/batches", test_session_batches);
  g_test_add_func ("/flightdeck/session/filter-cancels-query", test_session_filter_cancels_query);
  g_test_add_func ("/flightdeck/session/timers", test_session_timers);
  g_test_add_func ("/flightdeck/session/backoff", test_session_backoff);
  g_test_add_func ("/flightdeck/session/rate-limit", test_session_rate_limit);
  g_test_add_func ("/flightdeck/session/actions", test_session_actions);
  g_test_add_func ("/flightdeck/session/sources", test_session_sources);
  g_test_add_func ("/flightdeck/session/inject", test_session_inject);
  g_test_add_func ("/flightdeck/session/properties", test_session_properties);
  g_test_add_func ("/flightdeck/session/simulator", test_session_simulator);
  g_test_add_func ("/flightdeck/session/file", test_session_file);

  return g_test_run ();
}
