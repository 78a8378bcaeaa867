/* fd-sources-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sources-provider"

#include "config.h"

#include "fd-sources-provider.h"
#include "fd-merged-provider.h"

enum {
  SIGNAL_BATCH_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _FdSourcesProvider
{
  GObject      parent_instance;

  /* Owned */
  GPtrArray   *sources;       /* FdSource */
  GHashTable  *cursors;       /* uri → GBytes */
  GHashTable  *silences;      /* uri → GPtrArray of FdSilence */
  GPtrArray   *errors;        /* GError */
  FdSnapshot  *snapshot;
};

static void fd_sources_provider_iface_init (FdDataProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdSourcesProvider, fd_sources_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_DATA_PROVIDER,
                                                      fd_sources_provider_iface_init))

typedef struct
{
  GTask     *outer;
  GPtrArray *batches;     /* FdBatch */
  GPtrArray *errors;      /* GError */
  guint      pending;
} RefreshState;

static void
refresh_state_free (RefreshState *state)
{
  g_clear_object (&state->outer);
  g_clear_pointer (&state->batches, g_ptr_array_unref);
  g_clear_pointer (&state->errors, g_ptr_array_unref);
  g_free (state);
}

static void
merge_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *snapshots = task_data;

  g_task_return_pointer (task,
                         fd_merged_provider_merge_snapshots ((FdSnapshot * const *) snapshots->pdata,
                                                             snapshots->len),
                         (GDestroyNotify) fd_snapshot_unref);
}

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RefreshState *state = user_data;
  FdSourcesProvider *self = g_task_get_source_object (state->outer);
  g_autoptr(GError) error = NULL;
  FdSnapshot *snapshot;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (snapshot == NULL)
    {
      g_task_return_error (state->outer, g_steal_pointer (&error));
      refresh_state_free (state);
      return;
    }

  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  self->snapshot = fd_snapshot_ref (snapshot);
  fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
  g_task_return_pointer (state->outer, snapshot, (GDestroyNotify) fd_snapshot_unref);
  refresh_state_free (state);
}

static void
finish_refresh (FdSourcesProvider *self,
                RefreshState      *state)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *snapshots;
  gboolean changed = FALSE;

  g_clear_pointer (&self->errors, g_ptr_array_unref);
  self->errors = g_ptr_array_ref (state->errors);

  for (guint i = 0; i < state->batches->len; i++)
    {
      FdBatch *batch = g_ptr_array_index (state->batches, i);
      const char *uri = fd_batch_get_source_uri (batch);
      GPtrArray *silences = fd_batch_get_silences (batch);

      if (fd_batch_get_cursor (batch) != NULL)
        g_hash_table_replace (self->cursors, g_strdup (uri),
                              g_bytes_ref (fd_batch_get_cursor (batch)));
      if (silences != NULL)
        g_hash_table_replace (self->silences, g_strdup (uri), g_ptr_array_ref (silences));
      if (fd_batch_get_n_records (batch) > 0)
        changed = TRUE;
      g_signal_emit (self, signals[SIGNAL_BATCH_APPLIED], 0, batch);
    }

  /* Only fail when every source failed and nothing is left to show. */
  if (state->batches->len == 0 && state->errors->len > 0 && self->snapshot == NULL)
    {
      g_task_return_error (state->outer, g_error_copy (g_ptr_array_index (state->errors, 0)));
      refresh_state_free (state);
      return;
    }

  if (!changed && self->snapshot != NULL)
    {
      /* Unchanged polls cost nothing downstream: the same snapshot again. */
      fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
      g_task_return_pointer (state->outer, fd_snapshot_ref (self->snapshot),
                             (GDestroyNotify) fd_snapshot_unref);
      refresh_state_free (state);
      return;
    }

  snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_snapshot_unref);
  if (self->snapshot != NULL)
    g_ptr_array_add (snapshots, fd_snapshot_ref (self->snapshot));
  for (guint i = 0; i < state->batches->len; i++)
    g_ptr_array_add (snapshots,
                     fd_snapshot_ref (fd_batch_get_records (g_ptr_array_index (state->batches, i))));

  task = g_task_new (NULL, g_task_get_cancellable (state->outer), merged_cb, state);
  g_task_set_task_data (task, snapshots, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, merge_worker);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RefreshState *state = user_data;
  FdSourcesProvider *self = g_task_get_source_object (state->outer);
  g_autoptr(GError) error = NULL;
  FdBatch *batch;

  batch = fd_source_fetch_finish (FD_SOURCE (object), result, &error);
  if (batch != NULL)
    g_ptr_array_add (state->batches, batch);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_message ("%s: %s", fd_source_get_uri (FD_SOURCE (object)), error->message);
      g_prefix_error (&error, "%s: ", fd_source_get_uri (FD_SOURCE (object)));
      g_ptr_array_add (state->errors, g_steal_pointer (&error));
    }

  if (--state->pending == 0)
    finish_refresh (self, state);
}

static gboolean
source_is_due (FdSource *source,
               FdTime    now)
{
  FdSourceStatus *status = fd_source_get_status (source);
  FdTime retry_at = fd_source_status_get_retry_at (status);

  return retry_at == FD_TIME_NONE || retry_at <= now;
}

static void
fd_sources_provider_refresh_async (FdDataProvider      *provider,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);
  RefreshState *state;
  FdTime now = g_get_real_time ();

  state = g_new0 (RefreshState, 1);
  state->outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (state->outer, fd_sources_provider_refresh_async);
  state->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_batch_unref);
  state->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  for (guint i = 0; i < self->sources->len; i++)
    {
      FdSource *source = g_ptr_array_index (self->sources, i);

      if (source_is_due (source, now))
        g_ptr_array_add (due, g_object_ref (source));
    }

  if (due->len == 0)
    {
      finish_refresh (self, state);
      return;
    }

  state->pending = due->len;
  for (guint i = 0; i < due->len; i++)
    {
      FdSource *source = g_ptr_array_index (due, i);

      fd_source_fetch_async (source, g_hash_table_lookup (self->cursors, fd_source_get_uri (source)),
                             cancellable, fetched_cb, state);
    }
}

static FdSnapshot *
fd_sources_provider_refresh_finish (FdDataProvider  *provider,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static FdSource *
find_owner (FdSourcesProvider *self,
            const char        *id)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      FdSource *source = g_ptr_array_index (self->sources, i);

      if (fd_source_owns_id (source, id))
        return source;
    }

  return NULL;
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  if (!fd_source_apply_finish (FD_SOURCE (object), result, &made, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
fd_sources_provider_apply_async (FdDataProvider      *provider,
                                 const FdAction      *action,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FdSource *owner;

  g_task_set_source_tag (task, fd_sources_provider_apply_async);

  /* Silence ids carry their source's prefix too, so unsilence is routed alike. */
  owner = find_owner (self, action->target_id);
  if (owner == NULL)
    {
      g_task_return_new_error (task, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_FOUND,
                               "no source owns “%s”", action->target_id);
      return;
    }

  if (!FD_SOURCE_CAN (fd_source_get_capabilities (owner), action->kind))
    {
      g_task_return_new_error (task, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_SUPPORTED,
                               "%s cannot %s", fd_source_get_uri (owner),
                               fd_action_kind_to_nick (action->kind));
      return;
    }

  fd_source_apply_async (owner, action, cancellable, applied_cb, g_steal_pointer (&task));
}

static gboolean
fd_sources_provider_apply_finish (FdDataProvider  *provider,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
fd_sources_provider_get_name (FdDataProvider *provider)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);

  if (self->sources->len == 1)
    return fd_source_get_uri (g_ptr_array_index (self->sources, 0));

  return "Live sources";
}

static const char * const *
fd_sources_provider_get_environments (FdDataProvider *provider)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);
  static const char * const none[] = { NULL };

  return self->snapshot != NULL ? fd_snapshot_get_environments (self->snapshot) : none;
}

static FdSnapshot *
fd_sources_provider_dup_snapshot (FdDataProvider *provider)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (provider);

  return self->snapshot != NULL ? fd_snapshot_ref (self->snapshot) : NULL;
}

static void
fd_sources_provider_iface_init (FdDataProviderInterface *iface)
{
  iface->get_name = fd_sources_provider_get_name;
  iface->get_environments = fd_sources_provider_get_environments;
  iface->dup_snapshot = fd_sources_provider_dup_snapshot;
  iface->refresh_async = fd_sources_provider_refresh_async;
  iface->refresh_finish = fd_sources_provider_refresh_finish;
  iface->apply_async = fd_sources_provider_apply_async;
  iface->apply_finish = fd_sources_provider_apply_finish;
}

static void
fd_sources_provider_finalize (GObject *object)
{
  FdSourcesProvider *self = FD_SOURCES_PROVIDER (object);

  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_pointer (&self->silences, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);

  G_OBJECT_CLASS (fd_sources_provider_parent_class)->finalize (object);
}

static void
fd_sources_provider_class_init (FdSourcesProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_sources_provider_finalize;

  /**
   * FdSourcesProvider::batch-applied:
   * @batch: the batch a source gave
   *
   * Emitted on the main thread for every batch a refresh took in, before the
   * new snapshot is made; the offline cache writes it.
   */
  signals[SIGNAL_BATCH_APPLIED] =
    g_signal_new ("batch-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, FD_TYPE_BATCH);
}

static void
fd_sources_provider_init (FdSourcesProvider *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_bytes_unref);
  self->silences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

FdSourcesProvider *
fd_sources_provider_new (void)
{
  return g_object_new (FD_TYPE_SOURCES_PROVIDER, NULL);
}

void
fd_sources_provider_add_source (FdSourcesProvider *self,
                                FdSource          *source)
{
  g_return_if_fail (FD_IS_SOURCES_PROVIDER (self));
  g_return_if_fail (FD_IS_SOURCE (source));

  g_ptr_array_add (self->sources, g_object_ref (source));
}

GPtrArray *
fd_sources_provider_get_sources (FdSourcesProvider *self)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);

  return self->sources;
}

void
fd_sources_provider_seed (FdSourcesProvider *self,
                          FdSnapshot        *history,
                          GHashTable        *cursors)
{
  g_return_if_fail (FD_IS_SOURCES_PROVIDER (self));

  if (history != NULL)
    {
      g_clear_pointer (&self->snapshot, fd_snapshot_unref);
      self->snapshot = fd_snapshot_ref (history);
    }

  if (cursors != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, cursors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (self->cursors, g_strdup (key), g_bytes_ref (value));
    }

  if (history != NULL)
    fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
}

GBytes *
fd_sources_provider_get_cursor (FdSourcesProvider *self,
                                FdSource          *source)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);
  g_return_val_if_fail (FD_IS_SOURCE (source), NULL);

  return g_hash_table_lookup (self->cursors, fd_source_get_uri (source));
}

GPtrArray *
fd_sources_provider_dup_silences (FdSourcesProvider *self)
{
  GPtrArray *all;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);
  g_hash_table_iter_init (&iter, self->silences);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *list = value;

      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (all, fd_silence_copy (g_ptr_array_index (list, i)));
    }

  return all;
}

GPtrArray *
fd_sources_provider_get_errors (FdSourcesProvider *self)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), NULL);

  return self->errors;
}

gboolean
fd_sources_provider_is_live (FdSourcesProvider *self)
{
  g_return_val_if_fail (FD_IS_SOURCES_PROVIDER (self), FALSE);

  for (guint i = 0; i < self->sources->len; i++)
    {
      if (fd_source_is_live (g_ptr_array_index (self->sources, i)))
        return TRUE;
    }

  return FALSE;
}
