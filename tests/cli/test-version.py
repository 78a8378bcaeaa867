#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-version.py FLIGHTDECK-CLI MAN-PAGE COMPLETION-SCRIPT VERSION
#
# The version comes from one place, meson.build's project(): what
# `flightdeck-cli --version` prints and what the man page and the completion
# were made for.
import sys

import cli_help

cli, page, script, version = sys.argv[1:5]
tap = cli_help.Tap()

status, out = cli_help.run(cli, "--version")
tap.equal((status, out), (0, f"flightdeck-cli {version}\n"), "flightdeck-cli --version")

with open(page, encoding="utf-8") as f:
    th = [line for line in f if line.startswith(".TH ")]
tap.check(len(th) == 1 and f'"Flightdeck {version}"' in th[0], "the man page's .TH", th)

with open(script, encoding="utf-8") as f:
    tap.check(f"flightdeck-cli {version};" in f.read(), "the completion's header")

tap.done()
