/* fd-sources-button.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FD_TYPE_SOURCES_BUTTON (fd_sources_button_get_type ())
G_DECLARE_FINAL_TYPE (FdSourcesButton, fd_sources_button, FD, SOURCES_BUTTON, GtkWidget)

/*
 * FdSourcesButton: a header-bar button whose popover lists the live sources
 * with their status (ok, stale since …, error, rate limited until …). Its
 * icon warns when a source has trouble. Hidden while no source is set.
 * "sources" is a GPtrArray of FdSource.
 */

G_END_DECLS
