/* test-cli-live.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-cli-live"

#include "config.h"

#include "fd-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

/* `flightdeck-cli fetch` and `act` run as a user runs them, against the
 * local server, with the token in the environment. */

static const char *cli;
static char *tmpdir;

static void
reply_file (SoupServerMessage *msg,
            const char        *name)
{
  g_autofree char *body = fd_test_server_load_data (name);

  fd_test_server_reply (msg, 200, NULL, body);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  const char *method = soup_server_message_get_method (msg);

  if (g_str_has_prefix (path, "/repos/") && g_strcmp0 (auth, "Bearer ghp_cli_secret") != 0)
    fd_test_server_reply (msg, 401, NULL, "{\"message\":\"Bad credentials\"}");
  else if (g_str_equal (path, "/repos/o/r/actions/runs"))
    reply_file (msg, "github-runs-page3.json");
  else if (g_str_has_prefix (path, "/repos/o/r/actions/runs/"))
    reply_file (msg, "github-jobs.json");
  else if (g_str_equal (path, "/repos/o/r/deployments"))
    reply_file (msg, "github-deployments.json");
  else if (g_str_has_prefix (path, "/repos/o/r/deployments/"))
    reply_file (msg, "github-statuses-1.json");
  else if (g_str_has_prefix (path, "/repos/o/r/commits/"))
    reply_file (msg, "github-commit.json");
  else if (g_str_equal (path, "/job/shop/job/build/api/json"))
    reply_file (msg, "jenkins-builds.json");
  else if (g_str_equal (path, "/api/v2/alerts"))
    fd_test_server_reply (msg, 200, NULL,
                          "[{\"annotations\":{},\"endsAt\":\"2100-01-01T00:00:00Z\",\"fingerprint\":\"f1\","
                          "\"startsAt\":\"2026-11-20T10:00:00Z\",\"updatedAt\":\"2026-11-20T10:00:00Z\","
                          "\"status\":{\"inhibitedBy\":[],\"silencedBy\":[],\"state\":\"active\"},"
                          "\"labels\":{\"alertname\":\"Down\",\"severity\":\"critical\",\"job\":\"api\"}}]");
  else if (g_str_equal (path, "/api/v2/silences") && g_str_equal (method, "POST"))
    fd_test_server_reply (msg, 200, NULL, "{\"silenceID\":\"7a7a7a7a-0000-4000-8000-000000000001\"}");
  else if (g_str_equal (path, "/api/v2/silences"))
    fd_test_server_reply (msg, 200, NULL, "[]");
  else if (g_str_equal (path, "/api/v2/status"))
    fd_test_server_reply (msg, 200, NULL, "{\"cluster\":{\"status\":\"ready\"}}");
  else if (g_str_equal (path, "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts"))
    reply_file (msg, "argo-rollouts.json");
  else if (g_str_equal (path, "/apis/apps/v1/namespaces/shop/replicasets"))
    reply_file (msg, "argo-replicasets.json");
  else if (g_str_has_prefix (path, "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/"))
    fd_test_server_reply (msg, 200, NULL, "{\"spec\":{\"paused\":true},\"status\":{}}");
  else
    fd_test_server_reply (msg, 404, NULL, "{\"message\":\"Not Found\"}");
}

static int
run (const char * const *args,
     char              **out_stdout,
     char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "FD_TEST_TOKEN", "ghp_cli_secret", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (process);
}

static void
test_cli_fetch_github_validates (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autofree char *out = g_build_filename (tmpdir, "github.jsonl", NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *contents = NULL;
  int status;

  fd_test_server_add_handler (server, NULL, handler, server);

  {
    const char *args[] = { "fetch", "--source", "github:o/r", "--base-url", fd_test_server_get_url (server),
                           "--token-env", "FD_TEST_TOKEN", "-o", out, NULL };

    status = run (args, &stdout_text, &stderr_text);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"id\":\"github:o/r:run:30433646\""));
  g_assert_nonnull (strstr (contents, "\"type\":\"deployment\""));
  g_assert_null (strstr (contents, "ghp_cli_secret"));
  g_clear_pointer (&stdout_text, g_free);
  g_clear_pointer (&stderr_text, g_free);

  {
    const char *args[] = { "validate", out, NULL };

    status = run (args, &stdout_text, &stderr_text);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (stdout_text, " 0 invalid"));
  g_unlink (out);
}

static void
test_cli_fetch_failures (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autofree char *out = g_build_filename (tmpdir, "x.jsonl", NULL);
  const char *url;

  fd_test_server_add_handler (server, NULL, handler, server);
  url = fd_test_server_get_url (server);

  /* HTTP 401: exit 1, one line naming the cause, no token anywhere. */
  {
    const char *args[] = { "fetch", "--source", "github:o/r", "--base-url", url, "-o", out, NULL };
    g_autofree char *o = NULL, *e = NULL;

    g_assert_cmpint (run (args, &o, &e), ==, 1);
    g_assert_nonnull (strstr (e, "authentication failed (HTTP 401)"));
    /* One line: its only newline is the last character. */
    g_assert_true (strchr (e, '\n') == e + strlen (e) - 1);
    g_assert_null (strstr (e, "ghp_cli_secret"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }

  /* Bad arguments: exit 2. */
  {
    const char *cases[][12] = {
      { "fetch", "-o", "x.jsonl", NULL },
      { "fetch", "--source", "svn:trunk", "-o", "x.jsonl", NULL },
      { "fetch", "--source", "github:o/r", NULL },
      { "fetch", "--source", "github:o/r", "--since", "yesterday", "-o", "x.jsonl", NULL },
      { "fetch", "--source", "github:o/r", "--token-env", "FD_NOT_SET_ANYWHERE", "-o", "x.jsonl", NULL },
      { "fetch", "--source", "github:o/r", "--base-url", "http://example.com", "-o", "x.jsonl", NULL },
      { "fetch", "--source", "github:o/r", "--environment-map", "main", "-o", "x.jsonl", NULL },
      { "fetch", "--source", "jenkins:shop/build", "-o", "x.jsonl", NULL },
      { "act", "--source", "alertmanager:", "--base-url", "http://127.0.0.1:1", "acknowledge", NULL },
      { "act", "--source", "alertmanager:", "--base-url", "http://127.0.0.1:1", "promote", "x", NULL },
      { "act", "--source", "alertmanager:", "--base-url", "http://127.0.0.1:1", "silence", "x",
        "--duration", "forever", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *o = NULL, *e = NULL;

        g_test_message ("case %u", i);
        g_assert_cmpint (run (cases[i], &o, &e), ==, 2);
        g_assert_cmpuint (strlen (e), >, 0);
      }
  }
}

static void
test_cli_fetch_other_kinds (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autofree char *out = g_build_filename (tmpdir, "other.jsonl", NULL);
  const char *sources[][2] = {
    { "jenkins:shop/build", "jenkins:shop/build:build:105" },
    { "alertmanager:", "alertmanager::f1:2026-11-20T10:00:00Z" },
    { "argo-rollouts:shop", "argo-rollouts:shop:checkout:6f7c9d8b54" },
  };

  fd_test_server_add_handler (server, NULL, handler, server);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      const char *args[] = { "fetch", "--source", sources[i][0], "--base-url", fd_test_server_get_url (server),
                             "-o", out, NULL };
      const char *validate[] = { "validate", out, NULL };
      g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL, *contents = NULL;

      g_assert_cmpint (run (args, &o, &e), ==, 0);
      g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
      g_assert_nonnull (strstr (contents, sources[i][1]));
      g_assert_cmpint (run (validate, &o2, &e2), ==, 0);
      g_unlink (out);
    }
}

static void
test_cli_act (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  const char *url;

  fd_test_server_add_handler (server, NULL, handler, server);
  url = fd_test_server_get_url (server);

  {
    const char *args[] = { "act", "--source", "alertmanager:", "--base-url", url, "acknowledge",
                           "alertmanager::f1:2026-11-20T10:00:00Z", "--comment", "on it", NULL };
    g_autofree char *o = NULL, *e = NULL;

    g_assert_cmpint (run (args, &o, &e), ==, 0);
    g_assert_cmpstr (o, ==, "7a7a7a7a-0000-4000-8000-000000000001\n");
  }
  {
    const char *args[] = { "act", "--source", "argo-rollouts:shop", "--base-url", url, "promote",
                           "argo-rollouts:shop:checkout:6f7c9d8b54", NULL };
    g_autofree char *o = NULL, *e = NULL;

    g_assert_cmpint (run (args, &o, &e), ==, 0);
  }
  {
    /* The alert is not there: exit 1 with the reason. */
    const char *args[] = { "act", "--source", "alertmanager:", "--base-url", url, "silence",
                           "alertmanager::nope:2026-11-20T10:00:00Z", "--duration", "30m", NULL };
    g_autofree char *o = NULL, *e = NULL;

    g_assert_cmpint (run (args, &o, &e), ==, 1);
    g_assert_nonnull (strstr (e, "no longer in Alertmanager"));
  }
}

static void
test_cli_sources (void)
{
  g_autofree char *config = g_build_filename (tmpdir, "config", NULL);
  g_autofree char *dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *o = NULL, *e = NULL;
  const char *args[] = { "sources", NULL };
  const char *text =
    "[io/github/flightdeck/Flightdeck]\n"
    "sources=[{'uri': <'github:octo/app'>, 'enabled': <true>}, "
    "{'uri': <'jenkins:shop/build'>, 'enabled': <false>, 'base-url': <'https://ci.example.com'>}, "
    "{'uri': <'svn:x'>}]\n";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, text, -1, NULL));

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_assert_cmpint (run (args, &o, &e), ==, 0);
  g_unsetenv ("XDG_CONFIG_HOME");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_assert_nonnull (strstr (o, "github:octo/app"));
  g_assert_nonnull (strstr (o, "not fetched yet"));
  g_assert_nonnull (strstr (o, "https://api.github.com"));
  g_assert_nonnull (strstr (o, "jenkins:shop/build"));
  g_assert_nonnull (strstr (o, "switched off"));
  g_assert_nonnull (strstr (e, "svn"));

  g_unlink (keyfile);
  g_rmdir (dir);
  {
    g_autofree char *glib = g_path_get_dirname (dir);

    g_rmdir (glib);
  }
  g_rmdir (config);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cli = argv[1];
  tmpdir = g_dir_make_tmp ("fd-cli-live-XXXXXX", NULL);

  g_test_add_func ("/flightdeck/cli-live/fetch-github-validates", test_cli_fetch_github_validates);
  g_test_add_func ("/flightdeck/cli-live/fetch-failures", test_cli_fetch_failures);
  g_test_add_func ("/flightdeck/cli-live/fetch-other-kinds", test_cli_fetch_other_kinds);
  g_test_add_func ("/flightdeck/cli-live/act", test_cli_act);
  g_test_add_func ("/flightdeck/cli-live/sources", test_cli_sources);

  status = g_test_run ();
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}
