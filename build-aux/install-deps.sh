#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what Flightdeck needs to build, run and test on Debian 12, and
# only what is missing. Run as root (or through sudo).
set -eu

packages="
  meson ninja-build pkg-config gcc clang libclang-rt-14-dev
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  libsoup-3.0-dev libsecret-1-dev libsqlite3-dev libcairo2-dev
  gettext desktop-file-utils appstream shared-mime-info
  adwaita-icon-theme hicolor-icon-theme librsvg2-common fonts-cantarell
  gsettings-desktop-schemas at-spi2-core
  xvfb xauth dbus dbus-x11 imagemagick valgrind python3 python3-yaml flatpak-builder
  groff-base man-db bash git xz-utils
  gnome-keyring libsecret-tools
"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd="sudo"
  fi
  echo "Installing:$missing"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends $missing
fi

# The tests run the window and the formatting under de_DE.UTF-8 (decimal
# comma, dot grouping); Debian ships the locale data but generates none.
if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd="sudo"
  fi
  if ! dpkg-query -W -f='${Status}' locales 2>/dev/null | grep -q "install ok installed"; then
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends locales
  fi
  if grep -q '^# *de_DE.UTF-8 UTF-8' /etc/locale.gen; then
    $sudo_cmd sed -i 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  elif ! grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen; then
    echo 'de_DE.UTF-8 UTF-8' | $sudo_cmd tee -a /etc/locale.gen >/dev/null
  fi
  $sudo_cmd locale-gen
fi
