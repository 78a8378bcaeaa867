/* fd-silence-matcher-row.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* In the order of the row's drop-down. */
typedef enum
{
  FD_MATCHER_EQUAL,       /* = */
  FD_MATCHER_NOT_EQUAL,   /* != */
  FD_MATCHER_REGEX,       /* =~ */
  FD_MATCHER_NOT_REGEX,   /* !~ */
} FdMatcherOperator;

/*
 * FdSilenceMatcherRow: one matcher of a silence, as a label name, an
 * operator and a value the user can edit, with a button that asks for the
 * row to be removed.
 */
#define FD_TYPE_SILENCE_MATCHER_ROW (fd_silence_matcher_row_get_type ())
G_DECLARE_FINAL_TYPE (FdSilenceMatcherRow, fd_silence_matcher_row, FD, SILENCE_MATCHER_ROW,
                      AdwPreferencesRow)

GtkWidget         *fd_silence_matcher_row_new          (const char           *name,
                                                        FdMatcherOperator     op,
                                                        const char           *value);
const char        *fd_silence_matcher_row_get_name     (FdSilenceMatcherRow  *self);
void               fd_silence_matcher_row_set_name     (FdSilenceMatcherRow  *self,
                                                        const char           *name);
FdMatcherOperator  fd_silence_matcher_row_get_operator (FdSilenceMatcherRow  *self);
void               fd_silence_matcher_row_set_operator (FdSilenceMatcherRow  *self,
                                                        FdMatcherOperator     op);
const char        *fd_silence_matcher_row_get_value    (FdSilenceMatcherRow  *self);
void               fd_silence_matcher_row_set_value    (FdSilenceMatcherRow  *self,
                                                        const char           *value);
/* The matcher as FdAction.matchers carries it ("name=value", ...), or NULL
 * with *out_problem set to a sentence for the user. *out_matches_empty: whether
 * the matcher also matches a label that is missing, which Alertmanager does not
 * accept on its own. */
char              *fd_silence_matcher_row_to_text      (FdSilenceMatcherRow  *self,
                                                        gboolean             *out_matches_empty,
                                                        char                **out_problem);

G_END_DECLS
