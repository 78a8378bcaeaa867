/* fd-deployments-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-deployments-page"

#include "config.h"

#include "fd-deployments-page.h"

struct _FdDeploymentsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (FdDeploymentsPage, fd_deployments_page, ADW_TYPE_BIN)

static void
fd_deployments_page_dispose (GObject *object)
{
  /* AdwBin unparents its own child; gtk_widget_dispose_template() would
   * unparent it first and leave AdwBin with a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_DEPLOYMENTS_PAGE);

  G_OBJECT_CLASS (fd_deployments_page_parent_class)->dispose (object);
}

static void
fd_deployments_page_class_init (FdDeploymentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_deployments_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-deployments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, status_page);
}

static void
fd_deployments_page_init (FdDeploymentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fd_deployments_page_new:
 *
 * Creates the Deployments page. Until it has data it shows an empty state.
 *
 * Returns: (transfer floating): a new #FdDeploymentsPage
 */
GtkWidget *
fd_deployments_page_new (void)
{
  return g_object_new (FD_TYPE_DEPLOYMENTS_PAGE, NULL);
}

void
fd_deployments_page_set_data (FdDeploymentsPage *self,
                      FdPageData *data)
{
  g_return_if_fail (FD_IS_DEPLOYMENTS_PAGE (self));
  (void) data;
}

FdPageData *
fd_deployments_page_get_data (FdDeploymentsPage *self)
{
  return NULL;
}

void
fd_deployments_page_set_error (FdDeploymentsPage *self,
                       const char *message)
{
  (void) message;
}
