/* fd-fake-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-fake-source"

#include "config.h"

#include "fd-fake-source.h"

#include "fd-http.h"

#include <string.h>

typedef struct
{
  FdBatch *batch;     /* or an error: */
  GError  *error;
  FdTime   retry_at;
} Answer;

struct _FdFakeSource
{
  GObject               parent_instance;

  char                 *uri;
  gboolean              live;
  guint                 interval;
  FdSourceCapabilities  caps;
  GQueue                answers;
  GQueue                held_tasks;
  gboolean              held;
  guint                 n_fetches;
  GBytes               *last_cursor;
  GPtrArray            *actions;
};

static void source_iface_init (FdSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdFakeSource, fd_fake_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_SOURCE, source_iface_init))

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->batch, fd_batch_unref);
  g_clear_error (&answer->error);
  g_free (answer);
}

static void
complete (GTask *task)
{
  FdFakeSource *self = g_task_get_source_object (task);
  Answer *answer = g_queue_pop_head (&self->answers);

  if (answer == NULL)
    g_task_return_pointer (task, fd_batch_new (self->uri, NULL, NULL, self->last_cursor),
                           (GDestroyNotify) fd_batch_unref);
  else if (answer->error != NULL)
    {
      g_task_set_task_data (task, g_memdup2 (&answer->retry_at, sizeof (FdTime)), g_free);
      g_task_return_error (task, g_steal_pointer (&answer->error));
    }
  else
    g_task_return_pointer (task, fd_batch_ref (answer->batch), (GDestroyNotify) fd_batch_unref);

  g_clear_pointer (&answer, answer_free);
}

static gboolean
complete_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  FdFakeSource *self = g_task_get_source_object (task);

  if (self->held)
    {
      g_queue_push_tail (&self->held_tasks, task);
      return G_SOURCE_REMOVE;
    }

  complete (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
fd_fake_source_fetch_async (FdSource            *source,
                            GBytes              *cursor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FdFakeSource *self = FD_FAKE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, fd_fake_source_fetch_async);
  self->n_fetches++;
  g_clear_pointer (&self->last_cursor, g_bytes_unref);
  self->last_cursor = cursor != NULL ? g_bytes_ref (cursor) : NULL;
  g_idle_add (complete_idle_cb, task);
}

static FdBatch *
fd_fake_source_fetch_finish (FdSource      *source,
                             GAsyncResult  *result,
                             GError       **error)
{
  FdSourceStatus *status = fd_source_get_status (source);
  g_autoptr(GError) local_error = NULL;
  FdBatch *batch;

  batch = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (batch != NULL)
    {
      fd_source_status_set_retry_at (status, FD_TIME_NONE);
      fd_source_status_set_message (status, NULL);
      fd_source_status_set_state (status, FD_SOURCE_STATE_OK);
      return batch;
    }

  fd_source_status_set_message (status, local_error->message);
  if (g_error_matches (local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED))
    {
      fd_source_status_set_retry_at (status, *(FdTime *) g_task_get_task_data (G_TASK (result)));
      fd_source_status_set_state (status, FD_SOURCE_STATE_RATE_LIMITED);
    }
  else
    fd_source_status_set_state (status, fd_http_error_is_transient (local_error)
                                        ? FD_SOURCE_STATE_STALE : FD_SOURCE_STATE_ERROR);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static void
fd_fake_source_apply_async (FdSource            *source,
                            const FdAction      *action,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FdFakeSource *self = FD_FAKE_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_ptr_array_add (self->actions, fd_action_copy (action));
  g_task_return_pointer (task, g_strdup_printf ("made-%u", self->actions->len), g_free);
}

static gboolean
fd_fake_source_apply_finish (FdSource      *source,
                             GAsyncResult  *result,
                             char         **out_result,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *made = g_task_propagate_pointer (G_TASK (result), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_result != NULL)
    *out_result = g_steal_pointer (&made);
  return TRUE;
}

static const char *
fd_fake_source_get_uri (FdSource *source)
{
  return FD_FAKE_SOURCE (source)->uri;
}

static FdSourceCapabilities
fd_fake_source_get_capabilities (FdSource *source)
{
  return FD_FAKE_SOURCE (source)->caps;
}

static gboolean
fd_fake_source_is_live (FdSource *source)
{
  return FD_FAKE_SOURCE (source)->live;
}

static guint
fd_fake_source_get_default_interval (FdSource *source)
{
  return FD_FAKE_SOURCE (source)->interval;
}

static void
source_iface_init (FdSourceInterface *iface)
{
  iface->get_uri = fd_fake_source_get_uri;
  iface->get_capabilities = fd_fake_source_get_capabilities;
  iface->is_live = fd_fake_source_is_live;
  iface->get_default_interval = fd_fake_source_get_default_interval;
  iface->fetch_async = fd_fake_source_fetch_async;
  iface->fetch_finish = fd_fake_source_fetch_finish;
  iface->apply_async = fd_fake_source_apply_async;
  iface->apply_finish = fd_fake_source_apply_finish;
}

static void
fd_fake_source_finalize (GObject *object)
{
  FdFakeSource *self = FD_FAKE_SOURCE (object);

  g_assert_true (g_queue_is_empty (&self->held_tasks));
  g_queue_clear_full (&self->answers, (GDestroyNotify) answer_free);
  g_clear_pointer (&self->last_cursor, g_bytes_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_free (self->uri);

  G_OBJECT_CLASS (fd_fake_source_parent_class)->finalize (object);
}

static void
fd_fake_source_class_init (FdFakeSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_fake_source_finalize;
}

static void
fd_fake_source_init (FdFakeSource *self)
{
  g_queue_init (&self->answers);
  g_queue_init (&self->held_tasks);
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_action_free);
  self->caps = FD_SOURCE_CAN_ACKNOWLEDGE | FD_SOURCE_CAN_SILENCE;
}

FdFakeSource *
fd_fake_source_new (const char *uri,
                    gboolean    live,
                    guint       interval)
{
  FdFakeSource *self = g_object_new (FD_TYPE_FAKE_SOURCE, NULL);

  self->uri = g_strdup (uri);
  self->live = live;
  self->interval = interval;
  return self;
}

void
fd_fake_source_push_batch (FdFakeSource *self,
                           FdBatch      *batch)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->batch = fd_batch_ref (batch);
  g_queue_push_tail (&self->answers, answer);
}

void
fd_fake_source_push_error (FdFakeSource *self,
                           GQuark        domain,
                           int           code,
                           FdTime        retry_at)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->error = g_error_new (domain, code, "scripted failure %d", code);
  answer->retry_at = retry_at;
  g_queue_push_tail (&self->answers, answer);
}

void
fd_fake_source_set_held (FdFakeSource *self,
                         gboolean      held)
{
  GTask *task;

  self->held = held;
  if (held)
    return;

  while ((task = g_queue_pop_head (&self->held_tasks)) != NULL)
    {
      complete (task);
      g_object_unref (task);
    }
}

guint
fd_fake_source_get_n_fetches (FdFakeSource *self)
{
  return self->n_fetches;
}

GBytes *
fd_fake_source_get_last_cursor (FdFakeSource *self)
{
  return self->last_cursor;
}

GPtrArray *
fd_fake_source_get_actions (FdFakeSource *self)
{
  return self->actions;
}

void
fd_fake_source_set_capabilities (FdFakeSource         *self,
                                 FdSourceCapabilities  caps)
{
  self->caps = caps;
}

FdBatch *
fd_fake_batch_new (const char         *uri,
                   gboolean            prefixed,
                   guint               first,
                   guint               n,
                   FdTime              start,
                   const char         *environment,
                   const char * const *gone,
                   const char         *cursor)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) records = NULL;
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = prefixed ? g_strdup_printf ("%s:run-%u", uri, first + i)
                                     : g_strdup_printf ("run-%u", first + i);
      FdPipelineRun run = { 0, };

      run.started_at = start + (FdTime) i * 60 * G_USEC_PER_SEC;
      run.finished_at = run.started_at + 30 * G_USEC_PER_SEC;
      run.id = fd_snapshot_builder_intern (builder, id);
      run.pipeline = fd_snapshot_builder_intern (builder, "shop/ci");
      run.service = fd_snapshot_builder_intern (builder, "shop");
      run.environment = fd_snapshot_builder_intern (builder, environment);
      run.status = i % 4 == 3 ? FD_RUN_FAILED : FD_RUN_SUCCESS;
      fd_snapshot_builder_add_run (builder, &run, NULL, 0);
    }
  records = fd_snapshot_builder_end (builder);
  if (cursor != NULL)
    bytes = g_bytes_new (cursor, strlen (cursor));

  return fd_batch_new (uri, records, gone, bytes);
}

FdBatch *
fd_fake_alert_batch_new (const char *uri,
                         const char *id,
                         FdTime      start)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) records = NULL;
  FdAlert alert = { 0, };

  alert.started_at = start;
  alert.acknowledged_at = FD_TIME_NONE;
  alert.resolved_at = FD_TIME_NONE;
  alert.id = fd_snapshot_builder_intern (builder, id);
  alert.name = fd_snapshot_builder_intern (builder, "HighLatency");
  alert.service = fd_snapshot_builder_intern (builder, "shop");
  alert.environment = fd_snapshot_builder_intern (builder, "production");
  alert.severity = FD_SEVERITY_HIGH;
  alert.status = FD_ALERT_FIRING;
  fd_snapshot_builder_add_alert (builder, &alert);
  records = fd_snapshot_builder_end (builder);

  return fd_batch_new (uri, records, NULL, NULL);
}
