/* fd-cli-sources.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fd-cli.h"
#include "fd-history-cache.h"
#include "fd-source-settings.h"
#include "fd-source-status.h"

static const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

/* `flightdeck-cli sources`: what the app has configured, with the status
 * its last fetches left in the history cache. */
static int
sources_main (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) statuses = NULL;
  g_autofree char *cache_path = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  gsize width = 6;

  context = fd_cli_context_new (&fd_cli_sources_command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "flightdeck-cli sources: %s\n", error->message);
      return FD_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, "flightdeck-cli sources: unexpected argument “%s”\n", argv[1]);
      return FD_CLI_EXIT_USAGE;
    }

  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema == NULL)
    {
      fprintf (stderr, "flightdeck-cli sources: the settings of %s are not installed: "
               "install Flightdeck, or set GSETTINGS_SCHEMA_DIR\n", APP_ID);
      return FD_CLI_EXIT_FAILURE;
    }

  settings = g_settings_new_full (schema, NULL, NULL);
  configs = fd_source_settings_load (settings, &problems);

  /* Reading the cache must not make one: only an existing file is opened. */
  cache_path = fd_history_cache_get_default_path ();
  if (g_file_test (cache_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(FdHistoryCache) cache = fd_history_cache_new (cache_path);

      if (fd_history_cache_open_sync (cache, NULL, &error))
        statuses = fd_history_cache_load_statuses_sync (cache, NULL, &error);
      if (error != NULL)
        fprintf (stderr, "flightdeck-cli sources: cannot read the status from %s: %s\n",
                 cache_path, error->message);
      g_clear_error (&error);
    }

  if (configs->len == 0)
    printf ("No sources are configured: Flightdeck shows the simulator.\n"
            "Add one in Preferences → Sources.\n");

  for (guint i = 0; i < configs->len; i++)
    width = MAX (width, (gsize) g_utf8_strlen (((FdSourceConfig *) g_ptr_array_index (configs, i))->uri, -1));

  for (guint i = 0; i < configs->len; i++)
    {
      FdSourceConfig *config = g_ptr_array_index (configs, i);
      FdSourceStatus *status = statuses ? g_hash_table_lookup (statuses, config->uri) : NULL;
      g_autofree char *text = NULL;
      const char *base = fd_source_config_get_base_url (config);

      if (!config->enabled)
        text = g_strdup ("switched off");
      else if (status != NULL)
        text = fd_source_status_describe (status, TRUE);
      else
        text = g_strdup ("not fetched yet");

      printf ("%-*s  %s  %s\n", (int) width, config->uri, text, base ? base : "(no server address)");
    }

  for (guint i = 0; i < problems->len; i++)
    fprintf (stderr, "flightdeck-cli sources: %s\n", (const char *) g_ptr_array_index (problems, i));

  return FD_CLI_EXIT_OK;
}

static const char * const examples[] = {
  "flightdeck-cli sources",
  "Prints one line per source: its URI, its status (e.g. when it last fetched, or its "
  "error) and its server address.",
  NULL
};

const FdCliCommand fd_cli_sources_command = {
  .name = "sources",
  .run = sources_main,
  .tagline = "list the sources the app has configured, with their status",
  .summary = "List the sources the app has configured, with their status",
  .details = "The sources come from the app's settings, their status from the history "
             "cache its last fetches left. Nothing is fetched, and no cache is created.",
  .entries = entries,
  .examples = examples,
};
