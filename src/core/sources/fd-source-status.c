/* fd-source-status.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-source-status"

#include "config.h"

#include "fd-source-status.h"

struct _FdSourceStatus
{
  GObject        parent_instance;

  FdSourceState  state;
  char          *message;
  FdTime         last_success;
  FdTime         next_fetch;
  FdTime         retry_at;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_LAST_SUCCESS,
  PROP_NEXT_FETCH,
  PROP_RETRY_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (FdSourceState, fd_source_state,
                    G_DEFINE_ENUM_VALUE (FD_SOURCE_STATE_NEW, "new"),
                    G_DEFINE_ENUM_VALUE (FD_SOURCE_STATE_OK, "ok"),
                    G_DEFINE_ENUM_VALUE (FD_SOURCE_STATE_STALE, "stale"),
                    G_DEFINE_ENUM_VALUE (FD_SOURCE_STATE_ERROR, "error"),
                    G_DEFINE_ENUM_VALUE (FD_SOURCE_STATE_RATE_LIMITED, "rate-limited"))

G_DEFINE_FINAL_TYPE (FdSourceStatus, fd_source_status, G_TYPE_OBJECT)

static void
fd_source_status_finalize (GObject *object)
{
  FdSourceStatus *self = FD_SOURCE_STATUS (object);

  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (fd_source_status_parent_class)->finalize (object);
}

static void
fd_source_status_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FdSourceStatus *self = FD_SOURCE_STATUS (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_NEXT_FETCH:
      g_value_set_int64 (value, self->next_fetch);
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_source_status_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FdSourceStatus *self = FD_SOURCE_STATUS (object);

  switch (prop_id)
    {
    case PROP_STATE:
      fd_source_status_set_state (self, g_value_get_enum (value));
      break;
    case PROP_MESSAGE:
      fd_source_status_set_message (self, g_value_get_string (value));
      break;
    case PROP_LAST_SUCCESS:
      fd_source_status_set_last_success (self, g_value_get_int64 (value));
      break;
    case PROP_NEXT_FETCH:
      fd_source_status_set_next_fetch (self, g_value_get_int64 (value));
      break;
    case PROP_RETRY_AT:
      fd_source_status_set_retry_at (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_source_status_class_init (FdSourceStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fd_source_status_finalize;
  object_class->get_property = fd_source_status_get_property;
  object_class->set_property = fd_source_status_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FD_TYPE_SOURCE_STATE, FD_SOURCE_STATE_NEW, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, G_MININT64, G_MAXINT64, FD_TIME_NONE, flags);
  properties[PROP_NEXT_FETCH] =
    g_param_spec_int64 ("next-fetch", NULL, NULL, G_MININT64, G_MAXINT64, FD_TIME_NONE, flags);
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, G_MININT64, G_MAXINT64, FD_TIME_NONE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_source_status_init (FdSourceStatus *self)
{
  self->state = FD_SOURCE_STATE_NEW;
  self->last_success = FD_TIME_NONE;
  self->next_fetch = FD_TIME_NONE;
  self->retry_at = FD_TIME_NONE;
}

FdSourceStatus *
fd_source_status_new (void)
{
  return g_object_new (FD_TYPE_SOURCE_STATUS, NULL);
}

FdSourceState
fd_source_status_get_state (FdSourceStatus *self)
{
  g_return_val_if_fail (FD_IS_SOURCE_STATUS (self), FD_SOURCE_STATE_NEW);

  return self->state;
}

void
fd_source_status_set_state (FdSourceStatus *self,
                            FdSourceState   state)
{
  g_return_if_fail (FD_IS_SOURCE_STATUS (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
fd_source_status_get_message (FdSourceStatus *self)
{
  g_return_val_if_fail (FD_IS_SOURCE_STATUS (self), NULL);

  return self->message;
}

void
fd_source_status_set_message (FdSourceStatus *self,
                              const char     *message)
{
  g_return_if_fail (FD_IS_SOURCE_STATUS (self));

  if (g_strcmp0 (self->message, message) == 0)
    return;

  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

#define DEFINE_TIME_PROPERTY(name, NAME)                                      \
FdTime                                                                        \
fd_source_status_get_##name (FdSourceStatus *self)                            \
{                                                                             \
  g_return_val_if_fail (FD_IS_SOURCE_STATUS (self), FD_TIME_NONE);            \
  return self->name;                                                          \
}                                                                             \
                                                                              \
void                                                                          \
fd_source_status_set_##name (FdSourceStatus *self,                            \
                             FdTime          at)                              \
{                                                                             \
  g_return_if_fail (FD_IS_SOURCE_STATUS (self));                              \
  if (self->name == at)                                                       \
    return;                                                                   \
  self->name = at;                                                            \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_##NAME]);        \
}

DEFINE_TIME_PROPERTY (last_success, LAST_SUCCESS)
DEFINE_TIME_PROPERTY (next_fetch, NEXT_FETCH)
DEFINE_TIME_PROPERTY (retry_at, RETRY_AT)

const char *
fd_source_state_to_string (FdSourceState state)
{
  switch (state)
    {
    case FD_SOURCE_STATE_NEW:
      return "new";
    case FD_SOURCE_STATE_OK:
      return "ok";
    case FD_SOURCE_STATE_STALE:
      return "stale";
    case FD_SOURCE_STATE_ERROR:
      return "error";
    case FD_SOURCE_STATE_RATE_LIMITED:
      return "rate-limited";
    default:
      return "unknown";
    }
}

static char *
format_time (FdTime   t,
             gboolean local,
             gboolean seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
  g_autoptr(GDateTime) shown = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean same_day;
  const char *fmt;

  if (utc == NULL)
    return g_strdup ("?");

  shown = local ? g_date_time_to_local (utc) : g_date_time_ref (utc);
  same_day = g_date_time_get_year (shown) == g_date_time_get_year (now) &&
             g_date_time_get_day_of_year (shown) == g_date_time_get_day_of_year (now);

  if (local)
    fmt = same_day ? (seconds ? "%H:%M:%S" : "%H:%M") : (seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M");
  else
    fmt = same_day ? (seconds ? "%H:%M:%S UTC" : "%H:%M UTC")
                   : (seconds ? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d %H:%M UTC");

  return g_date_time_format (shown, fmt);
}

char *
fd_source_status_describe (FdSourceStatus *self,
                           gboolean        local)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (FD_IS_SOURCE_STATUS (self), NULL);

  switch (self->state)
    {
    case FD_SOURCE_STATE_NEW:
      return g_strdup ("not fetched yet");

    case FD_SOURCE_STATE_OK:
      if (self->last_success == FD_TIME_NONE)
        return g_strdup ("ok");
      when = format_time (self->last_success, local, FALSE);
      if (self->message != NULL)
        return g_strdup_printf ("ok, updated %s (%s)", when, self->message);
      return g_strdup_printf ("ok, updated %s", when);

    case FD_SOURCE_STATE_STALE:
      if (self->last_success == FD_TIME_NONE)
        return g_strdup_printf ("error: %s", self->message ? self->message : "unknown");
      when = format_time (self->last_success, local, FALSE);
      return g_strdup_printf ("stale since %s: %s", when,
                              self->message ? self->message : "the last update failed");

    case FD_SOURCE_STATE_ERROR:
      return g_strdup_printf ("error: %s", self->message ? self->message : "unknown");

    case FD_SOURCE_STATE_RATE_LIMITED:
      if (self->retry_at == FD_TIME_NONE)
        return g_strdup ("rate limited");
      when = format_time (self->retry_at, local, TRUE);
      return g_strdup_printf ("rate limited until %s", when);

    default:
      return g_strdup ("unknown");
    }
}
