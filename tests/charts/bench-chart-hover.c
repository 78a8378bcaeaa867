/* bench-chart-hover.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-chart-hover"

#include "config.h"

#include "fd-chart.h"
#include "fd-chart-private.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The cost of one frame while the pointer moves over a line chart of
 * 1,000,000 points (goal: 2 ms), against a frame that draws the body, as
 * every hover frame did before the overlay, and against a frame in which
 * nothing changed (the renderer's own floor for the window). Run it under
 * each renderer: GSK_RENDERER=gl (GTK 4.8's name for the "ngl" renderer)
 * or GSK_RENDERER=cairo. FD_BENCH_POINTS and FD_BENCH_FRAMES change the
 * size and the number of frames. */

static gint64 frame_started_at;
static gint64 painted_at;

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  frame_started_at = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted_at = g_get_monotonic_time ();
}

/* Waits for the next frame and returns its own work, before-paint to
 * after-paint (layout, snapshot, render), in milliseconds: the wait for
 * the frame clock's 60 Hz tick is not the chart's cost. */
static double
wait_for_frame (GtkWidget *widget)
{
  painted_at = 0;
  gtk_widget_queue_draw (widget);
  while (painted_at == 0)
    g_main_context_iteration (NULL, TRUE);
  return (painted_at - frame_started_at) / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_row (const char *name,
           double     *ms,
           guint       n)
{
  qsort (ms, n, sizeof (double), compare_doubles);
  printf ("%-28s | %6u | %9.3f | %9.3f | %9.3f\n", name, n, ms[n / 2], ms[(gsize) (n * 0.95)],
          ms[n - 1]);
}

static FdChartModel *
million_points (gsize n)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_LINE);
  double *x = g_new (double, n);
  double *y = g_new (double, n);
  guint32 seed = 42;

  /* A noisy latency line at one point a second. */
  for (gsize i = 0; i < n; i++)
    {
      seed = seed * 1664525 + 1013904223;
      x[i] = 1795176000.0 - (double) (n - i);
      y[i] = 120 + 40 * sin (i / 5000.0) + (seed >> 24) / 8.0;
    }
  fd_chart_model_set_title (model, "Latency p95");
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_MILLISECONDS);
  fd_chart_model_add_series_take (model, "p95", FD_CHART_COLOR_AUTO, x, y, n);
  return model;
}

int
main (int   argc,
      char *argv[])
{
  const char *points_env = g_getenv ("FD_BENCH_POINTS");
  const char *frames_env = g_getenv ("FD_BENCH_FRAMES");
  gsize n_points = points_env ? (gsize) g_ascii_strtoull (points_env, NULL, 10) : 1000000;
  guint n_frames = frames_env ? (guint) atoi (frames_env) : 300;
  g_autoptr(FdChartModel) model = NULL;
  g_autofree double *hover = NULL;
  g_autofree double *snap = NULL;
  g_autofree double *idle = NULL;
  g_autofree double *body = NULL;
  double refresh[5];
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkWidget *window;
  GtkWidget *chart;
  GdkFrameClock *clock;
  guint renders;
  int width;

  gtk_init ();
  adw_init ();
  n_frames = MAX (n_frames, 10);
  hover = g_new (double, n_frames);
  snap = g_new (double, n_frames);
  idle = g_new (double, n_frames);
  body = g_new (double, n_frames);

  model = million_points (n_points);
  chart = fd_chart_new (model);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 400);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (chart) == 0 || gtk_widget_get_frame_clock (window) == NULL)
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  wait_for_frame (window);
  wait_for_frame (window);
  width = gtk_widget_get_width (chart);
  paintable = gtk_widget_paintable_new (chart);

  printf ("%s, %" G_GSIZE_FORMAT " points, chart %d x %d\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), n_points,
          width, gtk_widget_get_height (chart));
  printf ("%-28s | %6s | %9s | %9s | %9s\n", "frame ms", "n", "median", "p95", "worst");
  printf ("%-28s-+-%6s-+-%9s-+-%9s-+-%9s\n", "----------------------------", "------",
          "---------", "---------", "---------");

  /* Nothing changes: the window's frame as the renderer draws it. */
  for (guint i = 0; i < n_frames; i++)
    idle[i] = wait_for_frame (window);
  print_row ("idle (nothing changed)", idle, n_frames);

  /* The pointer sweeping across the plot, one position per frame. */
  renders = _fd_chart_get_body_renders (FD_CHART (chart));
  for (guint i = 0; i < n_frames; i++)
    {
      _fd_chart_pointer_motion (FD_CHART (chart), 60 + (i * 7) % (width - 120), 200);
      hover[i] = wait_for_frame (window);
    }
  /* The chart's own part of a hover frame: its snapshot, cached body plus
   * the overlay's two colour nodes, without the renderer. */
  for (guint i = 0; i < n_frames; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gint64 start;

      _fd_chart_pointer_motion (FD_CHART (chart), 60 + (i * 11) % (width - 120), 200);
      start = g_get_monotonic_time ();
      gdk_paintable_snapshot (paintable, snapshot, width, gtk_widget_get_height (chart));
      gsk_render_node_unref (gtk_snapshot_free_to_node (snapshot));
      snap[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  if (_fd_chart_get_body_renders (FD_CHART (chart)) != renders)
    g_error ("hover drew the body %u times", _fd_chart_get_body_renders (FD_CHART (chart)) - renders);
  print_row ("hover (overlay only)", hover, n_frames);
  print_row ("  of which chart snapshot", snap, n_frames);

  /* For comparison: the body drawn on every frame (decimation cached). */
  for (guint i = 0; i < n_frames; i++)
    {
      fd_chart_set_highlight (FD_CHART (chart), 0, (gssize) ((i * 7919) % n_points));
      body[i] = wait_for_frame (window);
    }
  print_row ("body drawn again", body, n_frames);

  /* A refresh: new data of the same chart, decimated and drawn anew. */
  for (guint i = 0; i < G_N_ELEMENTS (refresh); i++)
    {
      g_autoptr(FdChartModel) next = million_points (n_points);

      fd_chart_set_model (FD_CHART (chart), next);
      refresh[i] = wait_for_frame (window);
    }
  if (fd_chart_get_model (FD_CHART (chart)) != model)
    g_error ("the refresh replaced the model");
  print_row ("refresh (update + redraw)", refresh, G_N_ELEMENTS (refresh));
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
