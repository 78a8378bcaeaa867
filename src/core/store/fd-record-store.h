/* fd-record-store.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-batch.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

/*
 * FdRecordStore: the session's history. It applies the batches of every
 * source in turn and after each one hands out the next immutable FdSnapshot.
 *
 * - A record is keyed by its type, its source and its id: a later version
 *   replaces the earlier one (the append-only rule of the event format).
 *   Samples have no id; one with the same canary, variant and time as an
 *   earlier sample of the same source replaces it.
 * - The batch's gone ids are removed. A batch whose gone ids hold the
 *   source's URI itself starts the source over: everything the store held
 *   for it is dropped before the batch's records are added (a file that was
 *   truncated or replaced, a simulation started anew).
 * - Each source may have a retention window: records that started before
 *   now − retention are dropped (checked cheaply on every batch, swept at
 *   most every 1/64 of the window).
 *
 * The cost of an apply follows the batch, not the history: records newer
 * than the history are appended to arrays the previous snapshot shares
 * (it never sees past its own end), an update or an older record rewrites
 * only the part of the arrays from its position on, and the strings are
 * shared the same way. Readers keep their snapshots as long as they like.
 *
 * Thread-safe: every call takes the store's lock. Meant to be applied on a
 * worker thread, one batch at a time.
 */
typedef struct _FdRecordStore FdRecordStore;

#define FD_TYPE_RECORD_STORE (fd_record_store_get_type ())
GType          fd_record_store_get_type      (void) G_GNUC_CONST;

FdRecordStore *fd_record_store_new           (void);
FdRecordStore *fd_record_store_ref           (FdRecordStore *self);
void           fd_record_store_unref         (FdRecordStore *self);

/* @span: microseconds to keep, measured back from the "now" of each apply;
 * 0 keeps everything (the default). */
void           fd_record_store_set_retention (FdRecordStore *self,
                                              const char    *source_uri,
                                              FdTime         span);
FdTime         fd_record_store_get_retention (FdRecordStore *self,
                                              const char    *source_uri);

/* Applies @batch and returns the snapshot after it (the same snapshot again
 * when the batch changed nothing). @now is the time retention counts from. */
FdSnapshot    *fd_record_store_apply         (FdRecordStore *self,
                                              FdBatch       *batch,
                                              FdTime         now);
/* Drops every record of a source; returns the snapshot after it. */
FdSnapshot    *fd_record_store_remove_source (FdRecordStore *self,
                                              const char    *source_uri);
/* The current snapshot (empty before the first batch). */
FdSnapshot    *fd_record_store_dup_snapshot  (FdRecordStore *self);

/* The URI of the source that gave the record with @id (of any type), or
 * NULL. For routing actions on records whose id does not start with their
 * source's URI (the file and the simulator keep the ids they have). */
char          *fd_record_store_dup_owner     (FdRecordStore *self,
                                              const char    *id);
/* Records (of all types) the store holds for a source. */
gsize          fd_record_store_get_n_records (FdRecordStore *self,
                                              const char    *source_uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdRecordStore, fd_record_store_unref)

G_END_DECLS
