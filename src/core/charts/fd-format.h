/* fd-format.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-records.h"

G_BEGIN_DECLS

/* What a value that is not known (NaN, %FD_TIME_NONE) is shown as. */
#define FD_FORMAT_NO_VALUE "—"

/**
 * FdFormatTime:
 * @FD_FORMAT_TIME_SHORT: day, month and time of day: "4 Mar 14:05"
 * @FD_FORMAT_TIME_FULL: date and time of day: "2026-03-04 14:05"
 * @FD_FORMAT_TIME_CLOCK: the time of day alone: "14:05"
 *
 * How fd_format_local_time() writes a date and time.
 */
typedef enum
{
  FD_FORMAT_TIME_SHORT,
  FD_FORMAT_TIME_FULL,
  FD_FORMAT_TIME_CLOCK,
} FdFormatTime;

/* For people: these follow LC_NUMERIC (decimal separator, grouping). */
char *fd_format_number          (double        value);
char *fd_format_count           (double        value);
char *fd_format_percent         (double        fraction);
char *fd_format_percent_compact (double        fraction);
char *fd_format_fixed           (double        value,
                                 guint         decimals);
char *fd_format_significant     (double        value,
                                 guint         digits);
char *fd_format_duration        (double        seconds);
char *fd_format_age             (double        seconds);
char *fd_format_time_ago        (FdTime        at,
                                 FdTime        now);
char *fd_format_local_time      (FdTime        at,
                                 FdFormatTime  style);
char *fd_format_time_in_zone    (FdTime        at,
                                 GTimeZone    *zone,
                                 FdFormatTime  style);

/* For programs (CSV, exporters): a dot whatever the locale. */
char *fd_format_utc_time        (FdTime        at);
char *fd_format_decimal         (double        value,
                                 guint         decimals);

G_END_DECLS
