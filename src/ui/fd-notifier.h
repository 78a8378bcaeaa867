/* fd-notifier.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-action-store.h"
#include "fd-page-data.h"

G_BEGIN_DECLS

/**
 * FdNotifyKind:
 * @FD_NOTIFY_CRITICAL_ALERT: a new critical alert fired
 * @FD_NOTIFY_FAILED_DEPLOYMENT: a production deployment failed or was rolled back
 * @FD_NOTIFY_CANARY_FAILED: a canary failed its automated analysis
 */
typedef enum
{
  FD_NOTIFY_CRITICAL_ALERT,
  FD_NOTIFY_FAILED_DEPLOYMENT,
  FD_NOTIFY_CANARY_FAILED,
} FdNotifyKind;

#define FD_TYPE_NOTIFIER (fd_notifier_get_type ())
G_DECLARE_FINAL_TYPE (FdNotifier, fd_notifier, FD, NOTIFIER, GObject)

FdNotifier *fd_notifier_new               (GApplication  *application,
                                           GSettings     *settings);
/* @silenced: alert id → end of its silence (FdTime *), or NULL. */
void        fd_notifier_set_silenced      (FdNotifier    *self,
                                           GHashTable    *silenced);
void        fd_notifier_reset             (FdNotifier    *self);
guint       fd_notifier_update            (FdNotifier    *self,
                                           FdPageData    *data,
                                           gboolean       window_active);
guint       fd_notifier_get_n_sent        (FdNotifier    *self);

G_END_DECLS
