/* fd-stats.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Percentiles use linear interpolation between closest ranks, the default of
 * NumPy's percentile: rank = p / 100 * (n - 1). Every function returns NAN
 * for no values. */
double fd_stats_mean              (const double *values,
                                   gsize         n);
double fd_stats_percentile_sorted (const double *sorted,
                                   gsize         n,
                                   double        p);
double fd_stats_median_sorted     (const double *sorted,
                                   gsize         n);
/* Same result as sorting first, in O(n): reorders @values in place. */
void   fd_stats_percentiles       (const double *values,
                                   gsize         n,
                                   const double *ps,
                                   gsize         n_ps,
                                   double       *out);
double fd_stats_percentile        (double       *values,
                                   gsize         n,
                                   double        p);
double fd_stats_median            (double       *values,
                                   gsize         n);
void   fd_stats_sort              (double       *values,
                                   gsize         n);

G_END_DECLS
