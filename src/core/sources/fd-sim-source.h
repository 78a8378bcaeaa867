/* fd-sim-source.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-action-store.h"
#include "fd-clock.h"
#include "fd-sim-provider.h"
#include "fd-source.h"
#include "fd-source-config.h"

G_BEGIN_DECLS

/* The seed the app's simulator uses, so that every start shows the same history. */
#define FD_SIM_SOURCE_DEFAULT_SEED G_GUINT64_CONSTANT (20260101)

/*
 * FdSimSource: the simulator as an FdSource, URI "sim:SEED".
 *
 * The first fetch brings the last history-days up to the clock's "now";
 * each later fetch brings only what is new since the cursor: records that
 * started since, and those whose state changed (a run finishing, an alert
 * resolved, a canary stepping on). It reuses the simulator's generator
 * (fd_sim_generate()), which is a pure function of the parameters and the
 * window: the state at the cursor and at now is generated for the few days
 * in which records still change, and only the differences are sent.
 *
 * Actions (acknowledge, resolve, silence, promote, pause, resume, roll back)
 * go to the local action store under "sim:SEED", as the simulator provider's
 * did, and are overlaid on the records sent. Its "clock" property makes the
 * session hand it its own clock. Not live.
 */
#define FD_TYPE_SIM_SOURCE (fd_sim_source_get_type ())
G_DECLARE_FINAL_TYPE (FdSimSource, fd_sim_source, FD, SIM_SOURCE, GObject)

FdSimSource   *fd_sim_source_new                  (guint64            seed);
/* @params is copied (its environments too). */
FdSimSource   *fd_sim_source_new_with_params      (const FdSimParams *params);
/* "sim:" (the default seed) or "sim:SEED". */
FdSource      *fd_sim_source_new_for_config       (const FdSourceConfig *config,
                                                   GError           **error);
guint64        fd_sim_source_get_seed             (FdSimSource       *self);
/* Nullable: the wall clock. */
FdClock       *fd_sim_source_get_clock            (FdSimSource       *self);
void           fd_sim_source_set_clock            (FdSimSource       *self,
                                                   FdClock           *clock);
/* Nullable: the default store in the user data folder, opened on first need. */
FdActionStore *fd_sim_source_get_action_store     (FdSimSource       *self);
void           fd_sim_source_set_action_store     (FdSimSource       *self,
                                                   FdActionStore     *store);

G_END_DECLS
