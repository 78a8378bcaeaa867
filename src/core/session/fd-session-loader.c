/* fd-session-loader.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-session-loader"

#include "config.h"

#include <string.h>

#include "fd-session-loader.h"
#include "fd-history-cache.h"
#include "fd-secret-store.h"
#include "fd-source-settings.h"
#include "fd-sources.h"

typedef struct
{
  FdSession      *session;
  GPtrArray      *configs;     /* FdSourceConfig, the enabled ones */
  GPtrArray      *sources;     /* FdSource, made from configs */
  GPtrArray      *made;        /* FdSourceConfig of each source */
  GPtrArray      *seeds;       /* FdBatch or NULL, per source */
  GPtrArray      *problems;    /* char* */
  guint           next;
  guint           retention_days;
  FdHistoryCache *cache;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->session);
  g_clear_pointer (&load->configs, g_ptr_array_unref);
  g_clear_pointer (&load->sources, g_ptr_array_unref);
  g_clear_pointer (&load->made, g_ptr_array_unref);
  g_clear_pointer (&load->seeds, g_ptr_array_unref);
  g_clear_pointer (&load->problems, g_ptr_array_unref);
  g_clear_object (&load->cache);
  g_free (load);
}

static void
add_problem (Load       *load,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (Load       *load,
             const char *format,
             ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_message ("%s", message);
  g_ptr_array_add (load->problems, message);
}

/* The offline history cache {{{ */

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
batch_applied_cb (FdSession      *session,
                  FdSource       *source,
                  FdBatch        *batch,
                  FdHistoryCache *cache)
{
  /* Only live sources: a file is its own history, the simulator has none. */
  if (fd_source_is_live (source) && !fd_batch_is_empty (batch))
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

/* }}} */

static void
finish (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  /* Out with the old sources (the simulator, or the sources before an
   * edit), in with the new, each after its cached history. */
  fd_session_remove_all_sources (load->session);

  for (guint i = 0; i < load->sources->len; i++)
    {
      FdSource *source = g_ptr_array_index (load->sources, i);
      FdSourceConfig *config = g_ptr_array_index (load->made, i);
      FdBatch *seed = g_ptr_array_index (load->seeds, i);

      if (seed != NULL)
        fd_session_inject_batch (load->session, seed);
      fd_session_add_source (load->session, source);
      fd_session_set_source_interval (load->session, source, config->interval_s);
      fd_session_set_source_retention (load->session, source, load->retention_days);

      if (load->cache != NULL)
        {
          FdSourceStatus *status = fd_source_get_status (source);

          g_object_set_data_full (G_OBJECT (status), "fd-uri",
                                  g_strdup (fd_source_get_uri (source)), g_free);
          g_signal_connect_object (status, "notify", G_CALLBACK (status_changed_cb),
                                   load->cache, 0);
        }
    }

  if (load->cache != NULL)
    {
      /* The session keeps the cache as long as it lives. */
      g_object_set_data_full (G_OBJECT (load->session), "fd-history-cache",
                              g_object_ref (load->cache), g_object_unref);
      g_signal_connect_object (load->session, "batch-applied", G_CALLBACK (batch_applied_cb),
                               load->cache, 0);
    }

  g_task_return_int (task, load->sources->len);
  g_object_unref (task);
}

static void load_next_seed (GTask *task);

static void
seed_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  FdSource *source = g_ptr_array_index (load->sources, load->next);
  const char *uri = fd_source_get_uri (source);
  g_autoptr(GHashTable) cursors = NULL;
  g_autoptr(FdSnapshot) history = NULL;
  g_autoptr(GError) error = NULL;

  history = fd_history_cache_load_finish (load->cache, result, &cursors, &error);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (history == NULL)
    add_problem (load, "The offline history of %s could not be read: %s", uri, error->message);
  else
    g_ptr_array_index (load->seeds, load->next) =
      fd_batch_new (uri, history, NULL, cursors != NULL ? g_hash_table_lookup (cursors, uri) : NULL);

  load->next++;
  load_next_seed (task);
}

static void
load_next_seed (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  while (load->next < load->sources->len)
    {
      FdSource *source = g_ptr_array_index (load->sources, load->next);
      const char *uris[] = { fd_source_get_uri (source), NULL };

      if (fd_source_is_live (source))
        {
          fd_history_cache_load_async (load->cache, uris, g_task_get_cancellable (task),
                                       seed_loaded_cb, task);
          return;
        }
      load->next++;
    }

  finish (task);
}

static void
cache_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!fd_history_cache_open_finish (load->cache, result, &error))
    {
      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          return;
        }
      add_problem (load, "The offline history is not available: %s", error->message);
      g_clear_object (&load->cache);
      finish (task);
      return;
    }

  if (fd_history_cache_get_recovery_message (load->cache) != NULL)
    add_problem (load, "%s", fd_history_cache_get_recovery_message (load->cache));

  load->next = 0;
  load_next_seed (task);
}

static void make_sources (GTask *task);

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  FdSourceConfig *config = g_ptr_array_index (load->configs, load->next);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = fd_secret_store_lookup_finish (result, &error);

  if (g_task_return_error_if_cancelled (task))
    {
      if (token != NULL)
        explicit_bzero (token, strlen (token));
      g_object_unref (task);
      return;
    }

  /* Without the keyring the source is still tried without a token: a
   * public repository or an open Alertmanager works that way. */
  if (error != NULL)
    g_message ("%s: cannot read its token: %s", config->uri, error->message);

  fd_source_config_set_token (config, token);
  if (token != NULL)
    explicit_bzero (token, strlen (token));

  load->next++;
  make_sources (task);
}

static void
make_sources (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  if (load->next < load->configs->len)
    {
      FdSourceConfig *config = g_ptr_array_index (load->configs, load->next);

      fd_secret_store_lookup_async (config->uri, g_task_get_cancellable (task), token_cb, task);
      return;
    }

  for (guint i = 0; i < load->configs->len; i++)
    {
      FdSourceConfig *config = g_ptr_array_index (load->configs, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(FdSource) source = fd_source_new_for_config (config, &error);

      if (source == NULL)
        {
          add_problem (load, "%s: %s", config->uri, error->message);
          continue;
        }
      g_ptr_array_add (load->sources, g_steal_pointer (&source));
      g_ptr_array_add (load->made, fd_source_config_copy (config));
      g_ptr_array_add (load->seeds, NULL);
    }

  if (load->sources->len == 0)
    {
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }

  {
    g_autofree char *path = fd_history_cache_get_default_path ();

    load->cache = fd_history_cache_new (path);
  }
  fd_history_cache_set_retention_days (load->cache, load->retention_days);
  fd_history_cache_open_async (load->cache, g_task_get_cancellable (task), cache_opened_cb, task);
}

/**
 * fd_session_loader_load_async:
 * @session: the session to fill
 * @settings: the application's settings
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * See the header for what it does.
 */
void
fd_session_loader_load_async (FdSession           *session,
                              GSettings           *settings,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  g_autoptr(GPtrArray) configs = NULL;
  Load *load;

  g_return_if_fail (FD_IS_SESSION (session));
  g_return_if_fail (G_IS_SETTINGS (settings));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_session_loader_load_async);
  load = g_new0 (Load, 1);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  load->session = g_object_ref (session);
  load->sources = g_ptr_array_new_with_free_func (g_object_unref);
  load->made = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_source_config_free);
  load->seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_batch_unref);

  configs = fd_source_settings_load (settings, &load->problems);
  for (guint i = 0; i < load->problems->len; i++)
    g_message ("%s", (const char *) g_ptr_array_index (load->problems, i));
  load->retention_days = g_settings_get_uint (settings, "history-retention-days");
  load->configs = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_source_config_free);
  /* "Show the simulator instead" keeps the sources but makes none. */
  for (guint i = 0; i < configs->len && !g_settings_get_boolean (settings, "show-simulator"); i++)
    {
      FdSourceConfig *config = g_ptr_array_index (configs, i);

      if (config->enabled)
        g_ptr_array_add (load->configs, fd_source_config_copy (config));
    }

  make_sources (task);
}

/**
 * fd_session_loader_load_finish:
 * @result: the result
 * @out_problems: (out) (optional) (transfer full) (element-type utf8):
 *   messages for what could not be loaded
 * @error: return location for an error (cancelled only)
 *
 * Returns: the number of sources now in the session, 0 when none was
 *   configured (the session is unchanged), -1 on error
 */
int
fd_session_loader_load_finish (GAsyncResult  *result,
                               GPtrArray    **out_problems,
                               GError       **error)
{
  Load *load = g_task_get_task_data (G_TASK (result));
  gssize n;

  n = g_task_propagate_int (G_TASK (result), error);
  if (out_problems != NULL)
    *out_problems = load != NULL && load->problems != NULL ? g_ptr_array_ref (load->problems) : NULL;

  return (int) n;
}
