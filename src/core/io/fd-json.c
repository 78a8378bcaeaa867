/* fd-json.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-json"

#include "config.h"

#include "fd-json.h"
#include "fd-time.h"

#include <math.h>
#include <string.h>

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  if (object == NULL)
    return NULL;

  return json_object_get_member (object, name);
}

const char *
fd_json_get_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
fd_json_get_int (JsonObject *object,
                 const char *name,
                 gint64     *out)
{
  JsonNode *node = member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (isfinite (d) && d == floor (d) && fabs (d) < 9.0e15)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
fd_json_get_double (JsonObject *object,
                    const char *name,
                    double     *out)
{
  JsonNode *node = member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      *out = json_node_get_double (node);
      return isfinite (*out);
    }

  return FALSE;
}

gboolean
fd_json_get_bool (JsonObject *object,
                  const char *name,
                  gboolean   *out)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *out = json_node_get_boolean (node);
  return TRUE;
}

JsonObject *
fd_json_get_object (JsonObject *object,
                    const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
fd_json_get_array (JsonObject *object,
                   const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

FdTime
fd_json_get_time (JsonObject *object,
                  const char *name)
{
  const char *text = fd_json_get_string (object, name);
  FdTime t;

  if (text == NULL || !fd_time_parse (text, strlen (text), &t))
    return FD_TIME_NONE;

  return t;
}

char *
fd_json_dup_id (JsonObject *object,
                const char *name)
{
  const char *text = fd_json_get_string (object, name);
  gint64 n;

  if (text != NULL)
    return *text != '\0' ? g_strdup (text) : NULL;
  if (fd_json_get_int (object, name, &n))
    return g_strdup_printf ("%" G_GINT64_FORMAT, n);

  return NULL;
}

JsonObject *
fd_json_array_get_object (JsonArray *array,
                          guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
