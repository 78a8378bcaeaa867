/* fd-chart-coverage.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _FdChartCoverage FdChartCoverage;

FdChartCoverage *fd_chart_coverage_new         (cairo_t         *cr,
                                                double           x,
                                                double           y,
                                                double           width,
                                                double           height,
                                                double           scale);
void             fd_chart_coverage_free        (FdChartCoverage *self);
int              fd_chart_coverage_get_columns (FdChartCoverage *self);
int              fd_chart_coverage_get_rows    (FdChartCoverage *self);
int              fd_chart_coverage_column_at   (FdChartCoverage *self,
                                                double           x);
int              fd_chart_coverage_row_at      (FdChartCoverage *self,
                                                double           y);
void             fd_chart_coverage_add_span    (FdChartCoverage *self,
                                                int              column,
                                                int              top_row,
                                                int              bottom_row);
guint8           fd_chart_coverage_get         (FdChartCoverage *self,
                                                int              column,
                                                int              row);
void             fd_chart_coverage_fill        (FdChartCoverage *self,
                                                double           red,
                                                double           green,
                                                double           blue,
                                                double           alpha);
void             fd_chart_coverage_add_to_layer (FdChartCoverage *self,
                                                 double           red,
                                                 double           green,
                                                 double           blue);
void             fd_chart_coverage_paint_layer  (FdChartCoverage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdChartCoverage, fd_chart_coverage_free)

G_END_DECLS
