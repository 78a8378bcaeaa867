/* fd-jsonl-reader.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-jsonl-reader"

#include "config.h"

#include "fd-jsonl-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fd-time.h"

/*
 * A validating scanner for the fixed schema of events v1. A general JSON
 * library builds a tree per line and is several times slower than the disk;
 * this reads each line once, keeps only the members it knows (as spans into
 * the line, or into a scratch buffer for strings with escapes), checks the
 * JSON grammar and UTF-8 of everything else, and only then interns the
 * strings of a valid record, so rejected lines leave nothing behind.
 * Duplicate member names keep the last value, as Python's json module does.
 */

#define MAX_DEPTH 512
/* A record is a few hundred bytes. A longer line is damage or an attack, and
 * the scratch buffer for its strings would take memory in proportion (or
 * abort on a failed allocation), so it is rejected before any copy. */
#define MAX_LINE_BYTES ((gsize) 64 << 20)

typedef enum
{
  V_ABSENT = 0,
  V_NULL,
  V_FALSE,
  V_TRUE,
  V_NUMBER,
  V_STRING,
  V_ARRAY,
  V_OBJECT,
} ValueKind;

typedef enum
{
  F_TYPE,
  F_ID,
  F_PIPELINE,
  F_SERVICE,
  F_ENVIRONMENT,
  F_BRANCH,
  F_COMMIT,
  F_TRIGGER,
  F_STATUS,
  F_STARTED_AT,
  F_FINISHED_AT,
  F_STAGES,
  F_VERSION,
  F_PREVIOUS_VERSION,
  F_STRATEGY,
  F_COMMITTED_AT,
  F_CAUSED_INCIDENT,
  F_NAME,
  F_SEVERITY,
  F_ACKNOWLEDGED_AT,
  F_RESOLVED_AT,
  F_SUMMARY,
  F_BASELINE_VERSION,
  F_CANARY_VERSION,
  F_STEPS,
  F_CURRENT_STEP,
  F_TRAFFIC_PERCENT,
  F_CANARY_ID,
  F_VARIANT,
  F_AT,
  F_REQUESTS,
  F_ERRORS,
  F_LATENCY_P50,
  F_LATENCY_P95,
  F_LATENCY_P99,
  N_FIELDS
} FieldId;

static const char * const field_names[N_FIELDS] = {
  "type", "id", "pipeline", "service", "environment", "branch", "commit", "trigger",
  "status", "started_at", "finished_at", "stages", "version", "previous_version",
  "strategy", "committed_at", "caused_incident", "name", "severity", "acknowledged_at",
  "resolved_at", "summary", "baseline_version", "canary_version", "steps", "current_step",
  "traffic_percent", "canary_id", "variant", "at", "requests", "errors",
  "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
};

typedef struct
{
  guint8      kind;
  const char *s;
  gsize       len;
  double      num;
} Field;

typedef struct
{
  const char *name;
  gsize       name_len;
  int         status;     /* FdRunStatus, or -1 */
  float       duration_s;
} ParsedStage;

typedef struct
{
  /* Scratch for unescaped strings; at least as long as the line. */
  char    *scratch;
  gsize    scratch_cap;
  gsize    scratch_len;

  Field    fields[N_FIELDS];
  GArray  *steps;          /* double */
  gboolean steps_numbers;  /* every element of the last "steps" is a number */
  GArray  *stages;         /* ParsedStage */
  GArray  *stage_records;  /* FdStage, for the builder */

  char     reason[160];
} Parser;

/* The wire names of each enum, indexed by value, filled in once. */
static const char *run_status_names[FD_RUN_N_STATUS];
static const char *deploy_status_names[FD_DEPLOY_N_STATUS];
static const char *severity_names[FD_SEVERITY_N];
static const char *alert_status_names[FD_ALERT_N_STATUS];
static const char *canary_status_names[FD_CANARY_N_STATUS];
static const char *variant_names[FD_VARIANT_N];

/* Field names grouped by length for lookup. */
static gint8 fields_by_len[17][6];

static void
init_field_table (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      memset (fields_by_len, -1, sizeof fields_by_len);
      for (int f = 0; f < N_FIELDS; f++)
        {
          gsize len = strlen (field_names[f]);
          guint j = 0;

          g_assert (len < G_N_ELEMENTS (fields_by_len));
          while (fields_by_len[len][j] != -1)
            j++;
          g_assert (j < G_N_ELEMENTS (fields_by_len[0]));
          fields_by_len[len][j] = (gint8) f;
        }
      for (int i = 0; i < FD_RUN_N_STATUS; i++)
        run_status_names[i] = fd_run_status_to_string ((FdRunStatus) i);
      for (int i = 0; i < FD_DEPLOY_N_STATUS; i++)
        deploy_status_names[i] = fd_deploy_status_to_string ((FdDeployStatus) i);
      for (int i = 0; i < FD_SEVERITY_N; i++)
        severity_names[i] = fd_severity_to_string ((FdSeverity) i);
      for (int i = 0; i < FD_ALERT_N_STATUS; i++)
        alert_status_names[i] = fd_alert_status_to_string ((FdAlertStatus) i);
      for (int i = 0; i < FD_CANARY_N_STATUS; i++)
        canary_status_names[i] = fd_canary_status_to_string ((FdCanaryStatus) i);
      for (int i = 0; i < FD_VARIANT_N; i++)
        variant_names[i] = fd_variant_to_string ((FdVariant) i);
      g_once_init_leave (&initialized, 1);
    }
}

static inline int
lookup_field (const char *s,
              gsize       len)
{
  if (len >= G_N_ELEMENTS (fields_by_len))
    return -1;
  for (guint j = 0; j < G_N_ELEMENTS (fields_by_len[0]) && fields_by_len[len][j] != -1; j++)
    {
      int f = fields_by_len[len][j];

      if (memcmp (field_names[f], s, len) == 0)
        return f;
    }
  return -1;
}

static inline const char *
skip_ws (const char *p,
         const char *e)
{
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static inline gboolean
read_hex4 (const char *p,
           const char *e,
           guint      *out)
{
  guint v = 0;

  if (e - p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (p[i]);

      if (h < 0)
        return FALSE;
      v = (v << 4) | (guint) h;
    }
  *out = v;
  return TRUE;
}

/* Checks one UTF-8 sequence starting with a byte >= 0x80 (strictly: no
 * overlong forms, surrogates or values above U+10FFFF). Returns its length, 0 when invalid. */
static inline gsize
utf8_sequence (const guchar *p,
               const guchar *e)
{
  guchar c = p[0];
  gsize avail = (gsize) (e - p);

  if (c >= 0xC2 && c <= 0xDF)
    return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF)
    {
      guchar lo = 0x80, hi = 0xBF;

      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
      return avail >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
  if (c >= 0xF0 && c <= 0xF4)
    {
      guchar lo = 0x80, hi = 0xBF;

      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
      return avail >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 &&
             (p[3] & 0xC0) == 0x80 ? 4 : 0;
    }
  return 0;
}

/* Parses a string at *pp (on the opening quote). On success @out and @out_len
 * hold the unescaped text: a span of the line when it has no escapes,
 * otherwise a copy in the scratch buffer. */
static gboolean
parse_string (Parser      *parser,
              const char **pp,
              const char  *e,
              const char **out,
              gsize       *out_len)
{
  const guchar *p = (const guchar *) *pp + 1;
  const guchar *ue = (const guchar *) e;
  const guchar *start = p;
  char *dst;

  for (;;)
    {
      if (G_UNLIKELY (p >= ue))
        return FALSE;
      if (*p == '"')
        {
          *out = (const char *) start;
          *out_len = (gsize) (p - start);
          *pp = (const char *) p + 1;
          return TRUE;
        }
      if (*p == '\\')
        break;
      if (*p < 0x20)
        return FALSE;
      if (*p < 0x80)
        {
          p++;
        }
      else
        {
          gsize n = utf8_sequence (p, ue);

          if (n == 0)
            return FALSE;
          p += n;
        }
    }

  /* Slow path: copy what was scanned, then unescape the rest. */
  dst = parser->scratch + parser->scratch_len;
  memcpy (dst, start, (gsize) (p - start));
  *out = dst;
  dst += p - start;

  for (;;)
    {
      if (p >= ue)
        return FALSE;
      if (*p == '"')
        break;
      if (*p == '\\')
        {
          if (p + 1 >= ue)
            return FALSE;
          switch (p[1])
            {
            case '"': *dst++ = '"'; p += 2; break;
            case '\\': *dst++ = '\\'; p += 2; break;
            case '/': *dst++ = '/'; p += 2; break;
            case 'b': *dst++ = '\b'; p += 2; break;
            case 'f': *dst++ = '\f'; p += 2; break;
            case 'n': *dst++ = '\n'; p += 2; break;
            case 'r': *dst++ = '\r'; p += 2; break;
            case 't': *dst++ = '\t'; p += 2; break;
            case 'u':
              {
                guint cp, lo;

                if (!read_hex4 ((const char *) p + 2, e, &cp))
                  return FALSE;
                p += 6;
                /* A surrogate pair makes one character; a lone surrogate is
                 * kept as it is, as Python's json module does. */
                if (cp >= 0xD800 && cp <= 0xDBFF && ue - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
                    read_hex4 ((const char *) p + 2, e, &lo) && lo >= 0xDC00 && lo <= 0xDFFF)
                  {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                  }
                /* The escape is at least as long as its UTF-8 form. */
                if (cp < 0x80)
                  {
                    *dst++ = (char) cp;
                  }
                else if (cp < 0x800)
                  {
                    *dst++ = (char) (0xC0 | (cp >> 6));
                    *dst++ = (char) (0x80 | (cp & 0x3F));
                  }
                else if (cp < 0x10000)
                  {
                    *dst++ = (char) (0xE0 | (cp >> 12));
                    *dst++ = (char) (0x80 | ((cp >> 6) & 0x3F));
                    *dst++ = (char) (0x80 | (cp & 0x3F));
                  }
                else
                  {
                    *dst++ = (char) (0xF0 | (cp >> 18));
                    *dst++ = (char) (0x80 | ((cp >> 12) & 0x3F));
                    *dst++ = (char) (0x80 | ((cp >> 6) & 0x3F));
                    *dst++ = (char) (0x80 | (cp & 0x3F));
                  }
              }
              break;
            default:
              return FALSE;
            }
        }
      else if (*p < 0x20)
        {
          return FALSE;
        }
      else if (*p < 0x80)
        {
          *dst++ = (char) *p++;
        }
      else
        {
          gsize n = utf8_sequence (p, ue);

          if (n == 0)
            return FALSE;
          memcpy (dst, p, n);
          dst += n;
          p += n;
        }
    }

  *out_len = (gsize) (dst - *out);
  parser->scratch_len = (gsize) (dst - parser->scratch);
  *pp = (const char *) p + 1;
  return TRUE;
}

/* Parses a JSON number at *pp with the strict grammar. */
static gboolean
parse_number (const char **pp,
              const char  *e,
              double      *out)
{
  const char *p = *pp;
  const char *start = p;
  gboolean simple = TRUE;
  guint64 v = 0;
  gsize n_digits = 0;

  if (p < e && *p == '-')
    p++;
  if (p >= e)
    return FALSE;
  if (*p == '0')
    {
      p++;
      n_digits = 1;
    }
  else if (*p >= '1' && *p <= '9')
    {
      while (p < e && *p >= '0' && *p <= '9')
        {
          v = v * 10 + (guint64) (*p - '0');
          p++;
          n_digits++;
        }
    }
  else
    {
      return FALSE;
    }

  if (p < e && *p == '.')
    {
      simple = FALSE;
      p++;
      if (p >= e || *p < '0' || *p > '9')
        return FALSE;
      while (p < e && *p >= '0' && *p <= '9')
        p++;
    }
  if (p < e && (*p == 'e' || *p == 'E'))
    {
      simple = FALSE;
      p++;
      if (p < e && (*p == '+' || *p == '-'))
        p++;
      if (p >= e || *p < '0' || *p > '9')
        return FALSE;
      while (p < e && *p >= '0' && *p <= '9')
        p++;
    }

  if (simple && n_digits <= 15)
    {
      /* Exact in a double; the common case of counts and whole seconds. */
      *out = *start == '-' ? -(double) v : (double) v;
    }
  else
    {
      gsize len = (gsize) (p - start);
      char buf[64];
      g_autofree char *heap = NULL;
      char *s = buf;

      if (len >= sizeof buf)
        s = heap = g_malloc (len + 1);
      memcpy (s, start, len);
      s[len] = '\0';
      *out = g_ascii_strtod (s, NULL);
    }

  *pp = p;
  return TRUE;
}

static gboolean skip_value (Parser *parser, const char **pp, const char *e, int depth);

static gboolean
skip_container (Parser      *parser,
                const char **pp,
                const char  *e,
                int          depth)
{
  const char *p = *pp;
  char close = *p == '{' ? '}' : ']';
  gboolean object = *p == '{';

  if (depth > MAX_DEPTH)
    return FALSE;

  p = skip_ws (p + 1, e);
  if (p < e && *p == close)
    {
      *pp = p + 1;
      return TRUE;
    }

  for (;;)
    {
      if (object)
        {
          const char *s;
          gsize len;

          if (p >= e || *p != '"' || !parse_string (parser, &p, e, &s, &len))
            return FALSE;
          p = skip_ws (p, e);
          if (p >= e || *p != ':')
            return FALSE;
          p = skip_ws (p + 1, e);
        }
      if (!skip_value (parser, &p, e, depth + 1))
        return FALSE;
      p = skip_ws (p, e);
      if (p >= e)
        return FALSE;
      if (*p == close)
        {
          *pp = p + 1;
          return TRUE;
        }
      if (*p != ',')
        return FALSE;
      p = skip_ws (p + 1, e);
    }
}

static gboolean
match_literal (const char **pp,
               const char  *e,
               const char  *lit,
               gsize        len)
{
  if ((gsize) (e - *pp) < len || memcmp (*pp, lit, len) != 0)
    return FALSE;
  *pp += len;
  return TRUE;
}

/* Parses any value; fills @field when not NULL. */
static gboolean
parse_value (Parser      *parser,
             const char **pp,
             const char  *e,
             int          depth,
             Field       *field)
{
  Field dummy;
  const char *p = *pp;

  if (field == NULL)
    field = &dummy;
  if (p >= e)
    return FALSE;

  switch (*p)
    {
    case '"':
      field->kind = V_STRING;
      return parse_string (parser, pp, e, &field->s, &field->len);
    case '{':
      field->kind = V_OBJECT;
      return skip_container (parser, pp, e, depth);
    case '[':
      field->kind = V_ARRAY;
      return skip_container (parser, pp, e, depth);
    case 't':
      field->kind = V_TRUE;
      return match_literal (pp, e, "true", 4);
    case 'f':
      field->kind = V_FALSE;
      return match_literal (pp, e, "false", 5);
    case 'n':
      field->kind = V_NULL;
      return match_literal (pp, e, "null", 4);
    default:
      field->kind = V_NUMBER;
      return parse_number (pp, e, &field->num);
    }
}

static gboolean
skip_value (Parser      *parser,
            const char **pp,
            const char  *e,
            int          depth)
{
  return parse_value (parser, pp, e, depth, NULL);
}

/* "steps": remembers the numbers and whether every element was one. */
static gboolean
parse_steps (Parser      *parser,
             const char **pp,
             const char  *e)
{
  const char *p = *pp;

  g_array_set_size (parser->steps, 0);
  parser->steps_numbers = TRUE;

  p = skip_ws (p + 1, e);
  if (p < e && *p == ']')
    {
      *pp = p + 1;
      return TRUE;
    }

  for (;;)
    {
      Field f;

      if (!parse_value (parser, &p, e, 2, &f))
        return FALSE;
      if (f.kind == V_NUMBER)
        g_array_append_val (parser->steps, f.num);
      else
        parser->steps_numbers = FALSE;
      p = skip_ws (p, e);
      if (p >= e)
        return FALSE;
      if (*p == ']')
        {
          *pp = p + 1;
          return TRUE;
        }
      if (*p != ',')
        return FALSE;
      p = skip_ws (p + 1, e);
    }
}

/* One element of "stages": an object's name, status and duration_s are
 * kept when they have the right type; the spec does not check stages further. */
static gboolean
parse_stage (Parser      *parser,
             const char **pp,
             const char  *e)
{
  const char *p = *pp;
  ParsedStage stage = { NULL, 0, -1, NAN };

  if (p >= e || *p != '{')
    return skip_value (parser, pp, e, 2);

  p = skip_ws (p + 1, e);
  if (p < e && *p == '}')
    {
      *pp = p + 1;
      g_array_append_val (parser->stages, stage);
      return TRUE;
    }

  for (;;)
    {
      const char *key;
      gsize key_len;
      Field f;

      if (p >= e || *p != '"' || !parse_string (parser, &p, e, &key, &key_len))
        return FALSE;
      p = skip_ws (p, e);
      if (p >= e || *p != ':')
        return FALSE;
      p = skip_ws (p + 1, e);
      if (!parse_value (parser, &p, e, 3, &f))
        return FALSE;

      if (key_len == 4 && memcmp (key, "name", 4) == 0)
        {
          stage.name = f.kind == V_STRING ? f.s : NULL;
          stage.name_len = f.kind == V_STRING ? f.len : 0;
        }
      else if (key_len == 6 && memcmp (key, "status", 6) == 0)
        {
          stage.status = -1;
          if (f.kind == V_STRING)
            {
              for (int st = 0; st < FD_RUN_N_STATUS; st++)
                {
                  const char *n = run_status_names[st];

                  if (strlen (n) == f.len && memcmp (n, f.s, f.len) == 0)
                    stage.status = st;
                }
            }
        }
      else if (key_len == 10 && memcmp (key, "duration_s", 10) == 0)
        {
          stage.duration_s = f.kind == V_NUMBER ? (float) f.num : NAN;
        }

      p = skip_ws (p, e);
      if (p >= e)
        return FALSE;
      if (*p == '}')
        {
          *pp = p + 1;
          g_array_append_val (parser->stages, stage);
          return TRUE;
        }
      if (*p != ',')
        return FALSE;
      p = skip_ws (p + 1, e);
    }
}

static gboolean
parse_stages (Parser      *parser,
              const char **pp,
              const char  *e)
{
  const char *p = *pp;

  g_array_set_size (parser->stages, 0);

  p = skip_ws (p + 1, e);
  if (p < e && *p == ']')
    {
      *pp = p + 1;
      return TRUE;
    }

  for (;;)
    {
      if (!parse_stage (parser, &p, e))
        return FALSE;
      p = skip_ws (p, e);
      if (p >= e)
        return FALSE;
      if (*p == ']')
        {
          *pp = p + 1;
          return TRUE;
        }
      if (*p != ',')
        return FALSE;
      p = skip_ws (p + 1, e);
    }
}

/* Parses the line as one JSON object into parser->fields. */
static gboolean
parse_object (Parser     *parser,
              const char *p,
              const char *e)
{
  p = skip_ws (p, e);
  if (p >= e || *p != '{')
    return FALSE;

  p = skip_ws (p + 1, e);
  if (p < e && *p == '}')
    return skip_ws (p + 1, e) == e;

  for (;;)
    {
      const char *key;
      gsize key_len;
      int f;

      if (p >= e || *p != '"' || !parse_string (parser, &p, e, &key, &key_len))
        return FALSE;
      p = skip_ws (p, e);
      if (p >= e || *p != ':')
        return FALSE;
      p = skip_ws (p + 1, e);
      if (p >= e)
        return FALSE;

      f = lookup_field (key, key_len);
      if (f == F_STEPS && *p == '[')
        {
          parser->fields[f].kind = V_ARRAY;
          if (!parse_steps (parser, &p, e))
            return FALSE;
        }
      else if (f == F_STAGES && *p == '[')
        {
          parser->fields[f].kind = V_ARRAY;
          if (!parse_stages (parser, &p, e))
            return FALSE;
        }
      else if (!parse_value (parser, &p, e, 1, f >= 0 ? &parser->fields[f] : NULL))
        {
          return FALSE;
        }

      p = skip_ws (p, e);
      if (p >= e)
        return FALSE;
      if (*p == '}')
        return skip_ws (p + 1, e) == e;
      if (*p != ',')
        return FALSE;
      p = skip_ws (p + 1, e);
    }
}

/* Validation {{{ */

static gboolean
invalid (Parser     *parser,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (Parser     *parser,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_vsnprintf (parser->reason, sizeof parser->reason, format, args);
  va_end (args);

  return FALSE;
}

static inline gboolean
is_null (const Field *f)
{
  return f->kind == V_ABSENT || f->kind == V_NULL;
}

static gboolean
req_str (Parser *parser,
         FieldId id)
{
  if (parser->fields[id].kind != V_STRING)
    return invalid (parser, "“%s” is missing or not a string", field_names[id]);
  return TRUE;
}

static gboolean
opt_str (Parser *parser,
         FieldId id)
{
  const Field *f = &parser->fields[id];

  if (!is_null (f) && f->kind != V_STRING)
    return invalid (parser, "“%s” is not a string", field_names[id]);
  return TRUE;
}

static gboolean
get_time (Parser  *parser,
          FieldId  id,
          gboolean required,
          FdTime  *out)
{
  const Field *f = &parser->fields[id];

  *out = FD_TIME_NONE;
  if (is_null (f))
    {
      if (required)
        return invalid (parser, "“%s” is missing", field_names[id]);
      return TRUE;
    }
  if (f->kind != V_STRING)
    return invalid (parser, "“%s” is not a string", field_names[id]);
  if (!fd_time_parse (f->s, f->len, out))
    {
      *out = FD_TIME_NONE;
      return invalid (parser, "“%s” is not an RFC 3339 time", field_names[id]);
    }
  return TRUE;
}

static gboolean
req_num (Parser  *parser,
         FieldId  id,
         double  *out)
{
  /* Like get_time(), write *out on every path: invalid() is not inlined (it takes varargs),
   * so the compiler cannot see that a failure stops the caller, and at -O3 GCC 12 reports
   * the caller's variable as maybe-uninitialized. */
  *out = 0.0;
  if (parser->fields[id].kind != V_NUMBER)
    return invalid (parser, "“%s” is missing or not a number", field_names[id]);
  *out = parser->fields[id].num;
  return TRUE;
}

static gboolean
req_int (Parser  *parser,
         FieldId  id,
         gint64  *out)
{
  double v;

  *out = 0;
  if (parser->fields[id].kind != V_NUMBER)
    return invalid (parser, "“%s” is missing or not an integer", field_names[id]);
  v = parser->fields[id].num;
  if (!isfinite (v) || floor (v) != v)
    return invalid (parser, "“%s” is not an integer", field_names[id]);
  if (v >= 9223372036854775807.0)
    *out = G_MAXINT64;
  else if (v <= -9223372036854775807.0)
    *out = G_MININT64 + 1;
  else
    *out = (gint64) v;
  return TRUE;
}

static gboolean
enum_value (Parser             *parser,
            FieldId             id,
            const char * const *names,
            int                 n,
            int                *out)
{
  const Field *f = &parser->fields[id];

  /* -1 is no value of any enumeration; callers only read *out after a TRUE return. */
  *out = -1;
  if (f->kind != V_STRING)
    return invalid (parser, "“%s” is missing or not a string", field_names[id]);
  for (int i = 0; i < n; i++)
    {
      if (strlen (names[i]) == f->len && memcmp (names[i], f->s, f->len) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return invalid (parser, "“%s” has an unknown value", field_names[id]);
}

#define ENUM_VALUE(parser, id, names, out) \
  enum_value (parser, id, names, G_N_ELEMENTS (names), out)

static gboolean
not_before (Parser *parser,
            FieldId id,
            FdTime  t,
            FdTime  started_at)
{
  if (t != FD_TIME_NONE && t < started_at)
    return invalid (parser, "“%s” is before “started_at”", field_names[id]);
  return TRUE;
}

static inline FdStr
intern_field (FdSnapshotBuilder *builder,
              Parser            *parser,
              FieldId            id)
{
  const Field *f = &parser->fields[id];

  if (f->kind != V_STRING)
    return FD_STR_NONE;
  return fd_snapshot_builder_intern_len (builder, f->s, f->len);
}

static gboolean
read_run (Parser            *parser,
          FdSnapshotBuilder *builder)
{
  FdPipelineRun run = { 0 };
  FdTime started_at, finished_at;
  int status;

  if (!req_str (parser, F_ID) || !req_str (parser, F_PIPELINE) ||
      !req_str (parser, F_SERVICE) || !req_str (parser, F_ENVIRONMENT) ||
      !opt_str (parser, F_BRANCH) || !opt_str (parser, F_COMMIT) || !opt_str (parser, F_TRIGGER) ||
      !ENUM_VALUE (parser, F_STATUS, run_status_names, &status) ||
      !get_time (parser, F_STARTED_AT, TRUE, &started_at) ||
      !get_time (parser, F_FINISHED_AT, FALSE, &finished_at))
    return FALSE;
  if (finished_at == FD_TIME_NONE &&
      (status == FD_RUN_SUCCESS || status == FD_RUN_FAILED || status == FD_RUN_CANCELLED))
    return invalid (parser, "“finished_at” is required when the run is %s",
                    fd_run_status_to_string (status));
  if (!is_null (&parser->fields[F_STAGES]) && parser->fields[F_STAGES].kind != V_ARRAY)
    return invalid (parser, "“stages” is not an array");
  if (!not_before (parser, F_FINISHED_AT, finished_at, started_at))
    return FALSE;

  run.started_at = started_at;
  run.finished_at = finished_at;
  run.id = intern_field (builder, parser, F_ID);
  run.pipeline = intern_field (builder, parser, F_PIPELINE);
  run.service = intern_field (builder, parser, F_SERVICE);
  run.environment = intern_field (builder, parser, F_ENVIRONMENT);
  run.branch = intern_field (builder, parser, F_BRANCH);
  run.commit = intern_field (builder, parser, F_COMMIT);
  run.trigger = intern_field (builder, parser, F_TRIGGER);
  run.status = (guint8) status;

  g_array_set_size (parser->stage_records, 0);
  if (parser->fields[F_STAGES].kind == V_ARRAY)
    {
      for (guint i = 0; i < parser->stages->len; i++)
        {
          const ParsedStage *ps = &g_array_index (parser->stages, ParsedStage, i);
          FdStage stage;

          FdStr name = ps->name != NULL
            ? fd_snapshot_builder_intern_len (builder, ps->name, ps->name_len) : FD_STR_NONE;

          /* FdStage keeps 28 bits of the name; beyond that it is dropped, not wrapped. */
          stage.name = name < (1u << 28) ? name : FD_STR_NONE;
          stage.status = ps->status >= 0 ? (guint8) ps->status : FD_RUN_N_STATUS;
          stage.duration_s = ps->duration_s;
          g_array_append_val (parser->stage_records, stage);
        }
    }

  fd_snapshot_builder_add_run (builder, &run,
                               (const FdStage *) (void *) parser->stage_records->data,
                               parser->stage_records->len);
  return TRUE;
}

static gboolean
read_deployment (Parser            *parser,
                 FdSnapshotBuilder *builder)
{
  FdDeployment d = { 0 };
  const Field *ci = &parser->fields[F_CAUSED_INCIDENT];
  int status;

  if (!req_str (parser, F_ID) || !req_str (parser, F_SERVICE) ||
      !req_str (parser, F_ENVIRONMENT) || !req_str (parser, F_VERSION) ||
      !opt_str (parser, F_PREVIOUS_VERSION) || !opt_str (parser, F_STRATEGY) ||
      !opt_str (parser, F_COMMIT) ||
      !ENUM_VALUE (parser, F_STATUS, deploy_status_names, &status) ||
      !get_time (parser, F_STARTED_AT, TRUE, &d.started_at) ||
      !get_time (parser, F_FINISHED_AT, FALSE, &d.finished_at))
    return FALSE;
  if (status != FD_DEPLOY_IN_PROGRESS && d.finished_at == FD_TIME_NONE)
    return invalid (parser, "“finished_at” is required unless the deployment is in_progress");
  if (!not_before (parser, F_FINISHED_AT, d.finished_at, d.started_at) ||
      !get_time (parser, F_COMMITTED_AT, FALSE, &d.committed_at))
    return FALSE;
  if (!is_null (ci) && ci->kind != V_TRUE && ci->kind != V_FALSE)
    return invalid (parser, "“caused_incident” is not a boolean");

  d.id = intern_field (builder, parser, F_ID);
  d.service = intern_field (builder, parser, F_SERVICE);
  d.environment = intern_field (builder, parser, F_ENVIRONMENT);
  d.version = intern_field (builder, parser, F_VERSION);
  d.previous_version = intern_field (builder, parser, F_PREVIOUS_VERSION);
  d.strategy = intern_field (builder, parser, F_STRATEGY);
  d.commit = intern_field (builder, parser, F_COMMIT);
  d.status = (guint8) status;
  d.caused_incident = ci->kind == V_TRUE;

  fd_snapshot_builder_add_deployment (builder, &d);
  return TRUE;
}

static gboolean
read_alert (Parser            *parser,
            FdSnapshotBuilder *builder)
{
  FdAlert a = { 0 };
  int severity, status;

  if (!req_str (parser, F_ID) || !req_str (parser, F_NAME) ||
      !req_str (parser, F_SERVICE) || !req_str (parser, F_ENVIRONMENT) ||
      !opt_str (parser, F_SUMMARY) ||
      !ENUM_VALUE (parser, F_SEVERITY, severity_names, &severity) ||
      !ENUM_VALUE (parser, F_STATUS, alert_status_names, &status) ||
      !get_time (parser, F_STARTED_AT, TRUE, &a.started_at) ||
      !get_time (parser, F_ACKNOWLEDGED_AT, FALSE, &a.acknowledged_at) ||
      !get_time (parser, F_RESOLVED_AT, FALSE, &a.resolved_at))
    return FALSE;
  if (status == FD_ALERT_RESOLVED && a.resolved_at == FD_TIME_NONE)
    return invalid (parser, "“resolved_at” is required when the alert is resolved");
  if (!not_before (parser, F_ACKNOWLEDGED_AT, a.acknowledged_at, a.started_at) ||
      !not_before (parser, F_RESOLVED_AT, a.resolved_at, a.started_at))
    return FALSE;

  a.id = intern_field (builder, parser, F_ID);
  a.name = intern_field (builder, parser, F_NAME);
  a.service = intern_field (builder, parser, F_SERVICE);
  a.environment = intern_field (builder, parser, F_ENVIRONMENT);
  a.summary = intern_field (builder, parser, F_SUMMARY);
  a.severity = (guint8) severity;
  a.status = (guint8) status;

  fd_snapshot_builder_add_alert (builder, &a);
  return TRUE;
}

static gboolean
read_canary (Parser            *parser,
             FdSnapshotBuilder *builder)
{
  FdCanary c = { 0 };
  gint64 current_step;
  int status;

  if (!req_str (parser, F_ID) || !req_str (parser, F_SERVICE) ||
      !req_str (parser, F_ENVIRONMENT) || !req_str (parser, F_BASELINE_VERSION) ||
      !req_str (parser, F_CANARY_VERSION) ||
      !ENUM_VALUE (parser, F_STATUS, canary_status_names, &status) ||
      !get_time (parser, F_STARTED_AT, TRUE, &c.started_at) ||
      !get_time (parser, F_FINISHED_AT, FALSE, &c.finished_at) ||
      !not_before (parser, F_FINISHED_AT, c.finished_at, c.started_at))
    return FALSE;
  if (parser->fields[F_STEPS].kind != V_ARRAY || !parser->steps_numbers)
    return invalid (parser, "“steps” is missing or not an array of numbers");
  if (!req_int (parser, F_CURRENT_STEP, &current_step) ||
      !req_num (parser, F_TRAFFIC_PERCENT, &c.traffic_percent))
    return FALSE;

  c.id = intern_field (builder, parser, F_ID);
  c.service = intern_field (builder, parser, F_SERVICE);
  c.environment = intern_field (builder, parser, F_ENVIRONMENT);
  c.baseline_version = intern_field (builder, parser, F_BASELINE_VERSION);
  c.canary_version = intern_field (builder, parser, F_CANARY_VERSION);
  c.current_step = (gint32) CLAMP (current_step, G_MININT32, G_MAXINT32);
  c.status = (guint8) status;

  fd_snapshot_builder_add_canary (builder, &c, (const double *) (void *) parser->steps->data,
                                  parser->steps->len);
  return TRUE;
}

static gboolean
read_sample (Parser            *parser,
             FdSnapshotBuilder *builder)
{
  FdCanarySample s = { 0 };
  int variant;

  if (!req_str (parser, F_CANARY_ID) ||
      !ENUM_VALUE (parser, F_VARIANT, variant_names, &variant) ||
      !get_time (parser, F_AT, TRUE, &s.at) ||
      !req_int (parser, F_REQUESTS, &s.requests) ||
      !req_int (parser, F_ERRORS, &s.errors))
    return FALSE;
  if (s.requests < 0 || s.errors < 0)
    return invalid (parser, "“requests” and “errors” must not be negative");
  if (s.errors > s.requests)
    return invalid (parser, "“errors” is greater than “requests”");
  if (!req_num (parser, F_LATENCY_P50, &s.latency_p50_ms) ||
      !req_num (parser, F_LATENCY_P95, &s.latency_p95_ms) ||
      !req_num (parser, F_LATENCY_P99, &s.latency_p99_ms))
    return FALSE;

  s.canary_id = intern_field (builder, parser, F_CANARY_ID);
  s.variant = (guint8) variant;

  fd_snapshot_builder_add_sample (builder, &s);
  return TRUE;
}

/* }}} */

typedef enum
{
  LINE_VALID,
  LINE_INVALID,
  LINE_UNKNOWN,
  LINE_BLANK,
} LineKind;

static LineKind
read_line (Parser            *parser,
           FdSnapshotBuilder *builder,
           const char        *line,
           gsize              len)
{
  const Field *type;
  gboolean ok;

  if (len > 0 && line[len - 1] == '\r')
    len--;

  {
    gsize i = 0;

    while (i < len && (line[i] == ' ' || line[i] == '\t'))
      i++;
    if (i == len)
      return LINE_BLANK;
  }

  if (G_UNLIKELY (len > MAX_LINE_BYTES))
    {
      g_snprintf (parser->reason, sizeof parser->reason,
                  "line too long (%" G_GSIZE_FORMAT " bytes; the limit is 64 MiB)", len);
      return LINE_INVALID;
    }

  if (G_UNLIKELY (parser->scratch_cap < len + 16))
    {
      parser->scratch_cap = MAX (len + 16, parser->scratch_cap * 2);
      g_free (parser->scratch);
      parser->scratch = g_malloc (parser->scratch_cap);
    }
  parser->scratch_len = 0;
  memset (parser->fields, 0, sizeof parser->fields);
  parser->steps_numbers = TRUE;

  if (!parse_object (parser, line, line + len))
    {
      g_strlcpy (parser->reason, "not a JSON object (syntax error or invalid UTF-8)",
                 sizeof parser->reason);
      return LINE_INVALID;
    }

  type = &parser->fields[F_TYPE];
  if (type->kind != V_STRING)
    {
      g_strlcpy (parser->reason, "“type” is missing or not a string", sizeof parser->reason);
      return LINE_INVALID;
    }

#define TYPE_IS(lit) (type->len == sizeof (lit) - 1 && memcmp (type->s, lit, sizeof (lit) - 1) == 0)
  if (TYPE_IS ("pipeline_run"))
    ok = read_run (parser, builder);
  else if (TYPE_IS ("deployment"))
    ok = read_deployment (parser, builder);
  else if (TYPE_IS ("alert"))
    ok = read_alert (parser, builder);
  else if (TYPE_IS ("canary"))
    ok = read_canary (parser, builder);
  else if (TYPE_IS ("canary_sample"))
    ok = read_sample (parser, builder);
  else
    return LINE_UNKNOWN;
#undef TYPE_IS

  return ok ? LINE_VALID : LINE_INVALID;
}

static void
parser_init (Parser *parser)
{
  init_field_table ();
  memset (parser, 0, sizeof *parser);
  parser->scratch_cap = 4096;
  parser->scratch = g_malloc (parser->scratch_cap);
  parser->steps = g_array_new (FALSE, FALSE, sizeof (double));
  parser->stages = g_array_new (FALSE, FALSE, sizeof (ParsedStage));
  parser->stage_records = g_array_new (FALSE, FALSE, sizeof (FdStage));
}

static void
parser_clear (Parser *parser)
{
  g_clear_pointer (&parser->scratch, g_free);
  g_clear_pointer (&parser->steps, g_array_unref);
  g_clear_pointer (&parser->stages, g_array_unref);
  g_clear_pointer (&parser->stage_records, g_array_unref);
}

/* One contiguous run of whole lines, read by one thread. */
typedef struct
{
  const char        *data;
  gsize              len;
  gboolean           mapped;
  FdSnapshotBuilder *builder;
  FdJsonlErrorFunc   error_func;
  gpointer           user_data;
  FdJsonlStats       stats;
  GCancellable      *cancellable;
  GError            *error;
  gboolean           ok;
} Chunk;

static void
read_chunk (Chunk *chunk)
{
  Parser parser;
  const char *p = chunk->data;
  const char *end = chunk->data + chunk->len;
  const char *dropped = chunk->data;
  guint64 line_number = 0;

  chunk->ok = TRUE;
  parser_init (&parser);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;

      line_number++;
      switch (read_line (&parser, chunk->builder, p, (gsize) (line_end - p)))
        {
        case LINE_VALID:
          chunk->stats.valid++;
          break;
        case LINE_INVALID:
          chunk->stats.invalid_lines++;
          if (chunk->error_func != NULL)
            chunk->error_func (line_number, parser.reason, chunk->user_data);
          break;
        case LINE_UNKNOWN:
          chunk->stats.unknown_types++;
          break;
        case LINE_BLANK:
          chunk->stats.blank_lines++;
          break;
        default:
          g_assert_not_reached ();
        }

      p = nl != NULL ? nl + 1 : end;

#ifdef MADV_DONTNEED
      /* Records keep copies of their strings, so the pages of a mapped file
       * behind the cursor are not needed again: dropping them keeps the
       * resident size at the records kept, whatever the file size. */
      if (chunk->mapped && p - dropped >= (64 << 20))
        {
          gsize page = (gsize) sysconf (_SC_PAGESIZE);
          const char *upto = (const char *) ((guintptr) p & ~(guintptr) (page - 1));

          if (upto > dropped)
            {
              madvise ((void *) dropped, (gsize) (upto - dropped), MADV_DONTNEED);
              dropped = upto;
            }
        }
#endif

      if (chunk->cancellable != NULL && (line_number & 0xffff) == 0 &&
          g_cancellable_set_error_if_cancelled (chunk->cancellable, &chunk->error))
        {
          chunk->ok = FALSE;
          break;
        }
    }

  chunk->stats.lines = line_number;
  parser_clear (&parser);
}

/* The second half of a file: its invalid lines are kept with their line
 * numbers within the chunk and reported after the first half's, in order. */
typedef struct
{
  guint64  line_number;
  char    *reason;
} DeferredError;

static void
defer_error_cb (guint64     line_number,
                const char *reason,
                gpointer    user_data)
{
  GArray *errors = user_data;
  DeferredError e = { line_number, g_strdup (reason) };

  g_array_append_val (errors, e);
}

static gpointer
read_chunk_thread (gpointer data)
{
  read_chunk (data);
  return NULL;
}

/* Files at least this large are split in two and read by two threads. */
#define PARALLEL_MIN_BYTES (8 << 20)

static gboolean
read_buffer (const char        *data,
             gsize              len,
             gboolean           mapped,
             FdSnapshotBuilder *builder,
             FdJsonlErrorFunc   error_func,
             gpointer           user_data,
             FdJsonlStats      *stats,
             GCancellable      *cancellable,
             GError           **error)
{
  Chunk first = { 0 };
  Chunk second = { 0 };
  const char *mid = NULL;
  gsize skip = 0;

  memset (stats, 0, sizeof *stats);
  stats->bytes = len;

  /* A byte order mark at the start of the file is ignored. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;

  first.data = data + skip;
  first.len = len - skip;
  first.mapped = mapped;
  first.builder = builder;
  first.error_func = error_func;
  first.user_data = user_data;
  first.cancellable = cancellable;

  /* Split at a line end near the middle. The second half goes to its own
   * builder, appended after the first so that "the last valid line wins"
   * and the order of records are exactly as for one sequential read. */
  if (first.len >= PARALLEL_MIN_BYTES && g_get_num_processors () > 1)
    {
      const char *nl = memchr (first.data + first.len / 2, '\n', first.len - first.len / 2);

      if (nl != NULL && nl + 1 < first.data + first.len)
        mid = nl + 1;
    }

  if (mid == NULL)
    {
      read_chunk (&first);
    }
  else
    {
      g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (DeferredError));
      GThread *thread;

      second.data = mid;
      second.len = (gsize) (first.data + first.len - mid);
      second.mapped = mapped;
      second.builder = fd_snapshot_builder_new ();
      second.error_func = error_func != NULL ? defer_error_cb : NULL;
      second.user_data = errors;
      second.cancellable = cancellable;
      first.len = (gsize) (mid - first.data);

      thread = g_thread_new ("fd-jsonl-reader", read_chunk_thread, &second);
      read_chunk (&first);
      g_thread_join (thread);

      if (first.ok && second.ok)
        fd_snapshot_builder_append (builder, second.builder);
      fd_snapshot_builder_free (second.builder);

      for (guint i = 0; i < errors->len; i++)
        {
          DeferredError *e = &g_array_index (errors, DeferredError, i);

          if (first.ok && second.ok)
            error_func (first.stats.lines + e->line_number, e->reason, user_data);
          g_free (e->reason);
        }

      first.stats.lines += second.stats.lines;
      first.stats.valid += second.stats.valid;
      first.stats.invalid_lines += second.stats.invalid_lines;
      first.stats.unknown_types += second.stats.unknown_types;
      first.stats.blank_lines += second.stats.blank_lines;
    }

  stats->lines = first.stats.lines;
  stats->valid = first.stats.valid;
  stats->invalid_lines = first.stats.invalid_lines;
  stats->unknown_types = first.stats.unknown_types;
  stats->blank_lines = first.stats.blank_lines;

  if (first.error != NULL || second.error != NULL)
    {
      g_propagate_error (error, first.error != NULL ? first.error : second.error);
      if (first.error != NULL)
        g_clear_error (&second.error);
      return FALSE;
    }

  return TRUE;
}

/**
 * fd_jsonl_read_data:
 * @data: (array length=len): the bytes of an events v1 file
 * @len: the length of @data
 * @builder: the builder that receives the valid records
 * @error_func: (scope call) (nullable): called for each rejected line
 * @user_data: data for @error_func
 * @stats: (out caller-allocates) (optional): what the read saw
 *
 * Reads JSON Lines from memory. Invalid lines are reported and skipped;
 * they are never fatal.
 *
 * Returns: %TRUE (there is nothing that can fail)
 */
gboolean
fd_jsonl_read_data (const char        *data,
                    gsize              len,
                    FdSnapshotBuilder *builder,
                    FdJsonlErrorFunc   error_func,
                    gpointer           user_data,
                    FdJsonlStats      *stats)
{
  FdJsonlStats local;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (builder != NULL, FALSE);

  return read_buffer (data, len, FALSE, builder, error_func, user_data,
                      stats != NULL ? stats : &local, NULL, NULL);
}

/**
 * fd_jsonl_read_file:
 * @path: the file to read
 * @builder: the builder that receives the valid records
 * @error_func: (scope call) (nullable): called for each rejected line
 * @user_data: data for @error_func
 * @stats: (out caller-allocates) (optional): what the read saw
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads an events v1 file. Regular files are memory-mapped so memory use
 * does not grow with the file beyond the records kept; other files (pipes)
 * are read whole.
 *
 * Returns: %TRUE on success; %FALSE with a %G_IO_ERROR when the file
 *   cannot be opened or read, or the read was cancelled
 */
gboolean
fd_jsonl_read_file (const char         *path,
                    FdSnapshotBuilder  *builder,
                    FdJsonlErrorFunc    error_func,
                    gpointer            user_data,
                    FdJsonlStats       *stats,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  FdJsonlStats local;
  GMappedFile *mapped;
  struct stat st;
  gboolean ret;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (builder != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = &local;
  memset (stats, 0, sizeof *stats);
  display = g_filename_display_name (path);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not read “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }

  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "Could not read “%s”: it is a directory", display);
      return FALSE;
    }

  if (S_ISREG (st.st_mode) && st.st_size == 0)
    {
      close (fd);
      return read_buffer ("", 0, FALSE, builder, error_func, user_data, stats, cancellable, error);
    }

  if (S_ISREG (st.st_mode) &&
      (mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error)) != NULL)
    {
      const char *contents = g_mapped_file_get_contents (mapped);
      gsize len = g_mapped_file_get_length (mapped);

      close (fd);
#ifdef MADV_SEQUENTIAL
      madvise ((void *) contents, len, MADV_SEQUENTIAL);
#endif
      ret = read_buffer (contents, len, TRUE, builder, error_func, user_data, stats,
                         cancellable, error);
      g_mapped_file_unref (mapped);
      return ret;
    }
  else
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      close (fd);
      g_clear_error (&local_error);
      if (!g_file_get_contents (path, &contents, &len, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "Could not read “%s”: %s", display, local_error->message);
          return FALSE;
        }
      return read_buffer (contents, len, FALSE, builder, error_func, user_data, stats,
                          cancellable, error);
    }
}
