/* fd-cli-bench.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fd-cli.h"
#include "fd-history-cache.h"
#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"
#include "fd-metrics.h"
#include "fd-page-data.h"
#include "fd-record-store.h"
#include "fd-sim-provider.h"

#define DAY_US ((FdTime) 24 * 3600 * G_USEC_PER_SEC)
/* A fixed "now" so that every run measures the same data. */
#define BENCH_NOW ((FdTime) 1795000000 * G_USEC_PER_SEC)

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
print_row (const char *operation,
           const char *size,
           double      seconds,
           const char *rate)
{
  char time[32];

  if (seconds < 0.001)
    g_snprintf (time, sizeof time, "%.1f µs", seconds * 1e6);
  else if (seconds < 1)
    g_snprintf (time, sizeof time, "%.2f ms", seconds * 1e3);
  else
    g_snprintf (time, sizeof time, "%.3f s", seconds);
  printf ("%-34s %14s %12s %20s\n", operation, size, time, rate);
}

static char *
records_rate (double n,
              double seconds)
{
  double r = n / seconds;

  if (r >= 1e6)
    return g_strdup_printf ("%.2f M rec/s", r / 1e6);
  return g_strdup_printf ("%.0f k rec/s", r / 1e3);
}

/* CPU seconds of the calling thread: the cost of a query, whatever else the
 * machine is doing. */
static double
thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static guint64
rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + 6, NULL, 10) * 1024;
}

static FdSnapshot *
generate (const FdSimParams *params,
          double            *gen_s,
          double            *build_s)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  gint64 t0, t1, t2;
  FdSnapshot *snapshot;

  t0 = g_get_monotonic_time ();
  fd_sim_generate (params, BENCH_NOW - 30 * DAY_US, BENCH_NOW, builder);
  t1 = g_get_monotonic_time ();
  snapshot = fd_snapshot_builder_end (builder);
  t2 = g_get_monotonic_time ();
  *gen_s = (t1 - t0) / 1e6;
  *build_s = (t2 - t1) / 1e6;
  return snapshot;
}

/* The history cache rows: one write of the whole history in one
 * transaction, then reopening it (open, checks, retention, load into a
 * snapshot) as the app does at start, against the JSON Lines read. */
static int
bench_history_cache (FdSnapshot *snapshot,
                     const char *dir,
                     double      n_records,
                     guint64     runs,
                     guint       repeat,
                     double      jsonl_read_s)
{
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autofree double *times = g_new0 (double, repeat);
  g_autofree char *size = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *label = NULL;
  g_autofree char *jsonl_label = NULL;
  g_autofree char *runs_label = NULL;
  g_autoptr(FdBatch) batch = fd_batch_new ("sim:bench", snapshot, NULL, NULL);
  g_autoptr(GError) error = NULL;
  FdHistoryCache *cache;
  GStatBuf st = { 0, };
  gint64 t0;
  double write_s;

  if (runs % 1000000 == 0)
    runs_label = g_strdup_printf ("%" G_GUINT64_FORMAT "M", runs / 1000000);
  else if (runs % 1000 == 0)
    runs_label = g_strdup_printf ("%" G_GUINT64_FORMAT "k", runs / 1000);
  else
    runs_label = g_strdup_printf ("%" G_GUINT64_FORMAT, runs);

  /* The simulated history ends at BENCH_NOW, which retention must not judge. */
  cache = fd_history_cache_new (path);
  fd_history_cache_set_retention_days (cache, 0);
  t0 = g_get_monotonic_time ();
  if (!fd_history_cache_open_sync (cache, NULL, &error) ||
      !fd_history_cache_apply_batch_sync (cache, batch, NULL, &error))
    {
      fprintf (stderr, "bench: %s\n", error->message);
      g_object_unref (cache);
      return FD_CLI_EXIT_FAILURE;
    }
  g_object_unref (cache);
  write_s = (g_get_monotonic_time () - t0) / 1e6;
  g_stat (path, &st);
  size = g_strdup_printf ("%.1f MB", st.st_size / 1e6);
  rate = records_rate (n_records, write_s);
  print_row ("history cache write (1 txn)", size, write_s, rate);

  for (guint i = 0; i < repeat; i++)
    {
      FdSnapshot *loaded;

      t0 = g_get_monotonic_time ();
      cache = fd_history_cache_new (path);
      fd_history_cache_set_retention_days (cache, 0);
      if (!fd_history_cache_open_sync (cache, NULL, &error) ||
          (loaded = fd_history_cache_load_sync (cache, NULL, NULL, NULL, &error)) == NULL)
        {
          fprintf (stderr, "bench: %s\n", error->message);
          g_object_unref (cache);
          return FD_CLI_EXIT_FAILURE;
        }
      times[i] = (g_get_monotonic_time () - t0) / 1e6;
      fd_snapshot_unref (loaded);
      g_object_unref (cache);
    }
  label = g_strdup_printf ("reopen %s-run history cache", runs_label);
  g_free (rate);
  rate = records_rate (n_records, median (times, repeat));
  print_row (label, size, median (times, repeat), rate);
  jsonl_label = g_strdup_printf ("  vs read %s-run JSON Lines", runs_label);
  g_free (rate);
  rate = g_strdup_printf ("%.2f× faster", jsonl_read_s / median (times, repeat));
  print_row (jsonl_label, "", jsonl_read_s, rate);

  for (guint i = 0; i < 3; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }

  return FD_CLI_EXIT_OK;
}

/* The session's record store: the history as one source's batch, then
 * batches of 100 runs newer than it (a file appended to, a poll bringing
 * news), alone and with 10 of them updates of recent runs. As in the app,
 * the previous snapshot is still held (on screen) while the next is made. */
static void
bench_record_store (FdSnapshot *history,
                    guint64     runs,
                    guint       repeat)
{
  const guint n_batches = MAX (repeat, 20);
  g_autoptr(FdRecordStore) store = fd_record_store_new ();
  g_autoptr(FdBatch) all = fd_batch_new ("sim:bench", history, NULL, NULL);
  g_autofree double *times = g_new0 (double, n_batches);
  g_autofree char *label = NULL;
  g_autofree char *rate = NULL;
  FdSnapshot *current, *previous = NULL;
  const FdPipelineRun *old_runs;
  gsize n_runs;
  gint64 t0;

  t0 = g_get_monotonic_time ();
  current = fd_record_store_apply (store, all, FD_TIME_NONE);
  times[0] = (g_get_monotonic_time () - t0) / 1e6;
  rate = records_rate ((double) fd_batch_get_n_records (all), times[0]);
  print_row ("record store: load history", "", times[0], rate);

  old_runs = fd_snapshot_get_runs (history, &n_runs);
  for (guint with_updates = 0; with_updates < 2; with_updates++)
    {
      g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_batch_unref);

      for (guint b = 0; b < n_batches; b++)
        {
          FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
          g_autoptr(FdSnapshot) records = NULL;
          guint n_new = with_updates ? 90 : 100;

          for (guint i = 0; i < n_new; i++)
            {
              FdPipelineRun run = { 0, };
              FdStage stages[3];
              char id[64];

              g_snprintf (id, sizeof id, "bench-%u-%u-%u", with_updates, b, i);
              run.started_at = BENCH_NOW + (FdTime) ((with_updates * n_batches + b) * 100 + i) *
                               G_USEC_PER_SEC;
              run.finished_at = run.started_at + 300 * G_USEC_PER_SEC;
              run.id = fd_snapshot_builder_intern (builder, id);
              run.pipeline = fd_snapshot_builder_intern (builder, "checkout/ci");
              run.service = fd_snapshot_builder_intern (builder, "checkout");
              run.environment = fd_snapshot_builder_intern (builder, "production");
              run.commit = fd_snapshot_builder_intern (builder, id);
              run.trigger = fd_snapshot_builder_intern (builder, "push");
              run.status = FD_RUN_SUCCESS;
              for (guint k = 0; k < 3; k++)
                {
                  static const char * const names[] = { "build", "test", "deploy" };

                  stages[k].name = fd_snapshot_builder_intern (builder, names[k]);
                  stages[k].status = FD_RUN_SUCCESS;
                  stages[k].duration_s = 100;
                }
              fd_snapshot_builder_add_run (builder, &run, stages, 3);
            }
          /* Recent runs of the history that finished since the last poll. */
          for (guint i = 0; with_updates && i < 10 && i < n_runs; i++)
            {
              const FdPipelineRun *old = &old_runs[n_runs - 1 - (b * 10 + i) % MIN (n_runs, 500)];
              FdPipelineRun run = *old;
              const FdStage *stages;
              gsize n_stages;

              run.status = run.status == FD_RUN_FAILED ? FD_RUN_SUCCESS : FD_RUN_FAILED;
              run.finished_at = run.started_at + 60 * G_USEC_PER_SEC;
              run.id = fd_snapshot_builder_intern (builder, fd_snapshot_str (history, old->id));
              run.pipeline = fd_snapshot_builder_intern (builder,
                                                         fd_snapshot_str (history, old->pipeline));
              run.service = fd_snapshot_builder_intern (builder,
                                                        fd_snapshot_str (history, old->service));
              run.environment = fd_snapshot_builder_intern (builder,
                                                            fd_snapshot_str (history,
                                                                             old->environment));
              run.branch = fd_snapshot_builder_intern (builder,
                                                       fd_snapshot_str (history, old->branch));
              run.commit = fd_snapshot_builder_intern (builder,
                                                       fd_snapshot_str (history, old->commit));
              run.trigger = fd_snapshot_builder_intern (builder,
                                                        fd_snapshot_str (history, old->trigger));
              stages = fd_snapshot_get_stages (history, old, &n_stages);
              {
                g_autofree FdStage *copy = g_memdup2 (stages, MAX (n_stages, 1) * sizeof (FdStage));

                for (gsize k = 0; k < n_stages; k++)
                  copy[k].name = fd_snapshot_builder_intern (builder,
                                                             fd_snapshot_str (history,
                                                                              stages[k].name));
                fd_snapshot_builder_add_run (builder, &run, copy, n_stages);
              }
            }
          records = fd_snapshot_builder_end (builder);
          g_ptr_array_add (batches, fd_batch_new ("sim:bench", records, NULL, NULL));
        }

      for (guint b = 0; b < n_batches; b++)
        {
          FdSnapshot *next;

          t0 = g_get_monotonic_time ();
          next = fd_record_store_apply (store, g_ptr_array_index (batches, b), FD_TIME_NONE);
          times[b] = (g_get_monotonic_time () - t0) / 1e6;
          g_clear_pointer (&previous, fd_snapshot_unref);
          previous = current;
          current = next;
        }

      g_free (label);
      if (runs % 1000000 == 0)
        label = g_strdup_printf ("apply 100-record batch to %" G_GUINT64_FORMAT "M history%s",
                                 runs / 1000000, with_updates ? ", 10 updates" : "");
      else
        label = g_strdup_printf ("apply 100-record batch to %" G_GUINT64_FORMAT "-run history%s",
                                 runs, with_updates ? ", 10 updates" : "");
      g_free (rate);
      rate = records_rate (100, median (times, n_batches));
      print_row (label, "100 rec", median (times, n_batches), rate);
    }

  g_clear_pointer (&previous, fd_snapshot_unref);
  fd_snapshot_unref (current);
}

/* A batch of @n successful runs starting one second apart from @start, as
 * a file that was appended to brings them. */
static FdBatch *
new_runs_batch (const char *prefix,
                guint       n,
                FdTime      start)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) records = NULL;

  for (guint i = 0; i < n; i++)
    {
      static const char * const names[] = { "build", "test", "deploy" };
      FdPipelineRun run = { 0, };
      FdStage stages[G_N_ELEMENTS (names)];
      char id[64];

      g_snprintf (id, sizeof id, "%s-%u", prefix, i);
      run.started_at = start + (FdTime) i * G_USEC_PER_SEC;
      run.finished_at = run.started_at + 300 * G_USEC_PER_SEC;
      run.id = fd_snapshot_builder_intern (builder, id);
      run.pipeline = fd_snapshot_builder_intern (builder, "checkout/ci");
      run.service = fd_snapshot_builder_intern (builder, "checkout");
      run.environment = fd_snapshot_builder_intern (builder, "production");
      run.commit = fd_snapshot_builder_intern (builder, id);
      run.trigger = fd_snapshot_builder_intern (builder, "push");
      run.status = i % 7 == 3 ? FD_RUN_FAILED : FD_RUN_SUCCESS;
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          stages[k].name = fd_snapshot_builder_intern (builder, names[k]);
          stages[k].status = run.status;
          stages[k].duration_s = 100;
        }
      fd_snapshot_builder_add_run (builder, &run, stages, G_N_ELEMENTS (stages));
    }
  records = fd_snapshot_builder_end (builder);
  return fd_batch_new ("sim:bench", records, NULL, NULL);
}

/* The query of the session over a file: the window ends with the data, at
 * the whole second after the last record. */
static void
session_window (FdSnapshot *snapshot,
                FdTime      span,
                FdQuery    *query)
{
  FdTime last = fd_snapshot_get_last_time (snapshot);

  memset (query, 0, sizeof *query);
  query->to = last - ((last % G_USEC_PER_SEC) + G_USEC_PER_SEC) % G_USEC_PER_SEC + G_USEC_PER_SEC;
  query->from = query->to - span;
}

/* The page query as the session runs it with the app open on a file: the
 * first query of the whole history (no verdicts cached), then a query after
 * each batch of 50 runs appended to the file, with the session's verdict
 * cache. The window follows the data, so it moves with every batch. Times
 * are CPU time of the querying thread. Goal: a re-query costs at most 100 ms
 * at 1M runs. */
static void
bench_requery (FdSnapshot *history,
               guint64     runs,
               guint       repeat)
{
  const guint n_batches = MAX (repeat, 10);
  static const int spans_days[] = { 7, 30 };
  g_autofree double *times = g_new0 (double, MAX (n_batches, repeat));
  g_autofree char *runs_label = NULL;

  if (runs % 1000000 == 0)
    runs_label = g_strdup_printf ("%" G_GUINT64_FORMAT "M", runs / 1000000);
  else
    runs_label = g_strdup_printf ("%" G_GUINT64_FORMAT "-run", runs);

  for (guint w = 0; w < G_N_ELEMENTS (spans_days); w++)
    {
      g_autoptr(FdRecordStore) store = fd_record_store_new ();
      g_autoptr(FdBatch) all = fd_batch_new ("sim:bench", history, NULL, NULL);
      g_autoptr(FdCanaryJudgeCache) cache = fd_canary_judge_cache_new ();
      g_autoptr(FdSnapshot) current = fd_record_store_apply (store, all, FD_TIME_NONE);
      g_autoptr(FdPageData) shown = NULL;
      g_autofree char *label = NULL;
      g_autofree char *size = NULL;
      g_autofree char *note = NULL;
      FdTime span = spans_days[w] * DAY_US;
      FdQuery query;
      gsize first, last;
      guint64 hits = 0, misses = 0, hits0 = 0, misses0 = 0;
      double t0;

      session_window (current, span, &query);
      for (guint i = 0; i < repeat; i++)
        {
          FdPageData *data;

          t0 = thread_cpu_s ();
          data = fd_page_data_compute (current, &query, query.to, FD_CANARY_JUDGE_DEFAULT_PASS,
                                       FD_CANARY_JUDGE_DEFAULT_MARGINAL, NULL);
          times[i] = thread_cpu_s () - t0;
          fd_page_data_unref (data);
        }
      fd_snapshot_runs_range (current, query.from, query.to, &first, &last);
      size = g_strdup_printf ("%" G_GSIZE_FORMAT " runs", last - first);
      label = g_strdup_printf ("page query, %d days (first)", spans_days[w]);
      print_row (label, size, median (times, repeat), "CPU");

      /* What the app shows when the batches come. */
      shown = fd_page_data_compute_cached (current, &query, query.to,
                                           FD_CANARY_JUDGE_DEFAULT_PASS,
                                           FD_CANARY_JUDGE_DEFAULT_MARGINAL, cache, NULL);
      fd_canary_judge_cache_get_stats (cache, &hits0, &misses0, NULL);

      for (guint b = 0; b < n_batches; b++)
        {
          g_autofree char *prefix = g_strdup_printf ("bench-requery-%d-%u", spans_days[w], b);
          g_autoptr(FdBatch) batch = new_runs_batch (prefix, 50, query.to + 5 * G_USEC_PER_SEC);
          g_autoptr(FdSnapshot) next = fd_record_store_apply (store, batch, FD_TIME_NONE);
          FdPageData *data;

          session_window (next, span, &query);
          t0 = thread_cpu_s ();
          data = fd_page_data_compute_cached (next, &query, query.to,
                                              FD_CANARY_JUDGE_DEFAULT_PASS,
                                              FD_CANARY_JUDGE_DEFAULT_MARGINAL, cache, NULL);
          times[b] = thread_cpu_s () - t0;
          g_clear_pointer (&shown, fd_page_data_unref);
          shown = data;
          g_clear_pointer (&current, fd_snapshot_unref);
          current = g_steal_pointer (&next);
        }
      fd_canary_judge_cache_get_stats (cache, &hits, &misses, NULL);

      g_free (label);
      /* The first row is the session's default window of 7 days. */
      if (w == 0)
        label = g_strdup_printf ("re-query after 50 appended runs (%s history)", runs_label);
      else
        label = g_strdup_printf ("re-query after 50 appended runs (%s history, %d days)",
                                 runs_label, spans_days[w]);
      note = g_strdup_printf ("CPU, %.0f%% verdicts cached",
                              hits + misses > hits0 + misses0
                              ? 100.0 * (hits - hits0) / (hits + misses - hits0 - misses0) : 0.0);
      print_row (label, "50 runs", median (times, n_batches), note);
    }
}

static int
bench_data (guint64 runs,
            guint   repeat)
{
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *size = NULL;
  g_autofree char *rate = NULL;
  guint big = MAX (3, repeat);
  guint cheap = MAX (5, repeat);
  g_autofree double *gen_s = g_new0 (double, big);
  g_autofree double *build_s = g_new0 (double, big);
  g_autofree double *times = g_new0 (double, MAX (big, cheap));
  FdSimParams params;
  gsize n_runs, n_dep, n_alerts, n_canaries, n_samples;
  double n_records;
  goffset file_size = 0;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;

  fd_sim_params_init (&params);
  params.seed = 42;
  params.runs_per_day = runs / 30.0;
  params.deploys_per_day = params.runs_per_day / 50.0;
  params.history_days = 30;

  for (guint i = 0; i < big; i++)
    {
      g_clear_pointer (&snapshot, fd_snapshot_unref);
      snapshot = generate (&params, &gen_s[i], &build_s[i]);
    }

  fd_snapshot_get_runs (snapshot, &n_runs);
  fd_snapshot_get_deployments (snapshot, &n_dep);
  fd_snapshot_get_alerts (snapshot, &n_alerts);
  fd_snapshot_get_canaries (snapshot, &n_canaries);
  fd_snapshot_get_samples (snapshot, &n_samples);
  n_records = (double) (n_runs + n_dep + n_alerts + n_canaries + n_samples);

  printf ("Data: %" G_GSIZE_FORMAT " runs, %" G_GSIZE_FORMAT " deployments, %" G_GSIZE_FORMAT
          " alerts, %" G_GSIZE_FORMAT " canaries, %" G_GSIZE_FORMAT " samples over 30 days\n\n",
          n_runs, n_dep, n_alerts, n_canaries, n_samples);
  printf ("%-34s %14s %12s %20s\n", "operation", "size", "median", "throughput");

  size = g_strdup_printf ("%.0f rec", n_records);
  rate = records_rate (n_records, median (gen_s, big));
  print_row ("simulator generation", size, median (gen_s, big), rate);
  g_free (rate);
  rate = records_rate (n_records, median (build_s, big));
  print_row ("snapshot build (sort, index)", size, median (build_s, big), rate);

  dir = g_dir_make_tmp ("flightdeck-bench-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "bench: %s\n", error->message);
      return FD_CLI_EXIT_FAILURE;
    }
  path = g_build_filename (dir, "events.jsonl", NULL);

  for (guint i = 0; i < big; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (!fd_jsonl_write_file (snapshot, path, FD_TIME_NONE, FD_TIME_NONE, NULL, &error))
        {
          fprintf (stderr, "bench: %s\n", error->message);
          return FD_CLI_EXIT_FAILURE;
        }
      times[i] = (g_get_monotonic_time () - t0) / 1e6;
    }
  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  if (info != NULL)
    file_size = g_file_info_get_size (info);
  g_free (size);
  size = g_strdup_printf ("%.1f MB", file_size / 1e6);
  g_free (rate);
  rate = g_strdup_printf ("%.0f MB/s", file_size / 1e6 / median (times, big));
  print_row ("JSON Lines write (temp file)", size, median (times, big), rate);

  for (guint i = 0; i < big; i++)
    {
      FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
      FdJsonlStats stats;
      gint64 t0 = g_get_monotonic_time ();

      if (!fd_jsonl_read_file (path, builder, NULL, NULL, &stats, NULL, &error))
        {
          fprintf (stderr, "bench: %s\n", error->message);
          fd_snapshot_builder_free (builder);
          return FD_CLI_EXIT_FAILURE;
        }
      fd_snapshot_unref (fd_snapshot_builder_end (builder));
      times[i] = (g_get_monotonic_time () - t0) / 1e6;
    }
  g_free (rate);
  rate = g_strdup_printf ("%.0f MB/s", file_size / 1e6 / median (times, big));
  print_row ("JSON Lines read + build", size, median (times, big), rate);
  g_unlink (path);
  if (bench_history_cache (snapshot, dir, n_records, runs, big,
                           median (times, big)) != FD_CLI_EXIT_OK)
    return FD_CLI_EXIT_FAILURE;
  g_rmdir (dir);

  for (guint q = 0; q < 2; q++)
    {
      FdQuery query = { 0, };
      gsize first, last;

      query.from = BENCH_NOW - (q == 0 ? 30 : 7) * DAY_US;
      query.to = BENCH_NOW;
      query.environment = q == 0 ? NULL : "production";
      for (guint i = 0; i < cheap; i++)
        {
          gint64 t0 = g_get_monotonic_time ();
          FdMetrics *metrics = fd_metrics_compute (snapshot, &query);

          times[i] = (g_get_monotonic_time () - t0) / 1e6;
          fd_metrics_free (metrics);
        }
      fd_snapshot_runs_range (snapshot, query.from, query.to, &first, &last);
      g_free (size);
      size = g_strdup_printf ("%" G_GSIZE_FORMAT " runs", last - first);
      g_free (rate);
      rate = records_rate ((double) (last - first), median (times, cheap));
      print_row (q == 0 ? "metrics query, 30 days, all envs" : "metrics query, 7 days, production",
                 size, median (times, cheap), rate);
    }

  bench_record_store (snapshot, runs, cheap);
  bench_requery (snapshot, runs, cheap);

  /* Bytes per run counts everything the snapshot holds, divided by the runs. */
  g_free (rate);
  rate = g_strdup_printf ("%.0f B/run",
                          n_runs > 0 ? (double) fd_snapshot_get_memory_size (snapshot) / n_runs : 0.0);
  printf ("%-34s %14s %12s %20s\n", "snapshot bytes per pipeline run", "", "", rate);
  g_free (rate);
  rate = g_strdup_printf ("%.1f MB", rss_bytes () / 1e6);
  printf ("%-34s %14s %12s %20s\n", "process RSS", "", "", rate);

  return FD_CLI_EXIT_OK;
}

/* The options live outside bench_main(): the command table below gives the
 * same entries to --help, the man page and the completion. */
static struct
{
  char     *runs;
  char     *repeat;
  gboolean  charts;
  gboolean  all;
} options;

static const GOptionEntry entries[] = {
  { "runs", 0, 0, G_OPTION_ARG_STRING, &options.runs,
    "Pipeline runs to generate (default 1000000)", "N" },
  { "charts", 0, 0, G_OPTION_ARG_NONE, &options.charts, "Measure chart drawing instead", NULL },
  { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, "Measure data and chart drawing", NULL },
  { "repeat", 0, 0, G_OPTION_ARG_STRING, &options.repeat,
    "Repeats per step (default 5; 3 at least for big steps)", "K" },
  G_OPTION_ENTRY_NULL
};

/* `flightdeck-cli bench [--runs N] [--charts] [--all] [--repeat K]`. */
static int
bench_main (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean charts, all;
  guint64 runs = 1000000, repeat = 5;
  int status = FD_CLI_EXIT_OK;

  context = fd_cli_context_new (&fd_cli_bench_command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench: %s\n", error->message);
      return FD_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, "bench: unexpected argument “%s”\n", argv[1]);
      return FD_CLI_EXIT_USAGE;
    }
  charts = options.charts;
  all = options.all;
  if (options.runs != NULL &&
      !g_ascii_string_to_unsigned (options.runs, 10, 1, 100000000, &runs, &error))
    {
      fprintf (stderr, "bench: invalid value for --runs: %s\n", error->message);
      return FD_CLI_EXIT_USAGE;
    }
  if (options.repeat != NULL &&
      !g_ascii_string_to_unsigned (options.repeat, 10, 1, 1000, &repeat, &error))
    {
      fprintf (stderr, "bench: invalid value for --repeat: %s\n", error->message);
      return FD_CLI_EXIT_USAGE;
    }

  if (!charts || all)
    status = bench_data (runs, (guint) repeat);
  if (status == FD_CLI_EXIT_OK && (charts || all))
    status = fd_cli_bench_charts (charts && !all);

  return status;
}

static int
run (int    argc,
     char **argv)
{
  int status = bench_main (argc, argv);

  g_clear_pointer (&options.runs, g_free);
  g_clear_pointer (&options.repeat, g_free);
  return status;
}

static const char * const examples[] = {
  "flightdeck-cli bench --runs 100000 --repeat 3",
  "Times each step over 100000 simulated runs, three times each, and prints the medians.",
  NULL
};

const FdCliCommand fd_cli_bench_command = {
  .name = "bench",
  .run = run,
  .tagline = "measure reading, querying and drawing speed",
  .summary = "Measure reading, querying and drawing speed",
  .help = "Times generation, JSON Lines write and read, the snapshot build, the history\n"
          "cache and the metrics queries over N simulated runs, and prints one table.\n"
          "With --charts it times chart drawing instead, with --all both.",
  .entries = entries,
  .examples = examples,
};
