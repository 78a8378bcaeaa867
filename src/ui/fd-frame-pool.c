/* fd-frame-pool.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck"

#include "config.h"

#include "fd-frame-pool.h"

#if defined(GDK_WINDOWING_X11) && defined(HAVE_CAIRO_XLIB)
# include <gdk/x11/gdkx.h>
# include <cairo-xlib.h>
#endif

/* Width and height of the pin: 1 KiB, above the 128 bytes under which
 * cairo uses plain memory, and a single block of the pool. */
#define PIN_SIZE 16

/**
 * fd_frame_pool_pin:
 * @native: a realized toplevel
 *
 * With GTK's Cairo renderer on X11, every frame reaches the X server
 * through a block of shared memory that cairo takes from a pool and gives
 * back once the server has read it; cairo destroys a pool as soon as it
 * finds it empty. A small update (an auto-refresh that changes a few
 * labels) empties the pool, and the next frame that shows a whole page,
 * typically a page switch, gets a new pool and touches its megabytes for
 * the first time: about 1,100 page faults, 3 to 5 ms of a 16 ms frame.
 *
 * This keeps one small image from a pool large enough for a frame of the
 * whole window, so that the pool and its touched memory live as long as
 * the window. Elsewhere (Wayland, the GL renderer) it does nothing.
 *
 * Returns: (transfer full) (nullable): the pin, to destroy before the
 *   display closes, or %NULL when there is nothing to keep
 */
cairo_surface_t *
fd_frame_pool_pin (GtkNative *native)
{
#if defined(GDK_WINDOWING_X11) && defined(HAVE_CAIRO_XLIB)
  GdkSurface *surface = gtk_native_get_surface (native);
  GskRenderer *renderer = gtk_native_get_renderer (native);
  GdkDisplay *display;
  Display *xdisplay;
  cairo_surface_t *window_surface;
  cairo_surface_t *frame;
  cairo_surface_t *pin;
  int width;
  int height;

  if (surface == NULL || renderer == NULL || !GSK_IS_CAIRO_RENDERER (renderer))
    return NULL;
  display = gdk_surface_get_display (surface);
  if (!GDK_IS_X11_DISPLAY (display))
    return NULL;

  xdisplay = gdk_x11_display_get_xdisplay (display);
  width = MAX (gdk_surface_get_width (surface), 1) * gdk_surface_get_scale_factor (surface);
  height = MAX (gdk_surface_get_height (surface), 1) * gdk_surface_get_scale_factor (surface);

  /* cairo's X11 surfaces share the display's pools: an image as large as
   * the window makes sure the pool can hold a whole frame, and the pin
   * comes from the newest pool, that one. Nothing is drawn on the window
   * through this surface, so the screen's default visual does (no round
   * trip to ask for the window's own). */
  window_surface = cairo_xlib_surface_create (xdisplay, gdk_x11_surface_get_xid (surface),
                                              DefaultVisual (xdisplay, DefaultScreen (xdisplay)),
                                              width, height);
  frame = cairo_surface_create_similar_image (window_surface, CAIRO_FORMAT_ARGB32, width, height);
  pin = cairo_surface_create_similar_image (window_surface, CAIRO_FORMAT_ARGB32, PIN_SIZE, PIN_SIZE);
  cairo_surface_destroy (frame);
  cairo_surface_destroy (window_surface);

  if (cairo_surface_status (pin) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&pin, cairo_surface_destroy);
  return pin;
#else
  return NULL;
#endif
}
