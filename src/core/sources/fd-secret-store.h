/* fd-secret-store.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Source tokens in the Secret Service keyring (libsecret), keyed by the
 * source URI: schema "io.github.flightdeck.Flightdeck.Token", attribute
 * "source". Tokens are never written anywhere else, nor logged.
 *
 * The async calls are for the main thread; the sync ones for the CLI and
 * worker threads.
 */
void      fd_secret_store_store_async   (const char           *uri,
                                         const char           *token,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  fd_secret_store_store_finish  (GAsyncResult         *result,
                                         GError              **error);
/* NULL without an error when no token is kept for @uri. */
void      fd_secret_store_lookup_async  (const char           *uri,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char     *fd_secret_store_lookup_finish (GAsyncResult         *result,
                                         GError              **error);
void      fd_secret_store_clear_async   (const char           *uri,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  fd_secret_store_clear_finish  (GAsyncResult         *result,
                                         GError              **error);
/* Keeps the token of @old_uri under @new_uri (a source renamed in the editor). */
void      fd_secret_store_move_async    (const char           *old_uri,
                                         const char           *new_uri,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);

gboolean  fd_secret_store_store_sync    (const char           *uri,
                                         const char           *token,
                                         GCancellable         *cancellable,
                                         GError              **error);
char     *fd_secret_store_lookup_sync   (const char           *uri,
                                         GCancellable         *cancellable,
                                         GError              **error);
gboolean  fd_secret_store_clear_sync    (const char           *uri,
                                         GCancellable         *cancellable,
                                         GError              **error);

G_END_DECLS
