/* fd-application.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-application.h"

#include "fd-preferences-window.h"
#include "fd-session-loader.h"
#include "fd-sim-source.h"
#include "fd-window.h"

struct _FdApplication
{
  AdwApplication parent_instance;

  /* Owned */
  GSettings    *settings;
  GCancellable *loading;      /* the live sources being made */
  guint         reload_source;
  gboolean      showing_file; /* a file opened by the user outranks the sources */
  gboolean      showing_live; /* live sources, not the simulator */
  gint64        start_time;
};

G_DEFINE_FINAL_TYPE (FdApplication, fd_application, ADW_TYPE_APPLICATION)

/* The simulator's seed is fixed so that every start shows the same history. */
#define SIMULATOR_SEED 20260101

static FdWindow *get_window (FdApplication *self);

/* The window the sources go to, if there is one yet. */
static FdWindow *
find_window (FdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (FD_IS_WINDOW (window))
    return FD_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (FD_IS_WINDOW (l->data))
      return FD_WINDOW (l->data);

  return NULL;
}

static void
show_simulator (FdWindow *window)
{
  FdSession *session = fd_window_get_session (window);
  g_autoptr(FdSimSource) simulator = fd_sim_source_new (SIMULATOR_SEED);

  fd_session_remove_all_sources (session);
  fd_session_add_source (session, FD_SOURCE (simulator));
}

static void
sources_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FdApplication) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  FdWindow *window;
  int n;

  n = fd_session_loader_load_finish (result, &problems, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);

  window = find_window (self);
  if (window == NULL || self->showing_file)
    return;

  if (n <= 0)
    {
      /* No source enabled: the simulator, unless it is already shown. */
      if (self->showing_live)
        show_simulator (window);
      self->showing_live = FALSE;
    }
  else
    {
      self->showing_live = TRUE;
    }

  /* What could not be loaded is said, not silently dropped. */
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s",
                                g_ptr_array_index (problems, i));
}

static void
load_sources (FdApplication *self,
              FdWindow      *window)
{
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  fd_session_loader_load_async (fd_window_get_session (window), self->settings,
                                self->loading, sources_loaded_cb, g_object_ref (self));
}

static gboolean
reload_sources_cb (gpointer user_data)
{
  FdApplication *self = user_data;
  FdWindow *window = find_window (self);

  self->reload_source = 0;
  if (!self->showing_file && window != NULL)
    load_sources (self, window);

  return G_SOURCE_REMOVE;
}

static void
sources_changed_cb (FdApplication *self)
{
  /* Several edits in a row (a switch flicked twice) cost one reload. */
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (300, reload_sources_cb, self);
}

static FdWindow *
create_window (FdApplication *self)
{
  FdWindow *window = fd_window_new (GTK_APPLICATION (self), self->settings);

  /* The simulator shows at once; configured sources replace it when made. */
  show_simulator (window);
  load_sources (self, window);

  return window;
}

static FdWindow *
get_window (FdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (FD_IS_WINDOW (window))
    return FD_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (FD_IS_WINDOW (l->data))
      return FD_WINDOW (l->data);

  return create_window (self);
}

static void
first_frame_painted_cb (GdkFrameClock *frame_clock,
                        FdApplication *self)
{
  gint64 elapsed = g_get_monotonic_time () - self->start_time;

  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_painted_cb, self);
  g_print ("first frame after %.1f ms\n", elapsed / 1000.0);
  g_application_quit (G_APPLICATION (self));
}

static void
window_realized_cb (GtkWidget     *window,
                    FdApplication *self)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (first_frame_painted_cb), self);
}

static void
present_window (FdApplication *self,
                FdWindow      *window)
{
  /* For measuring start-up: quit once the first frame is on screen. */
  if (g_getenv ("FLIGHTDECK_EXIT_AFTER_FIRST_FRAME") != NULL &&
      !gtk_widget_get_realized (GTK_WIDGET (window)))
    g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), self);

  gtk_window_present (GTK_WINDOW (window));
}

static void
fd_application_activate (GApplication *app)
{
  FdApplication *self = FD_APPLICATION (app);

  /* A second launch lands here too and just raises the window. */
  present_window (self, get_window (self));
}

static void
fd_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FdApplication *self = FD_APPLICATION (app);
  FdWindow *window = get_window (self);

  if (n_files > 1)
    g_message ("Flightdeck shows one history file at a time; opening the first of %d", n_files);
  if (n_files > 0)
    {
      self->showing_file = TRUE;
      g_cancellable_cancel (self->loading);
      fd_window_open_file (window, files[0]);
    }

  present_window (self, window);
}

static void
color_scheme_changed_cb (FdApplication *self,
                         const char    *key,
                         GSettings     *settings)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  if (g_str_equal (scheme, "light"))
    adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (scheme, "dark"))
    adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FdApplication *self = FD_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (not destroying) lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Flightdeck authors", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Flightdeck"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Flightdeck authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/flightdeck/flightdeck",
                        "issue-url", "https://github.com/flightdeck/flightdeck/issues",
                        "comments", _("Watch pipelines, deployments, alerts and canary "
                                      "rollouts, with the four DORA metrics."),
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your name(s) */
                        "translator-credits", _("translator-credits"),
                        "copyright", "© 2026 The Flightdeck authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  FdApplication *self = FD_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences = fd_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource (RESOURCE_BASE "/ui/fd-shortcuts-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (window, gtk_application_get_active_window (app));
  gtk_window_present (window);
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (FD_IS_WINDOW (window))
    fd_window_refresh (FD_WINDOW (window));
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          FdApplication   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        g_application_open (G_APPLICATION (self), &file, 1, "");
    }

  g_object_unref (dialog);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FdApplication *self = FD_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkFileFilter) jsonl = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  gtk_file_filter_set_name (jsonl, _("History Files (JSON Lines)"));
  gtk_file_filter_add_mime_type (jsonl, "application/jsonl");
  gtk_file_filter_add_suffix (jsonl, "jsonl");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  dialog = gtk_file_chooser_native_new (_("Open History File"), parent,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), jsonl);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (file_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "refresh", refresh_action },
  { "open", open_action },
};

static void
fd_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.refresh", { "F5", "<Control>r", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };
  FdApplication *self = FD_APPLICATION (app);

  G_APPLICATION_CLASS (fd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::sources",
                           G_CALLBACK (sources_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::show-simulator",
                           G_CALLBACK (sources_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self,
                           G_CONNECT_SWAPPED);
  color_scheme_changed_cb (self, "color-scheme", self->settings);
}

static void
fd_application_dispose (GObject *object)
{
  FdApplication *self = FD_APPLICATION (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fd_application_parent_class)->dispose (object);
}

static void
fd_application_class_init (FdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fd_application_dispose;

  app_class->startup = fd_application_startup;
  app_class->activate = fd_application_activate;
  app_class->open = fd_application_open;
}

static void
fd_application_init (FdApplication *self)
{
  self->start_time = g_get_monotonic_time ();
}

/**
 * fd_application_new:
 * @application_id: the application id, normally `APP_ID`
 * @flags: flags; %G_APPLICATION_HANDLES_OPEN is always added
 *
 * Returns: (transfer full): a new #FdApplication
 */
FdApplication *
fd_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (FD_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * fd_application_get_settings:
 * @self: a #FdApplication
 *
 * Returns: (transfer none) (nullable): the settings, once the application
 *   has started up
 */
GSettings *
fd_application_get_settings (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * fd_application_set_start_time:
 * @self: a #FdApplication
 * @monotonic_usec: g_get_monotonic_time() at the start of main()
 *
 * Sets the time the start-up measurement counts from.
 */
void
fd_application_set_start_time (FdApplication *self,
                               gint64         monotonic_usec)
{
  g_return_if_fail (FD_IS_APPLICATION (self));

  self->start_time = monotonic_usec;
}
