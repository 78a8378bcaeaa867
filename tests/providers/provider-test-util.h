/* provider-test-util.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fd-data-provider.h"

G_BEGIN_DECLS

/* Refreshes @provider and spins the main context until it finished (or
 * 20 s passed, which fails the test). Returns the snapshot or NULL with @error. */
FdSnapshot *provider_test_refresh (FdDataProvider  *provider,
                                   GError         **error);
/* Applies @action and waits for it. */
gboolean    provider_test_apply   (FdDataProvider  *provider,
                                   const FdAction  *action,
                                   GError         **error);
/* The JSON Lines of the whole snapshot, for comparisons. */
char       *provider_test_dump    (FdSnapshot      *snapshot);

G_END_DECLS
