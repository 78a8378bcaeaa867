/* fd-notifier.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fd-notifier.h"

#include "fd-format.h"

/*
 * FdNotifier turns what appeared between two refreshes into desktop
 * notifications: a new critical alert, a failed production deployment, a
 * canary whose analysis failed. The first data it sees is history (whatever
 * was already there when the app started or a file was opened) and only
 * seeds what is known, so opening a file full of old incidents is quiet.
 */

/* New records appear at the end of the history; a record that changed (an
 * in-progress deployment that failed) started a little earlier. Looking this
 * far back from the previous end keeps each update bounded by the newest
 * records rather than the whole snapshot. */
#define LOOK_BACK (24 * G_TIME_SPAN_HOUR)

struct _FdNotifier
{
  GObject        parent_instance;

  GApplication  *application;   /* weak */
  GSettings     *settings;
  GHashTable    *silenced;      /* alert id → FdTime *, nullable */
  GHashTable    *seen_alerts;
  GHashTable    *seen_deployments;
  GHashTable    *failed_canaries;
  FdTime         last_time;     /* end of the history at the previous update */
  gboolean       seeded;
  guint          n_sent;
};

G_DEFINE_FINAL_TYPE (FdNotifier, fd_notifier, G_TYPE_OBJECT)

static void
fd_notifier_dispose (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->silenced, g_hash_table_unref);

  G_OBJECT_CLASS (fd_notifier_parent_class)->dispose (object);
}

static void
fd_notifier_finalize (GObject *object)
{
  FdNotifier *self = FD_NOTIFIER (object);

  g_clear_pointer (&self->seen_alerts, g_hash_table_unref);
  g_clear_pointer (&self->seen_deployments, g_hash_table_unref);
  g_clear_pointer (&self->failed_canaries, g_hash_table_unref);

  G_OBJECT_CLASS (fd_notifier_parent_class)->finalize (object);
}

static void
fd_notifier_class_init (FdNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_notifier_dispose;
  object_class->finalize = fd_notifier_finalize;
}

static void
fd_notifier_init (FdNotifier *self)
{
  self->seen_alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seen_deployments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failed_canaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_time = FD_TIME_NONE;
}

/**
 * fd_notifier_new:
 * @application: (nullable): the application that sends the notifications
 * @settings: the settings with the notify-* keys
 *
 * Returns: (transfer full): a new notifier that has seen nothing yet
 */
FdNotifier *
fd_notifier_new (GApplication *application,
                 GSettings    *settings)
{
  FdNotifier *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FD_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->settings = g_object_ref (settings);

  return self;
}

/**
 * fd_notifier_set_silenced:
 * @self: an #FdNotifier
 * @silenced: (nullable) (element-type utf8 FdTime): alert id → the end
 *   of its silence
 *
 * Silenced alerts do not notify until their silence ends.
 */
void
fd_notifier_set_silenced (FdNotifier *self,
                          GHashTable *silenced)
{
  g_return_if_fail (FD_IS_NOTIFIER (self));

  if (silenced != NULL)
    g_hash_table_ref (silenced);
  g_clear_pointer (&self->silenced, g_hash_table_unref);
  self->silenced = silenced;
}

/**
 * fd_notifier_reset:
 * @self: an #FdNotifier
 *
 * Forgets what was seen: the next update is history again (another file or
 * provider was opened).
 */
void
fd_notifier_reset (FdNotifier *self)
{
  g_return_if_fail (FD_IS_NOTIFIER (self));

  g_hash_table_remove_all (self->seen_alerts);
  g_hash_table_remove_all (self->seen_deployments);
  g_hash_table_remove_all (self->failed_canaries);
  self->last_time = FD_TIME_NONE;
  self->seeded = FALSE;
}

static gboolean
is_production (const char *environment)
{
  return environment != NULL && (g_str_equal (environment, "production") ||
                                 g_str_equal (environment, "prod"));
}

static void
send (FdNotifier            *self,
      const char            *id,
      const char            *title,
      const char            *body,
      GNotificationPriority  priority)
{
  g_autoptr(GNotification) notification = g_notification_new (title);

  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, priority);
  g_notification_set_default_action (notification, "app.activate");
  self->n_sent++;
  g_debug ("Notification %s: %s", id, title);

  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_send_notification (self->application, id, notification);
}

static guint
update_alerts (FdNotifier *self,
               FdSnapshot *snapshot,
               FdTime      from,
               FdTime      now,
               gboolean    notify)
{
  const FdAlert *alerts;
  gsize n, first, last;
  guint sent = 0;

  alerts = fd_snapshot_get_alerts (snapshot, &n);
  fd_snapshot_alerts_range (snapshot, from, G_MAXINT64, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdAlert *alert = &alerts[i];
      const char *id = fd_snapshot_str (snapshot, alert->id);
      g_autofree char *notif_id = NULL;
      g_autofree char *body = NULL;

      if (alert->severity != FD_SEVERITY_CRITICAL || id == NULL ||
          g_hash_table_contains (self->seen_alerts, id))
        continue;

      g_hash_table_add (self->seen_alerts, g_strdup (id));
      if (!notify || alert->status != FD_ALERT_FIRING)
        continue;
      if (self->silenced != NULL)
        {
          const FdTime *until = g_hash_table_lookup (self->silenced, id);

          if (until != NULL && *until > now)
            continue;
        }

      notif_id = g_strdup_printf ("alert-%s", id);
      /* Translators: the alert's name, its service and environment */
      body = g_strdup_printf (_("%s on %s (%s)"),
                              fd_snapshot_str (snapshot, alert->name),
                              fd_snapshot_str (snapshot, alert->service),
                              fd_snapshot_str (snapshot, alert->environment));
      send (self, notif_id, _("Critical alert fired"), body, G_NOTIFICATION_PRIORITY_URGENT);
      sent++;
    }

  return sent;
}

static guint
update_deployments (FdNotifier *self,
                    FdSnapshot *snapshot,
                    FdTime      from,
                    gboolean    notify)
{
  const FdDeployment *deployments;
  gsize n, first, last;
  guint sent = 0;

  deployments = fd_snapshot_get_deployments (snapshot, &n);
  fd_snapshot_deployments_range (snapshot, from, G_MAXINT64, &first, &last);
  for (gsize i = first; i < last; i++)
    {
      const FdDeployment *d = &deployments[i];
      const char *id = fd_snapshot_str (snapshot, d->id);
      g_autofree char *notif_id = NULL;
      g_autofree char *body = NULL;

      if ((d->status != FD_DEPLOY_FAILED && d->status != FD_DEPLOY_ROLLED_BACK) || id == NULL ||
          !is_production (fd_snapshot_str (snapshot, d->environment)) ||
          g_hash_table_contains (self->seen_deployments, id))
        continue;

      g_hash_table_add (self->seen_deployments, g_strdup (id));
      if (!notify)
        continue;

      notif_id = g_strdup_printf ("deployment-%s", id);
      /* Translators: a service and the version that failed to deploy */
      body = g_strdup_printf (_("%s %s failed in production"),
                              fd_snapshot_str (snapshot, d->service),
                              fd_snapshot_str (snapshot, d->version));
      send (self, notif_id, _("Production deployment failed"), body,
            G_NOTIFICATION_PRIORITY_HIGH);
      sent++;
    }

  return sent;
}

static guint
update_canaries (FdNotifier *self,
                 FdPageData *data,
                 gboolean    notify)
{
  guint sent = 0;

  if (data->current == NULL || data->verdicts == NULL)
    return 0;

  for (gsize i = 0; i < data->current->n_canaries && i < data->verdicts->len; i++)
    {
      const FdCanaryResult *result = &data->current->canaries[i];
      const FdCanaryVerdict *verdict = g_ptr_array_index (data->verdicts, i);
      g_autofree char *notif_id = NULL;
      g_autofree char *body = NULL;
      g_autofree char *score = NULL;

      if (verdict == NULL || verdict->verdict != FD_CANARY_VERDICT_FAIL || result->id == NULL ||
          g_hash_table_contains (self->failed_canaries, result->id))
        continue;

      g_hash_table_add (self->failed_canaries, g_strdup (result->id));
      if (!notify)
        continue;

      notif_id = g_strdup_printf ("canary-%s", result->id);
      /* A whole percentage: the notification is a prompt, the page has the detail. */
      score = fd_format_percent_compact (round (verdict->score) / 100);
      /* Translators: a service, then the canary's score, e.g. "42 %" */
      body = g_strdup_printf (_("%s scored %s"),
                              fd_snapshot_str (data->snapshot, result->canary->service), score);
      send (self, notif_id, _("Canary failed its analysis"), body, G_NOTIFICATION_PRIORITY_HIGH);
      sent++;
    }

  return sent;
}

/**
 * fd_notifier_update:
 * @self: an #FdNotifier
 * @data: the latest page data
 * @window_active: whether the user is looking at the window (then nothing
 *   is sent, but what is new counts as seen)
 *
 * Sends a notification for each new critical alert, failed production
 * deployment and failed canary since the previous update, as far as the
 * notify-* settings allow. The first update after creation or
 * fd_notifier_reset() only records what is there.
 *
 * Returns: the number of notifications sent
 */
guint
fd_notifier_update (FdNotifier *self,
                    FdPageData *data,
                    gboolean    window_active)
{
  FdTime last_time, from;
  gboolean notify;
  guint sent = 0;

  g_return_val_if_fail (FD_IS_NOTIFIER (self), 0);
  g_return_val_if_fail (data != NULL, 0);

  last_time = fd_snapshot_get_last_time (data->snapshot);
  if (last_time == FD_TIME_NONE)
    return 0;

  notify = self->seeded && !window_active;
  from = (self->last_time != FD_TIME_NONE ? MIN (self->last_time, last_time) : last_time) - LOOK_BACK;

  sent += update_alerts (self, data->snapshot, from, data->now,
                         notify && g_settings_get_boolean (self->settings, "notify-critical-alerts"));
  sent += update_deployments (self, data->snapshot, from,
                              notify && g_settings_get_boolean (self->settings,
                                                                "notify-failed-deployments"));
  sent += update_canaries (self, data,
                           notify && g_settings_get_boolean (self->settings, "notify-canary-failures"));

  self->last_time = last_time;
  self->seeded = TRUE;

  return sent;
}

/**
 * fd_notifier_get_n_sent:
 * @self: an #FdNotifier
 *
 * Returns: how many notifications were sent so far
 */
guint
fd_notifier_get_n_sent (FdNotifier *self)
{
  g_return_val_if_fail (FD_IS_NOTIFIER (self), 0);

  return self->n_sent;
}
