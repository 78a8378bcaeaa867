/* test-paged-selection.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "fd-alert-item.h"
#include "fd-paged-selection.h"
#include "fd-table-pager.h"
#include "../lsan-quarks.h"

typedef struct
{
  GListStore       *store;
  FdPagedSelection *pages;
  guint             items_changed;
  guint             last_position, last_removed, last_added;
  guint             selection_changed;
} Fixture;

static FdAlertItem *
make_alert (const char    *id,
            FdAlertStatus  status)
{
  return fd_alert_item_new (id, "name", "svc", "production", "summary", FD_SEVERITY_CRITICAL, status,
                            1000, FD_TIME_NONE);
}

/* A store of alerts a0 … a(n-1). */
static void
fill_store (GListStore *store,
            guint       first,
            guint       n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("a%u", i);
      g_autoptr(FdAlertItem) item = make_alert (id, FD_ALERT_FIRING);

      g_list_store_append (store, item);
    }
}

static const char *
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(FdAlertItem) item = g_list_model_get_item (model, position);

  /* The rows belong to the selection model, which outlives the call. */
  return item != NULL ? fd_alert_item_get_id (item) : NULL;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  fixture->items_changed++;
  fixture->last_position = position;
  fixture->last_removed = removed;
  fixture->last_added = added;
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      Fixture           *fixture)
{
  fixture->selection_changed++;
}

static void
counting_cb (FdAlertItem *item,
             guint       *count)
{
  (*count)++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->store = g_list_store_new (FD_TYPE_ALERT_ITEM);
  fill_store (fixture->store, 0, 60);
  fixture->pages = fd_paged_selection_new (G_LIST_MODEL (g_object_ref (fixture->store)), FD_TYPE_ALERT_ITEM,
                                           25, fd_alert_item_copy, fd_alert_item_show,
                                           fd_alert_item_same_alert);
  g_signal_connect (fixture->pages, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (fixture->pages, "selection-changed", G_CALLBACK (selection_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->pages);
  g_clear_object (&fixture->store);
}

static void
test_pages (Fixture       *fixture,
            gconstpointer  user_data)
{
  GListModel *model = G_LIST_MODEL (fixture->pages);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 25);
  g_assert_cmpuint (fd_paged_selection_get_n_pages (fixture->pages), ==, 3);
  g_assert_cmpuint (fd_paged_selection_get_n_rows (fixture->pages), ==, 60);
  g_assert_cmpstr (id_at (model, 0), ==, "a0");
  g_assert_cmpstr (id_at (model, 24), ==, "a24");
  g_assert_null (g_list_model_get_item (model, 25));

  fd_paged_selection_set_page (fixture->pages, 1);
  g_assert_cmpuint (fd_paged_selection_get_first_row (fixture->pages), ==, 25);
  g_assert_cmpstr (id_at (model, 0), ==, "a25");
  g_assert_cmpuint (fixture->items_changed, ==, 0);

  /* The last page is short: the rows past it go. */
  fd_paged_selection_set_page (fixture->pages, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_cmpstr (id_at (model, 9), ==, "a59");
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->last_position, ==, 10);
  g_assert_cmpuint (fixture->last_removed, ==, 15);
  g_assert_cmpuint (fixture->last_added, ==, 0);

  /* Past the end means the last page. */
  fd_paged_selection_set_page (fixture->pages, 99);
  g_assert_cmpuint (fd_paged_selection_get_page (fixture->pages), ==, 2);

  /* Fewer records: the page moves back to what is left. */
  g_list_store_splice (fixture->store, 20, 40, NULL, 0);
  g_assert_cmpuint (fd_paged_selection_get_n_pages (fixture->pages), ==, 1);
  g_assert_cmpuint (fd_paged_selection_get_page (fixture->pages), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 20);
  g_assert_cmpstr (id_at (model, 19), ==, "a19");

  /* No records: an empty page, still one page. */
  g_list_store_remove_all (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (fd_paged_selection_get_n_pages (fixture->pages), ==, 1);
}

/* The view keeps its row objects: new records are shown by the same rows,
 * which say so, and only rows whose item changed are told. */
static void
test_rows_stay (Fixture       *fixture,
                gconstpointer  user_data)
{
  GListModel *model = G_LIST_MODEL (fixture->pages);
  g_autoptr(GObject) first = g_list_model_get_item (model, 0);
  g_autoptr(GObject) second = g_list_model_get_item (model, 1);
  g_autoptr(FdAlertItem) acked = make_alert ("a1", FD_ALERT_ACKNOWLEDGED);
  g_autoptr(GObject) first_after = NULL;
  guint first_changed = 0;
  guint second_changed = 0;

  g_signal_connect (first, "changed", G_CALLBACK (counting_cb), &first_changed);
  g_signal_connect (second, "changed", G_CALLBACK (counting_cb), &second_changed);

  /* a1 is acknowledged: a new item in the store, the same row on screen. */
  g_list_store_splice (fixture->store, 1, 1, (gpointer *) &acked, 1);
  g_assert_cmpuint (second_changed, ==, 1);
  g_assert_cmpuint (first_changed, ==, 0);
  g_assert_cmpint (fd_alert_item_get_status (FD_ALERT_ITEM (second)), ==, FD_ALERT_ACKNOWLEDGED);
  g_assert_cmpuint (fixture->items_changed, ==, 0);

  /* Two new alerts on top: every row shows another alert, none is new. */
  {
    g_autoptr(FdAlertItem) x = make_alert ("x", FD_ALERT_FIRING);
    g_autoptr(FdAlertItem) y = make_alert ("y", FD_ALERT_FIRING);
    gpointer fresh[] = { x, y };

    g_list_store_splice (fixture->store, 0, 0, fresh, 2);
  }
  first_after = g_list_model_get_item (model, 0);
  g_assert_true (first_after == first);
  g_assert_cmpstr (fd_alert_item_get_id (FD_ALERT_ITEM (first)), ==, "x");
  g_assert_cmpstr (id_at (model, 2), ==, "a0");
  g_assert_cmpuint (first_changed, ==, 1);
  g_assert_cmpuint (fixture->items_changed, ==, 0);
  g_assert_cmpuint (fd_paged_selection_get_n_rows (fixture->pages), ==, 62);
}

/* The selection follows its alert while it is on the page. */
static void
test_selection_follows (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (fixture->pages);
  FdAlertItem *selected;

  g_assert_cmpuint (fd_paged_selection_get_selected (fixture->pages), ==, GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_selection_model_select_item (selection, 3, TRUE));
  g_assert_true (gtk_selection_model_is_selected (selection, 3));
  g_assert_cmpuint (fixture->selection_changed, ==, 1);
  selected = fd_paged_selection_get_selected_item (fixture->pages);
  g_assert_cmpstr (fd_alert_item_get_id (selected), ==, "a3");

  /* Two alerts on top push a3 down to row 5. */
  {
    g_autoptr(FdAlertItem) x = make_alert ("x", FD_ALERT_FIRING);
    g_autoptr(FdAlertItem) y = make_alert ("y", FD_ALERT_FIRING);
    gpointer fresh[] = { x, y };

    g_list_store_splice (fixture->store, 0, 0, fresh, 2);
  }
  g_assert_cmpuint (fd_paged_selection_get_selected (fixture->pages), ==, 5);
  g_assert_false (gtk_selection_model_is_selected (selection, 3));
  selected = fd_paged_selection_get_selected_item (fixture->pages);
  g_assert_cmpstr (fd_alert_item_get_id (selected), ==, "a3");

  /* Unselecting clears it. */
  g_assert_true (gtk_selection_model_unselect_item (selection, 5));
  g_assert_null (fd_paged_selection_get_selected_item (fixture->pages));

  /* An alert that leaves the page takes the selection with it. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpstr (fd_alert_item_get_id (fd_paged_selection_get_selected_item (fixture->pages)), ==, "x");
  g_list_store_remove (fixture->store, 0);
  g_assert_cmpuint (fd_paged_selection_get_selected (fixture->pages), ==, GTK_INVALID_LIST_POSITION);
  g_assert_null (fd_paged_selection_get_selected_item (fixture->pages));

  /* And so does turning the page. */
  gtk_selection_model_select_item (selection, 1, TRUE);
  fd_paged_selection_set_page (fixture->pages, 1);
  g_assert_null (fd_paged_selection_get_selected_item (fixture->pages));
}

static void
test_pager (Fixture       *fixture,
            gconstpointer  user_data)
{
  GtkWidget *pager = g_object_ref_sink (g_object_new (FD_TYPE_TABLE_PAGER, NULL));

  fd_table_pager_set_model (FD_TABLE_PAGER (pager), fixture->pages);
  g_assert_true (gtk_widget_get_visible (pager));
  g_assert_cmpstr (fd_table_pager_get_text (FD_TABLE_PAGER (pager)), ==, "Rows 1–25 of 60");

  /* No page before the first. */
  gtk_widget_activate_action (pager, "pager.previous", NULL);
  g_assert_cmpuint (fd_paged_selection_get_page (fixture->pages), ==, 0);

  gtk_widget_activate_action (pager, "pager.next", NULL);
  g_assert_cmpuint (fd_paged_selection_get_page (fixture->pages), ==, 1);
  g_assert_cmpstr (fd_table_pager_get_text (FD_TABLE_PAGER (pager)), ==, "Rows 26–50 of 60");
  gtk_widget_activate_action (pager, "pager.next", NULL);
  g_assert_cmpstr (fd_table_pager_get_text (FD_TABLE_PAGER (pager)), ==, "Rows 51–60 of 60");
  gtk_widget_activate_action (pager, "pager.next", NULL);
  g_assert_cmpuint (fd_paged_selection_get_page (fixture->pages), ==, 2);
  gtk_widget_activate_action (pager, "pager.previous", NULL);
  g_assert_cmpuint (fd_paged_selection_get_page (fixture->pages), ==, 1);

  /* Everything on one page: nothing to turn, the pager hides. */
  g_list_store_splice (fixture->store, 10, 50, NULL, 0);
  g_assert_false (gtk_widget_get_visible (pager));

  g_object_unref (pager);
}

int
main (int   argc,
      char *argv[])
{
  lsan_keep_first_quark_block ();
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/paged-selection/pages", test_pages);
  ADD ("/paged-selection/rows-stay", test_rows_stay);
  ADD ("/paged-selection/selection-follows", test_selection_follows);
  ADD ("/paged-selection/pager", test_pager);
#undef ADD

  return g_test_run ();
}
