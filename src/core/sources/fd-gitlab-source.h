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

/* gitlab:PROJECT (a number, or a path such as group/project, URL-encoded or
 * not): pipelines (their jobs as stages) and deployments. Record ids:
 * "gitlab:PROJECT:pipeline:PIPELINE_ID" and "gitlab:PROJECT:deployment:ID". */
FdSource *fd_gitlab_source_new (const FdSourceConfig *config,
                                GError              **error);

/* The mappings of the spec, without HTTP (tests, fuzzing). @project: the
 * project's short name (the service). Each returns FALSE, adding nothing,
 * when the item cannot be a valid events v1 record. */

/* @detail (the single-pipeline answer) and @jobs (its /jobs list) are nullable. */
gboolean  fd_gitlab_map_pipeline      (FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *project,
                                       FdEnvironmentMap  *environments,
                                       JsonObject        *pipeline,
                                       JsonObject        *detail,
                                       JsonArray         *jobs);
gboolean  fd_gitlab_map_deployment    (FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *project,
                                       JsonObject        *deployment);
/* A pipelines-list answer ([…]); a pipeline may carry its detail as
 * "detail" and its jobs as "jobs". Returns the records made; *n_skipped
 * (nullable) gets the items left out. Another shape fails with
 * FD_HTTP_ERROR_BAD_RESPONSE. */
guint     fd_gitlab_parse_pipelines   (JsonNode          *root,
                                       FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *project,
                                       FdEnvironmentMap  *environments,
                                       guint             *n_skipped,
                                       GError           **error);
/* A deployments-list answer ([…]). */
guint     fd_gitlab_parse_deployments (JsonNode          *root,
                                       FdSnapshotBuilder *builder,
                                       const char        *uri,
                                       const char        *project,
                                       guint             *n_skipped,
                                       GError           **error);

G_END_DECLS
