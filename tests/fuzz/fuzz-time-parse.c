/* fuzz-time-parse.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-time-parse"

#include "config.h"

#include "fuzz-target.h"

#include "fd-time.h"

#include <string.h>

/* RFC 3339 parsing: the input is the raw bytes, not NUL-terminated, since
 * the reader hands fd_time_parse() slices of a line. Anything it accepts
 * must format and parse back to the same instant. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FdTime t = 0;
  FdTime again = 0;
  g_autofree char *formatted = NULL;

  if (!fd_time_parse ((const char *) data, size, &t))
    return 0;

  if (t == FD_TIME_NONE)
    g_error ("fd_time_parse accepted “%.*s” as FD_TIME_NONE", (int) size, data);

  formatted = fd_time_format (t);
  if (formatted == NULL)
    g_error ("fd_time_format failed for %" G_GINT64_FORMAT, t);

  /* An offset can move a time just past the year range when converted to
   * UTC, and the UTC form is then rejected; only a second acceptance has to
   * agree. */
  if (fd_time_parse (formatted, strlen (formatted), &again) && again != t)
    g_error ("round trip of “%.*s”: %" G_GINT64_FORMAT " -> “%s” -> %" G_GINT64_FORMAT,
             (int) size, data, t, formatted, again);

  return 0;
}
