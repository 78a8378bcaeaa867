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

/* ---- Validation ---- */

#define MAX_DEPTH 512

typedef struct
{
  const char *p;
  const char *end;
  const char *start;
  guint       depth;
} Scan;

static void
skip_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean scan_value (Scan *s);

static gboolean
scan_literal (Scan       *s,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

static gboolean
scan_string (Scan *s)
{
  s->p++;   /* the opening quote */
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          s->p++;
          if (s->p >= s->end)
            return FALSE;
          if (*s->p == 'u')
            {
              for (guint i = 1; i <= 4; i++)
                if (s->p + i >= s->end || !g_ascii_isxdigit (s->p[i]))
                  {
                    s->p += i;
                    return FALSE;
                  }
              s->p += 5;
              continue;
            }
          if (strchr ("\"\\/bfnrt", *s->p) == NULL)
            return FALSE;
        }
      s->p++;
    }

  return FALSE;
}

static gboolean
scan_number (Scan *s)
{
  const char *digits;

  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p >= s->end)
    return FALSE;
  if (*s->p == '0')
    s->p++;
  else if (g_ascii_isdigit (*s->p))
    while (s->p < s->end && g_ascii_isdigit (*s->p))
      s->p++;
  else
    return FALSE;

  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      digits = s->p;
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
      if (s->p == digits)
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      digits = s->p;
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
      if (s->p == digits)
        return FALSE;
    }

  return TRUE;
}

static gboolean
scan_container (Scan *s,
                char  close)
{
  if (++s->depth > MAX_DEPTH)
    return FALSE;

  s->p++;
  skip_space (s);
  if (s->p < s->end && *s->p == close)
    {
      s->p++;
      s->depth--;
      return TRUE;
    }

  for (;;)
    {
      skip_space (s);
      if (close == '}')
        {
          if (s->p >= s->end || *s->p != '"' || !scan_string (s))
            return FALSE;
          skip_space (s);
          if (s->p >= s->end || *s->p != ':')
            return FALSE;
          s->p++;
          skip_space (s);
        }
      if (!scan_value (s))
        return FALSE;
      skip_space (s);
      if (s->p >= s->end)
        return FALSE;
      if (*s->p == close)
        {
          s->p++;
          s->depth--;
          return TRUE;
        }
      if (*s->p != ',')
        return FALSE;
      s->p++;
    }
}

static gboolean
scan_value (Scan *s)
{
  if (s->p >= s->end)
    return FALSE;

  switch (*s->p)
    {
    case '{':
      return scan_container (s, '}');
    case '[':
      return scan_container (s, ']');
    case '"':
      return scan_string (s);
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    default:
      return scan_number (s);
    }
}

/**
 * fd_json_validate:
 * @data: bytes (UTF-8 checked by the caller)
 * @len: their length
 * @out_offset: (out): where the first error is, in bytes
 *
 * Checks that @data is one JSON value (RFC 8259, nested at most 512 deep)
 * with nothing but white space around it. json-glib keeps memory it took for
 * input it then rejects, so a server sending garbage every poll would grow
 * the app: only input that passes here is handed to it.
 *
 * Returns: %TRUE when @data is well-formed JSON
 */
gboolean
fd_json_validate (const char *data,
                  gsize       len,
                  gsize      *out_offset)
{
  Scan s = { data, data + len, data, 0 };
  gboolean ok;

  skip_space (&s);
  ok = scan_value (&s);
  if (ok)
    {
      skip_space (&s);
      ok = s.p == s.end;
    }

  if (out_offset != NULL)
    *out_offset = (gsize) (MIN (s.p, s.end) - s.start);

  return ok;
}
