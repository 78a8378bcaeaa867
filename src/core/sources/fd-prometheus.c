/* fd-prometheus.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-prometheus"

#include "config.h"

#include "fd-prometheus.h"
#include "fd-json.h"
#include "fd-source-util.h"

#include <math.h>
#include <string.h>

/* 2200-01-01T00:00:00Z: the last instant events v1 can write. */
#define MAX_SECONDS 7258118400.0

char *
fd_prometheus_expand (const char *template,
                      const char *hash,
                      guint       step_s,
                      const char *quantile)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *step = g_strdup_printf ("%u", step_s);

  g_return_val_if_fail (template != NULL, NULL);
  g_return_val_if_fail (hash != NULL, NULL);

  out = g_string_new (template);
  g_string_replace (out, "$HASH", hash, 0);
  g_string_replace (out, "$STEP", step, 0);
  if (quantile != NULL)
    g_string_replace (out, "$Q", quantile, 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
fd_prometheus_query_range_url (const char *base,
                               const char *query,
                               FdTime      start,
                               FdTime      end,
                               guint       step_s)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  escaped = fd_source_escape (query);
  path = g_strdup_printf ("api/v1/query_range?query=%s&start=%" G_GINT64_FORMAT
                          "&end=%" G_GINT64_FORMAT "&step=%u",
                          escaped, start / G_USEC_PER_SEC, end / G_USEC_PER_SEC, MAX (step_s, 1));

  return fd_http_join_url (base, path);
}

gboolean
fd_prometheus_check_answer (JsonNode  *answer,
                            GError   **error)
{
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer)
                                                                 : NULL;
  const char *status = fd_json_get_string (object, "status");
  const char *type, *message, *result_type;

  if (g_strcmp0 (status, "error") == 0)
    {
      type = fd_json_get_string (object, "errorType");
      message = fd_json_get_string (object, "error");
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE, "Prometheus: %s: %s",
                   type ? type : "error", message ? message : "no reason given");
      return FALSE;
    }

  if (g_strcmp0 (status, "success") != 0)
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "Prometheus: unexpected answer (no \"status\": is this the "
                           "Prometheus address?)");
      return FALSE;
    }

  result_type = fd_json_get_string (fd_json_get_object (object, "data"), "resultType");
  if (g_strcmp0 (result_type, "matrix") != 0)
    {
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                   "Prometheus: expected a matrix, got “%s”",
                   result_type ? result_type : "nothing");
      return FALSE;
    }

  return TRUE;
}

JsonNode *
fd_prometheus_query_range (FdHttpClient  *client,
                           const char    *base,
                           const char    *query,
                           FdTime         start,
                           FdTime         end,
                           guint          step_s,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  g_return_val_if_fail (FD_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  url = fd_prometheus_query_range_url (base, query, start, end, step_s);
  answer = fd_http_client_get_json (client, url, NULL, NULL, cancellable, &local_error);
  if (answer == NULL)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                             "an empty answer");
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code, "Prometheus: %s",
                     local_error->message);
      return NULL;
    }

  if (!fd_prometheus_check_answer (answer, error))
    return NULL;

  return g_steal_pointer (&answer);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const FdPrometheusPoint *x = a, *y = b;

  return (x->at > y->at) - (x->at < y->at);
}

static gboolean
parse_point (JsonNode          *node,
             FdPrometheusPoint *out)
{
  JsonArray *pair = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  JsonNode *ts_node, *value_node;
  const char *text;
  char *end = NULL;
  double ts, value;
  GType ts_type;

  if (pair == NULL || json_array_get_length (pair) != 2)
    return FALSE;

  ts_node = json_array_get_element (pair, 0);
  value_node = json_array_get_element (pair, 1);
  if (!JSON_NODE_HOLDS_VALUE (ts_node) || !JSON_NODE_HOLDS_VALUE (value_node) ||
      json_node_get_value_type (value_node) != G_TYPE_STRING)
    return FALSE;

  ts_type = json_node_get_value_type (ts_node);
  if (ts_type != G_TYPE_DOUBLE && ts_type != G_TYPE_INT64)
    return FALSE;

  ts = json_node_get_double (ts_node);
  text = json_node_get_string (value_node);
  /* Prometheus writes values as strings: "12.5", "NaN", "+Inf", "-Inf". */
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) ||
      !isfinite (ts) || ts < 0 || ts >= MAX_SECONDS)
    return FALSE;

  out->at = (FdTime) llround (ts * 1000.0) * 1000;
  out->value = value;
  return TRUE;
}

GArray *
fd_prometheus_matrix_points (JsonNode *answer)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (FdPrometheusPoint));
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer)
                                                                 : NULL;
  JsonObject *data = fd_json_get_object (object, "data");
  JsonArray *result = fd_json_get_array (data, "result");
  JsonArray *values;
  guint kept = 0;

  if (g_strcmp0 (fd_json_get_string (data, "resultType"), "matrix") != 0)
    return points;

  /* The default queries sum into one series; a template that does not
   * gives several, and the first stands for the variant. */
  values = fd_json_get_array (fd_json_array_get_object (result, 0), "values");
  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      FdPrometheusPoint point;

      if (parse_point (json_array_get_element (values, i), &point))
        g_array_append_val (points, point);
    }

  /* Prometheus sends them in order; make sure, and keep the last of equal times. */
  g_array_sort (points, compare_points);
  for (guint i = 0; i < points->len; i++)
    {
      FdPrometheusPoint *p = &g_array_index (points, FdPrometheusPoint, i);

      if (kept > 0 && g_array_index (points, FdPrometheusPoint, kept - 1).at == p->at)
        g_array_index (points, FdPrometheusPoint, kept - 1) = *p;
      else
        g_array_index (points, FdPrometheusPoint, kept++) = *p;
    }
  g_array_set_size (points, kept);

  return points;
}

GArray *
fd_prometheus_parse_matrix (const char  *data,
                            gsize        len,
                            GError     **error)
{
  g_autoptr(JsonNode) answer = fd_http_parse_json (data, len, error);

  if (answer == NULL || !fd_prometheus_check_answer (answer, error))
    return NULL;

  return fd_prometheus_matrix_points (answer);
}
