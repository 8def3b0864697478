"""`contentplan fix`: the fewest moves that make a calendar pass `check`.

The repaired calendar goes to stdout (or ``-o``/``--in-place``); the table of
moves, the violations left and every message go to stderr, so that ``> file``
works. With ``-o``, ``--in-place`` or ``--dry-run`` the table goes to stdout.
ortools is imported only when the command runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from contentplan.cli.common import (
    TIME_LIMIT_HELP,
    fail,
    print_problems,
    read_again,
    refuse_input,
    time_limit_option,
    write_file,
)
from contentplan.core import interrupt
from contentplan.core.text import safe_text

if TYPE_CHECKING:
    from rich.console import Console

    from contentplan.core.model import Brand, Violation
    from contentplan.plan.repair.problem import RepairProblem
    from contentplan.plan.repair.solve import Move, RepairResult
    from contentplan.plan.repair.why import Left

HELP = """Repair a calendar with the fewest moves: change only the `at:` of some
posts so that every check at error severity passes.

A move takes a post to another slot of its own platform (the `slots:` of the
rules) in the same ISO week; with --across-weeks, to any week from the
calendar's first post to its last. Pillars, platforms, formats and titles
never change, and posts with `status: published` never move. fix leaves as
few violations as moves allow, then moves as few posts as it can, then shifts
them as little as it can; ties are broken by a fixed rule, so the same input
always gives the same output.

Only the moved posts' `at:` values change in the file: every other byte
(comments, key order, quoting, blank lines, line ends) stays as it was.
fix prints each move with the violations it mends. What moves cannot mend (a
title too long, a week's mix that only other pillars can fix, …) is listed
with the reason and what to do instead.

Exit codes: 0 the calendar passes (after the moves, if any); 1 violations are
left that no move can mend (the repaired calendar is still written), or, with
--dry-run, moves are needed or violations are left; 2 bad input or output
(schema problems, -o naming a file fix reads, a moved post whose at: is a YAML
alias, --in-place on a file that changed while fix ran: run again); 130
interrupted (Ctrl-C); 143 terminated (SIGTERM). Nothing is left half-written.

-o never names a file fix reads (the calendar, its rules, the settings):
use --in-place to write the repaired calendar back.

Examples:

  contentplan fix calendars/spring.yaml > fixed.yaml

  contentplan fix calendars/spring.yaml --in-place

  contentplan fix calendars/spring.yaml --dry-run --across-weeks
"""

OUTPUT_HINT = "use --in-place to write the repaired calendar back, or write to another file"


def fix(
    file: Annotated[Path, typer.Argument(help="The calendar file to repair.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the repaired calendar here (default: stdout)."),
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Write the repaired calendar back into FILE.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Only print the moves; exit 1 when moves are needed, 0 when none are."
        ),
    ] = False,
    across_weeks: Annotated[
        bool,
        typer.Option(
            "--across-weeks",
            help="Let posts move to any week from the calendar's first post to its last.",
        ),
    ] = False,
    rules: Annotated[
        str | None, typer.Option("--rules", help="Rules file (wins over the calendar's `rules:`).")
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", callback=time_limit_option, help=TIME_LIMIT_HELP)
    ] = 30.0,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, hidden=True, help="CP-SAT workers.")
    ] = 1,
) -> None:
    try:
        _fix(file, output, in_place, dry_run, across_weeks, rules, time_limit, workers)
    except KeyboardInterrupt as error:  # Ctrl-C, or SIGTERM (contentplan.core.interrupt)
        # As in plan: CP-SAT's native threads may still be winding down, and a
        # normal exit could abort in their destructors. Writes go through
        # atomic_write, so nothing is left half-written: leave at once.
        sys.stdout.flush()
        os._exit(interrupt.stop_line(error))


@dataclass
class _Outcome:
    """What a run found, for the output, the report and the exit code."""

    text: bytes  # the calendar to write
    before: list[Violation]
    after: list[Violation]
    brand: Brand | None
    moves: tuple[Move, ...]
    left: list[Left]
    result: RepairResult | None


def _fix(
    file: Path,
    output: Path | None,
    in_place: bool,
    dry_run: bool,
    across_weeks: bool,
    rules: str | None,
    time_limit: float,
    workers: int,
) -> None:
    from contentplan.load.gather import display_path

    if output is not None and in_place:
        fail("give either -o FILE or --in-place, not both")
    if dry_run and (output is not None or in_place):
        fail("--dry-run writes nothing: drop -o/--in-place, or drop --dry-run")
    shown = display_path(file)
    if not file.is_file():
        fail(f"{shown}: no such file: check the path")
    started = time.monotonic()
    brand = _load(file, rules)
    refuse_input(output, "-o", OUTPUT_HINT)
    original = read_again(file)

    to_stdout = output is None and not in_place and not dry_run
    console = _console(stderr=to_stdout)
    outcome = _repair(brand, original, shown, across_weeks, time_limit, workers, started, console)
    if not dry_run:
        _write(file if in_place else output, outcome.text, original, in_place, shown)
    _report(console, outcome, shown, dry_run)
    if dry_run:
        raise typer.Exit(1 if outcome.moves or outcome.after else 0)
    raise typer.Exit(1 if outcome.after else 0)


# -- inputs -------------------------------------------------------------------------


def _settings_rules() -> str | None:
    from contentplan.load.settings import SettingsError, find_settings

    try:
        settings = find_settings()
    except SettingsError as error:
        fail(str(error))
    return str(settings.rules) if settings.rules else None


def _load(file: Path, rules: str | None) -> Brand:
    from contentplan.load.gather import display_path, gather

    found = gather([str(file)], rules_option=rules, settings_rules=_settings_rules())
    if found.problems:
        problems = sorted(found.problems, key=lambda p: (p.file, p.line, p.column))
        print_problems(problems)
        many = len(problems) != 1
        fail(
            f"{len(problems)} problem{'s' if many else ''} in the input: fix "
            f"{'them' if many else 'it'} first (fix moves posts; it does not repair YAML)"
        )
    if not found.brands:
        fail(f"{display_path(file)}: no calendar could be read from this file")
    return found.brands[0]


# -- repairing --------------------------------------------------------------------------


def _errors(brand: Brand) -> list[Violation]:
    from contentplan.checks.engine import run_checks

    return [v for v in run_checks([brand]) if v.severity == "error"]


def _repair(
    brand: Brand,
    original: bytes,
    shown: str,
    across_weeks: bool,
    time_limit: float,
    workers: int,
    started: float,
    console: Console,
) -> _Outcome:
    from contentplan.io.edit import AtEdit, EditError, rewrite
    from contentplan.plan.repair.problem import repair_problem

    before = _errors(brand)
    if not before:
        return _Outcome(original, [], [], None, (), [], None)
    problem = repair_problem(brand, across_weeks)
    result = _solve(problem, time_limit, workers, console)
    if result.status == "unknown":
        _say(
            console,
            f"No repair found within the time limit ({time_limit:g} s). That is not proof that "
            "none exists: raise --time-limit.",
        )
        raise typer.Exit(1)
    edits = [AtEdit(move.post, move.to.local, move.to.instant) for move in result.moves]
    try:
        text = rewrite(original, edits, brand.zone, shown)
    except EditError as error:
        fail(f"{shown}: cannot move post {error}")
    repaired = _reload(brand, text, shown, result.moves)
    after = _errors(repaired)
    deadline = started + time_limit
    left = _why(problem, result, after, repaired, deadline)
    return _Outcome(text, before, after, brand, result.moves, left, result)


def _solve(
    problem: RepairProblem, time_limit: float, workers: int, console: Console
) -> RepairResult:
    from contentplan.plan.lex import SolverSettings
    from contentplan.plan.repair.solve import solve_repair

    settings = SolverSettings(time_limit=time_limit, workers=workers)
    err = console if console.stderr else _console(stderr=True)  # progress: always stderr
    if not err.is_terminal:
        return solve_repair(problem, settings)
    with err.status("Fixing…") as status:

        def progress(level: str, value: float, bound: float) -> None:
            status.update(f"Fixing: {level}, best {value:g}, bound {bound:g}")

        return solve_repair(problem, settings, progress)


def _reload(brand: Brand, text: bytes, shown: str, moves: Sequence[Move]) -> Brand:
    """The repaired calendar read back by the real loader (the checks judge
    that, not the model), with every moved post where the plan put it."""
    from dataclasses import replace

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


# -- output -------------------------------------------------------------------------------


def _write(
    target: Path | None, text: bytes, original: bytes, in_place: bool, shown: str
) -> None:
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
        return
    if in_place and text == original:
        return  # nothing to change: leave the file (and its mtime) alone
    again = f"Run `contentplan fix {shown} --in-place` again to repair it as it is now."
    write_file(
        target,
        text,
        "--in-place" if in_place else "-o",
        OUTPUT_HINT,
        expected=original if in_place else None,
        again=again,
    )


def _console(stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _say(console: Console, text: str) -> None:
    """A line of plain text; names from the input in it are shown escaped."""
    console.print(safe_text(text), markup=False, highlight=False, soft_wrap=True)


def _report(console: Console, outcome: _Outcome, shown: str, dry_run: bool) -> None:
    if not outcome.before:
        _say(console, f"{shown}: nothing to fix: no violations at error severity.")
        return
    after = {_same(v) for v in outcome.after}
    mended = [v for v in outcome.before if _same(v) not in after]
    if outcome.moves:
        console.print(_table(outcome.moves, mended, outcome.brand))
    count = len(outcome.moves)
    verb = "would mend" if dry_run else ("mends" if count == 1 else "mend")
    moves = f"{count} move{'s' if count != 1 else ''}"
    line = f"{shown}: {moves} {verb} {_violations(len(mended))}"
    result = outcome.result
    stopped = result is not None and result.status != "optimal"
    if outcome.after:
        line += f"; {_violations(len(outcome.after))} left"
        line += " (the search was stopped)" if stopped else " that no move can mend"
    elif not dry_run:
        line += "; the calendar passes"
    _say(console, line + ".")
    if stopped:
        _say(
            console,
            "The time limit stopped the search: these moves keep every rule that holds now, "
            "but fewer may do. Raise --time-limit for the fewest.",
        )
    if outcome.left:
        _say(console, "")
        _say(console, "Left as they are:")
        for left in outcome.left:
            v = left.violation
            _say(console, f"  ✗ {v.file}:{v.line}:{v.column} [{v.check}] {v.message}")
            _say(console, f"    why: {left.reason}")


def _same(violation: Violation) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """A violation's identity without the order of its posts, which a move
    may change (SPEC §4 sorts post_ids by time)."""
    return (
        violation.check,
        violation.platform,
        violation.window,
        tuple(sorted(violation.post_ids)),
    )


def _violations(count: int) -> str:
    return f"{count} violation{'s' if count != 1 else ''}"


def _table(moves: Sequence[Move], mended: Sequence[Violation], brand: Brand | None) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from contentplan.render.terminal import user_text

    year = {move.post.local.year for move in moves} | {move.to.local.year for move in moves}
    title = f"Moves ({', '.join(str(y) for y in sorted(year))})"
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("post", no_wrap=True)
    table.add_column("from", no_wrap=True)
    table.add_column("to", no_wrap=True)
    table.add_column("shift", justify="right", no_wrap=True)
    table.add_column("mends")
    days = _day_breaches(mended, brand)
    unclaimed = list(mended)
    for move in moves:
        mine = [(i, v) for i, v in enumerate(mended) if move.post.id in v.post_ids]
        unclaimed = [v for v in unclaimed if v not in [w for _, w in mine]]
        post = Text.assemble(user_text(move.post.id), "\n", user_text(move.post.platform, "dim"))
        labels = [user_text(_label(v, move.post.id, days.get(i))) for i, v in mine]
        table.add_row(
            post,
            _when(move.post.local),
            _when(move.to.local),
            _shift(move.minutes),
            Text("\n").join(labels) if labels else Text("makes room for another move"),
        )
    if unclaimed:
        table.add_row("", "", "", "", Text("\n").join(user_text(_label(v, "")) for v in unclaimed))
    return table


def _when(local: datetime) -> str:
    return local.strftime("%a %m-%d %H:%M")


def _shift(minutes: int) -> str:
    from datetime import timedelta

    from contentplan.checks._grouping import span

    text = span(timedelta(minutes=abs(minutes)))
    return ("+" if minutes > 0 else "-") + text


def _day_breaches(violations: Sequence[Violation], brand: Brand | None) -> dict[int, date]:
    """The day of each cadence violation that is over ``max_per_day`` (by
    its index), as the calendar was before the moves."""
    if brand is None:
        return {}
    posts = {post.id: post for post in brand.posts}
    found: dict[int, date] = {}
    for index, violation in enumerate(violations):
        named = [posts[i] for i in violation.post_ids if i in posts]
        profile = brand.rules.platforms.get(violation.platform or "")
        days = {post.local.date() for post in named}
        if (
            violation.check == "cadence"
            and profile is not None
            and profile.max_per_day is not None
            and len(days) == 1
            and len(named) > profile.max_per_day
        ):
            found[index] = days.pop()
    return found


def _label(violation: Violation, post_id: str, day: date | None = None) -> str:
    """A mended violation in a few words, from the moved post's side."""
    check = violation.check
    others = [i for i in violation.post_ids if i != post_id]
    if day is not None:
        return f"cadence {violation.platform} {day:%a %m-%d}"
    if check in ("spacing", "duplicate") and len(others) == 1:
        return f"{check} with {others[0]}"
    if check in ("mix", "cadence"):
        return f"{check} {violation.platform or ''} {violation.window or ''}".replace("  ", " ")
    if check == "mix-brand":
        return f"mix-brand {violation.window or ''}".strip()
    if check in ("quiet-hours", "blackout", "campaign-phase", "stale-trend") and not others:
        return check
    named = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
    return f"{check} ({named})" if named else check


__all__ = ["HELP", "fix"]
