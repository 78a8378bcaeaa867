/* fd-cli-generate.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fd-cli.h"
#include "fd-jsonl-writer.h"
#include "fd-sim-provider.h"
#include "fd-time.h"

static gboolean
parse_count (const char  *option,
             const char  *str,
             guint64      min,
             guint64      max,
             guint64     *out)
{
  g_autoptr(GError) error = NULL;

  if (str == NULL || !g_ascii_string_to_unsigned (str, 10, min, max, out, &error))
    {
      fprintf (stderr, "generate: invalid value for %s: %s\n", option,
               error != NULL ? error->message : "missing");
      return FALSE;
    }
  return TRUE;
}

/**
 * fd_cli_generate:
 * @argc: number of arguments, the command name included
 * @argv: the arguments
 *
 * `flightdeck-cli generate [--seed N] [--runs N] [--days D] [--now TIME] [-o FILE]`:
 * writes about N simulated pipeline runs over D days ending at TIME, with
 * deployments, canaries, samples and alerts in proportion.
 *
 * Returns: the exit status
 */
int
fd_cli_generate (int    argc,
                 char **argv)
{
  g_autofree char *seed_str = NULL;
  g_autofree char *runs_str = NULL;
  g_autofree char *days_str = NULL;
  g_autofree char *now_str = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdSnapshotBuilder *builder;
  FdSimParams params;
  guint64 seed = 1, runs = 5000, days = 30;
  FdTime now;
  gsize n_runs;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_str, "Seed of the simulation (default 1)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_STRING, &runs_str, "About how many pipeline runs (default 5000)", "N" },
    { "days", 0, 0, G_OPTION_ARG_STRING, &days_str, "Days of history (default 30)", "D" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_str, "End of the history, RFC 3339 (default: now)", "TIME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE atomically instead of stdout", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("- write simulated history as JSON Lines");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "The same seed, size and --now always give the same output.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "generate: %s\n", error->message);
      return FD_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, "generate: unexpected argument “%s”\n", argv[1]);
      return FD_CLI_EXIT_USAGE;
    }

  if (seed_str != NULL && !parse_count ("--seed", seed_str, 0, G_MAXUINT64, &seed))
    return FD_CLI_EXIT_USAGE;
  if (runs_str != NULL && !parse_count ("--runs", runs_str, 0, 1000000000, &runs))
    return FD_CLI_EXIT_USAGE;
  if (days_str != NULL && !parse_count ("--days", days_str, 1, 3650, &days))
    return FD_CLI_EXIT_USAGE;

  now = fd_time_now ();
  if (now_str != NULL && !fd_time_parse (now_str, strlen (now_str), &now))
    {
      fprintf (stderr, "generate: invalid value for --now: “%s” is not an RFC 3339 time\n",
               now_str);
      return FD_CLI_EXIT_USAGE;
    }

  fd_sim_params_init (&params);
  params.seed = seed;
  params.runs_per_day = (double) runs / (double) days;
  /* Keep deployments, canaries and alerts in proportion to the runs:
   * the defaults pair 400 runs a day with 8 production deployments. */
  params.deploys_per_day = params.runs_per_day / 50.0;
  params.history_days = (guint) days;

  builder = fd_snapshot_builder_new ();
  fd_sim_generate (&params, now - (FdTime) days * 24 * 3600 * G_USEC_PER_SEC, now, builder);
  snapshot = fd_snapshot_builder_end (builder);
  fd_snapshot_get_runs (snapshot, &n_runs);

  if (output != NULL)
    {
      if (!fd_jsonl_write_file (snapshot, output, FD_TIME_NONE, FD_TIME_NONE, NULL, &error))
        {
          fprintf (stderr, "generate: %s\n", error->message);
          return FD_CLI_EXIT_FAILURE;
        }
    }
  else
    {
      g_autofree char *text = fd_jsonl_write_string (snapshot, FD_TIME_NONE, FD_TIME_NONE, NULL);
      gsize len = strlen (text);

      if (fwrite (text, 1, len, stdout) != len || fflush (stdout) != 0)
        {
          fprintf (stderr, "generate: cannot write to standard output\n");
          return FD_CLI_EXIT_FAILURE;
        }
    }

  return FD_CLI_EXIT_OK;
}
