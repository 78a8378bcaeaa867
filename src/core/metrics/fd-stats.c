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

#define N_BINS 4096

/**
 * fd_stats_percentiles:
 * @values: (array length=n): numbers in any order, not NaN; left unchanged
 * @n: how many
 * @ps: (array length=n_ps): the percentiles wanted, 0–100
 * @n_ps: how many percentiles, at most 8
 * @out: (array length=n_ps) (out): the percentiles, NAN when @n is 0
 *
 * The same values as fd_stats_percentile() for each of @ps, computed
 * together: one pass finds the range, one counts the values into 4,096
 * bins, one copies out only the bins that hold a wanted rank, and the
 * quickselect runs on those few small bins instead of the whole array.
 * For the 850,000 durations of a 30-day query this is several times faster
 * than two quickselects over everything.
 */
void
fd_stats_percentiles (const double *values,
                      gsize         n,
                      const double *ps,
                      gsize         n_ps,
                      double       *out)
{
  g_autofree gsize *start = NULL;
  gsize ranks[16];
  gsize bin_of_rank[16];
  gint slot_of_bin[N_BINS];
  double *gathered[16] = { NULL, };
  gsize gathered_n[16] = { 0, };
  gsize n_slots = 0;
  double min, max, scale;

  g_return_if_fail (n_ps <= 8);

  if (n == 0)
    {
      for (gsize i = 0; i < n_ps; i++)
        out[i] = NAN;
      return;
    }

  min = max = values[0];
  for (gsize i = 1; i < n; i++)
    {
      if (values[i] < min)
        min = values[i];
      if (values[i] > max)
        max = values[i];
    }
  if (min == max)
    {
      for (gsize i = 0; i < n_ps; i++)
        out[i] = min;
      return;
    }

  /* Monotonic in the value, so bin order is value order. */
  scale = (N_BINS - 1) / (max - min);
#define BIN_OF(v) MIN ((gsize) (((v) - min) * scale), (gsize) (N_BINS - 1))

  start = g_new0 (gsize, N_BINS + 1);
  for (gsize i = 0; i < n; i++)
    start[BIN_OF (values[i]) + 1]++;
  for (gsize b = 0; b < N_BINS; b++)
    start[b + 1] += start[b];

  for (gsize b = 0; b < N_BINS; b++)
    slot_of_bin[b] = -1;
  for (gsize i = 0; i < n_ps; i++)
    {
      double rank = ps[i] / 100.0 * (double) (n - 1);
      gsize lo = (gsize) floor (rank);

      ranks[2 * i] = lo;
      ranks[2 * i + 1] = MIN (lo + 1, n - 1);
    }
  for (gsize r = 0; r < 2 * n_ps; r++)
    {
      /* The bin b with start[b] <= rank < start[b + 1]. */
      gsize lo = 0, hi = N_BINS;

      while (hi - lo > 1)
        {
          gsize mid = (lo + hi) / 2;

          if (start[mid] <= ranks[r])
            lo = mid;
          else
            hi = mid;
        }
      bin_of_rank[r] = lo;
      if (slot_of_bin[lo] < 0)
        {
          slot_of_bin[lo] = (gint) n_slots;
          gathered[n_slots] = g_new (double, start[lo + 1] - start[lo]);
          n_slots++;
        }
    }

  for (gsize i = 0; i < n; i++)
    {
      gint slot = slot_of_bin[BIN_OF (values[i])];

      if (slot >= 0)
        gathered[slot][gathered_n[slot]++] = values[i];
    }
#undef BIN_OF

  for (gsize i = 0; i < n_ps; i++)
    {
      double rank = ps[i] / 100.0 * (double) (n - 1);
      double lo_f = floor (rank);
      double v[2];

      for (guint j = 0; j < 2; j++)
        {
          gsize r = 2 * i + j;
          gsize b = bin_of_rank[r];
          gint slot = slot_of_bin[b];

          select_nth (gathered[slot], gathered_n[slot], ranks[r] - start[b]);
          v[j] = gathered[slot][ranks[r] - start[b]];
        }
      out[i] = v[0] + (v[1] - v[0]) * (rank - lo_f);
    }

  for (gsize s = 0; s < n_slots; s++)
    g_free (gathered[s]);
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
