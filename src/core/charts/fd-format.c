/* fd-format.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-format"

#include "config.h"

#include "fd-format.h"

#include "fd-time.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Numbers use a dot and ASCII spaces whatever the locale, so that exported
 * charts, tables and tests are reproducible. Month names in dates follow the
 * locale: they are only shown, never read back. */

static char *
format_fixed (double value,
              guint  decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[16];
  char *p;

  g_snprintf (fmt, sizeof fmt, "%%.%uf", MIN (decimals, 9));
  g_ascii_formatd (buf, sizeof buf, fmt, value);

  /* A negative value that rounds to zero reads as "0", not "-0.0". */
  p = buf[0] == '-' ? buf + 1 : buf;
  if (strspn (p, "0.") == strlen (p))
    return g_strdup (p);
  return g_strdup (buf);
}

/**
 * fd_format_decimal:
 * @value: a value
 * @decimals: how many digits after the point, at most 9
 *
 * Formats @value with a fixed number of decimals and a dot whatever the
 * locale, as files others read want it: "12.500".
 *
 * Returns: (transfer full): the text, or %FD_FORMAT_NO_VALUE when @value is
 *   not finite
 */
char *
fd_format_decimal (double value,
                   guint  decimals)
{
  if (!isfinite (value))
    return g_strdup (FD_FORMAT_NO_VALUE);

  return format_fixed (value, decimals);
}

/**
 * fd_format_number:
 * @value: a value
 *
 * Formats a value compactly for axes and labels: "12", "0.25", "1.2 k", "3.4 M".
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_number (double value)
{
  static const char *suffixes[] = { "k", "M", "G", "T", "P" };
  double magnitude = fabs (value);
  g_autofree char *digits = NULL;

  if (!isfinite (value))
    return g_strdup (FD_FORMAT_NO_VALUE);

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
 * fd_format_count:
 * @value: a count
 *
 * Formats a count in full with thousands separators: "1,204". Counts of
 * 10^18 and more, which no longer fit the digits, fall back to
 * fd_format_number().
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_count (double value)
{
  char digits[64];
  GString *out;
  gsize len, lead;
  gint64 rounded;

  if (!isfinite (value))
    return g_strdup (FD_FORMAT_NO_VALUE);
  if (fabs (value) >= 1e18)
    return fd_format_number (value);

  rounded = (gint64) llround (fabs (value));
  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, rounded);
  len = strlen (digits);
  out = g_string_new (value < 0 && rounded != 0 ? "-" : "");
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
 * fd_format_percent:
 * @fraction: a share, 0..1
 *
 * Formats a share as a percentage with one decimal: "97.3 %".
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_percent (double fraction)
{
  g_autofree char *digits = NULL;

  if (!isfinite (fraction))
    return g_strdup (FD_FORMAT_NO_VALUE);

  digits = format_fixed (fraction * 100, 1);
  return g_strdup_printf ("%s %%", digits);
}

/**
 * fd_format_duration:
 * @seconds: a duration
 *
 * Formats a duration with its two largest units: "42 s", "4 m 12 s",
 * "2 h 05 m", "3 d 04 h"; "5 m" and "2 h" when the smaller unit is zero.
 * Durations under ten seconds keep one decimal.
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_duration (double seconds)
{
  const char *sign = seconds < 0 ? "-" : "";
  gint64 total;

  if (!isfinite (seconds))
    return g_strdup (FD_FORMAT_NO_VALUE);

  seconds = fabs (seconds);
  if (seconds < 9.95)
    {
      g_autofree char *digits = format_fixed (seconds, 1);

      /* "3 s", not "3.0 s"; and "0 s", not "-0 s", for a tiny negative value. */
      if (g_str_has_suffix (digits, ".0"))
        digits[strlen (digits) - 2] = '\0';
      if (strcmp (digits, "0") == 0)
        sign = "";
      return g_strdup_printf ("%s%s s", sign, digits);
    }

  /* Beyond this the days no longer fit a gint64 of seconds; nothing we show
   * lasts that long, so say it is not known rather than wrap around. */
  if (seconds >= 9e18)
    return g_strdup (FD_FORMAT_NO_VALUE);

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
 * fd_format_age:
 * @seconds: how long ago something started
 *
 * Formats an age to the minute: "under 1 m", "4 m", "2 h 05 m". Seconds
 * would change at every refresh and say nothing an operator acts on.
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_age (double seconds)
{
  if (!isfinite (seconds))
    return g_strdup (FD_FORMAT_NO_VALUE);
  if (seconds < 60)
    return g_strdup (_("under 1 m"));

  return fd_format_duration (floor (seconds / 60) * 60);
}

/**
 * fd_format_time_ago:
 * @at: a time in the past
 * @now: the current time
 *
 * Formats how long ago @at was: "4 m 12 s ago". A time a little in the
 * future (clocks of two machines disagree) reads as "0 s ago".
 *
 * Returns: (transfer full): the text, or %FD_FORMAT_NO_VALUE when a time is
 *   not known
 */
char *
fd_format_time_ago (FdTime at,
                    FdTime now)
{
  g_autofree char *span = NULL;

  if (at == FD_TIME_NONE || now == FD_TIME_NONE)
    return g_strdup (FD_FORMAT_NO_VALUE);

  span = fd_format_duration (now > at ? (now - at) / (double) G_USEC_PER_SEC : 0);
  /* Translators: %s is a duration, e.g. "4 m 12 s" */
  return g_strdup_printf (_("%s ago"), span);
}

/**
 * fd_format_time_in_zone:
 * @at: a time
 * @zone: (nullable): the time zone to show @at in; %NULL for the user's
 * @style: how to write it
 *
 * Returns: (transfer full): @at as a date and time in @zone, or
 *   %FD_FORMAT_NO_VALUE when @at is not known or out of range
 */
char *
fd_format_time_in_zone (FdTime        at,
                        GTimeZone    *zone,
                        FdFormatTime  style)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) shown = NULL;
  const char *format;
  char *text;

  if (at == FD_TIME_NONE)
    return g_strdup (FD_FORMAT_NO_VALUE);

  /* Whole seconds, floored, so a time before 1970 does not round up a minute. */
  utc = g_date_time_new_from_unix_utc (at >= 0 ? at / G_USEC_PER_SEC
                                                : -((-(at + 1)) / G_USEC_PER_SEC) - 1);
  if (utc == NULL)
    return g_strdup (FD_FORMAT_NO_VALUE);

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();
  shown = g_date_time_to_timezone (utc, zone);
  if (shown == NULL)
    return g_strdup (FD_FORMAT_NO_VALUE);

  switch (style)
    {
    case FD_FORMAT_TIME_FULL:
      format = "%Y-%m-%d %H:%M";
      break;
    case FD_FORMAT_TIME_CLOCK:
      format = "%H:%M";
      break;
    case FD_FORMAT_TIME_SHORT:
    default:
      format = "%-d %b %H:%M";
      break;
    }

  text = g_date_time_format (shown, format);
  return text != NULL ? text : g_strdup (FD_FORMAT_NO_VALUE);
}

/**
 * fd_format_local_time:
 * @at: a time
 * @style: how to write it
 *
 * Formats @at in the user's time zone, e.g. "4 Mar 14:05".
 *
 * Returns: (transfer full): the text, or %FD_FORMAT_NO_VALUE when @at is not known
 */
char *
fd_format_local_time (FdTime       at,
                      FdFormatTime style)
{
  return fd_format_time_in_zone (at, NULL, style);
}

/**
 * fd_format_utc_time:
 * @at: a time
 *
 * Formats @at as exporters write times (see the event format): RFC 3339 in
 * UTC with `Z`, with a fraction only when there is one, so that reading
 * the text back gives @at exactly.
 *
 * Returns: (transfer full): the text, or an empty string when @at is not known
 */
char *
fd_format_utc_time (FdTime at)
{
  if (at == FD_TIME_NONE)
    return g_strdup ("");

  return fd_time_format (at);
}
