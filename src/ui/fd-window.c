/* fd-window.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-window-private.h"
#include "fd-offline-bar.h"
#include "fd-sources-button.h"

#include "fd-alerts-page.h"
#include "fd-canary-page.h"
#include "fd-deployments-page.h"
#include "fd-pipelines-page.h"


G_DEFINE_FINAL_TYPE (FdWindow, fd_window, ADW_TYPE_APPLICATION_WINDOW)



GParamSpec *_fd_window_properties[N_PROPS];
guint _fd_window_signals[N_SIGNALS];

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


FdPage *
_fd_window_page_at (FdWindow *self,
                    guint     index)
{
  return FD_PAGE (gtk_stack_get_child_by_name (self->stack, fd_window_page_names[index]));
}

int
_fd_window_page_index (const char *page)
{
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    if (g_strcmp0 (page, fd_window_page_names[i]) == 0)
      return (int) i;
  return -1;
}



/* Values come from the user's settings, which a keyfile or memory backend
 * (or an older schema) may hold outside the known set. Those fall back to
 * the default instead of reaching the pages. */
static const char *
validate_page (const char *page)
{
  if (_fd_window_page_index (page) >= 0)
    return page;

  g_warning ("Unknown page “%s”, showing “%s” instead", page, DEFAULT_PAGE);
  return DEFAULT_PAGE;
}



/* Labels {{{ */







static void
sync_sidebar_selection (FdWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, _fd_window_page_index (self->page));

  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);
}

/* }}} */

/* The data on screen {{{ */












/* }}} */

/* Settings {{{ */




static gboolean
fd_window_close_request (GtkWindow *window)
{
  FdWindow *self = FD_WINDOW (window);

  /* The bindings would otherwise copy the saved size back while closing. */
  g_settings_unbind (self, "default-width");
  g_settings_unbind (self, "default-height");
  g_settings_unbind (self, "maximized");
  _fd_window_save_state (self);

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
    g_object_set (_fd_window_page_at (self, i), "settings", self->settings, NULL);

  /* A window always shows a session; the application fills it. */
  if (self->session == NULL)
    {
      g_autoptr(FdSession) session = fd_session_new (NULL);

      _fd_window_bind_session (self, session);
    }

  _fd_window_load_settings (self);
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
        _fd_window_bind_session (self, g_value_get_object (value));
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

  _fd_window_properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * FdWindow:session:
   *
   * What the window shows: the sources, the filters, the page data.
   */
  _fd_window_properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FD_TYPE_SESSION, rw);
  _fd_window_properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, DEFAULT_PAGE, rw);
  _fd_window_properties[PROP_ENVIRONMENT] =
    g_param_spec_string ("environment", NULL, NULL, "", rw);
  _fd_window_properties[PROP_TIME_RANGE] =
    g_param_spec_string ("time-range", NULL, NULL, DEFAULT_TIME_RANGE, rw);
  _fd_window_properties[PROP_AUTO_REFRESH] =
    g_param_spec_boolean ("auto-refresh", NULL, NULL, FALSE, rw);
  _fd_window_properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 1, G_MAXUINT, DEFAULT_REFRESH_INTERVAL, rw);
  _fd_window_properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  _fd_window_properties[PROP_LAST_REFRESH] =
    g_param_spec_boxed ("last-refresh", NULL, NULL, G_TYPE_DATE_TIME, ro);
  /**
   * FdWindow:page-data:
   *
   * The session's page data on screen; notified when a new one was handed
   * to the pages.
   */
  _fd_window_properties[PROP_PAGE_DATA] =
    g_param_spec_boxed ("page-data", NULL, NULL, FD_TYPE_PAGE_DATA, ro);
  _fd_window_properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, ro);
  _fd_window_properties[PROP_QUERY_PENDING] =
    g_param_spec_boolean ("query-pending", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, _fd_window_properties);

  /**
   * FdWindow::refresh-requested:
   *
   * Emitted when the user asks for a refresh (F5, the refresh button, the
   * Retry of an error) or a file is opened.
   */
  _fd_window_signals[SIGNAL_REFRESH_REQUESTED] =
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
  _fd_window_class_init_actions (widget_class);

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
  self->page = g_strdup (DEFAULT_PAGE);
  _fd_window_init_filters (self);

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
  _fd_window_init_filter_menus (self);
  _fd_window_update_updated_label (self);
  sync_sidebar_selection (self);
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

  _fd_window_bind_session (self, session);
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
  if (self->stale_pages & (1u << _fd_window_page_index (page)))
    _fd_window_apply_page_data_to (self, (guint) _fd_window_page_index (page));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    gtk_stack_set_visible_child_name (self->stack, page);

  if (g_strcmp0 (self->page, page) == 0)
    return;

  g_free (self->page);
  self->page = g_strdup (page);
  sync_sidebar_selection (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-page", page);
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_PAGE]);
}

















