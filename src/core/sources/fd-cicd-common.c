/* fd-cicd-common.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-cicd-common"

#include "config.h"

#include "fd-cicd-common.h"
#include "fd-json.h"
#include "fd-source-util.h"
#include "fd-time.h"

#include <string.h>

gboolean
fd_cicd_run_is_finished (FdRunStatus status)
{
  return status == FD_RUN_SUCCESS || status == FD_RUN_FAILED || status == FD_RUN_CANCELLED;
}

gboolean
fd_cicd_time_ok (FdTime t)
{
  /* Exporters write UTC, and readers take years 1900 to 2200 as written. */
  static const FdTime first = G_GINT64_CONSTANT (-2208988800) * G_USEC_PER_SEC;  /* 1900-01-01 */
  static const FdTime end = G_GINT64_CONSTANT (7289654400) * G_USEC_PER_SEC;     /* 2201-01-01 */

  return t != FD_TIME_NONE && t >= first && t < end;
}

gboolean
fd_cicd_times_ok (FdTime   started_at,
                  FdTime   finished_at,
                  gboolean finished)
{
  if (!fd_cicd_time_ok (started_at))
    return FALSE;
  if (!finished)
    return finished_at == FD_TIME_NONE || (fd_cicd_time_ok (finished_at) &&
                                           finished_at >= started_at);

  return fd_cicd_time_ok (finished_at) && finished_at >= started_at;
}

gboolean
fd_cicd_ref_is_tag (const char *ref,
                    const char *sha)
{
  gsize len;
  gboolean hex = TRUE;

  if (ref == NULL || *ref == '\0' || g_strcmp0 (ref, sha) == 0)
    return FALSE;
  if (g_str_has_prefix (ref, "refs/tags/"))
    return ref[strlen ("refs/tags/")] != '\0';
  if (g_str_has_prefix (ref, "refs/"))
    return FALSE;

  /* A commit id (full or abbreviated) is no tag. */
  len = strlen (ref);
  for (gsize i = 0; i < len; i++)
    hex = hex && g_ascii_isxdigit (ref[i]);
  if (hex && len >= 7)
    return FALSE;

  /* v1.2.3, V2, 1.2.3, 2026.11.1: a version. Branches (main, release/1.2,
   * feature-x) are not; a ref with a slash is a branch even if it starts
   * with a digit. */
  if (strchr (ref, '/') != NULL)
    return FALSE;

  return ((ref[0] == 'v' || ref[0] == 'V') && g_ascii_isdigit (ref[1])) ||
         g_ascii_isdigit (ref[0]);
}

char *
fd_cicd_version (const char *ref,
                 const char *sha,
                 gboolean    is_tag,
                 const char *fallback)
{
  if (is_tag && ref != NULL && *ref != '\0')
    {
      const char *tag = g_str_has_prefix (ref, "refs/tags/") ? ref + strlen ("refs/tags/") : ref;

      if (*tag != '\0')
        return g_strdup (tag);
    }
  if (sha != NULL && *sha != '\0')
    return g_strndup (sha, 12);
  if (ref != NULL && *ref != '\0')
    return g_strdup (ref);

  return g_strdup (fallback);
}

void
fd_cicd_set_skipped_note (FdLiveSource *source,
                          guint         n_skipped)
{
  g_autofree char *note = NULL;

  if (n_skipped == 1)
    note = g_strdup ("1 item skipped: its times are missing or inconsistent");
  else if (n_skipped > 1)
    note = g_strdup_printf ("%u items skipped: their times are missing or inconsistent",
                            n_skipped);

  fd_live_source_set_note (source, note);
}

static void
name_bad_response (GError     **error,
                   const char  *what)
{
  /* Only our own "wrong shape" messages: the client's (HTML page, invalid
   * JSON at byte N) say enough as they are. */
  if (error != NULL && *error != NULL && what != NULL &&
      g_error_matches (*error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE) &&
      g_str_has_prefix ((*error)->message, "unexpected answer"))
    g_prefix_error (error, "%s: ", what);
}

gboolean
fd_cicd_get_pages (FdHttpClient  *client,
                   const char    *url,
                   const char    *member,
                   const char    *what,
                   const char    *if_none_match,
                   guint          max_pages,
                   GPtrArray     *out,
                   char         **out_etag,
                   gboolean      *out_not_modified,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (fd_source_get_pages (client, url, member, if_none_match, max_pages, out, out_etag,
                           out_not_modified, cancellable, &local_error))
    return TRUE;

  name_bad_response (&local_error, what);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

JsonObject *
fd_cicd_get_object (FdHttpClient  *client,
                    const char    *url,
                    const char    *what,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = fd_http_client_get_json (client, url, NULL, NULL, cancellable, &local_error);
  if (root == NULL)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                             "the server sent no body");
      name_bad_response (&local_error, what);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                   "%s: unexpected answer: not a JSON object", what);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

GPtrArray *
fd_cicd_node_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

JsonArray *
fd_cicd_array_from_nodes (GPtrArray *items)
{
  JsonArray *array = json_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, json_node_ref (g_ptr_array_index (items, i)));

  return array;
}

const char *
fd_cicd_cursor_string (JsonObject *cursor,
                       const char *member)
{
  const char *value = fd_json_get_string (cursor, member);

  return value != NULL && *value != '\0' ? value : NULL;
}

char *
fd_cicd_later_time (const char *a,
                    const char *b)
{
  FdTime ta = FD_TIME_NONE, tb = FD_TIME_NONE;

  if (a != NULL && !fd_time_parse (a, strlen (a), &ta))
    a = NULL;
  if (b != NULL && !fd_time_parse (b, strlen (b), &tb))
    b = NULL;

  if (a == NULL)
    return b ? fd_time_format (tb) : NULL;
  if (b == NULL)
    return fd_time_format (ta);

  return fd_time_format (MAX (ta, tb));
}
