/* fd-jenkins-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-jenkins-source"

#include "config.h"

#include "fd-jenkins-source.h"
#include "fd-json.h"
#include "fd-source-util.h"

#include <string.h>

#define TREE "builds[number,result,building,timestamp,duration,url]{0,100}"

struct _FdJenkinsSource
{
  FdLiveSource parent_instance;
};

G_DEFINE_FINAL_TYPE (FdJenkinsSource, fd_jenkins_source, FD_TYPE_LIVE_SOURCE)

char *
fd_jenkins_builds_path (const char *job_path)
{
  g_auto(GStrv) parts = g_strsplit (job_path, "/", -1);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *tree = g_uri_escape_string (TREE, NULL, FALSE);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;

      if (*parts[i] == '\0')
        continue;
      escaped = g_uri_escape_string (parts[i], NULL, FALSE);
      g_string_append_printf (path, "/job/%s", escaped);
    }
  g_string_append_printf (path, "/api/json?tree=%s", tree);

  return g_string_free (g_steal_pointer (&path), FALSE);
}

gboolean
fd_jenkins_map_build (FdSnapshotBuilder *builder,
                      const char        *uri,
                      const char        *job_path,
                      FdEnvironmentMap  *environments,
                      JsonObject        *build)
{
  g_autofree char *number = fd_json_dup_id (build, "number");
  g_autofree char *id = NULL;
  const char *result = fd_json_get_string (build, "result");
  const char *service = strrchr (job_path, '/');
  FdPipelineRun record = { 0 };
  gboolean building = FALSE;
  gint64 timestamp, duration;

  /* Events v1 times run to the year 2200; so do the records we make. */
  if (number == NULL || !fd_json_get_int (build, "timestamp", &timestamp) || timestamp <= 0 ||
      timestamp >= G_GINT64_CONSTANT (7258118400000))
    return FALSE;

  fd_json_get_bool (build, "building", &building);
  if (building)
    record.status = FD_RUN_RUNNING;
  else if (g_strcmp0 (result, "SUCCESS") == 0)
    record.status = FD_RUN_SUCCESS;
  else if (g_strcmp0 (result, "FAILURE") == 0 || g_strcmp0 (result, "UNSTABLE") == 0)
    record.status = FD_RUN_FAILED;
  else if (g_strcmp0 (result, "ABORTED") == 0 || g_strcmp0 (result, "NOT_BUILT") == 0)
    record.status = FD_RUN_CANCELLED;
  else
    record.status = FD_RUN_QUEUED;   /* no result yet and not building: waiting */

  record.started_at = timestamp * 1000;
  record.finished_at = FD_TIME_NONE;
  if (record.status == FD_RUN_SUCCESS || record.status == FD_RUN_FAILED ||
      record.status == FD_RUN_CANCELLED)
    {
      if (!fd_json_get_int (build, "duration", &duration) || duration < 0)
        duration = 0;
      duration = MIN (duration, G_GINT64_CONSTANT (7258118400000) - 1 - timestamp);
      record.finished_at = record.started_at + duration * 1000;
    }

  id = fd_source_record_id (uri, "build", number);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.pipeline = fd_snapshot_builder_intern (builder, job_path);
  record.service = fd_snapshot_builder_intern (builder, service ? service + 1 : job_path);
  record.environment = fd_snapshot_builder_intern (builder,
                                                   fd_environment_map_lookup (environments, job_path));
  fd_snapshot_builder_add_run (builder, &record, NULL, 0);

  return TRUE;
}

static FdBatch *
fd_jenkins_source_fetch_sync (FdLiveSource  *live,
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FdHttpResponse) response = NULL;
  g_autoptr(FdSnapshot) records = NULL;
  g_autoptr(GBytes) next_bytes = NULL;
  g_autofree char *path = fd_jenkins_builds_path (config->locator);
  g_autofree char *url = fd_http_join_url (fd_source_config_get_base_url (config), path);
  g_autofree char *job_path = NULL;
  JsonObject *old_done = fd_json_get_object (old, "done");
  JsonObject *done = json_object_new ();
  JsonArray *builds;

  json_object_set_object_member (next, "done", done);

  environments = fd_environment_map_new (config->environment_map, error);
  if (environments == NULL)
    return NULL;

  {
    /* The job path as the user wrote it, without stray slashes. */
    g_auto(GStrv) parts = g_strsplit (config->locator, "/", -1);
    g_autoptr(GPtrArray) kept = g_ptr_array_new ();

    for (guint i = 0; parts[i] != NULL; i++)
      if (*parts[i] != '\0')
        g_ptr_array_add (kept, parts[i]);
    g_ptr_array_add (kept, NULL);
    job_path = g_strjoinv ("/", (char **) kept->pdata);
  }

  root = fd_http_client_get_json (client, url, fd_json_get_string (old, "etag"), &response,
                                  cancellable, error);
  if (response == NULL)
    return NULL;

  if (fd_http_response_not_modified (response))
    {
      if (old_done != NULL)
        json_object_set_object_member (next, "done", json_object_ref (old_done));
    }
  else
    {
      builds = JSON_NODE_HOLDS_OBJECT (root) ? fd_json_get_array (json_node_get_object (root), "builds")
                                             : NULL;
      if (builds == NULL)
        {
          g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                               "unexpected answer: no “builds” list in it (is this a job, "
                               "not a folder?)");
          return NULL;
        }

      for (guint i = 0; i < json_array_get_length (builds); i++)
        {
          JsonObject *build = fd_json_array_get_object (builds, i);
          g_autofree char *number = fd_json_dup_id (build, "number");
          gboolean building = FALSE;
          gint64 timestamp = 0;

          if (build == NULL || number == NULL)
            continue;
          fd_json_get_bool (build, "building", &building);
          fd_json_get_int (build, "timestamp", &timestamp);
          if (config->since != FD_TIME_NONE && timestamp * 1000 < config->since)
            continue;

          /* A finished build never changes: sent once. */
          if (!building && fd_json_get_string (build, "result") != NULL)
            {
              json_object_set_boolean_member (done, number, TRUE);
              if (old_done != NULL && json_object_has_member (old_done, number))
                continue;
            }

          fd_jenkins_map_build (builder, config->uri, job_path, environments, build);
        }
    }

  if (fd_http_response_get_etag (response) != NULL)
    json_object_set_string_member (next, "etag", fd_http_response_get_etag (response));

  records = fd_snapshot_builder_end (g_steal_pointer (&builder));
  next_bytes = fd_source_cursor_bytes (next);

  return fd_batch_new (config->uri, records, NULL, next_bytes);
}

static void
fd_jenkins_source_class_init (FdJenkinsSourceClass *klass)
{
  FdLiveSourceClass *live_class = FD_LIVE_SOURCE_CLASS (klass);

  live_class->auth = FD_HTTP_AUTH_BASIC;
  live_class->default_interval = 60;
  live_class->capabilities = FD_SOURCE_CAN_NOTHING;
  live_class->fetch_sync = fd_jenkins_source_fetch_sync;
}

static void
fd_jenkins_source_init (FdJenkinsSource *self)
{
}

/**
 * fd_jenkins_source_new:
 * @config: a jenkins:JOB[/JOB…] config with a base URL
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source
 */
FdSource *
fd_jenkins_source_new (const FdSourceConfig *config,
                       GError              **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  if (config->locator[0] == '\0' || g_str_equal (config->locator, "/"))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” names no job: write jenkins:JOB or jenkins:FOLDER/JOB", config->uri);
      return NULL;
    }

  if (fd_source_config_get_base_url (config) == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: give the Jenkins address with --base-url, e.g. https://ci.example.com",
                   config->uri);
      return NULL;
    }

  if (!fd_http_check_url (fd_source_config_get_base_url (config), error))
    return NULL;

  if (config->token != NULL && strchr (config->token, ':') == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: the Jenkins token must be “user:api-token”", config->uri);
      return NULL;
    }

  return g_object_new (FD_TYPE_JENKINS_SOURCE, "config", config, NULL);
}
