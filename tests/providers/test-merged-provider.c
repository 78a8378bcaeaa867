/* test-merged-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-merged-provider"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fd-file-provider.h"
#include "fd-merged-provider.h"
#include "fd-sim-provider.h"
#include "fd-time.h"
#include "provider-test-util.h"

static const char lines[] =
  "{\"type\":\"pipeline_run\",\"id\":\"file-run-1\",\"pipeline\":\"legacy/ci\",\"service\":\"legacy\","
  "\"environment\":\"qa\",\"status\":\"success\",\"started_at\":\"2026-11-19T10:00:00Z\","
  "\"finished_at\":\"2026-11-19T10:05:00Z\",\"stages\":[{\"name\":\"build\",\"status\":\"success\","
  "\"duration_s\":300}]}\n";

static void
test_merged_combines (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-merged-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "events.jsonl", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(FdSimProvider) sim = fd_sim_provider_new (4);
  g_autoptr(FdFileProvider) fp = fd_file_provider_new (file);
  g_autoptr(FdFileProvider) broken = fd_file_provider_new (missing_file);
  g_autoptr(FdMergedProvider) merged = fd_merged_provider_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdSnapshot) sim_snapshot = NULL;
  const FdPipelineRun *runs;
  const FdStage *stages;
  gsize n_runs, n_sim_runs, n_stages;
  const char * const *envs;
  const GError *child_error;
  FdStr id;
  FdTime now = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, lines, -1, NULL));
  g_assert_true (fd_time_parse ("2026-11-20T10:00:00Z", 20, &now));
  fd_sim_provider_set_now (sim, now);
  fd_sim_provider_set_history_days (sim, 7);
  fd_sim_provider_set_runs_per_day (sim, 100);

  fd_merged_provider_add (merged, FD_DATA_PROVIDER (sim));
  fd_merged_provider_add (merged, FD_DATA_PROVIDER (fp));
  fd_merged_provider_add (merged, FD_DATA_PROVIDER (broken));
  g_assert_cmpuint (fd_merged_provider_get_n_children (merged), ==, 3);
  g_assert_true (fd_merged_provider_get_child (merged, 1) == FD_DATA_PROVIDER (fp));

  snapshot = provider_test_refresh (FD_DATA_PROVIDER (merged), &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);

  /* The broken child is reported; the others' data is all there. */
  g_assert_cmpuint (fd_merged_provider_get_errors (merged)->len, ==, 1);
  child_error = g_ptr_array_index (fd_merged_provider_get_errors (merged), 0);
  g_assert_error (child_error, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_FOUND);

  sim_snapshot = fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (sim));
  fd_snapshot_get_runs (sim_snapshot, &n_sim_runs);
  runs = fd_snapshot_get_runs (snapshot, &n_runs);
  g_assert_cmpuint (n_sim_runs, >, 100);
  g_assert_cmpuint (n_runs, ==, n_sim_runs + 1);

  id = fd_snapshot_lookup (snapshot, "file-run-1");
  g_assert_cmpuint (id, !=, FD_STR_NONE);
  for (gsize i = 0; i < n_runs; i++)
    {
      if (runs[i].id != id)
        continue;
      g_assert_cmpstr (fd_snapshot_str (snapshot, runs[i].service), ==, "legacy");
      stages = fd_snapshot_get_stages (snapshot, &runs[i], &n_stages);
      g_assert_cmpuint (n_stages, ==, 1);
      g_assert_cmpstr (fd_snapshot_str (snapshot, stages[0].name), ==, "build");
    }

  envs = fd_data_provider_get_environments (FD_DATA_PROVIDER (merged));
  g_assert_true (g_strv_contains (envs, "qa"));
  g_assert_true (g_strv_contains (envs, "production"));

  fd_merged_provider_remove (merged, FD_DATA_PROVIDER (broken));
  g_assert_cmpuint (fd_merged_provider_get_n_children (merged), ==, 2);

  g_clear_pointer (&snapshot, fd_snapshot_unref);
  g_clear_pointer (&sim_snapshot, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&merged));
  g_assert_finalize_object (g_steal_pointer (&sim));
  g_assert_finalize_object (g_steal_pointer (&fp));
  g_assert_finalize_object (g_steal_pointer (&broken));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_merged_empty (void)
{
  g_autoptr(FdMergedProvider) merged = fd_merged_provider_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_runs = 1;

  snapshot = provider_test_refresh (FD_DATA_PROVIDER (merged), &error);
  g_assert_no_error (error);
  fd_snapshot_get_runs (snapshot, &n_runs);
  g_assert_cmpuint (n_runs, ==, 0);
  g_assert_cmpuint (fd_merged_provider_get_errors (merged)->len, ==, 0);

  g_clear_pointer (&snapshot, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&merged));
}

int
main (int   argc,
      char *argv[])
{
  provider_test_isolate_data_home ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/merged-provider/combines", test_merged_combines);
  g_test_add_func ("/flightdeck/merged-provider/empty", test_merged_empty);

  return g_test_run ();
}
