/* test-chart-widget.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chart-widget"

#include "config.h"

#include "fd-chart.h"
#include "fd-chart-private.h"

#include <adwaita.h>
#include <math.h>
#include "../lsan-quarks.h"

static FdChartModel *
runs_model (void)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_STACKED_BARS);
  const double x[] = { 86400 * 10, 86400 * 11, 86400 * 12 };
  const double ok[] = { 10, 20, 5 };
  const double failed[] = { 1, 2, 0 };

  fd_chart_model_set_title (model, "Runs by status");
  fd_chart_model_set_unit (model, "runs");
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_bucket_width (model, 86400);
  fd_chart_model_add_series (model, "success", FD_CHART_COLOR_SUCCESS, x, ok, 3);
  fd_chart_model_add_series (model, "failed", FD_CHART_COLOR_FAILED, x, failed, 3);
  return model;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_model_property (void)
{
  g_autoptr(FdChartModel) model = runs_model ();
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (NULL)));
  guint count = 0;

  g_signal_connect (chart, "notify::model", G_CALLBACK (notify_cb), &count);
  g_object_set (chart, "model", model, NULL);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (chart, "model", model, NULL);
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (fd_chart_get_model (chart) == model);
  fd_chart_set_model (chart, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_null (fd_chart_get_model (chart));

  g_assert_finalize_object (chart);
}

static void
test_accessible (void)
{
  g_autoptr(FdChartModel) model = runs_model ();
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  g_autofree char *description = fd_chart_model_describe (model);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Runs by status");
  g_assert_cmpstr (description, ==,
                   "38 runs in 3 buckets: success 35, failed 3; highest Monday 12 Jan with 22.");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       description);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));

  /* A new title is a new label. */
  fd_chart_model_set_title (model, "Pipeline runs");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Pipeline runs");

  g_assert_finalize_object (chart);
}

/* Runs the chart's own binding for a key, as a key press would. */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean done = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !done; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      GListModel *shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      shortcuts = G_LIST_MODEL (controller);
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts) && !done; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keyval ||
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != 0)
            continue;
          done = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                               gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_true (done);
}

static void
item_activated_cb (FdChart *chart,
                   guint    series,
                   guint64  index,
                   double   x_from,
                   double   x_to,
                   double  *out)
{
  out[0] = series;
  out[1] = index;
  out[2] = x_from;
  out[3] = x_to;
}

static void
test_keyboard (void)
{
  g_autoptr(FdChartModel) model = runs_model ();
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  GtkWidget *window = gtk_window_new ();
  double activated[4] = { -1, -1, -1, -1 };
  guint series;
  gsize index;
  g_autofree char *item = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (chart));

  g_assert_false (fd_chart_get_highlight (chart, NULL, NULL));
  press_key (GTK_WIDGET (chart), GDK_KEY_Right);
  g_assert_true (fd_chart_get_highlight (chart, &series, &index));
  g_assert_cmpuint (series, ==, 0);
  g_assert_cmpuint (index, ==, 0);

  press_key (GTK_WIDGET (chart), GDK_KEY_Right);
  press_key (GTK_WIDGET (chart), GDK_KEY_Right);
  g_assert_true (fd_chart_get_highlight (chart, &series, &index));
  g_assert_cmpuint (index, ==, 2);
  /* The end stops the highlight. */
  press_key (GTK_WIDGET (chart), GDK_KEY_Right);
  g_assert_true (fd_chart_get_highlight (chart, &series, &index));
  g_assert_cmpuint (index, ==, 2);
  press_key (GTK_WIDGET (chart), GDK_KEY_Left);
  g_assert_true (fd_chart_get_highlight (chart, &series, &index));
  g_assert_cmpuint (index, ==, 1);
  press_key (GTK_WIDGET (chart), GDK_KEY_Down);
  g_assert_true (fd_chart_get_highlight (chart, &series, &index));
  g_assert_cmpuint (series, ==, 1);
  g_assert_cmpuint (index, ==, 1);

  /* The accessible description follows the highlighted item. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Monday 12 Jan,success: 20,failed: 2");
  item = fd_chart_model_describe_item (model, 1, 1);
  g_assert_cmpstr (item, ==, "Monday 12 Jan\nsuccess: 20\nfailed: 2");

  /* Enter drills down into the bucket. */
  g_signal_connect (chart, "item-activated", G_CALLBACK (item_activated_cb), activated);
  press_key (GTK_WIDGET (chart), GDK_KEY_Return);
  g_assert_cmpfloat (activated[0], ==, 1);
  g_assert_cmpfloat (activated[1], ==, 1);
  g_assert_cmpfloat (activated[2], ==, 86400 * 11);
  g_assert_cmpfloat (activated[3], ==, 86400 * 12);

  /* Zoom and reset. */
  fd_chart_zoom_to (chart, 86400 * 11, 86400 * 13);
  g_assert_true (fd_chart_get_zoom (chart, NULL, NULL));
  press_key (GTK_WIDGET (chart), GDK_KEY_Escape);
  g_assert_false (fd_chart_get_zoom (chart, NULL, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static guint32
texture_pixel (GdkTexture *texture,
               int         x,
               int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *data = g_new (guint32, width * height);

  gdk_texture_download (texture, (guchar *) data, width * 4);
  return data[y * width + x];
}

static void
test_dark_switch (void)
{
  g_autoptr(FdChartModel) model = runs_model ();
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpint (fd_chart_get_palette_variant (chart), ==, FD_PALETTE_LIGHT);
  light = fd_chart_render_texture (chart, 200, 100);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpint (fd_chart_get_palette_variant (chart), ==, FD_PALETTE_DARK);
  dark = fd_chart_render_texture (chart, 200, 100);

  g_assert_cmphex (texture_pixel (light, 2, 2), ==,
                   fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_LIGHT)->background));
  g_assert_cmphex (texture_pixel (dark, 2, 2), ==,
                   fd_rgba_to_argb32 (&fd_palette_get (FD_PALETTE_DARK)->background));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_finalize_object (chart);
}

static void
test_legend_toggle (void)
{
  g_autoptr(FdChartModel) model = runs_model ();
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_present (GTK_WINDOW (window));

  /* Hiding a series through the model updates the description at once. */
  fd_chart_model_set_series_visible (model, 1, FALSE);
  {
    g_autofree char *description = fd_chart_model_describe (model);

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                         description);
    g_assert_null (strstr (description, "failed"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}


/* A line chart of two series over ten minutes; @shift moves the data one
 * minute later per step, as a refresh of a sliding window does. */
static FdChartModel *
line_model (const char *title,
            int         shift)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_LINE);
  double x[11], a[11], b[11];

  for (int i = 0; i < 11; i++)
    {
      x[i] = 86400 * 10 + 60 * (i + shift);
      a[i] = 10 + i + shift;
      b[i] = 30 - i - shift;
    }
  fd_chart_model_set_title (model, title);
  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_TIME);
  fd_chart_model_add_series (model, "p50", FD_CHART_COLOR_AUTO, x, a, 11);
  fd_chart_model_add_series (model, "p95", FD_CHART_COLOR_AUTO, x, b, 11);
  return model;
}

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

static GtkWidget *
present (FdChart *chart)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (GTK_WIDGET (chart)) == 0 || gtk_widget_get_frame_clock (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (window);
  return window;
}

static void
test_update_keeps_view (void)
{
  g_autoptr(FdChartModel) model = line_model ("Latency", 0);
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  GtkWidget *window = present (chart);
  double from, to;
  guint series, notified = 0, renders;
  gsize index;

  g_signal_connect (chart, "notify::model", G_CALLBACK (notify_cb), &notified);
  gtk_widget_grab_focus (GTK_WIDGET (chart));
  fd_chart_zoom_to (chart, 86400 * 10 + 120, 86400 * 10 + 480);
  fd_chart_model_set_series_visible (model, 1, FALSE);
  /* Point 5 of p50: 10:05, value 15. */
  fd_chart_set_highlight (chart, 0, 5);
  wait_for_frame (window);
  renders = _fd_chart_get_body_renders (chart);

  /* The page's refresh: a new model of the same chart, one minute on. */
  {
    g_autoptr(FdChartModel) next = line_model ("Latency", 1);

    fd_chart_set_model (chart, next);
  }

  /* The model was updated, not replaced. */
  g_assert_true (fd_chart_get_model (chart) == model);
  g_assert_cmpuint (notified, ==, 0);
  g_assert_cmpfloat (fd_chart_model_get_series (model, 0)->x[0], ==, 86400 * 10 + 60);
  g_assert_cmpfloat (fd_chart_model_get_series (model, 0)->y[10], ==, 21);

  /* The zoom, the hidden series, the selected point and the focus stay. */
  g_assert_true (fd_chart_get_zoom (chart, &from, &to));
  g_assert_cmpfloat (from, ==, 86400 * 10 + 120);
  g_assert_cmpfloat (to, ==, 86400 * 10 + 480);
  g_assert_true (fd_chart_model_get_series_visible (model, 0));
  g_assert_false (fd_chart_model_get_series_visible (model, 1));
  g_assert_true (fd_chart_get_highlight (chart, &series, &index));
  g_assert_cmpuint (series, ==, 0);
  /* 10:05 is point 4 now. */
  g_assert_cmpuint (index, ==, 4);
  g_assert_cmpfloat (fd_chart_model_get_series (model, 0)->x[index], ==, 86400 * 10 + 300);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (chart)));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (chart));

  /* New data draws the body once more, with the new values. */
  wait_for_frame (window);
  g_assert_cmpuint (_fd_chart_get_body_renders (chart), ==, renders + 1);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, "Latency");

  /* A selected x that is gone: the nearest point. */
  {
    g_autoptr(FdChartModel) next = line_model ("Latency", 0);
    FdChartSeries *s;

    /* 10:05 becomes 10:05:40; 10:06 is nearer to nothing, 10:05:40 is 40 s away. */
    s = (FdChartSeries *) fd_chart_model_get_series (next, 0);
    s->x[5] += 40;
    fd_chart_set_model (chart, next);
  }
  g_assert_true (fd_chart_get_highlight (chart, &series, &index));
  g_assert_cmpuint (index, ==, 5);

  /* Data that leaves the zoom behind shows all of it. */
  {
    g_autoptr(FdChartModel) next = line_model ("Latency", 100);

    fd_chart_set_model (chart, next);
  }
  g_assert_false (fd_chart_get_zoom (chart, NULL, NULL));
  g_assert_true (fd_chart_get_model (chart) == model);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_other_chart_resets_view (void)
{
  g_autoptr(FdChartModel) model = line_model ("Latency", 0);
  g_autoptr(FdChartModel) other = line_model ("Error rate", 0);
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  guint notified = 0;

  g_signal_connect (chart, "notify::model", G_CALLBACK (notify_cb), &notified);
  fd_chart_zoom_to (chart, 86400 * 10 + 120, 86400 * 10 + 480);
  fd_chart_set_highlight (chart, 1, 3);

  fd_chart_set_model (chart, other);
  g_assert_true (fd_chart_get_model (chart) == other);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (fd_chart_get_zoom (chart, NULL, NULL));
  g_assert_false (fd_chart_get_highlight (chart, NULL, NULL));
  /* The old model kept its data. */
  g_assert_cmpstr (fd_chart_model_get_title (model), ==, "Latency");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, "Error rate");

  g_assert_finalize_object (chart);
}

/* The chart as the window's renderer draws it, through the widget's own
 * snapshot (which reuses the cached body). */
static GdkTexture *
render_widget (FdChart *chart)
{
  GtkWidget *widget = GTK_WIDGET (chart);
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

static void
test_hover_overlay (void)
{
  g_autoptr(FdChartModel) model = line_model ("Latency", 0);
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  GtkWidget *window = present (chart);
  const FdPalette *palette = fd_palette_get (fd_chart_get_palette_variant (chart));
  g_autoptr(GdkTexture) plain = NULL;
  g_autoptr(GdkTexture) hover = NULL;
  g_autoptr(GdkTexture) after = NULL;
  guint renders = _fd_chart_get_body_renders (chart);
  int height = gtk_widget_get_height (GTK_WIDGET (chart));
  int cx = gtk_widget_get_width (GTK_WIDGET (chart)) / 2;
  int cy = height / 2;
  guint32 under, drawn;

  g_assert_cmpuint (renders, >=, 1);
  plain = render_widget (chart);

  /* Moving the pointer draws frames, but not the body; nor does the hover
   * state the pointer gives the widget's CSS. */
  gtk_widget_set_state_flags (GTK_WIDGET (chart), GTK_STATE_FLAG_PRELIGHT, FALSE);
  for (int x = 100; x <= 300; x += 20)
    {
      _fd_chart_pointer_motion (chart, x, cy);
      wait_for_frame (window);
    }
  _fd_chart_pointer_motion (chart, cx, cy);
  wait_for_frame (window);
  hover = render_widget (chart);
  g_assert_cmpuint (_fd_chart_get_body_renders (chart), ==, renders);

  /* The crosshair column is the foreground at half strength over the body;
   * its neighbours are the body as it was. */
  under = texture_pixel (plain, cx, cy);
  drawn = texture_pixel (hover, cx, cy);
  g_assert_cmphex (drawn, !=, under);
  for (int shift = 0; shift < 24; shift += 8)
    {
      double f = shift == 16 ? palette->foreground.red : shift == 8 ? palette->foreground.green
                                                                    : palette->foreground.blue;
      double u = (under >> shift) & 0xff;
      double expected = u + (f * 255 - u) * 0.5 * palette->foreground.alpha;

      g_assert_cmpfloat (fabs (((drawn >> shift) & 0xff) - expected), <=, 1.5);
    }
  g_assert_cmphex (texture_pixel (hover, cx + 2, cy), ==, texture_pixel (plain, cx + 2, cy));
  g_assert_cmphex (texture_pixel (hover, cx - 2, cy), ==, texture_pixel (plain, cx - 2, cy));
  /* Nothing above the plot: the crosshair spans the plot only. */
  g_assert_cmphex (texture_pixel (hover, cx, 1), ==, texture_pixel (plain, cx, 1));

  /* The pointer leaves: the body as it was, still not drawn again. */
  _fd_chart_pointer_leave (chart);
  gtk_widget_unset_state_flags (GTK_WIDGET (chart), GTK_STATE_FLAG_PRELIGHT);
  wait_for_frame (window);
  after = render_widget (chart);
  g_assert_cmphex (texture_pixel (after, cx, cy), ==, under);
  g_assert_cmpuint (_fd_chart_get_body_renders (chart), ==, renders);

  /* A new selection is in the body: drawn once. */
  fd_chart_set_highlight (chart, 0, 3);
  wait_for_frame (window);
  g_assert_cmpuint (_fd_chart_get_body_renders (chart), ==, renders + 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

/* Through the widget's own drawing, a full chart paints its panel in the
 * palette's background and a sparkline paints none, in light and dark. */
static void
test_background (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(FdChartModel) model = line_model ("Latency", 0);
  FdChart *chart = FD_CHART (g_object_ref_sink (fd_chart_new (model)));
  GtkWidget *window = present (chart);
  const AdwColorScheme schemes[] = { ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK };
  /* Above the middle of the plot: neither the legend, the menu nor a line. */
  int cx = gtk_widget_get_width (GTK_WIDGET (chart)) / 2;

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autoptr(GdkTexture) panel = NULL;
      g_autoptr(GdkTexture) spark = NULL;
      const FdPalette *palette;

      adw_style_manager_set_color_scheme (manager, schemes[i]);
      palette = fd_palette_get (fd_chart_get_palette_variant (chart));
      fd_chart_model_set_kind (model, FD_CHART_KIND_LINE);
      wait_for_frame (window);
      panel = render_widget (chart);
      g_assert_cmphex (texture_pixel (panel, cx, 1), ==, fd_rgba_to_argb32 (&palette->background));

      fd_chart_model_set_kind (model, FD_CHART_KIND_SPARKLINE);
      wait_for_frame (window);
      spark = render_widget (chart);
      /* Transparent: premultiplied, all four bytes zero. */
      g_assert_cmphex (texture_pixel (spark, cx, 1), ==, 0);
    }

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

int
main (int   argc,
      char *argv[])
{
  /* The test accessibility backend records properties for the asserts. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/flightdeck/chart-widget/model-property", test_model_property);
  g_test_add_func ("/flightdeck/chart-widget/accessible", test_accessible);
  g_test_add_func ("/flightdeck/chart-widget/keyboard", test_keyboard);
  g_test_add_func ("/flightdeck/chart-widget/dark-switch", test_dark_switch);
  g_test_add_func ("/flightdeck/chart-widget/legend-toggle", test_legend_toggle);
  g_test_add_func ("/flightdeck/chart-widget/update-keeps-view", test_update_keeps_view);
  g_test_add_func ("/flightdeck/chart-widget/other-chart-resets-view", test_other_chart_resets_view);
  g_test_add_func ("/flightdeck/chart-widget/hover-overlay", test_hover_overlay);
  g_test_add_func ("/flightdeck/chart-widget/background", test_background);

  return g_test_run ();
}
