#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The manifest and metainfo checks must catch what Flathub would refuse:
# each case changes the real file in one way and expects the check to name
# the problem. The real files must pass.
#
# usage: test-release-checks.py SOURCE_ROOT METAINFO APP_ID VERSION
import datetime
import importlib.util
import json
import os
import sys
import tempfile

root, metainfo, app_id, version = sys.argv[1:5]


def load(name):
    spec = importlib.util.spec_from_file_location(
        name.replace("-", "_"), os.path.join(root, "build-aux", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


flatpak = load("check-flatpak-manifest")
meta = load("check-metainfo")
manifest_path = os.path.join(root, "build-aux", "flatpak", f"{app_id}.yml")
with open(manifest_path, encoding="utf-8") as f:
    manifest_text = f.read()
with open(os.path.join(root, "build-aux", "flatpak", "runtimes.json"), encoding="utf-8") as f:
    runtimes = json.load(f)
with open(metainfo, encoding="utf-8") as f:
    metainfo_text = f.read()

today = datetime.date(2026, 12, 3)
failures = 0


def expect(label, errors, needle):
    global failures
    if needle is None:
        ok = not errors
    else:
        ok = any(needle in e for e in errors)
    print(f"{'ok' if ok else 'FAIL'}: {label}" + ("" if ok else f": got {errors}"))
    failures += 0 if ok else 1


def manifest_case(label, old, new, needle, when=today):
    if old is not None:
        assert old in manifest_text, f"{label}: “{old}” is not in the manifest"
    text = manifest_text if old is None else manifest_text.replace(old, new, 1)
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        f.write(text)
    try:
        expect(label, flatpak.check(f.name, app_id, "flightdeck", version, runtimes, when), needle)
    finally:
        os.unlink(f.name)


def metainfo_case(label, old, new, needle):
    assert old in metainfo_text, f"{label}: “{old}” is not in the metainfo"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(metainfo_text.replace(old, new, 1))
    try:
        expect(label, meta.check(f.name, app_id, version, os.path.join(root, "data", "screenshots")),
               needle)
    finally:
        os.unlink(f.name)


manifest_case("the manifest passes", None, None, None)
manifest_case("an end-of-life runtime", "runtime-version: '51'", "runtime-version: '43'",
              "end-of-life since 2023-09-20")
manifest_case("an older supported runtime", "runtime-version: '51'", "runtime-version: '50'",
              "not the newest stable GNOME runtime (51)")
manifest_case("a runtime the table does not know", "runtime-version: '51'",
              "runtime-version: '99'", "not in the runtime table")
manifest_case("a runtime that is not out yet", None, None,
              "org.gnome.Platform//51 is not released yet", when=datetime.date(2026, 9, 1))
manifest_case("an unquoted runtime version", "runtime-version: '51'", "runtime-version: 51",
              "quoted string")
manifest_case("host file access", "  - --share=network\n",
              "  - --share=network\n  - --filesystem=host\n", "--filesystem=host is not allowed")
manifest_case("home file access", "  - --share=network\n",
              "  - --share=network\n  - --filesystem=home:ro\n", "--filesystem=home:ro is not allowed")
manifest_case("plain X11", "--socket=fallback-x11", "--socket=x11", "plain X11")
manifest_case("the whole session bus", "  - --share=network\n",
              "  - --share=network\n  - --socket=session-bus\n", "the whole D-Bus")
manifest_case("flatpak-spawn", "  - --share=network\n",
              "  - --share=network\n  - --talk-name=org.freedesktop.Flatpak\n",
              "running commands outside the sandbox")
manifest_case("a permission without its reason", "  # The GL renderer.\n", "",
              "--device=dri has no comment saying why")
manifest_case("no finish-args", "finish-args:", "x-finish-args:", "finish-args are not listed")
manifest_case("a tag that is not the version", f"tag: v{version}", "tag: v0.0.1",
              f"the version in meson.build says v{version}")
manifest_case("a source following a branch", f"tag: v{version}", f"tag: v{version}\n        branch: main",
              "follows a branch")
manifest_case("a local directory source",
              "      - type: git\n        url: https://github.com/flightdeck/flightdeck.git\n"
              f"        tag: v{version}\n",
              "      - type: dir\n        path: ../..\n", "cannot be built on Flathub")
manifest_case("a dependency without a checksum", "modules:\n",
              "modules:\n  - name: libfoo\n    buildsystem: meson\n    sources:\n"
              "      - type: archive\n        url: https://example.org/libfoo-1.0.tar.xz\n",
              "module libfoo: archive source has no sha256 checksum")
manifest_case("a dependency on a moving git tag", "modules:\n",
              "modules:\n  - name: libfoo\n    buildsystem: meson\n    sources:\n"
              "      - type: git\n        url: https://example.org/libfoo.git\n        tag: v1\n",
              "module libfoo: git source is not pinned to a commit")
manifest_case("a pinned dependency", "modules:\n",
              "modules:\n  - name: libfoo\n    buildsystem: meson\n    sources:\n"
              "      - type: archive\n        url: https://example.org/libfoo-1.0.tar.xz\n"
              "        sha256: " + "ab" * 32 + "\n", None)
manifest_case("another app id", f"id: {app_id}", "id: com.github.flightdeck.Flightdeck",
              f"id is not {app_id}")
manifest_case("YAML that flatpak-builder cannot read", "modules:\n", "modules:\n  - [\n",
              "does not parse")

metainfo_case("a release list that misses this version", f'<release version="{version}"',
              '<release version="0.1.9"', f"meson.build says {version}")
metainfo_case("no dark brand colour", 'scheme_preference="dark"', 'scheme_preference="light"',
              "no dark brand colour")
metainfo_case("no source code URL", 'type="vcs-browser"', 'type="contribute"', "no vcs-browser URL")
metainfo_case("a release without notes", "<p>The first release",
              "</description><description><p>The first release",
              "release 0.1.0 has no notes")
metainfo_case("a screenshot that is not in the repository", "screenshots/main.png",
              "screenshots/missing.png", "screenshot missing.png is not in")

sys.exit(1 if failures else 0)
