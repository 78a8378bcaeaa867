#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Flightdeck warning-free and runs the whole test suite headless:
#
#   1. configures the build directory (default _build-ci, or $1) with
#      -Dwerror=true, reusing it when it already exists;
#   2. builds everything, and builds it again as the release type
#      (--buildtype=release, i.e. -O3, also with -Werror) in
#      "$builddir-release": GCC reports some warnings only when it
#      optimises. That build is compiled, not tested;
#   3. runs `meson test` inside a private D-Bus session and a virtual X
#      server (xvfb-run), so the UI tests have a display and a session bus
#      (this includes the robustness suite and the 10,000-cycle soak test);
#   4. runs the robustness checks of tests/README.md, each in its own build:
#      the whole suite again with AddressSanitizer and UBSan
#      (build-aux/sanitize-tests.sh), the core suites and `flightdeck-cli
#      metrics` under valgrind (build-aux/valgrind.sh), and every fuzz
#      target for FUZZ_SECONDS (default 8) when clang is installed
#      (build-aux/fuzz.sh).
#
# Extra arguments after the build directory go to `meson test`, e.g.
# `build-aux/ci-tests.sh _build-ci --suite ui`; they also select a quick run:
# with extra arguments, step 4 and the release build are skipped.
# CI_ROBUSTNESS=0 skips step 4 too, CI_RELEASE=0 the release build.
# Any failure fails the script.
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

if [ $# -eq 0 ] && [ "${CI_RELEASE:-1}" != 0 ]; then
  echo "== release build (-O3, -Werror), compile only"
  reldir="$builddir-release"
  if [ -f "$reldir/build.ninja" ]; then
    meson setup --reconfigure --buildtype=release -Dwerror=true "$reldir"
  else
    meson setup --buildtype=release -Dwerror=true "$reldir"
  fi
  ninja -C "$reldir" ${NINJA_JOBS:+-j "$NINJA_JOBS"}
fi

# The soak test alone runs for a long time; the others run beside it.
dbus-run-session -- \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2 "$@"

if [ $# -gt 0 ] || [ "${CI_ROBUSTNESS:-1}" = 0 ]; then
  exit 0
fi

echo "== sanitizers (address, undefined)"
sh build-aux/sanitize-tests.sh

echo "== valgrind"
sh build-aux/valgrind.sh

if command -v clang >/dev/null; then
  echo "== fuzzing, ${FUZZ_SECONDS:-8} s per target"
  sh build-aux/fuzz.sh "${FUZZ_SECONDS:-8}"
else
  echo "== fuzzing skipped: clang is not installed"
fi
