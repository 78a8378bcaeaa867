/* fd-time.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fd-records.h"

G_BEGIN_DECLS

gboolean  fd_time_parse  (const char *str,
                          gsize       len,
                          FdTime     *out);
char     *fd_time_format (FdTime      t);
FdTime    fd_time_now    (void);
/* "90s", "30m", "2h", "1h30m", "1d" or plain seconds ("3600") to seconds;
 * FALSE for anything else or for zero. */
gboolean  fd_time_parse_duration (const char *str,
                                  gint64     *out_seconds);
/* Days since 1970-01-01 of a proleptic Gregorian date (negative before). */
gint64    fd_time_days_from_civil (gint64 year,
                                   guint  month,
                                   guint  day);

G_END_DECLS
