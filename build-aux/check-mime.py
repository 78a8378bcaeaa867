#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the shared-mime-info entry: well-formed XML that declares the type
# and the glob the desktop file's MimeType= relies on.
import sys
import xml.etree.ElementTree as ET

path, mime_type, glob = sys.argv[1:4]
ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
root = ET.parse(path).getroot()
for node in root.findall(f"{ns}mime-type"):
    if node.get("type") == mime_type:
        globs = [g.get("pattern") for g in node.findall(f"{ns}glob")]
        if glob in globs and node.find(f"{ns}comment") is not None:
            sys.exit(0)
        print(f"{path}: {mime_type} lacks the glob {glob} or a comment")
        sys.exit(1)
print(f"{path}: no {mime_type}")
sys.exit(1)
