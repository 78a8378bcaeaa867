/* fd-github-source.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fd-live-source.h"
#include "fd-source-config.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

#define FD_TYPE_GITHUB_SOURCE (fd_github_source_get_type ())
G_DECLARE_FINAL_TYPE (FdGithubSource, fd_github_source, FD, GITHUB_SOURCE, FdLiveSource)

/* github:OWNER/REPO: workflow runs (their jobs as stages) and deployments.
 * Record ids: "github:OWNER/REPO:run:RUN_ID" and
 * "github:OWNER/REPO:deployment:DEPLOYMENT_ID". */
FdSource *fd_github_source_new (const FdSourceConfig *config,
                                GError              **error);

/* The mappings of the spec (sources-v1.md), without HTTP (tests, fuzzing).
 * @uri: the source URI; @repo: the repository's name (the service). Each
 * returns FALSE, adding nothing, when the item cannot be a valid events v1
 * record (no id, times missing, or finishing before it starts). */

/* @jobs: nullable, the run's jobs (the "jobs" list of /runs/{id}/jobs). */
gboolean  fd_github_map_run           (FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *repo,
                                       FdEnvironmentMap  *environments,
                                       JsonObject        *run,
                                       JsonArray         *jobs);
/* @statuses: nullable, the deployment's /statuses answer (newest first);
 * @committed_at: the commit's committer date or FD_TIME_NONE. */
gboolean  fd_github_map_deployment    (FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *repo,
                                       JsonObject        *deployment,
                                       JsonArray         *statuses,
                                       FdTime             committed_at);
/* A runs-list answer ({"workflow_runs": […]}); a run may carry its /jobs
 * answer as a "jobs" member. Returns the number of records made; *n_skipped
 * (nullable) gets the items left out. A body of another shape fails with
 * FD_HTTP_ERROR_BAD_RESPONSE. */
guint     fd_github_parse_runs        (JsonNode          *root,
                                       FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *repo,
                                       FdEnvironmentMap  *environments,
                                       guint             *n_skipped,
                                       GError           **error);
/* A deployments-list answer ([…]); a deployment may carry its /statuses
 * answer as "statuses" and its commit time as "committed_at". */
guint     fd_github_parse_deployments (JsonNode          *root,
                                       FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *repo,
                                       guint             *n_skipped,
                                       GError           **error);

G_END_DECLS
