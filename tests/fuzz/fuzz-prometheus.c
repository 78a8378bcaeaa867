/* fuzz-prometheus.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-prometheus"

#include "config.h"

#include "fuzz-target.h"
#include "fuzz-live.h"

#include "fd-argo-rollouts-source.h"
#include "fd-prometheus.h"

#include <math.h>

/* One query_range answer, as Prometheus sends it. The points must come out
 * sorted, one per time, finite and in the years events v1 can write; the
 * same answer as all five series must give valid canary samples. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = fd_prometheus_parse_matrix ((const char *) data, size, &error);
  g_autoptr(JsonNode) root = NULL;
  FdSnapshotBuilder *builder;
  JsonNode *five[5];

  if (points == NULL)
    {
      if (error == NULL)
        g_error ("fd_prometheus_parse_matrix failed without an error");
      if (!g_str_has_prefix (error->message, "Prometheus: ") &&
          !g_str_has_prefix (error->message, "invalid JSON") &&
          !g_str_has_prefix (error->message, "the server sent"))
        g_error ("unexpected message: %s", error->message);
    }

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const FdPrometheusPoint *p = &g_array_index (points, FdPrometheusPoint, i);

      if (!isfinite (p->value) || p->at < 0 || p->at >= G_GINT64_CONSTANT (7258118400000000))
        g_error ("point %u out of range", i);
      if (i > 0 && g_array_index (points, FdPrometheusPoint, i - 1).at >= p->at)
        g_error ("points not strictly sorted at %u", i);
    }

  root = fuzz_live_parse (data, size);
  builder = fd_snapshot_builder_new ();
  for (guint i = 0; i < 5; i++)
    five[i] = root;
  fd_argo_rollouts_add_samples (builder, "argo-rollouts:ns:app:hash", FD_VARIANT_BASELINE, five);
  fuzz_live_check (builder);

  return 0;
}
