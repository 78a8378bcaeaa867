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
#define URI "github:octo-org/octo-repo"
#define TOKEN "ghp_Sup3rSecretT0ken"

typedef enum
{
  MODE_OK,
  MODE_401,
  MODE_404,
  MODE_RATE_LIMITED_403,
  MODE_RATE_LIMITED_429,
  MODE_HTML,
  MODE_TRUNCATED,
  MODE_ARRAY,
  MODE_NO_RUNS,
  MODE_PAGE_2_FAILS,
  MODE_JOBS_WRONG_SHAPE,
  MODE_STATUSES_WRONG_SHAPE,
} Mode;

/* A fake api.github.com: the fixtures in tests/sources/data, in the REST
 * API's shapes, and what every request carried. */
typedef struct
{
  FdTestServer *server;
  GMutex        lock;
  Mode          mode;
  gboolean      etags;       /* answer If-None-Match with 304 when it matches */
  gboolean      later;       /* run 30433645 has finished, deployment 2 succeeded */
  GPtrArray    *requests;    /* "PATH INM" per request */
  guint         n_bad_headers;
  char         *auth;
  char         *user_agent;
} Github;

static void
reply_file (SoupServerMessage *msg,
            const char        *name)
{
  g_autofree char *body = fd_test_server_load_data (name);

  fd_test_server_reply (msg, 200, NULL, body);
}

static void
set_link (Github            *github,
          SoupServerMessage *msg,
          const char        *path,
          int                next,
          int                last)
{
  g_autofree char *link = NULL;
  const char *url = fd_test_server_get_url (github->server);

  link = g_strdup_printf ("<%s%s?per_page=100&page=%d>; rel=\"next\", "
                          "<%s%s?per_page=100&page=%d>; rel=\"last\"",
                          url, path, next, url, path, last);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Link", link);
}

/* An ETag per list; 304 when the client sends it back (whatever the query). */
static gboolean
not_modified (Github            *github,
              SoupServerMessage *msg,
              const char        *etag)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");

  if (!github->etags)
    return FALSE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  if (g_strcmp0 (inm, etag) == 0)
    {
      soup_server_message_set_status (msg, 304, NULL);
      return TRUE;
    }

  return FALSE;
}

static void
handler (SoupServer        *soup_server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Github *github = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  const char *page = query ? g_hash_table_lookup (query, "page") : NULL;
  const char *ua = soup_message_headers_get_one (request, "User-Agent");
  Mode mode;
  gboolean later;

  g_mutex_lock (&github->lock);
  g_ptr_array_add (github->requests, g_strdup_printf ("%s %s", path, inm ? inm : "-"));
  if (g_strcmp0 (soup_message_headers_get_one (request, "X-GitHub-Api-Version"), "2022-11-28") != 0 ||
      g_strcmp0 (soup_message_headers_get_one (request, "Accept"), "application/vnd.github+json") != 0)
    github->n_bad_headers++;
  g_free (github->auth);
  github->auth = g_strdup (soup_message_headers_get_one (request, "Authorization"));
  g_free (github->user_agent);
  github->user_agent = g_strdup (ua);
  mode = github->mode;
  later = github->later;
  g_mutex_unlock (&github->lock);

  switch (mode)
    {
    case MODE_401:
      fd_test_server_reply (msg, 401, NULL, "{\"message\":\"Bad credentials\","
                            "\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
      return;
    case MODE_404:
      fd_test_server_reply (msg, 404, NULL, "{\"message\":\"Not Found\","
                            "\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
      return;
    case MODE_RATE_LIMITED_403:
      soup_message_headers_replace (response, "x-ratelimit-limit", "5000");
      soup_message_headers_replace (response, "x-ratelimit-remaining", "0");
      soup_message_headers_replace (response, "x-ratelimit-used", "5000");
      soup_message_headers_replace (response, "x-ratelimit-reset", "4102478040");
      soup_message_headers_replace (response, "x-ratelimit-resource", "core");
      fd_test_server_reply (msg, 403, NULL, "{\"message\":\"API rate limit exceeded for user ID 1.\","
                            "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}");
      return;
    case MODE_RATE_LIMITED_429:
      soup_message_headers_replace (response, "retry-after", "120");
      fd_test_server_reply (msg, 429, NULL, "{\"message\":\"You have exceeded a secondary rate limit.\"}");
      return;
    case MODE_HTML:
      fd_test_server_reply (msg, 200, "text/html",
                            "<!DOCTYPE html><html><head><title>Unicorn! · GitHub</title></head>"
                            "<body>No server is currently available.</body></html>");
      return;
    case MODE_TRUNCATED:
      fd_test_server_reply (msg, 200, NULL, "{\"total_count\": 4, \"workflow_runs\": [{\"id\": 3043");
      return;
    case MODE_ARRAY:
      fd_test_server_reply (msg, 200, NULL, "[{\"id\": 1}, {\"id\": 2}]");
      return;
    case MODE_NO_RUNS:
      fd_test_server_reply (msg, 200, NULL, "{\"total_count\": 0, \"runs\": []}");
      return;
    case MODE_OK:
    case MODE_PAGE_2_FAILS:
    case MODE_JOBS_WRONG_SHAPE:
    case MODE_STATUSES_WRONG_SHAPE:
    default:
      break;
    }

  if (g_str_equal (path, REPO "/actions/runs"))
    {
      if (page == NULL || g_str_equal (page, "1"))
        {
          if (not_modified (github, msg, "W/\"runs-1\""))
            return;
          set_link (github, msg, REPO "/actions/runs", 2, 4);
          reply_file (msg, "github-runs-page1.json");
        }
      else if (g_str_equal (page, "2"))
        {
          if (mode == MODE_PAGE_2_FAILS)
            {
              fd_test_server_reply (msg, 502, NULL, "{\"message\":\"Server Error\"}");
              return;
            }
          set_link (github, msg, REPO "/actions/runs", 3, 4);
          reply_file (msg, later ? "github-runs-page2-later.json" : "github-runs-page2.json");
        }
      else if (g_str_equal (page, "3"))
        {
          set_link (github, msg, REPO "/actions/runs", 4, 4);
          reply_file (msg, "github-runs-page3.json");
        }
      else
        reply_file (msg, "github-runs-page4.json");
    }
  else if (g_str_equal (path, REPO "/actions/runs/30433642/jobs"))
    {
      if (mode == MODE_JOBS_WRONG_SHAPE)
        fd_test_server_reply (msg, 200, NULL, "[{\"name\": \"build\"}]");
      else
        reply_file (msg, "github-jobs.json");
    }
  else if (g_str_has_prefix (path, REPO "/actions/runs/") && g_str_has_suffix (path, "/jobs"))
    fd_test_server_reply (msg, 200, NULL, "{\"total_count\": 0, \"jobs\": []}");
  else if (g_str_equal (path, REPO "/deployments"))
    {
      if (page == NULL || g_str_equal (page, "1"))
        {
          if (not_modified (github, msg, "\"deployments-1\""))
            return;
          set_link (github, msg, REPO "/deployments", 2, 2);
          reply_file (msg, "github-deployments.json");
        }
      else
        reply_file (msg, "github-deployments-page2.json");
    }
  else if (g_str_equal (path, REPO "/deployments/1/statuses"))
    {
      if (mode == MODE_STATUSES_WRONG_SHAPE)
        fd_test_server_reply (msg, 200, NULL, "{\"statuses\": []}");
      else
        reply_file (msg, "github-statuses-1.json");
    }
  else if (g_str_equal (path, REPO "/deployments/2/statuses"))
    {
      if (later)
        reply_file (msg, "github-statuses-2-later.json");
      else
        fd_test_server_reply (msg, 200, NULL, "[]");
    }
  else if (g_str_equal (path, REPO "/deployments/3/statuses"))
    fd_test_server_reply (msg, 200, NULL, "[{\"id\": 31, \"state\": \"failure\", "
                          "\"created_at\": \"2026-11-19T11:20:00Z\"}]");
  else if (g_str_equal (path, REPO "/deployments/4/statuses"))
    reply_file (msg, "github-statuses-4.json");
  else if (g_str_equal (path, REPO "/deployments/5/statuses"))
    reply_file (msg, "github-statuses-5.json");
  else if (g_str_equal (path, REPO "/deployments/6/statuses"))
    reply_file (msg, "github-statuses-6.json");
  else if (g_str_equal (path, REPO "/deployments/7/statuses"))
    reply_file (msg, "github-statuses-7.json");
  else if (g_str_equal (path, REPO "/commits/a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d"))
    reply_file (msg, "github-commit.json");
  else if (g_str_has_prefix (path, REPO "/commits/"))
    fd_test_server_reply (msg, 422, NULL, "{\"message\":\"No commit found for SHA\"}");
  else
    fd_test_server_reply (msg, 404, NULL, "{\"message\":\"Not Found\","
                          "\"documentation_url\":\"https://docs.github.com/rest\"}");
}

static Github *
github_new (void)
{
  Github *github = g_new0 (Github, 1);

  g_mutex_init (&github->lock);
  github->server = fd_test_server_new ();
  github->requests = g_ptr_array_new_with_free_func (g_free);
  github->etags = TRUE;
  fd_test_server_add_handler (github->server, NULL, handler, github);

  return github;
}

static void
github_free (Github *github)
{
  fd_test_server_free (github->server);
  g_ptr_array_unref (github->requests);
  g_free (github->auth);
  g_free (github->user_agent);
  g_mutex_clear (&github->lock);
  g_free (github);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Github, github_free)

static void
github_set (Github   *github,
            Mode      mode,
            gboolean  later)
{
  g_mutex_lock (&github->lock);
  github->mode = mode;
  github->later = later;
  g_mutex_unlock (&github->lock);
}

static guint
github_n_requests (Github *github)
{
  guint n;

  g_mutex_lock (&github->lock);
  n = github->requests->len;
  g_mutex_unlock (&github->lock);

  return n;
}

/* Requests from index @from on whose "PATH INM" line starts with @prefix. */
static guint
github_count (Github     *github,
              guint       from,
              const char *prefix)
{
  guint n = 0;

  g_mutex_lock (&github->lock);
  for (guint i = from; i < github->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (github->requests, i), prefix))
      n++;
  g_mutex_unlock (&github->lock);

  return n;
}

static FdSource *
make_source (Github     *github,
             const char *token,
             FdTime      since)
{
  g_autoptr(FdSourceConfig) config = fd_source_config_new (URI, NULL);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->base_url = g_strdup (fd_test_server_get_url (github->server));
  config->since = since;
  fd_source_config_set_token (config, token);
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_GITHUB_SOURCE (source));

  return source;
}

static const char *
str (FdSnapshot *records,
     FdStr       s)
{
  return fd_snapshot_str (records, s);
}

static void
test_github_mapping (void)
{
  g_autoptr(Github) github = github_new ();
  g_autoptr(FdSource) source = make_source (github, TOKEN, FD_TIME_NONE);
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  FdSnapshot *records;
  const FdPipelineRun *run;
  const FdDeployment *deployment;
  const FdStage *stages;
  gsize n, n_stages;
  const struct { const char *id; FdRunStatus status; const char *environment; } runs[] = {
    { "30433643", FD_RUN_SUCCESS, "development" },    /* neutral, feature/login */
    { "30433644", FD_RUN_FAILED, "production" },      /* startup_failure, master */
    { "30433645", FD_RUN_RUNNING, "production" },     /* in_progress */
    { "30433646", FD_RUN_QUEUED, "production" },      /* status action_required */
    { "30433647", FD_RUN_CANCELLED, "development" },  /* stale */
    { "30433648", FD_RUN_FAILED, "development" },     /* timed_out */
    { "30433649", FD_RUN_CANCELLED, "production" },   /* skipped */
    { "30433650", FD_RUN_CANCELLED, "production" },   /* cancelled */
    { "30433651", FD_RUN_FAILED, "development" },     /* failure */
    { "30433652", FD_RUN_QUEUED, "production" },      /* waiting */
    { "30433653", FD_RUN_QUEUED, "production" },      /* requested */
    { "30433654", FD_RUN_QUEUED, "production" },      /* pending */
    { "30433655", FD_RUN_QUEUED, "production" },      /* queued */
    { "30433656", FD_RUN_QUEUED, "production" },      /* completed, action_required */
  };

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);
  g_assert_cmpstr (fd_batch_get_source_uri (batch), ==, URI);
  g_assert_nonnull (fd_batch_get_cursor (batch));

  /* Four pages through the link header; the run that ends before it starts is left out. */
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 15);
  g_assert_null (fd_test_find_run (records, URI ":run:30433657"));

  /* What was asked, and how. */
  log = fd_test_server_dup_log (github->server);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, "GET " REPO "/actions/runs?per_page=100");
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs?"), ==, 4);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs?per_page=100&page=4"), ==, 1);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs/30433642/jobs?per_page=100"), ==, 1);
  /* No jobs asked for a run that makes no record. */
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs/30433657/jobs"), ==, 0);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/deployments?per_page=100"), ==, 2);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/deployments?per_page=100&page=2"), ==, 1);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/deployments/1/statuses?per_page=100"), ==, 1);
  g_assert_cmpuint (github->n_bad_headers, ==, 0);
  g_assert_cmpstr (github->auth, ==, "Bearer " TOKEN);
  g_assert_true (g_str_has_prefix (github->user_agent, "Flightdeck/"));

  /* A run, field by field. */
  run = fd_test_find_run (records, URI ":run:30433642");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpstr (str (records, run->pipeline), ==, "octo-repo/Build");
  g_assert_cmpstr (str (records, run->service), ==, "octo-repo");
  g_assert_cmpstr (str (records, run->environment), ==, "production");
  g_assert_cmpstr (str (records, run->branch), ==, "main");
  g_assert_cmpstr (str (records, run->commit), ==, "acb5820ced9479c074f688cc328bf03f341a511d");
  g_assert_cmpstr (str (records, run->trigger), ==, "push");
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T10:00:05Z"));   /* run_started_at */
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T10:04:12Z"));  /* updated_at */
  stages = fd_snapshot_get_stages (records, run, &n_stages);
  g_assert_cmpuint (n_stages, ==, 3);
  g_assert_cmpstr (str (records, stages[0].name), ==, "build");
  g_assert_cmpint (stages[0].status, ==, FD_RUN_SUCCESS);
  g_assert_cmpfloat (stages[0].duration_s, ==, 120.0f);
  g_assert_cmpstr (str (records, stages[1].name), ==, "test");
  g_assert_cmpint (stages[1].status, ==, FD_RUN_FAILED);
  g_assert_cmpfloat (stages[1].duration_s, ==, 90.0f);
  g_assert_cmpstr (str (records, stages[2].name), ==, "publish");
  g_assert_cmpint (stages[2].status, ==, FD_RUN_QUEUED);
  g_assert_true (isnan (stages[2].duration_s));

  /* Every status word, including the rare ones. */
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *id = g_strdup_printf (URI ":run:%s", runs[i].id);

      run = fd_test_find_run (records, id);
      g_assert_nonnull (run);
      g_assert_cmpint (run->status, ==, runs[i].status);
      g_assert_cmpstr (str (records, run->environment), ==, runs[i].environment);
      if (runs[i].status == FD_RUN_RUNNING || runs[i].status == FD_RUN_QUEUED)
        g_assert_cmpint (run->finished_at, ==, FD_TIME_NONE);
      else
        g_assert_cmpint (run->finished_at, >=, run->started_at);
    }
  run = fd_test_find_run (records, URI ":run:30433643");
  g_assert_cmpstr (str (records, run->trigger), ==, "pull_request");
  g_assert_cmpstr (str (records, run->pipeline), ==, "octo-repo/Lint");
  g_assert_cmpuint (run->n_stages, ==, 0);

  /* Deployments: the newest status decides. */
  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, 6);
  deployment = fd_test_find_deployment (records, URI ":deployment:1");
  g_assert_nonnull (deployment);
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_SUCCESS);     /* inactive */
  g_assert_cmpstr (str (records, deployment->version), ==, "a84d88e7554f");
  g_assert_cmpstr (str (records, deployment->commit), ==, "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d");
  g_assert_cmpstr (str (records, deployment->environment), ==, "production");
  g_assert_cmpstr (str (records, deployment->service), ==, "octo-repo");
  g_assert_cmpint (deployment->started_at, ==, fd_test_time ("2026-11-20T11:00:00Z"));
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-20T13:00:00Z"));
  g_assert_cmpint (deployment->committed_at, ==, fd_test_time ("2026-11-20T09:30:00Z"));

  deployment = fd_test_find_deployment (records, URI ":deployment:2");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_IN_PROGRESS); /* no status yet */
  g_assert_cmpstr (str (records, deployment->version), ==, "v2.4.1");   /* a tag */
  g_assert_cmpstr (str (records, deployment->environment), ==, "staging");
  g_assert_cmpint (deployment->finished_at, ==, FD_TIME_NONE);
  g_assert_cmpint (deployment->committed_at, ==, FD_TIME_NONE);  /* the commit is unknown (422) */

  deployment = fd_test_find_deployment (records, URI ":deployment:3");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_FAILED);      /* failure */
  g_assert_cmpstr (str (records, deployment->version), ==, "a84d88e7554f");   /* ref main */
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-19T11:20:00Z"));
  g_assert_cmpint (deployment->committed_at, ==, fd_test_time ("2026-11-20T09:30:00Z"));
  deployment = fd_test_find_deployment (records, URI ":deployment:4");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_FAILED);      /* error */
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-18T11:03:00Z"));
  deployment = fd_test_find_deployment (records, URI ":deployment:5");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_IN_PROGRESS); /* in_progress, queued, pending */
  g_assert_cmpint (deployment->finished_at, ==, FD_TIME_NONE);
  deployment = fd_test_find_deployment (records, URI ":deployment:6");
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_SUCCESS);
  g_assert_cmpstr (str (records, deployment->version), ==, "v3.0.0");  /* refs/tags/v3.0.0 */
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-16T10:09:00Z"));
  /* Deployment 7's status is older than the deployment: no valid record. */
  g_assert_null (fd_test_find_deployment (records, URI ":deployment:7"));

  /* One commit lookup per sha (deployments 1 and 3 share one). */
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/commits/a84d"), ==, 1);
  g_assert_cmpint (fd_source_status_get_state (fd_source_get_status (source)), ==,
                   FD_SOURCE_STATE_OK);
  g_assert_cmpstr (fd_source_status_get_message (fd_source_get_status (source)), ==,
                   "2 items skipped: their times are missing or inconsistent");
}

static void
test_github_not_modified (void)
{
  g_autoptr(Github) github = github_new ();
  g_autoptr(FdSource) source = make_source (github, TOKEN, FD_TIME_NONE);
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (fd_batch_is_empty (first));

  /* The second poll sends the ETags back; both lists answer 304. */
  before = github_n_requests (github);
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (second));
  g_assert_cmpuint (fd_batch_get_n_records (second), ==, 0);
  g_assert_cmpuint (github_n_requests (github) - before, ==, 2);
  g_assert_cmpuint (github_count (github, before, REPO "/actions/runs W/\"runs-1\""), ==, 1);
  g_assert_cmpuint (github_count (github, before, REPO "/deployments \"deployments-1\""), ==, 1);

  /* The cursor after a 304 still holds the ETags. */
  before = github_n_requests (github);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (third));
  g_assert_cmpuint (github_n_requests (github) - before, ==, 2);
  g_assert_cmpuint (github_count (github, before, REPO "/actions/runs W/\"runs-1\""), ==, 1);
}

static void
test_github_incremental (void)
{
  g_autoptr(Github) github = github_new ();
  g_autoptr(FdSource) source = make_source (github, NULL, FD_TIME_NONE);
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  const FdPipelineRun *run;
  const FdDeployment *deployment;
  FdSnapshot *records;
  gsize n;
  guint before;

  github->etags = FALSE;
  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (github->auth);   /* no token, no Authorization */

  /* Second poll: runs created since the oldest one still going (00:05). The
   * server sends the same runs and deployments again: nothing is sent on,
   * no run's jobs are asked again, and only the open deployments' statuses. */
  before = github_n_requests (github);
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  log = fd_test_server_dup_log (github->server);
  g_assert_cmpstr (g_ptr_array_index (log, before), ==,
                   "GET " REPO "/actions/runs?per_page=100&created=%3E%3D2026-11-20T00%3A05%3A00Z");
  g_assert_true (fd_batch_is_empty (second));
  g_assert_cmpuint (github_count (github, before, REPO "/actions/runs/"), ==, 0);
  g_assert_cmpuint (github_count (github, before, REPO "/deployments/2/statuses"), ==, 1);
  g_assert_cmpuint (github_count (github, before, REPO "/deployments/5/statuses"), ==, 1);
  g_assert_cmpuint (github_count (github, before, REPO "/deployments/1/statuses"), ==, 0);
  g_assert_cmpuint (github_count (github, before, REPO "/deployments/6/statuses"), ==, 0);
  g_assert_cmpuint (github_count (github, before, REPO "/commits/"), ==, 0);
  /* Both pages: each holds a deployment still in progress. */
  g_assert_cmpuint (github_count (github, before, REPO "/deployments "), ==, 2);

  /* Third poll: the running run finished and deployment 2 succeeded; just those come. */
  github_set (github, MODE_OK, TRUE);
  before = github_n_requests (github);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (third);
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 1);
  run = fd_test_find_run (records, URI ":run:30433645");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T07:40:00Z"));
  g_assert_cmpuint (github_count (github, before, REPO "/actions/runs/30433645/jobs"), ==, 1);
  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, 1);
  deployment = fd_test_find_deployment (records, URI ":deployment:2");
  g_assert_nonnull (deployment);
  g_assert_cmpint (deployment->status, ==, FD_DEPLOY_SUCCESS);
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-20T12:10:00Z"));
}

/* A run still waiting a week later than the newest falls out of the list;
 * it is asked for on its own until it finishes. */
static void
straggler_handler (SoupServer        *soup_server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  int *state = user_data;
  const char *created = query ? g_hash_table_lookup (query, "created") : NULL;
  const char *old_run = "{\"id\": 9, \"name\": \"Deploy\", \"head_branch\": \"main\", "
                        "\"event\": \"push\", \"status\": \"%s\", \"conclusion\": %s, "
                        "\"created_at\": \"2026-11-01T10:00:00Z\", \"updated_at\": \"%s\", "
                        "\"run_started_at\": \"2026-11-01T10:00:00Z\", \"run_attempt\": 1}";
  const char *new_run = "{\"id\": 10, \"name\": \"Build\", \"head_branch\": \"main\", "
                        "\"event\": \"push\", \"status\": \"completed\", \"conclusion\": \"success\", "
                        "\"created_at\": \"2026-11-20T10:00:00Z\", \"updated_at\": \"2026-11-20T10:05:00Z\", "
                        "\"run_started_at\": \"2026-11-20T10:00:00Z\", \"run_attempt\": 1}";
  gboolean done = g_atomic_int_get (state) > 0;
  g_autofree char *old_text = done ? g_strdup_printf (old_run, "completed", "\"success\"",
                                                      "2026-11-21T08:00:00Z")
                                   : g_strdup_printf (old_run, "waiting", "null",
                                                      "2026-11-01T10:00:00Z");

  if (g_str_equal (path, REPO "/actions/runs"))
    {
      g_autofree char *body = NULL;

      /* This server honours the created filter. */
      if (created != NULL && g_str_equal (created, ">=2026-11-20T10:00:00Z"))
        body = g_strdup_printf ("{\"total_count\": 1, \"workflow_runs\": [%s]}", new_run);
      else
        {
          g_assert_null (created);
          body = g_strdup_printf ("{\"total_count\": 2, \"workflow_runs\": [%s, %s]}", new_run,
                                  old_text);
        }
      fd_test_server_reply (msg, 200, NULL, body);
    }
  else if (g_str_equal (path, REPO "/actions/runs/9"))
    fd_test_server_reply (msg, 200, NULL, old_text);
  else if (g_str_has_suffix (path, "/jobs"))
    fd_test_server_reply (msg, 200, NULL, "{\"total_count\": 0, \"jobs\": []}");
  else if (g_str_equal (path, REPO "/deployments"))
    fd_test_server_reply (msg, 200, NULL, "[]");
  else
    fd_test_server_reply (msg, 404, NULL, "{\"message\":\"Not Found\"}");
}

static void
test_github_straggler (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSourceConfig) config = fd_source_config_new (URI, NULL);
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(FdBatch) fourth = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  const FdPipelineRun *run;
  int state = 0;
  gsize n;

  fd_test_server_add_handler (server, NULL, straggler_handler, &state);
  config->base_url = g_strdup (fd_test_server_get_url (server));
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);

  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  fd_snapshot_get_runs (fd_batch_get_records (first), &n);
  g_assert_cmpuint (n, ==, 2);

  /* Still waiting: asked for, not sent again. */
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (second));

  g_atomic_int_set (&state, 1);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  run = fd_test_find_run (fd_batch_get_records (third), URI ":run:9");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-21T08:00:00Z"));

  /* Finished: no longer asked for. */
  fourth = fd_test_fetch (source, fd_batch_get_cursor (third), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (fourth));
  log = fd_test_server_dup_log (server);
  /* /runs/9 by the second and third polls, its /jobs by the first and the third. */
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs/9"), ==, 4);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/actions/runs/9/jobs"), ==, 2);
}

static void
test_github_since (void)
{
  g_autoptr(Github) github = github_new ();
  g_autoptr(FdSource) source = make_source (github, TOKEN, fd_test_time ("2026-11-20T04:00:00Z"));
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  FdSnapshot *records;
  gsize n;

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  log = fd_test_server_dup_log (github->server);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==,
                   "GET " REPO "/actions/runs?per_page=100&created=%3E%3D2026-11-20T04%3A00%3A00Z");

  /* This server ignores the filter: the older runs are dropped here. */
  records = fd_batch_get_records (batch);
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 7);    /* 10:00 … 04:00 */
  g_assert_nonnull (fd_test_find_run (records, URI ":run:30433648"));
  g_assert_null (fd_test_find_run (records, URI ":run:30433649"));
  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, 2);    /* 1 and 2 */
  g_assert_cmpuint (fd_test_count_requests (log, "GET " REPO "/deployments/3/"), ==, 0);
}

static void
test_github_rate_limited (void)
{
  g_autoptr(Github) github = github_new ();
  g_autoptr(FdSource) source = make_source (github, TOKEN, FD_TIME_NONE);
  g_autoptr(FdHttpClient) client = NULL;
  g_autoptr(GError) error = NULL;
  FdSourceStatus *status = fd_source_get_status (source);
  FdBatch *batch;
  FdTime before, retry_at;

  /* 403 with x-ratelimit-remaining: 0 waits for x-ratelimit-reset. */
  github_set (github, MODE_RATE_LIMITED_403, FALSE);
  batch = fd_test_fetch (source, NULL, &error);
  g_assert_null (batch);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED);
  g_assert_true (g_str_has_prefix (error->message, "rate limited until "));
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_RATE_LIMITED);
  g_assert_cmpint (fd_source_status_get_retry_at (status), ==,
                   G_GINT64_CONSTANT (4102478040) * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* 429 with retry-after: 120 s from now; the client says so too. */
  github_set (github, MODE_RATE_LIMITED_429, FALSE);
  client = fd_live_source_new_client (FD_LIVE_SOURCE (source), &error);
  g_assert_no_error (error);
  before = g_get_real_time ();
  batch = FD_LIVE_SOURCE_GET_CLASS (source)->fetch_sync (FD_LIVE_SOURCE (source), client, NULL,
                                                         NULL, &error);
  g_assert_null (batch);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED);
  retry_at = fd_http_client_get_retry_at (client);
  g_assert_cmpint (retry_at, >=, before + 119 * G_USEC_PER_SEC);
  g_assert_cmpint (retry_at, <=, g_get_real_time () + 121 * G_USEC_PER_SEC);
  g_clear_error (&error);

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_null (batch);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_RATE_LIMITED);
  g_assert_cmpint (fd_source_status_get_retry_at (status), >=, before + 119 * G_USEC_PER_SEC);
  g_assert_null (strstr (error->message, TOKEN));
}

static void
test_github_failures (void)
{
  const struct { Mode mode; int code; const char *part; } cases[] = {
    { MODE_401, FD_HTTP_ERROR_AUTH, "authentication failed (HTTP 401)" },
    { MODE_404, FD_HTTP_ERROR_NOT_FOUND, "not found (HTTP 404)" },
    { MODE_HTML, FD_HTTP_ERROR_BAD_RESPONSE, "web page" },
    { MODE_TRUNCATED, FD_HTTP_ERROR_BAD_RESPONSE, "invalid JSON at byte" },
    { MODE_ARRAY, FD_HTTP_ERROR_BAD_RESPONSE, "workflow runs: unexpected answer" },
    { MODE_NO_RUNS, FD_HTTP_ERROR_BAD_RESPONSE, "“workflow_runs”" },
    { MODE_PAGE_2_FAILS, FD_HTTP_ERROR_SERVER, "server error (HTTP 502)" },
    { MODE_JOBS_WRONG_SHAPE, FD_HTTP_ERROR_BAD_RESPONSE, "workflow jobs: unexpected answer" },
    { MODE_STATUSES_WRONG_SHAPE, FD_HTTP_ERROR_BAD_RESPONSE,
      "deployment statuses: unexpected answer" },
  };
  g_autoptr(Github) github = github_new ();
  g_autoptr(FdSource) source = make_source (github, TOKEN, FD_TIME_NONE);
  g_autoptr(FdBatch) good = NULL;
  g_autoptr(GError) error = NULL;
  FdSourceStatus *status = fd_source_get_status (source);
  gsize n_before, n;

  github->etags = FALSE;
  good = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  n_before = fd_batch_get_n_records (good);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) fetch_error = NULL;
      g_autoptr(FdBatch) batch = NULL;

      github_set (github, cases[i].mode, FALSE);
      /* From the start (where jobs and statuses are asked) and from a cursor. */
      batch = fd_test_fetch (source, NULL, &fetch_error);
      g_assert_null (batch);
      g_assert_error (fetch_error, FD_HTTP_ERROR, cases[i].code);
      if (strstr (fetch_error->message, cases[i].part) == NULL)
        g_error ("“%s” does not say “%s”", fetch_error->message, cases[i].part);
      g_assert_null (strstr (fetch_error->message, TOKEN));
      g_assert_cmpint (fd_source_status_get_state (status), ==,
                       cases[i].code == FD_HTTP_ERROR_SERVER ? FD_SOURCE_STATE_STALE
                                                             : FD_SOURCE_STATE_ERROR);
      g_assert_cmpstr (fd_source_status_get_message (status), ==, fetch_error->message);
    }

  /* All or nothing: the earlier batch is as it was, and its cursor still works. */
  github_set (github, MODE_OK, FALSE);
  g_assert_cmpuint (fd_batch_get_n_records (good), ==, n_before);
  {
    g_autoptr(FdBatch) again = fd_test_fetch (source, fd_batch_get_cursor (good), &error);

    g_assert_no_error (error);
    g_assert_true (fd_batch_is_empty (again));
    fd_snapshot_get_runs (fd_batch_get_records (good), &n);
    g_assert_cmpuint (n, ==, 15);
  }
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_OK);
}

static void
test_github_bad_locator (void)
{
  const char *bad[] = { "github:octo", "github:/repo", "github:o/r/x", "github:o/", "github:o r/x",
                        "github:o/r?x", "github:o/..", "github:o.o/r", "github:o/r#1" };
  const char *good[] = { "github:octo-org/octo-repo", "github:o/r.js", "github:O1/my_repo-2",
                         "github:mona_acme/app" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FdSourceConfig) config = fd_source_config_new (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      FdSource *source;

      g_assert_nonnull (config);
      source = fd_source_new_for_config (config, &error);
      g_assert_null (source);
      g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "github:OWNER/REPO"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(FdSourceConfig) config = fd_source_config_new (good[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(FdSource) source = fd_source_new_for_config (config, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (fd_source_get_uri (source), ==, good[i]);
      g_assert_true (fd_source_is_live (source));
      g_assert_cmpuint (fd_source_get_capabilities (source), ==, FD_SOURCE_CAN_NOTHING);
      g_assert_finalize_object (g_steal_pointer (&source));
    }

  /* Plain http only to loopback. */
  {
    g_autoptr(FdSourceConfig) config = fd_source_config_new ("github:o/r", NULL);
    g_autoptr(GError) error = NULL;

    config->base_url = g_strdup ("http://ghe.example.com/api/v3");
    g_assert_null (fd_source_new_for_config (config, &error));
    g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_INVALID_URL);
  }
}

static void
test_github_parse (void)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new ("feature/*=preview", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr(JsonNode) runs = json_from_string (
    "{\"workflow_runs\": [7, {\"name\": \"no id\"},"
    " {\"id\": 1, \"name\": \"CI\", \"head_branch\": \"feature/x\", \"status\": \"completed\","
    "  \"conclusion\": \"success\", \"run_started_at\": \"2026-11-20T10:00:00Z\","
    "  \"updated_at\": \"2026-11-20T10:00:30+00:00\","
    "  \"jobs\": {\"jobs\": [{\"name\": \"lint\", \"status\": \"in_progress\","
    "            \"started_at\": \"2026-11-20T10:00:01Z\"}]}},"
    " {\"id\": 2, \"status\": \"completed\", \"conclusion\": \"success\","
    "  \"run_started_at\": \"2026-11-20T10:00:00Z\"},"
    " {\"id\": 3, \"status\": \"in_progress\", \"created_at\": \"2026-11-20T10:00:00Z\"}]}", NULL);
  g_autoptr(FdSnapshot) snapshot = NULL;
  const FdPipelineRun *run;
  const FdStage *stages;
  guint n_skipped = 0;
  gsize n;

  g_assert_cmpuint (fd_github_parse_runs (array, builder, URI, "r", environments, &n_skipped,
                                          &error), ==, 0);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_cmpuint (fd_github_parse_deployments (runs, builder, URI, "r", &n_skipped, &error), ==, 0);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* 7 and the run without an id are no runs; run 2 is finished without a finish time. */
  g_assert_cmpuint (fd_github_parse_runs (runs, builder, URI, "r", environments, &n_skipped,
                                          &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 3);

  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
  fd_snapshot_get_runs (snapshot, &n);
  g_assert_cmpuint (n, ==, 2);
  run = fd_test_find_run (snapshot, URI ":run:1");
  g_assert_cmpstr (fd_snapshot_str (snapshot, run->environment), ==, "preview");
  g_assert_cmpstr (fd_snapshot_str (snapshot, run->pipeline), ==, "r/CI");
  g_assert_null (fd_snapshot_str (snapshot, run->commit));
  stages = fd_snapshot_get_stages (snapshot, run, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (stages[0].status, ==, FD_RUN_RUNNING);
  g_assert_true (isnan (stages[0].duration_s));
  run = fd_test_find_run (snapshot, URI ":run:3");
  g_assert_cmpstr (fd_snapshot_str (snapshot, run->pipeline), ==, "r/workflow");
  g_assert_cmpstr (fd_snapshot_str (snapshot, run->environment), ==, "development");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/github-source/mapping", test_github_mapping);
  g_test_add_func ("/flightdeck/github-source/not-modified", test_github_not_modified);
  g_test_add_func ("/flightdeck/github-source/incremental", test_github_incremental);
  g_test_add_func ("/flightdeck/github-source/straggler", test_github_straggler);
  g_test_add_func ("/flightdeck/github-source/since", test_github_since);
  g_test_add_func ("/flightdeck/github-source/rate-limited", test_github_rate_limited);
  g_test_add_func ("/flightdeck/github-source/failures", test_github_failures);
  g_test_add_func ("/flightdeck/github-source/bad-locator", test_github_bad_locator);
  g_test_add_func ("/flightdeck/github-source/parse", test_github_parse);

  return g_test_run ();
}
