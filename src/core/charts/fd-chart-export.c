/* fd-chart-export.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-export"

#include "config.h"

#include "fd-chart-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>

/**
 * fd_chart_export_format_from_path:
 * @path: a file name
 * @format: (out): the format its extension names
 *
 * Returns: %TRUE if the extension is .png, .svg or .pdf (any case)
 */
gboolean
fd_chart_export_format_from_path (const char          *path,
                                  FdChartExportFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = FD_CHART_EXPORT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FD_CHART_EXPORT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FD_CHART_EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

/**
 * fd_chart_render_to_image:
 * @model: the model
 * @style: the style; its scale sets the pixel density
 * @view: (nullable): the zoom and selection to draw; %NULL for the whole range
 * @width: width in units
 * @height: height in units
 *
 * Renders into a new ARGB32 image of @width × @height units times the
 * style's scale, for PNG export and copying to the clipboard.
 *
 * Returns: (transfer full): the image surface
 */
cairo_surface_t *
fd_chart_render_to_image (FdChartModel       *model,
                          const FdChartStyle *style,
                          const FdChartView  *view,
                          int                 width,
                          int                 height)
{
  double scale = style->scale > 0 ? style->scale : 1;
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        MAX (1, (int) ceil (width * scale)),
                                        MAX (1, (int) ceil (height * scale)));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  fd_chart_render (cr, width, height, model, style, view);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *stream = closure;

  if (!g_output_stream_write_all (stream, data, length, NULL, NULL, NULL))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/**
 * fd_chart_export:
 * @model: the model
 * @style: the style (palette, font, scale for PNG)
 * @view: (nullable): the zoom and selection to draw; %NULL for the whole range
 * @format: the file format
 * @path: where to write
 * @width: width in units (points for PDF and SVG)
 * @height: height in units
 * @error: return location for an error
 *
 * Draws the chart into a file. The file is written next to @path under a
 * temporary name and renamed into place, so a failure never leaves a
 * partial file behind.
 *
 * Returns: %TRUE on success
 */
gboolean
fd_chart_export (FdChartModel         *model,
                 const FdChartStyle   *style,
                 const FdChartView    *view,
                 FdChartExportFormat   format,
                 const char           *path,
                 int                   width,
                 int                   height,
                 GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;

  g_return_val_if_fail (FD_IS_CHART_MODEL (model), FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width <= 0 || height <= 0 || width > 20000 || height > 20000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Invalid chart size %d × %d"), width, height);
      return FALSE;
    }

  /* GFile replace() writes a temporary file and renames it on close. */
  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (out == NULL)
    return FALSE;

  switch (format)
    {
    case FD_CHART_EXPORT_PNG:
      surface = fd_chart_render_to_image (model, style, view, width, height);
      status = cairo_surface_write_to_png_stream (surface, write_to_stream, out);
      break;
    case FD_CHART_EXPORT_SVG:
    case FD_CHART_EXPORT_PDF:
    default:
      {
        cairo_t *cr;

        if (format == FD_CHART_EXPORT_SVG)
          surface = cairo_svg_surface_create_for_stream (write_to_stream, out, width, height);
        else
          surface = cairo_pdf_surface_create_for_stream (write_to_stream, out, width, height);
        cr = cairo_create (surface);
        fd_chart_render (cr, width, height, model, style, view);
        cairo_show_page (cr);
        cairo_destroy (cr);
        cairo_surface_finish (surface);
        status = cairo_surface_status (surface);
      }
      break;
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* Closing a cancelled replace stream drops the temporary file. */
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the chart: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
