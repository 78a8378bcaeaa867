/* fd-chart-model.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-chart-format.h"
#include "fd-palette.h"

G_BEGIN_DECLS

typedef enum
{
  FD_CHART_KIND_LINE,            /* time series, several series, optional band */
  FD_CHART_KIND_AREA,
  FD_CHART_KIND_STACKED_BARS,    /* one bar per bucket, series stacked */
  FD_CHART_KIND_GROUPED_BARS,    /* one group per bucket, series side by side */
  FD_CHART_KIND_HORIZONTAL_BARS, /* one row per category (series 0) */
  FD_CHART_KIND_DONUT,           /* one slice per category (series 0) */
  FD_CHART_KIND_GAUGE,           /* series 0, point 0, against the y maximum */
  FD_CHART_KIND_HISTOGRAM,       /* bins: x = bin start, bucket width = bin width */
  FD_CHART_KIND_HEATMAP,         /* one series per row, one point per column */
  FD_CHART_KIND_SPARKLINE,       /* a line without axes */
  FD_CHART_KIND_CANARY,          /* lines plus vertical step markers */
  FD_CHART_N_KINDS
} FdChartKind;

typedef enum
{
  FD_CHART_AXIS_TIME,            /* x in seconds since the Unix epoch */
  FD_CHART_AXIS_LINEAR,
  FD_CHART_AXIS_CATEGORY,        /* x is the category index */
} FdChartAxis;

#define FD_TYPE_CHART_KIND (fd_chart_kind_get_type ())
#define FD_TYPE_CHART_AXIS (fd_chart_axis_get_type ())
#define FD_TYPE_CHART_FORMAT (fd_chart_format_get_type ())
GType fd_chart_kind_get_type   (void) G_GNUC_CONST;
GType fd_chart_axis_get_type   (void) G_GNUC_CONST;
GType fd_chart_format_get_type (void) G_GNUC_CONST;

/* One series: packed arrays sorted by x. Read-only for callers. */
typedef struct
{
  char     *name;
  int       color;     /* FdChartColor */
  gsize     n;
  double   *x;
  double   *y;
  double   *low;       /* optional band (p50–p95), same length, or NULL */
  double   *high;
  gboolean  visible;
} FdChartSeries;

typedef struct
{
  double  x;
  char   *label;
} FdChartMarker;

#define FD_TYPE_CHART_MODEL (fd_chart_model_get_type ())
G_DECLARE_FINAL_TYPE (FdChartModel, fd_chart_model, FD, CHART_MODEL, GObject)

FdChartModel        *fd_chart_model_new             (FdChartKind    kind);

FdChartKind          fd_chart_model_get_kind        (FdChartModel  *self);
void                 fd_chart_model_set_kind        (FdChartModel  *self,
                                                     FdChartKind    kind);
const char          *fd_chart_model_get_title       (FdChartModel  *self);
void                 fd_chart_model_set_title       (FdChartModel  *self,
                                                     const char    *title);
const char          *fd_chart_model_get_summary     (FdChartModel  *self);
void                 fd_chart_model_set_summary     (FdChartModel  *self,
                                                     const char    *summary);
const char          *fd_chart_model_get_unit        (FdChartModel  *self);
void                 fd_chart_model_set_unit        (FdChartModel  *self,
                                                     const char    *unit);
FdChartAxis          fd_chart_model_get_x_axis      (FdChartModel  *self);
void                 fd_chart_model_set_x_axis      (FdChartModel  *self,
                                                     FdChartAxis    axis);
FdChartFormat        fd_chart_model_get_y_format    (FdChartModel  *self);
void                 fd_chart_model_set_y_format    (FdChartModel  *self,
                                                     FdChartFormat  format);
double               fd_chart_model_get_bucket_width (FdChartModel *self);
void                 fd_chart_model_set_bucket_width (FdChartModel *self,
                                                      double        width);
void                 fd_chart_model_get_y_range     (FdChartModel  *self,
                                                     double        *min,
                                                     double        *max);
void                 fd_chart_model_set_y_range     (FdChartModel  *self,
                                                     double         min,
                                                     double         max);

guint                fd_chart_model_add_series      (FdChartModel  *self,
                                                     const char    *name,
                                                     int            color,
                                                     const double  *x,
                                                     const double  *y,
                                                     gsize          n);
guint                fd_chart_model_add_series_take (FdChartModel  *self,
                                                     const char    *name,
                                                     int            color,
                                                     double        *x,
                                                     double        *y,
                                                     gsize          n);
void                 fd_chart_model_set_band        (FdChartModel  *self,
                                                     guint          series,
                                                     const double  *low,
                                                     const double  *high);
guint                fd_chart_model_get_n_series    (FdChartModel  *self);
const FdChartSeries *fd_chart_model_get_series      (FdChartModel  *self,
                                                     guint          series);
gboolean             fd_chart_model_get_series_visible (FdChartModel *self,
                                                        guint         series);
void                 fd_chart_model_set_series_visible (FdChartModel *self,
                                                        guint         series,
                                                        gboolean      visible);

void                 fd_chart_model_set_categories  (FdChartModel       *self,
                                                     const char * const *labels,
                                                     const int          *colors);
guint                fd_chart_model_get_n_categories (FdChartModel *self);
const char          *fd_chart_model_get_category    (FdChartModel  *self,
                                                     guint          index);
int                  fd_chart_model_get_category_color (FdChartModel *self,
                                                        guint         index);

void                 fd_chart_model_add_marker      (FdChartModel  *self,
                                                     double         x,
                                                     const char    *label);
guint                fd_chart_model_get_n_markers   (FdChartModel  *self);
const FdChartMarker *fd_chart_model_get_marker      (FdChartModel  *self,
                                                     guint          index);

void                 fd_chart_model_clear           (FdChartModel  *self);
gboolean             fd_chart_model_same_chart      (FdChartModel  *self,
                                                     FdChartModel  *other);
void                 fd_chart_model_update          (FdChartModel  *self,
                                                     FdChartModel  *source);
guint64              fd_chart_model_get_generation  (FdChartModel  *self);
gboolean             fd_chart_model_is_empty        (FdChartModel  *self);
gsize                fd_chart_model_get_n_items     (FdChartModel  *self);

gsize                fd_chart_model_get_draw_points (FdChartModel  *self,
                                                     guint          series,
                                                     double         x_min,
                                                     double         x_max,
                                                     guint          columns,
                                                     const double **x,
                                                     const double **y);
gboolean             fd_chart_model_get_y_extent    (FdChartModel  *self,
                                                     guint          series,
                                                     double         x_min,
                                                     double         x_max,
                                                     double        *lo,
                                                     double        *hi);
void                 fd_chart_model_get_items_extent (FdChartModel *self,
                                                      gsize         first,
                                                      gsize         last,
                                                      gboolean      stacked,
                                                      double       *lo,
                                                      double       *hi);
const guint32       *fd_chart_model_get_representatives (FdChartModel *self,
                                                         gsize         first,
                                                         gsize         last,
                                                         guint         columns,
                                                         gsize        *n_out);

char                *fd_chart_model_format_x        (FdChartModel  *self,
                                                     double         x);
char                *fd_chart_model_describe        (FdChartModel  *self);
char                *fd_chart_model_describe_item   (FdChartModel  *self,
                                                     guint          series,
                                                     gsize          index);

G_END_DECLS
