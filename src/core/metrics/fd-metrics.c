/* fd-metrics.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-metrics"

#include "config.h"

#include "fd-metrics.h"
