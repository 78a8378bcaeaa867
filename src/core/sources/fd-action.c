/* fd-action.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-action"

#include "config.h"

#include "fd-action.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (FdAction, fd_action, fd_action_copy, fd_action_free)

static const char * const kind_nicks[FD_ACTION_N_KINDS] = {
  [FD_ACTION_ACKNOWLEDGE] = "acknowledge",
  [FD_ACTION_RESOLVE] = "resolve",
  [FD_ACTION_SILENCE] = "silence",
  [FD_ACTION_PROMOTE] = "promote",
  [FD_ACTION_PAUSE] = "pause",
  [FD_ACTION_RESUME] = "resume",
  [FD_ACTION_ROLL_BACK] = "roll-back",
  [FD_ACTION_UNSILENCE] = "unsilence",
};

/**
 * fd_action_new:
 * @kind: what the user asked for
 * @target_id: the id of the alert, silence or canary the action is about
 * @at: when the user asked
 * @until: end of a silence or acknowledgement, or %FD_TIME_NONE for the default
 *
 * Creates a user action to pass to fd_source_apply_async().
 *
 * Returns: (transfer full): a new #FdAction
 */
FdAction *
fd_action_new (FdActionKind  kind,
               const char   *target_id,
               FdTime        at,
               FdTime        until)
{
  FdAction *action;

  g_return_val_if_fail (target_id != NULL, NULL);

  action = g_new0 (FdAction, 1);
  action->kind = kind;
  action->target_id = g_strdup (target_id);
  action->at = at;
  action->until = until;

  return action;
}

/**
 * fd_action_copy:
 * @action: an #FdAction
 *
 * Returns: (transfer full): a deep copy of @action
 */
FdAction *
fd_action_copy (const FdAction *action)
{
  FdAction *copy;

  g_return_val_if_fail (action != NULL, NULL);

  copy = fd_action_new (action->kind, action->target_id, action->at, action->until);
  copy->comment = g_strdup (action->comment);
  copy->author = g_strdup (action->author);
  copy->matchers = g_strdupv (action->matchers);

  return copy;
}

/**
 * fd_action_free:
 * @action: (nullable): an #FdAction
 *
 * Frees @action and its strings.
 */
void
fd_action_free (FdAction *action)
{
  if (action == NULL)
    return;

  g_free (action->target_id);
  g_free (action->comment);
  g_free (action->author);
  g_strfreev (action->matchers);
  g_free (action);
}

void
fd_action_set_comment (FdAction   *action,
                       const char *comment)
{
  g_return_if_fail (action != NULL);

  g_free (action->comment);
  action->comment = g_strdup (comment);
}

void
fd_action_set_author (FdAction   *action,
                      const char *author)
{
  g_return_if_fail (action != NULL);

  g_free (action->author);
  action->author = g_strdup (author);
}

void
fd_action_set_matchers (FdAction           *action,
                        const char * const *matchers)
{
  g_return_if_fail (action != NULL);

  g_strfreev (action->matchers);
  action->matchers = g_strdupv ((char **) matchers);
}

/**
 * fd_action_kind_to_nick:
 * @kind: an #FdActionKind
 *
 * Returns: the word `flightdeck-cli act` takes for @kind
 */
const char *
fd_action_kind_to_nick (FdActionKind kind)
{
  g_return_val_if_fail (kind < FD_ACTION_N_KINDS, NULL);

  return kind_nicks[kind];
}

/**
 * fd_action_kind_from_nick:
 * @nick: a word such as "acknowledge" or "roll-back"
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE when @nick names an action
 */
gboolean
fd_action_kind_from_nick (const char   *nick,
                          FdActionKind *out_kind)
{
  g_return_val_if_fail (nick != NULL, FALSE);

  for (guint i = 0; i < FD_ACTION_N_KINDS; i++)
    {
      if (strcmp (nick, kind_nicks[i]) == 0)
        {
          if (out_kind != NULL)
            *out_kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * fd_action_to_variant:
 * @action: an #FdAction
 *
 * @action as an `a{sv}` dictionary, the parameter of the window's
 * `win.apply` action: a page hands a whole action (a silence with its
 * matchers, comment and end) to the window without knowing it.
 *
 * Returns: (transfer floating): the dictionary
 */
GVariant *
fd_action_to_variant (const FdAction *action)
{
  GVariantBuilder builder;

  g_return_val_if_fail (action != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "kind",
                         g_variant_new_string (fd_action_kind_to_nick (action->kind)));
  g_variant_builder_add (&builder, "{sv}", "target",
                         g_variant_new_string (action->target_id != NULL ? action->target_id : ""));
  g_variant_builder_add (&builder, "{sv}", "at", g_variant_new_int64 (action->at));
  g_variant_builder_add (&builder, "{sv}", "until", g_variant_new_int64 (action->until));
  if (action->comment != NULL)
    g_variant_builder_add (&builder, "{sv}", "comment", g_variant_new_string (action->comment));
  if (action->author != NULL)
    g_variant_builder_add (&builder, "{sv}", "author", g_variant_new_string (action->author));
  if (action->matchers != NULL)
    g_variant_builder_add (&builder, "{sv}", "matchers",
                           g_variant_new_strv ((const char * const *) action->matchers, -1));

  return g_variant_builder_end (&builder);
}

/**
 * fd_action_new_from_variant:
 * @variant: an `a{sv}` from fd_action_to_variant()
 *
 * Returns: (transfer full) (nullable): the action, or %NULL when @variant
 *   has no known kind or no target
 */
FdAction *
fd_action_new_from_variant (GVariant *variant)
{
  g_autoptr(GVariantDict) dict = NULL;
  g_autofree const char **matchers = NULL;
  const char *kind_nick = NULL;
  const char *target = NULL;
  const char *comment = NULL;
  const char *author = NULL;
  gint64 at = 0;
  gint64 until = FD_TIME_NONE;
  FdActionKind kind;
  FdAction *action;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    return NULL;

  dict = g_variant_dict_new (variant);
  if (!g_variant_dict_lookup (dict, "kind", "&s", &kind_nick) ||
      !fd_action_kind_from_nick (kind_nick, &kind) ||
      !g_variant_dict_lookup (dict, "target", "&s", &target) ||
      target[0] == '\0')
    return NULL;
  g_variant_dict_lookup (dict, "at", "x", &at);
  g_variant_dict_lookup (dict, "until", "x", &until);

  action = fd_action_new (kind, target, at, until);
  if (g_variant_dict_lookup (dict, "comment", "&s", &comment))
    fd_action_set_comment (action, comment);
  if (g_variant_dict_lookup (dict, "author", "&s", &author))
    fd_action_set_author (action, author);
  if (g_variant_dict_lookup (dict, "matchers", "^a&s", &matchers))
    fd_action_set_matchers (action, matchers);

  return action;
}
