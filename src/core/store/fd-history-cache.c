/* fd-history-cache.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-history-cache"

#include "config.h"

#include "fd-history-cache.h"
#include "fd-history-cache-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/*
 * The file, schema version 1 (PRAGMA user_version = 1, application_id =
 * "FdHC"), in WAL mode:
 *
 * - sources: one row per source URI with its cursor blob and last status;
 *   records name their source by this row's integer id.
 * - strings: a dictionary of the texts records share (services,
 *   environments, pipelines, branches, commits, versions, stage names,
 *   canary ids of samples). Records hold dictionary ids, 0 for none, so that
 *   a load interns each distinct text once instead of once per record.
 * - runs, deployments, alerts, canaries: one row per record, keyed by
 *   (time, source, id) WITHOUT ROWID so that a full scan yields them in time
 *   order (the snapshot builder then has nothing to sort) and retention is a
 *   range delete on the key's prefix; a unique index on (source, id) makes
 *   the upsert and gone-id deletes cheap. The id is stored without the
 *   source's URI (":rest" when it starts with "URI:", else "!id"). Every
 *   other field is packed into one `data` blob (see "Packing" below): SQLite
 *   spends most of a scan's time per column, and a load reads four.
 * - samples: keyed by (at, source, canary, variant), which is the upsert key
 *   itself, with the numbers in `data`; an index on (source, canary) finds
 *   the samples of a gone canary.
 *
 * Threads: every SQLite call happens on one exclusive GThreadPool thread,
 * through "jobs" pushed in call order. The Worker struct is the worker's
 * state and is only touched by jobs; the GObject's own fields only on the
 * owner's thread. Async jobs complete through an idle in the caller's main
 * context (so the last reference to the object is never dropped on the
 * worker); sync jobs wait on a condition. A load also starts a decoder
 * thread of its own, which makes no SQLite call (see "Loading").
 *
 * Checks: the open checks the header, application id and schema version;
 * the full PRAGMA quick_check is left to the first job that touches
 * records, and a load runs it while its decoder works (see open_job()).
 */

#define DAY_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)
#define APPLICATION_ID 0x46644843   /* "FdHC" */
#define STRING_CACHE_MAX 65536

struct _FdHistoryCache
{
  GObject parent_instance;

  /* Owned */
  char        *path;
  guint        retention_days;
  char        *recovery_message;
  char        *moved_aside_path;
  GThreadPool *pool;
  struct _Worker *worker;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_RETENTION_DAYS,
  PROP_RECOVERY_MESSAGE,
  PROP_MOVED_ASIDE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FdHistoryCache, fd_history_cache, G_TYPE_OBJECT)

G_DEFINE_QUARK (fd-history-cache-error-quark, fd_history_cache_error)

/* Worker state {{{ */

typedef enum
{
  STMT_SOURCE_INSERT,
  STMT_SOURCE_SELECT,
  STMT_STRING_SELECT,
  STMT_STRING_INSERT,
  STMT_RUN_UPSERT,
  STMT_DEPLOYMENT_UPSERT,
  STMT_ALERT_UPSERT,
  STMT_CANARY_UPSERT,
  STMT_SAMPLE_UPSERT,
  STMT_GONE_RUN,
  STMT_GONE_DEPLOYMENT,
  STMT_GONE_ALERT,
  STMT_GONE_CANARY,
  STMT_GONE_SAMPLES,
  STMT_SET_CURSOR,
  STMT_SET_STATUS,
  STMT_PURGE_RUNS,
  STMT_PURGE_DEPLOYMENTS,
  STMT_PURGE_ALERTS,
  STMT_PURGE_CANARIES,
  STMT_PURGE_SAMPLES,
  N_STMTS
} StmtId;

static const char * const stmt_sql[N_STMTS] = {
  [STMT_SOURCE_INSERT] = "INSERT OR IGNORE INTO sources (uri) VALUES (?1)",
  [STMT_SOURCE_SELECT] = "SELECT id FROM sources WHERE uri = ?1",
  [STMT_STRING_SELECT] = "SELECT id FROM strings WHERE value = ?1",
  [STMT_STRING_INSERT] = "INSERT INTO strings (value) VALUES (?1)",
  [STMT_RUN_UPSERT] =
    "INSERT OR REPLACE INTO runs (started_at, source, id, data) VALUES (?1, ?2, ?3, ?4)",
  [STMT_DEPLOYMENT_UPSERT] =
    "INSERT OR REPLACE INTO deployments (started_at, source, id, data) VALUES (?1, ?2, ?3, ?4)",
  [STMT_ALERT_UPSERT] =
    "INSERT OR REPLACE INTO alerts (started_at, source, id, data) VALUES (?1, ?2, ?3, ?4)",
  [STMT_CANARY_UPSERT] =
    "INSERT OR REPLACE INTO canaries (started_at, source, id, data) VALUES (?1, ?2, ?3, ?4)",
  [STMT_SAMPLE_UPSERT] =
    "INSERT OR REPLACE INTO samples (at, source, canary, variant, data)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_GONE_RUN] = "DELETE FROM runs WHERE source = ?1 AND id = ?2",
  [STMT_GONE_DEPLOYMENT] = "DELETE FROM deployments WHERE source = ?1 AND id = ?2",
  [STMT_GONE_ALERT] = "DELETE FROM alerts WHERE source = ?1 AND id = ?2",
  [STMT_GONE_CANARY] = "DELETE FROM canaries WHERE source = ?1 AND id = ?2",
  [STMT_GONE_SAMPLES] = "DELETE FROM samples WHERE source = ?1 AND canary = ?2",
  [STMT_SET_CURSOR] = "UPDATE sources SET cursor = ?2 WHERE id = ?1",
  [STMT_SET_STATUS] =
    "UPDATE sources SET state = ?2, message = ?3, last_success = ?4, retry_at = ?5,"
    " next_fetch = ?6 WHERE id = ?1",
  /* Records without a time (FD_TIME_NONE, ?2) cannot age, so they stay. */
  [STMT_PURGE_RUNS] = "DELETE FROM runs WHERE started_at < ?1 AND started_at <> ?2",
  [STMT_PURGE_DEPLOYMENTS] = "DELETE FROM deployments WHERE started_at < ?1 AND started_at <> ?2",
  [STMT_PURGE_ALERTS] = "DELETE FROM alerts WHERE started_at < ?1 AND started_at <> ?2",
  [STMT_PURGE_CANARIES] = "DELETE FROM canaries WHERE started_at < ?1 AND started_at <> ?2",
  [STMT_PURGE_SAMPLES] = "DELETE FROM samples WHERE at < ?1 AND at <> ?2",
};

#define RECORD_TABLE(name)                                                    \
  "CREATE TABLE IF NOT EXISTS " name " ("                                     \
  "  started_at INTEGER NOT NULL,"                                            \
  "  source INTEGER NOT NULL,"                                                \
  "  id TEXT NOT NULL,"                                                       \
  "  data BLOB NOT NULL,"                                                     \
  "  PRIMARY KEY (started_at, source, id)) WITHOUT ROWID;"                    \
  "CREATE UNIQUE INDEX IF NOT EXISTS " name "_by_id ON " name " (source, id);"

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS sources ("
  "  id INTEGER PRIMARY KEY,"
  "  uri TEXT NOT NULL UNIQUE,"
  "  cursor BLOB,"
  "  state TEXT,"
  "  message TEXT,"
  "  last_success INTEGER,"
  "  retry_at INTEGER,"
  "  next_fetch INTEGER);"
  "CREATE TABLE IF NOT EXISTS strings ("
  "  id INTEGER PRIMARY KEY,"
  "  value TEXT NOT NULL UNIQUE);"
  RECORD_TABLE ("runs")
  RECORD_TABLE ("deployments")
  RECORD_TABLE ("alerts")
  RECORD_TABLE ("canaries")
  "CREATE TABLE IF NOT EXISTS samples ("
  "  at INTEGER NOT NULL,"
  "  source INTEGER NOT NULL,"
  "  canary INTEGER NOT NULL,"
  "  variant INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  PRIMARY KEY (at, source, canary, variant)) WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS samples_by_canary ON samples (source, canary);";

typedef struct _Worker
{
  char         *path;
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  GHashTable   *source_ids;     /* URI -> id (gint64 in a pointer) */
  GHashTable   *string_ids;     /* text -> dictionary id */
  GHashTable   *cursors;        /* source id -> GBytes last written or read, or absent */
  GArray       *gc_ids;         /* dictionary ids to delete after the job, or NULL */
  gboolean      check_pending;  /* the open left the quick_check to the next job */
  guint         retention_days;

  /* For the owner, under lock: what the last open or check did with a bad file. */
  gboolean      recovery_set;
  char         *recovery_message;
  char         *moved_path;

  /* Test hooks, under lock */
  GMutex        lock;
  GPtrArray    *threads;
  guint         n_jobs;
} Worker;

static void
worker_close (Worker *w)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&w->stmts[i], sqlite3_finalize);
  g_clear_pointer (&w->db, sqlite3_close);
  g_hash_table_remove_all (w->source_ids);
  g_hash_table_remove_all (w->string_ids);
  g_hash_table_remove_all (w->cursors);
  g_clear_pointer (&w->gc_ids, g_array_unref);
}

static Worker *
worker_new (const char *path)
{
  Worker *w = g_new0 (Worker, 1);

  w->path = g_strdup (path);
  w->source_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->string_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->cursors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  g_mutex_init (&w->lock);
  w->threads = g_ptr_array_new ();

  return w;
}

static void
worker_free (Worker *w)
{
  worker_close (w);
  g_hash_table_unref (w->source_ids);
  g_hash_table_unref (w->string_ids);
  g_hash_table_unref (w->cursors);
  g_ptr_array_unref (w->threads);
  g_free (w->recovery_message);
  g_free (w->moved_path);
  g_mutex_clear (&w->lock);
  g_free (w->path);
  g_free (w);
}

static gboolean
set_db_error (GError     **error,
              sqlite3     *db,
              const char  *what)
{
  g_set_error (error, FD_HISTORY_CACHE_ERROR, FD_HISTORY_CACHE_ERROR_FAILED,
               "Could not %s the history cache: %s", what,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

static gboolean
check_open (Worker  *w,
            GError **error)
{
  if (w->db != NULL)
    return TRUE;

  g_set_error_literal (error, FD_HISTORY_CACHE_ERROR, FD_HISTORY_CACHE_ERROR_NOT_OPEN,
                       "The history cache is not open");
  return FALSE;
}

/* A prepared statement, reset and with its bindings cleared. */
static sqlite3_stmt *
stmt (Worker  *w,
      StmtId   id,
      GError **error)
{
  sqlite3_stmt *s = w->stmts[id];

  if (s == NULL)
    {
      if (sqlite3_prepare_v3 (w->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                              &w->stmts[id], NULL) != SQLITE_OK)
        {
          set_db_error (error, w->db, "prepare a query for");
          return NULL;
        }
      return w->stmts[id];
    }

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return s;
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (Worker       *w,
           sqlite3_stmt *s,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return set_db_error (error, w->db, what);
  return TRUE;
}

static gboolean
exec (Worker     *w,
      const char *sql,
      const char *what,
      GError    **error)
{
  if (sqlite3_exec (w->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (error, w->db, what);
  return TRUE;
}

static void
rollback (Worker *w)
{
  sqlite3_exec (w->db, "ROLLBACK", NULL, NULL, NULL);
  /* Rows inserted in the transaction are gone, and with them their ids. */
  g_hash_table_remove_all (w->source_ids);
  g_hash_table_remove_all (w->string_ids);
  g_hash_table_remove_all (w->cursors);
}

static void
bind_time (sqlite3_stmt *s,
           int           i,
           FdTime        t)
{
  if (t == FD_TIME_NONE)
    sqlite3_bind_null (s, i);
  else
    sqlite3_bind_int64 (s, i, t);
}

static inline FdTime
column_time (sqlite3_stmt *s,
             int           i)
{
  if (sqlite3_column_type (s, i) == SQLITE_NULL)
    return FD_TIME_NONE;
  return sqlite3_column_int64 (s, i);
}

/* SQLite stores NaN as NULL, which we read back as NaN. */
static inline double
column_double (sqlite3_stmt *s,
               int           i)
{
  if (sqlite3_column_type (s, i) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (s, i);
}

static gint64
source_id (Worker     *w,
           const char *uri,
           gboolean    create,
           GError    **error)
{
  gpointer value;
  sqlite3_stmt *s;
  gint64 id = 0;
  int rc;

  if (g_hash_table_lookup_extended (w->source_ids, uri, NULL, &value))
    return (gint64) GPOINTER_TO_SIZE (value);

  if (create)
    {
      if ((s = stmt (w, STMT_SOURCE_INSERT, error)) == NULL)
        return -1;
      sqlite3_bind_text (s, 1, uri, -1, SQLITE_STATIC);
      if (!step_done (w, s, "add a source to", error))
        return -1;
    }

  if ((s = stmt (w, STMT_SOURCE_SELECT, error)) == NULL)
    return -1;
  sqlite3_bind_text (s, 1, uri, -1, SQLITE_STATIC);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (error, w->db, "read");
      return -1;
    }
  if (id > 0)
    g_hash_table_insert (w->source_ids, g_strdup (uri), GSIZE_TO_POINTER ((gsize) id));

  return id;
}

/* The dictionary id of @len bytes at @text, adding them when @create. 0 when
 * absent and not created, -1 on error. */
static gint64
string_id (Worker     *w,
           const char *text,
           gsize       len,
           gboolean    create,
           GError    **error)
{
  /* Texts holding a NUL byte (from a JSON "\u0000") bypass the C-string cache. */
  gboolean cacheable = memchr (text, '\0', len) == NULL;
  g_autofree char *key = NULL;
  gpointer value;
  sqlite3_stmt *s;
  gint64 id = 0;
  int rc;

  if (cacheable)
    {
      key = g_strndup (text, len);
      if (g_hash_table_lookup_extended (w->string_ids, key, NULL, &value))
        return (gint64) GPOINTER_TO_SIZE (value);
    }

  if ((s = stmt (w, STMT_STRING_SELECT, error)) == NULL)
    return -1;
  sqlite3_bind_text (s, 1, text, (int) len, SQLITE_STATIC);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (error, w->db, "read");
      return -1;
    }

  if (id == 0 && create)
    {
      if ((s = stmt (w, STMT_STRING_INSERT, error)) == NULL)
        return -1;
      sqlite3_bind_text (s, 1, text, (int) len, SQLITE_STATIC);
      if (!step_done (w, s, "write", error))
        return -1;
      id = sqlite3_last_insert_rowid (w->db);
    }

  if (id > 0 && cacheable)
    {
      if (g_hash_table_size (w->string_ids) >= STRING_CACHE_MAX)
        g_hash_table_remove_all (w->string_ids);
      g_hash_table_insert (w->string_ids, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) id));
    }

  return id;
}

/* }}} */

/* Jobs {{{ */

typedef gpointer (*JobFunc) (Worker        *w,
                             gpointer       data,
                             GCancellable  *cancellable,
                             GError       **error);

typedef struct
{
  JobFunc         func;
  gpointer        data;
  GDestroyNotify  data_free;
  GCancellable   *cancellable;
  GDestroyNotify  result_free;
  gpointer        result;
  GError         *error;

  /* Async: completed in the task's main context. */
  GTask          *task;

  /* Sync: the caller waits for done. */
  gboolean        sync;
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->task);
  g_free (job);
}

static void pick_up_recovery (FdHistoryCache *self);

static gboolean
complete_job_cb (gpointer user_data)
{
  Job *job = user_data;

  pick_up_recovery (g_task_get_source_object (job->task));
  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
  job_free (job);

  return G_SOURCE_REMOVE;
}

static void run_gc (Worker *w);

static void
worker_run (gpointer job_data,
            gpointer pool_data)
{
  Job *job = job_data;
  Worker *w = pool_data;
  GThread *self_thread = g_thread_self ();

  g_mutex_lock (&w->lock);
  if (!g_ptr_array_find (w->threads, self_thread, NULL))
    g_ptr_array_add (w->threads, self_thread);
  w->n_jobs++;
  g_mutex_unlock (&w->lock);

  if (!g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    {
      job->result = job->func (w, job->data, job->cancellable, &job->error);
      g_assert (job->result != NULL || job->error != NULL);
    }

  if (job->sync)
    {
      g_mutex_lock (&job->mutex);
      job->done = TRUE;
      g_cond_signal (&job->cond);
      g_mutex_unlock (&job->mutex);
      /* The caller owns the job from here on. */
    }
  else if (job->task != NULL)
    {
      g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT,
                                  complete_job_cb, job, NULL);
    }
  else
    {
      job_free (job);
    }

  /* Maintenance a job left for after its caller has the answer. */
  if (w->gc_ids != NULL)
    run_gc (w);
}

static void
push_async (FdHistoryCache      *self,
            gpointer             source_tag,
            JobFunc              func,
            gpointer             data,
            GDestroyNotify       data_free,
            GDestroyNotify       result_free,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  g_thread_pool_push (self->pool, job, NULL);
}

/* Runs @func on the worker and waits; @data is freed here, the result is the caller's. */
static gpointer
run_job (GThreadPool     *pool,
         JobFunc          func,
          gpointer         data,
          GDestroyNotify   data_free,
          GCancellable    *cancellable,
          GError         **error)
{
  Job job = { 0, };
  gpointer result;

  job.func = func;
  job.data = data;
  job.cancellable = cancellable;
  job.sync = TRUE;
  g_mutex_init (&job.mutex);
  g_cond_init (&job.cond);

  g_mutex_lock (&job.mutex);
  g_thread_pool_push (pool, &job, NULL);
  while (!job.done)
    g_cond_wait (&job.cond, &job.mutex);
  g_mutex_unlock (&job.mutex);

  g_mutex_clear (&job.mutex);
  g_cond_clear (&job.cond);
  if (data_free != NULL && data != NULL)
    data_free (data);

  result = job.result;
  if (job.error != NULL)
    g_propagate_error (error, job.error);

  return result;
}

static gpointer
run_sync (FdHistoryCache  *self,
          JobFunc          func,
          gpointer         data,
          GDestroyNotify   data_free,
          GCancellable    *cancellable,
          GError         **error)
{
  gpointer result = run_job (self->pool, func, data, data_free, cancellable, error);

  pick_up_recovery (self);
  return result;
}

static gpointer
finish_pointer (FdHistoryCache  *self,
                GAsyncResult    *result,
                gpointer         source_tag,
                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */

/* Opening {{{ */

typedef struct
{
  guint  retention_days;
} OpenData;

typedef enum
{
  CHECK_OK,
  CHECK_EMPTY,       /* a database without our schema and without any table: build it */
  CHECK_CORRUPT,
  CHECK_NEWER,
  CHECK_FAILED,      /* e.g. busy or unreadable: report, leave the file alone */
} CheckResult;

static gboolean
is_damage (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT || rc == SQLITE_FORMAT;
}

static gboolean
pragma_int (sqlite3     *db,
            const char  *sql,
            gint64      *out,
            int         *out_rc)
{
  sqlite3_stmt *s = NULL;
  int rc;

  *out = 0;
  rc = sqlite3_prepare_v2 (db, sql, -1, &s, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (s);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int64 (s, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      else
        rc = sqlite3_extended_errcode (db);
    }
  sqlite3_finalize (s);
  *out_rc = rc;

  return rc == SQLITE_OK;
}

/* The cheap checks: a database of ours, of a schema we know. */
static CheckResult
check_header (sqlite3  *db,
              GError  **error)
{
  gint64 version, app_id, n_tables;
  int rc;

  /* Reading the header is where a file that is not a database fails. */
  if (!pragma_int (db, "PRAGMA user_version", &version, &rc) ||
      !pragma_int (db, "PRAGMA application_id", &app_id, &rc) ||
      !pragma_int (db, "SELECT count(*) FROM sqlite_master", &n_tables, &rc))
    {
      if (is_damage (rc))
        {
          g_debug ("SQLite found damage: %s", sqlite3_errstr (rc));
          return CHECK_CORRUPT;
        }
      g_set_error (error, FD_HISTORY_CACHE_ERROR, FD_HISTORY_CACHE_ERROR_FAILED,
                   "Could not read the history cache: %s", sqlite3_errstr (rc));
      return CHECK_FAILED;
    }

  if (version > FD_HISTORY_CACHE_SCHEMA_VERSION)
    {
      g_debug ("Schema version %" G_GINT64_FORMAT " is newer than ours", version);
      return CHECK_NEWER;
    }
  if (version == 0 && app_id == 0 && n_tables == 0)
    return CHECK_EMPTY;
  /* Another program's database, or one we never finished making. */
  if (app_id != APPLICATION_ID || version != FD_HISTORY_CACHE_SCHEMA_VERSION)
    {
      g_debug ("Not a history cache (application id %" G_GINT64_FORMAT ", version %"
               G_GINT64_FORMAT ")", app_id, version);
      return CHECK_CORRUPT;
    }

  return CHECK_OK;
}

/* PRAGMA quick_check: it reads every page, so it costs as much as a load. */
static CheckResult
quick_check (sqlite3  *db,
             GError  **error)
{
  sqlite3_stmt *s = NULL;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &s, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (s);
      if (rc == SQLITE_ROW)
        ok = g_strcmp0 ((const char *) sqlite3_column_text (s, 0), "ok") == 0;
      rc = rc == SQLITE_ROW ? SQLITE_OK : sqlite3_extended_errcode (db);
    }
  sqlite3_finalize (s);

  if (rc == SQLITE_OK && ok)
    return CHECK_OK;
  if (rc == SQLITE_OK || is_damage (rc))
    {
      g_debug ("PRAGMA quick_check found damage");
      return CHECK_CORRUPT;
    }
  g_set_error (error, FD_HISTORY_CACHE_ERROR, FD_HISTORY_CACHE_ERROR_FAILED,
               "Could not check the history cache: %s", sqlite3_errstr (rc));
  return CHECK_FAILED;
}

/* Whether @path is empty (SQLite makes a new database of it) or starts
 * with the SQLite header. */
static gboolean
has_sqlite_header (const char *path)
{
  static const char magic[16] = "SQLite format 3";
  char header[16];
  FILE *file = g_fopen (path, "rb");
  size_t n;

  if (file == NULL)
    return TRUE;  /* let SQLite report why it cannot be read */
  n = fread (header, 1, sizeof header, file);
  fclose (file);

  return n == 0 || (n == sizeof header && memcmp (header, magic, sizeof magic) == 0);
}

/* Moves @path and its -wal and -shm files to "@path.@kind-YYYYMMDD-HHMMSS". */
static char *
move_aside (const char  *path,
            const char  *kind,
            GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.%s-%s", path, kind, stamp);

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.%s-%s-%u", path, kind, stamp, n);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && (errno != ENOENT || i == 0))
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Could not move the damaged history cache to %s: %s",
                       to, g_strerror (saved));
          return NULL;
        }
    }

  return g_steal_pointer (&target);
}

static gboolean
configure (Worker  *w,
           GError **error)
{
  sqlite3_busy_timeout (w->db, 5000);
  /* Big pages make a full scan and the quick_check of a big cache faster;
   * this only applies to a new file. A cache can lose its last transaction
   * on power loss without harm: with WAL, NORMAL never corrupts the file and
   * spares a sync per batch. The map lets a load read pages without copying
   * them. */
  return exec (w, "PRAGMA page_size = 16384", "set up", error) &&
         exec (w, "PRAGMA journal_mode = WAL", "set up", error) &&
         exec (w, "PRAGMA synchronous = NORMAL", "set up", error) &&
         exec (w, "PRAGMA cache_size = -32768", "set up", error) &&
         exec (w, "PRAGMA mmap_size = 1073741824", "set up", error) &&
         exec (w, "PRAGMA temp_store = MEMORY", "set up", error);
}

static gboolean
create_schema (Worker  *w,
               GError **error)
{
  g_autofree char *pragmas = g_strdup_printf ("PRAGMA user_version = %d;"
                                              "PRAGMA application_id = %d;",
                                              FD_HISTORY_CACHE_SCHEMA_VERSION, APPLICATION_ID);

  if (!exec (w, "BEGIN IMMEDIATE", "create", error))
    return FALSE;
  if (!exec (w, schema_sql, "create", error) || !exec (w, pragmas, "create", error) ||
      !exec (w, "COMMIT", "create", error))
    {
      rollback (w);
      return FALSE;
    }

  return TRUE;
}

static gboolean
open_db (Worker   *w,
         int       flags,
         GError  **error)
{
  int rc = sqlite3_open_v2 (w->path, &w->db, flags | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, FD_HISTORY_CACHE_ERROR, FD_HISTORY_CACHE_ERROR_FAILED,
                   "Could not open the history cache at %s: %s", w->path,
                   w->db != NULL ? sqlite3_errmsg (w->db) : sqlite3_errstr (rc));
      g_clear_pointer (&w->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_extended_result_codes (w->db, TRUE);

  return TRUE;
}

static gint64
purge (Worker  *w,
       guint    retention_days,
       GError **error)
{
  static const StmtId purges[] = {
    STMT_PURGE_RUNS, STMT_PURGE_DEPLOYMENTS, STMT_PURGE_ALERTS,
    STMT_PURGE_CANARIES, STMT_PURGE_SAMPLES,
  };
  FdTime cutoff;
  gint64 n = 0;

  if (retention_days == 0)
    return 0;

  cutoff = g_get_real_time () - (gint64) retention_days * DAY_US;
  for (guint i = 0; i < G_N_ELEMENTS (purges); i++)
    {
      sqlite3_stmt *s = stmt (w, purges[i], error);

      if (s == NULL)
        return -1;
      sqlite3_bind_int64 (s, 1, cutoff);
      sqlite3_bind_int64 (s, 2, FD_TIME_NONE);
      if (!step_done (w, s, "age out old records of", error))
        return -1;
      n += sqlite3_changes (w->db);
    }

  return n;
}

/* What the owner learns after the job: the sentence for the user. */
static void
worker_set_recovery (Worker     *w,
                     const char *message,
                     const char *moved_path)
{
  g_mutex_lock (&w->lock);
  g_free (w->recovery_message);
  g_free (w->moved_path);
  w->recovery_message = g_strdup (message);
  w->moved_path = g_strdup (moved_path);
  w->recovery_set = TRUE;
  g_mutex_unlock (&w->lock);
}

static gboolean
purge_in_transaction (Worker  *w,
                      GError **error)
{
  if (!exec (w, "BEGIN IMMEDIATE", "age out old records of", error))
    return FALSE;
  if (purge (w, w->retention_days, error) < 0 ||
      !exec (w, "COMMIT", "age out old records of", error))
    {
      rollback (w);
      return FALSE;
    }
  return TRUE;
}

/* Moves the file (open or not) aside as "@kind" and starts a new cache. */
static gboolean
start_over (Worker      *w,
            const char  *kind,
            GError     **error)
{
  g_autofree char *moved = NULL;
  g_autofree char *message = NULL;

  /* The WAL goes along as it is: closing must not write it into the bad file. */
  if (w->db != NULL)
    sqlite3_db_config (w->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  worker_close (w);
  w->check_pending = FALSE;

  moved = move_aside (w->path, kind, error);
  if (moved == NULL)
    return FALSE;

  if (g_str_equal (kind, "corrupt"))
    message = g_strdup_printf ("The history cache was damaged and has been moved to %s; "
                               "a new one was started.", moved);
  else
    message = g_strdup_printf ("The history cache was written by a newer version of "
                               "Flightdeck and has been moved to %s; a new one was started.",
                               moved);
  g_message ("%s", message);
  worker_set_recovery (w, message, moved);

  if (!open_db (w, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error) ||
      !configure (w, error) || !create_schema (w, error))
    {
      worker_close (w);
      return FALSE;
    }

  return TRUE;
}

/* The full check, if the open left it to the first job that reads or writes
 * records: then the retention applies. A damaged file is moved aside. */
static gboolean
ensure_checked (Worker  *w,
                GError **error)
{
  CheckResult check;

  if (!w->check_pending)
    return TRUE;

  check = quick_check (w->db, error);
  if (check == CHECK_FAILED)
    return FALSE;
  w->check_pending = FALSE;
  if (check == CHECK_CORRUPT)
    return start_over (w, "corrupt", error);

  return purge_in_transaction (w, error);
}

/*
 * Opening does the cheap checks only (the header, our application id, the
 * schema version) through a read-only connection, which never writes a WAL
 * into a file it may move aside. The full PRAGMA quick_check reads the whole
 * file, so it is left to the first job that touches records: a load runs it
 * while its decoder thread is busy (nothing from a damaged file is
 * returned), a write runs it first (nothing is written into one).
 */
static gpointer
open_job (Worker        *w,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  OpenData *od = data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (w->path);
  CheckResult check = CHECK_EMPTY;

  worker_close (w);
  w->check_pending = FALSE;
  w->retention_days = od->retention_days;
  worker_set_recovery (w, NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create the folder of the history cache, %s: %s",
                   dir, g_strerror (saved));
      return NULL;
    }

  if (g_file_test (w->path, G_FILE_TEST_EXISTS))
    {
      /* A file that is not a database at all is not even handed to SQLite. */
      if (!has_sqlite_header (w->path))
        {
          check = CHECK_CORRUPT;
        }
      else
        {
          if (!open_db (w, SQLITE_OPEN_READONLY, error))
            return NULL;
          check = check_header (w->db, &local_error);
          worker_close (w);
        }
      if (check == CHECK_FAILED)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (check == CHECK_CORRUPT || check == CHECK_NEWER)
        return start_over (w, check == CHECK_CORRUPT ? "corrupt" : "newer", error)
               ? GINT_TO_POINTER (TRUE) : NULL;
    }

  if (!open_db (w, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error) ||
      !configure (w, error) ||
      (check != CHECK_OK && !create_schema (w, error)))
    {
      worker_close (w);
      return NULL;
    }
  w->check_pending = check == CHECK_OK;

  return GINT_TO_POINTER (TRUE);
}

static void
set_recovery (FdHistoryCache *self,
              const char     *message,
              const char     *moved_path)
{
  if (g_strcmp0 (self->recovery_message, message) != 0)
    {
      g_free (self->recovery_message);
      self->recovery_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECOVERY_MESSAGE]);
    }
  if (g_strcmp0 (self->moved_aside_path, moved_path) != 0)
    {
      g_free (self->moved_aside_path);
      self->moved_aside_path = g_strdup (moved_path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOVED_ASIDE_PATH]);
    }
}

/* On the owner's thread, after every job: what the worker found out. */
static void
pick_up_recovery (FdHistoryCache *self)
{
  Worker *w = self->worker;
  g_autofree char *message = NULL;
  g_autofree char *moved_path = NULL;
  gboolean set;

  g_mutex_lock (&w->lock);
  set = w->recovery_set;
  message = g_steal_pointer (&w->recovery_message);
  moved_path = g_steal_pointer (&w->moved_path);
  w->recovery_set = FALSE;
  g_mutex_unlock (&w->lock);

  if (set)
    set_recovery (self, message, moved_path);
}

static OpenData *
open_data_new (FdHistoryCache *self)
{
  OpenData *od = g_new0 (OpenData, 1);

  od->retention_days = self->retention_days;
  return od;
}

/**
 * fd_history_cache_open_async:
 * @self: a #FdHistoryCache
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Opens the cache file on the worker, creating it and its folder when
 * missing. A file that is not a database, not ours, or from a newer schema
 * is moved aside, never deleted, and a new cache is started: the open then
 * succeeds and fd_history_cache_get_recovery_message() says what happened.
 *
 * The full `PRAGMA quick_check` and the retention run with the first call
 * that reads or writes records (a load runs the check alongside its decoding,
 * which is why it costs a reopen little); a file that fails it is moved aside
 * the same way before anything of it is returned or written, and the
 * recovery message is set when that call finishes. Calls made after this one
 * wait for it.
 */
void
fd_history_cache_open_async (FdHistoryCache      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FD_IS_HISTORY_CACHE (self));

  push_async (self, fd_history_cache_open_async, open_job, open_data_new (self), g_free,
              NULL, cancellable, callback, user_data);
}

/**
 * fd_history_cache_open_finish:
 * @self: a #FdHistoryCache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the cache is open (perhaps a new one, see
 *   fd_history_cache_get_recovery_message())
 */
gboolean
fd_history_cache_open_finish (FdHistoryCache  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return finish_pointer (self, result, fd_history_cache_open_async, error) != NULL;
}

/**
 * fd_history_cache_open_sync:
 * @self: a #FdHistoryCache
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Same as fd_history_cache_open_async(), waiting for the worker.
 *
 * Returns: %TRUE when the cache is open
 */
gboolean
fd_history_cache_open_sync (FdHistoryCache  *self,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), FALSE);

  return run_sync (self, open_job, open_data_new (self), g_free, cancellable, error) != NULL;
}

/* }}} */

/* Packing {{{ */

/*
 * The data blobs: unsigned LEB128 varints; signed ones zigzag-encoded;
 * optional times as a presence bit in a flags byte and a signed delta from
 * the record's time; floats as IEEE little-endian. Dictionary ids are
 * varints, 0 for none.
 *
 * run:        status u8, flags u8 (1: finished), [finished delta], pipeline,
 *             service, environment, branch, commit, trigger, n_stages, then
 *             per stage: name, status u8, duration f32
 * deployment: status u8, flags u8 (1: finished, 2: committed, 4: caused an
 *             incident), [finished delta], [committed delta], service,
 *             environment, version, previous version, strategy, commit
 * alert:      severity u8, status u8, flags u8 (1: acknowledged, 2: resolved),
 *             [acknowledged delta], [resolved delta], name, service,
 *             environment, summary
 * canary:     status u8, flags u8 (1: finished), [finished delta], service,
 *             environment, baseline version, canary version, current step
 *             (signed), traffic percent f64, n_steps, steps f64 each
 * sample:     requests (signed), errors (signed), p50, p95, p99 f64
 */

static inline void
put_u8 (GByteArray *b,
        guint8      v)
{
  g_byte_array_append (b, &v, 1);
}

static void
put_varint (GByteArray *b,
            guint64     v)
{
  guint8 tmp[10];
  guint n = 0;

  do
    {
      tmp[n] = (guint8) (v & 0x7f);
      v >>= 7;
      if (v != 0)
        tmp[n] |= 0x80;
      n++;
    }
  while (v != 0);
  g_byte_array_append (b, tmp, n);
}

static void
put_svarint (GByteArray *b,
             gint64      v)
{
  put_varint (b, ((guint64) v << 1) ^ (guint64) (v >> 63));
}

/* The wrapping difference, so that any two times give a delta that undoes. */
static void
put_delta (GByteArray *b,
           FdTime      base,
           FdTime      t)
{
  put_svarint (b, (gint64) ((guint64) t - (guint64) base));
}

static void
put_f32 (GByteArray *b,
         float       v)
{
  guint32 bits;

  memcpy (&bits, &v, 4);
  bits = GUINT32_TO_LE (bits);
  g_byte_array_append (b, (const guint8 *) &bits, 4);
}

static void
put_f64 (GByteArray *b,
         double      v)
{
  guint64 bits;

  memcpy (&bits, &v, 8);
  bits = GUINT64_TO_LE (bits);
  g_byte_array_append (b, (const guint8 *) &bits, 8);
}

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      bad;
} Reader;

static inline guint8
get_u8 (Reader *r)
{
  if (G_UNLIKELY (r->p >= r->end))
    {
      r->bad = TRUE;
      return 0;
    }
  return *r->p++;
}

static inline guint64
get_varint (Reader *r)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64 && r->p < r->end; shift += 7)
    {
      guint8 c = *r->p++;

      v |= (guint64) (c & 0x7f) << shift;
      if ((c & 0x80) == 0)
        return v;
    }
  r->bad = TRUE;
  return 0;
}

static inline gint64
get_svarint (Reader *r)
{
  guint64 v = get_varint (r);

  return (gint64) ((v >> 1) ^ (~(v & 1) + 1));
}

static inline FdTime
get_delta (Reader *r,
           FdTime  base)
{
  return (FdTime) ((guint64) base + (guint64) get_svarint (r));
}

static inline float
get_f32 (Reader *r)
{
  guint32 bits;
  float v;

  if (G_UNLIKELY (r->end - r->p < 4))
    {
      r->bad = TRUE;
      return 0;
    }
  memcpy (&bits, r->p, 4);
  r->p += 4;
  bits = GUINT32_FROM_LE (bits);
  memcpy (&v, &bits, 4);
  return v;
}

static inline double
get_f64 (Reader *r)
{
  guint64 bits;
  double v;

  if (G_UNLIKELY (r->end - r->p < 8))
    {
      r->bad = TRUE;
      return 0;
    }
  memcpy (&bits, r->p, 8);
  r->p += 8;
  bits = GUINT64_FROM_LE (bits);
  memcpy (&v, &bits, 8);
  return v;
}

/* The stored form of a record id: without the source's URI when it has it. */
static char *
stored_id (const char *uri,
           gsize       uri_len,
           const char *id,
           gsize       len,
           gsize      *out_len)
{
  char *stored;

  if (len > uri_len && memcmp (id, uri, uri_len) == 0 && id[uri_len] == ':')
    {
      *out_len = len - uri_len;
      return g_memdup2 (id + uri_len, *out_len);
    }

  *out_len = len + 1;
  stored = g_malloc (len + 1);
  stored[0] = '!';
  memcpy (stored + 1, id, len);
  return stored;
}

/* }}} */

/* Applying a batch {{{ */

typedef struct
{
  FdBatch *batch;
  guint    retention_days;
} ApplyData;

static void
apply_data_free (ApplyData *ad)
{
  fd_batch_unref (ad->batch);
  g_free (ad);
}

/* Dictionary ids of one batch's strings, each found once per batch. */
typedef struct
{
  Worker           *w;
  const FdSnapshot *snapshot;
  gint64           *ids;       /* by FdStr; 0: not looked up yet */
  guint             n;
} BatchStrings;

static gint64
batch_string (BatchStrings  *bs,
              FdStr          str,
              GError       **error)
{
  const char *text;
  gsize len;
  gint64 id;

  if (str == FD_STR_NONE || str >= bs->n)
    return 0;
  if (bs->ids[str] != 0)
    return bs->ids[str];

  text = fd_snapshot_str_len (bs->snapshot, str, &len);
  if (text == NULL)
    return 0;
  id = string_id (bs->w, text, len, TRUE, error);
  if (id > 0)
    bs->ids[str] = id;
  return id;
}

/* Binds the stored form of record id @id of @snapshot to parameter @i. */
static void
bind_record_id (sqlite3_stmt     *s,
                int               i,
                const char       *uri,
                gsize             uri_len,
                const FdSnapshot *snapshot,
                FdStr             id)
{
  gsize len, stored_len;
  const char *text = fd_snapshot_str_len (snapshot, id, &len);
  char *stored = stored_id (uri, uri_len, text != NULL ? text : "", len, &stored_len);

  sqlite3_bind_text (s, i, stored, (int) stored_len, g_free);
}

/* Appends the dictionary ids of @strs as varints; FALSE on error. */
static gboolean
put_strings (GByteArray    *b,
             BatchStrings  *bs,
             const FdStr   *strs,
             guint          n,
             GError       **error)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 id = batch_string (bs, strs[i], error);

      if (id < 0)
        return FALSE;
      put_varint (b, (guint64) id);
    }
  return TRUE;
}

static gboolean
write_record (Worker        *w,
              StmtId         id,
              FdTime         t,
              gint64         src,
              const char    *uri,
              gsize          uri_len,
              BatchStrings  *bs,
              FdStr          record_id,
              GByteArray    *data,
              const char    *what,
              GError       **error)
{
  sqlite3_stmt *s = stmt (w, id, error);

  if (s == NULL)
    return FALSE;
  sqlite3_bind_int64 (s, 1, t);
  sqlite3_bind_int64 (s, 2, src);
  bind_record_id (s, 3, uri, uri_len, bs->snapshot, record_id);
  sqlite3_bind_blob (s, 4, data->data, (int) data->len, SQLITE_STATIC);
  return step_done (w, s, what, error);
}

static gboolean
write_records (Worker        *w,
               gint64         src,
               const char    *uri,
               BatchStrings  *bs,
               GError       **error)
{
  const FdSnapshot *snap = bs->snapshot;
  const FdPipelineRun *runs;
  const FdDeployment *deployments;
  const FdAlert *alerts;
  const FdCanary *canaries;
  const FdCanarySample *samples;
  gsize n, uri_len = strlen (uri);
  g_autoptr(GByteArray) b = g_byte_array_sized_new (256);
  sqlite3_stmt *s;

  runs = fd_snapshot_get_runs (snap, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdPipelineRun *r = &runs[i];
      const FdStr strs[] = { r->pipeline, r->service, r->environment, r->branch, r->commit,
                             r->trigger };
      const FdStage *stages;
      gsize n_stages;

      g_byte_array_set_size (b, 0);
      put_u8 (b, r->status);
      put_u8 (b, r->finished_at != FD_TIME_NONE ? 1 : 0);
      if (r->finished_at != FD_TIME_NONE)
        put_delta (b, r->started_at, r->finished_at);
      if (!put_strings (b, bs, strs, G_N_ELEMENTS (strs), error))
        return FALSE;
      stages = fd_snapshot_get_stages (snap, r, &n_stages);
      put_varint (b, n_stages);
      for (gsize k = 0; k < n_stages; k++)
        {
          gint64 name = batch_string (bs, stages[k].name, error);

          if (name < 0)
            return FALSE;
          put_varint (b, (guint64) name);
          put_u8 (b, (guint8) stages[k].status);
          put_f32 (b, stages[k].duration_s);
        }
      if (!write_record (w, STMT_RUN_UPSERT, r->started_at, src, uri, uri_len, bs, r->id, b,
                         "write a run to", error))
        return FALSE;
    }

  deployments = fd_snapshot_get_deployments (snap, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdDeployment *d = &deployments[i];
      const FdStr strs[] = { d->service, d->environment, d->version, d->previous_version,
                             d->strategy, d->commit };

      g_byte_array_set_size (b, 0);
      put_u8 (b, d->status);
      put_u8 (b, (d->finished_at != FD_TIME_NONE ? 1 : 0) |
                 (d->committed_at != FD_TIME_NONE ? 2 : 0) |
                 (d->caused_incident ? 4 : 0));
      if (d->finished_at != FD_TIME_NONE)
        put_delta (b, d->started_at, d->finished_at);
      if (d->committed_at != FD_TIME_NONE)
        put_delta (b, d->started_at, d->committed_at);
      if (!put_strings (b, bs, strs, G_N_ELEMENTS (strs), error) ||
          !write_record (w, STMT_DEPLOYMENT_UPSERT, d->started_at, src, uri, uri_len, bs, d->id,
                         b, "write a deployment to", error))
        return FALSE;
    }

  alerts = fd_snapshot_get_alerts (snap, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdAlert *a = &alerts[i];
      const FdStr strs[] = { a->name, a->service, a->environment, a->summary };

      g_byte_array_set_size (b, 0);
      put_u8 (b, a->severity);
      put_u8 (b, a->status);
      put_u8 (b, (a->acknowledged_at != FD_TIME_NONE ? 1 : 0) |
                 (a->resolved_at != FD_TIME_NONE ? 2 : 0));
      if (a->acknowledged_at != FD_TIME_NONE)
        put_delta (b, a->started_at, a->acknowledged_at);
      if (a->resolved_at != FD_TIME_NONE)
        put_delta (b, a->started_at, a->resolved_at);
      if (!put_strings (b, bs, strs, G_N_ELEMENTS (strs), error) ||
          !write_record (w, STMT_ALERT_UPSERT, a->started_at, src, uri, uri_len, bs, a->id, b,
                         "write an alert to", error))
        return FALSE;
    }

  canaries = fd_snapshot_get_canaries (snap, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdCanary *c = &canaries[i];
      const FdStr strs[] = { c->service, c->environment, c->baseline_version,
                             c->canary_version };
      const double *steps;
      gsize n_steps;

      g_byte_array_set_size (b, 0);
      put_u8 (b, c->status);
      put_u8 (b, c->finished_at != FD_TIME_NONE ? 1 : 0);
      if (c->finished_at != FD_TIME_NONE)
        put_delta (b, c->started_at, c->finished_at);
      if (!put_strings (b, bs, strs, G_N_ELEMENTS (strs), error))
        return FALSE;
      put_svarint (b, c->current_step);
      put_f64 (b, c->traffic_percent);
      steps = fd_snapshot_get_steps (snap, c, &n_steps);
      put_varint (b, n_steps);
      for (gsize k = 0; k < n_steps; k++)
        put_f64 (b, steps[k]);
      if (!write_record (w, STMT_CANARY_UPSERT, c->started_at, src, uri, uri_len, bs, c->id, b,
                         "write a canary to", error))
        return FALSE;
    }

  samples = fd_snapshot_get_samples (snap, &n);
  for (gsize i = 0; i < n; i++)
    {
      const FdCanarySample *x = &samples[i];
      gint64 canary = batch_string (bs, x->canary_id, error);

      if (canary < 0 || (s = stmt (w, STMT_SAMPLE_UPSERT, error)) == NULL)
        return FALSE;
      g_byte_array_set_size (b, 0);
      put_svarint (b, x->requests);
      put_svarint (b, x->errors);
      put_f64 (b, x->latency_p50_ms);
      put_f64 (b, x->latency_p95_ms);
      put_f64 (b, x->latency_p99_ms);
      sqlite3_bind_int64 (s, 1, x->at);
      sqlite3_bind_int64 (s, 2, src);
      sqlite3_bind_int64 (s, 3, canary);
      sqlite3_bind_int (s, 4, x->variant);
      sqlite3_bind_blob (s, 5, b->data, (int) b->len, SQLITE_STATIC);
      if (!step_done (w, s, "write a canary sample to", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
delete_gone (Worker              *w,
             gint64               src,
             const char          *uri,
             const char * const  *gone,
             GError             **error)
{
  static const StmtId deletes[] = {
    STMT_GONE_RUN, STMT_GONE_DEPLOYMENT, STMT_GONE_ALERT, STMT_GONE_CANARY,
  };

  for (gsize i = 0; gone[i] != NULL; i++)
    {
      gboolean was_canary = FALSE;
      sqlite3_stmt *s;
      gint64 canary;
      gsize stored_len;
      char *stored;

      for (guint k = 0; k < G_N_ELEMENTS (deletes); k++)
        {
          if ((s = stmt (w, deletes[k], error)) == NULL)
            return FALSE;
          sqlite3_bind_int64 (s, 1, src);
          stored = stored_id (uri, strlen (uri), gone[i], strlen (gone[i]), &stored_len);
          sqlite3_bind_text (s, 2, stored, (int) stored_len, g_free);
          if (!step_done (w, s, "delete a record from", error))
            return FALSE;
          if (deletes[k] == STMT_GONE_CANARY)
            was_canary = sqlite3_changes (w->db) > 0;
        }

      /* The samples of a canary that is gone go with it. */
      if (!was_canary)
        continue;
      canary = string_id (w, gone[i], strlen (gone[i]), FALSE, error);
      if (canary < 0)
        return FALSE;
      if (canary == 0)
        continue;
      if ((s = stmt (w, STMT_GONE_SAMPLES, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (s, 1, src);
      sqlite3_bind_int64 (s, 2, canary);
      if (!step_done (w, s, "delete canary samples from", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
same_cursor (Worker *w,
             gint64  src,
             GBytes *cursor)
{
  GBytes *known;

  if (!g_hash_table_contains (w->cursors, &src))
    return FALSE;
  known = g_hash_table_lookup (w->cursors, &src);
  if (known == NULL || cursor == NULL)
    return known == cursor;
  return g_bytes_equal (known, cursor);
}

static void
remember_cursor (Worker *w,
                 gint64  src,
                 GBytes *cursor)
{
  g_hash_table_insert (w->cursors, g_memdup2 (&src, sizeof src),
                       cursor != NULL ? g_bytes_ref (cursor) : NULL);
}

static gpointer
apply_job (Worker        *w,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  ApplyData *ad = data;
  FdBatch *batch = ad->batch;
  GBytes *cursor = fd_batch_get_cursor (batch);
  BatchStrings bs = { 0, };
  g_autofree gint64 *ids = NULL;
  sqlite3_stmt *s;
  gint64 src;

  if (!check_open (w, error))
    return NULL;
  w->retention_days = ad->retention_days;
  if (!ensure_checked (w, error))
    return NULL;

  /* An unchanged poll costs no write. */
  if (fd_batch_is_empty (batch))
    {
      gpointer value;

      if (g_hash_table_lookup_extended (w->source_ids, fd_batch_get_source_uri (batch),
                                        NULL, &value) &&
          same_cursor (w, (gint64) GPOINTER_TO_SIZE (value), cursor))
        return GINT_TO_POINTER (TRUE);
    }

  if (!exec (w, "BEGIN IMMEDIATE", "write", error))
    return NULL;

  src = source_id (w, fd_batch_get_source_uri (batch), TRUE, error);
  if (src < 0)
    goto fail;

  bs.w = w;
  bs.snapshot = fd_batch_get_records (batch);
  bs.n = fd_snapshot_get_n_strings (bs.snapshot);
  bs.ids = ids = g_new0 (gint64, MAX (bs.n, 1));

  if (!write_records (w, src, fd_batch_get_source_uri (batch), &bs, error))
    goto fail;
  if (!delete_gone (w, src, fd_batch_get_source_uri (batch), fd_batch_get_gone (batch), error))
    goto fail;

  if ((s = stmt (w, STMT_SET_CURSOR, error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (s, 1, src);
  if (cursor != NULL)
    {
      gsize len;
      gconstpointer bytes = g_bytes_get_data (cursor, &len);

      /* A zero-length blob bound from NULL would read back as NULL. */
      sqlite3_bind_blob (s, 2, len > 0 ? bytes : "", (int) len, SQLITE_STATIC);
    }
  if (!step_done (w, s, "write the cursor to", error))
    goto fail;

  if (purge (w, w->retention_days, error) < 0)
    goto fail;

  if (!exec (w, "COMMIT", "write", error))
    goto fail;

  remember_cursor (w, src, cursor);

  return GINT_TO_POINTER (TRUE);

fail:
  rollback (w);
  return NULL;
}

static ApplyData *
apply_data_new (FdHistoryCache *self,
                FdBatch        *batch)
{
  ApplyData *ad = g_new0 (ApplyData, 1);

  ad->batch = fd_batch_ref (batch);
  ad->retention_days = self->retention_days;
  return ad;
}

/**
 * fd_history_cache_apply_batch_async:
 * @self: a #FdHistoryCache
 * @batch: what one fetch of a source brought
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Writes @batch in one transaction: its records are upserted by (source,
 * type, id), samples by (source, canary id, variant, time); its gone ids are
 * deleted (a gone canary takes its samples along); the source's cursor
 * becomes the batch's (NULL included); records older than the retention are
 * deleted. An empty batch whose cursor is the one last written is not
 * written at all.
 */
void
fd_history_cache_apply_batch_async (FdHistoryCache      *self,
                                    FdBatch             *batch,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FD_IS_HISTORY_CACHE (self));
  g_return_if_fail (batch != NULL);

  push_async (self, fd_history_cache_apply_batch_async, apply_job, apply_data_new (self, batch),
              (GDestroyNotify) apply_data_free, NULL, cancellable, callback, user_data);
}

/**
 * fd_history_cache_apply_batch_finish:
 * @self: a #FdHistoryCache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the batch was written; on failure nothing of it was
 */
gboolean
fd_history_cache_apply_batch_finish (FdHistoryCache  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_pointer (self, result, fd_history_cache_apply_batch_async, error) != NULL;
}

/**
 * fd_history_cache_apply_batch_sync:
 * @self: a #FdHistoryCache
 * @batch: what one fetch of a source brought
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Same as fd_history_cache_apply_batch_async(), waiting for the worker.
 *
 * Returns: %TRUE when the batch was written
 */
gboolean
fd_history_cache_apply_batch_sync (FdHistoryCache  *self,
                                   FdBatch         *batch,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  return run_sync (self, apply_job, apply_data_new (self, batch),
                   (GDestroyNotify) apply_data_free, cancellable, error) != NULL;
}

/* }}} */

/* Loading {{{ */

typedef struct
{
  FdSnapshot *snapshot;
  GHashTable *cursors;
} LoadResult;

static void
load_result_free (LoadResult *r)
{
  g_clear_pointer (&r->snapshot, fd_snapshot_unref);
  g_clear_pointer (&r->cursors, g_hash_table_unref);
  g_free (r);
}

/* The dictionary in memory; texts are interned into the builder on first use. */
typedef struct
{
  FdSnapshotBuilder *builder;
  char              *buf;
  gsize              buf_len;
  guint32           *off;        /* by dictionary id */
  guint32           *len;        /* G_MAXUINT32: no such id */
  FdStr             *interned;   /* FD_STR_NONE: not yet */
  gint64             n;          /* largest id + 1 */
} Dict;

static void
dict_clear (Dict *d)
{
  g_free (d->buf);
  g_free (d->off);
  g_free (d->len);
  g_free (d->interned);
}

static inline FdStr
dict_get (Dict   *d,
          gint64  id)
{
  if (G_UNLIKELY (id <= 0 || id >= d->n))
    return FD_STR_NONE;
  if (d->interned[id] == FD_STR_NONE && d->len[id] != G_MAXUINT32)
    d->interned[id] = fd_snapshot_builder_intern_len (d->builder, d->buf + d->off[id],
                                                       d->len[id]);
  return d->interned[id];
}

static gboolean
read_dict (Worker  *w,
           Dict    *d,
           GError **error)
{
  sqlite3_stmt *s = NULL;
  gsize cap = 65536;
  gint64 max_id;
  int rc;

  if (!pragma_int (w->db, "SELECT max(id) FROM strings", &max_id, &rc))
    return set_db_error (error, w->db, "read");
  if (max_id >= G_MAXUINT32)
    {
      g_set_error_literal (error, FD_HISTORY_CACHE_ERROR, FD_HISTORY_CACHE_ERROR_FAILED,
                           "Could not read the history cache: too many strings");
      return FALSE;
    }

  d->n = max_id + 1;
  d->off = g_new (guint32, d->n);
  d->len = g_new (guint32, d->n);
  memset (d->len, 0xff, d->n * sizeof (guint32));
  d->interned = g_new0 (FdStr, d->n);
  d->buf = g_malloc (cap);
  d->buf_len = 0;

  if (sqlite3_prepare_v2 (w->db, "SELECT id, value FROM strings", -1, &s, NULL) != SQLITE_OK)
    return set_db_error (error, w->db, "read");
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (s, 0);
      const char *text = (const char *) sqlite3_column_text (s, 1);
      gsize len = (gsize) sqlite3_column_bytes (s, 1);

      if (id <= 0 || id >= d->n || text == NULL || d->buf_len + len >= G_MAXUINT32)
        continue;
      if (d->buf_len + len > cap)
        {
          while (d->buf_len + len > cap)
            cap *= 2;
          d->buf = g_realloc (d->buf, cap);
        }
      memcpy (d->buf + d->buf_len, text, len);
      d->off[id] = (guint32) d->buf_len;
      d->len[id] = (guint32) len;
      d->buf_len += len;
    }
  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    return set_db_error (error, w->db, "read");

  return TRUE;
}

/* A source as a load sees it: its URI (to put back in front of ids) and
 * whether its records are wanted. */
typedef struct
{
  char     *uri;
  gsize     uri_len;
  gboolean  wanted;
} SourceInfo;

/*
 * A load is a pipeline of two threads: the worker steps through the tables
 * (every SQLite call stays on it) and copies each wanted row into chunks; a
 * decoder thread of the load's own unpacks them and interns their strings
 * into the snapshot builder, which is most of the work. The worker can run
 * ahead by up to MAX_CHUNKS chunks (allocated as needed and recycled), so
 * that it has time for the quick_check the open left while the decoder
 * catches up: for a million runs it runs about 40 MB ahead.
 */
#define CHUNK_BYTES (256 * 1024)
#define MAX_CHUNKS 256

typedef enum
{
  ROW_RUN,
  ROW_DEPLOYMENT,
  ROW_ALERT,
  ROW_CANARY,
  ROW_SAMPLE,
} RowKind;

/* The fixed part of a row in a chunk; then id_len bytes of id (for a
 * sample: its canary's dictionary id, 8 bytes), then data_len bytes of data. */
typedef struct
{
  gint64  t;
  guint32 src;
  guint32 data_len;
  guint16 id_len;
  guint8  kind;
  guint8  variant;    /* samples */
} RowHeader;

typedef struct
{
  /* Decoder side */
  Dict              *dict;
  FdSnapshotBuilder *builder;
  SourceInfo        *sources;    /* by source id; read-only during the load */
  gint64             n_sources;
  GArray            *scratch_stages;
  GArray            *scratch_steps;
  GByteArray        *scratch_id;
  Reader             data;       /* the row's data blob */

  /* Between the threads */
  GAsyncQueue       *full;       /* chunks to decode; an empty one ends */
  GAsyncQueue       *free;       /* chunks to fill */
} Loader;

/* Interns the full id of a row: the source's URI put back in front. */
static inline FdStr
intern_record_id (Loader           *l,
                  const RowHeader  *h,
                  const char       *text)
{
  SourceInfo *src = &l->sources[h->src];

  if (h->id_len == 0)
    return fd_snapshot_builder_intern_len (l->builder, "", 0);
  if (text[0] == '!')
    return fd_snapshot_builder_intern_len (l->builder, text + 1, h->id_len - 1);

  g_byte_array_set_size (l->scratch_id, (guint) (src->uri_len + h->id_len));
  memcpy (l->scratch_id->data, src->uri, src->uri_len);
  memcpy (l->scratch_id->data + src->uri_len, text, h->id_len);
  return fd_snapshot_builder_intern_len (l->builder, (const char *) l->scratch_id->data,
                                         l->scratch_id->len);
}

static inline FdStr
get_str (Loader *l)
{
  return dict_get (l->dict, (gint64) get_varint (&l->data));
}

/* A record whose blob does not decode, or holds an unknown status, is left
 * out rather than shown wrong. */
static void
run_row (Loader          *l,
         const RowHeader *h,
         const char      *id)
{
  Reader *d = &l->data;
  FdPipelineRun r = { 0, };
  FdStage *stages;
  guint8 flags;
  guint64 n_stages;

  r.started_at = h->t;
  r.status = get_u8 (d);
  flags = get_u8 (d);
  r.finished_at = (flags & 1) ? get_delta (d, r.started_at) : FD_TIME_NONE;
  r.pipeline = get_str (l);
  r.service = get_str (l);
  r.environment = get_str (l);
  r.branch = get_str (l);
  r.commit = get_str (l);
  r.trigger = get_str (l);
  n_stages = get_varint (d);
  /* Each stage takes 6 bytes at least. */
  if (d->bad || r.status >= FD_RUN_N_STATUS || n_stages > (guint64) (d->end - d->p) / 6)
    return;

  g_array_set_size (l->scratch_stages, (guint) n_stages);
  stages = (FdStage *) (void *) l->scratch_stages->data;
  for (guint64 k = 0; k < n_stages; k++)
    {
      FdStr name = get_str (l);
      guint8 status = get_u8 (d);

      stages[k].name = name < (1u << 28) ? name : FD_STR_NONE;
      stages[k].status = MIN (status, FD_RUN_N_STATUS);
      stages[k].duration_s = get_f32 (d);
    }
  if (d->bad)
    return;

  r.id = intern_record_id (l, h, id);
  fd_snapshot_builder_add_run (l->builder, &r, stages, (gsize) n_stages);
}

static void
deployment_row (Loader          *l,
                const RowHeader *h,
                const char      *id)
{
  Reader *d = &l->data;
  FdDeployment dep = { 0, };
  guint8 flags;

  dep.started_at = h->t;
  dep.status = get_u8 (d);
  flags = get_u8 (d);
  dep.finished_at = (flags & 1) ? get_delta (d, dep.started_at) : FD_TIME_NONE;
  dep.committed_at = (flags & 2) ? get_delta (d, dep.started_at) : FD_TIME_NONE;
  dep.caused_incident = (flags & 4) != 0;
  dep.service = get_str (l);
  dep.environment = get_str (l);
  dep.version = get_str (l);
  dep.previous_version = get_str (l);
  dep.strategy = get_str (l);
  dep.commit = get_str (l);
  if (d->bad || dep.status >= FD_DEPLOY_N_STATUS)
    return;

  dep.id = intern_record_id (l, h, id);
  fd_snapshot_builder_add_deployment (l->builder, &dep);
}

static void
alert_row (Loader          *l,
           const RowHeader *h,
           const char      *id)
{
  Reader *d = &l->data;
  FdAlert a = { 0, };
  guint8 flags;

  a.started_at = h->t;
  a.severity = get_u8 (d);
  a.status = get_u8 (d);
  flags = get_u8 (d);
  a.acknowledged_at = (flags & 1) ? get_delta (d, a.started_at) : FD_TIME_NONE;
  a.resolved_at = (flags & 2) ? get_delta (d, a.started_at) : FD_TIME_NONE;
  a.name = get_str (l);
  a.service = get_str (l);
  a.environment = get_str (l);
  a.summary = get_str (l);
  if (d->bad || a.severity >= FD_SEVERITY_N || a.status >= FD_ALERT_N_STATUS)
    return;

  a.id = intern_record_id (l, h, id);
  fd_snapshot_builder_add_alert (l->builder, &a);
}

static void
canary_row (Loader          *l,
            const RowHeader *h,
            const char      *id)
{
  Reader *d = &l->data;
  FdCanary c = { 0, };
  double *steps;
  guint8 flags;
  guint64 n_steps;

  c.started_at = h->t;
  c.status = get_u8 (d);
  flags = get_u8 (d);
  c.finished_at = (flags & 1) ? get_delta (d, c.started_at) : FD_TIME_NONE;
  c.service = get_str (l);
  c.environment = get_str (l);
  c.baseline_version = get_str (l);
  c.canary_version = get_str (l);
  c.current_step = (gint32) get_svarint (d);
  c.traffic_percent = get_f64 (d);
  n_steps = get_varint (d);
  if (d->bad || c.status >= FD_CANARY_N_STATUS || n_steps > (guint64) (d->end - d->p) / 8)
    return;

  g_array_set_size (l->scratch_steps, (guint) n_steps);
  steps = (double *) (void *) l->scratch_steps->data;
  for (guint64 k = 0; k < n_steps; k++)
    steps[k] = get_f64 (d);

  c.id = intern_record_id (l, h, id);
  fd_snapshot_builder_add_canary (l->builder, &c, steps, (gsize) n_steps);
}

static void
sample_row (Loader          *l,
            const RowHeader *h,
            const char      *id)
{
  Reader *d = &l->data;
  FdCanarySample x = { 0, };

  gint64 canary;

  memcpy (&canary, id, sizeof canary);
  x.at = h->t;
  x.canary_id = dict_get (l->dict, canary);
  x.variant = h->variant;
  x.requests = get_svarint (d);
  x.errors = get_svarint (d);
  x.latency_p50_ms = get_f64 (d);
  x.latency_p95_ms = get_f64 (d);
  x.latency_p99_ms = get_f64 (d);
  if (d->bad || x.variant >= FD_VARIANT_N)
    return;

  fd_snapshot_builder_add_sample (l->builder, &x);
}

/* The decoder thread. */
static gpointer
decode_chunks (gpointer data)
{
  static void (* const decoders[]) (Loader *, const RowHeader *, const char *) = {
    [ROW_RUN] = run_row,
    [ROW_DEPLOYMENT] = deployment_row,
    [ROW_ALERT] = alert_row,
    [ROW_CANARY] = canary_row,
    [ROW_SAMPLE] = sample_row,
  };
  Loader *l = data;
  GByteArray *chunk;

  while ((chunk = g_async_queue_pop (l->full))->len > 0)
    {
      const guint8 *p = chunk->data;
      const guint8 *end = p + chunk->len;

      while (p < end)
        {
          RowHeader h;
          const char *id;

          memcpy (&h, p, sizeof h);
          p += sizeof h;
          id = (const char *) p;
          p += h.id_len;
          l->data.p = p;
          l->data.end = p + h.data_len;
          l->data.bad = FALSE;
          p += h.data_len;
          decoders[h.kind] (l, &h, id);
        }
      g_byte_array_set_size (chunk, 0);
      g_async_queue_push (l->free, chunk);
    }
  g_byte_array_unref (chunk);

  return NULL;
}

typedef struct
{
  Loader       *l;
  GByteArray   *chunk;
  guint         n_chunks;    /* allocated so far */
  GCancellable *cancellable;
  FdTime        cutoff;      /* rows older than this have outlived the retention */
  int           rc;          /* the SQLite error that stopped a scan */
} Scanner;

static void
scanner_flush (Scanner *sc)
{
  g_async_queue_push (sc->l->full, sc->chunk);
  sc->chunk = g_async_queue_try_pop (sc->l->free);
  if (sc->chunk != NULL)
    return;
  if (sc->n_chunks < MAX_CHUNKS)
    {
      sc->n_chunks++;
      sc->chunk = g_byte_array_sized_new (CHUNK_BYTES + 4096);
      return;
    }
  sc->chunk = g_async_queue_pop (sc->l->free);
}

/* Worker side: steps through one table and queues its wanted rows. Columns:
 * time, source, id (or canary), data (or variant, data for samples). */
static gboolean
scan (Worker      *w,
      Scanner     *sc,
      const char  *sql,
      RowKind      kind,
      GError     **error)
{
  Loader *l = sc->l;
  sqlite3_stmt *s = NULL;
  int data_col = kind == ROW_SAMPLE ? 4 : 3;
  guint n = 0;
  int rc;

  if (sqlite3_prepare_v2 (w->db, sql, -1, &s, NULL) != SQLITE_OK)
    return set_db_error (error, w->db, "read");
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      RowHeader h = { 0, };
      gint64 src = sqlite3_column_int64 (s, 1);
      gint64 canary;
      const void *id = NULL;
      const void *data;
      int id_len;

      h.t = sqlite3_column_int64 (s, 0);
      if (src > 0 && src < l->n_sources && l->sources[src].wanted &&
          (h.t >= sc->cutoff || h.t == FD_TIME_NONE))
        {
          h.src = (guint32) src;
          h.kind = kind;
          if (kind == ROW_SAMPLE)
            {
              int variant = sqlite3_column_int (s, 3);

              canary = sqlite3_column_int64 (s, 2);
              id = &canary;
              h.id_len = sizeof canary;
              h.variant = (guint8) CLAMP (variant, 0, FD_VARIANT_N);
            }
          else
            {
              id = sqlite3_column_text (s, 2);
              id_len = sqlite3_column_bytes (s, 2);
              /* Ids are short; one that is not cannot be ours. */
              if (id_len > G_MAXUINT16)
                continue;
              h.id_len = (guint16) id_len;
            }
          data = sqlite3_column_blob (s, data_col);
          h.data_len = data != NULL ? (guint32) sqlite3_column_bytes (s, data_col) : 0;

          g_byte_array_append (sc->chunk, (const guint8 *) &h, sizeof h);
          if (h.id_len > 0)
            g_byte_array_append (sc->chunk, id, h.id_len);
          if (h.data_len > 0)
            g_byte_array_append (sc->chunk, data, h.data_len);
          if (sc->chunk->len >= CHUNK_BYTES)
            scanner_flush (sc);
        }
      if (G_UNLIKELY (++n % 65536 == 0) &&
          g_cancellable_set_error_if_cancelled (sc->cancellable, error))
        {
          sqlite3_finalize (s);
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    {
      sc->rc = sqlite3_extended_errcode (w->db);
      set_db_error (error, w->db, "read");
      sqlite3_finalize (s);
      return FALSE;
    }
  sqlite3_finalize (s);
  return TRUE;
}

static void
source_infos_free (SourceInfo *infos,
                   gint64      n)
{
  for (gint64 i = 0; i < n; i++)
    g_free (infos[i].uri);
  g_free (infos);
}

/* Reads the sources, with the cursors of the wanted ones. */
static gboolean
read_sources (Worker             *w,
              const char * const *uris,
              GHashTable         *cursors,
              SourceInfo        **out_infos,
              gint64             *out_n,
              GError            **error)
{
  sqlite3_stmt *s = NULL;
  gint64 max_id;
  int rc;

  if (!pragma_int (w->db, "SELECT max(id) FROM sources", &max_id, &rc))
    return set_db_error (error, w->db, "read");
  *out_n = max_id + 1;
  *out_infos = g_new0 (SourceInfo, *out_n);

  if (sqlite3_prepare_v2 (w->db, "SELECT id, uri, cursor FROM sources", -1, &s, NULL) != SQLITE_OK)
    return set_db_error (error, w->db, "read");
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (s, 0);
      const char *uri = (const char *) sqlite3_column_text (s, 1);
      g_autoptr(GBytes) cursor = NULL;
      SourceInfo *info;

      if (uri == NULL || id <= 0 || id > max_id)
        continue;
      g_hash_table_insert (w->source_ids, g_strdup (uri), GSIZE_TO_POINTER ((gsize) id));
      info = &(*out_infos)[id];
      info->uri = g_strdup (uri);
      info->uri_len = strlen (uri);
      info->wanted = uris == NULL || g_strv_contains (uris, uri);
      if (sqlite3_column_type (s, 2) != SQLITE_NULL)
        cursor = g_bytes_new (sqlite3_column_blob (s, 2), (gsize) sqlite3_column_bytes (s, 2));
      remember_cursor (w, id, cursor);
      if (info->wanted && cursor != NULL)
        g_hash_table_insert (cursors, g_strdup (uri), g_bytes_ref (cursor));
    }
  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    return set_db_error (error, w->db, "read");

  return TRUE;
}

/* After a full load, the dictionary texts no record uses are known; when
 * they are many, the worker deletes them once the caller has its snapshot. */
static void
plan_gc (Worker *w,
         Dict   *d)
{
  guint present = 0, unused = 0;

  for (gint64 id = 1; id < d->n; id++)
    {
      if (d->len[id] == G_MAXUINT32)
        continue;
      present++;
      if (d->interned[id] == FD_STR_NONE)
        unused++;
    }
  if (unused < 1024 || unused * 8 < present)
    return;

  w->gc_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), unused);
  for (gint64 id = 1; id < d->n; id++)
    {
      if (d->len[id] != G_MAXUINT32 && d->interned[id] == FD_STR_NONE)
        g_array_append_val (w->gc_ids, id);
    }
}

static void
run_gc (Worker *w)
{
  g_autoptr(GArray) ids = g_steal_pointer (&w->gc_ids);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *s = NULL;

  if (w->db == NULL || !exec (w, "BEGIN IMMEDIATE", "tidy", &error))
    goto out;
  if (sqlite3_prepare_v2 (w->db, "DELETE FROM strings WHERE id = ?1", -1, &s, NULL) != SQLITE_OK)
    {
      rollback (w);
      goto out;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (s, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (s) != SQLITE_DONE)
        {
          sqlite3_finalize (s);
          rollback (w);
          goto out;
        }
      sqlite3_reset (s);
    }
  sqlite3_finalize (s);
  if (!exec (w, "COMMIT", "tidy", &error))
    rollback (w);
  g_hash_table_remove_all (w->string_ids);

out:
  if (error != NULL)
    g_debug ("%s", error->message);
}

static LoadResult *
load_result_new_empty (void)
{
  LoadResult *result = g_new0 (LoadResult, 1);

  result->snapshot = fd_snapshot_new_empty ();
  result->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_bytes_unref);
  return result;
}

static gpointer
load_job (Worker        *w,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  const char * const *uris = data;
  g_autoptr(GHashTable) cursors = NULL;
  g_autoptr(GArray) stages = NULL;
  g_autoptr(GArray) steps = NULL;
  g_autoptr(GByteArray) scratch_id = NULL;
  g_autoptr(GError) local_error = NULL;
  GByteArray *chunk;
  GThread *decoder;
  Dict dict = { 0, };
  Loader l = { 0, };
  Scanner sc = { 0, };
  CheckResult check = CHECK_OK;
  gboolean pending, ok;
  LoadResult *result;

  if (!check_open (w, error))
    return NULL;
  pending = w->check_pending;

  /* One read transaction: the records, the dictionary and the cursors agree. */
  if (!exec (w, "BEGIN", "read", error))
    return NULL;

  cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_bytes_unref);
  dict.builder = fd_snapshot_builder_new ();
  stages = g_array_new (FALSE, FALSE, sizeof (FdStage));
  steps = g_array_new (FALSE, FALSE, sizeof (double));
  scratch_id = g_byte_array_new ();
  l.dict = &dict;
  l.builder = dict.builder;
  l.scratch_stages = stages;
  l.scratch_steps = steps;
  l.scratch_id = scratch_id;
  l.full = g_async_queue_new ();
  l.free = g_async_queue_new ();

  sc.l = &l;
  sc.cancellable = cancellable;
  sc.cutoff = w->retention_days > 0
    ? g_get_real_time () - (gint64) w->retention_days * DAY_US : G_MININT64;
  sc.chunk = g_byte_array_sized_new (CHUNK_BYTES + 4096);
  sc.n_chunks = 1;

  ok = read_sources (w, uris, cursors, &l.sources, &l.n_sources, &local_error) &&
       read_dict (w, &dict, &local_error);
  if (!ok)
    sc.rc = sqlite3_extended_errcode (w->db);

  decoder = g_thread_new ("fd-history-load", decode_chunks, &l);

  /* Each table is stored in time order, so the builder has nothing to sort. */
  ok = ok &&
       scan (w, &sc, "SELECT started_at, source, id, data FROM runs", ROW_RUN, &local_error) &&
       scan (w, &sc, "SELECT started_at, source, id, data FROM deployments", ROW_DEPLOYMENT,
             &local_error) &&
       scan (w, &sc, "SELECT started_at, source, id, data FROM alerts", ROW_ALERT,
             &local_error) &&
       scan (w, &sc, "SELECT started_at, source, id, data FROM canaries", ROW_CANARY,
             &local_error) &&
       scan (w, &sc, "SELECT at, source, canary, variant, data FROM samples", ROW_SAMPLE,
             &local_error);

  /* The rows in hand, then the end: an empty chunk. */
  if (ok && sc.chunk->len > 0)
    scanner_flush (&sc);
  g_byte_array_set_size (sc.chunk, 0);
  g_async_queue_push (l.full, sc.chunk);

  /* The check the open left, while the decoder works through the rows. */
  if (ok && pending)
    check = quick_check (w->db, &local_error);
  sqlite3_exec (w->db, "COMMIT", NULL, NULL, NULL);

  g_thread_join (decoder);
  while ((chunk = g_async_queue_try_pop (l.free)) != NULL)
    g_byte_array_unref (chunk);
  while ((chunk = g_async_queue_try_pop (l.full)) != NULL)
    g_byte_array_unref (chunk);
  g_async_queue_unref (l.full);
  g_async_queue_unref (l.free);
  source_infos_free (l.sources, l.n_sources);

  if (!ok || check != CHECK_OK)
    {
      fd_snapshot_builder_free (dict.builder);
      dict_clear (&dict);

      /* Nothing of a damaged file is returned: it goes aside, the load is empty. */
      if (check == CHECK_CORRUPT || (!ok && is_damage (sc.rc)))
        {
          if (!start_over (w, "corrupt", error))
            return NULL;
          return load_result_new_empty ();
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The file is sound: the retention, which the rows read already obeyed. */
  if (pending)
    {
      w->check_pending = FALSE;
      if (!purge_in_transaction (w, error))
        {
          fd_snapshot_builder_free (dict.builder);
          dict_clear (&dict);
          return NULL;
        }
    }

  if (uris == NULL)
    plan_gc (w, &dict);

  result = g_new0 (LoadResult, 1);
  result->snapshot = fd_snapshot_builder_end (dict.builder);
  result->cursors = g_steal_pointer (&cursors);
  dict_clear (&dict);

  return result;
}

static FdSnapshot *
load_result_steal (LoadResult  *r,
                   GHashTable **out_cursors)
{
  FdSnapshot *snapshot = g_steal_pointer (&r->snapshot);

  if (out_cursors != NULL)
    *out_cursors = g_steal_pointer (&r->cursors);
  load_result_free (r);
  return snapshot;
}

/**
 * fd_history_cache_load_async:
 * @self: a #FdHistoryCache
 * @source_uris: (nullable) (array zero-terminated=1): only the records of
 *   these sources; %NULL for every source
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Reads every cached record (of @source_uris) into a new snapshot, with the
 * cursors of the sources, on the worker.
 */
void
fd_history_cache_load_async (FdHistoryCache      *self,
                             const char * const  *source_uris,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FD_IS_HISTORY_CACHE (self));

  push_async (self, fd_history_cache_load_async, load_job, g_strdupv ((char **) source_uris),
              (GDestroyNotify) g_strfreev, (GDestroyNotify) load_result_free,
              cancellable, callback, user_data);
}

/**
 * fd_history_cache_load_finish:
 * @self: a #FdHistoryCache
 * @result: the result given to the callback
 * @out_cursors: (out) (optional) (transfer full) (element-type utf8 GBytes):
 *   the cursor of every source that has one, by URI
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the cached records, or %NULL on error
 */
FdSnapshot *
fd_history_cache_load_finish (FdHistoryCache  *self,
                              GAsyncResult    *result,
                              GHashTable     **out_cursors,
                              GError         **error)
{
  LoadResult *r = finish_pointer (self, result, fd_history_cache_load_async, error);

  if (r == NULL)
    return NULL;
  return load_result_steal (r, out_cursors);
}

/**
 * fd_history_cache_load_sync:
 * @self: a #FdHistoryCache
 * @source_uris: (nullable) (array zero-terminated=1): only these sources
 * @out_cursors: (out) (optional) (transfer full) (element-type utf8 GBytes):
 *   the cursors by URI
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Same as fd_history_cache_load_async(), waiting for the worker.
 *
 * Returns: (transfer full) (nullable): the cached records, or %NULL on error
 */
FdSnapshot *
fd_history_cache_load_sync (FdHistoryCache      *self,
                            const char * const  *source_uris,
                            GHashTable         **out_cursors,
                            GCancellable        *cancellable,
                            GError             **error)
{
  LoadResult *r;

  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), NULL);

  r = run_sync (self, load_job, g_strdupv ((char **) source_uris), (GDestroyNotify) g_strfreev,
                cancellable, error);
  if (r == NULL)
    return NULL;
  return load_result_steal (r, out_cursors);
}

/* }}} */

/* Statuses {{{ */

typedef struct
{
  char   *uri;
  char   *state;
  char   *message;
  FdTime  last_success;
  FdTime  retry_at;
  FdTime  next_fetch;
} StatusRow;

static void
status_row_free (StatusRow *row)
{
  g_free (row->uri);
  g_free (row->state);
  g_free (row->message);
  g_free (row);
}

static gpointer
save_status_job (Worker        *w,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  StatusRow *row = data;
  sqlite3_stmt *s;
  gint64 src;

  if (!check_open (w, error) || !ensure_checked (w, error))
    return NULL;
  if (!exec (w, "BEGIN IMMEDIATE", "write", error))
    return NULL;

  if ((src = source_id (w, row->uri, TRUE, error)) < 0 ||
      (s = stmt (w, STMT_SET_STATUS, error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (s, 1, src);
  sqlite3_bind_text (s, 2, row->state, -1, SQLITE_STATIC);
  if (row->message != NULL)
    sqlite3_bind_text (s, 3, row->message, -1, SQLITE_STATIC);
  bind_time (s, 4, row->last_success);
  bind_time (s, 5, row->retry_at);
  bind_time (s, 6, row->next_fetch);
  if (!step_done (w, s, "write the status to", error) ||
      !exec (w, "COMMIT", "write", error))
    goto fail;

  return GINT_TO_POINTER (TRUE);

fail:
  rollback (w);
  return NULL;
}

static StatusRow *
status_row_new (const char     *uri,
                FdSourceStatus *status)
{
  StatusRow *row = g_new0 (StatusRow, 1);

  row->uri = g_strdup (uri);
  row->state = g_strdup (fd_source_state_to_string (fd_source_status_get_state (status)));
  row->message = g_strdup (fd_source_status_get_message (status));
  row->last_success = fd_source_status_get_last_success (status);
  row->retry_at = fd_source_status_get_retry_at (status);
  row->next_fetch = fd_source_status_get_next_fetch (status);

  return row;
}

/**
 * fd_history_cache_save_status_async:
 * @self: a #FdHistoryCache
 * @source_uri: the source's URI
 * @status: its status, read now on the calling thread
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Keeps the source's state, message, last success, retry-at and next fetch,
 * so that `flightdeck-cli sources` can show them without the app.
 */
void
fd_history_cache_save_status_async (FdHistoryCache      *self,
                                    const char          *source_uri,
                                    FdSourceStatus      *status,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FD_IS_HISTORY_CACHE (self));
  g_return_if_fail (source_uri != NULL);
  g_return_if_fail (FD_IS_SOURCE_STATUS (status));

  push_async (self, fd_history_cache_save_status_async, save_status_job,
              status_row_new (source_uri, status), (GDestroyNotify) status_row_free, NULL,
              cancellable, callback, user_data);
}

/**
 * fd_history_cache_save_status_finish:
 * @self: a #FdHistoryCache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the status was written
 */
gboolean
fd_history_cache_save_status_finish (FdHistoryCache  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_pointer (self, result, fd_history_cache_save_status_async, error) != NULL;
}

/**
 * fd_history_cache_save_status_sync:
 * @self: a #FdHistoryCache
 * @source_uri: the source's URI
 * @status: its status
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Same as fd_history_cache_save_status_async(), waiting for the worker.
 *
 * Returns: %TRUE when the status was written
 */
gboolean
fd_history_cache_save_status_sync (FdHistoryCache  *self,
                                   const char      *source_uri,
                                   FdSourceStatus  *status,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), FALSE);
  g_return_val_if_fail (source_uri != NULL, FALSE);
  g_return_val_if_fail (FD_IS_SOURCE_STATUS (status), FALSE);

  return run_sync (self, save_status_job, status_row_new (source_uri, status),
                   (GDestroyNotify) status_row_free, cancellable, error) != NULL;
}

static gpointer
load_statuses_job (Worker        *w,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *s = NULL;
  int rc;

  /* No full check for this one: it reads one small table, and
   * `flightdeck-cli sources` must stay quick and never write while the app
   * may have the file open. */
  if (!check_open (w, error))
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) status_row_free);
  if (sqlite3_prepare_v2 (w->db, "SELECT uri, state, message, last_success, retry_at, next_fetch"
                                 " FROM sources ORDER BY id", -1, &s, NULL) != SQLITE_OK)
    {
      set_db_error (error, w->db, "read");
      return NULL;
    }
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      StatusRow *row = g_new0 (StatusRow, 1);

      row->uri = g_strdup ((const char *) sqlite3_column_text (s, 0));
      row->state = g_strdup ((const char *) sqlite3_column_text (s, 1));
      row->message = g_strdup ((const char *) sqlite3_column_text (s, 2));
      row->last_success = column_time (s, 3);
      row->retry_at = column_time (s, 4);
      row->next_fetch = column_time (s, 5);
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, w->db, "read");
      return NULL;
    }

  return g_steal_pointer (&rows);
}

static FdSourceState
state_from_string (const char *str)
{
  for (FdSourceState state = FD_SOURCE_STATE_NEW; state <= FD_SOURCE_STATE_RATE_LIMITED; state++)
    {
      if (g_strcmp0 (str, fd_source_state_to_string (state)) == 0)
        return state;
    }
  return FD_SOURCE_STATE_NEW;
}

/* Made on the calling thread: a status object belongs to the main thread. */
static GHashTable *
statuses_from_rows (GPtrArray *rows)
{
  GHashTable *statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      StatusRow *row = g_ptr_array_index (rows, i);
      FdSourceStatus *status;

      if (row->uri == NULL)
        continue;
      status = fd_source_status_new ();
      fd_source_status_set_state (status, state_from_string (row->state));
      fd_source_status_set_message (status, row->message);
      fd_source_status_set_last_success (status, row->last_success);
      fd_source_status_set_retry_at (status, row->retry_at);
      fd_source_status_set_next_fetch (status, row->next_fetch);
      g_hash_table_insert (statuses, g_strdup (row->uri), status);
    }

  return statuses;
}

/**
 * fd_history_cache_load_statuses_async:
 * @self: a #FdHistoryCache
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Reads the last saved status of every source the cache knows.
 */
void
fd_history_cache_load_statuses_async (FdHistoryCache      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (FD_IS_HISTORY_CACHE (self));

  push_async (self, fd_history_cache_load_statuses_async, load_statuses_job, NULL, NULL,
              (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * fd_history_cache_load_statuses_finish:
 * @self: a #FdHistoryCache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable) (element-type utf8 FdSourceStatus): a
 *   new status object per source URI (%FD_SOURCE_STATE_NEW for a source
 *   whose status was never saved), or %NULL on error
 */
GHashTable *
fd_history_cache_load_statuses_finish (FdHistoryCache  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_autoptr(GPtrArray) rows = finish_pointer (self, result,
                                              fd_history_cache_load_statuses_async, error);

  if (rows == NULL)
    return NULL;
  return statuses_from_rows (rows);
}

/**
 * fd_history_cache_load_statuses_sync:
 * @self: a #FdHistoryCache
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Same as fd_history_cache_load_statuses_async(), waiting for the worker.
 *
 * Returns: (transfer full) (nullable) (element-type utf8 FdSourceStatus): the
 *   statuses by URI
 */
GHashTable *
fd_history_cache_load_statuses_sync (FdHistoryCache  *self,
                                     GCancellable    *cancellable,
                                     GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), NULL);

  rows = run_sync (self, load_statuses_job, NULL, NULL, cancellable, error);
  if (rows == NULL)
    return NULL;
  return statuses_from_rows (rows);
}

/* }}} */

/* GObject {{{ */

static gpointer
close_job (Worker        *w,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  worker_close (w);
  return GINT_TO_POINTER (TRUE);
}

static void
fd_history_cache_constructed (GObject *object)
{
  FdHistoryCache *self = FD_HISTORY_CACHE (object);

  G_OBJECT_CLASS (fd_history_cache_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = fd_history_cache_get_default_path ();
  self->worker = worker_new (self->path);
  /* One exclusive thread: the connection is only ever used there. */
  self->pool = g_thread_pool_new (worker_run, self->worker, 1, TRUE, NULL);
}

static void
fd_history_cache_finalize (GObject *object)
{
  FdHistoryCache *self = FD_HISTORY_CACHE (object);

  if (self->pool != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Every async job holds a reference, so none is waiting: this closes
       * the database on the worker and waits for it. */
      run_job (self->pool, close_job, NULL, NULL, NULL, &error);
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }
  g_clear_pointer (&self->worker, worker_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovery_message, g_free);
  g_clear_pointer (&self->moved_aside_path, g_free);

  G_OBJECT_CLASS (fd_history_cache_parent_class)->finalize (object);
}

static void
fd_history_cache_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FdHistoryCache *self = FD_HISTORY_CACHE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_RETENTION_DAYS:
      g_value_set_uint (value, self->retention_days);
      break;
    case PROP_RECOVERY_MESSAGE:
      g_value_set_string (value, self->recovery_message);
      break;
    case PROP_MOVED_ASIDE_PATH:
      g_value_set_string (value, self->moved_aside_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_cache_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FdHistoryCache *self = FD_HISTORY_CACHE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_RETENTION_DAYS:
      fd_history_cache_set_retention_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_history_cache_class_init (FdHistoryCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fd_history_cache_constructed;
  object_class->finalize = fd_history_cache_finalize;
  object_class->get_property = fd_history_cache_get_property;
  object_class->set_property = fd_history_cache_set_property;

  /**
   * FdHistoryCache:path:
   *
   * The cache file; %NULL at construction for the default path.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * FdHistoryCache:retention-days:
   *
   * Records older than this many days (by their start, or a sample's time)
   * are deleted when the cache opens and after each batch; 0 keeps all.
   */
  properties[PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL,
                       0, 36500, FD_HISTORY_CACHE_DEFAULT_RETENTION_DAYS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FdHistoryCache:recovery-message:
   *
   * What the last open did with a damaged or newer file, in a sentence for
   * the user; %NULL when it found nothing wrong.
   */
  properties[PROP_RECOVERY_MESSAGE] =
    g_param_spec_string ("recovery-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FdHistoryCache:moved-aside-path:
   *
   * Where the last open moved a damaged or newer file; %NULL when it did not.
   */
  properties[PROP_MOVED_ASIDE_PATH] =
    g_param_spec_string ("moved-aside-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_history_cache_init (FdHistoryCache *self)
{
  self->retention_days = FD_HISTORY_CACHE_DEFAULT_RETENTION_DAYS;
}

/**
 * fd_history_cache_get_default_path:
 *
 * Returns: (transfer full): `$XDG_CACHE_HOME/flightdeck/history.sqlite`
 */
char *
fd_history_cache_get_default_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "flightdeck", "history.sqlite", NULL);
}

/**
 * fd_history_cache_new:
 * @path: (nullable) (type filename): the cache file, or %NULL for
 *   fd_history_cache_get_default_path()
 *
 * Makes the object and its worker; nothing touches the file before
 * fd_history_cache_open_async() or fd_history_cache_open_sync().
 *
 * Returns: (transfer full): a new #FdHistoryCache
 */
FdHistoryCache *
fd_history_cache_new (const char *path)
{
  return g_object_new (FD_TYPE_HISTORY_CACHE, "path", path, NULL);
}

/**
 * fd_history_cache_get_path:
 * @self: a #FdHistoryCache
 *
 * Returns: (type filename): the cache file
 */
const char *
fd_history_cache_get_path (FdHistoryCache *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), NULL);

  return self->path;
}

/**
 * fd_history_cache_get_retention_days:
 * @self: a #FdHistoryCache
 *
 * Returns: the days records are kept; 0 for ever
 */
guint
fd_history_cache_get_retention_days (FdHistoryCache *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), 0);

  return self->retention_days;
}

/**
 * fd_history_cache_set_retention_days:
 * @self: a #FdHistoryCache
 * @days: days to keep records; 0 for ever
 *
 * Takes effect with the next open or batch.
 */
void
fd_history_cache_set_retention_days (FdHistoryCache *self,
                                     guint           days)
{
  g_return_if_fail (FD_IS_HISTORY_CACHE (self));

  if (self->retention_days == days)
    return;

  self->retention_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_DAYS]);
}

/**
 * fd_history_cache_get_recovery_message:
 * @self: a #FdHistoryCache
 *
 * Returns: (nullable): the sentence for the user when the last open moved a
 *   damaged or newer file aside ("The history cache was damaged and has been
 *   moved to …; a new one was started."), else %NULL
 */
const char *
fd_history_cache_get_recovery_message (FdHistoryCache *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), NULL);

  return self->recovery_message;
}

/**
 * fd_history_cache_get_moved_aside_path:
 * @self: a #FdHistoryCache
 *
 * Returns: (nullable) (type filename): where the last open moved a bad file
 */
const char *
fd_history_cache_get_moved_aside_path (FdHistoryCache *self)
{
  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), NULL);

  return self->moved_aside_path;
}

GPtrArray *
_fd_history_cache_get_db_threads (FdHistoryCache *self)
{
  GPtrArray *threads;

  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), NULL);

  g_mutex_lock (&self->worker->lock);
  threads = g_ptr_array_copy (self->worker->threads, NULL, NULL);
  g_mutex_unlock (&self->worker->lock);

  return threads;
}

guint
_fd_history_cache_get_n_jobs (FdHistoryCache *self)
{
  guint n;

  g_return_val_if_fail (FD_IS_HISTORY_CACHE (self), 0);

  g_mutex_lock (&self->worker->lock);
  n = self->worker->n_jobs;
  g_mutex_unlock (&self->worker->lock);

  return n;
}

/* }}} */
