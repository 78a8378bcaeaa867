/* fd-local-source-private.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-action-store.h"
#include "fd-batch.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

/* Runs @func (the task data of @outer, a cancellable) on a worker thread,
 * then @done (@outer) on @outer's main context. The worker's own task holds
 * no reference to @outer's source object: the thread pool may drop it a
 * moment after the callback ran, and it must not keep the source alive. */
typedef void (*FdWorkerFunc) (gpointer      data,
                              GCancellable *cancellable);
typedef void (*FdWorkerDone) (GTask        *outer);

void _fd_run_worker (GTask        *outer,
                     FdWorkerFunc  func,
                     FdWorkerDone  done);

/* A user action kept in the local action store, for the simulator and the
 * file: fd_*_source_apply_async() checks and stamps @action (transfer full),
 * this stores it on a worker in @store (or the default store, created if
 * need be) and completes @task with a boolean. Its task data, an
 * FdLocalApply, tells the source which store the worker opened. */
typedef struct
{
  FdAction      *action;
  char          *uri;
  FdActionStore *store;
  FdActionStore *opened;
  GError        *error;
} FdLocalApply;

void _fd_local_apply (GTask         *task,
                      FdAction      *action,
                      const char    *uri,
                      FdActionStore *store);

/* Shared by the simulator and file sources (fd-local-source.c): copying
 * records from one snapshot into a builder, re-interning their strings, and
 * comparing records of two snapshots by their text. */

typedef struct _FdRecordCopier FdRecordCopier;

FdRecordCopier *_fd_record_copier_new       (const FdSnapshot     *from,
                                             FdSnapshotBuilder    *to);
void            _fd_record_copier_free      (FdRecordCopier       *self);
void            _fd_record_copier_run       (FdRecordCopier       *self,
                                             const FdPipelineRun  *run);
void            _fd_record_copier_deployment (FdRecordCopier      *self,
                                              const FdDeployment  *deployment);
void            _fd_record_copier_alert     (FdRecordCopier       *self,
                                             const FdAlert        *alert);
void            _fd_record_copier_canary    (FdRecordCopier       *self,
                                             const FdCanary       *canary);
void            _fd_record_copier_sample    (FdRecordCopier       *self,
                                             const FdCanarySample *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdRecordCopier, _fd_record_copier_free)

/* Whether records of two snapshots (each with its own strings) say the same. */
gboolean _fd_runs_equal        (const FdSnapshot *sa, const FdPipelineRun  *a,
                                const FdSnapshot *sb, const FdPipelineRun  *b);
gboolean _fd_deployments_equal (const FdSnapshot *sa, const FdDeployment   *a,
                                const FdSnapshot *sb, const FdDeployment   *b);
gboolean _fd_alerts_equal      (const FdSnapshot *sa, const FdAlert        *a,
                                const FdSnapshot *sb, const FdAlert        *b);
gboolean _fd_canaries_equal    (const FdSnapshot *sa, const FdCanary       *a,
                                const FdSnapshot *sb, const FdCanary       *b);
gboolean _fd_samples_equal     (const FdSnapshot *sa, const FdCanarySample *a,
                                const FdSnapshot *sb, const FdCanarySample *b);

/* The silences the user set on records of @uri in @store, as FdSilence
 * with a target_id (element-type FdSilence; empty without a store). */
GPtrArray *_fd_local_silences (FdActionStore *store,
                               const char    *uri);

/* What the user should know about the action store (it could not be
 * opened, or was damaged and started afresh), or NULL. */
char      *_fd_local_store_note (FdActionStore *store,
                                 const GError  *open_error);

G_END_DECLS
