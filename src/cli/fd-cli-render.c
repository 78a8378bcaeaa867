/* fd-cli-render.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <stdio.h>

#include "fd-cli.h"

int
fd_cli_render (int    argc,
               char **argv)
{
  fprintf (stderr, "%s: not available yet\n", argv[0]);
  return FD_CLI_EXIT_FAILURE;
}

int
fd_cli_report (int    argc,
               char **argv)
{
  fprintf (stderr, "%s: not available yet\n", argv[0]);
  return FD_CLI_EXIT_FAILURE;
}

int
fd_cli_bench_charts (gboolean print_header)
{
  return FD_CLI_EXIT_OK;
}
