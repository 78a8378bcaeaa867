#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every libFuzzer target on top of its seed corpus for a bounded time.
#
#   build-aux/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 60 per target (FUZZ_SECONDS overrides it too); TARGETs
# default to every directory in tests/fuzz/corpus/. The build goes to
# _build-fuzz (FUZZ_BUILDDIR) with clang, -Dfuzzing=true and ASan + UBSan.
# New inputs found are kept out of the tree (in a temporary directory). A
# crash fails the script, and the crashing input is copied into
# tests/fuzz/corpus/<target>/ so that, once the bug is fixed, it is committed
# and runs as a regression test in every build (the fuzz test suite).
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${FUZZ_BUILDDIR:-$srcdir/_build-fuzz}
seconds=${1:-${FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift

if [ $# -gt 0 ]; then
  targets="$*"
else
  targets=$(cd "$srcdir/tests/fuzz/corpus" && ls -d -- */ | tr -d /)
fi

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" "$srcdir" \
    -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized
fi

ninja_targets=""
for t in $targets; do
  ninja_targets="$ninja_targets tests/fuzz/fuzz-$t-libfuzzer"
done
# shellcheck disable=SC2086
ninja -C "$builddir" -j2 $ninja_targets

export G_SLICE=always-malloc
# A g_return_if_fail() reached from input is a bug too.
export G_DEBUG=gc-friendly,fatal-criticals
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$srcdir/build-aux/sanitizers/lsan.supp:print_suppressions=0
export LC_ALL=C.UTF-8 TZ=UTC

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=""

for t in $targets; do
  seeds="$srcdir/tests/fuzz/corpus/$t"
  mkdir -p "$work/$t/new" "$work/$t/artifacts"
  echo "== fuzz-$t: ${seconds}s on $(ls "$seeds" | wc -l) seeds"
  if ! "$builddir/tests/fuzz/fuzz-$t-libfuzzer" \
         -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
         -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" \
         "$work/$t/new" "$seeds" > "$work/$t/log" 2>&1; then
    tail -n 60 "$work/$t/log"
    for crash in "$work/$t/artifacts"/*; do
      [ -f "$crash" ] || continue
      name=$(basename "$crash")
      cp "$crash" "$seeds/$name"
      echo "fuzz-$t: crashing input saved as tests/fuzz/corpus/$t/$name"
    done
    failed="$failed $t"
  else
    grep -E '^(stat::number_of_executed_units|stat::new_units_added)' "$work/$t/log" || true
  fi
done

if [ -n "$failed" ]; then
  echo "fuzzing found crashes in:$failed"
  exit 1
fi
echo "fuzzing: no crash in $(echo $targets | wc -w) targets"
