/* fd-heap.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-heap"

#include "config.h"

#include "fd-heap.h"

/* After a libc header: __GLIBC__ comes from <features.h>. */
#ifdef __GLIBC__
#include <malloc.h>
#endif

void
fd_heap_release_free (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
