/* fd-sources-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-sources-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-sources-page.h"
#include "fd-secret-store.h"
#include "fd-source-editor.h"
#include "fd-source-settings.h"

struct _FdSourcesPage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  GtkListBox    *list;
  AdwEntryRow   *user_name_row;
  GtkSpinButton *retention_spin;
  GtkSwitch     *simulator_switch;

  /* Owned */
  GSettings     *settings;
};

G_DEFINE_FINAL_TYPE (FdSourcesPage, fd_sources_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
kind_label (FdSourceKind kind)
{
  switch (kind)
    {
    case FD_SOURCE_KIND_GITHUB:
      return _("GitHub Actions");
    case FD_SOURCE_KIND_GITLAB:
      return _("GitLab CI/CD");
    case FD_SOURCE_KIND_JENKINS:
      return _("Jenkins");
    case FD_SOURCE_KIND_ALERTMANAGER:
      return _("Alertmanager");
    case FD_SOURCE_KIND_ARGO_ROLLOUTS:
      return _("Argo Rollouts");
    case FD_SOURCE_KIND_FILE:
      return _("History file");
    case FD_SOURCE_KIND_SIMULATOR:
      return _("Simulator");
    case FD_SOURCE_KIND_INVALID:
    default:
      return _("Unknown");
    }
}

static void
set_enabled (FdSourcesPage *self,
             const char    *uri,
             gboolean       enabled)
{
  g_autoptr(GPtrArray) configs = fd_source_settings_load (self->settings, NULL);
  gboolean changed = FALSE;

  for (guint i = 0; i < configs->len; i++)
    {
      FdSourceConfig *config = g_ptr_array_index (configs, i);

      if (g_str_equal (config->uri, uri) && config->enabled != enabled)
        {
          config->enabled = enabled;
          changed = TRUE;
        }
    }

  if (changed)
    fd_source_settings_save (self->settings, configs);
}

static void
enabled_toggled_cb (GtkSwitch     *toggle,
                    GParamSpec    *pspec,
                    FdSourcesPage *self)
{
  const char *uri = g_object_get_data (G_OBJECT (toggle), "fd-uri");

  set_enabled (self, uri, gtk_switch_get_active (toggle));
}

static GtkWidget *
make_row (FdSourcesPage        *self,
          const FdSourceConfig *config)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *base_url = fd_source_config_get_base_url (config);
  g_autofree char *title = g_markup_escape_text (config->uri, -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *toggle_label = NULL;

  /* Translators: "GitHub Actions · https://api.github.com" */
  subtitle = g_markup_printf_escaped (_("%s · %s"), kind_label (config->kind),
                                      base_url ? base_url : _("no server address"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), config->enabled);
  /* Translators: %s is a source, e.g. github:owner/repo */
  toggle_label = g_strdup_printf (_("Show %s"), config->uri);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  toggle_label, -1);
  g_object_set_data_full (G_OBJECT (toggle), "fd-uri", g_strdup (config->uri), g_free);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (enabled_toggled_cb), self, 0);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? edit : remove;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                      i == 0 ? "sources.edit" : "sources.remove");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", config->uri);
    }
  gtk_widget_set_tooltip_text (edit, _("Edit"));
  gtk_widget_set_tooltip_text (remove, _("Remove"));

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);

  return row;
}

static void
rebuild (FdSourcesPage *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) configs = fd_source_settings_load (self->settings, &problems);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < configs->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (configs, i)));

  for (guint i = 0; i < problems->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *text = g_markup_escape_text (g_ptr_array_index (problems, i), -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("A source could not be read"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->list, row);
    }

  if (configs->len == 0 && problems->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No sources yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Flightdeck shows the simulator. Add GitHub, GitLab, "
                                     "Jenkins, Alertmanager or Argo Rollouts to see your own "
                                     "systems."));
      gtk_list_box_append (self->list, row);
    }
}

static void
sources_changed_cb (FdSourcesPage *self)
{
  rebuild (self);
}

static void
present_editor (FdSourcesPage *self,
                const char    *uri)
{
  GtkWidget *editor = fd_source_editor_new (self->settings, uri);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  present_editor (FD_SOURCES_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  present_editor (FD_SOURCES_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FdSourcesPage    *self)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "fd-uri");
  g_autoptr(GPtrArray) configs = NULL;

  if (!g_str_equal (response, "remove"))
    return;

  configs = fd_source_settings_load (self->settings, NULL);
  for (guint i = configs->len; i > 0; i--)
    {
      FdSourceConfig *config = g_ptr_array_index (configs, i - 1);

      if (g_str_equal (config->uri, uri))
        g_ptr_array_remove_index (configs, i - 1);
    }
  fd_source_settings_save (self->settings, configs);
  fd_secret_store_clear_async (uri, NULL, NULL, NULL);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FdSourcesPage *self = FD_SOURCES_PAGE (widget);
  const char *uri = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a source, e.g. github:owner/repo */
  body = g_strdup_printf (_("Flightdeck stops watching %s and forgets its token. The history "
                            "it fetched stays in the offline cache until it ages out."), uri);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Remove Source?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fd-uri", g_strdup (uri), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fd_sources_page_constructed (GObject *object)
{
  FdSourcesPage *self = FD_SOURCES_PAGE (object);

  G_OBJECT_CLASS (fd_sources_page_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "user-name", self->user_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "history-retention-days", self->retention_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-simulator", self->simulator_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::sources", G_CALLBACK (sources_changed_cb),
                           self, G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
fd_sources_page_dispose (GObject *object)
{
  FdSourcesPage *self = FD_SOURCES_PAGE (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FD_TYPE_SOURCES_PAGE);

  G_OBJECT_CLASS (fd_sources_page_parent_class)->dispose (object);
}

static void
fd_sources_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FdSourcesPage *self = FD_SOURCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sources_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FdSourcesPage *self = FD_SOURCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_sources_page_class_init (FdSourcesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fd_sources_page_constructed;
  object_class->dispose = fd_sources_page_dispose;
  object_class->get_property = fd_sources_page_get_property;
  object_class->set_property = fd_sources_page_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-sources-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdSourcesPage, list);
  gtk_widget_class_bind_template_child (widget_class, FdSourcesPage, user_name_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourcesPage, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, FdSourcesPage, simulator_switch);

  gtk_widget_class_install_action (widget_class, "sources.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "sources.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "sources.remove", "s", remove_action);
}

static void
fd_sources_page_init (FdSourcesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fd_sources_page_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FD_TYPE_SOURCES_PAGE, "settings", settings, NULL);
}
