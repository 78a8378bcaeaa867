/* test-argo-rollouts-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-argo-rollouts-source"

#include "config.h"

#include "fd-argo-rollouts-source.h"
#include "fd-canary-judge.h"
#include "fd-sources.h"
#include "fd-test-server.h"

#include <string.h>

#define ROLLOUTS "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts"
#define T0 1795700000

typedef enum { PROM_OK, PROM_ERROR, PROM_EMPTY } PromMode;

static int prom_mode = PROM_OK;
static int patch_status = 200;
static int status_subresource = TRUE;
static GMutex lock;
static GPtrArray *patches;     /* "PATH BODY" */
static GPtrArray *queries;
static GPtrArray *ranges;      /* "QUERY start=S end=E", when set */
static int revision = 1;       /* 2: checkout moved on to a new pod-template hash */
static int truncated;
static char *k8s_auth;
static char *prom_auth;

static const char *
series_for (const char *query)
{
  gboolean canary = strstr (query, "6f7c9d8b54") != NULL;

  if (strstr (query, "code=~\"5..\"") != NULL)
    return canary ? "[[%d,\"1\"],[%d,\"NaN\"],[%d,\"2\"]]" : "[[%d,\"0\"],[%d,\"0\"],[%d,\"1\"]]";
  if (strstr (query, "histogram_quantile(0.50") != NULL)
    return "[[%d,\"0.05\"],[%d,\"0.06\"],[%d,\"0.05\"]]";
  if (strstr (query, "histogram_quantile(0.95") != NULL)
    return canary ? "[[%d,\"0.2\"],[%d,\"0.25\"],[%d,\"0.22\"]]" : "[[%d,\"0.15\"],[%d,\"0.15\"],[%d,\"0.16\"]]";
  if (strstr (query, "histogram_quantile(0.99") != NULL)
    return "[[%d,\"0.4\"],[%d,\"+Inf\"],[%d,\"0.45\"]]";
  return canary ? "[[%d,\"100\"],[%d,\"120\"],[%d,\"130.4\"]]" : "[[%d,\"100\"],[%d,\"100\"],[%d,\"100\"]]";
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  g_mutex_lock (&lock);
  if (g_str_has_prefix (path, "/api/v1/"))
    {
      g_free (prom_auth);
      prom_auth = g_strdup (auth ? auth : "(none)");
    }
  else
    {
      g_free (k8s_auth);
      k8s_auth = g_strdup (auth ? auth : "(none)");
    }
  g_mutex_unlock (&lock);

  if (g_str_equal (path, ROLLOUTS) && g_atomic_int_get (&truncated))
    fd_test_server_reply (msg, 200, NULL, "{\"apiVersion\": \"argoproj.io/v1alpha1\", \"items\": [{\"me");
  else if (g_str_equal (path, ROLLOUTS))
    {
      g_autofree char *body = fd_test_server_load_data ("argo-rollouts.json");
      g_autoptr(GString) text = g_string_new (body);

      if (g_atomic_int_get (&revision) == 2)
        g_string_replace (text, "6f7c9d8b54", "7a8b9c0d11", 0);
      fd_test_server_reply (msg, 200, NULL, text->str);
    }
  else if (g_str_equal (path, "/apis/apps/v1/namespaces/shop/replicasets"))
    {
      g_autofree char *body = fd_test_server_load_data ("argo-replicasets.json");

      fd_test_server_reply (msg, 200, NULL, body);
    }
  else if (g_str_has_prefix (path, ROLLOUTS "/") && g_str_equal (method, "PATCH"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

      g_mutex_lock (&lock);
      g_ptr_array_add (patches, g_strdup_printf ("%s %s %.*s", path, type, (int) body->length, body->data));
      g_mutex_unlock (&lock);
      if (g_str_has_suffix (path, "/status") && !g_atomic_int_get (&status_subresource))
        fd_test_server_reply (msg, 404, NULL, "{\"kind\":\"Status\",\"reason\":\"NotFound\",\"code\":404}");
      else if (g_atomic_int_get (&patch_status) == 403)
        fd_test_server_reply (msg, 403, NULL,
                              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                              "\"message\":\"rollouts.argoproj.io \\\"checkout\\\" is forbidden: User "
                              "\\\"system:serviceaccount:shop:viewer\\\" cannot patch resource \\\"rollouts\\\"\","
                              "\"reason\":\"Forbidden\",\"code\":403}");
      else
        fd_test_server_reply (msg, 200, NULL, "{\"kind\":\"Rollout\"}");
    }
  else if (g_str_equal (path, ROLLOUTS "/checkout") && g_str_equal (method, "GET"))
    {
      g_autofree char *list = fd_test_server_load_data ("argo-rollouts.json");
      g_autoptr(JsonNode) node = json_from_string (list, NULL);
      JsonObject *first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "items"), 0);
      g_autoptr(JsonNode) item = json_node_init_object (json_node_alloc (), first);
      g_autofree char *text = json_to_string (item, FALSE);

      fd_test_server_reply (msg, 200, NULL, text);
    }
  else if (g_str_equal (path, ROLLOUTS "/inconclusive") && g_str_equal (method, "GET"))
    fd_test_server_reply (msg, 200, NULL,
                          "{\"metadata\":{\"name\":\"inconclusive\"},\"spec\":{\"strategy\":{\"canary\":"
                          "{\"steps\":[{\"setWeight\":10},{\"analysis\":{}},{\"pause\":{}},{\"setWeight\":50}]}}},"
                          "\"status\":{\"currentStepIndex\":1,\"controllerPause\":true,"
                          "\"pauseConditions\":[{\"reason\":\"InconclusiveAnalysisRun\",\"startTime\":\"2026-11-20T10:00:00Z\"}],"
                          "\"canary\":{\"currentStepAnalysisRunStatus\":{\"name\":\"a-1\",\"status\":\"Inconclusive\"}}}}");
  else if (g_str_equal (path, ROLLOUTS "/spec-paused") && g_str_equal (method, "GET"))
    fd_test_server_reply (msg, 200, NULL,
                          "{\"spec\":{\"paused\":true,\"strategy\":{\"canary\":{\"steps\":[{\"setWeight\":10}]}}},"
                          "\"status\":{\"currentStepIndex\":0}}");
  else if (g_str_equal (path, ROLLOUTS "/search") && g_str_equal (method, "GET"))
    fd_test_server_reply (msg, 200, NULL,
                          "{\"spec\":{\"strategy\":{\"canary\":{\"steps\":[{\"setWeight\":10},{\"pause\":{}},"
                          "{\"setWeight\":50}]}}},\"status\":{\"currentStepIndex\":1}}");
  else if (g_str_equal (path, "/api/v1/query_range"))
    {
      const char *q = g_hash_table_lookup (query, "query");
      g_autofree char *values = NULL;
      g_autofree char *body = NULL;

      g_mutex_lock (&lock);
      g_ptr_array_add (queries, g_strdup_printf ("%s step=%s", q, (char *) g_hash_table_lookup (query, "step")));
      if (ranges != NULL)
        g_ptr_array_add (ranges, g_strdup_printf ("%s start=%s end=%s", q,
                                                  (char *) g_hash_table_lookup (query, "start"),
                                                  (char *) g_hash_table_lookup (query, "end")));
      g_mutex_unlock (&lock);

      if (g_atomic_int_get (&prom_mode) == PROM_ERROR)
        {
          fd_test_server_reply (msg, 400, NULL,
                                "{\"status\":\"error\",\"errorType\":\"bad_data\","
                                "\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error\"}");
          return;
        }
      if (g_atomic_int_get (&prom_mode) == PROM_EMPTY)
        {
          fd_test_server_reply (msg, 200, NULL,
                                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
          return;
        }
      values = g_strdup_printf (series_for (q), T0, T0 + 300, T0 + 600);
      body = g_strdup_printf ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
                              "\"result\":[{\"metric\":{},\"values\":%s}]}}", values);
      fd_test_server_reply (msg, 200, NULL, body);
    }
  else
    fd_test_server_reply (msg, 404, NULL, "{\"kind\":\"Status\",\"code\":404}");
}

static FdSource *
make_source (FdTestServer *server,
             gboolean      with_prometheus)
{
  g_autoptr(FdSourceConfig) config = fd_source_config_new ("argo-rollouts:shop", NULL);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->base_url = g_strdup (fd_test_server_get_url (server));
  if (with_prometheus)
    config->prometheus_url = g_strdup (fd_test_server_get_url (server));
  fd_source_config_set_token (config, "k8s-token");
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_ARGO_ROLLOUTS_SOURCE (source));

  return source;
}

static void
test_argo_mapping_and_samples (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  FdSnapshot *records;
  const FdCanary *canary;
  const FdCanarySample *samples;
  const double *steps;
  gsize n, n_steps, n_canary = 0, n_baseline = 0;

  queries = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server, TRUE);
  g_atomic_int_set (&prom_mode, PROM_OK);

  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);

  fd_snapshot_get_canaries (records, &n);
  g_assert_cmpuint (n, ==, 3);                    /* the blue-green one is not a canary */

  canary = fd_test_find_canary (records, "argo-rollouts:shop:checkout:6f7c9d8b54");
  g_assert_nonnull (canary);
  g_assert_cmpint (canary->status, ==, FD_CANARY_PAUSED);
  steps = fd_snapshot_get_steps (records, canary, &n_steps);
  g_assert_cmpuint (n_steps, ==, 4);
  g_assert_cmpfloat (steps[0], ==, 20);
  g_assert_cmpfloat (steps[1], ==, 50);
  g_assert_cmpfloat (steps[2], ==, 80);
  g_assert_cmpfloat (steps[3], ==, 100);
  /* currentStepIndex 3 (the pause after setWeight 50): the last setWeight at or before it. */
  g_assert_cmpint (canary->current_step, ==, 1);
  g_assert_cmpfloat (canary->traffic_percent, ==, 50);
  g_assert_cmpstr (fd_snapshot_str (records, canary->canary_version), ==, "v2.4.0");
  g_assert_cmpstr (fd_snapshot_str (records, canary->baseline_version), ==, "v2.3.1");
  g_assert_cmpstr (fd_snapshot_str (records, canary->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (records, canary->environment), ==, "production");
  g_assert_cmpint (canary->started_at, ==, fd_test_time ("2026-11-20T10:00:00Z"));
  g_assert_cmpint (canary->finished_at, ==, FD_TIME_NONE);

  canary = fd_test_find_canary (records, "argo-rollouts:shop:search:aaa111");
  g_assert_cmpint (canary->status, ==, FD_CANARY_PROMOTED);
  g_assert_cmpfloat (canary->traffic_percent, ==, 100);
  g_assert_cmpint (canary->finished_at, ==, fd_test_time ("2026-11-19T12:30:00Z"));
  steps = fd_snapshot_get_steps (records, canary, &n_steps);
  g_assert_cmpuint (n_steps, ==, 2);              /* 100 already last: nothing appended */
  g_assert_cmpint (canary->current_step, ==, 1);
  g_assert_cmpstr (fd_snapshot_str (records, canary->environment), ==, "shop");

  canary = fd_test_find_canary (records, "argo-rollouts:shop:cart:ccc333");
  g_assert_cmpint (canary->status, ==, FD_CANARY_ROLLED_BACK);
  steps = fd_snapshot_get_steps (records, canary, &n_steps);
  g_assert_cmpuint (n_steps, ==, 1);
  g_assert_cmpfloat (steps[0], ==, 100);
  g_assert_cmpstr (fd_snapshot_str (records, canary->canary_version), ==, "sha256:abc123");

  /* Samples: NaN and +Inf points are no sample; errors never above requests. */
  samples = fd_snapshot_get_samples (records, &n);
  for (gsize i = 0; i < n; i++)
    {
      const char *id = fd_snapshot_str (records, samples[i].canary_id);

      if (!g_str_equal (id, "argo-rollouts:shop:checkout:6f7c9d8b54"))
        continue;
      if (samples[i].variant == FD_VARIANT_CANARY)
        {
          n_canary++;
          g_assert_cmpint (samples[i].at, !=, (FdTime) (T0 + 300) * G_USEC_PER_SEC);
          if (samples[i].at == (FdTime) T0 * G_USEC_PER_SEC)
            {
              g_assert_cmpint (samples[i].requests, ==, 100);
              g_assert_cmpint (samples[i].errors, ==, 1);
              g_assert_cmpfloat_with_epsilon (samples[i].latency_p95_ms, 200.0, 1e-9);
              g_assert_cmpfloat_with_epsilon (samples[i].latency_p50_ms, 50.0, 1e-9);
              g_assert_cmpfloat_with_epsilon (samples[i].latency_p99_ms, 400.0, 1e-9);
            }
          else
            g_assert_cmpint (samples[i].requests, ==, 130);
        }
      else
        n_baseline++;
    }
  g_assert_cmpuint (n_canary, ==, 2);
  g_assert_cmpuint (n_baseline, ==, 2);            /* the +Inf p99 point goes for both */

  /* The spec's default queries, one query_range each, step = the first pause (5 m). */
  g_assert_true (g_ptr_array_find_with_equal_func (queries,
                 "sum(increase(http_requests_total{rollouts_pod_template_hash=\"6f7c9d8b54\"}[300s])) step=300",
                 g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (queries,
                 "sum(increase(http_requests_total{rollouts_pod_template_hash=\"5d4b7c6a43\",code=~\"5..\"}[300s])) step=300",
                 g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (queries,
                 "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{rollouts_pod_template_hash=\"6f7c9d8b54\"}[300s]))) step=300",
                 g_str_equal, NULL));

  /* The existing judge works on them: with two samples a side it has too
   * few to compare, and says so rather than making up a verdict. */
  {
    g_autoptr(FdCanaryVerdict) verdict =
      fd_canary_judge_snapshot (records, fd_snapshot_lookup (records, "argo-rollouts:shop:checkout:6f7c9d8b54"),
                                FD_TIME_NONE, G_MAXINT64, TRUE, 95, 75);

    g_assert_nonnull (verdict);
    g_assert_cmpuint (verdict->n_metrics, >, 0);
    g_assert_cmpint (verdict->verdict, ==, FD_CANARY_VERDICT_NO_DATA);
    g_test_message ("verdict %s, score %f", fd_canary_verdict_kind_to_string (verdict->verdict),
                    verdict->score);
  }

  g_clear_pointer (&queries, g_ptr_array_unref);
}

static void
test_argo_prometheus_failures (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdSource) no_prom = NULL;
  g_autoptr(GError) error = NULL;
  FdSourceStatus *status;
  gsize n;

  queries = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server, TRUE);
  status = fd_source_get_status (source);

  /* An error envelope: the rollouts still come, the status says why no samples. */
  g_atomic_int_set (&prom_mode, PROM_ERROR);
  {
    g_autoptr(FdBatch) batch = fd_test_fetch (source, NULL, &error);

    g_assert_no_error (error);
    fd_snapshot_get_canaries (fd_batch_get_records (batch), &n);
    g_assert_cmpuint (n, ==, 3);
    fd_snapshot_get_samples (fd_batch_get_records (batch), &n);
    g_assert_cmpuint (n, ==, 0);
    g_assert_nonnull (strstr (fd_source_status_get_message (status), "Prometheus"));
    g_assert_nonnull (strstr (fd_source_status_get_message (status), "parse error"));
  }

  /* Empty results: no samples, no error. */
  g_atomic_int_set (&prom_mode, PROM_EMPTY);
  {
    g_autoptr(FdBatch) batch = fd_test_fetch (source, NULL, &error);

    g_assert_no_error (error);
    fd_snapshot_get_samples (fd_batch_get_records (batch), &n);
    g_assert_cmpuint (n, ==, 0);
    g_assert_null (fd_source_status_get_message (status));
  }

  /* Prometheus down. */
  {
    g_autoptr(FdSourceConfig) config = fd_source_config_new ("argo-rollouts:shop", NULL);
    g_autoptr(FdBatch) batch = NULL;

    config->base_url = g_strdup (fd_test_server_get_url (server));
    config->prometheus_url = g_strdup ("http://127.0.0.1:9");
    no_prom = fd_source_new_for_config (config, &error);
    g_assert_no_error (error);
    batch = fd_test_fetch (no_prom, NULL, &error);
    g_assert_no_error (error);
    fd_snapshot_get_canaries (fd_batch_get_records (batch), &n);
    g_assert_cmpuint (n, ==, 3);
    g_assert_nonnull (strstr (fd_source_status_get_message (fd_source_get_status (no_prom)),
                              "refused"));
  }

  g_clear_pointer (&queries, g_ptr_array_unref);
}

static void
apply_ok (FdSource     *source,
          FdActionKind  kind,
          const char   *target)
{
  g_autoptr(FdAction) action = fd_action_new (kind, target, 0, FD_TIME_NONE);
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_test_apply (source, action, NULL, &error));
  g_assert_no_error (error);
}

static void
test_argo_actions (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdAction) denied = NULL;
  g_autoptr(GError) error = NULL;

  patches = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server, FALSE);

  /* Promote a paused canary: clear the pause conditions on the status subresource. */
  apply_ok (source, FD_ACTION_PROMOTE, "argo-rollouts:shop:checkout:6f7c9d8b54");
  g_assert_cmpuint (patches->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (patches, 0), ==,
                   ROLLOUTS "/checkout/status application/merge-patch+json {\"status\":{\"pauseConditions\":null}}");

  /* Promote a canary that is not paused: on to the next step. */
  apply_ok (source, FD_ACTION_PROMOTE, "search");
  g_assert_cmpstr (g_ptr_array_index (patches, 1), ==,
                   ROLLOUTS "/search/status application/merge-patch+json "
                   "{\"status\":{\"pauseConditions\":null, \"currentStepIndex\":2}}");

  apply_ok (source, FD_ACTION_PAUSE, "argo-rollouts:shop:checkout");
  g_assert_cmpstr (g_ptr_array_index (patches, 2), ==,
                   ROLLOUTS "/checkout application/merge-patch+json {\"spec\":{\"paused\":true}}");

  apply_ok (source, FD_ACTION_ROLL_BACK, "argo-rollouts:shop:checkout:6f7c9d8b54");
  g_assert_cmpstr (g_ptr_array_index (patches, 3), ==,
                   ROLLOUTS "/checkout/status application/merge-patch+json {\"status\":{\"abort\":true}}");

  apply_ok (source, FD_ACTION_RESUME, "argo-rollouts:shop:checkout:6f7c9d8b54");
  g_assert_cmpstr (g_ptr_array_index (patches, 4), ==,
                   ROLLOUTS "/checkout/status application/merge-patch+json {\"status\":{\"pauseConditions\":null}}");

  /* Without a status subresource (Rollouts 0.9): the whole-object patch. */
  g_atomic_int_set (&status_subresource, FALSE);
  apply_ok (source, FD_ACTION_ROLL_BACK, "checkout");
  g_assert_cmpstr (g_ptr_array_index (patches, 6), ==,
                   ROLLOUTS "/checkout application/merge-patch+json {\"status\":{\"abort\":true}}");
  g_atomic_int_set (&status_subresource, TRUE);

  /* A token without permission: the API server's words. */
  g_atomic_int_set (&patch_status, 403);
  denied = fd_action_new (FD_ACTION_PAUSE, "checkout", 0, FD_TIME_NONE);
  g_assert_false (fd_test_apply (source, denied, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "permission denied (HTTP 403)"));
  g_assert_nonnull (strstr (error->message, "cannot patch resource"));
  g_atomic_int_set (&patch_status, 200);

  g_clear_pointer (&patches, g_ptr_array_unref);
}

static gboolean
ranges_have (const char *needle)
{
  gboolean found = FALSE;

  g_mutex_lock (&lock);
  for (guint i = 0; i < ranges->len && !found; i++)
    found = strstr (g_ptr_array_index (ranges, i), needle) != NULL;
  g_mutex_unlock (&lock);

  return found;
}

static void
test_argo_polls (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start_query = NULL;
  const FdCanary *canary;
  FdSnapshot *records;
  gsize n;

  queries = g_ptr_array_new_with_free_func (g_free);
  ranges = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server, TRUE);
  g_atomic_int_set (&prom_mode, PROM_OK);
  g_atomic_int_set (&revision, 1);

  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fd_batch_get_cursor (first));
  /* The API server got the token, Prometheus did not. */
  g_mutex_lock (&lock);
  g_assert_cmpstr (k8s_auth, ==, "Bearer k8s-token");
  g_assert_cmpstr (prom_auth, ==, "(none)");
  g_mutex_unlock (&lock);
  /* The first range starts when the canary's ReplicaSet was made. */
  g_assert_true (ranges_have ("\"6f7c9d8b54\"}[300s])) start=1795168800 end="));

  /* Poll 2: from the last sample on, not from the start again; the
   * promoted canary has all its samples, so it is not asked again. */
  g_ptr_array_set_size (ranges, 0);
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  start_query = g_strdup_printf ("\"6f7c9d8b54\"}[300s])) start=%d end=", T0 + 600);
  g_assert_true (ranges_have (start_query));
  g_assert_false (ranges_have ("start=1795168800"));
  g_assert_false (ranges_have ("aaa111"));
  g_assert_false (ranges_have ("ccc333"));
  fd_snapshot_get_canaries (fd_batch_get_records (second), &n);
  g_assert_cmpuint (n, ==, 3);

  /* Poll 3: checkout moved on to a new revision before it was promoted:
   * the old canary is over, not promoted; the new one starts. */
  g_atomic_int_set (&revision, 2);
  third = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (third);
  fd_snapshot_get_canaries (records, &n);
  g_assert_cmpuint (n, ==, 4);
  canary = fd_test_find_canary (records, "argo-rollouts:shop:checkout:6f7c9d8b54");
  g_assert_nonnull (canary);
  g_assert_cmpint (canary->status, ==, FD_CANARY_ROLLED_BACK);
  g_assert_cmpint (canary->finished_at, !=, FD_TIME_NONE);
  g_assert_cmpint (canary->started_at, ==, fd_test_time ("2026-11-20T10:00:00Z"));
  g_assert_cmpfloat (canary->traffic_percent, ==, 0);
  g_assert_cmpstr (fd_snapshot_str (records, canary->canary_version), ==, "v2.4.0");
  g_assert_cmpstr (fd_snapshot_str (records, canary->baseline_version), ==, "v2.3.1");
  g_assert_cmpstr (fd_snapshot_str (records, canary->environment), ==, "production");
  canary = fd_test_find_canary (records, "argo-rollouts:shop:checkout:7a8b9c0d11");
  g_assert_nonnull (canary);
  g_assert_cmpint (canary->status, ==, FD_CANARY_PAUSED);

  /* Once closed, it is not closed again. */
  {
    g_autoptr(FdBatch) fourth = fd_test_fetch (source, fd_batch_get_cursor (third), &error);

    g_assert_no_error (error);
    g_assert_null (fd_test_find_canary (fd_batch_get_records (fourth),
                                        "argo-rollouts:shop:checkout:6f7c9d8b54"));
  }

  /* A list cut off mid-way fails the fetch, with where it broke. */
  g_atomic_int_set (&truncated, TRUE);
  {
    g_autoptr(FdBatch) none = fd_test_fetch (source, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
    g_assert_true (g_str_has_prefix (error->message, "invalid JSON at byte "));
    g_assert_null (strstr (error->message, "k8s-token"));
    g_clear_error (&error);
  }
  g_atomic_int_set (&truncated, FALSE);
  g_atomic_int_set (&revision, 1);

  g_mutex_lock (&lock);
  g_clear_pointer (&k8s_auth, g_free);
  g_clear_pointer (&prom_auth, g_free);
  g_mutex_unlock (&lock);
  g_clear_pointer (&ranges, g_ptr_array_unref);
  g_clear_pointer (&queries, g_ptr_array_unref);
}

static void
test_argo_promote_cases (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdAction) resume = NULL;
  g_autoptr(GError) error = NULL;

  patches = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server, FALSE);

  /* An inconclusive analysis paused the controller: as the plugin does. */
  apply_ok (source, FD_ACTION_PROMOTE, "inconclusive");
  g_assert_cmpuint (patches->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (patches, 0), ==,
                   ROLLOUTS "/inconclusive/status application/merge-patch+json "
                   "{\"status\":{\"pauseConditions\":null, \"controllerPause\":false, "
                   "\"currentStepIndex\":2}}");

  /* spec.paused with no pause condition: the spec patch alone. */
  apply_ok (source, FD_ACTION_RESUME, "spec-paused");
  g_assert_cmpuint (patches->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (patches, 1), ==,
                   ROLLOUTS "/spec-paused application/merge-patch+json {\"spec\":{\"paused\":false}}");

  /* Resume on a rollout that is not paused does nothing, and says so. */
  resume = fd_action_new (FD_ACTION_RESUME, "search", 0, FD_TIME_NONE);
  g_assert_false (fd_test_apply (source, resume, NULL, &error));
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (patches->len, ==, 2);
  g_clear_error (&error);

  /* A rollout the API server does not know. */
  {
    g_autoptr(FdAction) missing = fd_action_new (FD_ACTION_PROMOTE, "argo-rollouts:shop:nope:abc",
                                                 0, FD_TIME_NONE);

    g_assert_false (fd_test_apply (source, missing, NULL, &error));
    g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_clear_pointer (&patches, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/argo-rollouts-source/mapping-and-samples", test_argo_mapping_and_samples);
  g_test_add_func ("/flightdeck/argo-rollouts-source/prometheus-failures", test_argo_prometheus_failures);
  g_test_add_func ("/flightdeck/argo-rollouts-source/actions", test_argo_actions);
  g_test_add_func ("/flightdeck/argo-rollouts-source/polls", test_argo_polls);
  g_test_add_func ("/flightdeck/argo-rollouts-source/promote-cases", test_argo_promote_cases);

  return g_test_run ();
}
