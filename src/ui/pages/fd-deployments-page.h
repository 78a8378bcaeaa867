/* fd-deployments-page.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-chart.h"
#include "fd-kpi-card.h"
#include "fd-page-data.h"

G_BEGIN_DECLS

#define FD_TYPE_DEPLOYMENTS_PAGE (fd_deployments_page_get_type ())
G_DECLARE_FINAL_TYPE (FdDeploymentsPage, fd_deployments_page, FD, DEPLOYMENTS_PAGE, AdwBin)

GtkWidget  *fd_deployments_page_new       (void);
void        fd_deployments_page_set_data  (FdDeploymentsPage *self,
                                  FdPageData *data);
FdPageData *fd_deployments_page_get_data  (FdDeploymentsPage *self);
void        fd_deployments_page_set_error (FdDeploymentsPage *self,
                                  const char *message);

/* For tests and the benchmark. */
FdKpiCard  *fd_deployments_page_get_kpi           (FdDeploymentsPage *self,
                                                   const char        *id);
FdChart    *fd_deployments_page_get_chart         (FdDeploymentsPage *self,
                                                   const char        *name);
GListModel *fd_deployments_page_get_history_model (FdDeploymentsPage *self);
GtkGrid    *fd_deployments_page_get_matrix        (FdDeploymentsPage *self);
void        fd_deployments_page_set_search        (FdDeploymentsPage *self,
                                                   const char        *text);
const char *fd_deployments_page_get_state         (FdDeploymentsPage *self);
char       *fd_deployments_page_build_csv         (FdDeploymentsPage *self);

G_END_DECLS
