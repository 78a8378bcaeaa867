/* test-clock.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-clock"

#include "config.h"

#include "fd-clock.h"

#define SECOND ((FdTime) G_USEC_PER_SEC)
#define T0     ((FdTime) 1790157600 * SECOND)

typedef struct
{
  FdClock *clock;
  GString *log;
  guint    rearm;       /* seconds, for the timer that adds another */
} Fixture;

static void
log_cb (gpointer user_data)
{
  Fixture *f = g_object_get_data (G_OBJECT (user_data), "fixture");

  g_string_append_printf (f->log, "%s@%" G_GINT64_FORMAT " ",
                          (const char *) g_object_get_data (G_OBJECT (user_data), "name"),
                          (fd_clock_get_now (f->clock) - T0) / SECOND);
}

static void
rearm_cb (gpointer user_data)
{
  Fixture *f = user_data;

  g_string_append_printf (f->log, "rearm@%" G_GINT64_FORMAT " ",
                          (fd_clock_get_now (f->clock) - T0) / SECOND);
  if (f->rearm > 0)
    fd_clock_add_timeout (f->clock, f->rearm, rearm_cb, f, NULL);
  f->rearm = 0;
}

static GObject *
named (Fixture    *f,
       const char *name)
{
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (object, "fixture", f);
  g_object_set_data_full (object, "name", g_strdup (name), g_free);
  return object;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_clock_fake (void)
{
  Fixture f = { fd_clock_new_fake (T0), g_string_new (NULL), 3 };
  GObject *a = named (&f, "a"), *b = named (&f, "b"), *c = named (&f, "c");
  guint n_now = 0, removed;
  FdTime now;

  g_assert_true (fd_clock_is_fake (f.clock));
  g_assert_cmpint (fd_clock_get_now (f.clock), ==, T0);
  g_signal_connect (f.clock, "notify::now", G_CALLBACK (count_cb), &n_now);

  /* Timers run in deadline order, each at its deadline; removed ones never. */
  fd_clock_add_timeout (f.clock, 10, log_cb, g_object_ref (b), g_object_unref);
  fd_clock_add_timeout (f.clock, 5, log_cb, g_object_ref (a), g_object_unref);
  removed = fd_clock_add_timeout (f.clock, 7, log_cb, g_object_ref (c), g_object_unref);
  fd_clock_add_timeout (f.clock, 6, rearm_cb, &f, NULL);
  g_assert_cmpuint (fd_clock_get_n_timeouts (f.clock), ==, 4);
  g_assert_cmpint (fd_clock_get_next_deadline (f.clock), ==, T0 + 5 * SECOND);
  fd_clock_remove_timeout (f.clock, removed);
  fd_clock_remove_timeout (f.clock, 0);
  g_assert_cmpuint (fd_clock_get_n_timeouts (f.clock), ==, 3);

  fd_clock_advance (f.clock, 4 * SECOND);
  g_assert_cmpstr (f.log->str, ==, "");
  g_assert_cmpuint (n_now, ==, 1);

  /* A timer added by a timer, due before the end of the move, runs too. */
  fd_clock_advance (f.clock, 8 * SECOND);
  g_assert_cmpstr (f.log->str, ==, "a@5 rearm@6 rearm@9 b@10 ");
  g_assert_cmpint (fd_clock_get_now (f.clock), ==, T0 + 12 * SECOND);
  g_assert_cmpuint (fd_clock_get_n_timeouts (f.clock), ==, 0);
  g_assert_cmpint (fd_clock_get_next_deadline (f.clock), ==, FD_TIME_NONE);

  /* Setting the same time notifies nothing; going back runs nothing. */
  n_now = 0;
  fd_clock_set_now (f.clock, T0 + 12 * SECOND);
  g_assert_cmpuint (n_now, ==, 0);
  fd_clock_add_timeout (f.clock, 1, log_cb, g_object_ref (a), g_object_unref);
  fd_clock_set_now (f.clock, T0);
  g_assert_cmpuint (n_now, ==, 1);
  g_object_get (f.clock, "now", &now, NULL);
  g_assert_cmpint (now, ==, T0);
  g_assert_cmpstr (f.log->str, ==, "a@5 rearm@6 rearm@9 b@10 ");

  /* Finalizing frees what is still waiting. */
  g_assert_finalize_object (f.clock);
  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
  g_assert_finalize_object (c);
  g_string_free (f.log, TRUE);
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
fired_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_clock_system (void)
{
  FdClock *clock = fd_clock_new_system ();
  FdTime before = g_get_real_time ();
  gboolean timed_out = FALSE;
  guint fired = 0, kept, id;

  g_assert_false (fd_clock_is_fake (clock));
  g_assert_cmpint (fd_clock_get_now (clock), >=, before);
  g_assert_cmpint (fd_clock_get_now (clock), <=, g_get_real_time ());

  kept = fd_clock_add_timeout (clock, 0, fired_cb, &fired, NULL);
  fd_clock_remove_timeout (clock, fd_clock_add_timeout (clock, 0, fired_cb, &fired, NULL));
  g_assert_cmpuint (kept, >, 0);
  id = g_timeout_add (3000, quit_cb, &timed_out);
  while (fired == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_cmpuint (fired, ==, 1);
  g_assert_cmpuint (fd_clock_get_n_timeouts (clock), ==, 0);

  /* A pending system timeout goes with the clock. */
  fd_clock_add_timeout (clock, 60, fired_cb, &fired, NULL);
  g_assert_finalize_object (clock);
  g_assert_cmpuint (fired, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/clock/fake", test_clock_fake);
  g_test_add_func ("/flightdeck/clock/system", test_clock_system);

  return g_test_run ();
}
