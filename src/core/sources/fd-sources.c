/* fd-sources.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sources"

#include "config.h"

#include "fd-sources.h"

/* Source constructors, one per kind: */
/* CI/CD constructors: */
#include "fd-github-source.h"
#include "fd-gitlab-source.h"
#include "fd-jenkins-source.h"
/* Operations constructors: */
#include "fd-alertmanager-source.h"
#include "fd-argo-rollouts-source.h"
/* Local constructors: */
#include "fd-file-source.h"
#include "fd-sim-source.h"

/**
 * fd_source_new_for_config:
 * @config: what the source is
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error set
 */
FdSource *
fd_source_new_for_config (const FdSourceConfig *config,
                          GError              **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  switch (config->kind)
    {
    /* CI/CD cases: */
    case FD_SOURCE_KIND_GITHUB:
      return fd_github_source_new (config, error);
    case FD_SOURCE_KIND_GITLAB:
      return fd_gitlab_source_new (config, error);
    case FD_SOURCE_KIND_JENKINS:
      return fd_jenkins_source_new (config, error);
    /* Operations cases: */
    case FD_SOURCE_KIND_ALERTMANAGER:
      return fd_alertmanager_source_new (config, error);
    case FD_SOURCE_KIND_ARGO_ROLLOUTS:
      return fd_argo_rollouts_source_new (config, error);
    /* Local cases: */
    case FD_SOURCE_KIND_SIMULATOR:
      return fd_sim_source_new_for_config (config, error);
    case FD_SOURCE_KIND_FILE:
      return fd_file_source_new_for_config (config, error);
    default:
      break;
    }

  g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
               "“%s” sources are not supported", fd_source_kind_to_string (config->kind));
  return NULL;
}
