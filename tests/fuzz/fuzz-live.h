/* fuzz-live.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "fd-http.h"
#include "fd-jsonl-reader.h"
#include "fd-jsonl-writer.h"
#include "fd-json.h"

/* What every live-source fuzz target checks besides "no crash": whatever a
 * mapping made from hostile input is valid events v1, as `flightdeck-cli
 * fetch` writes it and `validate` reads it. */

static void
fuzz_live_reject_cb (guint64     line_number,
                     const char *reason,
                     gpointer    user_data)
{
  const char *text = user_data;

  g_error ("a mapped record is not valid events v1 (line %" G_GUINT64_FORMAT ": %s):\n%s",
           line_number, reason, text);
}

static inline void
fuzz_live_check (FdSnapshotBuilder *builder)
{
  g_autoptr(FdSnapshot) snapshot = fd_snapshot_builder_end (builder);
  g_autoptr(FdSnapshotBuilder) again = fd_snapshot_builder_new ();
  g_autofree char *text = fd_jsonl_write_string (snapshot, FD_TIME_NONE, FD_TIME_NONE, NULL);
  FdJsonlStats stats = { 0 };

  fd_jsonl_read_data (text, strlen (text), again, fuzz_live_reject_cb, text, &stats);
}

static inline JsonNode *
fuzz_live_parse (const uint8_t *data,
                 size_t         size)
{
  return fd_http_parse_json ((const char *) data, size, NULL);
}
