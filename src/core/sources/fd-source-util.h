/* fd-source-util.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fd-http.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

/* Helpers the live sources share (not part of the FdSource contract). */

/* Every page from @url on, following `link: rel="next"` (and GitLab's
 * x-next-page), at most @max_pages. Each page must be a JSON array, or an
 * object whose @member is an array (@member NULL: the page itself). The
 * elements are appended to @out. *@out_etag gets the first page's ETag.
 * A 304 on the first page (when @if_none_match is given) returns TRUE with
 * *@out_not_modified set. */
gboolean fd_source_get_pages (FdHttpClient  *client,
                              const char    *url,
                              const char    *member,
                              const char    *if_none_match,
                              guint          max_pages,
                              GPtrArray     *out,          /* JsonNode, element-type */
                              char         **out_etag,
                              gboolean      *out_not_modified,
                              GCancellable  *cancellable,
                              GError       **error);

/* A cursor is a JSON object; NULL bytes or garbage give an empty one. */
JsonObject *fd_source_cursor_parse (GBytes     *cursor);
GBytes     *fd_source_cursor_bytes (JsonObject *cursor);

/* The record id: "URI:KIND:UPSTREAM". */
char       *fd_source_record_id    (const char *uri,
                                    const char *kind,
                                    const char *upstream);
/* finished_at no earlier than started_at (clock skew between servers). */
FdTime      fd_source_clamp_finish (FdTime      started_at,
                                    FdTime      finished_at);
/* Intern, or FD_STR_NONE for NULL / "". */
FdStr       fd_source_intern       (FdSnapshotBuilder *builder,
                                    const char        *str);
/* Percent-encodes a query value. */
char       *fd_source_escape       (const char *value);

G_END_DECLS
