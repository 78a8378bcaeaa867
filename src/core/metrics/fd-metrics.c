/* fd-metrics.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-metrics"

#include "config.h"

#include "fd-metrics.h"

#include <math.h>
#include <string.h>

#include "fd-jsonl-writer.h"
#include "fd-stats.h"

#define US_PER_SECOND 1000000.0
#define US_PER_MINUTE 60e6
#define US_PER_HOUR   3600e6
#define US_PER_DAY    86400e6

/* An environment id no record has: the filter matches nothing. */
#define ENV_NOWHERE G_MAXUINT32

static inline double
ratio (double num,
       double den)
{
  return den != 0 ? num / den : NAN;
}

/* FD_STR_NONE = no filter; ENV_NOWHERE when the snapshot never saw the name. */
static FdStr
resolve_environment (FdSnapshot *snapshot,
                     const char *environment)
{
  FdStr env;

  if (environment == NULL)
    return FD_STR_NONE;
  env = fd_snapshot_lookup (snapshot, environment);
  return env != FD_STR_NONE ? env : ENV_NOWHERE;
}

#define ENV_MATCHES(env, rec) ((env) == FD_STR_NONE || (rec)->environment == (env))

/* DORA {{{ */

const char *
fd_dora_tier_to_string (FdDoraTier tier)
{
  switch (tier)
    {
    case FD_DORA_TIER_ELITE: return "elite";
    case FD_DORA_TIER_HIGH: return "high";
    case FD_DORA_TIER_MEDIUM: return "medium";
    case FD_DORA_TIER_LOW: return "low";
    case FD_DORA_TIER_NONE:
    default:
      return NULL;
    }
}

/* The 2023 State of DevOps bands as Apache DevLake encodes them. */
FdDoraTier
fd_dora_tier_deployment_frequency (double per_day)
{
  if (isnan (per_day))
    return FD_DORA_TIER_NONE;
  if (per_day >= 1)
    return FD_DORA_TIER_ELITE;
  if (per_day >= 1.0 / 7)
    return FD_DORA_TIER_HIGH;
  if (per_day >= 1.0 / 30)
    return FD_DORA_TIER_MEDIUM;
  return FD_DORA_TIER_LOW;
}

FdDoraTier
fd_dora_tier_lead_time (double median_h)
{
  if (isnan (median_h))
    return FD_DORA_TIER_NONE;
  if (median_h < 24)
    return FD_DORA_TIER_ELITE;
  if (median_h < 168)
    return FD_DORA_TIER_HIGH;
  if (median_h < 720)
    return FD_DORA_TIER_MEDIUM;
  return FD_DORA_TIER_LOW;
}

FdDoraTier
fd_dora_tier_change_failure_rate (double rate)
{
  if (isnan (rate))
    return FD_DORA_TIER_NONE;
  if (rate <= 0.05)
    return FD_DORA_TIER_ELITE;
  if (rate <= 0.10)
    return FD_DORA_TIER_HIGH;
  if (rate <= 0.15)
    return FD_DORA_TIER_MEDIUM;
  return FD_DORA_TIER_LOW;
}

FdDoraTier
fd_dora_tier_time_to_restore (double median_min)
{
  if (isnan (median_min))
    return FD_DORA_TIER_NONE;
  if (median_min < 60)
    return FD_DORA_TIER_ELITE;
  if (median_min < 1440)
    return FD_DORA_TIER_HIGH;
  if (median_min < 10080)
    return FD_DORA_TIER_MEDIUM;
  return FD_DORA_TIER_LOW;
}

/* }}} */

/* Growable double array without GArray's per-call overhead. */
typedef struct
{
  double *v;
  gsize   n;
  gsize   cap;
} Values;

static inline void
values_add (Values *values,
            double  v)
{
  if (G_UNLIKELY (values->n == values->cap))
    {
      values->cap = MAX (64, values->cap * 2);
      values->v = g_renew (double, values->v, values->cap);
    }
  values->v[values->n++] = v;
}

static void
compute_canaries (FdMetrics  *m,
                  FdSnapshot *snapshot,
                  FdStr       env)
{
  gsize first, last, n_samples;
  const FdCanary *canaries = fd_snapshot_get_canaries (snapshot, NULL);
  const FdCanarySample *samples = fd_snapshot_get_samples (snapshot, &n_samples);
  g_autoptr(GHashTable) by_id = NULL;
  gint64 (*sums)[FD_VARIANT_N][2];
  double (*lat)[FD_VARIANT_N];

  fd_snapshot_canaries_range (snapshot, m->from, m->to, &first, &last);
  m->canaries = g_new0 (FdCanaryResult, MAX (last - first, 1));
  by_id = g_hash_table_new (NULL, NULL);

  for (gsize i = first; i < last; i++)
    {
      const FdCanary *c = &canaries[i];
      FdCanaryResult *r;
      gsize n_steps;
      const double *steps;

      if (!ENV_MATCHES (env, c))
        continue;
      r = &m->canaries[m->n_canaries];
      r->id = fd_snapshot_str (snapshot, c->id);
      r->canary = c;
      steps = fd_snapshot_get_steps (snapshot, c, &n_steps);
      r->progress = n_steps > 0 ? ratio (c->traffic_percent, steps[n_steps - 1]) : NAN;
      g_hash_table_insert (by_id, GUINT_TO_POINTER (c->id), GSIZE_TO_POINTER (m->n_canaries + 1));
      m->n_canaries++;
    }

  if (m->n_canaries == 0)
    return;

  sums = g_malloc0 (m->n_canaries * sizeof *sums);
  lat = g_malloc0 (m->n_canaries * sizeof *lat);

  fd_snapshot_samples_range (snapshot, m->from, m->to, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdCanarySample *s = &samples[i];
      gsize idx = GPOINTER_TO_SIZE (g_hash_table_lookup (by_id, GUINT_TO_POINTER (s->canary_id)));

      if (idx == 0 || s->variant >= FD_VARIANT_N)
        continue;
      idx--;
      sums[idx][s->variant][0] += s->errors;
      sums[idx][s->variant][1] += s->requests;
      lat[idx][s->variant] += s->latency_p95_ms;
      m->canaries[idx].n_samples[s->variant]++;
    }

  for (gsize i = 0; i < m->n_canaries; i++)
    {
      FdCanaryResult *r = &m->canaries[i];

      for (int v = 0; v < FD_VARIANT_N; v++)
        {
          r->error_rate[v] = ratio ((double) sums[i][v][0], (double) sums[i][v][1]);
          r->latency_p95_ms[v] = ratio (lat[i][v], (double) r->n_samples[v]);
        }
    }

  g_free (sums);
  g_free (lat);
}

/**
 * fd_metrics_compute:
 * @snapshot: a #FdSnapshot
 * @query: the window and filters
 *
 * Computes every metric of the event format spec. Only the records in the
 * window are touched (their bounds come from binary searches), and the
 * environment filter compares interned ids, so the cost is linear in the
 * window, not the history. A pure function: the previous period for KPI
 * deltas is simply another call with [from - span, from).
 *
 * Returns: (transfer full): the metrics; free with fd_metrics_free()
 */
FdMetrics *
fd_metrics_compute (FdSnapshot    *snapshot,
                    const FdQuery *query)
{
  FdMetrics *m;
  FdStr env;
  gsize first, last;
  Values durations = { 0 }, leads = { 0 }, ttr = { 0 };
  double tta_sum = 0;
  guint64 tta_n = 0, done = 0, bad = 0;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  m = g_new0 (FdMetrics, 1);
  m->snapshot = fd_snapshot_ref (snapshot);
  m->from = query->from;
  m->to = query->to;
  m->window_days = (double) (query->to - query->from) / US_PER_DAY;
  env = resolve_environment (snapshot, query->environment);

  /* Pipelines */
  {
    const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, NULL);
    guint64 by_status[FD_RUN_N_STATUS] = { 0 };
    double sum = 0;

    fd_snapshot_runs_range (snapshot, m->from, m->to, &first, &last);
    for (gsize i = first; i < last; i++)
      {
        const FdPipelineRun *r = &runs[i];

        if (!ENV_MATCHES (env, r))
          continue;
        by_status[r->status]++;
        if (r->status == FD_RUN_SUCCESS || r->status == FD_RUN_FAILED)
          {
            double d = (double) (r->finished_at - r->started_at) / US_PER_SECOND;

            values_add (&durations, d);
            sum += d;
          }
      }

    m->runs_success = by_status[FD_RUN_SUCCESS];
    m->runs_failed = by_status[FD_RUN_FAILED];
    m->runs_cancelled = by_status[FD_RUN_CANCELLED];
    m->runs_active = by_status[FD_RUN_RUNNING] + by_status[FD_RUN_QUEUED];
    m->runs_total = m->runs_success + m->runs_failed + m->runs_cancelled + m->runs_active;
    m->success_rate = ratio ((double) m->runs_success, (double) (m->runs_success + m->runs_failed));
    m->duration_mean_s = ratio (sum, (double) durations.n);
    m->duration_p95_s = fd_stats_percentile (durations.v, durations.n, 95);
    m->duration_p50_s = fd_stats_percentile (durations.v, durations.n, 50);
  }

  /* Deployments */
  {
    const FdDeployment *deps = fd_snapshot_get_deployments (snapshot, NULL);

    fd_snapshot_deployments_range (snapshot, m->from, m->to, &first, &last);
    for (gsize i = first; i < last; i++)
      {
        const FdDeployment *d = &deps[i];

        if (!ENV_MATCHES (env, d))
          continue;
        m->deployments_total++;
        if (d->status == FD_DEPLOY_SUCCESS)
          {
            m->deployments_success++;
            if (d->committed_at != FD_TIME_NONE && d->finished_at != FD_TIME_NONE)
              values_add (&leads, (double) (d->finished_at - d->committed_at) / US_PER_HOUR);
          }
        else if (d->status == FD_DEPLOY_FAILED || d->status == FD_DEPLOY_ROLLED_BACK)
          {
            m->deployments_failed++;
          }
        if (d->status != FD_DEPLOY_IN_PROGRESS)
          {
            done++;
            if (d->status == FD_DEPLOY_FAILED || d->status == FD_DEPLOY_ROLLED_BACK ||
                d->caused_incident)
              bad++;
          }
      }

    m->deployment_frequency_per_day = ratio ((double) m->deployments_success, m->window_days);
    m->lead_time_median_h = fd_stats_percentile (leads.v, leads.n, 50);
    m->change_failure_rate = ratio ((double) bad, (double) done);
  }

  /* Alerts */
  {
    const FdAlert *alerts = fd_snapshot_get_alerts (snapshot, NULL);
    double ttr_sum = 0;

    fd_snapshot_alerts_range (snapshot, m->from, m->to, &first, &last);
    for (gsize i = first; i < last; i++)
      {
        const FdAlert *a = &alerts[i];

        if (!ENV_MATCHES (env, a))
          continue;
        m->alerts_total++;
        m->alerts_by_severity[a->severity]++;
        m->alerts_by_status[a->status]++;
        if (a->status == FD_ALERT_RESOLVED && a->resolved_at != FD_TIME_NONE)
          {
            double v = (double) (a->resolved_at - a->started_at) / US_PER_MINUTE;

            values_add (&ttr, v);
            ttr_sum += v;
          }
        if (a->acknowledged_at != FD_TIME_NONE)
          {
            tta_sum += (double) (a->acknowledged_at - a->started_at) / US_PER_MINUTE;
            tta_n++;
          }
      }

    m->alerts_open = m->alerts_by_status[FD_ALERT_FIRING] +
                     m->alerts_by_status[FD_ALERT_ACKNOWLEDGED];
    m->mttr_min = ratio (ttr_sum, (double) ttr.n);
    m->time_to_restore_median_min = fd_stats_percentile (ttr.v, ttr.n, 50);
    m->mtta_min = ratio (tta_sum, (double) tta_n);
  }

  compute_canaries (m, snapshot, env);

  m->dora_deployment_frequency = fd_dora_tier_deployment_frequency (m->deployment_frequency_per_day);
  m->dora_lead_time = fd_dora_tier_lead_time (m->lead_time_median_h);
  m->dora_change_failure_rate = fd_dora_tier_change_failure_rate (m->change_failure_rate);
  m->dora_time_to_restore = fd_dora_tier_time_to_restore (m->time_to_restore_median_min);

  g_free (durations.v);
  g_free (leads.v);
  g_free (ttr.v);

  return m;
}

void
fd_metrics_free (FdMetrics *metrics)
{
  if (metrics == NULL)
    return;

  g_clear_pointer (&metrics->snapshot, fd_snapshot_unref);
  g_free (metrics->canaries);
  g_free (metrics);
}

/* JSON {{{ */

static void
json_key (GString    *buf,
          gboolean   *first,
          const char *key)
{
  if (!*first)
    g_string_append (buf, ", ");
  *first = FALSE;
  g_string_append_printf (buf, "\"%s\": ", key);
}

static void
json_string (GString    *buf,
             const char *str)
{
  g_string_append_c (buf, '"');
  for (const guchar *p = (const guchar *) str; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (buf, '\\');
          g_string_append_c (buf, (char) *p);
        }
      else if (*p < 0x20)
        {
          g_string_append_printf (buf, "\\u%04x", *p);
        }
      else
        {
          g_string_append_c (buf, (char) *p);
        }
    }
  g_string_append_c (buf, '"');
}

static void
json_count (GString    *buf,
            gboolean   *first,
            const char *key,
            guint64     v)
{
  json_key (buf, first, key);
  g_string_append_printf (buf, "%" G_GUINT64_FORMAT, v);
}

static void
json_number (GString    *buf,
             gboolean   *first,
             const char *key,
             double      v)
{
  json_key (buf, first, key);
  /* NAN is null; the shortest round-trip form keeps full precision. */
  fd_jsonl_format_number (buf, v);
}

static void
json_tier (GString    *buf,
           gboolean   *first,
           const char *key,
           FdDoraTier  tier)
{
  const char *name = fd_dora_tier_to_string (tier);

  json_key (buf, first, key);
  if (name != NULL)
    g_string_append_printf (buf, "\"%s\"", name);
  else
    g_string_append (buf, "null");
}

/**
 * fd_metrics_to_json:
 * @metrics: the metrics
 * @invalid_lines: the number of rejected lines of the file read
 *
 * Formats @metrics as the event format spec's reference output: one JSON
 * object with the spec's keys in the spec's order, counts as integers, other
 * numbers with full precision, and null for metrics without values.
 *
 * Returns: (transfer full): the JSON text, without a line end
 */
char *
fd_metrics_to_json (const FdMetrics *m,
                    guint64          invalid_lines)
{
  GString *buf;
  gboolean first = TRUE, inner;

  g_return_val_if_fail (m != NULL, NULL);

  buf = g_string_new ("{");
  json_number (buf, &first, "window_days", m->window_days);
  json_count (buf, &first, "runs_total", m->runs_total);
  json_count (buf, &first, "runs_success", m->runs_success);
  json_count (buf, &first, "runs_failed", m->runs_failed);
  json_count (buf, &first, "runs_cancelled", m->runs_cancelled);
  json_count (buf, &first, "runs_active", m->runs_active);
  json_number (buf, &first, "success_rate", m->success_rate);
  json_number (buf, &first, "duration_mean_s", m->duration_mean_s);
  json_number (buf, &first, "duration_p50_s", m->duration_p50_s);
  json_number (buf, &first, "duration_p95_s", m->duration_p95_s);
  json_count (buf, &first, "deployments_total", m->deployments_total);
  json_count (buf, &first, "deployments_success", m->deployments_success);
  json_count (buf, &first, "deployments_failed", m->deployments_failed);
  json_number (buf, &first, "deployment_frequency_per_day", m->deployment_frequency_per_day);
  json_number (buf, &first, "lead_time_median_h", m->lead_time_median_h);
  json_number (buf, &first, "change_failure_rate", m->change_failure_rate);
  json_count (buf, &first, "alerts_total", m->alerts_total);
  json_count (buf, &first, "alerts_open", m->alerts_open);

  json_key (buf, &first, "alerts_by_severity");
  g_string_append_c (buf, '{');
  inner = TRUE;
  for (int i = 0; i < FD_SEVERITY_N; i++)
    json_count (buf, &inner, fd_severity_to_string (i), m->alerts_by_severity[i]);
  g_string_append_c (buf, '}');

  json_key (buf, &first, "alerts_by_status");
  g_string_append_c (buf, '{');
  inner = TRUE;
  for (int i = 0; i < FD_ALERT_N_STATUS; i++)
    json_count (buf, &inner, fd_alert_status_to_string (i), m->alerts_by_status[i]);
  g_string_append_c (buf, '}');

  json_number (buf, &first, "mttr_min", m->mttr_min);
  json_number (buf, &first, "time_to_restore_median_min", m->time_to_restore_median_min);
  json_number (buf, &first, "mtta_min", m->mtta_min);

  json_key (buf, &first, "canaries");
  g_string_append_c (buf, '{');
  for (gsize i = 0; i < m->n_canaries; i++)
    {
      const FdCanaryResult *r = &m->canaries[i];
      gboolean f2 = TRUE;

      if (i > 0)
        g_string_append (buf, ", ");
      json_string (buf, r->id);
      g_string_append (buf, ": {");
      json_number (buf, &f2, "progress", r->progress);
      for (int v = 0; v < FD_VARIANT_N; v++)
        {
          gboolean f3 = TRUE;

          json_key (buf, &f2, fd_variant_to_string (v));
          g_string_append_c (buf, '{');
          json_number (buf, &f3, "error_rate", r->error_rate[v]);
          json_number (buf, &f3, "latency_p95_ms", r->latency_p95_ms[v]);
          g_string_append_c (buf, '}');
        }
      g_string_append_c (buf, '}');
    }
  g_string_append_c (buf, '}');

  json_key (buf, &first, "dora_tiers");
  g_string_append_c (buf, '{');
  inner = TRUE;
  json_tier (buf, &inner, "deployment_frequency", m->dora_deployment_frequency);
  json_tier (buf, &inner, "lead_time", m->dora_lead_time);
  json_tier (buf, &inner, "change_failure_rate", m->dora_change_failure_rate);
  json_tier (buf, &inner, "time_to_restore", m->dora_time_to_restore);
  g_string_append_c (buf, '}');

  json_count (buf, &first, "invalid_lines", invalid_lines);
  g_string_append_c (buf, '}');

  return g_string_free (buf, FALSE);
}

/* }}} */
