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
#      display and a session bus (this includes the robustness suite), and
#      the tarball's suite in the same session, all but the soak test: it is
#      the same code, the build of step 1 runs it, and it alone takes a
#      third of the time that CI allows for everything. The 10,000-cycle
#      soak test of the build of step 1 starts right after step 1, with a
#      display and a bus of its own, and runs beside steps 2 to 4 on the
#      core they leave; the script waits for it at the end;
#   4. runs the robustness checks of tests/README.md, each in its own build:
#      the whole suite again with AddressSanitizer and UBSan
#      (build-aux/sanitize-tests.sh), the core suites and `flightdeck-cli
#      metrics` under valgrind (build-aux/valgrind.sh), and every fuzz
#      target for FUZZ_SECONDS (default 8) when clang is installed
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
soak=""
trap '[ -z "$soak" ] || kill "$soak" 2>/dev/null; rm -rf "$runtime"' EXIT

# The soak test runs for minutes on less than one core. In a full run it
# starts now, with a D-Bus session and an Xvfb of its own (through
# tests/run-headless.sh), and every other step runs beside it.
if [ $# -eq 0 ]; then
  env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    meson test -C "$builddir" --no-rebuild --print-errorlogs --suite soak --logbase soak \
    > "$builddir/soak.log" 2>&1 &
  soak=$!
  echo "== soak test started beside the other steps"
fi
soak_started=$(date +%s)

# Waits for the soak test, prints its log and how long it ran, and fails
# when it failed.
finish () {
  if [ -n "$soak" ]; then
    status=0
    wait "$soak" || status=$?
    soak=""
    cat "$builddir/soak.log"
    echo "== soak test: $(($(date +%s) - soak_started)) s, beside the other steps"
    [ "$status" -eq 0 ] || exit "$status"
  fi
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

# One D-Bus session and one Xvfb for the debug build's suites (all but the
# soak test, which runs on its own, in a full run) and then the tarball's.
export builddir dist_build
dbus-run-session -- \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  sh -c '
    set -e
    if [ $# -gt 0 ]; then
      meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2 "$@"
      exit 0
    fi
    meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2 --no-suite soak
    if [ -n "$dist_build" ]; then
      echo "== tests of the release build of the tarball, all but the soak test"
      meson test -C "$dist_build" --no-rebuild --print-errorlogs --num-processes 2 \
        --no-suite soak
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
  echo "== fuzzing, ${FUZZ_SECONDS:-8} s per target"
  sh build-aux/fuzz.sh "${FUZZ_SECONDS:-8}"
  step_done "fuzzing"
else
  echo "== fuzzing skipped: clang is not installed"
fi

finish
