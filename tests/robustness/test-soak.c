/* test-soak.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The app left running for days on a second screen, compressed: the window
 * with its four pages on a session over the simulator, on a fake clock
 * that moves one second per cycle (simulated time, so the test does not
 * depend on the wall clock), refreshed 10,000 times. Every refresh is
 * driven to the end (the simulator's fetch of what is new, the batch
 * applied to the session's store, the query, the data applied to every page
 * and the frames drawn) by iterating the main context. Between cycle 2,000
 * (caches warm, and glibc's heap settled: it keeps about 2 MiB of freed
 * blocks during the first 2,000 cycles and then stays flat) and the last
 * cycle, neither the resident set nor the heap in use may grow by 2 MB or
 * more, and no warning or critical may be logged (both are fatal).
 *
 * FD_SOAK_CYCLES lowers the count for local runs; CI runs the full count. */

#define G_LOG_DOMAIN "test-soak"

#include "config.h"

#include <stdlib.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "fd-application.h"
#include "fd-clock.h"
#include "fd-page-data.h"
#include "fd-session.h"
#include "fd-sim-source.h"
#include "fd-time.h"
#include "fd-window.h"

#define DEFAULT_CYCLES 10000
#define WARM_CYCLE 2000
#define MAX_GROWTH_BYTES (2 * 1024 * 1024)
/* The visible page changes every so many cycles, so that all four pages are
 * drawn; the two measurements fall on the same page. */
#define CYCLES_PER_PAGE 250

static FdApplication *app;

static gsize
rss_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  fields = g_strsplit (statm, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);

  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

/* Bytes the allocator has handed out and not had back: RSS minus what
 * fragmentation and the allocator's own caches hold, so the log tells a
 * leak (this grows) from a fragmented heap (only RSS grows). */
static double
heap_in_use_mib (double *free_mib)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 info = mallinfo2 ();

  *free_mib = info.fordblks / 1048576.0;
  return (info.uordblks + info.hblkhd) / 1048576.0;
#else
  *free_mib = 0.0;
  return 0.0;
#endif
}

static GSettings *
new_clean_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

static void
iterate_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
refreshed_cb (FdWindow   *window,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Done when the refresh finished, the session is idle and the page data on
 * screen is the query of the session's newest snapshot at the simulated
 * @now. */
static gboolean
cycle_done (FdWindow  *window,
            FdSession *session,
            guint      refreshed,
            guint      expected,
            FdTime     now)
{
  FdPageData *data;

  if (refreshed < expected || fd_window_get_query_pending (window))
    return FALSE;

  data = fd_window_get_page_data (window);

  return data != NULL && data->snapshot == fd_session_get_snapshot (session) &&
         data->query.to == now;
}

static void
test_soak_refresh_cycles (void)
{
  g_autoptr(GSettings) settings = new_clean_settings ();
  const char *env_cycles = g_getenv ("FD_SOAK_CYCLES");
  guint n_cycles = DEFAULT_CYCLES;
  FdTime now = fd_time_days_from_civil (2026, 11, 20) * 86400 * G_USEC_PER_SEC;
  g_autoptr(FdClock) clock = fd_clock_new_fake (now);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdSimSource) simulator = NULL;
  FdSimParams params;
  FdWindow *window;
  guint refreshed = 0;
  guint refreshed_before;
  guint queries_before;
  gsize rss_start;
  gsize rss_warm = 0;
  gsize rss_end;
  double heap_warm = 0.0;
  double heap_end;
  double heap_free;
  gint64 start;
  gint64 warm_time = 0;
  double seconds;
  /* Where the time goes, for the log. */
  gint64 t_phase;
  gint64 t_refresh = 0;
  gint64 t_query = 0;
  gint64 t_draw = 0;

  if (env_cycles != NULL && *env_cycles != '\0')
    n_cycles = (guint) g_ascii_strtoull (env_cycles, NULL, 10);
  /* The warm-up needs to be over before the first measurement. */
  g_assert_cmpuint (n_cycles, >, WARM_CYCLE);
  if (n_cycles != DEFAULT_CYCLES)
    g_test_message ("FD_SOAK_CYCLES=%u: a shorter run than CI's %u cycles",
                    n_cycles, DEFAULT_CYCLES);

  /* A week of history keeps each cycle cheap; the week's window shows it
   * all. The simulator follows the session's fake clock. */
  fd_sim_params_init (&params);
  params.seed = 7;
  params.history_days = 7;
  simulator = fd_sim_source_new_with_params (&params);
  fd_session_add_source (session, FD_SOURCE (simulator));
  g_settings_set_string (settings, "time-range", "7d");
  g_settings_set_boolean (settings, "auto-refresh", FALSE);

  window = fd_window_new (GTK_APPLICATION (app), settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (window, "notify::last-refresh", G_CALLBACK (refreshed_cb), &refreshed);
  fd_window_set_session (window, session);
  g_assert_false (fd_session_get_auto_refresh (session));
  /* The first fetch (the week up to now) and its query. */
  {
    gboolean timed_out = FALSE;
    guint guard = g_timeout_add_seconds (60, timeout_cb, &timed_out);

    while (!cycle_done (window, session, refreshed, 1, now) && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    g_clear_handle_id (&guard, g_source_remove);
    g_assert_false (timed_out);
  }
  iterate_pending ();

  /* Every page is built and alive for the whole run. */
  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    {
      fd_window_set_page (window, fd_window_page_names[i]);
      g_assert_cmpstr (fd_window_get_page (window), ==, fd_window_page_names[i]);
      iterate_pending ();
    }

  rss_start = rss_bytes ();
  refreshed_before = refreshed;
  queries_before = fd_window_get_n_queries (window);
  start = g_get_monotonic_time ();

  for (guint cycle = 1; cycle <= n_cycles; cycle++)
    {
      gboolean timed_out = FALSE;
      guint guard;

      if (cycle % CYCLES_PER_PAGE == 1)
        fd_window_set_page (window,
                            fd_window_page_names[(cycle / CYCLES_PER_PAGE) % FD_WINDOW_N_PAGES]);

      now += G_USEC_PER_SEC;
      fd_clock_set_now (clock, now);
      fd_window_refresh (window);

      guard = g_timeout_add_seconds (30, timeout_cb, &timed_out);
      t_phase = g_get_monotonic_time ();
      while (refreshed < refreshed_before + cycle && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      t_refresh += g_get_monotonic_time () - t_phase;
      t_phase = g_get_monotonic_time ();
      while (!cycle_done (window, session, refreshed, refreshed_before + cycle, now) && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      t_query += g_get_monotonic_time () - t_phase;
      t_phase = g_get_monotonic_time ();
      g_clear_handle_id (&guard, g_source_remove);
      if (timed_out)
        g_test_message ("cycle %u did not finish within 30 s", cycle);
      g_assert_false (timed_out);
      g_assert_null (fd_window_get_error (window));
      /* Let the frame clock draw what changed. */
      iterate_pending ();
      t_draw += g_get_monotonic_time () - t_phase;

      if (cycle == WARM_CYCLE)
        {
          rss_warm = rss_bytes ();
          heap_warm = heap_in_use_mib (&heap_free);
          warm_time = g_get_monotonic_time ();
        }
      if (cycle % 1000 == 0 || (n_cycles < 2000 && cycle % 100 == 0))
        {
          double heap_used = heap_in_use_mib (&heap_free);

          g_test_message ("cycle %u: RSS %.2f MiB, heap in use %.2f MiB, free in the heap %.2f MiB, "
                          "%.1f s (refresh %.1f, query and pages %.1f, frames %.1f)",
                          cycle, rss_bytes () / 1048576.0, heap_used, heap_free,
                          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                          t_refresh / 1e6, t_query / 1e6, t_draw / 1e6);
        }
    }

  rss_end = rss_bytes ();
  heap_end = heap_in_use_mib (&heap_free);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_test_message ("%u cycles in %.1f s (%.2f ms per cycle), %u queries",
                  n_cycles, seconds, seconds * 1000.0 / n_cycles,
                  fd_window_get_n_queries (window) - queries_before);
  g_test_message ("RSS before the first cycle: %.2f MiB", rss_start / 1048576.0);
  g_test_message ("RSS at cycle %u: %.2f MiB", WARM_CYCLE, rss_warm / 1048576.0);
  g_test_message ("RSS at cycle %u: %.2f MiB", n_cycles, rss_end / 1048576.0);
  g_test_message ("RSS growth from cycle %u to %u: %+.3f MiB (limit 2 MiB), %.1f s",
                  WARM_CYCLE, n_cycles, ((double) rss_end - (double) rss_warm) / 1048576.0,
                  (g_get_monotonic_time () - warm_time) / (double) G_USEC_PER_SEC);

  g_test_message ("Heap in use from cycle %u to %u: %+.3f MiB (limit 2 MiB)",
                  WARM_CYCLE, n_cycles, heap_end - heap_warm);

  g_assert_cmpuint (refreshed - refreshed_before, ==, n_cycles);
  g_assert_cmpint (fd_session_get_environments (session) != NULL, ==, TRUE);
  g_assert_cmpint (fd_window_get_page_data (window)->query.to, ==, now);
  /* Growth, not shrinkage, is the failure. */
  if (rss_end > rss_warm)
    g_assert_cmpuint (rss_end - rss_warm, <, MAX_GROWTH_BYTES);
  g_assert_cmpfloat (heap_end - heap_warm, <, MAX_GROWTH_BYTES / 1048576.0);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_pending ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* What the app's main() does (src/flightdeck.c): malloc instead of
   * GLib 2.74's slice caches, for a process that runs for days. */
  setenv ("G_SLICE", "always-malloc", 0);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* What G_DEBUG=fatal-criticals asks for (test_env's fatal-warnings covers
   * criticals too), whatever the environment says. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  app = fd_application_new ("io.github.flightdeck.Flightdeck.Soak", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/flightdeck/soak/refresh-cycles", test_soak_refresh_cycles);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
