/* fd-canary-page.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fd-canary-card.h"
#include "fd-page-data.h"

G_BEGIN_DECLS

#define FD_TYPE_CANARY_PAGE (fd_canary_page_get_type ())
G_DECLARE_FINAL_TYPE (FdCanaryPage, fd_canary_page, FD, CANARY_PAGE, AdwBin)

GtkWidget    *fd_canary_page_new              (void);
void          fd_canary_page_set_data         (FdCanaryPage *self,
                                               FdPageData   *data);
void          fd_canary_page_set_error        (FdCanaryPage *self,
                                               const char   *message);
gboolean      fd_canary_page_select           (FdCanaryPage *self,
                                               const char   *canary_id);
const char   *fd_canary_page_get_selected     (FdCanaryPage *self);
const char   *fd_canary_page_get_verdict_text (FdCanaryPage *self);
guint         fd_canary_page_get_n_cards      (FdCanaryPage *self);
FdCanaryCard *fd_canary_page_get_card         (FdCanaryPage *self,
                                               guint         index);

G_END_DECLS
