/* fd-jenkins-source.h
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

#define FD_TYPE_JENKINS_SOURCE (fd_jenkins_source_get_type ())
G_DECLARE_FINAL_TYPE (FdJenkinsSource, fd_jenkins_source, FD, JENKINS_SOURCE, FdLiveSource)

/* jenkins:JOB[/JOB…]: the builds of one job, in folders or not. The token is
 * "user:api-token", sent as HTTP Basic. Record ids:
 * "jenkins:FOLDER/JOB:build:NUMBER". */
FdSource *fd_jenkins_source_new   (const FdSourceConfig *config,
                                   GError              **error);

/* The mapping without HTTP (tests, fuzzing). @job_path: "folder/job" (the
 * pipeline; its last part is the service). Returns FALSE, adding nothing,
 * when @build cannot be a valid events v1 record. */
gboolean  fd_jenkins_map_build    (FdSnapshotBuilder *builder,
                                   const char        *uri,
                                   const char        *job_path,
                                   FdEnvironmentMap  *environments,
                                   JsonObject        *build);
/* A job's JSON API answer ({"builds": […]}). Returns the records made;
 * *n_skipped (nullable) gets the builds left out. Another shape fails with
 * FD_HTTP_ERROR_BAD_RESPONSE. */
guint     fd_jenkins_parse_builds (JsonNode          *root,
                                   FdSnapshotBuilder *builder,
                                   const char        *uri,
                                   const char        *job_path,
                                   FdEnvironmentMap  *environments,
                                   guint             *n_skipped,
                                   GError           **error);
/* "/job/A/job/B/api/json?tree=…" for "A/B", each name escaped. */
char     *fd_jenkins_builds_path  (const char        *job_path);

G_END_DECLS
