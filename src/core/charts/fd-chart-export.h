/* fd-chart-export.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fd-chart-model.h"
#include "fd-chart-render.h"

G_BEGIN_DECLS

typedef enum
{
  FD_CHART_EXPORT_PNG,
  FD_CHART_EXPORT_SVG,
  FD_CHART_EXPORT_PDF,
} FdChartExportFormat;

gboolean         fd_chart_export_format_from_path (const char          *path,
                                                   FdChartExportFormat *format);
gboolean         fd_chart_export                  (FdChartModel        *model,
                                                   const FdChartStyle  *style,
                                                   const FdChartView   *view,
                                                   FdChartExportFormat  format,
                                                   const char          *path,
                                                   int                  width,
                                                   int                  height,
                                                   GError             **error);
cairo_surface_t *fd_chart_render_to_image         (FdChartModel        *model,
                                                   const FdChartStyle  *style,
                                                   const FdChartView   *view,
                                                   int                  width,
                                                   int                  height);

G_END_DECLS
