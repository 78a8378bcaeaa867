/* fd-palette.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-records.h"

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} FdRgba;

typedef enum
{
  FD_PALETTE_LIGHT,
  FD_PALETTE_DARK,
  FD_PALETTE_HIGH_CONTRAST,
  FD_PALETTE_HIGH_CONTRAST_DARK,
  FD_PALETTE_N_VARIANTS
} FdPaletteVariant;

#define FD_PALETTE_N_SERIES 8

/*
 * FdPalette: every colour a chart uses. Status and severity colours mean the
 * same thing on every page, so they are fixed per variant rather than taken
 * from the series palette.
 */
typedef struct
{
  FdPaletteVariant variant;
  FdRgba background;
  FdRgba foreground;
  FdRgba dim_foreground;
  FdRgba grid;
  FdRgba accent;
  FdRgba status[FD_RUN_N_STATUS];
  FdRgba severity[FD_SEVERITY_N];
  FdRgba series[FD_PALETTE_N_SERIES];
} FdPalette;

/*
 * FdChartColor: a colour role, resolved against the palette at draw time so
 * that a chart follows a live theme switch without rebuilding its model.
 */
typedef enum
{
  FD_CHART_COLOR_AUTO = -1,
  FD_CHART_COLOR_SERIES_0 = 0,
  FD_CHART_COLOR_SUCCESS = 100,
  FD_CHART_COLOR_FAILED,
  FD_CHART_COLOR_CANCELLED,
  FD_CHART_COLOR_RUNNING,
  FD_CHART_COLOR_QUEUED,
  FD_CHART_COLOR_CRITICAL = 200,
  FD_CHART_COLOR_HIGH,
  FD_CHART_COLOR_WARNING,
  FD_CHART_COLOR_INFO,
  FD_CHART_COLOR_ACCENT = 300,
  FD_CHART_COLOR_FOREGROUND,
  FD_CHART_COLOR_GRID,
} FdChartColor;

const FdPalette *fd_palette_get             (FdPaletteVariant  variant);
FdPaletteVariant fd_palette_variant_for     (gboolean          dark,
                                             gboolean          high_contrast);
FdRgba           fd_palette_resolve         (const FdPalette  *palette,
                                             int               color,
                                             guint             fallback_index);
FdChartColor     fd_chart_color_for_status  (FdRunStatus       status);
FdChartColor     fd_chart_color_for_severity (FdSeverity       severity);
guint32          fd_rgba_to_argb32          (const FdRgba     *rgba);

G_END_DECLS
