/* fd-chart-report.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-chart-report"

#include "config.h"

#include "fd-chart-report.h"

#include "fd-chart-catalog.h"
#include "fd-chart-format.h"
#include "fd-time.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

/* A4 landscape, in points. */
#define PAGE_W 842.0
#define PAGE_H 595.0
#define MARGIN 28.0

typedef struct
{
  const char *label;
  char       *value;
  const char *tier;   /* the DORA tier's name, drawn under the value */
} Kpi;

static void
kpi_clear (Kpi *kpi)
{
  g_clear_pointer (&kpi->value, g_free);
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  if (!g_output_stream_write_all (closure, data, length, NULL, NULL, NULL))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* max_width <= 0 means unbounded; otherwise the text is ellipsized so that
 * neighbouring KPIs never run into each other. */
static void
show_text_width (cairo_t                    *cr,
                 PangoLayout                *layout,
                 const char                 *font,
                 const char                 *text,
                 double                      x,
                 double                      y,
                 double                      max_width,
                 const FdRgba               *color)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
show_text (cairo_t                    *cr,
           PangoLayout                *layout,
           const char                 *font,
           const char                 *text,
           double                      x,
           double                      y,
           const FdRgba               *color)
{
  show_text_width (cr, layout, font, text, x, y, -1, color);
}

/* The report is read by people: local time, minutes, no microseconds. */
static char *
format_local_time (FdTime t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("—");
  /* Translators: a date and time in the PDF report's header, see strftime(3). */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static const char *
tier_name (FdDoraTier tier)
{
  switch (tier)
    {
    case FD_DORA_TIER_ELITE:  return _("Elite");
    case FD_DORA_TIER_HIGH:   return _("High");
    case FD_DORA_TIER_MEDIUM: return _("Medium");
    case FD_DORA_TIER_LOW:    return _("Low");
    case FD_DORA_TIER_NONE:
    default:
      return NULL;
    }
}

static guint
page_kpis (FdChartPage      page,
           const FdMetrics *m,
           Kpi             *kpis)
{
  guint n = 0;

  switch (page)
    {
    case FD_CHART_PAGE_PIPELINES:
      kpis[n++] = (Kpi) { _("Runs"), fd_chart_format_count (m->runs_total) };
      kpis[n++] = (Kpi) { _("Success rate"), fd_chart_format_percent (m->success_rate) };
      kpis[n++] = (Kpi) { _("Median duration"), fd_chart_format_duration (m->duration_p50_s) };
      kpis[n++] = (Kpi) { _("p95 duration"), fd_chart_format_duration (m->duration_p95_s) };
      kpis[n++] = (Kpi) { _("Failed"), fd_chart_format_count (m->runs_failed) };
      break;
    case FD_CHART_PAGE_DEPLOYMENTS:
      kpis[n++] = (Kpi) { _("Deployments"), fd_chart_format_count (m->deployments_total) };
      kpis[n++] = (Kpi) { _("Per day"),
                          fd_chart_format_value (FD_CHART_FORMAT_NUMBER, m->deployment_frequency_per_day),
                          tier_name (m->dora_deployment_frequency) };
      kpis[n++] = (Kpi) { _("Lead time"),
                          fd_chart_format_duration (m->lead_time_median_h * 3600),
                          tier_name (m->dora_lead_time) };
      kpis[n++] = (Kpi) { _("Change failure rate"),
                          fd_chart_format_percent (m->change_failure_rate),
                          tier_name (m->dora_change_failure_rate) };
      kpis[n++] = (Kpi) { _("Time to restore"),
                          fd_chart_format_duration (m->time_to_restore_median_min * 60),
                          tier_name (m->dora_time_to_restore) };
      break;
    case FD_CHART_PAGE_ALERTS:
      kpis[n++] = (Kpi) { _("Alerts"), fd_chart_format_count (m->alerts_total) };
      kpis[n++] = (Kpi) { _("Open"), fd_chart_format_count (m->alerts_open) };
      kpis[n++] = (Kpi) { _("Critical"), fd_chart_format_count (m->alerts_by_severity[FD_SEVERITY_CRITICAL]) };
      kpis[n++] = (Kpi) { _("MTTR"), fd_chart_format_duration (m->mttr_min * 60) };
      kpis[n++] = (Kpi) { _("MTTA"), fd_chart_format_duration (m->mtta_min * 60) };
      break;
    case FD_CHART_PAGE_CANARY:
      kpis[n++] = (Kpi) { _("Canaries"), fd_chart_format_count (m->n_canaries) };
      if (m->n_canaries > 0)
        {
          const FdCanaryResult *c = &m->canaries[m->n_canaries - 1];

          kpis[n++] = (Kpi) { _("Latest"), g_strdup (c->id ? c->id : "—") };
          kpis[n++] = (Kpi) { _("Progress"), fd_chart_format_percent (c->progress) };
          kpis[n++] = (Kpi) { _("Error rate canary"), fd_chart_format_percent (c->error_rate[FD_VARIANT_CANARY]) };
          kpis[n++] = (Kpi) { _("Error rate baseline"), fd_chart_format_percent (c->error_rate[FD_VARIANT_BASELINE]) };
        }
      break;
    case FD_CHART_N_PAGES:
    default:
      break;
    }
  return n;
}

static void
draw_page (cairo_t            *cr,
           FdChartPage         page,
           const FdMetrics    *m,
           const FdDashboard  *d,
           const char         *environment,
           const FdChartStyle *base)
{
  const FdPalette *palette = base->palette;
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autofree char *from = format_local_time (d->from);
  g_autofree char *to = format_local_time (d->to);
  g_autofree char *subtitle = NULL;
  const char * const *names = fd_chart_catalog_list ();
  const char *page_charts[32];
  Kpi kpis[8] = { { 0 } };
  guint n_kpis, n_charts = 0, cols, rows;
  double y = MARGIN, kpi_w, cell_w, cell_h;

  cairo_set_source_rgba (cr, palette->background.red, palette->background.green, palette->background.blue, 1);
  cairo_paint (cr);

  show_text (cr, layout, "Sans Bold 18", fd_chart_page_to_string (page), MARGIN, y, &palette->foreground);
  /* Translators: the report's window line: start, end, environment. */
  subtitle = g_strdup_printf (_("%s – %s · %s"), from, to, environment ? environment : _("all environments"));
  show_text (cr, layout, "Sans 9", subtitle, MARGIN, y + 26, &palette->dim_foreground);
  y += 48;

  n_kpis = page_kpis (page, m, kpis);
  kpi_w = (PAGE_W - 2 * MARGIN) / MAX (n_kpis, 1);
  for (guint i = 0; i < n_kpis; i++)
    {
      show_text_width (cr, layout, "Sans 8", kpis[i].label, MARGIN + i * kpi_w, y, kpi_w - 8,
                       &palette->dim_foreground);
      show_text_width (cr, layout, "Sans Bold 14", kpis[i].value, MARGIN + i * kpi_w, y + 12, kpi_w - 8,
                       &palette->foreground);
      if (kpis[i].tier != NULL)
        {
          /* Translators: under a DORA KPI in the PDF report, e.g. "Elite tier". */
          g_autofree char *tier = g_strdup_printf (_("%s tier"), kpis[i].tier);

          show_text_width (cr, layout, "Sans 8", tier, MARGIN + i * kpi_w, y + 32, kpi_w - 8,
                           &palette->accent);
        }
      kpi_clear (&kpis[i]);
    }
  y += 48;

  for (guint i = 0; names[i] != NULL && n_charts < G_N_ELEMENTS (page_charts); i++)
    {
      FdChartPage p;
      FdChartKind kind;

      if (fd_chart_catalog_lookup (names[i], &p, &kind) && p == page && kind != FD_CHART_KIND_SPARKLINE)
        page_charts[n_charts++] = names[i];
    }
  cols = n_charts > 4 ? 3 : 2;
  rows = (n_charts + cols - 1) / cols;
  cell_w = (PAGE_W - 2 * MARGIN) / cols;
  cell_h = (PAGE_H - y - MARGIN) / MAX (rows, 1);

  for (guint i = 0; i < n_charts; i++)
    {
      g_autoptr(FdChartModel) model = fd_chart_catalog_build (page_charts[i], m, d);
      FdChartStyle style = *base;

      style.draw_title = TRUE;
      style.draw_background = FALSE;
      style.font = "Sans 7";
      cairo_save (cr);
      cairo_translate (cr, MARGIN + (i % cols) * cell_w, y + (i / cols) * cell_h);
      cairo_rectangle (cr, 0, 0, cell_w - 8, cell_h - 8);
      cairo_clip (cr);
      fd_chart_render (cr, cell_w - 8, cell_h - 8, model, &style, NULL);
      cairo_restore (cr);
    }
}

/**
 * fd_chart_report_kpi_text:
 * @page: a dashboard page
 * @metrics: the metrics of the query
 *
 * The KPIs of @page's report page as text, with the values the PDF shows,
 * so that what the report says can be checked without reading a PDF.
 *
 * Returns: (transfer full): one "label: value" line per KPI, with the DORA
 *   tier after a " · " where the page draws one
 */
char *
fd_chart_report_kpi_text (FdChartPage      page,
                          const FdMetrics *metrics)
{
  Kpi kpis[8] = { { 0 } };
  GString *out = g_string_new (NULL);
  guint n_kpis;

  g_return_val_if_fail (metrics != NULL, NULL);

  n_kpis = page_kpis (page, metrics, kpis);
  for (guint i = 0; i < n_kpis; i++)
    {
      g_string_append_printf (out, "%s: %s", kpis[i].label, kpis[i].value);
      if (kpis[i].tier != NULL)
        {
          g_autofree char *tier = g_strdup_printf (_("%s tier"), kpis[i].tier);

          g_string_append_printf (out, " · %s", tier);
        }
      g_string_append_c (out, '\n');
      kpi_clear (&kpis[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * fd_chart_report_write:
 * @metrics: the metrics of the query
 * @dashboard: the dashboard series of the same query
 * @environment: (nullable): the environment filter, for the header
 * @style: the style (palette, font)
 * @path: where to write the PDF
 * @error: return location for an error
 *
 * Writes a multi-page PDF report, one A4 landscape page per dashboard page
 * with its KPIs and charts, through a temporary file and a rename.
 *
 * Returns: %TRUE on success
 */
gboolean
fd_chart_report_write (const FdMetrics    *metrics,
                       const FdDashboard  *dashboard,
                       const char         *environment,
                       const FdChartStyle *style,
                       const char         *path,
                       GError            **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (metrics != NULL, FALSE);
  g_return_val_if_fail (dashboard != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (out == NULL)
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (write_to_stream, out, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Flightdeck report"));
  cr = cairo_create (surface);
  for (guint page = 0; page < FD_CHART_N_PAGES; page++)
    {
      draw_page (cr, page, metrics, dashboard, environment, style);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the report: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
