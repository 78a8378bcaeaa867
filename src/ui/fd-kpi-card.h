/* fd-kpi-card.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-chart-format.h"
#include "fd-metrics.h"

G_BEGIN_DECLS

/**
 * FdKpiSentiment:
 * @FD_KPI_SENTIMENT_NEUTRAL: no judgement (dim)
 * @FD_KPI_SENTIMENT_GOOD: the change is good (success colour)
 * @FD_KPI_SENTIMENT_BAD: the change is bad (error colour)
 */
typedef enum
{
  FD_KPI_SENTIMENT_NEUTRAL,
  FD_KPI_SENTIMENT_GOOD,
  FD_KPI_SENTIMENT_BAD,
} FdKpiSentiment;

/**
 * FdKpiPolarity:
 * @FD_KPI_HIGHER_IS_BETTER: e.g. success rate, deployment frequency
 * @FD_KPI_LOWER_IS_BETTER: e.g. duration, change failure rate, MTTR
 * @FD_KPI_NO_POLARITY: e.g. active runs: the delta stays neutral
 */
typedef enum
{
  FD_KPI_HIGHER_IS_BETTER,
  FD_KPI_LOWER_IS_BETTER,
  FD_KPI_NO_POLARITY,
} FdKpiPolarity;

#define FD_TYPE_KPI_SENTIMENT (fd_kpi_sentiment_get_type ())
GType fd_kpi_sentiment_get_type (void) G_GNUC_CONST;

#define FD_TYPE_KPI_CARD (fd_kpi_card_get_type ())
G_DECLARE_FINAL_TYPE (FdKpiCard, fd_kpi_card, FD, KPI_CARD, AdwBin)

GtkWidget      *fd_kpi_card_new                 (const char     *title);
const char     *fd_kpi_card_get_title           (FdKpiCard      *self);
void            fd_kpi_card_set_title           (FdKpiCard      *self,
                                                 const char     *title);
const char     *fd_kpi_card_get_value           (FdKpiCard      *self);
void            fd_kpi_card_set_value           (FdKpiCard      *self,
                                                 const char     *value);
const char     *fd_kpi_card_get_caption         (FdKpiCard      *self);
void            fd_kpi_card_set_caption         (FdKpiCard      *self,
                                                 const char     *caption);
const char     *fd_kpi_card_get_delta_text      (FdKpiCard      *self);
void            fd_kpi_card_set_delta_text      (FdKpiCard      *self,
                                                 const char     *delta_text);
FdKpiSentiment  fd_kpi_card_get_delta_sentiment (FdKpiCard      *self);
void            fd_kpi_card_set_delta_sentiment (FdKpiCard      *self,
                                                 FdKpiSentiment  sentiment);
const char     *fd_kpi_card_get_tier            (FdKpiCard      *self);
void            fd_kpi_card_set_tier            (FdKpiCard      *self,
                                                 const char     *tier);
const char     *fd_kpi_card_get_tier_tooltip    (FdKpiCard      *self);
void            fd_kpi_card_set_tier_tooltip    (FdKpiCard      *self,
                                                 const char     *tier_tooltip);
void            fd_kpi_card_set_sparkline       (FdKpiCard      *self,
                                                 const double   *values,
                                                 gsize           n,
                                                 FdTime          from,
                                                 FdTime          bucket_us);
gsize           fd_kpi_card_get_sparkline_length (FdKpiCard     *self);
GtkWidget      *fd_kpi_card_get_sparkline       (FdKpiCard      *self);

/* Conveniences shared by all pages. */
void            fd_kpi_card_set_number          (FdKpiCard      *self,
                                                 FdChartFormat   format,
                                                 double          value);
void            fd_kpi_card_set_delta           (FdKpiCard      *self,
                                                 double          current,
                                                 double          previous,
                                                 FdKpiPolarity   polarity,
                                                 const char     *period_label);
void            fd_kpi_card_set_dora_tier       (FdKpiCard      *self,
                                                 FdDoraTier      tier,
                                                 const char     *thresholds);

char           *fd_kpi_format_delta             (double          current,
                                                 double          previous,
                                                 FdKpiPolarity   polarity,
                                                 const char     *period_label,
                                                 FdKpiSentiment *sentiment);

G_END_DECLS
