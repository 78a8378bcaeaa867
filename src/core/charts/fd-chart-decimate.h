/* fd-chart-decimate.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize  fd_chart_lower_bound      (const double *x,
                                  gsize         n,
                                  double        value);
gsize  fd_chart_nearest_index    (const double *x,
                                  gsize         n,
                                  double        value);
gsize  fd_chart_decimate_minmax  (const double *x,
                                  const double *y,
                                  gsize         n,
                                  double        x_min,
                                  double        x_max,
                                  guint         columns,
                                  double       *out_x,
                                  double       *out_y);

G_END_DECLS
