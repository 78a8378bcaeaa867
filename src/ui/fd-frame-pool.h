/* fd-frame-pool.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

cairo_surface_t *fd_frame_pool_pin (GtkNative *native);

G_END_DECLS
