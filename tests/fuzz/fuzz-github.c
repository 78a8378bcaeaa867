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
 * answer), or a deployments list (each may carry its "statuses" and its
 * "committed_at"). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_live_parse (data, size);
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new (NULL, NULL);
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  guint n_skipped = 0;

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    fd_github_parse_deployments (root, builder, "github:o/r", "r", &n_skipped, NULL);
  else if (root != NULL)
    fd_github_parse_runs (root, builder, "github:o/r", "r", environments, &n_skipped, NULL);

  fuzz_live_check (builder);
  return 0;
}
