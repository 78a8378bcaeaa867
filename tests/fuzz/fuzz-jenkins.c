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
  JsonArray *builds = root && JSON_NODE_HOLDS_OBJECT (root)
                      ? fd_json_get_array (json_node_get_object (root), "builds") : NULL;

  for (guint i = 0; builds != NULL && i < json_array_get_length (builds); i++)
    {
      JsonObject *build = fd_json_array_get_object (builds, i);

      if (build != NULL)
        fd_jenkins_map_build (builder, "jenkins:a/b", "a/b", environments, build);
    }

  fuzz_live_check (builder);
  return 0;
}
