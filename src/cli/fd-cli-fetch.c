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
  g_clear_pointer (&options->source, g_free);
  g_clear_pointer (&options->base_url, g_free);
  g_clear_pointer (&options->token_env, g_free);
  g_clear_pointer (&options->since, g_free);
  g_clear_pointer (&options->environment_map, g_free);
  g_clear_pointer (&options->prometheus, g_free);
  g_clear_pointer (&options->ca_file, g_free);
  g_clear_pointer (&options->output, g_free);
  g_clear_pointer (&options->duration, g_free);
  g_clear_pointer (&options->comment, g_free);
  g_clear_pointer (&options->author, g_free);
}

/* The options live outside the command functions: the command tables below
 * give the same entries to --help, the man page and the completion. */
static Options fetch_options;
static Options act_options;

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

static const GOptionEntry fetch_entries[] = {
  SOURCE_ENTRIES (fetch_options),
  { "since", 0, 0, G_OPTION_ARG_STRING, &fetch_options.since,
    "Only what started or changed since this time (RFC 3339)", "TIME" },
  { "environment-map", 0, 0, G_OPTION_ARG_STRING, &fetch_options.environment_map,
    "Branch or job globs to environments, first match wins "
    "(default main=production,master=production,*=development)", "MAP" },
  { "prometheus", 0, 0, G_OPTION_ARG_STRING, &fetch_options.prometheus,
    "Prometheus root URL for canary samples (argo-rollouts)", "URL" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &fetch_options.output,
    "Write the events v1 JSON Lines here", "FILE.jsonl" },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry act_entries[] = {
  SOURCE_ENTRIES (act_options),
  { "duration", 0, 0, G_OPTION_ARG_STRING, &act_options.duration,
    "How long a silence lasts, e.g. 30m, 2h, 1d (default 1h to acknowledge, "
    "2h to silence)", "DURATION" },
  { "comment", 0, 0, G_OPTION_ARG_STRING, &act_options.comment,
    "The silence's comment (default “Acknowledged in Flightdeck”)", "TEXT" },
  { "author", 0, 0, G_OPTION_ARG_STRING, &act_options.author,
    "The silence's author (default your login name)", "NAME" },
  G_OPTION_ENTRY_NULL
};

static int
fetch_main (int    argc,
            char **argv)
{
  Options *options = &fetch_options;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FdSourceConfig) config = NULL;
  g_autoptr(FdSource) source = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  int status;

  context = fd_cli_context_new (&fd_cli_fetch_command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("fetch", error->message);
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf ("unexpected argument “%s”", argv[1]);

      return usage_error ("fetch", message);
    }
  if (options->output == NULL)
    return usage_error ("fetch", "-o FILE.jsonl is required");

  config = make_config ("fetch", options, &status);
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

  if (!fd_jsonl_write_file (fd_batch_get_records (wait.batch), options->output,
                            FD_TIME_NONE, FD_TIME_NONE, NULL, &error))
    {
      fd_batch_unref (wait.batch);
      return failure ("fetch", error->message);
    }

  fd_batch_unref (wait.batch);
  return FD_CLI_EXIT_OK;
}

static int
act_main (int    argc,
          char **argv)
{
  Options *options = &act_options;
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

  context = fd_cli_context_new (&fd_cli_act_command);
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

  if (options->duration != NULL)
    {
      gint64 seconds;

      if (!fd_time_parse_duration (options->duration, &seconds))
        {
          g_autofree char *message =
            g_strdup_printf ("--duration “%s” is not a duration, e.g. 30m, 2h or 1d",
                             options->duration);

          return usage_error ("act", message);
        }
      until = now + seconds * G_USEC_PER_SEC;
    }

  config = make_config ("act", options, &status);
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
  fd_action_set_comment (action, options->comment);
  fd_action_set_author (action, options->author);

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

static int
run_fetch (int    argc,
           char **argv)
{
  int status = fetch_main (argc, argv);

  options_clear (&fetch_options);
  return status;
}

static int
run_act (int    argc,
         char **argv)
{
  int status = act_main (argc, argv);

  options_clear (&act_options);
  return status;
}

/* The kinds that `fetch` and `act` reach over the network, as "kind:". */
static const char * const *
source_kinds (void)
{
  static const char * const *kinds;

  if (g_once_init_enter (&kinds))
    {
      GPtrArray *array = g_ptr_array_new ();

      for (FdSourceKind kind = FD_SOURCE_KIND_GITHUB; kind <= FD_SOURCE_KIND_ARGO_ROLLOUTS; kind++)
        g_ptr_array_add (array, g_strconcat (fd_source_kind_to_string (kind), ":", NULL));
      g_ptr_array_add (array, NULL);
      g_once_init_leave (&kinds, (const char * const *) g_ptr_array_free (array, FALSE));
    }

  return kinds;
}

static const char * const *
fetch_values (const char *name)
{
  return g_str_equal (name, "source") ? source_kinds () : NULL;
}

static const char * const act_actions[] = {
  "acknowledge", "silence", "unsilence", "promote", "pause", "resume", "roll-back", NULL
};

static const char * const *
act_values (const char *name)
{
  if (g_str_equal (name, "source"))
    return source_kinds ();
  if (g_str_equal (name, "ACTION"))
    return act_actions;
  return NULL;
}

static const char * const fetch_examples[] = {
  "GITHUB_TOKEN=… flightdeck-cli fetch --source github:octo-org/octo-repo "
  "--token-env GITHUB_TOKEN --since 2026-11-01T00:00:00Z -o runs.jsonl",
  "Writes the workflow runs and deployments of octo-org/octo-repo since 1 November 2026 "
  "to runs.jsonl.",
  NULL
};

const FdCliCommand fd_cli_fetch_command = {
  .name = "fetch",
  .run = run_fetch,
  .tagline = "fetch a live source as events v1 JSON Lines",
  .summary = "Fetch a live source (GitHub, GitLab, Jenkins, Alertmanager, Argo Rollouts) "
             "as JSON Lines",
  .details = "Writes what the source returns as events v1 JSON Lines, which "
             "“flightdeck-cli validate” accepts. Every record id starts with the source URI "
             "and a colon, so the ids of two sources never collide. Plain http:// is accepted "
             "only for loopback addresses; TLS certificates are always verified. A failure "
             "prints one line on stderr that names the cause, e.g. “authentication failed "
             "(HTTP 401)”.",
  .entries = fetch_entries,
  .values = fetch_values,
  .examples = fetch_examples,
};

static const char * const act_examples[] = {
  "flightdeck-cli act --source alertmanager: --base-url http://localhost:9093 "
  "silence ALERT_ID --duration 4h",
  "Silences the alert ALERT_ID (an id as “flightdeck-cli fetch” wrote it) for four hours "
  "and prints the new silence's id.",
  "flightdeck-cli act --source argo-rollouts:shop --base-url https://k8s.example.com:6443 "
  "--token-env KUBE_TOKEN --ca-file ca.pem promote ROLLOUT_ID",
  "Promotes the canary rollout ROLLOUT_ID to its next step.",
  NULL
};

const FdCliCommand fd_cli_act_command = {
  .name = "act",
  .run = run_act,
  .args = "ACTION TARGET_ID",
  .tagline = "act on a live source",
  .summary = "Acknowledge, silence, promote, pause, resume or roll back on a live source",
  .help = "ACTION is one of acknowledge, silence, unsilence (Alertmanager), "
          "promote, pause, resume, roll-back (Argo Rollouts).\n"
          "TARGET_ID is an id as `flightdeck-cli fetch` wrote it "
          "(unsilence also takes a silence id).",
  .details = "acknowledge and silence create an Alertmanager silence with one equality "
             "matcher per label of the alert and print its id; unsilence removes it, or every "
             "silence of an alert. resume is what promote does to a paused rollout.",
  .entries = act_entries,
  .values = act_values,
  .examples = act_examples,
};
