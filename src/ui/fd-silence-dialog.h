/* fd-silence-dialog.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-action.h"
#include "fd-session.h"

G_BEGIN_DECLS

/*
 * FdSilenceDialog: "Silence…" for one alert. The user picks how long, says
 * why and edits the matchers (one equality matcher per label of the alert
 * to start with); Silence emits ::confirmed with an FD_ACTION_SILENCE action,
 * which the caller hands to its provider like any other action, and closes
 * the dialog.
 *
 * The comment is required: Alertmanager rejects a silence without one, and
 * a made-up default would tell the next person on call nothing.
 */
#define FD_TYPE_SILENCE_DIALOG (fd_silence_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FdSilenceDialog, fd_silence_dialog, FD, SILENCE_DIALOG, AdwWindow)

GtkWidget      *fd_silence_dialog_new             (const char          *alert_id,
                                                   const char          *alert_name);
const char     *fd_silence_dialog_get_alert_id    (FdSilenceDialog     *self);
/* Replaces the matchers by one equality matcher per label ("name=value"). */
void            fd_silence_dialog_set_labels      (FdSilenceDialog     *self,
                                                   const char * const  *labels);
/* Reads the alert's labels from the source that owns it (Alertmanager);
 * for a source that keeps silences itself, the dialog asks only how long. */
void            fd_silence_dialog_look_up_labels  (FdSilenceDialog     *self,
                                                   FdSession           *session);
/* Why Silence is disabled, for the user; NULL when it is enabled. */
const char     *fd_silence_dialog_get_problem     (FdSilenceDialog     *self);
/* The action Silence made (NULL before). */
const FdAction *fd_silence_dialog_get_action      (FdSilenceDialog     *self);

G_END_DECLS
