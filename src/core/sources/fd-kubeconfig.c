/* fd-kubeconfig.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fd-kubeconfig"

#include "config.h"

#include "fd-kubeconfig.h"
#include "fd-source.h"

#include <json-glib/json-glib.h>
#include <string.h>

/*
 * kubectl writes kubeconfig files in YAML block style. This reads that
 * subset (block mappings and sequences, plain and quoted scalars, comments)
 * into a JsonNode tree; flow collections other than [] and {} are not read.
 */

static JsonNode *
new_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

static JsonNode *
new_array_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, json_array_new ());
  return node;
}

typedef struct
{
  int       indent;
  JsonNode *node;       /* object or array */
} Level;

static char *
unquote (const char *value)
{
  g_autofree char *v = g_strstrip (g_strdup (value));
  gsize len = strlen (v);

  if (len >= 2 && ((v[0] == '"' && v[len - 1] == '"') || (v[0] == '\'' && v[len - 1] == '\'')))
    return g_strndup (v + 1, len - 2);

  /* A comment after a plain scalar. */
  {
    char *hash = strstr (v, " #");

    if (hash != NULL)
      {
        *hash = '\0';
        g_strchomp (v);
      }
  }

  return g_steal_pointer (&v);
}

static JsonNode *
scalar_node (const char *value)
{
  g_autofree char *text = unquote (value);
  JsonNode *node;

  if (g_str_equal (text, "[]"))
    return new_array_node ();
  if (g_str_equal (text, "{}"))
    return new_object_node ();

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, text);
  return node;
}

/* Splits "key: value" (value may be empty). FALSE when the line has no key. */
static gboolean
split_key (const char  *line,
           char       **out_key,
           char       **out_value)
{
  const char *colon = NULL;
  char quote = 0;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          continue;
        }
      if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == ':' && (p[1] == ' ' || p[1] == '\0'))
        {
          colon = p;
          break;
        }
    }

  if (colon == NULL || colon == line)
    return FALSE;

  {
    g_autofree char *raw_key = g_strndup (line, colon - line);

    *out_key = unquote (raw_key);
  }
  *out_value = g_strstrip (g_strdup (colon + 1));
  return TRUE;
}

static JsonNode *
parse_yaml (const char  *text,
            GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Level));
  JsonNode *root = new_object_node ();
  Level top = { -1, root };
  char *pending_key = NULL;     /* a "key:" waiting for its block */
  int pending_indent = 0;
  JsonObject *pending_parent = NULL;

  g_array_append_val (stack, top);

  for (guint n = 0; lines[n] != NULL; n++)
    {
      char *line = lines[n];
      int indent = 0;
      gboolean item = FALSE;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      Level *level;

      g_strchomp (line);
      while (line[indent] == ' ')
        indent++;
      if (line[indent] == '\0' || line[indent] == '#' || g_str_has_prefix (line + indent, "---"))
        continue;
      if (line[indent] == '\t')
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                       "line %u: tabs are not allowed for indentation", n + 1);
          g_free (pending_key);
          json_node_unref (root);
          return NULL;
        }

      item = line[indent] == '-' && (line[indent + 1] == ' ' || line[indent + 1] == '\0');

      /* A block for the pending "key:": a sequence (which kubectl writes at the
       * key's own indent) or a deeper mapping. */
      if (pending_key != NULL)
        {
          if (indent > pending_indent || (item && indent == pending_indent))
            {
              Level child;

              child.indent = indent;
              child.node = item ? new_array_node ()
                                : new_object_node ();
              json_object_set_member (pending_parent, pending_key, child.node);
              g_array_append_val (stack, child);
            }
          else
            json_object_set_null_member (pending_parent, pending_key);
          g_clear_pointer (&pending_key, g_free);
        }

      /* Close deeper levels: a list goes on with items at its dash's column. */
      while (stack->len > 1)
        {
          level = &g_array_index (stack, Level, stack->len - 1);
          if (JSON_NODE_HOLDS_ARRAY (level->node)
              ? (indent > level->indent || (item && indent == level->indent))
              : indent >= level->indent)
            break;
          g_array_set_size (stack, stack->len - 1);
        }
      level = &g_array_index (stack, Level, stack->len - 1);

      if (item)
        {
          if (!JSON_NODE_HOLDS_ARRAY (level->node))
            {
              g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                           "line %u: a list item where a key was expected", n + 1);
              json_node_unref (root);
              return NULL;
            }
          /* A bare "-" ends the line: do not step past it. */
          indent += line[indent + 1] == '\0' ? 1 : 2;
          while (line[indent] == ' ')
            indent++;
        }

      if (item)
        {
          JsonArray *array = json_node_get_array (level->node);

          if (line[indent] == '\0')
            continue;
          if (split_key (line + indent, &key, &value))
            {
              Level child = { indent, new_object_node () };

              json_array_add_element (array, child.node);
              g_array_append_val (stack, child);
              level = &g_array_index (stack, Level, stack->len - 1);
            }
          else
            {
              json_array_add_element (array, scalar_node (line + indent));
              continue;
            }
        }
      else if (!split_key (line + indent, &key, &value))
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                       "line %u: expected “key: value”", n + 1);
          json_node_unref (root);
          return NULL;
        }

      if (!JSON_NODE_HOLDS_OBJECT (level->node))
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                       "line %u: a key inside a list without a “-”", n + 1);
          json_node_unref (root);
          return NULL;
        }

      if (*value == '\0')
        {
          pending_key = g_steal_pointer (&key);
          pending_indent = indent;
          pending_parent = json_node_get_object (level->node);
        }
      else
        json_object_set_member (json_node_get_object (level->node), key, scalar_node (value));
    }

  if (pending_key != NULL)
    {
      json_object_set_null_member (pending_parent, pending_key);
      g_free (pending_key);
    }

  return root;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The @inner object of the entry of list @list whose "name" is @name. */
static JsonObject *
find_named (JsonObject *root,
            const char *list,
            const char *name,
            const char *inner)
{
  JsonNode *node = json_object_get_member (root, list);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || name == NULL)
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      if (g_strcmp0 (get_string (entry, "name"), name) == 0)
        return get_object (entry, inner);
    }

  return NULL;
}

static char *
sanitize_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '_');

  return g_string_free (out, FALSE);
}

FdKubeconfig *
fd_kubeconfig_parse (const char  *text,
                     const char  *dir,
                     const char  *ca_dir,
                     GError     **error)
{
  g_autoptr(FdKubeconfig) self = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  JsonObject *root, *context, *cluster, *user;
  const char *cluster_name, *user_name, *ca, *ca_data, *token_file;

  g_return_val_if_fail (text != NULL, NULL);

  root_node = parse_yaml (text, error);
  if (root_node == NULL)
    return NULL;
  root = json_node_get_object (root_node);

  self = g_new0 (FdKubeconfig, 1);
  self->context = g_strdup (get_string (root, "current-context"));
  if (self->context == NULL || *self->context == '\0')
    {
      g_set_error_literal (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                           "the kubeconfig has no current context: run “kubectl config use-context NAME”");
      return NULL;
    }

  context = find_named (root, "contexts", self->context, "context");
  if (context == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                   "the kubeconfig names the context “%s” but does not define it", self->context);
      return NULL;
    }

  cluster_name = get_string (context, "cluster");
  user_name = get_string (context, "user");
  self->namespace_ = g_strdup (get_string (context, "namespace"));

  cluster = find_named (root, "clusters", cluster_name, "cluster");
  if (cluster == NULL || get_string (cluster, "server") == NULL)
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                   "the context “%s” has no cluster with a server address", self->context);
      return NULL;
    }
  self->server = g_strdup (get_string (cluster, "server"));

  ca = get_string (cluster, "certificate-authority");
  ca_data = get_string (cluster, "certificate-authority-data");
  if (ca != NULL)
    self->ca_file = g_path_is_absolute (ca) || dir == NULL ? g_strdup (ca)
                                                           : g_build_filename (dir, ca, NULL);
  else if (ca_data != NULL)
    {
      gsize len = 0;
      g_autofree guchar *pem = g_base64_decode (ca_data, &len);
      g_autofree char *safe = sanitize_name (self->context);
      g_autofree char *name = g_strdup_printf ("kube-ca-%s.pem", safe);
      g_autoptr(GError) local_error = NULL;

      if (len == 0 || strstr ((const char *) pem, "BEGIN CERTIFICATE") == NULL)
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA,
                       "the cluster of the context “%s” has certificate data that is not a "
                       "PEM certificate", self->context);
          return NULL;
        }
      if (ca_dir == NULL)
        {
          g_set_error_literal (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_FAILED,
                               "no folder to keep the cluster's CA certificate in");
          return NULL;
        }

      g_mkdir_with_parents (ca_dir, 0700);
      self->ca_file = g_build_filename (ca_dir, name, NULL);
      if (!g_file_set_contents_full (self->ca_file, (const char *) pem, len,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
        {
          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_FAILED,
                       "could not keep the cluster's CA certificate: %s", local_error->message);
          return NULL;
        }
    }

  user = find_named (root, "users", user_name, "user");
  if (user != NULL)
    {
      self->token = g_strdup (get_string (user, "token"));
      token_file = get_string (user, "tokenFile");
      if (self->token == NULL && token_file != NULL)
        {
          g_autofree char *path = g_path_is_absolute (token_file) || dir == NULL
                                  ? g_strdup (token_file) : g_build_filename (dir, token_file, NULL);
          g_autofree char *contents = NULL;

          if (g_file_get_contents (path, &contents, NULL, NULL))
            self->token = g_strstrip (g_steal_pointer (&contents));
        }

      if (self->token == NULL)
        {
          const char *how = json_object_has_member (user, "exec") ? "a helper program (exec)"
                          : json_object_has_member (user, "auth-provider") ? "an auth provider"
                          : json_object_has_member (user, "client-certificate") ||
                            json_object_has_member (user, "client-certificate-data")
                          ? "a client certificate" : "no token";

          g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED,
                       "the context “%s” signs in with %s; Flightdeck needs a bearer token: "
                       "create a service account token and paste it", self->context, how);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

FdKubeconfig *
fd_kubeconfig_load (const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *ca_dir = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_set_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_FOUND,
                   "cannot read %s: %s", path, local_error->message);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  ca_dir = g_build_filename (g_get_user_config_dir (), "flightdeck", NULL);

  return fd_kubeconfig_parse (text, dir, ca_dir, error);
}

void
fd_kubeconfig_free (FdKubeconfig *self)
{
  if (self == NULL)
    return;

  g_free (self->context);
  g_free (self->server);
  g_free (self->ca_file);
  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_free (self->token);
  g_free (self->namespace_);
  g_free (self);
}
