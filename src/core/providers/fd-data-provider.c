/* fd-data-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-data-provider"

#include "config.h"

#include "fd-data-provider.h"
#include "fd-batch.h"

G_DEFINE_QUARK (fd-data-provider-error-quark, fd_data_provider_error)

enum {
  SIGNAL_SNAPSHOT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (FdDataProvider, fd_data_provider, G_TYPE_OBJECT)

static void
fd_data_provider_real_apply_async (FdDataProvider      *self,
                                   const FdAction      *action,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, fd_data_provider_real_apply_async,
                           FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_SUPPORTED,
                           "%s does not support actions",
                           fd_data_provider_get_name (self));
}

static gboolean
fd_data_provider_real_apply_finish (FdDataProvider  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
fd_data_provider_real_get_name (FdDataProvider *self)
{
  return G_OBJECT_TYPE_NAME (self);
}

static const char * const *
fd_data_provider_real_get_environments (FdDataProvider *self)
{
  static const char * const none[] = { NULL };

  return none;
}

static void
fd_data_provider_default_init (FdDataProviderInterface *iface)
{
  iface->get_name = fd_data_provider_real_get_name;
  iface->get_environments = fd_data_provider_real_get_environments;
  iface->apply_async = fd_data_provider_real_apply_async;
  iface->apply_finish = fd_data_provider_real_apply_finish;

  /**
   * FdDataProvider::snapshot-changed:
   * @self: the provider
   *
   * Emitted on the main thread after a refresh produced a new snapshot.
   * Fetch it with fd_data_provider_dup_snapshot().
   */
  signals[SIGNAL_SNAPSHOT_CHANGED] =
    g_signal_new ("snapshot-changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (FdDataProviderInterface, snapshot_changed),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

/**
 * fd_data_provider_get_name:
 * @self: an #FdDataProvider
 *
 * Returns: a short human-readable name of the data source
 */
const char *
fd_data_provider_get_name (FdDataProvider *self)
{
  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), NULL);

  return FD_DATA_PROVIDER_GET_IFACE (self)->get_name (self);
}

/**
 * fd_data_provider_get_environments:
 * @self: an #FdDataProvider
 *
 * Returns: (transfer none): the NULL-terminated environment names the
 *   provider knows; never %NULL
 */
const char * const *
fd_data_provider_get_environments (FdDataProvider *self)
{
  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), NULL);

  return FD_DATA_PROVIDER_GET_IFACE (self)->get_environments (self);
}

/**
 * fd_data_provider_dup_snapshot:
 * @self: an #FdDataProvider
 *
 * Returns: (transfer full) (nullable): the last good snapshot, or %NULL
 *   before the first successful refresh
 */
FdSnapshot *
fd_data_provider_dup_snapshot (FdDataProvider *self)
{
  FdDataProviderInterface *iface;

  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), NULL);

  iface = FD_DATA_PROVIDER_GET_IFACE (self);
  if (iface->dup_snapshot == NULL)
    return NULL;

  return iface->dup_snapshot (self);
}

/**
 * fd_data_provider_refresh_async:
 * @self: an #FdDataProvider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Produces a new snapshot off the main thread. On success the provider keeps
 * it and emits #FdDataProvider::snapshot-changed before @callback runs.
 */
void
fd_data_provider_refresh_async (FdDataProvider      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FD_IS_DATA_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (FD_DATA_PROVIDER_GET_IFACE (self)->refresh_async != NULL);

  FD_DATA_PROVIDER_GET_IFACE (self)->refresh_async (self, cancellable, callback, user_data);
}

/**
 * fd_data_provider_refresh_finish:
 * @self: an #FdDataProvider
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the new snapshot, or %NULL with @error set;
 *   the previous snapshot then stays current
 */
FdSnapshot *
fd_data_provider_refresh_finish (FdDataProvider  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (FD_DATA_PROVIDER_GET_IFACE (self)->refresh_finish != NULL, NULL);

  return FD_DATA_PROVIDER_GET_IFACE (self)->refresh_finish (self, result, error);
}

/**
 * fd_data_provider_apply_async:
 * @self: an #FdDataProvider
 * @action: the user's action
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the action has been recorded
 * @user_data: data for @callback
 *
 * Applies a user action. Providers that cannot act on their source report
 * %FD_DATA_PROVIDER_ERROR_NOT_SUPPORTED.
 */
void
fd_data_provider_apply_async (FdDataProvider      *self,
                              const FdAction      *action,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (FD_IS_DATA_PROVIDER (self));
  g_return_if_fail (action != NULL);
  g_return_if_fail (action->target_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  FD_DATA_PROVIDER_GET_IFACE (self)->apply_async (self, action, cancellable, callback, user_data);
}

/**
 * fd_data_provider_apply_finish:
 * @self: an #FdDataProvider
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the action was applied
 */
gboolean
fd_data_provider_apply_finish (FdDataProvider  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return FD_DATA_PROVIDER_GET_IFACE (self)->apply_finish (self, result, error);
}

/**
 * fd_data_provider_emit_snapshot_changed:
 * @self: an #FdDataProvider
 *
 * For implementations: emits #FdDataProvider::snapshot-changed. Call it on
 * the main thread only.
 */
void
fd_data_provider_emit_snapshot_changed (FdDataProvider *self)
{
  g_return_if_fail (FD_IS_DATA_PROVIDER (self));

  g_signal_emit (self, signals[SIGNAL_SNAPSHOT_CHANGED], 0);
}

/**
 * fd_data_provider_can_apply:
 * @self: a provider
 * @kind: an action
 * @id: (nullable): the record it would act on
 *
 * Returns: %TRUE when the record's source takes @kind: the simulator and
 *   files take every action, a live source only what its system can do
 */
gboolean
fd_data_provider_can_apply (FdDataProvider *self,
                            FdActionKind    kind,
                            const char     *id)
{
  FdDataProviderInterface *iface;

  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), FALSE);

  iface = FD_DATA_PROVIDER_GET_IFACE (self);
  if (iface->can_apply == NULL)
    return TRUE;

  return iface->can_apply (self, kind, id);
}

GPtrArray *
fd_data_provider_dup_silences (FdDataProvider *self)
{
  FdDataProviderInterface *iface;

  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), NULL);

  iface = FD_DATA_PROVIDER_GET_IFACE (self);
  if (iface->dup_silences == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);

  return iface->dup_silences (self);
}

/**
 * fd_data_provider_is_live:
 * @self: a provider
 *
 * Returns: %TRUE when the data goes on as time passes (the simulator, live
 *   sources), so the time window ends now; %FALSE for a history file, whose
 *   window ends at its last record
 */
gboolean
fd_data_provider_is_live (FdDataProvider *self)
{
  FdDataProviderInterface *iface;

  g_return_val_if_fail (FD_IS_DATA_PROVIDER (self), FALSE);

  iface = FD_DATA_PROVIDER_GET_IFACE (self);
  return iface->is_live != NULL && iface->is_live (self);
}
