"""A solver-free reference for small plans: every assignment of items to
slots is tried, judged by the checks themselves, and scored by SPEC §5's
objective written out plainly. Exponential; only for instances of a few
items with a few slots each."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import datetime, time, timedelta

from contentplan.checks.engine import run_checks
from contentplan.core.clock import week_name
from contentplan.core.model import Brand, Calendar, Post, Where
from contentplan.plan.items import Eligibility
from contentplan.plan.problem import Placement, PlanItem, PlanProblem, Slot
from contentplan.plan.slots import candidate_slots

Assignment = tuple[Slot | None, ...]  # one entry per item, in problem.items order


def open_slots(problem: PlanProblem) -> list[Slot]:
    """The slots no rule closes, in SPEC §5 order (the planner's ranks)."""
    return [slot for slot, closed in candidate_slots(problem) if not closed]


def assignments(problem: PlanProblem) -> Iterator[Assignment]:
    slots = open_slots(problem)
    eligibility = Eligibility(problem)
    choices = [
        [None]
        + [
            s
            for s in slots
            if eligibility.allows_platform(item, s.platform) and eligibility.allows_day(item, s.day)
        ]
        for item in problem.items
    ]
    for combo in itertools.product(*choices):
        used = [s for s in combo if s is not None]
        if len(used) == len(set(used)):  # a slot holds one post
            yield combo


def posts_of(problem: PlanProblem, assignment: Assignment) -> list[Post]:
    new = [
        Placement(item, slot).post(problem.brand)
        for item, slot in zip(problem.items, assignment, strict=True)
        if slot is not None
    ]
    return sorted([*problem.pinned, *new], key=lambda p: p.sort_key)


def valid(problem: PlanProblem, assignment: Assignment) -> bool:
    posts = posts_of(problem, assignment)
    anchor = Where("<reference>", 1, 1)
    calendar = Calendar("<reference>", "/", problem.brand, problem.timezone, tuple(posts), anchor)
    brand = Brand(problem.brand, problem.timezone, problem.rules, tuple(posts), (calendar,))
    if any(v.severity == "error" for v in run_checks([brand])):
        return False
    # plan judges min_per_week in every planned week, posts or none (SPEC §4)
    if problem.enforced("cadence"):
        for platform in problem.rules.planning_platforms:
            least = problem.rules.platforms[platform].min_per_week or 0
            for monday in problem.weeks:
                week = week_name(monday)
                count = sum(
                    1 for p in posts if p.platform == platform and week_name(p.local.date()) == week
                )
                if count < least:
                    return False
    return True


def objective(problem: PlanProblem, assignment: Assignment) -> tuple[int, ...]:
    """(−priority, pairs, one-pillar days, earliness): smaller is better."""
    priority = sum(
        item.priority for item, slot in zip(problem.items, assignment, strict=True) if slot
    )
    posts = posts_of(problem, assignment)
    planned = set(problem.platforms)
    pairs = 0
    for platform in planned:
        line = [p for p in posts if p.platform == platform]
        pairs += sum(1 for a, b in zip(line, line[1:], strict=False) if a.pillar == b.pillar)
    days = 0
    start = datetime.combine(problem.weeks[0], time())
    for platform in planned:
        for offset in range(7 * len(problem.weeks)):
            day = (start + timedelta(days=offset)).date()
            pillars = [p.pillar for p in posts if p.platform == platform and p.local.date() == day]
            if len(pillars) >= 2 and len(set(pillars)) == 1:
                days += 1
    ranks = {slot: rank for rank, slot in enumerate(open_slots(problem))}
    earliness = sum(ranks[slot] for slot in assignment if slot is not None)
    return (-priority, pairs, days, earliness)


def tie_break(problem: PlanProblem, assignment: Assignment) -> tuple[tuple[int, object], ...]:
    """Items by id, each placement by (date, time, platform), unplaced last."""
    by_id = sorted(zip(problem.items, assignment, strict=True), key=lambda pair: pair[0].id)
    return tuple((0, slot.order) if slot else (1, ()) for _, slot in by_id)


def best(problem: PlanProblem) -> Assignment | None:
    found: Assignment | None = None
    key: tuple[object, ...] | None = None
    for assignment in assignments(problem):
        if not valid(problem, assignment):
            continue
        score = (objective(problem, assignment), tie_break(problem, assignment))
        if key is None or score < key:
            found, key = assignment, score
    return found


def as_assignment(problem: PlanProblem, placements: Sequence[Placement]) -> Assignment:
    where: dict[PlanItem, Slot] = {p.item: p.slot for p in placements}
    return tuple(where.get(item) for item in problem.items)
