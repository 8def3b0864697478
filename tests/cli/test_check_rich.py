"""`--format rich` with many violations: a terminal shows the first
TERMINAL_CAP of them and says how many more there are; a pipe or a file
gets every one. And the one-violation-at-a-time layout writes exactly what
Rich's grid of the whole file wrote."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
from datetime import datetime, timedelta
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from contentplan.core.model import Violation
from contentplan.render.console import TERMINAL_CAP, _file_grid, print_rich
from contentplan.render.summary import Summary
from tests.hardening.support import CLI, HANG_GUARD, run_bounded

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ROW = re.compile(r"^ +\d+:\d+ (error|warning) +\[")
POSTS = TERMINAL_CAP + 40


def write_calendar(folder: Path) -> None:
    """POSTS posts an hour apart on a platform that wants two hours between
    posts: at least POSTS - 1 spacing violations."""
    start = datetime(2025, 3, 3, 8, 0)
    lines = ["version: 1", "brand: many", "timezone: UTC", "rules: rules.yaml", "posts:"]
    for number in range(POSTS):
        at = start + timedelta(hours=number)
        lines.append(
            f'  - {{id: p{number}, at: "{at:%Y-%m-%d %H:%M}", platform: weibo, '
            f"pillar: functional, title: Post {number}}}"
        )
    (folder / "cal.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "rules.yaml").write_text(
        "version: 1\nplatforms:\n  weibo: {min_gap: 2h, max_per_day: 30}\n", encoding="utf-8"
    )


def run_on_terminal(folder: Path, environment: dict[str, str]) -> str:
    """Run check with its stdout on a pseudo-terminal; what it wrote there."""
    reader, writer = os.openpty()
    process = subprocess.Popen(
        [*CLI, "check", "cal.yaml", "--format", "rich"],
        cwd=folder,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=writer,
        stderr=subprocess.DEVNULL,
    )
    os.close(writer)
    chunks = []
    try:
        while select.select([reader], [], [], HANG_GUARD)[0]:
            try:
                chunk = os.read(reader, 65536)
            except OSError:  # the other end closed (Linux)
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
        process.wait(timeout=HANG_GUARD)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("where", ["terminal", "pipe with colour", "file"])
def test_a_terminal_shows_the_first_violations_and_counts_the_rest(
    tmp_path: Path, where: str
) -> None:
    write_calendar(tmp_path)
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    environment["COLUMNS"] = "120"
    if where == "terminal":
        text = run_on_terminal(tmp_path, environment)
    else:
        environment["FORCE_COLOR"] = "1"
        extra = ["--output", "out.txt"] if where == "file" else []
        done = subprocess.run(
            [*CLI, "check", "cal.yaml", "--format", "rich", *extra],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=HANG_GUARD * 3,
        )
        assert done.returncode == 1, done.stderr
        text = (tmp_path / "out.txt").read_text("utf-8") if extra else done.stdout
    lines = ANSI.sub("", text).splitlines()
    rows = sum(1 for line in lines if ROW.match(line))
    total = re.search(r"(\d+) errors, (\d+) warnings? in 1 file", lines[-1])
    assert total is not None, lines[-3:]
    found = int(total[1]) + int(total[2])
    assert found >= POSTS - 1
    more = [line for line in lines if "more, use --format plain to see all" in line]
    if where == "terminal":
        assert rows == TERMINAL_CAP
        assert more == [
            f"… {found - TERMINAL_CAP:,} more, use --format plain to see all "
            f"(the terminal shows the first {TERMINAL_CAP:,})"
        ]
    else:
        assert rows == found
        assert more == []


def grid_report(console: Console, violations: list[Violation], summary: Summary) -> None:
    """The report as Rich's grid of each whole file laid it out."""
    for file, group in groupby(violations, key=lambda v: v.file):
        console.print(file, style="bold underline", markup=False, highlight=False)
        console.print(_file_grid(list(group)))
        console.print()
    console.print(f"✗ {summary.sentence()}", markup=False, highlight=False)


words = st.text(alphabet="abcdefghij -:产品\u0301é", min_size=0, max_size=30)
violations = st.builds(
    Violation,
    check=st.sampled_from(["mix", "spacing", "quiet-hours", "title-length"]),
    severity=st.sampled_from(["error", "warning"]),
    file=st.sampled_from(["a.yaml", "b.yaml"]),
    line=st.integers(1, 20_000),
    column=st.integers(1, 30),
    message=st.lists(words, max_size=12).map(" ".join),
    expected=st.none() | st.dictionaries(words, st.tuples(st.integers(0, 9), st.integers(0, 99))),
    actual=st.none() | st.dictionaries(words, st.integers(0, 999)),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(violations, min_size=1, max_size=6), st.integers(58, 130))
def test_the_layout_is_rich_s_grid_of_the_whole_file(
    found: list[Violation], width: int
) -> None:
    found.sort(key=lambda v: v.order)
    summary = Summary(1, 1, 1, 0)
    written = []
    for report in (print_rich, grid_report):
        buffer = io.StringIO()
        console = Console(file=buffer, force_terminal=False, no_color=True, width=width)
        report(console, found, summary)
        written.append(buffer.getvalue())
    assert written[0] == written[1]


def test_check_help_tells_how_many_violations_a_terminal_shows() -> None:
    from contentplan.cli import load

    command = load("check")  # the command as the command line loads it
    (option,) = [p for p in command.params if "--format" in p.opts]
    assert f"rich shows the first {TERMINAL_CAP} violations" in option.help


@settings(max_examples=120, deadline=None)
@given(st.lists(violations, min_size=1, max_size=6), st.integers(16, 57))
def test_a_narrow_terminal_still_shows_every_message_whole(
    found: list[Violation], width: int
) -> None:
    """Below about 58 columns the grid left a message two cells wide (one
    character a line) or cut it away: every message is still there, in
    order, and no line is wider than the terminal."""
    found.sort(key=lambda v: v.order)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, no_color=True, width=width)
    print_rich(console, found, Summary(1, 1, 1, 0))
    written = buffer.getvalue()
    assert max(cell_len(line) for line in written.splitlines()) <= width
    squeezed = "".join(written.split())
    at = 0
    for v in found:
        message = "".join(v.message.split())
        found_at = squeezed.find(message, at)
        assert found_at >= 0, (v.message, written)
        at = found_at + len(message)


@pytest.mark.parametrize("columns", [20, 30, 40])
def test_check_at_a_narrow_terminal_prints_the_message_under_its_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """At 20 columns the message was cut away (`error [cadence]` and
    nothing else), at 30 it ran one character a line."""
    (tmp_path / "r.yaml").write_text('version: 1\nquiet_hours: {from: "00:30", to: "07:00"}\n')
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nrules: r.yaml\nposts:\n"
        '  - {id: a, at: "2025-03-10 03:00", platform: weibo, pillar: story, title: "Hi"}\n',
        "utf-8",
    )
    monkeypatch.setenv("COLUMNS", str(columns))
    run = run_bounded("check", "c.yaml", "-f", "rich", "--select", "quiet-hours", cwd=tmp_path)
    assert run.code == 1, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= columns
    words = " ".join(run.stdout.split())
    assert "6:5 error [quiet-hours] a at Mon 2025-03-10 03:00" in words, run.stdout
    assert "is in weibo's quiet hours (00:30-07:00): move it before 00:30" in words, run.stdout
