/* fd-window.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-data-provider.h"
#include "fd-page-data.h"

G_BEGIN_DECLS

#define FD_TYPE_WINDOW (fd_window_get_type ())
G_DECLARE_FINAL_TYPE (FdWindow, fd_window, FD, WINDOW, AdwApplicationWindow)

/* The page names, in sidebar order; also the values of the "last-page" key. */
#define FD_WINDOW_N_PAGES 4
extern const char * const fd_window_page_names[FD_WINDOW_N_PAGES];

FdWindow           *fd_window_new                      (GtkApplication      *application,
                                                        GSettings           *settings);
GSettings          *fd_window_get_settings             (FdWindow            *self);
const char         *fd_window_get_page                 (FdWindow            *self);
void                fd_window_set_page                 (FdWindow            *self,
                                                        const char          *page);
const char         *fd_window_get_environment          (FdWindow            *self);
void                fd_window_set_environment          (FdWindow            *self,
                                                        const char          *environment);
const char * const *fd_window_get_environments         (FdWindow            *self);
void                fd_window_set_environments         (FdWindow            *self,
                                                        const char * const  *environments);
const char         *fd_window_get_time_range           (FdWindow            *self);
void                fd_window_set_time_range           (FdWindow            *self,
                                                        const char          *time_range);
gint64              fd_window_get_time_range_seconds   (FdWindow            *self);
gboolean            fd_window_get_auto_refresh         (FdWindow            *self);
void                fd_window_set_auto_refresh         (FdWindow            *self,
                                                        gboolean             auto_refresh);
guint               fd_window_get_refresh_interval     (FdWindow            *self);
void                fd_window_set_refresh_interval     (FdWindow            *self,
                                                        guint                seconds);
guint               fd_window_get_refresh_interval_ms  (FdWindow            *self);
void                fd_window_set_refresh_interval_ms  (FdWindow            *self,
                                                        guint                milliseconds);
gboolean            fd_window_get_auto_refresh_active  (FdWindow            *self);
FdDataProvider     *fd_window_get_provider             (FdWindow            *self);
void                fd_window_set_provider             (FdWindow            *self,
                                                        FdDataProvider      *provider);
GFile              *fd_window_get_file                 (FdWindow            *self);
void                fd_window_open_file                (FdWindow            *self,
                                                        GFile               *file);
void                fd_window_refresh                  (FdWindow            *self);
void                fd_window_refresh_finished         (FdWindow            *self,
                                                        GDateTime           *when);
GDateTime          *fd_window_get_last_refresh         (FdWindow            *self);
gint64              fd_window_get_now                  (FdWindow            *self);
void                fd_window_set_now                  (FdWindow            *self,
                                                        gint64               now);
FdPageData         *fd_window_get_page_data            (FdWindow            *self);
gboolean            fd_window_get_query_pending        (FdWindow            *self);
guint               fd_window_get_n_queries            (FdWindow            *self);
const char         *fd_window_get_error                (FdWindow            *self);
AdwToastOverlay    *fd_window_get_toast_overlay        (FdWindow            *self);
void                fd_window_set_sources              (FdWindow            *self,
                                                        GPtrArray           *sources);

G_END_DECLS
