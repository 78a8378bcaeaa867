/* fd-chart-private.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-chart.h"

G_BEGIN_DECLS

/* The pointer, as the motion controller reports it: tests and the hover
 * benchmark drive the same code without a real pointer. */
void  _fd_chart_pointer_motion   (FdChart *self,
                                  double   x,
                                  double   y);
void  _fd_chart_pointer_leave    (FdChart *self);
/* How many times the body was drawn; hover must not add to it. */
guint _fd_chart_get_body_renders (FdChart *self);

G_END_DECLS
