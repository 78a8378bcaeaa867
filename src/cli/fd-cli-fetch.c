/* fd-cli-fetch.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fd-cli.h"
#include "fd-jsonl-writer.h"
#include "fd-sources.h"
#include "fd-time.h"

/* `fetch` and `act` share the options that make a source. */
typedef struct
{
  char *source;
  char *base_url;
  char *token_env;
  char *since;
  char *environment_map;
  char *prometheus;
  char *ca_file;
  char *output;
  char *duration;
  char *comment;
  char *author;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->source);
  g_free (options->base_url);
  g_free (options->token_env);
  g_free (options->since);
  g_free (options->environment_map);
  g_free (options->prometheus);
  g_free (options->ca_file);
  g_free (options->output);
  g_free (options->duration);
  g_free (options->comment);
  g_free (options->author);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
usage_error (const char *command,
             const char *message)
{
  fprintf (stderr, "flightdeck-cli %s: %s\n", command, message);
  fprintf (stderr, "Run “flightdeck-cli %s --help” for usage.\n", command);
  return FD_CLI_EXIT_USAGE;
}

static int
failure (const char *command,
         const char *message)
{
  fprintf (stderr, "flightdeck-cli %s: %s\n", command, message);
  return FD_CLI_EXIT_FAILURE;
}

/* Makes the config, or prints the usage error and returns NULL. */
static FdSourceConfig *
make_config (const char    *command,
             const Options *options,
             int           *out_status)
{
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  *out_status = FD_CLI_EXIT_USAGE;

  if (options->source == NULL)
    {
      usage_error (command, "--source URI is required, e.g. --source github:owner/repo");
      return NULL;
    }

  config = fd_source_config_new (options->source, &error);
  if (config == NULL)
    {
      usage_error (command, error->message);
      return NULL;
    }

  config->base_url = g_strdup (options->base_url);
  config->prometheus_url = g_strdup (options->prometheus);
  config->ca_file = g_strdup (options->ca_file);

  if (options->base_url != NULL && !fd_http_check_url (options->base_url, &error))
    {
      usage_error (command, error->message);
      return NULL;
    }
  if (options->prometheus != NULL && !fd_http_check_url (options->prometheus, &error))
    {
      usage_error (command, error->message);
      return NULL;
    }

  if (options->environment_map != NULL)
    {
      g_autoptr(FdEnvironmentMap) map = fd_environment_map_new (options->environment_map, &error);

      if (map == NULL)
        {
          usage_error (command, error->message);
          return NULL;
        }
      config->environment_map = g_strdup (options->environment_map);
    }

  if (options->since != NULL &&
      !fd_time_parse (options->since, strlen (options->since), &config->since))
    {
      g_autofree char *message =
        g_strdup_printf ("--since “%s” is not an RFC 3339 time, e.g. 2026-11-20T10:00:00Z",
                         options->since);

      usage_error (command, message);
      return NULL;
    }

  if (options->token_env != NULL)
    {
      const char *token = g_getenv (options->token_env);

      if (token == NULL || *token == '\0')
        {
          g_autofree char *message =
            g_strdup_printf ("the environment variable %s named by --token-env is not set",
                             options->token_env);

          usage_error (command, message);
          return NULL;
        }
      fd_source_config_set_token (config, token);
    }

  *out_status = FD_CLI_EXIT_OK;
  return g_steal_pointer (&config);
}

typedef struct
{
  GMainLoop *loop;
  FdBatch   *batch;
  char      *result;
  gboolean   ok;
  GError    *error;
} Wait;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->batch = fd_source_fetch_finish (FD_SOURCE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = fd_source_apply_finish (FD_SOURCE (object), result, &wait->result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* Each source's own options come first, so `--help` lists the spec's flags. */
#define SOURCE_ENTRIES(opts)                                                              \
  { "source", 0, 0, G_OPTION_ARG_STRING, &(opts).source,                                \
    "The source, e.g. github:owner/repo, gitlab:group%2Fproject, jenkins:folder/job, "  \
    "alertmanager:, argo-rollouts:namespace", "URI" },                                  \
  { "base-url", 0, 0, G_OPTION_ARG_STRING, &(opts).base_url,                            \
    "The API's root URL (default: the kind's public service)", "URL" },                 \
  { "token-env", 0, 0, G_OPTION_ARG_STRING, &(opts).token_env,                          \
    "Read the token from this environment variable", "NAME" },                         \
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &(opts).ca_file,                            \
    "Trust the certificates in this PEM file (e.g. a Kubernetes cluster's CA)", "FILE" }

int
fd_cli_fetch (int    argc,
              char **argv)
{
  g_auto(Options) options = { 0 };
  const GOptionEntry entries[] = {
    SOURCE_ENTRIES (options),
    { "since", 0, 0, G_OPTION_ARG_STRING, &options.since,
      "Only what started or changed since this time (RFC 3339)", "TIME" },
    { "environment-map", 0, 0, G_OPTION_ARG_STRING, &options.environment_map,
      "Branch or job globs to environments, first match wins "
      "(default main=production,master=production,*=development)", "MAP" },
    { "prometheus", 0, 0, G_OPTION_ARG_STRING, &options.prometheus,
      "Prometheus root URL for canary samples (argo-rollouts)", "URL" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      "Write the events v1 JSON Lines here", "FILE.jsonl" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(FdSource) source = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  int status;

  g_set_prgname ("flightdeck-cli fetch");
  context = g_option_context_new ("- fetch a live source as events v1 JSON Lines");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("fetch", error->message);
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf ("unexpected argument “%s”", argv[1]);

      return usage_error ("fetch", message);
    }
  if (options.output == NULL)
    return usage_error ("fetch", "-o FILE.jsonl is required");

  config = make_config ("fetch", &options, &status);
  if (config == NULL)
    return status;

  source = fd_source_new_for_config (config, &error);
  if (source == NULL)
    return usage_error ("fetch", error->message);

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  fd_source_fetch_async (source, NULL, NULL, fetched_cb, &wait);
  g_main_loop_run (loop);

  if (wait.batch == NULL)
    {
      status = failure ("fetch", wait.error->message);
      g_clear_error (&wait.error);
      return status;
    }

  if (!fd_jsonl_write_file (fd_batch_get_records (wait.batch), options.output,
                            FD_TIME_NONE, FD_TIME_NONE, NULL, &error))
    {
      fd_batch_unref (wait.batch);
      return failure ("fetch", error->message);
    }

  fd_batch_unref (wait.batch);
  return FD_CLI_EXIT_OK;
}

int
fd_cli_act (int    argc,
            char **argv)
{
  g_auto(Options) options = { 0 };
  const GOptionEntry entries[] = {
    SOURCE_ENTRIES (options),
    { "duration", 0, 0, G_OPTION_ARG_STRING, &options.duration,
      "How long a silence lasts, e.g. 30m, 2h, 1d (default 1h to acknowledge, "
      "2h to silence)", "DURATION" },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &options.comment,
      "The silence's comment (default “Acknowledged in Flightdeck”)", "TEXT" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &options.author,
      "The silence's author (default your login name)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdAction) action = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  FdActionKind kind;
  FdTime now = g_get_real_time ();
  FdTime until = FD_TIME_NONE;
  Wait wait = { 0 };
  int status;

  g_set_prgname ("flightdeck-cli act");
  context = g_option_context_new ("ACTION TARGET_ID - act on a live source");
  g_option_context_set_summary (context,
                                "ACTION is one of acknowledge, silence, unsilence (Alertmanager), "
                                "promote, pause, resume, roll-back (Argo Rollouts).\n"
                                "TARGET_ID is an id as `flightdeck-cli fetch` wrote it "
                                "(unsilence also takes a silence id).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("act", error->message);

  if (argc != 3)
    return usage_error ("act", argc < 3 ? "ACTION and TARGET_ID are required"
                                        : "too many arguments: give one ACTION and one TARGET_ID");

  if (!fd_action_kind_from_nick (argv[1], &kind))
    {
      g_autofree char *message =
        g_strdup_printf ("unknown action “%s” (acknowledge, silence, unsilence, promote, "
                         "pause, resume, roll-back)", argv[1]);

      return usage_error ("act", message);
    }

  if (options.duration != NULL)
    {
      gint64 seconds;

      if (!fd_time_parse_duration (options.duration, &seconds))
        {
          g_autofree char *message =
            g_strdup_printf ("--duration “%s” is not a duration, e.g. 30m, 2h or 1d",
                             options.duration);

          return usage_error ("act", message);
        }
      until = now + seconds * G_USEC_PER_SEC;
    }

  config = make_config ("act", &options, &status);
  if (config == NULL)
    return status;

  source = fd_source_new_for_config (config, &error);
  if (source == NULL)
    return usage_error ("act", error->message);

  if (!FD_SOURCE_CAN (fd_source_get_capabilities (source), kind))
    {
      g_autofree char *message = g_strdup_printf ("%s sources cannot %s",
                                                  fd_source_kind_to_string (config->kind),
                                                  argv[1]);

      return usage_error ("act", message);
    }

  action = fd_action_new (kind, argv[2], now, until);
  fd_action_set_comment (action, options.comment);
  fd_action_set_author (action, options.author);

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  fd_source_apply_async (source, action, NULL, applied_cb, &wait);
  g_main_loop_run (loop);

  if (!wait.ok)
    {
      status = failure ("act", wait.error->message);
      g_clear_error (&wait.error);
      return status;
    }

  if (wait.result != NULL && *wait.result != '\0')
    printf ("%s\n", wait.result);
  g_free (wait.result);

  return FD_CLI_EXIT_OK;
}
