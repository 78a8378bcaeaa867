/* fd-list-row.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FD_TYPE_LIST_ROW (fd_list_row_get_type ())
G_DECLARE_FINAL_TYPE (FdListRow, fd_list_row, FD, LIST_ROW, GtkListBoxRow)

GtkWidget  *fd_list_row_new          (void);
const char *fd_list_row_get_title    (FdListRow  *self);
void        fd_list_row_set_title    (FdListRow  *self,
                                      const char *title);
const char *fd_list_row_get_subtitle (FdListRow  *self);
void        fd_list_row_set_subtitle (FdListRow  *self,
                                      const char *subtitle);
void        fd_list_row_add_suffix   (FdListRow  *self,
                                      GtkWidget  *widget);

G_END_DECLS
