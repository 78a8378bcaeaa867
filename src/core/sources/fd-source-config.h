/* fd-source-config.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-records.h"

G_BEGIN_DECLS

typedef enum
{
  FD_SOURCE_KIND_INVALID,
  FD_SOURCE_KIND_SIMULATOR,       /* sim: */
  FD_SOURCE_KIND_FILE,            /* file:PATH */
  FD_SOURCE_KIND_GITHUB,          /* github:OWNER/REPO */
  FD_SOURCE_KIND_GITLAB,          /* gitlab:PROJECT */
  FD_SOURCE_KIND_JENKINS,         /* jenkins:JOB[/JOB…] */
  FD_SOURCE_KIND_ALERTMANAGER,    /* alertmanager: (the locator names the cluster, may be empty) */
  FD_SOURCE_KIND_ARGO_ROLLOUTS,   /* argo-rollouts:NAMESPACE */
} FdSourceKind;

/*
 * FdSourceConfig: everything a source needs to be made. The app fills it from
 * GSettings and the keyring, `flightdeck-cli` from its arguments. The token is
 * held in memory only: never written, logged or shown.
 */
typedef struct
{
  FdSourceKind kind;
  char   *uri;               /* "kind:locator", as the user wrote it */
  char   *locator;           /* the part after the first colon */
  char   *base_url;          /* nullable: the kind's default */
  char   *token;             /* nullable */
  char   *environment_map;   /* nullable: "glob=env,glob=env"; NULL: the spec's default */
  char   *prometheus_url;    /* argo-rollouts: nullable */
  char   *ca_file;           /* nullable: PEM file to trust instead of the system's */
  char   *service_label;     /* alertmanager: nullable, default "service" then "job" */
  char   *environment_label; /* alertmanager: nullable, default "env" then "environment" */
  /* argo-rollouts: Prometheus query templates, nullable for the spec's defaults. In each,
   * "$HASH" is the pod-template hash and "$STEP" the step length in seconds. */
  char   *query_requests;
  char   *query_errors;
  char   *query_latency;     /* "$Q" is the quantile, e.g. 0.95 */
  FdTime  since;             /* FD_TIME_NONE: everything the API returns */
  guint   interval_s;        /* 0: the source's default */
  guint   timeout_s;         /* 0: the HTTP client's stall timeout */
  gboolean enabled;          /* TRUE unless the user switched the source off */
} FdSourceConfig;

#define FD_TYPE_SOURCE_CONFIG (fd_source_config_get_type ())
GType           fd_source_config_get_type  (void) G_GNUC_CONST;
/* Parses "kind:locator"; fails with FD_SOURCE_ERROR_INVALID_ARGUMENT. */
FdSourceConfig *fd_source_config_new       (const char           *uri,
                                            GError              **error);
FdSourceConfig *fd_source_config_copy      (const FdSourceConfig *self);
void            fd_source_config_free      (FdSourceConfig       *self);
void            fd_source_config_set_token (FdSourceConfig       *self,
                                            const char           *token);
/* The base URL, or the kind's default ("https://api.github.com", …); NULL when the kind
 * has no default (Jenkins, Alertmanager, Kubernetes). */
const char     *fd_source_config_get_base_url (const FdSourceConfig *self);

const char     *fd_source_kind_to_string   (FdSourceKind          kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSourceConfig, fd_source_config_free)

/*
 * FdEnvironmentMap: "glob=env" pairs, first match wins (the spec's
 * --environment-map). The default is "main=production,master=production,*=development".
 */
typedef struct _FdEnvironmentMap FdEnvironmentMap;

FdEnvironmentMap *fd_environment_map_new    (const char        *map,
                                             GError           **error);
/* Borrowed; "development" when nothing matches. */
const char       *fd_environment_map_lookup (FdEnvironmentMap  *self,
                                             const char        *name);
void              fd_environment_map_free   (FdEnvironmentMap  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdEnvironmentMap, fd_environment_map_free)

G_END_DECLS
