/* fd-chart-format.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-format"

#include "config.h"

#include "fd-chart-format.h"

#include "fd-format.h"

#include <math.h>

/* The formatting itself lives in fd-format.c, shared with the pages and the
 * CSV export; these names stay for the chart code. */

/**
 * fd_chart_format_number:
 * @value: a value
 *
 * Returns: (transfer full): fd_format_number() of @value
 */
char *
fd_chart_format_number (double value)
{
  return fd_format_number (value);
}

/**
 * fd_chart_format_count:
 * @value: a count
 *
 * Returns: (transfer full): fd_format_count() of @value
 */
char *
fd_chart_format_count (double value)
{
  return fd_format_count (value);
}

/**
 * fd_chart_format_percent:
 * @fraction: a share, 0..1
 *
 * Returns: (transfer full): fd_format_percent() of @fraction
 */
char *
fd_chart_format_percent (double fraction)
{
  return fd_format_percent (fraction);
}

/**
 * fd_chart_format_duration:
 * @seconds: a duration
 *
 * Returns: (transfer full): fd_format_duration() of @seconds
 */
char *
fd_chart_format_duration (double seconds)
{
  return fd_format_duration (seconds);
}

/**
 * fd_chart_format_value:
 * @format: how to format
 * @value: the value
 *
 * Returns: (transfer full): @value formatted according to @format
 */
char *
fd_chart_format_value (FdChartFormat format,
                       double        value)
{
  switch (format)
    {
    case FD_CHART_FORMAT_COUNT:
      return fd_chart_format_count (value);
    case FD_CHART_FORMAT_PERCENT:
      return fd_chart_format_percent (value);
    case FD_CHART_FORMAT_DURATION:
      return fd_chart_format_duration (value);
    case FD_CHART_FORMAT_MILLISECONDS:
      if (isfinite (value) && fabs (value) >= 1000)
        return fd_chart_format_duration (value / 1000);
      if (isfinite (value))
        {
          g_autofree char *digits = fd_chart_format_number (value);

          return g_strdup_printf ("%s ms", digits);
        }
      return g_strdup (FD_FORMAT_NO_VALUE);
    case FD_CHART_FORMAT_NUMBER:
    default:
      return fd_chart_format_number (value);
    }
}
