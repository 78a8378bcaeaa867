/* test-cicd-sources.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-cicd-sources"

#include "config.h"

#include "fd-gitlab-source.h"
#include "fd-jenkins-source.h"
#include "fd-sources.h"
#include "fd-test-server.h"

#include <math.h>
#include <string.h>

/* libsoup hands the server the path decoded: shop%2Fcheckout arrives as shop/checkout. */
#define PROJECT "/api/v4/projects/shop/checkout"
#define JOB "/job/shop/job/build/api/json"

static GMutex lock;
static char *seen_private_token;
static char *seen_authorization;
static char *seen_tree;
static char *seen_updated_after;

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
  const char *page = query ? g_hash_table_lookup (query, "page") : NULL;
  /* The raw path keeps %2F; the handler's path is decoded. */
  const char *raw = g_uri_get_path (soup_server_message_get_uri (msg));

  g_mutex_lock (&lock);
  g_free (seen_private_token);
  seen_private_token = g_strdup (soup_message_headers_get_one (request, "PRIVATE-TOKEN"));
  g_free (seen_authorization);
  seen_authorization = g_strdup (soup_message_headers_get_one (request, "Authorization"));
  if (query != NULL && g_hash_table_lookup (query, "tree") != NULL)
    {
      g_free (seen_tree);
      seen_tree = g_strdup (g_hash_table_lookup (query, "tree"));
    }
  if (query != NULL && g_str_has_suffix (path, "/pipelines"))
    {
      g_free (seen_updated_after);
      seen_updated_after = g_strdup (g_hash_table_lookup (query, "updated_after"));
    }
  g_mutex_unlock (&lock);

  (void) test_server;

  if (g_str_equal (raw, PROJECT "/pipelines"))
    {
      if (page == NULL || g_str_equal (page, "1"))
        {
          soup_message_headers_replace (response, "X-Next-Page", "2");
          soup_message_headers_replace (response, "X-Page", "1");
          reply_file (msg, "gitlab-pipelines-1.json");
        }
      else
        {
          soup_message_headers_replace (response, "X-Next-Page", "");
          soup_message_headers_replace (response, "X-Page", "2");
          reply_file (msg, "gitlab-pipelines-2.json");
        }
    }
  else if (g_str_equal (raw, PROJECT "/pipelines/47"))
    reply_file (msg, "gitlab-pipeline-47.json");
  else if (g_str_equal (raw, PROJECT "/pipelines/47/jobs"))
    reply_file (msg, "gitlab-jobs-47.json");
  else if (g_str_has_prefix (raw, PROJECT "/pipelines/") && g_str_has_suffix (raw, "/jobs"))
    fd_test_server_reply (msg, 200, NULL, "[]");
  else if (g_str_has_prefix (raw, PROJECT "/pipelines/"))
    fd_test_server_reply (msg, 200, NULL, "{}");
  else if (g_str_equal (raw, PROJECT "/deployments"))
    reply_file (msg, "gitlab-deployments.json");
  else if (g_str_equal (raw, JOB))
    reply_file (msg, "jenkins-builds.json");
  else
    fd_test_server_reply (msg, 404, NULL, "{\"message\":\"404 Not Found\"}");
}

static FdSource *
make_source (FdTestServer *server,
             const char   *uri,
             const char   *base_path,
             const char   *token)
{
  g_autoptr(FdSourceConfig) config = fd_source_config_new (uri, NULL);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->base_url = g_strconcat (fd_test_server_get_url (server), base_path, NULL);
  fd_source_config_set_token (config, token);
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);

  return source;
}

static void
test_gitlab_mapping (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdBatch) again = NULL;
  g_autoptr(GError) error = NULL;
  FdSnapshot *records;
  const FdPipelineRun *run;
  const FdDeployment *deployment;
  const FdStage *stages;
  gsize n, n_stages;

  fd_test_server_add_handler (server, NULL, handler, server);
  /* A path is sent as one segment. */
  source = make_source (server, "gitlab:shop/checkout", "/api/v4", "glpat-abc");
  g_assert_true (FD_IS_GITLAB_SOURCE (source));

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);
  g_assert_cmpstr (seen_private_token, ==, "glpat-abc");
  g_assert_null (seen_authorization);

  /* Two pages through x-next-page. */
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 4);

  run = fd_test_find_run (records, "gitlab:shop/checkout:pipeline:47");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpstr (fd_snapshot_str (records, run->pipeline), ==, "checkout/Build pipeline");
  g_assert_cmpstr (fd_snapshot_str (records, run->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (records, run->environment), ==, "production");
  g_assert_cmpstr (fd_snapshot_str (records, run->branch), ==, "main");
  g_assert_cmpstr (fd_snapshot_str (records, run->trigger), ==, "push");
  g_assert_cmpstr (fd_snapshot_str (records, run->commit), ==, "a91957a858320c0e17f3a0eca7cfacbff50ea29a");
  /* Times from the single-pipeline endpoint. */
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T10:00:40Z"));
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T10:11:10Z"));
  stages = fd_snapshot_get_stages (records, run, &n_stages);
  g_assert_cmpuint (n_stages, ==, 2);
  g_assert_cmpstr (fd_snapshot_str (records, stages[0].name), ==, "rspec");
  g_assert_cmpfloat (stages[0].duration_s, ==, 120.5f);
  g_assert_cmpint (stages[1].status, ==, FD_RUN_QUEUED);   /* manual */
  g_assert_true (isnan (stages[1].duration_s));

  run = fd_test_find_run (records, "gitlab:shop/checkout:pipeline:48");
  g_assert_cmpint (run->status, ==, FD_RUN_QUEUED);        /* preparing */
  g_assert_cmpstr (fd_snapshot_str (records, run->environment), ==, "development");
  g_assert_cmpstr (fd_snapshot_str (records, run->pipeline), ==, "checkout/pipeline");
  /* No detail: the list's created_at. */
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T11:00:00Z"));
  run = fd_test_find_run (records, "gitlab:shop/checkout:pipeline:49");
  g_assert_cmpint (run->status, ==, FD_RUN_QUEUED);        /* manual */
  run = fd_test_find_run (records, "gitlab:shop/checkout:pipeline:50");
  g_assert_cmpint (run->status, ==, FD_RUN_CANCELLED);
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T13:05:00Z"));

  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, 3);
  deployment = fd_test_find_deployment (records, "gitlab:shop/checkout:deployment:41");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_SUCCESS);
  g_assert_cmpstr (fd_snapshot_str (records, deployment->environment), ==, "production");
  g_assert_cmpstr (fd_snapshot_str (records, deployment->version), ==, "99d03678b90d");
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-20T09:07:00Z"));
  g_assert_cmpint (deployment->committed_at, ==, fd_test_time ("2026-11-20T07:30:00Z"));
  deployment = fd_test_find_deployment (records, "gitlab:shop/checkout:deployment:42");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_IN_PROGRESS);  /* blocked */
  g_assert_cmpstr (fd_snapshot_str (records, deployment->version), ==, "v1.4.0");
  g_assert_cmpint (deployment->finished_at, ==, FD_TIME_NONE);
  deployment = fd_test_find_deployment (records, "gitlab:shop/checkout:deployment:43");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_FAILED);       /* canceled */
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-20T15:04:00Z"));

  /* The next poll asks only for what was updated after the newest update. */
  again = fd_test_fetch (source, fd_batch_get_cursor (batch), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen_updated_after, ==, "2026-11-20T13:05:00Z");
}

static void
test_jenkins_mapping (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdBatch) again = NULL;
  g_autoptr(GError) error = NULL;
  FdSnapshot *records;
  const FdPipelineRun *run;
  gsize n;

  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server, "jenkins:shop/build", "", "ci-bot:11aa22bb");
  g_assert_true (FD_IS_JENKINS_SOURCE (source));

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);
  g_assert_cmpstr (seen_tree, ==, "builds[number,result,building,timestamp,duration,url]{0,100}");
  g_assert_cmpstr (seen_authorization, ==, "Basic Y2ktYm90OjExYWEyMmJi");

  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 6);
  run = fd_test_find_run (records, "jenkins:shop/build:build:106");
  g_assert_cmpint (run->status, ==, FD_RUN_RUNNING);
  g_assert_cmpint (run->started_at, ==, G_GINT64_CONSTANT (1795694400000) * 1000);
  g_assert_cmpint (run->finished_at, ==, FD_TIME_NONE);
  g_assert_cmpstr (fd_snapshot_str (records, run->pipeline), ==, "shop/build");
  g_assert_cmpstr (fd_snapshot_str (records, run->service), ==, "build");
  g_assert_cmpstr (fd_snapshot_str (records, run->environment), ==, "development");
  run = fd_test_find_run (records, "jenkins:shop/build:build:105");
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpint (run->finished_at, ==, (G_GINT64_CONSTANT (1795690800000) + 95000) * 1000);
  g_assert_cmpint (fd_test_find_run (records, "jenkins:shop/build:build:104")->status, ==, FD_RUN_FAILED);
  g_assert_cmpint (fd_test_find_run (records, "jenkins:shop/build:build:103")->status, ==, FD_RUN_CANCELLED);
  g_assert_cmpint (fd_test_find_run (records, "jenkins:shop/build:build:102")->status, ==, FD_RUN_CANCELLED);
  g_assert_cmpint (fd_test_find_run (records, "jenkins:shop/build:build:101")->status, ==, FD_RUN_FAILED);

  /* Finished builds are sent once; the running one again. */
  again = fd_test_fetch (source, fd_batch_get_cursor (batch), &error);
  g_assert_no_error (error);
  fd_snapshot_get_runs (fd_batch_get_records (again), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_nonnull (fd_test_find_run (fd_batch_get_records (again), "jenkins:shop/build:build:106"));
}

static void
test_jenkins_environment_map_and_errors (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSourceConfig) config = fd_source_config_new ("jenkins:shop/build", NULL);
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fd_jenkins_builds_path ("my folder/job");
  FdSource *bad;

  g_assert_cmpstr (path, ==, "/job/my%20folder/job/job/api/json?tree=builds%5Bnumber%2Cresult%2C"
                             "building%2Ctimestamp%2Cduration%2Curl%5D%7B0%2C100%7D");

  fd_test_server_add_handler (server, NULL, handler, server);
  config->base_url = g_strdup (fd_test_server_get_url (server));
  config->environment_map = g_strdup ("shop/*=staging");
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_snapshot_str (fd_batch_get_records (batch),
                                    fd_test_find_run (fd_batch_get_records (batch),
                                                      "jenkins:shop/build:build:105")->environment),
                   ==, "staging");

  /* No base URL, and a token that is not user:token. */
  g_clear_pointer (&config->base_url, g_free);
  bad = fd_source_new_for_config (config, &error);
  g_assert_null (bad);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  config->base_url = g_strdup ("https://ci.example.com");
  fd_source_config_set_token (config, "no-colon");
  bad = fd_source_new_for_config (config, &error);
  g_assert_null (bad);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
  g_assert_null (strstr (error->message, "no-colon"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/cicd-sources/gitlab-mapping", test_gitlab_mapping);
  g_test_add_func ("/flightdeck/cicd-sources/jenkins-mapping", test_jenkins_mapping);
  g_test_add_func ("/flightdeck/cicd-sources/jenkins-environment-map-and-errors",
                   test_jenkins_environment_map_and_errors);

  return g_test_run ();
}
