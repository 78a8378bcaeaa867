/* fd-batch.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-batch"

#include "config.h"

#include "fd-batch.h"

struct _FdBatch
{
  gatomicrefcount  ref_count;
  char            *source_uri;
  FdSnapshot      *records;
  char           **gone;
  GBytes          *cursor;
  GPtrArray       *silences;
};

G_DEFINE_BOXED_TYPE (FdBatch, fd_batch, fd_batch_ref, fd_batch_unref)
G_DEFINE_BOXED_TYPE (FdSilence, fd_silence, fd_silence_copy, fd_silence_free)

/**
 * fd_batch_new:
 * @source_uri: the URI of the source the batch comes from
 * @records: (nullable): the records upserted; %NULL for none
 * @gone: (nullable): NULL-terminated ids that are gone
 * @cursor: (nullable): the cursor for the next fetch
 *
 * Returns: (transfer full): a new batch
 */
FdBatch *
fd_batch_new (const char         *source_uri,
              FdSnapshot         *records,
              const char * const *gone,
              GBytes             *cursor)
{
  FdBatch *self;

  g_return_val_if_fail (source_uri != NULL, NULL);

  self = g_new0 (FdBatch, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->source_uri = g_strdup (source_uri);
  self->records = records != NULL ? fd_snapshot_ref (records) : fd_snapshot_new_empty ();
  self->gone = gone != NULL ? g_strdupv ((char **) gone) : g_new0 (char *, 1);
  self->cursor = cursor != NULL ? g_bytes_ref (cursor) : NULL;

  return self;
}

FdBatch *
fd_batch_ref (FdBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fd_batch_unref (FdBatch *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->source_uri);
  fd_snapshot_unref (self->records);
  g_strfreev (self->gone);
  g_clear_pointer (&self->cursor, g_bytes_unref);
  g_clear_pointer (&self->silences, g_ptr_array_unref);
  g_free (self);
}

const char *
fd_batch_get_source_uri (const FdBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source_uri;
}

FdSnapshot *
fd_batch_get_records (const FdBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->records;
}

const char * const *
fd_batch_get_gone (const FdBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->gone;
}

GBytes *
fd_batch_get_cursor (const FdBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cursor;
}

gsize
fd_batch_get_n_records (const FdBatch *self)
{
  gsize n, total = 0;

  g_return_val_if_fail (self != NULL, 0);

  fd_snapshot_get_runs (self->records, &n);
  total += n;
  fd_snapshot_get_deployments (self->records, &n);
  total += n;
  fd_snapshot_get_alerts (self->records, &n);
  total += n;
  fd_snapshot_get_canaries (self->records, &n);
  total += n;
  fd_snapshot_get_samples (self->records, &n);
  total += n;

  return total;
}

gboolean
fd_batch_is_empty (const FdBatch *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return fd_batch_get_n_records (self) == 0 && self->gone[0] == NULL;
}

void
fd_batch_take_silences (FdBatch   *self,
                        GPtrArray *silences)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->silences, g_ptr_array_unref);
  self->silences = silences;
}

GPtrArray *
fd_batch_get_silences (const FdBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->silences;
}

FdSilence *
fd_silence_new (void)
{
  FdSilence *silence = g_new0 (FdSilence, 1);

  silence->starts_at = FD_TIME_NONE;
  silence->ends_at = FD_TIME_NONE;

  return silence;
}

FdSilence *
fd_silence_copy (const FdSilence *silence)
{
  FdSilence *copy;

  g_return_val_if_fail (silence != NULL, NULL);

  copy = fd_silence_new ();
  copy->id = g_strdup (silence->id);
  copy->upstream_id = g_strdup (silence->upstream_id);
  copy->matchers = g_strdupv (silence->matchers);
  copy->created_by = g_strdup (silence->created_by);
  copy->comment = g_strdup (silence->comment);
  copy->starts_at = silence->starts_at;
  copy->ends_at = silence->ends_at;
  copy->state = g_strdup (silence->state);
  copy->target_id = g_strdup (silence->target_id);

  return copy;
}

void
fd_silence_free (FdSilence *silence)
{
  if (silence == NULL)
    return;

  g_free (silence->id);
  g_free (silence->upstream_id);
  g_strfreev (silence->matchers);
  g_free (silence->created_by);
  g_free (silence->comment);
  g_free (silence->state);
  g_free (silence->target_id);
  g_free (silence);
}
