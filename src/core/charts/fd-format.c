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
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

/* Numbers shown to people follow LC_NUMERIC: its decimal separator and, for
 * counts, its thousands grouping. Numbers written for programs (CSV, JSON)
 * go through fd_format_decimal(), which always writes a dot. Every number
 * is first written in the C locale and then localised, so that the rounding
 * and the "-0" rules are the same in every language. Month names in dates
 * follow the locale too: they are only shown, never read back. */

typedef struct
{
  const char *point;
  const char *thousands;
  const char *grouping;
} Numeric;

static gboolean
is_c_locale (const char *name)
{
  return name == NULL || *name == '\0' ||
         strcmp (name, "C") == 0 || strcmp (name, "POSIX") == 0 ||
         g_str_has_prefix (name, "C.");
}

/* nl_langinfo(), unlike localeconv(), may be called from the worker
 * threads that build chart descriptions and reports. */
static void
numeric_get (Numeric *numeric)
{
  const char *name = NULL;

#ifdef _NL_LOCALE_NAME
  name = nl_langinfo (_NL_LOCALE_NAME (LC_NUMERIC));
#else
  if (strcmp (nl_langinfo (RADIXCHAR), ".") == 0 && *nl_langinfo (THOUSEP) == '\0')
    name = "C";
#endif

  /* The C locale has no grouping at all; it stands for the untranslated
   * English text, which writes "1,204". */
  if (is_c_locale (name))
    {
      numeric->point = ".";
      numeric->thousands = ",";
      numeric->grouping = "\3";
      return;
    }

  numeric->point = nl_langinfo (RADIXCHAR);
  numeric->thousands = nl_langinfo (THOUSEP);
#ifdef GROUPING
  numeric->grouping = nl_langinfo (GROUPING);
#else
  numeric->grouping = "\3";
#endif
  if (numeric->point == NULL || *numeric->point == '\0')
    numeric->point = ".";
  if (numeric->thousands == NULL)
    numeric->thousands = "";
  if (numeric->grouping == NULL)
    numeric->grouping = "";
}

/* Appends the integer digits @digits with the locale's separator between
 * the groups that @grouping describes (C's lconv rules: each byte is the
 * size of the next group leftwards, the last one repeats, CHAR_MAX ends the
 * grouping). */
static void
append_grouped (GString       *out,
                const char    *digits,
                gsize          len,
                const Numeric *numeric)
{
  gsize sizes[64];
  gsize n_sizes = 0;
  gsize remaining = len;
  const char *g = numeric->grouping;
  gsize size = 0;

  if (*numeric->thousands == '\0' || *g == '\0' || *g <= 0 || *g == CHAR_MAX)
    {
      g_string_append_len (out, digits, len);
      return;
    }

  while (remaining > 0 && n_sizes < G_N_ELEMENTS (sizes) - 1)
    {
      if (*g == CHAR_MAX || *g < 0)
        size = remaining;
      else if (*g != '\0')
        size = (gsize) *g++;
      sizes[n_sizes++] = MIN (size, remaining);
      remaining -= MIN (size, remaining);
    }
  if (remaining > 0)
    sizes[n_sizes++] = remaining;

  for (gsize i = n_sizes; i > 0; i--)
    {
      g_string_append_len (out, digits, sizes[i - 1]);
      digits += sizes[i - 1];
      if (i > 1)
        g_string_append (out, numeric->thousands);
    }
}

/* Turns a number the C locale wrote ("-1234.5", "1.2e-05") into the user's
 * locale: the decimal separator and, when @group, the thousands grouping. */
static char *
localize (const char *c_text,
          gboolean    group)
{
  Numeric numeric;
  GString *out = g_string_sized_new (strlen (c_text) + 8);
  const char *p = c_text;
  gsize n_digits;

  numeric_get (&numeric);
  if (*p == '-' || *p == '+')
    g_string_append_c (out, *p++);
  n_digits = strspn (p, "0123456789");
  if (group)
    append_grouped (out, p, n_digits, &numeric);
  else
    g_string_append_len (out, p, n_digits);
  for (p += n_digits; *p != '\0'; p++)
    {
      if (*p == '.')
        g_string_append (out, numeric.point);
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Writes @digits, already localised, as a percentage. */
static char *
percent_text (const char *digits)
{
  /* Translators: a percentage; %s is the number, already written with your
   * language's decimal separator. Place the sign and the space as your
   * language does (German "97,3 %", French with U+202F before the sign);
   * keep %% for the sign. */
  return g_strdup_printf (C_("percent", "%s %%"), digits);
}

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

/* Drops a zero decimal from a C-locale number: "2.0" reads as noise. */
static void
drop_zero_decimal (char *digits)
{
  if (g_str_has_suffix (digits, ".0"))
    digits[strlen (digits) - 2] = '\0';
}

/**
 * fd_format_decimal:
 * @value: a value
 * @decimals: how many digits after the point, at most 9
 *
 * Formats @value with a fixed number of decimals and a dot whatever the
 * locale, as files others read want it (CSV): "12.500". Text shown to a
 * person uses fd_format_fixed() instead.
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
 * fd_format_fixed:
 * @value: a value
 * @decimals: how many digits after the separator, at most 9
 *
 * Formats @value with a fixed number of decimals, the locale's decimal
 * separator and its thousands grouping: "0.67", "12,345.7"; "0,67" and
 * "12.345,7" in German.
 *
 * Returns: (transfer full): the text, or %FD_FORMAT_NO_VALUE when @value is
 *   not finite
 */
char *
fd_format_fixed (double value,
                 guint  decimals)
{
  g_autofree char *digits = NULL;

  if (!isfinite (value))
    return g_strdup (FD_FORMAT_NO_VALUE);

  digits = format_fixed (value, decimals);
  return localize (digits, TRUE);
}

/**
 * fd_format_significant:
 * @value: a value
 * @digits: how many significant digits, 1 to 17
 *
 * Formats @value like printf's `%g` with @digits significant digits, but
 * with the locale's decimal separator: "0.0123", "1.5e-05"; "0,0123" in
 * German.
 *
 * Returns: (transfer full): the text, or %FD_FORMAT_NO_VALUE when @value is
 *   not finite
 */
char *
fd_format_significant (double value,
                       guint  digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[16];

  if (!isfinite (value))
    return g_strdup (FD_FORMAT_NO_VALUE);

  g_snprintf (fmt, sizeof fmt, "%%.%ug", CLAMP (digits, 1, 17));
  g_ascii_formatd (buf, sizeof buf, fmt, value == 0 ? 0 : value);
  return localize (buf, TRUE);
}

/**
 * fd_format_number:
 * @value: a value
 *
 * Formats a value compactly for axes and labels: "12", "0.25", "1.2 k",
 * "3.4 M", with the locale's decimal separator ("1,2 k" in German).
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
        digits = format_fixed (value, 0);
      else if (magnitude >= 1)
        digits = format_fixed (value, 1);
      else
        digits = format_fixed (value, 2);
      return localize (digits, FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      double scaled = value / pow (1000, i + 1);

      if (fabs (scaled) < 999.95 || i == G_N_ELEMENTS (suffixes) - 1)
        {
          g_autofree char *shown = NULL;

          if (fabs (scaled) >= 100)
            digits = format_fixed (scaled, 0);
          else
            digits = format_fixed (scaled, 1);
          drop_zero_decimal (digits);
          shown = localize (digits, FALSE);
          return g_strdup_printf ("%s %s", shown, suffixes[i]);
        }
    }

  g_assert_not_reached ();
}

/**
 * fd_format_count:
 * @value: a count
 *
 * Formats a count in full with the locale's thousands grouping: "1,204",
 * "1.204" in German. Counts of 10^18 and more, which no longer fit the
 * digits, fall back to fd_format_number().
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_count (double value)
{
  char digits[64];
  gint64 rounded;

  if (!isfinite (value))
    return g_strdup (FD_FORMAT_NO_VALUE);
  if (fabs (value) >= 1e18)
    return fd_format_number (value);

  rounded = (gint64) llround (fabs (value));
  g_snprintf (digits, sizeof digits, "%s%" G_GINT64_FORMAT,
              value < 0 && rounded != 0 ? "-" : "", rounded);

  return localize (digits, TRUE);
}

/**
 * fd_format_percent:
 * @fraction: a share, 0..1
 *
 * Formats a share as a percentage with one decimal, as the locale writes
 * it: "97.3 %", "97,3 %" in German.
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_percent (double fraction)
{
  g_autofree char *digits = NULL;
  g_autofree char *shown = NULL;

  if (!isfinite (fraction))
    return g_strdup (FD_FORMAT_NO_VALUE);

  digits = format_fixed (fraction * 100, 1);
  shown = localize (digits, TRUE);
  return percent_text (shown);
}

/**
 * fd_format_percent_compact:
 * @fraction: a share, 0..1
 *
 * Formats a share as a percentage with at most two decimals and no
 * trailing zeros, for set values such as canary steps and thresholds:
 * "25 %", "2.5 %" ("2,5 %" in German).
 *
 * Returns: (transfer full): the text
 */
char *
fd_format_percent_compact (double fraction)
{
  g_autofree char *digits = NULL;
  g_autofree char *shown = NULL;
  char *end;

  if (!isfinite (fraction))
    return g_strdup (FD_FORMAT_NO_VALUE);

  digits = format_fixed (fraction * 100, 2);
  if (strchr (digits, '.') != NULL)
    {
      end = digits + strlen (digits);
      while (end[-1] == '0')
        *--end = '\0';
      if (end[-1] == '.')
        end[-1] = '\0';
    }
  shown = localize (digits, TRUE);
  return percent_text (shown);
}

/**
 * fd_format_duration:
 * @seconds: a duration
 *
 * Formats a duration with its two largest units: "42 s", "4 m 12 s",
 * "2 h 05 m", "3 d 04 h"; "5 m" and "2 h" when the smaller unit is zero.
 * Durations under ten seconds keep one decimal, with the locale's
 * separator: "2.5 s", "2,5 s" in German.
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
      g_autofree char *shown = NULL;

      /* "3 s", not "3.0 s"; and "0 s", not "-0 s", for a tiny negative value. */
      drop_zero_decimal (digits);
      if (strcmp (digits, "0") == 0)
        sign = "";
      shown = localize (digits, FALSE);
      return g_strdup_printf ("%s%s s", sign, shown);
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
      /* Translators: a day and time in tables and tooltips, "4 Mar 14:05";
       * see strftime(3) for the codes. */
      format = C_("short date", "%-d %b %H:%M");
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
