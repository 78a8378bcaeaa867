/* fd-snapshot.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-snapshot"

#include "config.h"

#include "fd-snapshot.h"
#include "fd-snapshot-private.h"

#include <string.h>

/*
 * Strings live in one buffer, nul-terminated one after the other; an FdStr
 * is an index into `offsets`, and offsets[n_strings] is the buffer length so
 * the length of any string is known without strlen(). The builder adds an
 * open-addressing hash of ids for interning, which fd_snapshot_builder_end()
 * drops: a finished snapshot needs only the buffer and the offsets.
 */
typedef struct
{
  char    *buf;
  gsize    buf_len;
  gsize    buf_cap;
  guint32 *offsets;       /* n_strings + 1 entries */
  guint    n_strings;     /* including the unused id 0 */
  guint    offsets_cap;
  guint32 *slots;         /* ids, 0 = empty; NULL once finished */
  guint    n_slots;       /* power of two */
  guint32 *hashes;        /* hash of each id, so probes and rehashes skip the text */
} StrTable;

/* The buffers a shared snapshot views. */
enum
{
  SHARED_RUNS,
  SHARED_DEPLOYMENTS,
  SHARED_ALERTS,
  SHARED_CANARIES,
  SHARED_SAMPLES,
  SHARED_STAGES,
  SHARED_STEPS,
  SHARED_TEXT,
  SHARED_OFFSETS,
  SHARED_N
};

struct _FdSnapshot
{
  gatomicrefcount  ref_count;

  FdPipelineRun   *runs;
  gsize            n_runs;
  FdDeployment    *deployments;
  gsize            n_deployments;
  FdAlert         *alerts;
  gsize            n_alerts;
  FdCanary        *canaries;
  gsize            n_canaries;
  FdCanarySample  *samples;
  gsize            n_samples;
  FdStage         *stages;
  gsize            n_stages;
  double          *steps;
  gsize            n_steps;

  StrTable         strings;

  FdStr           *environment_ids;
  const char     **environments;     /* NULL-terminated, points into strings */
  gsize            n_environments;
  FdStr           *service_ids;
  const char     **services;
  gsize            n_services;

  FdTime           first_time;
  FdTime           last_time;

  /* Set for snapshots made by _fd_snapshot_new_from_parts(): the record
   * arrays, stages, steps and strings are views into buffers shared with
   * other snapshots, released (never freed) with the snapshot. */
  FdSharedBuf     *shared[SHARED_N];
};

/* Maps the FdStr of an id to 1 + the index of its record, per record type. */
typedef struct
{
  guint32 *index;
  guint    len;
} IdMap;

struct _FdSnapshotBuilder
{
  GArray   *runs;
  GArray   *deployments;
  GArray   *alerts;
  GArray   *canaries;
  GArray   *samples;
  GArray   *stages;
  GArray   *steps;
  StrTable  strings;
  IdMap     run_ids;
  IdMap     deployment_ids;
  IdMap     alert_ids;
  IdMap     canary_ids;
};

G_DEFINE_BOXED_TYPE (FdSnapshot, fd_snapshot, fd_snapshot_ref, fd_snapshot_unref)

/* String table {{{ */

static inline guint32
hash_bytes (const char *str,
            gsize       len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ len;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, str + i, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
  if (i < len)
    {
      guint64 w = 0;

      memcpy (&w, str + i, len - i);
      h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    }
  h ^= h >> 29;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 32;

  return (guint32) h;
}

guint32
_fd_snapshot_hash_bytes (const char *str,
                         gsize       len)
{
  return hash_bytes (str, len);
}

static void
str_table_init (StrTable *t)
{
  memset (t, 0, sizeof *t);
  t->buf_cap = 4096;
  t->buf = g_malloc (t->buf_cap);
  t->buf[0] = '\0';
  t->buf_len = 1;
  t->offsets_cap = 256;
  t->offsets = g_new (guint32, t->offsets_cap);
  t->offsets[0] = 0;
  t->offsets[1] = 1;
  t->n_strings = 1;
  t->n_slots = 1024;
  t->slots = g_new0 (guint32, t->n_slots);
  t->hashes = g_new (guint32, t->offsets_cap);
}

static void
str_table_clear (StrTable *t)
{
  g_clear_pointer (&t->buf, g_free);
  g_clear_pointer (&t->offsets, g_free);
  g_clear_pointer (&t->slots, g_free);
  g_clear_pointer (&t->hashes, g_free);
}

static inline gsize
str_table_len (const StrTable *t,
               FdStr           id)
{
  return t->offsets[id + 1] - t->offsets[id] - 1;
}

static void
str_table_rehash (StrTable *t,
                  guint     n_slots)
{
  guint mask = n_slots - 1;

  g_free (t->slots);
  t->slots = g_new0 (guint32, n_slots);
  t->n_slots = n_slots;

  for (guint id = 1; id < t->n_strings; id++)
    {
      guint i = t->hashes[id] & mask;

      while (t->slots[i] != 0)
        i = (i + 1) & mask;
      t->slots[i] = id;
    }
}

static FdStr
str_table_intern (StrTable   *t,
                  const char *str,
                  gsize       len)
{
  guint32 h = hash_bytes (str, len);
  guint mask = t->n_slots - 1;
  guint i = h & mask;
  FdStr id;

  g_assert (t->slots != NULL);

  while ((id = t->slots[i]) != 0)
    {
      if (t->hashes[id] == h && str_table_len (t, id) == len &&
          memcmp (t->buf + t->offsets[id], str, len) == 0)
        return id;
      i = (i + 1) & mask;
    }

  /* The offsets are 32 bits: one snapshot holds at most 4 GiB of distinct text. */
  if (G_UNLIKELY (t->buf_len + len + 1 > G_MAXUINT32 || t->n_strings >= G_MAXUINT32 - 2))
    g_error ("Too many distinct strings in one snapshot");

  if (t->buf_len + len + 1 > t->buf_cap)
    {
      while (t->buf_len + len + 1 > t->buf_cap)
        t->buf_cap *= 2;
      t->buf = g_realloc (t->buf, t->buf_cap);
    }
  memcpy (t->buf + t->buf_len, str, len);
  t->buf[t->buf_len + len] = '\0';
  t->buf_len += len + 1;

  if (t->n_strings + 2 > t->offsets_cap)
    {
      t->offsets_cap *= 2;
      t->offsets = g_renew (guint32, t->offsets, t->offsets_cap);
      t->hashes = g_renew (guint32, t->hashes, t->offsets_cap);
    }
  id = t->n_strings++;
  t->hashes[id] = h;
  t->offsets[t->n_strings] = (guint32) t->buf_len;
  t->slots[i] = id;

  /* Keep the load factor under one half so probes stay short. */
  if ((guint64) t->n_strings * 2 > t->n_slots)
    str_table_rehash (t, t->n_slots * 2);

  return id;
}

static void
str_table_finish (StrTable *t)
{
  g_clear_pointer (&t->slots, g_free);
  g_clear_pointer (&t->hashes, g_free);
  t->n_slots = 0;
  t->buf = g_realloc (t->buf, t->buf_len);
  t->buf_cap = t->buf_len;
  t->offsets = g_renew (guint32, t->offsets, t->n_strings + 1);
  t->offsets_cap = t->n_strings + 1;
}

static void
str_table_copy (StrTable       *dst,
                const StrTable *src)
{
  memset (dst, 0, sizeof *dst);
  dst->buf_cap = MAX (src->buf_len, 4096);
  dst->buf = g_malloc (dst->buf_cap);
  memcpy (dst->buf, src->buf, src->buf_len);
  dst->buf_len = src->buf_len;
  dst->offsets_cap = MAX (src->n_strings + 1, 256);
  dst->offsets = g_new (guint32, dst->offsets_cap);
  memcpy (dst->offsets, src->offsets, (src->n_strings + 1) * sizeof (guint32));
  dst->n_strings = src->n_strings;
  dst->hashes = g_new (guint32, dst->offsets_cap);
  for (guint id = 1; id < dst->n_strings; id++)
    dst->hashes[id] = hash_bytes (dst->buf + dst->offsets[id], str_table_len (dst, id));
  dst->n_slots = 1024;
  while (dst->n_slots < dst->n_strings * 2)
    dst->n_slots *= 2;
  dst->slots = NULL;
  str_table_rehash (dst, dst->n_slots);
}

/* }}} */

/* Snapshot {{{ */

static FdSnapshot *
snapshot_alloc (void)
{
  FdSnapshot *self = g_new0 (FdSnapshot, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->first_time = FD_TIME_NONE;
  self->last_time = FD_TIME_NONE;

  return self;
}

/**
 * fd_snapshot_new_empty:
 *
 * Returns: (transfer full): a snapshot without records
 */
FdSnapshot *
fd_snapshot_new_empty (void)
{
  return fd_snapshot_builder_end (fd_snapshot_builder_new ());
}

/**
 * fd_snapshot_ref:
 * @self: a #FdSnapshot
 *
 * Returns: (transfer full): @self
 */
FdSnapshot *
fd_snapshot_ref (FdSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

static gboolean
snapshot_is_shared (const FdSnapshot *self)
{
  return self->shared[SHARED_TEXT] != NULL;
}

static void
snapshot_free (FdSnapshot *self)
{
  if (snapshot_is_shared (self))
    {
      for (guint i = 0; i < SHARED_N; i++)
        g_clear_pointer (&self->shared[i], _fd_shared_buf_unref);
      g_free (self->environment_ids);
      g_free (self->environments);
      g_free (self->service_ids);
      g_free (self->services);
      g_free (self);
      return;
    }

  g_free (self->runs);
  g_free (self->deployments);
  g_free (self->alerts);
  g_free (self->canaries);
  g_free (self->samples);
  g_free (self->stages);
  g_free (self->steps);
  str_table_clear (&self->strings);
  g_free (self->environment_ids);
  g_free (self->environments);
  g_free (self->service_ids);
  g_free (self->services);
  g_free (self);
}

static void
free_in_thread (gpointer data,
                gpointer user_data)
{
  snapshot_free (data);
}

/* Snapshots this big are freed on a thread of their own. */
#define FREE_IN_THREAD_RECORDS 65536

/**
 * fd_snapshot_unref:
 * @self: (transfer full): a #FdSnapshot
 *
 * Drops a reference; the last one frees the snapshot. A large snapshot is
 * freed on another thread: its strings alone are a million small blocks,
 * several milliseconds of work that the main loop, where the pages drop
 * their last references, must not wait for.
 */
void
fd_snapshot_unref (FdSnapshot *self)
{
  static GThreadPool *pool;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* A shared snapshot only drops references: nothing to wait for. */
  if (!snapshot_is_shared (self) &&
      self->n_runs + self->n_alerts + self->n_deployments >= FREE_IN_THREAD_RECORDS)
    {
      if (g_once_init_enter (&pool))
        g_once_init_leave (&pool, g_thread_pool_new (free_in_thread, NULL, 1, FALSE, NULL));
      g_thread_pool_push (pool, self, NULL);
      return;
    }
  snapshot_free (self);
}

/**
 * fd_snapshot_str:
 * @self: a #FdSnapshot
 * @str: an interned string of @self
 *
 * Returns: (nullable): the text of @str, or %NULL for %FD_STR_NONE
 */
const char *
fd_snapshot_str (const FdSnapshot *self,
                 FdStr             str)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (str == FD_STR_NONE || str >= self->strings.n_strings)
    return NULL;

  return self->strings.buf + self->strings.offsets[str];
}

/**
 * fd_snapshot_str_len:
 * @self: a #FdSnapshot
 * @str: an interned string of @self
 * @len: (out): return location for the length in bytes
 *
 * Returns: (nullable): the text of @str (nul-terminated too), or %NULL with
 *   @len 0 for %FD_STR_NONE
 */
const char *
fd_snapshot_str_len (const FdSnapshot *self,
                     FdStr             str,
                     gsize            *len)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  if (str == FD_STR_NONE || str >= self->strings.n_strings)
    {
      *len = 0;
      return NULL;
    }

  *len = str_table_len (&self->strings, str);
  return self->strings.buf + self->strings.offsets[str];
}

static FdStr
find_sorted (const char * const *names,
             const FdStr        *ids,
             gsize               n,
             const char         *str)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      int cmp = strcmp (names[mid], str);

      if (cmp == 0)
        return ids[mid];
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return FD_STR_NONE;
}

/**
 * fd_snapshot_lookup:
 * @self: a #FdSnapshot
 * @str: a string
 *
 * Finds the interned id of @str. Environment and service names are found by
 * binary search; other strings by a scan of the string table, since a
 * finished snapshot keeps no hash table (it would cost more memory than the
 * strings themselves for unique ids).
 *
 * Returns: the id, or %FD_STR_NONE when the snapshot never saw @str
 */
FdStr
fd_snapshot_lookup (const FdSnapshot *self,
                    const char       *str)
{
  FdStr id;
  gsize len;

  g_return_val_if_fail (self != NULL, FD_STR_NONE);

  if (str == NULL)
    return FD_STR_NONE;

  if ((id = find_sorted (self->environments, self->environment_ids,
                         self->n_environments, str)) != FD_STR_NONE)
    return id;
  if ((id = find_sorted (self->services, self->service_ids, self->n_services, str)) != FD_STR_NONE)
    return id;

  len = strlen (str);
  for (id = 1; id < self->strings.n_strings; id++)
    {
      if (str_table_len (&self->strings, id) == len &&
          memcmp (self->strings.buf + self->strings.offsets[id], str, len) == 0)
        return id;
    }

  return FD_STR_NONE;
}

/* fd_snapshot_get_runs() and friends: the records of one type, sorted by
 * time; @n receives their number. */
#define DEFINE_GETTER(Type, name, field)                                      \
  const Type *                                                                \
  fd_snapshot_get_##name (const FdSnapshot *self,                             \
                          gsize            *n)                                \
  {                                                                           \
    g_return_val_if_fail (self != NULL, NULL);                                \
    if (n != NULL)                                                            \
      *n = self->n_##field;                                                   \
    return self->field;                                                       \
  }

DEFINE_GETTER (FdPipelineRun, runs, runs)
DEFINE_GETTER (FdDeployment, deployments, deployments)
DEFINE_GETTER (FdAlert, alerts, alerts)
DEFINE_GETTER (FdCanary, canaries, canaries)
DEFINE_GETTER (FdCanarySample, samples, samples)

/**
 * fd_snapshot_get_stages:
 * @self: a #FdSnapshot
 * @run: a run of @self
 * @n_stages: (out): the number of stages
 *
 * Returns: (array length=n_stages): the stages of @run, in their order in the file
 */
const FdStage *
fd_snapshot_get_stages (const FdSnapshot    *self,
                        const FdPipelineRun *run,
                        gsize               *n_stages)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (run != NULL, NULL);

  *n_stages = run->n_stages;
  if (run->n_stages == 0 || (gsize) run->first_stage + run->n_stages > self->n_stages)
    {
      *n_stages = 0;
      return NULL;
    }

  return self->stages + run->first_stage;
}

/**
 * fd_snapshot_get_steps:
 * @self: a #FdSnapshot
 * @canary: a canary of @self
 * @n_steps: (out): the number of steps
 *
 * Returns: (array length=n_steps): the traffic steps of @canary, in percent
 */
const double *
fd_snapshot_get_steps (const FdSnapshot *self,
                       const FdCanary   *canary,
                       gsize            *n_steps)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (canary != NULL, NULL);

  *n_steps = canary->n_steps;
  if (canary->n_steps == 0 || (gsize) canary->first_step + canary->n_steps > self->n_steps)
    {
      *n_steps = 0;
      return NULL;
    }

  return self->steps + canary->first_step;
}

/* The records are sorted by a time at offset 0 of each struct (started_at,
 * or at for samples), so one lower-bound search serves every type. */
static gsize
lower_bound (const void *records,
             gsize       n,
             gsize       size,
             FdTime      t)
{
  const char *base = records;
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      FdTime v;

      memcpy (&v, base + mid * size, sizeof v);
      if (v < t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (FdPipelineRun, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdDeployment, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdAlert, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdCanary, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdCanarySample, at) == 0);

static void
range (const void *records,
       gsize       n,
       gsize       size,
       FdTime      from,
       FdTime      to,
       gsize      *first,
       gsize      *last)
{
  gsize a = lower_bound (records, n, size, from);
  gsize b = to <= from ? a : lower_bound (records, n, size, to);

  *first = a;
  *last = MAX (a, b);
}

/* fd_snapshot_runs_range() and friends: [*first, *last) are the indexes of
 * the records whose time is in [from, to), found by two binary searches. */
#define DEFINE_RANGE(name, field, Type)                                       \
  void                                                                        \
  fd_snapshot_##name##_range (const FdSnapshot *self,                         \
                              FdTime            from,                         \
                              FdTime            to,                           \
                              gsize            *first,                        \
                              gsize            *last)                         \
  {                                                                           \
    g_return_if_fail (self != NULL);                                          \
    range (self->field, self->n_##field, sizeof (Type), from, to, first, last); \
  }

DEFINE_RANGE (runs, runs, FdPipelineRun)
DEFINE_RANGE (deployments, deployments, FdDeployment)
DEFINE_RANGE (alerts, alerts, FdAlert)
DEFINE_RANGE (canaries, canaries, FdCanary)
DEFINE_RANGE (samples, samples, FdCanarySample)

/**
 * fd_snapshot_get_environments:
 * @self: a #FdSnapshot
 *
 * Returns: (transfer none): the sorted, distinct environment names of all records
 */
const char * const *
fd_snapshot_get_environments (const FdSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->environments;
}

/**
 * fd_snapshot_get_services:
 * @self: a #FdSnapshot
 *
 * Returns: (transfer none): the sorted, distinct service names of all records
 */
const char * const *
fd_snapshot_get_services (const FdSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->services;
}

/**
 * fd_snapshot_get_environment_ids:
 * @self: a #FdSnapshot
 * @n_environments: (out): the number of ids
 *
 * Returns: (array length=n_environments): the interned ids of
 *   fd_snapshot_get_environments(), in the same order
 */
const FdStr *
fd_snapshot_get_environment_ids (const FdSnapshot *self,
                                 gsize            *n_environments)
{
  g_return_val_if_fail (self != NULL, NULL);

  *n_environments = self->n_environments;
  return self->environment_ids;
}

/**
 * fd_snapshot_get_service_ids:
 * @self: a #FdSnapshot
 * @n_services: (out): the number of ids
 *
 * Returns: (array length=n_services): the interned ids of
 *   fd_snapshot_get_services(), in the same order
 */
const FdStr *
fd_snapshot_get_service_ids (const FdSnapshot *self,
                             gsize            *n_services)
{
  g_return_val_if_fail (self != NULL, NULL);

  *n_services = self->n_services;
  return self->service_ids;
}

/**
 * fd_snapshot_get_first_time:
 * @self: a #FdSnapshot
 *
 * Returns: the earliest started_at (or sample time) of any record, or
 *   %FD_TIME_NONE when the snapshot is empty
 */
FdTime
fd_snapshot_get_first_time (const FdSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FD_TIME_NONE);

  return self->first_time;
}

/**
 * fd_snapshot_get_last_time:
 * @self: a #FdSnapshot
 *
 * Returns: the latest started_at (or sample time) of any record, or
 *   %FD_TIME_NONE when the snapshot is empty
 */
FdTime
fd_snapshot_get_last_time (const FdSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FD_TIME_NONE);

  return self->last_time;
}

/**
 * fd_snapshot_get_n_strings:
 * @self: a #FdSnapshot
 *
 * Returns: one more than the largest interned id, so that tables indexed
 *   by #FdStr can be sized without a hash table
 */
guint
fd_snapshot_get_n_strings (const FdSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->strings.n_strings;
}

/**
 * fd_snapshot_get_memory_size:
 * @self: a #FdSnapshot
 *
 * Returns: the bytes held by @self: record arrays, stages, steps, the string
 *   table and the environment and service lists
 */
gsize
fd_snapshot_get_memory_size (const FdSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self +
         self->n_runs * sizeof (FdPipelineRun) +
         self->n_deployments * sizeof (FdDeployment) +
         self->n_alerts * sizeof (FdAlert) +
         self->n_canaries * sizeof (FdCanary) +
         self->n_samples * sizeof (FdCanarySample) +
         self->n_stages * sizeof (FdStage) +
         self->n_steps * sizeof (double) +
         self->strings.buf_len +
         (self->strings.n_strings + 1) * sizeof (guint32) +
         (self->n_environments + self->n_services) * (sizeof (FdStr) + sizeof (char *)) +
         2 * sizeof (char *);
}

/* }}} */

/* Builder {{{ */

/**
 * fd_snapshot_builder_new:
 *
 * Returns: (transfer full): an empty builder
 */
FdSnapshotBuilder *
fd_snapshot_builder_new (void)
{
  FdSnapshotBuilder *self = g_new0 (FdSnapshotBuilder, 1);

  self->runs = g_array_new (FALSE, FALSE, sizeof (FdPipelineRun));
  self->deployments = g_array_new (FALSE, FALSE, sizeof (FdDeployment));
  self->alerts = g_array_new (FALSE, FALSE, sizeof (FdAlert));
  self->canaries = g_array_new (FALSE, FALSE, sizeof (FdCanary));
  self->samples = g_array_new (FALSE, FALSE, sizeof (FdCanarySample));
  self->stages = g_array_new (FALSE, FALSE, sizeof (FdStage));
  self->steps = g_array_new (FALSE, FALSE, sizeof (double));
  str_table_init (&self->strings);

  return self;
}

static void
id_map_clear (IdMap *map)
{
  g_clear_pointer (&map->index, g_free);
  map->len = 0;
}

/* Returns the slot of @id, growing the map with the string table. */
static guint32 *
id_map_slot (IdMap *map,
             FdStr  id)
{
  if (id >= map->len)
    {
      guint len = MAX (1024, map->len);

      while (len <= id)
        len *= 2;
      map->index = g_renew (guint32, map->index, len);
      memset (map->index + map->len, 0, (len - map->len) * sizeof (guint32));
      map->len = len;
    }

  return &map->index[id];
}

/**
 * fd_snapshot_builder_new_from:
 * @base: a finished snapshot
 *
 * Starts a builder from a copy of the records and strings of @base, so a
 * provider can append newer lines; a record added later with an id that
 * @base already has replaces it, as if both had been read from one file.
 *
 * Returns: (transfer full): a new builder
 */
FdSnapshotBuilder *
fd_snapshot_builder_new_from (const FdSnapshot *base)
{
  FdSnapshotBuilder *self;

  g_return_val_if_fail (base != NULL, NULL);

  self = g_new0 (FdSnapshotBuilder, 1);
  self->runs = g_array_sized_new (FALSE, FALSE, sizeof (FdPipelineRun), base->n_runs);
  g_array_append_vals (self->runs, base->runs, base->n_runs);
  self->deployments = g_array_sized_new (FALSE, FALSE, sizeof (FdDeployment), base->n_deployments);
  g_array_append_vals (self->deployments, base->deployments, base->n_deployments);
  self->alerts = g_array_sized_new (FALSE, FALSE, sizeof (FdAlert), base->n_alerts);
  g_array_append_vals (self->alerts, base->alerts, base->n_alerts);
  self->canaries = g_array_sized_new (FALSE, FALSE, sizeof (FdCanary), base->n_canaries);
  g_array_append_vals (self->canaries, base->canaries, base->n_canaries);
  self->samples = g_array_sized_new (FALSE, FALSE, sizeof (FdCanarySample), base->n_samples);
  g_array_append_vals (self->samples, base->samples, base->n_samples);
  self->stages = g_array_sized_new (FALSE, FALSE, sizeof (FdStage), base->n_stages);
  g_array_append_vals (self->stages, base->stages, base->n_stages);
  self->steps = g_array_sized_new (FALSE, FALSE, sizeof (double), base->n_steps);
  g_array_append_vals (self->steps, base->steps, base->n_steps);
  str_table_copy (&self->strings, &base->strings);

  for (guint i = 0; i < base->n_runs; i++)
    *id_map_slot (&self->run_ids, base->runs[i].id) = i + 1;
  for (guint i = 0; i < base->n_deployments; i++)
    *id_map_slot (&self->deployment_ids, base->deployments[i].id) = i + 1;
  for (guint i = 0; i < base->n_alerts; i++)
    *id_map_slot (&self->alert_ids, base->alerts[i].id) = i + 1;
  for (guint i = 0; i < base->n_canaries; i++)
    *id_map_slot (&self->canary_ids, base->canaries[i].id) = i + 1;

  return self;
}

/**
 * fd_snapshot_builder_free:
 * @self: (transfer full): a builder
 *
 * Frees a builder that was not ended.
 */
void
fd_snapshot_builder_free (FdSnapshotBuilder *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->runs, g_array_unref);
  g_clear_pointer (&self->deployments, g_array_unref);
  g_clear_pointer (&self->alerts, g_array_unref);
  g_clear_pointer (&self->canaries, g_array_unref);
  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_pointer (&self->stages, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  str_table_clear (&self->strings);
  id_map_clear (&self->run_ids);
  id_map_clear (&self->deployment_ids);
  id_map_clear (&self->alert_ids);
  id_map_clear (&self->canary_ids);
  g_free (self);
}

/**
 * fd_snapshot_builder_intern:
 * @self: a builder
 * @str: (nullable): a string
 *
 * Returns: the interned id of @str, %FD_STR_NONE for %NULL
 */
FdStr
fd_snapshot_builder_intern (FdSnapshotBuilder *self,
                            const char        *str)
{
  g_return_val_if_fail (self != NULL, FD_STR_NONE);

  if (str == NULL)
    return FD_STR_NONE;

  return str_table_intern (&self->strings, str, strlen (str));
}

/**
 * fd_snapshot_builder_intern_len:
 * @self: a builder
 * @str: the bytes of a string, not necessarily nul-terminated
 * @len: the length of @str
 *
 * Returns: the interned id of the @len bytes at @str
 */
FdStr
fd_snapshot_builder_intern_len (FdSnapshotBuilder *self,
                                const char        *str,
                                gsize              len)
{
  g_return_val_if_fail (self != NULL, FD_STR_NONE);
  g_return_val_if_fail (str != NULL || len == 0, FD_STR_NONE);

  return str_table_intern (&self->strings, str, len);
}

/**
 * fd_snapshot_builder_str:
 * @self: a builder
 * @str: an id interned by @self
 *
 * Returns: (nullable): the text of @str; valid until the next intern call
 */
const char *
fd_snapshot_builder_str (FdSnapshotBuilder *self,
                         FdStr              str)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (str == FD_STR_NONE || str >= self->strings.n_strings)
    return NULL;

  return self->strings.buf + self->strings.offsets[str];
}

/**
 * fd_snapshot_builder_add_run:
 * @self: a builder
 * @run: the run; its strings interned by @self
 * @stages: (array length=n_stages) (nullable): its stages
 * @n_stages: the number of stages
 *
 * Adds @run, or replaces the run added earlier with the same id (the
 * append-only rule of the event format).
 */
void
fd_snapshot_builder_add_run (FdSnapshotBuilder   *self,
                             const FdPipelineRun *run,
                             const FdStage       *stages,
                             gsize                n_stages)
{
  FdPipelineRun copy;
  guint32 *slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (run != NULL);

  copy = *run;
  n_stages = MIN (n_stages, G_MAXUINT16);
  copy.first_stage = self->stages->len;
  copy.n_stages = (guint16) n_stages;
  if (n_stages > 0)
    g_array_append_vals (self->stages, stages, n_stages);
  else
    copy.first_stage = 0;

  slot = id_map_slot (&self->run_ids, run->id);
  if (*slot != 0)
    {
      g_array_index (self->runs, FdPipelineRun, *slot - 1) = copy;
    }
  else
    {
      g_array_append_val (self->runs, copy);
      *slot = self->runs->len;
    }
}

/**
 * fd_snapshot_builder_add_deployment:
 * @self: a builder
 * @deployment: the deployment; its strings interned by @self
 *
 * Adds @deployment, or replaces the one added earlier with the same id.
 */
void
fd_snapshot_builder_add_deployment (FdSnapshotBuilder  *self,
                                    const FdDeployment *deployment)
{
  guint32 *slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (deployment != NULL);

  slot = id_map_slot (&self->deployment_ids, deployment->id);
  if (*slot != 0)
    {
      g_array_index (self->deployments, FdDeployment, *slot - 1) = *deployment;
    }
  else
    {
      g_array_append_val (self->deployments, *deployment);
      *slot = self->deployments->len;
    }
}

/**
 * fd_snapshot_builder_add_alert:
 * @self: a builder
 * @alert: the alert; its strings interned by @self
 *
 * Adds @alert, or replaces the one added earlier with the same id.
 */
void
fd_snapshot_builder_add_alert (FdSnapshotBuilder *self,
                               const FdAlert     *alert)
{
  guint32 *slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (alert != NULL);

  slot = id_map_slot (&self->alert_ids, alert->id);
  if (*slot != 0)
    {
      g_array_index (self->alerts, FdAlert, *slot - 1) = *alert;
    }
  else
    {
      g_array_append_val (self->alerts, *alert);
      *slot = self->alerts->len;
    }
}

/**
 * fd_snapshot_builder_add_canary:
 * @self: a builder
 * @canary: the canary; its strings interned by @self
 * @steps: (array length=n_steps) (nullable): its traffic steps
 * @n_steps: the number of steps
 *
 * Adds @canary, or replaces the one added earlier with the same id.
 */
void
fd_snapshot_builder_add_canary (FdSnapshotBuilder *self,
                                const FdCanary    *canary,
                                const double      *steps,
                                gsize              n_steps)
{
  FdCanary copy;
  guint32 *slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (canary != NULL);

  copy = *canary;
  n_steps = MIN (n_steps, G_MAXUINT16);
  copy.first_step = n_steps > 0 ? self->steps->len : 0;
  copy.n_steps = (guint16) n_steps;
  if (n_steps > 0)
    g_array_append_vals (self->steps, steps, n_steps);

  slot = id_map_slot (&self->canary_ids, canary->id);
  if (*slot != 0)
    {
      g_array_index (self->canaries, FdCanary, *slot - 1) = copy;
    }
  else
    {
      g_array_append_val (self->canaries, copy);
      *slot = self->canaries->len;
    }
}

/**
 * fd_snapshot_builder_add_sample:
 * @self: a builder
 * @sample: a canary sample
 *
 * Adds @sample. Samples have no id and are never replaced.
 */
void
fd_snapshot_builder_add_sample (FdSnapshotBuilder    *self,
                                const FdCanarySample *sample)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (sample != NULL);

  g_array_append_val (self->samples, *sample);
}

/**
 * fd_snapshot_builder_append:
 * @self: a builder
 * @other: another builder, holding the records of later lines
 *
 * Adds the records of @other to @self in @other's order, so that the result
 * is the same as if one builder had read all the lines: a record of @other
 * replaces the record of @self with the same type and id, and records new
 * to @self keep their order of first appearance.
 */
void
fd_snapshot_builder_append (FdSnapshotBuilder       *self,
                            const FdSnapshotBuilder *other)
{
  const StrTable *ot;
  g_autofree FdStr *map = NULL;
  g_autoptr(GArray) stages = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  ot = &other->strings;
  map = g_new (FdStr, ot->n_strings);
  map[0] = FD_STR_NONE;
  for (FdStr id = 1; id < ot->n_strings; id++)
    map[id] = str_table_intern (&self->strings, ot->buf + ot->offsets[id], str_table_len (ot, id));

  stages = g_array_new (FALSE, FALSE, sizeof (FdStage));
  for (guint i = 0; i < other->runs->len; i++)
    {
      FdPipelineRun r = g_array_index (other->runs, FdPipelineRun, i);

      r.id = map[r.id];
      r.pipeline = map[r.pipeline];
      r.service = map[r.service];
      r.environment = map[r.environment];
      r.branch = map[r.branch];
      r.commit = map[r.commit];
      r.trigger = map[r.trigger];
      g_array_set_size (stages, r.n_stages);
      for (guint k = 0; k < r.n_stages; k++)
        {
          FdStage *st = &g_array_index (stages, FdStage, k);
          FdStr name;

          *st = g_array_index (other->stages, FdStage, r.first_stage + k);
          name = map[st->name];
          st->name = name < (1u << 28) ? name : FD_STR_NONE;
        }
      fd_snapshot_builder_add_run (self, &r, (const FdStage *) (void *) stages->data, r.n_stages);
    }

  for (guint i = 0; i < other->deployments->len; i++)
    {
      FdDeployment d = g_array_index (other->deployments, FdDeployment, i);

      d.id = map[d.id];
      d.service = map[d.service];
      d.environment = map[d.environment];
      d.version = map[d.version];
      d.previous_version = map[d.previous_version];
      d.strategy = map[d.strategy];
      d.commit = map[d.commit];
      fd_snapshot_builder_add_deployment (self, &d);
    }

  for (guint i = 0; i < other->alerts->len; i++)
    {
      FdAlert a = g_array_index (other->alerts, FdAlert, i);

      a.id = map[a.id];
      a.name = map[a.name];
      a.service = map[a.service];
      a.environment = map[a.environment];
      a.summary = map[a.summary];
      fd_snapshot_builder_add_alert (self, &a);
    }

  for (guint i = 0; i < other->canaries->len; i++)
    {
      FdCanary c = g_array_index (other->canaries, FdCanary, i);
      const double *steps = NULL;

      if (c.n_steps > 0)
        steps = &g_array_index (other->steps, double, c.first_step);

      c.id = map[c.id];
      c.service = map[c.service];
      c.environment = map[c.environment];
      c.baseline_version = map[c.baseline_version];
      c.canary_version = map[c.canary_version];
      fd_snapshot_builder_add_canary (self, &c, steps, c.n_steps);
    }

  for (guint i = 0; i < other->samples->len; i++)
    {
      FdCanarySample x = g_array_index (other->samples, FdCanarySample, i);

      x.canary_id = map[x.canary_id];
      g_array_append_val (self->samples, x);
    }
}

typedef struct
{
  FdTime  t;
  guint32 index;
} SortKey;

static int
sort_key_compare (const void *a,
                  const void *b)
{
  const SortKey *ka = a, *kb = b;

  if (ka->t != kb->t)
    return ka->t < kb->t ? -1 : 1;
  /* Ties keep the order of insertion, which makes the sort stable. */
  return ka->index < kb->index ? -1 : ka->index > kb->index;
}

/* Sorts @array (records with their time at offset 0) by time, stably. Files
 * are usually written in time order, so the common case is one pass. */
static void
sort_by_time (GArray *array)
{
  gsize size = g_array_get_element_size (array);
  gsize n = array->len;
  gboolean sorted = TRUE;
  SortKey *keys;
  char *tmp;

  for (gsize i = 1; i < n && sorted; i++)
    {
      FdTime a, b;

      memcpy (&a, array->data + (i - 1) * size, sizeof a);
      memcpy (&b, array->data + i * size, sizeof b);
      sorted = a <= b;
    }
  if (sorted)
    return;

  keys = g_new (SortKey, n);
  for (gsize i = 0; i < n; i++)
    {
      memcpy (&keys[i].t, array->data + i * size, sizeof (FdTime));
      keys[i].index = (guint32) i;
    }
  qsort (keys, n, sizeof (SortKey), sort_key_compare);

  tmp = g_malloc (n * size);
  for (gsize i = 0; i < n; i++)
    memcpy (tmp + i * size, array->data + (gsize) keys[i].index * size, size);
  memcpy (array->data, tmp, n * size);
  g_free (tmp);
  g_free (keys);
}

static int
compare_names (const void *a,
               const void *b,
               gpointer    user_data)
{
  const StrTable *t = user_data;
  FdStr sa = *(const FdStr *) a, sb = *(const FdStr *) b;

  return strcmp (t->buf + t->offsets[sa], t->buf + t->offsets[sb]);
}

static void
collect_names (FdSnapshot   *snapshot,
               guint8       *marks,
               guint8        bit,
               FdStr       **ids_out,
               const char ***names_out,
               gsize        *n_out)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (FdStr));
  const char **names;

  for (FdStr id = 1; id < snapshot->strings.n_strings; id++)
    {
      if (marks[id] & bit)
        g_array_append_val (ids, id);
    }
  g_qsort_with_data (ids->data, ids->len, sizeof (FdStr), compare_names, &snapshot->strings);

  names = g_new0 (const char *, ids->len + 1);
  for (guint i = 0; i < ids->len; i++)
    names[i] = snapshot->strings.buf + snapshot->strings.offsets[g_array_index (ids, FdStr, i)];

  *n_out = ids->len;
  *names_out = names;
  *ids_out = (FdStr *) (void *) g_array_free (ids, FALSE);
}

static void
update_span (FdSnapshot *s,
             FdTime      first,
             FdTime      last)
{
  if (s->first_time == FD_TIME_NONE || first < s->first_time)
    s->first_time = first;
  if (s->last_time == FD_TIME_NONE || last > s->last_time)
    s->last_time = last;
}

/**
 * fd_snapshot_builder_end:
 * @self: (transfer full): a builder
 *
 * Sorts every record type by time (stably: records with equal times keep
 * the order in which they were first added), packs the stages and steps in
 * record order without the ones of replaced records, drops the build-time
 * hash tables and frees the builder.
 *
 * Returns: (transfer full): the immutable snapshot
 */
FdSnapshot *
fd_snapshot_builder_end (FdSnapshotBuilder *self)
{
  FdSnapshot *s;
  g_autofree guint8 *marks = NULL;
  guint n_strings;

  g_return_val_if_fail (self != NULL, NULL);

  s = snapshot_alloc ();

  sort_by_time (self->runs);
  sort_by_time (self->deployments);
  sort_by_time (self->alerts);
  sort_by_time (self->canaries);
  sort_by_time (self->samples);

  s->n_runs = self->runs->len;
  s->runs = (FdPipelineRun *) (void *) g_array_free (g_steal_pointer (&self->runs), FALSE);
  s->n_deployments = self->deployments->len;
  s->deployments = (FdDeployment *) (void *) g_array_free (g_steal_pointer (&self->deployments),
                                                           FALSE);
  s->n_alerts = self->alerts->len;
  s->alerts = (FdAlert *) (void *) g_array_free (g_steal_pointer (&self->alerts), FALSE);
  s->n_canaries = self->canaries->len;
  s->canaries = (FdCanary *) (void *) g_array_free (g_steal_pointer (&self->canaries), FALSE);
  s->n_samples = self->samples->len;
  s->samples = (FdCanarySample *) (void *) g_array_free (g_steal_pointer (&self->samples), FALSE);

  /* Repack stages and steps in record order, leaving out those of replaced records. */
  {
    gsize n = 0;

    for (gsize i = 0; i < s->n_runs; i++)
      n += s->runs[i].n_stages;
    s->stages = g_new (FdStage, MAX (n, 1));
    s->n_stages = 0;
    for (gsize i = 0; i < s->n_runs; i++)
      {
        FdPipelineRun *r = &s->runs[i];

        if (r->n_stages > 0)
          memcpy (s->stages + s->n_stages, &g_array_index (self->stages, FdStage, r->first_stage),
                  r->n_stages * sizeof (FdStage));
        r->first_stage = (guint32) s->n_stages;
        s->n_stages += r->n_stages;
      }

    n = 0;
    for (gsize i = 0; i < s->n_canaries; i++)
      n += s->canaries[i].n_steps;
    s->steps = g_new (double, MAX (n, 1));
    s->n_steps = 0;
    for (gsize i = 0; i < s->n_canaries; i++)
      {
        FdCanary *c = &s->canaries[i];

        if (c->n_steps > 0)
          memcpy (s->steps + s->n_steps, &g_array_index (self->steps, double, c->first_step),
                  c->n_steps * sizeof (double));
        c->first_step = (guint32) s->n_steps;
        s->n_steps += c->n_steps;
      }
  }

  s->strings = self->strings;
  memset (&self->strings, 0, sizeof self->strings);
  str_table_finish (&s->strings);
  n_strings = s->strings.n_strings;

  /* Environments (bit 1) and services (bit 2) seen in any record. */
  marks = g_new0 (guint8, n_strings);
#define MARK(array, n)                                                        \
  for (gsize i = 0; i < (n); i++)                                             \
    {                                                                         \
      if ((array)[i].environment < n_strings)                                 \
        marks[(array)[i].environment] |= 1;                                   \
      if ((array)[i].service < n_strings)                                     \
        marks[(array)[i].service] |= 2;                                       \
    }
  MARK (s->runs, s->n_runs)
  MARK (s->deployments, s->n_deployments)
  MARK (s->alerts, s->n_alerts)
  MARK (s->canaries, s->n_canaries)
#undef MARK
  marks[0] = 0;
  collect_names (s, marks, 1, &s->environment_ids, &s->environments, &s->n_environments);
  collect_names (s, marks, 2, &s->service_ids, &s->services, &s->n_services);

  if (s->n_runs > 0)
    update_span (s, s->runs[0].started_at, s->runs[s->n_runs - 1].started_at);
  if (s->n_deployments > 0)
    update_span (s, s->deployments[0].started_at, s->deployments[s->n_deployments - 1].started_at);
  if (s->n_alerts > 0)
    update_span (s, s->alerts[0].started_at, s->alerts[s->n_alerts - 1].started_at);
  if (s->n_canaries > 0)
    update_span (s, s->canaries[0].started_at, s->canaries[s->n_canaries - 1].started_at);
  if (s->n_samples > 0)
    update_span (s, s->samples[0].at, s->samples[s->n_samples - 1].at);

  fd_snapshot_builder_free (self);

  return s;
}

/* }}} */

/* Shared snapshots {{{ */

struct _FdSharedBuf
{
  gatomicrefcount  ref_count;
  gsize            size;
  gpointer         data;
};

/**
 * _fd_shared_buf_new:
 * @size: bytes
 *
 * Returns: (transfer full): a buffer of @size uninitialised bytes
 */
FdSharedBuf *
_fd_shared_buf_new (gsize size)
{
  FdSharedBuf *self = g_new0 (FdSharedBuf, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->size = size;
  self->data = g_malloc (MAX (size, 1));

  return self;
}

FdSharedBuf *
_fd_shared_buf_ref (FdSharedBuf *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_fd_shared_buf_unref (FdSharedBuf *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->data);
  g_free (self);
}

gpointer
_fd_shared_buf_get_data (FdSharedBuf *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

gsize
_fd_shared_buf_get_size (FdSharedBuf *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

gboolean
_fd_shared_buf_is_exclusive (FdSharedBuf *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_ref_count_compare (&self->ref_count, 1);
}

/* Empty views point here, so that no getter returns NULL for a valid snapshot. */
static const guint64 empty_records[16];

static gconstpointer
take_view (FdSnapshot           *s,
           guint                 which,
           const FdSnapshotView *view,
           gsize                *n)
{
  *n = view->n;
  if (view->n == 0 || view->buf == NULL)
    {
      *n = 0;
      return empty_records;
    }

  s->shared[which] = _fd_shared_buf_ref (view->buf);
  return view->data;
}

static void
collect_ids (FdSnapshot   *s,
             const FdStr  *ids,
             gsize         n,
             FdStr       **ids_out,
             const char ***names_out,
             gsize        *n_out)
{
  FdStr *copy = g_new (FdStr, MAX (n, 1));
  const char **names = g_new0 (const char *, n + 1);
  gsize kept = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (ids[i] != FD_STR_NONE && ids[i] < s->strings.n_strings)
        copy[kept++] = ids[i];
    }
  g_qsort_with_data (copy, kept, sizeof (FdStr), compare_names, &s->strings);
  for (gsize i = 0; i < kept; i++)
    names[i] = s->strings.buf + s->strings.offsets[copy[i]];

  *ids_out = copy;
  *names_out = names;
  *n_out = kept;
}

/**
 * _fd_snapshot_new_from_parts:
 * @parts: the views and strings of the snapshot
 *
 * Makes a snapshot over buffers shared with others (see FdSharedBuf). Only
 * the environment and service lists are copied.
 *
 * Returns: (transfer full): the snapshot
 */
FdSnapshot *
_fd_snapshot_new_from_parts (const FdSnapshotParts *parts)
{
  FdSnapshot *s;

  g_return_val_if_fail (parts != NULL, NULL);
  g_return_val_if_fail (parts->text != NULL && parts->offsets != NULL, NULL);
  g_return_val_if_fail (parts->n_strings >= 1, NULL);

  s = snapshot_alloc ();

  s->runs = (FdPipelineRun *) take_view (s, SHARED_RUNS, &parts->runs, &s->n_runs);
  s->deployments = (FdDeployment *) take_view (s, SHARED_DEPLOYMENTS, &parts->deployments,
                                               &s->n_deployments);
  s->alerts = (FdAlert *) take_view (s, SHARED_ALERTS, &parts->alerts, &s->n_alerts);
  s->canaries = (FdCanary *) take_view (s, SHARED_CANARIES, &parts->canaries, &s->n_canaries);
  s->samples = (FdCanarySample *) take_view (s, SHARED_SAMPLES, &parts->samples, &s->n_samples);
  s->stages = (FdStage *) take_view (s, SHARED_STAGES, &parts->stages, &s->n_stages);
  s->steps = (double *) take_view (s, SHARED_STEPS, &parts->steps, &s->n_steps);

  s->shared[SHARED_TEXT] = _fd_shared_buf_ref (parts->text);
  s->shared[SHARED_OFFSETS] = _fd_shared_buf_ref (parts->offsets);
  s->strings.buf = _fd_shared_buf_get_data (parts->text);
  s->strings.buf_len = parts->text_len;
  s->strings.buf_cap = parts->text_len;
  s->strings.offsets = _fd_shared_buf_get_data (parts->offsets);
  s->strings.n_strings = parts->n_strings;
  s->strings.offsets_cap = parts->n_strings + 1;

  collect_ids (s, parts->environment_ids, parts->n_environments,
               &s->environment_ids, &s->environments, &s->n_environments);
  collect_ids (s, parts->service_ids, parts->n_services,
               &s->service_ids, &s->services, &s->n_services);

  if (s->n_runs > 0)
    update_span (s, s->runs[0].started_at, s->runs[s->n_runs - 1].started_at);
  if (s->n_deployments > 0)
    update_span (s, s->deployments[0].started_at, s->deployments[s->n_deployments - 1].started_at);
  if (s->n_alerts > 0)
    update_span (s, s->alerts[0].started_at, s->alerts[s->n_alerts - 1].started_at);
  if (s->n_canaries > 0)
    update_span (s, s->canaries[0].started_at, s->canaries[s->n_canaries - 1].started_at);
  if (s->n_samples > 0)
    update_span (s, s->samples[0].at, s->samples[s->n_samples - 1].at);

  return s;
}

/* }}} */
