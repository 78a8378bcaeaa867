/* fuzz-jenkins.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-jenkins"

#include "config.h"

#include "fuzz-target.h"
#include "fuzz-live.h"

#include "fd-jenkins-source.h"

/* A job's JSON API answer ({"builds": […]}). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_live_parse (data, size);
  g_autoptr(FdEnvironmentMap) environments = fd_environment_map_new (NULL, NULL);
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  guint n_skipped = 0;

  if (root != NULL)
    fd_jenkins_parse_builds (root, builder, "jenkins:a/b", "a/b", environments, &n_skipped, NULL);

  fuzz_live_check (builder);
  return 0;
}
