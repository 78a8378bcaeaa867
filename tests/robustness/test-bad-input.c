/* test-bad-input.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One test per row of the bad-input table in tests/README.md: what a user
 * gets from a file, a time, an export destination or a command line that
 * nobody checked. Each test asserts what the user sees (the records kept,
 * the lines reported, the error) and that nothing else happened. */

#define G_LOG_DOMAIN "test-bad-input"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "fd-clock.h"
#include "fd-file-source.h"
#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"
#include "fd-session.h"
#include "fd-sim-provider.h"
#include "fd-snapshot.h"
#include "fd-time.h"

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif

#define RUN_LINE(id, started) \
  "{\"type\":\"pipeline_run\",\"id\":\"" id "\",\"pipeline\":\"p\",\"service\":\"s\"," \
  "\"environment\":\"production\",\"status\":\"success\"," \
  "\"started_at\":\"" started "\",\"finished_at\":\"" started "\"}"
#define RUN(id) RUN_LINE (id, "2026-11-20T10:00:00Z")

typedef struct
{
  FdSnapshot   *snapshot;
  FdJsonlStats  stats;
  GArray       *bad_lines;   /* guint64 line numbers, in the order reported */
  GPtrArray    *reasons;
  gboolean      ok;
  GError       *error;
} ReadResult;

static void
read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->snapshot, fd_snapshot_unref);
  g_clear_pointer (&result->bad_lines, g_array_unref);
  g_clear_pointer (&result->reasons, g_ptr_array_unref);
  g_clear_error (&result->error);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadResult, read_result_free)

static void
line_rejected_cb (guint64     line_number,
                  const char *reason,
                  gpointer    user_data)
{
  ReadResult *result = user_data;

  g_array_append_val (result->bad_lines, line_number);
  g_ptr_array_add (result->reasons, g_strdup (reason));
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("flightdeck-bad-input-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
write_tmp_file (const char *dir,
                const char *name,
                const char *data,
                gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

/* Reads @path through the file reader, as the file source does. */
static ReadResult *
read_path (const char *path)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  ReadResult *result = g_new0 (ReadResult, 1);

  result->bad_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  result->reasons = g_ptr_array_new_with_free_func (g_free);
  result->ok = fd_jsonl_read_file (path, builder, line_rejected_cb, result, &result->stats,
                                   NULL, &result->error);
  if (result->ok)
    result->snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));

  return result;
}

static ReadResult *
read_bytes (const char *data,
            gssize      len)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = write_tmp_file (dir, "input.jsonl", data, len);
  ReadResult *result = read_path (path);

  remove_tree (dir);
  return result;
}

static gsize
n_runs (FdSnapshot *snapshot)
{
  gsize n = 0;

  fd_snapshot_get_runs (snapshot, &n);
  return n;
}

static guint64
bad_line (ReadResult *result,
          guint       i)
{
  return g_array_index (result->bad_lines, guint64, i);
}

/* Row: a corrupt file (valid lines mixed with garbage) keeps every valid
 * record and reports each bad line with its number and a reason. */
static void
test_bad_input_corrupt_file (void)
{
  static const char data[] =
    RUN ("a") "\n"
    "{\"type\":\"pipeline_run\",\"id\":\n"
    "not json at all\n"
    RUN ("b") "\n"
    "[1,2,3]\n"
    "{\"type\":42}\n"
    "{\"type\":\"pipeline_run\",\"id\":\"c\",\"status\":\"exploded\"}\n"
    RUN ("d") "\n";
  g_autoptr(ReadResult) result = read_bytes (data, -1);

  g_assert_no_error (result->error);
  g_assert_true (result->ok);
  g_assert_cmpuint (result->stats.lines, ==, 8);
  g_assert_cmpuint (result->stats.valid, ==, 3);
  g_assert_cmpuint (result->stats.invalid_lines, ==, 5);
  g_assert_cmpuint (n_runs (result->snapshot), ==, 3);
  g_assert_cmpuint (result->bad_lines->len, ==, 5);
  g_assert_cmpuint (bad_line (result, 0), ==, 2);
  g_assert_cmpuint (bad_line (result, 1), ==, 3);
  g_assert_cmpuint (bad_line (result, 2), ==, 5);
  g_assert_cmpuint (bad_line (result, 3), ==, 6);
  g_assert_cmpuint (bad_line (result, 4), ==, 7);
  for (guint i = 0; i < result->reasons->len; i++)
    g_assert_cmpuint (strlen (g_ptr_array_index (result->reasons, i)), >, 0);
}

/* Row: a file cut in the middle of its last line (a writer still busy, a
 * copy that stopped) keeps everything before the cut and reports the
 * partial line. */
static void
test_bad_input_truncated_file (void)
{
  static const char full[] = RUN ("a") "\n" RUN ("b") "\n" RUN ("c") "\n";
  gsize cut = strlen (full) - strlen (RUN ("c")) / 2;
  g_autoptr(ReadResult) result = read_bytes (full, cut);

  g_assert_true (result->ok);
  g_assert_cmpuint (result->stats.lines, ==, 3);
  g_assert_cmpuint (result->stats.valid, ==, 2);
  g_assert_cmpuint (result->stats.invalid_lines, ==, 1);
  g_assert_cmpuint (result->stats.bytes, ==, cut);
  g_assert_cmpuint (n_runs (result->snapshot), ==, 2);
  g_assert_cmpuint (result->bad_lines->len, ==, 1);
  g_assert_cmpuint (bad_line (result, 0), ==, 3);
}

/* Row: a binary file (here 64 KiB of pseudo-random bytes, NULs included)
 * gives no record and no crash; its "lines" are all reported. */
static void
test_bad_input_binary_file (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  g_autofree guint8 *data = g_malloc (65536);
  g_autoptr(ReadResult) result = NULL;
  guint64 newlines = 0;

  for (gsize i = 0; i < 65536; i++)
    {
      data[i] = (guint8) g_rand_int_range (rand, 0, 256);
      newlines += data[i] == '\n';
    }
  result = read_bytes ((const char *) data, 65536);

  g_assert_true (result->ok);
  g_assert_cmpuint (result->stats.valid, ==, 0);
  g_assert_cmpuint (n_runs (result->snapshot), ==, 0);
  g_assert_cmpuint (result->stats.bytes, ==, 65536);
  /* Every non-blank line is rejected; the counts add up. */
  g_assert_cmpuint (result->stats.lines, >=, newlines);
  g_assert_cmpuint (result->stats.lines, <=, newlines + 1);
  g_assert_cmpuint (result->stats.invalid_lines + result->stats.blank_lines, ==,
                    result->stats.lines);
  g_assert_cmpuint (result->bad_lines->len, ==, result->stats.invalid_lines);
  g_assert_cmpuint (result->stats.invalid_lines, >, 0);
}

/* Row: an empty file is a valid, empty history: no error, no record. */
static void
test_bad_input_empty_file (void)
{
  g_autoptr(ReadResult) result = read_bytes ("", 0);
  g_autoptr(ReadResult) blank = read_bytes ("\n  \n\t\n", -1);

  g_assert_true (result->ok);
  g_assert_no_error (result->error);
  g_assert_cmpuint (result->stats.lines, ==, 0);
  g_assert_cmpuint (result->stats.bytes, ==, 0);
  g_assert_cmpuint (n_runs (result->snapshot), ==, 0);
  g_assert_cmpint (fd_snapshot_get_first_time (result->snapshot), ==, FD_TIME_NONE);

  g_assert_true (blank->ok);
  g_assert_cmpuint (blank->stats.lines, ==, 3);
  g_assert_cmpuint (blank->stats.blank_lines, ==, 3);
  g_assert_cmpuint (blank->bad_lines->len, ==, 0);
}

/* Row: invalid UTF-8 inside a string, an overlong encoding and a lone
 * continuation byte: each such line is rejected, its neighbours kept. */
static void
test_bad_input_invalid_utf8 (void)
{
  static const char data[] =
    RUN ("a") "\n"
    "{\"type\":\"pipeline_run\",\"id\":\"\xff\xfe\",\"pipeline\":\"p\",\"service\":\"s\","
    "\"environment\":\"production\",\"status\":\"success\","
    "\"started_at\":\"2026-11-20T10:00:00Z\",\"finished_at\":\"2026-11-20T10:00:00Z\"}\n"
    "{\"type\":\"pipeline_run\",\"id\":\"\xc0\xaf\",\"pipeline\":\"p\",\"service\":\"s\","
    "\"environment\":\"production\",\"status\":\"success\","
    "\"started_at\":\"2026-11-20T10:00:00Z\",\"finished_at\":\"2026-11-20T10:00:00Z\"}\n"
    "{\"type\":\"pipeline_run\",\"id\":\"b\",\"pipeline\":\"\x80\",\"service\":\"s\","
    "\"environment\":\"production\",\"status\":\"success\","
    "\"started_at\":\"2026-11-20T10:00:00Z\",\"finished_at\":\"2026-11-20T10:00:00Z\"}\n"
    RUN ("c") "\n";
  g_autoptr(ReadResult) result = read_bytes (data, -1);
  gsize n = 0;
  const FdPipelineRun *runs;

  g_assert_true (result->ok);
  g_assert_cmpuint (result->stats.valid, ==, 2);
  g_assert_cmpuint (result->stats.invalid_lines, ==, 3);
  g_assert_cmpuint (bad_line (result, 0), ==, 2);
  g_assert_cmpuint (bad_line (result, 1), ==, 3);
  g_assert_cmpuint (bad_line (result, 2), ==, 4);

  runs = fd_snapshot_get_runs (result->snapshot, &n);
  g_assert_cmpuint (n, ==, 2);
  for (gsize i = 0; i < n; i++)
    g_assert_true (g_utf8_validate (fd_snapshot_str (result->snapshot, runs[i].id), -1, NULL));
}

/* Row: times far in the past or future. The spec accepts years 1900 to
 * 2200 as written; 1899 and 2201 are rejected, in the time parser and as
 * whole lines. */
static void
test_bad_input_extreme_times (void)
{
  static const struct { const char *text; gboolean ok; } times[] = {
    { "1899-12-31T23:59:59Z", FALSE },
    { "1900-01-01T00:00:00Z", TRUE },
    { "2200-12-31T23:59:59Z", TRUE },
    { "2201-01-01T00:00:00Z", FALSE },
    { "1900-01-01T00:30:00+01:00", TRUE },   /* 1899 in UTC, but 1900 as written */
    { "99999-01-01T00:00:00Z", FALSE },
    { "-0001-01-01T00:00:00Z", FALSE },
    { "2026-02-30T00:00:00Z", FALSE },
    { "2026-11-20T24:00:00Z", FALSE },
    { "2026-11-20T10:00:60Z", FALSE },
  };
  static const char data[] =
    RUN_LINE ("old", "1899-12-31T23:59:59Z") "\n"
    RUN_LINE ("first", "1900-01-01T00:00:00Z") "\n"
    RUN_LINE ("last", "2200-12-31T23:59:59Z") "\n"
    RUN_LINE ("future", "2201-01-01T00:00:00Z") "\n";
  g_autoptr(ReadResult) result = read_bytes (data, -1);
  FdTime t;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_test_message ("%s", times[i].text);
      g_assert_cmpint (fd_time_parse (times[i].text, strlen (times[i].text), &t), ==,
                       times[i].ok);
    }

  g_assert_true (fd_time_parse ("1900-01-01T00:00:00Z", 20, &t));
  g_assert_cmpint (t, ==, fd_time_days_from_civil (1900, 1, 1) * 86400 * G_USEC_PER_SEC);

  g_assert_true (result->ok);
  g_assert_cmpuint (result->stats.valid, ==, 2);
  g_assert_cmpuint (result->stats.invalid_lines, ==, 2);
  g_assert_cmpuint (bad_line (result, 0), ==, 1);
  g_assert_cmpuint (bad_line (result, 1), ==, 4);
  g_assert_cmpint (fd_snapshot_get_first_time (result->snapshot), ==,
                   fd_time_days_from_civil (1900, 1, 1) * 86400 * G_USEC_PER_SEC);
  g_assert_cmpint (fd_snapshot_get_last_time (result->snapshot), ==,
                   (fd_time_days_from_civil (2201, 1, 1) * 86400 - 1) * G_USEC_PER_SEC);
}

/* Row: duplicate ids. The format is an append-only log: the last valid line
 * with a type and id wins, an invalid later line does not erase a valid
 * earlier one, and the same id in another type is another record. */
static void
test_bad_input_duplicate_ids (void)
{
  static const char data[] =
    "{\"type\":\"pipeline_run\",\"id\":\"x\",\"pipeline\":\"p\",\"service\":\"s\","
    "\"environment\":\"production\",\"status\":\"running\","
    "\"started_at\":\"2026-11-20T10:00:00Z\"}\n"
    "{\"type\":\"pipeline_run\",\"id\":\"x\",\"pipeline\":\"p\",\"service\":\"s\","
    "\"environment\":\"production\",\"status\":\"failed\","
    "\"started_at\":\"2026-11-20T10:00:00Z\",\"finished_at\":\"2026-11-20T10:05:00Z\"}\n"
    "{\"type\":\"pipeline_run\",\"id\":\"x\",\"status\":\"success\"}\n"
    "{\"type\":\"deployment\",\"id\":\"x\",\"service\":\"s\",\"environment\":\"production\","
    "\"version\":\"1\",\"status\":\"success\",\"started_at\":\"2026-11-20T10:06:00Z\","
    "\"finished_at\":\"2026-11-20T10:07:00Z\"}\n";
  g_autoptr(ReadResult) result = read_bytes (data, -1);
  const FdPipelineRun *runs;
  gsize n = 0;
  gsize n_deployments = 0;

  g_assert_true (result->ok);
  g_assert_cmpuint (result->stats.valid, ==, 3);
  g_assert_cmpuint (result->stats.invalid_lines, ==, 1);
  g_assert_cmpuint (bad_line (result, 0), ==, 3);

  runs = fd_snapshot_get_runs (result->snapshot, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (fd_snapshot_str (result->snapshot, runs[0].id), ==, "x");
  g_assert_cmpint (runs[0].status, ==, FD_RUN_FAILED);
  g_assert_cmpint (runs[0].finished_at - runs[0].started_at, ==, 300 * G_USEC_PER_SEC);
  fd_snapshot_get_deployments (result->snapshot, &n_deployments);
  g_assert_cmpuint (n_deployments, ==, 1);
}

/* Row: a 2 GB line. A sparse file (no disk used) whose first line opens a
 * string and runs for 2 GiB of NUL bytes, followed by one valid line. The
 * reader must reject the long line, keep the valid one and not copy the
 * line into memory: the check runs in a child whose data segment (heap and
 * private writable mappings, not the read-only file mapping) is capped. */
#define HUGE_LINE_BYTES (G_GINT64_CONSTANT (2) << 30)

static void
test_bad_input_huge_line (void)
{
  /* Valgrind would check 2 GiB of reads byte by byte; build-aux/valgrind.sh
   * sets this, and the sanitizer and plain runs keep the test. */
  if (g_getenv ("FD_TEST_UNDER_VALGRIND") != NULL)
    {
      g_test_skip ("a 2 GiB read is too slow under valgrind");
      return;
    }

  if (g_test_subprocess ())
    {
      static const char head[] = "{\"type\":\"pipeline_run\",\"id\":\"";
      static const char tail[] = "\"}\n" RUN ("after") "\n";
      g_autofree char *dir = make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "huge.jsonl", NULL);
      g_autoptr(ReadResult) result = NULL;
      gint64 start;
      int fd;

#ifndef UNDER_ASAN
      /* AddressSanitizer reserves terabytes of shadow memory, which counts
       * as data; without it, 256 MiB is far above what the reader needs. */
      struct rlimit limit = { 256 << 20, 256 << 20 };

      g_assert_cmpint (setrlimit (RLIMIT_DATA, &limit), ==, 0);
#endif

      fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (write (fd, head, strlen (head)), ==, (gssize) strlen (head));
      g_assert_cmpint (ftruncate (fd, HUGE_LINE_BYTES), ==, 0);
      g_assert_cmpint (lseek (fd, 0, SEEK_END), ==, HUGE_LINE_BYTES);
      g_assert_cmpint (write (fd, tail, strlen (tail)), ==, (gssize) strlen (tail));
      g_assert_cmpint (close (fd), ==, 0);

      start = g_get_monotonic_time ();
      result = read_path (path);
      g_test_message ("2 GiB line read in %.1f s",
                      (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
      g_assert_cmpint (g_unlink (path), ==, 0);
      g_assert_cmpint (g_rmdir (dir), ==, 0);

      g_assert_no_error (result->error);
      g_assert_true (result->ok);
      g_assert_cmpuint (result->stats.bytes, ==, HUGE_LINE_BYTES + strlen (tail));
      g_assert_cmpuint (result->stats.lines, ==, 2);
      g_assert_cmpuint (result->stats.invalid_lines, ==, 1);
      g_assert_cmpuint (result->stats.valid, ==, 1);
      g_assert_cmpuint (bad_line (result, 0), ==, 1);
      g_assert_cmpuint (n_runs (result->snapshot), ==, 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
}

/* A fetch of the file source driven to completion on the main context,
 * outside any session: what the source itself says. */
typedef struct
{
  FdBatch  *batch;
  GError   *error;
  gboolean  done;
} Fetch;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->batch = fd_source_fetch_finish (FD_SOURCE (object), result, &fetch->error);
  fetch->done = TRUE;
}

static void
fetch_and_wait (FdSource *source,
                Fetch    *fetch)
{
  memset (fetch, 0, sizeof *fetch);
  fd_source_fetch_async (source, NULL, NULL, fetched_cb, fetch);
  while (!fetch->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
fetch_clear (Fetch *fetch)
{
  g_clear_pointer (&fetch->batch, fd_batch_unref);
  g_clear_error (&fetch->error);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* What the session did with the file source's fetches. */
typedef struct
{
  GArray *batch_runs;   /* gsize: the runs of each batch that brought records */
  guint   changed;      /* the source's "changed" (its file monitor) */
} Watch;

static void
batch_applied_cb (FdSession *session,
                  FdSource  *source,
                  FdBatch   *batch,
                  Watch     *watch)
{
  gsize n;

  if (fd_batch_is_empty (batch))
    return;
  n = n_runs (fd_batch_get_records (batch));
  g_array_append_val (watch->batch_runs, n);
}

static void
source_changed_cb (FdSource *source,
                   Watch    *watch)
{
  watch->changed++;
}

/* Until the session has fetched, applied and queried everything asked. */
static void
wait_for_idle (FdSession *session)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (fd_session_get_busy (session) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);
  g_assert_false (timed_out);
}

static gsize
session_runs (FdSession *session)
{
  FdSnapshot *snapshot = fd_session_get_snapshot (session);

  g_assert_nonnull (snapshot);
  return n_runs (snapshot);
}

static void
assert_error_names_source (FdSession *session,
                           FdSource  *source)
{
  g_autofree char *prefix = g_strconcat (fd_source_get_uri (source), ": ", NULL);
  const char *error = fd_session_get_last_error (session);

  g_assert_nonnull (error);
  g_test_message ("error: %s", error);
  g_assert_true (g_str_has_prefix (error, prefix));
  g_assert_cmpuint (strlen (error), >, strlen (prefix));
}

/* Row: a file replaced while being read. A new file renamed over the
 * history in the middle of a read: the read in flight finishes on the
 * file it opened (old or new, never a mix), the next read takes the new
 * file whole (an older read never wins), the file monitor reloads it, and
 * a replacement that cannot be read (the file gone, a directory in its
 * place) fails the refresh with the session's error, naming the source,
 * while the last good data stays. */
static void
test_bad_input_file_replaced (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(FdClock) clock = fd_clock_new_fake (fd_time_days_from_civil (2026, 11, 20) *
                                                86400 * G_USEC_PER_SEC);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFileSource) file_source = NULL;
  FdSource *source;
  FdSourceStatus *status;
  Watch watch = { 0 };
  Fetch fetch;
  gboolean timed_out = FALSE;
  gsize kept;
  guint guard;

  watch.batch_runs = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* 20,000 runs (about 4 MB), so the rename lands while it is read. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (big, RUN_LINE ("old-%u", "2026-11-20T10:00:00Z") "\n", i);
  path = write_tmp_file (dir, "history.jsonl", big->str, big->len);
  file = g_file_new_for_path (path);
  file_source = fd_file_source_new (file);
  source = FD_SOURCE (file_source);
  status = fd_source_get_status (source);
  g_signal_connect (source, "changed", G_CALLBACK (source_changed_cb), &watch);
  g_signal_connect (session, "batch-applied", G_CALLBACK (batch_applied_cb), &watch);

  /* The session fetches the source as it comes; renamed over during that
   * read, and read again at once (F5): the second read must end with the
   * small new file, whatever the first one read. */
  next = write_tmp_file (dir, "next.jsonl", RUN ("new-a") "\n" RUN ("new-b") "\n", -1);
  fd_session_add_source (session, source);
  g_assert_true (fd_session_get_busy (session));
  /* A moment for the worker to open the old file: reading it takes far
   * longer (either way, the assertions below hold). */
  g_usleep (5000);
  g_assert_cmpint (g_rename (next, path), ==, 0);
  fd_session_refresh (session);
  wait_for_idle (session);

  g_assert_null (fd_session_get_last_error (session));
  g_assert_cmpuint (watch.batch_runs->len, >=, 1);
  for (guint i = 0; i < watch.batch_runs->len; i++)
    {
      gsize n = g_array_index (watch.batch_runs, gsize, i);

      g_test_message ("batch %u: %" G_GSIZE_FORMAT " runs", i, n);
      g_assert_true (n == 20000 || n == 2);
    }
  g_assert_cmpuint (g_array_index (watch.batch_runs, gsize, watch.batch_runs->len - 1), ==, 2);
  g_assert_cmpuint (session_runs (session), ==, 2);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_OK);

  /* The monitor saw the rename too, and its reload keeps the new file. */
  guard = g_timeout_add_seconds (20, timeout_cb, &timed_out);
  while (!timed_out && watch.changed == 0)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);
  g_assert_false (timed_out);
  wait_for_idle (session);
  g_assert_cmpuint (session_runs (session), ==, 2);
  fd_session_refresh (session);
  wait_for_idle (session);
  g_assert_cmpuint (session_runs (session), ==, 2);
  g_assert_null (fd_session_get_last_error (session));

  /* The file disappears: the refresh fails, the data stays. A reload the
   * monitor started before the unlink may still land (under valgrind it
   * does), with the same two runs read before: the data is what must stay,
   * not one snapshot object. */
  kept = session_runs (session);
  g_assert_cmpint (g_unlink (path), ==, 0);
  fd_session_refresh (session);
  wait_for_idle (session);
  assert_error_names_source (session, source);
  g_assert_cmpuint (session_runs (session), ==, kept);
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_STALE);
  g_assert_nonnull (fd_source_status_get_message (status));
  fetch_and_wait (source, &fetch);
  g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (fetch.batch);
  fetch_clear (&fetch);
  g_assert_cmpuint (session_runs (session), ==, kept);

  /* A directory in its place: an error again, the data still kept. */
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  fd_session_refresh (session);
  wait_for_idle (session);
  assert_error_names_source (session, source);
  g_assert_cmpuint (session_runs (session), ==, kept);
  fetch_and_wait (source, &fetch);
  g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_null (fetch.batch);
  fetch_clear (&fetch);
  g_assert_cmpuint (session_runs (session), ==, kept);
  g_assert_cmpint (g_rmdir (path), ==, 0);

  /* A valid file comes back: it is read again, and the error goes. */
  g_free (path);
  path = write_tmp_file (dir, "history.jsonl", RUN ("back") "\n", -1);
  fd_session_refresh (session);
  wait_for_idle (session);
  g_assert_cmpuint (session_runs (session), ==, 1);
  g_assert_null (fd_session_get_last_error (session));
  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_OK);
  g_assert_null (fd_source_status_get_message (status));

  g_signal_handlers_disconnect_by_data (session, &watch);
  g_signal_handlers_disconnect_by_data (source, &watch);
  fd_session_remove_source (session, source);
  wait_for_idle (session);
  g_clear_object (&session);
  g_clear_object (&file_source);
  g_array_unref (watch.batch_runs);
  remove_tree (dir);
}

static FdSnapshot *
simulated_snapshot (guint days)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  FdSimParams params;
  FdTime to = fd_time_days_from_civil (2026, 11, 20) * 86400 * G_USEC_PER_SEC;

  fd_sim_params_init (&params);
  params.seed = 7;
  params.history_days = days;
  fd_sim_generate (&params, to - (FdTime) days * 86400 * G_USEC_PER_SEC, to, builder);
  return fd_snapshot_builder_end (g_steal_pointer (&builder));
}

static void
drop_root_privileges (void)
{
  /* Root writes into read-only directories; the check needs an ordinary
   * user. 65534 is "nobody" on Debian. */
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
}

/* Row: an unwritable export destination. A read-only directory: a clear
 * GError naming the file, and nothing written (no temporary file left). */
static void
test_bad_input_export_read_only (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(FdSnapshot) snapshot = simulated_snapshot (2);
      g_autofree char *dir = g_strdup (g_getenv ("FD_TEST_EXPORT_DIR"));
      g_autofree char *path = g_build_filename (dir, "export.jsonl", NULL);
      g_autoptr(GError) error = NULL;

      drop_root_privileges ();
      g_assert_false (fd_jsonl_write_file (snapshot, path, FD_TIME_NONE, FD_TIME_NONE, NULL,
                                           &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, "export.jsonl"));
      g_test_message ("error: %s", error->message);
      return;
    }
  else
    {
      g_autofree char *dir = make_tmp_dir ();

      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      g_setenv ("FD_TEST_EXPORT_DIR", dir, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                       G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_unsetenv ("FD_TEST_EXPORT_DIR");
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
      g_test_trap_assert_passed ();
      g_assert_cmpuint (count_dir_entries (dir), ==, 0);
      remove_tree (dir);
    }
}

/* Row: a full disk on export. The child may write at most 1 MiB per file
 * (RLIMIT_FSIZE, with SIGXFSZ ignored so write() fails with EFBIG the way
 * it fails with ENOSPC on a full disk). The export of several MB fails
 * with an error, and the previous export is intact byte for byte. */
static void
test_bad_input_export_disk_full (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(FdSnapshot) snapshot = simulated_snapshot (30);
      const char *path = g_getenv ("FD_TEST_EXPORT_PATH");
      g_autoptr(GError) error = NULL;
      g_autofree char *text = fd_jsonl_write_string (snapshot, FD_TIME_NONE, FD_TIME_NONE, NULL);
      struct rlimit limit = { 1 << 20, 1 << 20 };

      g_assert_cmpuint (strlen (text), >, 2 << 20);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (fd_jsonl_write_file (snapshot, path, FD_TIME_NONE, FD_TIME_NONE, NULL,
                                           &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "export.jsonl"));
      g_test_message ("error: %s", error->message);
      return;
    }
  else
    {
      g_autoptr(FdSnapshot) old = simulated_snapshot (1);
      g_autofree char *dir = make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "export.jsonl", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      gsize before_len = 0;
      gsize after_len = 0;
      g_autoptr(GError) error = NULL;

      g_assert_true (fd_jsonl_write_file (old, path, FD_TIME_NONE, FD_TIME_NONE, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
      g_assert_cmpuint (before_len, >, 0);
      g_assert_cmpuint (before_len, <, 1 << 20);

      g_setenv ("FD_TEST_EXPORT_PATH", path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                       G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_unsetenv ("FD_TEST_EXPORT_PATH");
      g_test_trap_assert_passed ();

      g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
      g_assert_cmpmem (after, after_len, before, before_len);
      /* The temporary file was removed, too. */
      g_assert_cmpuint (count_dir_entries (dir), ==, 1);
      remove_tree (dir);
    }
}

static int
run_cli (const char * const *args,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) FLIGHTDECK_CLI);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Row: flightdeck-cli with bad arguments exits with 2 and says why on
 * stderr; a file that is not there exits with 1 and names it. */
static void
test_bad_input_cli (void)
{
  static const struct { const char *args[8]; int status; const char *says; } cases[] = {
    { { "frobnicate", NULL }, 2, "frobnicate" },
    { { "metrics", NULL }, 2, NULL },
    { { "metrics", "a.jsonl", "--from", "1899-12-31T00:00:00Z", NULL }, 2, "--from" },
    { { "metrics", "a.jsonl", "--to", "\xff\xfe", NULL }, 2, NULL },
    { { "metrics", "a.jsonl", "--from", "2026-11-20T00:00:00Z",
        "--to", "2026-11-19T00:00:00Z", NULL }, 2, NULL },
    { { "generate", "--days", "-5", NULL }, 2, NULL },
    { { "generate", "--runs", "99999999999999999999", NULL }, 2, NULL },
    { { "render", "no-such-chart", NULL }, 2, NULL },
    { { "metrics", "/nonexistent/history.jsonl", NULL }, 1, "/nonexistent/history.jsonl" },
    { { "validate", "/nonexistent/history.jsonl", NULL }, 1, "/nonexistent/history.jsonl" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status;

      g_test_message ("flightdeck-cli %s %s", cases[i].args[0],
                      cases[i].args[1] != NULL ? cases[i].args[1] : "");
      status = run_cli (cases[i].args, &err);
      g_assert_cmpint (status, ==, cases[i].status);
      g_assert_cmpuint (strlen (err), >, 0);
      g_assert_true (g_utf8_validate (err, -1, NULL));
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (err, cases[i].says));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/bad-input/corrupt-file", test_bad_input_corrupt_file);
  g_test_add_func ("/flightdeck/bad-input/truncated-file", test_bad_input_truncated_file);
  g_test_add_func ("/flightdeck/bad-input/binary-file", test_bad_input_binary_file);
  g_test_add_func ("/flightdeck/bad-input/empty-file", test_bad_input_empty_file);
  g_test_add_func ("/flightdeck/bad-input/invalid-utf8", test_bad_input_invalid_utf8);
  g_test_add_func ("/flightdeck/bad-input/extreme-times", test_bad_input_extreme_times);
  g_test_add_func ("/flightdeck/bad-input/duplicate-ids", test_bad_input_duplicate_ids);
  g_test_add_func ("/flightdeck/bad-input/huge-line", test_bad_input_huge_line);
  g_test_add_func ("/flightdeck/bad-input/file-replaced", test_bad_input_file_replaced);
  g_test_add_func ("/flightdeck/bad-input/export-read-only", test_bad_input_export_read_only);
  g_test_add_func ("/flightdeck/bad-input/export-disk-full", test_bad_input_export_disk_full);
  g_test_add_func ("/flightdeck/bad-input/cli", test_bad_input_cli);

  return g_test_run ();
}
