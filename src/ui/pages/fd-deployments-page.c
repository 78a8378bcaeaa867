/* fd-deployments-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-deployments-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fd-deployments-page.h"
#include "fd-page.h"

#include "fd-cell-factory.h"
#include "fd-chart.h"
#include "fd-chart-catalog.h"
#include "fd-chart-format.h"
#include "fd-csv.h"
#include "fd-export.h"
#include "fd-format.h"
#include "fd-kpi-card.h"
#include "fd-record-item.h"
#include "fd-table-pager.h"

/* A service whose newest deployment in an environment is older than this
 * is highlighted as not deployed for long. */
#define STALE_AGE (G_GINT64_CONSTANT (14) * 86400 * G_USEC_PER_SEC)

typedef enum
{
  COL_SERVICE,
  COL_ENVIRONMENT,
  COL_VERSION,
  COL_PREVIOUS_VERSION,
  COL_STRATEGY,
  COL_STATUS,
  COL_DURATION,
  COL_LEAD_TIME,
  COL_INCIDENT,
  COL_STARTED,
  N_COLUMNS
} Column;

typedef enum
{
  KPI_FREQUENCY,
  KPI_LEAD_TIME,
  KPI_CHANGE_FAILURE_RATE,
  KPI_TIME_TO_RESTORE,
  N_KPIS
} Kpi;

typedef enum
{
  CHART_PER_DAY,
  CHART_OUTCOMES,
  CHART_LEAD_TIME,
  CHART_CHANGE_FAILURE,
  N_CHARTS
} Chart;

static const char * const kpi_ids[N_KPIS] = {
  "deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore",
};

static const char * const chart_ids[N_CHARTS] = {
  "deployment-frequency-by-environment", "deployment-outcomes", "deployment-lead-time-trend",
  "deployment-change-failure-trend",
};

struct _FdDeploymentsPage
{
  AdwBin               parent_instance;

  /* FdPage */
  FdSession          *session;
  GSettings          *settings;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkFlowBox          *kpi_box;
  GtkFlowBox          *chart_box;
  GtkGrid             *matrix_grid;
  char                *matrix_signature;  /* what the matrix shows now */
  GtkLabel            *count_label;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_dropdown;
  GtkButton           *bucket_button;
  GtkColumnView       *history_view;
  FdTablePager       *history_pager;

  /* Owned */
  FdPageData          *data;
  char                *error;
  GtkFilterListModel  *filter_model;
  GListStore         *rows;          /* owned: the bounded row list, updated in place */
  GtkSortListModel    *sort_model;
  FdPagedSelection    *selection;
  GtkCustomFilter     *filter;
  char                *search;
  int                  status;          /* FdDeployStatus, or -1 */
  FdTime               bucket_from;
  FdTime               bucket_to;
  char                *bucket_environment;

  /* Borrowed */
  FdKpiCard           *kpis[N_KPIS];
  FdChart             *charts[N_CHARTS];
  GtkColumnViewColumn *columns[N_COLUMNS];
};

static void page_iface_init (FdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdDeploymentsPage, fd_deployments_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_PAGE, page_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SETTINGS,
  N_PROPS
};

static const char *
status_label (FdDeployStatus status)
{
  switch (status)
    {
    case FD_DEPLOY_SUCCESS: return _("Success");
    case FD_DEPLOY_FAILED: return _("Failed");
    case FD_DEPLOY_ROLLED_BACK: return _("Rolled back");
    case FD_DEPLOY_IN_PROGRESS: return _("In progress");
    case FD_DEPLOY_N_STATUS:
    default: return _("Unknown");
    }
}

static double
span_seconds (FdTime from,
              FdTime to)
{
  if (from == FD_TIME_NONE || to == FD_TIME_NONE || to < from)
    return NAN;
  return (to - from) / (double) G_USEC_PER_SEC;
}

static double
column_number (const FdDeployment *d,
               Column              column)
{
  if (column == COL_DURATION)
    return span_seconds (d->started_at, d->finished_at);
  return span_seconds (d->committed_at, d->finished_at);
}

static char *
cell_text (FdRecordItem *item,
           Column        column)
{
  const FdDeployment *d = fd_record_item_get_deployment (item);

  switch (column)
    {
    case COL_SERVICE: return g_strdup (fd_record_item_str (item, d->service));
    case COL_ENVIRONMENT: return g_strdup (fd_record_item_str (item, d->environment));
    case COL_VERSION: return g_strdup (fd_record_item_str (item, d->version));
    case COL_PREVIOUS_VERSION: return g_strdup (fd_record_item_str (item, d->previous_version));
    case COL_STRATEGY: return g_strdup (fd_record_item_str (item, d->strategy));
    case COL_STATUS: return g_strdup (status_label (d->status));
    case COL_DURATION:
    case COL_LEAD_TIME: return fd_format_duration (column_number (d, column));
    case COL_INCIDENT: return g_strdup (d->caused_incident ? _("Yes") : _("No"));
    case COL_STARTED: return fd_format_local_time (d->started_at, FD_FORMAT_TIME_SHORT);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Table {{{ */

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL || haystack[0] == '\0')
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_deployment (gpointer item,
                   gpointer user_data)
{
  FdDeploymentsPage *self = user_data;
  FdRecordItem *record = item;
  const FdDeployment *d = fd_record_item_get_deployment (record);

  if (self->status >= 0 && d->status != self->status)
    return FALSE;

  if (self->bucket_from != FD_TIME_NONE &&
      (d->started_at < self->bucket_from || d->started_at >= self->bucket_to))
    return FALSE;

  if (self->bucket_environment != NULL &&
      g_strcmp0 (fd_record_item_str (record, d->environment), self->bucket_environment) != 0)
    return FALSE;

  if (self->search != NULL && self->search[0] != '\0')
    {
      const FdStr fields[] = {
        d->service, d->environment, d->version, d->previous_version, d->strategy, d->commit,
        d->id,
      };
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (fields) && !found; i++)
        found = contains_casefold (fd_record_item_str (record, fields[i]), self->search);
      if (!found)
        found = contains_casefold (status_label (d->status), self->search) ||
                contains_casefold (fd_deploy_status_to_string (d->status), self->search);
      if (!found)
        return FALSE;
    }

  return TRUE;
}

static int
compare_deployments (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  FdRecordItem *ia = (FdRecordItem *) a;
  FdRecordItem *ib = (FdRecordItem *) b;
  const FdDeployment *da = fd_record_item_get_deployment (ia);
  const FdDeployment *db = fd_record_item_get_deployment (ib);
  Column column = GPOINTER_TO_INT (user_data);

  switch (column)
    {
    case COL_STATUS:
      return (int) da->status - (int) db->status;
    case COL_INCIDENT:
      return (int) da->caused_incident - (int) db->caused_incident;
    case COL_DURATION:
    case COL_LEAD_TIME:
      {
        double va = column_number (da, column);
        double vb = column_number (db, column);

        if (isnan (va) || isnan (vb))
          return isnan (va) - isnan (vb);
        return (va > vb) - (va < vb);
      }
    case COL_STARTED:
      return (da->started_at > db->started_at) - (da->started_at < db->started_at);
    case COL_SERVICE:
    case COL_ENVIRONMENT:
    case COL_VERSION:
    case COL_PREVIOUS_VERSION:
    case COL_STRATEGY:
      {
        g_autofree char *ta = cell_text (ia, column);
        g_autofree char *tb = cell_text (ib, column);

        return g_utf8_collate (ta, tb);
      }
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell (GtkListItem *list_item,
            int          column,
            gpointer     user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label),
                        column == COL_DURATION || column == COL_LEAD_TIME ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COL_DURATION || column == COL_LEAD_TIME || column == COL_STARTED)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkListItem *list_item,
           gpointer     row,
           int          column,
           gpointer     user_data)
{
  static const char * const classes[] = {
    "fd-status-success", "fd-status-failed", "fd-status-cancelled", "fd-status-running",
  };
  FdRecordItem *item = row;
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = cell_text (item, column);

  gtk_label_set_label (GTK_LABEL (label), text);
  if (column == COL_STATUS)
    {
      const FdDeployment *d = fd_record_item_get_deployment (item);

      for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
        gtk_widget_remove_css_class (label, classes[i]);
      if (d->status < G_N_ELEMENTS (classes))
        gtk_widget_add_css_class (label, classes[d->status]);
    }
  else if (column == COL_INCIDENT)
    {
      const FdDeployment *d = fd_record_item_get_deployment (item);

      gtk_widget_remove_css_class (label, "error");
      if (d->caused_incident)
        gtk_widget_add_css_class (label, "error");
    }
}

static void
add_column (FdDeploymentsPage *self,
            Column             column,
            const char        *title,
            gboolean           expand)
{
  g_autoptr(GtkListItemFactory) factory = fd_cell_factory_new (setup_cell, bind_cell, NULL, column, self);
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  g_autoptr(GtkSorter) sorter = NULL;

  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_deployments, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->history_view, view_column);
  self->columns[column] = view_column;
}

static void
update_count_label (FdDeploymentsPage *self)
{
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  guint visible;

  if (self->data == NULL || self->filter_model == NULL)
    return;

  visible = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  total = fd_format_count (self->data->n_matching_deployments);
  if (self->data->n_recent_deployments < self->data->n_matching_deployments)
    {
      g_autofree char *shown = fd_format_count (self->data->n_recent_deployments);

      /* Translators: "Showing the latest 1,000 of 3,112 deployments" */
      text = g_strdup_printf (_("Showing the latest %s of %s deployments"), shown, total);
    }
  else
    {
      /* Translators: %s is a count */
      text = g_strdup_printf (_("%s deployments in this range"), total);
    }

  if (visible != self->data->n_recent_deployments)
    {
      g_autofree char *matching = fd_format_count (visible);
      g_autofree char *full = NULL;

      full = g_strdup_printf (_("%s · %s match the filters"), text, matching);
      g_free (text);
      text = g_steal_pointer (&full);
    }
  gtk_label_set_label (self->count_label, text);
}

static void
first_page (FdDeploymentsPage *self)
{
  if (self->selection != NULL)
    fd_paged_selection_set_page (self->selection, 0);
}

static void
refilter (FdDeploymentsPage *self)
{
  /* The template's drop-down reports its first selection before init ends. */
  if (self->filter == NULL)
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  first_page (self);
  update_count_label (self);
}

static void
search_changed_cb (FdDeploymentsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_free (self->search);
  self->search = text[0] != '\0' ? g_utf8_casefold (text, -1) : NULL;
  refilter (self);
}

static void
status_changed_cb (FdDeploymentsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  self->status = (selected == 0 || selected == GTK_INVALID_LIST_POSITION) ? -1 : (int) selected - 1;
  refilter (self);
}

static void
clear_bucket (FdDeploymentsPage *self)
{
  self->bucket_from = FD_TIME_NONE;
  self->bucket_to = FD_TIME_NONE;
  g_clear_pointer (&self->bucket_environment, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->bucket_button), FALSE);
}

static void
clear_bucket_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (widget);

  clear_bucket (self);
  refilter (self);
}

static void
chart_item_activated_cb (FdChart  *chart,
                         guint     series,
                         guint64   index,
                         double    x_from,
                         double    x_to,
                         gpointer  user_data)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (user_data);
  FdChartModel *model = fd_chart_get_model (chart);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *text = NULL;

  if (self->data == NULL)
    return;

  clear_bucket (self);
  self->bucket_from = (FdTime) (x_from * G_USEC_PER_SEC);
  self->bucket_to = (FdTime) (x_to * G_USEC_PER_SEC);
  if (self->bucket_to <= self->bucket_from)
    self->bucket_to = self->bucket_from + self->data->dashboard->bucket_us;

  /* The per-day chart groups by environment: its series is the environment. */
  if (chart == self->charts[CHART_PER_DAY])
    {
      const FdChartSeries *s = fd_chart_model_get_series (model, series);

      if (s != NULL && s->name != NULL)
        self->bucket_environment = g_strdup (s->name);
    }

  a = fd_format_local_time (self->bucket_from, FD_FORMAT_TIME_SHORT);
  b = fd_format_local_time (self->bucket_to, FD_FORMAT_TIME_SHORT);
  /* Translators: a filter chip, e.g. "Deployments of 12 Nov 00:00 – 13 Nov 00:00 ✕" */
  text = g_strdup_printf (_("Deployments of %s – %s%s%s ✕"), a, b,
                          self->bucket_environment ? ", " : "",
                          self->bucket_environment ? self->bucket_environment : "");
  gtk_button_set_label (self->bucket_button, text);
  gtk_widget_set_visible (GTK_WIDGET (self->bucket_button), TRUE);
  refilter (self);
}

/* }}} */

/* Version matrix {{{ */

static int
environment_rank (const char *name)
{
  static const char * const order[] = {
    "development", "dev", "test", "qa", "staging", "stage", "preprod", "production", "prod",
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_ascii_strcasecmp (order[i], name) == 0)
      return (int) i;
  return 4;  /* unknown ones sit between the test and production stages */
}

static int
compare_environments (gconstpointer a,
                      gconstpointer b)
{
  const char *ea = *(const char * const *) a;
  const char *eb = *(const char * const *) b;
  int ra = environment_rank (ea);
  int rb = environment_rank (eb);

  return ra != rb ? ra - rb : g_strcmp0 (ea, eb);
}

static const FdCurrentVersion *
find_version (const FdDashboard *d,
              const char        *service,
              const char        *environment)
{
  for (gsize i = 0; i < d->n_current_versions; i++)
    if (g_strcmp0 (d->current_versions[i].service, service) == 0 &&
        g_strcmp0 (d->current_versions[i].environment, environment) == 0)
      return &d->current_versions[i];
  return NULL;
}

static GtkWidget *
matrix_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* What one cell of the version matrix shows. */
typedef struct
{
  char       *text;         /* the version, or a header or service name */
  char       *age;          /* (nullable) "3 d 04 h ago" */
  char       *description;  /* (nullable) the accessible label */
  const char *drift;        /* (nullable) why the cell is highlighted */
  const char *css_class;    /* (nullable) the cell's highlight */
  const char *label_class;  /* (nullable) the text's style */
  gboolean    is_cell;      /* a version cell (boxed), not a header */
  int         column;
  int         row;
} MatrixCell;

static void
matrix_cell_free (gpointer data)
{
  MatrixCell *cell = data;

  g_free (cell->text);
  g_free (cell->age);
  g_free (cell->description);
  g_free (cell);
}

static void
add_matrix_cell (GPtrArray  *cells,
                 GString    *signature,
                 int         column,
                 int         row,
                 const char *text,
                 const char *label_class)
{
  MatrixCell *cell = g_new0 (MatrixCell, 1);

  cell->column = column;
  cell->row = row;
  cell->text = g_strdup (text);
  cell->label_class = label_class;
  g_ptr_array_add (cells, cell);
  g_string_append_printf (signature, "%d %d %s %s\n", column, row, text, label_class ? label_class : "");
}

/* The matrix as cells, and a signature of all it shows. */
static GPtrArray *
describe_matrix (FdDeploymentsPage *self,
                 GString           *signature)
{
  const FdDashboard *d = self->data->dashboard;
  GPtrArray *cells = g_ptr_array_new_with_free_func (matrix_cell_free);
  g_autoptr(GPtrArray) environments = g_ptr_array_new ();
  g_autoptr(GPtrArray) services = g_ptr_array_new ();
  const char *production = NULL;

  for (gsize i = 0; i < d->n_current_versions; i++)
    {
      const FdCurrentVersion *v = &d->current_versions[i];

      if (!g_ptr_array_find_with_equal_func (environments, v->environment, g_str_equal, NULL))
        g_ptr_array_add (environments, (gpointer) v->environment);
      if (!g_ptr_array_find_with_equal_func (services, v->service, g_str_equal, NULL))
        g_ptr_array_add (services, (gpointer) v->service);
    }
  g_ptr_array_sort (environments, compare_environments);

  if (services->len == 0)
    {
      add_matrix_cell (cells, signature, 0, 0, _("No successful deployment up to the end of this range."),
                       "dim-label");
      return cells;
    }

  /* Production is the last stage of the promotion order. */
  production = g_ptr_array_index (environments, environments->len - 1);

  add_matrix_cell (cells, signature, 0, 0, _("Service"), "heading");
  for (guint e = 0; e < environments->len; e++)
    add_matrix_cell (cells, signature, (int) e + 1, 0, g_ptr_array_index (environments, e), "heading");

  for (guint s = 0; s < services->len; s++)
    {
      const char *service = g_ptr_array_index (services, s);
      const FdCurrentVersion *prod = find_version (d, service, production);

      add_matrix_cell (cells, signature, 0, (int) s + 1, service, NULL);

      for (guint e = 0; e < environments->len; e++)
        {
          const char *environment = g_ptr_array_index (environments, e);
          const FdCurrentVersion *v = find_version (d, service, environment);
          MatrixCell *cell = g_new0 (MatrixCell, 1);

          cell->is_cell = TRUE;
          cell->column = (int) e + 1;
          cell->row = (int) s + 1;
          g_ptr_array_add (cells, cell);
          if (v == NULL)
            {
              cell->text = g_strdup ("—");
              cell->label_class = "dim-label";
              cell->description = g_strdup (_("Not deployed"));
              g_string_append_printf (signature, "%d %d -\n", cell->column, cell->row);
              continue;
            }

          cell->text = g_strdup (v->version ? v->version : "?");
          cell->label_class = "monospace";
          cell->age = fd_format_time_ago (v->finished_at, self->data->now);

          if (self->data->now - v->finished_at > STALE_AGE)
            {
              cell->css_class = "fd-drift-stale";
              cell->drift = _("Not deployed for more than 14 days");
            }
          else if (g_strcmp0 (environment, production) != 0 && prod != NULL &&
                   g_strcmp0 (prod->version, v->version) != 0 &&
                   v->finished_at > prod->finished_at)
            {
              cell->css_class = "fd-drift-ahead";
              cell->drift = _("Ahead of production");
            }

          /* Translators: a version matrix cell: version, age, drift note */
          cell->description = g_strdup_printf (_("%s in %s: %s, deployed %s%s%s"), service, environment,
                                               cell->text, cell->age, cell->drift ? ", " : "",
                                               cell->drift ? cell->drift : "");
          g_string_append_printf (signature, "%d %d %s\n", cell->column, cell->row, cell->description);
        }
    }
  return cells;
}

static void
update_matrix (FdDeploymentsPage *self)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GPtrArray) cells = describe_matrix (self, signature);
  GtkWidget *child;

  /* The matrix changes when a deployment finishes or an age ticks over,
   * rarely between two refreshes: its widgets are built again only then. */
  if (g_strcmp0 (signature->str, self->matrix_signature) == 0)
    return;
  g_free (self->matrix_signature);
  self->matrix_signature = g_string_free (g_steal_pointer (&signature), FALSE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->matrix_grid))) != NULL)
    gtk_grid_remove (self->matrix_grid, child);

  for (guint i = 0; i < cells->len; i++)
    {
      MatrixCell *cell = g_ptr_array_index (cells, i);
      GtkWidget *widget;

      if (!cell->is_cell)
        {
          gtk_grid_attach (self->matrix_grid, matrix_label (cell->text, cell->label_class),
                           cell->column, cell->row, 1, 1);
          continue;
        }

      widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (widget, "fd-matrix-cell");
      gtk_widget_set_hexpand (widget, TRUE);
      gtk_box_append (GTK_BOX (widget), matrix_label (cell->text, cell->label_class));
      if (cell->age != NULL)
        gtk_box_append (GTK_BOX (widget), matrix_label (cell->age, "caption"));
      if (cell->css_class != NULL)
        gtk_widget_add_css_class (widget, cell->css_class);
      if (cell->drift != NULL)
        gtk_widget_set_tooltip_text (widget, cell->drift);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cell->description, -1);
      gtk_grid_attach (self->matrix_grid, widget, cell->column, cell->row, 1, 1);
    }
}

/* }}} */

static void
update_kpis (FdDeploymentsPage *self)
{
  const FdMetrics *m = self->data->current;
  const FdMetrics *p = self->data->previous;
  const FdDashboard *d = self->data->dashboard;
  const char *period = self->data->period_label;
  g_autofree double *per_bucket = g_new0 (double, MAX (d->n_buckets, 1));
  g_autofree double *lead_s = g_new0 (double, MAX (d->n_buckets, 1));
  g_autofree char *frequency = NULL;
  g_autofree char *frequency_text = NULL;

  for (gsize i = 0; i < d->n_buckets; i++)
    {
      per_bucket[i] = d->deployments_success[i];
      lead_s[i] = d->lead_time_median_h[i] * 3600;
    }

  frequency = fd_format_number (m->deployment_frequency_per_day);
  /* Translators: deployments per day, e.g. "4.2 / day" */
  frequency_text = isfinite (m->deployment_frequency_per_day)
                   ? g_strdup_printf (_("%s / day"), frequency) : g_strdup ("—");
  fd_kpi_card_set_value (self->kpis[KPI_FREQUENCY], frequency_text);
  fd_kpi_card_set_delta (self->kpis[KPI_FREQUENCY], m->deployment_frequency_per_day,
                         p->deployment_frequency_per_day, FD_KPI_HIGHER_IS_BETTER, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_FREQUENCY], per_bucket, d->n_buckets,
                             d->from, d->bucket_us);
  fd_kpi_card_set_dora_tier (self->kpis[KPI_FREQUENCY], m->dora_deployment_frequency,
                             _("Successful deployments per day.\nElite: at least 1 a day\n"
                               "High: at least 1 a week\nMedium: at least 1 a month\n"
                               "Low: fewer"));

  fd_kpi_card_set_number (self->kpis[KPI_LEAD_TIME], FD_CHART_FORMAT_DURATION,
                          m->lead_time_median_h * 3600);
  fd_kpi_card_set_delta (self->kpis[KPI_LEAD_TIME], m->lead_time_median_h,
                         p->lead_time_median_h, FD_KPI_LOWER_IS_BETTER, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_LEAD_TIME], lead_s, d->n_buckets,
                             d->from, d->bucket_us);
  fd_kpi_card_set_dora_tier (self->kpis[KPI_LEAD_TIME], m->dora_lead_time,
                             _("Median time from commit to successful deployment.\n"
                               "Elite: under 1 day\nHigh: under 1 week\n"
                               "Medium: under 30 days\nLow: longer"));

  fd_kpi_card_set_number (self->kpis[KPI_CHANGE_FAILURE_RATE], FD_CHART_FORMAT_PERCENT,
                          m->change_failure_rate);
  fd_kpi_card_set_delta (self->kpis[KPI_CHANGE_FAILURE_RATE], m->change_failure_rate,
                         p->change_failure_rate, FD_KPI_LOWER_IS_BETTER, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_CHANGE_FAILURE_RATE], d->change_failure_rate,
                             d->n_buckets, d->from, d->bucket_us);
  fd_kpi_card_set_dora_tier (self->kpis[KPI_CHANGE_FAILURE_RATE], m->dora_change_failure_rate,
                             _("Share of deployments that failed, were rolled back or caused "
                               "an incident.\nElite: 5 % or less\nHigh: 10 % or less\n"
                               "Medium: 15 % or less\nLow: more"));

  fd_kpi_card_set_number (self->kpis[KPI_TIME_TO_RESTORE], FD_CHART_FORMAT_DURATION,
                          m->time_to_restore_median_min * 60);
  fd_kpi_card_set_delta (self->kpis[KPI_TIME_TO_RESTORE], m->time_to_restore_median_min,
                         p->time_to_restore_median_min, FD_KPI_LOWER_IS_BETTER, period);
  {
    /* The card shows seconds formatted as a duration; the series is minutes. */
    g_autofree double *ttr_s = g_new (double, MAX (d->n_buckets, 1));

    for (gsize i = 0; i < d->n_buckets; i++)
      ttr_s[i] = d->mttr_min[i] * 60.0;
    fd_kpi_card_set_sparkline (self->kpis[KPI_TIME_TO_RESTORE], ttr_s, d->n_buckets,
                               d->from, d->bucket_us);
  }
  fd_kpi_card_set_dora_tier (self->kpis[KPI_TIME_TO_RESTORE], m->dora_time_to_restore,
                             _("Median time from an alert firing to its resolution.\n"
                               "Elite: under 1 hour\nHigh: under 1 day\n"
                               "Medium: under 1 week\nLow: longer"));
}

static void
update_charts (FdDeploymentsPage *self)
{
  for (guint i = 0; i < N_CHARTS; i++)
    {
      g_autoptr(FdChartModel) model = fd_chart_catalog_build (chart_ids[i], self->data->current,
                                                              self->data->dashboard);

      if (model != NULL)
        fd_chart_set_model (self->charts[i], model);
    }
}

static void
update_state (FdDeploymentsPage *self)
{
  if (self->data == NULL)
    {
      if (self->error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not load data: %s"), self->error);

          adw_status_page_set_description (self->error_page, text);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        {
          gtk_stack_set_visible_child_name (self->stack, "empty");
        }
      return;
    }

  if (self->data->current->deployments_total == 0 && self->data->dashboard->n_current_versions == 0)
    {
      g_autofree char *range = fd_page_data_range_label (self->data->query.to -
                                                         self->data->query.from);
      g_autofree char *text = NULL;

      /* Translators: %s is e.g. "the last 7 days" */
      text = g_strdup_printf (_("No deployments in %s — pick a longer time range or another environment."),
                              range);
      adw_status_page_set_title (self->empty_page, _("No Deployments"));
      adw_status_page_set_description (self->empty_page, text);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "content");
}

/**
 * fd_deployments_page_set_data:
 * @self: a #FdDeploymentsPage
 * @data: (nullable): the query result to show
 *
 * Shows @data: the DORA cards, charts, version matrix and history.
 */
void
fd_deployments_page_set_data (FdDeploymentsPage *self,
                              FdPageData        *data)
{
  g_return_if_fail (FD_IS_DEPLOYMENTS_PAGE (self));

  if (self->data == data)
    return;

  g_clear_pointer (&self->data, fd_page_data_unref);
  if (data != NULL)
    self->data = fd_page_data_ref (data);

  if (self->data != NULL)
    {
      update_kpis (self);
      update_charts (self);
      update_matrix (self);
    }

  /* Update the rows in place: rebuilding the store would rebuild every row
   * widget of the table on each refresh. */
  /* The rows moved onto the new data in place, in the same order: the
   * table's page copies them again all the same. */
  if (!fd_record_item_list_update (self->rows, self->data, FD_RECORD_DEPLOYMENT, NULL))
    fd_paged_selection_sync (self->selection);
  update_count_label (self);
  update_state (self);
}

FdPageData *
fd_deployments_page_get_data (FdDeploymentsPage *self)
{
  g_return_val_if_fail (FD_IS_DEPLOYMENTS_PAGE (self), NULL);

  return self->data;
}

/**
 * fd_deployments_page_set_error:
 * @self: a #FdDeploymentsPage
 * @message: (nullable): why the data could not be loaded, or %NULL
 *
 * Without data yet, the page shows the error as its state; with data, the
 * data stays on screen.
 */
void
fd_deployments_page_set_error (FdDeploymentsPage *self,
                               const char        *message)
{
  g_return_if_fail (FD_IS_DEPLOYMENTS_PAGE (self));

  g_free (self->error);
  self->error = g_strdup (message);
  update_state (self);
}

/* For tests {{{ */

FdKpiCard *
fd_deployments_page_get_kpi (FdDeploymentsPage *self,
                             const char        *id)
{
  g_return_val_if_fail (FD_IS_DEPLOYMENTS_PAGE (self), NULL);

  for (guint i = 0; i < N_KPIS; i++)
    if (g_strcmp0 (kpi_ids[i], id) == 0)
      return self->kpis[i];
  return NULL;
}

FdChart *
fd_deployments_page_get_chart (FdDeploymentsPage *self,
                               const char        *name)
{
  g_return_val_if_fail (FD_IS_DEPLOYMENTS_PAGE (self), NULL);

  for (guint i = 0; i < N_CHARTS; i++)
    if (g_strcmp0 (chart_ids[i], name) == 0)
      return self->charts[i];
  return NULL;
}

GListModel *
fd_deployments_page_get_history_model (FdDeploymentsPage *self)
{
  g_return_val_if_fail (FD_IS_DEPLOYMENTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

GtkGrid *
fd_deployments_page_get_matrix (FdDeploymentsPage *self)
{
  g_return_val_if_fail (FD_IS_DEPLOYMENTS_PAGE (self), NULL);

  return self->matrix_grid;
}

void
fd_deployments_page_set_search (FdDeploymentsPage *self,
                                const char        *text)
{
  g_return_if_fail (FD_IS_DEPLOYMENTS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  search_changed_cb (self);
}

const char *
fd_deployments_page_get_state (FdDeploymentsPage *self)
{
  g_return_val_if_fail (FD_IS_DEPLOYMENTS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* }}} */

static FdCsv *
build_table (FdDeploymentsPage *self)
{
  const char * const columns[] = {
    "id", "service", "environment", "version", "previous_version", "strategy", "status",
    "started_at", "duration_s", "lead_time_s", "caused_incident", NULL
  };
  FdCsv *csv = fd_csv_new (columns);
  GListModel *model = G_LIST_MODEL (self->sort_model);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FdRecordItem) item = g_list_model_get_item (model, i);
      const FdDeployment *d = fd_record_item_get_deployment (item);

      fd_csv_add_row (csv);
      fd_csv_add_text (csv, fd_record_item_str (item, d->id));
      fd_csv_add_text (csv, fd_record_item_str (item, d->service));
      fd_csv_add_text (csv, fd_record_item_str (item, d->environment));
      fd_csv_add_text (csv, fd_record_item_str (item, d->version));
      fd_csv_add_text (csv, fd_record_item_str (item, d->previous_version));
      fd_csv_add_text (csv, fd_record_item_str (item, d->strategy));
      fd_csv_add_deploy_status (csv, d->status);
      fd_csv_add_time (csv, d->started_at);
      fd_csv_add_number (csv, column_number (d, COL_DURATION), 3);
      fd_csv_add_number (csv, column_number (d, COL_LEAD_TIME), 3);
      fd_csv_add_boolean (csv, d->caused_incident);
    }

  return csv;
}

/**
 * fd_deployments_page_build_csv:
 * @self: a #FdDeploymentsPage
 *
 * Returns: (transfer full): the history's visible rows, in its order, as CSV
 */
char *
fd_deployments_page_build_csv (FdDeploymentsPage *self)
{
  g_autoptr(FdCsv) csv = NULL;

  g_return_val_if_fail (FD_IS_DEPLOYMENTS_PAGE (self), NULL);

  csv = build_table (self);
  return fd_csv_to_string (csv);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FdDeploymentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = fd_export_finish (result, &error);
  g_autofree char *message = fd_export_result_message (file, error);

  /* The page tells the user; the export itself knows no window. */
  if (message != NULL)
    fd_export_toast (GTK_WIDGET (self), message);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (widget);
  g_autoptr(FdCsv) table = build_table (self);

  fd_export_csv_async (GTK_WINDOW (gtk_widget_get_root (widget)), "deployments.csv", table,
                       NULL, exported_cb, g_object_ref (self));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (widget);

  if (self->data != NULL)
    fd_export_pdf_async (GTK_WINDOW (gtk_widget_get_root (widget)), "deployments.pdf", self->data,
                         NULL, exported_cb, g_object_ref (self));
}

static void
page_set_data (FdPage     *page,
               FdPageData *data)
{
  fd_deployments_page_set_data (FD_DEPLOYMENTS_PAGE (page), data);
}

static void
page_set_error (FdPage     *page,
                const char *message)
{
  fd_deployments_page_set_error (FD_DEPLOYMENTS_PAGE (page), message);
}

static void
page_iface_init (FdPageInterface *iface)
{
  iface->set_data = page_set_data;
  iface->set_error = page_set_error;
}

static void
fd_deployments_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_deployments_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (self->session != NULL)
        g_signal_handlers_disconnect_by_data (self->session, self);
      if (!g_set_object (&self->session, g_value_get_object (value)))
        break;
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SETTINGS:
      if (g_set_object (&self->settings, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_deployments_page_dispose (GObject *object)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  /* AdwBin unparents its own child; gtk_widget_dispose_template() would
   * unparent it first and leave AdwBin with a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_DEPLOYMENTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  self->filter_model = NULL;
  self->sort_model = NULL;
  g_clear_pointer (&self->data, fd_page_data_unref);

  G_OBJECT_CLASS (fd_deployments_page_parent_class)->dispose (object);
}

static void
fd_deployments_page_finalize (GObject *object)
{
  FdDeploymentsPage *self = FD_DEPLOYMENTS_PAGE (object);

  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->bucket_environment, g_free);
  g_clear_pointer (&self->matrix_signature, g_free);

  G_OBJECT_CLASS (fd_deployments_page_parent_class)->finalize (object);
}

static void
fd_deployments_page_class_init (FdDeploymentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_deployments_page_dispose;
  object_class->finalize = fd_deployments_page_finalize;
  object_class->get_property = fd_deployments_page_get_property;
  object_class->set_property = fd_deployments_page_set_property;

  fd_page_class_install_properties (object_class, PROP_SESSION, PROP_SETTINGS);

  g_type_ensure (FD_TYPE_TABLE_PAGER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-deployments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, kpi_box);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, matrix_grid);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, bucket_button);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, history_view);
  gtk_widget_class_bind_template_child (widget_class, FdDeploymentsPage, history_pager);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_changed_cb);

  gtk_widget_class_install_action (widget_class, "deployments.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "deployments.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "deployments.clear-bucket", NULL,
                                   clear_bucket_action);

  g_type_ensure (FD_TYPE_KPI_CARD);
  g_type_ensure (FD_TYPE_CHART);
}

static void
fd_deployments_page_init (FdDeploymentsPage *self)
{
  static const char * const kpi_titles[N_KPIS] = {
    N_("Deployment frequency"), N_("Lead time for changes"), N_("Change failure rate"),
    N_("Time to restore"),
  };
  g_autoptr(GtkStringList) statuses = NULL;
  GtkSorter *sorter;

  self->status = -1;
  self->bucket_from = FD_TIME_NONE;
  self->bucket_to = FD_TIME_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_KPIS; i++)
    {
      self->kpis[i] = FD_KPI_CARD (fd_kpi_card_new (_(kpi_titles[i])));
      gtk_flow_box_append (self->kpi_box, GTK_WIDGET (self->kpis[i]));
    }

  for (guint i = 0; i < N_CHARTS; i++)
    {
      GtkWidget *chart = fd_chart_new (NULL);

      gtk_widget_set_size_request (chart, 280, 220);
      gtk_widget_set_hexpand (chart, TRUE);
      g_signal_connect_object (chart, "item-activated",
                               G_CALLBACK (chart_item_activated_cb), self, 0);
      self->charts[i] = FD_CHART (chart);
      gtk_flow_box_append (self->chart_box,
                           fd_chart_with_heading (chart, fd_chart_catalog_get_title (chart_ids[i])));
    }

  statuses = gtk_string_list_new (NULL);
  gtk_string_list_append (statuses, _("All statuses"));
  for (guint i = 0; i < FD_DEPLOY_N_STATUS; i++)
    gtk_string_list_append (statuses, status_label (i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  add_column (self, COL_SERVICE, _("Service"), TRUE);
  add_column (self, COL_ENVIRONMENT, _("Environment"), FALSE);
  add_column (self, COL_VERSION, _("Version"), FALSE);
  add_column (self, COL_PREVIOUS_VERSION, _("Previous"), FALSE);
  add_column (self, COL_STRATEGY, _("Strategy"), FALSE);
  add_column (self, COL_STATUS, _("Status"), FALSE);
  add_column (self, COL_DURATION, _("Duration"), FALSE);
  add_column (self, COL_LEAD_TIME, _("Lead time"), FALSE);
  add_column (self, COL_INCIDENT, _("Incident"), FALSE);
  add_column (self, COL_STARTED, _("Started"), FALSE);

  self->filter = gtk_custom_filter_new (filter_deployment, self, NULL);
  self->rows = g_list_store_new (FD_TYPE_RECORD_ITEM);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  sorter = gtk_column_view_get_sorter (self->history_view);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (sorter));
  /* One page of rows at a time, in row objects the view keeps: see
   * FdPagedSelection. */
  self->selection = fd_paged_selection_new (G_LIST_MODEL (self->sort_model), FD_TYPE_RECORD_ITEM,
                                            FD_TABLE_PAGE_SIZE, fd_record_item_copy,
                                            fd_record_item_show, fd_record_item_same_record);
  fd_table_pager_set_model (self->history_pager, self->selection);
  /* A new order starts again on the first page. */
  g_signal_connect_object (sorter, "changed", G_CALLBACK (first_page), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->history_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->history_view, self->columns[COL_STARTED],
                                  GTK_SORT_DESCENDING);
}

/**
 * fd_deployments_page_new:
 *
 * Creates the Deployments page. Until it has data it shows an empty state.
 *
 * Returns: (transfer floating): a new #FdDeploymentsPage
 */
GtkWidget *
fd_deployments_page_new (void)
{
  return g_object_new (FD_TYPE_DEPLOYMENTS_PAGE, NULL);
}
