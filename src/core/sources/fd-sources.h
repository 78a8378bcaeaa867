/* fd-sources.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-http.h"
#include "fd-source.h"
#include "fd-source-config.h"

G_BEGIN_DECLS

/* Makes the source a config describes (any kind). The config is copied. */
FdSource *fd_source_new_for_config (const FdSourceConfig *config,
                                    GError              **error);

G_END_DECLS
