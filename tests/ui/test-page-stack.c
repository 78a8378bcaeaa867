/* test-page-stack.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "fd-page-stack.h"
#include "../lsan-quarks.h"

/* A page that fills itself with one colour, holds a button (to take the
 * focus) and counts how often GTK asks it for its drawing. */
#define TEST_TYPE_PAGE (test_page_get_type ())
G_DECLARE_FINAL_TYPE (TestPage, test_page, TEST, PAGE, GtkWidget)

struct _TestPage
{
  GtkWidget  parent_instance;
  GdkRGBA    color;
  GtkWidget *button;
  guint      n_snapshots;
};

G_DEFINE_FINAL_TYPE (TestPage, test_page, GTK_TYPE_WIDGET)

static void
test_page_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  TestPage *self = TEST_PAGE (widget);

  self->n_snapshots++;
  gtk_snapshot_append_color (snapshot, &self->color,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  gtk_widget_snapshot_child (widget, self->button, snapshot);
}

static void
test_page_dispose (GObject *object)
{
  TestPage *self = TEST_PAGE (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (test_page_parent_class)->dispose (object);
}

static void
test_page_class_init (TestPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_page_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = test_page_snapshot;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
test_page_init (TestPage *self)
{
  self->button = gtk_button_new_with_label ("Button");
  gtk_widget_set_halign (self->button, GTK_ALIGN_START);
  gtk_widget_set_valign (self->button, GTK_ALIGN_START);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

static TestPage *
test_page_new (const char *name,
               const char *color)
{
  TestPage *page = g_object_new (TEST_TYPE_PAGE, "name", name, NULL);

  gdk_rgba_parse (&page->color, color);
  return page;
}

typedef struct
{
  GtkWindow   *window;
  FdPageStack *stack;
  TestPage    *pages[3];
} Fixture;

static void
wait_for_frame (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  while (gdk_frame_clock_get_frame_counter (clock) == counter && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *builder_text =
    "<interface>"
    "  <object class='GtkWindow' id='window'>"
    "    <property name='default-width'>300</property>"
    "    <property name='default-height'>200</property>"
    "    <property name='child'>"
    "      <object class='FdPageStack' id='stack'/>"
    "    </property>"
    "  </object>"
    "</interface>";
  g_autoptr(GtkBuilder) builder = NULL;
  const char *names[] = { "red", "green", "blue" };
  const char *colors[] = { "#ff0000", "#00ff00", "#0000ff" };

  g_type_ensure (FD_TYPE_PAGE_STACK);
  builder = gtk_builder_new_from_string (builder_text, -1);
  fixture->window = GTK_WINDOW (g_object_ref (gtk_builder_get_object (builder, "window")));
  fixture->stack = FD_PAGE_STACK (gtk_builder_get_object (builder, "stack"));
  for (guint i = 0; i < 3; i++)
    {
      fixture->pages[i] = test_page_new (names[i], colors[i]);
      gtk_widget_set_parent (GTK_WIDGET (fixture->pages[i]), GTK_WIDGET (fixture->stack));
    }
  fd_page_stack_set_visible_child_name (fixture->stack, "red");
  gtk_window_present (fixture->window);
  wait_for_frame (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The colour of the stack's middle pixel, as the stack draws itself. */
static guint32
drawn_color (Fixture *fixture)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->stack));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->stack));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->stack));
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint32 pixel;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixel = *(guint32 *) (cairo_image_surface_get_data (surface) +
                        (height / 2) * cairo_image_surface_get_stride (surface) + (width / 2) * 4);
  cairo_surface_destroy (surface);
  return pixel & 0xffffff;
}

/* Only the visible page is drawn; the hidden ones stay mapped, keep their
 * render nodes and are not drawn again when shown. */
static void
test_switch (Fixture       *fixture,
             gconstpointer  data)
{
  g_assert_cmpstr (fd_page_stack_get_visible_child_name (fixture->stack), ==, "red");
  g_assert_true (fd_page_stack_get_visible_child (fixture->stack) == GTK_WIDGET (fixture->pages[0]));
  g_assert_cmphex (drawn_color (fixture), ==, 0xff0000);
  g_assert_cmpuint (fixture->pages[0]->n_snapshots, >=, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->pages[i])));
      g_assert_true (gtk_widget_get_can_target (GTK_WIDGET (fixture->pages[i])) == (i == 0));
    }
  g_assert_cmpuint (fixture->pages[1]->n_snapshots, ==, 0);

  fd_page_stack_set_visible_child_name (fixture->stack, "green");
  wait_for_frame (fixture);
  g_assert_cmpstr (fd_page_stack_get_visible_child_name (fixture->stack), ==, "green");
  g_assert_cmphex (drawn_color (fixture), ==, 0x00ff00);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->pages[0])));
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (fixture->pages[0])));
  g_assert_true (gtk_widget_get_can_target (GTK_WIDGET (fixture->pages[1])));

  /* Back to red: GTK kept its render node, it is not asked to draw again. */
  {
    guint before = fixture->pages[0]->n_snapshots;

    fd_page_stack_set_visible_child_name (fixture->stack, "red");
    wait_for_frame (fixture);
    g_assert_cmphex (drawn_color (fixture), ==, 0xff0000);
    g_assert_cmpuint (fixture->pages[0]->n_snapshots, ==, before);
  }

  /* The pointer reaches the visible page only, although the hidden ones lie
   * on top of it in the stacking order. */
  {
    GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (fixture->stack), 150, 150, GTK_PICK_DEFAULT);

    g_assert_true (picked == GTK_WIDGET (fixture->pages[0]));
  }

  g_assert_true (fd_page_stack_get_child_by_name (fixture->stack, "blue") == GTK_WIDGET (fixture->pages[2]));
  g_assert_null (fd_page_stack_get_child_by_name (fixture->stack, "purple"));
}

/* The focus leaves the page that is hidden, and comes back to where it was
 * when the page is shown again; Tab never enters a hidden page. */
static void
test_focus (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *red_button = fixture->pages[0]->button;
  GtkWidget *green_button = fixture->pages[1]->button;

  g_assert_true (gtk_widget_grab_focus (red_button));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == red_button);

  fd_page_stack_set_visible_child_name (fixture->stack, "green");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == green_button);

  /* Forward and backward from the only focusable widget shown: the
   * buttons of the hidden pages are never reached. */
  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *focus;

      gtk_widget_child_focus (GTK_WIDGET (fixture->window), i % 2 ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_assert_true (focus == NULL || focus == green_button);
    }

  g_assert_true (gtk_widget_grab_focus (green_button));
  fd_page_stack_set_visible_child_name (fixture->stack, "red");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) == red_button);
}

/* A hidden page is laid out at the stack's size and its drawing built ahead
 * of time; the page shown is left to the frame. */
static void
test_prepare (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *blue = GTK_WIDGET (fixture->pages[2]);
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->stack));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->stack));

  g_assert_cmpint (width, >, 0);
  gtk_widget_queue_resize (blue);
  g_assert_true (fd_page_stack_prepare (fixture->stack, blue, TRUE));
  g_assert_cmpint (gtk_widget_get_width (blue), ==, width);
  g_assert_cmpint (gtk_widget_get_height (blue), ==, height);
  g_assert_cmpuint (fixture->pages[2]->n_snapshots, ==, 1);

  /* Shown, it is drawn from what was built. */
  fd_page_stack_set_visible_child_name (fixture->stack, "blue");
  wait_for_frame (fixture);
  g_assert_cmphex (drawn_color (fixture), ==, 0x0000ff);
  g_assert_cmpuint (fixture->pages[2]->n_snapshots, ==, 1);

  g_assert_false (fd_page_stack_prepare (fixture->stack, blue, FALSE));
}

int
main (int   argc,
      char *argv[])
{
  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/page-stack/switch", test_switch);
  ADD ("/page-stack/focus", test_focus);
  ADD ("/page-stack/prepare", test_prepare);
#undef ADD

  return g_test_run ();
}
