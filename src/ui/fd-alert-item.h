/* fd-alert-item.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-records.h"

G_BEGIN_DECLS

/*
 * FdAlertItem: one row of the Alerts page's list, a copy of the alert's
 * fields so the row outlives the snapshot it came from.
 */
#define FD_TYPE_ALERT_ITEM (fd_alert_item_get_type ())
G_DECLARE_FINAL_TYPE (FdAlertItem, fd_alert_item, FD, ALERT_ITEM, GObject)

FdAlertItem   *fd_alert_item_new                (const char    *id,
                                                 const char    *name,
                                                 const char    *service,
                                                 const char    *environment,
                                                 const char    *summary,
                                                 FdSeverity     severity,
                                                 FdAlertStatus  status,
                                                 FdTime         started_at,
                                                 FdTime         silenced_until);
const char    *fd_alert_item_get_id             (FdAlertItem   *self);
const char    *fd_alert_item_get_name           (FdAlertItem   *self);
const char    *fd_alert_item_get_service        (FdAlertItem   *self);
const char    *fd_alert_item_get_environment    (FdAlertItem   *self);
const char    *fd_alert_item_get_summary        (FdAlertItem   *self);
FdSeverity     fd_alert_item_get_severity       (FdAlertItem   *self);
FdAlertStatus  fd_alert_item_get_status         (FdAlertItem   *self);
FdTime         fd_alert_item_get_started_at     (FdAlertItem   *self);
FdTime         fd_alert_item_get_silenced_until (FdAlertItem   *self);
gboolean       fd_alert_item_is_silenced        (FdAlertItem   *self,
                                                 FdTime         now);

/* For fd_paged_selection_new(): rows that follow the items of a store. */
gpointer       fd_alert_item_copy               (gpointer       item);
gboolean       fd_alert_item_show               (gpointer       row,
                                                 gpointer       item);
gboolean       fd_alert_item_same_alert         (gpointer       a,
                                                 gpointer       b);

G_END_DECLS
