/* fd-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-source"

#include "config.h"

#include "fd-source.h"

#include <string.h>

G_DEFINE_QUARK (fd-source-error-quark, fd_source_error)

G_DEFINE_INTERFACE (FdSource, fd_source, G_TYPE_OBJECT)

static GQuark status_quark;

static FdSourceCapabilities
fd_source_real_get_capabilities (FdSource *self)
{
  return FD_SOURCE_CAN_NOTHING;
}

static gboolean
fd_source_real_is_live (FdSource *self)
{
  return FALSE;
}

static guint
fd_source_real_get_default_interval (FdSource *self)
{
  return 60;
}

static void
fd_source_real_apply_async (FdSource            *self,
                            const FdAction      *action,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, fd_source_real_apply_async,
                           FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                           "%s cannot %s", fd_source_get_uri (self),
                           fd_action_kind_to_nick (action->kind));
}

static gboolean
fd_source_real_apply_finish (FdSource      *self,
                             GAsyncResult  *result,
                             char         **out_result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fd_source_default_init (FdSourceInterface *iface)
{
  status_quark = g_quark_from_static_string ("fd-source-status");

  iface->get_capabilities = fd_source_real_get_capabilities;
  iface->is_live = fd_source_real_is_live;
  iface->get_default_interval = fd_source_real_get_default_interval;
  iface->apply_async = fd_source_real_apply_async;
  iface->apply_finish = fd_source_real_apply_finish;
}

const char *
fd_source_get_uri (FdSource *self)
{
  g_return_val_if_fail (FD_IS_SOURCE (self), NULL);

  return FD_SOURCE_GET_IFACE (self)->get_uri (self);
}

FdSourceCapabilities
fd_source_get_capabilities (FdSource *self)
{
  g_return_val_if_fail (FD_IS_SOURCE (self), FD_SOURCE_CAN_NOTHING);

  return FD_SOURCE_GET_IFACE (self)->get_capabilities (self);
}

gboolean
fd_source_is_live (FdSource *self)
{
  g_return_val_if_fail (FD_IS_SOURCE (self), FALSE);

  return FD_SOURCE_GET_IFACE (self)->is_live (self);
}

guint
fd_source_get_default_interval (FdSource *self)
{
  g_return_val_if_fail (FD_IS_SOURCE (self), 60);

  return FD_SOURCE_GET_IFACE (self)->get_default_interval (self);
}

/**
 * fd_source_get_status:
 * @self: an #FdSource
 *
 * Every source has one status object for its whole life, made on first use.
 * The source sets what its fetches tell (ok, error, rate limit); the session
 * sets when the next fetch is due.
 *
 * Returns: (transfer none): the status
 */
FdSourceStatus *
fd_source_get_status (FdSource *self)
{
  FdSourceStatus *status;

  g_return_val_if_fail (FD_IS_SOURCE (self), NULL);

  status = g_object_get_qdata (G_OBJECT (self), status_quark);
  if (status == NULL)
    {
      status = fd_source_status_new ();
      g_object_set_qdata_full (G_OBJECT (self), status_quark, status, g_object_unref);
    }

  return status;
}

void
fd_source_fetch_async (FdSource            *self,
                       GBytes              *cursor,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (FD_IS_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  FD_SOURCE_GET_IFACE (self)->fetch_async (self, cursor, cancellable, callback, user_data);
}

FdBatch *
fd_source_fetch_finish (FdSource      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FD_IS_SOURCE (self), NULL);

  return FD_SOURCE_GET_IFACE (self)->fetch_finish (self, result, error);
}

void
fd_source_apply_async (FdSource            *self,
                       const FdAction      *action,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (FD_IS_SOURCE (self));
  g_return_if_fail (action != NULL);

  FD_SOURCE_GET_IFACE (self)->apply_async (self, action, cancellable, callback, user_data);
}

gboolean
fd_source_apply_finish (FdSource      *self,
                        GAsyncResult  *result,
                        char         **out_result,
                        GError       **error)
{
  g_autofree char *made = NULL;
  gboolean ok;

  g_return_val_if_fail (FD_IS_SOURCE (self), FALSE);

  ok = FD_SOURCE_GET_IFACE (self)->apply_finish (self, result, &made, error);
  if (out_result != NULL)
    *out_result = g_steal_pointer (&made);

  return ok;
}

gboolean
fd_source_owns_id (FdSource   *self,
                   const char *id)
{
  const char *uri;
  gsize len;

  g_return_val_if_fail (FD_IS_SOURCE (self), FALSE);

  if (id == NULL)
    return FALSE;

  uri = fd_source_get_uri (self);
  len = strlen (uri);

  return strncmp (id, uri, len) == 0 && id[len] == ':';
}
