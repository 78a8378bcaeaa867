/* test-jenkins-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-jenkins-source"

#include "config.h"

#include "fd-jenkins-source.h"
#include "fd-sources.h"
#include "fd-test-server.h"
#include "fd-time.h"

#include <string.h>

#define JOB "/jenkins/job/shop/job/build/api/json"
#define URI "jenkins:shop/build"
#define TOKEN "ci-bot:11aa22bbSecret"
#define TREE "builds[number,result,building,timestamp,duration,url]{0,100}"

typedef enum
{
  MODE_OK,
  MODE_LATER,        /* build 106 has finished */
  MODE_401,
  MODE_403,
  MODE_404,
  MODE_LOGIN_PAGE,
  MODE_TRUNCATED,
  MODE_FOLDER,
} Mode;

/* A fake Jenkins under /jenkins, and what every request carried. */
typedef struct
{
  FdTestServer *server;
  GMutex        lock;
  Mode          mode;
  gboolean      etags;
  GPtrArray    *requests;    /* "RAW-PATH TREE INM" */
  char         *authorization;
} Jenkins;

static void
reply_file (SoupServerMessage *msg,
            const char        *name)
{
  g_autofree char *body = fd_test_server_load_data (name);

  fd_test_server_reply (msg, 200, NULL, body);
}

static void
handler (SoupServer        *soup_server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Jenkins *jenkins = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *raw = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  const char *tree = query ? g_hash_table_lookup (query, "tree") : NULL;
  Mode mode;

  g_mutex_lock (&jenkins->lock);
  g_ptr_array_add (jenkins->requests, g_strdup_printf ("%s %s %s", raw, tree ? tree : "-",
                                                       inm ? inm : "-"));
  g_free (jenkins->authorization);
  jenkins->authorization = g_strdup (soup_message_headers_get_one (request, "Authorization"));
  mode = jenkins->mode;
  g_mutex_unlock (&jenkins->lock);

  switch (mode)
    {
    case MODE_401:
      soup_message_headers_replace (response, "WWW-Authenticate", "Basic realm=\"Jenkins\"");
      fd_test_server_reply (msg, 401, "text/html", "<html><body>Unauthorized</body></html>");
      return;
    case MODE_403:
      fd_test_server_reply (msg, 403, "text/html",
                            "<html><body>ci-bot is missing the Job/Read permission</body></html>");
      return;
    case MODE_404:
      fd_test_server_reply (msg, 404, "text/html", "<html><body>Not Found</body></html>");
      return;
    case MODE_LOGIN_PAGE:
      fd_test_server_reply (msg, 200, "text/html;charset=utf-8",
                            "<!DOCTYPE html><html><head><title>Sign in [Jenkins]</title></head></html>");
      return;
    case MODE_TRUNCATED:
      fd_test_server_reply (msg, 200, NULL, "{\"builds\": [{\"number\": 106, \"build");
      return;
    case MODE_FOLDER:
      reply_file (msg, "jenkins-folder.json");
      return;
    case MODE_OK:
    case MODE_LATER:
    default:
      break;
    }

  if (g_str_equal (raw, JOB))
    {
      if (jenkins->etags)
        {
          const char *etag = mode == MODE_LATER ? "\"builds-2\"" : "\"builds-1\"";

          soup_message_headers_replace (response, "ETag", etag);
          if (g_strcmp0 (inm, etag) == 0)
            {
              soup_server_message_set_status (msg, 304, NULL);
              return;
            }
        }
      reply_file (msg, mode == MODE_LATER ? "jenkins-builds-later.json" : "jenkins-builds-more.json");
    }
  else if (g_str_equal (path, "/jenkins/job/my folder/job/deploy app/api/json"))   /* decoded */
    fd_test_server_reply (msg, 200, NULL, "{\"builds\": [{\"number\": 3, \"building\": false,"
                          " \"result\": \"SUCCESS\", \"timestamp\": 1795694400000,"
                          " \"duration\": 1500}]}");
  else
    fd_test_server_reply (msg, 404, "text/html", "<html><body>Not Found</body></html>");
}

static Jenkins *
jenkins_new (void)
{
  Jenkins *jenkins = g_new0 (Jenkins, 1);

  g_mutex_init (&jenkins->lock);
  jenkins->server = fd_test_server_new ();
  jenkins->requests = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (jenkins->server, NULL, handler, jenkins);

  return jenkins;
}

static void
jenkins_free (Jenkins *jenkins)
{
  fd_test_server_free (jenkins->server);
  g_ptr_array_unref (jenkins->requests);
  g_free (jenkins->authorization);
  g_mutex_clear (&jenkins->lock);
  g_free (jenkins);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Jenkins, jenkins_free)

static void
jenkins_set (Jenkins *jenkins,
             Mode     mode)
{
  g_mutex_lock (&jenkins->lock);
  jenkins->mode = mode;
  g_mutex_unlock (&jenkins->lock);
}

static const char *
jenkins_request (Jenkins *jenkins,
                 guint    index)
{
  const char *line;

  g_mutex_lock (&jenkins->lock);
  g_assert_cmpuint (index, <, jenkins->requests->len);
  line = g_ptr_array_index (jenkins->requests, index);
  g_mutex_unlock (&jenkins->lock);

  return line;
}

static FdSourceConfig *
make_config (Jenkins    *jenkins,
             const char *uri)
{
  FdSourceConfig *config = fd_source_config_new (uri, NULL);

  config->base_url = g_strconcat (fd_test_server_get_url (jenkins->server), "/jenkins/", NULL);
  fd_source_config_set_token (config, TOKEN);

  return config;
}

static FdSource *
make_source (Jenkins    *jenkins,
             const char *uri,
             FdTime      since)
{
  g_autoptr(FdSourceConfig) config = make_config (jenkins, uri);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->since = since;
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_JENKINS_SOURCE (source));

  return source;
}

static void
test_jenkins_mapping (void)
{
  g_autoptr(Jenkins) jenkins = jenkins_new ();
  g_autoptr(FdSource) source = make_source (jenkins, URI, FD_TIME_NONE);
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  FdSnapshot *records;
  const FdPipelineRun *run;
  gsize n;
  const struct { const char *number; FdRunStatus status; gint64 start_ms; gint64 duration_ms; } builds[] = {
    { "107", FD_RUN_QUEUED, G_GINT64_CONSTANT (1795694460000), -1 },       /* no result yet */
    { "106", FD_RUN_RUNNING, G_GINT64_CONSTANT (1795694400000), -1 },      /* building */
    { "105", FD_RUN_SUCCESS, G_GINT64_CONSTANT (1795690800000), 95000 },
    { "104", FD_RUN_FAILED, G_GINT64_CONSTANT (1795687200000), 30000 },    /* UNSTABLE */
    { "103", FD_RUN_CANCELLED, G_GINT64_CONSTANT (1795683600000), 1000 },  /* NOT_BUILT */
    { "102", FD_RUN_CANCELLED, G_GINT64_CONSTANT (1795680000000), 5000 },  /* ABORTED */
    { "101", FD_RUN_FAILED, G_GINT64_CONSTANT (1795676400000), 64000 },    /* FAILURE */
  };

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);

  /* One request: the builds of the job in its folder, the tree asked for, HTTP Basic. */
  log = fd_test_server_dup_log (jenkins->server);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==,
                   "GET " JOB "?tree=builds%5Bnumber%2Cresult%2Cbuilding%2Ctimestamp%2Cduration%2Curl%5D%7B0%2C100%7D");
  g_assert_cmpstr (jenkins_request (jenkins, 0), ==, JOB " " TREE " -");
  g_assert_cmpstr (jenkins->authorization, ==, "Basic Y2ktYm90OjExYWEyMmJiU2VjcmV0");

  /* Build 100 finished without a duration: no record. */
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (builds));
  g_assert_null (fd_test_find_run (records, URI ":build:100"));
  g_assert_cmpstr (fd_source_status_get_message (fd_source_get_status (source)), ==,
                   "1 item skipped: its times are missing or inconsistent");

  for (guint i = 0; i < G_N_ELEMENTS (builds); i++)
    {
      g_autofree char *id = g_strdup_printf (URI ":build:%s", builds[i].number);

      run = fd_test_find_run (records, id);
      g_assert_nonnull (run);
      g_assert_cmpint (run->status, ==, builds[i].status);
      g_assert_cmpint (run->started_at, ==, builds[i].start_ms * 1000);
      if (builds[i].duration_ms < 0)
        g_assert_cmpint (run->finished_at, ==, FD_TIME_NONE);
      else
        g_assert_cmpint (run->finished_at, ==, (builds[i].start_ms + builds[i].duration_ms) * 1000);
      g_assert_cmpstr (fd_snapshot_str (records, run->pipeline), ==, "shop/build");
      g_assert_cmpstr (fd_snapshot_str (records, run->service), ==, "build");
      g_assert_cmpstr (fd_snapshot_str (records, run->environment), ==, "development");
      g_assert_null (fd_snapshot_str (records, run->branch));
      g_assert_null (fd_snapshot_str (records, run->commit));
      g_assert_cmpuint (run->n_stages, ==, 0);
    }
}

static void
test_jenkins_incremental (void)
{
  g_autoptr(Jenkins) jenkins = jenkins_new ();
  g_autoptr(FdSource) source = make_source (jenkins, URI, FD_TIME_NONE);
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(GError) error = NULL;
  const FdPipelineRun *run;
  gsize n;

  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);

  /* No ETag from this server: the same builds again send nothing on. */
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (second));

  /* The running build finished: only it comes. */
  jenkins_set (jenkins, MODE_LATER);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  fd_snapshot_get_runs (fd_batch_get_records (third), &n);
  g_assert_cmpuint (n, ==, 1);
  run = fd_test_find_run (fd_batch_get_records (third), URI ":build:106");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_FAILED);
  g_assert_cmpint (run->finished_at, ==, (G_GINT64_CONSTANT (1795694400000) + 125000) * 1000);
}

static void
test_jenkins_not_modified (void)
{
  g_autoptr(Jenkins) jenkins = jenkins_new ();
  g_autoptr(FdSource) source = make_source (jenkins, URI, FD_TIME_NONE);
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(FdBatch) fourth = NULL;
  g_autoptr(GError) error = NULL;
  gsize n;

  jenkins->etags = TRUE;
  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);

  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jenkins_request (jenkins, 1), ==, JOB " " TREE " \"builds-1\"");
  g_assert_true (fd_batch_is_empty (second));

  /* After a 304 the cursor still knows the builds and the ETag. */
  jenkins_set (jenkins, MODE_LATER);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jenkins_request (jenkins, 2), ==, JOB " " TREE " \"builds-1\"");
  fd_snapshot_get_runs (fd_batch_get_records (third), &n);
  g_assert_cmpuint (n, ==, 1);

  fourth = fd_test_fetch (source, fd_batch_get_cursor (third), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jenkins_request (jenkins, 3), ==, JOB " " TREE " \"builds-2\"");
  g_assert_true (fd_batch_is_empty (fourth));
}

static void
test_jenkins_since_and_folders (void)
{
  g_autoptr(Jenkins) jenkins = jenkins_new ();
  g_autoptr(FdSource) source = make_source (jenkins, URI,
                                            G_GINT64_CONSTANT (1795687200000) * 1000);
  g_autoptr(FdSource) spaced = NULL;
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  const FdPipelineRun *run;
  gsize n;

  /* Filtered here: Jenkins has no such parameter. 104 started exactly then. */
  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  fd_snapshot_get_runs (fd_batch_get_records (batch), &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_nonnull (fd_test_find_run (fd_batch_get_records (batch), URI ":build:104"));
  g_assert_null (fd_test_find_run (fd_batch_get_records (batch), URI ":build:103"));
  g_clear_pointer (&batch, fd_batch_unref);

  /* Names with spaces, stray slashes, and a map on the job path. */
  config = make_config (jenkins, "jenkins:/my folder//deploy app/");
  config->environment_map = g_strdup ("shop/*=staging,my folder/*=production");
  spaced = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  batch = fd_test_fetch (spaced, NULL, &error);
  g_assert_no_error (error);
  run = fd_test_find_run (fd_batch_get_records (batch), "jenkins:/my folder//deploy app/:build:3");
  g_assert_nonnull (run);
  g_assert_cmpstr (fd_snapshot_str (fd_batch_get_records (batch), run->pipeline), ==,
                   "my folder/deploy app");
  g_assert_cmpstr (fd_snapshot_str (fd_batch_get_records (batch), run->service), ==, "deploy app");
  g_assert_cmpstr (fd_snapshot_str (fd_batch_get_records (batch), run->environment), ==,
                   "production");
}

static void
test_jenkins_failures (void)
{
  const struct { Mode mode; int code; const char *part; } cases[] = {
    { MODE_401, FD_HTTP_ERROR_AUTH, "authentication failed (HTTP 401)" },
    { MODE_403, FD_HTTP_ERROR_FORBIDDEN, "permission denied (HTTP 403)" },
    { MODE_404, FD_HTTP_ERROR_NOT_FOUND, "not found (HTTP 404)" },
    { MODE_LOGIN_PAGE, FD_HTTP_ERROR_BAD_RESPONSE, "web page" },
    { MODE_TRUNCATED, FD_HTTP_ERROR_BAD_RESPONSE, "invalid JSON at byte" },
    { MODE_FOLDER, FD_HTTP_ERROR_BAD_RESPONSE, "no “builds” list" },
  };
  g_autoptr(Jenkins) jenkins = jenkins_new ();
  g_autoptr(FdSource) source = make_source (jenkins, URI, FD_TIME_NONE);
  g_autoptr(FdBatch) good = NULL;
  g_autoptr(FdBatch) again = NULL;
  g_autoptr(GError) error = NULL;

  good = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) fetch_error = NULL;
      g_autoptr(FdBatch) batch = NULL;

      jenkins_set (jenkins, cases[i].mode);
      batch = fd_test_fetch (source, fd_batch_get_cursor (good), &fetch_error);
      g_assert_null (batch);
      g_assert_error (fetch_error, FD_HTTP_ERROR, cases[i].code);
      if (strstr (fetch_error->message, cases[i].part) == NULL)
        g_error ("“%s” does not say “%s”", fetch_error->message, cases[i].part);
      g_assert_null (strstr (fetch_error->message, "11aa22bb"));
      g_assert_cmpint (fd_source_status_get_state (fd_source_get_status (source)), ==,
                       FD_SOURCE_STATE_ERROR);
    }

  /* The cursor of the last good fetch still works. */
  jenkins_set (jenkins, MODE_OK);
  again = fd_test_fetch (source, fd_batch_get_cursor (good), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (again));
  g_assert_cmpuint (fd_batch_get_n_records (good), ==, 7);
}

static void
test_jenkins_bad_config (void)
{
  const char *no_job[] = { "jenkins:", "jenkins:/", "jenkins://" };
  g_autoptr(FdSourceConfig) config = fd_source_config_new (URI, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (no_job); i++)
    {
      g_autoptr(FdSourceConfig) bad = fd_source_config_new (no_job[i], NULL);
      g_autoptr(GError) bad_error = NULL;

      g_assert_nonnull (bad);
      bad->base_url = g_strdup ("https://ci.example.com");
      g_assert_null (fd_source_new_for_config (bad, &bad_error));
      g_assert_error (bad_error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
    }

  /* No base URL: Jenkins has no default. */
  g_assert_null (fd_source_new_for_config (config, &error));
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "base URL"));
  g_clear_error (&error);

  /* A token that is not user:api-token, never quoted back. */
  config->base_url = g_strdup ("https://ci.example.com");
  fd_source_config_set_token (config, "JustAnApiTokenValue");
  g_assert_null (fd_source_new_for_config (config, &error));
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
  g_assert_null (strstr (error->message, "JustAnApiTokenValue"));
  g_clear_error (&error);

  /* Plain http only to loopback. */
  fd_source_config_set_token (config, NULL);
  g_free (config->base_url);
  config->base_url = g_strdup ("http://ci.example.com");
  g_assert_null (fd_source_new_for_config (config, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_INVALID_URL);
}

static void
test_jenkins_parse (void)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = json_from_string ("[]", NULL);
  g_autoptr(JsonNode) builds = json_from_string (
    "{\"builds\": [1, {\"number\": 1, \"timestamp\": -5, \"result\": \"ABORTED\", \"duration\": 2},"
    " {\"number\": 2, \"timestamp\": 99999999999999, \"result\": \"SUCCESS\", \"duration\": 1},"
    " {\"number\": 3, \"timestamp\": 1795694400000, \"result\": \"SUCCESS\", \"duration\": -1},"
    " {\"number\": \"4\", \"timestamp\": 1795694400000.5, \"building\": true},"
    " {\"number\": 5, \"timestamp\": 1795694400000, \"result\": \"SUCCESS\", \"duration\": 0}]}",
    NULL);
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autofree char *path = fd_jenkins_builds_path ("my folder/job");
  guint n_skipped = 0;
  gsize n;

  g_assert_cmpstr (path, ==, "/job/my%20folder/job/job/api/json?tree=builds%5Bnumber%2Cresult%2C"
                             "building%2Ctimestamp%2Cduration%2Curl%5D%7B0%2C100%7D");

  g_assert_cmpuint (fd_jenkins_parse_builds (list, builder, URI, "shop/build", environments,
                                             &n_skipped, &error), ==, 0);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Left out: 1 (not a build), build 2 (past 2200), 3 (a negative duration)
   * and 4 (a fractional timestamp). Build 1 (1969) and 5 (no time taken) are kept. */
  g_assert_cmpuint (fd_jenkins_parse_builds (builds, builder, URI, "shop/build", environments,
                                             &n_skipped, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 4);
  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
  fd_snapshot_get_runs (snapshot, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_nonnull (fd_test_find_run (snapshot, URI ":build:1"));
  g_assert_cmpint (fd_test_find_run (snapshot, URI ":build:5")->finished_at, ==,
                   G_GINT64_CONSTANT (1795694400000) * 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/jenkins-source/mapping", test_jenkins_mapping);
  g_test_add_func ("/flightdeck/jenkins-source/incremental", test_jenkins_incremental);
  g_test_add_func ("/flightdeck/jenkins-source/not-modified", test_jenkins_not_modified);
  g_test_add_func ("/flightdeck/jenkins-source/since-and-folders", test_jenkins_since_and_folders);
  g_test_add_func ("/flightdeck/jenkins-source/failures", test_jenkins_failures);
  g_test_add_func ("/flightdeck/jenkins-source/bad-config", test_jenkins_bad_config);
  g_test_add_func ("/flightdeck/jenkins-source/parse", test_jenkins_parse);

  return g_test_run ();
}
