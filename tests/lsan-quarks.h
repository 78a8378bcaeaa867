/* lsan-quarks.h
 *
 * Copyright 2026 The Flightdeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

/* GLib keeps its quark strings in an array of blocks of 2,048. When the
 * table grows, GLib copies it into a bigger block and drops the old one on
 * purpose, since other threads may still be reading it without a lock. A
 * test that creates more than 2,048 quarks (a window with all four pages
 * does) therefore "leaks" the first block, allocated by GLib's library
 * constructor, and LeakSanitizer reports it. Its stack, unwound through a
 * GLib built without frame pointers, is just g_malloc(), so it cannot be
 * suppressed without suppressing every leak through g_malloc().
 *
 * Called at the start of a test, this finds that first block through the
 * pointer GLib keeps to it in its own data segment and keeps a pointer to
 * it here, where LeakSanitizer sees it. Without AddressSanitizer, nothing. */

#if defined(__SANITIZE_ADDRESS__)

#include <link.h>
#include <string.h>

/* From the sanitizer runtime (sanitizer/allocator_interface.h, which not
 * every compiler installs). */
extern int    __sanitizer_get_ownership      (const volatile void *p);
extern size_t __sanitizer_get_allocated_size (const volatile void *p);

static gpointer lsan_first_quark_block;

static int
lsan_find_quark_block_cb (struct dl_phdr_info *info,
                          size_t               size,
                          void                *data)
{
  const char *first_quark = g_quark_to_string (1);

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;

  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
      char ***slot;
      char ***end;

      if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W))
        continue;

      slot = (char ***) (info->dlpi_addr + segment->p_vaddr);
      end = (char ***) (info->dlpi_addr + segment->p_vaddr + segment->p_memsz);
      for (; slot < end; slot++)
        {
          char **block = *slot;

          /* A heap block of exactly 2,048 pointers whose entry 1 is quark 1. */
          if (block == NULL || ((guintptr) block % sizeof (gpointer)) != 0 ||
              !__sanitizer_get_ownership (block) ||
              __sanitizer_get_allocated_size (block) != 2048 * sizeof (char *) ||
              block[1] != first_quark)
            continue;
          lsan_first_quark_block = block;
          return 1;
        }
    }
  return 0;
}

static inline void
lsan_keep_first_quark_block (void)
{
  if (lsan_first_quark_block == NULL)
    dl_iterate_phdr (lsan_find_quark_block_cb, NULL);
}

#else

static inline void
lsan_keep_first_quark_block (void)
{
}

#endif
