/* fd-pipelines-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-pipelines-page"

#include "config.h"

#include "fd-pipelines-page.h"

struct _FdPipelinesPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (FdPipelinesPage, fd_pipelines_page, ADW_TYPE_BIN)

static void
fd_pipelines_page_dispose (GObject *object)
{
  /* AdwBin unparents its own child; gtk_widget_dispose_template() would
   * unparent it first and leave AdwBin with a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_PIPELINES_PAGE);

  G_OBJECT_CLASS (fd_pipelines_page_parent_class)->dispose (object);
}

static void
fd_pipelines_page_class_init (FdPipelinesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_pipelines_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-pipelines-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, status_page);
}

static void
fd_pipelines_page_init (FdPipelinesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fd_pipelines_page_new:
 *
 * Creates the Pipelines page. Until it has data it shows an empty state.
 *
 * Returns: (transfer floating): a new #FdPipelinesPage
 */
GtkWidget *
fd_pipelines_page_new (void)
{
  return g_object_new (FD_TYPE_PIPELINES_PAGE, NULL);
}

void
fd_pipelines_page_set_data (FdPipelinesPage *self,
                      FdPageData *data)
{
  g_return_if_fail (FD_IS_PIPELINES_PAGE (self));
  (void) data;
}

FdPageData *
fd_pipelines_page_get_data (FdPipelinesPage *self)
{
  return NULL;
}

void
fd_pipelines_page_set_error (FdPipelinesPage *self,
                       const char *message)
{
  (void) message;
}
