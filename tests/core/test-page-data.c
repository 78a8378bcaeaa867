/* test-page-data.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-page-data"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fd-page-data.h"
#include "fd-record-store.h"
#include "fd-sim-provider.h"

#define SECOND G_GINT64_CONSTANT (1000000)
#define DAY    (86400 * SECOND)
#define NOW    (G_GINT64_CONSTANT (1795000000) * SECOND)
#define URI    "file:test-page-data"

/* Deep comparison {{{ */

/* Bit for bit: the cached path must give the very same doubles, NaN included. */
static void
assert_same_double (double      a,
                    double      b,
                    const char *what)
{
  if (memcmp (&a, &b, sizeof a) != 0)
    g_error ("%s differs: %.17g vs %.17g", what, a, b);
}

static void
assert_same_doubles (const double *a,
                     const double *b,
                     gsize         n,
                     const char   *what)
{
  for (gsize i = 0; i < n; i++)
    assert_same_double (a[i], b[i], what);
}

static void
assert_same_verdict (const FdCanaryVerdict *a,
                     const FdCanaryVerdict *b)
{
  g_assert_cmpint (a->verdict, ==, b->verdict);
  assert_same_double (a->score, b->score, "verdict score");
  g_assert_cmpuint (a->n_metrics, ==, b->n_metrics);
  for (gsize i = 0; i < a->n_metrics; i++)
    {
      const FdCanaryMetricResult *x = &a->metrics[i];
      const FdCanaryMetricResult *y = &b->metrics[i];

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpuint (x->n_canary, ==, y->n_canary);
      g_assert_cmpuint (x->n_baseline, ==, y->n_baseline);
      assert_same_double (x->u, y->u, "u");
      assert_same_double (x->p_value, y->p_value, "p_value");
      g_assert_cmpint (x->exact, ==, y->exact);
      assert_same_double (x->median_canary, y->median_canary, "median_canary");
      assert_same_double (x->median_baseline, y->median_baseline, "median_baseline");
      assert_same_double (x->median_ratio, y->median_ratio, "median_ratio");
      assert_same_double (x->hodges_lehmann, y->hodges_lehmann, "hodges_lehmann");
      assert_same_double (x->rank_biserial, y->rank_biserial, "rank_biserial");
      g_assert_cmpint (x->classification, ==, y->classification);
      g_assert_cmpint (x->passed, ==, y->passed);
    }
}

static void
assert_same_metrics (const FdMetrics *a,
                     const FdMetrics *b)
{
  g_assert_cmpint (a->from, ==, b->from);
  g_assert_cmpint (a->to, ==, b->to);
  assert_same_double (a->window_days, b->window_days, "window_days");
  g_assert_cmpuint (a->runs_total, ==, b->runs_total);
  g_assert_cmpuint (a->runs_success, ==, b->runs_success);
  g_assert_cmpuint (a->runs_failed, ==, b->runs_failed);
  g_assert_cmpuint (a->runs_cancelled, ==, b->runs_cancelled);
  g_assert_cmpuint (a->runs_active, ==, b->runs_active);
  assert_same_double (a->success_rate, b->success_rate, "success_rate");
  assert_same_double (a->duration_mean_s, b->duration_mean_s, "duration_mean_s");
  assert_same_double (a->duration_p50_s, b->duration_p50_s, "duration_p50_s");
  assert_same_double (a->duration_p95_s, b->duration_p95_s, "duration_p95_s");
  g_assert_cmpuint (a->deployments_total, ==, b->deployments_total);
  g_assert_cmpuint (a->deployments_success, ==, b->deployments_success);
  g_assert_cmpuint (a->deployments_failed, ==, b->deployments_failed);
  assert_same_double (a->deployment_frequency_per_day, b->deployment_frequency_per_day,
                      "deployment_frequency_per_day");
  assert_same_double (a->lead_time_median_h, b->lead_time_median_h, "lead_time_median_h");
  assert_same_double (a->change_failure_rate, b->change_failure_rate, "change_failure_rate");
  g_assert_cmpuint (a->alerts_total, ==, b->alerts_total);
  g_assert_cmpuint (a->alerts_open, ==, b->alerts_open);
  g_assert_cmpmem (a->alerts_by_severity, sizeof a->alerts_by_severity,
                   b->alerts_by_severity, sizeof b->alerts_by_severity);
  g_assert_cmpmem (a->alerts_by_status, sizeof a->alerts_by_status,
                   b->alerts_by_status, sizeof b->alerts_by_status);
  assert_same_double (a->mttr_min, b->mttr_min, "mttr_min");
  assert_same_double (a->time_to_restore_median_min, b->time_to_restore_median_min,
                      "time_to_restore_median_min");
  assert_same_double (a->mtta_min, b->mtta_min, "mtta_min");
  g_assert_cmpuint (a->n_canaries, ==, b->n_canaries);
  for (gsize i = 0; i < a->n_canaries; i++)
    {
      const FdCanaryResult *x = &a->canaries[i];
      const FdCanaryResult *y = &b->canaries[i];

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpmem (x->canary, sizeof *x->canary, y->canary, sizeof *y->canary);
      assert_same_double (x->progress, y->progress, "progress");
      assert_same_doubles (x->error_rate, y->error_rate, FD_VARIANT_N, "error_rate");
      assert_same_doubles (x->latency_p95_ms, y->latency_p95_ms, FD_VARIANT_N, "latency_p95_ms");
      g_assert_cmpmem (x->n_samples, sizeof x->n_samples, y->n_samples, sizeof y->n_samples);
    }
  g_assert_cmpint (a->dora_deployment_frequency, ==, b->dora_deployment_frequency);
  g_assert_cmpint (a->dora_lead_time, ==, b->dora_lead_time);
  g_assert_cmpint (a->dora_change_failure_rate, ==, b->dora_change_failure_rate);
  g_assert_cmpint (a->dora_time_to_restore, ==, b->dora_time_to_restore);
}

static void
assert_same_groups (const FdGroupStats *a,
                    const FdGroupStats *b,
                    gsize               n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpstr (a[i].name, ==, b[i].name);
      g_assert_cmpuint (a[i].runs, ==, b[i].runs);
      g_assert_cmpuint (a[i].success, ==, b[i].success);
      g_assert_cmpuint (a[i].failed, ==, b[i].failed);
      assert_same_double (a[i].success_rate, b[i].success_rate, "group success_rate");
      assert_same_double (a[i].duration_mean_s, b[i].duration_mean_s, "group mean");
      assert_same_double (a[i].duration_p50_s, b[i].duration_p50_s, "group p50");
      assert_same_double (a[i].duration_p95_s, b[i].duration_p95_s, "group p95");
    }
}

static void
assert_same_dashboard (const FdDashboard *a,
                       const FdDashboard *b)
{
  gsize nb = a->n_buckets;

  g_assert_cmpint (a->from, ==, b->from);
  g_assert_cmpint (a->to, ==, b->to);
  g_assert_cmpint (a->bucket_us, ==, b->bucket_us);
  g_assert_cmpuint (a->n_buckets, ==, b->n_buckets);
  for (int s = 0; s < FD_RUN_N_STATUS; s++)
    g_assert_cmpmem (a->runs_by_status[s], nb * 4, b->runs_by_status[s], nb * 4);
  g_assert_cmpmem (a->runs_total, nb * 4, b->runs_total, nb * 4);
  assert_same_doubles (a->run_success_rate, b->run_success_rate, nb, "run_success_rate");
  assert_same_doubles (a->run_duration_mean_s, b->run_duration_mean_s, nb, "run mean");
  assert_same_doubles (a->run_duration_p50_s, b->run_duration_p50_s, nb, "run p50");
  assert_same_doubles (a->run_duration_p95_s, b->run_duration_p95_s, nb, "run p95");
  g_assert_cmpuint (a->n_by_environment, ==, b->n_by_environment);
  assert_same_groups (a->by_environment, b->by_environment, a->n_by_environment);
  g_assert_cmpuint (a->n_by_service, ==, b->n_by_service);
  assert_same_groups (a->by_service, b->by_service, a->n_by_service);
  g_assert_cmpuint (a->n_flaky, ==, b->n_flaky);
  for (gsize i = 0; i < a->n_flaky; i++)
    {
      g_assert_cmpstr (a->flaky[i].pipeline, ==, b->flaky[i].pipeline);
      g_assert_cmpstr (a->flaky[i].commit, ==, b->flaky[i].commit);
      g_assert_cmpuint (a->flaky[i].runs, ==, b->flaky[i].runs);
      g_assert_cmpuint (a->flaky[i].flips, ==, b->flaky[i].flips);
      g_assert_cmpint (a->flaky[i].last_started_at, ==, b->flaky[i].last_started_at);
    }
  g_assert_cmpmem (a->failures_by_hour, sizeof a->failures_by_hour,
                   b->failures_by_hour, sizeof b->failures_by_hour);
  g_assert_cmpmem (a->finished_by_hour, sizeof a->finished_by_hour,
                   b->finished_by_hour, sizeof b->finished_by_hour);
  assert_same_doubles (&a->failure_rate_by_hour[0][0], &b->failure_rate_by_hour[0][0], 7 * 24,
                       "failure_rate_by_hour");
  g_assert_cmpmem (a->deployments_total, nb * 4, b->deployments_total, nb * 4);
  g_assert_cmpmem (a->deployments_success, nb * 4, b->deployments_success, nb * 4);
  g_assert_cmpmem (a->deployments_failed, nb * 4, b->deployments_failed, nb * 4);
  assert_same_doubles (a->change_failure_rate, b->change_failure_rate, nb, "bucket CFR");
  assert_same_doubles (a->lead_time_median_h, b->lead_time_median_h, nb, "bucket lead time");
  g_assert_cmpuint (a->n_days, ==, b->n_days);
  g_assert_cmpint (a->first_day, ==, b->first_day);
  g_assert_cmpuint (a->n_day_environments, ==, b->n_day_environments);
  for (gsize i = 0; i < a->n_day_environments; i++)
    g_assert_cmpstr (a->day_environments[i], ==, b->day_environments[i]);
  g_assert_cmpmem (a->deployments_per_day, a->n_days * a->n_day_environments * 4,
                   b->deployments_per_day, b->n_days * b->n_day_environments * 4);
  g_assert_cmpuint (a->n_current_versions, ==, b->n_current_versions);
  for (gsize i = 0; i < a->n_current_versions; i++)
    {
      g_assert_cmpstr (a->current_versions[i].service, ==, b->current_versions[i].service);
      g_assert_cmpstr (a->current_versions[i].environment, ==,
                       b->current_versions[i].environment);
      g_assert_cmpstr (a->current_versions[i].version, ==, b->current_versions[i].version);
      g_assert_cmpint (a->current_versions[i].finished_at, ==,
                       b->current_versions[i].finished_at);
    }
  for (int s = 0; s < FD_SEVERITY_N; s++)
    g_assert_cmpmem (a->alerts_by_severity[s], nb * 4, b->alerts_by_severity[s], nb * 4);
  g_assert_cmpmem (a->alerts_total, nb * 4, b->alerts_total, nb * 4);
  assert_same_doubles (a->mttr_min, b->mttr_min, nb, "bucket MTTR");
  assert_same_doubles (a->mtta_min, b->mtta_min, nb, "bucket MTTA");
  g_assert_cmpuint (a->n_noisy_alerts, ==, b->n_noisy_alerts);
  for (gsize i = 0; i < a->n_noisy_alerts; i++)
    {
      g_assert_cmpstr (a->noisy_alerts[i].name, ==, b->noisy_alerts[i].name);
      g_assert_cmpuint (a->noisy_alerts[i].count, ==, b->noisy_alerts[i].count);
    }
  g_assert_cmpuint (a->n_canaries, ==, b->n_canaries);
  for (gsize i = 0; i < a->n_canaries; i++)
    {
      g_assert_cmpstr (a->canaries[i].id, ==, b->canaries[i].id);
      for (int v = 0; v < FD_VARIANT_N; v++)
        {
          gsize n = a->canaries[i].n_points[v];

          g_assert_cmpuint (n, ==, b->canaries[i].n_points[v]);
          g_assert_cmpmem (a->canaries[i].at[v], n * 8, b->canaries[i].at[v], n * 8);
          assert_same_doubles (a->canaries[i].error_rate[v], b->canaries[i].error_rate[v], n,
                               "series error_rate");
          assert_same_doubles (a->canaries[i].latency_p95_ms[v],
                               b->canaries[i].latency_p95_ms[v], n, "series p95");
        }
    }
}

static void
assert_same_page_data (const FdPageData *a,
                       const FdPageData *b)
{
  g_assert_true (a->snapshot == b->snapshot);
  g_assert_cmpint (a->query.from, ==, b->query.from);
  g_assert_cmpint (a->query.to, ==, b->query.to);
  g_assert_cmpstr (a->environment, ==, b->environment);
  g_assert_cmpint (a->now, ==, b->now);
  g_assert_cmpstr (a->period_label, ==, b->period_label);
  assert_same_metrics (a->current, b->current);
  assert_same_metrics (a->previous, b->previous);
  assert_same_dashboard (a->dashboard, b->dashboard);

  g_assert_cmpuint (a->verdicts->len, ==, a->current->n_canaries);
  g_assert_cmpuint (a->verdicts->len, ==, b->verdicts->len);
  for (guint i = 0; i < a->verdicts->len; i++)
    assert_same_verdict (g_ptr_array_index (a->verdicts, i), g_ptr_array_index (b->verdicts, i));

  g_assert_cmpmem (a->recent_runs, a->n_recent_runs * 4, b->recent_runs, b->n_recent_runs * 4);
  g_assert_cmpuint (a->n_matching_runs, ==, b->n_matching_runs);
  g_assert_cmpmem (a->recent_deployments, a->n_recent_deployments * 4,
                   b->recent_deployments, b->n_recent_deployments * 4);
  g_assert_cmpuint (a->n_matching_deployments, ==, b->n_matching_deployments);
  g_assert_cmpmem (a->recent_alerts, a->n_recent_alerts * 4,
                   b->recent_alerts, b->n_recent_alerts * 4);
  g_assert_cmpuint (a->n_matching_alerts, ==, b->n_matching_alerts);
}

/* }}} */

/* Batches {{{ */

typedef struct
{
  FdRecordStore      *store;
  FdSnapshot         *snapshot;
  FdCanaryJudgeCache *cache;
  FdPageData         *shown;     /* the cached answer of the last check */
  guint               n_checks;
} Fixture;

static void
fixture_apply (Fixture            *f,
               FdSnapshotBuilder  *builder,
               const char * const *gone)
{
  g_autoptr(FdSnapshot) records = fd_snapshot_builder_end (builder);
  g_autoptr(FdBatch) batch = fd_batch_new (URI, records, gone, NULL);

  g_clear_pointer (&f->snapshot, fd_snapshot_unref);
  f->snapshot = fd_record_store_apply (f->store, batch, FD_TIME_NONE);
}

/* The query the session runs over a file: the window ends at the whole
 * second after the last record. Compares the cached answer with a fresh
 * one, and each verdict with the canary judged on its own. */
static void
fixture_check (Fixture    *f,
               FdTime      span,
               const char *environment,
               double      pass_threshold)
{
  g_autoptr(FdPageData) fresh = NULL;
  FdPageData *cached;
  FdTime last = fd_snapshot_get_last_time (f->snapshot);
  FdQuery query = { 0, };

  query.to = last - ((last % SECOND) + SECOND) % SECOND + SECOND;
  query.from = query.to - span;
  query.environment = environment;

  cached = fd_page_data_compute_cached (f->snapshot, &query, query.to, pass_threshold, 75,
                                        f->cache, NULL);
  fresh = fd_page_data_compute (f->snapshot, &query, query.to, pass_threshold, 75, NULL);
  g_assert_nonnull (cached);
  g_assert_nonnull (fresh);
  assert_same_page_data (cached, fresh);

  for (gsize i = 0; i < fresh->current->n_canaries; i++)
    {
      const FdCanary *canary = fresh->current->canaries[i].canary;
      g_autoptr(FdCanaryVerdict) alone = NULL;

      alone = fd_canary_judge_snapshot (f->snapshot, canary->id, canary->started_at, query.to,
                                        FALSE, pass_threshold, 75);
      assert_same_verdict (alone, g_ptr_array_index (cached->verdicts, i));
    }

  g_clear_pointer (&f->shown, fd_page_data_unref);
  f->shown = cached;
  f->n_checks++;
}

static FdStr
copy_str (FdSnapshotBuilder *builder,
          FdSnapshot        *from,
          FdStr              str)
{
  const char *s = fd_snapshot_str (from, str);

  return s != NULL ? fd_snapshot_builder_intern (builder, s) : FD_STR_NONE;
}

static void
add_run (FdSnapshotBuilder *builder,
         const char        *id,
         const char        *environment,
         FdTime             started_at,
         FdRunStatus        status,
         double             duration_s)
{
  FdPipelineRun run = { 0, };
  FdStage stage = { 0, };

  run.started_at = started_at;
  run.finished_at = status == FD_RUN_RUNNING ? FD_TIME_NONE
                                             : started_at + (FdTime) (duration_s * SECOND);
  run.id = fd_snapshot_builder_intern (builder, id);
  run.pipeline = fd_snapshot_builder_intern (builder, "checkout/ci");
  run.service = fd_snapshot_builder_intern (builder, "checkout");
  run.environment = fd_snapshot_builder_intern (builder, environment);
  run.commit = fd_snapshot_builder_intern (builder, "abc123");
  run.status = status;
  stage.name = fd_snapshot_builder_intern (builder, "build");
  stage.status = status;
  stage.duration_s = (float) duration_s;
  fd_snapshot_builder_add_run (builder, &run, &stage, 1);
}

/* The same run as @old with another status (a run that finished). */
static void
add_updated_run (FdSnapshotBuilder   *builder,
                 FdSnapshot          *from,
                 const FdPipelineRun *old,
                 FdRunStatus          status)
{
  FdPipelineRun run = *old;
  const FdStage *stages;
  gsize n_stages;
  g_autofree FdStage *copy = NULL;

  run.status = status;
  run.finished_at = run.started_at + 77 * SECOND;
  run.id = copy_str (builder, from, old->id);
  run.pipeline = copy_str (builder, from, old->pipeline);
  run.service = copy_str (builder, from, old->service);
  run.environment = copy_str (builder, from, old->environment);
  run.branch = copy_str (builder, from, old->branch);
  run.commit = copy_str (builder, from, old->commit);
  run.trigger = copy_str (builder, from, old->trigger);
  stages = fd_snapshot_get_stages (from, old, &n_stages);
  copy = g_memdup2 (stages, MAX (n_stages, 1) * sizeof (FdStage));
  for (gsize k = 0; k < n_stages; k++)
    copy[k].name = copy_str (builder, from, stages[k].name);
  fd_snapshot_builder_add_run (builder, &run, copy, n_stages);
}

static void
add_sample (FdSnapshotBuilder *builder,
            FdSnapshot        *from,
            FdStr              canary_id,
            FdVariant          variant,
            FdTime             at,
            gint64             requests,
            gint64             errors,
            double             p95)
{
  FdCanarySample sample = { 0, };

  sample.at = at;
  sample.canary_id = copy_str (builder, from, canary_id);
  sample.variant = variant;
  sample.requests = requests;
  sample.errors = errors;
  sample.latency_p50_ms = p95 / 2;
  sample.latency_p95_ms = p95;
  sample.latency_p99_ms = p95 * 1.4;
  fd_snapshot_builder_add_sample (builder, &sample);
}

/* The newest canary in [from, to) that has samples, or NULL. */
static const FdCanary *
newest_canary (FdSnapshot *snapshot,
               FdTime      from,
               FdTime      to)
{
  const FdCanary *canaries = fd_snapshot_get_canaries (snapshot, NULL);
  gsize first, last;

  fd_snapshot_canaries_range (snapshot, from, to, &first, &last);
  return last > first ? &canaries[last - 1] : NULL;
}

/* }}} */

static void
test_page_data_cached_equals_fresh (void)
{
  FdSimParams params;
  FdSnapshotBuilder *builder;
  Fixture f = { 0, };
  const FdPipelineRun *runs;
  const FdCanary *canary;
  const FdCanarySample *samples;
  gsize n_runs, n_samples, n_canaries, first, last;
  guint64 hits = 0, misses = 0, hits_before, misses_before;
  FdTime end;
  FdStr canary_id;
  FdStr canary_env;
  g_autofree char *canary_id_str = NULL;
  g_autofree char *canary_env_str = NULL;

  f.store = fd_record_store_new ();
  f.cache = fd_canary_judge_cache_new ();

  /* A history with canaries and samples, loaded as one file's first batch. */
  fd_sim_params_init (&params);
  params.seed = 7;
  params.runs_per_day = 600;
  params.deploys_per_day = 40;
  params.history_days = 10;
  builder = fd_snapshot_builder_new ();
  fd_sim_generate (&params, NOW - 10 * DAY, NOW, builder);
  fixture_apply (&f, builder, NULL);
  fd_snapshot_get_canaries (f.snapshot, &n_canaries);
  g_assert_cmpuint (n_canaries, >, 20);

  fixture_check (&f, 7 * DAY, NULL, 95);
  fd_canary_judge_cache_get_stats (f.cache, &hits, &misses, NULL);
  g_assert_cmpuint (hits, ==, 0);
  g_assert_cmpuint (misses, ==, f.shown->current->n_canaries);

  /* 1. Fifty runs appended after the end: the window moves, no canary's
   * samples change, so no verdict is judged again. */
  end = fd_snapshot_get_last_time (f.snapshot);
  builder = fd_snapshot_builder_new ();
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("appended-%u", i);

      add_run (builder, id, i % 2 ? "production" : "staging", end + (i + 1) * SECOND,
               i % 5 == 0 ? FD_RUN_FAILED : FD_RUN_SUCCESS, 60 + i);
    }
  fixture_apply (&f, builder, NULL);
  fd_canary_judge_cache_get_stats (f.cache, &hits_before, &misses_before, NULL);
  fixture_check (&f, 7 * DAY, NULL, 95);
  fd_canary_judge_cache_get_stats (f.cache, &hits, &misses, NULL);
  g_assert_cmpuint (misses, ==, misses_before);
  g_assert_cmpuint (hits - hits_before, ==, f.shown->current->n_canaries);

  /* 2. New samples of the newest canary, and one of its samples measured
   * again (same canary, variant and time: it replaces the old one). Only
   * that canary is judged again. */
  end = fd_snapshot_get_last_time (f.snapshot);
  canary = newest_canary (f.snapshot, end - 7 * DAY, end + SECOND);
  g_assert_nonnull (canary);
  canary_id = canary->id;
  canary_id_str = g_strdup (fd_snapshot_str (f.snapshot, canary_id));
  canary_env_str = g_strdup (fd_snapshot_str (f.snapshot, canary->environment));
  samples = fd_snapshot_get_samples (f.snapshot, &n_samples);
  fd_snapshot_samples_range (f.snapshot, canary->started_at, end + SECOND, &first, &last);
  builder = fd_snapshot_builder_new ();
  for (guint i = 0; i < 6; i++)
    {
      add_sample (builder, f.snapshot, canary_id, FD_VARIANT_CANARY, end + (i + 1) * 60 * SECOND,
                  1000, 90, 400 + i);
      add_sample (builder, f.snapshot, canary_id, FD_VARIANT_BASELINE, end + (i + 1) * 60 * SECOND,
                  1000, 5, 100 + i);
    }
  for (gsize i = first; i < last; i++)
    {
      if (samples[i].canary_id != canary_id)
        continue;
      add_sample (builder, f.snapshot, canary_id, samples[i].variant, samples[i].at,
                  samples[i].requests, samples[i].errors, samples[i].latency_p95_ms * 3);
      break;
    }
  fixture_apply (&f, builder, NULL);
  fd_canary_judge_cache_get_stats (f.cache, &hits_before, &misses_before, NULL);
  fixture_check (&f, 7 * DAY, NULL, 95);
  fd_canary_judge_cache_get_stats (f.cache, &hits, &misses, NULL);
  g_assert_cmpuint (misses - misses_before, ==, 1);
  g_assert_cmpuint (hits - hits_before + misses - misses_before, ==,
                    f.shown->current->n_canaries);

  /* 3. Updates of existing runs (finished since the last poll) and of the
   * canary record itself. */
  runs = fd_snapshot_get_runs (f.snapshot, &n_runs);
  builder = fd_snapshot_builder_new ();
  for (guint i = 0; i < 10; i++)
    add_updated_run (builder, f.snapshot, &runs[n_runs - 60 - 7 * i],
                     runs[n_runs - 60 - 7 * i].status == FD_RUN_FAILED ? FD_RUN_SUCCESS
                                                                       : FD_RUN_FAILED);
  {
    FdCanary updated = *newest_canary (f.snapshot, end - 7 * DAY, end + SECOND);
    const double *steps;
    gsize n_steps;

    steps = fd_snapshot_get_steps (f.snapshot, &updated, &n_steps);
    updated.id = copy_str (builder, f.snapshot, updated.id);
    updated.service = copy_str (builder, f.snapshot, updated.service);
    updated.environment = copy_str (builder, f.snapshot, updated.environment);
    updated.baseline_version = copy_str (builder, f.snapshot, updated.baseline_version);
    updated.canary_version = copy_str (builder, f.snapshot, updated.canary_version);
    updated.status = FD_CANARY_ROLLED_BACK;
    updated.traffic_percent = 0;
    fd_snapshot_builder_add_canary (builder, &updated, steps, n_steps);
  }
  fixture_apply (&f, builder, NULL);
  fixture_check (&f, 7 * DAY, NULL, 95);

  /* 4. Out of order: runs and samples older than the newest, in the middle
   * of the window and before it. */
  end = fd_snapshot_get_last_time (f.snapshot);
  builder = fd_snapshot_builder_new ();
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("late-%u", i);

      add_run (builder, id, "production", end - (FdTime) (i + 1) * 9 * 3600 * SECOND,
               i % 3 ? FD_RUN_SUCCESS : FD_RUN_FAILED, 30 + 13 * i);
    }
  canary_id = fd_snapshot_lookup (f.snapshot, canary_id_str);
  canary = NULL;
  {
    const FdCanary *canaries = fd_snapshot_get_canaries (f.snapshot, &n_canaries);

    for (gsize i = 0; i < n_canaries; i++)
      if (canaries[i].id == canary_id)
        canary = &canaries[i];
  }
  g_assert_nonnull (canary);
  add_sample (builder, f.snapshot, canary_id, FD_VARIANT_CANARY, canary->started_at + 7 * SECOND,
              500, 3, 123);
  fixture_apply (&f, builder, NULL);
  fixture_check (&f, 7 * DAY, NULL, 95);

  /* 5. Removals: a run, a deployment and the canary judged above. */
  runs = fd_snapshot_get_runs (f.snapshot, &n_runs);
  {
    gsize n_deployments;
    const FdDeployment *deployments = fd_snapshot_get_deployments (f.snapshot, &n_deployments);
    const char *gone[] = {
      fd_snapshot_str (f.snapshot, runs[n_runs - 100].id),
      fd_snapshot_str (f.snapshot, deployments[n_deployments - 1].id),
      canary_id_str,
      NULL,
    };
    g_auto(GStrv) copy = g_strdupv ((char **) gone);

    fixture_apply (&f, fd_snapshot_builder_new (), (const char * const *) copy);
  }
  fixture_check (&f, 7 * DAY, NULL, 95);

  /* 6. Other filters on the same snapshot: an environment, a longer window,
   * other thresholds (a verdict made with other thresholds must not be
   * reused), then back to the first filters. */
  canary_env = fd_snapshot_lookup (f.snapshot, canary_env_str);
  g_assert_cmpuint (canary_env, !=, FD_STR_NONE);
  fixture_check (&f, 7 * DAY, canary_env_str, 95);
  fixture_check (&f, 30 * DAY, NULL, 95);
  fixture_check (&f, 7 * DAY, NULL, 50);
  fixture_check (&f, 7 * DAY, NULL, 95);

  /* 7. The source starts over with a smaller history (a truncated file):
   * interned ids now mean other records, which the cache must not mind. */
  {
    const char *gone[] = { URI, NULL };

    params.seed = 8;
    params.history_days = 5;
    builder = fd_snapshot_builder_new ();
    fd_sim_generate (&params, NOW - 5 * DAY, NOW - DAY, builder);
    fixture_apply (&f, builder, gone);
  }
  fixture_check (&f, 7 * DAY, NULL, 95);
  fixture_check (&f, 7 * DAY, NULL, 95);

  g_assert_cmpuint (f.n_checks, ==, 12);

  g_clear_pointer (&f.shown, fd_page_data_unref);
  g_clear_pointer (&f.snapshot, fd_snapshot_unref);
  g_clear_pointer (&f.cache, fd_canary_judge_cache_unref);
  g_clear_pointer (&f.store, fd_record_store_unref);
}

/* Queries on several threads share one cache (a cancelled query still runs
 * while the next one starts); each must get the answer of a fresh compute. */
typedef struct
{
  FdSnapshot         *snapshot;
  FdCanaryJudgeCache *cache;
  FdPageData         *expected[3];
} Shared;

static const double thresholds[] = { 95, 80, 60 };

static gpointer
query_thread (gpointer user_data)
{
  Shared *shared = user_data;
  FdTime last = fd_snapshot_get_last_time (shared->snapshot);

  for (guint i = 0; i < 12; i++)
    {
      guint k = i % G_N_ELEMENTS (thresholds);
      FdQuery query = { last + 1 - 7 * DAY, last + 1, NULL, 0, 0 };
      g_autoptr(FdPageData) data = NULL;

      data = fd_page_data_compute_cached (shared->snapshot, &query, last + 1, thresholds[k], 75,
                                          shared->cache, NULL);
      assert_same_page_data (data, shared->expected[k]);
    }

  return NULL;
}

static void
test_page_data_cache_threads (void)
{
  FdSimParams params;
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  Shared shared = { 0, };
  GThread *threads[3];
  FdTime last;

  fd_sim_params_init (&params);
  params.seed = 3;
  params.runs_per_day = 200;
  params.deploys_per_day = 30;
  params.history_days = 8;
  fd_sim_generate (&params, NOW - 8 * DAY, NOW, builder);
  shared.snapshot = fd_snapshot_builder_end (builder);
  shared.cache = fd_canary_judge_cache_new ();
  last = fd_snapshot_get_last_time (shared.snapshot);
  for (guint k = 0; k < G_N_ELEMENTS (thresholds); k++)
    {
      FdQuery query = { last + 1 - 7 * DAY, last + 1, NULL, 0, 0 };

      shared.expected[k] = fd_page_data_compute (shared.snapshot, &query, last + 1,
                                                 thresholds[k], 75, NULL);
      g_assert_cmpuint (shared.expected[k]->current->n_canaries, >, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("query", query_thread, &shared);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  for (guint k = 0; k < G_N_ELEMENTS (thresholds); k++)
    g_clear_pointer (&shared.expected[k], fd_page_data_unref);
  g_clear_pointer (&shared.cache, fd_canary_judge_cache_unref);
  g_clear_pointer (&shared.snapshot, fd_snapshot_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/page-data/cached-equals-fresh", test_page_data_cached_equals_fresh);
  g_test_add_func ("/flightdeck/page-data/cache-threads", test_page_data_cache_threads);

  return g_test_run ();
}
