/* fd-chart-decimate.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-decimate"

#include "config.h"

#include "fd-chart-decimate.h"

#include <math.h>

/**
 * fd_chart_lower_bound:
 * @x: (array length=n): sorted values
 * @n: number of values
 * @value: the value to look for
 *
 * Binary search: the first index whose value is not less than @value.
 *
 * Returns: an index in [0, @n]
 */
gsize
fd_chart_lower_bound (const double *x,
                      gsize         n,
                      double        value)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (x[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * fd_chart_nearest_index:
 * @x: (array length=n): sorted values
 * @n: number of values, at least one
 * @value: the value to look for
 *
 * Binary search for the point nearest to @value, as hover hit testing needs.
 *
 * Returns: an index in [0, @n)
 */
gsize
fd_chart_nearest_index (const double *x,
                        gsize         n,
                        double        value)
{
  gsize i;

  g_return_val_if_fail (n > 0, 0);

  i = fd_chart_lower_bound (x, n, value);
  if (i == n)
    return n - 1;
  if (i > 0 && value - x[i - 1] <= x[i] - value)
    return i - 1;
  return i;
}

/**
 * fd_chart_decimate_minmax:
 * @x: (array length=n): sorted x values
 * @y: (array length=n): y values; NaN points are skipped
 * @n: number of points
 * @x_min: left edge of the visible range
 * @x_max: right edge of the visible range
 * @columns: pixel columns across the range
 * @out_x: (out caller-allocates): room for 2 × @columns + 2 values
 * @out_y: (out caller-allocates): room for 2 × @columns + 2 values
 *
 * Reduces a series to at most two points per pixel column, its minimum and
 * maximum in the order they occur, so that spikes survive; one point on each
 * side of the range is kept so that the line runs off the edge. Only the
 * points of the range are walked (binary search for its ends).
 *
 * Returns: the number of points written
 */
gsize
fd_chart_decimate_minmax (const double *x,
                          const double *y,
                          gsize         n,
                          double        x_min,
                          double        x_max,
                          guint         columns,
                          double       *out_x,
                          double       *out_y)
{
  gsize first, last, n_out = 0;
  double per_column;
  gsize min_i = G_MAXSIZE, max_i = G_MAXSIZE;
  gint64 column = -1;

  g_return_val_if_fail (columns > 0, 0);

  if (n == 0 || !(x_max > x_min))
    return 0;

  first = fd_chart_lower_bound (x, n, x_min);
  last = fd_chart_lower_bound (x, n, x_max);
  while (last < n && x[last] <= x_max)
    last++;
  per_column = columns / (x_max - x_min);

  if (first > 0 && !isnan (y[first - 1]))
    {
      out_x[n_out] = x[first - 1];
      out_y[n_out++] = y[first - 1];
    }

  for (gsize i = first; i < last; i++)
    {
      gint64 c;

      if (isnan (y[i]))
        continue;

      c = MIN ((gint64) ((x[i] - x_min) * per_column), (gint64) columns - 1);
      if (c != column)
        {
          if (min_i != G_MAXSIZE)
            {
              gsize a = MIN (min_i, max_i), b = MAX (min_i, max_i);

              out_x[n_out] = x[a];
              out_y[n_out++] = y[a];
              if (b != a)
                {
                  out_x[n_out] = x[b];
                  out_y[n_out++] = y[b];
                }
            }
          column = c;
          min_i = max_i = i;
          continue;
        }
      if (y[i] < y[min_i])
        min_i = i;
      if (y[i] > y[max_i])
        max_i = i;
    }

  if (min_i != G_MAXSIZE)
    {
      gsize a = MIN (min_i, max_i), b = MAX (min_i, max_i);

      out_x[n_out] = x[a];
      out_y[n_out++] = y[a];
      if (b != a)
        {
          out_x[n_out] = x[b];
          out_y[n_out++] = y[b];
        }
    }

  if (last < n && !isnan (y[last]))
    {
      out_x[n_out] = x[last];
      out_y[n_out++] = y[last];
    }

  return n_out;
}
