/* fd-silence-dialog.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-silence-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-silence-dialog.h"

#include "fd-alertmanager-source.h"
#include "fd-silence-matcher-row.h"
#include "fd-time.h"

#include <string.h>

/* The rows of the duration drop-down (see the .ui file); the last is Custom. */
static const gint64 duration_choices[] = { 60 * 60, 2 * 60 * 60, 4 * 60 * 60, 24 * 60 * 60 };
#define DURATION_CUSTOM G_N_ELEMENTS (duration_choices)
/* Two hours, as `flightdeck-cli act silence` does by default. */
#define DURATION_DEFAULT 1

struct _FdSilenceDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkWidget           *silence_button;
  GtkLabel            *problem_label;
  AdwComboRow         *duration_row;
  AdwEntryRow         *custom_row;
  AdwActionRow        *ends_row;
  GtkWidget           *details_group;
  AdwEntryRow         *comment_row;
  AdwEntryRow         *author_row;
  AdwPreferencesGroup *matchers_group;
  AdwActionRow        *lookup_row;
  GtkSpinner          *lookup_spinner;
  GtkWidget           *local_label;

  /* Owned */
  char                *alert_id;
  char                *alert_name;
  char                *problem;
  FdAction            *action;
  GCancellable        *lookup;

  /* Borrowed: the matcher rows, in order (the group holds them) */
  GPtrArray           *rows;

  /* The source keeps silences itself: no matchers, comment or author. */
  gboolean             local;
};

G_DEFINE_FINAL_TYPE (FdSilenceDialog, fd_silence_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ALERT_ID,
  PROP_ALERT_NAME,
  PROP_PROBLEM,
  PROP_ACTION,
  N_PROPS
};

enum {
  SIGNAL_CONFIRMED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void validate (FdSilenceDialog *self);

/* Checking {{{ */

static gboolean
get_duration (FdSilenceDialog *self,
              gint64          *out_seconds,
              char           **out_problem)
{
  guint selected = adw_combo_row_get_selected (self->duration_row);
  g_autofree char *text = NULL;

  *out_problem = NULL;
  if (selected < DURATION_CUSTOM)
    {
      *out_seconds = duration_choices[selected];
      return TRUE;
    }

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_row))));
  if (*text == '\0')
    {
      *out_problem = g_strdup (_("Type how long the silence lasts, e.g. 30m, 1h30m or 3d."));
      return FALSE;
    }
  if (!fd_time_parse_duration (text, out_seconds) || *out_seconds <= 0)
    {
      /* Translators: %s is what the user typed */
      *out_problem = g_strdup_printf (_("“%s” is not a duration: write it like 30m, 1h30m or 3d."),
                                      text);
      return FALSE;
    }

  return TRUE;
}

/* The matchers as FdAction carries them, or NULL with *out_problem set. */
static char **
get_matchers (FdSilenceDialog  *self,
              char            **out_problem)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean all_match_empty = TRUE;

  *out_problem = NULL;
  if (self->lookup != NULL)
    {
      *out_problem = g_strdup (_("Wait a moment: the alert’s labels are still being read."));
      return NULL;
    }
  if (self->rows->len == 0)
    {
      *out_problem = g_strdup (_("Add at least one matcher: Alertmanager needs one to know "
                                 "which alerts to silence."));
      return NULL;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      gboolean matches_empty;
      char *text = fd_silence_matcher_row_to_text (g_ptr_array_index (self->rows, i),
                                                   &matches_empty, out_problem);

      if (text == NULL)
        return NULL;
      g_ptr_array_add (texts, text);
      all_match_empty = all_match_empty && matches_empty;
    }

  /* Alertmanager refuses these: such a silence would cover every alert. */
  if (all_match_empty)
    {
      *out_problem = g_strdup (_("Every matcher also matches alerts without that label: make at "
                                 "least one of them need a value, or the silence would cover "
                                 "every alert."));
      return NULL;
    }

  g_ptr_array_add (texts, NULL);
  return (char **) g_ptr_array_steal (texts, NULL);
}

static char *
find_problem (FdSilenceDialog *self)
{
  g_autofree char *comment = NULL;
  g_auto(GStrv) matchers = NULL;
  char *problem = NULL;
  gint64 seconds;

  if (!get_duration (self, &seconds, &problem))
    return problem;
  if (self->local)
    return NULL;

  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
  if (*comment == '\0')
    return g_strdup (_("Add a comment that says why: Alertmanager needs one, and it tells the "
                       "next person on call what is going on."));

  matchers = get_matchers (self, &problem);

  return problem;
}

static char *
format_end (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) end = g_date_time_add_seconds (now, (double) seconds);

  if (end == NULL)
    return g_strdup ("");
  /* Translators: when a silence ends; see strftime(3). */
  return g_date_time_format (end, _("%a %-d %b %Y, %H:%M"));
}

static void
validate (FdSilenceDialog *self)
{
  g_autofree char *problem = find_problem (self);
  g_autofree char *ignored = NULL;
  gint64 seconds;

  /* Custom is the only place a duration can be wrong. */
  gtk_widget_set_visible (GTK_WIDGET (self->custom_row),
                          adw_combo_row_get_selected (self->duration_row) == DURATION_CUSTOM);
  if (get_duration (self, &seconds, &ignored))
    {
      g_autofree char *end = format_end (seconds);

      gtk_widget_remove_css_class (GTK_WIDGET (self->custom_row), "error");
      adw_action_row_set_subtitle (self->ends_row, g_strstrip (end));
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->custom_row), "error");
      adw_action_row_set_subtitle (self->ends_row, "—");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "silence.confirm", problem == NULL);
  gtk_label_set_label (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  /* A screen reader says why the button does nothing. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->silence_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem ? problem : "",
                                  -1);

  if (g_strcmp0 (problem, self->problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_steal_pointer (&problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* }}} */

/* Matchers {{{ */

static void
remove_row (FdSilenceDialog     *self,
            FdSilenceMatcherRow *row)
{
  guint index;

  if (!g_ptr_array_find (self->rows, row, &index))
    return;

  g_ptr_array_remove_index (self->rows, index);
  adw_preferences_group_remove (self->matchers_group, GTK_WIDGET (row));

  /* Keyboard users stay in the list: the next row, else the previous one. */
  if (self->rows->len > 0)
    gtk_widget_child_focus (g_ptr_array_index (self->rows, MIN (index, self->rows->len - 1)),
                            GTK_DIR_TAB_FORWARD);

  validate (self);
}

static FdSilenceMatcherRow *
add_row (FdSilenceDialog   *self,
         const char        *name,
         FdMatcherOperator  op,
         const char        *value)
{
  GtkWidget *row = fd_silence_matcher_row_new (name, op, value);

  g_signal_connect_object (row, "changed", G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove-requested", G_CALLBACK (remove_row), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->matchers_group, row);
  g_ptr_array_add (self->rows, row);

  return FD_SILENCE_MATCHER_ROW (row);
}

static void
clear_rows (FdSilenceDialog *self)
{
  while (self->rows->len > 0)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->rows, self->rows->len - 1);

      adw_preferences_group_remove (self->matchers_group, row);
    }
}

static void
add_matcher_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FdSilenceDialog *self = FD_SILENCE_DIALOG (widget);
  FdSilenceMatcherRow *row = add_row (self, "", FD_MATCHER_EQUAL, "");

  gtk_widget_child_focus (GTK_WIDGET (row), GTK_DIR_TAB_FORWARD);
  validate (self);
}

/**
 * fd_silence_dialog_set_labels:
 * @self: a #FdSilenceDialog
 * @labels: (nullable) (array zero-terminated=1): the alert's labels as
 *   "name=value"
 *
 * Replaces the matchers by one equality matcher per label, in the order
 * given.
 */
void
fd_silence_dialog_set_labels (FdSilenceDialog    *self,
                              const char * const *labels)
{
  g_return_if_fail (FD_IS_SILENCE_DIALOG (self));

  clear_rows (self);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      /* Label names cannot contain "=": the first one ends the name. */
      const char *equals = strchr (labels[i], '=');
      g_autofree char *name = g_strndup (labels[i], equals ? (gsize) (equals - labels[i])
                                                           : strlen (labels[i]));

      add_row (self, name, FD_MATCHER_EQUAL, equals ? equals + 1 : "");
    }
  validate (self);
}

static void
finish_lookup (FdSilenceDialog *self)
{
  g_clear_object (&self->lookup);
  gtk_spinner_stop (self->lookup_spinner);
}

static void
labels_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FdSilenceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = NULL;

  labels = fd_alertmanager_source_lookup_labels_finish (FD_ALERTMANAGER_SOURCE (object), result,
                                                        &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  finish_lookup (self);
  if (labels == NULL)
    {
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->lookup_row),
                                     _("Could not read the alert’s labels"));
      /* Translators: %s is the reason, e.g. "the alert is no longer in Alertmanager" */
      subtitle = g_markup_printf_escaped (_("%s. Add matchers with Add, or close and try again."),
                                          error->message);
      adw_action_row_set_subtitle (self->lookup_row, subtitle);
      validate (self);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->lookup_row), FALSE);
  fd_silence_dialog_set_labels (self, (const char * const *) labels);
}

static FdSource *
find_alertmanager (FdSession  *session,
                   const char *alert_id)
{
  GListModel *sources = fd_session_get_sources (session);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(FdSource) source = g_list_model_get_item (sources, i);

      /* Every record id of a live source starts with its URI. */
      if (FD_IS_ALERTMANAGER_SOURCE (source) && fd_source_owns_id (source, alert_id))
        return source;
    }

  return NULL;
}

/**
 * fd_silence_dialog_look_up_labels:
 * @self: a #FdSilenceDialog
 * @session: the session that shows the alert
 *
 * Starts from the alert's labels as Alertmanager has them now. When the
 * alert's source keeps silences itself (the simulator, a file), it has no
 * labels and takes no matchers, comment or author: the dialog then asks only
 * how long.
 */
void
fd_silence_dialog_look_up_labels (FdSilenceDialog *self,
                                  FdSession       *session)
{
  FdSource *source;

  g_return_if_fail (FD_IS_SILENCE_DIALOG (self));
  g_return_if_fail (FD_IS_SESSION (session));

  g_cancellable_cancel (self->lookup);
  finish_lookup (self);

  source = find_alertmanager (session, self->alert_id);
  self->local = source == NULL;
  gtk_widget_set_visible (self->details_group, !self->local);
  gtk_widget_set_visible (GTK_WIDGET (self->matchers_group), !self->local);
  gtk_widget_set_visible (self->local_label, self->local);

  if (source != NULL)
    {
      clear_rows (self);
      self->lookup = g_cancellable_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->lookup_row),
                                     _("Reading the alert’s labels…"));
      adw_action_row_set_subtitle (self->lookup_row, "");
      gtk_widget_set_visible (GTK_WIDGET (self->lookup_row), TRUE);
      gtk_spinner_start (self->lookup_spinner);
      fd_alertmanager_source_lookup_labels_async (FD_ALERTMANAGER_SOURCE (source), self->alert_id,
                                                  self->lookup, labels_read_cb,
                                                  g_object_ref (self));
    }
  else
    {
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->duration_row));
    }

  validate (self);
}

/* }}} */

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FdSilenceDialog *self = FD_SILENCE_DIALOG (widget);
  g_autofree char *problem = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *author = NULL;
  g_auto(GStrv) matchers = NULL;
  FdAction *action;
  gint64 seconds;
  FdTime now;

  /* Enter reaches here through the default widget only when it is enabled,
   * but a shortcut could still call it. */
  if (self->problem != NULL || !get_duration (self, &seconds, &problem))
    return;

  now = g_get_real_time ();
  action = fd_action_new (FD_ACTION_SILENCE, self->alert_id, now,
                          now + seconds * G_USEC_PER_SEC);
  if (!self->local)
    {
      matchers = get_matchers (self, &problem);
      if (matchers == NULL)
        {
          fd_action_free (action);
          return;
        }
      comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
      author = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->author_row))));
      fd_action_set_comment (action, comment);
      /* Empty: the provider's name from the preferences, else the login name. */
      fd_action_set_author (action, *author != '\0' ? author : NULL);
      fd_action_set_matchers (action, (const char * const *) matchers);
    }

  g_clear_pointer (&self->action, fd_action_free);
  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);

  g_signal_emit (self, signals[SIGNAL_CONFIRMED], 0, self->action);
  gtk_window_close (GTK_WINDOW (self));
}

static char *
default_author (void)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *name = NULL;

  /* The name from Preferences → Sources, as the acknowledgements use it. */
  schema = schemas ? g_settings_schema_source_lookup (schemas, APP_ID, TRUE) : NULL;
  if (schema != NULL)
    {
      settings = g_settings_new (APP_ID);
      name = g_settings_get_string (settings, "user-name");
    }

  return name != NULL && *name != '\0' ? g_steal_pointer (&name) : g_strdup (g_get_user_name ());
}

/**
 * fd_silence_dialog_new:
 * @alert_id: the id of the alert to silence
 * @alert_name: (nullable): the alert's name, for the header
 *
 * Returns: (transfer floating): a new #FdSilenceDialog
 */
GtkWidget *
fd_silence_dialog_new (const char *alert_id,
                       const char *alert_name)
{
  g_return_val_if_fail (alert_id != NULL, NULL);

  return g_object_new (FD_TYPE_SILENCE_DIALOG,
                       "alert-id", alert_id,
                       "alert-name", alert_name,
                       NULL);
}

const char *
fd_silence_dialog_get_alert_id (FdSilenceDialog *self)
{
  g_return_val_if_fail (FD_IS_SILENCE_DIALOG (self), NULL);

  return self->alert_id;
}

/**
 * fd_silence_dialog_get_problem:
 * @self: a #FdSilenceDialog
 *
 * Returns: (nullable): why Silence is disabled, as the dialog shows it, or
 *   %NULL when it is enabled
 */
const char *
fd_silence_dialog_get_problem (FdSilenceDialog *self)
{
  g_return_val_if_fail (FD_IS_SILENCE_DIALOG (self), NULL);

  return self->problem;
}

/**
 * fd_silence_dialog_get_action:
 * @self: a #FdSilenceDialog
 *
 * Returns: (nullable) (transfer none): the action Silence made, or %NULL
 */
const FdAction *
fd_silence_dialog_get_action (FdSilenceDialog *self)
{
  g_return_val_if_fail (FD_IS_SILENCE_DIALOG (self), NULL);

  return self->action;
}

static void
fd_silence_dialog_constructed (GObject *object)
{
  FdSilenceDialog *self = FD_SILENCE_DIALOG (object);

  G_OBJECT_CLASS (fd_silence_dialog_parent_class)->constructed (object);

  adw_window_title_set_subtitle (self->window_title, self->alert_name ? self->alert_name : "");
}

static void
fd_silence_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FdSilenceDialog *self = FD_SILENCE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ALERT_ID:
      g_value_set_string (value, self->alert_id);
      break;
    case PROP_ALERT_NAME:
      g_value_set_string (value, self->alert_name);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_ACTION:
      g_value_set_boxed (value, self->action);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_silence_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FdSilenceDialog *self = FD_SILENCE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ALERT_ID:
      self->alert_id = g_value_dup_string (value);
      break;
    case PROP_ALERT_NAME:
      self->alert_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_silence_dialog_dispose (GObject *object)
{
  FdSilenceDialog *self = FD_SILENCE_DIALOG (object);

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_SILENCE_DIALOG);

  G_OBJECT_CLASS (fd_silence_dialog_parent_class)->dispose (object);
}

static void
fd_silence_dialog_finalize (GObject *object)
{
  FdSilenceDialog *self = FD_SILENCE_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->alert_id, g_free);
  g_clear_pointer (&self->alert_name, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->action, fd_action_free);

  G_OBJECT_CLASS (fd_silence_dialog_parent_class)->finalize (object);
}

static void
fd_silence_dialog_class_init (FdSilenceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fd_silence_dialog_constructed;
  object_class->get_property = fd_silence_dialog_get_property;
  object_class->set_property = fd_silence_dialog_set_property;
  object_class->dispose = fd_silence_dialog_dispose;
  object_class->finalize = fd_silence_dialog_finalize;

  properties[PROP_ALERT_ID] =
    g_param_spec_string ("alert-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALERT_NAME] =
    g_param_spec_string ("alert-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION] =
    g_param_spec_boxed ("action", NULL, NULL, FD_TYPE_ACTION,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Silence was pressed: the action to hand to the provider (transfer none). */
  signals[SIGNAL_CONFIRMED] =
    g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  FD_TYPE_ACTION | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_type_ensure (FD_TYPE_SILENCE_MATCHER_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-silence-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, silence_button);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, custom_row);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, ends_row);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, details_group);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, matchers_group);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, lookup_row);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, lookup_spinner);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceDialog, local_label);

  gtk_widget_class_install_action (widget_class, "silence.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "silence.add-matcher", NULL, add_matcher_action);
}

static void
fd_silence_dialog_init (FdSilenceDialog *self)
{
  g_autofree char *author = default_author ();

  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_selected (self->duration_row, DURATION_DEFAULT);
  gtk_editable_set_text (GTK_EDITABLE (self->author_row), author);

  g_signal_connect_object (self->duration_row, "notify::selected", G_CALLBACK (validate), self,
                           G_CONNECT_SWAPPED);
  /* "notify::text", not "changed": a replaced text is one notification but
   * two changes, through an empty text. */
  g_signal_connect_object (self->custom_row, "notify::text", G_CALLBACK (validate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->comment_row, "notify::text", G_CALLBACK (validate), self,
                           G_CONNECT_SWAPPED);

  /* The one field with no good default. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->comment_row));
  validate (self);
}
