/* fd-clock.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-records.h"

G_BEGIN_DECLS

/*
 * FdClock: "now" and one-shot timers, so that what depends on time (the
 * session's refresh timers, backoff and rate-limit waits, the simulator's
 * progress, the query window) can be driven by a fake clock in tests.
 *
 * The system clock reads g_get_real_time() and times out with
 * g_timeout_add_seconds(). A fake clock stands still until moved with
 * fd_clock_set_now() or fd_clock_advance(), which run the timers that fall
 * due, in order, with "now" at each one's deadline. Main thread only.
 */
#define FD_TYPE_CLOCK (fd_clock_get_type ())
G_DECLARE_FINAL_TYPE (FdClock, fd_clock, FD, CLOCK, GObject)

typedef void (*FdClockFunc) (gpointer user_data);

FdClock  *fd_clock_new_system      (void);
FdClock  *fd_clock_new_fake        (FdTime          now);
gboolean  fd_clock_is_fake         (FdClock        *self);
FdTime    fd_clock_get_now         (FdClock        *self);
/* Fake clocks only; moving backwards runs no timer. */
void      fd_clock_set_now         (FdClock        *self,
                                    FdTime          now);
void      fd_clock_advance         (FdClock        *self,
                                    FdTime          delta);
/* Calls @func once, @seconds from now; returns an id > 0. */
guint     fd_clock_add_timeout     (FdClock        *self,
                                    guint           seconds,
                                    FdClockFunc     func,
                                    gpointer        user_data,
                                    GDestroyNotify  destroy);
/* Cancels a timeout that has not run yet (0 is ignored). */
void      fd_clock_remove_timeout  (FdClock        *self,
                                    guint           id);
/* Fake clocks: the timers waiting, and the earliest deadline (FD_TIME_NONE: none). */
guint     fd_clock_get_n_timeouts  (FdClock        *self);
FdTime    fd_clock_get_next_deadline (FdClock      *self);

G_END_DECLS
