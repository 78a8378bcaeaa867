/* test-machine-locale.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-machine-locale"

#include "config.h"

#include "fd-csv.h"
#include "fd-format.h"
#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"
#include "fd-metrics.h"
#include "fd-prometheus.h"
#include "fd-snapshot.h"
#include "fd-time.h"

#include <locale.h>
#include <string.h>

/* What programs read (JSON Lines, the metrics JSON, CSV, Prometheus
 * answers) keeps the C locale's dot while the whole process runs in
 * German, as the app does once GTK has called setlocale(). */

static gboolean
german_locale_active (void)
{
  g_autofree char *probe = g_strdup_printf ("%.1f", 1.5);

  /* The C library really writes a comma now: the paths below would break
   * if they went through it. */
  if (g_strcmp0 (probe, "1,5") != 0)
    {
      g_test_fail_printf ("the de_DE.UTF-8 locale is not active (run build-aux/install-deps.sh); "
                          "printf wrote “%s”", probe);
      return FALSE;
    }
  return TRUE;
}

static const char events[] =
  "{\"type\":\"pipeline_run\",\"id\":\"r1\",\"pipeline\":\"shop/build\",\"service\":\"shop\","
  "\"environment\":\"production\",\"status\":\"success\",\"started_at\":\"2026-11-10T10:00:00Z\","
  "\"finished_at\":\"2026-11-10T10:01:40.25Z\",\"commit\":\"aaa\",\"stages\":["
  "{\"name\":\"build\",\"status\":\"success\",\"duration_s\":60.5},"
  "{\"name\":\"test\",\"status\":\"success\",\"duration_s\":39.75}]}\n"
  "{\"type\":\"pipeline_run\",\"id\":\"r2\",\"pipeline\":\"shop/build\",\"service\":\"shop\","
  "\"environment\":\"production\",\"status\":\"failed\",\"started_at\":\"2026-11-10T11:00:00Z\","
  "\"finished_at\":\"2026-11-10T11:05:00Z\",\"commit\":\"aaa\"}\n"
  "{\"type\":\"pipeline_run\",\"id\":\"r3\",\"pipeline\":\"shop/build\",\"service\":\"shop\","
  "\"environment\":\"production\",\"status\":\"success\",\"started_at\":\"2026-11-10T12:00:00Z\","
  "\"finished_at\":\"2026-11-10T12:03:20Z\",\"commit\":\"aaa\"}\n";

static FdSnapshot *
read_events (const char   *data,
             FdJsonlStats *stats)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();

  g_assert_true (fd_jsonl_read_data (data, strlen (data), builder, NULL, NULL, stats));
  return fd_snapshot_builder_end (g_steal_pointer (&builder));
}

static void
test_jsonl_round_trip (void)
{
  FdJsonlStats stats = { 0 };
  FdJsonlStats again = { 0 };
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdSnapshot) reread = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  g_autoptr(GString) number = g_string_new (NULL);

  if (!german_locale_active ())
    return;

  snapshot = read_events (events, &stats);
  g_assert_cmpuint (stats.valid, ==, 3);
  g_assert_cmpuint (stats.invalid_lines, ==, 0);

  written = fd_jsonl_write_string (snapshot, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_assert_nonnull (strstr (written, "\"duration_s\":60.5"));
  g_assert_nonnull (strstr (written, "\"duration_s\":39.75"));
  g_assert_nonnull (strstr (written, "10:01:40.250000Z"));
  g_assert_null (strstr (written, "60,5"));

  /* Read back under the same locale: the same records, the same text. */
  reread = read_events (written, &again);
  g_assert_cmpuint (again.valid, ==, 3);
  rewritten = fd_jsonl_write_string (reread, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_assert_cmpstr (rewritten, ==, written);

  fd_jsonl_format_number (number, 0.1 + 0.2);
  g_assert_cmpstr (number->str, ==, "0.30000000000000004");
}

static void
test_metrics_json (void)
{
  FdJsonlStats stats = { 0 };
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdMetrics) metrics = NULL;
  g_autofree char *json = NULL;
  FdQuery query = { 0 };

  if (!german_locale_active ())
    return;

  snapshot = read_events (events, &stats);
  g_assert_true (fd_time_parse ("2026-11-10T00:00:00Z", 20, &query.from));
  g_assert_true (fd_time_parse ("2026-11-11T00:00:00Z", 20, &query.to));
  metrics = fd_metrics_compute (snapshot, &query);
  json = fd_metrics_to_json (metrics, 0);

  /* Two of three passed; the mean of 100.25 s, 300 s and 200 s. */
  g_assert_nonnull (strstr (json, "\"success_rate\": 0.6666666666666666"));
  g_assert_nonnull (strstr (json, "\"duration_mean_s\": 200.08333333333334"));
}

static void
test_csv (void)
{
  static const char * const columns[] = { "id", "duration_s", NULL };
  g_autoptr(FdCsv) csv = fd_csv_new (columns);
  g_autofree char *text = NULL;

  if (!german_locale_active ())
    return;

  fd_csv_add_row (csv);
  fd_csv_add_text (csv, "r1");
  fd_csv_add_number (csv, 1234.5, 3);
  fd_csv_add_row (csv);
  fd_csv_add_text (csv, "r2");
  fd_csv_add_number (csv, -0.25, 2);
  text = fd_csv_to_string (csv);

  g_assert_cmpstr (text, ==, "id,duration_s\r\nr1,1234.500\r\nr2,-0.25\r\n");
  /* The people's formatter says it the German way at the same time. */
  {
    g_autofree char *shown = fd_format_fixed (1234.5, 3);
    g_autofree char *count = fd_format_count (1234);

    g_assert_cmpstr (shown, ==, "1.234,500");
    g_assert_cmpstr (count, ==, "1.234");
  }
}

static void
test_prometheus (void)
{
  static const char answer[] =
    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
    "\"values\":[[1795132800.5,\"0.25\"],[1795132860,\"1.5e-3\"]]}]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree char *url = NULL;
  g_autofree char *query = NULL;

  if (!german_locale_active ())
    return;

  points = fd_prometheus_parse_matrix (answer, strlen (answer), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpfloat (g_array_index (points, FdPrometheusPoint, 0).value, ==, 0.25);
  g_assert_cmpfloat (g_array_index (points, FdPrometheusPoint, 1).value, ==, 1.5e-3);

  query = fd_prometheus_expand ("histogram_quantile($Q, rate(x{hash=\"$HASH\"}[$STEPs]))",
                                "abc", 60, "0.95");
  g_assert_cmpstr (query, ==, "histogram_quantile(0.95, rate(x{hash=\"abc\"}[60s]))");
  url = fd_prometheus_query_range_url ("http://prometheus:9090/", "up", 1795132800500000,
                                       1795136400000000, 60);
  g_assert_nonnull (strstr (url, "start=1795132800"));
  g_assert_null (strstr (url, ","));
}

int
main (int   argc,
      char *argv[])
{
  /* The whole process in German, as the app runs for a German user. */
  setlocale (LC_ALL, "de_DE.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/machine-locale/jsonl-round-trip", test_jsonl_round_trip);
  g_test_add_func ("/flightdeck/machine-locale/metrics-json", test_metrics_json);
  g_test_add_func ("/flightdeck/machine-locale/csv", test_csv);
  g_test_add_func ("/flightdeck/machine-locale/prometheus", test_prometheus);

  return g_test_run ();
}
