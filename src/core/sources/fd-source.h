/* fd-source.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-action.h"
#include "fd-batch.h"
#include "fd-source-status.h"

G_BEGIN_DECLS

#define FD_SOURCE_ERROR (fd_source_error_quark ())
typedef enum
{
  FD_SOURCE_ERROR_FAILED,
  FD_SOURCE_ERROR_INVALID_ARGUMENT,   /* a bad URI, base URL, setting or action target */
  FD_SOURCE_ERROR_NOT_SUPPORTED,      /* the source cannot do this action */
  FD_SOURCE_ERROR_NOT_FOUND,          /* the action's target is unknown */
  FD_SOURCE_ERROR_INVALID_DATA,       /* the upstream answer could not be used */
} FdSourceError;
GQuark fd_source_error_quark (void);

/* The actions a source accepts; the UI offers only these. */
typedef enum
{
  FD_SOURCE_CAN_NOTHING     = 0,
  FD_SOURCE_CAN_ACKNOWLEDGE = 1 << FD_ACTION_ACKNOWLEDGE,
  FD_SOURCE_CAN_RESOLVE     = 1 << FD_ACTION_RESOLVE,
  FD_SOURCE_CAN_SILENCE     = 1 << FD_ACTION_SILENCE,
  FD_SOURCE_CAN_PROMOTE     = 1 << FD_ACTION_PROMOTE,
  FD_SOURCE_CAN_PAUSE       = 1 << FD_ACTION_PAUSE,
  FD_SOURCE_CAN_RESUME      = 1 << FD_ACTION_RESUME,
  FD_SOURCE_CAN_ROLL_BACK   = 1 << FD_ACTION_ROLL_BACK,
  FD_SOURCE_CAN_UNSILENCE   = 1 << FD_ACTION_UNSILENCE,
} FdSourceCapabilities;

#define FD_SOURCE_CAN(caps, kind) (((caps) & (1u << (kind))) != 0)

/*
 * FdSource: the seam every data source implements (see the design notes in
 * docs/architecture.md).
 *
 * A fetch runs off the main thread and gives an FdBatch: what changed since
 * @cursor (NULL: everything). The source never keeps the history itself;
 * the session's store does. Sources are created and finished on the main
 * thread; their status object is read and written there too.
 */
#define FD_TYPE_SOURCE (fd_source_get_type ())
G_DECLARE_INTERFACE (FdSource, fd_source, FD, SOURCE, GObject)

struct _FdSourceInterface
{
  GTypeInterface parent_iface;

  /* "kind:locator", e.g. "github:octo-org/octo-repo"; stable for the source's life. */
  const char          *(*get_uri)              (FdSource            *self);
  FdSourceCapabilities (*get_capabilities)     (FdSource            *self);
  /* Live sources poll a remote system; the file and the simulator are not live. */
  gboolean             (*is_live)              (FdSource            *self);
  /* Seconds between fetches when the user set none. */
  guint                (*get_default_interval) (FdSource            *self);
  void                 (*fetch_async)          (FdSource            *self,
                                                GBytes              *cursor,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
  FdBatch             *(*fetch_finish)         (FdSource            *self,
                                                GAsyncResult        *result,
                                                GError             **error);
  void                 (*apply_async)          (FdSource            *self,
                                                const FdAction      *action,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
  /* On success, *out_result (nullable) gets what the action made, e.g. the new
   * silence's id, or NULL when it made nothing with an id. */
  gboolean             (*apply_finish)         (FdSource            *self,
                                                GAsyncResult        *result,
                                                char               **out_result,
                                                GError             **error);
};

const char          *fd_source_get_uri              (FdSource            *self);
FdSourceCapabilities fd_source_get_capabilities     (FdSource            *self);
gboolean             fd_source_is_live              (FdSource            *self);
guint                fd_source_get_default_interval (FdSource            *self);
/* The source's status (ok, stale, error, rate-limited), owned by the source. */
FdSourceStatus      *fd_source_get_status           (FdSource            *self);
void                 fd_source_fetch_async          (FdSource            *self,
                                                     GBytes              *cursor,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
FdBatch             *fd_source_fetch_finish         (FdSource            *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void                 fd_source_apply_async          (FdSource            *self,
                                                     const FdAction      *action,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean             fd_source_apply_finish         (FdSource            *self,
                                                     GAsyncResult        *result,
                                                     char               **out_result,
                                                     GError             **error);
/* Whether @id belongs to this source (it starts with the URI and a colon). */
gboolean             fd_source_owns_id              (FdSource            *self,
                                                     const char          *id);

G_END_DECLS
