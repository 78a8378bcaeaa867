#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-headless.sh TEST [ARGS…]: runs a test that needs a display and a
# session bus. Where both exist (build-aux/ci-tests.sh runs `meson test`
# under dbus-run-session and xvfb-run; a desktop session has them) the test
# runs as it is. Elsewhere, e.g. in the check of the `meson dist` tarball,
# which runs a plain `meson test`, it gets an Xvfb server and a D-Bus
# session of its own. Without a display and without Xvfb it is skipped (TAP).
set -u

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  if ! command -v dbus-run-session >/dev/null 2>&1; then
    echo "1..0 # SKIP no session bus, and dbus-run-session is missing (build-aux/install-deps.sh)"
    exit 0
  fi
  exec dbus-run-session -- "$0" "$@"
fi

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$@"
fi

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "1..0 # SKIP no display, and Xvfb is missing (build-aux/install-deps.sh)"
  exit 0
fi

# -displayfd: the server picks a free display number itself and writes it
# once it accepts clients, so tests started side by side never race for one
# (xvfb-run -a can).
work=$(mktemp -d "${TMPDIR:-/tmp}/flightdeck-xvfb-XXXXXX") || exit 1
mkfifo "$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/log" &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
read -r display < "$work/display" || display=""
if [ -z "$display" ]; then
  echo "Bail out! Xvfb did not start: $(cat "$work/log")"
  exit 1
fi

DISPLAY=":$display"
export DISPLAY
"$@"
