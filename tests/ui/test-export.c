/* test-export.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include "fd-export.h"
#include "fd-snapshot.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writing to a given file: no file chooser and no display needed. */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("fd-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *name;
  GDir *dir;

  g_chmod (fixture->dir, 0700);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_clear_pointer (&dir, g_dir_close);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined with spaces: no temporary file may
 * be left behind. */
static char *
list_dir (const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static FdCsv *
small_table (void)
{
  const char * const columns[] = { "id", "status", "summary", NULL };
  FdCsv *csv = fd_csv_new (columns);

  fd_csv_add_row (csv);
  fd_csv_add_text (csv, "r1");
  fd_csv_add_run_status (csv, FD_RUN_FAILED);
  fd_csv_add_text (csv, "tests, then \"deploy\"");
  return csv;
}

#define SMALL_TABLE_TEXT "id,status,summary\r\nr1,failed,\"tests, then \"\"deploy\"\"\"\r\n"

static FdCsv *
large_table (void)
{
  const char * const columns[] = { "id", "summary", NULL };
  FdCsv *csv = fd_csv_new (columns);

  for (guint i = 0; i < 5000; i++)
    {
      fd_csv_add_row (csv);
      fd_csv_add_text (csv, "run");
      fd_csv_add_text (csv, "a summary long enough to pass the file size limit of the test");
    }
  return csv;
}

static FdPageData *
small_page_data (void)
{
  FdTime now = (FdTime) 1779271632 * G_USEC_PER_SEC;
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdQuery query = { 0 };

  for (guint i = 0; i < 20; i++)
    {
      FdPipelineRun run = { 0 };
      g_autofree char *id = g_strdup_printf ("r%u", i);

      run.id = fd_snapshot_builder_intern (builder, id);
      run.pipeline = fd_snapshot_builder_intern (builder, "shop/build");
      run.service = fd_snapshot_builder_intern (builder, "shop");
      run.environment = fd_snapshot_builder_intern (builder, "production");
      run.status = i % 4 == 0 ? FD_RUN_FAILED : FD_RUN_SUCCESS;
      run.started_at = now - (FdTime) (20 - i) * 3600 * G_USEC_PER_SEC;
      run.finished_at = run.started_at + (FdTime) (200 + i) * G_USEC_PER_SEC;
      fd_snapshot_builder_add_run (builder, &run, NULL, 0);
    }
  snapshot = fd_snapshot_builder_end (builder);

  query.from = now - (FdTime) 86400 * G_USEC_PER_SEC;
  query.to = now + 1;
  return fd_page_data_compute (snapshot, &query, now, 95, 75, NULL);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  g_assert_null (object);
  /* The result comes back on the thread that asked. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  outcome->ok = fd_export_write_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
write_csv (const char    *path,
           FdCsv         *table,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Outcome outcome = { 0 };

  fd_export_write_csv_async (file, table, cancellable, written_cb, &outcome);
  /* Never reported before the main loop runs: the writing is not done in
   * the call. */
  g_assert_false (outcome.done);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static gboolean
write_pdf (const char  *path,
           FdPageData  *data,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Outcome outcome = { 0 };

  fd_export_write_pdf_async (file, data, NULL, written_cb, &outcome);
  g_assert_false (outcome.done);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static void
test_export_csv_new_file (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(FdCsv) table = small_table ();
  g_autofree char *path = g_build_filename (fixture->dir, "runs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;

  g_assert_true (write_csv (path, table, NULL, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, SMALL_TABLE_TEXT);
  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "runs.csv");
}

/* Replacing goes through a new file: a hard link to the old one keeps the
 * old text, which writing in place would have changed too. */
static void
test_export_csv_replace (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(FdCsv) table = small_table ();
  g_autofree char *path = g_build_filename (fixture->dir, "runs.csv", NULL);
  g_autofree char *link_path = g_build_filename (fixture->dir, "old-link", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *old = NULL;
  g_autofree char *names = NULL;
  GStatBuf before, after;

  write_file (path, "old text\n");
  g_assert_cmpint (link (path, link_path), ==, 0);
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  g_assert_true (write_csv (path, table, NULL, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, SMALL_TABLE_TEXT);
  old = read_file (link_path);
  g_assert_cmpstr (old, ==, "old text\n");
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "old-link runs.csv");
}

/* Whether files can be made in a read-only directory (as root can). */
static gboolean
can_write_read_only_dir (const char *dir)
{
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  int fd = g_open (probe, O_WRONLY | O_CREAT | O_EXCL, 0600);

  if (fd < 0)
    return FALSE;
  close (fd);
  g_unlink (probe);
  return TRUE;
}

static void
test_export_csv_read_only_dir (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(FdCsv) table = small_table ();
  g_autofree char *path = g_build_filename (fixture->dir, "runs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;

  write_file (path, "old text\n");
  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);
  if (can_write_read_only_dir (fixture->dir))
    {
      g_test_skip ("a read-only directory is writable here (running as root?); "
                   "see /flightdeck/export/csv-fails-midway");
      return;
    }

  g_assert_false (write_csv (path, table, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);

  g_assert_cmpint (g_chmod (fixture->dir, 0700), ==, 0);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "old text\n");
  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "runs.csv");
}

/* A write that fails half way (here at a file size limit, which holds for
 * root too) leaves the old file as it was and no temporary file. */
static void
limit_file_size (struct rlimit *saved,
                 rlim_t         limit)
{
  struct rlimit small;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, saved), ==, 0);
  small = *saved;
  small.rlim_cur = limit;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
}

static void
test_export_csv_fails_midway (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(FdCsv) table = large_table ();
  g_autofree char *path = g_build_filename (fixture->dir, "runs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  struct rlimit saved;
  gboolean ok;

  write_file (path, "old text\n");

  /* Past the limit, write() fails with EFBIG instead of killing us. */
  signal (SIGXFSZ, SIG_IGN);
  limit_file_size (&saved, 4096);
  ok = write_csv (path, table, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_false (ok);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "old text\n");
  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "runs.csv");
}

static void
test_export_csv_missing_dir (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(FdCsv) table = small_table ();
  g_autofree char *path = g_build_filename (fixture->dir, "missing", "runs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_false (write_csv (path, table, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "");
}

static void
test_export_csv_cancelled (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(FdCsv) table = small_table ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (fixture->dir, "runs.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;

  write_file (path, "old text\n");
  g_cancellable_cancel (cancellable);
  g_assert_false (write_csv (path, table, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "old text\n");

  /* Nothing to tell the user about a cancelled export. */
  message = fd_export_result_message (NULL, error);
  g_assert_null (message);
}

static void
test_export_pdf (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(FdPageData) data = small_page_data ();
  g_autofree char *path = g_build_filename (fixture->dir, "pipelines.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  gsize size;

  write_file (path, "old text\n");
  g_assert_true (write_pdf (path, data, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "pipelines.pdf");
}

static void
test_export_pdf_fails_midway (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(FdPageData) data = small_page_data ();
  g_autofree char *path = g_build_filename (fixture->dir, "pipelines.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  struct rlimit saved;
  gboolean ok;

  write_file (path, "old text\n");
  signal (SIGXFSZ, SIG_IGN);
  limit_file_size (&saved, 2048);
  ok = write_pdf (path, data, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_false (ok);
  g_assert_nonnull (error);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "old text\n");
  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "pipelines.pdf");
}

static void
test_export_result_message (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/some dir/runs.csv");
  g_autoptr(GError) error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_ACCES,
                                                 "Permission denied");
  g_autofree char *saved = fd_export_result_message (file, NULL);
  g_autofree char *failed = fd_export_result_message (NULL, error);

  g_assert_cmpstr (saved, ==, "Saved “runs.csv”");
  g_assert_cmpstr (failed, ==, "Could not export: Permission denied");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/flightdeck/export/csv-new-file", test_export_csv_new_file);
  ADD ("/flightdeck/export/csv-replace", test_export_csv_replace);
  ADD ("/flightdeck/export/csv-read-only-dir", test_export_csv_read_only_dir);
  ADD ("/flightdeck/export/csv-fails-midway", test_export_csv_fails_midway);
  ADD ("/flightdeck/export/csv-missing-dir", test_export_csv_missing_dir);
  ADD ("/flightdeck/export/csv-cancelled", test_export_csv_cancelled);
  ADD ("/flightdeck/export/pdf", test_export_pdf);
  ADD ("/flightdeck/export/pdf-fails-midway", test_export_pdf_fails_midway);
#undef ADD
  g_test_add_func ("/flightdeck/export/result-message", test_export_result_message);

  return g_test_run ();
}
