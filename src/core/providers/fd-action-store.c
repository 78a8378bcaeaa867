/* fd-action-store.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-action-store"

#include "config.h"

#include "fd-action-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

/*
 * FdActionStore keeps what the user did to alerts and canaries of sources
 * that cannot take actions themselves (a file). It is an append-only log in
 * SQLite, keyed by (source, target id); the provider replays it over every
 * snapshot it produces, so the user's data file is never modified.
 *
 * The connection is opened in serialized mode and every statement runs under
 * a mutex, so providers may use the store from their worker threads.
 */

struct _FdActionStore
{
  GObject   parent_instance;

  /* Owned */
  char     *path;
  char     *corrupt_path;
  GError   *recovery_error;
  sqlite3  *db;
  GMutex    mutex;
};

static void fd_action_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdActionStore, fd_action_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      fd_action_store_initable_iface_init))

G_DEFINE_QUARK (fd-action-store-error-quark, fd_action_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  [FD_ACTION_ACKNOWLEDGE] = "acknowledge",
  [FD_ACTION_RESOLVE] = "resolve",
  [FD_ACTION_SILENCE] = "silence",
  [FD_ACTION_PROMOTE] = "promote",
  [FD_ACTION_PAUSE] = "pause",
  [FD_ACTION_RESUME] = "resume",
  [FD_ACTION_ROLL_BACK] = "roll_back",
};

/**
 * fd_action_store_kind_to_string:
 * @kind: an action kind
 *
 * Returns: (nullable): the name stored in the database, e.g. "acknowledge"
 */
const char *
fd_action_store_kind_to_string (FdActionKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;

  return kind_names[kind];
}

/**
 * fd_action_store_kind_from_string:
 * @str: a name as written by fd_action_store_kind_to_string()
 * @out: (out): the kind
 *
 * Returns: %TRUE when @str names a kind
 */
gboolean
fd_action_store_kind_from_string (const char   *str,
                                  FdActionKind *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (str, kind_names[i]))
        {
          *out = (FdActionKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_corruption (int rc)
{
  rc &= 0xff;   /* extended codes share the primary code's low byte */
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *what)
{
  g_set_error (error, FD_ACTION_STORE_ERROR,
               is_corruption (rc) ? FD_ACTION_STORE_ERROR_CORRUPT : FD_ACTION_STORE_ERROR_FAILED,
               "%s: %s", what, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, sql);
      return FALSE;
    }

  return TRUE;
}

/* Runs a statement that yields a single integer or text row, which covers
 * the pragmas used at open. */
static gboolean
query_single (sqlite3     *db,
              const char  *sql,
              gint64      *int_out,
              char       **text_out,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, sql);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, db, rc, sql);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  if (int_out != NULL)
    *int_out = sqlite3_column_int64 (stmt, 0);
  if (text_out != NULL)
    *text_out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return TRUE;
}

/* Opens the database and brings its schema up to date. A file that is not
 * a store of ours comes back as FD_ACTION_STORE_ERROR_CORRUPT. */
static gboolean
open_database (FdActionStore  *self,
               GError        **error)
{
  g_autofree char *check = NULL;
  gint64 version = 0;
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->path);
      goto fail;
    }

  sqlite3_busy_timeout (self->db, 2000);
  sqlite3_extended_result_codes (self->db, 1);

  /* SQLite only reads the header lazily; force it now so that a garbage
   * file is found at open rather than on the user's first click. */
  if (!query_single (self->db, "PRAGMA user_version", &version, NULL, error))
    goto fail;

  if (version > FD_ACTION_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, FD_ACTION_STORE_ERROR, FD_ACTION_STORE_ERROR_NEWER_SCHEMA,
                   "The action store “%s” has schema version %" G_GINT64_FORMAT
                   ", newer than this Flightdeck understands (%d)",
                   self->path, version, FD_ACTION_STORE_SCHEMA_VERSION);
      goto fail;
    }

  if (!query_single (self->db, "PRAGMA quick_check", NULL, &check, error))
    goto fail;
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, FD_ACTION_STORE_ERROR, FD_ACTION_STORE_ERROR_CORRUPT,
                   "The action store “%s” failed its integrity check: %s",
                   self->path, check ? check : "?");
      goto fail;
    }

  /* WAL: a write is one atomic append to the log, and a crash in the middle
   * of one leaves the last committed state. */
  if (!exec_sql (self->db, "PRAGMA journal_mode=WAL", error) ||
      !exec_sql (self->db, "PRAGMA synchronous=NORMAL", error))
    goto fail;

  if (version < 1)
    {
      if (!exec_sql (self->db,
                     "BEGIN IMMEDIATE;"
                     "CREATE TABLE IF NOT EXISTS actions ("
                     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
                     "  source TEXT NOT NULL,"
                     "  target_id TEXT NOT NULL,"
                     "  kind TEXT NOT NULL,"
                     "  at INTEGER NOT NULL,"
                     "  until INTEGER);"
                     "CREATE INDEX IF NOT EXISTS actions_by_target"
                     "  ON actions (source, target_id, at);"
                     "PRAGMA user_version = 1;"
                     "COMMIT;",
                     error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          goto fail;
        }
    }

  return TRUE;

fail:
  g_clear_pointer (&self->db, sqlite3_close);
  return FALSE;
}

/* Moves the corrupt file (and its WAL and shared-memory files) aside so the
 * user can still inspect or recover it, then starts a new store. */
static gboolean
move_aside (FdActionStore  *self,
            GError        **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = NULL;

  target = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  for (guint n = 1; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", self->path, stamp, n);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;

      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not move the corrupt action store “%s” aside: %s",
                       from, g_strerror (saved_errno));
          return FALSE;
        }
    }

  g_free (self->corrupt_path);
  self->corrupt_path = g_steal_pointer (&target);
  return TRUE;
}

static gboolean
fd_action_store_initable_init (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  FdActionStore *self = FD_ACTION_STORE (initable);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;

  if (self->path == NULL)
    self->path = fd_action_store_get_default_path ();

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the folder “%s”: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (open_database (self, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, FD_ACTION_STORE_ERROR, FD_ACTION_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Losing the local actions is better than a dashboard that cannot start;
   * the old file is kept beside the new one and the reason stays available
   * for the UI to show. */
  if (!move_aside (self, error))
    return FALSE;

  g_warn_if_fail (self->recovery_error == NULL);
  self->recovery_error = g_error_new (FD_ACTION_STORE_ERROR, FD_ACTION_STORE_ERROR_CORRUPT,
                                      "The action store was damaged (%s); it was moved to "
                                      "“%s” and a new one was started",
                                      local_error->message, self->corrupt_path);
  g_debug ("%s", self->recovery_error->message);

  return open_database (self, error);
}

static void
fd_action_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = fd_action_store_initable_init;
}

static void
fd_action_store_finalize (GObject *object)
{
  FdActionStore *self = (FdActionStore *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->corrupt_path, g_free);
  g_clear_error (&self->recovery_error);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fd_action_store_parent_class)->finalize (object);
}

static void
fd_action_store_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FdActionStore *self = FD_ACTION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_action_store_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FdActionStore *self = FD_ACTION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_action_store_class_init (FdActionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_action_store_finalize;
  object_class->get_property = fd_action_store_get_property;
  object_class->set_property = fd_action_store_set_property;

  /**
   * FdActionStore:path:
   *
   * The SQLite file; %NULL means `$XDG_DATA_HOME/flightdeck/actions.sqlite`.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_action_store_init (FdActionStore *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * fd_action_store_new:
 * @path: (nullable): the database file, or %NULL for the default in the
 *   user data folder
 * @error: return location for a #GError
 *
 * Opens (creating when needed) the store. A file that is not a valid store
 * is renamed to `<path>.corrupt-<UTC time>` and a new store is started; the
 * store is returned and fd_action_store_get_recovery_error() says what
 * happened, so the caller can tell the user.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL when the file
 *   cannot be created or was written by a newer version
 */
FdActionStore *
fd_action_store_new (const char  *path,
                     GError     **error)
{
  return g_initable_new (FD_TYPE_ACTION_STORE, NULL, error,
                         "path", path,
                         NULL);
}

/**
 * fd_action_store_get_default_path:
 *
 * Returns: (transfer full): where the store lives unless told otherwise:
 *   `actions.sqlite` in the user data folder's `flightdeck` folder
 */
char *
fd_action_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "flightdeck", "actions.sqlite", NULL);
}

/**
 * fd_action_store_open_default:
 * @create: whether to create the store when it does not exist yet
 * @error: return location for a #GError
 *
 * Opens the store at the default path. Providers call this on first need
 * with @create %FALSE when they only read (a source the user never acted on
 * creates no file) and %TRUE for the first action.
 *
 * Returns: (transfer full) (nullable): the store; %NULL without an error
 *   when @create is %FALSE and there is no store yet, %NULL with @error when
 *   it cannot be opened
 */
FdActionStore *
fd_action_store_open_default (gboolean   create,
                              GError   **error)
{
  g_autofree char *path = fd_action_store_get_default_path ();

  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return fd_action_store_new (path, error);
}

/**
 * fd_action_store_get_path:
 * @self: a #FdActionStore
 *
 * Returns: the database file
 */
const char *
fd_action_store_get_path (FdActionStore *self)
{
  g_return_val_if_fail (FD_IS_ACTION_STORE (self), NULL);

  return self->path;
}

/**
 * fd_action_store_get_recovery_error:
 * @self: a #FdActionStore
 *
 * Returns: (nullable): why the store started afresh at open (an
 *   %FD_ACTION_STORE_ERROR_CORRUPT error), or %NULL when it opened cleanly
 */
const GError *
fd_action_store_get_recovery_error (FdActionStore *self)
{
  g_return_val_if_fail (FD_IS_ACTION_STORE (self), NULL);

  return self->recovery_error;
}

/**
 * fd_action_store_get_corrupt_path:
 * @self: a #FdActionStore
 *
 * Returns: (nullable): where the damaged file was moved, or %NULL
 */
const char *
fd_action_store_get_corrupt_path (FdActionStore *self)
{
  g_return_val_if_fail (FD_IS_ACTION_STORE (self), NULL);

  return self->corrupt_path;
}

/**
 * fd_action_store_add:
 * @self: a #FdActionStore
 * @source: the provider's name, e.g. "file:/home/me/events.jsonl"
 * @action: the action
 * @error: return location for a #GError
 *
 * Appends @action to the log, in one transaction.
 *
 * Returns: %TRUE when the action was stored
 */
gboolean
fd_action_store_add (FdActionStore   *self,
                     const char      *source,
                     const FdAction  *action,
                     GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *kind;
  int rc;

  g_return_val_if_fail (FD_IS_ACTION_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (action->target_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = fd_action_store_kind_to_string (action->kind);
  if (kind == NULL)
    {
      g_set_error (error, FD_ACTION_STORE_ERROR, FD_ACTION_STORE_ERROR_FAILED,
                   "Unknown action kind %d", (int) action->kind);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->mutex);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO actions (source, target_id, kind, at, until) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Could not store the action");
      return FALSE;
    }

  sqlite3_bind_text (stmt, 1, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, action->target_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, action->at);
  if (action->kind == FD_ACTION_SILENCE && action->until != FD_TIME_NONE)
    sqlite3_bind_int64 (stmt, 5, action->until);
  else
    sqlite3_bind_null (stmt, 5);

  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "Could not store the action");
      return FALSE;
    }

  return TRUE;
}

/* The rows of @source (and of @target_id when not NULL), oldest first. */
static GPtrArray *
list_actions (FdActionStore *self,
              const char    *source,
              const char    *target_id)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  GPtrArray *actions = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_action_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT kind, target_id, at, until FROM actions "
                           "WHERE source = ?1 AND (?2 IS NULL OR target_id = ?2) "
                           "ORDER BY at, id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_warning ("Could not read the action store: %s", sqlite3_errmsg (self->db));
      return actions;
    }

  sqlite3_bind_text (stmt, 1, source, -1, SQLITE_TRANSIENT);
  if (target_id != NULL)
    sqlite3_bind_text (stmt, 2, target_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind_name = (const char *) sqlite3_column_text (stmt, 0);
      const char *target = (const char *) sqlite3_column_text (stmt, 1);
      FdTime until = FD_TIME_NONE;
      FdActionKind kind;

      /* A row a newer version wrote with a kind we do not know is skipped,
       * not fatal. */
      if (!fd_action_store_kind_from_string (kind_name, &kind) || target == NULL)
        continue;

      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        until = sqlite3_column_int64 (stmt, 3);

      g_ptr_array_add (actions,
                       fd_action_new (kind, target, sqlite3_column_int64 (stmt, 2), until));
    }

  if (rc != SQLITE_DONE)
    g_warning ("Could not read the action store: %s", sqlite3_errmsg (self->db));

  sqlite3_finalize (stmt);
  return actions;
}

/**
 * fd_action_store_list:
 * @self: a #FdActionStore
 * @source: the provider's name
 *
 * Returns: (transfer full) (element-type FdAction): the actions of
 *   @source, oldest first (by time, then by order of adding)
 */
GPtrArray *
fd_action_store_list (FdActionStore *self,
                      const char    *source)
{
  g_return_val_if_fail (FD_IS_ACTION_STORE (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  return list_actions (self, source, NULL);
}

/**
 * fd_action_store_get_silenced_until:
 * @self: a #FdActionStore
 * @source: the provider's name
 * @alert_id: the alert's id
 * @now: the current time
 *
 * Returns: the end of the silence in force at @now (the latest one the
 *   user set, so a new silence can also shorten an old one), or
 *   %FD_TIME_NONE when the alert is not silenced
 */
FdTime
fd_action_store_get_silenced_until (FdActionStore *self,
                                    const char    *source,
                                    const char    *alert_id,
                                    FdTime         now)
{
  g_autoptr(GPtrArray) actions = NULL;
  FdTime until = FD_TIME_NONE;

  g_return_val_if_fail (FD_IS_ACTION_STORE (self), FD_TIME_NONE);
  g_return_val_if_fail (source != NULL, FD_TIME_NONE);
  g_return_val_if_fail (alert_id != NULL, FD_TIME_NONE);

  actions = list_actions (self, source, alert_id);
  for (guint i = 0; i < actions->len; i++)
    {
      const FdAction *action = g_ptr_array_index (actions, i);

      if (action->kind == FD_ACTION_SILENCE && action->at <= now)
        until = action->until;
    }

  if (until == FD_TIME_NONE || until <= now)
    return FD_TIME_NONE;

  return until;
}

/**
 * fd_action_store_is_silenced:
 * @self: a #FdActionStore
 * @source: the provider's name
 * @alert_id: the alert's id
 * @now: the current time
 *
 * Returns: whether the user silenced the alert and the silence lasts past @now
 */
gboolean
fd_action_store_is_silenced (FdActionStore *self,
                             const char    *source,
                             const char    *alert_id,
                             FdTime         now)
{
  return fd_action_store_get_silenced_until (self, source, alert_id, now) != FD_TIME_NONE;
}

static gboolean
apply_to_alert (FdAlert        *alert,
                const FdAction *action)
{
  FdTime at = MAX (action->at, alert->started_at);

  switch (action->kind)
    {
    case FD_ACTION_ACKNOWLEDGE:
      if (alert->status != FD_ALERT_FIRING)
        return FALSE;
      alert->status = FD_ALERT_ACKNOWLEDGED;
      alert->acknowledged_at = at;
      return TRUE;

    case FD_ACTION_RESOLVE:
      if (alert->status == FD_ALERT_RESOLVED)
        return FALSE;
      alert->status = FD_ALERT_RESOLVED;
      alert->resolved_at = at;
      return TRUE;

    case FD_ACTION_SILENCE:
    case FD_ACTION_PROMOTE:
    case FD_ACTION_PAUSE:
    case FD_ACTION_RESUME:
    case FD_ACTION_ROLL_BACK:
    default:
      /* A silence only hides notifications (fd_action_store_is_silenced());
       * canary actions do not apply to alerts. */
      return FALSE;
    }
}

static gboolean
apply_to_canary (FdCanary       *canary,
                 gsize           n_steps,
                 const double   *steps,
                 const FdAction *action)
{
  gboolean finished = canary->status == FD_CANARY_PROMOTED ||
                      canary->status == FD_CANARY_ROLLED_BACK;
  FdTime at = MAX (action->at, canary->started_at);

  if (finished)
    return FALSE;

  switch (action->kind)
    {
    case FD_ACTION_PROMOTE:
      canary->status = FD_CANARY_PROMOTED;
      canary->traffic_percent = 100.0;
      if (n_steps > 0)
        {
          canary->current_step = (gint32) n_steps - 1;
          canary->traffic_percent = MAX (steps[n_steps - 1], 100.0);
        }
      if (canary->finished_at == FD_TIME_NONE)
        canary->finished_at = at;
      return TRUE;

    case FD_ACTION_ROLL_BACK:
      canary->status = FD_CANARY_ROLLED_BACK;
      canary->traffic_percent = 0.0;
      if (canary->finished_at == FD_TIME_NONE)
        canary->finished_at = at;
      return TRUE;

    case FD_ACTION_PAUSE:
      if (canary->status != FD_CANARY_PROGRESSING)
        return FALSE;
      canary->status = FD_CANARY_PAUSED;
      return TRUE;

    case FD_ACTION_RESUME:
      if (canary->status != FD_CANARY_PAUSED)
        return FALSE;
      canary->status = FD_CANARY_PROGRESSING;
      return TRUE;

    case FD_ACTION_ACKNOWLEDGE:
    case FD_ACTION_RESOLVE:
    case FD_ACTION_SILENCE:
    default:
      return FALSE;
    }
}

static FdStr
reintern (FdSnapshotBuilder *builder,
          const FdSnapshot  *snapshot,
          FdStr              str)
{
  const char *s = fd_snapshot_str (snapshot, str);

  return s != NULL ? fd_snapshot_builder_intern (builder, s) : FD_STR_NONE;
}

/**
 * fd_action_store_overlay:
 * @self: a #FdActionStore
 * @source: the provider's name
 * @snapshot: a snapshot produced by that provider
 *
 * Replays the stored actions of @source over @snapshot, oldest first:
 * acknowledge sets a firing alert acknowledged at the action's time; resolve
 * resolves it (never before it started); promote, pause, resume and roll
 * back move a canary that is not finished (promoted: traffic 100 and the
 * last step; rolled back: traffic 0). Actions on ids the snapshot does not
 * have, or that no longer apply because the source moved on (an alert the
 * source already resolved), change nothing. @snapshot itself is untouched.
 *
 * Returns: (transfer full): a new snapshot with the actions applied, or a
 *   new reference to @snapshot when no action changed anything
 */
FdSnapshot *
fd_action_store_overlay (FdActionStore *self,
                         const char    *source,
                         FdSnapshot    *snapshot)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GHashTable) alerts_by_id = NULL;
  g_autoptr(GHashTable) canaries_by_id = NULL;
  g_autoptr(GArray) alerts = NULL;
  g_autoptr(GArray) canaries = NULL;
  g_autofree gboolean *alert_changed = NULL;
  g_autofree gboolean *canary_changed = NULL;
  FdSnapshotBuilder *builder;
  const FdAlert *src_alerts;
  const FdCanary *src_canaries;
  gsize n_alerts = 0;
  gsize n_canaries = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (FD_IS_ACTION_STORE (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  actions = list_actions (self, source, NULL);
  if (actions->len == 0)
    return fd_snapshot_ref (snapshot);

  src_alerts = fd_snapshot_get_alerts (snapshot, &n_alerts);
  src_canaries = fd_snapshot_get_canaries (snapshot, &n_canaries);

  /* Working copies, changed in place while replaying, then only the changed
   * ones are re-added. */
  alerts = g_array_sized_new (FALSE, FALSE, sizeof (FdAlert), n_alerts);
  g_array_append_vals (alerts, src_alerts, n_alerts);
  canaries = g_array_sized_new (FALSE, FALSE, sizeof (FdCanary), n_canaries);
  g_array_append_vals (canaries, src_canaries, n_canaries);
  alert_changed = g_new0 (gboolean, MAX (n_alerts, 1));
  canary_changed = g_new0 (gboolean, MAX (n_canaries, 1));

  alerts_by_id = g_hash_table_new (NULL, NULL);
  for (gsize i = 0; i < n_alerts; i++)
    g_hash_table_insert (alerts_by_id, GUINT_TO_POINTER (src_alerts[i].id),
                         GSIZE_TO_POINTER (i + 1));
  canaries_by_id = g_hash_table_new (NULL, NULL);
  for (gsize i = 0; i < n_canaries; i++)
    g_hash_table_insert (canaries_by_id, GUINT_TO_POINTER (src_canaries[i].id),
                         GSIZE_TO_POINTER (i + 1));

  for (guint i = 0; i < actions->len; i++)
    {
      const FdAction *action = g_ptr_array_index (actions, i);
      FdStr id = fd_snapshot_lookup (snapshot, action->target_id);
      gsize index;

      if (id == FD_STR_NONE)
        continue;

      index = GPOINTER_TO_SIZE (g_hash_table_lookup (alerts_by_id, GUINT_TO_POINTER (id)));
      if (index > 0 && apply_to_alert (&g_array_index (alerts, FdAlert, index - 1), action))
        any = alert_changed[index - 1] = TRUE;

      index = GPOINTER_TO_SIZE (g_hash_table_lookup (canaries_by_id, GUINT_TO_POINTER (id)));
      if (index > 0)
        {
          FdCanary *canary = &g_array_index (canaries, FdCanary, index - 1);
          gsize n_steps = 0;
          const double *steps = fd_snapshot_get_steps (snapshot, &src_canaries[index - 1],
                                                       &n_steps);

          if (apply_to_canary (canary, n_steps, steps, action))
            any = canary_changed[index - 1] = TRUE;
        }
    }

  if (!any)
    return fd_snapshot_ref (snapshot);

  builder = fd_snapshot_builder_new_from (snapshot);

  for (gsize i = 0; i < n_alerts; i++)
    {
      FdAlert alert;

      if (!alert_changed[i])
        continue;

      /* Strings are interned again through the builder rather than trusting
       * that it numbers them as the base snapshot did. */
      alert = g_array_index (alerts, FdAlert, i);
      alert.id = reintern (builder, snapshot, alert.id);
      alert.name = reintern (builder, snapshot, alert.name);
      alert.service = reintern (builder, snapshot, alert.service);
      alert.environment = reintern (builder, snapshot, alert.environment);
      alert.summary = reintern (builder, snapshot, alert.summary);
      fd_snapshot_builder_add_alert (builder, &alert);
    }

  for (gsize i = 0; i < n_canaries; i++)
    {
      FdCanary canary;
      gsize n_steps = 0;
      const double *steps;

      if (!canary_changed[i])
        continue;

      steps = fd_snapshot_get_steps (snapshot, &src_canaries[i], &n_steps);
      canary = g_array_index (canaries, FdCanary, i);
      canary.id = reintern (builder, snapshot, canary.id);
      canary.service = reintern (builder, snapshot, canary.service);
      canary.environment = reintern (builder, snapshot, canary.environment);
      canary.baseline_version = reintern (builder, snapshot, canary.baseline_version);
      canary.canary_version = reintern (builder, snapshot, canary.canary_version);
      fd_snapshot_builder_add_canary (builder, &canary, steps, n_steps);
    }

  return fd_snapshot_builder_end (builder);
}
