/* fd-chart-scale.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-scale"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-chart-scale.h"

#include <math.h>
#include <string.h>

/**
 * fd_chart_scale_init:
 * @scale: the scale to fill
 * @d0: domain start
 * @d1: domain end
 * @r0: range start (pixels)
 * @r1: range end (pixels)
 *
 * Sets up a linear scale. A zero-width or non-finite domain is widened so
 * that mapping never divides by zero.
 */
void
fd_chart_scale_init (FdChartScale *scale,
                     double        d0,
                     double        d1,
                     double        r0,
                     double        r1)
{
  g_return_if_fail (scale != NULL);

  if (!isfinite (d0) || !isfinite (d1))
    {
      d0 = 0;
      d1 = 1;
    }
  if (d0 == d1)
    {
      double pad = d0 == 0 ? 1 : fabs (d0) * 0.5;

      d0 -= pad;
      d1 += pad;
    }

  scale->d0 = d0;
  scale->d1 = d1;
  scale->r0 = r0;
  scale->r1 = r1;
}

/**
 * fd_chart_scale_map:
 * @scale: a scale
 * @value: a domain value
 *
 * Returns: the range position of @value
 */
double
fd_chart_scale_map (const FdChartScale *scale,
                    double              value)
{
  return scale->r0 + (value - scale->d0) / (scale->d1 - scale->d0) * (scale->r1 - scale->r0);
}

/**
 * fd_chart_scale_invert:
 * @scale: a scale
 * @position: a range position
 *
 * Returns: the domain value at @position
 */
double
fd_chart_scale_invert (const FdChartScale *scale,
                       double              position)
{
  if (scale->r1 == scale->r0)
    return scale->d0;
  return scale->d0 + (position - scale->r0) / (scale->r1 - scale->r0) * (scale->d1 - scale->d0);
}

/**
 * fd_chart_ticks_clear:
 * @ticks: ticks
 *
 * Frees the labels of @ticks and empties it.
 */
void
fd_chart_ticks_clear (FdChartTicks *ticks)
{
  for (guint i = 0; i < FD_CHART_MAX_TICKS; i++)
    g_clear_pointer (&ticks->labels[i], g_free);
  ticks->n_ticks = 0;
}

static double
nice_number (double value,
             gboolean round_it)
{
  double exponent = floor (log10 (value));
  double fraction = value / pow (10, exponent);
  double nice;

  if (round_it)
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;

  return nice * pow (10, exponent);
}

/**
 * fd_chart_nice_ticks:
 * @min: smallest data value
 * @max: largest data value
 * @max_ticks: the most ticks wanted (capped at %FD_CHART_MAX_TICKS)
 * @ticks: (out caller-allocates): the ticks
 *
 * Picks ticks at 1, 2 or 5 times a power of ten that cover [@min, @max].
 * Zero spans, NaN and infinities give a sensible default instead of a loop
 * that never ends.
 */
void
fd_chart_nice_ticks (double        min,
                     double        max,
                     guint         max_ticks,
                     FdChartTicks *ticks)
{
  double span, step, lo, hi;
  guint n;

  g_return_if_fail (ticks != NULL);

  memset (ticks, 0, sizeof *ticks);
  max_ticks = CLAMP (max_ticks, 2, FD_CHART_MAX_TICKS);

  if (!isfinite (min) && !isfinite (max))
    min = 0, max = 1;
  else if (!isfinite (min))
    min = max;
  else if (!isfinite (max))
    max = min;
  if (min > max)
    {
      double tmp = min;

      min = max;
      max = tmp;
    }
  if (min == max)
    {
      if (min == 0)
        max = 1;
      else if (min > 0)
        min = 0;
      else
        max = 0;
    }

  span = nice_number (max - min, FALSE);
  step = nice_number (span / (max_ticks - 1), TRUE);
  /* Doubles cannot tell the steps apart far from zero; fall back to two ticks. */
  if (!(step > 0) || !isfinite (step) || (max - min) / step > FD_CHART_MAX_TICKS * 4 ||
      fabs (min) / step > 1e15)
    {
      ticks->n_ticks = 2;
      ticks->values[0] = min;
      ticks->values[1] = max;
      ticks->step = max - min;
      ticks->min = min;
      ticks->max = max;
      return;
    }

  lo = floor (min / step) * step;
  hi = ceil (max / step) * step;
  while ((hi - lo) / step + 1 > max_ticks + 0.5)
    {
      step = nice_number (step * 1.5, TRUE);
      lo = floor (min / step) * step;
      hi = ceil (max / step) * step;
    }

  n = 0;
  for (double v = lo; v <= hi + step * 0.5 && n < FD_CHART_MAX_TICKS; v += step)
    {
      /* Snap accumulated error so that 0.30000000000000004 prints as 0.3. */
      double snapped = round (v / step) * step;

      ticks->values[n++] = fabs (snapped) < step * 1e-9 ? 0.0 : snapped;
    }

  ticks->n_ticks = n;
  ticks->step = step;
  ticks->min = lo;
  ticks->max = ticks->values[n - 1];
}

/* Nominal tick steps for time axes, in seconds. Days and longer steps are
 * computed in local calendar time so that a DST change keeps ticks at midnight. */
static const double time_steps[] = {
  1, 2, 5, 10, 15, 30,
  60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
  3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
  86400, 2 * 86400, 7 * 86400, 14 * 86400,
  30 * 86400, 91 * 86400, 365 * 86400,
};

static GDateTime *
align_local (GDateTime *dt,
             double     step)
{
  int y = g_date_time_get_year (dt);
  int mo = g_date_time_get_month (dt);
  int d = g_date_time_get_day_of_month (dt);
  int h = g_date_time_get_hour (dt);
  int mi = g_date_time_get_minute (dt);
  int s = g_date_time_get_second (dt);
  GTimeZone *tz = g_date_time_get_timezone (dt);

  if (step < 60)
    s = s - s % (int) step;
  else if (step < 3600)
    s = 0, mi = mi - mi % (int) (step / 60);
  else if (step < 86400)
    s = 0, mi = 0, h = h - h % (int) (step / 3600);
  else if (step < 7 * 86400)
    s = 0, mi = 0, h = 0;
  else if (step < 30 * 86400)
    {
      /* Weeks start on Monday. */
      g_autoptr(GDateTime) midnight = g_date_time_new (tz, y, mo, d, 0, 0, 0);

      return g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (midnight));
    }
  else if (step < 365 * 86400)
    s = 0, mi = 0, h = 0, d = 1, mo = mo - (mo - 1) % (int) (step / (30 * 86400));
  else
    s = 0, mi = 0, h = 0, d = 1, mo = 1;

  return g_date_time_new (tz, y, mo, d, h, mi, s);
}

static GDateTime *
advance (GDateTime *dt,
         double     step)
{
  if (step < 86400)
    return g_date_time_add_seconds (dt, step);
  if (step < 30 * 86400)
    return g_date_time_add_days (dt, (int) (step / 86400));
  if (step < 365 * 86400)
    return g_date_time_add_months (dt, (int) (step / (30 * 86400)));
  return g_date_time_add_years (dt, 1);
}

/**
 * fd_chart_format_time_label:
 * @at_s: seconds since the Unix epoch
 * @step_s: the tick step in seconds, which picks the precision
 * @tz: (nullable): the time zone, local when %NULL
 *
 * Formats a time-axis label: seconds for sub-minute steps, hours and minutes
 * up to a day (with the day at midnight), the day for day steps, and the
 * month for month steps.
 *
 * Returns: (transfer full): the label
 */
char *
fd_chart_format_time_label (double     at_s,
                            double     step_s,
                            GTimeZone *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  utc = g_date_time_new_from_unix_utc ((gint64) floor (at_s));
  if (utc == NULL)
    return g_strdup ("");
  dt = g_date_time_to_timezone (utc, tz);

  if (step_s < 60)
    return g_date_time_format (dt, "%H:%M:%S");
  if (step_s < 86400)
    {
      if (g_date_time_get_hour (dt) == 0 && g_date_time_get_minute (dt) == 0)
        /* Translators: midnight on a chart's hourly time axis: the weekday and
         * the day of the month; see strftime(3) for the codes. */
        return g_date_time_format (dt, C_("axis date", "%a %d"));
      return g_date_time_format (dt, "%H:%M");
    }
  if (step_s < 30 * 86400)
    /* Translators: a day on a chart's time axis; see strftime(3). */
    return g_date_time_format (dt, C_("axis date", "%b %d"));
  if (step_s < 365 * 86400)
    /* Translators: a month on a chart's time axis; see strftime(3). */
    return g_date_time_format (dt, C_("axis date", "%b %Y"));
  return g_date_time_format (dt, "%Y");
}

/**
 * fd_chart_time_ticks:
 * @from_s: window start, seconds since the Unix epoch
 * @to_s: window end
 * @max_ticks: the most ticks wanted
 * @tz: (nullable): the time zone, local when %NULL
 * @ticks: (out caller-allocates): the ticks with labels; free with fd_chart_ticks_clear()
 *
 * Picks time ticks at round local times: seconds to months depending on the
 * window. Ticks of a day or more sit at local midnight, also across DST changes.
 */
void
fd_chart_time_ticks (double        from_s,
                     double        to_s,
                     guint         max_ticks,
                     GTimeZone    *tz,
                     FdChartTicks *ticks)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) cursor = NULL;
  double span, step = time_steps[G_N_ELEMENTS (time_steps) - 1];
  guint n = 0;

  g_return_if_fail (ticks != NULL);

  memset (ticks, 0, sizeof *ticks);
  max_ticks = CLAMP (max_ticks, 2, FD_CHART_MAX_TICKS);

  if (!isfinite (from_s) || !isfinite (to_s))
    return;
  if (from_s > to_s)
    {
      double tmp = from_s;

      from_s = to_s;
      to_s = tmp;
    }
  /* Keep inside what GDateTime can represent. */
  from_s = CLAMP (from_s, -2e9, 2e11);
  to_s = CLAMP (to_s, -2e9, 2e11);
  span = MAX (to_s - from_s, 1);

  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    {
      if (span / time_steps[i] <= max_ticks - 1)
        {
          step = time_steps[i];
          break;
        }
    }

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (from_s));
    g_autoptr(GDateTime) dt = NULL;

    if (utc == NULL)
      return;
    dt = g_date_time_to_timezone (utc, tz);
    start = align_local (dt, step);
  }

  cursor = g_date_time_ref (start);
  /* Bounded twice: by the tick cap and by the window end. */
  for (guint guard = 0; cursor != NULL && guard < FD_CHART_MAX_TICKS * 4; guard++)
    {
      double t = (double) g_date_time_to_unix (cursor);
      GDateTime *next;

      if (t > to_s || n >= max_ticks || n >= FD_CHART_MAX_TICKS)
        break;
      if (t >= from_s)
        {
          ticks->values[n] = t;
          ticks->labels[n] = fd_chart_format_time_label (t, step, tz);
          n++;
        }
      next = advance (cursor, step);
      g_date_time_unref (cursor);
      cursor = next;
    }

  ticks->n_ticks = n;
  ticks->step = step;
  ticks->min = from_s;
  ticks->max = to_s;
}
