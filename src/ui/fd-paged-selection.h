/* fd-paged-selection.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new row object showing @item. */
typedef gpointer (*FdPagedCopyFunc)   (gpointer item);
/* Makes @row show @item; returns TRUE if what the row shows changed (the
 * row then tells its cells, for example with a signal). */
typedef gboolean (*FdPagedAssignFunc) (gpointer row,
                                       gpointer item);
/* Whether @a and @b show the same record, so the selection can follow it. */
typedef gboolean (*FdPagedSameFunc)   (gpointer a,
                                       gpointer b);

#define FD_TYPE_PAGED_SELECTION (fd_paged_selection_get_type ())
G_DECLARE_FINAL_TYPE (FdPagedSelection, fd_paged_selection, FD, PAGED_SELECTION, GObject)

FdPagedSelection *fd_paged_selection_new               (GListModel        *model,
                                                        GType              item_type,
                                                        guint              page_size,
                                                        FdPagedCopyFunc    copy,
                                                        FdPagedAssignFunc  assign,
                                                        FdPagedSameFunc    same);
GListModel       *fd_paged_selection_get_model         (FdPagedSelection  *self);
guint             fd_paged_selection_get_page_size     (FdPagedSelection  *self);
guint             fd_paged_selection_get_page          (FdPagedSelection  *self);
void              fd_paged_selection_set_page          (FdPagedSelection  *self,
                                                        guint              page);
guint             fd_paged_selection_get_n_pages       (FdPagedSelection  *self);
guint             fd_paged_selection_get_n_rows        (FdPagedSelection  *self);
guint             fd_paged_selection_get_first_row     (FdPagedSelection  *self);
void              fd_paged_selection_sync              (FdPagedSelection  *self);
guint             fd_paged_selection_get_selected      (FdPagedSelection  *self);
gpointer          fd_paged_selection_get_selected_item (FdPagedSelection  *self);
void              fd_paged_selection_set_selected      (FdPagedSelection  *self,
                                                        guint              position);

G_END_DECLS
