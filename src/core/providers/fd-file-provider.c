/* fd-file-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-file-provider"

#include "config.h"

#include "fd-file-provider.h"

#include "fd-action-store.h"
#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"

/* A file with a million bad lines should not cost a million strings. */
#define MAX_PROBLEMS 10000

struct _FdFileProvider
{
  GObject       parent_instance;

  /* Owned */
  GFile        *file;
  GFileMonitor *monitor;
  FdSnapshot   *snapshot;
  GPtrArray    *problems;        /* FdFileProblem */
  FdJsonlStats  stats;
  GError       *last_error;
  GCancellable *cancellable;     /* of the refresh in flight, cancelled on dispose */
  guint         reload_source;
  guint         reload_delay_ms;
  guint         generation;      /* bumped when the file changes */
  guint64       n_reads;         /* reads started */
  guint64       applied_read;    /* the read whose result is the current snapshot */
  /* The user's actions on this file live here, never in the file itself. */
  FdActionStore *store;          /* nullable until first needed */
  char          *store_error;    /* why the store could not be used, or was reset */
  gboolean       store_failed;   /* opening failed once: don't retry on every refresh */
};

static void fd_file_provider_iface_init (FdDataProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdFileProvider, fd_file_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_DATA_PROVIDER,
                                                      fd_file_provider_iface_init))

enum {
  PROP_0,
  PROP_FILE,
  PROP_RELOAD_DELAY,
  PROP_ACTION_STORE,
  PROP_ACTION_STORE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
problem_free (FdFileProblem *problem)
{
  g_free (problem->reason);
  g_free (problem);
}

typedef struct
{
  char          *path;
  GPtrArray     *problems;
  FdJsonlStats   stats;
  guint          generation;
  guint64        read;           /* order in which the reads started */
  FdActionStore *store;          /* nullable */
  char          *source;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->store);
  g_free (data->source);
  g_free (data->path);
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  g_free (data);
}

static void
line_rejected_cb (guint64     line_number,
                  const char *reason,
                  gpointer    user_data)
{
  ReadData *data = user_data;
  FdFileProblem *problem;

  if (data->problems->len >= MAX_PROBLEMS)
    return;

  problem = g_new0 (FdFileProblem, 1);
  problem->line = line_number;
  problem->reason = g_strdup (reason);
  g_ptr_array_add (data->problems, problem);
}

static void
read_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(GError) error = NULL;
  FdSnapshot *snapshot;

  if (!fd_jsonl_read_file (data->path, builder, line_rejected_cb, data, &data->stats,
                           cancellable, &error))
    {
      int code = FD_DATA_PROVIDER_ERROR_FAILED;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        code = FD_DATA_PROVIDER_ERROR_NOT_FOUND;

      g_task_return_new_error (task, FD_DATA_PROVIDER_ERROR, code,
                               "Cannot read “%s”: %s", data->path, error->message);
      return;
    }

  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
  /* The overlay copies the snapshot when an action changes it: that is
   * proportional to the data, so it belongs on this thread too. */
  if (data->store != NULL)
    {
      FdSnapshot *overlaid = fd_action_store_overlay (data->store, data->source, snapshot);

      fd_snapshot_unref (snapshot);
      snapshot = overlaid;
    }

  g_task_return_pointer (task, snapshot, (GDestroyNotify) fd_snapshot_unref);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  FdFileProvider *self = g_task_get_source_object (outer);
  ReadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  FdSnapshot *snapshot;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  /* A result for a file we no longer show is of no interest. */
  if (data->generation != self->generation)
    {
      g_clear_pointer (&snapshot, fd_snapshot_unref);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The file changed while it was read");
      return;
    }

  /* Reads overlap when the file changes during one (a reload on top of a
   * refresh); a small new file can be read before a large old one. The
   * result of an older read never replaces that of a newer one. */
  if (data->read < self->applied_read)
    {
      g_clear_pointer (&snapshot, fd_snapshot_unref);
      if (self->snapshot != NULL)
        g_task_return_pointer (outer, fd_snapshot_ref (self->snapshot),
                               (GDestroyNotify) fd_snapshot_unref);
      else
        g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "A newer read replaced this one");
      return;
    }

  if (snapshot == NULL)
    {
      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (error);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  g_clear_error (&self->last_error);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  self->snapshot = fd_snapshot_ref (snapshot);
  self->applied_read = data->read;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&data->problems);
  self->stats = data->stats;
  fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));

  g_task_return_pointer (outer, snapshot, (GDestroyNotify) fd_snapshot_unref);
}

static void
set_store_error (FdFileProvider *self,
                 const char     *message)
{
  if (g_strcmp0 (self->store_error, message) == 0)
    return;

  g_free (self->store_error);
  self->store_error = g_strdup (message);
  if (message != NULL)
    g_printerr ("flightdeck: action store: %s\n", message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE_ERROR]);
}

/* Opens the default store in the user data folder on first need. Reading a
 * file creates nothing: without a store file there are no actions to replay,
 * and the first action creates it. */
static FdActionStore *
ensure_store (FdFileProvider *self,
              gboolean        create)
{
  g_autoptr(GError) error = NULL;
  const GError *recovery;

  if (self->store != NULL || self->store_failed)
    return self->store;

  self->store = fd_action_store_open_default (create, &error);
  if (self->store == NULL)
    {
      /* No error: there is no store yet and nothing asked to create one. */
      if (error != NULL)
        {
          self->store_failed = TRUE;
          set_store_error (self, error->message);
        }
      return NULL;
    }

  recovery = fd_action_store_get_recovery_error (self->store);
  if (recovery != NULL)
    set_store_error (self, recovery->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);

  return self->store;
}

static void
fd_file_provider_refresh_async (FdDataProvider      *provider,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  FdFileProvider *self = FD_FILE_PROVIDER (provider);
  g_autoptr(GTask) inner = NULL;
  GTask *outer;
  ReadData *data;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fd_file_provider_refresh_async);

  if (self->file == NULL)
    {
      g_task_return_new_error (outer, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_FOUND,
                               "No file to read");
      g_object_unref (outer);
      return;
    }

  data = g_new0 (ReadData, 1);
  data->path = g_file_get_path (self->file);
  data->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  data->generation = self->generation;
  data->read = ++self->n_reads;
  if (ensure_store (self, FALSE) != NULL)
    {
      data->store = g_object_ref (self->store);
      data->source = g_file_get_uri (self->file);
    }

  if (data->path == NULL)
    {
      g_task_return_new_error (outer, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_SUPPORTED,
                               "Only local files can be read");
      g_object_unref (outer);
      read_data_free (data);
      return;
    }

  /* The worker's task has no source object: the thread pool may drop its
   * reference a moment after our callback ran, and it must not keep us alive. */
  inner = g_task_new (NULL, cancellable != NULL ? cancellable : self->cancellable,
                      read_done_cb, outer);
  g_task_set_task_data (inner, data, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (inner, read_worker);
}

static FdSnapshot *
fd_file_provider_refresh_finish (FdDataProvider  *provider,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fd_file_provider_apply_async (FdDataProvider      *provider,
                              const FdAction      *action,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  FdFileProvider *self = FD_FILE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autoptr(FdAction) copy = NULL;
  FdActionStore *store;

  g_task_set_source_tag (task, fd_file_provider_apply_async);

  if (self->file == NULL)
    {
      g_task_return_new_error (task, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_NOT_FOUND,
                               "No file to act on");
      return;
    }

  store = ensure_store (self, TRUE);
  if (store == NULL)
    {
      g_task_return_new_error (task, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_FAILED,
                               "Cannot keep the action: %s",
                               self->store_error != NULL ? self->store_error : "no store");
      return;
    }

  copy = fd_action_copy (action);
  if (copy->at == 0 || copy->at == FD_TIME_NONE)
    copy->at = g_get_real_time ();

  source = g_file_get_uri (self->file);
  if (!fd_action_store_add (store, source, copy, &error))
    {
      set_store_error (self, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The file is untouched; the next refresh replays the action over it. */
  g_task_return_boolean (task, TRUE);
}

static gboolean
fd_file_provider_apply_finish (FdDataProvider  *provider,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
fd_file_provider_get_name (FdDataProvider *provider)
{
  return "File";
}

static const char * const *
fd_file_provider_get_environments (FdDataProvider *provider)
{
  FdFileProvider *self = FD_FILE_PROVIDER (provider);
  static const char * const none[] = { NULL };

  return self->snapshot != NULL ? fd_snapshot_get_environments (self->snapshot) : none;
}

static FdSnapshot *
fd_file_provider_dup_snapshot (FdDataProvider *provider)
{
  FdFileProvider *self = FD_FILE_PROVIDER (provider);

  return self->snapshot != NULL ? fd_snapshot_ref (self->snapshot) : NULL;
}

static void
fd_file_provider_iface_init (FdDataProviderInterface *iface)
{
  iface->get_name = fd_file_provider_get_name;
  iface->get_environments = fd_file_provider_get_environments;
  iface->dup_snapshot = fd_file_provider_dup_snapshot;
  iface->refresh_async = fd_file_provider_refresh_async;
  iface->refresh_finish = fd_file_provider_refresh_finish;
  iface->apply_async = fd_file_provider_apply_async;
  iface->apply_finish = fd_file_provider_apply_finish;
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  /* Failures are kept in last_error; the previous snapshot stays. */
  snapshot = fd_data_provider_refresh_finish (FD_DATA_PROVIDER (object), result, &error);
  if (snapshot == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reload failed: %s", error->message);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  FdFileProvider *self = user_data;

  self->reload_source = 0;
  fd_data_provider_refresh_async (FD_DATA_PROVIDER (self), NULL, reloaded_cb, NULL);

  return G_SOURCE_REMOVE;
}

static void
file_changed_cb (FdFileProvider    *self,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 GFileMonitor      *monitor)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
      /* Writers append in bursts; wait for a quiet moment before reading. */
      g_clear_handle_id (&self->reload_source, g_source_remove);
      self->reload_source = g_timeout_add (self->reload_delay_ms, reload_timeout_cb, self);
      break;

    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

static void
start_monitor (FdFileProvider *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->file == NULL)
    return;

  /* Atomic writers replace the file by renaming over it; WATCH_MOVES reports that. */
  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Cannot watch the file: %s", error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (file_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
fd_file_provider_dispose (GObject *object)
{
  FdFileProvider *self = FD_FILE_PROVIDER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (fd_file_provider_parent_class)->dispose (object);
}

static void
fd_file_provider_finalize (GObject *object)
{
  FdFileProvider *self = FD_FILE_PROVIDER (object);

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_error (&self->last_error);
  g_clear_object (&self->store);
  g_clear_pointer (&self->store_error, g_free);

  G_OBJECT_CLASS (fd_file_provider_parent_class)->finalize (object);
}

static void
fd_file_provider_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FdFileProvider *self = FD_FILE_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_RELOAD_DELAY:
      g_value_set_uint (value, self->reload_delay_ms);
      break;
    case PROP_ACTION_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ACTION_STORE_ERROR:
      g_value_set_string (value, self->store_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_file_provider_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FdFileProvider *self = FD_FILE_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      fd_file_provider_set_file (self, g_value_get_object (value));
      break;
    case PROP_RELOAD_DELAY:
      fd_file_provider_set_reload_delay (self, g_value_get_uint (value));
      break;
    case PROP_ACTION_STORE:
      fd_file_provider_set_action_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_file_provider_class_init (FdFileProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_file_provider_dispose;
  object_class->finalize = fd_file_provider_finalize;
  object_class->get_property = fd_file_provider_get_property;
  object_class->set_property = fd_file_provider_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELOAD_DELAY] =
    g_param_spec_uint ("reload-delay", NULL, NULL, 0, 60000, 500,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_STORE] =
    g_param_spec_object ("action-store", NULL, NULL, FD_TYPE_ACTION_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_STORE_ERROR] =
    g_param_spec_string ("action-store-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_file_provider_init (FdFileProvider *self)
{
  self->reload_delay_ms = 500;
  self->cancellable = g_cancellable_new ();
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
}

/**
 * fd_file_provider_new:
 * @file: (nullable): the JSON Lines file to show
 *
 * Returns: (transfer full): a provider that reads @file and reloads it when it
 *   changes
 */
FdFileProvider *
fd_file_provider_new (GFile *file)
{
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  return g_object_new (FD_TYPE_FILE_PROVIDER, "file", file, NULL);
}

/**
 * fd_file_provider_get_file:
 * @self: an #FdFileProvider
 *
 * Returns: (transfer none) (nullable): the file
 */
GFile *
fd_file_provider_get_file (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), NULL);

  return self->file;
}

/**
 * fd_file_provider_set_file:
 * @self: an #FdFileProvider
 * @file: (nullable): the file to show
 *
 * Switches to another file. The current snapshot stays until the next
 * refresh replaces it.
 */
void
fd_file_provider_set_file (FdFileProvider *self,
                           GFile          *file)
{
  g_return_if_fail (FD_IS_FILE_PROVIDER (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (self->file == file || (self->file != NULL && file != NULL && g_file_equal (self->file, file)))
    return;

  g_set_object (&self->file, file);
  self->generation++;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  start_monitor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/**
 * fd_file_provider_get_reload_delay:
 * @self: an #FdFileProvider
 *
 * Returns: how long, in milliseconds, the provider waits after a change
 *   before it reads the file again
 */
guint
fd_file_provider_get_reload_delay (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), 0);

  return self->reload_delay_ms;
}

/**
 * fd_file_provider_set_reload_delay:
 * @self: an #FdFileProvider
 * @delay_ms: the quiet time after a change, in milliseconds (default 500)
 */
void
fd_file_provider_set_reload_delay (FdFileProvider *self,
                                   guint           delay_ms)
{
  g_return_if_fail (FD_IS_FILE_PROVIDER (self));

  if (self->reload_delay_ms == delay_ms)
    return;

  self->reload_delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELOAD_DELAY]);
}

/**
 * fd_file_provider_get_problems:
 * @self: an #FdFileProvider
 *
 * The rejected lines of the last successful read, in file order (at most
 * the first 10,000; fd_file_provider_get_n_invalid() counts them all).
 *
 * Returns: (transfer none) (element-type FdFileProblem): the problems
 */
GPtrArray *
fd_file_provider_get_problems (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), NULL);

  return self->problems;
}

/**
 * fd_file_provider_get_n_invalid:
 * @self: an #FdFileProvider
 *
 * Returns: the number of rejected lines in the last successful read
 */
guint64
fd_file_provider_get_n_invalid (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), 0);

  return self->stats.invalid_lines;
}

/**
 * fd_file_provider_get_n_unknown_types:
 * @self: an #FdFileProvider
 *
 * Returns: the number of skipped lines of an unknown type in the last read
 */
guint64
fd_file_provider_get_n_unknown_types (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), 0);

  return self->stats.unknown_types;
}

/**
 * fd_file_provider_get_n_valid:
 * @self: an #FdFileProvider
 *
 * Returns: the number of valid records in the last successful read
 */
guint64
fd_file_provider_get_n_valid (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), 0);

  return self->stats.valid;
}

/**
 * fd_file_provider_get_last_error:
 * @self: an #FdFileProvider
 *
 * Returns: (nullable): why the last refresh failed, or %NULL when it worked
 */
const GError *
fd_file_provider_get_last_error (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), NULL);

  return self->last_error;
}

/**
 * fd_file_provider_export:
 * @self: an #FdFileProvider
 * @path: where to write
 * @from: start of the window, or %FD_TIME_NONE for no bound
 * @to: end of the window, or %FD_TIME_NONE for no bound
 * @environment: (nullable): only this environment, or %NULL for all
 * @error: return location for a #GError
 *
 * Writes the current snapshot as JSON Lines. The file is written to a
 * temporary name and renamed, so @path is never left half written.
 *
 * Returns: %TRUE on success
 */
gboolean
fd_file_provider_export (FdFileProvider  *self,
                         const char      *path,
                         FdTime           from,
                         FdTime           to,
                         const char      *environment,
                         GError         **error)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->snapshot == NULL)
    {
      g_set_error_literal (error, FD_DATA_PROVIDER_ERROR, FD_DATA_PROVIDER_ERROR_FAILED,
                           "Nothing loaded yet");
      return FALSE;
    }

  return fd_jsonl_write_file (self->snapshot, path, from, to, environment, error);
}

/**
 * fd_file_provider_get_action_store:
 * @self: an #FdFileProvider
 *
 * Returns: (transfer none) (nullable): the store that keeps the user's
 *   actions on the file, or %NULL while none was needed yet
 */
FdActionStore *
fd_file_provider_get_action_store (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), NULL);

  return self->store;
}

/**
 * fd_file_provider_set_action_store:
 * @self: an #FdFileProvider
 * @store: (nullable): the store to use, or %NULL for the default one in the
 *   user data folder (opened when first needed)
 *
 * The next refresh replays the store's actions for this file.
 */
void
fd_file_provider_set_action_store (FdFileProvider *self,
                                   FdActionStore  *store)
{
  g_return_if_fail (FD_IS_FILE_PROVIDER (self));
  g_return_if_fail (store == NULL || FD_IS_ACTION_STORE (store));

  if (self->store == store)
    return;

  g_set_object (&self->store, store);
  self->store_failed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);
}

/**
 * fd_file_provider_get_action_source:
 * @self: an #FdFileProvider
 *
 * Returns: (transfer full) (nullable): the key of this file's actions in the
 *   store (the file's URI)
 */
char *
fd_file_provider_get_action_source (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), NULL);

  return self->file != NULL ? g_file_get_uri (self->file) : NULL;
}

/**
 * fd_file_provider_get_action_store_error:
 * @self: an #FdFileProvider
 *
 * Returns: (nullable): why the action store could not be opened or had to be
 *   started afresh (a damaged file is set aside), or %NULL
 */
const char *
fd_file_provider_get_action_store_error (FdFileProvider *self)
{
  g_return_val_if_fail (FD_IS_FILE_PROVIDER (self), NULL);

  return self->store_error;
}
