/* fd-cli-metrics.c
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
#include "fd-format.h"
#include "fd-jsonl-reader.h"
#include "fd-metrics.h"
#include "fd-time.h"

#define WEEK_US (G_GINT64_CONSTANT (7) * 86400 * 1000000)

typedef struct
{
  const char *path;
  FILE       *out;
} ReportData;

static void
report_line_cb (guint64     line_number,
                const char *reason,
                gpointer    user_data)
{
  ReportData *data = user_data;

  fprintf (data->out, "%s:%" G_GUINT64_FORMAT ": %s\n", data->path, line_number, reason);
}

static int
usage_error (const char *command,
             const char *message)
{
  fprintf (stderr, "flightdeck-cli %s: %s\n", command, message);
  fprintf (stderr, "Run “flightdeck-cli %s --help” for usage.\n", command);
  return FD_CLI_EXIT_USAGE;
}

/* Reads @path; on failure prints the reason and returns NULL. */
static FdSnapshot *
read_file (const char   *command,
           const char   *path,
           FILE         *errors_to,
           FdJsonlStats *stats)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(GError) error = NULL;
  ReportData data = { path, errors_to };

  if (!fd_jsonl_read_file (path, builder, report_line_cb, &data, stats, NULL, &error))
    {
      fprintf (stderr, "flightdeck-cli %s: %s\n", command, error->message);
      return NULL;
    }

  return fd_snapshot_builder_end (g_steal_pointer (&builder));
}

/* The options live outside the command functions: the command tables at the
 * end give the same entries to --help, the man page and the completion. */
static struct
{
  char *from;
  char *to;
  char *environment;
} options;

static const GOptionEntry metrics_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
    "Start of the window, RFC 3339 (default: 7 days before --to)", "TIME" },
  { "to", 0, 0, G_OPTION_ARG_STRING, &options.to,
    "End of the window, excluded, RFC 3339 (default: now)", "TIME" },
  { "environment", 0, 0, G_OPTION_ARG_STRING, &options.environment,
    "Count only this environment", "ENV" },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry validate_entries[] = { G_OPTION_ENTRY_NULL };

static int
metrics_main (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdMetrics) metrics = NULL;
  g_autofree char *json = NULL;
  FdJsonlStats stats;
  FdQuery query = { 0 };

  context = fd_cli_context_new (&fd_cli_metrics_command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("metrics", error->message);
  if (argc < 2)
    return usage_error ("metrics", "missing FILE");
  if (argc > 2)
    return usage_error ("metrics", "too many arguments");

  if (options.to != NULL)
    {
      if (!fd_time_parse (options.to, strlen (options.to), &query.to))
        return usage_error ("metrics", "--to is not an RFC 3339 time");
    }
  else
    {
      query.to = fd_time_now ();
    }
  if (options.from != NULL)
    {
      if (!fd_time_parse (options.from, strlen (options.from), &query.from))
        return usage_error ("metrics", "--from is not an RFC 3339 time");
    }
  else
    {
      query.from = query.to - WEEK_US;
    }
  /* An inverted window has no meaning (negative days); say so rather than
   * print a negative frequency. An empty one (from == to) is allowed: its
   * rates are null, as the spec says. */
  if (query.from > query.to)
    return usage_error ("metrics", "--from is after --to");
  query.environment = options.environment;

  snapshot = read_file ("metrics", argv[1], stderr, &stats);
  if (snapshot == NULL)
    return FD_CLI_EXIT_FAILURE;
  if (stats.unknown_types > 0)
    {
      g_autofree char *unknown = fd_format_count (stats.unknown_types);

      fprintf (stderr, "%s: %s line(s) of unknown type skipped\n", argv[1], unknown);
    }

  metrics = fd_metrics_compute (snapshot, &query);
  json = fd_metrics_to_json (metrics, stats.invalid_lines);
  printf ("%s\n", json);
  fflush (stdout);

  return FD_CLI_EXIT_OK;
}

static int
validate_main (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdJsonlStats stats;
  g_autofree char *lines = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *blank = NULL;

  context = fd_cli_context_new (&fd_cli_validate_command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("validate", error->message);
  if (argc < 2)
    return usage_error ("validate", "missing FILE");
  if (argc > 2)
    return usage_error ("validate", "too many arguments");

  snapshot = read_file ("validate", argv[1], stdout, &stats);
  if (snapshot == NULL)
    return FD_CLI_EXIT_FAILURE;

  /* A summary for people, in their locale; the line numbers above stay
   * plain so that editors can jump to them. */
  lines = fd_format_count (stats.lines);
  valid = fd_format_count (stats.valid);
  invalid = fd_format_count (stats.invalid_lines);
  unknown = fd_format_count (stats.unknown_types);
  blank = fd_format_count (stats.blank_lines);
  printf ("%s: %s lines, %s valid, %s invalid, %s of unknown type, %s blank\n",
          argv[1], lines, valid, invalid, unknown, blank);
  fflush (stdout);

  return stats.invalid_lines > 0 ? FD_CLI_EXIT_FAILURE : FD_CLI_EXIT_OK;
}

static int
run_metrics (int    argc,
             char **argv)
{
  int status = metrics_main (argc, argv);

  g_clear_pointer (&options.from, g_free);
  g_clear_pointer (&options.to, g_free);
  g_clear_pointer (&options.environment, g_free);
  return status;
}

static const char * const metrics_examples[] = {
  "flightdeck-cli metrics history.jsonl --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z",
  "Prints the metrics of November 2026 (UTC) as one JSON object.",
  NULL
};

const FdCliCommand fd_cli_metrics_command = {
  .name = "metrics",
  .run = run_metrics,
  .args = "FILE",
  .summary = "Print the metrics of a JSON Lines file as JSON",
  .help = "Prints the metrics of an events v1 JSON Lines file as one JSON object.\n"
          "Invalid lines are listed on stderr and counted in invalid_lines.",
  .details = "The object holds the four DORA metrics (deployment frequency, lead time for "
             "changes, change failure rate, time to restore) with their tiers, and the counts "
             "of runs, deployments, alerts and canaries in the window from --from to --to.",
  .entries = metrics_entries,
  .examples = metrics_examples,
};

static const char * const validate_examples[] = {
  "flightdeck-cli validate history.jsonl",
  "Lists each invalid line of history.jsonl with its reason, then one line of counts.",
  NULL
};

const FdCliCommand fd_cli_validate_command = {
  .name = "validate",
  .run = validate_main,
  .args = "FILE",
  .summary = "List the invalid lines of a JSON Lines file",
  .help = "Lists the invalid lines of an events v1 JSON Lines file with their "
          "line numbers and reasons.\nExits with 1 when there is any.",
  .entries = validate_entries,
  .examples = validate_examples,
};
