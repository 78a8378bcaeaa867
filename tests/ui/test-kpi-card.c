/* test-kpi-card.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-kpi-card"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fd-chart.h"
#include "fd-chart-render.h"
#include "fd-kpi-card.h"
#include "../lsan-quarks.h"

/* Set by --high-contrast: the same cases under libadwaita's high contrast. */
static gboolean high_contrast;

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* Draws a frame of @widget's window and waits until it is painted. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* @widget as its window's renderer draws it, through its own snapshot. */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static guint32 *
download (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  guint32 *data = g_new (guint32, (gsize) width * gdk_texture_get_height (texture));

  gdk_texture_download (texture, (guchar *) data, (gsize) width * 4);
  return data;
}

static double
distance_to_segment (double px,
                     double py,
                     double ax,
                     double ay,
                     double bx,
                     double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;

  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

/* How far (@px, @py) is from the drawn line: its segments between finite
 * neighbours and its lone points; @ox, @oy place the chart in the card. */
static double
distance_to_line (const FdChartLayout *layout,
                  const FdChartSeries *s,
                  double               ox,
                  double               oy,
                  double               px,
                  double               py)
{
  double best = INFINITY;

  for (gsize i = 0; i < s->n; i++)
    {
      double ax, ay;

      if (!isfinite (s->y[i]))
        continue;
      ax = ox + fd_chart_scale_map (&layout->x_scale, s->x[i]);
      ay = oy + fd_chart_scale_map (&layout->y_scale, s->y[i]);
      best = MIN (best, hypot (px - ax, py - ay));
      if (i + 1 < s->n && isfinite (s->y[i + 1]))
        best = MIN (best, distance_to_segment (px, py, ax, ay,
                                               ox + fd_chart_scale_map (&layout->x_scale, s->x[i + 1]),
                                               oy + fd_chart_scale_map (&layout->y_scale, s->y[i + 1])));
    }
  return best;
}

/*
 * A KPI card with a sparkline, as the pages show it (the app's style sheet,
 * a window's renderer): off the line, the sparkline's area is the card's own
 * background, to the last bit; on it, the line is drawn.
 */
static void
check_sparkline_background (AdwColorScheme scheme,
                            gboolean       dark)
{
  /* Seconds per bucket, with one bucket without a value. */
  const double values[] = { 300, 420, 180, NAN, 600, 540, 240, 360, 480, 300 };
  const FdTime from = G_GINT64_CONSTANT (1795176000000000);
  const FdTime bucket = G_GINT64_CONSTANT (3600000000);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *card = fd_kpi_card_new ("MTTA");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint32 *pixels = NULL;
  const FdChartSeries *series;
  FdChartStyle style;
  FdChartLayout layout;
  graphene_rect_t bounds;
  GtkWidget *chart;
  guint32 background;
  guint n_background = 0, n_area = 0;
  int width, x0, y0, x1, y1;

  adw_style_manager_set_color_scheme (manager, scheme);
  g_assert_true (adw_style_manager_get_dark (manager) == dark);
  g_assert_true (adw_style_manager_get_high_contrast (manager) == high_contrast);

  g_object_ref_sink (card);
  fd_kpi_card_set_number (FD_KPI_CARD (card), FD_CHART_FORMAT_DURATION, 380);
  fd_kpi_card_set_sparkline (FD_KPI_CARD (card), values, G_N_ELEMENTS (values), from, bucket);
  chart = fd_kpi_card_get_sparkline (FD_KPI_CARD (card));
  g_assert_nonnull (chart);
  g_assert_cmpint (fd_chart_get_palette_variant (FD_CHART (chart)), ==,
                   fd_palette_variant_for (dark, high_contrast));

  /* On the window's background, as in a page. */
  gtk_widget_add_css_class (page, "background");
  gtk_widget_set_margin_start (card, 12);
  gtk_widget_set_margin_end (card, 12);
  gtk_widget_set_margin_top (card, 12);
  gtk_widget_set_margin_bottom (card, 12);
  gtk_box_append (GTK_BOX (page), card);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 320, 200);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (chart) == 0 || gtk_widget_get_frame_clock (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (window);
  g_assert_true (gtk_widget_is_drawable (chart));

  texture = render_widget (page);
  pixels = download (texture);
  width = gdk_texture_get_width (texture);
  g_assert_true (gtk_widget_compute_bounds (chart, page, &bounds));

  /* The card's background: inside its padding, left of the sparkline. */
  g_assert_cmpfloat (bounds.origin.x, >=, 12 + 8);
  background = pixels[(int) (bounds.origin.y + bounds.size.height / 2) * width +
                      (int) bounds.origin.x - 4];
  /* Dark cards are lighter than the chart panel's background: the box the
   * sparkline painted once would not pass. */
  if (dark)
    g_assert_cmphex (background, !=,
                     fd_rgba_to_argb32 (&fd_palette_get (fd_palette_variant_for (dark, high_contrast))->background));

  /* Where the renderer put the line: the chart's own layout at its size. */
  fd_chart_style_init (&style, fd_chart_get_palette_variant (FD_CHART (chart)));
  style.draw_title = FALSE;
  fd_chart_layout_compute (&layout, fd_chart_get_model (FD_CHART (chart)), &style, NULL,
                           bounds.size.width, bounds.size.height, NULL);
  series = fd_chart_model_get_series (fd_chart_get_model (FD_CHART (chart)), 0);
  g_assert_cmpuint (series->n, ==, G_N_ELEMENTS (values));

  x0 = (int) bounds.origin.x;
  y0 = (int) bounds.origin.y;
  x1 = (int) (bounds.origin.x + bounds.size.width);
  y1 = (int) (bounds.origin.y + bounds.size.height);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        /* The line is 1.5 wide, a lone point 2.5 in radius, plus antialiasing. */
        if (distance_to_line (&layout, series, bounds.origin.x, bounds.origin.y, x + 0.5, y + 0.5) < 4)
          continue;
        n_area++;
        if (pixels[y * width + x] == background)
          n_background++;
        else
          g_test_message ("(%d, %d) is %08x, the card is %08x", x, y, pixels[y * width + x], background);
      }
  g_assert_cmpuint (n_area, >, (guint) (bounds.size.width * bounds.size.height / 2));
  g_assert_cmpuint (n_background, ==, n_area);

  /* Every value is on the line. */
  for (gsize i = 0; i < series->n; i++)
    {
      int x, y;

      if (!isfinite (series->y[i]))
        continue;
      x = (int) (bounds.origin.x + fd_chart_scale_map (&layout.x_scale, series->x[i]));
      y = (int) (bounds.origin.y + fd_chart_scale_map (&layout.y_scale, series->y[i]));
      g_assert_cmphex (pixels[y * width + x], !=, background);
    }
  fd_chart_layout_clear (&layout);

  gtk_window_destroy (GTK_WINDOW (window));
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_finalize_object (card);
}

static void
test_sparkline_background_light (void)
{
  check_sparkline_background (ADW_COLOR_SCHEME_FORCE_LIGHT, FALSE);
}

static void
test_sparkline_background_dark (void)
{
  check_sparkline_background (ADW_COLOR_SCHEME_FORCE_DARK, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--high-contrast") == 0)
      {
        high_contrast = TRUE;
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        break;
      }
  /* libadwaita's own switch for high contrast, read once, at adw_init(). */
  g_setenv ("ADW_DEBUG_HIGH_CONTRAST", high_contrast ? "1" : "0", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);

  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The app's style sheet (the cards' padding), as AdwApplication loads it. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/flightdeck/kpi-card/sparkline-background-light",
                   test_sparkline_background_light);
  g_test_add_func ("/flightdeck/kpi-card/sparkline-background-dark",
                   test_sparkline_background_dark);

  return g_test_run ();
}
