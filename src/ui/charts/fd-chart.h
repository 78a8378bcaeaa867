/* fd-chart.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fd-chart-model.h"
#include "fd-palette.h"

G_BEGIN_DECLS

#define FD_TYPE_CHART (fd_chart_get_type ())
G_DECLARE_FINAL_TYPE (FdChart, fd_chart, FD, CHART, GtkWidget)

GtkWidget        *fd_chart_new                 (FdChartModel *model);
GtkWidget        *fd_chart_with_heading        (GtkWidget    *chart,
                                                const char   *heading);
FdChartModel     *fd_chart_get_model           (FdChart      *self);
void              fd_chart_set_model           (FdChart      *self,
                                                FdChartModel *model);
gboolean          fd_chart_get_highlight       (FdChart      *self,
                                                guint        *series,
                                                gsize        *index);
void              fd_chart_set_highlight       (FdChart      *self,
                                                int           series,
                                                gssize        index);
void              fd_chart_zoom_to             (FdChart      *self,
                                                double        x_from,
                                                double        x_to);
void              fd_chart_reset_zoom          (FdChart      *self);
gboolean          fd_chart_get_zoom            (FdChart      *self,
                                                double       *x_from,
                                                double       *x_to);
FdPaletteVariant  fd_chart_get_palette_variant (FdChart      *self);
GdkTexture       *fd_chart_render_texture      (FdChart      *self,
                                                int           width,
                                                int           height);

G_END_DECLS
