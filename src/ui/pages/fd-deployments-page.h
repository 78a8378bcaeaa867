/* fd-deployments-page.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FD_TYPE_DEPLOYMENTS_PAGE (fd_deployments_page_get_type ())
G_DECLARE_FINAL_TYPE (FdDeploymentsPage, fd_deployments_page, FD, DEPLOYMENTS_PAGE, AdwBin)

GtkWidget *fd_deployments_page_new (void);

G_END_DECLS
