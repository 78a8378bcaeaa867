/* fd-test-server.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-test-server"

#include "config.h"

#include "fd-test-server.h"
#include "fd-time.h"

#include <string.h>

struct _FdTestServer
{
  SoupServer   *server;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *url;
  GMutex        mutex;
  GPtrArray    *log;
};

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  FdTestServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->log, g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg),
                                               g_uri_get_path (uri), query ? "?" : "",
                                               query ? query : ""));
  g_mutex_unlock (&self->mutex);
}

static gpointer
server_thread (gpointer data)
{
  FdTestServer *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static gboolean
start_listening (gpointer data)
{
  FdTestServer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  GSocketAddress *address;
  GSList *listeners;

  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  soup_server_listen (self->server, address, 0, &error);
  g_object_unref (address);
  g_assert_no_error (error);

  /* Not soup_server_get_uris (): libsoup 3.2 leaks an address in it. */
  listeners = soup_server_get_listeners (self->server);
  g_assert_nonnull (listeners);
  bound = g_socket_get_local_address (listeners->data, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_slist_free (listeners);

  return G_SOURCE_REMOVE;
}

FdTestServer *
fd_test_server_new (void)
{
  FdTestServer *self = g_new0 (FdTestServer, 1);

  g_mutex_init (&self->mutex);
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "fd-test-server", NULL);
  g_signal_connect (self->server, "request-read", G_CALLBACK (request_started_cb), self);
  start_listening (self);
  g_main_context_pop_thread_default (self->context);

  self->thread = g_thread_new ("fd-test-server", server_thread, self);

  return self;
}

SoupServer *
fd_test_server_get_server (FdTestServer *self)
{
  return self->server;
}

const char *
fd_test_server_get_url (FdTestServer *self)
{
  return self->url;
}

void
fd_test_server_add_handler (FdTestServer       *self,
                            const char         *path,
                            SoupServerCallback  callback,
                            gpointer            user_data)
{
  soup_server_add_handler (self->server, path, callback, user_data, NULL);
}

GPtrArray *
fd_test_server_dup_log (FdTestServer *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->log->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (self->log, i)));
  g_mutex_unlock (&self->mutex);

  return copy;
}

static gboolean
quit_later_cb (gpointer data)
{
  FdTestServer *self = data;

  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  FdTestServer *self = data;
  GSource *source;

  soup_server_disconnect (self->server);
  /* Let the closed connections run their last callbacks and free themselves. */
  source = g_timeout_source_new (20);
  g_source_set_callback (source, quit_later_cb, self, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);

  return G_SOURCE_REMOVE;
}

void
fd_test_server_free (FdTestServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (self->thread);
  g_clear_object (&self->server);
  g_main_loop_unref (self->loop);
  /* Let anything the disconnect scheduled run and free itself. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->log);
  g_mutex_clear (&self->mutex);
  g_free (self->url);
  g_free (self);
}

void
fd_test_server_reply (SoupServerMessage *msg,
                      guint              status,
                      const char        *content_type,
                      const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type ? content_type : "application/json",
                                      SOUP_MEMORY_COPY, body, strlen (body));
}

char *
fd_test_server_load_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sources", "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

typedef struct
{
  FdBatch  *batch;
  char     *result;
  gboolean  ok;
  GError   *error;
  gboolean  done;
} Wait;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->batch = fd_source_fetch_finish (FD_SOURCE (object), result, &wait->error);
  wait->done = TRUE;
}

FdBatch *
fd_test_fetch (FdSource  *source,
               GBytes    *cursor,
               GError   **error)
{
  Wait wait = { 0 };

  fd_source_fetch_async (source, cursor, NULL, fetched_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);

  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.batch;
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = fd_source_apply_finish (FD_SOURCE (object), result, &wait->result, &wait->error);
  wait->done = TRUE;
}

gboolean
fd_test_apply (FdSource        *source,
               const FdAction  *action,
               char           **out_result,
               GError         **error)
{
  Wait wait = { 0 };

  fd_source_apply_async (source, action, NULL, applied_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);

  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  if (out_result != NULL)
    *out_result = g_steal_pointer (&wait.result);
  g_free (wait.result);
  return wait.ok;
}

#define DEFINE_FIND(Type, name, getter)                                   \
const Type *                                                              \
fd_test_find_##name (FdSnapshot *snapshot,                                \
                     const char *id)                                      \
{                                                                         \
  gsize n;                                                                \
  const Type *items = getter (snapshot, &n);                              \
                                                                          \
  for (gsize i = 0; i < n; i++)                                           \
    if (g_strcmp0 (fd_snapshot_str (snapshot, items[i].id), id) == 0)     \
      return &items[i];                                                   \
                                                                          \
  return NULL;                                                            \
}

DEFINE_FIND (FdPipelineRun, run, fd_snapshot_get_runs)
DEFINE_FIND (FdDeployment, deployment, fd_snapshot_get_deployments)
DEFINE_FIND (FdAlert, alert, fd_snapshot_get_alerts)
DEFINE_FIND (FdCanary, canary, fd_snapshot_get_canaries)

FdTime
fd_test_time (const char *text)
{
  FdTime value = FD_TIME_NONE;

  g_assert_true (fd_time_parse (text, strlen (text), &value));
  return value;
}

guint
fd_test_count_requests (GPtrArray  *log,
                        const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (log, i), prefix))
      n++;

  return n;
}
