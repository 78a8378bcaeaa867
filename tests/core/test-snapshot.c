/* test-snapshot.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-snapshot"

#include "config.h"

#include <math.h>

#include "fd-records.h"
#include "fd-snapshot.h"

static FdTime
sec (gint64 s)
{
  return s * 1000000;
}

static void
add_run (FdSnapshotBuilder *b,
         const char        *id,
         gint64             start_s,
         const char        *environment,
         FdRunStatus        status)
{
  FdPipelineRun run = { 0 };
  FdStage stages[2] = { { 0 } };

  run.id = fd_snapshot_builder_intern (b, id);
  run.pipeline = fd_snapshot_builder_intern (b, "p");
  run.service = fd_snapshot_builder_intern (b, "svc");
  run.environment = fd_snapshot_builder_intern (b, environment);
  run.started_at = sec (start_s);
  run.finished_at = sec (start_s + 10);
  run.status = status;
  stages[0].name = fd_snapshot_builder_intern (b, "build");
  stages[0].status = FD_RUN_SUCCESS;
  stages[0].duration_s = 4;
  stages[1].name = fd_snapshot_builder_intern (b, id);
  stages[1].status = status;
  stages[1].duration_s = NAN;
  fd_snapshot_builder_add_run (b, &run, stages, 2);
}

static void
test_snapshot_enum_strings (void)
{
  FdRunStatus run;
  FdDeployStatus deploy;
  FdSeverity severity;
  FdAlertStatus alert;
  FdCanaryStatus canary;
  FdVariant variant;

  for (int i = 0; i < FD_RUN_N_STATUS; i++)
    {
      g_assert_true (fd_run_status_from_string (fd_run_status_to_string (i), &run));
      g_assert_cmpint (run, ==, i);
    }
  g_assert_true (fd_deploy_status_from_string ("rolled_back", &deploy));
  g_assert_cmpint (deploy, ==, FD_DEPLOY_ROLLED_BACK);
  g_assert_true (fd_severity_from_string ("warning", &severity));
  g_assert_cmpint (severity, ==, FD_SEVERITY_WARNING);
  g_assert_true (fd_alert_status_from_string ("acknowledged", &alert));
  g_assert_cmpint (alert, ==, FD_ALERT_ACKNOWLEDGED);
  g_assert_true (fd_canary_status_from_string ("promoted", &canary));
  g_assert_cmpint (canary, ==, FD_CANARY_PROMOTED);
  g_assert_true (fd_variant_from_string ("baseline", &variant));
  g_assert_cmpint (variant, ==, FD_VARIANT_BASELINE);
  g_assert_false (fd_run_status_from_string ("Success", &run));
  g_assert_false (fd_severity_from_string (NULL, &severity));
  g_assert_null (fd_run_status_to_string (FD_RUN_N_STATUS));
  g_assert_cmpstr (fd_variant_to_string (FD_VARIANT_CANARY), ==, "canary");
}

/* Sorting is stable, replacement moves a record, ranges are half-open. */
static void
test_snapshot_sort_replace_range (void)
{
  g_autoptr(FdSnapshotBuilder) b = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) s = NULL;
  const FdPipelineRun *runs;
  const FdStage *stages;
  gsize n, first, last, n_stages;

  add_run (b, "a", 300, "production", FD_RUN_SUCCESS);
  add_run (b, "b", 100, "staging", FD_RUN_SUCCESS);
  add_run (b, "c", 200, "production", FD_RUN_FAILED);
  add_run (b, "d", 200, "production", FD_RUN_SUCCESS);
  add_run (b, "b", 400, "staging", FD_RUN_FAILED);   /* replaces b and moves it last */
  s = fd_snapshot_builder_end (g_steal_pointer (&b));

  runs = fd_snapshot_get_runs (s, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (fd_snapshot_str (s, runs[0].id), ==, "c");   /* equal times keep insertion order */
  g_assert_cmpstr (fd_snapshot_str (s, runs[1].id), ==, "d");
  g_assert_cmpstr (fd_snapshot_str (s, runs[2].id), ==, "a");
  g_assert_cmpstr (fd_snapshot_str (s, runs[3].id), ==, "b");
  g_assert_cmpint (runs[3].status, ==, FD_RUN_FAILED);

  /* Stages follow their run through the sort; the replaced run's are gone. */
  stages = fd_snapshot_get_stages (s, &runs[3], &n_stages);
  g_assert_cmpuint (n_stages, ==, 2);
  g_assert_cmpstr (fd_snapshot_str (s, stages[1].name), ==, "b");
  g_assert_cmpuint (stages[1].status, ==, FD_RUN_FAILED);
  stages = fd_snapshot_get_stages (s, &runs[0], &n_stages);
  g_assert_cmpstr (fd_snapshot_str (s, stages[1].name), ==, "c");
  g_assert_cmpfloat (stages[0].duration_s, ==, 4);

  fd_snapshot_runs_range (s, sec (200), sec (300), &first, &last);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 2);
  fd_snapshot_runs_range (s, sec (200) + 1, sec (400) + 1, &first, &last);
  g_assert_cmpuint (first, ==, 2);
  g_assert_cmpuint (last, ==, 4);
  fd_snapshot_runs_range (s, sec (500), sec (100), &first, &last);
  g_assert_cmpuint (last - first, ==, 0);

  g_assert_cmpint (fd_snapshot_get_first_time (s), ==, sec (200));
  g_assert_cmpint (fd_snapshot_get_last_time (s), ==, sec (400));
}

static void
test_snapshot_strings_and_lists (void)
{
  g_autoptr(FdSnapshotBuilder) b = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) s = NULL;
  const char * const *envs;
  FdStr x, y;

  x = fd_snapshot_builder_intern (b, "hello");
  y = fd_snapshot_builder_intern_len (b, "hello world", 5);
  g_assert_cmpuint (x, ==, y);
  g_assert_cmpuint (fd_snapshot_builder_intern (b, NULL), ==, FD_STR_NONE);
  g_assert_cmpstr (fd_snapshot_builder_str (b, x), ==, "hello");
  /* Enough strings to grow the hash table several times. */
  for (int i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-%d", i);

      add_run (b, id, i, i % 3 == 0 ? "staging" : i % 3 == 1 ? "production" : "dev", FD_RUN_SUCCESS);
    }
  g_assert_cmpuint (fd_snapshot_builder_intern (b, "hello"), ==, x);
  s = fd_snapshot_builder_end (g_steal_pointer (&b));

  envs = fd_snapshot_get_environments (s);
  g_assert_cmpstr (envs[0], ==, "dev");
  g_assert_cmpstr (envs[1], ==, "production");
  g_assert_cmpstr (envs[2], ==, "staging");
  g_assert_null (envs[3]);
  g_assert_cmpstr (fd_snapshot_get_services (s)[0], ==, "svc");
  g_assert_null (fd_snapshot_get_services (s)[1]);
  g_assert_cmpstr (fd_snapshot_str (s, fd_snapshot_lookup (s, "production")), ==, "production");
  g_assert_cmpstr (fd_snapshot_str (s, fd_snapshot_lookup (s, "run-4999")), ==, "run-4999");
  g_assert_cmpuint (fd_snapshot_lookup (s, "nowhere"), ==, FD_STR_NONE);
  g_assert_null (fd_snapshot_str (s, FD_STR_NONE));
  g_assert_cmpuint (fd_snapshot_str (s, x)[0], ==, 'h');

  /* 56 bytes per run, 2 × 8 per stage, ~13 per id: well under 120 per run. */
  g_assert_cmpuint (fd_snapshot_get_memory_size (s) / 5000, <, 100);
}

static void
test_snapshot_builder_new_from (void)
{
  g_autoptr(FdSnapshotBuilder) b = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshotBuilder) b2 = NULL;
  g_autoptr(FdSnapshot) s = NULL;
  g_autoptr(FdSnapshot) s2 = NULL;
  const FdPipelineRun *runs;
  gsize n;

  add_run (b, "a", 100, "production", FD_RUN_RUNNING);
  add_run (b, "b", 200, "production", FD_RUN_SUCCESS);
  s = fd_snapshot_builder_end (g_steal_pointer (&b));

  b2 = fd_snapshot_builder_new_from (s);
  add_run (b2, "a", 50, "production", FD_RUN_FAILED);  /* replaces a from the base */
  add_run (b2, "c", 300, "qa", FD_RUN_SUCCESS);
  s2 = fd_snapshot_builder_end (g_steal_pointer (&b2));

  runs = fd_snapshot_get_runs (s2, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (fd_snapshot_str (s2, runs[0].id), ==, "a");
  g_assert_cmpint (runs[0].status, ==, FD_RUN_FAILED);
  g_assert_cmpstr (fd_snapshot_str (s2, runs[2].id), ==, "c");
  g_assert_cmpstr (fd_snapshot_get_environments (s2)[1], ==, "qa");

  /* The base is untouched. */
  runs = fd_snapshot_get_runs (s, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (runs[0].status, ==, FD_RUN_RUNNING);
}

static void
test_snapshot_boxed (void)
{
  FdSnapshot *s = fd_snapshot_new_empty ();
  FdSnapshot *copy;
  gsize n = 1;

  g_assert_true (G_TYPE_IS_BOXED (FD_TYPE_SNAPSHOT));
  copy = g_boxed_copy (FD_TYPE_SNAPSHOT, s);
  g_assert_true (copy == s);
  g_boxed_free (FD_TYPE_SNAPSHOT, copy);
  fd_snapshot_get_samples (s, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (fd_snapshot_get_first_time (s), ==, FD_TIME_NONE);
  g_assert_null (fd_snapshot_get_environments (s)[0]);
  fd_snapshot_unref (s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/snapshot/enum-strings", test_snapshot_enum_strings);
  g_test_add_func ("/flightdeck/snapshot/sort-replace-range", test_snapshot_sort_replace_range);
  g_test_add_func ("/flightdeck/snapshot/strings-and-lists", test_snapshot_strings_and_lists);
  g_test_add_func ("/flightdeck/snapshot/builder-new-from", test_snapshot_builder_new_from);
  g_test_add_func ("/flightdeck/snapshot/boxed", test_snapshot_boxed);

  return g_test_run ();
}
