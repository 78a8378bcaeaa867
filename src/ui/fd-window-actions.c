/* fd-window-actions.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-window-private.h"

/* What the pages ask of the window: they act through these actions and
 * never call the window. */

typedef struct
{
  FdWindow     *window;
  FdActionKind  kind;
} Applied;

/* What the user sees once the source has acted; the data follows with the
 * fetch the session makes right after. */
static const char *
done_message (FdActionKind kind)
{
  switch (kind)
    {
    case FD_ACTION_ACKNOWLEDGE: return _("Acknowledged");
    case FD_ACTION_RESOLVE:     return _("Resolved");
    case FD_ACTION_SILENCE:     return _("Silenced");
    case FD_ACTION_UNSILENCE:   return _("Silence removed");
    case FD_ACTION_PROMOTE:     return _("Promoted");
    case FD_ACTION_PAUSE:       return _("Paused");
    case FD_ACTION_RESUME:      return _("Resumed");
    case FD_ACTION_ROLL_BACK:   return _("Rolled back");
    case FD_ACTION_N_KINDS:
    default:                    return NULL;
    }
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Applied *applied = user_data;
  g_autoptr(FdWindow) self = applied->window;
  FdActionKind kind = applied->kind;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  const char *done;

  g_free (applied);

  if (!fd_session_apply_finish (FD_SESSION (object), result, &made, &error))
    {
      g_autofree char *title = NULL;

      g_message ("Action failed: %s", error->message);
      /* Translators: %s is the reason, often the server's own words */
      title = g_strdup_printf (_("Could not apply the action: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
      return;
    }

  done = done_message (kind);
  if (done != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (done));
}

static void
apply_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FdWindow *self = FD_WINDOW (widget);
  g_autoptr(FdAction) action = NULL;

  if (g_str_equal (action_name, "win.apply"))
    {
      action = fd_action_new_from_variant (parameter);
    }
  else
    {
      FdActionKind kind;

      if (fd_action_kind_from_nick (action_name + strlen ("win."), &kind))
        action = fd_action_new (kind, g_variant_get_string (parameter, NULL),
                                fd_clock_get_now (fd_session_get_clock (self->session)),
                                FD_TIME_NONE);
    }

  if (action == NULL)
    {
      g_warning ("%s: not an action Flightdeck knows", action_name);
      return;
    }
  if (action->author == NULL)
    {
      g_autofree char *author = g_settings_get_string (self->settings, "user-name");

      if (author[0] != '\0')
        fd_action_set_author (action, author);
    }

  {
    Applied *applied = g_new0 (Applied, 1);

    applied->window = g_object_ref (self);
    applied->kind = action->kind;
    fd_session_apply_async (self->session, action, NULL, applied_cb, applied);
  }
}

static void
toast_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (g_variant_get_string (parameter, NULL)));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fd_window_refresh (FD_WINDOW (widget));
}

/* win.export-csv and win.export-pdf: the page shown exports its own table
 * or report ("pipelines.export-csv", ...), when it has one. */
static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FdWindow *self = FD_WINDOW (widget);
  g_autofree char *page_action = NULL;

  page_action = g_strdup_printf ("%s.%s", self->page, action_name + strlen ("win."));
  if (!gtk_widget_activate_action (gtk_stack_get_visible_child (self->stack), page_action, NULL))
    g_debug ("The %s page has no %s", self->page, page_action);
}

void
_fd_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.apply", "a{sv}", apply_action_cb);
  for (guint i = 0; i < FD_ACTION_N_KINDS; i++)
    {
      g_autofree char *name = g_strconcat ("win.", fd_action_kind_to_nick (i), NULL);

      gtk_widget_class_install_action (widget_class, name, "s", apply_action_cb);
    }
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action_cb);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_action_cb);
}
