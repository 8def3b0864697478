"""`fix` below the command line: the calendar to repair, the repair (the
solver is passed in, so that the command line can show its progress), the
repaired calendar read back and judged, and writing it.

Errors are ``AppError`` (exit 2 at the command line)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from contentplan.app import inputs
from contentplan.app.errors import AppError
from contentplan.app.outputs import deliver
from contentplan.load.gather import display_path

if TYPE_CHECKING:
    from contentplan.core.model import Brand, Violation
    from contentplan.plan.repair.problem import RepairProblem
    from contentplan.plan.repair.solve import Move, RepairResult
    from contentplan.plan.repair.why import Left

OUTPUT_HINT = "use --in-place to write the repaired calendar back, or write to another file"


@dataclass
class Outcome:
    """What a run found, for the output, the report and the exit code."""

    text: bytes  # the calendar to write
    before: list[Violation]
    after: list[Violation]
    brand: Brand | None
    moves: tuple[Move, ...]
    left: list[Left]
    result: RepairResult | None


def load(file: Path, rules: str | None) -> tuple[Brand, str | None]:
    """The calendar's brand, its rules resolved as for `check`, and the
    rules file used (absolute; None for the built-in defaults)."""
    settings_rules = inputs.settings_rules(inputs.settings())
    found = inputs.one_calendar(file, rules, settings_rules)
    inputs.stop_on_problems(
        found.problems, " first (fix moves posts; it does not repair YAML)"
    )
    if not found.brands:
        raise AppError(f"{display_path(file)}: no calendar could be read from this file")
    brand = found.brands[0]
    return brand, inputs.rules_used(brand.calendars[0], rules, settings_rules)


def errors(brand: Brand) -> list[Violation]:
    from contentplan.checks.engine import run_checks

    return [v for v in run_checks([brand]) if v.severity == "error"]


def repair(
    brand: Brand,
    original: bytes,
    shown: str,
    across_weeks: bool,
    deadline: float,
    solve: Callable[[RepairProblem], RepairResult],
) -> Outcome:
    """The fewest moves, the calendar text with them, and what is left (and
    why). When the solver found nothing in time, the outcome's result says
    so (status unknown) and the text is the original."""
    from contentplan.io.edit import AtEdit, EditError, rewrite
    from contentplan.plan.repair.problem import repair_problem

    before = errors(brand)
    if not before:
        return Outcome(original, [], [], None, (), [], None)
    problem = repair_problem(brand, across_weeks)
    result = solve(problem)
    if result.status == "unknown":
        return Outcome(original, before, before, brand, (), [], result)
    edits = [AtEdit(move.post, move.to.local, move.to.instant) for move in result.moves]
    try:
        text = rewrite(original, edits, brand.zone, shown)
    except EditError as error:
        raise AppError(f"{shown}: cannot move post {error}") from None
    repaired = _reload(brand, text, shown, result.moves)
    after = errors(repaired)
    left = _why(problem, result, after, repaired, deadline)
    return Outcome(text, before, after, brand, result.moves, left, result)


def _reload(brand: Brand, text: bytes, shown: str, moves: Sequence[Move]) -> Brand:
    """The repaired calendar read back by the real loader (the checks judge
    that, not the model), with every moved post where the plan put it."""
    from contentplan.load.calendar import load_calendar

    with tempfile.TemporaryDirectory(prefix="contentplan-fix-") as folder:
        path = Path(folder) / "calendar.yaml"
        path.write_bytes(text)
        calendar, problems = load_calendar(str(path), shown, max_bytes=max(len(text) + 1, 1))
    if calendar is None or problems:
        reason = problems[0].message if problems else "it cannot be read"
        raise RuntimeError(f"the repaired calendar does not load: {reason}")
    moved = {move.post.id: move.to.instant for move in moves}
    old = {post.id: post.instant for post in brand.posts}
    for post in calendar.posts:
        if post.instant != moved.get(post.id, old.get(post.id)):
            raise RuntimeError(f"post {post.id} did not land where fix put it")
    posts = tuple(sorted(calendar.posts, key=lambda post: post.sort_key))
    return replace(brand, posts=posts, calendars=(calendar,))


def _why(
    problem: RepairProblem,
    result: RepairResult,
    after: list[Violation],
    repaired: Brand,
    deadline: float,
) -> list[Left]:
    from contentplan.plan.repair.why import why_left

    posts = {post.id: post for post in repaired.posts}
    return why_left(problem, result.left, after, posts, deadline, result.proven)


def write(
    target: Path | None,
    text: bytes,
    original: bytes,
    in_place: bool,
    shown: str,
    source: tuple[Brand, str | None] | None = None,
) -> str | None:
    """The repaired calendar to stdout, -o, or back into the file (left
    alone, mtime and all, when nothing changes). Written with -o (``source``:
    the brand and the rules file used), its `rules:` line names the rules
    used from the output's folder (``inputs.copy_rules``), so that `check`
    on the output alone judges it as fix did; the note that comes back says
    when `check` will not read them from there."""
    if target is not None and in_place and text == original:
        return None
    note = None
    if target is not None and not in_place and source is not None:
        brand, rules = source
        text, note = inputs.copy_rules(text, brand.calendars[0], rules, target)
    again = f"Run `contentplan fix {shown} --in-place` again to repair it as it is now."
    deliver(
        target,
        text,
        "--in-place" if in_place else "-o",
        OUTPUT_HINT,
        expected=original if in_place else None,
        again=again,
    )
    return note
