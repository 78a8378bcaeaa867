/* fd-merged-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-merged-provider"

#include "config.h"

#include "fd-merged-provider.h"
