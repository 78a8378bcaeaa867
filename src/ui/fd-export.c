/* fd-export.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-export"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-export.h"

#include "fd-chart-report.h"
#include "fd-window.h"

#include <string.h>

/**
 * fd_csv_append_field:
 * @out: the CSV text so far
 * @field: (nullable): one field; %NULL is an empty field
 * @last: whether the field ends the row
 *
 * Appends @field quoted as RFC 4180 wants when it holds a comma, quote or
 * line break, then a comma or the CRLF line end.
 */
void
fd_csv_append_field (GString    *out,
                     const char *field,
                     gboolean    last)
{
  if (field != NULL && strpbrk (field, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (field != NULL)
    {
      g_string_append (out, field);
    }

  g_string_append (out, last ? "\r\n" : ",");
}

/**
 * fd_export_write:
 * @file: where to write
 * @contents: the text
 * @error: return location for an error
 *
 * Writes @contents atomically: a crash leaves the old file or the new one.
 *
 * Returns: %TRUE on success
 */
gboolean
fd_export_write (GFile       *file,
                 const char  *contents,
                 GError     **error)
{
  return g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

/**
 * fd_export_toast:
 * @widget: a widget inside an #FdWindow
 * @message: what to say
 *
 * Shows a passing message in the window's toast overlay.
 */
void
fd_export_toast (GtkWidget  *widget,
                 const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (FD_IS_WINDOW (root))
    adw_toast_overlay_add_toast (fd_window_get_toast_overlay (FD_WINDOW (root)),
                                 adw_toast_new (message));
}

typedef struct
{
  GtkWidget  *widget;
  char       *contents;
  FdPageData *data;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->widget);
  g_clear_pointer (&job->contents, g_free);
  g_clear_pointer (&job->data, fd_page_data_unref);
  g_free (job);
}

static void
report_result (ExportJob    *job,
               GFile        *file,
               const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (error != NULL)
    /* Translators: %s is the reason */
    message = g_strdup_printf (_("Could not export: %s"), error->message);
  else
    /* Translators: %s is a file name */
    message = g_strdup_printf (_("Saved “%s”"), name);
  fd_export_toast (job->widget, message);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     ExportJob       *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (job->contents != NULL)
        {
          fd_export_write (file, job->contents, &error);
        }
      else
        {
          g_autofree char *path = g_file_get_path (file);
          FdChartStyle style;

          fd_chart_style_init (&style, FD_PALETTE_LIGHT);
          fd_chart_report_write (job->data->current, job->data->dashboard,
                                 job->data->environment, &style, path, &error);
        }
      report_result (job, file, error);
    }

  export_job_free (job);
  g_object_unref (dialog);
}

static void
run_chooser (GtkWidget  *widget,
             const char *title,
             const char *suggested_name,
             ExportJob  *job)
{
  GtkNativeDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  dialog = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (title,
                                                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                                           _("_Export"), _("_Cancel")));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  gtk_native_dialog_set_modal (dialog, TRUE);
  job->widget = g_object_ref (widget);
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), job);
  gtk_native_dialog_show (dialog);
}

/**
 * fd_export_csv:
 * @widget: the widget asking, inside a window
 * @suggested_name: e.g. "pipeline-runs.csv"
 * @contents: (transfer full): the CSV text
 *
 * Asks where to save and writes @contents there atomically.
 */
void
fd_export_csv (GtkWidget  *widget,
               const char *suggested_name,
               char       *contents)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->contents = contents;
  run_chooser (widget, _("Export Table as CSV"), suggested_name, job);
}

/**
 * fd_export_pdf:
 * @widget: the widget asking, inside a window
 * @suggested_name: e.g. "pipelines.pdf"
 * @data: the page data to report on
 *
 * Asks where to save and writes the PDF report of @data's metrics and
 * charts through fd_chart_report_write().
 */
void
fd_export_pdf (GtkWidget  *widget,
               const char *suggested_name,
               FdPageData *data)
{
  ExportJob *job;

  g_return_if_fail (data != NULL);

  job = g_new0 (ExportJob, 1);
  job->data = fd_page_data_ref (data);
  run_chooser (widget, _("Export Page as PDF"), suggested_name, job);
}
