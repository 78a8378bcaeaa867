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

# The suites that need no display: core, providers, analysis and the fuzz
# corpora (which run the parsers over hostile input).
suites=""
for s in core providers analysis charts fuzz; do
  if meson test -C "$builddir" --list --suite "$s" >/dev/null 2>&1 &&
     [ -n "$(meson test -C "$builddir" --list --suite "$s" 2>/dev/null)" ]; then
    suites="$suites --suite $s"
  fi
done

echo "== valgrind: meson test$suites"
# shellcheck disable=SC2086
meson test -C "$builddir" $suites --num-processes 2 --timeout-multiplier 20 \
  --print-errorlogs --wrapper "$valgrind_cmd"

cli="$builddir/src/cli/flightdeck-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A generated history when `generate` works, the fixture otherwise.
if "$cli" generate --days 3 --seed 7 --output "$work/events.jsonl" >/dev/null 2>&1 &&
   [ -s "$work/events.jsonl" ]; then
  input="$work/events.jsonl"
elif "$cli" generate > "$work/events.jsonl" 2>/dev/null && [ -s "$work/events.jsonl" ]; then
  input="$work/events.jsonl"
else
  input="$srcdir/tests/fuzz/corpus/jsonl-reader/valid-all-types.jsonl"
fi

echo "== valgrind: flightdeck-cli metrics $(basename "$input") ($(wc -l < "$input") lines)"
# shellcheck disable=SC2086
$valgrind_cmd --log-file="$work/cli.log" \
  "$cli" metrics "$input" --from 1900-01-01T00:00:00Z --to 2200-01-01T00:00:00Z \
  > "$work/metrics.json" || { cat "$work/cli.log"; exit 1; }
grep -E 'ERROR SUMMARY|definitely lost' "$work/cli.log"
echo "valgrind: clean"
