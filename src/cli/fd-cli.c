/* fd-cli.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include "fd-cli.h"

#include <string.h>

const FdCliCommand * const fd_cli_commands[] = {
  &fd_cli_generate_command,
  &fd_cli_metrics_command,
  &fd_cli_validate_command,
  &fd_cli_render_command,
  &fd_cli_report_command,
  &fd_cli_bench_command,
  &fd_cli_fetch_command,
  &fd_cli_sources_command,
  &fd_cli_act_command,
  NULL
};

const FdCliCommand *
fd_cli_lookup (const char *name)
{
  for (guint i = 0; fd_cli_commands[i] != NULL; i++)
    {
      if (strcmp (fd_cli_commands[i]->name, name) == 0)
        return fd_cli_commands[i];
    }

  return NULL;
}

void
fd_cli_print_usage (FILE *out)
{
  fprintf (out, "Usage: flightdeck-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; fd_cli_commands[i] != NULL; i++)
    fprintf (out, "  %-10s %s\n", fd_cli_commands[i]->name, fd_cli_commands[i]->summary);
  fprintf (out, "\nRun “flightdeck-cli COMMAND --help” for the options of a command.\n");
}

GOptionContext *
fd_cli_context_new (const FdCliCommand *command)
{
  g_autofree char *prgname = g_strconcat ("flightdeck-cli ", command->name, NULL);
  g_autofree char *parameter = NULL;
  GOptionContext *context;

  if (command->args != NULL && command->tagline != NULL)
    parameter = g_strdup_printf ("%s - %s", command->args, command->tagline);
  else if (command->tagline != NULL)
    parameter = g_strdup_printf ("- %s", command->tagline);
  else
    parameter = g_strdup (command->args);

  /* --help then reads "Usage: flightdeck-cli metrics [OPTION…] FILE". */
  g_set_prgname (prgname);

  context = g_option_context_new (parameter);
  if (command->help != NULL)
    g_option_context_set_summary (context, command->help);
  g_option_context_add_main_entries (context, command->entries, NULL);

  return context;
}
