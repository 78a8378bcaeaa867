/* fd-chart-format.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FD_CHART_FORMAT_NUMBER,     /* 12, 1.2 k, 3.4 M */
  FD_CHART_FORMAT_COUNT,      /* 1,204 */
  FD_CHART_FORMAT_PERCENT,    /* a fraction 0..1 shown as 97.3 % */
  FD_CHART_FORMAT_DURATION,   /* seconds shown as 4 m 12 s, 2 h 05 m */
  FD_CHART_FORMAT_MILLISECONDS,  /* 412 ms, 1.2 s */
} FdChartFormat;

char *fd_chart_format_value    (FdChartFormat format,
                                double        value);
char *fd_chart_format_number   (double        value);
char *fd_chart_format_count    (double        value);
char *fd_chart_format_percent  (double        fraction);
char *fd_chart_format_duration (double        seconds);

G_END_DECLS
