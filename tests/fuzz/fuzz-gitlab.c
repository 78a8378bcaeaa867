/* fuzz-gitlab.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-gitlab"

#include "config.h"

#include "fuzz-target.h"
#include "fuzz-live.h"

#include "fd-gitlab-source.h"

/* A list whose elements are mapped both as pipelines (with their "detail"
 * and "jobs" members) and as deployments. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_live_parse (data, size);
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new (NULL, NULL);
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *items = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = fd_json_array_get_object (items, i);

          if (item == NULL)
            continue;
          fd_gitlab_map_pipeline (builder, "gitlab:1", "p", environments, item,
                                  fd_json_get_object (item, "detail"), fd_json_get_array (item, "jobs"));
          fd_gitlab_map_deployment (builder, "gitlab:1", "p", item);
        }
    }

  fuzz_live_check (builder);
  return 0;
}
