/* fd-snapshot-private.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-snapshot.h"

G_BEGIN_DECLS

/*
 * FdSharedBuf: a reference-counted block of memory that several snapshots
 * view at once. The record store (src/core/store/fd-record-store.c) writes
 * new records past the end that every existing view sees, so a snapshot made
 * by appending shares its predecessor's prefix instead of copying it. Nothing
 * a view covers is ever written again.
 *
 * References may be dropped on any thread; fd_shared_buf_is_exclusive() is
 * meaningful only to the owner that alone hands out new references.
 */
typedef struct _FdSharedBuf FdSharedBuf;

FdSharedBuf *_fd_shared_buf_new          (gsize        size);
FdSharedBuf *_fd_shared_buf_ref          (FdSharedBuf *self);
void         _fd_shared_buf_unref        (FdSharedBuf *self);
gpointer     _fd_shared_buf_get_data     (FdSharedBuf *self);
gsize        _fd_shared_buf_get_size     (FdSharedBuf *self);
/* Whether the caller's reference is the only one (no snapshot views it). */
gboolean     _fd_shared_buf_is_exclusive (FdSharedBuf *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSharedBuf, _fd_shared_buf_unref)

/* @n elements starting at @data, which lies inside @buf (NULL when @n is 0). */
typedef struct
{
  FdSharedBuf *buf;
  gconstpointer data;
  gsize        n;
} FdSnapshotView;

/*
 * Everything a snapshot made of shared buffers needs. The records of each
 * view must be sorted by time, and the stages and steps views must hold
 * every stage and step the runs and canaries point at (first_stage and
 * first_step index the views). The strings are @n_strings entries, string 0
 * unused, with @offsets holding n_strings + 1 offsets into @text.
 */
typedef struct
{
  FdSnapshotView runs;
  FdSnapshotView deployments;
  FdSnapshotView alerts;
  FdSnapshotView canaries;
  FdSnapshotView samples;
  FdSnapshotView stages;
  FdSnapshotView steps;

  FdSharedBuf   *text;
  gsize          text_len;
  FdSharedBuf   *offsets;
  guint          n_strings;

  /* Distinct environment and service ids, any order; copied. */
  const FdStr   *environment_ids;
  gsize          n_environments;
  const FdStr   *service_ids;
  gsize          n_services;
} FdSnapshotParts;

/* A snapshot viewing @parts: it takes a reference on every buffer and sorts
 * the environment and service names; cost in proportion to those lists. */
FdSnapshot *_fd_snapshot_new_from_parts (const FdSnapshotParts *parts);

/* The hash the snapshot's string tables use (for tables kept elsewhere). */
guint32     _fd_snapshot_hash_bytes     (const char            *str,
                                         gsize                  len);

G_END_DECLS
