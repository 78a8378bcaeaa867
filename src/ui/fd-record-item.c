/* fd-record-item.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-record-item"

#include "config.h"

#include "fd-record-item.h"

/* A row of a table: a reference to the page data (and so the snapshot) and
 * an index, so that a thousand rows cost a thousand small objects and no
 * copies of the strings. */
struct _FdRecordItem
{
  GObject       parent_instance;

  /* Owned */
  FdPageData   *data;
  FdRecordKind  kind;
  guint32       index;
};

G_DEFINE_FINAL_TYPE (FdRecordItem, fd_record_item, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fd_record_item_finalize (GObject *object)
{
  FdRecordItem *self = FD_RECORD_ITEM (object);

  g_clear_pointer (&self->data, fd_page_data_unref);

  G_OBJECT_CLASS (fd_record_item_parent_class)->finalize (object);
}

static void
fd_record_item_class_init (FdRecordItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_record_item_finalize;

  /**
   * FdRecordItem::changed:
   *
   * The row now shows another record, or the same record in a newer state:
   * cells bound to it redraw their content. fd_record_item_list_update()
   * reuses rows this way, since GTK 4.8 builds new widgets for new row
   * objects but keeps those of rows it has seen.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
fd_record_item_init (FdRecordItem *self)
{
}

FdRecordItem *
fd_record_item_new (FdPageData   *data,
                    FdRecordKind  kind,
                    guint32       index)
{
  FdRecordItem *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (FD_TYPE_RECORD_ITEM, NULL);
  self->data = fd_page_data_ref (data);
  self->kind = kind;
  self->index = index;
  return self;
}

FdRecordKind
fd_record_item_get_kind (FdRecordItem *self)
{
  return self->kind;
}

guint32
fd_record_item_get_index (FdRecordItem *self)
{
  return self->index;
}

FdPageData *
fd_record_item_get_data (FdRecordItem *self)
{
  return self->data;
}

/* The string, or "" for an absent one, so cells never show "(null)". */
const char *
fd_record_item_str (FdRecordItem *self,
                    FdStr         str)
{
  const char *s = fd_snapshot_str (self->data->snapshot, str);

  return s != NULL ? s : "";
}

const FdPipelineRun *
fd_record_item_get_run (FdRecordItem *self)
{
  gsize n = 0;
  const FdPipelineRun *runs;

  g_return_val_if_fail (self->kind == FD_RECORD_RUN, NULL);
  runs = fd_snapshot_get_runs (self->data->snapshot, &n);
  g_return_val_if_fail (self->index < n, NULL);
  return &runs[self->index];
}

const FdDeployment *
fd_record_item_get_deployment (FdRecordItem *self)
{
  gsize n = 0;
  const FdDeployment *deployments;

  g_return_val_if_fail (self->kind == FD_RECORD_DEPLOYMENT, NULL);
  deployments = fd_snapshot_get_deployments (self->data->snapshot, &n);
  g_return_val_if_fail (self->index < n, NULL);
  return &deployments[self->index];
}

const FdAlert *
fd_record_item_get_alert (FdRecordItem *self)
{
  gsize n = 0;
  const FdAlert *alerts;

  g_return_val_if_fail (self->kind == FD_RECORD_ALERT, NULL);
  alerts = fd_snapshot_get_alerts (self->data->snapshot, &n);
  g_return_val_if_fail (self->index < n, NULL);
  return &alerts[self->index];
}

static const guint32 *
recent_indices (FdPageData   *data,
                FdRecordKind  kind,
                gsize        *n)
{
  *n = 0;
  if (data == NULL)
    return NULL;

  switch (kind)
    {
    case FD_RECORD_RUN:
      *n = data->n_recent_runs;
      return data->recent_runs;
    case FD_RECORD_DEPLOYMENT:
      *n = data->n_recent_deployments;
      return data->recent_deployments;
    case FD_RECORD_ALERT:
      *n = data->n_recent_alerts;
      return data->recent_alerts;
    default:
      g_assert_not_reached ();
    }
}

/**
 * fd_record_item_list_new:
 * @data: the page data
 * @kind: which bounded list of @data to wrap
 *
 * Returns: (transfer full): a store of #FdRecordItem, newest first
 */
GListStore *
fd_record_item_list_new (FdPageData   *data,
                         FdRecordKind  kind)
{
  GListStore *store = g_list_store_new (FD_TYPE_RECORD_ITEM);
  g_autoptr(GPtrArray) items = NULL;
  const guint32 *indices;
  gsize n;

  indices = recent_indices (data, kind, &n);
  if (n == 0)
    return store;

  items = g_ptr_array_new_full (n, g_object_unref);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (items, fd_record_item_new (data, kind, indices[i]));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

static FdStr
record_id (FdRecordItem *self)
{
  switch (self->kind)
    {
    case FD_RECORD_RUN:        return fd_record_item_get_run (self)->id;
    case FD_RECORD_DEPLOYMENT: return fd_record_item_get_deployment (self)->id;
    case FD_RECORD_ALERT:      return fd_record_item_get_alert (self)->id;
    default:                   g_assert_not_reached ();
    }
}

/* The id of record @index of @data's @kind, from @data's own strings. */
static const char *
record_id_at (FdPageData   *data,
              FdRecordKind  kind,
              guint32       index)
{
  gsize n = 0;
  FdStr id;

  switch (kind)
    {
    case FD_RECORD_RUN:
      id = fd_snapshot_get_runs (data->snapshot, &n)[index].id;
      break;
    case FD_RECORD_DEPLOYMENT:
      id = fd_snapshot_get_deployments (data->snapshot, &n)[index].id;
      break;
    case FD_RECORD_ALERT:
      id = fd_snapshot_get_alerts (data->snapshot, &n)[index].id;
      break;
    default:
      g_assert_not_reached ();
    }
  return fd_snapshot_str (data->snapshot, id);
}

/* Whether @item shows the same cells as record @index of @data: same state
 * and times. The strings of a record with the same id do not change
 * between versions. */
static gboolean
same_content (FdRecordItem *item,
              FdPageData   *data,
              guint32       index)
{
  gsize n = 0;

  switch (item->kind)
    {
    case FD_RECORD_RUN:
      {
        const FdPipelineRun *x = fd_record_item_get_run (item);
        const FdPipelineRun *y = &fd_snapshot_get_runs (data->snapshot, &n)[index];

        return x->status == y->status && x->started_at == y->started_at &&
               x->finished_at == y->finished_at && x->n_stages == y->n_stages;
      }
    case FD_RECORD_DEPLOYMENT:
      {
        const FdDeployment *x = fd_record_item_get_deployment (item);
        const FdDeployment *y = &fd_snapshot_get_deployments (data->snapshot, &n)[index];

        return x->status == y->status && x->started_at == y->started_at &&
               x->finished_at == y->finished_at && x->committed_at == y->committed_at &&
               x->caused_incident == y->caused_incident;
      }
    case FD_RECORD_ALERT:
      {
        const FdAlert *x = fd_record_item_get_alert (item);
        const FdAlert *y = &fd_snapshot_get_alerts (data->snapshot, &n)[index];

        return x->status == y->status && x->severity == y->severity &&
               x->started_at == y->started_at && x->acknowledged_at == y->acknowledged_at &&
               x->resolved_at == y->resolved_at;
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * fd_record_item_list_update:
 * @store: a store made by fd_record_item_list_new()
 * @data: (nullable): the new page data
 * @kind: which bounded list of @data to show
 * @pinned: (nullable): a row that must keep showing its record, or be
 *   dropped
 *
 * Shows the rows of @data in @store with as few new row objects as
 * possible: a record already in @store keeps its row, a new record takes
 * over the row of a record that is gone (emitting #FdRecordItem::changed),
 * and only what is left gets new rows, so a refresh allocates little and
 * emits a single splice. (The tables do not show these rows themselves:
 * #FdPagedSelection copies a page of them into rows of its own.) Every row
 * ends up on @data, so that no row holds on to an older snapshot.
 *
 * Returns: %TRUE if the rows changed
 */
gboolean
fd_record_item_list_update (GListStore   *store,
                            FdPageData   *data,
                            FdRecordKind  kind,
                            FdRecordItem *pinned)
{
  g_autoptr(GHashTable) old_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) old_items = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  const guint32 *indices;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));
  gsize n_new;
  guint next_free = 0;
  gboolean same_order;

  g_return_val_if_fail (G_IS_LIST_STORE (store), FALSE);

  indices = recent_indices (data, kind, &n_new);

  old_items = g_ptr_array_new_full (n_old, g_object_unref);
  for (guint i = 0; i < n_old; i++)
    {
      FdRecordItem *old = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_ptr_array_add (old_items, old);
      if (old->kind == kind)
        g_hash_table_insert (old_by_id, (gpointer) fd_record_item_str (old, record_id (old)), old);
    }

  /* Records already shown keep their rows (by id, looked up while every
   * old row still reads its own snapshot). */
  items = g_ptr_array_new_full (n_new, g_object_unref);
  for (gsize i = 0; i < n_new; i++)
    {
      FdRecordItem *old = g_hash_table_lookup (old_by_id, record_id_at (data, kind, indices[i]));

      if (old != NULL && !g_hash_table_contains (kept, old))
        {
          g_hash_table_add (kept, old);
          g_ptr_array_add (items, g_object_ref (old));
          if (!same_content (old, data, indices[i]))
            g_ptr_array_add (changed, old);
        }
      else
        g_ptr_array_add (items, NULL);
    }

  /* New records take over the rows of records that are gone; the pinned
   * row is never given another record. */
  for (gsize i = 0; i < n_new; i++)
    {
      FdRecordItem *free_row = NULL;

      if (g_ptr_array_index (items, i) != NULL)
        continue;
      while (next_free < n_old && free_row == NULL)
        {
          FdRecordItem *candidate = g_ptr_array_index (old_items, next_free++);

          if (candidate->kind == kind && candidate != pinned && !g_hash_table_contains (kept, candidate))
            free_row = candidate;
        }
      if (free_row != NULL)
        {
          g_hash_table_add (kept, free_row);
          g_ptr_array_index (items, i) = g_object_ref (free_row);
          g_ptr_array_add (changed, free_row);
        }
      else
        g_ptr_array_index (items, i) = fd_record_item_new (data, kind, indices[i]);
    }

  /* Every row onto the new data, only now that no lookup reads the old. */
  for (gsize i = 0; i < n_new; i++)
    {
      FdRecordItem *item = g_ptr_array_index (items, i);

      if (item->data != data)
        {
          FdPageData *old_data = item->data;

          item->data = fd_page_data_ref (data);
          fd_page_data_unref (old_data);
        }
      item->index = indices[i];
    }

  same_order = n_old == n_new && changed->len == 0;
  for (guint i = 0; same_order && i < n_new; i++)
    same_order = g_ptr_array_index (old_items, i) == g_ptr_array_index (items, i);
  if (same_order)
    return FALSE;

  for (guint i = 0; i < changed->len; i++)
    g_signal_emit (g_ptr_array_index (changed, i), signals[SIGNAL_CHANGED], 0);

  /* Even with the same objects in the same places, a changed row may sort
   * or filter differently: the splice makes the models above look again. */
  g_list_store_splice (store, 0, n_old, items->pdata, items->len);
  return TRUE;
}

/**
 * fd_record_item_copy:
 * @item: (type FdRecordItem): a row
 *
 * Returns: (transfer full): a new row showing @item's record
 */
gpointer
fd_record_item_copy (gpointer item)
{
  FdRecordItem *other = item;

  g_return_val_if_fail (FD_IS_RECORD_ITEM (other), NULL);

  return fd_record_item_new (other->data, other->kind, other->index);
}

/**
 * fd_record_item_show:
 * @row: (type FdRecordItem): the row to change
 * @item: (type FdRecordItem): the row whose record @row shows from now on
 *
 * Moves @row onto @item's record and data, and emits
 * #FdRecordItem::changed if its cells show something else.
 *
 * Returns: %TRUE if the cells change
 */
gboolean
fd_record_item_show (gpointer row,
                     gpointer item)
{
  FdRecordItem *self = row;
  FdRecordItem *other = item;
  gboolean changed;

  g_return_val_if_fail (FD_IS_RECORD_ITEM (self), FALSE);
  g_return_val_if_fail (FD_IS_RECORD_ITEM (other), FALSE);

  if (self->data == other->data && self->kind == other->kind && self->index == other->index)
    return FALSE;

  /* Compared while @row still reads its own snapshot. */
  changed = self->kind != other->kind ||
            g_strcmp0 (fd_record_item_str (self, record_id (self)),
                       fd_record_item_str (other, record_id (other))) != 0 ||
            !same_content (self, other->data, other->index);
  if (self->data != other->data)
    {
      FdPageData *old_data = self->data;

      self->data = fd_page_data_ref (other->data);
      fd_page_data_unref (old_data);
    }
  self->kind = other->kind;
  self->index = other->index;
  if (changed)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return changed;
}

/* Whether rows @a and @b show the same record, in any version. */
gboolean
fd_record_item_same_record (gpointer a,
                            gpointer b)
{
  FdRecordItem *x = a;
  FdRecordItem *y = b;

  g_return_val_if_fail (FD_IS_RECORD_ITEM (x) && FD_IS_RECORD_ITEM (y), FALSE);

  return x->kind == y->kind &&
         g_strcmp0 (fd_record_item_str (x, record_id (x)), fd_record_item_str (y, record_id (y))) == 0;
}
