/* fd-cli.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* Exit statuses shared by every command. */
#define FD_CLI_EXIT_OK      0
#define FD_CLI_EXIT_FAILURE 1
#define FD_CLI_EXIT_USAGE   2

/*
 * FdCliCommand: one command of flightdeck-cli. The same table gives the
 * dispatch in main(), `COMMAND --help`, the man page and the bash completion
 * (both written at build time by fd-cli-gen.c), so that they cannot drift.
 *
 * @entries is the very array the command hands to GOptionContext: its
 * arg_data points into the command file's own static option storage, since a
 * process runs one command once.
 */
typedef struct
{
  const char          *name;
  /* Parses its own arguments (argv[0] is the command name) and returns the
   * exit status. Usage errors print a clear message on stderr and return
   * FD_CLI_EXIT_USAGE. */
  int                (*run)      (int    argc,
                                  char **argv);
  const char          *args;     /* positional arguments, e.g. "FILE"; NULL: none */
  const char          *tagline;  /* after " - " on the usage line; NULL: none */
  const char          *summary;  /* one line in `flightdeck-cli --help` and the man page */
  const char          *help;     /* above the options in --help; NULL: none */
  const char          *details;  /* more paragraphs in the man page only; NULL: none */
  const GOptionEntry  *entries;  /* terminated by G_OPTION_ENTRY_NULL */
  /* The values that option @name (a long name without "--") or positional
   * argument @name (as in @args, e.g. "ACTION") takes, for the completion;
   * NULL, or returning NULL: anything. */
  const char * const *(*values)  (const char *name);
  /* Pairs of a command line and what it does; NULL-terminated. */
  const char * const  *examples;
} FdCliCommand;

/* Every command, in the order of `flightdeck-cli --help`; NULL-terminated. */
extern const FdCliCommand * const fd_cli_commands[];

extern const FdCliCommand fd_cli_generate_command;  /* fd-cli-generate.c */
extern const FdCliCommand fd_cli_metrics_command;   /* fd-cli-metrics.c */
extern const FdCliCommand fd_cli_validate_command;  /* fd-cli-metrics.c */
extern const FdCliCommand fd_cli_render_command;    /* fd-cli-render.c */
extern const FdCliCommand fd_cli_report_command;    /* fd-cli-render.c */
extern const FdCliCommand fd_cli_bench_command;     /* fd-cli-bench.c */
extern const FdCliCommand fd_cli_fetch_command;     /* fd-cli-fetch.c */
extern const FdCliCommand fd_cli_sources_command;   /* fd-cli-sources.c */
extern const FdCliCommand fd_cli_act_command;       /* fd-cli-fetch.c */

const FdCliCommand *fd_cli_lookup        (const char         *name);
/* Prints "Usage: flightdeck-cli COMMAND [OPTION…]" and the command list. */
void                fd_cli_print_usage   (FILE               *out);
/* A context with @command's usage line, help text and entries; it also
 * names the program "flightdeck-cli COMMAND" for the usage line. */
GOptionContext     *fd_cli_context_new   (const FdCliCommand *command);

/* Chart benchmark, called by `bench --charts` and `bench --all`; prints table rows. */
int fd_cli_bench_charts (gboolean print_header);  /* fd-cli-render.c */

G_END_DECLS
