/* fd-gitlab-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-gitlab-source"

#include "config.h"

#include "fd-gitlab-source.h"
#include "fd-json.h"
#include "fd-source-util.h"
#include "fd-time.h"

#include <math.h>
#include <string.h>

/* Pages read on the first fetch, and pipelines whose detail and jobs are
 * read per poll (newest first); older ones keep the list's times. */
#define MAX_PAGES        50
#define MAX_DETAILS      100

struct _FdGitlabSource
{
  FdLiveSource parent_instance;

  char *project_path;     /* URL-encoded, e.g. group%2Fproject or 42 */
};

G_DEFINE_FINAL_TYPE (FdGitlabSource, fd_gitlab_source, FD_TYPE_LIVE_SOURCE)

static FdRunStatus
map_status (const char *status)
{
  if (g_strcmp0 (status, "running") == 0)
    return FD_RUN_RUNNING;
  if (g_strcmp0 (status, "success") == 0)
    return FD_RUN_SUCCESS;
  if (g_strcmp0 (status, "failed") == 0)
    return FD_RUN_FAILED;
  if (g_strcmp0 (status, "canceled") == 0 || g_strcmp0 (status, "skipped") == 0 ||
      g_strcmp0 (status, "canceling") == 0)
    return FD_RUN_CANCELLED;

  /* created, waiting_for_resource, preparing, pending, scheduled, manual */
  return FD_RUN_QUEUED;
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
  FdTime value = fd_json_get_time (detail, member);

  return value != FD_TIME_NONE ? value : fd_json_get_time (item, member);
}

static gboolean
is_finished (FdRunStatus status)
{
  return status == FD_RUN_SUCCESS || status == FD_RUN_FAILED || status == FD_RUN_CANCELLED;
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
  g_autoptr(GArray) stages = g_array_new (FALSE, TRUE, sizeof (FdStage));
  const char *ref = either_string (detail, pipeline, "ref");
  const char *title = either_string (detail, pipeline, "name");
  FdPipelineRun record = { 0 };

  if (upstream == NULL)
    return FALSE;

  record.status = map_status (either_string (detail, pipeline, "status"));
  record.started_at = fd_json_get_time (detail, "started_at");
  if (record.started_at == FD_TIME_NONE)
    record.started_at = either_time (detail, pipeline, "created_at");
  if (record.started_at == FD_TIME_NONE)
    return FALSE;

  record.finished_at = FD_TIME_NONE;
  if (is_finished (record.status))
    {
      record.finished_at = fd_json_get_time (detail, "finished_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = either_time (detail, pipeline, "updated_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = record.started_at;
      record.finished_at = fd_source_clamp_finish (record.started_at, record.finished_at);
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

  for (guint i = 0; jobs != NULL && i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = fd_json_array_get_object (jobs, i);
      const char *job_name = fd_json_get_string (job, "name");
      FdStage stage = { 0 };
      double duration;

      if (job == NULL || job_name == NULL)
        continue;

      stage.name = fd_snapshot_builder_intern (builder, job_name);
      stage.status = map_status (fd_json_get_string (job, "status"));
      stage.duration_s = fd_json_get_double (job, "duration", &duration) && duration >= 0
                         ? (float) duration : NAN;
      g_array_append_val (stages, stage);
    }

  fd_snapshot_builder_add_run (builder, &record, (const FdStage *) (gpointer) stages->data,
                               stages->len);
  return TRUE;
}

static FdDeployStatus
map_deployment_status (const char *status)
{
  if (g_strcmp0 (status, "success") == 0)
    return FD_DEPLOY_SUCCESS;
  if (g_strcmp0 (status, "failed") == 0 || g_strcmp0 (status, "canceled") == 0)
    return FD_DEPLOY_FAILED;

  /* created, running, blocked */
  return FD_DEPLOY_IN_PROGRESS;
}

static gboolean
is_tag_ref (const char *ref,
            const char *sha)
{
  if (ref == NULL || *ref == '\0' || g_strcmp0 (ref, sha) == 0)
    return FALSE;

  return (ref[0] == 'v' && g_ascii_isdigit (ref[1])) || g_ascii_isdigit (ref[0]) ||
         g_str_has_prefix (ref, "refs/tags/");
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

  if (upstream == NULL)
    return FALSE;

  record.started_at = fd_json_get_time (deployment, "created_at");
  if (record.started_at == FD_TIME_NONE)
    return FALSE;

  record.status = map_deployment_status (fd_json_get_string (deployment, "status"));
  record.finished_at = FD_TIME_NONE;
  if (record.status != FD_DEPLOY_IN_PROGRESS)
    {
      record.finished_at = fd_json_get_time (deployable, "finished_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = fd_json_get_time (deployment, "updated_at");
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = record.started_at;
      record.finished_at = fd_source_clamp_finish (record.started_at, record.finished_at);
    }

  record.committed_at = fd_json_get_time (commit, "committed_date");
  if (record.committed_at == FD_TIME_NONE)
    record.committed_at = fd_json_get_time (commit, "created_at");

  if (is_tag_ref (ref, sha))
    version = g_strdup (g_str_has_prefix (ref, "refs/tags/") ? ref + strlen ("refs/tags/") : ref);
  else if (sha != NULL)
    version = g_strndup (sha, 12);
  else
    version = g_strdup (ref ? ref : upstream);

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

/* ---- Fetching ---- */

typedef struct
{
  FdHttpClient *client;
  GCancellable *cancellable;
  const char   *base;
  const char   *project_path;
  JsonObject   *old;
  JsonObject   *next;
} Fetch;

static char *
project_url (Fetch      *fetch,
             const char *path)
{
  g_autofree char *rel = path && *path ? g_strdup_printf ("projects/%s/%s", fetch->project_path, path)
                                       : g_strdup_printf ("projects/%s", fetch->project_path);

  return fd_http_join_url (fetch->base, rel);
}

/* The project's short name (the service), asked once and kept in the cursor. */
static char *
project_name (Fetch   *fetch,
              GError **error)
{
  const char *known = fd_json_get_string (fetch->old, "project");
  g_autofree char *decoded = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *slash;
  const char *path;

  if (known != NULL && *known != '\0')
    {
      json_object_set_string_member (fetch->next, "project", known);
      return g_strdup (known);
    }

  decoded = g_uri_unescape_string (fetch->project_path, NULL);
  if (decoded != NULL && !g_ascii_isdigit (decoded[0]))
    {
      slash = strrchr (decoded, '/');
      json_object_set_string_member (fetch->next, "project", slash ? slash + 1 : decoded);
      return g_strdup (slash ? slash + 1 : decoded);
    }

  url = project_url (fetch, NULL);
  root = fd_http_client_get_json (fetch->client, url, NULL, NULL, fetch->cancellable, error);
  if (root == NULL)
    return NULL;
  path = JSON_NODE_HOLDS_OBJECT (root) ? fd_json_get_string (json_node_get_object (root), "path")
                                       : NULL;
  if (path == NULL)
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "unexpected answer for the project: no “path” in it");
      return NULL;
    }

  json_object_set_string_member (fetch->next, "project", path);
  return g_strdup (path);
}

static char *
with_updated_after (const char *url,
                    const char *since)
{
  g_autofree char *escaped = NULL;

  if (since == NULL || *since == '\0')
    return g_strdup (url);

  escaped = fd_source_escape (since);
  return g_strdup_printf ("%s&updated_after=%s", url, escaped);
}

static FdTime
newest_update (GPtrArray *items,
               FdTime     mark)
{
  for (guint i = 0; i < items->len; i++)
    {
      JsonNode *node = g_ptr_array_index (items, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          FdTime updated = fd_json_get_time (json_node_get_object (node), "updated_at");

          if (updated != FD_TIME_NONE)
            mark = mark == FD_TIME_NONE ? updated : MAX (mark, updated);
        }
    }

  return mark;
}

static char *
since_text (const FdSourceConfig *config,
            JsonObject           *old,
            const char           *member)
{
  const char *since = fd_json_get_string (old, member);

  if (since != NULL && *since != '\0')
    return g_strdup (since);
  if (config->since != FD_TIME_NONE)
    return fd_time_format (config->since);

  return NULL;
}

static gboolean
fetch_pipelines (Fetch                *fetch,
                 const FdSourceConfig *config,
                 FdSnapshotBuilder    *builder,
                 const char           *project,
                 FdEnvironmentMap     *environments,
                 GError              **error)
{
  g_autoptr(GPtrArray) pipelines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *plain = project_url (fetch, "pipelines?per_page=100&order_by=updated_at&sort=desc");
  g_autofree char *since = since_text (config, fetch->old, "pipelines_since");
  g_autofree char *url = with_updated_after (plain, since);
  g_autofree char *etag = NULL;
  g_autofree char *mark_text = NULL;
  gboolean not_modified = FALSE;
  gboolean first = fd_json_get_string (fetch->old, "pipelines_since") == NULL;
  FdTime mark = FD_TIME_NONE;
  guint details = 0;

  if (!fd_source_get_pages (fetch->client, url, NULL,
                            g_strcmp0 (fd_json_get_string (fetch->old, "pipelines_url"), url) == 0
                            ? fd_json_get_string (fetch->old, "pipelines_etag") : NULL,
                            first ? MAX_PAGES : MAX_PAGES / 5, pipelines, &etag, &not_modified,
                            fetch->cancellable, error))
    return FALSE;

  for (guint i = 0; i < pipelines->len; i++)
    {
      JsonNode *node = g_ptr_array_index (pipelines, i);
      JsonObject *pipeline = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *upstream = fd_json_dup_id (pipeline, "id");
      g_autoptr(JsonNode) detail = NULL;
      g_autoptr(GPtrArray) jobs = NULL;
      g_autoptr(JsonArray) job_array = NULL;
      FdTime created_at = fd_json_get_time (pipeline, "created_at");

      if (pipeline == NULL || upstream == NULL)
        continue;
      if (config->since != FD_TIME_NONE && created_at != FD_TIME_NONE && created_at < config->since &&
          fd_json_get_time (pipeline, "updated_at") < config->since)
        continue;

      if (details < MAX_DETAILS)
        {
          g_autofree char *detail_path = g_strdup_printf ("pipelines/%s", upstream);
          g_autofree char *detail_url = project_url (fetch, detail_path);
          g_autofree char *jobs_path = g_strdup_printf ("pipelines/%s/jobs?per_page=100", upstream);
          g_autofree char *jobs_url = project_url (fetch, jobs_path);

          details++;
          detail = fd_http_client_get_json (fetch->client, detail_url, NULL, NULL,
                                            fetch->cancellable, error);
          if (detail == NULL)
            return FALSE;

          jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
          if (!fd_source_get_pages (fetch->client, jobs_url, NULL, NULL, 10, jobs, NULL, NULL,
                                    fetch->cancellable, error))
            return FALSE;

          job_array = json_array_new ();
          for (guint k = 0; k < jobs->len; k++)
            json_array_add_element (job_array, json_node_ref (g_ptr_array_index (jobs, k)));
        }

      fd_gitlab_map_pipeline (builder, config->uri, project, environments, pipeline,
                              detail && JSON_NODE_HOLDS_OBJECT (detail)
                              ? json_node_get_object (detail) : NULL,
                              job_array);
    }

  /* Next time, only what was updated after the newest update seen. */
  mark = newest_update (pipelines, FD_TIME_NONE);
  mark_text = mark != FD_TIME_NONE ? fd_time_format (mark) : g_strdup (since ? since : "");
  json_object_set_string_member (fetch->next, "pipelines_since", mark_text);
  json_object_set_string_member (fetch->next, "pipelines_url", url);
  json_object_set_string_member (fetch->next, "pipelines_etag", etag ? etag : "");

  return TRUE;
}

static gboolean
fetch_deployments (Fetch                *fetch,
                   const FdSourceConfig *config,
                   FdSnapshotBuilder    *builder,
                   const char           *project,
                   GError              **error)
{
  g_autoptr(GPtrArray) deployments = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *plain = project_url (fetch, "deployments?per_page=100&order_by=updated_at&sort=desc");
  g_autofree char *since = since_text (config, fetch->old, "deployments_since");
  g_autofree char *url = with_updated_after (plain, since);
  g_autofree char *mark_text = NULL;
  g_autofree char *etag = NULL;
  gboolean not_modified = FALSE;
  gboolean first = fd_json_get_string (fetch->old, "deployments_since") == NULL;
  FdTime mark;

  if (!fd_source_get_pages (fetch->client, url, NULL,
                            g_strcmp0 (fd_json_get_string (fetch->old, "deployments_url"), url) == 0
                            ? fd_json_get_string (fetch->old, "deployments_etag") : NULL,
                            first ? MAX_PAGES : MAX_PAGES / 5, deployments, &etag, &not_modified,
                            fetch->cancellable, error))
    return FALSE;

  for (guint i = 0; i < deployments->len; i++)
    {
      JsonNode *node = g_ptr_array_index (deployments, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        fd_gitlab_map_deployment (builder, config->uri, project, json_node_get_object (node));
    }

  mark = newest_update (deployments, FD_TIME_NONE);
  mark_text = mark != FD_TIME_NONE ? fd_time_format (mark) : g_strdup (since ? since : "");
  json_object_set_string_member (fetch->next, "deployments_since", mark_text);
  json_object_set_string_member (fetch->next, "deployments_url", url);
  json_object_set_string_member (fetch->next, "deployments_etag", etag ? etag : "");

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
  g_autofree char *project = NULL;
  Fetch fetch = { client, cancellable, fd_source_config_get_base_url (config), self->project_path,
                  old, next };

  environments = fd_environment_map_new (config->environment_map, error);
  if (environments == NULL)
    return NULL;

  project = project_name (&fetch, error);
  if (project == NULL)
    return NULL;
  if (!fetch_pipelines (&fetch, config, builder, project, environments, error))
    return NULL;
  if (!fetch_deployments (&fetch, config, builder, project, error))
    return NULL;

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

/**
 * fd_gitlab_source_new:
 * @config: a gitlab:PROJECT config
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source
 */
FdSource *
fd_gitlab_source_new (const FdSourceConfig *config,
                      GError              **error)
{
  g_autofree char *decoded = NULL;
  FdGitlabSource *self;

  g_return_val_if_fail (config != NULL, NULL);

  decoded = g_uri_unescape_string (config->locator, NULL);
  if (decoded == NULL || *decoded == '\0' || decoded[0] == '/' || g_str_has_suffix (decoded, "/") ||
      strpbrk (decoded, " ?#") != NULL)
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
