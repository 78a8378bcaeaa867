#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the whole test suite in a second build with AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer. Any report fails.
#
#   build-aux/sanitize-tests.sh [MESON-TEST-ARGS...]
#
# The build goes to _build-asan (ASAN_BUILDDIR). Leaks are suppressed only
# inside libraries that are not ours: see build-aux/sanitizers/lsan.supp.
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${ASAN_BUILDDIR:-$srcdir/_build-asan}

if [ ! -f "$builddir/build.ninja" ]; then
  # b_lundef=false: Meson's -Wl,--no-undefined cannot link the sanitizer
  # runtimes, which resolve their symbols at load time.
  meson setup "$builddir" "$srcdir" \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized
fi
ninja -C "$builddir" -j2

# gc-friendly and always-malloc: GLib frees and clears what it would
# otherwise keep in its own pools, so the leak checker sees real leaks.
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$srcdir/build-aux/sanitizers/lsan.supp:print_suppressions=0

# The UI tests need a display and a session bus, as in build-aux/ci-tests.sh.
wrap=""
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  wrap="dbus-run-session -- xvfb-run -a -s -screen\ 0\ 1280x800x24"
fi

# Sanitized code runs 2-5 times slower. The soak test is left out: its
# 10,000 window refreshes take most of an hour unsanitized (the plain run in
# build-aux/ci-tests.sh has it), and the window and pages are covered here by
# the ui suites.
# shellcheck disable=SC2086
eval $wrap meson test -C '"$builddir"' --num-processes 2 --timeout-multiplier 4 \
  --no-suite soak --no-suite sources --no-suite store --no-suite session --no-suite ui-live \
  --no-suite ui-ops \
  --print-errorlogs '"$@"'

# The tests with a local libsoup server: libsoup 3.2's server leaks each
# accepted socket, and only a full stack (libglib has no frame pointers)
# lets the suppression for it match; likewise GTK's own blocks that the
# actions test leaves (GTK has no frame pointers either). Full stacks make
# malloc slow, so only these suites pay for them.
ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"
export ASAN_OPTIONS
# shellcheck disable=SC2086
eval $wrap meson test -C '"$builddir"' --num-processes 2 --timeout-multiplier 4 \
  --suite sources --suite store --suite session --suite ui-live --suite ui-ops \
  --print-errorlogs '"$@"'
