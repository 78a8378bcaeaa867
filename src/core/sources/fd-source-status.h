/* fd-source-status.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-records.h"

G_BEGIN_DECLS

typedef enum
{
  FD_SOURCE_STATE_NEW,            /* not fetched yet */
  FD_SOURCE_STATE_OK,             /* the last fetch worked */
  FD_SOURCE_STATE_STALE,          /* the last fetch failed; the data is from last-success */
  FD_SOURCE_STATE_ERROR,          /* the last fetch failed and needs the user (token, URL, data) */
  FD_SOURCE_STATE_RATE_LIMITED,   /* the server asked to wait until retry-at */
} FdSourceState;

#define FD_TYPE_SOURCE_STATE (fd_source_state_get_type ())
GType fd_source_state_get_type (void) G_GNUC_CONST;

/*
 * FdSourceStatus: what the window's source list and `flightdeck-cli
 * sources` show for one source. Main thread only.
 */
#define FD_TYPE_SOURCE_STATUS (fd_source_status_get_type ())
G_DECLARE_FINAL_TYPE (FdSourceStatus, fd_source_status, FD, SOURCE_STATUS, GObject)

FdSourceStatus *fd_source_status_new              (void);
FdSourceState   fd_source_status_get_state        (FdSourceStatus *self);
void            fd_source_status_set_state        (FdSourceStatus *self,
                                                   FdSourceState   state);
const char     *fd_source_status_get_message      (FdSourceStatus *self);
void            fd_source_status_set_message      (FdSourceStatus *self,
                                                   const char     *message);
FdTime          fd_source_status_get_last_success (FdSourceStatus *self);
void            fd_source_status_set_last_success (FdSourceStatus *self,
                                                   FdTime          at);
FdTime          fd_source_status_get_next_fetch   (FdSourceStatus *self);
void            fd_source_status_set_next_fetch   (FdSourceStatus *self,
                                                   FdTime          at);
FdTime          fd_source_status_get_retry_at     (FdSourceStatus *self);
void            fd_source_status_set_retry_at     (FdSourceStatus *self,
                                                   FdTime          at);
/* One line in plain words: "ok", "stale since 09:12", "error: …",
 * "rate limited until 09:14:00 UTC". @local: local time, else UTC. */
char           *fd_source_status_describe         (FdSourceStatus *self,
                                                   gboolean        local);
const char     *fd_source_state_to_string         (FdSourceState   state);

G_END_DECLS
