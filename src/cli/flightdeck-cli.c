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

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "generate", fd_cli_generate, "Write simulated history as JSON Lines" },
  { "metrics",  fd_cli_metrics,  "Print the metrics of a JSON Lines file as JSON" },
  { "validate", fd_cli_validate, "List the invalid lines of a JSON Lines file" },
  { "render",   fd_cli_render,   "Render one dashboard chart to PNG, SVG or PDF" },
  { "report",   fd_cli_report,   "Write a multi-page PDF report" },
  { "bench",    fd_cli_bench,    "Measure reading, querying and drawing speed" },
  { "fetch",    fd_cli_fetch,    "Fetch a live source (GitHub, GitLab, Jenkins, Alertmanager, Argo Rollouts) as JSON Lines" },
  { "sources",  fd_cli_sources,  "List the sources the app has configured, with their status" },
  { "act",      fd_cli_act,      "Acknowledge, silence, promote, pause, resume or roll back on a live source" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: flightdeck-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun “flightdeck-cli COMMAND --help” for the options of a command.\n");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return FD_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return FD_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("flightdeck-cli %s\n", fd_core_get_version ());
      return FD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, "flightdeck-cli: unknown command “%s”\n\n", argv[1]);
  print_usage (stderr);
  return FD_CLI_EXIT_USAGE;
}
