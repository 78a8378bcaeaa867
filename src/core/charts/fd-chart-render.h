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
 * FdChartStyle: how to draw (palette, text, scale, what decorations). The
 * same style draws a chart in the widget, a PNG, a PDF report. Plain data;
 * the renderer never keeps it.
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
  GTimeZone       *tz;               /* NULL for local time */
  gboolean         paths_only;       /* draw every shape as a path, as on a PDF or SVG, even on
                                      * raster targets that get coverage masks (tests compare) */
} FdChartStyle;

/*
 * FdChartView: what one viewer looks at, apart from how it is drawn: the
 * zoom, the selected item and the pointer. A widget keeps it across new
 * data; exports take a copy. Hidden series are not here: they belong to
 * the series in the model (fd_chart_model_set_series_visible()), whose
 * descriptions and extents read them, and fd_chart_model_update() keeps them
 * by series name. Plain data; the renderer never keeps it.
 */
typedef struct
{
  double           view_min;         /* x zoom in data units; NaN for the whole range */
  double           view_max;
  int              highlight_series; /* the selected item: series, -1 for none */
  gssize           highlight_index;  /* its index, -1 for none */
  double           crosshair_x;      /* the pointer, in units; NaN for none */
  double           selection_from;   /* drag-to-zoom band in units; NaN for none */
  double           selection_to;
} FdChartView;

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

/* What is drawn over the chart's body as the pointer moves: a cheap layer,
 * so the widget keeps the body's drawing and redraws only this. */
typedef struct
{
  gboolean     has_band;
  FdChartRect  band;        /* the drag-to-zoom band, accent at band_alpha */
  gboolean     has_crosshair;
  FdChartRect  crosshair;   /* a one device pixel wide column, foreground at crosshair_alpha */
  double       band_alpha;
  double       crosshair_alpha;
} FdChartOverlay;

void     fd_chart_style_init      (FdChartStyle       *style,
                                   FdPaletteVariant    variant);
void     fd_chart_view_init       (FdChartView        *view);
gboolean fd_chart_view_is_default (const FdChartView  *view);

void     fd_chart_layout_compute  (FdChartLayout      *layout,
                                   FdChartModel       *model,
                                   const FdChartStyle *style,
                                   const FdChartView  *view,
                                   double              width,
                                   double              height,
                                   cairo_t            *cr);
void     fd_chart_layout_clear    (FdChartLayout      *layout);
char    *fd_chart_layout_dup_y_label (const FdChartLayout *layout,
                                      FdChartModel        *model,
                                      guint                i);

void     fd_chart_render          (cairo_t            *cr,
                                   double              width,
                                   double              height,
                                   FdChartModel       *model,
                                   const FdChartStyle *style,
                                   const FdChartView  *view);
void     fd_chart_overlay_compute (FdChartModel        *model,
                                   const FdChartLayout *layout,
                                   const FdChartStyle  *style,
                                   const FdChartView   *view,
                                   FdChartOverlay      *overlay);
void     fd_chart_render_overlay  (cairo_t             *cr,
                                   FdChartModel        *model,
                                   const FdChartLayout *layout,
                                   const FdChartStyle  *style,
                                   const FdChartView   *view);

gboolean fd_chart_hit_test        (FdChartModel       *model,
                                   const FdChartStyle *style,
                                   const FdChartView  *view,
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
