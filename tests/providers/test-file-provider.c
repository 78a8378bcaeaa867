/* test-file-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-file-provider"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fd-file-provider.h"
#include "fd-jsonl-reader.h"
#include "provider-test-util.h"

static const char good_lines[] =
  "{\"type\":\"pipeline_run\",\"id\":\"r1\",\"pipeline\":\"cart/ci\",\"service\":\"cart\","
  "\"environment\":\"production\",\"status\":\"success\",\"started_at\":\"2026-11-20T10:00:00Z\","
  "\"finished_at\":\"2026-11-20T10:05:00Z\"}\n"
  "{\"type\":\"pipeline_run\",\"id\":\"r2\",\"pipeline\":\"cart/ci\",\"service\":\"cart\","
  "\"environment\":\"staging\",\"status\":\"failed\",\"started_at\":\"2026-11-20T11:00:00Z\","
  "\"finished_at\":\"2026-11-20T11:02:00Z\"}\n";

static const char third_line[] =
  "{\"type\":\"alert\",\"id\":\"a1\",\"name\":\"HighErrorRate\",\"service\":\"cart\","
  "\"environment\":\"production\",\"severity\":\"critical\",\"status\":\"firing\","
  "\"started_at\":\"2026-11-20T10:30:00Z\"}\n";

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fd-file-provider-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "events.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static FdFileProvider *
new_provider (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return fd_file_provider_new (file);
}

static void
test_file_load (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *contents = g_strconcat (good_lines, "not json\n",
                                           "{\"type\":\"pipeline_run\",\"id\":\"r3\"}\n",
                                           third_line, "{\"type\":\"weather\"}\n", NULL);
  g_autoptr(FdFileProvider) provider = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  const FdFileProblem *problem;
  gsize n_runs, n_alerts;

  write_file (fixture->path, contents);
  provider = new_provider (fixture->path);
  g_assert_cmpstr (fd_data_provider_get_environments (FD_DATA_PROVIDER (provider))[0], ==, NULL);

  snapshot = provider_test_refresh (FD_DATA_PROVIDER (provider), &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  fd_snapshot_get_runs (snapshot, &n_runs);
  fd_snapshot_get_alerts (snapshot, &n_alerts);
  g_assert_cmpuint (n_runs, ==, 2);
  g_assert_cmpuint (n_alerts, ==, 1);

  g_assert_cmpuint (fd_file_provider_get_n_valid (provider), ==, 3);
  g_assert_cmpuint (fd_file_provider_get_n_invalid (provider), ==, 2);
  g_assert_cmpuint (fd_file_provider_get_n_unknown_types (provider), ==, 1);
  problems = fd_file_provider_get_problems (provider);
  g_assert_cmpuint (problems->len, ==, 2);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->line, ==, 3);
  g_assert_cmpuint (strlen (problem->reason), >, 0);
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_null (fd_file_provider_get_last_error (provider));

  g_assert_cmpstr (fd_data_provider_get_environments (FD_DATA_PROVIDER (provider))[0], ==,
                   "production");
  g_assert_cmpstr (fd_data_provider_get_environments (FD_DATA_PROVIDER (provider))[1], ==,
                   "staging");

  g_clear_pointer (&snapshot, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
test_file_missing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FdFileProvider) provider = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdSnapshot) kept = NULL;
  g_autoptr(FdSnapshot) failed = NULL;
  g_autoptr(GError) error = NULL;

  provider = new_provider (fixture->path);
  failed = provider_test_refresh (FD_DATA_PROVIDER (provider), &error);
  g_assert_error (error, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (failed);
  g_assert_null (fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (provider)));
  g_clear_error (&error);

  write_file (fixture->path, good_lines);
  snapshot = provider_test_refresh (FD_DATA_PROVIDER (provider), &error);
  g_assert_no_error (error);

  /* The file goes away: the refresh fails and the last good data stays. */
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  failed = provider_test_refresh (FD_DATA_PROVIDER (provider), &error);
  g_assert_error (error, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_FOUND);
  g_assert_null (failed);
  g_assert_nonnull (fd_file_provider_get_last_error (provider));
  kept = fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (provider));
  g_assert_true (kept == snapshot);

  g_clear_pointer (&snapshot, fd_snapshot_unref);
  g_clear_pointer (&kept, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
changed_cb (FdDataProvider *provider,
            guint          *count)
{
  (*count)++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_file_reload (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *contents = g_strconcat (good_lines, third_line, NULL);
  g_autoptr(FdFileProvider) provider = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gboolean timed_out = FALSE;
  guint count = 0;
  guint timeout_id;
  gsize n_alerts;

  write_file (fixture->path, good_lines);
  provider = new_provider (fixture->path);
  fd_file_provider_set_reload_delay (provider, 50);
  g_signal_connect (provider, "snapshot-changed", G_CALLBACK (changed_cb), &count);
  snapshot = provider_test_refresh (FD_DATA_PROVIDER (provider), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  g_clear_pointer (&snapshot, fd_snapshot_unref);

  /* An atomic rewrite, as editors and our own exporter do it. */
  write_file (fixture->path, contents);
  timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (count < 2 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);

  snapshot = fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (provider));
  fd_snapshot_get_alerts (snapshot, &n_alerts);
  g_assert_cmpuint (n_alerts, ==, 1);

  g_clear_pointer (&snapshot, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&provider));
}

static void
test_file_export (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *contents = g_strconcat (good_lines, third_line, NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out.jsonl", NULL);
  g_autofree char *prod = g_build_filename (fixture->dir, "prod.jsonl", NULL);
  g_autoptr(FdFileProvider) provider = NULL;
  g_autoptr(FdFileProvider) reread = NULL;
  g_autoptr(FdSnapshot) a = NULL;
  g_autoptr(FdSnapshot) b = NULL;
  g_autoptr(FdSnapshot) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ja = NULL;
  g_autofree char *jb = NULL;
  gsize n_runs;

  write_file (fixture->path, contents);
  provider = new_provider (fixture->path);
  g_assert_false (fd_file_provider_export (provider, out, FD_TIME_NONE, FD_TIME_NONE, NULL,
                                           &error));
  g_assert_error (error, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_FAILED);
  g_clear_error (&error);

  a = provider_test_refresh (FD_DATA_PROVIDER (provider), &error);
  g_assert_no_error (error);
  g_assert_true (fd_file_provider_export (provider, out, FD_TIME_NONE, FD_TIME_NONE, NULL,
                                          &error));
  g_assert_no_error (error);

  reread = new_provider (out);
  b = provider_test_refresh (FD_DATA_PROVIDER (reread), &error);
  g_assert_no_error (error);
  ja = provider_test_dump (a);
  jb = provider_test_dump (b);
  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpuint (fd_file_provider_get_n_valid (reread), ==, 3);

  /* An environment filter exports only that environment. */
  g_assert_true (fd_file_provider_export (provider, prod, FD_TIME_NONE, FD_TIME_NONE,
                                          "production", &error));
  {
    g_autoptr(GFile) prod_file = g_file_new_for_path (prod);

    fd_file_provider_set_file (reread, prod_file);
  }
  c = provider_test_refresh (FD_DATA_PROVIDER (reread), &error);
  g_assert_no_error (error);
  fd_snapshot_get_runs (c, &n_runs);
  g_assert_cmpuint (n_runs, ==, 1);

  g_clear_pointer (&a, fd_snapshot_unref);
  g_clear_pointer (&b, fd_snapshot_unref);
  g_clear_pointer (&c, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&provider));
  g_assert_finalize_object (g_steal_pointer (&reread));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_file_not_supported (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FdFileProvider) provider = new_provider (fixture->path);
  g_autoptr(FdAction) action = fd_action_new (FD_ACTION_ACKNOWLEDGE, "a1", 0, FD_TIME_NONE);
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_signal_connect (provider, "notify::reload-delay", G_CALLBACK (notify_cb), &count);
  /* Actions are kept in the action store (in the isolated data folder), not the file. */
  g_assert_true (provider_test_apply (FD_DATA_PROVIDER (provider), action, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fd_file_provider_get_action_store (provider));
  g_assert_cmpuint (fd_file_provider_get_reload_delay (provider), ==, 500);
  fd_file_provider_set_reload_delay (provider, 100);
  fd_file_provider_set_reload_delay (provider, 100);
  g_assert_cmpuint (count, ==, 1);

  g_assert_finalize_object (g_steal_pointer (&provider));
}

int
main (int   argc,
      char *argv[])
{
  provider_test_isolate_data_home ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/flightdeck/file-provider/load", Fixture, NULL,
              fixture_set_up, test_file_load, fixture_tear_down);
  g_test_add ("/flightdeck/file-provider/missing", Fixture, NULL,
              fixture_set_up, test_file_missing, fixture_tear_down);
  g_test_add ("/flightdeck/file-provider/reload", Fixture, NULL,
              fixture_set_up, test_file_reload, fixture_tear_down);
  g_test_add ("/flightdeck/file-provider/export", Fixture, NULL,
              fixture_set_up, test_file_export, fixture_tear_down);
  g_test_add ("/flightdeck/file-provider/not-supported", Fixture, NULL,
              fixture_set_up, test_file_not_supported, fixture_tear_down);

  return g_test_run ();
}
