/* test-pages.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-pages"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fd-application.h"
#include "fd-chart-format.h"
#include "fd-deployments-page.h"
#include "fd-clock.h"
#include "fd-file-source.h"
#include "fd-list-row.h"
#include "fd-metrics.h"
#include "fd-pipelines-page.h"
#include "fd-record-item.h"
#include "fd-sim-source.h"
#include "fd-table-pager.h"
#include "fd-window.h"
#include "../lsan-quarks.h"

static FdApplication *app;

/* The fixture's newest record starts at 2026-11-20T11:59:59Z, so the
 * file-anchored window ends at 12:00:00. */
#define FIXTURE_END G_GINT64_CONSTANT (1795176000000000)

typedef struct
{
  FdWindow          *window;
  FdPipelinesPage   *pipelines;
  FdDeploymentsPage *deployments;
  FdClock           *clock;
  FdSession         *session;
  char              *path;
} Fixture;

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

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until the window's query is done and its data
 * is @data_before no more (or a provider error arrived), with a guard. */
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
  /* The hidden pages take the new data in idle callbacks after the visible
   * one: let them run, as they do long before a user looks. */
  while (!timed_out && g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
wait_for_error (Fixture *fixture)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!timed_out && fd_window_get_error (fixture->window) == NULL)
    g_main_context_iteration (NULL, TRUE);

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

  return settings;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  g_autofree char *contents = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "ui", "fixtures", "pages.jsonl", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  /* A copy, so the provider-error test can delete it. */
  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  /* A name of its own, so that runs of this test side by side (meson test
   * --repeat) do not delete each other's file. */
  close (g_file_open_tmp ("pages-XXXXXX.jsonl", &fixture->path, &error));
  g_assert_no_error (error);
  g_file_set_contents (fixture->path, contents, length, &error);
  g_assert_no_error (error);

  fixture->window = fd_window_new (GTK_APPLICATION (app), settings);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);

  fixture->pipelines = FD_PIPELINES_PAGE (find_child_of_type (GTK_WIDGET (fixture->window),
                                                             FD_TYPE_PIPELINES_PAGE));
  fixture->deployments = FD_DEPLOYMENTS_PAGE (find_child_of_type (GTK_WIDGET (fixture->window),
                                                                 FD_TYPE_DEPLOYMENTS_PAGE));
  g_assert_nonnull (fixture->pipelines);
  g_assert_nonnull (fixture->deployments);
  gtk_window_present (GTK_WINDOW (fixture->window));

  file = g_file_new_for_path (fixture->path);
  /* A month after the file's last record: the window shows the file's own
   * last days. */
  fixture->clock = fd_clock_new_fake (FIXTURE_END + G_GINT64_CONSTANT (86400000000) * 30);
  fixture->session = fd_session_new (fixture->clock);
  {
    g_autoptr(FdFileSource) source = fd_file_source_new (file);

    fd_session_add_source (fixture->session, FD_SOURCE (source));
  }
  fd_window_set_session (fixture->window, fixture->session);
  wait_for_new_data (fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->clock);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (fixture->path);
  g_clear_pointer (&fixture->path, g_free);
}

/* The metrics the cards must show, straight from the core. */
static FdMetrics *
expected_metrics (Fixture    *fixture,
                  const char *environment,
                  gint64      range_s)
{
  FdSnapshot *snapshot = fd_session_get_snapshot (fixture->session);
  FdQuery query = { 0 };

  query.to = FIXTURE_END;
  query.from = FIXTURE_END - range_s * G_USEC_PER_SEC;
  query.environment = environment;
  return fd_metrics_compute (snapshot, &query);
}

static void
assert_kpi (FdKpiCard     *card,
            FdChartFormat  format,
            double         value)
{
  g_autofree char *expected = fd_chart_format_value (format, value);

  g_assert_nonnull (card);
  g_assert_cmpstr (fd_kpi_card_get_value (card), ==, expected);
}

static void
assert_pipeline_kpis (Fixture         *fixture,
                      const FdMetrics *m)
{
  assert_kpi (fd_pipelines_page_get_kpi (fixture->pipelines, "runs"),
              FD_CHART_FORMAT_COUNT, m->runs_total);
  assert_kpi (fd_pipelines_page_get_kpi (fixture->pipelines, "success-rate"),
              FD_CHART_FORMAT_PERCENT, m->success_rate);
  assert_kpi (fd_pipelines_page_get_kpi (fixture->pipelines, "duration-mean"),
              FD_CHART_FORMAT_DURATION, m->duration_mean_s);
  assert_kpi (fd_pipelines_page_get_kpi (fixture->pipelines, "duration-p95"),
              FD_CHART_FORMAT_DURATION, m->duration_p95_s);
  assert_kpi (fd_pipelines_page_get_kpi (fixture->pipelines, "active"),
              FD_CHART_FORMAT_COUNT, m->runs_active);
}

static void
test_pipelines_kpis (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(FdMetrics) all = expected_metrics (fixture, NULL, 7 * 86400);
  g_autoptr(FdMetrics) production = expected_metrics (fixture, "production", 7 * 86400);
  g_autoptr(FdMetrics) day = expected_metrics (fixture, NULL, 86400);
  FdKpiCard *runs = fd_pipelines_page_get_kpi (fixture->pipelines, "runs");
  FdKpiCard *rate = fd_pipelines_page_get_kpi (fixture->pipelines, "success-rate");
  FdPageData *data = fd_window_get_page_data (fixture->window);

  /* The window ends at the file's last record, not at the "now" override. */
  g_assert_cmpint (data->query.to, ==, FIXTURE_END);
  g_assert_cmpstr (fd_pipelines_page_get_state (fixture->pipelines), ==, "content");

  /* By hand: r1..r5 are in the last 7 days; 3 passed and 1 failed. */
  g_assert_cmpstr (fd_kpi_card_get_value (runs), ==, "5");
  g_assert_cmpstr (fd_kpi_card_get_value (rate), ==, "75.0 %");
  assert_pipeline_kpis (fixture, all);
  /* 5 runs against r0 alone in the previous 7 days; more runs is neither
   * good nor bad, a lower success rate (75 % against 100 %) is bad. */
  g_assert_cmpstr (fd_kpi_card_get_delta_text (runs), ==, "↑ 400.0 % vs previous 7 days");
  g_assert_cmpint (fd_kpi_card_get_delta_sentiment (runs), ==, FD_KPI_SENTIMENT_NEUTRAL);
  g_assert_cmpstr (fd_kpi_card_get_delta_text (rate), ==, "↓ 25.0 % vs previous 7 days");
  g_assert_cmpint (fd_kpi_card_get_delta_sentiment (rate), ==, FD_KPI_SENTIMENT_BAD);
  g_assert_cmpuint (fd_kpi_card_get_sparkline_length (runs), >, 1);

  /* The environment filter: production has r1..r3, 2 of 3 passed. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.environment", "s", "production");
  wait_for_new_data (fixture, data);
  g_assert_cmpstr (fd_kpi_card_get_value (runs), ==, "3");
  g_assert_cmpstr (fd_kpi_card_get_value (rate), ==, "66.7 %");
  assert_pipeline_kpis (fixture, production);

  /* The time range: only r5 started in the last 24 hours. */
  data = fd_window_get_page_data (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.environment", "s", "");
  wait_for_new_data (fixture, data);
  data = fd_window_get_page_data (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.time-range", "s", "24h");
  wait_for_new_data (fixture, data);
  g_assert_cmpstr (fd_kpi_card_get_value (runs), ==, "1");
  assert_pipeline_kpis (fixture, day);
}

static void
test_deployments_kpis (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(FdMetrics) all = expected_metrics (fixture, NULL, 7 * 86400);
  g_autoptr(FdMetrics) staging = expected_metrics (fixture, "staging", 7 * 86400);
  FdKpiCard *cfr = fd_deployments_page_get_kpi (fixture->deployments, "change-failure-rate");
  FdKpiCard *lead = fd_deployments_page_get_kpi (fixture->deployments, "lead-time");
  FdKpiCard *frequency = fd_deployments_page_get_kpi (fixture->deployments, "deployment-frequency");
  FdPageData *data = fd_window_get_page_data (fixture->window);
  g_autofree char *per_day = NULL;
  g_autofree char *expected_frequency = NULL;

  g_assert_cmpstr (fd_deployments_page_get_state (fixture->deployments), ==, "content");

  /* By hand: d1, d2 passed, d3 failed: 1 of 3 failed; 2 in 7 days. */
  g_assert_cmpstr (fd_kpi_card_get_value (cfr), ==, "33.3 %");
  assert_kpi (cfr, FD_CHART_FORMAT_PERCENT, all->change_failure_rate);
  assert_kpi (lead, FD_CHART_FORMAT_DURATION, all->lead_time_median_h * 3600);
  g_assert_cmpfloat_with_epsilon (all->deployment_frequency_per_day, 2.0 / 7, 1e-9);
  per_day = fd_chart_format_number (all->deployment_frequency_per_day);
  expected_frequency = g_strdup_printf ("%s / day", per_day);
  g_assert_cmpstr (fd_kpi_card_get_value (frequency), ==, expected_frequency);

  /* Tiers: 33 % change failure is low; a lead time of hours is elite. */
  g_assert_cmpstr (fd_kpi_card_get_tier (cfr), ==, "Low");
  g_assert_cmpstr (fd_kpi_card_get_tier (lead), ==, "Elite");
  g_assert_nonnull (strstr (fd_kpi_card_get_tier_tooltip (cfr), "15 %"));
  /* Two successful deployments against d0 alone before: more is good. */
  g_assert_cmpstr (fd_kpi_card_get_delta_text (frequency), ==, "↑ 100.0 % vs previous 7 days");
  g_assert_cmpint (fd_kpi_card_get_delta_sentiment (frequency), ==, FD_KPI_SENTIMENT_GOOD);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.environment", "s", "staging");
  wait_for_new_data (fixture, data);
  g_assert_cmpstr (fd_kpi_card_get_value (cfr), ==, "0.0 %");
  assert_kpi (cfr, FD_CHART_FORMAT_PERCENT, staging->change_failure_rate);
  assert_kpi (lead, FD_CHART_FORMAT_DURATION, staging->lead_time_median_h * 3600);
}

static void
test_deployments_history_and_matrix (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  GListModel *history = fd_deployments_page_get_history_model (fixture->deployments);
  GtkGrid *matrix = fd_deployments_page_get_matrix (fixture->deployments);
  gboolean stale = FALSE;
  gboolean ahead = FALSE;
  g_autofree char *csv = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);
  fd_deployments_page_set_search (fixture->deployments, "cart");
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  csv = fd_deployments_page_build_csv (fixture->deployments);
  g_assert_true (g_str_has_prefix (csv, "id,service,environment,version,"));
  g_assert_nonnull (strstr (csv, "d3,cart,production,2.0.0,1.9.0,rolling,failed,"));
  fd_deployments_page_set_search (fixture->deployments, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);

  /* cart 1.9.0 in production is 50 days old; shop 1.1.0 in staging is
   * ahead of production's 1.0.0. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (matrix));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      stale |= gtk_widget_has_css_class (child, "fd-drift-stale");
      ahead |= gtk_widget_has_css_class (child, "fd-drift-ahead");
    }
  g_assert_true (stale);
  g_assert_true (ahead);
}

static guint
count_runs (GListModel *model)
{
  return g_list_model_get_n_items (model);
}

static void
test_runs_table_filters (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GListModel *runs = fd_pipelines_page_get_runs_model (fixture->pipelines);
  FdChart *chart = fd_pipelines_page_get_chart (fixture->pipelines, "pipeline-runs-by-status");
  /* 2026-11-15 00:00 to 2026-11-16 00:00 UTC holds r2 only. */
  double from = 1795132800.0 - 5 * 86400;
  double to = from + 86400;
  g_autofree char *csv = NULL;

  g_assert_cmpuint (count_runs (runs), ==, 5);

  fd_pipelines_page_set_search (fixture->pipelines, "cart");
  g_assert_cmpuint (count_runs (runs), ==, 2);
  fd_pipelines_page_set_search (fixture->pipelines, "C1");
  g_assert_cmpuint (count_runs (runs), ==, 3);
  fd_pipelines_page_set_search (fixture->pipelines, "");
  g_assert_cmpuint (count_runs (runs), ==, 5);

  fd_pipelines_page_set_status_filter (fixture->pipelines, FD_RUN_FAILED);
  g_assert_cmpuint (count_runs (runs), ==, 1);
  fd_pipelines_page_set_status_filter (fixture->pipelines, FD_RUN_SUCCESS);
  g_assert_cmpuint (count_runs (runs), ==, 3);
  fd_pipelines_page_set_status_filter (fixture->pipelines, -1);
  g_assert_cmpuint (count_runs (runs), ==, 5);

  /* Newest first by default. */
  {
    g_autoptr(GObject) first = g_list_model_get_item (runs, 0);
    g_assert_nonnull (first);
  }

  /* A click on a bar: the table shows that bucket's runs. */
  g_assert_nonnull (chart);
  g_signal_emit_by_name (chart, "item-activated", 0u, (guint64) 0, from, to);
  g_assert_cmpuint (count_runs (runs), ==, 1);
  csv = fd_pipelines_page_build_csv (fixture->pipelines);
  g_assert_nonnull (strstr (csv, "\r\nr2,failed,shop/build,shop,production,main,c1,"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->pipelines), "pipelines.clear-bucket", NULL);
  g_assert_cmpuint (count_runs (runs), ==, 5);
}

static void
test_provider_error_keeps_data (Fixture       *fixture,
                                gconstpointer  user_data)
{
  FdKpiCard *runs = fd_pipelines_page_get_kpi (fixture->pipelines, "runs");
  FdPageData *data = fd_window_get_page_data (fixture->window);
  GtkWidget *toast_overlay;

  g_assert_cmpstr (fd_kpi_card_get_value (runs), ==, "5");
  g_assert_null (fd_window_get_error (fixture->window));

  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  fd_window_refresh (fixture->window);
  wait_for_error (fixture);

  /* The last good values stay, and the window says what went wrong. */
  g_assert_nonnull (fd_window_get_error (fixture->window));
  g_assert_true (fd_window_get_page_data (fixture->window) == data);
  g_assert_cmpstr (fd_kpi_card_get_value (runs), ==, "5");
  g_assert_cmpstr (fd_pipelines_page_get_state (fixture->pipelines), ==, "content");
  toast_overlay = find_child_of_type (GTK_WIDGET (fixture->window), ADW_TYPE_TOAST_OVERLAY);
  g_assert_nonnull (toast_overlay);
}

/* New data reaches the visible page in the turn of the main loop that
 * receives it; hidden pages follow in idle callbacks, or at once when shown. */
static void
test_hidden_pages_follow (Fixture       *fixture,
                          gconstpointer  user_data)
{
  FdPageData *before = fd_window_get_page_data (fixture->window);
  FdPageData *after;
  gboolean timed_out = FALSE;
  guint id;

  g_assert_cmpstr (fd_window_get_page (fixture->window), ==, "pipelines");
  g_assert_true (fd_deployments_page_get_data (fixture->deployments) == before);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.time-range", "s", "24h");
  id = g_timeout_add_seconds (20, timeout_cb, &timed_out);
  while (!timed_out && (fd_window_get_page_data (fixture->window) == before ||
                        fd_window_get_query_pending (fixture->window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  after = fd_window_get_page_data (fixture->window);
  g_assert_true (fd_pipelines_page_get_data (fixture->pipelines) == after);
  g_assert_true (fd_deployments_page_get_data (fixture->deployments) == before);

  /* Shown before its idle update ran: updated on the way. */
  fd_window_set_page (fixture->window, "deployments");
  g_assert_true (fd_deployments_page_get_data (fixture->deployments) == after);

  /* Now the pipelines page is the hidden one; the idle callbacks bring it
   * up to date without being shown. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.time-range", "s", "7d");
  while (!timed_out && (fd_window_get_page_data (fixture->window) == after ||
                        fd_window_get_query_pending (fixture->window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fd_deployments_page_get_data (fixture->deployments) == fd_window_get_page_data (fixture->window));
  g_assert_true (fd_pipelines_page_get_data (fixture->pipelines) == after);
  while (!timed_out && g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_true (fd_pipelines_page_get_data (fixture->pipelines) == fd_window_get_page_data (fixture->window));
  g_assert_cmpstr (fd_window_get_page (fixture->window), ==, "deployments");
}

static void
count_changed_cb (FdRecordItem *item,
                  guint        *count)
{
  (*count)++;
}

/* Rows of another environment reuse the row objects of the old one (GTK
 * keeps their widgets), say so with ::changed, and show the new records in
 * the new order; the pinned (selected) row never shows another record. */
static void
test_record_rows_reused (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(FdPageData) staging = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  FdRecordItem *pinned;
  FdPageData *production;
  guint n_staging, changed = 0, reused = 0;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.environment", "s", "staging");
  wait_for_new_data (fixture, fd_window_get_page_data (fixture->window));
  staging = fd_page_data_ref (fd_window_get_page_data (fixture->window));
  store = fd_record_item_list_new (staging, FD_RECORD_RUN);
  n_staging = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n_staging, ==, staging->n_recent_runs);
  g_assert_cmpuint (n_staging, >=, 2);
  for (guint i = 0; i < n_staging; i++)
    {
      FdRecordItem *item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_signal_connect (item, "changed", G_CALLBACK (count_changed_cb), &changed);
      g_ptr_array_add (before, item);
    }
  pinned = g_ptr_array_index (before, 0);

  /* Production shares no run with staging. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.environment", "s", "production");
  wait_for_new_data (fixture, staging);
  production = fd_window_get_page_data (fixture->window);
  g_assert_cmpuint (production->n_recent_runs, >, 0);

  g_assert_true (fd_record_item_list_update (store, production, FD_RECORD_RUN, pinned));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, production->n_recent_runs);
  for (guint i = 0; i < production->n_recent_runs; i++)
    {
      g_autoptr(FdRecordItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_true (fd_record_item_get_data (item) == production);
      g_assert_cmpuint (fd_record_item_get_index (item), ==, production->recent_runs[i]);
      g_assert_true (item != pinned);
      reused += g_ptr_array_find (before, item, NULL) ? 1 : 0;
    }
  /* As many old rows as there are (but the pinned one) now show production
   * runs, each told so once; the pinned row still shows its staging run. */
  g_assert_cmpuint (reused, ==, MIN (n_staging - 1, production->n_recent_runs));
  g_assert_cmpuint (changed, ==, reused);
  g_assert_true (fd_record_item_get_data (pinned) == staging);

  /* The same data again changes nothing. */
  changed = 0;
  g_assert_false (fd_record_item_list_update (store, production, FD_RECORD_RUN, NULL));
  g_assert_cmpuint (changed, ==, 0);

  for (guint i = 0; i < n_staging; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (before, i), count_changed_cb, &changed);
}

static void
test_kpi_card_delta (void)
{
  FdKpiSentiment sentiment;
  g_autofree char *up_good = fd_kpi_format_delta (1.032, 1.0, FD_KPI_HIGHER_IS_BETTER,
                                                  "previous 7 days", &sentiment);
  g_autofree char *up_bad = NULL;
  g_autofree char *down = NULL;
  GtkWidget *card = g_object_ref_sink (fd_kpi_card_new ("Runs"));

  g_assert_cmpstr (up_good, ==, "↑ 3.2 % vs previous 7 days");
  g_assert_cmpint (sentiment, ==, FD_KPI_SENTIMENT_GOOD);
  up_bad = fd_kpi_format_delta (120, 100, FD_KPI_LOWER_IS_BETTER, "previous hour", &sentiment);
  g_assert_cmpstr (up_bad, ==, "↑ 20.0 % vs previous hour");
  g_assert_cmpint (sentiment, ==, FD_KPI_SENTIMENT_BAD);
  down = fd_kpi_format_delta (80, 100, FD_KPI_LOWER_IS_BETTER, "previous hour", &sentiment);
  g_assert_cmpstr (down, ==, "↓ 20.0 % vs previous hour");
  g_assert_cmpint (sentiment, ==, FD_KPI_SENTIMENT_GOOD);

  fd_kpi_card_set_delta (FD_KPI_CARD (card), 80, 100, FD_KPI_LOWER_IS_BETTER, "previous hour");
  g_assert_cmpint (fd_kpi_card_get_delta_sentiment (FD_KPI_CARD (card)), ==, FD_KPI_SENTIMENT_GOOD);
  fd_kpi_card_set_number (FD_KPI_CARD (card), FD_CHART_FORMAT_COUNT, 1204);
  g_assert_cmpstr (fd_kpi_card_get_value (FD_KPI_CARD (card)), ==, "1,204");
  fd_kpi_card_set_dora_tier (FD_KPI_CARD (card), FD_DORA_TIER_ELITE, "tip");
  g_assert_cmpstr (fd_kpi_card_get_tier (FD_KPI_CARD (card)), ==, "Elite");
  g_assert_cmpstr (fd_kpi_card_get_tier_tooltip (FD_KPI_CARD (card)), ==, "tip");
  g_assert_finalize_object (card);
}

/* With the simulator's hundreds of runs, the table shows a page of 25 rows;
 * a refresh shows the new runs in the same row objects (GTK keeps their
 * widgets), the pager turns pages, and a new sort order starts again on the
 * first page. */
static void
test_runs_table_pages (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(FdSimSource) sim = fd_sim_source_new (7);
  GListModel *sources = fd_session_get_sources (fixture->session);
  GtkColumnView *view = GTK_COLUMN_VIEW (find_child_of_type (GTK_WIDGET (fixture->pipelines),
                                                              GTK_TYPE_COLUMN_VIEW));
  FdTablePager *pager = FD_TABLE_PAGER (find_child_of_type (GTK_WIDGET (fixture->pipelines),
                                                            FD_TYPE_TABLE_PAGER));
  GListModel *runs = fd_pipelines_page_get_runs_model (fixture->pipelines);
  GListModel *shown;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *expected = NULL;
  g_autofree char *total = NULL;
  /* Held, so that no newer result can come at the same address. */
  g_autoptr(FdPageData) data = fd_page_data_ref (fd_window_get_page_data (fixture->window));
  FdTime now = FIXTURE_END;

  g_assert_nonnull (view);
  g_assert_nonnull (pager);
  /* The simulator's incidents would notify, with no notification server
   * on the test's session bus. */
  for (guint i = 0; i < 3; i++)
    {
      const char *keys[] = { "notify-critical-alerts", "notify-failed-deployments", "notify-canary-failures" };

      g_settings_set_boolean (fd_window_get_settings (fixture->window), keys[i], FALSE);
    }
  fd_clock_set_now (fixture->clock, now);
  while (g_list_model_get_n_items (sources) > 0)
    {
      g_autoptr(FdSource) old = g_list_model_get_item (sources, 0);

      fd_session_remove_source (fixture->session, old);
    }
  fd_session_add_source (fixture->session, FD_SOURCE (sim));
  /* The simulator generates its history first, then the window queries it. */
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

    while (!timed_out && (fd_window_get_page_data (fixture->window) == data ||
                          fd_window_get_page_data (fixture->window) == NULL ||
                          fd_window_get_page_data (fixture->window)->n_recent_runs <= 2 * FD_TABLE_PAGE_SIZE))
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (timed_out);
    g_source_remove (id);
    wait_for_new_data (fixture, NULL);
  }

  shown = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (runs), >, 2 * FD_TABLE_PAGE_SIZE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, FD_TABLE_PAGE_SIZE);
  total = fd_chart_format_count (g_list_model_get_n_items (runs));
  expected = g_strdup_printf ("Rows 1–25 of %s", total);
  g_assert_cmpstr (fd_table_pager_get_text (pager), ==, expected);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pager)));

  /* Newest first: the page shows the first 25 rows of the sorted runs. */
  for (guint i = 0; i < FD_TABLE_PAGE_SIZE; i++)
    {
      g_autoptr(FdRecordItem) row = g_list_model_get_item (shown, i);
      g_autoptr(FdRecordItem) run = g_list_model_get_item (runs, i);

      g_assert_cmpstr (fd_record_item_str (row, fd_record_item_get_run (row)->id), ==,
                       fd_record_item_str (run, fd_record_item_get_run (run)->id));
      g_ptr_array_add (rows, g_object_ref (row));
    }

  /* Flaky pipelines are one-line rows, worst first, kept across refreshes. */
  {
    FdPageData *now_data = fd_window_get_page_data (fixture->window);
    GtkWidget *row = find_child_of_type (GTK_WIDGET (fixture->pipelines), FD_TYPE_LIST_ROW);
    g_autofree char *commit = NULL;

    g_assert_cmpuint (now_data->dashboard->n_flaky, >, 0);
    g_assert_nonnull (row);
    g_assert_cmpstr (fd_list_row_get_title (FD_LIST_ROW (row)), ==, now_data->dashboard->flaky[0].pipeline);
    commit = g_strndup (now_data->dashboard->flaky[0].commit, 10);
    g_assert_nonnull (strstr (fd_list_row_get_subtitle (FD_LIST_ROW (row)), commit));
    g_ptr_array_add (rows, g_object_ref (row));
  }

  /* An hour later: new runs on top, shown by the same row objects. */
  g_clear_pointer (&data, fd_page_data_unref);
  data = fd_page_data_ref (fd_window_get_page_data (fixture->window));
  now += G_GINT64_CONSTANT (3600000000);
  fd_clock_set_now (fixture->clock, now);
  fd_window_refresh (fixture->window);
  wait_for_new_data (fixture, data);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, FD_TABLE_PAGE_SIZE);
  for (guint i = 0; i < FD_TABLE_PAGE_SIZE; i++)
    {
      g_autoptr(FdRecordItem) row = g_list_model_get_item (shown, i);
      g_autoptr(FdRecordItem) run = g_list_model_get_item (runs, i);

      g_assert_true (row == g_ptr_array_index (rows, i));
      g_assert_true (fd_record_item_get_data (row) == fd_window_get_page_data (fixture->window));
      g_assert_cmpstr (fd_record_item_str (row, fd_record_item_get_run (row)->id), ==,
                       fd_record_item_str (run, fd_record_item_get_run (run)->id));
    }

  g_assert_true (find_child_of_type (GTK_WIDGET (fixture->pipelines), FD_TYPE_LIST_ROW) ==
                 g_ptr_array_index (rows, FD_TABLE_PAGE_SIZE));
  g_ptr_array_remove_index (rows, FD_TABLE_PAGE_SIZE);

  /* The next page shows rows 26 to 50. */
  gtk_widget_activate_action (GTK_WIDGET (pager), "pager.next", NULL);
  {
    g_autoptr(FdRecordItem) row = g_list_model_get_item (shown, 0);
    g_autoptr(FdRecordItem) run = g_list_model_get_item (runs, FD_TABLE_PAGE_SIZE);

    g_assert_true (row == g_ptr_array_index (rows, 0));
    g_assert_cmpstr (fd_record_item_str (row, fd_record_item_get_run (row)->id), ==,
                     fd_record_item_str (run, fd_record_item_get_run (run)->id));
  }
  g_assert_true (g_str_has_prefix (fd_table_pager_get_text (pager), "Rows 26–50 of "));

  /* Sorting by another column starts on the first page again. */
  {
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) pipeline = g_list_model_get_item (columns, 1);

    gtk_column_view_sort_by_column (view, pipeline, GTK_SORT_ASCENDING);
  }
  g_assert_true (g_str_has_prefix (fd_table_pager_get_text (pager), "Rows 1–25 of "));

  /* A search that leaves fewer than a page hides the pager. */
  fd_pipelines_page_set_search (fixture->pipelines, "no such run anywhere");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pager)));
  fd_pipelines_page_set_search (fixture->pipelines, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();

  app = fd_application_new ("io.github.flightdeck.Flightdeck.TestPages", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/flightdeck/pages/kpi-card-delta", test_kpi_card_delta);
  g_test_add ("/flightdeck/pages/pipelines-kpis", Fixture, NULL,
              fixture_set_up, test_pipelines_kpis, fixture_tear_down);
  g_test_add ("/flightdeck/pages/runs-table-filters", Fixture, NULL,
              fixture_set_up, test_runs_table_filters, fixture_tear_down);
  g_test_add ("/flightdeck/pages/deployments-kpis", Fixture, NULL,
              fixture_set_up, test_deployments_kpis, fixture_tear_down);
  g_test_add ("/flightdeck/pages/deployments-history-matrix", Fixture, NULL,
              fixture_set_up, test_deployments_history_and_matrix, fixture_tear_down);
  g_test_add ("/flightdeck/pages/record-rows-reused", Fixture, NULL,
              fixture_set_up, test_record_rows_reused, fixture_tear_down);
  g_test_add ("/flightdeck/pages/hidden-pages-follow", Fixture, NULL,
              fixture_set_up, test_hidden_pages_follow, fixture_tear_down);
  g_test_add ("/flightdeck/pages/runs-table-pages", Fixture, NULL,
              fixture_set_up, test_runs_table_pages, fixture_tear_down);
  g_test_add ("/flightdeck/pages/provider-error-keeps-data", Fixture, NULL,
              fixture_set_up, test_provider_error_keeps_data, fixture_tear_down);

  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
