/* fd-jsonl-writer.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-jsonl-writer"

#include "config.h"

#include "fd-jsonl-writer.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "fd-time.h"

/*
 * Writes events v1 with the records of all types merged in time order, the
 * way a live exporter would have appended them. Times are UTC with `Z`;
 * numbers use the shortest form that reads back to the same double, so a
 * read → write → read round trip is exact.
 */

typedef struct
{
  GString *buf;
  FILE    *file;      /* NULL when writing to a string */
  gboolean failed;
} Out;

static void
out_flush (Out *out)
{
  if (out->file == NULL || out->buf->len == 0)
    return;
  if (fwrite (out->buf->str, 1, out->buf->len, out->file) != out->buf->len)
    out->failed = TRUE;
  g_string_truncate (out->buf, 0);
}

/**
 * fd_jsonl_append_string:
 * @buf: a #GString
 * @str: a nul-terminated string as the reader stores it
 *
 * Appends @str as a JSON string. Valid UTF-8 is copied as it is; a lone
 * surrogate, which the reader keeps from a `\\uD800`-style escape as Python's
 * json module does, is written back as that escape so the output stays
 * valid UTF-8 and reads back to the same string.
 */
void
fd_jsonl_append_string (GString    *buf,
                        const char *str)
{
  fd_jsonl_append_string_len (buf, str, strlen (str));
}

/**
 * fd_jsonl_append_string_len:
 * @buf: a #GString
 * @str: the bytes of a string
 * @len: its length; NUL bytes in it are written as `\\u0000`
 *
 * Like fd_jsonl_append_string() for strings that may hold NUL bytes.
 */
void
fd_jsonl_append_string_len (GString    *buf,
                            const char *str,
                            gsize       len)
{
  const guchar *p = (const guchar *) str;
  const guchar *end = p + len;

  g_string_append_c (buf, '"');
  while (p < end)
    {
      guchar c = *p;

      if (c < 0x80)
        {
          switch (c)
            {
            case '"': g_string_append (buf, "\\\""); break;
            case '\\': g_string_append (buf, "\\\\"); break;
            case '\n': g_string_append (buf, "\\n"); break;
            case '\r': g_string_append (buf, "\\r"); break;
            case '\t': g_string_append (buf, "\\t"); break;
            case '\b': g_string_append (buf, "\\b"); break;
            case '\f': g_string_append (buf, "\\f"); break;
            default:
              if (c < 0x20)
                g_string_append_printf (buf, "\\u%04x", c);
              else
                g_string_append_c (buf, (char) c);
            }
          p++;
        }
      else if (c == 0xED && end - p >= 3 && p[1] >= 0xA0 && p[1] <= 0xBF && (p[2] & 0xC0) == 0x80)
        {
          guint cp = ((guint) (c & 0x0F) << 12) | ((guint) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);

          g_string_append_printf (buf, "\\u%04x", cp);
          p += 3;
        }
      else
        {
          const char *next = g_utf8_find_next_char ((const char *) p, (const char *) end);
          gsize n = next != NULL ? (gsize) ((const guchar *) next - p) : (gsize) (end - p);

          if (g_utf8_validate ((const char *) p, (gssize) n, NULL))
            g_string_append_len (buf, (const char *) p, (gssize) n);
          else
            g_string_append (buf, "\\ufffd");
          p += n;
        }
    }
  g_string_append_c (buf, '"');
}

/**
 * fd_jsonl_format_number:
 * @buf: a #GString
 * @v: a finite number
 *
 * Appends the shortest decimal form of @v that parses back to the same double.
 */
void
fd_jsonl_format_number (GString *buf,
                        double   v)
{
  char tmp[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      g_string_append (buf, "null");
      return;
    }
  if (v == floor (v) && fabs (v) < 1e15)
    {
      g_string_append_printf (buf, "%" G_GINT64_FORMAT, (gint64) v);
      return;
    }
  /* The shortest of 15, 16 or 17 significant digits that reads back exactly. */
  g_ascii_formatd (tmp, sizeof tmp, "%.15g", v);
  if (g_ascii_strtod (tmp, NULL) != v)
    g_ascii_formatd (tmp, sizeof tmp, "%.16g", v);
  if (g_ascii_strtod (tmp, NULL) != v)
    g_ascii_formatd (tmp, sizeof tmp, "%.17g", v);
  g_string_append (buf, tmp);
}

static void
put_key (GString    *buf,
         const char *key)
{
  g_string_append_c (buf, ',');
  g_string_append_c (buf, '"');
  g_string_append (buf, key);
  g_string_append (buf, "\":");
}

static void
put_str (GString          *buf,
         const FdSnapshot *s,
         const char       *key,
         FdStr             str)
{
  const char *text;
  gsize len;

  if (str == FD_STR_NONE)
    return;
  put_key (buf, key);
  text = fd_snapshot_str_len (s, str, &len);
  fd_jsonl_append_string_len (buf, text, len);
}

static void
put_time (GString    *buf,
          const char *key,
          FdTime      t)
{
  g_autofree char *text = NULL;

  if (t == FD_TIME_NONE)
    return;
  text = fd_time_format (t);
  put_key (buf, key);
  g_string_append_c (buf, '"');
  g_string_append (buf, text);
  g_string_append_c (buf, '"');
}

static void
put_enum (GString    *buf,
          const char *key,
          const char *name)
{
  put_key (buf, key);
  g_string_append_c (buf, '"');
  g_string_append (buf, name);
  g_string_append_c (buf, '"');
}

static void
put_num (GString    *buf,
         const char *key,
         double      v)
{
  put_key (buf, key);
  fd_jsonl_format_number (buf, v);
}

static void
write_run (GString             *buf,
           const FdSnapshot    *s,
           const FdPipelineRun *r)
{
  const FdStage *stages;
  gsize n_stages;

  g_string_append (buf, "{\"type\":\"pipeline_run\"");
  put_str (buf, s, "id", r->id);
  put_str (buf, s, "pipeline", r->pipeline);
  put_str (buf, s, "service", r->service);
  put_str (buf, s, "environment", r->environment);
  put_str (buf, s, "branch", r->branch);
  put_str (buf, s, "commit", r->commit);
  put_str (buf, s, "trigger", r->trigger);
  put_enum (buf, "status", fd_run_status_to_string (r->status));
  put_time (buf, "started_at", r->started_at);
  put_time (buf, "finished_at", r->finished_at);

  stages = fd_snapshot_get_stages (s, r, &n_stages);
  if (r->n_stages > 0)
    {
      put_key (buf, "stages");
      g_string_append_c (buf, '[');
      for (gsize i = 0; i < n_stages; i++)
        {
          gboolean first = TRUE;

          g_string_append (buf, i > 0 ? ",{" : "{");
          if (stages[i].name != FD_STR_NONE)
            {
              const char *name;
              gsize len;

              name = fd_snapshot_str_len (s, stages[i].name, &len);
              g_string_append (buf, "\"name\":");
              fd_jsonl_append_string_len (buf, name, len);
              first = FALSE;
            }
          if (stages[i].status < FD_RUN_N_STATUS)
            {
              if (!first)
                g_string_append_c (buf, ',');
              g_string_append_printf (buf, "\"status\":\"%s\"",
                                      fd_run_status_to_string (stages[i].status));
              first = FALSE;
            }
          if (!isnan (stages[i].duration_s))
            {
              if (!first)
                g_string_append_c (buf, ',');
              g_string_append (buf, "\"duration_s\":");
              fd_jsonl_format_number (buf, stages[i].duration_s);
            }
          g_string_append_c (buf, '}');
        }
      g_string_append_c (buf, ']');
    }
  g_string_append (buf, "}\n");
}

static void
write_deployment (GString            *buf,
                  const FdSnapshot   *s,
                  const FdDeployment *d)
{
  g_string_append (buf, "{\"type\":\"deployment\"");
  put_str (buf, s, "id", d->id);
  put_str (buf, s, "service", d->service);
  put_str (buf, s, "environment", d->environment);
  put_str (buf, s, "version", d->version);
  put_str (buf, s, "previous_version", d->previous_version);
  put_str (buf, s, "strategy", d->strategy);
  put_enum (buf, "status", fd_deploy_status_to_string (d->status));
  put_time (buf, "started_at", d->started_at);
  put_time (buf, "finished_at", d->finished_at);
  put_str (buf, s, "commit", d->commit);
  put_time (buf, "committed_at", d->committed_at);
  if (d->caused_incident)
    g_string_append (buf, ",\"caused_incident\":true");
  g_string_append (buf, "}\n");
}

static void
write_alert (GString          *buf,
             const FdSnapshot *s,
             const FdAlert    *a)
{
  g_string_append (buf, "{\"type\":\"alert\"");
  put_str (buf, s, "id", a->id);
  put_str (buf, s, "name", a->name);
  put_str (buf, s, "service", a->service);
  put_str (buf, s, "environment", a->environment);
  put_enum (buf, "severity", fd_severity_to_string (a->severity));
  put_enum (buf, "status", fd_alert_status_to_string (a->status));
  put_time (buf, "started_at", a->started_at);
  put_time (buf, "acknowledged_at", a->acknowledged_at);
  put_time (buf, "resolved_at", a->resolved_at);
  put_str (buf, s, "summary", a->summary);
  g_string_append (buf, "}\n");
}

static void
write_canary (GString          *buf,
              const FdSnapshot *s,
              const FdCanary   *c)
{
  const double *steps;
  gsize n_steps;

  g_string_append (buf, "{\"type\":\"canary\"");
  put_str (buf, s, "id", c->id);
  put_str (buf, s, "service", c->service);
  put_str (buf, s, "environment", c->environment);
  put_str (buf, s, "baseline_version", c->baseline_version);
  put_str (buf, s, "canary_version", c->canary_version);
  put_enum (buf, "status", fd_canary_status_to_string (c->status));
  put_time (buf, "started_at", c->started_at);
  put_time (buf, "finished_at", c->finished_at);
  steps = fd_snapshot_get_steps (s, c, &n_steps);
  put_key (buf, "steps");
  g_string_append_c (buf, '[');
  for (gsize i = 0; i < n_steps; i++)
    {
      if (i > 0)
        g_string_append_c (buf, ',');
      fd_jsonl_format_number (buf, steps[i]);
    }
  g_string_append_c (buf, ']');
  put_num (buf, "current_step", c->current_step);
  put_num (buf, "traffic_percent", c->traffic_percent);
  g_string_append (buf, "}\n");
}

static void
write_sample (GString              *buf,
              const FdSnapshot     *s,
              const FdCanarySample *x)
{
  g_string_append (buf, "{\"type\":\"canary_sample\"");
  put_str (buf, s, "canary_id", x->canary_id);
  put_enum (buf, "variant", fd_variant_to_string (x->variant));
  put_time (buf, "at", x->at);
  g_string_append_printf (buf, ",\"requests\":%" G_GINT64_FORMAT ",\"errors\":%" G_GINT64_FORMAT,
                          x->requests, x->errors);
  put_num (buf, "latency_p50_ms", x->latency_p50_ms);
  put_num (buf, "latency_p95_ms", x->latency_p95_ms);
  put_num (buf, "latency_p99_ms", x->latency_p99_ms);
  g_string_append (buf, "}\n");
}

/* Merges the five sorted record arrays by time into @out. */
static void
write_all (Out         *out,
           FdSnapshot  *s,
           FdTime       from,
           FdTime       to,
           const char  *environment)
{
  gsize n_runs, n_deps, n_alerts, n_canaries, n_samples;
  const FdPipelineRun *runs = fd_snapshot_get_runs (s, &n_runs);
  const FdDeployment *deps = fd_snapshot_get_deployments (s, &n_deps);
  const FdAlert *alerts = fd_snapshot_get_alerts (s, &n_alerts);
  const FdCanary *canaries = fd_snapshot_get_canaries (s, &n_canaries);
  const FdCanarySample *samples = fd_snapshot_get_samples (s, &n_samples);
  gsize i[5], end[5];
  FdStr env = FD_STR_NONE;
  g_autofree guint8 *canary_ok = NULL;

  if (from == FD_TIME_NONE)
    from = G_MININT64;
  if (to == FD_TIME_NONE)
    to = G_MAXINT64;

  if (environment != NULL)
    {
      env = fd_snapshot_lookup (s, environment);
      if (env == FD_STR_NONE)
        return;
      /* Samples follow their canary into or out of the environment. */
      canary_ok = g_new0 (guint8, fd_snapshot_get_n_strings (s));
      for (gsize k = 0; k < n_canaries; k++)
        if (canaries[k].environment == env)
          canary_ok[canaries[k].id] = 1;
    }

  fd_snapshot_runs_range (s, from, to, &i[0], &end[0]);
  fd_snapshot_deployments_range (s, from, to, &i[1], &end[1]);
  fd_snapshot_alerts_range (s, from, to, &i[2], &end[2]);
  fd_snapshot_canaries_range (s, from, to, &i[3], &end[3]);
  fd_snapshot_samples_range (s, from, to, &i[4], &end[4]);

  for (;;)
    {
      FdTime best_t = G_MAXINT64;
      int best = -1;
      FdTime t[5];

      t[0] = i[0] < end[0] ? runs[i[0]].started_at : G_MAXINT64;
      t[1] = i[1] < end[1] ? deps[i[1]].started_at : G_MAXINT64;
      t[2] = i[2] < end[2] ? alerts[i[2]].started_at : G_MAXINT64;
      t[3] = i[3] < end[3] ? canaries[i[3]].started_at : G_MAXINT64;
      t[4] = i[4] < end[4] ? samples[i[4]].at : G_MAXINT64;
      for (int k = 0; k < 5; k++)
        {
          if (i[k] < end[k] && (best < 0 || t[k] < best_t))
            {
              best = k;
              best_t = t[k];
            }
        }
      if (best < 0)
        break;

      switch (best)
        {
        case 0:
          if (env == FD_STR_NONE || runs[i[0]].environment == env)
            write_run (out->buf, s, &runs[i[0]]);
          break;
        case 1:
          if (env == FD_STR_NONE || deps[i[1]].environment == env)
            write_deployment (out->buf, s, &deps[i[1]]);
          break;
        case 2:
          if (env == FD_STR_NONE || alerts[i[2]].environment == env)
            write_alert (out->buf, s, &alerts[i[2]]);
          break;
        case 3:
          if (env == FD_STR_NONE || canaries[i[3]].environment == env)
            write_canary (out->buf, s, &canaries[i[3]]);
          break;
        case 4:
          if (canary_ok == NULL || canary_ok[samples[i[4]].canary_id])
            write_sample (out->buf, s, &samples[i[4]]);
          break;
        default:
          g_assert_not_reached ();
        }
      i[best]++;

      if (out->buf->len > 1 << 20)
        out_flush (out);
    }
}

/**
 * fd_jsonl_write_string:
 * @snapshot: a #FdSnapshot
 * @from: start of the window, or %FD_TIME_NONE for no start
 * @to: end of the window (excluded), or %FD_TIME_NONE for no end
 * @environment: (nullable): the only environment to write, or %NULL for all
 *
 * Returns: (transfer full): the records in the window as events v1 JSON Lines
 */
char *
fd_jsonl_write_string (FdSnapshot *snapshot,
                       FdTime      from,
                       FdTime      to,
                       const char *environment)
{
  Out out = { g_string_new (NULL), NULL, FALSE };

  g_return_val_if_fail (snapshot != NULL, NULL);

  write_all (&out, snapshot, from, to, environment);

  return g_string_free (out.buf, FALSE);
}

/**
 * fd_jsonl_write_file:
 * @snapshot: a #FdSnapshot
 * @path: the file to write
 * @from: start of the window, or %FD_TIME_NONE for no start
 * @to: end of the window (excluded), or %FD_TIME_NONE for no end
 * @environment: (nullable): the only environment to write, or %NULL for all
 * @error: return location for a #GError
 *
 * Writes the records to a temporary file next to @path and renames it over
 * @path, so a failed export never leaves a partial file.
 *
 * Returns: %TRUE on success
 */
gboolean
fd_jsonl_write_file (FdSnapshot  *snapshot,
                     const char  *path,
                     FdTime       from,
                     FdTime       to,
                     const char  *environment,
                     GError     **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  Out out = { NULL, NULL, FALSE };
  int fd, saved_errno;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }
  /* mkstemp creates 0600; an export is an ordinary document. */
  {
    mode_t mask = umask (0);

    umask (mask);
    fchmod (fd, 0666 & ~mask);
  }

  out.file = fdopen (fd, "w");
  out.buf = g_string_sized_new (1 << 20);
  write_all (&out, snapshot, from, to, environment);
  out_flush (&out);
  g_string_free (out.buf, TRUE);

  saved_errno = 0;
  if (fflush (out.file) != 0 || fsync (fileno (out.file)) != 0)
    out.failed = TRUE;
  if (out.failed)
    saved_errno = errno;
  if (fclose (out.file) != 0 && !out.failed)
    {
      out.failed = TRUE;
      saved_errno = errno;
    }

  if (!out.failed && g_rename (tmp_path, path) != 0)
    {
      out.failed = TRUE;
      saved_errno = errno;
    }

  if (out.failed)
    {
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
