/* fd-alertmanager-source.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-alertmanager-source"

#include "config.h"

#include "fd-alertmanager-source.h"
#include "fd-json.h"
#include "fd-source-util.h"
#include "fd-time.h"

#include <string.h>

#define ACKNOWLEDGE_DEFAULT_S (60 * 60)
#define SILENCE_DEFAULT_S     (2 * 60 * 60)
#define DEFAULT_COMMENT       "Acknowledged in Flightdeck"

struct _FdAlertmanagerSource
{
  FdLiveSource parent_instance;
};

G_DEFINE_FINAL_TYPE (FdAlertmanagerSource, fd_alertmanager_source, FD_TYPE_LIVE_SOURCE)

FdSeverity
fd_alertmanager_map_severity (const char *label)
{
  if (g_strcmp0 (label, "critical") == 0 || g_strcmp0 (label, "page") == 0)
    return FD_SEVERITY_CRITICAL;
  if (g_strcmp0 (label, "high") == 0 || g_strcmp0 (label, "error") == 0)
    return FD_SEVERITY_HIGH;
  if (g_strcmp0 (label, "info") == 0 || g_strcmp0 (label, "none") == 0)
    return FD_SEVERITY_INFO;

  return FD_SEVERITY_WARNING;
}

static const char *
label (JsonObject *labels,
       const char *name)
{
  const char *value = fd_json_get_string (labels, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* The array element as a string, or NULL. */
static const char *
string_element (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The earliest start of the silences that suppress the alert, or NONE. */
static FdTime
silenced_since (JsonArray *silenced_by,
                JsonArray *silences)
{
  FdTime earliest = FD_TIME_NONE;

  for (guint i = 0; silenced_by != NULL && i < json_array_get_length (silenced_by); i++)
    {
      const char *id = string_element (silenced_by, i);

      for (guint k = 0; id != NULL && silences != NULL && k < json_array_get_length (silences);
           k++)
        {
          JsonObject *silence = fd_json_array_get_object (silences, k);
          FdTime starts;

          if (g_strcmp0 (fd_json_get_string (silence, "id"), id) != 0)
            continue;
          starts = fd_json_get_time (silence, "startsAt");
          if (starts != FD_TIME_NONE)
            earliest = earliest == FD_TIME_NONE ? starts : MIN (earliest, starts);
        }
    }

  return earliest;
}

gboolean
fd_alertmanager_map_alert (FdSnapshotBuilder    *builder,
                           const FdSourceConfig *config,
                           JsonObject           *alert,
                           JsonArray            *silences,
                           FdTime                now)
{
  JsonObject *labels = fd_json_get_object (alert, "labels");
  JsonObject *annotations = fd_json_get_object (alert, "annotations");
  JsonObject *status = fd_json_get_object (alert, "status");
  JsonArray *silenced_by = fd_json_get_array (status, "silencedBy");
  const char *fingerprint = fd_json_get_string (alert, "fingerprint");
  const char *starts_text = fd_json_get_string (alert, "startsAt");
  const char *state = fd_json_get_string (status, "state");
  const char *service = NULL;
  const char *environment = NULL;
  const char *name = label (labels, "alertname");
  g_autofree char *id = NULL;
  FdAlert record = { 0 };
  FdTime ends_at;

  if (fingerprint == NULL || starts_text == NULL)
    return FALSE;

  record.started_at = fd_json_get_time (alert, "startsAt");
  if (record.started_at == FD_TIME_NONE)
    return FALSE;

  if (config->service_label != NULL)
    service = label (labels, config->service_label);
  if (service == NULL)
    service = label (labels, "service");
  if (service == NULL)
    service = label (labels, "job");
  if (config->environment_label != NULL)
    environment = label (labels, config->environment_label);
  if (environment == NULL)
    environment = label (labels, "env");
  if (environment == NULL)
    environment = label (labels, "environment");

  record.severity = fd_alertmanager_map_severity (label (labels, "severity"));
  record.acknowledged_at = FD_TIME_NONE;
  record.resolved_at = FD_TIME_NONE;
  record.status = FD_ALERT_FIRING;

  /* Suppressed by a silence is acknowledged; suppressed only by an
   * inhibition is still firing. */
  if (g_strcmp0 (state, "suppressed") == 0 && silenced_by != NULL &&
      json_array_get_length (silenced_by) > 0)
    {
      FdTime since = silenced_since (silenced_by, silences);

      record.status = FD_ALERT_ACKNOWLEDGED;
      record.acknowledged_at = since != FD_TIME_NONE ? MAX (since, record.started_at)
                                                     : MAX (now, record.started_at);
    }

  ends_at = fd_json_get_time (alert, "endsAt");
  if (ends_at != FD_TIME_NONE && ends_at <= now)
    {
      record.status = FD_ALERT_RESOLVED;
      record.resolved_at = MAX (ends_at, record.started_at);
      if (record.acknowledged_at != FD_TIME_NONE)
        record.acknowledged_at = MIN (record.acknowledged_at, record.resolved_at);
    }

  id = g_strdup_printf ("%s:%s:%s", config->uri, fingerprint, starts_text);
  record.id = fd_snapshot_builder_intern (builder, id);
  record.name = fd_snapshot_builder_intern (builder, name ? name : "alert");
  record.service = fd_snapshot_builder_intern (builder, service ? service : "unknown");
  record.environment = fd_snapshot_builder_intern (builder,
                                                   environment ? environment : "production");
  record.summary = fd_source_intern (builder, fd_json_get_string (annotations, "summary"));
  fd_snapshot_builder_add_alert (builder, &record);

  return TRUE;
}

static char *
matcher_text (JsonObject *matcher)
{
  const char *name = fd_json_get_string (matcher, "name");
  const char *value = fd_json_get_string (matcher, "value");
  gboolean regex = FALSE, equal = TRUE;

  if (name == NULL || value == NULL)
    return NULL;
  fd_json_get_bool (matcher, "isRegex", &regex);
  fd_json_get_bool (matcher, "isEqual", &equal);

  return g_strdup_printf ("%s%s%s", name,
                          equal ? (regex ? "=~" : "=") : (regex ? "!~" : "!="), value);
}

FdSilence *
fd_alertmanager_map_silence (const char *uri,
                             JsonObject *silence)
{
  const char *upstream = fd_json_get_string (silence, "id");
  JsonArray *matchers = fd_json_get_array (silence, "matchers");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  FdSilence *result;

  if (upstream == NULL)
    return NULL;

  for (guint i = 0; matchers != NULL && i < json_array_get_length (matchers); i++)
    {
      char *text = matcher_text (fd_json_array_get_object (matchers, i));

      if (text != NULL)
        g_ptr_array_add (texts, text);
    }
  g_ptr_array_add (texts, NULL);

  result = fd_silence_new ();
  result->id = g_strdup_printf ("%s:%s", uri, upstream);
  result->upstream_id = g_strdup (upstream);
  result->matchers = (char **) g_ptr_array_steal (texts, NULL);
  result->created_by = g_strdup (fd_json_get_string (silence, "createdBy"));
  result->comment = g_strdup (fd_json_get_string (silence, "comment"));
  result->starts_at = fd_json_get_time (silence, "startsAt");
  result->ends_at = fd_json_get_time (silence, "endsAt");
  result->state = g_strdup (fd_json_get_string (fd_json_get_object (silence, "status"), "state"));

  return result;
}

JsonNode *
fd_alertmanager_parse_matcher (const char *text)
{
  const char *ops[] = { "!=", "=~", "!~", "=" };
  g_autoptr(JsonBuilder) builder = NULL;

  if (text == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      const char *at = strstr (text, ops[i]);
      g_autofree char *name = NULL;

      /* The first operator in the text wins ("a=b!=c" is a = "b!=c"). */
      if (at == NULL)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (ops); k++)
        {
          const char *other = strstr (text, ops[k]);

          if (other != NULL && other < at)
            at = NULL;
        }
      if (at == NULL || at == text)
        continue;

      name = g_strstrip (g_strndup (text, at - text));
      if (*name == '\0')
        return NULL;

      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, at + strlen (ops[i]));
      json_builder_set_member_name (builder, "isRegex");
      json_builder_add_boolean_value (builder, ops[i][1] == '~');
      json_builder_set_member_name (builder, "isEqual");
      json_builder_add_boolean_value (builder, ops[i][0] != '!');
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }

  return NULL;
}

/* ---- Fetching ---- */

static JsonArray *
get_list (FdHttpClient  *client,
          const char    *base,
          const char    *path,
          JsonNode     **out_root,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *url = fd_http_join_url (base, path);
  JsonNode *root = fd_http_client_get_json (client, url, NULL, NULL, cancellable, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      json_node_unref (root);
      g_set_error (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                   "unexpected answer from %s: not a list (is this Alertmanager's API v2?)", path);
      return NULL;
    }

  *out_root = root;
  return json_node_get_array (root);
}

/* What the cursor keeps of each alert, to resolve it when it disappears. */
static JsonObject *
remember (FdSnapshot          *records,
          const FdAlert       *alert)
{
  JsonObject *kept = json_object_new ();

  json_object_set_string_member (kept, "name", fd_snapshot_str (records, alert->name));
  json_object_set_string_member (kept, "service", fd_snapshot_str (records, alert->service));
  json_object_set_string_member (kept, "environment",
                                 fd_snapshot_str (records, alert->environment));
  if (alert->summary != FD_STR_NONE)
    json_object_set_string_member (kept, "summary", fd_snapshot_str (records, alert->summary));
  json_object_set_int_member (kept, "severity", alert->severity);
  json_object_set_int_member (kept, "started_at", alert->started_at);
  if (alert->acknowledged_at != FD_TIME_NONE)
    json_object_set_int_member (kept, "acknowledged_at", alert->acknowledged_at);

  return kept;
}

static void
add_resolved (FdSnapshotBuilder *builder,
              const char        *id,
              JsonObject        *kept,
              FdTime             now)
{
  FdAlert record = { 0 };
  gint64 value;
  const char *summary = fd_json_get_string (kept, "summary");

  record.id = fd_snapshot_builder_intern (builder, id);
  record.name = fd_snapshot_builder_intern (builder, fd_json_get_string (kept, "name") ?: "alert");
  record.service = fd_snapshot_builder_intern (builder,
                                               fd_json_get_string (kept, "service") ?: "unknown");
  record.environment = fd_snapshot_builder_intern (builder,
                                                   fd_json_get_string (kept, "environment")
                                                   ?: "production");
  record.summary = fd_source_intern (builder, summary);
  record.severity = fd_json_get_int (kept, "severity", &value) && value >= 0 &&
                    value < FD_SEVERITY_N ? (guint8) value : FD_SEVERITY_WARNING;
  record.started_at = fd_json_get_int (kept, "started_at", &value) ? value : now;
  record.acknowledged_at = fd_json_get_int (kept, "acknowledged_at", &value) ? value : FD_TIME_NONE;
  record.status = FD_ALERT_RESOLVED;
  record.resolved_at = MAX (now, record.started_at);
  fd_snapshot_builder_add_alert (builder, &record);
}

static FdBatch *
fd_alertmanager_source_fetch_sync (FdLiveSource  *live,
                                   FdHttpClient  *client,
                                   GBytes        *cursor,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  const FdSourceConfig *config = fd_live_source_get_config (live);
  const char *base = fd_source_config_get_base_url (config);
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshotBuilder) resolved = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) old = fd_source_cursor_parse (cursor);
  g_autoptr(JsonObject) next = json_object_new ();
  g_autoptr(JsonNode) alerts_root = NULL;
  g_autoptr(JsonNode) silences_root = NULL;
  g_autoptr(FdSnapshot) current = NULL;
  g_autoptr(FdSnapshot) all = NULL;
  g_autoptr(GBytes) next_bytes = NULL;
  g_autoptr(GPtrArray) silence_items = NULL;
  JsonObject *old_open = fd_json_get_object (old, "open");
  JsonObject *open = json_object_new ();
  JsonArray *alerts, *silences;
  const FdAlert *records;
  FdBatch *batch;
  FdTime now = g_get_real_time ();
  gsize n;

  json_object_set_object_member (next, "open", open);

  alerts = get_list (client, base, "api/v2/alerts", &alerts_root, cancellable, error);
  if (alerts == NULL)
    return NULL;
  silences = get_list (client, base, "api/v2/silences", &silences_root, cancellable, error);
  if (silences == NULL)
    return NULL;

  /* The cluster's state is a remark, not a failure: an old Alertmanager
   * without /status still shows its alerts. */
  {
    g_autofree char *url = fd_http_join_url (base, "api/v2/status");
    g_autoptr(JsonNode) status = fd_http_client_get_json (client, url, NULL, NULL, cancellable,
                                                          NULL);
    JsonObject *cluster = status && JSON_NODE_HOLDS_OBJECT (status)
                          ? fd_json_get_object (json_node_get_object (status), "cluster") : NULL;
    const char *state = fd_json_get_string (cluster, "status");

    if (state != NULL && g_strcmp0 (state, "ready") != 0 && g_strcmp0 (state, "disabled") != 0)
      {
        g_autofree char *note = g_strdup_printf ("cluster %s", state);

        fd_live_source_set_note (live, note);
      }
    else
      fd_live_source_set_note (live, NULL);
  }

  for (guint i = 0; i < json_array_get_length (alerts); i++)
    {
      JsonObject *alert = fd_json_array_get_object (alerts, i);

      if (alert != NULL)
        fd_alertmanager_map_alert (builder, config, alert, silences, now);
    }
  current = fd_snapshot_builder_end (g_steal_pointer (&builder));

  /* Alerts still open are kept in the cursor; one missing now was resolved
   * at this poll. */
  records = fd_snapshot_get_alerts (current, &n);
  resolved = fd_snapshot_builder_new_from (current);
  for (gsize i = 0; i < n; i++)
    {
      const char *id = fd_snapshot_str (current, records[i].id);
      JsonObject *before = fd_json_get_object (old_open, id);
      FdAlert record = records[i];
      gint64 acknowledged_at;

      g_hash_table_add (present, (gpointer) id);

      /* An acknowledgement stays a fact when its silence is removed or
       * expires while the alert still fires (MTTA counts it). */
      if (record.acknowledged_at == FD_TIME_NONE &&
          fd_json_get_int (before, "acknowledged_at", &acknowledged_at) &&
          acknowledged_at >= record.started_at &&
          (record.resolved_at == FD_TIME_NONE || acknowledged_at <= record.resolved_at))
        {
          record.acknowledged_at = acknowledged_at;
          record.id = fd_snapshot_builder_intern (resolved, id);
          record.name = fd_source_intern (resolved, fd_snapshot_str (current, records[i].name));
          record.service = fd_source_intern (resolved,
                                             fd_snapshot_str (current, records[i].service));
          record.environment = fd_source_intern (resolved,
                                                 fd_snapshot_str (current,
                                                                  records[i].environment));
          record.summary = fd_source_intern (resolved,
                                             fd_snapshot_str (current, records[i].summary));
          fd_snapshot_builder_add_alert (resolved, &record);
        }

      if (record.status != FD_ALERT_RESOLVED)
        {
          /* The strings of @record may be @resolved's now; remember reads @current's. */
          FdAlert kept = records[i];

          kept.acknowledged_at = record.acknowledged_at;
          json_object_set_object_member (open, id, remember (current, &kept));
        }
    }
  if (old_open != NULL)
    {
      g_autoptr(GList) ids = json_object_get_members (old_open);

      for (GList *l = ids; l != NULL; l = l->next)
        {
          if (!g_hash_table_contains (present, l->data))
            add_resolved (resolved, l->data, fd_json_get_object (old_open, l->data), now);
        }
    }
  all = fd_snapshot_builder_end (g_steal_pointer (&resolved));

  silence_items = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_silence_free);
  for (guint i = 0; i < json_array_get_length (silences); i++)
    {
      FdSilence *silence = fd_alertmanager_map_silence (config->uri,
                                                        fd_json_array_get_object (silences, i));

      if (silence != NULL)
        g_ptr_array_add (silence_items, silence);
    }

  next_bytes = fd_source_cursor_bytes (next);
  batch = fd_batch_new (config->uri, all, NULL, next_bytes);
  fd_batch_take_silences (batch, g_steal_pointer (&silence_items));

  return batch;
}

/* ---- Actions ---- */

/* Splits an alert id "URI:FINGERPRINT:STARTS" (STARTS has colons of its own). */
static gboolean
parse_alert_id (const char  *uri,
                const char  *id,
                char       **out_fingerprint,
                char       **out_starts)
{
  gsize len = strlen (uri);
  const char *rest, *colon;

  if (strncmp (id, uri, len) != 0 || id[len] != ':')
    return FALSE;

  rest = id + len + 1;
  colon = strchr (rest, ':');
  if (colon == NULL || colon == rest || colon[1] == '\0')
    return FALSE;

  *out_fingerprint = g_strndup (rest, colon - rest);
  *out_starts = g_strdup (colon + 1);
  return TRUE;
}

static JsonObject *
find_alert (FdHttpClient  *client,
            const char    *base,
            const char    *fingerprint,
            const char    *starts,
            JsonNode     **out_root,
            GCancellable  *cancellable,
            GError       **error)
{
  JsonArray *alerts = get_list (client, base, "api/v2/alerts", out_root, cancellable, error);
  JsonObject *same_fingerprint = NULL;

  if (alerts == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (alerts); i++)
    {
      JsonObject *alert = fd_json_array_get_object (alerts, i);

      if (g_strcmp0 (fd_json_get_string (alert, "fingerprint"), fingerprint) != 0)
        continue;
      if (g_strcmp0 (fd_json_get_string (alert, "startsAt"), starts) == 0)
        return alert;
      same_fingerprint = alert;
    }

  /* The same alert that fired again since the page was drawn. */
  if (same_fingerprint != NULL)
    return same_fingerprint;

  g_set_error_literal (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_FOUND,
                       "the alert is no longer in Alertmanager (it may have been resolved)");
  return NULL;
}

static char *
format_rfc3339 (FdTime t)
{
  /* Alertmanager wants RFC 3339; whole milliseconds keep it short. */
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
  g_autofree char *base = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S") : NULL;

  return g_strdup_printf ("%s.%03dZ", base ? base : "1970-01-01T00:00:00",
                          (int) ((t % G_USEC_PER_SEC) / 1000));
}

static gboolean
create_silence (FdHttpClient    *client,
                const char      *base,
                const char      *uri,
                const FdAction  *action,
                char           **out_result,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) alert_root = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(FdHttpResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *starts_at = NULL;
  g_autofree char *ends_at = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  FdTime now = g_get_real_time ();
  FdTime until;
  const char *silence_id;

  if (action->matchers == NULL || action->matchers[0] == NULL)
    {
      JsonObject *alert, *labels;
      g_autoptr(GList) names = NULL;

      if (!parse_alert_id (uri, action->target_id, &fingerprint, &starts))
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                       "“%s” is not an alert of %s", action->target_id, uri);
          return FALSE;
        }

      alert = find_alert (client, base, fingerprint, starts, &alert_root, cancellable, error);
      if (alert == NULL)
        return FALSE;
      labels = fd_json_get_object (alert, "labels");
      names = labels ? json_object_get_members (labels) : NULL;
      names = g_list_sort (names, (GCompareFunc) strcmp);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "matchers");
      json_builder_begin_array (builder);
      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *value = fd_json_get_string (labels, l->data);

          if (value == NULL)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, l->data);
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, value);
          json_builder_set_member_name (builder, "isRegex");
          json_builder_add_boolean_value (builder, FALSE);
          json_builder_set_member_name (builder, "isEqual");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "matchers");
      json_builder_begin_array (builder);
      for (guint i = 0; action->matchers[i] != NULL; i++)
        {
          JsonNode *matcher = fd_alertmanager_parse_matcher (action->matchers[i]);

          if (matcher == NULL)
            {
              g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                           "“%s” is not a matcher: write name=value, name!=value, name=~regex "
                           "or name!~regex", action->matchers[i]);
              return FALSE;
            }
          json_builder_add_value (builder, matcher);
        }
      json_builder_end_array (builder);
    }

  if (action->until != FD_TIME_NONE)
    until = action->until;
  else if (action->kind == FD_ACTION_ACKNOWLEDGE)
    until = now + (FdTime) ACKNOWLEDGE_DEFAULT_S * G_USEC_PER_SEC;
  else
    until = now + (FdTime) SILENCE_DEFAULT_S * G_USEC_PER_SEC;
  starts_at = format_rfc3339 (now);
  ends_at = format_rfc3339 (until);

  json_builder_set_member_name (builder, "startsAt");
  json_builder_add_string_value (builder, starts_at);
  json_builder_set_member_name (builder, "endsAt");
  json_builder_add_string_value (builder, ends_at);
  json_builder_set_member_name (builder, "createdBy");
  json_builder_add_string_value (builder, action->author && *action->author ? action->author
                                                                            : g_get_user_name ());
  json_builder_set_member_name (builder, "comment");
  json_builder_add_string_value (builder, action->comment && *action->comment ? action->comment
                                                                              : DEFAULT_COMMENT);
  json_builder_end_object (builder);

  body_node = json_builder_get_root (builder);
  text = json_to_string (body_node, FALSE);
  body = g_bytes_new (text, strlen (text));
  url = fd_http_join_url (base, "api/v2/silences");
  response = fd_http_client_send (client, "POST", url, "application/json", body, NULL, cancellable,
                                  error);
  if (response == NULL)
    return FALSE;

  answer = fd_http_response_parse_json (response, error);
  if (answer == NULL)
    return FALSE;
  silence_id = JSON_NODE_HOLDS_OBJECT (answer)
               ? fd_json_get_string (json_node_get_object (answer), "silenceID") : NULL;
  if (silence_id == NULL)
    {
      g_set_error_literal (error, FD_HTTP_ERROR, FD_HTTP_ERROR_BAD_RESPONSE,
                           "Alertmanager did not say which silence it made (no “silenceID”)");
      return FALSE;
    }

  *out_result = g_strdup (silence_id);
  return TRUE;
}

static gboolean
delete_silence (FdHttpClient  *client,
                const char    *base,
                const char    *silence_id,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (silence_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("api/v2/silence/%s", escaped);
  g_autofree char *url = fd_http_join_url (base, path);
  g_autoptr(FdHttpResponse) response = NULL;

  response = fd_http_client_send (client, "DELETE", url, NULL, NULL, NULL, cancellable, error);

  return response != NULL;
}

static gboolean
remove_silences (FdHttpClient    *client,
                 const char      *base,
                 const char      *uri,
                 const char      *target,
                 char           **out_result,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autofree char *fingerprint = NULL;
  g_autofree char *starts = NULL;
  gsize len = strlen (uri);

  if (parse_alert_id (uri, target, &fingerprint, &starts))
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GString) removed = g_string_new (NULL);
      JsonObject *alert = find_alert (client, base, fingerprint, starts, &root, cancellable, error);
      JsonArray *silenced_by;

      if (alert == NULL)
        return FALSE;
      silenced_by = fd_json_get_array (fd_json_get_object (alert, "status"), "silencedBy");
      if (silenced_by == NULL || json_array_get_length (silenced_by) == 0)
        {
          g_set_error_literal (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_FOUND,
                               "no silence suppresses this alert");
          return FALSE;
        }

      for (guint i = 0; i < json_array_get_length (silenced_by); i++)
        {
          const char *id = string_element (silenced_by, i);

          if (id == NULL)
            continue;
          if (!delete_silence (client, base, id, cancellable, error))
            return FALSE;
          g_string_append_printf (removed, "%s%s", removed->len ? "\n" : "", id);
        }

      *out_result = g_string_free (g_steal_pointer (&removed), FALSE);
      return TRUE;
    }

  /* A silence id as the batch gave it (URI:UUID), or the bare UUID. */
  if (strncmp (target, uri, len) == 0 && target[len] == ':')
    target += len + 1;
  if (*target == '\0' || strchr (target, ':') != NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "“%s” is neither a silence nor an alert of %s", target, uri);
      return FALSE;
    }

  if (!delete_silence (client, base, target, cancellable, error))
    return FALSE;

  *out_result = g_strdup (target);
  return TRUE;
}

static gboolean
fd_alertmanager_source_apply_sync (FdLiveSource    *live,
                                   FdHttpClient    *client,
                                   const FdAction  *action,
                                   char           **out_result,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  const FdSourceConfig *config = fd_live_source_get_config (live);
  const char *base = fd_source_config_get_base_url (config);

  switch (action->kind)
    {
    case FD_ACTION_ACKNOWLEDGE:
    case FD_ACTION_SILENCE:
      return create_silence (client, base, config->uri, action, out_result, cancellable, error);
    case FD_ACTION_UNSILENCE:
      return remove_silences (client, base, config->uri, action->target_id, out_result,
                              cancellable, error);
    case FD_ACTION_RESOLVE:
    case FD_ACTION_PROMOTE:
    case FD_ACTION_PAUSE:
    case FD_ACTION_RESUME:
    case FD_ACTION_ROLL_BACK:
    case FD_ACTION_N_KINDS:
    default:
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                   "Alertmanager cannot %s", fd_action_kind_to_nick (action->kind));
      return FALSE;
    }
}

static void
fd_alertmanager_source_class_init (FdAlertmanagerSourceClass *klass)
{
  FdLiveSourceClass *live_class = FD_LIVE_SOURCE_CLASS (klass);

  live_class->auth = FD_HTTP_AUTH_BEARER;
  live_class->default_interval = 30;
  live_class->capabilities = FD_SOURCE_CAN_ACKNOWLEDGE | FD_SOURCE_CAN_SILENCE |
                             FD_SOURCE_CAN_UNSILENCE;
  live_class->fetch_sync = fd_alertmanager_source_fetch_sync;
  live_class->apply_sync = fd_alertmanager_source_apply_sync;
}

static void
fd_alertmanager_source_init (FdAlertmanagerSource *self)
{
}

/**
 * fd_alertmanager_source_new:
 * @config: an alertmanager: config with a base URL
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the source
 */
FdSource *
fd_alertmanager_source_new (const FdSourceConfig *config,
                            GError              **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  if (fd_source_config_get_base_url (config) == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: give the Alertmanager address with --base-url, e.g. http://127.0.0.1:9093",
                   config->uri);
      return NULL;
    }
  if (strchr (config->locator, ':') != NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                   "%s: a cluster name cannot contain “:”", config->uri);
      return NULL;
    }
  if (!fd_http_check_url (fd_source_config_get_base_url (config), error))
    return NULL;

  return g_object_new (FD_TYPE_ALERTMANAGER_SOURCE, "config", config, NULL);
}

/* Labels lookup {{{ */

static void
lookup_labels_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  FdLiveSource *live = source_object;
  const FdSourceConfig *config = fd_live_source_get_config (live);
  const char *alert_id = task_data;
  g_autoptr(FdHttpClient) client = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) names = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *starts = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *alert, *labels;

  if (!parse_alert_id (config->uri, alert_id, &fingerprint, &starts))
    {
      g_task_return_new_error (task, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_ARGUMENT,
                               "“%s” is not an alert of %s", alert_id, config->uri);
      return;
    }

  /* The client is made here, as for a fetch: it belongs to this thread. */
  client = fd_live_source_new_client (live, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  alert = find_alert (client, fd_source_config_get_base_url (config), fingerprint, starts, &root,
                      cancellable, &error);
  if (alert == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Sorted by name, as create_silence() sends them for an acknowledgement. */
  labels = fd_json_get_object (alert, "labels");
  names = labels ? json_object_get_members (labels) : NULL;
  names = g_list_sort (names, (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *value = fd_json_get_string (labels, l->data);

      if (value != NULL)
        g_ptr_array_add (texts, g_strdup_printf ("%s=%s", (const char *) l->data, value));
    }
  g_ptr_array_add (texts, NULL);

  g_task_return_pointer (task, g_ptr_array_steal (texts, NULL), (GDestroyNotify) g_strfreev);
}

/**
 * fd_alertmanager_source_lookup_labels_async:
 * @self: an Alertmanager source
 * @alert_id: an alert id as the source's batches give it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Reads the alert's current labels from Alertmanager on a worker thread,
 * for a silence whose matchers the user edits before it is made.
 */
void
fd_alertmanager_source_lookup_labels_async (FdAlertmanagerSource *self,
                                            const char           *alert_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FD_IS_ALERTMANAGER_SOURCE (self));
  g_return_if_fail (alert_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_alertmanager_source_lookup_labels_async);
  g_task_set_task_data (task, g_strdup (alert_id), g_free);
  g_task_run_in_thread (task, lookup_labels_thread);
}

/**
 * fd_alertmanager_source_lookup_labels_finish:
 * @self: an Alertmanager source
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the labels as "name=value", sorted by
 *   name, or %NULL with @error set
 */
char **
fd_alertmanager_source_lookup_labels_finish (FdAlertmanagerSource  *self,
                                             GAsyncResult          *result,
                                             GError               **error)
{
  g_return_val_if_fail (FD_IS_ALERTMANAGER_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */
