/* test-history-cache.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-history-cache"

#include "config.h"

#include "fd-history-cache.h"
#include "fd-history-cache-private.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#define DAY_US ((FdTime) 24 * 3600 * G_USEC_PER_SEC)
#define SRC "github:octo/repo"
#define SRC2 "gitlab:group/project"

/* Fixture: a temporary folder per test {{{ */

typedef struct
{
  char *dir;
  char *path;
  FdTime now;
} Fixture;

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fd-history-cache-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet: the cache makes it. */
  f->path = g_build_filename (f->dir, "sub", "history.sqlite", NULL);
  /* Whole seconds, a few days back, so that retention keeps everything. */
  f->now = (g_get_real_time () / G_USEC_PER_SEC) * G_USEC_PER_SEC - 3 * DAY_US;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* }}} */

/* Helpers {{{ */

static FdHistoryCache *
open_cache (const char *path)
{
  g_autoptr(GError) error = NULL;
  FdHistoryCache *cache = fd_history_cache_new (path);

  g_assert_true (fd_history_cache_open_sync (cache, NULL, &error));
  g_assert_no_error (error);
  return cache;
}

static void
close_cache (FdHistoryCache *cache)
{
  g_assert_finalize_object (cache);
}

static void
apply (FdHistoryCache *cache,
       FdBatch        *batch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_history_cache_apply_batch_sync (cache, batch, NULL, &error));
  g_assert_no_error (error);
}

static FdSnapshot *
load (FdHistoryCache      *cache,
      const char * const  *uris,
      GHashTable         **cursors)
{
  g_autoptr(GError) error = NULL;
  FdSnapshot *snapshot = fd_history_cache_load_sync (cache, uris, cursors, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

static GBytes *
bytes (const char *str)
{
  return g_bytes_new (str, strlen (str));
}

static void
add_run (FdSnapshotBuilder *b,
         const char        *id,
         FdTime             started_at,
         FdRunStatus        status)
{
  FdPipelineRun run = { 0, };
  FdStage stages[2] = { { 0, } };

  run.id = fd_snapshot_builder_intern (b, id);
  run.started_at = started_at;
  run.finished_at = started_at + 90 * G_USEC_PER_SEC;
  run.status = status;
  run.pipeline = fd_snapshot_builder_intern (b, "ci");
  run.service = fd_snapshot_builder_intern (b, "checkout");
  run.environment = fd_snapshot_builder_intern (b, "production");
  run.commit = fd_snapshot_builder_intern (b, "abc123");
  run.trigger = fd_snapshot_builder_intern (b, "push");
  stages[0].name = fd_snapshot_builder_intern (b, "build");
  stages[0].status = FD_RUN_SUCCESS;
  stages[0].duration_s = 12.5f;
  stages[1].name = fd_snapshot_builder_intern (b, "test");
  stages[1].status = status;
  stages[1].duration_s = 30.25f;
  fd_snapshot_builder_add_run (b, &run, stages, 2);
}

static void
add_sample (FdSnapshotBuilder *b,
            const char        *canary_id,
            FdTime             at,
            FdVariant          variant,
            gint64             requests)
{
  FdCanarySample x = { 0, };

  x.canary_id = fd_snapshot_builder_intern (b, canary_id);
  x.at = at;
  x.variant = variant;
  x.requests = requests;
  x.errors = requests / 100;
  x.latency_p50_ms = 10.5;
  x.latency_p95_ms = NAN;
  x.latency_p99_ms = 99.25;
  fd_snapshot_builder_add_sample (b, &x);
}

static void
add_canary (FdSnapshotBuilder *b,
            const char        *id,
            FdTime             started_at)
{
  FdCanary c = { 0, };
  const double steps[] = { 10, 25, 50, 100 };

  c.id = fd_snapshot_builder_intern (b, id);
  c.started_at = started_at;
  c.finished_at = FD_TIME_NONE;
  c.service = fd_snapshot_builder_intern (b, "checkout");
  c.environment = fd_snapshot_builder_intern (b, "production");
  c.baseline_version = fd_snapshot_builder_intern (b, "1.4.1");
  c.canary_version = fd_snapshot_builder_intern (b, "1.4.2");
  c.current_step = 2;
  c.traffic_percent = 25;
  c.status = FD_CANARY_PAUSED;
  fd_snapshot_builder_add_canary (b, &c, steps, G_N_ELEMENTS (steps));
}

static FdBatch *
batch_new (const char         *uri,
           FdSnapshotBuilder  *b,
           const char * const *gone,
           GBytes             *cursor)
{
  g_autoptr(FdSnapshot) records = b != NULL ? fd_snapshot_builder_end (b) : NULL;

  return fd_batch_new (uri, records, gone, cursor);
}

static const FdPipelineRun *
find_run (FdSnapshot *s,
          const char *id)
{
  gsize n;
  const FdPipelineRun *runs = fd_snapshot_get_runs (s, &n);

  for (gsize i = 0; i < n; i++)
    {
      if (g_strcmp0 (fd_snapshot_str (s, runs[i].id), id) == 0)
        return &runs[i];
    }
  return NULL;
}

static gsize
n_of (const void *records,
      gsize       n)
{
  return records != NULL || n == 0 ? n : 0;
}

static gsize
count_runs (FdSnapshot *s)
{
  gsize n;
  const FdPipelineRun *r = fd_snapshot_get_runs (s, &n);

  return n_of (r, n);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &s, NULL), ==, SQLITE_OK);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  sqlite3_close (db);
  return n;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* }}} */

/* Round trip {{{ */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  FdHistoryCache *cache = open_cache (f->path);
  FdSnapshotBuilder *b = fd_snapshot_builder_new ();
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  g_autoptr(GHashTable) cursors = NULL;
  g_autoptr(GBytes) cursor = bytes ("etag:\"W/abc\"\nnext=2");
  FdPipelineRun run = { 0, };
  FdStage stages[3] = { { 0, } };
  FdDeployment dep = { 0, };
  FdAlert alert = { 0, };
  const FdPipelineRun *r;
  const FdStage *st;
  const FdDeployment *d;
  const FdAlert *a;
  const FdCanary *c;
  const FdCanarySample *x;
  const double *steps;
  gsize n;
  const char nul_text[] = "multi\0line";

  g_assert_null (fd_history_cache_get_recovery_message (cache));

  run.id = fd_snapshot_builder_intern (b, SRC ":run:1");
  run.started_at = f->now;
  run.finished_at = FD_TIME_NONE;
  run.status = FD_RUN_RUNNING;
  run.pipeline = fd_snapshot_builder_intern (b, "CI / build");
  run.service = fd_snapshot_builder_intern (b, "checkout");
  run.environment = fd_snapshot_builder_intern (b, "staging");
  run.branch = FD_STR_NONE;
  run.commit = fd_snapshot_builder_intern (b, "0123456789abcdef");
  run.trigger = fd_snapshot_builder_intern (b, "schedule");
  stages[0].name = fd_snapshot_builder_intern (b, "build");
  stages[0].status = FD_RUN_SUCCESS;
  stages[0].duration_s = 61.5f;
  stages[1].name = fd_snapshot_builder_intern (b, "test");
  stages[1].status = FD_RUN_FAILED;
  stages[1].duration_s = NAN;
  stages[2].name = FD_STR_NONE;
  stages[2].status = FD_RUN_N_STATUS;
  stages[2].duration_s = 0.125f;
  fd_snapshot_builder_add_run (b, &run, stages, 3);

  dep.id = fd_snapshot_builder_intern (b, SRC ":deploy:7");
  dep.started_at = f->now + 1000;
  dep.finished_at = f->now + 2000;
  dep.committed_at = f->now - DAY_US;
  dep.status = FD_DEPLOY_ROLLED_BACK;
  dep.service = fd_snapshot_builder_intern (b, "checkout");
  dep.environment = fd_snapshot_builder_intern (b, "production");
  dep.version = fd_snapshot_builder_intern (b, "v2.0.0");
  dep.previous_version = fd_snapshot_builder_intern (b, "v1.9.9");
  dep.strategy = fd_snapshot_builder_intern (b, "canary");
  dep.commit = fd_snapshot_builder_intern (b, "0123456789abcdef");
  dep.caused_incident = TRUE;
  fd_snapshot_builder_add_deployment (b, &dep);

  alert.id = fd_snapshot_builder_intern (b, SRC ":alert:x");
  alert.started_at = f->now + 3000;
  alert.acknowledged_at = f->now + 4000;
  alert.resolved_at = FD_TIME_NONE;
  alert.name = fd_snapshot_builder_intern (b, "HighErrorRate");
  alert.service = fd_snapshot_builder_intern (b, "checkout");
  alert.environment = fd_snapshot_builder_intern (b, "production");
  alert.summary = fd_snapshot_builder_intern_len (b, nul_text, sizeof nul_text - 1);
  alert.severity = FD_SEVERITY_HIGH;
  alert.status = FD_ALERT_ACKNOWLEDGED;
  fd_snapshot_builder_add_alert (b, &alert);

  add_canary (b, SRC ":canary:c1", f->now + 5000);
  add_sample (b, SRC ":canary:c1", f->now + 6000, FD_VARIANT_CANARY, 1000);
  add_sample (b, SRC ":canary:c1", f->now + 6000, FD_VARIANT_BASELINE, 2000);

  /* Ids are kept without the source's URI; these two do not start with it. */
  add_run (b, SRC "2:5", f->now - 2, FD_RUN_SUCCESS);
  add_run (b, "!plain", f->now - 1, FD_RUN_SUCCESS);

  batch = batch_new (SRC, b, NULL, cursor);
  apply (cache, batch);
  close_cache (cache);

  /* A new object, a new connection: everything comes from the file. */
  cache = open_cache (f->path);
  s = load (cache, NULL, &cursors);

  g_assert_cmpuint (count_runs (s), ==, 3);
  g_assert_nonnull (find_run (s, SRC "2:5"));
  g_assert_nonnull (find_run (s, "!plain"));
  r = find_run (s, SRC ":run:1");
  g_assert_nonnull (r);
  g_assert_cmpstr (fd_snapshot_str (s, r->id), ==, SRC ":run:1");
  g_assert_cmpint (r->started_at, ==, f->now);
  g_assert_cmpint (r->finished_at, ==, FD_TIME_NONE);
  g_assert_cmpint (r->status, ==, FD_RUN_RUNNING);
  g_assert_cmpstr (fd_snapshot_str (s, r->pipeline), ==, "CI / build");
  g_assert_cmpstr (fd_snapshot_str (s, r->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (s, r->environment), ==, "staging");
  g_assert_cmpuint (r->branch, ==, FD_STR_NONE);
  g_assert_cmpstr (fd_snapshot_str (s, r->commit), ==, "0123456789abcdef");
  g_assert_cmpstr (fd_snapshot_str (s, r->trigger), ==, "schedule");
  st = fd_snapshot_get_stages (s, r, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (fd_snapshot_str (s, st[0].name), ==, "build");
  g_assert_cmpint (st[0].status, ==, FD_RUN_SUCCESS);
  g_assert_cmpfloat (st[0].duration_s, ==, 61.5f);
  g_assert_cmpstr (fd_snapshot_str (s, st[1].name), ==, "test");
  g_assert_cmpint (st[1].status, ==, FD_RUN_FAILED);
  g_assert_true (isnan (st[1].duration_s));
  g_assert_cmpuint (st[2].name, ==, FD_STR_NONE);
  g_assert_cmpint (st[2].status, ==, FD_RUN_N_STATUS);
  g_assert_cmpfloat (st[2].duration_s, ==, 0.125f);

  d = fd_snapshot_get_deployments (s, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (fd_snapshot_str (s, d->id), ==, SRC ":deploy:7");
  g_assert_cmpint (d->started_at, ==, f->now + 1000);
  g_assert_cmpint (d->finished_at, ==, f->now + 2000);
  g_assert_cmpint (d->committed_at, ==, f->now - DAY_US);
  g_assert_cmpint (d->status, ==, FD_DEPLOY_ROLLED_BACK);
  g_assert_cmpstr (fd_snapshot_str (s, d->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (s, d->environment), ==, "production");
  g_assert_cmpstr (fd_snapshot_str (s, d->version), ==, "v2.0.0");
  g_assert_cmpstr (fd_snapshot_str (s, d->previous_version), ==, "v1.9.9");
  g_assert_cmpstr (fd_snapshot_str (s, d->strategy), ==, "canary");
  g_assert_cmpstr (fd_snapshot_str (s, d->commit), ==, "0123456789abcdef");
  g_assert_true (d->caused_incident);

  a = fd_snapshot_get_alerts (s, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (fd_snapshot_str (s, a->id), ==, SRC ":alert:x");
  g_assert_cmpint (a->started_at, ==, f->now + 3000);
  g_assert_cmpint (a->acknowledged_at, ==, f->now + 4000);
  g_assert_cmpint (a->resolved_at, ==, FD_TIME_NONE);
  g_assert_cmpstr (fd_snapshot_str (s, a->name), ==, "HighErrorRate");
  g_assert_cmpstr (fd_snapshot_str (s, a->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (s, a->environment), ==, "production");
  {
    gsize len;
    const char *summary = fd_snapshot_str_len (s, a->summary, &len);

    g_assert_cmpmem (summary, len, nul_text, sizeof nul_text - 1);
  }
  g_assert_cmpint (a->severity, ==, FD_SEVERITY_HIGH);
  g_assert_cmpint (a->status, ==, FD_ALERT_ACKNOWLEDGED);

  c = fd_snapshot_get_canaries (s, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (fd_snapshot_str (s, c->id), ==, SRC ":canary:c1");
  g_assert_cmpint (c->started_at, ==, f->now + 5000);
  g_assert_cmpint (c->finished_at, ==, FD_TIME_NONE);
  g_assert_cmpstr (fd_snapshot_str (s, c->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (s, c->environment), ==, "production");
  g_assert_cmpstr (fd_snapshot_str (s, c->baseline_version), ==, "1.4.1");
  g_assert_cmpstr (fd_snapshot_str (s, c->canary_version), ==, "1.4.2");
  g_assert_cmpint (c->current_step, ==, 2);
  g_assert_cmpfloat (c->traffic_percent, ==, 25);
  g_assert_cmpint (c->status, ==, FD_CANARY_PAUSED);
  steps = fd_snapshot_get_steps (s, c, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat (steps[0], ==, 10);
  g_assert_cmpfloat (steps[3], ==, 100);

  x = fd_snapshot_get_samples (s, &n);
  g_assert_cmpuint (n, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      gboolean canary = x[i].variant == FD_VARIANT_CANARY;

      g_assert_cmpstr (fd_snapshot_str (s, x[i].canary_id), ==, SRC ":canary:c1");
      g_assert_cmpint (x[i].at, ==, f->now + 6000);
      g_assert_cmpint (x[i].requests, ==, canary ? 1000 : 2000);
      g_assert_cmpint (x[i].errors, ==, canary ? 10 : 20);
      g_assert_cmpfloat (x[i].latency_p50_ms, ==, 10.5);
      g_assert_true (isnan (x[i].latency_p95_ms));
      g_assert_cmpfloat (x[i].latency_p99_ms, ==, 99.25);
    }
  g_assert_cmpint (x[0].variant, !=, x[1].variant);

  g_assert_cmpuint (g_hash_table_size (cursors), ==, 1);
  g_assert_true (g_bytes_equal (g_hash_table_lookup (cursors, SRC), cursor));

  close_cache (cache);
}

/* }}} */

/* Upsert, gone ids, cursors {{{ */

static void
test_upsert_replaces (Fixture       *f,
                      gconstpointer  data)
{
  FdHistoryCache *cache = open_cache (f->path);
  FdSnapshotBuilder *b;
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  const FdPipelineRun *r;
  const FdCanarySample *x;
  gsize n;

  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":1", f->now, FD_RUN_RUNNING);
  add_run (b, SRC ":2", f->now + 10, FD_RUN_QUEUED);
  add_sample (b, SRC ":c", f->now, FD_VARIANT_CANARY, 100);
  add_sample (b, SRC ":c", f->now, FD_VARIANT_BASELINE, 200);
  first = batch_new (SRC, b, NULL, NULL);
  apply (cache, first);

  /* Run 1 finishes with a later start (a queued run that began); the canary
   * sample at the same time is corrected. */
  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":1", f->now + 20, FD_RUN_SUCCESS);
  add_sample (b, SRC ":c", f->now, FD_VARIANT_CANARY, 150);
  second = batch_new (SRC, b, NULL, NULL);
  apply (cache, second);

  close_cache (cache);
  cache = open_cache (f->path);
  s = load (cache, NULL, NULL);

  g_assert_cmpuint (count_runs (s), ==, 2);
  r = find_run (s, SRC ":1");
  g_assert_nonnull (r);
  g_assert_cmpint (r->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpint (r->started_at, ==, f->now + 20);
  r = find_run (s, SRC ":2");
  g_assert_nonnull (r);
  g_assert_cmpint (r->status, ==, FD_RUN_QUEUED);

  x = fd_snapshot_get_samples (s, &n);
  g_assert_cmpuint (n, ==, 2);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (x[i].requests, ==, x[i].variant == FD_VARIANT_CANARY ? 150 : 200);

  close_cache (cache);
}

static void
test_gone (Fixture       *f,
           gconstpointer  data)
{
  FdHistoryCache *cache = open_cache (f->path);
  FdSnapshotBuilder *b = fd_snapshot_builder_new ();
  const char * const gone[] = { SRC ":1", SRC ":canary", SRC ":unknown", NULL };
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) other = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  gsize n;

  add_run (b, SRC ":1", f->now, FD_RUN_SUCCESS);
  add_run (b, SRC ":2", f->now + 1, FD_RUN_FAILED);
  add_canary (b, SRC ":canary", f->now);
  add_sample (b, SRC ":canary", f->now, FD_VARIANT_CANARY, 10);
  first = batch_new (SRC, b, NULL, NULL);
  apply (cache, first);

  /* Another source's record with the same id text is not touched. */
  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":1", f->now + 5, FD_RUN_SUCCESS);
  other = batch_new (SRC2, b, NULL, NULL);
  apply (cache, other);

  second = batch_new (SRC, NULL, gone, NULL);
  apply (cache, second);

  close_cache (cache);
  cache = open_cache (f->path);
  s = load (cache, (const char * const[]) { SRC, NULL }, NULL);

  g_assert_cmpuint (count_runs (s), ==, 1);
  g_assert_nonnull (find_run (s, SRC ":2"));
  fd_snapshot_get_canaries (s, &n);
  g_assert_cmpuint (n, ==, 0);
  fd_snapshot_get_samples (s, &n);
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&s, fd_snapshot_unref);

  s = load (cache, (const char * const[]) { SRC2, NULL }, NULL);
  g_assert_cmpuint (count_runs (s), ==, 1);
  g_assert_cmpint (find_run (s, SRC ":1")->started_at, ==, f->now + 5);

  close_cache (cache);
}

static void
test_cursors (Fixture       *f,
              gconstpointer  data)
{
  FdHistoryCache *cache = open_cache (f->path);
  g_autoptr(GBytes) c1 = bytes ("cursor one");
  g_autoptr(GBytes) c2 = bytes ("cursor two");
  g_autoptr(GBytes) c3 = bytes ("cursor three");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GHashTable) cursors = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  FdSnapshotBuilder *b;
  FdBatch *batch;

  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":1", f->now, FD_RUN_SUCCESS);
  batch = batch_new (SRC, b, NULL, c1);
  apply (cache, batch);
  fd_batch_unref (batch);

  b = fd_snapshot_builder_new ();
  add_run (b, SRC2 ":1", f->now, FD_RUN_SUCCESS);
  batch = batch_new (SRC2, b, NULL, c2);
  apply (cache, batch);
  fd_batch_unref (batch);

  /* An empty batch (an unchanged poll) still moves the cursor on. */
  batch = batch_new (SRC, NULL, NULL, c3);
  apply (cache, batch);
  fd_batch_unref (batch);

  close_cache (cache);
  cache = open_cache (f->path);

  s = load (cache, NULL, &cursors);
  g_assert_cmpuint (count_runs (s), ==, 2);
  g_assert_cmpuint (g_hash_table_size (cursors), ==, 2);
  g_assert_true (g_bytes_equal (g_hash_table_lookup (cursors, SRC), c3));
  g_assert_true (g_bytes_equal (g_hash_table_lookup (cursors, SRC2), c2));
  g_clear_pointer (&s, fd_snapshot_unref);
  g_clear_pointer (&cursors, g_hash_table_unref);

  /* Only some sources: their records and their cursors. */
  s = load (cache, (const char * const[]) { SRC2, "jenkins:none", NULL }, &cursors);
  g_assert_cmpuint (count_runs (s), ==, 1);
  g_assert_nonnull (find_run (s, SRC2 ":1"));
  g_assert_cmpuint (g_hash_table_size (cursors), ==, 1);
  g_assert_true (g_bytes_equal (g_hash_table_lookup (cursors, SRC2), c2));
  g_clear_pointer (&s, fd_snapshot_unref);
  g_clear_pointer (&cursors, g_hash_table_unref);

  /* An empty cursor stays empty (not absent); a NULL cursor clears it. */
  batch = batch_new (SRC, NULL, NULL, empty);
  apply (cache, batch);
  fd_batch_unref (batch);
  batch = batch_new (SRC2, NULL, NULL, NULL);
  apply (cache, batch);
  fd_batch_unref (batch);
  close_cache (cache);
  cache = open_cache (f->path);
  s = load (cache, NULL, &cursors);
  g_assert_cmpuint (g_hash_table_size (cursors), ==, 1);
  g_assert_cmpuint (g_bytes_get_size (g_hash_table_lookup (cursors, SRC)), ==, 0);
  g_assert_false (g_hash_table_contains (cursors, SRC2));

  close_cache (cache);
}

/* }}} */

/* Retention {{{ */

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  FdHistoryCache *cache = fd_history_cache_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  FdTime now = g_get_real_time ();
  FdSnapshotBuilder *b;
  FdBatch *batch;
  gsize n;

  g_assert_cmpuint (fd_history_cache_get_retention_days (cache), ==, 180);
  g_assert_true (fd_history_cache_open_sync (cache, NULL, &error));
  g_assert_no_error (error);

  /* After a batch: the 200-day-old records go, the 10-day-old ones stay. */
  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":old", now - 200 * DAY_US, FD_RUN_SUCCESS);
  add_run (b, SRC ":new", now - 10 * DAY_US, FD_RUN_SUCCESS);
  add_canary (b, SRC ":old-canary", now - 200 * DAY_US);
  add_sample (b, SRC ":old-canary", now - 200 * DAY_US, FD_VARIANT_CANARY, 1);
  add_sample (b, SRC ":old-canary", now - 10 * DAY_US, FD_VARIANT_CANARY, 1);
  batch = batch_new (SRC, b, NULL, NULL);
  apply (cache, batch);
  fd_batch_unref (batch);

  s = load (cache, NULL, NULL);
  g_assert_cmpuint (count_runs (s), ==, 1);
  g_assert_nonnull (find_run (s, SRC ":new"));
  fd_snapshot_get_canaries (s, &n);
  g_assert_cmpuint (n, ==, 0);
  fd_snapshot_get_samples (s, &n);
  g_assert_cmpuint (n, ==, 1);
  g_clear_pointer (&s, fd_snapshot_unref);

  /* With no retention everything is kept… */
  fd_history_cache_set_retention_days (cache, 0);
  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":old", now - 200 * DAY_US, FD_RUN_SUCCESS);
  batch = batch_new (SRC, b, NULL, NULL);
  apply (cache, batch);
  fd_batch_unref (batch);
  s = load (cache, NULL, NULL);
  g_assert_cmpuint (count_runs (s), ==, 2);
  g_clear_pointer (&s, fd_snapshot_unref);
  close_cache (cache);

  /* …until a cache with a shorter retention opens the file. */
  cache = fd_history_cache_new (f->path);
  fd_history_cache_set_retention_days (cache, 30);
  g_assert_true (fd_history_cache_open_sync (cache, NULL, &error));
  g_assert_no_error (error);
  s = load (cache, NULL, NULL);
  g_assert_cmpuint (count_runs (s), ==, 1);
  g_assert_nonnull (find_run (s, SRC ":new"));
  close_cache (cache);
  /* Deleted from the file, not only left out. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM runs"), ==, 1);
}

/* }}} */

/* Bad files {{{ */

static void
assert_moved_aside (Fixture        *f,
                    FdHistoryCache *cache,
                    const char     *kind,
                    const char     *message_part,
                    const char     *original,
                    gsize           original_len)
{
  const char *moved = fd_history_cache_get_moved_aside_path (cache);
  const char *message = fd_history_cache_get_recovery_message (cache);
  g_autofree char *prefix = g_strdup_printf ("%s.%s-", f->path, kind);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  FdSnapshotBuilder *b;
  gsize len;

  g_assert_nonnull (moved);
  g_assert_true (g_str_has_prefix (moved, prefix));
  /* "<name>.<kind>-YYYYMMDD-HHMMSS" */
  g_assert_cmpuint (strlen (moved), ==, strlen (prefix) + 15);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, message_part));
  g_assert_nonnull (strstr (message, moved));
  g_assert_nonnull (strstr (message, "a new one was started"));

  /* Never deleted: the bytes are all there. */
  if (original != NULL)
    {
      g_assert_true (g_file_get_contents (moved, &contents, &len, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (contents, len, original, original_len);
    }
  else
    {
      g_assert_true (g_file_test (moved, G_FILE_TEST_IS_REGULAR));
    }

  /* The new cache works. */
  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":fresh", f->now, FD_RUN_SUCCESS);
  batch = batch_new (SRC, b, NULL, NULL);
  apply (cache, batch);
  s = load (cache, NULL, NULL);
  g_assert_nonnull (find_run (s, SRC ":fresh"));
  g_assert_null (find_run (s, SRC ":0"));
}

static void
test_corrupt_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  char garbage[8192];
  FdHistoryCache *cache;
  guint notified = 0;

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 7919 % 251);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, garbage, sizeof garbage, &error));
  g_assert_true (g_file_set_contents (wal, "junk", 4, &error));
  g_assert_no_error (error);

  cache = fd_history_cache_new (f->path);
  g_signal_connect (cache, "notify::recovery-message", G_CALLBACK (count_notify_cb), &notified);
  g_assert_true (fd_history_cache_open_sync (cache, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  assert_moved_aside (f, cache, "corrupt", "was damaged", garbage, sizeof garbage);
  {
    g_autofree char *moved_wal = g_strconcat (fd_history_cache_get_moved_aside_path (cache),
                                              "-wal", NULL);

    g_assert_true (g_file_test (moved_wal, G_FILE_TEST_IS_REGULAR));
  }
  close_cache (cache);

  /* The next open finds a good file and has nothing to say. */
  cache = open_cache (f->path);
  g_assert_null (fd_history_cache_get_recovery_message (cache));
  g_assert_null (fd_history_cache_get_moved_aside_path (cache));
  close_cache (cache);
}

/* A cache of 3000 runs where the leaf pages of one b-tree (@name: a table
 * or an index) get scribbled on, while the header stays valid. */
static char *
write_damaged_cache (Fixture    *f,
                     const char *name,
                     gsize      *out_len)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pageno, pgsize FROM dbstat"
                                          " WHERE name = '%s' AND pagetype = 'leaf'", name);
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 page_size = 0;
  sqlite3_stmt *st = NULL;
  sqlite3 *db = NULL;
  FdHistoryCache *cache = open_cache (f->path);
  FdSnapshotBuilder *b = fd_snapshot_builder_new ();
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf (SRC ":%u", i);

      add_run (b, id, f->now + i, FD_RUN_SUCCESS);
    }
  batch = batch_new (SRC, b, NULL, NULL);
  apply (cache, batch);
  close_cache (cache);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      gint64 page = sqlite3_column_int64 (st, 0);

      page_size = sqlite3_column_int64 (st, 1);
      g_array_append_val (pages, page);
    }
  sqlite3_finalize (st);
  sqlite3_close (db);
  g_assert_cmpuint (pages->len, >=, 2);

  g_assert_true (g_file_get_contents (f->path, &contents, &len, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < pages->len; i++)
    memset (contents + (g_array_index (pages, gint64, i) - 1) * page_size, 0x5a, 64);
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));
  g_assert_no_error (error);

  *out_len = len;
  return contents;
}

static void
test_corrupt_quick_check_load (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  g_autoptr(GHashTable) cursors = NULL;
  g_autofree char *contents = NULL;
  FdHistoryCache *cache;
  guint notified = 0;
  gsize len;

  /* Only the index is damaged: the rows would read fine, the check finds it. */
  contents = write_damaged_cache (f, "runs_by_id", &len);

  /* The open's cheap checks pass; the first load runs the full one and
   * returns nothing of the damaged file. */
  cache = fd_history_cache_new (f->path);
  g_signal_connect (cache, "notify::recovery-message", G_CALLBACK (count_notify_cb), &notified);
  g_assert_true (fd_history_cache_open_sync (cache, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (fd_history_cache_get_recovery_message (cache));
  s = load (cache, NULL, &cursors);
  g_assert_cmpuint (count_runs (s), ==, 0);
  g_assert_cmpuint (g_hash_table_size (cursors), ==, 0);
  g_assert_cmpuint (notified, ==, 1);
  assert_moved_aside (f, cache, "corrupt", "was damaged", contents, len);
  close_cache (cache);
}

static void
test_corrupt_quick_check_write (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  FdSnapshotBuilder *b;
  FdHistoryCache *cache;
  gsize len;

  contents = write_damaged_cache (f, "runs", &len);

  /* A write checks first: nothing goes into the damaged file. */
  cache = open_cache (f->path);
  g_assert_null (fd_history_cache_get_recovery_message (cache));
  b = fd_snapshot_builder_new ();
  add_run (b, SRC ":first", f->now, FD_RUN_SUCCESS);
  batch = batch_new (SRC, b, NULL, NULL);
  apply (cache, batch);
  assert_moved_aside (f, cache, "corrupt", "was damaged", contents, len);
  s = load (cache, NULL, NULL);
  g_assert_cmpuint (count_runs (s), ==, 2);
  close_cache (cache);
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;
  FdHistoryCache *cache;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  cache = fd_history_cache_new (f->path);
  g_assert_true (fd_history_cache_open_sync (cache, NULL, &error));
  g_assert_no_error (error);
  assert_moved_aside (f, cache, "newer", "newer version of Flightdeck", NULL, 0);
  g_assert_cmpint (count_rows (fd_history_cache_get_moved_aside_path (cache),
                               "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==,
                   FD_HISTORY_CACHE_SCHEMA_VERSION);
  close_cache (cache);
}

static void
test_not_open (Fixture       *f,
               gconstpointer  data)
{
  FdHistoryCache *cache = fd_history_cache_new (f->path);
  g_autoptr(FdBatch) batch = batch_new (SRC, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (fd_history_cache_apply_batch_sync (cache, batch, NULL, &error));
  g_assert_error (error, FD_HISTORY_CACHE_ERROR, FD_HISTORY_CACHE_ERROR_NOT_OPEN);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  close_cache (cache);
}

/* }}} */

/* Statuses {{{ */

static void
test_statuses (Fixture       *f,
               gconstpointer  data)
{
  FdHistoryCache *cache = open_cache (f->path);
  g_autoptr(FdSourceStatus) status = fd_source_status_new ();
  g_autoptr(GHashTable) statuses = NULL;
  g_autoptr(GError) error = NULL;
  FdSourceStatus *got;

  fd_source_status_set_state (status, FD_SOURCE_STATE_RATE_LIMITED);
  fd_source_status_set_message (status, "API rate limit exceeded");
  fd_source_status_set_last_success (status, f->now);
  fd_source_status_set_retry_at (status, f->now + 60 * G_USEC_PER_SEC);
  fd_source_status_set_next_fetch (status, f->now + 90 * G_USEC_PER_SEC);
  g_assert_true (fd_history_cache_save_status_sync (cache, SRC, status, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&status);
  status = fd_source_status_new ();
  fd_source_status_set_state (status, FD_SOURCE_STATE_OK);
  g_assert_true (fd_history_cache_save_status_sync (cache, SRC2, status, NULL, &error));
  g_assert_no_error (error);
  close_cache (cache);

  cache = open_cache (f->path);
  statuses = fd_history_cache_load_statuses_sync (cache, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (statuses), ==, 2);

  got = g_hash_table_lookup (statuses, SRC);
  g_assert_nonnull (got);
  g_assert_cmpint (fd_source_status_get_state (got), ==, FD_SOURCE_STATE_RATE_LIMITED);
  g_assert_cmpstr (fd_source_status_get_message (got), ==, "API rate limit exceeded");
  g_assert_cmpint (fd_source_status_get_last_success (got), ==, f->now);
  g_assert_cmpint (fd_source_status_get_retry_at (got), ==, f->now + 60 * G_USEC_PER_SEC);
  g_assert_cmpint (fd_source_status_get_next_fetch (got), ==, f->now + 90 * G_USEC_PER_SEC);

  got = g_hash_table_lookup (statuses, SRC2);
  g_assert_nonnull (got);
  g_assert_cmpint (fd_source_status_get_state (got), ==, FD_SOURCE_STATE_OK);
  g_assert_null (fd_source_status_get_message (got));
  g_assert_cmpint (fd_source_status_get_last_success (got), ==, FD_TIME_NONE);
  g_assert_cmpint (fd_source_status_get_retry_at (got), ==, FD_TIME_NONE);

  close_cache (cache);
}

/* }}} */

/* Threads {{{ */

typedef struct
{
  GMainLoop      *loop;
  GThread        *main_thread;
  FdHistoryCache *cache;
  GAsyncResult   *result;
} AsyncState;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *st = user_data;

  /* Completions come back to the caller's thread. */
  g_assert_true (g_thread_self () == st->main_thread);
  g_assert_true (source == G_OBJECT (st->cache));
  st->result = g_object_ref (result);
  g_main_loop_quit (st->loop);
}

static GAsyncResult *
wait_result (AsyncState *st)
{
  GAsyncResult *result;

  g_main_loop_run (st->loop);
  result = st->result;
  st->result = NULL;
  return result;
}

static void
test_async_off_main_thread (Fixture       *f,
                            gconstpointer  data)
{
  AsyncState st = { 0, };
  FdSnapshotBuilder *b = fd_snapshot_builder_new ();
  g_autoptr(GBytes) cursor = bytes ("c");
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdSourceStatus) status = fd_source_status_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GHashTable) cursors = NULL;
  g_autoptr(GHashTable) statuses = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result;

  st.loop = g_main_loop_new (NULL, FALSE);
  st.main_thread = g_thread_self ();
  st.cache = fd_history_cache_new (f->path);

  add_run (b, SRC ":1", f->now, FD_RUN_SUCCESS);
  batch = batch_new (SRC, b, NULL, cursor);

  /* Nothing runs on this thread: the file is untouched until the worker runs. */
  fd_history_cache_open_async (st.cache, NULL, got_result_cb, &st);
  result = wait_result (&st);
  g_assert_true (fd_history_cache_open_finish (st.cache, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  fd_history_cache_apply_batch_async (st.cache, batch, NULL, got_result_cb, &st);
  result = wait_result (&st);
  g_assert_true (fd_history_cache_apply_batch_finish (st.cache, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  fd_source_status_set_state (status, FD_SOURCE_STATE_STALE);
  fd_history_cache_save_status_async (st.cache, SRC, status, NULL, got_result_cb, &st);
  result = wait_result (&st);
  g_assert_true (fd_history_cache_save_status_finish (st.cache, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  fd_history_cache_load_async (st.cache, NULL, NULL, got_result_cb, &st);
  result = wait_result (&st);
  s = fd_history_cache_load_finish (st.cache, result, &cursors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_runs (s), ==, 1);
  g_assert_true (g_bytes_equal (g_hash_table_lookup (cursors, SRC), cursor));
  g_object_unref (result);

  fd_history_cache_load_statuses_async (st.cache, NULL, got_result_cb, &st);
  result = wait_result (&st);
  statuses = fd_history_cache_load_statuses_finish (st.cache, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd_source_status_get_state (g_hash_table_lookup (statuses, SRC)), ==,
                   FD_SOURCE_STATE_STALE);
  g_object_unref (result);

  /* A cancelled call fails without touching anything. */
  g_cancellable_cancel (cancellable);
  fd_history_cache_load_async (st.cache, NULL, cancellable, got_result_cb, &st);
  result = wait_result (&st);
  g_assert_null (fd_history_cache_load_finish (st.cache, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_object_unref (result);

  /* Calls queue in order: a load pushed right after an apply sees it. */
  g_clear_pointer (&s, fd_snapshot_unref);
  fd_history_cache_apply_batch_async (st.cache, batch, NULL, NULL, NULL);
  s = load (st.cache, NULL, NULL);
  g_assert_cmpuint (count_runs (s), ==, 1);

  /* Async and sync calls alike ran their SQLite on one thread, not this one. */
  threads = _fd_history_cache_get_db_threads (st.cache);
  g_assert_cmpuint (threads->len, ==, 1);
  g_assert_true (g_ptr_array_index (threads, 0) != (gpointer) st.main_thread);
  g_assert_cmpuint (_fd_history_cache_get_n_jobs (st.cache), >=, 7);

  /* Let the callback-less apply complete before the object goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (st.cache);
  g_main_loop_unref (st.loop);
}

/* }}} */

/* Paths, properties, dictionary {{{ */

static void
test_default_path (void)
{
  g_autofree char *path = fd_history_cache_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "flightdeck",
                                                "history.sqlite", NULL);
  FdHistoryCache *cache = fd_history_cache_new (NULL);

  g_assert_cmpstr (path, ==, expected);
  if (g_getenv ("XDG_CACHE_HOME") != NULL)
    g_assert_true (g_str_has_prefix (path, g_getenv ("XDG_CACHE_HOME")));
  g_assert_cmpstr (fd_history_cache_get_path (cache), ==, expected);
  g_assert_finalize_object (cache);
}

static void
test_retention_notify (Fixture       *f,
                       gconstpointer  data)
{
  FdHistoryCache *cache = fd_history_cache_new (f->path);
  guint notified = 0;
  guint days = 0;

  g_signal_connect (cache, "notify::retention-days", G_CALLBACK (count_notify_cb), &notified);
  fd_history_cache_set_retention_days (cache, 180);
  g_assert_cmpuint (notified, ==, 0);
  fd_history_cache_set_retention_days (cache, 7);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (cache, "retention-days", 7, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (cache, "retention-days", &days, NULL);
  g_assert_cmpuint (days, ==, 7);
  g_assert_finalize_object (cache);
}

static void
test_dictionary_tidied (Fixture       *f,
                        gconstpointer  data)
{
  FdHistoryCache *cache = open_cache (f->path);
  FdSnapshotBuilder *b = fd_snapshot_builder_new ();
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  gint64 before, after;

  for (guint i = 0; i < 3000; i++)
    {
      FdPipelineRun run = { 0, };
      g_autofree char *id = g_strdup_printf (SRC ":%u", i);
      g_autofree char *commit = g_strdup_printf ("commit-%u", i);

      run.id = fd_snapshot_builder_intern (b, id);
      run.started_at = f->now + i;
      run.service = fd_snapshot_builder_intern (b, "svc");
      run.commit = fd_snapshot_builder_intern (b, commit);
      fd_snapshot_builder_add_run (b, &run, NULL, 0);
      if (i > 0)
        g_ptr_array_add (gone, g_steal_pointer (&id));
    }
  g_ptr_array_add (gone, NULL);
  first = batch_new (SRC, b, NULL, NULL);
  apply (cache, first);
  before = count_rows (f->path, "SELECT count(*) FROM strings");
  g_assert_cmpint (before, ==, 3001);

  second = batch_new (SRC, NULL, (const char * const *) gone->pdata, NULL);
  apply (cache, second);

  /* A full load learns which texts no record uses and drops them after. */
  s = load (cache, NULL, NULL);
  g_assert_cmpuint (count_runs (s), ==, 1);
  g_clear_pointer (&s, fd_snapshot_unref);
  close_cache (cache);

  after = count_rows (f->path, "SELECT count(*) FROM strings");
  g_assert_cmpint (after, ==, 2);

  cache = open_cache (f->path);
  s = load (cache, NULL, NULL);
  g_assert_cmpstr (fd_snapshot_str (s, find_run (s, SRC ":0")->commit), ==, "commit-0");
  close_cache (cache);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/flightdeck/history-cache/" path, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("upsert-replaces", test_upsert_replaces);
  ADD ("gone", test_gone);
  ADD ("cursors", test_cursors);
  ADD ("retention", test_retention);
  ADD ("corrupt-garbage", test_corrupt_garbage);
  ADD ("corrupt-quick-check-load", test_corrupt_quick_check_load);
  ADD ("corrupt-quick-check-write", test_corrupt_quick_check_write);
  ADD ("newer-version", test_newer_version);
  ADD ("not-open", test_not_open);
  ADD ("statuses", test_statuses);
  ADD ("async-off-main-thread", test_async_off_main_thread);
  ADD ("retention-notify", test_retention_notify);
  ADD ("dictionary-tidied", test_dictionary_tidied);
  g_test_add_func ("/flightdeck/history-cache/default-path", test_default_path);

#undef ADD

  return g_test_run ();
}
