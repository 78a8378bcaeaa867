/* fd-prometheus.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fd-http.h"
#include "fd-records.h"

G_BEGIN_DECLS

/*
 * The part of the Prometheus HTTP API the canary samples need: one
 * `GET /api/v1/query_range` per query, and the points of its matrix answer.
 * Blocking, for a source's worker thread.
 */

/* One point of a range vector: the evaluation time and its value. */
typedef struct
{
  FdTime at;
  double value;
} FdPrometheusPoint;

/* The spec's default queries; "$HASH" is the pod-template hash, "$STEP" the
 * step in seconds and "$Q" the quantile ("0.95"). */
#define FD_PROMETHEUS_DEFAULT_REQUESTS \
  "sum(increase(http_requests_total{rollouts_pod_template_hash=\"$HASH\"}[$STEPs]))"
#define FD_PROMETHEUS_DEFAULT_ERRORS \
  "sum(increase(http_requests_total{rollouts_pod_template_hash=\"$HASH\",code=~\"5..\"}[$STEPs]))"
#define FD_PROMETHEUS_DEFAULT_LATENCY \
  "histogram_quantile($Q, sum by (le) (rate(http_request_duration_seconds_bucket" \
  "{rollouts_pod_template_hash=\"$HASH\"}[$STEPs])))"

/* Prometheus answers at most 11 000 points per series; stay below. */
#define FD_PROMETHEUS_MAX_POINTS 10080

/* @template with "$HASH", "$STEP" and "$Q" (nullable) replaced. */
char     *fd_prometheus_expand          (const char    *template,
                                         const char    *hash,
                                         guint          step_s,
                                         const char    *quantile);
/* The query_range URL under @base (start and end in whole seconds). */
char     *fd_prometheus_query_range_url (const char    *base,
                                         const char    *query,
                                         FdTime         start,
                                         FdTime         end,
                                         guint          step_s);
/* Checks the envelope of an answer: {"status":"success","data":{"resultType":
 * "matrix",…}}. {"status":"error","errorType":T,"error":E} fails with
 * "Prometheus: T: E" (FD_HTTP_ERROR_BAD_RESPONSE). */
gboolean  fd_prometheus_check_answer    (JsonNode      *answer,
                                         GError       **error);
/* GET query_range and check the answer. Every failure's message starts
 * with "Prometheus: ", e.g. "Prometheus: 127.0.0.1 refused the connection: …"
 * or "Prometheus: request rejected (HTTP 400): invalid parameter …". */
JsonNode *fd_prometheus_query_range     (FdHttpClient  *client,
                                         const char    *base,
                                         const char    *query,
                                         FdTime         start,
                                         FdTime         end,
                                         guint          step_s,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* The points of the first series of a matrix answer, sorted by time, one
 * per time. "NaN", "+Inf", "-Inf", unparseable values and times outside
 * 1970..2200 are left out, so a missing point and a NaN are alike. Never
 * NULL; empty for anything that is not a matrix. */
GArray   *fd_prometheus_matrix_points   (JsonNode      *answer);
/* Same, from the raw body (for fuzzing); NULL with @error for bad JSON or
 * an error envelope. */
GArray   *fd_prometheus_parse_matrix    (const char    *data,
                                         gsize          len,
                                         GError       **error);

G_END_DECLS
