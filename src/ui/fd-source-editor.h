/* fd-source-editor.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FD_TYPE_SOURCE_EDITOR (fd_source_editor_get_type ())
G_DECLARE_FINAL_TYPE (FdSourceEditor, fd_source_editor, FD, SOURCE_EDITOR, AdwWindow)

/* Edits the source @uri of the "sources" key, or a new one when @uri is NULL.
 * Saving writes the definition to @settings and the token to the keyring. */
GtkWidget *fd_source_editor_new (GSettings  *settings,
                                 const char *uri);

G_END_DECLS
