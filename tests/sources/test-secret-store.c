/* test-secret-store.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-secret-store"

#include "config.h"

#include "fd-secret-store.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* Runs under run-with-keyring.sh: a private session bus and an unlocked
 * GNOME Keyring whose files are in $XDG_DATA_HOME/keyrings. */

#define URI "github:octo/repo"
#define URI2 "gitlab:group/project"

/* Every log line of the process, whatever its level. */
static GString *captured_log;
static GMutex captured_lock;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&captured_lock);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured_log, fields[i].value);
      else
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
      g_string_append_c (captured_log, ' ');
    }
  g_string_append_c (captured_log, '\n');
  g_mutex_unlock (&captured_lock);

  /* Still fatal where G_DEBUG says so, still shown on stderr. */
  return g_log_writer_standard_streams (level, fields, n_fields, user_data);
}

/* The labels of the items kept for @uri, seen by secret-tool (libsecret's
 * own search leaks in 0.20), or NULL when secret-tool is not installed. */
static GStrv
labels_for (const char *uri)
{
  const char *argv[] = { "secret-tool", "search", "--all", "source", uri, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  int wait_status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &wait_status, &error))
    {
      g_assert_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT);
      return NULL;
    }
  /* Nothing found is exit status 1. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "label = "))
        g_strv_builder_add (labels, lines[i] + strlen ("label = "));
    }
  return g_strv_builder_end (labels);
}

static char *
lookup (const char *uri)
{
  g_autoptr(GError) error = NULL;
  char *token = fd_secret_store_lookup_sync (uri, NULL, &error);

  g_assert_no_error (error);
  return token;
}

static void
store (const char *uri,
       const char *token)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = fd_secret_store_store_sync (uri, token, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
clear (const char *uri)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_secret_store_clear_sync (uri, NULL, &error));
  g_assert_no_error (error);
}

static void
test_missing (void)
{
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  token = fd_secret_store_lookup_sync ("jenkins:never/stored", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* Clearing what is not there is no error either. */
  clear ("jenkins:never/stored");
}

static void
test_store_lookup_replace_clear (void)
{
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  g_auto(GStrv) labels = NULL;

  clear (URI);
  clear (URI2);

  store (URI, "ghp_first");
  store (URI2, "glpat-other");
  token = lookup (URI);
  g_assert_cmpstr (token, ==, "ghp_first");

  /* Storing again replaces: one item per source, with its label. */
  store (URI, "ghp_second");
  g_free (token);
  token = lookup (URI);
  g_assert_cmpstr (token, ==, "ghp_second");
  labels = labels_for (URI);
  if (labels != NULL)
    {
      g_assert_cmpuint (g_strv_length (labels), ==, 1);
      g_assert_cmpstr (labels[0], ==, "Flightdeck token for " URI);
    }

  /* Clearing one source leaves the other. */
  clear (URI);
  g_free (token);
  token = lookup (URI);
  g_assert_null (token);
  other = lookup (URI2);
  g_assert_cmpstr (other, ==, "glpat-other");
  clear (URI2);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  GAsyncResult *result;

  g_main_loop_run (wait->loop);
  result = wait->result;
  wait->result = NULL;
  return result;
}

static void
test_async (void)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  GAsyncResult *result;
  char *token;

  fd_secret_store_store_async (URI, "ghp_async", NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (fd_secret_store_store_finish (result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  fd_secret_store_lookup_async (URI, NULL, done_cb, &wait);
  result = wait_for (&wait);
  token = fd_secret_store_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "ghp_async");
  g_free (token);
  g_object_unref (result);

  /* A renamed source keeps its token under the new URI only. */
  fd_secret_store_move_async (URI, URI2, NULL, done_cb, &wait);
  g_object_unref (wait_for (&wait));
  token = lookup (URI2);
  g_assert_cmpstr (token, ==, "ghp_async");
  g_free (token);
  token = lookup (URI);
  g_assert_null (token);

  fd_secret_store_clear_async (URI2, NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (fd_secret_store_clear_finish (result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  fd_secret_store_lookup_async (URI2, NULL, done_cb, &wait);
  result = wait_for (&wait);
  token = fd_secret_store_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_object_unref (result);

  g_main_loop_unref (wait.loop);
}

/* Fails the test when @needle is in any file under @path. */
static guint
assert_not_in_files (const char *path,
                     const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GDir *dir;
  gsize len;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return 0;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      const char *name;

      dir = g_dir_open (path, 0, NULL);
      if (dir == NULL)
        return 0;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          n += assert_not_in_files (child, needle);
        }
      g_dir_close (dir);
      return n;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return 0;

  /* Sockets, or files another process is replacing, may not be readable. */
  if (!g_file_get_contents (path, &contents, &len, &error))
    return 0;
  if (memmem (contents, len, needle, strlen (needle)) != NULL)
    g_error ("The token was written to %s", path);

  return 1;
}

static void
test_token_never_leaks (void)
{
  g_autofree char *token = g_strdup_printf ("ghp_LeakCheck%08x%08x", g_random_int (),
                                            g_random_int ());
  g_autofree char *keyrings = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);
  g_autofree char *stderr_path = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const char * const dirs[] = {
    g_get_user_config_dir (), g_get_user_data_dir (), g_get_user_cache_dir (),
  };
  char *found;
  int saved_stderr, fd;
  guint n_files = 0;

  /* Everything logged, and everything written to stderr, while the token is
   * stored, read, replaced, failed on and cleared. */
  fd = g_file_open_tmp ("fd-secret-store-stderr-XXXXXX", &stderr_path, &error);
  g_assert_no_error (error);
  saved_stderr = dup (STDERR_FILENO);
  g_assert_cmpint (dup2 (fd, STDERR_FILENO), >=, 0);
  close (fd);
  g_log_set_debug_enabled (TRUE);

  store (URI, token);
  found = fd_secret_store_lookup_sync (URI, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, token);
  g_free (found);

  /* An error on the way says nothing of the token. */
  g_cancellable_cancel (cancelled);
  g_assert_false (fd_secret_store_store_sync (URI2, token, cancelled, &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, token));
  g_clear_error (&error);

  g_log_set_debug_enabled (FALSE);
  fflush (stderr);
  g_assert_cmpint (dup2 (saved_stderr, STDERR_FILENO), >=, 0);
  close (saved_stderr);

  /* The keyring holds it, encrypted, in the data dir of this test. */
  g_assert_true (g_file_test (keyrings, G_FILE_TEST_IS_DIR));
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    n_files += assert_not_in_files (dirs[i], token);
  g_assert_cmpuint (n_files, >, 0);

  g_assert_true (g_file_get_contents (stderr_path, &stderr_text, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (stderr_text, token));
  g_unlink (stderr_path);

  g_mutex_lock (&captured_lock);
  g_assert_null (strstr (captured_log->str, token));
  g_mutex_unlock (&captured_lock);

  clear (URI);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No session bus: run through tests/sources/run-with-keyring.sh");
      return g_test_run ();
    }

  g_test_add_func ("/flightdeck/secret-store/missing", test_missing);
  g_test_add_func ("/flightdeck/secret-store/store-lookup-replace-clear",
                   test_store_lookup_replace_clear);
  g_test_add_func ("/flightdeck/secret-store/async", test_async);
  g_test_add_func ("/flightdeck/secret-store/token-never-leaks", test_token_never_leaks);

  status = g_test_run ();
  g_string_free (captured_log, TRUE);
  return status;
}
