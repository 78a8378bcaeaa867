/* fd-sources-loader.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-sources-provider.h"

G_BEGIN_DECLS

/*
 * Makes the sources the "sources" key enables, each with its token from the
 * keyring. A source that cannot be made (a bad setting) or whose token cannot
 * be read is left out, with its reason in the problems list; a source without
 * a token is made without one (public repositories, open Alertmanagers).
 */
void               fd_sources_loader_load_async  (GSettings            *settings,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* NULL (and no error) when no source is enabled. @out_problems: messages,
 * one per source left out (transfer full, nullable). */
FdSourcesProvider *fd_sources_loader_load_finish (GAsyncResult         *result,
                                                  GPtrArray           **out_problems,
                                                  GError              **error);

G_END_DECLS
