/* fd-records.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times are microseconds since the Unix epoch, UTC. */
typedef gint64 FdTime;

/* "Not known / not happened yet" (a null or missing optional time). */
#define FD_TIME_NONE G_MININT64

/* An interned string: an index into the snapshot's string table. 0 means absent. */
typedef guint32 FdStr;
#define FD_STR_NONE 0

typedef enum
{
  FD_RUN_SUCCESS,
  FD_RUN_FAILED,
  FD_RUN_CANCELLED,
  FD_RUN_RUNNING,
  FD_RUN_QUEUED,
  FD_RUN_N_STATUS
} FdRunStatus;

typedef enum
{
  FD_DEPLOY_SUCCESS,
  FD_DEPLOY_FAILED,
  FD_DEPLOY_ROLLED_BACK,
  FD_DEPLOY_IN_PROGRESS,
  FD_DEPLOY_N_STATUS
} FdDeployStatus;

typedef enum
{
  FD_SEVERITY_CRITICAL,
  FD_SEVERITY_HIGH,
  FD_SEVERITY_WARNING,
  FD_SEVERITY_INFO,
  FD_SEVERITY_N
} FdSeverity;

typedef enum
{
  FD_ALERT_FIRING,
  FD_ALERT_ACKNOWLEDGED,
  FD_ALERT_RESOLVED,
  FD_ALERT_N_STATUS
} FdAlertStatus;

typedef enum
{
  FD_CANARY_PROGRESSING,
  FD_CANARY_PAUSED,
  FD_CANARY_PROMOTED,
  FD_CANARY_ROLLED_BACK,
  FD_CANARY_N_STATUS
} FdCanaryStatus;

typedef enum
{
  FD_VARIANT_CANARY,
  FD_VARIANT_BASELINE,
  FD_VARIANT_N
} FdVariant;

/* Packed into 8 bytes because runs have several stages each and stages
 * dominate the memory of a snapshot: the name is an FdStr below 2^28 (a
 * snapshot interns far fewer strings), the status an FdRunStatus, or
 * FD_RUN_N_STATUS when the file gave none. */
typedef struct
{
  guint32 name : 28;      /* FdStr */
  guint32 status : 4;     /* FdRunStatus */
  float   duration_s;     /* NaN when not known */
} FdStage;

typedef struct
{
  FdTime  started_at;
  FdTime  finished_at;    /* FD_TIME_NONE when not known */
  FdStr   id;
  FdStr   pipeline;
  FdStr   service;
  FdStr   environment;
  FdStr   branch;         /* FD_STR_NONE when absent */
  FdStr   commit;
  FdStr   trigger;
  guint32 first_stage;    /* index into the snapshot's stage array */
  guint16 n_stages;
  guint8  status;         /* FdRunStatus */
} FdPipelineRun;

typedef struct
{
  FdTime  started_at;
  FdTime  finished_at;
  FdTime  committed_at;
  FdStr   id;
  FdStr   service;
  FdStr   environment;
  FdStr   version;
  FdStr   previous_version;
  FdStr   strategy;
  FdStr   commit;
  guint8  status;         /* FdDeployStatus */
  gboolean caused_incident : 1;
} FdDeployment;

typedef struct
{
  FdTime  started_at;
  FdTime  acknowledged_at;
  FdTime  resolved_at;
  FdStr   id;
  FdStr   name;
  FdStr   service;
  FdStr   environment;
  FdStr   summary;
  guint8  severity;       /* FdSeverity */
  guint8  status;         /* FdAlertStatus */
} FdAlert;

typedef struct
{
  FdTime  started_at;
  FdTime  finished_at;
  FdStr   id;
  FdStr   service;
  FdStr   environment;
  FdStr   baseline_version;
  FdStr   canary_version;
  guint32 first_step;     /* index into the snapshot's step array (doubles) */
  guint16 n_steps;
  gint32  current_step;
  double  traffic_percent;
  guint8  status;         /* FdCanaryStatus */
} FdCanary;

typedef struct
{
  FdTime  at;
  FdStr   canary_id;
  guint8  variant;        /* FdVariant */
  gint64  requests;
  gint64  errors;
  double  latency_p50_ms;
  double  latency_p95_ms;
  double  latency_p99_ms;
} FdCanarySample;

/* The spec's wire names, for parsing, export and display. */
const char *fd_run_status_to_string     (FdRunStatus    status);
const char *fd_deploy_status_to_string  (FdDeployStatus status);
const char *fd_severity_to_string       (FdSeverity     severity);
const char *fd_alert_status_to_string   (FdAlertStatus  status);
const char *fd_canary_status_to_string  (FdCanaryStatus status);
const char *fd_variant_to_string        (FdVariant      variant);
gboolean    fd_run_status_from_string    (const char *str, FdRunStatus    *out);
gboolean    fd_deploy_status_from_string (const char *str, FdDeployStatus *out);
gboolean    fd_severity_from_string      (const char *str, FdSeverity     *out);
gboolean    fd_alert_status_from_string  (const char *str, FdAlertStatus  *out);
gboolean    fd_canary_status_from_string (const char *str, FdCanaryStatus *out);
gboolean    fd_variant_from_string       (const char *str, FdVariant      *out);

G_END_DECLS
