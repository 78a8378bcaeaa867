#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Flatpak manifest cannot be built here (no flatpak-builder, no network),
# so the test checks what can go wrong without building: it parses, it names
# the app and the command, and it asks for no more sandbox holes than needed.
import json
import sys

path, app_id, command = sys.argv[1:4]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

errors = []
if manifest.get("id", manifest.get("app-id")) != app_id:
    errors.append(f"id is not {app_id}")
if manifest.get("command") != command:
    errors.append(f"command is not {command}")
if manifest.get("runtime") != "org.gnome.Platform":
    errors.append("runtime is not org.gnome.Platform")
if manifest.get("sdk") != "org.gnome.Sdk":
    errors.append("sdk is not org.gnome.Sdk")
# Live sources need the network, and their tokens live in the Secret Service.
allowed = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
           "--share=network", "--talk-name=org.freedesktop.secrets"}
extra = set(manifest.get("finish-args", [])) - allowed
if extra:
    errors.append(f"unexpected finish-args: {sorted(extra)}")
modules = manifest.get("modules", [])
if not modules or modules[-1].get("name") != "flightdeck" \
        or modules[-1].get("buildsystem") != "meson":
    errors.append("the last module must be flightdeck, built with meson")

for e in errors:
    print(f"{path}: {e}")
sys.exit(1 if errors else 0)
