/* fd-jsonl-writer.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-snapshot.h"

G_BEGIN_DECLS

gboolean  fd_jsonl_write_file   (FdSnapshot  *snapshot,
                                 const char  *path,
                                 FdTime       from,
                                 FdTime       to,
                                 const char  *environment,
                                 GError     **error);
char     *fd_jsonl_write_string (FdSnapshot  *snapshot,
                                 FdTime       from,
                                 FdTime       to,
                                 const char  *environment);
/* @str as a JSON string (quotes and escapes included). */
void      fd_jsonl_append_string (GString    *buf,
                                  const char *str);
void      fd_jsonl_append_string_len (GString    *buf,
                                      const char *str,
                                      gsize       len);
/* The shortest decimal form of @v that reads back as the same double
 * ("null" when not finite); shared with the metrics JSON output. */
void      fd_jsonl_format_number (GString    *buf,
                                  double      v);

G_END_DECLS
