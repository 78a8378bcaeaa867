/* fd-export.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-export"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fd-export.h"

#include "fd-chart-report.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* Exports are written on a worker thread, so that a large table or a PDF
 * report does not stall the window, and atomically: into a temporary file
 * next to the destination, which is renamed over it only once complete.
 * A failure or a crash leaves the old file as it was (the event format asks
 * the same of every exporter). The worker gets immutable data only: a
 * table nobody changes any more, or a reference to the page data. */

typedef struct
{
  GFile      *file;
  FdCsv      *table;  /* one of these two */
  FdPageData *data;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->table, fd_csv_unref);
  g_clear_pointer (&job->data, fd_page_data_unref);
  g_free (job);
}

static gboolean
set_error_from_errno (GError    **error,
                      int         saved_errno,
                      const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* Translators: the first %s is a file name, the second the reason */
               _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

/* Writes @bytes to @file in one piece: a local file through a temporary file
 * and rename(), anything else through GIO's own replace. */
static gboolean
write_bytes (GFile         *file,
             GBytes        *bytes,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  gsize size;
  const char *contents = g_bytes_get_data (bytes, &size);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* g_file_replace() would write a new file in place, and falls back to
   * writing in place when it cannot make a temporary file;
   * g_file_set_contents_full() always goes through one and fsync()s it. */
  if (path != NULL)
    return g_file_set_contents_full (path, contents != NULL ? contents : "", size,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);

  return g_file_replace_contents (file, contents != NULL ? contents : "", size, NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, cancellable, error);
}

/* Renders the report into a new temporary file in @dir and returns its
 * path, or %NULL (and nothing left behind) on failure. */
static char *
render_pdf_in (const char  *dir,
               const char  *name,
               FdPageData  *data,
               GError     **error)
{
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", name);
  g_autofree char *path = g_build_filename (dir, template, NULL);
  FdChartStyle style;
  int fd;

  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_error_from_errno (error, errno, path);
      return NULL;
    }
  close (fd);

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  if (!fd_chart_report_write (data->current, data->dashboard, data->environment, &style,
                              path, error))
    {
      g_unlink (path);
      return NULL;
    }

  /* The data must be on disk before the rename makes it the file. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_unlink (path);
      set_error_from_errno (error, saved_errno, path);
      return NULL;
    }
  close (fd);

  return g_steal_pointer (&path);
}

static gboolean
write_pdf (GFile         *file,
           FdPageData    *data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *temp = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      temp = render_pdf_in (dir, name, data, error);
      if (temp == NULL)
        return FALSE;
      if (g_rename (temp, path) != 0)
        {
          int saved_errno = errno;

          g_unlink (temp);
          return set_error_from_errno (error, saved_errno, path);
        }
      return TRUE;
    }
  else
    {
      /* Not a local file (a remote location): render locally, then let GIO
       * replace the destination. */
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *contents = NULL;
      gsize size;
      gboolean ok;

      temp = render_pdf_in (g_get_tmp_dir (), name, data, error);
      if (temp == NULL)
        return FALSE;
      ok = g_file_get_contents (temp, &contents, &size, error);
      g_unlink (temp);
      if (!ok)
        return FALSE;
      bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
      return write_bytes (file, bytes, cancellable, error);
    }
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (job->table != NULL)
    {
      g_autoptr(GBytes) bytes = fd_csv_to_bytes (job->table);

      ok = write_bytes (job->file, bytes, cancellable, &error);
    }
  else
    {
      ok = write_pdf (job->file, job->data, cancellable, &error);
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
start_write (WriteJob            *job,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * fd_export_write_csv_async:
 * @file: where to write
 * @table: the table; it must not change any more
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Writes @table as CSV to @file on a worker thread, atomically: @file is
 * replaced only once the new text is complete, and is left as it was when
 * writing fails. Finish with fd_export_write_finish().
 */
void
fd_export_write_csv_async (GFile               *file,
                           FdCsv               *table,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  WriteJob *job;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (table != NULL);

  job = g_new0 (WriteJob, 1);
  job->file = g_object_ref (file);
  job->table = fd_csv_ref (table);
  start_write (job, fd_export_write_csv_async, cancellable, callback, user_data);
}

/**
 * fd_export_write_pdf_async:
 * @file: where to write
 * @data: the page data to report on
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Renders the PDF report of @data's metrics and charts
 * (fd_chart_report_write()) on a worker thread into a temporary file next
 * to @file, then renames it over @file. Finish with fd_export_write_finish().
 */
void
fd_export_write_pdf_async (GFile               *file,
                           FdPageData          *data,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  WriteJob *job;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (data != NULL);

  job = g_new0 (WriteJob, 1);
  job->file = g_object_ref (file);
  job->data = fd_page_data_ref (data);
  start_write (job, fd_export_write_pdf_async, cancellable, callback, user_data);
}

/**
 * fd_export_write_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the file was written
 */
gboolean
fd_export_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The chooser {{{ */

typedef struct
{
  FdCsv      *table;  /* one of these two */
  FdPageData *data;
  GFile      *file;   /* the one chosen */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->table, fd_csv_unref);
  g_clear_pointer (&job->data, fd_page_data_unref);
  g_clear_object (&job->file);
  g_free (job);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (fd_export_write_finish (result, &error))
    g_task_return_pointer (task, g_object_ref (job->file), g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     GTask           *task)
{
  ExportJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (response == GTK_RESPONSE_ACCEPT)
    job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (job->file == NULL)
    {
      /* Never shown: fd_export_result_message() says nothing for it. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The export was cancelled");
      g_object_unref (task);
    }
  else
    {
      /* The task's reference goes on to written_cb. */
      if (job->table != NULL)
        fd_export_write_csv_async (job->file, job->table, cancellable, written_cb, task);
      else
        fd_export_write_pdf_async (job->file, job->data, cancellable, written_cb, task);
    }

  g_object_unref (dialog);
}

static void
run_chooser (GTask      *task,
             GtkWindow  *parent,
             const char *title,
             const char *suggested_name)
{
  GtkNativeDialog *dialog;

  dialog = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (title, parent,
                                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                                           _("_Export"), _("_Cancel")));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  gtk_native_dialog_set_modal (dialog, TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), task);
  gtk_native_dialog_show (dialog);
}

/**
 * fd_export_csv_async:
 * @parent: (nullable): the window the file chooser belongs to
 * @suggested_name: e.g. "pipeline-runs.csv"
 * @table: the table; it must not change any more
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the table is written, or not
 * @user_data: data for @callback
 *
 * Asks where to save, then writes @table there as
 * fd_export_write_csv_async() does. Finish with fd_export_finish(), and
 * tell the user with fd_export_result_message().
 */
void
fd_export_csv_async (GtkWindow           *parent,
                     const char          *suggested_name,
                     FdCsv               *table,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  ExportJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (suggested_name != NULL);
  g_return_if_fail (table != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_export_csv_async);
  job = g_new0 (ExportJob, 1);
  job->table = fd_csv_ref (table);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  run_chooser (task, parent, _("Export Table as CSV"), suggested_name);
}

/**
 * fd_export_pdf_async:
 * @parent: (nullable): the window the file chooser belongs to
 * @suggested_name: e.g. "pipelines.pdf"
 * @data: the page data to report on
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the report is written, or not
 * @user_data: data for @callback
 *
 * Asks where to save, then writes the PDF report of @data there as
 * fd_export_write_pdf_async() does. Finish with fd_export_finish().
 */
void
fd_export_pdf_async (GtkWindow           *parent,
                     const char          *suggested_name,
                     FdPageData          *data,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  ExportJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (suggested_name != NULL);
  g_return_if_fail (data != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_export_pdf_async);
  job = g_new0 (ExportJob, 1);
  job->data = fd_page_data_ref (data);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  run_chooser (task, parent, _("Export Page as PDF"), suggested_name);
}

/**
 * fd_export_finish:
 * @result: the result given to the callback
 * @error: return location for an error; %G_IO_ERROR_CANCELLED when the
 *   user closed the file chooser
 *
 * Returns: (transfer full) (nullable): the file written, or %NULL
 */
GFile *
fd_export_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */

/**
 * fd_export_result_message:
 * @file: (nullable): the file written, as fd_export_finish() returns it
 * @error: (nullable): the error fd_export_finish() set
 *
 * Returns: (transfer full) (nullable): what to tell the user, e.g. in a
 *   toast: "Saved “runs.csv”" or the reason it failed; %NULL when the user
 *   cancelled and there is nothing to say
 */
char *
fd_export_result_message (GFile        *file,
                          const GError *error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  if (error != NULL)
    /* Translators: %s is the reason */
    return g_strdup_printf (_("Could not export: %s"), error->message);

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  name = path != NULL ? g_filename_display_basename (path) : g_file_get_basename (file);
  /* Translators: %s is a file name */
  return g_strdup_printf (_("Saved “%s”"), name);
}

/**
 * fd_export_toast:
 * @widget: a widget
 * @message: what to say
 *
 * Shows a passing message through the window's win.toast action; outside
 * a window (a page on its own, in a test) the message goes to the log.
 */
void
fd_export_toast (GtkWidget  *widget,
                 const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  if (!gtk_widget_activate_action (widget, "win.toast", "s", message))
    g_message ("%s", message);
}
