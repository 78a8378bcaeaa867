/* fd-file-provider.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-action-store.h"
#include "fd-data-provider.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

/* One rejected line of the file. */
typedef struct
{
  guint64  line;      /* 1-based line number */
  char    *reason;
} FdFileProblem;

#define FD_TYPE_FILE_PROVIDER (fd_file_provider_get_type ())
G_DECLARE_FINAL_TYPE (FdFileProvider, fd_file_provider, FD, FILE_PROVIDER, GObject)

FdFileProvider *fd_file_provider_new              (GFile          *file);
GFile          *fd_file_provider_get_file         (FdFileProvider *self);
void            fd_file_provider_set_file         (FdFileProvider *self,
                                                   GFile          *file);
guint           fd_file_provider_get_reload_delay (FdFileProvider *self);
void            fd_file_provider_set_reload_delay (FdFileProvider *self,
                                                   guint           delay_ms);
GPtrArray      *fd_file_provider_get_problems     (FdFileProvider *self);
guint64         fd_file_provider_get_n_invalid    (FdFileProvider *self);
guint64         fd_file_provider_get_n_unknown_types (FdFileProvider *self);
guint64         fd_file_provider_get_n_valid      (FdFileProvider *self);
const GError   *fd_file_provider_get_last_error   (FdFileProvider *self);
gboolean        fd_file_provider_export           (FdFileProvider *self,
                                                   const char     *path,
                                                   FdTime          from,
                                                   FdTime          to,
                                                   const char     *environment,
                                                   GError        **error);
FdActionStore  *fd_file_provider_get_action_store (FdFileProvider *self);
void            fd_file_provider_set_action_store (FdFileProvider *self,
                                                   FdActionStore  *store);
char           *fd_file_provider_get_action_source (FdFileProvider *self);
const char     *fd_file_provider_get_action_store_error (FdFileProvider *self);

G_END_DECLS
