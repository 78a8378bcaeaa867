/* test-sim-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sim-provider"

#include "config.h"

#include <string.h>

#include "fd-canary-judge.h"
#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"
#include "fd-sim-provider.h"
#include "fd-time.h"
#include "provider-test-util.h"

#define HOUR_US ((FdTime) 3600 * G_USEC_PER_SEC)
#define DAY_US  (24 * HOUR_US)

static FdTime
parse_time (const char *str)
{
  FdTime t = 0;

  g_assert_true (fd_time_parse (str, strlen (str), &t));
  return t;
}

static FdSnapshot *
generate (guint64 seed,
          double  runs_per_day,
          FdTime  from,
          FdTime  to)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  FdSimParams params;

  fd_sim_params_init (&params);
  params.seed = seed;
  params.runs_per_day = runs_per_day;
  fd_sim_generate (&params, from, to, builder);
  return fd_snapshot_builder_end (builder);
}

static void
test_sim_determinism (void)
{
  FdTime to = parse_time ("2026-11-20T10:00:00Z");
  FdTime from = to - 14 * DAY_US;
  g_autoptr(FdSnapshot) a = generate (7, 300, from, to);
  g_autoptr(FdSnapshot) b = generate (7, 300, from, to);
  g_autoptr(FdSnapshot) c = generate (8, 300, from, to);
  g_autofree char *ja = provider_test_dump (a);
  g_autofree char *jb = provider_test_dump (b);
  g_autofree char *jc = provider_test_dump (c);
  gsize n_runs;

  fd_snapshot_get_runs (a, &n_runs);
  g_assert_cmpuint (n_runs, >, 14 * 300 * 0.8);
  g_assert_cmpuint (n_runs, <, 14 * 300 * 1.2);
  g_assert_cmpuint (strlen (ja), >, 100000);
  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpstr (ja, !=, jc);
}

static void
test_sim_valid (void)
{
  FdTime to = parse_time ("2026-11-20T10:17:00Z");
  g_autoptr(FdSnapshot) snapshot = generate (3, 400, to - 30 * DAY_US, to);
  g_autofree char *text = provider_test_dump (snapshot);
  g_autoptr(FdSnapshot) reread = NULL;
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  FdJsonlStats stats = { 0, };
  const FdPipelineRun *runs;
  const FdAlert *alerts;
  const FdCanarySample *samples;
  gsize n_runs, n_dep, n_alerts, n_canaries, n_samples, n_active = 0;

  runs = fd_snapshot_get_runs (snapshot, &n_runs);
  fd_snapshot_get_deployments (snapshot, &n_dep);
  alerts = fd_snapshot_get_alerts (snapshot, &n_alerts);
  fd_snapshot_get_canaries (snapshot, &n_canaries);
  samples = fd_snapshot_get_samples (snapshot, &n_samples);

  g_assert_true (fd_jsonl_read_data (text, strlen (text), builder, NULL, NULL, &stats));
  reread = fd_snapshot_builder_end (builder);
  g_assert_cmpuint (stats.invalid_lines, ==, 0);
  g_assert_cmpuint (stats.unknown_types, ==, 0);
  g_assert_cmpuint (stats.valid, ==, n_runs + n_dep + n_alerts + n_canaries + n_samples);

  for (gsize i = 0; i < n_runs; i++)
    {
      g_assert_cmpint (runs[i].started_at, <, to);
      if (runs[i].status == FD_RUN_RUNNING || runs[i].status == FD_RUN_QUEUED)
        {
          g_assert_cmpint (runs[i].finished_at, ==, FD_TIME_NONE);
          n_active++;
        }
      else
        g_assert_cmpint (runs[i].finished_at, >=, runs[i].started_at);
    }
  /* Runs near "now" are still going. */
  g_assert_cmpuint (n_active, >, 0);
  for (gsize i = 0; i < n_alerts; i++)
    {
      if (alerts[i].resolved_at != FD_TIME_NONE)
        g_assert_cmpint (alerts[i].resolved_at, >=, alerts[i].started_at);
      if (alerts[i].acknowledged_at != FD_TIME_NONE)
        g_assert_cmpint (alerts[i].acknowledged_at, >=, alerts[i].started_at);
    }
  for (gsize i = 0; i < n_samples; i++)
    {
      g_assert_cmpint (samples[i].errors, >=, 0);
      g_assert_cmpint (samples[i].errors, <=, samples[i].requests);
    }
  g_assert_cmpuint (n_dep, >, 0);
  g_assert_cmpuint (n_canaries, >, 0);
  g_assert_cmpuint (n_samples, >, n_canaries * 4);
}

static void
test_sim_realism (void)
{
  FdTime to = parse_time ("2026-11-23T00:00:00Z");   /* a Monday */
  g_autoptr(FdSnapshot) snapshot = generate (11, 400, to - 84 * DAY_US, to);
  const FdPipelineRun *runs;
  const FdDeployment *deps;
  const FdAlert *alerts;
  const FdCanary *canaries;
  gsize n_runs, n_dep, n_alerts, n_canaries;
  double weekday = 0, weekend = 0;
  double failed[2] = { 0, }, finished[2] = { 0, };
  double resolve_sum[FD_SEVERITY_N] = { 0, }, resolve_n[FD_SEVERITY_N] = { 0, };
  guint rolled_back = 0, promoted = 0, incidents = 0, critical = 0;
  FdStr dev = fd_snapshot_lookup (snapshot, "development");
  FdStr prod = fd_snapshot_lookup (snapshot, "production");

  runs = fd_snapshot_get_runs (snapshot, &n_runs);
  for (gsize i = 0; i < n_runs; i++)
    {
      gint64 day = runs[i].started_at / DAY_US;
      int dow = (int) ((day + 3) % 7);

      if (dow >= 5)
        weekend++;
      else
        weekday++;
      for (guint k = 0; k < 2; k++)
        {
          if (runs[i].environment != (k == 0 ? dev : prod))
            continue;
          if (runs[i].status == FD_RUN_FAILED)
            failed[k]++;
          if (runs[i].status == FD_RUN_FAILED || runs[i].status == FD_RUN_SUCCESS)
            finished[k]++;
        }
    }
  /* 12 weeks: per day, weekdays are much busier than weekends. */
  g_test_message ("runs per weekday %.0f, per weekend day %.0f", weekday / 60, weekend / 24);
  g_assert_cmpfloat (weekday / 60, >, 2.5 * (weekend / 24));
  g_test_message ("failure rate development %.3f, production %.3f",
                  failed[0] / finished[0], failed[1] / finished[1]);
  g_assert_cmpfloat (failed[1] / finished[1], <, 0.7 * (failed[0] / finished[0]));
  g_assert_cmpfloat (failed[1] / finished[1], >, 0.01);

  alerts = fd_snapshot_get_alerts (snapshot, &n_alerts);
  for (gsize i = 0; i < n_alerts; i++)
    {
      if (alerts[i].status != FD_ALERT_RESOLVED)
        continue;
      resolve_sum[alerts[i].severity] += (alerts[i].resolved_at - alerts[i].started_at) / 6e7;
      resolve_n[alerts[i].severity]++;
      critical += alerts[i].severity == FD_SEVERITY_CRITICAL;
    }
  g_assert_cmpuint (critical, >, 3);
  g_test_message ("mean minutes to resolve: critical %.1f, info %.1f",
                  resolve_sum[FD_SEVERITY_CRITICAL] / resolve_n[FD_SEVERITY_CRITICAL],
                  resolve_sum[FD_SEVERITY_INFO] / resolve_n[FD_SEVERITY_INFO]);
  g_assert_cmpfloat (resolve_sum[FD_SEVERITY_CRITICAL] / resolve_n[FD_SEVERITY_CRITICAL], <,
                     0.5 * resolve_sum[FD_SEVERITY_INFO] / resolve_n[FD_SEVERITY_INFO]);

  canaries = fd_snapshot_get_canaries (snapshot, &n_canaries);
  for (gsize i = 0; i < n_canaries; i++)
    {
      rolled_back += canaries[i].status == FD_CANARY_ROLLED_BACK;
      promoted += canaries[i].status == FD_CANARY_PROMOTED;
      g_assert_true (canaries[i].environment == prod);
    }
  g_assert_cmpuint (rolled_back, >, 0);
  g_assert_cmpuint (promoted, >, rolled_back);

  deps = fd_snapshot_get_deployments (snapshot, &n_dep);
  for (gsize i = 0; i < n_dep; i++)
    {
      incidents += deps[i].caused_incident;
      if (deps[i].status == FD_DEPLOY_SUCCESS && deps[i].committed_at != FD_TIME_NONE)
        g_assert_cmpint (deps[i].finished_at, >, deps[i].committed_at);
    }
  g_assert_cmpuint (incidents, >, 0);
}

static FdSimProvider *
new_provider (guint64 seed,
              FdTime  now)
{
  FdSimProvider *sim = fd_sim_provider_new (seed);

  fd_sim_provider_set_history_days (sim, 10);
  fd_sim_provider_set_runs_per_day (sim, 300);
  fd_sim_provider_set_now (sim, now);
  return sim;
}

typedef struct
{
  guint    count;
  gboolean on_main_thread;
} Changed;

static void
snapshot_changed_cb (FdDataProvider *provider,
                     Changed        *changed)
{
  changed->count++;
  changed->on_main_thread = g_main_context_is_owner (g_main_context_default ());
}

/* The simulator's bad canaries are the ones it rolls back; the automated
 * analysis must be able to tell, or the Canary page would show rolled-back
 * rollouts with a passing verdict. */
static void
test_sim_canaries_judged (void)
{
  FdTime to = parse_time ("2026-11-23T00:00:00Z");
  g_autoptr(FdSnapshot) snapshot = generate (5, 400, to - 28 * DAY_US, to);
  const FdCanary *canaries;
  gsize n_canaries;
  guint rolled_back = 0, rolled_back_failed = 0, promoted = 0, promoted_passed = 0;

  canaries = fd_snapshot_get_canaries (snapshot, &n_canaries);
  for (gsize i = 0; i < n_canaries; i++)
    {
      g_autoptr(FdCanaryVerdict) verdict =
        fd_canary_judge_snapshot (snapshot, canaries[i].id, canaries[i].started_at, to,
                                  FALSE, 95, 75);

      g_assert_nonnull (verdict);
      if (canaries[i].status == FD_CANARY_ROLLED_BACK)
        {
          rolled_back++;
          rolled_back_failed += verdict->verdict != FD_CANARY_VERDICT_PASS;
        }
      else if (canaries[i].status == FD_CANARY_PROMOTED)
        {
          promoted++;
          promoted_passed += verdict->verdict == FD_CANARY_VERDICT_PASS;
        }
    }

  g_test_message ("rolled back %u (%u not passing), promoted %u (%u passing)",
                  rolled_back, rolled_back_failed, promoted, promoted_passed);
  g_assert_cmpuint (rolled_back, >=, 5);
  g_assert_cmpuint (promoted, >=, 10);
  g_assert_cmpfloat ((double) rolled_back_failed / rolled_back, >=, 0.8);
  g_assert_cmpfloat ((double) promoted_passed / promoted, >=, 0.8);
}

static void
test_sim_advance (void)
{
  FdTime t1 = parse_time ("2026-11-20T10:20:00Z");
  FdTime t2 = t1 + 7 * HOUR_US + 13 * 60 * G_USEC_PER_SEC;
  g_autoptr(FdSimProvider) sim = new_provider (5, t1);
  g_autoptr(FdSnapshot) s1 = NULL;
  g_autoptr(FdSnapshot) s2 = NULL;
  g_autoptr(FdSnapshot) oneshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *j2 = NULL;
  g_autofree char *jo = NULL;
  const FdPipelineRun *r1, *r2;
  const FdAlert *a1, *a2;
  gsize n1, n2, first, last, old_updated = 0;
  FdSimParams params;
  FdSnapshotBuilder *builder;
  Changed changed = { 0, };

  g_signal_connect (sim, "snapshot-changed", G_CALLBACK (snapshot_changed_cb), &changed);
  g_assert_null (fd_data_provider_dup_snapshot (FD_DATA_PROVIDER (sim)));

  s1 = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  g_assert_nonnull (s1);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_true (changed.on_main_thread);

  fd_sim_provider_set_now (sim, t2);
  s2 = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 2);

  /* Advancing equals generating the whole window in one go. */
  fd_sim_params_init (&params);
  params.seed = 5;
  params.runs_per_day = 300;
  params.history_days = 10;
  builder = fd_snapshot_builder_new ();
  fd_sim_generate (&params, t1 - 10 * DAY_US, t2, builder);
  oneshot = fd_snapshot_builder_end (builder);
  j2 = provider_test_dump (s2);
  jo = provider_test_dump (oneshot);
  g_assert_cmpstr (j2, ==, jo);

  /* Before t1 nothing is new: the same runs, and only in-flight ones changed. */
  r1 = fd_snapshot_get_runs (s1, &n1);
  r2 = fd_snapshot_get_runs (s2, &n2);
  fd_snapshot_runs_range (s2, FD_TIME_NONE + 1, t1, &first, &last);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, n1);
  g_assert_cmpuint (n2, >, n1);
  for (gsize i = 0; i < n1; i++)
    {
      g_assert_cmpint (r1[i].started_at, ==, r2[i].started_at);
      g_assert_cmpstr (fd_snapshot_str (s1, r1[i].id), ==, fd_snapshot_str (s2, r2[i].id));
      if (r1[i].status != r2[i].status)
        {
          g_assert_true (r1[i].status == FD_RUN_RUNNING || r1[i].status == FD_RUN_QUEUED);
          old_updated++;
        }
      else if (r1[i].status != FD_RUN_RUNNING && r1[i].status != FD_RUN_QUEUED)
        g_assert_cmpint (r1[i].finished_at, ==, r2[i].finished_at);
    }
  g_assert_cmpuint (old_updated, >, 0);
  for (gsize i = 0; i < n2; i++)
    g_assert_cmpint (r2[i].started_at, <, t2);

  a1 = fd_snapshot_get_alerts (s1, &n1);
  a2 = fd_snapshot_get_alerts (s2, &n2);
  g_assert_cmpuint (n2, >=, n1);
  for (gsize i = 0; i < n1; i++)
    {
      g_assert_cmpstr (fd_snapshot_str (s1, a1[i].id), ==, fd_snapshot_str (s2, a2[i].id));
      if (a1[i].status == FD_ALERT_RESOLVED)
        g_assert_cmpint (a1[i].resolved_at, ==, a2[i].resolved_at);
    }

  g_clear_pointer (&s1, fd_snapshot_unref);
  g_clear_pointer (&s2, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&sim));
}

static const FdCanary *
find_canary (FdSnapshot     *snapshot,
             FdCanaryStatus  status,
             FdTime          started_after)
{
  const FdCanary *canaries;
  gsize n;

  canaries = fd_snapshot_get_canaries (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    if (canaries[i].status == status && canaries[i].started_at > started_after)
      return &canaries[i];
  return NULL;
}

static const FdCanary *
find_canary_by_id (FdSnapshot *snapshot,
                   const char *id)
{
  const FdCanary *canaries;
  FdStr str = fd_snapshot_lookup (snapshot, id);
  gsize n;

  canaries = fd_snapshot_get_canaries (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    if (canaries[i].id == str)
      return &canaries[i];
  return NULL;
}

static void
test_sim_actions (void)
{
  FdTime base = parse_time ("2026-11-20T10:00:00Z");
  g_autoptr(FdSimProvider) sim = new_provider (9, base);
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdSnapshot) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *canary_id = NULL;
  const FdCanary *canary;
  FdTime now;

  /* Find a canary, then go back to a moment when it was progressing. */
  snapshot = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  canary = find_canary (snapshot, FD_CANARY_PROMOTED, base - 9 * DAY_US);
  g_assert_nonnull (canary);
  canary_id = g_strdup (fd_snapshot_str (snapshot, canary->id));
  now = canary->started_at + 6 * 60 * G_USEC_PER_SEC;
  g_clear_pointer (&snapshot, fd_snapshot_unref);

  fd_sim_provider_set_now (sim, now);
  snapshot = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  canary = find_canary_by_id (snapshot, canary_id);
  g_assert_nonnull (canary);
  g_assert_cmpint (canary->status, ==, FD_CANARY_PROGRESSING);
  g_assert_cmpfloat (canary->traffic_percent, ==, 5);

  /* Pausing freezes it at 5 % however long we wait. */
  {
    g_autoptr(FdAction) pause = fd_action_new (FD_ACTION_PAUSE, canary_id, now, FD_TIME_NONE);

    g_assert_true (provider_test_apply (FD_DATA_PROVIDER (sim), pause, &error));
    g_assert_no_error (error);
  }
  fd_sim_provider_set_now (sim, now + 3 * HOUR_US);
  after = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  canary = find_canary_by_id (after, canary_id);
  g_assert_cmpint (canary->status, ==, FD_CANARY_PAUSED);
  g_assert_cmpfloat (canary->traffic_percent, ==, 5);
  g_assert_cmpint (canary->finished_at, ==, FD_TIME_NONE);
  g_clear_pointer (&after, fd_snapshot_unref);

  /* Promoting takes it straight to 100 %. */
  {
    g_autoptr(FdAction) promote = fd_action_new (FD_ACTION_PROMOTE, canary_id, 0, FD_TIME_NONE);

    g_assert_true (provider_test_apply (FD_DATA_PROVIDER (sim), promote, &error));
  }
  fd_sim_provider_set_now (sim, now + 3 * HOUR_US + 5 * 60 * G_USEC_PER_SEC);
  after = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  canary = find_canary_by_id (after, canary_id);
  g_assert_cmpint (canary->status, ==, FD_CANARY_PROMOTED);
  g_assert_cmpfloat (canary->traffic_percent, ==, 100);
  g_assert_cmpint (canary->finished_at, ==, now + 3 * HOUR_US);

  g_clear_pointer (&snapshot, fd_snapshot_unref);
  g_clear_pointer (&after, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&sim));
}

static void
test_sim_alert_actions (void)
{
  FdTime now = parse_time ("2026-11-19T15:00:00Z");
  g_autoptr(FdSimProvider) sim = new_provider (21, now);
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(FdSnapshot) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *firing_id = NULL;
  g_autoptr(FdAction) ack = NULL;
  const FdAlert *alerts;
  gsize n;
  FdStr id;

  /* Find an alert nobody acknowledged, then go back to when it was firing. */
  snapshot = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  alerts = fd_snapshot_get_alerts (snapshot, &n);
  for (gsize i = 0; i < n && firing_id == NULL; i++)
    if (alerts[i].status == FD_ALERT_RESOLVED && alerts[i].acknowledged_at == FD_TIME_NONE &&
        alerts[i].started_at > now - 9 * DAY_US)
      {
        firing_id = g_strdup (fd_snapshot_str (snapshot, alerts[i].id));
        now = alerts[i].started_at + 30 * G_USEC_PER_SEC;
      }
  g_assert_nonnull (firing_id);
  g_clear_pointer (&snapshot, fd_snapshot_unref);

  fd_sim_provider_set_now (sim, now);
  snapshot = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  alerts = fd_snapshot_get_alerts (snapshot, &n);
  id = fd_snapshot_lookup (snapshot, firing_id);
  for (gsize i = 0; i < n; i++)
    if (alerts[i].id == id)
      g_assert_cmpint (alerts[i].status, ==, FD_ALERT_FIRING);

  ack = fd_action_new (FD_ACTION_ACKNOWLEDGE, firing_id, now, FD_TIME_NONE);
  g_assert_true (provider_test_apply (FD_DATA_PROVIDER (sim), ack, &error));
  /* Same "now": the refresh only re-emits what the action touched. */
  after = provider_test_refresh (FD_DATA_PROVIDER (sim), &error);
  g_assert_no_error (error);
  alerts = fd_snapshot_get_alerts (after, &n);
  id = fd_snapshot_lookup (after, firing_id);
  for (gsize i = 0; i < n; i++)
    {
      if (alerts[i].id != id)
        continue;
      g_assert_cmpint (alerts[i].status, !=, FD_ALERT_FIRING);
      g_assert_cmpint (alerts[i].acknowledged_at, ==, now);
    }

  g_clear_pointer (&snapshot, fd_snapshot_unref);
  g_clear_pointer (&after, fd_snapshot_unref);
  g_assert_finalize_object (g_steal_pointer (&sim));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_sim_properties (void)
{
  FdSimProvider *sim = fd_sim_provider_new (1);
  const char * const envs[] = { "dev", "prod", NULL };
  guint count = 0;
  guint64 seed = 0;

  g_signal_connect (sim, "notify", G_CALLBACK (notify_cb), &count);
  g_assert_cmpuint (fd_sim_provider_get_n_services (sim), ==, 12);
  g_assert_cmpuint (fd_sim_provider_get_history_days (sim), ==, 90);
  g_assert_cmpstr (fd_data_provider_get_environments (FD_DATA_PROVIDER (sim))[2], ==, "production");

  fd_sim_provider_set_seed (sim, 2);
  fd_sim_provider_set_seed (sim, 2);
  g_assert_cmpuint (count, ==, 1);
  g_object_get (sim, "seed", &seed, NULL);
  g_assert_cmpuint (seed, ==, 2);

  fd_sim_provider_set_environments (sim, envs);
  fd_sim_provider_set_environments (sim, envs);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpstr (fd_sim_provider_get_environments (sim)[1], ==, "prod");

  fd_sim_provider_set_failure_rate (sim, 0.3);
  fd_sim_provider_set_failure_rate (sim, 0.3);
  fd_sim_provider_set_now (sim, 1000);
  fd_sim_provider_set_now (sim, 1000);
  g_assert_cmpuint (count, ==, 4);

  g_assert_finalize_object (sim);
}

static void
test_sim_action_helpers (void)
{
  g_autoptr(FdAction) action = fd_action_new (FD_ACTION_SILENCE, "alert-1", 10, 20);
  g_autoptr(FdAction) copy = fd_action_copy (action);

  g_assert_cmpint (copy->kind, ==, FD_ACTION_SILENCE);
  g_assert_cmpstr (copy->target_id, ==, "alert-1");
  g_assert_true (copy->target_id != action->target_id);
  g_assert_cmpint (copy->at, ==, 10);
  g_assert_cmpint (copy->until, ==, 20);
  g_assert_true (G_TYPE_IS_BOXED (FD_TYPE_ACTION));
}

int
main (int   argc,
      char *argv[])
{
  provider_test_isolate_data_home ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/sim/determinism", test_sim_determinism);
  g_test_add_func ("/flightdeck/sim/valid", test_sim_valid);
  g_test_add_func ("/flightdeck/sim/realism", test_sim_realism);
  g_test_add_func ("/flightdeck/sim/advance", test_sim_advance);
  g_test_add_func ("/flightdeck/sim/canaries-judged", test_sim_canaries_judged);
  g_test_add_func ("/flightdeck/sim/canary-actions", test_sim_actions);
  g_test_add_func ("/flightdeck/sim/alert-actions", test_sim_alert_actions);
  g_test_add_func ("/flightdeck/sim/properties", test_sim_properties);
  g_test_add_func ("/flightdeck/sim/action-helpers", test_sim_action_helpers);

  return g_test_run ();
}
