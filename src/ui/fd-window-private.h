/* fd-window-private.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* FdWindow's parts, one file each: the layout and sidebar (fd-window.c),
 * the filters and settings (fd-window-filters.c), the session's data on
 * screen (fd-window-session.c) and the actions the pages activate
 * (fd-window-actions.c). */

#include "fd-window.h"
#include "fd-page.h"

G_BEGIN_DECLS

struct _FdWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwLeaflet          *leaflet;
  GtkListBox          *sidebar_list;
  AdwWindowTitle      *sidebar_title;
  GtkStack            *stack;
  GtkLabel            *environment_label;
  GtkLabel            *time_range_label;
  GtkLabel            *updated_label;
  GtkLabel            *data_until_label;
  AdwToastOverlay     *toast_overlay;
  GtkWidget           *sources_button;
  GtkWidget           *offline_bar;
  GMenu               *environment_section;
  GMenu               *time_range_section;
  GMenu               *filter_environment_section;
  GMenu               *filter_time_range_section;

  /* Owned */
  GSettings           *settings;
  FdSession           *session;
  GFile               *file;
  GDateTime           *last_refresh;
  char                *page;
  char                *environment;
  char               **environments;
  char                *time_range;
  guint                refresh_interval;
  gboolean             auto_refresh;

  /* The data on screen, and the pages that still show older data (bit i
   * for page i), brought up to date one per idle callback, or when shown. */
  FdPageData          *page_data;
  guint                stale_pages;
  guint                stale_pages_source;
  guint                n_queries;
  char                *error;
  AdwToast            *error_toast;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SESSION,
  PROP_PAGE,
  PROP_ENVIRONMENT,
  PROP_TIME_RANGE,
  PROP_AUTO_REFRESH,
  PROP_REFRESH_INTERVAL,
  PROP_FILE,
  PROP_LAST_REFRESH,
  PROP_PAGE_DATA,
  PROP_ERROR,
  PROP_QUERY_PENDING,
  N_PROPS
};

#define DEFAULT_PAGE             "pipelines"
#define DEFAULT_TIME_RANGE       "7d"
#define DEFAULT_REFRESH_INTERVAL 30

enum {
  SIGNAL_REFRESH_REQUESTED,
  N_SIGNALS
};

extern GParamSpec *_fd_window_properties[N_PROPS];
extern guint _fd_window_signals[N_SIGNALS];

int     _fd_window_page_index             (const char         *page);
FdPage *_fd_window_page_at                (FdWindow           *self,
                                           guint               index);
/* fd-window-filters.c */
void    _fd_window_init_filters           (FdWindow           *self);
void    _fd_window_init_filter_menus      (FdWindow           *self);
void    _fd_window_load_settings          (FdWindow           *self);
void    _fd_window_save_state             (FdWindow           *self);
void    _fd_window_push_thresholds        (FdWindow           *self);
void    _fd_window_set_environments       (FdWindow           *self,
                                           const char * const *environments);
/* fd-window-session.c */
void    _fd_window_bind_session           (FdWindow           *self,
                                           FdSession          *session);
void    _fd_window_sync_sources           (FdWindow           *self);
void    _fd_window_apply_page_data_to     (FdWindow           *self,
                                           guint               index);
void    _fd_window_mark_refreshed         (FdWindow           *self);
void    _fd_window_update_updated_label   (FdWindow           *self);
/* fd-window-actions.c */
void    _fd_window_class_init_actions     (GtkWidgetClass     *widget_class);

G_END_DECLS
