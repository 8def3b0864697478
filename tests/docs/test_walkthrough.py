"""docs/walkthrough-411.md runs as written: its files are written where it
says, its commands run through the real command line in order, each ends
with the exit code it states (`# exit 1`, else 0), and where it shows what a
command prints, the command prints exactly that."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT
from tests.hardening.support import run_bounded

WALKTHROUGH = ROOT / "docs" / "walkthrough-411.md"
BLOCK = re.compile(r"(?:<!-- (file: \S+|output) -->\n)?```(\w*)\n(.*?)```", re.S)


@dataclass
class Step:
    kind: str  # "file", "commands" or "output"
    text: str
    path: str = ""
    commands: list[tuple[list[str], int]] = field(default_factory=list)


def steps() -> list[Step]:
    found: list[Step] = []
    for mark, language, body in BLOCK.findall(WALKTHROUGH.read_text(encoding="utf-8")):
        if mark.startswith("file: "):
            found.append(Step("file", body, path=mark.removeprefix("file: ")))
        elif mark == "output":
            found.append(Step("output", body))
        elif language == "bash":
            step = Step("commands", body)
            for line in body.splitlines():
                command, _, comment = line.partition("#")
                code = re.fullmatch(r"\s*exit (\d+)\s*", comment)
                step.commands.append((shlex.split(command), int(code[1]) if code else 0))
            found.append(step)
    return found


def test_the_walkthrough_has_files_commands_and_outputs() -> None:
    kinds = [step.kind for step in steps()]
    assert kinds.count("file") >= 4 and kinds.count("output") >= 3
    run = [args[1] for step in steps() for args, _ in step.commands if args[0] == "contentplan"]
    assert {"init", "check", "plan", "show", "report"} <= set(run)


def test_the_walkthrough_runs_as_written(tmp_path: Path) -> None:
    folder = tmp_path
    last = None
    for step in steps():
        if step.kind == "file":
            target = folder / step.path
            assert target.parent.is_dir(), f"{step.path}: the walkthrough made no such folder"
            target.write_text(step.text, encoding="utf-8")
        elif step.kind == "output":
            assert last is not None, "an output block follows a command"
            assert last.stdout == step.text, last.stdout + last.stderr
        else:
            for args, code in step.commands:
                if args[0] == "cd":
                    folder = folder / args[1]
                elif args[0] == "rm":
                    (folder / args[1]).unlink()
                else:
                    assert args[0] == "contentplan", args
                    last = run_bounded(*args[1:], cwd=folder, timeout=120)
                    shown = " ".join(args)
                    assert last.code == code, f"{shown}: {last.stdout}{last.stderr}"
                    assert "Traceback" not in last.stderr, shown
    # What plan added is still in the calendar, and it all passes.
    calendar = (folder / "calendars" / "acme.yaml").read_text(encoding="utf-8")
    assert "id: sale-launch" in calendar and calendar.count("  - ") > 6
