/* fd-chart.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart"

#include "config.h"

#include "fd-chart.h"

#include "fd-chart-decimate.h"
#include "fd-chart-export.h"
#include "fd-chart-private.h"
#include "fd-chart-render.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>

/*
 * FdChart: the one chart widget. The model's kind says what is drawn; all
 * drawing, layout and hit testing happen in core (fd-chart-render.c), so
 * this file only turns input into view state and back.
 *
 * The view (zoom, selection, pointer) is the widget's own and outlives the
 * data: a refresh updates the model in place (fd_chart_model_update()),
 * which only makes the body be drawn again. The pointer's crosshair is an
 * overlay of colour nodes over the cached body, so moving the pointer over
 * a million points draws two rectangles.
 */
struct _FdChart
{
  GtkWidget parent_instance;

  /* Owned */
  FdChartModel  *model;
  GtkWidget     *menu_button;
  GtkWidget     *context_menu;
  GtkFileChooserNative *chooser;
  char          *font;
  gulong         font_options_hash;

  /* Borrowed */
  AdwStyleManager *style_manager;

  FdChartStyle   style;
  FdChartView    view;
  /* The x of the selected item, to find it again in new data. */
  double         selected_x;
  /* The last drawing of the body (everything but the overlay), reused
   * until something it shows changes: switching back to a page or moving
   * the pointer then draws nothing anew. The layout is the one it was
   * drawn with, for hit tests and the overlay. */
  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  int            cache_scale;
  FdChartLayout  layout;
  int            layout_width;
  int            layout_height;
  gboolean       layout_valid;
  guint          body_renders;
  /* Under the Cairo renderer, the image the cache paints, drawn over again
   * while the size stays: a refresh then allocates no new megabytes, which
   * left holes in the heap of an app that runs for days. */
  cairo_surface_t *surface;
  FdChartExportFormat save_format;
  double         drag_start_x;
  gboolean       dragging;
  gboolean       zoomed_by_drag;
  gboolean       keyboard_highlight;
};

G_DEFINE_FINAL_TYPE (FdChart, fd_chart, GTK_TYPE_WIDGET)

/* Whatever the chart shows changed: draw it anew when it is next drawn
 * (on a hidden page, when the page is shown). */
static void
drop_layout (FdChart *self)
{
  if (self->layout_valid)
    fd_chart_layout_clear (&self->layout);
  self->layout_valid = FALSE;
}

static void
fd_chart_invalidate (FdChart *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  drop_layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Only the overlay changed: the next frame reuses the body. */
static void
fd_chart_queue_overlay (FdChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  SIGNAL_ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
has_plot_x (FdChart *self)
{
  FdChartKind kind;

  if (self->model == NULL)
    return FALSE;
  kind = fd_chart_model_get_kind (self->model);
  return kind != FD_CHART_KIND_DONUT && kind != FD_CHART_KIND_GAUGE &&
         kind != FD_CHART_KIND_HORIZONTAL_BARS && kind != FD_CHART_KIND_SPARKLINE;
}

static void
update_accessible (FdChart *self)
{
  g_autofree char *description = NULL;
  const char *title = self->model ? fd_chart_model_get_title (self->model) : NULL;

  if (self->model == NULL)
    description = g_strdup (_("No data for this range"));
  else if (self->keyboard_highlight && self->view.highlight_index >= 0)
    {
      /* The focused item first, so a screen reader reads it on every arrow key. */
      g_autofree char *item = fd_chart_model_describe_item (self->model, MAX (self->view.highlight_series, 0),
                                                            self->view.highlight_index);

      g_strdelimit (item, "\n", ',');
      description = g_steal_pointer (&item);
    }
  else
    description = fd_chart_model_describe (self->model);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
update_palette (FdChart *self)
{
  gboolean dark = FALSE, high_contrast = FALSE;

  if (self->style_manager != NULL)
    {
      dark = adw_style_manager_get_dark (self->style_manager);
      high_contrast = adw_style_manager_get_high_contrast (self->style_manager);
    }
  self->style.palette = fd_palette_get (fd_palette_variant_for (dark, high_contrast));
  fd_chart_invalidate (self);
}

static void
style_changed_cb (FdChart    *self,
                  GParamSpec *pspec,
                  gpointer    manager)
{
  update_palette (self);
}

static void
clear_selection (FdChart *self)
{
  self->view.highlight_series = -1;
  self->view.highlight_index = -1;
  self->selected_x = NAN;
  self->keyboard_highlight = FALSE;
}

/* New data: the selected item is the one nearest the x it had, in the same
 * series; the zoom stays unless none of the new data falls in it. */
static void
keep_view (FdChart      *self,
           FdChartModel *model)
{
  guint n_series = fd_chart_model_get_n_series (model);
  double lo = INFINITY, hi = -INFINITY;

  if (self->view.highlight_index >= 0)
    {
      guint series = MAX (self->view.highlight_series, 0);
      const FdChartSeries *s = series < n_series ? fd_chart_model_get_series (model, series) : NULL;

      if (s == NULL || s->n == 0)
        clear_selection (self);
      else if (isfinite (self->selected_x))
        self->view.highlight_index = fd_chart_nearest_index (s->x, s->n, self->selected_x);
      else
        self->view.highlight_index = MIN ((gsize) self->view.highlight_index, s->n - 1);
    }

  if (!isfinite (self->view.view_min))
    return;
  for (guint i = 0; i < n_series; i++)
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, i);

      if (s->n == 0)
        continue;
      lo = MIN (lo, s->x[0]);
      hi = MAX (hi, s->x[s->n - 1] + fd_chart_model_get_bucket_width (model));
    }
  if (!(hi >= self->view.view_min && lo <= self->view.view_max))
    self->view.view_min = self->view.view_max = NAN;
}

static void
model_changed_cb (FdChart      *self,
                  FdChartModel *model)
{
  keep_view (self, model);
  update_accessible (self);
  fd_chart_invalidate (self);
}

/* A property of the model (title, formats, axis) changes the drawing and
 * maybe the size the chart asks for. */
static void
model_notify_cb (FdChart *self)
{
  fd_chart_invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The view without the pointer and the drag: what the body and the
 * exports show. */
static FdChartView
body_view (FdChart *self)
{
  FdChartView view = self->view;

  view.crosshair_x = NAN;
  view.selection_from = view.selection_to = NAN;
  return view;
}

/* The layout the body was drawn with, while it matches the widget's size;
 * else it is computed anew (before the first frame). */
static const FdChartLayout *
get_layout (FdChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_assert (self->model != NULL);

  if (self->layout_valid && (self->layout_width != width || self->layout_height != height))
    drop_layout (self);
  if (!self->layout_valid)
    {
      FdChartView view = body_view (self);

      fd_chart_layout_compute (&self->layout, self->model, &self->style, &view, width, height, NULL);
      self->layout_width = width;
      self->layout_height = height;
      self->layout_valid = TRUE;
    }
  return &self->layout;
}

static gboolean
hit_at (FdChart    *self,
        double      x,
        double      y,
        FdChartHit *hit)
{
  if (self->model == NULL)
    return FALSE;
  return fd_chart_hit_test_layout (self->model, get_layout (self), x, y, hit);
}

/* Input {{{ */

/**
 * _fd_chart_pointer_motion:
 * @self: a chart
 * @x: pointer x in widget coordinates
 * @y: pointer y
 *
 * Moves the crosshair, as the pointer does. Only the overlay is drawn again.
 */
void
_fd_chart_pointer_motion (FdChart *self,
                          double   x,
                          double   y)
{
  if (!has_plot_x (self) || self->view.crosshair_x == x)
    return;
  self->view.crosshair_x = x;
  fd_chart_queue_overlay (self);
}

/**
 * _fd_chart_pointer_leave:
 * @self: a chart
 *
 * Hides the crosshair, as the pointer leaving does.
 */
void
_fd_chart_pointer_leave (FdChart *self)
{
  if (!isfinite (self->view.crosshair_x))
    return;
  self->view.crosshair_x = NAN;
  fd_chart_queue_overlay (self);
}

/**
 * _fd_chart_get_body_renders:
 * @self: a chart
 *
 * Returns: how many times the body was drawn, for tests
 */
guint
_fd_chart_get_body_renders (FdChart *self)
{
  return self->body_renders;
}

static void
motion_cb (FdChart                  *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  _fd_chart_pointer_motion (self, x, y);
}

static void
leave_cb (FdChart                  *self,
          GtkEventControllerMotion *motion)
{
  _fd_chart_pointer_leave (self);
}

static gboolean
query_tooltip_cb (FdChart    *self,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;
  FdChartHit hit;

  if (self->model == NULL)
    return FALSE;

  if (keyboard_mode || self->keyboard_highlight)
    {
      if (self->view.highlight_index < 0)
        return FALSE;
      text = fd_chart_model_describe_item (self->model, MAX (self->view.highlight_series, 0),
                                           self->view.highlight_index);
    }
  else
    {
      if (!hit_at (self, x, y, &hit))
        return FALSE;
      if (hit.kind == FD_CHART_HIT_LEGEND)
        text = g_strdup (fd_chart_model_get_series_visible (self->model, hit.series) ||
                         fd_chart_model_get_kind (self->model) == FD_CHART_KIND_DONUT ?
                         _("Click to hide") : _("Click to show"));
      else
        text = fd_chart_model_describe_item (self->model, hit.series, hit.index);
    }

  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
popup_context_menu (FdChart *self,
                    double   x,
                    double   y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
click_pressed_cb (FdChart         *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (button == GDK_BUTTON_SECONDARY)
    {
      popup_context_menu (self, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }

  if (button == GDK_BUTTON_PRIMARY && n_press == 2)
    {
      fd_chart_reset_zoom (self);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
}

static void
click_released_cb (FdChart         *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  FdChartHit hit;

  /* A drag that zoomed is not a click, whichever gesture hears the release first. */
  if (button != GDK_BUTTON_PRIMARY || n_press != 1 || self->zoomed_by_drag || self->dragging)
    {
      self->zoomed_by_drag = FALSE;
      return;
    }
  if (!hit_at (self, x, y, &hit))
    return;

  if (hit.kind == FD_CHART_HIT_LEGEND)
    {
      if (fd_chart_model_get_kind (self->model) != FD_CHART_KIND_DONUT)
        fd_chart_model_set_series_visible (self->model, hit.series,
                                           !fd_chart_model_get_series_visible (self->model, hit.series));
      return;
    }

  self->keyboard_highlight = FALSE;
  fd_chart_set_highlight (self, hit.series, hit.index);
  g_signal_emit (self, signals[SIGNAL_ITEM_ACTIVATED], 0, hit.series, (guint64) hit.index,
                 hit.x_from, hit.x_to);
}

static void
drag_begin_cb (FdChart        *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  self->drag_start_x = x;
  self->dragging = FALSE;
  self->zoomed_by_drag = FALSE;
}

static void
drag_update_cb (FdChart        *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  if (!has_plot_x (self) || fabs (dx) < 5)
    return;
  self->dragging = TRUE;
  self->view.selection_from = self->drag_start_x;
  self->view.selection_to = self->drag_start_x + dx;
  fd_chart_queue_overlay (self);
}

static void
drag_end_cb (FdChart        *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  double from, to;

  self->view.selection_from = NAN;
  self->view.selection_to = NAN;
  fd_chart_queue_overlay (self);
  if (!self->dragging || self->model == NULL)
    return;
  self->dragging = FALSE;
  self->zoomed_by_drag = TRUE;

  if (fd_chart_view_range_at (self->model, get_layout (self), self->drag_start_x,
                              self->drag_start_x + dx, &from, &to))
    fd_chart_zoom_to (self, from, to);
}

static gboolean
move_highlight (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  FdChart *self = FD_CHART (widget);
  FdChartKind kind;
  int dx, dy, series;
  gssize index;
  guint n_series;
  gsize n;

  if (self->model == NULL || fd_chart_model_is_empty (self->model))
    return FALSE;

  g_variant_get (args, "(ii)", &dx, &dy);
  kind = fd_chart_model_get_kind (self->model);
  n_series = fd_chart_model_get_n_series (self->model);
  series = MAX (self->view.highlight_series, 0);
  index = self->view.highlight_index;

  /* Horizontal bars and slices are one list: every arrow walks it. */
  if (kind == FD_CHART_KIND_HORIZONTAL_BARS || kind == FD_CHART_KIND_DONUT || kind == FD_CHART_KIND_GAUGE)
    dx += dy, dy = 0;

  if (dy != 0)
    {
      /* Up and down pick the series (the row of a heat map), skipping hidden ones. */
      for (guint tries = 0; tries < n_series; tries++)
        {
          series = (series + (dy > 0 ? 1 : (int) n_series - 1)) % (int) n_series;
          if (fd_chart_model_get_series_visible (self->model, series))
            break;
        }
    }

  n = fd_chart_model_get_series (self->model, series)->n;
  if (n == 0)
    return TRUE;
  if (index < 0)
    index = dx < 0 ? (gssize) n - 1 : 0;
  else if (dx == G_MAXINT / 2)
    index = (gssize) n - 1;
  else if (dx == -G_MAXINT / 2)
    index = 0;
  else
    index = CLAMP (index + dx, 0, (gssize) n - 1);

  self->keyboard_highlight = TRUE;
  fd_chart_set_highlight (self, series, index);
  gtk_widget_trigger_tooltip_query (widget);
  return TRUE;
}

static gboolean
activate_highlight (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  FdChart *self = FD_CHART (widget);
  const FdChartSeries *s;
  gsize i;
  double bucket;

  if (self->model == NULL || self->view.highlight_index < 0 || self->view.highlight_series < 0)
    return FALSE;
  s = fd_chart_model_get_series (self->model, self->view.highlight_series);
  i = self->view.highlight_index;
  if (i >= s->n)
    return FALSE;
  bucket = fd_chart_model_get_bucket_width (self->model);
  g_signal_emit (self, signals[SIGNAL_ITEM_ACTIVATED], 0, (guint) self->view.highlight_series,
                 (guint64) i, s->x[i], s->x[i] + bucket);
  return TRUE;
}

/* }}} */

/* Export {{{ */

/**
 * fd_chart_render_texture:
 * @self: a chart
 * @width: width in logical pixels
 * @height: height in logical pixels
 *
 * Renders the chart as it looks now (theme, zoom, hidden series) at the
 * widget's scale factor, for the clipboard.
 *
 * Returns: (transfer full): a texture
 */
GdkTexture *
fd_chart_render_texture (FdChart *self,
                         int      width,
                         int      height)
{
  g_autoptr(GBytes) bytes = NULL;
  FdChartStyle style;
  FdChartView view;
  cairo_surface_t *surface;
  GdkTexture *texture;

  g_return_val_if_fail (FD_IS_CHART (self), NULL);
  g_return_val_if_fail (self->model != NULL, NULL);

  style = self->style;
  style.scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  style.draw_title = TRUE;
  view = body_view (self);
  surface = fd_chart_render_to_image (self->model, &style, &view, width, height);
  /* Cairo's ARGB32 is premultiplied BGRA in memory on little endian, which is GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface));
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                    cairo_image_surface_get_height (surface),
                                    GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FdChart *self = FD_CHART (widget);
  g_autoptr(GdkTexture) texture = NULL;

  if (self->model == NULL)
    return;
  texture = fd_chart_render_texture (self, MAX (gtk_widget_get_width (widget), 320),
                                     MAX (gtk_widget_get_height (widget), 200));
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

static void
chooser_response_cb (FdChart              *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  FdChartStyle style;
  FdChartView view;
  FdChartExportFormat format = self->save_format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || self->model == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    return;
  fd_chart_export_format_from_path (path, &format);
  style = self->style;
  style.scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  style.draw_title = TRUE;
  view = body_view (self);
  if (!fd_chart_export (self->model, &style, &view, format, path,
                        MAX (gtk_widget_get_width (GTK_WIDGET (self)), 320),
                        MAX (gtk_widget_get_height (GTK_WIDGET (self)), 200), &error))
    g_warning ("Could not save the chart to %s: %s", path, error->message);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FdChart *self = FD_CHART (widget);
  const char *ext = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  const char *title = self->model ? fd_chart_model_get_title (self->model) : NULL;

  if (!fd_chart_export_format_from_path (ext, &self->save_format))
    return;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save Chart"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s%s", title ? title : _("chart"), ext);
  g_strdelimit (name, "/", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fd_chart_reset_zoom (FD_CHART (widget));
}

static GMenuModel *
create_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *save = g_menu_new ();

  g_menu_append (menu, _("_Copy as Image"), "chart.copy");
  g_menu_append (save, _("Save as _PNG…"), "chart.save::.png");
  g_menu_append (save, _("Save as _SVG…"), "chart.save::.svg");
  g_menu_append (save, _("Save as P_DF…"), "chart.save::.pdf");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (save));
  g_menu_append (menu, _("_Reset Zoom"), "chart.reset-zoom");
  g_object_unref (save);

  return G_MENU_MODEL (menu);
}

/* }}} */

/* GtkWidget {{{ */

static gboolean
uses_cairo_renderer (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

/* Draws the body at @width × @height into the cache, unless the cache
 * already holds that drawing, and keeps the layout it was drawn with. */
static void
draw_cache (FdChart *self,
            int      width,
            int      height,
            int      scale)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->cache != NULL &&
      (self->cache_width != width || self->cache_height != height || self->cache_scale != scale))
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      drop_layout (self);
    }

  if (self->cache == NULL && width > 0 && height > 0 && self->model != NULL)
    {
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(GBytes) bytes = NULL;
      PangoContext *pango = gtk_widget_get_pango_context (widget);
      FdChartStyle style;
      FdChartView view = body_view (self);
      cairo_surface_t *surface;
      cairo_t *cr;

      /* Drawn once into an image at the device scale and kept: the
       * renderer then copies pixels instead of replaying every path and
       * glyph each frame. Geometry lives in core so that it can be tested
       * without a display. */
      self->style.scale = scale;
      self->style.font = self->font;
      /* Text as the widget's Pango context has it: the desktop's text
       * scaling (its resolution, kept for hit tests to lay out the same
       * way) and its antialiasing and hinting (borrowed from the context,
       * so only for this draw). */
      self->style.resolution = pango_cairo_context_get_resolution (pango);
      style = self->style;
      style.font_options = pango_cairo_context_get_font_options (pango);
      /* A sparkline is drawn inside what holds it (a KPI card), whose
       * background must show through; a full chart keeps its own panel. */
      style.draw_background = fd_chart_model_get_kind (self->model) != FD_CHART_KIND_SPARKLINE;
      if (uses_cairo_renderer (widget))
        {
          /* GTK 4.8's Cairo renderer copies a texture into a new image on
           * every frame it draws; a Cairo node (a recording, in GTK 4.8)
           * paints the image itself. */
          cairo_t *node_cr;

          if (self->surface != NULL &&
              (cairo_image_surface_get_width (self->surface) != width * scale ||
               cairo_image_surface_get_height (self->surface) != height * scale))
            g_clear_pointer (&self->surface, cairo_surface_destroy);
          if (self->surface == NULL)
            {
              self->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
              cairo_surface_set_device_scale (self->surface, scale, scale);
            }
          cr = cairo_create (self->surface);
          cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
          cairo_paint (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
          fd_chart_render (cr, width, height, self->model, &style, &view);
          drop_layout (self);
          fd_chart_layout_compute (&self->layout, self->model, &style, &view, width, height, cr);
          cairo_destroy (cr);
          cairo_surface_flush (self->surface);

          self->cache = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, width, height));
          node_cr = gsk_cairo_node_get_draw_context (self->cache);
          cairo_set_source_surface (node_cr, self->surface, 0, 0);
          cairo_paint (node_cr);
          cairo_destroy (node_cr);
        }
      else
        {
          /* Cairo's ARGB32 is premultiplied BGRA in memory on little
           * endian, which is GDK_MEMORY_DEFAULT; the bytes keep the surface
           * alive. A GL renderer uploads the texture once. */
          surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
          cairo_surface_set_device_scale (surface, scale, scale);
          cr = cairo_create (surface);
          fd_chart_render (cr, width, height, self->model, &style, &view);
          drop_layout (self);
          fd_chart_layout_compute (&self->layout, self->model, &style, &view, width, height, cr);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                              (gsize) cairo_image_surface_get_stride (surface) * height * scale,
                                              (GDestroyNotify) cairo_surface_destroy, surface);
          texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                            cairo_image_surface_get_stride (surface));
          self->cache = gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
        }
      self->layout_valid = TRUE;
      self->layout_width = width;
      self->layout_height = height;
      self->cache_width = width;
      self->cache_height = height;
      self->cache_scale = scale;
      self->body_renders++;
    }
}

static void
append_rect (GtkSnapshot       *snapshot,
             const FdRgba      *rgba,
             double             alpha,
             const FdChartRect *rect)
{
  GdkRGBA color = { rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha };

  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (rect->x, rect->y, rect->width, rect->height));
}

static void
fd_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  FdChart *self = FD_CHART (widget);

  draw_cache (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
              gtk_widget_get_scale_factor (widget));
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);
  if (self->cache != NULL && self->layout_valid)
    {
      FdChartOverlay overlay;

      /* The pointer's layer: two colour nodes on the cached body. */
      fd_chart_overlay_compute (self->model, &self->layout, &self->style, &self->view, &overlay);
      if (overlay.has_band)
        append_rect (snapshot, &self->style.palette->accent, overlay.band_alpha, &overlay.band);
      if (overlay.has_crosshair)
        append_rect (snapshot, &self->style.palette->foreground, overlay.crosshair_alpha,
                     &overlay.crosshair);
    }

  gtk_widget_snapshot_child (widget, self->menu_button, snapshot);
}

static void
fd_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  FdChart *self = FD_CHART (widget);
  gboolean spark = self->model && fd_chart_model_get_kind (self->model) == FD_CHART_KIND_SPARKLINE;
  int child_min = 0, child_nat = 0;

  if (!spark)
    gtk_widget_measure (self->menu_button, orientation, -1, &child_min, &child_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (spark ? 40 : 120, child_min);
      *natural = MAX (spark ? 120 : 400, child_nat);
    }
  else
    {
      *minimum = MAX (spark ? 16 : 80, child_min);
      *natural = MAX (spark ? 32 : 240, child_nat);
    }
}

static void
fd_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  FdChart *self = FD_CHART (widget);
  GtkRequisition natural;
  gboolean spark = self->model && fd_chart_model_get_kind (self->model) == FD_CHART_KIND_SPARKLINE;

  gtk_widget_set_child_visible (self->menu_button, !spark);
  gtk_widget_get_preferred_size (self->menu_button, NULL, &natural);
  gtk_widget_size_allocate (self->menu_button,
                            &(GtkAllocation) { MAX (width - natural.width, 0), 0,
                                               MIN (natural.width, width), MIN (natural.height, height) },
                            -1);
  gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
fd_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  FdChart *self = FD_CHART (widget);
  PangoContext *pango;
  const PangoFontDescription *font;
  const cairo_font_options_t *options;
  g_autofree char *name = NULL;
  double resolution;
  gulong options_hash;

  GTK_WIDGET_CLASS (fd_chart_parent_class)->css_changed (widget, change);

  pango = gtk_widget_get_pango_context (widget);
  font = pango_context_get_font_description (pango);
  options = pango_cairo_context_get_font_options (pango);
  name = font ? pango_font_description_to_string (font) : NULL;
  resolution = pango_cairo_context_get_resolution (pango);
  options_hash = options ? cairo_font_options_hash (options) : 0;

  /* Text follows the widget's font (size, family, scaling settings). The
   * pointer entering and leaving, focus and the window's backdrop change
   * the CSS state too, and must not draw the body again. */
  if (g_strcmp0 (name, self->font) == 0 && resolution == self->style.resolution &&
      options_hash == self->font_options_hash)
    return;
  g_free (self->font);
  self->font = g_steal_pointer (&name);
  self->style.resolution = resolution;
  self->font_options_hash = options_hash;
  fd_chart_invalidate (self);
}

/* }}} */

/* GObject {{{ */

static void
fd_chart_dispose (GObject *object)
{
  FdChart *self = (FdChart *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);

  G_OBJECT_CLASS (fd_chart_parent_class)->dispose (object);
}

static void
fd_chart_finalize (GObject *object)
{
  FdChart *self = (FdChart *)object;

  g_clear_pointer (&self->font, g_free);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  drop_layout (self);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (fd_chart_parent_class)->finalize (object);
}

static void
fd_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FdChart *self = FD_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FdChart *self = FD_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      fd_chart_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_chart_class_init (FdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_chart_dispose;
  object_class->finalize = fd_chart_finalize;
  object_class->get_property = fd_chart_get_property;
  object_class->set_property = fd_chart_set_property;

  widget_class->snapshot = fd_chart_snapshot;
  widget_class->measure = fd_chart_measure;
  widget_class->size_allocate = fd_chart_size_allocate;
  widget_class->css_changed = fd_chart_css_changed;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, FD_TYPE_CHART_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FdChart::item-activated:
   * @self: the chart
   * @series: the series index (the row of a heat map)
   * @index: the item index within the series
   * @x_from: start of the item's x range (a bucket's start time)
   * @x_to: end of the item's x range
   *
   * Emitted when a bar, slice, cell or point is clicked or activated with
   * the keyboard, for drill-down.
   */
  signals[SIGNAL_ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "chart.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "chart.save", "s", save_action);
  gtk_widget_class_install_action (widget_class, "chart.reset-zoom", NULL, reset_zoom_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, move_highlight, "(ii)", -1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, move_highlight, "(ii)", 1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, move_highlight, "(ii)", 0, -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, move_highlight, "(ii)", 0, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0, move_highlight, "(ii)", -G_MAXINT / 2, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, 0, move_highlight, "(ii)", G_MAXINT / 2, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_highlight, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, activate_highlight, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "chart.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "chart.reset-zoom", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "fdchart");
}

static void
fd_chart_init (FdChart *self)
{
  g_autoptr(GMenuModel) menu = create_menu ();
  GtkEventController *motion;
  GtkGesture *click, *drag;

  fd_chart_style_init (&self->style, FD_PALETTE_LIGHT);
  self->style.draw_title = FALSE;
  fd_chart_view_init (&self->view);
  self->selected_x = NAN;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), menu);
  gtk_widget_set_tooltip_text (self->menu_button, _("Chart Menu"));
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_add_css_class (self->menu_button, "circular");
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect_swapped (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  /* The palette follows the desktop's dark and high-contrast settings live. */
  self->style_manager = adw_style_manager_get_default ();
  g_signal_connect_object (self->style_manager, "notify::dark", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_manager, "notify::high-contrast", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_palette (self);
  update_accessible (self);
}

/* }}} */

/**
 * fd_chart_new:
 * @model: (nullable): the model to draw
 *
 * Returns: (transfer floating): a new chart
 */
GtkWidget *
fd_chart_new (FdChartModel *model)
{
  return g_object_new (FD_TYPE_CHART, "model", model, NULL);
}

/**
 * fd_chart_with_heading:
 * @chart: (transfer floating): a chart
 * @heading: the words above it
 *
 * Puts a heading above @chart, as the pages show their charts; the chart's
 * own title stays its accessible label.
 *
 * Returns: (transfer floating): a box holding the heading and @chart
 */
GtkWidget *
fd_chart_with_heading (GtkWidget  *chart,
                       const char *heading)
{
  GtkWidget *box;
  GtkWidget *label;

  g_return_val_if_fail (FD_IS_CHART (chart), NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), chart);
  return box;
}

/**
 * fd_chart_get_model:
 * @self: a chart
 *
 * Returns: (nullable) (transfer none): the model
 */
FdChartModel *
fd_chart_get_model (FdChart *self)
{
  g_return_val_if_fail (FD_IS_CHART (self), NULL);
  return self->model;
}

/**
 * fd_chart_set_model:
 * @self: a chart
 * @model: (nullable): the model to draw
 *
 * Sets the model. When @model is the same chart as the current model, only
 * with new data (fd_chart_model_same_chart()), as on every refresh of a
 * page, the current model takes @model's data instead
 * (fd_chart_model_update()) and stays the chart's model: zoom, hidden
 * series, the selected item and focus survive. Any other model resets the
 * zoom and the selection.
 */
void
fd_chart_set_model (FdChart      *self,
                    FdChartModel *model)
{
  g_return_if_fail (FD_IS_CHART (self));
  g_return_if_fail (model == NULL || FD_IS_CHART_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL && model != NULL && fd_chart_model_same_chart (self->model, model))
    {
      /* "changed" then keeps the view (model_changed_cb()). */
      fd_chart_model_update (self->model, model);
      return;
    }

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      g_signal_connect_object (model, "changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify", G_CALLBACK (model_notify_cb), self, G_CONNECT_SWAPPED);
    }

  self->view.view_min = self->view.view_max = NAN;
  clear_selection (self);
  update_accessible (self);
  /* A new model at the same size must not show the old image. */
  fd_chart_invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * fd_chart_get_highlight:
 * @self: a chart
 * @series: (out) (optional): the highlighted series
 * @index: (out) (optional): the highlighted item
 *
 * Returns: %TRUE if an item is highlighted
 */
gboolean
fd_chart_get_highlight (FdChart *self,
                        guint   *series,
                        gsize   *index)
{
  g_return_val_if_fail (FD_IS_CHART (self), FALSE);

  if (self->view.highlight_index < 0)
    return FALSE;
  if (series)
    *series = MAX (self->view.highlight_series, 0);
  if (index)
    *index = self->view.highlight_index;
  return TRUE;
}

/**
 * fd_chart_set_highlight:
 * @self: a chart
 * @series: a series index, or -1
 * @index: an item index, or -1 for none
 *
 * Highlights an item, as the arrow keys do, and describes it to assistive
 * technologies.
 */
void
fd_chart_set_highlight (FdChart *self,
                        int      series,
                        gssize   index)
{
  g_return_if_fail (FD_IS_CHART (self));

  self->view.highlight_series = series;
  self->view.highlight_index = index;
  self->selected_x = NAN;
  if (self->model != NULL && index >= 0 && (guint) MAX (series, 0) < fd_chart_model_get_n_series (self->model))
    {
      const FdChartSeries *s = fd_chart_model_get_series (self->model, MAX (series, 0));

      if ((gsize) index < s->n)
        self->selected_x = s->x[index];
    }
  update_accessible (self);
  fd_chart_invalidate (self);
}

/**
 * fd_chart_zoom_to:
 * @self: a chart
 * @x_from: left end in data x units
 * @x_to: right end
 *
 * Zooms the x axis, as a drag does.
 */
void
fd_chart_zoom_to (FdChart *self,
                  double   x_from,
                  double   x_to)
{
  g_return_if_fail (FD_IS_CHART (self));

  if (!(x_to > x_from))
    return;
  self->view.view_min = x_from;
  self->view.view_max = x_to;
  fd_chart_invalidate (self);
}

/**
 * fd_chart_reset_zoom:
 * @self: a chart
 *
 * Shows the whole x range again, as a double click does.
 */
void
fd_chart_reset_zoom (FdChart *self)
{
  g_return_if_fail (FD_IS_CHART (self));

  self->view.view_min = NAN;
  self->view.view_max = NAN;
  fd_chart_invalidate (self);
}

/**
 * fd_chart_get_zoom:
 * @self: a chart
 * @x_from: (out) (optional): left end
 * @x_to: (out) (optional): right end
 *
 * Returns: %TRUE if the chart is zoomed
 */
gboolean
fd_chart_get_zoom (FdChart *self,
                   double  *x_from,
                   double  *x_to)
{
  g_return_val_if_fail (FD_IS_CHART (self), FALSE);

  if (x_from)
    *x_from = self->view.view_min;
  if (x_to)
    *x_to = self->view.view_max;
  return isfinite (self->view.view_min);
}

/**
 * fd_chart_get_palette_variant:
 * @self: a chart
 *
 * Returns: the palette the chart draws with now
 */
FdPaletteVariant
fd_chart_get_palette_variant (FdChart *self)
{
  g_return_val_if_fail (FD_IS_CHART (self), FD_PALETTE_LIGHT);
  return self->style.palette->variant;
}
