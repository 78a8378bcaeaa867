/* fd-fake-source.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-source.h"

G_BEGIN_DECLS

/*
 * FdFakeSource: a scripted FdSource for the session tests. Each fetch takes
 * the next scripted answer (a batch, or an error; an empty batch when none
 * is left) and completes from an idle callback, like a real source. It
 * remembers the cursors it was given and the actions it got, and keeps its
 * status as a live source does.
 */
#define FD_TYPE_FAKE_SOURCE (fd_fake_source_get_type ())
G_DECLARE_FINAL_TYPE (FdFakeSource, fd_fake_source, FD, FAKE_SOURCE, GObject)

FdFakeSource *fd_fake_source_new            (const char     *uri,
                                             gboolean        live,
                                             guint          interval);
void          fd_fake_source_push_batch     (FdFakeSource   *self,
                                             FdBatch        *batch);
/* A failure; FD_HTTP_ERROR_RATE_LIMITED errors also set the status's retry-at. */
void          fd_fake_source_push_error     (FdFakeSource   *self,
                                             GQuark          domain,
                                             int             code,
                                             FdTime          retry_at);
/* While held, fetches wait; releasing completes them. */
void          fd_fake_source_set_held       (FdFakeSource   *self,
                                             gboolean        held);
guint         fd_fake_source_get_n_fetches  (FdFakeSource   *self);
/* The cursor of the last fetch (may be NULL). */
GBytes       *fd_fake_source_get_last_cursor (FdFakeSource  *self);
/* The actions applied, FdAction. */
GPtrArray    *fd_fake_source_get_actions    (FdFakeSource   *self);
void          fd_fake_source_set_capabilities (FdFakeSource *self,
                                               FdSourceCapabilities caps);

/* A batch of @n runs "URI:run-FIRST…" (or raw "run-…" ids when @prefixed is
 * FALSE), one a minute from @start, in @environment. */
FdBatch      *fd_fake_batch_new             (const char         *uri,
                                             gboolean            prefixed,
                                             guint               first,
                                             guint               n,
                                             FdTime              start,
                                             const char         *environment,
                                             const char * const *gone,
                                             const char         *cursor);
/* A batch of one firing alert with @id. */
FdBatch      *fd_fake_alert_batch_new       (const char         *uri,
                                             const char         *id,
                                             FdTime              start);

G_END_DECLS
