/* fd-preferences-window.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-preferences-window"

#include "config.h"

#include "fd-preferences-window.h"
#include "fd-sources-page.h"

struct _FdPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwComboRow *style_row;
  GtkSwitch   *auto_refresh_switch;
  AdwComboRow *interval_row;
  AdwComboRow *time_range_row;
  GtkSpinButton *pass_spin;
  GtkSpinButton *marginal_spin;
  GtkSwitch   *notify_critical_switch;
  GtkSwitch   *notify_deployments_switch;
  GtkSwitch   *notify_canary_switch;

  /* Owned */
  GSettings   *settings;
};

G_DEFINE_FINAL_TYPE (FdPreferencesWindow, fd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The combo rows list these values in this order (see the .ui file). */
static const char * const styles[] = { "default", "light", "dark", NULL };
static const char * const time_ranges[] = { "1h", "6h", "24h", "7d", "30d", "90d", NULL };
static const guint intervals[] = { 5, 15, 30, 60, 300 };

static gboolean
string_to_index (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *str = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], str))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
index_to_string (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  const char * const *choices = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[index]);
}

static gboolean
interval_to_index (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  guint seconds = g_variant_get_uint32 (variant);

  for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
    if (intervals[i] == seconds)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
index_to_interval (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (intervals))
    return NULL;

  return g_variant_new_uint32 (intervals[index]);
}

static void
fd_preferences_window_constructed (GObject *object)
{
  FdPreferencesWindow *self = FD_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (fd_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                string_to_index, index_to_string,
                                (gpointer) styles, NULL);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (fd_sources_page_new (self->settings)));
  g_settings_bind (self->settings, "auto-refresh", self->auto_refresh_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "refresh-interval", self->interval_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                interval_to_index, index_to_interval,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "time-range", self->time_range_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                string_to_index, index_to_string,
                                (gpointer) time_ranges, NULL);
  g_settings_bind (self->settings, "canary-pass-threshold",
                   gtk_spin_button_get_adjustment (self->pass_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "canary-marginal-threshold",
                   gtk_spin_button_get_adjustment (self->marginal_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-critical-alerts", self->notify_critical_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-failed-deployments", self->notify_deployments_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-canary-failures", self->notify_canary_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
}

static void
fd_preferences_window_dispose (GObject *object)
{
  FdPreferencesWindow *self = FD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fd_preferences_window_parent_class)->dispose (object);
}

static void
fd_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FdPreferencesWindow *self = FD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FdPreferencesWindow *self = FD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_preferences_window_class_init (FdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fd_preferences_window_constructed;
  object_class->dispose = fd_preferences_window_dispose;
  object_class->get_property = fd_preferences_window_get_property;
  object_class->set_property = fd_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, auto_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, time_range_row);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, pass_spin);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, marginal_spin);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, notify_critical_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, notify_deployments_switch);
  gtk_widget_class_bind_template_child (widget_class, FdPreferencesWindow, notify_canary_switch);
}

static void
fd_preferences_window_init (FdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fd_preferences_window_new:
 * @settings: (nullable): the settings to edit, or %NULL for the default ones
 *
 * Returns: (transfer floating): a new #FdPreferencesWindow
 */
GtkWidget *
fd_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FD_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}
