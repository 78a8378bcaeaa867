/* fd-pipelines-page.h
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

#define FD_TYPE_PIPELINES_PAGE (fd_pipelines_page_get_type ())
G_DECLARE_FINAL_TYPE (FdPipelinesPage, fd_pipelines_page, FD, PIPELINES_PAGE, AdwBin)

GtkWidget  *fd_pipelines_page_new       (void);
void        fd_pipelines_page_set_data  (FdPipelinesPage *self,
                                  FdPageData *data);
FdPageData *fd_pipelines_page_get_data  (FdPipelinesPage *self);
void        fd_pipelines_page_set_error (FdPipelinesPage *self,
                                  const char *message);

/* For tests and the benchmark. */
FdKpiCard  *fd_pipelines_page_get_kpi           (FdPipelinesPage *self,
                                                 const char      *id);
FdChart    *fd_pipelines_page_get_chart         (FdPipelinesPage *self,
                                                 const char      *name);
GListModel *fd_pipelines_page_get_runs_model    (FdPipelinesPage *self);
void        fd_pipelines_page_set_search        (FdPipelinesPage *self,
                                                 const char      *text);
void        fd_pipelines_page_set_status_filter (FdPipelinesPage *self,
                                                 int              status);
const char *fd_pipelines_page_get_state         (FdPipelinesPage *self);
char       *fd_pipelines_page_build_csv         (FdPipelinesPage *self);

G_END_DECLS
