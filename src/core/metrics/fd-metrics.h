/* fd-metrics.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-snapshot.h"

G_BEGIN_DECLS

/**
 * FdQuery:
 * @from: start of the window (included)
 * @to: end of the window (excluded)
 * @environment: (nullable): the only environment to count, %NULL for all
 * @tz_offset_s: offset from UTC in seconds for the weekday × hour table and
 *   the per-day counts of fd_metrics_compute_dashboard(); 0 for UTC
 * @top_n: the length of the top lists (noisy alerts, flaky pipelines); 0 for 10
 *
 * What to compute. A record belongs to the window when its `started_at`
 * (a sample: its `at`) is in [@from, @to). The environment filter applies to
 * every record type; canary samples follow their canary.
 */
typedef struct
{
  FdTime      from;
  FdTime      to;
  const char *environment;
  int         tz_offset_s;
  guint       top_n;
} FdQuery;

typedef enum
{
  FD_DORA_TIER_NONE,
  FD_DORA_TIER_ELITE,
  FD_DORA_TIER_HIGH,
  FD_DORA_TIER_MEDIUM,
  FD_DORA_TIER_LOW,
} FdDoraTier;

/* "elite", "high", "medium", "low", or NULL for FD_DORA_TIER_NONE. */
const char *fd_dora_tier_to_string (FdDoraTier tier);

FdDoraTier  fd_dora_tier_deployment_frequency (double per_day);
FdDoraTier  fd_dora_tier_lead_time            (double median_h);
FdDoraTier  fd_dora_tier_change_failure_rate  (double rate);
FdDoraTier  fd_dora_tier_time_to_restore      (double median_min);

/**
 * FdCanaryResult:
 * @id: the canary's id (points into the snapshot the metrics hold)
 * @canary: the canary record
 * @progress: traffic_percent / last step; NAN when there are no steps or the last is 0
 * @error_rate: per #FdVariant: sum(errors) / sum(requests) of its samples in the window
 * @latency_p95_ms: per #FdVariant: mean of the samples' latency_p95_ms
 * @n_samples: per #FdVariant: samples in the window
 */
typedef struct
{
  const char     *id;
  const FdCanary *canary;
  double          progress;
  double          error_rate[FD_VARIANT_N];
  double          latency_p95_ms[FD_VARIANT_N];
  guint64         n_samples[FD_VARIANT_N];
} FdCanaryResult;

/**
 * FdMetrics:
 *
 * Every metric of the event format spec for one #FdQuery. Counts are exact;
 * a metric whose denominator is empty, or that has no values, is NAN (null
 * in JSON). Durations are in the unit their name says.
 */
typedef struct
{
  FdSnapshot     *snapshot;       /* a reference, so the strings stay valid */
  FdTime          from;
  FdTime          to;
  double          window_days;

  guint64         runs_total;
  guint64         runs_success;
  guint64         runs_failed;
  guint64         runs_cancelled;
  guint64         runs_active;
  double          success_rate;
  double          duration_mean_s;
  double          duration_p50_s;
  double          duration_p95_s;

  guint64         deployments_total;
  guint64         deployments_success;
  guint64         deployments_failed;    /* failed + rolled_back */
  double          deployment_frequency_per_day;
  double          lead_time_median_h;
  double          change_failure_rate;

  guint64         alerts_total;
  guint64         alerts_open;
  guint64         alerts_by_severity[FD_SEVERITY_N];
  guint64         alerts_by_status[FD_ALERT_N_STATUS];
  double          mttr_min;
  double          time_to_restore_median_min;
  double          mtta_min;

  FdCanaryResult *canaries;       /* in started_at order */
  gsize           n_canaries;

  FdDoraTier      dora_deployment_frequency;
  FdDoraTier      dora_lead_time;
  FdDoraTier      dora_change_failure_rate;
  FdDoraTier      dora_time_to_restore;
} FdMetrics;

FdMetrics *fd_metrics_compute (FdSnapshot    *snapshot,
                               const FdQuery *query);
void       fd_metrics_free    (FdMetrics     *metrics);
/* The spec's reference output object (no trailing newline). */
char      *fd_metrics_to_json (const FdMetrics *metrics,
                               guint64          invalid_lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdMetrics, fd_metrics_free)

/* Dashboard series {{{ */

/* Picks the bucket width for [from, to): the smallest of 1 min, 5 min,
 * 15 min, 1 h, 3 h, 6 h, 1 day that gives at most 200 buckets (whole days
 * beyond that). Result in microseconds. */
FdTime fd_metrics_pick_bucket (FdTime from,
                               FdTime to);

/**
 * FdGroupStats:
 * One row of a per-environment or per-service breakdown of runs.
 */
typedef struct
{
  FdStr       key;
  const char *name;
  guint64     runs;
  guint64     success;
  guint64     failed;
  double      success_rate;      /* success / (success + failed) */
  double      duration_mean_s;   /* over success and failed runs */
  double      duration_p50_s;
  double      duration_p95_s;
} FdGroupStats;

/**
 * FdFlakyPipeline:
 * A pipeline + commit with both failed and successful runs in the window;
 * @flips counts the changes between success and failed in started_at order.
 */
typedef struct
{
  const char *pipeline;
  const char *commit;
  guint       runs;
  guint       success;
  guint       failed;
  guint       flips;
  FdTime      last_started_at;
} FdFlakyPipeline;

/* The version a service runs in an environment: its latest successful
 * deployment that finished at or before the end of the window. */
typedef struct
{
  const char *service;
  const char *environment;
  const char *version;
  FdTime      finished_at;
} FdCurrentVersion;

typedef struct
{
  const char *name;
  guint64     count;
} FdNamedCount;

/**
 * FdCanarySeries:
 * One point per sample in the window, per #FdVariant, in time order.
 */
typedef struct
{
  const char *id;
  gsize       n_points[FD_VARIANT_N];
  FdTime     *at[FD_VARIANT_N];
  double     *error_rate[FD_VARIANT_N];       /* NAN when the sample had no requests */
  double     *latency_p95_ms[FD_VARIANT_N];
} FdCanarySeries;

/**
 * FdDashboard:
 *
 * What the pages draw for one #FdQuery. Per-bucket arrays have @n_buckets
 * entries; bucket i is [@from + i × @bucket_us, @from + (i + 1) × @bucket_us),
 * the last one cut at @to. Rates and durations of empty buckets are NAN.
 * These arrays double as the KPI sparklines. Strings point into @snapshot.
 */
typedef struct
{
  FdSnapshot       *snapshot;
  FdTime            from;
  FdTime            to;
  FdTime            bucket_us;
  gsize             n_buckets;

  /* Pipelines */
  guint32          *runs_by_status[FD_RUN_N_STATUS];
  guint32          *runs_total;
  double           *run_success_rate;
  double           *run_duration_mean_s;
  double           *run_duration_p50_s;
  double           *run_duration_p95_s;
  FdGroupStats     *by_environment;     /* sorted by name */
  gsize             n_by_environment;
  FdGroupStats     *by_service;         /* sorted by name */
  gsize             n_by_service;
  FdFlakyPipeline  *flaky;              /* most flips first, at most top_n */
  gsize             n_flaky;
  /* Weekday (0 = Monday) × hour in the query's time zone offset. */
  guint32           failures_by_hour[7][24];
  guint32           finished_by_hour[7][24];   /* success + failed */
  double            failure_rate_by_hour[7][24];

  /* Deployments */
  guint32          *deployments_total;
  guint32          *deployments_success;
  guint32          *deployments_failed;        /* failed + rolled_back */
  double           *change_failure_rate;
  double           *lead_time_median_h;
  /* Days (from the local midnight at or before from) × environments. */
  gsize             n_days;
  FdTime            first_day;                 /* UTC time of that local midnight */
  const char      **day_environments;          /* n_day_environments names */
  gsize             n_day_environments;
  guint32          *deployments_per_day;       /* [day * n_day_environments + env] */
  FdCurrentVersion *current_versions;          /* sorted by service, environment */
  gsize             n_current_versions;

  /* Alerts */
  guint32          *alerts_by_severity[FD_SEVERITY_N];
  guint32          *alerts_total;
  double           *mttr_min;
  double           *mtta_min;                  /* alerts go to the bucket of started_at */
  FdNamedCount     *noisy_alerts;              /* most frequent names first, at most top_n */
  gsize             n_noisy_alerts;

  /* Canaries (those of fd_metrics_compute(), same order) */
  FdCanarySeries   *canaries;
  gsize             n_canaries;
} FdDashboard;

FdDashboard *fd_dashboard_compute (FdSnapshot    *snapshot,
                                   const FdQuery *query);
void         fd_dashboard_free    (FdDashboard   *dashboard);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdDashboard, fd_dashboard_free)

/* }}} */

G_END_DECLS
