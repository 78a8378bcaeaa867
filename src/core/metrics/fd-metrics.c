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

/**
 * fd_dora_tier_to_string:
 * @tier: a #FdDoraTier
 *
 * Returns: (nullable): "elite", "high", "medium" or "low"; %NULL for
 *   %FD_DORA_TIER_NONE (a null metric)
 */
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

/**
 * fd_dora_tier_deployment_frequency:
 * @per_day: successful deployments per day, or NAN
 *
 * The 2023 State of DevOps bands as Apache DevLake encodes them; the other
 * fd_dora_tier_*() functions use the bands of the spec's table likewise.
 *
 * Returns: the tier; %FD_DORA_TIER_NONE for NAN
 */
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

/* A small open-addressing map from a canary's interned id to its position
 * (+ 1) in the result: a query looks up every sample in the window, and a
 * GHashTable's per-lookup overhead was a large part of a 30-day query. */
typedef struct
{
  guint32 *keys;    /* FD_STR_NONE marks an empty slot */
  guint32 *values;
  guint32  mask;
} IdMap;

static void
id_map_init (IdMap *map,
             gsize  n)
{
  gsize cap = 16;

  while (cap < 2 * n)
    cap *= 2;
  map->keys = g_new0 (guint32, cap);
  map->values = g_new0 (guint32, cap);
  map->mask = (guint32) (cap - 1);
}

static void
id_map_clear (IdMap *map)
{
  g_clear_pointer (&map->keys, g_free);
  g_clear_pointer (&map->values, g_free);
}

static inline guint32
id_map_slot (const IdMap *map,
             FdStr        key)
{
  guint32 i = (key * 2654435761u) & map->mask;

  while (map->keys[i] != FD_STR_NONE && map->keys[i] != key)
    i = (i + 1) & map->mask;
  return i;
}

static void
id_map_insert (IdMap  *map,
               FdStr   key,
               guint32 value)
{
  guint32 i = id_map_slot (map, key);

  map->keys[i] = key;
  map->values[i] = value;
}

static inline guint32
id_map_lookup (const IdMap *map,
               FdStr        key)
{
  return map->values[id_map_slot (map, key)];
}

static void
compute_canaries (FdMetrics  *m,
                  FdSnapshot *snapshot,
                  FdStr       env)
{
  gsize first, last, n_samples;
  const FdCanary *canaries = fd_snapshot_get_canaries (snapshot, NULL);
  const FdCanarySample *samples = fd_snapshot_get_samples (snapshot, &n_samples);
  IdMap by_id;
  gint64 (*sums)[FD_VARIANT_N][2];
  double (*lat)[FD_VARIANT_N];

  fd_snapshot_canaries_range (snapshot, m->from, m->to, &first, &last);
  m->canaries = g_new0 (FdCanaryResult, MAX (last - first, 1));
  id_map_init (&by_id, last - first);

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
      if (c->id != FD_STR_NONE)
        id_map_insert (&by_id, c->id, (guint32) m->n_canaries + 1);
      m->n_canaries++;
    }

  if (m->n_canaries == 0)
    {
      id_map_clear (&by_id);
      return;
    }

  sums = g_malloc0 (m->n_canaries * sizeof *sums);
  lat = g_malloc0 (m->n_canaries * sizeof *lat);

  fd_snapshot_samples_range (snapshot, m->from, m->to, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdCanarySample *s = &samples[i];
      gsize idx = s->canary_id != FD_STR_NONE ? id_map_lookup (&by_id, s->canary_id) : 0;

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
  id_map_clear (&by_id);
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
    /* One allocation up front instead of a doubling for every power of two. */
    durations.cap = MAX (last - first, 1);
    durations.v = g_new (double, durations.cap);
    for (gsize i = first; i < last; i++)
      {
        const FdPipelineRun *r = &runs[i];

        if (!ENV_MATCHES (env, r))
          continue;
        by_status[r->status]++;
        /* The reader guarantees finished_at for these; other providers may not. */
        if ((r->status == FD_RUN_SUCCESS || r->status == FD_RUN_FAILED) &&
            r->finished_at != FD_TIME_NONE)
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
    {
      static const double ps[] = { 50, 95 };
      double out[G_N_ELEMENTS (ps)];

      fd_stats_percentiles (durations.v, durations.n, ps, G_N_ELEMENTS (ps), out);
      m->duration_p50_s = out[0];
      m->duration_p95_s = out[1];
    }
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

  m->dora_deployment_frequency =
    fd_dora_tier_deployment_frequency (m->deployment_frequency_per_day);
  m->dora_lead_time = fd_dora_tier_lead_time (m->lead_time_median_h);
  m->dora_change_failure_rate = fd_dora_tier_change_failure_rate (m->change_failure_rate);
  m->dora_time_to_restore = fd_dora_tier_time_to_restore (m->time_to_restore_median_min);

  g_free (durations.v);
  g_free (leads.v);
  g_free (ttr.v);

  return m;
}

/**
 * fd_metrics_free:
 * @metrics: (nullable) (transfer full): metrics from fd_metrics_compute()
 */
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
      {
        gsize len;
        const char *id = fd_snapshot_str_len (m->snapshot, r->canary->id, &len);

        fd_jsonl_append_string_len (buf, id, len);
      }
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

/* Dashboard {{{ */

#define MINUTE_US G_GINT64_CONSTANT (60000000)
#define HOUR_US   (60 * MINUTE_US)
#define DAY_US    (24 * HOUR_US)
#define MAX_BUCKETS 200

/**
 * fd_metrics_pick_bucket:
 * @from: start of the window
 * @to: end of the window (excluded)
 *
 * Chooses a bucket width that gives charts enough points to show a shape
 * and few enough to stay readable: the smallest of 1 min, 5 min, 15 min,
 * 1 h, 3 h, 6 h and 1 day that gives at most 200 buckets. Windows longer
 * than 200 days get buckets of whole days.
 *
 * Returns: the width in microseconds
 */
FdTime
fd_metrics_pick_bucket (FdTime from,
                        FdTime to)
{
  static const FdTime widths[] = {
    MINUTE_US, 5 * MINUTE_US, 15 * MINUTE_US, HOUR_US, 3 * HOUR_US, 6 * HOUR_US, DAY_US,
  };
  FdTime span = to - from;

  if (span <= 0)
    return MINUTE_US;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      if ((span + widths[i] - 1) / widths[i] <= MAX_BUCKETS)
        return widths[i];
    }
  return ((span + MAX_BUCKETS * DAY_US - 1) / (MAX_BUCKETS * DAY_US)) * DAY_US;
}

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

typedef struct
{
  FdStr    key;
  guint64  runs, success, failed;
  Values   durations;
  double   sum;
} Group;

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  FdSnapshot *snapshot = user_data;
  const FdGroupStats *ga = a, *gb = b;

  return g_strcmp0 (fd_snapshot_str (snapshot, ga->key), fd_snapshot_str (snapshot, gb->key));
}

static FdGroupStats *
finish_groups (FdSnapshot *snapshot,
               Group      *groups,
               gsize       n_groups,
               gsize      *n_out)
{
  FdGroupStats *out = g_new0 (FdGroupStats, MAX (n_groups, 1));
  gsize n = 0;

  for (gsize i = 0; i < n_groups; i++)
    {
      Group *g = &groups[i];
      FdGroupStats *o;

      if (g->runs == 0)
        {
          g_free (g->durations.v);
          continue;
        }
      o = &out[n++];
      o->key = g->key;
      o->name = fd_snapshot_str (snapshot, g->key);
      o->runs = g->runs;
      o->success = g->success;
      o->failed = g->failed;
      o->success_rate = ratio ((double) g->success, (double) (g->success + g->failed));
      o->duration_mean_s = ratio (g->sum, (double) g->durations.n);
      {
        /* Both at once: a group holds up to all the window's runs, and two
         * quickselects over them were most of a 30-day dashboard. */
        static const double ps[] = { 95, 50 };
        double out[G_N_ELEMENTS (ps)];

        fd_stats_percentiles (g->durations.v, g->durations.n, ps, G_N_ELEMENTS (ps), out);
        o->duration_p95_s = out[0];
        o->duration_p50_s = out[1];
      }
      g_free (g->durations.v);
    }
  g_qsort_with_data (out, (gint) n, sizeof *out, compare_groups, snapshot);
  *n_out = n;
  return out;
}

typedef struct
{
  FdStr  pipeline;
  FdStr  commit;
  guint  runs, success, failed, flips;
  int    last_status;
  FdTime last_started_at;
} FlakyAcc;

static int
compare_flaky (gconstpointer a,
               gconstpointer b)
{
  const FdFlakyPipeline *fa = a, *fb = b;
  int cmp;

  if (fa->flips != fb->flips)
    return fa->flips > fb->flips ? -1 : 1;
  if (fa->runs != fb->runs)
    return fa->runs > fb->runs ? -1 : 1;
  if (fa->last_started_at != fb->last_started_at)
    return fa->last_started_at > fb->last_started_at ? -1 : 1;
  if ((cmp = g_strcmp0 (fa->pipeline, fb->pipeline)) != 0)
    return cmp;
  return g_strcmp0 (fa->commit, fb->commit);
}

static int
compare_named_counts (gconstpointer a,
                      gconstpointer b)
{
  const FdNamedCount *na = a, *nb = b;

  if (na->count != nb->count)
    return na->count > nb->count ? -1 : 1;
  return g_strcmp0 (na->name, nb->name);
}

static int
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  const FdCurrentVersion *va = a, *vb = b;
  int cmp = g_strcmp0 (va->service, vb->service);

  return cmp != 0 ? cmp : g_strcmp0 (va->environment, vb->environment);
}

/* Percentiles of consecutive slices: @offsets has n_buckets + 1 entries. */
static void
bucket_percentiles (Values       *values,
                    const gsize  *offsets,
                    gsize         n_buckets,
                    double        p,
                    double       *out)
{
  for (gsize k = 0; k < n_buckets; k++)
    out[k] = fd_stats_percentile (values->v + offsets[k], offsets[k + 1] - offsets[k], p);
}

static void
dashboard_runs (FdDashboard   *d,
                FdSnapshot    *snapshot,
                FdStr          env,
                const FdQuery *query,
                guint          top_n)
{
  const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, NULL);
  guint n_strings = fd_snapshot_get_n_strings (snapshot);
  g_autofree guint16 *env_group = g_new0 (guint16, n_strings);
  g_autofree guint16 *service_group = g_new0 (guint16, n_strings);
  const FdStr *env_ids, *service_ids;
  gsize n_envs, n_services, first, last;
  g_autofree Group *envs = NULL;
  g_autofree Group *services = NULL;
  g_autofree gsize *offsets = g_new0 (gsize, d->n_buckets + 1);
  g_autofree guint32 *flaky_slots = NULL;
  g_autoptr(GArray) flaky = g_array_new (FALSE, TRUE, sizeof (FlakyAcc));
  gsize flaky_mask;
  Values durations = { 0 };
  gsize bucket = 0;
  FdTime bucket_end = d->from + d->bucket_us;

  env_ids = fd_snapshot_get_environment_ids (snapshot, &n_envs);
  service_ids = fd_snapshot_get_service_ids (snapshot, &n_services);
  envs = g_new0 (Group, n_envs + 1);
  services = g_new0 (Group, n_services + 1);
  /* Group 0 catches ids that are not in the lists (none in practice). */
  for (gsize i = 0; i < n_envs && i < G_MAXUINT16 - 1; i++)
    {
      env_group[env_ids[i]] = (guint16) (i + 1);
      envs[i + 1].key = env_ids[i];
    }
  for (gsize i = 0; i < n_services && i < G_MAXUINT16 - 1; i++)
    {
      service_group[service_ids[i]] = (guint16) (i + 1);
      services[i + 1].key = service_ids[i];
    }

  fd_snapshot_runs_range (snapshot, d->from, d->to, &first, &last);

  /* Pipeline + commit pairs: an open-addressing index (at most half full)
   * into one array of accumulators, instead of an allocation per pair. */
  {
    gsize cap = 16;

    while (cap < 2 * (last - first))
      cap *= 2;
    flaky_slots = g_new0 (guint32, cap);
    flaky_mask = cap - 1;
  }

  for (gsize i = first; i < last; i++)
    {
      const FdPipelineRun *r = &runs[i];
      gsize k;
      gboolean finished = r->status == FD_RUN_SUCCESS || r->status == FD_RUN_FAILED;
      Group *ge, *gs;
      double dur = 0;
      FdTime local;
      gint64 days;
      int weekday, hour;

      if (!ENV_MATCHES (env, r))
        continue;

      /* Runs are sorted by time, so each bucket's durations are one slice,
       * and the bucket is found by stepping instead of a division per run. */
      while (r->started_at >= bucket_end)
        {
          offsets[++bucket] = durations.n;
          bucket_end += d->bucket_us;
        }
      k = bucket;

      d->runs_by_status[r->status][k]++;
      d->runs_total[k]++;

      ge = &envs[env_group[r->environment]];
      gs = &services[service_group[r->service]];
      ge->runs++;
      gs->runs++;
      if (finished)
        {
          /* Records from providers other than the reader may lack an end. */
          if (r->finished_at != FD_TIME_NONE)
            {
              dur = (double) (r->finished_at - r->started_at) / US_PER_SECOND;
              values_add (&durations, dur);
              values_add (&ge->durations, dur);
              values_add (&gs->durations, dur);
              ge->sum += dur;
              gs->sum += dur;
            }
          /* 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday. */
          local = r->started_at + (FdTime) query->tz_offset_s * 1000000;
          days = floor_div (local, DAY_US);
          weekday = (int) (((days + 3) % 7 + 7) % 7);
          hour = (int) ((local - days * DAY_US) / HOUR_US);
          d->finished_by_hour[weekday][hour]++;
          if (r->status == FD_RUN_SUCCESS)
            {
              ge->success++;
              gs->success++;
            }
          else
            {
              ge->failed++;
              gs->failed++;
              d->failures_by_hour[weekday][hour]++;
            }

          if (r->commit != FD_STR_NONE)
            {
              guint64 key = ((guint64) r->pipeline << 32) | r->commit;
              gsize slot = (gsize) ((key * 0x9E3779B97F4A7C15ull) >> 20) & flaky_mask;
              FlakyAcc *acc;

              while (flaky_slots[slot] != 0)
                {
                  acc = &g_array_index (flaky, FlakyAcc, flaky_slots[slot] - 1);
                  if (acc->pipeline == r->pipeline && acc->commit == r->commit)
                    break;
                  slot = (slot + 1) & flaky_mask;
                }
              if (flaky_slots[slot] == 0)
                {
                  g_array_set_size (flaky, flaky->len + 1);
                  flaky_slots[slot] = flaky->len;
                  acc = &g_array_index (flaky, FlakyAcc, flaky->len - 1);
                  acc->pipeline = r->pipeline;
                  acc->commit = r->commit;
                  acc->last_status = -1;
                }
              acc = &g_array_index (flaky, FlakyAcc, flaky_slots[slot] - 1);
              acc->runs++;
              if (r->status == FD_RUN_SUCCESS)
                acc->success++;
              else
                acc->failed++;
              if (acc->last_status >= 0 && acc->last_status != r->status)
                acc->flips++;
              acc->last_status = r->status;
              acc->last_started_at = r->started_at;
            }
        }
    }
  while (bucket < d->n_buckets)
    offsets[++bucket] = durations.n;

  for (gsize k = 0; k < d->n_buckets; k++)
    d->run_success_rate[k] = ratio ((double) d->runs_by_status[FD_RUN_SUCCESS][k],
                                    (double) (d->runs_by_status[FD_RUN_SUCCESS][k] +
                                              d->runs_by_status[FD_RUN_FAILED][k]));
  for (gsize k = 0; k < d->n_buckets; k++)
    d->run_duration_mean_s[k] = fd_stats_mean (durations.v + offsets[k], offsets[k + 1] - offsets[k]);
  bucket_percentiles (&durations, offsets, d->n_buckets, 95, d->run_duration_p95_s);
  bucket_percentiles (&durations, offsets, d->n_buckets, 50, d->run_duration_p50_s);
  g_free (durations.v);

  for (int w = 0; w < 7; w++)
    for (int h = 0; h < 24; h++)
      d->failure_rate_by_hour[w][h] = ratio (d->failures_by_hour[w][h], d->finished_by_hour[w][h]);

  g_free (envs[0].durations.v);
  g_free (services[0].durations.v);
  d->by_environment = finish_groups (snapshot, envs + 1, n_envs, &d->n_by_environment);
  d->by_service = finish_groups (snapshot, services + 1, n_services, &d->n_by_service);

  {
    GArray *list = g_array_new (FALSE, FALSE, sizeof (FdFlakyPipeline));

    for (guint j = 0; j < flaky->len; j++)
      {
        const FlakyAcc *acc = &g_array_index (flaky, FlakyAcc, j);
        FdFlakyPipeline f;

        if (acc->success == 0 || acc->failed == 0)
          continue;
        f.pipeline = fd_snapshot_str (snapshot, acc->pipeline);
        f.commit = fd_snapshot_str (snapshot, acc->commit);
        f.runs = acc->runs;
        f.success = acc->success;
        f.failed = acc->failed;
        f.flips = acc->flips;
        f.last_started_at = acc->last_started_at;
        g_array_append_val (list, f);
      }
    g_array_sort (list, compare_flaky);
    if (list->len > top_n)
      g_array_set_size (list, top_n);
    d->n_flaky = list->len;
    d->flaky = (FdFlakyPipeline *) (void *) g_array_free (list, FALSE);
  }
}

static void
dashboard_deployments (FdDashboard   *d,
                       FdSnapshot    *snapshot,
                       FdStr          env,
                       const FdQuery *query)
{
  gsize n_deps, first, last;
  const FdDeployment *deps = fd_snapshot_get_deployments (snapshot, &n_deps);
  g_autofree guint32 *done = g_new0 (guint32, MAX (d->n_buckets, 1));
  g_autofree guint32 *bad = g_new0 (guint32, MAX (d->n_buckets, 1));
  g_autofree gsize *offsets = g_new0 (gsize, d->n_buckets + 1);
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) env_index = g_hash_table_new (NULL, NULL);
  Values leads = { 0 };
  gsize bucket = 0;
  FdTime tz = (FdTime) query->tz_offset_s * 1000000;

  /* Days × environments. */
  {
    const FdStr *env_ids;
    gsize n_envs;

    env_ids = fd_snapshot_get_environment_ids (snapshot, &n_envs);
    d->day_environments = g_new0 (const char *, n_envs + 1);
    for (gsize i = 0; i < n_envs; i++)
      {
        if (env != FD_STR_NONE && env_ids[i] != env)
          continue;
        g_hash_table_insert (env_index, GUINT_TO_POINTER (env_ids[i]),
                             GSIZE_TO_POINTER (d->n_day_environments + 1));
        d->day_environments[d->n_day_environments++] = fd_snapshot_str (snapshot, env_ids[i]);
      }
    d->first_day = floor_div (d->from + tz, DAY_US) * DAY_US - tz;
    d->n_days = d->to > d->first_day ? (gsize) ((d->to - d->first_day + DAY_US - 1) / DAY_US) : 0;
    d->deployments_per_day = g_new0 (guint32, MAX (d->n_days * d->n_day_environments, 1));
  }

  fd_snapshot_deployments_range (snapshot, d->from, d->to, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdDeployment *dep = &deps[i];
      gsize k = (gsize) ((dep->started_at - d->from) / d->bucket_us);
      gsize day = (gsize) ((dep->started_at - d->first_day) / DAY_US);
      gsize e;

      if (!ENV_MATCHES (env, dep))
        continue;
      while (bucket < k)
        offsets[++bucket] = leads.n;

      d->deployments_total[k]++;
      if (dep->status == FD_DEPLOY_SUCCESS)
        {
          d->deployments_success[k]++;
          if (dep->committed_at != FD_TIME_NONE && dep->finished_at != FD_TIME_NONE)
            values_add (&leads, (double) (dep->finished_at - dep->committed_at) / US_PER_HOUR);
        }
      else if (dep->status == FD_DEPLOY_FAILED || dep->status == FD_DEPLOY_ROLLED_BACK)
        {
          d->deployments_failed[k]++;
        }
      if (dep->status != FD_DEPLOY_IN_PROGRESS)
        {
          done[k]++;
          if (dep->status == FD_DEPLOY_FAILED || dep->status == FD_DEPLOY_ROLLED_BACK ||
              dep->caused_incident)
            bad[k]++;
        }

      e = GPOINTER_TO_SIZE (g_hash_table_lookup (env_index, GUINT_TO_POINTER (dep->environment)));
      if (e > 0 && day < d->n_days)
        d->deployments_per_day[day * d->n_day_environments + e - 1]++;
    }
  while (bucket < d->n_buckets)
    offsets[++bucket] = leads.n;

  for (gsize k = 0; k < d->n_buckets; k++)
    d->change_failure_rate[k] = ratio (bad[k], done[k]);
  bucket_percentiles (&leads, offsets, d->n_buckets, 50, d->lead_time_median_h);
  g_free (leads.v);

  /* Current versions look at the whole history up to the end of the window. */
  fd_snapshot_deployments_range (snapshot, G_MININT64, d->to, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdDeployment *dep = &deps[i];
      gint64 key;
      FdCurrentVersion *cv;

      if (!ENV_MATCHES (env, dep) || dep->status != FD_DEPLOY_SUCCESS ||
          dep->finished_at == FD_TIME_NONE || dep->finished_at > d->to)
        continue;
      key = ((gint64) dep->service << 32) | dep->environment;
      cv = g_hash_table_lookup (current, &key);
      if (cv == NULL)
        {
          gint64 *k2 = g_new (gint64, 1);

          *k2 = key;
          cv = g_new0 (FdCurrentVersion, 1);
          cv->finished_at = G_MININT64;
          g_hash_table_insert (current, k2, cv);
        }
      if (dep->finished_at >= cv->finished_at)
        {
          cv->service = fd_snapshot_str (snapshot, dep->service);
          cv->environment = fd_snapshot_str (snapshot, dep->environment);
          cv->version = fd_snapshot_str (snapshot, dep->version);
          cv->finished_at = dep->finished_at;
        }
    }
  {
    GHashTableIter iter;
    FdCurrentVersion *cv;
    gsize n = 0;

    d->current_versions = g_new0 (FdCurrentVersion, MAX (g_hash_table_size (current), 1));
    g_hash_table_iter_init (&iter, current);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &cv))
      {
        d->current_versions[n++] = *cv;
        g_free (cv);
      }
    d->n_current_versions = n;
    qsort (d->current_versions, n, sizeof (FdCurrentVersion), compare_versions);
  }
}

static void
dashboard_alerts (FdDashboard *d,
                  FdSnapshot  *snapshot,
                  FdStr        env,
                  guint        top_n)
{
  const FdAlert *alerts = fd_snapshot_get_alerts (snapshot, NULL);
  g_autofree double *ttr_sum = g_new0 (double, MAX (d->n_buckets, 1));
  g_autofree guint32 *ttr_n = g_new0 (guint32, MAX (d->n_buckets, 1));
  g_autofree double *tta_sum = g_new0 (double, MAX (d->n_buckets, 1));
  g_autofree guint32 *tta_n = g_new0 (guint32, MAX (d->n_buckets, 1));
  g_autoptr(GHashTable) names = g_hash_table_new (NULL, NULL);
  gsize first, last;

  fd_snapshot_alerts_range (snapshot, d->from, d->to, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdAlert *a = &alerts[i];
      gsize k = (gsize) ((a->started_at - d->from) / d->bucket_us);
      gsize count;

      if (!ENV_MATCHES (env, a))
        continue;
      d->alerts_by_severity[a->severity][k]++;
      d->alerts_total[k]++;
      if (a->status == FD_ALERT_RESOLVED && a->resolved_at != FD_TIME_NONE)
        {
          ttr_sum[k] += (double) (a->resolved_at - a->started_at) / US_PER_MINUTE;
          ttr_n[k]++;
        }
      /* The same quantity that fd_metrics_compute() averages into mtta_min. */
      if (a->acknowledged_at != FD_TIME_NONE)
        {
          tta_sum[k] += (double) (a->acknowledged_at - a->started_at) / US_PER_MINUTE;
          tta_n[k]++;
        }
      count = GPOINTER_TO_SIZE (g_hash_table_lookup (names, GUINT_TO_POINTER (a->name)));
      g_hash_table_insert (names, GUINT_TO_POINTER (a->name), GSIZE_TO_POINTER (count + 1));
    }

  for (gsize k = 0; k < d->n_buckets; k++)
    {
      d->mttr_min[k] = ratio (ttr_sum[k], ttr_n[k]);
      d->mtta_min[k] = ratio (tta_sum[k], tta_n[k]);
    }

  {
    GHashTableIter iter;
    gpointer key, value;
    gsize n = 0;

    d->noisy_alerts = g_new0 (FdNamedCount, MAX (g_hash_table_size (names), 1));
    g_hash_table_iter_init (&iter, names);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        d->noisy_alerts[n].name = fd_snapshot_str (snapshot, GPOINTER_TO_UINT (key));
        d->noisy_alerts[n].count = GPOINTER_TO_SIZE (value);
        n++;
      }
    qsort (d->noisy_alerts, n, sizeof (FdNamedCount), compare_named_counts);
    d->n_noisy_alerts = MIN (n, top_n);
  }
}

static void
dashboard_canaries (FdDashboard *d,
                    FdSnapshot  *snapshot,
                    FdStr        env)
{
  const FdCanary *canaries = fd_snapshot_get_canaries (snapshot, NULL);
  const FdCanarySample *samples = fd_snapshot_get_samples (snapshot, NULL);
  g_autoptr(GHashTable) by_id = g_hash_table_new (NULL, NULL);
  g_autofree gsize *caps = NULL;
  gsize first, last;

  fd_snapshot_canaries_range (snapshot, d->from, d->to, &first, &last);
  d->canaries = g_new0 (FdCanarySeries, MAX (last - first, 1));
  for (gsize i = first; i < last; i++)
    {
      if (!ENV_MATCHES (env, &canaries[i]))
        continue;
      d->canaries[d->n_canaries].id = fd_snapshot_str (snapshot, canaries[i].id);
      g_hash_table_insert (by_id, GUINT_TO_POINTER (canaries[i].id),
                           GSIZE_TO_POINTER (d->n_canaries + 1));
      d->n_canaries++;
    }
  if (d->n_canaries == 0)
    return;

  caps = g_new0 (gsize, d->n_canaries * FD_VARIANT_N);
  fd_snapshot_samples_range (snapshot, d->from, d->to, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdCanarySample *s = &samples[i];
      gsize idx = GPOINTER_TO_SIZE (g_hash_table_lookup (by_id, GUINT_TO_POINTER (s->canary_id)));
      FdCanarySeries *cs;
      gsize *cap, n;
      int v = s->variant;

      if (idx == 0 || v >= FD_VARIANT_N)
        continue;
      cs = &d->canaries[idx - 1];
      cap = &caps[(idx - 1) * FD_VARIANT_N + v];
      n = cs->n_points[v];
      if (n == *cap)
        {
          *cap = MAX (16, *cap * 2);
          cs->at[v] = g_renew (FdTime, cs->at[v], *cap);
          cs->error_rate[v] = g_renew (double, cs->error_rate[v], *cap);
          cs->latency_p95_ms[v] = g_renew (double, cs->latency_p95_ms[v], *cap);
        }
      cs->at[v][n] = s->at;
      cs->error_rate[v][n] = ratio ((double) s->errors, (double) s->requests);
      cs->latency_p95_ms[v][n] = s->latency_p95_ms;
      cs->n_points[v]++;
    }
}

/**
 * fd_dashboard_compute:
 * @snapshot: a #FdSnapshot
 * @query: the window and filters
 *
 * Computes the series and tables of the dashboard pages for @query: per
 * bucket counts, rates and percentiles (also the KPI sparklines), the
 * per-environment and per-service breakdowns, flaky pipelines, the weekday
 * × hour failure table, deployments per day and environment, the current
 * version of each service in each environment, noisy alerts and the
 * per-sample canary series. Like fd_metrics_compute(), it touches only the
 * window's records (current versions: the deployments before @query's end)
 * and is a pure function, safe to run on a worker thread.
 *
 * Returns: (transfer full): the dashboard data; free with fd_dashboard_free()
 */
FdDashboard *
fd_dashboard_compute (FdSnapshot    *snapshot,
                      const FdQuery *query)
{
  FdDashboard *d;
  FdStr env;
  guint top_n;
  gsize nb;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  d = g_new0 (FdDashboard, 1);
  d->snapshot = fd_snapshot_ref (snapshot);
  d->from = query->from;
  d->to = MAX (query->to, query->from);
  d->bucket_us = fd_metrics_pick_bucket (d->from, d->to);
  d->n_buckets = (gsize) ((d->to - d->from + d->bucket_us - 1) / d->bucket_us);
  nb = MAX (d->n_buckets, 1);
  env = resolve_environment (snapshot, query->environment);
  top_n = query->top_n > 0 ? query->top_n : 10;

  for (int s = 0; s < FD_RUN_N_STATUS; s++)
    d->runs_by_status[s] = g_new0 (guint32, nb);
  d->runs_total = g_new0 (guint32, nb);
  d->run_success_rate = g_new0 (double, nb);
  d->run_duration_mean_s = g_new0 (double, nb);
  d->run_duration_p50_s = g_new0 (double, nb);
  d->run_duration_p95_s = g_new0 (double, nb);
  d->deployments_total = g_new0 (guint32, nb);
  d->deployments_success = g_new0 (guint32, nb);
  d->deployments_failed = g_new0 (guint32, nb);
  d->change_failure_rate = g_new0 (double, nb);
  d->lead_time_median_h = g_new0 (double, nb);
  for (int s = 0; s < FD_SEVERITY_N; s++)
    d->alerts_by_severity[s] = g_new0 (guint32, nb);
  d->alerts_total = g_new0 (guint32, nb);
  d->mttr_min = g_new0 (double, nb);
  d->mtta_min = g_new0 (double, nb);

  dashboard_runs (d, snapshot, env, query, top_n);
  dashboard_deployments (d, snapshot, env, query);
  dashboard_alerts (d, snapshot, env, top_n);
  dashboard_canaries (d, snapshot, env);

  return d;
}

/**
 * fd_dashboard_free:
 * @d: (nullable) (transfer full): data from fd_dashboard_compute()
 */
void
fd_dashboard_free (FdDashboard *d)
{
  if (d == NULL)
    return;

  for (int s = 0; s < FD_RUN_N_STATUS; s++)
    g_free (d->runs_by_status[s]);
  g_free (d->runs_total);
  g_free (d->run_success_rate);
  g_free (d->run_duration_mean_s);
  g_free (d->run_duration_p50_s);
  g_free (d->run_duration_p95_s);
  g_free (d->by_environment);
  g_free (d->by_service);
  g_free (d->flaky);
  g_free (d->deployments_total);
  g_free (d->deployments_success);
  g_free (d->deployments_failed);
  g_free (d->change_failure_rate);
  g_free (d->lead_time_median_h);
  g_free (d->day_environments);
  g_free (d->deployments_per_day);
  g_free (d->current_versions);
  for (int s = 0; s < FD_SEVERITY_N; s++)
    g_free (d->alerts_by_severity[s]);
  g_free (d->alerts_total);
  g_free (d->mttr_min);
  g_free (d->mtta_min);
  g_free (d->noisy_alerts);
  for (gsize i = 0; i < d->n_canaries; i++)
    {
      for (int v = 0; v < FD_VARIANT_N; v++)
        {
          g_free (d->canaries[i].at[v]);
          g_free (d->canaries[i].error_rate[v]);
          g_free (d->canaries[i].latency_p95_ms[v]);
        }
    }
  g_free (d->canaries);
  g_clear_pointer (&d->snapshot, fd_snapshot_unref);
  g_free (d);
}

/* }}} */
