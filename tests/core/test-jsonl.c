/* test-jsonl.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-jsonl"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"
#include "fd-time.h"

#define RUN(extra) "{\"type\":\"pipeline_run\",\"id\":\"x\",\"pipeline\":\"p\",\"service\":\"s\"," \
                   "\"environment\":\"production\",\"status\":\"success\"," \
                   "\"started_at\":\"2026-11-20T10:00:00Z\",\"finished_at\":\"2026-11-20T10:01:00Z\"" extra "}"
#define SAMPLE(req, err, variant) "{\"type\":\"canary_sample\",\"canary_id\":\"c\",\"variant\":\"" variant "\"," \
                   "\"at\":\"2026-11-20T10:00:00Z\",\"requests\":" req ",\"errors\":" err "," \
                   "\"latency_p50_ms\":1,\"latency_p95_ms\":2,\"latency_p99_ms\":3}"
#define ALERT(extra) "{\"type\":\"alert\",\"id\":\"a\",\"name\":\"n\",\"service\":\"s\",\"environment\":\"e\"," \
                   "\"started_at\":\"2026-11-20T10:00:00Z\"" extra "}"
#define DEPLOY(extra) "{\"type\":\"deployment\",\"id\":\"d\",\"service\":\"s\",\"environment\":\"e\"," \
                   "\"version\":\"1\",\"started_at\":\"2026-11-20T10:00:00Z\"" extra "}"
#define CANARY(extra) "{\"type\":\"canary\",\"id\":\"c1\",\"service\":\"s\",\"environment\":\"e\"," \
                   "\"baseline_version\":\"1\",\"canary_version\":\"2\",\"status\":\"progressing\"," \
                   "\"started_at\":\"2026-11-20T10:00:00Z\"" extra "}"

/* Line i + 1 of the file; NULL marks where a line end is "\r\n". */
static const char * const lines[] = {
  /*  1 */ "\xEF\xBB\xBF{\"type\":\"pipeline_run\",\"id\":\"r1\",\"pipeline\":\"p\",\"service\":\"s\","
           "\"environment\":\"production\",\"status\":\"success\",\"started_at\":\"2026-11-20T10:00:00Z\","
           "\"finished_at\":\"2026-11-20T10:01:00Z\"}",
  /*  2 */ "",
  /*  3 */ "   \t",
  /*  4 */ "{\"type\":\"build_log\",\"id\":\"z\"}",
  /*  5 */ "not json at all",
  /*  6 */ "[1, 2, 3]",
  /*  7 */ "\"a string\"",
  /*  8 */ "{\"type\": 5}",
  /*  9 */ "{\"no_type\": 1}",
  /* 10 */ "{\"type\": \"pipeline_run\", \"id\": \"x\"",
  /* 11 */ "{\"type\":\"pipeline_run\",\"pipeline\":\"p\",\"service\":\"s\",\"environment\":\"e\","
           "\"status\":\"success\",\"started_at\":\"2026-11-20T10:00:00Z\","
           "\"finished_at\":\"2026-11-20T10:01:00Z\"}",
  /* 12 */ RUN (",\"status\":\"ok\""),
  /* 13 */ RUN (",\"status\":null"),
  /* 14 */ RUN (",\"started_at\":\"2026-11-20 10:00:00Z\""),
  /* 15 */ RUN (",\"finished_at\":null"),
  /* 16 */ RUN (",\"finished_at\":\"2026-11-20T09:59:59.999999Z\""),
  /* 17 */ RUN (",\"pipeline\":7"),
  /* 18 */ RUN (",\"service\":null"),
  /* 19 */ RUN (",\"environment\":[\"production\"]"),
  /* 20 */ SAMPLE ("10", "11", "canary"),
  /* 21 */ SAMPLE ("10.5", "1", "canary"),
  /* 22 */ SAMPLE ("10", "1", "control"),
  /* 23 */ SAMPLE ("5", "-1", "canary"),
  /* 24 */ ALERT (",\"severity\":\"major\",\"status\":\"firing\""),
  /* 25 */ ALERT (",\"severity\":\"high\",\"status\":\"resolved\""),
  /* 26 */ ALERT (",\"severity\":\"high\",\"status\":\"firing\",\"acknowledged_at\":\"2026-11-20T09:00:00Z\""),
  /* 27 */ DEPLOY (",\"status\":\"success\""),
  /* 28 */ DEPLOY (",\"status\":\"success\",\"finished_at\":\"2026-11-20T10:05:00Z\",\"caused_incident\":\"yes\""),
  /* 29 */ CANARY (",\"steps\":[\"5\"],\"current_step\":0,\"traffic_percent\":5"),
  /* 30 */ CANARY (",\"steps\":[5,100],\"current_step\":1.5,\"traffic_percent\":5"),
  /* 31 */ CANARY (",\"steps\":[5,100],\"current_step\":1"),
  /* 32 */ "{\"type\":\"pipeline_run\",\"id\":\"\xFF\",\"pipeline\":\"p\",\"service\":\"s\","
           "\"environment\":\"e\",\"status\":\"running\",\"started_at\":\"2026-11-20T10:00:00Z\"}",
  /* 33 */ "{\"type\":\"pipeline_run\",\"id\":\"a\0b\"}",
  /* 34 */ "{\"type\":\"pipeline_run\",\"id\":\"r2\",\"pipeline\":\"p\",\"service\":\"s\","
           "\"environment\":\"staging\",\"status\":\"success\",\"started_at\":\"2026-11-20T10:30:00Z\","
           "\"finished_at\":\"2026-11-20T10:31:00Z\",\"commit\":null,\"branch\":null,"
           "\"future\":{\"a\":[1,2,{\"b\":null}]},\"stages\":null}\r",
  /* 35 */ "{\"type\":\"pipeline_run\",\"id\":\"r1\",\"pipeline\":\"p\",\"service\":\"s\","
           "\"environment\":\"production\",\"status\":\"failed\",\"started_at\":\"2026-11-20T11:00:00Z\","
           "\"finished_at\":\"2026-11-20T11:02:00Z\",\"stages\":[{\"name\":\"build\",\"status\":\"failed\","
           "\"duration_s\":12.5},{\"name\":\"odd\",\"status\":\"weird\"},7]}",
  /* 36 */ "{\"type\":\"pipeline_run\",\"id\":\"r2\",\"pipeline\":\"p\",\"service\":\"s\","
           "\"environment\":\"staging\",\"status\":\"exploded\",\"started_at\":\"2026-11-20T10:30:00Z\"}",
  /* 37 */ SAMPLE ("2.0", "1", "baseline"),
  /* 38 */ ALERT (",\"severity\":\"major\",\"status\":\"firing\",\"severity\":\"high\""),
  /* 39 */ "{\"type\":\"pipeline_run\",\"id\":\"r\\u00e9\\n\\\"\\ud83d\\ude80\",\"pipeline\":\"p\","
           "\"service\":\"s\",\"environment\":\"production\",\"status\":\"queued\","
           "\"started_at\":\"2026-11-20T12:00:00Z\"}",
  /* 40 */ CANARY (",\"steps\":[5,100],\"current_step\":1,\"traffic_percent\":NaN"),
  /* 41 */ CANARY (",\"steps\":[5,100],\"current_step\":1.0,\"traffic_percent\":25"),
};

static const guint invalid_line_numbers[] = {
  5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
  29, 30, 31, 32, 33, 36, 40,
};

static void
collect_cb (guint64     line_number,
            const char *reason,
            gpointer    user_data)
{
  GArray *numbers = user_data;
  guint n = (guint) line_number;

  g_assert_nonnull (reason);
  g_assert_cmpuint (strlen (reason), >, 5);
  g_array_append_val (numbers, n);
}

/* Lines joined with "\n"; line 33 carries a NUL, so lengths are explicit. */
static GByteArray *
build_file (void)
{
  GByteArray *data = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      gsize len = strlen (lines[i]);

      if (i == 32)
        len = sizeof "{\"type\":\"pipeline_run\",\"id\":\"a\0b\"}" - 1;
      g_byte_array_append (data, (const guint8 *) lines[i], (guint) len);
      if (i + 1 < G_N_ELEMENTS (lines))
        g_byte_array_append (data, (const guint8 *) "\n", 1);
    }

  return data;
}

static void
test_jsonl_invalid_lines (void)
{
  g_autoptr(GByteArray) data = build_file ();
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  const FdPipelineRun *runs;
  const FdAlert *alerts;
  const FdCanary *canaries;
  const FdCanarySample *samples;
  const FdStage *stages;
  FdJsonlStats stats;
  gsize n, n_stages;

  g_assert_true (fd_jsonl_read_data ((const char *) data->data, data->len, builder,
                                     collect_cb, numbers, &stats));
  g_assert_cmpuint (stats.lines, ==, 41);
  g_assert_cmpuint (stats.valid, ==, 7);
  g_assert_cmpuint (stats.invalid_lines, ==, G_N_ELEMENTS (invalid_line_numbers));
  g_assert_cmpuint (stats.unknown_types, ==, 1);
  g_assert_cmpuint (stats.blank_lines, ==, 2);
  g_assert_cmpuint (stats.bytes, ==, data->len);

  g_assert_cmpuint (numbers->len, ==, G_N_ELEMENTS (invalid_line_numbers));
  for (guint i = 0; i < numbers->len; i++)
    g_assert_cmpuint (g_array_index (numbers, guint, i), ==, invalid_line_numbers[i]);

  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));

  /* r2 (10:30) keeps its first version despite the invalid update on line 36;
   * r1 was replaced by line 35 and moved to 11:00; then r3 at 12:00. */
  runs = fd_snapshot_get_runs (snapshot, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (fd_snapshot_str (snapshot, runs[0].id), ==, "r2");
  g_assert_cmpint (runs[0].status, ==, FD_RUN_SUCCESS);
  g_assert_cmpuint (runs[0].commit, ==, FD_STR_NONE);
  g_assert_cmpuint (runs[0].n_stages, ==, 0);
  g_assert_cmpstr (fd_snapshot_str (snapshot, runs[1].id), ==, "r1");
  g_assert_cmpint (runs[1].status, ==, FD_RUN_FAILED);
  g_assert_cmpint (runs[1].finished_at - runs[1].started_at, ==, G_GINT64_CONSTANT (120000000));
  g_assert_cmpstr (fd_snapshot_str (snapshot, runs[2].id), ==, "r\xC3\xA9\n\"\xF0\x9F\x9A\x80");
  g_assert_cmpint (runs[2].finished_at, ==, FD_TIME_NONE);

  /* Stages are kept as given; a non-object element is skipped, an unknown status kept as unknown. */
  stages = fd_snapshot_get_stages (snapshot, &runs[1], &n_stages);
  g_assert_cmpuint (n_stages, ==, 2);
  g_assert_cmpstr (fd_snapshot_str (snapshot, stages[0].name), ==, "build");
  g_assert_cmpuint (stages[0].status, ==, FD_RUN_FAILED);
  g_assert_cmpfloat (stages[0].duration_s, ==, 12.5);
  g_assert_cmpstr (fd_snapshot_str (snapshot, stages[1].name), ==, "odd");
  g_assert_cmpuint (stages[1].status, ==, FD_RUN_N_STATUS);
  g_assert_true (isnan (stages[1].duration_s));

  alerts = fd_snapshot_get_alerts (snapshot, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (alerts[0].severity, ==, FD_SEVERITY_HIGH);

  samples = fd_snapshot_get_samples (snapshot, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (samples[0].requests, ==, 2);
  g_assert_cmpint (samples[0].variant, ==, FD_VARIANT_BASELINE);

  canaries = fd_snapshot_get_canaries (snapshot, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (canaries[0].current_step, ==, 1);
  g_assert_cmpfloat (canaries[0].traffic_percent, ==, 25);
}

/* Same file read from disk; a missing file or a directory is a GError. */
static void
test_jsonl_file_errors (void)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(GError) error = NULL;
  FdJsonlStats stats;

  g_assert_false (fd_jsonl_read_file ("/nonexistent/flightdeck.jsonl", builder, NULL, NULL,
                                      &stats, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/flightdeck.jsonl"));
  g_clear_error (&error);

  g_assert_false (fd_jsonl_read_file (FIXTURES_DIR, builder, NULL, NULL, &stats, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
}

static void
test_jsonl_crlf_and_last_line (void)
{
  const char data[] = RUN ("") "\r\n\r\n" SAMPLE ("1", "0", "canary");
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  FdJsonlStats stats;

  fd_jsonl_read_data (data, sizeof data - 1, builder, NULL, NULL, &stats);
  g_assert_cmpuint (stats.lines, ==, 3);
  g_assert_cmpuint (stats.valid, ==, 2);
  g_assert_cmpuint (stats.blank_lines, ==, 1);
  g_assert_cmpuint (stats.invalid_lines, ==, 0);
}

/* Garbage of every kind is rejected line by line, without crashing. */
static void
test_jsonl_garbage (void)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) longline = g_string_new ("{\"type\":\"x\",\"pad\":\"");
  GRand *rand = g_rand_new_with_seed (7);
  guint8 *noise = g_malloc (1 << 16);
  FdJsonlStats stats;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  fd_jsonl_read_data (deep->str, deep->len, builder, NULL, NULL, &stats);
  g_assert_cmpuint (stats.invalid_lines, ==, 1);

  for (int i = 0; i < 4 << 20; i++)
    g_string_append_c (longline, 'a' + i % 26);
  g_string_append (longline, "\"}");
  fd_jsonl_read_data (longline->str, longline->len, builder, NULL, NULL, &stats);
  g_assert_cmpuint (stats.unknown_types, ==, 1);

  for (int round = 0; round < 50; round++)
    {
      for (int i = 0; i < 1 << 16; i++)
        noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
      fd_jsonl_read_data ((const char *) noise, 1 << 16, builder, NULL, NULL, &stats);
      g_assert_cmpuint (stats.valid + stats.invalid_lines + stats.unknown_types +
                        stats.blank_lines, ==, stats.lines);
      g_assert_cmpuint (stats.valid, ==, 0);
    }

  g_free (noise);
  g_rand_free (rand);
}

/* Numbers: 2 and 2.0 are integers, 2.5 and 1e400 are not; exponents are fine. */
static void
test_jsonl_integers (void)
{
  struct { const char *line; gboolean valid; gint64 requests; } cases[] = {
    { SAMPLE ("2", "0", "canary"), TRUE, 2 },
    { SAMPLE ("2.0", "0", "canary"), TRUE, 2 },
    { SAMPLE ("2e3", "0", "canary"), TRUE, 2000 },
    { SAMPLE ("-0", "0", "canary"), TRUE, 0 },
    { SAMPLE ("2.5", "0", "canary"), FALSE, 0 },
    { SAMPLE ("1e400", "0", "canary"), FALSE, 0 },
    { SAMPLE ("02", "0", "canary"), FALSE, 0 },
    { SAMPLE ("2.", "0", "canary"), FALSE, 0 },
    { SAMPLE ("true", "0", "canary"), FALSE, 0 },
    { SAMPLE ("\"2\"", "0", "canary"), FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
      g_autoptr(FdSnapshot) snapshot = NULL;
      FdJsonlStats stats;
      const FdCanarySample *samples;
      gsize n;

      fd_jsonl_read_data (cases[i].line, strlen (cases[i].line), builder, NULL, NULL, &stats);
      g_assert_cmpuint (stats.valid, ==, cases[i].valid ? 1 : 0);
      snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
      samples = fd_snapshot_get_samples (snapshot, &n);
      if (cases[i].valid)
        g_assert_cmpint (samples[0].requests, ==, cases[i].requests);
    }
}

/* The writer's output reads back to the same file, strings with escapes included. */
static void
test_jsonl_write_round_trip (void)
{
  g_autoptr(GByteArray) data = build_file ();
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshotBuilder) builder2 = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) a = NULL;
  g_autoptr(FdSnapshot) b = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  FdJsonlStats stats;

  fd_jsonl_read_data ((const char *) data->data, data->len, builder, NULL, NULL, &stats);
  a = fd_snapshot_builder_end (g_steal_pointer (&builder));
  text_a = fd_jsonl_write_string (a, FD_TIME_NONE, FD_TIME_NONE, NULL);
  fd_jsonl_read_data (text_a, strlen (text_a), builder2, NULL, NULL, &stats);
  g_assert_cmpuint (stats.valid, ==, 6);
  g_assert_cmpuint (stats.invalid_lines, ==, 0);
  b = fd_snapshot_builder_end (g_steal_pointer (&builder2));
  text_b = fd_jsonl_write_string (b, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_nonnull (strstr (text_a, "\"id\":\"r\xC3\xA9\\n\\\"\xF0\x9F\x9A\x80\""));
}

/* Lone surrogates from escapes are kept (as Python's json module does) and
 * written back as escapes, so the export stays valid UTF-8 and reads back. */
static void
test_jsonl_lone_surrogate (void)
{
  const char line[] = "{\"type\":\"alert\",\"id\":\"a\\ud800b\\udc00\",\"name\":\"n\","
                      "\"service\":\"s\",\"environment\":\"e\",\"severity\":\"info\","
                      "\"status\":\"firing\",\"started_at\":\"2026-11-20T10:00:00Z\"}";
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshotBuilder) builder2 = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) a = NULL;
  g_autoptr(FdSnapshot) b = NULL;
  g_autofree char *text = NULL;
  FdJsonlStats stats;

  fd_jsonl_read_data (line, sizeof line - 1, builder, NULL, NULL, &stats);
  g_assert_cmpuint (stats.valid, ==, 1);
  a = fd_snapshot_builder_end (g_steal_pointer (&builder));
  g_assert_cmpstr (fd_snapshot_str (a, fd_snapshot_get_alerts (a, NULL)[0].id), ==,
                   "a\xED\xA0\x80" "b\xED\xB0\x80");
  text = fd_jsonl_write_string (a, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "\"id\":\"a\\ud800b\\udc00\""));
  fd_jsonl_read_data (text, strlen (text), builder2, NULL, NULL, &stats);
  g_assert_cmpuint (stats.valid, ==, 1);
  b = fd_snapshot_builder_end (g_steal_pointer (&builder2));
  g_assert_cmpstr (fd_snapshot_str (b, fd_snapshot_get_alerts (b, NULL)[0].id), ==,
                   fd_snapshot_str (a, fd_snapshot_get_alerts (a, NULL)[0].id));
}

/* A "\u0000" escape gives a string with a NUL that is still written whole. */
static void
test_jsonl_embedded_nul (void)
{
  const char line[] = "{\"type\":\"alert\",\"id\":\"a\\u0000b\",\"name\":\"n\","
                      "\"service\":\"s\",\"environment\":\"e\",\"severity\":\"info\","
                      "\"status\":\"firing\",\"started_at\":\"2026-11-20T10:00:00Z\"}";
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) a = NULL;
  g_autofree char *text = NULL;
  const char *id;
  FdJsonlStats stats;
  gsize len;

  fd_jsonl_read_data (line, sizeof line - 1, builder, NULL, NULL, &stats);
  fd_snapshot_builder_intern (builder, "a");
  a = fd_snapshot_builder_end (g_steal_pointer (&builder));
  id = fd_snapshot_str_len (a, fd_snapshot_get_alerts (a, NULL)[0].id, &len);
  g_assert_cmpuint (len, ==, 3);
  g_assert_cmpmem (id, len, "a\0b", 3);
  /* Distinct from the interned "a". */
  g_assert_cmpuint (fd_snapshot_lookup (a, "a"), !=, fd_snapshot_get_alerts (a, NULL)[0].id);
  text = fd_jsonl_write_string (a, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_assert_nonnull (strstr (text, "\"id\":\"a\\u0000b\""));
}

/* A failed export leaves no file behind. */
static void
test_jsonl_write_error (void)
{
  g_autoptr(FdSnapshot) snapshot = fd_snapshot_new_empty ();
  g_autoptr(GError) error = NULL;

  g_assert_false (fd_jsonl_write_file (snapshot, "/nonexistent/dir/out.jsonl", FD_TIME_NONE,
                                       FD_TIME_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test ("/nonexistent/dir/out.jsonl", G_FILE_TEST_EXISTS));
}

static void
count_cb (guint64     line_number,
          const char *reason,
          gpointer    user_data)
{
  GArray *numbers = user_data;

  g_array_append_val (numbers, line_number);
}

/* Files of 8 MB and more are read by two threads; the result must be the
 * same as reading line by line: replacements across the split, error line
 * numbers in order, and the same records in the same order. */
static void
test_jsonl_parallel_matches_sequential (void)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) numbers2 = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshotBuilder) builder2 = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) a = NULL;
  g_autoptr(FdSnapshot) b = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  FdJsonlStats stats;
  guint64 n_invalid = 0, line = 0;
  const char *p;
  guint i = 0;

  while (data->len < (10 << 20))
    {
      g_autofree char *start = fd_time_format (G_GINT64_CONSTANT (1790000000000000) +
                                               (gint64) (i * 7919 % 100003) * 1000000);

      if (i % 7 == 3)
        {
          g_string_append_printf (data, "{\"type\":\"pipeline_run\",\"id\":\"r%u\",\"status\":\"bad\"}\n",
                                  i % 5000);
          n_invalid++;
        }
      else if (i % 11 == 5)
        {
          g_string_append (data, "{\"type\":\"log\"}\n");
        }
      else
        {
          g_string_append_printf (data,
                                  "{\"type\":\"pipeline_run\",\"id\":\"r%u\",\"pipeline\":\"p%u\","
                                  "\"service\":\"s%u\",\"environment\":\"e%u\",\"status\":\"running\","
                                  "\"started_at\":\"%s\",\"stages\":[{\"name\":\"st%u\"}],"
                                  "\"padding\":\"%0200u\"}\n",
                                  i % 5000, i % 13, i % 17, i % 3, start, i % 9, i);
          if (i % 5 == 0)
            g_string_append_printf (data,
                                    "{\"type\":\"canary_sample\",\"canary_id\":\"c%u\",\"variant\":\"canary\","
                                    "\"at\":\"%s\",\"requests\":%u,\"errors\":0,\"latency_p50_ms\":1,"
                                    "\"latency_p95_ms\":2,\"latency_p99_ms\":3}\n", i % 31, start, i);
        }
      i++;
    }

  fd_jsonl_read_data (data->str, data->len, builder, count_cb, numbers, &stats);
  g_assert_cmpuint (stats.invalid_lines, ==, n_invalid);
  g_assert_cmpuint (numbers->len, ==, n_invalid);

  /* The same lines, one call each: always sequential. */
  p = data->str;
  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      FdJsonlStats one;
      guint64 before = numbers2->len;

      line++;
      fd_jsonl_read_data (p, (gsize) (nl - p), builder2, count_cb, numbers2, &one);
      if (numbers2->len > before)
        g_array_index (numbers2, guint64, before) = line;
      p = nl + 1;
    }
  g_assert_cmpuint (line, ==, stats.lines);
  g_assert_cmpuint (numbers2->len, ==, numbers->len);
  for (guint k = 0; k < numbers->len; k++)
    g_assert_cmpuint (g_array_index (numbers, guint64, k), ==, g_array_index (numbers2, guint64, k));

  a = fd_snapshot_builder_end (g_steal_pointer (&builder));
  b = fd_snapshot_builder_end (g_steal_pointer (&builder2));
  text_a = fd_jsonl_write_string (a, FD_TIME_NONE, FD_TIME_NONE, NULL);
  text_b = fd_jsonl_write_string (b, FD_TIME_NONE, FD_TIME_NONE, NULL);
  g_assert_cmpuint (strlen (text_a), >, 1000);
  g_assert_true (strcmp (text_a, text_b) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/jsonl/invalid-lines", test_jsonl_invalid_lines);
  g_test_add_func ("/flightdeck/jsonl/file-errors", test_jsonl_file_errors);
  g_test_add_func ("/flightdeck/jsonl/crlf-and-last-line", test_jsonl_crlf_and_last_line);
  g_test_add_func ("/flightdeck/jsonl/garbage", test_jsonl_garbage);
  g_test_add_func ("/flightdeck/jsonl/integers", test_jsonl_integers);
  g_test_add_func ("/flightdeck/jsonl/write-round-trip", test_jsonl_write_round_trip);
  g_test_add_func ("/flightdeck/jsonl/write-error", test_jsonl_write_error);
  g_test_add_func ("/flightdeck/jsonl/lone-surrogate", test_jsonl_lone_surrogate);
  g_test_add_func ("/flightdeck/jsonl/embedded-nul", test_jsonl_embedded_nul);
  g_test_add_func ("/flightdeck/jsonl/parallel-matches-sequential",
                   test_jsonl_parallel_matches_sequential);

  return g_test_run ();
}
