/* fd-json.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fd-records.h"

G_BEGIN_DECLS

/*
 * Type-checked reads of API answers: a member that is missing, null or of
 * another type reads as absent, never as a crash or a made-up 0.
 */
const char *fd_json_get_string (JsonObject *object,
                                const char *member);
/* FALSE when absent or not an integer (a number with no fraction). */
gboolean    fd_json_get_int    (JsonObject *object,
                                const char *member,
                                gint64     *out);
gboolean    fd_json_get_double (JsonObject *object,
                                const char *member,
                                double     *out);
gboolean    fd_json_get_bool   (JsonObject *object,
                                const char *member,
                                gboolean   *out);
JsonObject *fd_json_get_object (JsonObject *object,
                                const char *member);
JsonArray  *fd_json_get_array  (JsonObject *object,
                                const char *member);
/* An RFC 3339 member as FdTime; FD_TIME_NONE when absent or unparseable. */
FdTime      fd_json_get_time   (JsonObject *object,
                                const char *member);
/* The integer or string member as a string ("123"), or NULL. */
char       *fd_json_dup_id     (JsonObject *object,
                                const char *member);
/* The array element as an object, or NULL. */
JsonObject *fd_json_array_get_object (JsonArray *array,
                                      guint      index);

/* Whether @data is one well-formed JSON value; *out_offset: the first bad byte. */
gboolean    fd_json_validate   (const char *data,
                                gsize       len,
                                gsize      *out_offset);

G_END_DECLS
