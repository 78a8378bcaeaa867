/* fd-canary-card.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-canary-judge.h"
#include "fd-metrics.h"

G_BEGIN_DECLS

#define FD_TYPE_CANARY_CARD (fd_canary_card_get_type ())
G_DECLARE_FINAL_TYPE (FdCanaryCard, fd_canary_card, FD, CANARY_CARD, AdwBin)

GtkWidget  *fd_canary_card_new              (void);
void        fd_canary_card_update           (FdCanaryCard          *self,
                                             FdSnapshot            *snapshot,
                                             const FdCanaryResult  *result,
                                             const FdCanaryVerdict *verdict);
const char *fd_canary_card_get_canary_id    (FdCanaryCard          *self);
const char *fd_canary_card_get_status_text  (FdCanaryCard          *self);
const char *fd_canary_card_get_verdict_text (FdCanaryCard          *self);
const char *fd_canary_card_get_traffic_text (FdCanaryCard          *self);
void        fd_canary_card_set_selected     (FdCanaryCard          *self,
                                             gboolean               selected);

const char *fd_canary_status_label          (FdCanaryStatus         status);
const char *fd_canary_verdict_label         (FdCanaryVerdictKind    verdict);
const char *fd_canary_verdict_css_class     (FdCanaryVerdictKind    verdict);

G_END_DECLS
