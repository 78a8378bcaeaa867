/* fd-source-editor.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-source-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-source-editor.h"
#include "fd-format.h"
#include "fd-kubeconfig.h"
#include "fd-secret-store.h"
#include "fd-source-settings.h"
#include "fd-sources.h"

struct _FdSourceEditor
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwComboRow    *kind_row;
  AdwEntryRow    *locator_row;
  AdwEntryRow    *base_url_row;
  AdwEntryRow    *user_row;
  AdwPasswordEntryRow *token_row;
  GtkSpinButton  *interval_spin;
  AdwEntryRow    *environment_map_row;
  AdwEntryRow    *prometheus_row;
  AdwEntryRow    *ca_file_row;
  GtkWidget      *kubeconfig_row;
  AdwEntryRow    *service_label_row;
  AdwEntryRow    *environment_label_row;
  AdwActionRow   *test_row;
  GtkSpinner     *test_spinner;

  /* Owned */
  GSettings      *settings;
  char           *uri;            /* the source edited; NULL for a new one */
  GCancellable   *cancellable;
  FdSource       *test_source;
};

G_DEFINE_FINAL_TYPE (FdSourceEditor, fd_source_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The kind combo lists these, in this order (see the .ui file). */
static const FdSourceKind kinds[] = {
  FD_SOURCE_KIND_GITHUB,
  FD_SOURCE_KIND_GITLAB,
  FD_SOURCE_KIND_JENKINS,
  FD_SOURCE_KIND_ALERTMANAGER,
  FD_SOURCE_KIND_ARGO_ROLLOUTS,
};

static FdSourceKind
selected_kind (FdSourceEditor *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < G_N_ELEMENTS (kinds) ? kinds[i] : FD_SOURCE_KIND_GITHUB;
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
update_rows (FdSourceEditor *self)
{
  FdSourceKind kind = selected_kind (self);
  gboolean cicd = kind == FD_SOURCE_KIND_GITHUB || kind == FD_SOURCE_KIND_GITLAB ||
                  kind == FD_SOURCE_KIND_JENKINS;
  const char *locator_title = NULL;
  const char *base_title = _("Server address");

  switch (kind)
    {
    case FD_SOURCE_KIND_GITHUB:
      locator_title = _("Repository (owner/name)");
      base_title = _("API address (empty: api.github.com)");
      break;
    case FD_SOURCE_KIND_GITLAB:
      locator_title = _("Project (number or group/name)");
      base_title = _("API address (empty: gitlab.com/api/v4)");
      break;
    case FD_SOURCE_KIND_JENKINS:
      locator_title = _("Job (folder/job)");
      base_title = _("Jenkins address, e.g. https://ci.example.com");
      break;
    case FD_SOURCE_KIND_ALERTMANAGER:
      locator_title = _("Cluster name (optional)");
      base_title = _("Alertmanager address, e.g. https://alertmanager.example.com");
      break;
    case FD_SOURCE_KIND_ARGO_ROLLOUTS:
      locator_title = _("Namespace");
      base_title = _("Kubernetes API server, e.g. https://k8s.example.com:6443");
      break;
    case FD_SOURCE_KIND_INVALID:
    case FD_SOURCE_KIND_SIMULATOR:
    case FD_SOURCE_KIND_FILE:
    default:
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->locator_row), locator_title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->base_url_row), base_title);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), kind == FD_SOURCE_KIND_JENKINS);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row),
                                 kind == FD_SOURCE_KIND_JENKINS ? _("API token")
                                 : self->uri != NULL ? _("Token (empty: keep the saved one)")
                                 : _("Token"));
  gtk_widget_set_visible (GTK_WIDGET (self->environment_map_row), cicd);
  gtk_widget_set_visible (GTK_WIDGET (self->prometheus_row), kind == FD_SOURCE_KIND_ARGO_ROLLOUTS);
  gtk_widget_set_visible (GTK_WIDGET (self->ca_file_row), kind == FD_SOURCE_KIND_ARGO_ROLLOUTS);
  gtk_widget_set_visible (self->kubeconfig_row, kind == FD_SOURCE_KIND_ARGO_ROLLOUTS);
  gtk_widget_set_visible (GTK_WIDGET (self->service_label_row), kind == FD_SOURCE_KIND_ALERTMANAGER);
  gtk_widget_set_visible (GTK_WIDGET (self->environment_label_row),
                          kind == FD_SOURCE_KIND_ALERTMANAGER);
}

static void
kind_changed_cb (FdSourceEditor *self)
{
  update_rows (self);
}

static void
show_test_result (FdSourceEditor *self,
                  const char     *text,
                  gboolean        ok)
{
  adw_action_row_set_subtitle (self->test_row, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->test_row), ok ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->test_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "", -1);
}

static char *
typed_token (FdSourceEditor *self)
{
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  const char *user = entry_text (self->user_row);

  if (token == NULL || *token == '\0')
    return NULL;

  if (selected_kind (self) == FD_SOURCE_KIND_JENKINS)
    {
      g_autofree char *name = g_strstrip (g_strdup (user));

      return g_strdup_printf ("%s:%s", name, token);
    }

  return g_strdup (token);
}

/* The config the fields describe (no token), or NULL with the reason. */
static FdSourceConfig *
build_config (FdSourceEditor  *self,
              GError         **error)
{
  g_autofree char *locator = g_strstrip (g_strdup (entry_text (self->locator_row)));
  g_autofree char *uri = NULL;
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(GVariant) dict = NULL;
  GVariantBuilder builder;
  FdSourceKind kind = selected_kind (self);
  const struct { const char *key; AdwEntryRow *row; gboolean shown; } fields[] = {
    { "base-url", self->base_url_row, TRUE },
    { "environment-map", self->environment_map_row,
      gtk_widget_get_visible (GTK_WIDGET (self->environment_map_row)) },
    { "prometheus-url", self->prometheus_row, kind == FD_SOURCE_KIND_ARGO_ROLLOUTS },
    { "ca-file", self->ca_file_row, kind == FD_SOURCE_KIND_ARGO_ROLLOUTS },
    { "service-label", self->service_label_row, kind == FD_SOURCE_KIND_ALERTMANAGER },
    { "environment-label", self->environment_label_row, kind == FD_SOURCE_KIND_ALERTMANAGER },
  };

  if (*locator == '\0' && kind != FD_SOURCE_KIND_ALERTMANAGER)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   _("Fill in “%s”."),
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->locator_row)));
      return NULL;
    }

  uri = g_strdup_printf ("%s:%s", fd_source_kind_to_string (kind), locator);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "uri", g_variant_new_string (uri));
  g_variant_builder_add (&builder, "{sv}", "interval",
                         g_variant_new_uint32 (gtk_spin_button_get_value_as_int (self->interval_spin)));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (entry_text (fields[i].row)));

      if (fields[i].shown && *text != '\0')
        g_variant_builder_add (&builder, "{sv}", fields[i].key, g_variant_new_string (text));
    }

  dict = g_variant_ref_sink (g_variant_builder_end (&builder));
  config = fd_source_config_new_from_variant (dict, error);
  if (config == NULL)
    return NULL;

  if (fd_source_config_get_base_url (config) == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   _("Fill in the server address."));
      return NULL;
    }

  return g_steal_pointer (&config);
}

static void
test_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FdSourceEditor) self = user_data;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;

  batch = fd_source_fetch_finish (FD_SOURCE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->test_spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", TRUE);
  g_clear_object (&self->test_source);

  if (batch == NULL)
    {
      /* Translators: %s is the exact failure, e.g. "authentication failed (HTTP 401)" */
      text = g_strdup_printf (_("Failed: %s"), error->message);
      show_test_result (self, text, FALSE);
      return;
    }

  count = fd_format_count (fd_batch_get_n_records (batch));
  /* Translators: %s is a count of records (runs, deployments, alerts,
   * canaries), written with your language's grouping, e.g. "1,204" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected: %s record",
                                       "Connected: %s records", fd_batch_get_n_records (batch)),
                          count);
  show_test_result (self, text, TRUE);
}

static void
start_test (FdSourceEditor *self,
            const char     *token)
{
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = build_config (self, &error);
  if (config == NULL)
    {
      gtk_spinner_stop (self->test_spinner);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", TRUE);
      show_test_result (self, error->message, FALSE);
      return;
    }
  fd_source_config_set_token (config, token);

  g_clear_object (&self->test_source);
  self->test_source = fd_source_new_for_config (config, &error);
  if (self->test_source == NULL)
    {
      gtk_spinner_stop (self->test_spinner);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", TRUE);
      show_test_result (self, error->message, FALSE);
      return;
    }

  fd_source_fetch_async (self->test_source, NULL, self->cancellable, test_fetched_cb,
                         g_object_ref (self));
}

static void
saved_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FdSourceEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = fd_secret_store_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  start_test (self, token);
  if (token != NULL)
    explicit_bzero (token, strlen (token));
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (widget);
  g_autofree char *token = typed_token (self);

  gtk_widget_action_set_enabled (widget, "editor.test", FALSE);
  gtk_spinner_start (self->test_spinner);
  show_test_result (self, NULL, TRUE);
  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));

  if (token == NULL && self->uri != NULL)
    fd_secret_store_lookup_async (self->uri, self->cancellable, saved_token_cb,
                                  g_object_ref (self));
  else
    start_test (self, token);

  if (token != NULL)
    explicit_bzero (token, strlen (token));
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!fd_secret_store_store_finish (result, &error))
    {
      g_autofree char *text = NULL;
      GtkWidget *dialog;

      g_message ("Could not save the token in the keyring: %s", error->message);
      /* Translators: %s says why the keyring refused, e.g. "no keyring is running" */
      text = g_strdup_printf (_("The source was saved, but its token could not be kept in "
                                "the keyring: %s. Unlock the keyring and save again."),
                              error->message);
      dialog = adw_message_dialog_new (gtk_window_get_transient_for (window) ?
                                       gtk_window_get_transient_for (window) : window,
                                       _("Token Not Saved"), text);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (widget);
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gboolean replaced = FALSE;

  config = build_config (self, &error);
  if (config == NULL)
    {
      show_test_result (self, error->message, FALSE);
      return;
    }

  configs = fd_source_settings_load (self->settings, NULL);
  for (guint i = 0; i < configs->len; i++)
    {
      FdSourceConfig *other = g_ptr_array_index (configs, i);

      if (g_strcmp0 (other->uri, self->uri) == 0)
        {
          config->enabled = other->enabled;
          fd_source_config_free (g_ptr_array_steal_index (configs, i));
          g_ptr_array_insert (configs, i, fd_source_config_copy (config));
          replaced = TRUE;
        }
      else if (g_str_equal (other->uri, config->uri))
        {
          g_autofree char *text = g_strdup_printf (_("%s is already a source."), config->uri);

          show_test_result (self, text, FALSE);
          return;
        }
    }
  if (!replaced)
    g_ptr_array_add (configs, fd_source_config_copy (config));

  token = typed_token (self);
  if (token != NULL)
    {
      fd_secret_store_store_async (config->uri, token, NULL, token_stored_cb,
                                   g_object_ref (gtk_window_get_transient_for (GTK_WINDOW (self))
                                                 ? gtk_window_get_transient_for (GTK_WINDOW (self))
                                                 : GTK_WINDOW (self)));
      explicit_bzero (token, strlen (token));
    }
  else if (self->uri != NULL && !g_str_equal (self->uri, config->uri))
    fd_secret_store_move_async (self->uri, config->uri, NULL, NULL, NULL);

  fd_source_settings_save (self->settings, configs);
  gtk_window_close (GTK_WINDOW (self));
}

static void
import_kubeconfig_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (widget);
  g_autoptr(FdKubeconfig) kubeconfig = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_home_dir (), ".kube", "config", NULL);

  kubeconfig = fd_kubeconfig_load (path, &error);
  if (kubeconfig == NULL)
    {
      show_test_result (self, error->message, FALSE);
      return;
    }

  set_entry_text (self->base_url_row, kubeconfig->server);
  set_entry_text (self->ca_file_row, kubeconfig->ca_file);
  if (kubeconfig->namespace_ != NULL && *entry_text (self->locator_row) == '\0')
    set_entry_text (self->locator_row, kubeconfig->namespace_);
  if (kubeconfig->token != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->token_row), kubeconfig->token);

  {
    /* Translators: %s is the kubeconfig context's name */
    g_autofree char *text = g_strdup_printf (_("Took the server, CA and token of the context “%s”."),
                                             kubeconfig->context);

    show_test_result (self, text, TRUE);
  }
}

static void
load_source (FdSourceEditor *self)
{
  g_autoptr(GPtrArray) configs = NULL;

  if (self->uri == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Source"));
      update_rows (self);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Source"));
  configs = fd_source_settings_load (self->settings, NULL);
  for (guint i = 0; i < configs->len; i++)
    {
      FdSourceConfig *config = g_ptr_array_index (configs, i);

      if (!g_str_equal (config->uri, self->uri))
        continue;

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          if (kinds[k] == config->kind)
            adw_combo_row_set_selected (self->kind_row, k);
        }
      set_entry_text (self->locator_row, config->locator);
      set_entry_text (self->base_url_row, config->base_url);
      if (config->interval_s > 0)
        gtk_spin_button_set_value (self->interval_spin, config->interval_s);
      set_entry_text (self->environment_map_row, config->environment_map);
      set_entry_text (self->prometheus_row, config->prometheus_url);
      set_entry_text (self->ca_file_row, config->ca_file);
      set_entry_text (self->service_label_row, config->service_label);
      set_entry_text (self->environment_label_row, config->environment_label);
    }

  update_rows (self);
}

static void
fd_source_editor_constructed (GObject *object)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (object);

  G_OBJECT_CLASS (fd_source_editor_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  load_source (self);
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
fd_source_editor_dispose (GObject *object)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_source);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FD_TYPE_SOURCE_EDITOR);

  G_OBJECT_CLASS (fd_source_editor_parent_class)->dispose (object);
}

static void
fd_source_editor_finalize (GObject *object)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (object);

  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (fd_source_editor_parent_class)->finalize (object);
}

static void
fd_source_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_source_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FdSourceEditor *self = FD_SOURCE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    case PROP_URI:
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_source_editor_class_init (FdSourceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fd_source_editor_constructed;
  object_class->dispose = fd_source_editor_dispose;
  object_class->finalize = fd_source_editor_finalize;
  object_class->get_property = fd_source_editor_get_property;
  object_class->set_property = fd_source_editor_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-source-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, locator_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, user_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, token_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, environment_map_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, prometheus_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, kubeconfig_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, service_label_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, environment_label_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, FdSourceEditor, test_spinner);

  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.import-kubeconfig", NULL,
                                   import_kubeconfig_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
fd_source_editor_init (FdSourceEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
fd_source_editor_new (GSettings  *settings,
                      const char *uri)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FD_TYPE_SOURCE_EDITOR,
                       "settings", settings,
                       "uri", uri,
                       NULL);
}
