/* fd-cli-render.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "flightdeck-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fd-chart-catalog.h"
#include "fd-chart-export.h"
#include "fd-chart-render.h"
#include "fd-chart-report.h"
#include "fd-cli.h"
#include "fd-format.h"
#include "fd-jsonl-reader.h"
#include "fd-metrics.h"
#include "fd-time.h"

#define WEEK_US ((FdTime) 7 * 24 * 3600 * 1000000)

static int
usage_error (const char *command,
             const char *message)
{
  fprintf (stderr, "flightdeck-cli %s: %s\n", command, message);
  fprintf (stderr, "Run “flightdeck-cli %s --help” for usage.\n", command);
  return FD_CLI_EXIT_USAGE;
}

typedef struct
{
  char     *from_text;
  char     *to_text;
  char     *environment;
  gboolean  dark;
} WindowOptions;

/* The options live outside the command functions: the command tables below
 * give the same entries to --help, the man page and the completion. */
static WindowOptions window;
static struct
{
  char     *chart;
  char     *out;
  int       width;
  int       height;
  gboolean  list;
} render_options = { .width = 960, .height = 400 };
static char *report_out;

static void
clear_options (void)
{
  g_clear_pointer (&window.from_text, g_free);
  g_clear_pointer (&window.to_text, g_free);
  g_clear_pointer (&window.environment, g_free);
  g_clear_pointer (&render_options.chart, g_free);
  g_clear_pointer (&render_options.out, g_free);
  g_clear_pointer (&report_out, g_free);
}

#define WINDOW_ENTRIES                                                                     \
  { "from", 0, 0, G_OPTION_ARG_STRING, &window.from_text,                                  \
    "Start of the window, RFC 3339 (default: 7 days before --to)", "TIME" },               \
  { "to", 0, 0, G_OPTION_ARG_STRING, &window.to_text,                                      \
    "End of the window, RFC 3339 (default: just after the last record)", "TIME" },         \
  { "environment", 0, 0, G_OPTION_ARG_STRING, &window.environment,                         \
    "Count only this environment", "ENV" },                                                \
  { "dark", 0, 0, G_OPTION_ARG_NONE, &window.dark, "Use the dark palette", NULL }

static const GOptionEntry render_entries[] = {
  { "chart", 0, 0, G_OPTION_ARG_STRING, &render_options.chart,
    "The chart to draw (see --list)", "NAME" },
  { "out", 'o', 0, G_OPTION_ARG_FILENAME, &render_options.out,
    "Output file: .png, .svg or .pdf", "FILE" },
  { "width", 0, 0, G_OPTION_ARG_INT, &render_options.width,
    "Width in pixels or points (default 960)", "W" },
  { "height", 0, 0, G_OPTION_ARG_INT, &render_options.height, "Height (default 400)", "H" },
  WINDOW_ENTRIES,
  { "list", 0, 0, G_OPTION_ARG_NONE, &render_options.list,
    "Print the chart names, one per line", NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry report_entries[] = {
  { "out", 'o', 0, G_OPTION_ARG_FILENAME, &report_out, "Output PDF file", "FILE" },
  WINDOW_ENTRIES,
  G_OPTION_ENTRY_NULL
};

/* Reads the file and computes the metrics and dashboard series. Without
 * --to, the window ends just after the last record (never the wall clock,
 * so the same file always renders the same chart); without --from it is
 * the 7 days before that. */
static gboolean
load (const char           *command,
      const char           *path,
      const WindowOptions  *options,
      FdMetrics           **metrics,
      FdDashboard         **dashboard)
{
  g_autoptr(FdSnapshotBuilder) builder = fd_snapshot_builder_new ();
  g_autoptr(FdSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  FdJsonlStats stats = { 0 };
  FdQuery query = { 0 };

  if (!fd_jsonl_read_file (path, builder, NULL, NULL, &stats, NULL, &error))
    {
      fprintf (stderr, "flightdeck-cli %s: %s\n", command, error->message);
      return FALSE;
    }
  snapshot = fd_snapshot_builder_end (g_steal_pointer (&builder));
  if (stats.invalid_lines > 0)
    {
      g_autofree char *invalid = fd_format_count (stats.invalid_lines);

      fprintf (stderr, "%s: %s invalid line(s) skipped\n", path, invalid);
    }

  if (options->to_text != NULL)
    {
      if (!fd_time_parse (options->to_text, strlen (options->to_text), &query.to))
        {
          usage_error (command, "--to is not an RFC 3339 time");
          return FALSE;
        }
    }
  else
    {
      FdTime last = fd_snapshot_get_last_time (snapshot);

      query.to = last == FD_TIME_NONE ? 0 : last + 1;
    }
  if (options->from_text != NULL)
    {
      if (!fd_time_parse (options->from_text, strlen (options->from_text), &query.from))
        {
          usage_error (command, "--from is not an RFC 3339 time");
          return FALSE;
        }
    }
  else
    query.from = query.to - WEEK_US;
  if (query.to <= query.from)
    {
      usage_error (command, "--to must be after --from");
      return FALSE;
    }

  query.environment = options->environment;
  /* Weekday × hour and per-day tables in the user's local time. */
  query.tz_offset_s = g_time_zone_get_offset (local,
                                              g_time_zone_find_interval (local, G_TIME_TYPE_UNIVERSAL,
                                                                         query.to / 1000000));
  *metrics = fd_metrics_compute (snapshot, &query);
  *dashboard = fd_dashboard_compute (snapshot, &query);
  return TRUE;
}

static int
render_main (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdMetrics) metrics = NULL;
  g_autoptr(FdDashboard) dashboard = NULL;
  g_autoptr(FdChartModel) model = NULL;
  const char *chart, *out;
  FdChartExportFormat format;
  FdChartStyle style;
  int width, height;

  context = fd_cli_context_new (&fd_cli_render_command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("render", error->message);
  chart = render_options.chart;
  out = render_options.out;
  width = render_options.width;
  height = render_options.height;

  if (render_options.list)
    {
      const char * const *names = fd_chart_catalog_list ();

      for (guint i = 0; names[i] != NULL; i++)
        printf ("%s\n", names[i]);
      return FD_CLI_EXIT_OK;
    }

  if (argc < 2)
    return usage_error ("render", "missing FILE");
  if (argc > 2)
    return usage_error ("render", "too many arguments");
  if (chart == NULL)
    return usage_error ("render", "missing --chart NAME");
  if (!fd_chart_catalog_lookup (chart, NULL, NULL))
    return usage_error ("render", "unknown chart name; see --list");
  if (out == NULL)
    return usage_error ("render", "missing --out FILE");
  if (!fd_chart_export_format_from_path (out, &format))
    return usage_error ("render", "--out must end in .png, .svg or .pdf");
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    return usage_error ("render", "--width and --height must be between 16 and 20000");

  if (!load ("render", argv[1], &window, &metrics, &dashboard))
    return FD_CLI_EXIT_FAILURE;

  model = fd_chart_catalog_build (chart, metrics, dashboard);
  fd_chart_style_init (&style, window.dark ? FD_PALETTE_DARK : FD_PALETTE_LIGHT);
  style.draw_title = TRUE;
  if (!fd_chart_export (model, &style, NULL, format, out, width, height, &error))
    {
      fprintf (stderr, "flightdeck-cli render: %s\n", error->message);
      return FD_CLI_EXIT_FAILURE;
    }
  return FD_CLI_EXIT_OK;
}

static int
report_main (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdMetrics) metrics = NULL;
  g_autoptr(FdDashboard) dashboard = NULL;
  FdChartStyle style;

  context = fd_cli_context_new (&fd_cli_report_command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("report", error->message);
  if (argc < 2)
    return usage_error ("report", "missing FILE");
  if (argc > 2)
    return usage_error ("report", "too many arguments");
  if (report_out == NULL)
    return usage_error ("report", "missing --out FILE");

  if (!load ("report", argv[1], &window, &metrics, &dashboard))
    return FD_CLI_EXIT_FAILURE;

  fd_chart_style_init (&style, window.dark ? FD_PALETTE_DARK : FD_PALETTE_LIGHT);
  if (!fd_chart_report_write (metrics, dashboard, window.environment, &style, report_out, &error))
    {
      fprintf (stderr, "flightdeck-cli report: %s\n", error->message);
      return FD_CLI_EXIT_FAILURE;
    }
  return FD_CLI_EXIT_OK;
}

static int
run_render (int    argc,
            char **argv)
{
  int status = render_main (argc, argv);

  clear_options ();
  return status;
}

static int
run_report (int    argc,
            char **argv)
{
  int status = report_main (argc, argv);

  clear_options ();
  return status;
}

static const char * const *
render_values (const char *name)
{
  return g_str_equal (name, "chart") ? fd_chart_catalog_list () : NULL;
}

static const char * const render_examples[] = {
  "flightdeck-cli render history.jsonl --chart deployment-outcomes -o outcomes.svg",
  "Draws the deployment outcomes of the last 7 days of history.jsonl as SVG.",
  "flightdeck-cli render --list",
  "Prints the names that --chart takes.",
  NULL
};

const FdCliCommand fd_cli_render_command = {
  .name = "render",
  .run = run_render,
  .args = "FILE",
  .summary = "Render one dashboard chart to PNG, SVG or PDF",
  .help = "Renders one dashboard chart of an events v1 JSON Lines file\n"
          "to PNG, SVG or PDF, without a display.",
  .details = "The file name given to --out chooses the format. Without --to, the window ends "
             "just after the last record, so the same file always gives the same chart.",
  .entries = render_entries,
  .values = render_values,
  .examples = render_examples,
};

static const char * const report_examples[] = {
  "flightdeck-cli report history.jsonl --environment production -o report.pdf",
  "Writes the KPIs and charts of the production environment over the last 7 days of "
  "history.jsonl to report.pdf.",
  NULL
};

const FdCliCommand fd_cli_report_command = {
  .name = "report",
  .run = run_report,
  .args = "FILE",
  .summary = "Write a multi-page PDF report",
  .help = "Writes a PDF report with one page per dashboard page\n"
          "(Pipelines, Deployments, Alerts, Canary): KPIs and charts.",
  .entries = report_entries,
  .examples = report_examples,
};

/* Benchmark {{{ */

static FdChartModel *
bench_model (FdChartKind kind,
             gsize       n)
{
  FdChartModel *model = fd_chart_model_new (kind);
  guint n_series = 1;
  gsize per;

  switch (kind)
    {
    case FD_CHART_KIND_STACKED_BARS:
    case FD_CHART_KIND_GROUPED_BARS:
      n_series = 3;
      break;
    case FD_CHART_KIND_CANARY:
    case FD_CHART_KIND_LINE:
    case FD_CHART_KIND_AREA:
      n_series = 2;
      break;
    case FD_CHART_KIND_HEATMAP:
      n_series = 7;
      break;
    case FD_CHART_KIND_GAUGE:
      n = 1;
      break;
    default:
      break;
    }
  per = MAX (n / n_series, 1);

  fd_chart_model_set_title (model, "Benchmark");
  fd_chart_model_set_bucket_width (model, 60);
  for (guint s = 0; s < n_series; s++)
    {
      double *x = g_new (double, per);
      double *y = g_new (double, per);
      g_autofree char *name = g_strdup_printf ("series %u", s);
      guint32 state = 12345 + s;

      for (gsize i = 0; i < per; i++)
        {
          /* A deterministic xorshift, so every run draws the same data. */
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          x[i] = 1.7e9 + i * 60.0;
          y[i] = 50 + 30 * sin (i * 0.001 + s) + (state % 1000) / 100.0;
        }
      if (kind == FD_CHART_KIND_GAUGE)
        y[0] = 0.73;
      fd_chart_model_add_series_take (model, name, FD_CHART_COLOR_AUTO, x, y, per);
    }
  if (kind == FD_CHART_KIND_GAUGE)
    fd_chart_model_set_y_range (model, 0, 1);
  if (kind == FD_CHART_KIND_CANARY)
    for (guint i = 1; i < 4; i++)
      fd_chart_model_add_marker (model, 1.7e9 + per * 60.0 * i / 4, "step");
  return model;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
fd_cli_bench_charts (gboolean print_header)
{
  static const gsize sizes[] = { 1000, 100000, 1000000 };
  const guint runs = 7;
  GEnumClass *kinds = g_type_class_ref (FD_TYPE_CHART_KIND);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 400);
  FdChartStyle style;

  fd_chart_style_init (&style, FD_PALETTE_LIGHT);
  style.draw_title = TRUE;

  if (print_header)
    {
      printf ("%-34s | %9s | %11s | %14s\n", "operation", "size", "median ms", "points/s");
      printf ("%-34s-+-%9s-+-%11s-+-%14s\n", "----------------------------------", "---------",
              "-----------", "--------------");
    }

  for (guint k = 0; k < FD_CHART_N_KINDS; k++)
    {
      const char *nick = g_enum_get_value (kinds, k)->value_nick;

      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autoptr(FdChartModel) model = bench_model (k, sizes[s]);
          double times[16], first_ms = 0;
          g_autofree char *op = g_strdup_printf ("render %s", nick);
          g_autofree char *op_first = g_strdup_printf ("first draw %s", nick);
          gsize points = k == FD_CHART_KIND_GAUGE ? 1 : sizes[s];

          for (guint r = 0; r < runs; r++)
            {
              cairo_t *cr = cairo_create (surface);
              gint64 start = g_get_monotonic_time ();

              fd_chart_render (cr, 1280, 400, model, &style, NULL);
              cairo_surface_flush (surface);
              times[r] = (g_get_monotonic_time () - start) / 1000.0;
              cairo_destroy (cr);
              /* The first draw decimates and fills the caches; later frames reuse them. */
              if (r == 0)
                first_ms = times[0];
            }
          qsort (times, runs, sizeof (double), compare_doubles);
          printf ("%-34s | %9" G_GSIZE_FORMAT " | %11.3f | %14.0f\n", op, points, times[runs / 2],
                  points / (MAX (times[runs / 2], 1e-6) / 1000.0));
          printf ("%-34s | %9" G_GSIZE_FORMAT " | %11.3f | %14.0f\n", op_first, points, first_ms,
                  points / (MAX (first_ms, 1e-6) / 1000.0));
        }
    }

  fflush (stdout);
  cairo_surface_destroy (surface);
  g_type_class_unref (kinds);
  return FD_CLI_EXIT_OK;
}

/* }}} */
