#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-with-keyring.sh TEST [ARGS…]: runs TEST on a private session bus with
# a GNOME Keyring of its own, unlocked, so that libsecret talks to a real
# Secret Service and never to the user's. The keyring files go to
# $XDG_DATA_HOME/keyrings (test_env points XDG_DATA_HOME into the build
# directory); their password is fixed and only for tests. Without
# dbus-run-session or gnome-keyring-daemon the test is skipped (TAP).
set -u

if ! command -v dbus-run-session >/dev/null 2>&1 ||
   ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "1..0 # SKIP dbus-run-session or gnome-keyring-daemon is missing (build-aux/install-deps.sh)"
  exit 0
fi

runtime=$(mktemp -d "${TMPDIR:-/tmp}/flightdeck-keyring-XXXXXX") || exit 1
trap 'rm -rf "$runtime"' EXIT
trap 'exit 1' INT TERM

# The daemon's control socket goes here, not into the user's runtime dir.
XDG_RUNTIME_DIR=$runtime
export XDG_RUNTIME_DIR
if [ -z "${XDG_DATA_HOME:-}" ]; then
  XDG_DATA_HOME=$runtime/data
  export XDG_DATA_HOME
fi
mkdir -p "$XDG_DATA_HOME/keyrings"

# --unlock reads the login keyring's password on stdin (and creates the
# keyring with it the first time); the daemon ends with the bus. It runs
# without the test's G_DEBUG=fatal-warnings: a warning of its own must not
# kill it in the middle of a call. The test
# starts once the daemon owns org.freedesktop.secrets: a call made earlier
# would have D-Bus start a second daemon, which finds the first and quits
# with the call unanswered.
dbus-run-session -- sh -c '
  printf "flightdeck-test" |
    env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets >/dev/null ||
    { echo "Bail out! gnome-keyring-daemon did not start"; exit 1; }
  tries=0
  until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
          --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null |
        grep -q true; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then
      echo "Bail out! the keyring never took org.freedesktop.secrets"
      exit 1
    fi
    sleep 0.1
  done
  exec "$@"' sh "$@"
