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
 * resume and roll back patch the Rollout as `kubectl argo rollouts` does. */
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
