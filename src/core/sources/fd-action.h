/* fd-action.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fd-records.h"

G_BEGIN_DECLS

typedef enum
{
  FD_ACTION_ACKNOWLEDGE,      /* alert */
  FD_ACTION_RESOLVE,          /* alert */
  FD_ACTION_SILENCE,          /* alert, until FdAction.until */
  FD_ACTION_PROMOTE,          /* canary */
  FD_ACTION_PAUSE,            /* canary */
  FD_ACTION_RESUME,           /* canary */
  FD_ACTION_ROLL_BACK,        /* canary */
  FD_ACTION_UNSILENCE,        /* alert or silence */
  FD_ACTION_N_KINDS
} FdActionKind;

/*
 * FdAction: what the user asked a source to do. Sources that act on a real
 * system (Alertmanager, Argo Rollouts) read the optional fields; the file and
 * the simulator keep the action in the local action store.
 */
typedef struct
{
  FdActionKind kind;
  char        *target_id;     /* the alert's, silence's or canary's id */
  FdTime       at;            /* when the user asked */
  FdTime       until;         /* end of a silence or acknowledgement; FD_TIME_NONE: default */
  char        *comment;       /* nullable: a default comment is used */
  char        *author;        /* nullable: the login name is used */
  /* Nullable, NULL-terminated: silence matchers as "name=value", "name!=value",
   * "name=~regex" or "name!~regex"; NULL: one equality matcher per label. */
  char       **matchers;
} FdAction;

#define FD_TYPE_ACTION (fd_action_get_type ())
GType         fd_action_get_type       (void) G_GNUC_CONST;
FdAction     *fd_action_new            (FdActionKind    kind,
                                        const char     *target_id,
                                        FdTime          at,
                                        FdTime          until);
FdAction     *fd_action_copy           (const FdAction *action);
void          fd_action_free           (FdAction       *action);
void          fd_action_set_comment    (FdAction       *action,
                                        const char     *comment);
void          fd_action_set_author     (FdAction       *action,
                                        const char     *author);
void          fd_action_set_matchers   (FdAction       *action,
                                        const char * const *matchers);
/* As the a{sv} parameter of the window's win.apply action, and back. */
GVariant     *fd_action_to_variant     (const FdAction *action);
FdAction     *fd_action_new_from_variant (GVariant     *variant);
/* The command-line word of a kind ("acknowledge", "roll-back", ...) and back. */
const char   *fd_action_kind_to_nick   (FdActionKind    kind);
gboolean      fd_action_kind_from_nick (const char     *nick,
                                        FdActionKind   *out_kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdAction, fd_action_free)

G_END_DECLS
