/* test-action-store.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-action-store"

#include "config.h"

#include "fd-action-store.h"
#include "fd-snapshot.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define SECOND G_GINT64_CONSTANT (1000000)
#define T0 (G_GINT64_CONSTANT (1790000000) * SECOND)
#define SOURCE "file:/tmp/events.jsonl"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("flightdeck-actions-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "sub", "actions.sqlite", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }

  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static FdActionStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  FdActionStore *store = fd_action_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_true (FD_IS_ACTION_STORE (store));
  return store;
}

static void
add (FdActionStore *store,
     const char    *source,
     FdActionKind   kind,
     const char    *target,
     FdTime         at,
     FdTime         until)
{
  g_autoptr(FdAction) action = fd_action_new (kind, target, at, until);
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_action_store_add (store, source, action, &error));
  g_assert_no_error (error);
}

static void
test_add_list (Fixture       *fixture,
               gconstpointer  data)
{
  FdActionStore *store = open_store (fixture->path);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) other = NULL;
  const FdAction *action;

  g_assert_cmpstr (fd_action_store_get_path (store), ==, fixture->path);
  g_assert_null (fd_action_store_get_recovery_error (store));
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  add (store, SOURCE, FD_ACTION_RESOLVE, "alert-1", T0 + 20 * SECOND, FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_ACKNOWLEDGE, "alert-1", T0 + 10 * SECOND, FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_SILENCE, "alert-2", T0, T0 + 3600 * SECOND);
  add (store, "sim", FD_ACTION_PROMOTE, "canary-1", T0, FD_TIME_NONE);

  actions = fd_action_store_list (store, SOURCE);
  g_assert_cmpuint (actions->len, ==, 3);

  /* Oldest first by time, whatever the order of adding. */
  action = g_ptr_array_index (actions, 0);
  g_assert_cmpint (action->kind, ==, FD_ACTION_SILENCE);
  g_assert_cmpstr (action->target_id, ==, "alert-2");
  g_assert_cmpint (action->at, ==, T0);
  g_assert_cmpint (action->until, ==, T0 + 3600 * SECOND);
  action = g_ptr_array_index (actions, 1);
  g_assert_cmpint (action->kind, ==, FD_ACTION_ACKNOWLEDGE);
  g_assert_cmpint (action->at, ==, T0 + 10 * SECOND);
  g_assert_cmpint (action->until, ==, FD_TIME_NONE);
  action = g_ptr_array_index (actions, 2);
  g_assert_cmpint (action->kind, ==, FD_ACTION_RESOLVE);

  /* Sources are kept apart. */
  other = fd_action_store_list (store, "sim");
  g_assert_cmpuint (other->len, ==, 1);
  g_assert_cmpint (((FdAction *) g_ptr_array_index (other, 0))->kind, ==, FD_ACTION_PROMOTE);

  g_assert_finalize_object (store);
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  FdActionStore *store = open_store (fixture->path);
  g_autoptr(GPtrArray) actions = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  add (store, SOURCE, FD_ACTION_ROLL_BACK, "canary-7", T0, FD_TIME_NONE);
  g_assert_finalize_object (store);

  /* A "restart": a new object over the same file. */
  store = open_store (fixture->path);
  add (store, SOURCE, FD_ACTION_PAUSE, "canary-8", T0 + SECOND, FD_TIME_NONE);
  actions = fd_action_store_list (store, SOURCE);
  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (((FdAction *) g_ptr_array_index (actions, 0))->target_id, ==, "canary-7");
  g_assert_cmpint (((FdAction *) g_ptr_array_index (actions, 0))->kind, ==, FD_ACTION_ROLL_BACK);
  g_assert_cmpstr (((FdAction *) g_ptr_array_index (actions, 1))->target_id, ==, "canary-8");
  g_assert_finalize_object (store);

  /* The schema is versioned and the journal is WAL. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, FD_ACTION_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_corrupt_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *moved = NULL;
  gsize moved_len = 0;
  FdActionStore *store;
  char garbage[4096];
  const GError *recovery;

  /* Garbage bytes, longer than a SQLite header, deterministic. */
  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) ((i * 7919u + 13u) & 0xff);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (fixture->path, garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  store = open_store (fixture->path);

  recovery = fd_action_store_get_recovery_error (store);
  g_assert_nonnull (recovery);
  g_assert_error (recovery, FD_ACTION_STORE_ERROR, FD_ACTION_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (recovery->message, "corrupt-"));

  /* The bad file is kept aside, byte for byte. */
  g_assert_nonnull (fd_action_store_get_corrupt_path (store));
  g_assert_true (g_str_has_prefix (fd_action_store_get_corrupt_path (store),
                                   fixture->path));
  g_assert_nonnull (strstr (fd_action_store_get_corrupt_path (store), ".corrupt-"));
  g_file_get_contents (fd_action_store_get_corrupt_path (store), &moved, &moved_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (moved, moved_len, garbage, sizeof garbage);

  /* ... and the new store works. */
  add (store, SOURCE, FD_ACTION_ACKNOWLEDGE, "alert-1", T0, FD_TIME_NONE);
  actions = fd_action_store_list (store, SOURCE);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_finalize_object (store);

  /* Opening again is clean. */
  store = open_store (fixture->path);
  g_assert_null (fd_action_store_get_recovery_error (store));
  g_assert_finalize_object (store);
}

static void
test_empty_and_truncated_file (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  FdActionStore *store;
  char truncated[512] = { 0, };

  /* The SQLite magic followed by zeros: what a file cut short after its
   * first write may look like. */
  memcpy (truncated, "SQLite format 3", 16);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* An empty file is a valid, empty database to SQLite. */
  g_file_set_contents (fixture->path, "", 0, &error);
  g_assert_no_error (error);
  store = open_store (fixture->path);
  g_assert_null (fd_action_store_get_recovery_error (store));
  g_assert_finalize_object (store);

  g_assert_cmpint (g_remove (fixture->path), ==, 0);
  g_remove (wal);
  g_remove (shm);
  g_file_set_contents (fixture->path, truncated, sizeof truncated, &error);
  g_assert_no_error (error);
  store = open_store (fixture->path);
  g_assert_nonnull (fd_action_store_get_recovery_error (store));
  g_assert_finalize_object (store);
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  FdActionStore *store;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* A newer version's file is left alone, not "repaired". */
  store = fd_action_store_new (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, FD_ACTION_STORE_ERROR, FD_ACTION_STORE_ERROR_NEWER_SCHEMA);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
}

static void
test_unwritable_folder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "plain-file", NULL);
  g_autofree char *path = g_build_filename (file, "actions.sqlite", NULL);
  FdActionStore *store;

  /* The parent "folder" is a regular file: no store can be created. */
  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);
  store = fd_action_store_new (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
}

static FdSnapshot *
make_snapshot (void)
{
  FdSnapshotBuilder *builder = fd_snapshot_builder_new ();
  static const double steps[] = { 5, 25, 50, 100 };
  FdAlert alert = {
    .started_at = T0,
    .acknowledged_at = FD_TIME_NONE,
    .resolved_at = FD_TIME_NONE,
    .severity = FD_SEVERITY_CRITICAL,
    .status = FD_ALERT_FIRING,
  };
  FdCanary canary = {
    .started_at = T0,
    .finished_at = FD_TIME_NONE,
    .current_step = 1,
    .traffic_percent = 25,
    .status = FD_CANARY_PROGRESSING,
  };

  alert.name = fd_snapshot_builder_intern (builder, "HighErrorRate");
  alert.service = fd_snapshot_builder_intern (builder, "checkout");
  alert.environment = fd_snapshot_builder_intern (builder, "production");
  alert.summary = fd_snapshot_builder_intern (builder, "5xx above 2 %");

  alert.id = fd_snapshot_builder_intern (builder, "alert-ack");
  fd_snapshot_builder_add_alert (builder, &alert);
  alert.id = fd_snapshot_builder_intern (builder, "alert-resolve");
  fd_snapshot_builder_add_alert (builder, &alert);
  alert.id = fd_snapshot_builder_intern (builder, "alert-untouched");
  fd_snapshot_builder_add_alert (builder, &alert);
  alert.id = fd_snapshot_builder_intern (builder, "alert-already-resolved");
  alert.status = FD_ALERT_RESOLVED;
  alert.resolved_at = T0 + 5 * SECOND;
  fd_snapshot_builder_add_alert (builder, &alert);

  canary.service = alert.service;
  canary.environment = alert.environment;
  canary.baseline_version = fd_snapshot_builder_intern (builder, "1.4.0");
  canary.canary_version = fd_snapshot_builder_intern (builder, "1.5.0");
  canary.id = fd_snapshot_builder_intern (builder, "canary-promote");
  fd_snapshot_builder_add_canary (builder, &canary, steps, G_N_ELEMENTS (steps));
  canary.id = fd_snapshot_builder_intern (builder, "canary-rollback");
  fd_snapshot_builder_add_canary (builder, &canary, steps, G_N_ELEMENTS (steps));
  canary.id = fd_snapshot_builder_intern (builder, "canary-pause");
  fd_snapshot_builder_add_canary (builder, &canary, steps, G_N_ELEMENTS (steps));
  canary.id = fd_snapshot_builder_intern (builder, "canary-resume");
  fd_snapshot_builder_add_canary (builder, &canary, steps, G_N_ELEMENTS (steps));

  return fd_snapshot_builder_end (builder);
}

static const FdAlert *
find_alert (FdSnapshot *snapshot,
            const char *id)
{
  FdStr str = fd_snapshot_lookup (snapshot, id);
  gsize n = 0;
  const FdAlert *alerts = fd_snapshot_get_alerts (snapshot, &n);

  for (gsize i = 0; i < n; i++)
    if (alerts[i].id == str)
      return &alerts[i];

  g_assert_not_reached ();
}

static const FdCanary *
find_canary (FdSnapshot *snapshot,
             const char *id)
{
  FdStr str = fd_snapshot_lookup (snapshot, id);
  gsize n = 0;
  const FdCanary *canaries = fd_snapshot_get_canaries (snapshot, &n);

  for (gsize i = 0; i < n; i++)
    if (canaries[i].id == str)
      return &canaries[i];

  g_assert_not_reached ();
}

static void
test_overlay (Fixture       *fixture,
              gconstpointer  data)
{
  FdActionStore *store = open_store (fixture->path);
  g_autoptr(FdSnapshot) snapshot = make_snapshot ();
  g_autoptr(FdSnapshot) same = NULL;
  g_autoptr(FdSnapshot) overlaid = NULL;
  const FdAlert *alert;
  const FdCanary *canary;
  gsize n = 0;

  /* No actions yet: the same snapshot back. */
  same = fd_action_store_overlay (store, SOURCE, snapshot);
  g_assert_true (same == snapshot);

  add (store, SOURCE, FD_ACTION_ACKNOWLEDGE, "alert-ack", T0 + 60 * SECOND, FD_TIME_NONE);
  /* An action timed before the alert started (clock skew) clamps to the start. */
  add (store, SOURCE, FD_ACTION_RESOLVE, "alert-resolve", T0 - 60 * SECOND, FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_ACKNOWLEDGE, "alert-already-resolved", T0 + SECOND,
       FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_SILENCE, "alert-untouched", T0, T0 + 600 * SECOND);
  add (store, SOURCE, FD_ACTION_PROMOTE, "canary-promote", T0 + 120 * SECOND, FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_ROLL_BACK, "canary-rollback", T0 + 130 * SECOND, FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_PAUSE, "canary-pause", T0 + 10 * SECOND, FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_PAUSE, "canary-resume", T0 + 10 * SECOND, FD_TIME_NONE);
  add (store, SOURCE, FD_ACTION_RESUME, "canary-resume", T0 + 20 * SECOND, FD_TIME_NONE);
  /* Promote after a rollback does nothing: the rollout is over. */
  add (store, SOURCE, FD_ACTION_PROMOTE, "canary-rollback", T0 + 140 * SECOND, FD_TIME_NONE);
  /* Unknown ids and other sources are ignored. */
  add (store, SOURCE, FD_ACTION_ACKNOWLEDGE, "no-such-alert", T0, FD_TIME_NONE);
  add (store, "other", FD_ACTION_ACKNOWLEDGE, "alert-untouched", T0, FD_TIME_NONE);

  overlaid = fd_action_store_overlay (store, SOURCE, snapshot);
  g_assert_true (overlaid != snapshot);

  fd_snapshot_get_alerts (overlaid, &n);
  g_assert_cmpuint (n, ==, 4);
  fd_snapshot_get_canaries (overlaid, &n);
  g_assert_cmpuint (n, ==, 4);

  alert = find_alert (overlaid, "alert-ack");
  g_assert_cmpint (alert->status, ==, FD_ALERT_ACKNOWLEDGED);
  g_assert_cmpint (alert->acknowledged_at, ==, T0 + 60 * SECOND);
  g_assert_cmpint (alert->resolved_at, ==, FD_TIME_NONE);
  g_assert_cmpstr (fd_snapshot_str (overlaid, alert->name), ==, "HighErrorRate");
  g_assert_cmpstr (fd_snapshot_str (overlaid, alert->summary), ==, "5xx above 2 %");

  alert = find_alert (overlaid, "alert-resolve");
  g_assert_cmpint (alert->status, ==, FD_ALERT_RESOLVED);
  g_assert_cmpint (alert->resolved_at, ==, T0);

  alert = find_alert (overlaid, "alert-already-resolved");
  g_assert_cmpint (alert->status, ==, FD_ALERT_RESOLVED);
  g_assert_cmpint (alert->resolved_at, ==, T0 + 5 * SECOND);
  g_assert_cmpint (alert->acknowledged_at, ==, FD_TIME_NONE);

  alert = find_alert (overlaid, "alert-untouched");
  g_assert_cmpint (alert->status, ==, FD_ALERT_FIRING);

  canary = find_canary (overlaid, "canary-promote");
  g_assert_cmpint (canary->status, ==, FD_CANARY_PROMOTED);
  g_assert_cmpfloat (canary->traffic_percent, ==, 100.0);
  g_assert_cmpint (canary->current_step, ==, 3);
  g_assert_cmpint (canary->finished_at, ==, T0 + 120 * SECOND);
  g_assert_cmpstr (fd_snapshot_str (overlaid, canary->canary_version), ==, "1.5.0");
  {
    gsize n_steps = 0;
    const double *steps = fd_snapshot_get_steps (overlaid, canary, &n_steps);

    g_assert_cmpuint (n_steps, ==, 4);
    g_assert_cmpfloat (steps[3], ==, 100.0);
  }

  canary = find_canary (overlaid, "canary-rollback");
  g_assert_cmpint (canary->status, ==, FD_CANARY_ROLLED_BACK);
  g_assert_cmpfloat (canary->traffic_percent, ==, 0.0);
  g_assert_cmpint (canary->finished_at, ==, T0 + 130 * SECOND);

  canary = find_canary (overlaid, "canary-pause");
  g_assert_cmpint (canary->status, ==, FD_CANARY_PAUSED);
  g_assert_cmpfloat (canary->traffic_percent, ==, 25.0);

  canary = find_canary (overlaid, "canary-resume");
  g_assert_cmpint (canary->status, ==, FD_CANARY_PROGRESSING);

  /* The input snapshot is untouched. */
  g_assert_cmpint (find_alert (snapshot, "alert-ack")->status, ==, FD_ALERT_FIRING);
  g_assert_cmpint (find_canary (snapshot, "canary-promote")->status, ==, FD_CANARY_PROGRESSING);

  /* Silence: until T0 + 10 min, from T0 on. */
  g_assert_true (fd_action_store_is_silenced (store, SOURCE, "alert-untouched", T0 + SECOND));
  g_assert_cmpint (fd_action_store_get_silenced_until (store, SOURCE, "alert-untouched", T0),
                   ==, T0 + 600 * SECOND);
  g_assert_false (fd_action_store_is_silenced (store, SOURCE, "alert-untouched",
                                               T0 + 600 * SECOND));
  g_assert_false (fd_action_store_is_silenced (store, SOURCE, "alert-untouched", T0 - SECOND));
  g_assert_false (fd_action_store_is_silenced (store, "other", "alert-untouched", T0 + SECOND));
  g_assert_false (fd_action_store_is_silenced (store, SOURCE, "alert-ack", T0 + SECOND));

  g_assert_finalize_object (store);
}

static void
test_silence_shortened (Fixture       *fixture,
                        gconstpointer  data)
{
  FdActionStore *store = open_store (fixture->path);

  add (store, SOURCE, FD_ACTION_SILENCE, "a", T0, T0 + 3600 * SECOND);
  /* Unsilence early: a later silence that ends now. */
  add (store, SOURCE, FD_ACTION_SILENCE, "a", T0 + 60 * SECOND, T0 + 60 * SECOND);

  g_assert_true (fd_action_store_is_silenced (store, SOURCE, "a", T0 + 30 * SECOND));
  g_assert_false (fd_action_store_is_silenced (store, SOURCE, "a", T0 + 90 * SECOND));
  g_assert_finalize_object (store);
}

static void
test_kind_names (void)
{
  FdActionKind kind = FD_ACTION_ACKNOWLEDGE;

  for (int k = FD_ACTION_ACKNOWLEDGE; k <= FD_ACTION_ROLL_BACK; k++)
    {
      const char *name = fd_action_store_kind_to_string ((FdActionKind) k);

      g_assert_nonnull (name);
      g_assert_true (fd_action_store_kind_from_string (name, &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_cmpstr (fd_action_store_kind_to_string (FD_ACTION_ROLL_BACK), ==, "roll_back");
  g_assert_false (fd_action_store_kind_from_string ("explode", &kind));
  g_assert_false (fd_action_store_kind_from_string (NULL, &kind));
  g_assert_null (fd_action_store_kind_to_string ((FdActionKind) 99));
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add ("/flightdeck/action-store/" path, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)

/* The default store is only created when asked to; main() points the user
 * data folder at a new empty one, so the default path starts out free. */
static void
test_open_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fd_action_store_get_default_path ();
  g_autoptr(FdActionStore) missing = NULL;
  FdActionStore *store;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/flightdeck/actions.sqlite"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  missing = fd_action_store_open_default (FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (missing);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  store = fd_action_store_open_default (TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (fd_action_store_get_path (store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (store);

  store = fd_action_store_open_default (FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_finalize_object (store);
}

int
main (int   argc,
      char *argv[])
{
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *data_home = g_dir_make_tmp ("flightdeck-store-XXXXXX", &error);

    g_assert_no_error (error);
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  g_test_init (&argc, &argv, NULL);

  ADD_FIXTURE_TEST ("add-list", test_add_list);
  ADD_FIXTURE_TEST ("reopen", test_reopen);
  ADD_FIXTURE_TEST ("corrupt-file", test_corrupt_file);
  ADD_FIXTURE_TEST ("empty-and-truncated-file", test_empty_and_truncated_file);
  ADD_FIXTURE_TEST ("newer-schema", test_newer_schema);
  ADD_FIXTURE_TEST ("unwritable-folder", test_unwritable_folder);
  ADD_FIXTURE_TEST ("overlay", test_overlay);
  ADD_FIXTURE_TEST ("silence-shortened", test_silence_shortened);
  g_test_add_func ("/flightdeck/action-store/kind-names", test_kind_names);
  g_test_add_func ("/flightdeck/action-store/open-default", test_open_default);

  return g_test_run ();
}
