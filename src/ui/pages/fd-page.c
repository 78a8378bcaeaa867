/* fd-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-page"

#include "config.h"

#include "fd-page.h"

G_DEFINE_INTERFACE (FdPage, fd_page, GTK_TYPE_WIDGET)

static void
fd_page_default_init (FdPageInterface *iface)
{
  /**
   * FdPage:session:
   *
   * The session whose records the page shows and acts on.
   */
  g_object_interface_install_property (iface,
    g_param_spec_object ("session", NULL, NULL,
                         FD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FdPage:settings:
   *
   * The application's settings (thresholds, the user's name, ...).
   */
  g_object_interface_install_property (iface,
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

/**
 * fd_page_class_install_properties:
 * @klass: the class of an #FdPage implementation
 * @session_prop_id: its property id for #FdPage:session
 * @settings_prop_id: its property id for #FdPage:settings
 */
void
fd_page_class_install_properties (GObjectClass *klass,
                                  guint         session_prop_id,
                                  guint         settings_prop_id)
{
  g_object_class_override_property (klass, session_prop_id, "session");
  g_object_class_override_property (klass, settings_prop_id, "settings");
}

/**
 * fd_page_set_data:
 * @self: an #FdPage
 * @data: (nullable): the page data to show
 */
void
fd_page_set_data (FdPage     *self,
                  FdPageData *data)
{
  g_return_if_fail (FD_IS_PAGE (self));

  FD_PAGE_GET_IFACE (self)->set_data (self, data);
}

/**
 * fd_page_set_error:
 * @self: an #FdPage
 * @message: (nullable): why the last refresh failed, or %NULL
 */
void
fd_page_set_error (FdPage     *self,
                   const char *message)
{
  g_return_if_fail (FD_IS_PAGE (self));

  if (FD_PAGE_GET_IFACE (self)->set_error != NULL)
    FD_PAGE_GET_IFACE (self)->set_error (self, message);
}

/**
 * fd_page_toast:
 * @self: an #FdPage
 * @message: what to tell the user
 */
void
fd_page_toast (FdPage     *self,
               const char *message)
{
  g_return_if_fail (FD_IS_PAGE (self));
  g_return_if_fail (message != NULL);

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message))
    g_message ("%s", message);
}
