/* test-sources-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sources-provider"

#include "config.h"

#include "fd-sources-provider.h"

#include <string.h>

typedef struct
{
  FdBatch *batch;
  GError  *error;
  guint    retry_s;     /* a rate-limited answer: wait this long */
} Result;

static Result *
ok (FdBatch *batch)
{
  Result *result = g_new0 (Result, 1);

  result->batch = batch;
  return result;
}

static Result *
fail (const char *message)
{
  Result *result = g_new0 (Result, 1);

  result->error = g_error_new_literal (FD_SOURCE_ERROR, FD_SOURCE_ERROR_FAILED, message);
  return result;
}

/* A source that answers from a queue of programmed results. */
#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource
{
  GObject     parent_instance;
  char       *uri;
  GQueue      results;       /* FdBatch or GError */
  GPtrArray  *cursors_seen;  /* the cursor of each fetch, as a string or "(null)" */
  GPtrArray  *actions;       /* FdAction */
};

static void test_source_iface_init (FdSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSource, test_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_SOURCE, test_source_iface_init))

static const char *
test_source_get_uri (FdSource *source)
{
  return TEST_SOURCE (source)->uri;
}

static FdSourceCapabilities
test_source_get_capabilities (FdSource *source)
{
  return FD_SOURCE_CAN_ACKNOWLEDGE;
}

static void
test_source_fetch_async (FdSource            *source,
                         GBytes              *cursor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  TestSource *self = TEST_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Result *result = g_queue_pop_head (&self->results);

  g_ptr_array_add (self->cursors_seen,
                   cursor ? g_strndup (g_bytes_get_data (cursor, NULL), g_bytes_get_size (cursor))
                          : g_strdup ("(null)"));
  g_assert_nonnull (result);
  if (result->retry_s > 0)
    {
      /* As FdLiveSource reports a 429 with retry-after. */
      fd_source_status_set_retry_at (fd_source_get_status (source),
                                     g_get_real_time () + (FdTime) result->retry_s * G_USEC_PER_SEC);
      fd_source_status_set_state (fd_source_get_status (source), FD_SOURCE_STATE_RATE_LIMITED);
    }
  if (result->error != NULL)
    g_task_return_error (task, result->error);
  else
    g_task_return_pointer (task, result->batch, (GDestroyNotify) fd_batch_unref);
  g_free (result);
}

static FdBatch *
test_source_fetch_finish (FdSource      *source,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_source_apply_async (FdSource            *source,
                         const FdAction      *action,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  TestSource *self = TEST_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_ptr_array_add (self->actions, fd_action_copy (action));
  g_task_return_boolean (task, TRUE);
}

static gboolean
test_source_apply_finish (FdSource      *source,
                          GAsyncResult  *result,
                          char         **out_result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static guint
test_source_get_default_interval (FdSource *source)
{
  return 1;
}

static void
test_source_iface_init (FdSourceInterface *iface)
{
  iface->get_default_interval = test_source_get_default_interval;
  iface->get_uri = test_source_get_uri;
  iface->get_capabilities = test_source_get_capabilities;
  iface->fetch_async = test_source_fetch_async;
  iface->fetch_finish = test_source_fetch_finish;
  iface->apply_async = test_source_apply_async;
  iface->apply_finish = test_source_apply_finish;
}

static void
test_source_finalize (GObject *object)
{
  TestSource *self = TEST_SOURCE (object);

  g_free (self->uri);
  g_assert_true (g_queue_is_empty (&self->results));
  g_ptr_array_unref (self->cursors_seen);
  g_ptr_array_unref (self->actions);

  G_OBJECT_CLASS (test_source_parent_class)->finalize (object);
}

static void
test_source_class_init (TestSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_source_finalize;
}

static void
test_source_init (TestSource *self)
{
  g_queue_init (&self->results);
  self->cursors_seen = g_ptr_array_new_with_free_func (g_free);
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_action_free);
}

static TestSource *
test_source_new (const char *uri)
{
  TestSource *self = g_object_new (TEST_TYPE_SOURCE, NULL);

  self->uri = g_strdup (uri);
  return self;
}

static FdBatch *
batch_with_runs (const char *uri,
                 const char *cursor,
                 guint       first,
                 guint       n,
                 FdRunStatus status)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GBytes) bytes = cursor ? g_bytes_new (cursor, strlen (cursor)) : NULL;

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s:run:%u", uri, i);
      FdPipelineRun run = { 0 };

      run.id = fd_snapshot_builder_intern (builder, id);
      run.pipeline = fd_snapshot_builder_intern (builder, "app/ci");
      run.service = fd_snapshot_builder_intern (builder, "app");
      run.environment = fd_snapshot_builder_intern (builder, "production");
      run.started_at = (FdTime) (1000 + i) * G_USEC_PER_SEC;
      run.finished_at = status == FD_RUN_RUNNING ? FD_TIME_NONE : run.started_at + G_USEC_PER_SEC;
      run.status = status;
      fd_snapshot_builder_add_run (builder, &run, NULL, 0);
    }
  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));

  return fd_batch_new (uri, snapshot, NULL, bytes);
}

typedef struct
{
  GError   **error;
  gboolean   done;
} Wait;

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;
  FdSnapshot *snapshot;

  snapshot = fd_data_provider_refresh_finish (FD_DATA_PROVIDER (object), result, wait->error);
  if (snapshot != NULL)
    fd_snapshot_unref (snapshot);
  else
    g_assert_nonnull (*wait->error);
  wait->done = TRUE;
}

static void
refresh (FdSourcesProvider  *provider,
         GError            **error)
{
  Wait wait = { error, FALSE };

  fd_data_provider_refresh_async (FD_DATA_PROVIDER (provider), NULL, refreshed_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
}

static gsize
n_runs (FdSourcesProvider *provider)
{
  g_autoptr(FdSnapshot) snapshot = fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (provider));
  gsize n = 0;

  if (snapshot != NULL)
    fd_snapshot_get_runs (snapshot, &n);
  return n;
}

static void
test_sources_provider_merges_and_keeps (void)
{
  g_autoptr(FdSourcesProvider) provider = fd_sources_provider_new ();
  TestSource *a = test_source_new ("github:o/a");
  TestSource *b = test_source_new ("jenkins:shop/build");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  const FdPipelineRun *runs;
  gsize n;

  g_queue_push_tail (&a->results, ok (batch_with_runs ("github:o/a", "c1", 0, 3, FD_RUN_RUNNING)));
  g_queue_push_tail (&b->results,
                     ok (batch_with_runs ("jenkins:shop/build", "j1", 0, 2, FD_RUN_SUCCESS)));
  /* Second poll: a's runs 0..2 finish and one more arrives; b fails. */
  g_queue_push_tail (&a->results, ok (batch_with_runs ("github:o/a", "c2", 0, 4, FD_RUN_SUCCESS)));
  g_queue_push_tail (&b->results, fail ("authentication failed (HTTP 401)"));
  fd_sources_provider_add_source (provider, FD_SOURCE (a));
  fd_sources_provider_add_source (provider, FD_SOURCE (b));

  refresh (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_runs (provider), ==, 5);
  g_assert_cmpstr (g_ptr_array_index (a->cursors_seen, 0), ==, "(null)");

  refresh (provider, &error);
  g_assert_no_error (error);
  /* b's runs are kept although its fetch failed; a's runs were updated in place. */
  g_assert_cmpuint (n_runs (provider), ==, 6);
  g_assert_cmpstr (g_ptr_array_index (a->cursors_seen, 1), ==, "c1");
  g_assert_cmpstr (g_ptr_array_index (b->cursors_seen, 1), ==, "j1");
  g_assert_cmpuint (fd_sources_provider_get_errors (provider)->len, ==, 1);
  g_assert_cmpstr (((GError *) g_ptr_array_index (fd_sources_provider_get_errors (provider), 0))->message,
                   ==, "jenkins:shop/build: authentication failed (HTTP 401)");

  snapshot = fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (provider));
  runs = fd_snapshot_get_runs (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (runs[i].status, ==, FD_RUN_SUCCESS);

  g_object_unref (a);
  g_object_unref (b);
}

static void
test_sources_provider_routes_actions (void)
{
  g_autoptr(FdSourcesProvider) provider = fd_sources_provider_new ();
  g_autoptr(TestSource) a = test_source_new ("alertmanager:eu");
  g_autoptr(TestSource) b = test_source_new ("alertmanager:us");
  g_autoptr(FdAction) action = fd_action_new (FD_ACTION_ACKNOWLEDGE, "alertmanager:us:fp1:t", 0,
                                              FD_TIME_NONE);
  g_autoptr(FdAction) stray = fd_action_new (FD_ACTION_ACKNOWLEDGE, "alertmanager:asia:fp", 0,
                                             FD_TIME_NONE);
  g_autoptr(FdAction) promote = fd_action_new (FD_ACTION_PROMOTE, "alertmanager:eu:x", 0,
                                               FD_TIME_NONE);
  g_autoptr(GError) error = NULL;

  fd_sources_provider_add_source (provider, FD_SOURCE (a));
  fd_sources_provider_add_source (provider, FD_SOURCE (b));
  /* After an action, its source is fetched at once, so the result shows. */
  g_queue_push_tail (&b->results, ok (fd_batch_new ("alertmanager:us", NULL, NULL, NULL)));

  /* The UI offers only what the owning source takes. */
  g_assert_true (fd_data_provider_can_apply (FD_DATA_PROVIDER (provider), FD_ACTION_ACKNOWLEDGE,
                                             "alertmanager:us:fp1:t"));
  g_assert_false (fd_data_provider_can_apply (FD_DATA_PROVIDER (provider), FD_ACTION_RESOLVE,
                                              "alertmanager:us:fp1:t"));
  g_assert_false (fd_data_provider_can_apply (FD_DATA_PROVIDER (provider), FD_ACTION_ACKNOWLEDGE,
                                              "alertmanager:asia:fp"));

  fd_data_provider_apply_async (FD_DATA_PROVIDER (provider), action, NULL, NULL, NULL);
  g_assert_cmpuint (a->actions->len, ==, 0);
  g_assert_cmpuint (b->actions->len, ==, 1);
  g_assert_cmpstr (((FdAction *) g_ptr_array_index (b->actions, 0))->target_id, ==,
                   "alertmanager:us:fp1:t");

  fd_data_provider_apply_async (FD_DATA_PROVIDER (provider), stray, NULL, NULL, NULL);
  fd_data_provider_apply_async (FD_DATA_PROVIDER (provider), promote, NULL, NULL, NULL);
  g_assert_cmpuint (a->actions->len + b->actions->len, ==, 1);
  while (b->cursors_seen->len < 1)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (b->cursors_seen->len, ==, 1);
  g_assert_cmpuint (a->cursors_seen->len, ==, 0);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("the provider did not poll in time");
  return G_SOURCE_REMOVE;
}

static void
test_sources_provider_polls_on_its_own (void)
{
  g_autoptr(FdSourcesProvider) provider = fd_sources_provider_new ();
  g_autoptr(TestSource) a = test_source_new ("gitlab:7");
  FdSourceStatus *status = fd_source_get_status (FD_SOURCE (a));
  guint timeout;
  FdTime before;

  g_queue_push_tail (&a->results, ok (batch_with_runs ("gitlab:7", "p1", 0, 1, FD_RUN_SUCCESS)));
  g_queue_push_tail (&a->results, ok (batch_with_runs ("gitlab:7", "p2", 1, 2, FD_RUN_SUCCESS)));
  g_queue_push_tail (&a->results, fail ("server error (HTTP 502)"));
  fd_sources_provider_add_source (provider, FD_SOURCE (a));

  timeout = g_timeout_add_seconds (20, timeout_cb, NULL);
  before = g_get_real_time ();
  fd_sources_provider_set_polling (provider, TRUE);
  g_assert_cmpint (fd_source_status_get_next_fetch (status), >=, before + G_USEC_PER_SEC);
  g_assert_cmpint (fd_source_status_get_next_fetch (status), <=,
                   g_get_real_time () + G_USEC_PER_SEC);

  while (n_runs (provider) < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (a->cursors_seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (a->cursors_seen, 1), ==, "p1");

  /* The failure backs off: the next fetch is more than one interval away. */
  while (a->cursors_seen->len < 3)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (g_ptr_array_index (a->cursors_seen, 2), ==, "p2");
  g_assert_cmpuint (n_runs (provider), ==, 3);

  fd_sources_provider_set_polling (provider, FALSE);
  g_assert_cmpint (fd_source_status_get_next_fetch (status), ==, FD_TIME_NONE);
  g_source_remove (timeout);
}

static void
test_sources_provider_waits_out_rate_limit (void)
{
  g_autoptr(FdSourcesProvider) provider = fd_sources_provider_new ();
  g_autoptr(TestSource) a = test_source_new ("github:o/limited");
  Result *limited = fail ("rate limited until 12:00:03 UTC");
  FdSourceStatus *status = fd_source_get_status (FD_SOURCE (a));
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);
  gint64 first_at, second_at;
  FdTime retry_at;

  limited->retry_s = 3;
  g_queue_push_tail (&a->results, limited);
  g_queue_push_tail (&a->results, ok (batch_with_runs ("github:o/limited", "c", 0, 1, FD_RUN_SUCCESS)));
  fd_sources_provider_add_source (provider, FD_SOURCE (a));
  fd_sources_provider_set_polling (provider, TRUE);

  while (a->cursors_seen->len < 1)
    g_main_context_iteration (NULL, TRUE);
  first_at = g_get_monotonic_time ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  retry_at = fd_source_status_get_retry_at (status);
  /* The next fetch waits for the server's time, not the 1 s interval. */
  g_assert_cmpint (fd_source_status_get_next_fetch (status), >=, retry_at);

  while (n_runs (provider) < 1)
    g_main_context_iteration (NULL, TRUE);
  second_at = g_get_monotonic_time ();
  g_assert_cmpint (second_at - first_at, >=, (gint64) 2500 * 1000);
  g_assert_cmpuint (a->cursors_seen->len, ==, 2);

  fd_sources_provider_set_polling (provider, FALSE);
  g_source_remove (timeout);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/sources-provider/merges-and-keeps",
                   test_sources_provider_merges_and_keeps);
  g_test_add_func ("/flightdeck/sources-provider/polls-on-its-own",
                   test_sources_provider_polls_on_its_own);
  g_test_add_func ("/flightdeck/sources-provider/waits-out-rate-limit",
                   test_sources_provider_waits_out_rate_limit);
  g_test_add_func ("/flightdeck/sources-provider/routes-actions",
                   test_sources_provider_routes_actions);

  return g_test_run ();
}
