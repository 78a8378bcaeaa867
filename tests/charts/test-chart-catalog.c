/* test-chart-catalog.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chart-catalog"

#include "config.h"

#include "fd-chart-catalog.h"
#include "fd-chart-export.h"
#include "fd-chart-report.h"
#include "fd-jsonl-reader.h"
#include "fd-time.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* Two days of a small history: 5 runs (3 success, 1 failed, 1 cancelled),
 * 3 deployments in two environments, 3 alerts, one canary with samples. */
static const char fixture[] =
  "{\"type\":\"pipeline_run\",\"id\":\"r1\",\"pipeline\":\"shop/build\",\"service\":\"cart\",\"environment\":\"production\",\"status\":\"success\",\"started_at\":\"2026-11-18T10:00:00Z\",\"finished_at\":\"2026-11-18T10:05:00Z\"}\n"
  "{\"type\":\"pipeline_run\",\"id\":\"r2\",\"pipeline\":\"shop/build\",\"service\":\"cart\",\"environment\":\"production\",\"status\":\"failed\",\"started_at\":\"2026-11-18T11:00:00Z\",\"finished_at\":\"2026-11-18T11:10:00Z\"}\n"
  "{\"type\":\"pipeline_run\",\"id\":\"r3\",\"pipeline\":\"shop/build\",\"service\":\"search\",\"environment\":\"staging\",\"status\":\"success\",\"started_at\":\"2026-11-19T09:00:00Z\",\"finished_at\":\"2026-11-19T09:02:00Z\"}\n"
  "{\"type\":\"pipeline_run\",\"id\":\"r4\",\"pipeline\":\"shop/build\",\"service\":\"search\",\"environment\":\"staging\",\"status\":\"success\",\"started_at\":\"2026-11-19T12:00:00Z\",\"finished_at\":\"2026-11-19T12:03:00Z\"}\n"
  "{\"type\":\"pipeline_run\",\"id\":\"r5\",\"pipeline\":\"shop/build\",\"service\":\"cart\",\"environment\":\"production\",\"status\":\"cancelled\",\"started_at\":\"2026-11-19T13:00:00Z\",\"finished_at\":\"2026-11-19T13:01:00Z\"}\n"
  "{\"type\":\"deployment\",\"id\":\"d1\",\"service\":\"cart\",\"environment\":\"production\",\"version\":\"1.0\",\"status\":\"success\",\"started_at\":\"2026-11-18T12:00:00Z\",\"finished_at\":\"2026-11-18T12:10:00Z\",\"committed_at\":\"2026-11-18T08:10:00Z\"}\n"
  "{\"type\":\"deployment\",\"id\":\"d2\",\"service\":\"search\",\"environment\":\"staging\",\"version\":\"2.0\",\"status\":\"failed\",\"started_at\":\"2026-11-19T12:00:00Z\",\"finished_at\":\"2026-11-19T12:10:00Z\"}\n"
  "{\"type\":\"deployment\",\"id\":\"d3\",\"service\":\"search\",\"environment\":\"staging\",\"version\":\"2.1\",\"status\":\"success\",\"started_at\":\"2026-11-19T14:00:00Z\",\"finished_at\":\"2026-11-19T14:10:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"a1\",\"name\":\"HighErrorRate\",\"service\":\"cart\",\"environment\":\"production\",\"severity\":\"critical\",\"status\":\"resolved\",\"started_at\":\"2026-11-18T11:05:00Z\",\"resolved_at\":\"2026-11-18T11:35:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"a2\",\"name\":\"HighErrorRate\",\"service\":\"cart\",\"environment\":\"production\",\"severity\":\"warning\",\"status\":\"firing\",\"started_at\":\"2026-11-19T11:05:00Z\"}\n"
  "{\"type\":\"alert\",\"id\":\"a3\",\"name\":\"DiskFull\",\"service\":\"search\",\"environment\":\"staging\",\"severity\":\"warning\",\"status\":\"firing\",\"started_at\":\"2026-11-19T15:05:00Z\"}\n"
  "{\"type\":\"canary\",\"id\":\"c1\",\"service\":\"cart\",\"environment\":\"production\",\"baseline_version\":\"1.0\",\"canary_version\":\"1.1\",\"status\":\"progressing\",\"started_at\":\"2026-11-19T16:00:00Z\",\"steps\":[5,25,50,100],\"current_step\":1,\"traffic_percent\":25}\n"
  "{\"type\":\"canary_sample\",\"canary_id\":\"c1\",\"variant\":\"canary\",\"at\":\"2026-11-19T16:05:00Z\",\"requests\":1000,\"errors\":10,\"latency_p50_ms\":20,\"latency_p95_ms\":80,\"latency_p99_ms\":120}\n"
  "{\"type\":\"canary_sample\",\"canary_id\":\"c1\",\"variant\":\"baseline\",\"at\":\"2026-11-19T16:05:00Z\",\"requests\":1000,\"errors\":5,\"latency_p50_ms\":20,\"latency_p95_ms\":70,\"latency_p99_ms\":110}\n"
  "{\"type\":\"canary_sample\",\"canary_id\":\"c1\",\"variant\":\"canary\",\"at\":\"2026-11-19T16:10:00Z\",\"requests\":1000,\"errors\":20,\"latency_p50_ms\":20,\"latency_p95_ms\":90,\"latency_p99_ms\":130}\n"
  "{\"type\":\"canary_sample\",\"canary_id\":\"c1\",\"variant\":\"baseline\",\"at\":\"2026-11-19T16:10:00Z\",\"requests\":1000,\"errors\":5,\"latency_p50_ms\":20,\"latency_p95_ms\":72,\"latency_p99_ms\":111}\n";

typedef struct
{
  FdSnapshot  *snapshot;
  FdMetrics   *metrics;
  FdDashboard *dashboard;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  FdJsonlStats stats = { 0 };
  FdQuery query = { 0 };

  g_assert_true (fd_jsonl_read_data (fixture, strlen (fixture), builder, NULL, NULL, &stats));
  g_assert_cmpuint (stats.invalid_lines, ==, 0);
  f->snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
  g_assert_true (fd_time_parse ("2026-11-18T00:00:00Z", 20, &query.from));
  g_assert_true (fd_time_parse ("2026-11-20T00:00:00Z", 20, &query.to));
  f->metrics = fd_metrics_compute (f->snapshot, &query);
  f->dashboard = fd_dashboard_compute (f->snapshot, &query);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->dashboard, fd_dashboard_free);
  g_clear_pointer (&f->metrics, fd_metrics_free);
  g_clear_pointer (&f->snapshot, fd_snapshot_unref);
}

static double
series_sum (FdChartModel *model,
            guint         series)
{
  const FdChartSeries *s = fd_chart_model_get_series (model, series);
  double sum = 0;

  for (gsize i = 0; i < s->n; i++)
    if (isfinite (s->y[i]))
      sum += s->y[i];
  return sum;
}

static void
test_catalog_names (void)
{
  const char * const *names = fd_chart_catalog_list ();
  const char *required[] = {
    "pipeline-runs-by-status", "pipeline-duration-trend", "pipeline-success-by-service",
    "pipeline-success-by-environment", "pipeline-failure-heatmap",
    "deployment-frequency-by-environment", "deployment-outcomes", "deployment-lead-time-trend",
    "alert-volume-by-severity", "alert-severity-mix", "alert-mttr-trend", "alert-noisy-names",
    "canary-error-rate", "canary-latency-p95",
  };
  guint n = g_strv_length ((char **) names);

  g_assert_cmpuint (n, >=, G_N_ELEMENTS (required));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_strv_contains (names, required[i]));
  /* Stable lowercase names with dashes, no duplicates. */
  for (guint i = 0; i < n; i++)
    {
      for (const char *c = names[i]; *c; c++)
        g_assert_true (g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-');
      for (guint j = i + 1; j < n; j++)
        g_assert_cmpstr (names[i], !=, names[j]);
    }
  g_assert_false (fd_chart_catalog_lookup ("no-such-chart", NULL, NULL));
}

static void
test_catalog_build_all (Fixture       *f,
                        gconstpointer  data)
{
  const char * const *names = fd_chart_catalog_list ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(FdChartModel) model = fd_chart_catalog_build (names[i], f->metrics, f->dashboard);
      FdChartKind kind;
      FdChartStyle style;
      cairo_surface_t *image;

      g_test_message ("%s", names[i]);
      g_assert_nonnull (model);
      g_assert_true (fd_chart_catalog_lookup (names[i], NULL, &kind));
      g_assert_cmpint (fd_chart_model_get_kind (model), ==, kind);
      g_assert_nonnull (fd_chart_model_get_title (model));
      g_assert_false (fd_chart_model_is_empty (model));

      fd_chart_style_init (&style, FD_PALETTE_LIGHT);
      image = fd_chart_render_to_image (model, &style, NULL, 480, 240);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (image);
    }
  g_assert_null (fd_chart_catalog_build ("no-such-chart", f->metrics, f->dashboard));
}

static void
test_catalog_values (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FdChartModel) runs = fd_chart_catalog_build ("pipeline-runs-by-status", f->metrics, f->dashboard);
  g_autoptr(FdChartModel) mix = fd_chart_catalog_build ("alert-severity-mix", f->metrics, f->dashboard);
  g_autoptr(FdChartModel) per_day = fd_chart_catalog_build ("deployment-frequency-by-environment",
                                                            f->metrics, f->dashboard);
  g_autoptr(FdChartModel) noisy = fd_chart_catalog_build ("alert-noisy-names", f->metrics, f->dashboard);
  g_autoptr(FdChartModel) canary = fd_chart_catalog_build ("canary-error-rate", f->metrics, f->dashboard);
  g_autofree char *description = NULL;

  g_assert_cmpuint (fd_chart_model_get_n_series (runs), ==, FD_RUN_N_STATUS);
  g_assert_cmpfloat (series_sum (runs, FD_RUN_SUCCESS), ==, 3);
  g_assert_cmpfloat (series_sum (runs, FD_RUN_FAILED), ==, 1);
  g_assert_cmpfloat (series_sum (runs, FD_RUN_CANCELLED), ==, 1);
  g_assert_cmpint (fd_chart_model_get_series (runs, FD_RUN_FAILED)->color, ==, FD_CHART_COLOR_FAILED);
  g_assert_cmpfloat (fd_chart_model_get_bucket_width (runs), ==, f->dashboard->bucket_us / 1e6);

  g_assert_cmpfloat (fd_chart_model_get_series (mix, 0)->y[FD_SEVERITY_CRITICAL], ==, 1);
  g_assert_cmpfloat (fd_chart_model_get_series (mix, 0)->y[FD_SEVERITY_WARNING], ==, 2);
  description = fd_chart_model_describe (mix);
  g_assert_cmpstr (description, ==,
                   "critical 1 (33.3 %), high 0 (0.0 %), warning 2 (66.7 %), info 0 (0.0 %).");

  /* Two environments, one series each, summing to the three deployments. */
  g_assert_cmpuint (fd_chart_model_get_n_series (per_day), ==, 2);
  g_assert_cmpfloat (series_sum (per_day, 0) + series_sum (per_day, 1), ==, 3);

  g_assert_cmpstr (fd_chart_model_get_category (noisy, 0), ==, "HighErrorRate");
  g_assert_cmpfloat (fd_chart_model_get_series (noisy, 0)->y[0], ==, 2);

  /* Canary vs baseline, and the two steps reached so far as markers. */
  g_assert_cmpuint (fd_chart_model_get_n_series (canary), ==, 2);
  g_assert_cmpfloat (fd_chart_model_get_series (canary, 0)->y[1], ==, 0.02);
  g_assert_cmpfloat (fd_chart_model_get_series (canary, 1)->y[1], ==, 0.005);
  g_assert_cmpuint (fd_chart_model_get_n_markers (canary), ==, 2);
  g_assert_cmpstr (fd_chart_model_get_marker (canary, 1)->label, ==, "25 %");
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-chart-report-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  FdChartStyle style;
  gsize len;
  guint pages = 0;

  g_assert_no_error (error);
  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  g_assert_true (fd_chart_report_write (f->metrics, f->dashboard, NULL, &style, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (len, >, 10000);
  /* One page per dashboard page. */
  for (const char *p = contents; (p = memmem (p, len - (p - contents), "/Type /Page", 11)) != NULL; p++)
    if (p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, ==, FD_CHART_N_PAGES);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/chart-catalog/names", test_catalog_names);
  g_test_add ("/flightdeck/chart-catalog/build-all", Fixture, NULL,
              fixture_setup, test_catalog_build_all, fixture_teardown);
  g_test_add ("/flightdeck/chart-catalog/values", Fixture, NULL,
              fixture_setup, test_catalog_values, fixture_teardown);
  g_test_add ("/flightdeck/chart-catalog/report", Fixture, NULL,
              fixture_setup, test_report, fixture_teardown);

  return g_test_run ();
}
