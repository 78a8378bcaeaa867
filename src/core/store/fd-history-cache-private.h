/* fd-history-cache-private.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-history-cache.h"

G_BEGIN_DECLS

/* For tests only: the distinct threads that have made SQLite calls for @self
 * (a new array of borrowed GThread pointers), and the jobs run so far. */
GPtrArray *_fd_history_cache_get_db_threads (FdHistoryCache *self);
guint      _fd_history_cache_get_n_jobs     (FdHistoryCache *self);

G_END_DECLS
