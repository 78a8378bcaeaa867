/* fd-time.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-time"

#include "config.h"

#include "fd-time.h"

#include <string.h>

#define US_PER_SECOND G_GINT64_CONSTANT (1000000)
#define US_PER_DAY    (G_GINT64_CONSTANT (86400) * US_PER_SECOND)

/**
 * fd_time_days_from_civil:
 * @year: the year
 * @month: the month, 1–12
 * @day: the day of the month, 1–31
 *
 * Converts a proleptic Gregorian date to a day count without going through
 * the C library, whose time_t and time zone handling vary between systems
 * (H. Hinnant's algorithm).
 *
 * Returns: the number of days since 1970-01-01
 */
gint64
fd_time_days_from_civil (gint64 year,
                         guint  month,
                         guint  day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 era, doe, yoe, doy, mp, y;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (guint) (doy - (153 * mp + 2) / 5 + 1);
  *month = (guint) (mp < 10 ? mp + 3 : mp - 9);
  *year = y + (*month <= 2);
}

static inline gboolean
digits (const char *s,
        guint       n,
        guint      *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }

  *out = v;
  return TRUE;
}

static guint
days_in_month (guint year,
               guint month)
{
  static const guint8 days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return 29;
  return days[month - 1];
}

/**
 * fd_time_parse:
 * @str: the text, not necessarily nul-terminated
 * @len: the length of @str in bytes
 * @out: (out): return location for the time in microseconds since the epoch, UTC
 *
 * Parses an RFC 3339 time exactly as the event format (events v1) allows
 * it: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of any length, then `Z` or
 * `±HH:MM`; uppercase `T` and `Z`, seconds 00–59, years 1900–2200 as written.
 * Fraction digits beyond microseconds are dropped, which floors the time
 * even before 1970 because the fraction always counts forward.
 *
 * Returns: %TRUE on success; on failure @out is left alone
 */
gboolean
fd_time_parse (const char *str,
               gsize       len,
               FdTime     *out)
{
  guint year, month, day, hour, minute, second;
  guint frac = 0;
  gint64 offset_s = 0;
  gint64 days;
  gsize i;

  g_return_val_if_fail (str != NULL || len == 0, FALSE);

  if (len < 20)
    return FALSE;

  if (!digits (str, 4, &year) || str[4] != '-' ||
      !digits (str + 5, 2, &month) || str[7] != '-' ||
      !digits (str + 8, 2, &day) || str[10] != 'T' ||
      !digits (str + 11, 2, &hour) || str[13] != ':' ||
      !digits (str + 14, 2, &minute) || str[16] != ':' ||
      !digits (str + 17, 2, &second))
    return FALSE;

  if (year < 1900 || year > 2200 || month < 1 || month > 12 ||
      day < 1 || day > days_in_month (year, month) ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;

  i = 19;
  if (str[i] == '.')
    {
      guint n = 0;

      i++;
      while (i < len && str[i] >= '0' && str[i] <= '9')
        {
          if (n < 6)
            frac = frac * 10 + (guint) (str[i] - '0');
          n++;
          i++;
        }
      if (n == 0)
        return FALSE;
      for (; n < 6; n++)
        frac *= 10;
    }

  if (i >= len)
    return FALSE;

  if (str[i] == 'Z')
    {
      i++;
    }
  else if (str[i] == '+' || str[i] == '-')
    {
      guint oh, om;

      if (len - i < 6 || !digits (str + i + 1, 2, &oh) || str[i + 3] != ':' ||
          !digits (str + i + 4, 2, &om) || oh > 23 || om > 59)
        return FALSE;
      offset_s = (gint64) oh * 3600 + om * 60;
      if (str[i] == '-')
        offset_s = -offset_s;
      i += 6;
    }
  else
    {
      return FALSE;
    }

  if (i != len)
    return FALSE;

  days = fd_time_days_from_civil (year, month, day);
  *out = ((days * 86400 + hour * 3600 + minute * 60 + second) - offset_s) * US_PER_SECOND + frac;

  return TRUE;
}

/**
 * fd_time_format:
 * @t: a time in microseconds since the epoch, UTC
 *
 * Formats @t the way exporters write times: RFC 3339 in UTC with `Z`, and
 * a six-digit fraction only when it is not zero, so that parsing the result
 * gives @t back exactly.
 *
 * Returns: (transfer full): the text, or "null" for %FD_TIME_NONE
 */
char *
fd_time_format (FdTime t)
{
  gint64 days, rem, year;
  guint month, day;
  int us, s;

  if (t == FD_TIME_NONE)
    return g_strdup ("null");

  days = t / US_PER_DAY;
  rem = t % US_PER_DAY;
  if (rem < 0)
    {
      rem += US_PER_DAY;
      days--;
    }

  civil_from_days (days, &year, &month, &day);
  us = (int) (rem % US_PER_SECOND);
  s = (int) (rem / US_PER_SECOND);

  if (us != 0)
    return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02u-%02uT%02d:%02d:%02d.%06dZ",
                            year, month, day, s / 3600, (s / 60) % 60, s % 60, us);

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02u-%02uT%02d:%02d:%02dZ",
                          year, month, day, s / 3600, (s / 60) % 60, s % 60);
}

/**
 * fd_time_now:
 *
 * Returns: the current wall-clock time in microseconds since the epoch
 */
FdTime
fd_time_now (void)
{
  return g_get_real_time ();
}

/**
 * fd_time_parse_duration:
 * @str: a duration such as "2h", "1h30m", "45m", "90s", "1d" or "3600"
 * @out_seconds: (out): the duration in seconds
 *
 * Returns: %TRUE when @str is a positive duration of at most a year
 */
gboolean
fd_time_parse_duration (const char *str,
                        gint64     *out_seconds)
{
  gint64 total = 0;
  gboolean any = FALSE;
  const char *p = str;

  g_return_val_if_fail (out_seconds != NULL, FALSE);

  if (str == NULL || *str == '\0')
    return FALSE;

  while (*p != '\0')
    {
      gint64 value = 0;
      gint64 unit;
      const char *start = p;

      while (g_ascii_isdigit (*p))
        {
          value = value * 10 + (*p - '0');
          if (value > 366 * 86400)
            return FALSE;
          p++;
        }
      if (p == start)
        return FALSE;

      switch (*p)
        {
        case 'd': unit = 86400; p++; break;
        case 'h': unit = 3600; p++; break;
        case 'm': unit = 60; p++; break;
        case 's': unit = 1; p++; break;
        case '\0':
          if (any)
            return FALSE;  /* "1h30" is ambiguous */
          unit = 1;
          break;
        default:
          return FALSE;
        }

      total += value * unit;
      if (total > 366 * 86400)
        return FALSE;
      any = TRUE;
    }

  if (total <= 0)
    return FALSE;

  *out_seconds = total;
  return TRUE;
}
