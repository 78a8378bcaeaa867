/* fd-github-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-github-source"

#include "config.h"

#include "fd-github-source.h"
#include "fd-json.h"
#include "fd-source-util.h"
#include "fd-time.h"

#include <math.h>
#include <string.h>

/* Pages of 100 runs read on the first fetch, and stage lists read per poll:
 * enough for months of history without spending the hourly rate limit. */
#define MAX_PAGES        50
#define MAX_JOB_LOOKUPS  100
#define MAX_KNOWN_IDS    5000

struct _FdGithubSource
{
  FdLiveSource parent_instance;
};

G_DEFINE_FINAL_TYPE (FdGithubSource, fd_github_source, FD_TYPE_LIVE_SOURCE)

static FdRunStatus
map_run_status (const char *status,
                const char *conclusion)
{
  if (g_strcmp0 (status, "in_progress") == 0)
    return FD_RUN_RUNNING;

  if (g_strcmp0 (status, "completed") == 0)
    {
      if (g_strcmp0 (conclusion, "success") == 0 || g_strcmp0 (conclusion, "neutral") == 0)
        return FD_RUN_SUCCESS;
      if (g_strcmp0 (conclusion, "cancelled") == 0 || g_strcmp0 (conclusion, "skipped") == 0 ||
          g_strcmp0 (conclusion, "stale") == 0)
        return FD_RUN_CANCELLED;
      if (g_strcmp0 (conclusion, "action_required") == 0)
        return FD_RUN_QUEUED;
      /* failure, timed_out, startup_failure, and anything newer. */
      return FD_RUN_FAILED;
    }

  /* queued, requested, waiting, pending, action_required */
  return FD_RUN_QUEUED;
}

static gboolean
is_finished (FdRunStatus status)
{
  return status == FD_RUN_SUCCESS || status == FD_RUN_FAILED || status == FD_RUN_CANCELLED;
}

gboolean
fd_github_map_run (FdSnapshotBuilder *builder,
                   const char        *uri,
                   const char        *repo,
                   FdEnvironmentMap  *environments,
                   JsonObject        *run,
                   JsonObject        *jobs)
{
  g_autofree char *upstream = fd_json_dup_id (run, "id");
  g_autofree char *id = NULL;
  g_autofree char *pipeline = NULL;
  g_autoptr(GArray) stages = g_array_new (FALSE, TRUE, sizeof (FdStage));
  const char *name = fd_json_get_string (run, "name");
  const char *branch = fd_json_get_string (run, "head_branch");
  FdPipelineRun record = { 0 };
  JsonArray *job_list;

  if (upstream == NULL)
    return FALSE;

  if (name == NULL)
    name = fd_json_get_string (run, "display_title");
  if (name == NULL)
    name = "workflow";

  record.status = map_run_status (fd_json_get_string (run, "status"),
                                  fd_json_get_string (run, "conclusion"));
  record.started_at = fd_json_get_time (run, "run_started_at");
  if (record.started_at == FD_TIME_NONE)
    record.started_at = fd_json_get_time (run, "created_at");
  if (record.started_at == FD_TIME_NONE)
    return FALSE;
  record.finished_at = FD_TIME_NONE;
  if (is_finished (record.status))
    {
      record.finished_at = fd_json_get_time (run, "updated_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = record.started_at;
      record.finished_at = fd_source_clamp_finish (record.started_at, record.finished_at);
    }

  id = fd_source_record_id (uri, "run", upstream);
  pipeline = g_strdup_printf ("%s/%s", repo, name);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.pipeline = fd_snapshot_builder_intern (builder, pipeline);
  record.service = fd_snapshot_builder_intern (builder, repo);
  record.environment = fd_snapshot_builder_intern (builder,
                                                   fd_environment_map_lookup (environments, branch));
  record.branch = fd_source_intern (builder, branch);
  record.commit = fd_source_intern (builder, fd_json_get_string (run, "head_sha"));
  record.trigger = fd_source_intern (builder, fd_json_get_string (run, "event"));

  job_list = fd_json_get_array (jobs, "jobs");
  for (guint i = 0; job_list != NULL && i < json_array_get_length (job_list); i++)
    {
      JsonObject *job = fd_json_array_get_object (job_list, i);
      const char *job_name = fd_json_get_string (job, "name");
      FdTime job_start = fd_json_get_time (job, "started_at");
      FdTime job_end = fd_json_get_time (job, "completed_at");
      FdStage stage = { 0 };

      if (job == NULL || job_name == NULL)
        continue;

      stage.name = fd_snapshot_builder_intern (builder, job_name);
      stage.status = map_run_status (fd_json_get_string (job, "status"),
                                     fd_json_get_string (job, "conclusion"));
      stage.duration_s = job_start != FD_TIME_NONE && job_end != FD_TIME_NONE && job_end >= job_start
                         ? (float) ((job_end - job_start) / (double) G_USEC_PER_SEC) : NAN;
      g_array_append_val (stages, stage);
    }

  fd_snapshot_builder_add_run (builder, &record, (const FdStage *) (gpointer) stages->data,
                               stages->len);
  return TRUE;
}

static gboolean
looks_like_tag (const char *ref,
                const char *sha)
{
  gsize len;
  gboolean hex = TRUE;

  if (ref == NULL || *ref == '\0' || g_strcmp0 (ref, sha) == 0)
    return FALSE;
  if (g_str_has_prefix (ref, "refs/tags/"))
    return TRUE;
  if (g_str_has_prefix (ref, "refs/heads/"))
    return FALSE;

  len = strlen (ref);
  for (gsize i = 0; i < len; i++)
    hex = hex && g_ascii_isxdigit (ref[i]);
  if (hex && len >= 7)
    return FALSE;

  /* v1.2.3, 1.2.3, release-2026.11: a version, not a branch such as main. */
  return (ref[0] == 'v' && g_ascii_isdigit (ref[1])) || g_ascii_isdigit (ref[0]);
}

static FdDeployStatus
map_deployment_state (const char *state)
{
  if (g_strcmp0 (state, "success") == 0 || g_strcmp0 (state, "inactive") == 0)
    return FD_DEPLOY_SUCCESS;
  if (g_strcmp0 (state, "failure") == 0 || g_strcmp0 (state, "error") == 0)
    return FD_DEPLOY_FAILED;

  return FD_DEPLOY_IN_PROGRESS;
}

gboolean
fd_github_map_deployment (FdSnapshotBuilder *builder,
                          const char        *uri,
                          const char        *repo,
                          JsonObject        *deployment,
                          JsonArray         *statuses,
                          FdTime             committed_at)
{
  g_autofree char *upstream = fd_json_dup_id (deployment, "id");
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;
  const char *sha = fd_json_get_string (deployment, "sha");
  const char *ref = fd_json_get_string (deployment, "ref");
  const char *environment = fd_json_get_string (deployment, "environment");
  FdDeployment record = { 0 };
  JsonObject *newest = fd_json_array_get_object (statuses, 0);

  if (upstream == NULL)
    return FALSE;

  record.started_at = fd_json_get_time (deployment, "created_at");
  if (record.started_at == FD_TIME_NONE)
    return FALSE;

  /* The API lists statuses newest first; no status yet means in progress. */
  record.status = newest ? map_deployment_state (fd_json_get_string (newest, "state"))
                         : FD_DEPLOY_IN_PROGRESS;
  record.finished_at = FD_TIME_NONE;
  for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
    {
      JsonObject *status = fd_json_array_get_object (statuses, i);

      if (status != NULL &&
          map_deployment_state (fd_json_get_string (status, "state")) != FD_DEPLOY_IN_PROGRESS)
        {
          record.finished_at = fd_json_get_time (status, "created_at");
          break;
        }
    }
  if (record.status != FD_DEPLOY_IN_PROGRESS)
    {
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = fd_json_get_time (newest, "created_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = record.started_at;
      record.finished_at = fd_source_clamp_finish (record.started_at, record.finished_at);
    }
  else
    record.finished_at = FD_TIME_NONE;

  if (looks_like_tag (ref, sha))
    version = g_strdup (g_str_has_prefix (ref, "refs/tags/") ? ref + strlen ("refs/tags/") : ref);
  else if (sha != NULL)
    version = g_strndup (sha, 12);
  else
    version = g_strdup (ref ? ref : upstream);

  id = fd_source_record_id (uri, "deployment", upstream);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.service = fd_snapshot_builder_intern (builder, repo);
  record.environment = fd_snapshot_builder_intern (builder, environment && *environment
                                                            ? environment : "production");
  record.version = fd_snapshot_builder_intern (builder, version);
  record.commit = fd_source_intern (builder, sha);
  record.committed_at = committed_at;
  fd_snapshot_builder_add_deployment (builder, &record);

  return TRUE;
}

guint
fd_github_map_runs_page (FdSnapshotBuilder *builder,
                         const char        *uri,
                         JsonNode          *root,
                         GError           **error)
{
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new (NULL, NULL);
  JsonArray *runs;
  guint n = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (runs = fd_json_get_array (json_node_get_object (root), "workflow_runs")) == NULL)
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "unexpected answer: no “workflow_runs” list in it");
      return 0;
    }

  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *run = fd_json_array_get_object (runs, i);

      if (run != NULL && fd_github_map_run (builder, uri, "repo", environments, run, NULL))
        n++;
    }

  return n;
}

/* ---- Fetching ---- */

typedef struct
{
  FdHttpClient *client;
  GCancellable *cancellable;
  const char   *base;
  const char   *repo_path;    /* "owner/repo" */
  JsonObject   *old;          /* the previous cursor */
  JsonObject   *next;         /* the next cursor */
} Fetch;

static char *
repo_url (Fetch      *fetch,
          const char *path)
{
  g_autofree char *rel = g_strdup_printf ("repos/%s/%s", fetch->repo_path, path);

  return fd_http_join_url (fetch->base, rel);
}

/* The commit time of @sha, asked once per sha and kept in the cursor. */
static FdTime
commit_time (Fetch       *fetch,
             const char  *sha,
             GError     **error)
{
  JsonObject *old_commits = fd_json_get_object (fetch->old, "commits");
  JsonObject *commits = fd_json_get_object (fetch->next, "commits");
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *known;
  FdTime t;

  if (sha == NULL)
    return FD_TIME_NONE;

  known = fd_json_get_string (commits, sha);
  if (known == NULL)
    {
      known = fd_json_get_string (old_commits, sha);
      if (known != NULL)
        json_object_set_string_member (commits, sha, known);
    }
  if (known != NULL)
    return fd_time_parse (known, strlen (known), &t) ? t : FD_TIME_NONE;

  path = g_strdup_printf ("commits/%s", sha);
  url = repo_url (fetch, path);
  root = fd_http_client_get_json (fetch->client, url, NULL, NULL, fetch->cancellable, &local_error);
  if (root == NULL)
    {
      /* A commit gone upstream (force-pushed away) only costs the lead time. */
      if (!g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND) &&
          !g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FD_TIME_NONE;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *commit = fd_json_get_object (json_node_get_object (root), "commit");
      JsonObject *committer = fd_json_get_object (commit, "committer");
      const char *date = fd_json_get_string (committer, "date");

      if (date != NULL && fd_time_parse (date, strlen (date), &t))
        {
          json_object_set_string_member (commits, sha, date);
          return t;
        }
    }

  return FD_TIME_NONE;
}

static gboolean
fetch_runs (Fetch                *fetch,
            const FdSourceConfig *config,
            FdSnapshotBuilder    *builder,
            const char           *repo,
            FdEnvironmentMap     *environments,
            GError              **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *created = NULL;
  const char *since = fd_json_get_string (fetch->old, "runs_since");
  JsonObject *old_seen = fd_json_get_object (fetch->old, "runs");
  JsonObject *seen = json_object_new ();
  gboolean not_modified = FALSE;
  gboolean first = since == NULL;
  FdTime open_from = FD_TIME_NONE, newest = FD_TIME_NONE;
  guint lookups = 0;

  json_object_set_object_member (fetch->next, "runs", seen);

  if (since == NULL && config->since != FD_TIME_NONE)
    created = fd_time_format (config->since);
  else if (since != NULL)
    created = g_strdup (since);

  if (created != NULL)
    {
      g_autofree char *filter = g_strdup_printf (">=%s", created);
      g_autofree char *escaped = fd_source_escape (filter);

      g_autofree char *plain = repo_url (fetch, "actions/runs?per_page=100");

      url = g_strdup_printf ("%s&created=%s", plain, escaped);
    }
  else
    url = repo_url (fetch, "actions/runs?per_page=100");

  if (!fd_source_get_pages (fetch->client, url, "workflow_runs",
                            g_strcmp0 (fd_json_get_string (fetch->old, "runs_url"), url) == 0
                            ? fd_json_get_string (fetch->old, "runs_etag") : NULL,
                            first ? MAX_PAGES : MAX_PAGES / 5, runs, &etag, &not_modified,
                            fetch->cancellable, error))
    return FALSE;

  if (not_modified)
    {
      /* Nothing changed upstream: carry the old cursor's run state over. */
      if (old_seen != NULL)
        json_object_set_object_member (fetch->next, "runs", json_object_ref (old_seen));
      json_object_set_string_member (fetch->next, "runs_since", since ? since : "");
      json_object_set_string_member (fetch->next, "runs_url", url);
      json_object_set_string_member (fetch->next, "runs_etag", etag ? etag : "");
      return TRUE;
    }

  for (guint i = 0; i < runs->len; i++)
    {
      JsonNode *node = g_ptr_array_index (runs, i);
      JsonObject *run = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *upstream = fd_json_dup_id (run, "id");
      g_autoptr(JsonNode) jobs = NULL;
      const char *updated = fd_json_get_string (run, "updated_at");
      FdTime created_at = fd_json_get_time (run, "created_at");
      FdRunStatus status;

      if (run == NULL || upstream == NULL)
        continue;
      if (config->since != FD_TIME_NONE && created_at != FD_TIME_NONE && created_at < config->since)
        continue;

      status = map_run_status (fd_json_get_string (run, "status"),
                               fd_json_get_string (run, "conclusion"));
      if (created_at != FD_TIME_NONE)
        {
          newest = MAX (newest, created_at);
          if (!is_finished (status))
            open_from = open_from == FD_TIME_NONE ? created_at : MIN (open_from, created_at);
        }

      /* An unchanged run is not sent again; a changed one is, with its jobs. */
      json_object_set_string_member (seen, upstream, updated ? updated : "");
      if (updated != NULL && g_strcmp0 (fd_json_get_string (old_seen, upstream), updated) == 0)
        continue;

      if (lookups < MAX_JOB_LOOKUPS)
        {
          g_autofree char *path = g_strdup_printf ("actions/runs/%s/jobs?per_page=100", upstream);
          g_autofree char *jobs_url = repo_url (fetch, path);

          lookups++;
          jobs = fd_http_client_get_json (fetch->client, jobs_url, NULL, NULL, fetch->cancellable,
                                          error);
          if (jobs == NULL)
            return FALSE;
        }

      fd_github_map_run (builder, config->uri, repo, environments, run,
                         jobs && JSON_NODE_HOLDS_OBJECT (jobs) ? json_node_get_object (jobs) : NULL);
    }

  /* Next time, ask only for runs created since the oldest one still going
   * (they may still change), or since the newest one. */
  {
    FdTime mark = open_from != FD_TIME_NONE ? open_from : newest;
    g_autofree char *text = mark != FD_TIME_NONE ? fd_time_format (mark) : g_strdup (created);

    json_object_set_string_member (fetch->next, "runs_since", text ? text : "");
    if (text != NULL && g_strcmp0 (text, created) != 0)
      etag = (g_free (etag), NULL);  /* another URL next time: its own ETag */
  }
  json_object_set_string_member (fetch->next, "runs_url", url);
  json_object_set_string_member (fetch->next, "runs_etag", etag ? etag : "");

  return TRUE;
}

static gboolean
fetch_deployments (Fetch                *fetch,
                   const FdSourceConfig *config,
                   FdSnapshotBuilder    *builder,
                   const char           *repo,
                   GError              **error)
{
  g_autoptr(GPtrArray) deployments = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *url = repo_url (fetch, "deployments?per_page=100");
  g_autofree char *etag = NULL;
  JsonObject *old_done = fd_json_get_object (fetch->old, "done");
  JsonObject *done = json_object_new ();
  gboolean first = fd_json_get_string (fetch->old, "deployments_etag") == NULL;
  gboolean not_modified = FALSE;

  json_object_set_object_member (fetch->next, "done", done);
  json_object_set_object_member (fetch->next, "commits", json_object_new ());

  /* Finished deployments never change again; keep knowing them. */
  if (old_done != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (old_done);
      guint kept = 0;

      for (GList *l = members; l != NULL && kept < MAX_KNOWN_IDS; l = l->next, kept++)
        json_object_set_boolean_member (done, l->data, TRUE);
    }

  if (!fd_source_get_pages (fetch->client, url, NULL,
                            fd_json_get_string (fetch->old, "deployments_etag"),
                            first ? MAX_PAGES : 1, deployments, &etag, &not_modified,
                            fetch->cancellable, error))
    return FALSE;

  json_object_set_string_member (fetch->next, "deployments_etag", etag ? etag : "");

  if (not_modified)
    {
      /* The list is the same, but open deployments may have new statuses. */
      JsonArray *open = fd_json_get_array (fetch->old, "open");

      for (guint i = 0; open != NULL && i < json_array_get_length (open); i++)
        {
          JsonNode *node = json_array_get_element (open, i);

          g_ptr_array_add (deployments, json_node_copy (node));
        }
    }

  {
    JsonArray *open = json_array_new ();

    json_object_set_array_member (fetch->next, "open", open);

    for (guint i = 0; i < deployments->len; i++)
      {
        JsonNode *node = g_ptr_array_index (deployments, i);
        JsonObject *deployment = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        g_autofree char *upstream = fd_json_dup_id (deployment, "id");
        g_autofree char *path = NULL;
        g_autofree char *statuses_url = NULL;
        g_autoptr(JsonNode) statuses = NULL;
        FdTime created_at = fd_json_get_time (deployment, "created_at");
        FdTime committed_at;
        JsonArray *list;
        JsonObject *newest;

        if (deployment == NULL || upstream == NULL || json_object_has_member (done, upstream))
          continue;
        if (config->since != FD_TIME_NONE && created_at != FD_TIME_NONE && created_at < config->since)
          continue;

        path = g_strdup_printf ("deployments/%s/statuses?per_page=100", upstream);
        statuses_url = repo_url (fetch, path);
        statuses = fd_http_client_get_json (fetch->client, statuses_url, NULL, NULL,
                                            fetch->cancellable, error);
        if (statuses == NULL)
          return FALSE;
        list = JSON_NODE_HOLDS_ARRAY (statuses) ? json_node_get_array (statuses) : NULL;
        if (list == NULL)
          {
            g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                                 "unexpected answer for deployment statuses: not a list");
            return FALSE;
          }

        committed_at = commit_time (fetch, fd_json_get_string (deployment, "sha"), error);
        if (error != NULL && *error != NULL)
          return FALSE;

        fd_github_map_deployment (builder, config->uri, repo, deployment, list, committed_at);

        newest = fd_json_array_get_object (list, 0);
        if (newest != NULL &&
            map_deployment_state (fd_json_get_string (newest, "state")) != FD_DEPLOY_IN_PROGRESS)
          json_object_set_boolean_member (done, upstream, TRUE);
        else
          json_array_add_element (open, json_node_copy (node));
      }
  }

  return TRUE;
}

static FdBatch *
fd_github_source_fetch_sync (FdLiveSource  *live,
                             FdHttpClient  *client,
                             GBytes        *cursor,
                             GCancellable  *cancellable,
                             GError       **error)
{
  const FdSourceConfig *config = fd_live_source_get_config (live);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdEnvironmentMap) environments = NULL;
  g_autoptr(JsonObject) old = fd_source_cursor_parse (cursor);
  g_autoptr(JsonObject) next = json_object_new ();
  g_autoptr(FdSnapshot) records = NULL;
  g_autoptr(GBytes) next_bytes = NULL;
  const char *slash = strchr (config->locator, '/');
  Fetch fetch = { client, cancellable, fd_source_config_get_base_url (config), config->locator,
                  old, next };

  environments = fd_environment_map_new (config->environment_map, error);
  if (environments == NULL)
    return NULL;

  if (!fetch_runs (&fetch, config, builder, slash + 1, environments, error))
    return NULL;
  if (!fetch_deployments (&fetch, config, builder, slash + 1, error))
    return NULL;

  records = fd_snapshot_builder_end (g_steal_pointer (&builder));
  next_bytes = fd_source_cursor_bytes (next);

  return fd_batch_new (config->uri, records, NULL, next_bytes);
}

static void
fd_github_source_setup_client (FdLiveSource *live,
                               FdHttpClient *client)
{
  fd_http_client_add_header (client, "Accept", "application/vnd.github+json");
  fd_http_client_add_header (client, "X-GitHub-Api-Version", "2022-11-28");
}

static void
fd_github_source_class_init (FdGithubSourceClass *klass)
{
  FdLiveSourceClass *live_class = FD_LIVE_SOURCE_CLASS (klass);

  live_class->auth = FD_HTTP_AUTH_BEARER;
  live_class->default_interval = 60;
  live_class->capabilities = FD_SOURCE_CAN_NOTHING;
  live_class->fetch_sync = fd_github_source_fetch_sync;
  live_class->setup_client = fd_github_source_setup_client;
}

static void
fd_github_source_init (FdGithubSource *self)
{
}

/**
 * fd_github_source_new:
 * @config: a github:OWNER/REPO config
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source
 */
FdSource *
fd_github_source_new (const FdSourceConfig *config,
                      GError              **error)
{
  const char *slash;

  g_return_val_if_fail (config != NULL, NULL);

  slash = strchr (config->locator, '/');
  if (slash == NULL || slash == config->locator || slash[1] == '\0' || strchr (slash + 1, '/') ||
      strpbrk (config->locator, " ?#%") != NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a repository: write github:OWNER/REPO", config->uri);
      return NULL;
    }

  if (!fd_http_check_url (fd_source_config_get_base_url (config), error))
    return NULL;

  return g_object_new (FD_TYPE_GITHUB_SOURCE, "config", config, NULL);
}
