/* fd-file-source.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-action-store.h"
#include "fd-source.h"
#include "fd-source-config.h"

G_BEGIN_DECLS

/* One rejected line of the file. */
typedef struct
{
  guint64  line;      /* 1-based line number */
  char    *reason;
} FdFileProblem;

/*
 * FdFileSource: an events v1 JSON Lines file as an FdSource; its URI is the
 * file's ("file:///path/to/history.jsonl").
 *
 * Each fetch reads from where the last one stopped: the cursor holds the
 * offset after the last complete line and the file's identity (device,
 * inode, a hash of its first bytes and of the bytes before the offset). A
 * file that was truncated or replaced starts over: the batch then replaces
 * everything the session had from it. A last line without a line end is
 * taken once it is a valid record, or once the file stopped growing.
 *
 * A file monitor emits ::changed when the file is written, moved or
 * replaced, and the session fetches it then. The user's actions go to the
 * local action store under the file's URI, never into the file, and are
 * overlaid on the records sent (alerts and canaries acted on are sent
 * again). Not live.
 */
#define FD_TYPE_FILE_SOURCE (fd_file_source_get_type ())
G_DECLARE_FINAL_TYPE (FdFileSource, fd_file_source, FD, FILE_SOURCE, GObject)

FdFileSource  *fd_file_source_new              (GFile         *file);
/* "file:///path" or "file:PATH" (relative to the working folder). */
FdSource      *fd_file_source_new_for_config   (const FdSourceConfig *config,
                                                GError       **error);
GFile         *fd_file_source_get_file         (FdFileSource  *self);
/* Nullable: the default store in the user data folder, opened on first need. */
FdActionStore *fd_file_source_get_action_store (FdFileSource  *self);
void           fd_file_source_set_action_store (FdFileSource  *self,
                                                FdActionStore *store);
/* The rejected lines since the file was last read from its start (at most
 * 10,000), with their line numbers in the file. */
GPtrArray     *fd_file_source_get_problems     (FdFileSource  *self);
guint64        fd_file_source_get_n_valid      (FdFileSource  *self);
guint64        fd_file_source_get_n_invalid    (FdFileSource  *self);
guint64        fd_file_source_get_n_unknown_types (FdFileSource *self);

G_END_DECLS
