/* fd-batch.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-snapshot.h"

G_BEGIN_DECLS

/*
 * FdBatch: what one fetch of a source brings, immutable once made and
 * shared between threads by reference.
 *
 * - records: the records upserted, as a small snapshot of their own (every
 *   id starts with the source's URI and a colon, so ids from two sources
 *   never collide);
 * - gone: the ids (of any record type) the source no longer has;
 * - cursor: opaque bytes the source gets back on its next fetch (a file
 *   offset, an API's `updated_after`, ETags), or NULL.
 *
 * An unchanged poll is an empty batch (fd_batch_is_empty()).
 */
typedef struct _FdBatch FdBatch;

#define FD_TYPE_BATCH (fd_batch_get_type ())
GType               fd_batch_get_type      (void) G_GNUC_CONST;

/* Takes ownership of nothing: @records and @cursor are referenced, @gone copied. */
FdBatch            *fd_batch_new           (const char         *source_uri,
                                            FdSnapshot         *records,
                                            const char * const *gone,
                                            GBytes             *cursor);
FdBatch            *fd_batch_ref           (FdBatch            *self);
void                fd_batch_unref         (FdBatch            *self);

const char         *fd_batch_get_source_uri (const FdBatch     *self);
/* Never NULL: an empty batch has an empty snapshot. */
FdSnapshot         *fd_batch_get_records   (const FdBatch      *self);
/* NULL-terminated, never NULL. */
const char * const *fd_batch_get_gone      (const FdBatch      *self);
/* Nullable. */
GBytes             *fd_batch_get_cursor    (const FdBatch      *self);
/* The number of records upserted (runs, deployments, alerts, canaries and samples). */
gsize               fd_batch_get_n_records (const FdBatch      *self);
gboolean            fd_batch_is_empty      (const FdBatch      *self);

/* Sources that know silences (Alertmanager) attach the full current list, as
 * FdSilence items; NULL when the source has no silences. Call before the batch
 * is shared; the batch takes @silences. */
void                fd_batch_take_silences (FdBatch            *self,
                                            GPtrArray          *silences);
GPtrArray          *fd_batch_get_silences  (const FdBatch      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdBatch, fd_batch_unref)

/*
 * FdSilence: one Alertmanager silence (they are not events v1 records; the
 * Alerts page lists them beside the alerts).
 */
typedef struct
{
  char   *id;          /* "SOURCE-URI:UUID" */
  char   *upstream_id; /* the UUID */
  char  **matchers;    /* "name=value", "name!=value", "name=~re", "name!~re" */
  char   *created_by;
  char   *comment;
  FdTime  starts_at;
  FdTime  ends_at;
  char   *state;       /* "active", "pending", "expired" */
  /* The record silenced, for the silences the file and the simulator keep
   * themselves (they have no matchers); NULL for Alertmanager's. */
  char   *target_id;
} FdSilence;

#define FD_TYPE_SILENCE (fd_silence_get_type ())
GType      fd_silence_get_type (void) G_GNUC_CONST;
FdSilence *fd_silence_new      (void);
FdSilence *fd_silence_copy     (const FdSilence *silence);
void       fd_silence_free     (FdSilence       *silence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSilence, fd_silence_free)

G_END_DECLS
