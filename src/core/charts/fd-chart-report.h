/* fd-chart-report.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-chart-catalog.h"
#include "fd-chart-render.h"
#include "fd-metrics.h"

G_BEGIN_DECLS

gboolean fd_chart_report_write (const FdMetrics    *metrics,
                                const FdDashboard  *dashboard,
                                const char         *environment,
                                const FdChartStyle *style,
                                const char         *path,
                                GError            **error);

char    *fd_chart_report_kpi_text (FdChartPage         page,
                                   const FdMetrics    *metrics);

G_END_DECLS
