#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every source file with a translatable string must be in po/POTFILES.in,
# or its strings never reach the translators. Listed files must exist.
import os
import re
import sys

root = sys.argv[1]
with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
    listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}

marker = re.compile(r'(\b_\(|\bN_\(|\bC_\(|\bg_dngettext\b|\bngettext\b|translatable="yes")')
found = set()
for top in ("src", "data"):
    for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
        for name in files:
            if not name.endswith((".c", ".h", ".ui", ".in", ".xml")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if marker.search(text) or name.endswith((".desktop.in", ".metainfo.xml.in")) \
                    or name.endswith(".gschema.xml") and "<summary>" in text:
                found.add(rel)

ok = True
for rel in sorted(found - listed):
    print(f"missing from po/POTFILES.in: {rel}")
    ok = False
for rel in sorted(listed):
    if not os.path.exists(os.path.join(root, rel)):
        print(f"listed in po/POTFILES.in but missing: {rel}")
        ok = False
sys.exit(0 if ok else 1)
