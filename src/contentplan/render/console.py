"""`--format rich`: violations grouped by file, coloured by severity, with a
small table of counts against the band under every mix violation.

File names, messages and pillar names are user text: each goes in as a
``Text`` through `user_text`/`message_text` (escaped, never markup), so only
the styling added here reaches the terminal as escape codes."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from contentplan.core.model import Violation
from contentplan.render.summary import Summary
from contentplan.render.terminal import MESSAGE_LIMIT, Phrases, message_phrases, user_text

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def print_rich(console: Console, violations: Sequence[Violation], summary: Summary) -> None:
    for file, group in groupby(violations, key=lambda v: v.file):
        console.print(user_text(file, "bold underline", limit=MESSAGE_LIMIT))
        console.print(_file_grid(list(group)))
        console.print()
    style = "bold red" if summary.errors else "yellow" if summary.warnings else "bold green"
    mark = "✗" if summary.errors or summary.warnings else "✓"
    console.print(Text(f"{mark} {summary.sentence()}", style=style))


def _file_grid(violations: list[Violation]) -> Table:
    grid = Table.grid(padding=(0, 1), pad_edge=True)
    grid.add_column(style="cyan", no_wrap=True, justify="right")
    grid.add_column(no_wrap=True)
    grid.add_column(style="magenta", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for v in violations:
        message: RenderableType = Phrases(message_phrases(v.message))
        if v.expected is not None and v.actual is not None:
            message = Group(message, _band_table(v))
        grid.add_row(
            f"{v.line}:{v.column}",
            Text(v.severity, style=SEVERITY_STYLE.get(v.severity, "")),
            Text(f"[{v.check}]"),
            message,
        )
    return grid


def _band_table(v: Violation) -> Table:
    assert v.expected is not None and v.actual is not None
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, pad_edge=False)
    table.add_column("pillar", style="dim")
    table.add_column("posts", justify="right", style="dim")
    table.add_column("band", justify="right", style="dim")
    table.add_column("")
    for pillar, (lo, hi) in v.expected.items():
        count = v.actual.get(pillar, 0)
        ok = lo <= count <= hi
        mark = Text("✓", style="green") if ok else Text("✗", style="bold red")
        table.add_row(user_text(pillar), str(count), f"{lo}..{hi}", mark)
    return table
