/* test-silence-dialog.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-silence-dialog"

#include "config.h"

#include "fd-silence-dialog.h"
#include "fd-silence-matcher-row.h"
#include "fd-sim-source.h"
#include "../lsan-quarks.h"

#include <string.h>

/* The Silence dialog alone, for an alert of an Alertmanager source: the
 * labels are handed in as the source would read them. */

#define ALERT_ID "alertmanager:eu:ab12:2026-11-20T10:00:00Z"

static const char * const labels[] = {
  "alertname=HighErrorRate", "service=checkout", "severity=critical", NULL,
};

typedef struct
{
  GSettings       *settings;
  FdSilenceDialog *dialog;
  FdAction        *confirmed;
  guint            n_confirmed;
} Fixture;

static void
confirmed_cb (FdSilenceDialog *dialog,
              const FdAction  *action,
              Fixture         *fixture)
{
  g_clear_pointer (&fixture->confirmed, fd_action_free);
  fixture->confirmed = fd_action_copy (action);
  fixture->n_confirmed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  g_settings_set_string (fixture->settings, "user-name", "ana");

  fixture->dialog = FD_SILENCE_DIALOG (fd_silence_dialog_new (ALERT_ID, "HighErrorRate"));
  /* The test holds the dialog past its close, to read what it made. */
  g_object_ref (fixture->dialog);
  g_signal_connect (fixture->dialog, "confirmed", G_CALLBACK (confirmed_cb), fixture);
  fd_silence_dialog_set_labels (fixture->dialog, labels);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->dialog);
  g_clear_pointer (&fixture->confirmed, fd_action_free);
  g_settings_reset (fixture->settings, "user-name");
  g_clear_object (&fixture->settings);
}

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* The matcher rows, top to bottom (borrowed). */
static GPtrArray *
get_rows (Fixture *fixture)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->dialog), FD_TYPE_SILENCE_MATCHER_ROW, rows);
  return rows;
}

static FdSilenceMatcherRow *
get_row (Fixture *fixture,
         guint    index)
{
  g_autoptr(GPtrArray) rows = get_rows (fixture);

  g_assert_cmpuint (index, <, rows->len);
  return g_ptr_array_index (rows, index);
}

static GtkWidget *
find_entry_row (Fixture    *fixture,
                const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->dialog), ADW_TYPE_PREFERENCES_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  g_assert_not_reached ();
}

static GtkWidget *
get_silence_button (Fixture *fixture)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->dialog), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)),
                   "silence.confirm") == 0)
      return g_ptr_array_index (buttons, i);

  g_assert_not_reached ();
}

static void
set_text (Fixture    *fixture,
          const char *row_title,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (fixture, row_title)), text);
}

static void
set_comment (Fixture    *fixture,
             const char *comment)
{
  set_text (fixture, "Comment (why the alert is silenced)", comment);
}

/* A button pressed from the keyboard clicks after a short pressed look. */
static void
run_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static void
assert_can_silence (Fixture  *fixture,
                    gboolean  can)
{
  g_assert_true (gtk_widget_get_sensitive (get_silence_button (fixture)) == can);
  g_assert_true ((fd_silence_dialog_get_problem (fixture->dialog) == NULL) == can);
}

static void
test_silence_dialog_prefilled (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = get_rows (fixture);

  /* One equality matcher per label, in the order given. */
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      FdSilenceMatcherRow *row = g_ptr_array_index (rows, i);
      g_autofree char *text = fd_silence_matcher_row_to_text (row, NULL, NULL);

      g_assert_cmpint (fd_silence_matcher_row_get_operator (row), ==, FD_MATCHER_EQUAL);
      g_assert_cmpstr (text, ==, labels[i]);
    }
  g_assert_cmpstr (fd_silence_matcher_row_get_name (g_ptr_array_index (rows, 1)), ==, "service");
  g_assert_cmpstr (fd_silence_matcher_row_get_value (g_ptr_array_index (rows, 1)), ==, "checkout");

  /* The author is the name from the preferences. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_row (fixture, "Created by"))),
                   ==, "ana");

  /* Only the comment is missing. */
  assert_can_silence (fixture, FALSE);
  g_assert_nonnull (strstr (fd_silence_dialog_get_problem (fixture->dialog), "comment"));
  set_comment (fixture, "   ");
  assert_can_silence (fixture, FALSE);
  set_comment (fixture, "deploy window");
  assert_can_silence (fixture, TRUE);
}

static void
test_silence_dialog_action (Fixture       *fixture,
                            gconstpointer  data)
{
  const FdAction *action;
  FdSilenceMatcherRow *row;
  gint64 before = g_get_real_time ();

  set_comment (fixture, "  deploy window ");
  set_text (fixture, "Created by", "bo");

  /* service=~check.* instead of service=checkout */
  row = get_row (fixture, 1);
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_REGEX);
  fd_silence_matcher_row_set_value (row, "check.*");
  assert_can_silence (fixture, TRUE);

  g_assert_null (fd_silence_dialog_get_action (fixture->dialog));
  g_assert_true (gtk_widget_activate (get_silence_button (fixture)));
  run_for (400);

  g_assert_cmpuint (fixture->n_confirmed, ==, 1);
  action = fd_silence_dialog_get_action (fixture->dialog);
  g_assert_nonnull (action);
  g_assert_cmpint (action->kind, ==, FD_ACTION_SILENCE);
  g_assert_cmpstr (action->target_id, ==, ALERT_ID);
  g_assert_cmpstr (action->comment, ==, "deploy window");
  g_assert_cmpstr (action->author, ==, "bo");
  g_assert_nonnull (action->matchers);
  g_assert_cmpuint (g_strv_length (action->matchers), ==, 3);
  g_assert_cmpstr (action->matchers[0], ==, "alertname=HighErrorRate");
  g_assert_cmpstr (action->matchers[1], ==, "service=~check.*");
  g_assert_cmpstr (action->matchers[2], ==, "severity=critical");
  /* Two hours unless chosen otherwise, from the moment Silence was pressed. */
  g_assert_cmpint (action->at, >=, before);
  g_assert_cmpint (action->at, <=, g_get_real_time ());
  g_assert_cmpint (action->until - action->at, ==, (gint64) 2 * 3600 * G_USEC_PER_SEC);

  /* What the signal carried is the property. */
  g_assert_cmpstr (fixture->confirmed->matchers[1], ==, "service=~check.*");
  g_assert_cmpint (fixture->confirmed->until, ==, action->until);

  /* Silence closes the dialog. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));
}

static void
test_silence_dialog_durations (Fixture       *fixture,
                               gconstpointer  data)
{
  AdwComboRow *duration = ADW_COMBO_ROW (find_entry_row (fixture, "Duration"));
  GtkWidget *custom = find_entry_row (fixture, "Custom duration, e.g. 30m, 1h30m or 3d");

  set_comment (fixture, "maintenance");
  g_assert_false (gtk_widget_get_visible (custom));

  /* 1 day */
  adw_combo_row_set_selected (duration, 3);
  assert_can_silence (fixture, TRUE);

  /* Custom: empty, then nonsense, then 1h30m. */
  adw_combo_row_set_selected (duration, 4);
  g_assert_true (gtk_widget_get_visible (custom));
  assert_can_silence (fixture, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (custom), "soon");
  assert_can_silence (fixture, FALSE);
  g_assert_nonnull (strstr (fd_silence_dialog_get_problem (fixture->dialog), "“soon”"));
  g_assert_true (gtk_widget_has_css_class (custom, "error"));
  gtk_editable_set_text (GTK_EDITABLE (custom), "1h30m");
  assert_can_silence (fixture, TRUE);
  g_assert_false (gtk_widget_has_css_class (custom, "error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "silence.confirm", NULL));
  g_assert_nonnull (fixture->confirmed);
  g_assert_cmpint (fixture->confirmed->until - fixture->confirmed->at, ==,
                   (gint64) 90 * 60 * G_USEC_PER_SEC);
}

static void
test_silence_dialog_add_remove (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  FdSilenceMatcherRow *added;

  set_comment (fixture, "noisy");

  /* Add: an empty row, which blocks Silence until it has a name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "silence.add-matcher",
                                             NULL));
  rows = get_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 4);
  added = g_ptr_array_index (rows, 3);
  assert_can_silence (fixture, FALSE);
  g_assert_nonnull (strstr (fd_silence_dialog_get_problem (fixture->dialog), "label name"));
  fd_silence_matcher_row_set_name (added, "instance");
  fd_silence_matcher_row_set_operator (added, FD_MATCHER_NOT_EQUAL);
  fd_silence_matcher_row_set_value (added, "canary-1");
  assert_can_silence (fixture, TRUE);

  /* Remove the first two rows with their buttons' action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_row (fixture, 0)), "matcher.remove",
                                             NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_row (fixture, 0)), "matcher.remove",
                                             NULL));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = get_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 2);
  assert_can_silence (fixture, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "silence.confirm", NULL));
  g_assert_nonnull (fixture->confirmed);
  g_assert_cmpuint (g_strv_length (fixture->confirmed->matchers), ==, 2);
  g_assert_cmpstr (fixture->confirmed->matchers[0], ==, "severity=critical");
  g_assert_cmpstr (fixture->confirmed->matchers[1], ==, "instance!=canary-1");
}

static void
test_silence_dialog_no_matcher_left (Fixture       *fixture,
                                     gconstpointer  data)
{
  set_comment (fixture, "noisy");

  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_row (fixture, 0)),
                                               "matcher.remove", NULL));
  assert_can_silence (fixture, FALSE);
  g_assert_nonnull (strstr (fd_silence_dialog_get_problem (fixture->dialog), "at least one matcher"));

  /* Pressing Silence anyway (a shortcut) makes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "silence.confirm", NULL);
  g_assert_cmpuint (fixture->n_confirmed, ==, 0);
  g_assert_null (fd_silence_dialog_get_action (fixture->dialog));
}

static void
test_silence_dialog_invalid_regex (Fixture       *fixture,
                                   gconstpointer  data)
{
  FdSilenceMatcherRow *row = get_row (fixture, 1);
  g_autofree char *problem = NULL;

  set_comment (fixture, "noisy");
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_REGEX);
  fd_silence_matcher_row_set_value (row, "check(out");
  assert_can_silence (fixture, FALSE);
  g_assert_nonnull (strstr (fd_silence_dialog_get_problem (fixture->dialog),
                            "“check(out” is not a valid regular expression"));
  g_assert_null (fd_silence_matcher_row_to_text (row, NULL, &problem));
  g_assert_cmpstr (problem, ==, fd_silence_dialog_get_problem (fixture->dialog));

  /* !~ is checked the same way; a fixed expression clears the message. */
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_NOT_REGEX);
  assert_can_silence (fixture, FALSE);
  fd_silence_matcher_row_set_value (row, "check(out)?");
  assert_can_silence (fixture, TRUE);
}

static void
test_silence_dialog_matches_everything (Fixture       *fixture,
                                        gconstpointer  data)
{
  FdSilenceMatcherRow *row;

  set_comment (fixture, "noisy");
  for (guint i = 0; i < 2; i++)
    gtk_widget_activate_action (GTK_WIDGET (get_row (fixture, 0)), "matcher.remove", NULL);

  /* severity=~.* would silence every alert: Alertmanager refuses it. */
  row = get_row (fixture, 0);
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_REGEX);
  fd_silence_matcher_row_set_value (row, ".*");
  assert_can_silence (fixture, FALSE);
  g_assert_nonnull (strstr (fd_silence_dialog_get_problem (fixture->dialog), "every alert"));
  fd_silence_matcher_row_set_value (row, ".+");
  assert_can_silence (fixture, TRUE);
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_NOT_EQUAL);
  fd_silence_matcher_row_set_value (row, "");
  assert_can_silence (fixture, TRUE);
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_EQUAL);
  assert_can_silence (fixture, FALSE);
}

static void
test_silence_dialog_matcher_text (void)
{
  const struct { const char *name; FdMatcherOperator op; const char *value; const char *text; } cases[] = {
    { "env", FD_MATCHER_EQUAL, "prod", "env=prod" },
    { " env ", FD_MATCHER_NOT_EQUAL, "prod", "env!=prod" },
    { "env", FD_MATCHER_NOT_REGEX, "prod|stage", "env!~prod|stage" },
    { "url", FD_MATCHER_EQUAL, "a=b!=c", "url=a=b!=c" },
    /* "path=~x.y" would be read as a regex: the same value, escaped. */
    { "path", FD_MATCHER_EQUAL, "~x.y", "path=~~x\\.y" },
    { "a=b", FD_MATCHER_EQUAL, "c", NULL },
    { "", FD_MATCHER_EQUAL, "c", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *row = g_object_ref_sink (fd_silence_matcher_row_new (cases[i].name, cases[i].op,
                                                                      cases[i].value));
      g_autofree char *problem = NULL;
      g_autofree char *text = fd_silence_matcher_row_to_text (FD_SILENCE_MATCHER_ROW (row), NULL,
                                                              &problem);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true ((problem == NULL) == (cases[i].text != NULL));
      g_assert_finalize_object (row);
    }
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_silence_dialog_notify (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(FdSilenceMatcherRow) row = NULL;
  guint problem = 0, action = 0, value = 0, op = 0;

  g_signal_connect (fixture->dialog, "notify::problem", G_CALLBACK (notify_cb), &problem);
  g_signal_connect (fixture->dialog, "notify::action", G_CALLBACK (notify_cb), &action);

  set_comment (fixture, "a");
  g_assert_cmpuint (problem, ==, 1);
  set_comment (fixture, "ab");                       /* still no problem */
  g_assert_cmpuint (problem, ==, 1);

  row = g_object_ref (get_row (fixture, 0));
  g_signal_connect (row, "notify::value", G_CALLBACK (notify_cb), &value);
  g_signal_connect (row, "notify::operator", G_CALLBACK (notify_cb), &op);
  fd_silence_matcher_row_set_value (row, "Other");
  fd_silence_matcher_row_set_value (row, "Other");
  g_assert_cmpuint (value, ==, 1);
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_NOT_EQUAL);
  fd_silence_matcher_row_set_operator (row, FD_MATCHER_NOT_EQUAL);
  g_assert_cmpuint (op, ==, 1);
  g_object_set (row, "name", "job", NULL);
  g_assert_cmpstr (fd_silence_matcher_row_get_name (row), ==, "job");

  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "silence.confirm", NULL);
  g_assert_cmpuint (action, ==, 1);
  g_signal_handlers_disconnect_by_data (row, &value);
  g_signal_handlers_disconnect_by_data (row, &op);
}

static void
test_silence_dialog_keyboard (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *comment = find_entry_row (fixture, "Comment (why the alert is silenced)");
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GPtrArray) controllers = g_ptr_array_new ();
  g_autoptr(GListModel) observed = gtk_widget_observe_controllers (GTK_WIDGET (fixture->dialog));
  gboolean has_escape = FALSE;

  /* The comment has the focus: it is the one field without a default. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)) == comment ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)),
                                         comment));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (fixture->dialog)) ==
                 get_silence_button (fixture));

  /* Enter in the comment does nothing while Silence is disabled... */
  collect (comment, GTK_TYPE_TEXT, texts);
  g_assert_cmpuint (texts->len, ==, 1);
  g_signal_emit_by_name (g_ptr_array_index (texts, 0), "activate");
  run_for (400);
  g_assert_cmpuint (fixture->n_confirmed, ==, 0);

  /* ...and silences once it is enabled. */
  set_comment (fixture, "deploy window");
  g_signal_emit_by_name (g_ptr_array_index (texts, 0), "activate");
  run_for (400);
  g_assert_cmpuint (fixture->n_confirmed, ==, 1);

  /* Escape closes the window. */
  for (guint i = 0; i < g_list_model_get_n_items (observed); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (observed, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

          if (g_str_equal (trigger, "Escape") && g_str_equal (action, "action(window.close)"))
            has_escape = TRUE;
        }
    }
  g_assert_true (has_escape);
}

static void
test_silence_dialog_accessible (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  /* Every field of a matcher row has a name for a screen reader. */
  collect (GTK_WIDGET (get_row (fixture, 0)), GTK_TYPE_ENTRY, widgets);
  collect (GTK_WIDGET (get_row (fixture, 0)), GTK_TYPE_DROP_DOWN, widgets);
  collect (GTK_WIDGET (get_row (fixture, 0)), GTK_TYPE_BUTTON, widgets);
  g_assert_cmpuint (widgets->len, >=, 4);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      /* The drop-down's own button is labelled by the drop-down. */
      if (GTK_IS_BUTTON (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) == NULL)
        continue;
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
    }

  /* A disabled Silence says why. */
  gtk_test_accessible_assert_property (get_silence_button (fixture),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       fd_silence_dialog_get_problem (fixture->dialog));
}

static void
test_silence_dialog_local_source (void)
{
  g_autoptr(FdSession) session = fd_session_new (NULL);
  g_autoptr(FdSimSource) simulator = fd_sim_source_new (1);
  FdSilenceDialog *dialog = FD_SILENCE_DIALOG (fd_silence_dialog_new ("sim:alert:1", NULL));
  g_autoptr(FdAction) action = NULL;

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  /* The simulator keeps silences itself: only how long matters. */
  fd_session_add_source (session, FD_SOURCE (simulator));
  fd_silence_dialog_look_up_labels (dialog, session);
  g_assert_null (fd_silence_dialog_get_problem (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "silence.confirm", NULL));
  action = fd_action_copy (fd_silence_dialog_get_action (dialog));
  g_assert_cmpstr (action->target_id, ==, "sim:alert:1");
  g_assert_null (action->matchers);
  g_assert_null (action->comment);
  g_assert_cmpint (action->until - action->at, ==, (gint64) 2 * 3600 * G_USEC_PER_SEC);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

int
main (int   argc,
      char *argv[])
{
  lsan_keep_first_quark_block ();
  /* For the accessibility asserts. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/flightdeck/silence-dialog/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("prefilled", test_silence_dialog_prefilled);
  ADD ("action", test_silence_dialog_action);
  ADD ("durations", test_silence_dialog_durations);
  ADD ("add-remove", test_silence_dialog_add_remove);
  ADD ("no-matcher-left", test_silence_dialog_no_matcher_left);
  ADD ("invalid-regex", test_silence_dialog_invalid_regex);
  ADD ("matches-everything", test_silence_dialog_matches_everything);
  ADD ("notify", test_silence_dialog_notify);
  ADD ("keyboard", test_silence_dialog_keyboard);
  ADD ("accessible", test_silence_dialog_accessible);
#undef ADD
  g_test_add_func ("/flightdeck/silence-dialog/matcher-text", test_silence_dialog_matcher_text);
  g_test_add_func ("/flightdeck/silence-dialog/local-source", test_silence_dialog_local_source);

  return g_test_run ();
}
