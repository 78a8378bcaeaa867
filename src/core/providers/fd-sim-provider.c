/* fd-sim-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sim-provider"

#include "config.h"

#include "fd-sim-provider.h"

#include "fd-action-store.h"

#include <math.h>
#include <string.h>

/*
 * How the simulator stays deterministic: time is cut into one-hour slots.
 * Everything that *starts* in a slot (runs, releases and the deployments,
 * canaries, samples and incident alerts that follow from a release,
 * background alerts) is drawn from a PRNG seeded with (seed, stream, slot),
 * and its whole life is decided at once. What is emitted for a window is the
 * state of those records at the window's end. Advancing from `prev` to `to`
 * regenerates the slots that may still hold in-flight records (LOOKBACK_SLOTS
 * back) and emits only records that started after `prev`, plus new versions
 * of those whose state changed in between. Every life, from the slot of
 * origin to the last change, is kept shorter than the lookback.
 */

#define SECOND         ((FdTime) G_USEC_PER_SEC)
#define MINUTE         (60 * SECOND)
#define HOUR           (60 * MINUTE)
#define LOOKBACK_SLOTS 96
#define SAMPLE_PERIOD  (5 * MINUTE)
#define N_STEPS        4

enum {
  STREAM_SERVICE = 1,
  STREAM_RUNS,
  STREAM_RUN_ITEM,
  STREAM_RELEASE,
  STREAM_BG_ALERTS,
  STREAM_ALERT_ITEM,
  STREAM_SAMPLE,
  STREAM_COMMIT,
};

static const char * const service_names[FD_SIM_MAX_SERVICES] = {
  "checkout", "payments", "cart", "search", "catalog", "auth", "notifications", "inventory",
  "shipping", "recommendations", "gateway", "reviews", "pricing", "orders", "accounts", "media",
  "analytics", "billing", "ledger", "fraud", "email", "sessions", "profile", "config",
};

static const char * const default_environments[] = { "development", "staging", "production", NULL };

static const double canary_steps[N_STEPS] = { 5, 25, 50, 100 };

static const char * const incident_names[] = {
  "HighErrorRate", "HighLatency", "ErrorBudgetBurn", "PodCrashLooping", "SaturationHigh",
};
static const char * const background_names[] = {
  "DiskPressure", "CertificateExpiring", "CPUThrottling", "MemoryPressure", "QueueBacklog",
  "HighLatency",
};

/* ---- PRNG: splitmix64, stable across platforms and GLib versions ---- */

typedef struct
{
  guint64 s;
} Rng;

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
rng_init (Rng     *r,
          guint64  seed,
          guint64  stream,
          guint64  a,
          guint64  b)
{
  r->s = mix64 (seed ^ mix64 (stream * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + a) ^
                mix64 (b + G_GUINT64_CONSTANT (0x632be59bd9b4e019)));
}

static inline guint64
rng_next (Rng *r)
{
  r->s += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix64 (r->s);
}

static inline double
rng_uniform (Rng *r)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline guint
rng_below (Rng   *r,
           guint  n)
{
  return (guint) (rng_uniform (r) * n);
}

static double
rng_normal (Rng *r)
{
  double u1 = rng_uniform (r);
  double u2 = rng_uniform (r);

  if (u1 < 1e-300)
    u1 = 1e-300;
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static double
rng_lognormal (Rng    *r,
               double  median,
               double  sigma)
{
  return median * exp (sigma * rng_normal (r));
}

static guint
rng_poisson (Rng    *r,
             double  lambda)
{
  if (lambda <= 0)
    return 0;

  if (lambda < 30)
    {
      double l = exp (-lambda);
      double p = 1.0;
      guint k = 0;

      do
        {
          k++;
          p *= rng_uniform (r);
        }
      while (p > l);
      return k - 1;
    }

  return (guint) MAX (0.0, floor (lambda + sqrt (lambda) * rng_normal (r) + 0.5));
}

static FdTime
clamp_time (double seconds,
            double min_s,
            double max_s)
{
  return (FdTime) (CLAMP (seconds, min_s, max_s) * SECOND);
}

/* ---- Seasonality ---- */

static inline gint64
slot_of (FdTime t)
{
  /* Floor division, so times before 1970 still land in the right slot. */
  return t >= 0 ? t / HOUR : -((-t + HOUR - 1) / HOUR);
}

static inline int
day_of_week (gint64 slot)
{
  gint64 day = slot >= 0 ? slot / 24 : -((-slot + 23) / 24);

  /* 1970-01-01 was a Thursday; 0 is Monday. */
  return (int) (((day + 3) % 7 + 7) % 7);
}

static inline int
hour_of_day (gint64 slot)
{
  return (int) (((slot % 24) + 24) % 24);
}

static double
run_weight (gint64 slot)
{
  static const double by_hour[24] = {
    0.12, 0.1, 0.1, 0.1, 0.12, 0.15, 0.25, 0.5, 0.8, 1.0, 1.0, 1.0,
    0.9, 1.0, 1.0, 1.0, 0.95, 0.8, 0.55, 0.4, 0.3, 0.25, 0.2, 0.15,
  };
  double day = day_of_week (slot) >= 5 ? 0.22 : 1.0;

  return day * by_hour[hour_of_day (slot)];
}

static double
release_weight (gint64 slot)
{
  int dow = day_of_week (slot);
  int hour = hour_of_day (slot);

  if (dow >= 5)
    return 0.05;
  if (hour < 8 || hour > 17)
    return 0.06;
  /* Nobody likes to ship on a Friday afternoon. */
  if (dow == 4 && hour >= 14)
    return 0.3;
  return 1.0;
}

static double
weekly_mean (double (*weight) (gint64))
{
  double sum = 0;

  for (gint64 h = 0; h < 168; h++)
    sum += weight (h);
  return sum / 168.0;
}

/* ---- Generator context ---- */

typedef struct
{
  double duration_median_s;
  double failure_factor;
  double popularity;
  double rps;
  double error_rate;
  double latency_p50_ms;
  guint  major;
} ServiceTraits;

typedef struct
{
  const FdSimParams   *p;
  const char * const  *envs;
  guint                n_envs;
  guint                n_services;
  GHashTable          *actions;   /* id → GPtrArray of FdAction, sorted by at; nullable */
  GHashTable          *dirty;     /* ids touched by actions since the last emission; nullable */
  FdTime               from;
  FdTime               prev;
  FdTime               to;
  FdSnapshotBuilder   *b;

  ServiceTraits        traits[FD_SIM_MAX_SERVICES];
  double               popularity_total;
  double               run_rate_per_hour;
  double               release_rate_per_hour;
  guint                lanes;     /* releases a service may make per slot */

  FdStr                svc[FD_SIM_MAX_SERVICES];
  FdStr                pipeline[FD_SIM_MAX_SERVICES][3];
  FdStr                env[8];
  FdStr                main_branch;
  FdStr                triggers[4];
  FdStr                stage_names[3];
  FdStr                strategies[4];
} Gen;

enum { TRIGGER_PUSH, TRIGGER_MR, TRIGGER_SCHEDULE, TRIGGER_MANUAL };
enum { STRATEGY_ROLLING, STRATEGY_CANARY, STRATEGY_BLUE_GREEN, STRATEGY_RECREATE };

static void
gen_init (Gen                *g,
          const FdSimParams  *p,
          FdTime              from,
          FdTime              prev,
          FdTime              to,
          GHashTable         *actions,
          GHashTable         *dirty,
          FdSnapshotBuilder  *b)
{
  static const char * const trigger_names[] = { "push", "merge_request", "schedule", "manual" };
  static const char * const stage_names[] = { "build", "test", "deploy" };
  static const char * const strategy_names[] = { "rolling", "canary", "blue_green", "recreate" };
  static const char * const kinds[] = { "ci", "deploy", "nightly" };

  memset (g, 0, sizeof *g);
  g->p = p;
  g->envs = p->environments != NULL && p->environments[0] != NULL
            ? p->environments : default_environments;
  g->n_envs = MIN (g_strv_length ((char **) g->envs), G_N_ELEMENTS (g->env));
  g->n_services = CLAMP (p->n_services, 1, FD_SIM_MAX_SERVICES);
  g->from = from;
  g->prev = MAX (prev, from);
  g->to = to;
  g->actions = actions;
  g->dirty = dirty;
  g->b = b;

  for (guint s = 0; s < g->n_services; s++)
    {
      ServiceTraits *t = &g->traits[s];
      Rng r;

      rng_init (&r, p->seed, STREAM_SERVICE, s, 0);
      t->duration_median_s = 150 + 600 * rng_uniform (&r);
      t->failure_factor = 0.5 + 1.1 * rng_uniform (&r);
      /* A few services get most of the traffic, as in real monorepos. */
      t->popularity = 1.0 / (1.0 + 0.25 * s) * (0.7 + 0.6 * rng_uniform (&r));
      t->rps = 40 + 400 * rng_uniform (&r);
      t->error_rate = 0.001 + 0.006 * rng_uniform (&r);
      t->latency_p50_ms = 20 + 100 * rng_uniform (&r);
      t->major = 1 + rng_below (&r, 4);
      g->popularity_total += t->popularity;

      g->svc[s] = fd_snapshot_builder_intern (b, service_names[s]);
      for (guint k = 0; k < 3; k++)
        {
          char buf[64];

          g_snprintf (buf, sizeof buf, "%s/%s", service_names[s], kinds[k]);
          g->pipeline[s][k] = fd_snapshot_builder_intern (b, buf);
        }
    }

  for (guint e = 0; e < g->n_envs; e++)
    g->env[e] = fd_snapshot_builder_intern (b, g->envs[e]);
  g->main_branch = fd_snapshot_builder_intern (b, "main");
  for (guint i = 0; i < 4; i++)
    {
      g->triggers[i] = fd_snapshot_builder_intern (b, trigger_names[i]);
      g->strategies[i] = fd_snapshot_builder_intern (b, strategy_names[i]);
    }
  for (guint i = 0; i < 3; i++)
    g->stage_names[i] = fd_snapshot_builder_intern (b, stage_names[i]);

  g->run_rate_per_hour = MAX (p->runs_per_day, 0) / 24.0 / weekly_mean (run_weight);
  /* Some releases stop before production; scale so production sees deploys_per_day. */
  g->release_rate_per_hour = MAX (p->deploys_per_day, 0) / 0.88 / g->n_services / 24.0 /
                             weekly_mean (release_weight);
  /* At high rates a service releases several times an hour: each slot then has
   * several lanes, each releasing at most once. */
  g->lanes = CLAMP ((guint) ceil (g->release_rate_per_hour / 0.5), 1, 64);
}

static gboolean
is_dirty (Gen        *g,
          const char *id)
{
  return g->dirty != NULL && g_hash_table_contains (g->dirty, id);
}

static GPtrArray *
actions_for (Gen        *g,
             const char *id)
{
  return g->actions != NULL ? g_hash_table_lookup (g->actions, id) : NULL;
}

/* Whether a record that started at @start and whose state key at prev and
 * to is given must be emitted now. */
static gboolean
should_emit (Gen        *g,
             FdTime      start,
             guint64     key_prev,
             guint64     key_to,
             const char *id)
{
  if (start < g->from || start >= g->to)
    return FALSE;
  if (start >= g->prev)
    return TRUE;
  return key_prev != key_to || (id != NULL && is_dirty (g, id));
}

static guint
pick_service (Gen *g,
              Rng *r)
{
  double x = rng_uniform (r) * g->popularity_total;

  for (guint s = 0; s < g->n_services; s++)
    {
      x -= g->traits[s].popularity;
      if (x < 0)
        return s;
    }
  return g->n_services - 1;
}

static double
env_failure_factor (Gen   *g,
                    guint  e)
{
  if (g->n_envs < 2)
    return 1.0;
  /* Development breaks most, production least. */
  return 1.4 - 0.95 * e / (double) (g->n_envs - 1);
}

static FdStr
intern_commit (Gen     *g,
               guint64  a,
               guint64  b)
{
  char buf[48];
  Rng r;
  guint64 x, y, z;

  rng_init (&r, g->p->seed, STREAM_COMMIT, a, b);
  x = rng_next (&r);
  y = rng_next (&r);
  z = rng_next (&r);
  g_snprintf (buf, sizeof buf, "%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x%08x",
              x, y, (guint) (z >> 32));
  return fd_snapshot_builder_intern (g->b, buf);
}

/* ---- Pipeline runs ---- */

typedef struct
{
  FdTime start;
  FdTime run_start;               /* after queueing */
  FdTime stage_end[3];
  FdTime end;
  guint  n_stages;
  guint8 final_status;
  guint8 stage_status[3];
} SimRun;

static guint64
run_key (const SimRun *run,
         FdTime        t)
{
  guint done = 0;

  if (t < run->run_start)
    return FD_RUN_QUEUED;
  if (t >= run->end)
    return 16 + run->final_status;
  for (guint i = 0; i < run->n_stages; i++)
    done += run->stage_end[i] <= t;
  return 32 + done;
}

static void
emit_run (Gen          *g,
          const SimRun *run,
          FdPipelineRun *rec)
{
  FdStage stages[3];
  FdTime t = g->to;

  rec->started_at = run->start;
  if (t < run->run_start)
    {
      rec->status = FD_RUN_QUEUED;
      rec->finished_at = FD_TIME_NONE;
    }
  else if (t < run->end)
    {
      rec->status = FD_RUN_RUNNING;
      rec->finished_at = FD_TIME_NONE;
    }
  else
    {
      rec->status = run->final_status;
      rec->finished_at = run->end;
    }

  for (guint i = 0; i < run->n_stages; i++)
    {
      FdTime begin = i == 0 ? run->run_start : run->stage_end[i - 1];

      stages[i].name = g->stage_names[i];
      if (run->stage_end[i] <= t)
        {
          stages[i].status = run->stage_status[i];
          stages[i].duration_s = (float) ((run->stage_end[i] - begin) / (double) SECOND);
        }
      else
        {
          /* Stages not finished yet: the one in progress runs, the rest wait. */
          stages[i].status = begin <= t && t >= run->run_start ? FD_RUN_RUNNING : FD_RUN_QUEUED;
          stages[i].duration_s = 0.0f;
        }
    }

  fd_snapshot_builder_add_run (g->b, rec, stages, run->n_stages);
}

static void
gen_runs (Gen    *g,
          gint64  slot)
{
  FdTime slot_start = slot * HOUR;
  Rng r;
  guint n;

  /* Runs start inside their slot: nothing to do for slots wholly outside. */
  if (slot_start >= g->to || slot_start + HOUR <= g->from)
    return;
  if (slot_start + HOUR + 4 * HOUR <= g->prev)
    return;   /* every run of this slot ended before prev */

  rng_init (&r, g->p->seed, STREAM_RUNS, (guint64) slot, 0);
  n = rng_poisson (&r, g->run_rate_per_hour * run_weight (slot));

  for (guint i = 0; i < n; i++)
    {
      FdPipelineRun rec = { 0, };
      SimRun run;
      Rng ri;
      guint s, e, kind, trigger, fail_stage;
      double u, fail_p, duration_s, frac[3];
      gboolean failed, cancelled, with_stages;
      guint branch_k = 0;
      char id[48];

      rng_init (&ri, g->p->seed, STREAM_RUN_ITEM, (guint64) slot, i);
      run.start = slot_start + (FdTime) (rng_uniform (&ri) * HOUR);
      if (run.start < g->from || run.start >= g->to)
        continue;

      s = pick_service (g, &ri);
      u = rng_uniform (&ri);
      /* Development gets most runs, production the fewest. */
      e = g->n_envs <= 1 ? 0 : (u < 0.55 ? 0 : (u < 0.83 || g->n_envs == 2 ? 1 : g->n_envs - 1));
      if (g->n_envs > 3 && e == 1)
        e = 1 + rng_below (&ri, g->n_envs - 2);
      u = rng_uniform (&ri);
      kind = u < 0.72 ? 0 : (u < 0.95 ? 1 : 2);
      u = rng_uniform (&ri);
      if (kind == 2)
        trigger = TRIGGER_SCHEDULE;
      else if (kind == 1)
        trigger = u < 0.3 ? TRIGGER_MANUAL : TRIGGER_PUSH;
      else
        trigger = u < 0.55 ? TRIGGER_PUSH : TRIGGER_MR;
      if (kind == 0 && rng_uniform (&ri) < 0.5)
        branch_k = 1 + rng_below (&ri, 6);

      duration_s = rng_lognormal (&ri, g->traits[s].duration_median_s *
                                  (kind == 1 ? 0.6 : kind == 2 ? 2.5 : 1.0), 0.45);
      duration_s = CLAMP (duration_s, 20, 3 * 3600);
      fail_p = g->p->failure_rate * g->traits[s].failure_factor * env_failure_factor (g, e) *
               (kind == 2 ? 1.3 : 1.0);
      u = rng_uniform (&ri);
      failed = u < MIN (fail_p, 0.95);
      cancelled = !failed && u < MIN (fail_p, 0.95) + 0.03;
      fail_stage = rng_below (&ri, 10);
      fail_stage = fail_stage < 4 ? 0 : (fail_stage < 9 ? 1 : 2);
      with_stages = rng_uniform (&ri) < 0.35;
      frac[0] = 0.3 + 0.1 * rng_uniform (&ri);
      frac[1] = 0.45 + 0.1 * rng_uniform (&ri);
      frac[2] = 1.0 - frac[0] - frac[1];

      run.run_start = run.start + clamp_time (rng_lognormal (&ri, 8, 1.0), 1, 600);
      run.final_status = failed ? FD_RUN_FAILED : cancelled ? FD_RUN_CANCELLED : FD_RUN_SUCCESS;
      run.n_stages = with_stages ? 3 : 0;
      if (failed || cancelled)
        {
          /* A failed run stops in its failing stage; later stages never run. */
          FdTime t = run.run_start;

          for (guint k = 0; k < 3; k++)
            {
              if (k < fail_stage)
                {
                  t += (FdTime) (duration_s * frac[k] * SECOND);
                  run.stage_status[k] = FD_RUN_SUCCESS;
                }
              else if (k == fail_stage)
                {
                  t += (FdTime) (duration_s * frac[k] * 0.6 * SECOND);
                  run.stage_status[k] = run.final_status;
                }
              else
                run.stage_status[k] = FD_RUN_CANCELLED;
              run.stage_end[k] = t;
            }
          run.end = run.stage_end[2];
        }
      else
        {
          FdTime t = run.run_start;

          for (guint k = 0; k < 3; k++)
            {
              t += (FdTime) (duration_s * frac[k] * SECOND);
              run.stage_end[k] = t;
              run.stage_status[k] = FD_RUN_SUCCESS;
            }
          run.end = t;
        }

      if (!should_emit (g, run.start, run_key (&run, g->prev), run_key (&run, g->to), NULL))
        continue;

      g_snprintf (id, sizeof id, "run-%" G_GINT64_FORMAT "-%u", slot, i);
      rec.id = fd_snapshot_builder_intern (g->b, id);
      rec.pipeline = g->pipeline[s][kind];
      rec.service = g->svc[s];
      rec.environment = g->env[e];
      if (branch_k == 0)
        rec.branch = g->main_branch;
      else
        {
          char branch[64];

          g_snprintf (branch, sizeof branch, "feature/%s-%u", service_names[s],
                      (guint) ((slot / 72) % 50) * 7 + branch_k);
          rec.branch = fd_snapshot_builder_intern (g->b, branch);
        }
      /* Runs of one service and branch within three hours build the same commit. */
      rec.commit = intern_commit (g, (guint64) s * 64 + branch_k, (guint64) (slot / 3));
      rec.trigger = g->triggers[trigger];
      emit_run (g, &run, &rec);
    }
}

/* ---- Alerts ---- */

typedef struct
{
  FdTime start;
  FdTime ack;        /* FD_TIME_NONE when never acknowledged */
  FdTime resolve;
} SimAlert;

typedef struct
{
  FdTime ack;
  FdTime resolve;
} AlertState;

static void
alert_state (const SimAlert *alert,
             GPtrArray      *actions,
             FdTime          t,
             AlertState     *out)
{
  FdTime ack = alert->ack;
  FdTime resolve = alert->resolve;

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      const FdAction *a = g_ptr_array_index (actions, i);
      FdTime at = MAX (a->at, alert->start);

      if (at > t)
        break;
      if (at >= resolve)
        continue;

      switch (a->kind)
        {
        case FD_ACTION_ACKNOWLEDGE:
        case FD_ACTION_SILENCE:
          if (ack == FD_TIME_NONE || ack > at)
            ack = at;
          break;
        case FD_ACTION_RESOLVE:
          resolve = at;
          if (ack != FD_TIME_NONE && ack > at)
            ack = FD_TIME_NONE;
          break;
        case FD_ACTION_PROMOTE:
        case FD_ACTION_PAUSE:
        case FD_ACTION_RESUME:
        case FD_ACTION_ROLL_BACK:
        default:
          break;
        }
    }

  out->ack = ack != FD_TIME_NONE && ack <= t ? ack : FD_TIME_NONE;
  out->resolve = resolve <= t ? resolve : FD_TIME_NONE;
}

static guint64
alert_key (const AlertState *st)
{
  return ((guint64) (st->ack != FD_TIME_NONE) | ((guint64) (st->resolve != FD_TIME_NONE) << 1)) ^
         ((guint64) st->ack << 2) ^ ((guint64) st->resolve * 31);
}

static void
make_alert (Gen        *g,
            Rng        *r,
            FdTime      start,
            FdSeverity  severity,
            SimAlert   *alert)
{
  static const double resolve_median_min[FD_SEVERITY_N] = { 25, 70, 200, 600 };
  static const double ack_median_min[FD_SEVERITY_N] = { 3, 9, 30, 90 };
  static const double ack_p[FD_SEVERITY_N] = { 0.97, 0.9, 0.6, 0.3 };
  double resolve_s = rng_lognormal (r, resolve_median_min[severity] * 60, 0.7);
  double ack_s = rng_lognormal (r, ack_median_min[severity] * 60, 0.6);
  gboolean acked = rng_uniform (r) < ack_p[severity];

  alert->start = start;
  alert->resolve = start + clamp_time (resolve_s, 60, 36 * 3600);
  alert->ack = acked ? start + MIN (clamp_time (ack_s, 15, 36 * 3600),
                                    (alert->resolve - start) * 4 / 5)
                     : FD_TIME_NONE;
}

static void
emit_alert (Gen            *g,
            const SimAlert *alert,
            const char     *id,
            const char     *name,
            guint           s,
            guint           e,
            FdSeverity      severity)
{
  GPtrArray *actions;
  AlertState st_prev, st_to;
  FdAlert rec = { 0, };
  char summary[160];

  if (alert->start < g->from || alert->start >= g->to)
    return;

  actions = actions_for (g, id);
  alert_state (alert, actions, g->prev, &st_prev);
  alert_state (alert, actions, g->to, &st_to);
  if (!should_emit (g, alert->start, alert_key (&st_prev), alert_key (&st_to), id))
    return;

  rec.started_at = alert->start;
  rec.acknowledged_at = st_to.ack;
  rec.resolved_at = st_to.resolve;
  rec.status = st_to.resolve != FD_TIME_NONE ? FD_ALERT_RESOLVED
               : st_to.ack != FD_TIME_NONE ? FD_ALERT_ACKNOWLEDGED : FD_ALERT_FIRING;
  rec.severity = severity;
  rec.id = fd_snapshot_builder_intern (g->b, id);
  rec.name = fd_snapshot_builder_intern (g->b, name);
  rec.service = g->svc[s];
  rec.environment = g->env[e];
  g_snprintf (summary, sizeof summary, "%s on %s in %s", name, service_names[s], g->envs[e]);
  rec.summary = fd_snapshot_builder_intern (g->b, summary);
  fd_snapshot_builder_add_alert (g->b, &rec);
}

static void
gen_background_alerts (Gen    *g,
                       gint64  slot)
{
  FdTime slot_start = slot * HOUR;
  Rng r;
  guint n;

  rng_init (&r, g->p->seed, STREAM_BG_ALERTS, (guint64) slot, 0);
  /* About one background alert per service every two days, more in busy hours. */
  n = rng_poisson (&r, g->n_services * 0.5 / 24.0 * (0.5 + run_weight (slot)) *
                   MAX (g->p->deploys_per_day, 1.0) / 8.0);

  for (guint i = 0; i < n; i++)
    {
      SimAlert alert;
      FdSeverity severity;
      Rng ri;
      double u;
      guint s, e;
      char id[48];

      rng_init (&ri, g->p->seed, STREAM_ALERT_ITEM, (guint64) slot, i);
      u = rng_uniform (&ri);
      severity = u < 0.03 ? FD_SEVERITY_CRITICAL : u < 0.15 ? FD_SEVERITY_HIGH
                 : u < 0.6 ? FD_SEVERITY_WARNING : FD_SEVERITY_INFO;
      s = pick_service (g, &ri);
      e = rng_below (&ri, g->n_envs);
      make_alert (g, &ri, slot_start + (FdTime) (rng_uniform (&ri) * HOUR), severity, &alert);
      g_snprintf (id, sizeof id, "alert-%" G_GINT64_FORMAT "-%u", slot, i);
      emit_alert (g, &alert, id, background_names[rng_below (&ri, G_N_ELEMENTS (background_names))],
                  s, e, severity);
    }
}

/* ---- Releases: deployments, canaries, samples and incidents ---- */

typedef struct
{
  FdTime hold[N_STEPS - 1];       /* time spent at steps 0..2 before moving on */
  FdTime natural_end;             /* progress time at which the canary ends by itself */
  gboolean bad;
  guint  rollback_step;
  double err_mult;
  double lat_mult;
} SimCanary;

typedef struct
{
  guint8 status;                  /* FdCanaryStatus */
  gint   step;
  double traffic;
  FdTime finished;                /* FD_TIME_NONE while going */
} CanaryState;

typedef struct
{
  FdTime   release_at;
  FdTime   committed_at;
  FdTime   start[8];
  FdTime   duration[8];           /* non-canary deployments */
  guint8   status[8];             /* final FdDeployStatus for non-canary deployments */
  guint8   strategy[8];
  gboolean incident;
  guint    n_envs_reached;        /* deployments made (the last may have failed) */
  gboolean reached_ok[8];         /* deployed successfully to env e */
  SimCanary canary;
} SimRelease;

static guint
canary_step_at (const SimCanary *c,
                FdTime           progress)
{
  FdTime acc = 0;

  for (guint i = 0; i < N_STEPS - 1; i++)
    {
      acc += c->hold[i];
      if (progress < acc)
        return i;
    }
  return N_STEPS - 1;
}

static void
canary_state (const SimCanary *c,
              FdTime           start,
              GPtrArray       *actions,
              FdTime           t,
              CanaryState     *out)
{
  FdTime paused_total = 0;
  FdTime paused_since = FD_TIME_NONE;

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      const FdAction *a = g_ptr_array_index (actions, i);
      FdTime at = MAX (a->at, start);

      if (at > t)
        break;
      /* Ended by itself before this action? Then the action came too late. */
      if (paused_since == FD_TIME_NONE && at - start - paused_total >= c->natural_end)
        break;

      switch (a->kind)
        {
        case FD_ACTION_PROMOTE:
          out->status = FD_CANARY_PROMOTED;
          out->step = N_STEPS - 1;
          out->traffic = canary_steps[N_STEPS - 1];
          out->finished = at;
          return;
        case FD_ACTION_ROLL_BACK:
          out->status = FD_CANARY_ROLLED_BACK;
          out->step = canary_step_at (c, (paused_since != FD_TIME_NONE ? paused_since : at) -
                                         start - paused_total);
          out->traffic = 0;
          out->finished = at;
          return;
        case FD_ACTION_PAUSE:
          if (paused_since == FD_TIME_NONE)
            paused_since = at;
          break;
        case FD_ACTION_RESUME:
          if (paused_since != FD_TIME_NONE)
            {
              paused_total += at - paused_since;
              paused_since = FD_TIME_NONE;
            }
          break;
        case FD_ACTION_ACKNOWLEDGE:
        case FD_ACTION_RESOLVE:
        case FD_ACTION_SILENCE:
        default:
          break;
        }
    }

  if (paused_since != FD_TIME_NONE)
    {
      out->status = FD_CANARY_PAUSED;
      out->step = canary_step_at (c, paused_since - start - paused_total);
      out->traffic = canary_steps[out->step];
      out->finished = FD_TIME_NONE;
      return;
    }

  if (t - start - paused_total >= c->natural_end)
    {
      out->finished = start + paused_total + c->natural_end;
      if (c->bad)
        {
          out->status = FD_CANARY_ROLLED_BACK;
          out->step = c->rollback_step;
          out->traffic = 0;
        }
      else
        {
          out->status = FD_CANARY_PROMOTED;
          out->step = N_STEPS - 1;
          out->traffic = canary_steps[N_STEPS - 1];
        }
      return;
    }

  out->status = FD_CANARY_PROGRESSING;
  out->step = canary_step_at (c, t - start - paused_total);
  out->traffic = canary_steps[out->step];
  out->finished = FD_TIME_NONE;
}

static guint64
canary_key (const CanaryState *st)
{
  return ((guint64) st->status | ((guint64) st->step << 4)) ^ ((guint64) st->finished * 7);
}

static void
version_string (Gen    *g,
                guint   s,
                gint64  slot,
                guint   lane,
                char   *buf,
                gsize   len)
{
  /* Minor bumps every week (counted from 2020-01-06, a Monday), the patch is
   * the hour of the week: versions grow with time and never repeat. */
  gint64 week = (slot - 438216) / 168;
  gint64 patch = ((slot - 438216) % 168 + 168) % 168;

  if (week < 0)
    week = -week;
  g_snprintf (buf, len, "%u.%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT,
              g->traits[s].major, week, patch * g->lanes + lane);
}

/* Decides whether service @s releases in @slot and, if so, the release's
 * whole life. A pure function of (seed, s, slot), so that earlier releases
 * can be found again for previous_version. */
static gboolean
release_at (Gen        *g,
            guint       s,
            gint64      slot,
            guint       lane,
            SimRelease *rel)
{
  static const double delay_median_h[] = { 0, 2.5, 7 };
  Rng r;
  FdTime t, total_delay = 0;

  rng_init (&r, g->p->seed, STREAM_RELEASE + (guint64) s * 1000003, (guint64) slot, lane);
  if (rng_uniform (&r) >= g->release_rate_per_hour * release_weight (slot) / g->lanes)
    return FALSE;

  if (rel == NULL)
    return TRUE;

  memset (rel, 0, sizeof *rel);
  rel->release_at = slot * HOUR + (FdTime) (rng_uniform (&r) * HOUR);
  rel->committed_at = rel->release_at - clamp_time (rng_lognormal (&r, 2.5 * 3600, 0.9),
                                                    600, 48 * 3600);
  rel->incident = FALSE;

  rel->canary.bad = rng_uniform (&r) < 0.25;
  for (guint i = 0; i < N_STEPS - 1; i++)
    rel->canary.hold[i] = (3 + rng_below (&r, 4)) * SAMPLE_PERIOD;
  rel->canary.rollback_step = rng_below (&r, 2);
  rel->canary.natural_end = rel->canary.hold[0] + rel->canary.hold[1] + rel->canary.hold[2];
  if (rel->canary.bad)
    {
      FdTime before = 0;

      for (guint i = 0; i < rel->canary.rollback_step; i++)
        before += rel->canary.hold[i];
      /* A bad canary is caught by its analysis, so it runs long enough to
       * be judged: the rank test needs about five intervals a side before a
       * difference can be significant at all. */
      rel->canary.natural_end = before + (6 + rng_below (&r, 3)) * SAMPLE_PERIOD;
      rel->canary.err_mult = 3 + 6 * rng_uniform (&r);
      rel->canary.lat_mult = 1.3 + 0.6 * rng_uniform (&r);
    }
  else
    {
      rel->canary.err_mult = 0.8 + 0.4 * rng_uniform (&r);
      rel->canary.lat_mult = 0.95 + 0.1 * rng_uniform (&r);
    }

  t = rel->release_at;
  for (guint e = 0; e < g->n_envs; e++)
    {
      gboolean last = e + 1 == g->n_envs;
      double u;

      if (e > 0)
        {
          double median = delay_median_h[MIN (e, 2)] * 3600;
          FdTime delay = clamp_time (rng_lognormal (&r, median, 0.7), 1200, 20 * 3600);

          /* Keeps every life inside the regeneration lookback. */
          delay = MIN (delay, 44 * HOUR - total_delay);
          total_delay += delay;
          t += delay;
        }
      rel->start[e] = t;
      u = rng_uniform (&r);
      rel->strategy[e] = last ? (u < 0.5 ? STRATEGY_CANARY : u < 0.85 ? STRATEGY_ROLLING
                                 : STRATEGY_BLUE_GREEN)
                              : (u < 0.85 ? STRATEGY_ROLLING : STRATEGY_RECREATE);
      rel->duration[e] = clamp_time (rng_lognormal (&r, rel->strategy[e] == STRATEGY_BLUE_GREEN
                                                    ? 480 : 240, 0.5), 30, 3600);
      u = rng_uniform (&r);
      rel->n_envs_reached = e + 1;

      if (rel->strategy[e] == STRATEGY_CANARY)
        {
          rel->status[e] = rel->canary.bad ? FD_DEPLOY_ROLLED_BACK : FD_DEPLOY_SUCCESS;
          rel->duration[e] = rel->canary.natural_end;
        }
      else if (!last)
        rel->status[e] = u < 0.06 ? FD_DEPLOY_FAILED : FD_DEPLOY_SUCCESS;
      else
        rel->status[e] = u < 0.03 ? FD_DEPLOY_FAILED
                         : u < 0.06 ? FD_DEPLOY_ROLLED_BACK : FD_DEPLOY_SUCCESS;

      u = rng_uniform (&r);
      if (last)
        rel->incident = rel->status[e] == FD_DEPLOY_SUCCESS ? u < g->p->incident_rate : u < 0.5;

      rel->reached_ok[e] = rel->status[e] == FD_DEPLOY_SUCCESS;
      if (!rel->reached_ok[e])
        break;
    }

  return TRUE;
}

static void
previous_version (Gen    *g,
                  guint   s,
                  guint   e,
                  gint64  slot,
                  guint   lane,
                  char   *buf,
                  gsize   len)
{
  for (gint64 h = slot; h > slot - 24 * 60; h--)
    {
      for (guint j = h == slot ? lane : g->lanes; j > 0; j--)
        {
          SimRelease rel;

          if (release_at (g, s, h, j - 1, &rel) && rel.reached_ok[e])
            {
              version_string (g, s, h, j - 1, buf, len);
              return;
            }
        }
    }

  g_snprintf (buf, len, "%u.0.0", g->traits[s].major);
}

static void
emit_samples (Gen               *g,
              const SimCanary   *c,
              FdTime             start,
              const CanaryState *final,
              GPtrArray         *actions,
              FdStr              canary_id,
              guint              s,
              guint64            release_key)
{
  const ServiceTraits *traits = &g->traits[s];
  FdTime lo = MAX (g->from, g->prev);
  FdTime end = final->finished != FD_TIME_NONE ? final->finished : g->to;
  FdTime first;
  gint64 k0;

  if (lo >= g->to)
    return;

  /* Samples are never replaced: only those whose time is new are emitted. */
  k0 = lo > start ? (lo - start + SAMPLE_PERIOD - 1) / SAMPLE_PERIOD : 1;
  if (k0 < 1)
    k0 = 1;

  for (gint64 k = k0; ; k++)
    {
      FdTime at = start + k * SAMPLE_PERIOD;
      CanaryState st;
      gint64 total;
      Rng r;

      first = at;
      if (at >= g->to || at > end)
        break;
      canary_state (c, start, actions, at, &st);

      rng_init (&r, g->p->seed, STREAM_SAMPLE, release_key, (guint64) k);
      total = (gint64) (traits->rps * 300 * (0.85 + 0.3 * rng_uniform (&r)));

      for (guint v = 0; v < FD_VARIANT_N; v++)
        {
          FdCanarySample sample = { 0, };
          gboolean is_canary = v == FD_VARIANT_CANARY;
          double share = is_canary ? st.traffic / 100.0 : 1.0 - st.traffic / 100.0;
          double err = traits->error_rate * (is_canary ? c->err_mult : 1.0) *
                       (0.7 + 0.6 * rng_uniform (&r));
          double p50 = traits->latency_p50_ms * (is_canary ? c->lat_mult : 1.0) *
                       (0.9 + 0.2 * rng_uniform (&r));

          sample.at = at;
          sample.canary_id = canary_id;
          sample.variant = v;
          sample.requests = (gint64) floor (total * share + 0.5);
          sample.errors = MIN (sample.requests, (gint64) floor (sample.requests * err + 0.5));
          sample.latency_p50_ms = round (p50 * 10) / 10;
          sample.latency_p95_ms = round (p50 * (2.2 + 0.6 * rng_uniform (&r)) * 10) / 10;
          sample.latency_p99_ms = round (sample.latency_p95_ms * (1.4 + 0.4 * rng_uniform (&r)) * 10) / 10;
          fd_snapshot_builder_add_sample (g->b, &sample);
        }
    }
  (void) first;
}

static void
emit_release (Gen              *g,
              guint             s,
              gint64            slot,
              guint             lane,
              const SimRelease *rel)
{
  char version[48], prev_version[48], commit_id[48];
  char canary_id[64];
  GPtrArray *canary_actions = NULL;
  CanaryState cst_prev = { 0, }, cst_to = { 0, };
  guint last = g->n_envs - 1;
  FdStr commit;
  FdTime incident_base = FD_TIME_NONE;
  gboolean has_canary = rel->n_envs_reached == g->n_envs &&
                        rel->strategy[last] == STRATEGY_CANARY;

  version_string (g, s, slot, lane, version, sizeof version);
  g_snprintf (canary_id, sizeof canary_id, "canary-%s-%" G_GINT64_FORMAT ".%u",
              service_names[s], slot, lane);
  commit = intern_commit (g, (guint64) s * 64 + 63, (guint64) slot * 64 + lane);
  (void) commit_id;

  if (has_canary)
    {
      canary_actions = actions_for (g, canary_id);
      canary_state (&rel->canary, rel->start[last], canary_actions, g->prev, &cst_prev);
      canary_state (&rel->canary, rel->start[last], canary_actions, g->to, &cst_to);
    }

  for (guint e = 0; e < rel->n_envs_reached; e++)
    {
      FdDeployment rec = { 0, };
      FdTime start = rel->start[e];
      guint64 key_prev, key_to;
      gboolean canary = has_canary && e == last;
      char id[96];

      if (start < g->from || start >= g->to)
        continue;

      g_snprintf (id, sizeof id, "deploy-%s-%s-%" G_GINT64_FORMAT ".%u",
                  service_names[s], g->envs[e], slot, lane);
      if (canary)
        {
          key_prev = canary_key (&cst_prev);
          key_to = canary_key (&cst_to);
        }
      else
        {
          key_prev = start + rel->duration[e] <= g->prev;
          key_to = start + rel->duration[e] <= g->to;
        }
      if (!should_emit (g, start, key_prev, key_to, canary ? canary_id : NULL))
        continue;

      rec.started_at = start;
      rec.committed_at = rel->committed_at;
      rec.id = fd_snapshot_builder_intern (g->b, id);
      rec.service = g->svc[s];
      rec.environment = g->env[e];
      rec.version = fd_snapshot_builder_intern (g->b, version);
      previous_version (g, s, e, slot, lane, prev_version, sizeof prev_version);
      rec.previous_version = fd_snapshot_builder_intern (g->b, prev_version);
      rec.strategy = g->strategies[rel->strategy[e]];
      rec.commit = commit;

      if (canary)
        {
          rec.finished_at = cst_to.finished;
          rec.status = cst_to.finished == FD_TIME_NONE ? FD_DEPLOY_IN_PROGRESS
                       : cst_to.status == FD_CANARY_PROMOTED ? FD_DEPLOY_SUCCESS
                       : FD_DEPLOY_ROLLED_BACK;
        }
      else if (start + rel->duration[e] <= g->to)
        {
          rec.finished_at = start + rel->duration[e];
          rec.status = rel->status[e];
        }
      else
        {
          rec.finished_at = FD_TIME_NONE;
          rec.status = FD_DEPLOY_IN_PROGRESS;
        }
      rec.caused_incident = e == last && rel->incident && rec.status != FD_DEPLOY_IN_PROGRESS;
      fd_snapshot_builder_add_deployment (g->b, &rec);
    }

  if (has_canary && rel->start[last] >= g->from && rel->start[last] < g->to)
    {
      FdStr cid = fd_snapshot_builder_intern (g->b, canary_id);

      if (should_emit (g, rel->start[last], canary_key (&cst_prev), canary_key (&cst_to),
                       canary_id))
        {
          FdCanary rec = { 0, };
          char base_version[48];

          previous_version (g, s, last, slot, lane, base_version, sizeof base_version);
          rec.started_at = rel->start[last];
          rec.finished_at = cst_to.finished;
          rec.id = cid;
          rec.service = g->svc[s];
          rec.environment = g->env[last];
          rec.baseline_version = fd_snapshot_builder_intern (g->b, base_version);
          rec.canary_version = fd_snapshot_builder_intern (g->b, version);
          rec.current_step = cst_to.step;
          rec.traffic_percent = cst_to.traffic;
          rec.status = cst_to.status;
          fd_snapshot_builder_add_canary (g->b, &rec, canary_steps, N_STEPS);
        }

      emit_samples (g, &rel->canary, rel->start[last], &cst_to, canary_actions, cid, s,
                    ((guint64) slot * FD_SIM_MAX_SERVICES + s) * 64 + lane);
    }

  /* Incident bursts follow a bad production deployment. */
  if (rel->incident && rel->n_envs_reached == g->n_envs)
    {
      Rng r;
      guint n;

      if (rel->strategy[last] == STRATEGY_CANARY)
        incident_base = rel->start[last] + rel->canary.natural_end - 5 * MINUTE;
      else
        incident_base = rel->start[last] + rel->duration[last];

      rng_init (&r, g->p->seed, STREAM_ALERT_ITEM + 100, (guint64) slot, (guint64) s * 64 + lane);
      n = 2 + rng_below (&r, 4);
      incident_base += clamp_time (rng_lognormal (&r, 420, 0.6), 30, 3600);
      for (guint i = 0; i < n; i++)
        {
          SimAlert alert;
          FdSeverity severity;
          double u = rng_uniform (&r);
          char id[96];

          if (i == 0)
            severity = u < 0.6 ? FD_SEVERITY_CRITICAL : FD_SEVERITY_HIGH;
          else
            severity = u < 0.3 ? FD_SEVERITY_HIGH : u < 0.8 ? FD_SEVERITY_WARNING
                       : FD_SEVERITY_INFO;
          make_alert (g, &r, incident_base + i * clamp_time (rng_lognormal (&r, 120, 0.5), 10, 900),
                      severity, &alert);
          g_snprintf (id, sizeof id, "incident-%s-%" G_GINT64_FORMAT ".%u-%u",
                      service_names[s], slot, lane, i);
          emit_alert (g, &alert, id,
                      i == 0 ? incident_names[0]
                             : incident_names[1 + rng_below (&r, G_N_ELEMENTS (incident_names) - 1)],
                      s, last, severity);
        }
    }
}

static void
gen_releases (Gen    *g,
              gint64  slot)
{
  for (guint s = 0; s < g->n_services; s++)
    {
      for (guint lane = 0; lane < g->lanes; lane++)
        {
          SimRelease rel;

          if (release_at (g, s, slot, lane, &rel))
            emit_release (g, s, slot, lane, &rel);
        }
    }
}

static void
generate (Gen *g)
{
  gint64 first, last;

  if (g->to <= g->from)
    return;

  first = slot_of (g->prev) - LOOKBACK_SLOTS;
  last = slot_of (g->to - 1);

  for (gint64 slot = first; slot <= last; slot++)
    {
      gen_runs (g, slot);
      gen_releases (g, slot);
      gen_background_alerts (g, slot);
    }
}

/**
 * fd_sim_params_init:
 * @params: the parameters to fill in
 *
 * Sets every parameter to its default (seed 0).
 */
void
fd_sim_params_init (FdSimParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->n_services = 12;
  params->failure_rate = 0.12;
  params->incident_rate = 0.1;
  params->deploys_per_day = 8;
  params->runs_per_day = 400;
  params->history_days = 90;
  params->environments = NULL;
}

/**
 * fd_sim_generate:
 * @params: the simulation parameters
 * @from: start of the history
 * @to: the simulated "now"
 * @builder: where the records go
 *
 * Adds to @builder every record that starts in [@from, @to), in its state at
 * @to: runs still going are running, alerts not yet resolved are firing, and
 * so on. The result depends only on @params, @from and @to.
 */
void
fd_sim_generate (const FdSimParams *params,
                 FdTime             from,
                 FdTime             to,
                 FdSnapshotBuilder *builder)
{
  Gen g;

  g_return_if_fail (params != NULL);
  g_return_if_fail (builder != NULL);

  gen_init (&g, params, from, from, to, NULL, NULL, builder);
  generate (&g);
}

/* ---- The provider ---- */

struct _FdSimProvider
{
  GObject      parent_instance;

  /* Owned */
  FdSimParams  params;
  char       **environments;
  FdSnapshot  *snapshot;
  GHashTable  *actions;          /* id → GPtrArray of FdAction */
  GHashTable  *dirty;            /* ids touched since the last refresh */
  FdTime       now;              /* 0 = wall clock */
  FdTime       gen_from;
  FdTime       gen_to;           /* 0 before the first refresh or after a parameter change */
  guint        generation;
  /* The user's actions are also kept in the store, so that a restarted
   * simulation with the same seed replays them. */
  FdActionStore *store;          /* nullable until first needed */
  char          *store_error;
  gboolean       store_failed;
  char          *loaded_source;  /* the source whose stored actions are in @actions */
};

static void fd_sim_provider_iface_init (FdDataProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdSimProvider, fd_sim_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_DATA_PROVIDER,
                                                      fd_sim_provider_iface_init))

enum {
  PROP_0,
  PROP_SEED,
  PROP_N_SERVICES,
  PROP_ENVIRONMENTS,
  PROP_FAILURE_RATE,
  PROP_INCIDENT_RATE,
  PROP_DEPLOYS_PER_DAY,
  PROP_RUNS_PER_DAY,
  PROP_HISTORY_DAYS,
  PROP_NOW,
  PROP_ACTION_STORE,
  PROP_ACTION_STORE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  FdSimParams  params;
  char       **environments;
  GHashTable  *actions;
  GHashTable  *dirty;
  FdSnapshot  *base;
  FdTime       from;
  FdTime       prev;
  FdTime       to;
  guint        generation;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_strfreev (data->environments);
  g_clear_pointer (&data->actions, g_hash_table_unref);
  g_clear_pointer (&data->dirty, g_hash_table_unref);
  g_clear_pointer (&data->base, fd_snapshot_unref);
  g_free (data);
}

static FdTime
current_now (FdSimProvider *self)
{
  return self->now != 0 ? self->now : g_get_real_time ();
}

static void
invalidate (FdSimProvider *self)
{
  /* Parameters changed: the next refresh regenerates the whole history. */
  self->gen_to = 0;
  self->generation++;
}

static void
refresh_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RefreshData *data = task_data;
  FdSnapshotBuilder *builder;
  Gen g;

  if (g_task_return_error_if_cancelled (task))
    return;

  data->params.environments = (const char * const *) data->environments;
  builder = data->base != NULL ? fd_snapshot_builder_new_from (data->base)
                               : fd_snapshot_builder_new ();
  gen_init (&g, &data->params, data->from, data->prev, data->to, data->actions, data->dirty,
            builder);
  generate (&g);

  g_task_return_pointer (task, fd_snapshot_builder_end (builder),
                         (GDestroyNotify) fd_snapshot_unref);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  FdSimProvider *self = g_task_get_source_object (outer);
  RefreshData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  FdSnapshot *snapshot;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (snapshot == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  /* A parameter change while we worked makes this result stale. */
  if (data->generation == self->generation)
    {
      g_clear_pointer (&self->snapshot, fd_snapshot_unref);
      self->snapshot = fd_snapshot_ref (snapshot);
      self->gen_from = data->from;
      self->gen_to = data->to;
      fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
    }

  g_task_return_pointer (outer, snapshot, (GDestroyNotify) fd_snapshot_unref);
}

static GHashTable *
copy_actions (GHashTable *actions)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, actions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key),
                         g_ptr_array_copy (value, (GCopyFunc) fd_action_copy, NULL));
  return copy;
}

static char *
action_source (FdSimProvider *self)
{
  return g_strdup_printf ("sim:%" G_GUINT64_FORMAT, self->params.seed);
}

static void
set_store_error (FdSimProvider *self,
                 const char    *message)
{
  if (g_strcmp0 (self->store_error, message) == 0)
    return;

  g_free (self->store_error);
  self->store_error = g_strdup (message);
  if (message != NULL)
    g_printerr ("flightdeck: action store: %s\n", message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE_ERROR]);
}

/* Opens the default store in the user data folder on first need; a
 * simulation the user never acted on creates no file. */
static FdActionStore *
ensure_store (FdSimProvider *self,
              gboolean       create)
{
  g_autoptr(GError) error = NULL;
  const GError *recovery;

  if (self->store != NULL || self->store_failed)
    return self->store;

  self->store = fd_action_store_open_default (create, &error);
  if (self->store == NULL)
    {
      /* No error: there is no store yet and nothing asked to create one. */
      if (error != NULL)
        {
          self->store_failed = TRUE;
          set_store_error (self, error->message);
        }
      return NULL;
    }

  recovery = fd_action_store_get_recovery_error (self->store);
  if (recovery != NULL)
    set_store_error (self, recovery->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);

  return self->store;
}

static void
insert_action (FdSimProvider *self,
               FdAction      *action)
{
  GPtrArray *list;
  guint i;

  list = g_hash_table_lookup (self->actions, action->target_id);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_action_free);
      g_hash_table_insert (self->actions, g_strdup (action->target_id), list);
    }
  /* Keep each target's actions in time order (stable for equal times). */
  for (i = list->len; i > 0; i--)
    {
      const FdAction *other = g_ptr_array_index (list, i - 1);

      if (other->at <= action->at)
        break;
    }
  g_ptr_array_insert (list, i, action);
  g_hash_table_add (self->dirty, g_strdup (action->target_id));
}

/* Replays the stored actions of the current seed once, before the first
 * refresh that uses them. */
static void
load_stored_actions (FdSimProvider *self)
{
  g_autofree char *source = action_source (self);
  g_autoptr(GPtrArray) stored = NULL;

  if (g_strcmp0 (self->loaded_source, source) == 0)
    return;
  if (ensure_store (self, FALSE) == NULL)
    return;

  g_free (self->loaded_source);
  self->loaded_source = g_steal_pointer (&source);
  g_hash_table_remove_all (self->actions);
  stored = fd_action_store_list (self->store, self->loaded_source);
  for (guint i = 0; i < stored->len; i++)
    insert_action (self, fd_action_copy (g_ptr_array_index (stored, i)));
  /* Already generated history must be generated again with them. */
  if (stored->len > 0)
    invalidate (self);
}

static void
fd_sim_provider_refresh_async (FdDataProvider      *provider,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  FdSimProvider *self = FD_SIM_PROVIDER (provider);
  g_autoptr(GTask) inner = NULL;
  GTask *outer;
  RefreshData *data;
  FdTime now = current_now (self);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fd_sim_provider_refresh_async);

  load_stored_actions (self);

  data = g_new0 (RefreshData, 1);
  data->params = self->params;
  data->environments = g_strdupv (self->environments);
  data->actions = copy_actions (self->actions);
  data->dirty = g_steal_pointer (&self->dirty);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->generation = self->generation;

  if (self->gen_to == 0 || self->snapshot == NULL || now < self->gen_to)
    {
      data->from = now - (FdTime) self->params.history_days * 24 * HOUR;
      data->prev = data->from;
      data->to = now;
    }
  else
    {
      data->base = fd_snapshot_ref (self->snapshot);
      data->from = self->gen_from;
      data->prev = self->gen_to;
      data->to = now;
    }

  /* The worker's task has no source object: the thread pool may drop its
   * reference a moment after our callback ran, and it must not keep us alive. */
  inner = g_task_new (NULL, cancellable, refresh_done_cb, outer);
  g_task_set_task_data (inner, data, (GDestroyNotify) refresh_data_free);
  g_task_run_in_thread (inner, refresh_worker);
}

static FdSnapshot *
fd_sim_provider_refresh_finish (FdDataProvider  *provider,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fd_sim_provider_apply_async (FdDataProvider      *provider,
                             const FdAction      *action,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  FdSimProvider *self = FD_SIM_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FdAction *copy;

  g_task_set_source_tag (task, fd_sim_provider_apply_async);

  load_stored_actions (self);

  copy = fd_action_copy (action);
  /* The user acts "now" in simulated time: an action stamped later than the
   * simulation has reached takes effect at the simulation's current end. */
  if (self->gen_to != 0 && (copy->at == 0 || copy->at == FD_TIME_NONE || copy->at > self->gen_to))
    copy->at = self->gen_to;
  else if (copy->at == 0 || copy->at == FD_TIME_NONE)
    copy->at = current_now (self);

  /* A store that fails costs the persistence, not the action. */
  if (ensure_store (self, TRUE) != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *source = action_source (self);

      if (!fd_action_store_add (self->store, source, copy, &error))
        set_store_error (self, error->message);
      else if (self->loaded_source == NULL)
        self->loaded_source = g_steal_pointer (&source);
    }

  insert_action (self, copy);

  g_task_return_boolean (task, TRUE);
}

static gboolean
fd_sim_provider_apply_finish (FdDataProvider  *provider,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
fd_sim_provider_get_name (FdDataProvider *provider)
{
  return "Simulator";
}

static const char * const *
fd_sim_provider_iface_get_environments (FdDataProvider *provider)
{
  return fd_sim_provider_get_environments (FD_SIM_PROVIDER (provider));
}

static FdSnapshot *
fd_sim_provider_dup_snapshot (FdDataProvider *provider)
{
  FdSimProvider *self = FD_SIM_PROVIDER (provider);

  return self->snapshot != NULL ? fd_snapshot_ref (self->snapshot) : NULL;
}

static gboolean
fd_sim_provider_is_live (FdDataProvider *provider)
{
  return TRUE;
}

static void
fd_sim_provider_iface_init (FdDataProviderInterface *iface)
{
  iface->get_name = fd_sim_provider_get_name;
  iface->get_environments = fd_sim_provider_iface_get_environments;
  iface->dup_snapshot = fd_sim_provider_dup_snapshot;
  iface->is_live = fd_sim_provider_is_live;
  iface->refresh_async = fd_sim_provider_refresh_async;
  iface->refresh_finish = fd_sim_provider_refresh_finish;
  iface->apply_async = fd_sim_provider_apply_async;
  iface->apply_finish = fd_sim_provider_apply_finish;
}

static void
fd_sim_provider_finalize (GObject *object)
{
  FdSimProvider *self = FD_SIM_PROVIDER (object);

  g_clear_pointer (&self->environments, g_strfreev);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  g_clear_pointer (&self->actions, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->loaded_source, g_free);

  G_OBJECT_CLASS (fd_sim_provider_parent_class)->finalize (object);
}

static void
fd_sim_provider_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FdSimProvider *self = FD_SIM_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint64 (value, self->params.seed);
      break;
    case PROP_N_SERVICES:
      g_value_set_uint (value, self->params.n_services);
      break;
    case PROP_ENVIRONMENTS:
      g_value_set_boxed (value, self->environments);
      break;
    case PROP_FAILURE_RATE:
      g_value_set_double (value, self->params.failure_rate);
      break;
    case PROP_INCIDENT_RATE:
      g_value_set_double (value, self->params.incident_rate);
      break;
    case PROP_DEPLOYS_PER_DAY:
      g_value_set_double (value, self->params.deploys_per_day);
      break;
    case PROP_RUNS_PER_DAY:
      g_value_set_double (value, self->params.runs_per_day);
      break;
    case PROP_HISTORY_DAYS:
      g_value_set_uint (value, self->params.history_days);
      break;
    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;
    case PROP_ACTION_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ACTION_STORE_ERROR:
      g_value_set_string (value, self->store_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sim_provider_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FdSimProvider *self = FD_SIM_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      fd_sim_provider_set_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_N_SERVICES:
      fd_sim_provider_set_n_services (self, g_value_get_uint (value));
      break;
    case PROP_ENVIRONMENTS:
      fd_sim_provider_set_environments (self, g_value_get_boxed (value));
      break;
    case PROP_FAILURE_RATE:
      fd_sim_provider_set_failure_rate (self, g_value_get_double (value));
      break;
    case PROP_INCIDENT_RATE:
      fd_sim_provider_set_incident_rate (self, g_value_get_double (value));
      break;
    case PROP_DEPLOYS_PER_DAY:
      fd_sim_provider_set_deploys_per_day (self, g_value_get_double (value));
      break;
    case PROP_RUNS_PER_DAY:
      fd_sim_provider_set_runs_per_day (self, g_value_get_double (value));
      break;
    case PROP_HISTORY_DAYS:
      fd_sim_provider_set_history_days (self, g_value_get_uint (value));
      break;
    case PROP_NOW:
      fd_sim_provider_set_now (self, g_value_get_int64 (value));
      break;
    case PROP_ACTION_STORE:
      fd_sim_provider_set_action_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sim_provider_class_init (FdSimProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fd_sim_provider_finalize;
  object_class->get_property = fd_sim_provider_get_property;
  object_class->set_property = fd_sim_provider_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_N_SERVICES] =
    g_param_spec_uint ("n-services", NULL, NULL, 1, FD_SIM_MAX_SERVICES, 12, flags);
  properties[PROP_ENVIRONMENTS] =
    g_param_spec_boxed ("environments", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_FAILURE_RATE] =
    g_param_spec_double ("failure-rate", NULL, NULL, 0, 1, 0.12, flags);
  properties[PROP_INCIDENT_RATE] =
    g_param_spec_double ("incident-rate", NULL, NULL, 0, 1, 0.1, flags);
  properties[PROP_DEPLOYS_PER_DAY] =
    g_param_spec_double ("deploys-per-day", NULL, NULL, 0, 10000, 8, flags);
  properties[PROP_RUNS_PER_DAY] =
    g_param_spec_double ("runs-per-day", NULL, NULL, 0, 1e7, 400, flags);
  properties[PROP_HISTORY_DAYS] =
    g_param_spec_uint ("history-days", NULL, NULL, 1, 3650, 90, flags);
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACTION_STORE] =
    g_param_spec_object ("action-store", NULL, NULL, FD_TYPE_ACTION_STORE, flags);
  properties[PROP_ACTION_STORE_ERROR] =
    g_param_spec_string ("action-store-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_sim_provider_init (FdSimProvider *self)
{
  fd_sim_params_init (&self->params);
  self->environments = g_strdupv ((char **) default_environments);
  self->params.environments = (const char * const *) self->environments;
  self->actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * fd_sim_provider_new:
 * @seed: the seed of the simulation
 *
 * Returns: (transfer full): a new simulator with default parameters
 */
FdSimProvider *
fd_sim_provider_new (guint64 seed)
{
  return g_object_new (FD_TYPE_SIM_PROVIDER, "seed", seed, NULL);
}

#define DEFINE_SETTER(name, type, field, PROP)                        \
void                                                                  \
fd_sim_provider_set_##name (FdSimProvider *self,                      \
                            type           value)                     \
{                                                                     \
  g_return_if_fail (FD_IS_SIM_PROVIDER (self));                       \
                                                                      \
  if (self->params.field == value)                                    \
    return;                                                           \
                                                                      \
  self->params.field = value;                                         \
  invalidate (self);                                                  \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
}                                                                     \
                                                                      \
type                                                                  \
fd_sim_provider_get_##name (FdSimProvider *self)                      \
{                                                                     \
  g_return_val_if_fail (FD_IS_SIM_PROVIDER (self), 0);                \
                                                                      \
  return self->params.field;                                          \
}

/* The simple numeric properties all behave alike: a change restarts the history. */
DEFINE_SETTER (seed, guint64, seed, PROP_SEED)
DEFINE_SETTER (n_services, guint, n_services, PROP_N_SERVICES)
DEFINE_SETTER (failure_rate, double, failure_rate, PROP_FAILURE_RATE)
DEFINE_SETTER (incident_rate, double, incident_rate, PROP_INCIDENT_RATE)
DEFINE_SETTER (deploys_per_day, double, deploys_per_day, PROP_DEPLOYS_PER_DAY)
DEFINE_SETTER (runs_per_day, double, runs_per_day, PROP_RUNS_PER_DAY)
DEFINE_SETTER (history_days, guint, history_days, PROP_HISTORY_DAYS)

/**
 * fd_sim_provider_get_environments:
 * @self: an #FdSimProvider
 *
 * Returns: (transfer none): the environments, in promotion order
 */
const char * const *
fd_sim_provider_get_environments (FdSimProvider *self)
{
  g_return_val_if_fail (FD_IS_SIM_PROVIDER (self), NULL);

  return (const char * const *) self->environments;
}

/**
 * fd_sim_provider_set_environments:
 * @self: an #FdSimProvider
 * @environments: (nullable): environment names in promotion order, or %NULL
 *   for development, staging and production
 */
void
fd_sim_provider_set_environments (FdSimProvider      *self,
                                  const char * const *environments)
{
  g_return_if_fail (FD_IS_SIM_PROVIDER (self));

  if (environments == NULL || environments[0] == NULL)
    environments = default_environments;
  if (g_strv_equal ((const char * const *) self->environments, environments))
    return;

  g_strfreev (self->environments);
  self->environments = g_strdupv ((char **) environments);
  self->params.environments = (const char * const *) self->environments;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

/**
 * fd_sim_provider_get_now:
 * @self: an #FdSimProvider
 *
 * Returns: the simulated "now", or 0 when the wall clock is used
 */
FdTime
fd_sim_provider_get_now (FdSimProvider *self)
{
  g_return_val_if_fail (FD_IS_SIM_PROVIDER (self), 0);

  return self->now;
}

/**
 * fd_sim_provider_set_now:
 * @self: an #FdSimProvider
 * @now: the simulated time the next refresh advances to, 0 for the wall clock
 *
 * Moving "now" forward makes the next refresh add what happened in between;
 * moving it backwards regenerates the history.
 */
void
fd_sim_provider_set_now (FdSimProvider *self,
                         FdTime         now)
{
  g_return_if_fail (FD_IS_SIM_PROVIDER (self));

  if (self->now == now)
    return;

  self->now = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

/**
 * fd_sim_provider_get_action_store:
 * @self: an #FdSimProvider
 *
 * Returns: (transfer none) (nullable): the store that keeps the user's
 *   actions, or %NULL while none was needed yet
 */
FdActionStore *
fd_sim_provider_get_action_store (FdSimProvider *self)
{
  g_return_val_if_fail (FD_IS_SIM_PROVIDER (self), NULL);

  return self->store;
}

/**
 * fd_sim_provider_set_action_store:
 * @self: an #FdSimProvider
 * @store: (nullable): the store, or %NULL for the default one in the user
 *   data folder (opened when first needed)
 *
 * The next refresh replays the store's actions for the current seed.
 */
void
fd_sim_provider_set_action_store (FdSimProvider *self,
                                  FdActionStore *store)
{
  g_return_if_fail (FD_IS_SIM_PROVIDER (self));
  g_return_if_fail (store == NULL || FD_IS_ACTION_STORE (store));

  if (self->store == store)
    return;

  g_set_object (&self->store, store);
  self->store_failed = FALSE;
  g_clear_pointer (&self->loaded_source, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_STORE]);
}

/**
 * fd_sim_provider_get_action_source:
 * @self: an #FdSimProvider
 *
 * Returns: (transfer full): the key of this simulation's actions in the
 *   store, "sim:<seed>"
 */
char *
fd_sim_provider_get_action_source (FdSimProvider *self)
{
  g_return_val_if_fail (FD_IS_SIM_PROVIDER (self), NULL);

  return action_source (self);
}

/**
 * fd_sim_provider_get_action_store_error:
 * @self: an #FdSimProvider
 *
 * Returns: (nullable): why the action store could not be opened or had to be
 *   started afresh, or %NULL
 */
const char *
fd_sim_provider_get_action_store_error (FdSimProvider *self)
{
  g_return_val_if_fail (FD_IS_SIM_PROVIDER (self), NULL);

  return self->store_error;
}
