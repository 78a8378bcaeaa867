/* fd-http.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-http"

#include "config.h"

#include "fd-http.h"
#include "fd-json.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_STALL_S   15
#define DEFAULT_TOTAL_S   60
#define DEFAULT_MAX_BODY  (50 * 1024 * 1024)
#define MAX_REDIRECTS     5
#define READ_CHUNK        (64 * 1024)

G_DEFINE_QUARK (fd-http-error-quark, fd_http_error)

struct _FdHttpResponse
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GUri               *uri;
};

struct _FdHttpClient
{
  GObject        parent_instance;

  SoupSession   *session;
  FdHttpAuth     auth;
  char          *token;
  GPtrArray     *extra_headers;   /* name, value, name, value, … */
  GTlsDatabase  *tls_database;
  guint          stall_s;
  guint          total_s;
  gsize          max_body;
  gint64         retry_at;        /* atomic */
  guint          n_requests;      /* atomic */
};

G_DEFINE_FINAL_TYPE (FdHttpClient, fd_http_client, G_TYPE_OBJECT)

gboolean
fd_http_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != FD_HTTP_ERROR)
    return FALSE;

  return error->code == FD_HTTP_ERROR_NETWORK ||
         error->code == FD_HTTP_ERROR_TIMEOUT ||
         error->code == FD_HTTP_ERROR_SERVER;
}

/* FdHttpResponse */

guint
fd_http_response_get_status (const FdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

gboolean
fd_http_response_not_modified (const FdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->status == SOUP_STATUS_NOT_MODIFIED;
}

GBytes *
fd_http_response_get_body (const FdHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->body;
}

const char *
fd_http_response_get_header (const FdHttpResponse *self,
                             const char           *name)
{
  g_return_val_if_fail (self != NULL, NULL);

  return soup_message_headers_get_one (self->headers, name);
}

const char *
fd_http_response_get_etag (const FdHttpResponse *self)
{
  return fd_http_response_get_header (self, "ETag");
}

void
fd_http_response_free (FdHttpResponse *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_free (self);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

/**
 * fd_http_response_get_next_link:
 * @self: a response
 *
 * The `rel="next"` target of the `link` header, resolved against the
 * request's URL. A link to another server is ignored: following it would
 * send the token there.
 *
 * Returns: (transfer full) (nullable): the next page's URL
 */
char *
fd_http_response_get_next_link (const FdHttpResponse *self)
{
  const char *link;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  link = fd_http_response_get_header (self, "Link");
  if (link == NULL)
    return NULL;

  parts = g_strsplit (link, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *lt = strchr (parts[i], '<');
      const char *gt = lt ? strchr (lt, '>') : NULL;
      g_autofree char *target = NULL;
      g_autoptr(GUri) next = NULL;
      g_autofree char *params = NULL;

      if (lt == NULL || gt == NULL)
        continue;

      params = g_ascii_strdown (gt + 1, -1);
      if (strstr (params, "rel=\"next\"") == NULL && strstr (params, "rel=next") == NULL)
        continue;

      target = g_strndup (lt + 1, gt - lt - 1);
      next = g_uri_parse_relative (self->uri, target, G_URI_FLAGS_ENCODED, NULL);
      if (next == NULL || !same_origin (next, self->uri))
        return NULL;

      return g_uri_to_string (next);
    }

  return NULL;
}

static void
set_json_error (GError     **error,
                const char  *data,
                gsize        len,
                const GError *parse_error)
{
  gsize offset = len;
  const char *msg = parse_error ? parse_error->message : "";
  const char *p;

  /* json-glib reports "<data>:LINE:COL: Parse error: …"; users and the spec
   * want the byte offset. */
  p = strstr (msg, ":");
  if (p != NULL)
    {
      char *end = NULL;
      guint64 line = g_ascii_strtoull (p + 1, &end, 10);

      if (end != NULL && *end == ':' && line > 0)
        {
          guint64 col = g_ascii_strtoull (end + 1, &end, 10);
          gsize pos = 0;

          for (guint64 l = 1; l < line && pos < len; pos++)
            {
              if (data[pos] == '\n')
                l++;
            }
          pos += col > 0 ? col - 1 : 0;
          offset = MIN (pos, len);
        }
    }

  if (len == 0)
    g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                         "the server sent an empty answer where JSON was expected");
  else
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                 "invalid JSON at byte %" G_GSIZE_FORMAT, offset);
}

static gboolean
looks_like_html (const char *data,
                 gsize       len)
{
  gsize i = 0;

  while (i < len && g_ascii_isspace (data[i]))
    i++;

  return i < len && data[i] == '<';
}

JsonNode *
fd_http_parse_json (const char  *data,
                    gsize        len,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (data == NULL)
    {
      data = "";
      len = 0;
    }

  if (looks_like_html (data, len))
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "the server sent a web page, not JSON: check the base URL");
      return NULL;
    }

  if (!g_utf8_validate_len (data, len, NULL))
    {
      const char *end = NULL;

      g_utf8_validate_len (data, len, &end);
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                   "invalid JSON at byte %" G_GSIZE_FORMAT " (not UTF-8)",
                   (gsize) (end - data));
      return NULL;
    }

  if (len == 0)
    {
      set_json_error (error, data, 0, NULL);
      return NULL;
    }

  {
    gsize offset = 0;

    if (!fd_json_validate (data, len, &offset))
      {
        g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                     "invalid JSON at byte %" G_GSIZE_FORMAT, offset);
        return NULL;
      }
  }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &parse_error))
    {
      set_json_error (error, data, len, parse_error);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      set_json_error (error, data, 0, NULL);
      return NULL;
    }

  return json_node_ref (root);
}

JsonNode *
fd_http_response_parse_json (const FdHttpResponse  *self,
                             GError               **error)
{
  const char *content_type;
  const char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->body != NULL)
    data = g_bytes_get_data (self->body, &len);

  content_type = soup_message_headers_get_content_type (self->headers, NULL);
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "text/html") == 0)
    {
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                   "the server sent a web page, not JSON (HTTP %u): check the base URL",
                   self->status);
      return NULL;
    }

  return fd_http_parse_json (data, len, error);
}

/* FdHttpClient */

static void
fd_http_client_finalize (GObject *object)
{
  FdHttpClient *self = FD_HTTP_CLIENT (object);

  g_clear_object (&self->session);
  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->extra_headers, g_ptr_array_unref);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (fd_http_client_parent_class)->finalize (object);
}

static void
fd_http_client_class_init (FdHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_http_client_finalize;
}

static void
fd_http_client_init (FdHttpClient *self)
{
  self->extra_headers = g_ptr_array_new_with_free_func (g_free);
  self->stall_s = DEFAULT_STALL_S;
  self->total_s = DEFAULT_TOTAL_S;
  self->max_body = DEFAULT_MAX_BODY;
  self->retry_at = FD_TIME_NONE;
}

FdHttpClient *
fd_http_client_new (void)
{
  return g_object_new (FD_TYPE_HTTP_CLIENT, NULL);
}

void
fd_http_client_set_auth (FdHttpClient *self,
                         FdHttpAuth    auth,
                         const char   *token)
{
  g_return_if_fail (FD_IS_HTTP_CLIENT (self));

  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  self->auth = (token != NULL && *token != '\0') ? auth : FD_HTTP_AUTH_NONE;
  if (self->auth != FD_HTTP_AUTH_NONE)
    self->token = g_strdup (token);
}

void
fd_http_client_add_header (FdHttpClient *self,
                           const char   *name,
                           const char   *value)
{
  g_return_if_fail (FD_IS_HTTP_CLIENT (self));
  g_return_if_fail (name != NULL && value != NULL);

  g_ptr_array_add (self->extra_headers, g_strdup (name));
  g_ptr_array_add (self->extra_headers, g_strdup (value));
}

gboolean
fd_http_client_set_ca_file (FdHttpClient  *self,
                            const char    *path,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (FD_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TLS,
                   "cannot use the CA certificate file “%s”: %s", path, local_error->message);
      return FALSE;
    }

  g_clear_object (&self->tls_database);
  self->tls_database = database;
  if (self->session != NULL)
    soup_session_set_tls_database (self->session, database);

  return TRUE;
}

void
fd_http_client_set_timeouts (FdHttpClient *self,
                             guint         stall_s,
                             guint         total_s)
{
  g_return_if_fail (FD_IS_HTTP_CLIENT (self));

  self->stall_s = stall_s > 0 ? stall_s : DEFAULT_STALL_S;
  self->total_s = MAX (total_s > 0 ? total_s : DEFAULT_TOTAL_S, self->stall_s);
  if (self->session != NULL)
    g_object_set (self->session, "timeout", self->stall_s, NULL);
}

void
fd_http_client_set_max_body (FdHttpClient *self,
                             gsize         max_bytes)
{
  g_return_if_fail (FD_IS_HTTP_CLIENT (self));

  self->max_body = max_bytes > 0 ? max_bytes : DEFAULT_MAX_BODY;
}

FdTime
fd_http_client_get_retry_at (FdHttpClient *self)
{
  g_return_val_if_fail (FD_IS_HTTP_CLIENT (self), FD_TIME_NONE);

  return self->retry_at;
}

guint
fd_http_client_get_n_requests (FdHttpClient *self)
{
  g_return_val_if_fail (FD_IS_HTTP_CLIENT (self), 0);

  return g_atomic_int_get (&self->n_requests);
}

static SoupSession *
ensure_session (FdHttpClient *self)
{
  if (self->session == NULL)
    {
      g_autofree char *user_agent = g_strdup_printf ("Flightdeck/%s (%s)", PACKAGE_VERSION, APP_ID);

      self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                     "timeout", self->stall_s,
                                                     "idle-timeout", 60,
                                                     NULL);
      if (self->tls_database != NULL)
        soup_session_set_tls_database (self->session, self->tls_database);
    }

  return self->session;
}

gboolean
fd_http_check_url (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_INVALID_URL,
                           "no server address is set");
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;

  if (uri == NULL || scheme == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_INVALID_URL,
                   "“%s” is not a web address: write it as https://host/…",
                   g_utf8_validate (url, -1, NULL) ? url : "?");
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

      if (g_ascii_strcasecmp (host, "localhost") != 0 &&
          (address == NULL || !g_inet_address_get_is_loopback (address)))
        {
          g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_INVALID_URL,
                       "plain http:// is only allowed for this computer (127.0.0.1, ::1 or "
                       "localhost); use https://%s", host);
          return FALSE;
        }
    }

  return TRUE;
}

char *
fd_http_join_url (const char *base,
                  const char *path)
{
  gsize len;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    len--;
  while (*path == '/')
    path++;

  return g_strdup_printf ("%.*s/%s", (int) len, base, path);
}

guint
fd_http_backoff_delay (guint  attempt,
                       guint  base_s,
                       guint  max_s,
                       double random01)
{
  double delay = base_s;

  for (guint i = 1; i < attempt && delay < max_s; i++)
    delay *= 2;
  delay = MIN (delay, (double) max_s);
  delay *= 0.8 + 0.4 * CLAMP (random01, 0.0, 1.0);

  return MAX (1, (guint) (delay + 0.5));
}

static FdTime
parse_retry_at (SoupMessageHeaders *headers)
{
  FdTime now = g_get_real_time ();
  const char *value;

  value = soup_message_headers_get_one (headers, "Retry-After");
  if (value != NULL)
    {
      char *end = NULL;
      guint64 seconds = g_ascii_strtoull (value, &end, 10);

      if (end != value && *end == '\0')
        return now + (FdTime) MIN (seconds, 86400) * G_USEC_PER_SEC;
      else
        {
          g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);

          if (date != NULL)
            return g_date_time_to_unix (date) * G_USEC_PER_SEC;
        }
    }

  /* GitHub sends x-ratelimit-reset as epoch seconds; GitLab sends RateLimit-Reset. */
  value = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
  if (value == NULL)
    value = soup_message_headers_get_one (headers, "RateLimit-Reset");
  if (value != NULL)
    {
      char *end = NULL;
      gint64 reset = g_ascii_strtoll (value, &end, 10);

      if (end != value && reset > 0)
        {
          /* A small number is a delay in seconds, a large one an epoch time. */
          if (reset < 1000000000)
            return now + reset * G_USEC_PER_SEC;
          return reset * G_USEC_PER_SEC;
        }
    }

  return FD_TIME_NONE;
}

static gboolean
is_rate_limit_exhausted (SoupMessageHeaders *headers)
{
  const char *remaining = soup_message_headers_get_one (headers, "X-RateLimit-Remaining");

  if (remaining == NULL)
    remaining = soup_message_headers_get_one (headers, "RateLimit-Remaining");

  if (remaining == NULL)
    return FALSE;
  while (g_ascii_isspace (*remaining))
    remaining++;

  return remaining[0] == '0' && (remaining[1] == '\0' || g_ascii_isspace (remaining[1]));
}

static char *
format_utc_time (FdTime t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);

  return dt ? g_date_time_format (dt, "%H:%M:%S UTC") : g_strdup ("later");
}

/* A short excerpt of the server's own words for an error message: a JSON
 * string, the "message" or "error" member of an object, or the first line of
 * plain text. NULL for HTML pages and empty bodies. */
static char *
server_words (GBytes *body)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize len;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &len);
  if (len == 0 || looks_like_html (data, len))
    return NULL;

  node = fd_http_parse_json (data, MIN (len, 64 * 1024), NULL);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *members[] = { "message", "error", "error_description", "reason" };

      for (guint i = 0; i < G_N_ELEMENTS (members) && text == NULL; i++)
        {
          JsonNode *member = json_object_get_member (object, members[i]);

          if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
              json_node_get_value_type (member) == G_TYPE_STRING)
            text = g_strdup (json_node_get_string (member));
        }
    }
  else if (node == NULL && g_utf8_validate_len (data, MIN (len, 500), NULL))
    {
      const char *nl = memchr (data, '\n', MIN (len, 500));

      text = g_strndup (data, nl ? (gsize) (nl - data) : MIN (len, 500));
    }

  if (text == NULL)
    return NULL;

  g_strstrip (text);
  if (*text == '\0')
    return NULL;
  if (g_utf8_strlen (text, -1) > 300)
    {
      char *cut = g_utf8_offset_to_pointer (text, 300);

      *cut = '\0';
    }

  return g_steal_pointer (&text);
}

static void
set_status_error (FdHttpClient       *self,
                  guint               status,
                  SoupMessageHeaders *headers,
                  GBytes             *body,
                  GError            **error)
{
  g_autofree char *words = server_words (body);
  g_autofree char *suffix = words ? g_strdup_printf (": %s", words) : g_strdup ("");

  if (status == 429 ||
      (status == SOUP_STATUS_FORBIDDEN &&
       (is_rate_limit_exhausted (headers) ||
        soup_message_headers_get_one (headers, "Retry-After") != NULL)))
    {
      FdTime retry_at = parse_retry_at (headers);
      g_autofree char *until = NULL;

      if (retry_at == FD_TIME_NONE)
        retry_at = g_get_real_time () + 60 * G_USEC_PER_SEC;
      self->retry_at = retry_at;
      until = format_utc_time (retry_at);
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED,
                   "rate limited until %s", until);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_AUTH,
                 "authentication failed (HTTP 401): check the token");
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_FORBIDDEN,
                 "permission denied (HTTP 403)%s", suffix);
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND,
                 "not found (HTTP 404): check the address and the name");
  else if (status >= 500)
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_SERVER,
                 "server error (HTTP %u)%s", status, suffix);
  else if (status >= 300 && status < 400)
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT,
                 "the server redirected to another address (HTTP %u): set the base URL "
                 "to the address it names", status);
  else
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT,
                 "request rejected (HTTP %u)%s", status, suffix);
}

static void
set_transport_error (GError       **error,
                     const GError  *cause,
                     GUri          *uri,
                     guint          stall_s)
{
  const char *host = g_uri_get_host (uri);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else if (cause->domain == G_RESOLVER_ERROR)
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NETWORK,
                 "could not find the server “%s” (DNS): check the address and the network",
                 host);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TIMEOUT,
                 "no answer from %s for %u s (timeout)", host, stall_s);
  else if (cause->domain == G_TLS_ERROR ||
           (cause->message != NULL && strstr (cause->message, "TLS") != NULL))
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TLS,
                 "secure connection to %s failed (TLS): %s", host, cause->message);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NETWORK,
                 "%s refused the connection: is the server running?", host);
  else
    g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NETWORK,
                 "could not reach %s: %s", host, cause->message);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  /* TLS is always verified: never accept a certificate the database rejects. */
  return FALSE;
}

static GBytes *
read_body (FdHttpClient  *self,
           GInputStream  *stream,
           SoupMessage   *msg,
           gint64         deadline,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  goffset length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));

  if (length > 0 && (guint64) length > self->max_body)
    {
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TOO_LARGE,
                   "the answer is larger than %" G_GSIZE_FORMAT " MB; not read",
                   self->max_body / (1024 * 1024));
      return NULL;
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n;
      gsize old_len = buffer->len;

      g_byte_array_set_size (buffer, old_len + READ_CHUNK);
      n = g_input_stream_read (stream, buffer->data + old_len, READ_CHUNK, cancellable,
                               &local_error);
      if (n < 0)
        {
          g_autoptr(GUri) uri = g_uri_ref (soup_message_get_uri (msg));

          set_transport_error (error, local_error, uri, self->stall_s);
          return NULL;
        }
      g_byte_array_set_size (buffer, old_len + n);
      if (n == 0)
        break;

      if (buffer->len > self->max_body)
        {
          g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TOO_LARGE,
                       "the answer is larger than %" G_GSIZE_FORMAT " MB; not read",
                       self->max_body / (1024 * 1024));
          return NULL;
        }

      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TIMEOUT,
                       "the answer took longer than %u s (timeout)", self->total_s);
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static void
add_auth (FdHttpClient       *self,
          SoupMessageHeaders *headers)
{
  switch (self->auth)
    {
    case FD_HTTP_AUTH_BEARER:
      {
        g_autofree char *value = g_strdup_printf ("Bearer %s", self->token);

        soup_message_headers_replace (headers, "Authorization", value);
        explicit_bzero (value, strlen (value));
      }
      break;

    case FD_HTTP_AUTH_PRIVATE_TOKEN:
      soup_message_headers_replace (headers, "PRIVATE-TOKEN", self->token);
      break;

    case FD_HTTP_AUTH_BASIC:
      {
        g_autofree char *encoded = g_base64_encode ((const guchar *) self->token,
                                                    strlen (self->token));
        g_autofree char *value = g_strdup_printf ("Basic %s", encoded);

        soup_message_headers_replace (headers, "Authorization", value);
        explicit_bzero (value, strlen (value));
        explicit_bzero (encoded, strlen (encoded));
      }
      break;

    case FD_HTTP_AUTH_NONE:
    default:
      break;
    }
}

FdHttpResponse *
fd_http_client_send (FdHttpClient  *self,
                     const char    *method,
                     const char    *url,
                     const char    *content_type,
                     GBytes        *body,
                     const char    *if_none_match,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GUri) uri = NULL;
  gint64 deadline;

  g_return_val_if_fail (FD_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (!fd_http_check_url (url, error))
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  if (uri == NULL)
    return NULL;

  deadline = g_get_monotonic_time () + (gint64) self->total_s * G_USEC_PER_SEC;

  for (guint redirects = 0; ; redirects++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) response_body = NULL;
      SoupMessageHeaders *request_headers;
      SoupMessageHeaders *response_headers;
      FdHttpResponse *response;
      guint status;

      msg = soup_message_new_from_uri (method ? method : "GET", uri);
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);

      request_headers = soup_message_get_request_headers (msg);
      soup_message_headers_replace (request_headers, "Accept", "application/json");
      for (guint i = 0; i + 1 < self->extra_headers->len; i += 2)
        soup_message_headers_replace (request_headers,
                                      g_ptr_array_index (self->extra_headers, i),
                                      g_ptr_array_index (self->extra_headers, i + 1));
      add_auth (self, request_headers);
      if (if_none_match != NULL && *if_none_match != '\0')
        soup_message_headers_replace (request_headers, "If-None-Match", if_none_match);
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, content_type ? content_type
                                                                    : "application/json", body);

      g_atomic_int_inc (&self->n_requests);
      stream = soup_session_send (ensure_session (self), msg, cancellable, &local_error);
      if (stream == NULL)
        {
          set_transport_error (error, local_error, uri, self->stall_s);
          return NULL;
        }

      status = soup_message_get_status (msg);
      response_headers = soup_message_get_response_headers (msg);

      if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
        {
          const char *location = soup_message_headers_get_one (response_headers, "Location");
          g_autoptr(GUri) target = location ? g_uri_parse_relative (uri, location,
                                                                    G_URI_FLAGS_ENCODED, NULL)
                                            : NULL;

          g_input_stream_close (stream, NULL, NULL);
          /* Follow only to the same server: the token must not go elsewhere. */
          if (target != NULL && same_origin (target, uri) && redirects < MAX_REDIRECTS)
            {
              g_uri_unref (uri);
              uri = g_steal_pointer (&target);
              continue;
            }

          set_status_error (self, status, response_headers, NULL, error);
          return NULL;
        }

      response_body = read_body (self, stream, msg, deadline, cancellable, error);
      g_input_stream_close (stream, NULL, NULL);
      if (response_body == NULL)
        return NULL;

      if (!SOUP_STATUS_IS_SUCCESSFUL (status) && status != SOUP_STATUS_NOT_MODIFIED)
        {
          set_status_error (self, status, response_headers, response_body, error);
          return NULL;
        }

      if (is_rate_limit_exhausted (response_headers))
        {
          FdTime retry_at = parse_retry_at (response_headers);

          self->retry_at = retry_at;
        }
      else
        self->retry_at = FD_TIME_NONE;

      response = g_new0 (FdHttpResponse, 1);
      response->status = status;
      response->body = g_steal_pointer (&response_body);
      response->headers = soup_message_headers_ref (response_headers);
      response->uri = g_uri_ref (uri);

      return response;
    }
}

JsonNode *
fd_http_client_get_json (FdHttpClient     *self,
                         const char       *url,
                         const char       *if_none_match,
                         FdHttpResponse  **out_response,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(FdHttpResponse) response = NULL;
  JsonNode *node = NULL;

  g_return_val_if_fail (FD_IS_HTTP_CLIENT (self), NULL);

  response = fd_http_client_send (self, "GET", url, NULL, NULL, if_none_match, cancellable,
                                  error);
  if (response == NULL)
    return NULL;

  if (!fd_http_response_not_modified (response))
    {
      node = fd_http_response_parse_json (response, error);
      if (node == NULL)
        return NULL;
    }

  if (out_response != NULL)
    *out_response = g_steal_pointer (&response);

  return node;
}
