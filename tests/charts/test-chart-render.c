/* test-chart-render.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chart-render"

#include "config.h"

#include "fd-chart-export.h"
#include "fd-chart-model.h"
#include "fd-chart-render.h"
#include "fd-palette.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (data + y * stride + x * 4);
}

static FdChartModel *
bar_model (void)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_STACKED_BARS);
  const double y[] = { 10, 20, 5 };
  const char *labels[] = { "a", "b", "c", NULL };

  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_CATEGORY);
  fd_chart_model_set_categories (model, labels, NULL);
  fd_chart_model_add_series (model, "success", FD_CHART_COLOR_SUCCESS, NULL, y, G_N_ELEMENTS (y));
  return model;
}

static void
test_render_bar_pixels (void)
{
  FdChartModel *model = bar_model ();
  FdChartStyle style;
  FdChartLayout layout;
  cairo_surface_t *image;
  guint32 success = fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_LIGHT)->status[FD_RUN_SUCCESS]);
  guint32 background = fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_LIGHT)->background);
  int cx, top, top0;

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  image = fd_chart_render_to_image (model, &style, NULL, 300, 200);
  fd_chart_layout_compute (&layout, model, &style, NULL, 300, 200, NULL);

  /* The 20-high bar (index 1) is the success colour from its top down to the base. */
  cx = (int) fd_chart_scale_map (&layout.x_scale, 1.5);
  top = (int) ceil (fd_chart_scale_map (&layout.y_scale, 20));
  g_assert_cmpfloat (layout.y_ticks.max, ==, 20);
  g_assert_cmphex (pixel_at (image, cx, top + 2), ==, success);
  g_assert_cmphex (pixel_at (image, cx, (int) (layout.plot.y + layout.plot.height) - 2), ==, success);
  g_assert_cmphex (pixel_at (image, cx, top + (int) (layout.plot.height / 2)), ==, success);

  /* The 10-high bar ends half way: above it is background (or a grid line). */
  cx = (int) fd_chart_scale_map (&layout.x_scale, 0.5);
  top0 = (int) ceil (fd_chart_scale_map (&layout.y_scale, 10));
  g_assert_cmpint (abs ((top0 - (int) layout.plot.y) - (int) (layout.plot.height / 2)), <=, 2);
  g_assert_cmphex (pixel_at (image, cx, top0 + 2), ==, success);
  g_assert_cmphex (pixel_at (image, cx, top0 - 4), !=, success);
  g_assert_cmphex (pixel_at (image, 1, 1), ==, background);

  fd_chart_layout_clear (&layout);
  cairo_surface_destroy (image);
  g_assert_finalize_object (model);
}

/* The desktop's text scaling reaches the chart through the resolution: at
 * twice the resolution the axis labels take more room on both axes. */
static void
test_render_text_scaling (void)
{
  FdChartModel *model = bar_model ();
  FdChartStyle style;
  FdChartLayout normal, large;

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  fd_chart_layout_compute (&normal, model, &style, NULL, 400, 300, NULL);
  style.resolution = 192;
  fd_chart_layout_compute (&large, model, &style, NULL, 400, 300, NULL);

  g_assert_cmpfloat (large.plot.x, >, normal.plot.x + 4);
  g_assert_cmpfloat (large.plot.y + large.plot.height, <, normal.plot.y + normal.plot.height - 4);

  fd_chart_layout_clear (&normal);
  fd_chart_layout_clear (&large);
  g_assert_finalize_object (model);
}

static void
test_render_hidpi (void)
{
  FdChartModel *model = bar_model ();
  FdChartStyle style;
  FdChartLayout layout;
  cairo_surface_t *image;
  guint32 success = fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_LIGHT)->status[FD_RUN_SUCCESS]);
  int x0, x;

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  style.scale = 2;
  image = fd_chart_render_to_image (model, &style, NULL, 300, 200);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 600);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 400);

  fd_chart_layout_compute (&layout, model, &style, NULL, 300, 200, NULL);
  /* Crisp: the bar's left edge is a hard step between two device pixels. */
  x0 = (int) round (fd_chart_scale_map (&layout.x_scale, 1) * 2);
  for (x = x0 - 2; x < x0 + 12; x++)
    if (pixel_at (image, x, 300) == success)
      break;
  g_assert_cmphex (pixel_at (image, x, 300), ==, success);
  g_assert_cmphex (pixel_at (image, x - 1, 300) >> 24, ==, 0xff);
  g_assert_true ((pixel_at (image, x - 1, 300) & 0xffffff) == 0xffffff ||
                 pixel_at (image, x - 1, 300) != success);
  g_assert_cmphex (pixel_at (image, x - 1, 300), ==,
                   fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_LIGHT)->background));

  fd_chart_layout_clear (&layout);
  cairo_surface_destroy (image);
  g_assert_finalize_object (model);
}

static void
test_render_dark (void)
{
  FdChartModel *model = bar_model ();
  FdChartStyle style;
  cairo_surface_t *light, *dark;

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  light = fd_chart_render_to_image (model, &style, NULL, 200, 100);
  fd_chart_style_init (&style, FD_PALETTE_DARK);
  dark = fd_chart_render_to_image (model, &style, NULL, 200, 100);

  g_assert_cmphex (pixel_at (light, 2, 2), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (dark, 2, 2), ==,
                   fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_DARK)->background));
  g_assert_cmphex (pixel_at (dark, 2, 2), !=, pixel_at (light, 2, 2));

  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);
  g_assert_finalize_object (model);
}

static void
test_render_empty (void)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_LINE);
  FdChartStyle style;
  cairo_surface_t *image;
  guint32 background = fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_LIGHT)->background);
  guint inside = 0, outside = 0;

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  image = fd_chart_render_to_image (model, &style, NULL, 400, 200);

  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 400; x++)
      {
        gboolean centre = x > 60 && x < 340 && y > 70 && y < 130;

        if (pixel_at (image, x, y) != background)
          {
            if (centre)
              inside++;
            else
              outside++;
          }
      }
  /* The message is drawn in the centre, and nothing else anywhere. */
  g_assert_cmpuint (inside, >, 100);
  g_assert_cmpuint (outside, ==, 0);

  {
    g_autofree char *description = fd_chart_model_describe (model);

    g_assert_cmpstr (description, ==, "No data for this range");
  }

  cairo_surface_destroy (image);
  g_assert_finalize_object (model);
}

static void
test_render_degenerate_data (void)
{
  static const double x1[] = { 100 };
  static const double y1[] = { 5 };
  static const double xz[] = { 0, 1, 2, 3 };
  static const double yz[] = { 0, 0, 0, 0 };
  static const double yn[] = { NAN, 1, NAN, 2 };
  static const double yh[] = { 1e300, -1e300, 1e15, 0 };

  for (guint kind = 0; kind < FD_CHART_N_KINDS; kind++)
    {
      const double *ys[] = { y1, yz, yn, yh };
      const double *xs[] = { x1, xz, xz, xz };
      const gsize ns[] = { 1, 4, 4, 4 };

      for (guint c = 0; c < G_N_ELEMENTS (ys); c++)
        {
          g_autoptr(FdChartModel) model = fd_chart_model_new (kind);
          FdChartStyle style;
          cairo_surface_t *image;
          FdChartHit hit;

          fd_chart_model_add_series (model, "a", FD_CHART_COLOR_AUTO, xs[c], ys[c], ns[c]);
          fd_chart_model_add_series (model, "b", FD_CHART_COLOR_AUTO, xs[c], ys[c], ns[c]);
          fd_chart_style_init (&style, FD_PALETTE_LIGHT);
          style.draw_title = TRUE;
          image = fd_chart_render_to_image (model, &style, NULL, 320, 160);
          g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
          /* Something other than the background was drawn. */
          {
            guint drawn = 0;

            for (int y = 0; y < 160; y++)
              for (int x = 0; x < 320; x++)
                drawn += pixel_at (image, x, y) != 0xffffffff;
            g_test_message ("kind %u case %u", kind, c);
            g_assert_cmpuint (drawn, >, 0);
          }
          fd_chart_hit_test (model, &style, NULL, 320, 160, 160, 80, &hit);
          cairo_surface_destroy (image);
        }
    }
}

static void
test_hit_test_line (void)
{
  g_autoptr(FdChartModel) model = fd_chart_model_new (FD_CHART_KIND_LINE);
  const double x[] = { 0, 10, 20, 30 };
  const double a[] = { 1, 2, 3, 4 };
  const double b[] = { 10, 10, 10, 10 };
  FdChartStyle style;
  FdChartLayout layout;
  FdChartHit hit;

  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_LINEAR);
  fd_chart_model_add_series (model, "a", FD_CHART_COLOR_AUTO, x, a, 4);
  fd_chart_model_add_series (model, "b", FD_CHART_COLOR_AUTO, x, b, 4);
  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  fd_chart_layout_compute (&layout, model, &style, NULL, 400, 300, NULL);

  g_assert_true (fd_chart_hit_test_layout (model, &layout,
                                           fd_chart_scale_map (&layout.x_scale, 20) + 3,
                                           fd_chart_scale_map (&layout.y_scale, 3) - 2, &hit));
  g_assert_cmpint (hit.kind, ==, FD_CHART_HIT_ITEM);
  g_assert_cmpuint (hit.series, ==, 0);
  g_assert_cmpuint (hit.index, ==, 2);
  g_assert_cmpfloat (hit.value, ==, 3);
  g_assert_cmpfloat (hit.x_from, ==, 20);

  /* Near the top line: series b, nearest x. */
  g_assert_true (fd_chart_hit_test_layout (model, &layout,
                                           fd_chart_scale_map (&layout.x_scale, 8),
                                           fd_chart_scale_map (&layout.y_scale, 10), &hit));
  g_assert_cmpuint (hit.series, ==, 1);
  g_assert_cmpuint (hit.index, ==, 1);

  /* Outside the plot. */
  g_assert_false (fd_chart_hit_test_layout (model, &layout, 1, 1, &hit));

  /* The legend: clicking the first entry hits series 0. */
  g_assert_cmpuint (layout.n_legend, ==, 2);
  g_assert_true (fd_chart_hit_test_layout (model, &layout, layout.legend[1].x + 2,
                                           layout.legend[1].y + 2, &hit));
  g_assert_cmpint (hit.kind, ==, FD_CHART_HIT_LEGEND);
  g_assert_cmpuint (hit.series, ==, 1);
  fd_chart_layout_clear (&layout);
}

static void
test_hit_test_bars (void)
{
  g_autoptr(FdChartModel) model = fd_chart_model_new (FD_CHART_KIND_STACKED_BARS);
  const double x[] = { 86400 * 10, 86400 * 11, 86400 * 12 };
  const double ok[] = { 10, 20, 5 };
  const double failed[] = { 10, 10, 0 };
  FdChartStyle style;
  FdChartView view;
  FdChartLayout layout;
  FdChartHit hit;
  double range_from, range_to;

  fd_chart_model_set_bucket_width (model, 86400);
  fd_chart_model_add_series (model, "success", FD_CHART_COLOR_SUCCESS, x, ok, 3);
  fd_chart_model_add_series (model, "failed", FD_CHART_COLOR_FAILED, x, failed, 3);
  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  fd_chart_layout_compute (&layout, model, &style, NULL, 400, 300, NULL);

  /* Bar 1, in the failed segment (20..30). */
  g_assert_true (fd_chart_hit_test_layout (model, &layout, fd_chart_scale_map (&layout.x_scale, 1.5),
                                           fd_chart_scale_map (&layout.y_scale, 25), &hit));
  g_assert_cmpuint (hit.index, ==, 1);
  g_assert_cmpuint (hit.series, ==, 1);
  g_assert_cmpfloat (hit.value, ==, 10);
  g_assert_cmpfloat (hit.x_from, ==, 86400 * 11);
  g_assert_cmpfloat (hit.x_to, ==, 86400 * 12);

  /* Bar 0, in the success segment. */
  g_assert_true (fd_chart_hit_test_layout (model, &layout, fd_chart_scale_map (&layout.x_scale, 0.5),
                                           fd_chart_scale_map (&layout.y_scale, 5), &hit));
  g_assert_cmpuint (hit.index, ==, 0);
  g_assert_cmpuint (hit.series, ==, 0);

  /* A drag over bars 1 and 2 zooms to their buckets. */
  g_assert_true (fd_chart_view_range_at (model, &layout, fd_chart_scale_map (&layout.x_scale, 1.2),
                                         fd_chart_scale_map (&layout.x_scale, 2.8), &range_from, &range_to));
  g_assert_cmpfloat (range_from, ==, 86400 * 11);
  g_assert_cmpfloat (range_to, ==, 86400 * 13);
  fd_chart_layout_clear (&layout);

  fd_chart_view_init (&view);
  view.view_min = range_from;
  view.view_max = range_to;
  fd_chart_layout_compute (&layout, model, &style, &view, 400, 300, NULL);
  g_assert_cmpuint (layout.first, ==, 1);
  g_assert_cmpuint (layout.last, ==, 3);
  fd_chart_layout_clear (&layout);
}

static void
test_hit_test_donut (void)
{
  g_autoptr(FdChartModel) model = fd_chart_model_new (FD_CHART_KIND_DONUT);
  const double y[] = { 1, 1, 2 };
  const char *labels[] = { "critical", "high", "info", NULL };
  FdChartStyle style;
  FdChartLayout layout;
  FdChartHit hit;
  double r;

  fd_chart_model_set_categories (model, labels, NULL);
  fd_chart_model_add_series (model, "alerts", FD_CHART_COLOR_AUTO, NULL, y, 3);
  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  fd_chart_layout_compute (&layout, model, &style, NULL, 300, 300, NULL);
  r = (layout.radius + layout.inner_radius) / 2;

  /* Clockwise from twelve o'clock: right is the first quarter, below the second, left the half. */
  g_assert_true (fd_chart_hit_test_layout (model, &layout, layout.cx + r * 0.7, layout.cy - r * 0.7, &hit));
  g_assert_cmpuint (hit.index, ==, 0);
  g_assert_true (fd_chart_hit_test_layout (model, &layout, layout.cx + r * 0.7, layout.cy + r * 0.7, &hit));
  g_assert_cmpuint (hit.index, ==, 1);
  g_assert_true (fd_chart_hit_test_layout (model, &layout, layout.cx - r, layout.cy, &hit));
  g_assert_cmpuint (hit.index, ==, 2);
  g_assert_cmpfloat (hit.value, ==, 2);
  /* The hole is not a slice. */
  g_assert_false (fd_chart_hit_test_layout (model, &layout, layout.cx, layout.cy, &hit));
  fd_chart_layout_clear (&layout);
}

static void
test_export_formats (void)
{
  g_autoptr(FdChartModel) model = bar_model ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-chart-export-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "chart.png", NULL);
  g_autofree char *contents = NULL;
  FdChartExportFormat format;
  FdChartStyle style;
  cairo_surface_t *read;
  gsize len;

  g_assert_no_error (error);
  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  style.draw_title = TRUE;
  fd_chart_model_set_title (model, "Runs");

  g_assert_true (fd_chart_export_format_from_path (png, &format));
  g_assert_cmpint (format, ==, FD_CHART_EXPORT_PNG);
  g_assert_true (fd_chart_export_format_from_path ("X.PDF", &format));
  g_assert_cmpint (format, ==, FD_CHART_EXPORT_PDF);
  g_assert_false (fd_chart_export_format_from_path ("x.jpg", &format));

  g_assert_true (fd_chart_export (model, &style, NULL, FD_CHART_EXPORT_PNG, png, 640, 360, &error));
  g_assert_no_error (error);
  read = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (read), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (read), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (read), ==, 360);
  cairo_surface_destroy (read);

  g_assert_true (fd_chart_export (model, &style, NULL, FD_CHART_EXPORT_SVG, svg, 640, 360, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, &len, &error));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_cmpuint (len, >, 1000);
  g_clear_pointer (&contents, g_free);

  g_assert_true (fd_chart_export (model, &style, NULL, FD_CHART_EXPORT_PDF, pdf, 640, 360, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (len, >, 1000);

  /* A failure reports an error and leaves nothing behind. */
  g_assert_false (fd_chart_export (model, &style, NULL, FD_CHART_EXPORT_PNG, bad, 640, 360, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_false (fd_chart_export (model, &style, NULL, FD_CHART_EXPORT_PNG, png, 0, 360, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_model_properties (void)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_LINE);
  struct {
    const char *name;
    GValue first;
  } props[7] = { { 0 } };
  const char *names[] = { "kind", "title", "summary", "unit", "x-axis", "y-format", "bucket-width" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *signal = g_strdup_printf ("notify::%s", names[i]);
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (model), names[i]);
      g_auto(GValue) value = G_VALUE_INIT;
      guint count = 0;
      gulong id;

      g_assert_nonnull (pspec);
      g_value_init (&value, pspec->value_type);
      if (G_IS_PARAM_SPEC_ENUM (pspec))
        g_value_set_enum (&value, 2);
      else if (G_IS_PARAM_SPEC_STRING (pspec))
        g_value_set_string (&value, "Some text");
      else
        g_value_set_double (&value, 3600);

      id = g_signal_connect (model, signal, G_CALLBACK (notify_cb), &count);
      g_object_set_property (G_OBJECT (model), names[i], &value);
      g_assert_cmpuint (count, ==, 1);
      /* The same value again: no notification. */
      g_object_set_property (G_OBJECT (model), names[i], &value);
      g_assert_cmpuint (count, ==, 1);
      {
        g_auto(GValue) got = G_VALUE_INIT;

        g_value_init (&got, pspec->value_type);
        g_object_get_property (G_OBJECT (model), names[i], &got);
        g_assert_cmpint (g_param_values_cmp (pspec, &got, &value), ==, 0);
      }
      g_signal_handler_disconnect (model, id);
    }
  (void) props;

  g_assert_cmpint (fd_chart_model_get_kind (model), ==, FD_CHART_KIND_STACKED_BARS);
  g_assert_cmpstr (fd_chart_model_get_title (model), ==, "Some text");
  g_assert_cmpfloat (fd_chart_model_get_bucket_width (model), ==, 3600);
  g_assert_finalize_object (model);
}

static void
changed_cb (FdChartModel *model,
            guint        *count)
{
  (*count)++;
}

static void
test_model_series (void)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_LINE);
  const double y[] = { 1, 2, 3 };
  guint changes = 0;
  guint64 generation;

  g_signal_connect (model, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_true (fd_chart_model_is_empty (model));
  g_assert_cmpuint (fd_chart_model_add_series (model, "a", FD_CHART_COLOR_AUTO, NULL, y, 3), ==, 0);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_false (fd_chart_model_is_empty (model));
  g_assert_cmpfloat (fd_chart_model_get_series (model, 0)->x[2], ==, 2);

  generation = fd_chart_model_get_generation (model);
  fd_chart_model_set_series_visible (model, 0, FALSE);
  g_assert_false (fd_chart_model_get_series_visible (model, 0));
  g_assert_cmpuint (fd_chart_model_get_generation (model), >, generation);
  g_assert_cmpuint (changes, ==, 2);
  fd_chart_model_set_series_visible (model, 0, FALSE);
  g_assert_cmpuint (changes, ==, 2);

  fd_chart_model_add_marker (model, 1.5, "25 %");
  g_assert_cmpuint (fd_chart_model_get_n_markers (model), ==, 1);
  g_assert_cmpstr (fd_chart_model_get_marker (model, 0)->label, ==, "25 %");

  fd_chart_model_clear (model);
  g_assert_cmpuint (fd_chart_model_get_n_series (model), ==, 0);
  g_assert_cmpuint (fd_chart_model_get_n_markers (model), ==, 0);
  g_assert_finalize_object (model);
}

static void
test_model_draw_points_cached (void)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_LINE);
  const gsize n = 100000;
  double *x = g_new (double, n);
  double *y = g_new (double, n);
  const double *dx1, *dy1, *dx2, *dy2;
  gsize n1, n2;

  for (gsize i = 0; i < n; i++)
    x[i] = i, y[i] = i % 100;
  fd_chart_model_add_series_take (model, "big", FD_CHART_COLOR_AUTO, x, y, n);

  n1 = fd_chart_model_get_draw_points (model, 0, 0, n, 500, &dx1, &dy1);
  g_assert_cmpuint (n1, <=, 2 * 500 + 2);
  /* Same range and width: the cached arrays come back. */
  n2 = fd_chart_model_get_draw_points (model, 0, 0, n, 500, &dx2, &dy2);
  g_assert_true (dx1 == dx2);
  g_assert_cmpuint (n1, ==, n2);

  /* Few points in range: the raw points, no copy. */
  n2 = fd_chart_model_get_draw_points (model, 0, 10, 20, 500, &dx2, &dy2);
  g_assert_true (dx2 >= x && dx2 < x + n);
  g_assert_cmpuint (n2, ==, 12);
  g_assert_finalize_object (model);
}

static void
test_model_describe (void)
{
  g_autoptr(FdChartModel) model = fd_chart_model_new (FD_CHART_KIND_LINE);
  g_autoptr(FdChartModel) bars = bar_model ();
  g_autoptr(FdChartModel) donut = fd_chart_model_new (FD_CHART_KIND_DONUT);
  /* Monday 2026-11-16 .. Sunday 2026-11-22, UTC (the test env sets TZ=UTC). */
  double x[7];
  const double y[] = { 0.95, 0.81, 0.97, 0.99, 0.96, 0.98, 0.97 };
  const double slices[] = { 1, 3 };
  const char *labels[] = { "critical", "info", NULL };
  g_autofree char *text = NULL;

  for (guint i = 0; i < 7; i++)
    x[i] = 1795305600.0 - 6 * 86400.0 + i * 86400.0;
  fd_chart_model_set_title (model, "Success rate");
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_bucket_width (model, 86400);
  fd_chart_model_set_summary (model, "Success rate 94.1 %, 1,204 runs in the last 7 days");
  fd_chart_model_add_series (model, "Success rate", FD_CHART_COLOR_SUCCESS, x, y, 7);
  text = fd_chart_model_describe (model);
  g_assert_true (g_str_has_prefix (text, "Success rate 94.1 %, 1,204 runs in the last 7 days. "));
  g_assert_nonnull (strstr (text, "lowest 81.0 % at Tuesday 17 Nov"));
  g_assert_nonnull (strstr (text, "highest 99.0 % at Thursday 19 Nov"));
  g_assert_nonnull (strstr (text, "latest 97.0 %"));
  g_clear_pointer (&text, g_free);

  text = fd_chart_model_describe_item (model, 0, 1);
  g_assert_cmpstr (text, ==, "Tuesday 17 Nov\nSuccess rate: 81.0 %");
  g_clear_pointer (&text, g_free);

  fd_chart_model_set_unit (bars, "runs");
  fd_chart_model_set_y_format (bars, FD_CHART_FORMAT_COUNT);
  text = fd_chart_model_describe (bars);
  g_assert_cmpstr (text, ==, "35 runs in 3 buckets; highest b with 20.");
  g_clear_pointer (&text, g_free);
  text = fd_chart_model_describe_item (bars, 0, 2);
  g_assert_cmpstr (text, ==, "c\nsuccess: 5");
  g_clear_pointer (&text, g_free);

  fd_chart_model_set_categories (donut, labels, NULL);
  fd_chart_model_add_series (donut, "alerts", FD_CHART_COLOR_AUTO, NULL, slices, 2);
  text = fd_chart_model_describe (donut);
  g_assert_cmpstr (text, ==, "critical 1 (25.0 %), info 3 (75.0 %).");
}


/* Connected swapped: the counter comes first, the signal's arguments are ignored. */
static void
count_cb (guint *count)
{
  (*count)++;
}

static FdChartModel *
latency_model (double       shift,
               const char  *second)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_LINE);
  double x[10], a[10], b[10];
  const char *labels[] = { "one", "two", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    {
      x[i] = 1000 + 60 * (i + shift);
      a[i] = i + shift;
      b[i] = 2 * (i + shift);
    }
  fd_chart_model_set_title (model, "Latency");
  fd_chart_model_add_series (model, "p50", FD_CHART_COLOR_AUTO, x, a, G_N_ELEMENTS (x));
  fd_chart_model_add_series (model, second, FD_CHART_COLOR_AUTO, x, b, G_N_ELEMENTS (x));
  fd_chart_model_set_band (model, 0, a, b);
  fd_chart_model_set_categories (model, labels, NULL);
  fd_chart_model_add_marker (model, 1100 + shift, "25 %");
  return model;
}

static void
test_model_update (void)
{
  g_autoptr(FdChartModel) model = latency_model (0, "p95");
  FdChartModel *next = latency_model (1, "p95");
  FdChartModel *before = model;
  const FdChartSeries *s;
  const double *shared_x;
  guint changed = 0, titles = 0, units = 0;
  guint64 generation = fd_chart_model_get_generation (model);

  g_assert_true (fd_chart_model_same_chart (model, next));
  fd_chart_model_set_series_visible (model, 1, FALSE);
  fd_chart_model_set_unit (next, "ms");
  g_signal_connect_swapped (model, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect_swapped (model, "notify::title", G_CALLBACK (count_cb), &titles);
  g_signal_connect_swapped (model, "notify::unit", G_CALLBACK (count_cb), &units);

  fd_chart_model_update (model, next);

  /* One "changed", the one property that changed notified, the same object. */
  g_assert_true (model == before);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (titles, ==, 0);
  g_assert_cmpuint (units, ==, 1);
  g_assert_cmpstr (fd_chart_model_get_unit (model), ==, "ms");
  g_assert_cmpuint (fd_chart_model_get_generation (model), >, generation);

  /* The arrays are shared with the source, not copied. */
  s = fd_chart_model_get_series (model, 0);
  shared_x = s->x;
  g_assert_true (shared_x == fd_chart_model_get_series (next, 0)->x);
  g_assert_cmpuint (s->n, ==, 10);
  g_assert_cmpfloat (s->x[0], ==, 1060);
  g_assert_cmpfloat (s->y[9], ==, 10);
  g_assert_cmpfloat (s->high[9], ==, 20);
  /* The hidden series stays hidden by its name. */
  g_assert_true (fd_chart_model_get_series_visible (model, 0));
  g_assert_false (fd_chart_model_get_series_visible (model, 1));
  g_assert_cmpstr (fd_chart_model_get_category (model, 1), ==, "two");
  g_assert_cmpuint (fd_chart_model_get_n_markers (model), ==, 1);
  g_assert_cmpfloat (fd_chart_model_get_marker (model, 0)->x, ==, 1101);
  g_assert_cmpstr (fd_chart_model_get_marker (model, 0)->label, ==, "25 %");

  /* The data outlives the source. */
  g_assert_finalize_object (next);
  s = fd_chart_model_get_series (model, 0);
  g_assert_true (s->x == shared_x);
  g_assert_cmpfloat (s->x[9], ==, 1600);

  /* A series of a new name takes the source's visibility; a shorter source
   * drops the rest. */
  next = latency_model (2, "p99");
  fd_chart_model_update (model, next);
  g_assert_true (fd_chart_model_get_series_visible (model, 1));
  g_assert_cmpstr (fd_chart_model_get_series (model, 1)->name, ==, "p99");
  g_object_unref (next);

  next = fd_chart_model_new (FD_CHART_KIND_LINE);
  fd_chart_model_set_title (next, "Latency");
  fd_chart_model_update (model, next);
  g_assert_cmpuint (fd_chart_model_get_n_series (model), ==, 0);
  g_assert_cmpuint (fd_chart_model_get_n_markers (model), ==, 0);
  g_assert_true (fd_chart_model_is_empty (model));
  g_assert_cmpuint (changed, ==, 3);

  /* Another title or kind is another chart. */
  fd_chart_model_set_title (next, "Errors");
  g_assert_false (fd_chart_model_same_chart (model, next));
  fd_chart_model_set_title (next, "Latency");
  fd_chart_model_set_kind (next, FD_CHART_KIND_AREA);
  g_assert_false (fd_chart_model_same_chart (model, next));
  g_object_unref (next);
}

static void
test_overlay (void)
{
  g_autoptr(FdChartModel) model = latency_model (0, "p95");
  const FdPalette *palette = fd_palette_get (FD_PALETTE_LIGHT);
  FdChartStyle style;
  FdChartView view;
  FdChartLayout layout;
  FdChartOverlay overlay;
  cairo_surface_t *plain, *hover;
  int cx, cy, plot_left;
  guint32 under, drawn;

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  fd_chart_view_init (&view);
  g_assert_true (fd_chart_view_is_default (&view));
  fd_chart_layout_compute (&layout, model, &style, &view, 400, 200, NULL);

  /* Nothing under an untouched view. */
  fd_chart_overlay_compute (model, &layout, &style, &view, &overlay);
  g_assert_false (overlay.has_crosshair);
  g_assert_false (overlay.has_band);

  /* A crosshair on the device pixel grid, one device pixel wide, over the plot. */
  style.scale = 2;
  view.crosshair_x = layout.plot.x + 100.3;
  fd_chart_overlay_compute (model, &layout, &style, &view, &overlay);
  g_assert_true (overlay.has_crosshair);
  g_assert_cmpfloat_with_epsilon (overlay.crosshair.x, round ((layout.plot.x + 100.3) * 2) / 2, 1e-9);
  g_assert_cmpfloat (overlay.crosshair.width, ==, 0.5);
  g_assert_cmpfloat (overlay.crosshair.y, ==, layout.plot.y);
  g_assert_cmpfloat (overlay.crosshair.height, ==, layout.plot.height);
  /* Outside the plot, none. */
  view.crosshair_x = layout.plot.x - 3;
  fd_chart_overlay_compute (model, &layout, &style, &view, &overlay);
  g_assert_false (overlay.has_crosshair);

  /* The drag band is clamped to the plot. */
  view.selection_from = layout.plot.x + 50;
  view.selection_to = -100;
  fd_chart_overlay_compute (model, &layout, &style, &view, &overlay);
  g_assert_true (overlay.has_band);
  g_assert_cmpfloat (overlay.band.x, ==, layout.plot.x);
  g_assert_cmpfloat (overlay.band.width, ==, 50);
  g_assert_false (fd_chart_view_is_default (&view));

  /* Drawn: the crosshair column is the foreground at half strength over
   * whatever the body has there; the next column is untouched. */
  style.scale = 1;
  fd_chart_view_init (&view);
  plain = fd_chart_render_to_image (model, &style, &view, 400, 200);
  plot_left = (int) ceil (layout.plot.x);
  cx = plot_left + 37;
  cy = (int) (layout.plot.y + layout.plot.height / 2);
  view.crosshair_x = cx + 0.2;
  hover = fd_chart_render_to_image (model, &style, &view, 400, 200);
  under = pixel_at (plain, cx, cy);
  drawn = pixel_at (hover, cx, cy);
  for (int shift = 0; shift < 24; shift += 8)
    {
      double u = (under >> shift) & 0xff;
      double f = palette->foreground.red * 255;

      if (shift == 8)
        f = palette->foreground.green * 255;
      else if (shift == 0)
        f = palette->foreground.blue * 255;
      g_assert_cmpfloat (fabs (((drawn >> shift) & 0xff) - (u + (f - u) * 0.5 * palette->foreground.alpha)),
                         <=, 1.5);
    }
  g_assert_cmphex (drawn, !=, under);
  g_assert_cmphex (pixel_at (hover, cx + 1, cy), ==, pixel_at (plain, cx + 1, cy));
  g_assert_cmphex (pixel_at (hover, cx - 1, cy), ==, pixel_at (plain, cx - 1, cy));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (hover);
  fd_chart_layout_clear (&layout);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/chart-render/bar-pixels", test_render_bar_pixels);
  g_test_add_func ("/flightdeck/chart-render/hidpi", test_render_hidpi);
  g_test_add_func ("/flightdeck/chart-render/text-scaling", test_render_text_scaling);
  g_test_add_func ("/flightdeck/chart-render/dark", test_render_dark);
  g_test_add_func ("/flightdeck/chart-render/empty", test_render_empty);
  g_test_add_func ("/flightdeck/chart-render/degenerate-data", test_render_degenerate_data);
  g_test_add_func ("/flightdeck/chart-render/hit-test-line", test_hit_test_line);
  g_test_add_func ("/flightdeck/chart-render/hit-test-bars", test_hit_test_bars);
  g_test_add_func ("/flightdeck/chart-render/hit-test-donut", test_hit_test_donut);
  g_test_add_func ("/flightdeck/chart-render/export", test_export_formats);
  g_test_add_func ("/flightdeck/chart-model/properties", test_model_properties);
  g_test_add_func ("/flightdeck/chart-model/series", test_model_series);
  g_test_add_func ("/flightdeck/chart-model/draw-points-cached", test_model_draw_points_cached);
  g_test_add_func ("/flightdeck/chart-model/describe", test_model_describe);
  g_test_add_func ("/flightdeck/chart-model/update", test_model_update);
  g_test_add_func ("/flightdeck/chart-render/overlay", test_overlay);

  return g_test_run ();
}
