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

/* github:OWNER/REPO: workflow runs (jobs as stages) and deployments. */
FdSource *fd_github_source_new (const FdSourceConfig *config,
                                GError              **error);

/* The mapping of one answer, without HTTP (for tests and fuzzing).
 * @uri: the source URI; @repo: the repository's name (the service);
 * @jobs: nullable, the run's /jobs answer. Returns FALSE when @run is not a
 * usable run (it is then skipped). */
gboolean  fd_github_map_run        (FdSnapshotBuilder *builder,
                                    const char        *uri,
                                    const char        *repo,
                                    FdEnvironmentMap  *environments,
                                    JsonObject        *run,
                                    JsonObject        *jobs);
/* @statuses: the deployment's /statuses answer (newest first), nullable;
 * @committed_at: the commit's committer date or FD_TIME_NONE. */
gboolean  fd_github_map_deployment (FdSnapshotBuilder *builder,
                                    const char        *uri,
                                    const char        *repo,
                                    JsonObject        *deployment,
                                    JsonArray         *statuses,
                                    FdTime             committed_at);
/* Maps a runs-list answer ({"workflow_runs": […]}) without stages; for fuzzing. */
guint     fd_github_map_runs_page  (FdSnapshotBuilder *builder,
                                    const char        *uri,
                                    JsonNode          *root,
                                    GError           **error);

G_END_DECLS
