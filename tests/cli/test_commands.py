"""The command list (contentplan.cli.COMMANDS): `contentplan --help` lists
every command with its one-line help without loading any command's module,
and a command's module loads only when that command is used."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentplan.cli import COMMANDS, Command, app, load

CLI = Path(__file__).resolve().parents[2] / "src" / "contentplan" / "cli"


@pytest.mark.parametrize("entry", COMMANDS, ids=[entry.name for entry in COMMANDS])
def test_the_listed_help_is_the_commands_own_first_paragraph(entry: Command) -> None:
    command = load(entry.name)
    assert command.name == entry.name
    assert command.short_help == entry.summary, f"update {entry.name} in contentplan.cli.COMMANDS"
    assert (command.help or "").split("\n\n")[0] == entry.summary


def test_every_command_module_is_listed() -> None:
    modules = {path.stem for path in CLI.glob("*_cmd.py")}
    listed = {entry.module().__name__.rsplit(".", 1)[1] for entry in COMMANDS}
    assert listed == modules


def test_the_help_lists_every_command_with_its_line() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    listed = re.findall(r"^│ (\w[\w-]*) +(.+?) *│$", result.output, re.M)
    assert [name for name, _ in listed] == [entry.name for entry in COMMANDS]
    assert [line for _, line in listed] == [entry.summary for entry in COMMANDS]


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["plann"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "No such command 'plann'. Did you mean 'plan'?" in result.output


# Runs the console script's entry three times in one process and reports,
# after each, which command modules and Rich modules are loaded.
LOADED = """
import json, sys
from contentplan.cli import main
seen = {}
for args in (["--version"], ["--help"], ["check", "--help"]):
    sys.argv = ["contentplan", *args]
    try:
        main()
    except SystemExit as done:
        assert done.code == 0, (args, done.code)
    seen[" ".join(args)] = sorted(
        m for m in sys.modules
        if (m.startswith("contentplan.cli.") and m.endswith("_cmd"))
        or m.split(".")[0] == "rich"
        or m == "typer.rich_utils"
    )
print(json.dumps(seen), file=sys.stderr)
"""


def test_version_and_help_load_only_what_they_show() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen["--version"] == []
    assert [m for m in seen["--help"] if m.startswith("contentplan.")] == []
    assert [m for m in seen["check --help"] if m.startswith("contentplan.")] == [
        "contentplan.cli.check_cmd"
    ]
    # The help pages are laid out without Typer's Rich help (its Markdown
    # and tables took longer to import than Typer, Rich and PyYAML).
    for args in ("--version", "--help", "check --help"):
        assert "typer.rich_utils" not in seen[args] and "rich.markdown" not in seen[args]
