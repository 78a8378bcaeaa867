#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What Flathub and the software centres expect of the metainfo beyond what
# appstreamcli validates: the release list names the version in meson.build
# first, every release has a date and notes, the brand colours exist for
# the light and the dark style, the source code has a URL, and every
# screenshot is one the repository holds.
#
# usage: check-metainfo.py METAINFO APP_ID VERSION SCREENSHOT_DIR
import os
import re
import sys
import xml.etree.ElementTree as ET

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def version_key(v):
    return tuple(int(p) for p in v.split("."))


def check(path, app_id, version, screenshot_dir):
    errors = []
    root = ET.parse(path).getroot()

    if root.findtext("id") != app_id:
        errors.append(f"id is not {app_id}")
    launchable = root.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != f"{app_id}.desktop":
        errors.append(f"launchable is not {app_id}.desktop")

    releases = root.findall("releases/release")
    if not releases:
        errors.append("no <release> entries")
    else:
        newest = releases[0].get("version")
        if newest != version:
            errors.append(f"the newest release is {newest}, meson.build says {version}")
        versions = [r.get("version") for r in releases]
        if versions != sorted(versions, key=version_key, reverse=True):
            errors.append(f"releases are not listed newest first: {versions}")
        dates = [r.get("date") or "" for r in releases]
        if dates != sorted(dates, reverse=True):
            errors.append(f"release dates do not go back in time: {dates}")
        for r in releases:
            if not r.get("date"):
                errors.append(f"release {r.get('version')} has no date")
            description = r.find("description")
            if description is None or not "".join(description.itertext()).strip():
                errors.append(f"release {r.get('version')} has no notes")

    schemes = {c.get("scheme_preference"): c.text
               for c in root.findall("branding/color[@type='primary']")}
    for scheme in ("light", "dark"):
        if not COLOR.match(schemes.get(scheme) or ""):
            errors.append(f"no {scheme} brand colour")

    urls = {u.get("type"): u.text for u in root.findall("url")}
    for kind in ("homepage", "bugtracker", "vcs-browser"):
        if not (urls.get(kind) or "").startswith("https://"):
            errors.append(f"no {kind} URL")

    for image in root.findall("screenshots/screenshot/image"):
        name = os.path.basename(image.text or "")
        if not os.path.exists(os.path.join(screenshot_dir, name)):
            errors.append(f"screenshot {name} is not in {screenshot_dir}")
    return errors


def main():
    path, app_id, version, screenshot_dir = sys.argv[1:5]
    errors = check(path, app_id, version, screenshot_dir)
    for e in errors:
        print(f"{path}: {e}", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
