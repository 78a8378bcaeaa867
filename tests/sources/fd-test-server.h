/* fd-test-server.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "fd-source.h"

G_BEGIN_DECLS

/*
 * A real SoupServer on 127.0.0.1 (a free port) for the source tests. The
 * server runs on a thread of its own with its own main context, so a test
 * may block on the main thread (or run a main loop) while sources talk to it.
 * Handlers run on the server's thread.
 */
typedef struct _FdTestServer FdTestServer;

FdTestServer *fd_test_server_new         (void);
SoupServer   *fd_test_server_get_server  (FdTestServer       *self);
/* "http://127.0.0.1:PORT" with no trailing slash. */
const char   *fd_test_server_get_url     (FdTestServer       *self);
/* Adds a handler; call before the first request. */
void          fd_test_server_add_handler (FdTestServer       *self,
                                          const char         *path,
                                          SoupServerCallback  callback,
                                          gpointer            user_data);
/* Every request seen so far as "METHOD /path?query" lines (a copy). */
GPtrArray    *fd_test_server_dup_log     (FdTestServer       *self);
void          fd_test_server_free        (FdTestServer       *self);

/* Serves @body with @status and @content_type (NULL: application/json). */
void          fd_test_server_reply       (SoupServerMessage  *msg,
                                          guint               status,
                                          const char         *content_type,
                                          const char         *body);
/* The contents of tests/sources/data/@name (aborts when missing). */
char         *fd_test_server_load_data   (const char         *name);

/* Runs fd_source_fetch_async () to its end on the default main context. */
FdBatch      *fd_test_fetch              (FdSource           *source,
                                          GBytes             *cursor,
                                          GError            **error);
/* Same for fd_source_apply_async (); *out_result as apply_finish gives it. */
gboolean      fd_test_apply              (FdSource           *source,
                                          const FdAction     *action,
                                          char              **out_result,
                                          GError            **error);
/* The record of a type by id, or NULL. */
const FdPipelineRun *fd_test_find_run        (FdSnapshot *snapshot,
                                              const char *id);
const FdDeployment  *fd_test_find_deployment (FdSnapshot *snapshot,
                                              const char *id);
const FdAlert       *fd_test_find_alert      (FdSnapshot *snapshot,
                                              const char *id);
const FdCanary      *fd_test_find_canary     (FdSnapshot *snapshot,
                                              const char *id);
/* An RFC 3339 time (asserts it parses). */
FdTime        fd_test_time               (const char         *text);
/* How many logged requests start with @prefix ("GET /path"). */
guint         fd_test_count_requests     (GPtrArray          *log,
                                          const char         *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTestServer, fd_test_server_free)

G_END_DECLS
