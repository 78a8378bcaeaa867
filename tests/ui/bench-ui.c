/* bench-ui.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>

#include "fd-alerts-page.h"
#include "fd-application.h"
#include "fd-canary-page.h"
#include "fd-clock.h"
#include "fd-deployments-page.h"
#include "fd-pipelines-page.h"
#include "fd-session.h"
#include "fd-sim-source.h"
#include "fd-window.h"

/* 2026-11-20T12:00:00Z: a fixed "now" so every run measures the same data. */
#define NOW G_GINT64_CONSTANT (1795176000000000)

static FdWindow *window;
/* The session's fake clock: simulated time moves only when the benchmark
 * moves it, so every run measures the same data. */
static FdClock *sim_clock;
static gint64 painted_at;
static gint64 last_painted_at;

/* The window is at rest once no frame was drawn for this long. */
#define REST_USEC (50 * 1000)
static gint64 frame_started_at;
static gint64 layout_done_at;

/* The longest turn of the main loop since the last reset: the longest time
 * the app could not answer input. */
static GPollFunc real_poll;
static gint64 turn_started_at;
static gint64 longest_turn;
static gint64 turn_cpu_started_at;
static gint64 longest_turn_cpu;

/* The main thread's own CPU time: a turn can also wait, for the display
 * server or for a core while the worker thread runs a query. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint
poll_cb (GPollFD *fds,
         guint    n_fds,
         gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();
  gint result;

  if (turn_started_at != 0)
    {
      longest_turn = MAX (longest_turn, now - turn_started_at);
      longest_turn_cpu = MAX (longest_turn_cpu, cpu - turn_cpu_started_at);
    }
  result = real_poll (fds, n_fds, timeout);
  turn_started_at = g_get_monotonic_time ();
  turn_cpu_started_at = thread_cpu_time ();
  return result;
}

/* The frame clock paces frames to the display's refresh (60 Hz under
 * Xvfb): an action waits up to one interval for its frame to start. The
 * frame's own work (layout, snapshot, render) runs from before-paint to
 * after-paint. */
static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  if (frame_started_at == 0)
    frame_started_at = g_get_monotonic_time ();
}

/* Connected after GTK's own handler: the frame's layout is done. */
static void
layout_cb (GdkFrameClock *clock,
           gpointer       user_data)
{
  if (layout_done_at == 0)
    layout_done_at = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  last_painted_at = g_get_monotonic_time ();
  if (painted_at == 0)
    painted_at = last_painted_at;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_paint (void)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, timeout_cb, &timed_out);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (painted_at == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
}

/* Apart, so that a profile tells the frame after the action from the frame
 * after the new data. */
static void __attribute__ ((noinline))
wait_for_action_frame (void)
{
  wait_for_paint ();
  /* Not a tail call: the frame stays on the stack. */
  __asm__ volatile ("");
}

static void __attribute__ ((noinline))
wait_for_data_frame (void)
{
  wait_for_paint ();
  __asm__ volatile ("");
}

static void
wait_for_query (FdPageData *before)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (120, timeout_cb, &timed_out);

  while (!timed_out && (fd_window_get_page_data (window) == before ||
                        fd_window_get_query_pending (window)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

typedef struct
{
  const char *name;
  double      sync_ms;     /* main loop blocked by the action itself */
  double      work_ms;     /* the action plus its frame's own work: the main loop busy */
  double      frame_ms;    /* action to the next frame drawn, waiting for the frame clock included */
  double      data_ms;     /* action to the new data drawn (worker included) */
  double      layout_ms;   /* of the action's frame: measure and allocate */
  double      paint_ms;    /* of the action's frame: snapshot and render */
  double      turn_ms;     /* the longest turn of the main loop until all is done */
  double      turn_cpu_ms; /* the most CPU time the main thread spent in one turn */
  double      data_layout_ms; /* of the frame that draws the new data */
  double      data_paint_ms;
  double      faults;      /* the main thread's page faults from the action to its frame */
} Row;

static long
thread_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_minflt + usage.ru_majflt;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints the median and the worst of each measure over @n rows. */
static void
print_summary (const char *name,
               const Row  *rows,
               guint       n)
{
  const gsize offsets[] = {
    G_STRUCT_OFFSET (Row, work_ms), G_STRUCT_OFFSET (Row, frame_ms), G_STRUCT_OFFSET (Row, layout_ms),
    G_STRUCT_OFFSET (Row, paint_ms), G_STRUCT_OFFSET (Row, turn_ms), G_STRUCT_OFFSET (Row, turn_cpu_ms),
    G_STRUCT_OFFSET (Row, data_ms), G_STRUCT_OFFSET (Row, data_layout_ms), G_STRUCT_OFFSET (Row, data_paint_ms), G_STRUCT_OFFSET (Row, faults),
  };
  g_autofree double *values = g_new (double, MAX (n, 1));

  printf ("%-24s %3u", name, n);
  for (guint k = 0; k < G_N_ELEMENTS (offsets); k++)
    {
      for (guint i = 0; i < n; i++)
        values[i] = G_STRUCT_MEMBER (double, &rows[i], offsets[k]);
      qsort (values, n, sizeof (double), compare_doubles);
      printf ("  %6.1f %6.1f", n ? values[n / 2] : 0, n ? values[n - 1] : 0);
    }
  printf ("\n");
}

/* Runs @action, then measures until the next frame is drawn and, when
 * @query, until the worker's new data is on screen and drawn. */
static Row
measure (const char *name,
         void      (*action) (gpointer),
         gpointer    user_data,
         gboolean    query)
{
  FdPageData *before = fd_window_get_page_data (window);
  Row row = { name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  long faults;
  gint64 start;
  gint64 after_action;
  gint64 frame_start;

  /* Whatever was pending (hidden pages' updates, timers) first, then a
   * pause until the window is at rest: no frame drawn for 50 ms. A user
   * acts on a window at rest; an action within a frame interval of the
   * last frame waits for the next slot of the frame clock whatever the
   * app does. GTK draws two or three frames after each change (a resize
   * that reaches the window reconfigures it), and the hidden pages take
   * new data in idle time: the rest starts after all that. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  {
    gint64 waited_from = g_get_monotonic_time ();

    last_painted_at = waited_from;
    while (g_get_monotonic_time () - last_painted_at < REST_USEC &&
           g_get_monotonic_time () - waited_from < G_USEC_PER_SEC)
      {
        gboolean ticked = FALSE;

        g_timeout_add (5, timeout_cb, &ticked);
        while (!ticked)
          g_main_context_iteration (NULL, TRUE);
      }
  }
  painted_at = 0;
  frame_started_at = 0;
  layout_done_at = 0;
  start = g_get_monotonic_time ();
  turn_started_at = start;
  turn_cpu_started_at = thread_cpu_time ();
  longest_turn = 0;
  longest_turn_cpu = 0;
  faults = thread_faults ();
  action (user_data);
  after_action = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_for_action_frame ();
  row.faults = thread_faults () - faults;
  row.sync_ms = (after_action - start) / 1000.0;
  row.frame_ms = (painted_at - start) / 1000.0;
  /* A frame already under way when the action ran counts from the action. */
  frame_start = MAX (frame_started_at, after_action);
  row.work_ms = row.sync_ms + (painted_at - frame_start) / 1000.0;
  if (layout_done_at != 0)
    {
      row.layout_ms = (layout_done_at - frame_start) / 1000.0;
      row.paint_ms = (painted_at - layout_done_at) / 1000.0;
    }

  if (query)
    {
      wait_for_query (before);
      painted_at = 0;
      frame_started_at = 0;
      layout_done_at = 0;
      wait_for_data_frame ();
      row.data_ms = (painted_at - start) / 1000.0;
      if (layout_done_at != 0 && frame_started_at != 0)
        {
          row.data_layout_ms = (layout_done_at - frame_started_at) / 1000.0;
          row.data_paint_ms = (painted_at - layout_done_at) / 1000.0;
        }
    }
  /* The hidden pages take new data in idle callbacks of their own. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  row.turn_ms = longest_turn / 1000.0;
  row.turn_cpu_ms = longest_turn_cpu / 1000.0;
  return row;
}

static void
switch_page (gpointer user_data)
{
  fd_window_set_page (window, user_data);
}

static void
set_environment (gpointer user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.environment", "s", (const char *) user_data);
}

static void
set_time_range (gpointer user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.time-range", "s", (const char *) user_data);
}

/* What the auto-refresh timer does: the clock reaches the next fetch, the
 * session's timer fetches what the simulator made since (a refresh
 * interval of news over the 1,000,000 runs), the store applies it and the
 * query runs again. */
static void
tick (gpointer user_data)
{
  fd_clock_advance (sim_clock, (FdTime) fd_window_get_refresh_interval (window) * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FdApplication) app = NULL;
  g_autoptr(FdSession) session = NULL;
  g_autoptr(FdSimSource) simulator = NULL;
  g_autoptr(GSettings) settings = NULL;
  FdSimParams params;
  FdSnapshot *snapshot;
  const char *cycles_env = g_getenv ("FD_BENCH_CYCLES");
  guint cycles = cycles_env ? (guint) atoi (cycles_env) : 1000;
  gsize n_runs = 0;
  GdkFrameClock *clock;
  double worst_apply = 0;
  long rss_before;
  long rss_after;
  gint64 t0;

  gtk_init ();
  adw_init ();
  app = fd_application_new ("io.github.flightdeck.Flightdeck.BenchUi", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "time-range", "7d");
  g_settings_set_string (settings, "environment", "");
  /* The session's timer drives the auto-refresh ticks (see tick()). */
  g_settings_set_boolean (settings, "auto-refresh", TRUE);

  window = fd_window_new (GTK_APPLICATION (app), settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));

  /* 1,000,000 runs over 90 days, on a session whose fake clock the
   * simulator follows. */
  sim_clock = fd_clock_new_fake (NOW);
  session = fd_session_new (sim_clock);
  fd_sim_params_init (&params);
  params.seed = 42;
  params.history_days = 90;
  params.runs_per_day = 1000000.0 / 90;
  simulator = fd_sim_source_new_with_params (&params);

  /* Adding the source fetches it: the 90 days, applied to the store, then
   * the first query. */
  t0 = g_get_monotonic_time ();
  fd_session_add_source (session, FD_SOURCE (simulator));
  fd_window_set_session (window, session);
  wait_for_query (NULL);
  snapshot = fd_session_get_snapshot (session);
  fd_snapshot_get_runs (snapshot, &n_runs);
  printf ("Loaded %" G_GSIZE_FORMAT " runs in %.0f ms (generation and first query)\n",
          n_runs, (g_get_monotonic_time () - t0) / 1000.0);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), NULL);
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, poll_cb);
  painted_at = 0;
  wait_for_paint ();

  /* The hidden pages take the data in idle callbacks after the first
   * frame; a user switches pages long after they ran. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Each action FD_BENCH_REPEAT times (10 unless set); the table gives the
   * median and the worst of each. A page's first visit lays it out for the
   * first time; later visits find it laid out unless its data changed. */
  {
    const char *repeat_env = g_getenv ("FD_BENCH_REPEAT");
    guint repeat = repeat_env ? MAX (1, (guint) atoi (repeat_env)) : 10;
    g_autofree Row *switches = g_new0 (Row, repeat * FD_WINDOW_N_PAGES);
    g_autofree Row *environments = g_new0 (Row, repeat);
    g_autofree Row *ranges = g_new0 (Row, repeat);
    g_autofree Row *ticks = g_new0 (Row, repeat);
    g_autofree Row *after_ticks = g_new0 (Row, repeat);
    Row first[3];

    first[0] = measure ("first visit: deployments", switch_page, "deployments", FALSE);
    first[1] = measure ("first visit: alerts", switch_page, "alerts", FALSE);
    first[2] = measure ("first visit: canary", switch_page, "canary", FALSE);
    for (guint i = 0; i < repeat * FD_WINDOW_N_PAGES; i++)
      switches[i] = measure ("switch page", switch_page, (gpointer) fd_window_page_names[i % FD_WINDOW_N_PAGES],
                             FALSE);
    /* The rest on the Pipelines page, the fullest. */
    measure ("switch page", switch_page, "pipelines", FALSE);
    for (guint i = 0; i < repeat; i++)
      environments[i] = measure ("environment", set_environment, (gpointer) (i % 2 ? "" : "production"), TRUE);
    for (guint i = 0; i < repeat; i++)
      ranges[i] = measure ("time range", set_time_range, (gpointer) (i % 2 ? "7d" : "24h"), TRUE);
    for (guint i = 0; i < repeat; i++)
      ticks[i] = measure ("auto-refresh tick", tick, NULL, TRUE);
    /* The first switch after an auto-refresh is the one a user meets
     * most: every page has new data to lay out. */
    for (guint i = 0; i < repeat; i++)
      {
        measure ("auto-refresh tick", tick, NULL, TRUE);
        after_ticks[i] = measure ("switch after a tick", switch_page,
                                  (gpointer) fd_window_page_names[(i + 1) % FD_WINDOW_N_PAGES], FALSE);
      }

    printf ("\nmilliseconds, median and worst of n: busy = the action and its frame's work on the main\n"
            "loop; frame = the action to its frame drawn; layout and paint split the frame's work;\n"
            "turn = the longest turn of the main loop until the new data is on every page, and cpu its\n"
            "main thread's CPU time; data = the action to the new data drawn, the query included, and\n"
            "the layout and paint of that frame; faults = the main thread's page faults from the action\n"
            "to its frame\n\n");
    printf ("%-24s %3s  %13s  %13s  %13s  %13s  %13s  %13s  %13s  %13s  %13s  %13s\n", "action", "n", "busy",
            "frame", "layout", "paint", "turn", "cpu", "data", "data layout", "data paint", "faults");
    print_summary ("first visit: deployments", &first[0], 1);
    print_summary ("first visit: alerts", &first[1], 1);
    print_summary ("first visit: canary", &first[2], 1);
    print_summary ("switch page", switches, repeat * FD_WINDOW_N_PAGES);
    for (guint page = 0; page < FD_WINDOW_N_PAGES; page++)
      {
        g_autofree Row *to_page = g_new0 (Row, repeat);
        g_autofree char *label = g_strdup_printf ("  to %s", fd_window_page_names[page]);

        for (guint i = 0; i < repeat; i++)
          to_page[i] = switches[i * FD_WINDOW_N_PAGES + page];
        print_summary (label, to_page, repeat);
      }
    print_summary ("filter: environment", environments, repeat);
    print_summary ("filter: time range", ranges, repeat);
    print_summary ("auto-refresh tick", ticks, repeat);
    print_summary ("switch after a tick", after_ticks, repeat);
  }

  /* Applying a query result to the four pages runs on the main loop:
   * measure it on its own, alternating two results. */
  {
    g_autoptr(FdPageData) a = fd_page_data_ref (fd_window_get_page_data (window));
    FdPageData *b;
    GtkWidget *pipelines = NULL;

    set_environment ("staging");
    wait_for_query (a);
    b = fd_window_get_page_data (window);
    for (GtkWidget *w = GTK_WIDGET (window); w != NULL && pipelines == NULL; )
      {
        /* The window keeps its pages private; find the pipelines page. */
        GtkWidget *found = NULL;
        GQueue queue = G_QUEUE_INIT;

        g_queue_push_tail (&queue, w);
        while (!g_queue_is_empty (&queue) && found == NULL)
          {
            GtkWidget *x = g_queue_pop_head (&queue);

            if (FD_IS_PIPELINES_PAGE (x))
              found = x;
            for (GtkWidget *c = gtk_widget_get_first_child (x); c; c = gtk_widget_get_next_sibling (c))
              g_queue_push_tail (&queue, c);
          }
        g_queue_clear (&queue);
        pipelines = found;
        w = NULL;
      }
    for (guint i = 0; pipelines != NULL && i < 20; i++)
      {
        gint64 s = g_get_monotonic_time ();

        fd_pipelines_page_set_data (FD_PIPELINES_PAGE (pipelines), (i % 2) ? a : b);
        worst_apply = MAX (worst_apply, (g_get_monotonic_time () - s) / 1000.0);
      }
    fd_pipelines_page_set_data (FD_PIPELINES_PAGE (pipelines), b);
    printf ("\nPipelines page set_data (worst of 20): %.2f ms\n", worst_apply);
  }

  /* Memory over refresh cycles: each cycle moves "now" by a second and
   * refreshes, which fetches the second's news, applies it and forces a new
   * query over the 1,000,000 runs and a new result on every page. The
   * timer stays out of it: the refreshes are the cycles. */
  fd_window_set_auto_refresh (window, FALSE);
  for (guint i = 0; i < 20; i++)
    {
      FdPageData *before = fd_window_get_page_data (window);

      fd_clock_advance (sim_clock, G_USEC_PER_SEC);
      fd_window_refresh (window);
      wait_for_query (before);
    }
  rss_before = rss_kb ();
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < cycles; i++)
    {
      FdPageData *before = fd_window_get_page_data (window);

      fd_clock_advance (sim_clock, G_USEC_PER_SEC);
      fd_window_refresh (window);
      wait_for_query (before);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  rss_after = rss_kb ();
  printf ("RSS over %u refresh cycles: %ld kB -> %ld kB (growth %ld kB), %.1f ms per cycle\n",
          cycles, rss_before, rss_after, rss_after - rss_before,
          cycles ? (g_get_monotonic_time () - t0) / 1000.0 / cycles : 0.0);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&session);
  g_clear_object (&sim_clock);
  return 0;
}
