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
#include "fd-canary-judge.h"
#include "fd-canary-page.h"
#include "fd-deployments-page.h"
#include "fd-page-data.h"
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
  FdPipelinesPage     *pipelines_page;
  FdDeploymentsPage   *deployments_page;
  FdAlertsPage        *alerts_page;
  FdCanaryPage        *canary_page;
  GMenu               *environment_section;
  GMenu               *time_range_section;
  GMenu               *filter_environment_section;
  GMenu               *filter_time_range_section;

  /* Owned */
  GSettings           *settings;
  FdDataProvider      *provider;
  GCancellable        *refresh_cancellable;
  GFile               *file;
  GDateTime           *last_refresh;
  char                *page;
  char                *environment;
  char               **environments;
  char                *time_range;
  guint                refresh_interval;
  guint                refresh_interval_ms;
  guint                refresh_source;
  gboolean             auto_refresh;

  /* The query pipeline: the data on screen, and the query in flight. */
  FdPageData          *page_data;
  GCancellable        *query_cancellable;
  FdSnapshot          *query_snapshot;
  char                *query_environment;
  FdTime               query_from;
  FdTime               query_to;
  gint64               now;
  char                *error;
  AdwToast            *error_toast;
  guint                n_queries;
  /* Hidden pages still showing older data (bit i for page i), brought up
   * to date one per idle callback, or at once when shown. */
  guint                stale_pages;
  guint                stale_pages_source;
};

G_DEFINE_FINAL_TYPE (FdWindow, fd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_PAGE,
  PROP_ENVIRONMENT,
  PROP_TIME_RANGE,
  PROP_AUTO_REFRESH,
  PROP_REFRESH_INTERVAL,
  PROP_REFRESH_INTERVAL_MS,
  PROP_PROVIDER,
  PROP_FILE,
  PROP_LAST_REFRESH,
  PROP_NOW,
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
  gint64      seconds;
} TimeRange;

static const TimeRange time_ranges[] = {
  { "1h",  N_("Last hour"),     G_GINT64_CONSTANT (3600) },
  { "6h",  N_("Last 6 hours"),  G_GINT64_CONSTANT (6 * 3600) },
  { "24h", N_("Last 24 hours"), G_GINT64_CONSTANT (24 * 3600) },
  { "7d",  N_("Last 7 days"),   G_GINT64_CONSTANT (7 * 86400) },
  { "30d", N_("Last 30 days"),  G_GINT64_CONSTANT (30 * 86400) },
  { "90d", N_("Last 90 days"),  G_GINT64_CONSTANT (90 * 86400) },
};

static const guint refresh_intervals[] = { 5, 15, 30, 60, 300 };

/* Until a data provider reports its own list. */
static const char * const default_environments[] = {
  "development", "staging", "production", NULL,
};

static void provider_snapshot_changed_cb (FdWindow       *self,
                                          FdDataProvider *provider);
static void schedule_query               (FdWindow       *self,
                                          gboolean        force);
static int  page_index                   (const char     *page);
static void apply_page_data_to           (FdWindow       *self,
                                          guint           index);

#define DEFAULT_PAGE             "pipelines"
#define DEFAULT_TIME_RANGE       "7d"
#define DEFAULT_REFRESH_INTERVAL 30

static FdPage *
page_at (FdWindow *self,
         guint     index)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, fd_window_page_names[index]);

  return FD_PAGE (page);
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
is_page_name (const char *page)
{
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    if (g_strcmp0 (fd_window_page_names[i], page) == 0)
      return TRUE;

  return FALSE;
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
  if (is_page_name (page))
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

static gboolean
auto_refresh_tick_cb (gpointer user_data)
{
  FdWindow *self = FD_WINDOW (user_data);

  fd_window_refresh (self);

  return G_SOURCE_CONTINUE;
}

/* One timer at most: it is removed and added again whenever the interval or
 * the switch changes, and removed for good when the window goes away. */
static void
update_refresh_timer (FdWindow *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  if (!self->auto_refresh)
    return;

  if (self->refresh_interval_ms > 0)
    self->refresh_source = g_timeout_add (self->refresh_interval_ms,
                                          auto_refresh_tick_cb, self);
  else
    self->refresh_source = g_timeout_add_seconds (self->refresh_interval,
                                                  auto_refresh_tick_cb, self);
  g_source_set_name_by_id (self->refresh_source, "[flightdeck] auto-refresh");
}

static void
sync_sidebar_selection (FdWindow *self)
{
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    {
      if (g_strcmp0 (fd_window_page_names[i], self->page) == 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, i);

          if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
            gtk_list_box_select_row (self->sidebar_list, row);
          break;
        }
    }
}

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
      schedule_query (self, TRUE);
    }
}

static void
load_settings (FdWindow *self)
{
  static const char * const keys[] = {
    "last-page", "environment", "time-range", "auto-refresh", "refresh-interval",
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

  if (self->settings == NULL)
    return;

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

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  /* The bindings would otherwise copy the saved size back while closing. */
  g_settings_unbind (self, "default-width");
  g_settings_unbind (self, "default-height");
  g_settings_unbind (self, "maximized");
  save_window_state (self);

  return GTK_WINDOW_CLASS (fd_window_parent_class)->close_request (window);
}

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

/* Actions the pages activate {{{ */

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fd_data_provider_apply_finish (FD_DATA_PROVIDER (object), result, &error))
    {
      g_autofree char *title = NULL;

      g_message ("Action failed: %s", error->message);
      /* Translators: %s is the reason, often the server's own words */
      title = g_strdup_printf (_("Could not apply the action: %s"), error->message);
      if (self->toast_overlay != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
      return;
    }

  /* Snapshots never change in place: the next one brings the action. */
  fd_window_refresh (self);
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
                                g_get_real_time (), FD_TIME_NONE);
    }

  if (action == NULL)
    {
      g_warning ("%s: not an action Flightdeck knows", action_name);
      return;
    }
  if (self->provider == NULL)
    return;

  fd_data_provider_apply_async (self->provider, action, NULL, applied_cb, g_object_ref (self));
}

static void
toast_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  if (self->toast_overlay != NULL)
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

static void
fd_window_constructed (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  G_OBJECT_CLASS (fd_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    g_object_set (page_at (self, i), "settings", self->settings, NULL);

  load_settings (self);
}

static void
fd_window_dispose (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->stale_pages_source, g_source_remove);
  self->stale_pages = 0;
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_pointer (&self->query_snapshot, fd_snapshot_unref);
  g_clear_object (&self->error_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), FD_TYPE_WINDOW);
  g_clear_pointer (&self->page_data, fd_page_data_unref);
  g_clear_object (&self->settings);
  if (self->provider != NULL)
    g_signal_handlers_disconnect_by_func (self->provider, provider_snapshot_changed_cb, self);
  g_clear_object (&self->provider);
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
  g_clear_pointer (&self->query_environment, g_free);
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

    case PROP_REFRESH_INTERVAL_MS:
      g_value_set_uint (value, self->refresh_interval_ms);
      break;

    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_LAST_REFRESH:
      g_value_set_boxed (value, self->last_refresh);
      break;

    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;

    case PROP_PAGE_DATA:
      g_value_set_boxed (value, self->page_data);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_QUERY_PENDING:
      g_value_set_boolean (value, self->query_cancellable != NULL);
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

    case PROP_REFRESH_INTERVAL_MS:
      fd_window_set_refresh_interval_ms (self, g_value_get_uint (value));
      break;

    case PROP_PROVIDER:
      fd_window_set_provider (self, g_value_get_object (value));
      break;

    case PROP_NOW:
      fd_window_set_now (self, g_value_get_int64 (value));
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

  object_class->constructed = fd_window_constructed;
  object_class->dispose = fd_window_dispose;
  object_class->finalize = fd_window_finalize;
  object_class->get_property = fd_window_get_property;
  object_class->set_property = fd_window_set_property;


  window_class->close_request = fd_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         DEFAULT_PAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENVIRONMENT] =
    g_param_spec_string ("environment", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIME_RANGE] =
    g_param_spec_string ("time-range", NULL, NULL,
                         DEFAULT_TIME_RANGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTO_REFRESH] =
    g_param_spec_boolean ("auto-refresh", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_REFRESH_INTERVAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FdWindow:refresh-interval-ms:
   *
   * For tests: when non-zero, auto-refresh ticks every this many
   * milliseconds instead of every #FdWindow:refresh-interval seconds.
   */
  properties[PROP_REFRESH_INTERVAL_MS] =
    g_param_spec_uint ("refresh-interval-ms", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         FD_TYPE_DATA_PROVIDER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_REFRESH] =
    g_param_spec_boxed ("last-refresh", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * FdWindow:now:
   *
   * For tests: the "now" the time window ends at, in microseconds since
   * the epoch; 0 for the wall clock.
   */
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FdWindow:page-data:
   *
   * The query result on screen; notified when a new one was handed to the
   * pages.
   */
  properties[PROP_PAGE_DATA] =
    g_param_spec_boxed ("page-data", NULL, NULL,
                        FD_TYPE_PAGE_DATA,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUERY_PENDING] =
    g_param_spec_boolean ("query-pending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FdWindow::refresh-requested:
   *
   * Emitted when a refresh starts: F5, the refresh button, an auto-refresh
   * tick or an opened file. The window then asks its provider for a new
   * snapshot and calls fd_window_refresh_finished() when it arrives.
   */
  signals[SIGNAL_REFRESH_REQUESTED] =
    g_signal_new ("refresh-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

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
  gtk_widget_class_bind_template_child (widget_class, FdWindow, pipelines_page);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, deployments_page);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, alerts_page);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, canary_page);
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
  gtk_widget_class_install_property_action (widget_class, "win.environment", "environment");
  gtk_widget_class_install_property_action (widget_class, "win.time-range", "time-range");
  gtk_widget_class_install_property_action (widget_class, "win.auto-refresh", "auto-refresh");
  gtk_widget_class_install_property_action (widget_class, "win.refresh-interval",
                                            "refresh-interval");

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
  {
    int longest = 0;

    for (guint i = 0; i < G_N_ELEMENTS (time_ranges); i++)
      longest = MAX (longest, (int) g_utf8_strlen (_(time_ranges[i].label), -1));
    widen_label_for (self->time_range_label, longest);
  }
  gtk_label_set_label (self->time_range_label, _(find_time_range (self->time_range)->label));
  update_updated_label (self);
  sync_sidebar_selection (self);
}

/**
 * fd_window_new:
 * @application: the application
 * @settings: (nullable): settings of the io.github.flightdeck.Flightdeck
 *   schema, or %NULL for the default ones
 *
 * Creates the main window. Its filters start from @settings and follow them.
 *
 * Returns: (transfer full): a new #FdWindow
 */
FdWindow *
fd_window_new (GtkApplication *application,
               GSettings      *settings)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

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

/**
 * fd_window_set_environment:
 * @self: a #FdWindow
 * @environment: (nullable): the environment to show, or "" or %NULL for all
 *
 * Sets the environment filter and stores it in the "environment" key. A
 * name the current list does not hold is kept, because a provider may
 * report it later.
 */
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
  schedule_query (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

const char * const *
fd_window_get_environments (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return (const char * const *) self->environments;
}

/**
 * fd_window_set_environments:
 * @self: a #FdWindow
 * @environments: (array zero-terminated=1) (nullable): the environments the
 *   data holds, or %NULL for the built-in development, staging, production
 *
 * Refills the environment menu; "All environments" always comes first.
 */
void
fd_window_set_environments (FdWindow           *self,
                            const char * const *environments)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  if (environments == NULL)
    environments = default_environments;

  /* Every refresh reports the environments again; the menu is rebuilt only
   * when they change (a rebuilt GMenu costs the open popover its items, and
   * GTK 4.8's menu tracker keeps a weak reference per rebuilt item). */
  if (self->environments != NULL &&
      g_strv_equal ((const char * const *) self->environments, environments))
    return;

  g_strfreev (self->environments);
  self->environments = g_strdupv ((char **) environments);
  rebuild_environment_menu (self);
}

const char *
fd_window_get_time_range (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->time_range;
}

/**
 * fd_window_get_time_range_seconds:
 * @self: a #FdWindow
 *
 * Returns: the length of the selected time range in seconds
 */
gint64
fd_window_get_time_range_seconds (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);

  return find_time_range (self->time_range)->seconds;
}

/**
 * fd_window_set_time_range:
 * @self: a #FdWindow
 * @time_range: "1h", "6h", "24h", "7d", "30d" or "90d"; anything else falls
 *   back to "7d" with a warning
 *
 * Sets the time range filter and stores it in the "time-range" key.
 */
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
  schedule_query (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_RANGE]);
}

gboolean
fd_window_get_auto_refresh (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  return self->auto_refresh;
}

/**
 * fd_window_set_auto_refresh:
 * @self: a #FdWindow
 * @auto_refresh: whether to refresh on a timer
 *
 * Starts or stops the auto-refresh timer and stores the choice in the
 * "auto-refresh" key.
 */
void
fd_window_set_auto_refresh (FdWindow *self,
                            gboolean  auto_refresh)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  auto_refresh = !!auto_refresh;
  if (self->auto_refresh == auto_refresh)
    return;

  self->auto_refresh = auto_refresh;
  update_refresh_timer (self);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "auto-refresh", auto_refresh);
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
 * @seconds: 5, 15, 30, 60 or 300; anything else falls back to 30 with a
 *   warning
 *
 * Sets the auto-refresh interval, restarts a running timer and stores the
 * interval in the "refresh-interval" key.
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
  update_refresh_timer (self);
  if (self->settings != NULL)
    g_settings_set_uint (self->settings, "refresh-interval", seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

guint
fd_window_get_refresh_interval_ms (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);

  return self->refresh_interval_ms;
}

void
fd_window_set_refresh_interval_ms (FdWindow *self,
                                   guint     milliseconds)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  if (self->refresh_interval_ms == milliseconds)
    return;

  self->refresh_interval_ms = milliseconds;
  update_refresh_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL_MS]);
}

/**
 * fd_window_get_auto_refresh_active:
 * @self: a #FdWindow
 *
 * Returns: whether an auto-refresh timer source is installed right now
 */
gboolean
fd_window_get_auto_refresh_active (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  return self->refresh_source != 0;
}

/* The query pipeline {{{ */

typedef struct
{
  FdSnapshot *snapshot;
  FdQuery     query;
  char       *environment;
  FdTime      now;
  double      pass_threshold;
  double      marginal_threshold;
} QueryInput;

static void
query_input_free (QueryInput *input)
{
  g_clear_pointer (&input->snapshot, fd_snapshot_unref);
  g_clear_pointer (&input->environment, g_free);
  g_free (input);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryInput *input = task_data;
  FdPageData *data;

  data = fd_page_data_compute (input->snapshot, &input->query, input->now,
                               input->pass_threshold, input->marginal_threshold,
                               cancellable);
  if (data == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "The query was cancelled");
  else
    g_task_return_pointer (task, data, (GDestroyNotify) fd_page_data_unref);
}

static int
page_index (const char *page)
{
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    if (g_strcmp0 (page, fd_window_page_names[i]) == 0)
      return (int) i;
  return -1;
}

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

/* The visible page takes the new data at once; each hidden page takes it
 * in an idle callback of its own, after the frame that shows the visible
 * one, so that no single turn of the main loop lays out four pages. */
static void
apply_page_data (FdWindow *self)
{
  int visible;

  /* The template children are gone once the window is disposed. */
  if (self->pipelines_page == NULL)
    return;

  visible = page_index (self->page);
  self->stale_pages = (1u << FD_WINDOW_N_PAGES) - 1;
  if (visible >= 0)
    apply_page_data_to (self, (guint) visible);
  if (self->stale_pages != 0 && self->stale_pages_source == 0)
    self->stale_pages_source = g_idle_add_full (G_PRIORITY_LOW, apply_stale_page_cb, self, NULL);
}

static void
update_data_until_label (FdWindow *self,
                         gboolean  anchored,
                         FdTime    last)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (self->data_until_label == NULL)
    return;

  if (!anchored)
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

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  FdPageData *data;

  /* A cancelled query was replaced by a newer one, which owns the state. */
  if (g_task_get_cancellable (G_TASK (result)) != self->query_cancellable)
    return;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_object (&self->query_cancellable);
  g_clear_pointer (&self->query_snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->query_environment, g_free);

  if (data == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Query failed: %s", error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_PENDING]);
      return;
    }

  g_clear_pointer (&self->page_data, fd_page_data_unref);
  self->page_data = data;
  apply_page_data (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_DATA]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_PENDING]);
}

static double
settings_double (GSettings  *settings,
                 const char *key,
                 double      fallback)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return fallback;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return fallback;

  return g_settings_get_double (settings, key);
}

/* Starts the query of the current filters over the provider's snapshot on
 * a worker thread. A query of the same inputs already running or already on
 * screen is not started again (unless @force, for a changed threshold or
 * "now"); a query of other inputs is cancelled, since its result would be
 * stale by the time it arrives. */
static void
schedule_query (FdWindow *self,
                gboolean  force)
{
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GTask) task = NULL;
  QueryInput *input;
  gboolean anchored = FALSE;
  const char *environment;
  FdTime now;
  FdTime last;
  FdTime from;
  FdTime to;

  if (self->provider == NULL || self->pipelines_page == NULL)
    return;

  snapshot = fd_data_provider_dup_snapshot (self->provider);
  if (snapshot == NULL)
    return;

  /* Whole seconds, so that two filter changes within a second ask the
   * same question. */
  now = self->now != 0 ? self->now : g_get_real_time ();
  now -= now % G_USEC_PER_SEC;
  to = now;

  /* An old history file shows its own latest data instead of an empty
   * window ending today. Live data (the simulator, live sources) ends now. */
  last = fd_snapshot_get_last_time (snapshot);
  if (!fd_data_provider_is_live (self->provider) && last != FD_TIME_NONE && last < now)
    {
      to = last - last % G_USEC_PER_SEC + G_USEC_PER_SEC;
      anchored = TRUE;
    }
  from = to - fd_window_get_time_range_seconds (self) * G_USEC_PER_SEC;
  environment = self->environment[0] != '\0' ? self->environment : NULL;

  update_data_until_label (self, anchored, last);

  if (self->query_cancellable != NULL)
    {
      if (!force && self->query_snapshot == snapshot && self->query_from == from &&
          self->query_to == to && g_strcmp0 (self->query_environment, environment) == 0)
        return;

      g_cancellable_cancel (self->query_cancellable);
      g_clear_object (&self->query_cancellable);
    }
  else if (!force && self->page_data != NULL && self->page_data->snapshot == snapshot &&
           self->page_data->query.from == from && self->page_data->query.to == to &&
           g_strcmp0 (self->page_data->environment, environment) == 0)
    {
      return;
    }

  g_clear_pointer (&self->query_snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->query_environment, g_free);
  self->query_snapshot = fd_snapshot_ref (snapshot);
  self->query_environment = g_strdup (environment);
  self->query_from = from;
  self->query_to = to;
  self->query_cancellable = g_cancellable_new ();
  self->n_queries++;

  input = g_new0 (QueryInput, 1);
  input->snapshot = fd_snapshot_ref (snapshot);
  input->environment = g_strdup (environment);
  input->query.from = from;
  input->query.to = to;
  input->query.environment = input->environment;
  {
    g_autoptr(GDateTime) local = g_date_time_new_now_local ();

    input->query.tz_offset_s = (int) (g_date_time_get_utc_offset (local) / G_USEC_PER_SEC);
  }
  /* Ages of an old file count from its end, not from today. */
  input->now = anchored ? to : now;
  input->pass_threshold = settings_double (self->settings, "canary-pass-threshold",
                                           FD_CANARY_JUDGE_DEFAULT_PASS);
  input->marginal_threshold = settings_double (self->settings, "canary-marginal-threshold",
                                               FD_CANARY_JUDGE_DEFAULT_MARGINAL);

  task = g_task_new (NULL, self->query_cancellable, query_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, schedule_query);
  g_task_set_name (task, "[flightdeck] page query");
  g_task_set_task_data (task, input, (GDestroyNotify) query_input_free);
  g_task_run_in_thread (task, query_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_PENDING]);
}

static void
set_error (FdWindow   *self,
           const char *message)
{
  if (g_strcmp0 (self->error, message) == 0 && message == NULL)
    return;

  g_free (self->error);
  self->error = g_strdup (message);

  if (self->pipelines_page != NULL)
    {
      fd_pipelines_page_set_error (self->pipelines_page, message);
      fd_deployments_page_set_error (self->deployments_page, message);
      fd_alerts_page_set_error (self->alerts_page, message);
      fd_canary_page_set_error (self->canary_page, message);
    }

  if (self->error_toast != NULL)
    {
      adw_toast_dismiss (self->error_toast);
      g_clear_object (&self->error_toast);
    }

  if (message != NULL && self->toast_overlay != NULL)
    {
      g_autofree char *title = NULL;

      /* Translators: %s is the reason, e.g. "No such file or directory" */
      title = g_strdup_printf (_("Could not load data: %s"), message);
      self->error_toast = adw_toast_new (title);
      adw_toast_set_timeout (self->error_toast, 0);
      adw_toast_set_priority (self->error_toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (self->error_toast, _("_Retry"));
      adw_toast_set_action_name (self->error_toast, "app.refresh");
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->error_toast));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
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
 * Returns: whether a query runs on a worker thread right now
 */
gboolean
fd_window_get_query_pending (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  return self->query_cancellable != NULL;
}

/**
 * fd_window_get_n_queries:
 * @self: a #FdWindow
 *
 * Returns: how many queries the window started, for tests
 */
guint
fd_window_get_n_queries (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);

  return self->n_queries;
}

/**
 * fd_window_get_error:
 * @self: a #FdWindow
 *
 * Returns: (nullable): the reason the last refresh failed, or %NULL when it
 *   worked
 */
const char *
fd_window_get_error (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->error;
}

gint64
fd_window_get_now (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);

  return self->now;
}

/**
 * fd_window_set_now:
 * @self: a #FdWindow
 * @now: microseconds since the epoch, or 0 for the wall clock
 *
 * For tests and benchmarks: the end of the time window of live providers,
 * so the numbers on screen do not depend on when the test runs.
 */
void
fd_window_set_now (FdWindow *self,
                   gint64    now)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  if (self->now == now)
    return;

  self->now = now;
  schedule_query (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

/* }}} */

FdDataProvider *
fd_window_get_provider (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->provider;
}

static void
provider_snapshot_changed_cb (FdWindow       *self,
                              FdDataProvider *provider)
{
  const char * const *environments = fd_data_provider_get_environments (provider);

  /* Keep the built-in list until the provider knows better. */
  if (environments != NULL && environments[0] != NULL)
    fd_window_set_environments (self, environments);

  schedule_query (self, FALSE);
}

/**
 * fd_window_set_provider:
 * @self: a #FdWindow
 * @provider: (nullable) (transfer none): the data provider
 *
 * Sets the provider the window refreshes from. Its environments fill the
 * environment menu once it has produced a snapshot.
 */
void
fd_window_set_provider (FdWindow       *self,
                        FdDataProvider *provider)
{
  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (provider == NULL || FD_IS_DATA_PROVIDER (provider));

  if (self->provider == provider)
    return;

  /* A refresh of the old provider must not report into the new one. */
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);

  if (self->provider != NULL)
    g_signal_handlers_disconnect_by_func (self->provider, provider_snapshot_changed_cb, self);

  g_set_object (&self->provider, provider);
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    g_object_set (page_at (self, i), "provider", provider, NULL);

  if (provider != NULL)
    {
      g_signal_connect_object (provider, "snapshot-changed",
                               G_CALLBACK (provider_snapshot_changed_cb), self,
                               G_CONNECT_SWAPPED);
      provider_snapshot_changed_cb (self, provider);
    }
  else
    {
      fd_window_set_environments (self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
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
 * Shows the history in @file and asks for a refresh.
 */
void
fd_window_open_file (FdWindow *self,
                     GFile    *file)
{
  g_autofree char *basename = NULL;

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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  fd_window_refresh (self);
}

static void
provider_refreshed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(FdWindow) self = user_data;
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = fd_data_provider_refresh_finish (FD_DATA_PROVIDER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->refresh_cancellable);

  /* The previous snapshot and the data on screen stay; the label keeps the
   * last good time, and a toast says what went wrong. */
  if (snapshot == NULL)
    {
      g_message ("Refresh from %s failed: %s",
                 fd_data_provider_get_name (FD_DATA_PROVIDER (object)),
                 error != NULL ? error->message : "unknown error");
      set_error (self, error != NULL ? error->message : _("Unknown error"));
      return;
    }

  set_error (self, NULL);
  fd_window_refresh_finished (self, NULL);
  /* A provider that hands back the same snapshot emits no change. */
  schedule_query (self, FALSE);
}

/**
 * fd_window_refresh:
 * @self: a #FdWindow
 *
 * Emits #FdWindow::refresh-requested and asks the provider for a new
 * snapshot on a worker thread. A refresh already in flight is not started
 * again. Without a provider there is nothing to wait for, and the refresh
 * counts as finished right away.
 */
void
fd_window_refresh (FdWindow *self)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  g_signal_emit (self, signals[SIGNAL_REFRESH_REQUESTED], 0);

  if (self->provider == NULL)
    {
      fd_window_refresh_finished (self, NULL);
      return;
    }

  if (self->refresh_cancellable != NULL)
    return;

  self->refresh_cancellable = g_cancellable_new ();
  fd_data_provider_refresh_async (self->provider,
                                  self->refresh_cancellable,
                                  provider_refreshed_cb,
                                  g_object_ref (self));
}

/**
 * fd_window_refresh_finished:
 * @self: a #FdWindow
 * @when: (nullable): when the refresh completed, or %NULL for now
 *
 * Updates the "Updated 12:03:41" label, in local time.
 */
void
fd_window_refresh_finished (FdWindow  *self,
                            GDateTime *when)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  g_clear_pointer (&self->last_refresh, g_date_time_unref);
  if (when != NULL)
    self->last_refresh = g_date_time_to_local (when);
  else
    self->last_refresh = g_date_time_new_now_local ();

  update_updated_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_REFRESH]);
}

GDateTime *
fd_window_get_last_refresh (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->last_refresh;
}

/**
 * fd_window_get_toast_overlay:
 * @self: a #FdWindow
 *
 * Returns: (transfer none): the overlay pages show their toasts in
 */
AdwToastOverlay *
fd_window_get_toast_overlay (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->toast_overlay;
}

/**
 * fd_window_set_sources:
 * @self: a window
 * @sources: (nullable) (element-type FdSource): the sources shown, or %NULL
 *   for the simulator or a file
 *
 * The header bar's source status button and the offline banner follow them.
 */
void
fd_window_set_sources (FdWindow  *self,
                       GPtrArray *sources)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  g_object_set (self->sources_button, "sources", sources, NULL);
  g_object_set (self->offline_bar, "sources", sources, NULL);
}
