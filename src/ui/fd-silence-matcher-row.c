/* fd-silence-matcher-row.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-silence-matcher-row"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-silence-matcher-row.h"

#include <string.h>

struct _FdSilenceMatcherRow
{
  AdwPreferencesRow  parent_instance;

  /* Template widgets */
  GtkEntry          *name_entry;
  GtkDropDown       *operator_dropdown;
  GtkEntry          *value_entry;
};

G_DEFINE_FINAL_TYPE (FdSilenceMatcherRow, fd_silence_matcher_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_NAME,
  PROP_OPERATOR,
  PROP_VALUE,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_REMOVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* As FdAction.matchers writes them, in the order of FdMatcherOperator. */
static const char * const operator_texts[] = { "=", "!=", "=~", "!~" };

/**
 * fd_silence_matcher_row_new:
 * @name: the label name
 * @op: how the label's value is compared
 * @value: the value or regular expression
 *
 * Returns: (transfer floating): a new #FdSilenceMatcherRow
 */
GtkWidget *
fd_silence_matcher_row_new (const char        *name,
                            FdMatcherOperator  op,
                            const char        *value)
{
  return g_object_new (FD_TYPE_SILENCE_MATCHER_ROW,
                       "name", name,
                       "operator", op,
                       "value", value,
                       NULL);
}

const char *
fd_silence_matcher_row_get_name (FdSilenceMatcherRow *self)
{
  g_return_val_if_fail (FD_IS_SILENCE_MATCHER_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

void
fd_silence_matcher_row_set_name (FdSilenceMatcherRow *self,
                                 const char          *name)
{
  g_return_if_fail (FD_IS_SILENCE_MATCHER_ROW (self));

  /* The entry's "changed" notifies. */
  if (g_strcmp0 (fd_silence_matcher_row_get_name (self), name ? name : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
}

FdMatcherOperator
fd_silence_matcher_row_get_operator (FdSilenceMatcherRow *self)
{
  g_return_val_if_fail (FD_IS_SILENCE_MATCHER_ROW (self), FD_MATCHER_EQUAL);

  return MIN (gtk_drop_down_get_selected (self->operator_dropdown), FD_MATCHER_NOT_REGEX);
}

void
fd_silence_matcher_row_set_operator (FdSilenceMatcherRow *self,
                                     FdMatcherOperator    op)
{
  g_return_if_fail (FD_IS_SILENCE_MATCHER_ROW (self));
  g_return_if_fail (op <= FD_MATCHER_NOT_REGEX);

  /* The drop-down's "notify::selected" notifies. */
  if (gtk_drop_down_get_selected (self->operator_dropdown) != op)
    gtk_drop_down_set_selected (self->operator_dropdown, op);
}

const char *
fd_silence_matcher_row_get_value (FdSilenceMatcherRow *self)
{
  g_return_val_if_fail (FD_IS_SILENCE_MATCHER_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
}

void
fd_silence_matcher_row_set_value (FdSilenceMatcherRow *self,
                                  const char          *value)
{
  g_return_if_fail (FD_IS_SILENCE_MATCHER_ROW (self));

  if (g_strcmp0 (fd_silence_matcher_row_get_value (self), value ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->value_entry), value ? value : "");
}

/**
 * fd_silence_matcher_row_to_text:
 * @self: a #FdSilenceMatcherRow
 * @out_matches_empty: (out) (optional): whether the matcher matches an
 *   empty or missing label
 * @out_problem: (out) (optional): what is wrong, for the user
 *
 * Returns: (transfer full) (nullable): the matcher as "name=value",
 *   "name!=value", "name=~regex" or "name!~regex", or %NULL when invalid
 */
char *
fd_silence_matcher_row_to_text (FdSilenceMatcherRow  *self,
                                gboolean             *out_matches_empty,
                                char                **out_problem)
{
  g_autofree char *name = NULL;
  FdMatcherOperator op;
  const char *value;
  gboolean matches_empty;

  g_return_val_if_fail (FD_IS_SILENCE_MATCHER_ROW (self), NULL);

  name = g_strstrip (g_strdup (fd_silence_matcher_row_get_name (self)));
  op = fd_silence_matcher_row_get_operator (self);
  value = fd_silence_matcher_row_get_value (self);

  if (out_matches_empty != NULL)
    *out_matches_empty = FALSE;
  if (out_problem != NULL)
    *out_problem = NULL;

  if (*name == '\0')
    {
      if (out_problem != NULL)
        *out_problem = g_strdup (_("Each matcher needs a label name."));
      return NULL;
    }
  /* The operators could not be told apart from the name in the text form. */
  if (strpbrk (name, "=!~") != NULL)
    {
      if (out_problem != NULL)
        /* Translators: %s is what the user typed as a label name */
        *out_problem = g_strdup_printf (_("“%s” is not a label name: it cannot contain =, ! or ~."),
                                        name);
      return NULL;
    }

  if (op == FD_MATCHER_REGEX || op == FD_MATCHER_NOT_REGEX)
    {
      /* Alertmanager anchors regular expressions at both ends. Its RE2 syntax
       * is close to GRegex's; the server checks the rest. */
      g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", value);
      g_autoptr(GError) error = NULL;
      g_autoptr(GRegex) regex = g_regex_new (anchored, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT,
                                             &error);

      if (regex == NULL)
        {
          if (out_problem != NULL)
            /* Translators: the first %s is the user's text, the second the reason */
            *out_problem = g_strdup_printf (_("“%s” is not a valid regular expression: %s"),
                                            value, error->message);
          return NULL;
        }
      matches_empty = g_regex_match (regex, "", G_REGEX_MATCH_DEFAULT, NULL);
      if (op == FD_MATCHER_NOT_REGEX)
        matches_empty = !matches_empty;
    }
  else
    {
      matches_empty = (*value == '\0') == (op == FD_MATCHER_EQUAL);
    }

  if (out_matches_empty != NULL)
    *out_matches_empty = matches_empty;

  /* "name=~x" reads as a regex: an equal value that starts with "~" is sent
   * as the regex that matches exactly that value. */
  if (op == FD_MATCHER_EQUAL && value[0] == '~')
    {
      g_autofree char *escaped = g_regex_escape_string (value, -1);

      return g_strdup_printf ("%s=~%s", name, escaped);
    }

  return g_strdup_printf ("%s%s%s", name, operator_texts[op], value);
}

static void
edited_cb (FdSilenceMatcherRow *self,
           GParamSpec          *pspec,
           GtkWidget           *widget)
{
  if (widget == GTK_WIDGET (self->name_entry))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  else if (widget == GTK_WIDGET (self->value_entry))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR]);

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_REMOVE_REQUESTED], 0);
}

static void
fd_silence_matcher_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FdSilenceMatcherRow *self = FD_SILENCE_MATCHER_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, fd_silence_matcher_row_get_name (self));
      break;
    case PROP_OPERATOR:
      g_value_set_uint (value, fd_silence_matcher_row_get_operator (self));
      break;
    case PROP_VALUE:
      g_value_set_string (value, fd_silence_matcher_row_get_value (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_silence_matcher_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  FdSilenceMatcherRow *self = FD_SILENCE_MATCHER_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME:
      fd_silence_matcher_row_set_name (self, g_value_get_string (value));
      break;
    case PROP_OPERATOR:
      fd_silence_matcher_row_set_operator (self, g_value_get_uint (value));
      break;
    case PROP_VALUE:
      fd_silence_matcher_row_set_value (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_silence_matcher_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_SILENCE_MATCHER_ROW);

  G_OBJECT_CLASS (fd_silence_matcher_row_parent_class)->dispose (object);
}

static void
fd_silence_matcher_row_class_init (FdSilenceMatcherRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_silence_matcher_row_get_property;
  object_class->set_property = fd_silence_matcher_row_set_property;
  object_class->dispose = fd_silence_matcher_row_dispose;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPERATOR] =
    g_param_spec_uint ("operator", NULL, NULL, FD_MATCHER_EQUAL, FD_MATCHER_NOT_REGEX,
                       FD_MATCHER_EQUAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Any edit of the name, operator or value. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The row's remove button was pressed; the owner removes the row. */
  signals[SIGNAL_REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-silence-matcher-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FdSilenceMatcherRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceMatcherRow, operator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FdSilenceMatcherRow, value_entry);

  gtk_widget_class_install_action (widget_class, "matcher.remove", NULL, remove_action);
}

static void
fd_silence_matcher_row_init (FdSilenceMatcherRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->name_entry, "notify::text", G_CALLBACK (edited_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->operator_dropdown, "notify::selected", G_CALLBACK (edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->value_entry, "notify::text", G_CALLBACK (edited_cb), self,
                           G_CONNECT_SWAPPED);
}
