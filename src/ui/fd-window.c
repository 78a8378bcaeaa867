/* fd-window.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-window.h"
#include "fd-offline-bar.h"
#include "fd-page.h"
#include "fd-sources-button.h"

#include "fd-alerts-page.h"
#include "fd-canary-page.h"
#include "fd-deployments-page.h"
#include "fd-file-source.h"
#include "fd-pipelines-page.h"

struct _FdWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwLeaflet          *leaflet;
  GtkListBox          *sidebar_list;
  AdwWindowTitle      *sidebar_title;
  GtkStack            *stack;
  GtkLabel            *environment_label;
  GtkLabel            *time_range_label;
  GtkLabel            *updated_label;
  GtkLabel            *data_until_label;
  AdwToastOverlay     *toast_overlay;
  GtkWidget           *sources_button;
  GtkWidget           *offline_bar;
  GMenu               *environment_section;
  GMenu               *time_range_section;
  GMenu               *filter_environment_section;
  GMenu               *filter_time_range_section;

  /* Owned */
  GSettings           *settings;
  FdSession           *session;
  GFile               *file;
  GDateTime           *last_refresh;
  char                *page;
  char                *environment;
  char               **environments;
  char                *time_range;
  guint                refresh_interval;
  gboolean             auto_refresh;

  /* The data on screen, and the pages that still show older data (bit i
   * for page i), brought up to date one per idle callback, or when shown. */
  FdPageData          *page_data;
  guint                stale_pages;
  guint                stale_pages_source;
  guint                n_queries;
  char                *error;
  AdwToast            *error_toast;
};

G_DEFINE_FINAL_TYPE (FdWindow, fd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SESSION,
  PROP_PAGE,
  PROP_ENVIRONMENT,
  PROP_TIME_RANGE,
  PROP_AUTO_REFRESH,
  PROP_REFRESH_INTERVAL,
  PROP_FILE,
  PROP_LAST_REFRESH,
  PROP_PAGE_DATA,
  PROP_ERROR,
  PROP_QUERY_PENDING,
  N_PROPS
};

enum {
  SIGNAL_REFRESH_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char * const fd_window_page_names[FD_WINDOW_N_PAGES] = {
  "pipelines", "deployments", "alerts", "canary",
};

/* The sidebar's rows, in the order of fd_window_page_names. */
static const struct
{
  const char *title;
  const char *icon_name;
} page_info[FD_WINDOW_N_PAGES] = {
  { N_("Pipelines"),   "media-playlist-consecutive-symbolic" },
  { N_("Deployments"), "document-send-symbolic" },
  { N_("Alerts"),      "alarm-symbolic" },
  { N_("Canary"),      "emoji-nature-symbolic" },
};

typedef struct
{
  const char *id;
  const char *label;
} TimeRange;

/* The ids are the session's time ranges. */
static const TimeRange time_ranges[] = {
  { "1h",  N_("Last hour") },
  { "6h",  N_("Last 6 hours") },
  { "24h", N_("Last 24 hours") },
  { "7d",  N_("Last 7 days") },
  { "30d", N_("Last 30 days") },
  { "90d", N_("Last 90 days") },
};

static const guint refresh_intervals[] = { 5, 15, 30, 60, 300 };

#define DEFAULT_PAGE             "pipelines"
#define DEFAULT_TIME_RANGE       "7d"
#define DEFAULT_REFRESH_INTERVAL 30

/* Until the session knows the data's own. */
static const char * const default_environments[] = {
  "development", "staging", "production", NULL,
};

static void set_session (FdWindow  *self,
                         FdSession *session);

static FdPage *
page_at (FdWindow *self,
         guint     index)
{
  return FD_PAGE (gtk_stack_get_child_by_name (self->stack, fd_window_page_names[index]));
}

static int
page_index (const char *page)
{
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    if (g_strcmp0 (page, fd_window_page_names[i]) == 0)
      return (int) i;
  return -1;
}

static const TimeRange *
find_time_range (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (time_ranges); i++)
    if (g_strcmp0 (time_ranges[i].id, id) == 0)
      return &time_ranges[i];

  return NULL;
}

static gboolean
is_refresh_interval (guint seconds)
{
  for (guint i = 0; i < G_N_ELEMENTS (refresh_intervals); i++)
    if (refresh_intervals[i] == seconds)
      return TRUE;

  return FALSE;
}

/* Values come from the user's settings, which a keyfile or memory backend
 * (or an older schema) may hold outside the known set. Those fall back to
 * the default instead of reaching the pages. */
static const char *
validate_page (const char *page)
{
  if (page_index (page) >= 0)
    return page;

  g_warning ("Unknown page “%s”, showing “%s” instead", page, DEFAULT_PAGE);
  return DEFAULT_PAGE;
}

static const char *
validate_time_range (const char *time_range)
{
  if (find_time_range (time_range) != NULL)
    return time_range;

  g_warning ("Unknown time-range “%s”, using “%s” instead", time_range, DEFAULT_TIME_RANGE);
  return DEFAULT_TIME_RANGE;
}

static guint
validate_refresh_interval (guint seconds)
{
  if (is_refresh_interval (seconds))
    return seconds;

  g_warning ("Unsupported refresh-interval %u s, using %u s instead",
             seconds, DEFAULT_REFRESH_INTERVAL);
  return DEFAULT_REFRESH_INTERVAL;
}

/* Labels {{{ */

static void
update_environment_label (FdWindow *self)
{
  if (self->environment == NULL || self->environment[0] == '\0')
    gtk_label_set_label (self->environment_label, _("All environments"));
  else
    gtk_label_set_label (self->environment_label, self->environment);
}

static void
update_updated_label (FdWindow *self)
{
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (self->last_refresh == NULL)
    {
      gtk_label_set_label (self->updated_label, _("Not updated yet"));
      return;
    }

  time = g_date_time_format (self->last_refresh, "%X");
  /* Translators: %s is the local time of the last refresh, e.g. 12:03:41 */
  text = g_strdup_printf (_("Updated %s"), time);
  gtk_label_set_label (self->updated_label, text);
}

/* An old history ends before now: the window then shows its own last days,
 * and says up to when. */
static void
update_data_until_label (FdWindow *self)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  FdTime last;

  /* The session ends the window at the clock's now (to the second) unless
   * it shows an old history. */
  if (self->page_data == NULL ||
      self->page_data->query.to + G_USEC_PER_SEC > fd_clock_get_now (fd_session_get_clock (self->session)) ||
      (last = fd_snapshot_get_last_time (self->page_data->snapshot)) == FD_TIME_NONE)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->data_until_label), FALSE);
      return;
    }

  utc = g_date_time_new_from_unix_utc (last / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  when = g_date_time_format (local, "%-d %b %Y, %H:%M");
  /* Translators: %s is the time of the newest record of an opened file,
   * e.g. "20 Nov 2026, 14:05" */
  text = g_strdup_printf (_("Data up to %s"), when);
  gtk_label_set_label (self->data_until_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->data_until_label), TRUE);
}

/* Makes a filter button's label as wide as its longest choice: a label
 * that changes width resizes the window, and GTK 4.8 then waits for the
 * display server to confirm the new size before it draws the frame that
 * shows the change. */
static void
widen_label_for (GtkLabel *label,
                 int       n_chars)
{
  if (gtk_label_get_width_chars (label) != n_chars)
    gtk_label_set_width_chars (label, n_chars);
}

static void
rebuild_environment_menu (FdWindow *self)
{
  g_autoptr(GMenuItem) all = NULL;
  int longest = (int) g_utf8_strlen (_("All environments"), -1);

  g_menu_remove_all (self->environment_section);

  all = g_menu_item_new (_("All environments"), NULL);
  g_menu_item_set_action_and_target (all, "win.environment", "s", "");
  g_menu_append_item (self->environment_section, all);

  for (guint i = 0; self->environments != NULL && self->environments[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (self->environments[i], NULL);

      g_menu_item_set_action_and_target (item, "win.environment", "s", self->environments[i]);
      g_menu_append_item (self->environment_section, item);
      longest = MAX (longest, (int) g_utf8_strlen (self->environments[i], -1));
    }
  widen_label_for (self->environment_label, longest);
}

static void
set_environments (FdWindow           *self,
                  const char * const *environments)
{
  if (environments == NULL || environments[0] == NULL)
    environments = default_environments;

  /* The menu is rebuilt only when they change (a rebuilt GMenu costs the
   * open popover its items). */
  if (self->environments != NULL &&
      g_strv_equal ((const char * const *) self->environments, environments))
    return;

  g_strfreev (self->environments);
  self->environments = g_strdupv ((char **) environments);
  rebuild_environment_menu (self);
}

static void
sync_sidebar_selection (FdWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, page_index (self->page));

  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);
}

/* }}} */

/* The data on screen {{{ */

static void
apply_page_data_to (FdWindow *self,
                    guint     index)
{
  self->stale_pages &= ~(1u << index);
  fd_page_set_data (page_at (self, index), self->page_data);
}

/* One hidden page per turn of the main loop, at low priority, so that no
 * single turn lays out four pages and a switch finds its page up to date. */
static gboolean
apply_stale_page_cb (gpointer user_data)
{
  FdWindow *self = user_data;

  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    if (self->stale_pages & (1u << i))
      {
        apply_page_data_to (self, i);
        return G_SOURCE_CONTINUE;
      }

  self->stale_pages_source = 0;
  return G_SOURCE_REMOVE;
}

static void
page_data_changed_cb (FdWindow *self)
{
  FdPageData *data = fd_session_get_page_data (self->session);
  int visible;

  if (data == NULL || data == self->page_data)
    return;

  g_clear_pointer (&self->page_data, fd_page_data_unref);
  self->page_data = fd_page_data_ref (data);
  self->n_queries++;

  /* The visible page takes the new data at once, the hidden ones later. */
  visible = page_index (self->page);
  self->stale_pages = (1u << FD_WINDOW_N_PAGES) - 1;
  if (visible >= 0)
    apply_page_data_to (self, (guint) visible);
  if (self->stale_pages != 0 && self->stale_pages_source == 0)
    self->stale_pages_source = g_idle_add_full (G_PRIORITY_LOW, apply_stale_page_cb, self, NULL);

  update_data_until_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_DATA]);
}

static void
set_error (FdWindow   *self,
           const char *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);

  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    fd_page_set_error (page_at (self, i), message);

  if (self->error_toast != NULL)
    {
      adw_toast_dismiss (self->error_toast);
      g_clear_object (&self->error_toast);
    }

  if (message != NULL)
    {
      g_autofree char *title = NULL;

      g_message ("Refresh failed: %s", message);
      /* Translators: %s is the reason, e.g. "No such file or directory" */
      title = g_strdup_printf (_("Could not load data: %s"), message);
      self->error_toast = adw_toast_new (title);
      adw_toast_set_timeout (self->error_toast, 0);
      adw_toast_set_priority (self->error_toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (self->error_toast, _("_Retry"));
      adw_toast_set_action_name (self->error_toast, "win.refresh");
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->error_toast));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
last_error_changed_cb (FdWindow *self)
{
  set_error (self, fd_session_get_last_error (self->session));
}

static void mark_refreshed (FdWindow *self);

/* A round of fetches ended: the "Updated 12:03:41" label, unless it failed
 * (the label then keeps the last good time, and the toast says why). */
static void
refreshing_changed_cb (FdWindow *self)
{
  if (fd_session_get_refreshing (self->session) || fd_session_get_last_error (self->session) != NULL)
    return;

  mark_refreshed (self);
}

static void
mark_refreshed (FdWindow *self)
{
  g_clear_pointer (&self->last_refresh, g_date_time_unref);
  self->last_refresh = g_date_time_new_now_local ();
  update_updated_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_REFRESH]);
}

static void
environments_changed_cb (FdWindow *self)
{
  set_environments (self, fd_session_get_environments (self->session));
}

static void
busy_changed_cb (FdWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_PENDING]);
}

/* The auto-refresh switch and interval drive the simulator and files.
 * Live sources are polled on their own intervals whatever the switch says,
 * as a monitoring tool should; the header bar shows their status. */
static void
sources_changed_cb (FdWindow *self)
{
  GListModel *sources = fd_session_get_sources (self->session);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(FdSource) source = g_list_model_get_item (sources, i);

      if (fd_source_is_live (source))
        g_ptr_array_add (live, g_object_ref (source));
      else if (fd_session_get_source_interval (self->session, source) != self->refresh_interval)
        fd_session_set_source_interval (self->session, source, self->refresh_interval);
    }

  fd_session_set_auto_refresh (self->session, self->auto_refresh || live->len > 0);
  g_object_set (self->sources_button, "sources", live->len > 0 ? live : NULL, NULL);
  g_object_set (self->offline_bar, "sources", live->len > 0 ? live : NULL, NULL);
}

/* }}} */

/* Settings {{{ */

static void
settings_changed_cb (FdWindow   *self,
                     const char *key,
                     GSettings  *settings)
{
  if (g_str_equal (key, "last-page"))
    {
      g_autofree char *page = g_settings_get_string (settings, key);
      fd_window_set_page (self, page);
    }
  else if (g_str_equal (key, "environment"))
    {
      g_autofree char *environment = g_settings_get_string (settings, key);
      fd_window_set_environment (self, environment);
    }
  else if (g_str_equal (key, "time-range"))
    {
      g_autofree char *time_range = g_settings_get_string (settings, key);
      fd_window_set_time_range (self, time_range);
    }
  else if (g_str_equal (key, "auto-refresh"))
    {
      fd_window_set_auto_refresh (self, g_settings_get_boolean (settings, key));
    }
  else if (g_str_equal (key, "refresh-interval"))
    {
      fd_window_set_refresh_interval (self, g_settings_get_uint (settings, key));
    }
  else if (g_str_equal (key, "canary-pass-threshold") ||
           g_str_equal (key, "canary-marginal-threshold"))
    {
      double value = g_settings_get_double (settings, key);

      /* The session takes what the schema allows; a keyfile may hold more. */
      if (self->session != NULL && value >= 0 && value <= 100)
        g_object_set (self->session, key, value, NULL);
    }
}

static void
load_settings (FdWindow *self)
{
  static const char * const keys[] = {
    "last-page", "environment", "time-range", "auto-refresh", "refresh-interval",
    "canary-pass-threshold", "canary-marginal-threshold",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    settings_changed_cb (self, keys[i], self->settings);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Follow `gsettings set` while running; the size is only written back on
   * close, so a resize does not write to disk on every frame. */
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_GET);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
save_window_state (FdWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width = 0;
  int height = 0;

  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width >= 360)
        g_settings_set_int (self->settings, "window-width", width);
      if (height >= 200)
        g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static gboolean
fd_window_close_request (GtkWindow *window)
{
  FdWindow *self = FD_WINDOW (window);

  /* The bindings would otherwise copy the saved size back while closing. */
  g_settings_unbind (self, "default-width");
  g_settings_unbind (self, "default-height");
  g_settings_unbind (self, "maximized");
  save_window_state (self);

  return GTK_WINDOW_CLASS (fd_window_parent_class)->close_request (window);
}

/* }}} */

/* Sidebar {{{ */

static void
back_clicked_cb (FdWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sidebar_row_activated_cb (FdWindow      *self,
                          GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && index < FD_WINDOW_N_PAGES)
    fd_window_set_page (self, fd_window_page_names[index]);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* Browse mode selects the row under the arrow keys and through AT-SPI
 * Selection without activating it: the selection is what picks the page,
 * so the highlight and the page shown never disagree. */
static void
sidebar_row_selected_cb (FdWindow      *self,
                         GtkListBoxRow *row)
{
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index >= 0 && index < FD_WINDOW_N_PAGES)
    fd_window_set_page (self, fd_window_page_names[index]);
}

static void
stack_visible_child_changed_cb (FdWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (name != NULL)
    fd_window_set_page (self, name);
}

static GtkWidget *
create_sidebar_row (guint index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (page_info[index].icon_name);
  GtkWidget *label = gtk_label_new (_(page_info[index].title));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, fd_window_page_names[index]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(page_info[index].title),
                                  -1);

  return row;
}

/* }}} */

/* Actions the pages activate {{{ */

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  if (!fd_session_apply_finish (FD_SESSION (object), result, &made, &error))
    {
      g_autofree char *title = NULL;

      g_message ("Action failed: %s", error->message);
      /* Translators: %s is the reason, often the server's own words */
      title = g_strdup_printf (_("Could not apply the action: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
  /* The session fetches the source again, which brings the result. */
}

static void
apply_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FdWindow *self = FD_WINDOW (widget);
  g_autoptr(FdAction) action = NULL;

  if (g_str_equal (action_name, "win.apply"))
    {
      action = fd_action_new_from_variant (parameter);
    }
  else
    {
      FdActionKind kind;

      if (fd_action_kind_from_nick (action_name + strlen ("win."), &kind))
        action = fd_action_new (kind, g_variant_get_string (parameter, NULL),
                                fd_clock_get_now (fd_session_get_clock (self->session)),
                                FD_TIME_NONE);
    }

  if (action == NULL)
    {
      g_warning ("%s: not an action Flightdeck knows", action_name);
      return;
    }
  if (action->author == NULL)
    {
      g_autofree char *author = g_settings_get_string (self->settings, "user-name");

      if (author[0] != '\0')
        fd_action_set_author (action, author);
    }

  fd_session_apply_async (self->session, action, NULL, applied_cb, g_object_ref (self));
}

static void
toast_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (g_variant_get_string (parameter, NULL)));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fd_window_refresh (FD_WINDOW (widget));
}

/* win.export-csv and win.export-pdf: the page shown exports its own table
 * or report ("pipelines.export-csv", ...), when it has one. */
static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FdWindow *self = FD_WINDOW (widget);
  g_autofree char *page_action = NULL;

  page_action = g_strdup_printf ("%s.%s", self->page, action_name + strlen ("win."));
  if (!gtk_widget_activate_action (gtk_stack_get_visible_child (self->stack), page_action, NULL))
    g_debug ("The %s page has no %s", self->page, page_action);
}

/* }}} */

/* GObject {{{ */

static void
fd_window_constructed (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  G_OBJECT_CLASS (fd_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    g_object_set (page_at (self, i), "settings", self->settings, NULL);

  /* A window always shows a session; the application fills it. */
  if (self->session == NULL)
    {
      g_autoptr(FdSession) session = fd_session_new (NULL);

      set_session (self, session);
    }

  load_settings (self);
}

static void
fd_window_dispose (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  g_clear_handle_id (&self->stale_pages_source, g_source_remove);
  self->stale_pages = 0;
  if (self->error_toast != NULL)
    adw_toast_dismiss (self->error_toast);
  g_clear_object (&self->error_toast);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (fd_session_get_sources (self->session), self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FD_TYPE_WINDOW);
  g_clear_pointer (&self->page_data, fd_page_data_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (fd_window_parent_class)->dispose (object);
}

static void
fd_window_finalize (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  g_clear_pointer (&self->last_refresh, g_date_time_unref);
  g_clear_pointer (&self->page, g_free);
  g_clear_pointer (&self->environment, g_free);
  g_clear_pointer (&self->environments, g_strfreev);
  g_clear_pointer (&self->time_range, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (fd_window_parent_class)->finalize (object);
}

static void
fd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FdWindow *self = FD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PAGE:
      g_value_set_string (value, self->page);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_string (value, self->environment);
      break;
    case PROP_TIME_RANGE:
      g_value_set_string (value, self->time_range);
      break;
    case PROP_AUTO_REFRESH:
      g_value_set_boolean (value, self->auto_refresh);
      break;
    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, self->refresh_interval);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LAST_REFRESH:
      g_value_set_boxed (value, self->last_refresh);
      break;
    case PROP_PAGE_DATA:
      g_value_set_boxed (value, self->page_data);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_QUERY_PENDING:
      g_value_set_boolean (value, fd_window_get_query_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FdWindow *self = FD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      if (g_value_get_object (value) != NULL)
        set_session (self, g_value_get_object (value));
      break;
    case PROP_PAGE:
      fd_window_set_page (self, g_value_get_string (value));
      break;
    case PROP_ENVIRONMENT:
      fd_window_set_environment (self, g_value_get_string (value));
      break;
    case PROP_TIME_RANGE:
      fd_window_set_time_range (self, g_value_get_string (value));
      break;
    case PROP_AUTO_REFRESH:
      fd_window_set_auto_refresh (self, g_value_get_boolean (value));
      break;
    case PROP_REFRESH_INTERVAL:
      fd_window_set_refresh_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_window_class_init (FdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = fd_window_constructed;
  object_class->dispose = fd_window_dispose;
  object_class->finalize = fd_window_finalize;
  object_class->get_property = fd_window_get_property;
  object_class->set_property = fd_window_set_property;

  window_class->close_request = fd_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * FdWindow:session:
   *
   * What the window shows: the sources, the filters, the page data.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FD_TYPE_SESSION, rw);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, DEFAULT_PAGE, rw);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_string ("environment", NULL, NULL, "", rw);
  properties[PROP_TIME_RANGE] =
    g_param_spec_string ("time-range", NULL, NULL, DEFAULT_TIME_RANGE, rw);
  properties[PROP_AUTO_REFRESH] =
    g_param_spec_boolean ("auto-refresh", NULL, NULL, FALSE, rw);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 1, G_MAXUINT, DEFAULT_REFRESH_INTERVAL, rw);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_LAST_REFRESH] =
    g_param_spec_boxed ("last-refresh", NULL, NULL, G_TYPE_DATE_TIME, ro);
  /**
   * FdWindow:page-data:
   *
   * The session's page data on screen; notified when a new one was handed
   * to the pages.
   */
  properties[PROP_PAGE_DATA] =
    g_param_spec_boxed ("page-data", NULL, NULL, FD_TYPE_PAGE_DATA, ro);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_QUERY_PENDING] =
    g_param_spec_boolean ("query-pending", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FdWindow::refresh-requested:
   *
   * Emitted when the user asks for a refresh (F5, the refresh button, the
   * Retry of an error) or a file is opened.
   */
  signals[SIGNAL_REFRESH_REQUESTED] =
    g_signal_new ("refresh-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, environment_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, time_range_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, updated_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, data_until_label);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, sources_button);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, offline_bar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, environment_section);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, time_range_section);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, filter_environment_section);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, filter_time_range_section);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_changed_cb);

  /* Stateful actions on the filter properties: menus, shortcuts, the
   * settings and the tests all go through the same setters. */
  gtk_widget_class_install_property_action (widget_class, "win.show-page", "page");
  gtk_widget_class_install_property_action (widget_class, "win.environment", "environment");
  gtk_widget_class_install_property_action (widget_class, "win.time-range", "time-range");
  gtk_widget_class_install_property_action (widget_class, "win.auto-refresh", "auto-refresh");
  gtk_widget_class_install_property_action (widget_class, "win.refresh-interval",
                                            "refresh-interval");

  /* What the pages ask of the window. */
  gtk_widget_class_install_action (widget_class, "win.apply", "a{sv}", apply_action_cb);
  for (guint i = 0; i < FD_ACTION_N_KINDS; i++)
    {
      g_autofree char *name = g_strconcat ("win.", fd_action_kind_to_nick (i), NULL);

      gtk_widget_class_install_action (widget_class, name, "s", apply_action_cb);
    }
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action_cb);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_action_cb);

  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", fd_window_page_names[i]);

  g_type_ensure (FD_TYPE_SOURCES_BUTTON);
  g_type_ensure (FD_TYPE_OFFLINE_BAR);
  g_type_ensure (FD_TYPE_PIPELINES_PAGE);
  g_type_ensure (FD_TYPE_DEPLOYMENTS_PAGE);
  g_type_ensure (FD_TYPE_ALERTS_PAGE);
  g_type_ensure (FD_TYPE_CANARY_PAGE);
}

static void
fd_window_init (FdWindow *self)
{
  int longest = 0;

  self->page = g_strdup (DEFAULT_PAGE);
  self->environment = g_strdup ("");
  self->environments = g_strdupv ((char **) default_environments);
  self->time_range = g_strdup (DEFAULT_TIME_RANGE);
  self->refresh_interval = DEFAULT_REFRESH_INTERVAL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* One row per page, in the stack's order, with the page's icon. */
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    gtk_list_box_append (self->sidebar_list, create_sidebar_row (i));

  /* A narrow window shows one filter button whose menu reuses both lists. */
  g_menu_append_section (self->filter_environment_section, NULL,
                         G_MENU_MODEL (self->environment_section));
  g_menu_append_section (self->filter_time_range_section, NULL,
                         G_MENU_MODEL (self->time_range_section));

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  rebuild_environment_menu (self);
  update_environment_label (self);
  for (guint i = 0; i < G_N_ELEMENTS (time_ranges); i++)
    longest = MAX (longest, (int) g_utf8_strlen (_(time_ranges[i].label), -1));
  widen_label_for (self->time_range_label, longest);
  gtk_label_set_label (self->time_range_label, _(find_time_range (self->time_range)->label));
  update_updated_label (self);
  sync_sidebar_selection (self);
}

/* }}} */

/* The session {{{ */

static void
set_session (FdWindow  *self,
             FdSession *session)
{
  g_return_if_fail (FD_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (fd_session_get_sources (self->session), self);
    }
  g_set_object (&self->session, session);
  g_clear_pointer (&self->page_data, fd_page_data_unref);

  /* The filters are the window's (bound to the settings); the session
   * follows them. */
  fd_session_set_environment (session, self->environment);
  fd_session_set_time_range (session, self->time_range);
  if (self->settings != NULL)
    {
      settings_changed_cb (self, "canary-pass-threshold", self->settings);
      settings_changed_cb (self, "canary-marginal-threshold", self->settings);
    }

  g_signal_connect_object (session, "notify::page-data", G_CALLBACK (page_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::environments", G_CALLBACK (environments_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::last-error", G_CALLBACK (last_error_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::refreshing", G_CALLBACK (refreshing_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::busy", G_CALLBACK (busy_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fd_session_get_sources (session), "items-changed",
                           G_CALLBACK (sources_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    g_object_set (page_at (self, i), "session", session, NULL);

  sources_changed_cb (self);
  environments_changed_cb (self);
  last_error_changed_cb (self);
  page_data_changed_cb (self);
  /* A session whose sources were fetched before it came here (a source is
   * fetched as soon as it is added). */
  if (g_list_model_get_n_items (fd_session_get_sources (session)) > 0)
    refreshing_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* }}} */

/**
 * fd_window_new:
 * @application: the application
 * @settings: (nullable): settings of the io.github.flightdeck.Flightdeck
 *   schema, or %NULL for the default ones
 *
 * Returns: (transfer full): a new window, with an empty session
 */
FdWindow *
fd_window_new (GtkApplication *application,
               GSettings      *settings)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (FD_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

GSettings *
fd_window_get_settings (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->settings;
}

FdSession *
fd_window_get_session (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * fd_window_set_session:
 * @self: a #FdWindow
 * @session: the session to show
 */
void
fd_window_set_session (FdWindow  *self,
                       FdSession *session)
{
  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (FD_IS_SESSION (session));

  set_session (self, session);
}

const char *
fd_window_get_page (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->page;
}

/**
 * fd_window_set_page:
 * @self: a #FdWindow
 * @page: one of fd_window_page_names; anything else falls back to
 *   "pipelines" with a warning
 *
 * Shows @page and remembers it in the "last-page" key.
 */
void
fd_window_set_page (FdWindow   *self,
                    const char *page)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  page = validate_page (page);

  /* A page shown while still waiting for its idle update gets it now, so it
   * never shows older data than the others. */
  if (self->stale_pages & (1u << page_index (page)))
    apply_page_data_to (self, (guint) page_index (page));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    gtk_stack_set_visible_child_name (self->stack, page);

  if (g_strcmp0 (self->page, page) == 0)
    return;

  g_free (self->page);
  self->page = g_strdup (page);
  sync_sidebar_selection (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-page", page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

const char *
fd_window_get_environment (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->environment;
}

void
fd_window_set_environment (FdWindow   *self,
                           const char *environment)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  if (environment == NULL)
    environment = "";

  if (g_strcmp0 (self->environment, environment) == 0)
    return;

  g_free (self->environment);
  self->environment = g_strdup (environment);
  update_environment_label (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "environment", environment);
  if (self->session != NULL)
    fd_session_set_environment (self->session, environment);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

/**
 * fd_window_get_environments:
 * @self: a #FdWindow
 *
 * Returns: (transfer none): the environments the menu offers: the data's
 *   own, or a default list before there is data
 */
const char * const *
fd_window_get_environments (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return (const char * const *) self->environments;
}

const char *
fd_window_get_time_range (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->time_range;
}

void
fd_window_set_time_range (FdWindow   *self,
                          const char *time_range)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  time_range = validate_time_range (time_range);

  if (g_strcmp0 (self->time_range, time_range) == 0)
    return;

  g_free (self->time_range);
  self->time_range = g_strdup (time_range);
  gtk_label_set_label (self->time_range_label, _(find_time_range (time_range)->label));
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "time-range", time_range);
  if (self->session != NULL)
    fd_session_set_time_range (self->session, time_range);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_RANGE]);
}

gboolean
fd_window_get_auto_refresh (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  return self->auto_refresh;
}

void
fd_window_set_auto_refresh (FdWindow *self,
                            gboolean  auto_refresh)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  auto_refresh = !!auto_refresh;
  if (self->auto_refresh == auto_refresh)
    return;

  self->auto_refresh = auto_refresh;
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "auto-refresh", auto_refresh);
  if (self->session != NULL)
    sources_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_REFRESH]);
}

guint
fd_window_get_refresh_interval (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);

  return self->refresh_interval;
}

/**
 * fd_window_set_refresh_interval:
 * @self: a #FdWindow
 * @seconds: one of 5, 15, 30, 60 or 300; anything else falls back to 30
 *
 * How often the simulator and files are read again; live sources keep the
 * interval set for each.
 */
void
fd_window_set_refresh_interval (FdWindow *self,
                                guint     seconds)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  seconds = validate_refresh_interval (seconds);
  if (self->refresh_interval == seconds)
    return;

  self->refresh_interval = seconds;
  if (self->settings != NULL)
    g_settings_set_uint (self->settings, "refresh-interval", seconds);
  if (self->session != NULL)
    sources_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

GFile *
fd_window_get_file (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * fd_window_open_file:
 * @self: a #FdWindow
 * @file: a JSON Lines history file
 *
 * Shows the history in @file in place of the session's sources: the file
 * is read from its start, then followed as it grows.
 */
void
fd_window_open_file (FdWindow *self,
                     GFile    *file)
{
  g_autoptr(FdFileSource) source = NULL;
  g_autofree char *basename = NULL;
  GListModel *sources;

  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->file != NULL && g_file_equal (self->file, file))
    {
      fd_window_refresh (self);
      return;
    }

  g_set_object (&self->file, file);
  basename = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->sidebar_title, basename);

  sources = fd_session_get_sources (self->session);
  while (g_list_model_get_n_items (sources) > 0)
    {
      g_autoptr(FdSource) old = g_list_model_get_item (sources, 0);

      fd_session_remove_source (self->session, old);
    }
  source = fd_file_source_new (file);
  fd_session_add_source (self->session, FD_SOURCE (source));
  g_signal_emit (self, signals[SIGNAL_REFRESH_REQUESTED], 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/**
 * fd_window_refresh:
 * @self: a #FdWindow
 *
 * Emits #FdWindow::refresh-requested and fetches every source again.
 */
void
fd_window_refresh (FdWindow *self)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  g_signal_emit (self, signals[SIGNAL_REFRESH_REQUESTED], 0);
  fd_session_refresh (self->session);
  /* Nothing to fetch: done at once. */
  if (g_list_model_get_n_items (fd_session_get_sources (self->session)) == 0)
    mark_refreshed (self);
}

GDateTime *
fd_window_get_last_refresh (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->last_refresh;
}

/**
 * fd_window_get_page_data:
 * @self: a #FdWindow
 *
 * Returns: (transfer none) (nullable): the data on screen, or %NULL before
 *   the first query finished
 */
FdPageData *
fd_window_get_page_data (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->page_data;
}

/**
 * fd_window_get_query_pending:
 * @self: a #FdWindow
 *
 * Returns: whether the session is still fetching, applying or querying
 */
gboolean
fd_window_get_query_pending (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  return self->session != NULL && fd_session_get_busy (self->session);
}

/**
 * fd_window_get_n_queries:
 * @self: a #FdWindow
 *
 * Returns: how many page data the window has been handed
 */
guint
fd_window_get_n_queries (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);

  return self->n_queries;
}

const char *
fd_window_get_error (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->error;
}
