/* fd-http.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fd-records.h"

G_BEGIN_DECLS

#define FD_HTTP_ERROR (fd_http_error_quark ())
typedef enum
{
  FD_HTTP_ERROR_FAILED,
  FD_HTTP_ERROR_INVALID_URL,     /* not http(s), or plain http to a host that is not loopback */
  FD_HTTP_ERROR_NETWORK,         /* DNS, connection refused, reset */
  FD_HTTP_ERROR_TLS,             /* certificate not trusted, handshake failed */
  FD_HTTP_ERROR_TIMEOUT,         /* connect, stall or whole-request deadline */
  FD_HTTP_ERROR_AUTH,            /* 401 */
  FD_HTTP_ERROR_FORBIDDEN,       /* 403 that is not a rate limit */
  FD_HTTP_ERROR_NOT_FOUND,       /* 404 */
  FD_HTTP_ERROR_RATE_LIMITED,    /* 429, or 403 with x-ratelimit-remaining: 0 / retry-after */
  FD_HTTP_ERROR_CLIENT,          /* another 4xx; the message carries the server's words */
  FD_HTTP_ERROR_SERVER,          /* 5xx */
  FD_HTTP_ERROR_TOO_LARGE,       /* body over the client's limit (50 MB by default) */
  FD_HTTP_ERROR_BAD_RESPONSE,    /* HTML page, malformed or truncated JSON, wrong shape */
} FdHttpError;
GQuark fd_http_error_quark (void);

/* Whether a failure is worth retrying with backoff (network, timeout, 5xx). */
gboolean fd_http_error_is_transient (const GError *error);

typedef enum
{
  FD_HTTP_AUTH_NONE,
  FD_HTTP_AUTH_BEARER,           /* Authorization: Bearer TOKEN */
  FD_HTTP_AUTH_PRIVATE_TOKEN,    /* PRIVATE-TOKEN: TOKEN (GitLab) */
  FD_HTTP_AUTH_BASIC,            /* Authorization: Basic base64(TOKEN), TOKEN = "user:api-token" */
} FdHttpAuth;

/*
 * FdHttpResponse: a finished exchange with a 2xx or 304 status. Immutable.
 */
typedef struct _FdHttpResponse FdHttpResponse;

guint         fd_http_response_get_status     (const FdHttpResponse *self);
/* TRUE for 304 Not Modified (the body is empty). */
gboolean      fd_http_response_not_modified   (const FdHttpResponse *self);
GBytes       *fd_http_response_get_body       (const FdHttpResponse *self);
/* A response header, case-insensitive; NULL when absent. */
const char   *fd_http_response_get_header     (const FdHttpResponse *self,
                                               const char           *name);
const char   *fd_http_response_get_etag       (const FdHttpResponse *self);
/* The absolute URL of the `link: <…>; rel="next"` header, or NULL. */
char         *fd_http_response_get_next_link  (const FdHttpResponse *self);
/* The body as JSON. Fails with FD_HTTP_ERROR_BAD_RESPONSE and a message such
 * as "invalid JSON at byte 812" or "the server sent an HTML page, not JSON". */
JsonNode     *fd_http_response_parse_json     (const FdHttpResponse *self,
                                               GError              **error);
void          fd_http_response_free           (FdHttpResponse       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdHttpResponse, fd_http_response_free)

/* Parses @data as JSON with the same messages as fd_http_response_parse_json(). */
JsonNode     *fd_http_parse_json              (const char           *data,
                                               gsize                 len,
                                               GError              **error);

/*
 * FdHttpClient: the HTTP client every live source uses. Blocking calls,
 * made from a source's worker thread; one client belongs to one thread at a
 * time. It sends a User-Agent on every request, verifies TLS always, accepts
 * plain http only for loopback hosts, enforces a stall timeout, a
 * whole-request deadline and a body size limit, and maps HTTP failures to
 * FdHttpError with messages such as "authentication failed (HTTP 401)",
 * "not found (HTTP 404)" or "rate limited until 09:14:00 UTC".
 */
#define FD_TYPE_HTTP_CLIENT (fd_http_client_get_type ())
G_DECLARE_FINAL_TYPE (FdHttpClient, fd_http_client, FD, HTTP_CLIENT, GObject)

FdHttpClient   *fd_http_client_new            (void);
/* The token is kept in memory only and never logged. */
void            fd_http_client_set_auth       (FdHttpClient   *self,
                                               FdHttpAuth      auth,
                                               const char     *token);
/* A header sent with every request, e.g. X-GitHub-Api-Version. */
void            fd_http_client_add_header     (FdHttpClient   *self,
                                               const char     *name,
                                               const char     *value);
/* Trust the certificates in @path (PEM) instead of the system's. */
gboolean        fd_http_client_set_ca_file    (FdHttpClient   *self,
                                               const char     *path,
                                               GError        **error);
/* Seconds without a byte before a request fails (default 30), and for the
 * whole request (default 120). */
void            fd_http_client_set_timeouts   (FdHttpClient   *self,
                                               guint           stall_s,
                                               guint           total_s);
void            fd_http_client_set_max_body   (FdHttpClient   *self,
                                               gsize           max_bytes);
/* Sends one request. @method NULL means GET; @body and @content_type are
 * nullable; @if_none_match sends If-None-Match. A 2xx or 304 answer is a
 * response; anything else is an FdHttpError. */
FdHttpResponse *fd_http_client_send           (FdHttpClient   *self,
                                               const char     *method,
                                               const char     *url,
                                               const char     *content_type,
                                               GBytes         *body,
                                               const char     *if_none_match,
                                               GCancellable   *cancellable,
                                               GError        **error);
/* GET and parse JSON in one go; a 304 gives NULL with no error when
 * @out_response is NULL. @out_response (nullable) gets the response. */
JsonNode       *fd_http_client_get_json       (FdHttpClient    *self,
                                               const char      *url,
                                               const char      *if_none_match,
                                               FdHttpResponse **out_response,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* When the last rate-limited answer (or an answer with
 * x-ratelimit-remaining: 0) says the next request may be sent;
 * FD_TIME_NONE when no wait is asked. */
FdTime          fd_http_client_get_retry_at   (FdHttpClient   *self);
/* Requests sent so far (for tests and `flightdeck-cli fetch` statistics). */
guint           fd_http_client_get_n_requests (FdHttpClient   *self);

/* Whether @url is http(s) and, for plain http, names a loopback host. */
gboolean        fd_http_check_url             (const char     *url,
                                               GError        **error);
/* @base with @path appended, one slash between them. */
char           *fd_http_join_url              (const char     *base,
                                               const char     *path);
/* The delay before retry @attempt (1, 2, …): base·2^(attempt−1), at most
 * @max_s, with ±20 % jitter from @random01 (0..1). */
guint           fd_http_backoff_delay         (guint           attempt,
                                               guint           base_s,
                                               guint           max_s,
                                               double          random01);

G_END_DECLS
