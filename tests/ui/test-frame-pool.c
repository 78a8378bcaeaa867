/* test-frame-pool.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gtk/gtk.h>
#ifdef HAVE_CAIRO_XLIB
# include <gdk/x11/gdkx.h>
#endif

#include "fd-frame-pool.h"
#include "../lsan-quarks.h"

#define WIDTH  640
#define HEIGHT 480

typedef struct
{
  GtkWindow *window;
  GtkWidget *label;
} Fixture;

static void
wait_for_frame (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (gdk_frame_clock_get_frame_counter (clock) == counter && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* cairo gives a frame's shared memory back once the X server has read
   * it: a round trip, and what cairo does on the next frame. */
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (fixture->window)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

/* A frame that repaints the whole window, then one that repaints a label. */
static void
draw_whole_then_small (Fixture *fixture)
{
  static guint n;
  g_autofree char *text = g_strdup_printf ("Frame %u", ++n);

  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  wait_for_frame (fixture);
  gtk_label_set_text (GTK_LABEL (fixture->label), text);
  wait_for_frame (fixture);
  /* The small frame's own memory goes back on the next one. */
  gtk_label_set_text (GTK_LABEL (fixture->label), "");
  wait_for_frame (fixture);
}

/* The System V shared memory segments of this process that can hold a
 * frame of the whole window, as "shmid:size" strings. */
static GPtrArray *
frame_sized_segments (void)
{
  GPtrArray *segments = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      unsigned long start;
      unsigned long end;
      unsigned long inode;

      if (strstr (lines[i], "/SYSV") == NULL ||
          sscanf (lines[i], "%lx-%lx %*s %*s %*s %lu", &start, &end, &inode) != 3)
        continue;
      if (end - start >= (unsigned long) WIDTH * HEIGHT * 4)
        g_ptr_array_add (segments, g_strdup_printf ("%lu:%lu", inode, end - start));
    }
  return segments;
}

static gboolean
uses_cairo_on_x11 (Fixture *fixture)
{
#ifdef HAVE_CAIRO_XLIB
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));

  return GSK_IS_CAIRO_RENDERER (renderer) &&
         GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (fixture->window)));
#else
  return FALSE;
#endif
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (g_object_ref_sink (gtk_window_new ()));
  gtk_window_set_default_size (fixture->window, WIDTH, HEIGHT);
  fixture->label = gtk_label_new ("");
  gtk_window_set_child (fixture->window, fixture->label);
  gtk_window_present (fixture->window);
  wait_for_frame (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->window);
}

/* Without the pin, a small frame after a large one empties cairo's pool
 * and cairo destroys it: the next large frame needs a new one, whose
 * memory it touches for the first time. With the pin, the same segment
 * serves every frame. */
static void
test_pool_outlives_small_frames (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) pinned = NULL;
  cairo_surface_t *pin;

  if (!uses_cairo_on_x11 (fixture))
    {
      g_assert_null (fd_frame_pool_pin (GTK_NATIVE (fixture->window)));
      g_test_skip ("not GTK's Cairo renderer on X11");
      return;
    }

  /* The behaviour this works around. */
  draw_whole_then_small (fixture);
  {
    g_autoptr(GPtrArray) before = frame_sized_segments ();

    g_assert_cmpuint (before->len, ==, 0);
  }

  pin = fd_frame_pool_pin (GTK_NATIVE (fixture->window));
  g_assert_nonnull (pin);
  g_assert_cmpint (cairo_surface_get_type (pin), ==, CAIRO_SURFACE_TYPE_IMAGE);
  g_assert_cmpint (cairo_surface_status (pin), ==, CAIRO_STATUS_SUCCESS);
  pinned = frame_sized_segments ();
  g_assert_cmpuint (pinned->len, ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) now = NULL;

      draw_whole_then_small (fixture);
      now = frame_sized_segments ();
      g_assert_cmpuint (now->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (now, 0), ==, g_ptr_array_index (pinned, 0));
    }

  cairo_surface_destroy (pin);
}

int
main (int   argc,
      char *argv[])
{
  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/frame-pool/outlives-small-frames", Fixture, NULL, fixture_set_up,
              test_pool_outlives_small_frames, fixture_tear_down);

  return g_test_run ();
}
