/* fd-session-private.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-session.h"

G_BEGIN_DECLS

/* For tests: the cancellable of the query in flight (NULL when none), and
 * how many queries were started and how many batches applied so far. */
GCancellable *_fd_session_get_query_cancellable (FdSession *self);
guint         _fd_session_get_n_queries         (FdSession *self);
guint         _fd_session_get_n_applied         (FdSession *self);

G_END_DECLS
