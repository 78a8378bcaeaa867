/* fd-canary-card.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-canary-card"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fd-canary-card.h"

#include "fd-chart-format.h"
#include "fd-format.h"

/*
 * FdCanaryCard: one running canary — service, baseline → canary version,
 * the traffic steps with the current one marked, a traffic gauge, status
 * and the automated analysis' verdict, with promote, pause/resume and roll
 * back buttons. The buttons name the page's canary.* actions, which act on
 * the selected canary; pressing or focusing the card selects it first.
 */

struct _FdCanaryCard
{
  AdwBin       parent_instance;

  GtkWidget   *box;
  GtkLabel    *service_label;
  GtkLabel    *status_label;
  GtkLabel    *versions_label;
  GtkBox      *steps_box;
  GtkLevelBar *traffic_bar;
  GtkLabel    *traffic_label;
  GtkLabel    *verdict_label;
  GtkButton   *promote_button;
  GtkButton   *pause_button;
  GtkButton   *rollback_button;

  char        *canary_id;
  char        *verdict_text;
};

G_DEFINE_FINAL_TYPE (FdCanaryCard, fd_canary_card, ADW_TYPE_BIN)

enum {
  SIGNAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * fd_canary_status_label:
 * @status: a canary status
 *
 * Returns: the translated status, e.g. "Progressing"
 */
const char *
fd_canary_status_label (FdCanaryStatus status)
{
  switch (status)
    {
    case FD_CANARY_PROGRESSING: return _("Progressing");
    case FD_CANARY_PAUSED: return _("Paused");
    case FD_CANARY_PROMOTED: return _("Promoted");
    case FD_CANARY_ROLLED_BACK: return _("Rolled back");
    case FD_CANARY_N_STATUS:
    default: return "";
    }
}

/**
 * fd_canary_verdict_label:
 * @verdict: a verdict
 *
 * Returns: the translated verdict: Pass, Marginal, Fail or No data
 */
const char *
fd_canary_verdict_label (FdCanaryVerdictKind verdict)
{
  switch (verdict)
    {
    case FD_CANARY_VERDICT_PASS: return _("Pass");
    case FD_CANARY_VERDICT_MARGINAL: return _("Marginal");
    case FD_CANARY_VERDICT_FAIL: return _("Fail");
    case FD_CANARY_VERDICT_NO_DATA:
    default: return _("No data");
    }
}

/**
 * fd_canary_verdict_css_class:
 * @verdict: a verdict
 *
 * Returns: the CSS class that colours it
 */
const char *
fd_canary_verdict_css_class (FdCanaryVerdictKind verdict)
{
  switch (verdict)
    {
    case FD_CANARY_VERDICT_PASS: return "fd-verdict-pass";
    case FD_CANARY_VERDICT_MARGINAL: return "fd-verdict-marginal";
    case FD_CANARY_VERDICT_FAIL: return "fd-verdict-fail";
    case FD_CANARY_VERDICT_NO_DATA:
    default: return "dim-label";
    }
}

static void
pressed_cb (FdCanaryCard *self)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATED], 0);
}

static void
fd_canary_card_dispose (GObject *object)
{
  adw_bin_set_child (ADW_BIN (object), NULL);

  G_OBJECT_CLASS (fd_canary_card_parent_class)->dispose (object);
}

static void
fd_canary_card_finalize (GObject *object)
{
  FdCanaryCard *self = FD_CANARY_CARD (object);

  g_free (self->canary_id);
  g_free (self->verdict_text);

  G_OBJECT_CLASS (fd_canary_card_parent_class)->finalize (object);
}

static void
fd_canary_card_class_init (FdCanaryCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_canary_card_dispose;
  object_class->finalize = fd_canary_card_finalize;

  /**
   * FdCanaryCard::activated:
   *
   * The user pressed or focused the card: the page selects its canary.
   */
  signals[SIGNAL_ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static GtkLabel *
new_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return GTK_LABEL (label);
}

static GtkButton *
new_button (const char *label,
            const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_hexpand (button, TRUE);

  return GTK_BUTTON (button);
}

static void
fd_canary_card_init (FdCanaryCard *self)
{
  GtkWidget *header, *buttons, *traffic;
  GtkGesture *gesture;
  GtkEventController *focus;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_add_css_class (self->box, "fd-canary-card");
  gtk_widget_set_size_request (self->box, 280, -1);
  adw_bin_set_child (ADW_BIN (self), self->box);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  self->service_label = new_label ("title-4");
  gtk_widget_set_hexpand (GTK_WIDGET (self->service_label), TRUE);
  self->status_label = new_label ("dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->service_label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (self->box), header);

  self->versions_label = new_label (NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->versions_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->versions_label), 12);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->versions_label));

  self->steps_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4));
  gtk_widget_set_margin_start (GTK_WIDGET (self->steps_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->steps_box), 12);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->steps_box));

  traffic = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_start (traffic, 12);
  gtk_widget_set_margin_end (traffic, 12);
  self->traffic_bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 100));
  gtk_level_bar_remove_offset_value (self->traffic_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->traffic_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->traffic_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->traffic_bar), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->traffic_bar), GTK_ALIGN_CENTER);
  self->traffic_label = new_label ("numeric");
  gtk_box_append (GTK_BOX (traffic), GTK_WIDGET (self->traffic_bar));
  gtk_box_append (GTK_BOX (traffic), GTK_WIDGET (self->traffic_label));
  gtk_box_append (GTK_BOX (self->box), traffic);

  self->verdict_label = new_label (NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->verdict_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->verdict_label), 12);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->verdict_label));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  self->promote_button = new_button (_("_Promote"), "canary.promote");
  gtk_widget_add_css_class (GTK_WIDGET (self->promote_button), "suggested-action");
  self->pause_button = new_button (_("P_ause"), "canary.pause");
  self->rollback_button = new_button (_("_Roll Back"), "canary.rollback");
  gtk_widget_add_css_class (GTK_WIDGET (self->rollback_button), "destructive-action");
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->promote_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->pause_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->rollback_button));
  gtk_box_append (GTK_BOX (self->box), buttons);

  /* Capture phase: the card is selected before a button's action runs. */
  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

/**
 * fd_canary_card_new:
 *
 * Returns: (transfer floating): a new, empty canary card
 */
GtkWidget *
fd_canary_card_new (void)
{
  return g_object_new (FD_TYPE_CANARY_CARD, NULL);
}

static void
update_steps (FdCanaryCard   *self,
              const double   *steps,
              gsize           n_steps,
              const FdCanary *canary)
{
  GtkWidget *child;
  GString *accessible = g_string_new (NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box))) != NULL)
    gtk_box_remove (self->steps_box, child);

  for (gsize i = 0; i < n_steps; i++)
    {
      g_autofree char *text = fd_format_percent_compact (steps[i] / 100);
      GtkWidget *label = gtk_label_new (text);

      if (i > 0)
        gtk_box_append (self->steps_box, gtk_label_new ("→"));
      gtk_widget_add_css_class (label, "fd-canary-step");
      if ((gint32) i < canary->current_step)
        gtk_widget_add_css_class (label, "fd-step-done");
      else if ((gint32) i == canary->current_step)
        gtk_widget_add_css_class (label, "fd-step-current");
      gtk_box_append (self->steps_box, label);
      g_string_append_printf (accessible, "%s%s%s", i > 0 ? ", " : "", text,
                              (gint32) i == canary->current_step ? _(" (current)") : "");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->steps_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str, -1);
  g_string_free (accessible, TRUE);
}

/**
 * fd_canary_card_update:
 * @self: a #FdCanaryCard
 * @snapshot: the snapshot @result points into
 * @result: the canary's metrics
 * @verdict: (nullable): its automated analysis
 *
 * Shows the canary.
 */
void
fd_canary_card_update (FdCanaryCard          *self,
                       FdSnapshot            *snapshot,
                       const FdCanaryResult  *result,
                       const FdCanaryVerdict *verdict)
{
  const FdCanary *canary = result->canary;
  g_autofree char *versions = NULL;
  g_autofree char *traffic = NULL;
  g_autofree char *share = NULL;
  g_autofree char *accessible = NULL;
  const double *steps;
  gsize n_steps;
  gboolean active = canary->status == FD_CANARY_PROGRESSING || canary->status == FD_CANARY_PAUSED;
  FdCanaryVerdictKind kind = verdict != NULL ? verdict->verdict : FD_CANARY_VERDICT_NO_DATA;

  g_return_if_fail (FD_IS_CANARY_CARD (self));

  g_free (self->canary_id);
  self->canary_id = g_strdup (result->id);

  gtk_label_set_label (self->service_label, fd_snapshot_str (snapshot, canary->service));
  gtk_label_set_label (self->status_label, fd_canary_status_label (canary->status));

  /* Translators: baseline version → canary version */
  versions = g_strdup_printf (_("%s → %s"),
                              fd_snapshot_str (snapshot, canary->baseline_version) ?: "?",
                              fd_snapshot_str (snapshot, canary->canary_version) ?: "?");
  gtk_label_set_label (self->versions_label, versions);

  steps = fd_snapshot_get_steps (snapshot, canary, &n_steps);
  update_steps (self, steps, n_steps, canary);

  gtk_level_bar_set_value (self->traffic_bar, CLAMP (canary->traffic_percent, 0, 100));
  share = fd_format_percent_compact (canary->traffic_percent / 100);
  /* Translators: the share of traffic the canary gets, e.g. "25 %" */
  traffic = g_strdup_printf (_("%s of traffic"), share);
  gtk_label_set_label (self->traffic_label, traffic);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->traffic_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, traffic, -1);

  g_free (self->verdict_text);
  if (verdict != NULL && isfinite (verdict->score))
    {
      g_autofree char *score = fd_chart_format_percent (verdict->score / 100.0);

      /* Translators: the verdict (Pass, Marginal, Fail) and the score */
      self->verdict_text = g_strdup_printf (_("%s · score %s"), fd_canary_verdict_label (kind), score);
    }
  else
    self->verdict_text = g_strdup (fd_canary_verdict_label (kind));
  gtk_label_set_label (self->verdict_label, self->verdict_text);
  for (int k = FD_CANARY_VERDICT_PASS; k <= FD_CANARY_VERDICT_NO_DATA; k++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), fd_canary_verdict_css_class (k));
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), fd_canary_verdict_css_class (kind));

  gtk_widget_set_visible (GTK_WIDGET (self->promote_button), active);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), active);
  gtk_widget_set_visible (GTK_WIDGET (self->rollback_button), active);
  if (canary->status == FD_CANARY_PAUSED)
    {
      gtk_button_set_label (self->pause_button, _("Res_ume"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->pause_button), "canary.resume");
    }
  else
    {
      gtk_button_set_label (self->pause_button, _("P_ause"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->pause_button), "canary.pause");
    }

  /* Translators: service, versions, status, traffic, verdict */
  accessible = g_strdup_printf (_("Canary %s %s: %s, %s, %s"),
                                fd_snapshot_str (snapshot, canary->service), versions,
                                fd_canary_status_label (canary->status), traffic,
                                self->verdict_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

/**
 * fd_canary_card_get_canary_id:
 * @self: a #FdCanaryCard
 *
 * Returns: (nullable): the id of the canary shown
 */
const char *
fd_canary_card_get_canary_id (FdCanaryCard *self)
{
  g_return_val_if_fail (FD_IS_CANARY_CARD (self), NULL);

  return self->canary_id;
}

/**
 * fd_canary_card_get_status_text:
 * @self: a #FdCanaryCard
 *
 * Returns: the status as shown
 */
const char *
fd_canary_card_get_status_text (FdCanaryCard *self)
{
  g_return_val_if_fail (FD_IS_CANARY_CARD (self), NULL);

  return gtk_label_get_label (self->status_label);
}

/**
 * fd_canary_card_get_verdict_text:
 * @self: a #FdCanaryCard
 *
 * Returns: the verdict as shown, e.g. "Fail · score 50 %"
 */
const char *
fd_canary_card_get_verdict_text (FdCanaryCard *self)
{
  g_return_val_if_fail (FD_IS_CANARY_CARD (self), NULL);

  return self->verdict_text;
}

/**
 * fd_canary_card_get_traffic_text:
 * @self: a #FdCanaryCard
 *
 * Returns: the traffic share as shown
 */
const char *
fd_canary_card_get_traffic_text (FdCanaryCard *self)
{
  g_return_val_if_fail (FD_IS_CANARY_CARD (self), NULL);

  return gtk_label_get_label (self->traffic_label);
}

/**
 * fd_canary_card_set_selected:
 * @self: a #FdCanaryCard
 * @selected: whether the analysis below shows this canary
 */
void
fd_canary_card_set_selected (FdCanaryCard *self,
                             gboolean      selected)
{
  g_return_if_fail (FD_IS_CANARY_CARD (self));

  if (selected)
    gtk_widget_add_css_class (self->box, "fd-selected");
  else
    gtk_widget_remove_css_class (self->box, "fd-selected");
}
