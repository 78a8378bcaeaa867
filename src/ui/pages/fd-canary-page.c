/* fd-canary-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-canary-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fd-canary-page.h"
#include "fd-page.h"

#include "fd-canary-card.h"
#include "fd-chart.h"
#include "fd-chart-format.h"
#include "fd-export.h"
#include "fd-format.h"
#include "fd-list-row.h"

struct _FdCanaryPage
{
  AdwBin          parent_instance;

  /* FdPage */
  FdSession          *session;
  GSettings          *settings;

  /* Template widgets */
  GtkStack       *stack;
  AdwStatusPage  *status_page;
  AdwStatusPage  *error_page;
  GtkWidget      *no_running_page;
  GtkFlowBox     *cards;
  GtkWidget      *analysis_box;
  GtkLabel       *analysis_title;
  GtkLabel       *verdict_label;
  GtkLabel       *score_label;
  GtkLabel       *thresholds_label;
  GtkGrid        *metrics_grid;
  GtkFlowBox     *charts;
  GtkListBox     *history_list;

  /* Owned */
  FdChart        *error_chart;
  FdChart        *latency_chart;
  GPtrArray      *card_widgets;       /* FdCanaryCard, borrowed from the flow box */
  FdPageData     *data;
  char           *error;
  char           *selected_id;
  char           *history_signature;  /* what the history list shows now */
  GPtrArray      *history_rows;       /* owned rows, the first n_history_shown listed */
  guint           n_history_shown;
  GtkWidget      *history_empty_row;  /* owned */
  gboolean        updating_history;
};

static void page_iface_init (FdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdCanaryPage, fd_canary_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_PAGE, page_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SETTINGS,
  N_PROPS
};

static gboolean
is_active (const FdCanary *canary)
{
  return canary->status == FD_CANARY_PROGRESSING || canary->status == FD_CANARY_PAUSED;
}

/* The index of the selected canary in the page data, or -1. */
static gssize
selected_index (FdCanaryPage *self)
{
  if (self->data == NULL || self->selected_id == NULL)
    return -1;

  for (gsize i = 0; i < self->data->current->n_canaries; i++)
    if (g_strcmp0 (self->data->current->canaries[i].id, self->selected_id) == 0)
      return (gssize) i;

  return -1;
}

static const FdCanaryVerdict *
verdict_at (FdCanaryPage *self,
            gsize         index)
{
  if (self->data->verdicts == NULL || index >= self->data->verdicts->len)
    return NULL;

  return g_ptr_array_index (self->data->verdicts, index);
}

/* Actions {{{ */

static void
update_action_state (FdCanaryPage *self)
{
  gssize i = selected_index (self);
  gboolean can_act = i >= 0 && self->session != NULL;
  const FdCanary *canary = i >= 0 ? self->data->current->canaries[i].canary : NULL;
  gboolean active = can_act && is_active (canary);
  FdSession *session = can_act ? self->session : NULL;
  const char *id = i >= 0 ? self->data->current->canaries[i].id : NULL;

  /* Offer only what the canary's source can do. */
#define CAN(kind) (session != NULL && fd_session_can_apply (session, kind, id))
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canary.promote",
                                 active && CAN (FD_ACTION_PROMOTE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canary.rollback",
                                 active && CAN (FD_ACTION_ROLL_BACK));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canary.pause",
                                 active && canary->status == FD_CANARY_PROGRESSING &&
                                 CAN (FD_ACTION_PAUSE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canary.resume",
                                 active && canary->status == FD_CANARY_PAUSED &&
                                 CAN (FD_ACTION_RESUME));
#undef CAN
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canary.export-pdf", self->data != NULL);
}

/* The window applies it (win.apply), says how it went and refreshes. */
static void
apply_action (FdCanaryPage *self,
              FdActionKind  kind)
{
  g_autoptr(FdAction) action = NULL;
  g_autoptr(GVariant) parameter = NULL;
  gssize i = selected_index (self);

  if (self->session == NULL || i < 0)
    return;

  action = fd_action_new (kind, self->selected_id,
                          fd_clock_get_now (fd_session_get_clock (self->session)), FD_TIME_NONE);
  /* GTK does not sink a floating parameter of a class action. */
  parameter = g_variant_ref_sink (fd_action_to_variant (action));
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.apply", parameter);
}

static void
promote_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  apply_action (FD_CANARY_PAGE (widget), FD_ACTION_PROMOTE);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  apply_action (FD_CANARY_PAGE (widget), FD_ACTION_PAUSE);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  apply_action (FD_CANARY_PAGE (widget), FD_ACTION_RESUME);
}

static void
rollback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  apply_action (FD_CANARY_PAGE (widget), FD_ACTION_ROLL_BACK);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FdCanaryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = fd_export_finish (result, &error);
  g_autofree char *message = fd_export_result_message (file, error);

  /* The page tells the user; the export itself knows no window. */
  if (message != NULL)
    fd_export_toast (GTK_WIDGET (self), message);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FdCanaryPage *self = FD_CANARY_PAGE (widget);

  if (self->data != NULL)
    fd_export_pdf_async (GTK_WINDOW (gtk_widget_get_root (widget)), "canaries.pdf", self->data,
                         NULL, exported_cb, g_object_ref (self));
}

/* }}} */

/* Analysis {{{ */

static const char *
metric_title (const char *name)
{
  if (g_strcmp0 (name, "error_rate") == 0)
    return _("Error rate");
  if (g_strcmp0 (name, "latency_p95_ms") == 0)
    return _("Latency p95");
  if (g_strcmp0 (name, "latency_p99_ms") == 0)
    return _("Latency p99");
  if (g_strcmp0 (name, "latency_p50_ms") == 0)
    return _("Latency p50");
  return name;
}

static char *
format_metric_value (const char *name,
                     double      value)
{
  if (g_strcmp0 (name, "error_rate") == 0)
    return fd_chart_format_value (FD_CHART_FORMAT_PERCENT, value);
  if (g_str_has_prefix (name, "latency"))
    return fd_chart_format_value (FD_CHART_FORMAT_MILLISECONDS, value);
  return fd_format_number (value);
}

static const char *
classification_label (FdCanaryClassification classification)
{
  switch (classification)
    {
    case FD_CANARY_CLASS_PASS: return _("Pass");
    case FD_CANARY_CLASS_HIGH: return _("High");
    case FD_CANARY_CLASS_LOW: return _("Low");
    case FD_CANARY_CLASS_NO_DATA:
    default: return _("No data");
    }
}

/* Sets the text of a cell of the analysis grid; the labels stay from one
 * refresh to the next. */
static void
grid_add (FdCanaryPage *self,
          int           column,
          int           row,
          const char   *text,
          const char   *css_class)
{
  GtkWidget *label = gtk_grid_get_child_at (self->metrics_grid, column, row);
  const char *old_class;

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
      gtk_label_set_selectable (GTK_LABEL (label), row > 0);
      gtk_grid_attach (self->metrics_grid, label, column, row, 1, 1);
    }
  gtk_label_set_label (GTK_LABEL (label), text);
  old_class = g_object_get_data (G_OBJECT (label), "fd-class");
  if (g_strcmp0 (old_class, css_class) != 0)
    {
      if (old_class != NULL)
        gtk_widget_remove_css_class (label, old_class);
      if (css_class != NULL)
        gtk_widget_add_css_class (label, css_class);
      /* Static strings only. */
      g_object_set_data (G_OBJECT (label), "fd-class", (gpointer) css_class);
    }
}

/* Removes the grid's rows from @first on. */
static void
grid_truncate (FdCanaryPage *self,
               int           first)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->metrics_grid));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      int row;

      gtk_grid_query_child (self->metrics_grid, child, NULL, &row, NULL, NULL);
      if (row >= first)
        gtk_grid_remove (self->metrics_grid, child);
      child = next;
    }
}

static void
update_analysis (FdCanaryPage *self)
{
  static const char * const headers[] = {
    N_("Metric"), N_("Baseline"), N_("Canary"), N_("Ratio"), N_("Effect size"), N_("p value"),
    N_("Result"),
  };
  gssize i = selected_index (self);
  const FdCanaryVerdict *verdict;
  const FdCanaryResult *result;
  g_autofree char *title = NULL;
  g_autofree char *thresholds = NULL;
  g_autofree char *alpha = fd_format_fixed (0.05, 2);
  g_autofree char *tolerance = fd_format_percent_compact (0.10);
  g_autofree char *pass_text = NULL;
  g_autofree char *marginal_text = NULL;
  double pass = FD_CANARY_JUDGE_DEFAULT_PASS, marginal = FD_CANARY_JUDGE_DEFAULT_MARGINAL;

  gtk_widget_set_visible (self->analysis_box, i >= 0);
  if (i < 0)
    {
      grid_truncate (self, 0);
      return;
    }

  result = &self->data->current->canaries[i];
  verdict = verdict_at (self, (gsize) i);

  /* Translators: service, baseline and canary versions */
  title = g_strdup_printf (_("Analysis of %s %s → %s"),
                           fd_snapshot_str (self->data->snapshot, result->canary->service),
                           fd_snapshot_str (self->data->snapshot, result->canary->baseline_version) ?: "?",
                           fd_snapshot_str (self->data->snapshot, result->canary->canary_version) ?: "?");
  gtk_label_set_label (self->analysis_title, title);

  gtk_label_set_label (self->verdict_label,
                       fd_canary_verdict_label (verdict != NULL ? verdict->verdict
                                                                : FD_CANARY_VERDICT_NO_DATA));
  for (int k = FD_CANARY_VERDICT_PASS; k <= FD_CANARY_VERDICT_NO_DATA; k++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), fd_canary_verdict_css_class (k));
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label),
                            fd_canary_verdict_css_class (verdict != NULL ? verdict->verdict
                                                                         : FD_CANARY_VERDICT_NO_DATA));

  if (verdict != NULL && isfinite (verdict->score))
    {
      g_autofree char *score = fd_format_percent (verdict->score / 100.0);
      g_autofree char *text = NULL;
      gsize passed = 0, judged = 0;

      for (gsize m = 0; m < verdict->n_metrics; m++)
        if (verdict->metrics[m].classification != FD_CANARY_CLASS_NO_DATA)
          {
            judged++;
            passed += verdict->metrics[m].passed ? 1 : 0;
          }
      /* Translators: the score, then passed and judged metric counts */
      text = g_strdup_printf (_("Score %s: %zu of %zu metrics passed"), score, passed, judged);
      gtk_label_set_label (self->score_label, text);
    }
  else
    gtk_label_set_label (self->score_label, _("Not enough samples on both sides to judge yet"));

  if (self->settings != NULL)
    {
      pass = g_settings_get_double (self->settings, "canary-pass-threshold");
      marginal = g_settings_get_double (self->settings, "canary-marginal-threshold");
    }
  pass_text = fd_format_percent_compact (pass / 100);
  marginal_text = fd_format_percent_compact (marginal / 100);
  /* Translators: the significance level (e.g. "0.05"), the tolerance
   * (e.g. "10 %"), then the pass and marginal thresholds (e.g. "95 %"),
   * each already written in your language's way */
  thresholds = g_strdup_printf (_("Each metric compares the canary's samples with the baseline's "
                                  "(Mann-Whitney U test, α = %s, ±%s tolerance). Pass at a "
                                  "score of %s or more, marginal from %s, fail below."),
                                alpha, tolerance, pass_text, marginal_text);
  gtk_label_set_label (self->thresholds_label, thresholds);

  for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
    grid_add (self, (int) h, 0, _(headers[h]), "heading");

  for (gsize m = 0; verdict != NULL && m < verdict->n_metrics; m++)
    {
      const FdCanaryMetricResult *r = &verdict->metrics[m];
      g_autofree char *baseline = format_metric_value (r->name, r->median_baseline);
      g_autofree char *canary = format_metric_value (r->name, r->median_canary);
      g_autofree char *ratio = NULL;
      g_autofree char *effect = NULL;
      g_autofree char *p = NULL;
      g_autofree char *outcome = NULL;
      int row = (int) m + 1;

      if (isfinite (r->median_ratio))
        {
          g_autofree char *digits = fd_format_fixed (r->median_ratio, 2);

          ratio = g_strdup_printf ("× %s", digits);
        }
      else
        ratio = g_strdup (r->median_ratio > 0 ? "∞" : "—");
      /* Rank-biserial r: the share of pairs where the canary is higher,
       * rescaled to [-1, 1]; it reads well without units. */
      if (isfinite (r->rank_biserial))
        {
          g_autofree char *digits = fd_format_fixed (r->rank_biserial, 2);

          /* A plus for a positive effect, as "%+" wrote it; none on "0.00". */
          effect = g_strdup_printf ("r = %s%s", r->rank_biserial >= 0.005 ? "+" : "", digits);
        }
      else
        effect = g_strdup ("—");
      if (isfinite (r->p_value))
        {
          g_autofree char *digits = fd_format_significant (r->p_value, 3);

          p = g_strdup_printf ("%s%s", digits, r->exact ? "" : " ≈");
        }
      else
        p = g_strdup ("—");
      /* "Pass" says it all; "High" or "Low" need to say whether that
       * direction fails the metric (a lower error rate does not). */
      if (r->classification == FD_CANARY_CLASS_PASS)
        outcome = g_strdup (classification_label (r->classification));
      else
        /* Translators: a classification (High, Low, No data), then passed or failed */
        outcome = g_strdup_printf (_("%s · %s"), classification_label (r->classification),
                                   r->classification == FD_CANARY_CLASS_NO_DATA ? _("not judged")
                                   : r->passed ? _("passed") : _("failed"));

      grid_add (self, 0, row, metric_title (r->name), NULL);
      grid_add (self, 1, row, baseline, "numeric");
      grid_add (self, 2, row, canary, "numeric");
      grid_add (self, 3, row, ratio, "numeric");
      grid_add (self, 4, row, effect, "numeric");
      grid_add (self, 5, row, p, "numeric");
      grid_add (self, 6, row, outcome,
                r->classification == FD_CANARY_CLASS_NO_DATA ? "dim-label"
                : r->passed ? "fd-verdict-pass" : "fd-verdict-fail");
    }
  grid_truncate (self, verdict != NULL ? (int) verdict->n_metrics + 1 : 1);
}

/* Canary vs baseline for the selected canary, with the step changes marked
 * (the format records the steps, not when each began: they are spread
 * evenly over the canary's samples so far, as the chart catalog does). */
static FdChartModel *
build_canary_chart (FdCanaryPage *self,
                    gsize         index,
                    gboolean      latency)
{
  FdChartModel *model = fd_chart_model_new (FD_CHART_KIND_CANARY);
  const FdDashboard *d = self->data->dashboard;
  const FdCanaryResult *result = &self->data->current->canaries[index];
  const FdCanarySeries *cs = NULL;
  FdTime start = G_MAXINT64, end = G_MININT64;
  g_autofree char *summary = NULL;

  fd_chart_model_set_title (model, latency ? _("Latency p95, canary vs baseline")
                                           : _("Error rate, canary vs baseline"));
  fd_chart_model_set_x_axis (model, FD_CHART_AXIS_TIME);
  fd_chart_model_set_y_format (model, latency ? FD_CHART_FORMAT_MILLISECONDS
                                              : FD_CHART_FORMAT_PERCENT);
  /* Translators: %s is the canary's service */
  summary = g_strdup_printf (_("Canary of %s"),
                             fd_snapshot_str (self->data->snapshot, result->canary->service));
  fd_chart_model_set_summary (model, summary);

  if (d != NULL && index < d->n_canaries && g_strcmp0 (d->canaries[index].id, result->id) == 0)
    cs = &d->canaries[index];
  if (cs == NULL)
    return model;

  for (guint v = 0; v < FD_VARIANT_N; v++)
    {
      gsize n = cs->n_points[v];
      double *x = g_new (double, MAX (n, 1));
      double *y = g_new (double, MAX (n, 1));

      for (gsize k = 0; k < n; k++)
        {
          x[k] = (double) cs->at[v][k] / G_USEC_PER_SEC;
          y[k] = latency ? cs->latency_p95_ms[v][k] : cs->error_rate[v][k];
          start = MIN (start, cs->at[v][k]);
          end = MAX (end, cs->at[v][k]);
        }
      fd_chart_model_add_series_take (model, v == FD_VARIANT_CANARY ? _("canary") : _("baseline"),
                                      v == FD_VARIANT_CANARY ? FD_CHART_COLOR_SERIES_0 + 1
                                                             : FD_CHART_COLOR_SERIES_0,
                                      x, y, n);
    }

  if (end > start)
    {
      gsize n_steps;
      const double *steps = fd_snapshot_get_steps (self->data->snapshot, result->canary, &n_steps);
      gsize reached = MIN ((gsize) MAX (result->canary->current_step, 0) + 1, n_steps);

      for (gsize s = 0; s < reached; s++)
        {
          g_autofree char *label = fd_format_percent_compact (steps[s] / 100);

          fd_chart_model_add_marker (model,
                                     (start + (end - start) * (double) s / reached) / (double) G_USEC_PER_SEC,
                                     label);
        }
    }

  return model;
}

static void
set_chart (FdChart      *chart,
           FdChartModel *model)
{
  g_autofree char *description = fd_chart_model_describe (model);

  fd_chart_set_model (chart, model);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fd_chart_model_get_title (model),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
update_charts (FdCanaryPage *self)
{
  gssize i = selected_index (self);

  gtk_widget_set_visible (GTK_WIDGET (self->charts), i >= 0);
  if (i < 0)
    return;

  {
    g_autoptr(FdChartModel) errors = build_canary_chart (self, (gsize) i, FALSE);
    g_autoptr(FdChartModel) latency = build_canary_chart (self, (gsize) i, TRUE);

    set_chart (self->error_chart, errors);
    set_chart (self->latency_chart, latency);
  }
}

/* }}} */

/* Cards and history {{{ */

static void update_selection (FdCanaryPage *self);

static void
select_canary (FdCanaryPage *self,
               const char   *id)
{
  if (g_strcmp0 (self->selected_id, id) == 0)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  update_selection (self);
}

static void
card_activated_cb (FdCanaryCard *card,
                   FdCanaryPage *self)
{
  select_canary (self, fd_canary_card_get_canary_id (card));
}

static void
update_cards (FdCanaryPage *self)
{
  const FdMetrics *m = self->data->current;
  guint used = 0;

  /* Newest first. */
  for (gsize k = m->n_canaries; k-- > 0;)
    {
      const FdCanaryResult *result = &m->canaries[k];
      FdCanaryCard *card;

      if (!is_active (result->canary))
        continue;

      if (used < self->card_widgets->len)
        card = g_ptr_array_index (self->card_widgets, used);
      else
        {
          card = FD_CANARY_CARD (fd_canary_card_new ());
          g_signal_connect_object (card, "activated", G_CALLBACK (card_activated_cb), self, 0);
          gtk_flow_box_append (self->cards, GTK_WIDGET (card));
          g_ptr_array_add (self->card_widgets, card);
        }
      fd_canary_card_update (card, self->data->snapshot, result, verdict_at (self, k));
      used++;
    }

  while (self->card_widgets->len > used)
    {
      GtkWidget *card = g_ptr_array_steal_index (self->card_widgets, self->card_widgets->len - 1);

      gtk_flow_box_remove (self->cards, gtk_widget_get_parent (card));
    }

  gtk_widget_set_visible (self->no_running_page, used == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cards), used > 0);
}

static void
history_row_activated_cb (GtkListBox    *list,
                          GtkListBoxRow *row,
                          FdCanaryPage  *self)
{
  if (self->updating_history || row == NULL)
    return;

  select_canary (self, g_object_get_data (G_OBJECT (row), "fd-canary-id"));
}

typedef struct
{
  char                *id;
  char                *title;
  char                *subtitle;
  char                *verdict_text;
  FdCanaryVerdictKind  kind;
} HistoryRow;

static void
history_row_free (gpointer data)
{
  HistoryRow *row = data;

  g_free (row->id);
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row->verdict_text);
  g_free (row);
}

static void
update_history (FdCanaryPage *self)
{
  const FdMetrics *m = self->data->current;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (history_row_free);
  g_autoptr(GString) signature = g_string_new (NULL);

  for (gsize k = m->n_canaries; k-- > 0;)
    {
      const FdCanaryResult *result = &m->canaries[k];
      const FdCanaryVerdict *verdict = verdict_at (self, k);
      HistoryRow *row;
      g_autofree char *finished = NULL;

      if (is_active (result->canary))
        continue;

      row = g_new0 (HistoryRow, 1);
      row->id = g_strdup (result->id);
      row->kind = verdict != NULL ? verdict->verdict : FD_CANARY_VERDICT_NO_DATA;
      row->title = g_strdup_printf ("%s  %s → %s",
                                    fd_snapshot_str (self->data->snapshot, result->canary->service),
                                    fd_snapshot_str (self->data->snapshot, result->canary->baseline_version) ?: "?",
                                    fd_snapshot_str (self->data->snapshot, result->canary->canary_version) ?: "?");
      finished = fd_format_local_time (result->canary->finished_at != FD_TIME_NONE
                                       ? result->canary->finished_at : result->canary->started_at,
                                       FD_FORMAT_TIME_SHORT);
      /* Translators: the final status, then when the canary finished */
      row->subtitle = g_strdup_printf (_("%s · %s"), fd_canary_status_label (result->canary->status),
                                       finished);
      if (verdict != NULL && isfinite (verdict->score))
        {
          g_autofree char *score = fd_format_percent (verdict->score / 100.0);

          row->verdict_text = g_strdup_printf (_("%s · score %s"), fd_canary_verdict_label (row->kind), score);
        }
      else
        row->verdict_text = g_strdup (fd_canary_verdict_label (row->kind));
      g_string_append_printf (signature, "%s\n%s\n%s\n%s\n", row->id, row->title,
                              row->subtitle, row->verdict_text);
      g_ptr_array_add (rows, row);
    }
  g_string_append_printf (signature, "selected %s", self->selected_id ? self->selected_id : "");

  /* Rows are action rows built from templates: rebuilding them on every
   * refresh costs more than the rest of the page, and they rarely change. */
  if (g_strcmp0 (signature->str, self->history_signature) == 0)
    return;
  g_free (self->history_signature);
  self->history_signature = g_string_free (g_steal_pointer (&signature), FALSE);

  self->updating_history = TRUE;
  /* The rows stay and show other canaries: action rows are built from
   * templates, which costs more than the rest of the page. */
  if (self->history_empty_row == NULL)
    {
      self->history_empty_row = g_object_ref_sink (fd_list_row_new ());
      fd_list_row_set_title (FD_LIST_ROW (self->history_empty_row), _("No canary finished in this time range"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->history_empty_row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self->history_empty_row), FALSE);
    }
  if (rows->len == 0 && gtk_widget_get_parent (self->history_empty_row) == NULL)
    gtk_list_box_append (self->history_list, self->history_empty_row);
  else if (rows->len > 0 && gtk_widget_get_parent (self->history_empty_row) != NULL)
    gtk_list_box_remove (self->history_list, self->history_empty_row);

  while (self->history_rows->len < rows->len)
    {
      GtkWidget *row = g_object_ref_sink (fd_list_row_new ());
      GtkWidget *label = gtk_label_new (NULL);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      fd_list_row_add_suffix (FD_LIST_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "fd-verdict", label);
      g_ptr_array_add (self->history_rows, row);
    }
  for (guint i = rows->len; i < self->n_history_shown; i++)
    gtk_list_box_remove (self->history_list, g_ptr_array_index (self->history_rows, i));
  for (guint i = self->n_history_shown; i < rows->len; i++)
    gtk_list_box_append (self->history_list, g_ptr_array_index (self->history_rows, i));
  self->n_history_shown = rows->len;

  gtk_list_box_unselect_all (self->history_list);
  for (guint i = 0; i < rows->len; i++)
    {
      HistoryRow *r = g_ptr_array_index (rows, i);
      GtkWidget *row = g_ptr_array_index (self->history_rows, i);
      GtkWidget *label = g_object_get_data (G_OBJECT (row), "fd-verdict");

      fd_list_row_set_title (FD_LIST_ROW (row), r->title);
      fd_list_row_set_subtitle (FD_LIST_ROW (row), r->subtitle);
      gtk_label_set_label (GTK_LABEL (label), r->verdict_text);
      for (int k = FD_CANARY_VERDICT_PASS; k <= FD_CANARY_VERDICT_NO_DATA; k++)
        if (k != (int) r->kind)
          gtk_widget_remove_css_class (label, fd_canary_verdict_css_class (k));
      gtk_widget_add_css_class (label, fd_canary_verdict_css_class (r->kind));
      g_object_set_data_full (G_OBJECT (row), "fd-canary-id", g_strdup (r->id), g_free);
      if (g_strcmp0 (r->id, self->selected_id) == 0)
        gtk_list_box_select_row (self->history_list, GTK_LIST_BOX_ROW (row));
    }
  self->updating_history = FALSE;
}

static void
update_selection (FdCanaryPage *self)
{
  for (guint k = 0; k < self->card_widgets->len; k++)
    {
      FdCanaryCard *card = g_ptr_array_index (self->card_widgets, k);

      fd_canary_card_set_selected (card, g_strcmp0 (fd_canary_card_get_canary_id (card),
                                                    self->selected_id) == 0);
    }

  if (self->data != NULL)
    {
      update_analysis (self);
      update_charts (self);
    }
  update_action_state (self);
}

/* Keeps the selection when the canary is still there; otherwise the newest
 * running canary, or else the newest finished one. */
static void
choose_selection (FdCanaryPage *self)
{
  const FdMetrics *m = self->data->current;
  const char *fallback = NULL;

  if (selected_index (self) >= 0)
    return;

  for (gsize k = m->n_canaries; k-- > 0;)
    if (is_active (m->canaries[k].canary))
      {
        fallback = m->canaries[k].id;
        break;
      }
  if (fallback == NULL && m->n_canaries > 0)
    fallback = m->canaries[m->n_canaries - 1].id;

  g_free (self->selected_id);
  self->selected_id = g_strdup (fallback);
}

/* }}} */

static void
show_state (FdCanaryPage *self)
{
  if (self->data == NULL)
    {
      if (self->error != NULL)
        {
          adw_status_page_set_description (self->error_page, self->error);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (self->data->current->n_canaries == 0)
    {
      adw_status_page_set_title (self->status_page, _("No Canaries Running"));
      adw_status_page_set_description (self->status_page,
                                       _("No canary rollout in the chosen time range — pick a longer time range or another environment."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
page_set_data (FdPage     *page,
               FdPageData *data)
{
  fd_canary_page_set_data (FD_CANARY_PAGE (page), data);
}

static void
page_set_error (FdPage     *page,
                const char *message)
{
  fd_canary_page_set_error (FD_CANARY_PAGE (page), message);
}

static void
page_iface_init (FdPageInterface *iface)
{
  iface->set_data = page_set_data;
  iface->set_error = page_set_error;
}

static void
fd_canary_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FdCanaryPage *self = FD_CANARY_PAGE (object);

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
fd_canary_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FdCanaryPage *self = FD_CANARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (self->session != NULL)
        g_signal_handlers_disconnect_by_data (self->session, self);
      if (!g_set_object (&self->session, g_value_get_object (value)))
        break;
      update_action_state (self);
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
fd_canary_page_dispose (GObject *object)
{
  FdCanaryPage *self = FD_CANARY_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  /* AdwBin unparents its own child; gtk_widget_dispose_template() would
   * unparent it first and leave AdwBin with a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_CANARY_PAGE);
  g_clear_pointer (&self->card_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->data, fd_page_data_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_object (&self->history_empty_row);

  G_OBJECT_CLASS (fd_canary_page_parent_class)->dispose (object);
}

static void
fd_canary_page_finalize (GObject *object)
{
  FdCanaryPage *self = FD_CANARY_PAGE (object);

  g_free (self->error);
  g_free (self->selected_id);
  g_free (self->history_signature);

  G_OBJECT_CLASS (fd_canary_page_parent_class)->finalize (object);
}

static void
fd_canary_page_class_init (FdCanaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_canary_page_dispose;
  object_class->finalize = fd_canary_page_finalize;
  object_class->get_property = fd_canary_page_get_property;
  object_class->set_property = fd_canary_page_set_property;

  fd_page_class_install_properties (object_class, PROP_SESSION, PROP_SETTINGS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-canary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, no_running_page);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, cards);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, analysis_box);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, analysis_title);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, thresholds_label);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, metrics_grid);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, charts);
  gtk_widget_class_bind_template_child (widget_class, FdCanaryPage, history_list);

  gtk_widget_class_install_action (widget_class, "canary.promote", NULL, promote_action);
  gtk_widget_class_install_action (widget_class, "canary.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "canary.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "canary.rollback", NULL, rollback_action);
  gtk_widget_class_install_action (widget_class, "canary.export-pdf", NULL, export_pdf_action);
}

static void
fd_canary_page_init (FdCanaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->card_widgets = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->error_chart = FD_CHART (fd_chart_new (NULL));
  self->latency_chart = FD_CHART (fd_chart_new (NULL));
  gtk_widget_set_size_request (GTK_WIDGET (self->error_chart), -1, 220);
  gtk_widget_set_size_request (GTK_WIDGET (self->latency_chart), -1, 220);
  gtk_flow_box_append (self->charts, fd_chart_with_heading (GTK_WIDGET (self->error_chart),
                                                           _("Error rate, canary vs baseline")));
  gtk_flow_box_append (self->charts, fd_chart_with_heading (GTK_WIDGET (self->latency_chart),
                                                           _("Latency p95, canary vs baseline")));

  g_signal_connect (self->history_list, "row-activated", G_CALLBACK (history_row_activated_cb), self);
  g_signal_connect (self->history_list, "row-selected", G_CALLBACK (history_row_activated_cb), self);

  update_action_state (self);
  show_state (self);
}

/**
 * fd_canary_page_new:
 *
 * Creates the Canary page. Until it has data it shows an empty state.
 *
 * Returns: (transfer floating): a new #FdCanaryPage
 */
GtkWidget *
fd_canary_page_new (void)
{
  return g_object_new (FD_TYPE_CANARY_PAGE, NULL);
}

/**
 * fd_canary_page_set_data:
 * @self: a #FdCanaryPage
 * @data: (nullable): the query result to show
 *
 * Shows a card per running canary, the automated analysis and the canary vs
 * baseline charts of the selected one, and the finished canaries with their
 * final verdict. The verdicts were computed with the preferences'
 * thresholds on the worker thread (#FdPageData.verdicts).
 */
void
fd_canary_page_set_data (FdCanaryPage *self,
                         FdPageData   *data)
{
  g_return_if_fail (FD_IS_CANARY_PAGE (self));

  if (data != NULL)
    fd_page_data_ref (data);
  g_clear_pointer (&self->data, fd_page_data_unref);
  self->data = data;

  if (data != NULL)
    {
      choose_selection (self);
      update_cards (self);
      update_history (self);
    }
  update_selection (self);
  show_state (self);
}

/**
 * fd_canary_page_set_error:
 * @self: a #FdCanaryPage
 * @message: (nullable): why the provider failed, or %NULL
 *
 * With data on screen the last good data stays; without, the page shows
 * the error.
 */
void
fd_canary_page_set_error (FdCanaryPage *self,
                          const char   *message)
{
  g_return_if_fail (FD_IS_CANARY_PAGE (self));

  g_free (self->error);
  self->error = message != NULL ? g_strdup_printf (_("Could not load data: %s"), message) : NULL;
  show_state (self);
}

/**
 * fd_canary_page_select:
 * @self: a #FdCanaryPage
 * @canary_id: a canary's id
 *
 * Shows the analysis of @canary_id; the canary.* actions act on it.
 *
 * Returns: whether the canary is in the page data
 */
gboolean
fd_canary_page_select (FdCanaryPage *self,
                       const char   *canary_id)
{
  g_return_val_if_fail (FD_IS_CANARY_PAGE (self), FALSE);

  select_canary (self, canary_id);
  return selected_index (self) >= 0;
}

/**
 * fd_canary_page_get_selected:
 * @self: a #FdCanaryPage
 *
 * Returns: (nullable): the id of the canary the analysis shows
 */
const char *
fd_canary_page_get_selected (FdCanaryPage *self)
{
  g_return_val_if_fail (FD_IS_CANARY_PAGE (self), NULL);

  return selected_index (self) >= 0 ? self->selected_id : NULL;
}

/**
 * fd_canary_page_get_verdict_text:
 * @self: a #FdCanaryPage
 *
 * Returns: the verdict the analysis shows (Pass, Marginal, Fail, No data)
 */
const char *
fd_canary_page_get_verdict_text (FdCanaryPage *self)
{
  g_return_val_if_fail (FD_IS_CANARY_PAGE (self), NULL);

  return gtk_label_get_label (self->verdict_label);
}

/**
 * fd_canary_page_get_n_cards:
 * @self: a #FdCanaryPage
 *
 * Returns: the number of running canaries shown as cards
 */
guint
fd_canary_page_get_n_cards (FdCanaryPage *self)
{
  g_return_val_if_fail (FD_IS_CANARY_PAGE (self), 0);

  return self->card_widgets->len;
}

/**
 * fd_canary_page_get_card:
 * @self: a #FdCanaryPage
 * @index: a card index, newest canary first
 *
 * Returns: (transfer none): the card
 */
FdCanaryCard *
fd_canary_page_get_card (FdCanaryPage *self,
                         guint         index)
{
  g_return_val_if_fail (FD_IS_CANARY_PAGE (self), NULL);
  g_return_val_if_fail (index < self->card_widgets->len, NULL);

  return g_ptr_array_index (self->card_widgets, index);
}
