/* fd-sources-button.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sources-button"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fd-sources-button.h"
#include "fd-source.h"

struct _FdSourcesButton
{
  GtkWidget      parent_instance;

  /* Owned */
  GtkWidget     *button;      /* GtkMenuButton */
  GtkWidget     *list;        /* GtkListBox in the popover */
  GPtrArray     *sources;     /* FdSource */
  GPtrArray     *handlers;    /* status objects we listen to */
  guint          tick;        /* redraws "stale since" once a minute */
};

G_DEFINE_FINAL_TYPE (FdSourcesButton, fd_sources_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SOURCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_icon (FdSourceState state)
{
  switch (state)
    {
    case FD_SOURCE_STATE_OK:
      return "emblem-ok-symbolic";
    case FD_SOURCE_STATE_STALE:
    case FD_SOURCE_STATE_RATE_LIMITED:
      return "dialog-warning-symbolic";
    case FD_SOURCE_STATE_ERROR:
      return "dialog-error-symbolic";
    case FD_SOURCE_STATE_NEW:
    default:
      return "content-loading-symbolic";
    }
}

static void
rebuild (FdSourcesButton *self)
{
  GtkWidget *child;
  FdSourceState worst = FD_SOURCE_STATE_OK;
  guint trouble = 0;
  g_autofree char *tooltip = NULL;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);

  for (guint i = 0; self->sources != NULL && i < self->sources->len; i++)
    {
      FdSource *source = g_ptr_array_index (self->sources, i);
      FdSourceStatus *status = fd_source_get_status (source);
      FdSourceState state = fd_source_status_get_state (status);
      g_autofree char *text = fd_source_status_describe (status, TRUE);
      g_autofree char *title = g_markup_escape_text (fd_source_get_uri (source), -1);
      g_autofree char *subtitle = g_markup_escape_text (text, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (state_icon (state));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      fd_source_state_to_string (state), -1);
      if (state == FD_SOURCE_STATE_ERROR)
        gtk_widget_add_css_class (row, "error");
      else if (state == FD_SOURCE_STATE_STALE || state == FD_SOURCE_STATE_RATE_LIMITED)
        gtk_widget_add_css_class (row, "warning");
      gtk_list_box_append (GTK_LIST_BOX (self->list), row);

      if (state == FD_SOURCE_STATE_ERROR || state == FD_SOURCE_STATE_STALE ||
          state == FD_SOURCE_STATE_RATE_LIMITED)
        {
          trouble++;
          if (worst != FD_SOURCE_STATE_ERROR)
            worst = state;
        }
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button),
                                 trouble > 0 ? state_icon (worst) : "network-server-symbolic");
  if (trouble > 0)
    /* Translators: %u is how many sources have trouble */
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sources: %u has trouble",
                                            "Sources: %u have trouble", trouble), trouble);
  else
    tooltip = g_strdup (_("Sources: all up to date"));
  gtk_widget_set_tooltip_text (self->button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_set_visible (GTK_WIDGET (self), self->sources != NULL && self->sources->len > 0);
}

static void
status_changed_cb (FdSourcesButton *self)
{
  rebuild (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  rebuild (FD_SOURCES_BUTTON (user_data));
  return G_SOURCE_CONTINUE;
}

static void
disconnect_all (FdSourcesButton *self)
{
  for (guint i = 0; self->handlers != NULL && i < self->handlers->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->handlers, i), status_changed_cb,
                                          self);
  g_clear_pointer (&self->handlers, g_ptr_array_unref);
}

static void
fd_sources_button_set_sources (FdSourcesButton *self,
                               GPtrArray       *sources)
{
  if (self->sources == sources)
    return;

  disconnect_all (self);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  if (sources != NULL)
    {
      self->sources = g_ptr_array_ref (sources);
      self->handlers = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < sources->len; i++)
        {
          FdSourceStatus *status = fd_source_get_status (g_ptr_array_index (sources, i));

          g_signal_connect_swapped (status, "notify", G_CALLBACK (status_changed_cb), self);
          g_ptr_array_add (self->handlers, g_object_ref (status));
        }
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCES]);
}

static void
fd_sources_button_dispose (GObject *object)
{
  FdSourcesButton *self = FD_SOURCES_BUTTON (object);

  disconnect_all (self);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (fd_sources_button_parent_class)->dispose (object);
}

static void
fd_sources_button_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FdSourcesButton *self = FD_SOURCES_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SOURCES:
      g_value_set_boxed (value, self->sources);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sources_button_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FdSourcesButton *self = FD_SOURCES_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SOURCES:
      fd_sources_button_set_sources (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sources_button_class_init (FdSourcesButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_sources_button_dispose;
  object_class->get_property = fd_sources_button_get_property;
  object_class->set_property = fd_sources_button_set_property;

  properties[PROP_SOURCES] =
    g_param_spec_boxed ("sources", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fd_sources_button_init (FdSourcesButton *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Sources"));
  GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit Sources…"));

  self->button = gtk_menu_button_new ();
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_halign (heading, GTK_ALIGN_START);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_size_request (self->list, 320, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "app.preferences");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), self->list);
  gtk_box_append (GTK_BOX (box), edit);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);

  /* "Stale since" and "updated at" read in minutes. */
  self->tick = g_timeout_add_seconds (30, tick_cb, self);
  rebuild (self);
}
