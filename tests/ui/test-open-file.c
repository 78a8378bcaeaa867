/* test-open-file.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-open-file"

#include "config.h"

#include "fd-application.h"
#include "fd-file-source.h"
#include "fd-metrics.h"
#include "fd-page-data.h"
#include "fd-window.h"

#include <glib/gstdio.h>
#include "../lsan-quarks.h"

/* `flightdeck FILE.jsonl` reaches the application as GApplication::open;
 * these tests call g_application_open() the same way the command line
 * (or a second launch) does. */

static FdApplication *app;

/* open.jsonl: five runs, the newest started at 2020-03-20T12:00:00Z. Being
 * in the past, the window's 7-day range ends at that record (plus the
 * rounding to whole seconds), whatever today's date is. */
#define OPEN_LAST_RECORD "2020-03-20T12:00:00Z"
#define OPEN_RUNS_IN_RANGE 4
#define OPEN_FAILED_IN_RANGE 1
#define OPEN_RUNS_BEFORE_RANGE 1
/* open-other.jsonl: two runs on 2021-06-01. */
#define OTHER_RUNS 2

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

typedef gboolean (*Predicate) (gpointer user_data);

/* Iterates the main context until @predicate holds; the timeout only guards
 * against a hang, it never decides the outcome. */
static void
wait_until (Predicate predicate,
            gpointer  user_data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!timed_out && !predicate (user_data))
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
iterate_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GFile *
fixture_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "ui", "fixtures", name, NULL);

  return g_file_new_for_path (path);
}

static FdTime
parse_time (const char *iso8601)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (dt);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static FdWindow *
the_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (FD_IS_WINDOW (windows->data));

  return FD_WINDOW (windows->data);
}

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static FdWindow *
find_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  return windows != NULL && FD_IS_WINDOW (windows->data) ? FD_WINDOW (windows->data) : NULL;
}

static void
open_file (GFile *file)
{
  GFile *files[] = { file };

  g_application_open (G_APPLICATION (app), files, 1, "");
}

/* The session reads @file and nothing else, and the window says so. */
static gboolean
window_shows_only (FdWindow *window,
                   GFile    *file)
{
  GListModel *sources = fd_session_get_sources (fd_window_get_session (window));
  g_autoptr(FdSource) source = NULL;

  if (g_list_model_get_n_items (sources) != 1)
    return FALSE;
  source = g_list_model_get_item (sources, 0);

  return FD_IS_FILE_SOURCE (source) &&
         g_file_equal (fd_file_source_get_file (FD_FILE_SOURCE (source)), file) &&
         fd_window_get_file (window) != NULL &&
         g_file_equal (fd_window_get_file (window), file);
}

/* The window shows @file: the session reads that file, its fetch
 * finished, and the pages have the session's page data of it. */
static gboolean
shows_file_cb (gpointer user_data)
{
  GFile *file = user_data;
  FdWindow *window = find_window ();
  FdPageData *data;

  if (window == NULL || !window_shows_only (window, file))
    return FALSE;

  data = fd_window_get_page_data (window);

  return data != NULL && data == fd_session_get_page_data (fd_window_get_session (window)) &&
         data->snapshot == fd_session_get_snapshot (fd_window_get_session (window)) &&
         !fd_window_get_query_pending (window) && fd_window_get_error (window) == NULL &&
         fd_window_get_last_refresh (window) != NULL;
}

static gboolean
shows_error_cb (gpointer user_data)
{
  GFile *file = user_data;
  FdWindow *window = find_window ();

  return window != NULL && window_shows_only (window, file) &&
         fd_window_get_error (window) != NULL;
}

static void
reset_filters (void)
{
  GSettings *settings = fd_application_get_settings (app);

  g_settings_set_string (settings, "time-range", "7d");
  g_settings_set_string (settings, "environment", "");
}

static void
assert_shows_open_fixture (FdWindow *window)
{
  FdPageData *data = fd_window_get_page_data (window);
  FdTime last = parse_time (OPEN_LAST_RECORD);

  g_assert_nonnull (data);
  g_assert_null (fd_window_get_error (window));
  g_assert_cmpint (data->query.to, ==, last + G_USEC_PER_SEC);
  g_assert_cmpint (data->query.from, ==, data->query.to - 7 * G_TIME_SPAN_DAY);
  g_assert_null (data->environment);
  g_assert_cmpuint (data->current->runs_total, ==, OPEN_RUNS_IN_RANGE);
  g_assert_cmpuint (data->current->runs_failed, ==, OPEN_FAILED_IN_RANGE);
  g_assert_cmpuint (data->current->runs_success, ==, OPEN_RUNS_IN_RANGE - OPEN_FAILED_IN_RANGE);
  g_assert_cmpuint (data->n_matching_runs, ==, OPEN_RUNS_IN_RANGE);
  g_assert_cmpuint (data->previous->runs_total, ==, OPEN_RUNS_BEFORE_RANGE);
}

static void
test_open_file (void)
{
  g_autoptr(GFile) file = fixture_file ("open.jsonl");
  FdWindow *window;

  reset_filters ();
  open_file (file);
  wait_until (shows_file_cb, file);

  window = the_window ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  assert_shows_open_fixture (window);

  /* The environments of the file fill the environment menu. */
  {
    const char * const *environments = fd_window_get_environments (window);

    g_assert_nonnull (environments);
    g_assert_true (g_strv_contains (environments, "production"));
    g_assert_true (g_strv_contains (environments, "staging"));
  }
}

static void
test_open_second_file (void)
{
  g_autoptr(GFile) first = fixture_file ("open.jsonl");
  g_autoptr(GFile) second = fixture_file ("open-other.jsonl");
  FdWindow *window;
  FdPageData *data;

  reset_filters ();
  open_file (first);
  wait_until (shows_file_cb, first);
  window = the_window ();

  /* A second `flightdeck FILE` lands in the running instance: the same
   * window switches to the new file, no second window opens. */
  open_file (second);
  wait_until (shows_file_cb, second);

  g_assert_true (the_window () == window);
  data = fd_window_get_page_data (window);
  g_assert_null (fd_window_get_error (window));
  g_assert_cmpuint (data->current->runs_total, ==, OTHER_RUNS);
  g_assert_cmpuint (data->current->runs_failed, ==, 1);
  g_assert_cmpint (data->query.to, ==, parse_time ("2021-06-01T09:30:01Z"));

  /* And back: the first file's numbers, not a mix of both. */
  open_file (first);
  wait_until (shows_file_cb, first);
  g_assert_true (the_window () == window);
  assert_shows_open_fixture (window);
}

static void
test_open_missing_file (void)
{
  g_autoptr(GFile) good = fixture_file ("open.jsonl");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flightdeck-open-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) missing = NULL;
  FdWindow *window;

  g_assert_no_error (error);
  path = g_build_filename (dir, "no-such-history.jsonl", NULL);
  missing = g_file_new_for_path (path);
  g_assert_false (g_file_query_exists (missing, NULL));

  reset_filters ();
  open_file (good);
  wait_until (shows_file_cb, good);
  window = the_window ();

  open_file (missing);
  wait_until (shows_error_cb, missing);

  /* Still running, still one window, and the error says something. */
  g_assert_true (the_window () == window);
  g_assert_cmpstr (fd_window_get_error (window), !=, "");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_nonnull (find_child_of_type (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY));

  /* Opening a good file afterwards clears the error and shows its data. */
  open_file (good);
  wait_until (shows_file_cb, good);
  g_assert_true (the_window () == window);
  assert_shows_open_fixture (window);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = fd_application_new ("io.github.flightdeck.Flightdeck.OpenTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);

  g_test_add_func ("/flightdeck/open-file/open", test_open_file);
  g_test_add_func ("/flightdeck/open-file/second-file", test_open_second_file);
  g_test_add_func ("/flightdeck/open-file/missing-file", test_open_missing_file);

  ret = g_test_run ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (GTK_WINDOW (l->data));
  iterate_pending ();
  g_clear_object (&app);

  return ret;
}
