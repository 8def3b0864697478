"""`--format rich`: violations grouped by file, coloured by severity, with a
small table of counts against the band for every mix violation."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from contentplan.model import Violation
from contentplan.render.summary import Summary

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def print_rich(console: Console, violations: Sequence[Violation], summary: Summary) -> None:
    for file, group in groupby(violations, key=lambda v: v.file):
        console.print(Text(file, style="bold underline"))
        for v in group:
            console.print(_line(v))
            if v.expected is not None and v.actual is not None:
                console.print(_band_table(v), style="dim" if v.severity != "error" else "")
        console.print()
    style = "bold red" if summary.errors else "yellow" if summary.warnings else "bold green"
    mark = "✗" if summary.errors or summary.warnings else "✓"
    console.print(Text(f"{mark} {summary.sentence()}", style=style))


def _line(v: Violation) -> RenderableType:
    text = Text("  ")
    text.append(f"{v.line}:{v.column}", style="cyan")
    text.append("  ")
    text.append(f"{v.severity:<7}", style=SEVERITY_STYLE.get(v.severity, ""))
    text.append(f" [{v.check}] ", style="magenta")
    text.append(v.message)
    return text


def _band_table(v: Violation) -> RenderableType:
    assert v.expected is not None and v.actual is not None
    table = Table(box=None, padding=(0, 2), show_edge=False, pad_edge=False)
    table.add_column("pillar")
    table.add_column("posts", justify="right")
    table.add_column("band", justify="right")
    table.add_column("")
    for pillar, (lo, hi) in v.expected.items():
        count = v.actual.get(pillar, 0)
        ok = lo <= count <= hi
        table.add_row(
            pillar,
            str(count),
            f"{lo}..{hi}",
            Text("✓", style="green") if ok else Text("✗", style="bold red"),
        )
    return Group(Text(""), _indent(table))


def _indent(table: Table) -> RenderableType:
    from rich.padding import Padding

    return Padding(table, (0, 0, 1, 12))
