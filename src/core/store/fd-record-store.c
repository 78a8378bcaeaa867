/* fd-record-store.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-record-store"

#include "config.h"

#include "fd-record-store.h"
#include "fd-record-store-private.h"
#include "fd-snapshot-private.h"

#include <string.h>

/*
 * How an apply stays in proportion to the batch.
 *
 * Every record type is one sorted column. A record has an absolute
 * position; the column holds [start, end). Its records live in a shared
 * buffer (FdSharedBuf) that the snapshots view, and no view ever reaches
 * past `high`, the end of the last snapshot made from the buffer:
 *
 * - Records newer than the last one are written at [end, …) of the current
 *   buffer, in place. Nobody sees them until the next snapshot.
 * - An update, a removal or an older record changes the column from some
 *   position p on. The current buffer is viewed there, so the column moves
 *   to the spare buffer (the one the snapshot before last used) when no
 *   snapshot views it any more: the spare is brought up to date from the
 *   position where it went stale to p, then [p, new end) is written by a
 *   merge. Both copies follow the records that changed since the spare was
 *   last current, not the history. There are two spares, so that the
 *   snapshot on screen and the one before it may both still be viewed. Only
 *   when both are viewed, or too small, is a new buffer filled from the start
 *   (twice the size, so growth is amortised).
 * - Dropping the oldest records (retention) moves `start`; nothing is
 *   copied.
 *
 * Stages and canary steps are append-only pools: a new run's stages are
 * appended, a replaced run's old stages become garbage, and when garbage
 * outweighs what is live the whole store is compacted once. Strings are
 * interned into a shared, append-only text buffer the same way.
 *
 * Records are found by handle: a small slot per record with its current
 * position, id, type and source. A dense table maps an id to its handle,
 * so a replacement never searches; a record from a second source with the
 * same id (two files with "run-1") goes to a small hash table instead.
 */

#define MIN_CAPACITY 1024
/* Stage and step garbage that triggers a compaction, when it also exceeds what is live. */
#define MIN_GARBAGE  65536

enum
{
  KIND_RUN,
  KIND_DEPLOYMENT,
  KIND_ALERT,
  KIND_CANARY,
  KIND_SAMPLE,
  N_KINDS
};

/* Samples have no id; the other kinds come first. */
#define N_ID_KINDS KIND_SAMPLE

static const gsize kind_size[N_KINDS] = {
  sizeof (FdPipelineRun),
  sizeof (FdDeployment),
  sizeof (FdAlert),
  sizeof (FdCanary),
  sizeof (FdCanarySample),
};

typedef enum
{
  PENDING_NONE,
  PENDING_REMOVED,
  PENDING_REPLACED,
  PENDING_INSERTED,
} Pending;

typedef struct
{
  guint32 pos;          /* absolute position in its column */
  FdStr   id;           /* FD_STR_NONE for samples */
  guint16 source;
  guint8  kind;
  guint8  pending;      /* Pending, during an apply */
} Slot;

typedef struct
{
  FdSharedBuf *buf;     /* NULL when there is none */
  gsize        base;    /* absolute position of the first element */
  gsize        cap;     /* elements */
} Buffer;

typedef struct
{
  FdTime  t;
  guint32 seq;          /* order of arrival, for a stable sort */
  guint32 handle;
} Insert;

/* Two spares: the buffer of the snapshot on screen and that of the one
 * before may both still be viewed while the next is made. */
#define N_SPARES 2

typedef struct
{
  gsize   elem;
  Buffer  cur;
  gsize   high;         /* views of cur end at or before this position */
  Buffer  spare[N_SPARES];
  gsize   spare_valid[N_SPARES];  /* a spare holds the current records of [start, valid) */
  gsize   start;
  gsize   end;

  /* Private: the handle of each record, at [position − hbase]. */
  guint32 *handles;
  gsize    hbase;
  gsize    hcap;

  /* The edits of the apply in progress. */
  GArray     *removed;      /* gsize positions */
  GArray     *rep_pos;      /* gsize positions, same order as rep_records */
  GByteArray *rep_records;
  GArray     *ins;          /* Insert */
  GByteArray *ins_records;  /* indexed by Insert.seq */
} Column;

typedef struct
{
  gsize        elem;
  FdSharedBuf *buf;
  gsize        cap;
  gsize        len;
  gsize        garbage;
} Pool;

typedef struct
{
  FdSharedBuf *text;
  gsize        text_len;
  gsize        text_cap;
  FdSharedBuf *offsets;     /* guint32, n_strings + 1 used */
  guint        n_strings;   /* including the unused id 0 */
  guint        offsets_cap;
  guint32     *slots;       /* open addressing, ids; 0 = empty */
  guint        n_slots;
  guint32     *hashes;      /* per id */
} Strings;

typedef struct
{
  char   *uri;
  FdTime  retention;
  FdTime  swept;        /* the cutoff of the last sweep, FD_TIME_NONE before */
  gsize   n_records;
} Source;

struct _FdRecordStore
{
  gatomicrefcount  ref_count;
  GMutex           mutex;

  Strings          strings;
  Column           columns[N_KINDS];
  Pool             stages;
  Pool             steps;

  GArray          *slots;          /* Slot, indexed by handle */
  GArray          *free_slots;     /* guint32 handles */
  guint32         *id_map[N_ID_KINDS];  /* FdStr → handle + 1 */
  guint            id_map_len[N_ID_KINDS];
  GHashTable      *collisions;     /* guint64 key → handle + 1 */

  GPtrArray       *sources;        /* Source */
  GHashTable      *environments;   /* FdStr → count */
  GHashTable      *services;       /* FdStr → count */

  FdSnapshot      *snapshot;
  guint32          seq;
  gboolean         changed;
  gsize            n_written;
  guint            n_compactions;
};

G_DEFINE_BOXED_TYPE (FdRecordStore, fd_record_store, fd_record_store_ref, fd_record_store_unref)

/* Shared buffers {{{ */

static gpointer
buffer_at (const Buffer *b,
           gsize         elem,
           gsize         pos)
{
  g_assert (b->buf != NULL && pos >= b->base && pos <= b->base + b->cap);

  return (char *) _fd_shared_buf_get_data (b->buf) + (pos - b->base) * elem;
}

static void
buffer_clear (Buffer *b)
{
  g_clear_pointer (&b->buf, _fd_shared_buf_unref);
  b->base = 0;
  b->cap = 0;
}

static void
buffer_alloc (Buffer *b,
              gsize   elem,
              gsize   base,
              gsize   cap)
{
  buffer_clear (b);
  b->buf = _fd_shared_buf_new (cap * elem);
  b->base = base;
  b->cap = cap;
}

/* }}} */

/* Strings {{{ */

static void
strings_init (Strings *s)
{
  guint32 *offsets;

  memset (s, 0, sizeof *s);
  s->text_cap = 4096;
  s->text = _fd_shared_buf_new (s->text_cap);
  ((char *) _fd_shared_buf_get_data (s->text))[0] = '\0';
  s->text_len = 1;
  s->offsets_cap = 1024;
  s->offsets = _fd_shared_buf_new (s->offsets_cap * sizeof (guint32));
  offsets = _fd_shared_buf_get_data (s->offsets);
  offsets[0] = 0;
  offsets[1] = 1;
  s->n_strings = 1;
  s->n_slots = 2048;
  s->slots = g_new0 (guint32, s->n_slots);
  s->hashes = g_new0 (guint32, s->offsets_cap);
}

static void
strings_clear (Strings *s)
{
  g_clear_pointer (&s->text, _fd_shared_buf_unref);
  g_clear_pointer (&s->offsets, _fd_shared_buf_unref);
  g_clear_pointer (&s->slots, g_free);
  g_clear_pointer (&s->hashes, g_free);
}

static inline const char *
strings_text (const Strings *s,
              FdStr          id,
              gsize         *len)
{
  const guint32 *offsets = _fd_shared_buf_get_data (s->offsets);

  *len = offsets[id + 1] - offsets[id] - 1;
  return (const char *) _fd_shared_buf_get_data (s->text) + offsets[id];
}

static guint
strings_probe (const Strings *s,
               const char    *str,
               gsize          len,
               guint32        h,
               FdStr         *found)
{
  guint mask = s->n_slots - 1;
  guint i = h & mask;
  FdStr id;

  while ((id = s->slots[i]) != 0)
    {
      gsize id_len;
      const char *text;

      if (s->hashes[id] == h)
        {
          text = strings_text (s, id, &id_len);
          if (id_len == len && memcmp (text, str, len) == 0)
            {
              *found = id;
              return i;
            }
        }
      i = (i + 1) & mask;
    }

  *found = FD_STR_NONE;
  return i;
}

static FdStr
strings_lookup (const Strings *s,
                const char    *str,
                gsize          len)
{
  FdStr found;

  strings_probe (s, str, len, _fd_snapshot_hash_bytes (str, len), &found);
  return found;
}

static void
strings_rehash (Strings *s)
{
  guint mask;

  g_free (s->slots);
  s->n_slots *= 2;
  s->slots = g_new0 (guint32, s->n_slots);
  mask = s->n_slots - 1;
  for (guint id = 1; id < s->n_strings; id++)
    {
      guint i = s->hashes[id] & mask;

      while (s->slots[i] != 0)
        i = (i + 1) & mask;
      s->slots[i] = id;
    }
}

/* Interns @len bytes. The text and offsets only grow: a snapshot sees the
 * strings up to its own count, so appending needs no copy; a full buffer is
 * replaced by one twice the size, which the older snapshots do not see. */
static FdStr
strings_intern (Strings    *s,
                const char *str,
                gsize       len)
{
  guint32 h = _fd_snapshot_hash_bytes (str, len);
  guint32 *offsets;
  char *text;
  FdStr id;
  guint slot;

  slot = strings_probe (s, str, len, h, &id);
  if (id != FD_STR_NONE)
    return id;

  if (G_UNLIKELY (s->text_len + len + 1 > G_MAXUINT32 || s->n_strings >= (1u << 31)))
    g_error ("Too many distinct strings in the record store");

  if (s->text_len + len + 1 > s->text_cap)
    {
      FdSharedBuf *grown;
      gsize cap = s->text_cap;

      while (s->text_len + len + 1 > cap)
        cap *= 2;
      grown = _fd_shared_buf_new (cap);
      memcpy (_fd_shared_buf_get_data (grown), _fd_shared_buf_get_data (s->text), s->text_len);
      _fd_shared_buf_unref (s->text);
      s->text = grown;
      s->text_cap = cap;
    }
  if (s->n_strings + 2 > s->offsets_cap)
    {
      FdSharedBuf *grown;
      guint cap = s->offsets_cap * 2;

      grown = _fd_shared_buf_new ((gsize) cap * sizeof (guint32));
      memcpy (_fd_shared_buf_get_data (grown), _fd_shared_buf_get_data (s->offsets),
              ((gsize) s->n_strings + 1) * sizeof (guint32));
      _fd_shared_buf_unref (s->offsets);
      s->offsets = grown;
      s->offsets_cap = cap;
      s->hashes = g_renew (guint32, s->hashes, cap);
    }

  text = _fd_shared_buf_get_data (s->text);
  memcpy (text + s->text_len, str, len);
  text[s->text_len + len] = '\0';
  s->text_len += len + 1;

  offsets = _fd_shared_buf_get_data (s->offsets);
  id = s->n_strings++;
  offsets[s->n_strings] = (guint32) s->text_len;
  s->hashes[id] = h;
  s->slots[slot] = id;

  if ((guint64) s->n_strings * 2 > s->n_slots)
    strings_rehash (s);

  return id;
}

/* }}} */

/* Pools {{{ */

static void
pool_init (Pool  *pool,
           gsize  elem)
{
  memset (pool, 0, sizeof *pool);
  pool->elem = elem;
  pool->cap = MIN_CAPACITY;
  pool->buf = _fd_shared_buf_new (pool->cap * elem);
}

static void
pool_clear (Pool *pool)
{
  g_clear_pointer (&pool->buf, _fd_shared_buf_unref);
}

static gpointer
pool_at (const Pool *pool,
         gsize       index)
{
  return (char *) _fd_shared_buf_get_data (pool->buf) + index * pool->elem;
}

/* Appends @n elements; returns the index of the first. */
static gsize
pool_append (Pool          *pool,
             gconstpointer  data,
             gsize          n,
             gsize         *n_written)
{
  gsize first = pool->len;

  if (n == 0)
    return 0;

  if (pool->len + n > pool->cap)
    {
      FdSharedBuf *grown;
      gsize cap = pool->cap;

      while (pool->len + n > cap)
        cap *= 2;
      grown = _fd_shared_buf_new (cap * pool->elem);
      memcpy (_fd_shared_buf_get_data (grown), _fd_shared_buf_get_data (pool->buf),
              pool->len * pool->elem);
      _fd_shared_buf_unref (pool->buf);
      pool->buf = grown;
      pool->cap = cap;
      *n_written += pool->len;
    }

  memcpy (pool_at (pool, pool->len), data, n * pool->elem);
  pool->len += n;

  return first;
}

/* }}} */

/* Records {{{ */

static inline FdTime
time_of (gconstpointer record)
{
  FdTime t;

  /* Every record type starts with its time (started_at, or at). */
  memcpy (&t, record, sizeof t);
  return t;
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (FdPipelineRun, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdDeployment, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdAlert, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdCanary, started_at) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (FdCanarySample, at) == 0);

static void
environment_and_service (guint          kind,
                         gconstpointer  record,
                         FdStr         *environment,
                         FdStr         *service)
{
  switch (kind)
    {
    case KIND_RUN:
      *environment = ((const FdPipelineRun *) record)->environment;
      *service = ((const FdPipelineRun *) record)->service;
      break;
    case KIND_DEPLOYMENT:
      *environment = ((const FdDeployment *) record)->environment;
      *service = ((const FdDeployment *) record)->service;
      break;
    case KIND_ALERT:
      *environment = ((const FdAlert *) record)->environment;
      *service = ((const FdAlert *) record)->service;
      break;
    case KIND_CANARY:
      *environment = ((const FdCanary *) record)->environment;
      *service = ((const FdCanary *) record)->service;
      break;
    default:
      *environment = FD_STR_NONE;
      *service = FD_STR_NONE;
      break;
    }
}

static void
count_name (GHashTable *table,
            FdStr       str,
            int         delta)
{
  guint count;

  if (str == FD_STR_NONE)
    return;

  count = GPOINTER_TO_UINT (g_hash_table_lookup (table, GUINT_TO_POINTER (str)));
  g_assert (delta > 0 || count > 0);
  count += delta;
  if (count == 0)
    g_hash_table_remove (table, GUINT_TO_POINTER (str));
  else
    g_hash_table_insert (table, GUINT_TO_POINTER (str), GUINT_TO_POINTER (count));
}

static void
count_record (FdRecordStore *self,
              guint          kind,
              gconstpointer  record,
              int            delta)
{
  FdStr environment, service;

  environment_and_service (kind, record, &environment, &service);
  count_name (self->environments, environment, delta);
  count_name (self->services, service, delta);
}

/* Whether two versions of a record say the same thing; their stages and
 * steps are compared by the callers. */
static gboolean
records_equal (guint         kind,
               gconstpointer a,
               gconstpointer b)
{
  switch (kind)
    {
    case KIND_RUN:
      {
        const FdPipelineRun *x = a, *y = b;

        return x->started_at == y->started_at && x->finished_at == y->finished_at &&
               x->id == y->id && x->pipeline == y->pipeline && x->service == y->service &&
               x->environment == y->environment && x->branch == y->branch &&
               x->commit == y->commit && x->trigger == y->trigger &&
               x->n_stages == y->n_stages && x->status == y->status;
      }
    case KIND_DEPLOYMENT:
      {
        const FdDeployment *x = a, *y = b;

        return x->started_at == y->started_at && x->finished_at == y->finished_at &&
               x->committed_at == y->committed_at && x->id == y->id &&
               x->service == y->service && x->environment == y->environment &&
               x->version == y->version && x->previous_version == y->previous_version &&
               x->strategy == y->strategy && x->commit == y->commit &&
               x->status == y->status && x->caused_incident == y->caused_incident;
      }
    case KIND_ALERT:
      {
        const FdAlert *x = a, *y = b;

        return x->started_at == y->started_at && x->acknowledged_at == y->acknowledged_at &&
               x->resolved_at == y->resolved_at && x->id == y->id && x->name == y->name &&
               x->service == y->service && x->environment == y->environment &&
               x->summary == y->summary && x->severity == y->severity &&
               x->status == y->status;
      }
    case KIND_CANARY:
      {
        const FdCanary *x = a, *y = b;

        return x->started_at == y->started_at && x->finished_at == y->finished_at &&
               x->id == y->id && x->service == y->service &&
               x->environment == y->environment &&
               x->baseline_version == y->baseline_version &&
               x->canary_version == y->canary_version && x->n_steps == y->n_steps &&
               x->current_step == y->current_step &&
               memcmp (&x->traffic_percent, &y->traffic_percent, sizeof (double)) == 0 &&
               x->status == y->status;
      }
    case KIND_SAMPLE:
      {
        const FdCanarySample *x = a, *y = b;

        return x->at == y->at && x->canary_id == y->canary_id && x->variant == y->variant &&
               x->requests == y->requests && x->errors == y->errors &&
               memcmp (&x->latency_p50_ms, &y->latency_p50_ms, sizeof (double)) == 0 &&
               memcmp (&x->latency_p95_ms, &y->latency_p95_ms, sizeof (double)) == 0 &&
               memcmp (&x->latency_p99_ms, &y->latency_p99_ms, sizeof (double)) == 0;
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
stages_equal (const FdStage *a,
              const FdStage *b,
              gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (a[i].name != b[i].name || a[i].status != b[i].status ||
          memcmp (&a[i].duration_s, &b[i].duration_s, sizeof (float)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The pool elements a record holds: its stages or steps. */
static void
record_extent (guint          kind,
               gconstpointer  record,
               gsize         *first,
               gsize         *n)
{
  *first = 0;
  *n = 0;
  if (kind == KIND_RUN)
    {
      *first = ((const FdPipelineRun *) record)->first_stage;
      *n = ((const FdPipelineRun *) record)->n_stages;
    }
  else if (kind == KIND_CANARY)
    {
      *first = ((const FdCanary *) record)->first_step;
      *n = ((const FdCanary *) record)->n_steps;
    }
}

static Pool *
pool_of (FdRecordStore *self,
         guint          kind)
{
  return kind == KIND_RUN ? &self->stages : kind == KIND_CANARY ? &self->steps : NULL;
}

/* }}} */

/* Handles {{{ */

static Slot *
slot_of (FdRecordStore *self,
         guint32        handle)
{
  return &g_array_index (self->slots, Slot, handle);
}

static gpointer
collision_key (guint   kind,
               guint16 source,
               FdStr   id)
{
  guint64 *key = g_new (guint64, 1);

  *key = ((guint64) id << 24) | ((guint64) source << 4) | kind;
  return key;
}

static guint32
find_handle (FdRecordStore *self,
             guint          kind,
             guint16        source,
             FdStr          id,
             gboolean      *found)
{
  guint32 entry;

  *found = FALSE;
  if (id == FD_STR_NONE || id >= self->id_map_len[kind])
    return 0;

  entry = self->id_map[kind][id];
  if (entry == 0)
    return 0;
  if (slot_of (self, entry - 1)->source == source)
    {
      *found = TRUE;
      return entry - 1;
    }

  if (g_hash_table_size (self->collisions) > 0)
    {
      guint64 key = ((guint64) id << 24) | ((guint64) source << 4) | kind;

      entry = GPOINTER_TO_UINT (g_hash_table_lookup (self->collisions, &key));
      if (entry != 0)
        {
          *found = TRUE;
          return entry - 1;
        }
    }

  return 0;
}

static guint32
new_handle (FdRecordStore *self,
            guint          kind,
            guint16        source,
            FdStr          id)
{
  Slot slot = { 0, id, source, (guint8) kind, PENDING_NONE };
  guint32 handle;

  if (self->free_slots->len > 0)
    {
      handle = g_array_index (self->free_slots, guint32, self->free_slots->len - 1);
      g_array_set_size (self->free_slots, self->free_slots->len - 1);
      *slot_of (self, handle) = slot;
    }
  else
    {
      handle = self->slots->len;
      g_array_append_val (self->slots, slot);
    }

  if (kind < N_ID_KINDS && id != FD_STR_NONE)
    {
      if (id >= self->id_map_len[kind])
        {
          guint len = MAX (1024, self->id_map_len[kind]);

          while (len <= id)
            len *= 2;
          self->id_map[kind] = g_renew (guint32, self->id_map[kind], len);
          memset (self->id_map[kind] + self->id_map_len[kind], 0,
                  (len - self->id_map_len[kind]) * sizeof (guint32));
          self->id_map_len[kind] = len;
        }

      if (self->id_map[kind][id] == 0)
        self->id_map[kind][id] = handle + 1;
      else
        g_hash_table_insert (self->collisions, collision_key (kind, source, id),
                             GUINT_TO_POINTER (handle + 1));
    }

  return handle;
}

/* Takes the handle out of the id tables; the slot stays until the apply ends. */
static void
unmap_handle (FdRecordStore *self,
              guint32        handle)
{
  Slot *slot = slot_of (self, handle);
  guint kind = slot->kind;

  if (kind >= N_ID_KINDS || slot->id == FD_STR_NONE)
    return;

  if (self->id_map[kind][slot->id] == handle + 1)
    {
      GHashTableIter iter;
      gpointer key, value;

      self->id_map[kind][slot->id] = 0;
      /* Another source's record with this id takes the dense entry. */
      if (g_hash_table_size (self->collisions) == 0)
        return;
      g_hash_table_iter_init (&iter, self->collisions);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint64 k = *(guint64 *) key;

          if ((k & 0xf) == kind && (FdStr) (k >> 24) == slot->id)
            {
              self->id_map[kind][slot->id] = GPOINTER_TO_UINT (value);
              g_hash_table_iter_remove (&iter);
              break;
            }
        }
    }
  else
    {
      guint64 key = ((guint64) slot->id << 24) | ((guint64) slot->source << 4) | kind;

      g_hash_table_remove (self->collisions, &key);
    }
}

static void
free_handle (FdRecordStore *self,
             guint32        handle)
{
  Slot *slot = slot_of (self, handle);

  slot->pending = PENDING_NONE;
  slot->id = FD_STR_NONE;
  g_array_append_val (self->free_slots, handle);
}

/* }}} */

/* Columns {{{ */

static void
column_init (Column *col,
             gsize   elem)
{
  memset (col, 0, sizeof *col);
  col->elem = elem;
  col->removed = g_array_new (FALSE, FALSE, sizeof (gsize));
  col->rep_pos = g_array_new (FALSE, FALSE, sizeof (gsize));
  col->rep_records = g_byte_array_new ();
  col->ins = g_array_new (FALSE, FALSE, sizeof (Insert));
  col->ins_records = g_byte_array_new ();
}

static void
column_clear (Column *col)
{
  buffer_clear (&col->cur);
  for (guint i = 0; i < N_SPARES; i++)
    buffer_clear (&col->spare[i]);
  g_clear_pointer (&col->handles, g_free);
  g_clear_pointer (&col->removed, g_array_unref);
  g_clear_pointer (&col->rep_pos, g_array_unref);
  g_clear_pointer (&col->rep_records, g_byte_array_unref);
  g_clear_pointer (&col->ins, g_array_unref);
  g_clear_pointer (&col->ins_records, g_byte_array_unref);
}

static gconstpointer
column_at (const Column *col,
           gsize         pos)
{
  return buffer_at (&col->cur, col->elem, pos);
}

static guint32
column_handle (const Column *col,
               gsize         pos)
{
  return col->handles[pos - col->hbase];
}

static gboolean
column_has_edits (const Column *col)
{
  return col->removed->len > 0 || col->rep_pos->len > 0 || col->ins->len > 0;
}

/* The first position whose time is above @t (records of equal time keep
 * their order, new ones go after them). */
static gsize
column_upper_bound (const Column *col,
                    FdTime        t)
{
  gsize lo = col->start, hi = col->end;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (time_of (column_at (col, mid)) <= t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static gsize
column_lower_bound (const Column *col,
                    FdTime        t)
{
  gsize lo = col->start, hi = col->end;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (time_of (column_at (col, mid)) < t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static void
column_reserve_handles (Column *col,
                        gsize   end)
{
  gsize need;

  if (col->handles == NULL)
    col->hbase = col->start;
  g_assert (col->hbase <= col->start);

  need = end - col->hbase;
  if (need <= col->hcap)
    return;

  /* Positions before start are dead: move the live ones to the front. */
  if (col->start > col->hbase && col->handles != NULL)
    {
      memmove (col->handles, col->handles + (col->start - col->hbase),
               (col->end - col->start) * sizeof (guint32));
      col->hbase = col->start;
      need = end - col->hbase;
      if (need <= col->hcap)
        return;
    }

  col->hcap = MAX (MAX (col->hcap * 2, need), MIN_CAPACITY);
  col->handles = g_renew (guint32, col->handles, col->hcap);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

static int
compare_inserts (gconstpointer a,
                 gconstpointer b)
{
  const Insert *x = a, *y = b;

  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* An unviewed spare that can hold [start, @end), the least stale one. */
static int
pick_spare (const Column *col,
            gsize         end)
{
  int best = -1;

  for (guint i = 0; i < N_SPARES; i++)
    {
      const Buffer *b = &col->spare[i];

      if (b->buf == NULL || !_fd_shared_buf_is_exclusive (b->buf) ||
          b->base > col->start || b->base + b->cap < end)
        continue;
      if (best < 0 || col->spare_valid[i] > col->spare_valid[best])
        best = (int) i;
    }

  return best;
}

static gboolean
inserts_sorted (GArray *ins)
{
  for (guint i = 1; i < ins->len; i++)
    {
      if (g_array_index (ins, Insert, i - 1).t > g_array_index (ins, Insert, i).t)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gsize   pos;
  guint32 index;
} RepOrder;

static int
compare_rep_order (gconstpointer a,
                   gconstpointer b)
{
  const RepOrder *x = a, *y = b;

  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Applies the column's pending edits. Returns whether the column changed. */
static gboolean
column_commit (FdRecordStore *self,
               Column        *col)
{
  gsize elem = col->elem;
  gsize n_removed, n_dropped = 0;
  g_autofree RepOrder *reps = NULL;
  g_autofree guint32 *new_handles = NULL;
  Buffer *target;
  Buffer fresh = { NULL, 0, 0 };
  gsize p, new_end, out;
  gboolean pure;
  int chosen = -1;

  if (!column_has_edits (col))
    return FALSE;

  if (col->removed->len > 1)
    g_array_sort (col->removed, compare_positions);
  /* Batches come sorted by time; sort only when they are not. */
  if (col->ins->len > 1 && !inserts_sorted (col->ins))
    g_array_sort (col->ins, compare_inserts);

  /* Release the handles of removed records (a moved record keeps its). */
  for (guint i = 0; i < col->removed->len; i++)
    {
      gsize pos = g_array_index (col->removed, gsize, i);
      guint32 handle = column_handle (col, pos);

      if (slot_of (self, handle)->pending == PENDING_REMOVED)
        free_handle (self, handle);
    }

  /* The oldest records going (retention, a source removed) just move start. */
  while (n_dropped < col->removed->len &&
         g_array_index (col->removed, gsize, n_dropped) == col->start + n_dropped)
    n_dropped++;
  col->start += n_dropped;
  n_removed = col->removed->len - n_dropped;

  if (col->rep_pos->len > 0)
    {
      reps = g_new (RepOrder, col->rep_pos->len);
      for (guint i = 0; i < col->rep_pos->len; i++)
        {
          reps[i].pos = g_array_index (col->rep_pos, gsize, i);
          reps[i].index = i;
        }
      qsort (reps, col->rep_pos->len, sizeof (RepOrder), compare_rep_order);
    }

  p = col->end;
  if (n_removed > 0)
    p = MIN (p, g_array_index (col->removed, gsize, n_dropped));
  if (reps != NULL)
    p = MIN (p, reps[0].pos);
  if (col->ins->len > 0)
    p = MIN (p, column_upper_bound (col, g_array_index (col->ins, Insert, 0).t));
  p = MAX (p, col->start);

  new_end = col->end - n_removed + col->ins->len;
  pure = p == col->end;

  if (pure && col->cur.buf != NULL && new_end <= col->cur.base + col->cur.cap &&
      col->high == col->end)
    {
      /* Appending past every view: in place. */
      target = &col->cur;
    }
  else if ((chosen = pick_spare (col, new_end)) >= 0)
    {
      gsize from = MAX (col->spare_valid[chosen], col->start);

      /* The spare is no longer viewed: bring it up to date up to p. */
      if (from < p)
        memcpy (buffer_at (&col->spare[chosen], elem, from), column_at (col, from),
                (p - from) * elem);
      self->n_written += p > from ? p - from : 0;
      target = &col->spare[chosen];
    }
  else
    {
      gsize cap = MAX (MIN_CAPACITY, (new_end - col->start) * 2);

      buffer_alloc (&fresh, elem, col->start, cap);
      if (p > col->start)
        memcpy (buffer_at (&fresh, elem, col->start), column_at (col, col->start),
                (p - col->start) * elem);
      self->n_written += p - col->start;
      target = &fresh;
    }

  /* Merge [p, end) minus the removed, with replacements, and the inserts. */
  column_reserve_handles (col, MAX (new_end, col->end));
  new_handles = g_new (guint32, MAX (new_end - p, 1));
  {
    gsize i = p, r = n_dropped, q = 0, k = 0;
    guint n_ins = col->ins->len;
    guint n_rep = col->rep_pos->len;

    out = p;
    while (i < col->end || k < n_ins)
      {
        gconstpointer record = NULL;
        gboolean replaced = FALSE;
        guint32 handle;

        if (i < col->end && r < col->removed->len && g_array_index (col->removed, gsize, r) == i)
          {
            r++;
            i++;
            continue;
          }

        if (i < col->end)
          {
            replaced = q < n_rep && reps[q].pos == i;
            record = replaced ? col->rep_records->data + (gsize) reps[q].index * elem
                              : column_at (col, i);
          }

        /* Inserts go after the records of the same time. */
        if (k < n_ins &&
            (record == NULL || g_array_index (col->ins, Insert, k).t < time_of (record)))
          {
            const Insert *ins = &g_array_index (col->ins, Insert, k++);

            record = col->ins_records->data + (gsize) ins->seq * elem;
            handle = ins->handle;
          }
        else
          {
            handle = column_handle (col, i);
            q += replaced;
            i++;
          }

        memcpy (buffer_at (target, elem, out), record, elem);
        new_handles[out - p] = handle;
        slot_of (self, handle)->pos = (guint32) out;
        slot_of (self, handle)->pending = PENDING_NONE;
        out++;
      }
    g_assert (out == new_end);
    g_assert (q == n_rep);
  }
  if (new_end > p)
    memcpy (col->handles + (p - col->hbase), new_handles, (new_end - p) * sizeof (guint32));
  self->n_written += new_end - p;

  /* The spares went stale from p on; the old current buffer becomes one. */
  for (guint i = 0; i < N_SPARES; i++)
    col->spare_valid[i] = MIN (col->spare_valid[i], p);
  if (target == &fresh)
    {
      guint slot = 0;

      /* Replace the stalest spare. */
      for (guint i = 1; i < N_SPARES; i++)
        {
          if (col->spare[i].buf == NULL ||
              (col->spare[slot].buf != NULL && col->spare_valid[i] < col->spare_valid[slot]))
            slot = i;
        }
      buffer_clear (&col->spare[slot]);
      col->spare[slot] = col->cur;
      col->spare_valid[slot] = p;
      col->cur = fresh;
    }
  else if (target != &col->cur)
    {
      Buffer old = col->cur;

      col->cur = col->spare[chosen];
      col->spare[chosen] = old;
      col->spare_valid[chosen] = p;
    }
  col->end = new_end;
  col->high = new_end;

  g_array_set_size (col->removed, 0);
  g_array_set_size (col->rep_pos, 0);
  g_byte_array_set_size (col->rep_records, 0);
  g_array_set_size (col->ins, 0);
  g_byte_array_set_size (col->ins_records, 0);

  return TRUE;
}

/* }}} */

/* Compaction {{{ */

/* Rebuilds every column into new buffers from position 0, with stages and
 * steps packed: the garbage of replaced records goes, positions restart. */
static void
compact (FdRecordStore *self)
{
  Pool stages, steps;

  pool_init (&stages, sizeof (FdStage));
  pool_init (&steps, sizeof (double));

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      Column *col = &self->columns[kind];
      gsize n = col->end - col->start;
      Buffer fresh = { NULL, 0, 0 };
      guint32 *handles;

      if (col->cur.buf == NULL)
        continue;

      buffer_alloc (&fresh, col->elem, 0, MAX (MIN_CAPACITY, n * 2));
      handles = g_new (guint32, MAX (fresh.cap, 1));
      for (gsize i = 0; i < n; i++)
        {
          gpointer dst = buffer_at (&fresh, col->elem, i);
          guint32 handle = column_handle (col, col->start + i);

          memcpy (dst, column_at (col, col->start + i), col->elem);
          handles[i] = handle;
          slot_of (self, handle)->pos = (guint32) i;

          if (kind == KIND_RUN)
            {
              FdPipelineRun *run = dst;

              run->first_stage = (guint32) pool_append (&stages, pool_at (&self->stages,
                                                                          run->first_stage),
                                                        run->n_stages, &self->n_written);
            }
          else if (kind == KIND_CANARY)
            {
              FdCanary *canary = dst;

              canary->first_step = (guint32) pool_append (&steps, pool_at (&self->steps,
                                                                           canary->first_step),
                                                          canary->n_steps, &self->n_written);
            }
        }
      self->n_written += n;

      buffer_clear (&col->cur);
      for (guint i = 0; i < N_SPARES; i++)
        {
          buffer_clear (&col->spare[i]);
          col->spare_valid[i] = 0;
        }
      col->cur = fresh;
      col->start = 0;
      col->end = n;
      col->high = n;
      g_free (col->handles);
      col->handles = handles;
      col->hbase = 0;
      col->hcap = fresh.cap;
    }

  pool_clear (&self->stages);
  pool_clear (&self->steps);
  self->stages = stages;
  self->steps = steps;
  self->n_compactions++;
}

static gboolean
needs_compaction (FdRecordStore *self)
{
  const Pool *pools[] = { &self->stages, &self->steps };

  for (guint i = 0; i < G_N_ELEMENTS (pools); i++)
    {
      if (pools[i]->garbage > MIN_GARBAGE && pools[i]->garbage * 2 > pools[i]->len)
        return TRUE;
    }

  /* Positions are 32 bits; restart them long before they run out. */
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      if (self->columns[kind].end > G_MAXUINT32 / 2)
        return TRUE;
    }

  return FALSE;
}

/* }}} */

/* Applying {{{ */

static guint16
ensure_source (FdRecordStore *self,
               const char    *uri)
{
  Source *source;

  for (guint i = 0; i < self->sources->len; i++)
    {
      if (g_str_equal (((Source *) g_ptr_array_index (self->sources, i))->uri, uri))
        return (guint16) i;
    }

  if (self->sources->len >= G_MAXUINT16)
    g_error ("Too many sources in the record store");

  source = g_new0 (Source, 1);
  source->uri = g_strdup (uri);
  source->swept = FD_TIME_NONE;
  g_ptr_array_add (self->sources, source);

  return (guint16) (self->sources->len - 1);
}

static Source *
find_source (FdRecordStore *self,
             const char    *uri)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (g_str_equal (source->uri, uri))
        return source;
    }

  return NULL;
}

static void
mark_removed (FdRecordStore *self,
              guint32        handle)
{
  Slot *slot = slot_of (self, handle);
  Column *col = &self->columns[slot->kind];
  gconstpointer record;
  Pool *pool;

  if (slot->pending == PENDING_REMOVED)
    return;
  g_assert (slot->pending == PENDING_NONE);

  record = column_at (col, slot->pos);
  count_record (self, slot->kind, record, -1);
  if ((pool = pool_of (self, slot->kind)) != NULL)
    {
      gsize first, n;

      record_extent (slot->kind, record, &first, &n);
      pool->garbage += n;
    }

  g_array_append_val (col->removed, (gsize) { slot->pos });
  unmap_handle (self, handle);
  slot->pending = PENDING_REMOVED;
  ((Source *) g_ptr_array_index (self->sources, slot->source))->n_records--;
  self->changed = TRUE;
}

static void
remove_all_of_source (FdRecordStore *self,
                      guint16        source)
{
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      Column *col = &self->columns[kind];

      for (gsize pos = col->start; pos < col->end; pos++)
        {
          guint32 handle = column_handle (col, pos);

          if (slot_of (self, handle)->source == source)
            mark_removed (self, handle);
        }
    }
}

static void
queue_insert (FdRecordStore *self,
              Column        *col,
              guint32        handle,
              gconstpointer  record)
{
  Insert ins;

  ins.t = time_of (record);
  ins.seq = col->ins->len;
  ins.handle = handle;
  g_array_append_val (col->ins, ins);
  g_byte_array_append (col->ins_records, record, (guint) col->elem);
  slot_of (self, handle)->pending = PENDING_INSERTED;
}

/* A second version of a record within one batch: the later one wins. */
static void
update_queued (FdRecordStore *self,
               Column        *col,
               guint32        handle,
               gconstpointer  record)
{
  for (guint i = 0; i < col->ins->len; i++)
    {
      Insert *ins = &g_array_index (col->ins, Insert, i);

      if (ins->handle == handle && ins->t == time_of (record))
        {
          memcpy (col->ins_records->data + (gsize) ins->seq * col->elem, record, col->elem);
          return;
        }
    }
  for (guint i = 0; i < col->rep_pos->len; i++)
    {
      if (g_array_index (col->rep_pos, gsize, i) == slot_of (self, handle)->pos &&
          time_of (record) == time_of (col->rep_records->data + (gsize) i * col->elem))
        {
          memcpy (col->rep_records->data + (gsize) i * col->elem, record, col->elem);
          return;
        }
    }
  /* Same id, other time, twice in a batch: keep the first (builders never do this). */
}

/* Upserts one record whose strings are ours. @extent: its stages or steps. */
static void
upsert (FdRecordStore *self,
        guint          kind,
        guint16        source,
        FdStr          id,
        gpointer       record,
        gconstpointer  extent,
        gsize          n_extent,
        FdTime         cutoff)
{
  Column *col = &self->columns[kind];
  Source *src = g_ptr_array_index (self->sources, source);
  Pool *pool = pool_of (self, kind);
  gboolean found = FALSE;
  guint32 handle = 0;
  gconstpointer old = NULL;

  if (kind < N_ID_KINDS)
    handle = find_handle (self, kind, source, id, &found);
  else
    {
      const FdCanarySample *sample = record;
      gsize lo = column_lower_bound (col, sample->at);
      gsize hi = column_upper_bound (col, sample->at);

      for (gsize pos = lo; pos < hi; pos++)
        {
          const FdCanarySample *other = column_at (col, pos);
          guint32 h = column_handle (col, pos);

          if (other->canary_id == sample->canary_id && other->variant == sample->variant &&
              slot_of (self, h)->source == source && slot_of (self, h)->pending == PENDING_NONE)
            {
              handle = h;
              found = TRUE;
              break;
            }
        }
    }

  /* Older than the source keeps: not added, and an earlier version goes. */
  if (cutoff != FD_TIME_NONE && time_of (record) < cutoff)
    {
      if (found && slot_of (self, handle)->pending == PENDING_NONE)
        mark_removed (self, handle);
      return;
    }

  if (found && slot_of (self, handle)->pending != PENDING_NONE)
    {
      update_queued (self, col, handle, record);
      return;
    }

  if (found)
    {
      Slot *slot = slot_of (self, handle);
      gsize old_first, old_n;

      old = column_at (col, slot->pos);
      record_extent (kind, old, &old_first, &old_n);
      if (time_of (old) == time_of (record))
        {
          gboolean same_extent = old_n == n_extent &&
            (n_extent == 0 ||
             (kind == KIND_RUN ? stages_equal (pool_at (pool, old_first), extent, n_extent)
                               : memcmp (pool_at (pool, old_first), extent,
                                         n_extent * sizeof (double)) == 0));

          if (same_extent && records_equal (kind, old, record))
            return;
        }

      if (pool != NULL)
        pool->garbage += old_n;
      count_record (self, kind, old, -1);
    }

  if (pool != NULL)
    {
      gsize first = pool_append (pool, extent, n_extent, &self->n_written);

      if (kind == KIND_RUN)
        ((FdPipelineRun *) record)->first_stage = n_extent > 0 ? (guint32) first : 0;
      else
        ((FdCanary *) record)->first_step = n_extent > 0 ? (guint32) first : 0;
    }
  count_record (self, kind, record, +1);
  self->changed = TRUE;

  if (found && time_of (old) == time_of (record))
    {
      Slot *slot = slot_of (self, handle);

      g_array_append_val (col->rep_pos, (gsize) { slot->pos });
      g_byte_array_append (col->rep_records, record, (guint) col->elem);
      slot->pending = PENDING_REPLACED;
    }
  else if (found)
    {
      /* Its time changed: out of its place, into the new one, same handle. */
      g_array_append_val (col->removed, (gsize) { slot_of (self, handle)->pos });
      queue_insert (self, col, handle, record);
    }
  else
    {
      handle = new_handle (self, kind, source, id);
      queue_insert (self, col, handle, record);
      src->n_records++;
    }
}

typedef struct
{
  const FdSnapshot *from;
  FdStr            *map;      /* batch FdStr → ours, 0 = not yet looked up */
  guint             len;
} Remap;

static FdStr
remap (FdRecordStore *self,
       Remap         *r,
       FdStr          str)
{
  const char *text;
  gsize len;

  if (str == FD_STR_NONE || str >= r->len)
    return FD_STR_NONE;
  if (r->map[str] != FD_STR_NONE)
    return r->map[str];

  text = fd_snapshot_str_len (r->from, str, &len);
  r->map[str] = strings_intern (&self->strings, text, len);
  return r->map[str];
}

static void
apply_records (FdRecordStore    *self,
               guint16           source,
               const FdSnapshot *records,
               FdTime            cutoff)
{
  Remap r = { records, NULL, fd_snapshot_get_n_strings (records) };
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (FdStage));
  const FdPipelineRun *runs;
  const FdDeployment *deployments;
  const FdAlert *alerts;
  const FdCanary *canaries;
  const FdCanarySample *samples;
  gsize n;

  r.map = g_new0 (FdStr, MAX (r.len, 1));

  runs = fd_snapshot_get_runs (records, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdPipelineRun run = runs[i];
      const FdStage *src;
      gsize n_stages;

      src = fd_snapshot_get_stages (records, &runs[i], &n_stages);
      g_array_set_size (stages, n_stages);
      for (gsize k = 0; k < n_stages; k++)
        {
          FdStage *stage = &g_array_index (stages, FdStage, k);
          FdStr name;

          *stage = src[k];
          name = remap (self, &r, src[k].name);
          stage->name = name < (1u << 28) ? name : FD_STR_NONE;
        }
      run.n_stages = (guint16) n_stages;
      run.id = remap (self, &r, run.id);
      run.pipeline = remap (self, &r, run.pipeline);
      run.service = remap (self, &r, run.service);
      run.environment = remap (self, &r, run.environment);
      run.branch = remap (self, &r, run.branch);
      run.commit = remap (self, &r, run.commit);
      run.trigger = remap (self, &r, run.trigger);
      upsert (self, KIND_RUN, source, run.id, &run, stages->data, n_stages, cutoff);
    }

  deployments = fd_snapshot_get_deployments (records, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdDeployment d = deployments[i];

      d.id = remap (self, &r, d.id);
      d.service = remap (self, &r, d.service);
      d.environment = remap (self, &r, d.environment);
      d.version = remap (self, &r, d.version);
      d.previous_version = remap (self, &r, d.previous_version);
      d.strategy = remap (self, &r, d.strategy);
      d.commit = remap (self, &r, d.commit);
      upsert (self, KIND_DEPLOYMENT, source, d.id, &d, NULL, 0, cutoff);
    }

  alerts = fd_snapshot_get_alerts (records, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdAlert a = alerts[i];

      a.id = remap (self, &r, a.id);
      a.name = remap (self, &r, a.name);
      a.service = remap (self, &r, a.service);
      a.environment = remap (self, &r, a.environment);
      a.summary = remap (self, &r, a.summary);
      upsert (self, KIND_ALERT, source, a.id, &a, NULL, 0, cutoff);
    }

  canaries = fd_snapshot_get_canaries (records, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdCanary c = canaries[i];
      const double *steps;
      gsize n_steps;

      steps = fd_snapshot_get_steps (records, &canaries[i], &n_steps);
      c.n_steps = (guint16) n_steps;
      c.id = remap (self, &r, c.id);
      c.service = remap (self, &r, c.service);
      c.environment = remap (self, &r, c.environment);
      c.baseline_version = remap (self, &r, c.baseline_version);
      c.canary_version = remap (self, &r, c.canary_version);
      upsert (self, KIND_CANARY, source, c.id, &c, steps, n_steps, cutoff);
    }

  samples = fd_snapshot_get_samples (records, &n);
  for (gsize i = 0; i < n; i++)
    {
      FdCanarySample s = samples[i];

      s.canary_id = remap (self, &r, s.canary_id);
      upsert (self, KIND_SAMPLE, source, FD_STR_NONE, &s, NULL, 0, cutoff);
    }

  g_free (r.map);
}

static FdTime
cutoff_of (const Source *source,
           FdTime        now)
{
  if (source->retention <= 0 || now == FD_TIME_NONE)
    return FD_TIME_NONE;
  return now - source->retention;
}

/* Drops the records that fell out of their source's window. A sweep walks
 * the expired prefix of each column, so it runs only when the cutoff moved
 * by 1/64 of the window (at least a minute) since the last. */
static void
sweep_retention (FdRecordStore *self,
                 FdTime         now)
{
  for (guint s = 0; s < self->sources->len; s++)
    {
      Source *source = g_ptr_array_index (self->sources, s);
      FdTime cutoff = cutoff_of (source, now);
      FdTime step;

      if (cutoff == FD_TIME_NONE || source->n_records == 0)
        continue;
      step = MAX (source->retention / 64, 60 * G_USEC_PER_SEC);
      if (source->swept != FD_TIME_NONE && cutoff < source->swept + step)
        continue;
      source->swept = cutoff;

      for (guint kind = 0; kind < N_KINDS; kind++)
        {
          Column *col = &self->columns[kind];
          gsize last;

          if (col->cur.buf == NULL)
            continue;
          last = column_lower_bound (col, cutoff);
          for (gsize pos = col->start; pos < last; pos++)
            {
              guint32 handle = column_handle (col, pos);
              Slot *slot = slot_of (self, handle);

              if (slot->source == s && slot->pending == PENDING_NONE)
                mark_removed (self, handle);
            }
        }
    }
}

static FdSnapshot *
make_snapshot (FdRecordStore *self)
{
  FdSnapshotParts parts = { { 0, }, };
  FdSnapshotView *views[N_KINDS] = {
    &parts.runs, &parts.deployments, &parts.alerts, &parts.canaries, &parts.samples,
  };
  g_autofree FdStr *environments = NULL;
  g_autofree FdStr *services = NULL;
  GHashTableIter iter;
  gpointer key;
  gsize n;

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      Column *col = &self->columns[kind];

      if (col->cur.buf == NULL || col->end == col->start)
        continue;
      views[kind]->buf = col->cur.buf;
      views[kind]->data = column_at (col, col->start);
      views[kind]->n = col->end - col->start;
    }
  parts.stages.buf = self->stages.buf;
  parts.stages.data = pool_at (&self->stages, 0);
  parts.stages.n = self->stages.len;
  parts.steps.buf = self->steps.buf;
  parts.steps.data = pool_at (&self->steps, 0);
  parts.steps.n = self->steps.len;

  parts.text = self->strings.text;
  parts.text_len = self->strings.text_len;
  parts.offsets = self->strings.offsets;
  parts.n_strings = self->strings.n_strings;

  environments = g_new (FdStr, g_hash_table_size (self->environments) + 1);
  n = 0;
  g_hash_table_iter_init (&iter, self->environments);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    environments[n++] = GPOINTER_TO_UINT (key);
  parts.environment_ids = environments;
  parts.n_environments = n;

  services = g_new (FdStr, g_hash_table_size (self->services) + 1);
  n = 0;
  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    services[n++] = GPOINTER_TO_UINT (key);
  parts.service_ids = services;
  parts.n_services = n;

  return _fd_snapshot_new_from_parts (&parts);
}

/* Ends an apply: commits every column and makes the next snapshot. */
static FdSnapshot *
finish_apply (FdRecordStore *self)
{
  for (guint kind = 0; kind < N_KINDS; kind++)
    column_commit (self, &self->columns[kind]);

  if (self->changed)
    {
      if (needs_compaction (self))
        compact (self);

      g_clear_pointer (&self->snapshot, fd_snapshot_unref);
      self->snapshot = make_snapshot (self);
      self->changed = FALSE;
    }

  return fd_snapshot_ref (self->snapshot);
}

/* }}} */

/* Public API {{{ */

/**
 * fd_record_store_new:
 *
 * Returns: (transfer full): an empty store
 */
FdRecordStore *
fd_record_store_new (void)
{
  FdRecordStore *self = g_new0 (FdRecordStore, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  strings_init (&self->strings);
  for (guint kind = 0; kind < N_KINDS; kind++)
    column_init (&self->columns[kind], kind_size[kind]);
  pool_init (&self->stages, sizeof (FdStage));
  pool_init (&self->steps, sizeof (double));
  self->slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  self->free_slots = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->collisions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->sources = g_ptr_array_new ();
  self->environments = g_hash_table_new (NULL, NULL);
  self->services = g_hash_table_new (NULL, NULL);

  /* The first columns are made on first use; the empty snapshot needs none. */
  self->snapshot = make_snapshot (self);

  return self;
}

/**
 * fd_record_store_ref:
 * @self: a store
 *
 * Returns: (transfer full): @self
 */
FdRecordStore *
fd_record_store_ref (FdRecordStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
source_free (Source *source)
{
  g_free (source->uri);
  g_free (source);
}

/**
 * fd_record_store_unref:
 * @self: (transfer full): a store
 *
 * Snapshots handed out stay valid: they hold their own buffers.
 */
void
fd_record_store_unref (FdRecordStore *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->snapshot, fd_snapshot_unref);
  strings_clear (&self->strings);
  for (guint kind = 0; kind < N_KINDS; kind++)
    column_clear (&self->columns[kind]);
  pool_clear (&self->stages);
  pool_clear (&self->steps);
  g_array_unref (self->slots);
  g_array_unref (self->free_slots);
  for (guint kind = 0; kind < N_ID_KINDS; kind++)
    g_free (self->id_map[kind]);
  g_hash_table_unref (self->collisions);
  g_ptr_array_foreach (self->sources, (GFunc) source_free, NULL);
  g_ptr_array_unref (self->sources);
  g_hash_table_unref (self->environments);
  g_hash_table_unref (self->services);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/**
 * fd_record_store_set_retention:
 * @self: a store
 * @source_uri: the source
 * @span: how far back, in microseconds, records of the source are kept;
 *   0 for all of them
 *
 * Takes effect with the next apply.
 */
void
fd_record_store_set_retention (FdRecordStore *self,
                               const char    *source_uri,
                               FdTime         span)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Source *source;
  guint16 index;

  g_return_if_fail (self != NULL);
  g_return_if_fail (source_uri != NULL);
  g_return_if_fail (span >= 0);

  locker = g_mutex_locker_new (&self->mutex);
  /* Not in one expression: adding the source may move the array. */
  index = ensure_source (self, source_uri);
  source = g_ptr_array_index (self->sources, index);
  if (source->retention != span)
    {
      source->retention = span;
      source->swept = FD_TIME_NONE;
    }
}

/**
 * fd_record_store_get_retention:
 * @self: a store
 * @source_uri: the source
 *
 * Returns: the retention of the source in microseconds, 0 for no limit
 */
FdTime
fd_record_store_get_retention (FdRecordStore *self,
                               const char    *source_uri)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Source *source;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (source_uri != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  source = find_source (self, source_uri);
  return source != NULL ? source->retention : 0;
}

static void
ensure_columns (FdRecordStore *self)
{
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      Column *col = &self->columns[kind];

      if (col->cur.buf == NULL)
        {
          buffer_alloc (&col->cur, col->elem, col->start, MIN_CAPACITY);
          col->high = col->end;
        }
      column_reserve_handles (col, col->end);
    }
}

/**
 * fd_record_store_apply:
 * @self: a store
 * @batch: what a source's fetch brought
 * @now: the current time, for the retention windows; %FD_TIME_NONE to
 *   leave retention alone
 *
 * Applies the batch: the source's gone ids go, its records are added or
 * replace their earlier versions, and records older than the source's
 * retention are dropped. Cost in proportion to the batch (see the top of
 * fd-record-store.c), except for an occasional compaction.
 *
 * Returns: (transfer full): the snapshot after the batch
 */
FdSnapshot *
fd_record_store_apply (FdRecordStore *self,
                       FdBatch       *batch,
                       FdTime         now)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const char *uri;
  const char * const *gone;
  guint16 source;
  FdTime cutoff;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (batch != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  self->n_written = 0;
  ensure_columns (self);

  uri = fd_batch_get_source_uri (batch);
  source = ensure_source (self, uri);
  gone = fd_batch_get_gone (batch);

  if (g_strv_contains (gone, uri))
    remove_all_of_source (self, source);

  for (guint i = 0; gone[i] != NULL; i++)
    {
      FdStr id;

      if (g_str_equal (gone[i], uri))
        continue;
      id = strings_lookup (&self->strings, gone[i], strlen (gone[i]));
      if (id == FD_STR_NONE)
        continue;
      for (guint kind = 0; kind < N_ID_KINDS; kind++)
        {
          gboolean found;
          guint32 handle = find_handle (self, kind, source, id, &found);

          if (found && slot_of (self, handle)->pending == PENDING_NONE)
            mark_removed (self, handle);
        }
    }

  cutoff = cutoff_of (g_ptr_array_index (self->sources, source), now);
  apply_records (self, source, fd_batch_get_records (batch), cutoff);
  if (now != FD_TIME_NONE)
    sweep_retention (self, now);

  return finish_apply (self);
}

/**
 * fd_record_store_remove_source:
 * @self: a store
 * @source_uri: the source
 *
 * Returns: (transfer full): the snapshot without the source's records
 */
FdSnapshot *
fd_record_store_remove_source (FdRecordStore *self,
                               const char    *source_uri)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Source *source;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (source_uri != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  self->n_written = 0;
  ensure_columns (self);

  source = find_source (self, source_uri);
  if (source != NULL && source->n_records > 0)
    remove_all_of_source (self, ensure_source (self, source_uri));

  return finish_apply (self);
}

/**
 * fd_record_store_dup_snapshot:
 * @self: a store
 *
 * Returns: (transfer full): the current snapshot
 */
FdSnapshot *
fd_record_store_dup_snapshot (FdRecordStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  return fd_snapshot_ref (self->snapshot);
}

/**
 * fd_record_store_dup_owner:
 * @self: a store
 * @id: a record id
 *
 * Returns: (transfer full) (nullable): the URI of the source the record
 *   with @id came from, or %NULL when the store has no such record
 */
char *
fd_record_store_dup_owner (FdRecordStore *self,
                           const char    *id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  FdStr str;

  g_return_val_if_fail (self != NULL, NULL);

  if (id == NULL)
    return NULL;

  locker = g_mutex_locker_new (&self->mutex);
  str = strings_lookup (&self->strings, id, strlen (id));
  if (str == FD_STR_NONE)
    return NULL;

  for (guint kind = 0; kind < N_ID_KINDS; kind++)
    {
      guint32 entry = str < self->id_map_len[kind] ? self->id_map[kind][str] : 0;

      if (entry != 0)
        {
          Source *source = g_ptr_array_index (self->sources, slot_of (self, entry - 1)->source);

          return g_strdup (source->uri);
        }
    }

  return NULL;
}

/**
 * fd_record_store_get_n_records:
 * @self: a store
 * @source_uri: a source
 *
 * Returns: how many records (of every type) the store holds for the source
 */
gsize
fd_record_store_get_n_records (FdRecordStore *self,
                               const char    *source_uri)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Source *source;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (source_uri != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  source = find_source (self, source_uri);
  return source != NULL ? source->n_records : 0;
}

gsize
_fd_record_store_get_n_written (FdRecordStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->n_written;
}

guint
_fd_record_store_get_n_compactions (FdRecordStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->n_compactions;
}

/* }}} */
