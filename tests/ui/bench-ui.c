/* bench-ui.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-ui"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fd-alerts-page.h"
#include "fd-application.h"
#include "fd-canary-page.h"
#include "fd-deployments-page.h"
#include "fd-pipelines-page.h"
#include "fd-sim-provider.h"
#include "fd-window.h"

/* 2026-11-20T12:00:00Z: a fixed "now" so every run measures the same data. */
#define NOW G_GINT64_CONSTANT (1795176000000000)

static FdWindow *window;
static gint64 painted_at;
static gint64 frame_started_at;

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

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (painted_at == 0)
    painted_at = g_get_monotonic_time ();
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
} Row;

static void
print_row (const Row *row)
{
  printf ("%-26s %10.2f %10.2f %12.2f %14.2f\n", row->name, row->sync_ms, row->work_ms, row->frame_ms,
          row->data_ms);
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
  Row row = { name, 0, 0, 0, 0 };
  gint64 start;
  gint64 after_action;

  painted_at = 0;
  frame_started_at = 0;
  start = g_get_monotonic_time ();
  action (user_data);
  after_action = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_for_action_frame ();
  row.sync_ms = (after_action - start) / 1000.0;
  row.frame_ms = (painted_at - start) / 1000.0;
  /* A frame already under way when the action ran counts from the action. */
  row.work_ms = row.sync_ms + (painted_at - MAX (frame_started_at, after_action)) / 1000.0;

  if (query)
    {
      wait_for_query (before);
      painted_at = 0;
      wait_for_data_frame ();
      row.data_ms = (painted_at - start) / 1000.0;
    }
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
relayout (gpointer user_data)
{
  /* What any change of size does: the window lays itself out again. */
  gtk_widget_queue_resize (GTK_WIDGET (window));
}

static void
nothing (gpointer user_data)
{
}

static void
tick (gpointer user_data)
{
  fd_window_refresh (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FdApplication) app = NULL;
  g_autoptr(FdSimProvider) provider = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FdSnapshot) snapshot = NULL;
  const char *cycles_env = g_getenv ("FD_BENCH_CYCLES");
  guint cycles = cycles_env ? (guint) atoi (cycles_env) : 1000;
  gsize n_runs = 0;
  GdkFrameClock *clock;
  Row rows[16];
  guint n_rows = 0;
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

  window = fd_window_new (GTK_APPLICATION (app), settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  fd_window_set_now (window, NOW);
  gtk_window_present (GTK_WINDOW (window));

  /* 1,000,000 runs over 90 days. */
  provider = fd_sim_provider_new (42);
  fd_sim_provider_set_now (provider, NOW);
  fd_sim_provider_set_history_days (provider, 90);
  fd_sim_provider_set_runs_per_day (provider, 1000000.0 / 90);
  fd_window_set_provider (window, FD_DATA_PROVIDER (provider));

  t0 = g_get_monotonic_time ();
  fd_window_refresh (window);
  wait_for_query (NULL);
  snapshot = fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (provider));
  fd_snapshot_get_runs (snapshot, &n_runs);
  printf ("Loaded %" G_GSIZE_FORMAT " runs in %.0f ms (generation and first query)\n",
          n_runs, (g_get_monotonic_time () - t0) / 1000.0);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  painted_at = 0;
  wait_for_paint ();

  /* The hidden pages take the data in idle callbacks after the first
   * frame; a user switches pages long after they ran. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* A page's first visit lays it out for the first time; later visits
   * only draw it. */
  rows[n_rows++] = measure ("first visit: deployments", switch_page, "deployments", FALSE);
  rows[n_rows++] = measure ("first visit: alerts", switch_page, "alerts", FALSE);
  rows[n_rows++] = measure ("first visit: canary", switch_page, "canary", FALSE);
  rows[n_rows++] = measure ("switch page: pipelines", switch_page, "pipelines", FALSE);
  rows[n_rows++] = measure ("switch page: deployments", switch_page, "deployments", FALSE);
  rows[n_rows++] = measure ("switch page: alerts", switch_page, "alerts", FALSE);
  rows[n_rows++] = measure ("switch page: pipelines", switch_page, "pipelines", FALSE);
  rows[n_rows++] = measure ("redraw (baseline)", nothing, NULL, FALSE);
  rows[n_rows++] = measure ("relayout (baseline)", relayout, NULL, FALSE);
  rows[n_rows++] = measure ("filter: production", set_environment, "production", TRUE);
  rows[n_rows++] = measure ("filter: all environments", set_environment, "", TRUE);
  rows[n_rows++] = measure ("auto-refresh tick", tick, NULL, TRUE);

  /* FD_BENCH_SWITCHES=N: switch pages N more times (for a profiler). */
  if (g_getenv ("FD_BENCH_SWITCHES") != NULL)
    for (guint i = 0; i < (guint) atoi (g_getenv ("FD_BENCH_SWITCHES")); i++)
      measure ("switch", switch_page, (gpointer) fd_window_page_names[i % FD_WINDOW_N_PAGES], FALSE);

  /* FD_BENCH_RELAYOUT=N: N full layouts of the window on each page. */
  if (g_getenv ("FD_BENCH_RELAYOUT") != NULL)
    for (guint p = 0; p < FD_WINDOW_N_PAGES; p++)
      {
        measure ("switch", switch_page, (gpointer) fd_window_page_names[p], FALSE);
        for (guint i = 0; i < (guint) MAX (atoi (g_getenv ("FD_BENCH_RELAYOUT")), 1); i++)
          {
            Row r = measure ("relayout", relayout, NULL, FALSE);

            printf ("relayout on %s: busy %.2f ms, to frame %.2f ms\n", fd_window_page_names[p], r.work_ms,
                    r.frame_ms);
          }
      }

  /* FD_BENCH_FILTERS=N: change the environment N more times. */
  if (g_getenv ("FD_BENCH_FILTERS") != NULL)
    for (guint i = 0; i < (guint) atoi (g_getenv ("FD_BENCH_FILTERS")); i++)
      {
        Row r = measure ("filter", set_environment, (gpointer) (i % 2 ? "" : "staging"), TRUE);

        printf ("filter %u: sync %.2f, busy %.2f, frame %.2f, data %.2f ms\n", i, r.sync_ms, r.work_ms,
                r.frame_ms, r.data_ms);
      }

  printf ("\n%-26s %10s %10s %12s %14s\n", "action", "sync ms", "busy ms", "to frame ms", "to data ms");
  for (guint i = 0; i < n_rows; i++)
    print_row (&rows[i]);

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

  /* Memory over refresh cycles: each cycle moves "now" by a second, which
   * forces a new query over the 1,000,000 runs and a new result on every page. */
  for (guint i = 0; i < 20; i++)
    {
      FdPageData *before = fd_window_get_page_data (window);

      fd_window_set_now (window, NOW + (gint64) (i + 1) * G_USEC_PER_SEC);
      wait_for_query (before);
    }
  rss_before = rss_kb ();
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < cycles; i++)
    {
      FdPageData *before = fd_window_get_page_data (window);

      fd_window_set_now (window, NOW + (gint64) (i + 21) * G_USEC_PER_SEC);
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
  return 0;
}
