#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A translation must keep up with the sources: a string added or changed in
# the code and not translated shows up in English in the middle of a German
# window. This extracts a fresh template from the files in po/POTFILES.in
# with the same xgettext arguments as Meson's 'glib' preset (the
# flightdeck-pot target), merges the catalog against it the way
# flightdeck-update-po does, and fails if anything is untranslated or fuzzy,
# if the catalog keeps obsolete (#~) entries, or if msgfmt --check objects.
#
# usage: check-translation.py SOURCE_ROOT LANG [XGETTEXT MSGMERGE MSGFMT MSGATTRIB]
import os
import re
import subprocess
import sys
import tempfile

# Meson's i18n module, preset 'glib' (mesonbuild/modules/i18n.py).
GLIB_PRESET = [
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]

# The statistics line is parsed, so the tools must speak English.
ENV = dict(os.environ, LC_ALL="C", LANGUAGE="C")


def run(argv):
    proc = subprocess.run(argv, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        print(f"failed: {' '.join(argv)}")
        sys.exit(1)
    return proc


def count(pattern, text):
    m = re.search(r"(\d+) " + pattern, text)
    return int(m.group(1)) if m else 0


def main():
    if len(sys.argv) not in (3, 7):
        print("usage: check-translation.py SOURCE_ROOT LANG [XGETTEXT MSGMERGE MSGFMT MSGATTRIB]")
        return 2
    root, lang = sys.argv[1], sys.argv[2]
    if len(sys.argv) == 7:
        xgettext, msgmerge, msgfmt, msgattrib = sys.argv[3:7]
    else:
        xgettext, msgmerge, msgfmt, msgattrib = "xgettext", "msgmerge", "msgfmt", "msgattrib"
    po = os.path.join(root, "po", f"{lang}.po")
    ok = True

    with open(po, encoding="utf-8") as f:
        obsolete = sum(1 for line in f if line.startswith("#~"))
    if obsolete:
        print(f"{lang}.po: {obsolete} obsolete (#~) lines; drop them (msgattrib --no-obsolete)")
        ok = False

    # The catalog as committed must compile, with matching format strings.
    run([msgfmt, "--check", "-o", os.devnull, po])

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "flightdeck.pot")
        merged = os.path.join(tmp, f"{lang}.po")
        run([xgettext, "--package-name=flightdeck", "-D", root,
             "--files-from=" + os.path.join(root, "po", "POTFILES.in"),
             "-o", pot] + GLIB_PRESET)
        run([msgmerge, "--quiet", "-o", merged, po, pot])
        stats = run([msgfmt, "--check", "--statistics", "-o", os.devnull, merged]).stderr
        translated = count("translated message", stats)
        fuzzy = count("fuzzy translation", stats)
        untranslated = count("untranslated message", stats)
        print(f"{lang}: {translated} translated, {fuzzy} fuzzy, {untranslated} untranslated")

        if translated == 0:
            print("no translated messages at all: is POTFILES.in empty?")
            ok = False
        if fuzzy or untranslated:
            ok = False
            for flag, what in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
                out = run([msgattrib, flag, "--no-obsolete", "--no-location", merged]).stdout
                for block in re.findall(r'^msgid ((?:".*"\n)+)', out, re.M):
                    msgid = "".join(re.findall(r'"(.*)"', block))
                    if msgid:
                        print(f"{what}: {msgid}")
            print(f"translate them in po/{lang}.po: ninja flightdeck-update-po, then edit")

    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
