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
usage_error (GOptionContext *context,
             const char     *command,
             const char     *message)
{
  fprintf (stderr, "flightdeck-cli %s: %s\n", command, message);
  fprintf (stderr, "Run “flightdeck-cli %s --help” for usage.\n", command);
  return FD_CLI_EXIT_USAGE;
}

static GOptionContext *
make_context (const char   *command,
              const char   *summary,
              GOptionEntry *entries)
{
  g_autofree char *prgname = g_strconcat ("flightdeck-cli ", command, NULL);
  GOptionContext *context = g_option_context_new ("FILE");

  /* --help then reads "Usage: flightdeck-cli metrics [OPTION…] FILE". */
  g_set_prgname (prgname);

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  return context;
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

int
fd_cli_metrics (int    argc,
                char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *environment = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdMetrics) metrics = NULL;
  g_autofree char *json = NULL;
  FdJsonlStats stats;
  FdQuery query = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      "Start of the window, RFC 3339 (default: 7 days before --to)", "TIME" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      "End of the window, excluded, RFC 3339 (default: now)", "TIME" },
    { "environment", 0, 0, G_OPTION_ARG_STRING, &environment,
      "Count only this environment", "ENV" },
    { NULL }
  };

  context = make_context ("metrics", "Prints the metrics of an events v1 JSON Lines file as one JSON object.\n"
                          "Invalid lines are listed on stderr and counted in invalid_lines.",
                          entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, "metrics", error->message);
  if (argc < 2)
    return usage_error (context, "metrics", "missing FILE");
  if (argc > 2)
    return usage_error (context, "metrics", "too many arguments");

  if (to_text != NULL)
    {
      if (!fd_time_parse (to_text, strlen (to_text), &query.to))
        return usage_error (context, "metrics", "--to is not an RFC 3339 time");
    }
  else
    {
      query.to = fd_time_now ();
    }
  if (from_text != NULL)
    {
      if (!fd_time_parse (from_text, strlen (from_text), &query.from))
        return usage_error (context, "metrics", "--from is not an RFC 3339 time");
    }
  else
    {
      query.from = query.to - WEEK_US;
    }
  /* An inverted window has no meaning (negative days); say so rather than
   * print a negative frequency. An empty one (from == to) is allowed: its
   * rates are null, as the spec says. */
  if (query.from > query.to)
    return usage_error (context, "metrics", "--from is after --to");
  query.environment = environment;

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

int
fd_cli_validate (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdJsonlStats stats;
  GOptionEntry entries[] = { { NULL } };
  g_autofree char *lines = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *blank = NULL;

  context = make_context ("validate", "Lists the invalid lines of an events v1 JSON Lines file with their "
                          "line numbers and reasons.\nExits with 1 when there is any.",
                          entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, "validate", error->message);
  if (argc < 2)
    return usage_error (context, "validate", "missing FILE");
  if (argc > 2)
    return usage_error (context, "validate", "too many arguments");

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
