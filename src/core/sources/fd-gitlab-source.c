/* fd-gitlab-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-gitlab-source"

#include "config.h"

#include "fd-gitlab-source.h"
#include "fd-cicd-common.h"
#include "fd-json.h"
#include "fd-source-util.h"
#include "fd-time.h"

#include <math.h>
#include <string.h>

/*
 * How a poll works (the cursor is our own JSON object):
 *
 * - The service is the project's short name: the last part of its path, or,
 *   for a numeric id, the "path" of /projects/ID, asked once and kept.
 * - Pipelines: GET /projects/P/pipelines?per_page=100&order_by=updated_at&
 *   sort=desc[&updated_after=MARK], every page (link rel="next", or
 *   x-next-page). MARK is the newest updated_at seen (the high-water mark),
 *   so a pipeline that changes is listed again. The first page's ETag is sent
 *   with If-None-Match next time; a 304 ends that part of the poll with no
 *   further request. A pipeline whose status and updated_at are unchanged is
 *   not sent again; a changed one gets /pipelines/{id} (its times) and
 *   /pipelines/{id}/jobs (its stages, named by the job's name).
 * - Pipelines still progressing (pending, running, …) are asked for again
 *   (detail and jobs) until they finish, so their stages stay current, at
 *   most MAX_REFRESH a poll.
 * - Deployments: GET /projects/P/deployments the same way (updated_after,
 *   ETag); only changed ones are sent.
 *
 * version: the ref when the deployment ran for a tag (its job's "tag", or a
 * ref such as v1.2.3), else the first 12 characters of the sha. A deployment
 * "skipped" upstream maps to failed, like "canceled"; a pipeline "canceling"
 * is still running.
 */

#define MAX_PAGES_FIRST   50
#define MAX_PAGES         10
#define MAX_JOB_PAGES     10
#define MAX_DETAILS       100     /* detail + jobs lookups a poll, newest first */
#define MAX_REFRESH       20
#define MAX_OPEN          200
#define OPEN_WINDOW       (G_GINT64_CONSTANT (2) * 86400 * G_USEC_PER_SEC)

struct _FdGitlabSource
{
  FdLiveSource parent_instance;

  char *project_path;     /* URL-encoded, e.g. group%2Fproject or 42 */
};

G_DEFINE_FINAL_TYPE (FdGitlabSource, fd_gitlab_source, FD_TYPE_LIVE_SOURCE)

/* ---- Mapping ---- */

static FdRunStatus
map_status (const char *status)
{
  if (g_strcmp0 (status, "running") == 0 || g_strcmp0 (status, "canceling") == 0)
    return FD_RUN_RUNNING;
  if (g_strcmp0 (status, "success") == 0)
    return FD_RUN_SUCCESS;
  if (g_strcmp0 (status, "failed") == 0)
    return FD_RUN_FAILED;
  if (g_strcmp0 (status, "canceled") == 0 || g_strcmp0 (status, "skipped") == 0)
    return FD_RUN_CANCELLED;

  /* created, waiting_for_resource, preparing, pending, scheduled, manual,
   * waiting_for_callback, and anything newer. */
  return FD_RUN_QUEUED;
}

/* Moving on its own: worth asking again until it finishes. */
static gboolean
is_progressing (const char *status)
{
  const char *progressing[] = { "running", "pending", "preparing", "waiting_for_resource",
                                "canceling", "created" };

  for (guint i = 0; i < G_N_ELEMENTS (progressing); i++)
    if (g_strcmp0 (status, progressing[i]) == 0)
      return TRUE;

  return FALSE;
}

static FdDeployStatus
map_deployment_status (const char *status)
{
  if (g_strcmp0 (status, "success") == 0)
    return FD_DEPLOY_SUCCESS;
  if (g_strcmp0 (status, "failed") == 0 || g_strcmp0 (status, "canceled") == 0 ||
      g_strcmp0 (status, "skipped") == 0)
    return FD_DEPLOY_FAILED;

  /* created, running, blocked, and anything newer. */
  return FD_DEPLOY_IN_PROGRESS;
}

static FdTime
get_time (JsonObject *object,
          const char *member)
{
  FdTime t = fd_json_get_time (object, member);

  return fd_cicd_time_ok (t) ? t : FD_TIME_NONE;
}

/* The detail's member, else the list item's: a detail may be partial. */
static const char *
either_string (JsonObject *detail,
               JsonObject *item,
               const char *member)
{
  const char *value = fd_json_get_string (detail, member);

  return value != NULL ? value : fd_json_get_string (item, member);
}

static FdTime
either_time (JsonObject *detail,
             JsonObject *item,
             const char *member)
{
  FdTime value = get_time (detail, member);

  return value != FD_TIME_NONE ? value : get_time (item, member);
}

gboolean
fd_gitlab_map_pipeline (FdSnapshotBuilder *builder,
                        const char        *uri,
                        const char        *project,
                        FdEnvironmentMap  *environments,
                        JsonObject        *pipeline,
                        JsonObject        *detail,
                        JsonArray         *jobs)
{
  g_autofree char *upstream = fd_json_dup_id (pipeline, "id");
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GArray) stages = NULL;
  const char *ref = either_string (detail, pipeline, "ref");
  const char *title = either_string (detail, pipeline, "name");
  FdPipelineRun record = { 0 };
  gboolean finished;

  g_return_val_if_fail (builder != NULL, FALSE);
  g_return_val_if_fail (uri != NULL && project != NULL && environments != NULL, FALSE);

  if (upstream == NULL)
    return FALSE;

  record.status = map_status (either_string (detail, pipeline, "status"));
  finished = fd_cicd_run_is_finished (record.status);
  record.started_at = get_time (detail, "started_at");
  if (record.started_at == FD_TIME_NONE)
    record.started_at = either_time (detail, pipeline, "created_at");
  record.finished_at = FD_TIME_NONE;
  if (finished)
    {
      record.finished_at = get_time (detail, "finished_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = either_time (detail, pipeline, "updated_at");
    }
  if (!fd_cicd_times_ok (record.started_at, record.finished_at, finished))
    return FALSE;

  stages = g_array_new (FALSE, TRUE, sizeof (FdStage));
  for (guint i = 0; jobs != NULL && i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = fd_json_array_get_object (jobs, i);
      const char *job_name = fd_json_get_string (job, "name");
      FdStage stage = { 0 };
      double duration;

      if (job == NULL || job_name == NULL || *job_name == '\0' || stages->len >= G_MAXUINT16)
        continue;

      stage.name = fd_snapshot_builder_intern (builder, job_name);
      stage.status = map_status (fd_json_get_string (job, "status"));
      stage.duration_s = fd_json_get_double (job, "duration", &duration) && duration >= 0 &&
                         duration < G_MAXFLOAT ? (float) duration : NAN;
      g_array_append_val (stages, stage);
    }

  id = fd_source_record_id (uri, "pipeline", upstream);
  /* GitLab pipelines have a name only when the CI file gives one. */
  name = g_strdup_printf ("%s/%s", project, title && *title ? title : "pipeline");
  record.id = fd_snapshot_builder_intern (builder, id);
  record.pipeline = fd_snapshot_builder_intern (builder, name);
  record.service = fd_snapshot_builder_intern (builder, project);
  record.environment = fd_snapshot_builder_intern (builder,
                                                   fd_environment_map_lookup (environments, ref));
  record.branch = fd_source_intern (builder, ref);
  record.commit = fd_source_intern (builder, either_string (detail, pipeline, "sha"));
  record.trigger = fd_source_intern (builder, either_string (detail, pipeline, "source"));

  fd_snapshot_builder_add_run (builder, &record, (const FdStage *) (gpointer) stages->data,
                               stages->len);
  return TRUE;
}

gboolean
fd_gitlab_map_deployment (FdSnapshotBuilder *builder,
                          const char        *uri,
                          const char        *project,
                          JsonObject        *deployment)
{
  g_autofree char *upstream = fd_json_dup_id (deployment, "id");
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;
  JsonObject *deployable = fd_json_get_object (deployment, "deployable");
  JsonObject *environment = fd_json_get_object (deployment, "environment");
  JsonObject *commit = fd_json_get_object (deployable, "commit");
  const char *sha = fd_json_get_string (deployment, "sha");
  const char *ref = fd_json_get_string (deployment, "ref");
  const char *env_name = fd_json_get_string (environment, "name");
  FdDeployment record = { 0 };
  gboolean tag = FALSE;
  gboolean finished;

  g_return_val_if_fail (builder != NULL, FALSE);
  g_return_val_if_fail (uri != NULL && project != NULL, FALSE);

  if (upstream == NULL)
    return FALSE;

  record.status = map_deployment_status (fd_json_get_string (deployment, "status"));
  finished = record.status != FD_DEPLOY_IN_PROGRESS;
  record.started_at = get_time (deployment, "created_at");
  record.finished_at = FD_TIME_NONE;
  if (finished)
    {
      record.finished_at = get_time (deployable, "finished_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = get_time (deployment, "updated_at");
    }
  if (!fd_cicd_times_ok (record.started_at, record.finished_at, finished))
    return FALSE;

  record.committed_at = get_time (commit, "committed_date");
  if (record.committed_at == FD_TIME_NONE)
    record.committed_at = get_time (commit, "created_at");

  /* The deploying job says whether it ran for a tag; without it, guess from the ref. */
  if (!fd_json_get_bool (deployable, "tag", &tag))
    tag = fd_cicd_ref_is_tag (ref, sha);
  version = fd_cicd_version (ref, sha, tag, upstream);

  id = fd_source_record_id (uri, "deployment", upstream);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.service = fd_snapshot_builder_intern (builder, project);
  record.environment = fd_snapshot_builder_intern (builder, env_name && *env_name
                                                            ? env_name : "production");
  record.version = fd_snapshot_builder_intern (builder, version);
  record.commit = fd_source_intern (builder, sha);
  fd_snapshot_builder_add_deployment (builder, &record);

  return TRUE;
}

guint
fd_gitlab_parse_pipelines (JsonNode          *root,
                           FdSnapshotBuilder *builder,
                           const char        *uri,
                           const char        *project,
                           FdEnvironmentMap  *environments,
                           guint             *n_skipped,
                           GError           **error)
{
  JsonArray *pipelines;
  guint n = 0, skipped = 0;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "pipelines: unexpected answer: not a list");
      return 0;
    }

  pipelines = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (pipelines); i++)
    {
      JsonObject *pipeline = fd_json_array_get_object (pipelines, i);

      if (pipeline != NULL &&
          fd_gitlab_map_pipeline (builder, uri, project, environments, pipeline,
                                  fd_json_get_object (pipeline, "detail"),
                                  fd_json_get_array (pipeline, "jobs")))
        n++;
      else
        skipped++;
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return n;
}

guint
fd_gitlab_parse_deployments (JsonNode          *root,
                             FdSnapshotBuilder *builder,
                             const char        *uri,
                             const char        *project,
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

      if (deployment != NULL && fd_gitlab_map_deployment (builder, uri, project, deployment))
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
  const char           *project_path;   /* URL-encoded */
  char                 *project;        /* the service */
  FdEnvironmentMap     *environments;
  FdSnapshotBuilder    *builder;
  JsonObject           *old;
  JsonObject           *next;
  guint                 n_skipped;
  guint                 n_details;
} Fetch;

static char *
project_url (Fetch      *fetch,
             const char *path)
{
  g_autofree char *rel = path != NULL
                         ? g_strdup_printf ("projects/%s/%s", fetch->project_path, path)
                         : g_strdup_printf ("projects/%s", fetch->project_path);

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

/* The project's short name (the service), asked once and kept in the cursor. */
static gboolean
project_name (Fetch   *fetch,
              GError **error)
{
  const char *known = fd_cicd_cursor_string (fetch->old, "project");
  g_autofree char *decoded = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonObject) project = NULL;
  const char *path;
  const char *slash;

  if (known == NULL)
    {
      decoded = g_uri_unescape_string (fetch->project_path, NULL);
      if (decoded != NULL && strspn (decoded, "0123456789") != strlen (decoded))
        {
          slash = strrchr (decoded, '/');
          known = slash ? slash + 1 : decoded;
        }
    }

  if (known == NULL)
    {
      url = project_url (fetch, NULL);
      project = fd_cicd_get_object (fetch->client, url, "project", fetch->cancellable, error);
      if (project == NULL)
        return FALSE;
      path = fd_json_get_string (project, "path");
      if (path == NULL || *path == '\0')
        {
          g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                               "project: unexpected answer: no “path” in it");
          return FALSE;
        }
      known = path;
    }

  fetch->project = g_strdup (known);
  json_object_set_string_member (fetch->next, "project", known);
  return TRUE;
}

static char *
list_url (Fetch      *fetch,
          const char *what,
          const char *since)
{
  g_autofree char *path = g_strdup_printf ("%s?per_page=100&order_by=updated_at&sort=desc", what);
  g_autofree char *url = project_url (fetch, path);
  g_autofree char *escaped = NULL;

  if (since == NULL)
    return g_steal_pointer (&url);

  escaped = fd_source_escape (since);
  return g_strdup_printf ("%s&updated_after=%s", url, escaped);
}

static char *
list_since (Fetch      *fetch,
            const char *member)
{
  const FdSourceConfig *config = fetch->config;
  g_autofree char *config_since = config->since != FD_TIME_NONE ? fd_time_format (config->since)
                                                                : NULL;

  return fd_cicd_later_time (fd_cicd_cursor_string (fetch->old, member), config_since);
}

/* The newest updated_at of @items, as text, or a copy of @since. */
static char *
high_water_mark (GPtrArray  *items,
                 const char *since)
{
  g_autofree char *mark_text = NULL;
  FdTime mark = FD_TIME_NONE;

  for (guint i = 0; i < items->len; i++)
    {
      JsonNode *node = g_ptr_array_index (items, i);
      FdTime updated = JSON_NODE_HOLDS_OBJECT (node)
                       ? get_time (json_node_get_object (node), "updated_at") : FD_TIME_NONE;

      if (updated != FD_TIME_NONE)
        mark = mark == FD_TIME_NONE ? updated : MAX (mark, updated);
    }

  if (mark == FD_TIME_NONE)
    return g_strdup (since);

  mark_text = fd_time_format (mark);
  return fd_cicd_later_time (mark_text, since);
}

static char *
list_signature (JsonObject *item)
{
  const char *status = fd_json_get_string (item, "status");
  const char *updated = fd_json_get_string (item, "updated_at");

  return g_strdup_printf ("%s|%s", status ? status : "", updated ? updated : "");
}

/* What makes a pipeline's record different: its detail and its jobs. */
static char *
pipeline_signature (JsonObject *pipeline,
                    JsonObject *detail,
                    JsonArray  *jobs)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *status = either_string (detail, pipeline, "status");
  const char *updated = either_string (detail, pipeline, "updated_at");
  const char *started = fd_json_get_string (detail, "started_at");
  const char *finished = fd_json_get_string (detail, "finished_at");

  g_string_append_printf (text, "%s|%s|%s|%s", status ? status : "", updated ? updated : "",
                          started ? started : "", finished ? finished : "");
  for (guint i = 0; jobs != NULL && i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = fd_json_array_get_object (jobs, i);
      g_autofree char *job_id = fd_json_dup_id (job, "id");
      const char *job_status = fd_json_get_string (job, "status");
      double duration = -1;
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];

      fd_json_get_double (job, "duration", &duration);
      /* The signature goes into the cursor, which may be read back under
       * another LC_NUMERIC: a dot whatever the locale. */
      g_ascii_formatd (seconds, sizeof seconds, "%.3f", duration);
      g_string_append_printf (text, "|%s:%s:%s", job_id ? job_id : "",
                              job_status ? job_status : "", seconds);
    }

  return g_compute_checksum_for_string (G_CHECKSUM_SHA1, text->str, text->len);
}

/* The detail and the jobs of one pipeline. */
static gboolean
get_detail (Fetch       *fetch,
            const char  *upstream,
            JsonObject **out_detail,
            JsonArray  **out_jobs,
            GError     **error)
{
  g_autofree char *detail_path = g_strdup_printf ("pipelines/%s", upstream);
  g_autofree char *detail_url = project_url (fetch, detail_path);
  g_autofree char *jobs_path = g_strdup_printf ("pipelines/%s/jobs?per_page=100", upstream);
  g_autofree char *jobs_url = project_url (fetch, jobs_path);
  g_autoptr(GPtrArray) jobs = fd_cicd_node_array_new ();
  g_autoptr(JsonObject) detail = NULL;

  fetch->n_details++;
  detail = fd_cicd_get_object (fetch->client, detail_url, "pipeline", fetch->cancellable, error);
  if (detail == NULL)
    return FALSE;
  if (!fd_cicd_get_pages (fetch->client, jobs_url, NULL, "pipeline jobs", NULL, MAX_JOB_PAGES,
                          jobs, NULL, NULL, fetch->cancellable, error))
    return FALSE;

  *out_detail = g_steal_pointer (&detail);
  *out_jobs = fd_cicd_array_from_nodes (jobs);
  return TRUE;
}

static void
remember_open (JsonObject *open,
               const char *upstream,
               JsonObject *pipeline,
               JsonObject *detail,
               const char *signature)
{
  const char *created = either_string (detail, pipeline, "created_at");
  JsonObject *entry;

  if (!is_progressing (either_string (detail, pipeline, "status")) ||
      json_object_get_size (open) >= MAX_OPEN)
    return;

  entry = json_object_new ();
  json_object_set_string_member (entry, "created", created ? created : "");
  json_object_set_string_member (entry, "sig", signature);
  json_object_set_object_member (open, upstream, entry);
}

static void
emit_pipeline (Fetch      *fetch,
               JsonObject *pipeline,
               JsonObject *detail,
               JsonArray  *jobs)
{
  if (!fd_gitlab_map_pipeline (fetch->builder, fetch->config->uri, fetch->project,
                               fetch->environments, pipeline, detail, jobs))
    fetch->n_skipped++;
}

/* Pipelines still progressing that this poll did not look at: their detail
 * and jobs again, sent when they changed. */
static gboolean
refresh_open (Fetch       *fetch,
              JsonObject  *open_old,
              JsonObject  *open,
              GHashTable  *handled,
              GHashTable  *listed,
              FdTime       newest,
              GError     **error)
{
  g_autoptr(GList) ids = open_old ? json_object_get_members (open_old) : NULL;
  guint refreshed = 0;

  for (GList *l = ids; l != NULL; l = l->next)
    {
      const char *upstream = l->data;
      JsonObject *entry = fd_json_get_object (open_old, upstream);
      FdTime created = fd_json_get_time (entry, "created");
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) detail = NULL;
      g_autoptr(JsonArray) jobs = NULL;
      g_autofree char *signature = NULL;
      JsonObject *item;

      if (entry == NULL || g_hash_table_contains (handled, upstream))
        continue;
      /* Parked for days (a runner that never came): the list shows it when it moves. */
      if (created == FD_TIME_NONE || (newest != FD_TIME_NONE && created < newest - OPEN_WINDOW))
        continue;
      if (refreshed >= MAX_REFRESH)
        {
          if (json_object_get_size (open) < MAX_OPEN)
            json_object_set_object_member (open, upstream, json_object_ref (entry));
          continue;
        }

      refreshed++;
      if (!get_detail (fetch, upstream, &detail, &jobs, &local_error))
        {
          if (g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND))
            continue;    /* deleted */
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* The list's item, when this poll listed it, backs a partial detail. */
      item = g_hash_table_lookup (listed, upstream);
      if (item == NULL)
        item = detail;
      signature = pipeline_signature (item, detail, jobs);
      remember_open (open, upstream, item, detail, signature);
      if (g_strcmp0 (signature, fd_json_get_string (entry, "sig")) != 0)
        emit_pipeline (fetch, item, detail, jobs);
    }

  return TRUE;
}

static gboolean
fetch_pipelines (Fetch   *fetch,
                 GError **error)
{
  const FdSourceConfig *config = fetch->config;
  g_autoptr(GPtrArray) pipelines = fd_cicd_node_array_new ();
  g_autoptr(GHashTable) handled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *since = list_since (fetch, "pipelines_since");
  g_autofree char *url = list_url (fetch, "pipelines", since);
  g_autofree char *etag = NULL;
  g_autofree char *mark = NULL;
  JsonObject *seen_old = fd_json_get_object (fetch->old, "pipelines");
  JsonObject *open_old = fd_json_get_object (fetch->old, "open");
  JsonObject *seen;
  JsonObject *open;
  gboolean not_modified = FALSE;
  FdTime newest = FD_TIME_NONE;

  /* The last ETag goes along even when updated_after moved on: an ETag is a
   * digest of the body, so a match still means nothing new. */
  if (!fd_cicd_get_pages (fetch->client, url, NULL, "pipelines",
                          fd_cicd_cursor_string (fetch->old, "pipelines_etag"),
                          seen_old == NULL ? MAX_PAGES_FIRST : MAX_PAGES, pipelines, &etag,
                          &not_modified, fetch->cancellable, error))
    return FALSE;

  if (not_modified)
    {
      const char *members[] = { "pipelines", "open", "pipelines_since", "pipelines_etag",
                                "pipelines_newest" };

      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        copy_member (fetch->old, fetch->next, members[i]);
      return TRUE;
    }

  seen = json_object_new ();
  open = json_object_new ();
  json_object_set_object_member (fetch->next, "pipelines", seen);
  json_object_set_object_member (fetch->next, "open", open);

  newest = fd_json_get_time (fetch->old, "pipelines_newest");
  for (guint i = 0; i < pipelines->len; i++)
    {
      JsonNode *node = g_ptr_array_index (pipelines, i);
      FdTime created = JSON_NODE_HOLDS_OBJECT (node)
                       ? fd_json_get_time (json_node_get_object (node), "created_at")
                       : FD_TIME_NONE;

      if (created != FD_TIME_NONE)
        newest = newest == FD_TIME_NONE ? created : MAX (newest, created);
    }

  for (guint i = 0; i < pipelines->len; i++)
    {
      JsonNode *node = g_ptr_array_index (pipelines, i);
      JsonObject *pipeline = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *upstream = fd_json_dup_id (pipeline, "id");
      g_autofree char *signature = NULL;
      g_autofree char *full_signature = NULL;
      g_autoptr(JsonObject) detail = NULL;
      g_autoptr(JsonArray) jobs = NULL;
      FdTime updated = fd_json_get_time (pipeline, "updated_at");

      if (upstream == NULL)
        {
          fetch->n_skipped++;
          continue;
        }
      /* updated_after is the server's filter; a server that ignores it is filtered here. */
      if (config->since != FD_TIME_NONE && updated != FD_TIME_NONE && updated < config->since)
        continue;

      signature = list_signature (pipeline);
      json_object_set_string_member (seen, upstream, signature);
      g_hash_table_insert (listed, g_strdup (upstream), pipeline);
      if (g_strcmp0 (fd_json_get_string (seen_old, upstream), signature) == 0)
        continue;   /* unchanged; if still progressing, refresh_open() looks again */

      g_hash_table_add (handled, g_strdup (upstream));
      if (fetch->n_details < MAX_DETAILS && !get_detail (fetch, upstream, &detail, &jobs, error))
        return FALSE;

      full_signature = pipeline_signature (pipeline, detail, jobs);
      remember_open (open, upstream, pipeline, detail, full_signature);
      emit_pipeline (fetch, pipeline, detail, jobs);
    }

  if (!refresh_open (fetch, open_old, open, handled, listed, newest, error))
    return FALSE;

  mark = high_water_mark (pipelines, since);
  if (mark != NULL)
    json_object_set_string_member (fetch->next, "pipelines_since", mark);
  if (newest != FD_TIME_NONE)
    {
      g_autofree char *newest_text = fd_time_format (newest);

      json_object_set_string_member (fetch->next, "pipelines_newest", newest_text);
    }
  if (etag != NULL)
    json_object_set_string_member (fetch->next, "pipelines_etag", etag);

  return TRUE;
}

static char *
deployment_signature (JsonObject *deployment)
{
  JsonObject *deployable = fd_json_get_object (deployment, "deployable");
  const char *status = fd_json_get_string (deployment, "status");
  const char *updated = fd_json_get_string (deployment, "updated_at");
  const char *finished = fd_json_get_string (deployable, "finished_at");

  return g_strdup_printf ("%s|%s|%s", status ? status : "", updated ? updated : "",
                          finished ? finished : "");
}

static gboolean
fetch_deployments (Fetch   *fetch,
                   GError **error)
{
  const FdSourceConfig *config = fetch->config;
  g_autoptr(GPtrArray) deployments = fd_cicd_node_array_new ();
  g_autofree char *since = list_since (fetch, "deployments_since");
  g_autofree char *url = list_url (fetch, "deployments", since);
  g_autofree char *etag = NULL;
  g_autofree char *mark = NULL;
  JsonObject *seen_old = fd_json_get_object (fetch->old, "deployments");
  JsonObject *seen;
  gboolean not_modified = FALSE;

  if (!fd_cicd_get_pages (fetch->client, url, NULL, "deployments",
                          fd_cicd_cursor_string (fetch->old, "deployments_etag"),
                          seen_old == NULL ? MAX_PAGES_FIRST : MAX_PAGES, deployments, &etag,
                          &not_modified, fetch->cancellable, error))
    return FALSE;

  if (not_modified)
    {
      copy_member (fetch->old, fetch->next, "deployments");
      copy_member (fetch->old, fetch->next, "deployments_since");
      copy_member (fetch->old, fetch->next, "deployments_etag");
      return TRUE;
    }

  seen = json_object_new ();
  json_object_set_object_member (fetch->next, "deployments", seen);

  for (guint i = 0; i < deployments->len; i++)
    {
      JsonNode *node = g_ptr_array_index (deployments, i);
      JsonObject *deployment = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *upstream = fd_json_dup_id (deployment, "id");
      g_autofree char *signature = NULL;
      FdTime updated = fd_json_get_time (deployment, "updated_at");

      if (upstream == NULL)
        {
          fetch->n_skipped++;
          continue;
        }
      if (config->since != FD_TIME_NONE && updated != FD_TIME_NONE && updated < config->since)
        continue;

      signature = deployment_signature (deployment);
      json_object_set_string_member (seen, upstream, signature);
      if (g_strcmp0 (fd_json_get_string (seen_old, upstream), signature) == 0)
        continue;

      if (!fd_gitlab_map_deployment (fetch->builder, config->uri, fetch->project, deployment))
        fetch->n_skipped++;
    }

  mark = high_water_mark (deployments, since);
  if (mark != NULL)
    json_object_set_string_member (fetch->next, "deployments_since", mark);
  if (etag != NULL)
    json_object_set_string_member (fetch->next, "deployments_etag", etag);

  return TRUE;
}

static FdBatch *
fd_gitlab_source_fetch_sync (FdLiveSource  *live,
                             FdHttpClient  *client,
                             GBytes        *cursor,
                             GCancellable  *cancellable,
                             GError       **error)
{
  FdGitlabSource *self = FD_GITLAB_SOURCE (live);
  const FdSourceConfig *config = fd_live_source_get_config (live);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdEnvironmentMap) environments = NULL;
  g_autoptr(JsonObject) old = fd_source_cursor_parse (cursor);
  g_autoptr(JsonObject) next = json_object_new ();
  g_autoptr(FdSnapshot) records = NULL;
  g_autoptr(GBytes) next_bytes = NULL;
  Fetch fetch = { 0 };
  gboolean ok;

  environments = fd_environment_map_new (config->environment_map, error);
  if (environments == NULL)
    return NULL;

  fetch.config = config;
  fetch.client = client;
  fetch.cancellable = cancellable;
  fetch.base = fd_source_config_get_base_url (config);
  fetch.project_path = self->project_path;
  fetch.environments = environments;
  fetch.builder = builder;
  fetch.old = old;
  fetch.next = next;

  /* All or nothing: on failure the caller keeps its data and cursor. */
  ok = project_name (&fetch, error) && fetch_pipelines (&fetch, error) &&
       fetch_deployments (&fetch, error);
  g_free (fetch.project);
  if (!ok)
    return NULL;

  fd_cicd_set_skipped_note (live, fetch.n_skipped);
  records = fd_snapshot_builder_end (g_steal_pointer (&builder));
  next_bytes = fd_source_cursor_bytes (next);

  return fd_batch_new (config->uri, records, NULL, next_bytes);
}

static void
fd_gitlab_source_finalize (GObject *object)
{
  FdGitlabSource *self = FD_GITLAB_SOURCE (object);

  g_clear_pointer (&self->project_path, g_free);

  G_OBJECT_CLASS (fd_gitlab_source_parent_class)->finalize (object);
}

static void
fd_gitlab_source_class_init (FdGitlabSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FdLiveSourceClass *live_class = FD_LIVE_SOURCE_CLASS (klass);

  object_class->finalize = fd_gitlab_source_finalize;

  live_class->auth = FD_HTTP_AUTH_PRIVATE_TOKEN;
  live_class->default_interval = 60;
  live_class->capabilities = FD_SOURCE_CAN_NOTHING;
  live_class->fetch_sync = fd_gitlab_source_fetch_sync;
}

static void
fd_gitlab_source_init (FdGitlabSource *self)
{
}

/* A number, or path parts of letters, digits, '.', '_', '-' (and '+' as
 * GitLab allows in names) joined by single slashes. */
static gboolean
is_project (const char *project)
{
  g_auto(GStrv) parts = NULL;

  if (project == NULL || *project == '\0')
    return FALSE;

  parts = g_strsplit (project, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];

      if (*part == '\0' || g_str_equal (part, ".") || g_str_equal (part, ".."))
        return FALSE;
      for (const char *c = part; *c != '\0'; c++)
        if (!g_ascii_isalnum (*c) && strchr ("._-+", *c) == NULL)
          return FALSE;
    }

  return TRUE;
}

/**
 * fd_gitlab_source_new:
 * @config: a gitlab:PROJECT config
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with
 *   FD_SOURCE_ERROR_INVALID_ARGUMENT when the locator is no project
 */
FdSource *
fd_gitlab_source_new (const FdSourceConfig *config,
                      GError              **error)
{
  g_autofree char *decoded = NULL;
  FdGitlabSource *self;

  g_return_val_if_fail (config != NULL, NULL);

  decoded = g_uri_unescape_string (config->locator, NULL);
  if (!is_project (decoded))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a project: write gitlab:ID or gitlab:group/project",
                   config->uri);
      return NULL;
    }

  if (!fd_http_check_url (fd_source_config_get_base_url (config), error))
    return NULL;

  self = g_object_new (FD_TYPE_GITLAB_SOURCE, "config", config, NULL);
  /* The API takes a path as one segment: group%2Fsub%2Fproject. */
  self->project_path = g_uri_escape_string (decoded, NULL, FALSE);

  return FD_SOURCE (self);
}
