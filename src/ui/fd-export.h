/* fd-export.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fd-page-data.h"

G_BEGIN_DECLS

void     fd_csv_append_field (GString    *out,
                              const char *field,
                              gboolean    last);
gboolean fd_export_write     (GFile      *file,
                              const char *contents,
                              GError    **error);
void     fd_export_csv       (GtkWidget  *widget,
                              const char *suggested_name,
                              char       *contents);
void     fd_export_pdf       (GtkWidget  *widget,
                              const char *suggested_name,
                              FdPageData *data);
void     fd_export_toast     (GtkWidget  *widget,
                              const char *message);

G_END_DECLS
