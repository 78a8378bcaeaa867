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
#include "fd-source-util.h"
#include "fd-time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STEP_S 60
/* At most this many points per query: a week of one-minute steps. */
#define MAX_POINTS     10080

#define DEFAULT_REQUESTS "sum(increase(http_requests_total{rollouts_pod_template_hash=\"$HASH\"}[$STEPs]))"
#define DEFAULT_ERRORS   "sum(increase(http_requests_total{rollouts_pod_template_hash=\"$HASH\",code=~\"5..\"}[$STEPs]))"
#define DEFAULT_LATENCY  "histogram_quantile($Q, sum by (le) (rate(http_request_duration_seconds_bucket{rollouts_pod_template_hash=\"$HASH\"}[$STEPs])))"

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
  JsonArray *containers = fd_json_get_array (fd_json_get_object (pod_template, "spec"), "containers");

  return fd_json_get_string (fd_json_array_get_object (containers, 0), "image");
}

static JsonObject *
find_replicaset (JsonArray  *replicasets,
                 const char *rollout_name,
                 const char *hash)
{
  for (guint i = 0; hash != NULL && replicasets != NULL && i < json_array_get_length (replicasets); i++)
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

char *
fd_argo_rollouts_map (FdSnapshotBuilder *builder,
                      const char        *uri,
                      JsonObject        *rollout,
                      JsonArray         *replicasets,
                      FdTime             now)
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
  guint current;
  double weight;

  if (name == NULL || canary_strategy (rollout) == NULL)
    return NULL;

  steps = fd_argo_rollouts_steps (rollout, &current);
  fd_json_get_bool (status, "abort", &aborted);
  fd_json_get_bool (spec, "paused", &paused);

  if (aborted || g_strcmp0 (phase, "Degraded") == 0)
    record.status = FD_CANARY_ROLLED_BACK;
  else if (g_strcmp0 (phase, "Paused") == 0 || paused ||
           (fd_json_get_array (status, "pauseConditions") != NULL &&
            json_array_get_length (fd_json_get_array (status, "pauseConditions")) > 0))
    record.status = FD_CANARY_PAUSED;
  else if (g_strcmp0 (phase, "Healthy") == 0 && canary_hash != NULL &&
           g_strcmp0 (canary_hash, stable_hash) == 0)
    record.status = FD_CANARY_PROMOTED;
  else
    record.status = FD_CANARY_PROGRESSING;

  canary_rs = find_replicaset (replicasets, name, canary_hash);
  stable_rs = find_replicaset (replicasets, name, stable_hash);
  canary_version = canary_rs ? replicaset_version (canary_rs)
                             : image_tag (first_image (fd_json_get_object (spec, "template")));
  baseline_version = stable_rs ? replicaset_version (stable_rs) : canary_version;

  record.started_at = fd_json_get_time (fd_json_get_object (canary_rs, "metadata"), "creationTimestamp");
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
          FdTime t = fd_json_get_time (fd_json_array_get_object (conditions, i), "lastUpdateTime");

          if (t != FD_TIME_NONE)
            record.finished_at = record.finished_at == FD_TIME_NONE ? t : MAX (record.finished_at, t);
        }
      if (record.finished_at == FD_TIME_NONE)
        record.finished_at = now;
      record.finished_at = fd_source_clamp_finish (record.started_at, record.finished_at);
    }

  /* The controller's own weight when it says one, else the step's. */
  if (!fd_json_get_double (fd_json_get_object (fd_json_get_object (fd_json_get_object (status, "canary"),
                                                                   "weights"), "canary"),
                           "weight", &weight))
    weight = g_array_index (steps, double, current);
  if (record.status == FD_CANARY_PROMOTED)
    weight = 100;
  else if (record.status == FD_CANARY_ROLLED_BACK)
    weight = 0;

  environment = fd_json_get_string (labels, "env");
  if (environment == NULL)
    environment = fd_json_get_string (labels, "environment");
  if (environment == NULL)
    environment = namespace_;

  id = g_strdup_printf ("%s:%s:%s", uri, name, canary_hash ? canary_hash : "unknown");
  record.id = fd_snapshot_builder_intern (builder, id);
  record.service = fd_snapshot_builder_intern (builder, name);
  record.environment = fd_snapshot_builder_intern (builder, environment ? environment : "production");
  record.canary_version = fd_snapshot_builder_intern (builder, canary_version ? canary_version : "unknown");
  record.baseline_version = fd_snapshot_builder_intern (builder,
                                                        baseline_version ? baseline_version : "unknown");
  record.current_step = (gint32) current;
  record.traffic_percent = CLAMP (weight, 0, 100);
  fd_snapshot_builder_add_canary (builder, &record, (const double *) (gpointer) steps->data, steps->len);

  return g_steal_pointer (&id);
}

/* ---- Prometheus ---- */

/* The points of a matrix answer's first series: timestamp → value; "NaN",
 * infinities and unparseable values are left out. */
static GHashTable *
matrix_points (JsonNode *answer)
{
  GHashTable *points = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  JsonObject *data = answer && JSON_NODE_HOLDS_OBJECT (answer)
                     ? fd_json_get_object (json_node_get_object (answer), "data") : NULL;
  JsonArray *result = fd_json_get_array (data, "result");
  JsonArray *values = fd_json_get_array (fd_json_array_get_object (result, 0), "values");

  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      JsonNode *pair_node = json_array_get_element (values, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (pair_node) ? json_node_get_array (pair_node) : NULL;
      JsonNode *ts_node, *value_node;
      const char *text;
      char *end = NULL;
      double ts, value;

      if (pair == NULL || json_array_get_length (pair) != 2)
        continue;
      ts_node = json_array_get_element (pair, 0);
      value_node = json_array_get_element (pair, 1);
      if (!JSON_NODE_HOLDS_VALUE (ts_node) || !JSON_NODE_HOLDS_VALUE (value_node) ||
          json_node_get_value_type (value_node) != G_TYPE_STRING)
        continue;
      if (json_node_get_value_type (ts_node) != G_TYPE_DOUBLE &&
          json_node_get_value_type (ts_node) != G_TYPE_INT64)
        continue;

      ts = json_node_get_double (ts_node);
      text = json_node_get_string (value_node);
      value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !isfinite (value) || !isfinite (ts) || ts < 0 || ts >= 7258118400.0)
        continue;

      {
        gint64 *key = g_new (gint64, 1);
        double *stored = g_new (double, 1);

        *key = (gint64) llround (ts * 1000.0);
        *stored = value;
        g_hash_table_replace (points, key, stored);
      }
    }

  return points;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

guint
fd_argo_rollouts_add_samples (FdSnapshotBuilder *builder,
                              const char        *canary_id,
                              FdVariant          variant,
                              JsonNode          *series[5])
{
  GHashTable *points[5] = { NULL };
  g_autoptr(GList) stamps = NULL;
  FdStr id = fd_snapshot_builder_intern (builder, canary_id);
  guint n = 0;

  for (guint i = 0; i < 5; i++)
    points[i] = matrix_points (series[i]);

  stamps = g_list_sort (g_hash_table_get_keys (points[0]), compare_int64);
  for (GList *l = stamps; l != NULL; l = l->next)
    {
      double values[5];
      gboolean complete = TRUE;
      FdCanarySample sample = { 0 };

      for (guint i = 0; i < 5 && complete; i++)
        {
          double *value = g_hash_table_lookup (points[i], l->data);

          complete = value != NULL;
          if (complete)
            values[i] = *value;
        }
      if (!complete || values[0] < 0 || values[1] < 0)
        continue;

      sample.canary_id = id;
      sample.variant = variant;
      sample.at = *(gint64 *) l->data * 1000;
      sample.requests = (gint64) llround (values[0]);
      sample.errors = MIN ((gint64) llround (values[1]), sample.requests);
      sample.latency_p50_ms = values[2] * 1000.0;
      sample.latency_p95_ms = values[3] * 1000.0;
      sample.latency_p99_ms = values[4] * 1000.0;
      fd_snapshot_builder_add_sample (builder, &sample);
      n++;
    }

  g_clear_pointer (&stamps, g_list_free);
  for (guint i = 0; i < 5; i++)
    g_hash_table_unref (points[i]);

  return n;
}

static char *
expand (const char *template,
        const char *hash,
        guint       step_s,
        const char *quantile)
{
  g_autoptr(GString) out = g_string_new (template);
  g_autofree char *step = g_strdup_printf ("%u", step_s);

  g_string_replace (out, "$HASH", hash, 0);
  g_string_replace (out, "$STEP", step, 0);
  if (quantile != NULL)
    g_string_replace (out, "$Q", quantile, 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static JsonNode *
query_range (FdHttpClient  *client,
             const char    *base,
             const char    *query,
             FdTime         start,
             FdTime         end,
             guint          step_s,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *escaped = fd_source_escape (query);
  g_autofree char *path = g_strdup_printf ("api/v1/query_range?query=%s&start=%" G_GINT64_FORMAT
                                           "&end=%" G_GINT64_FORMAT "&step=%u",
                                           escaped, start / G_USEC_PER_SEC, end / G_USEC_PER_SEC,
                                           step_s);
  g_autofree char *url = fd_http_join_url (base, path);
  g_autoptr(GError) local_error = NULL;
  JsonNode *answer;
  const char *status;

  answer = fd_http_client_get_json (client, url, NULL, NULL, cancellable, &local_error);
  if (answer == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "Prometheus: %s",
                   local_error->message);
      return NULL;
    }

  status = JSON_NODE_HOLDS_OBJECT (answer) ? fd_json_get_string (json_node_get_object (answer), "status")
                                           : NULL;
  if (g_strcmp0 (status, "success") != 0)
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
      const char *type = fd_json_get_string (object, "errorType");
      const char *message = fd_json_get_string (object, "error");

      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE, "Prometheus: %s%s%s",
                   type ? type : "unexpected answer", message ? ": " : "", message ? message : "");
      json_node_unref (answer);
      return NULL;
    }

  return answer;
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

      if (text != NULL && fd_time_parse_duration (text, &seconds))
        return (guint) CLAMP (seconds, 10, 3600);
      if (fd_json_get_int (pause, "duration", &n) && n > 0)
        return (guint) CLAMP (n, 10, 3600);
    }

  return DEFAULT_STEP_S;
}

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
        query = expand (config->query_requests ? config->query_requests : DEFAULT_REQUESTS, hash, step_s, NULL);
      else if (i == 1)
        query = expand (config->query_errors ? config->query_errors : DEFAULT_ERRORS, hash, step_s, NULL);
      else
        query = expand (config->query_latency ? config->query_latency : DEFAULT_LATENCY, hash, step_s,
                        quantiles[i - 2]);

      series[i] = query_range (client, config->prometheus_url, query, start, end, step_s,
                               cancellable, error);
      ok = series[i] != NULL;
    }

  if (ok)
    fd_argo_rollouts_add_samples (builder, canary_id, variant, series);

  for (guint i = 0; i < 5; i++)
    g_clear_pointer (&series[i], json_node_unref);

  return ok;
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

  items = JSON_NODE_HOLDS_OBJECT (root) ? fd_json_get_array (json_node_get_object (root), "items") : NULL;
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
  g_autofree char *rollouts_path = NULL;
  g_autofree char *replicasets_path = NULL;
  g_autofree char *ns = fd_source_escape (config->locator);
  JsonArray *rollouts, *replicasets;
  FdTime now = g_get_real_time ();

  rollouts_path = g_strdup_printf ("apis/argoproj.io/v1alpha1/namespaces/%s/rollouts", ns);
  replicasets_path = g_strdup_printf ("apis/apps/v1/namespaces/%s/replicasets", ns);

  rollouts = get_items (client, base, rollouts_path, &rollouts_root, cancellable, error);
  if (rollouts == NULL)
    return NULL;
  replicasets = get_items (client, base, replicasets_path, &replicasets_root, cancellable, error);
  if (replicasets == NULL)
    return NULL;

  if (config->prometheus_url != NULL)
    {
      prometheus = fd_http_client_new ();
      fd_http_client_set_timeouts (prometheus, config->timeout_s, 0);
    }

  for (guint i = 0; i < json_array_get_length (rollouts); i++)
    {
      JsonObject *rollout = fd_json_array_get_object (rollouts, i);
      g_autofree char *id = fd_argo_rollouts_map (builder, config->uri, rollout, replicasets, now);
      JsonObject *status = fd_json_get_object (rollout, "status");
      const char *canary_hash = fd_json_get_string (status, "currentPodHash");
      const char *stable_hash = fd_json_get_string (status, "stableRS");
      JsonObject *canary_rs;
      FdTime start;
      guint step_s;

      if (id == NULL || prometheus == NULL || prometheus_error != NULL || canary_hash == NULL)
        continue;

      canary_rs = find_replicaset (replicasets,
                                   fd_json_get_string (fd_json_get_object (rollout, "metadata"), "name"),
                                   canary_hash);
      start = fd_json_get_time (fd_json_get_object (canary_rs, "metadata"), "creationTimestamp");
      if (start == FD_TIME_NONE)
        start = now - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
      step_s = step_seconds (rollout);
      /* No more points than Prometheus answers in one query. */
      start = MAX (start, now - (FdTime) step_s * MAX_POINTS * G_USEC_PER_SEC);

      if (!add_variant_samples (prometheus, config, builder, id, FD_VARIANT_CANARY, canary_hash,
                                start, now, step_s, cancellable, &prometheus_error))
        continue;
      if (stable_hash != NULL && g_strcmp0 (stable_hash, canary_hash) != 0)
        add_variant_samples (prometheus, config, builder, id, FD_VARIANT_BASELINE, stable_hash,
                             start, now, step_s, cancellable, &prometheus_error);
    }

  /* Rollouts come through when Prometheus fails; the status says why the
   * samples are missing. */
  if (prometheus_error != NULL)
    {
      g_autofree char *note = g_strdup_printf ("no canary samples: %s", prometheus_error->message);

      g_message ("%s: %s", config->uri, note);
      fd_live_source_set_note (live, note);
    }
  else
    fd_live_source_set_note (live, NULL);

  records = fd_snapshot_builder_end (g_steal_pointer (&builder));
  return fd_batch_new (config->uri, records, NULL, NULL);
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

  response = fd_http_client_send (client, "PATCH", url, "application/merge-patch+json", bytes, NULL,
                                  cancellable, error);
  return response != NULL;
}

/* A status patch, or the whole-object patch where the CRD has no status
 * subresource (Argo Rollouts before 0.10), as the plugin does. */
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
  JsonArray *pause_conditions, *steps;
  gboolean paused = FALSE, unified = FALSE;
  gboolean spec_patch;
  gint64 index = 0;

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
  fd_json_get_bool (spec, "paused", &paused);
  pause_conditions = fd_json_get_array (status, "pauseConditions");
  steps = fd_json_get_array (canary_strategy (rollout), "steps");
  spec_patch = paused;

  unified_body = g_strdup ("{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null}}");
  if (pause_conditions != NULL && json_array_get_length (pause_conditions) > 0)
    status_body = g_strdup ("{\"status\":{\"pauseConditions\":null}}");
  else if (!resume_only && steps != NULL && json_array_get_length (steps) > 0)
    {
      /* Not paused: promote goes on to the next step. */
      fd_json_get_int (status, "currentStepIndex", &index);
      if (index < (gint64) json_array_get_length (steps))
        index++;
      status_body = g_strdup_printf ("{\"status\":{\"pauseConditions\":null, \"currentStepIndex\":%"
                                     G_GINT64_FORMAT "}}", index);
      g_free (unified_body);
      unified_body = g_strdup_printf ("{\"spec\":{\"paused\":false},\"status\":{\"pauseConditions\":null, "
                                      "\"currentStepIndex\":%" G_GINT64_FORMAT "}}", index);
    }

  if (status_body == NULL && !spec_patch)
    {
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

  if (spec_patch && !unified)
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
      return patch_status (client, url, "{\"status\":{\"abort\":true}}", "{\"status\":{\"abort\":true}}",
                           &unified, cancellable, error);
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
