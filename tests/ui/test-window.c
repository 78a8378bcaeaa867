/* test-window.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include "fd-application.h"
#include "fd-preferences-window.h"
#include "fd-clock.h"
#include "fd-sim-source.h"
#include "fd-window.h"
#include "../lsan-quarks.h"

static FdApplication *app;

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

/* The stack of the four pages (menus hold stacks of their own). */
static GtkStack *
find_page_stack (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), "pipelines") != NULL)
    return GTK_STACK (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_page_stack (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
iterate_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
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

static FdWindow *
new_window (GSettings *settings)
{
  FdWindow *window = fd_window_new (GTK_APPLICATION (app), settings);

  gtk_window_present (GTK_WINDOW (window));
  iterate_pending ();

  return window;
}

static void
destroy_window (FdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_pending ();
}

/* The sidebar: the pages hold list boxes of their own. */
static GtkWidget *
find_sidebar (GtkWidget *root)
{
  if (GTK_IS_LIST_BOX (root) && gtk_widget_has_css_class (root, "navigation-sidebar"))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sidebar (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_window_pages (void)
{
  static const char * const titles[] = { "Pipelines", "Deployments", "Alerts", "Canary" };
  g_autoptr(GSettings) settings = new_clean_settings ();
  FdWindow *window = new_window (settings);
  GtkWidget *list = find_sidebar (GTK_WIDGET (window));
  GtkStack *stack = find_page_stack (GTK_WIDGET (window));
  GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (stack));
  guint n_rows = 0;

  g_assert_nonnull (list);
  g_assert_true (gtk_widget_has_css_class (list, "navigation-sidebar"));

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = find_child_of_type (row, GTK_TYPE_LABEL);
      GtkWidget *image = find_child_of_type (row, GTK_TYPE_IMAGE);
      g_assert_cmpuint (n_rows, <, 4);
      g_assert_cmpstr (gtk_widget_get_name (row), ==, fd_window_page_names[n_rows]);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, titles[n_rows]);
      g_assert_nonnull (image);
      g_assert_nonnull (gtk_image_get_icon_name (GTK_IMAGE (image)));
      /* The stack's pages, in the same order. */
      g_assert_nonnull (page);
      g_assert_cmpstr (gtk_widget_get_name (page), ==, fd_window_page_names[n_rows]);
      g_assert_true (gtk_stack_get_child_by_name (stack, fd_window_page_names[n_rows]) == page);
      page = gtk_widget_get_next_sibling (page);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 4);
  g_assert_null (page);
  g_assert_cmpstr (fd_window_get_page (window), ==, "pipelines");

  destroy_window (window);
}

static void
test_window_show_page_action (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  FdWindow *window = new_window (settings);
  GtkStack *stack = find_page_stack (GTK_WIDGET (window));
  GtkListBox *list = GTK_LIST_BOX (find_sidebar (GTK_WIDGET (window)));

  for (int i = FD_WINDOW_N_PAGES - 1; i >= 0; i--)
    {
      g_autofree char *last_page = NULL;
      const char *name = fd_window_page_names[i];

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
      g_assert_cmpstr (fd_window_get_page (window), ==, name);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, name);
      g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, i);
      last_page = g_settings_get_string (settings, "last-page");
      g_assert_cmpstr (last_page, ==, name);
    }

  destroy_window (window);
}

/* The sidebar is in browse mode: a selection made without activating a
 * row (the arrow keys, or a screen reader's AT-SPI Selection, which calls
 * gtk_list_box_select_row()) must switch the page too, so the highlighted
 * row and the page shown are one state. */
static void
test_window_sidebar_selection (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  FdWindow *window = new_window (settings);
  GtkStack *stack = find_page_stack (GTK_WIDGET (window));
  GtkListBox *list = GTK_LIST_BOX (find_sidebar (GTK_WIDGET (window)));
  gboolean handled = FALSE;

  g_assert_cmpint (gtk_list_box_get_selection_mode (list), ==, GTK_SELECTION_BROWSE);

  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpstr (fd_window_get_page (window), ==, "alerts");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "alerts");

  /* Down arrow: the list's move-cursor keybinding, which selects in browse mode. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 2)));
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE, &handled);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 3);
  g_assert_cmpstr (fd_window_get_page (window), ==, "canary");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "canary");

  /* Up twice. */
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE, &handled);
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE, &handled);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 1);
  g_assert_cmpstr (fd_window_get_page (window), ==, "deployments");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "deployments");

  /* And the other way round: the page chosen elsewhere moves the highlight. */
  fd_window_set_page (window, "pipelines");
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 0);

  destroy_window (window);
}

static GtkShortcut *
find_shortcut (GtkWidget *widget,
               guint      keyval,
               GdkModifierType modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            return g_steal_pointer (&shortcut);
        }
    }

  return NULL;
}

static void
test_window_alt_shortcuts (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  FdWindow *window = new_window (settings);
  GtkStack *stack = find_page_stack (GTK_WIDGET (window));

  for (int i = FD_WINDOW_N_PAGES - 1; i >= 0; i--)
    {
      g_autoptr(GtkShortcut) shortcut = find_shortcut (GTK_WIDGET (window), GDK_KEY_1 + i,
                                                       GDK_ALT_MASK);
      g_autofree char *last_page = NULL;

      g_assert_nonnull (shortcut);
      g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                   GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                   GTK_WIDGET (window),
                                                   gtk_shortcut_get_arguments (shortcut)));
      g_assert_cmpstr (fd_window_get_page (window), ==, fd_window_page_names[i]);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, fd_window_page_names[i]);
      last_page = g_settings_get_string (settings, "last-page");
      g_assert_cmpstr (last_page, ==, fd_window_page_names[i]);
    }

  destroy_window (window);
}

static void
test_window_filters (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  FdWindow *window = new_window (settings);
  g_autofree char *environment = NULL;
  g_autofree char *time_range = NULL;

  g_assert_cmpstr (fd_window_get_environment (window), ==, "");
  g_assert_cmpstr (fd_window_get_time_range (window), ==, "7d");
  g_assert_cmpint (fd_session_get_time_range_span (fd_window_get_session (window)), ==,
                   G_GINT64_CONSTANT (7) * 86400 * G_USEC_PER_SEC);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.environment", "s", "staging"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.time-range", "s", "30d"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-interval", "u", 60));

  environment = g_settings_get_string (settings, "environment");
  time_range = g_settings_get_string (settings, "time-range");
  g_assert_cmpstr (environment, ==, "staging");
  g_assert_cmpstr (time_range, ==, "30d");
  g_assert_cmpuint (g_settings_get_uint (settings, "refresh-interval"), ==, 60);
  /* The session runs the query of the window's filters. */
  g_assert_cmpstr (fd_session_get_environment (fd_window_get_session (window)), ==, "staging");
  g_assert_cmpint (fd_session_get_time_range_span (fd_window_get_session (window)), ==,
                   G_GINT64_CONSTANT (30) * 86400 * G_USEC_PER_SEC);

  /* As if `gsettings set` ran while the window is open. */
  g_settings_set_string (settings, "time-range", "1h");
  g_settings_set_string (settings, "environment", "");
  g_settings_set_string (settings, "last-page", "canary");
  g_settings_set_uint (settings, "refresh-interval", 5);
  iterate_pending ();
  g_assert_cmpstr (fd_window_get_time_range (window), ==, "1h");
  g_assert_cmpstr (fd_window_get_environment (window), ==, "");
  g_assert_cmpstr (fd_window_get_page (window), ==, "canary");
  g_assert_cmpuint (fd_window_get_refresh_interval (window), ==, 5);

  destroy_window (window);
}

static void
count_menu_changes_cb (guint *changes)
{
  (*changes)++;
}

/* A session over the simulator with @environments, on a fake clock. */
static FdSession *
new_sim_session (FdClock            *clock,
                 const char * const *environments)
{
  FdSession *session = fd_session_new (clock);
  g_autoptr(FdSimSource) simulator = NULL;
  FdSimParams params;

  fd_sim_params_init (&params);
  params.seed = 7;
  params.history_days = 3;
  params.environments = environments;
  simulator = fd_sim_source_new_with_params (&params);
  fd_session_add_source (session, FD_SOURCE (simulator));

  return session;
}

static void
wait_for_page_data (FdWindow   *window,
                    FdPageData *before)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while ((fd_window_get_page_data (window) == before || fd_window_get_query_pending (window)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fd_window_get_page_data (window) != before);
}

static void
test_window_environments (void)
{
  static const char * const environments[] = { "eu-prod", "us-prod", NULL };
  GMenuModel *menu;
  guint changes = 0;
  g_autoptr(GSettings) settings = new_clean_settings ();
  g_autoptr(FdClock) clock = fd_clock_new_fake (G_GINT64_CONSTANT (1795176000000000));
  g_autoptr(FdSession) session = NULL;
  FdWindow *window = new_window (settings);
  const char * const *list = fd_window_get_environments (window);
  FdPageData *data;

  /* Before there is data: a default list. */
  g_assert_cmpuint (g_strv_length ((char **) list), ==, 3);
  g_assert_cmpstr (list[0], ==, "development");
  g_assert_cmpstr (list[2], ==, "production");

  /* The data's own environments, from the session. */
  session = new_sim_session (clock, environments);
  fd_window_set_session (window, session);
  g_assert_true (fd_window_get_session (window) == session);
  wait_for_page_data (window, NULL);
  list = fd_window_get_environments (window);
  g_assert_cmpuint (g_strv_length ((char **) list), ==, 2);
  g_assert_cmpstr (list[0], ==, "eu-prod");
  g_assert_cmpstr (list[1], ==, "us-prod");

  /* "All environments" and the two; each refresh reports the same list
   * again, which leaves the menu alone. */
  menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window), FD_TYPE_WINDOW,
                                                      "environment_section"));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);
  g_signal_connect_swapped (menu, "items-changed", G_CALLBACK (count_menu_changes_cb), &changes);
  data = fd_window_get_page_data (window);
  fd_clock_advance (clock, 60 * G_USEC_PER_SEC);
  fd_window_refresh (window);
  wait_for_page_data (window, data);
  g_assert_cmpuint (changes, ==, 0);
  g_signal_handlers_disconnect_by_func (menu, count_menu_changes_cb, &changes);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.environment", "s", "us-prod"));
  g_assert_cmpstr (fd_window_get_environment (window), ==, "us-prod");
  g_assert_cmpstr (fd_session_get_environment (session), ==, "us-prod");
  data = fd_window_get_page_data (window);
  wait_for_page_data (window, data);
  g_assert_cmpstr (fd_window_get_page_data (window)->environment, ==, "us-prod");

  destroy_window (window);
}

static void
count_cb (FdWindow *window,
          guint    *count)
{
  (*count)++;
}

static gboolean
guard_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_window_auto_refresh (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  g_autoptr(FdClock) clock = fd_clock_new_fake (G_GINT64_CONSTANT (1795176000000000));
  g_autoptr(FdSession) session = new_sim_session (clock, NULL);
  FdWindow *window = new_window (settings);
  GListModel *sources = fd_session_get_sources (session);
  g_autoptr(FdSource) simulator = g_list_model_get_item (sources, 0);
  FdSourceStatus *status = fd_source_get_status (simulator);
  FdPageData *data;

  fd_window_set_session (window, session);
  wait_for_page_data (window, NULL);
  g_assert_false (fd_window_get_auto_refresh (window));
  g_assert_false (fd_session_get_auto_refresh (session));
  g_assert_cmpint (fd_source_status_get_next_fetch (status), ==, FD_TIME_NONE);
  g_assert_nonnull (fd_window_get_last_refresh (window));

  /* On: the simulator is fetched every refresh-interval seconds. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-interval", "u", 15));
  g_assert_cmpuint (fd_session_get_source_interval (session, simulator), ==, 15);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.auto-refresh", NULL));
  g_assert_true (fd_window_get_auto_refresh (window));
  g_assert_true (fd_session_get_auto_refresh (session));
  g_assert_true (g_settings_get_boolean (settings, "auto-refresh"));
  g_assert_cmpint (fd_source_status_get_next_fetch (status), ==,
                   fd_clock_get_now (clock) + 15 * G_USEC_PER_SEC);

  data = fd_window_get_page_data (window);
  fd_clock_advance (clock, 15 * G_USEC_PER_SEC);
  wait_for_page_data (window, data);
  g_assert_cmpint (fd_window_get_page_data (window)->now, ==, fd_clock_get_now (clock));

  /* Turned off from outside: no more timer. */
  g_settings_set_boolean (settings, "auto-refresh", FALSE);
  g_assert_false (fd_window_get_auto_refresh (window));
  g_assert_false (fd_session_get_auto_refresh (session));
  g_assert_cmpint (fd_source_status_get_next_fetch (status), ==, FD_TIME_NONE);

  destroy_window (window);
}

static void
test_window_refresh_action (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  FdWindow *window = new_window (settings);
  guint count = 0;

  g_signal_connect (window, "refresh-requested", G_CALLBACK (count_cb), &count);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  /* Without focus there may be no active window; refresh it directly too. */
  if (count == 0)
    fd_window_refresh (window);
  g_assert_cmpuint (count, ==, 1);
  g_assert_nonnull (fd_window_get_last_refresh (window));

  destroy_window (window);
}

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             guint      *count)
{
  (*count)++;
}

static void
test_window_session (void)
{
  static const char * const environments[] = { "qa", "prod", NULL };
  g_autoptr(GSettings) settings = new_clean_settings ();
  g_autoptr(FdClock) clock = fd_clock_new_fake (G_GINT64_CONSTANT (1795176000000000));
  g_autoptr(FdSession) session = new_sim_session (clock, environments);
  FdWindow *window = new_window (settings);
  gboolean timed_out = FALSE;
  guint notified = 0;
  guint requested = 0;
  guint guard;

  g_signal_connect (window, "notify::last-refresh", G_CALLBACK (notified_cb), &notified);
  g_signal_connect (window, "refresh-requested", G_CALLBACK (count_cb), &requested);

  fd_window_set_session (window, session);
  fd_window_refresh (window);
  fd_window_refresh (window);
  g_assert_cmpuint (requested, ==, 2);

  guard = g_timeout_add_seconds (20, guard_cb, &timed_out);
  while ((notified == 0 || fd_window_get_query_pending (window)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&guard, g_source_remove);

  g_assert_false (timed_out);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_nonnull (fd_window_get_last_refresh (window));
  /* The pages show the session's page data. */
  g_assert_true (fd_window_get_page_data (window) == fd_session_get_page_data (session));
  g_assert_cmpint (fd_window_get_page_data (window)->now, ==, fd_clock_get_now (clock));
  g_assert_null (fd_window_get_error (window));

  destroy_window (window);
}

static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences_bindings (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  GtkWidget *preferences = fd_preferences_window_new (settings);
  AdwComboRow *time_range;
  AdwComboRow *interval;
  AdwComboRow *style;
  g_autofree char *value = NULL;

  gtk_window_present (GTK_WINDOW (preferences));
  iterate_pending ();

  time_range = find_combo_row (preferences, "Time range");
  interval = find_combo_row (preferences, "Refresh interval");
  style = find_combo_row (preferences, "Style");
  g_assert_nonnull (time_range);
  g_assert_nonnull (interval);
  g_assert_nonnull (style);

  /* Defaults: 7d is the fourth choice, 30 s the third, "default" the first. */
  g_assert_cmpuint (adw_combo_row_get_selected (time_range), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (interval), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (style), ==, 0);

  g_settings_set_string (settings, "time-range", "90d");
  g_assert_cmpuint (adw_combo_row_get_selected (time_range), ==, 5);

  adw_combo_row_set_selected (interval, 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "refresh-interval"), ==, 300);

  adw_combo_row_set_selected (style, 2);
  value = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (value, ==, "dark");

  gtk_window_destroy (GTK_WINDOW (preferences));
  iterate_pending ();
}

static void
test_application_windows (void)
{
  static const char * const actions[] = { "about", "preferences", "shortcuts" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GList *toplevels;
      guint before = g_list_model_get_n_items (gtk_window_get_toplevels ());
      guint after;

      g_action_group_activate_action (G_ACTION_GROUP (app), actions[i], NULL);
      iterate_pending ();
      after = g_list_model_get_n_items (gtk_window_get_toplevels ());
      g_assert_cmpuint (after, ==, before + 1);

      toplevels = NULL;
      for (guint j = 0; j < after; j++)
        {
          g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), j);

          if (gtk_widget_get_visible (GTK_WIDGET (window)))
            toplevels = g_list_prepend (toplevels, window);
        }
      g_assert_nonnull (toplevels);
      for (GList *l = toplevels; l != NULL; l = l->next)
        gtk_window_destroy (GTK_WINDOW (l->data));
      g_list_free (toplevels);
      iterate_pending ();
    }
}

static void
test_application_accels (void)
{
  static const struct {
    const char *action;
    const char *accel;
  } expected[] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "app.shortcuts", "<Control>question" },
    { "app.refresh", "F5" },
    { "app.refresh", "<Control>r" },
    { "app.open", "<Control>o" },
  };
  static const char * const actions[] = {
    "quit", "about", "preferences", "shortcuts", "refresh", "open",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i].action);

      g_assert_true (g_strv_contains ((const char * const *) accels, expected[i].accel));
    }

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), actions[i]));

  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);
}

static void
test_application_activate (void)
{
  GList *windows;

  g_application_activate (G_APPLICATION (app));
  iterate_pending ();
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (FD_IS_WINDOW (windows->data));

  /* A second activation presents the same window. */
  g_application_activate (G_APPLICATION (app));
  iterate_pending ();
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  destroy_window (FD_WINDOW (windows->data));
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

  app = fd_application_new ("io.github.flightdeck.Flightdeck.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/flightdeck/window/pages", test_window_pages);
  g_test_add_func ("/flightdeck/window/show-page-action", test_window_show_page_action);
  g_test_add_func ("/flightdeck/window/alt-shortcuts", test_window_alt_shortcuts);
  g_test_add_func ("/flightdeck/window/sidebar-selection", test_window_sidebar_selection);
  g_test_add_func ("/flightdeck/window/filters", test_window_filters);
  g_test_add_func ("/flightdeck/window/environments", test_window_environments);
  g_test_add_func ("/flightdeck/window/auto-refresh", test_window_auto_refresh);
  g_test_add_func ("/flightdeck/window/refresh-action", test_window_refresh_action);
  g_test_add_func ("/flightdeck/window/session", test_window_session);
  g_test_add_func ("/flightdeck/preferences/bindings", test_preferences_bindings);
  g_test_add_func ("/flightdeck/application/accels", test_application_accels);
  g_test_add_func ("/flightdeck/application/windows", test_application_windows);
  g_test_add_func ("/flightdeck/application/activate", test_application_activate);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
