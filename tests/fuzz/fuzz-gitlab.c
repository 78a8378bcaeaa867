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
  guint n_skipped = 0;

  if (root != NULL)
    {
      fd_gitlab_parse_pipelines (root, builder, "gitlab:1", "p", environments, &n_skipped, NULL);
      fd_gitlab_parse_deployments (root, builder, "gitlab:1", "p", &n_skipped, NULL);
    }

  fuzz_live_check (builder);
  return 0;
}
