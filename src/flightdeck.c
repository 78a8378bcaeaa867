/* flightdeck.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fd-application.h"

int
main (int   argc,
      char *argv[])
{
  /* Taken first, so the start-up measurement covers everything below. */
  gint64 start_time = g_get_monotonic_time ();
  g_autoptr(FdApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fd_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  fd_application_set_start_time (app, start_time);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
