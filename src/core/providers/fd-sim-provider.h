/* fd-sim-provider.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-action-store.h"
#include "fd-data-provider.h"
#include "fd-snapshot.h"

G_BEGIN_DECLS

/*
 * FdSimParams: the knobs of the simulator. The generated history is a pure
 * function of these parameters and the time window.
 */
typedef struct
{
  guint64 seed;
  guint   n_services;        /* 1..FD_SIM_MAX_SERVICES, default 12 */
  double  failure_rate;      /* base share of failed pipeline runs, default 0.12 */
  double  incident_rate;     /* share of production deployments causing an incident, default 0.1 */
  double  deploys_per_day;   /* production deployments per day over all services, default 8 */
  double  runs_per_day;      /* pipeline runs per day over all services, default 400 */
  guint   history_days;      /* default 90 */
  /* NULL-terminated, in promotion order (the last one gets canaries); NULL = the default three */
  const char * const *environments;
} FdSimParams;

#define FD_SIM_MAX_SERVICES 24

void fd_sim_params_init (FdSimParams *params);

void fd_sim_generate    (const FdSimParams *params,
                         FdTime             from,
                         FdTime             to,
                         FdSnapshotBuilder *builder);

#define FD_TYPE_SIM_PROVIDER (fd_sim_provider_get_type ())
G_DECLARE_FINAL_TYPE (FdSimProvider, fd_sim_provider, FD, SIM_PROVIDER, GObject)

FdSimProvider      *fd_sim_provider_new                (guint64        seed);
guint64             fd_sim_provider_get_seed           (FdSimProvider *self);
void                fd_sim_provider_set_seed           (FdSimProvider *self,
                                                        guint64        seed);
guint               fd_sim_provider_get_n_services     (FdSimProvider *self);
void                fd_sim_provider_set_n_services     (FdSimProvider *self,
                                                        guint          n_services);
const char * const *fd_sim_provider_get_environments   (FdSimProvider *self);
void                fd_sim_provider_set_environments   (FdSimProvider *self,
                                                        const char * const *environments);
double              fd_sim_provider_get_failure_rate   (FdSimProvider *self);
void                fd_sim_provider_set_failure_rate   (FdSimProvider *self,
                                                        double         failure_rate);
double              fd_sim_provider_get_incident_rate  (FdSimProvider *self);
void                fd_sim_provider_set_incident_rate  (FdSimProvider *self,
                                                        double         incident_rate);
double              fd_sim_provider_get_deploys_per_day (FdSimProvider *self);
void                fd_sim_provider_set_deploys_per_day (FdSimProvider *self,
                                                         double         deploys_per_day);
double              fd_sim_provider_get_runs_per_day   (FdSimProvider *self);
void                fd_sim_provider_set_runs_per_day   (FdSimProvider *self,
                                                        double         runs_per_day);
guint               fd_sim_provider_get_history_days   (FdSimProvider *self);
void                fd_sim_provider_set_history_days   (FdSimProvider *self,
                                                        guint          history_days);
FdTime              fd_sim_provider_get_now            (FdSimProvider *self);
void                fd_sim_provider_set_now            (FdSimProvider *self,
                                                        FdTime         now);
FdActionStore      *fd_sim_provider_get_action_store   (FdSimProvider *self);
void                fd_sim_provider_set_action_store   (FdSimProvider *self,
                                                        FdActionStore *store);
char               *fd_sim_provider_get_action_source  (FdSimProvider *self);
const char         *fd_sim_provider_get_action_store_error (FdSimProvider *self);

G_END_DECLS
