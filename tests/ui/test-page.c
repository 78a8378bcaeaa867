/* test-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each page alone, in a plain GtkWindow without FdWindow: given its data
 * and a session through the FdPage interface, it shows the data, and its
 * buttons activate the window actions (win.apply with the whole FdAction),
 * which this test provides as a "win" action group of its own. */

#define G_LOG_DOMAIN "test-page"

#include "config.h"

#include <adwaita.h>

#include "fd-action.h"
#include "fd-alert-item.h"
#include "fd-alerts-page.h"
#include "fd-canary-page.h"
#include "fd-deployments-page.h"
#include "fd-clock.h"
#include "fd-fake-source.h"
#include "fd-file-source.h"
#include "fd-page.h"
#include "fd-page-data.h"
#include "fd-pipelines-page.h"

/* Two days after the fixture's last record. */
#define NOW G_GINT64_CONSTANT (1795176000000000)

typedef struct
{
  GtkWindow      *window;
  FdClock        *clock;
  FdSession      *session;
  FdPageData     *data;
  GPtrArray      *applied;     /* FdAction received through win.apply */
  guint           refreshes;   /* win.refresh */
} Fixture;

static void
apply_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->applied, fd_action_new_from_variant (parameter));
}

static void
refresh_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->refreshes++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "metrics-basic.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) apply = g_simple_action_new ("apply", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GSimpleAction) refresh = g_simple_action_new ("refresh", NULL);
  g_autoptr(FdFileSource) source = fd_file_source_new (file);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  fixture->applied = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_action_free);
  /* A session over the file, on a fake clock, as the window has one. */
  fixture->clock = fd_clock_new_fake (NOW);
  fixture->session = fd_session_new (fixture->clock);
  fd_session_set_time_range (fixture->session, "90d");
  fd_session_add_source (fixture->session, FD_SOURCE (source));
  while (fd_session_get_busy (fixture->session) || fd_session_get_page_data (fixture->session) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  fixture->data = fd_page_data_ref (fd_session_get_page_data (fixture->session));

  g_signal_connect (apply, "activate", G_CALLBACK (apply_activated_cb), fixture);
  g_signal_connect (refresh, "activate", G_CALLBACK (refresh_activated_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (apply));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (refresh));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1200, 800);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->data, fd_page_data_unref);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->clock);
  g_clear_pointer (&fixture->applied, g_ptr_array_unref);
}

static GtkWidget *
show_page (Fixture   *fixture,
           GtkWidget *page)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_true (FD_IS_PAGE (page));
  g_object_set (page, "session", fixture->session, "settings", settings, NULL);
  gtk_window_set_child (fixture->window, page);
  gtk_window_present (fixture->window);
  fd_page_set_data (FD_PAGE (page), fixture->data);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return page;
}

static void
test_page_properties (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkWidget *page = show_page (fixture, fd_pipelines_page_new ());
  g_autoptr(FdSession) session = NULL;
  g_autoptr(GSettings) settings = NULL;

  g_object_get (page, "session", &session, "settings", &settings, NULL);
  g_assert_true (session == fixture->session);
  g_assert_true (G_IS_SETTINGS (settings));
}

static void
test_pipelines_alone (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkWidget *page = show_page (fixture, fd_pipelines_page_new ());

  g_assert_true (fd_pipelines_page_get_data (FD_PIPELINES_PAGE (page)) == fixture->data);
  /* The fixture's 10 runs, all inside the 90 days. */
  g_assert_cmpuint (g_list_model_get_n_items (fd_pipelines_page_get_runs_model (FD_PIPELINES_PAGE (page))),
                    ==, 10);
}

static void
test_deployments_alone (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *page = show_page (fixture, fd_deployments_page_new ());

  g_assert_true (fd_deployments_page_get_data (FD_DEPLOYMENTS_PAGE (page)) == fixture->data);
  g_assert_cmpuint (g_list_model_get_n_items (fd_deployments_page_get_history_model (FD_DEPLOYMENTS_PAGE (page))),
                    ==, 6);
}

static void
test_alerts_alone_acknowledge (Fixture       *fixture,
                               gconstpointer  user_data)
{
  GtkWidget *page = show_page (fixture, fd_alerts_page_new ());
  GListModel *model = fd_alerts_page_get_model (FD_ALERTS_PAGE (page));
  const char *firing = NULL;
  const FdAction *action;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FdAlertItem) item = g_list_model_get_item (model, i);

      if (fd_alert_item_get_status (item) == FD_ALERT_FIRING)
        firing = fd_alert_item_get_id (item);
    }
  g_assert_nonnull (firing);
  g_assert_true (fd_alerts_page_select (FD_ALERTS_PAGE (page), firing));

  /* The button's action sends the whole action to the window. */
  g_assert_true (gtk_widget_activate_action (page, "alerts.acknowledge", NULL));
  g_assert_cmpuint (fixture->applied->len, ==, 1);
  action = g_ptr_array_index (fixture->applied, 0);
  g_assert_nonnull (action);
  g_assert_cmpint (action->kind, ==, FD_ACTION_ACKNOWLEDGE);
  g_assert_true (g_str_has_suffix (action->target_id, firing));
  g_assert_cmpint (action->at, ==, NOW);

  /* A silence for one hour ends one hour after "now". */
  g_assert_true (gtk_widget_activate_action (page, "alerts.silence", "x", G_GINT64_CONSTANT (3600)));
  g_assert_cmpuint (fixture->applied->len, ==, 2);
  action = g_ptr_array_index (fixture->applied, 1);
  g_assert_cmpint (action->kind, ==, FD_ACTION_SILENCE);
  g_assert_cmpint (action->until, ==, NOW + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
}

static void
test_canary_alone_promote (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkWidget *page = show_page (fixture, fd_canary_page_new ());
  const FdPageData *data = fixture->data;
  const char *active = NULL;
  const FdAction *action;

  g_assert_cmpuint (fd_canary_page_get_n_cards (FD_CANARY_PAGE (page)), >, 0);
  for (gsize i = 0; i < data->current->n_canaries; i++)
    if (data->current->canaries[i].canary->status == FD_CANARY_PROGRESSING)
      active = data->current->canaries[i].id;
  g_assert_nonnull (active);
  g_assert_true (fd_canary_page_select (FD_CANARY_PAGE (page), active));
  g_assert_cmpstr (fd_canary_page_get_selected (FD_CANARY_PAGE (page)), ==, active);

  g_assert_true (gtk_widget_activate_action (page, "canary.promote", NULL));
  g_assert_cmpuint (fixture->applied->len, ==, 1);
  action = g_ptr_array_index (fixture->applied, 0);
  g_assert_cmpint (action->kind, ==, FD_ACTION_PROMOTE);
  g_assert_cmpstr (action->target_id, ==, active);
}

/* Over a session whose source is scripted (a live source that takes
 * acknowledge and silence, as Alertmanager does, but not resolve): the page
 * offers only what the alert's source takes, and its action goes out as
 * win.apply for the window to route to that source. */
static void
test_alerts_fake_live_source (void)
{
  g_autoptr(FdClock) clock = fd_clock_new_fake (NOW);
  g_autoptr(FdSession) session = fd_session_new (clock);
  g_autoptr(FdFakeSource) source = fd_fake_source_new ("fake:am", TRUE, 30);
  g_autoptr(FdBatch) batch = fd_fake_alert_batch_new ("fake:am", "fake:am:a1", NOW - 600 * G_USEC_PER_SEC);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) apply = g_simple_action_new ("apply", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GPtrArray) applied = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_action_free);
  Fixture fixture = { .applied = applied };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = fd_alerts_page_new ();
  const FdAction *action;

  fd_fake_source_set_capabilities (source, FD_SOURCE_CAN_ACKNOWLEDGE | FD_SOURCE_CAN_SILENCE |
                                           FD_SOURCE_CAN_UNSILENCE);
  fd_fake_source_push_batch (source, batch);
  fd_session_add_source (session, FD_SOURCE (source));
  while (fd_session_get_busy (session) || fd_session_get_page_data (session) == NULL ||
         fd_session_get_page_data (session)->n_recent_alerts == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_signal_connect (apply, "activate", G_CALLBACK (apply_activated_cb), &fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (apply));
  gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (group));
  g_object_set (page, "session", session, "settings", settings, NULL);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  fd_page_set_data (FD_PAGE (page), fd_session_get_page_data (session));

  g_assert_true (fd_alerts_page_select (FD_ALERTS_PAGE (page), "fake:am:a1"));
  g_assert_true (fd_session_can_apply (session, FD_ACTION_ACKNOWLEDGE, "fake:am:a1"));
  g_assert_false (fd_session_can_apply (session, FD_ACTION_RESOLVE, "fake:am:a1"));
  g_assert_true (gtk_widget_activate_action (page, "alerts.acknowledge", NULL));
  g_assert_cmpuint (applied->len, ==, 1);
  action = g_ptr_array_index (applied, 0);
  g_assert_cmpint (action->kind, ==, FD_ACTION_ACKNOWLEDGE);
  g_assert_cmpstr (action->target_id, ==, "fake:am:a1");
  g_assert_cmpint (action->at, ==, NOW);
  /* Resolve is not offered: activating it does nothing. */
  gtk_widget_activate_action (page, "alerts.resolve", NULL);
  g_assert_cmpuint (applied->len, ==, 1);

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/flightdeck/page/properties", Fixture, NULL,
              fixture_set_up, test_page_properties, fixture_tear_down);
  g_test_add ("/flightdeck/page/pipelines-alone", Fixture, NULL,
              fixture_set_up, test_pipelines_alone, fixture_tear_down);
  g_test_add ("/flightdeck/page/deployments-alone", Fixture, NULL,
              fixture_set_up, test_deployments_alone, fixture_tear_down);
  g_test_add ("/flightdeck/page/alerts-alone-acknowledge", Fixture, NULL,
              fixture_set_up, test_alerts_alone_acknowledge, fixture_tear_down);
  g_test_add ("/flightdeck/page/canary-alone-promote", Fixture, NULL,
              fixture_set_up, test_canary_alone_promote, fixture_tear_down);

  g_test_add_func ("/flightdeck/page/alerts-fake-live-source", test_alerts_fake_live_source);

  return g_test_run ();
}
