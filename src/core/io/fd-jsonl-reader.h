/* fd-jsonl-reader.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-snapshot.h"

G_BEGIN_DECLS

/**
 * FdJsonlStats:
 * @lines: physical lines read (a last line without a line end counts)
 * @valid: lines that gave a record
 * @invalid_lines: lines rejected by the spec's rules
 * @unknown_types: JSON objects with a string `type` the reader does not know
 * @blank_lines: empty lines, or lines of spaces and tabs only
 * @bytes: bytes read, including a byte order mark
 *
 * What one read saw. Every line is exactly one of valid, invalid, unknown or blank.
 */
typedef struct
{
  guint64 lines;
  guint64 valid;
  guint64 invalid_lines;
  guint64 unknown_types;
  guint64 blank_lines;
  guint64 bytes;
} FdJsonlStats;

/* Called for every rejected line, always in the thread that called the
 * reader and in line order (even when a large file is read by two threads);
 * @line_number is 1-based (physical lines), @reason a short English phrase
 * valid only during the call. */
typedef void (*FdJsonlErrorFunc) (guint64     line_number,
                                  const char *reason,
                                  gpointer    user_data);

gboolean fd_jsonl_read_file (const char         *path,
                             FdSnapshotBuilder  *builder,
                             FdJsonlErrorFunc    error_func,
                             gpointer            user_data,
                             FdJsonlStats       *stats,
                             GCancellable       *cancellable,
                             GError            **error);
gboolean fd_jsonl_read_data (const char         *data,
                             gsize               len,
                             FdSnapshotBuilder  *builder,
                             FdJsonlErrorFunc    error_func,
                             gpointer            user_data,
                             FdJsonlStats       *stats);

G_END_DECLS
