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

/* The options live here, not in fd_cli_generate(): the command table below
 * gives the same entries to --help, the man page and the completion. */
static struct
{
  char *seed;
  char *runs;
  char *days;
  char *now;
  char *output;
} options;

static const GOptionEntry entries[] = {
  { "seed", 0, 0, G_OPTION_ARG_STRING, &options.seed, "Seed of the simulation (default 1)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_STRING, &options.runs,
    "About how many pipeline runs (default 5000)", "N" },
  { "days", 0, 0, G_OPTION_ARG_STRING, &options.days, "Days of history (default 30)", "D" },
  { "now", 0, 0, G_OPTION_ARG_STRING, &options.now,
    "End of the history, RFC 3339 (default: now)", "TIME" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
    "Write to FILE atomically instead of stdout", "FILE" },
  G_OPTION_ENTRY_NULL
};

/* `flightdeck-cli generate [--seed N] [--runs N] [--days D] [--now TIME] [-o FILE]`. */
static int
generate_main (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdSnapshotBuilder *builder;
  FdSimParams params;
  guint64 seed = 1, runs = 5000, days = 30;
  FdTime now;
  gsize n_runs;

  context = fd_cli_context_new (&fd_cli_generate_command);
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

  if (options.seed != NULL && !parse_count ("--seed", options.seed, 0, G_MAXUINT64, &seed))
    return FD_CLI_EXIT_USAGE;
  if (options.runs != NULL && !parse_count ("--runs", options.runs, 0, 1000000000, &runs))
    return FD_CLI_EXIT_USAGE;
  if (options.days != NULL && !parse_count ("--days", options.days, 1, 3650, &days))
    return FD_CLI_EXIT_USAGE;

  now = fd_time_now ();
  if (options.now != NULL && !fd_time_parse (options.now, strlen (options.now), &now))
    {
      fprintf (stderr, "generate: invalid value for --now: “%s” is not an RFC 3339 time\n",
               options.now);
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

  if (options.output != NULL)
    {
      if (!fd_jsonl_write_file (snapshot, options.output, FD_TIME_NONE, FD_TIME_NONE, NULL, &error))
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

static int
run (int    argc,
     char **argv)
{
  int status = generate_main (argc, argv);

  g_clear_pointer (&options.seed, g_free);
  g_clear_pointer (&options.runs, g_free);
  g_clear_pointer (&options.days, g_free);
  g_clear_pointer (&options.now, g_free);
  g_clear_pointer (&options.output, g_free);
  return status;
}

static const char * const examples[] = {
  "flightdeck-cli generate --seed 7 --days 90 -o history.jsonl",
  "Writes about 5000 simulated pipeline runs over 90 days, with their deployments, canaries "
  "and alerts, to history.jsonl.",
  NULL
};

const FdCliCommand fd_cli_generate_command = {
  .name = "generate",
  .run = run,
  .tagline = "write simulated history as JSON Lines",
  .summary = "Write simulated history as JSON Lines",
  .help = "Writes about N simulated pipeline runs over D days ending at TIME, with\n"
          "deployments, canaries, samples and alerts in proportion.\n"
          "The same seed, size and --now always give the same output.",
  .entries = entries,
  .examples = examples,
};
