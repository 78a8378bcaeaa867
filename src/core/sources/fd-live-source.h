/* fd-live-source.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-http.h"
#include "fd-source.h"
#include "fd-source-config.h"

G_BEGIN_DECLS

/*
 * FdLiveSource: the shared part of every source that polls a remote API.
 * It implements FdSource: it runs the subclass's blocking fetch_sync and
 * apply_sync on a worker thread with an FdHttpClient made from the config
 * (auth, CA file, timeouts), and keeps the source's status (ok, stale, error,
 * rate-limited) from the outcome, on the main thread.
 *
 * A subclass implements fetch_sync and, when it accepts actions, apply_sync
 * and capabilities. The worker touches only what the task carries: the
 * config (immutable after construction), the cursor and the client.
 */
#define FD_TYPE_LIVE_SOURCE (fd_live_source_get_type ())
G_DECLARE_DERIVABLE_TYPE (FdLiveSource, fd_live_source, FD, LIVE_SOURCE, GObject)

struct _FdLiveSourceClass
{
  GObjectClass parent_class;

  /* How the token is sent; FD_HTTP_AUTH_BEARER by default. */
  FdHttpAuth           auth;
  guint                default_interval;    /* seconds, 60 by default */
  FdSourceCapabilities capabilities;

  /* Worker thread. Returns the batch, or NULL with @error set. */
  FdBatch  *(*fetch_sync) (FdLiveSource    *self,
                           FdHttpClient    *client,
                           GBytes          *cursor,
                           GCancellable    *cancellable,
                           GError         **error);
  /* Worker thread. *out_result: e.g. the new silence's id. */
  gboolean  (*apply_sync) (FdLiveSource    *self,
                           FdHttpClient    *client,
                           const FdAction  *action,
                           char           **out_result,
                           GCancellable    *cancellable,
                           GError         **error);
  /* Called on the worker for every client made, after auth and timeouts are set:
   * extra headers such as X-GitHub-Api-Version. Optional. */
  void      (*setup_client) (FdLiveSource *self,
                             FdHttpClient *client);
};

/* Immutable after construction; safe to read from the worker. */
const FdSourceConfig *fd_live_source_get_config (FdLiveSource *self);
/* Worker thread: a remark the status shows after a fetch that worked, e.g.
 * "cluster settling" or "Prometheus: no samples"; NULL clears it. */
void                  fd_live_source_set_note   (FdLiveSource *self,
                                                 const char   *note);
/* A new client configured from the config (auth, CA, timeouts, setup_client). */
FdHttpClient         *fd_live_source_new_client (FdLiveSource *self,
                                                 GError      **error);

G_END_DECLS
