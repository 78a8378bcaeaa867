/* test-chart-scale.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chart-scale"

#include "config.h"

#include "fd-chart-decimate.h"
#include "fd-chart-format.h"
#include "fd-chart-scale.h"

#include <math.h>

static void
test_linear_scale (void)
{
  FdChartScale scale;

  fd_chart_scale_init (&scale, 0, 100, 10, 210);
  g_assert_cmpfloat_with_epsilon (fd_chart_scale_map (&scale, 50), 110, 1e-9);
  g_assert_cmpfloat_with_epsilon (fd_chart_scale_invert (&scale, 110), 50, 1e-9);

  /* Inverted range, as y axes use. */
  fd_chart_scale_init (&scale, 0, 1, 100, 0);
  g_assert_cmpfloat_with_epsilon (fd_chart_scale_map (&scale, 0.25), 75, 1e-9);

  /* Zero span never divides by zero. */
  fd_chart_scale_init (&scale, 5, 5, 0, 100);
  g_assert_true (isfinite (fd_chart_scale_map (&scale, 5)));
  g_assert_cmpfloat_with_epsilon (fd_chart_scale_map (&scale, 5), 50, 1e-9);
  fd_chart_scale_init (&scale, NAN, INFINITY, 0, 100);
  g_assert_true (isfinite (fd_chart_scale_map (&scale, 0.5)));
}

static gboolean
is_nice_step (double step)
{
  double mantissa = step / pow (10, floor (log10 (step)));

  return fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9;
}

static void
test_nice_ticks (void)
{
  static const struct {
    double min, max;
    guint max_ticks;
    double want_min, want_max, want_step;
  } cases[] = {
    { 0, 100, 6, 0, 100, 20 },
    { 0, 97, 6, 0, 100, 20 },
    { 0.2, 0.87, 5, 0.2, 1.0, 0.2 },
    { -5, 5, 6, -5, 5, 5 },
    { -130, -20, 5, -150, 0, 50 },
    { 0, 0, 5, 0, 1, 0.5 },          /* zero span at zero */
    { 7, 7, 5, 0, 8, 2 },            /* zero span elsewhere: from zero */
    { 0, 1e12, 6, 0, 1e12, 2e11 },
    { 0, 1, 2, 0, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FdChartTicks ticks;

      g_test_message ("case %u: [%g, %g]", i, cases[i].min, cases[i].max);
      fd_chart_nice_ticks (cases[i].min, cases[i].max, cases[i].max_ticks, &ticks);
      g_assert_cmpuint (ticks.n_ticks, >=, 2);
      g_assert_cmpuint (ticks.n_ticks, <=, MAX (cases[i].max_ticks, 2));
      g_assert_cmpfloat_with_epsilon (ticks.min, cases[i].want_min, fabs (cases[i].want_step) * 1e-6);
      g_assert_cmpfloat_with_epsilon (ticks.max, cases[i].want_max, fabs (cases[i].want_step) * 1e-6);
      g_assert_cmpfloat_with_epsilon (ticks.step, cases[i].want_step, fabs (cases[i].want_step) * 1e-6);
      g_assert_true (is_nice_step (ticks.step));
      for (guint j = 1; j < ticks.n_ticks; j++)
        g_assert_cmpfloat (ticks.values[j], >, ticks.values[j - 1]);
      fd_chart_ticks_clear (&ticks);
    }
}

static void
test_nice_ticks_degenerate (void)
{
  FdChartTicks ticks;

  fd_chart_nice_ticks (NAN, NAN, 5, &ticks);
  g_assert_cmpuint (ticks.n_ticks, >=, 2);
  g_assert_cmpfloat (ticks.values[0], ==, 0);

  /* A huge offset with a tiny span cannot be split: two ticks, no endless loop. */
  fd_chart_nice_ticks (1e15, 1e15 + 0.001, 10, &ticks);
  g_assert_cmpuint (ticks.n_ticks, >=, 2);
  g_assert_cmpuint (ticks.n_ticks, <=, FD_CHART_MAX_TICKS);

  fd_chart_nice_ticks (-INFINITY, 10, 1000, &ticks);
  g_assert_cmpuint (ticks.n_ticks, <=, FD_CHART_MAX_TICKS);
  g_assert_true (isfinite (ticks.min));

  fd_chart_nice_ticks (-1e300, 1e300, 1000, &ticks);
  g_assert_cmpuint (ticks.n_ticks, <=, FD_CHART_MAX_TICKS);
  g_assert_cmpuint (ticks.n_ticks, >=, 2);
}

static gint64
unix_at (GTimeZone *tz, int y, int mo, int d, int h, int mi, int s)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, y, mo, d, h, mi, s);

  return g_date_time_to_unix (dt);
}

static void
test_time_ticks_one_second (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  double from = (double) unix_at (utc, 2026, 11, 20, 10, 7, 12);
  FdChartTicks ticks;

  fd_chart_time_ticks (from, from + 1, 6, utc, &ticks);
  g_assert_cmpuint (ticks.n_ticks, ==, 2);
  g_assert_cmpfloat (ticks.step, ==, 1);
  g_assert_cmpstr (ticks.labels[0], ==, "10:07:12");
  g_assert_cmpstr (ticks.labels[1], ==, "10:07:13");
  fd_chart_ticks_clear (&ticks);

  /* Zero span is still one tick, not a loop. */
  fd_chart_time_ticks (from, from, 6, utc, &ticks);
  g_assert_cmpuint (ticks.n_ticks, ==, 1);
  fd_chart_ticks_clear (&ticks);
}

static void
test_time_ticks_minutes_hours (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  double from = (double) unix_at (utc, 2026, 11, 20, 10, 7, 12);
  FdChartTicks ticks;

  /* One hour in at most 7 ticks: every 10 minutes, on round minutes. */
  fd_chart_time_ticks (from, from + 3600, 7, utc, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 600);
  g_assert_cmpstr (ticks.labels[0], ==, "10:10");
  g_assert_cmpstr (ticks.labels[1], ==, "10:20");
  fd_chart_ticks_clear (&ticks);

  /* Two days in 9 ticks: every 6 hours, midnight labelled with the day. */
  fd_chart_time_ticks (from, from + 2 * 86400, 9, utc, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 6 * 3600);
  g_assert_cmpstr (ticks.labels[0], ==, "12:00");
  g_assert_cmpstr (ticks.labels[2], ==, "Sat 21");
  fd_chart_ticks_clear (&ticks);
}

static void
test_time_ticks_ninety_days (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  double from = (double) unix_at (utc, 2026, 9, 1, 0, 0, 0);
  FdChartTicks ticks;

  fd_chart_time_ticks (from, from + 90 * 86400.0, 8, utc, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 14 * 86400);
  g_assert_cmpuint (ticks.n_ticks, <=, 8);
  g_assert_cmpuint (ticks.n_ticks, >=, 6);
  /* Two-week ticks count from the Monday before the window (2026-08-31). */
  g_assert_cmpfloat (ticks.values[0], ==, (double) unix_at (utc, 2026, 9, 14, 0, 0, 0));
  g_assert_cmpstr (ticks.labels[0], ==, "Sep 14");
  g_assert_cmpstr (ticks.labels[1], ==, "Sep 28");
  fd_chart_ticks_clear (&ticks);
}

static void
test_time_ticks_dst (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  double from, to;
  FdChartTicks ticks;
  guint march_29 = G_MAXUINT;

  g_assert_nonnull (berlin);
  /* Summer time starts on 2026-03-29 at 02:00 local. */
  from = (double) unix_at (berlin, 2026, 3, 27, 12, 0, 0);
  to = (double) unix_at (berlin, 2026, 4, 1, 12, 0, 0);
  fd_chart_time_ticks (from, to, 8, berlin, &ticks);

  g_assert_cmpfloat (ticks.step, ==, 86400);
  g_assert_cmpuint (ticks.n_ticks, ==, 5);
  for (guint i = 0; i < ticks.n_ticks; i++)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) ticks.values[i]);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, berlin);

      /* Every tick sits at local midnight, on both sides of the change. */
      g_assert_cmpint (g_date_time_get_hour (local), ==, 0);
      g_assert_cmpint (g_date_time_get_minute (local), ==, 0);
      if (g_strcmp0 (ticks.labels[i], "Mar 29") == 0)
        march_29 = i;
    }
  g_assert_cmpuint (march_29, ==, 1);
  /* The day of the change has 23 hours. */
  g_assert_cmpfloat (ticks.values[march_29 + 1] - ticks.values[march_29], ==, 23 * 3600);
  g_assert_cmpfloat (ticks.values[march_29] - ticks.values[march_29 - 1], ==, 24 * 3600);
  g_assert_cmpstr (ticks.labels[0], ==, "Mar 28");
  g_assert_cmpstr (ticks.labels[2], ==, "Mar 30");
  fd_chart_ticks_clear (&ticks);

  /* Hour ticks across the change skip the missing local hour. */
  from = (double) unix_at (berlin, 2026, 3, 29, 0, 0, 0);
  fd_chart_time_ticks (from, from + 5 * 3600, 6, berlin, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 3600);
  g_assert_cmpstr (ticks.labels[0], ==, "Sun 29");
  g_assert_cmpstr (ticks.labels[1], ==, "01:00");
  g_assert_cmpstr (ticks.labels[2], ==, "03:00");
  fd_chart_ticks_clear (&ticks);
}

static void
test_format (void)
{
  static const struct {
    FdChartFormat format;
    double value;
    const char *want;
  } cases[] = {
    { FD_CHART_FORMAT_NUMBER, 0, "0" },
    { FD_CHART_FORMAT_NUMBER, 12, "12" },
    { FD_CHART_FORMAT_NUMBER, 0.25, "0.25" },
    { FD_CHART_FORMAT_NUMBER, 2.5, "2.5" },
    { FD_CHART_FORMAT_NUMBER, 1204, "1.2 k" },
    { FD_CHART_FORMAT_NUMBER, 2000, "2 k" },
    { FD_CHART_FORMAT_NUMBER, 999999, "1 M" },
    { FD_CHART_FORMAT_NUMBER, 3.4e6, "3.4 M" },
    { FD_CHART_FORMAT_NUMBER, 1e12, "1 T" },
    { FD_CHART_FORMAT_NUMBER, -1500, "-1.5 k" },
    { FD_CHART_FORMAT_NUMBER, NAN, "—" },
    { FD_CHART_FORMAT_COUNT, 1204, "1,204" },
    { FD_CHART_FORMAT_COUNT, 1234567, "1,234,567" },
    { FD_CHART_FORMAT_COUNT, 999, "999" },
    { FD_CHART_FORMAT_COUNT, -1000, "-1,000" },
    { FD_CHART_FORMAT_PERCENT, 0.973, "97.3 %" },
    { FD_CHART_FORMAT_PERCENT, 1, "100.0 %" },
    { FD_CHART_FORMAT_PERCENT, 0, "0.0 %" },
    { FD_CHART_FORMAT_PERCENT, INFINITY, "—" },
    { FD_CHART_FORMAT_DURATION, 252, "4 m 12 s" },
    { FD_CHART_FORMAT_DURATION, 7500, "2 h 05 m" },
    { FD_CHART_FORMAT_DURATION, 42, "42 s" },
    { FD_CHART_FORMAT_DURATION, 2.5, "2.5 s" },
    { FD_CHART_FORMAT_DURATION, 60, "1 m" },
    { FD_CHART_FORMAT_DURATION, 7200, "2 h" },
    { FD_CHART_FORMAT_DURATION, 172800, "2 d" },
    { FD_CHART_FORMAT_DURATION, 273600, "3 d 04 h" },
    { FD_CHART_FORMAT_MILLISECONDS, 412, "412 ms" },
    { FD_CHART_FORMAT_MILLISECONDS, 1500, "1.5 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = fd_chart_format_value (cases[i].format, cases[i].value);

      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

static void
test_binary_search (void)
{
  const double x[] = { 0, 10, 20, 30, 40 };

  g_assert_cmpuint (fd_chart_lower_bound (x, 5, -1), ==, 0);
  g_assert_cmpuint (fd_chart_lower_bound (x, 5, 20), ==, 2);
  g_assert_cmpuint (fd_chart_lower_bound (x, 5, 21), ==, 3);
  g_assert_cmpuint (fd_chart_lower_bound (x, 5, 99), ==, 5);
  g_assert_cmpuint (fd_chart_nearest_index (x, 5, 14), ==, 1);
  g_assert_cmpuint (fd_chart_nearest_index (x, 5, 16), ==, 2);
  g_assert_cmpuint (fd_chart_nearest_index (x, 5, 1000), ==, 4);
  g_assert_cmpuint (fd_chart_nearest_index (x, 5, -1000), ==, 0);
}

static void
test_decimate_keeps_min_max (void)
{
  const gsize n = 10000;
  const guint columns = 50;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *ox = g_new (double, 2 * columns + 2);
  g_autofree double *oy = g_new (double, 2 * columns + 2);
  gsize n_out;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = i;
      y[i] = sin (i * 0.01) + ((i * 7919) % 13) * 0.01;
    }
  y[4321] = 1000;    /* a spike */
  y[8765] = -1000;   /* a dip */
  y[100] = NAN;      /* a gap is skipped */

  n_out = fd_chart_decimate_minmax (x, y, n, 0, n, columns, ox, oy);
  g_assert_cmpuint (n_out, <=, 2 * columns + 2);
  g_assert_cmpuint (n_out, >=, columns);

  for (guint c = 0; c < columns; c++)
    {
      double lo = INFINITY, hi = -INFINITY;
      gboolean has_lo = FALSE, has_hi = FALSE;

      for (gsize i = c * (n / columns); i < (c + 1) * (n / columns); i++)
        {
          if (isnan (y[i]))
            continue;
          lo = MIN (lo, y[i]);
          hi = MAX (hi, y[i]);
        }
      for (gsize k = 0; k < n_out; k++)
        {
          if (ox[k] < c * (n / columns) || ox[k] >= (c + 1) * (n / columns))
            continue;
          has_lo |= oy[k] == lo;
          has_hi |= oy[k] == hi;
        }
      g_assert_true (has_lo);
      g_assert_true (has_hi);
    }

  /* Output stays sorted by x. */
  for (gsize k = 1; k < n_out; k++)
    g_assert_cmpfloat (ox[k], >, ox[k - 1]);

  /* A zoomed range walks only its points and keeps one neighbour each side. */
  n_out = fd_chart_decimate_minmax (x, y, n, 4000, 5000, 10, ox, oy);
  g_assert_cmpfloat (ox[0], ==, 3999);
  g_assert_cmpfloat (ox[n_out - 1], ==, 5001);
  for (gsize k = 0; k < n_out; k++)
    if (ox[k] == 4321)
      g_assert_cmpfloat (oy[k], ==, 1000);

  g_assert_cmpuint (fd_chart_decimate_minmax (x, y, 0, 0, 1, 10, ox, oy), ==, 0);
  g_assert_cmpuint (fd_chart_decimate_minmax (x, y, n, 5, 5, 10, ox, oy), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/chart-scale/linear", test_linear_scale);
  g_test_add_func ("/flightdeck/chart-scale/nice-ticks", test_nice_ticks);
  g_test_add_func ("/flightdeck/chart-scale/nice-ticks-degenerate", test_nice_ticks_degenerate);
  g_test_add_func ("/flightdeck/chart-scale/time-one-second", test_time_ticks_one_second);
  g_test_add_func ("/flightdeck/chart-scale/time-minutes-hours", test_time_ticks_minutes_hours);
  g_test_add_func ("/flightdeck/chart-scale/time-ninety-days", test_time_ticks_ninety_days);
  g_test_add_func ("/flightdeck/chart-scale/time-dst", test_time_ticks_dst);
  g_test_add_func ("/flightdeck/chart-scale/format", test_format);
  g_test_add_func ("/flightdeck/chart-scale/binary-search", test_binary_search);
  g_test_add_func ("/flightdeck/chart-scale/decimate-min-max", test_decimate_keeps_min_max);

  return g_test_run ();
}
