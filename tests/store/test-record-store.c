/* test-record-store.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-record-store"

#include "config.h"

#include "fd-record-store.h"
#include "fd-record-store-private.h"

#include <string.h>

#define T0      ((FdTime) 1780000000 * SECOND)
#define SECOND  ((FdTime) G_USEC_PER_SEC)
#define MINUTE  (60 * SECOND)
#define HOUR    (60 * MINUTE)

/* Helpers {{{ */

static void
add_run (FdSnapshotBuilder *b,
         const char        *id,
         FdTime             t,
         FdRunStatus        status,
         const char        *environment,
         guint              n_stages)
{
  FdPipelineRun run = { 0, };
  FdStage stages[8];

  g_assert_cmpuint (n_stages, <=, G_N_ELEMENTS (stages));

  run.started_at = t;
  run.finished_at = status == FD_RUN_RUNNING ? FD_TIME_NONE : t + MINUTE;
  run.id = fd_snapshot_builder_intern (b, id);
  run.pipeline = fd_snapshot_builder_intern (b, "shop/ci");
  run.service = fd_snapshot_builder_intern (b, "shop");
  run.environment = fd_snapshot_builder_intern (b, environment);
  run.commit = fd_snapshot_builder_intern (b, "abc123");
  run.trigger = fd_snapshot_builder_intern (b, "push");
  run.status = status;
  for (guint i = 0; i < n_stages; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-stage-%u", id, i);

      stages[i].name = fd_snapshot_builder_intern (b, name);
      stages[i].status = status;
      stages[i].duration_s = (float) (i + 1);
    }
  fd_snapshot_builder_add_run (b, &run, stages, n_stages);
}

static void
add_alert (FdSnapshotBuilder *b,
           const char        *id,
           FdTime             t,
           FdAlertStatus      status,
           const char        *environment,
           const char        *service)
{
  FdAlert alert = { 0, };

  alert.started_at = t;
  alert.acknowledged_at = FD_TIME_NONE;
  alert.resolved_at = status == FD_ALERT_RESOLVED ? t + MINUTE : FD_TIME_NONE;
  alert.id = fd_snapshot_builder_intern (b, id);
  alert.name = fd_snapshot_builder_intern (b, "HighLatency");
  alert.service = fd_snapshot_builder_intern (b, service);
  alert.environment = fd_snapshot_builder_intern (b, environment);
  alert.summary = fd_snapshot_builder_intern (b, "slow");
  alert.severity = FD_SEVERITY_WARNING;
  alert.status = status;
  fd_snapshot_builder_add_alert (b, &alert);
}

static void
add_canary (FdSnapshotBuilder *b,
            const char        *id,
            FdTime             t,
            double             traffic)
{
  static const double steps[] = { 5, 25, 50, 100 };
  FdCanary canary = { 0, };

  canary.started_at = t;
  canary.finished_at = FD_TIME_NONE;
  canary.id = fd_snapshot_builder_intern (b, id);
  canary.service = fd_snapshot_builder_intern (b, "shop");
  canary.environment = fd_snapshot_builder_intern (b, "production");
  canary.baseline_version = fd_snapshot_builder_intern (b, "1.0");
  canary.canary_version = fd_snapshot_builder_intern (b, "1.1");
  canary.current_step = 1;
  canary.traffic_percent = traffic;
  canary.status = FD_CANARY_PROGRESSING;
  fd_snapshot_builder_add_canary (b, &canary, steps, G_N_ELEMENTS (steps));
}

static void
add_sample (FdSnapshotBuilder *b,
            const char        *canary_id,
            FdTime             t,
            FdVariant          variant,
            gint64             requests)
{
  FdCanarySample sample = { 0, };

  sample.at = t;
  sample.canary_id = fd_snapshot_builder_intern (b, canary_id);
  sample.variant = variant;
  sample.requests = requests;
  sample.errors = requests / 100;
  sample.latency_p50_ms = 10;
  sample.latency_p95_ms = 20;
  sample.latency_p99_ms = 30;
  fd_snapshot_builder_add_sample (b, &sample);
}

static FdBatch *
batch_new (const char         *uri,
           FdSnapshotBuilder  *builder,
           const char * const *gone)
{
  g_autoptr(FdSnapshot) records = fd_snapshot_builder_end (builder);

  return fd_batch_new (uri, records, gone, NULL);
}

static FdSnapshot *
apply (FdRecordStore      *store,
       const char         *uri,
       FdSnapshotBuilder  *builder,
       const char * const *gone,
       FdTime              now)
{
  g_autoptr(FdBatch) batch = batch_new (uri, builder != NULL ? builder : fd_snapshot_builder_new (),
                                        gone);

  return fd_record_store_apply (store, batch, now);
}

static const FdPipelineRun *
find_run (FdSnapshot *snapshot,
          const char *id)
{
  gsize n;
  const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, &n);

  for (gsize i = 0; i < n; i++)
    {
      if (g_strcmp0 (fd_snapshot_str (snapshot, runs[i].id), id) == 0)
        return &runs[i];
    }
  return NULL;
}

static void
assert_sorted (FdSnapshot *snapshot)
{
  gsize n;
  const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, &n);
  const FdAlert *alerts;
  const FdCanarySample *samples;

  for (gsize i = 1; i < n; i++)
    g_assert_cmpint (runs[i - 1].started_at, <=, runs[i].started_at);
  alerts = fd_snapshot_get_alerts (snapshot, &n);
  for (gsize i = 1; i < n; i++)
    g_assert_cmpint (alerts[i - 1].started_at, <=, alerts[i].started_at);
  samples = fd_snapshot_get_samples (snapshot, &n);
  for (gsize i = 1; i < n; i++)
    g_assert_cmpint (samples[i - 1].at, <=, samples[i].at);
}

/* "id@time:status:stage,stage" for every run, in snapshot order. */
static char *
describe_runs (FdSnapshot *snapshot)
{
  GString *out = g_string_new (NULL);
  gsize n;
  const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, &n);

  for (gsize i = 0; i < n; i++)
    {
      const FdStage *stages;
      gsize n_stages;

      g_string_append_printf (out, "%s@%" G_GINT64_FORMAT ":%s",
                              fd_snapshot_str (snapshot, runs[i].id),
                              (runs[i].started_at - T0) / MINUTE,
                              fd_run_status_to_string (runs[i].status));
      stages = fd_snapshot_get_stages (snapshot, &runs[i], &n_stages);
      g_assert_cmpuint (n_stages, ==, runs[i].n_stages);
      for (gsize k = 0; k < n_stages; k++)
        g_string_append_printf (out, "%c%s", k == 0 ? ':' : ',',
                                fd_snapshot_str (snapshot, stages[k].name));
      g_string_append_c (out, ' ');
    }

  return g_string_free (out, FALSE);
}

/* }}} */

static void
test_record_store_append (void)
{
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdSnapshot) empty = fd_record_store_dup_snapshot (store);
  g_autoptr(FdSnapshot) first = NULL;
  g_autoptr(FdSnapshot) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *again = NULL;
  FdSnapshotBuilder *b;
  gsize n;

  fd_snapshot_get_runs (empty, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (fd_snapshot_get_first_time (empty), ==, FD_TIME_NONE);

  /* Records arrive out of order within a batch; the snapshot is sorted. */
  b = fd_snapshot_builder_new ();
  add_run (b, "a:3", T0 + 3 * MINUTE, FD_RUN_SUCCESS, "staging", 2);
  add_run (b, "a:1", T0 + 1 * MINUTE, FD_RUN_FAILED, "production", 1);
  add_run (b, "a:2", T0 + 2 * MINUTE, FD_RUN_SUCCESS, "staging", 0);
  first = apply (store, "a", b, NULL, FD_TIME_NONE);
  before = describe_runs (first);
  g_assert_cmpstr (before, ==,
                   "a:1@1:failed:a:1-stage-0 a:2@2:success a:3@3:success:a:3-stage-0,a:3-stage-1 ");
  g_assert_cmpint (fd_snapshot_get_first_time (first), ==, T0 + MINUTE);
  g_assert_cmpint (fd_snapshot_get_last_time (first), ==, T0 + 3 * MINUTE);
  g_assert_cmpuint (fd_record_store_get_n_records (store, "a"), ==, 3);

  /* Newer records are appended: the cost is the batch. */
  b = fd_snapshot_builder_new ();
  add_run (b, "a:5", T0 + 5 * MINUTE, FD_RUN_SUCCESS, "development", 1);
  add_run (b, "a:4", T0 + 4 * MINUTE, FD_RUN_RUNNING, "staging", 0);
  second = apply (store, "a", b, NULL, FD_TIME_NONE);
  g_assert_cmpuint (_fd_record_store_get_n_written (store), ==, 2);
  after = describe_runs (second);
  g_assert_cmpstr (after, ==,
                   "a:1@1:failed:a:1-stage-0 a:2@2:success a:3@3:success:a:3-stage-0,a:3-stage-1 "
                   "a:4@4:running a:5@5:success:a:5-stage-0 ");

  /* The first snapshot did not change. */
  again = describe_runs (first);
  g_assert_cmpstr (again, ==, before);
  g_assert_cmpuint (fd_snapshot_get_n_strings (first), <, fd_snapshot_get_n_strings (second));

  /* Lists and lookups of the new snapshot. */
  {
    const char * const expected[] = { "development", "production", "staging", NULL };

    g_assert_cmpstrv (fd_snapshot_get_environments (second), expected);
    g_assert_cmpstr (fd_snapshot_get_services (second)[0], ==, "shop");
    g_assert_null (fd_snapshot_get_services (second)[1]);
    g_assert_cmpstr (fd_snapshot_str (second, fd_snapshot_lookup (second, "a:4")), ==, "a:4");
  }

  /* An empty batch gives the same snapshot back. */
  {
    g_autoptr(FdSnapshot) same = apply (store, "a", NULL, NULL, FD_TIME_NONE);

    g_assert_true (same == second);
  }
}

static void
test_record_store_upsert (void)
{
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdSnapshot) s1 = NULL;
  g_autoptr(FdSnapshot) s2 = NULL;
  g_autoptr(FdSnapshot) s3 = NULL;
  g_autoptr(FdSnapshot) s4 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  g_autofree char *d3 = NULL;
  FdSnapshotBuilder *b;
  gsize n;

  b = fd_snapshot_builder_new ();
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-%u", i);

      add_run (b, id, T0 + i * MINUTE, FD_RUN_RUNNING, "staging", 1);
    }
  s1 = apply (store, "file:///a.jsonl", b, NULL, FD_TIME_NONE);
  d1 = describe_runs (s1);

  /* A new version replaces the record in place (same time). */
  b = fd_snapshot_builder_new ();
  add_run (b, "run-8", T0 + 8 * MINUTE, FD_RUN_SUCCESS, "staging", 2);
  s2 = apply (store, "file:///a.jsonl", b, NULL, FD_TIME_NONE);
  g_assert_cmpint (find_run (s2, "run-8")->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpint (find_run (s2, "run-8")->n_stages, ==, 2);
  g_assert_cmpint (find_run (s1, "run-8")->status, ==, FD_RUN_RUNNING);
  fd_snapshot_get_runs (s2, &n);
  g_assert_cmpuint (n, ==, 10);
  /* Only the changed tail was rewritten. */
  g_assert_cmpuint (_fd_record_store_get_n_written (store), <=, 3 + 10);
  {
    g_autofree char *again = describe_runs (s1);

    g_assert_cmpstr (again, ==, d1);
  }

  /* The same id from another source is another record. */
  b = fd_snapshot_builder_new ();
  add_run (b, "run-8", T0 + 30 * MINUTE, FD_RUN_FAILED, "production", 0);
  s3 = apply (store, "file:///b.jsonl", b, NULL, FD_TIME_NONE);
  fd_snapshot_get_runs (s3, &n);
  g_assert_cmpuint (n, ==, 11);
  g_assert_cmpuint (fd_record_store_get_n_records (store, "file:///a.jsonl"), ==, 10);
  g_assert_cmpuint (fd_record_store_get_n_records (store, "file:///b.jsonl"), ==, 1);
  {
    g_autofree char *owner = fd_record_store_dup_owner (store, "run-3");
    g_autofree char *none = fd_record_store_dup_owner (store, "run-99");

    g_assert_cmpstr (owner, ==, "file:///a.jsonl");
    g_assert_null (none);
  }

  /* A record whose time changed moves to its new place; an identical one
   * changes nothing. */
  b = fd_snapshot_builder_new ();
  add_run (b, "run-2", T0 + 20 * MINUTE, FD_RUN_SUCCESS, "staging", 1);
  add_run (b, "run-5", T0 + 5 * MINUTE, FD_RUN_RUNNING, "staging", 1);
  s4 = apply (store, "file:///a.jsonl", b, NULL, FD_TIME_NONE);
  d3 = describe_runs (s4);
  g_assert_cmpstr (d3, ==,
                   "run-0@0:running:run-0-stage-0 run-1@1:running:run-1-stage-0 "
                   "run-3@3:running:run-3-stage-0 run-4@4:running:run-4-stage-0 "
                   "run-5@5:running:run-5-stage-0 run-6@6:running:run-6-stage-0 "
                   "run-7@7:running:run-7-stage-0 "
                   "run-8@8:success:run-8-stage-0,run-8-stage-1 "
                   "run-9@9:running:run-9-stage-0 run-2@20:success:run-2-stage-0 "
                   "run-8@30:failed ");
  assert_sorted (s4);
  d2 = describe_runs (s3);
  g_assert_true (strstr (d2, "run-2@2:running") != NULL);

  /* Re-applying the same records is free. */
  {
    g_autoptr(FdSnapshot) same = NULL;

    b = fd_snapshot_builder_new ();
    add_run (b, "run-5", T0 + 5 * MINUTE, FD_RUN_RUNNING, "staging", 1);
    same = apply (store, "file:///a.jsonl", b, NULL, FD_TIME_NONE);
    g_assert_true (same == s4);
    g_assert_cmpuint (_fd_record_store_get_n_written (store), ==, 0);
  }
}

static void
test_record_store_gone_and_reset (void)
{
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdSnapshot) s1 = NULL;
  g_autoptr(FdSnapshot) s2 = NULL;
  g_autoptr(FdSnapshot) s3 = NULL;
  g_autoptr(FdSnapshot) s4 = NULL;
  g_autofree char *d2 = NULL;
  g_autofree char *d3 = NULL;
  const char * const gone[] = { "gh:x:run-1", "gh:x:alert-1", "gh:x:unknown", NULL };
  const char * const reset[] = { "file:///f", NULL };
  FdSnapshotBuilder *b;
  gsize n;

  b = fd_snapshot_builder_new ();
  add_run (b, "gh:x:run-1", T0 + MINUTE, FD_RUN_SUCCESS, "production", 0);
  add_run (b, "gh:x:run-2", T0 + 2 * MINUTE, FD_RUN_SUCCESS, "production", 0);
  add_alert (b, "gh:x:alert-1", T0, FD_ALERT_FIRING, "staging", "cart");
  s1 = apply (store, "gh:x", b, NULL, FD_TIME_NONE);

  b = fd_snapshot_builder_new ();
  add_run (b, "run-1", T0 + 3 * MINUTE, FD_RUN_FAILED, "development", 0);
  add_run (b, "run-2", T0 + 4 * MINUTE, FD_RUN_FAILED, "development", 0);
  s2 = apply (store, "file:///f", b, NULL, FD_TIME_NONE);
  d2 = describe_runs (s2);
  g_assert_cmpstr (d2, ==, "gh:x:run-1@1:success gh:x:run-2@2:success run-1@3:failed "
                           "run-2@4:failed ");
  {
    const char * const envs[] = { "development", "production", "staging", NULL };
    const char * const services[] = { "cart", "shop", NULL };

    g_assert_cmpstrv (fd_snapshot_get_environments (s2), envs);
    g_assert_cmpstrv (fd_snapshot_get_services (s2), services);
  }

  /* Gone ids of another source are not ours to remove: nothing happens. */
  {
    g_autoptr(FdSnapshot) same = apply (store, "file:///f", NULL, gone, FD_TIME_NONE);

    g_assert_true (same == s2);
  }

  /* The source's own gone ids go; so do the environments and services no
   * record uses any more. */
  s3 = apply (store, "gh:x", NULL, gone, FD_TIME_NONE);
  d3 = describe_runs (s3);
  g_assert_cmpstr (d3, ==, "gh:x:run-2@2:success run-1@3:failed run-2@4:failed ");
  fd_snapshot_get_alerts (s3, &n);
  g_assert_cmpuint (n, ==, 0);
  {
    const char * const envs[] = { "development", "production", NULL };
    const char * const services[] = { "shop", NULL };

    g_assert_cmpstrv (fd_snapshot_get_environments (s3), envs);
    g_assert_cmpstrv (fd_snapshot_get_services (s3), services);
  }
  fd_snapshot_get_alerts (s1, &n);
  g_assert_cmpuint (n, ==, 1);

  /* A batch that names its own source as gone starts the source over. */
  b = fd_snapshot_builder_new ();
  add_run (b, "run-9", T0 + 9 * MINUTE, FD_RUN_SUCCESS, "production", 1);
  add_run (b, "run-1", T0 + MINUTE / 2, FD_RUN_SUCCESS, "production", 0);
  s4 = apply (store, "file:///f", b, reset, FD_TIME_NONE);
  g_free (d3);
  d3 = describe_runs (s4);
  g_assert_cmpstr (d3, ==, "run-1@0:success gh:x:run-2@2:success run-9@9:success:run-9-stage-0 ");
  g_assert_cmpuint (fd_record_store_get_n_records (store, "file:///f"), ==, 2);

  /* Removing a source drops all of it. */
  {
    g_autoptr(FdSnapshot) s5 = fd_record_store_remove_source (store, "file:///f");
    g_autofree char *d5 = describe_runs (s5);

    g_assert_cmpstr (d5, ==, "gh:x:run-2@2:success ");
    g_assert_cmpuint (fd_record_store_get_n_records (store, "file:///f"), ==, 0);
  }
}

static void
test_record_store_retention (void)
{
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdSnapshot) s1 = NULL;
  g_autoptr(FdSnapshot) s2 = NULL;
  g_autoptr(FdSnapshot) s3 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  g_autofree char *d3 = NULL;
  FdSnapshotBuilder *b;

  fd_record_store_set_retention (store, "live", 2 * HOUR);
  g_assert_cmpint (fd_record_store_get_retention (store, "live"), ==, 2 * HOUR);
  g_assert_cmpint (fd_record_store_get_retention (store, "file"), ==, 0);

  b = fd_snapshot_builder_new ();
  for (guint h = 0; h < 4; h++)
    {
      g_autofree char *id = g_strdup_printf ("file-%u", h);

      add_run (b, id, T0 + h * HOUR, FD_RUN_SUCCESS, "staging", 0);
    }
  s1 = apply (store, "file", b, NULL, T0 + 4 * HOUR);

  /* Records already out of the window are not even added. */
  b = fd_snapshot_builder_new ();
  for (guint h = 0; h < 4; h++)
    {
      g_autofree char *id = g_strdup_printf ("live-%u", h);

      add_run (b, id, T0 + h * HOUR + MINUTE, FD_RUN_SUCCESS, "staging", 1);
    }
  s2 = apply (store, "live", b, NULL, T0 + 4 * HOUR);
  d2 = describe_runs (s2);
  g_assert_cmpstr (d2, ==, "file-0@0:success file-1@60:success file-2@120:success "
                           "live-2@121:success:live-2-stage-0 file-3@180:success "
                           "live-3@181:success:live-3-stage-0 ");

  /* Time passes: the live source's older records go, the file keeps all. */
  s3 = apply (store, "file", NULL, NULL, T0 + 5 * HOUR);
  d3 = describe_runs (s3);
  g_assert_cmpstr (d3, ==, "file-0@0:success file-1@60:success file-2@120:success "
                           "file-3@180:success live-3@181:success:live-3-stage-0 ");
  g_assert_cmpuint (fd_record_store_get_n_records (store, "live"), ==, 1);

  d1 = describe_runs (s1);
  g_assert_cmpstr (d1, ==, "file-0@0:success file-1@60:success file-2@120:success "
                           "file-3@180:success ");
}

static void
test_record_store_canaries_and_samples (void)
{
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdSnapshot) s1 = NULL;
  g_autoptr(FdSnapshot) s2 = NULL;
  const FdCanary *canaries;
  const FdCanarySample *samples;
  const double *steps;
  FdSnapshotBuilder *b;
  gsize n, n_steps;

  b = fd_snapshot_builder_new ();
  add_canary (b, "argo:prod:shop", T0, 5);
  add_sample (b, "argo:prod:shop", T0 + MINUTE, FD_VARIANT_CANARY, 100);
  add_sample (b, "argo:prod:shop", T0 + MINUTE, FD_VARIANT_BASELINE, 900);
  add_sample (b, "argo:prod:shop", T0 + 2 * MINUTE, FD_VARIANT_CANARY, 120);
  s1 = apply (store, "argo:prod", b, NULL, FD_TIME_NONE);

  /* The same sample again (a re-polled window) replaces the first; the
   * canary moves on. */
  b = fd_snapshot_builder_new ();
  add_canary (b, "argo:prod:shop", T0, 25);
  add_sample (b, "argo:prod:shop", T0 + 2 * MINUTE, FD_VARIANT_CANARY, 150);
  add_sample (b, "argo:prod:shop", T0 + 3 * MINUTE, FD_VARIANT_CANARY, 200);
  s2 = apply (store, "argo:prod", b, NULL, FD_TIME_NONE);

  canaries = fd_snapshot_get_canaries (s2, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (canaries[0].traffic_percent, ==, 25);
  steps = fd_snapshot_get_steps (s2, &canaries[0], &n_steps);
  g_assert_cmpuint (n_steps, ==, 4);
  g_assert_cmpfloat (steps[3], ==, 100);

  samples = fd_snapshot_get_samples (s2, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (samples[2].at, ==, T0 + 2 * MINUTE);
  g_assert_cmpint (samples[2].requests, ==, 150);
  g_assert_cmpint (samples[3].requests, ==, 200);
  g_assert_cmpstr (fd_snapshot_str (s2, samples[0].canary_id), ==, "argo:prod:shop");

  canaries = fd_snapshot_get_canaries (s1, &n);
  g_assert_cmpfloat (canaries[0].traffic_percent, ==, 5);
  fd_snapshot_get_samples (s1, &n);
  g_assert_cmpuint (n, ==, 3);
}

/* Random batches of several sources against a plain model of the rules:
 * the snapshot holds exactly the model's records, sorted, and every
 * snapshot handed out stays as it was. */
typedef struct
{
  FdTime      t;
  FdRunStatus status;
  guint       n_stages;
} ModelRun;

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
describe_model (GHashTable *model)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  GString *out = g_string_new (NULL);

  g_hash_table_iter_init (&iter, model);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const ModelRun *run = value;
      const char *id = strchr (key, '|') + 1;

      g_ptr_array_add (lines, g_strdup_printf ("%012" G_GINT64_FORMAT " %s %s %u",
                                               (run->t - T0) / MINUTE, id,
                                               fd_run_status_to_string (run->status),
                                               run->n_stages));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static char *
describe_snapshot_sorted (FdSnapshot *snapshot)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  gsize n;
  const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, &n);

  for (gsize i = 0; i < n; i++)
    {
      gsize n_stages;
      const char *id = fd_snapshot_str (snapshot, runs[i].id);
      const FdStage *stages = fd_snapshot_get_stages (snapshot, &runs[i], &n_stages);

      /* Stage names carry the run's id: a wrong stage pointer shows. */
      for (gsize k = 0; k < n_stages; k++)
        {
          g_autofree char *expected = g_strdup_printf ("%s-stage-%" G_GSIZE_FORMAT, id, k);

          g_assert_cmpstr (fd_snapshot_str (snapshot, stages[k].name), ==, expected);
        }
      g_ptr_array_add (lines, g_strdup_printf ("%012" G_GINT64_FORMAT " %s %s %u",
                                               (runs[i].started_at - T0) / MINUTE, id,
                                               fd_run_status_to_string (runs[i].status),
                                               (guint) n_stages));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
test_record_store_random (void)
{
  const char * const sources[] = { "alpha", "beta", "gamma" };
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_snapshot_unref);
  g_autoptr(GPtrArray) kept_text = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (4242);
  FdTime latest = T0;

  for (guint round = 0; round < 400; round++)
    {
      guint s = g_rand_int_range (rand, 0, G_N_ELEMENTS (sources));
      FdSnapshotBuilder *b = fd_snapshot_builder_new ();
      g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) in_batch = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                              g_free, NULL);
      g_autoptr(FdSnapshot) snapshot = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      guint n = g_rand_int_range (rand, 0, 30);
      gboolean reset = g_rand_int_range (rand, 0, 60) == 0;

      if (reset)
        {
          GHashTableIter iter;
          gpointer key;
          g_autofree char *prefix = g_strdup_printf ("%s|", sources[s]);

          g_ptr_array_add (gone, g_strdup (sources[s]));
          g_hash_table_iter_init (&iter, model);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (g_str_has_prefix (key, prefix))
              g_hash_table_iter_remove (&iter);
        }

      for (guint i = 0; i < n; i++)
        {
          /* Mostly new and recent, sometimes an update, sometimes old. */
          guint id_n = g_rand_int_range (rand, 0, 3 * round + 30);
          g_autofree char *id = g_strdup_printf ("run-%u", id_n);
          g_autofree char *key = g_strdup_printf ("%s|%s", sources[s], id);
          ModelRun *run = g_new0 (ModelRun, 1);
          int where = g_rand_int_range (rand, 0, 10);

          if (g_hash_table_contains (in_batch, key))
            {
              g_free (run);
              continue;
            }
          if (where < 6)
            latest += g_rand_int_range (rand, 0, 3) * MINUTE;
          run->t = where < 6 ? latest
                   : where < 8 && g_hash_table_contains (model, key)
                   ? ((ModelRun *) g_hash_table_lookup (model, key))->t
                   : T0 + g_rand_int_range (rand, 0, (int) ((latest - T0) / MINUTE) + 1) * MINUTE;
          run->status = g_rand_int_range (rand, 0, FD_RUN_N_STATUS);
          run->n_stages = g_rand_int_range (rand, 0, 4);
          add_run (b, id, run->t, run->status, "staging", run->n_stages);
          g_hash_table_add (in_batch, g_strdup (key));
          g_hash_table_replace (model, g_steal_pointer (&key), run);
        }

      /* A few gone ids, some unknown. */
      for (guint i = 0; i < 3 && !reset; i++)
        {
          g_autofree char *id = g_strdup_printf ("run-%d",
                                                 g_rand_int_range (rand, 0, 3 * round + 30));
          g_autofree char *key = g_strdup_printf ("%s|%s", sources[s], id);

          if (g_rand_int_range (rand, 0, 4) != 0 || g_hash_table_contains (in_batch, key))
            continue;
          g_hash_table_remove (model, key);
          g_ptr_array_add (gone, g_steal_pointer (&id));
        }
      g_ptr_array_add (gone, NULL);

      snapshot = apply (store, sources[s], b, (const char * const *) gone->pdata, FD_TIME_NONE);
      assert_sorted (snapshot);
      expected = describe_model (model);
      actual = describe_snapshot_sorted (snapshot);
      g_assert_cmpstr (actual, ==, expected);

      /* Keep every 37th snapshot; they must never change. */
      if (round % 37 == 0)
        {
          g_ptr_array_add (kept, fd_snapshot_ref (snapshot));
          g_ptr_array_add (kept_text, g_steal_pointer (&actual));
        }
    }

  for (guint i = 0; i < kept->len; i++)
    {
      g_autofree char *now = describe_snapshot_sorted (g_ptr_array_index (kept, i));

      g_assert_cmpstr (now, ==, g_ptr_array_index (kept_text, i));
    }

  g_rand_free (rand);
}

/* The work of an apply follows the batch, not the history. */
static void
test_record_store_cost (void)
{
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdSnapshot) previous = NULL;
  g_autoptr(FdSnapshot) current = NULL;
  const guint history = 100000;
  FdSnapshotBuilder *b = fd_snapshot_builder_new ();
  gsize max_written = 0;
  gsize n;

  for (guint i = 0; i < history; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-%u", i);

      add_run (b, id, T0 + i * SECOND, FD_RUN_SUCCESS, "production", 1);
    }
  current = apply (store, "src", b, NULL, FD_TIME_NONE);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(FdSnapshot) next = NULL;

      /* 90 new runs and 10 updates of recent ones, while the UI still holds
       * the previous snapshot (the one before is dropped). */
      b = fd_snapshot_builder_new ();
      for (guint i = 0; i < 90; i++)
        {
          guint k = history + round * 90 + i;
          g_autofree char *id = g_strdup_printf ("run-%u", k);

          add_run (b, id, T0 + k * SECOND, FD_RUN_RUNNING, "production", 1);
        }
      for (guint i = 0; i < 10; i++)
        {
          guint k = history + round * 90 - 50 + i * 3;
          g_autofree char *id = g_strdup_printf ("run-%u", k);

          add_run (b, id, T0 + k * SECOND, FD_RUN_FAILED, "production", 1);
        }
      next = apply (store, "src", b, NULL, FD_TIME_NONE);
      g_clear_pointer (&previous, fd_snapshot_unref);
      previous = g_steal_pointer (&current);
      current = g_steal_pointer (&next);

      /* Skip the first rounds: the spare buffer is made once. */
      if (round >= 3)
        max_written = MAX (max_written, _fd_record_store_get_n_written (store));
    }

  fd_snapshot_get_runs (current, &n);
  g_assert_cmpuint (n, ==, history + 20 * 90);
  g_assert_cmpint (find_run (current, "run-100040")->status, ==, FD_RUN_FAILED);
  g_test_message ("at most %" G_GSIZE_FORMAT " records written per apply", max_written);
  /* About 100 records per batch plus the tail they touch, never the history. */
  g_assert_cmpuint (max_written, <, 1000);
  g_assert_cmpuint (max_written, >, 0);
}

static void
test_record_store_compaction (void)
{
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdSnapshot) first = NULL;
  g_autoptr(FdSnapshot) last = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *text = NULL;
  FdSnapshotBuilder *b;

  b = fd_snapshot_builder_new ();
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-%u", i);

      add_run (b, id, T0 + i * SECOND, FD_RUN_RUNNING, "production", 2);
    }
  first = apply (store, "src", b, NULL, FD_TIME_NONE);
  first_text = describe_snapshot_sorted (first);

  /* Replacing every run twice makes 80,000 stages of garbage. */
  for (guint round = 0; round < 2; round++)
    {
      b = fd_snapshot_builder_new ();
      for (guint i = 0; i < 20000; i++)
        {
          g_autofree char *id = g_strdup_printf ("run-%u", i);

          add_run (b, id, T0 + i * SECOND, round == 0 ? FD_RUN_FAILED : FD_RUN_SUCCESS,
                   "production", 2);
        }
      g_clear_pointer (&last, fd_snapshot_unref);
      last = apply (store, "src", b, NULL, FD_TIME_NONE);
    }

  g_assert_cmpuint (_fd_record_store_get_n_compactions (store), ==, 1);
  text = describe_snapshot_sorted (last);
  g_assert_true (g_str_has_prefix (text, "000000000000 run-0 success 2\n"));
  {
    g_autofree char *again = describe_snapshot_sorted (first);

    g_assert_cmpstr (again, ==, first_text);
  }

  /* After the compaction the store goes on as before. */
  {
    g_autoptr(FdSnapshot) next = NULL;

    b = fd_snapshot_builder_new ();
    add_run (b, "run-20000", T0 + 20000 * SECOND, FD_RUN_SUCCESS, "production", 2);
    add_run (b, "run-5", T0 + 5 * SECOND, FD_RUN_CANCELLED, "production", 2);
    next = apply (store, "src", b, NULL, FD_TIME_NONE);
    g_assert_cmpint (find_run (next, "run-5")->status, ==, FD_RUN_CANCELLED);
    g_assert_nonnull (find_run (next, "run-20000"));
    g_free (text);
    text = describe_snapshot_sorted (next);
  }
}

static void
test_record_store_outlives (void)
{
  FdRecordStore *store = fd_record_store_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdSnapshotBuilder *b = fd_snapshot_builder_new ();
  GValue value = G_VALUE_INIT;

  add_run (b, "run-1", T0, FD_RUN_SUCCESS, "production", 3);
  snapshot = apply (store, "src", b, NULL, FD_TIME_NONE);

  /* The boxed type refs the store. */
  g_value_init (&value, FD_TYPE_RECORD_STORE);
  g_value_set_boxed (&value, store);
  g_value_unset (&value);
  fd_record_store_unref (store);

  /* Snapshots hold their own buffers. */
  g_assert_cmpstr (fd_snapshot_str (snapshot, find_run (snapshot, "run-1")->id), ==, "run-1");
  g_assert_cmpuint (fd_snapshot_get_memory_size (snapshot), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/record-store/append", test_record_store_append);
  g_test_add_func ("/flightdeck/record-store/upsert", test_record_store_upsert);
  g_test_add_func ("/flightdeck/record-store/gone-and-reset", test_record_store_gone_and_reset);
  g_test_add_func ("/flightdeck/record-store/retention", test_record_store_retention);
  g_test_add_func ("/flightdeck/record-store/canaries-and-samples",
                   test_record_store_canaries_and_samples);
  g_test_add_func ("/flightdeck/record-store/random", test_record_store_random);
  g_test_add_func ("/flightdeck/record-store/cost", test_record_store_cost);
  g_test_add_func ("/flightdeck/record-store/compaction", test_record_store_compaction);
  g_test_add_func ("/flightdeck/record-store/outlives", test_record_store_outlives);

  return g_test_run ();
}
