/* fd-core.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-core"

#include "config.h"

#include "fd-core.h"

/**
 * fd_core_get_version:
 *
 * Returns: the version of the Flightdeck core library.
 */
const char *
fd_core_get_version (void)
{
  return PACKAGE_VERSION;
}
