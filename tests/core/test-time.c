/* test-time.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-time"

#include "config.h"

#include <string.h>

#include "fd-time.h"

typedef struct
{
  const char *text;
  gint64      us;      /* expected microseconds since the epoch */
} ValidCase;

static const ValidCase valid_cases[] = {
  { "1970-01-01T00:00:00Z", 0 },
  { "2026-11-20T10:07:12Z", G_GINT64_CONSTANT (1795169232000000) },
  { "2026-11-20T10:07:12.250Z", G_GINT64_CONSTANT (1795169232250000) },
  { "2026-11-20T11:07:12+01:00", G_GINT64_CONSTANT (1795169232000000) },
  { "2026-11-20T02:07:12-08:00", G_GINT64_CONSTANT (1795169232000000) },
  { "2026-11-20T15:37:12+05:30", G_GINT64_CONSTANT (1795169232000000) },
  /* Fractions beyond microseconds are floored, not rounded. */
  { "2026-11-20T10:07:12.1234569Z", G_GINT64_CONSTANT (1795169232123456) },
  { "2026-11-20T10:07:12.999999999Z", G_GINT64_CONSTANT (1795169232999999) },
  { "2026-11-20T10:07:12.5Z", G_GINT64_CONSTANT (1795169232500000) },
  { "2026-11-20T10:07:12.000Z", G_GINT64_CONSTANT (1795169232000000) },
  /* Before 1970 the fraction still counts forward from the whole second. */
  { "1969-12-31T23:59:59.9999999Z", -1 },
  { "1969-12-31T23:59:59.5Z", -500000 },
  { "1900-01-01T00:00:00Z", G_GINT64_CONSTANT (-2208988800000000) },
  { "1900-01-01T00:30:00+01:00", G_GINT64_CONSTANT (-2208990600000000) },
  { "2200-12-31T23:59:59Z", G_GINT64_CONSTANT (7289654399000000) },
  /* Leap years: 2000 and 2024 have 29 February, 2100 does not. */
  { "2000-02-29T00:00:00Z", G_GINT64_CONSTANT (951782400000000) },
  { "2024-02-29T12:00:00Z", G_GINT64_CONSTANT (1709208000000000) },
  { "2026-12-31T23:59:59Z", G_GINT64_CONSTANT (1798761599000000) },
  { "2026-01-01T00:00:00+23:59", G_GINT64_CONSTANT (1767139260000000) },
  { "2026-01-01T00:00:00-00:00", G_GINT64_CONSTANT (1767225600000000) },
};

static const char * const invalid_cases[] = {
  "",
  "2026-11-20",
  "2026-11-20T10:07:12",          /* no zone */
  "2026-11-20t10:07:12Z",         /* lowercase t */
  "2026-11-20T10:07:12z",         /* lowercase z */
  "2026-11-20 10:07:12Z",
  "2026-11-20T10:07:60Z",         /* no leap seconds */
  "2026-11-20T24:00:00Z",
  "2026-11-20T10:60:00Z",
  "2026-13-01T00:00:00Z",
  "2026-00-01T00:00:00Z",
  "2026-02-29T00:00:00Z",         /* not a leap year */
  "2100-02-29T00:00:00Z",
  "2026-02-30T00:00:00Z",
  "2026-04-31T00:00:00Z",
  "2026-11-00T00:00:00Z",
  "1899-12-31T23:59:59Z",
  "2201-01-01T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "2026-11-20T10:07:12.Z",        /* empty fraction */
  "2026-11-20T10:07:12,5Z",
  "2026-11-20T10:07:12+0100",
  "2026-11-20T10:07:12+01",
  "2026-11-20T10:07:12+24:00",
  "2026-11-20T10:07:12+01:60",
  "2026-11-20T10:07:12Z ",
  " 2026-11-20T10:07:12Z",
  "2026-11-20T10:07:12ZZ",
  "+2026-11-20T10:07:12Z",
  "20261-11-20T10:07:12Z",
  "2026-1-20T10:07:12Z",
  "2026-11-20T1:07:12Z",
  "2026-11-20T10:07:1Z",
  "2026-11-20T10:07:12.12a3Z",
  "２０２６-11-20T10:07:12Z",       /* non-ASCII digits */
};

static void
test_time_parse_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      FdTime v = 42;

      g_test_message ("%s", valid_cases[i].text);
      g_assert_true (fd_time_parse (valid_cases[i].text, strlen (valid_cases[i].text), &v));
      g_assert_cmpint (v, ==, valid_cases[i].us);
    }
}

static void
test_time_parse_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      FdTime v = 42;

      g_test_message ("%s", invalid_cases[i]);
      g_assert_false (fd_time_parse (invalid_cases[i], strlen (invalid_cases[i]), &v));
      g_assert_cmpint (v, ==, 42);
    }
}

/* The length bounds the parse: no reading past it, and an embedded NUL fails. */
static void
test_time_parse_length (void)
{
  const char text[] = "2026-11-20T10:07:12Z2026";
  const char with_nul[] = "2026-11-20T10:07:12\0Z";
  FdTime v = 0;

  g_assert_true (fd_time_parse (text, 20, &v));
  g_assert_cmpint (v, ==, G_GINT64_CONSTANT (1795169232000000));
  g_assert_false (fd_time_parse (text, 19, &v));
  g_assert_false (fd_time_parse (text, 21, &v));
  g_assert_false (fd_time_parse (with_nul, sizeof with_nul - 1, &v));
}

static void
test_time_format (void)
{
  struct { gint64 us; const char *text; } cases[] = {
    { 0, "1970-01-01T00:00:00Z" },
    { G_GINT64_CONSTANT (1795169232000000), "2026-11-20T10:07:12Z" },
    { G_GINT64_CONSTANT (1795169232250000), "2026-11-20T10:07:12.250000Z" },
    { -1, "1969-12-31T23:59:59.999999Z" },
    { G_GINT64_CONSTANT (-2208988800000000), "1900-01-01T00:00:00Z" },
    { G_GINT64_CONSTANT (951782400000001), "2000-02-29T00:00:00.000001Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fd_time_format (cases[i].us);
      FdTime back = 0;

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (fd_time_parse (text, strlen (text), &back));
      g_assert_cmpint (back, ==, cases[i].us);
    }
}

/* Every day from 1900 to 2200 formats and parses back to itself. */
static void
test_time_round_trip_days (void)
{
  FdTime first = 0, last = 0;

  g_assert_true (fd_time_parse ("1900-01-01T00:00:00Z", 20, &first));
  g_assert_true (fd_time_parse ("2200-12-31T00:00:00Z", 20, &last));
  g_assert_cmpint ((last - first) / (G_GINT64_CONSTANT (86400) * 1000000), ==, 109937);

  for (FdTime day = first; day <= last; day += G_GINT64_CONSTANT (86400) * 1000000)
    {
      FdTime t = day + G_GINT64_CONSTANT (45296789012);  /* 12:34:56.789012 */
      g_autofree char *text = fd_time_format (t);
      FdTime back = 0;

      g_assert_true (fd_time_parse (text, strlen (text), &back));
      g_assert_cmpint (back, ==, t);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/time/parse-valid", test_time_parse_valid);
  g_test_add_func ("/flightdeck/time/parse-invalid", test_time_parse_invalid);
  g_test_add_func ("/flightdeck/time/parse-length", test_time_parse_length);
  g_test_add_func ("/flightdeck/time/format", test_time_format);
  g_test_add_func ("/flightdeck/time/round-trip-days", test_time_round_trip_days);

  return g_test_run ();
}
