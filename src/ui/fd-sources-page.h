/* fd-sources-page.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FD_TYPE_SOURCES_PAGE (fd_sources_page_get_type ())
G_DECLARE_FINAL_TYPE (FdSourcesPage, fd_sources_page, FD, SOURCES_PAGE, AdwPreferencesPage)

/* The "Sources" page of the preferences: add, edit, remove, enable or disable. */
GtkWidget *fd_sources_page_new (GSettings *settings);

G_END_DECLS
