/* fd-chart-model.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-model"

#include "config.h"

#include "fd-chart-model.h"

#include "fd-chart-decimate.h"
#include "fd-chart-scale.h"

#include <glib/gi18n-lib.h>
#include <math.h>

typedef struct
{
  FdChartSeries pub;

  /* Owned: pub's arrays. Shared with the model they came from by
   * fd_chart_model_update(), which then copies nothing; nothing writes
   * into an array once it is in a model. */
  GBytes  *x_bytes;
  GBytes  *y_bytes;
  GBytes  *low_bytes;
  GBytes  *high_bytes;

  /* Decimation cache: valid while the key matches. */
  guint64  cache_generation;
  double   cache_x_min;
  double   cache_x_max;
  guint    cache_columns;
  gsize    cache_n;
  double  *cache_x;
  double  *cache_y;

  /* Value extent cache, per x range. */
  guint64  ext_generation;
  double   ext_x_min;
  double   ext_x_max;
  double   ext_lo;
  double   ext_hi;
} Series;

struct _FdChartModel
{
  GObject parent_instance;

  /* Owned */
  char          *title;
  char          *summary;
  char          *unit;
  GPtrArray     *series;        /* Series */
  GPtrArray     *categories;    /* char * */
  GArray        *category_colors;
  GArray        *markers;       /* FdChartMarker */
  guint32       *reps;
  gsize          n_reps;

  FdChartKind    kind;
  FdChartAxis    x_axis;
  FdChartFormat  y_format;
  double         bucket_width;
  double         y_min;
  double         y_max;
  guint64        generation;

  guint64        ext_generation;
  gsize          ext_first;
  gsize          ext_last;
  gboolean       ext_stacked;
  double         ext_lo;
  double         ext_hi;

  guint64        reps_generation;
  gsize          reps_first;
  gsize          reps_last;
  guint          reps_columns;
};

G_DEFINE_FINAL_TYPE (FdChartModel, fd_chart_model, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FdChartKind, fd_chart_kind,
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_LINE, "line"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_AREA, "area"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_STACKED_BARS, "stacked-bars"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_GROUPED_BARS, "grouped-bars"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_HORIZONTAL_BARS, "horizontal-bars"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_DONUT, "donut"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_GAUGE, "gauge"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_HISTOGRAM, "histogram"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_HEATMAP, "heatmap"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_SPARKLINE, "sparkline"),
  G_DEFINE_ENUM_VALUE (FD_CHART_KIND_CANARY, "canary"))

G_DEFINE_ENUM_TYPE (FdChartAxis, fd_chart_axis,
  G_DEFINE_ENUM_VALUE (FD_CHART_AXIS_TIME, "time"),
  G_DEFINE_ENUM_VALUE (FD_CHART_AXIS_LINEAR, "linear"),
  G_DEFINE_ENUM_VALUE (FD_CHART_AXIS_CATEGORY, "category"))

G_DEFINE_ENUM_TYPE (FdChartFormat, fd_chart_format,
  G_DEFINE_ENUM_VALUE (FD_CHART_FORMAT_NUMBER, "number"),
  G_DEFINE_ENUM_VALUE (FD_CHART_FORMAT_COUNT, "count"),
  G_DEFINE_ENUM_VALUE (FD_CHART_FORMAT_PERCENT, "percent"),
  G_DEFINE_ENUM_VALUE (FD_CHART_FORMAT_DURATION, "duration"),
  G_DEFINE_ENUM_VALUE (FD_CHART_FORMAT_MILLISECONDS, "milliseconds"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_SUMMARY,
  PROP_UNIT,
  PROP_X_AXIS,
  PROP_Y_FORMAT,
  PROP_BUCKET_WIDTH,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->pub.name);
  g_clear_pointer (&s->x_bytes, g_bytes_unref);
  g_clear_pointer (&s->y_bytes, g_bytes_unref);
  g_clear_pointer (&s->low_bytes, g_bytes_unref);
  g_clear_pointer (&s->high_bytes, g_bytes_unref);
  g_free (s->cache_x);
  g_free (s->cache_y);
  g_free (s);
}

/* Takes @data (g_free()d) as the array of a series of @n points. */
static GBytes *
take_array (double *data,
            gsize   n)
{
  return g_bytes_new_take (data, MAX (n, 1) * sizeof (double));
}

static void
marker_clear (gpointer data)
{
  FdChartMarker *marker = data;

  g_clear_pointer (&marker->label, g_free);
}

static void
changed (FdChartModel *self)
{
  self->generation++;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
fd_chart_model_finalize (GObject *object)
{
  FdChartModel *self = (FdChartModel *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->category_colors, g_array_unref);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->reps, g_free);

  G_OBJECT_CLASS (fd_chart_model_parent_class)->finalize (object);
}

static void
fd_chart_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FdChartModel *self = FD_CHART_MODEL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_X_AXIS:
      g_value_set_enum (value, self->x_axis);
      break;
    case PROP_Y_FORMAT:
      g_value_set_enum (value, self->y_format);
      break;
    case PROP_BUCKET_WIDTH:
      g_value_set_double (value, self->bucket_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_chart_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FdChartModel *self = FD_CHART_MODEL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      fd_chart_model_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_TITLE:
      fd_chart_model_set_title (self, g_value_get_string (value));
      break;
    case PROP_SUMMARY:
      fd_chart_model_set_summary (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      fd_chart_model_set_unit (self, g_value_get_string (value));
      break;
    case PROP_X_AXIS:
      fd_chart_model_set_x_axis (self, g_value_get_enum (value));
      break;
    case PROP_Y_FORMAT:
      fd_chart_model_set_y_format (self, g_value_get_enum (value));
      break;
    case PROP_BUCKET_WIDTH:
      fd_chart_model_set_bucket_width (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_chart_model_class_init (FdChartModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_chart_model_finalize;
  object_class->get_property = fd_chart_model_get_property;
  object_class->set_property = fd_chart_model_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, FD_TYPE_CHART_KIND, FD_CHART_KIND_LINE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_X_AXIS] =
    g_param_spec_enum ("x-axis", NULL, NULL, FD_TYPE_CHART_AXIS, FD_CHART_AXIS_TIME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_FORMAT] =
    g_param_spec_enum ("y-format", NULL, NULL, FD_TYPE_CHART_FORMAT, FD_CHART_FORMAT_NUMBER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUCKET_WIDTH] =
    g_param_spec_double ("bucket-width", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FdChartModel::changed:
   *
   * Emitted when anything that is drawn changes, so views redraw once.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_chart_model_init (FdChartModel *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->category_colors = g_array_new (FALSE, FALSE, sizeof (int));
  self->markers = g_array_new (FALSE, TRUE, sizeof (FdChartMarker));
  g_array_set_clear_func (self->markers, marker_clear);
  self->x_axis = FD_CHART_AXIS_TIME;
  self->y_min = NAN;
  self->y_max = NAN;
  self->generation = 1;
}

/**
 * fd_chart_model_new:
 * @kind: the kind of chart
 *
 * Creates an empty chart model.
 *
 * Returns: (transfer full): the model
 */
FdChartModel *
fd_chart_model_new (FdChartKind kind)
{
  return g_object_new (FD_TYPE_CHART_MODEL, "kind", kind, NULL);
}

/**
 * fd_chart_model_get_kind:
 * @self: a model
 *
 * Returns: the kind of chart
 */
FdChartKind
fd_chart_model_get_kind (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), FD_CHART_KIND_LINE);
  return self->kind;
}

/**
 * fd_chart_model_set_kind:
 * @self: a model
 * @kind: the kind of chart
 *
 * Sets how the model is drawn.
 */
void
fd_chart_model_set_kind (FdChartModel *self,
                         FdChartKind   kind)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));
  g_return_if_fail (kind < FD_CHART_N_KINDS);

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  changed (self);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * fd_chart_model_get_title:
 * @self: a model
 *
 * Returns: (nullable): the title, also the accessible label
 */
const char *
fd_chart_model_get_title (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);
  return self->title;
}

/**
 * fd_chart_model_set_title:
 * @self: a model
 * @title: (nullable): the title
 *
 * Sets the title, drawn in exports and used as the accessible label.
 */
void
fd_chart_model_set_title (FdChartModel *self,
                          const char   *title)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (set_string (&self->title, title))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      changed (self);
    }
}

/**
 * fd_chart_model_get_summary:
 * @self: a model
 *
 * Returns: (nullable): the caller-supplied summary
 */
const char *
fd_chart_model_get_summary (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);
  return self->summary;
}

/**
 * fd_chart_model_set_summary:
 * @self: a model
 * @summary: (nullable): a sentence that leads the generated description
 *
 * Sets a summary that the page knows better than the chart (for example a
 * rate computed over the whole window), put before the generated description.
 */
void
fd_chart_model_set_summary (FdChartModel *self,
                            const char   *summary)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (set_string (&self->summary, summary))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
      changed (self);
    }
}

/**
 * fd_chart_model_get_unit:
 * @self: a model
 *
 * Returns: (nullable): the unit noun of the values, such as "runs"
 */
const char *
fd_chart_model_get_unit (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);
  return self->unit;
}

/**
 * fd_chart_model_set_unit:
 * @self: a model
 * @unit: (nullable): the unit noun, such as "runs"
 *
 * Sets the noun used in descriptions ("1,204 runs").
 */
void
fd_chart_model_set_unit (FdChartModel *self,
                         const char   *unit)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (set_string (&self->unit, unit))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
      changed (self);
    }
}

/**
 * fd_chart_model_get_x_axis:
 * @self: a model
 *
 * Returns: what the x values mean
 */
FdChartAxis
fd_chart_model_get_x_axis (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), FD_CHART_AXIS_TIME);
  return self->x_axis;
}

/**
 * fd_chart_model_set_x_axis:
 * @self: a model
 * @axis: what the x values mean
 *
 * Sets how x values are labelled.
 */
void
fd_chart_model_set_x_axis (FdChartModel *self,
                           FdChartAxis   axis)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (self->x_axis == axis)
    return;
  self->x_axis = axis;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_AXIS]);
  changed (self);
}

/**
 * fd_chart_model_get_y_format:
 * @self: a model
 *
 * Returns: how values are formatted
 */
FdChartFormat
fd_chart_model_get_y_format (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), FD_CHART_FORMAT_NUMBER);
  return self->y_format;
}

/**
 * fd_chart_model_set_y_format:
 * @self: a model
 * @format: how values are formatted
 *
 * Sets how values are formatted on the axis, in tooltips and descriptions.
 */
void
fd_chart_model_set_y_format (FdChartModel  *self,
                             FdChartFormat  format)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (self->y_format == format)
    return;
  self->y_format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_FORMAT]);
  changed (self);
}

/**
 * fd_chart_model_get_bucket_width:
 * @self: a model
 *
 * Returns: the width of a bucket in x units, 0 when points are instants
 */
double
fd_chart_model_get_bucket_width (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  return self->bucket_width;
}

/**
 * fd_chart_model_set_bucket_width:
 * @self: a model
 * @width: the width of a bucket in x units (seconds on a time axis)
 *
 * Sets the bucket width, which gives the x range reported when a bar is
 * activated and the precision of time labels.
 */
void
fd_chart_model_set_bucket_width (FdChartModel *self,
                                 double        width)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (self->bucket_width == width || !(width >= 0))
    return;
  self->bucket_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUCKET_WIDTH]);
  changed (self);
}

/**
 * fd_chart_model_get_y_range:
 * @self: a model
 * @min: (out) (optional): the fixed minimum, NaN when automatic
 * @max: (out) (optional): the fixed maximum, NaN when automatic
 *
 * Gets the fixed value range.
 */
void
fd_chart_model_get_y_range (FdChartModel *self,
                            double       *min,
                            double       *max)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (min)
    *min = self->y_min;
  if (max)
    *max = self->y_max;
}

/**
 * fd_chart_model_set_y_range:
 * @self: a model
 * @min: the fixed minimum, or NaN for automatic
 * @max: the fixed maximum, or NaN for automatic; the maximum of a gauge
 *
 * Fixes the value range, for example 0..1 for rates.
 */
void
fd_chart_model_set_y_range (FdChartModel *self,
                            double        min,
                            double        max)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  self->y_min = min;
  self->y_max = max;
  changed (self);
}

static guint
add_series (FdChartModel *self,
            const char   *name,
            int           color,
            double       *x,
            double       *y,
            gsize         n)
{
  Series *s = g_new0 (Series, 1);

  s->pub.name = g_strdup (name);
  s->pub.color = color;
  s->pub.n = n;
  s->pub.x = x;
  s->pub.y = y;
  s->x_bytes = take_array (x, n);
  s->y_bytes = take_array (y, n);
  s->pub.visible = TRUE;
  g_ptr_array_add (self->series, s);
  changed (self);

  return self->series->len - 1;
}

/**
 * fd_chart_model_add_series:
 * @self: a model
 * @name: the series name, shown in the legend
 * @color: an #FdChartColor role, or %FD_CHART_COLOR_AUTO
 * @x: (array length=n) (nullable): sorted x values; %NULL for 0, 1, 2, …
 * @y: (array length=n): values; NaN marks a missing value
 * @n: number of points
 *
 * Adds a series, copying the arrays.
 *
 * Returns: the series index
 */
guint
fd_chart_model_add_series (FdChartModel *self,
                           const char   *name,
                           int           color,
                           const double *x,
                           const double *y,
                           gsize         n)
{
  double *xc, *yc;

  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (y != NULL || n == 0, 0);

  xc = g_new (double, MAX (n, 1));
  yc = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    xc[i] = x ? x[i] : (double) i;
  if (n > 0)
    memcpy (yc, y, n * sizeof (double));

  return add_series (self, name, color, xc, yc, n);
}

/**
 * fd_chart_model_add_series_take:
 * @self: a model
 * @name: the series name
 * @color: an #FdChartColor role
 * @x: (transfer full) (array length=n): sorted x values, freed with g_free()
 * @y: (transfer full) (array length=n): values, freed with g_free()
 * @n: number of points
 *
 * Adds a series without copying, for millions of points.
 *
 * Returns: the series index
 */
guint
fd_chart_model_add_series_take (FdChartModel *self,
                                const char   *name,
                                int           color,
                                double       *x,
                                double       *y,
                                gsize         n)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (x != NULL && y != NULL, 0);

  return add_series (self, name, color, x, y, n);
}

/**
 * fd_chart_model_set_band:
 * @self: a model
 * @series: a series index
 * @low: (array) (nullable): lower edge per point (such as p50)
 * @high: (array) (nullable): upper edge per point (such as p95)
 *
 * Adds a shaded band around a line series; both arrays have the series' length.
 */
void
fd_chart_model_set_band (FdChartModel *self,
                         guint         series,
                         const double *low,
                         const double *high)
{
  Series *s;

  g_return_if_fail (FD_IS_CHART_MODEL (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  s->pub.low = s->pub.high = NULL;
  g_clear_pointer (&s->low_bytes, g_bytes_unref);
  g_clear_pointer (&s->high_bytes, g_bytes_unref);
  if (low != NULL && high != NULL)
    {
      s->pub.low = g_memdup2 (low, MAX (s->pub.n, 1) * sizeof (double));
      s->pub.high = g_memdup2 (high, MAX (s->pub.n, 1) * sizeof (double));
      s->low_bytes = take_array (s->pub.low, s->pub.n);
      s->high_bytes = take_array (s->pub.high, s->pub.n);
    }
  changed (self);
}

/**
 * fd_chart_model_get_n_series:
 * @self: a model
 *
 * Returns: the number of series
 */
guint
fd_chart_model_get_n_series (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  return self->series->len;
}

/**
 * fd_chart_model_get_series:
 * @self: a model
 * @series: a series index
 *
 * Returns: (transfer none): the series
 */
const FdChartSeries *
fd_chart_model_get_series (FdChartModel *self,
                           guint         series)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  return &((Series *) g_ptr_array_index (self->series, series))->pub;
}

/**
 * fd_chart_model_get_series_visible:
 * @self: a model
 * @series: a series index
 *
 * Returns: whether the series is drawn
 */
gboolean
fd_chart_model_get_series_visible (FdChartModel *self,
                                   guint         series)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), FALSE);
  g_return_val_if_fail (series < self->series->len, FALSE);

  return ((Series *) g_ptr_array_index (self->series, series))->pub.visible;
}

/**
 * fd_chart_model_set_series_visible:
 * @self: a model
 * @series: a series index
 * @visible: whether to draw it
 *
 * Hides or shows a series, as a click on its legend entry does.
 */
void
fd_chart_model_set_series_visible (FdChartModel *self,
                                   guint         series,
                                   gboolean      visible)
{
  Series *s;

  g_return_if_fail (FD_IS_CHART_MODEL (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  if (s->pub.visible == !!visible)
    return;
  s->pub.visible = !!visible;
  changed (self);
}

/**
 * fd_chart_model_set_categories:
 * @self: a model
 * @labels: (array zero-terminated=1) (nullable): category labels
 * @colors: (array) (nullable): one #FdChartColor per label
 *
 * Sets the categories: bar and slice labels, or heat-map column labels.
 */
void
fd_chart_model_set_categories (FdChartModel       *self,
                               const char * const *labels,
                               const int          *colors)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  g_ptr_array_set_size (self->categories, 0);
  g_array_set_size (self->category_colors, 0);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      int color = colors ? colors[i] : FD_CHART_COLOR_AUTO;

      g_ptr_array_add (self->categories, g_strdup (labels[i]));
      g_array_append_val (self->category_colors, color);
    }
  changed (self);
}

/**
 * fd_chart_model_get_n_categories:
 * @self: a model
 *
 * Returns: the number of categories
 */
guint
fd_chart_model_get_n_categories (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  return self->categories->len;
}

/**
 * fd_chart_model_get_category:
 * @self: a model
 * @index: a category index
 *
 * Returns: (nullable): the label, %NULL past the end
 */
const char *
fd_chart_model_get_category (FdChartModel *self,
                             guint         index)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);

  if (index >= self->categories->len)
    return NULL;
  return g_ptr_array_index (self->categories, index);
}

/**
 * fd_chart_model_get_category_color:
 * @self: a model
 * @index: a category index
 *
 * Returns: the colour role of the category, %FD_CHART_COLOR_AUTO if none
 */
int
fd_chart_model_get_category_color (FdChartModel *self,
                                   guint         index)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), FD_CHART_COLOR_AUTO);

  if (index >= self->category_colors->len)
    return FD_CHART_COLOR_AUTO;
  return g_array_index (self->category_colors, int, index);
}

/**
 * fd_chart_model_add_marker:
 * @self: a model
 * @x: where the marker goes
 * @label: (nullable): a short label, such as "25 %"
 *
 * Adds a vertical marker, such as a canary step change.
 */
void
fd_chart_model_add_marker (FdChartModel *self,
                           double        x,
                           const char   *label)
{
  FdChartMarker marker = { x, g_strdup (label) };

  g_return_if_fail (FD_IS_CHART_MODEL (self));

  g_array_append_val (self->markers, marker);
  changed (self);
}

/**
 * fd_chart_model_get_n_markers:
 * @self: a model
 *
 * Returns: the number of markers
 */
guint
fd_chart_model_get_n_markers (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  return self->markers->len;
}

/**
 * fd_chart_model_get_marker:
 * @self: a model
 * @index: a marker index
 *
 * Returns: (transfer none): the marker
 */
const FdChartMarker *
fd_chart_model_get_marker (FdChartModel *self,
                           guint         index)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (index < self->markers->len, NULL);

  return &g_array_index (self->markers, FdChartMarker, index);
}

/**
 * fd_chart_model_clear:
 * @self: a model
 *
 * Drops all series, categories and markers, keeping the settings.
 */
void
fd_chart_model_clear (FdChartModel *self)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  g_ptr_array_set_size (self->series, 0);
  g_ptr_array_set_size (self->categories, 0);
  g_array_set_size (self->category_colors, 0);
  g_array_set_size (self->markers, 0);
  changed (self);
}

/* Points @bytes at @from (a reference) and returns its array. */
static double *
share_array (GBytes **bytes,
             GBytes  *from)
{
  g_clear_pointer (bytes, g_bytes_unref);
  if (from == NULL)
    return NULL;
  *bytes = g_bytes_ref (from);
  return (double *) g_bytes_get_data (from, NULL);
}

static gboolean
old_visibility (FdChartModel *self,
                const char   *name,
                gboolean     *visible)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = g_ptr_array_index (self->series, i);

      if (g_strcmp0 (s->pub.name, name) == 0)
        {
          *visible = s->pub.visible;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * fd_chart_model_same_chart:
 * @self: a model
 * @other: another model
 *
 * Whether @other draws the same chart as @self, only with other data: the
 * same kind, x axis and title. A chart widget then updates its model from
 * @other instead of taking it, and keeps its view.
 *
 * Returns: %TRUE if the two models are the same chart
 */
gboolean
fd_chart_model_same_chart (FdChartModel *self,
                           FdChartModel *other)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), FALSE);
  g_return_val_if_fail (FD_IS_CHART_MODEL (other), FALSE);

  return self->kind == other->kind && self->x_axis == other->x_axis &&
         g_strcmp0 (self->title, other->title) == 0;
}

/**
 * fd_chart_model_update:
 * @self: the model to update
 * @source: a model holding the new data
 *
 * Replaces the data and settings of @self with those of @source, in place:
 * @self stays the same object, so whatever shows it keeps its zoom,
 * selection and focus. The series arrays are shared with @source, not
 * copied; @source stays as it was. A series keeps its visibility when
 * @self had a series of the same name (a hidden series stays hidden);
 * other series take @source's. Emits #FdChartModel::changed once, and
 * notifies the properties that changed.
 */
void
fd_chart_model_update (FdChartModel *self,
                       FdChartModel *source)
{
  g_autofree gboolean *visible = NULL;
  guint n_series;

  g_return_if_fail (FD_IS_CHART_MODEL (self));
  g_return_if_fail (FD_IS_CHART_MODEL (source));

  if (self == source)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->kind != source->kind)
    {
      self->kind = source->kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
  if (set_string (&self->title, source->title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (set_string (&self->summary, source->summary))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  if (set_string (&self->unit, source->unit))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
  if (self->x_axis != source->x_axis)
    {
      self->x_axis = source->x_axis;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_AXIS]);
    }
  if (self->y_format != source->y_format)
    {
      self->y_format = source->y_format;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_FORMAT]);
    }
  if (self->bucket_width != source->bucket_width)
    {
      self->bucket_width = source->bucket_width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUCKET_WIDTH]);
    }
  self->y_min = source->y_min;
  self->y_max = source->y_max;

  /* Visibility is decided before any name is overwritten. */
  n_series = source->series->len;
  visible = g_new (gboolean, MAX (n_series, 1));
  for (guint i = 0; i < n_series; i++)
    {
      const Series *from = g_ptr_array_index (source->series, i);

      if (!old_visibility (self, from->pub.name, &visible[i]))
        visible[i] = from->pub.visible;
    }

  /* The Series structs are reused, and with them their cache buffers. */
  for (guint i = 0; i < n_series; i++)
    {
      const Series *from = g_ptr_array_index (source->series, i);
      Series *s;

      if (i < self->series->len)
        s = g_ptr_array_index (self->series, i);
      else
        {
          s = g_new0 (Series, 1);
          g_ptr_array_add (self->series, s);
        }
      set_string (&s->pub.name, from->pub.name);
      s->pub.color = from->pub.color;
      s->pub.n = from->pub.n;
      s->pub.x = share_array (&s->x_bytes, from->x_bytes);
      s->pub.y = share_array (&s->y_bytes, from->y_bytes);
      s->pub.low = share_array (&s->low_bytes, from->low_bytes);
      s->pub.high = share_array (&s->high_bytes, from->high_bytes);
      s->pub.visible = visible[i];
    }
  g_ptr_array_set_size (self->series, n_series);

  g_ptr_array_set_size (self->categories, 0);
  for (guint i = 0; i < source->categories->len; i++)
    g_ptr_array_add (self->categories, g_strdup (g_ptr_array_index (source->categories, i)));
  g_array_set_size (self->category_colors, 0);
  g_array_append_vals (self->category_colors, source->category_colors->data,
                       source->category_colors->len);
  g_array_set_size (self->markers, 0);
  for (guint i = 0; i < source->markers->len; i++)
    {
      const FdChartMarker *m = &g_array_index (source->markers, FdChartMarker, i);
      FdChartMarker copy = { m->x, g_strdup (m->label) };

      g_array_append_val (self->markers, copy);
    }

  /* The generation moves on, which drops every cache keyed on it. */
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * fd_chart_model_get_generation:
 * @self: a model
 *
 * Returns: a counter that changes with every change, for caches
 */
guint64
fd_chart_model_get_generation (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  return self->generation;
}

/**
 * fd_chart_model_get_n_items:
 * @self: a model
 *
 * Returns: the length of the longest series
 */
gsize
fd_chart_model_get_n_items (FdChartModel *self)
{
  gsize n = 0;

  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);

  for (guint i = 0; i < self->series->len; i++)
    n = MAX (n, ((Series *) g_ptr_array_index (self->series, i))->pub.n);
  return n;
}

/**
 * fd_chart_model_is_empty:
 * @self: a model
 *
 * A model is empty when no series has a finite value; an all-zero model is
 * not empty (zero is a real measurement).
 *
 * Returns: whether there is nothing to draw
 */
gboolean
fd_chart_model_is_empty (FdChartModel *self)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), TRUE);

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = g_ptr_array_index (self->series, i);

      /* Only look far enough to find one value; NaN-only series are rare. */
      for (gsize j = 0; j < s->pub.n; j++)
        if (isfinite (s->pub.y[j]))
          return FALSE;
    }
  return TRUE;
}

/**
 * fd_chart_model_get_draw_points:
 * @self: a model
 * @series: a series index
 * @x_min: left edge of the visible range
 * @x_max: right edge of the visible range
 * @columns: device pixel columns across the range
 * @x: (out) (transfer none): x values to draw
 * @y: (out) (transfer none): y values to draw
 *
 * Returns the points to draw for a line: the raw points of the range when
 * there are few, or the min/max decimation, which is cached until the data,
 * the range or the width change — a frame never walks all the points.
 *
 * Returns: the number of points
 */
gsize
fd_chart_model_get_draw_points (FdChartModel  *self,
                                guint          series,
                                double         x_min,
                                double         x_max,
                                guint          columns,
                                const double **x,
                                const double **y)
{
  Series *s;
  gsize first, last;

  g_return_val_if_fail (FD_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  s = g_ptr_array_index (self->series, series);
  *x = s->pub.x;
  *y = s->pub.y;
  if (s->pub.n == 0)
    return 0;

  columns = MAX (columns, 1);
  first = fd_chart_lower_bound (s->pub.x, s->pub.n, x_min);
  last = fd_chart_lower_bound (s->pub.x, s->pub.n, x_max);
  first = first > 0 ? first - 1 : 0;
  last = MIN (last + 1, s->pub.n);

  if (last - first <= 2 * (gsize) columns + 2)
    {
      *x = s->pub.x + first;
      *y = s->pub.y + first;
      return last - first;
    }

  if (s->cache_x == NULL || s->cache_generation != self->generation ||
      s->cache_x_min != x_min || s->cache_x_max != x_max || s->cache_columns != columns)
    {
      g_free (s->cache_x);
      g_free (s->cache_y);
      s->cache_x = g_new (double, 2 * (gsize) columns + 2);
      s->cache_y = g_new (double, 2 * (gsize) columns + 2);
      s->cache_n = fd_chart_decimate_minmax (s->pub.x, s->pub.y, s->pub.n, x_min, x_max,
                                             columns, s->cache_x, s->cache_y);
      s->cache_generation = self->generation;
      s->cache_x_min = x_min;
      s->cache_x_max = x_max;
      s->cache_columns = columns;
    }

  *x = s->cache_x;
  *y = s->cache_y;
  return s->cache_n;
}

/**
 * fd_chart_model_get_y_extent:
 * @self: a model
 * @series: a series index
 * @x_min: left edge of the visible range
 * @x_max: right edge of the visible range
 * @lo: (out): the smallest finite value in the range (with the band)
 * @hi: (out): the largest
 *
 * The value range of a series over an x range, for the y axis. Walks the
 * points of the range once and caches the answer until the data or the
 * range change.
 *
 * Returns: %FALSE if the range has no finite value
 */
gboolean
fd_chart_model_get_y_extent (FdChartModel *self,
                             guint         series,
                             double        x_min,
                             double        x_max,
                             double       *lo,
                             double       *hi)
{
  Series *s;

  g_return_val_if_fail (FD_IS_CHART_MODEL (self), FALSE);
  g_return_val_if_fail (series < self->series->len, FALSE);

  s = g_ptr_array_index (self->series, series);
  if (s->ext_generation != self->generation || s->ext_x_min != x_min || s->ext_x_max != x_max)
    {
      gsize first = fd_chart_lower_bound (s->pub.x, s->pub.n, x_min);
      gsize last = fd_chart_lower_bound (s->pub.x, s->pub.n, x_max);
      double a = INFINITY, b = -INFINITY;

      /* The neighbours outside the range are drawn (the line runs off the edge). */
      first = first > 0 ? first - 1 : 0;
      last = MIN (last + 1, s->pub.n);
      for (gsize i = first; i < last; i++)
        {
          double v = s->pub.y[i];

          if (isfinite (v))
            a = MIN (a, v), b = MAX (b, v);
          if (s->pub.low != NULL && isfinite (s->pub.low[i]))
            a = MIN (a, s->pub.low[i]);
          if (s->pub.high != NULL && isfinite (s->pub.high[i]))
            b = MAX (b, s->pub.high[i]);
        }
      s->ext_generation = self->generation;
      s->ext_x_min = x_min;
      s->ext_x_max = x_max;
      s->ext_lo = a;
      s->ext_hi = b;
    }

  *lo = s->ext_lo;
  *hi = s->ext_hi;
  return isfinite (s->ext_lo);
}

static double
item_total (FdChartModel *self,
            gsize         index)
{
  double total = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = g_ptr_array_index (self->series, i);

      if (s->pub.visible && index < s->pub.n && isfinite (s->pub.y[index]))
        total += fabs (s->pub.y[index]);
    }
  return total;
}

/**
 * fd_chart_model_get_items_extent:
 * @self: a model
 * @first: first item index of the visible range
 * @last: end (exclusive) of the visible range
 * @stacked: whether the visible series are stacked
 * @lo: (out): the smallest value (at most 0)
 * @hi: (out): the largest value or stack
 *
 * The value range of bar-like charts over an item range, for the y axis.
 * Cached until the data, visibility or range change.
 */
void
fd_chart_model_get_items_extent (FdChartModel *self,
                                 gsize         first,
                                 gsize         last,
                                 gboolean      stacked,
                                 double       *lo,
                                 double       *hi)
{
  g_return_if_fail (FD_IS_CHART_MODEL (self));

  if (self->ext_generation != self->generation || self->ext_first != first ||
      self->ext_last != last || self->ext_stacked != stacked)
    {
      double a = 0, b = -INFINITY;

      for (guint i = 0; i < self->series->len; i++)
        {
          const Series *s = g_ptr_array_index (self->series, i);

          if (!s->pub.visible)
            continue;
          for (gsize j = first; j < MIN (last, s->pub.n); j++)
            {
              double v = s->pub.y[j];

              if (!isfinite (v))
                continue;
              a = MIN (a, v);
              if (!stacked)
                b = MAX (b, v);
            }
        }
      if (stacked)
        for (gsize j = first; j < last; j++)
          b = MAX (b, item_total (self, j));

      self->ext_generation = self->generation;
      self->ext_first = first;
      self->ext_last = last;
      self->ext_stacked = stacked;
      self->ext_lo = stacked ? 0 : a;
      self->ext_hi = b;
    }

  *lo = self->ext_lo;
  *hi = self->ext_hi;
}

/**
 * fd_chart_model_get_representatives:
 * @self: a model
 * @first: first item index of the visible range
 * @last: end (exclusive) of the visible range
 * @columns: device pixel columns across the range
 * @n_out: (out): number of indexes returned
 *
 * For bar-like charts with more items than pixel columns: per column, the
 * index of the item with the largest total over the visible series, so
 * peaks stay visible. Cached until the data, visibility, range or width change.
 *
 * Returns: (array length=n_out) (transfer none): item indexes, ascending
 */
const guint32 *
fd_chart_model_get_representatives (FdChartModel *self,
                                    gsize         first,
                                    gsize         last,
                                    guint         columns,
                                    gsize        *n_out)
{
  gint64 column = -1;
  double best = -1;

  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (n_out != NULL, NULL);

  columns = MAX (columns, 1);
  if (self->reps != NULL && self->reps_generation == self->generation &&
      self->reps_first == first && self->reps_last == last && self->reps_columns == columns)
    {
      *n_out = self->n_reps;
      return self->reps;
    }

  g_free (self->reps);
  self->reps = g_new (guint32, columns);
  self->n_reps = 0;
  for (gsize i = first; i < last; i++)
    {
      gint64 c = (gint64) ((double) (i - first) / (double) (last - first) * columns);
      double total = item_total (self, i);

      if (c != column)
        {
          column = c;
          best = total;
          self->reps[self->n_reps++] = i;
        }
      else if (total > best)
        {
          best = total;
          self->reps[self->n_reps - 1] = i;
        }
    }

  self->reps_generation = self->generation;
  self->reps_first = first;
  self->reps_last = last;
  self->reps_columns = columns;
  *n_out = self->n_reps;
  return self->reps;
}

/**
 * fd_chart_model_format_x:
 * @self: a model
 * @x: an x value (for bar-like charts, the value of series 0 at the item)
 *
 * Formats an x value for tooltips and descriptions: local time on a time
 * axis (with the hour unless buckets are days), the label on a category axis.
 *
 * Returns: (transfer full): the text
 */
char *
fd_chart_model_format_x (FdChartModel *self,
                         double        x)
{
  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);

  switch (self->x_axis)
    {
    case FD_CHART_AXIS_TIME:
      {
        g_autoptr(GDateTime) dt = NULL;

        if (!isfinite (x) || !(dt = g_date_time_new_from_unix_local ((gint64) floor (x))))
          return g_strdup ("—");
        if (self->bucket_width >= 86400)
          /* Translators: the day a chart's point stands for; see strftime(3). */
          return g_date_time_format (dt, C_("point date", "%A %d %b"));
        if (self->bucket_width > 0 && self->bucket_width < 60)
          /* Translators: the time a chart's point stands for; see strftime(3). */
          return g_date_time_format (dt, C_("point date", "%a %d %b %H:%M:%S"));
        /* Translators: the time a chart's point stands for; see strftime(3). */
        return g_date_time_format (dt, C_("point date", "%a %d %b %H:%M"));
      }
    case FD_CHART_AXIS_CATEGORY:
      {
        const char *label = NULL;

        if (x >= 0 && x < self->categories->len)
          label = g_ptr_array_index (self->categories, (guint) x);
        return label ? g_strdup (label) : fd_chart_format_number (x);
      }
    case FD_CHART_AXIS_LINEAR:
    default:
      return fd_chart_format_number (x);
    }
}

static gboolean
kind_is_line (FdChartKind kind)
{
  return kind == FD_CHART_KIND_LINE || kind == FD_CHART_KIND_AREA ||
         kind == FD_CHART_KIND_SPARKLINE || kind == FD_CHART_KIND_CANARY;
}

static char *
item_label (FdChartModel *self,
            gsize         index)
{
  const char *category = fd_chart_model_get_category (self, index);
  const Series *s0;

  if (category != NULL &&
      (self->x_axis == FD_CHART_AXIS_CATEGORY || self->kind == FD_CHART_KIND_DONUT ||
       self->kind == FD_CHART_KIND_HORIZONTAL_BARS || self->kind == FD_CHART_KIND_HEATMAP))
    return g_strdup (category);
  if (self->series->len == 0)
    return fd_chart_format_number (index);
  s0 = g_ptr_array_index (self->series, 0);
  if (self->kind == FD_CHART_KIND_HISTOGRAM && index < s0->pub.n)
    {
      g_autofree char *from = fd_chart_format_value (self->y_format == FD_CHART_FORMAT_DURATION ?
                                                     FD_CHART_FORMAT_DURATION :
                                                     FD_CHART_FORMAT_NUMBER, s0->pub.x[index]);
      g_autofree char *to = fd_chart_format_value (self->y_format == FD_CHART_FORMAT_DURATION ?
                                                   FD_CHART_FORMAT_DURATION :
                                                   FD_CHART_FORMAT_NUMBER,
                                                   s0->pub.x[index] + self->bucket_width);

      return g_strdup_printf ("%s–%s", from, to);
    }
  return fd_chart_model_format_x (self, index < s0->pub.n ? s0->pub.x[index] : (double) index);
}

static char *
value_with_unit (FdChartModel *self,
                 double        value)
{
  g_autofree char *text = fd_chart_format_value (self->y_format, value);

  if (self->unit != NULL && (self->y_format == FD_CHART_FORMAT_COUNT ||
                             self->y_format == FD_CHART_FORMAT_NUMBER))
    return g_strdup_printf ("%s %s", text, self->unit);
  return g_steal_pointer (&text);
}

/* For histograms the values are counts whatever the y format (which then
 * describes the bins). */
static FdChartFormat
value_format (FdChartModel *self)
{
  return self->kind == FD_CHART_KIND_HISTOGRAM ? FD_CHART_FORMAT_COUNT : self->y_format;
}

static void
describe_lines (FdChartModel *self,
                GString      *out)
{
  guint shown = 0;

  for (guint i = 0; i < self->series->len && shown < 4; i++)
    {
      const Series *s = g_ptr_array_index (self->series, i);
      gsize lo = G_MAXSIZE, hi = G_MAXSIZE, latest = G_MAXSIZE;

      if (!s->pub.visible)
        continue;
      for (gsize j = 0; j < s->pub.n; j++)
        {
          if (!isfinite (s->pub.y[j]))
            continue;
          if (lo == G_MAXSIZE || s->pub.y[j] < s->pub.y[lo])
            lo = j;
          if (hi == G_MAXSIZE || s->pub.y[j] > s->pub.y[hi])
            hi = j;
          latest = j;
        }
      if (latest == G_MAXSIZE)
        continue;

      {
        g_autofree char *v_latest = value_with_unit (self, s->pub.y[latest]);
        g_autofree char *v_lo = fd_chart_format_value (self->y_format, s->pub.y[lo]);
        g_autofree char *v_hi = fd_chart_format_value (self->y_format, s->pub.y[hi]);
        g_autofree char *x_lo = fd_chart_model_format_x (self, s->pub.x[lo]);
        g_autofree char *x_hi = fd_chart_model_format_x (self, s->pub.x[hi]);

        /* Translators: a series of a chart: name, last value, lowest value and
         * when, highest value and when. */
        g_string_append_printf (out, _("%s: latest %s, lowest %s at %s, highest %s at %s. "),
                                s->pub.name ? s->pub.name : _("Series"),
                                v_latest, v_lo, x_lo, v_hi, x_hi);
        shown++;
      }
    }

  if (self->kind == FD_CHART_KIND_CANARY && self->markers->len > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u step change marked. ",
                                              "%u step changes marked. ", self->markers->len),
                            self->markers->len);
}

static void
describe_buckets (FdChartModel *self,
                  GString      *out)
{
  gsize n = fd_chart_model_get_n_items (self);
  double total = 0, best = -1;
  gsize best_i = 0;
  FdChartFormat format = value_format (self);
  g_autofree char *v_total = NULL;
  g_autofree char *best_label = NULL;
  g_autofree char *v_best = NULL;
  g_autofree char *n_text = NULL;

  for (gsize i = 0; i < n; i++)
    {
      double t = item_total (self, i);

      total += t;
      if (t > best)
        best = t, best_i = i;
    }

  v_total = fd_chart_format_value (format, total);
  best_label = item_label (self, best_i);
  v_best = fd_chart_format_value (format, best);
  n_text = fd_chart_format_count (n);
  /* Translators: total, unit, number of buckets (written as a count,
   * e.g. "1,204"). */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s %s in %s bucket",
                                            "%s %s in %s buckets", n),
                          v_total, self->unit ? self->unit : _("in total"), n_text);
  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = g_ptr_array_index (self->series, i);
      double sum = 0;
      g_autofree char *v = NULL;

      if (!s->pub.visible || self->series->len == 1)
        continue;
      for (gsize j = 0; j < s->pub.n; j++)
        if (isfinite (s->pub.y[j]))
          sum += s->pub.y[j];
      v = fd_chart_format_value (format, sum);
      g_string_append_printf (out, "%s %s %s", i == 0 ? ":" : ",", s->pub.name ? s->pub.name : "", v);
    }
  /* Translators: the bucket with the largest total and that total. */
  g_string_append_printf (out, _("; highest %s with %s. "), best_label, v_best);
}

static void
describe_categories (FdChartModel *self,
                     GString      *out)
{
  const Series *s = g_ptr_array_index (self->series, 0);
  double total = 0;
  gsize shown = MIN (s->pub.n, 6);

  for (gsize i = 0; i < s->pub.n; i++)
    if (isfinite (s->pub.y[i]))
      total += s->pub.y[i];

  for (gsize i = 0; i < shown; i++)
    {
      g_autofree char *label = item_label (self, i);
      g_autofree char *v = fd_chart_format_value (self->y_format, s->pub.y[i]);

      g_string_append_printf (out, "%s%s %s", i == 0 ? "" : ", ", label, v);
      if (self->kind == FD_CHART_KIND_DONUT && total > 0 && isfinite (s->pub.y[i]))
        {
          g_autofree char *share = fd_chart_format_percent (s->pub.y[i] / total);

          g_string_append_printf (out, " (%s)", share);
        }
    }
  if (s->pub.n > shown)
    {
      g_autofree char *more = fd_chart_format_count (s->pub.n - shown);

      /* Translators: %s is a count of further categories, e.g. "1,204" */
      g_string_append_printf (out, _(", and %s more"), more);
    }
  g_string_append (out, ". ");
}

static void
describe_heatmap (FdChartModel *self,
                  GString      *out)
{
  guint lo_s = 0, hi_s = 0;
  gsize lo_i = G_MAXSIZE, hi_i = G_MAXSIZE;
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = g_ptr_array_index (self->series, i);

      for (gsize j = 0; j < s->pub.n; j++)
        {
          if (!isfinite (s->pub.y[j]))
            continue;
          if (s->pub.y[j] < lo)
            lo = s->pub.y[j], lo_s = i, lo_i = j;
          if (s->pub.y[j] > hi)
            hi = s->pub.y[j], hi_s = i, hi_i = j;
        }
    }

  if (hi_i != G_MAXSIZE)
    {
      const Series *sh = g_ptr_array_index (self->series, hi_s);
      const Series *sl = g_ptr_array_index (self->series, lo_s);
      g_autofree char *ch = item_label (self, hi_i);
      g_autofree char *cl = item_label (self, lo_i);
      g_autofree char *vh = fd_chart_format_value (self->y_format, hi);
      g_autofree char *vl = fd_chart_format_value (self->y_format, lo);

      /* Translators: heat map extremes: row, column, value, twice. */
      g_string_append_printf (out, _("Highest %s %s with %s, lowest %s %s with %s. "),
                              sh->pub.name ? sh->pub.name : "", ch, vh,
                              sl->pub.name ? sl->pub.name : "", cl, vl);
    }
}

/**
 * fd_chart_model_describe:
 * @self: a model
 *
 * Describes the chart's numbers in words for the accessible description:
 * the summary if one was set, then what the data shows (latest, lowest and
 * highest values of lines, totals of bars, shares of slices).
 *
 * Returns: (transfer full): the description
 */
char *
fd_chart_model_describe (FdChartModel *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);

  if (self->summary != NULL && self->summary[0] != '\0')
    {
      g_string_append (out, self->summary);
      if (!g_str_has_suffix (self->summary, "."))
        g_string_append_c (out, '.');
      g_string_append_c (out, ' ');
    }

  if (fd_chart_model_is_empty (self))
    g_string_append (out, _("No data for this range"));
  else if (kind_is_line (self->kind))
    describe_lines (self, out);
  else if (self->kind == FD_CHART_KIND_STACKED_BARS || self->kind == FD_CHART_KIND_GROUPED_BARS ||
           self->kind == FD_CHART_KIND_HISTOGRAM)
    describe_buckets (self, out);
  else if (self->kind == FD_CHART_KIND_HORIZONTAL_BARS || self->kind == FD_CHART_KIND_DONUT)
    describe_categories (self, out);
  else if (self->kind == FD_CHART_KIND_HEATMAP)
    describe_heatmap (self, out);
  else if (self->kind == FD_CHART_KIND_GAUGE)
    {
      const Series *s = g_ptr_array_index (self->series, 0);
      g_autofree char *v = fd_chart_format_value (self->y_format, s->pub.y[0]);

      g_string_append_printf (out, "%s %s. ", s->pub.name ? s->pub.name : "", v);
    }

  g_strchomp (out->str);
  out->len = strlen (out->str);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * fd_chart_model_describe_item:
 * @self: a model
 * @series: the series under the pointer (for lines, the values of every
 *   visible series at the same x are listed)
 * @index: the item index within @series
 *
 * Describes one item for the tooltip and the accessible description of the
 * highlighted item: its x label, then one line per series value.
 *
 * Returns: (transfer full): the text
 */
char *
fd_chart_model_describe_item (FdChartModel *self,
                              guint         series,
                              gsize         index)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const Series *hit;
  FdChartFormat format;

  g_return_val_if_fail (FD_IS_CHART_MODEL (self), NULL);

  if (series >= self->series->len)
    return g_strdup ("");
  hit = g_ptr_array_index (self->series, series);
  if (index >= hit->pub.n)
    return g_strdup ("");
  format = value_format (self);

  if (kind_is_line (self->kind))
    {
      g_autofree char *x = fd_chart_model_format_x (self, hit->pub.x[index]);

      g_string_append (out, x);
      for (guint i = 0; i < self->series->len; i++)
        {
          const Series *s = g_ptr_array_index (self->series, i);
          gsize j;
          g_autofree char *v = NULL;

          if (!s->pub.visible || s->pub.n == 0)
            continue;
          j = i == series ? index : fd_chart_nearest_index (s->pub.x, s->pub.n, hit->pub.x[index]);
          v = fd_chart_format_value (format, s->pub.y[j]);
          g_string_append_printf (out, "\n%s: %s", s->pub.name ? s->pub.name : "", v);
          if (s->pub.low != NULL && s->pub.high != NULL)
            {
              g_autofree char *lo = fd_chart_format_value (format, s->pub.low[j]);
              g_autofree char *hi = fd_chart_format_value (format, s->pub.high[j]);

              g_string_append_printf (out, " (%s–%s)", lo, hi);
            }
        }
    }
  else if (self->kind == FD_CHART_KIND_HEATMAP)
    {
      g_autofree char *col = item_label (self, index);
      g_autofree char *v = fd_chart_format_value (format, hit->pub.y[index]);

      g_string_append_printf (out, "%s %s: %s", hit->pub.name ? hit->pub.name : "", col, v);
    }
  else if (self->kind == FD_CHART_KIND_STACKED_BARS || self->kind == FD_CHART_KIND_GROUPED_BARS)
    {
      g_autofree char *label = item_label (self, index);

      g_string_append (out, label);
      for (guint i = 0; i < self->series->len; i++)
        {
          const Series *s = g_ptr_array_index (self->series, i);
          g_autofree char *v = NULL;

          if (!s->pub.visible || index >= s->pub.n)
            continue;
          v = fd_chart_format_value (format, s->pub.y[index]);
          g_string_append_printf (out, "\n%s: %s", s->pub.name ? s->pub.name : "", v);
        }
    }
  else
    {
      g_autofree char *label = item_label (self, index);
      g_autofree char *v = fd_chart_format_value (format, hit->pub.y[index]);

      g_string_append_printf (out, "%s: %s", label, v);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
