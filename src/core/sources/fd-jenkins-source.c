/* fd-jenkins-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-jenkins-source"

#include "config.h"

#include "fd-jenkins-source.h"
#include "fd-cicd-common.h"
#include "fd-json.h"
#include "fd-source-util.h"

#include <string.h>

/*
 * A poll is one request: GET /job/A/job/B/api/json?tree=builds[…]{0,100}, the
 * newest 100 builds (with If-None-Match when the last answer had an ETag; a
 * 304 is an empty batch). Each build's state (building, result, duration) is
 * kept in the cursor: only new or changed builds are sent, so a running
 * build is sent again when it finishes. --since filters on the start time.
 */

#define TREE "builds[number,result,building,timestamp,duration,url]{0,100}"
#define MS (G_GINT64_CONSTANT (1000))

struct _FdJenkinsSource
{
  FdLiveSource parent_instance;

  char *job_path;     /* "A/B": the locator without stray slashes */
};

G_DEFINE_FINAL_TYPE (FdJenkinsSource, fd_jenkins_source, FD_TYPE_LIVE_SOURCE)

static char *
clean_job_path (const char *locator)
{
  g_auto(GStrv) parts = g_strsplit (locator, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (kept, parts[i]);
  g_ptr_array_add (kept, NULL);

  return g_strjoinv ("/", (char **) kept->pdata);
}

char *
fd_jenkins_builds_path (const char *job_path)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *tree = g_uri_escape_string (TREE, NULL, FALSE);

  g_return_val_if_fail (job_path != NULL, NULL);

  parts = g_strsplit (job_path, "/", -1);
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

static FdRunStatus
map_result (gboolean    building,
            const char *result)
{
  if (building)
    return FD_RUN_RUNNING;
  if (result == NULL)
    return FD_RUN_QUEUED;   /* not started and no result yet */
  if (g_strcmp0 (result, "SUCCESS") == 0)
    return FD_RUN_SUCCESS;
  if (g_strcmp0 (result, "ABORTED") == 0 || g_strcmp0 (result, "NOT_BUILT") == 0)
    return FD_RUN_CANCELLED;

  /* FAILURE, UNSTABLE (tests failed), and anything newer. */
  return FD_RUN_FAILED;
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
  const char *service;
  FdPipelineRun record = { 0 };
  gboolean building = FALSE;
  gboolean finished;
  gint64 timestamp, duration;

  g_return_val_if_fail (builder != NULL, FALSE);
  g_return_val_if_fail (uri != NULL && job_path != NULL && environments != NULL, FALSE);

  if (number == NULL || !fd_json_get_int (build, "timestamp", &timestamp) ||
      timestamp <= G_MININT64 / 1000 || timestamp >= G_MAXINT64 / 1000)
    return FALSE;

  fd_json_get_bool (build, "building", &building);
  record.status = map_result (building, fd_json_get_string (build, "result"));
  finished = fd_cicd_run_is_finished (record.status);

  record.started_at = timestamp * MS;
  record.finished_at = FD_TIME_NONE;
  if (finished)
    {
      /* A finished build without a duration has no end we could tell. */
      if (!fd_json_get_int (build, "duration", &duration) || duration < 0 ||
          duration >= G_MAXINT64 / 1000 - timestamp)
        return FALSE;
      record.finished_at = (timestamp + duration) * MS;
    }
  if (!fd_cicd_times_ok (record.started_at, record.finished_at, finished))
    return FALSE;

  service = strrchr (job_path, '/');
  id = fd_source_record_id (uri, "build", number);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.pipeline = fd_snapshot_builder_intern (builder, job_path);
  record.service = fd_snapshot_builder_intern (builder, service ? service + 1 : job_path);
  record.environment = fd_snapshot_builder_intern (builder, fd_environment_map_lookup (environments,
                                                                                      job_path));
  fd_snapshot_builder_add_run (builder, &record, NULL, 0);

  return TRUE;
}

static JsonArray *
builds_of (JsonNode  *root,
           GError   **error)
{
  JsonArray *builds = root && JSON_NODE_HOLDS_OBJECT (root)
                      ? fd_json_get_array (json_node_get_object (root), "builds") : NULL;

  if (builds == NULL)
    g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                         "builds: unexpected answer: no “builds” list in it "
                         "(is the job path right, and not a folder?)");

  return builds;
}

guint
fd_jenkins_parse_builds (JsonNode          *root,
                         FdSnapshotBuilder *builder,
                         const char        *uri,
                         const char        *job_path,
                         FdEnvironmentMap  *environments,
                         guint             *n_skipped,
                         GError           **error)
{
  JsonArray *builds = builds_of (root, error);
  guint n = 0, skipped = 0;

  if (builds == NULL)
    return 0;

  for (guint i = 0; i < json_array_get_length (builds); i++)
    {
      JsonObject *build = fd_json_array_get_object (builds, i);

      if (build != NULL && fd_jenkins_map_build (builder, uri, job_path, environments, build))
        n++;
      else
        skipped++;
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return n;
}

static char *
build_signature (JsonObject *build)
{
  const char *result = fd_json_get_string (build, "result");
  gboolean building = FALSE;
  gint64 timestamp = 0, duration = -1;

  fd_json_get_bool (build, "building", &building);
  fd_json_get_int (build, "timestamp", &timestamp);
  fd_json_get_int (build, "duration", &duration);

  return g_strdup_printf ("%d|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, building,
                          result ? result : "", timestamp, duration);
}

static FdBatch *
fd_jenkins_source_fetch_sync (FdLiveSource  *live,
                              FdHttpClient  *client,
                              GBytes        *cursor,
                              GCancellable  *cancellable,
                              GError       **error)
{
  FdJenkinsSource *self = FD_JENKINS_SOURCE (live);
  const FdSourceConfig *config = fd_live_source_get_config (live);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdEnvironmentMap) environments = NULL;
  g_autoptr(JsonObject) old = fd_source_cursor_parse (cursor);
  g_autoptr(JsonObject) next = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FdHttpResponse) response = NULL;
  g_autoptr(FdSnapshot) records = NULL;
  g_autoptr(GBytes) next_bytes = NULL;
  g_autofree char *path = fd_jenkins_builds_path (self->job_path);
  g_autofree char *url = fd_http_join_url (fd_source_config_get_base_url (config), path);
  JsonObject *seen_old = fd_json_get_object (old, "builds");
  const char *etag;
  guint n_skipped = 0;

  environments = fd_environment_map_new (config->environment_map, error);
  if (environments == NULL)
    return NULL;

  root = fd_http_client_get_json (client, url, fd_cicd_cursor_string (old, "etag"), &response,
                                  cancellable, error);
  if (response == NULL)
    return NULL;

  if (fd_http_response_not_modified (response))
    {
      JsonNode *node = json_object_get_member (old, "builds");

      if (node != NULL)
        json_object_set_member (next, "builds", json_node_copy (node));
    }
  else
    {
      JsonArray *builds = builds_of (root, error);
      JsonObject *seen;

      if (builds == NULL)
        return NULL;

      seen = json_object_new ();
      json_object_set_object_member (next, "builds", seen);

      for (guint i = 0; i < json_array_get_length (builds); i++)
        {
          JsonObject *build = fd_json_array_get_object (builds, i);
          g_autofree char *number = fd_json_dup_id (build, "number");
          g_autofree char *signature = NULL;
          gint64 timestamp = 0;

          if (number == NULL)
            {
              n_skipped++;
              continue;
            }
          if (config->since != FD_TIME_NONE && fd_json_get_int (build, "timestamp", &timestamp) &&
              timestamp < config->since / MS)
            continue;

          /* Sent when new or changed: a running build again when it ends. */
          signature = build_signature (build);
          json_object_set_string_member (seen, number, signature);
          if (g_strcmp0 (fd_json_get_string (seen_old, number), signature) == 0)
            continue;

          if (!fd_jenkins_map_build (builder, config->uri, self->job_path, environments, build))
            n_skipped++;
        }
    }

  etag = fd_http_response_get_etag (response);
  if (etag == NULL)
    etag = fd_cicd_cursor_string (old, "etag");
  if (etag != NULL)
    json_object_set_string_member (next, "etag", etag);

  fd_cicd_set_skipped_note (live, n_skipped);
  records = fd_snapshot_builder_end (g_steal_pointer (&builder));
  next_bytes = fd_source_cursor_bytes (next);

  return fd_batch_new (config->uri, records, NULL, next_bytes);
}

static void
fd_jenkins_source_finalize (GObject *object)
{
  FdJenkinsSource *self = FD_JENKINS_SOURCE (object);

  g_clear_pointer (&self->job_path, g_free);

  G_OBJECT_CLASS (fd_jenkins_source_parent_class)->finalize (object);
}

static void
fd_jenkins_source_class_init (FdJenkinsSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FdLiveSourceClass *live_class = FD_LIVE_SOURCE_CLASS (klass);

  object_class->finalize = fd_jenkins_source_finalize;

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
 * Returns: (transfer full) (nullable): the source, or %NULL with
 *   FD_SOURCE_ERROR_INVALID_ARGUMENT when the job path, the base URL or the
 *   token's form is wrong
 */
FdSource *
fd_jenkins_source_new (const FdSourceConfig *config,
                       GError              **error)
{
  g_autofree char *job_path = NULL;
  FdJenkinsSource *self;

  g_return_val_if_fail (config != NULL, NULL);

  job_path = clean_job_path (config->locator);
  if (*job_path == '\0')
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” names no job: write jenkins:JOB or jenkins:FOLDER/JOB", config->uri);
      return NULL;
    }

  if (fd_source_config_get_base_url (config) == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s has no server address: give the Jenkins root URL as the base URL "
                   "(--base-url), e.g. https://ci.example.com",
                   config->uri);
      return NULL;
    }

  if (!fd_http_check_url (fd_source_config_get_base_url (config), error))
    return NULL;

  /* Never quote the token: it is a secret even when malformed. */
  if (config->token != NULL && strchr (config->token, ':') == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: the Jenkins token must be “user:api-token”", config->uri);
      return NULL;
    }

  self = g_object_new (FD_TYPE_JENKINS_SOURCE, "config", config, NULL);
  self->job_path = g_steal_pointer (&job_path);

  return FD_SOURCE (self);
}
