/* fd-export.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fd-csv.h"
#include "fd-page-data.h"

G_BEGIN_DECLS

/* Writing to a given file, off the main thread and atomically. */
void      fd_export_write_csv_async  (GFile               *file,
                                      FdCsv               *table,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
void      fd_export_write_pdf_async  (GFile               *file,
                                      FdPageData          *data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  fd_export_write_finish     (GAsyncResult        *result,
                                      GError             **error);

/* Asking where first, with a file chooser. */
void      fd_export_csv_async        (GtkWindow           *parent,
                                      const char          *suggested_name,
                                      FdCsv               *table,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
void      fd_export_pdf_async        (GtkWindow           *parent,
                                      const char          *suggested_name,
                                      FdPageData          *data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GFile    *fd_export_finish           (GAsyncResult        *result,
                                      GError             **error);

char     *fd_export_result_message   (GFile               *file,
                                      const GError        *error);
void      fd_export_toast            (GtkWidget           *widget,
                                      const char          *message);

G_END_DECLS
