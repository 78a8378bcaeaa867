/* fd-page.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fd-session.h"
#include "fd-page-data.h"

G_BEGIN_DECLS

/*
 * FdPage: what the window knows of a page, and what a page knows of the
 * rest of the app.
 *
 * A page is given the data it shows (set_data), the session it shows it
 * from ("session": which actions a record's source takes, the silences,
 * the sources' notes) and the settings ("settings"). It acts through the window's actions
 * (win.acknowledge, win.apply, win.refresh, win.toast, ...), never through
 * the window itself, so a page builds and runs alone, in a test, without
 * a window.
 */
#define FD_TYPE_PAGE (fd_page_get_type ())
G_DECLARE_INTERFACE (FdPage, fd_page, FD, PAGE, GtkWidget)

struct _FdPageInterface
{
  GTypeInterface parent_iface;

  /* New page data (a full reference is taken if kept); NULL: none yet. */
  void (*set_data)  (FdPage     *self,
                     FdPageData *data);
  /* Why the last refresh failed (the data on screen stays), or NULL. */
  void (*set_error) (FdPage     *self,
                     const char *message);
};

void            fd_page_set_data         (FdPage         *self,
                                          FdPageData     *data);
void            fd_page_set_error        (FdPage         *self,
                                          const char     *message);

/* For implementations: install the interface's properties as overrides. */
void            fd_page_class_install_properties (GObjectClass *klass,
                                                  guint         session_prop_id,
                                                  guint         settings_prop_id);

/* Shows @message in the window's toast overlay (win.toast), or logs it
 * when the page is not in a window. */
void            fd_page_toast            (FdPage         *self,
                                          const char     *message);

G_END_DECLS
