/* fd-paged-selection.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-paged-selection"

#include "config.h"

#include "fd-paged-selection.h"

/* One page of a table's rows, as a single-selection model.
 *
 * Why not a GtkSliceListModel under a GtkSingleSelection: GTK 4.8's list
 * and column views keep widgets for up to 200 rows whatever is visible,
 * and build new widgets for every row object they have not seen. A table of
 * 1,000 rows cost 1,600 cells to lay out on every page switch, and a
 * refresh that moved new runs into view cost a new row of widgets each.
 * Here the view sees a page of row objects of its own that stay the same:
 * a refresh, a sort or a search only tells them to show other records
 * (@assign), which the cells follow. The selection follows its record,
 * not its position, as long as the record is on the page. */
struct _FdPagedSelection
{
  GObject            parent_instance;

  /* Owned */
  GListModel        *model;
  GPtrArray         *rows;          /* row objects, spares past n_items */
  gpointer           selected_copy; /* a row that follows the selected record */

  FdPagedCopyFunc    copy;
  FdPagedAssignFunc  assign;
  FdPagedSameFunc    same;
  GType              item_type;
  guint              page_size;
  guint              page;
  guint              n_pages;
  guint              n_items;
  guint              selected;
};

static void fd_paged_selection_list_model_init      (GListModelInterface        *iface);
static void fd_paged_selection_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdPagedSelection, fd_paged_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fd_paged_selection_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      fd_paged_selection_selection_model_init))

enum {
  PROP_0,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_N_ROWS,
  PROP_SELECTED,
  PROP_SELECTED_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel {{{ */

static GType
fd_paged_selection_get_item_type (GListModel *model)
{
  return FD_PAGED_SELECTION (model)->item_type;
}

static guint
fd_paged_selection_get_n_items (GListModel *model)
{
  return FD_PAGED_SELECTION (model)->n_items;
}

static gpointer
fd_paged_selection_get_item (GListModel *model,
                             guint       position)
{
  FdPagedSelection *self = FD_PAGED_SELECTION (model);

  if (position >= self->n_items)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
fd_paged_selection_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fd_paged_selection_get_item_type;
  iface->get_n_items = fd_paged_selection_get_n_items;
  iface->get_item = fd_paged_selection_get_item;
}

/* }}} */

/* Moves the selection to @position (or none) and says so. */
static void
move_selection (FdPagedSelection *self,
                guint             position)
{
  guint old = self->selected;

  if (position >= self->n_items)
    position = GTK_INVALID_LIST_POSITION;
  if (position == old)
    return;

  self->selected = position;
  if (position == GTK_INVALID_LIST_POSITION)
    g_clear_object (&self->selected_copy);
  else if (self->selected_copy == NULL)
    self->selected_copy = self->copy (g_ptr_array_index (self->rows, position));
  else
    self->assign (self->selected_copy, g_ptr_array_index (self->rows, position));

  if (old == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, 1);
  else if (position == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), old, 1);
  else
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), MIN (old, position),
                                           MAX (old, position) - MIN (old, position) + 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

/* Makes the rows show the page's records again. */
static void
sync_rows (FdPagedSelection *self)
{
  guint n_model = g_list_model_get_n_items (self->model);
  guint old_n_items = self->n_items;
  guint old_n_pages = self->n_pages;
  guint old_page = self->page;
  guint old_selected = self->selected;
  guint offset;
  guint selected = GTK_INVALID_LIST_POSITION;

  self->n_pages = MAX (1, (n_model + self->page_size - 1) / self->page_size);
  self->page = MIN (self->page, self->n_pages - 1);
  offset = self->page * self->page_size;
  self->n_items = MIN (self->page_size, n_model - MIN (n_model, offset));

  for (guint i = 0; i < self->n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->model, offset + i);

      if (i < self->rows->len)
        self->assign (g_ptr_array_index (self->rows, i), item);
      else
        g_ptr_array_add (self->rows, self->copy (item));
    }

  /* Where the selected record is now, while the view still counts the old
   * rows; it is told after the rows. */
  if (self->selected_copy != NULL)
    for (guint i = 0; i < self->n_items && selected == GTK_INVALID_LIST_POSITION; i++)
      if (self->same (g_ptr_array_index (self->rows, i), self->selected_copy))
        selected = i;
  if (selected != GTK_INVALID_LIST_POSITION)
    self->assign (self->selected_copy, g_ptr_array_index (self->rows, selected));
  else
    g_clear_object (&self->selected_copy);
  self->selected = selected;

  if (old_n_items != self->n_items)
    {
      guint common = MIN (old_n_items, self->n_items);

      g_list_model_items_changed (G_LIST_MODEL (self), common, old_n_items - common,
                                  self->n_items - common);
    }

  if (selected != old_selected)
    {
      /* Positions past the old count were announced as added: only the
       * rows the view already had need telling. */
      if (old_selected != GTK_INVALID_LIST_POSITION && old_selected < MIN (old_n_items, self->n_items))
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), old_selected, 1);
      if (selected != GTK_INVALID_LIST_POSITION && selected < MIN (old_n_items, self->n_items))
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), selected, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
    }
  if (old_n_pages != self->n_pages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  if (old_page != self->page)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  /* The count of rows above changes with nearly every refresh. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
}

static void
model_items_changed_cb (FdPagedSelection *self,
                        guint             position,
                        guint             removed,
                        guint             added)
{
  sync_rows (self);
}

/* GtkSelectionModel {{{ */

static gboolean
fd_paged_selection_is_selected (GtkSelectionModel *model,
                                guint              position)
{
  return FD_PAGED_SELECTION (model)->selected == position;
}

static gboolean
fd_paged_selection_select_item (GtkSelectionModel *model,
                                guint              position,
                                gboolean           unselect_rest)
{
  move_selection (FD_PAGED_SELECTION (model), position);
  return TRUE;
}

static gboolean
fd_paged_selection_unselect_item (GtkSelectionModel *model,
                                  guint              position)
{
  FdPagedSelection *self = FD_PAGED_SELECTION (model);

  if (self->selected == position)
    move_selection (self, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static gboolean
fd_paged_selection_unselect_all (GtkSelectionModel *model)
{
  move_selection (FD_PAGED_SELECTION (model), GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static void
fd_paged_selection_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = fd_paged_selection_is_selected;
  iface->select_item = fd_paged_selection_select_item;
  iface->unselect_item = fd_paged_selection_unselect_item;
  iface->unselect_all = fd_paged_selection_unselect_all;
}

/* }}} */

static void
fd_paged_selection_dispose (GObject *object)
{
  FdPagedSelection *self = FD_PAGED_SELECTION (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_object (&self->selected_copy);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fd_paged_selection_parent_class)->dispose (object);
}

static void
fd_paged_selection_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FdPagedSelection *self = FD_PAGED_SELECTION (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;
    case PROP_N_ROWS:
      g_value_set_uint (value, fd_paged_selection_get_n_rows (self));
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    case PROP_SELECTED_ITEM:
      g_value_set_object (value, fd_paged_selection_get_selected_item (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_paged_selection_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FdPagedSelection *self = FD_PAGED_SELECTION (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      fd_paged_selection_set_page (self, g_value_get_uint (value));
      break;
    case PROP_SELECTED:
      fd_paged_selection_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_paged_selection_class_init (FdPagedSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_paged_selection_dispose;
  object_class->get_property = fd_paged_selection_get_property;
  object_class->set_property = fd_paged_selection_set_property;

  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_paged_selection_init (FdPagedSelection *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->selected = GTK_INVALID_LIST_POSITION;
  self->n_pages = 1;
}

/**
 * fd_paged_selection_new:
 * @model: (transfer full): the rows, in the order shown
 * @item_type: the type of @model's items and of the rows made from them
 * @page_size: rows on a page
 * @copy: makes a row showing an item
 * @assign: makes a row show another item
 * @same: tells whether two rows show the same record
 *
 * Returns: (transfer full): a selection model showing the first page
 */
FdPagedSelection *
fd_paged_selection_new (GListModel        *model,
                        GType              item_type,
                        guint              page_size,
                        FdPagedCopyFunc    copy,
                        FdPagedAssignFunc  assign,
                        FdPagedSameFunc    same)
{
  FdPagedSelection *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (page_size > 0, NULL);
  g_return_val_if_fail (copy != NULL && assign != NULL && same != NULL, NULL);

  self = g_object_new (FD_TYPE_PAGED_SELECTION, NULL);
  self->model = model;
  self->item_type = item_type;
  self->page_size = page_size;
  self->copy = copy;
  self->assign = assign;
  self->same = same;
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
  sync_rows (self);
  return self;
}

GListModel *
fd_paged_selection_get_model (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), NULL);

  return self->model;
}

guint
fd_paged_selection_get_page_size (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), 0);

  return self->page_size;
}

guint
fd_paged_selection_get_page (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), 0);

  return self->page;
}

/**
 * fd_paged_selection_set_page:
 * @self: a #FdPagedSelection
 * @page: the page to show, from 0; past the last, the last
 */
void
fd_paged_selection_set_page (FdPagedSelection *self,
                             guint             page)
{
  g_return_if_fail (FD_IS_PAGED_SELECTION (self));

  page = MIN (page, self->n_pages - 1);
  if (page == self->page)
    return;
  self->page = page;
  sync_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

guint
fd_paged_selection_get_n_pages (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), 1);

  return self->n_pages;
}

/* All the rows over all pages. */
guint
fd_paged_selection_get_n_rows (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), 0);

  return g_list_model_get_n_items (self->model);
}

/* The position in the model of the page's first row. */
guint
fd_paged_selection_get_first_row (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), 0);

  return self->page * self->page_size;
}

/**
 * fd_paged_selection_sync:
 * @self: a #FdPagedSelection
 *
 * Shows the model's items again, for items changed in place without
 * #GListModel::items-changed: rows copy what they show, and must not keep
 * showing (and holding on to) older data.
 */
void
fd_paged_selection_sync (FdPagedSelection *self)
{
  g_return_if_fail (FD_IS_PAGED_SELECTION (self));

  sync_rows (self);
}

guint
fd_paged_selection_get_selected (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), GTK_INVALID_LIST_POSITION);

  return self->selected;
}

/**
 * fd_paged_selection_get_selected_item:
 *
 * Returns: (transfer none) (nullable): the selected row
 */
gpointer
fd_paged_selection_get_selected_item (FdPagedSelection *self)
{
  g_return_val_if_fail (FD_IS_PAGED_SELECTION (self), NULL);

  if (self->selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_ptr_array_index (self->rows, self->selected);
}

void
fd_paged_selection_set_selected (FdPagedSelection *self,
                                 guint             position)
{
  g_return_if_fail (FD_IS_PAGED_SELECTION (self));

  move_selection (self, position);
}
