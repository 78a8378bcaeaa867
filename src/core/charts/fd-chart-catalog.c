/* fd-chart-catalog.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-catalog"

#include "config.h"

#include "fd-chart-catalog.h"

#include "fd-chart-scale.h"
#include "fd-format.h"
#include "fd-snapshot.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/*
 * The mapping from computed metrics to chart models, one entry per named
 * chart. The app's pages, `flightdeck-cli render` and the PDF report all
 * build their charts here, so the three always show the same thing.
 */

typedef void (*BuildFunc) (FdChartModel      *model,
                           const FdMetrics   *metrics,
                           const FdDashboard *dashboard);

typedef struct
{
  const char  *name;
  FdChartPage  page;
  FdChartKind  kind;
  const char  *title;
  BuildFunc    build;
} Entry;

#define US 1000000.0

static double *
bucket_times (const FdDashboard *d)
{
  double *x = g_new (double, MAX (d->n_buckets, 1));

  for (gsize i = 0; i < d->n_buckets; i++)
    x[i] = (d->from + (FdTime) i * d->bucket_us) / US;
  return x;
}

static void
time_buckets (FdChartModel      *model,
              const FdDashboard *d)
{
  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_TIME);
  fd_chart_model_set_bucket_width (model, d->bucket_us / US);
}

static void
add_counts (FdChartModel    *model,
            const FdDashboard *d,
            const char      *name,
            int              color,
            const guint32   *counts)
{
  double *x = bucket_times (d);
  double *y = g_new (double, MAX (d->n_buckets, 1));

  for (gsize i = 0; i < d->n_buckets; i++)
    y[i] = counts ? counts[i] : NAN;
  fd_chart_model_add_series_take (model, name, color, x, y, d->n_buckets);
}

static void
add_values (FdChartModel      *model,
            const FdDashboard *d,
            const char        *name,
            int                color,
            const double      *values,
            double             factor)
{
  double *x = bucket_times (d);
  double *y = g_new (double, MAX (d->n_buckets, 1));

  for (gsize i = 0; i < d->n_buckets; i++)
    y[i] = values ? values[i] * factor : NAN;
  fd_chart_model_add_series_take (model, name, color, x, y, d->n_buckets);
}

static gboolean
all_zero_u32 (const guint32 *v,
              gsize          n)
{
  for (gsize i = 0; i < n; i++)
    if (v[i] != 0)
      return FALSE;
  return TRUE;
}

/* The legends show the spec's lower-case wire names; NC_() hands them to the
 * translators (with a context: "failed" is also a canary metric's verdict),
 * and g_dpgettext2() looks them up. */
static const char *
run_status_label (FdRunStatus status)
{
  static const char * const labels[FD_RUN_N_STATUS] = {
    [FD_RUN_SUCCESS] = NC_("run status", "success"),
    [FD_RUN_FAILED] = NC_("run status", "failed"),
    [FD_RUN_CANCELLED] = NC_("run status", "cancelled"),
    [FD_RUN_RUNNING] = NC_("run status", "running"),
    [FD_RUN_QUEUED] = NC_("run status", "queued"),
  };

  g_assert (status < FD_RUN_N_STATUS);

  return g_dpgettext2 (GETTEXT_PACKAGE, "run status", labels[status]);
}

static const char *
severity_label (FdSeverity severity)
{
  static const char * const labels[FD_SEVERITY_N] = {
    [FD_SEVERITY_CRITICAL] = NC_("alert severity", "critical"),
    [FD_SEVERITY_HIGH] = NC_("alert severity", "high"),
    [FD_SEVERITY_WARNING] = NC_("alert severity", "warning"),
    [FD_SEVERITY_INFO] = NC_("alert severity", "info"),
  };

  g_assert (severity < FD_SEVERITY_N);

  return g_dpgettext2 (GETTEXT_PACKAGE, "alert severity", labels[severity]);
}

/* Pipelines {{{ */

static void
build_runs_by_status (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("runs"));
  for (guint s = 0; s < FD_RUN_N_STATUS; s++)
    add_counts (model, d, run_status_label (s), fd_chart_color_for_status (s), d->runs_by_status[s]);
}

static void
build_success_trend (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_y_range (model, 0, 1);
  add_values (model, d, _("Success rate"), FD_CHART_COLOR_SUCCESS, d->run_success_rate, 1);
}

static void
build_duration_trend (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  guint s;

  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_DURATION);
  s = fd_chart_model_get_n_series (model);
  add_values (model, d, _("Median"), FD_CHART_COLOR_ACCENT, d->run_duration_p50_s, 1);
  /* The band shows the spread between the median and p95. */
  fd_chart_model_set_band (model, s, d->run_duration_p50_s, d->run_duration_p95_s);
  add_values (model, d, "p95", FD_CHART_COLOR_SERIES_0 + 1, d->run_duration_p95_s, 1);
}

static void
groups_rate (FdChartModel *model, const FdGroupStats *groups, gsize n)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree double *y = g_new (double, MAX (n, 1));

  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_CATEGORY);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_y_range (model, NAN, 1);
  for (gsize i = 0; i < n; i++)
    {
      g_ptr_array_add (labels, (gpointer) (groups[i].name ? groups[i].name : "?"));
      y[i] = groups[i].success_rate;
    }
  g_ptr_array_add (labels, NULL);
  fd_chart_model_set_categories (model, (const char * const *) labels->pdata, NULL);
  fd_chart_model_add_series (model, _("Success rate"), FD_CHART_COLOR_SUCCESS, NULL, y, n);
}

static void
build_success_by_service (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  groups_rate (model, d->by_service, d->n_by_service);
}

static void
build_success_by_environment (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  groups_rate (model, d->by_environment, d->n_by_environment);
}

static void
build_failure_heatmap (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  static const char *hours[] = {
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11",
    "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", NULL
  };
  const char *days[] = { _("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun") };
  gboolean any = FALSE;

  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_CATEGORY);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_y_range (model, 0, NAN);
  fd_chart_model_set_categories (model, hours, NULL);
  for (guint day = 0; day < 7; day++)
    for (guint h = 0; h < 24; h++)
      any |= d->finished_by_hour[day][h] > 0;
  if (!any)
    return;
  for (guint day = 0; day < 7; day++)
    fd_chart_model_add_series (model, days[day], day == 0 ? FD_CHART_COLOR_FAILED : FD_CHART_COLOR_AUTO,
                               NULL, d->failure_rate_by_hour[day], 24);
}

static void
build_success_gauge (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_y_range (model, 0, 1);
  if (isfinite (m->success_rate))
    fd_chart_model_add_series (model, _("Success rate"), FD_CHART_COLOR_SUCCESS, NULL, &m->success_rate, 1);
}

static void
build_status_mix (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  const char *labels[FD_RUN_N_STATUS + 1] = { NULL };
  int colors[FD_RUN_N_STATUS];
  double y[FD_RUN_N_STATUS] = {
    m->runs_success, m->runs_failed, m->runs_cancelled, NAN, NAN
  };
  guint64 running = 0, queued = 0;

  for (gsize i = 0; i < d->n_buckets; i++)
    {
      running += d->runs_by_status[FD_RUN_RUNNING][i];
      queued += d->runs_by_status[FD_RUN_QUEUED][i];
    }
  y[FD_RUN_RUNNING] = running;
  y[FD_RUN_QUEUED] = queued;
  for (guint s = 0; s < FD_RUN_N_STATUS; s++)
    {
      labels[s] = run_status_label (s);
      colors[s] = fd_chart_color_for_status (s);
    }
  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_CATEGORY);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("runs"));
  fd_chart_model_set_categories (model, labels, colors);
  if (m->runs_total > 0)
    fd_chart_model_add_series (model, _("Runs"), FD_CHART_COLOR_AUTO, NULL, y, FD_RUN_N_STATUS);
}

static void
build_duration_histogram (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  const FdPipelineRun *runs;
  gsize n_runs, first, last, n = 0;
  g_autofree double *durations = NULL;
  double hi = 0, width;
  const guint n_bins = 30;
  double x[30], y[30] = { 0 };
  FdStr env = FD_STR_NONE;

  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_LINEAR);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_DURATION);
  fd_chart_model_set_unit (model, _("runs"));
  if (d->snapshot == NULL)
    return;

  runs = fd_snapshot_get_runs (d->snapshot, &n_runs);
  fd_snapshot_runs_range (d->snapshot, d->from, d->to, &first, &last);
  durations = g_new (double, MAX (last - first, 1));
  /* The dashboard knows the environment filter only through its counts, so
   * look at the per-environment table: one row means one environment. */
  if (d->n_by_environment == 1)
    env = d->by_environment[0].key;
  for (gsize i = first; i < last; i++)
    {
      const FdPipelineRun *r = &runs[i];

      if ((r->status != FD_RUN_SUCCESS && r->status != FD_RUN_FAILED) || r->finished_at == FD_TIME_NONE)
        continue;
      if (env != FD_STR_NONE && r->environment != env)
        continue;
      durations[n] = (r->finished_at - r->started_at) / US;
      hi = MAX (hi, durations[n]);
      n++;
    }
  if (n == 0)
    return;

  {
    FdChartTicks ticks;

    /* Round bin edges: a nice step that gives at most n_bins bins. */
    fd_chart_nice_ticks (0, hi, n_bins, &ticks);
    width = MAX (ticks.step, 1);
  }
  for (guint b = 0; b < n_bins; b++)
    x[b] = b * width;
  for (gsize i = 0; i < n; i++)
    y[MIN ((guint) (durations[i] / width), n_bins - 1)]++;
  fd_chart_model_set_bucket_width (model, width);
  fd_chart_model_add_series (model, _("Runs"), FD_CHART_COLOR_ACCENT, x, y,
                             MIN (n_bins, (guint) (hi / width) + 1));
}

static void
build_runs_sparkline (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("runs"));
  add_counts (model, d, _("Runs"), FD_CHART_COLOR_ACCENT, d->runs_total);
}

/* }}} */

/* Deployments {{{ */

static void
build_frequency_by_environment (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_TIME);
  fd_chart_model_set_bucket_width (model, 86400);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("deployments"));
  if (m->deployments_total == 0)
    return;
  for (gsize e = 0; e < d->n_day_environments; e++)
    {
      double *x = g_new (double, MAX (d->n_days, 1));
      double *y = g_new (double, MAX (d->n_days, 1));

      for (gsize day = 0; day < d->n_days; day++)
        {
          x[day] = (d->first_day + (FdTime) day * 86400 * 1000000) / US;
          y[day] = d->deployments_per_day[day * d->n_day_environments + e];
        }
      fd_chart_model_add_series_take (model, d->day_environments[e], FD_CHART_COLOR_SERIES_0 + e,
                                      x, y, d->n_days);
    }
}

static void
build_deployment_outcomes (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("deployments"));
  if (all_zero_u32 (d->deployments_total, d->n_buckets))
    return;
  add_counts (model, d, _("succeeded"), FD_CHART_COLOR_SUCCESS, d->deployments_success);
  add_counts (model, d, _("failed or rolled back"), FD_CHART_COLOR_FAILED, d->deployments_failed);
}

static void
build_lead_time_trend (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_DURATION);
  add_values (model, d, _("Median lead time"), FD_CHART_COLOR_ACCENT, d->lead_time_median_h, 3600);
}

static void
build_change_failure_trend (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_y_range (model, 0, NAN);
  add_values (model, d, _("Change failure rate"), FD_CHART_COLOR_FAILED, d->change_failure_rate, 1);
}

/* }}} */

/* Alerts {{{ */

static void
build_alert_volume (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("alerts"));
  if (m->alerts_total == 0)
    return;
  for (guint s = 0; s < FD_SEVERITY_N; s++)
    add_counts (model, d, severity_label (s), fd_chart_color_for_severity (s), d->alerts_by_severity[s]);
}

static void
build_severity_mix (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  const char *labels[FD_SEVERITY_N + 1] = { NULL };
  int colors[FD_SEVERITY_N];
  double y[FD_SEVERITY_N];

  for (guint s = 0; s < FD_SEVERITY_N; s++)
    {
      labels[s] = severity_label (s);
      colors[s] = fd_chart_color_for_severity (s);
      y[s] = m->alerts_by_severity[s];
    }
  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_CATEGORY);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("alerts"));
  fd_chart_model_set_categories (model, labels, colors);
  if (m->alerts_total > 0)
    fd_chart_model_add_series (model, _("Alerts"), FD_CHART_COLOR_AUTO, NULL, y, FD_SEVERITY_N);
}

static void
build_mttr_trend (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  time_buckets (model, d);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_DURATION);
  add_values (model, d, _("Mean time to resolve"), FD_CHART_COLOR_ACCENT, d->mttr_min, 60);
}

static void
build_noisy_names (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree double *y = g_new (double, MAX (d->n_noisy_alerts, 1));

  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_CATEGORY);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_COUNT);
  fd_chart_model_set_unit (model, _("alerts"));
  for (gsize i = 0; i < d->n_noisy_alerts; i++)
    {
      g_ptr_array_add (labels, (gpointer) d->noisy_alerts[i].name);
      y[i] = d->noisy_alerts[i].count;
    }
  g_ptr_array_add (labels, NULL);
  fd_chart_model_set_categories (model, (const char * const *) labels->pdata, NULL);
  fd_chart_model_add_series (model, _("Alerts"), FD_CHART_COLOR_WARNING, NULL, y, d->n_noisy_alerts);
}

/* }}} */

/* Canary {{{ */

/* The most recent canary with enough samples on both sides to draw a
 * comparison (a canary that started a minute ago has one point, which says
 * nothing); failing that, the one with the most samples. */
#define CANARY_MIN_POINTS 6

static gssize
pick_canary (const FdDashboard *d)
{
  gssize best = -1;
  gsize best_points = 0;

  for (gsize i = d->n_canaries; i-- > 0;)
    {
      gsize nc = d->canaries[i].n_points[FD_VARIANT_CANARY];
      gsize nb = d->canaries[i].n_points[FD_VARIANT_BASELINE];

      if (nc >= CANARY_MIN_POINTS && nb >= CANARY_MIN_POINTS)
        return i;
      if (nc + nb > best_points)
        {
          best = i;
          best_points = nc + nb;
        }
    }
  return best;
}

static void
canary_lines (FdChartModel      *model,
              const FdMetrics   *m,
              const FdDashboard *d,
              gboolean           latency)
{
  gssize c = pick_canary (d);
  const FdCanarySeries *cs;
  const FdCanary *canary = NULL;
  FdTime start = G_MAXINT64, end = G_MININT64;

  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_TIME);
  fd_chart_model_set_y_format (model, latency ? FD_CHART_FORMAT_MILLISECONDS : FD_CHART_FORMAT_PERCENT);
  if (c < 0)
    return;
  cs = &d->canaries[c];
  if ((gsize) c < m->n_canaries && g_strcmp0 (m->canaries[c].id, cs->id) == 0)
    canary = m->canaries[c].canary;

  if (cs->id != NULL)
    {
      g_autofree char *summary = g_strdup_printf (_("Canary %s"), cs->id);

      fd_chart_model_set_summary (model, summary);
    }

  for (guint v = 0; v < FD_VARIANT_N; v++)
    {
      gsize n = cs->n_points[v];
      double *x = g_new (double, MAX (n, 1));
      double *y = g_new (double, MAX (n, 1));

      for (gsize i = 0; i < n; i++)
        {
          x[i] = cs->at[v][i] / US;
          y[i] = latency ? cs->latency_p95_ms[v][i] : cs->error_rate[v][i];
          start = MIN (start, cs->at[v][i]);
          end = MAX (end, cs->at[v][i]);
        }
      fd_chart_model_add_series_take (model, v == FD_VARIANT_CANARY ? _("canary") : _("baseline"),
                                      v == FD_VARIANT_CANARY ? FD_CHART_COLOR_SERIES_0 + 1 : FD_CHART_COLOR_SERIES_0,
                                      x, y, n);
    }

  /* The format records the steps but not when each began, so the step
   * changes reached so far are spread evenly over the canary's samples. */
  if (canary != NULL && d->snapshot != NULL && end > start)
    {
      gsize n_steps;
      const double *steps = fd_snapshot_get_steps (d->snapshot, canary, &n_steps);
      gsize reached = MIN ((gsize) MAX (canary->current_step, 0) + 1, n_steps);

      for (gsize s = 0; s < reached; s++)
        {
          g_autofree char *label = fd_format_percent_compact (steps[s] / 100);

          fd_chart_model_add_marker (model, (start + (end - start) * (double) s / reached) / US, label);
        }
    }
}

static void
build_canary_error_rate (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  canary_lines (model, m, d, FALSE);
}

static void
build_canary_latency (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  canary_lines (model, m, d, TRUE);
}

static void
build_canary_progress (FdChartModel *model, const FdMetrics *m, const FdDashboard *d)
{
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_y_range (model, 0, 1);
  for (gsize i = m->n_canaries; i-- > 0;)
    {
      if (!isfinite (m->canaries[i].progress))
        continue;
      fd_chart_model_add_series (model, m->canaries[i].id, FD_CHART_COLOR_ACCENT, NULL,
                                 &m->canaries[i].progress, 1);
      return;
    }
}

/* }}} */

static const Entry entries[] = {
  { "pipeline-runs-by-status", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_STACKED_BARS, N_("Runs by status"), build_runs_by_status },
  { "pipeline-success-rate-trend", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_LINE, N_("Success rate"), build_success_trend },
  { "pipeline-duration-trend", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_LINE, N_("Run duration (median, p95)"), build_duration_trend },
  { "pipeline-duration-histogram", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_HISTOGRAM, N_("Run durations"), build_duration_histogram },
  { "pipeline-success-by-service", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_HORIZONTAL_BARS, N_("Success rate by service"), build_success_by_service },
  { "pipeline-success-by-environment", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_HORIZONTAL_BARS, N_("Success rate by environment"), build_success_by_environment },
  { "pipeline-failure-heatmap", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_HEATMAP, N_("Failure rate by weekday and hour"), build_failure_heatmap },
  { "pipeline-status-mix", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_DONUT, N_("Status mix"), build_status_mix },
  { "pipeline-success-gauge", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_GAUGE, N_("Success rate"), build_success_gauge },
  { "pipeline-runs-sparkline", FD_CHART_PAGE_PIPELINES, FD_CHART_KIND_SPARKLINE, N_("Runs"), build_runs_sparkline },
  { "deployment-frequency-by-environment", FD_CHART_PAGE_DEPLOYMENTS, FD_CHART_KIND_GROUPED_BARS, N_("Deployments per day by environment"), build_frequency_by_environment },
  { "deployment-outcomes", FD_CHART_PAGE_DEPLOYMENTS, FD_CHART_KIND_STACKED_BARS, N_("Deployment outcomes"), build_deployment_outcomes },
  { "deployment-lead-time-trend", FD_CHART_PAGE_DEPLOYMENTS, FD_CHART_KIND_LINE, N_("Lead time for changes"), build_lead_time_trend },
  { "deployment-change-failure-trend", FD_CHART_PAGE_DEPLOYMENTS, FD_CHART_KIND_AREA, N_("Change failure rate"), build_change_failure_trend },
  { "alert-volume-by-severity", FD_CHART_PAGE_ALERTS, FD_CHART_KIND_STACKED_BARS, N_("Alerts by severity"), build_alert_volume },
  { "alert-severity-mix", FD_CHART_PAGE_ALERTS, FD_CHART_KIND_DONUT, N_("Severity mix"), build_severity_mix },
  { "alert-mttr-trend", FD_CHART_PAGE_ALERTS, FD_CHART_KIND_LINE, N_("Mean time to resolve"), build_mttr_trend },
  { "alert-noisy-names", FD_CHART_PAGE_ALERTS, FD_CHART_KIND_HORIZONTAL_BARS, N_("Noisiest alerts"), build_noisy_names },
  { "canary-error-rate", FD_CHART_PAGE_CANARY, FD_CHART_KIND_CANARY, N_("Error rate, canary vs baseline"), build_canary_error_rate },
  { "canary-latency-p95", FD_CHART_PAGE_CANARY, FD_CHART_KIND_CANARY, N_("Latency p95, canary vs baseline"), build_canary_latency },
  { "canary-progress", FD_CHART_PAGE_CANARY, FD_CHART_KIND_GAUGE, N_("Canary progress"), build_canary_progress },
};

static const Entry *
find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (g_strcmp0 (entries[i].name, name) == 0)
      return &entries[i];
  return NULL;
}

/**
 * fd_chart_catalog_list:
 *
 * Returns: (transfer none) (array zero-terminated=1): the chart names, in page order
 */
const char * const *
fd_chart_catalog_list (void)
{
  static const char *names[G_N_ELEMENTS (entries) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      names[i] = entries[i].name;
  return names;
}

/**
 * fd_chart_catalog_lookup:
 * @name: a chart name
 * @page: (out) (optional): the dashboard page it belongs to
 * @kind: (out) (optional): its chart kind
 *
 * Returns: %TRUE if @name is a known chart
 */
gboolean
fd_chart_catalog_lookup (const char  *name,
                         FdChartPage *page,
                         FdChartKind *kind)
{
  const Entry *entry = find (name);

  if (entry == NULL)
    return FALSE;
  if (page)
    *page = entry->page;
  if (kind)
    *kind = entry->kind;
  return TRUE;
}

/**
 * fd_chart_catalog_get_title:
 * @name: a chart name
 *
 * Returns: (nullable): the chart's translated title, for a heading above it
 */
const char *
fd_chart_catalog_get_title (const char *name)
{
  const Entry *entry = find (name);

  return entry != NULL ? _(entry->title) : NULL;
}

/**
 * fd_chart_page_to_string:
 * @page: a page
 *
 * Returns: the page's translated title
 */
const char *
fd_chart_page_to_string (FdChartPage page)
{
  switch (page)
    {
    case FD_CHART_PAGE_PIPELINES:
      return _("Pipelines");
    case FD_CHART_PAGE_DEPLOYMENTS:
      return _("Deployments");
    case FD_CHART_PAGE_ALERTS:
      return _("Alerts");
    case FD_CHART_PAGE_CANARY:
      return _("Canary");
    case FD_CHART_N_PAGES:
    default:
      return "";
    }
}

/**
 * fd_chart_catalog_build:
 * @name: a chart name from fd_chart_catalog_list()
 * @metrics: the metrics of the query
 * @dashboard: the dashboard series of the same query
 *
 * Builds the chart model of a named dashboard chart. The model copies what
 * it needs, so it outlives @metrics and @dashboard.
 *
 * Returns: (transfer full) (nullable): the model, %NULL for an unknown name
 */
FdChartModel *
fd_chart_catalog_build (const char        *name,
                        const FdMetrics   *metrics,
                        const FdDashboard *dashboard)
{
  const Entry *entry;
  FdChartModel *model;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (metrics != NULL, NULL);
  g_return_val_if_fail (dashboard != NULL, NULL);

  entry = find (name);
  if (entry == NULL)
    return NULL;

  model = fd_chart_model_new (entry->kind);
  fd_chart_model_set_title (model, _(entry->title));
  entry->build (model, metrics, dashboard);
  return model;
}
