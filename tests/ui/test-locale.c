/* test-locale.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-locale"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "fd-application.h"
#include "fd-canary-card.h"
#include "fd-canary-page.h"
#include "fd-chart.h"
#include "fd-chart-catalog.h"
#include "fd-chart-model.h"
#include "fd-chart-render.h"
#include "fd-chart-scale.h"
#include "fd-chart-report.h"
#include "fd-clock.h"
#include "fd-deployments-page.h"
#include "fd-file-source.h"
#include "fd-format.h"
#include "fd-metrics.h"
#include "fd-pipelines-page.h"
#include "fd-time.h"
#include "fd-window.h"
#include "../lsan-quarks.h"

/* The whole window in German (LC_ALL=de_DE.UTF-8, LANGUAGE=de), on a file
 * written for the purpose: the numbers the user sees have decimal commas
 * and dots between thousands, and the CSV export keeps C's dots. */

static FdApplication *app;
static gboolean german;

/* The newest record starts at 11:59:59, so the window ends at 12:00:00. */
#define END_TEXT "2026-11-20T12:00:00Z"
#define N_RUNS 1250

typedef struct
{
  FdWindow          *window;
  FdPipelinesPage   *pipelines;
  FdDeploymentsPage *deployments;
  FdCanaryPage      *canary;
  FdClock           *clock;
  FdSession         *session;
  char              *path;
} Fixture;

static FdTime
end_time (void)
{
  FdTime end = 0;

  g_assert_true (fd_time_parse (END_TEXT, strlen (END_TEXT), &end));
  return end;
}

static char *
time_text (FdTime at)
{
  return fd_time_format (at);
}

/* 1,250 runs of 2.5 s, every fifth failed; three deployments, one failed;
 * a canary at 12.5 % of traffic on steps of 2.5, 10, 50 and 100 %, whose
 * latency p95 is 60.75 ms against 40.5 ms and error rate 6 % against
 * 0.1 %. */
static char *
write_events (void)
{
  FdTime end = end_time ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < N_RUNS; i++)
    {
      FdTime started = end - G_USEC_PER_SEC - (FdTime) i * 6 * 60 * G_USEC_PER_SEC;
      g_autofree char *start = time_text (started);
      g_autofree char *finish = time_text (started + 2500000);

      g_string_append_printf (out,
                              "{\"type\":\"pipeline_run\",\"id\":\"r%u\",\"pipeline\":\"shop/build\","
                              "\"service\":\"shop\",\"environment\":\"production\","
                              "\"status\":\"%s\",\"started_at\":\"%s\",\"finished_at\":\"%s\","
                              "\"commit\":\"c%u\",\"branch\":\"main\"}\n",
                              i, i % 5 == 0 ? "failed" : "success", start, finish, i % 7);
    }

  for (guint i = 0; i < 3; i++)
    {
      FdTime started = end - (FdTime) (i + 1) * 86400 * G_USEC_PER_SEC;
      g_autofree char *committed = time_text (started - (FdTime) 4 * 3600 * G_USEC_PER_SEC);
      g_autofree char *start = time_text (started);
      g_autofree char *finish = time_text (started + (FdTime) 600 * G_USEC_PER_SEC);

      g_string_append_printf (out,
                              "{\"type\":\"deployment\",\"id\":\"d%u\",\"service\":\"shop\","
                              "\"environment\":\"production\",\"version\":\"1.%u.0\","
                              "\"previous_version\":\"1.%u.0\",\"strategy\":\"rolling\","
                              "\"status\":\"%s\",\"started_at\":\"%s\",\"finished_at\":\"%s\","
                              "\"committed_at\":\"%s\",\"commit\":\"c%u\"}\n",
                              i, 3 - i, 2 - i, i == 0 ? "failed" : "success", start, finish,
                              committed, i);
    }

  {
    g_autofree char *start = time_text (end - (FdTime) 3600 * G_USEC_PER_SEC);

    g_string_append_printf (out,
                            "{\"type\":\"canary\",\"id\":\"c1\",\"service\":\"shop\","
                            "\"environment\":\"production\",\"baseline_version\":\"1.3.0\","
                            "\"canary_version\":\"1.4.0\",\"status\":\"progressing\","
                            "\"started_at\":\"%s\",\"steps\":[2.5,10,50,100],\"current_step\":1,"
                            "\"traffic_percent\":12.5}\n", start);
  }
  for (guint k = 0; k < 10; k++)
    {
      g_autofree char *at = time_text (end - (FdTime) (55 - 5 * k) * 60 * G_USEC_PER_SEC);

      g_string_append_printf (out,
                              "{\"type\":\"canary_sample\",\"canary_id\":\"c1\",\"variant\":\"baseline\","
                              "\"at\":\"%s\",\"requests\":1000,\"errors\":1,\"latency_p50_ms\":20,"
                              "\"latency_p95_ms\":40.5,\"latency_p99_ms\":60}\n"
                              "{\"type\":\"canary_sample\",\"canary_id\":\"c1\",\"variant\":\"canary\","
                              "\"at\":\"%s\",\"requests\":1000,\"errors\":60,\"latency_p50_ms\":30,"
                              "\"latency_p95_ms\":60.75,\"latency_p99_ms\":90}\n", at, at);
    }

  return g_string_free (out, FALSE);
}

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every label's text under @root, in widget order. */
static void
collect_labels (GtkWidget *root,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_labels (root, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return;

  for (guint i = 0; i < texts->len; i++)
    g_test_message ("label: %s", (const char *) g_ptr_array_index (texts, i));
  g_error ("no label shows “%s”", text);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_new_data (Fixture    *fixture,
                   FdPageData *data_before)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!timed_out &&
         (fd_window_get_page_data (fixture->window) == data_before ||
          fd_window_get_query_pending (fixture->window)))
    g_main_context_iteration (NULL, TRUE);
  while (!timed_out && g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_false (timed_out);
  g_source_remove (id);
}

static GSettings *
new_clean_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  /* A failing canary would notify, with no notification server on the
   * test's session bus. */
  g_settings_set_boolean (settings, "notify-canary-failures", FALSE);
  g_settings_set_boolean (settings, "notify-failed-deployments", FALSE);

  return settings;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *events = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdFileSource) source = NULL;
  g_autoptr(GError) error = NULL;

  if (!german)
    return;

  settings = new_clean_settings ();
  events = write_events ();
  close (g_file_open_tmp ("locale-XXXXXX.jsonl", &fixture->path, &error));
  g_assert_no_error (error);
  g_file_set_contents (fixture->path, events, -1, &error);
  g_assert_no_error (error);

  fixture->window = fd_window_new (GTK_APPLICATION (app), settings);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  fixture->pipelines = FD_PIPELINES_PAGE (find_child_of_type (GTK_WIDGET (fixture->window),
                                                             FD_TYPE_PIPELINES_PAGE));
  fixture->deployments = FD_DEPLOYMENTS_PAGE (find_child_of_type (GTK_WIDGET (fixture->window),
                                                                 FD_TYPE_DEPLOYMENTS_PAGE));
  fixture->canary = FD_CANARY_PAGE (find_child_of_type (GTK_WIDGET (fixture->window),
                                                       FD_TYPE_CANARY_PAGE));
  g_assert_nonnull (fixture->pipelines);
  g_assert_nonnull (fixture->deployments);
  g_assert_nonnull (fixture->canary);
  gtk_window_present (GTK_WINDOW (fixture->window));

  file = g_file_new_for_path (fixture->path);
  fixture->clock = fd_clock_new_fake (end_time ());
  fixture->session = fd_session_new (fixture->clock);
  source = fd_file_source_new (file);
  fd_session_add_source (fixture->session, FD_SOURCE (source));
  fd_window_set_session (fixture->window, fixture->session);
  wait_for_new_data (fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window == NULL)
    return;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->clock);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (fixture->path);
  g_clear_pointer (&fixture->path, g_free);
}

/* Fails the test, and says why, when the process is not in German. */
static gboolean
check_german (void)
{
  if (!german)
    g_test_fail_printf ("the de_DE.UTF-8 locale is not installed (run build-aux/install-deps.sh)");
  return german;
}

static void
test_locale_pipelines (Fixture       *fixture,
                       gconstpointer  user_data)
{
  FdKpiCard *runs;
  FdKpiCard *rate;
  FdKpiCard *mean;
  g_autofree char *csv = NULL;

  if (!check_german ())
    return;

  runs = fd_pipelines_page_get_kpi (fixture->pipelines, "runs");
  rate = fd_pipelines_page_get_kpi (fixture->pipelines, "success-rate");
  mean = fd_pipelines_page_get_kpi (fixture->pipelines, "duration-mean");

  /* The translation is in use, and the numbers are German. */
  assert_shows (GTK_WIDGET (fixture->pipelines), "Erfolgsquote");
  g_assert_cmpstr (fd_kpi_card_get_value (runs), ==, "1.250");
  g_assert_cmpstr (fd_kpi_card_get_value (rate), ==, "80,0 %");
  g_assert_cmpstr (fd_kpi_card_get_value (mean), ==, "2,5 s");
  assert_shows (GTK_WIDGET (fixture->pipelines), "1.250");
  assert_shows (GTK_WIDGET (fixture->pipelines), "80,0 %");

  /* A table cell: the newest run's duration, as the runs table shows it. */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (find_child_of_type (GTK_WIDGET (fixture->pipelines),
                                                                GTK_TYPE_COLUMN_VIEW));

    g_assert_nonnull (view);
    gtk_widget_queue_allocate (GTK_WIDGET (view));
    while (g_main_context_iteration (NULL, FALSE))
      ;
    assert_shows (GTK_WIDGET (view), "2,5 s");
  }

  /* The CSV export is for programs: dots, and no grouping. */
  csv = fd_pipelines_page_build_csv (fixture->pipelines);
  g_assert_nonnull (strstr (csv, "\r\nr0,failed,shop/build,shop,production,main,c0,"));
  g_assert_nonnull (strstr (csv, "2026-11-20T11:59:59Z,2026-11-20T12:00:01.500000Z,2.500\r\n"));
  g_assert_null (strstr (csv, "2,500"));
}

static void
test_locale_chart (Fixture       *fixture,
                   gconstpointer  user_data)
{
  FdChart *chart;
  FdChartModel *model;
  g_autofree char *description = NULL;
  g_autofree char *check = NULL;
  FdChartLayout layout = { 0 };
  FdChartStyle style;
  FdChartView view;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GString) labels = g_string_new (NULL);

  if (!check_german ())
    return;

  chart = fd_pipelines_page_get_chart (fixture->pipelines, "pipeline-duration-trend");
  g_assert_nonnull (chart);
  model = fd_chart_get_model (chart);
  description = fd_chart_model_describe (model);

  /* Every run took 2.5 s: the description says so in German. */
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "2,5 s"));
  g_assert_null (strstr (description, "2.5"));
  check = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  g_assert_null (check);

  /* The value axis as it is drawn, on the change failure rate. */
  chart = fd_deployments_page_get_chart (fixture->deployments, "deployment-change-failure-trend");
  g_assert_nonnull (chart);
  model = fd_chart_get_model (chart);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 300);
  cr = cairo_create (surface);
  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  fd_chart_view_init (&view);
  fd_chart_layout_compute (&layout, model, &style, &view, 600, 300, cr);
  for (guint i = 0; i < layout.y_ticks.n_ticks; i++)
    {
      g_autofree char *label = fd_chart_layout_dup_y_label (&layout, model, i);

      g_string_append_printf (labels, "%s%s", i > 0 ? " | " : "", label);
    }
  fd_chart_layout_clear (&layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_test_message ("y axis: %s", labels->str);
  g_assert_nonnull (strstr (labels->str, "100,0 %"));
  g_assert_null (strstr (labels->str, "."));

  /* Dates in the German order: the day first, with its full stop. */
  {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autofree char *day = fd_chart_format_time_label (1763640000, 86400, utc);
    g_autofree char *midnight = fd_chart_format_time_label (1763596800, 3600, utc);
    g_autofree char *shown = fd_format_time_in_zone ((FdTime) 1763640000 * G_USEC_PER_SEC, utc,
                                                     FD_FORMAT_TIME_SHORT);

    g_assert_cmpstr (day, ==, "20. Nov");
    g_assert_cmpstr (midnight, ==, "Do, 20.");
    g_assert_cmpstr (shown, ==, "20. Nov 12:00");
  }
}

static void
test_locale_deployments (Fixture       *fixture,
                         gconstpointer  user_data)
{
  FdKpiCard *cfr;
  FdKpiCard *frequency;
  g_autofree char *csv = NULL;

  if (!check_german ())
    return;

  cfr = fd_deployments_page_get_kpi (fixture->deployments, "change-failure-rate");
  frequency = fd_deployments_page_get_kpi (fixture->deployments, "deployment-frequency");

  /* One of three failed; two succeeded in seven days. */
  g_assert_cmpstr (fd_kpi_card_get_value (cfr), ==, "33,3 %");
  g_assert_cmpstr (fd_kpi_card_get_value (frequency), ==, "0,29 / Tag");

  csv = fd_deployments_page_build_csv (fixture->deployments);
  g_assert_nonnull (strstr (csv, "d0,shop,production,1.3.0,1.2.0,rolling,failed,"));
  g_assert_nonnull (strstr (csv, ",600.000,15000.000,"));
}

static void
test_locale_canary (Fixture       *fixture,
                    gconstpointer  user_data)
{
  FdCanaryCard *card;
  GtkWidget *page;

  if (!check_german ())
    return;

  page = GTK_WIDGET (fixture->canary);
  fd_window_set_page (fixture->window, "canary");
  g_assert_cmpuint (fd_canary_page_get_n_cards (fixture->canary), ==, 1);
  card = fd_canary_page_get_card (fixture->canary, 0);
  g_assert_true (fd_canary_page_select (fixture->canary, "c1"));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The card: steps, traffic and the score. */
  g_assert_cmpstr (fd_canary_card_get_traffic_text (card), ==, "12,5 % des Verkehrs");
  assert_shows (GTK_WIDGET (card), "2,5 %");
  assert_shows (GTK_WIDGET (card), "10 %");
  assert_shows (GTK_WIDGET (card), "100 %");
  g_assert_true (g_regex_match_simple ("^Durchgefallen · Wertung [0-9]+,[0-9] %$",
                                       fd_canary_card_get_verdict_text (card), 0, 0));

  /* The analysis: medians, ratios and the thresholds. */
  assert_shows (page, "40,5 ms");
  assert_shows (page, "60,8 ms");
  assert_shows (page, "× 1,50");
  assert_shows (page, "0,1 %");
  assert_shows (page, "6,0 %");
  assert_shows (page, "× 60,00");
  assert_shows (page, "Jede Metrik vergleicht die Messwerte des Canary mit denen der Baseline "
                      "(Mann-Whitney-U-Test, α = 0,05, ±10 % Toleranz). Bestanden ab einer "
                      "Wertung von 95 %, grenzwertig ab 75 %, darunter durchgefallen.");
}

/* The PDF report's KPIs are the strings the report draws. */
static void
test_locale_report (Fixture       *fixture,
                    gconstpointer  user_data)
{
  FdPageData *data;
  g_autofree char *pipelines = NULL;
  g_autofree char *deployments = NULL;

  if (!check_german ())
    return;

  data = fd_window_get_page_data (fixture->window);
  pipelines = fd_chart_report_kpi_text (FD_CHART_PAGE_PIPELINES, data->current);
  deployments = fd_chart_report_kpi_text (FD_CHART_PAGE_DEPLOYMENTS, data->current);

  g_assert_cmpstr (pipelines, ==,
                   "Läufe: 1.250\n"
                   "Erfolgsquote: 80,0 %\n"
                   "Dauer (Median): 2,5 s\n"
                   "Dauer (p95): 2,5 s\n"
                   "Fehlgeschlagen: 250\n");
  g_assert_nonnull (strstr (deployments, "Änderungsfehlerrate: 33,3 %"));
  g_assert_nonnull (strstr (deployments, ": 0,29"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = NULL;
  int ret;

  /* A German user's environment, set before any thread starts. */
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "de", TRUE);
  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();

  /* gtk_test_init() keeps tests in one fixed locale; this one takes the
   * environment's, as the app does. */
  german = setlocale (LC_ALL, "") != NULL &&
           g_str_has_prefix (setlocale (LC_NUMERIC, NULL), "de_DE");
  /* The catalogs of this build, not an installed (older) one. */
  localedir = g_build_filename (BUILD_LOCALEDIR, NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fd_application_new ("io.github.flightdeck.Flightdeck.TestLocale", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/flightdeck/locale/pipelines", Fixture, NULL,
              fixture_set_up, test_locale_pipelines, fixture_tear_down);
  g_test_add ("/flightdeck/locale/chart", Fixture, NULL,
              fixture_set_up, test_locale_chart, fixture_tear_down);
  g_test_add ("/flightdeck/locale/deployments", Fixture, NULL,
              fixture_set_up, test_locale_deployments, fixture_tear_down);
  g_test_add ("/flightdeck/locale/canary", Fixture, NULL,
              fixture_set_up, test_locale_canary, fixture_tear_down);
  g_test_add ("/flightdeck/locale/report", Fixture, NULL,
              fixture_set_up, test_locale_report, fixture_tear_down);

  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
