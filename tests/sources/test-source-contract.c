/* test-source-contract.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-source-contract"

#include "config.h"

#include "fd-source-settings.h"
#include "fd-sources.h"
#include "fd-time.h"

#include <string.h>

static void
test_config_parse (void)
{
  const struct { const char *uri; FdSourceKind kind; const char *locator; } ok[] = {
    { "github:octo-org/octo-repo", FD_SOURCE_KIND_GITHUB, "octo-org/octo-repo" },
    { "gitlab:group%2Fproject", FD_SOURCE_KIND_GITLAB, "group%2Fproject" },
    { "jenkins:shop/build", FD_SOURCE_KIND_JENKINS, "shop/build" },
    { "alertmanager:", FD_SOURCE_KIND_ALERTMANAGER, "" },
    { "argo-rollouts:prod", FD_SOURCE_KIND_ARGO_ROLLOUTS, "prod" },
  };
  const char *bad[] = { "github", ":x", "svn:trunk", "" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdSourceConfig) config = fd_source_config_new (ok[i].uri, &error);

      g_assert_no_error (error);
      g_assert_cmpint (config->kind, ==, ok[i].kind);
      g_assert_cmpstr (config->locator, ==, ok[i].locator);
      g_assert_cmpstr (config->uri, ==, ok[i].uri);
      g_assert_cmpint (config->since, ==, FD_TIME_NONE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdSourceConfig) config = fd_source_config_new (bad[i], &error);

      g_assert_null (config);
      g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_config_defaults_and_copy (void)
{
  g_autoptr(FdSourceConfig) github = fd_source_config_new ("github:o/r", NULL);
  g_autoptr(FdSourceConfig) gitlab = fd_source_config_new ("gitlab:42", NULL);
  g_autoptr(FdSourceConfig) jenkins = fd_source_config_new ("jenkins:a", NULL);
  g_autoptr(FdSourceConfig) copy = NULL;

  g_assert_cmpstr (fd_source_config_get_base_url (github), ==, "https://api.github.com");
  g_assert_cmpstr (fd_source_config_get_base_url (gitlab), ==, "https://gitlab.com/api/v4");
  g_assert_null (fd_source_config_get_base_url (jenkins));

  github->base_url = g_strdup ("https://ghe.example.com/api/v3");
  fd_source_config_set_token (github, "ghp_x");
  copy = fd_source_config_copy (github);
  g_assert_cmpstr (fd_source_config_get_base_url (copy), ==, "https://ghe.example.com/api/v3");
  g_assert_cmpstr (copy->token, ==, "ghp_x");
  fd_source_config_set_token (copy, "");
  g_assert_null (copy->token);
}

static void
test_environment_map (void)
{
  g_autoptr(FdEnvironmentMap) def = fd_environment_map_new (NULL, NULL);
  g_autoptr(FdEnvironmentMap) custom = NULL;
  g_autoptr(GError) error = NULL;
  FdEnvironmentMap *bad;

  g_assert_cmpstr (fd_environment_map_lookup (def, "main"), ==, "production");
  g_assert_cmpstr (fd_environment_map_lookup (def, "master"), ==, "production");
  g_assert_cmpstr (fd_environment_map_lookup (def, "feature/x"), ==, "development");
  g_assert_cmpstr (fd_environment_map_lookup (def, NULL), ==, "development");

  custom = fd_environment_map_new ("release/*=staging, main=production, shop/*=qa", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_environment_map_lookup (custom, "release/1.2"), ==, "staging");
  g_assert_cmpstr (fd_environment_map_lookup (custom, "main"), ==, "production");
  g_assert_cmpstr (fd_environment_map_lookup (custom, "shop/build"), ==, "qa");
  /* Nothing matched and no catch-all: development. */
  g_assert_cmpstr (fd_environment_map_lookup (custom, "dev"), ==, "development");

  bad = fd_environment_map_new ("main", &error);
  g_assert_null (bad);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
}

static void
test_batch (void)
{
  const char *gone[] = { "github:o/r:run:1", NULL };
  g_autoptr(GBytes) cursor = g_bytes_new_static ("c", 1);
  g_autoptr(FdBatch) empty = fd_batch_new ("github:o/r", NULL, NULL, NULL);
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  FdAlert alert = { 0 };

  g_assert_true (fd_batch_is_empty (empty));
  g_assert_null (fd_batch_get_cursor (empty));
  g_assert_null (fd_batch_get_gone (empty)[0]);

  alert.id = fd_snapshot_builder_intern (builder, "github:o/r:alert:1");
  alert.name = fd_snapshot_builder_intern (builder, "X");
  alert.service = alert.name;
  alert.environment = alert.name;
  alert.started_at = 1000;
  alert.acknowledged_at = FD_TIME_NONE;
  alert.resolved_at = FD_TIME_NONE;
  fd_snapshot_builder_add_alert (builder, &alert);
  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));

  batch = fd_batch_new ("github:o/r", snapshot, gone, cursor);
  g_assert_false (fd_batch_is_empty (batch));
  g_assert_cmpuint (fd_batch_get_n_records (batch), ==, 1);
  g_assert_cmpstr (fd_batch_get_gone (batch)[0], ==, "github:o/r:run:1");
  g_assert_true (fd_batch_get_cursor (batch) == cursor);
  g_assert_cmpstr (fd_batch_get_source_uri (batch), ==, "github:o/r");
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_status (void)
{
  g_autoptr(FdSourceStatus) status = fd_source_status_new ();
  g_autofree char *text = NULL;
  g_autofree char *limited = NULL;
  guint notifies = 0;

  g_signal_connect (status, "notify", G_CALLBACK (notify_count_cb), &notifies);

  g_assert_cmpint (fd_source_status_get_state (status), ==, FD_SOURCE_STATE_NEW);
  fd_source_status_set_state (status, FD_SOURCE_STATE_NEW);
  g_assert_cmpuint (notifies, ==, 0);
  fd_source_status_set_state (status, FD_SOURCE_STATE_ERROR);
  g_assert_cmpuint (notifies, ==, 1);
  fd_source_status_set_message (status, "authentication failed (HTTP 401)");
  fd_source_status_set_message (status, "authentication failed (HTTP 401)");
  g_assert_cmpuint (notifies, ==, 2);
  text = fd_source_status_describe (status, FALSE);
  g_assert_cmpstr (text, ==, "error: authentication failed (HTTP 401)");

  fd_source_status_set_state (status, FD_SOURCE_STATE_RATE_LIMITED);
  /* 2100-01-01T09:14:00Z */
  fd_source_status_set_retry_at (status, G_GINT64_CONSTANT (4102478040) * G_USEC_PER_SEC);
  fd_source_status_set_retry_at (status, G_GINT64_CONSTANT (4102478040) * G_USEC_PER_SEC);
  g_assert_cmpuint (notifies, ==, 4);
  limited = fd_source_status_describe (status, FALSE);
  g_assert_cmpstr (limited, ==, "rate limited until 2100-01-01 09:14:00 UTC");

  g_assert_finalize_object (g_steal_pointer (&status));
}

static void
test_action_nicks_and_duration (void)
{
  const char *nicks[] = { "acknowledge", "silence", "unsilence", "promote", "pause", "resume",
                          "roll-back", "resolve" };
  FdActionKind kind;
  gint64 seconds = 0;

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    {
      g_assert_true (fd_action_kind_from_nick (nicks[i], &kind));
      g_assert_cmpstr (fd_action_kind_to_nick (kind), ==, nicks[i]);
    }
  g_assert_false (fd_action_kind_from_nick ("abort", &kind));

  g_assert_true (fd_time_parse_duration ("2h", &seconds));
  g_assert_cmpint (seconds, ==, 7200);
  g_assert_true (fd_time_parse_duration ("1h30m", &seconds));
  g_assert_cmpint (seconds, ==, 5400);
  g_assert_true (fd_time_parse_duration ("90s", &seconds));
  g_assert_cmpint (seconds, ==, 90);
  g_assert_true (fd_time_parse_duration ("1d", &seconds));
  g_assert_cmpint (seconds, ==, 86400);
  g_assert_true (fd_time_parse_duration ("600", &seconds));
  g_assert_cmpint (seconds, ==, 600);
  g_assert_false (fd_time_parse_duration ("0m", &seconds));
  g_assert_false (fd_time_parse_duration ("1h30", &seconds));
  g_assert_false (fd_time_parse_duration ("-5m", &seconds));
  g_assert_false (fd_time_parse_duration ("2 h", &seconds));
  g_assert_false (fd_time_parse_duration ("9999d", &seconds));
}

static void
test_action_copy (void)
{
  const char *matchers[] = { "alertname=X", "env=~prod.*", NULL };
  g_autoptr(FdAction) action = fd_action_new (FD_ACTION_SILENCE, "alertmanager::fp:t", 1, 2);
  g_autoptr(FdAction) copy = NULL;

  fd_action_set_comment (action, "deploy window");
  fd_action_set_author (action, "ana");
  fd_action_set_matchers (action, matchers);
  copy = fd_action_copy (action);
  g_assert_cmpstr (copy->comment, ==, "deploy window");
  g_assert_cmpstr (copy->author, ==, "ana");
  g_assert_cmpstrv (copy->matchers, matchers);
  g_assert_cmpint (copy->until, ==, 2);
}

static void
test_unsupported_kind (void)
{
  g_autoptr(FdSourceConfig) config = fd_source_config_new ("github:o/r", NULL);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->kind = FD_SOURCE_KIND_INVALID;
  source = fd_source_new_for_config (config, &error);
  g_assert_null (source);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED);
}

static void
test_settings_round_trip (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) configs = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_source_config_free);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GVariant) stored = NULL;
  g_autofree char *text = NULL;
  FdSourceConfig *github = fd_source_config_new ("github:octo/app", NULL);
  FdSourceConfig *argo = fd_source_config_new ("argo-rollouts:prod", NULL);
  FdSourceConfig *got;

  github->base_url = g_strdup ("https://ghe.example.com/api/v3");
  github->environment_map = g_strdup ("release/*=staging,*=development");
  github->interval_s = 120;
  github->enabled = FALSE;
  fd_source_config_set_token (github, "ghp_secret_never_stored");
  argo->base_url = g_strdup ("https://k8s.example.com:6443");
  argo->prometheus_url = g_strdup ("http://127.0.0.1:9090");
  argo->query_latency = g_strdup ("my_quantile{q=\"$Q\",h=\"$HASH\"}");
  g_ptr_array_add (configs, github);
  g_ptr_array_add (configs, argo);

  fd_source_settings_save (settings, configs);

  stored = g_settings_get_value (settings, "sources");
  text = g_variant_print (stored, FALSE);
  g_assert_null (strstr (text, "ghp_secret_never_stored"));

  loaded = fd_source_settings_load (settings, &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (loaded->len, ==, 2);
  got = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (got->uri, ==, "github:octo/app");
  g_assert_cmpint (got->kind, ==, FD_SOURCE_KIND_GITHUB);
  g_assert_cmpstr (got->base_url, ==, "https://ghe.example.com/api/v3");
  g_assert_cmpstr (got->environment_map, ==, "release/*=staging,*=development");
  g_assert_cmpuint (got->interval_s, ==, 120);
  g_assert_false (got->enabled);
  g_assert_null (got->token);
  got = g_ptr_array_index (loaded, 1);
  g_assert_cmpstr (got->prometheus_url, ==, "http://127.0.0.1:9090");
  g_assert_cmpstr (got->query_latency, ==, "my_quantile{q=\"$Q\",h=\"$HASH\"}");
  g_assert_true (got->enabled);

  g_settings_reset (settings, "sources");
}

static void
test_settings_bad_entries (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GVariant) value = NULL;

  value = g_variant_parse (G_VARIANT_TYPE ("aa{sv}"),
                           "[{'uri': <'github:o/r'>},"
                           " {'uri': <'svn:trunk'>},"
                           " {'base-url': <'https://x'>},"
                           " {'uri': <'gitlab:1'>, 'base-url': <'http://gitlab.example.com'>},"
                           " {'uri': <'jenkins:a'>, 'interval': <uint32 1>},"
                           " {'uri': <'jenkins:b'>, 'environment-map': <'main'>},"
                           " {'uri': <'github:o/r'>}]",
                           NULL, NULL, NULL);
  g_assert_nonnull (value);
  g_settings_set_value (settings, "sources", value);

  loaded = fd_source_settings_load (settings, &problems);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpstr (((FdSourceConfig *) g_ptr_array_index (loaded, 0))->uri, ==, "github:o/r");
  g_assert_cmpuint (problems->len, ==, 6);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "svn"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 2), "plain http"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 3), "interval"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 5), "twice"));

  g_settings_reset (settings, "sources");
}

/* win.apply carries a whole action as a{sv}: nothing may be lost on the way. */
static void
test_action_variant (void)
{
  static const char * const matchers[] = { "alertname=HighLatency", "env=~prod.*", NULL };
  g_autoptr(FdAction) action = fd_action_new (FD_ACTION_SILENCE, "alertmanager:http://am:fp:1",
                                              1000, 2000);
  g_autoptr(FdAction) back = NULL;
  g_autoptr(FdAction) plain = NULL;
  g_autoptr(FdAction) plain_back = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) plain_variant = NULL;
  g_autoptr(GVariant) bad = NULL;
  GVariantBuilder builder;

  fd_action_set_comment (action, "Deploy in progress");
  fd_action_set_author (action, "Jo");
  fd_action_set_matchers (action, matchers);
  variant = g_variant_ref_sink (fd_action_to_variant (action));
  g_assert_true (g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT));

  back = fd_action_new_from_variant (variant);
  g_assert_nonnull (back);
  g_assert_cmpint (back->kind, ==, FD_ACTION_SILENCE);
  g_assert_cmpstr (back->target_id, ==, "alertmanager:http://am:fp:1");
  g_assert_cmpint (back->at, ==, 1000);
  g_assert_cmpint (back->until, ==, 2000);
  g_assert_cmpstr (back->comment, ==, "Deploy in progress");
  g_assert_cmpstr (back->author, ==, "Jo");
  g_assert_cmpstrv (back->matchers, matchers);

  /* Unset fields stay unset, so the source's defaults apply. */
  plain = fd_action_new (FD_ACTION_ROLL_BACK, "argo-rollouts:https://k8s:ns/web:abc", 5, FD_TIME_NONE);
  plain_variant = g_variant_ref_sink (fd_action_to_variant (plain));
  plain_back = fd_action_new_from_variant (plain_variant);
  g_assert_cmpint (plain_back->kind, ==, FD_ACTION_ROLL_BACK);
  g_assert_cmpint (plain_back->until, ==, FD_TIME_NONE);
  g_assert_null (plain_back->comment);
  g_assert_null (plain_back->author);
  g_assert_null (plain_back->matchers);

  /* No known kind, or no target: no action. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "kind", g_variant_new_string ("reboot"));
  g_variant_builder_add (&builder, "{sv}", "target", g_variant_new_string ("x"));
  bad = g_variant_ref_sink (g_variant_builder_end (&builder));
  g_assert_null (fd_action_new_from_variant (bad));
  g_clear_pointer (&bad, g_variant_unref);
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "kind", g_variant_new_string ("promote"));
  bad = g_variant_ref_sink (g_variant_builder_end (&builder));
  g_assert_null (fd_action_new_from_variant (bad));
  g_clear_pointer (&bad, g_variant_unref);
  bad = g_variant_ref_sink (g_variant_new_string ("promote"));
  g_assert_null (fd_action_new_from_variant (bad));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/source-contract/config-parse", test_config_parse);
  g_test_add_func ("/flightdeck/source-contract/config-defaults-and-copy",
                   test_config_defaults_and_copy);
  g_test_add_func ("/flightdeck/source-contract/environment-map", test_environment_map);
  g_test_add_func ("/flightdeck/source-contract/batch", test_batch);
  g_test_add_func ("/flightdeck/source-contract/action-variant", test_action_variant);
  g_test_add_func ("/flightdeck/source-contract/status", test_status);
  g_test_add_func ("/flightdeck/source-contract/action-nicks-and-duration",
                   test_action_nicks_and_duration);
  g_test_add_func ("/flightdeck/source-contract/action-copy", test_action_copy);
  g_test_add_func ("/flightdeck/source-contract/unsupported-kind", test_unsupported_kind);
  g_test_add_func ("/flightdeck/source-contract/settings-round-trip", test_settings_round_trip);
  g_test_add_func ("/flightdeck/source-contract/settings-bad-entries", test_settings_bad_entries);

  return g_test_run ();
}
