#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Flightdeck warning-free and runs the whole test suite headless:
#
#   1. configures the build directory (default _build-ci, or $1) with
#      -Dwerror=true, reusing it when it already exists;
#   2. builds everything;
#   3. runs `meson test` inside a private D-Bus session and a virtual X
#      server (xvfb-run), so the UI tests have a display and a session bus.
#
# Extra arguments after the build directory go to `meson test`, e.g.
# `build-aux/ci-tests.sh _build-ci --suite ui`.
set -eu

cd "$(dirname "$0")/.."

builddir="${1:-_build-ci}"
[ $# -gt 0 ] && shift

if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure -Dwerror=true "$builddir"
else
  meson setup -Dwerror=true "$builddir"
fi

# NINJA_JOBS limits parallel compile jobs on small machines.
ninja -C "$builddir" ${NINJA_JOBS:+-j "$NINJA_JOBS"}

dbus-run-session -- \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  meson test -C "$builddir" --no-rebuild --print-errorlogs "$@"
