/* fd-record-store-private.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-record-store.h"

G_BEGIN_DECLS

/* For tests and the benchmark: how many records the last apply copied or
 * wrote (appended, rewritten or compacted), and how many full compactions
 * the store has done. */
gsize _fd_record_store_get_n_written     (FdRecordStore *self);
guint _fd_record_store_get_n_compactions (FdRecordStore *self);

G_END_DECLS
