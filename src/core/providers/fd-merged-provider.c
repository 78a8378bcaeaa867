/* fd-merged-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-merged-provider"

#include "config.h"

#include "fd-merged-provider.h"

struct _FdMergedProvider
{
  GObject      parent_instance;

  /* Owned */
  GPtrArray   *children;        /* FdDataProvider */
  GPtrArray   *errors;          /* GError, one per child that failed in the last refresh */
  FdSnapshot  *snapshot;
  guint        remerge_source;
  guint        refreshing;      /* refreshes in flight; children's signals are ours then */
  guint        generation;      /* bumped when children change */
};

static void fd_merged_provider_iface_init (FdDataProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdMergedProvider, fd_merged_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_DATA_PROVIDER,
                                                      fd_merged_provider_iface_init))

/* ---- Merging ---- */

typedef struct
{
  const FdSnapshot  *from;
  FdSnapshotBuilder *builder;
  GArray            *map;         /* old FdStr → new FdStr, 0 = not seen yet */
} Remap;

static FdStr
remap (Remap *r,
       FdStr  str)
{
  FdStr *slot;

  if (str == FD_STR_NONE)
    return FD_STR_NONE;

  if (str >= r->map->len)
    g_array_set_size (r->map, MAX (str + 1, r->map->len * 2));
  slot = &g_array_index (r->map, FdStr, str);
  if (*slot == FD_STR_NONE)
    *slot = fd_snapshot_builder_intern (r->builder, fd_snapshot_str (r->from, str));
  return *slot;
}

static void
merge_one (FdSnapshotBuilder *builder,
           const FdSnapshot  *snapshot)
{
  Remap r = { snapshot, builder, g_array_new (FALSE, TRUE, sizeof (FdStr)) };
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (FdStage));
  const FdPipelineRun *runs;
  const FdDeployment *deployments;
  const FdAlert *alerts;
  const FdCanary *canaries;
  const FdCanarySample *samples;
  gsize n;

  runs = fd_snapshot_get_runs (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdPipelineRun run = runs[i];
      const FdStage *src;
      gsize n_stages;

      src = fd_snapshot_get_stages (snapshot, &runs[i], &n_stages);
      g_array_set_size (stages, n_stages);
      for (gsize k = 0; k < n_stages; k++)
        {
          FdStage *stage = &g_array_index (stages, FdStage, k);

          *stage = src[k];
          stage->name = remap (&r, src[k].name);
        }
      run.id = remap (&r, run.id);
      run.pipeline = remap (&r, run.pipeline);
      run.service = remap (&r, run.service);
      run.environment = remap (&r, run.environment);
      run.branch = remap (&r, run.branch);
      run.commit = remap (&r, run.commit);
      run.trigger = remap (&r, run.trigger);
      fd_snapshot_builder_add_run (builder, &run, (const FdStage *) (gpointer) stages->data,
                                   n_stages);
    }

  deployments = fd_snapshot_get_deployments (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdDeployment d = deployments[i];

      d.id = remap (&r, d.id);
      d.service = remap (&r, d.service);
      d.environment = remap (&r, d.environment);
      d.version = remap (&r, d.version);
      d.previous_version = remap (&r, d.previous_version);
      d.strategy = remap (&r, d.strategy);
      d.commit = remap (&r, d.commit);
      fd_snapshot_builder_add_deployment (builder, &d);
    }

  alerts = fd_snapshot_get_alerts (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdAlert a = alerts[i];

      a.id = remap (&r, a.id);
      a.name = remap (&r, a.name);
      a.service = remap (&r, a.service);
      a.environment = remap (&r, a.environment);
      a.summary = remap (&r, a.summary);
      fd_snapshot_builder_add_alert (builder, &a);
    }

  canaries = fd_snapshot_get_canaries (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdCanary c = canaries[i];
      const double *steps;
      gsize n_steps;

      steps = fd_snapshot_get_steps (snapshot, &canaries[i], &n_steps);
      c.id = remap (&r, c.id);
      c.service = remap (&r, c.service);
      c.environment = remap (&r, c.environment);
      c.baseline_version = remap (&r, c.baseline_version);
      c.canary_version = remap (&r, c.canary_version);
      fd_snapshot_builder_add_canary (builder, &c, steps, n_steps);
    }

  samples = fd_snapshot_get_samples (snapshot, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdCanarySample s = samples[i];

      s.canary_id = remap (&r, s.canary_id);
      fd_snapshot_builder_add_sample (builder, &s);
    }

  g_array_unref (r.map);
}

/**
 * fd_merged_provider_merge_snapshots:
 * @snapshots: (array length=n_snapshots): the snapshots to combine
 * @n_snapshots: how many
 *
 * Combines snapshots into one, re-interning every string. Records of the same
 * type and id follow the append-only rule: the later snapshot wins.
 *
 * Returns: (transfer full): the merged snapshot
 */
FdSnapshot *
fd_merged_provider_merge_snapshots (FdSnapshot * const *snapshots,
                                    guint               n_snapshots)
{
  FdSnapshotBuilder *builder;

  g_return_val_if_fail (snapshots != NULL || n_snapshots == 0, NULL);

  builder = fd_snapshot_builder_new ();
  for (guint i = 0; i < n_snapshots; i++)
    merge_one (builder, snapshots[i]);

  return fd_snapshot_builder_end (builder);
}

/* ---- Refresh ---- */

typedef struct
{
  GTask     *outer;
  GPtrArray *errors;
  guint      pending;
  guint      generation;
} RefreshState;

static void
merge_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *snapshots = task_data;

  g_task_return_pointer (task,
                         fd_merged_provider_merge_snapshots ((FdSnapshot * const *) snapshots->pdata,
                                                             snapshots->len),
                         (GDestroyNotify) fd_snapshot_unref);
}

static void
merge_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RefreshState *state = user_data;
  FdMergedProvider *self = g_task_get_source_object (state->outer);
  g_autoptr(GError) error = NULL;
  FdSnapshot *snapshot;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  self->refreshing--;

  if (snapshot == NULL)
    g_task_return_error (state->outer, g_steal_pointer (&error));
  else
    {
      if (state->generation == self->generation)
        {
          g_clear_pointer (&self->snapshot, fd_snapshot_unref);
          self->snapshot = fd_snapshot_ref (snapshot);
          g_clear_pointer (&self->errors, g_ptr_array_unref);
          self->errors = g_ptr_array_ref (state->errors);
          fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
        }
      g_task_return_pointer (state->outer, snapshot, (GDestroyNotify) fd_snapshot_unref);
    }

  g_object_unref (state->outer);
  g_ptr_array_unref (state->errors);
  g_free (state);
}

static void
start_merge (FdMergedProvider *self,
             RefreshState     *state)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_snapshot_unref);

  for (guint i = 0; i < self->children->len; i++)
    {
      FdSnapshot *snapshot = fd_data_provider_dup_snapshot (g_ptr_array_index (self->children, i));

      if (snapshot != NULL)
        g_ptr_array_add (snapshots, snapshot);
    }

  /* Only fail when nothing at all is left to show. */
  if (snapshots->len == 0 && state->errors->len > 0)
    {
      self->refreshing--;
      g_task_return_error (state->outer, g_error_copy (g_ptr_array_index (state->errors, 0)));
      g_clear_pointer (&self->errors, g_ptr_array_unref);
      self->errors = g_ptr_array_ref (state->errors);
      g_ptr_array_unref (snapshots);
      g_object_unref (state->outer);
      g_ptr_array_unref (state->errors);
      g_free (state);
      return;
    }

  /* The worker's task has no source object: the thread pool may drop its
   * reference a moment after our callback ran, and it must not keep us alive. */
  task = g_task_new (NULL, g_task_get_cancellable (state->outer), merge_done_cb, state);
  g_task_set_task_data (task, snapshots, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, merge_worker);
}

static void
child_refreshed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RefreshState *state = user_data;
  FdMergedProvider *self = g_task_get_source_object (state->outer);
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = fd_data_provider_refresh_finish (FD_DATA_PROVIDER (object), result, &error);
  if (snapshot == NULL)
    {
      g_prefix_error (&error, "%s: ", fd_data_provider_get_name (FD_DATA_PROVIDER (object)));
      g_ptr_array_add (state->errors, g_steal_pointer (&error));
    }

  if (--state->pending == 0)
    start_merge (self, state);
}

static void
fd_merged_provider_refresh_async (FdDataProvider      *provider,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  FdMergedProvider *self = FD_MERGED_PROVIDER (provider);
  g_autoptr(GPtrArray) children = NULL;
  RefreshState *state;

  state = g_new0 (RefreshState, 1);
  state->outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (state->outer, fd_merged_provider_refresh_async);
  state->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  state->generation = self->generation;
  self->refreshing++;

  if (self->children->len == 0)
    {
      start_merge (self, state);
      return;
    }

  /* Children may be removed from self->children while they work. */
  children = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->children->len; i++)
    g_ptr_array_add (children, g_object_ref (g_ptr_array_index (self->children, i)));
  state->pending = children->len;
  for (guint i = 0; i < children->len; i++)
    fd_data_provider_refresh_async (g_ptr_array_index (children, i), cancellable,
                                    child_refreshed_cb, state);
}

static FdSnapshot *
fd_merged_provider_refresh_finish (FdDataProvider  *provider,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remerged_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FdMergedProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  FdSnapshot *snapshot;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  self->refreshing--;
  if (snapshot == NULL)
    return;

  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  self->snapshot = snapshot;
  fd_data_provider_emit_snapshot_changed (FD_DATA_PROVIDER (self));
}

static gboolean
remerge_idle_cb (gpointer user_data)
{
  FdMergedProvider *self = user_data;
  g_autoptr(GTask) task = NULL;
  GPtrArray *snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_snapshot_unref);

  self->remerge_source = 0;
  for (guint i = 0; i < self->children->len; i++)
    {
      FdSnapshot *snapshot = fd_data_provider_dup_snapshot (g_ptr_array_index (self->children, i));

      if (snapshot != NULL)
        g_ptr_array_add (snapshots, snapshot);
    }

  self->refreshing++;
  task = g_task_new (NULL, NULL, remerged_cb, g_object_ref (self));
  g_task_set_task_data (task, snapshots, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, merge_worker);

  return G_SOURCE_REMOVE;
}

static void
child_snapshot_changed_cb (FdMergedProvider *self,
                           FdDataProvider   *child)
{
  /* During our own refresh the merge follows anyway. A child that changed
   * on its own (a file written to) is merged again once the loop is idle,
   * so that several children changing together cost one merge. */
  if (self->refreshing > 0 || self->remerge_source != 0)
    return;

  self->remerge_source = g_idle_add (remerge_idle_cb, self);
}

static const char *
fd_merged_provider_get_name (FdDataProvider *provider)
{
  return "Merged";
}

static const char * const *
fd_merged_provider_get_environments (FdDataProvider *provider)
{
  FdMergedProvider *self = FD_MERGED_PROVIDER (provider);
  static const char * const none[] = { NULL };

  return self->snapshot != NULL ? fd_snapshot_get_environments (self->snapshot) : none;
}

static FdSnapshot *
fd_merged_provider_dup_snapshot (FdDataProvider *provider)
{
  FdMergedProvider *self = FD_MERGED_PROVIDER (provider);

  return self->snapshot != NULL ? fd_snapshot_ref (self->snapshot) : NULL;
}

static gboolean
fd_merged_provider_is_live (FdDataProvider *provider)
{
  FdMergedProvider *self = FD_MERGED_PROVIDER (provider);

  for (guint i = 0; i < self->children->len; i++)
    if (fd_data_provider_is_live (g_ptr_array_index (self->children, i)))
      return TRUE;

  return FALSE;
}

static void
fd_merged_provider_iface_init (FdDataProviderInterface *iface)
{
  iface->get_name = fd_merged_provider_get_name;
  iface->get_environments = fd_merged_provider_get_environments;
  iface->dup_snapshot = fd_merged_provider_dup_snapshot;
  iface->is_live = fd_merged_provider_is_live;
  iface->refresh_async = fd_merged_provider_refresh_async;
  iface->refresh_finish = fd_merged_provider_refresh_finish;
}

static void
fd_merged_provider_dispose (GObject *object)
{
  FdMergedProvider *self = FD_MERGED_PROVIDER (object);

  g_clear_handle_id (&self->remerge_source, g_source_remove);
  if (self->children != NULL)
    g_ptr_array_set_size (self->children, 0);

  G_OBJECT_CLASS (fd_merged_provider_parent_class)->dispose (object);
}

static void
fd_merged_provider_finalize (GObject *object)
{
  FdMergedProvider *self = FD_MERGED_PROVIDER (object);

  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);

  G_OBJECT_CLASS (fd_merged_provider_parent_class)->finalize (object);
}

static void
fd_merged_provider_class_init (FdMergedProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_merged_provider_dispose;
  object_class->finalize = fd_merged_provider_finalize;
}

static void
fd_merged_provider_init (FdMergedProvider *self)
{
  self->children = g_ptr_array_new_with_free_func (g_object_unref);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

/**
 * fd_merged_provider_new:
 *
 * Returns: (transfer full): a provider without children, whose snapshot is
 *   empty until children are added and refreshed
 */
FdMergedProvider *
fd_merged_provider_new (void)
{
  return g_object_new (FD_TYPE_MERGED_PROVIDER, NULL);
}

/**
 * fd_merged_provider_add:
 * @self: an #FdMergedProvider
 * @child: the provider to add
 *
 * Adds @child; its data shows after the next refresh or its own change.
 */
void
fd_merged_provider_add (FdMergedProvider *self,
                        FdDataProvider   *child)
{
  g_return_if_fail (FD_IS_MERGED_PROVIDER (self));
  g_return_if_fail (FD_IS_DATA_PROVIDER (child));
  g_return_if_fail ((gpointer) child != (gpointer) self);

  if (g_ptr_array_find (self->children, child, NULL))
    return;

  g_ptr_array_add (self->children, g_object_ref (child));
  g_signal_connect_object (child, "snapshot-changed", G_CALLBACK (child_snapshot_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->generation++;
}

/**
 * fd_merged_provider_remove:
 * @self: an #FdMergedProvider
 * @child: a provider added before
 */
void
fd_merged_provider_remove (FdMergedProvider *self,
                           FdDataProvider   *child)
{
  g_return_if_fail (FD_IS_MERGED_PROVIDER (self));
  g_return_if_fail (FD_IS_DATA_PROVIDER (child));

  g_signal_handlers_disconnect_by_func (child, child_snapshot_changed_cb, self);
  if (g_ptr_array_remove (self->children, child))
    self->generation++;
}

/**
 * fd_merged_provider_get_n_children:
 * @self: an #FdMergedProvider
 *
 * Returns: the number of children
 */
guint
fd_merged_provider_get_n_children (FdMergedProvider *self)
{
  g_return_val_if_fail (FD_IS_MERGED_PROVIDER (self), 0);

  return self->children->len;
}

/**
 * fd_merged_provider_get_child:
 * @self: an #FdMergedProvider
 * @index: which child
 *
 * Returns: (transfer none): the child at @index
 */
FdDataProvider *
fd_merged_provider_get_child (FdMergedProvider *self,
                              guint             index)
{
  g_return_val_if_fail (FD_IS_MERGED_PROVIDER (self), NULL);
  g_return_val_if_fail (index < self->children->len, NULL);

  return g_ptr_array_index (self->children, index);
}

/**
 * fd_merged_provider_get_errors:
 * @self: an #FdMergedProvider
 *
 * The children's errors of the last refresh. Their data from before the
 * failure is still part of the merged snapshot.
 *
 * Returns: (transfer none) (element-type GError): one error per failed child
 */
GPtrArray *
fd_merged_provider_get_errors (FdMergedProvider *self)
{
  g_return_val_if_fail (FD_IS_MERGED_PROVIDER (self), NULL);

  return self->errors;
}
