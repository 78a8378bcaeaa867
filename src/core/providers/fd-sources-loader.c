/* fd-sources-loader.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sources-loader"

#include "config.h"

#include "fd-sources-loader.h"
#include "fd-secret-store.h"
#include "fd-source-settings.h"
#include "fd-sources.h"

#include <string.h>

typedef struct
{
  GPtrArray *configs;     /* FdSourceConfig, enabled ones */
  GPtrArray *problems;    /* char* */
  guint      next;
} Load;

static void
load_free (Load *load)
{
  g_clear_pointer (&load->configs, g_ptr_array_unref);
  g_clear_pointer (&load->problems, g_ptr_array_unref);
  g_free (load);
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
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, g_steal_pointer (&provider), g_object_unref);
  g_object_unref (task);
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
  load->configs = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_source_config_free);
  for (guint i = 0; i < configs->len; i++)
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
