/* test-kubeconfig.c
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-kubeconfig"

#include "config.h"

#include "fd-kubeconfig.h"
#include "fd-source.h"

#include <glib/gstdio.h>
#include <string.h>

#define PEM "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"

static char *
kubeconfig_text (const char *user_block)
{
  g_autofree char *ca = g_base64_encode ((const guchar *) PEM, strlen (PEM));

  return g_strdup_printf (
    "apiVersion: v1\n"
    "clusters:\n"
    "- cluster:\n"
    "    certificate-authority-data: %s\n"
    "    server: https://127.0.0.1:6443\n"
    "  name: kind-kind\n"
    "- cluster:\n"
    "    server: https://other.example.com\n"
    "    certificate-authority: certs/other-ca.pem\n"
    "  name: other\n"
    "contexts:\n"
    "- context:\n"
    "    cluster: other\n"
    "    user: other-user\n"
    "  name: other\n"
    "- context:\n"
    "    cluster: kind-kind\n"
    "    namespace: shop   # the team's namespace\n"
    "    user: \"kind-user\"\n"
    "  name: kind-kind\n"
    "current-context: 'kind-kind'\n"
    "kind: Config\n"
    "preferences: {}\n"
    "users:\n"
    "- name: other-user\n"
    "  user:\n"
    "    token: other-token\n"
    "- name: kind-user\n"
    "  user:\n"
    "%s",
    ca, user_block);
}

static void
test_kubeconfig_current_context (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("fd-kube-XXXXXX", NULL);
  g_autofree char *text = kubeconfig_text ("    token: eyJhbGciOi.fake.token\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdKubeconfig) config = fd_kubeconfig_parse (text, "/home/u/.kube", tmp, &error);
  g_autofree char *pem = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpstr (config->context, ==, "kind-kind");
  g_assert_cmpstr (config->server, ==, "https://127.0.0.1:6443");
  g_assert_cmpstr (config->namespace_, ==, "shop");
  g_assert_cmpstr (config->token, ==, "eyJhbGciOi.fake.token");
  g_assert_nonnull (config->ca_file);
  g_assert_true (g_str_has_prefix (config->ca_file, tmp));
  g_assert_true (g_file_get_contents (config->ca_file, &pem, NULL, NULL));
  g_assert_cmpstr (pem, ==, PEM);
  g_assert_cmpint (g_stat (config->ca_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_unlink (config->ca_file);
  g_rmdir (tmp);
}

static void
test_kubeconfig_relative_ca_and_errors (void)
{
  g_autofree char *exec = kubeconfig_text ("    exec:\n      command: aws\n      args:\n      - eks\n");
  g_autofree char *cert = kubeconfig_text ("    client-certificate-data: AAAA\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdKubeconfig) other = NULL;
  FdKubeconfig *config;
  g_autofree char *text = kubeconfig_text ("    token: t\n");
  char *cc;

  config = fd_kubeconfig_parse (exec, "/k", "/nonexistent-ca-dir-not-used", &error);
  g_assert_null (config);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "helper program"));
  g_clear_error (&error);

  config = fd_kubeconfig_parse (cert, "/k", NULL, &error);
  g_assert_null (config);
  /* CA data but nowhere to keep it comes first. */
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_FAILED);
  g_clear_error (&error);

  /* Switch the current context to "other": a relative CA path and its own token. */
  cc = strstr (text, "current-context: 'kind-kind'");
  g_assert_nonnull (cc);
  memcpy (cc, "current-context: 'other'    ", strlen ("current-context: 'kind-kind'"));
  other = fd_kubeconfig_parse (text, "/home/u/.kube", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other->server, ==, "https://other.example.com");
  g_assert_cmpstr (other->ca_file, ==, "/home/u/.kube/certs/other-ca.pem");
  g_assert_cmpstr (other->token, ==, "other-token");
  g_assert_null (other->namespace_);

  config = fd_kubeconfig_parse ("apiVersion: v1\nkind: Config\n", NULL, NULL, &error);
  g_assert_null (config);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA);
  g_clear_error (&error);

  config = fd_kubeconfig_parse ("current-context: x\n\tcontexts: []\n", NULL, NULL, &error);
  g_assert_null (config);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_INVALID_DATA);
  g_clear_error (&error);

  config = fd_kubeconfig_load ("/nonexistent/kubeconfig", &error);
  g_assert_null (config);
  g_assert_error (error, FD_SOURCE_ERROR, FD_SOURCE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flightdeck/kubeconfig/current-context", test_kubeconfig_current_context);
  g_test_add_func ("/flightdeck/kubeconfig/relative-ca-and-errors",
                   test_kubeconfig_relative_ca_and_errors);

  return g_test_run ();
}
