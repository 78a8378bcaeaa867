/* test-chart-widget.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chart-widget"

#include "config.h"

#include "fd-chart.h"

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

  return g_test_run ();
}
