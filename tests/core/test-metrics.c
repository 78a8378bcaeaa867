/* test-metrics.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-metrics"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"
#include "fd-metrics.h"
#include "fd-time.h"

/*
 * Hand-computed vectors for tests/fixtures/metrics-basic.jsonl, window
 * [2026-11-10T00:00Z, 2026-11-11T00:00Z) (window_days = 1).
 *
 * Runs in the window: r1 (prod, success, 100 s: the finish 10:01:40.0000009
 * floors to whole seconds), r2 (prod, failed, 300 s), r3 (prod, success,
 * 13:00+01:00 = 12:00Z, 200 s), r4 (staging, success, 400 s), r5 (prod,
 * cancelled), r6 (prod, running), r7 (prod, queued), r10 (development,
 * failed, 16:00-08:00 = exactly `from`, 1000 s). r8 starts exactly at `to`
 * and r9 one microsecond before `from`: both outside.
 *   all: total 8, success 3, failed 2, cancelled 1, active 2,
 *        success_rate 3/5 = 0.6; durations {100, 200, 300, 400, 1000}:
 *        mean 400, p50 rank 2 -> 300, p95 rank 3.8 -> 400 + 0.8 * 600 = 880.
 *   production: total 6, success 2, failed 1, cancelled 1, active 2,
 *        rate 2/3; durations {100, 200, 300}: mean 200, p50 200,
 *        p95 rank 1.9 -> 200 + 0.9 * 100 = 290.
 *   staging: 1 run, success, 400 s.
 *
 * Deployments: d1 prod success, lead 24 h; d2 prod success, lead 2 h,
 * caused an incident; d3 staging failed; d4 prod rolled back; d5 prod in
 * progress; d6 prod success without committed_at (caused_incident null).
 *   all: total 6, success 3, failed 2, frequency 3/1 = 3 (elite), lead
 *        median of {24, 2} = 13 h (elite), CFR: 5 finished, 3 bad (d2 d3 d4)
 *        = 0.6 (low).
 *   production: total 5, success 3, failed 1, frequency 3, lead 13,
 *        CFR 2/4 = 0.5 (low).
 *   staging: total 1, success 0, failed 1, frequency 0 (low: 0 is a value,
 *        not null), lead null, CFR 1/1 = 1.
 *
 * Alerts: a1 prod critical resolved (TTR 30 min, TTA 5), a2 prod warning
 * acknowledged (TTA 20), a3 staging high resolved (TTR 120), a4 prod info
 * firing; a5 started the day before.
 *   all: total 4, open 2, MTTR (30 + 120) / 2 = 75, median 75 (high),
 *        MTTA (5 + 20) / 2 = 12.5.
 *   production: total 3, open 2, MTTR 30, median 30 (elite), MTTA 12.5.
 *   staging: total 1, open 0, MTTR 120, MTTA null (nothing acknowledged).
 *
 * Canaries started in the window: c1 (prod, 25 / 100 = 0.25; canary
 * samples 2 + 1 errors of 100 + 300 requests = 0.0075, p95 mean
 * (120 + 130) / 2 = 125; baseline 1 / 200 = 0.005, p95 100, its sample at
 * `to` is outside), c2 (staging, no steps: progress null, no samples: all
 * null), c4 (prod, last step 0: progress null; one sample with 0 requests:
 * error rate null, p95 50). c3 started before the window, so its sample in
 * the window does not count.
 *
 * "nowhere" (an unknown environment) and the empty file: every count 0,
 * every ratio null except deployment frequency 0 / 1 = 0 (low).
 */

#define N (NAN)

typedef struct
{
  const char *environment;
  guint64 runs[5];           /* total success failed cancelled active */
  double run_values[4];      /* success_rate mean p50 p95 */
  guint64 deployments[3];    /* total success failed */
  double deployment_values[3];
  guint64 alerts[2];         /* total open */
  guint64 by_severity[4];
  guint64 by_status[3];
  double alert_values[3];    /* mttr median mtta */
  const char *tiers[4];
  guint n_canaries;
} Expected;

static const Expected basic_cases[] = {
  { NULL, { 8, 3, 2, 1, 2 }, { 0.6, 400, 300, 880 }, { 6, 3, 2 }, { 3, 13, 0.6 }, { 4, 2 },
    { 1, 1, 1, 1 }, { 1, 1, 2 }, { 75, 75, 12.5 }, { "elite", "elite", "low", "high" }, 3 },
  { "production", { 6, 2, 1, 1, 2 }, { 2.0 / 3, 200, 200, 290 }, { 5, 3, 1 }, { 3, 13, 0.5 },
    { 3, 2 }, { 1, 0, 1, 1 }, { 1, 1, 1 }, { 30, 30, 12.5 }, { "elite", "elite", "low", "elite" },
    2 },
  { "staging", { 1, 1, 0, 0, 0 }, { 1, 400, 400, 400 }, { 1, 0, 1 }, { 0, N, 1 }, { 1, 0 },
    { 0, 1, 0, 0 }, { 0, 0, 1 }, { 120, 120, N }, { "low", NULL, "low", "high" }, 1 },
  { "nowhere", { 0, 0, 0, 0, 0 }, { N, N, N, N }, { 0, 0, 0 }, { 0, N, N }, { 0, 0 },
    { 0, 0, 0, 0 }, { 0, 0, 0 }, { N, N, N }, { "low", NULL, NULL, NULL }, 0 },
};

static void
assert_value (double got,
              double want)
{
  if (isnan (want))
    g_assert_true (isnan (got));
  else
    g_assert_cmpfloat_with_epsilon (got, want, 1e-9 * MAX (1.0, fabs (want)));
}

static FdTime
t (const char *text)
{
  FdTime v = 0;

  g_assert_true (fd_time_parse (text, strlen (text), &v));
  return v;
}

static FdSnapshot *
load (const char   *name,
      FdJsonlStats *stats)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, name, NULL);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(GError) error = NULL;
  FdJsonlStats local;

  g_assert_true (fd_jsonl_read_file (path, builder, NULL, NULL, stats ? stats : &local, NULL,
                                     &error));
  g_assert_no_error (error);
  return fd_snapshot_builder_end (g_steal_pointer (&builder));
}

static void
check_expected (const FdMetrics *m,
                const Expected  *e)
{
  FdDoraTier tiers[4] = { m->dora_deployment_frequency, m->dora_lead_time,
                          m->dora_change_failure_rate, m->dora_time_to_restore };

  assert_value (m->window_days, 1);
  g_assert_cmpuint (m->runs_total, ==, e->runs[0]);
  g_assert_cmpuint (m->runs_success, ==, e->runs[1]);
  g_assert_cmpuint (m->runs_failed, ==, e->runs[2]);
  g_assert_cmpuint (m->runs_cancelled, ==, e->runs[3]);
  g_assert_cmpuint (m->runs_active, ==, e->runs[4]);
  assert_value (m->success_rate, e->run_values[0]);
  assert_value (m->duration_mean_s, e->run_values[1]);
  assert_value (m->duration_p50_s, e->run_values[2]);
  assert_value (m->duration_p95_s, e->run_values[3]);
  g_assert_cmpuint (m->deployments_total, ==, e->deployments[0]);
  g_assert_cmpuint (m->deployments_success, ==, e->deployments[1]);
  g_assert_cmpuint (m->deployments_failed, ==, e->deployments[2]);
  assert_value (m->deployment_frequency_per_day, e->deployment_values[0]);
  assert_value (m->lead_time_median_h, e->deployment_values[1]);
  assert_value (m->change_failure_rate, e->deployment_values[2]);
  g_assert_cmpuint (m->alerts_total, ==, e->alerts[0]);
  g_assert_cmpuint (m->alerts_open, ==, e->alerts[1]);
  for (int i = 0; i < 4; i++)
    g_assert_cmpuint (m->alerts_by_severity[i], ==, e->by_severity[i]);
  for (int i = 0; i < 3; i++)
    g_assert_cmpuint (m->alerts_by_status[i], ==, e->by_status[i]);
  assert_value (m->mttr_min, e->alert_values[0]);
  assert_value (m->time_to_restore_median_min, e->alert_values[1]);
  assert_value (m->mtta_min, e->alert_values[2]);
  for (int i = 0; i < 4; i++)
    g_assert_cmpstr (fd_dora_tier_to_string (tiers[i]), ==, e->tiers[i]);
  g_assert_cmpuint (m->n_canaries, ==, e->n_canaries);
}

static void
test_metrics_basic (void)
{
  g_autoptr(FdSnapshot) snapshot = load ("metrics-basic.jsonl", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (basic_cases); i++)
    {
      FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"),
                        basic_cases[i].environment, 0, 0 };
      g_autoptr(FdMetrics) m = fd_metrics_compute (snapshot, &query);

      check_expected (m, &basic_cases[i]);
    }
}

static void
test_metrics_canaries (void)
{
  g_autoptr(FdSnapshot) snapshot = load ("metrics-basic.jsonl", NULL);
  FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"), NULL, 0, 0 };
  g_autoptr(FdMetrics) m = fd_metrics_compute (snapshot, &query);
  const FdCanaryResult *c;

  g_assert_cmpuint (m->n_canaries, ==, 3);

  c = &m->canaries[0];
  g_assert_cmpstr (c->id, ==, "c1");
  assert_value (c->progress, 0.25);
  assert_value (c->error_rate[FD_VARIANT_CANARY], 0.0075);
  assert_value (c->latency_p95_ms[FD_VARIANT_CANARY], 125);
  assert_value (c->error_rate[FD_VARIANT_BASELINE], 0.005);
  assert_value (c->latency_p95_ms[FD_VARIANT_BASELINE], 100);
  g_assert_cmpuint (c->n_samples[FD_VARIANT_BASELINE], ==, 1);

  c = &m->canaries[1];
  g_assert_cmpstr (c->id, ==, "c2");
  assert_value (c->progress, N);
  for (int v = 0; v < FD_VARIANT_N; v++)
    {
      assert_value (c->error_rate[v], N);
      assert_value (c->latency_p95_ms[v], N);
    }

  c = &m->canaries[2];
  g_assert_cmpstr (c->id, ==, "c4");
  assert_value (c->progress, N);
  assert_value (c->error_rate[FD_VARIANT_CANARY], N);
  assert_value (c->latency_p95_ms[FD_VARIANT_CANARY], 50);
}

static void
test_metrics_empty_file (void)
{
  FdJsonlStats stats;
  g_autoptr(FdSnapshot) snapshot = load ("empty.jsonl", &stats);
  FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"), NULL, 0, 0 };
  g_autoptr(FdMetrics) m = fd_metrics_compute (snapshot, &query);

  g_assert_cmpuint (stats.lines, ==, 0);
  check_expected (m, &basic_cases[3]);
}

/* A window that ends before it starts or has no length: nothing is in it. */
static void
test_metrics_zero_window (void)
{
  g_autoptr(FdSnapshot) snapshot = load ("metrics-basic.jsonl", NULL);
  FdQuery query = { t ("2026-11-10T10:00:00Z"), t ("2026-11-10T10:00:00Z"), NULL, 0, 0 };
  g_autoptr(FdMetrics) m = fd_metrics_compute (snapshot, &query);

  g_assert_cmpuint (m->runs_total, ==, 0);
  assert_value (m->window_days, 0);
  assert_value (m->deployment_frequency_per_day, N);
  g_assert_cmpint (m->dora_deployment_frequency, ==, FD_DORA_TIER_NONE);
}

/* The window's edges: [from, to) on started_at. */
static void
test_metrics_edges (void)
{
  g_autoptr(FdSnapshot) snapshot = load ("metrics-basic.jsonl", NULL);
  FdQuery q1 = { t ("2026-11-09T23:59:59.999999Z"), t ("2026-11-10T00:00:00Z"), NULL, 0, 0 };
  FdQuery q2 = { t ("2026-11-11T00:00:00Z"), t ("2026-11-11T00:00:00.000001Z"), NULL, 0, 0 };
  g_autoptr(FdMetrics) m1 = fd_metrics_compute (snapshot, &q1);
  g_autoptr(FdMetrics) m2 = fd_metrics_compute (snapshot, &q2);

  g_assert_cmpuint (m1->runs_total, ==, 1);   /* r9 only */
  g_assert_cmpuint (m1->runs_success, ==, 1);
  assert_value (m1->duration_mean_s, 60.000001);
  g_assert_cmpuint (m2->runs_total, ==, 1);   /* r8 only */
  assert_value (m2->duration_p95_s, 60);
}

static void
test_metrics_dora_bands (void)
{
  g_assert_cmpint (fd_dora_tier_deployment_frequency (1), ==, FD_DORA_TIER_ELITE);
  g_assert_cmpint (fd_dora_tier_deployment_frequency (1.0 / 7), ==, FD_DORA_TIER_HIGH);
  g_assert_cmpint (fd_dora_tier_deployment_frequency (0.14), ==, FD_DORA_TIER_MEDIUM);
  g_assert_cmpint (fd_dora_tier_deployment_frequency (1.0 / 30), ==, FD_DORA_TIER_MEDIUM);
  g_assert_cmpint (fd_dora_tier_deployment_frequency (0.03), ==, FD_DORA_TIER_LOW);
  g_assert_cmpint (fd_dora_tier_deployment_frequency (NAN), ==, FD_DORA_TIER_NONE);
  g_assert_cmpint (fd_dora_tier_lead_time (23.99), ==, FD_DORA_TIER_ELITE);
  g_assert_cmpint (fd_dora_tier_lead_time (24), ==, FD_DORA_TIER_HIGH);
  g_assert_cmpint (fd_dora_tier_lead_time (168), ==, FD_DORA_TIER_MEDIUM);
  g_assert_cmpint (fd_dora_tier_lead_time (720), ==, FD_DORA_TIER_LOW);
  g_assert_cmpint (fd_dora_tier_change_failure_rate (0.05), ==, FD_DORA_TIER_ELITE);
  g_assert_cmpint (fd_dora_tier_change_failure_rate (0.10), ==, FD_DORA_TIER_HIGH);
  g_assert_cmpint (fd_dora_tier_change_failure_rate (0.15), ==, FD_DORA_TIER_MEDIUM);
  g_assert_cmpint (fd_dora_tier_change_failure_rate (0.1500001), ==, FD_DORA_TIER_LOW);
  g_assert_cmpint (fd_dora_tier_time_to_restore (59.9), ==, FD_DORA_TIER_ELITE);
  g_assert_cmpint (fd_dora_tier_time_to_restore (60), ==, FD_DORA_TIER_HIGH);
  g_assert_cmpint (fd_dora_tier_time_to_restore (1440), ==, FD_DORA_TIER_MEDIUM);
  g_assert_cmpint (fd_dora_tier_time_to_restore (10080), ==, FD_DORA_TIER_LOW);
  g_assert_null (fd_dora_tier_to_string (FD_DORA_TIER_NONE));
  g_assert_cmpstr (fd_dora_tier_to_string (FD_DORA_TIER_MEDIUM), ==, "medium");
}

static void
test_metrics_json (void)
{
  g_autoptr(FdSnapshot) snapshot = load ("metrics-basic.jsonl", NULL);
  FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"), "staging", 0, 0 };
  g_autoptr(FdMetrics) m = fd_metrics_compute (snapshot, &query);
  g_autofree char *json = fd_metrics_to_json (m, 7);

  g_assert_cmpstr (json, ==,
    "{\"window_days\": 1, \"runs_total\": 1, \"runs_success\": 1, \"runs_failed\": 0, "
    "\"runs_cancelled\": 0, \"runs_active\": 0, \"success_rate\": 1, \"duration_mean_s\": 400, "
    "\"duration_p50_s\": 400, \"duration_p95_s\": 400, \"deployments_total\": 1, "
    "\"deployments_success\": 0, \"deployments_failed\": 1, "
    "\"deployment_frequency_per_day\": 0, \"lead_time_median_h\": null, "
    "\"change_failure_rate\": 1, \"alerts_total\": 1, \"alerts_open\": 0, "
    "\"alerts_by_severity\": {\"critical\": 0, \"high\": 1, \"warning\": 0, \"info\": 0}, "
    "\"alerts_by_status\": {\"firing\": 0, \"acknowledged\": 0, \"resolved\": 1}, "
    "\"mttr_min\": 120, \"time_to_restore_median_min\": 120, \"mtta_min\": null, "
    "\"canaries\": {\"c2\": {\"progress\": null, "
    "\"canary\": {\"error_rate\": null, \"latency_p95_ms\": null}, "
    "\"baseline\": {\"error_rate\": null, \"latency_p95_ms\": null}}}, "
    "\"dora_tiers\": {\"deployment_frequency\": \"low\", \"lead_time\": null, "
    "\"change_failure_rate\": \"low\", \"time_to_restore\": \"high\"}, \"invalid_lines\": 7}");
}

/* Full precision: 2/3 must print all its digits. */
static void
test_metrics_json_precision (void)
{
  g_autoptr(FdSnapshot) snapshot = load ("metrics-basic.jsonl", NULL);
  FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"), "production", 0, 0 };
  g_autoptr(FdMetrics) m = fd_metrics_compute (snapshot, &query);
  g_autofree char *json = fd_metrics_to_json (m, 0);

  g_assert_nonnull (strstr (json, "\"success_rate\": 0.6666666666666666,"));
  g_assert_nonnull (strstr (json, "\"duration_p95_s\": 290,"));
}

/* read -> write -> read gives the same metrics and the same file again. */
static void
test_metrics_round_trip (void)
{
  g_autoptr(FdSnapshot) a = load ("metrics-basic.jsonl", NULL);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) b = NULL;
  g_autofree char *text_a = fd_jsonl_write_string (a, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_autofree char *text_b = NULL;
  FdJsonlStats stats;

  fd_jsonl_read_data (text_a, strlen (text_a), builder, NULL, NULL, &stats);
  g_assert_cmpuint (stats.invalid_lines, ==, 0);
  g_assert_cmpuint (stats.valid, ==, 31);
  b = fd_snapshot_builder_end (g_steal_pointer (&builder));
  text_b = fd_jsonl_write_string (b, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_assert_cmpstr (text_a, ==, text_b);

  for (guint i = 0; i < G_N_ELEMENTS (basic_cases); i++)
    {
      FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"),
                        basic_cases[i].environment, 0, 0 };
      g_autoptr(FdMetrics) ma = fd_metrics_compute (a, &query);
      g_autoptr(FdMetrics) mb = fd_metrics_compute (b, &query);
      g_autofree char *ja = fd_metrics_to_json (ma, 0);
      g_autofree char *jb = fd_metrics_to_json (mb, 0);

      g_assert_cmpstr (ja, ==, jb);
    }
}

/* Filtered export: the window and environment, samples following their canary. */
static void
test_metrics_write_filtered (void)
{
  g_autoptr(FdSnapshot) a = load ("metrics-basic.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) b = NULL;
  FdJsonlStats stats;
  gsize n;

  g_assert_no_error (error);
  path = g_build_filename (dir, "out.jsonl", NULL);
  g_assert_true (fd_jsonl_write_file (a, path, t ("2026-11-10T00:00:00Z"),
                                      t ("2026-11-11T00:00:00Z"), "production", &error));
  g_assert_no_error (error);
  g_assert_true (fd_jsonl_read_file (path, builder, NULL, NULL, &stats, NULL, &error));
  b = fd_snapshot_builder_end (g_steal_pointer (&builder));

  fd_snapshot_get_runs (b, &n);
  g_assert_cmpuint (n, ==, 6);
  fd_snapshot_get_deployments (b, &n);
  g_assert_cmpuint (n, ==, 5);
  fd_snapshot_get_canaries (b, &n);
  g_assert_cmpuint (n, ==, 2);
  /* c1's 3 samples in the window, c3's (production canary, sample in the window) and c4's. */
  fd_snapshot_get_samples (b, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (stats.invalid_lines, ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/metrics/basic", test_metrics_basic);
  g_test_add_func ("/flightdeck/metrics/canaries", test_metrics_canaries);
  g_test_add_func ("/flightdeck/metrics/empty-file", test_metrics_empty_file);
  g_test_add_func ("/flightdeck/metrics/zero-window", test_metrics_zero_window);
  g_test_add_func ("/flightdeck/metrics/edges", test_metrics_edges);
  g_test_add_func ("/flightdeck/metrics/dora-bands", test_metrics_dora_bands);
  g_test_add_func ("/flightdeck/metrics/json", test_metrics_json);
  g_test_add_func ("/flightdeck/metrics/json-precision", test_metrics_json_precision);
  g_test_add_func ("/flightdeck/metrics/round-trip", test_metrics_round_trip);
  g_test_add_func ("/flightdeck/metrics/write-filtered", test_metrics_write_filtered);

  return g_test_run ();
}
