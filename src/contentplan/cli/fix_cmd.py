"""`contentplan fix`: the fewest moves that make a calendar pass `check`.

The repaired calendar goes to stdout (or ``-o``/``--in-place``); the table of
moves, the violations left and every message go to stderr, so that ``> file``
works. With ``-o``, ``--in-place`` or ``--dry-run`` the table goes to stdout.
ortools is imported only when the command runs.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from contentplan.cli.common import (
    TIME_LIMIT_HELP,
    exits,
    fail,
    read_again,
    refuse_input,
    time_limit_option,
)
from contentplan.core import interrupt

if TYPE_CHECKING:
    from contentplan.plan.repair.problem import RepairProblem
    from contentplan.plan.repair.solve import RepairResult

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
Written with -o to another folder, its `rules:` line names the rules fix
used, from there, so that `contentplan check OUT` reads the same rules.
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
    from contentplan.app import fix as fixing
    from contentplan.app.inputs import refuse_folder
    from contentplan.load.gather import display_path
    from contentplan.render import fix as shown_as
    from contentplan.render.plan import spinner

    if output is not None and in_place:
        fail("give either -o FILE or --in-place, not both")
    if dry_run and (output is not None or in_place):
        fail("--dry-run writes nothing: drop -o/--in-place, or drop --dry-run")
    shown = display_path(file)
    exits(refuse_folder)(file, "fix")
    if not file.is_file():
        fail(f"{shown}: no such file: check the path")
    started = time.monotonic()
    brand, rules_used = exits(fixing.load)(file, rules)
    refuse_input(output, "-o", fixing.OUTPUT_HINT)
    original = read_again(file)

    to_stdout = output is None and not in_place and not dry_run
    console = shown_as.new_console(stderr=to_stdout)
    err = console if console.stderr else shown_as.new_console(stderr=True)  # progress: stderr

    def solve(problem: RepairProblem) -> RepairResult:
        # ortools is loaded only now, once every input has been read.
        from contentplan.plan.lex import SolverSettings
        from contentplan.plan.repair.solve import solve_repair

        settings = SolverSettings(time_limit=time_limit, workers=workers)
        with spinner(err, "Fixing…", shown_as.progress_text) as progress:
            return solve_repair(problem, settings, progress)

    deadline = started + time_limit
    outcome = exits(fixing.repair)(brand, original, shown, across_weeks, deadline, solve)
    if outcome.result is not None and outcome.result.status == "unknown":
        shown_as.say(
            console,
            f"No repair found within the time limit ({time_limit:g} s). That is not proof that "
            "none exists: raise --time-limit.",
        )
        raise typer.Exit(1)
    note = None
    if not dry_run:
        target = file if in_place else output
        source = (brand, rules_used)
        note = exits(fixing.write)(target, outcome.text, original, in_place, shown, source)
    shown_as.report(console, outcome, shown, dry_run)
    if note is not None:
        shown_as.say(err, note)
    if dry_run:
        raise typer.Exit(1 if outcome.moves or outcome.after else 0)
    raise typer.Exit(1 if outcome.after else 0)


__all__ = ["HELP", "fix"]
