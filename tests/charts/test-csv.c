/* test-csv.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include "fd-csv.h"

#include <math.h>

static const char * const two_columns[] = { "id", "value", NULL };

/* The text of a table with one row of one text cell in column "value". */
static char *
one_cell (const char *text)
{
  g_autoptr(FdCsv) csv = fd_csv_new (two_columns);

  fd_csv_add_row (csv);
  fd_csv_add_text (csv, "x");
  fd_csv_add_text (csv, text);
  return fd_csv_to_string (csv);
}

static void
test_csv_header_and_rows (void)
{
  const char * const columns[] = { "id", "status", "started_at", "duration_s", "ok", NULL };
  g_autoptr(FdCsv) csv = fd_csv_new (columns);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpuint (fd_csv_get_n_columns (csv), ==, 5);
  g_assert_cmpuint (fd_csv_get_n_rows (csv), ==, 0);
  text = fd_csv_to_string (csv);
  g_assert_cmpstr (text, ==, "id,status,started_at,duration_s,ok\r\n");
  g_clear_pointer (&text, g_free);

  fd_csv_add_row (csv);
  fd_csv_add_text (csv, "r1");
  fd_csv_add_run_status (csv, FD_RUN_SUCCESS);
  fd_csv_add_time (csv, (FdTime) 1779271632 * G_USEC_PER_SEC);
  fd_csv_add_number (csv, 252.5, 3);
  fd_csv_add_boolean (csv, TRUE);

  /* A short row: the cells left out are empty. */
  fd_csv_add_row (csv);
  fd_csv_add_text (csv, "r2");
  fd_csv_add_run_status (csv, FD_RUN_RUNNING);
  fd_csv_add_time (csv, FD_TIME_NONE);
  fd_csv_add_number (csv, NAN, 3);

  fd_csv_add_row (csv);
  fd_csv_add_text (csv, NULL);

  g_assert_cmpuint (fd_csv_get_n_rows (csv), ==, 3);
  g_assert_cmpstr (fd_csv_get_cell (csv, 0, 1), ==, "success");
  g_assert_cmpstr (fd_csv_get_cell (csv, 1, 4), ==, "");
  g_assert_cmpstr (fd_csv_get_cell (csv, 2, 3), ==, "");

  text = fd_csv_to_string (csv);
  g_assert_cmpstr (text, ==,
                   "id,status,started_at,duration_s,ok\r\n"
                   "r1,success,2026-05-20T10:07:12Z,252.500,true\r\n"
                   "r2,running,,,\r\n"
                   ",,,,\r\n");

  bytes = fd_csv_to_bytes (csv);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text, strlen (text));
}

static void
test_csv_quoting (void)
{
  static const struct
  {
    const char *cell;
    const char *line;
  } cases[] = {
    { "plain", "x,plain\r\n" },
    { "", "x,\r\n" },
    { "a,b", "x,\"a,b\"\r\n" },
    { "say \"hi\"", "x,\"say \"\"hi\"\"\"\r\n" },
    { "\"", "x,\"\"\"\"\r\n" },
    { "two\nlines", "x,\"two\nlines\"\r\n" },
    { "crlf\r\nend", "x,\"crlf\r\nend\"\r\n" },
    { "trailing space ", "x,trailing space \r\n" },
    { "ünïcödé → ok", "x,ünïcödé → ok\r\n" },
    { "semi;colon", "x,semi;colon\r\n" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = one_cell (cases[i].cell);
      g_autofree char *expected = g_strconcat ("id,value\r\n", cases[i].line, NULL);

      g_assert_cmpstr (text, ==, expected);
    }
}

static void
test_csv_header_quoting (void)
{
  const char * const columns[] = { "name, full", "say \"x\"", NULL };
  g_autoptr(FdCsv) csv = fd_csv_new (columns);
  g_autofree char *text = fd_csv_to_string (csv);

  g_assert_cmpstr (text, ==, "\"name, full\",\"say \"\"x\"\"\"\r\n");
}

static void
test_csv_injection (void)
{
  static const struct
  {
    const char *cell;
    const char *stored;
  } cases[] = {
    { "=1+2", "'=1+2" },
    { "+49 30 1234", "'+49 30 1234" },
    { "-2+3", "'-2+3" },
    { "@SUM(A1:A2)", "'@SUM(A1:A2)" },
    { "\t=cmd", "'\t=cmd" },
    { "\r=cmd", "'\r=cmd" },
    { "=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")" },
    { "a=b", "a=b" },
    { " =x", " =x" },
    { "'already", "'already" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FdCsv) csv = fd_csv_new (two_columns);

      fd_csv_add_row (csv);
      fd_csv_add_text (csv, "x");
      fd_csv_add_text (csv, cases[i].cell);
      g_assert_cmpstr (fd_csv_get_cell (csv, 0, 1), ==, cases[i].stored);
    }

  /* Quoting still applies after the prefix. */
  {
    g_autofree char *text = one_cell ("=HYPERLINK(\"http://x\",\"y\")");

    g_assert_cmpstr (text, ==, "id,value\r\nx,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
  }

  /* Numbers are typed, so a negative number stays a number. */
  {
    g_autoptr(FdCsv) csv = fd_csv_new (two_columns);

    fd_csv_add_row (csv);
    fd_csv_add_number (csv, -1.5, 1);
    fd_csv_add_number (csv, -0.0001, 2);
    g_assert_cmpstr (fd_csv_get_cell (csv, 0, 0), ==, "-1.5");
    g_assert_cmpstr (fd_csv_get_cell (csv, 0, 1), ==, "0.00");
  }
}

static void
test_csv_status_vocabulary (void)
{
  const char * const columns[] = { "run", "deployment", "alert", "canary", "severity", NULL };
  static const char * const runs[] = { "success", "failed", "cancelled", "running", "queued" };
  static const char * const deployments[] = { "success", "failed", "rolled_back", "in_progress" };
  static const char * const alerts[] = { "firing", "acknowledged", "resolved" };
  static const char * const canaries[] = { "progressing", "paused", "promoted", "rolled_back" };
  static const char * const severities[] = { "critical", "high", "warning", "info" };
  g_autoptr(FdCsv) csv = fd_csv_new (columns);

  G_STATIC_ASSERT (G_N_ELEMENTS (runs) == FD_RUN_N_STATUS);
  G_STATIC_ASSERT (G_N_ELEMENTS (deployments) == FD_DEPLOY_N_STATUS);
  G_STATIC_ASSERT (G_N_ELEMENTS (alerts) == FD_ALERT_N_STATUS);
  G_STATIC_ASSERT (G_N_ELEMENTS (canaries) == FD_CANARY_N_STATUS);
  G_STATIC_ASSERT (G_N_ELEMENTS (severities) == FD_SEVERITY_N);

  /* Row i has the i-th word of every status; one more row has the values
   * out of range, which are empty cells rather than words of our own. */
  for (guint i = 0; i <= FD_RUN_N_STATUS; i++)
    {
      fd_csv_add_row (csv);
      fd_csv_add_run_status (csv, i);
      fd_csv_add_deploy_status (csv, MIN (i, FD_DEPLOY_N_STATUS));
      fd_csv_add_alert_status (csv, MIN (i, FD_ALERT_N_STATUS));
      fd_csv_add_canary_status (csv, MIN (i, FD_CANARY_N_STATUS));
      fd_csv_add_severity (csv, MIN (i, FD_SEVERITY_N));
    }

  for (guint i = 0; i <= FD_RUN_N_STATUS; i++)
    {
      g_assert_cmpstr (fd_csv_get_cell (csv, i, 0), ==, i < FD_RUN_N_STATUS ? runs[i] : "");
      g_assert_cmpstr (fd_csv_get_cell (csv, i, 1), ==,
                       i < FD_DEPLOY_N_STATUS ? deployments[i] : "");
      g_assert_cmpstr (fd_csv_get_cell (csv, i, 2), ==, i < FD_ALERT_N_STATUS ? alerts[i] : "");
      g_assert_cmpstr (fd_csv_get_cell (csv, i, 3), ==, i < FD_CANARY_N_STATUS ? canaries[i] : "");
      g_assert_cmpstr (fd_csv_get_cell (csv, i, 4), ==, i < FD_SEVERITY_N ? severities[i] : "");
    }
}

static void
test_csv_times (void)
{
  const char * const columns[] = { "at", NULL };
  g_autoptr(FdCsv) csv = fd_csv_new (columns);
  FdTime at = (FdTime) 1779271632 * G_USEC_PER_SEC;

  fd_csv_add_row (csv);
  fd_csv_add_time (csv, at + 250000);
  fd_csv_add_row (csv);
  fd_csv_add_time (csv, 0);
  fd_csv_add_row (csv);
  fd_csv_add_time (csv, FD_TIME_NONE);

  /* UTC with Z, whatever the local time zone (the exporters' rule). */
  g_assert_cmpstr (fd_csv_get_cell (csv, 0, 0), ==, "2026-05-20T10:07:12.250000Z");
  g_assert_cmpstr (fd_csv_get_cell (csv, 1, 0), ==, "1970-01-01T00:00:00Z");
  g_assert_cmpstr (fd_csv_get_cell (csv, 2, 0), ==, "");
}

static void
test_csv_too_many_cells (void)
{
  g_autoptr(FdCsv) csv = fd_csv_new (two_columns);
  g_autofree char *text = NULL;

  g_test_expect_message ("fd-csv", G_LOG_LEVEL_CRITICAL, "*no room for a cell*");
  fd_csv_add_text (csv, "before any row");
  g_test_assert_expected_messages ();

  fd_csv_add_row (csv);
  fd_csv_add_text (csv, "a");
  fd_csv_add_text (csv, "b");
  g_test_expect_message ("fd-csv", G_LOG_LEVEL_CRITICAL, "*no room for a cell*");
  fd_csv_add_text (csv, "c");
  g_test_assert_expected_messages ();

  text = fd_csv_to_string (csv);
  g_assert_cmpstr (text, ==, "id,value\r\na,b\r\n");
}

static void
test_csv_ref (void)
{
  FdCsv *csv = fd_csv_new (two_columns);
  FdCsv *other = fd_csv_ref (csv);

  g_assert_true (other == csv);
  fd_csv_unref (csv);
  fd_csv_add_row (other);
  g_assert_cmpuint (fd_csv_get_n_rows (other), ==, 1);
  fd_csv_unref (other);
}

static void
test_csv_large (void)
{
  g_autoptr(FdCsv) csv = fd_csv_new (two_columns);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *last = NULL;
  gsize size;
  const char *data;

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *id = g_strdup_printf ("run-%u", i);

      fd_csv_add_row (csv);
      fd_csv_add_text (csv, id);
      fd_csv_add_number (csv, i / 4.0, 2);
    }

  bytes = fd_csv_to_bytes (csv);
  data = g_bytes_get_data (bytes, &size);
  last = g_strndup (data + size - 21, 21);
  g_assert_cmpstr (last, ==, "\r\nrun-19999,4999.75\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/csv/header-and-rows", test_csv_header_and_rows);
  g_test_add_func ("/flightdeck/csv/quoting", test_csv_quoting);
  g_test_add_func ("/flightdeck/csv/header-quoting", test_csv_header_quoting);
  g_test_add_func ("/flightdeck/csv/injection", test_csv_injection);
  g_test_add_func ("/flightdeck/csv/status-vocabulary", test_csv_status_vocabulary);
  g_test_add_func ("/flightdeck/csv/times", test_csv_times);
  g_test_add_func ("/flightdeck/csv/too-many-cells", test_csv_too_many_cells);
  g_test_add_func ("/flightdeck/csv/ref", test_csv_ref);
  g_test_add_func ("/flightdeck/csv/large", test_csv_large);

  return g_test_run ();
}
