/* fd-data-provider.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-data-provider"

#include "config.h"

#include "fd-data-provider.h"
