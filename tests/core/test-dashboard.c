/* test-dashboard.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-dashboard"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fd-jsonl-reader.h"
#include "fd-metrics.h"
#include "fd-time.h"

#define MINUTE (G_GINT64_CONSTANT (60000000))
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

static FdTime
t (const char *text)
{
  FdTime v = 0;

  g_assert_true (fd_time_parse (text, strlen (text), &v));
  return v;
}

static FdSnapshot *
load (void)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "metrics-basic.jsonl", NULL);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_jsonl_read_file (path, builder, NULL, NULL, NULL, NULL, &error));
  return fd_snapshot_builder_end (g_steal_pointer (&builder));
}

static void
test_dashboard_pick_bucket (void)
{
  g_assert_cmpint (fd_metrics_pick_bucket (0, HOUR), ==, MINUTE);
  g_assert_cmpint (fd_metrics_pick_bucket (0, 200 * MINUTE), ==, MINUTE);
  g_assert_cmpint (fd_metrics_pick_bucket (0, 201 * MINUTE), ==, 5 * MINUTE);
  g_assert_cmpint (fd_metrics_pick_bucket (0, DAY), ==, 15 * MINUTE);
  g_assert_cmpint (fd_metrics_pick_bucket (0, 7 * DAY), ==, HOUR);
  g_assert_cmpint (fd_metrics_pick_bucket (0, 30 * DAY), ==, 6 * HOUR);
  g_assert_cmpint (fd_metrics_pick_bucket (0, 90 * DAY), ==, DAY);
  g_assert_cmpint (fd_metrics_pick_bucket (0, 365 * DAY), ==, 2 * DAY);
  g_assert_cmpint (fd_metrics_pick_bucket (0, 0), ==, MINUTE);
}

/*
 * metrics-basic.jsonl over one day: 15-minute buckets, 96 of them. Runs:
 * r10 (failed, 00:00, bucket 0), r1 (success 100 s, 10:00, bucket 40),
 * r2 (failed 300 s, 11:00, bucket 44), r3 (success 200 s, 12:00, bucket 48),
 * r4 (staging, 13:00, bucket 52), r5 cancelled, r6 running, r7 queued.
 * r1, r2, r3 share pipeline shop/build and commit aaa: success, failed,
 * success is two flips. 2026-11-10 is a Tuesday (weekday 1).
 */
static void
test_dashboard_basic (void)
{
  g_autoptr(FdSnapshot) snapshot = load ();
  FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"), NULL, 0, 0 };
  g_autoptr(FdDashboard) d = fd_dashboard_compute (snapshot, &query);
  guint64 total = 0;

  g_assert_cmpint (d->bucket_us, ==, 15 * MINUTE);
  g_assert_cmpuint (d->n_buckets, ==, 96);
  for (gsize k = 0; k < d->n_buckets; k++)
    total += d->runs_total[k];
  g_assert_cmpuint (total, ==, 8);
  g_assert_cmpuint (d->runs_by_status[FD_RUN_FAILED][0], ==, 1);
  g_assert_cmpuint (d->runs_by_status[FD_RUN_SUCCESS][40], ==, 1);
  g_assert_cmpfloat (d->run_duration_p50_s[40], ==, 100);
  g_assert_cmpfloat (d->run_duration_p95_s[44], ==, 300);
  g_assert_cmpfloat (d->run_success_rate[44], ==, 0);
  g_assert_cmpfloat (d->run_success_rate[48], ==, 1);
  g_assert_true (isnan (d->run_success_rate[1]));
  g_assert_true (isnan (d->run_duration_p50_s[1]));
  g_assert_cmpfloat (d->run_duration_mean_s[40], ==, 100);
  g_assert_cmpfloat (d->run_duration_mean_s[44], ==, 300);
  g_assert_true (isnan (d->run_duration_mean_s[1]));

  g_assert_cmpuint (d->n_by_environment, ==, 3);
  g_assert_cmpstr (d->by_environment[0].name, ==, "development");
  g_assert_cmpuint (d->by_environment[0].failed, ==, 1);
  g_assert_cmpstr (d->by_environment[1].name, ==, "production");
  g_assert_cmpuint (d->by_environment[1].runs, ==, 6);
  g_assert_cmpfloat_with_epsilon (d->by_environment[1].success_rate, 2.0 / 3, 1e-12);
  g_assert_cmpfloat (d->by_environment[1].duration_p50_s, ==, 200);
  g_assert_cmpuint (d->n_by_service, ==, 3);
  g_assert_cmpstr (d->by_service[2].name, ==, "shop");
  g_assert_cmpfloat (d->by_service[2].duration_mean_s, ==, 200);

  g_assert_cmpuint (d->n_flaky, ==, 1);
  g_assert_cmpstr (d->flaky[0].pipeline, ==, "shop/build");
  g_assert_cmpstr (d->flaky[0].commit, ==, "aaa");
  g_assert_cmpuint (d->flaky[0].flips, ==, 2);
  g_assert_cmpuint (d->flaky[0].runs, ==, 3);

  g_assert_cmpuint (d->failures_by_hour[1][0], ==, 1);
  g_assert_cmpuint (d->failures_by_hour[1][11], ==, 1);
  g_assert_cmpuint (d->finished_by_hour[1][10], ==, 1);
  g_assert_cmpfloat (d->failure_rate_by_hour[1][11], ==, 1);
  g_assert_cmpfloat (d->failure_rate_by_hour[1][10], ==, 0);
  g_assert_true (isnan (d->failure_rate_by_hour[0][10]));

  /* Deployments: d1 09:00 (bucket 36), d2 10:00 (40), d3 11:00 (44, failed),
   * d4 12:00 (48, rolled back), d5 13:00 (in progress), d6 14:00. */
  g_assert_cmpuint (d->deployments_success[36], ==, 1);
  g_assert_cmpuint (d->deployments_failed[44], ==, 1);
  g_assert_cmpuint (d->deployments_failed[48], ==, 1);
  g_assert_cmpfloat (d->change_failure_rate[40], ==, 1);   /* d2 caused an incident */
  g_assert_cmpfloat (d->change_failure_rate[36], ==, 0);
  g_assert_true (isnan (d->change_failure_rate[52]));      /* only d5, in progress */
  g_assert_cmpfloat (d->lead_time_median_h[36], ==, 24);
  g_assert_cmpfloat (d->lead_time_median_h[40], ==, 2);

  g_assert_cmpuint (d->n_days, ==, 1);
  g_assert_cmpuint (d->n_day_environments, ==, 3);
  g_assert_cmpstr (d->day_environments[1], ==, "production");
  g_assert_cmpuint (d->deployments_per_day[1], ==, 5);
  g_assert_cmpuint (d->deployments_per_day[2], ==, 1);

  g_assert_cmpuint (d->n_current_versions, ==, 2);
  g_assert_cmpstr (d->current_versions[0].service, ==, "cart");
  g_assert_cmpstr (d->current_versions[0].version, ==, "1.9.0");
  g_assert_cmpstr (d->current_versions[1].service, ==, "shop");
  g_assert_cmpstr (d->current_versions[1].version, ==, "1.0.1");
  g_assert_cmpint (d->current_versions[1].finished_at, ==, t ("2026-11-10T10:30:00Z"));

  g_assert_cmpuint (d->alerts_by_severity[FD_SEVERITY_CRITICAL][40], ==, 1);
  g_assert_cmpfloat (d->mttr_min[40], ==, 30);
  g_assert_cmpfloat (d->mttr_min[48], ==, 120);
  g_assert_cmpuint (d->n_noisy_alerts, ==, 3);
  g_assert_cmpstr (d->noisy_alerts[0].name, ==, "HighErrorRate");
  g_assert_cmpuint (d->noisy_alerts[0].count, ==, 2);
  g_assert_cmpstr (d->noisy_alerts[1].name, ==, "DiskFull");

  g_assert_cmpuint (d->n_canaries, ==, 3);
  g_assert_cmpstr (d->canaries[0].id, ==, "c1");
  g_assert_cmpuint (d->canaries[0].n_points[FD_VARIANT_CANARY], ==, 2);
  g_assert_cmpuint (d->canaries[0].n_points[FD_VARIANT_BASELINE], ==, 1);
  g_assert_cmpfloat (d->canaries[0].error_rate[FD_VARIANT_CANARY][0], ==, 0.02);
  g_assert_cmpfloat (d->canaries[0].latency_p95_ms[FD_VARIANT_CANARY][1], ==, 130);
  g_assert_true (isnan (d->canaries[2].error_rate[FD_VARIANT_CANARY][0]));
}

/* The time zone offset moves the weekday × hour table and the day grid. */
static void
test_dashboard_time_zone (void)
{
  g_autoptr(FdSnapshot) snapshot = load ();
  FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"), "development",
                    -3600, 5 };
  g_autoptr(FdDashboard) d = fd_dashboard_compute (snapshot, &query);

  /* r10 at 00:00Z is Monday 23:00 at UTC-1. */
  g_assert_cmpuint (d->failures_by_hour[0][23], ==, 1);
  g_assert_cmpuint (d->failures_by_hour[1][0], ==, 0);
  g_assert_cmpint (d->first_day, ==, t ("2026-11-09T01:00:00Z"));
  g_assert_cmpuint (d->n_days, ==, 2);
  g_assert_cmpuint (d->n_day_environments, ==, 1);
  g_assert_cmpuint (d->n_by_environment, ==, 1);
  g_assert_cmpuint (d->n_current_versions, ==, 0);
  g_assert_cmpuint (d->n_canaries, ==, 0);
}

/*
 * MTTA per bucket over 2026-11-10 (15-minute buckets). Each alert counts in
 * the bucket of its started_at, as in every alert series and in the window
 * of mtta_min; acknowledged_at - started_at in minutes:
 *   bucket 40 (10:00-10:15): b1 5, b10 2, b2 30 (acknowledged after the
 *     bucket), b3 0.5; b5 was resolved unacknowledged and does not count
 *   bucket 41: b4 fires unacknowledged, so no value
 *   bucket 48 (12:00-12:15): b6 45 (production), b7 1 (staging)
 *   bucket 95: b9 40, acknowledged after the window
 *   b8 started before the window, so bucket 0 has nothing.
 */
static const char mtta_alerts[] =
  "{\"type\":\"alert\",\"id\":\"b1\",\"name\":\"A\",\"service\":\"shop\",\"environment\":\"production\","
  "\"severity\":\"critical\",\"status\":\"acknowledged\",\"started_at\":\"2026-11-10T10:00:00Z\","
  "\"acknowledged_at\":\"2026-11-10T10:05:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b5\",\"name\":\"B\",\"service\":\"shop\",\"environment\":\"production\","
  "\"severity\":\"warning\",\"status\":\"resolved\",\"started_at\":\"2026-11-10T10:00:30Z\","
  "\"resolved_at\":\"2026-11-10T10:30:30Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b10\",\"name\":\"A\",\"service\":\"cart\",\"environment\":\"production\","
  "\"severity\":\"high\",\"status\":\"resolved\",\"started_at\":\"2026-11-10T10:00:45Z\","
  "\"acknowledged_at\":\"2026-11-10T10:02:45Z\",\"resolved_at\":\"2026-11-10T10:09:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b2\",\"name\":\"C\",\"service\":\"shop\",\"environment\":\"production\","
  "\"severity\":\"info\",\"status\":\"acknowledged\",\"started_at\":\"2026-11-10T10:10:00Z\","
  "\"acknowledged_at\":\"2026-11-10T10:40:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b3\",\"name\":\"C\",\"service\":\"shop\",\"environment\":\"production\","
  "\"severity\":\"info\",\"status\":\"acknowledged\",\"started_at\":\"2026-11-10T10:14:59Z\","
  "\"acknowledged_at\":\"2026-11-10T10:15:29Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b4\",\"name\":\"D\",\"service\":\"cart\",\"environment\":\"production\","
  "\"severity\":\"critical\",\"status\":\"firing\",\"started_at\":\"2026-11-10T10:20:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b6\",\"name\":\"A\",\"service\":\"shop\",\"environment\":\"production\","
  "\"severity\":\"high\",\"status\":\"acknowledged\",\"started_at\":\"2026-11-10T12:00:00Z\","
  "\"acknowledged_at\":\"2026-11-10T12:45:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b7\",\"name\":\"A\",\"service\":\"shop\",\"environment\":\"staging\","
  "\"severity\":\"high\",\"status\":\"acknowledged\",\"started_at\":\"2026-11-10T12:05:00Z\","
  "\"acknowledged_at\":\"2026-11-10T12:06:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b8\",\"name\":\"E\",\"service\":\"shop\",\"environment\":\"production\","
  "\"severity\":\"info\",\"status\":\"acknowledged\",\"started_at\":\"2026-11-09T23:59:00Z\","
  "\"acknowledged_at\":\"2026-11-10T00:01:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"b9\",\"name\":\"E\",\"service\":\"shop\",\"environment\":\"production\","
  "\"severity\":\"info\",\"status\":\"acknowledged\",\"started_at\":\"2026-11-10T23:50:00Z\","
  "\"acknowledged_at\":\"2026-11-11T00:30:00Z\"}\n";

static FdSnapshot *
load_mtta_alerts (void)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  FdJsonlStats stats = { 0 };

  g_assert_true (fd_jsonl_read_data (mtta_alerts, strlen (mtta_alerts), builder, NULL, NULL,
                                     &stats));
  g_assert_cmpuint (stats.invalid_lines, ==, 0);
  return fd_snapshot_builder_end (g_steal_pointer (&builder));
}

static void
test_dashboard_mtta_buckets (void)
{
  g_autoptr(FdSnapshot) snapshot = load_mtta_alerts ();
  FdQuery query = { t ("2026-11-10T00:00:00Z"), t ("2026-11-11T00:00:00Z"), NULL, 0, 0 };
  FdQuery production = query;
  g_autoptr(FdDashboard) d = fd_dashboard_compute (snapshot, &query);
  g_autoptr(FdDashboard) p = NULL;

  g_assert_cmpint (d->bucket_us, ==, 15 * MINUTE);
  g_assert_cmpuint (d->n_buckets, ==, 96);

  g_assert_cmpfloat (d->mtta_min[40], ==, (5 + 2 + 30 + 0.5) / 4);
  g_assert_cmpuint (d->alerts_total[41], ==, 1);
  g_assert_true (isnan (d->mtta_min[41]));
  g_assert_cmpfloat (d->mtta_min[48], ==, 23);
  g_assert_cmpfloat (d->mtta_min[95], ==, 40);
  g_assert_cmpuint (d->alerts_total[0], ==, 0);
  for (gsize k = 0; k < d->n_buckets; k++)
    if (k != 40 && k != 48 && k != 95)
      g_assert_true (isnan (d->mtta_min[k]));

  /* The resolved alerts' series of the same buckets, for contrast: b5
   * and b10 were resolved, b5 without an acknowledgement. */
  g_assert_cmpfloat (d->mttr_min[40], ==, (30 + 8.25) / 2);

  production.environment = "production";
  p = fd_dashboard_compute (snapshot, &production);
  g_assert_cmpfloat (p->mtta_min[48], ==, 45);
  g_assert_cmpfloat (p->mtta_min[40], ==, d->mtta_min[40]);
}

/* A range of one bucket: its mean is the window's mtta_min. */
static void
test_dashboard_mtta_single_bucket (void)
{
  g_autoptr(FdSnapshot) snapshot = load_mtta_alerts ();
  const struct { const char *from, *to; double mtta; } cases[] = {
    /* b1 and b10; b5 is unacknowledged */
    { "2026-11-10T10:00:00Z", "2026-11-10T10:01:00Z", 3.5 },
    { "2026-11-10T10:14:30Z", "2026-11-10T10:15:30Z", 0.5 },
    /* b4 only: no value in both */
    { "2026-11-10T10:20:00Z", "2026-11-10T10:21:00Z", NAN },
    /* nothing at all */
    { "2026-11-10T03:00:00Z", "2026-11-10T03:01:00Z", NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FdQuery query = { t (cases[i].from), t (cases[i].to), NULL, 0, 0 };
      g_autoptr(FdDashboard) d = fd_dashboard_compute (snapshot, &query);
      g_autoptr(FdMetrics) m = fd_metrics_compute (snapshot, &query);

      g_assert_cmpuint (d->n_buckets, ==, 1);
      if (isnan (cases[i].mtta))
        {
          g_assert_true (isnan (m->mtta_min));
          g_assert_true (isnan (d->mtta_min[0]));
        }
      else
        {
          g_assert_cmpfloat (m->mtta_min, ==, cases[i].mtta);
          g_assert_cmpfloat (d->mtta_min[0], ==, m->mtta_min);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/dashboard/pick-bucket", test_dashboard_pick_bucket);
  g_test_add_func ("/flightdeck/dashboard/basic", test_dashboard_basic);
  g_test_add_func ("/flightdeck/dashboard/time-zone", test_dashboard_time_zone);
  g_test_add_func ("/flightdeck/dashboard/mtta-buckets", test_dashboard_mtta_buckets);
  g_test_add_func ("/flightdeck/dashboard/mtta-single-bucket", test_dashboard_mtta_single_bucket);

  return g_test_run ();
}
