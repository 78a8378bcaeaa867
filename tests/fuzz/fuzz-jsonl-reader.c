/* fuzz-jsonl-reader.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-jsonl-reader"

#include "config.h"

#include "fuzz-target.h"

#include "fd-canary-judge.h"
#include "fd-jsonl-reader.h"
#include "fd-snapshot.h"

typedef struct
{
  guint64 last_line;
  guint64 n_errors;
} ErrorCheck;

static void
error_cb (guint64     line_number,
          const char *reason,
          gpointer    user_data)
{
  ErrorCheck *check = user_data;

  /* Errors come in file order, one per line at most, each with a reason. */
  if (reason == NULL || line_number == 0 || line_number <= check->last_line)
    g_error ("bad error report: line %" G_GUINT64_FORMAT " after %" G_GUINT64_FORMAT,
             line_number, check->last_line);

  check->last_line = line_number;
  check->n_errors++;
}

/* Walks everything the snapshot hands out, so that a record pointing at a
 * string, stage or step that does not exist shows up under ASan. */
static void
walk_snapshot (FdSnapshot *snapshot)
{
  const FdPipelineRun *runs;
  const FdAlert *alerts;
  const FdCanary *canaries;
  gsize n = 0;
  gsize first = 0;
  gsize last = 0;
  FdTime from = fd_snapshot_get_first_time (snapshot);
  FdTime to = fd_snapshot_get_last_time (snapshot);

  runs = fd_snapshot_get_runs (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    {
      gsize n_stages = 0;
      const FdStage *stages = fd_snapshot_get_stages (snapshot, &runs[i], &n_stages);

      (void) fd_snapshot_str (snapshot, runs[i].id);
      for (gsize j = 0; j < n_stages; j++)
        (void) fd_snapshot_str (snapshot, stages[j].name);
    }

  alerts = fd_snapshot_get_alerts (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    if (alerts[i].resolved_at != FD_TIME_NONE && alerts[i].resolved_at < alerts[i].started_at)
      g_error ("alert resolved before it started was accepted");

  canaries = fd_snapshot_get_canaries (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    {
      gsize n_steps = 0;
      const double *steps = fd_snapshot_get_steps (snapshot, &canaries[i], &n_steps);
      g_autoptr(FdCanaryVerdict) verdict = NULL;
      volatile double step = 0;

      for (gsize j = 0; j < n_steps; j++)
        step = steps[j];   /* a read ASan checks */
      (void) step;

      verdict = fd_canary_judge_snapshot (snapshot, canaries[i].id, G_MININT64 + 1, G_MAXINT64,
                                          TRUE, 95, 75);
      if (verdict == NULL)
        g_error ("no verdict");
    }

  if (from != FD_TIME_NONE)
    {
      fd_snapshot_runs_range (snapshot, from, to + 1, &first, &last);
      if (first > last)
        g_error ("inverted range");
      fd_snapshot_samples_range (snapshot, from, to, &first, &last);
      if (first > last)
        g_error ("inverted range");
    }

  (void) fd_snapshot_get_environments (snapshot);
  (void) fd_snapshot_get_services (snapshot);
  (void) fd_snapshot_get_memory_size (snapshot);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdJsonlStats stats = { 0, };
  ErrorCheck check = { 0, };

  fd_jsonl_read_data ((const char *) data, size, builder, error_cb, &check, &stats);
  snapshot = fd_snapshot_builder_end (builder);

  if (stats.invalid_lines != check.n_errors)
    g_error ("%" G_GUINT64_FORMAT " invalid lines but %" G_GUINT64_FORMAT " reported",
             stats.invalid_lines, check.n_errors);
  if (stats.valid + stats.invalid_lines + stats.unknown_types + stats.blank_lines > stats.lines)
    g_error ("line counts add up to more than the lines read");

  walk_snapshot (snapshot);

  return 0;
}
