/* fuzz-main.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-main"

#include "config.h"

#include "fuzz-target.h"

/*
 * The driver used when a fuzz target is built without libFuzzer: every file
 * of the corpus directory given on the command line becomes one GLib test
 * case, so each corpus (including the crashers added after a fix) is a
 * regression test in every build, sanitizers or not.
 */

static void
run_one (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *exact = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  /* A copy of exactly len bytes, without the NUL that g_file_get_contents
   * adds, so that ASan catches a read past the end as libFuzzer would. */
  exact = g_memdup2 (contents, MAX (len, 1));
  g_assert_cmpint (LLVMFuzzerTestOneInput (exact, len), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *target = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  if (argc != 2)
    {
      g_printerr ("Usage: %s CORPUS-DIRECTORY\n", argv[0]);
      return 2;
    }

  dir = g_dir_open (argv[1], 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  /* An empty corpus is a mistake in the tree, not a pass. */
  g_assert_cmpuint (names->len, >, 0);

  target = g_path_get_basename (argv[1]);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      char *path = g_build_filename (argv[1], file, NULL);
      g_autofree char *test_path = NULL;

      g_ptr_array_add (paths, path);
      test_path = g_strdup_printf ("/flightdeck/fuzz/%s/%s", target, file);
      g_test_add_data_func (test_path, path, run_one);
    }

  return g_test_run ();
}
