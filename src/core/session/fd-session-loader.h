/* fd-session-loader.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-session.h"

G_BEGIN_DECLS

/*
 * Puts the sources configured in @settings (the "sources" key, tokens from
 * the keyring) into @session, in place of the sources it has: each first
 * with what the offline history cache kept of it (so the window opens with
 * the last data at once, and the first fetch asks only for what changed
 * since), then fetched on its own interval, and every fetched batch and
 * status written back to the cache off the main thread.
 *
 * When no source is enabled (or "show-simulator" is set), @session is left
 * as it is and the result is 0. @out_problems: messages for what could not
 * be loaded (a broken entry, the cache), to be shown, not dropped.
 */
void   fd_session_loader_load_async  (FdSession            *session,
                                      GSettings            *settings,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
/* The number of sources now in the session; -1 with @error set. */
int    fd_session_loader_load_finish (GAsyncResult         *result,
                                      GPtrArray           **out_problems,
                                      GError              **error);

G_END_DECLS
