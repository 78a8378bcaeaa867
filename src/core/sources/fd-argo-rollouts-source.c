/* fd-argo-rollouts-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-argo-rollouts-source"

#include "config.h"

#include "fd-argo-rollouts-source.h"
#include "fd-json.h"
#include "fd-prometheus.h"
#include "fd-source-util.h"
#include "fd-time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STEP_S 60

struct _FdArgoRolloutsSource
{
  FdLiveSource parent_instance;
};

G_DEFINE_FINAL_TYPE (FdArgoRolloutsSource, fd_argo_rollouts_source, FD_TYPE_LIVE_SOURCE)

static JsonObject *
canary_strategy (JsonObject *rollout)
{
  return fd_json_get_object (fd_json_get_object (fd_json_get_object (rollout, "spec"), "strategy"),
                             "canary");
}

GArray *
fd_argo_rollouts_steps (JsonObject *rollout,
                        guint      *out_current)
{
  JsonArray *steps = fd_json_get_array (canary_strategy (rollout), "steps");
  JsonObject *status = fd_json_get_object (rollout, "status");
  GArray *weights = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 index = 0;
  gboolean has_index = fd_json_get_int (status, "currentStepIndex", &index);
  guint n_steps = steps ? json_array_get_length (steps) : 0;
  guint current = 0;
  gboolean found = FALSE;

  for (guint i = 0; i < n_steps; i++)
    {
      JsonObject *step = fd_json_array_get_object (steps, i);
      double weight;

      if (!fd_json_get_double (step, "setWeight", &weight))
        continue;
      g_array_append_val (weights, weight);
      if (!has_index || (gint64) i <= index)
        {
          if ((gint64) i <= (has_index ? index : 0))
            {
              current = weights->len - 1;
              found = TRUE;
            }
        }
    }

  if (weights->len == 0 || g_array_index (weights, double, weights->len - 1) < 100)
    {
      double full = 100;

      g_array_append_val (weights, full);
    }

  /* Past the last step: the canary has all the traffic it will get. */
  if (has_index && index >= (gint64) n_steps)
    current = weights->len - 1;
  else if (!found)
    current = 0;

  if (out_current != NULL)
    *out_current = current;

  return weights;
}

static const char *
image_tag (const char *image)
{
  const char *at = image ? strrchr (image, '@') : NULL;
  const char *colon, *slash;

  if (image == NULL)
    return NULL;
  if (at != NULL)
    return at + 1;          /* a digest */

  colon = strrchr (image, ':');
  slash = strrchr (image, '/');
  /* "registry:5000/app" has a port, not a tag. */
  if (colon == NULL || (slash != NULL && colon < slash))
    return "latest";

  return colon + 1;
}

static const char *
first_image (JsonObject *pod_template)
{
  JsonObject *spec = fd_json_get_object (pod_template, "spec");
  JsonArray *containers = fd_json_get_array (spec, "containers");

  return fd_json_get_string (fd_json_array_get_object (containers, 0), "image");
}

static JsonObject *
find_replicaset (JsonArray  *replicasets,
                 const char *rollout_name,
                 const char *hash)
{
  guint n = replicasets != NULL ? json_array_get_length (replicasets) : 0;

  for (guint i = 0; hash != NULL && i < n; i++)
    {
      JsonObject *rs = fd_json_array_get_object (replicasets, i);
      JsonObject *metadata = fd_json_get_object (rs, "metadata");
      JsonObject *labels = fd_json_get_object (metadata, "labels");
      JsonArray *owners = fd_json_get_array (metadata, "ownerReferences");
      gboolean owned = owners == NULL;

      if (g_strcmp0 (fd_json_get_string (labels, "rollouts-pod-template-hash"), hash) != 0)
        continue;
      for (guint k = 0; owners != NULL && k < json_array_get_length (owners); k++)
        {
          JsonObject *owner = fd_json_array_get_object (owners, k);

          if (g_strcmp0 (fd_json_get_string (owner, "kind"), "Rollout") == 0 &&
              g_strcmp0 (fd_json_get_string (owner, "name"), rollout_name) == 0)
            owned = TRUE;
        }
      if (owned)
        return rs;
    }

  return NULL;
}

static const char *
replicaset_version (JsonObject *rs)
{
  return image_tag (first_image (fd_json_get_object (fd_json_get_object (rs, "spec"), "template")));
}

static gboolean
has_pause_conditions (JsonObject *status)
{
  JsonArray *conditions = fd_json_get_array (status, "pauseConditions");

  return conditions != NULL && json_array_get_length (conditions) > 0;
}

/* Maps one Rollout into @builder; the record (its strings interned in
 * @builder) goes to @out and its steps to @out_steps. */
static char *
map_rollout (FdSnapshotBuilder *builder,
             const char        *uri,
             JsonObject        *rollout,
             JsonArray         *replicasets,
             FdTime             now,
             FdCanary          *out,
             GArray           **out_steps)
{
  JsonObject *metadata = fd_json_get_object (rollout, "metadata");
  JsonObject *labels = fd_json_get_object (metadata, "labels");
  JsonObject *spec = fd_json_get_object (rollout, "spec");
  JsonObject *status = fd_json_get_object (rollout, "status");
  const char *name = fd_json_get_string (metadata, "name");
  const char *namespace_ = fd_json_get_string (metadata, "namespace");
  const char *phase = fd_json_get_string (status, "phase");
  const char *canary_hash = fd_json_get_string (status, "currentPodHash");
  const char *stable_hash = fd_json_get_string (status, "stableRS");
  const char *environment = NULL;
  const char *canary_version, *baseline_version;
  g_autoptr(GArray) steps = NULL;
  g_autofree char *id = NULL;
  JsonObject *canary_rs, *stable_rs;
  JsonArray *conditions;
  FdCanary record = { 0 };
  gboolean aborted = FALSE, paused = FALSE;
  gboolean same_hash;
  guint current;
  double weight;

  if (name == NULL || *name == '\0' || canary_strategy (rollout) == NULL)
    return NULL;

  steps = fd_argo_rollouts_steps (rollout, &current);
  fd_json_get_bool (status, "abort", &aborted);
  fd_json_get_bool (spec, "paused", &paused);
  same_hash = canary_hash != NULL && g_strcmp0 (canary_hash, stable_hash) == 0;

  /* The phase first; controllers older than v1.0 write none, and then the
   * pause fields and the hashes say the same. */
  if (aborted || g_strcmp0 (phase, "Degraded") == 0)
    record.status = FD_CANARY_ROLLED_BACK;
  else if (g_strcmp0 (phase, "Paused") == 0 || paused || has_pause_conditions (status))
    record.status = FD_CANARY_PAUSED;
  else if ((g_strcmp0 (phase, "Healthy") == 0 || phase == NULL) && same_hash)
    record.status = FD_CANARY_PROMOTED;
  else
    record.status = FD_CANARY_PROGRESSING;

  canary_rs = find_replicaset (replicasets, name, canary_hash);
  stable_rs = find_replicaset (replicasets, name, stable_hash);
  canary_version = canary_rs ? replicaset_version (canary_rs)
                             : image_tag (first_image (fd_json_get_object (spec, "template")));
  baseline_version = stable_rs ? replicaset_version (stable_rs) : NULL;
  if (baseline_version == NULL && same_hash)
    baseline_version = canary_version;

  record.started_at = fd_json_get_time (fd_json_get_object (canary_rs, "metadata"),
                                        "creationTimestamp");
  if (record.started_at == FD_TIME_NONE)
    record.started_at = fd_json_get_time (metadata, "creationTimestamp");
  if (record.started_at == FD_TIME_NONE)
    record.started_at = now;

  record.finished_at = FD_TIME_NONE;
  if (record.status == FD_CANARY_PROMOTED || record.status == FD_CANARY_ROLLED_BACK)
    {
      conditions = fd_json_get_array (status, "conditions");
      for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
        {
          JsonObject *condition = fd_json_array_get_object (conditions, i);
          FdTime t = fd_json_get_time (condition, "lastUpdateTime");

          if (t != FD_TIME_NONE)
            record.finished_at = record.finished_at == FD_TIME_NONE ? t
                                                                    : MAX (record.finished_at, t);
        }
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = now;
      record.finished_at = fd_source_clamp_finish (record.started_at, record.finished_at);
    }

  /* The weight the controller set when it says one (status.canary.weights,
   * with traffic routing), else the weight of the current step. */
  if (!fd_json_get_double (fd_json_get_object (fd_json_get_object (fd_json_get_object (status,
                                                                                       "canary"),
                                                                   "weights"),
                                               "canary"),
                           "weight", &weight))
    weight = g_array_index (steps, double, current);
  if (record.status == FD_CANARY_PROMOTED)
    weight = 100;
  else if (record.status == FD_CANARY_ROLLED_BACK)
    weight = 0;

  environment = fd_json_get_string (labels, "env");
  if (environment == NULL || *environment == '\0')
    environment = fd_json_get_string (labels, "environment");
  if (environment == NULL || *environment == '\0')
    environment = namespace_;
  if (environment == NULL || *environment == '\0')
    environment = "production";

  id = g_strdup_printf ("%s:%s:%s", uri, name, canary_hash ? canary_hash : "unknown");
  record.id = fd_snapshot_builder_intern (builder, id);
  record.service = fd_snapshot_builder_intern (builder, name);
  record.environment = fd_snapshot_builder_intern (builder, environment);
  record.canary_version = fd_snapshot_builder_intern (builder,
                                                      canary_version ? canary_version : "unknown");
  record.baseline_version = fd_snapshot_builder_intern (builder,
                                                        baseline_version ? baseline_version
                                                                         : "unknown");
  record.current_step = (gint32) current;
  record.traffic_percent = CLAMP (weight, 0, 100);
  fd_snapshot_builder_add_canary (builder, &record, (const double *) (gpointer) steps->data,
                                  steps->len);

  if (out != NULL)
    *out = record;
  if (out_steps != NULL)
    *out_steps = g_steal_pointer (&steps);

  return g_steal_pointer (&id);
}

char *
fd_argo_rollouts_map (FdSnapshotBuilder *builder,
                      const char        *uri,
                      JsonObject        *rollout,
                      JsonArray         *replicasets,
                      FdTime             now)
{
  g_return_val_if_fail (builder != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  if (rollout == NULL)
    return NULL;

  return map_rollout (builder, uri, rollout, replicasets, now, NULL, NULL);
}

/* ---- Samples from Prometheus ---- */

static guint
add_samples (FdSnapshotBuilder *builder,
             const char        *canary_id,
             FdVariant          variant,
             JsonNode          *series[5],
             FdTime            *out_last)
{
  GArray *points[5] = { NULL };
  FdStr id = fd_snapshot_builder_intern (builder, canary_id);
  guint pos[5] = { 0 };
  guint n = 0;

  for (guint i = 0; i < 5; i++)
    points[i] = fd_prometheus_matrix_points (series[i]);

  /* A sample for every time at which all five series have a value (the
   * arrays are sorted and have one point per time). */
  for (guint k = 0; k < points[0]->len; k++)
    {
      const FdPrometheusPoint *requests = &g_array_index (points[0], FdPrometheusPoint, k);
      double values[5] = { requests->value };
      gboolean complete = TRUE;
      FdCanarySample sample = { 0 };

      for (guint i = 1; i < 5 && complete; i++)
        {
          while (pos[i] < points[i]->len &&
                 g_array_index (points[i], FdPrometheusPoint, pos[i]).at < requests->at)
            pos[i]++;
          complete = pos[i] < points[i]->len &&
                     g_array_index (points[i], FdPrometheusPoint, pos[i]).at == requests->at;
          if (complete)
            values[i] = g_array_index (points[i], FdPrometheusPoint, pos[i]).value;
        }
      /* increase() can dip below zero after a counter reset; such an
       * interval has no count worth keeping. */
      if (!complete || values[0] < 0 || values[1] < 0 || values[0] > 9e15 || values[1] > 9e15)
        continue;

      sample.canary_id = id;
      sample.variant = variant;
      sample.at = requests->at;
      sample.requests = (gint64) llround (values[0]);
      sample.errors = MIN ((gint64) llround (values[1]), sample.requests);
      sample.latency_p50_ms = values[2] * 1000.0;
      sample.latency_p95_ms = values[3] * 1000.0;
      sample.latency_p99_ms = values[4] * 1000.0;
      fd_snapshot_builder_add_sample (builder, &sample);
      if (out_last != NULL)
        *out_last = sample.at;
      n++;
    }

  for (guint i = 0; i < 5; i++)
    g_array_unref (points[i]);

  return n;
}

guint
fd_argo_rollouts_add_samples (FdSnapshotBuilder *builder,
                              const char        *canary_id,
                              FdVariant          variant,
                              JsonNode          *series[5])
{
  g_return_val_if_fail (builder != NULL, 0);
  g_return_val_if_fail (canary_id != NULL, 0);

  return add_samples (builder, canary_id, variant, series, NULL);
}

/* The canary's step length: its first pause with a duration, else a minute. */
static guint
step_seconds (JsonObject *rollout)
{
  JsonArray *steps = fd_json_get_array (canary_strategy (rollout), "steps");

  for (guint i = 0; steps != NULL && i < json_array_get_length (steps); i++)
    {
      JsonObject *pause = fd_json_get_object (fd_json_array_get_object (steps, i), "pause");
      const char *text = fd_json_get_string (pause, "duration");
      gint64 seconds = 0, n;

      /* "5m", "1h", "30s", or a plain number of seconds, as a string or not. */
      if (text != NULL && fd_time_parse_duration (text, &seconds))
        return (guint) CLAMP (seconds, 10, 3600);
      if (fd_json_get_int (pause, "duration", &n) && n > 0)
        return (guint) CLAMP (n, 10, 3600);
    }

  return DEFAULT_STEP_S;
}

/* Queries the five series of one variant; the samples go to @builder and
 * the time of the last one to @out_last (unchanged when there is none). */
static gboolean
add_variant_samples (FdHttpClient         *client,
                     const FdSourceConfig *config,
                     FdSnapshotBuilder    *builder,
                     const char           *canary_id,
                     FdVariant             variant,
                     const char           *hash,
                     FdTime                start,
                     FdTime                end,
                     guint                 step_s,
                     FdTime               *out_last,
                     GCancellable         *cancellable,
                     GError              **error)
{
  const char *quantiles[] = { "0.50", "0.95", "0.99" };
  JsonNode *series[5] = { NULL };
  gboolean ok = TRUE;

  for (guint i = 0; i < 5 && ok; i++)
    {
      g_autofree char *query = NULL;

      if (i == 0)
        query = fd_prometheus_expand (config->query_requests ? config->query_requests
                                                             : FD_PROMETHEUS_DEFAULT_REQUESTS,
                                      hash, step_s, NULL);
      else if (i == 1)
        query = fd_prometheus_expand (config->query_errors ? config->query_errors
                                                           : FD_PROMETHEUS_DEFAULT_ERRORS,
                                      hash, step_s, NULL);
      else
        query = fd_prometheus_expand (config->query_latency ? config->query_latency
                                                            : FD_PROMETHEUS_DEFAULT_LATENCY,
                                      hash, step_s, quantiles[i - 2]);

      series[i] = fd_prometheus_query_range (client, config->prometheus_url, query, start, end,
                                             step_s, cancellable, error);
      ok = series[i] != NULL;
    }

  if (ok)
    add_samples (builder, canary_id, variant, series, out_last);

  for (guint i = 0; i < 5; i++)
    g_clear_pointer (&series[i], json_node_unref);

  return ok;
}

/* Where the next query of a canary starts. Points lie on the grid
 * started_at + k·step, so that a later poll asks for the same instants and
 * the store replaces a sample rather than adding one beside it: from the
 * last sample the cursor kept, else from the start, but no more than
 * FD_PROMETHEUS_MAX_POINTS steps before @end. */
static FdTime
query_start (FdTime started_at,
             FdTime last,
             FdTime end,
             guint  step_s)
{
  FdTime step = (FdTime) step_s * G_USEC_PER_SEC;
  FdTime start = started_at - started_at % G_USEC_PER_SEC;
  FdTime lowest = end - step * FD_PROMETHEUS_MAX_POINTS;

  if (start < lowest)
    start += ((lowest - start + step - 1) / step) * step;
  if (last != FD_TIME_NONE && last > start)
    start = last;

  return start;
}

/* ---- Fetching ---- */

static JsonArray *
get_items (FdHttpClient  *client,
           const char    *base,
           const char    *path,
           JsonNode     **out_root,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *url = fd_http_join_url (base, path);
  JsonNode *root = fd_http_client_get_json (client, url, NULL, NULL, cancellable, error);
  JsonArray *items;

  if (root == NULL)
    return NULL;

  items = JSON_NODE_HOLDS_OBJECT (root) ? fd_json_get_array (json_node_get_object (root), "items")
                                        : NULL;
  if (items == NULL)
    {
      json_node_unref (root);
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                   "unexpected answer from %s: not a Kubernetes list", path);
      return NULL;
    }

  *out_root = root;
  return items;
}

/* What the cursor keeps of an unfinished canary, to close it when its
 * rollout moves on to another revision or is deleted. */
static JsonObject *
remember (FdSnapshotBuilder *builder,
          const char        *id,
          const FdCanary    *record,
          GArray            *steps)
{
  JsonObject *kept = json_object_new ();
  JsonArray *weights = json_array_new ();

  json_object_set_string_member (kept, "id", id);
  json_object_set_string_member (kept, "service",
                                 fd_snapshot_builder_str (builder, record->service));
  json_object_set_string_member (kept, "environment",
                                 fd_snapshot_builder_str (builder, record->environment));
  json_object_set_string_member (kept, "baseline_version",
                                 fd_snapshot_builder_str (builder, record->baseline_version));
  json_object_set_string_member (kept, "canary_version",
                                 fd_snapshot_builder_str (builder, record->canary_version));
  json_object_set_int_member (kept, "started_at", record->started_at);
  json_object_set_int_member (kept, "current_step", record->current_step);
  for (guint i = 0; i < steps->len; i++)
    json_array_add_double_element (weights, g_array_index (steps, double, i));
  json_object_set_array_member (kept, "steps", weights);

  return kept;
}

/* A canary whose rollout went on to another revision (or went away) before
 * it was promoted: it is over, and it was not promoted. */
static void
add_abandoned (FdSnapshotBuilder *builder,
               JsonObject        *kept,
               FdTime             now)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  JsonArray *weights = fd_json_get_array (kept, "steps");
  const char *id = fd_json_get_string (kept, "id");
  FdCanary record = { 0 };
  gint64 value;

  if (id == NULL)
    return;

  for (guint i = 0; weights != NULL && i < json_array_get_length (weights); i++)
    {
      JsonNode *node = json_array_get_element (weights, i);
      double weight;

      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
           json_node_get_value_type (node) != G_TYPE_INT64))
        continue;
      weight = json_node_get_double (node);
      g_array_append_val (steps, weight);
    }
  if (steps->len == 0)
    {
      double full = 100;

      g_array_append_val (steps, full);
    }

  record.id = fd_snapshot_builder_intern (builder, id);
  record.service = fd_snapshot_builder_intern (builder,
                                               fd_json_get_string (kept, "service") ?: "unknown");
  record.environment = fd_snapshot_builder_intern (builder,
                                                   fd_json_get_string (kept, "environment")
                                                   ?: "production");
  record.baseline_version = fd_snapshot_builder_intern (builder,
                                                        fd_json_get_string (kept,
                                                                            "baseline_version")
                                                        ?: "unknown");
  record.canary_version = fd_snapshot_builder_intern (builder,
                                                      fd_json_get_string (kept, "canary_version")
                                                      ?: "unknown");
  record.started_at = fd_json_get_int (kept, "started_at", &value) ? value : now;
  record.finished_at = MAX (now, record.started_at);
  record.current_step = fd_json_get_int (kept, "current_step", &value) && value >= 0 &&
                        value < (gint64) steps->len ? (gint32) value : 0;
  record.traffic_percent = 0;
  record.status = FD_CANARY_ROLLED_BACK;
  fd_snapshot_builder_add_canary (builder, &record, (const double *) (gpointer) steps->data,
                                  steps->len);
}

static FdBatch *
fd_argo_rollouts_source_fetch_sync (FdLiveSource  *live,
                                    FdHttpClient  *client,
                                    GBytes        *cursor,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  const FdSourceConfig *config = fd_live_source_get_config (live);
  const char *base = fd_source_config_get_base_url (config);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(JsonNode) rollouts_root = NULL;
  g_autoptr(JsonNode) replicasets_root = NULL;
  g_autoptr(FdSnapshot) records = NULL;
  g_autoptr(FdHttpClient) prometheus = NULL;
  g_autoptr(GError) prometheus_error = NULL;
  g_autoptr(JsonObject) old = fd_source_cursor_parse (cursor);
  g_autoptr(JsonObject) next = json_object_new ();
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GBytes) next_bytes = NULL;
  g_autofree char *rollouts_path = NULL;
  g_autofree char *replicasets_path = NULL;
  g_autofree char *ns = fd_source_escape (config->locator);
  JsonObject *old_open = fd_json_get_object (old, "open");
  JsonObject *old_samples = fd_json_get_object (old, "samples");
  JsonObject *open = json_object_new ();
  JsonObject *samples_kept = json_object_new ();
  JsonArray *rollouts, *replicasets;
  FdTime now = g_get_real_time ();

  json_object_set_object_member (next, "open", open);
  json_object_set_object_member (next, "samples", samples_kept);

  rollouts_path = g_strdup_printf ("apis/argoproj.io/v1alpha1/namespaces/%s/rollouts", ns);
  replicasets_path = g_strdup_printf ("apis/apps/v1/namespaces/%s/replicasets", ns);

  rollouts = get_items (client, base, rollouts_path, &rollouts_root, cancellable, error);
  if (rollouts == NULL)
    return NULL;
  replicasets = get_items (client, base, replicasets_path, &replicasets_root, cancellable, error);
  if (replicasets == NULL)
    return NULL;

  /* Prometheus gets no token: the one in the config is the API server's. */
  if (config->prometheus_url != NULL && *config->prometheus_url != '\0')
    {
      prometheus = fd_http_client_new ();
      fd_http_client_set_timeouts (prometheus, config->timeout_s, 0);
    }

  for (guint i = 0; i < json_array_get_length (rollouts); i++)
    {
      JsonObject *rollout = fd_json_array_get_object (rollouts, i);
      JsonObject *status = fd_json_get_object (rollout, "status");
      const char *name = fd_json_get_string (fd_json_get_object (rollout, "metadata"), "name");
      const char *canary_hash = fd_json_get_string (status, "currentPodHash");
      const char *stable_hash = fd_json_get_string (status, "stableRS");
      g_autoptr(GArray) steps = NULL;
      g_autofree char *id = NULL;
      FdCanary record;
      FdTime last = FD_TIME_NONE, last_canary = FD_TIME_NONE, last_baseline = FD_TIME_NONE;
      FdTime start, end;
      gint64 kept;
      guint step_s;
      gboolean finished;

      if (rollout == NULL)
        continue;
      id = map_rollout (builder, config->uri, rollout, replicasets, now, &record, &steps);
      if (id == NULL)
        continue;

      finished = record.status == FD_CANARY_PROMOTED || record.status == FD_CANARY_ROLLED_BACK;
      g_hash_table_replace (present, g_strdup (name), g_strdup (id));
      if (!finished)
        json_object_set_object_member (open, name, remember (builder, id, &record, steps));

      if (fd_json_get_int (old_samples, id, &kept))
        last = kept;

      if (prometheus == NULL || prometheus_error != NULL || canary_hash == NULL)
        {
          if (last != FD_TIME_NONE)
            json_object_set_int_member (samples_kept, id, last);
          continue;
        }

      step_s = step_seconds (rollout);
      end = record.finished_at != FD_TIME_NONE ? MIN (record.finished_at, now) : now;
      start = query_start (record.started_at, last, end, step_s);
      /* A finished canary whose samples are all in: nothing more to ask. */
      if (finished && last != FD_TIME_NONE && last + (FdTime) step_s * G_USEC_PER_SEC > end)
        {
          json_object_set_int_member (samples_kept, id, last);
          continue;
        }

      if (add_variant_samples (prometheus, config, builder, id, FD_VARIANT_CANARY, canary_hash,
                               start, end, step_s, &last_canary, cancellable, &prometheus_error) &&
          stable_hash != NULL && g_strcmp0 (stable_hash, canary_hash) != 0)
        add_variant_samples (prometheus, config, builder, id, FD_VARIANT_BASELINE, stable_hash,
                             start, end, step_s, &last_baseline, cancellable, &prometheus_error);

      if (g_error_matches (prometheus_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&prometheus_error));
          return NULL;
        }

      /* The next poll starts at the last sample both variants have (asked
       * again, so a point Prometheus had not scraped yet is not lost). */
      if (prometheus_error == NULL && last_canary != FD_TIME_NONE &&
          (last_baseline != FD_TIME_NONE || stable_hash == NULL ||
           g_strcmp0 (stable_hash, canary_hash) == 0))
        last = last_baseline != FD_TIME_NONE ? MIN (last_canary, last_baseline) : last_canary;
      if (last != FD_TIME_NONE)
        json_object_set_int_member (samples_kept, id, last);
    }

  /* Canaries left unfinished at the last poll whose rollout now shows
   * another revision, or is gone. */
  if (old_open != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (old_open);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *kept_canary = fd_json_get_object (old_open, l->data);
          const char *now_id = g_hash_table_lookup (present, l->data);

          if (kept_canary != NULL &&
              g_strcmp0 (now_id, fd_json_get_string (kept_canary, "id")) != 0)
            add_abandoned (builder, kept_canary, now);
        }
    }

  /* Rollouts come through when Prometheus fails; the status says why the
   * samples are missing. */
  if (prometheus_error != NULL)
    {
      g_autofree char *note = g_strdup_printf ("no canary samples: %s", prometheus_error->message);

      g_debug ("%s: %s", config->uri, note);
      fd_live_source_set_note (live, note);
    }
  else
    fd_live_source_set_note (live, NULL);

  records = fd_snapshot_builder_end (g_steal_pointer (&builder));
  next_bytes = fd_source_cursor_bytes (next);
  return fd_batch_new (config->uri, records, NULL, next_bytes);
}

/* ---- Actions ---- */

static char *
rollout_name (const char *uri,
              const char *target)
{
  gsize len = strlen (uri);
  const char *colon;

  /* "URI:NAME:HASH", "URI:NAME" or "NAME". */
  if (strncmp (target, uri, len) == 0 && target[len] == ':')
    target += len + 1;
  colon = strchr (target, ':');

  return colon ? g_strndup (target, colon - target) : g_strdup (target);
}

static gboolean
patch (FdHttpClient  *client,
       const char    *url,
       const char    *body,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(FdHttpResponse) response = NULL;

  response = fd_http_client_send (client, "PATCH", url, "application/merge-patch+json", bytes,
                                  NULL, cancellable, error);
  return response != NULL;
}

/* A patch of the status subresource; where the CRD has none (Argo Rollouts
 * v0.9), the API server answers 404 and the plugin sends the unified patch
 * to the object instead: so do we. */
static gboolean
patch_status (FdHttpClient  *client,
              const char    *url,
              const char    *status_body,
              const char    *unified_body,
              gboolean      *out_unified,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *status_url = g_strdup_printf ("%s/status", url);
  g_autoptr(GError) local_error = NULL;

  *out_unified = FALSE;
  if (patch (client, status_url, status_body, cancellable, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *out_unified = TRUE;
  return patch (client, url, unified_body, cancellable, error);
}

/* `kubectl argo rollouts promote NAME` (pkg/kubectl-argo-rollouts/cmd/
 * promote, getPatches, default case): GET the rollout, then
 * - an inconclusive analysis that paused the controller: clear the pause
 *   conditions and controllerPause and go to the next step;
 * - else pause conditions: clear them;
 * - else a canary with steps: clear them and go to the next step;
 * each on the status subresource, and {"spec":{"paused":false}} when
 * spec.paused is set. @resume_only: only what it does to a paused rollout. */
static gboolean
promote (FdHttpClient  *client,
         const char    *url,
         gboolean       resume_only,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *status_body = NULL;
  g_autofree char *unified_body = NULL;
  JsonObject *rollout, *spec, *status;
  JsonArray *steps;
  gboolean spec_paused = FALSE, controller_pause = FALSE, unified = FALSE;
  gboolean inconclusive;
  gint64 n_steps, index = 0;

  root = fd_http_client_get_json (client, url, NULL, NULL, cancellable, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "unexpected answer: the Rollout is not an object");
      return FALSE;
    }

  rollout = json_node_get_object (root);
  spec = fd_json_get_object (rollout, "spec");
  status = fd_json_get_object (rollout, "status");
  fd_json_get_bool (spec, "paused", &spec_paused);
  fd_json_get_bool (status, "controllerPause", &controller_pause);
  steps = fd_json_get_array (canary_strategy (rollout), "steps");
  n_steps = steps != NULL ? json_array_get_length (steps) : 0;
  inconclusive = canary_strategy (rollout) != NULL &&
                 g_strcmp0 (fd_json_get_string (fd_json_get_object (fd_json_get_object (status,
                                                                                        "canary"),
                                                                    "currentStepAnalysisRunStatus"),
                                                "status"),
                            "Inconclusive") == 0;

  /* GetCurrentCanaryStep: the index, 0 when unset, moved on unless past the end. */
  fd_json_get_int (status, "currentStepIndex", &index);
  if (index < n_steps)
    index++;

  unified_body = g_strdup ("{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null}}");
  if (inconclusive && has_pause_conditions (status) && controller_pause)
    {
      if (n_steps > 0)
        status_body = g_strdup_printf ("{\"status\":{\"pauseConditions\":null, "
                                       "\"controllerPause\":false, \"currentStepIndex\":%"
                                       G_GINT64_FORMAT "}}", index);
    }
  else if (has_pause_conditions (status))
    status_body = g_strdup ("{\"status\":{\"pauseConditions\":null}}");
  else if (!resume_only && n_steps > 0)
    {
      /* Not paused: promote goes on to the next step. */
      status_body = g_strdup_printf ("{\"status\":{\"pauseConditions\":null, "
                                     "\"currentStepIndex\":%" G_GINT64_FORMAT "}}", index);
      g_free (unified_body);
      unified_body = g_strdup_printf ("{\"spec\":{\"paused\":false},\"status\":"
                                      "{\"pauseConditions\":null, \"currentStepIndex\":%"
                                      G_GINT64_FORMAT "}}", index);
    }

  if (status_body == NULL && !spec_paused)
    {
      /* The plugin sends nothing then; resume says why nothing happened. */
      if (resume_only)
        {
          g_set_error_literal (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                               "the rollout is not paused");
          return FALSE;
        }
      return TRUE;
    }

  if (status_body != NULL &&
      !patch_status (client, url, status_body, unified_body, &unified, cancellable, error))
    return FALSE;

  if (unified)
    return TRUE;
  if (spec_paused)
    return patch (client, url, "{\"spec\":{\"paused\":false}}", cancellable, error);

  return TRUE;
}

static gboolean
fd_argo_rollouts_source_apply_sync (FdLiveSource    *live,
                                    FdHttpClient    *client,
                                    const FdAction  *action,
                                    char           **out_result,
                                    GCancellable    *cancellable,
                                    GError         **error)
{
  const FdSourceConfig *config = fd_live_source_get_config (live);
  g_autofree char *name = rollout_name (config->uri, action->target_id);
  g_autofree char *escaped_name = NULL;
  g_autofree char *ns = fd_source_escape (config->locator);
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  gboolean unified;

  if (*name == '\0')
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” names no rollout", action->target_id);
      return FALSE;
    }

  escaped_name = fd_source_escape (name);
  path = g_strdup_printf ("apis/argoproj.io/v1alpha1/namespaces/%s/rollouts/%s", ns, escaped_name);
  url = fd_http_join_url (fd_source_config_get_base_url (config), path);

  switch (action->kind)
    {
    case FD_ACTION_PROMOTE:
      return promote (client, url, FALSE, cancellable, error);
    case FD_ACTION_RESUME:
      return promote (client, url, TRUE, cancellable, error);
    case FD_ACTION_PAUSE:
      return patch (client, url, "{\"spec\":{\"paused\":true}}", cancellable, error);
    case FD_ACTION_ROLL_BACK:
      /* `kubectl argo rollouts abort`: the same patch either way. */
      return patch_status (client, url, "{\"status\":{\"abort\":true}}",
                           "{\"status\":{\"abort\":true}}", &unified, cancellable, error);
    case FD_ACTION_ACKNOWLEDGE:
    case FD_ACTION_RESOLVE:
    case FD_ACTION_SILENCE:
    case FD_ACTION_UNSILENCE:
    case FD_ACTION_N_KINDS:
    default:
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                   "Argo Rollouts cannot %s", fd_action_kind_to_nick (action->kind));
      return FALSE;
    }
}

static void
fd_argo_rollouts_source_class_init (FdArgoRolloutsSourceClass *klass)
{
  FdLiveSourceClass *live_class = FD_LIVE_SOURCE_CLASS (klass);

  live_class->auth = FD_HTTP_AUTH_BEARER;
  live_class->default_interval = 30;
  live_class->capabilities = FD_SOURCE_CAN_PROMOTE | FD_SOURCE_CAN_PAUSE | FD_SOURCE_CAN_RESUME |
                             FD_SOURCE_CAN_ROLL_BACK;
  live_class->fetch_sync = fd_argo_rollouts_source_fetch_sync;
  live_class->apply_sync = fd_argo_rollouts_source_apply_sync;
}

static void
fd_argo_rollouts_source_init (FdArgoRolloutsSource *self)
{
}

/**
 * fd_argo_rollouts_source_new:
 * @config: an argo-rollouts:NAMESPACE config with the API server as base URL
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source
 */
FdSource *
fd_argo_rollouts_source_new (const FdSourceConfig *config,
                             GError              **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  if (config->locator[0] == '\0' || strpbrk (config->locator, "/:?# ") != NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” names no namespace: write argo-rollouts:NAMESPACE", config->uri);
      return NULL;
    }
  if (fd_source_config_get_base_url (config) == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: give the Kubernetes API server with --base-url, e.g. "
                   "https://k8s.example.com:6443", config->uri);
      return NULL;
    }
  if (!fd_http_check_url (fd_source_config_get_base_url (config), error))
    return NULL;
  if (config->prometheus_url != NULL && !fd_http_check_url (config->prometheus_url, error))
    return NULL;

  return g_object_new (FD_TYPE_ARGO_ROLLOUTS_SOURCE, "config", config, NULL);
}
