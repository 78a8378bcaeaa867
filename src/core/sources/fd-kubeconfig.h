/* fd-kubeconfig.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * What an Argo Rollouts source needs from a kubeconfig's current context: the
 * API server, a CA file and a bearer token. Only token sign-in is supported;
 * a context that signs in with a client certificate or a helper program gets
 * a clear error. Embedded CA data is written to a file of our own
 * (0600, in the user config dir) because the HTTP client takes a path; the
 * token is only returned, never written.
 */
typedef struct
{
  char *context;
  char *server;
  char *ca_file;      /* nullable: the system's CAs */
  char *token;        /* nullable */
  char *namespace_;   /* nullable */
} FdKubeconfig;

FdKubeconfig *fd_kubeconfig_load  (const char    *path,
                                   GError       **error);
/* Same, from text; @dir resolves relative file names, @ca_dir receives CA data files. */
FdKubeconfig *fd_kubeconfig_parse (const char    *text,
                                   const char    *dir,
                                   const char    *ca_dir,
                                   GError       **error);
void          fd_kubeconfig_free  (FdKubeconfig  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdKubeconfig, fd_kubeconfig_free)

G_END_DECLS
