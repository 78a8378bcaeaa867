/* fd-sources-loader.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sources-loader"

#include "config.h"

#include "fd-sources-loader.h"
#include "fd-history-cache.h"
#include "fd-secret-store.h"
#include "fd-source-settings.h"
#include "fd-sources.h"

#include <string.h>

typedef struct
{
  GPtrArray         *configs;     /* FdSourceConfig, enabled ones */
  GPtrArray         *problems;    /* char* */
  guint              next;
  guint              retention_days;
  FdSourcesProvider *provider;
  FdHistoryCache    *cache;
} Load;

static void
load_free (Load *load)
{
  g_clear_pointer (&load->configs, g_ptr_array_unref);
  g_clear_pointer (&load->problems, g_ptr_array_unref);
  g_clear_object (&load->provider);
  g_clear_object (&load->cache);
  g_free (load);
}

/* ---- The offline history cache ---- */

static void
cache_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fd_history_cache_apply_batch_finish (FD_HISTORY_CACHE (object), result, &error))
    g_message ("The offline history could not be saved: %s", error->message);
}

static void
batch_applied_cb (FdSourcesProvider *provider,
                  FdBatch           *batch,
                  FdHistoryCache    *cache)
{
  fd_history_cache_apply_batch_async (cache, batch, NULL, cache_written_cb, NULL);
}

static void
status_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fd_history_cache_save_status_finish (FD_HISTORY_CACHE (object), result, &error))
    g_message ("The source status could not be saved: %s", error->message);
}

static void
status_changed_cb (FdSourceStatus *status,
                   GParamSpec     *pspec,
                   FdHistoryCache *cache)
{
  const char *uri = g_object_get_data (G_OBJECT (status), "fd-uri");

  /* `flightdeck-cli sources` reads what the window shows from here. */
  if (uri != NULL && !g_str_equal (g_param_spec_get_name (pspec), "next-fetch"))
    fd_history_cache_save_status_async (cache, uri, status, NULL, status_saved_cb, NULL);
}

static void
attach_cache (FdSourcesProvider *provider,
              FdHistoryCache    *cache)
{
  GPtrArray *sources = fd_sources_provider_get_sources (provider);

  g_object_set_data_full (G_OBJECT (provider), "fd-history-cache", g_object_ref (cache),
                          g_object_unref);
  g_signal_connect_object (provider, "batch-applied", G_CALLBACK (batch_applied_cb), cache, 0);
  for (guint i = 0; i < sources->len; i++)
    {
      FdSource *source = g_ptr_array_index (sources, i);
      FdSourceStatus *status = fd_source_get_status (source);

      g_object_set_data_full (G_OBJECT (status), "fd-uri", g_strdup (fd_source_get_uri (source)),
                              g_free);
      g_signal_connect_object (status, "notify", G_CALLBACK (status_changed_cb), cache, 0);
    }
}

static void
cache_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GHashTable) cursors = NULL;
  g_autoptr(FdSnapshot) history = NULL;
  g_autoptr(GError) error = NULL;

  history = fd_history_cache_load_finish (load->cache, result, &cursors, &error);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (history == NULL)
    {
      g_message ("The offline history could not be read: %s", error->message);
      g_ptr_array_add (load->problems, g_strdup_printf ("The offline history could not be read: %s",
                                                        error->message));
    }
  else
    {
      /* The window opens with the last data at once; the first fetch then
       * asks each source only for what changed since its cursor. */
      fd_sources_provider_seed (load->provider, history, cursors);
      attach_cache (load->provider, load->cache);
    }

  g_task_return_pointer (task, g_steal_pointer (&load->provider), g_object_unref);
}

static void
cache_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uris = g_ptr_array_new ();
  GCancellable *cancellable;
  GPtrArray *sources;

  if (!fd_history_cache_open_finish (load->cache, result, &error))
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      g_message ("The offline history is not available: %s", error->message);
      g_ptr_array_add (load->problems, g_strdup_printf ("The offline history is not available: %s",
                                                        error->message));
      g_task_return_pointer (task, g_steal_pointer (&load->provider), g_object_unref);
      return;
    }

  if (fd_history_cache_get_recovery_message (load->cache) != NULL)
    g_ptr_array_add (load->problems, g_strdup (fd_history_cache_get_recovery_message (load->cache)));

  sources = fd_sources_provider_get_sources (load->provider);
  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (uris, (gpointer) fd_source_get_uri (g_ptr_array_index (sources, i)));
  g_ptr_array_add (uris, NULL);

  cancellable = g_task_get_cancellable (task);
  fd_history_cache_load_async (load->cache, (const char * const *) uris->pdata, cancellable,
                               cache_loaded_cb, g_steal_pointer (&task));
}

static void look_up_next (GTask *task);

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  FdSourceConfig *config = g_ptr_array_index (load->configs, load->next);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = fd_secret_store_lookup_finish (result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (error != NULL)
    {
      /* Without the keyring the source is still tried without a token: a
       * public repository or an open Alertmanager works that way. */
      g_message ("%s: cannot read its token: %s", config->uri, error->message);
    }

  fd_source_config_set_token (config, token);
  if (token != NULL)
    explicit_bzero (token, strlen (token));

  load->next++;
  look_up_next (g_steal_pointer (&task));
}

static void
look_up_next (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  g_autoptr(FdSourcesProvider) provider = NULL;

  if (load->next < load->configs->len)
    {
      FdSourceConfig *config = g_ptr_array_index (load->configs, load->next);

      fd_secret_store_lookup_async (config->uri, g_task_get_cancellable (task), token_cb, task);
      return;
    }

  provider = fd_sources_provider_new ();
  for (guint i = 0; i < load->configs->len; i++)
    {
      FdSourceConfig *config = g_ptr_array_index (load->configs, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(FdSource) source = fd_source_new_for_config (config, &error);

      if (source == NULL)
        {
          g_message ("%s: %s", config->uri, error->message);
          g_ptr_array_add (load->problems, g_strdup_printf ("%s: %s", config->uri, error->message));
          continue;
        }
      fd_sources_provider_add_source (provider, source);
    }

  if (fd_sources_provider_get_sources (provider)->len == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  load->provider = g_steal_pointer (&provider);
  {
    g_autofree char *path = fd_history_cache_get_default_path ();

    load->cache = fd_history_cache_new (path);
  }
  fd_history_cache_set_retention_days (load->cache, load->retention_days);
  fd_history_cache_open_async (load->cache, g_task_get_cancellable (task), cache_opened_cb, task);
}

void
fd_sources_loader_load_async (GSettings           *settings,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) configs = NULL;
  Load *load = g_new0 (Load, 1);

  g_return_if_fail (G_IS_SETTINGS (settings));

  g_task_set_source_tag (task, fd_sources_loader_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  configs = fd_source_settings_load (settings, &load->problems);
  load->retention_days = g_settings_get_uint (settings, "history-retention-days");
  load->configs = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_source_config_free);
  /* "Show the simulator instead" keeps the sources but makes none. */
  for (guint i = 0; i < configs->len && !g_settings_get_boolean (settings, "show-simulator"); i++)
    {
      FdSourceConfig *config = g_ptr_array_index (configs, i);

      if (config->enabled)
        g_ptr_array_add (load->configs, fd_source_config_copy (config));
    }

  for (guint i = 0; i < load->problems->len; i++)
    g_message ("%s", (const char *) g_ptr_array_index (load->problems, i));

  look_up_next (task);
}

FdSourcesProvider *
fd_sources_loader_load_finish (GAsyncResult  *result,
                               GPtrArray    **out_problems,
                               GError       **error)
{
  Load *load = g_task_get_task_data (G_TASK (result));
  FdSourcesProvider *provider;

  provider = g_task_propagate_pointer (G_TASK (result), error);
  if (out_problems != NULL)
    *out_problems = load ? g_ptr_array_ref (load->problems) : NULL;

  return provider;
}
