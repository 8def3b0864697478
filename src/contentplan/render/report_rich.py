"""`contentplan report` on a terminal: one table per platform and one for the
brand, windows as rows, each pillar's count and share against its band, a
stacked bar of the mix, ✓ or ✗, and a sparkline per pillar for the trend.

Every pillar has its own bar character as well as its colour, so the bars
still read in plain text (a file, a pipe, a golden test) and in print.

Brand, platform and pillar names are user text: they go in as ``Text``
through `user_text` (clipped, escaped, never Rich markup).
"""

from __future__ import annotations

import sys
from fractions import Fraction

from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from contentplan.core.band import largest_remainder_split
from contentplan.render.terminal import console_for, user_text
from contentplan.stats.report import (
    BrandReport,
    Report,
    Row,
    Table,
    in_band_summary,
    percent,
    points,
    repeats_summary,
)

BAR_WIDTH = 20
BLOCKS = ("█", "▓", "▒", "░", "▞", "▚", "▖", "▘")
COLOURS = ("blue", "magenta", "yellow", "green", "cyan", "red", "bright_blue", "bright_magenta")
SPARKS = "▁▂▃▄▅▆▇█"
EMPTY = "·"


def print_report(console: Console, report: Report) -> None:
    if not report.brands:
        console.print("No posts to report.")
        return
    for index, brand in enumerate(report.brands):
        if index:
            console.print()
        _print_brand(console, brand)


def print_to_stdout(report: Report) -> None:
    """The report on stdout: in colour on a terminal, else as plain text."""
    console, captured = console_for(not sys.stdout.isatty())
    print_report(console, report)
    # Plain text (a pipe, a file): no trailing blanks, so diffs stay clean.
    sys.stdout.writelines(f"{line.rstrip()}\n" for line in captured().splitlines())


def _print_brand(console: Console, brand: BrandReport) -> None:
    kind = "weeks" if brand.window == "week" else "months"
    windows = brand.windows
    span = f"{windows[0]} … {windows[-1]}" if windows else "none"
    heading = user_text(brand.brand, "bold")
    heading.append(f" · {brand.timezone} · {kind} {span}", style="")
    console.print(heading)
    console.print()
    if not windows:
        console.print("No posts in these windows.")
        return
    for table in brand.tables:
        console.print(_title(brand, table))
        console.print(_table(brand, table))
        repeats = repeats_summary(table, brand.pillars)
        if repeats is not None:
            console.print(Text(repeats))
        console.print(_trend(brand, table))
        console.print()
    console.print(_legend(brand))


def _title(brand: BrandReport, table: Table) -> Text:
    title = user_text(table.name, "bold")
    role = f", {table.role}" if table.role else ""
    title.append(f"  target {table.target_label}{role}")
    if not table.judged_scope:
        title.append("  · not judged (mix.scope)", style="dim")
    else:
        title.append(f"  · {in_band_summary(table, brand.window)}", style="")
    return title


def _table(brand: BrandReport, table: Table) -> RichTable:
    pillars = list(brand.pillars)
    grid = RichTable(
        show_edge=True,
        pad_edge=True,
        header_style="bold",
    )
    grid.add_column("week" if brand.window == "week" else "month", no_wrap=True)
    grid.add_column("posts", justify="right", no_wrap=True)
    for pillar in pillars:
        grid.add_column(user_text(pillar), justify="right", no_wrap=True)
    grid.add_column("mix", no_wrap=True)
    grid.add_column("", justify="center", no_wrap=True)
    shares = table.target_shares
    grid.add_row(
        Text("target", style="dim"),
        "",
        *(Text(percent(shares[p]), style="dim") for p in pillars),
        _bar(pillars, {p: shares[p] for p in pillars}),
        "",
        end_section=True,
    )
    for row in table.rows:
        grid.add_row(
            row.window,
            str(row.total),
            *(_cell(row, pillar) for pillar in pillars),
            _bar(pillars, {p: Fraction(row.counts.get(p, 0)) for p in pillars}),
            _verdict(row),
        )
    return grid


def _cell(row: Row, pillar: str) -> Text:
    count = row.counts.get(pillar, 0)
    if not row.total:
        return Text("–", style="dim")
    lo, hi = row.band[pillar]
    side = row.outside.get(pillar) if row.judged else None
    text = Text(f"{count} {percent(row.share(pillar)):>4} ")
    text.append(f"{lo}..{hi}", style="dim")
    if side == "below":
        text.append(" ▼", style="bold red")
    elif side == "above":
        text.append(" ▲", style="bold red")
    else:
        text.append("  ")
    if side:
        text.stylize("red", 0, len(str(count)))
    return text


def _verdict(row: Row) -> Text:
    if row.ok is None:
        return Text("–", style="dim")
    return Text("✓", style="green") if row.ok else Text("✗", style="bold red")


def _bar(pillars: list[str], weights: dict[str, Fraction]) -> Text:
    if not sum(weights.values()):
        return Text(EMPTY * BAR_WIDTH, style="dim")
    widths = largest_remainder_split(weights, BAR_WIDTH)
    bar = Text()
    for index, pillar in enumerate(pillars):
        bar.append(
            BLOCKS[index % len(BLOCKS)] * widths[pillar], style=COLOURS[index % len(COLOURS)]
        )
    return bar


def _trend(brand: BrandReport, table: Table) -> RenderableType:
    """A sparkline of every pillar's share across the windows, with the share
    over the whole span against the target and the last change."""
    grid = RichTable(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    shares = table.target_shares
    last_change = next((row.change for row in reversed(table.rows) if row.change), None)
    for index, pillar in enumerate(brand.pillars):
        total = table.total
        overall = Fraction(table.pillar_total(pillar), total) if total else None
        change = f", latest change {points(last_change[pillar])} pts" if last_change else ""
        grid.add_row(
            Text("trend" if index == 0 else "", style="dim"),
            user_text(pillar, COLOURS[index % len(COLOURS)]),
            _sparkline(table.trend(pillar)),
            Text(f"{percent(overall)} overall (target {percent(shares[pillar])}){change}"),
        )
    return Group(grid)


def _sparkline(values: list[Fraction | None]) -> Text:
    """Shares 0..100% as ▁..█ (absolute, so pillars compare); · for no posts."""
    line = Text()
    for value in values:
        if value is None:
            line.append(EMPTY, style="dim")
        else:
            step = int(value * (len(SPARKS) - 1) + Fraction(1, 2))
            line.append(SPARKS[step])
    return line


def _legend(brand: BrandReport) -> Text:
    legend = Text("mix: ", style="dim")
    for index, pillar in enumerate(brand.pillars):
        legend.append(BLOCKS[index % len(BLOCKS)], style=COLOURS[index % len(COLOURS)])
        legend.append(user_text(f" {pillar}  "))
    legend.append(f"{EMPTY} no posts", style="dim")
    legend.append("\n")
    legend.append("cells: count, share, allowed band; ▼ below the band, ▲ above it", style="dim")
    legend.append("\n")
    below = f"fewer than {brand.min_posts} posts" if brand.min_posts > 1 else "no posts"
    legend.append(f"✓ in band, ✗ outside, – not judged ({below} or mix.scope)", style="dim")
    return legend
