#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-man-page.py FLIGHTDECK-CLI MAN-PAGE VERSION
#
# The man page formats without a warning in groff and man, and documents
# every command and every option that the built flightdeck-cli's --help
# prints, and nothing else; its exit statuses are the ones the CLI returns.
import os
import re
import shutil
import subprocess
import sys
import tempfile

import cli_help

cli, page, version = sys.argv[1:4]
tap = cli_help.Tap()

if shutil.which("groff") is None:
    cli_help.skip_all("groff is not installed (build-aux/install-deps.sh)")

env = dict(os.environ, LC_ALL="C.UTF-8")

result = subprocess.run(["groff", "-man", "-ww", "-z", page],
                        capture_output=True, text=True, env=env, check=False)
tap.check(result.returncode == 0 and not result.stderr, "groff -man -ww -z: no warnings",
          result.stderr)

if shutil.which("man") is not None:
    result = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True,
                            env=dict(env, MANWIDTH="80", MANPAGER="cat", PAGER="cat"),
                            check=False)
    tap.check(result.returncode == 0 and not result.stderr and "SYNOPSIS" in result.stdout,
              "man --warnings -l: no warnings", result.stderr)
else:
    tap.check(True, "man --warnings -l # SKIP man is not installed")

# Rendered with very long lines, every paragraph is one line, so an option
# tag can only start a line where groff put a tag.
result = subprocess.run(["groff", "-man", "-Tutf8", "-rLL=1000n", "-P-cbou", page],
                        capture_output=True, text=True, env=env, check=True)
text = result.stdout.replace("\u2212", "-").replace("\u2010", "-")
lines = text.splitlines()

sections = {}
current = None
for line in lines:
    if re.match(r"^[A-Z][A-Z ]+$", line):
        current = line
        sections[current] = []
    elif current is not None:
        sections[current].append(line)

tap.equal(list(sections), ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS",
                           "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"],
          "the sections")
tap.check(f"Flightdeck {version}" in lines[-1], f"the footer names Flightdeck {version}",
          lines[-1])

tag = re.compile(r"^ {7}((?:-\w, )?--[\w-]+(?:=\S+)?)(?:\s|$)")
documented = {}
command = None
for line in sections.get("COMMANDS", []):
    match = re.match(r"^ {3}flightdeck-cli (\S+)$", line)
    if match:
        command = match.group(1)
        documented[command] = []
    elif command is not None and tag.match(line):
        documented[command].append(tag.match(line).group(1))

commands = cli_help.commands(cli)
tap.equal(list(documented), commands, "the commands, in the order of flightdeck-cli --help")

general = [tag.match(line).group(1) for line in sections.get("OPTIONS", []) if tag.match(line)]
tap.equal(general, ["-h, --help", "--version"], "the options that every command takes")

for name in commands:
    groups = cli_help.options(cli, name)
    tap.equal(documented.get(name), groups.get("Application Options", []),
              f"{name}: the options of --help, with their arguments")
    tap.check(set(groups.get("Help Options", [])) <= set(general),
              f"{name}: the help options are documented", groups.get("Help Options"))

# The exit statuses the CLI really returns are the ones documented.
statuses = {int(m.group(1)) for line in sections.get("EXIT STATUS", [])
            if (m := re.match(r"^ {7}(\d+)\s", line))}
with tempfile.TemporaryDirectory() as work:
    returned = {
        cli_help.run(cli, "--version")[0],
        cli_help.run(cli, "validate", os.path.join(work, "missing.jsonl"))[0],
        cli_help.run(cli, "no-such-command")[0],
    }
tap.equal(statuses, returned, "EXIT STATUS: success, failure and wrong usage")

# Every example runs a command that exists, with options it has.
for line in sections.get("EXAMPLES", []):
    match = re.match(r"^ {7}(?:\S+=\S+ )?flightdeck-cli (\S+)(.*)$", line)
    if match:
        name, rest = match.groups()
        known = {o.split("=")[0].split(", ")[-1] for o in documented.get(name, [])}
        known |= {o.split(", ")[0] for o in documented.get(name, []) if ", " in o}
        used = set(re.findall(r"(?:^|\s)(--?[\w-]+)", rest))
        tap.check(name in commands and used <= known, f"example: flightdeck-cli {name}…",
                  f"unknown: {sorted(used - known)}")

tap.done()
