/* fd-live-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-live-source"

#include "config.h"

#include "fd-live-source.h"

typedef struct
{
  FdSourceConfig *config;
  GMutex          note_lock;
  char           *note;       /* guarded by note_lock */
} FdLiveSourcePrivate;

typedef struct
{
  GBytes   *cursor;
  FdAction *action;
  FdTime    retry_at;
  char     *result;
} TaskData;

enum {
  PROP_0,
  PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void source_iface_init (FdSourceInterface *iface);

G_DEFINE_TYPE_WITH_CODE (FdLiveSource, fd_live_source, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (FdLiveSource)
                         G_IMPLEMENT_INTERFACE (FD_TYPE_SOURCE, source_iface_init))

static void
task_data_free (TaskData *data)
{
  g_clear_pointer (&data->cursor, g_bytes_unref);
  g_clear_pointer (&data->action, fd_action_free);
  g_clear_pointer (&data->result, g_free);
  g_free (data);
}

static TaskData *
task_data_new (void)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->retry_at = FD_TIME_NONE;
  return data;
}

void
fd_live_source_set_note (FdLiveSource *self,
                         const char   *note)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (self);

  g_return_if_fail (FD_IS_LIVE_SOURCE (self));

  g_mutex_lock (&priv->note_lock);
  g_free (priv->note);
  priv->note = g_strdup (note);
  g_mutex_unlock (&priv->note_lock);
}

static char *
dup_note (FdLiveSource *self)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (self);
  char *note;

  g_mutex_lock (&priv->note_lock);
  note = g_strdup (priv->note);
  g_mutex_unlock (&priv->note_lock);

  return note;
}

const FdSourceConfig *
fd_live_source_get_config (FdLiveSource *self)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (self);

  g_return_val_if_fail (FD_IS_LIVE_SOURCE (self), NULL);

  return priv->config;
}

/**
 * fd_live_source_new_client:
 * @self: a live source
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a client set up from the config, or
 *   %NULL when the CA file cannot be used
 */
FdHttpClient *
fd_live_source_new_client (FdLiveSource  *self,
                           GError       **error)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (self);
  FdLiveSourceClass *klass = FD_LIVE_SOURCE_GET_CLASS (self);
  g_autoptr(FdHttpClient) client = fd_http_client_new ();

  g_return_val_if_fail (FD_IS_LIVE_SOURCE (self), NULL);

  fd_http_client_set_auth (client, klass->auth, priv->config->token);
  if (priv->config->ca_file != NULL && *priv->config->ca_file != '\0' &&
      !fd_http_client_set_ca_file (client, priv->config->ca_file, error))
    return NULL;
  fd_http_client_set_timeouts (client, priv->config->timeout_s, 0);
  if (klass->setup_client != NULL)
    klass->setup_client (self, client);

  return g_steal_pointer (&client);
}

static const char *
fd_live_source_get_uri (FdSource *source)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (FD_LIVE_SOURCE (source));

  return priv->config->uri;
}

static FdSourceCapabilities
fd_live_source_get_capabilities (FdSource *source)
{
  return FD_LIVE_SOURCE_GET_CLASS (source)->capabilities;
}

static gboolean
fd_live_source_is_live (FdSource *source)
{
  return TRUE;
}

static guint
fd_live_source_get_default_interval (FdSource *source)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (FD_LIVE_SOURCE (source));
  FdLiveSourceClass *klass = FD_LIVE_SOURCE_GET_CLASS (source);

  if (priv->config->interval_s > 0)
    return priv->config->interval_s;

  return klass->default_interval > 0 ? klass->default_interval : 60;
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FdLiveSource *self = source_object;
  FdLiveSourceClass *klass = FD_LIVE_SOURCE_GET_CLASS (self);
  TaskData *data = task_data;
  g_autoptr(FdHttpClient) client = NULL;
  g_autoptr(GError) error = NULL;
  FdBatch *batch;

  client = fd_live_source_new_client (self, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  batch = klass->fetch_sync (self, client, data->cursor, cancellable, &error);
  data->retry_at = fd_http_client_get_retry_at (client);

  if (batch == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, batch, (GDestroyNotify) fd_batch_unref);
}

static void
fd_live_source_fetch_async (FdSource            *source,
                            GBytes              *cursor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  TaskData *data = task_data_new ();

  g_task_set_source_tag (task, fd_live_source_fetch_async);
  data->cursor = cursor ? g_bytes_ref (cursor) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

static void
update_status (FdSource     *source,
               const GError *error,
               FdTime        retry_at)
{
  FdSourceStatus *status = fd_source_get_status (source);

  if (error == NULL)
    {
      g_autofree char *note = dup_note (FD_LIVE_SOURCE (source));

      fd_source_status_set_last_success (status, g_get_real_time ());
      fd_source_status_set_message (status, note);
      fd_source_status_set_retry_at (status, retry_at);
      fd_source_status_set_state (status, FD_SOURCE_STATE_OK);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  fd_source_status_set_message (status, error->message);

  if (g_error_matches (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED))
    {
      fd_source_status_set_retry_at (status, retry_at);
      fd_source_status_set_state (status, FD_SOURCE_STATE_RATE_LIMITED);
    }
  else if (fd_http_error_is_transient (error) &&
           fd_source_status_get_last_success (status) != FD_TIME_NONE)
    fd_source_status_set_state (status, FD_SOURCE_STATE_STALE);
  else
    fd_source_status_set_state (status, FD_SOURCE_STATE_ERROR);
}

static FdBatch *
fd_live_source_fetch_finish (FdSource      *source,
                             GAsyncResult  *result,
                             GError       **error)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) local_error = NULL;
  FdBatch *batch;

  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  batch = g_task_propagate_pointer (G_TASK (result), &local_error);
  update_status (source, local_error, data->retry_at);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return batch;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FdLiveSource *self = source_object;
  FdLiveSourceClass *klass = FD_LIVE_SOURCE_GET_CLASS (self);
  TaskData *data = task_data;
  g_autoptr(FdHttpClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = fd_live_source_new_client (self, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!klass->apply_sync (self, client, data->action, &data->result, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
fd_live_source_apply_async (FdSource            *source,
                            const FdAction      *action,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FdLiveSourceClass *klass = FD_LIVE_SOURCE_GET_CLASS (source);
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  TaskData *data;

  g_task_set_source_tag (task, fd_live_source_apply_async);

  if (klass->apply_sync == NULL || !FD_SOURCE_CAN (klass->capabilities, action->kind))
    {
      g_task_return_new_error (task, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                               "%s cannot %s", fd_source_get_uri (source),
                               fd_action_kind_to_nick (action->kind));
      return;
    }

  data = task_data_new ();
  data->action = fd_action_copy (action);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, apply_thread);
}

static gboolean
fd_live_source_apply_finish (FdSource      *source,
                             GAsyncResult  *result,
                             char         **out_result,
                             GError       **error)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  if (out_result != NULL && data != NULL)
    *out_result = g_steal_pointer (&data->result);

  return TRUE;
}

static void
source_iface_init (FdSourceInterface *iface)
{
  iface->get_uri = fd_live_source_get_uri;
  iface->get_capabilities = fd_live_source_get_capabilities;
  iface->is_live = fd_live_source_is_live;
  iface->get_default_interval = fd_live_source_get_default_interval;
  iface->fetch_async = fd_live_source_fetch_async;
  iface->fetch_finish = fd_live_source_fetch_finish;
  iface->apply_async = fd_live_source_apply_async;
  iface->apply_finish = fd_live_source_apply_finish;
}

static void
fd_live_source_finalize (GObject *object)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (FD_LIVE_SOURCE (object));

  g_clear_pointer (&priv->config, fd_source_config_free);
  g_clear_pointer (&priv->note, g_free);
  g_mutex_clear (&priv->note_lock);

  G_OBJECT_CLASS (fd_live_source_parent_class)->finalize (object);
}

static void
fd_live_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (FD_LIVE_SOURCE (object));

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, priv->config);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_live_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (FD_LIVE_SOURCE (object));

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_clear_pointer (&priv->config, fd_source_config_free);
      priv->config = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_live_source_constructed (GObject *object)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (FD_LIVE_SOURCE (object));

  G_OBJECT_CLASS (fd_live_source_parent_class)->constructed (object);

  /* Subclasses are made from a validated config; an empty one is a programming error. */
  g_assert (priv->config != NULL);
}

static void
fd_live_source_class_init (FdLiveSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_live_source_finalize;
  object_class->get_property = fd_live_source_get_property;
  object_class->set_property = fd_live_source_set_property;
  object_class->constructed = fd_live_source_constructed;

  klass->auth = FD_HTTP_AUTH_BEARER;
  klass->default_interval = 60;

  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, FD_TYPE_SOURCE_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_live_source_init (FdLiveSource *self)
{
  FdLiveSourcePrivate *priv = fd_live_source_get_instance_private (self);

  g_mutex_init (&priv->note_lock);
}
