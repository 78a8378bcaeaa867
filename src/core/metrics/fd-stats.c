/* fd-stats.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-stats"

#include "config.h"

#include "fd-stats.h"

#include <math.h>
#include <stdlib.h>

/**
 * fd_stats_mean:
 * @values: (array length=n): numbers
 * @n: how many
 *
 * Returns: the arithmetic mean, or NAN when @n is 0
 */
double
fd_stats_mean (const double *values,
               gsize         n)
{
  double sum = 0;

  if (n == 0)
    return NAN;
  for (gsize i = 0; i < n; i++)
    sum += values[i];
  return sum / (double) n;
}

/**
 * fd_stats_percentile_sorted:
 * @sorted: (array length=n): numbers in ascending order
 * @n: how many
 * @p: the percentile, 0–100
 *
 * Returns: the @p-th percentile with linear interpolation, or NAN when @n is 0
 */
double
fd_stats_percentile_sorted (const double *sorted,
                            gsize         n,
                            double        p)
{
  double rank, lo_f;
  gsize lo, hi;

  if (n == 0)
    return NAN;
  rank = p / 100.0 * (double) (n - 1);
  lo_f = floor (rank);
  lo = (gsize) lo_f;
  hi = MIN (lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo_f);
}

/**
 * fd_stats_median_sorted:
 * @sorted: (array length=n): numbers in ascending order
 * @n: how many
 *
 * Returns: the 50th percentile, or NAN when @n is 0
 */
double
fd_stats_median_sorted (const double *sorted,
                        gsize         n)
{
  return fd_stats_percentile_sorted (sorted, n, 50);
}

static inline void
swap (double *a,
      double *b)
{
  double t = *a;

  *a = *b;
  *b = t;
}

/* Moves the k-th smallest value to values[k], smaller ones before it and
 * larger or equal ones after it (Hoare's quickselect, median-of-three). */
static void
select_nth (double *v,
            gsize   n,
            gsize   k)
{
  gsize lo = 0, hi = n - 1;

  while (hi > lo)
    {
      gsize mid = lo + (hi - lo) / 2;
      gsize i, j;
      double pivot;

      if (v[mid] < v[lo])
        swap (&v[mid], &v[lo]);
      if (v[hi] < v[lo])
        swap (&v[hi], &v[lo]);
      if (v[hi] < v[mid])
        swap (&v[hi], &v[mid]);
      pivot = v[mid];

      i = lo;
      j = hi;
      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              swap (&v[i], &v[j]);
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;
    }
}

/**
 * fd_stats_percentile:
 * @values: (array length=n) (inout): numbers in any order; reordered
 * @n: how many
 * @p: the percentile, 0–100
 *
 * The same value as fd_stats_percentile_sorted() on the sorted array, but
 * in linear time, which matters for windows of hundreds of thousands of runs.
 *
 * Returns: the @p-th percentile with linear interpolation, or NAN when @n is 0
 */
double
fd_stats_percentile (double *values,
                     gsize   n,
                     double  p)
{
  double rank, lo_f, a, b;
  gsize lo;

  if (n == 0)
    return NAN;
  rank = p / 100.0 * (double) (n - 1);
  lo_f = floor (rank);
  lo = (gsize) lo_f;
  select_nth (values, n, lo);
  a = values[lo];
  if (lo + 1 >= n)
    return a;
  b = values[lo + 1];
  for (gsize i = lo + 2; i < n; i++)
    if (values[i] < b)
      b = values[i];
  return a + (b - a) * (rank - lo_f);
}

/**
 * fd_stats_median:
 * @values: (array length=n) (inout): numbers in any order; reordered
 * @n: how many
 *
 * Returns: the 50th percentile, or NAN when @n is 0
 */
double
fd_stats_median (double *values,
                 gsize   n)
{
  return fd_stats_percentile (values, n, 50);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * fd_stats_sort:
 * @values: (array length=n) (inout): numbers
 * @n: how many
 *
 * Sorts @values in ascending order.
 */
void
fd_stats_sort (double *values,
               gsize   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
}
