"""`contentplan plan`: build weeks that meet every rule, with OR-Tools CP-SAT.

The calendar YAML goes to stdout (or ``-o``/``--in-place``); the week grid,
progress and every message go to stderr, so that ``> file`` works. ortools is
imported only when the command runs, never when the CLI starts.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from contentplan.cli.common import (
    TIME_LIMIT_HELP,
    deliver,
    exits,
    fail,
    refuse_input,
    time_limit_option,
)
from contentplan.core import interrupt
from contentplan.core.files import display_path

if TYPE_CHECKING:
    from rich.console import Console

    from contentplan.plan.lex import SolverSettings
    from contentplan.plan.problem import PlanProblem, PlanResult
    from contentplan.stats.learn import Learning

HELP = """Plan weeks: place backlog items in the platforms' slots so that every rule
at error severity holds (the 5:3:2 mix per platform and for the brand, cadence,
spacing, quiet hours, blackouts, formats, title length, campaign phases, stale
trends), with the most total priority, then the best spread of pillars, then
the earliest slots. Ties are broken by a fixed rule, so the same input always
gives the same output.

Posts already in --calendar are pinned: they stay and count in every rule.
--calendar takes files and folders (repeat it; a folder means every calendar
below it, as `check` finds them); the posts of the brand planned count from
all of them. Without --backlog, plan writes a skeleton: placeholder posts in
every slot the rules allow, pillars spread over the days.

Series in the rules (`series:`) are filled first: every instance in the
planned weeks gets a post at exactly the series' time, from a backlog item
with `series: NAME` (highest priority first), else a placeholder titled
"To write: NAME for DATE". Evergreen backlog items (`evergreen:`) already
published come back as repeats (id ITEM-r2, `repeat_of: ITEM`) once their
cooldown has passed, only in slots no fresh item takes, oldest first.

With one --calendar file, the output (-o FILE or stdout) is that file's text
with the new posts appended; --in-place writes it back into the file.

One file per month: `plan --calendar calendars/ -o calendars/2025-10.yaml`
(a folder, or several files) writes a new file with only the planned posts,
and a `rules:` line that resolves from where it is written; `check calendars/`
then reads both. --only-new does the same from one --calendar file; --in-place
with several files appends to the one -o names.

Exit codes: 0 planned (also when the time limit stopped the search after a
schedule was found; it then says optimality is not proven), 1 no schedule meets
the rules (the rules in conflict are named) or none was found in time, 2 bad
input or output (-o naming a file plan reads, --in-place on a calendar that
changed while plan ran), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
Nothing is left half-written.

Learning from results: --learn results/ reads the results files (the
interactions each published post earned, matched to --calendar's posts by
id) and learns what each posting time (weekday and clock, per platform)
earns; times with few results are drawn toward their clock's value on other
days and the platform's typical post, and times never tried count at that
value, so plans keep trying them. Among the schedules with the most total
priority, plan then picks the one whose posting times earned most
(--objective engagement: engagement first, then priority). The summary
gives the schedule's expected interactions against the same weeks planned
without --learn (planned too, with half the time limit). Results rows that
name no post are listed and left out.

-o never names a file plan reads (--calendar, --backlog, the rules, the
settings), unless with --in-place.

Examples:

  contentplan plan --week 2025-W41 --weeks 4 --calendar calendars/ -o calendars/2025-10.yaml

  contentplan plan --week 2024-W14 --backlog backlog.yaml --calendar calendars/x.yaml --in-place

  contentplan plan --week 2024-W14 --weeks 4 --brand acme --timezone Asia/Shanghai

  contentplan plan --week 2025-W41 --calendar calendars/ --backlog backlog.yaml --learn results/
"""

OUTPUT_HINT = (
    "write the planned posts to a new file, or use --in-place to add them to the calendar "
    "(-o FILE --in-place names one of several)"
)


def plan(
    week: Annotated[
        str,
        typer.Option(
            "--week", help="The first ISO week to plan, e.g. 2024-W14.", show_default=False
        ),
    ],
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=106, help="How many weeks.")] = 1,
    backlog: Annotated[
        Path | None, typer.Option("--backlog", help="Backlog file of items to place.")
    ] = None,
    calendar: Annotated[
        list[Path] | None,
        typer.Option(
            "--calendar",
            help="Calendar files or folders whose posts are pinned (repeat it for several).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a new calendar here with only the planned posts (default: stdout).",
        ),
    ] = None,
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place",
            help="Append the new posts to the --calendar file (-o names it among several).",
        ),
    ] = False,
    whole: Annotated[
        bool | None,
        typer.Option(
            "--whole/--only-new",
            help=(
                "--whole: write the --calendar text with the new posts appended (the default "
                "for one --calendar file). --only-new: write only the planned posts (the "
                "default for a folder or several files), e.g. into a new month file."
            ),
            show_default=False,
        ),
    ] = None,
    platforms: Annotated[
        list[str] | None,
        typer.Option("--platforms", help="Plan these platforms: --platforms weibo,douyin."),
    ] = None,
    brand: Annotated[
        str | None,
        typer.Option(
            "--brand",
            help="Brand, when no --calendar or backlog names it; picks one when the "
            "calendars hold several.",
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", help="IANA time zone, when no --calendar or backlog gives it."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", callback=time_limit_option, help=TIME_LIMIT_HELP)
    ] = 30.0,
    rules: Annotated[
        str | None, typer.Option("--rules", help="Rules file (wins over the calendar's `rules:`).")
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, hidden=True, help="CP-SAT workers.")
    ] = 1,
    learn: Annotated[
        list[Path] | None,
        typer.Option(
            "--learn",
            help="Results files or folders (e.g. results/): prefer the posting times where "
            "the brand's posts earned most interactions, as learned from them (repeat it "
            "for several).",
        ),
    ] = None,
    objective: Annotated[
        str,
        typer.Option(
            "--objective",
            help="With --learn, what comes first: priority (the most total priority, then "
            "the most expected engagement) or engagement (the most expected engagement, "
            "then priority).",
        ),
    ] = "priority",
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Also print each phase of the search (first schedule, priority, spread, "
            "tie-break) with its time, its value and its bound, to see where a slow plan "
            "spends its time.",
        ),
    ] = False,
) -> None:
    try:
        _plan(**locals())
    except KeyboardInterrupt as error:  # Ctrl-C, or SIGTERM (contentplan.core.interrupt)
        # CP-SAT's native threads may still be winding down; a normal
        # interpreter exit could abort in their destructors. Nothing is left
        # half-written (outputs go through atomic_write), so leave at once.
        sys.stdout.flush()
        os._exit(interrupt.stop_line(error))


def _plan(
    week: str,
    weeks: int,
    backlog: Path | None,
    calendar: list[Path] | None,
    output: Path | None,
    in_place: bool,
    whole: bool,
    platforms: list[str] | None,
    brand: str | None,
    timezone: str | None,
    time_limit: float,
    rules: str | None,
    workers: int,
    learn: list[Path] | None,
    objective: str,
    verbose: bool,
) -> None:
    from contentplan.app.plan import PlanInputs
    from contentplan.core.clock import LAST_DAY, YEARS, ClockError, parse_week, week_name
    from contentplan.render import plan as shown

    try:
        monday = parse_week(week)
    except ClockError as error:
        fail(f"--week: {error}")
    if (LAST_DAY - monday).days < 7 * weeks - 1:
        fail(
            f"--weeks {weeks} from {week_name(monday)} runs past the years this tool reads "
            f"({YEARS}): plan fewer weeks"
        )
    if objective not in ("priority", "engagement"):
        fail(f"--objective: '{objective}' is not an objective: use priority or engagement")
    if objective == "engagement" and not learn:
        fail(
            "--objective engagement ranks schedules by what the posting times earned: give "
            "--learn with the results files, e.g. --learn results/"
        )
    if in_place and not calendar:
        fail("--in-place writes back into --calendar: give --calendar FILE")
    if whole and not calendar:
        fail("--whole copies the --calendar text: give --calendar FILE")
    if whole is not None and in_place:
        option = "--whole" if whole else "--only-new"
        fail(f"--in-place appends the new posts to the calendar file: drop {option}")
    # One --calendar file: the output is its text with the new posts appended.
    # A folder or several files have no one text to extend: only the new posts.
    chosen_whole = whole
    if whole is None:
        named = {os.path.realpath(path) for path in calendar or []}  # one file named twice is one
        chosen_whole = len(named) == 1 and not calendar[0].is_dir()

    context = exits(PlanInputs.load)(calendar or [], backlog, rules, brand, timezone)
    for line in context.warnings:
        typer.echo(line, err=True)
    if not in_place:
        refuse_input(output, "-o", OUTPUT_HINT)
    base = exits(context.extend)(output, in_place, bool(chosen_whole))
    target = base if in_place else output
    problem = exits(context.problem)(monday, weeks, platforms)
    broken = context.unmendable(problem)
    if broken:
        for line in shown.unmendable_lines(broken):
            typer.echo(line, err=True)
        raise typer.Exit(1)

    from contentplan.plan.lex import SolverSettings
    from contentplan.plan.solve import solve_plan

    err = shown.stderr_console()
    learning = None
    plain_problem = problem
    if learn:
        from contentplan.render import learned as told

        learning = exits(context.learn)(learn)
        for line in told.left_out(learning.warnings):
            typer.echo(line, err=True)
        problem = context.learned_problem(problem, learning, objective == "engagement")
    settings = SolverSettings(time_limit=time_limit, workers=workers)
    with shown.spinner(err, "Planning…", shown.progress_text) as progress:
        result = solve_plan(problem, settings, progress)
    if verbose:
        shown.phases(result, err)
    if result.status == "infeasible":
        shown.conflicts(problem, result, err)
        raise typer.Exit(1)
    if result.status == "unknown":
        shown.say(
            err,
            f"No schedule found within the time limit ({time_limit:g} s). That is not "
            "proof that none exists: raise --time-limit.",
        )
        raise typer.Exit(1)
    text = exits(context.render_calendar)(result, target, in_place)
    option = "--in-place" if in_place else "-o"
    again = "Run the same command again to plan on the calendar as it is now."
    expected = context.base_bytes if in_place else None
    deliver(target, text, option, OUTPUT_HINT, expected=expected, again=again)
    shown.weeks(problem, result, err)
    shown.summary(problem, result, target, err)
    if learning is not None:
        _compare(context.brand_name, learning, plain_problem, problem, result, settings, err)
    if context.note is not None:
        shown.say(err, context.note)
    if whole is None and chosen_whole and output is not None and base is not None:
        shown.say(
            err,
            f"{display_path(output)} holds the posts of {display_path(base)} too. For a file "
            "with only the planned posts (one file per month), add --only-new.",
        )


def _compare(
    brand: str,
    learning: Learning,
    plain: PlanProblem,
    problem: PlanProblem,
    result: PlanResult,
    settings: SolverSettings,
    err: Console,
) -> None:
    """What --learn learned from, and the plan's expected engagement against
    the same weeks planned without --learn (with half the time limit)."""
    from contentplan.plan.solve import solve_plan
    from contentplan.render import learned as told
    from contentplan.render import plan as shown
    from contentplan.stats.learn import expectation

    told.learned_from(err, learning, brand)
    if not learning.learned.platforms:
        return
    mine = expectation(learning.learned, result.placements)
    if not problem.values:
        told.expected(err, mine, None)
        return
    halved = dataclasses.replace(settings, time_limit=settings.time_limit / 2)
    title = "Planning the same weeks without --learn, to compare…"
    with shown.spinner(err, title, shown.progress_text) as progress:
        other = solve_plan(plain, halved, progress)
    if other.status not in ("optimal", "feasible"):
        told.expected(err, mine, None, "No plan without --learn was found to compare with.")
        return
    note = ""
    if any(not level.proven and level.name != "tie-break" for level in other.levels):
        note = (
            "The plan without --learn was stopped by its time limit (half of --time-limit): "
            "it may be better than the one compared with."
        )
    told.expected(err, mine, expectation(learning.learned, other.placements), note)
