/* fd-alerts-page.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-page-data.h"

G_BEGIN_DECLS

#define FD_TYPE_ALERTS_PAGE (fd_alerts_page_get_type ())
G_DECLARE_FINAL_TYPE (FdAlertsPage, fd_alerts_page, FD, ALERTS_PAGE, AdwBin)

GtkWidget *fd_alerts_page_new      (void);
void       fd_alerts_page_set_data (FdAlertsPage *self,
                                 FdPageData *data);

G_END_DECLS
