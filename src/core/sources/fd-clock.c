/* fd-clock.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-clock"

#include "config.h"

#include "fd-clock.h"

typedef struct
{
  FdClock        *clock;     /* borrowed */
  guint           id;
  FdTime          deadline;
  FdClockFunc     func;
  gpointer        user_data;
  GDestroyNotify  destroy;
  guint           source_id; /* the system clock's GSource */
} Timer;

struct _FdClock
{
  GObject     parent_instance;

  /* Owned */
  GHashTable *timers;        /* id → Timer */
  gboolean    fake;
  FdTime      now;           /* fake clocks */
  guint       last_id;
};

G_DEFINE_FINAL_TYPE (FdClock, fd_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NOW,
  PROP_FAKE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
timer_free (Timer *timer)
{
  if (timer->source_id != 0)
    g_source_remove (timer->source_id);
  if (timer->destroy != NULL)
    timer->destroy (timer->user_data);
  g_free (timer);
}

static void
fd_clock_dispose (GObject *object)
{
  FdClock *self = FD_CLOCK (object);

  if (self->timers != NULL)
    g_hash_table_remove_all (self->timers);

  G_OBJECT_CLASS (fd_clock_parent_class)->dispose (object);
}

static void
fd_clock_finalize (GObject *object)
{
  FdClock *self = FD_CLOCK (object);

  g_clear_pointer (&self->timers, g_hash_table_unref);

  G_OBJECT_CLASS (fd_clock_parent_class)->finalize (object);
}

static void
fd_clock_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FdClock *self = FD_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NOW:
      g_value_set_int64 (value, fd_clock_get_now (self));
      break;
    case PROP_FAKE:
      g_value_set_boolean (value, self->fake);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_clock_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FdClock *self = FD_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NOW:
      /* Construct-time only for the system clock; fake clocks move. */
      if (self->fake)
        fd_clock_set_now (self, g_value_get_int64 (value));
      break;
    case PROP_FAKE:
      self->fake = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_clock_class_init (FdClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_clock_dispose;
  object_class->finalize = fd_clock_finalize;
  object_class->get_property = fd_clock_get_property;
  object_class->set_property = fd_clock_set_property;

  /**
   * FdClock:now:
   *
   * Microseconds since the epoch. Notified when a fake clock moves; the
   * system clock's is read, never notified.
   */
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAKE] =
    g_param_spec_boolean ("fake", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_clock_init (FdClock *self)
{
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) timer_free);
}

/**
 * fd_clock_new_system:
 *
 * Returns: (transfer full): a clock that reads the wall clock
 */
FdClock *
fd_clock_new_system (void)
{
  return g_object_new (FD_TYPE_CLOCK, NULL);
}

/**
 * fd_clock_new_fake:
 * @now: where the clock starts
 *
 * Returns: (transfer full): a clock that moves only when told to
 */
FdClock *
fd_clock_new_fake (FdTime now)
{
  return g_object_new (FD_TYPE_CLOCK, "fake", TRUE, "now", now, NULL);
}

gboolean
fd_clock_is_fake (FdClock *self)
{
  g_return_val_if_fail (FD_IS_CLOCK (self), FALSE);

  return self->fake;
}

/**
 * fd_clock_get_now:
 * @self: a clock
 *
 * Returns: the current time, microseconds since the epoch
 */
FdTime
fd_clock_get_now (FdClock *self)
{
  g_return_val_if_fail (FD_IS_CLOCK (self), 0);

  return self->fake ? self->now : g_get_real_time ();
}

static Timer *
earliest_due (FdClock *self,
              FdTime   until)
{
  GHashTableIter iter;
  Timer *best = NULL;
  gpointer value;

  g_hash_table_iter_init (&iter, self->timers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Timer *timer = value;

      if (timer->deadline > until)
        continue;
      if (best == NULL || timer->deadline < best->deadline ||
          (timer->deadline == best->deadline && timer->id < best->id))
        best = timer;
    }

  return best;
}

static void
move_to (FdClock *self,
         FdTime   now)
{
  if (self->now == now)
    return;

  self->now = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

/**
 * fd_clock_set_now:
 * @self: a fake clock
 * @now: the new time
 *
 * Moves the clock. Going forward runs every timer due by @now, earliest
 * first, each with the clock at its deadline (so a timer that adds another
 * which falls due before @now sees it run too).
 */
void
fd_clock_set_now (FdClock *self,
                  FdTime   now)
{
  g_autoptr(FdClock) hold = NULL;
  Timer *timer;

  g_return_if_fail (FD_IS_CLOCK (self));
  g_return_if_fail (self->fake);

  hold = g_object_ref (self);
  /* Timers due at @now itself run too; going back runs none. */
  while (now >= self->now && (timer = earliest_due (self, now)) != NULL)
    {
      FdClockFunc func = timer->func;
      gpointer user_data = timer->user_data;
      GDestroyNotify destroy = timer->destroy;

      move_to (self, MAX (self->now, timer->deadline));
      /* Out of the table first: the callback may add or remove timers. */
      timer->destroy = NULL;
      g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->id));
      func (user_data);
      if (destroy != NULL)
        destroy (user_data);
    }

  move_to (self, now);
}

/**
 * fd_clock_advance:
 * @self: a fake clock
 * @delta: microseconds to move forward
 */
void
fd_clock_advance (FdClock *self,
                  FdTime   delta)
{
  g_return_if_fail (FD_IS_CLOCK (self));
  g_return_if_fail (self->fake);
  g_return_if_fail (delta >= 0);

  fd_clock_set_now (self, self->now + delta);
}

static gboolean
system_timeout_cb (gpointer user_data)
{
  Timer *timer = user_data;
  FdClock *self = timer->clock;
  FdClockFunc func = timer->func;
  gpointer data = timer->user_data;
  GDestroyNotify destroy = timer->destroy;

  timer->source_id = 0;
  timer->destroy = NULL;
  g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->id));
  func (data);
  if (destroy != NULL)
    destroy (data);

  return G_SOURCE_REMOVE;
}

/**
 * fd_clock_add_timeout:
 * @self: a clock
 * @seconds: the delay
 * @func: (scope notified): what to call
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data after the call or the removal
 *
 * Returns: the timer's id, for fd_clock_remove_timeout()
 */
guint
fd_clock_add_timeout (FdClock        *self,
                      guint           seconds,
                      FdClockFunc     func,
                      gpointer        user_data,
                      GDestroyNotify  destroy)
{
  Timer *timer;

  g_return_val_if_fail (FD_IS_CLOCK (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  timer = g_new0 (Timer, 1);
  timer->clock = self;
  timer->id = ++self->last_id;
  if (timer->id == 0)
    timer->id = ++self->last_id;
  timer->deadline = fd_clock_get_now (self) + (FdTime) seconds * G_USEC_PER_SEC;
  timer->func = func;
  timer->user_data = user_data;
  timer->destroy = destroy;
  g_hash_table_insert (self->timers, GUINT_TO_POINTER (timer->id), timer);

  if (!self->fake)
    {
      timer->source_id = g_timeout_add_seconds (seconds, system_timeout_cb, timer);
      g_source_set_name_by_id (timer->source_id, "[flightdeck] clock timeout");
    }

  return timer->id;
}

void
fd_clock_remove_timeout (FdClock *self,
                         guint    id)
{
  g_return_if_fail (FD_IS_CLOCK (self));

  if (id != 0)
    g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
}

guint
fd_clock_get_n_timeouts (FdClock *self)
{
  g_return_val_if_fail (FD_IS_CLOCK (self), 0);

  return g_hash_table_size (self->timers);
}

FdTime
fd_clock_get_next_deadline (FdClock *self)
{
  Timer *timer;

  g_return_val_if_fail (FD_IS_CLOCK (self), FD_TIME_NONE);

  timer = earliest_due (self, G_MAXINT64);
  return timer != NULL ? timer->deadline : FD_TIME_NONE;
}
