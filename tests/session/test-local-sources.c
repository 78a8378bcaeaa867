/* test-local-sources.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-local-sources"

#include "config.h"

#include "fd-file-source.h"
#include "fd-record-store.h"
#include "fd-sim-source.h"
#include "fd-sources.h"

#include <glib/gstdio.h>
#include <string.h>

#define SECOND ((FdTime) G_USEC_PER_SEC)
#define MINUTE (60 * SECOND)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
#define T0     ((FdTime) 1790157600 * SECOND)

/* Helpers {{{ */

typedef struct
{
  FdBatch *batch;
  GError  *error;
  gboolean done;
} FetchResult;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchResult *r = user_data;

  r->batch = fd_source_fetch_finish (FD_SOURCE (object), result, &r->error);
  r->done = TRUE;
}

static FdBatch *
fetch (FdSource *source,
       GBytes   *cursor)
{
  FetchResult r = { NULL, NULL, FALSE };

  fd_source_fetch_async (source, cursor, NULL, fetched_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.batch);
  return r.batch;
}

static GError *
fetch_error (FdSource *source,
             GBytes   *cursor)
{
  FetchResult r = { NULL, NULL, FALSE };

  fd_source_fetch_async (source, cursor, NULL, fetched_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.batch);
  g_assert_nonnull (r.error);
  return r.error;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ApplyResult;

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ApplyResult *r = user_data;

  r->ok = fd_source_apply_finish (FD_SOURCE (object), result, NULL, &r->error);
  r->done = TRUE;
}

static void
act (FdSource     *source,
     FdActionKind  kind,
     const char   *target,
     FdTime        at)
{
  g_autoptr(FdAction) action = fd_action_new (kind, target, at, FD_TIME_NONE);
  ApplyResult r = { FALSE, FALSE, NULL };

  fd_source_apply_async (source, action, NULL, applied_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static gsize
batch_runs (FdBatch *batch)
{
  gsize n;

  fd_snapshot_get_runs (fd_batch_get_records (batch), &n);
  return n;
}

static gboolean
starts_over (FdBatch *batch)
{
  return g_strv_contains (fd_batch_get_gone (batch), fd_batch_get_source_uri (batch));
}

static const FdAlert *
find_alert (FdSnapshot *snapshot,
            const char *id)
{
  gsize n;
  const FdAlert *alerts = fd_snapshot_get_alerts (snapshot, &n);

  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (fd_snapshot_str (snapshot, alerts[i].id), id) == 0)
      return &alerts[i];
  return NULL;
}

static char *
run_line (guint i)
{
  return g_strdup_printf ("{\"type\":\"pipeline_run\",\"id\":\"run-%u\","
                          "\"pipeline\":\"shop/build\","
                          "\"service\":\"shop\",\"environment\":\"production\","
                          "\"status\":\"success\",\"started_at\":\"2026-09-01T%02u:%02u:00Z\","
                          "\"finished_at\":\"2026-09-01T%02u:%02u:30Z\"}",
                          i, (i / 60) % 24, i % 60, (i / 60) % 24, i % 60);
}

static void
write_file (const char *path,
            const char *mode,
            const char *text)
{
  FILE *f = g_fopen (path, mode);

  g_assert_nonnull (f);
  fputs (text, f);
  fclose (f);
}

static void
write_runs (const char *path,
            const char *mode,
            guint       first,
            guint       n)
{
  GString *text = g_string_new (NULL);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *line = run_line (i);

      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }
  write_file (path, mode, text->str);
  g_string_free (text, TRUE);
}

typedef struct
{
  char *dir;
  char *path;
  char *store_path;
} Files;

static void
files_init (Files *f)
{
  f->dir = g_dir_make_tmp ("flightdeck-sources-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "history.jsonl", NULL);
  f->store_path = g_build_filename (f->dir, "actions.sqlite", NULL);
}

static void
files_clear (Files *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->store_path);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* }}} */

/* The file source {{{ */

static void
test_file_source_incremental (void)
{
  Files f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdFileSource) source = NULL;
  g_autoptr(FdBatch) b1 = NULL, b2 = NULL, b3 = NULL, b4 = NULL;
  g_autofree char *uri = NULL;
  FdSourceStatus *status;

  files_init (&f);
  write_runs (f.path, "w", 0, 100);
  file = g_file_new_for_path (f.path);
  source = fd_file_source_new (file);
  uri = g_file_get_uri (file);
  g_assert_cmpstr (fd_source_get_uri (FD_SOURCE (source)), ==, uri);
  g_assert_false (fd_source_is_live (FD_SOURCE (source)));
  g_assert_true (fd_file_source_get_file (source) == file);
  status = fd_source_get_status (FD_SOURCE (source));
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_NEW);

  /* The first read: everything, replacing what the session had. */
  b1 = fetch (FD_SOURCE (source), NULL);
  g_assert_cmpuint (batch_runs (b1), ==, 100);
  g_assert_true (starts_over (b1));
  g_assert_nonnull (fd_batch_get_cursor (b1));
  g_assert_cmpuint (fd_file_source_get_n_valid (source), ==, 100);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_OK);

  /* Nothing new: an empty batch. */
  b2 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b1));
  g_assert_true (fd_batch_is_empty (b2));

  /* Appended lines only. */
  write_runs (f.path, "a", 100, 7);
  b3 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b2));
  g_assert_cmpuint (batch_runs (b3), ==, 7);
  g_assert_false (starts_over (b3));
  g_assert_cmpuint (fd_file_source_get_n_valid (source), ==, 107);

  /* Truncated: from the start. */
  write_runs (f.path, "w", 500, 2);
  b4 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b3));
  g_assert_cmpuint (batch_runs (b4), ==, 2);
  g_assert_true (starts_over (b4));
  g_assert_cmpuint (fd_file_source_get_n_valid (source), ==, 2);

  /* Applied in turn, the store holds what the file holds. */
  {
    g_autoptr(FdRecordStore) store = fd_record_store_new ();
    FdBatch *batches[] = { b1, b2, b3 };
    FdSnapshot *snapshot = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (batches); i++)
      {
        g_clear_pointer (&snapshot, fd_snapshot_unref);
        snapshot = fd_record_store_apply (store, batches[i], FD_TIME_NONE);
      }
    g_assert_cmpuint (fd_record_store_get_n_records (store, uri), ==, 107);
    fd_snapshot_unref (snapshot);
    snapshot = fd_record_store_apply (store, b4, FD_TIME_NONE);
    g_assert_cmpuint (fd_record_store_get_n_records (store, uri), ==, 2);
    fd_snapshot_unref (snapshot);
  }

  /* Gone: an error, stale data stays with the session. */
  g_unlink (f.path);
  {
    g_autoptr(GError) error = fetch_error (FD_SOURCE (source), fd_batch_get_cursor (b4));

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_STALE);
    g_assert_nonnull (fd_source_status_get_message (status));
  }

  g_assert_finalize_object (g_steal_pointer (&source));
  files_clear (&f);
}

static void
test_file_source_partial_line (void)
{
  Files f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdFileSource) source = NULL;
  g_autoptr(FdBatch) b1 = NULL, b2 = NULL, b3 = NULL, b4 = NULL, b5 = NULL;
  g_autofree char *line = run_line (2);
  g_autofree char *half = g_strndup (line, 40);

  files_init (&f);
  write_runs (f.path, "w", 0, 2);
  /* A writer in the middle of its third line. */
  write_file (f.path, "a", half);
  file = g_file_new_for_path (f.path);
  source = fd_file_source_new (file);

  b1 = fetch (FD_SOURCE (source), NULL);
  g_assert_cmpuint (batch_runs (b1), ==, 2);
  g_assert_cmpuint (fd_file_source_get_n_invalid (source), ==, 0);

  /* The line completed, with its end: taken. */
  write_file (f.path, "a", line + 40);
  write_file (f.path, "a", "\n");
  b2 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b1));
  g_assert_cmpuint (batch_runs (b2), ==, 1);
  g_assert_cmpuint (fd_file_source_get_n_invalid (source), ==, 0);

  /* A complete record without a line end is taken at once. */
  {
    g_autofree char *last = run_line (3);

    write_file (f.path, "a", last);
  }
  b3 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b2));
  g_assert_cmpuint (batch_runs (b3), ==, 1);

  /* Garbage at the end: waited for once, then reported with its line. */
  write_file (f.path, "a", "\n{\"type\": \"pipeline_r");
  b4 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b3));
  g_assert_true (fd_batch_is_empty (b4));
  g_assert_cmpuint (fd_file_source_get_n_invalid (source), ==, 0);
  b5 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b4));
  g_assert_true (fd_batch_is_empty (b5));
  g_assert_cmpuint (fd_file_source_get_n_invalid (source), ==, 1);
  g_assert_cmpuint (fd_file_source_get_problems (source)->len, ==, 1);
  g_assert_cmpuint (((FdFileProblem *) g_ptr_array_index (fd_file_source_get_problems (source),
                                                           0))->line, ==, 6);

  g_assert_finalize_object (g_steal_pointer (&source));
  files_clear (&f);
}

static void
test_file_source_replaced (void)
{
  Files f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdFileSource) source = NULL;
  g_autoptr(FdBatch) b1 = NULL, b2 = NULL, b3 = NULL;
  g_autofree char *other = NULL;

  files_init (&f);
  write_runs (f.path, "w", 0, 10);
  file = g_file_new_for_path (f.path);
  source = fd_file_source_new (file);
  b1 = fetch (FD_SOURCE (source), NULL);

  /* Another file renamed over it, longer than the first. */
  other = g_build_filename (f.dir, "other.jsonl", NULL);
  write_runs (other, "w", 1000, 20);
  g_assert_cmpint (g_rename (other, f.path), ==, 0);
  b2 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b1));
  g_assert_true (starts_over (b2));
  g_assert_cmpuint (batch_runs (b2), ==, 20);

  /* Rewritten in place with other content of the same size or longer. */
  write_runs (f.path, "r+", 2000, 20);
  b3 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b2));
  g_assert_true (starts_over (b3));
  g_assert_cmpuint (batch_runs (b3), ==, 20);

  g_assert_finalize_object (g_steal_pointer (&source));
  files_clear (&f);
}

static void
test_file_source_problems (void)
{
  Files f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdFileSource) source = NULL;
  g_autoptr(FdBatch) b1 = NULL, b2 = NULL;
  GPtrArray *problems;

  files_init (&f);
  write_runs (f.path, "w", 0, 2);
  write_file (f.path, "a", "not json\n\n{\"type\":\"mystery\"}\n");
  file = g_file_new_for_path (f.path);
  source = fd_file_source_new (file);
  b1 = fetch (FD_SOURCE (source), NULL);
  g_assert_cmpuint (fd_file_source_get_n_valid (source), ==, 2);
  g_assert_cmpuint (fd_file_source_get_n_invalid (source), ==, 1);
  g_assert_cmpuint (fd_file_source_get_n_unknown_types (source), ==, 1);

  /* Line numbers go on across reads. */
  write_runs (f.path, "a", 2, 1);
  write_file (f.path, "a", "[1, 2]\n");
  b2 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b1));
  g_assert_cmpuint (batch_runs (b2), ==, 1);
  problems = fd_file_source_get_problems (source);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpuint (((FdFileProblem *) g_ptr_array_index (problems, 0))->line, ==, 3);
  g_assert_cmpuint (((FdFileProblem *) g_ptr_array_index (problems, 1))->line, ==, 7);
  g_assert_nonnull (((FdFileProblem *) g_ptr_array_index (problems, 1))->reason);

  g_assert_finalize_object (g_steal_pointer (&source));
  files_clear (&f);
}

static void
test_file_source_actions (void)
{
  Files f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdFileSource) source = NULL;
  g_autoptr(FdActionStore) store = NULL;
  g_autoptr(FdBatch) b1 = NULL, b2 = NULL, b3 = NULL, b4 = NULL, b5 = NULL;
  g_autofree char *uri = NULL;
  const FdAlert *alert;
  guint n_store = 0;

  files_init (&f);
  write_file (f.path, "w",
              "{\"type\":\"alert\",\"id\":\"a1\",\"name\":\"HighErrorRate\",\"service\":\"shop\","
              "\"environment\":\"production\",\"severity\":\"critical\",\"status\":\"firing\","
              "\"started_at\":\"2026-09-01T10:00:00Z\"}\n");
  write_runs (f.path, "a", 0, 3);
  file = g_file_new_for_path (f.path);
  source = fd_file_source_new (file);
  uri = g_file_get_uri (file);
  store = fd_action_store_new (f.store_path, NULL);
  g_assert_nonnull (store);
  g_signal_connect (source, "notify::action-store", G_CALLBACK (count_cb), &n_store);
  fd_file_source_set_action_store (source, store);
  fd_file_source_set_action_store (source, store);
  g_assert_cmpuint (n_store, ==, 1);
  g_assert_true (fd_file_source_get_action_store (source) == store);

  b1 = fetch (FD_SOURCE (source), NULL);
  alert = find_alert (fd_batch_get_records (b1), "a1");
  g_assert_cmpint (alert->status, ==, FD_ALERT_FIRING);

  /* Acknowledged: kept in the store, never in the file; the alert comes
   * again with the overlay, though the file did not change. */
  g_assert_true (FD_SOURCE_CAN (fd_source_get_capabilities (FD_SOURCE (source)),
                                FD_ACTION_ACKNOWLEDGE));
  act (FD_SOURCE (source), FD_ACTION_ACKNOWLEDGE, "a1", T0);
  {
    g_autoptr(GPtrArray) kept = fd_action_store_list (store, uri);

    g_assert_cmpuint (kept->len, ==, 1);
  }
  b2 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b1));
  alert = find_alert (fd_batch_get_records (b2), "a1");
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->status, ==, FD_ALERT_ACKNOWLEDGED);
  g_assert_cmpuint (batch_runs (b2), ==, 0);

  /* Once sent, not again. */
  b3 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b2));
  g_assert_true (fd_batch_is_empty (b3));

  /* New lines come alone. */
  write_runs (f.path, "a", 3, 1);
  b4 = fetch (FD_SOURCE (source), fd_batch_get_cursor (b3));
  g_assert_cmpuint (batch_runs (b4), ==, 1);
  g_assert_null (find_alert (fd_batch_get_records (b4), "a1"));

  /* Read again from the start, the action is still on it. */
  b5 = fetch (FD_SOURCE (source), NULL);
  alert = find_alert (fd_batch_get_records (b5), "a1");
  g_assert_cmpint (alert->status, ==, FD_ALERT_ACKNOWLEDGED);

  g_assert_finalize_object (g_steal_pointer (&source));
  g_assert_finalize_object (g_steal_pointer (&store));
  files_clear (&f);
}

static void
changed_cb (FdFileSource *source,
            gpointer      user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_file_source_changed (void)
{
  Files f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdFileSource) source = NULL;
  gboolean timed_out = FALSE;
  guint n_changed = 0;
  guint id;

  files_init (&f);
  write_runs (f.path, "w", 0, 1);
  file = g_file_new_for_path (f.path);
  source = fd_file_source_new (file);
  g_signal_connect (source, "changed", G_CALLBACK (changed_cb), &n_changed);

  /* Let the monitor settle, then write. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  write_runs (f.path, "a", 1, 1);

  id = g_timeout_add_seconds (10, timed_out_cb, &timed_out);
  while (n_changed == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

  g_signal_handlers_disconnect_by_func (source, changed_cb, &n_changed);
  g_assert_finalize_object (g_steal_pointer (&source));
  files_clear (&f);
}

/* }}} */

/* The simulator {{{ */

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Every record as a line of text, sorted: equal histories, equal text. */
static char *
describe_all (FdSnapshot *s)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const FdPipelineRun *runs;
  const FdDeployment *deployments;
  const FdAlert *alerts;
  const FdCanary *canaries;
  const FdCanarySample *samples;
  GString *out = g_string_new (NULL);
  gsize n;

  runs = fd_snapshot_get_runs (s, &n);
  for (gsize i = 0; i < n; i++)
    {
      gsize n_stages;
      const FdStage *stages = fd_snapshot_get_stages (s, &runs[i], &n_stages);
      GString *line = g_string_new (NULL);

      g_string_printf (line, "run %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u",
                       fd_snapshot_str (s, runs[i].id), runs[i].started_at, runs[i].finished_at,
                       runs[i].status);
      for (gsize k = 0; k < n_stages; k++)
        g_string_append_printf (line, " %s:%u:%.3f", fd_snapshot_str (s, stages[k].name),
                                stages[k].status, stages[k].duration_s);
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  deployments = fd_snapshot_get_deployments (s, &n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (lines, g_strdup_printf ("deployment %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                             " %u %d", fd_snapshot_str (s, deployments[i].id),
                                             deployments[i].started_at,
                                             deployments[i].finished_at, deployments[i].status,
                                             deployments[i].caused_incident));
  alerts = fd_snapshot_get_alerts (s, &n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (lines, g_strdup_printf ("alert %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                             " %" G_GINT64_FORMAT " %u",
                                             fd_snapshot_str (s, alerts[i].id),
                                             alerts[i].started_at, alerts[i].acknowledged_at,
                                             alerts[i].resolved_at, alerts[i].status));
  canaries = fd_snapshot_get_canaries (s, &n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (lines, g_strdup_printf ("canary %s %" G_GINT64_FORMAT " %u %d %.3f",
                                             fd_snapshot_str (s, canaries[i].id),
                                             canaries[i].finished_at, canaries[i].status,
                                             canaries[i].current_step,
                                             canaries[i].traffic_percent));
  samples = fd_snapshot_get_samples (s, &n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (lines, g_strdup_printf ("sample %s %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                             fd_snapshot_str (s, samples[i].canary_id),
                                             samples[i].variant, samples[i].at,
                                             samples[i].requests));

  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
test_sim_source_incremental (void)
{
  Files f;
  g_autoptr(FdActionStore) actions = NULL;
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0);
  g_autoptr(FdSimSource) sim = NULL;
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdBatch) b1 = NULL, b2 = NULL, b3 = NULL;
  g_autoptr(FdSnapshot) s1 = NULL, s2 = NULL, full = NULL;
  g_autofree char *incremental = NULL, *expected = NULL;
  FdSimParams params;
  gsize total;

  fd_sim_params_init (&params);
  params.seed = 7;
  params.history_days = 7;
  sim = fd_sim_source_new_with_params (&params);
  fd_sim_source_set_clock (sim, clock);
  /* An empty store of its own: the shared default one may hold actions. */
  files_init (&f);
  actions = fd_action_store_new (f.store_path, NULL);
  fd_sim_source_set_action_store (sim, actions);
  g_assert_cmpstr (fd_source_get_uri (FD_SOURCE (sim)), ==, "sim:7");
  g_assert_cmpuint (fd_sim_source_get_seed (sim), ==, 7);
  g_assert_false (fd_source_is_live (FD_SOURCE (sim)));

  b1 = fetch (FD_SOURCE (sim), NULL);
  g_assert_true (starts_over (b1));
  total = fd_batch_get_n_records (b1);
  g_assert_cmpuint (total, >, 100);
  s1 = fd_record_store_apply (store, b1, T0);
  g_assert_cmpint (fd_snapshot_get_first_time (s1), >=, T0 - 7 * DAY);
  g_assert_cmpint (fd_snapshot_get_last_time (s1), <, T0);
  g_assert_cmpint (fd_source_status_get_last_success (fd_source_get_status (FD_SOURCE (sim))),
                   ==, T0);

  /* The clock stood still: nothing. */
  b2 = fetch (FD_SOURCE (sim), fd_batch_get_cursor (b1));
  g_assert_true (fd_batch_is_empty (b2));

  /* An hour later: only what is new or changed, a small part of the history. */
  fd_clock_advance (clock, HOUR);
  b3 = fetch (FD_SOURCE (sim), fd_batch_get_cursor (b2));
  g_assert_false (starts_over (b3));
  g_assert_cmpuint (fd_batch_get_n_records (b3), >, 0);
  g_assert_cmpuint (fd_batch_get_n_records (b3) * 10, <, total);
  s2 = fd_record_store_apply (store, b3, T0 + HOUR);

  /* The same as the whole history generated at once. */
  {
    FdSnapshotBuilder *builder = fd_snapshot_builder_new ();

    fd_sim_generate (&params, T0 - 7 * DAY, T0 + HOUR, builder);
    full = fd_snapshot_builder_end (builder);
  }
  incremental = describe_all (s2);
  expected = describe_all (full);
  g_assert_cmpstr (incremental, ==, expected);

  /* Other parameters (another cursor): from the start. */
  {
    g_autoptr(FdSimSource) other = fd_sim_source_new (8);
    g_autoptr(FdBatch) b4 = NULL;

    fd_sim_source_set_clock (other, clock);
    fd_sim_source_set_action_store (other, actions);
    b4 = fetch (FD_SOURCE (other), fd_batch_get_cursor (b3));
    g_assert_true (starts_over (b4));
    g_assert_cmpstr (fd_batch_get_source_uri (b4), ==, "sim:8");
    g_assert_finalize_object (g_steal_pointer (&other));
  }

  g_assert_finalize_object (g_steal_pointer (&sim));
  g_assert_finalize_object (g_steal_pointer (&actions));
  g_assert_finalize_object (g_steal_pointer (&clock));
  files_clear (&f);
}

static void
test_sim_source_actions (void)
{
  Files f;
  g_autoptr(FdClock) clock = fd_clock_new_fake (T0);
  g_autoptr(FdSimSource) sim = fd_sim_source_new (11);
  g_autoptr(FdActionStore) store = NULL;
  g_autoptr(FdBatch) b1 = NULL, b2 = NULL, b3 = NULL;
  g_autofree char *target = NULL;
  const FdAlert *alerts, *alert;
  guint n_clock = 0, n_store = 0;
  gsize n;

  files_init (&f);
  store = fd_action_store_new (f.store_path, NULL);
  g_signal_connect (sim, "notify::clock", G_CALLBACK (count_cb), &n_clock);
  g_signal_connect (sim, "notify::action-store", G_CALLBACK (count_cb), &n_store);
  fd_sim_source_set_clock (sim, clock);
  fd_sim_source_set_clock (sim, clock);
  fd_sim_source_set_action_store (sim, store);
  fd_sim_source_set_action_store (sim, store);
  g_assert_cmpuint (n_clock, ==, 1);
  g_assert_cmpuint (n_store, ==, 1);
  g_assert_true (fd_sim_source_get_action_store (sim) == store);

  b1 = fetch (FD_SOURCE (sim), NULL);
  alerts = fd_snapshot_get_alerts (fd_batch_get_records (b1), &n);
  for (gsize i = 0; i < n && target == NULL; i++)
    if (alerts[i].status == FD_ALERT_FIRING)
      target = g_strdup (fd_snapshot_str (fd_batch_get_records (b1), alerts[i].id));
  g_assert_nonnull (target);

  act (FD_SOURCE (sim), FD_ACTION_ACKNOWLEDGE, target, 0);
  {
    g_autoptr(GPtrArray) kept = fd_action_store_list (store, "sim:11");

    g_assert_cmpuint (kept->len, ==, 1);
  }

  /* No time passed, but the acknowledged alert comes again. */
  b2 = fetch (FD_SOURCE (sim), fd_batch_get_cursor (b1));
  alert = find_alert (fd_batch_get_records (b2), target);
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->status, ==, FD_ALERT_ACKNOWLEDGED);
  g_assert_cmpint (alert->acknowledged_at, ==, T0);

  /* Only once. */
  fd_clock_advance (clock, MINUTE);
  b3 = fetch (FD_SOURCE (sim), fd_batch_get_cursor (b2));
  g_assert_null (find_alert (fd_batch_get_records (b3), target));

  g_signal_handlers_disconnect_by_func (sim, count_cb, &n_clock);
  g_signal_handlers_disconnect_by_func (sim, count_cb, &n_store);
  g_assert_finalize_object (g_steal_pointer (&sim));
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_finalize_object (g_steal_pointer (&clock));
  files_clear (&f);
}

/* }}} */

static void
test_sources_for_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSourceConfig) sim = fd_source_config_new ("sim:", NULL);
  g_autoptr(FdSourceConfig) seeded = fd_source_config_new ("sim:42", NULL);
  g_autoptr(FdSourceConfig) bad = fd_source_config_new ("sim:forty-two", NULL);
  g_autoptr(FdSourceConfig) by_uri = fd_source_config_new ("file:///tmp/history.jsonl", NULL);
  g_autoptr(FdSourceConfig) by_path = fd_source_config_new ("file:/tmp/other.jsonl", NULL);
  g_autoptr(FdSourceConfig) empty = fd_source_config_new ("file:", NULL);
  FdSource *source;

  source = fd_source_new_for_config (sim, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_SIM_SOURCE (source));
  g_assert_cmpstr (fd_source_get_uri (source), ==, "sim:20260101");
  g_assert_finalize_object (source);

  source = fd_source_new_for_config (seeded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_source_get_uri (source), ==, "sim:42");
  g_assert_finalize_object (source);

  g_assert_null (fd_source_new_for_config (bad, &error));
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  source = fd_source_new_for_config (by_uri, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_FILE_SOURCE (source));
  g_assert_cmpstr (fd_source_get_uri (source), ==, "file:///tmp/history.jsonl");
  g_assert_finalize_object (source);

  source = fd_source_new_for_config (by_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_source_get_uri (source), ==, "file:///tmp/other.jsonl");
  g_assert_finalize_object (source);

  if (empty != NULL)
    {
      g_assert_null (fd_source_new_for_config (empty, &error));
      g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/file-source/incremental", test_file_source_incremental);
  g_test_add_func ("/flightdeck/file-source/partial-line", test_file_source_partial_line);
  g_test_add_func ("/flightdeck/file-source/replaced", test_file_source_replaced);
  g_test_add_func ("/flightdeck/file-source/problems", test_file_source_problems);
  g_test_add_func ("/flightdeck/file-source/actions", test_file_source_actions);
  g_test_add_func ("/flightdeck/file-source/changed", test_file_source_changed);
  g_test_add_func ("/flightdeck/sim-source/incremental", test_sim_source_incremental);
  g_test_add_func ("/flightdeck/sim-source/actions", test_sim_source_actions);
  g_test_add_func ("/flightdeck/sources/for-config", test_sources_for_config);

  return g_test_run ();
}
