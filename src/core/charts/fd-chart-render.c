/* fd-chart-render.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-render"

#include "config.h"

#include "fd-chart-render.h"

#include "fd-chart-coverage.h"
#include "fd-chart-decimate.h"
#include "fd-chart-format.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#define PAD        8.0
#define GAP        6.0
#define SWATCH     10.0
#define MIN_ROW_H  16.0
#define LABEL_GAP  80.0
#define HEAT_LEVELS 32

typedef struct
{
  cairo_t              *cr;
  PangoLayout          *text;
  FdChartModel         *model;
  const FdChartStyle   *style;
  const FdChartView    *view;
  const FdPalette      *palette;
  double                width;
  double                height;
  double                line_height;
  /* The plot's coverage mask, made on first use (NULL on vector targets). */
  FdChartCoverage      *coverage;
  gboolean              coverage_tried;
} Ctx;

/**
 * fd_chart_style_init:
 * @style: (out caller-allocates): the style to fill
 * @variant: the palette variant
 *
 * Fills @style with defaults: a legend, no title, a background, scale 1.
 */
void
fd_chart_style_init (FdChartStyle     *style,
                     FdPaletteVariant  variant)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->palette = fd_palette_get (variant);
  style->font = NULL;
  style->scale = 1;
  style->draw_legend = TRUE;
  style->draw_background = TRUE;
}

/**
 * fd_chart_view_init:
 * @view: (out caller-allocates): the view to fill
 *
 * Fills @view with the view of a chart nobody has touched: the whole x
 * range, nothing selected, no pointer, no drag.
 */
void
fd_chart_view_init (FdChartView *view)
{
  g_return_if_fail (view != NULL);

  view->view_min = NAN;
  view->view_max = NAN;
  view->highlight_series = -1;
  view->highlight_index = -1;
  view->crosshair_x = NAN;
  view->selection_from = NAN;
  view->selection_to = NAN;
}

/**
 * fd_chart_view_is_default:
 * @view: a view
 *
 * Returns: whether @view is what fd_chart_view_init() makes
 */
gboolean
fd_chart_view_is_default (const FdChartView *view)
{
  g_return_val_if_fail (view != NULL, TRUE);

  return !isfinite (view->view_min) && !isfinite (view->view_max) &&
         view->highlight_series < 0 && view->highlight_index < 0 &&
         !isfinite (view->crosshair_x) && !isfinite (view->selection_from) &&
         !isfinite (view->selection_to);
}

/* A NULL view is the untouched one, for exports and the report. */
static const FdChartView *
view_or_default (const FdChartView *view,
                 FdChartView       *storage)
{
  if (view != NULL)
    return view;
  fd_chart_view_init (storage);
  return storage;
}

static gboolean
kind_is_line (FdChartKind kind)
{
  return kind == FD_CHART_KIND_LINE || kind == FD_CHART_KIND_AREA ||
         kind == FD_CHART_KIND_SPARKLINE || kind == FD_CHART_KIND_CANARY;
}

static gboolean
kind_is_indexed (FdChartKind kind)
{
  return kind == FD_CHART_KIND_STACKED_BARS || kind == FD_CHART_KIND_GROUPED_BARS ||
         kind == FD_CHART_KIND_HISTOGRAM || kind == FD_CHART_KIND_HEATMAP;
}

static void
set_color (cairo_t      *cr,
           const FdRgba *rgba,
           double        alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/* Rounds to the device pixel grid so that edges are crisp at any scale. */
static double
snap (const FdChartStyle *style,
      double              v)
{
  double s = style->scale > 0 ? style->scale : 1;

  return round (v * s) / s;
}

static double
text_size (Ctx        *ctx,
           const char *str,
           double     *height)
{
  int w, h;

  pango_layout_set_text (ctx->text, str, -1);
  pango_layout_get_pixel_size (ctx->text, &w, &h);
  if (height)
    *height = h;
  return w;
}

static void
draw_text (Ctx          *ctx,
           const char   *str,
           double        x,
           double        y,
           double        align_x,
           double        align_y,
           const FdRgba *color)
{
  double h, w = text_size (ctx, str, &h);

  set_color (ctx->cr, color, 1);
  cairo_move_to (ctx->cr, round (x - w * align_x), round (y - h * align_y));
  pango_cairo_show_layout (ctx->cr, ctx->text);
}

static void
ctx_init (Ctx                *ctx,
          cairo_t            *cr,
          FdChartModel       *model,
          const FdChartStyle *style,
          const FdChartView  *view,
          double              width,
          double              height)
{
  g_autoptr(PangoFontDescription) font = NULL;
  double h;

  ctx->cr = cr;
  ctx->coverage = NULL;
  ctx->coverage_tried = FALSE;
  ctx->model = model;
  ctx->style = style;
  ctx->view = view;
  ctx->palette = style->palette ? style->palette : fd_palette_get (FD_PALETTE_LIGHT);
  ctx->width = width;
  ctx->height = height;
  ctx->text = pango_cairo_create_layout (cr);
  /* The widget's own text settings, so that chart text scales and renders
   * like the labels around it. */
  if (style->resolution > 0 || style->font_options != NULL)
    {
      PangoContext *context = pango_layout_get_context (ctx->text);

      if (style->resolution > 0)
        pango_cairo_context_set_resolution (context, style->resolution);
      if (style->font_options != NULL)
        pango_cairo_context_set_font_options (context, style->font_options);
      pango_layout_context_changed (ctx->text);
    }
  font = pango_font_description_from_string (style->font ? style->font : "Sans 9");
  pango_layout_set_font_description (ctx->text, font);
  text_size (ctx, "0", &h);
  ctx->line_height = h;
}

static void
ctx_clear (Ctx *ctx)
{
  g_clear_object (&ctx->text);
  g_clear_pointer (&ctx->coverage, fd_chart_coverage_free);
  ctx->coverage_tried = FALSE;
}

/* The coverage mask over the plot and the 2 units around it that the plot's
 * clip lets through, or NULL where paths must be drawn. */
static FdChartCoverage *
ctx_get_coverage (Ctx                 *ctx,
                  const FdChartLayout *layout)
{
  if (!ctx->coverage_tried && !ctx->style->paths_only)
    {
      ctx->coverage_tried = TRUE;
      ctx->coverage = fd_chart_coverage_new (ctx->cr, layout->plot.x - 2, layout->plot.y - 2,
                                             layout->plot.width + 4, layout->plot.height + 4,
                                             ctx->style->scale > 0 ? ctx->style->scale : 1);
    }
  return ctx->coverage;
}

static int
category_color (FdChartModel *model,
                guint         i)
{
  return fd_chart_model_get_category_color (model, i);
}

/* The visible x range of a line chart: the zoom if any, else the data. */
static void
line_x_range (FdChartModel       *model,
              const FdChartView  *view,
              double             *x_min,
              double             *x_max)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < fd_chart_model_get_n_series (model); i++)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, i);

      if (s->n == 0)
        continue;
      lo = MIN (lo, s->x[0]);
      hi = MAX (hi, s->x[s->n - 1]);
    }
  if (isfinite (view->view_min) && isfinite (view->view_max) && view->view_max > view->view_min)
    lo = view->view_min, hi = view->view_max;
  if (!isfinite (lo) || !isfinite (hi))
    lo = 0, hi = 1;
  if (lo == hi)
    {
      double pad = fd_chart_model_get_x_axis (model) == FD_CHART_AXIS_TIME ? 1800 : 0.5;

      lo -= pad;
      hi += pad;
    }
  *x_min = lo;
  *x_max = hi;
}

static void
legend_layout (Ctx           *ctx,
               FdChartLayout *layout,
               double         top,
               double        *bottom)
{
  FdChartModel *model = ctx->model;
  FdChartKind kind = fd_chart_model_get_kind (model);
  gboolean categories = kind == FD_CHART_KIND_DONUT;
  guint n = categories ? fd_chart_model_get_n_categories (model) : fd_chart_model_get_n_series (model);
  double x = PAD, y = top;

  *bottom = top;
  if (!ctx->style->draw_legend || kind == FD_CHART_KIND_SPARKLINE ||
      kind == FD_CHART_KIND_GAUGE || kind == FD_CHART_KIND_HEATMAP ||
      kind == FD_CHART_KIND_HORIZONTAL_BARS || (!categories && n < 2))
    return;

  for (guint i = 0; i < n && layout->n_legend < FD_CHART_MAX_LEGEND; i++)
    {
      const char *name = categories ? fd_chart_model_get_category (model, i)
                                    : fd_chart_model_get_series (model, i)->name;
      double w = SWATCH + 4 + text_size (ctx, name ? name : "", NULL);

      if (x + w > ctx->width - PAD && x > PAD)
        {
          x = PAD;
          y += ctx->line_height + 2;
        }
      layout->legend[layout->n_legend] = (FdChartRect) { x, y, w, ctx->line_height };
      layout->legend_item[layout->n_legend] = i;
      layout->n_legend++;
      x += w + 12;
    }
  *bottom = y + ctx->line_height + GAP;
}

/* The largest value of the visible items, looking only at what will be drawn. */
static void
value_range (Ctx           *ctx,
             FdChartLayout *layout,
             double        *lo,
             double        *hi)
{
  FdChartModel *model = ctx->model;
  FdChartKind kind = fd_chart_model_get_kind (model);
  guint n_series = fd_chart_model_get_n_series (model);

  *lo = INFINITY;
  *hi = -INFINITY;

  if (kind_is_line (kind))
    {
      for (guint i = 0; i < n_series; i++)
        {
          double a, b;

          if (fd_chart_model_get_series (model, i)->visible &&
              fd_chart_model_get_y_extent (model, i, layout->x_scale.d0, layout->x_scale.d1, &a, &b))
            {
              *lo = MIN (*lo, a);
              *hi = MAX (*hi, b);
            }
        }
    }
  else
    fd_chart_model_get_items_extent (model, layout->first, layout->last,
                                     kind == FD_CHART_KIND_STACKED_BARS, lo, hi);

  if (kind == FD_CHART_KIND_AREA)
    *lo = MIN (*lo, 0);
}

/* Durations tick at round units (30 s, 5 m, 2 h, 1 d), not at 1-2-5 seconds. */
static void
duration_ticks (double        lo,
                double        hi,
                guint         max_ticks,
                FdChartTicks *ticks)
{
  static const double steps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
    3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
  };
  double step = 0;
  guint n = 0;

  if (!(hi - lo < 7 * 86400 * 60) || hi - lo < 10 || lo < 0)
    {
      fd_chart_nice_ticks (lo, hi, max_ticks, ticks);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (steps) && step == 0; i++)
    if ((ceil (hi / steps[i]) - floor (lo / steps[i])) <= max_ticks - 1)
      step = steps[i];
  if (step == 0)
    {
      fd_chart_nice_ticks (lo, hi, max_ticks, ticks);
      return;
    }

  memset (ticks, 0, sizeof *ticks);
  for (double v = floor (lo / step) * step; v <= ceil (hi / step) * step + step / 2 && n < FD_CHART_MAX_TICKS; v += step)
    ticks->values[n++] = v;
  ticks->n_ticks = n;
  ticks->step = step;
  ticks->min = ticks->values[0];
  ticks->max = ticks->values[n - 1];
}

static double
item_x (FdChartModel *model,
        gsize         index)
{
  const FdChartSeries *s0;

  if (fd_chart_model_get_n_series (model) == 0)
    return (double) index;
  s0 = fd_chart_model_get_series (model, 0);
  return index < s0->n ? s0->x[index] : (double) index;
}

static void
index_ticks (Ctx           *ctx,
             FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  FdChartAxis axis = fd_chart_model_get_x_axis (model);
  FdChartKind kind = fd_chart_model_get_kind (model);
  gsize count = layout->last - layout->first;
  double per_item = count > 0 ? layout->plot.width / count : layout->plot.width;
  gsize every = MAX (1, (gsize) ceil (LABEL_GAP / MAX (per_item, 1e-9)));
  double bucket = fd_chart_model_get_bucket_width (model);
  guint n = 0;

  if (count == 0)
    return;

  /* Buckets over time: round local times (midnight, whole hours), placed at
   * their fractional bucket position, rather than every n-th bucket start. */
  if (axis == FD_CHART_AXIS_TIME && kind != FD_CHART_KIND_HISTOGRAM && kind != FD_CHART_KIND_HEATMAP &&
      bucket > 0 && fd_chart_model_get_n_series (model) > 0)
    {
      const FdChartSeries *s0 = fd_chart_model_get_series (model, 0);
      double t0 = item_x (model, layout->first);
      double t1 = item_x (model, layout->last - 1) + bucket;
      guint max_ticks = (guint) CLAMP (layout->plot.width / LABEL_GAP, 2, 12);

      fd_chart_time_ticks (t0, t1, max_ticks, ctx->style->tz, &layout->x_ticks);
      for (guint i = 0; i < layout->x_ticks.n_ticks; i++)
        {
          double t = layout->x_ticks.values[i];
          gsize j = fd_chart_lower_bound (s0->x, s0->n, t);

          if (j > 0 && (j == s0->n || s0->x[j] > t))
            j--;
          layout->x_ticks.values[i] = j + CLAMP ((t - s0->x[MIN (j, s0->n - 1)]) / bucket, 0, 1);
        }
      return;
    }

  /* Keep labels on round items (every 2, 5, 10, ...) so they do not jump while zooming. */
  if (every > 1)
    {
      FdChartTicks nice;

      fd_chart_nice_ticks (0, every, 2, &nice);
      every = MAX (1, (gsize) nice.step);
      while (every < MAX (1, (gsize) ceil (LABEL_GAP / MAX (per_item, 1e-9))))
        every *= 2;
    }

  for (gsize i = layout->first - layout->first % every; i < layout->last && n < FD_CHART_MAX_TICKS; i += every)
    {
      char *label;

      if (i < layout->first)
        continue;
      if (kind == FD_CHART_KIND_HISTOGRAM)
        label = fd_chart_format_value (fd_chart_model_get_y_format (model), item_x (model, i));
      else if (axis == FD_CHART_AXIS_TIME)
        label = fd_chart_format_time_label (item_x (model, i), bucket > 0 ? bucket : 3600, ctx->style->tz);
      else if (axis == FD_CHART_AXIS_CATEGORY && fd_chart_model_get_category (model, i))
        label = g_strdup (fd_chart_model_get_category (model, i));
      else
        label = fd_chart_format_number (item_x (model, i));
      layout->x_ticks.values[n] = kind == FD_CHART_KIND_HISTOGRAM ? (double) i : i + 0.5;
      layout->x_ticks.labels[n] = label;
      n++;
    }
  layout->x_ticks.n_ticks = n;
}

/* The layout, measuring text with @ctx's layout: fd_chart_render() passes
 * the context it draws with, which saves creating a second Pango context. */
static void
layout_compute (FdChartLayout *layout,
                Ctx           *ctx)
{
  FdChartModel *model = ctx->model;
  const FdChartStyle *style = ctx->style;
  const FdChartView *view = ctx->view;
  double width = ctx->width;
  double height = ctx->height;
  FdChartKind kind;
  double top = PAD, bottom, left, y_lo, y_hi, fixed_lo, fixed_hi;

  memset (layout, 0, sizeof *layout);


  kind = fd_chart_model_get_kind (model);
  layout->empty = fd_chart_model_is_empty (model);

  if (style->draw_title && fd_chart_model_get_title (model) != NULL)
    top += ctx->line_height * 1.3 + GAP;
  legend_layout (ctx, layout, top, &top);

  if (kind == FD_CHART_KIND_SPARKLINE)
    {
      layout->plot = (FdChartRect) { 2, 2, MAX (width - 4, 1), MAX (height - 4, 1) };
      top = 2;
    }
  else
    layout->plot = (FdChartRect) { PAD, top, MAX (width - 2 * PAD, 1), MAX (height - top - PAD, 1) };

  if (layout->empty)
    goto out;

  if (kind == FD_CHART_KIND_DONUT || kind == FD_CHART_KIND_GAUGE)
    {
      layout->cx = layout->plot.x + layout->plot.width / 2;
      layout->cy = layout->plot.y + layout->plot.height / 2;
      layout->radius = MAX (MIN (layout->plot.width, layout->plot.height) / 2 - 2, 1);
      layout->inner_radius = layout->radius * (kind == FD_CHART_KIND_GAUGE ? 0.78 : 0.6);
      goto out;
    }

  fd_chart_model_get_y_range (model, &fixed_lo, &fixed_hi);

  if (kind == FD_CHART_KIND_HORIZONTAL_BARS)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, 0);
      double label_w = 0, v_hi = -INFINITY;

      bottom = ctx->line_height + GAP;
      layout->n_rows = MIN (s->n, (gsize) MAX (1, floor ((height - top - PAD - bottom) / MIN_ROW_H)));
      for (gsize i = 0; i < layout->n_rows; i++)
        {
          const char *label = fd_chart_model_get_category (model, i);

          label_w = MAX (label_w, text_size (ctx, label ? label : "", NULL));
          if (isfinite (s->y[i]))
            v_hi = MAX (v_hi, s->y[i]);
        }
      label_w = MIN (label_w, width * 0.4);
      fd_chart_nice_ticks (0, isfinite (fixed_hi) ? fixed_hi : MAX (v_hi, 0), 6, &layout->x_ticks);
      layout->plot = (FdChartRect) { PAD + label_w + GAP, top,
                                     MAX (width - 2 * PAD - label_w - GAP - 56, 1),
                                     MAX (height - top - PAD - bottom, 1) };
      fd_chart_scale_init (&layout->x_scale, layout->x_ticks.min, layout->x_ticks.max,
                           layout->plot.x, layout->plot.x + layout->plot.width);
      fd_chart_scale_init (&layout->y_scale, 0, MAX (layout->n_rows, 1),
                           layout->plot.y, layout->plot.y + layout->plot.height);
      goto out;
    }

  /* The x domain first: the value range depends on what is visible. */
  if (kind_is_line (kind))
    {
      double x_min, x_max;

      line_x_range (model, view, &x_min, &x_max);
      fd_chart_scale_init (&layout->x_scale, x_min, x_max, 0, 1);
    }
  else
    {
      gsize n_items = fd_chart_model_get_n_items (model);

      layout->first = 0;
      layout->last = n_items;
      if (isfinite (view->view_min) && isfinite (view->view_max) && n_items > 0 &&
          fd_chart_model_get_n_series (model) > 0 && fd_chart_model_get_x_axis (model) != FD_CHART_AXIS_CATEGORY)
        {
          const FdChartSeries *s0 = fd_chart_model_get_series (model, 0);
          gsize a = fd_chart_lower_bound (s0->x, s0->n, view->view_min);
          gsize b = fd_chart_lower_bound (s0->x, s0->n, view->view_max);

          /* Include the bucket that contains view_min. */
          if (a > 0 && (a == s0->n || s0->x[a] > view->view_min))
            a--;
          if (b > a)
            layout->first = a, layout->last = MIN (b, n_items);
        }
      fd_chart_scale_init (&layout->x_scale, layout->first, MAX (layout->last, layout->first + 1), 0, 1);
    }

  if (kind == FD_CHART_KIND_HEATMAP)
    {
      double label_w = 0;

      layout->n_rows = fd_chart_model_get_n_series (model);
      for (guint i = 0; i < layout->n_rows; i++)
        {
          const char *name = fd_chart_model_get_series (model, i)->name;

          label_w = MAX (label_w, text_size (ctx, name ? name : "", NULL));
        }
      bottom = ctx->line_height + GAP;
      layout->plot = (FdChartRect) { PAD + label_w + GAP, top,
                                     MAX (width - 2 * PAD - label_w - GAP, 1),
                                     MAX (height - top - PAD - bottom, 1) };
      fd_chart_scale_init (&layout->x_scale, layout->first, MAX (layout->last, layout->first + 1),
                           layout->plot.x, layout->plot.x + layout->plot.width);
      fd_chart_scale_init (&layout->y_scale, 0, MAX (layout->n_rows, 1),
                           layout->plot.y, layout->plot.y + layout->plot.height);
      index_ticks (ctx, layout);
      goto out;
    }

  value_range (ctx, layout, &y_lo, &y_hi);
  if (isfinite (fixed_lo))
    y_lo = fixed_lo;
  if (isfinite (fixed_hi))
    y_hi = fixed_hi;
  if (!isfinite (y_lo) || !isfinite (y_hi))
    y_lo = 0, y_hi = 1;

  if (kind == FD_CHART_KIND_SPARKLINE)
    {
      if (y_lo == y_hi)
        y_lo -= 1, y_hi += 1;
      layout->y_ticks.min = y_lo;
      layout->y_ticks.max = y_hi;
      fd_chart_scale_init (&layout->x_scale, layout->x_scale.d0, layout->x_scale.d1,
                           layout->plot.x, layout->plot.x + layout->plot.width);
      fd_chart_scale_init (&layout->y_scale, y_lo, y_hi,
                           layout->plot.y + layout->plot.height, layout->plot.y);
      goto out;
    }

  {
    guint max_y_ticks = (guint) CLAMP ((height - top - PAD) / (ctx->line_height * 2.5), 2, 8);
    FdChartFormat format = kind == FD_CHART_KIND_HISTOGRAM ? FD_CHART_FORMAT_NUMBER
                                                           : fd_chart_model_get_y_format (model);
    double label_w = 0;

    if (format == FD_CHART_FORMAT_DURATION)
      duration_ticks (y_lo, y_hi, max_y_ticks, &layout->y_ticks);
    else
      fd_chart_nice_ticks (y_lo, y_hi, max_y_ticks, &layout->y_ticks);
    if (format == FD_CHART_FORMAT_PERCENT && isfinite (fixed_hi))
      layout->y_ticks.max = MIN (layout->y_ticks.max, fixed_hi);
    for (guint i = 0; i < layout->y_ticks.n_ticks; i++)
      {
        g_autofree char *label = fd_chart_layout_dup_y_label (layout, model, i);

        label_w = MAX (label_w, text_size (ctx, label, NULL));
      }
    left = PAD + label_w + GAP;
    bottom = ctx->line_height + GAP;
    layout->plot = (FdChartRect) { left, top, MAX (width - left - PAD, 1),
                                   MAX (height - top - PAD - bottom, 1) };
    fd_chart_scale_init (&layout->y_scale, layout->y_ticks.min, layout->y_ticks.max,
                         layout->plot.y + layout->plot.height, layout->plot.y);
    fd_chart_scale_init (&layout->x_scale, layout->x_scale.d0, layout->x_scale.d1,
                         layout->plot.x, layout->plot.x + layout->plot.width);
  }

  if (kind_is_line (kind))
    {
      guint max_x_ticks = (guint) CLAMP (layout->plot.width / LABEL_GAP, 2, 12);

      if (fd_chart_model_get_x_axis (model) == FD_CHART_AXIS_TIME)
        fd_chart_time_ticks (layout->x_scale.d0, layout->x_scale.d1, max_x_ticks, style->tz,
                             &layout->x_ticks);
      else
        {
          fd_chart_nice_ticks (layout->x_scale.d0, layout->x_scale.d1, max_x_ticks, &layout->x_ticks);
          for (guint i = 0; i < layout->x_ticks.n_ticks; i++)
            layout->x_ticks.labels[i] = fd_chart_model_format_x (model, layout->x_ticks.values[i]);
        }
    }
  else
    index_ticks (ctx, layout);

out:
  return;
}

/**
 * fd_chart_layout_compute:
 * @layout: (out caller-allocates): the layout; free with fd_chart_layout_clear()
 * @model: the model
 * @style: the style
 * @view: (nullable): the zoom and selection; %NULL for the whole range
 * @width: width in units
 * @height: height in units
 * @cr: (nullable): a context to measure text with; a scratch one when %NULL
 *
 * Computes where everything goes. The renderer and hit testing share this,
 * so what the pointer hits is what was drawn.
 */
void
fd_chart_layout_compute (FdChartLayout      *layout,
                         FdChartModel       *model,
                         const FdChartStyle *style,
                         const FdChartView  *view,
                         double              width,
                         double              height,
                         cairo_t            *cr)
{
  cairo_surface_t *scratch = NULL;
  cairo_t *own = NULL;
  FdChartView untouched;
  Ctx ctx;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (FD_IS_CHART_MODEL (model));
  g_return_if_fail (style != NULL);

  width = MAX (width, 1);
  height = MAX (height, 1);

  if (cr == NULL)
    {
      scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      cr = own = cairo_create (scratch);
    }
  ctx_init (&ctx, cr, model, style, view_or_default (view, &untouched), width, height);
  layout_compute (layout, &ctx);
  ctx_clear (&ctx);
  g_clear_pointer (&own, cairo_destroy);
  g_clear_pointer (&scratch, cairo_surface_destroy);
}

/**
 * fd_chart_layout_clear:
 * @layout: a layout
 *
 * Frees what the layout holds (tick labels).
 */
/**
 * fd_chart_layout_dup_y_label:
 * @layout: a layout computed for @model
 * @model: the chart
 * @i: a y tick, below `layout->y_ticks.n_ticks`
 *
 * The text drawn at a value-axis tick, in the user's locale: "50.0 %",
 * "2 m", "1.2 k".
 *
 * Returns: (transfer full): the label
 */
char *
fd_chart_layout_dup_y_label (const FdChartLayout *layout,
                             FdChartModel        *model,
                             guint                i)
{
  FdChartFormat format;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (i < layout->y_ticks.n_ticks, NULL);

  /* A histogram's values are counts of its bins, whatever the y format. */
  format = fd_chart_model_get_kind (model) == FD_CHART_KIND_HISTOGRAM
           ? FD_CHART_FORMAT_NUMBER : fd_chart_model_get_y_format (model);
  return fd_chart_format_value (format, layout->y_ticks.values[i]);
}

void
fd_chart_layout_clear (FdChartLayout *layout)
{
  fd_chart_ticks_clear (&layout->x_ticks);
  fd_chart_ticks_clear (&layout->y_ticks);
}

static void
draw_grid (Ctx                 *ctx,
           const FdChartLayout *layout)
{
  const FdChartStyle *style = ctx->style;
  cairo_t *cr = ctx->cr;
  FdChartKind kind = fd_chart_model_get_kind (ctx->model);
  double hair = 1 / (style->scale > 0 ? style->scale : 1);
  double base = layout->plot.y + layout->plot.height;

  cairo_set_line_width (cr, hair);
  set_color (cr, &ctx->palette->grid, 1);

  if (kind == FD_CHART_KIND_HORIZONTAL_BARS)
    {
      for (guint i = 0; i < layout->x_ticks.n_ticks; i++)
        {
          double x = snap (style, fd_chart_scale_map (&layout->x_scale, layout->x_ticks.values[i])) + hair / 2;
          g_autofree char *label = fd_chart_format_value (fd_chart_model_get_y_format (ctx->model),
                                                          layout->x_ticks.values[i]);

          set_color (cr, &ctx->palette->grid, 1);
          cairo_move_to (cr, x, layout->plot.y);
          cairo_line_to (cr, x, base);
          cairo_stroke (cr);
          draw_text (ctx, label, x, base + 2, 0.5, 0, &ctx->palette->dim_foreground);
        }
      return;
    }

  if (kind != FD_CHART_KIND_HEATMAP)
    {
      for (guint i = 0; i < layout->y_ticks.n_ticks; i++)
        {
          double y = snap (style, fd_chart_scale_map (&layout->y_scale, layout->y_ticks.values[i])) + hair / 2;
          g_autofree char *label = fd_chart_layout_dup_y_label (layout, ctx->model, i);

          if (y < layout->plot.y - 1 || y > base + 1)
            continue;
          set_color (cr, &ctx->palette->grid, 1);
          cairo_move_to (cr, layout->plot.x, y);
          cairo_line_to (cr, layout->plot.x + layout->plot.width, y);
          cairo_stroke (cr);
          draw_text (ctx, label, layout->plot.x - GAP, y, 1, 0.5, &ctx->palette->dim_foreground);
        }
    }

  for (guint i = 0; i < layout->x_ticks.n_ticks; i++)
    {
      double x = fd_chart_scale_map (&layout->x_scale, layout->x_ticks.values[i]);

      if (x < layout->plot.x - 1 || x > layout->plot.x + layout->plot.width + 1)
        continue;
      if (layout->x_ticks.labels[i] != NULL)
        {
          /* Keep the first and last labels inside the chart. */
          double half = text_size (ctx, layout->x_ticks.labels[i], NULL) / 2;

          draw_text (ctx, layout->x_ticks.labels[i], CLAMP (x, half + 1, ctx->width - half - 1), base + 3,
                     0.5, 0, &ctx->palette->dim_foreground);
        }
    }
}

static void
draw_legend (Ctx                 *ctx,
             const FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  gboolean categories = fd_chart_model_get_kind (model) == FD_CHART_KIND_DONUT;

  for (guint i = 0; i < layout->n_legend; i++)
    {
      const FdChartRect *r = &layout->legend[i];
      guint item = layout->legend_item[i];
      const char *name;
      gboolean visible = TRUE;
      FdRgba color;

      if (categories)
        {
          name = fd_chart_model_get_category (model, item);
          color = fd_palette_resolve (ctx->palette, category_color (model, item), item);
        }
      else
        {
          const FdChartSeries *s = fd_chart_model_get_series (model, item);

          name = s->name;
          visible = s->visible;
          color = fd_palette_resolve (ctx->palette, s->color, item);
        }

      cairo_rectangle (ctx->cr, snap (ctx->style, r->x), snap (ctx->style, r->y + (r->height - SWATCH) / 2),
                       SWATCH, SWATCH);
      if (visible)
        {
          set_color (ctx->cr, &color, 1);
          cairo_fill (ctx->cr);
        }
      else
        {
          set_color (ctx->cr, &color, 1);
          cairo_set_line_width (ctx->cr, 1);
          cairo_stroke (ctx->cr);
        }
      draw_text (ctx, name ? name : "", r->x + SWATCH + 4, r->y, 0, 0,
                 visible ? &ctx->palette->foreground : &ctx->palette->dim_foreground);
    }
}

static void
trace_line (cairo_t             *cr,
            const FdChartLayout *layout,
            const double        *xs,
            const double        *ys,
            gsize                n)
{
  gboolean pen = FALSE;

  for (gsize j = 0; j < n; j++)
    {
      double px, py;

      if (!isfinite (ys[j]))
        {
          pen = FALSE;
          continue;
        }
      px = fd_chart_scale_map (&layout->x_scale, xs[j]);
      py = fd_chart_scale_map (&layout->y_scale, ys[j]);
      /* Huge values map far outside; clamping keeps cairo's fixed point happy. */
      py = CLAMP (py, -1e5, 1e5);
      px = CLAMP (px, -1e5, 1e5);
      if (pen)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      pen = TRUE;
    }
}

/* Draws a line with more points than a quarter of the pixel columns as one
 * filled column of device pixels per x: the span the line covers there (and
 * for an area, the column from the line down to the base under it).
 * Stroking a dense zigzag costs cairo far more than filling pixel-aligned
 * columns, and at that density the two look the same. */
static void
dense_fill (Ctx                 *ctx,
            const FdChartLayout *layout,
            const double        *lo,
            const double        *hi,
            gssize               cols,
            const FdRgba        *color,
            double               half,
            gboolean             area,
            double               base)
{
  cairo_t *cr = ctx->cr;
  double scale = ctx->style->scale > 0 ? ctx->style->scale : 1;
  FdChartCoverage *coverage;

  coverage = ctx_get_coverage (ctx, layout);
  if (coverage != NULL)
    {
      int first = fd_chart_coverage_column_at (coverage, layout->plot.x + 0.5 / scale);

      for (gssize k = 0; k < cols; k++)
        {
          double top, bottom;

          if (!isfinite (lo[k]))
            continue;
          top = floor ((lo[k] - half) * scale) / scale;
          bottom = area ? base : ceil ((hi[k] + half) * scale) / scale;
          fd_chart_coverage_add_span (coverage, first + (int) k, fd_chart_coverage_row_at (coverage, top),
                                      fd_chart_coverage_row_at (coverage, bottom));
        }
      fd_chart_coverage_fill (coverage, color->red, color->green, color->blue,
                              color->alpha * (area ? 0.25 : 1));
      return;
    }

  /* On vector targets, one staircase polygon per run of covered columns,
   * on device pixel edges: a rectilinear fill, which cairo rasterises on its
   * fast path and a PDF keeps small. */
  cairo_new_path (cr);
  for (gssize c = 0; c < cols;)
    {
      gssize end;

      while (c < cols && !isfinite (lo[c]))
        c++;
      end = c;
      while (end < cols && isfinite (lo[end]))
        end++;
      if (end == c)
        break;

      for (gssize k = c; k < end; k++)
        {
          double top = floor ((lo[k] - half) * scale) / scale;

          cairo_line_to (cr, layout->plot.x + k / scale, top);
          cairo_line_to (cr, layout->plot.x + (k + 1) / scale, top);
        }
      for (gssize k = end; k-- > c;)
        {
          double bottom = area ? base : ceil ((hi[k] + half) * scale) / scale;

          cairo_line_to (cr, layout->plot.x + (k + 1) / scale, bottom);
          cairo_line_to (cr, layout->plot.x + k / scale, bottom);
        }
      cairo_close_path (cr);
      cairo_new_sub_path (cr);
      c = end;
    }
  set_color (cr, color, area ? 0.25 : 1);
  cairo_fill (cr);
}

static void
draw_dense (Ctx                 *ctx,
            const FdChartLayout *layout,
            const double        *xs,
            const double        *ys,
            gsize                n,
            const FdRgba        *color,
            double               line_width,
            gboolean             area,
            double               base)
{
  double scale = ctx->style->scale > 0 ? ctx->style->scale : 1;
  gssize cols = (gssize) ceil (layout->plot.width * scale);
  g_autofree double *lo = g_new (double, cols);
  g_autofree double *hi = g_new (double, cols);
  double half = line_width / 2;
  gssize prev_c = -1;
  double prev_y = NAN;

  for (gssize c = 0; c < cols; c++)
    lo[c] = INFINITY, hi[c] = -INFINITY;

  for (gsize j = 0; j < n; j++)
    {
      double fx, py;
      gssize c;

      if (!isfinite (ys[j]))
        {
          prev_c = -1;
          continue;
        }
      fx = (fd_chart_scale_map (&layout->x_scale, xs[j]) - layout->plot.x) * scale;
      py = CLAMP (fd_chart_scale_map (&layout->y_scale, ys[j]), -1e5, 1e5);
      c = (gssize) floor (CLAMP (fx, -1, cols));
      if (prev_c >= -1 && isfinite (prev_y) && j > 0 && isfinite (ys[j - 1]))
        {
          /* The connecting segment covers every column between the two points. */
          gssize a = MAX (MIN (prev_c, c), 0), b = MIN (MAX (prev_c, c), cols - 1);

          for (gssize k = a; k <= b; k++)
            {
              double t = c == prev_c ? 1 : CLAMP ((k - prev_c) / (double) (c - prev_c), 0, 1);
              double t2 = c == prev_c ? 1 : CLAMP ((k + 1 - prev_c) / (double) (c - prev_c), 0, 1);
              double ya = prev_y + (py - prev_y) * t, yb = prev_y + (py - prev_y) * t2;

              lo[k] = MIN (lo[k], MIN (ya, yb));
              hi[k] = MAX (hi[k], MAX (ya, yb));
            }
        }
      if (c >= 0 && c < cols)
        {
          lo[c] = MIN (lo[c], py);
          hi[c] = MAX (hi[c], py);
        }
      prev_c = c;
      prev_y = py;
    }

  if (area)
    dense_fill (ctx, layout, lo, hi, cols, color, half, TRUE, base);
  dense_fill (ctx, layout, lo, hi, cols, color, half, FALSE, base);
}

static void
draw_lines (Ctx                 *ctx,
            const FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  FdChartKind kind = fd_chart_model_get_kind (model);
  cairo_t *cr = ctx->cr;
  /* Decimate on the very pixel grid that is drawn, so each column holds its own min and max. */
  guint columns = (guint) ceil (layout->plot.width * ctx->style->scale);
  double base = fd_chart_scale_map (&layout->y_scale, MAX (layout->y_scale.d0, MIN (0, layout->y_scale.d1)));

  cairo_save (cr);
  cairo_rectangle (cr, layout->plot.x - 2, layout->plot.y - 2, layout->plot.width + 4, layout->plot.height + 4);
  cairo_clip (cr);

  if (kind == FD_CHART_KIND_CANARY)
    {
      cairo_set_line_width (cr, 1);
      for (guint i = 0; i < fd_chart_model_get_n_markers (model); i++)
        {
          const FdChartMarker *marker = fd_chart_model_get_marker (model, i);
          double x = snap (ctx->style, fd_chart_scale_map (&layout->x_scale, marker->x)) + 0.5;
          static const double dash[] = { 4, 3 };

          if (x < layout->plot.x || x > layout->plot.x + layout->plot.width)
            continue;
          set_color (cr, &ctx->palette->dim_foreground, 1);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_move_to (cr, x, layout->plot.y);
          cairo_line_to (cr, x, layout->plot.y + layout->plot.height);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          if (marker->label)
            draw_text (ctx, marker->label, x + 3, layout->plot.y, 0, 0, &ctx->palette->dim_foreground);
        }
    }

  for (guint i = 0; i < fd_chart_model_get_n_series (model); i++)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, i);
      FdRgba color = fd_palette_resolve (ctx->palette, s->color, i);
      const double *xs, *ys;
      gsize n;

      if (!s->visible || s->n == 0)
        continue;
      n = fd_chart_model_get_draw_points (model, i, layout->x_scale.d0, layout->x_scale.d1, columns, &xs, &ys);

      /* The band is only meaningful on raw points (a decimated band would lie). */
      if (s->low != NULL && s->high != NULL && xs >= s->x && xs < s->x + s->n)
        {
          const double *lo = s->low + (xs - s->x);
          const double *hi = s->high + (xs - s->x);
          gsize a = 0;

          /* One polygon per run of known values, so gaps stay gaps. */
          while (a < n)
            {
              gsize b = a;

              while (a < n && !(isfinite (lo[a]) && isfinite (hi[a])))
                a++;
              b = a;
              while (b < n && isfinite (lo[b]) && isfinite (hi[b]))
                b++;
              if (b > a)
                {
                  for (gsize j = a; j < b; j++)
                    cairo_line_to (cr, fd_chart_scale_map (&layout->x_scale, xs[j]),
                                   CLAMP (fd_chart_scale_map (&layout->y_scale, hi[j]), -1e5, 1e5));
                  for (gsize j = b; j-- > a;)
                    cairo_line_to (cr, fd_chart_scale_map (&layout->x_scale, xs[j]),
                                   CLAMP (fd_chart_scale_map (&layout->y_scale, lo[j]), -1e5, 1e5));
                  cairo_close_path (cr);
                  cairo_new_sub_path (cr);
                }
              a = b;
            }
          set_color (cr, &color, 0.2);
          cairo_fill (cr);
        }

      if (n > (gsize) ceil (layout->plot.width * ctx->style->scale) / 4)
        {
          double lw = kind == FD_CHART_KIND_SPARKLINE ? 1.5 : 2;

          draw_dense (ctx, layout, xs, ys, n, &color, lw, kind == FD_CHART_KIND_AREA, base);
        }
      else if (kind == FD_CHART_KIND_AREA && n > 0)
        {
          trace_line (cr, layout, xs, ys, n);
          cairo_line_to (cr, fd_chart_scale_map (&layout->x_scale, xs[n - 1]), base);
          cairo_line_to (cr, fd_chart_scale_map (&layout->x_scale, xs[0]), base);
          cairo_close_path (cr);
          set_color (cr, &color, 0.25);
          cairo_fill (cr);
        }

      if (n <= (gsize) ceil (layout->plot.width * ctx->style->scale) / 4)
        {
          /* Cairo's stroker slows down more than linearly with the length of
           * one path; strokes of 32 segments that share their end points
           * (round caps hide the seams) draw the same line several times
           * faster. */
          const gsize chunk = 32;

          set_color (cr, &color, 1);
          cairo_set_line_width (cr, kind == FD_CHART_KIND_SPARKLINE ? 1.5 : 2);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          for (gsize start = 0; start < n; start += chunk)
            {
              trace_line (cr, layout, xs + start, ys + start, MIN (chunk + 1, n - start));
              cairo_stroke (cr);
            }
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
        }

      /* A lone point (between gaps) has no segment to stroke; show it as a dot
       * in the series' colour (a coverage fill leaves the source alone). */
      set_color (cr, &color, 1);
      for (gsize j = 0; j < n; j++)
        {
          if (!isfinite (ys[j]) || (j > 0 && isfinite (ys[j - 1])) || (j + 1 < n && isfinite (ys[j + 1])))
            continue;
          cairo_arc (cr, fd_chart_scale_map (&layout->x_scale, xs[j]),
                     CLAMP (fd_chart_scale_map (&layout->y_scale, ys[j]), -1e5, 1e5), 2.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }

      if (ctx->view->highlight_series == (int) i && ctx->view->highlight_index >= 0 &&
          (gsize) ctx->view->highlight_index < s->n && isfinite (s->y[ctx->view->highlight_index]))
        {
          gsize h = ctx->view->highlight_index;

          cairo_arc (cr, fd_chart_scale_map (&layout->x_scale, s->x[h]), fd_chart_scale_map (&layout->y_scale, s->y[h]),
                     4.5, 0, 2 * G_PI);
          set_color (cr, &ctx->palette->background, 1);
          cairo_fill_preserve (cr);
          set_color (cr, &color, 1);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
    }

  cairo_restore (cr);
}

static void
bar_geometry (const FdChartLayout *layout,
              gsize                index,
              double              *x0,
              double              *x1)
{
  double a = fd_chart_scale_map (&layout->x_scale, index);
  double b = fd_chart_scale_map (&layout->x_scale, index + 1);
  double gap = (b - a) >= 4 ? (b - a) * 0.15 : 0;

  *x0 = a + gap / 2;
  *x1 = b - gap / 2;
}

/* Adds a rectangle snapped to device pixels to the current path. */
static void
add_rect (Ctx    *ctx,
          double  x0,
          double  y0,
          double  x1,
          double  y1)
{
  double a = snap (ctx->style, MIN (x0, x1)), b = snap (ctx->style, MAX (x0, x1));
  double c = snap (ctx->style, MIN (y0, y1)), d = snap (ctx->style, MAX (y0, y1));
  double px = 1 / (ctx->style->scale > 0 ? ctx->style->scale : 1);

  /* Never let a non-zero bar vanish between pixels. */
  if (b - a < px)
    b = a + px;
  if (d - c < px && y0 != y1)
    c = d - px;
  cairo_rectangle (ctx->cr, a, c, b - a, d - c);
}

/* add_rect() into a coverage mask: the same device pixels. */
static void
add_rect_coverage (Ctx             *ctx,
                   FdChartCoverage *coverage,
                   double           x0,
                   double           y0,
                   double           x1,
                   double           y1)
{
  double a = snap (ctx->style, MIN (x0, x1)), b = snap (ctx->style, MAX (x0, x1));
  double c = snap (ctx->style, MIN (y0, y1)), d = snap (ctx->style, MAX (y0, y1));
  double px = 1 / (ctx->style->scale > 0 ? ctx->style->scale : 1);
  int first, last, top, bottom;

  if (b - a < px)
    b = a + px;
  if (d - c < px && y0 != y1)
    c = d - px;
  /* Snapped edges sit on column boundaries; half a pixel in finds the
   * column whatever the rounding. */
  first = fd_chart_coverage_column_at (coverage, a + px / 2);
  last = fd_chart_coverage_column_at (coverage, b - px / 2);
  top = fd_chart_coverage_row_at (coverage, c);
  bottom = fd_chart_coverage_row_at (coverage, d);
  first = MAX (first, 0);
  last = MIN (last, fd_chart_coverage_get_columns (coverage) - 1);
  for (int k = first; k <= last; k++)
    fd_chart_coverage_add_span (coverage, k, top, bottom);
}

static void
fill_rect (Ctx          *ctx,
           double        x0,
           double        y0,
           double        x1,
           double        y1,
           const FdRgba *color)
{
  double a = snap (ctx->style, MIN (x0, x1)), b = snap (ctx->style, MAX (x0, x1));
  double c = snap (ctx->style, MIN (y0, y1)), d = snap (ctx->style, MAX (y0, y1));
  double px = 1 / (ctx->style->scale > 0 ? ctx->style->scale : 1);

  /* Never let a non-zero bar vanish between pixels. */
  if (b - a < px)
    b = a + px;
  if (d - c < px && y0 != y1)
    c = d - px;
  cairo_rectangle (ctx->cr, a, c, b - a, d - c);
  set_color (ctx->cr, color, 1);
  cairo_fill (ctx->cr);
}

static void
bar_rect (Ctx             *ctx,
          FdChartCoverage *coverage,
          double           x0,
          double           y0,
          double           x1,
          double           y1)
{
  if (coverage != NULL)
    add_rect_coverage (ctx, coverage, x0, y0, x1, y1);
  else
    add_rect (ctx, x0, y0, x1, y1);
}

static void
draw_bars (Ctx                 *ctx,
           const FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  FdChartKind kind = fd_chart_model_get_kind (model);
  guint n_series = fd_chart_model_get_n_series (model);
  guint columns = (guint) ceil (layout->plot.width * ctx->style->scale);
  gsize count = layout->last - layout->first, n_reps = count;
  const guint32 *reps = NULL;
  double base = fd_chart_scale_map (&layout->y_scale, MAX (layout->y_scale.d0, MIN (0, layout->y_scale.d1)));
  guint n_visible = 0, slot = 0;
  g_autofree double *stack = NULL;
  FdChartCoverage *coverage = NULL;

  for (guint i = 0; i < n_series; i++)
    n_visible += fd_chart_model_get_series (model, i)->visible ? 1 : 0;

  if (count > columns)
    reps = fd_chart_model_get_representatives (model, layout->first, layout->last, columns, &n_reps);
  stack = g_new0 (double, MAX (n_reps, 1));
  /* Bars a few device pixels wide are many thin boxes, which a coverage
   * mask fills far faster than cairo's box path. */
  if (n_reps * MAX (kind == FD_CHART_KIND_GROUPED_BARS ? n_visible : 1, 1) > columns / 4)
    coverage = ctx_get_coverage (ctx, layout);

  /* One path and one fill per series: thousands of bars cost one fill each colour. */
  for (guint i = 0; i < n_series; i++)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, i);
      FdRgba color;

      if (!s->visible)
        continue;
      slot++;
      color = fd_palette_resolve (ctx->palette, s->color, i);
      cairo_new_path (ctx->cr);

      for (gsize k = 0; k < n_reps; k++)
        {
          gsize j = reps ? reps[k] : layout->first + k;
          double x0, x1, v;

          if (j >= s->n || !isfinite (s->y[j]))
            continue;
          v = s->y[j];
          if (reps)
            {
              /* One device column per representative item. */
              x0 = layout->plot.x + (double) k / ctx->style->scale;
              x1 = x0 + 1 / ctx->style->scale;
            }
          else
            bar_geometry (layout, j, &x0, &x1);

          if (kind == FD_CHART_KIND_STACKED_BARS)
            {
              double y0 = fd_chart_scale_map (&layout->y_scale, stack[k]);
              double y1;

              stack[k] += MAX (v, 0);
              y1 = fd_chart_scale_map (&layout->y_scale, stack[k]);
              if (v > 0)
                bar_rect (ctx, coverage, x0, CLAMP (y0, -1e5, 1e5), x1, CLAMP (y1, -1e5, 1e5));
            }
          else if (kind == FD_CHART_KIND_GROUPED_BARS && !reps)
            {
              double w = (x1 - x0) / MAX (n_visible, 1);

              if (v != 0)
                bar_rect (ctx, coverage, x0 + w * (slot - 1), base, x0 + w * slot,
                          CLAMP (fd_chart_scale_map (&layout->y_scale, v), -1e5, 1e5));
            }
          else if (v != 0)
            bar_rect (ctx, coverage, x0, base, x1, CLAMP (fd_chart_scale_map (&layout->y_scale, v), -1e5, 1e5));
        }

      /* Opaque bars go on one layer for all series: one composite. */
      if (coverage != NULL && color.alpha >= 1)
        fd_chart_coverage_add_to_layer (coverage, color.red, color.green, color.blue);
      else if (coverage != NULL)
        {
          fd_chart_coverage_paint_layer (coverage);
          fd_chart_coverage_fill (coverage, color.red, color.green, color.blue, color.alpha);
        }
      else
        {
          set_color (ctx->cr, &color, 1);
          cairo_fill (ctx->cr);
        }
    }

  if (coverage != NULL)
    fd_chart_coverage_paint_layer (coverage);

  if (!reps && ctx->view->highlight_index >= 0 &&
      (gsize) ctx->view->highlight_index >= layout->first && (gsize) ctx->view->highlight_index < layout->last)
    {
      double x0, x1;

      bar_geometry (layout, ctx->view->highlight_index, &x0, &x1);
      cairo_rectangle (ctx->cr, x0 - 1.5, layout->plot.y, x1 - x0 + 3, layout->plot.height);
      set_color (ctx->cr, &ctx->palette->foreground, 1);
      cairo_set_line_width (ctx->cr, 1.5);
      cairo_stroke (ctx->cr);
    }
}

static void
draw_horizontal_bars (Ctx                 *ctx,
                      const FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  const FdChartSeries *s = fd_chart_model_get_series (model, 0);

  for (gsize i = 0; i < layout->n_rows; i++)
    {
      double y0 = fd_chart_scale_map (&layout->y_scale, i);
      double y1 = fd_chart_scale_map (&layout->y_scale, i + 1);
      double gap = (y1 - y0) * 0.2;
      const char *label = fd_chart_model_get_category (model, i);
      int role = category_color (model, i);
      FdRgba color = fd_palette_resolve (ctx->palette, role == FD_CHART_COLOR_AUTO ? s->color : role, 0);

      if (label)
        draw_text (ctx, label, layout->plot.x - GAP, (y0 + y1) / 2, 1, 0.5, &ctx->palette->foreground);
      if (!isfinite (s->y[i]))
        continue;
      fill_rect (ctx, layout->x_scale.r0, y0 + gap / 2,
                 CLAMP (fd_chart_scale_map (&layout->x_scale, s->y[i]), -1e5, 1e5), y1 - gap / 2, &color);
      {
        g_autofree char *value = fd_chart_format_value (fd_chart_model_get_y_format (model), s->y[i]);

        draw_text (ctx, value, MIN (fd_chart_scale_map (&layout->x_scale, s->y[i]), layout->plot.x + layout->plot.width) + 4,
                   (y0 + y1) / 2, 0, 0.5, &ctx->palette->foreground);
      }
      if ((gsize) ctx->view->highlight_index == i)
        {
          cairo_rectangle (ctx->cr, layout->plot.x - 1, y0, layout->plot.width + 2, y1 - y0);
          set_color (ctx->cr, &ctx->palette->foreground, 1);
          cairo_set_line_width (ctx->cr, 1.5);
          cairo_stroke (ctx->cr);
        }
    }
}

static void
draw_heatmap (Ctx                 *ctx,
              const FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  guint columns = (guint) ceil (layout->plot.width * ctx->style->scale);
  gsize count = layout->last - layout->first, n_reps = count;
  const guint32 *reps = NULL;
  double hi = -INFINITY, fixed_hi;
  g_autofree guint8 *levels = NULL;

  fd_chart_model_get_y_range (model, NULL, &fixed_hi);
  if (count > columns)
    reps = fd_chart_model_get_representatives (model, layout->first, layout->last, columns, &n_reps);

  for (gsize r = 0; r < layout->n_rows; r++)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, r);

      for (gsize k = 0; k < n_reps; k++)
        {
          gsize j = reps ? reps[k] : layout->first + k;

          if (j < s->n && isfinite (s->y[j]))
            hi = MAX (hi, s->y[j]);
        }
    }
  if (isfinite (fixed_hi))
    hi = fixed_hi;
  if (!(hi > 0))
    hi = 1;

  for (gsize r = 0; r < layout->n_rows; r++)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, r);
      double y0 = fd_chart_scale_map (&layout->y_scale, r);
      double y1 = fd_chart_scale_map (&layout->y_scale, r + 1);

      draw_text (ctx, s->name ? s->name : "", layout->plot.x - GAP, (y0 + y1) / 2, 1, 0.5,
                 &ctx->palette->foreground);
    }

  /* Cells are quantised to HEAT_LEVELS shades and filled one shade at a time:
   * a few dozen fills instead of one per cell. Level HEAT_LEVELS + 1 is "no value". */
  levels = g_new (guint8, MAX (layout->n_rows * n_reps, 1));
  for (gsize r = 0; r < layout->n_rows; r++)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, r);

      for (gsize k = 0; k < n_reps; k++)
        {
          gsize j = reps ? reps[k] : layout->first + k;

          if (j >= s->n)
            levels[r * n_reps + k] = G_MAXUINT8;
          else if (!isfinite (s->y[j]))
            levels[r * n_reps + k] = HEAT_LEVELS + 1;
          else
            levels[r * n_reps + k] = (guint8) (CLAMP (s->y[j] / hi, 0, 1) * HEAT_LEVELS + 0.5);
        }
    }

  for (guint level = 0; level <= HEAT_LEVELS + 1; level++)
    {
      FdRgba color = fd_palette_resolve (ctx->palette, fd_chart_model_get_series (model, 0)->color, 0);
      FdRgba cell;
      gboolean any = FALSE;

      cairo_new_path (ctx->cr);
      for (gsize r = 0; r < layout->n_rows; r++)
        {
          double y0 = fd_chart_scale_map (&layout->y_scale, r);
          double y1 = fd_chart_scale_map (&layout->y_scale, r + 1);

          for (gsize k = 0; k < n_reps; k++)
            {
              gsize j = reps ? reps[k] : layout->first + k;
              double x0, x1;

              if (levels[r * n_reps + k] != level)
                continue;
              if (reps)
                {
                  x0 = layout->plot.x + (double) k / ctx->style->scale;
                  x1 = x0 + 1 / ctx->style->scale;
                }
              else
                {
                  x0 = fd_chart_scale_map (&layout->x_scale, j) + 0.5;
                  x1 = fd_chart_scale_map (&layout->x_scale, j + 1) - 0.5;
                }
              add_rect (ctx, x0, y0 + 0.5, x1, y1 - 0.5);
              any = TRUE;
            }
        }
      if (!any)
        continue;

      if (level == HEAT_LEVELS + 1)
        {
          cell = ctx->palette->grid;
          cell.alpha = 0.3;
        }
      else
        {
          /* Blend from the background so that zero is visible but quiet. */
          double t = 0.08 + 0.92 * level / (double) HEAT_LEVELS;

          cell.red = ctx->palette->background.red * (1 - t) + color.red * t;
          cell.green = ctx->palette->background.green * (1 - t) + color.green * t;
          cell.blue = ctx->palette->background.blue * (1 - t) + color.blue * t;
          cell.alpha = 1;
        }
      set_color (ctx->cr, &cell, 1);
      cairo_fill (ctx->cr);
    }

  if (ctx->view->highlight_series >= 0 && (gsize) ctx->view->highlight_series < layout->n_rows &&
      ctx->view->highlight_index >= (gssize) layout->first && ctx->view->highlight_index < (gssize) layout->last &&
      !reps)
    {
      double x0 = fd_chart_scale_map (&layout->x_scale, ctx->view->highlight_index);
      double x1 = fd_chart_scale_map (&layout->x_scale, ctx->view->highlight_index + 1);
      double y0 = fd_chart_scale_map (&layout->y_scale, ctx->view->highlight_series);
      double y1 = fd_chart_scale_map (&layout->y_scale, ctx->view->highlight_series + 1);

      cairo_rectangle (ctx->cr, x0, y0, x1 - x0, y1 - y0);
      set_color (ctx->cr, &ctx->palette->foreground, 1);
      cairo_set_line_width (ctx->cr, 1.5);
      cairo_stroke (ctx->cr);
    }
}

typedef struct
{
  gsize  from;
  double angle;
  double sweep;
  FdRgba color;
} DonutSlice;

static void
donut_sector (Ctx                 *ctx,
              const FdChartLayout *layout,
              const DonutSlice    *slice)
{
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, layout->cx, layout->cy, layout->radius, slice->angle, slice->angle + slice->sweep);
  cairo_arc_negative (ctx->cr, layout->cx, layout->cy, layout->inner_radius, slice->angle + slice->sweep,
                      slice->angle);
  cairo_close_path (ctx->cr);
}

static void
draw_donut (Ctx                 *ctx,
            const FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  const FdChartSeries *s = fd_chart_model_get_series (model, 0);
  double total = 0, angle = -G_PI / 2, pending = 0;
  gsize pending_from = 0;
  g_autofree char *center = NULL;

  for (gsize i = 0; i < s->n; i++)
    if (isfinite (s->y[i]) && s->y[i] > 0)
      total += s->y[i];
  if (!(total > 0))
    {
      cairo_arc (ctx->cr, layout->cx, layout->cy, (layout->radius + layout->inner_radius) / 2, 0, 2 * G_PI);
      cairo_set_line_width (ctx->cr, layout->radius - layout->inner_radius);
      set_color (ctx->cr, &ctx->palette->grid, 1);
      cairo_stroke (ctx->cr);
    }
  else
    {
      /* Slices thinner than about a pixel of arc are merged, so a million tiny
       * slices cost a million additions, not a million arcs; with more than
       * 64 categories, slices under 3 degrees are merged too: at most 120
       * fills, each about 9 pixels of arc on a typical ring, and the
       * tooltip still gives each category's own value. */
      gboolean many = s->n > 64;
      double min_sweep = many ? 2 * G_PI / 120 : 1.0 / MAX (layout->radius, 1);
      g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (DonutSlice));
      /* The same threshold in the data's units: no division per point. */
      double min_value = min_sweep / (2 * G_PI) * total;

      for (gsize i = 0; i < s->n; i++)
        {
          DonutSlice slice;

          if (!isfinite (s->y[i]) || s->y[i] <= 0)
            continue;
          if (pending == 0)
            pending_from = i;
          pending += s->y[i];
          if (pending < min_value && i + 1 < s->n)
            continue;

          slice.sweep = pending / total * 2 * G_PI;
          slice.from = pending_from;
          slice.angle = angle;
          slice.color = fd_palette_resolve (ctx->palette, category_color (model, pending_from), pending_from);
          g_array_append_val (slices, slice);
          angle += slice.sweep;
          pending = 0;
        }

      for (guint k = 0; k < slices->len; k++)
        {
          const DonutSlice *slice = &g_array_index (slices, DonutSlice, k);

          cairo_new_path (ctx->cr);
          donut_sector (ctx, layout, slice);
          set_color (ctx->cr, &slice->color, 1);
          if (many)
            {
              /* Slices this thin would vanish under a separating stroke. */
              cairo_fill (ctx->cr);
              continue;
            }
          cairo_fill_preserve (ctx->cr);
          set_color (ctx->cr, &ctx->palette->background, 1);
          cairo_set_line_width (ctx->cr, 1.5);
          cairo_stroke (ctx->cr);
        }

      for (guint k = 0; k < slices->len; k++)
        {
          const DonutSlice *slice = &g_array_index (slices, DonutSlice, k);

          if (ctx->view->highlight_index >= 0 && (gsize) ctx->view->highlight_index == slice->from)
            {
              cairo_new_path (ctx->cr);
              cairo_arc (ctx->cr, layout->cx, layout->cy, layout->radius + 3, slice->angle,
                         slice->angle + slice->sweep);
              set_color (ctx->cr, &ctx->palette->foreground, 1);
              cairo_set_line_width (ctx->cr, 2);
              cairo_stroke (ctx->cr);
            }
        }
    }

  center = fd_chart_format_value (FD_CHART_FORMAT_COUNT, total);
  draw_text (ctx, center, layout->cx, layout->cy, 0.5, 0.5, &ctx->palette->foreground);
}

static void
draw_gauge (Ctx                 *ctx,
            const FdChartLayout *layout)
{
  FdChartModel *model = ctx->model;
  const FdChartSeries *s = fd_chart_model_get_series (model, 0);
  double value = s->n > 0 ? s->y[0] : NAN, max, fraction;
  double mid = (layout->radius + layout->inner_radius) / 2;
  FdRgba color = fd_palette_resolve (ctx->palette, s->color, 0);
  g_autofree char *label = fd_chart_format_value (fd_chart_model_get_y_format (model), value);

  fd_chart_model_get_y_range (model, NULL, &max);
  if (!(max > 0))
    max = fd_chart_model_get_y_format (model) == FD_CHART_FORMAT_PERCENT ? 1 : MAX (value, 1);
  fraction = isfinite (value) ? CLAMP (value / max, 0, 1) : 0;

  cairo_set_line_width (ctx->cr, layout->radius - layout->inner_radius);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_BUTT);
  cairo_arc (ctx->cr, layout->cx, layout->cy, mid, 0, 2 * G_PI);
  set_color (ctx->cr, &ctx->palette->grid, 1);
  cairo_stroke (ctx->cr);
  if (fraction > 0)
    {
      cairo_arc (ctx->cr, layout->cx, layout->cy, mid, -G_PI / 2, -G_PI / 2 + fraction * 2 * G_PI);
      set_color (ctx->cr, &color, 1);
      cairo_stroke (ctx->cr);
    }
  draw_text (ctx, label, layout->cx, layout->cy, 0.5, 0.5, &ctx->palette->foreground);
}

static void
draw_empty (Ctx *ctx)
{
  const char *message = _("No data for this range");
  FdChartKind kind = fd_chart_model_get_kind (ctx->model);

  /* A sparkline is too small for a sentence; a flat line says "nothing". */
  if (kind == FD_CHART_KIND_SPARKLINE)
    {
      cairo_move_to (ctx->cr, 2, snap (ctx->style, ctx->height / 2) + 0.5);
      cairo_line_to (ctx->cr, ctx->width - 2, snap (ctx->style, ctx->height / 2) + 0.5);
      set_color (ctx->cr, &ctx->palette->grid, 1);
      cairo_set_line_width (ctx->cr, 1);
      cairo_stroke (ctx->cr);
      return;
    }
  draw_text (ctx, message, ctx->width / 2, ctx->height / 2, 0.5, 0.5, &ctx->palette->dim_foreground);
}

/**
 * fd_chart_render:
 * @cr: the context to draw on (a widget snapshot, an image, SVG or PDF surface)
 * @width: width in units
 * @height: height in units
 * @model: the model
 * @style: the style
 * @view: (nullable): the zoom, selection and pointer; %NULL for none
 *
 * Draws @model, then the overlay of @view (fd_chart_render_overlay()). All
 * chart kinds go through here; the widget, the exporter, the report and
 * the tests share it.
 */
void
fd_chart_render (cairo_t            *cr,
                 double              width,
                 double              height,
                 FdChartModel       *model,
                 const FdChartStyle *style,
                 const FdChartView  *view)
{
  FdChartLayout layout;
  FdChartView untouched;
  FdChartKind kind;
  Ctx ctx;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (FD_IS_CHART_MODEL (model));
  g_return_if_fail (style != NULL);

  if (!(width >= 1) || !(height >= 1))
    return;

  cairo_save (cr);
  ctx_init (&ctx, cr, model, style, view_or_default (view, &untouched), width, height);
  layout_compute (&layout, &ctx);
  kind = fd_chart_model_get_kind (model);

  if (style->draw_background)
    {
      set_color (cr, &ctx.palette->background, 1);
      cairo_paint (cr);
    }

  if (style->draw_title && fd_chart_model_get_title (model) != NULL)
    {
      g_autoptr(PangoFontDescription) regular = pango_font_description_copy (pango_layout_get_font_description (ctx.text));
      g_autoptr(PangoFontDescription) bold = pango_font_description_copy (regular);

      pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (ctx.text, bold);
      draw_text (&ctx, fd_chart_model_get_title (model), PAD, PAD, 0, 0, &ctx.palette->foreground);
      pango_layout_set_font_description (ctx.text, regular);
    }

  if (layout.empty)
    {
      draw_empty (&ctx);
      goto out;
    }

  draw_legend (&ctx, &layout);

  if (kind != FD_CHART_KIND_SPARKLINE && kind != FD_CHART_KIND_DONUT && kind != FD_CHART_KIND_GAUGE)
    draw_grid (&ctx, &layout);

  switch (kind)
    {
    case FD_CHART_KIND_LINE:
    case FD_CHART_KIND_AREA:
    case FD_CHART_KIND_SPARKLINE:
    case FD_CHART_KIND_CANARY:
      draw_lines (&ctx, &layout);
      break;
    case FD_CHART_KIND_STACKED_BARS:
    case FD_CHART_KIND_GROUPED_BARS:
    case FD_CHART_KIND_HISTOGRAM:
      draw_bars (&ctx, &layout);
      break;
    case FD_CHART_KIND_HORIZONTAL_BARS:
      draw_horizontal_bars (&ctx, &layout);
      break;
    case FD_CHART_KIND_HEATMAP:
      draw_heatmap (&ctx, &layout);
      break;
    case FD_CHART_KIND_DONUT:
      draw_donut (&ctx, &layout);
      break;
    case FD_CHART_KIND_GAUGE:
      draw_gauge (&ctx, &layout);
      break;
    case FD_CHART_N_KINDS:
    default:
      g_assert_not_reached ();
    }

  fd_chart_render_overlay (cr, model, &layout, style, ctx.view);

out:
  fd_chart_layout_clear (&layout);
  ctx_clear (&ctx);
  cairo_restore (cr);
}

/**
 * fd_chart_overlay_compute:
 * @model: the model
 * @layout: its layout, as the body was drawn
 * @style: the style
 * @view: the view: its pointer and drag band are used
 * @overlay: (out caller-allocates): what to draw over the body
 *
 * Where the crosshair and the drag band go. They are rectangles, so the
 * widget appends them as colour nodes over its cached drawing of the body
 * instead of drawing the chart again on every pointer motion.
 */
void
fd_chart_overlay_compute (FdChartModel        *model,
                          const FdChartLayout *layout,
                          const FdChartStyle  *style,
                          const FdChartView   *view,
                          FdChartOverlay      *overlay)
{
  const FdChartRect *plot;
  FdChartKind kind;

  g_return_if_fail (FD_IS_CHART_MODEL (model));
  g_return_if_fail (layout != NULL && style != NULL && view != NULL && overlay != NULL);

  memset (overlay, 0, sizeof *overlay);
  overlay->band_alpha = 0.2;
  overlay->crosshair_alpha = 0.5;
  if (layout->empty)
    return;

  plot = &layout->plot;
  kind = fd_chart_model_get_kind (model);

  if (isfinite (view->selection_from) && isfinite (view->selection_to))
    {
      double a = CLAMP (MIN (view->selection_from, view->selection_to), plot->x, plot->x + plot->width);
      double b = CLAMP (MAX (view->selection_from, view->selection_to), plot->x, plot->x + plot->width);

      overlay->has_band = b > a;
      overlay->band = (FdChartRect) { a, plot->y, b - a, plot->height };
    }

  if (isfinite (view->crosshair_x) && view->crosshair_x >= plot->x &&
      view->crosshair_x <= plot->x + plot->width &&
      (kind_is_line (kind) || kind_is_indexed (kind)))
    {
      /* One device pixel wide, on the pixel grid, so it stays sharp. */
      double px = 1 / MAX (style->scale, 1);

      overlay->has_crosshair = TRUE;
      overlay->crosshair = (FdChartRect) { snap (style, view->crosshair_x), plot->y, px, plot->height };
    }
}

/**
 * fd_chart_render_overlay:
 * @cr: the context the body was drawn on
 * @model: the model
 * @layout: its layout
 * @style: the style
 * @view: (nullable): the view; %NULL draws nothing
 *
 * Draws the crosshair and the drag band of @view over a drawn chart, as
 * fd_chart_overlay_compute() places them.
 */
void
fd_chart_render_overlay (cairo_t             *cr,
                         FdChartModel        *model,
                         const FdChartLayout *layout,
                         const FdChartStyle  *style,
                         const FdChartView   *view)
{
  const FdPalette *palette;
  FdChartOverlay overlay;

  g_return_if_fail (cr != NULL);

  if (view == NULL)
    return;
  fd_chart_overlay_compute (model, layout, style, view, &overlay);
  palette = style->palette ? style->palette : fd_palette_get (FD_PALETTE_LIGHT);

  if (overlay.has_band)
    {
      cairo_rectangle (cr, overlay.band.x, overlay.band.y, overlay.band.width, overlay.band.height);
      set_color (cr, &palette->accent, overlay.band_alpha);
      cairo_fill (cr);
    }
  if (overlay.has_crosshair)
    {
      cairo_rectangle (cr, overlay.crosshair.x, overlay.crosshair.y,
                       overlay.crosshair.width, overlay.crosshair.height);
      set_color (cr, &palette->foreground, overlay.crosshair_alpha);
      cairo_fill (cr);
    }
}

/**
 * fd_chart_hit_test_layout:
 * @model: the model
 * @layout: its layout
 * @x: pointer x in units
 * @y: pointer y in units
 * @hit: (out caller-allocates): what is under the pointer
 *
 * Finds the item under the pointer: binary search on x for lines and bars,
 * the row or cell for horizontal bars and heat maps, the slice for donuts.
 *
 * Returns: %TRUE if something was hit
 */
gboolean
fd_chart_hit_test_layout (FdChartModel        *model,
                          const FdChartLayout *layout,
                          double               x,
                          double               y,
                          FdChartHit          *hit)
{
  FdChartKind kind;
  const FdChartRect *plot = &layout->plot;
  double bucket;

  g_return_val_if_fail (FD_IS_CHART_MODEL (model), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  kind = fd_chart_model_get_kind (model);
  bucket = fd_chart_model_get_bucket_width (model);

  for (guint i = 0; i < layout->n_legend; i++)
    {
      const FdChartRect *r = &layout->legend[i];

      if (x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height)
        {
          hit->kind = FD_CHART_HIT_LEGEND;
          hit->series = layout->legend_item[i];
          return TRUE;
        }
    }

  if (layout->empty || fd_chart_model_get_n_series (model) == 0)
    return FALSE;

  if (kind == FD_CHART_KIND_DONUT || kind == FD_CHART_KIND_GAUGE)
    {
      double dx = x - layout->cx, dy = y - layout->cy, r = sqrt (dx * dx + dy * dy);
      const FdChartSeries *s = fd_chart_model_get_series (model, 0);
      double angle, total = 0, acc = 0;

      if (r < layout->inner_radius || r > layout->radius + 3 || s->n == 0)
        return FALSE;
      hit->kind = FD_CHART_HIT_ITEM;
      if (kind == FD_CHART_KIND_GAUGE)
        {
          hit->value = s->y[0];
          hit->x_from = hit->x_to = s->x[0];
          return TRUE;
        }
      /* Angle from twelve o'clock, clockwise, 0..1. */
      angle = atan2 (dy, dx) + G_PI / 2;
      if (angle < 0)
        angle += 2 * G_PI;
      angle /= 2 * G_PI;
      for (gsize i = 0; i < s->n; i++)
        if (isfinite (s->y[i]) && s->y[i] > 0)
          total += s->y[i];
      if (!(total > 0))
        return FALSE;
      for (gsize i = 0; i < s->n; i++)
        {
          if (!isfinite (s->y[i]) || s->y[i] <= 0)
            continue;
          acc += s->y[i];
          if (angle <= acc / total || i + 1 == s->n)
            {
              hit->index = i;
              hit->value = s->y[i];
              hit->x_from = hit->x_to = s->x[i];
              return TRUE;
            }
        }
      return FALSE;
    }

  if (x < plot->x || x > plot->x + plot->width || y < plot->y || y > plot->y + plot->height)
    return FALSE;

  if (kind == FD_CHART_KIND_HORIZONTAL_BARS)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, 0);
      gssize row = (gssize) floor (fd_chart_scale_invert (&layout->y_scale, y));

      if (row < 0 || (gsize) row >= layout->n_rows || (gsize) row >= s->n)
        return FALSE;
      hit->kind = FD_CHART_HIT_ITEM;
      hit->index = row;
      hit->value = s->y[row];
      hit->x_from = hit->x_to = s->x[row];
      return TRUE;
    }

  if (kind_is_line (kind))
    {
      double data_x = fd_chart_scale_invert (&layout->x_scale, x);
      double best = INFINITY;

      for (guint i = 0; i < fd_chart_model_get_n_series (model); i++)
        {
          const FdChartSeries *s = fd_chart_model_get_series (model, i);
          gsize j;
          double d;

          if (!s->visible || s->n == 0)
            continue;
          j = fd_chart_nearest_index (s->x, s->n, data_x);
          d = fabs (fd_chart_scale_map (&layout->x_scale, s->x[j]) - x) * 0.25;
          d += isfinite (s->y[j]) ? fabs (fd_chart_scale_map (&layout->y_scale, s->y[j]) - y) : 1e6;
          if (d < best)
            {
              best = d;
              hit->kind = FD_CHART_HIT_ITEM;
              hit->series = i;
              hit->index = j;
              hit->value = s->y[j];
              hit->x_from = s->x[j];
              hit->x_to = s->x[j] + bucket;
            }
        }
      return hit->kind == FD_CHART_HIT_ITEM;
    }

  /* Bar-like and heat map: the item index straight from x. */
  {
    double fx = fd_chart_scale_invert (&layout->x_scale, x);
    gssize index = (gssize) floor (fx);
    guint n_series = fd_chart_model_get_n_series (model);
    guint columns = (guint) ceil (plot->width);

    if (index < (gssize) layout->first || index >= (gssize) layout->last)
      return FALSE;
    if (layout->last - layout->first > columns)
      {
        /* Drawn decimated: report the item that was drawn in this column. */
        gsize n_reps;
        const guint32 *reps = fd_chart_model_get_representatives (model, layout->first, layout->last,
                                                                  columns, &n_reps);
        gsize k = MIN ((gsize) MAX (x - plot->x, 0), n_reps - 1);

        index = reps[k];
      }

    hit->kind = FD_CHART_HIT_ITEM;
    hit->index = index;
    hit->x_from = item_x (model, index);
    hit->x_to = hit->x_from + bucket;

    if (kind == FD_CHART_KIND_HEATMAP)
      {
        gssize row = (gssize) floor (fd_chart_scale_invert (&layout->y_scale, y));

        row = CLAMP (row, 0, (gssize) n_series - 1);
        hit->series = row;
        hit->value = (gsize) index < fd_chart_model_get_series (model, row)->n ?
                     fd_chart_model_get_series (model, row)->y[index] : NAN;
        return TRUE;
      }

    if (kind == FD_CHART_KIND_GROUPED_BARS)
      {
        guint n_visible = 0, slot, k = 0;
        double x0, x1;

        for (guint i = 0; i < n_series; i++)
          n_visible += fd_chart_model_get_series (model, i)->visible ? 1 : 0;
        bar_geometry (layout, index, &x0, &x1);
        slot = (guint) CLAMP (floor ((x - x0) / MAX (x1 - x0, 1e-9) * n_visible), 0, MAX (n_visible, 1) - 1);
        for (guint i = 0; i < n_series; i++)
          {
            if (!fd_chart_model_get_series (model, i)->visible)
              continue;
            if (k++ == slot)
              {
                hit->series = i;
                break;
              }
          }
      }
    else
      {
        /* Stacked: the segment under the pointer, else the top one. */
        double stack = 0, value = fd_chart_scale_invert (&layout->y_scale, y);
        gboolean found = FALSE;

        for (guint i = 0; i < n_series; i++)
          {
            const FdChartSeries *s = fd_chart_model_get_series (model, i);

            if (!s->visible || (gsize) index >= s->n || !isfinite (s->y[index]))
              continue;
            hit->series = i;
            if (value >= stack && value < stack + MAX (s->y[index], 0))
              {
                found = TRUE;
                break;
              }
            stack += MAX (s->y[index], 0);
          }
        (void) found;
      }
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, hit->series);

      hit->value = (gsize) index < s->n ? s->y[index] : NAN;
    }
    return TRUE;
  }
}

/**
 * fd_chart_hit_test:
 * @model: the model
 * @style: the style it is drawn with
 * @view: (nullable): its zoom; %NULL for the whole range
 * @width: width in units
 * @height: height in units
 * @x: pointer x
 * @y: pointer y
 * @hit: (out caller-allocates): what is under the pointer
 *
 * Computes the layout and hit-tests it.
 *
 * Returns: %TRUE if something was hit
 */
gboolean
fd_chart_hit_test (FdChartModel       *model,
                   const FdChartStyle *style,
                   const FdChartView  *view,
                   double              width,
                   double              height,
                   double              x,
                   double              y,
                   FdChartHit         *hit)
{
  FdChartLayout layout;
  gboolean ret;

  fd_chart_layout_compute (&layout, model, style, view, width, height, NULL);
  ret = fd_chart_hit_test_layout (model, &layout, x, y, hit);
  fd_chart_layout_clear (&layout);
  return ret;
}

/**
 * fd_chart_view_range_at:
 * @model: the model
 * @layout: its layout
 * @px_from: one end of a drag, in units
 * @px_to: the other end
 * @x_from: (out): data x at the left end
 * @x_to: (out): data x at the right end
 *
 * Converts a horizontal drag to a zoom range in data x units.
 *
 * Returns: %FALSE if the chart has no zoomable x axis or the range is empty
 */
gboolean
fd_chart_view_range_at (FdChartModel        *model,
                        const FdChartLayout *layout,
                        double               px_from,
                        double               px_to,
                        double              *x_from,
                        double              *x_to)
{
  FdChartKind kind = fd_chart_model_get_kind (model);
  double a = CLAMP (MIN (px_from, px_to), layout->plot.x, layout->plot.x + layout->plot.width);
  double b = CLAMP (MAX (px_from, px_to), layout->plot.x, layout->plot.x + layout->plot.width);

  if (layout->empty || b - a < 2 || fd_chart_model_get_x_axis (model) == FD_CHART_AXIS_CATEGORY)
    return FALSE;

  if (kind_is_line (kind))
    {
      *x_from = fd_chart_scale_invert (&layout->x_scale, a);
      *x_to = fd_chart_scale_invert (&layout->x_scale, b);
      return *x_to > *x_from;
    }
  if (kind_is_indexed (kind))
    {
      gsize i = (gsize) MAX (floor (fd_chart_scale_invert (&layout->x_scale, a)), 0);
      gsize j = (gsize) MAX (ceil (fd_chart_scale_invert (&layout->x_scale, b)), 0);

      j = MIN (j, fd_chart_model_get_n_items (model));
      if (j <= i)
        return FALSE;
      *x_from = item_x (model, i);
      *x_to = item_x (model, j - 1) + MAX (fd_chart_model_get_bucket_width (model), 1e-9);
      return TRUE;
    }
  return FALSE;
}
