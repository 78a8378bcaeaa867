/* test-ops.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ops"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fd-alerts-page.h"
#include "fd-application.h"
#include "fd-canary-page.h"
#include "fd-chart.h"
#include "fd-chart-format.h"
#include "fd-clock.h"
#include "fd-file-source.h"
#include "fd-format.h"
#include "fd-metrics.h"
#include "fd-notifier.h"
#include "fd-preferences-window.h"
#include "fd-session.h"
#include "fd-sim-source.h"
#include "fd-window.h"
#include "../lsan-quarks.h"

static FdApplication *app;

/* The fixture's newest record starts at 2026-11-20T11:59:59Z, so the
 * file-anchored window ends at 12:00:00. */
#define FIXTURE_END G_GINT64_CONSTANT (1795176000000000)
#define DAY_US G_GINT64_CONSTANT (86400000000)

typedef struct
{
  FdWindow     *window;
  FdAlertsPage *alerts;
  FdCanaryPage *canary;
  FdClock      *clock;
  FdSession    *session;
  FdSource     *source;
  char         *path;
} Fixture;

/* Helpers {{{ */

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

static void
collect_children_of_type (GtkWidget *root,
                          GType      type,
                          GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_children_of_type (child, type, out);
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

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* A window on a session of its own over @source (taken), on a fake clock
 * at @now. The source is fetched as soon as the session has it. */
static void
open_window (Fixture  *fixture,
             FdSource *source,
             gint64    now)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  fixture->window = fd_window_new (GTK_APPLICATION (app), settings);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  fixture->alerts = FD_ALERTS_PAGE (find_child_of_type (GTK_WIDGET (fixture->window),
                                                       FD_TYPE_ALERTS_PAGE));
  fixture->canary = FD_CANARY_PAGE (find_child_of_type (GTK_WIDGET (fixture->window),
                                                       FD_TYPE_CANARY_PAGE));
  g_assert_nonnull (fixture->alerts);
  g_assert_nonnull (fixture->canary);
  gtk_window_present (GTK_WINDOW (fixture->window));

  fixture->clock = fd_clock_new_fake (now);
  fixture->session = fd_session_new (fixture->clock);
  fixture->source = source;
  fd_session_add_source (fixture->session, source);
  fd_window_set_session (fixture->window, fixture->session);
  g_assert_true (fd_window_get_session (fixture->window) == fixture->session);
  wait_for_new_data (fixture, NULL);
}

/* Destroys the window and drops the session and its source; all must be
 * finalized. */
static void
close_window (Fixture *fixture)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  gpointer session = fixture->session;
  gpointer source = fixture->source;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  fixture->alerts = NULL;
  fixture->canary = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);

  /* Workers still running (a query, the store) hold the session until
   * their callbacks ran. */
  g_object_add_weak_pointer (G_OBJECT (session), &session);
  g_object_add_weak_pointer (G_OBJECT (source), &source);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->source);
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

    while ((session != NULL || source != NULL) && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (id);
  }
  g_assert_null (session);
  g_assert_null (source);
  g_clear_object (&fixture->clock);
}

/* Removes the action store (and anything set aside next to it). */
static void
remove_store (const char *data_home)
{
  g_autofree char *dir = g_build_filename (data_home, "flightdeck", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  {
    g_autofree char *other = g_build_filename (data_home, "notify.sqlite", NULL);
    g_autofree char *wal = g_strconcat (other, "-wal", NULL);
    g_autofree char *shm = g_strconcat (other, "-shm", NULL);

    g_unlink (other);
    g_unlink (wal);
    g_unlink (shm);
  }
}

static FdSource *
new_file_source (Fixture *fixture)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);

  return FD_SOURCE (fd_file_source_new (file));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *home_store = g_build_filename (g_get_user_data_dir (), "flightdeck", NULL);

  g_autoptr(GSettings) settings = new_clean_settings ();
  g_autofree char *contents = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "ui-ops", "fixtures", "ops.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  /* Each test starts without a store, in the test's own data folder. */
  g_assert_true (g_str_has_prefix (g_get_user_data_dir (), g_get_tmp_dir ()));
  remove_store (g_get_user_data_dir ());
  g_assert_false (g_file_test (home_store, G_FILE_TEST_EXISTS));

  /* A copy, which the error test deletes. */
  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (g_get_tmp_dir (), "ops.jsonl", NULL);
  g_file_set_contents (fixture->path, contents, length, &error);
  g_assert_no_error (error);

  open_window (fixture, new_file_source (fixture), FIXTURE_END + 30 * DAY_US);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    close_window (fixture);
  g_unlink (fixture->path);
  g_clear_pointer (&fixture->path, g_free);
}

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
assert_card (Fixture       *fixture,
             guint          index,
             FdChartFormat  format,
             double         value)
{
  g_autofree char *expected = fd_chart_format_value (format, value);

  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, index), ==, expected);
}

static void
assert_alert_kpis (Fixture         *fixture,
                   const FdMetrics *m)
{
  assert_card (fixture, 0, FD_CHART_FORMAT_COUNT, m->alerts_open);
  assert_card (fixture, 2, FD_CHART_FORMAT_DURATION, m->mttr_min * 60);
  assert_card (fixture, 3, FD_CHART_FORMAT_DURATION, m->mtta_min * 60);
  assert_card (fixture, 4, FD_CHART_FORMAT_COUNT, m->alerts_total);
}

static FdAlertItem *
find_item (Fixture    *fixture,
           const char *id)
{
  GListModel *model = fd_alerts_page_get_model (fixture->alerts);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FdAlertItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (fd_alert_item_get_id (item), id) == 0)
        return item;   /* the model keeps its reference */
    }

  return NULL;
}

static const FdAlert *
find_alert (FdSnapshot *snapshot,
            const char *id)
{
  const FdAlert *alerts;
  FdStr str = fd_snapshot_lookup (snapshot, id);
  gsize n;

  alerts = fd_snapshot_get_alerts (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    if (alerts[i].id == str)
      return &alerts[i];
  return NULL;
}

/* }}} */

static void
test_alerts_kpis (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(FdMetrics) all = expected_metrics (fixture, NULL, 7 * 86400);
  g_autoptr(FdMetrics) production = expected_metrics (fixture, "production", 7 * 86400);
  g_autoptr(FdMetrics) day = expected_metrics (fixture, NULL, 86400);
  FdPageData *data = fd_window_get_page_data (fixture->window);

  g_assert_cmpint (data->query.to, ==, FIXTURE_END);

  /* By hand: a1, a2, a3, a4, a6 started in the last 7 days; a1, a2, a6
   * fire, a4 is acknowledged, so 4 are open; a1, a4, a6 are critical and
   * open. a3 was resolved in 30 min and acknowledged in 5 min. */
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 0), ==, "4");
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 1), ==, "3");
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 4), ==, "5");
  assert_alert_kpis (fixture, all);
  g_assert_cmpuint (g_list_model_get_n_items (fd_alerts_page_get_model (fixture->alerts)), ==, 5);

  /* Critical first (grouped by severity), newest first within it. */
  {
    g_autoptr(FdAlertItem) first = g_list_model_get_item (fd_alerts_page_get_model (fixture->alerts), 0);

    g_assert_cmpstr (fd_alert_item_get_id (first), ==, "a6");
  }

  /* Production: a1, a3, a4; open a1 and a4, both critical. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.environment", "s", "production");
  wait_for_new_data (fixture, data);
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 0), ==, "2");
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 1), ==, "2");
  assert_alert_kpis (fixture, production);

  /* The last 24 hours: a1, a4, a6. */
  data = fd_window_get_page_data (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.environment", "s", "");
  wait_for_new_data (fixture, data);
  data = fd_window_get_page_data (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.time-range", "s", "24h");
  wait_for_new_data (fixture, data);
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 4), ==, "3");
  assert_alert_kpis (fixture, day);
}

/*
 * The MTTA card's sparkline: one point per bucket of the 7 days (hours,
 * from 2026-11-13T12:00Z), acknowledged_at - started_at in seconds in the
 * bucket of started_at: a3 at 11-18 09:00 (bucket 117) in 5 min, a4 at
 * 11-20 09:00 (bucket 165) in 10 min. The alerts acknowledged never (a1,
 * a2, a6) leave their buckets without a value.
 */
static void
test_mtta_sparkline (Fixture       *fixture,
                     gconstpointer  user_data)
{
  FdPageData *data = fd_window_get_page_data (fixture->window);
  FdKpiCard *card = fd_alerts_page_get_card (fixture->alerts, 3);
  g_autofree char *five = fd_chart_format_duration (300);
  g_autofree char *ten = fd_chart_format_duration (600);
  g_autofree char *description = NULL;
  g_autofree char *item = NULL;
  const FdChartSeries *series;
  FdChartModel *model;
  GtkWidget *chart;

  g_assert_cmpstr (fd_kpi_card_get_title (card), ==, "MTTA");
  g_assert_cmpuint (data->dashboard->n_buckets, ==, 168);
  g_assert_cmpuint (fd_kpi_card_get_sparkline_length (card), ==, 168);

  fd_window_set_page (fixture->window, "alerts");
  chart = fd_kpi_card_get_sparkline (card);
  g_assert_nonnull (chart);
  while (!gtk_widget_get_mapped (chart) || gtk_widget_get_height (chart) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_is_drawable (chart));
  g_assert_cmpint (gtk_widget_get_width (chart), >, 0);

  model = fd_chart_get_model (FD_CHART (chart));
  g_assert_cmpint (fd_chart_model_get_kind (model), ==, FD_CHART_KIND_SPARKLINE);
  g_assert_cmpint (fd_chart_model_get_y_format (model), ==, FD_CHART_FORMAT_DURATION);
  g_assert_cmpuint (fd_chart_model_get_n_series (model), ==, 1);
  series = fd_chart_model_get_series (model, 0);
  g_assert_cmpuint (series->n, ==, 168);
  for (gsize i = 0; i < series->n; i++)
    {
      g_assert_cmpfloat (series->x[i], ==, (double) (FIXTURE_END - 7 * DAY_US) / G_USEC_PER_SEC + 3600.0 * i);
      if (i == 117)
        g_assert_cmpfloat (series->y[i], ==, 300);
      else if (i == 165)
        g_assert_cmpfloat (series->y[i], ==, 600);
      else
        g_assert_true (isnan (series->y[i]));
    }

  /* Read out as the neighbours are, in the shared duration format. */
  description = fd_chart_model_describe (model);
  g_assert_nonnull (strstr (description, five));
  g_assert_nonnull (strstr (description, ten));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, "MTTA");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       description);
  item = fd_chart_model_describe_item (model, 0, 117);
  g_assert_nonnull (strstr (item, five));
}

static GPtrArray *toast_titles (GtkWidget *overlay);

static void
test_acknowledge_persists (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *before = file_checksum (fixture->path);
  g_autofree char *after = NULL;
  g_autofree char *status = NULL;
  FdPageData *data = fd_window_get_page_data (fixture->window);
  FdAlertItem *item;
  FdSnapshot *snapshot;

  g_assert_cmpuint (data->current->alerts_by_status[FD_ALERT_ACKNOWLEDGED], ==, 1);
  g_assert_true (fd_alerts_page_select (fixture->alerts, "a1"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->alerts), "alerts.acknowledge", NULL));
  wait_for_new_data (fixture, data);

  data = fd_window_get_page_data (fixture->window);
  g_assert_cmpuint (data->current->alerts_by_status[FD_ALERT_ACKNOWLEDGED], ==, 2);
  g_assert_cmpuint (data->current->alerts_by_status[FD_ALERT_FIRING], ==, 2);
  /* Still open, now acknowledged: MTTA has a second value (a1 at "now"). */
  assert_alert_kpis (fixture, data->current);
  item = find_item (fixture, "a1");
  g_assert_nonnull (item);
  g_assert_cmpint (fd_alert_item_get_status (item), ==, FD_ALERT_ACKNOWLEDGED);
  status = fd_alerts_page_format_status (item, data->now);
  g_assert_cmpstr (status, ==, "Acknowledged");
  /* And the window says it was done. */
  {
    g_autoptr(GPtrArray) titles = NULL;
    gboolean toasted = FALSE;

    while (g_main_context_iteration (NULL, FALSE))
      ;
    titles = toast_titles (find_child_of_type (GTK_WIDGET (fixture->window), ADW_TYPE_TOAST_OVERLAY));
    for (guint i = 0; i < titles->len; i++)
      toasted |= g_strcmp0 (titles->pdata[i], "Acknowledged") == 0;
    g_assert_true (toasted);
  }

  /* A new window, session and source on the same file: the store on disk
   * brings it back. */
  close_window (fixture);
  open_window (fixture, new_file_source (fixture), FIXTURE_END + 30 * DAY_US);
  item = find_item (fixture, "a1");
  g_assert_nonnull (item);
  g_assert_cmpint (fd_alert_item_get_status (item), ==, FD_ALERT_ACKNOWLEDGED);
  snapshot = fd_session_get_snapshot (fixture->session);
  g_assert_cmpint (find_alert (snapshot, "a1")->status, ==, FD_ALERT_ACKNOWLEDGED);

  /* Resolve through the same path. */
  data = fd_window_get_page_data (fixture->window);
  g_assert_true (fd_alerts_page_select (fixture->alerts, "a1"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->alerts), "alerts.resolve", NULL));
  wait_for_new_data (fixture, data);
  data = fd_window_get_page_data (fixture->window);
  g_assert_cmpuint (data->current->alerts_by_status[FD_ALERT_RESOLVED], ==, 2);
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 0), ==, "3");

  /* The user's file is untouched, byte for byte. */
  after = file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

static const FdSilence *
find_silence (Fixture    *fixture,
              const char *target_id)
{
  GPtrArray *silences = fd_session_get_silences (fixture->session);
  const FdSilence *found = NULL;

  for (guint i = 0; silences != NULL && i < silences->len; i++)
    {
      const FdSilence *silence = g_ptr_array_index (silences, i);

      if (g_strcmp0 (silence->target_id, target_id) == 0)
        {
          g_assert_null (found);
          found = silence;
        }
    }

  return found;
}

static void
test_silence (Fixture       *fixture,
              gconstpointer  user_data)
{
  FdPageData *data = fd_window_get_page_data (fixture->window);
  /* The user silences from now, by the session's clock, even over an old
   * history whose page data is "as of" its last record. */
  FdTime now = fd_clock_get_now (fixture->clock);
  FdTime until = now + (gint64) 4 * 3600 * G_USEC_PER_SEC;
  g_autofree char *status = NULL;
  const FdSilence *silence;
  FdAlertItem *item;

  g_assert_null (find_silence (fixture, "a6"));
  g_assert_true (fd_alerts_page_select (fixture->alerts, "a6"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->alerts), "alerts.silence", "x",
                                             (gint64) 4 * 3600));

  /* The file source keeps the silence in the action store, and its fetch
   * after the action hands it to the session as a silence of the record. */
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

    while (!timed_out &&
           (find_silence (fixture, "a6") == NULL || fd_window_get_query_pending (fixture->window)))
      g_main_context_iteration (NULL, TRUE);
    while (!timed_out && g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_false (timed_out);
    g_source_remove (id);
  }
  silence = find_silence (fixture, "a6");
  g_assert_nonnull (silence);
  g_assert_cmpint (silence->starts_at, ==, now);
  g_assert_cmpint (silence->ends_at, ==, until);
  g_assert_null (fd_window_get_error (fixture->window));

  /* The row shows it, whatever page data is on screen: a silence changes
   * no record, so the refetch need not bring new page data. */
  if (fd_window_get_page_data (fixture->window) != data)
    g_test_message ("the silence brought new page data");
  data = fd_window_get_page_data (fixture->window);
  item = find_item (fixture, "a6");
  g_assert_nonnull (item);
  g_assert_cmpint (fd_alert_item_get_silenced_until (item), ==, until);
  g_assert_true (fd_alert_item_is_silenced (item, now));
  g_assert_true (fd_alert_item_is_silenced (item, data->now));
  g_assert_false (fd_alert_item_is_silenced (item, now + (gint64) 5 * 3600 * G_USEC_PER_SEC));
  status = fd_alerts_page_format_status (item, now);
  g_assert_true (g_str_has_prefix (status, "Silenced until"));

  /* The export keeps the event format's status word and says until when
   * the alert is silenced in a column of its own, in UTC. */
  {
    g_autofree char *csv = fd_alerts_page_to_csv (fixture->alerts);
    g_autofree char *until = fd_format_utc_time (fd_alert_item_get_silenced_until (item));
    g_autofree char *tail = g_strdup_printf (",%s", until);
    g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
    const char *row = NULL;

    g_assert_cmpstr (lines[0], ==, "id,severity,name,status,service,environment,started_at,"
                                   "summary,silenced_until");
    for (guint i = 1; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], "a6,"))
        row = lines[i];
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (row, ",firing,"));
    g_assert_true (g_str_has_suffix (row, tail));
  }
}

/* Builds a page data with the given alerts (id, severity, env). */
static FdPageData *
page_data_with_alerts (const char * const *ids,
                       const FdSeverity   *severities,
                       gsize               n,
                       FdTime              now)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdQuery query = { 0 };

  for (gsize i = 0; i < n; i++)
    {
      FdAlert alert = { 0 };

      alert.started_at = now - (FdTime) (n - i) * 60 * G_USEC_PER_SEC;
      alert.acknowledged_at = FD_TIME_NONE;
      alert.resolved_at = FD_TIME_NONE;
      alert.id = fd_snapshot_builder_intern (builder, ids[i]);
      alert.name = fd_snapshot_builder_intern (builder, "HighErrorRate");
      alert.service = fd_snapshot_builder_intern (builder, "shop");
      alert.environment = fd_snapshot_builder_intern (builder, "production");
      alert.severity = severities[i];
      alert.status = FD_ALERT_FIRING;
      fd_snapshot_builder_add_alert (builder, &alert);
    }
  snapshot = fd_snapshot_builder_end (builder);

  query.from = now - DAY_US;
  query.to = now + 1;
  return fd_page_data_compute (snapshot, &query, now, 95, 75, NULL);
}

static void
test_notifier (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  g_autoptr(GHashTable) silenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(FdNotifier) notifier = fd_notifier_new (NULL, settings);
  FdTime now = FIXTURE_END;
  FdTime until;
  const char *ids[] = { "x1", "x2", "x3", "x4", "x5" };
  FdSeverity sev[] = { FD_SEVERITY_CRITICAL, FD_SEVERITY_CRITICAL, FD_SEVERITY_CRITICAL,
                       FD_SEVERITY_WARNING, FD_SEVERITY_CRITICAL };

  /* x3 is silenced for a day (the alerts page hands the session's
   * silences to the notifier this way). */
  until = now + DAY_US;
  g_hash_table_insert (silenced, g_strdup ("x3"), g_memdup2 (&until, sizeof until));
  fd_notifier_set_silenced (notifier, silenced);

  /* History at start: never notified. */
  {
    g_autoptr(FdPageData) data = page_data_with_alerts (ids, sev, 1, now);

    g_assert_cmpuint (fd_notifier_update (notifier, data, FALSE), ==, 0);
  }
  /* x2 is new and critical: one notification; x3 is silenced; x4 is a warning. */
  {
    g_autoptr(FdPageData) data = page_data_with_alerts (ids, sev, 4, now + 1);

    g_assert_cmpuint (fd_notifier_update (notifier, data, FALSE), ==, 1);
    /* The same again: nothing new. */
    g_assert_cmpuint (fd_notifier_update (notifier, data, FALSE), ==, 0);
  }
  /* With the preference off, x5 stays quiet. */
  g_settings_set_boolean (settings, "notify-critical-alerts", FALSE);
  {
    g_autoptr(FdPageData) data = page_data_with_alerts (ids, sev, 5, now + 2);

    g_assert_cmpuint (fd_notifier_update (notifier, data, FALSE), ==, 0);
  }
  g_assert_cmpuint (fd_notifier_get_n_sent (notifier), ==, 1);

  /* While the window is active nothing is sent, but it counts as seen. */
  g_settings_set_boolean (settings, "notify-critical-alerts", TRUE);
  fd_notifier_reset (notifier);
  {
    g_autoptr(FdPageData) first = page_data_with_alerts (ids, sev, 1, now);
    g_autoptr(FdPageData) second = page_data_with_alerts (ids, sev, 2, now + 1);

    g_assert_cmpuint (fd_notifier_update (notifier, first, FALSE), ==, 0);
    g_assert_cmpuint (fd_notifier_update (notifier, second, TRUE), ==, 0);
    g_assert_cmpuint (fd_notifier_update (notifier, second, FALSE), ==, 0);
  }

  g_assert_finalize_object (g_steal_pointer (&notifier));
}

static void
test_canary_verdicts (Fixture       *fixture,
                      gconstpointer  user_data)
{
  FdCanaryCard *card;

  fd_window_set_page (fixture->window, "canary");

  /* Two canaries run, newest first; c-done is history. */
  g_assert_cmpuint (fd_canary_page_get_n_cards (fixture->canary), ==, 2);
  card = fd_canary_page_get_card (fixture->canary, 0);
  g_assert_cmpstr (fd_canary_card_get_canary_id (card), ==, "c-good");
  g_assert_cmpstr (fd_canary_card_get_status_text (card), ==, "Progressing");
  g_assert_cmpstr (fd_canary_card_get_traffic_text (card), ==, "50 % of traffic");
  g_assert_true (g_str_has_prefix (fd_canary_card_get_verdict_text (card), "Pass"));
  card = fd_canary_page_get_card (fixture->canary, 1);
  g_assert_cmpstr (fd_canary_card_get_canary_id (card), ==, "c-bad");
  g_assert_true (g_str_has_prefix (fd_canary_card_get_verdict_text (card), "Fail"));

  /* A clearly worse canary fails; identical samples pass. */
  g_assert_true (fd_canary_page_select (fixture->canary, "c-bad"));
  g_assert_cmpstr (fd_canary_page_get_verdict_text (fixture->canary), ==, "Fail");
  g_assert_true (fd_canary_page_select (fixture->canary, "c-good"));
  g_assert_cmpstr (fd_canary_page_get_verdict_text (fixture->canary), ==, "Pass");
  g_assert_true (fd_canary_page_select (fixture->canary, "c-done"));
  g_assert_cmpstr (fd_canary_page_get_verdict_text (fixture->canary), ==, "Pass");
  g_assert_cmpstr (fd_canary_page_get_selected (fixture->canary), ==, "c-done");
}

static const FdCanary *
find_canary (FdSnapshot     *snapshot,
             FdCanaryStatus  status,
             FdTime          after)
{
  const FdCanary *canaries;
  gsize n;

  canaries = fd_snapshot_get_canaries (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    if (canaries[i].status == status && canaries[i].started_at > after)
      return &canaries[i];
  return NULL;
}

static void
test_canary_promote_sim (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  Fixture fixture = { 0 };
  FdSnapshot *snapshot;
  g_autofree char *canary_id = NULL;
  const FdCanary *canary;
  FdSimParams params;
  FdTime now;
  FdPageData *data;
  gssize index = -1;

  fd_sim_params_init (&params);
  params.seed = 9;
  params.history_days = 14;

  /* A canary that ended promoted by itself; go back to 6 minutes after its
   * start. The simulator follows the session's clock. */
  open_window (&fixture, FD_SOURCE (fd_sim_source_new_with_params (&params)), FIXTURE_END);
  g_assert_cmpint (fd_window_get_page_data (fixture.window)->now, ==, FIXTURE_END);
  snapshot = fd_session_get_snapshot (fixture.session);
  canary = find_canary (snapshot, FD_CANARY_PROMOTED, FIXTURE_END - 9 * DAY_US);
  g_assert_nonnull (canary);
  canary_id = g_strdup (fd_snapshot_str (snapshot, canary->id));
  now = canary->started_at + 6 * 60 * G_USEC_PER_SEC;
  close_window (&fixture);

  open_window (&fixture, FD_SOURCE (fd_sim_source_new_with_params (&params)), now);
  g_assert_cmpint (fd_window_get_page_data (fixture.window)->now, ==,
                   now - now % G_USEC_PER_SEC);
  fd_window_set_page (fixture.window, "canary");
  g_assert_true (fd_canary_page_select (fixture.canary, canary_id));

  data = fd_window_get_page_data (fixture.window);
  for (gsize i = 0; i < data->current->n_canaries; i++)
    if (g_strcmp0 (data->current->canaries[i].id, canary_id) == 0)
      index = (gssize) i;
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (data->current->canaries[index].canary->status, ==, FD_CANARY_PROGRESSING);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.canary), "canary.promote", NULL));
  wait_for_new_data (&fixture, data);

  data = fd_window_get_page_data (fixture.window);
  index = -1;
  for (gsize i = 0; i < data->current->n_canaries; i++)
    if (g_strcmp0 (data->current->canaries[i].id, canary_id) == 0)
      index = (gssize) i;
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (data->current->canaries[index].canary->status, ==, FD_CANARY_PROMOTED);
  g_assert_cmpfloat (data->current->canaries[index].canary->traffic_percent, ==, 100);

  close_window (&fixture);
}

static void
test_corrupt_store (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "flightdeck", NULL);
  g_autofree char *path = g_build_filename (dir, "actions.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  FdPageData *data;
  FdAlertItem *item;

  /* Start again with garbage where the store lives. */
  close_window (fixture);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "this is not a database, just some bytes\n", -1, &error);
  g_assert_no_error (error);

  open_window (fixture, new_file_source (fixture), FIXTURE_END + 30 * DAY_US);
  /* The source tells of the store in its status message; it still works. */
  {
    FdSourceStatus *status = fd_source_get_status (fixture->source);

    g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_OK);
    g_assert_nonnull (fd_source_status_get_message (status));
    g_assert_nonnull (fd_alerts_page_get_store_message (fixture->alerts));
    g_assert_cmpstr (fd_alerts_page_get_store_message (fixture->alerts), ==,
                     fd_source_status_get_message (status));
  }
  g_assert_null (fd_window_get_error (fixture->window));
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 0), ==, "4");

  /* The app keeps working: actions go to a fresh store. */
  data = fd_window_get_page_data (fixture->window);
  g_assert_true (fd_alerts_page_select (fixture->alerts, "a2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->alerts), "alerts.acknowledge", NULL));
  wait_for_new_data (fixture, data);
  item = find_item (fixture, "a2");
  g_assert_nonnull (item);
  g_assert_cmpint (fd_alert_item_get_status (item), ==, FD_ALERT_ACKNOWLEDGED);
}

/* The labels of the toasts shown in @overlay. */
static GPtrArray *
toast_titles (GtkWidget *overlay)
{
  GPtrArray *titles = g_ptr_array_new ();
  g_autoptr(GPtrArray) toasts = g_ptr_array_new ();
  GType toast_type = g_type_from_name ("AdwToastWidget");

  g_assert_true (toast_type != G_TYPE_INVALID);
  collect_children_of_type (overlay, toast_type, toasts);
  for (guint i = 0; i < toasts->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      collect_children_of_type (toasts->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        g_ptr_array_add (titles, (gpointer) gtk_label_get_text (labels->pdata[j]));
    }

  return titles;
}

static void
test_source_error_keeps_data (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *prefix = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  GtkWidget *overlay;
  gboolean toasted = FALSE;

  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 0), ==, "4");
  g_assert_null (fd_window_get_error (fixture->window));

  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  fd_window_refresh (fixture->window);
  wait_for_error (fixture);

  /* The last good values stay on screen; the window reports the error,
   * the session's, naming the source. */
  g_assert_nonnull (fd_window_get_error (fixture->window));
  prefix = g_strconcat (fd_source_get_uri (fixture->source), ": ", NULL);
  g_assert_true (g_str_has_prefix (fd_window_get_error (fixture->window), prefix));
  g_assert_cmpstr (fd_window_get_error (fixture->window), ==,
                   fd_session_get_last_error (fixture->session));
  g_assert_cmpint (fd_source_status_get_state (fd_source_get_status (fixture->source)), ==,
                   FD_SOURCE_STATE_STALE);

  /* And says so in a toast. */
  overlay = find_child_of_type (GTK_WIDGET (fixture->window), ADW_TYPE_TOAST_OVERLAY);
  g_assert_nonnull (overlay);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  title = g_strdup_printf ("Could not load data: %s", fd_window_get_error (fixture->window));
  titles = toast_titles (overlay);
  for (guint i = 0; i < titles->len; i++)
    toasted |= g_strcmp0 (titles->pdata[i], title) == 0;
  g_assert_true (toasted);

  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 0), ==, "4");
  g_assert_cmpstr (fd_alerts_page_get_card_value (fixture->alerts, 1), ==, "3");
  g_assert_cmpuint (fd_canary_page_get_n_cards (fixture->canary), ==, 2);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  GtkWidget *window = fd_preferences_window_new (settings);

  g_object_ref_sink (window);
  collect_children_of_type (window, GTK_TYPE_SPIN_BUTTON, spins);
  collect_children_of_type (window, GTK_TYPE_SWITCH, switches);
  /* The canary thresholds, then the Sources page's history retention. */
  g_assert_cmpuint (spins->len, ==, 3);
  g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[2]), ==, 180);
  gtk_spin_button_set_value (spins->pdata[2], 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "history-retention-days"), ==, 30);
  /* auto-refresh, the three notification switches, then the Sources page's
   * "show the simulator instead" (no source yet, so no source switches) */
  g_assert_cmpuint (switches->len, ==, 5);
  g_assert_false (gtk_switch_get_active (switches->pdata[4]));
  gtk_switch_set_active (switches->pdata[4], TRUE);
  g_assert_true (g_settings_get_boolean (settings, "show-simulator"));

  g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[0]), ==, 95);
  g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[1]), ==, 75);
  g_settings_set_double (settings, "canary-pass-threshold", 90);
  g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[0]), ==, 90);
  gtk_spin_button_set_value (spins->pdata[1], 60);
  g_assert_cmpfloat (g_settings_get_double (settings, "canary-marginal-threshold"), ==, 60);

  for (guint i = 1; i < 4; i++)
    g_assert_true (gtk_switch_get_active (switches->pdata[i]));
  gtk_switch_set_active (switches->pdata[1], FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-critical-alerts"));
  gtk_switch_set_active (switches->pdata[2], FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-failed-deployments"));
  g_settings_set_boolean (settings, "notify-canary-failures", FALSE);
  g_assert_false (gtk_switch_get_active (switches->pdata[3]));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  char *data_home;
  int ret;

  /* The action store lives in the user data folder: point it at a folder
   * of our own before anything reads it. (G_TEST_OPTION_ISOLATE_DIRS would
   * also empty XDG_DATA_DIRS, where the MIME database that loads the icons
   * lives, and gtk_test_init() ignores its options anyway.) */
  data_home = g_dir_make_tmp ("flightdeck-ops-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = fd_application_new ("io.github.flightdeck.Flightdeck.TestOps", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/flightdeck/ui-ops/alerts-kpis", Fixture, NULL,
              fixture_set_up, test_alerts_kpis, fixture_tear_down);
  g_test_add ("/flightdeck/ui-ops/mtta-sparkline", Fixture, NULL,
              fixture_set_up, test_mtta_sparkline, fixture_tear_down);
  g_test_add ("/flightdeck/ui-ops/acknowledge-persists", Fixture, NULL,
              fixture_set_up, test_acknowledge_persists, fixture_tear_down);
  g_test_add ("/flightdeck/ui-ops/silence", Fixture, NULL,
              fixture_set_up, test_silence, fixture_tear_down);
  g_test_add_func ("/flightdeck/ui-ops/notifier", test_notifier);
  g_test_add ("/flightdeck/ui-ops/canary-verdicts", Fixture, NULL,
              fixture_set_up, test_canary_verdicts, fixture_tear_down);
  g_test_add_func ("/flightdeck/ui-ops/canary-promote-sim", test_canary_promote_sim);
  g_test_add ("/flightdeck/ui-ops/corrupt-store", Fixture, NULL,
              fixture_set_up, test_corrupt_store, fixture_tear_down);
  g_test_add ("/flightdeck/ui-ops/source-error-keeps-data", Fixture, NULL,
              fixture_set_up, test_source_error_keeps_data, fixture_tear_down);
  g_test_add_func ("/flightdeck/ui-ops/preferences", test_preferences);

  ret = g_test_run ();
  g_object_unref (app);
  remove_store (data_home);
  g_rmdir (data_home);
  g_free (data_home);
  return ret;
}
