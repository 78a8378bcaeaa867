/* fd-cell-factory.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A table column's cells: @setup makes the cell's widget, @bind fills it
 * from a row (again whenever the row changes), @tooltip (optional) gives
 * its tooltip text, computed when the pointer rests on it. */
typedef void  (*FdCellSetupFunc)   (GtkListItem *list_item,
                                    int          column,
                                    gpointer     user_data);
typedef void  (*FdCellBindFunc)    (GtkListItem *list_item,
                                    gpointer     item,
                                    int          column,
                                    gpointer     user_data);
typedef char *(*FdCellTooltipFunc) (gpointer     item,
                                    int          column,
                                    gpointer     user_data);

GtkListItemFactory *fd_cell_factory_new (FdCellSetupFunc   setup,
                                         FdCellBindFunc    bind,
                                         FdCellTooltipFunc tooltip,
                                         int               column,
                                         gpointer          user_data);

G_END_DECLS
