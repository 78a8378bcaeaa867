/* fd-snapshot.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-records.h"

G_BEGIN_DECLS

/*
 * FdSnapshot: an immutable, reference-counted view of the whole history.
 * Every record array is sorted by its time (started_at, or at for samples),
 * so a query over [from, to) finds its bounds by binary search. Snapshots are
 * shared between threads by reference and never change after
 * fd_snapshot_builder_end().
 */
typedef struct _FdSnapshot        FdSnapshot;
typedef struct _FdSnapshotBuilder FdSnapshotBuilder;

#define FD_TYPE_SNAPSHOT (fd_snapshot_get_type ())
GType        fd_snapshot_get_type  (void) G_GNUC_CONST;

FdSnapshot  *fd_snapshot_ref       (FdSnapshot *self);
void         fd_snapshot_unref     (FdSnapshot *self);
FdSnapshot  *fd_snapshot_new_empty (void);

/* The string of an interned id; NULL for FD_STR_NONE. */
const char  *fd_snapshot_str       (const FdSnapshot *self,
                                    FdStr             str);
/* Same, with the length in bytes: a string from a JSON "\u0000" escape
 * holds a NUL, which fd_snapshot_str() callers would see as its end. */
const char  *fd_snapshot_str_len   (const FdSnapshot *self,
                                    FdStr             str,
                                    gsize            *len);
/* The interned id of a string, or FD_STR_NONE when the snapshot never saw it. */
FdStr        fd_snapshot_lookup    (const FdSnapshot *self,
                                    const char       *str);

const FdPipelineRun  *fd_snapshot_get_runs        (const FdSnapshot *self, gsize *n_runs);
const FdDeployment   *fd_snapshot_get_deployments (const FdSnapshot *self, gsize *n_deployments);
const FdAlert        *fd_snapshot_get_alerts      (const FdSnapshot *self, gsize *n_alerts);
const FdCanary       *fd_snapshot_get_canaries    (const FdSnapshot *self, gsize *n_canaries);
const FdCanarySample *fd_snapshot_get_samples     (const FdSnapshot *self, gsize *n_samples);
const FdStage        *fd_snapshot_get_stages      (const FdSnapshot *self,
                                                   const FdPipelineRun *run,
                                                   gsize *n_stages);
const double         *fd_snapshot_get_steps       (const FdSnapshot *self,
                                                   const FdCanary *canary,
                                                   gsize *n_steps);

/* Index range [*first, *last) of the records whose time is in [from, to). */
void         fd_snapshot_runs_range        (const FdSnapshot *self, FdTime from, FdTime to,
                                            gsize *first, gsize *last);
void         fd_snapshot_deployments_range (const FdSnapshot *self, FdTime from, FdTime to,
                                            gsize *first, gsize *last);
void         fd_snapshot_alerts_range      (const FdSnapshot *self, FdTime from, FdTime to,
                                            gsize *first, gsize *last);
void         fd_snapshot_canaries_range    (const FdSnapshot *self, FdTime from, FdTime to,
                                            gsize *first, gsize *last);
void         fd_snapshot_samples_range     (const FdSnapshot *self, FdTime from, FdTime to,
                                            gsize *first, gsize *last);

/* Sorted, distinct environment names seen in any record. NULL-terminated, owned by the snapshot. */
const char * const *fd_snapshot_get_environments (const FdSnapshot *self);
/* Sorted, distinct service names. */
const char * const *fd_snapshot_get_services     (const FdSnapshot *self);

/* Earliest and latest time of any record; FD_TIME_NONE when empty. */
FdTime       fd_snapshot_get_first_time    (const FdSnapshot *self);
FdTime       fd_snapshot_get_last_time     (const FdSnapshot *self);

/* Bytes held by the snapshot (records, strings, indexes). */
gsize        fd_snapshot_get_memory_size   (const FdSnapshot *self);

/* One more than the largest FdStr of the snapshot: arrays of this length can
 * be indexed by any FdStr the snapshot holds (for dense per-string tables). */
guint        fd_snapshot_get_n_strings     (const FdSnapshot *self);
/* The interned ids of fd_snapshot_get_environments() / _get_services(), same order. */
const FdStr *fd_snapshot_get_environment_ids (const FdSnapshot *self,
                                              gsize            *n_environments);
const FdStr *fd_snapshot_get_service_ids     (const FdSnapshot *self,
                                              gsize            *n_services);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSnapshot, fd_snapshot_unref)

/*
 * FdSnapshotBuilder: collects records, applies the spec's append-only rule
 * (a later record with the same type and id replaces the earlier one; samples
 * are never replaced) and produces a sorted snapshot. Strings passed to the
 * builder are interned with fd_snapshot_builder_intern(). Not thread-safe; one
 * builder belongs to one thread at a time.
 */
FdSnapshotBuilder *fd_snapshot_builder_new      (void);
/* Starts from a copy of an existing snapshot's records (for providers that append). */
FdSnapshotBuilder *fd_snapshot_builder_new_from (const FdSnapshot *base);
void               fd_snapshot_builder_free     (FdSnapshotBuilder *self);
FdStr              fd_snapshot_builder_intern   (FdSnapshotBuilder *self,
                                                 const char        *str);
FdStr              fd_snapshot_builder_intern_len (FdSnapshotBuilder *self,
                                                   const char        *str,
                                                   gsize              len);
const char        *fd_snapshot_builder_str      (FdSnapshotBuilder *self,
                                                 FdStr              str);
/* The run's first_stage/n_stages are filled in from stages. */
void               fd_snapshot_builder_add_run        (FdSnapshotBuilder   *self,
                                                       const FdPipelineRun *run,
                                                       const FdStage       *stages,
                                                       gsize                n_stages);
void               fd_snapshot_builder_add_deployment (FdSnapshotBuilder   *self,
                                                       const FdDeployment  *deployment);
void               fd_snapshot_builder_add_alert      (FdSnapshotBuilder   *self,
                                                       const FdAlert       *alert);
/* The canary's first_step/n_steps are filled in from steps. */
void               fd_snapshot_builder_add_canary     (FdSnapshotBuilder   *self,
                                                       const FdCanary      *canary,
                                                       const double        *steps,
                                                       gsize                n_steps);
void               fd_snapshot_builder_add_sample     (FdSnapshotBuilder   *self,
                                                       const FdCanarySample *sample);
/* Adds every record of @other as if its lines came after those of @self
 * (same replacement rule, same order), re-interning its strings; @other is
 * left unchanged. For readers that parse parts of a file in parallel. */
void               fd_snapshot_builder_append   (FdSnapshotBuilder       *self,
                                                 const FdSnapshotBuilder *other);
/* Sorts, drops the build-time indexes and returns the snapshot; frees the builder. */
FdSnapshot        *fd_snapshot_builder_end      (FdSnapshotBuilder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSnapshotBuilder, fd_snapshot_builder_free)

G_END_DECLS
