/* fd-cell-factory.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-cell-factory"

#include "config.h"

#include "fd-cell-factory.h"

typedef struct
{
  FdCellSetupFunc   setup;
  FdCellBindFunc    bind;
  FdCellTooltipFunc tooltip;
  int               column;
  gpointer          user_data;
} CellFactory;

static void
cell_item_changed_cb (GObject     *item,
                      GtkListItem *list_item)
{
  CellFactory *cells = g_object_get_data (G_OBJECT (list_item), "fd-cell-factory");

  if (cells != NULL && gtk_list_item_get_item (list_item) == (gpointer) item)
    cells->bind (list_item, item, cells->column, cells->user_data);
}

static gboolean
cell_query_tooltip_cb (GtkWidget   *widget,
                       int          x,
                       int          y,
                       gboolean     keyboard,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  CellFactory *cells = g_object_get_data (G_OBJECT (list_item), "fd-cell-factory");
  gpointer item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (cells == NULL || item == NULL)
    return FALSE;
  text = cells->tooltip (item, cells->column, cells->user_data);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CellFactory              *cells)
{
  GtkWidget *child;

  /* The list item outlives no factory: borrowed. */
  g_object_set_data (G_OBJECT (list_item), "fd-cell-factory", cells);
  cells->setup (list_item, cells->column, cells->user_data);
  child = gtk_list_item_get_child (list_item);
  /* The text is computed when asked for: setting a tooltip on every bind
   * queries the pointer from the display server in GTK 4.8, a round trip
   * per cell. */
  if (cells->tooltip != NULL && child != NULL)
    {
      gtk_widget_set_has_tooltip (child, TRUE);
      g_signal_connect (child, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), list_item);
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CellFactory              *cells)
{
  gpointer item = gtk_list_item_get_item (list_item);

  g_signal_connect (item, "changed", G_CALLBACK (cell_item_changed_cb), list_item);
  cells->bind (list_item, item, cells->column, cells->user_data);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CellFactory              *cells)
{
  gpointer item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, cell_item_changed_cb, list_item);
}

static void
cell_teardown_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CellFactory              *cells)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (child != NULL)
    g_signal_handlers_disconnect_by_func (child, cell_query_tooltip_cb, list_item);
  g_object_set_data (G_OBJECT (list_item), "fd-cell-factory", NULL);
}

/**
 * fd_cell_factory_new:
 * @setup: makes a cell's widget
 * @bind: fills it from a row
 * @tooltip: (nullable): the cell's tooltip text, or %NULL for none
 * @column: the page's column number, passed to the functions
 * @user_data: passed to the functions; it outlives the factory
 *
 * A factory for one column of a table whose rows have a `changed` signal
 * (#FdRecordItem, #FdAlertItem): the cells fill themselves again when their
 * row shows another record, since the rows of a table stay (see
 * #FdPagedSelection). Tooltips are computed when the pointer rests on a
 * cell: setting one at every bind makes GTK 4.8 query the pointer from the
 * display server, a round trip per cell.
 *
 * Returns: (transfer full): the factory
 */
GtkListItemFactory *
fd_cell_factory_new (FdCellSetupFunc   setup,
                     FdCellBindFunc    bind,
                     FdCellTooltipFunc tooltip,
                     int               column,
                     gpointer          user_data)
{
  GtkListItemFactory *factory;
  CellFactory *cells;

  g_return_val_if_fail (setup != NULL && bind != NULL, NULL);

  factory = gtk_signal_list_item_factory_new ();
  cells = g_new0 (CellFactory, 1);
  cells->setup = setup;
  cells->bind = bind;
  cells->tooltip = tooltip;
  cells->column = column;
  cells->user_data = user_data;
  g_object_set_data_full (G_OBJECT (factory), "fd-cell-factory", cells, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), cells);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), cells);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), cells);
  g_signal_connect (factory, "teardown", G_CALLBACK (cell_teardown_cb), cells);
  return factory;
}
