/* test-stats.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-stats"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fd-stats.h"

/* NumPy: np.percentile([15, 20, 35, 40, 50], p) for p = 0, 5, 30, 40, 50, 95, 100. */
static void
test_stats_percentile_vectors (void)
{
  const double sorted[] = { 15, 20, 35, 40, 50 };
  struct { double p, want; } cases[] = {
    { 0, 15 }, { 5, 16 }, { 30, 23 }, { 40, 29 }, { 50, 35 }, { 95, 48 }, { 100, 50 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double copy[5] = { 40, 15, 50, 35, 20 };

      g_assert_cmpfloat_with_epsilon (fd_stats_percentile_sorted (sorted, 5, cases[i].p),
                                      cases[i].want, 1e-12);
      g_assert_cmpfloat_with_epsilon (fd_stats_percentile (copy, 5, cases[i].p),
                                      cases[i].want, 1e-12);
    }
}

static void
test_stats_empty_and_single (void)
{
  double one[] = { 7.5 };

  g_assert_true (isnan (fd_stats_mean (NULL, 0)));
  g_assert_true (isnan (fd_stats_percentile_sorted (NULL, 0, 50)));
  g_assert_true (isnan (fd_stats_percentile (NULL, 0, 95)));
  g_assert_cmpfloat (fd_stats_percentile (one, 1, 95), ==, 7.5);
  g_assert_cmpfloat (fd_stats_median (one, 1), ==, 7.5);
  g_assert_cmpfloat (fd_stats_mean (one, 1), ==, 7.5);
}

static void
test_stats_median_even (void)
{
  const double sorted[] = { 1, 2, 3, 10 };
  double values[] = { 10, 3, 1, 2 };

  g_assert_cmpfloat (fd_stats_median_sorted (sorted, 4), ==, 2.5);
  g_assert_cmpfloat (fd_stats_median (values, 4), ==, 2.5);
  g_assert_cmpfloat (fd_stats_mean (sorted, 4), ==, 4);
}

/* Quickselect agrees with sorting on random data with many ties. */
static void
test_stats_select_matches_sort (void)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (int round = 0; round < 200; round++)
    {
      gsize n = (gsize) g_rand_int_range (rand, 1, 400);
      double *a = g_new (double, n);
      double *b = g_new (double, n);
      double ps[] = { 0, 1, 25, 50, 90, 95, 99, 100 };

      for (gsize i = 0; i < n; i++)
        a[i] = round % 2 ? g_rand_int_range (rand, 0, 5) : g_rand_double_range (rand, -1e3, 1e3);
      memcpy (b, a, n * sizeof (double));
      fd_stats_sort (b, n);
      for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
        g_assert_cmpfloat (fd_stats_percentile (a, n, ps[k]), ==,
                           fd_stats_percentile_sorted (b, n, ps[k]));
      g_free (a);
      g_free (b);
    }

  g_rand_free (rand);
}

/* The binned multi-percentile gives exactly what sorting gives, on ties,
 * heavy tails (most values in one bin), negatives, and tiny inputs. */
static void
test_stats_percentiles_match_sort (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  const double ps[] = { 0, 1, 50, 95, 99.9, 100 };

  for (int round = 0; round < 300; round++)
    {
      gsize n = (gsize) g_rand_int_range (rand, 1, round < 150 ? 50 : 20000);
      g_autofree double *a = g_new (double, n);
      g_autofree double *copy = g_new (double, n);
      g_autofree double *b = g_new (double, n);
      double out[G_N_ELEMENTS (ps)];

      for (gsize i = 0; i < n; i++)
        {
          switch (round % 4)
            {
            case 0: a[i] = g_rand_int_range (rand, 0, 5); break;
            case 1: a[i] = g_rand_double_range (rand, -1e3, 1e3); break;
            /* Log-normal-ish with a far outlier: nearly all in the first bin. */
            case 2: a[i] = exp (g_rand_double_range (rand, 0, 3)) + (i == 0 ? 1e9 : 0); break;
            default: a[i] = i % 2 ? 1e-9 : -1e-9; break;
            }
        }
      memcpy (copy, a, n * sizeof (double));
      memcpy (b, a, n * sizeof (double));
      fd_stats_sort (b, n);
      fd_stats_percentiles (a, n, ps, G_N_ELEMENTS (ps), out);
      for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
        g_assert_cmpfloat (out[k], ==, fd_stats_percentile_sorted (b, n, ps[k]));
      /* The input is left as it was. */
      g_assert_cmpmem (a, n * sizeof (double), copy, n * sizeof (double));
    }

  {
    double out[2] = { 0, 0 };
    const double two[] = { 50, 95 };

    fd_stats_percentiles (NULL, 0, two, 2, out);
    g_assert_true (isnan (out[0]) && isnan (out[1]));
  }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/stats/percentile-vectors", test_stats_percentile_vectors);
  g_test_add_func ("/flightdeck/stats/empty-and-single", test_stats_empty_and_single);
  g_test_add_func ("/flightdeck/stats/median-even", test_stats_median_even);
  g_test_add_func ("/flightdeck/stats/select-matches-sort", test_stats_select_matches_sort);
  g_test_add_func ("/flightdeck/stats/percentiles-match-sort", test_stats_percentiles_match_sort);

  return g_test_run ();
}
