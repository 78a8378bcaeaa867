/* test-github-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-github-source"

#include "config.h"

#include "fd-github-source.h"
#include "fd-sources.h"
#include "fd-test-server.h"
#include "fd-time.h"

#include <math.h>
#include <string.h>

#define REPO "/repos/octo-org/octo-repo"

typedef enum
{
  MODE_OK,
  MODE_401,
  MODE_RATE_LIMITED,
  MODE_HTML,
  MODE_TRUNCATED,
  MODE_WRONG_SHAPE,
} Mode;

static int mode = MODE_OK;
static GMutex lock;
static char *seen_auth;
static char *seen_version;
static char *seen_accept;

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
  FdTestServer *test_server = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  const char *page = query ? g_hash_table_lookup (query, "page") : NULL;

  g_mutex_lock (&lock);
  g_free (seen_auth);
  seen_auth = g_strdup (soup_message_headers_get_one (request, "Authorization"));
  g_free (seen_version);
  seen_version = g_strdup (soup_message_headers_get_one (request, "X-GitHub-Api-Version"));
  g_free (seen_accept);
  seen_accept = g_strdup (soup_message_headers_get_one (request, "Accept"));
  g_mutex_unlock (&lock);

  switch (g_atomic_int_get (&mode))
    {
    case MODE_401:
      fd_test_server_reply (msg, 401, NULL,
                            "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
      return;
    case MODE_RATE_LIMITED:
      soup_message_headers_replace (response, "x-ratelimit-limit", "5000");
      soup_message_headers_replace (response, "x-ratelimit-remaining", "0");
      soup_message_headers_replace (response, "x-ratelimit-reset", "4102478040");
      fd_test_server_reply (msg, 403, NULL, "{\"message\":\"API rate limit exceeded for user ID 1.\"}");
      return;
    case MODE_HTML:
      fd_test_server_reply (msg, 200, "text/html", "<!DOCTYPE html><html><title>Unicorn!</title></html>");
      return;
    case MODE_TRUNCATED:
      fd_test_server_reply (msg, 200, NULL, "{\"total_count\": 4, \"workflow_runs\": [{\"id\": 3043");
      return;
    case MODE_WRONG_SHAPE:
      fd_test_server_reply (msg, 200, NULL, "[1, 2, 3]");
      return;
    case MODE_OK:
    default:
      break;
    }

  if (g_str_equal (path, REPO "/actions/runs"))
    {
      g_autofree char *link = NULL;

      soup_message_headers_replace (response, "ETag", "W/\"runs-v1\"");
      if (g_strcmp0 (inm, "W/\"runs-v1\"") == 0)
        {
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
      if (page == NULL || g_str_equal (page, "1"))
        {
          link = g_strdup_printf ("<%s" REPO "/actions/runs?per_page=100&page=2>; rel=\"next\", "
                                  "<%s" REPO "/actions/runs?per_page=100&page=3>; rel=\"last\"",
                                  fd_test_server_get_url (test_server),
                                  fd_test_server_get_url (test_server));
          soup_message_headers_replace (response, "Link", link);
          reply_file (msg, "github-runs-page1.json");
        }
      else if (g_str_equal (page, "2"))
        {
          link = g_strdup_printf ("<%s" REPO "/actions/runs?per_page=100&page=1>; rel=\"prev\", "
                                  "<%s" REPO "/actions/runs?per_page=100&page=3>; rel=\"next\"",
                                  fd_test_server_get_url (test_server),
                                  fd_test_server_get_url (test_server));
          soup_message_headers_replace (response, "Link", link);
          reply_file (msg, "github-runs-page2.json");
        }
      else
        reply_file (msg, "github-runs-page3.json");
    }
  else if (g_str_equal (path, REPO "/actions/runs/30433642/jobs"))
    reply_file (msg, "github-jobs.json");
  else if (g_str_has_prefix (path, REPO "/actions/runs/") && g_str_has_suffix (path, "/jobs"))
    fd_test_server_reply (msg, 200, NULL, "{\"total_count\": 0, \"jobs\": []}");
  else if (g_str_equal (path, REPO "/deployments"))
    {
      soup_message_headers_replace (response, "ETag", "\"dep-v1\"");
      if (g_strcmp0 (inm, "\"dep-v1\"") == 0)
        soup_server_message_set_status (msg, 304, NULL);
      else
        reply_file (msg, "github-deployments.json");
    }
  else if (g_str_equal (path, REPO "/deployments/1/statuses"))
    reply_file (msg, "github-statuses-1.json");
  else if (g_str_equal (path, REPO "/deployments/4/statuses"))
    reply_file (msg, "github-statuses-4.json");
  else if (g_str_equal (path, REPO "/deployments/3/statuses"))
    fd_test_server_reply (msg, 200, NULL,
                          "[{\"id\": 31, \"state\": \"failure\", \"created_at\": \"2026-11-19T11:20:00Z\"}]");
  else if (g_str_equal (path, REPO "/deployments/2/statuses"))
    fd_test_server_reply (msg, 200, NULL, "[]");
  else if (g_str_equal (path, REPO "/commits/a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d"))
    reply_file (msg, "github-commit.json");
  else
    fd_test_server_reply (msg, 404, NULL,
                          "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com\"}");
}

static FdSource *
make_source (FdTestServer *server,
             const char   *token)
{
  g_autoptr(FdSourceConfig) config = fd_source_config_new ("github:octo-org/octo-repo", NULL);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->base_url = g_strdup (fd_test_server_get_url (server));
  fd_source_config_set_token (config, token);
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_GITHUB_SOURCE (source));

  return source;
}

static void
test_github_mapping (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  FdSnapshot *records;
  const FdPipelineRun *run;
  const FdDeployment *deployment;
  const FdStage *stages;
  gsize n, n_stages;

  fd_test_server_add_handler (server, NULL, handler, server);
  g_atomic_int_set (&mode, MODE_OK);
  source = make_source (server, "ghp_testtoken");

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);

  /* Three pages followed through the link header. */
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 6);
  log = fd_test_server_dup_log (server);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs?"), ==, 3);
  g_assert_cmpstr (seen_auth, ==, "Bearer ghp_testtoken");
  g_assert_cmpstr (seen_version, ==, "2022-11-28");
  g_assert_cmpstr (seen_accept, ==, "application/vnd.github+json");

  run = fd_test_find_run (records, "github:octo-org/octo-repo:run:30433642");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpstr (fd_snapshot_str (records, run->pipeline), ==, "octo-repo/Build");
  g_assert_cmpstr (fd_snapshot_str (records, run->service), ==, "octo-repo");
  g_assert_cmpstr (fd_snapshot_str (records, run->environment), ==, "production");
  g_assert_cmpstr (fd_snapshot_str (records, run->branch), ==, "main");
  g_assert_cmpstr (fd_snapshot_str (records, run->commit), ==,
                   "acb5820ced9479c074f688cc328bf03f341a511d");
  g_assert_cmpstr (fd_snapshot_str (records, run->trigger), ==, "push");
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T10:00:05Z"));
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T10:04:12Z"));
  stages = fd_snapshot_get_stages (records, run, &n_stages);
  g_assert_cmpuint (n_stages, ==, 3);
  g_assert_cmpstr (fd_snapshot_str (records, stages[0].name), ==, "build");
  g_assert_cmpint (stages[0].status, ==, FD_RUN_SUCCESS);
  g_assert_cmpfloat (stages[0].duration_s, ==, 120.0f);
  g_assert_cmpint (stages[1].status, ==, FD_RUN_FAILED);
  g_assert_cmpfloat (stages[1].duration_s, ==, 90.0f);
  g_assert_cmpint (stages[2].status, ==, FD_RUN_QUEUED);
  g_assert_true (isnan (stages[2].duration_s));

  run = fd_test_find_run (records, "github:octo-org/octo-repo:run:30433643");
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);               /* neutral */
  g_assert_cmpstr (fd_snapshot_str (records, run->environment), ==, "development");
  g_assert_cmpstr (fd_snapshot_str (records, run->trigger), ==, "pull_request");
  run = fd_test_find_run (records, "github:octo-org/octo-repo:run:30433644");
  g_assert_cmpint (run->status, ==, FD_RUN_FAILED);                /* startup_failure */
  g_assert_cmpstr (fd_snapshot_str (records, run->environment), ==, "production");  /* master */
  run = fd_test_find_run (records, "github:octo-org/octo-repo:run:30433645");
  g_assert_cmpint (run->status, ==, FD_RUN_RUNNING);
  g_assert_cmpint (run->finished_at, ==, FD_TIME_NONE);
  run = fd_test_find_run (records, "github:octo-org/octo-repo:run:30433646");
  g_assert_cmpint (run->status, ==, FD_RUN_QUEUED);                /* action_required */
  run = fd_test_find_run (records, "github:octo-org/octo-repo:run:30433647");
  g_assert_cmpint (run->status, ==, FD_RUN_CANCELLED);             /* stale */

  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, 4);
  deployment = fd_test_find_deployment (records, "github:octo-org/octo-repo:deployment:1");
  g_assert_nonnull (deployment);
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_SUCCESS);     /* inactive, newest */
  g_assert_cmpstr (fd_snapshot_str (records, deployment->version), ==, "a84d88e7554f");
  g_assert_cmpstr (fd_snapshot_str (records, deployment->commit), ==,
                   "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d");
  g_assert_cmpstr (fd_snapshot_str (records, deployment->environment), ==, "production");
  g_assert_cmpstr (fd_snapshot_str (records, deployment->service), ==, "octo-repo");
  g_assert_cmpint (deployment->started_at, ==, fd_test_time ("2026-11-20T11:00:00Z"));
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-20T13:00:00Z"));
  g_assert_cmpint (deployment->committed_at, ==, fd_test_time ("2026-11-20T09:30:00Z"));

  deployment = fd_test_find_deployment (records, "github:octo-org/octo-repo:deployment:2");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_IN_PROGRESS); /* no status yet */
  g_assert_cmpstr (fd_snapshot_str (records, deployment->version), ==, "v2.4.1");
  g_assert_cmpint (deployment->finished_at, ==, FD_TIME_NONE);
  /* The commit of deployment 2 is unknown upstream (404): no commit time. */
  g_assert_cmpint (deployment->committed_at, ==, FD_TIME_NONE);

  deployment = fd_test_find_deployment (records, "github:octo-org/octo-repo:deployment:3");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_FAILED);
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-19T11:20:00Z"));
  deployment = fd_test_find_deployment (records, "github:octo-org/octo-repo:deployment:4");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_FAILED);      /* error */

  /* One commit lookup per sha (deployments 1 and 3 share one). */
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/commits/a84d"), ==, 1);
  g_assert_cmpint (fd_source_status_get_state (fd_source_get_status (source)), ==,
                   FD_SOURCE_STATE_OK);
}

static void
test_github_incremental (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gsize n;
  guint before;

  fd_test_server_add_handler (server, NULL, handler, server);
  g_atomic_int_set (&mode, MODE_OK);
  source = make_source (server, NULL);

  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (seen_auth);

  log = fd_test_server_dup_log (server);
  before = log->len;
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Second poll: only runs created since the oldest one still open (06:00). */
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  log = fd_test_server_dup_log (server);
  g_assert_cmpstr (g_ptr_array_index (log, before), ==,
                   "GET " REPO "/actions/runs?per_page=100&created=%3E%3D2026-11-20T06%3A00%3A00Z");
  /* The server sent the same runs again; nothing changed, nothing is sent on. */
  fd_snapshot_get_runs (fd_batch_get_records (second), &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs/30433642/jobs"), ==, 1);
  /* The deployment list is unchanged (304), but the open one is asked again. */
  fd_snapshot_get_deployments (fd_batch_get_records (second), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/deployments/2/statuses"), ==, 2);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/deployments/1/statuses"), ==, 1);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Third poll: the same URL with its ETag, answered 304. */
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  fd_snapshot_get_runs (fd_batch_get_records (third), &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_github_failures (void)
{
  const struct { Mode mode; int code; const char *part; FdSourceState state; } cases[] = {
    { MODE_401, FD_HTTP_ERROR_AUTH, "authentication failed (HTTP 401)", FD_SOURCE_STATE_ERROR },
    { MODE_RATE_LIMITED, FD_HTTP_ERROR_RATE_LIMITED, "rate limited until", FD_SOURCE_STATE_RATE_LIMITED },
    { MODE_HTML, FD_HTTP_ERROR_BAD_RESPONSE, "web page", FD_SOURCE_STATE_ERROR },
    { MODE_TRUNCATED, FD_HTTP_ERROR_BAD_RESPONSE, "invalid JSON at byte", FD_SOURCE_STATE_ERROR },
    { MODE_WRONG_SHAPE, FD_HTTP_ERROR_BAD_RESPONSE, "workflow_runs", FD_SOURCE_STATE_ERROR },
  };
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;

  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server, "ghp_secret_value");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdBatch) batch = NULL;
      FdSourceStatus *status = fd_source_get_status (source);

      g_atomic_int_set (&mode, cases[i].mode);
      batch = fd_test_fetch (source, NULL, &error);
      g_assert_null (batch);
      g_assert_error (error, FD_HTTP_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].part));
      g_assert_null (strstr (error->message, "ghp_secret_value"));
      g_assert_cmpint (fd_source_status_get_state (status), ==, cases[i].state);
      g_assert_cmpstr (fd_source_status_get_message (status), ==, error->message);
      if (cases[i].mode == MODE_RATE_LIMITED)
        g_assert_cmpint (fd_source_status_get_retry_at (status), ==,
                         G_GINT64_CONSTANT (4102478040) * G_USEC_PER_SEC);
    }
  g_atomic_int_set (&mode, MODE_OK);
}

static void
test_github_bad_locator (void)
{
  const char *bad[] = { "github:octo", "github:/repo", "github:o/r/x", "github:o/", "github:o r/x" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FdSourceConfig) config = fd_source_config_new (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      FdSource *source = fd_source_new_for_config (config, &error);

      g_assert_null (source);
      g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/github-source/mapping", test_github_mapping);
  g_test_add_func ("/flightdeck/github-source/incremental", test_github_incremental);
  g_test_add_func ("/flightdeck/github-source/failures", test_github_failures);
  g_test_add_func ("/flightdeck/github-source/bad-locator", test_github_bad_locator);

  return g_test_run ();
}
