/* fd-record-item.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include <gtk/gtk.h>

#include "fd-page-data.h"

G_BEGIN_DECLS

/* Which record array of the snapshot an item points into. */
typedef enum
{
  FD_RECORD_RUN,
  FD_RECORD_DEPLOYMENT,
  FD_RECORD_ALERT,
} FdRecordKind;

#define FD_TYPE_RECORD_ITEM (fd_record_item_get_type ())
G_DECLARE_FINAL_TYPE (FdRecordItem, fd_record_item, FD, RECORD_ITEM, GObject)

FdRecordItem        *fd_record_item_new            (FdPageData   *data,
                                                    FdRecordKind  kind,
                                                    guint32       index);
FdRecordKind         fd_record_item_get_kind       (FdRecordItem *self);
guint32              fd_record_item_get_index      (FdRecordItem *self);
FdPageData          *fd_record_item_get_data       (FdRecordItem *self);
const char          *fd_record_item_str            (FdRecordItem *self,
                                                    FdStr         str);
const FdPipelineRun *fd_record_item_get_run        (FdRecordItem *self);
const FdDeployment  *fd_record_item_get_deployment (FdRecordItem *self);
const FdAlert       *fd_record_item_get_alert      (FdRecordItem *self);

GListStore          *fd_record_item_list_new       (FdPageData   *data,
                                                    FdRecordKind  kind);
gboolean             fd_record_item_list_update    (GListStore   *store,
                                                    FdPageData   *data,
                                                    FdRecordKind  kind,
                                                    FdRecordItem *pinned);

/* For fd_paged_selection_new(): rows that follow the records of a store. */
gpointer             fd_record_item_copy           (gpointer      item);
gboolean             fd_record_item_show           (gpointer      row,
                                                    gpointer      item);
gboolean             fd_record_item_same_record    (gpointer      a,
                                                    gpointer      b);

G_END_DECLS
