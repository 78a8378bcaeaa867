/* fuzz-argo-rollouts.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-argo-rollouts"

#include "config.h"

#include "fuzz-target.h"
#include "fuzz-live.h"

#include "fd-argo-rollouts-source.h"

/* {"rollouts": List, "replicasets": List, "series": [five Prometheus
 * query_range answers]}. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_live_parse (data, size);
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *rollouts = fd_json_get_array (fd_json_get_object (object, "rollouts"), "items");
  JsonArray *replicasets = fd_json_get_array (fd_json_get_object (object, "replicasets"), "items");
  JsonArray *series = fd_json_get_array (object, "series");

  for (guint i = 0; rollouts != NULL && i < json_array_get_length (rollouts); i++)
    {
      JsonObject *rollout = fd_json_array_get_object (rollouts, i);
      g_autofree char *id = rollout ? fd_argo_rollouts_map (builder, "argo-rollouts:ns", rollout,
                                                            replicasets,
                                                            G_GINT64_CONSTANT (1795700000) * G_USEC_PER_SEC)
                                    : NULL;

      if (id != NULL && series != NULL && json_array_get_length (series) == 5)
        {
          JsonNode *five[5];

          for (guint k = 0; k < 5; k++)
            five[k] = json_array_get_element (series, k);
          fd_argo_rollouts_add_samples (builder, id, FD_VARIANT_CANARY, five);
        }
    }

  fuzz_live_check (builder);
  return 0;
}
