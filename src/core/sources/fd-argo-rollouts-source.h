/* fd-argo-rollouts-source.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fd-live-source.h"
#include "fd-snapshot.h"
#include "fd-source-config.h"

G_BEGIN_DECLS

#define FD_TYPE_ARGO_ROLLOUTS_SOURCE (fd_argo_rollouts_source_get_type ())
G_DECLARE_FINAL_TYPE (FdArgoRolloutsSource, fd_argo_rollouts_source, FD, ARGO_ROLLOUTS_SOURCE,
                      FdLiveSource)

/* argo-rollouts:NAMESPACE: canary Rollouts from the Kubernetes API server,
 * with samples from Prometheus when its address is set; promote, pause,
 * resume and roll back patch the Rollout as `kubectl argo rollouts` does.
 *
 * - id "URI:NAME:currentPodHash" (a new revision is a new canary); actions
 *   take that id, "URI:NAME" or "NAME".
 * - service = the rollout's name; environment = its label "env", else
 *   "environment", else the namespace.
 * - traffic_percent = status.canary.weights.canary.weight when the
 *   controller reports it (traffic routing), else the current step's
 *   weight; 100 once promoted, 0 once rolled back.
 * - finished_at (promoted, rolled back) = the newest condition
 *   lastUpdateTime, else the poll's time.
 * - A canary still open at the last poll whose rollout shows another
 *   revision, or is gone, is closed as rolled_back at this poll (it was
 *   never promoted); the cursor keeps what that needs.
 * - Samples: one query_range per series with step = the first pause
 *   duration (else 60 s), from the canary ReplicaSet's creation (or, per
 *   the cursor, the last sample) to now or finished_at, on a fixed grid so
 *   that a sample asked twice replaces itself in the store. Prometheus gets
 *   no token. When it fails, the rollouts still come and the source's
 *   status message says why there are no samples. */
FdSource *fd_argo_rollouts_source_new (const FdSourceConfig *config,
                                       GError              **error);

/* The weights of a canary's steps (100 appended when the last is lower) and
 * the index of the last setWeight at or before @current_step_index. */
GArray   *fd_argo_rollouts_steps      (JsonObject           *rollout,
                                       guint                *out_current);
/* The mapping without HTTP (tests, fuzzing). @replicasets: the items of the
 * ReplicaSet list (nullable). Returns the record id, or NULL when @rollout
 * is not a canary. */
char     *fd_argo_rollouts_map        (FdSnapshotBuilder    *builder,
                                       const char           *uri,
                                       JsonObject           *rollout,
                                       JsonArray            *replicasets,
                                       FdTime                now);
/* The samples of one variant from the five query_range answers (requests,
 * errors, p50, p95, p99), skipping "NaN" and missing points. */
guint     fd_argo_rollouts_add_samples (FdSnapshotBuilder   *builder,
                                        const char          *canary_id,
                                        FdVariant            variant,
                                        JsonNode            *series[5]);

G_END_DECLS
