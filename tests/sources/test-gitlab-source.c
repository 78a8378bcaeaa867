/* test-gitlab-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-gitlab-source"

#include "config.h"

#include "fd-gitlab-source.h"
#include "fd-sources.h"
#include "fd-test-server.h"
#include "fd-time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* libsoup's server hands over the path decoded: shop%2Fcheckout, as sent
 * (see test_gitlab_locators, which reads the request line itself), arrives
 * as shop/checkout. */
#define PROJECT "/api/v4/projects/shop/checkout"
#define NUMERIC "/api/v4/projects/42"
#define URI "gitlab:shop/checkout"
#define TOKEN "glpat-Sup3rSecretT0ken"

typedef enum
{
  MODE_OK,
  MODE_401,
  MODE_RATE_LIMITED,
  MODE_HTML,
  MODE_TRUNCATED,
  MODE_OBJECT,
  MODE_DETAIL_WRONG_SHAPE,
  MODE_JOBS_WRONG_SHAPE,
  MODE_PAGE_3_FAILS,
} Mode;

typedef enum
{
  PAGING_X_NEXT_PAGE,   /* only x-next-page (as behind some proxies) */
  PAGING_LINK,          /* only link: rel="next" */
} Paging;

/* A fake GitLab REST API v4: the fixtures in tests/sources/data, and what
 * every request carried. */
typedef struct
{
  FdTestServer *server;
  GMutex        lock;
  Mode          mode;
  Paging        paging;
  gboolean      etags;
  gboolean      later;       /* pipeline 48 succeeded (listed), 55 succeeded (detail only) */
  GPtrArray    *requests;    /* "RAW-PATH INM" */
  GPtrArray    *updated_after;
  char         *private_token;
  char         *authorization;
  char         *user_agent;
} Gitlab;

static char *
load (const char *name)
{
  return fd_test_server_load_data (name);
}

static void
reply_text (SoupServerMessage *msg,
            const char        *body)
{
  fd_test_server_reply (msg, 200, NULL, body);
}

static void
reply_file (SoupServerMessage *msg,
            const char        *name)
{
  g_autofree char *body = load (name);

  reply_text (msg, body);
}

/* Page @page of @last, with GitLab's paging headers. */
static void
set_paging (Gitlab            *gitlab,
            SoupServerMessage *msg,
            const char        *raw,
            int                page,
            int                last)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autofree char *next = page < last ? g_strdup_printf ("%d", page + 1) : g_strdup ("");
  g_autofree char *current = g_strdup_printf ("%d", page);

  soup_message_headers_replace (response, "X-Page", current);
  soup_message_headers_replace (response, "X-Per-Page", "100");
  if (gitlab->paging == PAGING_X_NEXT_PAGE)
    soup_message_headers_replace (response, "X-Next-Page", next);
  else if (page < last)
    {
      /* GitLab's own next link keeps every parameter of the request. */
      g_autofree char *link = g_strdup_printf ("<%s%s?order_by=updated_at&page=%d&per_page=100"
                                               "&sort=desc>; rel=\"next\"",
                                               fd_test_server_get_url (gitlab->server), raw,
                                               page + 1);

      soup_message_headers_replace (response, "Link", link);
    }
}

static gboolean
not_modified (Gitlab            *gitlab,
              SoupServerMessage *msg,
              const char        *etag)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);

  if (!gitlab->etags)
    return FALSE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etag) == 0)
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
  Gitlab *gitlab = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *raw = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  int page = page_text ? atoi (page_text) : 1;
  const char *rest = g_str_has_prefix (raw, NUMERIC) ? raw + strlen (NUMERIC)
                     : g_str_has_prefix (raw, PROJECT) ? raw + strlen (PROJECT) : "";
  Mode mode;
  gboolean later;

  g_mutex_lock (&gitlab->lock);
  g_ptr_array_add (gitlab->requests, g_strdup_printf ("%s %s", raw, inm ? inm : "-"));
  if (g_str_has_suffix (raw, "/pipelines"))
    g_ptr_array_add (gitlab->updated_after,
                     g_strdup (query ? g_hash_table_lookup (query, "updated_after") : NULL));
  g_free (gitlab->private_token);
  gitlab->private_token = g_strdup (soup_message_headers_get_one (request, "PRIVATE-TOKEN"));
  g_free (gitlab->authorization);
  gitlab->authorization = g_strdup (soup_message_headers_get_one (request, "Authorization"));
  g_free (gitlab->user_agent);
  gitlab->user_agent = g_strdup (soup_message_headers_get_one (request, "User-Agent"));
  mode = gitlab->mode;
  later = gitlab->later;
  g_mutex_unlock (&gitlab->lock);

  switch (mode)
    {
    case MODE_401:
      fd_test_server_reply (msg, 401, NULL, "{\"message\":\"401 Unauthorized\"}");
      return;
    case MODE_RATE_LIMITED:
      soup_message_headers_replace (response, "Retry-After", "30");
      soup_message_headers_replace (response, "RateLimit-Limit", "600");
      soup_message_headers_replace (response, "RateLimit-Remaining", "0");
      fd_test_server_reply (msg, 429, "text/plain", "Retry later\n");
      return;
    case MODE_HTML:
      fd_test_server_reply (msg, 502, "text/html",
                            "<!DOCTYPE html><html><body><h1>502</h1>GitLab is not responding</body></html>");
      return;
    case MODE_TRUNCATED:
      fd_test_server_reply (msg, 200, NULL, "[{\"id\": 47, \"status\": \"succ");
      return;
    case MODE_OBJECT:
      fd_test_server_reply (msg, 200, NULL, "{\"message\": \"hello\"}");
      return;
    case MODE_OK:
    case MODE_DETAIL_WRONG_SHAPE:
    case MODE_JOBS_WRONG_SHAPE:
    case MODE_PAGE_3_FAILS:
    default:
      break;
    }

  if (g_str_equal (raw, NUMERIC))
    reply_file (msg, "gitlab-project-42.json");
  else if (g_str_equal (rest, "/pipelines"))
    {
      if (page == 1 && not_modified (gitlab, msg, "W/\"pipelines-1\""))
        return;
      set_paging (gitlab, msg, raw, page, 3);
      if (page == 1)
        {
          g_autofree char *body = load ("gitlab-pipelines-1.json");

          if (later)
            {
              g_autoptr(GString) text = g_string_new (body);

              g_string_replace (text, "\"preparing\"", "\"success\"", 1);
              g_string_replace (text, "2026-11-20T11:00:30.000Z", "2026-11-20T11:20:00.000Z", 1);
              reply_text (msg, text->str);
            }
          else
            reply_text (msg, body);
        }
      else if (page == 2)
        reply_file (msg, "gitlab-pipelines-2.json");
      else if (mode == MODE_PAGE_3_FAILS)
        fd_test_server_reply (msg, 500, NULL, "{\"message\":\"500 Internal Server Error\"}");
      else
        reply_file (msg, "gitlab-pipelines-3.json");
    }
  else if (g_str_equal (rest, "/pipelines/47"))
    {
      if (mode == MODE_DETAIL_WRONG_SHAPE)
        reply_text (msg, "[]");
      else
        reply_file (msg, "gitlab-pipeline-47.json");
    }
  else if (g_str_equal (rest, "/pipelines/47/jobs"))
    {
      if (mode == MODE_JOBS_WRONG_SHAPE)
        reply_text (msg, "{\"jobs\": []}");
      else
        reply_file (msg, "gitlab-jobs-47.json");
    }
  else if (g_str_equal (rest, "/pipelines/55") && later)
    reply_file (msg, "gitlab-pipeline-55-later.json");
  else if (g_str_equal (rest, "/pipelines/55/jobs") && later)
    reply_text (msg, "[{\"id\": 90, \"name\": \"e2e\", \"stage\": \"test\", \"status\": \"success\","
                " \"duration\": 1170.25}]");
  else if (g_str_has_prefix (rest, "/pipelines/") && g_str_has_suffix (rest, "/jobs"))
    reply_text (msg, "[]");
  else if (g_str_has_prefix (rest, "/pipelines/"))
    reply_text (msg, "{}");
  else if (g_str_equal (rest, "/deployments"))
    {
      if (page == 1 && not_modified (gitlab, msg, "W/\"deployments-1\""))
        return;
      set_paging (gitlab, msg, raw, page, 2);
      reply_file (msg, page == 1 ? "gitlab-deployments.json" : "gitlab-deployments-2.json");
    }
  else
    fd_test_server_reply (msg, 404, NULL, "{\"message\":\"404 Project Not Found\"}");
}

static Gitlab *
gitlab_new (void)
{
  Gitlab *gitlab = g_new0 (Gitlab, 1);

  g_mutex_init (&gitlab->lock);
  gitlab->server = fd_test_server_new ();
  gitlab->requests = g_ptr_array_new_with_free_func (g_free);
  gitlab->updated_after = g_ptr_array_new_with_free_func (g_free);
  gitlab->etags = TRUE;
  fd_test_server_add_handler (gitlab->server, NULL, handler, gitlab);

  return gitlab;
}

static void
gitlab_free (Gitlab *gitlab)
{
  fd_test_server_free (gitlab->server);
  g_ptr_array_unref (gitlab->requests);
  g_ptr_array_unref (gitlab->updated_after);
  g_free (gitlab->private_token);
  g_free (gitlab->authorization);
  g_free (gitlab->user_agent);
  g_mutex_clear (&gitlab->lock);
  g_free (gitlab);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gitlab, gitlab_free)

static void
gitlab_set (Gitlab   *gitlab,
            Mode      mode,
            gboolean  later)
{
  g_mutex_lock (&gitlab->lock);
  gitlab->mode = mode;
  gitlab->later = later;
  g_mutex_unlock (&gitlab->lock);
}

static guint
gitlab_n_requests (Gitlab *gitlab)
{
  guint n;

  g_mutex_lock (&gitlab->lock);
  n = gitlab->requests->len;
  g_mutex_unlock (&gitlab->lock);

  return n;
}

static guint
gitlab_count (Gitlab     *gitlab,
              guint       from,
              const char *prefix)
{
  guint n = 0;

  g_mutex_lock (&gitlab->lock);
  for (guint i = from; i < gitlab->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (gitlab->requests, i), prefix))
      n++;
  g_mutex_unlock (&gitlab->lock);

  return n;
}

static FdSource *
make_source (Gitlab     *gitlab,
             const char *uri,
             FdTime      since)
{
  g_autoptr(FdSourceConfig) config = fd_source_config_new (uri, NULL);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->base_url = g_strconcat (fd_test_server_get_url (gitlab->server), "/api/v4", NULL);
  config->since = since;
  fd_source_config_set_token (config, TOKEN);
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_GITLAB_SOURCE (source));

  return source;
}

static guint
count_exact (GPtrArray  *log,
             const char *line)
{
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (g_ptr_array_index (log, i), line))
      n++;

  return n;
}

static const char *
str (FdSnapshot *records,
     FdStr       s)
{
  return fd_snapshot_str (records, s);
}

static void
test_gitlab_mapping (void)
{
  g_autoptr(Gitlab) gitlab = gitlab_new ();
  g_autoptr(FdSource) source = make_source (gitlab, URI, FD_TIME_NONE);
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  FdSnapshot *records;
  const FdPipelineRun *run;
  const FdDeployment *deployment;
  const FdStage *stages;
  gsize n, n_stages;
  const struct { const char *id; FdRunStatus status; const char *environment; } pipelines[] = {
    { "48", FD_RUN_QUEUED, "development" },      /* preparing, feature/x */
    { "49", FD_RUN_QUEUED, "production" },       /* manual, master */
    { "50", FD_RUN_CANCELLED, "production" },    /* canceled */
    { "51", FD_RUN_QUEUED, "production" },       /* waiting_for_resource */
    { "52", FD_RUN_QUEUED, "production" },       /* scheduled */
    { "53", FD_RUN_QUEUED, "development" },      /* created, v1.4.0 */
    { "54", FD_RUN_QUEUED, "production" },       /* pending */
    { "55", FD_RUN_RUNNING, "production" },      /* running */
    { "56", FD_RUN_FAILED, "development" },      /* failed */
    { "57", FD_RUN_CANCELLED, "development" },   /* skipped */
  };
  const struct { const char *id; FdDeployStatus status; const char *version; } deployments[] = {
    { "41", FD_DEPLOY_SUCCESS, "99d03678b90d" },
    { "42", FD_DEPLOY_IN_PROGRESS, "v1.4.0" },   /* blocked; a tag by its name */
    { "43", FD_DEPLOY_FAILED, "77d03678b90d" },  /* canceled */
    { "44", FD_DEPLOY_FAILED, "release-7" },     /* failed; its job says tag */
    { "45", FD_DEPLOY_IN_PROGRESS, "55d03678b90d" },  /* created */
    { "46", FD_DEPLOY_IN_PROGRESS, "44d03678b90d" },  /* running */
    { "47", FD_DEPLOY_FAILED, "33d03678b90d" },  /* skipped */
  };

  gitlab->paging = PAGING_X_NEXT_PAGE;
  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);

  /* The requests: a path as one segment, PRIVATE-TOKEN and no Authorization. */
  g_assert_cmpstr (gitlab->private_token, ==, TOKEN);
  g_assert_null (gitlab->authorization);
  g_assert_true (g_str_has_prefix (gitlab->user_agent, "Flightdeck/"));
  log = fd_test_server_dup_log (gitlab->server);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==,
                   "GET " PROJECT "/pipelines?per_page=100&order_by=updated_at&sort=desc");
  g_assert_cmpuint (fd_test_count_requests (log, "GET " PROJECT "/pipelines?"), ==, 3);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " PROJECT "/pipelines?per_page=100&order_by=updated_at&sort=desc&page=3"), ==, 1);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " PROJECT "/pipelines/47?"), ==, 0);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " PROJECT "/pipelines/47"), ==, 2);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " PROJECT "/pipelines/47/jobs?per_page=100"), ==, 1);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " PROJECT "/deployments?"), ==, 2);
  g_assert_cmpuint (count_exact (log, "GET " PROJECT), ==, 0);   /* no lookup for a path */

  /* Three pages through x-next-page; 58 (updated before it was made) is left out. */
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 11);
  g_assert_null (fd_test_find_run (records, URI ":pipeline:58"));

  run = fd_test_find_run (records, URI ":pipeline:47");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpstr (str (records, run->pipeline), ==, "checkout/Build pipeline");
  g_assert_cmpstr (str (records, run->service), ==, "checkout");
  g_assert_cmpstr (str (records, run->environment), ==, "production");
  g_assert_cmpstr (str (records, run->branch), ==, "main");
  g_assert_cmpstr (str (records, run->trigger), ==, "push");
  g_assert_cmpstr (str (records, run->commit), ==, "a91957a858320c0e17f3a0eca7cfacbff50ea29a");
  /* Times from the single-pipeline endpoint. */
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T10:00:40Z"));
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T10:11:10Z"));
  stages = fd_snapshot_get_stages (records, run, &n_stages);
  g_assert_cmpuint (n_stages, ==, 2);
  g_assert_cmpstr (str (records, stages[0].name), ==, "rspec");
  g_assert_cmpint (stages[0].status, ==, FD_RUN_SUCCESS);
  g_assert_cmpfloat (stages[0].duration_s, ==, 120.5f);
  g_assert_cmpstr (str (records, stages[1].name), ==, "deploy");
  g_assert_cmpint (stages[1].status, ==, FD_RUN_QUEUED);   /* manual */
  g_assert_true (isnan (stages[1].duration_s));

  for (guint i = 0; i < G_N_ELEMENTS (pipelines); i++)
    {
      g_autofree char *id = g_strdup_printf (URI ":pipeline:%s", pipelines[i].id);

      run = fd_test_find_run (records, id);
      g_assert_nonnull (run);
      g_assert_cmpint (run->status, ==, pipelines[i].status);
      g_assert_cmpstr (str (records, run->environment), ==, pipelines[i].environment);
      g_assert_cmpstr (str (records, run->pipeline), ==, "checkout/pipeline");
    }
  /* No detail times: the list's created_at and updated_at. */
  run = fd_test_find_run (records, URI ":pipeline:50");
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T13:00:00Z"));
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T13:05:00Z"));
  g_assert_cmpstr (str (records, run->trigger), ==, "schedule");
  run = fd_test_find_run (records, URI ":pipeline:55");
  g_assert_cmpint (run->finished_at, ==, FD_TIME_NONE);
  g_assert_cmpstr (str (records, run->trigger), ==, "trigger");

  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (deployments));
  for (guint i = 0; i < G_N_ELEMENTS (deployments); i++)
    {
      g_autofree char *id = g_strdup_printf (URI ":deployment:%s", deployments[i].id);

      deployment = fd_test_find_deployment (records, id);
      g_assert_nonnull (deployment);
      g_assert_cmpint (deployment->status, ==, deployments[i].status);
      g_assert_cmpstr (str (records, deployment->version), ==, deployments[i].version);
      g_assert_cmpstr (str (records, deployment->service), ==, "checkout");
      if (deployments[i].status == FD_DEPLOY_IN_PROGRESS)
        g_assert_cmpint (deployment->finished_at, ==, FD_TIME_NONE);
    }
  deployment = fd_test_find_deployment (records, URI ":deployment:41");
  g_assert_cmpstr (str (records, deployment->environment), ==, "production");
  g_assert_cmpstr (str (records, deployment->commit), ==, "99d03678b90d914dbb1b109132516d71a4a03ea8");
  g_assert_cmpint (deployment->started_at, ==, fd_test_time ("2026-11-20T09:00:00Z"));
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-20T09:07:00Z"));  /* deployable */
  g_assert_cmpint (deployment->committed_at, ==, fd_test_time ("2026-11-20T07:30:00Z"));
  deployment = fd_test_find_deployment (records, URI ":deployment:42");
  g_assert_cmpstr (str (records, deployment->environment), ==, "staging");
  g_assert_cmpint (deployment->committed_at, ==, FD_TIME_NONE);
  deployment = fd_test_find_deployment (records, URI ":deployment:43");
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-20T15:04:00Z"));  /* updated_at */
  deployment = fd_test_find_deployment (records, URI ":deployment:44");
  g_assert_cmpstr (str (records, deployment->environment), ==, "review/feature-x");
  g_assert_cmpint (deployment->finished_at, ==, fd_test_time ("2026-11-19T09:02:30Z"));
  g_assert_cmpint (deployment->committed_at, ==, fd_test_time ("2026-11-19T08:00:00Z"));

  g_assert_cmpstr (fd_source_status_get_message (fd_source_get_status (source)), ==,
                   "1 item skipped: its times are missing or inconsistent");
}

static void
test_gitlab_link_paging_and_numeric_id (void)
{
  g_autoptr(Gitlab) gitlab = gitlab_new ();
  g_autoptr(FdSource) source = make_source (gitlab, "gitlab:42", FD_TIME_NONE);
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdBatch) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  const FdPipelineRun *run;
  gsize n;

  gitlab->paging = PAGING_LINK;
  gitlab->etags = FALSE;
  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);

  /* The project's short name, asked once: the service. */
  log = fd_test_server_dup_log (gitlab->server);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, "GET " NUMERIC);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " NUMERIC "/pipelines?"), ==, 3);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " NUMERIC "/pipelines?order_by=updated_at&page=3"), ==, 1);
  fd_snapshot_get_runs (fd_batch_get_records (batch), &n);
  g_assert_cmpuint (n, ==, 11);
  run = fd_test_find_run (fd_batch_get_records (batch), "gitlab:42:pipeline:47");
  g_assert_nonnull (run);
  g_assert_cmpstr (fd_snapshot_str (fd_batch_get_records (batch), run->service), ==, "checkout");
  g_clear_pointer (&log, g_ptr_array_unref);

  again = fd_test_fetch (source, fd_batch_get_cursor (batch), &error);
  g_assert_no_error (error);
  log = fd_test_server_dup_log (gitlab->server);
  g_assert_cmpuint (fd_test_count_requests (log, "GET " NUMERIC "/pipelines?"), ==, 6);
  g_assert_cmpuint (count_exact (log, "GET " NUMERIC), ==, 1);
}

static void
test_gitlab_not_modified (void)
{
  g_autoptr(Gitlab) gitlab = gitlab_new ();
  g_autoptr(FdSource) source = make_source (gitlab, URI, FD_TIME_NONE);
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);

  before = gitlab_n_requests (gitlab);
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (second));
  g_assert_cmpuint (gitlab_n_requests (gitlab) - before, ==, 2);
  g_assert_cmpuint (gitlab_count (gitlab, before, PROJECT "/pipelines W/\"pipelines-1\""), ==, 1);
  g_assert_cmpuint (gitlab_count (gitlab, before, PROJECT "/deployments W/\"deployments-1\""), ==, 1);

  before = gitlab_n_requests (gitlab);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  g_assert_true (fd_batch_is_empty (third));
  g_assert_cmpuint (gitlab_n_requests (gitlab) - before, ==, 2);
}

static void
test_gitlab_incremental (void)
{
  g_autoptr(Gitlab) gitlab = gitlab_new ();
  g_autoptr(FdSource) source = make_source (gitlab, URI, FD_TIME_NONE);
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(GError) error = NULL;
  const FdPipelineRun *run;
  const FdStage *stages;
  FdSnapshot *records;
  gsize n;
  guint before;

  gitlab->etags = FALSE;
  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (g_ptr_array_index (gitlab->updated_after, 0));

  /* The next poll asks for what was updated since the newest update (the
   * server ignores it and sends everything again): nothing is sent on, no
   * unchanged pipeline's detail is asked for, only the progressing ones. */
  before = gitlab_n_requests (gitlab);
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (gitlab->updated_after, 3), ==, "2026-11-20T13:05:00Z");
  g_assert_true (fd_batch_is_empty (second));
  g_assert_cmpuint (gitlab_count (gitlab, before, PROJECT "/pipelines/47"), ==, 0);
  g_assert_cmpuint (gitlab_count (gitlab, before, PROJECT "/pipelines/49"), ==, 0);   /* manual */
  g_assert_cmpuint (gitlab_count (gitlab, before, PROJECT "/pipelines/55 "), ==, 1);  /* running */
  g_assert_cmpuint (gitlab_count (gitlab, before, PROJECT "/pipelines/55/jobs"), ==, 1);
  g_assert_cmpuint (gitlab_count (gitlab, before, PROJECT "/pipelines/48 "), ==, 1);  /* preparing */

  /* Pipeline 48 is listed as changed; 55 changed without the list showing it. */
  gitlab_set (gitlab, MODE_OK, TRUE);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (gitlab->updated_after, 6), ==, "2026-11-20T13:05:00Z");
  records = fd_batch_get_records (third);
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 2);
  run = fd_test_find_run (records, URI ":pipeline:48");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T11:20:00Z"));
  run = fd_test_find_run (records, URI ":pipeline:55");
  g_assert_nonnull (run);
  g_assert_cmpint (run->status, ==, FD_RUN_SUCCESS);
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T09:10:20Z"));
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T09:30:00Z"));
  stages = fd_snapshot_get_stages (records, run, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (fd_snapshot_str (records, stages[0].name), ==, "e2e");
  g_assert_cmpfloat (stages[0].duration_s, ==, 1170.25f);
  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_gitlab_since (void)
{
  g_autoptr(Gitlab) gitlab = gitlab_new ();
  g_autoptr(FdSource) source = make_source (gitlab, URI, fd_test_time ("2026-11-20T11:00:00Z"));
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  FdSnapshot *records;
  gsize n;

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  log = fd_test_server_dup_log (gitlab->server);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==,
                   "GET " PROJECT "/pipelines?per_page=100&order_by=updated_at&sort=desc"
                   "&updated_after=2026-11-20T11%3A00%3A00Z");
  g_assert_cmpstr (g_ptr_array_index (gitlab->updated_after, 0), ==, "2026-11-20T11:00:00Z");

  /* Only what was updated since (47 at 10:12 and page 3 are older). */
  records = fd_batch_get_records (batch);
  fd_snapshot_get_runs (records, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_nonnull (fd_test_find_run (records, URI ":pipeline:48"));
  g_assert_null (fd_test_find_run (records, URI ":pipeline:47"));
  g_assert_cmpuint (fd_test_count_requests (log, "GET " PROJECT "/pipelines/47"), ==, 0);
  fd_snapshot_get_deployments (records, &n);
  g_assert_cmpuint (n, ==, 2);   /* 42 and 43 */
}

static void
test_gitlab_failures (void)
{
  const struct { Mode mode; int code; const char *part; } cases[] = {
    { MODE_401, FD_HTTP_ERROR_AUTH, "authentication failed (HTTP 401)" },
    { MODE_RATE_LIMITED, FD_HTTP_ERROR_RATE_LIMITED, "rate limited until " },
    { MODE_HTML, FD_HTTP_ERROR_SERVER, "HTTP 502" },
    { MODE_TRUNCATED, FD_HTTP_ERROR_BAD_RESPONSE, "invalid JSON at byte" },
    { MODE_OBJECT, FD_HTTP_ERROR_BAD_RESPONSE, "pipelines: unexpected answer: not a list" },
    { MODE_DETAIL_WRONG_SHAPE, FD_HTTP_ERROR_BAD_RESPONSE, "pipeline: unexpected answer: not a JSON object" },
    { MODE_JOBS_WRONG_SHAPE, FD_HTTP_ERROR_BAD_RESPONSE, "pipeline jobs: unexpected answer: not a list" },
    { MODE_PAGE_3_FAILS, FD_HTTP_ERROR_SERVER, "server error (HTTP 500)" },
  };
  g_autoptr(Gitlab) gitlab = gitlab_new ();
  g_autoptr(FdSource) source = make_source (gitlab, URI, FD_TIME_NONE);
  FdSourceStatus *status = fd_source_get_status (source);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdBatch) batch = NULL;
      FdTime before = g_get_real_time ();

      gitlab_set (gitlab, cases[i].mode, FALSE);
      batch = fd_test_fetch (source, NULL, &error);
      g_assert_null (batch);
      g_assert_error (error, FD_HTTP_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].part) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].part);
      g_assert_null (strstr (error->message, TOKEN));
      g_assert_cmpstr (fd_source_status_get_message (status), ==, error->message);
      if (cases[i].mode == MODE_RATE_LIMITED)
        {
          g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_RATE_LIMITED);
          g_assert_cmpint (fd_source_status_get_retry_at (status), >=, before + 29 * G_USEC_PER_SEC);
          g_assert_cmpint (fd_source_status_get_retry_at (status), <=,
                           g_get_real_time () + 31 * G_USEC_PER_SEC);
        }
    }

  /* The project of a numeric id that does not exist. */
  {
    g_autoptr(FdSourceConfig) config = fd_source_config_new ("gitlab:7", NULL);
    g_autoptr(FdSource) missing = NULL;
    g_autoptr(GError) error = NULL;

    gitlab_set (gitlab, MODE_OK, FALSE);
    config->base_url = g_strconcat (fd_test_server_get_url (gitlab->server), "/api/v4", NULL);
    missing = fd_source_new_for_config (config, &error);
    g_assert_no_error (error);
    g_assert_null (fd_test_fetch (missing, NULL, &error));
    g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND);
  }
}

/* A bare HTTP/1.1 listener that keeps the request lines as sent, and answers 404. */
typedef struct
{
  GSocketService *service;
  GMutex          lock;
  GPtrArray      *lines;
  char           *url;
} RawServer;

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  RawServer *raw = user_data;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (input);
  g_autofree char *line = g_data_input_stream_read_line (data, NULL, NULL, NULL);
  const char *answer = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                       "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
  char *header;

  /* The rest of the head, up to the empty line. */
  while ((header = g_data_input_stream_read_line (data, NULL, NULL, NULL)) != NULL)
    {
      gboolean end = *g_strchomp (header) == '\0';

      g_free (header);
      if (end)
        break;
    }

  g_mutex_lock (&raw->lock);
  g_ptr_array_add (raw->lines, g_strdup (line ? g_strchomp (line) : ""));
  g_mutex_unlock (&raw->lock);
  g_output_stream_write_all (output, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static RawServer *
raw_server_new (void)
{
  RawServer *raw = g_new0 (RawServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&raw->lock);
  raw->lines = g_ptr_array_new_with_free_func (g_free);
  raw->service = g_threaded_socket_service_new (2);
  g_socket_listener_add_address (G_SOCKET_LISTENER (raw->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  raw->url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (raw->service, "run", G_CALLBACK (raw_run_cb), raw);
  g_socket_service_start (raw->service);

  return raw;
}

static void
raw_server_free (RawServer *raw)
{
  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  g_clear_object (&raw->service);
  g_ptr_array_unref (raw->lines);
  g_mutex_clear (&raw->lock);
  g_free (raw->url);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

static void
test_gitlab_locators (void)
{
  const char *bad[] = { "gitlab:", "gitlab:/x", "gitlab:x/", "gitlab:a//b", "gitlab:a b",
                        "gitlab:a?b", "gitlab:a/../b", "gitlab:a%2F" };
  const struct { const char *uri; const char *line; } good[] = {
    { "gitlab:42", "GET /api/v4/projects/42 HTTP/1.1" },
    { "gitlab:group/sub/project",
      "GET /api/v4/projects/group%2Fsub%2Fproject/pipelines?per_page=100&order_by=updated_at&sort=desc HTTP/1.1" },
    { "gitlab:group%2Fproject",
      "GET /api/v4/projects/group%2Fproject/pipelines?per_page=100&order_by=updated_at&sort=desc HTTP/1.1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FdSourceConfig) config = fd_source_config_new (bad[i], NULL);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (config);
      g_assert_null (fd_source_new_for_config (config, &error));
      g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
    }

  /* What goes on the wire: a path is one segment, its slashes as %2F. */
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(RawServer) raw = raw_server_new ();
      g_autoptr(FdSourceConfig) config = fd_source_config_new (good[i].uri, NULL);
      g_autoptr(FdSource) source = NULL;
      g_autoptr(GError) error = NULL;

      config->base_url = g_strconcat (raw->url, "/api/v4", NULL);
      source = fd_source_new_for_config (config, &error);
      g_assert_no_error (error);
      g_assert_null (fd_test_fetch (source, NULL, &error));
      g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND);
      g_mutex_lock (&raw->lock);
      g_assert_cmpuint (raw->lines->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (raw->lines, 0), ==, good[i].line);
      g_mutex_unlock (&raw->lock);
    }
}

static void
test_gitlab_parse (void)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) object = json_from_string ("{\"id\": 1}", NULL);
  g_autoptr(JsonNode) items = json_from_string (
    "[null, {\"id\": 1, \"status\": \"success\", \"ref\": \"main\","
    " \"created_at\": \"2026-11-20T10:00:00Z\", \"updated_at\": \"2026-11-20T10:01:00Z\","
    " \"detail\": {\"started_at\": \"2026-11-20T10:00:10Z\", \"finished_at\": \"2026-11-20T10:00:50Z\"},"
    " \"jobs\": [{\"name\": \"build\", \"status\": \"canceling\", \"duration\": -3}, {\"status\": \"x\"}]},"
    " {\"id\": 2, \"status\": \"success\", \"created_at\": \"2026-11-20T10:00:00Z\","
    "  \"detail\": {\"finished_at\": \"2026-11-20T09:00:00Z\"}}]", NULL);
  g_autoptr(FdSnapshot) snapshot = NULL;
  const FdPipelineRun *run;
  const FdStage *stages;
  guint n_skipped = 0;
  gsize n;

  g_assert_cmpuint (fd_gitlab_parse_pipelines (object, builder, "gitlab:1", "p", environments,
                                               &n_skipped, &error), ==, 0);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_cmpuint (fd_gitlab_parse_deployments (NULL, builder, "gitlab:1", "p", &n_skipped,
                                                 &error), ==, 0);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  g_assert_cmpuint (fd_gitlab_parse_pipelines (items, builder, "gitlab:1", "p", environments,
                                               &n_skipped, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 2);   /* null, and 2 finishing before it starts */

  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
  run = fd_test_find_run (snapshot, "gitlab:1:pipeline:1");
  g_assert_nonnull (run);
  g_assert_cmpint (run->started_at, ==, fd_test_time ("2026-11-20T10:00:10Z"));
  g_assert_cmpint (run->finished_at, ==, fd_test_time ("2026-11-20T10:00:50Z"));
  stages = fd_snapshot_get_stages (snapshot, run, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (stages[0].status, ==, FD_RUN_RUNNING);   /* canceling */
  g_assert_true (isnan (stages[0].duration_s));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/gitlab-source/mapping", test_gitlab_mapping);
  g_test_add_func ("/flightdeck/gitlab-source/link-paging-and-numeric-id",
                   test_gitlab_link_paging_and_numeric_id);
  g_test_add_func ("/flightdeck/gitlab-source/not-modified", test_gitlab_not_modified);
  g_test_add_func ("/flightdeck/gitlab-source/incremental", test_gitlab_incremental);
  g_test_add_func ("/flightdeck/gitlab-source/since", test_gitlab_since);
  g_test_add_func ("/flightdeck/gitlab-source/failures", test_gitlab_failures);
  g_test_add_func ("/flightdeck/gitlab-source/locators", test_gitlab_locators);
  g_test_add_func ("/flightdeck/gitlab-source/parse", test_gitlab_parse);

  return g_test_run ();
}
