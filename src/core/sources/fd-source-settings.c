/* fd-source-settings.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-source-settings"

#include "config.h"

#include "fd-source-settings.h"
#include "fd-http.h"
#include "fd-source.h"

#include <string.h>

#define MAX_INTERVAL_S (24 * 3600)

typedef struct
{
  const char *key;
  gsize       offset;
} StringField;

static const StringField string_fields[] = {
  { "base-url", G_STRUCT_OFFSET (FdSourceConfig, base_url) },
  { "environment-map", G_STRUCT_OFFSET (FdSourceConfig, environment_map) },
  { "prometheus-url", G_STRUCT_OFFSET (FdSourceConfig, prometheus_url) },
  { "ca-file", G_STRUCT_OFFSET (FdSourceConfig, ca_file) },
  { "service-label", G_STRUCT_OFFSET (FdSourceConfig, service_label) },
  { "environment-label", G_STRUCT_OFFSET (FdSourceConfig, environment_label) },
  { "query-requests", G_STRUCT_OFFSET (FdSourceConfig, query_requests) },
  { "query-errors", G_STRUCT_OFFSET (FdSourceConfig, query_errors) },
  { "query-latency", G_STRUCT_OFFSET (FdSourceConfig, query_latency) },
};

#define FIELD(config, field) (*(char **) G_STRUCT_MEMBER_P ((config), (field)->offset))

/**
 * fd_source_config_to_variant:
 * @config: a config
 *
 * Returns: (transfer floating): an a{sv} dictionary without the token
 */
GVariant *
fd_source_config_to_variant (const FdSourceConfig *config)
{
  GVariantBuilder builder;

  g_return_val_if_fail (config != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "uri", g_variant_new_string (config->uri));
  g_variant_builder_add (&builder, "{sv}", "enabled", g_variant_new_boolean (config->enabled));
  if (config->interval_s > 0)
    g_variant_builder_add (&builder, "{sv}", "interval", g_variant_new_uint32 (config->interval_s));

  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      const char *value = FIELD (config, &string_fields[i]);

      if (value != NULL && *value != '\0')
        g_variant_builder_add (&builder, "{sv}", string_fields[i].key,
                               g_variant_new_string (value));
    }

  return g_variant_builder_end (&builder);
}

/**
 * fd_source_config_new_from_variant:
 * @dict: an a{sv} dictionary from the "sources" key
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the config, without a token
 */
FdSourceConfig *
fd_source_config_new_from_variant (GVariant  *dict,
                                   GError   **error)
{
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *uri = NULL;
  gboolean enabled;
  guint32 interval;

  g_return_val_if_fail (dict != NULL, NULL);

  if (!g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT) ||
      !g_variant_lookup (dict, "uri", "&s", &uri))
    {
      g_set_error_literal (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                           "a source without a “uri” was skipped");
      return NULL;
    }

  config = fd_source_config_new (uri, error);
  if (config == NULL)
    return NULL;

  if (g_variant_lookup (dict, "enabled", "b", &enabled))
    config->enabled = enabled;
  if (g_variant_lookup (dict, "interval", "u", &interval))
    {
      if (interval < 5 || interval > MAX_INTERVAL_S)
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                       "%s: an interval of %u s is out of range (5 s to 24 h)", uri, interval);
          return NULL;
        }
      config->interval_s = interval;
    }

  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      const char *value = NULL;

      if (g_variant_lookup (dict, string_fields[i].key, "&s", &value) && *value != '\0')
        {
          g_free (FIELD (config, &string_fields[i]));
          FIELD (config, &string_fields[i]) = g_strdup (value);
        }
    }

  if (config->base_url != NULL && !fd_http_check_url (config->base_url, &local_error))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: %s", uri, local_error->message);
      return NULL;
    }
  if (config->prometheus_url != NULL && !fd_http_check_url (config->prometheus_url, &local_error))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: Prometheus: %s", uri, local_error->message);
      return NULL;
    }
  if (config->environment_map != NULL)
    {
      g_autoptr(FdEnvironmentMap) map = fd_environment_map_new (config->environment_map,
                                                                &local_error);

      if (map == NULL)
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                       "%s: %s", uri, local_error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&config);
}

/**
 * fd_source_settings_load:
 * @settings: the app's settings
 * @out_problems: (out) (optional) (transfer full): messages for skipped entries
 *
 * Returns: (transfer full) (element-type FdSourceConfig): the sources, in order
 */
GPtrArray *
fd_source_settings_load (GSettings  *settings,
                         GPtrArray **out_problems)
{
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GVariantIter iter;
  GVariant *dict;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  configs = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_source_config_free);
  problems = g_ptr_array_new_with_free_func (g_free);
  list = g_settings_get_value (settings, "sources");

  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      FdSourceConfig *config = fd_source_config_new_from_variant (dict, &error);

      g_variant_unref (dict);
      if (config == NULL)
        {
          g_ptr_array_add (problems, g_strdup (error->message));
          continue;
        }
      if (g_hash_table_contains (seen, config->uri))
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s is listed twice; the second was skipped",
                                                      config->uri));
          fd_source_config_free (config);
          continue;
        }

      g_ptr_array_add (configs, config);
      g_hash_table_add (seen, config->uri);
    }

  if (out_problems != NULL)
    *out_problems = g_steal_pointer (&problems);

  return g_steal_pointer (&configs);
}

void
fd_source_settings_save (GSettings *settings,
                         GPtrArray *configs)
{
  GVariantBuilder builder;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (configs != NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < configs->len; i++)
    g_variant_builder_add_value (&builder,
                                 fd_source_config_to_variant (g_ptr_array_index (configs, i)));

  g_settings_set_value (settings, "sources", g_variant_builder_end (&builder));
}
