/* fd-sources-provider.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fd-data-provider.h"
#include "fd-source.h"

G_BEGIN_DECLS

/*
 * FdSourcesProvider: shows a set of FdSources (live or not) through the
 * FdDataProvider seam the window uses. Each refresh fetches every source from
 * its cursor (a source that is rate limited waits until its retry time) and
 * folds the batches into the kept history: the latest record of each id wins,
 * and every record keeps its source's id prefix. One source failing keeps the
 * others and the data it gave before; its status says why.
 */
#define FD_TYPE_SOURCES_PROVIDER (fd_sources_provider_get_type ())
G_DECLARE_FINAL_TYPE (FdSourcesProvider, fd_sources_provider, FD, SOURCES_PROVIDER, GObject)

FdSourcesProvider *fd_sources_provider_new            (void);
void               fd_sources_provider_add_source     (FdSourcesProvider *self,
                                                       FdSource          *source);
/* The sources, in the order added (borrowed; element-type FdSource). */
GPtrArray         *fd_sources_provider_get_sources    (FdSourcesProvider *self);
/* Seeds the history (e.g. from the offline cache) and the cursors; main thread. */
void               fd_sources_provider_seed           (FdSourcesProvider *self,
                                                       FdSnapshot        *history,
                                                       GHashTable        *cursors);
/* The current cursor of a source (nullable, borrowed). */
GBytes            *fd_sources_provider_get_cursor     (FdSourcesProvider *self,
                                                       FdSource          *source);
/* The silences of every source that has them, as FdSilence (transfer container). */
GPtrArray         *fd_sources_provider_dup_silences   (FdSourcesProvider *self);
/* The errors of the last refresh, one per failed source, prefixed with its URI. */
GPtrArray         *fd_sources_provider_get_errors     (FdSourcesProvider *self);
void               fd_sources_provider_set_author     (FdSourcesProvider *self,
                                                       const char        *author);
void               fd_sources_provider_set_polling    (FdSourcesProvider *self,
                                                       gboolean           polling);
/* Whether any of the sources is live (polls a remote system). */
gboolean           fd_sources_provider_is_live        (FdSourcesProvider *self);

G_END_DECLS
