"""What `plan` shows on stderr: the spinner's words, the search phases
(-v), the rules in conflict, the planned weeks and the summary line."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from contentplan.core.text import safe_text

if TYPE_CHECKING:
    from contentplan.core.model import Violation
    from contentplan.plan.problem import Phase, PlanProblem, PlanResult

Progress = Callable[[str, float, float], None]


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def say(err: Console, text: str) -> None:
    """A line of plain text; names from the input in it are shown escaped."""
    err.print(safe_text(text), markup=False, highlight=False, soft_wrap=True)


@contextmanager
def spinner(
    err: Console, title: str, words: Callable[[str, float, float], str]
) -> Iterator[Progress | None]:
    """A progress callback that shows ``words`` in a spinner on a terminal;
    None (no progress shown) elsewhere."""
    if not err.is_terminal:
        yield None
        return
    with err.status(title) as status:

        def progress(level: str, value: float, bound: float) -> None:
            status.update(words(level, value, bound))

        yield progress


# The search's levels in a content planner's words (the -v phases keep the
# short names).
_LEVEL_WORDS = {
    "repeats": "filling free slots with evergreen repeats",
    "engagement": "favouring the posting times that earned most",
    "spread": "spreading pillars evenly",
    "earliness": "using the earliest slots",
    "tie-break": "final polish, so that every run gives the same plan",
}


def progress_text(level: str, value: float, bound: float) -> str:
    """What the spinner says: the level being optimised, with the best value
    so far and how far it could still go."""
    words = _LEVEL_WORDS.get(level, level)
    if math.isnan(value):
        return f"Planning: {words}…"
    if level == "priority":
        return f"Planning: total priority {value:g} so far, at most {bound:g}…"
    if level == "repeats":
        return f"Planning: {words}: score {value:g} so far, at most {bound:g}…"
    if level == "engagement":
        return f"Planning: learned engagement {value:g} points so far, at most {bound:g}…"
    return f"Planning: {words}: score {value:g} so far (lower is better, never below {bound:g})…"


def unmendable_lines(broken: Sequence[Violation]) -> list[str]:
    """Why plan stops before solving: pinned posts that break rules already."""
    return [
        "Pinned posts in the planned weeks already break rules that adding posts cannot mend:",
        *(
            safe_text(
                f"  {violation.file}:{violation.line}:{violation.column} [{violation.check}] "
                f"{violation.message}"
            )
            for violation in broken
        ),
        "Run `contentplan fix` on the calendar first, then plan again.",
    ]


def phases(result: PlanResult, err: Console) -> None:
    """`-v`: each phase of the search on one line."""
    say(err, f"Search phases ({result.wall_time:.2f} s in all):")
    for phase in result.phases:
        say(err, f"  {phase.name:22} {phase.seconds:7.2f} s  {phase_text(phase)}")


def phase_text(phase: Phase) -> str:
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
        elif phase.name == "repeats":
            parts.append(f"evergreen repeats score {phase.value:g}, at most {phase.bound:g}")
        elif phase.name == "engagement":
            parts.append(f"learned points {phase.value:g}, at most {phase.bound:g}")
        else:
            parts.append(f"{phase.value:g}, at least {phase.bound:g}")
    if phase.note:
        parts.append(phase.note)
    return "; ".join(parts)


def conflicts(problem: PlanProblem, result: PlanResult, err: Console) -> None:
    """No schedule: the rules in conflict."""
    from contentplan.core.clock import week_name

    span = week_name(problem.weeks[0])
    if len(problem.weeks) > 1:
        span += f" to {week_name(problem.weeks[-1])}"
    say(err, f"No schedule for {span} meets the rules. These rules conflict:")
    for sentence in result.conflicts or ("(the solver found no smaller set to name)",):
        say(err, f"  - {sentence}")


def weeks(problem: PlanProblem, result: PlanResult, err: Console) -> None:
    """Each planned week as a grid, the new posts marked."""
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
                zone=problem.zone,
            )
        )


def _levels_words(levels: Mapping[str, object]) -> str:
    if "engagement" in levels:
        return "priority, learned engagement, spread and earliness"
    return "priority, spread and earliness"


def summary(problem: PlanProblem, result: PlanResult, target: Path | None, err: Console) -> None:
    placed = len(result.placements)
    where = f" to {target}" if target is not None else ""
    what = "placeholder posts" if problem.skeleton else "backlog items"
    line = f"Planned {placed} {what}{where}"
    if not problem.skeleton:
        stand_ins = sum(1 for p in result.placements if p.item.placeholder)
        repeats = sum(1 for p in result.placements if p.item.repeat_of is not None)
        fresh = placed - stand_ins - repeats
        extra = [
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in ((repeats, "evergreen repeat"), (stand_ins, "series placeholder"))
            if n
        ]
        if extra:
            line = f"Planned {fresh} backlog items, {' and '.join(extra)}{where}"
        offered = {item.id for item in problem.items if item.repeat_of is None}
        left = len(offered - {p.item.id for p in result.placements})
        line += f"; {left} left in the backlog"
    levels = {level.name: level for level in result.levels}
    if "priority" in levels and not problem.skeleton:
        # What the priority level placed, and the items that fill series
        # days before it (placeholders and repeats carry none).
        total = sum(p.item.priority for p in result.placements if not p.item.placeholder)
        line += f"; total priority {total}"
    if "spread" in levels and levels["spread"].proven:
        spread = levels["spread"]
        line += f"; {spread.parts(spread.value)}"
    if result.status == "optimal":
        line += "; optimal"
    say(err, line + ".")
    if result.status == "feasible":
        unproven = next((level for level in result.levels if not level.proven), None)
        if unproven is not None and unproven.bound != unproven.value:
            share = unproven.gap
            say(
                err,
                f"The time limit stopped the search: {unproven.name} "
                f"{unproven.parts(unproven.value)}, bound {unproven.parts(unproven.bound)} "
                f"(gap {share:.1%}). Optimality is not proven; raise --time-limit for the best "
                "schedule.",
            )
        elif unproven is not None and unproven.name == "tie-break" and unproven.budget:
            say(
                err,
                "The final tie-break stopped at its budget: the schedule is optimal for "
                f"{_levels_words(levels)}, and the same input gives this same schedule "
                "again, but it may not be the least of the equally good ones. A longer "
                "--time-limit gives the tie-break a larger budget.",
            )
        elif unproven is not None and unproven.name == "tie-break":
            say(
                err,
                "The time limit stopped the final tie-break: the schedule is optimal for "
                f"{_levels_words(levels)}, but another run may pick another of the "
                "equally good ones. Raise --time-limit for the unique one.",
            )
        else:
            name = unproven.name if unproven is not None else "the search"
            say(
                err,
                f"The time limit stopped the search while optimising {name}. Optimality is not "
                "proven; raise --time-limit for the best schedule.",
            )
