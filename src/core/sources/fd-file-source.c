/* fd-file-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-file-source"

#include "config.h"

#include "fd-file-source.h"

#include "fd-jsonl-reader.h"
#include "fd-local-source-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file with a million bad lines should not cost a million strings. */
#define MAX_PROBLEMS  10000
#define HEAD_BYTES    4096
#define TAIL_BYTES    64
#define CURSOR_MAGIC  0x46494c31u   /* "FIL1" */

typedef struct
{
  guint32 magic;
  guint32 head_len;
  guint64 offset;       /* after the last line read */
  guint64 dev;
  guint64 ino;
  guint64 lines;        /* physical lines read */
  guint64 size_seen;    /* the file's size at that fetch */
  guint32 head_hash;    /* of the first head_len bytes */
  guint32 tail_hash;    /* of the tail_len bytes before offset */
  guint32 tail_len;
  guint32 reserved;
} FileCursor;

struct _FdFileSource
{
  GObject        parent_instance;

  /* Owned */
  GFile         *file;
  char          *uri;
  GFileMonitor  *monitor;
  FdActionStore *store;          /* nullable until first needed */
  FdSnapshot    *actionable;     /* the alerts and canaries read so far, for actions */
  GHashTable    *dirty;          /* ids acted on since the last fetch */
  GPtrArray     *problems;       /* FdFileProblem */
  guint64        n_valid;
  guint64        n_invalid;
  guint64        n_unknown;
  char          *store_note;     /* the action store's trouble, nullable */
};

static void source_iface_init (FdSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdFileSource, fd_file_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_SOURCE, source_iface_init))

enum {
  PROP_0,
  PROP_FILE,
  PROP_ACTION_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
problem_free (FdFileProblem *problem)
{
  /* Arrays whose problems were moved elsewhere hold NULLs. */
  if (problem == NULL)
    return;
  g_free (problem->reason);
  g_free (problem);
}

static guint32
hash_data (const char *data,
           gsize       len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) data[i]) * 16777619u;
  return h;
}

/* Reading {{{ */

typedef struct
{
  char          *path;
  char          *uri;
  GBytes        *cursor;
  GHashTable    *dirty;
  FdSnapshot    *actionable;     /* nullable */
  FdActionStore *store;          /* the source's, nullable */

  /* Results */
  FdActionStore *opened;
  char          *note;           /* about the action store, nullable */
  FdSnapshot    *new_actionable;
  GPtrArray     *problems;
  guint64        base_line;
  FdJsonlStats   stats;
  gboolean       restarted;
  FdBatch       *batch;          /* the result, or: */
  GError        *error;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->path);
  g_free (data->uri);
  g_clear_pointer (&data->cursor, g_bytes_unref);
  g_clear_pointer (&data->dirty, g_hash_table_unref);
  g_clear_pointer (&data->actionable, fd_snapshot_unref);
  g_clear_object (&data->store);
  g_clear_object (&data->opened);
  g_clear_pointer (&data->new_actionable, fd_snapshot_unref);
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  g_clear_pointer (&data->batch, fd_batch_unref);
  g_clear_error (&data->error);
  g_free (data->note);
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
  problem->line = data->base_line + line_number;
  problem->reason = g_strdup (reason);
  g_ptr_array_add (data->problems, problem);
}

static gboolean
read_cursor (GBytes     *bytes,
             FileCursor *cursor)
{
  gconstpointer data;
  gsize size;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (size != sizeof *cursor)
    return FALSE;
  memcpy (cursor, data, sizeof *cursor);
  return cursor->magic == CURSOR_MAGIC;
}

/* Whether the file is still the one the cursor read, with the part read
 * unchanged as far as its first bytes and those before the offset tell. */
static gboolean
same_file (const FileCursor *cursor,
           const struct stat *st,
           const char        *contents,
           gsize              len)
{
  if (cursor->dev != (guint64) st->st_dev || cursor->ino != (guint64) st->st_ino)
    return FALSE;
  if (len < cursor->offset || cursor->head_len > cursor->offset ||
      cursor->tail_len > cursor->offset)
    return FALSE;
  if (hash_data (contents, cursor->head_len) != cursor->head_hash)
    return FALSE;
  return hash_data (contents + cursor->offset - cursor->tail_len, cursor->tail_len) ==
         cursor->tail_hash;
}

static void
add_stats (FdJsonlStats       *to,
           const FdJsonlStats *from)
{
  to->lines += from->lines;
  to->valid += from->valid;
  to->invalid_lines += from->invalid_lines;
  to->unknown_types += from->unknown_types;
  to->blank_lines += from->blank_lines;
  to->bytes += from->bytes;
}

/* The alerts and canaries read so far (actions target only those), with
 * the newer versions of @records. */
static FdSnapshot *
update_actionable (FdSnapshot *base,
                   FdSnapshot *records)
{
  FdSnapshotBuilder *builder;
  g_autoptr(FdRecordCopier) copier = NULL;
  const FdAlert *alerts;
  const FdCanary *canaries;
  gsize n_alerts, n_canaries;

  alerts = fd_snapshot_get_alerts (records, &n_alerts);
  canaries = fd_snapshot_get_canaries (records, &n_canaries);
  if (base != NULL && n_alerts == 0 && n_canaries == 0)
    return fd_snapshot_ref (base);

  builder = base != NULL ? fd_snapshot_builder_new_from (base) : fd_snapshot_builder_new ();
  copier = _fd_record_copier_new (records, builder);
  for (gsize i = 0; i < n_alerts; i++)
    _fd_record_copier_alert (copier, &alerts[i]);
  for (gsize i = 0; i < n_canaries; i++)
    _fd_record_copier_canary (copier, &canaries[i]);
  g_clear_pointer (&copier, _fd_record_copier_free);

  return fd_snapshot_builder_end (builder);
}

/* The records acted on since the last fetch that this read did not bring:
 * they are sent again, so that the overlay shows the action. */
static FdSnapshot *
add_acted_on (FdSnapshot *records,
              FdSnapshot *actionable,
              GHashTable *dirty)
{
  FdSnapshotBuilder *builder;
  g_autoptr(FdRecordCopier) copier = NULL;
  const FdAlert *alerts;
  const FdCanary *canaries;
  gsize n;

  if (actionable == NULL || g_hash_table_size (dirty) == 0)
    return fd_snapshot_ref (records);

  builder = fd_snapshot_builder_new ();
  copier = _fd_record_copier_new (actionable, builder);
  alerts = fd_snapshot_get_alerts (actionable, &n);
  for (gsize i = 0; i < n; i++)
    if (g_hash_table_contains (dirty, fd_snapshot_str (actionable, alerts[i].id)))
      _fd_record_copier_alert (copier, &alerts[i]);
  canaries = fd_snapshot_get_canaries (actionable, &n);
  for (gsize i = 0; i < n; i++)
    if (g_hash_table_contains (dirty, fd_snapshot_str (actionable, canaries[i].id)))
      _fd_record_copier_canary (copier, &canaries[i]);
  g_clear_pointer (&copier, _fd_record_copier_free);

  /* The lines just read come after: they win over the remembered versions. */
  {
    g_autoptr(FdRecordCopier) newer = _fd_record_copier_new (records, builder);
    const FdPipelineRun *runs = fd_snapshot_get_runs (records, &n);
    const FdDeployment *deployments;
    const FdCanarySample *samples;

    for (gsize i = 0; i < n; i++)
      _fd_record_copier_run (newer, &runs[i]);
    deployments = fd_snapshot_get_deployments (records, &n);
    for (gsize i = 0; i < n; i++)
      _fd_record_copier_deployment (newer, &deployments[i]);
    alerts = fd_snapshot_get_alerts (records, &n);
    for (gsize i = 0; i < n; i++)
      _fd_record_copier_alert (newer, &alerts[i]);
    canaries = fd_snapshot_get_canaries (records, &n);
    for (gsize i = 0; i < n; i++)
      _fd_record_copier_canary (newer, &canaries[i]);
    samples = fd_snapshot_get_samples (records, &n);
    for (gsize i = 0; i < n; i++)
      _fd_record_copier_sample (newer, &samples[i]);
  }

  return fd_snapshot_builder_end (builder);
}

static void
read_work (gpointer      task_data,
           GCancellable *cancellable)
{
  ReadData *data = task_data;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSnapshot) raw = NULL;
  g_autoptr(FdSnapshot) sent = NULL;
  g_autoptr(FdSnapshot) records = NULL;
  g_autoptr(GBytes) next = NULL;
  g_autofree char *display = g_filename_display_name (data->path);
  FdSnapshotBuilder *builder;
  FdActionStore *store;
  FileCursor cursor, prev;
  const char *contents = "";
  const char *nl;
  struct stat st;
  gsize len = 0, offset, complete;
  int fd;

  fd = g_open (data->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (&data->error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot read “%s”: %s", display, g_strerror (saved_errno));
      return;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved_errno = errno;
      gboolean is_dir = S_ISDIR (st.st_mode);

      close (fd);
      g_set_error (&data->error, G_IO_ERROR,
                   is_dir ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                   "Cannot read “%s”: %s", display,
                   is_dir ? "it is a directory" : g_strerror (saved_errno));
      return;
    }
  if (st.st_size > 0)
    {
      mapped = g_mapped_file_new_from_fd (fd, FALSE, &error);
      if (mapped == NULL)
        {
          close (fd);
          g_set_error (&data->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "Cannot read “%s”: %s", display, error->message);
          return;
        }
      contents = g_mapped_file_get_contents (mapped);
      len = g_mapped_file_get_length (mapped);
    }
  close (fd);

  /* From where the last read stopped, unless the file is another now. */
  memset (&cursor, 0, sizeof cursor);
  if (read_cursor (data->cursor, &prev) && same_file (&prev, &st, contents, len))
    {
      cursor = prev;
    }
  else
    {
      data->restarted = TRUE;
      cursor.lines = 0;
      cursor.offset = 0;
    }
  offset = cursor.offset;
  data->base_line = cursor.lines;

  /* Complete lines only: a writer may be in the middle of the last one. */
  nl = len > offset ? memrchr (contents + offset, '\n', len - offset) : NULL;
  complete = nl != NULL ? (gsize) (nl - contents) + 1 : offset;

  builder = fd_snapshot_builder_new ();
  data->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  if (complete > offset)
    {
      fd_jsonl_read_data (contents + offset, complete - offset, builder, line_rejected_cb, data,
                          &data->stats);
      offset = complete;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, &data->error))
    {
      fd_snapshot_builder_free (builder);
      return;
    }

  /* A last line without a line end: taken when it is a record already, or
   * when the file did not grow since the last look (it is all there is). */
  if (len > offset)
    {
      FdSnapshotBuilder *tail = fd_snapshot_builder_new ();
      g_autoptr(GPtrArray) kept = g_steal_pointer (&data->problems);
      FdJsonlStats stats;
      guint64 base = data->base_line;

      data->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
      data->base_line = cursor.lines + data->stats.lines;
      fd_jsonl_read_data (contents + offset, len - offset, tail, line_rejected_cb, data, &stats);
      if (stats.invalid_lines == 0 || (!data->restarted && cursor.size_seen == len))
        {
          fd_snapshot_builder_append (builder, tail);
          add_stats (&data->stats, &stats);
          for (guint i = 0; i < data->problems->len; i++)
            g_ptr_array_add (kept, g_steal_pointer (&g_ptr_array_index (data->problems, i)));
          offset = len;
        }
      g_ptr_array_unref (data->problems);
      data->problems = g_steal_pointer (&kept);
      data->base_line = base;
      fd_snapshot_builder_free (tail);
    }
  raw = fd_snapshot_builder_end (builder);

  cursor.magic = CURSOR_MAGIC;
  cursor.dev = (guint64) st.st_dev;
  cursor.ino = (guint64) st.st_ino;
  cursor.offset = offset;
  cursor.lines += data->stats.lines;
  cursor.size_seen = len;
  cursor.head_len = (guint32) MIN (offset, HEAD_BYTES);
  cursor.head_hash = hash_data (contents, cursor.head_len);
  cursor.tail_len = (guint32) MIN (offset, TAIL_BYTES);
  cursor.tail_hash = hash_data (contents + offset - cursor.tail_len, cursor.tail_len);
  next = g_bytes_new (&cursor, sizeof cursor);

  store = data->store;
  if (store == NULL)
    {
      g_autoptr(GError) store_error = NULL;

      /* Reading creates no store: without one there is nothing to replay. */
      data->opened = fd_action_store_open_default (FALSE, &store_error);
      if (store_error != NULL)
        g_debug ("No action store: %s", store_error->message);
      store = data->opened;
      data->note = _fd_local_store_note (store, store_error);
    }

  data->new_actionable = update_actionable (data->restarted ? NULL : data->actionable, raw);
  sent = add_acted_on (raw, data->restarted ? NULL : data->actionable, data->dirty);
  records = store != NULL ? fd_action_store_overlay (store, data->uri, sent)
                          : fd_snapshot_ref (sent);

  if (data->restarted)
    {
      const char * const gone[] = { data->uri, NULL };

      data->batch = fd_batch_new (data->uri, records, gone, next);
    }
  else
    data->batch = fd_batch_new (data->uri, records, NULL, next);

  /* The whole list, with every batch that brings something: silences
   * change only with the user's actions, which bring their records. */
  if (!fd_batch_is_empty (data->batch))
    fd_batch_take_silences (data->batch, _fd_local_silences (store, data->uri));
}

static void
read_done (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->batch), (GDestroyNotify) fd_batch_unref);
}

static void
fd_file_source_fetch_async (FdSource            *source,
                            GBytes              *cursor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FdFileSource *self = FD_FILE_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadData *data;

  g_task_set_source_tag (task, fd_file_source_fetch_async);

  data = g_new0 (ReadData, 1);
  data->path = g_file_get_path (self->file);
  if (data->path == NULL)
    {
      read_data_free (data);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Only local files can be read");
      return;
    }
  data->uri = g_strdup (self->uri);
  data->cursor = cursor != NULL ? g_bytes_ref (cursor) : NULL;
  data->dirty = g_steal_pointer (&self->dirty);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->actionable = self->actionable != NULL ? fd_snapshot_ref (self->actionable) : NULL;
  data->store = self->store != NULL ? g_object_ref (self->store) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  _fd_run_worker (task, read_work, read_done);
}

static void
keep_store (FdFileSource  *self,
            FdActionStore *opened)
{
  if (opened == NULL || self->store != NULL)
    return;

  self->store = g_object_ref (opened);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);
}

static FdBatch *
fd_file_source_fetch_finish (FdSource      *source,
                             GAsyncResult  *result,
                             GError       **error)
{
  FdFileSource *self = FD_FILE_SOURCE (source);
  ReadData *data = g_task_get_task_data (G_TASK (result));
  FdSourceStatus *status = fd_source_get_status (source);
  g_autoptr(GError) local_error = NULL;
  FdBatch *batch;

  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  batch = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (batch == NULL)
    {
      GHashTableIter iter;
      gpointer key;

      if (data != NULL && data->dirty != NULL)
        {
          g_hash_table_iter_init (&iter, data->dirty);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_hash_table_add (self->dirty, g_strdup (key));
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fd_source_status_set_message (status, local_error->message);
          fd_source_status_set_state (status,
                                      fd_source_status_get_last_success (status) != FD_TIME_NONE
                                      ? FD_SOURCE_STATE_STALE : FD_SOURCE_STATE_ERROR);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  keep_store (self, data->opened);
  g_clear_pointer (&self->actionable, fd_snapshot_unref);
  self->actionable = g_steal_pointer (&data->new_actionable);

  if (data->restarted)
    {
      g_ptr_array_set_size (self->problems, 0);
      self->n_valid = self->n_invalid = self->n_unknown = 0;
    }
  for (guint i = 0; i < data->problems->len && self->problems->len < MAX_PROBLEMS; i++)
    g_ptr_array_add (self->problems, g_steal_pointer (&g_ptr_array_index (data->problems, i)));
  self->n_valid += data->stats.valid;
  self->n_invalid += data->stats.invalid_lines;
  self->n_unknown += data->stats.unknown_types;

  fd_source_status_set_last_success (status, g_get_real_time ());
  /* An OK status with a message is a note: the store's trouble. */
  if (data->note != NULL || data->opened != NULL)
    {
      g_free (self->store_note);
      self->store_note = g_strdup (data->note);
    }
  fd_source_status_set_message (status, self->store_note);
  fd_source_status_set_state (status, FD_SOURCE_STATE_OK);

  return batch;
}

/* }}} */

/* Actions {{{ */

static void
fd_file_source_apply_async (FdSource            *source,
                            const FdAction      *action,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FdFileSource *self = FD_FILE_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(FdAction) copy = NULL;

  g_task_set_source_tag (task, fd_file_source_apply_async);

  if (!FD_SOURCE_CAN (fd_source_get_capabilities (source), action->kind))
    {
      g_task_return_new_error (task, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                               "%s cannot %s", self->uri, fd_action_kind_to_nick (action->kind));
      return;
    }

  copy = fd_action_copy (action);
  if (copy->at == 0 || copy->at == FD_TIME_NONE)
    copy->at = g_get_real_time ();
  /* The file is untouched; the action is replayed over it. */
  _fd_local_apply (task, g_steal_pointer (&copy), self->uri, self->store);
}

static gboolean
fd_file_source_apply_finish (FdSource      *source,
                             GAsyncResult  *result,
                             char         **out_result,
                             GError       **error)
{
  FdFileSource *self = FD_FILE_SOURCE (source);
  FdLocalApply *data = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  if (data != NULL)
    keep_store (self, data->opened);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  g_hash_table_add (self->dirty, g_strdup (data->action->target_id));
  if (out_result != NULL)
    *out_result = NULL;

  return TRUE;
}

/* }}} */

static const char *
fd_file_source_get_uri (FdSource *source)
{
  return FD_FILE_SOURCE (source)->uri;
}

static FdSourceCapabilities
fd_file_source_get_capabilities (FdSource *source)
{
  return FD_SOURCE_CAN_ACKNOWLEDGE | FD_SOURCE_CAN_RESOLVE | FD_SOURCE_CAN_SILENCE |
         FD_SOURCE_CAN_PROMOTE | FD_SOURCE_CAN_PAUSE | FD_SOURCE_CAN_RESUME |
         FD_SOURCE_CAN_ROLL_BACK;
}

static guint
fd_file_source_get_default_interval (FdSource *source)
{
  /* The monitor tells of changes; the timer only catches what it misses
   * (network file systems), and an unchanged file costs one stat. */
  return 30;
}

static void
source_iface_init (FdSourceInterface *iface)
{
  iface->get_uri = fd_file_source_get_uri;
  iface->get_capabilities = fd_file_source_get_capabilities;
  iface->get_default_interval = fd_file_source_get_default_interval;
  iface->fetch_async = fd_file_source_fetch_async;
  iface->fetch_finish = fd_file_source_fetch_finish;
  iface->apply_async = fd_file_source_apply_async;
  iface->apply_finish = fd_file_source_apply_finish;
}

static void
monitor_changed_cb (FdFileSource      *self,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    GFileMonitor      *monitor)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED:
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      break;
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    default:
      break;
    }
}

static void
fd_file_source_constructed (GObject *object)
{
  FdFileSource *self = FD_FILE_SOURCE (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (fd_file_source_parent_class)->constructed (object);

  g_assert (self->file != NULL);
  self->uri = g_file_get_uri (self->file);

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    g_debug ("Cannot watch %s: %s", self->uri, error->message);
  else
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
fd_file_source_dispose (GObject *object)
{
  FdFileSource *self = FD_FILE_SOURCE (object);

  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fd_file_source_parent_class)->dispose (object);
}

static void
fd_file_source_finalize (GObject *object)
{
  FdFileSource *self = FD_FILE_SOURCE (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->store_note, g_free);
  g_clear_pointer (&self->actionable, fd_snapshot_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (fd_file_source_parent_class)->finalize (object);
}

static void
fd_file_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FdFileSource *self = FD_FILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_ACTION_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_file_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FdFileSource *self = FD_FILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_ACTION_STORE:
      fd_file_source_set_action_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_file_source_class_init (FdFileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fd_file_source_constructed;
  object_class->dispose = fd_file_source_dispose;
  object_class->finalize = fd_file_source_finalize;
  object_class->get_property = fd_file_source_get_property;
  object_class->set_property = fd_file_source_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_STORE] =
    g_param_spec_object ("action-store", NULL, NULL, FD_TYPE_ACTION_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FdFileSource::changed:
   * @self: the source
   *
   * The file was written to, moved or replaced: fetch it again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_file_source_init (FdFileSource *self)
{
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
}

/**
 * fd_file_source_new:
 * @file: an events v1 file (it need not exist yet)
 *
 * Returns: (transfer full): a source reading @file
 */
FdFileSource *
fd_file_source_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (FD_TYPE_FILE_SOURCE, "file", file, NULL);
}

/**
 * fd_file_source_new_for_config:
 * @config: a "file:" config
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source, or %NULL without a path
 */
FdSource *
fd_file_source_new_for_config (const FdSourceConfig  *config,
                               GError               **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->locator == NULL || config->locator[0] == '\0')
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "A file source needs a path (file:PATH)");
      return NULL;
    }

  if (g_str_has_prefix (config->locator, "//"))
    file = g_file_new_for_uri (config->uri);
  else
    file = g_file_new_for_path (config->locator);

  return FD_SOURCE (fd_file_source_new (file));
}

GFile *
fd_file_source_get_file (FdFileSource *self)
{
  g_return_val_if_fail (FD_IS_FILE_SOURCE (self), NULL);

  return self->file;
}

FdActionStore *
fd_file_source_get_action_store (FdFileSource *self)
{
  g_return_val_if_fail (FD_IS_FILE_SOURCE (self), NULL);

  return self->store;
}

/**
 * fd_file_source_set_action_store:
 * @self: a file source
 * @store: (nullable): where actions are kept; %NULL for the default store
 */
void
fd_file_source_set_action_store (FdFileSource  *self,
                                 FdActionStore *store)
{
  g_return_if_fail (FD_IS_FILE_SOURCE (self));
  g_return_if_fail (store == NULL || FD_IS_ACTION_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);
}

/**
 * fd_file_source_get_problems:
 * @self: a file source
 *
 * Returns: (transfer none) (element-type FdFileProblem): the rejected lines
 */
GPtrArray *
fd_file_source_get_problems (FdFileSource *self)
{
  g_return_val_if_fail (FD_IS_FILE_SOURCE (self), NULL);

  return self->problems;
}

guint64
fd_file_source_get_n_valid (FdFileSource *self)
{
  g_return_val_if_fail (FD_IS_FILE_SOURCE (self), 0);

  return self->n_valid;
}

guint64
fd_file_source_get_n_invalid (FdFileSource *self)
{
  g_return_val_if_fail (FD_IS_FILE_SOURCE (self), 0);

  return self->n_invalid;
}

guint64
fd_file_source_get_n_unknown_types (FdFileSource *self)
{
  g_return_val_if_fail (FD_IS_FILE_SOURCE (self), 0);

  return self->n_unknown;
}
