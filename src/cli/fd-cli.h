/* fd-cli.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by every command. */
#define FD_CLI_EXIT_OK      0
#define FD_CLI_EXIT_FAILURE 1
#define FD_CLI_EXIT_USAGE   2

/* Each command parses its own arguments (argv[0] is the command name) and
 * returns the process exit status. Usage errors print a clear message on
 * stderr and return FD_CLI_EXIT_USAGE. */
int fd_cli_generate (int argc, char **argv);  /* fd-cli-generate.c */
int fd_cli_metrics  (int argc, char **argv);  /* fd-cli-metrics.c */
int fd_cli_validate (int argc, char **argv);  /* fd-cli-metrics.c */
int fd_cli_bench    (int argc, char **argv);  /* fd-cli-bench.c: --runs N, --charts, --all */
int fd_cli_render   (int argc, char **argv);  /* fd-cli-render.c */
int fd_cli_report   (int argc, char **argv);  /* fd-cli-render.c */
int fd_cli_fetch    (int argc, char **argv);  /* fd-cli-fetch.c */
int fd_cli_act      (int argc, char **argv);  /* fd-cli-fetch.c */
int fd_cli_sources  (int argc, char **argv);  /* fd-cli-sources.c */
/* Chart benchmark, called by `bench --charts` and `bench --all`; prints table rows. */
int fd_cli_bench_charts (gboolean print_header);  /* fd-cli-render.c */

G_END_DECLS
