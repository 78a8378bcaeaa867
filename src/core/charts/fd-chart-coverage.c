/* fd-chart-coverage.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A coverage mask on the device pixel grid, for shapes made of many thin
 * pixel columns: a dense line drawn as one span per column, hundreds of
 * bars a pixel or two wide. Cairo turns such a path into thousands of
 * edges or boxes that it sorts and sweeps, then fills each box row by row;
 * keeping one span per column, writing the A8 mask row by row from them
 * and compositing it once costs a fraction of that and gives the same
 * pixels, since every span already sits on device pixel edges.
 *
 * Only raster targets get a mask (image surfaces, and the recording
 * surfaces GTK replays onto one) and only when user units map onto device
 * pixels by the chart's own scale: a PDF or SVG keeps its vector paths, and
 * a rotated or oddly scaled context gets none (fd_chart_coverage_new()
 * returns %NULL and the caller draws paths). */

#define G_LOG_DOMAIN "fd-chart-coverage"

#include "config.h"

#include "fd-chart-coverage.h"

#include <math.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Columns are kept in multiples of this, so that a row is written in whole
 * vectors. */
#define COLUMN_STEP 16

struct _FdChartCoverage
{
  cairo_t *cr;
  /* One span [top, bottom) per column, in mask rows; top >= bottom is empty. */
  gint16  *tops;
  gint16  *bottoms;
  int      columns;
  int      rows;
  /* The mask's top left corner in device pixels (of the chart's scale). */
  double   origin_x;
  double   origin_y;
  double   scale;
  /* What was touched since the last fill: only that is written and
   * composited. */
  int      dirty_left;
  int      dirty_right;
  int      dirty_top;
  int      dirty_bottom;
  /* On an image target, one mask surface serves every fill; a recording
   * surface keeps each mask until it replays, so each fill gets its own. */
  gboolean         recording;
  cairo_surface_t *surface;
  /* Opaque shapes of several colours gathered for one composite (ARGB32,
   * premultiplied), and the part of it that holds anything. */
  cairo_surface_t *layer;
  int              layer_left;
  int              layer_right;
  int              layer_top;
  int              layer_bottom;
  /* The layer was painted and still holds its pixels in the bounds above,
   * cleared only if the layer is used again. */
  gboolean         layer_painted;
};

static void
reset (FdChartCoverage *self)
{
  /* Only touched columns hold spans. */
  for (int c = self->dirty_left; c < self->dirty_right; c++)
    self->tops[c] = self->bottoms[c] = 0;
  self->dirty_left = self->columns;
  self->dirty_right = 0;
  self->dirty_top = self->rows;
  self->dirty_bottom = 0;
}

/**
 * fd_chart_coverage_new:
 * @cr: the context the chart draws on
 * @x: left edge of the area, in user units
 * @y: top edge
 * @width: width of the area
 * @height: height of the area
 * @scale: device pixels per user unit the chart draws at
 *
 * Returns: (transfer full) (nullable): an empty mask over the area, or
 *   %NULL when @cr is not a raster target at @scale
 */
FdChartCoverage *
fd_chart_coverage_new (cairo_t *cr,
                       double   x,
                       double   y,
                       double   width,
                       double   height,
                       double   scale)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_surface_type_t type = cairo_surface_get_type (target);
  FdChartCoverage *self;
  cairo_matrix_t matrix;
  double device_x = 1, device_y = 1;
  double columns, rows;

  if (type != CAIRO_SURFACE_TYPE_IMAGE && type != CAIRO_SURFACE_TYPE_RECORDING)
    return NULL;
  if (!(scale > 0) || !(width > 0) || !(height > 0))
    return NULL;

  /* User units must land on device pixels one to one at @scale: no rotation,
   * no shear, and the surface's own scale times the context's equal to it. */
  cairo_get_matrix (cr, &matrix);
  if (type == CAIRO_SURFACE_TYPE_IMAGE)
    cairo_surface_get_device_scale (target, &device_x, &device_y);
  if (matrix.xy != 0 || matrix.yx != 0 ||
      fabs (matrix.xx * device_x - scale) > 1e-9 || fabs (matrix.yy * device_y - scale) > 1e-9)
    {
      /* A recording surface replays at whatever scale its consumer asks
       * for; GTK records in logical units and replays at the widget's
       * scale, which is the chart's scale. */
      if (!(type == CAIRO_SURFACE_TYPE_RECORDING && matrix.xy == 0 && matrix.yx == 0 &&
            matrix.xx == 1 && matrix.yy == 1))
        return NULL;
    }

  columns = ceil ((x + width) * scale) - floor (x * scale);
  rows = ceil ((y + height) * scale) - floor (y * scale);
  /* Rows are 16-bit; a mask larger than any screen is a strange transform. */
  if (columns > 16384 || rows > 16384)
    return NULL;

  self = g_new0 (FdChartCoverage, 1);
  self->cr = cr;
  self->scale = scale;
  self->origin_x = floor (x * scale);
  self->origin_y = floor (y * scale);
  self->columns = (int) columns;
  self->rows = (int) rows;
  self->recording = type == CAIRO_SURFACE_TYPE_RECORDING;
  self->layer_left = self->columns;
  self->layer_top = self->rows;
  /* Padded to whole vectors; the padding stays empty. */
  self->tops = g_new0 (gint16, (self->columns + COLUMN_STEP - 1) / COLUMN_STEP * COLUMN_STEP);
  self->bottoms = g_new0 (gint16, (self->columns + COLUMN_STEP - 1) / COLUMN_STEP * COLUMN_STEP);
  self->dirty_left = self->dirty_right = 0;
  reset (self);

  return self;
}

void
fd_chart_coverage_free (FdChartCoverage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->layer, cairo_surface_destroy);
  g_free (self->tops);
  g_free (self->bottoms);
  g_free (self);
}

int
fd_chart_coverage_get_columns (FdChartCoverage *self)
{
  return self->columns;
}

int
fd_chart_coverage_get_rows (FdChartCoverage *self)
{
  return self->rows;
}

/**
 * fd_chart_coverage_column_at:
 * @self: a coverage mask
 * @x: a user-space x
 *
 * Returns: the mask column holding @x (may lie outside the mask)
 */
int
fd_chart_coverage_column_at (FdChartCoverage *self,
                             double           x)
{
  double c = floor (x * self->scale - self->origin_x);

  if (!isfinite (c))
    return c > 0 ? 1000000 : -1000000;
  return (int) CLAMP (c, -1e6, 1e6);
}

/**
 * fd_chart_coverage_row_at:
 * @self: a coverage mask
 * @y: a user-space y
 *
 * Returns: the mask row whose top edge is nearest to @y (may lie outside
 *   the mask)
 */
int
fd_chart_coverage_row_at (FdChartCoverage *self,
                          double           y)
{
  double r = round (y * self->scale - self->origin_y);

  if (!isfinite (r))
    return r > 0 ? 1000000 : -1000000;
  return (int) CLAMP (r, -1e6, 1e6);
}

/**
 * fd_chart_coverage_add_span:
 * @self: a coverage mask
 * @column: the column
 * @top_row: first covered row
 * @bottom_row: first row below the span
 *
 * Covers rows [@top_row, @bottom_row) of @column; anything outside the mask
 * is cut off. A column holds one span: a second one on the same column
 * covers both and the rows between them, which is what a line through the
 * column or a stack of touching bars needs.
 */
void
fd_chart_coverage_add_span (FdChartCoverage *self,
                            int              column,
                            int              top_row,
                            int              bottom_row)
{
  if (column < 0 || column >= self->columns)
    return;
  top_row = MAX (top_row, 0);
  bottom_row = MIN (bottom_row, self->rows);
  if (top_row >= bottom_row)
    return;

  if (self->tops[column] < self->bottoms[column])
    {
      top_row = MIN (top_row, self->tops[column]);
      bottom_row = MAX (bottom_row, self->bottoms[column]);
    }
  self->tops[column] = (gint16) top_row;
  self->bottoms[column] = (gint16) bottom_row;

  self->dirty_left = MIN (self->dirty_left, column);
  self->dirty_right = MAX (self->dirty_right, column + 1);
  self->dirty_top = MIN (self->dirty_top, top_row);
  self->dirty_bottom = MAX (self->dirty_bottom, bottom_row);
}

/**
 * fd_chart_coverage_get:
 * @self: a coverage mask
 * @column: a column
 * @row: a row
 *
 * Returns: 255 where the pixel is covered (until the next fill), else 0
 */
guint8
fd_chart_coverage_get (FdChartCoverage *self,
                       int              column,
                       int              row)
{
  if (column < 0 || column >= self->columns || row < 0 || row >= self->rows)
    return 0;
  return self->tops[column] <= row && row < self->bottoms[column] ? 0xff : 0;
}

/* Writes mask row @row for the @n columns from @tops and @bottoms (a
 * multiple of COLUMN_STEP): 0xff where top <= row < bottom. */
static void
write_row (guint8       *out,
           const gint16 *tops,
           const gint16 *bottoms,
           int           n,
           int           row)
{
#ifdef __SSE2__
  __m128i r = _mm_set1_epi16 ((short) row);

  for (int c = 0; c < n; c += 16)
    {
      __m128i t0 = _mm_loadu_si128 ((const __m128i *) (tops + c));
      __m128i t1 = _mm_loadu_si128 ((const __m128i *) (tops + c + 8));
      __m128i b0 = _mm_loadu_si128 ((const __m128i *) (bottoms + c));
      __m128i b1 = _mm_loadu_si128 ((const __m128i *) (bottoms + c + 8));
      /* covered = !(top > row) && (bottom > row) */
      __m128i m0 = _mm_andnot_si128 (_mm_cmpgt_epi16 (t0, r), _mm_cmpgt_epi16 (b0, r));
      __m128i m1 = _mm_andnot_si128 (_mm_cmpgt_epi16 (t1, r), _mm_cmpgt_epi16 (b1, r));

      _mm_storeu_si128 ((__m128i *) (out + c), _mm_packs_epi16 (m0, m1));
    }
#else
  for (int c = 0; c < n; c++)
    out[c] = tops[c] <= row && row < bottoms[c] ? 0xff : 0;
#endif
}

/**
 * fd_chart_coverage_fill:
 * @self: a coverage mask
 * @red: source colour
 * @green: source colour
 * @blue: source colour
 * @alpha: source opacity
 *
 * Paints the colour through the covered pixels, within the context's clip,
 * and empties the mask for the next shape.
 */
void
fd_chart_coverage_fill (FdChartCoverage *self,
                        double           red,
                        double           green,
                        double           blue,
                        double           alpha)
{
  int left = self->dirty_left / COLUMN_STEP * COLUMN_STEP;
  int width = (self->dirty_right - left + COLUMN_STEP - 1) / COLUMN_STEP * COLUMN_STEP;
  int height = self->dirty_bottom - self->dirty_top;
  cairo_surface_t *mask;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  guint8 *bytes;
  int stride;
  int mask_x, mask_y;

  if (self->dirty_right <= self->dirty_left || height <= 0)
    return;

  if (self->recording)
    {
      mask = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
      mask_x = left;
      mask_y = self->dirty_top;
    }
  else
    {
      if (self->surface == NULL)
        self->surface = cairo_image_surface_create (CAIRO_FORMAT_A8,
                                                    (self->columns + COLUMN_STEP - 1) / COLUMN_STEP * COLUMN_STEP,
                                                    self->rows);
      mask = cairo_surface_reference (self->surface);
      mask_x = 0;
      mask_y = 0;
    }
  if (cairo_surface_status (mask) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (mask);
      reset (self);
      return;
    }
  stride = cairo_image_surface_get_stride (mask);
  bytes = cairo_image_surface_get_data (mask);
  cairo_surface_flush (mask);
  /* Every byte of the touched rectangle is written, zeros included, so a
   * reused surface needs no clearing. */
  for (int r = 0; r < height; r++)
    write_row (bytes + (gsize) (self->dirty_top - mask_y + r) * stride + (left - mask_x),
               self->tops + left, self->bottoms + left, width, self->dirty_top + r);
  cairo_surface_mark_dirty (mask);

  pattern = cairo_pattern_create_for_surface (mask);
  /* Mask pixel (0, 0) sits at device pixel (mask_x, mask_y) of the area: a
   * pure translation in device pixels, read without interpolation. */
  cairo_matrix_init_scale (&matrix, self->scale, self->scale);
  cairo_matrix_translate (&matrix, -(self->origin_x + mask_x) / self->scale,
                          -(self->origin_y + mask_y) / self->scale);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);

  cairo_save (self->cr);
  /* Only the touched rectangle: the rest of a reused mask is stale. */
  cairo_rectangle (self->cr, (self->origin_x + left) / self->scale, (self->origin_y + self->dirty_top) / self->scale,
                   width / self->scale, height / self->scale);
  cairo_clip (self->cr);
  cairo_set_source_rgba (self->cr, red, green, blue, alpha);
  cairo_mask (self->cr, pattern);
  cairo_restore (self->cr);

  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (mask);
  reset (self);
}

/* Writes layer row @row: @pixel where top <= row < bottom, the old pixel
 * elsewhere. */
static void
write_layer_row (guint32      *out,
                 const gint16 *tops,
                 const gint16 *bottoms,
                 int           n,
                 int           row,
                 guint32       pixel)
{
#ifdef __SSE2__
  __m128i r = _mm_set1_epi16 ((short) row);
  __m128i color = _mm_set1_epi32 ((int) pixel);

  for (int c = 0; c < n; c += 8)
    {
      __m128i t = _mm_loadu_si128 ((const __m128i *) (tops + c));
      __m128i b = _mm_loadu_si128 ((const __m128i *) (bottoms + c));
      __m128i m = _mm_andnot_si128 (_mm_cmpgt_epi16 (t, r), _mm_cmpgt_epi16 (b, r));
      __m128i m0, m1, old0, old1;

      /* Most of a bar chart's rows are empty above the bars. */
      if (_mm_movemask_epi8 (m) == 0)
        continue;
      m0 = _mm_unpacklo_epi16 (m, m);
      m1 = _mm_unpackhi_epi16 (m, m);
      old0 = _mm_loadu_si128 ((const __m128i *) (out + c));
      old1 = _mm_loadu_si128 ((const __m128i *) (out + c + 4));

      _mm_storeu_si128 ((__m128i *) (out + c),
                        _mm_or_si128 (_mm_and_si128 (m0, color), _mm_andnot_si128 (m0, old0)));
      _mm_storeu_si128 ((__m128i *) (out + c + 4),
                        _mm_or_si128 (_mm_and_si128 (m1, color), _mm_andnot_si128 (m1, old1)));
    }
#else
  for (int c = 0; c < n; c++)
    if (tops[c] <= row && row < bottoms[c])
      out[c] = pixel;
#endif
}

/**
 * fd_chart_coverage_add_to_layer:
 * @self: a coverage mask
 * @red: colour
 * @green: colour
 * @blue: colour
 *
 * Puts the covered pixels, opaque in this colour, on the layer (over what
 * earlier calls put there) and empties the mask. Shapes of several colours
 * then cost one composite in fd_chart_coverage_paint_layer() instead of one
 * each.
 */
void
fd_chart_coverage_add_to_layer (FdChartCoverage *self,
                                double           red,
                                double           green,
                                double           blue)
{
  int left = self->dirty_left / COLUMN_STEP * COLUMN_STEP;
  int width = (self->dirty_right - left + COLUMN_STEP - 1) / COLUMN_STEP * COLUMN_STEP;
  guint32 pixel = 0xff000000u |
                  (guint32) lround (CLAMP (red, 0, 1) * 255) << 16 |
                  (guint32) lround (CLAMP (green, 0, 1) * 255) << 8 |
                  (guint32) lround (CLAMP (blue, 0, 1) * 255);
  guint8 *bytes;
  int stride;

  if (self->dirty_right <= self->dirty_left || self->dirty_bottom <= self->dirty_top)
    return;

  if (self->layer == NULL)
    self->layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                              (self->columns + COLUMN_STEP - 1) / COLUMN_STEP * COLUMN_STEP,
                                              self->rows);
  if (cairo_surface_status (self->layer) != CAIRO_STATUS_SUCCESS)
    {
      reset (self);
      return;
    }

  cairo_surface_flush (self->layer);
  bytes = cairo_image_surface_get_data (self->layer);
  stride = cairo_image_surface_get_stride (self->layer);
  if (self->layer_painted)
    {
      for (int r = self->layer_top; r < self->layer_bottom; r++)
        memset (bytes + (gsize) r * stride + (gsize) self->layer_left * 4, 0,
                (gsize) (self->layer_right - self->layer_left) * 4);
      self->layer_painted = FALSE;
      self->layer_left = self->columns;
      self->layer_right = 0;
      self->layer_top = self->rows;
      self->layer_bottom = 0;
    }
  for (int r = self->dirty_top; r < self->dirty_bottom; r++)
    write_layer_row ((guint32 *) (bytes + (gsize) r * stride) + left, self->tops + left,
                     self->bottoms + left, width, r, pixel);
  cairo_surface_mark_dirty (self->layer);

  self->layer_left = MIN (self->layer_left, left);
  self->layer_right = MAX (self->layer_right, left + width);
  self->layer_top = MIN (self->layer_top, self->dirty_top);
  self->layer_bottom = MAX (self->layer_bottom, self->dirty_bottom);
  reset (self);
}

/**
 * fd_chart_coverage_paint_layer:
 * @self: a coverage mask
 *
 * Composites the layer over the target, within the context's clip, and
 * empties it.
 */
void
fd_chart_coverage_paint_layer (FdChartCoverage *self)
{
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  if (self->layer == NULL || self->layer_painted ||
      self->layer_right <= self->layer_left || self->layer_bottom <= self->layer_top)
    return;

  pattern = cairo_pattern_create_for_surface (self->layer);
  cairo_matrix_init_scale (&matrix, self->scale, self->scale);
  cairo_matrix_translate (&matrix, -self->origin_x / self->scale, -self->origin_y / self->scale);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);

  cairo_save (self->cr);
  cairo_rectangle (self->cr, (self->origin_x + self->layer_left) / self->scale,
                   (self->origin_y + self->layer_top) / self->scale,
                   (self->layer_right - self->layer_left) / self->scale,
                   (self->layer_bottom - self->layer_top) / self->scale);
  cairo_clip (self->cr);
  cairo_set_source (self->cr, pattern);
  cairo_paint (self->cr);
  cairo_restore (self->cr);
  cairo_pattern_destroy (pattern);

  if (self->recording)
    {
      /* The recording keeps this surface until it replays: start anew. */
      g_clear_pointer (&self->layer, cairo_surface_destroy);
    }
  else
    {
      /* Cleared when used again, which a chart seldom does. */
      self->layer_painted = TRUE;
      return;
    }
  self->layer_left = self->columns;
  self->layer_right = 0;
  self->layer_top = self->rows;
  self->layer_bottom = 0;
}
