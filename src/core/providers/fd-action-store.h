/* fd-action-store.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-data-provider.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

#define FD_ACTION_STORE_ERROR (fd_action_store_error_quark ())

/**
 * FdActionStoreError:
 * @FD_ACTION_STORE_ERROR_FAILED: SQLite or the file system failed
 * @FD_ACTION_STORE_ERROR_CORRUPT: the database file was not a valid store
 * @FD_ACTION_STORE_ERROR_NEWER_SCHEMA: the file was written by a newer
 *   Flightdeck; it is left alone
 */
typedef enum
{
  FD_ACTION_STORE_ERROR_FAILED,
  FD_ACTION_STORE_ERROR_CORRUPT,
  FD_ACTION_STORE_ERROR_NEWER_SCHEMA,
} FdActionStoreError;

GQuark fd_action_store_error_quark (void);

/* The schema version kept in PRAGMA user_version. */
#define FD_ACTION_STORE_SCHEMA_VERSION 1

#define FD_TYPE_ACTION_STORE (fd_action_store_get_type ())
G_DECLARE_FINAL_TYPE (FdActionStore, fd_action_store, FD, ACTION_STORE, GObject)

FdActionStore *fd_action_store_new                 (const char     *path,
                                                    GError        **error);
char          *fd_action_store_get_default_path    (void);
FdActionStore *fd_action_store_open_default        (gboolean        create,
                                                    GError        **error);
const char    *fd_action_store_get_path            (FdActionStore  *self);
const GError  *fd_action_store_get_recovery_error  (FdActionStore  *self);
const char    *fd_action_store_get_corrupt_path    (FdActionStore  *self);
gboolean       fd_action_store_add                 (FdActionStore  *self,
                                                    const char     *source,
                                                    const FdAction *action,
                                                    GError        **error);
GPtrArray     *fd_action_store_list                (FdActionStore  *self,
                                                    const char     *source);
gboolean       fd_action_store_is_silenced         (FdActionStore  *self,
                                                    const char     *source,
                                                    const char     *alert_id,
                                                    FdTime          now);
FdTime         fd_action_store_get_silenced_until  (FdActionStore  *self,
                                                    const char     *source,
                                                    const char     *alert_id,
                                                    FdTime          now);
FdSnapshot    *fd_action_store_overlay             (FdActionStore  *self,
                                                    const char     *source,
                                                    FdSnapshot     *snapshot);

const char    *fd_action_store_kind_to_string      (FdActionKind    kind);
gboolean       fd_action_store_kind_from_string    (const char     *str,
                                                    FdActionKind   *out);

G_END_DECLS
