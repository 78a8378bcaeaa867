/* fd-github-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-github-source"

#include "config.h"

#include "fd-github-source.h"
#include "fd-cicd-common.h"
#include "fd-json.h"
#include "fd-source-util.h"
#include "fd-time.h"

#include <math.h>
#include <string.h>

/*
 * How a poll works (the cursor is our own JSON object):
 *
 * - Runs: GET /repos/O/R/actions/runs?per_page=100[&created=>=MARK], every
 *   page through `link: rel="next"`. MARK is the creation time of the oldest
 *   run still going (queued, waiting, running) among those created within
 *   OPEN_WINDOW of the newest, else of the newest run: the runs that may
 *   still change are listed again until they finish. The first page's ETag
 *   is sent with If-None-Match next time, and a 304 ends the runs part of
 *   the poll with no further request. Each run's
 *   status, conclusion, attempt and updated_at are kept: an unchanged run is
 *   not sent again, and its jobs are not asked for. A changed run gets its
 *   jobs (/runs/{id}/jobs) as stages.
 * - Runs still going that fall out of the list (older than OPEN_WINDOW) are
 *   asked for one by one (/runs/{id}) until they finish, at most
 *   MAX_STRAGGLERS a poll, for MAX_OPEN_AGE.
 * - Deployments: GET /repos/O/R/deployments?per_page=100 (with its ETag; a
 *   304 ends the poll), newest first, and the next pages while they hold
 *   new or unfinished deployments, or one unfinished last time is still to
 *   be found. Then /deployments/{id}/statuses for each deployment that is
 *   new, still in progress, or changed (its updated_at), and /commits/{sha}
 *   once per sha for the commit time (kept in the cursor). Only what changed
 *   is sent.
 *
 * version: the deployment's ref when it is a tag (refs/tags/…, or a version
 * such as v1.2.3 or 2026.11.1 that is not the sha), else the first 12
 * characters of the sha.
 */

#define MAX_RUN_PAGES_FIRST    50     /* 5000 runs on the first poll */
#define MAX_RUN_PAGES          10
#define MAX_JOB_LOOKUPS        100    /* /jobs requests a poll; the newest runs first */
#define MAX_JOB_PAGES          5
#define MAX_STATUS_PAGES       3
#define MAX_DEPLOYMENT_PAGES   10
#define MAX_STRAGGLERS         20
#define MAX_OPEN               200
#define OPEN_WINDOW            (G_GINT64_CONSTANT (7) * 86400 * G_USEC_PER_SEC)
#define MAX_OPEN_AGE           (G_GINT64_CONSTANT (35) * 86400 * G_USEC_PER_SEC)

struct _FdGithubSource
{
  FdLiveSource parent_instance;
};

G_DEFINE_FINAL_TYPE (FdGithubSource, fd_github_source, FD_TYPE_LIVE_SOURCE)

/* ---- Mapping ---- */

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
      /* A completed run that needs someone's approval is still waiting. */
      if (g_strcmp0 (conclusion, "action_required") == 0)
        return FD_RUN_QUEUED;
      /* failure, timed_out, startup_failure, and anything newer. */
      return FD_RUN_FAILED;
    }

  /* queued, requested, waiting, pending, action_required, and anything newer. */
  return FD_RUN_QUEUED;
}

static FdDeployStatus
map_deployment_state (const char *state)
{
  if (g_strcmp0 (state, "success") == 0 || g_strcmp0 (state, "inactive") == 0)
    return FD_DEPLOY_SUCCESS;
  if (g_strcmp0 (state, "failure") == 0 || g_strcmp0 (state, "error") == 0)
    return FD_DEPLOY_FAILED;

  /* pending, queued, in_progress, and anything newer. */
  return FD_DEPLOY_IN_PROGRESS;
}

static FdTime
get_time (JsonObject *object,
          const char *member)
{
  FdTime t = fd_json_get_time (object, member);

  return fd_cicd_time_ok (t) ? t : FD_TIME_NONE;
}

/* The status and times of @run; FALSE when they make no valid record. */
static gboolean
run_times (JsonObject  *run,
           FdRunStatus *out_status,
           FdTime      *out_started_at,
           FdTime      *out_finished_at)
{
  FdRunStatus status = map_run_status (fd_json_get_string (run, "status"),
                                       fd_json_get_string (run, "conclusion"));
  FdTime started_at = get_time (run, "run_started_at");
  FdTime finished_at = FD_TIME_NONE;

  if (started_at == FD_TIME_NONE)
    started_at = get_time (run, "created_at");
  if (fd_cicd_run_is_finished (status))
    finished_at = get_time (run, "updated_at");

  *out_status = status;
  *out_started_at = started_at;
  *out_finished_at = finished_at;

  return fd_cicd_times_ok (started_at, finished_at, fd_cicd_run_is_finished (status));
}

gboolean
fd_github_map_run (FdSnapshotBuilder *builder,
                   const char        *uri,
                   const char        *repo,
                   FdEnvironmentMap  *environments,
                   JsonObject        *run,
                   JsonArray         *jobs)
{
  g_autofree char *upstream = fd_json_dup_id (run, "id");
  g_autofree char *id = NULL;
  g_autofree char *pipeline = NULL;
  g_autoptr(GArray) stages = NULL;
  const char *name = fd_json_get_string (run, "name");
  const char *branch = fd_json_get_string (run, "head_branch");
  FdPipelineRun record = { 0 };
  FdRunStatus status;

  g_return_val_if_fail (builder != NULL, FALSE);
  g_return_val_if_fail (uri != NULL && repo != NULL && environments != NULL, FALSE);

  if (upstream == NULL || !run_times (run, &status, &record.started_at, &record.finished_at))
    return FALSE;
  record.status = status;

  if (name == NULL || *name == '\0')
    name = fd_json_get_string (run, "display_title");
  if (name == NULL || *name == '\0')
    name = "workflow";

  stages = g_array_new (FALSE, TRUE, sizeof (FdStage));
  for (guint i = 0; jobs != NULL && i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = fd_json_array_get_object (jobs, i);
      const char *job_name = fd_json_get_string (job, "name");
      FdTime job_start = fd_json_get_time (job, "started_at");
      FdTime job_end = fd_json_get_time (job, "completed_at");
      FdStage stage = { 0 };

      if (job == NULL || job_name == NULL || *job_name == '\0' || stages->len >= G_MAXUINT16)
        continue;

      stage.name = fd_snapshot_builder_intern (builder, job_name);
      stage.status = map_run_status (fd_json_get_string (job, "status"),
                                     fd_json_get_string (job, "conclusion"));
      stage.duration_s = job_start != FD_TIME_NONE && job_end != FD_TIME_NONE &&
                         job_end >= job_start
                         ? (float) ((job_end - job_start) / (double) G_USEC_PER_SEC) : NAN;
      g_array_append_val (stages, stage);
    }

  id = fd_source_record_id (uri, "run", upstream);
  pipeline = g_strdup_printf ("%s/%s", repo, name);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.pipeline = fd_snapshot_builder_intern (builder, pipeline);
  record.service = fd_snapshot_builder_intern (builder, repo);
  record.environment = fd_snapshot_builder_intern (builder, fd_environment_map_lookup (environments,
                                                                                      branch));
  record.branch = fd_source_intern (builder, branch);
  record.commit = fd_source_intern (builder, fd_json_get_string (run, "head_sha"));
  record.trigger = fd_source_intern (builder, fd_json_get_string (run, "event"));

  fd_snapshot_builder_add_run (builder, &record, (const FdStage *) (gpointer) stages->data,
                               stages->len);
  return TRUE;
}

/* The newest status (the latest created_at; on a tie, or without times, the
 * first, as the API lists them newest first). */
static JsonObject *
newest_status (JsonArray *statuses)
{
  JsonObject *newest = NULL;
  FdTime newest_at = FD_TIME_NONE;

  for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
    {
      JsonObject *status = fd_json_array_get_object (statuses, i);
      FdTime at = fd_json_get_time (status, "created_at");

      if (status == NULL)
        continue;
      if (newest == NULL || (at != FD_TIME_NONE && (newest_at == FD_TIME_NONE || at > newest_at)))
        {
          newest = status;
          newest_at = at;
        }
    }

  return newest;
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
  JsonObject *newest = newest_status (statuses);
  FdDeployment record = { 0 };

  g_return_val_if_fail (builder != NULL, FALSE);
  g_return_val_if_fail (uri != NULL && repo != NULL, FALSE);

  if (upstream == NULL)
    return FALSE;

  /* No status yet means in progress; finished_at is when the newest
   * (terminal) status was made. */
  record.status = newest ? map_deployment_state (fd_json_get_string (newest, "state"))
                         : FD_DEPLOY_IN_PROGRESS;
  record.started_at = get_time (deployment, "created_at");
  record.finished_at = record.status != FD_DEPLOY_IN_PROGRESS ? get_time (newest, "created_at")
                                                              : FD_TIME_NONE;
  if (!fd_cicd_times_ok (record.started_at, record.finished_at,
                         record.status != FD_DEPLOY_IN_PROGRESS))
    return FALSE;

  version = fd_cicd_version (ref, sha, fd_cicd_ref_is_tag (ref, sha), upstream);
  id = fd_source_record_id (uri, "deployment", upstream);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.service = fd_snapshot_builder_intern (builder, repo);
  record.environment = fd_snapshot_builder_intern (builder, environment && *environment
                                                            ? environment : "production");
  record.version = fd_snapshot_builder_intern (builder, version);
  record.commit = fd_source_intern (builder, sha);
  record.committed_at = fd_cicd_time_ok (committed_at) ? committed_at : FD_TIME_NONE;
  fd_snapshot_builder_add_deployment (builder, &record);

  return TRUE;
}

guint
fd_github_parse_runs (JsonNode          *root,
                      FdSnapshotBuilder *builder,
                      const char        *uri,
                      const char        *repo,
                      FdEnvironmentMap  *environments,
                      guint             *n_skipped,
                      GError           **error)
{
  JsonArray *runs = NULL;
  guint n = 0, skipped = 0;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    runs = fd_json_get_array (json_node_get_object (root), "workflow_runs");
  if (runs == NULL)
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "workflow runs: unexpected answer: no “workflow_runs” list in it");
      return 0;
    }

  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *run = fd_json_array_get_object (runs, i);
      JsonArray *jobs = fd_json_get_array (fd_json_get_object (run, "jobs"), "jobs");

      if (run != NULL && fd_github_map_run (builder, uri, repo, environments, run, jobs))
        n++;
      else
        skipped++;
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return n;
}

guint
fd_github_parse_deployments (JsonNode          *root,
                             FdSnapshotBuilder *builder,
                             const char        *uri,
                             const char        *repo,
                             guint             *n_skipped,
                             GError           **error)
{
  JsonArray *deployments;
  guint n = 0, skipped = 0;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "deployments: unexpected answer: not a list");
      return 0;
    }

  deployments = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (deployments); i++)
    {
      JsonObject *deployment = fd_json_array_get_object (deployments, i);

      if (deployment != NULL &&
          fd_github_map_deployment (builder, uri, repo, deployment,
                                    fd_json_get_array (deployment, "statuses"),
                                    fd_json_get_time (deployment, "committed_at")))
        n++;
      else
        skipped++;
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return n;
}

/* ---- Fetching ---- */

typedef struct
{
  const FdSourceConfig *config;
  FdHttpClient         *client;
  GCancellable         *cancellable;
  const char           *base;
  const char           *repo_path;     /* "owner/repo" */
  const char           *repo;          /* "repo": the service */
  FdEnvironmentMap     *environments;
  FdSnapshotBuilder    *builder;
  JsonObject           *old;           /* the previous cursor (empty on the first poll) */
  JsonObject           *next;          /* the cursor this poll makes */
  guint                 n_skipped;
  guint                 n_job_lookups;
} Fetch;

static char *
repo_url (Fetch      *fetch,
          const char *path)
{
  g_autofree char *rel = g_strdup_printf ("repos/%s/%s", fetch->repo_path, path);

  return fd_http_join_url (fetch->base, rel);
}

static void
copy_member (JsonObject *from,
             JsonObject *to,
             const char *member)
{
  JsonNode *node = from ? json_object_get_member (from, member) : NULL;

  if (node != NULL)
    json_object_set_member (to, member, json_node_copy (node));
}

/* What makes a run different from the last time we saw it. */
static char *
run_signature (JsonObject *run)
{
  const char *status = fd_json_get_string (run, "status");
  const char *conclusion = fd_json_get_string (run, "conclusion");
  const char *updated = fd_json_get_string (run, "updated_at");
  gint64 attempt = 0;

  fd_json_get_int (run, "run_attempt", &attempt);

  return g_strdup_printf ("%s|%s|%s|%" G_GINT64_FORMAT, status ? status : "",
                          conclusion ? conclusion : "", updated ? updated : "", attempt);
}

/* Maps @run, with its jobs when the poll may still ask for them. */
static gboolean
emit_run (Fetch       *fetch,
          const char  *upstream,
          JsonObject  *run,
          GError     **error)
{
  g_autoptr(JsonArray) jobs = NULL;
  FdRunStatus status;
  FdTime started_at, finished_at;

  /* No request for the jobs of a run that makes no record. */
  if (!run_times (run, &status, &started_at, &finished_at))
    {
      fetch->n_skipped++;
      return TRUE;
    }

  if (fetch->n_job_lookups < MAX_JOB_LOOKUPS)
    {
      g_autoptr(GPtrArray) items = fd_cicd_node_array_new ();
      g_autofree char *path = g_strdup_printf ("actions/runs/%s/jobs?per_page=100", upstream);
      g_autofree char *url = repo_url (fetch, path);

      fetch->n_job_lookups++;
      if (!fd_cicd_get_pages (fetch->client, url, "jobs", "workflow jobs", NULL, MAX_JOB_PAGES,
                              items, NULL, NULL, fetch->cancellable, error))
        return FALSE;
      jobs = fd_cicd_array_from_nodes (items);
    }

  if (!fd_github_map_run (fetch->builder, fetch->config->uri, fetch->repo, fetch->environments,
                          run, jobs))
    fetch->n_skipped++;

  return TRUE;
}

static char *
runs_list_url (Fetch      *fetch,
               const char *since)
{
  g_autofree char *plain = repo_url (fetch, "actions/runs?per_page=100");
  g_autofree char *filter = NULL;
  g_autofree char *escaped = NULL;

  if (since == NULL)
    return g_steal_pointer (&plain);

  filter = g_strdup_printf (">=%s", since);
  escaped = fd_source_escape (filter);
  return g_strdup_printf ("%s&created=%s", plain, escaped);
}

static JsonObject *
open_entry_new (const char *created,
                const char *signature)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "created", created ? created : "");
  json_object_set_string_member (entry, "sig", signature);
  return entry;
}

/* The runs still going that the list no longer shows, one by one. */
static gboolean
fetch_stragglers (Fetch       *fetch,
                  JsonObject  *open_old,
                  JsonObject  *open,
                  GHashTable  *listed,
                  FdTime       newest,
                  GError     **error)
{
  g_autoptr(GList) ids = open_old ? json_object_get_members (open_old) : NULL;
  guint lookups = 0;

  for (GList *l = ids; l != NULL; l = l->next)
    {
      const char *upstream = l->data;
      JsonObject *entry = fd_json_get_object (open_old, upstream);
      FdTime created = fd_json_get_time (entry, "created");
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) run = NULL;
      g_autofree char *path = NULL;
      g_autofree char *url = NULL;
      g_autofree char *signature = NULL;
      FdRunStatus status;

      if (entry == NULL || g_hash_table_contains (listed, upstream))
        continue;
      /* Given up on: no run waits this long. */
      if (created == FD_TIME_NONE || (newest != FD_TIME_NONE && created < newest - MAX_OPEN_AGE))
        continue;
      if (lookups >= MAX_STRAGGLERS || json_object_get_size (open) >= MAX_OPEN)
        {
          if (json_object_get_size (open) < MAX_OPEN)
            json_object_set_object_member (open, upstream, json_object_ref (entry));
          continue;
        }

      lookups++;
      path = g_strdup_printf ("actions/runs/%s", upstream);
      url = repo_url (fetch, path);
      run = fd_cicd_get_object (fetch->client, url, "workflow run", fetch->cancellable,
                                &local_error);
      if (run == NULL)
        {
          /* Deleted upstream: nothing more to follow. */
          if (g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      signature = run_signature (run);
      status = map_run_status (fd_json_get_string (run, "status"),
                               fd_json_get_string (run, "conclusion"));
      if (!fd_cicd_run_is_finished (status))
        json_object_set_object_member (open, upstream,
                                       open_entry_new (fd_json_get_string (entry, "created"),
                                                       signature));
      if (g_strcmp0 (signature, fd_json_get_string (entry, "sig")) != 0 &&
          !emit_run (fetch, upstream, run, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
fetch_runs (Fetch   *fetch,
            GError **error)
{
  const FdSourceConfig *config = fetch->config;
  g_autoptr(GPtrArray) runs = fd_cicd_node_array_new ();
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *config_since = config->since != FD_TIME_NONE ? fd_time_format (config->since)
                                                                : NULL;
  const char *old_since = fd_cicd_cursor_string (fetch->old, "runs_since");
  g_autofree char *since = fd_cicd_later_time (old_since, config_since);
  g_autofree char *url = runs_list_url (fetch, since);
  g_autofree char *etag = NULL;
  g_autofree char *mark_text = NULL;
  JsonObject *seen_old = fd_json_get_object (fetch->old, "runs");
  JsonObject *open_old = fd_json_get_object (fetch->old, "open");
  JsonObject *seen;
  JsonObject *open;
  gboolean first = seen_old == NULL;
  gboolean not_modified = FALSE;
  FdTime newest = fd_json_get_time (fetch->old, "runs_newest");
  FdTime open_from = FD_TIME_NONE;
  FdTime listed_newest = FD_TIME_NONE;

  /* The last ETag goes with the next request even when the created filter
   * moved on: ETags are digests of the body, so a match still means nothing
   * new (the filter only ever narrows the list). */
  if (!fd_cicd_get_pages (fetch->client, url, "workflow_runs", "workflow runs",
                          fd_cicd_cursor_string (fetch->old, "runs_etag"),
                          first ? MAX_RUN_PAGES_FIRST : MAX_RUN_PAGES, runs, &etag,
                          &not_modified, fetch->cancellable, error))
    return FALSE;

  if (not_modified)
    {
      /* Nothing changed upstream: the cursor stays as it was. */
      const char *members[] = { "runs", "open", "runs_since", "runs_etag", "runs_newest" };

      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        copy_member (fetch->old, fetch->next, members[i]);
      return TRUE;
    }

  seen = json_object_new ();
  open = json_object_new ();
  json_object_set_object_member (fetch->next, "runs", seen);
  json_object_set_object_member (fetch->next, "open", open);

  /* First the newest created time, so that the open runs' window is known. */
  for (guint i = 0; i < runs->len; i++)
    {
      JsonNode *node = g_ptr_array_index (runs, i);
      FdTime created = JSON_NODE_HOLDS_OBJECT (node)
                       ? fd_json_get_time (json_node_get_object (node), "created_at")
                       : FD_TIME_NONE;

      if (created != FD_TIME_NONE)
        listed_newest = listed_newest == FD_TIME_NONE ? created : MAX (listed_newest, created);
    }
  if (listed_newest != FD_TIME_NONE)
    newest = newest == FD_TIME_NONE ? listed_newest : MAX (newest, listed_newest);

  for (guint i = 0; i < runs->len; i++)
    {
      JsonNode *node = g_ptr_array_index (runs, i);
      JsonObject *run = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *upstream = fd_json_dup_id (run, "id");
      g_autofree char *signature = NULL;
      const char *old_signature;
      FdTime created = fd_json_get_time (run, "created_at");
      FdRunStatus status;

      if (upstream == NULL)
        {
          fetch->n_skipped++;
          continue;
        }
      if (config->since != FD_TIME_NONE && created != FD_TIME_NONE && created < config->since)
        continue;

      signature = run_signature (run);
      json_object_set_string_member (seen, upstream, signature);
      g_hash_table_add (listed, g_strdup (upstream));

      status = map_run_status (fd_json_get_string (run, "status"),
                               fd_json_get_string (run, "conclusion"));
      if (!fd_cicd_run_is_finished (status) && created != FD_TIME_NONE &&
          json_object_get_size (open) < MAX_OPEN)
        {
          json_object_set_object_member (open, upstream,
                                         open_entry_new (fd_json_get_string (run, "created_at"),
                                                         signature));
          if (created >= listed_newest - OPEN_WINDOW)
            open_from = open_from == FD_TIME_NONE ? created : MIN (open_from, created);
        }

      old_signature = fd_json_get_string (seen_old, upstream);
      if (old_signature == NULL)
        old_signature = fd_json_get_string (fd_json_get_object (open_old, upstream), "sig");
      if (g_strcmp0 (old_signature, signature) == 0)
        continue;

      if (!emit_run (fetch, upstream, run, error))
        return FALSE;
    }

  if (!fetch_stragglers (fetch, open_old, open, listed, newest, error))
    return FALSE;

  /* Next time, the runs created since the oldest one still going (they may
   * change), or since the newest one; the same URL carries its ETag. */
  if (open_from != FD_TIME_NONE)
    mark_text = fd_time_format (open_from);
  else if (listed_newest != FD_TIME_NONE)
    mark_text = fd_time_format (listed_newest);
  else
    mark_text = g_strdup (since);

  if (mark_text != NULL)
    json_object_set_string_member (fetch->next, "runs_since", mark_text);
  if (newest != FD_TIME_NONE)
    {
      g_autofree char *newest_text = fd_time_format (newest);

      json_object_set_string_member (fetch->next, "runs_newest", newest_text);
    }
  if (etag != NULL)
    json_object_set_string_member (fetch->next, "runs_etag", etag);

  return TRUE;
}

/* The commit time of @sha, asked once per sha and kept in the cursor. */
static gboolean
commit_time (Fetch       *fetch,
             const char  *sha,
             FdTime      *out,
             GError     **error)
{
  JsonObject *old_commits = fd_json_get_object (fetch->old, "commits");
  JsonObject *commits = fd_json_get_object (fetch->next, "commits");
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *known;
  const char *date;

  *out = FD_TIME_NONE;
  if (sha == NULL || *sha == '\0')
    return TRUE;

  known = fd_json_get_string (commits, sha);
  if (known == NULL)
    {
      known = fd_json_get_string (old_commits, sha);
      if (known != NULL)
        json_object_set_string_member (commits, sha, known);
    }
  if (known != NULL)
    {
      if (!fd_time_parse (known, strlen (known), out))
        *out = FD_TIME_NONE;
      return TRUE;
    }

  path = g_strdup_printf ("commits/%s", sha);
  url = repo_url (fetch, path);
  root = fd_cicd_get_object (fetch->client, url, "commit", fetch->cancellable, &local_error);
  if (root == NULL)
    {
      /* A commit gone upstream (force-pushed away, 404 or 422) only costs the lead time. */
      if (g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  date = fd_json_get_string (fd_json_get_object (fd_json_get_object (root, "commit"), "committer"),
                             "date");
  if (date != NULL && fd_time_parse (date, strlen (date), out))
    json_object_set_string_member (commits, sha, date);
  else
    *out = FD_TIME_NONE;

  return TRUE;
}

/* Whether a page of deployments holds one we must look at: new, or not
 * finished when we last saw it. *n_open_left counts down the unfinished
 * ones of the last poll still to be found. */
static gboolean
page_has_news (JsonArray  *page,
               JsonObject *known_old,
               guint      *n_open_left)
{
  gboolean news = FALSE;

  for (guint i = 0; i < json_array_get_length (page); i++)
    {
      JsonObject *deployment = fd_json_array_get_object (page, i);
      g_autofree char *upstream = fd_json_dup_id (deployment, "id");
      JsonObject *entry = upstream ? fd_json_get_object (known_old, upstream) : NULL;

      if (entry == NULL)
        news = TRUE;
      else if (!json_object_get_boolean_member_with_default (entry, "done", FALSE))
        {
          news = TRUE;
          if (*n_open_left > 0)
            (*n_open_left)--;
        }
    }

  return news;
}

static guint
count_open (JsonObject *known_old)
{
  g_autoptr(GList) ids = known_old ? json_object_get_members (known_old) : NULL;
  guint n = 0;

  for (GList *l = ids; l != NULL; l = l->next)
    if (!json_object_get_boolean_member_with_default (fd_json_get_object (known_old, l->data),
                                                      "done", FALSE))
      n++;

  return n;
}

/* The deployments list, newest first, page by page (link rel="next"). On
 * the first poll, a few pages (more with --since); later, pages for as
 * long as they hold new or unfinished deployments. A 304 on the first page
 * ends it. */
static gboolean
list_deployments (Fetch       *fetch,
                  const char  *url,
                  JsonObject  *known_old,
                  GPtrArray   *out,
                  char       **out_etag,
                  gboolean    *out_not_modified,
                  GError     **error)
{
  const FdSourceConfig *config = fetch->config;
  g_autofree char *current = g_strdup (url);
  guint max_pages = known_old == NULL && config->since == FD_TIME_NONE ? 3 : MAX_DEPLOYMENT_PAGES;
  guint n_open_left = count_open (known_old);

  for (guint page = 0; current != NULL && page < max_pages; page++)
    {
      g_autoptr(FdHttpResponse) response = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonArray *array;
      char *next;

      root = fd_http_client_get_json (fetch->client, current,
                                      page == 0 && known_old != NULL
                                      ? fd_cicd_cursor_string (fetch->old, "deployments_etag")
                                      : NULL,
                                      &response, fetch->cancellable, error);
      if (response == NULL)
        return FALSE;

      if (page == 0)
        *out_etag = g_strdup (fd_http_response_get_etag (response));
      if (fd_http_response_not_modified (response))
        {
          *out_not_modified = TRUE;
          return TRUE;
        }

      if (!JSON_NODE_HOLDS_ARRAY (root))
        {
          g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                               "deployments: unexpected answer: not a list");
          return FALSE;
        }
      array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (out, json_node_ref (json_array_get_element (array, i)));

      if (json_array_get_length (array) == 0 ||
          (known_old != NULL && !page_has_news (array, known_old, &n_open_left) &&
           n_open_left == 0))
        break;
      next = fd_http_response_get_next_link (response);
      if (g_strcmp0 (next, current) == 0)
        g_clear_pointer (&next, g_free);
      g_free (current);
      current = next;
    }

  return TRUE;
}

static gboolean
fetch_deployments (Fetch   *fetch,
                   GError **error)
{
  const FdSourceConfig *config = fetch->config;
  g_autoptr(GPtrArray) deployments = fd_cicd_node_array_new ();
  g_autofree char *url = repo_url (fetch, "deployments?per_page=100");
  g_autofree char *etag = NULL;
  JsonObject *known_old = fd_json_get_object (fetch->old, "deployments");
  JsonObject *known;
  gboolean not_modified = FALSE;

  if (!list_deployments (fetch, url, known_old, deployments, &etag, &not_modified, error))
    return FALSE;

  if (not_modified)
    {
      copy_member (fetch->old, fetch->next, "deployments");
      copy_member (fetch->old, fetch->next, "deployments_etag");
      copy_member (fetch->old, fetch->next, "commits");
      return TRUE;
    }

  known = json_object_new ();
  json_object_set_object_member (fetch->next, "deployments", known);
  json_object_set_object_member (fetch->next, "commits", json_object_new ());
  if (etag != NULL)
    json_object_set_string_member (fetch->next, "deployments_etag", etag);

  for (guint i = 0; i < deployments->len; i++)
    {
      JsonNode *node = g_ptr_array_index (deployments, i);
      JsonObject *deployment = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *upstream = fd_json_dup_id (deployment, "id");
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(JsonArray) statuses = NULL;
      g_autofree char *path = NULL;
      g_autofree char *statuses_url = NULL;
      g_autofree char *state = NULL;
      const char *updated = fd_json_get_string (deployment, "updated_at");
      JsonObject *old_entry;
      JsonObject *entry;
      JsonObject *newest;
      FdTime created = fd_json_get_time (deployment, "created_at");
      FdTime committed_at;
      gboolean done;

      if (upstream == NULL)
        {
          fetch->n_skipped++;
          continue;
        }
      if (config->since != FD_TIME_NONE && created != FD_TIME_NONE && created < config->since)
        continue;

      /* A finished deployment whose updated_at is the same has the same statuses. */
      old_entry = fd_json_get_object (known_old, upstream);
      if (old_entry != NULL &&
          json_object_get_boolean_member_with_default (old_entry, "done", FALSE) &&
          g_strcmp0 (fd_json_get_string (old_entry, "u"), updated ? updated : "") == 0)
        {
          json_object_set_object_member (known, upstream, json_object_ref (old_entry));
          continue;
        }

      path = g_strdup_printf ("deployments/%s/statuses?per_page=100", upstream);
      statuses_url = repo_url (fetch, path);
      items = fd_cicd_node_array_new ();
      if (!fd_cicd_get_pages (fetch->client, statuses_url, NULL, "deployment statuses", NULL,
                              MAX_STATUS_PAGES, items, NULL, NULL, fetch->cancellable, error))
        return FALSE;
      statuses = fd_cicd_array_from_nodes (items);

      newest = newest_status (statuses);
      if (newest != NULL)
        {
          g_autofree char *status_id = fd_json_dup_id (newest, "id");
          const char *status_state = fd_json_get_string (newest, "state");
          const char *status_at = fd_json_get_string (newest, "created_at");

          state = g_strdup_printf ("%s:%s:%s", status_id ? status_id : "",
                                   status_state ? status_state : "", status_at ? status_at : "");
        }
      else
        state = g_strdup ("");
      done = newest != NULL &&
             map_deployment_state (fd_json_get_string (newest, "state")) != FD_DEPLOY_IN_PROGRESS;

      entry = json_object_new ();
      json_object_set_string_member (entry, "u", updated ? updated : "");
      json_object_set_string_member (entry, "s", state);
      json_object_set_boolean_member (entry, "done", done);
      json_object_set_object_member (known, upstream, entry);

      if (old_entry != NULL &&
          g_strcmp0 (fd_json_get_string (old_entry, "u"), updated ? updated : "") == 0 &&
          g_strcmp0 (fd_json_get_string (old_entry, "s"), state) == 0)
        continue;

      if (!commit_time (fetch, fd_json_get_string (deployment, "sha"), &committed_at, error))
        return FALSE;

      if (!fd_github_map_deployment (fetch->builder, config->uri, fetch->repo, deployment, statuses,
                                     committed_at))
        fetch->n_skipped++;
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
  Fetch fetch = { 0 };

  environments = fd_environment_map_new (config->environment_map, error);
  if (environments == NULL)
    return NULL;

  fetch.config = config;
  fetch.client = client;
  fetch.cancellable = cancellable;
  fetch.base = fd_source_config_get_base_url (config);
  fetch.repo_path = config->locator;
  fetch.repo = slash + 1;
  fetch.environments = environments;
  fetch.builder = builder;
  fetch.old = old;
  fetch.next = next;

  /* All or nothing: any failure drops what was built, and the caller keeps
   * its data and cursor. */
  if (!fetch_runs (&fetch, error) || !fetch_deployments (&fetch, error))
    return NULL;

  fd_cicd_set_skipped_note (live, fetch.n_skipped);
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

static gboolean
is_name (const char *start,
         gsize       len,
         const char *extra)
{
  if (len == 0 || (len == 1 && start[0] == '.') || (len == 2 && strncmp (start, "..", 2) == 0))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (start[i]) && strchr (extra, start[i]) == NULL)
      return FALSE;

  return TRUE;
}

/**
 * fd_github_source_new:
 * @config: a github:OWNER/REPO config
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with
 *   FD_SOURCE_ERROR_INVALID_ARGUMENT when the locator is no repository
 */
FdSource *
fd_github_source_new (const FdSourceConfig *config,
                      GError              **error)
{
  const char *slash;

  g_return_val_if_fail (config != NULL, NULL);

  /* Owners are letters, digits, dashes (and underscores for managed users);
   * repositories may have dots too. */
  slash = strchr (config->locator, '/');
  if (slash == NULL || !is_name (config->locator, slash - config->locator, "-_") ||
      !is_name (slash + 1, strlen (slash + 1), "-._"))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a repository: write github:OWNER/REPO", config->uri);
      return NULL;
    }

  if (!fd_http_check_url (fd_source_config_get_base_url (config), error))
    return NULL;

  return g_object_new (FD_TYPE_GITHUB_SOURCE, "config", config, NULL);
}
