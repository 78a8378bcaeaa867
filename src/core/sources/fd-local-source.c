/* fd-local-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-local-source"

#include "config.h"

#include "fd-local-source-private.h"
#include "fd-source.h"

#include <string.h>

typedef struct
{
  FdWorkerFunc func;
  FdWorkerDone done;
  gpointer     data;
} Job;

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;

  job->func (job->data, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));

  job->done (outer);
}

void
_fd_run_worker (GTask        *outer,
                FdWorkerFunc  func,
                FdWorkerDone  done)
{
  g_autoptr(GTask) inner = NULL;
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->done = done;
  job->data = g_task_get_task_data (outer);
  inner = g_task_new (NULL, g_task_get_cancellable (outer), job_done_cb, g_object_ref (outer));
  g_task_set_task_data (inner, job, g_free);
  g_task_run_in_thread (inner, job_thread);
}

static void
local_apply_free (FdLocalApply *data)
{
  fd_action_free (data->action);
  g_free (data->uri);
  g_clear_object (&data->store);
  g_clear_object (&data->opened);
  g_clear_error (&data->error);
  g_free (data);
}

static void
local_apply_work (gpointer      task_data,
                  GCancellable *cancellable)
{
  FdLocalApply *data = task_data;
  g_autoptr(GError) error = NULL;
  FdActionStore *store = data->store;

  if (store == NULL)
    store = data->opened = fd_action_store_open_default (TRUE, &error);
  if (store == NULL)
    {
      g_set_error (&data->error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_FAILED,
                   "Cannot keep the action: %s",
                   error != NULL ? error->message : "no action store");
      return;
    }

  fd_action_store_add (store, data->uri, data->action, &data->error);
}

static void
local_apply_done (GTask *task)
{
  FdLocalApply *data = g_task_get_task_data (task);

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

void
_fd_local_apply (GTask         *task,
                 FdAction      *action,
                 const char    *uri,
                 FdActionStore *store)
{
  FdLocalApply *data = g_new0 (FdLocalApply, 1);

  data->action = action;
  data->uri = g_strdup (uri);
  data->store = store != NULL ? g_object_ref (store) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) local_apply_free);
  _fd_run_worker (task, local_apply_work, local_apply_done);
}

struct _FdRecordCopier
{
  const FdSnapshot  *from;
  FdSnapshotBuilder *to;
  FdStr             *map;     /* from's FdStr → to's, 0 = not yet */
  guint              len;
  GArray            *stages;
};

FdRecordCopier *
_fd_record_copier_new (const FdSnapshot  *from,
                       FdSnapshotBuilder *to)
{
  FdRecordCopier *self = g_new0 (FdRecordCopier, 1);

  self->from = from;
  self->to = to;
  self->len = fd_snapshot_get_n_strings (from);
  self->map = g_new0 (FdStr, MAX (self->len, 1));
  self->stages = g_array_new (FALSE, FALSE, sizeof (FdStage));

  return self;
}

void
_fd_record_copier_free (FdRecordCopier *self)
{
  if (self == NULL)
    return;

  g_free (self->map);
  g_array_unref (self->stages);
  g_free (self);
}

static FdStr
copy_str (FdRecordCopier *self,
          FdStr           str)
{
  const char *text;
  gsize len;

  if (str == FD_STR_NONE || str >= self->len)
    return FD_STR_NONE;
  if (self->map[str] == FD_STR_NONE)
    {
      text = fd_snapshot_str_len (self->from, str, &len);
      self->map[str] = fd_snapshot_builder_intern_len (self->to, text, len);
    }
  return self->map[str];
}

void
_fd_record_copier_run (FdRecordCopier      *self,
                       const FdPipelineRun *run)
{
  FdPipelineRun copy = *run;
  const FdStage *stages;
  gsize n_stages;

  stages = fd_snapshot_get_stages (self->from, run, &n_stages);
  g_array_set_size (self->stages, n_stages);
  for (gsize k = 0; k < n_stages; k++)
    {
      FdStage *stage = &g_array_index (self->stages, FdStage, k);
      FdStr name;

      *stage = stages[k];
      name = copy_str (self, stages[k].name);
      stage->name = name < (1u << 28) ? name : FD_STR_NONE;
    }
  copy.id = copy_str (self, run->id);
  copy.pipeline = copy_str (self, run->pipeline);
  copy.service = copy_str (self, run->service);
  copy.environment = copy_str (self, run->environment);
  copy.branch = copy_str (self, run->branch);
  copy.commit = copy_str (self, run->commit);
  copy.trigger = copy_str (self, run->trigger);
  fd_snapshot_builder_add_run (self->to, &copy, (const FdStage *) (gpointer) self->stages->data,
                               n_stages);
}

void
_fd_record_copier_deployment (FdRecordCopier     *self,
                              const FdDeployment *deployment)
{
  FdDeployment copy = *deployment;

  copy.id = copy_str (self, deployment->id);
  copy.service = copy_str (self, deployment->service);
  copy.environment = copy_str (self, deployment->environment);
  copy.version = copy_str (self, deployment->version);
  copy.previous_version = copy_str (self, deployment->previous_version);
  copy.strategy = copy_str (self, deployment->strategy);
  copy.commit = copy_str (self, deployment->commit);
  fd_snapshot_builder_add_deployment (self->to, &copy);
}

void
_fd_record_copier_alert (FdRecordCopier *self,
                         const FdAlert  *alert)
{
  FdAlert copy = *alert;

  copy.id = copy_str (self, alert->id);
  copy.name = copy_str (self, alert->name);
  copy.service = copy_str (self, alert->service);
  copy.environment = copy_str (self, alert->environment);
  copy.summary = copy_str (self, alert->summary);
  fd_snapshot_builder_add_alert (self->to, &copy);
}

void
_fd_record_copier_canary (FdRecordCopier *self,
                          const FdCanary *canary)
{
  FdCanary copy = *canary;
  const double *steps;
  gsize n_steps;

  steps = fd_snapshot_get_steps (self->from, canary, &n_steps);
  copy.id = copy_str (self, canary->id);
  copy.service = copy_str (self, canary->service);
  copy.environment = copy_str (self, canary->environment);
  copy.baseline_version = copy_str (self, canary->baseline_version);
  copy.canary_version = copy_str (self, canary->canary_version);
  fd_snapshot_builder_add_canary (self->to, &copy, steps, n_steps);
}

void
_fd_record_copier_sample (FdRecordCopier       *self,
                          const FdCanarySample *sample)
{
  FdCanarySample copy = *sample;

  copy.canary_id = copy_str (self, sample->canary_id);
  fd_snapshot_builder_add_sample (self->to, &copy);
}

static gboolean
str_equal (const FdSnapshot *sa,
           FdStr             a,
           const FdSnapshot *sb,
           FdStr             b)
{
  const char *ta, *tb;
  gsize la, lb;

  ta = fd_snapshot_str_len (sa, a, &la);
  tb = fd_snapshot_str_len (sb, b, &lb);
  if (ta == NULL || tb == NULL)
    return ta == tb;
  return la == lb && memcmp (ta, tb, la) == 0;
}

static gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

gboolean
_fd_runs_equal (const FdSnapshot    *sa,
                const FdPipelineRun *a,
                const FdSnapshot    *sb,
                const FdPipelineRun *b)
{
  const FdStage *xa, *xb;
  gsize na, nb;

  if (a->started_at != b->started_at || a->finished_at != b->finished_at ||
      a->status != b->status || a->n_stages != b->n_stages ||
      !str_equal (sa, a->id, sb, b->id) || !str_equal (sa, a->pipeline, sb, b->pipeline) ||
      !str_equal (sa, a->service, sb, b->service) ||
      !str_equal (sa, a->environment, sb, b->environment) ||
      !str_equal (sa, a->branch, sb, b->branch) || !str_equal (sa, a->commit, sb, b->commit) ||
      !str_equal (sa, a->trigger, sb, b->trigger))
    return FALSE;

  xa = fd_snapshot_get_stages (sa, a, &na);
  xb = fd_snapshot_get_stages (sb, b, &nb);
  if (na != nb)
    return FALSE;
  for (gsize k = 0; k < na; k++)
    {
      if (xa[k].status != xb[k].status ||
          memcmp (&xa[k].duration_s, &xb[k].duration_s, sizeof (float)) != 0 ||
          !str_equal (sa, xa[k].name, sb, xb[k].name))
        return FALSE;
    }

  return TRUE;
}

gboolean
_fd_deployments_equal (const FdSnapshot   *sa,
                       const FdDeployment *a,
                       const FdSnapshot   *sb,
                       const FdDeployment *b)
{
  return a->started_at == b->started_at && a->finished_at == b->finished_at &&
         a->committed_at == b->committed_at && a->status == b->status &&
         a->caused_incident == b->caused_incident &&
         str_equal (sa, a->id, sb, b->id) && str_equal (sa, a->service, sb, b->service) &&
         str_equal (sa, a->environment, sb, b->environment) &&
         str_equal (sa, a->version, sb, b->version) &&
         str_equal (sa, a->previous_version, sb, b->previous_version) &&
         str_equal (sa, a->strategy, sb, b->strategy) &&
         str_equal (sa, a->commit, sb, b->commit);
}

gboolean
_fd_alerts_equal (const FdSnapshot *sa,
                  const FdAlert    *a,
                  const FdSnapshot *sb,
                  const FdAlert    *b)
{
  return a->started_at == b->started_at && a->acknowledged_at == b->acknowledged_at &&
         a->resolved_at == b->resolved_at && a->severity == b->severity &&
         a->status == b->status &&
         str_equal (sa, a->id, sb, b->id) && str_equal (sa, a->name, sb, b->name) &&
         str_equal (sa, a->service, sb, b->service) &&
         str_equal (sa, a->environment, sb, b->environment) &&
         str_equal (sa, a->summary, sb, b->summary);
}

gboolean
_fd_canaries_equal (const FdSnapshot *sa,
                    const FdCanary   *a,
                    const FdSnapshot *sb,
                    const FdCanary   *b)
{
  const double *xa, *xb;
  gsize na, nb;

  if (a->started_at != b->started_at || a->finished_at != b->finished_at ||
      a->current_step != b->current_step || !same_double (a->traffic_percent, b->traffic_percent) ||
      a->status != b->status ||
      !str_equal (sa, a->id, sb, b->id) || !str_equal (sa, a->service, sb, b->service) ||
      !str_equal (sa, a->environment, sb, b->environment) ||
      !str_equal (sa, a->baseline_version, sb, b->baseline_version) ||
      !str_equal (sa, a->canary_version, sb, b->canary_version))
    return FALSE;

  xa = fd_snapshot_get_steps (sa, a, &na);
  xb = fd_snapshot_get_steps (sb, b, &nb);
  return na == nb && (na == 0 || memcmp (xa, xb, na * sizeof (double)) == 0);
}

gboolean
_fd_samples_equal (const FdSnapshot     *sa,
                   const FdCanarySample *a,
                   const FdSnapshot     *sb,
                   const FdCanarySample *b)
{
  return a->at == b->at && a->variant == b->variant && a->requests == b->requests &&
         a->errors == b->errors && same_double (a->latency_p50_ms, b->latency_p50_ms) &&
         same_double (a->latency_p95_ms, b->latency_p95_ms) &&
         same_double (a->latency_p99_ms, b->latency_p99_ms) &&
         str_equal (sa, a->canary_id, sb, b->canary_id);
}

GPtrArray *
_fd_local_silences (FdActionStore *store,
                    const char    *uri)
{
  GPtrArray *silences = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);
  g_autoptr(GHashTable) by_target = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) actions = NULL;

  if (store == NULL)
    return silences;

  actions = fd_action_store_list (store, uri);
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      const FdAction *action = g_ptr_array_index (actions, i);
      FdSilence *silence;

      if (action->kind != FD_ACTION_SILENCE || action->until == FD_TIME_NONE)
        continue;

      silence = fd_silence_new ();
      silence->id = g_strdup_printf ("%s:silence:%s", uri, action->target_id);
      silence->target_id = g_strdup (action->target_id);
      silence->created_by = g_strdup (action->author);
      silence->comment = g_strdup (action->comment);
      silence->starts_at = action->at;
      silence->ends_at = action->until;
      silence->state = g_strdup ("active");

      /* The log is in the order the user acted: the latest silence wins. */
      {
        gpointer index;

        if (g_hash_table_lookup_extended (by_target, action->target_id, NULL, &index))
          {
            fd_silence_free (g_ptr_array_index (silences, GPOINTER_TO_UINT (index)));
            g_ptr_array_index (silences, GPOINTER_TO_UINT (index)) = silence;
            continue;
          }
        g_hash_table_insert (by_target, action->target_id, GUINT_TO_POINTER (silences->len));
        g_ptr_array_add (silences, silence);
      }
    }

  return silences;
}

char *
_fd_local_store_note (FdActionStore *store,
                      const GError  *open_error)
{
  const GError *recovery = store != NULL ? fd_action_store_get_recovery_error (store) : NULL;

  if (recovery != NULL)
    return g_strdup (recovery->message);
  if (open_error != NULL)
    return g_strdup (open_error->message);
  return NULL;
}
