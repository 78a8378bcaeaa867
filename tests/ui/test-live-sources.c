/* test-live-sources.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-live-sources"

#include "config.h"

#include "fd-application.h"
#include "fd-source-editor.h"
#include "fd-source-settings.h"
#include "fd-test-server.h"
#include "fd-window.h"
#include "../lsan-quarks.h"

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

  return data != NULL && fd_snapshot_lookup (data->snapshot, "github:octo/shop:run:30433642") != FD_STR_NONE &&
         fd_snapshot_lookup (data->snapshot, "alertmanager:eu:ab12:2026-11-20T10:00:00Z") != FD_STR_NONE;
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_data_provider_apply_finish (FD_DATA_PROVIDER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
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
  gboolean done = FALSE;
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
  fd_data_provider_apply_async (fd_window_get_provider (window), ack, NULL, applied_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = fd_application_new ("io.github.flightdeck.Flightdeck.LiveTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/flightdeck/live-sources/from-preferences", test_live_sources_from_preferences);
  g_test_add_func ("/flightdeck/live-sources/test-connection", test_live_sources_test_connection);

  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
