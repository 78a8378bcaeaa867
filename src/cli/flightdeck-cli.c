/* flightdeck-cli.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "fd-core.h"

int
main (int   argc,
      char *argv[])
{
  g_print ("flightdeck-cli %s\n", fd_core_get_version ());
  return 0;
}
