/* fd-session.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-action.h"
#include "fd-batch.h"
#include "fd-clock.h"
#include "fd-page-data.h"
#include "fd-record-store.h"
#include "fd-source.h"

G_BEGIN_DECLS

/*
 * FdSession: everything the window and the pages show, without GTK.
 *
 * It owns the sources and fetches each on its own timer (its interval,
 * stretched by backoff after failures, or to the time a rate-limited
 * server asked for), on F5 (fd_session_refresh()) and when a source says it
 * changed (a "changed" signal, as the file source has). Every batch goes to
 * the record store, one at a time on a worker thread; the query of the
 * current filters then runs on another worker (a newer query cancels an
 * older one) and is published as #FdSession:page-data.
 *
 * Sources that follow the clock get the session's: a source with a
 * writable "clock" property of type #FdClock that is unset is given it, so
 * a fake clock drives the simulator too. The time window ends "now" when a
 * source is live or follows the clock; over only files it ends at the data's
 * last record, so an old history shows its own last days.
 *
 * User actions go to the source that owns the record
 * (fd_session_apply_async()), found by the id's URI prefix or, for the file
 * and the simulator, by the store.
 *
 * Main thread only.
 */
#define FD_TYPE_SESSION (fd_session_get_type ())
G_DECLARE_FINAL_TYPE (FdSession, fd_session, FD, SESSION, GObject)

FdSession          *fd_session_new                   (FdClock        *clock);

FdClock            *fd_session_get_clock             (FdSession      *self);
FdRecordStore      *fd_session_get_store             (FdSession      *self);

/* Sources */
GListModel         *fd_session_get_sources           (FdSession      *self);
void                fd_session_add_source            (FdSession      *self,
                                                      FdSource       *source);
void                fd_session_remove_source         (FdSession      *self,
                                                      FdSource       *source);
/* Before other sources take their place: the simulator, a file, an edit. */
void                fd_session_remove_all_sources    (FdSession      *self);
FdSource           *fd_session_find_source           (FdSession      *self,
                                                      const char     *uri);
/* Seconds between fetches; 0: the source's default. */
void                fd_session_set_source_interval   (FdSession      *self,
                                                      FdSource       *source,
                                                      guint           seconds);
guint               fd_session_get_source_interval   (FdSession      *self,
                                                      FdSource       *source);
/* Days of history kept for the source; 0: all. */
void                fd_session_set_source_retention  (FdSession      *self,
                                                      FdSource       *source,
                                                      guint           days);
void                fd_session_refresh               (FdSession      *self);
void                fd_session_refresh_source        (FdSession      *self,
                                                      FdSource       *source);
gboolean            fd_session_get_auto_refresh      (FdSession      *self);
void                fd_session_set_auto_refresh      (FdSession      *self,
                                                      gboolean        auto_refresh);

/* Filters */
const char         *fd_session_get_environment       (FdSession      *self);
void                fd_session_set_environment       (FdSession      *self,
                                                      const char     *environment);
const char * const *fd_session_get_environments      (FdSession      *self);
const char         *fd_session_get_time_range        (FdSession      *self);
void                fd_session_set_time_range        (FdSession      *self,
                                                      const char     *time_range);
FdTime              fd_session_get_time_range_span   (FdSession      *self);
double              fd_session_get_canary_pass_threshold     (FdSession *self);
void                fd_session_set_canary_pass_threshold     (FdSession *self,
                                                              double     threshold);
double              fd_session_get_canary_marginal_threshold (FdSession *self);
void                fd_session_set_canary_marginal_threshold (FdSession *self,
                                                              double     threshold);

/* What the pages show */
FdSnapshot         *fd_session_get_snapshot          (FdSession      *self);
FdPageData         *fd_session_get_page_data         (FdSession      *self);
GPtrArray          *fd_session_get_silences          (FdSession      *self);
gboolean            fd_session_get_busy              (FdSession      *self);
gboolean            fd_session_get_refreshing        (FdSession      *self);
const char         *fd_session_get_last_error        (FdSession      *self);

/* Actions */
/* Whether the source of record @id takes @kind (the UI offers only those). */
gboolean            fd_session_can_apply             (FdSession      *self,
                                                      FdActionKind    kind,
                                                      const char     *id);
void                fd_session_apply_async           (FdSession           *self,
                                                      const FdAction      *action,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            fd_session_apply_finish          (FdSession           *self,
                                                      GAsyncResult        *result,
                                                      char               **out_result,
                                                      GError             **error);

/* For the history cache: applies a batch that was not fetched (records
 * loaded from disk at start-up) through the same queue, without
 * ::batch-applied. Its cursor becomes the source's first cursor. Inject
 * before adding the source: its first fetch then continues from the cached
 * cursor, and nothing older lands after something newer. */
void                fd_session_inject_batch          (FdSession      *self,
                                                      FdBatch        *batch);

G_END_DECLS
