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
