"""`contentplan plan`: build weeks that meet every rule, with OR-Tools CP-SAT.

The calendar YAML goes to stdout (or ``-o``/``--in-place``); the week grid,
progress and every message go to stderr, so that ``> file`` works. ortools is
imported only when the command runs, never when the CLI starts.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from contentplan.cli.common import (
    TIME_LIMIT_HELP,
    fail,
    read_again,
    refuse_input,
    time_limit_option,
    write_file,
)
from contentplan.core import interrupt
from contentplan.core.text import safe_text

if TYPE_CHECKING:
    from rich.console import Console

    from contentplan.core.model import Backlog, Brand, Problem, Rules
    from contentplan.plan.problem import Phase, PlanProblem, PlanResult

HELP = """Plan weeks: place backlog items in the platforms' slots so that every rule
at error severity holds (the 5:3:2 mix per platform and for the brand, cadence,
spacing, quiet hours, blackouts, formats, title length, campaign phases, stale
trends), with the most total priority, then the best spread of pillars, then
the earliest slots. Ties are broken by a fixed rule, so the same input always
gives the same output.

Posts already in --calendar are pinned: they stay, count in every rule, and the
output is that file's text unchanged with the new posts appended. Without
--backlog, plan writes a skeleton: placeholder posts in every slot the rules
allow, pillars spread over the days.

Exit codes: 0 planned (also when the time limit stopped the search after a
schedule was found; it then says optimality is not proven), 1 no schedule meets
the rules (the rules in conflict are named) or none was found in time, 2 bad
input or output (-o naming a file plan reads, --in-place on a calendar that
changed while plan ran), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
Nothing is left half-written.

-o never names a file plan reads (--calendar, --backlog, the rules, the
settings); --in-place adds the new posts to --calendar.

Examples:

  contentplan plan --week 2024-W14 --backlog backlog.yaml --calendar calendars/x.yaml -o x.yaml

  contentplan plan --week 2024-W14 --weeks 4 --brand acme --timezone Asia/Shanghai
"""

OUTPUT_HINT = "use --in-place to add the new posts to --calendar, or write to another file"


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
        Path | None,
        typer.Option("--calendar", help="Calendar whose posts are pinned; the output extends it."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the calendar here (default: stdout)."),
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Write the result back into --calendar.")
    ] = False,
    platforms: Annotated[
        list[str] | None,
        typer.Option("--platforms", help="Plan these platforms: --platforms weibo,douyin."),
    ] = None,
    brand: Annotated[
        str | None, typer.Option("--brand", help="Brand, when no --calendar or backlog names it.")
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
    calendar: Path | None,
    output: Path | None,
    in_place: bool,
    platforms: list[str] | None,
    brand: str | None,
    timezone: str | None,
    time_limit: float,
    rules: str | None,
    workers: int,
    verbose: bool,
) -> None:
    from contentplan.core.clock import LAST_DAY, YEARS, ClockError, parse_week, week_name

    try:
        monday = parse_week(week)
    except ClockError as error:
        fail(f"--week: {error}")
    if (LAST_DAY - monday).days < 7 * weeks - 1:
        fail(
            f"--weeks {weeks} from {week_name(monday)} runs past the years this tool reads "
            f"({YEARS}): plan fewer weeks"
        )
    if output is not None and in_place:
        fail("give either -o FILE or --in-place, not both")
    if in_place and calendar is None:
        fail("--in-place writes back into --calendar: give --calendar FILE")
    target = calendar if in_place else output

    context = _Context.load(calendar, backlog, rules, brand, timezone)
    refuse_input(output, "-o", OUTPUT_HINT)
    problem = context.problem(monday, weeks, platforms)
    if context.brand_posts is not None:
        _stop_on_unmendable(problem, context.brand_posts)

    from contentplan.plan.lex import SolverSettings

    err = _stderr_console()
    settings = SolverSettings(time_limit=time_limit, workers=workers)
    result = _solve(problem, settings, err)
    if verbose:
        _phases(result, err)
    if result.status == "infeasible":
        _explain(problem, result, err)
    if result.status == "unknown":
        _say(
            err,
            f"No schedule found within the time limit ({time_limit:g} s). That is not "
            "proof that none exists: raise --time-limit.",
        )
        raise typer.Exit(1)
    text = context.render_calendar(result)
    _write(target, text, context.calendar_bytes if in_place else None)
    _show(problem, result, context, err)
    _summary(problem, result, target, err)
    if output is not None and calendar is not None:
        _hint_rules_path(output, calendar, context, err)


def _hint_rules_path(output: Path, calendar: Path, context: _Context, err: Console) -> None:
    """The output keeps the calendar's text, and so its `rules:` line, which
    is read relative to the file's own folder: written elsewhere, it may no
    longer find the rules. Say so, with the command that checks it anyway."""
    import re

    from contentplan.load.gather import display_path

    found = re.search(rb"^rules:[ \t]*(.+?)[ \t]*$", context.calendar_bytes or b"", re.MULTILINE)
    if found is None or context.brand_posts is None:
        return
    written = found.group(1).decode("utf-8", "replace").split(" #")[0].strip().strip("'\"")
    if os.path.isabs(written) or output.parent.resolve() == calendar.parent.resolve():
        return
    if (output.parent / written).resolve().is_file():
        return
    refs = [c.rules_ref for c in context.brand_posts.calendars if c.rules_ref]
    rules_file = display_path(Path(refs[0])) if refs else written
    _say(
        err,
        f"Note: {display_path(output)} keeps the calendar's `rules: {written}`, which is read "
        f"from the file's own folder and is not there. Check it with `contentplan check "
        f"{display_path(output)} --rules {rules_file}`, or write it next to the calendar.",
    )


# -- inputs -----------------------------------------------------------------------


class _Context:
    """The loaded inputs: rules, pinned posts, backlog, brand and zone."""

    def __init__(self) -> None:
        self.rules: Rules
        self.brand_name: str = ""
        self.timezone: str = ""
        self.brand_posts: Brand | None = None
        self.calendar_bytes: bytes | None = None
        self.calendar_file: str = ""
        self.backlog: Backlog | None = None

    @classmethod
    def load(
        cls,
        calendar: Path | None,
        backlog: Path | None,
        rules: str | None,
        brand: str | None,
        timezone: str | None,
    ) -> _Context:
        from contentplan.load.calendar import load_zone, zone_problem
        from contentplan.load.gather import display_path, gather

        context = cls()
        settings_rules = _settings_rules()
        if calendar is not None:
            found = gather([str(calendar)], rules_option=rules, settings_rules=settings_rules)
            _stop_on_problems(found.problems)
            if not found.brands:
                fail(f"{display_path(calendar)}: no calendar could be read from this file")
            context.brand_posts = found.brands[0]
            context.rules = found.brands[0].rules
            context.brand_name = found.brands[0].name
            context.timezone = found.brands[0].timezone
            context.calendar_file = display_path(calendar)
            context.calendar_bytes = read_again(calendar)
        else:
            context.rules = _rules_without_calendar(rules, settings_rules)
        if backlog is not None:
            context.backlog = _load_backlog(backlog, context.rules)
        context._settle_identity(brand, timezone)
        if load_zone(context.timezone) is None:
            fail(f"--timezone: {zone_problem(context.timezone)}")
        return context

    def _settle_identity(self, brand: str | None, timezone: str | None) -> None:
        """Brand and zone: from --calendar, else the backlog, else the options;
        any two that are given must agree."""
        sources: list[tuple[str, str | None, str | None]] = []
        if self.brand_posts is not None:
            sources.append((self.calendar_file, self.brand_name, self.timezone))
        if self.backlog is not None:
            sources.append((self.backlog.file, self.backlog.brand, self.backlog.timezone))
        sources.append(("--brand/--timezone", brand, timezone))
        for index, what in ((1, "brand"), (2, "timezone")):
            given = [(source[0], source[index]) for source in sources if source[index]]
            if not given:
                fail(
                    f"no {what}: give --brand and --timezone, or a --calendar or backlog that "
                    "names them"
                )
            first_source, first = given[0]
            for source, value in given[1:]:
                if value != first:
                    fail(f"{source} says {what} {value}, but {first_source} says {first}")
            if index == 1:
                self.brand_name = str(first)
            else:
                self.timezone = str(first)

    def problem(self, monday: date, weeks: int, platforms: list[str] | None) -> PlanProblem:
        from contentplan.plan.items import from_backlog
        from contentplan.plan.problem import PlanProblem

        chosen = _planning_platforms(self.rules, platforms)
        pinned = self.brand_posts.posts if self.brand_posts is not None else ()
        items = (
            tuple(from_backlog(self.backlog, self.timezone, (p.id for p in pinned)))
            if self.backlog is not None
            else ()
        )
        return PlanProblem(
            brand=self.brand_name,
            timezone=self.timezone,
            rules=self.rules,
            weeks=tuple(monday + timedelta(weeks=n) for n in range(weeks)),
            platforms=chosen,
            pinned=tuple(pinned),
            items=items,
            skeleton=self.backlog is None,
        )

    def render_calendar(self, result: PlanResult) -> bytes:
        from contentplan.io.emit import EmitError, append_posts, fresh_calendar

        if self.calendar_bytes is None:
            return fresh_calendar(self.brand_name, self.timezone, result.placements).encode("utf-8")
        try:
            return append_posts(self.calendar_bytes, result.placements, self.calendar_file)
        except EmitError as error:
            fail(f"{self.calendar_file}: {error}")


def _settings_rules() -> str | None:
    from contentplan.load.settings import SettingsError, find_settings

    try:
        settings = find_settings()
    except SettingsError as error:
        fail(str(error))
    return str(settings.rules) if settings.rules else None


def _rules_without_calendar(rules: str | None, settings_rules: str | None) -> Rules:
    """SPEC §3 resolution without a calendar: --rules, the settings' rules,
    ./rules/default.yaml, the built-in defaults."""
    from contentplan.load.gather import display_path
    from contentplan.load.rules import load_rules

    path = rules or settings_rules
    if path is None and Path("rules", "default.yaml").is_file():
        path = str(Path("rules", "default.yaml"))
    if path is not None and not Path(path).is_file():
        fail(f"{display_path(path)}: no such rules file: check --rules")
    loaded, problems = load_rules(path, display_path(path) if path else "<built-in>")
    _stop_on_problems(problems)
    return loaded


def _load_backlog(path: Path, rules: Rules) -> Backlog:
    from contentplan.core.model import Problem
    from contentplan.load.backlog import load_backlog
    from contentplan.load.gather import display_path

    shown = display_path(path)
    if not path.is_file():
        fail(f"{shown}: no such backlog file")
    backlog, problems = load_backlog(str(path), shown)
    if backlog is not None:
        for item in backlog.items:
            where = item.where
            unknown: list[str] = []
            if item.pillar not in rules.pillars:
                unknown.append(
                    f"pillar '{item.pillar}' (the rules define {', '.join(rules.pillars)})"
                )
            for platform in item.platforms or ():
                if platform not in rules.platforms:
                    unknown.append(f"platform '{platform}'")
            if item.campaign is not None and item.campaign not in rules.campaigns:
                unknown.append(f"campaign '{item.campaign}'")
            for name in unknown:
                problems.append(
                    Problem(
                        where.file,
                        where.line,
                        where.column,
                        f"item {item.id} names an unknown {name}: fix the name or the rules",
                        item.id,
                    )
                )
    _stop_on_problems(problems)
    assert backlog is not None
    return backlog


def _stop_on_problems(problems: Sequence[Problem]) -> None:
    if not problems:
        return
    for problem in sorted(problems, key=lambda p: (p.file, p.line, p.column)):
        place = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
        typer.echo(safe_text(f"{place}: {problem.message}"), err=True)
    many = len(problems) != 1
    fail(
        f"{len(problems)} problem{'s' if many else ''} in the input: fix {'them' if many else 'it'}"
    )


def _planning_platforms(rules: Rules, given: list[str] | None) -> tuple[str, ...]:
    names = [name.strip() for value in given or [] for name in value.split(",") if name.strip()]
    for name in names:
        if name not in rules.platforms:
            known = ", ".join(sorted(rules.platforms))
            fail(f"--platforms: unknown platform '{name}': known are {known}")
    chosen = tuple(dict.fromkeys(names)) if names else tuple(rules.planning_platforms)
    if not chosen:
        fail(
            "no platforms to plan: name them under `platforms:` in the rules file, or give "
            "--platforms weibo,douyin"
        )
    return chosen


def _stop_on_unmendable(problem: PlanProblem, brand: Brand) -> None:
    from contentplan.plan.pinned import unmendable

    broken = unmendable(problem, brand)
    if not broken:
        return
    typer.echo(
        "Pinned posts in the planned weeks already break rules that adding posts cannot mend:",
        err=True,
    )
    for violation in broken:
        typer.echo(
            safe_text(
                f"  {violation.file}:{violation.line}:{violation.column} [{violation.check}] "
                f"{violation.message}"
            ),
            err=True,
        )
    typer.echo("Run `contentplan fix` on the calendar first, then plan again.", err=True)
    raise typer.Exit(1)


# -- solving ------------------------------------------------------------------------


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _solve(problem: PlanProblem, settings: object, err: Console) -> PlanResult:
    from contentplan.plan.lex import SolverSettings
    from contentplan.plan.solve import solve_plan

    assert isinstance(settings, SolverSettings)
    if not err.is_terminal:
        return solve_plan(problem, settings)
    with err.status("Planning…") as status:

        def progress(level: str, value: float, bound: float) -> None:
            status.update(_progress_text(level, value, bound))

        return solve_plan(problem, settings, progress)


def _phases(result: PlanResult, err: Console) -> None:
    """`-v`: each phase of the search on one line."""
    _say(err, f"Search phases ({result.wall_time:.2f} s in all):")
    for phase in result.phases:
        _say(err, f"  {phase.name:22} {phase.seconds:7.2f} s  {_phase_text(phase)}")


def _phase_text(phase: Phase) -> str:
    """What a phase reached: its value and bound as the user reads them,
    and how it ended."""
    parts: list[str] = []
    if not math.isnan(phase.value):
        if phase.unit:
            pairs, days = divmod(int(phase.value), phase.unit)
            text = f"{pairs} same-pillar neighbours, {days} one-pillar days"
            if not math.isnan(phase.bound) and phase.bound != phase.value:
                low, low_days = divmod(int(phase.bound), phase.unit)
                text += f" (at least {low}, {low_days})"
            parts.append(text)
        elif math.isnan(phase.bound):
            parts.append(f"{phase.name} {phase.value:g}")
        elif phase.name in ("first schedule", "weeks improved") or "priority" in phase.name:
            parts.append(f"total priority {phase.value:g}, at most {phase.bound:g}")
        else:
            parts.append(f"{phase.value:g}, at least {phase.bound:g}")
    if phase.note:
        parts.append(phase.note)
    return "; ".join(parts)


def _progress_text(level: str, value: float, bound: float) -> str:
    """What the spinner says: the level being optimised, with the best value
    so far and how far it could still go."""
    if math.isnan(value):
        return f"Planning: {level}…"
    if level == "priority":
        return f"Planning: total priority {value:g} so far, at most {bound:g}…"
    return f"Planning: {level} {value:g} so far, at least {bound:g}…"


def _explain(problem: PlanProblem, result: PlanResult, err: Console) -> NoReturn:
    from contentplan.core.clock import week_name

    span = week_name(problem.weeks[0])
    if len(problem.weeks) > 1:
        span += f" to {week_name(problem.weeks[-1])}"
    _say(err, f"No schedule for {span} meets the rules. These rules conflict:")
    for sentence in result.conflicts or ("(the solver found no smaller set to name)",):
        _say(err, f"  - {sentence}")
    raise typer.Exit(1)


def _say(err: Console, text: str) -> None:
    """A line of plain text; names from the input in it are shown escaped."""
    err.print(safe_text(text), markup=False, highlight=False, soft_wrap=True)


# -- output ------------------------------------------------------------------------


def _write(target: Path | None, text: bytes, in_place: bytes | None) -> None:
    """To stdout, to -o, or (``in_place``: the calendar as read) back into
    --calendar if it still holds what was read."""
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
        return
    option = "--in-place" if in_place is not None else "-o"
    again = "Run the same command again to plan on the calendar as it is now."
    write_file(target, text, option, OUTPUT_HINT, expected=in_place, again=again)


def _show(problem: PlanProblem, result: PlanResult, context: _Context, err: Console) -> None:
    from contentplan.render.week import week_view

    new = [placement.post(problem.brand) for placement in result.placements]
    posts = [*problem.pinned, *new]
    for monday in problem.weeks:
        err.print(
            week_view(
                posts,
                problem.rules,
                monday,
                problem.platforms,
                brand=problem.brand,
                new={post.id for post in new},
            )
        )


def _summary(problem: PlanProblem, result: PlanResult, target: Path | None, err: Console) -> None:
    placed = len(result.placements)
    where = f" to {target}" if target is not None else ""
    what = "placeholder posts" if problem.skeleton else "backlog items"
    line = f"Planned {placed} {what}{where}"
    if not problem.skeleton:
        left = len(problem.items) - placed
        line += f"; {left} left in the backlog"
    levels = {level.name: level for level in result.levels}
    if "priority" in levels and not problem.skeleton:
        line += f"; total priority {levels['priority'].value}"
    if "spread" in levels and levels["spread"].proven:
        spread = levels["spread"]
        line += f"; {spread.parts(spread.value)}"
    if result.status == "optimal":
        line += "; optimal"
    _say(err, line + ".")
    if result.status == "feasible":
        unproven = next((level for level in result.levels if not level.proven), None)
        if unproven is not None and unproven.bound != unproven.value:
            share = unproven.gap
            _say(
                err,
                f"The time limit stopped the search: {unproven.name} "
                f"{unproven.parts(unproven.value)}, bound {unproven.parts(unproven.bound)} "
                f"(gap {share:.1%}). Optimality is not proven; raise --time-limit for the best "
                "schedule.",
            )
        elif unproven is not None and unproven.name == "tie-break" and unproven.budget:
            _say(
                err,
                "The final tie-break stopped at its budget: the schedule is optimal for "
                "priority, spread and earliness, and the same input gives this same schedule "
                "again, but it may not be the least of the equally good ones. A longer "
                "--time-limit gives the tie-break a larger budget.",
            )
        elif unproven is not None and unproven.name == "tie-break":
            _say(
                err,
                "The time limit stopped the final tie-break: the schedule is optimal for "
                "priority, spread and earliness, but another run may pick another of the "
                "equally good ones. Raise --time-limit for the unique one.",
            )
        else:
            name = unproven.name if unproven is not None else "the search"
            _say(
                err,
                f"The time limit stopped the search while optimising {name}. Optimality is not "
                "proven; raise --time-limit for the best schedule.",
            )
