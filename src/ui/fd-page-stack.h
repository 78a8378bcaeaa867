/* fd-page-stack.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FD_TYPE_PAGE_STACK (fd_page_stack_get_type ())

G_DECLARE_FINAL_TYPE (FdPageStack, fd_page_stack, FD, PAGE_STACK, GtkWidget)

GtkWidget  *fd_page_stack_new                     (void);
GtkWidget  *fd_page_stack_get_child_by_name       (FdPageStack *self,
                                                   const char  *name);
GtkWidget  *fd_page_stack_get_visible_child       (FdPageStack *self);
const char *fd_page_stack_get_visible_child_name  (FdPageStack *self);
void        fd_page_stack_set_visible_child_name  (FdPageStack *self,
                                                   const char  *name);
gboolean    fd_page_stack_prepare                 (FdPageStack *self,
                                                   GtkWidget   *page,
                                                   gboolean     paint);

G_END_DECLS
