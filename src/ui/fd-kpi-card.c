/* fd-kpi-card.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-kpi-card"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fd-kpi-card.h"

#include "fd-chart.h"
#include "fd-chart-format.h"
#include "fd-chart-model.h"

struct _FdKpiCard
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkLabel       *title_label;
  GtkLabel       *tier_label;
  GtkLabel       *value_label;
  GtkLabel       *delta_label;
  GtkLabel       *caption_label;
  GtkBox         *sparkline_box;

  /* Owned */
  char           *title;
  char           *value;
  char           *caption;
  char           *delta_text;
  char           *tier;
  char           *tier_tooltip;
  FdChartModel   *sparkline_model;
  FdKpiSentiment  sentiment;
  gsize           sparkline_length;
  FdChartFormat   value_format;    /* of the last fd_kpi_card_set_number() */

  /* Borrowed */
  GtkWidget      *sparkline;
};

G_DEFINE_FINAL_TYPE (FdKpiCard, fd_kpi_card, ADW_TYPE_BIN)

G_DEFINE_ENUM_TYPE (FdKpiSentiment, fd_kpi_sentiment,
  G_DEFINE_ENUM_VALUE (FD_KPI_SENTIMENT_NEUTRAL, "neutral"),
  G_DEFINE_ENUM_VALUE (FD_KPI_SENTIMENT_GOOD, "good"),
  G_DEFINE_ENUM_VALUE (FD_KPI_SENTIMENT_BAD, "bad"))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_CAPTION,
  PROP_DELTA_TEXT,
  PROP_DELTA_SENTIMENT,
  PROP_TIER,
  PROP_TIER_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const tier_classes[] = {
  "fd-tier-elite", "fd-tier-high", "fd-tier-medium", "fd-tier-low",
};

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Screen readers announce the card as one group, "Runs: 1,204", while the
 * labels inside stay readable one by one. */
static void
update_accessible_label (FdKpiCard *self)
{
  g_autofree char *label = NULL;

  /* Translators: the accessible name of a KPI card, "<title>: <value>" */
  label = g_strdup_printf (_("%s: %s"), self->title ? self->title : "",
                           self->value ? self->value : "—");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  if (self->delta_text != NULL && self->delta_text[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->delta_text,
                                    -1);
}

static void
fd_kpi_card_dispose (GObject *object)
{
  FdKpiCard *self = FD_KPI_CARD (object);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FD_TYPE_KPI_CARD);
  self->sparkline = NULL;
  g_clear_object (&self->sparkline_model);

  G_OBJECT_CLASS (fd_kpi_card_parent_class)->dispose (object);
}

static void
fd_kpi_card_finalize (GObject *object)
{
  FdKpiCard *self = FD_KPI_CARD (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->caption, g_free);
  g_clear_pointer (&self->delta_text, g_free);
  g_clear_pointer (&self->tier, g_free);
  g_clear_pointer (&self->tier_tooltip, g_free);

  G_OBJECT_CLASS (fd_kpi_card_parent_class)->finalize (object);
}

static void
fd_kpi_card_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FdKpiCard *self = FD_KPI_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case PROP_CAPTION:
      g_value_set_string (value, self->caption);
      break;

    case PROP_DELTA_TEXT:
      g_value_set_string (value, self->delta_text);
      break;

    case PROP_DELTA_SENTIMENT:
      g_value_set_enum (value, self->sentiment);
      break;

    case PROP_TIER:
      g_value_set_string (value, self->tier);
      break;

    case PROP_TIER_TOOLTIP:
      g_value_set_string (value, self->tier_tooltip);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_kpi_card_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FdKpiCard *self = FD_KPI_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      fd_kpi_card_set_title (self, g_value_get_string (value));
      break;

    case PROP_VALUE:
      fd_kpi_card_set_value (self, g_value_get_string (value));
      break;

    case PROP_CAPTION:
      fd_kpi_card_set_caption (self, g_value_get_string (value));
      break;

    case PROP_DELTA_TEXT:
      fd_kpi_card_set_delta_text (self, g_value_get_string (value));
      break;

    case PROP_DELTA_SENTIMENT:
      fd_kpi_card_set_delta_sentiment (self, g_value_get_enum (value));
      break;

    case PROP_TIER:
      fd_kpi_card_set_tier (self, g_value_get_string (value));
      break;

    case PROP_TIER_TOOLTIP:
      fd_kpi_card_set_tier_tooltip (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_kpi_card_class_init (FdKpiCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_kpi_card_dispose;
  object_class->finalize = fd_kpi_card_finalize;
  object_class->get_property = fd_kpi_card_get_property;
  object_class->set_property = fd_kpi_card_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELTA_TEXT] =
    g_param_spec_string ("delta-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELTA_SENTIMENT] =
    g_param_spec_enum ("delta-sentiment", NULL, NULL,
                       FD_TYPE_KPI_SENTIMENT, FD_KPI_SENTIMENT_NEUTRAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIER] =
    g_param_spec_string ("tier", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIER_TOOLTIP] =
    g_param_spec_string ("tier-tooltip", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/fd-kpi-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FdKpiCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, FdKpiCard, tier_label);
  gtk_widget_class_bind_template_child (widget_class, FdKpiCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, FdKpiCard, delta_label);
  gtk_widget_class_bind_template_child (widget_class, FdKpiCard, caption_label);
  gtk_widget_class_bind_template_child (widget_class, FdKpiCard, sparkline_box);
  gtk_widget_class_set_css_name (widget_class, "fdkpicard");
}

static void
fd_kpi_card_init (FdKpiCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_accessible_label (self);
}

/**
 * fd_kpi_card_new:
 * @title: (nullable): the card's title, e.g. "Success rate"
 *
 * Returns: (transfer floating): a new #FdKpiCard
 */
GtkWidget *
fd_kpi_card_new (const char *title)
{
  return g_object_new (FD_TYPE_KPI_CARD, "title", title, NULL);
}

const char *
fd_kpi_card_get_title (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), NULL);
  return self->title;
}

void
fd_kpi_card_set_title (FdKpiCard  *self,
                       const char *title)
{
  g_return_if_fail (FD_IS_KPI_CARD (self));

  if (!set_string (&self->title, title))
    return;

  gtk_label_set_label (self->title_label, title ? title : "");
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
fd_kpi_card_get_value (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), NULL);
  return self->value;
}

void
fd_kpi_card_set_value (FdKpiCard  *self,
                       const char *value)
{
  g_return_if_fail (FD_IS_KPI_CARD (self));

  if (!set_string (&self->value, value))
    return;

  gtk_label_set_label (self->value_label, value ? value : "—");
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

const char *
fd_kpi_card_get_caption (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), NULL);
  return self->caption;
}

void
fd_kpi_card_set_caption (FdKpiCard  *self,
                         const char *caption)
{
  g_return_if_fail (FD_IS_KPI_CARD (self));

  if (!set_string (&self->caption, caption))
    return;

  gtk_label_set_label (self->caption_label, caption ? caption : "");
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption && caption[0]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTION]);
}

const char *
fd_kpi_card_get_delta_text (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), NULL);
  return self->delta_text;
}

void
fd_kpi_card_set_delta_text (FdKpiCard  *self,
                            const char *delta_text)
{
  g_return_if_fail (FD_IS_KPI_CARD (self));

  if (!set_string (&self->delta_text, delta_text))
    return;

  gtk_label_set_label (self->delta_label, delta_text ? delta_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->delta_label), delta_text && delta_text[0]);
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELTA_TEXT]);
}

FdKpiSentiment
fd_kpi_card_get_delta_sentiment (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), FD_KPI_SENTIMENT_NEUTRAL);
  return self->sentiment;
}

void
fd_kpi_card_set_delta_sentiment (FdKpiCard      *self,
                                 FdKpiSentiment  sentiment)
{
  GtkWidget *label;

  g_return_if_fail (FD_IS_KPI_CARD (self));

  if (self->sentiment == sentiment)
    return;

  self->sentiment = sentiment;
  label = GTK_WIDGET (self->delta_label);
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  if (sentiment == FD_KPI_SENTIMENT_GOOD)
    gtk_widget_add_css_class (label, "success");
  else if (sentiment == FD_KPI_SENTIMENT_BAD)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_add_css_class (label, "dim-label");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELTA_SENTIMENT]);
}

const char *
fd_kpi_card_get_tier (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), NULL);
  return self->tier;
}

/**
 * fd_kpi_card_set_tier:
 * @self: a #FdKpiCard
 * @tier: (nullable): a badge text such as "Elite", or %NULL for none
 *
 * Shows a DORA tier badge; its colour follows the CSS class
 * fd-tier-elite/-high/-medium/-low picked from the text's first letter
 * in English (the class is set from fd_kpi_card_set_dora_tier() otherwise).
 */
void
fd_kpi_card_set_tier (FdKpiCard  *self,
                      const char *tier)
{
  GtkWidget *label;

  g_return_if_fail (FD_IS_KPI_CARD (self));

  if (!set_string (&self->tier, tier))
    return;

  label = GTK_WIDGET (self->tier_label);
  gtk_label_set_label (self->tier_label, tier ? tier : "");
  gtk_widget_set_visible (label, tier && tier[0]);
  for (guint i = 0; i < G_N_ELEMENTS (tier_classes); i++)
    gtk_widget_remove_css_class (label, tier_classes[i]);
  if (tier != NULL)
    {
      if (g_ascii_strcasecmp (tier, "elite") == 0)
        gtk_widget_add_css_class (label, tier_classes[0]);
      else if (g_ascii_strcasecmp (tier, "high") == 0)
        gtk_widget_add_css_class (label, tier_classes[1]);
      else if (g_ascii_strcasecmp (tier, "medium") == 0)
        gtk_widget_add_css_class (label, tier_classes[2]);
      else if (g_ascii_strcasecmp (tier, "low") == 0)
        gtk_widget_add_css_class (label, tier_classes[3]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIER]);
}

const char *
fd_kpi_card_get_tier_tooltip (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), NULL);
  return self->tier_tooltip;
}

void
fd_kpi_card_set_tier_tooltip (FdKpiCard  *self,
                              const char *tier_tooltip)
{
  g_return_if_fail (FD_IS_KPI_CARD (self));

  if (!set_string (&self->tier_tooltip, tier_tooltip))
    return;

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tier_label), tier_tooltip);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIER_TOOLTIP]);
}

/**
 * fd_kpi_card_set_sparkline:
 * @self: a #FdKpiCard
 * @values: (array length=n) (nullable): the per-bucket values (NaN for gaps),
 *   in the unit of the card's value (see fd_kpi_card_set_number())
 * @n: number of @values; 0 hides the sparkline
 * @from: the start of the first bucket
 * @bucket_us: the width of a bucket, in microseconds
 *
 * Draws a small trend line under the value with the chart toolkit's
 * sparkline kind. The values are copied. Its tooltip shows each bucket's
 * local time and its value formatted like the card's value.
 */
void
fd_kpi_card_set_sparkline (FdKpiCard    *self,
                           const double *values,
                           gsize         n,
                           FdTime        from,
                           FdTime        bucket_us)
{
  g_autofree double *x = NULL;

  g_return_if_fail (FD_IS_KPI_CARD (self));
  g_return_if_fail (values != NULL || n == 0);

  self->sparkline_length = n;
  if (n < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->sparkline_box), FALSE);
      return;
    }

  if (self->sparkline_model == NULL)
    {
      self->sparkline_model = fd_chart_model_new (FD_CHART_KIND_SPARKLINE);
      self->sparkline = fd_chart_new (self->sparkline_model);
      gtk_widget_set_hexpand (self->sparkline, TRUE);
      gtk_widget_set_size_request (self->sparkline, -1, 32);
      gtk_widget_set_can_focus (self->sparkline, FALSE);
      gtk_box_append (self->sparkline_box, self->sparkline);
    }

  /* Chart x values are seconds since the epoch on a time axis. */
  x = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    x[i] = (double) (from + (FdTime) i * bucket_us) / G_USEC_PER_SEC;

  fd_chart_model_clear (self->sparkline_model);
  fd_chart_model_set_kind (self->sparkline_model, FD_CHART_KIND_SPARKLINE);
  fd_chart_model_set_x_axis (self->sparkline_model, FD_CHART_AXIS_TIME);
  fd_chart_model_set_y_format (self->sparkline_model, self->value_format);
  fd_chart_model_set_bucket_width (self->sparkline_model, (double) bucket_us / G_USEC_PER_SEC);
  fd_chart_model_set_title (self->sparkline_model, self->title);
  fd_chart_model_add_series (self->sparkline_model, self->title ? self->title : "", 0,
                             x, values, n);
  gtk_widget_set_visible (GTK_WIDGET (self->sparkline_box), TRUE);
}

gsize
fd_kpi_card_get_sparkline_length (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), 0);
  return self->sparkline_length;
}

/**
 * fd_kpi_card_get_sparkline:
 * @self: a #FdKpiCard
 *
 * Returns: (transfer none) (nullable): the sparkline's chart, once a
 *   sparkline was set; it is hidden while there is none
 */
GtkWidget *
fd_kpi_card_get_sparkline (FdKpiCard *self)
{
  g_return_val_if_fail (FD_IS_KPI_CARD (self), NULL);
  return self->sparkline;
}

/**
 * fd_kpi_card_set_number:
 * @self: a #FdKpiCard
 * @format: how to show @value
 * @value: the KPI value; NaN shows "—"
 *
 * Sets the value text through the chart toolkit's formatting, so the cards
 * and the charts show a number the same way.
 */
void
fd_kpi_card_set_number (FdKpiCard     *self,
                        FdChartFormat  format,
                        double         value)
{
  g_autofree char *text = fd_chart_format_value (format, value);

  self->value_format = format;
  fd_kpi_card_set_value (self, text);
}

/**
 * fd_kpi_format_delta:
 * @current: this period's value
 * @previous: the previous period's value
 * @polarity: whether higher is better
 * @period_label: e.g. "previous 7 days"
 * @sentiment: (out) (optional): good, bad or neutral
 *
 * Formats the relative change "↑ 3.2 % vs previous 7 days".
 *
 * Returns: (transfer full): the text; "No data for previous 7 days" when
 *   either value is missing, "↑ from 0 in previous 7 days" when the
 *   previous one is 0
 */
char *
fd_kpi_format_delta (double          current,
                     double          previous,
                     FdKpiPolarity   polarity,
                     const char     *period_label,
                     FdKpiSentiment *sentiment)
{
  g_autofree char *pct = NULL;
  FdKpiSentiment s = FD_KPI_SENTIMENT_NEUTRAL;
  const char *arrow;
  double change;
  char *text;

  if (period_label == NULL)
    period_label = _("previous period");

  if (!isfinite (current) || !isfinite (previous))
    {
      if (sentiment != NULL)
        *sentiment = FD_KPI_SENTIMENT_NEUTRAL;
      /* Translators: %s is e.g. "previous 7 days" */
      return g_strdup_printf (_("No data for %s"), period_label);
    }

  /* A relative change from zero has no size; say where it came from. */
  if (previous == 0 && current != 0)
    {
      gboolean up = current > 0;

      if (polarity == FD_KPI_HIGHER_IS_BETTER)
        s = up ? FD_KPI_SENTIMENT_GOOD : FD_KPI_SENTIMENT_BAD;
      else if (polarity == FD_KPI_LOWER_IS_BETTER)
        s = up ? FD_KPI_SENTIMENT_BAD : FD_KPI_SENTIMENT_GOOD;
      if (sentiment != NULL)
        *sentiment = s;
      /* Translators: a KPI's change when the previous period had none,
       * e.g. "↑ from 0 in previous 7 days" */
      return g_strdup_printf (up ? _("↑ from 0 in %s") : _("↓ from 0 in %s"), period_label);
    }

  change = previous == 0 ? 0.0 : (current - previous) / fabs (previous);
  pct = fd_chart_format_percent (fabs (change));

  /* Below a rounding step the change is shown as none. */
  if (fabs (change) < 0.0005)
    {
      arrow = "→";
      g_clear_pointer (&pct, g_free);
      pct = fd_chart_format_percent (0.0);
    }
  else
    {
      gboolean up = change > 0;

      arrow = up ? "↑" : "↓";
      if (polarity == FD_KPI_HIGHER_IS_BETTER)
        s = up ? FD_KPI_SENTIMENT_GOOD : FD_KPI_SENTIMENT_BAD;
      else if (polarity == FD_KPI_LOWER_IS_BETTER)
        s = up ? FD_KPI_SENTIMENT_BAD : FD_KPI_SENTIMENT_GOOD;
    }

  /* Translators: a KPI's change, e.g. "↑ 3.2 % vs previous 7 days" */
  text = g_strdup_printf (_("%s %s vs %s"), arrow, pct, period_label);
  if (sentiment != NULL)
    *sentiment = s;
  return text;
}

/**
 * fd_kpi_card_set_delta:
 * @self: a #FdKpiCard
 * @current: this period's value
 * @previous: the previous period's value
 * @polarity: whether higher is better
 * @period_label: e.g. "previous 7 days"
 *
 * Sets #FdKpiCard:delta-text and #FdKpiCard:delta-sentiment from the two
 * values, see fd_kpi_format_delta().
 */
void
fd_kpi_card_set_delta (FdKpiCard     *self,
                       double         current,
                       double         previous,
                       FdKpiPolarity  polarity,
                       const char    *period_label)
{
  g_autofree char *text = NULL;
  FdKpiSentiment sentiment;

  g_return_if_fail (FD_IS_KPI_CARD (self));

  text = fd_kpi_format_delta (current, previous, polarity, period_label, &sentiment);
  fd_kpi_card_set_delta_text (self, text);
  fd_kpi_card_set_delta_sentiment (self, sentiment);
}

/**
 * fd_kpi_card_set_dora_tier:
 * @self: a #FdKpiCard
 * @tier: the DORA tier, or %FD_DORA_TIER_NONE to hide the badge
 * @thresholds: (nullable): the tooltip stating the tier thresholds
 *
 * Shows the translated tier name as a coloured badge.
 */
void
fd_kpi_card_set_dora_tier (FdKpiCard  *self,
                           FdDoraTier  tier,
                           const char *thresholds)
{
  static const char * const names[] = { NULL, N_("Elite"), N_("High"), N_("Medium"), N_("Low") };
  GtkWidget *label;

  g_return_if_fail (FD_IS_KPI_CARD (self));
  g_return_if_fail (tier <= FD_DORA_TIER_LOW);

  fd_kpi_card_set_tier (self, names[tier] ? _(names[tier]) : NULL);
  fd_kpi_card_set_tier_tooltip (self, thresholds);

  /* A translated name does not match the English class names. */
  label = GTK_WIDGET (self->tier_label);
  for (guint i = 0; i < G_N_ELEMENTS (tier_classes); i++)
    gtk_widget_remove_css_class (label, tier_classes[i]);
  if (tier != FD_DORA_TIER_NONE)
    gtk_widget_add_css_class (label, tier_classes[tier - 1]);
}
