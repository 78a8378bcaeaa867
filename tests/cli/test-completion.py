#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-completion.py FLIGHTDECK-CLI COMPLETION-SCRIPT
#
# Sources the bash completion into a real bash, sets COMP_WORDS and
# COMP_CWORD as Readline does, and checks COMPREPLY against what the built
# flightdeck-cli says in --help and `render --list`.
import os
import re
import shutil
import subprocess
import sys
import tempfile

import cli_help

cli, script = (os.path.abspath(p) for p in sys.argv[1:3])
tap = cli_help.Tap()

bash = shutil.which("bash")
if bash is None:
    cli_help.skip_all("bash is not installed")

work = tempfile.mkdtemp()
for name in ("events.jsonl", "events-old.jsonl", "notes.txt"):
    open(os.path.join(work, name), "w").close()
os.mkdir(os.path.join(work, "exports"))


def complete(*words):
    """COMPREPLY for the command line `words`, the last word being completed."""
    line = " ".join(f"'{w}'" for w in ("flightdeck-cli",) + words)
    program = f"""
source '{script}'
COMP_WORDS=({line})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_flightdeck_cli
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    result = subprocess.run([bash, "--norc", "--noprofile", "-c", program], cwd=work,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0 or result.stderr:
        return ["bash failed: " + result.stderr.strip()]
    return [w for w in result.stdout.split("\n") if w]


def long_options(command):
    groups = cli_help.options(cli, command)
    return [o.split(", ")[-1].split("=")[0] for group in groups.values() for o in group]


commands = cli_help.commands(cli)
tap.equal(complete(""), commands, "the commands of flightdeck-cli --help")
tap.equal(complete("re"), [c for c in commands if c.startswith("re")], "a prefix: re")
tap.equal(complete("-"), ["--help", "--version"], "the options before a command")

for command in commands:
    tap.equal(sorted(complete(command, "--")), sorted(long_options(command)),
              f"{command}: the options of its --help")

charts = cli_help.run(cli, "render", "--list")[1].split()
tap.check(len(charts) > 0, "render --list prints chart names")
tap.equal(complete("render", "--chart", ""), charts, "render --chart: the names of render --list")
tap.equal(complete("render", "--chart", "canary-"), [c for c in charts if c.startswith("canary-")],
          "render --chart canary-: a prefix")
tap.equal(complete("render", "--chart", "=", "canary-"),
          [c for c in charts if c.startswith("canary-")],
          "render --chart=canary- as Readline splits it")
tap.equal(complete("render", "in.jsonl", "--width", "200", "--chart=canary-"),
          [f"--chart={c}" for c in charts if c.startswith("canary-")],
          "render --chart=canary- as one word")

actions = re.search(r"ACTION is one of (.*?)\.\n", cli_help.help_text(cli, "act"), re.S).group(1)
actions = [w.strip() for w in re.sub(r"\([^)]*\)", "", actions).split(",")]
tap.equal(complete("act", ""), actions, "act: the actions its --help names")
tap.equal(complete("act", "--source", "github", ":", "o/r", "--duration", "2h", "p"),
          [a for a in actions if a.startswith("p")],
          "act ACTION after options and a source split at the colon")
tap.equal(complete("act", "silence", ""), [], "act TARGET_ID: anything")

for command in ("fetch", "act"):
    tap.equal(complete(command, "--source", "git"), ["github:", "gitlab:"],
              f"{command} --source git: the source kinds")
tap.equal(complete("fetch", "--since", ""), [], "fetch --since: anything")

# File arguments, as the metavariables in --help name them.
files = ["events-old.jsonl", "events.jsonl", "exports", "notes.txt"]
tap.equal(sorted(complete("metrics", "")), files, "metrics FILE: the files here")
tap.equal(sorted(complete("validate", "ev")), ["events-old.jsonl", "events.jsonl"],
          "validate FILE: a prefix")
for command in commands:
    for option in cli_help.options(cli, command).get("Application Options", []):
        name, _, arg = option.split(", ")[-1].partition("=")
        if arg.startswith("FILE"):
            tap.equal(sorted(complete(command, name, "e")),
                      ["events-old.jsonl", "events.jsonl", "exports"],
                      f"{command} {name} {arg}: file names")

shutil.rmtree(work)
tap.done()
