/* fd-heap.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The one allocator-specific step the app keeps: after a refresh has reached
 * every page, the blocks the previous snapshot, page data and rows freed go
 * back to the system (glibc's malloc_trim). Without it glibc keeps them, and
 * a window left open for days grows its resident set in steps of megabytes
 * while the heap in use stays flat: the 10,000-cycle soak test failed at
 * +2.7 and +4.8 MiB without it, and the app benchmark's 1,000 refreshes
 * grew by 2.95 MB under the GL renderer (see tests/README.md and the README's
 * Performance section). Elsewhere it does nothing.
 */
void fd_heap_release_free (void);

G_END_DECLS
