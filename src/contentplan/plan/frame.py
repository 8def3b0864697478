"""The CP-SAT frame that `plan` and `fix` build their models in.

Both models are a ``Frame``: a ``cp_model.CpModel`` and, for the
*explaining* model (``gated=True``), one assumption literal per rule
instance (``gate``), so that an infeasibility core names the rules in
conflict (``conflict``). What differs is their variables: the plan model
(``build.PlanModel``) places backlog items in slots, the repair model
(``repair.model.RepairModel``) picks one option per movable post.

What both write the same way is here: ``require(constraint, rule)``, a
constraint that holds while its rule does (and, for `fix`, unless the
violation it would forbid is left as it is: ``unless``); the mix band
exactly as the checker computes it (``add_band``); the most posts cadence
lets a mix group hold (``cadence_capacity``); the levels of the objective
(``Level``) and the lexicographic tie-break's chunks and weights.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from contentplan.core.band import Band
from contentplan.core.clock import week_name
from contentplan.core.model import PlatformRules
from contentplan.plan.cpsat import cp_model
from contentplan.plan.groups import MixGroup
from contentplan.plan.problem import Rule

# Items (plan) or posts (fix) of one tie-break solve: their value ranges
# multiply up to this. Larger chunks mean fewer solves but huge weights, which
# the LP handles badly; on bench (a) 2**16, 2**24, 2**32 and 2**40 took 3.1,
# 1.5, 1.3 and 5.1 s.
TIE_BREAK_RANGE = 2**32


class Frame:
    """A CP-SAT model whose rule instances may be gated by assumptions."""

    def __init__(self, gated: bool = False) -> None:
        self.gated = gated  # the explaining model: every rule under its gate
        self.model = cp_model.CpModel()
        self.gates: dict[Rule, Any] = {}

    def gate(self, rule: Rule) -> Any:
        """The assumption literal of a rule instance (explaining model only)."""
        lit = self.gates.get(rule)
        if lit is None:
            lit = self.model.new_bool_var(f"rule[{rule}]")
            self.gates[rule] = lit
        return lit

    def require(self, constraint: Any, rule: Rule | None, unless: Any | None = None) -> None:
        """A constraint that holds unless ``unless`` (a waiver literal) is
        true, and, in the explaining model, only while ``rule`` holds. A rule
        of None is structural: it always holds."""
        made = self.model.add(constraint)
        conditions: list[Any] = []
        if unless is not None:
            conditions.append(unless.Not())
        if self.gated and rule is not None:
            conditions.append(self.gate(rule))
        if conditions:
            made.only_enforce_if(conditions)

    def enforce(self, rule: Rule) -> list[Any]:
        """Enforcement literals for a rule: none when optimising."""
        return [self.gate(rule)] if self.gated else []


def sum_of(lits: Iterable[Any]) -> Any:
    """The sum of literals or expressions; 0 for none."""
    items = list(lits)
    if not items:
        return 0
    return cp_model.LinearExpr.sum(items)


# -- the mix band ------------------------------------------------------------------


def add_band(
    frame: Frame,
    counts: dict[str, Any],
    total: Any,
    sizes: range,
    band_of: Callable[[int], Band],
    rule_of: Callable[[str, str], Rule],
    unless: Any | None = None,
) -> dict[int, Any]:
    """The band as the checker computes it, exactly: one literal per possible
    group size N, exactly one of them true, and each pillar's count between
    the bounds that ``band_of(N)`` (``band.mix_band``) gives for that N.

    The bounds are written as sums over the size literals, Σ lo(N)·[N], so
    the LP relaxation sees them too; they hold unless ``unless`` (the group's
    waiver in `fix`). Returns the size literals."""
    model = frame.model
    size = {n: model.new_bool_var(f"size={n}") for n in sizes}
    model.add_exactly_one(size.values())
    model.add(cp_model.LinearExpr.weighted_sum(list(size.values()), list(size)) == total)
    bands = {n: band_of(n) for n in size}
    for pillar, count in counts.items():
        lows = [bands[n][pillar][0] for n in size]
        highs = [bands[n][pillar][1] for n in size]
        literals = list(size.values())
        frame.require(
            count >= cp_model.LinearExpr.weighted_sum(literals, lows),
            rule_of(pillar, "min"),
            unless,
        )
        frame.require(
            count <= cp_model.LinearExpr.weighted_sum(literals, highs),
            rule_of(pillar, "max"),
            unless,
        )
    return size


def band_rule(group: MixGroup, pillar: str, side: str) -> Rule:
    """The rule instance of one side of a group's band for one pillar."""
    return Rule(f"band-{side}", platform=group.platform, window=group.window, pillar=pillar)


def cadence_capacity(
    days: Mapping[tuple[str, date], tuple[int, int]],
    fixed_on: Mapping[tuple[str, date], int],
    platforms: Mapping[str, PlatformRules],
    daily: bool = True,
    weekly: bool = True,
) -> int:
    """The most posts a group can hold under cadence: per (platform, day) at
    most ``days[...][0]``, and no more than ``max_per_day`` less the fixed
    (pinned) posts that day; per ISO week likewise for ``max_per_week``. A
    limit never cuts below ``days[...][1]`` posts of a day, or their sum
    over the week (posts that stay where they are may keep a day or a week
    over its limit)."""
    by_week: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (platform, day), (bound, floor) in days.items():
        profile = platforms.get(platform)
        if daily and profile is not None and profile.max_per_day is not None:
            bound = min(bound, max(profile.max_per_day - fixed_on.get((platform, day), 0), floor))
        totals = by_week[(platform, week_name(day))]
        totals[0] += bound
        totals[1] += floor
    capacity = 0
    for (platform, week), (bound, floor) in by_week.items():
        profile = platforms.get(platform)
        if weekly and profile is not None and profile.max_per_week is not None:
            fixed = sum(
                n for (p, d), n in fixed_on.items() if p == platform and week_name(d) == week
            )
            bound = min(bound, max(profile.max_per_week - fixed, floor))
        capacity += bound
    return capacity


# -- the objective -------------------------------------------------------------------


@dataclass
class Level:
    """One level of a lexicographic objective, minimised in its turn."""

    name: str
    expr: Any  # to minimise
    sign: int = 1  # how to show it: value = sign * minimised objective
    unit: int = 0  # spread: value = pairs * unit + one-pillar days
    split: int = 0  # spread and earliness in one: value = spread * split + earliness
    # what ``expr`` weighs together, each with the weight of one of it (pairs,
    # one-pillar days, earliness): a level held at its optimum holds each at
    # its own (``held``)
    parts: tuple[tuple[Any, int], ...] = ()

    def held(self, optimum: int) -> list[Any]:
        """Constraints that hold the level at ``optimum``: each part at its
        own value where the level weighs parts, which is the same set of
        schedules (each weight exceeds everything weighted below it) but
        reads more tightly to CP-SAT's linear relaxation than one sum."""
        if not self.parts:
            return [self.expr <= optimum]
        held = []
        left = optimum
        for expr, weight in self.parts:
            value, left = divmod(left, weight)
            held.append(expr <= value)
        return held


def tie_break_chunks(order: Iterable[int], size_of: Callable[[int], int]) -> list[list[int]]:
    """``order`` cut into runs whose value ranges (``size_of``) multiply up to
    ``TIE_BREAK_RANGE`` at most (a longer run if one alone is larger)."""
    chunks: list[list[int]] = []
    current: list[int] = []
    span = 1
    for i in order:
        size = size_of(i)
        if current and span * size > TIE_BREAK_RANGE:
            chunks.append(current)
            current, span = [], 1
        current.append(i)
        span *= size
    if current:
        chunks.append(current)
    return chunks


def lexicographic(values: Sequence[tuple[Any, int]]) -> Any:
    """One objective that orders by the first value, then the second, and so
    on: ``values`` are (expression, its number of values), each weighted
    above every later one."""
    weight = 1
    terms: list[tuple[Any, int]] = []
    for expr, size in reversed(values):
        terms.append((expr, weight))
        weight *= size
    return sum(w * e for e, w in terms)
