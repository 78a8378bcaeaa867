/* fd-offline-bar.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-offline-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-offline-bar.h"
#include "fd-source.h"

struct _FdOfflineBar
{
  GtkWidget   parent_instance;

  /* Owned */
  GtkWidget  *revealer;
  GtkWidget  *label;
  GPtrArray  *sources;
  GPtrArray  *statuses;
};

G_DEFINE_FINAL_TYPE (FdOfflineBar, fd_offline_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SOURCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (FdOfflineBar *self)
{
  FdTime newest = FD_TIME_NONE;
  guint live = 0, stale = 0;

  for (guint i = 0; self->sources != NULL && i < self->sources->len; i++)
    {
      FdSource *source = g_ptr_array_index (self->sources, i);
      FdSourceStatus *status = fd_source_get_status (source);

      if (!fd_source_is_live (source))
        continue;
      live++;
      if (fd_source_status_get_state (status) == FD_SOURCE_STATE_STALE)
        {
          FdTime at = fd_source_status_get_last_success (status);

          stale++;
          newest = newest == FD_TIME_NONE ? at : MAX (newest, at);
        }
    }

  if (live > 0 && stale == live && newest != FD_TIME_NONE)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (newest / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%H:%M");
      /* Translators: %s is a local time such as 09:12 */
      g_autofree char *text = g_strdup_printf (_("Offline: the data is from %s. Flightdeck keeps "
                                                 "trying and updates when the sources answer."),
                                               when);

      gtk_label_set_text (GTK_LABEL (self->label), text);
      gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
    }
  else
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
}

static void
status_changed_cb (FdOfflineBar *self)
{
  update (self);
}

static void
disconnect_all (FdOfflineBar *self)
{
  for (guint i = 0; self->statuses != NULL && i < self->statuses->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->statuses, i), status_changed_cb,
                                          self);
  g_clear_pointer (&self->statuses, g_ptr_array_unref);
}

static void
set_sources (FdOfflineBar *self,
             GPtrArray    *sources)
{
  if (self->sources == sources)
    return;

  disconnect_all (self);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  if (sources != NULL)
    {
      self->sources = g_ptr_array_ref (sources);
      self->statuses = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < sources->len; i++)
        {
          FdSourceStatus *status = fd_source_get_status (g_ptr_array_index (sources, i));

          g_signal_connect_swapped (status, "notify::state", G_CALLBACK (status_changed_cb), self);
          g_ptr_array_add (self->statuses, g_object_ref (status));
        }
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCES]);
}

static void
fd_offline_bar_dispose (GObject *object)
{
  FdOfflineBar *self = FD_OFFLINE_BAR (object);

  disconnect_all (self);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (fd_offline_bar_parent_class)->dispose (object);
}

static void
fd_offline_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SOURCES:
      g_value_set_boxed (value, FD_OFFLINE_BAR (object)->sources);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_offline_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SOURCES:
      set_sources (FD_OFFLINE_BAR (object), g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_offline_bar_class_init (FdOfflineBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_offline_bar_dispose;
  object_class->get_property = fd_offline_bar_get_property;
  object_class->set_property = fd_offline_bar_set_property;

  properties[PROP_SOURCES] =
    g_param_spec_boxed ("sources", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
fd_offline_bar_init (FdOfflineBar *self)
{
  GtkWidget *bar = gtk_info_bar_new ();

  self->revealer = gtk_revealer_new ();
  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), GTK_MESSAGE_WARNING);
  gtk_info_bar_add_child (GTK_INFO_BAR (bar), self->label);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), bar);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));
}
