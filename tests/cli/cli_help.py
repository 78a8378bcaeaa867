# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the built flightdeck-cli says about itself in --help, for the tests
# of its man page and bash completion, and a small TAP writer.
import re
import subprocess
import sys

HELP_OPTION = re.compile(r"^  ((?:-\w, )?--[\w-]+(?:=\S+)?)(?:\s|$)")


def run(cli, *args):
    """Runs the CLI; returns (exit status, stdout)."""
    result = subprocess.run([cli, *args], capture_output=True, text=True, check=False)
    return result.returncode, result.stdout


def commands(cli):
    """The command names that `flightdeck-cli --help` lists, in its order."""
    status, out = run(cli, "--help")
    assert status == 0, f"flightdeck-cli --help exited with {status}"
    names = []
    listing = False
    for line in out.splitlines():
        if line == "Commands:":
            listing = True
        elif listing and not line.strip():
            break
        elif listing:
            names.append(line.split()[0])
    assert names, "flightdeck-cli --help lists no commands"
    return names


def options(cli, command):
    """The options of `flightdeck-cli COMMAND --help` as written there, e.g.
    "-o, --output=FILE", by group: {"Help Options": [...], "Application Options": [...]}."""
    status, out = run(cli, command, "--help")
    assert status == 0, f"flightdeck-cli {command} --help exited with {status}"
    groups = {}
    group = None
    for line in out.splitlines():
        if line.endswith("Options:") and not line.startswith(" "):
            group = line[:-1]
            groups[group] = []
        elif group is not None:
            match = HELP_OPTION.match(line)
            if match:
                groups[group].append(match.group(1))
    return groups


def help_text(cli, command):
    return run(cli, command, "--help")[1]


class Tap:
    """Writes TAP: one line per check, the plan at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, ok, name, detail=""):
        self.count += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {name}")
        if not ok:
            self.failed += 1
            for line in str(detail).splitlines():
                print(f"# {line}")

    def equal(self, got, expected, name):
        self.check(got == expected, name, f"got:      {got!r}\nexpected: {expected!r}")

    def done(self):
        print(f"1..{self.count}")
        sys.exit(1 if self.failed else 0)


def skip_all(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)
