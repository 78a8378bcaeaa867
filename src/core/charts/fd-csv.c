/* fd-csv.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-csv"

#include "config.h"

#include "fd-csv.h"

#include "fd-format.h"

#include <math.h>
#include <string.h>

/**
 * FdCsv:
 *
 * A table of text cells written as CSV (RFC 4180): a header row, then one
 * line per row, fields quoted where they hold a comma, a quote or a line
 * break, and CRLF line ends.
 *
 * The cells are typed when they are added, so that every page writes the
 * same things the same way: times in RFC 3339 UTC, numbers with a dot,
 * booleans as `true`/`false`, and statuses in the words of the event format
 * (`success`, `rolled_back`, `firing`, ...), which a reader of the export
 * can feed back to our own parser. Text that a spreadsheet would run as a
 * formula gets a leading `'` (see fd_csv_add_text()).
 *
 * A table is filled on one thread and, once shared (fd_csv_ref()), only
 * read: the export writes it on a worker.
 */
struct _FdCsv
{
  gatomicrefcount  ref_count;
  guint            n_columns;
  guint            n_rows;
  guint            n_in_row;  /* cells added to the last row so far */
  GPtrArray       *header;    /* char * */
  GPtrArray       *cells;     /* char *, row after row; the last row may be short */
};

/**
 * fd_csv_new:
 * @columns: (array zero-terminated=1): the header row's names
 *
 * Returns: (transfer full): a new table with no rows
 */
FdCsv *
fd_csv_new (const char * const *columns)
{
  FdCsv *self;

  g_return_val_if_fail (columns != NULL && columns[0] != NULL, NULL);

  self = g_new0 (FdCsv, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->header = g_ptr_array_new_with_free_func (g_free);
  self->cells = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; columns[i] != NULL; i++)
    g_ptr_array_add (self->header, g_strdup (columns[i]));
  self->n_columns = self->header->len;

  return self;
}

/**
 * fd_csv_ref:
 * @self: a #FdCsv
 *
 * Returns: (transfer full): @self
 */
FdCsv *
fd_csv_ref (FdCsv *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * fd_csv_unref:
 * @self: (transfer full): a #FdCsv
 */
void
fd_csv_unref (FdCsv *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->header, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_free (self);
}

/**
 * fd_csv_get_n_columns:
 * @self: a #FdCsv
 *
 * Returns: the number of columns, those of the header row
 */
guint
fd_csv_get_n_columns (const FdCsv *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

/**
 * fd_csv_get_n_rows:
 * @self: a #FdCsv
 *
 * Returns: the number of rows, the header row not counted
 */
guint
fd_csv_get_n_rows (const FdCsv *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

/**
 * fd_csv_get_cell:
 * @self: a #FdCsv
 * @row: a row, 0 for the first one after the header
 * @column: a column
 *
 * Returns: (transfer none): the cell's text as it will be written (before
 *   quoting); an empty string for a cell never added
 */
const char *
fd_csv_get_cell (const FdCsv *self,
                 guint        row,
                 guint        column)
{
  guint index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  index = row * self->n_columns + column;
  return index < self->cells->len ? g_ptr_array_index (self->cells, index) : "";
}

/**
 * fd_csv_add_row:
 * @self: a #FdCsv
 *
 * Starts a new row; the fd_csv_add_*() calls that follow fill its cells from
 * left to right. Cells left out of a row are empty.
 */
void
fd_csv_add_row (FdCsv *self)
{
  g_return_if_fail (self != NULL);

  while (self->cells->len < self->n_rows * self->n_columns)
    g_ptr_array_add (self->cells, g_strdup (""));
  self->n_rows++;
  self->n_in_row = 0;
}

static void
take_cell (FdCsv *self,
           char  *text)
{
  if (self->n_rows == 0 || self->n_in_row >= self->n_columns)
    {
      g_critical ("%s: no room for a cell (call fd_csv_add_row() first, at most %u cells a row)",
                  G_STRFUNC, self->n_columns);
      g_free (text);
      return;
    }

  g_ptr_array_add (self->cells, text);
  self->n_in_row++;
}

/**
 * fd_csv_add_text:
 * @self: a #FdCsv
 * @text: (nullable): the cell's text; %NULL for an empty cell
 *
 * Adds a text cell to the current row.
 *
 * Text from the records (names, summaries, branches) could be anything, and
 * a spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (or a tab or
 * carriage return before one) as a formula. Such text gets a leading `'`,
 * which spreadsheets show as text and people read past (OWASP's advice
 * against CSV injection). Numbers, times and statuses have their own
 * fd_csv_add_*() functions and are never prefixed, so a negative number
 * stays a number.
 */
void
fd_csv_add_text (FdCsv      *self,
                 const char *text)
{
  g_return_if_fail (self != NULL);

  if (text == NULL)
    take_cell (self, g_strdup (""));
  else if (text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    take_cell (self, g_strconcat ("'", text, NULL));
  else
    take_cell (self, g_strdup (text));
}

/**
 * fd_csv_add_number:
 * @self: a #FdCsv
 * @value: a number; NaN for an empty cell (not known)
 * @decimals: the digits after the point, at most 9
 *
 * Adds a number with a dot whatever the locale: "12.500".
 */
void
fd_csv_add_number (FdCsv  *self,
                   double  value,
                   guint   decimals)
{
  g_return_if_fail (self != NULL);

  take_cell (self, isfinite (value) ? fd_format_decimal (value, decimals) : g_strdup (""));
}

/**
 * fd_csv_add_time:
 * @self: a #FdCsv
 * @at: a time; %FD_TIME_NONE for an empty cell
 *
 * Adds a time as exporters write times: RFC 3339 in UTC with `Z`.
 */
void
fd_csv_add_time (FdCsv  *self,
                 FdTime  at)
{
  g_return_if_fail (self != NULL);

  take_cell (self, fd_format_utc_time (at));
}

/**
 * fd_csv_add_boolean:
 * @self: a #FdCsv
 * @value: a truth value
 *
 * Adds `true` or `false`, as JSON writes them.
 */
void
fd_csv_add_boolean (FdCsv    *self,
                    gboolean  value)
{
  g_return_if_fail (self != NULL);

  take_cell (self, g_strdup (value ? "true" : "false"));
}

/* The status vocabulary: the words of the event format, from the same
 * tables the reader parses, so that an export reads back. A value out of
 * range is an empty cell rather than a word of our own. */

static void
add_word (FdCsv      *self,
          const char *word)
{
  take_cell (self, g_strdup (word != NULL ? word : ""));
}

/**
 * fd_csv_add_run_status:
 * @self: a #FdCsv
 * @status: a pipeline run's status
 *
 * Adds `success`, `failed`, `cancelled`, `running` or `queued`.
 */
void
fd_csv_add_run_status (FdCsv       *self,
                       FdRunStatus  status)
{
  g_return_if_fail (self != NULL);

  add_word (self, fd_run_status_to_string (status));
}

/**
 * fd_csv_add_deploy_status:
 * @self: a #FdCsv
 * @status: a deployment's status
 *
 * Adds `success`, `failed`, `rolled_back` or `in_progress`.
 */
void
fd_csv_add_deploy_status (FdCsv          *self,
                          FdDeployStatus  status)
{
  g_return_if_fail (self != NULL);

  add_word (self, fd_deploy_status_to_string (status));
}

/**
 * fd_csv_add_alert_status:
 * @self: a #FdCsv
 * @status: an alert's status
 *
 * Adds `firing`, `acknowledged` or `resolved`.
 */
void
fd_csv_add_alert_status (FdCsv         *self,
                         FdAlertStatus  status)
{
  g_return_if_fail (self != NULL);

  add_word (self, fd_alert_status_to_string (status));
}

/**
 * fd_csv_add_canary_status:
 * @self: a #FdCsv
 * @status: a canary's status
 *
 * Adds `progressing`, `paused`, `promoted` or `rolled_back`.
 */
void
fd_csv_add_canary_status (FdCsv          *self,
                          FdCanaryStatus  status)
{
  g_return_if_fail (self != NULL);

  add_word (self, fd_canary_status_to_string (status));
}

/**
 * fd_csv_add_severity:
 * @self: a #FdCsv
 * @severity: an alert's severity
 *
 * Adds `critical`, `high`, `warning` or `info`.
 */
void
fd_csv_add_severity (FdCsv      *self,
                     FdSeverity  severity)
{
  g_return_if_fail (self != NULL);

  add_word (self, fd_severity_to_string (severity));
}

static void
append_field (GString    *out,
              const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static GString *
write_table (const FdCsv *self)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < self->n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_field (out, g_ptr_array_index (self->header, c));
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < self->n_rows; r++)
    {
      for (guint c = 0; c < self->n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_field (out, fd_csv_get_cell (self, r, c));
        }
      g_string_append (out, "\r\n");
    }

  return out;
}

/**
 * fd_csv_to_string:
 * @self: a #FdCsv
 *
 * Returns: (transfer full): the table as CSV text, the header row first
 */
char *
fd_csv_to_string (const FdCsv *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_string_free (write_table (self), FALSE);
}

/**
 * fd_csv_to_bytes:
 * @self: a #FdCsv
 *
 * Returns: (transfer full): the table as CSV, as fd_csv_to_string() writes it
 */
GBytes *
fd_csv_to_bytes (const FdCsv *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_string_free_to_bytes (write_table (self));
}
