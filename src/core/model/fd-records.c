/* fd-records.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-records"

#include "config.h"

#include "fd-records.h"

#include <string.h>

static const char * const run_status_names[] = {
  "success", "failed", "cancelled", "running", "queued",
};
static const char * const deploy_status_names[] = {
  "success", "failed", "rolled_back", "in_progress",
};
static const char * const severity_names[] = {
  "critical", "high", "warning", "info",
};
static const char * const alert_status_names[] = {
  "firing", "acknowledged", "resolved",
};
static const char * const canary_status_names[] = {
  "progressing", "paused", "promoted", "rolled_back",
};
static const char * const variant_names[] = {
  "canary", "baseline",
};

G_STATIC_ASSERT (G_N_ELEMENTS (run_status_names) == FD_RUN_N_STATUS);
G_STATIC_ASSERT (G_N_ELEMENTS (deploy_status_names) == FD_DEPLOY_N_STATUS);
G_STATIC_ASSERT (G_N_ELEMENTS (severity_names) == FD_SEVERITY_N);
G_STATIC_ASSERT (G_N_ELEMENTS (alert_status_names) == FD_ALERT_N_STATUS);
G_STATIC_ASSERT (G_N_ELEMENTS (canary_status_names) == FD_CANARY_N_STATUS);
G_STATIC_ASSERT (G_N_ELEMENTS (variant_names) == FD_VARIANT_N);

static const char *
name_of (const char * const *names,
         guint               n_names,
         guint               value)
{
  /* Out-of-range values come from corrupt data or a newer enum; NULL lets
   * the caller decide instead of printing a wrong name. */
  return value < n_names ? names[value] : NULL;
}

static gboolean
value_of (const char * const *names,
          guint               n_names,
          const char         *str,
          guint              *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (names[i], str) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, prefix, table)                               \
  const char *                                                                 \
  prefix##_to_string (Type value)                                              \
  {                                                                            \
    return name_of (table, G_N_ELEMENTS (table), (guint) value);               \
  }                                                                            \
                                                                               \
  gboolean                                                                     \
  prefix##_from_string (const char *str,                                       \
                        Type       *out)                                       \
  {                                                                            \
    guint v;                                                                   \
                                                                               \
    if (!value_of (table, G_N_ELEMENTS (table), str, &v))                      \
      return FALSE;                                                            \
    if (out != NULL)                                                           \
      *out = (Type) v;                                                         \
    return TRUE;                                                               \
  }

/**
 * fd_run_status_to_string:
 * @status: a #FdRunStatus
 *
 * Returns: (nullable): the spec's wire name of @status, or %NULL when out of range
 */
DEFINE_ENUM_STRINGS (FdRunStatus, fd_run_status, run_status_names)
DEFINE_ENUM_STRINGS (FdDeployStatus, fd_deploy_status, deploy_status_names)
DEFINE_ENUM_STRINGS (FdSeverity, fd_severity, severity_names)
DEFINE_ENUM_STRINGS (FdAlertStatus, fd_alert_status, alert_status_names)
DEFINE_ENUM_STRINGS (FdCanaryStatus, fd_canary_status, canary_status_names)
DEFINE_ENUM_STRINGS (FdVariant, fd_variant, variant_names)
