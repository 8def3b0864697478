"""What `plan` optimises (SPEC §5), as levels solved in strict order.

1. ``priority``: the total priority of placed items, as large as possible.
2. ``pairs``: consecutive posts on one platform that share a pillar, as few
   as possible (pinned neighbours included);
   ``one-pillar days``: days on which a platform's two or more posts are all
   one pillar, as few as possible.
3. ``earliness``: the sum of the ranks of the used slots in SPEC §5 order
   (date, time, platform), as small as possible: earlier slots first.
4. the tie-break: the placement of each item, items by id, each compared by
   (date, time, platform), with "not placed" after every slot; smallest
   first. It makes the optimum unique (``tie_break_values``).

Every level is an expression to minimise (priority is negated).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from contentplan.planner.build import PlanModel
from contentplan.planner.problem import epoch_seconds


@dataclass
class Level:
    name: str
    expr: Any  # to minimise
    sign: int = 1  # how to show it: value = sign * minimised objective


def levels(pm: PlanModel) -> list[Level]:
    timelines = {
        platform: _timeline(pm, platform)
        for platform in sorted({slot.platform for slot in pm.slots})
    }
    return [
        Level("priority", -priority(pm), sign=-1),
        Level("pairs", pillar_pairs(pm, timelines)),
        Level("one-pillar days", one_pillar_days(pm, timelines)),
        Level("earliness", earliness(pm)),
    ]


def priority(pm: PlanModel) -> Any:
    cells = [(var, pm.items[i].priority) for (i, _), var in pm.x.items()]
    return cp_model.LinearExpr.weighted_sum([v for v, _ in cells], [p for _, p in cells])


@dataclass
class _Position:
    """A post or a slot on one platform's time line."""

    seconds: int
    pillar_lits: dict[str, Any]  # pillar -> literal (or 1 for a pinned post)
    any: Any  # literal, or 1 for a pinned post
    day: date
    order: str  # breaks ties between pinned posts: their id


def _timeline(pm: PlanModel, platform: str) -> list[_Position]:
    """Slots of the platform plus the pinned posts between the last one
    before the planned weeks and the first one after them."""
    positions: list[_Position] = []
    for s, slot in enumerate(pm.slots):
        if slot.platform != platform or not pm.slot_cells[s]:
            continue
        lits: dict[str, Any] = {}
        for pillar in pm.problem.rules.pillars:
            cells = pm.placements_in([s], pillar)
            if len(cells) == 1:
                lits[pillar] = cells[0]
            elif cells:
                lit = pm.model.new_bool_var(f"pillar[{platform},{s},{pillar}]")
                pm.model.add(lit == sum(cells))
                lits[pillar] = lit
        positions.append(_Position(slot.seconds, lits, pm.used[s], slot.day, ""))
    problem = pm.problem
    pinned = sorted(pm.pinned_on(platform), key=lambda post: post.sort_key)
    before = [post for post in pinned if post.local < problem.start]
    after = [post for post in pinned if post.local >= problem.end]
    inside = [post for post in pinned if problem.start <= post.local < problem.end]
    chosen = before[-1:] + inside + after[:1]
    for post in chosen:
        seconds = epoch_seconds(post.instant)
        positions.append(_Position(seconds, {post.pillar: 1}, 1, post.local.date(), post.id))
    positions.sort(key=lambda p: (p.seconds, p.order))
    return positions


def pillar_pairs(pm: PlanModel, timelines: dict[str, list[_Position]]) -> Any:
    """Consecutive same-pillar pairs. ``last[p]`` is true when the latest post
    so far has pillar p; it is only bounded from below, which is exact under
    minimisation."""
    pillars = pm.problem.rules.pillars
    penalties: list[Any] = []
    for platform, timeline in timelines.items():
        last: dict[str, Any] = {p: 0 for p in pillars}
        for k, position in enumerate(timeline):
            if any(not _is_zero(last[p]) and p in position.pillar_lits for p in pillars):
                penalty = pm.model.new_bool_var(f"pair[{platform},{k}]")
                for pillar, lit in position.pillar_lits.items():
                    if not _is_zero(last[pillar]):
                        pm.model.add(penalty >= lit + last[pillar] - 1)
                penalties.append(penalty)
            following: dict[str, Any] = {}
            for pillar in pillars:
                here = position.pillar_lits.get(pillar, 0)
                if isinstance(position.any, int):  # a pinned post: it is the latest now
                    following[pillar] = here
                    continue
                if _is_zero(here) and _is_zero(last[pillar]):
                    following[pillar] = 0
                    continue
                carry = pm.model.new_bool_var(f"last[{platform},{k},{pillar}]")
                if not _is_zero(here):
                    pm.model.add(carry >= here)
                if not _is_zero(last[pillar]):
                    pm.model.add(carry >= last[pillar] - position.any)
                following[pillar] = carry
            last = following
    return cp_model.LinearExpr.sum(penalties)


def one_pillar_days(pm: PlanModel, timelines: dict[str, list[_Position]]) -> Any:
    """Days where a platform has two or more posts, all of one pillar."""
    pillars = pm.problem.rules.pillars
    penalties: list[Any] = []
    for platform, timeline in timelines.items():
        by_day: dict[date, list[_Position]] = defaultdict(list)
        for position in timeline:
            by_day[position.day].append(position)
        for day in sorted(by_day):
            if day not in pm.problem.days:
                continue
            positions = by_day[day]
            if len(positions) < 2 or all(isinstance(p.any, int) for p in positions):
                continue
            total = cp_model.LinearExpr.sum([p.any for p in positions])
            two = pm.model.new_bool_var(f"two[{platform},{day}]")
            pm.model.add(total - 1 <= (len(positions) - 1) * two)
            present = []
            for pillar in pillars:
                lits = [p.pillar_lits[pillar] for p in positions if pillar in p.pillar_lits]
                if not lits:
                    continue
                seen = pm.model.new_bool_var(f"seen[{platform},{day},{pillar}]")
                pm.model.add(seen <= cp_model.LinearExpr.sum(lits))
                present.append(seen)
            mono = pm.model.new_bool_var(f"one-pillar[{platform},{day}]")
            pm.model.add(mono >= 2 * two - cp_model.LinearExpr.sum(present))
            penalties.append(mono)
    return cp_model.LinearExpr.sum(penalties)


def earliness(pm: PlanModel) -> Any:
    """Σ rank(slot) over used slots; ``pm.slots`` is in SPEC §5 order."""
    used = [(rank, pm.used[rank]) for rank in range(len(pm.slots)) if pm.slot_cells[rank]]
    return cp_model.LinearExpr.weighted_sum([u for _, u in used], [rank for rank, _ in used])


def tie_break_order(pm: PlanModel) -> list[int]:
    """Items by id (placeholders of one slot by pillar order), those that can
    be placed at all."""
    pillars = pm.problem.rules.pillars
    order = sorted(
        range(len(pm.items)),
        key=lambda i: (
            pm.items[i].id,
            pillars.index(pm.items[i].pillar) if pm.items[i].pillar in pillars else 0,
        ),
    )
    return [i for i in order if pm.item_cells[i]]


def tie_break_value(pm: PlanModel, i: int) -> tuple[Any, int]:
    """An item's place among its own cells (0 = its earliest slot), or the
    number of cells when it is not placed; and that largest value."""
    cells = pm.item_cells[i]
    size = len(cells)
    lits = [pm.x[(i, s)] for s in cells]
    # value = Σ k·x_k + size·(1 - Σ x_k) = size - Σ (size - k)·x_k
    expr = size - cp_model.LinearExpr.weighted_sum(lits, [size - k for k in range(size)])
    return expr, size


def _is_zero(value: Any) -> bool:
    return isinstance(value, int) and value == 0
