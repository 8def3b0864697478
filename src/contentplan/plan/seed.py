"""A first schedule for long horizons, built one week at a time.

A quarter is one model of tens of thousands of variables. Asked for the
largest total priority straight away, CP-SAT spends its time on the bound and
finds poor schedules (bench (b): 309 against a bound of 2009 after 30 s).
Weeks are small models that it solves in a fraction of a second, so the
planner first plans the weeks in order, each with what the earlier weeks
placed as pinned posts, and hands the result to the whole model as a hint.

This is only a start. The whole model still decides, and everything docs/plan.md
promises is judged there; a week whose model fails just ends the seed early.

Inside a week, an item counts twice its priority, plus one when its own days
or expiry end within the week: of two items of equal priority, the one that
cannot wait goes first. Items that could go in later weeks are offered to a
week only in a fair share of them (``_share``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from contentplan.plan.problem import Placement, PlanItem, PlanProblem

# (week problem, seconds it may take) -> its placements, or None
WeekSolver = Callable[[PlanProblem, float], list[Placement] | None]


def seed_schedule(
    problem: PlanProblem,
    solve_week: WeekSolver,
    deadline: float,
    now: Callable[[], float] = time.monotonic,
) -> tuple[list[Placement], int]:
    """The placements of the weeks planned one after another, as far as the
    time until ``deadline`` (on the clock ``now``) allows, and how many weeks
    that planned."""
    placed: list[Placement] = []
    originals = {item.id: item for item in problem.items}
    weeks = 0
    for n, monday in enumerate(problem.weeks):
        left = deadline - now()
        if left <= 0:
            break
        done = {p.item.id for p in placed}
        open_items = [i for i in problem.items if i.id not in done and _fits_week(i, monday)]
        week = replace(
            problem,
            weeks=(monday,),
            pinned=problem.pinned + tuple(p.post(problem.brand) for p in placed),
            items=_share(open_items, monday, len(problem.weeks) - n),
        )
        found = solve_week(week, left / (len(problem.weeks) - n))
        if found is None:
            break
        placed += [Placement(originals[p.item.id], p.slot) for p in found]
        weeks += 1
    return placed, weeks


def _share(items: list[PlanItem], monday: date, weeks_left: int) -> tuple[PlanItem, ...]:
    """What the week is offered: every item that cannot wait, and of those
    that can, the week's fair share of their kind (pillar and platforms),
    best first. Offered everything, the first weeks would take the items that
    can go anywhere and leave the last weeks too few, or too few of a pillar,
    to keep their rules."""
    chosen = [item for item in items if _urgent(item, monday)]
    flexible: dict[tuple[str, tuple[str, ...]], list[PlanItem]] = {}
    for item in items:
        if not _urgent(item, monday):
            flexible.setdefault((item.pillar, item.platforms or ()), []).append(item)
    for kind in sorted(flexible):
        ranked = sorted(
            flexible[kind], key=lambda item: (-item.priority, item.latest or date.max, item.id)
        )
        share = (2 * len(ranked) + weeks_left) // (2 * weeks_left)  # len / weeks, rounded
        chosen += ranked[:share]
    return tuple(
        replace(item, priority=2 * item.priority + int(_urgent(item, monday))) for item in chosen
    )


def _fits_week(item: PlanItem, monday: date) -> bool:
    """Whether the item may go in the week at all (its expiry is compared a
    day early, which is wider than any zone's offset)."""
    sunday = monday + timedelta(days=6)
    if item.earliest is not None and item.earliest > sunday:
        return False
    if item.latest is not None and item.latest < monday:
        return False
    start = datetime.combine(monday, datetime.min.time(), tzinfo=UTC) - timedelta(days=1)
    return item.expires is None or item.expires >= start


def _urgent(item: PlanItem, monday: date) -> bool:
    """Whether the item's own days or expiry end within the week."""
    end = monday + timedelta(days=7)
    if item.latest is not None and item.latest < end:
        return True
    limit = datetime.combine(end, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
    return item.expires is not None and item.expires < limit


def improve(
    problem: PlanProblem,
    placed: list[Placement],
    solve_weeks: WeekSolver,
    deadline: float,
    ceiling: int | None = None,
    span: int = 2,
    now: Callable[[], float] = time.monotonic,
) -> list[Placement]:
    """Plan again, ``span`` weeks at a time, with every other week's posts
    pinned: each time the weeks' own items and every item not placed anywhere
    compete for their slots. The weeks' current plan is among the answers, so
    the total priority never drops; passes repeat while it rises and time is
    left."""
    originals = {item.id: item for item in problem.items}
    total = sum(p.item.priority for p in placed)
    while True:
        before = total
        for n in range(0, len(problem.weeks) - span + 1):
            left = deadline - now()
            if left <= 0:
                return placed
            weeks = problem.weeks[n : n + span]
            start, end = weeks[0], weeks[-1] + timedelta(days=7)
            inside = [p for p in placed if start <= p.slot.day < end]
            outside = [p for p in placed if not start <= p.slot.day < end]
            taken = {p.item.id for p in outside}
            items = tuple(
                item
                for item in problem.items
                if item.id not in taken and any(_fits_week(item, monday) for monday in weeks)
            )
            part = replace(
                problem,
                weeks=weeks,
                pinned=problem.pinned + tuple(p.post(problem.brand) for p in outside),
                items=items,
            )
            found = solve_weeks(part, left / 4)
            if found is None:
                continue
            gain = sum(p.item.priority for p in found) - sum(p.item.priority for p in inside)
            if gain > 0:
                placed = outside + [Placement(originals[p.item.id], p.slot) for p in found]
                total += gain
        if total == before or (ceiling is not None and total >= ceiling):
            break
    return placed


def polish(
    problem: PlanProblem,
    placed: list[Placement],
    solve_week: WeekSolver,
    deadline: float,
    now: Callable[[], float] = time.monotonic,
) -> list[Placement]:
    """Each week again with only its own items, every other post pinned, for
    the rest of docs/plan.md's order (spread, then earlier slots): what the whole
    model then starts from. A week keeps its plan unless the new one places
    all of its items."""
    for n, monday in enumerate(problem.weeks):
        left = deadline - now()
        if left <= 0:
            break
        end = monday + timedelta(days=7)
        inside = [p for p in placed if monday <= p.slot.day < end]
        if not inside:
            continue
        outside = [p for p in placed if not monday <= p.slot.day < end]
        part = replace(
            problem,
            weeks=(monday,),
            pinned=problem.pinned + tuple(p.post(problem.brand) for p in outside),
            items=tuple(p.item for p in inside),
        )
        found = solve_week(part, left / (len(problem.weeks) - n))
        if found is not None and len(found) == len(inside):
            placed = outside + found
    return placed
