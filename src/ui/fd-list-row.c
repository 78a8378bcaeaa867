/* fd-list-row.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-list-row"

#include "config.h"

#include "fd-list-row.h"

/* A row of a boxed list with a title, a subtitle and suffixes, each on one
 * line, ellipsized. AdwActionRow wraps its labels: measuring a wrapping
 * label lays its text out at several widths, and rows whose text changes on
 * every refresh (flaky pipelines, finished canaries) made that the most
 * expensive part of showing new data. */
struct _FdListRow
{
  GtkListBoxRow  parent_instance;

  GtkWidget     *box;
  GtkLabel      *title;
  GtkLabel      *subtitle;
};

G_DEFINE_FINAL_TYPE (FdListRow, fd_list_row, GTK_TYPE_LIST_BOX_ROW)

static void
update_accessible_label (FdListRow *self)
{
  const char *title = gtk_label_get_label (self->title);
  const char *subtitle = gtk_label_get_label (self->subtitle);
  g_autofree char *label = NULL;

  label = subtitle[0] != '\0' ? g_strdup_printf ("%s, %s", title, subtitle) : g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
fd_list_row_class_init (FdListRowClass *klass)
{
}

static void
fd_list_row_init (FdListRow *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (self->box, 9);
  gtk_widget_set_margin_bottom (self->box, 9);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (self->subtitle, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), FALSE);

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->subtitle));
  gtk_box_append (GTK_BOX (self->box), labels);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), self->box);
}

/* Sets one of the labels; the accessible label says both. */
static void
set_text (FdListRow  *self,
          GtkLabel   *label,
          const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text ? text : "") == 0)
    return;
  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), label == self->title || (text != NULL && text[0] != '\0'));
  update_accessible_label (self);
}

GtkWidget *
fd_list_row_new (void)
{
  return g_object_new (FD_TYPE_LIST_ROW, NULL);
}

const char *
fd_list_row_get_title (FdListRow *self)
{
  g_return_val_if_fail (FD_IS_LIST_ROW (self), NULL);

  return gtk_label_get_label (self->title);
}

void
fd_list_row_set_title (FdListRow  *self,
                       const char *title)
{
  g_return_if_fail (FD_IS_LIST_ROW (self));

  set_text (self, self->title, title);
}

const char *
fd_list_row_get_subtitle (FdListRow *self)
{
  g_return_val_if_fail (FD_IS_LIST_ROW (self), NULL);

  return gtk_label_get_label (self->subtitle);
}

void
fd_list_row_set_subtitle (FdListRow  *self,
                          const char *subtitle)
{
  g_return_if_fail (FD_IS_LIST_ROW (self));

  set_text (self, self->subtitle, subtitle);
}

/* Adds @widget after the labels, centred. */
void
fd_list_row_add_suffix (FdListRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (FD_IS_LIST_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), widget);
}
