/* fd-pipelines-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-pipelines-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fd-pipelines-page.h"
#include "fd-page.h"

#include "fd-cell-factory.h"
#include "fd-chart.h"
#include "fd-chart-catalog.h"
#include "fd-chart-format.h"
#include "fd-csv.h"
#include "fd-export.h"
#include "fd-format.h"
#include "fd-kpi-card.h"
#include "fd-list-row.h"
#include "fd-record-item.h"
#include "fd-table-pager.h"

typedef enum
{
  COL_STATUS,
  COL_PIPELINE,
  COL_SERVICE,
  COL_ENVIRONMENT,
  COL_BRANCH,
  COL_COMMIT,
  COL_DURATION,
  COL_STARTED,
  N_COLUMNS
} Column;

typedef enum
{
  KPI_RUNS,
  KPI_SUCCESS_RATE,
  KPI_DURATION_MEAN,
  KPI_DURATION_P95,
  KPI_ACTIVE,
  N_KPIS
} Kpi;

typedef enum
{
  CHART_RUNS_BY_STATUS,
  CHART_DURATION,
  CHART_BY_SERVICE,
  CHART_BY_ENVIRONMENT,
  CHART_HEATMAP,
  N_CHARTS
} Chart;

static const char * const kpi_ids[N_KPIS] = {
  "runs", "success-rate", "duration-mean", "duration-p95", "active",
};

static const char * const chart_ids[N_CHARTS] = {
  "pipeline-runs-by-status", "pipeline-duration-trend", "pipeline-success-by-service",
  "pipeline-success-by-environment", "pipeline-failure-heatmap",
};

struct _FdPipelinesPage
{
  AdwBin              parent_instance;

  /* FdPage */
  FdSession          *session;
  GSettings          *settings;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  GtkFlowBox         *kpi_box;
  GtkFlowBox         *chart_box;
  GtkListBox         *flaky_list;
  GPtrArray          *flaky_rows;       /* owned rows, the first n_flaky_shown in the list */
  guint               n_flaky_shown;
  GtkWidget          *flaky_empty_row;  /* owned */
  GtkLabel           *runs_count_label;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkButton          *bucket_button;
  GtkColumnView      *runs_view;
  FdTablePager       *runs_pager;
  GtkBox             *stages_box;

  /* Owned */
  FdPageData         *data;
  char               *error;
  GtkFilterListModel *filter_model;
  GListStore         *rows;          /* owned: the bounded row list, updated in place */
  GtkSortListModel   *sort_model;
  FdPagedSelection   *selection;
  GtkCustomFilter    *filter;
  char               *search;
  int                 status;          /* FdRunStatus, or -1 for all */
  FdTime              bucket_from;     /* FD_TIME_NONE: no time filter */
  FdTime              bucket_to;
  char               *bucket_service;
  char               *bucket_environment;
  int                 bucket_weekday;  /* -1: none; 0 = Monday */
  int                 bucket_hour;

  /* Borrowed */
  FdKpiCard          *kpis[N_KPIS];
  FdChart            *charts[N_CHARTS];
  GtkColumnViewColumn *columns[N_COLUMNS];
};

static void page_iface_init (FdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdPipelinesPage, fd_pipelines_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_PAGE, page_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SETTINGS,
  N_PROPS
};

static const char *
status_icon (FdRunStatus status)
{
  switch (status)
    {
    case FD_RUN_SUCCESS: return "emblem-ok-symbolic";
    case FD_RUN_FAILED: return "dialog-error-symbolic";
    case FD_RUN_CANCELLED: return "process-stop-symbolic";
    case FD_RUN_RUNNING: return "media-playback-start-symbolic";
    case FD_RUN_QUEUED: return "content-loading-symbolic";
    case FD_RUN_N_STATUS:
    default: return "dialog-question-symbolic";
    }
}

static const char *
status_label (FdRunStatus status)
{
  switch (status)
    {
    case FD_RUN_SUCCESS: return _("Success");
    case FD_RUN_FAILED: return _("Failed");
    case FD_RUN_CANCELLED: return _("Cancelled");
    case FD_RUN_RUNNING: return _("Running");
    case FD_RUN_QUEUED: return _("Queued");
    case FD_RUN_N_STATUS:
    default: return _("Unknown");
    }
}

static double
run_duration (const FdPipelineRun *run)
{
  if (run->finished_at == FD_TIME_NONE || run->finished_at < run->started_at)
    return NAN;
  return (run->finished_at - run->started_at) / (double) G_USEC_PER_SEC;
}

static char *
cell_text (FdRecordItem *item,
           Column        column)
{
  const FdPipelineRun *run = fd_record_item_get_run (item);

  switch (column)
    {
    case COL_STATUS: return g_strdup (status_label (run->status));
    case COL_PIPELINE: return g_strdup (fd_record_item_str (item, run->pipeline));
    case COL_SERVICE: return g_strdup (fd_record_item_str (item, run->service));
    case COL_ENVIRONMENT: return g_strdup (fd_record_item_str (item, run->environment));
    case COL_BRANCH: return g_strdup (fd_record_item_str (item, run->branch));
    case COL_COMMIT:
      {
        const char *commit = fd_record_item_str (item, run->commit);
        return g_strndup (commit, 10);
      }
    case COL_DURATION: return fd_format_duration (run_duration (run));
    case COL_STARTED: return fd_format_local_time (run->started_at, FD_FORMAT_TIME_SHORT);
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

static int
local_weekday_hour (FdTime at,
                    int   *hour)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  *hour = g_date_time_get_hour (local);
  return g_date_time_get_day_of_week (local) - 1;
}

static gboolean
filter_run (gpointer item,
            gpointer user_data)
{
  FdPipelinesPage *self = user_data;
  FdRecordItem *record = item;
  const FdPipelineRun *run = fd_record_item_get_run (record);

  if (self->status >= 0 && run->status != self->status)
    return FALSE;

  if (self->bucket_from != FD_TIME_NONE &&
      (run->started_at < self->bucket_from || run->started_at >= self->bucket_to))
    return FALSE;

  if (self->bucket_service != NULL &&
      g_strcmp0 (fd_record_item_str (record, run->service), self->bucket_service) != 0)
    return FALSE;

  if (self->bucket_environment != NULL &&
      g_strcmp0 (fd_record_item_str (record, run->environment), self->bucket_environment) != 0)
    return FALSE;

  if (self->bucket_weekday >= 0)
    {
      int hour = 0;
      int weekday = local_weekday_hour (run->started_at, &hour);

      if (weekday != self->bucket_weekday || hour != self->bucket_hour)
        return FALSE;
    }

  if (self->search != NULL && self->search[0] != '\0')
    {
      const FdStr fields[] = {
        run->pipeline, run->service, run->environment, run->branch, run->commit, run->id,
        run->trigger,
      };
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (fields) && !found; i++)
        found = contains_casefold (fd_record_item_str (record, fields[i]), self->search);
      if (!found)
        found = contains_casefold (status_label (run->status), self->search) ||
                contains_casefold (fd_run_status_to_string (run->status), self->search);
      if (!found)
        return FALSE;
    }

  return TRUE;
}

static int
compare_runs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  FdRecordItem *ia = (FdRecordItem *) a;
  FdRecordItem *ib = (FdRecordItem *) b;
  const FdPipelineRun *ra = fd_record_item_get_run (ia);
  const FdPipelineRun *rb = fd_record_item_get_run (ib);
  Column column = GPOINTER_TO_INT (user_data);

  switch (column)
    {
    case COL_STATUS:
      return (int) ra->status - (int) rb->status;
    case COL_DURATION:
      {
        double da = run_duration (ra);
        double db = run_duration (rb);

        if (isnan (da) || isnan (db))
          return isnan (da) - isnan (db);
        return (da > db) - (da < db);
      }
    case COL_STARTED:
      return (ra->started_at > rb->started_at) - (ra->started_at < rb->started_at);
    case COL_PIPELINE:
    case COL_SERVICE:
    case COL_ENVIRONMENT:
    case COL_BRANCH:
    case COL_COMMIT:
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
  if (column == COL_STATUS)
    {
      gtk_list_item_set_child (list_item, gtk_image_new ());
    }
  else
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), column == COL_DURATION ? 1.0f : 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (column == COL_DURATION || column == COL_STARTED)
        gtk_widget_add_css_class (label, "numeric");
      if (column == COL_COMMIT)
        gtk_widget_add_css_class (label, "monospace");
      gtk_list_item_set_child (list_item, label);
    }
}

static void
bind_cell (GtkListItem *list_item,
           gpointer     row,
           int          column,
           gpointer     user_data)
{
  FdRecordItem *item = row;
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = cell_text (item, column);

  if (column == COL_STATUS)
    {
      const FdPipelineRun *run = fd_record_item_get_run (item);
      static const char * const classes[] = {
        "fd-status-success", "fd-status-failed", "fd-status-cancelled",
        "fd-status-running", "fd-status-queued",
      };

      gtk_image_set_from_icon_name (GTK_IMAGE (child), status_icon (run->status));
      for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
        gtk_widget_remove_css_class (child, classes[i]);
      if (run->status < G_N_ELEMENTS (classes))
        gtk_widget_add_css_class (child, classes[run->status]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (child), text);
    }
}

/* The status icon's words, and the full commit hash the cell shortens. */
static char *
cell_tooltip (gpointer row,
              int      column,
              gpointer user_data)
{
  FdRecordItem *item = row;

  if (column == COL_STATUS)
    return cell_text (item, column);
  if (column == COL_COMMIT)
    return g_strdup (fd_record_item_str (item, fd_record_item_get_run (item)->commit));
  return NULL;
}

static void
add_column (FdPipelinesPage *self,
            Column           column,
            const char      *title,
            gboolean         expand)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  g_autoptr(GtkSorter) sorter = NULL;

  factory = fd_cell_factory_new (setup_cell, bind_cell,
                                 column == COL_STATUS || column == COL_COMMIT ? cell_tooltip : NULL,
                                 column, self);
  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_runs, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->runs_view, view_column);
  self->columns[column] = view_column;
}

static void
update_count_label (FdPipelinesPage *self)
{
  g_autofree char *shown = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  guint visible;

  if (self->data == NULL || self->filter_model == NULL)
    return;

  visible = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  total = fd_format_count (self->data->n_matching_runs);
  if (self->data->n_recent_runs < self->data->n_matching_runs)
    {
      shown = fd_format_count (self->data->n_recent_runs);
      /* Translators: "Showing the latest 1,000 of 34,112 runs" */
      text = g_strdup_printf (_("Showing the latest %s of %s runs"), shown, total);
    }
  else
    {
      /* Translators: %s is a count */
      text = g_strdup_printf (_("%s runs in this range"), total);
    }

  if (visible != self->data->n_recent_runs)
    {
      g_autofree char *matching = fd_format_count (visible);
      g_autofree char *full = NULL;

      /* Translators: "%s runs in this range" followed by the filtered count */
      full = g_strdup_printf (_("%s · %s match the filters"), text, matching);
      g_free (text);
      text = g_steal_pointer (&full);
    }
  gtk_label_set_label (self->runs_count_label, text);
}

static void
first_page (FdPipelinesPage *self)
{
  if (self->selection != NULL)
    fd_paged_selection_set_page (self->selection, 0);
}

static void
refilter (FdPipelinesPage *self)
{
  /* The template's drop-down reports its first selection before init ends. */
  if (self->filter == NULL)
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  first_page (self);
  update_count_label (self);
}

static void
search_changed_cb (FdPipelinesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_free (self->search);
  self->search = text[0] != '\0' ? g_utf8_casefold (text, -1) : NULL;
  refilter (self);
}

static void
status_changed_cb (FdPipelinesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  self->status = (selected == 0 || selected == GTK_INVALID_LIST_POSITION) ? -1 : (int) selected - 1;
  refilter (self);
}

static void
clear_bucket (FdPipelinesPage *self)
{
  self->bucket_from = FD_TIME_NONE;
  self->bucket_to = FD_TIME_NONE;
  self->bucket_weekday = -1;
  self->bucket_hour = -1;
  g_clear_pointer (&self->bucket_service, g_free);
  g_clear_pointer (&self->bucket_environment, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->bucket_button), FALSE);
}

static void
show_bucket_button (FdPipelinesPage *self,
                    const char      *what)
{
  g_autofree char *text = NULL;

  /* Translators: a filter chip, e.g. "Runs of 12 Nov 14:00 – 15:00 ✕" */
  text = g_strdup_printf (_("Runs of %s ✕"), what);
  gtk_button_set_label (self->bucket_button, text);
  gtk_widget_set_visible (GTK_WIDGET (self->bucket_button), TRUE);
}

static void
clear_bucket_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FdPipelinesPage *self = FD_PIPELINES_PAGE (widget);

  clear_bucket (self);
  refilter (self);
}

/* }}} */

/* Stages {{{ */

static void
update_stages (FdPipelinesPage *self)
{
  FdRecordItem *item = fd_paged_selection_get_selected_item (self->selection);
  GtkWidget *child;
  const FdPipelineRun *run;
  const FdStage *stages;
  gsize n_stages = 0;
  double longest = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box))) != NULL)
    gtk_box_remove (self->stages_box, child);

  if (item == NULL)
    {
      GtkWidget *label = gtk_label_new (_("Select a run to see its stages."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->stages_box, label);
      return;
    }

  run = fd_record_item_get_run (item);
  stages = fd_snapshot_get_stages (fd_record_item_get_data (item)->snapshot, run, &n_stages);
  if (n_stages == 0)
    {
      GtkWidget *label = gtk_label_new (_("This run reported no stages."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->stages_box, label);
      return;
    }

  for (gsize i = 0; i < n_stages; i++)
    if (isfinite (stages[i].duration_s))
      longest = MAX (longest, stages[i].duration_s);

  for (gsize i = 0; i < n_stages; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (stages[i].status));
      GtkWidget *name = gtk_label_new (fd_record_item_str (item, stages[i].name));
      GtkWidget *bar = gtk_level_bar_new ();
      g_autofree char *duration = fd_format_duration (stages[i].duration_s);
      GtkWidget *value = gtk_label_new (duration);
      g_autofree char *description = NULL;

      gtk_widget_set_tooltip_text (icon, status_label (stages[i].status));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_width_chars (GTK_LABEL (name), 14);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                               longest > 0 && isfinite (stages[i].duration_s)
                               ? stages[i].duration_s / longest : 0);
      gtk_label_set_width_chars (GTK_LABEL (value), 9);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_widget_add_css_class (value, "numeric");
      /* Translators: a stage of a run, "build: success, 4 m 12 s" */
      description = g_strdup_printf (_("%s: %s, %s"), fd_record_item_str (item, stages[i].name),
                                     status_label (stages[i].status), duration);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), name);
      gtk_box_append (GTK_BOX (row), bar);
      gtk_box_append (GTK_BOX (row), value);
      gtk_box_append (self->stages_box, row);
    }
}

static void
selection_changed_cb (FdPipelinesPage *self)
{
  update_stages (self);
}

/* }}} */

/* Charts {{{ */

static FdChartModel *
build_by_service_model (FdPageData *data)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_HORIZONTAL_BARS);
  const FdDashboard *d = data->dashboard;
  g_autofree const FdGroupStats **sorted = g_new0 (const FdGroupStats *, d->n_by_service + 1);
  g_autofree const char **labels = g_new0 (const char *, d->n_by_service + 1);
  g_autofree double *y = g_new0 (double, MAX (d->n_by_service, 1));
  gsize n = 0;

  fd_chart_model_set_title (model, _("Success rate by service, worst first"));
  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_CATEGORY);
  fd_chart_model_set_y_format (model, FD_CHART_FORMAT_PERCENT);
  fd_chart_model_set_y_range (model, 0, 1);

  for (gsize i = 0; i < d->n_by_service; i++)
    if (isfinite (d->by_service[i].success_rate))
      sorted[n++] = &d->by_service[i];

  /* Worst first: the services that need attention lead. */
  for (gsize i = 1; i < n; i++)
    for (gsize j = i; j > 0 && sorted[j]->success_rate < sorted[j - 1]->success_rate; j--)
      {
        const FdGroupStats *tmp = sorted[j];
        sorted[j] = sorted[j - 1];
        sorted[j - 1] = tmp;
      }

  for (gsize i = 0; i < n; i++)
    {
      labels[i] = sorted[i]->name != NULL ? sorted[i]->name : "?";
      y[i] = sorted[i]->success_rate;
    }
  if (n == 0)
    return model;

  fd_chart_model_set_categories (model, labels, NULL);
  fd_chart_model_add_series (model, _("Success rate"), FD_CHART_COLOR_SUCCESS, NULL, y, n);
  return model;
}

static void
chart_item_activated_cb (FdChart *chart,
                         guint    series,
                         guint64  index,
                         double   x_from,
                         double   x_to,
                         gpointer user_data)
{
  FdPipelinesPage *self = FD_PIPELINES_PAGE (user_data);
  FdChartModel *model = fd_chart_get_model (chart);
  g_autofree char *what = NULL;
  Chart which = N_CHARTS;

  for (guint i = 0; i < N_CHARTS; i++)
    if (self->charts[i] == chart)
      which = i;

  clear_bucket (self);

  switch (which)
    {
    case CHART_RUNS_BY_STATUS:
    case CHART_DURATION:
      {
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;

        self->bucket_from = (FdTime) (x_from * G_USEC_PER_SEC);
        self->bucket_to = (FdTime) (x_to * G_USEC_PER_SEC);
        if (self->bucket_to <= self->bucket_from)
          self->bucket_to = self->bucket_from + self->data->dashboard->bucket_us;
        a = fd_format_local_time (self->bucket_from, FD_FORMAT_TIME_SHORT);
        b = fd_format_local_time (self->bucket_to, FD_FORMAT_TIME_CLOCK);
        what = g_strdup_printf ("%s – %s", a, b);
      }
      break;

    case CHART_BY_SERVICE:
      self->bucket_service = g_strdup (fd_chart_model_get_category (model, index));
      what = g_strdup (self->bucket_service);
      break;

    case CHART_BY_ENVIRONMENT:
      self->bucket_environment = g_strdup (fd_chart_model_get_category (model, index));
      what = g_strdup (self->bucket_environment);
      break;

    case CHART_HEATMAP:
      {
        const FdChartSeries *s = fd_chart_model_get_series (model, series);

        self->bucket_weekday = series;
        self->bucket_hour = (int) index;
        what = g_strdup_printf ("%s %02d:00", s ? s->name : "", (int) index);
      }
      break;

    case N_CHARTS:
    default:
      return;
    }

  show_bucket_button (self, what);
  refilter (self);
}

static void
update_charts (FdPipelinesPage *self)
{
  for (guint i = 0; i < N_CHARTS; i++)
    {
      g_autoptr(FdChartModel) model = NULL;

      if (i == CHART_BY_SERVICE)
        model = build_by_service_model (self->data);
      else
        model = fd_chart_catalog_build (chart_ids[i], self->data->current, self->data->dashboard);
      if (model != NULL)
        fd_chart_set_model (self->charts[i], model);
    }
}

/* }}} */

static void
update_kpis (FdPipelinesPage *self)
{
  const FdMetrics *m = self->data->current;
  const FdMetrics *p = self->data->previous;
  const FdDashboard *d = self->data->dashboard;
  const char *period = self->data->period_label;
  g_autofree double *runs = g_new0 (double, MAX (d->n_buckets, 1));
  g_autofree double *active = g_new0 (double, MAX (d->n_buckets, 1));

  for (gsize i = 0; i < d->n_buckets; i++)
    {
      runs[i] = d->runs_total[i];
      active[i] = d->runs_by_status[FD_RUN_RUNNING][i] + d->runs_by_status[FD_RUN_QUEUED][i];
    }

  fd_kpi_card_set_number (self->kpis[KPI_RUNS], FD_CHART_FORMAT_COUNT, m->runs_total);
  fd_kpi_card_set_delta (self->kpis[KPI_RUNS], m->runs_total, p->runs_total,
                         FD_KPI_NO_POLARITY, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_RUNS], runs, d->n_buckets,
                             d->from, d->bucket_us);

  fd_kpi_card_set_number (self->kpis[KPI_SUCCESS_RATE], FD_CHART_FORMAT_PERCENT, m->success_rate);
  fd_kpi_card_set_delta (self->kpis[KPI_SUCCESS_RATE], m->success_rate, p->success_rate,
                         FD_KPI_HIGHER_IS_BETTER, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_SUCCESS_RATE], d->run_success_rate,
                             d->n_buckets, d->from, d->bucket_us);

  fd_kpi_card_set_number (self->kpis[KPI_DURATION_MEAN], FD_CHART_FORMAT_DURATION,
                          m->duration_mean_s);
  fd_kpi_card_set_delta (self->kpis[KPI_DURATION_MEAN], m->duration_mean_s, p->duration_mean_s,
                         FD_KPI_LOWER_IS_BETTER, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_DURATION_MEAN], d->run_duration_mean_s,
                             d->n_buckets, d->from, d->bucket_us);

  fd_kpi_card_set_number (self->kpis[KPI_DURATION_P95], FD_CHART_FORMAT_DURATION,
                          m->duration_p95_s);
  fd_kpi_card_set_delta (self->kpis[KPI_DURATION_P95], m->duration_p95_s, p->duration_p95_s,
                         FD_KPI_LOWER_IS_BETTER, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_DURATION_P95], d->run_duration_p95_s,
                             d->n_buckets, d->from, d->bucket_us);

  fd_kpi_card_set_number (self->kpis[KPI_ACTIVE], FD_CHART_FORMAT_COUNT, m->runs_active);
  fd_kpi_card_set_delta (self->kpis[KPI_ACTIVE], m->runs_active, p->runs_active,
                         FD_KPI_NO_POLARITY, period);
  fd_kpi_card_set_sparkline (self->kpis[KPI_ACTIVE], active, d->n_buckets,
                             d->from, d->bucket_us);
}

static GtkWidget *
make_flaky_row (void)
{
  GtkWidget *row = fd_list_row_new ();
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_add_css_class (badge, "heading");
  fd_list_row_add_suffix (FD_LIST_ROW (row), badge);
  fd_list_row_add_suffix (FD_LIST_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "fd-badge", badge);
  return g_object_ref_sink (row);
}

static void
fill_flaky_row (GtkWidget             *row,
                const FdFlakyPipeline *f)
{
  GtkWidget *badge = g_object_get_data (G_OBJECT (row), "fd-badge");
  g_autofree char *commit = g_strndup (f->commit ? f->commit : "", 10);
  g_autofree char *last = fd_format_local_time (f->last_started_at, FD_FORMAT_TIME_SHORT);
  g_autofree char *rate = fd_format_percent (f->runs ? (double) f->failed / f->runs : NAN);
  g_autofree char *runs = fd_format_count (f->runs);
  g_autofree char *passed = fd_format_count (f->success);
  g_autofree char *failed = fd_format_count (f->failed);
  g_autofree char *subtitle = NULL;
  g_autofree char *flips = NULL;

  /* Translators: commit, runs, passed, failed (counts such as "1,204"),
   * failure share, last run */
  subtitle = g_strdup_printf (_("Commit %s · %s runs: %s passed, %s failed (%s) · last %s"),
                              commit, runs, passed, failed, rate, last);
  flips = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u flip", "%u flips", f->flips), f->flips);
  fd_list_row_set_title (FD_LIST_ROW (row), f->pipeline ? f->pipeline : "?");
  fd_list_row_set_subtitle (FD_LIST_ROW (row), subtitle);
  gtk_label_set_label (GTK_LABEL (badge), flips);
  gtk_widget_remove_css_class (badge, f->flips >= 3 ? "warning" : "error");
  gtk_widget_add_css_class (badge, f->flips >= 3 ? "error" : "warning");
  g_object_set_data_full (G_OBJECT (row), "commit", g_strdup (f->commit), g_free);
}

/* The rows stay and show other pipelines: building action rows on every
 * refresh cost more than the rest of the page. */
static void
update_flaky (FdPipelinesPage *self)
{
  const FdDashboard *d = self->data->dashboard;
  guint n = (guint) d->n_flaky;

  if (self->flaky_empty_row == NULL)
    {
      self->flaky_empty_row = g_object_ref_sink (fd_list_row_new ());
      fd_list_row_set_title (FD_LIST_ROW (self->flaky_empty_row), _("No flaky pipelines in this range"));
      fd_list_row_set_subtitle (FD_LIST_ROW (self->flaky_empty_row),
                                _("No commit both failed and passed the same pipeline."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->flaky_empty_row), FALSE);
    }
  if (n == 0 && gtk_widget_get_parent (self->flaky_empty_row) == NULL)
    gtk_list_box_append (self->flaky_list, self->flaky_empty_row);
  else if (n > 0 && gtk_widget_get_parent (self->flaky_empty_row) != NULL)
    gtk_list_box_remove (self->flaky_list, self->flaky_empty_row);

  while (self->flaky_rows->len < n)
    g_ptr_array_add (self->flaky_rows, make_flaky_row ());
  for (guint i = n; i < self->n_flaky_shown; i++)
    gtk_list_box_remove (self->flaky_list, g_ptr_array_index (self->flaky_rows, i));
  for (guint i = self->n_flaky_shown; i < n; i++)
    gtk_list_box_append (self->flaky_list, g_ptr_array_index (self->flaky_rows, i));
  self->n_flaky_shown = n;

  for (guint i = 0; i < n; i++)
    fill_flaky_row (g_ptr_array_index (self->flaky_rows, i), &d->flaky[i]);
}

static void
flaky_row_activated_cb (FdPipelinesPage *self,
                        GtkListBoxRow   *row)
{
  const char *commit = g_object_get_data (G_OBJECT (row), "commit");

  if (commit != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), commit);
      gtk_widget_grab_focus (GTK_WIDGET (self->runs_view));
    }
}

static void
update_state (FdPipelinesPage *self)
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

  if (self->data->current->runs_total == 0)
    {
      g_autofree char *range = fd_page_data_range_label (self->data->query.to -
                                                         self->data->query.from);
      g_autofree char *text = NULL;

      /* Translators: %s is e.g. "the last 7 days" */
      text = g_strdup_printf (_("No runs in %s — pick a longer time range or another environment."),
                              range);
      adw_status_page_set_title (self->empty_page, _("No Pipeline Runs"));
      adw_status_page_set_description (self->empty_page, text);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "content");
}

/**
 * fd_pipelines_page_set_data:
 * @self: a #FdPipelinesPage
 * @data: (nullable): the query result to show
 *
 * Shows @data: KPI cards, charts, flaky pipelines and the latest runs.
 * Everything here is bounded by the dashboard's bucket count and
 * %FD_PAGE_DATA_MAX_ROWS, so it stays cheap on the main loop.
 */
void
fd_pipelines_page_set_data (FdPipelinesPage *self,
                            FdPageData      *data)
{
  g_return_if_fail (FD_IS_PIPELINES_PAGE (self));

  if (self->data == data)
    return;

  g_clear_pointer (&self->data, fd_page_data_unref);
  if (data != NULL)
    self->data = fd_page_data_ref (data);

  if (self->data != NULL)
    {
      update_kpis (self);
      update_charts (self);
      update_flaky (self);
    }

  /* Update the rows in place: rebuilding the store would rebuild every row
   * widget of the table on each refresh. */
  /* The rows moved onto the new data in place, in the same order: the
   * table's page copies them again all the same. */
  if (!fd_record_item_list_update (self->rows, self->data, FD_RECORD_RUN, NULL))
    fd_paged_selection_sync (self->selection);
  update_count_label (self);
  update_stages (self);
  update_state (self);
}

FdPageData *
fd_pipelines_page_get_data (FdPipelinesPage *self)
{
  g_return_val_if_fail (FD_IS_PIPELINES_PAGE (self), NULL);

  return self->data;
}

/**
 * fd_pipelines_page_set_error:
 * @self: a #FdPipelinesPage
 * @message: (nullable): why the data could not be loaded, or %NULL
 *
 * Without data yet, the page shows the error as its state; with data, the
 * data stays on screen and the window's toast tells about the error.
 */
void
fd_pipelines_page_set_error (FdPipelinesPage *self,
                             const char      *message)
{
  g_return_if_fail (FD_IS_PIPELINES_PAGE (self));

  g_free (self->error);
  self->error = g_strdup (message);
  update_state (self);
}

/* For tests {{{ */

FdKpiCard *
fd_pipelines_page_get_kpi (FdPipelinesPage *self,
                           const char      *id)
{
  g_return_val_if_fail (FD_IS_PIPELINES_PAGE (self), NULL);

  for (guint i = 0; i < N_KPIS; i++)
    if (g_strcmp0 (kpi_ids[i], id) == 0)
      return self->kpis[i];
  return NULL;
}

FdChart *
fd_pipelines_page_get_chart (FdPipelinesPage *self,
                             const char      *name)
{
  g_return_val_if_fail (FD_IS_PIPELINES_PAGE (self), NULL);

  for (guint i = 0; i < N_CHARTS; i++)
    if (g_strcmp0 (chart_ids[i], name) == 0)
      return self->charts[i];
  return NULL;
}

GListModel *
fd_pipelines_page_get_runs_model (FdPipelinesPage *self)
{
  g_return_val_if_fail (FD_IS_PIPELINES_PAGE (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

void
fd_pipelines_page_set_search (FdPipelinesPage *self,
                              const char      *text)
{
  g_return_if_fail (FD_IS_PIPELINES_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* The entry reports the change after a delay; tests want it now. */
  search_changed_cb (self);
}

void
fd_pipelines_page_set_status_filter (FdPipelinesPage *self,
                                     int              status)
{
  g_return_if_fail (FD_IS_PIPELINES_PAGE (self));

  gtk_drop_down_set_selected (self->status_dropdown, status < 0 ? 0 : (guint) status + 1);
}

const char *
fd_pipelines_page_get_state (FdPipelinesPage *self)
{
  g_return_val_if_fail (FD_IS_PIPELINES_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* }}} */

static FdCsv *
build_table (FdPipelinesPage *self)
{
  const char * const columns[] = {
    "id", "status", "pipeline", "service", "environment", "branch", "commit", "trigger",
    "started_at", "finished_at", "duration_s", NULL
  };
  FdCsv *csv = fd_csv_new (columns);
  GListModel *model = G_LIST_MODEL (self->sort_model);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FdRecordItem) item = g_list_model_get_item (model, i);
      const FdPipelineRun *run = fd_record_item_get_run (item);

      fd_csv_add_row (csv);
      fd_csv_add_text (csv, fd_record_item_str (item, run->id));
      fd_csv_add_run_status (csv, run->status);
      fd_csv_add_text (csv, fd_record_item_str (item, run->pipeline));
      fd_csv_add_text (csv, fd_record_item_str (item, run->service));
      fd_csv_add_text (csv, fd_record_item_str (item, run->environment));
      fd_csv_add_text (csv, fd_record_item_str (item, run->branch));
      fd_csv_add_text (csv, fd_record_item_str (item, run->commit));
      fd_csv_add_text (csv, fd_record_item_str (item, run->trigger));
      fd_csv_add_time (csv, run->started_at);
      fd_csv_add_time (csv, run->finished_at);
      fd_csv_add_number (csv, run_duration (run), 3);
    }

  return csv;
}

/**
 * fd_pipelines_page_build_csv:
 * @self: a #FdPipelinesPage
 *
 * Returns: (transfer full): the table's visible rows, in its order, as CSV
 */
char *
fd_pipelines_page_build_csv (FdPipelinesPage *self)
{
  g_autoptr(FdCsv) csv = NULL;

  g_return_val_if_fail (FD_IS_PIPELINES_PAGE (self), NULL);

  csv = build_table (self);
  return fd_csv_to_string (csv);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FdPipelinesPage) self = user_data;
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
  FdPipelinesPage *self = FD_PIPELINES_PAGE (widget);
  g_autoptr(FdCsv) table = build_table (self);

  fd_export_csv_async (GTK_WINDOW (gtk_widget_get_root (widget)), "pipeline-runs.csv", table,
                       NULL, exported_cb, g_object_ref (self));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FdPipelinesPage *self = FD_PIPELINES_PAGE (widget);

  if (self->data != NULL)
    fd_export_pdf_async (GTK_WINDOW (gtk_widget_get_root (widget)), "pipelines.pdf", self->data,
                         NULL, exported_cb, g_object_ref (self));
}

static void
page_set_data (FdPage     *page,
               FdPageData *data)
{
  fd_pipelines_page_set_data (FD_PIPELINES_PAGE (page), data);
}

static void
page_set_error (FdPage     *page,
                const char *message)
{
  fd_pipelines_page_set_error (FD_PIPELINES_PAGE (page), message);
}

static void
page_iface_init (FdPageInterface *iface)
{
  iface->set_data = page_set_data;
  iface->set_error = page_set_error;
}

static void
fd_pipelines_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FdPipelinesPage *self = FD_PIPELINES_PAGE (object);

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
fd_pipelines_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FdPipelinesPage *self = FD_PIPELINES_PAGE (object);

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
fd_pipelines_page_dispose (GObject *object)
{
  FdPipelinesPage *self = FD_PIPELINES_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  /* AdwBin unparents its own child; gtk_widget_dispose_template() would
   * unparent it first and leave AdwBin with a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_PIPELINES_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  self->filter_model = NULL;
  self->sort_model = NULL;
  g_clear_pointer (&self->data, fd_page_data_unref);
  g_clear_pointer (&self->flaky_rows, g_ptr_array_unref);
  g_clear_object (&self->flaky_empty_row);

  G_OBJECT_CLASS (fd_pipelines_page_parent_class)->dispose (object);
}

static void
fd_pipelines_page_finalize (GObject *object)
{
  FdPipelinesPage *self = FD_PIPELINES_PAGE (object);

  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->bucket_service, g_free);
  g_clear_pointer (&self->bucket_environment, g_free);

  G_OBJECT_CLASS (fd_pipelines_page_parent_class)->finalize (object);
}

static void
fd_pipelines_page_class_init (FdPipelinesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_pipelines_page_dispose;
  object_class->finalize = fd_pipelines_page_finalize;
  object_class->get_property = fd_pipelines_page_get_property;
  object_class->set_property = fd_pipelines_page_set_property;

  fd_page_class_install_properties (object_class, PROP_SESSION, PROP_SETTINGS);

  g_type_ensure (FD_TYPE_TABLE_PAGER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-pipelines-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, kpi_box);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, flaky_list);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, runs_count_label);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, bucket_button);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, runs_view);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, runs_pager);
  gtk_widget_class_bind_template_child (widget_class, FdPipelinesPage, stages_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, flaky_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "pipelines.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "pipelines.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "pipelines.clear-bucket", NULL,
                                   clear_bucket_action);

  g_type_ensure (FD_TYPE_KPI_CARD);
  g_type_ensure (FD_TYPE_CHART);
}

static void
fd_pipelines_page_init (FdPipelinesPage *self)
{
  static const char * const kpi_titles[N_KPIS] = {
    N_("Runs"), N_("Success rate"), N_("Mean duration"), N_("p95 duration"), N_("Active runs"),
  };
  g_autoptr(GtkStringList) statuses = NULL;
  GtkSorter *sorter;

  self->status = -1;
  self->bucket_from = FD_TIME_NONE;
  self->bucket_to = FD_TIME_NONE;
  self->bucket_weekday = -1;
  self->bucket_hour = -1;

  self->flaky_rows = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_KPIS; i++)
    {
      self->kpis[i] = FD_KPI_CARD (fd_kpi_card_new (_(kpi_titles[i])));
      gtk_flow_box_append (self->kpi_box, GTK_WIDGET (self->kpis[i]));
    }
  fd_kpi_card_set_caption (self->kpis[KPI_ACTIVE], _("Running and queued"));

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
  for (guint i = 0; i < FD_RUN_N_STATUS; i++)
    gtk_string_list_append (statuses, status_label (i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  add_column (self, COL_STATUS, _("Status"), FALSE);
  add_column (self, COL_PIPELINE, _("Pipeline"), TRUE);
  add_column (self, COL_SERVICE, _("Service"), TRUE);
  add_column (self, COL_ENVIRONMENT, _("Environment"), FALSE);
  add_column (self, COL_BRANCH, _("Branch"), FALSE);
  add_column (self, COL_COMMIT, _("Commit"), FALSE);
  add_column (self, COL_DURATION, _("Duration"), FALSE);
  add_column (self, COL_STARTED, _("Started"), FALSE);

  self->filter = gtk_custom_filter_new (filter_run, self, NULL);
  self->rows = g_list_store_new (FD_TYPE_RECORD_ITEM);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  sorter = gtk_column_view_get_sorter (self->runs_view);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (sorter));
  /* One page of rows at a time, in row objects the view keeps: see
   * FdPagedSelection. */
  self->selection = fd_paged_selection_new (G_LIST_MODEL (self->sort_model), FD_TYPE_RECORD_ITEM,
                                            FD_TABLE_PAGE_SIZE, fd_record_item_copy,
                                            fd_record_item_show, fd_record_item_same_record);
  fd_table_pager_set_model (self->runs_pager, self->selection);
  /* A new order starts again on the first page. */
  g_signal_connect_object (sorter, "changed", G_CALLBACK (first_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->runs_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->runs_view, self->columns[COL_STARTED],
                                  GTK_SORT_DESCENDING);

  update_stages (self);
}

/**
 * fd_pipelines_page_new:
 *
 * Creates the Pipelines page. Until it has data it shows an empty state.
 *
 * Returns: (transfer floating): a new #FdPipelinesPage
 */
GtkWidget *
fd_pipelines_page_new (void)
{
  return g_object_new (FD_TYPE_PIPELINES_PAGE, NULL);
}
