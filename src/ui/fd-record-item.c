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
  const guint32 *indices = NULL;
  gsize n = 0;
  g_autoptr(GPtrArray) items = NULL;

  if (data == NULL)
    return store;

  switch (kind)
    {
    case FD_RECORD_RUN:
      indices = data->recent_runs;
      n = data->n_recent_runs;
      break;
    case FD_RECORD_DEPLOYMENT:
      indices = data->recent_deployments;
      n = data->n_recent_deployments;
      break;
    case FD_RECORD_ALERT:
      indices = data->recent_alerts;
      n = data->n_recent_alerts;
      break;
    default:
      g_assert_not_reached ();
    }

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

/* Whether two rows would show the same cells: same state and times. The
 * strings of a record with the same id do not change between versions. */
static gboolean
same_content (FdRecordItem *a,
              FdRecordItem *b)
{
  switch (a->kind)
    {
    case FD_RECORD_RUN:
      {
        const FdPipelineRun *x = fd_record_item_get_run (a);
        const FdPipelineRun *y = fd_record_item_get_run (b);

        return x->status == y->status && x->started_at == y->started_at &&
               x->finished_at == y->finished_at && x->n_stages == y->n_stages;
      }
    case FD_RECORD_DEPLOYMENT:
      {
        const FdDeployment *x = fd_record_item_get_deployment (a);
        const FdDeployment *y = fd_record_item_get_deployment (b);

        return x->status == y->status && x->started_at == y->started_at &&
               x->finished_at == y->finished_at && x->committed_at == y->committed_at &&
               x->caused_incident == y->caused_incident;
      }
    case FD_RECORD_ALERT:
      {
        const FdAlert *x = fd_record_item_get_alert (a);
        const FdAlert *y = fd_record_item_get_alert (b);

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
 *
 * Replaces the rows of @store with those of @data, keeping the row object of
 * every record that is shown unchanged. A list view in GTK 4.8 keeps the
 * widgets of the items it sees again and builds new ones (a few hundred
 * rows of labels) for new items only, so an auto-refresh that adds three runs
 * rebuilds three rows, not the whole table. Kept rows are moved onto @data so
 * that no row holds on to an older snapshot.
 *
 * Returns: %TRUE if the rows changed
 */
gboolean
fd_record_item_list_update (GListStore   *store,
                            FdPageData   *data,
                            FdRecordKind  kind)
{
  g_autoptr(GListStore) fresh = fd_record_item_list_new (data, kind);
  g_autoptr(GHashTable) old_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint n_new = g_list_model_get_n_items (G_LIST_MODEL (fresh));
  gboolean same = n_old == n_new;

  g_return_val_if_fail (G_IS_LIST_STORE (store), FALSE);

  for (guint i = 0; i < n_old; i++)
    {
      FdRecordItem *old = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (old->kind == kind)
        g_hash_table_insert (old_by_id, (gpointer) fd_record_item_str (old, record_id (old)), old);
      g_object_unref (old);  /* the store keeps it alive */
    }

  items = g_ptr_array_new_full (n_new, g_object_unref);
  for (guint i = 0; i < n_new; i++)
    {
      g_autoptr(FdRecordItem) item = g_list_model_get_item (G_LIST_MODEL (fresh), i);
      FdRecordItem *old = g_hash_table_lookup (old_by_id, fd_record_item_str (item, record_id (item)));

      if (old != NULL && same_content (old, item))
        g_ptr_array_add (items, g_object_ref (old));
      else
        g_ptr_array_add (items, g_object_ref (item));
    }

  for (guint i = 0; same && i < n_new; i++)
    {
      g_autoptr(FdRecordItem) at_i = g_list_model_get_item (G_LIST_MODEL (store), i);

      same = at_i == g_ptr_array_index (items, i);
    }

  /* Move every kept row onto the new data only now: the lookups above read
   * the old rows' strings from their own snapshot. */
  for (guint i = 0; i < items->len; i++)
    {
      FdRecordItem *item = g_ptr_array_index (items, i);
      g_autoptr(FdRecordItem) fresh_item = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      if (item != fresh_item)
        {
          FdPageData *old_data = item->data;

          item->data = fd_page_data_ref (fresh_item->data);
          item->index = fresh_item->index;
          fd_page_data_unref (old_data);
        }
    }

  if (same)
    return FALSE;

  g_list_store_splice (store, 0, n_old, items->pdata, items->len);
  return TRUE;
}
