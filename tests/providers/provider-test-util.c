/* provider-test-util.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "provider-test-util"

#include "config.h"

#include "provider-test-util.h"

#include "fd-jsonl-writer.h"

static void
result_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  return *slot;
}

FdSnapshot *
provider_test_refresh (FdDataProvider  *provider,
                       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fd_data_provider_refresh_async (provider, NULL, result_ready_cb, &result);
  wait_for (&result);
  return fd_data_provider_refresh_finish (provider, result, error);
}

gboolean
provider_test_apply (FdDataProvider  *provider,
                     const FdAction  *action,
                     GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fd_data_provider_apply_async (provider, action, NULL, result_ready_cb, &result);
  wait_for (&result);
  return fd_data_provider_apply_finish (provider, result, error);
}

char *
provider_test_dump (FdSnapshot *snapshot)
{
  return fd_jsonl_write_string (snapshot, FD_TIME_NONE, FD_TIME_NONE, NULL);
}

void
provider_test_isolate_data_home (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flightdeck-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
}
