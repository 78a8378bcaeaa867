#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the core test suites and `flightdeck-cli metrics` on a generated file
# under valgrind memcheck: no definite leak, no invalid read or write.
#
#   build-aux/valgrind.sh [BUILDDIR]
#
# BUILDDIR defaults to _build-valgrind (a plain, unsanitized build).
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-${VALGRIND_BUILDDIR:-$srcdir/_build-valgrind}}

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir" -Dbuildtype=debugoptimized
fi
ninja -C "$builddir" -j2

supps="--suppressions=$srcdir/build-aux/valgrind/flightdeck.supp"
for f in /usr/share/glib-2.0/valgrind/glib.supp; do
  [ -f "$f" ] && supps="$supps --suppressions=$f"
done

valgrind_cmd="valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --error-exitcode=1 --num-callers=30 $supps"

export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
export LC_ALL=C.UTF-8 TZ=UTC
# Tests that would take too long under valgrind skip themselves.
export FD_TEST_UNDER_VALGRIND=1

# The suites that need no display: core, providers, analysis, charts, the
# fuzz corpora (which run the parsers over hostile input) and the bad-input
# tests (robustness; its 2 GiB line is skipped under valgrind).
suites=""
for s in core providers sources store session analysis charts fuzz robustness; do
  if meson test -C "$builddir" --list --suite "$s" >/dev/null 2>&1 &&
     [ -n "$(meson test -C "$builddir" --list --suite "$s" 2>/dev/null)" ]; then
    suites="$suites --suite $s"
  fi
done

echo "== valgrind: meson test$suites"
# shellcheck disable=SC2086
meson test -C "$builddir" $suites --no-suite keyring --num-processes 2 --timeout-multiplier 20 \
  --print-errorlogs --wrapper "$valgrind_cmd"

cli="$builddir/src/cli/flightdeck-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A generated history: 30 days, about 5,000 runs, a fixed seed and "now".
input="$work/events.jsonl"
"$cli" generate --seed 7 --runs 5000 --days 30 --now 2026-11-20T00:00:00Z --output "$input"
[ -s "$input" ]

echo "== valgrind: flightdeck-cli metrics $(basename "$input") ($(wc -l < "$input") lines)"
# shellcheck disable=SC2086
$valgrind_cmd --log-file="$work/cli.log" \
  "$cli" metrics "$input" --from 1900-01-01T00:00:00Z --to 2200-01-01T00:00:00Z \
  > "$work/metrics.json" || { cat "$work/cli.log"; exit 1; }
grep -E 'ERROR SUMMARY|definitely lost' "$work/cli.log"
echo "valgrind: clean"
