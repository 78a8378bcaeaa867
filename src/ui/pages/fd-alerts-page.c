/* fd-alerts-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-alerts-page"

#include "config.h"

#include "fd-alerts-page.h"

struct _FdAlertsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (FdAlertsPage, fd_alerts_page, ADW_TYPE_BIN)

static void
fd_alerts_page_dispose (GObject *object)
{
  /* AdwBin unparents its own child; gtk_widget_dispose_template() would
   * unparent it first and leave AdwBin with a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_ALERTS_PAGE);

  G_OBJECT_CLASS (fd_alerts_page_parent_class)->dispose (object);
}

static void
fd_alerts_page_class_init (FdAlertsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_alerts_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-alerts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, status_page);
}

static void
fd_alerts_page_init (FdAlertsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fd_alerts_page_new:
 *
 * Creates the Alerts page. Until it has data it shows an empty state.
 *
 * Returns: (transfer floating): a new #FdAlertsPage
 */
GtkWidget *
fd_alerts_page_new (void)
{
  return g_object_new (FD_TYPE_ALERTS_PAGE, NULL);
}

/**
 * fd_alerts_page_set_data:
 * @self: a #FdAlertsPage
 * @data: (nullable): the query result to show
 *
 * Shows @data. A placeholder until the page is filled in.
 */
void
fd_alerts_page_set_data (FdAlertsPage *self,
                      FdPageData *data)
{
  g_return_if_fail (FD_IS_ALERTS_PAGE (self));

  (void) data;
}
