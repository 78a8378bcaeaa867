/* fd-source-util.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-source-util"

#include "config.h"

#include "fd-source-util.h"

#include <string.h>

static char *
next_page_url (FdHttpResponse *response,
               const char     *url)
{
  char *next = fd_http_response_get_next_link (response);
  const char *page;

  if (next != NULL)
    return next;

  /* GitLab also says x-next-page; it is empty on the last page. */
  page = fd_http_response_get_header (response, "X-Next-Page");
  if (page != NULL && *page != '\0' && g_ascii_isdigit (*page))
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
      g_autoptr(GString) query = g_string_new (NULL);
      g_auto(GStrv) params = NULL;
      const char *old = uri ? g_uri_get_query (uri) : NULL;
      g_autoptr(GUri) next_uri = NULL;

      if (uri == NULL)
        return NULL;

      params = g_strsplit (old ? old : "", "&", -1);
      for (guint i = 0; params[i] != NULL; i++)
        {
          if (*params[i] == '\0' || g_str_has_prefix (params[i], "page="))
            continue;
          g_string_append_printf (query, "%s%s", query->len ? "&" : "", params[i]);
        }
      g_string_append_printf (query, "%spage=%s", query->len ? "&" : "", page);

      next_uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                              g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                              query->str, NULL);
      return g_uri_to_string (next_uri);
    }

  return NULL;
}

gboolean
fd_source_get_pages (FdHttpClient  *client,
                     const char    *url,
                     const char    *member,
                     const char    *if_none_match,
                     guint          max_pages,
                     GPtrArray     *out,
                     char         **out_etag,
                     gboolean      *out_not_modified,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *current = g_strdup (url);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (out_not_modified != NULL)
    *out_not_modified = FALSE;

  for (guint page = 0; current != NULL && page < max_pages; page++)
    {
      g_autoptr(FdHttpResponse) response = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonArray *array = NULL;
      char *next;

      root = fd_http_client_get_json (client, current, page == 0 ? if_none_match : NULL,
                                      &response, cancellable, error);
      if (response == NULL)
        return FALSE;

      if (page == 0 && out_etag != NULL)
        {
          g_free (*out_etag);
          *out_etag = g_strdup (fd_http_response_get_etag (response));
        }

      if (fd_http_response_not_modified (response))
        {
          if (out_not_modified != NULL)
            *out_not_modified = TRUE;
          return TRUE;
        }

      if (member == NULL && JSON_NODE_HOLDS_ARRAY (root))
        array = json_node_get_array (root);
      else if (member != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonNode *node = json_object_get_member (json_node_get_object (root), member);

          if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
            array = json_node_get_array (node);
        }

      if (array == NULL)
        {
          g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                       member ? "unexpected answer: no “%s” list in it" : "unexpected answer: %s",
                       member ? member : "not a list");
          return FALSE;
        }

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (out, json_node_ref (json_array_get_element (array, i)));

      g_hash_table_add (seen, g_strdup (current));
      next = json_array_get_length (array) > 0 ? next_page_url (response, current) : NULL;
      g_free (current);
      current = next;
      /* A server that links a page to itself must not keep us here. */
      if (current != NULL && g_hash_table_contains (seen, current))
        g_clear_pointer (&current, g_free);
    }

  return TRUE;
}

JsonObject *
fd_source_cursor_parse (GBytes *cursor)
{
  g_autoptr(JsonNode) node = NULL;
  gsize len = 0;
  const char *data;

  if (cursor == NULL)
    return json_object_new ();

  data = g_bytes_get_data (cursor, &len);
  node = fd_http_parse_json (data, len, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();

  return json_object_ref (json_node_get_object (node));
}

GBytes *
fd_source_cursor_bytes (JsonObject *cursor)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), cursor);
  char *text = json_to_string (node, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

char *
fd_source_record_id (const char *uri,
                     const char *kind,
                     const char *upstream)
{
  return g_strdup_printf ("%s:%s:%s", uri, kind, upstream);
}

FdTime
fd_source_clamp_finish (FdTime started_at,
                        FdTime finished_at)
{
  if (finished_at == FD_TIME_NONE || started_at == FD_TIME_NONE)
    return finished_at;

  return MAX (started_at, finished_at);
}

FdStr
fd_source_intern (FdSnapshotBuilder *builder,
                  const char        *str)
{
  if (str == NULL || *str == '\0')
    return FD_STR_NONE;

  return fd_snapshot_builder_intern (builder, str);
}

char *
fd_source_escape (const char *value)
{
  return g_uri_escape_string (value, NULL, FALSE);
}
