/* fd-source-config.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-source-config"

#include "config.h"

#include "fd-source-config.h"
#include "fd-source.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (FdSourceConfig, fd_source_config, fd_source_config_copy, fd_source_config_free)

static const struct
{
  FdSourceKind kind;
  const char  *name;
  const char  *default_base_url;
} kinds[] = {
  { FD_SOURCE_KIND_SIMULATOR, "sim", NULL },
  { FD_SOURCE_KIND_FILE, "file", NULL },
  { FD_SOURCE_KIND_GITHUB, "github", "https://api.github.com" },
  { FD_SOURCE_KIND_GITLAB, "gitlab", "https://gitlab.com/api/v4" },
  { FD_SOURCE_KIND_JENKINS, "jenkins", NULL },
  { FD_SOURCE_KIND_ALERTMANAGER, "alertmanager", NULL },
  { FD_SOURCE_KIND_ARGO_ROLLOUTS, "argo-rollouts", NULL },
};

const char *
fd_source_kind_to_string (FdSourceKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (kinds[i].kind == kind)
        return kinds[i].name;
    }

  return "unknown";
}

/**
 * fd_source_config_new:
 * @uri: "kind:locator", e.g. "github:octo-org/octo-repo"
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a config with the defaults, or %NULL
 *   when @uri does not name a known kind
 */
FdSourceConfig *
fd_source_config_new (const char  *uri,
                      GError     **error)
{
  g_autoptr(FdSourceConfig) self = NULL;
  const char *colon;

  g_return_val_if_fail (uri != NULL, NULL);

  colon = strchr (uri, ':');
  if (colon == NULL || colon == uri || !g_utf8_validate (uri, -1, NULL))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a source: write it as kind:locator, e.g. github:owner/repo",
                   g_utf8_validate (uri, -1, NULL) ? uri : "?");
      return NULL;
    }

  self = g_new0 (FdSourceConfig, 1);
  self->since = FD_TIME_NONE;
  self->enabled = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (strlen (kinds[i].name) == (gsize) (colon - uri) &&
          strncmp (uri, kinds[i].name, colon - uri) == 0)
        self->kind = kinds[i].kind;
    }

  if (self->kind == FD_SOURCE_KIND_INVALID)
    {
      g_autofree char *kind = g_strndup (uri, colon - uri);

      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "unknown source kind “%s” (known: github, gitlab, jenkins, "
                   "alertmanager, argo-rollouts, file, sim)", kind);
      return NULL;
    }

  self->uri = g_strdup (uri);
  self->locator = g_strdup (colon + 1);

  return g_steal_pointer (&self);
}

FdSourceConfig *
fd_source_config_copy (const FdSourceConfig *self)
{
  FdSourceConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (FdSourceConfig, 1);
  *copy = *self;
  copy->uri = g_strdup (self->uri);
  copy->locator = g_strdup (self->locator);
  copy->base_url = g_strdup (self->base_url);
  copy->token = g_strdup (self->token);
  copy->environment_map = g_strdup (self->environment_map);
  copy->prometheus_url = g_strdup (self->prometheus_url);
  copy->ca_file = g_strdup (self->ca_file);
  copy->service_label = g_strdup (self->service_label);
  copy->environment_label = g_strdup (self->environment_label);
  copy->query_requests = g_strdup (self->query_requests);
  copy->query_errors = g_strdup (self->query_errors);
  copy->query_latency = g_strdup (self->query_latency);

  return copy;
}

static void
clear_token (char **token)
{
  if (*token != NULL)
    {
      /* Do not leave the secret in freed heap memory. */
      explicit_bzero (*token, strlen (*token));
      g_clear_pointer (token, g_free);
    }
}

void
fd_source_config_free (FdSourceConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->uri);
  g_free (self->locator);
  g_free (self->base_url);
  clear_token (&self->token);
  g_free (self->environment_map);
  g_free (self->prometheus_url);
  g_free (self->ca_file);
  g_free (self->service_label);
  g_free (self->environment_label);
  g_free (self->query_requests);
  g_free (self->query_errors);
  g_free (self->query_latency);
  g_free (self);
}

void
fd_source_config_set_token (FdSourceConfig *self,
                            const char     *token)
{
  g_return_if_fail (self != NULL);

  clear_token (&self->token);
  self->token = (token != NULL && *token != '\0') ? g_strdup (token) : NULL;
}

const char *
fd_source_config_get_base_url (const FdSourceConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->base_url != NULL && *self->base_url != '\0')
    return self->base_url;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (kinds[i].kind == self->kind)
        return kinds[i].default_base_url;
    }

  return NULL;
}

/* FdEnvironmentMap */

typedef struct
{
  GPatternSpec *glob;
  char         *environment;
} MapEntry;

struct _FdEnvironmentMap
{
  GArray *entries;
};

static void
map_entry_clear (MapEntry *entry)
{
  g_clear_pointer (&entry->glob, g_pattern_spec_free);
  g_clear_pointer (&entry->environment, g_free);
}

#define DEFAULT_ENVIRONMENT_MAP "main=production,master=production,*=development"

/**
 * fd_environment_map_new:
 * @map: (nullable): "glob=env" pairs separated by commas; %NULL or "" for the default
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the map, or %NULL when @map is malformed
 */
FdEnvironmentMap *
fd_environment_map_new (const char  *map,
                        GError     **error)
{
  g_autoptr(FdEnvironmentMap) self = g_new0 (FdEnvironmentMap, 1);
  g_auto(GStrv) pairs = NULL;

  if (map == NULL || *map == '\0')
    map = DEFAULT_ENVIRONMENT_MAP;

  self->entries = g_array_new (FALSE, TRUE, sizeof (MapEntry));
  g_array_set_clear_func (self->entries, (GDestroyNotify) map_entry_clear);

  pairs = g_strsplit (map, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *pair = g_strstrip (g_strdup (pairs[i]));
      char *eq;
      MapEntry entry;

      if (*pair == '\0')
        continue;

      eq = strrchr (pair, '=');
      if (eq == NULL || eq == pair || eq[1] == '\0')
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                       "invalid environment map entry “%s”: write glob=environment, "
                       "e.g. main=production", pair);
          return NULL;
        }

      *eq = '\0';
      entry.glob = g_pattern_spec_new (g_strstrip (pair));
      entry.environment = g_strdup (g_strstrip (eq + 1));
      g_array_append_val (self->entries, entry);
    }

  return g_steal_pointer (&self);
}

const char *
fd_environment_map_lookup (FdEnvironmentMap *self,
                           const char       *name)
{
  g_return_val_if_fail (self != NULL, "development");

  if (name == NULL)
    name = "";

  for (guint i = 0; i < self->entries->len; i++)
    {
      MapEntry *entry = &g_array_index (self->entries, MapEntry, i);

      if (g_pattern_spec_match_string (entry->glob, name))
        return entry->environment;
    }

  return "development";
}

void
fd_environment_map_free (FdEnvironmentMap *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->entries, g_array_unref);
  g_free (self);
}
