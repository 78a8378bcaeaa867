/* fd-alertmanager-source.h
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

#define FD_TYPE_ALERTMANAGER_SOURCE (fd_alertmanager_source_get_type ())
G_DECLARE_FINAL_TYPE (FdAlertmanagerSource, fd_alertmanager_source, FD, ALERTMANAGER_SOURCE,
                      FdLiveSource)

/* alertmanager:[CLUSTER]: alerts and silences (API v2); acknowledge, silence
 * and unsilence act on it.
 *
 * - alert id "URI:FINGERPRINT:startsAt" (startsAt as Alertmanager wrote it),
 *   e.g. "alertmanager::1b2c3d4e5f60718a:2026-11-20T10:00:00.000Z";
 *   silence id "URI:UUID".
 * - The cursor keeps the open alerts, so one gone from /api/v2/alerts is
 *   resolved at the poll where it went missing, and an acknowledgement
 *   stays when its silence is removed while the alert still fires.
 * - The cluster's state (/api/v2/status) is not a failure: "settling" shows
 *   as the status message ("ok, … (cluster settling)").
 * - acknowledge / silence answer the new silence's UUID; unsilence takes a
 *   UUID, a silence id or an alert id and answers the UUIDs it expired,
 *   one a line. */
FdSource  *fd_alertmanager_source_new        (const FdSourceConfig *config,
                                              GError              **error);

/* The mapping without HTTP (tests, fuzzing). @silences: the /silences
 * answer (nullable), for the time an alert was acknowledged; @now: the
 * fetch's time. */
gboolean   fd_alertmanager_map_alert         (FdSnapshotBuilder    *builder,
                                              const FdSourceConfig *config,
                                              JsonObject           *alert,
                                              JsonArray            *silences,
                                              FdTime                now);
/* One FdSilence of a gettableSilence, or NULL. */
FdSilence *fd_alertmanager_map_silence       (const char           *uri,
                                              JsonObject           *silence);
/* The severity word of a severity label. */
FdSeverity fd_alertmanager_map_severity      (const char           *label);
/* Parses "name=value", "name!=value", "name=~re", "name!~re" into a
 * postableSilence matcher; NULL when malformed. */
JsonNode  *fd_alertmanager_parse_matcher     (const char           *text);

/* The alert's current labels as "name=value", sorted by name, read from
 * Alertmanager: the Silence dialog starts from them. */
void       fd_alertmanager_source_lookup_labels_async  (FdAlertmanagerSource  *self,
                                                        const char            *alert_id,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
char     **fd_alertmanager_source_lookup_labels_finish (FdAlertmanagerSource  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

G_END_DECLS
