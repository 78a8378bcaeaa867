/* test-live-sources.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-live-sources"

#include "config.h"

#include "fd-alerts-page.h"
#include "fd-application.h"
#include "fd-silence-dialog.h"
#include "fd-silence-matcher-row.h"
#include "fd-source-editor.h"
#include "fd-source-settings.h"
#include "fd-test-server.h"
#include "fd-window.h"
#include "../lsan-quarks.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* A user adds a GitHub and an Alertmanager source through the preferences'
 * editor, against local servers in the APIs' shapes, and the window shows
 * their runs and alerts; acknowledging an alert posts the silence. */

static FdApplication *app;
static GMutex lock;
static char *posted;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *body = NULL;

  if (g_str_equal (path, "/repos/octo/shop/actions/runs"))
    body = fd_test_server_load_data ("github-runs-page1.json");
  else if (g_str_has_prefix (path, "/repos/octo/shop/actions/runs/"))
    body = fd_test_server_load_data ("github-jobs.json");
  else if (g_str_equal (path, "/repos/octo/shop/deployments"))
    body = g_strdup ("[]");
  else if (g_str_equal (path, "/api/v2/alerts"))
    body = g_strdup ("[{\"annotations\":{\"summary\":\"5xx\"},\"endsAt\":\"2100-01-01T00:00:00Z\","
                     "\"fingerprint\":\"ab12\",\"startsAt\":\"2026-11-20T10:00:00Z\","
                     "\"updatedAt\":\"2026-11-20T10:00:00Z\",\"status\":{\"inhibitedBy\":[],"
                     "\"silencedBy\":[],\"state\":\"active\"},\"labels\":{\"alertname\":\"HighErrorRate\","
                     "\"severity\":\"critical\",\"service\":\"checkout\"}}]");
  else if (g_str_equal (path, "/api/v2/silences") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);

      g_mutex_lock (&lock);
      g_free (posted);
      posted = g_strndup (request->data, request->length);
      g_mutex_unlock (&lock);
      body = g_strdup ("{\"silenceID\":\"5e5e5e5e-0000-4000-8000-000000000005\"}");
    }
  else if (g_str_equal (path, "/api/v2/silences"))
    {
      /* Once posted, Alertmanager lists the silence. */
      g_mutex_lock (&lock);
      body = g_strdup (posted == NULL ? "[]"
                       : "[{\"id\":\"5e5e5e5e-0000-4000-8000-000000000005\",\"status\":{\"state\":\"active\"},"
                         "\"comment\":\"Acknowledged in Flightdeck\",\"createdBy\":\"ana\","
                         "\"startsAt\":\"2026-11-20T10:01:00Z\",\"endsAt\":\"2100-01-01T00:00:00Z\","
                         "\"matchers\":[{\"name\":\"alertname\",\"value\":\"HighErrorRate\","
                         "\"isRegex\":false,\"isEqual\":true}]}]");
      g_mutex_unlock (&lock);
    }
  else if (g_str_equal (path, "/api/v2/status"))
    body = g_strdup ("{\"cluster\":{\"status\":\"ready\"}}");

  if (body != NULL)
    fd_test_server_reply (msg, 200, NULL, body);
  else
    fd_test_server_reply (msg, 404, NULL, "{\"message\":\"Not Found\"}");
}

static GtkWidget *
find_by_title (GtkWidget  *root,
               GType       type,
               const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_title (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
add_source (GSettings  *settings,
            guint       kind_index,
            const char *locator,
            const char *base_url)
{
  GtkWidget *editor = fd_source_editor_new (settings, NULL);
  GtkWidget *kind, *locator_row, *base_row;

  gtk_window_present (GTK_WINDOW (editor));
  kind = find_by_title (editor, ADW_TYPE_COMBO_ROW, "Kind");
  g_assert_nonnull (kind);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), kind_index);

  /* The rows are titled for the kind chosen. */
  locator_row = find_by_title (editor, ADW_TYPE_ENTRY_ROW,
                               kind_index == 0 ? "Repository (owner/name)" : "Cluster name (optional)");
  base_row = find_by_title (editor, ADW_TYPE_ENTRY_ROW,
                            kind_index == 0 ? "API address (empty: api.github.com)"
                                            : "Alertmanager address, e.g. https://alertmanager.example.com");
  g_assert_nonnull (locator_row);
  g_assert_nonnull (base_row);
  gtk_editable_set_text (GTK_EDITABLE (locator_row), locator);
  gtk_editable_set_text (GTK_EDITABLE (base_row), base_url);

  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
}

static void
wait_for (gboolean (*done) (FdWindow *window),
          FdWindow  *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
shows_live_runs (FdWindow *window)
{
  FdPageData *data = fd_window_get_page_data (window);

  const FdPipelineRun *runs;
  const FdAlert *alerts;
  gboolean run = FALSE, alert = FALSE;
  gsize n;

  /* The records, not the string table: the store's snapshots share their
   * strings, so a string can outlive the records that used it. */
  if (data == NULL)
    return FALSE;
  runs = fd_snapshot_get_runs (data->snapshot, &n);
  for (gsize i = 0; i < n && !run; i++)
    run = g_strcmp0 (fd_snapshot_str (data->snapshot, runs[i].id), "github:octo/shop:run:30433642") == 0;
  alerts = fd_snapshot_get_alerts (data->snapshot, &n);
  for (gsize i = 0; i < n && !alert; i++)
    alert = g_strcmp0 (fd_snapshot_str (data->snapshot, alerts[i].id),
                       "alertmanager:eu:ab12:2026-11-20T10:00:00Z") == 0;

  return run && alert;
}

static void
test_live_sources_from_preferences (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(FdAction) ack = NULL;
  FdWindow *window;
  FdPageData *data;
  gsize n;

  fd_test_server_add_handler (server, NULL, handler, server);
  g_settings_reset (settings, "sources");
  g_settings_set_string (settings, "user-name", "ana");

  g_application_activate (G_APPLICATION (app));
  window = FD_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);

  add_source (settings, 0, "octo/shop", fd_test_server_get_url (server));
  add_source (settings, 3, "eu", fd_test_server_get_url (server));

  configs = fd_source_settings_load (settings, NULL);
  g_assert_cmpuint (configs->len, ==, 2);
  g_assert_cmpstr (((FdSourceConfig *) g_ptr_array_index (configs, 0))->uri, ==, "github:octo/shop");
  g_assert_cmpstr (((FdSourceConfig *) g_ptr_array_index (configs, 1))->uri, ==, "alertmanager:eu");

  /* The window leaves the simulator for the two sources and shows their records. */
  wait_for (shows_live_runs, window);
  data = fd_window_get_page_data (window);
  fd_snapshot_get_runs (data->snapshot, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (data->current->runs_total + data->previous->runs_total, <=, 2);

  /* Acknowledge goes to Alertmanager as a silence on every label. */
  ack = fd_action_new (FD_ACTION_ACKNOWLEDGE, "alertmanager:eu:ab12:2026-11-20T10:00:00Z",
                       g_get_real_time (), FD_TIME_NONE);
  /* The way the pages send it: the window's win.apply. */
  {
    g_autoptr(GVariant) parameter = g_variant_ref_sink (fd_action_to_variant (ack));

    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.apply", parameter));
  }
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (posted == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  g_assert_nonnull (posted);
  g_assert_nonnull (strstr (posted, "{\"name\":\"alertname\",\"value\":\"HighErrorRate\",\"isRegex\":false,\"isEqual\":true}"));
  g_assert_nonnull (strstr (posted, "\"comment\":\"Acknowledged in Flightdeck\""));
  /* The author is the name from the preferences. */
  g_assert_nonnull (strstr (posted, "\"createdBy\":\"ana\""));

  /* The silence shows on the Alerts page, beside the alerts, after the next poll. */
  fd_window_refresh (window);
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (find_by_title (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "alertname=HighErrorRate") == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }

  /* "Show the simulator instead" is one switch away, and back. */
  g_settings_set_boolean (settings, "show-simulator", TRUE);
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (shows_live_runs (window))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  g_settings_set_boolean (settings, "show-simulator", FALSE);
  wait_for (shows_live_runs, window);

  /* Switching every source off brings the simulator back. */
  g_settings_reset (settings, "sources");
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (shows_live_runs (window))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_settings_reset (settings, "user-name");
  g_clear_pointer (&posted, g_free);
}

static void
test_live_sources_test_connection (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *editor, *locator_row, *base_row, *test_row;
  const struct { const char *repo; const char *expect; } cases[] = {
    { "octo/shop", "Connected: 2 records" },
    { "octo/gone", "Failed: not found (HTTP 404)" },
  };

  fd_test_server_add_handler (server, NULL, handler, server);
  g_settings_reset (settings, "sources");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      editor = fd_source_editor_new (settings, NULL);
      gtk_window_present (GTK_WINDOW (editor));
      locator_row = find_by_title (editor, ADW_TYPE_ENTRY_ROW, "Repository (owner/name)");
      base_row = find_by_title (editor, ADW_TYPE_ENTRY_ROW, "API address (empty: api.github.com)");
      test_row = find_by_title (editor, ADW_TYPE_ACTION_ROW, "Test connection");
      g_assert_nonnull (test_row);
      gtk_editable_set_text (GTK_EDITABLE (locator_row), cases[i].repo);
      gtk_editable_set_text (GTK_EDITABLE (base_row), fd_test_server_get_url (server));

      g_assert_true (gtk_widget_activate_action (editor, "editor.test", NULL));
      while (!g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)), "Connected") &&
             !g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)), "Failed"))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
      g_test_message ("%s: %s", cases[i].repo, adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)));
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)),
                                       cases[i].expect));
      /* Testing saves nothing. */
      {
        g_autoptr(GVariant) saved = g_settings_get_value (settings, "sources");

        g_assert_cmpuint (g_variant_n_children (saved), ==, 0);
      }
      gtk_window_destroy (GTK_WINDOW (editor));
    }
}

/* Acknowledge and Silence… from the Alerts page {{{ */

/* An Alertmanager that keeps what it is sent: a posted silence is listed
 * back with an id and suppresses the alert, as the real one does. */
typedef struct
{
  GMutex     lock;
  char      *starts_at;   /* the alert's startsAt */
  GPtrArray *posted;      /* the request bodies of POST /api/v2/silences */
} Alertmanager;

#define SILENCE_ID_FORMAT "5e5e5e5e-0000-4000-8000-%012u"

static char *
alertmanager_alerts (Alertmanager *am)
{
  g_autoptr(GString) silenced_by = g_string_new ("");

  for (guint i = 0; i < am->posted->len; i++)
    g_string_append_printf (silenced_by, "%s\"" SILENCE_ID_FORMAT "\"", i ? "," : "", i + 1);

  return g_strdup_printf ("[{\"annotations\":{\"summary\":\"5xx above 2%%\"},"
                          "\"endsAt\":\"2100-01-01T00:00:00.000Z\",\"fingerprint\":\"cd34\","
                          "\"startsAt\":\"%s\",\"updatedAt\":\"%s\","
                          "\"status\":{\"inhibitedBy\":[],\"silencedBy\":[%s],\"state\":\"%s\"},"
                          "\"labels\":{\"alertname\":\"HighErrorRate\",\"env\":\"prod\","
                          "\"service\":\"checkout\",\"severity\":\"critical\"}}]",
                          am->starts_at, am->starts_at, silenced_by->str,
                          am->posted->len > 0 ? "suppressed" : "active");
}

/* Every posted silence as a gettableSilence: what was posted, with an id. */
static char *
alertmanager_silences (Alertmanager *am)
{
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < am->posted->len; i++)
    {
      g_autoptr(JsonNode) silence = json_from_string (g_ptr_array_index (am->posted, i), NULL);
      JsonObject *object = json_node_get_object (silence);
      JsonObject *status = json_object_new ();
      g_autofree char *id = g_strdup_printf (SILENCE_ID_FORMAT, i + 1);

      json_object_set_string_member (object, "id", id);
      json_object_set_string_member (status, "state", "active");
      json_object_set_object_member (object, "status", status);
      json_array_add_element (list, g_steal_pointer (&silence));
    }
  json_node_set_array (root, list);

  return json_to_string (root, FALSE);
}

static void
alertmanager_handler (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  Alertmanager *am = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *body = NULL;

  g_mutex_lock (&am->lock);
  if (g_str_equal (path, "/api/v2/alerts"))
    body = alertmanager_alerts (am);
  else if (g_str_equal (path, "/api/v2/silences") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (msg);

      g_ptr_array_add (am->posted, g_strndup (request->data, request->length));
      body = g_strdup_printf ("{\"silenceID\":\"" SILENCE_ID_FORMAT "\"}", am->posted->len);
    }
  else if (g_str_equal (path, "/api/v2/silences"))
    body = alertmanager_silences (am);
  else if (g_str_equal (path, "/api/v2/status"))
    body = g_strdup ("{\"cluster\":{\"status\":\"ready\"}}");
  g_mutex_unlock (&am->lock);

  if (body != NULL)
    fd_test_server_reply (msg, 200, NULL, body);
  else
    fd_test_server_reply (msg, 404, NULL, "{\"message\":\"Not Found\"}");
}

/* The request body of the @index-th POST, once it arrived. */
static JsonObject *
wait_for_post (Alertmanager  *am,
               guint          index,
               JsonNode     **out_root)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (;;)
    {
      g_mutex_lock (&am->lock);
      if (am->posted->len > index)
        text = g_strdup (g_ptr_array_index (am->posted, index));
      g_mutex_unlock (&am->lock);
      if (text != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_test_message ("POST /api/v2/silences %s", text);
  *out_root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*out_root));
  return json_node_get_object (*out_root);
}

typedef struct
{
  const char *name;
  const char *value;
  gboolean    regex;
  gboolean    equal;
} ExpectedMatcher;

static void
assert_matchers (JsonObject            *body,
                 const ExpectedMatcher *expected,
                 guint                  n_expected)
{
  JsonArray *matchers = json_object_get_array_member (body, "matchers");

  g_assert_cmpuint (json_array_get_length (matchers), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      JsonObject *matcher = json_array_get_object_element (matchers, i);

      g_assert_cmpuint (json_object_get_size (matcher), ==, 4);
      g_assert_cmpstr (json_object_get_string_member (matcher, "name"), ==, expected[i].name);
      g_assert_cmpstr (json_object_get_string_member (matcher, "value"), ==, expected[i].value);
      g_assert_true (json_object_get_boolean_member (matcher, "isRegex") == expected[i].regex);
      g_assert_true (json_object_get_boolean_member (matcher, "isEqual") == expected[i].equal);
    }
}

/* The body's endsAt - startsAt in seconds; startsAt lies in [before, now]. */
static gint64
assert_times (JsonObject *body,
              gint64      before)
{
  g_autoptr(GDateTime) starts = g_date_time_new_from_iso8601 (json_object_get_string_member (body, "startsAt"), NULL);
  g_autoptr(GDateTime) ends = g_date_time_new_from_iso8601 (json_object_get_string_member (body, "endsAt"), NULL);

  g_assert_nonnull (starts);
  g_assert_nonnull (ends);
  /* Whole milliseconds on the wire. */
  g_assert_cmpint (g_date_time_to_unix (starts), >=, before / G_USEC_PER_SEC);
  g_assert_cmpint (g_date_time_to_unix (starts), <=, g_get_real_time () / G_USEC_PER_SEC);
  return g_date_time_difference (ends, starts) / G_USEC_PER_SEC;
}

static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action_name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action_name) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

static FdAlertItem *
find_alert_item (FdAlertsPage *page,
                 const char   *id)
{
  GListModel *model = fd_alerts_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FdAlertItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (fd_alert_item_get_id (item), id) == 0)
        return g_steal_pointer (&item);
    }

  return NULL;
}

/* Runs the main loop until the page lists the alert with @status and a
 * silence row titled @matchers. */
static void
wait_for_silence (FdAlertsPage  *page,
                  const char    *alert_id,
                  FdAlertStatus  status,
                  const char    *matchers)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(FdAlertItem) item = find_alert_item (page, alert_id);

      if (item != NULL && fd_alert_item_get_status (item) == status &&
          (matchers == NULL || find_by_title (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, matchers) != NULL))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static FdSilenceDialog *
find_silence_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (FD_IS_SILENCE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return FD_SILENCE_DIALOG (window);
    }

  return NULL;
}

static void
test_live_sources_acknowledge_and_silence (void)
{
  const ExpectedMatcher every_label[] = {
    { "alertname", "HighErrorRate", FALSE, TRUE },
    { "env", "prod", FALSE, TRUE },
    { "service", "checkout", FALSE, TRUE },
    { "severity", "critical", FALSE, TRUE },
  }, edited[] = {
    { "alertname", "HighErrorRate", FALSE, TRUE },
    { "env", "prod", FALSE, TRUE },
    { "service", "check.*", TRUE, TRUE },
    { "severity", "critical", FALSE, TRUE },
  };
  Alertmanager am = { .posted = g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) started = g_date_time_add_minutes (now, -10);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *alert_id = NULL;
  FdSilenceDialog *dialog;
  FdAlertsPage *page;
  FdWindow *window;
  JsonObject *body;
  GtkWidget *button;
  gint64 before, deadline;

  g_mutex_init (&am.lock);
  am.starts_at = g_date_time_format (started, "%Y-%m-%dT%H:%M:%S.000Z");
  alert_id = g_strdup_printf ("alertmanager:eu:cd34:%s", am.starts_at);
  fd_test_server_add_handler (server, NULL, alertmanager_handler, &am);
  g_settings_reset (settings, "sources");
  g_settings_set_string (settings, "user-name", "ana");

  g_application_activate (G_APPLICATION (app));
  window = FD_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  add_source (settings, 3, "eu", fd_test_server_get_url (server));

  collect_widgets (GTK_WIDGET (window), FD_TYPE_ALERTS_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  page = g_ptr_array_index (pages, 0);
  wait_for_silence (page, alert_id, FD_ALERT_FIRING, NULL);

  /* Acknowledge, as the user clicks it: a silence on every label of the alert. */
  g_assert_true (fd_alerts_page_select (page, alert_id));
  button = find_action_button (GTK_WIDGET (page), "alerts.acknowledge");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  before = g_get_real_time ();
  g_signal_emit_by_name (button, "clicked");

  body = wait_for_post (&am, 0, &first);
  assert_matchers (body, every_label, G_N_ELEMENTS (every_label));
  g_assert_cmpstr (json_object_get_string_member (body, "createdBy"), ==, "ana");
  g_assert_cmpstr (json_object_get_string_member (body, "comment"), ==, "Acknowledged in Flightdeck");
  g_assert_cmpint (assert_times (body, before), ==, 60 * 60);
  g_assert_cmpuint (json_object_get_size (body), ==, 5);

  /* After the next poll Alertmanager lists the silence and suppresses the alert. */
  wait_for_silence (page, alert_id, FD_ALERT_ACKNOWLEDGED,
                    "alertname=HighErrorRate, env=prod, service=checkout, severity=critical");

  /* Silence…: four hours, a comment, and service=~check.* instead of service=checkout. */
  g_assert_true (fd_alerts_page_select (page, alert_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "alerts.silence-dialog", NULL));
  dialog = find_silence_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (rows->len < 4)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      g_ptr_array_set_size (rows, 0);
      collect_widgets (GTK_WIDGET (dialog), FD_TYPE_SILENCE_MATCHER_ROW, rows);
    }
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (fd_silence_matcher_row_get_name (g_ptr_array_index (rows, 2)), ==, "service");
  fd_silence_matcher_row_set_operator (g_ptr_array_index (rows, 2), FD_MATCHER_REGEX);
  fd_silence_matcher_row_set_value (g_ptr_array_index (rows, 2), "check.*");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_by_title (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW,
                                                            "Duration")), 2);
  gtk_editable_set_text (GTK_EDITABLE (find_by_title (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                      "Comment (why the alert is silenced)")),
                         "deploy window");
  g_assert_null (fd_silence_dialog_get_problem (dialog));
  button = find_action_button (GTK_WIDGET (dialog), "silence.confirm");
  g_assert_true (gtk_widget_is_sensitive (button));
  before = g_get_real_time ();
  g_signal_emit_by_name (button, "clicked");
  g_assert_null (find_silence_dialog ());

  body = wait_for_post (&am, 1, &second);
  assert_matchers (body, edited, G_N_ELEMENTS (edited));
  g_assert_cmpstr (json_object_get_string_member (body, "createdBy"), ==, "ana");
  g_assert_cmpstr (json_object_get_string_member (body, "comment"), ==, "deploy window");
  /* endsAt is four hours after Silence was pressed; startsAt is when it was sent. */
  g_assert_cmpint (ABS (assert_times (body, before) - 4 * 60 * 60), <=, 5);

  wait_for_silence (page, alert_id, FD_ALERT_ACKNOWLEDGED,
                    "alertname=HighErrorRate, env=prod, service=~check.*, severity=critical");
  g_assert_nonnull (find_by_title (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW,
                                   "alertname=HighErrorRate, env=prod, service=checkout, severity=critical"));

  /* Back to the simulator before the server goes. */
  g_settings_reset (settings, "sources");
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(FdAlertItem) item = find_alert_item (page, alert_id);

      if (item == NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_settings_reset (settings, "user-name");
  g_clear_pointer (&am.posted, g_ptr_array_unref);
  g_clear_pointer (&am.starts_at, g_free);
  g_mutex_clear (&am.lock);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  const char *notify_keys[] = {
    "notify-critical-alerts", "notify-failed-deployments", "notify-canary-failures",
  };
  int ret;

  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The live alerts and the simulator's incidents would notify, and with no
   * notification server on the test's session bus the failed call is a
   * warning, fatal here, whenever its reply comes before the test ends. */
  settings = g_settings_new (APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (notify_keys); i++)
    g_settings_set_boolean (settings, notify_keys[i], FALSE);

  app = fd_application_new ("io.github.flightdeck.Flightdeck.LiveTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/flightdeck/live-sources/from-preferences", test_live_sources_from_preferences);
  g_test_add_func ("/flightdeck/live-sources/test-connection", test_live_sources_test_connection);
  g_test_add_func ("/flightdeck/live-sources/acknowledge-and-silence",
                   test_live_sources_acknowledge_and_silence);

  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
