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
/* Points XDG_DATA_HOME (where the action store lives) at a new empty
 * folder for this test program. Call before anything reads the user dirs.
 * G_TEST_OPTION_ISOLATE_DIRS would do it per test, but GLib then leaks the
 * replaced directory strings, which the sanitizer run reports. */
void        provider_test_isolate_data_home (void);
/* The JSON Lines of the whole snapshot, for comparisons. */
char       *provider_test_dump    (FdSnapshot      *snapshot);

G_END_DECLS
