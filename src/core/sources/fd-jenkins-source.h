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
 * "user:api-token", sent as HTTP Basic. */
FdSource *fd_jenkins_source_new   (const FdSourceConfig *config,
                                   GError              **error);

/* The mapping without HTTP (tests, fuzzing). @job_path: "folder/job". */
gboolean  fd_jenkins_map_build    (FdSnapshotBuilder *builder,
                                   const char        *uri,
                                   const char        *job_path,
                                   FdEnvironmentMap  *environments,
                                   JsonObject        *build);
/* "/job/A/job/B/api/json?tree=…" for "A/B", each name escaped. */
char     *fd_jenkins_builds_path  (const char        *job_path);

G_END_DECLS
