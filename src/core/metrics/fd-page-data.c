/* fd-page-data.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-page-data"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-page-data.h"

G_DEFINE_BOXED_TYPE (FdPageData, fd_page_data, fd_page_data_ref, fd_page_data_unref)

/**
 * fd_page_data_period_label:
 * @span: the length of the window in microseconds
 *
 * Names the period before a window of length @span, for the KPI deltas.
 *
 * Returns: (transfer full): e.g. "previous 7 days", "previous 6 hours"
 */
char *
fd_page_data_period_label (FdTime span)
{
  gint64 seconds = span / G_USEC_PER_SEC;

  if (seconds > 0 && seconds % 86400 == 0)
    {
      gint64 days = seconds / 86400;

      if (days == 1)
        return g_strdup (_("previous day"));
      /* Translators: the period before the one shown, for "↑ 3 % vs previous 7 days" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "previous %d day",
                                           "previous %d days", days), (int) days);
    }

  if (seconds > 0 && seconds % 3600 == 0)
    {
      gint64 hours = seconds / 3600;

      if (hours == 1)
        return g_strdup (_("previous hour"));
      /* Translators: the period before the one shown, for "↑ 3 % vs previous 6 hours" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "previous %d hour",
                                           "previous %d hours", hours), (int) hours);
    }

  return g_strdup (_("previous period"));
}

static gboolean
environment_matches (FdStr env,
                     FdStr wanted,
                     gboolean filtered)
{
  return !filtered || env == wanted;
}

/* Walks [first, last) backwards and keeps up to FD_PAGE_DATA_MAX_ROWS
 * indices of records in the environment, newest first. Counting all matches
 * still needs the whole range, but only a compare per record. */
#define COLLECT_RECENT(records, first, last, env_field, wanted, filtered, out, n_out, n_all) \
  G_STMT_START {                                                              \
    GArray *collected = g_array_new (FALSE, FALSE, sizeof (guint32));         \
    gsize all = 0;                                                            \
    for (gsize i = (last); i > (first); i--)                                  \
      {                                                                       \
        if (!environment_matches ((records)[i - 1].env_field, (wanted), (filtered))) \
          continue;                                                           \
        all++;                                                                \
        if (collected->len < FD_PAGE_DATA_MAX_ROWS)                           \
          {                                                                   \
            guint32 idx = (guint32) (i - 1);                                  \
            g_array_append_val (collected, idx);                              \
          }                                                                   \
      }                                                                       \
    (n_out) = collected->len;                                                 \
    (out) = (guint32 *) (void *) g_array_free (collected, FALSE);             \
    (n_all) = all;                                                            \
  } G_STMT_END

/**
 * fd_page_data_compute:
 * @snapshot: the snapshot to query
 * @query: the filters: window [from, to), environment, time zone offset
 * @now: the time ages are measured from
 * @pass_threshold: the canary judge's pass score (e.g. 95)
 * @marginal_threshold: the canary judge's marginal score (e.g. 75)
 * @cancellable: (nullable): checked between the steps
 *
 * fd_page_data_compute_cached() without a cache.
 *
 * Returns: (transfer full) (nullable): the page data, or %NULL when
 *   @cancellable was cancelled
 */
FdPageData *
fd_page_data_compute (FdSnapshot    *snapshot,
                      const FdQuery *query,
                      FdTime         now,
                      double         pass_threshold,
                      double         marginal_threshold,
                      GCancellable  *cancellable)
{
  return fd_page_data_compute_cached (snapshot, query, now, pass_threshold, marginal_threshold,
                                      NULL, cancellable);
}

/**
 * fd_page_data_compute_cached:
 * @snapshot: the snapshot to query
 * @query: the filters: window [from, to), environment, time zone offset
 * @now: the time ages are measured from
 * @pass_threshold: the canary judge's pass score (e.g. 95)
 * @marginal_threshold: the canary judge's marginal score (e.g. 75)
 * @cache: (nullable): canary verdicts of earlier queries (of any snapshot)
 * @cancellable: (nullable): checked between the steps
 *
 * Computes everything the four pages show. Meant for a worker thread: the
 * snapshot is immutable and the result shares nothing mutable. With @cache,
 * a canary whose samples did not change since an earlier query is not
 * judged again; the result is the same as without it.
 *
 * Returns: (transfer full) (nullable): the page data, or %NULL when
 *   @cancellable was cancelled
 */
FdPageData *
fd_page_data_compute_cached (FdSnapshot         *snapshot,
                             const FdQuery      *query,
                             FdTime              now,
                             double              pass_threshold,
                             double              marginal_threshold,
                             FdCanaryJudgeCache *cache,
                             GCancellable       *cancellable)
{
  g_autoptr(FdPageData) self = NULL;
  FdQuery previous;
  FdTime span;
  FdStr wanted = FD_STR_NONE;
  gboolean filtered;
  gsize first = 0;
  gsize last = 0;
  gsize n = 0;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_new0 (FdPageData, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->snapshot = fd_snapshot_ref (snapshot);
  self->query = *query;
  if (query->environment != NULL && query->environment[0] != '\0')
    self->environment = g_strdup (query->environment);
  self->query.environment = self->environment;
  self->now = now;
  span = MAX (query->to - query->from, 0);
  self->period_label = fd_page_data_period_label (span);

  self->current = fd_metrics_compute (snapshot, &self->query);
  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  previous = self->query;
  previous.from = query->from - span;
  previous.to = query->from;
  self->previous = fd_metrics_compute (snapshot, &previous);
  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  self->dashboard = fd_dashboard_compute (snapshot, &self->query);
  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  /* Each canary is judged over its whole life up to the end of the window,
   * not only the part inside it, as the analysis is about the rollout. */
  {
    g_autofree FdStr *ids = g_new (FdStr, MAX (self->current->n_canaries, 1));
    g_autofree FdTime *starts = g_new (FdTime, MAX (self->current->n_canaries, 1));

    for (gsize i = 0; i < self->current->n_canaries; i++)
      {
        ids[i] = self->current->canaries[i].canary->id;
        starts[i] = self->current->canaries[i].canary->started_at;
      }
    self->verdicts = fd_canary_judge_snapshot_all (snapshot, ids, starts,
                                                   self->current->n_canaries, query->to, FALSE,
                                                   pass_threshold, marginal_threshold, cache);
  }

  filtered = self->environment != NULL;
  if (filtered)
    wanted = fd_snapshot_lookup (snapshot, self->environment);

  {
    const FdPipelineRun *runs = fd_snapshot_get_runs (snapshot, &n);

    fd_snapshot_runs_range (snapshot, query->from, query->to, &first, &last);
    last = MIN (last, n);
    COLLECT_RECENT (runs, first, last, environment, wanted, filtered,
                    self->recent_runs, self->n_recent_runs, self->n_matching_runs);
  }
  {
    const FdDeployment *deployments = fd_snapshot_get_deployments (snapshot, &n);

    fd_snapshot_deployments_range (snapshot, query->from, query->to, &first, &last);
    last = MIN (last, n);
    COLLECT_RECENT (deployments, first, last, environment, wanted, filtered,
                    self->recent_deployments, self->n_recent_deployments,
                    self->n_matching_deployments);
  }
  {
    const FdAlert *alerts = fd_snapshot_get_alerts (snapshot, &n);

    fd_snapshot_alerts_range (snapshot, query->from, query->to, &first, &last);
    last = MIN (last, n);
    COLLECT_RECENT (alerts, first, last, environment, wanted, filtered,
                    self->recent_alerts, self->n_recent_alerts, self->n_matching_alerts);
  }

  if (g_cancellable_is_cancelled (cancellable))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * fd_page_data_ref:
 * @self: a #FdPageData
 *
 * Returns: (transfer full): @self
 */
FdPageData *
fd_page_data_ref (FdPageData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * fd_page_data_unref:
 * @self: (transfer full): a #FdPageData
 *
 * Drops a reference; the last one frees the data and releases the snapshot.
 */
void
fd_page_data_unref (FdPageData *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->current, fd_metrics_free);
  g_clear_pointer (&self->previous, fd_metrics_free);
  g_clear_pointer (&self->dashboard, fd_dashboard_free);
  g_clear_pointer (&self->verdicts, g_ptr_array_unref);
  g_clear_pointer (&self->recent_runs, g_free);
  g_clear_pointer (&self->recent_deployments, g_free);
  g_clear_pointer (&self->recent_alerts, g_free);
  g_clear_pointer (&self->period_label, g_free);
  g_clear_pointer (&self->environment, g_free);
  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  g_free (self);
}

/**
 * fd_page_data_range_label:
 * @span: the length of the window in microseconds
 *
 * Names a window of length @span, for empty states.
 *
 * Returns: (transfer full): e.g. "the last 7 days", "the last hour"
 */
char *
fd_page_data_range_label (FdTime span)
{
  gint64 seconds = span / G_USEC_PER_SEC;

  if (seconds == 86400)
    return g_strdup (_("the last day"));
  if (seconds > 0 && seconds % 86400 == 0)
    /* Translators: a time window, for "No runs in the last 7 days" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the last %d day",
                                         "the last %d days", seconds / 86400),
                            (int) (seconds / 86400));
  if (seconds == 3600)
    return g_strdup (_("the last hour"));
  if (seconds > 0 && seconds % 3600 == 0)
    /* Translators: a time window, for "No runs in the last 6 hours" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the last %d hour",
                                         "the last %d hours", seconds / 3600),
                            (int) (seconds / 3600));
  return g_strdup (_("this time range"));
}
