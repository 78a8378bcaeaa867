/* fuzz-cli-args.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-cli-args"

#include "config.h"

#include "fuzz-target.h"

#include "fd-time.h"

#include <string.h>

/*
 * Command-line parsing as flightdeck-cli does it: the input is split on
 * newlines into an argv, parsed by a GOptionContext with the option shapes
 * of `metrics` / `render` / `bench` (strings, an integer, a flag), and the
 * time values then go through fd_time_parse() as the commands do.
 *
 * The CLI's commands parse their options inside fd_cli_<command>(), which
 * also open files and print; until they expose their parsing on its own,
 * this target mirrors their option tables. When a command gains a separate
 * parse function, call it here instead.
 */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *environment = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) remaining = NULL;
  gboolean all = FALSE;
  int runs = 5;
  double width = 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "Start of the window", "TIME" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "End of the window", "TIME" },
    { "environment", 'e', 0, G_OPTION_ARG_STRING, &environment, "Environment", "NAME" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "png, svg or pdf", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file", "FILE" },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Repetitions", "N" },
    { "width", 'w', 0, G_OPTION_ARG_DOUBLE, &width, "Width", "PX" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Everything", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &remaining, NULL, "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) split = NULL;
  g_autofree char **argv = NULL;
  int argc;
  FdTime t;

  /* Bound the argument count so one input cannot take seconds. */
  if (size > 4096)
    return 0;

  text = g_strndup ((const char *) data, size);
  split = g_strsplit (text, "\n", 256);

  /* argv[0] is the command name; g_option_context_parse() rearranges the
   * pointer array, not the strings, so keep split for freeing. */
  argc = (int) g_strv_length (split) + 1;
  argv = g_new0 (char *, argc + 1);
  argv[0] = (char *) "metrics";
  memcpy (argv + 1, split, sizeof (char *) * (argc - 1));

  context = g_option_context_new ("FILE");
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return 0;

  if (from != NULL)
    (void) fd_time_parse (from, strlen (from), &t);
  if (to != NULL)
    (void) fd_time_parse (to, strlen (to), &t);

  return 0;
}
