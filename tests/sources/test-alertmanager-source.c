/* test-alertmanager-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-alertmanager-source"

#include "config.h"

#include "fd-alertmanager-source.h"
#include "fd-metrics.h"
#include "fd-sources.h"
#include "fd-test-server.h"

#include <string.h>

/* Which poll the server answers: the alert fires, is silenced, is gone. */
static int stage = 1;
static int post_status = 200;
static GMutex lock;
static char *posted_body;
static GPtrArray *deleted;

#define ALERT_FIRING \
  "{\"annotations\": {\"summary\": \"5xx above 2 %% for 5 minutes\", \"runbook\": \"https://r\"}," \
  " \"endsAt\": \"2100-01-01T00:00:00.000Z\", \"fingerprint\": \"1b2c3d4e5f60718a\"," \
  " \"receivers\": [{\"name\": \"pager\"}], \"startsAt\": \"2026-11-20T10:00:00.000Z\"," \
  " \"status\": {\"inhibitedBy\": [], \"silencedBy\": %s, \"state\": \"%s\"}," \
  " \"updatedAt\": \"2026-11-20T10:00:30.000Z\", \"generatorURL\": \"http://prometheus/graph\"," \
  " \"labels\": {\"alertname\": \"HighErrorRate\", \"service\": \"checkout\", \"env\": \"staging\"," \
  " \"severity\": \"page\", \"instance\": \"10.0.0.1:8080\"}}"

#define OTHER_ALERTS \
  "{\"annotations\": {}, \"endsAt\": \"2026-11-20T11:00:00.000Z\", \"fingerprint\": \"aa\"," \
  " \"startsAt\": \"2026-11-20T09:00:00.000Z\", \"updatedAt\": \"2026-11-20T11:00:00.000Z\"," \
  " \"status\": {\"inhibitedBy\": [], \"silencedBy\": [], \"state\": \"active\"}," \
  " \"labels\": {\"alertname\": \"DiskFull\", \"job\": \"node\", \"environment\": \"dev\", \"severity\": \"error\"}}," \
  "{\"annotations\": {}, \"endsAt\": \"2100-01-01T00:00:00.000Z\", \"fingerprint\": \"bb\"," \
  " \"startsAt\": \"2026-11-20T09:30:00.000Z\", \"updatedAt\": \"2026-11-20T09:30:00.000Z\"," \
  " \"status\": {\"inhibitedBy\": [\"cc\"], \"silencedBy\": [], \"state\": \"suppressed\"}," \
  " \"labels\": {\"alertname\": \"Watchdog\", \"severity\": \"none\", \"team\": \"sre\"}}," \
  "{\"annotations\": {}, \"endsAt\": \"2100-01-01T00:00:00.000Z\", \"fingerprint\": \"cc\"," \
  " \"startsAt\": \"2026-11-20T09:40:00.000Z\", \"updatedAt\": \"2026-11-20T09:40:00.000Z\"," \
  " \"status\": {\"inhibitedBy\": [], \"silencedBy\": [], \"state\": \"unprocessed\"}," \
  " \"labels\": {\"alertname\": \"Odd\", \"severity\": \"bogus\", \"cluster\": \"eu\", \"svc\": \"pay\"}}"

#define SILENCE \
  "[{\"id\": \"d2e5f8a0-1111-4c4c-9e9e-000000000001\", \"status\": {\"state\": \"active\"}," \
  " \"updatedAt\": \"2026-11-20T10:06:00.000Z\", \"comment\": \"Acknowledged in Flightdeck\"," \
  " \"createdBy\": \"ana\", \"endsAt\": \"2026-11-20T11:06:00.000Z\"," \
  " \"startsAt\": \"2026-11-20T10:06:00.000Z\"," \
  " \"matchers\": [{\"isEqual\": true, \"isRegex\": false, \"name\": \"alertname\", \"value\": \"HighErrorRate\"}," \
  "              {\"isEqual\": false, \"isRegex\": true, \"name\": \"instance\", \"value\": \"10\\\\..*\"}]}]"

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  int current = g_atomic_int_get (&stage);

  if (g_str_equal (path, "/api/v2/alerts"))
    {
      g_autofree char *firing = NULL;
      g_autofree char *body = NULL;

      if (current == 1 || current == 4)
        firing = g_strdup_printf (ALERT_FIRING, "[]", "active");
      else if (current == 2)
        firing = g_strdup_printf (ALERT_FIRING, "[\"d2e5f8a0-1111-4c4c-9e9e-000000000001\"]",
                                  "suppressed");
      body = current == 3 ? g_strdup ("[" OTHER_ALERTS "]")
                          : g_strdup_printf ("[%s, " OTHER_ALERTS "]", firing);
      fd_test_server_reply (msg, 200, NULL, body);
    }
  else if (g_str_equal (path, "/api/v2/silences") && g_str_equal (method, "GET"))
    fd_test_server_reply (msg, 200, NULL, current >= 2 ? SILENCE : "[]");
  else if (g_str_equal (path, "/api/v2/silences") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      g_mutex_lock (&lock);
      g_free (posted_body);
      posted_body = g_strndup (body->data, body->length);
      g_mutex_unlock (&lock);
      if (g_atomic_int_get (&post_status) != 200)
        fd_test_server_reply (msg, g_atomic_int_get (&post_status), NULL,
                              "\"end time can't be in the past\"");
      else
        fd_test_server_reply (msg, 200, NULL,
                              "{\"silenceID\": \"d2e5f8a0-1111-4c4c-9e9e-000000000001\"}");
    }
  else if (g_str_has_prefix (path, "/api/v2/silence/") && g_str_equal (method, "DELETE"))
    {
      g_mutex_lock (&lock);
      g_ptr_array_add (deleted, g_strdup (path + strlen ("/api/v2/silence/")));
      g_mutex_unlock (&lock);
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/api/v2/status"))
    fd_test_server_reply (msg, 200, NULL,
                          current == 1 ? "{\"cluster\": {\"status\": \"settling\", \"peers\": []}}"
                                       : "{\"cluster\": {\"status\": \"ready\", \"peers\": []}}");
  else
    fd_test_server_reply (msg, 404, NULL, "{}");
}

static FdSource *
make_source (FdTestServer *server)
{
  g_autoptr(FdSourceConfig) config = fd_source_config_new ("alertmanager:", NULL);
  g_autoptr(GError) error = NULL;
  FdSource *source;

  config->base_url = g_strdup (fd_test_server_get_url (server));
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (FD_IS_ALERTMANAGER_SOURCE (source));

  return source;
}

#define HIGH_ERROR_RATE "alertmanager::1b2c3d4e5f60718a:2026-11-20T10:00:00.000Z"

static void
test_alertmanager_lifecycle (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) first = NULL;
  g_autoptr(FdBatch) second = NULL;
  g_autoptr(FdBatch) third = NULL;
  g_autoptr(FdBatch) unsilenced = NULL;
  g_autoptr(FdAction) ack = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *silence_id = NULL;
  FdSnapshot *records;
  const FdAlert *alert;
  FdSourceStatus *status;
  JsonObject *object;
  JsonArray *matchers;
  FdTime before, after, starts, ends;
  gsize n_alerts;

  deleted = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server);
  status = fd_source_get_status (source);
  g_assert_true (FD_SOURCE_CAN (fd_source_get_capabilities (source), FD_ACTION_ACKNOWLEDGE));
  g_assert_false (FD_SOURCE_CAN (fd_source_get_capabilities (source), FD_ACTION_RESOLVE));

  /* Poll 1: the alert fires. */
  g_atomic_int_set (&stage, 1);
  first = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (first);
  alert = fd_test_find_alert (records, HIGH_ERROR_RATE);
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->status, ==, FD_ALERT_FIRING);
  g_assert_cmpint (alert->severity, ==, FD_SEVERITY_CRITICAL);              /* page */
  g_assert_cmpstr (fd_snapshot_str (records, alert->name), ==, "HighErrorRate");
  g_assert_cmpstr (fd_snapshot_str (records, alert->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (records, alert->environment), ==, "staging");
  g_assert_cmpstr (fd_snapshot_str (records, alert->summary), ==, "5xx above 2 % for 5 minutes");
  g_assert_cmpint (alert->started_at, ==, fd_test_time ("2026-11-20T10:00:00Z"));
  g_assert_cmpint (alert->acknowledged_at, ==, FD_TIME_NONE);
  g_assert_cmpstr (fd_source_status_get_message (status), ==, "cluster settling");

  alert = fd_test_find_alert (records, "alertmanager::aa:2026-11-20T09:00:00.000Z");
  g_assert_cmpint (alert->status, ==, FD_ALERT_RESOLVED);                   /* endsAt past */
  g_assert_cmpint (alert->resolved_at, ==, fd_test_time ("2026-11-20T11:00:00Z"));
  g_assert_cmpint (alert->severity, ==, FD_SEVERITY_HIGH);                  /* error */
  g_assert_cmpstr (fd_snapshot_str (records, alert->service), ==, "node");  /* job */
  g_assert_cmpstr (fd_snapshot_str (records, alert->environment), ==, "dev");
  alert = fd_test_find_alert (records, "alertmanager::bb:2026-11-20T09:30:00.000Z");
  g_assert_cmpint (alert->status, ==, FD_ALERT_FIRING);                     /* only inhibited */
  g_assert_cmpint (alert->severity, ==, FD_SEVERITY_INFO);                  /* none */
  g_assert_cmpstr (fd_snapshot_str (records, alert->environment), ==, "production");
  alert = fd_test_find_alert (records, "alertmanager::cc:2026-11-20T09:40:00.000Z");
  g_assert_cmpint (alert->severity, ==, FD_SEVERITY_WARNING);               /* anything else */
  g_assert_cmpuint (fd_batch_get_silences (first)->len, ==, 0);

  /* The user acknowledges: one equality matcher per label. */
  ack = fd_action_new (FD_ACTION_ACKNOWLEDGE, HIGH_ERROR_RATE, 0, FD_TIME_NONE);
  fd_action_set_author (ack, "ana");
  before = g_get_real_time ();
  g_assert_true (fd_test_apply (source, ack, &silence_id, &error));
  after = g_get_real_time ();
  g_assert_no_error (error);
  g_assert_cmpstr (silence_id, ==, "d2e5f8a0-1111-4c4c-9e9e-000000000001");

  body = json_from_string (posted_body, &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "createdBy"), ==, "ana");
  g_assert_cmpstr (json_object_get_string_member (object, "comment"), ==, "Acknowledged in Flightdeck");
  matchers = json_object_get_array_member (object, "matchers");
  g_assert_cmpuint (json_array_get_length (matchers), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *matcher = json_array_get_object_element (matchers, i);

      g_assert_true (json_object_get_boolean_member (matcher, "isEqual"));
      g_assert_false (json_object_get_boolean_member (matcher, "isRegex"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (matchers, 0), "name"),
                   ==, "alertname");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (matchers, 0), "value"),
                   ==, "HighErrorRate");
  starts = fd_test_time (json_object_get_string_member (object, "startsAt"));
  ends = fd_test_time (json_object_get_string_member (object, "endsAt"));
  g_assert_cmpint (starts, >=, before - 1000);
  g_assert_cmpint (starts, <=, after);
  /* Acknowledge lasts 1 h by default. */
  g_assert_cmpint (ends - starts, >=, (gint64) 3600 * G_USEC_PER_SEC - 1000);
  g_assert_cmpint (ends - starts, <=, (gint64) 3600 * G_USEC_PER_SEC + 1000);

  /* Poll 2: suppressed by that silence: acknowledged when it started. */
  g_atomic_int_set (&stage, 2);
  second = fd_test_fetch (source, fd_batch_get_cursor (first), &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (second);
  alert = fd_test_find_alert (records, HIGH_ERROR_RATE);
  g_assert_cmpint (alert->status, ==, FD_ALERT_ACKNOWLEDGED);
  g_assert_cmpint (alert->acknowledged_at, ==, fd_test_time ("2026-11-20T10:06:00Z"));
  g_assert_null (fd_source_status_get_message (status));
  g_assert_cmpuint (fd_batch_get_silences (second)->len, ==, 1);
  {
    FdSilence *silence = g_ptr_array_index (fd_batch_get_silences (second), 0);
    const char *expected[] = { "alertname=HighErrorRate", "instance!~10\\..*", NULL };

    g_assert_cmpstr (silence->id, ==, "alertmanager::d2e5f8a0-1111-4c4c-9e9e-000000000001");
    g_assert_cmpstr (silence->created_by, ==, "ana");
    g_assert_cmpstr (silence->state, ==, "active");
    g_assert_cmpint (silence->ends_at, ==, fd_test_time ("2026-11-20T11:06:00Z"));
    g_assert_cmpstrv (silence->matchers, expected);
  }

  /* Poll 2b: someone removed the silence; the alert fires again, and the
   * acknowledgement it had stays. */
  g_atomic_int_set (&stage, 4);
  unsilenced = fd_test_fetch (source, fd_batch_get_cursor (second), &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (unsilenced);
  alert = fd_test_find_alert (records, HIGH_ERROR_RATE);
  g_assert_cmpint (alert->status, ==, FD_ALERT_FIRING);
  g_assert_cmpint (alert->acknowledged_at, ==, fd_test_time ("2026-11-20T10:06:00Z"));
  g_assert_cmpstr (fd_snapshot_str (records, alert->service), ==, "checkout");
  g_assert_cmpstr (fd_snapshot_str (records, alert->summary), ==, "5xx above 2 % for 5 minutes");
  fd_snapshot_get_alerts (records, &n_alerts);
  g_assert_cmpuint (n_alerts, ==, 4);

  /* Poll 3: gone from Alertmanager: resolved at this poll, acknowledgement kept. */
  g_atomic_int_set (&stage, 3);
  before = g_get_real_time ();
  third = fd_test_fetch (source, fd_batch_get_cursor (unsilenced), &error);
  after = g_get_real_time ();
  g_assert_no_error (error);
  records = fd_batch_get_records (third);
  alert = fd_test_find_alert (records, HIGH_ERROR_RATE);
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->status, ==, FD_ALERT_RESOLVED);
  g_assert_cmpint (alert->resolved_at, >=, before);
  g_assert_cmpint (alert->resolved_at, <=, after);
  g_assert_cmpint (alert->acknowledged_at, ==, fd_test_time ("2026-11-20T10:06:00Z"));
  g_assert_cmpstr (fd_snapshot_str (records, alert->service), ==, "checkout");

  /* MTTA and MTTR of that history. */
  {
    FdQuery query = { 0 };
    g_autoptr(FdMetrics) metrics = NULL;
    g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
    g_autoptr(FdSnapshot) history = NULL;
    FdAlert copy = *alert;

    copy.id = fd_snapshot_builder_intern (builder, "a");
    copy.name = copy.service = copy.environment = copy.id;
    copy.summary = FD_STR_NONE;
    fd_snapshot_builder_add_alert (builder, &copy);
    history = fd_snapshot_builder_end (g_steal_pointer (&builder));
    query.from = fd_test_time ("2026-11-20T00:00:00Z");
    query.to = fd_test_time ("2026-11-21T00:00:00Z");
    metrics = fd_metrics_compute (history, &query);
    g_assert_cmpfloat_with_epsilon (metrics->mtta_min, 6.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (metrics->mttr_min,
                                    (alert->resolved_at - alert->started_at) / 60e6, 1e-6);
  }

  g_clear_pointer (&deleted, g_ptr_array_unref);
}

static void
test_alertmanager_silence_and_unsilence (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdAction) silence = NULL;
  g_autoptr(FdAction) by_uuid = NULL;
  g_autoptr(FdAction) by_alert = NULL;
  g_autoptr(FdAction) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *made = NULL;
  g_autofree char *removed = NULL;
  const char *matchers[] = { "alertname=HighErrorRate", "instance=~10\\..*", "env!=prod",
                             "team!~ops|sre", NULL };
  const char *bad_matchers[] = { "=x", NULL };
  JsonArray *sent;
  JsonObject *m;
  FdTime starts, ends;

  deleted = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server);
  g_atomic_int_set (&stage, 2);

  /* Silence… with edited matchers, a comment and 30 minutes. */
  silence = fd_action_new (FD_ACTION_SILENCE, HIGH_ERROR_RATE, 0,
                           g_get_real_time () + (gint64) 30 * 60 * G_USEC_PER_SEC);
  fd_action_set_matchers (silence, matchers);
  fd_action_set_comment (silence, "deploy window");
  g_assert_true (fd_test_apply (source, silence, &made, &error));
  g_assert_no_error (error);
  body = json_from_string (posted_body, &error);
  sent = json_object_get_array_member (json_node_get_object (body), "matchers");
  g_assert_cmpuint (json_array_get_length (sent), ==, 4);
  m = json_array_get_object_element (sent, 1);
  g_assert_cmpstr (json_object_get_string_member (m, "name"), ==, "instance");
  g_assert_cmpstr (json_object_get_string_member (m, "value"), ==, "10\\..*");
  g_assert_true (json_object_get_boolean_member (m, "isRegex"));
  g_assert_true (json_object_get_boolean_member (m, "isEqual"));
  m = json_array_get_object_element (sent, 2);
  g_assert_false (json_object_get_boolean_member (m, "isRegex"));
  g_assert_false (json_object_get_boolean_member (m, "isEqual"));
  m = json_array_get_object_element (sent, 3);
  g_assert_true (json_object_get_boolean_member (m, "isRegex"));
  g_assert_false (json_object_get_boolean_member (m, "isEqual"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "comment"), ==,
                   "deploy window");
  starts = fd_test_time (json_object_get_string_member (json_node_get_object (body), "startsAt"));
  ends = fd_test_time (json_object_get_string_member (json_node_get_object (body), "endsAt"));
  g_assert_cmpint (ends - starts, >=, (gint64) 29 * 60 * G_USEC_PER_SEC);
  g_assert_cmpint (ends - starts, <=, (gint64) 31 * 60 * G_USEC_PER_SEC);

  bad = fd_action_new (FD_ACTION_SILENCE, HIGH_ERROR_RATE, 0, FD_TIME_NONE);
  fd_action_set_matchers (bad, bad_matchers);
  g_assert_false (fd_test_apply (source, bad, NULL, &error));
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The server's own words come back on a 422. */
  g_atomic_int_set (&post_status, 422);
  g_assert_false (fd_test_apply (source, silence, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT);
  g_assert_nonnull (strstr (error->message, "end time can't be in the past"));
  g_assert_nonnull (strstr (error->message, "422"));
  g_clear_error (&error);
  g_atomic_int_set (&post_status, 200);

  /* Unsilence by the silence's UUID, then by the alert it suppresses. */
  by_uuid = fd_action_new (FD_ACTION_UNSILENCE, "alertmanager::d2e5f8a0-1111-4c4c-9e9e-000000000001",
                           0, FD_TIME_NONE);
  g_assert_true (fd_test_apply (source, by_uuid, NULL, &error));
  g_assert_no_error (error);
  by_alert = fd_action_new (FD_ACTION_UNSILENCE, HIGH_ERROR_RATE, 0, FD_TIME_NONE);
  g_assert_true (fd_test_apply (source, by_alert, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (removed, ==, "d2e5f8a0-1111-4c4c-9e9e-000000000001");
  g_assert_cmpuint (deleted->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (deleted, 0), ==, "d2e5f8a0-1111-4c4c-9e9e-000000000001");

  g_clear_pointer (&deleted, g_ptr_array_unref);
}

static void
test_alertmanager_unknown_alert (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdAction) ack = fd_action_new (FD_ACTION_ACKNOWLEDGE,
                                           "alertmanager::ffff:2026-11-20T10:00:00.000Z", 0,
                                           FD_TIME_NONE);
  g_autoptr(FdAction) resolve = fd_action_new (FD_ACTION_RESOLVE, HIGH_ERROR_RATE, 0, FD_TIME_NONE);
  g_autoptr(GError) error = NULL;

  fd_test_server_add_handler (server, NULL, handler, server);
  source = make_source (server);
  g_atomic_int_set (&stage, 1);

  g_assert_false (fd_test_apply (source, ack, NULL, &error));
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fd_test_apply (source, resolve, NULL, &error));
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED);
}

static void
test_alertmanager_severity_and_matchers (void)
{
  const struct { const char *in; FdSeverity out; } severities[] = {
    { "critical", FD_SEVERITY_CRITICAL }, { "page", FD_SEVERITY_CRITICAL },
    { "high", FD_SEVERITY_HIGH }, { "error", FD_SEVERITY_HIGH },
    { "warning", FD_SEVERITY_WARNING }, { "info", FD_SEVERITY_INFO },
    { "none", FD_SEVERITY_INFO }, { "P1", FD_SEVERITY_WARNING }, { NULL, FD_SEVERITY_WARNING },
  };
  const char *bad[] = { "", "novalue", "=x", "!=x" };

  for (guint i = 0; i < G_N_ELEMENTS (severities); i++)
    g_assert_cmpint (fd_alertmanager_map_severity (severities[i].in), ==, severities[i].out);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_null (fd_alertmanager_parse_matcher (bad[i]));

  {
    g_autoptr(JsonNode) node = fd_alertmanager_parse_matcher ("path=/a=b");
    JsonObject *o = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "path");
    g_assert_cmpstr (json_object_get_string_member (o, "value"), ==, "/a=b");
  }
}

/* The fixtures: the shapes Alertmanager 0.27 answers with. */
static int fixture_mode;   /* 0: fixtures, 1: truncated alerts, 2: POST answers 400 */
static char *fixture_auth;

static void
fixture_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  g_autofree char *body = NULL;

  g_mutex_lock (&lock);
  if (auth == NULL || fixture_auth == NULL || !g_str_equal (auth, fixture_auth))
    {
      g_free (fixture_auth);
      fixture_auth = g_strdup (auth ? auth : "(none)");
    }
  g_mutex_unlock (&lock);

  if (g_str_equal (path, "/api/v2/alerts") && g_atomic_int_get (&fixture_mode) == 1)
    fd_test_server_reply (msg, 200, NULL, "[{\"annotations\": {}, \"fingerprint\": \"3f5b");
  else if (g_str_equal (path, "/api/v2/alerts"))
    {
      body = fd_test_server_load_data ("alertmanager-alerts.json");
      fd_test_server_reply (msg, 200, NULL, body);
    }
  else if (g_str_equal (path, "/api/v2/silences") && g_str_equal (method, "GET"))
    {
      body = fd_test_server_load_data ("alertmanager-silences.json");
      fd_test_server_reply (msg, 200, NULL, body);
    }
  else if (g_str_equal (path, "/api/v2/silences") && g_str_equal (method, "POST"))
    fd_test_server_reply (msg, 400, NULL,
                          "\"Failed to create silence: end time can't be in the past\"\n");
  else if (g_str_has_prefix (path, "/api/v2/silence/") && g_str_equal (method, "DELETE"))
    {
      g_mutex_lock (&lock);
      g_ptr_array_add (deleted, g_strdup (path + strlen ("/api/v2/silence/")));
      g_mutex_unlock (&lock);
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/api/v2/status"))
    {
      body = fd_test_server_load_data ("alertmanager-status.json");
      fd_test_server_reply (msg, 200, NULL, body);
    }
  else
    fd_test_server_reply (msg, 404, "text/plain", "404 page not found\n");
}

static void
check_alert (FdSnapshot    *records,
             const char    *id,
             FdAlertStatus  status,
             FdSeverity     severity,
             const char    *name,
             const char    *service,
             const char    *environment,
             const char    *summary,
             const char    *started_at,
             const char    *acknowledged_at,
             const char    *resolved_at)
{
  const FdAlert *alert = fd_test_find_alert (records, id);

  g_assert_nonnull (alert);
  g_assert_cmpint (alert->status, ==, status);
  g_assert_cmpint (alert->severity, ==, severity);
  g_assert_cmpstr (fd_snapshot_str (records, alert->name), ==, name);
  g_assert_cmpstr (fd_snapshot_str (records, alert->service), ==, service);
  g_assert_cmpstr (fd_snapshot_str (records, alert->environment), ==, environment);
  g_assert_cmpstr (fd_snapshot_str (records, alert->summary), ==, summary);
  g_assert_cmpint (alert->started_at, ==, fd_test_time (started_at));
  g_assert_cmpint (alert->acknowledged_at, ==,
                   acknowledged_at ? fd_test_time (acknowledged_at) : FD_TIME_NONE);
  g_assert_cmpint (alert->resolved_at, ==, resolved_at ? fd_test_time (resolved_at) : FD_TIME_NONE);
}

static void
test_alertmanager_fixtures (void)
{
  g_autoptr(FdTestServer) server = fd_test_server_new ();
  g_autoptr(FdSourceConfig) config = fd_source_config_new ("alertmanager:eu", NULL);
  g_autoptr(FdSource) source = NULL;
  g_autoptr(FdBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdAction) ack = NULL;
  g_autoptr(FdAction) unsilence = NULL;
  g_autofree char *removed = NULL;
  FdSnapshot *records;
  GPtrArray *silences;
  FdSilence *silence;
  gsize n;
  const char *expected_s1[] = { "alertname=KubePodCrashLooping", "pod=~checkout-.*", NULL };
  const char *expected_s3[] = { "env!=production", "team!~ops|sre", "job=node-exporter", NULL };

  deleted = g_ptr_array_new_with_free_func (g_free);
  fd_test_server_add_handler (server, NULL, fixture_handler, NULL);
  config->base_url = g_strdup (fd_test_server_get_url (server));
  config->service_label = g_strdup ("team");
  config->environment_label = g_strdup ("cluster_env");
  fd_source_config_set_token (config, "am-secret-token");
  source = fd_source_new_for_config (config, &error);
  g_assert_no_error (error);
  g_assert_true (fd_source_is_live (source));
  g_assert_cmpuint (fd_source_get_default_interval (source), ==, 30);
  g_assert_cmpstr (fd_source_get_uri (source), ==, "alertmanager:eu");

  g_atomic_int_set (&fixture_mode, 0);
  batch = fd_test_fetch (source, NULL, &error);
  g_assert_no_error (error);
  records = fd_batch_get_records (batch);
  fd_snapshot_get_alerts (records, &n);
  g_assert_cmpuint (n, ==, 5);

  /* Silenced before it fired: acknowledged when it fired. The label named
   * in the settings wins over "service" and "env". */
  check_alert (records, "alertmanager:eu:3f5b8a1c9d2e4f60:2026-11-20T09:58:12.345Z",
               FD_ALERT_ACKNOWLEDGED, FD_SEVERITY_CRITICAL, "KubePodCrashLooping", "payments",
               "staging", "Pod is crash looping.", "2026-11-20T09:58:12.345Z",
               "2026-11-20T09:58:12.345Z", NULL);
  /* No "team": "service", then "job"; no "cluster_env": "env". */
  check_alert (records, "alertmanager:eu:0a1b2c3d4e5f6a7b:2026-11-20T08:00:00Z",
               FD_ALERT_FIRING, FD_SEVERITY_WARNING, "NodeFilesystemAlmostFull", "node-exporter",
               "production", "Disk /var is 91% full.", "2026-11-20T08:00:00Z", NULL, NULL);
  /* Inhibited only: still firing; the id keeps startsAt as Alertmanager wrote it. */
  check_alert (records, "alertmanager:eu:77aa88bb99cc00dd:2026-11-20T09:30:00.000+01:00",
               FD_ALERT_FIRING, FD_SEVERITY_INFO, "NodeFilesystemFillingUp", "storage", "qa",
               NULL, "2026-11-20T08:30:00Z", NULL, NULL);
  /* Silenced after it fired: acknowledged when the silence started. */
  check_alert (records, "alertmanager:eu:5e6f7a8b9c0d1e2f:2026-11-20T10:00:00.000Z",
               FD_ALERT_ACKNOWLEDGED, FD_SEVERITY_HIGH, "HighLatency", "payments", "production",
               "p99 latency above 800 ms", "2026-11-20T10:00:00Z", "2026-11-20T10:30:00Z", NULL);
  /* endsAt in the past: resolved then. */
  check_alert (records, "alertmanager:eu:99ee88dd77cc66bb:2026-11-19T11:00:00.000Z",
               FD_ALERT_RESOLVED, FD_SEVERITY_CRITICAL, "CertificateExpired", "unknown",
               "production", "Certificate expired", "2026-11-19T11:00:00Z", NULL,
               "2026-11-19T12:05:00Z");

  silences = fd_batch_get_silences (batch);
  g_assert_nonnull (silences);
  g_assert_cmpuint (silences->len, ==, 3);
  silence = g_ptr_array_index (silences, 0);
  g_assert_cmpstr (silence->id, ==, "alertmanager:eu:0c9d4e1a-5b7f-4d3e-8a2b-6f1e0d9c8b7a");
  g_assert_cmpstr (silence->upstream_id, ==, "0c9d4e1a-5b7f-4d3e-8a2b-6f1e0d9c8b7a");
  g_assert_cmpstrv (silence->matchers, expected_s1);
  g_assert_cmpstr (silence->created_by, ==, "ana");
  g_assert_cmpstr (silence->comment, ==, "Known issue, fix rolling out");
  g_assert_cmpint (silence->starts_at, ==, fd_test_time ("2026-11-20T09:50:00Z"));
  g_assert_cmpint (silence->ends_at, ==, fd_test_time ("2026-11-20T13:50:00Z"));
  g_assert_cmpstr (silence->state, ==, "active");
  silence = g_ptr_array_index (silences, 2);
  g_assert_cmpstrv (silence->matchers, expected_s3);
  g_assert_cmpstr (silence->state, ==, "expired");
  g_assert_cmpstr (silence->created_by, ==, "ops-bot");

  /* Every request carried the token; the cluster is ready, so no remark. */
  g_mutex_lock (&lock);
  g_assert_cmpstr (fixture_auth, ==, "Bearer am-secret-token");
  g_mutex_unlock (&lock);
  g_assert_cmpint (fd_source_status_get_state (fd_source_get_status (source)), ==,
                   FD_SOURCE_STATE_OK);
  g_assert_null (fd_source_status_get_message (fd_source_get_status (source)));

  /* A 400 with Alertmanager's JSON string: its words, never the token. */
  ack = fd_action_new (FD_ACTION_ACKNOWLEDGE,
                       "alertmanager:eu:0a1b2c3d4e5f6a7b:2026-11-20T08:00:00Z", 0, FD_TIME_NONE);
  g_assert_false (fd_test_apply (source, ack, NULL, &error));
  g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_CLIENT);
  g_assert_cmpstr (error->message, ==,
                   "request rejected (HTTP 400): Failed to create silence: end time can't be in "
                   "the past");
  g_clear_error (&error);

  /* Unsilence an alert: every silence that suppresses it; then a bare UUID. */
  unsilence = fd_action_new (FD_ACTION_UNSILENCE,
                             "alertmanager:eu:3f5b8a1c9d2e4f60:2026-11-20T09:58:12.345Z", 0,
                             FD_TIME_NONE);
  g_assert_true (fd_test_apply (source, unsilence, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (removed, ==, "0c9d4e1a-5b7f-4d3e-8a2b-6f1e0d9c8b7a");
  g_clear_pointer (&removed, g_free);
  g_clear_pointer (&unsilence, fd_action_free);
  unsilence = fd_action_new (FD_ACTION_UNSILENCE, "e1f2a3b4-2222-4c5d-8e9f-0a1b2c3d4e5f", 0,
                             FD_TIME_NONE);
  g_assert_true (fd_test_apply (source, unsilence, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (removed, ==, "e1f2a3b4-2222-4c5d-8e9f-0a1b2c3d4e5f");
  g_assert_cmpuint (deleted->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (deleted, 1), ==, "e1f2a3b4-2222-4c5d-8e9f-0a1b2c3d4e5f");

  /* A body cut off mid-way fails the fetch with where it broke; the
   * status says so, and no record is made up. */
  g_atomic_int_set (&fixture_mode, 1);
  {
    g_autoptr(FdBatch) none = fd_test_fetch (source, fd_batch_get_cursor (batch), &error);

    g_assert_null (none);
    g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE);
    g_assert_true (g_str_has_prefix (error->message, "invalid JSON at byte "));
    g_assert_null (strstr (error->message, "am-secret-token"));
    g_assert_cmpstr (fd_source_status_get_message (fd_source_get_status (source)), ==,
                     error->message);
    g_clear_error (&error);
  }

  g_clear_pointer (&deleted, g_ptr_array_unref);
  g_clear_pointer (&fixture_auth, g_free);
  g_clear_object (&source);
}

static void
test_alertmanager_config_errors (void)
{
  const char *uris[] = { "alertmanager:", "alertmanager:a:b" };
  const char *bases[] = { NULL, "http://127.0.0.1:9093" };
  const char *remote = "http://alertmanager.example.com:9093";

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(FdSourceConfig) config = fd_source_config_new (uris[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(FdSource) source = NULL;

      config->base_url = g_strdup (bases[i]);
      source = fd_alertmanager_source_new (config, &error);
      g_assert_null (source);
      g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr(FdSourceConfig) config = fd_source_config_new ("alertmanager:", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(FdSource) source = NULL;

    /* Plain http only to this computer. */
    config->base_url = g_strdup (remote);
    source = fd_alertmanager_source_new (config, &error);
    g_assert_null (source);
    g_assert_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_INVALID_URL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/alertmanager-source/lifecycle", test_alertmanager_lifecycle);
  g_test_add_func ("/flightdeck/alertmanager-source/silence-and-unsilence",
                   test_alertmanager_silence_and_unsilence);
  g_test_add_func ("/flightdeck/alertmanager-source/unknown-alert", test_alertmanager_unknown_alert);
  g_test_add_func ("/flightdeck/alertmanager-source/severity-and-matchers",
                   test_alertmanager_severity_and_matchers);
  g_test_add_func ("/flightdeck/alertmanager-source/fixtures", test_alertmanager_fixtures);
  g_test_add_func ("/flightdeck/alertmanager-source/config-errors", test_alertmanager_config_errors);

  return g_test_run ();
}
