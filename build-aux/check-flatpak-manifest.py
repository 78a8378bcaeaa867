#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the Flatpak manifest against the Flathub rules that can be checked
# without a network or a build: the app id, a GNOME runtime that is not
# end-of-life in build-aux/flatpak/runtimes.json (and is the newest stable
# one), the sandbox holes, pinned sources, and a comment that justifies each
# permission. When flatpak-builder is installed it must read the manifest as
# well, so the file is what Flathub's builder sees.
#
# usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND VERSION RUNTIMES
#        [--today YYYY-MM-DD]
import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys

import yaml

# What Flightdeck needs, each for the reason the manifest's comments give.
ALLOWED_FINISH_ARGS = {
    "--socket=wayland",
    "--socket=fallback-x11",
    "--share=ipc",
    "--device=dri",
    "--share=network",
}

# Holes Flathub refuses or questions; named so the message says why.
FORBIDDEN = [
    (r"^--filesystem=(host|host-os|host-etc|home|~)(:.*)?$", "whole-disk or home access"),
    (r"^--filesystem=", "file access: files go through the portal"),
    (r"^--socket=x11$", "plain X11: use --socket=fallback-x11 with --socket=wayland"),
    (r"^--socket=(session-bus|system-bus)$", "the whole D-Bus"),
    (r"^--socket=(ssh-auth|gpg-agent)$", "the user's keys"),
    (r"^--device=all$", "every device"),
    (r"^--talk-name=org\.freedesktop\.Flatpak", "running commands outside the sandbox"),
    (r"^--talk-name=org\.freedesktop\.DBus", "the D-Bus daemon itself"),
    (r"^--talk-name=org\.freedesktop\.portal\.", "portals need no talk-name"),
    (r"^--talk-name=.*\*$", "a wildcard bus name"),
    (r"^--talk-name=org\.freedesktop\.Secrets$", "a misspelt Secret Service name"),
]

APP_ID_COMPONENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
CODE_HOSTS = ("io.github.", "io.gitlab.", "io.sourceforge.", "org.gnome.gitlab.",
              "io.frama.", "page.codeberg.", "com.github.", "com.gitlab.")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
SHA512 = re.compile(r"^[0-9a-f]{128}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")


def check_app_id(app_id, errors):
    parts = app_id.split(".")
    if len(parts) < 3:
        errors.append(f"app id {app_id}: needs at least three parts")
    if len(app_id) > 255:
        errors.append(f"app id {app_id}: longer than 255 characters")
    for part in parts:
        if not APP_ID_COMPONENT.match(part):
            errors.append(f"app id {app_id}: “{part}” is not a valid part")
    for part in parts[:-1]:
        if "-" in part:
            errors.append(f"app id {app_id}: only the last part may hold a dash")
    if app_id.startswith(CODE_HOSTS) and len(parts) < 4:
        errors.append(f"app id {app_id}: a code-hosting id needs the user and the project")
    if app_id.startswith(("com.github.", "com.gitlab.")):
        errors.append(f"app id {app_id}: Flathub takes io.github./io.gitlab. ids now")
    if app_id.lower().endswith((".desktop", ".app")):
        errors.append(f"app id {app_id}: must not end in .desktop or .app")


def check_runtime(manifest, runtimes, today, errors):
    if manifest.get("runtime") != "org.gnome.Platform":
        errors.append("runtime is not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        errors.append("sdk is not org.gnome.Sdk")
    version = manifest.get("runtime-version")
    if not isinstance(version, str):
        errors.append("runtime-version must be a quoted string, e.g. '51'")
        return
    table = runtimes.get("org.gnome.Platform", [])
    entry = next((r for r in table if r["version"] == version), None)
    if entry is None:
        errors.append(f"runtime-version {version} is not in the runtime table")
        return
    if datetime.date.fromisoformat(entry["released"]) > today:
        errors.append(f"runtime org.gnome.Platform//{version} is not released yet")
        return
    eol = entry.get("end-of-life")
    if eol is not None and datetime.date.fromisoformat(eol) <= today:
        errors.append(f"runtime org.gnome.Platform//{version} is end-of-life since {eol}")
    stable = [r for r in table
              if datetime.date.fromisoformat(r["released"]) <= today
              and (r.get("end-of-life") is None
                   or datetime.date.fromisoformat(r["end-of-life"]) > today)]
    if stable:
        newest = max(stable, key=lambda r: int(r["version"]))
        if newest["version"] != version:
            errors.append(f"runtime-version {version} is not the newest stable "
                          f"GNOME runtime ({newest['version']})")


def check_finish_args(manifest, app_id, errors):
    args = manifest.get("finish-args")
    if not isinstance(args, list) or not args:
        errors.append("finish-args are not listed")
        return
    for arg in args:
        for pattern, why in FORBIDDEN:
            if re.match(pattern, arg):
                errors.append(f"finish-args: {arg} is not allowed ({why})")
                break
        else:
            if arg.startswith("--own-name=") and arg != f"--own-name={app_id}":
                errors.append(f"finish-args: {arg} owns a name that is not the app's")
            elif arg not in ALLOWED_FINISH_ARGS:
                errors.append(f"finish-args: {arg} is not one Flightdeck needs")
    if len(set(args)) != len(args):
        errors.append("finish-args: a permission is listed twice")
    if "--socket=fallback-x11" in args and "--share=ipc" not in args:
        errors.append("finish-args: X11 needs --share=ipc")
    if "--socket=fallback-x11" in args and "--socket=wayland" not in args:
        errors.append("finish-args: --socket=fallback-x11 without --socket=wayland")
    if "--socket=wayland" in args and "--socket=fallback-x11" not in args:
        errors.append("finish-args: --socket=wayland without an X11 fallback")


def check_justified(text, errors):
    """Each finish-arg comes right after a comment that says why (YAML)."""
    lines = text.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if re.match(r"^finish-args:\s*$", l))
    except StopIteration:
        return
    previous = ""
    for line in lines[start + 1:]:
        stripped = line.strip()
        if line and not line[0].isspace() and not stripped.startswith("#"):
            break
        if stripped.startswith("- ") and "#" not in stripped and not previous.startswith("#"):
            errors.append(f"finish-args: {stripped[2:]} has no comment saying why")
        if stripped:
            previous = stripped


def check_sources(module, app_module, app_tag, errors):
    name = module.get("name", "?")
    sources = module.get("sources") or []
    if not sources:
        errors.append(f"module {name}: has no sources")
    for source in sources:
        kind = source.get("type")
        if kind in ("archive", "file"):
            if not source.get("url", "").startswith("https://"):
                errors.append(f"module {name}: {kind} source is not fetched over https")
            if not (SHA256.match(source.get("sha256", "")) or SHA512.match(source.get("sha512", ""))):
                errors.append(f"module {name}: {kind} source has no sha256 checksum")
        elif kind == "git":
            if not source.get("url", "").startswith("https://"):
                errors.append(f"module {name}: git source is not fetched over https")
            if source.get("branch"):
                errors.append(f"module {name}: git source follows a branch")
            if source.get("path"):
                errors.append(f"module {name}: git source is a local path")
            if app_module:
                if source.get("tag") != app_tag:
                    errors.append(f"module {name}: git tag is {source.get('tag')}, "
                                  f"the version in meson.build says {app_tag}")
                if source.get("commit") and not COMMIT.match(source["commit"]):
                    errors.append(f"module {name}: git commit is not a full hash")
            elif not COMMIT.match(source.get("commit", "")):
                errors.append(f"module {name}: git source is not pinned to a commit")
        elif kind in ("patch", "shell", "script"):
            continue
        else:
            errors.append(f"module {name}: {kind} sources cannot be built on Flathub")
    for child in module.get("modules", []):
        check_sources(child, False, app_tag, errors)


def check(path, app_id, command, version, runtimes, today):
    errors = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        manifest = yaml.safe_load(text) if path.endswith((".yml", ".yaml")) else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as e:
        return [f"does not parse: {e}"]
    if not isinstance(manifest, dict):
        return ["is not a manifest"]

    if manifest.get("id", manifest.get("app-id")) != app_id:
        errors.append(f"id is not {app_id}")
    check_app_id(app_id, errors)
    if manifest.get("command") != command:
        errors.append(f"command is not {command}")
    if manifest.get("branch") not in (None, "stable", "beta") \
            or manifest.get("default-branch") not in (None, "stable", "beta"):
        errors.append("branch or default-branch is set: Flathub sets it")
    check_runtime(manifest, runtimes, today, errors)
    check_finish_args(manifest, app_id, errors)
    if path.endswith((".yml", ".yaml")):
        check_justified(text, errors)
    if "--share=network" in manifest.get("build-options", {}).get("build-args", []):
        errors.append("build-options: the build must not use the network")
    if "/lib/debug" in manifest.get("cleanup", []):
        errors.append("cleanup: removing /lib/debug breaks the debug extension")

    modules = manifest.get("modules") or []
    if not modules or not isinstance(modules[-1], dict) \
            or modules[-1].get("name") != "flightdeck" \
            or modules[-1].get("buildsystem") != "meson":
        errors.append("the last module must be flightdeck, built with meson")
    for i, module in enumerate(modules):
        if isinstance(module, dict):
            check_sources(module, i == len(modules) - 1, f"v{version}", errors)
        else:
            errors.append(f"module {module}: a separate file; keep every module here")

    builder = shutil.which("flatpak-builder")
    if builder:
        res = subprocess.run([builder, "--show-manifest", path],
                             capture_output=True, text=True)
        if res.returncode != 0:
            errors.append(f"flatpak-builder cannot read it: {res.stderr.strip()}")
    else:
        errors.append("flatpak-builder is not installed (build-aux/install-deps.sh installs it)")
    return errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest")
    parser.add_argument("app_id")
    parser.add_argument("command")
    parser.add_argument("version")
    parser.add_argument("runtimes")
    parser.add_argument("--today", type=datetime.date.fromisoformat,
                        default=datetime.date.today())
    args = parser.parse_args()
    with open(args.runtimes, encoding="utf-8") as f:
        runtimes = json.load(f)
    errors = check(args.manifest, args.app_id, args.command, args.version,
                   runtimes, args.today)
    for e in errors:
        print(f"{args.manifest}: {e}", file=sys.stderr)
    if not errors:
        print(f"{args.manifest}: OK")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
