/* fd-chart-scale.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Never more ticks than this, whatever the caller asks: tick loops are bounded. */
#define FD_CHART_MAX_TICKS 64

/* A linear map from the domain [d0, d1] to the range [r0, r1]. */
typedef struct
{
  double d0, d1;
  double r0, r1;
} FdChartScale;

typedef struct
{
  guint  n_ticks;
  double values[FD_CHART_MAX_TICKS];
  char  *labels[FD_CHART_MAX_TICKS];   /* only for time ticks; NULL otherwise */
  double step;                         /* value step; seconds for time ticks (nominal) */
  double min;                          /* the extended ("nice") domain */
  double max;
} FdChartTicks;

void    fd_chart_scale_init        (FdChartScale *scale,
                                    double        d0,
                                    double        d1,
                                    double        r0,
                                    double        r1);
double  fd_chart_scale_map         (const FdChartScale *scale,
                                    double              value);
double  fd_chart_scale_invert      (const FdChartScale *scale,
                                    double              position);

void    fd_chart_ticks_clear       (FdChartTicks *ticks);

void    fd_chart_nice_ticks        (double        min,
                                    double        max,
                                    guint         max_ticks,
                                    FdChartTicks *ticks);

void    fd_chart_time_ticks        (double        from_s,
                                    double        to_s,
                                    guint         max_ticks,
                                    GTimeZone    *tz,
                                    FdChartTicks *ticks);

char   *fd_chart_format_time_label (double        at_s,
                                    double        step_s,
                                    GTimeZone    *tz);

G_END_DECLS
