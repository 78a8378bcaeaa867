/* test-format.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-format"

#include "config.h"

#include "fd-chart-format.h"
#include "fd-format.h"

#include <locale.h>
#include <math.h>

#define SEC G_USEC_PER_SEC

typedef struct
{
  double      value;
  const char *text;
} Case;

typedef char *(*FormatFunc) (double value);

static void
check_cases (FormatFunc  func,
             const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = func (cases[i].value);

      g_test_message ("%g -> %s", cases[i].value, text);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_duration (void)
{
  static const Case cases[] = {
    { 0, "0 s" },
    { -0.0, "0 s" },
    { -0.01, "0 s" },
    { 0.04, "0 s" },
    { 0.26, "0.3 s" },
    { 2.96, "3 s" },
    { 1, "1 s" },
    { 9.9, "9.9 s" },
    { 9.96, "10 s" },
    { 42, "42 s" },
    { 59.4, "59 s" },
    { 60, "1 m" },
    { 252, "4 m 12 s" },
    { 300, "5 m" },
    { 3599, "59 m 59 s" },
    { 3600, "1 h" },
    { 3659, "1 h" },
    { 7500, "2 h 05 m" },
    { 86399, "23 h 59 m" },
    { 86400, "1 d" },
    { 3 * 86400 + 4 * 3600 + 59, "3 d 04 h" },
    { 400 * 86400, "400 d" },
    { -252, "-4 m 12 s" },
    { -3.5, "-3.5 s" },
    { -7500, "-2 h 05 m" },
    { 1e15, "11574074074 d 01 h" },
    { 1e300, FD_FORMAT_NO_VALUE },
    { -1e300, FD_FORMAT_NO_VALUE },
    { NAN, FD_FORMAT_NO_VALUE },
    { INFINITY, FD_FORMAT_NO_VALUE },
  };

  check_cases (fd_format_duration, cases, G_N_ELEMENTS (cases));
  /* The chart code's name gives the same text. */
  check_cases (fd_chart_format_duration, cases, G_N_ELEMENTS (cases));
}

static void
test_format_age (void)
{
  static const Case cases[] = {
    { -5, "under 1 m" },
    { 0, "under 1 m" },
    { 59.9, "under 1 m" },
    { 60, "1 m" },
    { 252, "4 m" },       /* to the minute: the seconds are left out */
    { 7559, "2 h 05 m" },
    { 90000, "1 d 01 h" },
    { NAN, FD_FORMAT_NO_VALUE },
  };

  check_cases (fd_format_age, cases, G_N_ELEMENTS (cases));
}

static void
test_format_time_ago (void)
{
  FdTime now = (FdTime) 1700000000 * SEC;
  g_autofree char *ago = fd_format_time_ago (now - 252 * SEC, now);
  g_autofree char *future = fd_format_time_ago (now + 5 * SEC, now);
  g_autofree char *unknown = fd_format_time_ago (FD_TIME_NONE, now);

  g_assert_cmpstr (ago, ==, "4 m 12 s ago");
  g_assert_cmpstr (future, ==, "0 s ago");
  g_assert_cmpstr (unknown, ==, FD_FORMAT_NO_VALUE);
}

static void
test_format_percent (void)
{
  static const Case cases[] = {
    { 0, "0.0 %" },
    { 0.973, "97.3 %" },
    { 0.97349, "97.3 %" },
    { 1, "100.0 %" },
    { 0.0004, "0.0 %" },
    { -0.0004, "0.0 %" },     /* never "-0.0 %" */
    { -0.25, "-25.0 %" },
    { 12.5, "1,250.0 %" },
    { NAN, FD_FORMAT_NO_VALUE },
    { -INFINITY, FD_FORMAT_NO_VALUE },
  };

  check_cases (fd_format_percent, cases, G_N_ELEMENTS (cases));
  check_cases (fd_chart_format_percent, cases, G_N_ELEMENTS (cases));
}

static void
test_format_count (void)
{
  static const Case cases[] = {
    { 0, "0" },
    { 7, "7" },
    { 999, "999" },
    { 1000, "1,000" },
    { 1204, "1,204" },
    { 1234567, "1,234,567" },
    { -1234567, "-1,234,567" },
    { -0.4, "0" },
    { 2.5, "3" },
    { 1e17, "100,000,000,000,000,000" },
    { 1e18, "1000 P" },
    { 1e21, "1000000 P" },
    { NAN, FD_FORMAT_NO_VALUE },
  };

  check_cases (fd_format_count, cases, G_N_ELEMENTS (cases));
  check_cases (fd_chart_format_count, cases, G_N_ELEMENTS (cases));
}

static void
test_format_number (void)
{
  static const Case cases[] = {
    { 0, "0" },
    { 12, "12" },
    { 0.25, "0.25" },
    { 2.5, "2.5" },
    { -2.5, "-2.5" },
    { 150.4, "150" },
    { 1000, "1 k" },
    { 1234, "1.2 k" },
    { 3.4e6, "3.4 M" },
    { 999950, "1 M" },
    { -2e9, "-2 G" },
    { 1e20, "100000 P" },
    { NAN, FD_FORMAT_NO_VALUE },
  };

  check_cases (fd_format_number, cases, G_N_ELEMENTS (cases));
  check_cases (fd_chart_format_number, cases, G_N_ELEMENTS (cases));
}

static void
test_format_decimal (void)
{
  g_autofree char *a = fd_format_decimal (12.5, 3);
  g_autofree char *b = fd_format_decimal (-0.0001, 3);
  g_autofree char *c = fd_format_decimal (1e20, 0);
  g_autofree char *d = fd_format_decimal (2.0 / 3, 2);
  g_autofree char *e = fd_format_decimal (NAN, 3);

  g_assert_cmpstr (a, ==, "12.500");
  g_assert_cmpstr (b, ==, "0.000");
  g_assert_cmpstr (c, ==, "100000000000000000000");
  g_assert_cmpstr (d, ==, "0.67");
  g_assert_cmpstr (e, ==, FD_FORMAT_NO_VALUE);
}

/* Switches LC_NUMERIC to German for one test; the test fails, rather than
 * skips, where the locale is not installed (build-aux/install-deps.sh
 * generates it). Returns the locale to restore, or %NULL. */
static char *
use_german_numbers (void)
{
  char *old = g_strdup (setlocale (LC_NUMERIC, NULL));

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_fail_printf ("the de_DE.UTF-8 locale is not installed (run build-aux/install-deps.sh)");
      g_free (old);
      return NULL;
    }

  return old;
}

static void
restore_numbers (char *old)
{
  setlocale (LC_NUMERIC, old);
  g_free (old);
}

static void
test_format_german (void)
{
  static const Case percent[] = {
    { 0.973, "97,3 %" },
    { 0.97349, "97,3 %" },
    { 1, "100,0 %" },
    { -0.0004, "0,0 %" },
    { -0.25, "-25,0 %" },
    { 12.5, "1.250,0 %" },
    { NAN, FD_FORMAT_NO_VALUE },
  };
  static const Case count[] = {
    { 999, "999" },
    { 1204, "1.204" },
    { 1234567, "1.234.567" },
    { -1234567, "-1.234.567" },
    { -0.4, "0" },
    { 2.5, "3" },
    { 1e17, "100.000.000.000.000.000" },
    { 1e18, "1000 P" },
    { NAN, FD_FORMAT_NO_VALUE },
  };
  static const Case number[] = {
    { 0, "0" },
    { 0.25, "0,25" },
    { -2.5, "-2,5" },
    { 150.4, "150" },
    { 1000, "1 k" },
    { 1234, "1,2 k" },
    { -1260, "-1,3 k" },
    { 3.4e6, "3,4 M" },
    { 999950, "1 M" },
    { NAN, FD_FORMAT_NO_VALUE },
  };
  static const Case duration[] = {
    { 1.5, "1,5 s" },
    { 0.26, "0,3 s" },
    { 2.96, "3 s" },
    { -3.5, "-3,5 s" },
    { -0.01, "0 s" },
    { 252, "4 m 12 s" },
    { 7500, "2 h 05 m" },
    { NAN, FD_FORMAT_NO_VALUE },
  };
  static const Case compact[] = {
    { 0.25, "25 %" },
    { 0.025, "2,5 %" },
    { 0.12345, "12,35 %" },
    { 1, "100 %" },
    { -0.00001, "0 %" },
  };
  char *old = use_german_numbers ();

  if (old == NULL)
    return;

  check_cases (fd_format_percent, percent, G_N_ELEMENTS (percent));
  check_cases (fd_chart_format_percent, percent, G_N_ELEMENTS (percent));
  check_cases (fd_format_count, count, G_N_ELEMENTS (count));
  check_cases (fd_format_number, number, G_N_ELEMENTS (number));
  check_cases (fd_format_duration, duration, G_N_ELEMENTS (duration));
  check_cases (fd_format_percent_compact, compact, G_N_ELEMENTS (compact));

  {
    g_autofree char *ms = fd_chart_format_value (FD_CHART_FORMAT_MILLISECONDS, 12.5);
    g_autofree char *ms_long = fd_chart_format_value (FD_CHART_FORMAT_MILLISECONDS, 1500);
    g_autofree char *fixed = fd_format_fixed (2.0 / 3, 2);
    g_autofree char *fixed_neg = fd_format_fixed (-0.001, 2);
    g_autofree char *fixed_big = fd_format_fixed (12345.678, 1);
    g_autofree char *p = fd_format_significant (0.0123456, 3);
    g_autofree char *tiny = fd_format_significant (1.5e-5, 3);
    g_autofree char *age = fd_format_age (30);

    g_assert_cmpstr (ms, ==, "12,5 ms");
    g_assert_cmpstr (ms_long, ==, "1,5 s");
    g_assert_cmpstr (fixed, ==, "0,67");
    g_assert_cmpstr (fixed_neg, ==, "0,00");
    /* Fixed decimals are not grouped: they are ratios and measurements. */
    g_assert_cmpstr (fixed_big, ==, "12.345,7");
    g_assert_cmpstr (p, ==, "0,0123");
    g_assert_cmpstr (tiny, ==, "1,5e-05");
    g_assert_cmpstr (age, ==, "under 1 m");
  }

  restore_numbers (old);
}

/* The same values in the C locale: the English text the tests and the
 * documentation show, with a comma between thousands. */
static void
test_format_c_locale (void)
{
  static const Case compact[] = {
    { 0.25, "25 %" },
    { 0.025, "2.5 %" },
    { 0.12345, "12.35 %" },
    { 1, "100 %" },
    { NAN, FD_FORMAT_NO_VALUE },
  };
  g_autofree char *fixed = fd_format_fixed (2.0 / 3, 2);
  g_autofree char *fixed_big = fd_format_fixed (12345.678, 1);
  g_autofree char *p = fd_format_significant (0.0123456, 3);
  g_autofree char *tiny = fd_format_significant (1.5e-5, 3);
  g_autofree char *none = fd_format_significant (INFINITY, 3);

  g_assert_cmpstr (setlocale (LC_NUMERIC, NULL), ==, "C.UTF-8");
  check_cases (fd_format_percent_compact, compact, G_N_ELEMENTS (compact));
  g_assert_cmpstr (fixed, ==, "0.67");
  g_assert_cmpstr (fixed_big, ==, "12,345.7");
  g_assert_cmpstr (p, ==, "0.0123");
  g_assert_cmpstr (tiny, ==, "1.5e-05");
  g_assert_cmpstr (none, ==, FD_FORMAT_NO_VALUE);
}

/* Files others read keep the dot whatever the locale. */
static void
test_format_decimal_german (void)
{
  char *old = use_german_numbers ();

  if (old == NULL)
    return;

  {
    g_autofree char *decimal = fd_format_decimal (12.5, 3);
    g_autofree char *big = fd_format_decimal (1234567.25, 2);
    g_autofree char *negative = fd_format_decimal (-0.0001, 3);

    g_assert_cmpstr (decimal, ==, "12.500");
    g_assert_cmpstr (big, ==, "1234567.25");
    g_assert_cmpstr (negative, ==, "0.000");
  }

  restore_numbers (old);
}

static void
test_format_time_in_zone (void)
{
  /* 2026-03-04T13:05:30Z; Berlin is UTC+1 in March, New York UTC-5. */
  FdTime at = (FdTime) 1772629530 * SEC + 250000;
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) offset = g_time_zone_new_identifier ("+05:30");

  if (berlin == NULL || new_york == NULL)
    {
      g_test_skip ("the time zone database is not installed");
      return;
    }

  {
    g_autofree char *short_utc = fd_format_time_in_zone (at, utc, FD_FORMAT_TIME_SHORT);
    g_autofree char *short_berlin = fd_format_time_in_zone (at, berlin, FD_FORMAT_TIME_SHORT);
    g_autofree char *full_berlin = fd_format_time_in_zone (at, berlin, FD_FORMAT_TIME_FULL);
    g_autofree char *clock_ny = fd_format_time_in_zone (at, new_york, FD_FORMAT_TIME_CLOCK);
    g_autofree char *full_offset = fd_format_time_in_zone (at, offset, FD_FORMAT_TIME_FULL);
    /* 00:30 in Berlin is still the previous day in UTC. */
    g_autofree char *midnight = fd_format_time_in_zone ((FdTime) 1772580600 * SEC, berlin,
                                                        FD_FORMAT_TIME_FULL);
    /* Summer time: 2026-07-01T12:00:00Z is 14:00 in Berlin. */
    g_autofree char *summer = fd_format_time_in_zone ((FdTime) 1782907200 * SEC, berlin,
                                                      FD_FORMAT_TIME_SHORT);

    g_assert_cmpstr (short_utc, ==, "4 Mar 13:05");
    g_assert_cmpstr (short_berlin, ==, "4 Mar 14:05");
    g_assert_cmpstr (full_berlin, ==, "2026-03-04 14:05");
    g_assert_cmpstr (clock_ny, ==, "08:05");
    g_assert_cmpstr (full_offset, ==, "2026-03-04 18:35");
    g_assert_cmpstr (midnight, ==, "2026-03-04 00:30");
    g_assert_cmpstr (summer, ==, "1 Jul 14:00");
  }
}

static void
test_format_time_edge (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *none = fd_format_time_in_zone (FD_TIME_NONE, utc, FD_FORMAT_TIME_SHORT);
  /* Half a second before the epoch is 23:59:59.5 on the last day of 1969. */
  g_autofree char *before = fd_format_time_in_zone (-SEC / 2 - 60 * SEC, utc, FD_FORMAT_TIME_FULL);
  g_autofree char *huge = fd_format_time_in_zone (G_MAXINT64, utc, FD_FORMAT_TIME_FULL);

  g_assert_cmpstr (none, ==, FD_FORMAT_NO_VALUE);
  g_assert_cmpstr (before, ==, "1969-12-31 23:58");
  g_assert_cmpstr (huge, ==, FD_FORMAT_NO_VALUE);
}

/* The local time follows TZ, which the test environment sets to UTC; this
 * case moves it to Berlin and back. */
static void
test_format_local_time (void)
{
  FdTime at = (FdTime) 1772629530 * SEC;
  g_autofree char *old = g_strdup (g_getenv ("TZ"));
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autofree char *in_utc = NULL;
  g_autofree char *in_berlin = NULL;

  if (berlin == NULL)
    {
      g_test_skip ("the time zone database is not installed");
      return;
    }

  g_setenv ("TZ", "UTC", TRUE);
  in_utc = fd_format_local_time (at, FD_FORMAT_TIME_FULL);
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  in_berlin = fd_format_local_time (at, FD_FORMAT_TIME_FULL);
  if (old != NULL)
    g_setenv ("TZ", old, TRUE);
  else
    g_unsetenv ("TZ");

  g_assert_cmpstr (in_utc, ==, "2026-03-04 13:05");
  g_assert_cmpstr (in_berlin, ==, "2026-03-04 14:05");
}

static void
test_format_utc_time (void)
{
  FdTime at = (FdTime) 1779271632 * SEC;
  g_autofree char *whole = fd_format_utc_time (at);
  g_autofree char *fraction = fd_format_utc_time (at + 250000);
  g_autofree char *none = fd_format_utc_time (FD_TIME_NONE);

  g_assert_cmpstr (whole, ==, "2026-05-20T10:07:12Z");
  g_assert_cmpstr (fraction, ==, "2026-05-20T10:07:12.250000Z");
  g_assert_cmpstr (none, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/format/duration", test_format_duration);
  g_test_add_func ("/flightdeck/format/age", test_format_age);
  g_test_add_func ("/flightdeck/format/time-ago", test_format_time_ago);
  g_test_add_func ("/flightdeck/format/percent", test_format_percent);
  g_test_add_func ("/flightdeck/format/count", test_format_count);
  g_test_add_func ("/flightdeck/format/number", test_format_number);
  g_test_add_func ("/flightdeck/format/decimal", test_format_decimal);
  g_test_add_func ("/flightdeck/format/c-locale", test_format_c_locale);
  g_test_add_func ("/flightdeck/format/german", test_format_german);
  g_test_add_func ("/flightdeck/format/decimal-german", test_format_decimal_german);
  g_test_add_func ("/flightdeck/format/time-in-zone", test_format_time_in_zone);
  g_test_add_func ("/flightdeck/format/time-edge", test_format_time_edge);
  g_test_add_func ("/flightdeck/format/local-time", test_format_local_time);
  g_test_add_func ("/flightdeck/format/utc-time", test_format_utc_time);

  return g_test_run ();
}
