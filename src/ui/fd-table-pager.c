/* fd-table-pager.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-table-pager"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-chart-format.h"
#include "fd-table-pager.h"

/* The line under a table that says which rows it shows ("Rows 26–50 of
 * 1,000") and turns its pages. Hidden while everything fits on one page. */
struct _FdTablePager
{
  GtkWidget         parent_instance;

  /* Owned */
  FdPagedSelection *model;

  /* Template */
  GtkLabel         *label;
};

G_DEFINE_FINAL_TYPE (FdTablePager, fd_table_pager, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (FdTablePager *self)
{
  guint n_pages = self->model ? fd_paged_selection_get_n_pages (self->model) : 1;
  guint page = self->model ? fd_paged_selection_get_page (self->model) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self), n_pages > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pager.previous", page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pager.next", page + 1 < n_pages);

  if (n_pages > 1)
    {
      guint first = fd_paged_selection_get_first_row (self->model);
      guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
      g_autofree char *from = fd_chart_format_count (first + 1);
      g_autofree char *to = fd_chart_format_count (first + n_shown);
      g_autofree char *total = fd_chart_format_count (fd_paged_selection_get_n_rows (self->model));
      /* Translators: "Rows 26–50 of 1,000", the rows of a table on screen */
      g_autofree char *text = g_strdup_printf (_("Rows %s–%s of %s"), from, to, total);

      gtk_label_set_label (self->label, text);
    }
}

static void
turn_page (FdTablePager *self,
           int           delta)
{
  guint page;

  if (self->model == NULL)
    return;
  page = fd_paged_selection_get_page (self->model);
  if (delta < 0 && page == 0)
    return;
  fd_paged_selection_set_page (self->model, page + delta);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  turn_page (FD_TABLE_PAGER (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  turn_page (FD_TABLE_PAGER (widget), 1);
}

static void
fd_table_pager_dispose (GObject *object)
{
  FdTablePager *self = FD_TABLE_PAGER (object);
  GtkWidget *child;

  fd_table_pager_set_model (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FD_TYPE_TABLE_PAGER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fd_table_pager_parent_class)->dispose (object);
}

static void
fd_table_pager_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FdTablePager *self = FD_TABLE_PAGER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_table_pager_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FdTablePager *self = FD_TABLE_PAGER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      fd_table_pager_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_table_pager_class_init (FdTablePagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_table_pager_dispose;
  object_class->get_property = fd_table_pager_get_property;
  object_class->set_property = fd_table_pager_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, FD_TYPE_PAGED_SELECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/flightdeck/Flightdeck/ui/fd-table-pager.ui");
  gtk_widget_class_bind_template_child (widget_class, FdTablePager, label);
  gtk_widget_class_install_action (widget_class, "pager.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "pager.next", NULL, next_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fd-table-pager");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fd_table_pager_init (FdTablePager *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  update (self);
}

FdPagedSelection *
fd_table_pager_get_model (FdTablePager *self)
{
  g_return_val_if_fail (FD_IS_TABLE_PAGER (self), NULL);

  return self->model;
}

void
fd_table_pager_set_model (FdTablePager     *self,
                          FdPagedSelection *model)
{
  g_return_if_fail (FD_IS_TABLE_PAGER (self));
  g_return_if_fail (model == NULL || FD_IS_PAGED_SELECTION (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, update, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      g_signal_connect_swapped (model, "notify::page", G_CALLBACK (update), self);
      g_signal_connect_swapped (model, "notify::n-pages", G_CALLBACK (update), self);
      g_signal_connect_swapped (model, "notify::n-rows", G_CALLBACK (update), self);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/* What the pager says, for tests. */
const char *
fd_table_pager_get_text (FdTablePager *self)
{
  g_return_val_if_fail (FD_IS_TABLE_PAGER (self), NULL);

  return gtk_label_get_label (self->label);
}
