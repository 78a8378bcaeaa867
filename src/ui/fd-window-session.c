/* fd-window-session.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-window-private.h"
#include "fd-file-source.h"
#include "fd-heap.h"
#include "fd-source.h"

void
_fd_window_update_updated_label (FdWindow *self)
{
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (self->last_refresh == NULL)
    {
      gtk_label_set_label (self->updated_label, _("Not updated yet"));
      return;
    }

  time = g_date_time_format (self->last_refresh, "%X");
  /* Translators: %s is the local time of the last refresh, e.g. 12:03:41 */
  text = g_strdup_printf (_("Updated %s"), time);
  gtk_label_set_label (self->updated_label, text);
}

/* An old history ends before now: the window then shows its own last days,
 * and says up to when. */
static void
update_data_until_label (FdWindow *self)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  FdTime last;

  /* The session ends the window at the clock's now (to the second) unless
   * it shows an old history. */
  if (self->page_data == NULL ||
      self->page_data->query.to + G_USEC_PER_SEC > fd_clock_get_now (fd_session_get_clock (self->session)) ||
      (last = fd_snapshot_get_last_time (self->page_data->snapshot)) == FD_TIME_NONE)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->data_until_label), FALSE);
      return;
    }

  utc = g_date_time_new_from_unix_utc (last / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  /* Translators: when the data shown was fetched; see strftime(3). */
  when = g_date_time_format (local, _("%-d %b %Y, %H:%M"));
  /* Translators: %s is the time of the newest record of an opened file,
   * e.g. "20 Nov 2026, 14:05" */
  text = g_strdup_printf (_("Data up to %s"), when);
  gtk_label_set_label (self->data_until_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->data_until_label), TRUE);
}

void
_fd_window_apply_page_data_to (FdWindow *self,
                               guint     index)
{
  self->stale_pages &= ~(1u << index);
  fd_page_set_data (_fd_window_page_at (self, index), self->page_data);
}

/* One hidden page per turn of the main loop, at low priority, so that no
 * single turn lays out four pages and a switch finds its page up to date. */
static gboolean
apply_stale_page_cb (gpointer user_data)
{
  FdWindow *self = user_data;

  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    if (self->stale_pages & (1u << i))
      {
        _fd_window_apply_page_data_to (self, i);
        return G_SOURCE_CONTINUE;
      }

  /* Every page has the new data: what the old data held is free now. */
  self->stale_pages_source = 0;
  fd_heap_release_free ();
  return G_SOURCE_REMOVE;
}

static void
page_data_changed_cb (FdWindow *self)
{
  FdPageData *data = fd_session_get_page_data (self->session);
  int visible;

  if (data == NULL || data == self->page_data)
    return;

  g_clear_pointer (&self->page_data, fd_page_data_unref);
  self->page_data = fd_page_data_ref (data);
  self->n_queries++;

  /* The visible page takes the new data at once, the hidden ones later. */
  visible = _fd_window_page_index (self->page);
  self->stale_pages = (1u << FD_WINDOW_N_PAGES) - 1;
  if (visible >= 0)
    _fd_window_apply_page_data_to (self, (guint) visible);
  if (self->stale_pages != 0 && self->stale_pages_source == 0)
    self->stale_pages_source = g_idle_add_full (G_PRIORITY_LOW, apply_stale_page_cb, self, NULL);

  update_data_until_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_PAGE_DATA]);
}

static void
set_error (FdWindow   *self,
           const char *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);

  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    fd_page_set_error (_fd_window_page_at (self, i), message);

  if (self->error_toast != NULL)
    {
      adw_toast_dismiss (self->error_toast);
      g_clear_object (&self->error_toast);
    }

  if (message != NULL)
    {
      g_autofree char *title = NULL;

      g_message ("Refresh failed: %s", message);
      /* Translators: %s is the reason, e.g. "No such file or directory" */
      title = g_strdup_printf (_("Could not load data: %s"), message);
      self->error_toast = adw_toast_new (title);
      adw_toast_set_timeout (self->error_toast, 0);
      adw_toast_set_priority (self->error_toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (self->error_toast, _("_Retry"));
      adw_toast_set_action_name (self->error_toast, "win.refresh");
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->error_toast));
    }

  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_ERROR]);
}

static void
last_error_changed_cb (FdWindow *self)
{
  set_error (self, fd_session_get_last_error (self->session));
}

/* A round of fetches ended: the "Updated 12:03:41" label, unless it failed
 * (the label then keeps the last good time, and the toast says why). */
static void
refreshing_changed_cb (FdWindow *self)
{
  if (fd_session_get_refreshing (self->session) || fd_session_get_last_error (self->session) != NULL)
    return;

  _fd_window_mark_refreshed (self);
}

void
_fd_window_mark_refreshed (FdWindow *self)
{
  g_clear_pointer (&self->last_refresh, g_date_time_unref);
  self->last_refresh = g_date_time_new_now_local ();
  _fd_window_update_updated_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_LAST_REFRESH]);
}

static void
environments_changed_cb (FdWindow *self)
{
  _fd_window_set_environments (self, fd_session_get_environments (self->session));
}

static void
busy_changed_cb (FdWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_QUERY_PENDING]);
}

/* The auto-refresh switch and interval drive the simulator and files.
 * Live sources are polled on their own intervals whatever the switch says,
 * as a monitoring tool should; the header bar shows their status. */
void
_fd_window_sync_sources (FdWindow *self)
{
  GListModel *sources = fd_session_get_sources (self->session);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(FdSource) source = g_list_model_get_item (sources, i);

      if (fd_source_is_live (source))
        g_ptr_array_add (live, g_object_ref (source));
      else if (fd_session_get_source_interval (self->session, source) != self->refresh_interval)
        fd_session_set_source_interval (self->session, source, self->refresh_interval);
    }

  fd_session_set_auto_refresh (self->session, self->auto_refresh || live->len > 0);
  g_object_set (self->sources_button, "sources", live->len > 0 ? live : NULL, NULL);
  g_object_set (self->offline_bar, "sources", live->len > 0 ? live : NULL, NULL);
}

void
_fd_window_bind_session (FdWindow  *self,
                         FdSession *session)
{
  g_return_if_fail (FD_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (fd_session_get_sources (self->session), self);
    }
  g_set_object (&self->session, session);
  g_clear_pointer (&self->page_data, fd_page_data_unref);

  /* The filters are the window's (bound to the settings); the session
   * follows them. */
  fd_session_set_environment (session, self->environment);
  fd_session_set_time_range (session, self->time_range);
  _fd_window_push_thresholds (self);

  g_signal_connect_object (session, "notify::page-data", G_CALLBACK (page_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::environments", G_CALLBACK (environments_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::last-error", G_CALLBACK (last_error_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::refreshing", G_CALLBACK (refreshing_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::busy", G_CALLBACK (busy_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fd_session_get_sources (session), "items-changed",
                           G_CALLBACK (_fd_window_sync_sources), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < FD_WINDOW_N_PAGES; i++)
    g_object_set (_fd_window_page_at (self, i), "session", session, NULL);

  _fd_window_sync_sources (self);
  environments_changed_cb (self);
  last_error_changed_cb (self);
  page_data_changed_cb (self);
  /* A session whose sources were fetched before it came here (a source is
   * fetched as soon as it is added). */
  if (g_list_model_get_n_items (fd_session_get_sources (session)) > 0)
    refreshing_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_SESSION]);
}

GDateTime *
fd_window_get_last_refresh (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->last_refresh;
}

/**
 * fd_window_get_page_data:
 * @self: a #FdWindow
 *
 * Returns: (transfer none) (nullable): the data on screen, or %NULL before
 *   the first query finished
 */
FdPageData *
fd_window_get_page_data (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->page_data;
}

/**
 * fd_window_get_query_pending:
 * @self: a #FdWindow
 *
 * Returns: whether the session is still fetching, applying or querying
 */
gboolean
fd_window_get_query_pending (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), FALSE);

  return self->session != NULL && fd_session_get_busy (self->session);
}

/**
 * fd_window_get_n_queries:
 * @self: a #FdWindow
 *
 * Returns: how many page data the window has been handed
 */
guint
fd_window_get_n_queries (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), 0);

  return self->n_queries;
}

const char *
fd_window_get_error (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->error;
}

GFile *
fd_window_get_file (FdWindow *self)
{
  g_return_val_if_fail (FD_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * fd_window_open_file:
 * @self: a #FdWindow
 * @file: a JSON Lines history file
 *
 * Shows the history in @file in place of the session's sources: the file
 * is read from its start, then followed as it grows.
 */
void
fd_window_open_file (FdWindow *self,
                     GFile    *file)
{
  g_autoptr(FdFileSource) source = NULL;
  g_autofree char *basename = NULL;

  g_return_if_fail (FD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->file != NULL && g_file_equal (self->file, file))
    {
      fd_window_refresh (self);
      return;
    }

  g_set_object (&self->file, file);
  basename = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->sidebar_title, basename);

  fd_session_remove_all_sources (self->session);
  source = fd_file_source_new (file);
  fd_session_add_source (self->session, FD_SOURCE (source));
  g_signal_emit (self, _fd_window_signals[SIGNAL_REFRESH_REQUESTED], 0);

  g_object_notify_by_pspec (G_OBJECT (self), _fd_window_properties[PROP_FILE]);
}

/**
 * fd_window_refresh:
 * @self: a #FdWindow
 *
 * Emits #FdWindow::refresh-requested and fetches every source again.
 */
void
fd_window_refresh (FdWindow *self)
{
  g_return_if_fail (FD_IS_WINDOW (self));

  g_signal_emit (self, _fd_window_signals[SIGNAL_REFRESH_REQUESTED], 0);
  fd_session_refresh (self->session);
  /* Nothing to fetch: done at once. */
  if (g_list_model_get_n_items (fd_session_get_sources (self->session)) == 0)
    _fd_window_mark_refreshed (self);
}
