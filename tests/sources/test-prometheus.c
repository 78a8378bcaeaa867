/* test-prometheus.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-prometheus"

#include "config.h"

#include "fd-prometheus.h"
#include "fd-test-server.h"
#include "fd-time.h"

#include <string.h>

typedef enum
{
  ANSWER_MATRIX,
  ANSWER_ERROR_400,
  ANSWER_ERROR_200,
  ANSWER_UNAVAILABLE,
  ANSWER_TRUNCATED,
  ANSWER_VECTOR,
  ANSWER_EMPTY,
} Answer;

static int answer = ANSWER_MATRIX;
static GMutex lock;
static GHashTable *last_params;
static char *last_authorization;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  g_autofree char *matrix = NULL;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (!g_str_equal (path, "/api/v1/query_range"))
    {
      fd_test_server_reply (msg, 404, "text/plain", "404 page not found\n");
      return;
    }

  g_mutex_lock (&lock);
  g_clear_pointer (&last_params, g_hash_table_unref);
  last_params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (last_params, g_strdup (key), g_strdup (value));
    }
  g_free (last_authorization);
  last_authorization = g_strdup (auth);
  g_mutex_unlock (&lock);

  switch (g_atomic_int_get (&answer))
    {
    case ANSWER_MATRIX:
      matrix = fd_test_server_load_data ("prometheus-query-range.json");
      fd_test_server_reply (msg, 200, NULL, matrix);
      break;
    case ANSWER_ERROR_400:
      matrix = fd_test_server_load_data ("prometheus-error.json");
      fd_test_server_reply (msg, 400, NULL, matrix);
      break;
    case ANSWER_ERROR_200:
      matrix = fd_test_server_load_data ("prometheus-error.json");
      fd_test_server_reply (msg, 200, NULL, matrix);
      break;
    case ANSWER_UNAVAILABLE:
      fd_test_server_reply (msg, 503, NULL,
                            "{\"status\":\"error\",\"errorType\":\"timeout\","
                            "\"error\":\"query timed out in expression evaluation\"}");
      break;
    case ANSWER_TRUNCATED:
      fd_test_server_reply (msg, 200, NULL,
                            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
                            "\"result\":[{\"metric\":{},\"values\":[[1795700000,\"1");
      break;
    case ANSWER_VECTOR:
      fd_test_server_reply (msg, 200, NULL,
                            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                            "\"result\":[{\"metric\":{},\"value\":[1795700000,\"1\"]}]}}");
      break;
    case ANSWER_EMPTY:
    default:
      fd_test_server_reply (msg, 200, NULL,
                            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
                            "\"result\":[]}}");
      break;
    }
}

static void
test_prometheus_expand (void)
{
  g_autofree char *requests = fd_prometheus_expand (FD_PROMETHEUS_DEFAULT_REQUESTS, "6f7c9d8b54",
                                                    300, NULL);
  g_autofree char *errors = fd_prometheus_expand (FD_PROMETHEUS_DEFAULT_ERRORS, "6f7c9d8b54",
                                                  60, NULL);
  g_autofree char *latency = fd_prometheus_expand (FD_PROMETHEUS_DEFAULT_LATENCY, "5d4b7c6a43",
                                                   60, "0.99");
  g_autofree char *custom = fd_prometheus_expand ("sum(rate(x{pod_hash=\"$HASH\"}[$STEPs])) * $Q",
                                                  "abc", 30, "0.5");

  /* The spec's defaults, to the letter. */
  g_assert_cmpstr (requests, ==,
                   "sum(increase(http_requests_total{rollouts_pod_template_hash=\"6f7c9d8b54\"}[300s]))");
  g_assert_cmpstr (errors, ==,
                   "sum(increase(http_requests_total{rollouts_pod_template_hash=\"6f7c9d8b54\","
                   "code=~\"5..\"}[60s]))");
  g_assert_cmpstr (latency, ==,
                   "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket"
                   "{rollouts_pod_template_hash=\"5d4b7c6a43\"}[60s])))");
  g_assert_cmpstr (custom, ==, "sum(rate(x{pod_hash=\"abc\"}[30s])) * 0.5");
}

static void
test_prometheus_matrix_points (void)
{
  g_autofree char *data = fd_test_server_load_data ("prometheus-query-range.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = fd_prometheus_parse_matrix (data, strlen (data), &error);
  const FdPrometheusPoint *p;

  g_assert_no_error (error);
  g_assert_nonnull (points);
  /* NaN, +Inf and -Inf are left out. */
  g_assert_cmpuint (points->len, ==, 4);
  p = &g_array_index (points, FdPrometheusPoint, 0);
  g_assert_cmpint (p->at, ==, (FdTime) 1795700000 * G_USEC_PER_SEC);
  g_assert_cmpfloat (p->value, ==, 118);
  p = &g_array_index (points, FdPrometheusPoint, 1);
  g_assert_cmpint (p->at, ==, (FdTime) 1795700120 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (p->value, 124.66666666666667, 1e-9);
  p = &g_array_index (points, FdPrometheusPoint, 2);
  g_assert_cmpint (p->at, ==, (FdTime) 1795700240 * G_USEC_PER_SEC + G_USEC_PER_SEC / 2);
  g_assert_cmpfloat (p->value, ==, 0.0325);
  p = &g_array_index (points, FdPrometheusPoint, 3);
  g_assert_cmpfloat (p->value, ==, 100);

  /* Odd shapes: unsorted, duplicate times (the last wins), values that are
   * not strings, times out of range, pairs of the wrong length. */
  {
    const char *odd =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
      "{\"metric\":{\"a\":\"1\"},\"values\":[[20,\"2\"],[10,\"1\"],[20,\"3\"],[30,4],"
      "[-5,\"1\"],[9999999999,\"1\"],[40],[\"50\",\"1\"],[60,\"1x\"],[70,\"\"]]},"
      "{\"metric\":{\"a\":\"2\"},\"values\":[[10,\"100\"]]}]}}";
    g_autoptr(GArray) got = fd_prometheus_parse_matrix (odd, strlen (odd), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (got->len, ==, 2);
    g_assert_cmpint (g_array_index (got, FdPrometheusPoint, 0).at, ==, 10 * G_USEC_PER_SEC);
    g_assert_cmpfloat (g_array_index (got, FdPrometheusPoint, 0).value, ==, 1);
    g_assert_cmpfloat (g_array_index (got, FdPrometheusPoint, 1).value, ==, 3);
  }

  /* Not a matrix, or not even an answer: no points, never a crash. */
  {
    g_autoptr(JsonNode) node = json_from_string ("[1,2]", NULL);
    g_autoptr(GArray) none = fd_prometheus_matrix_points (node);
    g_autoptr(GArray) null_answer = fd_prometheus_matrix_points (NULL);

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (null_answer->len, ==, 0);
  }
}

static void
test_prometheus_error_envelope (void)
{
  g_autofree char *data = fd_test_server_load_data ("prometheus-error.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = fd_prometheus_parse_matrix (data, strlen (data), &error);

  g_assert_null (points);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "Prometheus: bad_data: invalid parameter \"query\": 1:14: parse error: "
                   "unexpected character inside braces: '~'");
}

static JsonNode *
query (FdTestServer  *server,
       const char    *base,
       GError       **error)
{
  g_autoptr(FdHttpClient) client = fd_http_client_new ();

  return fd_prometheus_query_range (client, base ? base : fd_test_server_get_url (server),
                                    "sum(increase(http_requests_total{rollouts_pod_template_hash=\"h\"}[60s]))",
                                    (FdTime) 1795700000 * G_USEC_PER_SEC + 123456,
                                    (FdTime) 1795703600 * G_USEC_PER_SEC, 60, NULL, error);
}

static void
test_prometheus_query_range (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;

  fd_test_server_add_handler (server, NULL, handler, NULL);

  /* The request: one GET with the query, whole-second start and end, and the step. */
  g_atomic_int_set (&answer, ANSWER_MATRIX);
  {
    g_autoptr(JsonNode) node = query (server, NULL, &error);
    g_autoptr(GArray) points = NULL;

    g_assert_no_error (error);
    points = fd_prometheus_matrix_points (node);
    g_assert_cmpuint (points->len, ==, 4);
  }
  log = fd_test_server_dup_log (server);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (log, 0), "GET /api/v1/query_range?query="));
  g_mutex_lock (&lock);
  g_assert_cmpstr (g_hash_table_lookup (last_params, "query"), ==,
                   "sum(increase(http_requests_total{rollouts_pod_template_hash=\"h\"}[60s]))");
  g_assert_cmpstr (g_hash_table_lookup (last_params, "start"), ==, "1795700000");
  g_assert_cmpstr (g_hash_table_lookup (last_params, "end"), ==, "1795703600");
  g_assert_cmpstr (g_hash_table_lookup (last_params, "step"), ==, "60");
  g_assert_cmpuint (g_hash_table_size (last_params), ==, 4);
  g_assert_null (last_authorization);
  g_mutex_unlock (&lock);

  /* A base URL with a path prefix (Prometheus behind a proxy at /prometheus/). */
  {
    g_autofree char *base = g_strdup_printf ("%s/prometheus/", fd_test_server_get_url (server));
    g_autoptr(JsonNode) node = query (server, base, &error);

    g_assert_null (node);
    g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND);
    g_assert_true (g_str_has_prefix (error->message, "Prometheus: "));
    g_clear_error (&error);
    g_clear_pointer (&log, g_ptr_array_unref);
    log = fd_test_server_dup_log (server);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (log, 1),
                                     "GET /prometheus/api/v1/query_range?query="));
  }

  /* The error envelope on a 400: Prometheus's own words. */
  g_atomic_int_set (&answer, ANSWER_ERROR_400);
  g_assert_null (query (server, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT);
  g_assert_true (g_str_has_prefix (error->message, "Prometheus: "));
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
  g_assert_nonnull (strstr (error->message, "parse error: unexpected character inside braces"));
  g_clear_error (&error);

  /* The same envelope with a 200 (a proxy that rewrites the status). */
  g_atomic_int_set (&answer, ANSWER_ERROR_200);
  g_assert_null (query (server, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_assert_true (g_str_has_prefix (error->message, "Prometheus: bad_data: invalid parameter"));
  g_clear_error (&error);

  /* 503 on a query timeout: transient, with the reason. */
  g_atomic_int_set (&answer, ANSWER_UNAVAILABLE);
  g_assert_null (query (server, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_SERVER);
  g_assert_true (fd_http_error_is_transient (error));
  g_assert_nonnull (strstr (error->message, "query timed out in expression evaluation"));
  g_clear_error (&error);

  /* A body cut off mid-way. */
  g_atomic_int_set (&answer, ANSWER_TRUNCATED);
  g_assert_null (query (server, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_assert_true (g_str_has_prefix (error->message, "Prometheus: invalid JSON at byte "));
  g_clear_error (&error);

  /* An instant vector where a matrix belongs. */
  g_atomic_int_set (&answer, ANSWER_VECTOR);
  g_assert_null (query (server, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (error->message, ==, "Prometheus: expected a matrix, got “vector”");
  g_clear_error (&error);

  /* No series at all is an answer, with no points. */
  g_atomic_int_set (&answer, ANSWER_EMPTY);
  {
    g_autoptr(JsonNode) node = query (server, NULL, &error);
    g_autoptr(GArray) points = fd_prometheus_matrix_points (node);

    g_assert_no_error (error);
    g_assert_cmpuint (points->len, ==, 0);
  }

  /* Nobody listening. */
  g_assert_null (query (server, "http://127.0.0.1:9", &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==,
                   "Prometheus: 127.0.0.1 refused the connection: is the server running?");
  g_clear_error (&error);

  g_mutex_lock (&lock);
  g_clear_pointer (&last_params, g_hash_table_unref);
  g_clear_pointer (&last_authorization, g_free);
  g_mutex_unlock (&lock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/prometheus/expand", test_prometheus_expand);
  g_test_add_func ("/flightdeck/prometheus/matrix-points", test_prometheus_matrix_points);
  g_test_add_func ("/flightdeck/prometheus/error-envelope", test_prometheus_error_envelope);
  g_test_add_func ("/flightdeck/prometheus/query-range", test_prometheus_query_range);

  return g_test_run ();
}
