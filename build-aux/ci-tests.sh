#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Flightdeck warning-free and runs the whole test suite headless:
#
#   1. configures the build directory (default _build-ci, or $1) with
#      -Dwerror=true, reusing it when it already exists, and builds
#      everything;
#   2. the dist check: `meson dist` makes the release tarball
#      (meson-dist/flightdeck-VERSION.tar.xz in the build directory), which
#      is unpacked in "$builddir-dist", configured as the release type
#      (--buildtype=release, i.e. -O3, with -Werror: GCC reports some
#      warnings only when it optimises), built, and tested in step 3. So
#      the tarball holds every file the build and the tests need. Outside a
#      git checkout `meson dist` cannot work: the release build then uses
#      the source tree itself and says so. With uncommitted changes the
#      tarball holds the last commit, and the script says that too;
#   3. runs `meson test` on the build of step 1 inside a private D-Bus
#      session and a virtual X server (xvfb-run), so the UI tests have a
#      display and a session bus (this includes the robustness suite and
#      the 10,000-cycle soak test, which runs beside the others), then the
#      tarball's display-free data, core, cli and analysis suites on its
#      release build; its UI suites are
#      the same code as in step 1's and would not fit CI's 15 minutes;
#   4. runs the robustness checks of tests/README.md, each in its own build:
#      the whole suite again with AddressSanitizer and UBSan
#      (build-aux/sanitize-tests.sh), the core suites and `flightdeck-cli
#      metrics` under valgrind (build-aux/valgrind.sh), and every fuzz
#      target for FUZZ_SECONDS (default 4) when clang is installed
#      (build-aux/fuzz.sh).
#
# Each step prints how long it took, and the total at the end.
#
# Extra arguments after the build directory go to `meson test`, e.g.
# `build-aux/ci-tests.sh _build-ci --suite ui`; they also select a quick run:
# with extra arguments, step 4 and the dist check are skipped.
# CI_ROBUSTNESS=0 skips step 4 too, CI_RELEASE=0 the dist check.
# Any failure fails the script.
set -eu

cd "$(dirname "$0")/.."

builddir="${1:-_build-ci}"
[ $# -gt 0 ] && shift

started=$(date +%s)
step_started=$started

# Prints how long the step that just ended took.
step_done () {
  now=$(date +%s)
  echo "== $1: $((now - step_started)) s"
  step_started=$now
}

if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure -Dwerror=true "$builddir"
else
  meson setup -Dwerror=true "$builddir"
fi

# NINJA_JOBS limits parallel compile jobs on small machines.
ninja -C "$builddir" ${NINJA_JOBS:+-j "$NINJA_JOBS"}
step_done "debug build"

# The tests get a runtime folder of their own: the accessibility bus that
# GTK starts on a private session bus puts its socket there, or, without
# one, in ~/.cache/at-spi, where every other session of the same user
# (a desktop, a second test run) would replace it.
runtime=$(mktemp -d "${TMPDIR:-/tmp}/flightdeck-ci-XXXXXX")
XDG_RUNTIME_DIR=$runtime
export XDG_RUNTIME_DIR
trap 'rm -rf "$runtime"' EXIT

finish () {
  echo "== total: $(($(date +%s) - started)) s"
}

distdir="$builddir-dist"
dist_build=""
if [ $# -eq 0 ] && [ "${CI_RELEASE:-1}" != 0 ]; then
  rm -rf "$distdir" "$builddir/meson-dist"
  mkdir -p "$distdir"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "== dist check: meson dist, then a release build (-O3, -Werror) of the tarball"
    dirty=""
    if ! git diff-index --quiet HEAD --; then
      echo "== the tree has uncommitted changes: the tarball holds the last commit without them"
      dirty="--allow-dirty"
    fi
    # --no-tests: the tarball is built as the release type and tested below,
    # not as meson dist's own check would (a second debug build).
    meson dist -C "$builddir" --no-tests --formats xztar $dirty
    for tarball in "$builddir"/meson-dist/*.tar.xz; do
      tar -xJf "$tarball" -C "$distdir"
      echo "== $(basename "$tarball"): $(du -h "$tarball" | cut -f1)"
    done
    dist_src=$(find "$distdir" -mindepth 1 -maxdepth 1 -type d)
  else
    echo "== dist check skipped: this is not a git checkout, and meson dist needs one."
    echo "== The release build (-O3, -Werror) uses the source tree instead of a tarball."
    dist_src=$(pwd)
  fi
  dist_build="$distdir/build"
  meson setup --buildtype=release -Dwerror=true "$dist_build" "$dist_src"
  ninja -C "$dist_build" ${NINJA_JOBS:+-j "$NINJA_JOBS"}
  step_done "dist check: tarball and release build"
fi

# One D-Bus session and one Xvfb for the debug build's whole suite (the
# soak test runs beside the others), then the tarball's display-free suites:
# they show that the tarball holds the tests and their data, and that the
# -O3 build computes what the debug build does; the UI suites are the same
# code as in the debug build and would not fit CI's time.
export builddir dist_build
dbus-run-session -- \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  sh -c '
    set -e
    meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2 "$@"
    if [ $# -eq 0 ] && [ -n "$dist_build" ]; then
      echo "== tests of the release build of the tarball, without a display"
      meson test -C "$dist_build" --no-rebuild --print-errorlogs --num-processes 2 \
        --suite data --suite core --suite cli --suite analysis
    fi' sh "$@"
step_done "tests"

if [ $# -gt 0 ] || [ "${CI_ROBUSTNESS:-1}" = 0 ]; then
  finish
  exit 0
fi

echo "== sanitizers (address, undefined)"
sh build-aux/sanitize-tests.sh
step_done "sanitizers"

echo "== valgrind"
sh build-aux/valgrind.sh
step_done "valgrind"

if command -v clang >/dev/null; then
  echo "== fuzzing, ${FUZZ_SECONDS:-4} s per target"
  sh build-aux/fuzz.sh "${FUZZ_SECONDS:-4}"
  step_done "fuzzing"
else
  echo "== fuzzing skipped: clang is not installed"
fi

finish
