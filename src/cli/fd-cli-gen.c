/* fd-cli-gen.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-cli-gen"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fd-cli.h"

/*
 * fd-cli-gen man | bash-completion
 *
 * Writes flightdeck-cli's man page or its bash completion on stdout, from
 * the command tables that also give `flightdeck-cli COMMAND --help`. The
 * build runs it; it is not installed.
 */

static gboolean
takes_value (const GOptionEntry *entry)
{
  return entry->arg != G_OPTION_ARG_NONE;
}

/* Man page {{{ */

/* Appends @text as roff: backslashes escaped, a leading "." or "'" made
 * harmless, every dash as \- (groff would print "-" as a hyphen, which
 * cannot be typed back in a command line or option) and every non-ASCII
 * character as \[uXXXX], so that groff needs no input encoding. */
static void
append_roff (GString    *out,
             const char *text)
{
  gboolean line_start = out->len == 0 || out->str[out->len - 1] == '\n';

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (line_start && (c == '.' || c == '\''))
        g_string_append (out, "\\&");
      line_start = FALSE;

      if (c == '\\')
        g_string_append (out, "\\e");
      else if (c == '-')
        g_string_append (out, "\\-");
      else if (c == '`')
        g_string_append (out, "\\(ga");
      else if (c == '\n')
        {
          g_string_append_c (out, '\n');
          line_start = TRUE;
        }
      else if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "\\[u%04X]", c);
    }
}

/* Appends "\fB--name\fR=\fIARG\fR" (with the short form first, if any) for
 * the tag of a .TP paragraph, as --help writes it. */
static void
append_option_tag (GString            *out,
                   const GOptionEntry *entry)
{
  if (entry->short_name != '\0')
    g_string_append_printf (out, "\\fB\\-%c\\fR, ", entry->short_name);
  g_string_append (out, "\\fB");
  append_roff (out, "--");
  append_roff (out, entry->long_name);
  g_string_append (out, "\\fR");
  if (takes_value (entry))
    {
      g_string_append (out, "=\\fI");
      append_roff (out, entry->arg_description);
      g_string_append (out, "\\fR");
    }
  g_string_append_c (out, '\n');
}

static void
write_man (GString *out)
{
  g_string_append (out, ".\\\" Generated from the option tables of flightdeck-cli; do not edit.\n");
  g_string_append_printf (out, ".TH FLIGHTDECK\\-CLI 1 \"\" \"Flightdeck %s\" \"User Commands\"\n",
                          PACKAGE_VERSION);
  /* Command and option names are typed back: no hyphenation, no stretching. */
  g_string_append (out, ".nh\n.ad l\n");

  g_string_append (out, ".SH NAME\n");
  g_string_append (out, "flightdeck\\-cli \\- check, measure, chart and fetch CI/CD history for "
                        "Flightdeck\n");

  g_string_append (out,
    ".SH SYNOPSIS\n"
    ".B flightdeck\\-cli\n"
    ".I COMMAND\n"
    ".RI [ OPTION \\|.\\|.\\|.]\\&\n"
    ".br\n"
    ".B flightdeck\\-cli\n"
    ".RB [ \\-\\-help | \\-\\-version ]\n");

  g_string_append (out, ".SH DESCRIPTION\n");
  append_roff (out,
    "flightdeck-cli is the command-line side of Flightdeck, the desktop app that shows "
    "CI/CD pipelines, deployments, alerts and canary rollouts with DORA metrics. It "
    "works on the files the app opens, events v1 JSON Lines: it writes simulated ones, "
    "checks them, prints their metrics as JSON and draws their charts and reports, "
    "without a display. It also fetches live sources (GitHub, GitLab, Jenkins, "
    "Alertmanager, Argo Rollouts) into such files, acts on them, and lists the sources "
    "the app has configured.\n");
  g_string_append (out, ".PP\n");
  append_roff (out,
    "Times are RFC 3339, e.g. 2026-11-20T10:00:00Z. Each command takes its options "
    "before or after its arguments.\n");

  g_string_append (out, ".SH OPTIONS\n.TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n");
  append_roff (out, "Without a command, list the commands; after one, list its options.\n");
  g_string_append (out, ".TP\n\\fB\\-\\-version\\fR\n");
  append_roff (out, "Print the version.\n");

  g_string_append (out, ".SH COMMANDS\n");
  for (guint i = 0; fd_cli_commands[i] != NULL; i++)
    {
      const FdCliCommand *command = fd_cli_commands[i];

      g_string_append (out, ".SS \"");
      append_roff (out, "flightdeck-cli ");
      append_roff (out, command->name);
      g_string_append (out, "\"\n");
      g_string_append (out, ".B flightdeck\\-cli ");
      append_roff (out, command->name);
      g_string_append (out, "\n.RI [ OPTION \\|.\\|.\\|.]\\&");
      if (command->args != NULL)
        {
          g_string_append (out, "\n.I ");
          append_roff (out, command->args);
        }
      g_string_append (out, "\n.PP\n");
      /* The help text says more than the summary, in the same words. */
      if (command->help != NULL)
        append_roff (out, command->help);
      else
        {
          append_roff (out, command->summary);
          g_string_append_c (out, '.');
        }
      g_string_append_c (out, '\n');
      if (command->details != NULL)
        {
          g_string_append (out, ".PP\n");
          append_roff (out, command->details);
          g_string_append_c (out, '\n');
        }
      for (const GOptionEntry *entry = command->entries; entry->long_name != NULL; entry++)
        {
          g_string_append (out, ".TP\n");
          append_option_tag (out, entry);
          append_roff (out, entry->description);
          g_string_append_c (out, '\n');
        }
    }

  g_string_append (out, ".SH \"EXIT STATUS\"\n.TP\n");
  g_string_append_printf (out, ".B %d\n", FD_CLI_EXIT_OK);
  append_roff (out, "Success.\n");
  g_string_append_printf (out, ".TP\n.B %d\n", FD_CLI_EXIT_FAILURE);
  append_roff (out, "Failure: a file that cannot be read or written, a network or HTTP error, "
                    "data that cannot be read; for validate, an invalid line. One line on "
                    "stderr names the cause.\n");
  g_string_append_printf (out, ".TP\n.B %d\n", FD_CLI_EXIT_USAGE);
  append_roff (out, "Wrong usage: an unknown command or option, a missing or bad argument.\n");

  g_string_append (out, ".SH ENVIRONMENT\n.TP\n.I NAME\n");
  append_roff (out, "The variable that --token-env NAME names holds the token of a live source "
                    "for fetch and act, e.g. GITHUB_TOKEN. GitHub gets it as a Bearer token, "
                    "GitLab as PRIVATE-TOKEN, Jenkins as user:api-token with HTTP Basic; "
                    "Alertmanager, Prometheus and Kubernetes as a Bearer token. A token on the "
                    "command line itself would show in the process list.\n");
  g_string_append (out, ".TP\n.B GSETTINGS_SCHEMA_DIR\n");
  append_roff (out, "Where sources looks for the settings schema of the app when Flightdeck is "
                    "not installed, e.g. the data folder of a build.\n");
  g_string_append (out, ".TP\n.B XDG_CACHE_HOME\n");
  append_roff (out, "The folder of the history cache that sources reads (default ~/.cache).\n");
  g_string_append (out, ".TP\n.B TZ\n");
  append_roff (out, "The time zone of the weekday and hour tables of render and report.\n");

  g_string_append (out, ".SH FILES\n.TP\n.I ~/.cache/flightdeck/history.sqlite\n");
  append_roff (out, "The app's history cache; sources reads the status of each source from "
                    "it, and never creates it.\n");
  g_string_append (out, ".TP\n.I ~/.config/dconf/user\n");
  g_string_append_printf (out, "Where GSettings keeps the app's settings (schema %s), which "
                               "hold the sources that sources lists; see\n.BR gsettings (1).\n",
                          APP_ID);

  g_string_append (out, ".SH EXAMPLES\n");
  for (guint i = 0; fd_cli_commands[i] != NULL; i++)
    {
      const char * const *examples = fd_cli_commands[i]->examples;

      for (guint j = 0; examples != NULL && examples[j] != NULL; j += 2)
        {
          g_assert (examples[j + 1] != NULL);
          g_string_append (out, ".PP\n.B ");
          append_roff (out, examples[j]);
          g_string_append (out, "\n.RS 4\n");
          append_roff (out, examples[j + 1]);
          g_string_append (out, "\n.RE\n");
        }
    }

  g_string_append (out, ".SH \"SEE ALSO\"\n.BR gsettings (1)\n");
}

/* }}} */

/* Bash completion {{{ */

/* The words in a completion are written between single quotes. */
static void
append_words (GString            *out,
              const char * const *words)
{
  g_string_append_c (out, '\'');
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_assert (strpbrk (words[i], "' \t\n") == NULL);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", words[i]);
    }
  g_string_append_c (out, '\'');
}

static gboolean
any_ends_with_colon (const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_has_suffix (words[i], ":"))
        return TRUE;
    }
  return FALSE;
}

/* One case of _flightdeck_cli_value: @pattern is "command:--long|command:-s"
 * or "command:ARG". */
static void
append_value_case (GString            *out,
                   const char         *pattern,
                   gboolean            is_file,
                   const char * const *values)
{
  if (is_file)
    g_string_append_printf (out, "    %s)\n      _flightdeck_cli_files \"$3\" ;;\n", pattern);
  else if (values != NULL)
    {
      g_string_append_printf (out, "    %s)\n      _flightdeck_cli_reply ", pattern);
      append_words (out, values);
      g_string_append (out, " \"$3\"");
      /* "github:" wants its locator typed right after it. */
      if (any_ends_with_colon (values))
        g_string_append (out, "\n      compopt -o nospace 2>/dev/null");
      g_string_append (out, " ;;\n");
    }
}

static void
write_completion (GString *out)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; fd_cli_commands[i] != NULL; i++)
    g_ptr_array_add (names, (gpointer) fd_cli_commands[i]->name);
  g_ptr_array_add (names, NULL);

  g_string_append_printf (out,
    "# bash completion for flightdeck-cli                     -*- shell-script -*-\n"
    "#\n"
    "# Generated from the option tables of flightdeck-cli %s; do not edit.\n"
    "\n"
    "# Sets COMPREPLY to the words of $1 that start with $2.\n"
    "_flightdeck_cli_reply ()\n"
    "{\n"
    "  mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$2\")\n"
    "}\n"
    "\n"
    "# Sets COMPREPLY to the file and folder names that start with $1.\n"
    "_flightdeck_cli_files ()\n"
    "{\n"
    "  # compopt fails outside a completion, e.g. when a test calls this.\n"
    "  compopt -o filenames 2>/dev/null\n"
    "  mapfile -t COMPREPLY < <(compgen -f -- \"$1\")\n"
    "}\n"
    "\n"
    "# Completes the value of option or argument $2 of command $1 from $3.\n"
    "_flightdeck_cli_value ()\n"
    "{\n"
    "  COMPREPLY=()\n"
    "  case $1:$2 in\n",
    PACKAGE_VERSION);

  for (guint i = 0; fd_cli_commands[i] != NULL; i++)
    {
      const FdCliCommand *command = fd_cli_commands[i];
      g_auto(GStrv) args = g_strsplit (command->args != NULL ? command->args : "", " ", -1);

      for (const GOptionEntry *entry = command->entries; entry->long_name != NULL; entry++)
        {
          g_autoptr(GString) pattern = g_string_new (NULL);
          gboolean is_file = entry->arg == G_OPTION_ARG_FILENAME;

          if (!takes_value (entry))
            continue;
          g_string_append_printf (pattern, "%s:--%s", command->name, entry->long_name);
          if (entry->short_name != '\0')
            g_string_append_printf (pattern, "|%s:-%c", command->name, entry->short_name);
          append_value_case (out, pattern->str, is_file,
                             command->values ? command->values (entry->long_name) : NULL);
        }
      for (guint j = 0; args[j] != NULL; j++)
        {
          g_autofree char *pattern = NULL;

          if (*args[j] == '\0')
            continue;
          pattern = g_strdup_printf ("%s:%s", command->name, args[j]);
          append_value_case (out, pattern, g_str_equal (args[j], "FILE"),
                             command->values ? command->values (args[j]) : NULL);
        }
    }

  g_string_append (out,
    "  esac\n"
    "}\n"
    "\n"
    "_flightdeck_cli ()\n"
    "{\n"
    "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]-}\n"
    "  local cmd=${COMP_WORDS[1]-} opt= prefix= options= takes= args= word i n=0\n"
    "  COMPREPLY=()\n"
    "\n"
    "  if (( COMP_CWORD == 1 )); then\n"
    "    if [[ $cur == -* ]]; then\n"
    "      _flightdeck_cli_reply '--help --version' \"$cur\"\n"
    "    else\n"
    "      _flightdeck_cli_reply ");
  append_words (out, (const char * const *) names->pdata);
  g_string_append (out,
    " \"$cur\"\n"
    "    fi\n"
    "    return 0\n"
    "  fi\n"
    "\n"
    "  case $cmd in\n");

  for (guint i = 0; fd_cli_commands[i] != NULL; i++)
    {
      const FdCliCommand *command = fd_cli_commands[i];
      g_autoptr(GString) options = g_string_new ("--help");
      g_autoptr(GString) takes = g_string_new (NULL);

      for (const GOptionEntry *entry = command->entries; entry->long_name != NULL; entry++)
        {
          g_string_append_printf (options, " --%s", entry->long_name);
          if (!takes_value (entry))
            continue;
          g_string_append_printf (takes, "%s--%s", takes->len > 0 ? " " : "", entry->long_name);
          if (entry->short_name != '\0')
            g_string_append_printf (takes, " -%c", entry->short_name);
        }
      g_string_append_printf (out,
        "    %s)\n"
        "      options='%s'\n"
        "      takes='%s'\n"
        "      args='%s' ;;\n",
        command->name, options->str, takes->str, command->args ? command->args : "");
    }

  g_string_append (out,
    "    *)\n"
    "      return 0 ;;\n"
    "  esac\n"
    "\n"
    "  # An option's value: \"--chart NAME\", or \"--chart=NAME\", which Readline\n"
    "  # splits into \"--chart\" \"=\" \"NAME\" unless COMP_WORDBREAKS lacks \"=\".\n"
    "  if [[ $cur == = && \" $takes \" == *\" $prev \"* ]]; then\n"
    "    opt=$prev cur=\n"
    "  elif [[ $prev == = ]] && (( COMP_CWORD >= 3 )) &&\n"
    "       [[ \" $takes \" == *\" ${COMP_WORDS[COMP_CWORD-2]} \"* ]]; then\n"
    "    opt=${COMP_WORDS[COMP_CWORD-2]}\n"
    "  elif [[ $cur == --*=* ]]; then\n"
    "    opt=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}\n"
    "  elif [[ \" $takes \" == *\" $prev \"* ]]; then\n"
    "    opt=$prev\n"
    "  fi\n"
    "  if [[ -n $opt ]]; then\n"
    "    _flightdeck_cli_value \"$cmd\" \"$opt\" \"$cur\"\n"
    "    [[ -z $prefix ]] || COMPREPLY=(\"${COMPREPLY[@]/#/$prefix}\")\n"
    "    return 0\n"
    "  fi\n"
    "\n"
    "  if [[ $cur == -* ]]; then\n"
    "    _flightdeck_cli_reply \"$options\" \"$cur\"\n"
    "    return 0\n"
    "  fi\n"
    "\n"
    "  # Which argument this word is: count the words before it that are\n"
    "  # neither options nor their values. Readline also splits at \":\", so\n"
    "  # \"github:o/r\" is three words: the colons and the word after them\n"
    "  # belong to the word before.\n"
    "  for (( i = 2; i < COMP_CWORD; i++ )); do\n"
    "    word=${COMP_WORDS[i]}\n"
    "    if [[ $word == = ]]; then\n"
    "      i=$((i + 1))\n"
    "    elif [[ -n $word && -z ${word//:/} ]]; then\n"
    "      [[ ${COMP_WORDS[i+1]-} == :* ]] || i=$((i + 1))\n"
    "    elif [[ \" $takes \" == *\" $word \"* ]]; then\n"
    "      [[ ${COMP_WORDS[i+1]-} == = ]] || i=$((i + 1))\n"
    "    elif [[ $word != -* ]]; then\n"
    "      n=$((n + 1))\n"
    "    fi\n"
    "  done\n"
    "  read -r -a args <<< \"$args\"\n"
    "  [[ -z ${args[n]-} ]] || _flightdeck_cli_value \"$cmd\" \"${args[n]}\" \"$cur\"\n"
    "  return 0\n"
    "}\n"
    "\n"
    "complete -F _flightdeck_cli flightdeck-cli\n");
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (argc == 2 && g_str_equal (argv[1], "man"))
    write_man (out);
  else if (argc == 2 && g_str_equal (argv[1], "bash-completion"))
    write_completion (out);
  else
    {
      fprintf (stderr, "Usage: fd-cli-gen man | bash-completion\n");
      return FD_CLI_EXIT_USAGE;
    }

  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      fprintf (stderr, "fd-cli-gen: cannot write to standard output\n");
      return FD_CLI_EXIT_FAILURE;
    }
  return FD_CLI_EXIT_OK;
}
