/* fd-source-settings.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-source-config.h"

G_BEGIN_DECLS

/*
 * The source definitions in GSettings ("sources", aa{sv}). Tokens are never
 * part of them: they live in the keyring (fd-secret-store.h).
 */

/* A dictionary for the "sources" key; the token is left out. */
GVariant       *fd_source_config_to_variant      (const FdSourceConfig *config);
/* Fails with FD_SOURCE_ERROR_INVALID_ARGUMENT naming the bad entry. */
FdSourceConfig *fd_source_config_new_from_variant (GVariant            *dict,
                                                   GError             **error);
/* Every entry of the key in order, as FdSourceConfig. An entry that cannot be
 * used is skipped, and its reason added to @out_problems (nullable). */
GPtrArray      *fd_source_settings_load          (GSettings            *settings,
                                                  GPtrArray           **out_problems);
void            fd_source_settings_save          (GSettings            *settings,
                                                  GPtrArray            *configs);

G_END_DECLS
