/* fd-secret-store.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-secret-store"

#include "config.h"

#include "fd-secret-store.h"

#include <libsecret/secret.h>
#include <string.h>

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.flightdeck.Flightdeck.Token", SECRET_SCHEMA_NONE,
    {
      { "source", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static char *
label_for (const char *uri)
{
  /* Shown in Passwords and Keys (Seahorse). */
  return g_strdup_printf ("Flightdeck token for %s", uri);
}

static void
wipe (char *token)
{
  if (token != NULL)
    explicit_bzero (token, strlen (token));
}

/* libsecret's own errors say "org.freedesktop.DBus.Error…"; say what to do. */
static void
explain_error (GError **error)
{
  if (error == NULL || *error == NULL)
    return;

  if ((*error)->domain == G_DBUS_ERROR || (*error)->domain == G_IO_ERROR)
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (error, "the keyring is not available (is it running and unlocked?): ");
    }
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      explain_error (&error);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
fd_secret_store_store_async (const char          *uri,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;

  g_return_if_fail (uri != NULL);
  g_return_if_fail (token != NULL);

  g_task_set_source_tag (task, fd_secret_store_store_async);
  label = label_for (uri);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, stored_cb, task,
                         "source", uri,
                         NULL);
}

gboolean
fd_secret_store_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      explain_error (&error);
      g_task_return_error (task, error);
      return;
    }

  /* Move it out of libsecret's non-pageable memory into a plain string,
   * which fd_source_config_free() wipes. */
  g_task_return_pointer (task, g_strdup (token), g_free);
  if (token != NULL)
    secret_password_free (token);
}

void
fd_secret_store_lookup_async (const char          *uri,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (uri != NULL);

  g_task_set_source_tag (task, fd_secret_store_lookup_async);
  secret_password_lookup (token_schema (), cancellable, looked_up_cb, task,
                          "source", uri,
                          NULL);
}

char *
fd_secret_store_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      explain_error (&error);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
fd_secret_store_clear_async (const char          *uri,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (uri != NULL);

  g_task_set_source_tag (task, fd_secret_store_clear_async);
  secret_password_clear (token_schema (), cancellable, cleared_cb, task,
                         "source", uri,
                         NULL);
}

gboolean
fd_secret_store_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char *old_uri;
  char *new_uri;
} Move;

static void
move_free (Move *move)
{
  g_free (move->old_uri);
  g_free (move->new_uri);
  g_free (move);
}

static void
move_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Move *move = task_data;
  GError *error = NULL;
  char *token = fd_secret_store_lookup_sync (move->old_uri, cancellable, &error);

  if (token != NULL && fd_secret_store_store_sync (move->new_uri, token, cancellable, &error))
    fd_secret_store_clear_sync (move->old_uri, cancellable, &error);

  wipe (token);
  g_free (token);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fd_secret_store_move_async (const char          *old_uri,
                            const char          *new_uri,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Move *move = g_new0 (Move, 1);

  move->old_uri = g_strdup (old_uri);
  move->new_uri = g_strdup (new_uri);
  g_task_set_task_data (task, move, (GDestroyNotify) move_free);
  g_task_run_in_thread (task, move_thread);
}

gboolean
fd_secret_store_store_sync (const char    *uri,
                            const char    *token,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  label = label_for (uri);
  ok = secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                   cancellable, error,
                                   "source", uri,
                                   NULL);
  explain_error (error);
  return ok;
}

char *
fd_secret_store_lookup_sync (const char    *uri,
                             GCancellable  *cancellable,
                             GError       **error)
{
  char *token;
  char *copy;

  g_return_val_if_fail (uri != NULL, NULL);

  token = secret_password_lookup_sync (token_schema (), cancellable, error,
                                       "source", uri,
                                       NULL);
  explain_error (error);
  if (token == NULL)
    return NULL;

  copy = g_strdup (token);
  secret_password_free (token);
  return copy;
}

gboolean
fd_secret_store_clear_sync (const char    *uri,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);

  secret_password_clear_sync (token_schema (), cancellable, &local_error,
                              "source", uri,
                              NULL);
  if (local_error != NULL)
    {
      explain_error (&local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}
