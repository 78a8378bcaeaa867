/* fd-table-pager.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fd-paged-selection.h"

G_BEGIN_DECLS

/* Rows on a page of a table: enough to fill a tall window, few enough that
 * a page switch lays out only a few hundred cells. */
#define FD_TABLE_PAGE_SIZE 25

#define FD_TYPE_TABLE_PAGER (fd_table_pager_get_type ())
G_DECLARE_FINAL_TYPE (FdTablePager, fd_table_pager, FD, TABLE_PAGER, GtkWidget)

FdPagedSelection *fd_table_pager_get_model (FdTablePager     *self);
void              fd_table_pager_set_model (FdTablePager     *self,
                                            FdPagedSelection *model);
const char       *fd_table_pager_get_text  (FdTablePager     *self);

G_END_DECLS
