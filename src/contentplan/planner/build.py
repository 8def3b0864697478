"""The CP-SAT model of a plan: one Boolean per (item, slot) it may take.

``x[i, s]`` is true when item ``i`` goes in slot ``s``. A slot holds at most
one post (``used[s]``), an item goes at most once. The constraint families
live in ``constraints``, one function each; this module only makes the
variables and the gates.

Two models are built from one problem:

- the **optimising** model (``explain=False``): every rule is hard, and slots
  or (item, slot) pairs that a rule closes are not created at all;
- the **explaining** model (``explain=True``): every rule instance gets an
  assumption literal (``gate``), closed slots exist but stay empty while the
  rule that closes them holds, and the solver's infeasibility core names the
  rules in conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from ortools.sat.python import cp_model

from contentplan.clock import week_name
from contentplan.model import Post
from contentplan.planner.items import NEVER, Eligibility, skeleton_items
from contentplan.planner.problem import PlanItem, PlanProblem, Rule, Slot
from contentplan.planner.slots import candidate_slots


class PlanModel:
    """Variables of one plan, and the helpers the constraint families share."""

    def __init__(self, problem: PlanProblem, *, explain: bool = False) -> None:
        self.problem = problem
        self.explain = explain
        self.model = cp_model.CpModel()
        self.gates: dict[Rule, Any] = {}
        closed_slots = candidate_slots(problem)
        offered = [(slot, rules) for slot, rules in closed_slots if explain or not rules]
        self.slots: list[Slot] = [slot for slot, _ in offered]
        self.slot_rules: list[tuple[Rule, ...]] = [rules for _, rules in offered]
        taken = {post.id for post in problem.pinned}
        if problem.skeleton:
            items = skeleton_items(problem, self.slots, taken)
        else:
            items = [item for item in problem.items if item.id not in taken]
        self.items: list[PlanItem] = items
        self.x: dict[tuple[int, int], Any] = {}
        self.item_cells: list[list[int]] = [[] for _ in items]  # slot indices, in slot order
        self.slot_cells: list[list[int]] = [[] for _ in self.slots]  # item indices
        self._make_placements()
        self.used: list[Any] = [self._occupancy(s) for s in range(len(self.slots))]
        self.by_platform_day: dict[tuple[str, date], list[int]] = defaultdict(list)
        for s, slot in enumerate(self.slots):
            self.by_platform_day[(slot.platform, slot.day)].append(s)

    # -- variables ---------------------------------------------------------

    def _make_placements(self) -> None:
        eligibility = Eligibility(self.problem)
        by_platform: dict[str, list[int]] = defaultdict(list)
        for s, slot in enumerate(self.slots):
            by_platform[slot.platform].append(s)
        for i, item in enumerate(self.items):
            for platform, indices in by_platform.items():
                if not eligibility.allows_platform(item, platform):
                    continue
                for s in indices:
                    slot = self.slots[s]
                    if not eligibility.allows_day(item, slot.day):
                        continue
                    closing = eligibility.closing(item, slot)
                    if NEVER in closing or (closing and not self.explain):
                        continue
                    var = self.model.new_bool_var(f"x[{item.id}|{item.pillar}@{_slot_name(slot)}]")
                    self.x[(i, s)] = var
                    self.item_cells[i].append(s)
                    self.slot_cells[s].append(i)
                    for rule in closing:
                        self.model.add_implication(self.gate(rule), var.Not())
            self.item_cells[i].sort()
        for i, cells in enumerate(self.item_cells):
            if len(cells) > 1:
                self.model.add_at_most_one(self.x[(i, s)] for s in cells)

    def _occupancy(self, s: int) -> Any:
        """``used[s]``: the slot holds a post. At most one per slot."""
        cells = [self.x[(i, s)] for i in self.slot_cells[s]]
        if not cells:
            return 0
        if len(cells) == 1 and not self.slot_rules[s]:
            return cells[0]
        used = self.model.new_bool_var(f"used[{_slot_name(self.slots[s])}]")
        self.model.add(used == sum(cells))
        for rule in self.slot_rules[s]:
            self.model.add_implication(self.gate(rule), used.Not())
        return used

    # -- gates -------------------------------------------------------------

    def gate(self, rule: Rule) -> Any:
        """The assumption literal of a rule instance (explaining model only)."""
        lit = self.gates.get(rule)
        if lit is None:
            lit = self.model.new_bool_var(f"rule[{rule}]")
            self.gates[rule] = lit
        return lit

    def require(self, constraint: Any, rule: Rule) -> None:
        """A constraint that holds while ``rule`` does: always, when optimising."""
        made = self.model.add(constraint)
        if self.explain:
            made.only_enforce_if(self.gate(rule))

    def enforce(self, rule: Rule) -> list[Any]:
        """Enforcement literals for a rule: none when optimising."""
        return [self.gate(rule)] if self.explain else []

    # -- views -------------------------------------------------------------

    def placements_in(self, slots: Iterable[int], pillar: str | None = None) -> list[Any]:
        """The placement literals of the given slots (for one pillar)."""
        found: list[Any] = []
        for s in slots:
            for i in self.slot_cells[s]:
                if pillar is None or self.items[i].pillar == pillar:
                    found.append(self.x[(i, s)])
        return found

    def slots_where(
        self, platform: str | None, start: datetime | None = None, end: datetime | None = None
    ) -> list[int]:
        return [
            s
            for s, slot in enumerate(self.slots)
            if (platform is None or slot.platform == platform)
            and (start is None or slot.local >= start)
            and (end is None or slot.local < end)
        ]

    def pinned_on(self, platform: str | None = None) -> list[Post]:
        return [p for p in self.problem.pinned if platform is None or p.platform == platform]

    def item_count_in(self, slots: Sequence[int], pillar: str | None = None) -> int:
        """How many distinct items could go in these slots (for bounds and words)."""
        items = {
            i
            for s in slots
            for i in self.slot_cells[s]
            if pillar is None or self.items[i].pillar == pillar
        }
        return len(items)

    def week_of(self, s: int) -> str:
        return week_name(self.slots[s].day)


def _slot_name(slot: Slot) -> str:
    return f"{slot.platform}@{slot.local:%Y-%m-%dT%H:%M}"
