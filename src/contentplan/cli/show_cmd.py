"""`contentplan show`: the calendar as a week grid, with violations marked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from contentplan.cli.common import exits, split_names

HELP = """Show a calendar as a week grid: days as rows, platforms as columns.

PATH is a calendar file or a folder: every calendar below a folder is read,
as `check` reads them, and the posts of one brand (one file per month, say)
are shown together, one grid per brand.

Each post shows its time and title, coloured by pillar. Posts that break a
rule carry a mark with the check's name, and the week's violations are listed
under the grid, after the mix of every platform and of the brand against its
band. A post of a series (`series:` in the rules) carries ↻, and a day the
series is due with no post of it reads "↻ NAME missed" (a day a blackout
excuses is not missed).

Without --week it shows the week that holds today, if the calendar covers it,
else the calendar's first week.

Examples:

  contentplan show calendars/veloq-2025-spring.yaml

  contentplan show calendars/ --week 2025-W13

  contentplan show calendars/veloq-2025-spring.yaml --week 2025-W13 --week 2025-W14

  contentplan show calendars/veloq-2025-spring.yaml --platform weibo,douyin
"""

def show(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="A calendar file, or a folder: every calendar below it.",
            show_default=False,
        ),
    ],
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

    brands = exits(showing.calendars)(path, rules)
    known = sorted({name for brand in brands for name in brand.rules.platforms})
    columns = split_names(platform or [], known, "--platform", "platform")
    for brand in brands:
        mine = [name for name in columns if name in brand.rules.platforms]
        if columns and not mine:
            continue  # none of the platforms asked for is this brand's
        shown = exits(showing.weeks)(brand, mine, week or [], today)
        print_weeks(brand, shown.posts, mine, shown.mondays, shown.violations)
