"""`contentplan show`: the calendar as a week grid, with violations marked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from contentplan.cli.common import fail, print_problems, split_names
from contentplan.core.model import Brand, Post, Violation

HELP = """Show a calendar as a week grid: days as rows, platforms as columns.

Each post shows its time and title, coloured by pillar. Posts that break a
rule carry a mark with the check's name, and the week's violations are listed
under the grid, after the mix of every platform and of the brand against its
band.

Without --week it shows the week that holds today, if the calendar covers it,
else the calendar's first week.

Examples:

  contentplan show calendars/veloq-2025-spring.yaml

  contentplan show calendars/veloq-2025-spring.yaml --week 2025-W13 --week 2025-W14

  contentplan show calendars/veloq-2025-spring.yaml --platform weibo,douyin
"""

MARK = {"error": "✗", "warning": "!"}


def show(
    file: Annotated[Path, typer.Argument(help="The calendar file to show.", show_default=False)],
    week: Annotated[
        list[str] | None,
        typer.Option("--week", help="ISO week to show, e.g. 2025-W13 (repeatable)."),
    ] = None,
    platform: Annotated[
        list[str] | None,
        typer.Option("--platform", help="Only these platforms: --platform weibo,douyin."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Take this date (YYYY-MM-DD) as today."),
    ] = None,
    rules: Annotated[
        str | None, typer.Option("--rules", help="Rules file (wins over the calendar's `rules:`).")
    ] = None,
) -> None:
    from contentplan.app.inputs import one_calendar
    from contentplan.checks.engine import run_checks
    from contentplan.core.clock import ClockError, parse_date, parse_week, week_start

    if not file.is_file():
        fail(f"{file}: no such file: check the path")
    found = one_calendar(file, rules)
    if found.problems or not found.brands:
        print_problems(found.problems)
        fail(f"{file} cannot be shown until its problems are fixed")
    brand = found.brands[0]
    columns = split_names(platform or [], sorted(brand.rules.platforms), "--platform", "platform")
    posts = [p for p in brand.posts if not columns or p.platform in columns]
    try:
        mondays = [parse_week(name) for name in week or []]
        day = parse_date(today) if today else date.today()
    except ClockError as error:
        fail(str(error))
    covered = sorted({week_start(p.local.date()) for p in posts})
    if not mondays:
        this_week = week_start(day)
        mondays = [this_week if this_week in covered or not covered else covered[0]]
    violations = [
        v
        for v in run_checks([brand])
        if not columns or v.platform is None or v.platform in columns
    ]
    _print(brand, posts, columns, mondays, violations)


def _print(
    brand: Brand,
    posts: list[Post],
    columns: list[str],
    mondays: list[date],
    violations: list[Violation],
) -> None:
    from rich.console import Console
    from rich.text import Text

    from contentplan.core.clock import week_name
    from contentplan.render.terminal import message_text
    from contentplan.render.week import week_view

    console = Console(highlight=False)
    platforms = columns or list(brand.rules.planning_platforms)
    for monday in mondays:
        name = week_name(monday)
        ids = {p.id for p in posts if monday <= p.local.date() < monday + timedelta(days=7)}
        in_week = [v for v in violations if v.window == name or set(v.post_ids) & ids]
        marks: dict[str, str] = {}
        for v in in_week:
            for post_id in v.post_ids if v.check not in ("mix", "mix-brand") else ():
                sign = f"{MARK.get(v.severity, '')}{v.check}"
                marks[post_id] = f"{marks[post_id]} {sign}" if post_id in marks else sign
        console.print(
            week_view(posts, brand.rules, monday, platforms, brand=brand.name, marks=marks)
        )
        for v in in_week:
            style = "bold red" if v.severity == "error" else "yellow"
            line = Text(f"{MARK.get(v.severity, '')} ", style=style)
            line.append(f"[{v.check}] ", style="magenta")
            line.append(message_text(f"{v.file}:{v.line}  ", "cyan"))
            line.append(message_text(v.message))
            console.print(line)
        if not in_week:
            console.print(Text("✓ no violations this week", style="green"))
        console.print()
