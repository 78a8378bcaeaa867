/* bench-core.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-core"

#include "config.h"

#include <stdio.h>

#include "fd-jsonl-reader.h"
#include "fd-metrics.h"
#include "fd-snapshot.h"

/* Measures reading speed, memory per run and query times on a real file:
 * bench-core FILE. Not a test: the numbers depend on the machine. */

static double
query_ms (FdSnapshot *snapshot,
          FdTime      span,
          const char *environment,
          gboolean    dashboard)
{
  FdTime last = fd_snapshot_get_last_time (snapshot);
  FdQuery query = { last - span + 1, last + 1, environment, 0, 0 };
  gint64 t0 = g_get_monotonic_time ();
  int n = 20;

  for (int i = 0; i < n; i++)
    {
      if (dashboard)
        fd_dashboard_free (fd_dashboard_compute (snapshot, &query));
      else
        fd_metrics_free (fd_metrics_compute (snapshot, &query));
    }

  return (g_get_monotonic_time () - t0) / 1000.0 / n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FdSnapshotBuilder) builder = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  FdJsonlStats stats;
  gsize n_runs, size;
  gint64 t0, t1, t2;
  const FdTime day = G_GINT64_CONSTANT (86400000000);

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s FILE\n", argv[0]);
      return 2;
    }

  builder = fd_snapshot_builder_new ();
  t0 = g_get_monotonic_time ();
  if (!fd_jsonl_read_file (argv[1], builder, NULL, NULL, &stats, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  t1 = g_get_monotonic_time ();
  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
  t2 = g_get_monotonic_time ();

  fd_snapshot_get_runs (snapshot, &n_runs);
  size = fd_snapshot_get_memory_size (snapshot);
  printf ("read: %.1f MB in %.3f s = %.1f MB/s (parse), %.1f MB/s (with end)\n",
          stats.bytes / 1e6, (t1 - t0) / 1e6, stats.bytes / (double) (t1 - t0),
          stats.bytes / (double) (t2 - t0));
  printf ("lines %" G_GUINT64_FORMAT ", valid %" G_GUINT64_FORMAT ", invalid %" G_GUINT64_FORMAT
          "\n", stats.lines, stats.valid, stats.invalid_lines);
  printf ("snapshot: %.1f MB, %zu runs, %.1f bytes per run (all records / runs)\n",
          size / 1e6, n_runs, n_runs ? (double) size / n_runs : 0.0);
  printf ("metrics 30 d all: %.3f ms\n", query_ms (snapshot, 30 * day, NULL, FALSE));
  printf ("metrics 7 d production: %.3f ms\n", query_ms (snapshot, 7 * day, "production", FALSE));
  printf ("dashboard 30 d all: %.3f ms\n", query_ms (snapshot, 30 * day, NULL, TRUE));
  printf ("dashboard 7 d production: %.3f ms\n", query_ms (snapshot, 7 * day, "production", TRUE));

  return 0;
}
