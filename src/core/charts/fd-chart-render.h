/* fd-chart-render.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fd-chart-model.h"
#include "fd-chart-scale.h"
#include "fd-palette.h"

G_BEGIN_DECLS

/*
 * FdChartStyle: how to draw, and the view state of an interactive chart
 * (zoom, highlight, crosshair). Plain data; the renderer never keeps it.
 */
typedef struct
{
  const FdPalette *palette;
  const char      *font;             /* a Pango font description string; NULL for "Sans 9" */
  double           resolution;       /* text resolution in dots per inch (the desktop's text
                                      * scaling); 0 for Pango's default of 96 */
  const cairo_font_options_t *font_options; /* antialiasing and hinting of the text; NULL
                                      * for the target's defaults */
  double           scale;            /* device pixels per unit, 2 on HiDPI */
  gboolean         draw_title;
  gboolean         draw_legend;
  gboolean         draw_background;
  double           view_min;         /* x zoom in data units; NaN for the whole range */
  double           view_max;
  int              highlight_series; /* -1 for none */
  gssize           highlight_index;
  double           crosshair_x;      /* in units; NaN for none */
  double           selection_from;   /* drag-to-zoom band in units; NaN for none */
  double           selection_to;
  GTimeZone       *tz;               /* NULL for local time */
  gboolean         paths_only;       /* draw every shape as a path, as on a PDF or SVG, even on
                                      * raster targets that get coverage masks (tests compare) */
} FdChartStyle;

typedef struct
{
  double x, y, width, height;
} FdChartRect;

#define FD_CHART_MAX_LEGEND 24

typedef struct
{
  FdChartRect  plot;
  FdChartScale x_scale;    /* data x (lines) or item index (bars, heat map) to pixels; values for horizontal bars */
  FdChartScale y_scale;    /* values to pixels; row index for horizontal bars and heat maps */
  gsize        first;      /* visible items [first, last) of bar-like charts */
  gsize        last;
  gsize        n_rows;     /* rows shown by horizontal bars and heat maps */
  FdChartTicks x_ticks;
  FdChartTicks y_ticks;
  guint        n_legend;
  FdChartRect  legend[FD_CHART_MAX_LEGEND];
  guint        legend_item[FD_CHART_MAX_LEGEND];  /* series index (category for donuts) */
  double       cx, cy, radius, inner_radius;      /* donut and gauge */
  gboolean     empty;
} FdChartLayout;

typedef enum
{
  FD_CHART_HIT_NONE,
  FD_CHART_HIT_ITEM,
  FD_CHART_HIT_LEGEND,
} FdChartHitKind;

typedef struct
{
  FdChartHitKind kind;
  guint          series;   /* for FD_CHART_HIT_LEGEND: the legend entry's series or category */
  gsize          index;
  double         x_from;   /* the item's x range: a bucket, or one instant */
  double         x_to;
  double         value;
} FdChartHit;

void     fd_chart_style_init      (FdChartStyle       *style,
                                   FdPaletteVariant    variant);

void     fd_chart_layout_compute  (FdChartLayout      *layout,
                                   FdChartModel       *model,
                                   const FdChartStyle *style,
                                   double              width,
                                   double              height,
                                   cairo_t            *cr);
void     fd_chart_layout_clear    (FdChartLayout      *layout);

void     fd_chart_render          (cairo_t            *cr,
                                   double              width,
                                   double              height,
                                   FdChartModel       *model,
                                   const FdChartStyle *style);

gboolean fd_chart_hit_test        (FdChartModel       *model,
                                   const FdChartStyle *style,
                                   double              width,
                                   double              height,
                                   double              x,
                                   double              y,
                                   FdChartHit         *hit);
gboolean fd_chart_hit_test_layout (FdChartModel        *model,
                                   const FdChartLayout *layout,
                                   double               x,
                                   double               y,
                                   FdChartHit          *hit);
gboolean fd_chart_view_range_at   (FdChartModel        *model,
                                   const FdChartLayout *layout,
                                   double               px_from,
                                   double               px_to,
                                   double              *x_from,
                                   double              *x_to);

G_END_DECLS
