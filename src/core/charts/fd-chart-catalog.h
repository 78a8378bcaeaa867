/* fd-chart-catalog.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-chart-model.h"
#include "fd-metrics.h"

G_BEGIN_DECLS

typedef enum
{
  FD_CHART_PAGE_PIPELINES,
  FD_CHART_PAGE_DEPLOYMENTS,
  FD_CHART_PAGE_ALERTS,
  FD_CHART_PAGE_CANARY,
  FD_CHART_N_PAGES
} FdChartPage;

/* The stable names of every dashboard chart, NULL-terminated. */
const char * const *fd_chart_catalog_list      (void);
gboolean            fd_chart_catalog_lookup    (const char        *name,
                                                FdChartPage       *page,
                                                FdChartKind       *kind);
const char         *fd_chart_catalog_get_title (const char        *name);
const char         *fd_chart_page_to_string    (FdChartPage        page);

FdChartModel       *fd_chart_catalog_build     (const char        *name,
                                                const FdMetrics   *metrics,
                                                const FdDashboard *dashboard);

G_END_DECLS
