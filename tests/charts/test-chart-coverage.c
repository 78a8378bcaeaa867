/* test-chart-coverage.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The coverage mask that fills dense lines and thin bars on raster targets:
 * which pixels it covers and paints, where it refuses to work (vector
 * targets, transforms it cannot match), and that charts drawn through it
 * have the pixels of the same charts drawn as paths. */

#define G_LOG_DOMAIN "test-chart-coverage"

#include "config.h"

#include "fd-chart-coverage.h"
#include "fd-chart-model.h"
#include "fd-chart-render.h"
#include "fd-palette.h"

#include <cairo-pdf.h>
#include <math.h>

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data;
  int stride;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  return *(const guint32 *) (data + y * stride + x * 4);
}

static cairo_surface_t *
white_image (int width,
             int height)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  return image;
}

static void
test_coverage_spans (void)
{
  cairo_surface_t *image = white_image (100, 60);
  cairo_t *cr = cairo_create (image);
  g_autoptr(FdChartCoverage) coverage = fd_chart_coverage_new (cr, 10, 5, 80, 40, 1);

  g_assert_nonnull (coverage);
  g_assert_cmpint (fd_chart_coverage_get_columns (coverage), ==, 80);
  g_assert_cmpint (fd_chart_coverage_get_rows (coverage), ==, 40);
  g_assert_cmpint (fd_chart_coverage_column_at (coverage, 10), ==, 0);
  g_assert_cmpint (fd_chart_coverage_column_at (coverage, 13.7), ==, 3);
  g_assert_cmpint (fd_chart_coverage_column_at (coverage, 9.5), ==, -1);
  g_assert_cmpint (fd_chart_coverage_row_at (coverage, 5), ==, 0);
  g_assert_cmpint (fd_chart_coverage_row_at (coverage, 7.4), ==, 2);
  g_assert_cmpint (fd_chart_coverage_row_at (coverage, INFINITY), >, 40);

  fd_chart_coverage_add_span (coverage, 3, 2, 6);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 1), ==, 0);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 2), ==, 255);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 5), ==, 255);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 6), ==, 0);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 4, 3), ==, 0);

  /* A second span on the column covers both and what lies between. */
  fd_chart_coverage_add_span (coverage, 3, 10, 12);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 8), ==, 255);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 11), ==, 255);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 12), ==, 0);

  /* Outside the mask: cut off, never written. */
  fd_chart_coverage_add_span (coverage, -1, 0, 10);
  fd_chart_coverage_add_span (coverage, 80, 0, 10);
  fd_chart_coverage_add_span (coverage, 79, -20, 1000);
  fd_chart_coverage_add_span (coverage, 70, 8, 8);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 79, 0), ==, 255);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 79, 39), ==, 255);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 70, 8), ==, 0);

  /* Filling paints exactly the covered pixels, then the mask is empty. */
  fd_chart_coverage_fill (coverage, 1, 0, 0, 1);
  g_assert_cmphex (pixel_at (image, 13, 7), ==, 0xffff0000);
  g_assert_cmphex (pixel_at (image, 13, 16), ==, 0xffff0000);
  g_assert_cmphex (pixel_at (image, 13, 6), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (image, 13, 17), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (image, 14, 10), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (image, 89, 5), ==, 0xffff0000);
  g_assert_cmphex (pixel_at (image, 89, 44), ==, 0xffff0000);
  g_assert_cmphex (pixel_at (image, 89, 45), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (image, 9, 10), ==, 0xffffffff);
  g_assert_cmpuint (fd_chart_coverage_get (coverage, 3, 8), ==, 0);

  /* Half transparent blue over white. */
  fd_chart_coverage_add_span (coverage, 40, 0, 1);
  fd_chart_coverage_fill (coverage, 0, 0, 1, 0.5);
  g_assert_cmphex (pixel_at (image, 50, 5) & 0xff, ==, 0xff);
  g_assert_cmpuint ((pixel_at (image, 50, 5) >> 16) & 0xff, >=, 0x7e);
  g_assert_cmpuint ((pixel_at (image, 50, 5) >> 16) & 0xff, <=, 0x81);

  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

static void
test_coverage_layer (void)
{
  cairo_surface_t *image = white_image (64, 32);
  cairo_t *cr = cairo_create (image);
  g_autoptr(FdChartCoverage) coverage = fd_chart_coverage_new (cr, 0, 0, 64, 32, 1);

  /* Red in columns 2..5, then green over columns 4..7: green wins where
   * both are, as if painted in that order, and white stays elsewhere. */
  for (int c = 2; c < 6; c++)
    fd_chart_coverage_add_span (coverage, c, 10, 20);
  fd_chart_coverage_add_to_layer (coverage, 1, 0, 0);
  for (int c = 4; c < 8; c++)
    fd_chart_coverage_add_span (coverage, c, 15, 30);
  fd_chart_coverage_add_to_layer (coverage, 0, 1, 0);
  /* Nothing reaches the target before the layer is painted. */
  g_assert_cmphex (pixel_at (image, 3, 12), ==, 0xffffffff);
  fd_chart_coverage_paint_layer (coverage);

  g_assert_cmphex (pixel_at (image, 3, 12), ==, 0xffff0000);
  g_assert_cmphex (pixel_at (image, 4, 12), ==, 0xffff0000);
  g_assert_cmphex (pixel_at (image, 4, 16), ==, 0xff00ff00);
  g_assert_cmphex (pixel_at (image, 7, 29), ==, 0xff00ff00);
  g_assert_cmphex (pixel_at (image, 7, 30), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (image, 3, 9), ==, 0xffffffff);
  g_assert_cmphex (pixel_at (image, 8, 20), ==, 0xffffffff);

  /* Used again, the layer starts empty: only the new shape is painted. */
  fd_chart_coverage_add_span (coverage, 40, 0, 2);
  fd_chart_coverage_add_to_layer (coverage, 0, 0, 1);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  fd_chart_coverage_paint_layer (coverage);
  g_assert_cmphex (pixel_at (image, 40, 1), ==, 0xff0000ff);
  g_assert_cmphex (pixel_at (image, 3, 12), ==, 0xffffffff);

  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static void
test_coverage_targets (void)
{
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (discard, NULL, 200, 100);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 100);
  cairo_surface_t *hidpi = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr;
  FdChartCoverage *coverage;

  /* A PDF keeps its paths. */
  cr = cairo_create (pdf);
  g_assert_null (fd_chart_coverage_new (cr, 0, 0, 100, 50, 1));
  cairo_destroy (cr);

  /* An image at the chart's scale, not at another or turned. */
  cr = cairo_create (image);
  coverage = fd_chart_coverage_new (cr, 0, 0, 100, 50, 1);
  g_assert_nonnull (coverage);
  fd_chart_coverage_free (coverage);
  g_assert_null (fd_chart_coverage_new (cr, 0, 0, 100, 50, 2));
  cairo_rotate (cr, 0.3);
  g_assert_null (fd_chart_coverage_new (cr, 0, 0, 100, 50, 1));
  cairo_destroy (cr);

  /* HiDPI through the surface's device scale: twice the columns. */
  cairo_surface_set_device_scale (hidpi, 2, 2);
  cr = cairo_create (hidpi);
  coverage = fd_chart_coverage_new (cr, 0, 0, 100, 50, 2);
  g_assert_nonnull (coverage);
  g_assert_cmpint (fd_chart_coverage_get_columns (coverage), ==, 200);
  g_assert_cmpint (fd_chart_coverage_column_at (coverage, 10.5), ==, 21);
  fd_chart_coverage_add_span (coverage, 21, 4, 6);
  fd_chart_coverage_fill (coverage, 0, 0, 0, 1);
  g_assert_cmphex (pixel_at (hidpi, 21, 4), ==, 0xff000000);
  g_assert_cmphex (pixel_at (hidpi, 21, 5), ==, 0xff000000);
  g_assert_cmphex (pixel_at (hidpi, 20, 5), ==, 0);
  g_assert_cmphex (pixel_at (hidpi, 21, 6), ==, 0);
  fd_chart_coverage_free (coverage);
  cairo_destroy (cr);

  /* What GTK draws on: a recording surface, replayed later. */
  cr = cairo_create (recording);
  coverage = fd_chart_coverage_new (cr, 0, 0, 100, 50, 1);
  g_assert_nonnull (coverage);
  fd_chart_coverage_add_span (coverage, 7, 0, 3);
  fd_chart_coverage_fill (coverage, 0, 0, 1, 1);
  /* The mask is reused after the recording took it: the replay must still
   * show the first shape. */
  fd_chart_coverage_add_span (coverage, 9, 0, 3);
  fd_chart_coverage_add_to_layer (coverage, 1, 0, 0);
  fd_chart_coverage_paint_layer (coverage);
  fd_chart_coverage_free (coverage);
  cairo_destroy (cr);
  cr = cairo_create (image);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmphex (pixel_at (image, 7, 2), ==, 0xff0000ff);
  g_assert_cmphex (pixel_at (image, 9, 2), ==, 0xffff0000);
  g_assert_cmphex (pixel_at (image, 8, 2), ==, 0);

  cairo_surface_destroy (recording);
  cairo_surface_destroy (hidpi);
  cairo_surface_destroy (image);
  cairo_surface_destroy (pdf);
}

/* A chart dense enough to take the coverage path: @n points per series. */
static FdChartModel *
dense_model (FdChartKind kind,
             guint       n_series,
             gsize       n)
{
  FdChartModel *model = fd_chart_model_new (kind);

  fd_chart_model_set_bucket_width (model, 60);
  for (guint s = 0; s < n_series; s++)
    {
      double *x = g_new (double, n);
      double *y = g_new (double, n);
      g_autofree char *name = g_strdup_printf ("series %u", s);

      for (gsize i = 0; i < n; i++)
        {
          x[i] = 1.7e9 + i * 60.0;
          y[i] = 40 + 25 * sin (i * 0.05 + s) + (i * 7919 % 13);
          /* Gaps, one of which leaves a lone point to be drawn as a dot. */
          if (i % 97 == 10 || i % 97 == 12 || (i % 211 >= 100 && i % 211 < 104))
            y[i] = NAN;
        }
      fd_chart_model_add_series_take (model, name, FD_CHART_COLOR_AUTO, x, y, n);
    }
  return model;
}

/* Pixels whose channels differ by more than @tolerance. */
static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b,
                   int              tolerance)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = pixel_at (a, x, y), q = pixel_at (b, x, y);

        for (int shift = 0; shift < 32; shift += 8)
          if (abs ((int) ((p >> shift) & 0xff) - (int) ((q >> shift) & 0xff)) > tolerance)
            {
              n++;
              break;
            }
      }
  return n;
}

static void
test_coverage_matches_paths (void)
{
  static const struct { FdChartKind kind; guint n_series; gsize n; } cases[] = {
    { FD_CHART_KIND_LINE, 2, 900 },
    { FD_CHART_KIND_AREA, 2, 900 },
    { FD_CHART_KIND_CANARY, 2, 5000 },
    { FD_CHART_KIND_STACKED_BARS, 3, 400 },
    { FD_CHART_KIND_GROUPED_BARS, 3, 300 },
    { FD_CHART_KIND_HISTOGRAM, 1, 700 },
  };

  for (guint scale = 1; scale <= 2; scale++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(FdChartModel) model = dense_model (cases[i].kind, cases[i].n_series, cases[i].n);
        cairo_surface_t *masked = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640 * scale, 240 * scale);
        cairo_surface_t *paths = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640 * scale, 240 * scale);
        cairo_surface_t *replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640 * scale, 240 * scale);
        cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
        g_autofree char *kind = NULL;
        FdChartStyle style;
        cairo_t *cr;
        guint differ, total = 640 * 240 * scale * scale;

        fd_chart_style_init (&style, FD_PALETTE_LIGHT);
        style.scale = scale;
        cairo_surface_set_device_scale (masked, scale, scale);
        cairo_surface_set_device_scale (paths, scale, scale);
        cairo_surface_set_device_scale (replayed, scale, scale);

        cr = cairo_create (masked);
        fd_chart_render (cr, 640, 240, model, &style, NULL);
        cairo_destroy (cr);

        /* GTK's way: record in logical units, replay at the scale. */
        cr = cairo_create (recording);
        fd_chart_render (cr, 640, 240, model, &style, NULL);
        cairo_destroy (cr);
        cr = cairo_create (replayed);
        cairo_set_source_surface (cr, recording, 0, 0);
        cairo_paint (cr);
        cairo_destroy (cr);

        style.paths_only = TRUE;
        cr = cairo_create (paths);
        fd_chart_render (cr, 640, 240, model, &style, NULL);
        cairo_destroy (cr);

        /* The same pixels, up to the rounding of blending (areas blend
         * their fill at a quarter opacity either way). */
        differ = count_differences (masked, paths, 3);
        kind = g_enum_to_string (FD_TYPE_CHART_KIND, cases[i].kind);
        g_test_message ("%s at scale %u: %u of %u pixels differ from the paths", kind, scale, differ,
                        total);
        g_assert_cmpuint (differ, <=, total / 1000);
        /* Through a recording surface, as GTK draws: the same, but for the
         * rounding of anti-aliased edges replayed at the scale. */
        differ = count_differences (masked, replayed, 3);
        g_assert_cmpuint (differ, <=, total / 1000);

        cairo_surface_destroy (recording);
        cairo_surface_destroy (replayed);
        cairo_surface_destroy (paths);
        cairo_surface_destroy (masked);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/chart-coverage/spans", test_coverage_spans);
  g_test_add_func ("/flightdeck/chart-coverage/layer", test_coverage_layer);
  g_test_add_func ("/flightdeck/chart-coverage/targets", test_coverage_targets);
  g_test_add_func ("/flightdeck/chart-coverage/matches-paths", test_coverage_matches_paths);

  return g_test_run ();
}
