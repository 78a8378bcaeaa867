/* fd-jsonl-writer.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-jsonl-writer"

#include "config.h"

#include "fd-jsonl-writer.h"
