"""`contentplan show`: the calendar as a week grid, with violations marked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from contentplan.cli.common import exits, split_names

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
    from contentplan.app import show as showing
    from contentplan.render.show import print_weeks

    brand = exits(showing.calendar)(file, rules)
    columns = split_names(platform or [], sorted(brand.rules.platforms), "--platform", "platform")
    shown = exits(showing.weeks)(brand, columns, week or [], today)
    print_weeks(brand, shown.posts, columns, shown.mondays, shown.violations)
