/* fd-data-provider.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-action.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

#define FD_DATA_PROVIDER_ERROR (fd_data_provider_error_quark ())
typedef enum
{
  FD_DATA_PROVIDER_ERROR_FAILED,
  FD_DATA_PROVIDER_ERROR_NOT_FOUND,
  FD_DATA_PROVIDER_ERROR_INVALID_DATA,
  FD_DATA_PROVIDER_ERROR_NOT_SUPPORTED,
} FdDataProviderError;
GQuark fd_data_provider_error_quark (void);


#define FD_TYPE_DATA_PROVIDER (fd_data_provider_get_type ())
G_DECLARE_INTERFACE (FdDataProvider, fd_data_provider, FD, DATA_PROVIDER, GObject)

struct _FdDataProviderInterface
{
  GTypeInterface parent_iface;

  /* Signals */
  void         (*snapshot_changed) (FdDataProvider *self);

  /* Virtual functions */
  const char  *(*get_name)         (FdDataProvider *self);
  /* Environments the provider knows (NULL-terminated, borrowed). */
  const char * const *(*get_environments) (FdDataProvider *self);
  /* The last good snapshot (full ref), or NULL before the first refresh. */
  FdSnapshot  *(*dup_snapshot)     (FdDataProvider *self);
  /* Produces a new snapshot on a worker thread; on success the provider keeps
   * it as its current snapshot and emits ::snapshot-changed (main thread).
   * On failure the previous snapshot stays. */
  void         (*refresh_async)    (FdDataProvider      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
  FdSnapshot  *(*refresh_finish)   (FdDataProvider      *self,
                                    GAsyncResult        *result,
                                    GError             **error);
  /* Applies a user action (acknowledge, promote, ...). */
  void         (*apply_async)      (FdDataProvider      *self,
                                    const FdAction      *action,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
  gboolean     (*apply_finish)     (FdDataProvider      *self,
                                    GAsyncResult        *result,
                                    GError             **error);
  /* The silences the sources report (FdSilence, transfer full); NULL: none. */
  GPtrArray   *(*dup_silences)     (FdDataProvider      *self);
  /* Whether @kind can be applied to the record @id; NULL: all of them. */
  gboolean     (*can_apply)        (FdDataProvider      *self,
                                    FdActionKind         kind,
                                    const char          *id);
  /* Whether the data goes on as time passes (the simulator, live sources);
   * NULL: it does not (a history file). */
  gboolean     (*is_live)          (FdDataProvider      *self);
};

const char          *fd_data_provider_get_name         (FdDataProvider      *self);
const char * const  *fd_data_provider_get_environments (FdDataProvider      *self);
FdSnapshot          *fd_data_provider_dup_snapshot     (FdDataProvider      *self);
void                 fd_data_provider_refresh_async    (FdDataProvider      *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
FdSnapshot          *fd_data_provider_refresh_finish   (FdDataProvider      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                 fd_data_provider_apply_async      (FdDataProvider      *self,
                                                        const FdAction      *action,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             fd_data_provider_apply_finish     (FdDataProvider      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                 fd_data_provider_emit_snapshot_changed (FdDataProvider *self);
/* The silences the provider's sources know (element-type FdSilence, transfer
 * full); empty when they know none. */
GPtrArray           *fd_data_provider_dup_silences     (FdDataProvider      *self);
/* Whether the record @id's source takes @kind (the UI offers only those). */
gboolean             fd_data_provider_can_apply        (FdDataProvider      *self,
                                                        FdActionKind         kind,
                                                        const char          *id);

/* Live data ends "now"; a history that is not live ends at its last record. */
gboolean             fd_data_provider_is_live          (FdDataProvider      *self);

G_END_DECLS
