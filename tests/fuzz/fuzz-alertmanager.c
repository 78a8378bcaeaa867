/* fuzz-alertmanager.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-alertmanager"

#include "config.h"

#include "fuzz-target.h"
#include "fuzz-live.h"

#include "fd-alertmanager-source.h"

/* {"alerts": […], "silences": […]}: the two API v2 answers of one poll. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_live_parse (data, size);
  g_autoptr(FdSourceConfig) config = fd_source_config_new ("alertmanager:", NULL);
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *alerts = fd_json_get_array (object, "alerts");
  JsonArray *silences = fd_json_get_array (object, "silences");

  config->service_label = g_strdup ("team");

  for (guint i = 0; alerts != NULL && i < json_array_get_length (alerts); i++)
    {
      JsonObject *alert = fd_json_array_get_object (alerts, i);

      if (alert != NULL)
        fd_alertmanager_map_alert (builder, config, alert, silences,
                                   G_GINT64_CONSTANT (1795700000) * G_USEC_PER_SEC);
    }

  for (guint i = 0; silences != NULL && i < json_array_get_length (silences); i++)
    {
      JsonObject *silence = fd_json_array_get_object (silences, i);
      FdSilence *mapped = silence ? fd_alertmanager_map_silence ("alertmanager:", silence) : NULL;

      for (guint k = 0; mapped != NULL && mapped->matchers[k] != NULL; k++)
        {
          /* What the UI shows must parse back into a matcher. */
          g_autoptr(JsonNode) matcher = fd_alertmanager_parse_matcher (mapped->matchers[k]);

          (void) matcher;
        }
      fd_silence_free (mapped);
    }

  fuzz_live_check (builder);
  return 0;
}
