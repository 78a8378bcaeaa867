/* fd-csv.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-records.h"

G_BEGIN_DECLS

typedef struct _FdCsv FdCsv;

FdCsv      *fd_csv_new               (const char * const *columns);
FdCsv      *fd_csv_ref               (FdCsv              *self);
void        fd_csv_unref             (FdCsv              *self);

guint       fd_csv_get_n_columns     (const FdCsv        *self);
guint       fd_csv_get_n_rows        (const FdCsv        *self);
const char *fd_csv_get_cell          (const FdCsv        *self,
                                      guint               row,
                                      guint               column);

void        fd_csv_add_row           (FdCsv              *self);
void        fd_csv_add_text          (FdCsv              *self,
                                      const char         *text);
void        fd_csv_add_number        (FdCsv              *self,
                                      double              value,
                                      guint               decimals);
void        fd_csv_add_time          (FdCsv              *self,
                                      FdTime              at);
void        fd_csv_add_boolean       (FdCsv              *self,
                                      gboolean            value);
void        fd_csv_add_run_status    (FdCsv              *self,
                                      FdRunStatus         status);
void        fd_csv_add_deploy_status (FdCsv              *self,
                                      FdDeployStatus      status);
void        fd_csv_add_alert_status  (FdCsv              *self,
                                      FdAlertStatus       status);
void        fd_csv_add_canary_status (FdCsv              *self,
                                      FdCanaryStatus      status);
void        fd_csv_add_severity      (FdCsv              *self,
                                      FdSeverity          severity);

char       *fd_csv_to_string         (const FdCsv        *self);
GBytes     *fd_csv_to_bytes          (const FdCsv        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdCsv, fd_csv_unref)

G_END_DECLS
