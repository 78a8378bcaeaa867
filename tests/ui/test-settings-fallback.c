/* test-settings-fallback.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-settings-fallback"

#include "config.h"

#include "fd-application.h"
#include "fd-window.h"
#include "../lsan-quarks.h"

static FdApplication *app;

/* The real schema refuses bad values through the API, but stored data
 * (a keyfile, an older schema, the memory backend) can still hold them.
 * A test-only schema without choices at the same path writes them into
 * the same memory backend. */
static GSettings *
new_unchecked_settings (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "data", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  source = g_settings_schema_source_new_from_directory (dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, APP_ID ".Unchecked", FALSE);
  g_assert_nonnull (schema);

  return g_settings_new_full (schema, NULL, "/io/github/flightdeck/Flightdeck/");
}

static void
iterate_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_settings_invalid_at_start (void)
{
  g_autoptr(GSettings) unchecked = new_unchecked_settings ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FdWindow *window;
  int width = 0;
  int height = 0;

  g_settings_set_string (unchecked, "time-range", "13x");
  g_settings_set_string (unchecked, "last-page", "nowhere");
  g_settings_set_uint (unchecked, "refresh-interval", 7);
  g_settings_set_int (unchecked, "window-width", 5);
  g_settings_set_string (unchecked, "color-scheme", "purple");

  g_test_expect_message ("fd-window", G_LOG_LEVEL_WARNING,
                         "Unsupported refresh-interval 7 s, using 30 s instead");
  window = fd_window_new (GTK_APPLICATION (app), settings);
  g_test_assert_expected_messages ();

  g_assert_cmpstr (fd_window_get_time_range (window), ==, "7d");
  g_assert_cmpint (fd_session_get_time_range_span (fd_window_get_session (window)), ==,
                   G_GINT64_CONSTANT (7) * 86400 * G_USEC_PER_SEC);
  g_assert_cmpstr (fd_window_get_page (window), ==, "pipelines");
  g_assert_cmpuint (fd_window_get_refresh_interval (window), ==, 30);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 720);

  gtk_window_present (GTK_WINDOW (window));
  iterate_pending ();
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_pending ();

  g_settings_reset (unchecked, "time-range");
  g_settings_reset (unchecked, "last-page");
  g_settings_reset (unchecked, "refresh-interval");
  g_settings_reset (unchecked, "window-width");
  g_settings_reset (unchecked, "color-scheme");
}

static void
test_settings_invalid_while_running (void)
{
  g_autoptr(GSettings) unchecked = new_unchecked_settings ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FdWindow *window = fd_window_new (GTK_APPLICATION (app), settings);

  fd_window_set_refresh_interval (window, 15);
  g_assert_cmpuint (fd_window_get_refresh_interval (window), ==, 15);

  g_test_expect_message ("fd-window", G_LOG_LEVEL_WARNING,
                         "Unsupported refresh-interval 0 s, using 30 s instead");
  g_settings_set_uint (unchecked, "refresh-interval", 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fd_window_get_refresh_interval (window), ==, 30);

  /* The real schema already maps an unknown choice to its default. */
  g_settings_set_string (unchecked, "time-range", "13x");
  g_assert_cmpstr (fd_window_get_time_range (window), ==, "7d");

  g_test_expect_message ("fd-window", G_LOG_LEVEL_WARNING,
                         "Unknown time-range “2w”, using “7d” instead");
  fd_window_set_time_range (window, "30d");
  fd_window_set_time_range (window, "2w");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (fd_window_get_time_range (window), ==, "7d");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_pending ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = fd_application_new ("io.github.flightdeck.Flightdeck.SettingsTest",
                            G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/flightdeck/settings/invalid-at-start", test_settings_invalid_at_start);
  g_test_add_func ("/flightdeck/settings/invalid-while-running",
                   test_settings_invalid_while_running);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
