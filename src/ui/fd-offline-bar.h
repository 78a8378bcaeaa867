/* fd-offline-bar.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FD_TYPE_OFFLINE_BAR (fd_offline_bar_get_type ())
G_DECLARE_FINAL_TYPE (FdOfflineBar, fd_offline_bar, FD, OFFLINE_BAR, GtkWidget)

/*
 * FdOfflineBar: a banner above the pages while no live source can be
 * reached, saying since when the data shown is stale. "sources" is a
 * GPtrArray of FdSource. (AdwBanner is libadwaita 1.3; this is the 1.2 way.)
 */

G_END_DECLS
