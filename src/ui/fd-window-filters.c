/* fd-window-filters.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-window-private.h"

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


/* Until the session knows the data's own. */
static const char * const default_environments[] = {
  "development", "staging", "production", NULL,
};

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

void
_fd_window_set_environments (FdWindow           *self,
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

void
_fd_window_load_settings (FdWindow *self)
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

void
_fd_window_save_state (FdWindow *self)
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
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_ENVIRONMENT]);
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
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_TIME_RANGE]);
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
    _fd_window_sync_sources (self);
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_AUTO_REFRESH]);
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
    _fd_window_sync_sources (self);
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_REFRESH_INTERVAL]);
}

/* The canary thresholds from the settings to the session. */
void
_fd_window_push_thresholds (FdWindow *self)
{
  if (self->settings == NULL)
    return;
  settings_changed_cb (self, "canary-pass-threshold", self->settings);
  settings_changed_cb (self, "canary-marginal-threshold", self->settings);
}

/* The filters' defaults, before the template's actions ask for them. */
void
_fd_window_init_filters (FdWindow *self)
{
  self->environment = g_strdup ("");
  self->environments = g_strdupv ((char **) default_environments);
  self->time_range = g_strdup (DEFAULT_TIME_RANGE);
  self->refresh_interval = DEFAULT_REFRESH_INTERVAL;
}

/* The filter menus and labels, once the template is built. */
void
_fd_window_init_filter_menus (FdWindow *self)
{
  int longest = 0;

  rebuild_environment_menu (self);
  update_environment_label (self);
  for (guint i = 0; i < G_N_ELEMENTS (time_ranges); i++)
    longest = MAX (longest, (int) g_utf8_strlen (_(time_ranges[i].label), -1));
  widen_label_for (self->time_range_label, longest);
  gtk_label_set_label (self->time_range_label, _(find_time_range (self->time_range)->label));
}
