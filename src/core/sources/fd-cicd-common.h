/* fd-cicd-common.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fd-http.h"
#include "fd-live-source.h"
#include "fd-records.h"

G_BEGIN_DECLS

/* What the CI/CD sources (GitHub Actions, GitLab, Jenkins) share beyond
 * fd-source-util.h. Not part of the FdSource contract. */

/* success, failed or cancelled: a run that needs a finished_at. */
gboolean    fd_cicd_run_is_finished   (FdRunStatus  status);
/* Whether @t can be written as an events v1 time (UTC year 1900 to 2200). */
gboolean    fd_cicd_time_ok           (FdTime       t);
/* Whether a run's or deployment's times make a valid events v1 record:
 * @started_at known, and @finished_at (when @finished) known and not earlier. */
gboolean    fd_cicd_times_ok          (FdTime       started_at,
                                       FdTime       finished_at,
                                       gboolean     finished);
/* Whether @ref (a deployment's ref) names a tag rather than a branch or a
 * commit: "refs/tags/…", or a version such as "v1.2.3" or "2026.11.1". */
gboolean    fd_cicd_ref_is_tag        (const char  *ref,
                                       const char  *sha);
/* The version a deployment shipped: the tag when @is_tag (without
 * "refs/tags/"), else the first 12 characters of @sha, else @ref, else @fallback. */
char       *fd_cicd_version           (const char  *ref,
                                       const char  *sha,
                                       gboolean     is_tag,
                                       const char  *fallback);
/* The status note after a fetch: how many upstream items were not made into
 * records (missing or inconsistent times); 0 clears the note. */
void        fd_cicd_set_skipped_note  (FdLiveSource *source,
                                       guint         n_skipped);
/* fd_source_get_pages() with @what ("workflow runs", "pipeline jobs", …) named
 * in the message when the answer has the wrong shape. */
gboolean    fd_cicd_get_pages         (FdHttpClient  *client,
                                       const char    *url,
                                       const char    *member,
                                       const char    *what,
                                       const char    *if_none_match,
                                       guint          max_pages,
                                       GPtrArray     *out,
                                       char         **out_etag,
                                       gboolean      *out_not_modified,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* GET @url as a JSON object; another shape is FD_HTTP_ERROR_BAD_RESPONSE
 * naming @what. */
JsonObject *fd_cicd_get_object        (FdHttpClient  *client,
                                       const char    *url,
                                       const char    *what,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* A new array of JsonNode references (for fd_cicd_get_pages()). */
GPtrArray  *fd_cicd_node_array_new    (void);
/* The elements of @items (JsonNode) as one JsonArray. */
JsonArray  *fd_cicd_array_from_nodes  (GPtrArray     *items);
/* A cursor member as a string, "" and absent both giving NULL. */
const char *fd_cicd_cursor_string     (JsonObject    *cursor,
                                       const char    *member);
/* The later of two RFC 3339 texts (either may be NULL), as a new string. */
char       *fd_cicd_later_time        (const char    *a,
                                       const char    *b);

G_END_DECLS
