/* fd-palette.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-palette"

#include "config.h"

#include "fd-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* The GNOME HIG palette, so charts sit well next to libadwaita widgets. The
 * dark variant uses the lighter shades so that colours keep their contrast
 * against a dark background; high contrast uses the most saturated ones. */
static const FdPalette palettes[FD_PALETTE_N_VARIANTS] = {
  [FD_PALETTE_LIGHT] = {
    .variant = FD_PALETTE_LIGHT,
    .background = RGB (0xffffff),
    .foreground = RGB (0x241f31),
    .dim_foreground = RGB (0x77767b),
    .grid = RGB (0xdeddda),
    .accent = RGB (0x3584e4),
    .status = { RGB (0x26a269), RGB (0xc01c28), RGB (0x9a9996), RGB (0x1c71d8), RGB (0xe5a50a) },
    .severity = { RGB (0xa51d2d), RGB (0xe66100), RGB (0xe5a50a), RGB (0x1c71d8) },
    .series = { RGB (0x3584e4), RGB (0xe66100), RGB (0x2ec27e), RGB (0x9141ac),
                RGB (0xc64600), RGB (0x1a5fb4), RGB (0x865e3c), RGB (0xc061cb) },
  },
  [FD_PALETTE_DARK] = {
    .variant = FD_PALETTE_DARK,
    .background = RGB (0x1e1e1e),
    .foreground = RGB (0xffffff),
    .dim_foreground = RGB (0x9a9996),
    .grid = RGB (0x3d3846),
    .accent = RGB (0x78aeed),
    .status = { RGB (0x57e389), RGB (0xff7b63), RGB (0x9a9996), RGB (0x62a0ea), RGB (0xf8e45c) },
    .severity = { RGB (0xff7b63), RGB (0xffa348), RGB (0xf8e45c), RGB (0x62a0ea) },
    .series = { RGB (0x62a0ea), RGB (0xffa348), RGB (0x57e389), RGB (0xdc8add),
                RGB (0xf66151), RGB (0x99c1f1), RGB (0xcdab8f), RGB (0xf9f06b) },
  },
  [FD_PALETTE_HIGH_CONTRAST] = {
    .variant = FD_PALETTE_HIGH_CONTRAST,
    .background = RGB (0xffffff),
    .foreground = RGB (0x000000),
    .dim_foreground = RGB (0x000000),
    .grid = RGB (0x77767b),
    .accent = RGB (0x1a5fb4),
    .status = { RGB (0x26a269), RGB (0xa51d2d), RGB (0x5e5c64), RGB (0x1a5fb4), RGB (0x986a44) },
    .severity = { RGB (0xa51d2d), RGB (0xc64600), RGB (0x986a44), RGB (0x1a5fb4) },
    .series = { RGB (0x1a5fb4), RGB (0xc64600), RGB (0x26a269), RGB (0x613583),
                RGB (0xa51d2d), RGB (0x000000), RGB (0x63452c), RGB (0x9c6e03) },
  },
  [FD_PALETTE_HIGH_CONTRAST_DARK] = {
    .variant = FD_PALETTE_HIGH_CONTRAST_DARK,
    .background = RGB (0x000000),
    .foreground = RGB (0xffffff),
    .dim_foreground = RGB (0xffffff),
    .grid = RGB (0x9a9996),
    .accent = RGB (0x99c1f1),
    .status = { RGB (0x8ff0a4), RGB (0xff7b63), RGB (0xc0bfbc), RGB (0x99c1f1), RGB (0xf9f06b) },
    .severity = { RGB (0xff7b63), RGB (0xffbe6f), RGB (0xf9f06b), RGB (0x99c1f1) },
    .series = { RGB (0x99c1f1), RGB (0xffbe6f), RGB (0x8ff0a4), RGB (0xdc8add),
                RGB (0xf66151), RGB (0xffffff), RGB (0xcdab8f), RGB (0xf9f06b) },
  },
};

/**
 * fd_palette_get:
 * @variant: the palette variant
 *
 * Returns the static palette of @variant.
 *
 * Returns: (transfer none): the palette
 */
const FdPalette *
fd_palette_get (FdPaletteVariant variant)
{
  g_return_val_if_fail (variant >= 0 && variant < FD_PALETTE_N_VARIANTS, &palettes[0]);

  return &palettes[variant];
}

/**
 * fd_palette_variant_for:
 * @dark: whether the desktop prefers a dark style
 * @high_contrast: whether high contrast is on
 *
 * Maps the style manager's two flags to a palette variant.
 *
 * Returns: the variant
 */
FdPaletteVariant
fd_palette_variant_for (gboolean dark,
                        gboolean high_contrast)
{
  if (high_contrast)
    return dark ? FD_PALETTE_HIGH_CONTRAST_DARK : FD_PALETTE_HIGH_CONTRAST;
  return dark ? FD_PALETTE_DARK : FD_PALETTE_LIGHT;
}

/**
 * fd_palette_resolve:
 * @palette: a palette
 * @color: an #FdChartColor role, or %FD_CHART_COLOR_AUTO
 * @fallback_index: the series index used for %FD_CHART_COLOR_AUTO
 *
 * Resolves a colour role against @palette.
 *
 * Returns: the colour
 */
FdRgba
fd_palette_resolve (const FdPalette *palette,
                    int              color,
                    guint            fallback_index)
{
  static const FdRgba black = { 0, 0, 0, 1 };

  g_return_val_if_fail (palette != NULL, black);

  if (color == FD_CHART_COLOR_AUTO)
    return palette->series[fallback_index % FD_PALETTE_N_SERIES];
  if (color >= FD_CHART_COLOR_SERIES_0 && color < FD_CHART_COLOR_SUCCESS)
    return palette->series[color % FD_PALETTE_N_SERIES];
  if (color >= FD_CHART_COLOR_SUCCESS && color < FD_CHART_COLOR_SUCCESS + FD_RUN_N_STATUS)
    return palette->status[color - FD_CHART_COLOR_SUCCESS];
  if (color >= FD_CHART_COLOR_CRITICAL && color < FD_CHART_COLOR_CRITICAL + FD_SEVERITY_N)
    return palette->severity[color - FD_CHART_COLOR_CRITICAL];
  if (color == FD_CHART_COLOR_ACCENT)
    return palette->accent;
  if (color == FD_CHART_COLOR_FOREGROUND)
    return palette->foreground;
  if (color == FD_CHART_COLOR_GRID)
    return palette->grid;

  return palette->series[fallback_index % FD_PALETTE_N_SERIES];
}

/**
 * fd_chart_color_for_status:
 * @status: a run status
 *
 * Returns: the colour role of @status
 */
FdChartColor
fd_chart_color_for_status (FdRunStatus status)
{
  g_return_val_if_fail (status < FD_RUN_N_STATUS, FD_CHART_COLOR_AUTO);

  return FD_CHART_COLOR_SUCCESS + status;
}

/**
 * fd_chart_color_for_severity:
 * @severity: an alert severity
 *
 * Returns: the colour role of @severity
 */
FdChartColor
fd_chart_color_for_severity (FdSeverity severity)
{
  g_return_val_if_fail (severity < FD_SEVERITY_N, FD_CHART_COLOR_AUTO);

  return FD_CHART_COLOR_CRITICAL + severity;
}

/**
 * fd_rgba_to_argb32:
 * @rgba: a colour
 *
 * Packs an opaque colour the way a %CAIRO_FORMAT_ARGB32 surface stores it,
 * which lets pixel tests compare exact values.
 *
 * Returns: the pixel value
 */
guint32
fd_rgba_to_argb32 (const FdRgba *rgba)
{
  guint32 a = (guint32) (rgba->alpha * 255.0 + 0.5);
  guint32 r = (guint32) (rgba->red * rgba->alpha * 255.0 + 0.5);
  guint32 g = (guint32) (rgba->green * rgba->alpha * 255.0 + 0.5);
  guint32 b = (guint32) (rgba->blue * rgba->alpha * 255.0 + 0.5);

  return a << 24 | r << 16 | g << 8 | b;
}
