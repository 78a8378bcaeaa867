/* test-cli.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

/* Runs the built flightdeck-cli (its path is the first argument). */

static const char *cli_path;

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

/* Runs the CLI with LC_ALL=@locale, or with the test's environment for NULL. */
static int
run_cli_in_locale (const char         *locale,
                   const char * const *args,
                   char              **out,
                   char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (locale != NULL)
    envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

/* A child with a locale that is not installed would quietly run in C. */
static gboolean
german_locale_installed (void)
{
  g_autofree char *old = g_strdup (setlocale (LC_ALL, NULL));
  gboolean found = setlocale (LC_ALL, "de_DE.UTF-8") != NULL;

  setlocale (LC_ALL, old);
  if (!found)
    g_test_fail_printf ("the de_DE.UTF-8 locale is not installed (run build-aux/install-deps.sh)");
  return found;
}

static char *
fixture (const char *name)
{
  return g_build_filename (FIXTURES_DIR, name, NULL);
}

static void
test_cli_metrics_json (void)
{
  static const char * const keys[] = {
    "window_days", "runs_total", "runs_success", "runs_failed", "runs_cancelled", "runs_active",
    "success_rate", "duration_mean_s", "duration_p50_s", "duration_p95_s", "deployments_total",
    "deployments_success", "deployments_failed", "deployment_frequency_per_day",
    "lead_time_median_h", "change_failure_rate", "alerts_total", "alerts_open",
    "alerts_by_severity", "alerts_by_status", "mttr_min", "time_to_restore_median_min",
    "mtta_min", "canaries", "dora_tiers", "invalid_lines",
  };
  g_autofree char *path = fixture ("metrics-basic.jsonl");
  const char *args[] = { "metrics", path, "--from", "2026-11-10T00:00:00Z",
                         "--to", "2026-11-11T01:00:00+01:00", "--environment", "production", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root;
  guint i = 0;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_true (g_str_has_suffix (out, "}\n"));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  members = json_object_get_members (root);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, keys[i++]);

  g_assert_cmpint (json_object_get_int_member (root, "runs_total"), ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (root, "duration_p95_s"), ==, 290);
  g_assert_true (json_object_get_null_member (root, "mtta_min") == FALSE);
  g_assert_cmpint (json_object_get_int_member (root, "invalid_lines"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (root, "dora_tiers"), "time_to_restore"),
                   ==, "elite");
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "canaries"), "c4"));
}

static void
test_cli_metrics_invalid_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "mixed.jsonl", NULL);
  const char *args[] = { "metrics", path, "--from", "2026-11-01T00:00:00Z",
                         "--to", "2026-12-01T00:00:00Z", NULL };
  const char *vargs[] = { "validate", path, NULL };
  const char *contents =
    "{\"type\":\"alert\",\"id\":\"a\",\"name\":\"n\",\"service\":\"s\",\"environment\":\"e\","
    "\"severity\":\"high\",\"status\":\"firing\",\"started_at\":\"2026-11-20T10:00:00Z\"}\n"
    "garbage\n"
    "{\"type\":\"future_thing\"}\n"
    "\n"
    "{\"type\":\"alert\",\"id\":\"b\"}\n";
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expect = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"alerts_total\": 1,"));
  g_assert_nonnull (strstr (out, "\"invalid_lines\": 2}"));
  expect = g_strdup_printf ("%s:2: ", path);
  g_assert_nonnull (strstr (err, expect));
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("%s:5: ", path);
  g_assert_nonnull (strstr (err, expect));
  g_assert_nonnull (strstr (err, "1 line(s) of unknown type"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (vargs, &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, expect));
  g_assert_nonnull (strstr (out, "5 lines, 1 valid, 2 invalid, 1 of unknown type, 1 blank"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_cli_exit_codes (void)
{
  g_autofree char *path = fixture ("metrics-basic.jsonl");
  struct { const char *args[8]; int status; } cases[] = {
    { { "metrics", "--help", NULL }, 0 },
    { { "validate", "--help", NULL }, 0 },
    { { "validate", path, NULL }, 0 },
    { { "metrics", path, "--to", "2026-11-10T00:00:00Z", NULL }, 0 },
    { { "metrics", NULL }, 2 },
    { { "validate", NULL }, 2 },
    { { "metrics", path, "--bogus", NULL }, 2 },
    { { "metrics", path, "--from", "yesterday", NULL }, 2 },
    { { "metrics", path, "--to", "2026-11-10t00:00:00z", NULL }, 2 },
    { { "metrics", path, path, NULL }, 2 },
    { { "metrics", "/nonexistent/file.jsonl", NULL }, 1 },
    { { "validate", "/nonexistent/file.jsonl", NULL }, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = run_cli (cases[i].args, &out, &err);

      g_test_message ("%s %s", cases[i].args[0], cases[i].args[1] ? cases[i].args[1] : "");
      g_assert_cmpint (status, ==, cases[i].status);
      if (status == 2)
        g_assert_cmpuint (strlen (err), >, 0);
      if (status == 1 && strstr (cases[i].args[1], "nonexistent") != NULL)
        g_assert_nonnull (strstr (err, "/nonexistent/file.jsonl"));
      if (i < 2)
        g_assert_nonnull (strstr (out, "Usage:"));
    }
}

/* The metrics JSON is for programs: the same bytes in German as in C. The
 * validate summary is for people and groups thousands as the locale does. */
static void
test_cli_german_locale (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture ("metrics-basic.jsonl");
  const char *args[] = { "metrics", path, "--from", "2026-11-10T00:00:00Z",
                         "--to", "2026-11-11T01:00:00+01:00", NULL };
  g_autofree char *dir = NULL;
  g_autofree char *big = NULL;
  const char *vargs[] = { "validate", NULL, NULL };
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *out_c = NULL;
  g_autofree char *out_de = NULL;
  g_autofree char *err = NULL;

  if (!german_locale_installed ())
    return;

  g_assert_cmpint (run_cli_in_locale (NULL, args, &out_c, NULL), ==, 0);
  g_assert_cmpint (run_cli_in_locale ("de_DE.UTF-8", args, &out_de, &err), ==, 0);
  g_assert_cmpstr (out_de, ==, out_c);
  g_assert_nonnull (strstr (out_de, "\"success_rate\": 0."));
  g_clear_pointer (&out_c, g_free);
  g_clear_pointer (&out_de, g_free);
  g_clear_pointer (&err, g_free);

  dir = g_dir_make_tmp ("fd-cli-XXXXXX", &error);
  g_assert_no_error (error);
  big = g_build_filename (dir, "big.jsonl", NULL);
  for (guint i = 0; i < 1204; i++)
    g_string_append (lines, "\n");
  g_assert_true (g_file_set_contents (big, lines->str, lines->len, &error));
  g_assert_no_error (error);
  vargs[1] = big;
  g_assert_cmpint (run_cli_in_locale ("de_DE.UTF-8", vargs, &out_de, NULL), ==, 0);
  g_assert_cmpint (run_cli_in_locale (NULL, vargs, &out_c, NULL), ==, 0);
  g_assert_nonnull (strstr (out_de, ": 1.204 lines, 0 valid, 0 invalid, 0 of unknown type, 1.204 blank\n"));
  g_assert_nonnull (strstr (out_c, ": 1,204 lines, 0 valid, 0 invalid, 0 of unknown type, 1,204 blank\n"));

  g_unlink (big);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("Usage: %s PATH-TO-FLIGHTDECK-CLI\n", argv[0]);
      return 1;
    }
  cli_path = argv[1];

  g_test_add_func ("/flightdeck/cli/metrics-json", test_cli_metrics_json);
  g_test_add_func ("/flightdeck/cli/metrics-invalid-lines", test_cli_metrics_invalid_lines);
  g_test_add_func ("/flightdeck/cli/exit-codes", test_cli_exit_codes);
  g_test_add_func ("/flightdeck/cli/german-locale", test_cli_german_locale);

  return g_test_run ();
}
