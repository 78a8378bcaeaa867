/* fd-window.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-session.h"
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
FdSession          *fd_window_get_session              (FdWindow            *self);
void                fd_window_set_session              (FdWindow            *self,
                                                        FdSession           *session);
const char         *fd_window_get_page                 (FdWindow            *self);
void                fd_window_set_page                 (FdWindow            *self,
                                                        const char          *page);
const char         *fd_window_get_environment          (FdWindow            *self);
void                fd_window_set_environment          (FdWindow            *self,
                                                        const char          *environment);
const char * const *fd_window_get_environments         (FdWindow            *self);
const char         *fd_window_get_time_range           (FdWindow            *self);
void                fd_window_set_time_range           (FdWindow            *self,
                                                        const char          *time_range);
gboolean            fd_window_get_auto_refresh         (FdWindow            *self);
void                fd_window_set_auto_refresh         (FdWindow            *self,
                                                        gboolean             auto_refresh);
guint               fd_window_get_refresh_interval     (FdWindow            *self);
void                fd_window_set_refresh_interval     (FdWindow            *self,
                                                        guint                seconds);
GFile              *fd_window_get_file                 (FdWindow            *self);
void                fd_window_open_file                (FdWindow            *self,
                                                        GFile               *file);
void                fd_window_refresh                  (FdWindow            *self);
GDateTime          *fd_window_get_last_refresh         (FdWindow            *self);
FdPageData         *fd_window_get_page_data            (FdWindow            *self);
gboolean            fd_window_get_query_pending        (FdWindow            *self);
guint               fd_window_get_n_queries            (FdWindow            *self);
const char         *fd_window_get_error                (FdWindow            *self);

G_END_DECLS
