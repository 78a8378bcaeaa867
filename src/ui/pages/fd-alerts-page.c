/* fd-alerts-page.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-alerts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-alerts-page.h"
#include "fd-page.h"
#include "fd-batch.h"

#include "fd-alert-item.h"
#include "fd-cell-factory.h"
#include "fd-table-pager.h"
#include "fd-chart.h"
#include "fd-chart-catalog.h"
#include "fd-chart-format.h"
#include "fd-csv.h"
#include "fd-export.h"
#include "fd-format.h"
#include "fd-kpi-card.h"
#include "fd-notifier.h"
#include "fd-silence-dialog.h"

typedef enum
{
  COLUMN_SEVERITY,
  COLUMN_NAME,
  COLUMN_STATUS,
  COLUMN_SERVICE,
  COLUMN_ENVIRONMENT,
  COLUMN_AGE,
  COLUMN_STARTED,
  N_COLUMNS
} Column;

/* Rows of the status drop-down (see the .ui file). */
typedef enum
{
  STATUS_FILTER_ALL,
  STATUS_FILTER_OPEN,
  STATUS_FILTER_FIRING,
  STATUS_FILTER_ACKNOWLEDGED,
  STATUS_FILTER_SILENCED,
  STATUS_FILTER_RESOLVED,
} StatusFilter;

static const char * const chart_names[] = {
  "alert-volume-by-severity",
  "alert-severity-mix",
  "alert-mttr-trend",
  "alert-noisy-names",
};

static const char * const chart_titles[] = {
  N_("Alerts over time by severity"),
  N_("Severity mix"),
  N_("Mean time to resolve"),
  N_("Noisiest alerts"),
};

struct _FdAlertsPage
{
  AdwBin              parent_instance;

  /* FdPage */
  FdSession          *session;
  GSettings          *settings;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *status_page;
  AdwStatusPage      *error_page;
  GtkRevealer        *store_revealer;
  GtkWidget          *silences_box;
  GtkListBox         *silences_list;
  GtkLabel           *store_label;
  GtkButton          *store_dismiss;
  GtkFlowBox         *cards;
  GtkFlowBox         *charts;
  GtkFlowBox         *toolbar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *severity_dropdown;
  GtkDropDown        *status_dropdown;
  GtkLabel           *showing_label;
  GtkColumnView      *alert_view;
  FdTablePager       *alert_pager;
  GMenuModel         *alert_menu;

  /* Owned */
  FdKpiCard          *open_card;
  FdKpiCard          *critical_card;
  FdKpiCard          *mttr_card;
  FdKpiCard          *mtta_card;
  FdKpiCard          *total_card;
  FdChart            *chart[G_N_ELEMENTS (chart_names)];
  GtkWidget          *clear_filter_button;
  GtkWidget          *context_menu;
  GListStore         *items;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  FdPagedSelection   *selection;
  FdPageData         *data;
  FdTime              rows_now;      /* the "now" the list's rows were made for */
  char               *error;
  FdNotifier         *notifier;
  char               *notifier_sources;    /* the URIs it saw, one per line */
  char               *store_message;       /* the banner's message, once dismissed not shown again */

  /* Drill-down from a chart: alerts started in [bucket_from, bucket_to) */
  FdTime              bucket_from;
  FdTime              bucket_to;
  int                 chart_severity;      /* -1 for none */
};

static void page_iface_init (FdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdAlertsPage, fd_alerts_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FD_TYPE_PAGE, page_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SETTINGS,
  N_PROPS
};

/* Providers {{{ */

static GtkWindow *
get_window (FdAlertsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Now, by the session's clock (an old history's page data is "as of its
 * end", but the user acts and silences now). */
static FdTime
current_time (FdAlertsPage *self)
{
  if (self->session != NULL)
    return fd_clock_get_now (fd_session_get_clock (self->session));
  return self->data != NULL ? self->data->now : g_get_real_time ();
}

/* Silences in force at @now of the sources that keep them themselves (the
 * file, the simulator), by alert id: the end of each (FdTime *). */
static GHashTable *
collect_silences (FdAlertsPage *self,
                  FdTime        now)
{
  GHashTable *silences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *all = self->session != NULL ? fd_session_get_silences (self->session) : NULL;

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      const FdSilence *silence = g_ptr_array_index (all, i);

      if (silence->target_id != NULL && silence->starts_at <= now)
        g_hash_table_insert (silences, g_strdup (silence->target_id),
                             g_memdup2 (&silence->ends_at, sizeof (FdTime)));
    }

  return silences;
}

/* What a source that works wants the user to know (a status OK with a
 * message: the file's or the simulator's action store in trouble). */
static const char *
find_source_note (FdAlertsPage *self)
{
  GListModel *sources = self->session != NULL ? fd_session_get_sources (self->session) : NULL;

  for (guint i = 0; sources != NULL && i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(FdSource) source = g_list_model_get_item (sources, i);
      FdSourceStatus *status = fd_source_get_status (source);

      if (fd_source_status_get_state (status) == FD_SOURCE_STATE_OK &&
          fd_source_status_get_message (status) != NULL)
        return fd_source_status_get_message (status);
    }

  return NULL;
}

/* }}} */

/* Formatting {{{ */

static const char *
severity_label (FdSeverity severity)
{
  switch (severity)
    {
    case FD_SEVERITY_CRITICAL: return _("Critical");
    case FD_SEVERITY_HIGH: return _("High");
    case FD_SEVERITY_WARNING: return _("Warning");
    case FD_SEVERITY_INFO: return _("Info");
    case FD_SEVERITY_N:
    default: return "";
    }
}

static const char *
severity_class (FdSeverity severity)
{
  static const char * const classes[] = {
    "fd-severity-critical", "fd-severity-high", "fd-severity-warning", "fd-severity-info",
  };

  return severity < FD_SEVERITY_N ? classes[severity] : "dim-label";
}

/**
 * fd_alerts_page_format_status:
 * @item: an alert row
 * @now: the current time
 *
 * Returns: (transfer full): the row's status as shown, e.g. "Silenced until
 *   15:00" for a silenced alert
 */
char *
fd_alerts_page_format_status (FdAlertItem *item,
                              FdTime       now)
{
  if (fd_alert_item_is_silenced (item, now))
    {
      g_autofree char *until = fd_format_local_time (fd_alert_item_get_silenced_until (item),
                                                     FD_FORMAT_TIME_SHORT);

      /* Translators: %s is a date and time */
      return g_strdup_printf (_("Silenced until %s"), until);
    }

  switch (fd_alert_item_get_status (item))
    {
    case FD_ALERT_FIRING: return g_strdup (_("Firing"));
    case FD_ALERT_ACKNOWLEDGED: return g_strdup (_("Acknowledged"));
    case FD_ALERT_RESOLVED: return g_strdup (_("Resolved"));
    case FD_ALERT_N_STATUS:
    default: return g_strdup ("");
    }
}

/* Ages are shown to the minute (see fd_format_age()). */
static char *
format_age_at (FdAlertItem *item,
               FdTime       now)
{
  return fd_format_age ((double) (now - fd_alert_item_get_started_at (item)) / G_USEC_PER_SEC);
}

static char *
format_age (FdAlertsPage *self,
            FdAlertItem  *item)
{
  return format_age_at (item, self->data != NULL ? self->data->now : g_get_real_time ());
}

/* Whether @old, shown at @old_now, shows exactly what @fresh shows at @now,
 * so that its row (and its widgets) can stay. */
static gboolean
same_row (FdAlertItem *old,
          FdTime       old_now,
          FdAlertItem *fresh,
          FdTime       now)
{
  g_autofree char *old_status = NULL;
  g_autofree char *new_status = NULL;
  g_autofree char *old_age = NULL;
  g_autofree char *new_age = NULL;

  if (fd_alert_item_get_severity (old) != fd_alert_item_get_severity (fresh) ||
      fd_alert_item_get_status (old) != fd_alert_item_get_status (fresh) ||
      fd_alert_item_get_started_at (old) != fd_alert_item_get_started_at (fresh) ||
      fd_alert_item_get_silenced_until (old) != fd_alert_item_get_silenced_until (fresh) ||
      fd_alert_item_is_silenced (old, old_now) != fd_alert_item_is_silenced (fresh, now) ||
      g_strcmp0 (fd_alert_item_get_summary (old), fd_alert_item_get_summary (fresh)) != 0)
    return FALSE;

  old_status = fd_alerts_page_format_status (old, old_now);
  new_status = fd_alerts_page_format_status (fresh, now);
  old_age = format_age_at (old, old_now);
  new_age = format_age_at (fresh, now);
  return g_strcmp0 (old_status, new_status) == 0 && g_strcmp0 (old_age, new_age) == 0;
}

static char *
cell_text (FdAlertsPage *self,
           FdAlertItem  *item,
           Column        column)
{
  switch (column)
    {
    case COLUMN_SEVERITY:
      return g_strdup (severity_label (fd_alert_item_get_severity (item)));
    case COLUMN_NAME:
      return g_strdup (fd_alert_item_get_name (item));
    case COLUMN_STATUS:
      return fd_alerts_page_format_status (item, self->data != NULL ? self->data->now : 0);
    case COLUMN_SERVICE:
      return g_strdup (fd_alert_item_get_service (item));
    case COLUMN_ENVIRONMENT:
      return g_strdup (fd_alert_item_get_environment (item));
    case COLUMN_AGE:
      return format_age (self, item);
    case COLUMN_STARTED:
      return fd_format_local_time (fd_alert_item_get_started_at (item), FD_FORMAT_TIME_FULL);
    case N_COLUMNS:
    default:
      return g_strdup ("");
    }
}

/* }}} */

/* Selection and actions {{{ */

static FdAlertItem *
get_selected (FdAlertsPage *self)
{
  return self->selection != NULL ? fd_paged_selection_get_selected_item (self->selection) : NULL;
}

static void
update_action_state (FdAlertsPage *self)
{
  FdAlertItem *item = get_selected (self);
  FdSession *session = self->session;
  gboolean can_act = item != NULL && session != NULL;
  FdAlertStatus status = item != NULL ? fd_alert_item_get_status (item) : FD_ALERT_RESOLVED;
  const char *id = item != NULL ? fd_alert_item_get_id (item) : NULL;

  /* Offer only what the alert's source can do: Alertmanager cannot resolve. */
#define CAN(kind) (can_act && fd_session_can_apply (session, kind, id))
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.acknowledge",
                                 status == FD_ALERT_FIRING && CAN (FD_ACTION_ACKNOWLEDGE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.resolve",
                                 status != FD_ALERT_RESOLVED && CAN (FD_ACTION_RESOLVE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.silence",
                                 status != FD_ALERT_RESOLVED && CAN (FD_ACTION_SILENCE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.silence-dialog",
                                 status != FD_ALERT_RESOLVED && CAN (FD_ACTION_SILENCE));
#undef CAN
}

/* The window applies it (win.apply), says how it went and refreshes. */
static void
send_action (FdAlertsPage   *self,
             const FdAction *action)
{
  /* GTK does not sink a floating parameter of a class action. */
  g_autoptr(GVariant) parameter = g_variant_ref_sink (fd_action_to_variant (action));

  gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.apply", parameter);
}

static void
apply_action (FdAlertsPage *self,
              FdActionKind  kind,
              gint64        seconds)
{
  FdAlertItem *item = get_selected (self);
  g_autoptr(FdAction) action = NULL;
  FdTime now;

  if (item == NULL || self->session == NULL)
    return;

  /* When the user asked (an old history's page data is "as of its end"). */
  now = current_time (self);
  action = fd_action_new (kind, fd_alert_item_get_id (item), now,
                          kind == FD_ACTION_SILENCE ? now + seconds * G_USEC_PER_SEC
                                                    : FD_TIME_NONE);
  send_action (self, action);
}

/* The dialog's silence goes the way of every other action. */
static void
silence_confirmed_cb (FdAlertsPage   *self,
                      const FdAction *action)
{
  if (self->session != NULL)
    send_action (self, action);
}

static void
silence_dialog_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (widget);
  FdAlertItem *item = get_selected (self);
  GtkWidget *dialog;

  if (item == NULL || self->session == NULL)
    return;

  dialog = fd_silence_dialog_new (fd_alert_item_get_id (item), fd_alert_item_get_name (item));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), get_window (self));
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (silence_confirmed_cb), self,
                           G_CONNECT_SWAPPED);
  fd_silence_dialog_look_up_labels (FD_SILENCE_DIALOG (dialog), self->session);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unsilence_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (widget);
  g_autoptr(FdAction) action = NULL;

  if (self->session == NULL)
    return;

  action = fd_action_new (FD_ACTION_UNSILENCE, g_variant_get_string (parameter, NULL),
                          g_get_real_time (), FD_TIME_NONE);
  send_action (self, action);
}

/* The silences of live sources, beside the alerts they silence. */
static void
update_silences (FdAlertsPage *self)
{
  GPtrArray *silences = self->session != NULL ? fd_session_get_silences (self->session) : NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->silences_list))) != NULL)
    gtk_list_box_remove (self->silences_list, child);

  for (guint i = 0; silences != NULL && i < silences->len; i++)
    {
      FdSilence *silence = g_ptr_array_index (silences, i);
      g_autofree char *matchers = NULL;
      g_autofree char *title = NULL;
      g_autofree char *until = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *label = NULL;
      GtkWidget *row, *button;

      /* Expired silences are history, not something to act on; the
       * file's and the simulator's show on their alerts instead. */
      if (g_strcmp0 (silence->state, "expired") == 0 || silence->target_id != NULL)
        continue;

      matchers = silence->matchers ? g_strjoinv (", ", silence->matchers) : g_strdup ("");
      title = g_markup_escape_text (matchers, -1);
      until = fd_format_local_time (silence->ends_at, FD_FORMAT_TIME_FULL);
      /* Translators: "ana · until 15:00 · deploy window" */
      subtitle = g_markup_printf_escaped (_("%s · until %s · %s"),
                                          silence->created_by ? silence->created_by : "?",
                                          until,
                                          silence->comment ? silence->comment : "");
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      button = gtk_button_new_with_label (_("Unsilence"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "alerts.unsilence");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", silence->id);
      /* Translators: %s lists the silence's matchers */
      label = g_strdup_printf (_("Unsilence %s"), matchers);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->silences_list, row);
      shown++;
    }

  gtk_widget_set_visible (self->silences_box, shown > 0);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  apply_action (FD_ALERTS_PAGE (widget), FD_ACTION_ACKNOWLEDGE, 0);
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  apply_action (FD_ALERTS_PAGE (widget), FD_ACTION_RESOLVE, 0);
}

static void
silence_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gint64 seconds = parameter != NULL ? g_variant_get_int64 (parameter) : 3600;

  apply_action (FD_ALERTS_PAGE (widget), FD_ACTION_SILENCE, MAX (seconds, 60));
}

static void
popup_context_menu (FdAlertsPage *self,
                    double        x,
                    double        y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (widget);

  if (get_selected (self) != NULL)
    popup_context_menu (self, gtk_widget_get_width (GTK_WIDGET (self->alert_view)) / 2.0,
                        gtk_widget_get_height (GTK_WIDGET (self->alert_view)) / 2.0);
}

/* }}} */

/* CSV export {{{ */

/* The status column has the event format's words; a silence, which the
 * format has no status for, is a column of its own. */
static FdCsv *
build_table (FdAlertsPage *self)
{
  const char * const columns[] = {
    "id", "severity", "name", "status", "service", "environment", "started_at", "summary",
    "silenced_until", NULL
  };
  FdCsv *csv = fd_csv_new (columns);
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (model);
  FdTime now = self->data != NULL ? self->data->now : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdAlertItem) item = g_list_model_get_item (model, i);

      fd_csv_add_row (csv);
      fd_csv_add_text (csv, fd_alert_item_get_id (item));
      fd_csv_add_severity (csv, fd_alert_item_get_severity (item));
      fd_csv_add_text (csv, fd_alert_item_get_name (item));
      fd_csv_add_alert_status (csv, fd_alert_item_get_status (item));
      fd_csv_add_text (csv, fd_alert_item_get_service (item));
      fd_csv_add_text (csv, fd_alert_item_get_environment (item));
      fd_csv_add_time (csv, fd_alert_item_get_started_at (item));
      fd_csv_add_text (csv, fd_alert_item_get_summary (item));
      fd_csv_add_time (csv, fd_alert_item_is_silenced (item, now)
                              ? fd_alert_item_get_silenced_until (item) : FD_TIME_NONE);
    }

  return csv;
}

/**
 * fd_alerts_page_to_csv:
 * @self: a #FdAlertsPage
 *
 * Returns: (transfer full): the rows shown (filtered and sorted) as CSV
 */
char *
fd_alerts_page_to_csv (FdAlertsPage *self)
{
  g_autoptr(FdCsv) csv = build_table (self);

  return fd_csv_to_string (csv);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FdAlertsPage) self = user_data;
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
  FdAlertsPage *self = FD_ALERTS_PAGE (widget);
  g_autoptr(FdCsv) table = build_table (self);

  fd_export_csv_async (GTK_WINDOW (gtk_widget_get_root (widget)), "alerts.csv", table,
                       NULL, exported_cb, g_object_ref (self));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (widget);

  if (self->data != NULL)
    fd_export_pdf_async (GTK_WINDOW (gtk_widget_get_root (widget)), "alerts.pdf", self->data,
                         NULL, exported_cb, g_object_ref (self));
}

/* }}} */

/* The list {{{ */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FdAlertsPage *self = user_data;
  FdAlertItem *alert = item;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint severity = gtk_drop_down_get_selected (self->severity_dropdown);
  StatusFilter status = gtk_drop_down_get_selected (self->status_dropdown);
  FdTime now = self->data != NULL ? self->data->now : 0;
  gboolean silenced = fd_alert_item_is_silenced (alert, now);
  FdTime started = fd_alert_item_get_started_at (alert);

  if (severity != 0 && severity != GTK_INVALID_LIST_POSITION &&
      fd_alert_item_get_severity (alert) != severity - 1)
    return FALSE;
  if (self->chart_severity >= 0 && fd_alert_item_get_severity (alert) != (guint) self->chart_severity)
    return FALSE;
  if (self->bucket_to != 0 && (started < self->bucket_from || started >= self->bucket_to))
    return FALSE;

  switch (status)
    {
    case STATUS_FILTER_OPEN:
      if (fd_alert_item_get_status (alert) == FD_ALERT_RESOLVED)
        return FALSE;
      break;
    case STATUS_FILTER_FIRING:
      if (fd_alert_item_get_status (alert) != FD_ALERT_FIRING || silenced)
        return FALSE;
      break;
    case STATUS_FILTER_ACKNOWLEDGED:
      if (fd_alert_item_get_status (alert) != FD_ALERT_ACKNOWLEDGED || silenced)
        return FALSE;
      break;
    case STATUS_FILTER_SILENCED:
      if (!silenced)
        return FALSE;
      break;
    case STATUS_FILTER_RESOLVED:
      if (fd_alert_item_get_status (alert) != FD_ALERT_RESOLVED)
        return FALSE;
      break;
    case STATUS_FILTER_ALL:
    default:
      break;
    }

  if (search != NULL && search[0] != '\0')
    {
      const char *fields[] = {
        fd_alert_item_get_name (alert), fd_alert_item_get_service (alert),
        fd_alert_item_get_environment (alert), fd_alert_item_get_summary (alert),
        fd_alert_item_get_id (alert),
      };
      g_autofree char *needle = g_utf8_casefold (search, -1);

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_autofree char *hay = g_utf8_casefold (fields[i], -1);

          if (strstr (hay, needle) != NULL)
            return TRUE;
        }
      return FALSE;
    }

  return TRUE;
}

static void
update_showing_label (FdAlertsPage *self)
{
  g_autofree char *shown = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  guint n_shown;

  if (self->data == NULL)
    {
      gtk_label_set_label (self->showing_label, "");
      return;
    }

  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  shown = fd_format_count (n_shown);
  total = fd_format_count (self->data->n_matching_alerts);
  if (self->data->n_recent_alerts < self->data->n_matching_alerts)
    {
      g_autofree char *latest = fd_format_count (self->data->n_recent_alerts);

      /* Translators: shown rows, the newest rows loaded, all alerts in the range */
      text = g_strdup_printf (_("Showing %s of the latest %s of %s alerts"), shown, latest, total);
    }
  else
    /* Translators: shown rows of all alerts in the range */
    text = g_strdup_printf (_("Showing %s of %s alerts"), shown, total);
  gtk_label_set_label (self->showing_label, text);
}

static void
first_page (FdAlertsPage *self)
{
  if (self->selection != NULL)
    fd_paged_selection_set_page (self->selection, 0);
}

static void
filter_changed (FdAlertsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  first_page (self);
  /* The flow box wraps each child: hide that, or an empty slot stays. */
  if (self->clear_filter_button != NULL)
    gtk_widget_set_visible (gtk_widget_get_parent (self->clear_filter_button),
                            self->bucket_to != 0 || self->chart_severity >= 0);
  update_showing_label (self);
  update_action_state (self);
}

static void
clear_chart_filter (FdAlertsPage *self)
{
  self->bucket_from = self->bucket_to = 0;
  self->chart_severity = -1;
  filter_changed (self);
}

static void
chart_item_activated_cb (FdChart  *chart,
                         guint     series,
                         guint64   index,
                         double    x_from,
                         double    x_to,
                         gpointer  user_data)
{
  FdAlertsPage *self = user_data;
  FdChartModel *model = fd_chart_get_model (chart);

  if (model == NULL)
    return;

  if (chart == self->chart[1])
    {
      /* Severity mix: one slice per severity, in enum order. */
      self->chart_severity = index < FD_SEVERITY_N ? (int) index : -1;
    }
  else if (chart == self->chart[3])
    {
      const char *name = fd_chart_model_get_category (model, (guint) index);

      if (name != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), name);
      return;
    }
  else if (fd_chart_model_get_x_axis (model) == FD_CHART_AXIS_TIME && x_to > x_from)
    {
      self->bucket_from = (FdTime) (x_from * G_USEC_PER_SEC);
      self->bucket_to = (FdTime) (x_to * G_USEC_PER_SEC);
    }
  filter_changed (self);
}

static int
compare_times (FdTime a,
               FdTime b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  FdAlertItem *x = (FdAlertItem *) a;
  FdAlertItem *y = (FdAlertItem *) b;
  Column column = GPOINTER_TO_INT (user_data);
  int cmp = 0;

  switch (column)
    {
    case COLUMN_SEVERITY:
      cmp = (int) fd_alert_item_get_severity (x) - (int) fd_alert_item_get_severity (y);
      break;
    case COLUMN_NAME:
      cmp = g_utf8_collate (fd_alert_item_get_name (x), fd_alert_item_get_name (y));
      break;
    case COLUMN_STATUS:
      cmp = (int) fd_alert_item_get_status (x) - (int) fd_alert_item_get_status (y);
      break;
    case COLUMN_SERVICE:
      cmp = g_utf8_collate (fd_alert_item_get_service (x), fd_alert_item_get_service (y));
      break;
    case COLUMN_ENVIRONMENT:
      cmp = g_utf8_collate (fd_alert_item_get_environment (x), fd_alert_item_get_environment (y));
      break;
    case COLUMN_AGE:
      /* Youngest first when ascending. */
      cmp = compare_times (fd_alert_item_get_started_at (y), fd_alert_item_get_started_at (x));
      break;
    case COLUMN_STARTED:
      cmp = compare_times (fd_alert_item_get_started_at (x), fd_alert_item_get_started_at (y));
      break;
    case N_COLUMNS:
    default:
      break;
    }

  /* Within equal keys, the newest alert comes first. */
  if (cmp == 0)
    cmp = compare_times (fd_alert_item_get_started_at (y), fd_alert_item_get_started_at (x));

  return cmp < 0 ? GTK_ORDERING_SMALLER : cmp > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
cell_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 gpointer         user_data)
{
  FdAlertsPage *self = user_data;
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "fd-list-item");
  graphene_point_t point;
  guint position;

  if (list_item == NULL)
    return;
  position = gtk_list_item_get_position (list_item);
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  fd_paged_selection_set_selected (self->selection, position);
  if (!gtk_widget_compute_point (cell, GTK_WIDGET (self->alert_view),
                                 &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    point = GRAPHENE_POINT_INIT ((float) x, (float) y);
  popup_context_menu (self, point.x, point.y);
}

/* The summary of an alert as the tooltip of its name. */
static char *
cell_tooltip (gpointer item,
              int      column,
              gpointer user_data)
{
  return g_strdup (fd_alert_item_get_summary (item));
}

static void
setup_cell (GtkListItem *list_item,
            int          column,
            gpointer     user_data)
{
  FdAlertsPage *self = user_data;
  GtkWidget *label = gtk_label_new (NULL);
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  g_object_set_data (G_OBJECT (label), "fd-list-item", list_item);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (cell_pressed_cb), self, 0);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (gesture));
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkListItem *list_item,
           gpointer     row,
           int          column,
           gpointer     user_data)
{
  FdAlertsPage *self = user_data;
  FdAlertItem *item = row;
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = cell_text (self, item, column);

  gtk_label_set_label (GTK_LABEL (label), text);

  for (FdSeverity s = 0; s < FD_SEVERITY_N; s++)
    gtk_widget_remove_css_class (label, severity_class (s));
  gtk_widget_remove_css_class (label, "dim-label");
  if (column == COLUMN_SEVERITY)
    gtk_widget_add_css_class (label, severity_class (fd_alert_item_get_severity (item)));
  else if (column == COLUMN_STATUS &&
           (fd_alert_item_get_status (item) == FD_ALERT_RESOLVED ||
            fd_alert_item_is_silenced (item, self->data != NULL ? self->data->now : 0)))
    gtk_widget_add_css_class (label, "dim-label");
}

static GtkColumnViewColumn *
add_column (FdAlertsPage *self,
            Column        column,
            const char   *title,
            gboolean      expand)
{
  GtkListItemFactory *factory = fd_cell_factory_new (setup_cell, bind_cell,
                                                     column == COLUMN_NAME ? cell_tooltip : NULL,
                                                     column, self);
  g_autoptr(GtkColumnViewColumn) owned = NULL;
  GtkColumnViewColumn *col;
  g_autoptr(GtkCustomSorter) sorter = NULL;

  owned = gtk_column_view_column_new (title, factory);
  col = owned;
  sorter = gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (column), NULL);
  gtk_column_view_column_set_sorter (col, GTK_SORTER (sorter));
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->alert_view, col);

  return col;  /* the column view holds its reference */
}

static void
selection_changed_cb (FdAlertsPage *self)
{
  update_action_state (self);
}

static void
update_list (FdAlertsPage *self)
{
  g_autoptr(GHashTable) silences = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const FdAlert *alerts;
  FdSnapshot *snapshot;
  gsize n;

  if (self->data == NULL)
    {
      g_list_store_remove_all (self->items);
      update_showing_label (self);
      return;
    }

  snapshot = self->data->snapshot;
  update_silences (self);
  silences = collect_silences (self, current_time (self));
  alerts = fd_snapshot_get_alerts (snapshot, &n);
  rows = g_ptr_array_new_full (self->data->n_recent_alerts, g_object_unref);
  for (gsize i = 0; i < self->data->n_recent_alerts; i++)
    {
      const FdAlert *alert;
      const char *id;
      const FdTime *until;

      if (self->data->recent_alerts[i] >= n)
        continue;
      alert = &alerts[self->data->recent_alerts[i]];
      id = fd_snapshot_str (snapshot, alert->id);
      until = id != NULL ? g_hash_table_lookup (silences, id) : NULL;
      g_ptr_array_add (rows, fd_alert_item_new (id,
                                                fd_snapshot_str (snapshot, alert->name),
                                                fd_snapshot_str (snapshot, alert->service),
                                                fd_snapshot_str (snapshot, alert->environment),
                                                fd_snapshot_str (snapshot, alert->summary),
                                                alert->severity, alert->status,
                                                alert->started_at,
                                                until != NULL ? *until : FD_TIME_NONE));
    }
  /* Keep the row of every alert that shows the same as before: the list
   * view then keeps its widgets, and a refresh rebuilds only the rows that
   * changed instead of the whole table. */
  {
    g_autoptr(GHashTable) old_by_id = g_hash_table_new (g_str_hash, g_str_equal);
    guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->items));
    gboolean same = n_old == rows->len;

    for (guint i = 0; i < n_old; i++)
      {
        g_autoptr(FdAlertItem) old = g_list_model_get_item (G_LIST_MODEL (self->items), i);

        g_hash_table_insert (old_by_id, (gpointer) fd_alert_item_get_id (old), old);
      }
    for (guint i = 0; i < rows->len; i++)
      {
        FdAlertItem *fresh = g_ptr_array_index (rows, i);
        FdAlertItem *old = g_hash_table_lookup (old_by_id, fd_alert_item_get_id (fresh));

        if (old != NULL && same_row (old, self->rows_now, fresh, self->data->now))
          {
            g_ptr_array_index (rows, i) = g_object_ref (old);
            g_object_unref (fresh);
          }
      }
    for (guint i = 0; same && i < rows->len; i++)
      {
        g_autoptr(FdAlertItem) at_i = g_list_model_get_item (G_LIST_MODEL (self->items), i);

        same = at_i == g_ptr_array_index (rows, i);
      }
    if (!same)
      g_list_store_splice (self->items, 0, n_old, rows->pdata, rows->len);
    self->rows_now = self->data->now;
  }

  update_showing_label (self);
  update_action_state (self);
}

/* }}} */

/* Cards and charts {{{ */

/* Open critical alerts in [from, to): FdMetrics counts severities and
 * statuses separately. Alerts are few next to runs, so this walk over the
 * window's alerts is cheap even with a million runs loaded. */
static double
count_open_critical (FdSnapshot *snapshot,
                     FdTime      from,
                     FdTime      to,
                     const char *environment)
{
  FdStr env = environment != NULL ? fd_snapshot_lookup (snapshot, environment) : FD_STR_NONE;
  const FdAlert *alerts;
  gsize n, first, last;
  guint64 count = 0;

  if (environment != NULL && env == FD_STR_NONE)
    return 0;

  alerts = fd_snapshot_get_alerts (snapshot, &n);
  fd_snapshot_alerts_range (snapshot, from, to, &first, &last);
  for (gsize i = first; i < last; i++)
    if (alerts[i].severity == FD_SEVERITY_CRITICAL && alerts[i].status != FD_ALERT_RESOLVED &&
        (env == FD_STR_NONE || alerts[i].environment == env))
      count++;

  return (double) count;
}

static void
set_sparkline_u32 (FdKpiCard         *card,
                   const guint32     *values,
                   const FdDashboard *dash)
{
  gsize n = dash->n_buckets;
  g_autofree double *v = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    v[i] = values[i];
  fd_kpi_card_set_sparkline (card, v, n, dash->from, dash->bucket_us);
}

/* The cards show seconds formatted as a duration; the series are minutes.
 * Buckets without a value stay NaN, gaps in the line. */
static void
set_sparkline_minutes (FdKpiCard         *card,
                       const double      *minutes,
                       const FdDashboard *dash)
{
  gsize n = dash->n_buckets;
  g_autofree double *v = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    v[i] = minutes[i] * 60.0;
  fd_kpi_card_set_sparkline (card, v, n, dash->from, dash->bucket_us);
}

static void
update_cards (FdAlertsPage *self)
{
  FdPageData *d = self->data;
  const FdMetrics *cur = d->current;
  const FdMetrics *prev = d->previous;
  const FdDashboard *dash = d->dashboard;
  FdTime span = d->query.to - d->query.from;
  double crit_now, crit_prev;

  fd_kpi_card_set_number (self->open_card, FD_CHART_FORMAT_COUNT, (double) cur->alerts_open);
  fd_kpi_card_set_delta (self->open_card, cur->alerts_open, prev->alerts_open,
                         FD_KPI_LOWER_IS_BETTER, d->period_label);
  fd_kpi_card_set_caption (self->open_card, _("Firing or acknowledged"));

  crit_now = count_open_critical (d->snapshot, d->query.from, d->query.to, d->environment);
  crit_prev = count_open_critical (d->snapshot, d->query.from - span, d->query.from, d->environment);
  fd_kpi_card_set_number (self->critical_card, FD_CHART_FORMAT_COUNT, crit_now);
  fd_kpi_card_set_delta (self->critical_card, crit_now, crit_prev, FD_KPI_LOWER_IS_BETTER,
                         d->period_label);

  fd_kpi_card_set_number (self->mttr_card, FD_CHART_FORMAT_DURATION, cur->mttr_min * 60.0);
  fd_kpi_card_set_delta (self->mttr_card, cur->mttr_min, prev->mttr_min, FD_KPI_LOWER_IS_BETTER,
                         d->period_label);
  fd_kpi_card_set_caption (self->mttr_card, _("Mean time to resolve"));

  fd_kpi_card_set_number (self->mtta_card, FD_CHART_FORMAT_DURATION, cur->mtta_min * 60.0);
  fd_kpi_card_set_delta (self->mtta_card, cur->mtta_min, prev->mtta_min, FD_KPI_LOWER_IS_BETTER,
                         d->period_label);
  fd_kpi_card_set_caption (self->mtta_card, _("Mean time to acknowledge"));

  fd_kpi_card_set_number (self->total_card, FD_CHART_FORMAT_COUNT, (double) cur->alerts_total);
  fd_kpi_card_set_delta (self->total_card, cur->alerts_total, prev->alerts_total,
                         FD_KPI_LOWER_IS_BETTER, d->period_label);

  if (dash != NULL && dash->n_buckets > 0)
    {
      set_sparkline_u32 (self->open_card, dash->alerts_total, dash);
      set_sparkline_u32 (self->critical_card, dash->alerts_by_severity[FD_SEVERITY_CRITICAL],
                         dash);
      set_sparkline_minutes (self->mttr_card, dash->mttr_min, dash);
      set_sparkline_minutes (self->mtta_card, dash->mtta_min, dash);
      set_sparkline_u32 (self->total_card, dash->alerts_total, dash);
    }
}

static void
update_charts (FdAlertsPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (chart_names); i++)
    {
      g_autoptr(FdChartModel) model = fd_chart_catalog_build (chart_names[i], self->data->current,
                                                              self->data->dashboard);
      g_autofree char *description = NULL;

      if (model == NULL)
        continue;
      fd_chart_set_model (self->chart[i], model);
      description = fd_chart_model_describe (model);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      fd_chart_model_get_title (model),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
}

static void
update_store_banner (FdAlertsPage *self)
{
  const char *store_error = find_source_note (self);

  if (store_error == NULL)
    {
      gtk_revealer_set_reveal_child (self->store_revealer, FALSE);
      return;
    }

  if (g_strcmp0 (self->store_message, store_error) != 0)
    {
      g_autofree char *text = NULL;

      g_free (self->store_message);
      self->store_message = g_strdup (store_error);
      /* Translators: %s is the technical reason */
      text = g_strdup_printf (_("Your alert and canary actions could not be kept as before: %s. "
                                "Flightdeck keeps working; new actions start a fresh record."),
                              store_error);
      gtk_label_set_label (self->store_label, text);
      gtk_revealer_set_reveal_child (self->store_revealer, TRUE);
    }
}

static void
store_dismiss_cb (FdAlertsPage *self)
{
  gtk_revealer_set_reveal_child (self->store_revealer, FALSE);
}

static void
update_notifier (FdAlertsPage *self)
{
  GtkWindow *window = get_window (self);
  g_autoptr(GString) uris = g_string_new (NULL);
  g_autoptr(GHashTable) silenced = NULL;
  GtkApplication *application;
  GListModel *sources;

  if (window == NULL || self->session == NULL)
    return;

  application = gtk_window_get_application (window);
  if (self->notifier == NULL)
    self->notifier = fd_notifier_new (application != NULL ? G_APPLICATION (application) : NULL,
                                      self->settings);
  sources = fd_session_get_sources (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(FdSource) source = g_list_model_get_item (sources, i);

      g_string_append_printf (uris, "%s\n", fd_source_get_uri (source));
    }
  if (g_strcmp0 (self->notifier_sources, uris->str) != 0)
    {
      /* Other sources: what they hold at first is history. */
      fd_notifier_reset (self->notifier);
      g_free (self->notifier_sources);
      self->notifier_sources = g_strdup (uris->str);
    }

  silenced = collect_silences (self, current_time (self));
  fd_notifier_set_silenced (self->notifier, silenced);
  fd_notifier_update (self->notifier, self->data, gtk_window_is_active (window));
}

/* }}} */

static void
show_state (FdAlertsPage *self)
{
  if (self->data == NULL)
    {
      if (self->error != NULL)
        {
          adw_status_page_set_description (self->error_page, self->error);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        {
          adw_status_page_set_title (self->status_page, _("No Alerts Yet"));
          adw_status_page_set_description (self->status_page,
                                           _("Open a history file with Ctrl+O, or press F5 to load the latest alerts."));
          gtk_stack_set_visible_child_name (self->stack, "empty");
        }
      return;
    }

  if (self->data->current->alerts_total == 0 && self->data->n_recent_alerts == 0)
    {
      adw_status_page_set_title (self->status_page, _("No Alerts in This Range"));
      adw_status_page_set_description (self->status_page,
                                       _("No alerts fired in the chosen time range — pick a longer time range or another environment."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "content");
}

static GtkWidget *
add_card (FdAlertsPage *self,
          const char   *title)
{
  GtkWidget *card = fd_kpi_card_new (title);

  gtk_flow_box_append (self->cards, card);
  return card;
}

/* A silence changes no record (the page data may stay the same): the
 * silenced rows and the live silences follow it here. The notifier waits
 * for the next page data, which may come from other sources. */
static void
silences_changed_cb (FdAlertsPage *self)
{
  update_silences (self);
  if (self->data == NULL)
    return;
  update_list (self);
  filter_changed (self);
}

static void
page_set_data (FdPage     *page,
               FdPageData *data)
{
  fd_alerts_page_set_data (FD_ALERTS_PAGE (page), data);
}

static void
page_set_error (FdPage     *page,
                const char *message)
{
  fd_alerts_page_set_error (FD_ALERTS_PAGE (page), message);
}

static void
page_iface_init (FdPageInterface *iface)
{
  iface->set_data = page_set_data;
  iface->set_error = page_set_error;
}

static void
fd_alerts_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (object);

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
fd_alerts_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (self->session != NULL)
        g_signal_handlers_disconnect_by_data (self->session, self);
      if (!g_set_object (&self->session, g_value_get_object (value)))
        break;
      if (self->session != NULL)
        g_signal_connect_object (self->session, "notify::silences",
                                 G_CALLBACK (silences_changed_cb), self, G_CONNECT_SWAPPED);
      update_action_state (self);
      update_silences (self);
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
fd_alerts_page_dispose (GObject *object)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  /* AdwBin unparents its own child; gtk_widget_dispose_template() would
   * unparent it first and leave AdwBin with a dangling pointer. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_ALERTS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_object (&self->notifier);
  g_clear_pointer (&self->data, fd_page_data_unref);

  G_OBJECT_CLASS (fd_alerts_page_parent_class)->dispose (object);
}

static void
fd_alerts_page_finalize (GObject *object)
{
  FdAlertsPage *self = FD_ALERTS_PAGE (object);

  g_free (self->error);
  g_free (self->store_message);

  g_free (self->notifier_sources);

  G_OBJECT_CLASS (fd_alerts_page_parent_class)->finalize (object);
}

static void
fd_alerts_page_class_init (FdAlertsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_alerts_page_dispose;
  object_class->finalize = fd_alerts_page_finalize;
  object_class->get_property = fd_alerts_page_get_property;
  object_class->set_property = fd_alerts_page_set_property;

  fd_page_class_install_properties (object_class, PROP_SESSION, PROP_SETTINGS);

  g_type_ensure (FD_TYPE_CHART);
  g_type_ensure (FD_TYPE_KPI_CARD);

  g_type_ensure (FD_TYPE_TABLE_PAGER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-alerts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, store_revealer);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, silences_box);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, silences_list);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, store_label);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, store_dismiss);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, cards);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, charts);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, showing_label);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, alert_view);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, alert_pager);
  gtk_widget_class_bind_template_child (widget_class, FdAlertsPage, alert_menu);

  gtk_widget_class_install_action (widget_class, "alerts.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "alerts.resolve", NULL, resolve_action);
  gtk_widget_class_install_action (widget_class, "alerts.silence", "x", silence_action);
  gtk_widget_class_install_action (widget_class, "alerts.silence-dialog", NULL,
                                   silence_dialog_action);
  gtk_widget_class_install_action (widget_class, "alerts.unsilence", "s", unsilence_action);
  gtk_widget_class_install_action (widget_class, "alerts.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "alerts.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "alerts.context-menu", NULL, context_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "alerts.acknowledge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "alerts.resolve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "alerts.silence", "x", (gint64) 3600);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "alerts.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "alerts.context-menu", NULL);
}

static void
fd_alerts_page_init (FdAlertsPage *self)
{
  static const struct { Column column; const char *title; gboolean expand; } columns[] = {
    { COLUMN_SEVERITY, N_("Severity"), FALSE },
    { COLUMN_NAME, N_("Alert"), TRUE },
    { COLUMN_STATUS, N_("Status"), TRUE },
    { COLUMN_SERVICE, N_("Service"), FALSE },
    { COLUMN_ENVIRONMENT, N_("Environment"), FALSE },
    { COLUMN_AGE, N_("Age"), FALSE },
    { COLUMN_STARTED, N_("Started"), FALSE },
  };
  GtkColumnViewColumn *severity_column = NULL;

  self->chart_severity = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->open_card = FD_KPI_CARD (add_card (self, _("Open alerts")));
  self->critical_card = FD_KPI_CARD (add_card (self, _("Open critical")));
  self->mttr_card = FD_KPI_CARD (add_card (self, _("MTTR")));
  self->mtta_card = FD_KPI_CARD (add_card (self, _("MTTA")));
  self->total_card = FD_KPI_CARD (add_card (self, _("Alerts in range")));

  for (guint i = 0; i < G_N_ELEMENTS (chart_names); i++)
    {
      self->chart[i] = FD_CHART (fd_chart_new (NULL));
      gtk_widget_set_size_request (GTK_WIDGET (self->chart[i]), -1, 220);
      gtk_widget_set_hexpand (GTK_WIDGET (self->chart[i]), TRUE);
      g_signal_connect (self->chart[i], "item-activated", G_CALLBACK (chart_item_activated_cb), self);
      gtk_flow_box_append (self->charts, fd_chart_with_heading (GTK_WIDGET (self->chart[i]), _(chart_titles[i])));
    }

  /* The list: store → filter → sort (by the column view's sorter) → selection. */
  self->items = g_list_store_new (FD_TYPE_ALERT_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkColumnViewColumn *col = add_column (self, columns[i].column, _(columns[i].title),
                                             columns[i].expand);

      if (columns[i].column == COLUMN_SEVERITY)
        severity_column = col;
    }
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->alert_view)));
  /* One page of rows at a time, in row objects the view keeps: see
   * FdPagedSelection. */
  self->selection = fd_paged_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)), FD_TYPE_ALERT_ITEM,
                                            FD_TABLE_PAGE_SIZE, fd_alert_item_copy, fd_alert_item_show,
                                            fd_alert_item_same_alert);
  fd_table_pager_set_model (self->alert_pager, self->selection);
  /* A new order starts again on the first page. */
  g_signal_connect_object (gtk_column_view_get_sorter (self->alert_view), "changed",
                           G_CALLBACK (first_page), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->alert_view, GTK_SELECTION_MODEL (self->selection));
  /* Grouped by severity, critical first, newest first within a severity. */
  gtk_column_view_sort_by_column (self->alert_view, severity_column, GTK_SORT_ASCENDING);

  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filter_changed), self);
  g_signal_connect_swapped (self->severity_dropdown, "notify::selected", G_CALLBACK (filter_changed), self);
  g_signal_connect_swapped (self->status_dropdown, "notify::selected", G_CALLBACK (filter_changed), self);
  g_signal_connect_swapped (self->store_dismiss, "clicked", G_CALLBACK (store_dismiss_cb), self);

  self->context_menu = gtk_popover_menu_new_from_model (self->alert_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self->alert_view));

  self->clear_filter_button = gtk_button_new_with_label (_("Clear chart filter"));
  g_signal_connect_swapped (self->clear_filter_button, "clicked", G_CALLBACK (clear_chart_filter), self);
  gtk_flow_box_append (self->toolbar, self->clear_filter_button);
  gtk_widget_set_visible (gtk_widget_get_parent (self->clear_filter_button), FALSE);

  update_action_state (self);
  show_state (self);
}

/**
 * fd_alerts_page_new:
 *
 * Creates the Alerts page. Until it has data it shows an empty state.
 *
 * Returns: (transfer floating): a new #FdAlertsPage
 */
GtkWidget *
fd_alerts_page_new (void)
{
  return g_object_new (FD_TYPE_ALERTS_PAGE, NULL);
}

/**
 * fd_alerts_page_set_data:
 * @self: a #FdAlertsPage
 * @data: (nullable): the query result to show
 *
 * Shows @data: the KPI cards with their deltas, the charts and the newest
 * alerts of the window, with the user's silences from the action store.
 * Everything here is bounded by the page data's lists, not the snapshot.
 */
void
fd_alerts_page_set_data (FdAlertsPage *self,
                         FdPageData   *data)
{
  g_return_if_fail (FD_IS_ALERTS_PAGE (self));

  if (data != NULL)
    fd_page_data_ref (data);
  g_clear_pointer (&self->data, fd_page_data_unref);
  self->data = data;

  /* A bucket of the old range means nothing in the new one. */
  self->bucket_from = self->bucket_to = 0;

  if (data != NULL)
    {
      update_cards (self);
      update_charts (self);
      update_notifier (self);
    }
  update_list (self);
  filter_changed (self);
  update_store_banner (self);
  show_state (self);
}

/**
 * fd_alerts_page_set_error:
 * @self: a #FdAlertsPage
 * @message: (nullable): why the provider failed, or %NULL when it recovered
 *
 * With data on screen the last good data stays (the window shows the error
 * in a toast); without any, the page shows the error.
 */
void
fd_alerts_page_set_error (FdAlertsPage *self,
                          const char   *message)
{
  g_return_if_fail (FD_IS_ALERTS_PAGE (self));

  g_free (self->error);
  self->error = message != NULL ? g_strdup_printf (_("Could not load data: %s"), message) : NULL;
  show_state (self);
}

/**
 * fd_alerts_page_get_model:
 * @self: a #FdAlertsPage
 *
 * Returns: (transfer none): the rows shown, filtered and sorted, as
 *   #FdAlertItem
 */
GListModel *
fd_alerts_page_get_model (FdAlertsPage *self)
{
  g_return_val_if_fail (FD_IS_ALERTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * fd_alerts_page_select:
 * @self: a #FdAlertsPage
 * @alert_id: an alert's id
 *
 * Selects the row of @alert_id, for the actions.
 *
 * Returns: whether the alert is in the list
 */
gboolean
fd_alerts_page_select (FdAlertsPage *self,
                       const char   *alert_id)
{
  guint n;

  g_return_val_if_fail (FD_IS_ALERTS_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdAlertItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (g_strcmp0 (fd_alert_item_get_id (item), alert_id) == 0)
        {
          guint page_size = fd_paged_selection_get_page_size (self->selection);

          fd_paged_selection_set_page (self->selection, i / page_size);
          fd_paged_selection_set_selected (self->selection, i % page_size);
          update_action_state (self);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * fd_alerts_page_get_card:
 * @self: a #FdAlertsPage
 * @index: 0 open, 1 open critical, 2 MTTR, 3 MTTA, 4 alerts in range
 *
 * Returns: (transfer none): a KPI card
 */
FdKpiCard *
fd_alerts_page_get_card (FdAlertsPage *self,
                         guint         index)
{
  FdKpiCard *cards[5];

  g_return_val_if_fail (FD_IS_ALERTS_PAGE (self), NULL);
  g_return_val_if_fail (index < G_N_ELEMENTS (cards), NULL);

  cards[0] = self->open_card;
  cards[1] = self->critical_card;
  cards[2] = self->mttr_card;
  cards[3] = self->mtta_card;
  cards[4] = self->total_card;
  return cards[index];
}

/**
 * fd_alerts_page_get_card_value:
 * @self: a #FdAlertsPage
 * @index: as for fd_alerts_page_get_card()
 *
 * Returns: (nullable): the value text of a KPI card
 */
const char *
fd_alerts_page_get_card_value (FdAlertsPage *self,
                               guint         index)
{
  FdKpiCard *card = fd_alerts_page_get_card (self, index);

  return card != NULL ? fd_kpi_card_get_value (card) : NULL;
}

/**
 * fd_alerts_page_get_notifier:
 * @self: a #FdAlertsPage
 *
 * Returns: (transfer none) (nullable): the notifier, once data arrived
 */
FdNotifier *
fd_alerts_page_get_notifier (FdAlertsPage *self)
{
  g_return_val_if_fail (FD_IS_ALERTS_PAGE (self), NULL);

  return self->notifier;
}

/**
 * fd_alerts_page_get_store_message:
 * @self: a #FdAlertsPage
 *
 * Returns: (nullable): the action store problem the banner shows, or %NULL
 */
const char *
fd_alerts_page_get_store_message (FdAlertsPage *self)
{
  g_return_val_if_fail (FD_IS_ALERTS_PAGE (self), NULL);

  return gtk_revealer_get_reveal_child (self->store_revealer) ? self->store_message : NULL;
}
