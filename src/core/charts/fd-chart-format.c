/* fd-chart-format.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-format"

#include "config.h"

#include "fd-chart-format.h"

#include <math.h>
#include <string.h>

/* Labels use a dot and ASCII spaces whatever the locale, so that exported
 * charts and tests are reproducible; "—" stands for a value that is not known. */
#define NO_VALUE "—"

static char *
format_fixed (double value,
              int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *fmt = decimals == 0 ? "%.0f" : decimals == 1 ? "%.1f" : "%.2f";

  g_ascii_formatd (buf, sizeof buf, fmt, value);
  if (strcmp (buf, "-0") == 0 || strcmp (buf, "-0.0") == 0 || strcmp (buf, "-0.00") == 0)
    return g_strdup (buf + 1);
  return g_strdup (buf);
}

/**
 * fd_chart_format_number:
 * @value: a value
 *
 * Formats a value compactly for axes and labels: "12", "0.25", "1.2 k", "3.4 M".
 *
 * Returns: (transfer full): the text
 */
char *
fd_chart_format_number (double value)
{
  static const char *suffixes[] = { "k", "M", "G", "T", "P" };
  double magnitude = fabs (value);
  g_autofree char *digits = NULL;

  if (!isfinite (value))
    return g_strdup (NO_VALUE);

  if (magnitude < 1000)
    {
      if (magnitude == 0 || magnitude >= 100 || value == round (value))
        return format_fixed (value, 0);
      if (magnitude >= 1)
        return format_fixed (value, 1);
      return format_fixed (value, 2);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      double scaled = value / pow (1000, i + 1);

      if (fabs (scaled) < 999.95 || i == G_N_ELEMENTS (suffixes) - 1)
        {
          if (fabs (scaled) >= 100)
            digits = format_fixed (scaled, 0);
          else
            digits = format_fixed (scaled, 1);
          /* "2.0 k" reads as noise; drop the zero decimal. */
          if (g_str_has_suffix (digits, ".0"))
            digits[strlen (digits) - 2] = '\0';
          return g_strdup_printf ("%s %s", digits, suffixes[i]);
        }
    }

  g_assert_not_reached ();
}

/**
 * fd_chart_format_count:
 * @value: a count
 *
 * Formats a count in full with thousands separators: "1,204".
 *
 * Returns: (transfer full): the text
 */
char *
fd_chart_format_count (double value)
{
  char digits[64];
  GString *out;
  gsize len, lead;
  gboolean negative = value < 0;

  if (!isfinite (value) || fabs (value) >= 1e18)
    return isfinite (value) ? fd_chart_format_number (value) : g_strdup (NO_VALUE);

  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, (gint64) llround (fabs (value)));
  len = strlen (digits);
  out = g_string_new (negative && llround (fabs (value)) != 0 ? "-" : "");
  lead = len % 3 == 0 ? 3 : len % 3;
  g_string_append_len (out, digits, lead);
  for (gsize i = lead; i < len; i += 3)
    {
      g_string_append_c (out, ',');
      g_string_append_len (out, digits + i, 3);
    }

  return g_string_free (out, FALSE);
}

/**
 * fd_chart_format_percent:
 * @fraction: a share, 0..1
 *
 * Formats a share as a percentage with one decimal: "97.3 %".
 *
 * Returns: (transfer full): the text
 */
char *
fd_chart_format_percent (double fraction)
{
  g_autofree char *digits = NULL;

  if (!isfinite (fraction))
    return g_strdup (NO_VALUE);

  digits = format_fixed (fraction * 100, 1);
  return g_strdup_printf ("%s %%", digits);
}

/**
 * fd_chart_format_duration:
 * @seconds: a duration
 *
 * Formats a duration with its two largest units: "42 s", "4 m 12 s",
 * "2 h 05 m", "3 d 04 h"; "5 m" and "2 h" when the smaller unit is zero.
 * Durations under ten seconds keep one decimal.
 *
 * Returns: (transfer full): the text
 */
char *
fd_chart_format_duration (double seconds)
{
  const char *sign = seconds < 0 ? "-" : "";
  gint64 total;

  if (!isfinite (seconds))
    return g_strdup (NO_VALUE);

  seconds = fabs (seconds);
  if (seconds < 9.95)
    {
      g_autofree char *digits = format_fixed (seconds, seconds == round (seconds) ? 0 : 1);

      return g_strdup_printf ("%s%s s", sign, digits);
    }

  total = (gint64) llround (seconds);
  if (total < 60)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " s", sign, total);
  /* Whole units drop the zero second part ("5 m", "2 h"), which keeps axes quiet. */
  if (total < 3600 && total % 60 == 0)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " m", sign, total / 60);
  if (total < 3600)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " m %" G_GINT64_FORMAT " s",
                            sign, total / 60, total % 60);
  if (total < 86400 && total % 3600 < 60)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " h", sign, total / 3600);
  if (total < 86400)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " m",
                            sign, total / 3600, total % 3600 / 60);
  if (total % 86400 < 3600)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " d", sign, total / 86400);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT " d %02" G_GINT64_FORMAT " h",
                          sign, total / 86400, total % 86400 / 3600);
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
      return g_strdup (NO_VALUE);
    case FD_CHART_FORMAT_NUMBER:
    default:
      return fd_chart_format_number (value);
    }
}
