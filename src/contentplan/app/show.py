"""`show` below the command line: the calendar to show, the weeks to show
and the violations to mark on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from contentplan.app.errors import AppError
from contentplan.app.inputs import given, problem_text
from contentplan.core.model import Brand, Post, Violation
from contentplan.load.gather import display_path


@dataclass(frozen=True, slots=True)
class Weeks:
    """What `show` prints: the posts on the platforms shown, the Mondays of
    the weeks shown, and the violations on those platforms."""

    posts: list[Post]
    mondays: list[date]
    violations: list[Violation]


def calendars(path: Path, rules_option: str | None) -> list[Brand]:
    """The brands to show, judged against their rules (``--rules`` wins):
    one calendar file, or every calendar below a folder (grouped by brand,
    as `check` reads them); an error when none can be read or they have
    problems."""
    shown = display_path(path)
    if not path.exists():
        raise AppError(f"{shown}: no such file or folder: check the path")
    found = given([str(path)], rules_option)
    if path.is_dir() and not found.files and not found.problems:
        raise AppError(
            f"{shown}: no calendar in this folder (a calendar is a .yaml file with "
            "`posts:`): name a calendar file or a folder that holds one"
        )
    if found.problems or not found.brands:
        raise AppError(
            f"{shown} cannot be shown until its problems are fixed",
            [problem_text(problem) for problem in found.problems],
        )
    return found.brands


def weeks(
    brand: Brand, columns: Sequence[str], week_names: Sequence[str], today: str | None
) -> Weeks:
    """The weeks named (``--week``); else the week holding today if the
    calendar covers it, else the calendar's first week. Only the platforms
    in ``columns`` (all when empty)."""
    from contentplan.checks.engine import run_checks
    from contentplan.core.clock import ClockError, parse_date, parse_week, week_start

    posts = [p for p in brand.posts if not columns or p.platform in columns]
    try:
        mondays = [parse_week(name) for name in week_names]
        day = parse_date(today) if today else date.today()
    except ClockError as error:
        raise AppError(str(error)) from None
    covered = sorted({week_start(p.local.date()) for p in posts})
    if not mondays:
        this_week = week_start(day)
        mondays = [this_week if this_week in covered or not covered else covered[0]]
    violations = [
        v
        for v in run_checks([brand])
        if not columns or v.platform is None or v.platform in columns
    ]
    return Weeks(posts, mondays, violations)
