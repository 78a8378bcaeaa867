/* fd-page-data.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-canary-judge.h"
#include "fd-metrics.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

/* How many of the newest matching records the tables get at most. */
#define FD_PAGE_DATA_MAX_ROWS 1000

/**
 * FdPageData:
 * @snapshot: the snapshot queried (a reference)
 * @query: the query; its environment points at @environment
 * @environment: the environment filter, %NULL for all
 * @now: the "now" used for ages
 * @period_label: the previous period, e.g. "previous 7 days" (translated)
 * @current: fd_metrics_compute() for [from, to)
 * @previous: fd_metrics_compute() for [from - (to - from), from)
 * @dashboard: fd_dashboard_compute() for [from, to)
 * @verdicts: an #FdCanaryVerdict per @current->canaries[i], same order
 * @recent_runs: indices into the snapshot's runs of the newest matching runs
 *   in the window, newest first, at most %FD_PAGE_DATA_MAX_ROWS
 * @n_recent_runs: length of @recent_runs
 * @n_matching_runs: all matching runs in the window
 * @recent_deployments: the same for deployments
 * @n_recent_deployments: length of @recent_deployments
 * @n_matching_deployments: all matching deployments in the window
 * @recent_alerts: the same for alerts
 * @n_recent_alerts: length of @recent_alerts
 * @n_matching_alerts: all matching alerts in the window
 *
 * Everything the pages show for one set of filters, computed off the main
 * thread by fd_page_data_compute() and immutable afterwards, so that the
 * main loop never walks all records: the tables get bounded index lists.
 */
typedef struct
{
  FdSnapshot   *snapshot;
  FdQuery       query;
  char         *environment;
  FdTime        now;
  char         *period_label;
  FdMetrics    *current;
  FdMetrics    *previous;
  FdDashboard  *dashboard;
  GPtrArray    *verdicts;

  guint32      *recent_runs;
  gsize         n_recent_runs;
  gsize         n_matching_runs;
  guint32      *recent_deployments;
  gsize         n_recent_deployments;
  gsize         n_matching_deployments;
  guint32      *recent_alerts;
  gsize         n_recent_alerts;
  gsize         n_matching_alerts;

  /*< private >*/
  gatomicrefcount ref_count;
} FdPageData;

#define FD_TYPE_PAGE_DATA (fd_page_data_get_type ())
GType       fd_page_data_get_type      (void) G_GNUC_CONST;

FdPageData *fd_page_data_compute       (FdSnapshot    *snapshot,
                                        const FdQuery *query,
                                        FdTime         now,
                                        double         pass_threshold,
                                        double         marginal_threshold,
                                        GCancellable  *cancellable);
FdPageData *fd_page_data_compute_cached (FdSnapshot         *snapshot,
                                         const FdQuery      *query,
                                         FdTime              now,
                                         double              pass_threshold,
                                         double              marginal_threshold,
                                         FdCanaryJudgeCache *cache,
                                         GCancellable       *cancellable);
FdPageData *fd_page_data_ref           (FdPageData    *self);
void        fd_page_data_unref         (FdPageData    *self);

char       *fd_page_data_period_label  (FdTime         span);
char       *fd_page_data_range_label   (FdTime         span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdPageData, fd_page_data_unref)

G_END_DECLS
