/* fd-canary-judge.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-canary-judge"

#include "config.h"

#include "fd-canary-judge.h"
