/* fd-alert-item.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-alert-item"

#include "config.h"

#include "fd-alert-item.h"

struct _FdAlertItem
{
  GObject        parent_instance;

  char          *id;
  char          *name;
  char          *service;
  char          *environment;
  char          *summary;
  FdSeverity     severity;
  FdAlertStatus  status;
  FdTime         started_at;
  FdTime         silenced_until;

  /* Which item this row last copied: a store makes a new item whenever
   * anything its row shows changes, the age included. */
  guint64        serial;
  guint64        shown_serial;
};

/* Items are made on the main thread only. */
static guint64 next_serial;

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FdAlertItem, fd_alert_item, G_TYPE_OBJECT)

static void
fd_alert_item_finalize (GObject *object)
{
  FdAlertItem *self = FD_ALERT_ITEM (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->service);
  g_free (self->environment);
  g_free (self->summary);

  G_OBJECT_CLASS (fd_alert_item_parent_class)->finalize (object);
}

static void
fd_alert_item_class_init (FdAlertItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_alert_item_finalize;

  /**
   * FdAlertItem::changed:
   *
   * The row shows another item (fd_alert_item_show()): cells bound to it
   * fill themselves again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
fd_alert_item_init (FdAlertItem *self)
{
  self->silenced_until = FD_TIME_NONE;
  self->serial = ++next_serial;
}

/**
 * fd_alert_item_new:
 * @id: the alert's id
 * @name: (nullable): its name
 * @service: (nullable): its service
 * @environment: (nullable): its environment
 * @summary: (nullable): its summary
 * @severity: its severity
 * @status: its status (after the user's actions)
 * @started_at: when it fired
 * @silenced_until: the end of a silence in force, or %FD_TIME_NONE
 *
 * Returns: (transfer full): a new row
 */
FdAlertItem *
fd_alert_item_new (const char    *id,
                   const char    *name,
                   const char    *service,
                   const char    *environment,
                   const char    *summary,
                   FdSeverity     severity,
                   FdAlertStatus  status,
                   FdTime         started_at,
                   FdTime         silenced_until)
{
  FdAlertItem *self = g_object_new (FD_TYPE_ALERT_ITEM, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name != NULL ? name : "");
  self->service = g_strdup (service != NULL ? service : "");
  self->environment = g_strdup (environment != NULL ? environment : "");
  self->summary = g_strdup (summary != NULL ? summary : "");
  self->severity = severity;
  self->status = status;
  self->started_at = started_at;
  self->silenced_until = silenced_until;

  return self;
}

#define GETTER(type, field, fallback)                       \
type                                                        \
fd_alert_item_get_##field (FdAlertItem *self)               \
{                                                           \
  g_return_val_if_fail (FD_IS_ALERT_ITEM (self), fallback); \
                                                            \
  return self->field;                                       \
}

GETTER (const char *, id, NULL)
GETTER (const char *, name, NULL)
GETTER (const char *, service, NULL)
GETTER (const char *, environment, NULL)
GETTER (const char *, summary, NULL)
GETTER (FdSeverity, severity, FD_SEVERITY_INFO)
GETTER (FdAlertStatus, status, FD_ALERT_RESOLVED)
GETTER (FdTime, started_at, FD_TIME_NONE)
GETTER (FdTime, silenced_until, FD_TIME_NONE)

/**
 * fd_alert_item_is_silenced:
 * @self: a #FdAlertItem
 * @now: the current time
 *
 * Returns: whether a silence is in force at @now on an alert not yet resolved
 */
gboolean
fd_alert_item_is_silenced (FdAlertItem *self,
                           FdTime       now)
{
  g_return_val_if_fail (FD_IS_ALERT_ITEM (self), FALSE);

  return self->status != FD_ALERT_RESOLVED && self->silenced_until != FD_TIME_NONE &&
         self->silenced_until > now;
}

/**
 * fd_alert_item_copy:
 * @item: (type FdAlertItem): an item
 *
 * Returns: (transfer full): a new row showing @item
 */
gpointer
fd_alert_item_copy (gpointer item)
{
  FdAlertItem *other = item;
  FdAlertItem *self;

  g_return_val_if_fail (FD_IS_ALERT_ITEM (other), NULL);

  self = fd_alert_item_new (other->id, other->name, other->service, other->environment, other->summary,
                            other->severity, other->status, other->started_at, other->silenced_until);
  self->shown_serial = other->serial;
  return self;
}

static void
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

/**
 * fd_alert_item_show:
 * @row: (type FdAlertItem): the row to change
 * @item: (type FdAlertItem): the item it shows from now on
 *
 * Copies @item into @row and emits #FdAlertItem::changed, unless @row
 * already shows @item.
 *
 * Returns: %TRUE if the row changed
 */
gboolean
fd_alert_item_show (gpointer row,
                    gpointer item)
{
  FdAlertItem *self = row;
  FdAlertItem *other = item;

  g_return_val_if_fail (FD_IS_ALERT_ITEM (self), FALSE);
  g_return_val_if_fail (FD_IS_ALERT_ITEM (other), FALSE);

  if (self == other || self->shown_serial == other->serial)
    return FALSE;

  set_string (&self->id, other->id);
  set_string (&self->name, other->name);
  set_string (&self->service, other->service);
  set_string (&self->environment, other->environment);
  set_string (&self->summary, other->summary);
  self->severity = other->severity;
  self->status = other->status;
  self->started_at = other->started_at;
  self->silenced_until = other->silenced_until;
  self->shown_serial = other->serial;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

/* Whether rows @a and @b show the same alert. */
gboolean
fd_alert_item_same_alert (gpointer a,
                          gpointer b)
{
  g_return_val_if_fail (FD_IS_ALERT_ITEM (a) && FD_IS_ALERT_ITEM (b), FALSE);

  return g_strcmp0 (((FdAlertItem *) a)->id, ((FdAlertItem *) b)->id) == 0;
}
