"""What `plan` optimises (docs/plan.md), as levels solved in strict order.

1. ``priority``: the total priority of placed items, as large as possible;
   then, when evergreen repeats may be planned, ``repeats``: as many of them
   as the rules allow, those published longest ago first (``evergreen``).
   With learned engagement (`plan --learn`), ``engagement`` follows: the
   learned points of the used slots, as large as possible
   (``engagement.engagement_level``); `--objective engagement` puts it first.
2. ``pairs``: consecutive posts on one platform that share a pillar, as few
   as possible (pinned neighbours included);
   ``one-pillar days``: days on which a platform's two or more posts are all
   one pillar, as few as possible.
3. ``earliness``: the sum of the ranks of the used slots in docs/plan.md order
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
from itertools import permutations
from typing import Any

from contentplan.core.clock import week_name
from contentplan.plan.build import PlanModel
from contentplan.plan.cpsat import cp_model
from contentplan.plan.engagement import engagement_level
from contentplan.plan.evergreen import repeats_level
from contentplan.plan.frame import Level
from contentplan.plan.problem import epoch_seconds

# Spread and earliness are solved as one objective, spread weighted above any
# earliness, while that weight keeps the objective this small: on bench (a)
# one solve takes 0.13 s where two took 0.37 s, on 4 weeks 1.9 s where they
# took 9.7 s. Past it (a quarter of five platforms) the LP would see huge
# coefficients, and the two levels are solved one after the other.
_ONE_SOLVE_LIMIT = 2**40


def levels(pm: PlanModel) -> list[Level]:
    """Priority; spread (pairs first, then one-pillar days: there are fewer
    of those than ``unit``, so the weighted sum orders them strictly);
    earliness. Spread and earliness are one level when their weighted sum
    stays small (``split``): earliness never reaches ``split``, so the sum
    orders spread first, exactly as two levels would."""
    timelines = {
        platform: _timeline(pm, platform)
        for platform in sorted({slot.platform for slot in pm.slots})
    }
    days, most_days = one_pillar_days(pm, timelines)
    unit = most_days + 1
    pairs = pillar_pairs(pm, timelines)
    spread = pairs * unit + days
    most_spread = (sum(len(line) for line in timelines.values()) + 1) * unit
    split = len(pm.slots) * (len(pm.slots) + 1) // 2 + 1  # above any earliness
    first = _first_levels(pm)
    early = earliness(pm)
    if most_spread * split < _ONE_SOLVE_LIMIT:
        parts = ((pairs, unit * split), (days, split), (early, 1))
        one = Level("spread", spread * split + early, unit=unit, split=split, parts=parts)
        return [*first, one]
    spread_level = Level("spread", spread, unit=unit, parts=((pairs, unit), (days, 1)))
    return [*first, spread_level, Level("earliness", early)]


def _first_levels(pm: PlanModel) -> list[Level]:
    """Priority, then evergreen repeats where fresh items leave room, then
    learned engagement when the problem has it (``--objective engagement``:
    engagement first)."""
    first = [Level("priority", -priority(pm), sign=-1)]
    repeats = repeats_level(pm)
    if repeats is not None:  # evergreen repeats: only where fresh items leave room
        first.append(repeats)
    learned = engagement_level(pm)
    if learned is None:
        return first
    return [learned, *first] if pm.problem.engagement_first else [*first, learned]


def priority(pm: PlanModel) -> Any:
    cells = [(var, pm.items[i].priority) for (i, _), var in pm.placement_vars()]
    single = cp_model.LinearExpr.weighted_sum([v for v, _ in cells], [p for _, p in cells])
    return single + sum((group.priority for group in pm.classes), 0)


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
        if slot.platform != platform or not pm.occ[s]:
            continue
        positions.append(_Position(slot.seconds, dict(pm.occ[s]), pm.used[s], slot.day, ""))
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
        mine: list[Any] = []
        for k, position in enumerate(timeline):
            if any(not _is_zero(last[p]) and p in position.pillar_lits for p in pillars):
                penalty = pm.model.new_bool_var(f"pair[{platform},{k}]")
                for pillar, lit in position.pillar_lits.items():
                    if not _is_zero(last[pillar]):
                        pm.model.add(penalty >= lit + last[pillar] - 1)
                penalties.append(penalty)
                mine.append(penalty)
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
        _pairs_floor(pm, platform, timeline, mine)
    return cp_model.LinearExpr.sum(penalties)


def _pairs_floor(pm: PlanModel, platform: str, timeline: list[_Position], pairs: list[Any]) -> None:
    """A bound the LP cannot see by itself: of N posts in a row, c of one
    pillar hold at least 2c - N - 1 same-pillar neighbours (the other N - c
    split them into at most N - c + 1 runs). It holds for the whole time line
    and, summed, for its weeks (pairs inside a week are pairs of the line)."""
    if not pairs:
        return
    segments = [timeline]
    by_week: dict[str, list[_Position]] = defaultdict(list)
    for position in timeline:
        by_week[week_name(position.day)].append(position)
    if len(by_week) > 1:
        segments += [by_week[week] for week in sorted(by_week)]
    floors: list[Any] = []
    for n, positions in enumerate(segments):
        total = cp_model.LinearExpr.sum([p.any for p in positions])
        floor = pm.model.new_int_var(0, len(positions), f"pairs-floor[{platform},{n}]")
        for pillar in pm.problem.rules.pillars:
            lits = [p.pillar_lits[pillar] for p in positions if pillar in p.pillar_lits]
            if len(lits) > 1:
                pm.model.add(floor >= 2 * cp_model.LinearExpr.sum(lits) - total - 1)
        if n == 0:
            pm.model.add(cp_model.LinearExpr.sum(pairs) >= floor)
        else:
            floors.append(floor)
    if floors:
        pm.model.add(cp_model.LinearExpr.sum(pairs) >= cp_model.LinearExpr.sum(floors))


def one_pillar_days(pm: PlanModel, timelines: dict[str, list[_Position]]) -> tuple[Any, int]:
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
    return cp_model.LinearExpr.sum(penalties), len(penalties)


def earliness(pm: PlanModel) -> Any:
    """Σ rank(slot) over used slots; ``pm.slots`` is in docs/plan.md order."""
    terms = [(lit, rank) for rank in range(len(pm.slots)) for lit in pm.occ[rank].values()]
    return cp_model.LinearExpr.weighted_sum([lit for lit, _ in terms], [rank for _, rank in terms])


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
    return [i for i in order if pm.item_slots[i]]


def tie_break_value(pm: PlanModel, i: int) -> tuple[Any, int]:
    """An item's place among its own slots (0 = its earliest slot), or the
    number of its slots when it is not placed; and that largest value. Needs
    ``pm.exact_for([i])`` first."""
    exact = pm.exact_of[i]
    cells = pm.item_slots[i]
    size = len(cells)
    lits = [exact[s] for s in cells]
    # value = Σ k·x_k + size·(1 - Σ x_k) = size - Σ (size - k)·x_k
    expr = size - cp_model.LinearExpr.weighted_sum(lits, [size - k for k in range(size)])
    return expr, size


def _is_zero(value: Any) -> bool:
    return isinstance(value, int) and value == 0


def spread_hint(pm: PlanModel, solution: list[int]) -> dict[int, int]:
    """A better start for the spread level: the same posts on the same days,
    each day's movable posts (those placed per day, not per slot) reordered
    so that the platform's time line has the fewest same-pillar neighbours.

    Reordering within a day keeps every count, slot and item of the schedule,
    so every rule and the priority stay as they were. A dynamic programme over
    the days (state: the last pillar so far) picks the orders. The solver
    takes it from there; this only saves it the search for the easy part."""
    hint: dict[int, int] = {}
    for var in pm.decision_vars():
        hint[var.index] = solution[var.index]
    fixed = {s for (_, s), var in pm.x_slot.items() if solution[var.index]}
    for platform in sorted({slot.platform for slot in pm.slots}):
        chosen = _reorder(pm, platform, solution, fixed)
        for s, pillars in enumerate(pm.occ):
            if pm.slots[s].platform != platform:
                continue
            for pillar, lit in pillars.items():
                value = solution[lit.index]
                if s in chosen:
                    value = int(chosen[s] == pillar)
                hint[lit.index] = value
    return hint


def _reorder(pm: PlanModel, platform: str, solution: list[int], fixed: set[int]) -> dict[int, str]:
    problem = pm.problem
    pinned = sorted(pm.pinned_on(platform), key=lambda post: post.sort_key)
    before = [post for post in pinned if post.local < problem.start]
    after = [post for post in pinned if post.local >= problem.end]
    Path = tuple[tuple[tuple[int, ...], tuple[str, ...]], ...]
    states: dict[str | None, tuple[int, Path]] = {before[-1].pillar if before else None: (0, ())}
    for day in problem.days:
        positions: list[tuple[int, str, int | None]] = []  # (seconds, pillar, movable slot)
        for s in pm.by_platform_day.get((platform, day), []):
            for pillar, lit in pm.occ[s].items():
                if solution[lit.index]:
                    positions.append((pm.slots[s].seconds, pillar, None if s in fixed else s))
        for post in pinned:
            if post.local.date() == day and problem.start <= post.local < problem.end:
                positions.append((epoch_seconds(post.instant), post.pillar, None))
        if not positions:
            continue
        positions.sort(key=lambda p: (p[0], p[2] is None))
        movable = tuple(s for _, _, s in positions if s is not None)
        orders = sorted(set(permutations([p for _, p, s in positions if s is not None])))
        if len(orders) > 720:
            orders = [tuple(p for _, p, s in positions if s is not None)]
        following: dict[str | None, tuple[int, Path]] = {}
        for last, (cost, path) in states.items():
            for order in orders:
                fill = iter(order)
                line = [pillar if s is None else next(fill) for _, pillar, s in positions]
                here = (
                    cost
                    + (line[0] == last)
                    + sum(a == b for a, b in zip(line, line[1:], strict=False))
                )
                known = following.get(line[-1])
                if known is None or here < known[0]:
                    following[line[-1]] = (here, (*path, (movable, order)))
        states = following
    end = after[0].pillar if after else None
    _, best = min(
        ((cost + (end is not None and last == end), path) for last, (cost, path) in states.items()),
        key=lambda pair: pair[0],
    )
    return {s: pillar for movable, order in best for s, pillar in zip(movable, order, strict=True)}
