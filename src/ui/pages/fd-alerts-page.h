/* fd-alerts-page.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-alert-item.h"
#include "fd-kpi-card.h"
#include "fd-notifier.h"
#include "fd-page-data.h"

G_BEGIN_DECLS

#define FD_TYPE_ALERTS_PAGE (fd_alerts_page_get_type ())
G_DECLARE_FINAL_TYPE (FdAlertsPage, fd_alerts_page, FD, ALERTS_PAGE, AdwBin)

GtkWidget  *fd_alerts_page_new               (void);
void        fd_alerts_page_set_data          (FdAlertsPage *self,
                                              FdPageData   *data);
void        fd_alerts_page_set_error         (FdAlertsPage *self,
                                              const char   *message);
GListModel *fd_alerts_page_get_model         (FdAlertsPage *self);
gboolean    fd_alerts_page_select            (FdAlertsPage *self,
                                              const char   *alert_id);
FdKpiCard  *fd_alerts_page_get_card          (FdAlertsPage *self,
                                              guint         index);
const char *fd_alerts_page_get_card_value    (FdAlertsPage *self,
                                              guint         index);
FdNotifier *fd_alerts_page_get_notifier      (FdAlertsPage *self);
const char *fd_alerts_page_get_store_message (FdAlertsPage *self);
char       *fd_alerts_page_to_csv            (FdAlertsPage *self);
char       *fd_alerts_page_format_status     (FdAlertItem  *item,
                                              FdTime        now);

G_END_DECLS
