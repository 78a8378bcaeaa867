/* flightdeck-cli.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "fd-cli.h"
#include "fd-core.h"

int
main (int   argc,
      char *argv[])
{
  const FdCliCommand *command;

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      fd_cli_print_usage (stderr);
      return FD_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      fd_cli_print_usage (stdout);
      return FD_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("flightdeck-cli %s\n", fd_core_get_version ());
      return FD_CLI_EXIT_OK;
    }

  command = fd_cli_lookup (argv[1]);
  if (command != NULL)
    return command->run (argc - 1, argv + 1);

  fprintf (stderr, "flightdeck-cli: unknown command “%s”\n\n", argv[1]);
  fd_cli_print_usage (stderr);
  return FD_CLI_EXIT_USAGE;
}
