/* fd-history-cache.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-batch.h"
#include "fd-snapshot.h"
#include "fd-source-status.h"

G_BEGIN_DECLS

#define FD_HISTORY_CACHE_ERROR (fd_history_cache_error_quark ())
typedef enum
{
  FD_HISTORY_CACHE_ERROR_FAILED,      /* SQLite or the file system failed */
  FD_HISTORY_CACHE_ERROR_NOT_OPEN,    /* called before a successful open */
} FdHistoryCacheError;
GQuark fd_history_cache_error_quark (void);

/* The schema version this build writes (PRAGMA user_version). */
#define FD_HISTORY_CACHE_SCHEMA_VERSION 1
#define FD_HISTORY_CACHE_DEFAULT_RETENTION_DAYS 180

/*
 * FdHistoryCache: the SQLite cache of everything fetched from live sources,
 * so that the app starts with its history offline and a source's cursor
 * (its ETags) and last status survive restarts.
 *
 * The object belongs to the thread that made it (the main thread in the app);
 * every SQLite call runs on one worker thread of its own, in the order of the
 * calls, and async calls complete in the caller's thread-default main
 * context. The _sync variants (for flightdeck-cli) wait for the worker.
 * Finalizing waits for the worker to close the database.
 *
 * A damaged or newer file is moved aside to "<name>.corrupt-YYYYMMDD-HHMMSS"
 * (or ".newer-…"), never deleted, and a new cache is started; the
 * recovery-message property then holds the sentence to show. The cheap
 * checks run at open; PRAGMA quick_check runs with the first load, apply or
 * save_status after it, so the message may come with that call.
 */
#define FD_TYPE_HISTORY_CACHE (fd_history_cache_get_type ())
G_DECLARE_FINAL_TYPE (FdHistoryCache, fd_history_cache, FD, HISTORY_CACHE, GObject)

char           *fd_history_cache_get_default_path   (void);

FdHistoryCache *fd_history_cache_new                (const char     *path);
const char     *fd_history_cache_get_path           (FdHistoryCache *self);
guint           fd_history_cache_get_retention_days (FdHistoryCache *self);
void            fd_history_cache_set_retention_days (FdHistoryCache *self,
                                                     guint           days);
const char     *fd_history_cache_get_recovery_message (FdHistoryCache *self);
const char     *fd_history_cache_get_moved_aside_path (FdHistoryCache *self);

void            fd_history_cache_open_async         (FdHistoryCache      *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        fd_history_cache_open_finish        (FdHistoryCache      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean        fd_history_cache_open_sync          (FdHistoryCache      *self,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

void            fd_history_cache_apply_batch_async  (FdHistoryCache      *self,
                                                     FdBatch             *batch,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        fd_history_cache_apply_batch_finish (FdHistoryCache      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean        fd_history_cache_apply_batch_sync   (FdHistoryCache      *self,
                                                     FdBatch             *batch,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

void            fd_history_cache_load_async         (FdHistoryCache      *self,
                                                     const char * const  *source_uris,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
FdSnapshot     *fd_history_cache_load_finish        (FdHistoryCache      *self,
                                                     GAsyncResult        *result,
                                                     GHashTable         **out_cursors,
                                                     GError             **error);
FdSnapshot     *fd_history_cache_load_sync          (FdHistoryCache      *self,
                                                     const char * const  *source_uris,
                                                     GHashTable         **out_cursors,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

void            fd_history_cache_save_status_async  (FdHistoryCache      *self,
                                                     const char          *source_uri,
                                                     FdSourceStatus      *status,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        fd_history_cache_save_status_finish (FdHistoryCache      *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean        fd_history_cache_save_status_sync   (FdHistoryCache      *self,
                                                     const char          *source_uri,
                                                     FdSourceStatus      *status,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

void            fd_history_cache_load_statuses_async  (FdHistoryCache      *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GHashTable     *fd_history_cache_load_statuses_finish (FdHistoryCache      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
GHashTable     *fd_history_cache_load_statuses_sync   (FdHistoryCache      *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

G_END_DECLS
