/* fuzz-github.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-github"

#include "config.h"

#include "fuzz-target.h"
#include "fuzz-live.h"

#include "fd-github-source.h"

/* A runs page ({"workflow_runs": […]}, each run may carry its "jobs"
 * answer), or a deployments list (each may carry its "statuses"). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_live_parse (data, size);
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new (NULL, NULL);
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonArray *runs = fd_json_get_array (json_node_get_object (root), "workflow_runs");

      for (guint i = 0; runs != NULL && i < json_array_get_length (runs); i++)
        {
          JsonObject *run = fd_json_array_get_object (runs, i);

          if (run != NULL)
            fd_github_map_run (builder, "github:o/r", "r", environments, run,
                               fd_json_get_object (run, "jobs"));
        }
      fd_github_map_runs_page (builder, "github:o/r", root, NULL);
    }
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *deployments = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (deployments); i++)
        {
          JsonObject *deployment = fd_json_array_get_object (deployments, i);

          if (deployment != NULL)
            fd_github_map_deployment (builder, "github:o/r", "r", deployment,
                                      fd_json_get_array (deployment, "statuses"),
                                      fd_json_get_time (deployment, "committed_at"));
        }
    }

  fuzz_live_check (builder);
  return 0;
}
