/* test-http.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-http"

#include "config.h"

#include "fd-http.h"
#include "fd-test-server.h"

#include <string.h>

typedef struct
{
  GMutex  mutex;
  char   *user_agent;
  char   *authorization;
  char   *private_token;
  char   *if_none_match;
  char   *api_version;
  char   *method;
  char   *request_body;
} Seen;

static Seen seen;

static void
seen_reset (void)
{
  g_mutex_lock (&seen.mutex);
  g_clear_pointer (&seen.user_agent, g_free);
  g_clear_pointer (&seen.authorization, g_free);
  g_clear_pointer (&seen.private_token, g_free);
  g_clear_pointer (&seen.if_none_match, g_free);
  g_clear_pointer (&seen.api_version, g_free);
  g_clear_pointer (&seen.method, g_free);
  g_clear_pointer (&seen.request_body, g_free);
  g_mutex_unlock (&seen.mutex);
}

static void
record_request (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  g_mutex_lock (&seen.mutex);
  g_free (seen.user_agent);
  seen.user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  g_free (seen.authorization);
  seen.authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (seen.private_token);
  seen.private_token = g_strdup (soup_message_headers_get_one (headers, "PRIVATE-TOKEN"));
  g_free (seen.if_none_match);
  seen.if_none_match = g_strdup (soup_message_headers_get_one (headers, "If-None-Match"));
  g_free (seen.api_version);
  seen.api_version = g_strdup (soup_message_headers_get_one (headers, "X-GitHub-Api-Version"));
  g_free (seen.method);
  seen.method = g_strdup (soup_server_message_get_method (msg));
  g_free (seen.request_body);
  seen.request_body = body->length > 0 ? g_strndup (body->data, body->length) : NULL;
  g_mutex_unlock (&seen.mutex);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  FdTestServer *test_server = user_data;

  record_request (msg);

  if (g_str_equal (path, "/json"))
    {
      soup_message_headers_replace (response_headers, "ETag", "\"abc\"");
      if (g_strcmp0 (seen.if_none_match, "\"abc\"") == 0)
        soup_server_message_set_status (msg, 304, NULL);
      else
        fd_test_server_reply (msg, 200, NULL, "{\"ok\": true, \"n\": 3}");
    }
  else if (g_str_equal (path, "/paged"))
    {
      g_autofree char *link = g_strdup_printf ("<%s/paged?page=2>; rel=\"next\", "
                                               "<%s/paged?page=9>; rel=\"last\"",
                                               fd_test_server_get_url (test_server),
                                               fd_test_server_get_url (test_server));

      soup_message_headers_replace (response_headers, "Link", link);
      fd_test_server_reply (msg, 200, NULL, "[]");
    }
  else if (g_str_equal (path, "/elsewhere"))
    {
      soup_message_headers_replace (response_headers, "Link",
                                    "<https://evil.example/steal?page=2>; rel=\"next\"");
      fd_test_server_reply (msg, 200, NULL, "[]");
    }
  else if (g_str_equal (path, "/redirect-away"))
    {
      soup_message_headers_replace (response_headers, "Location", "http://127.0.0.2:1/x");
      soup_server_message_set_status (msg, 302, NULL);
    }
  else if (g_str_equal (path, "/redirect-here"))
    {
      soup_message_headers_replace (response_headers, "Location", "/json");
      soup_server_message_set_status (msg, 301, NULL);
    }
  else if (g_str_equal (path, "/401"))
    fd_test_server_reply (msg, 401, NULL, "{\"message\": \"Bad credentials\"}");
  else if (g_str_equal (path, "/404"))
    fd_test_server_reply (msg, 404, NULL, "{\"message\": \"Not Found\"}");
  else if (g_str_equal (path, "/403"))
    fd_test_server_reply (msg, 403, NULL, "{\"message\": \"Resource not accessible\"}");
  else if (g_str_equal (path, "/403-rate"))
    {
      soup_message_headers_replace (response_headers, "X-RateLimit-Remaining", "0");
      soup_message_headers_replace (response_headers, "X-RateLimit-Reset", "4102444800");
      fd_test_server_reply (msg, 403, NULL, "{\"message\": \"API rate limit exceeded\"}");
    }
  else if (g_str_equal (path, "/429"))
    {
      soup_message_headers_replace (response_headers, "Retry-After", "120");
      fd_test_server_reply (msg, 429, NULL, "slow down");
    }
  else if (g_str_equal (path, "/400"))
    fd_test_server_reply (msg, 400, NULL, "\"end time can't be in the past\"");
  else if (g_str_equal (path, "/503"))
    fd_test_server_reply (msg, 503, "text/html", "<html><body>Service Unavailable</body></html>");
  else if (g_str_equal (path, "/html"))
    fd_test_server_reply (msg, 200, "text/html", "<!DOCTYPE html><html><body>Sign in</body></html>");
  else if (g_str_equal (path, "/html-as-json"))
    fd_test_server_reply (msg, 200, NULL, "  <html>oops</html>");
  else if (g_str_equal (path, "/truncated"))
    fd_test_server_reply (msg, 200, NULL, "{\"workflow_runs\": [{\"id\": 1}, {\"id\":");
  else if (g_str_equal (path, "/garbage"))
    fd_test_server_reply (msg, 200, NULL, "{\"a\": 1}\n{\"b\": tru}");
  else if (g_str_equal (path, "/big"))
    {
      char *big = g_malloc (300 * 1024 + 3);

      memset (big, ' ', 300 * 1024 + 2);
      big[0] = '[';
      big[300 * 1024 + 1] = ']';
      big[300 * 1024 + 2] = '\0';
      fd_test_server_reply (msg, 200, NULL, big);
      g_free (big);
    }
  else if (g_str_equal (path, "/stall"))
    soup_server_message_pause (msg);
  else if (g_str_equal (path, "/post"))
    fd_test_server_reply (msg, 200, NULL, "{\"silenceID\": \"u-1\"}");
  else
    fd_test_server_reply (msg, 404, NULL, "{}");
}

static FdTestServer *
start_server (void)
{
  FdTestServer *server = fd_test_server_new ();

  fd_test_server_add_handler (server, NULL, handler, server);
  seen_reset ();

  return server;
}

static char *
url_for (FdTestServer *server,
         const char   *path)
{
  return g_strconcat (fd_test_server_get_url (server), path, NULL);
}

static void
test_http_get_json_and_headers (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(FdHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (server, "/json");

  fd_http_client_set_auth (client, FD_HTTP_AUTH_BEARER, "s3cret-token");
  fd_http_client_add_header (client, "X-GitHub-Api-Version", "2022-11-28");

  node = fd_http_client_get_json (client, url, NULL, &response, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "n"), ==, 3);
  g_assert_cmpuint (fd_http_response_get_status (response), ==, 200);
  g_assert_cmpstr (fd_http_response_get_etag (response), ==, "\"abc\"");

  g_assert_cmpstr (seen.authorization, ==, "Bearer s3cret-token");
  g_assert_cmpstr (seen.api_version, ==, "2022-11-28");
  g_assert_true (g_str_has_prefix (seen.user_agent, "Flightdeck/"));
  g_assert_null (seen.if_none_match);
  g_assert_cmpuint (fd_http_client_get_n_requests (client), ==, 1);
}

static void
test_http_not_modified (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(FdHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (server, "/json");

  node = fd_http_client_get_json (client, url, "\"abc\"", &response, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (node);
  g_assert_nonnull (response);
  g_assert_true (fd_http_response_not_modified (response));
  g_assert_cmpstr (seen.if_none_match, ==, "\"abc\"");
  g_assert_cmpint (fd_http_client_get_retry_at (client), ==, FD_TIME_NONE);
}

static void
test_http_auth_kinds (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (server, "/json");
  JsonNode *node;

  fd_http_client_set_auth (client, FD_HTTP_AUTH_PRIVATE_TOKEN, "glpat-xyz");
  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  json_node_unref (node);
  g_assert_cmpstr (seen.private_token, ==, "glpat-xyz");
  g_assert_null (seen.authorization);

  fd_http_client_set_auth (client, FD_HTTP_AUTH_BASIC, "ci-bot:11aa22bb");
  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  json_node_unref (node);
  /* base64 ("ci-bot:11aa22bb") */
  g_assert_cmpstr (seen.authorization, ==, "Basic Y2ktYm90OjExYWEyMmJi");
  g_assert_null (seen.private_token);

  fd_http_client_set_auth (client, FD_HTTP_AUTH_BEARER, NULL);
  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  json_node_unref (node);
  g_assert_null (seen.authorization);
}

typedef struct
{
  const char *path;
  GQuark      domain;
  int         code;
  const char *message_part;
} ErrorCase;

static void
test_http_errors (void)
{
  const ErrorCase cases[] = {
    { "/401", FD_HTTP_ERROR, FD_HTTP_ERROR_AUTH, "authentication failed (HTTP 401)" },
    { "/404", FD_HTTP_ERROR, FD_HTTP_ERROR_NOT_FOUND, "not found (HTTP 404)" },
    { "/403", FD_HTTP_ERROR, FD_HTTP_ERROR_FORBIDDEN,
      "permission denied (HTTP 403): Resource not accessible" },
    { "/403-rate", FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED, "rate limited until 00:00:00 UTC" },
    { "/400", FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT,
      "request rejected (HTTP 400): end time can't be in the past" },
    { "/503", FD_HTTP_ERROR, FD_HTTP_ERROR_SERVER, "server error (HTTP 503)" },
    { "/html", FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE, "web page, not JSON" },
    { "/html-as-json", FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE, "web page, not JSON" },
    { "/truncated", FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE, "invalid JSON at byte" },
    { "/garbage", FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE, "invalid JSON at byte" },
    { "/redirect-away", FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT, "redirected" },
  };
  g_autoptr(FdTestServer) server = start_server ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FdHttpClient) client = fd_http_client_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *url = url_for (server, cases[i].path);

      fd_http_client_set_auth (client, FD_HTTP_AUTH_BEARER, "tok-never-shown");
      node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
      g_test_message ("%s: %s", cases[i].path, error ? error->message : "(no error)");
      g_assert_null (node);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_assert_null (strstr (error->message, "tok-never-shown"));
      g_assert_cmpint (fd_http_error_is_transient (error), ==,
                       cases[i].code == FD_HTTP_ERROR_SERVER);
    }
}

static void
test_http_truncated_offset (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *data = "{\"a\": [1, 2,\n 3, x]}";

  node = fd_http_parse_json (data, strlen (data), &error);
  g_assert_null (node);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
  /* The 'x' is at byte 17. */
  g_assert_cmpstr (error->message, ==, "invalid JSON at byte 17");
}

static void
test_http_rate_limit_times (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (server, "/403-rate");
  g_autofree char *url429 = url_for (server, "/429");
  FdTime before = g_get_real_time ();
  JsonNode *node;

  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED);
  g_assert_cmpint (fd_http_client_get_retry_at (client), ==,
                   G_GINT64_CONSTANT (4102444800) * G_USEC_PER_SEC);
  g_clear_error (&error);

  node = fd_http_client_get_json (client, url429, NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_RATE_LIMITED);
  g_assert_cmpint (fd_http_client_get_retry_at (client), >=, before + 120 * G_USEC_PER_SEC);
  g_assert_cmpint (fd_http_client_get_retry_at (client), <=,
                   g_get_real_time () + 121 * G_USEC_PER_SEC);
}

static void
test_http_too_large (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (server, "/big");
  JsonNode *node;

  fd_http_client_set_max_body (client, 100 * 1024);
  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TOO_LARGE);

  /* The default limit (50 MB) takes it. */
  g_clear_error (&error);
  fd_http_client_set_max_body (client, 0);
  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  json_node_unref (node);
}

static void
test_http_stall (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (server, "/stall");
  gint64 start = g_get_monotonic_time ();
  JsonNode *node;

  fd_http_client_set_timeouts (client, 1, 2);
  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_TIMEOUT);
  g_assert_true (fd_http_error_is_transient (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_http_refused (void)
{
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autofree char *url = NULL;
  JsonNode *node;

  /* A port that was free a moment ago and has nobody listening. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/x",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  node = fd_http_client_get_json (client, url, NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_NETWORK);
  g_assert_true (fd_http_error_is_transient (error));
}

static void
test_http_links_and_redirects (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(FdHttpResponse) response = NULL;
  g_autoptr(FdHttpResponse) elsewhere = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (server, "/paged");
  g_autofree char *expected = url_for (server, "/paged?page=2");
  g_autofree char *next = NULL;
  g_autofree char *url2 = url_for (server, "/elsewhere");
  g_autofree char *url3 = url_for (server, "/redirect-here");

  response = fd_http_client_send (client, NULL, url, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  next = fd_http_response_get_next_link (response);
  g_assert_cmpstr (next, ==, expected);

  /* A next page on another server would get the token: not followed. */
  elsewhere = fd_http_client_send (client, NULL, url2, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (fd_http_response_get_next_link (elsewhere));

  /* A redirect on the same server is followed. */
  node = fd_http_client_get_json (client, url3, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
}

static void
test_http_post (void)
{
  g_autoptr(FdTestServer) server = start_server ();
  g_autoptr(FdHttpClient) client = fd_http_client_new ();
  g_autoptr(FdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"x\":1}", 7);
  g_autofree char *url = url_for (server, "/post");

  response = fd_http_client_send (client, "POST", url, "application/json", body, NULL, NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen.method, ==, "POST");
  g_assert_cmpstr (seen.request_body, ==, "{\"x\":1}");
}

static void
test_http_check_url (void)
{
  const struct { const char *url; gboolean ok; } cases[] = {
    { "https://api.github.com", TRUE },
    { "http://127.0.0.1:9093", TRUE },
    { "http://127.1.2.3/x", TRUE },
    { "http://[::1]:8080/", TRUE },
    { "http://localhost:8080", TRUE },
    { "http://example.com", FALSE },
    { "http://10.0.0.1", FALSE },
    { "ftp://127.0.0.1", FALSE },
    { "api.github.com", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (fd_http_check_url (cases[i].url, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_INVALID_URL);
    }
}

static void
test_http_join_and_backoff (void)
{
  g_autofree char *a = fd_http_join_url ("https://x/api/v4/", "/projects");
  g_autofree char *b = fd_http_join_url ("https://x", "repos/o/r");

  g_assert_cmpstr (a, ==, "https://x/api/v4/projects");
  g_assert_cmpstr (b, ==, "https://x/repos/o/r");

  g_assert_cmpuint (fd_http_backoff_delay (1, 10, 600, 0.5), ==, 10);
  g_assert_cmpuint (fd_http_backoff_delay (2, 10, 600, 0.5), ==, 20);
  g_assert_cmpuint (fd_http_backoff_delay (4, 10, 600, 0.5), ==, 80);
  g_assert_cmpuint (fd_http_backoff_delay (20, 10, 600, 0.5), ==, 600);
  g_assert_cmpuint (fd_http_backoff_delay (1, 10, 600, 0.0), ==, 8);
  g_assert_cmpuint (fd_http_backoff_delay (1, 10, 600, 1.0), ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/http/get-json-and-headers", test_http_get_json_and_headers);
  g_test_add_func ("/flightdeck/http/not-modified", test_http_not_modified);
  g_test_add_func ("/flightdeck/http/auth-kinds", test_http_auth_kinds);
  g_test_add_func ("/flightdeck/http/errors", test_http_errors);
  g_test_add_func ("/flightdeck/http/truncated-offset", test_http_truncated_offset);
  g_test_add_func ("/flightdeck/http/rate-limit-times", test_http_rate_limit_times);
  g_test_add_func ("/flightdeck/http/too-large", test_http_too_large);
  g_test_add_func ("/flightdeck/http/stall", test_http_stall);
  g_test_add_func ("/flightdeck/http/refused", test_http_refused);
  g_test_add_func ("/flightdeck/http/links-and-redirects", test_http_links_and_redirects);
  g_test_add_func ("/flightdeck/http/post", test_http_post);
  g_test_add_func ("/flightdeck/http/check-url", test_http_check_url);
  g_test_add_func ("/flightdeck/http/join-and-backoff", test_http_join_and_backoff);

  return g_test_run ();
}
