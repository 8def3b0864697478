"""`show` below the command line: the calendar to show, the weeks to show
and the violations to mark on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from contentplan.app.errors import AppError
from contentplan.app.inputs import one_calendar, problem_text
from contentplan.core.model import Brand, Post, Violation


@dataclass(frozen=True, slots=True)
class Weeks:
    """What `show` prints: the posts on the platforms shown, the Mondays of
    the weeks shown, and the violations on those platforms."""

    posts: list[Post]
    mondays: list[date]
    violations: list[Violation]


def calendar(file: Path, rules_option: str | None) -> Brand:
    """The one calendar to show, judged against its rules (``--rules`` wins);
    an error when it cannot be read or has problems."""
    if not file.is_file():
        raise AppError(f"{file}: no such file: check the path")
    found = one_calendar(file, rules_option)
    if found.problems or not found.brands:
        raise AppError(
            f"{file} cannot be shown until its problems are fixed",
            [problem_text(problem) for problem in found.problems],
        )
    return found.brands[0]


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
