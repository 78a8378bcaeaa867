/* fd-gitlab-source.h
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

#define FD_TYPE_GITLAB_SOURCE (fd_gitlab_source_get_type ())
G_DECLARE_FINAL_TYPE (FdGitlabSource, fd_gitlab_source, FD, GITLAB_SOURCE, FdLiveSource)

/* gitlab:PROJECT (a number or a path, URL-encoded or not): pipelines (jobs as
 * stages) and deployments. */
FdSource *fd_gitlab_source_new (const FdSourceConfig *config,
                                GError              **error);

/* The mapping without HTTP (tests, fuzzing). @detail and @jobs are nullable. */
gboolean  fd_gitlab_map_pipeline   (FdSnapshotBuilder *builder,
                                    const char        *uri,
                                    const char        *project,
                                    FdEnvironmentMap  *environments,
                                    JsonObject        *pipeline,
                                    JsonObject        *detail,
                                    JsonArray         *jobs);
gboolean  fd_gitlab_map_deployment (FdSnapshotBuilder *builder,
                                    const char        *uri,
                                    const char        *project,
                                    JsonObject        *deployment);

G_END_DECLS
