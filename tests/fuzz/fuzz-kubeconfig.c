/* fuzz-kubeconfig.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-kubeconfig"

#include "config.h"

#include "fuzz-target.h"

#include "fd-kubeconfig.h"

/* A kubeconfig's text; CA data is never written (no folder is given). */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(FdKubeconfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = fd_kubeconfig_parse (text, "/k", NULL, &error);
  if (config == NULL && error == NULL)
    g_error ("fd_kubeconfig_parse failed without saying why");
  if (config != NULL && (config->server == NULL || config->context == NULL))
    g_error ("a kubeconfig was accepted without a server or context");

  return 0;
}
