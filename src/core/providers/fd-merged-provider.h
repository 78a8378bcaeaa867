/* fd-merged-provider.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-data-provider.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

#define FD_TYPE_MERGED_PROVIDER (fd_merged_provider_get_type ())
G_DECLARE_FINAL_TYPE (FdMergedProvider, fd_merged_provider, FD, MERGED_PROVIDER, GObject)

FdMergedProvider *fd_merged_provider_new          (void);
void              fd_merged_provider_add          (FdMergedProvider *self,
                                                   FdDataProvider   *child);
void              fd_merged_provider_remove       (FdMergedProvider *self,
                                                   FdDataProvider   *child);
guint             fd_merged_provider_get_n_children (FdMergedProvider *self);
FdDataProvider   *fd_merged_provider_get_child    (FdMergedProvider *self,
                                                   guint             index);
GPtrArray        *fd_merged_provider_get_errors   (FdMergedProvider *self);

FdSnapshot       *fd_merged_provider_merge_snapshots (FdSnapshot * const *snapshots,
                                                     guint               n_snapshots);

G_END_DECLS
