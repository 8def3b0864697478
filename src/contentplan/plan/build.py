"""The CP-SAT model of a plan: a pattern of pillars over the slots, and the
items that fill it.

- ``occ[s][p]`` is true when slot ``s`` holds a post of pillar ``p``; a slot
  holds one post at most. Every rule that counts or spaces posts (mix bands,
  cadence, spacing, role-fit) and every level of the objective but priority
  reads only this pattern.
- Items fill the pattern. Most items may take any slot of a (platform, day)
  alike, so they get one Boolean per such *cell*, and per cell and pillar the
  items placed there equal the pattern's posts of that pillar: any order of
  them over the day's slots is then a valid schedule. An item whose slots
  within a day differ (an expiry or a campaign span that cuts the day, a hot
  topic whose age counts in hours, a duplicate title, a skeleton placeholder)
  gets one Boolean per slot instead, and takes its slot in the pattern.

This keeps the model small: a week of 54 items needs a few hundred pattern
literals and about a thousand item literals, where one literal per (item,
slot) needs thousands, and the search works on the pattern.

Two models are built from one problem:

- the **optimising** model (``explain=False``): every rule is hard, and slots
  or placements that a rule closes are not created at all;
- the **explaining** model (``explain=True``): every rule instance gets an
  assumption literal (``gate``); closed slots and placements exist but stay
  empty while the rule that closes them holds, so that the solver's
  infeasibility core names the rules in conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contentplan.checks.duplicate import title_key
from contentplan.core.model import Post
from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import Frame, sum_of
from contentplan.plan.items import NEVER, Eligibility, max_age, skeleton_items
from contentplan.plan.problem import PlanItem, PlanProblem, Rule, Slot
from contentplan.plan.slots import candidate_slots


@dataclass(frozen=True)
class ItemClass:
    """Items with one pillar and the same whole days: only their number per
    cell matters, until the tie-break tells them apart by id."""

    pillar: str
    members: tuple[int, ...]  # by priority (highest first), then id
    cells: tuple[int, ...]
    priority: Any  # the total priority of those placed: an expression


@dataclass(frozen=True)
class Cell:
    """The offered slots of one platform on one local day, in time order."""

    platform: str
    day: date
    slots: tuple[int, ...]


class PlanModel(Frame):
    """Variables of one plan, and the views the constraint families share."""

    def __init__(self, problem: PlanProblem, *, explain: bool = False, group: bool = True) -> None:
        super().__init__(gated=explain)
        self.problem = problem
        self.group = group  # interchangeable items share counts (``ItemClass``)
        offered = [
            (slot, rules) for slot, rules in candidate_slots(problem) if explain or not rules
        ]
        self.slots: list[Slot] = [slot for slot, _ in offered]
        self.slot_rules: list[tuple[Rule, ...]] = [rules for _, rules in offered]
        self.cells: list[Cell] = _cells(self.slots)
        self.cell_of: dict[int, int] = {
            s: c for c, cell in enumerate(self.cells) for s in cell.slots
        }
        taken = {post.id for post in problem.pinned}
        if problem.skeleton:
            items = skeleton_items(problem, self.slots, taken)
        else:
            items = [item for item in problem.items if item.id not in taken]
        self.items: list[PlanItem] = items
        # Placements: item -> cell (the whole day) or item -> slot, and for
        # classes of interchangeable items, how many go to a cell.
        self.x_cell: dict[tuple[int, int], Any] = {}
        self.x_slot: dict[tuple[int, int], Any] = {}
        self.classes: list[ItemClass] = []
        self.class_of: dict[int, int] = {}
        self.n_cell: dict[tuple[int, int], Any] = {}
        self.item_slots: list[list[int]] = [[] for _ in items]  # every slot it may take
        self.slot_items: list[list[int]] = [[] for _ in self.slots]
        self._make_placements()
        self.occ: list[dict[str, Any]] = [self._pattern(s) for s in range(len(self.slots))]
        self.used: list[Any] = [sum_of(pillars.values()) for pillars in self.occ]
        self._balance()
        self.by_platform_day: dict[tuple[str, date], list[int]] = {
            (cell.platform, cell.day): list(cell.slots) for cell in self.cells
        }
        self.exact_of: dict[int, dict[int, Any]] = {}  # item -> slot -> literal

    # -- placements ------------------------------------------------------------

    def _make_placements(self) -> None:
        """Every item's options, then the variables: interchangeable items
        (same pillar, same whole days, same rules closing them) share one
        count per cell; the others get their own literals."""
        eligibility = Eligibility(self.problem)
        slot_bound = self._slot_bound_items()
        whole: dict[int, list[tuple[int, tuple[Rule, ...]]]] = defaultdict(list)
        partial: dict[int, list[tuple[int, tuple[Rule, ...]]]] = defaultdict(list)
        for i, item in enumerate(self.items):
            for c, cell in enumerate(self.cells):
                if not eligibility.allows_platform(item, cell.platform):
                    continue
                if not eligibility.allows_day(item, cell.day):
                    continue
                closing = [eligibility.closing(item, self.slots[s]) for s in cell.slots]
                options = [
                    (s, rules)
                    for s, rules in zip(cell.slots, closing, strict=True)
                    if NEVER not in rules and (self.gated or not rules)
                ]
                if not options:
                    continue
                if (
                    i not in slot_bound
                    and len(options) == len(cell.slots)
                    and all(rules == closing[0] for rules in closing)
                ):
                    whole[i].append((c, closing[0]))
                else:
                    partial[i].extend(options)
                for s, _ in options:
                    self.item_slots[i].append(s)
                    self.slot_items[s].append(i)
            self.item_slots[i].sort()
        grouped: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for i, cells in whole.items():
            # An evergreen repeat weighs by its own age (``evergreen.repeats_level``).
            if i not in partial and self.group and self.items[i].repeat_of is None:
                grouped[(self.items[i].pillar, tuple(cells))].append(i)
        for (pillar, cells), members in grouped.items():
            self._add_class(pillar, members, cells)
        for i in sorted(set(whole) | set(partial)):
            if i in self.class_of:
                continue
            lits = []
            for c, rules in whole.get(i, []):
                cell = self.cells[c]
                var = self.model.new_bool_var(f"x[{self.items[i].id}@{cell.platform}/{cell.day}]")
                self.x_cell[(i, c)] = var
                self._close(var, rules)
                lits.append(var)
            for s, rules in partial.get(i, []):
                var = self.model.new_bool_var(f"x[{self.items[i].id}@{_slot_name(self.slots[s])}]")
                self.x_slot[(i, s)] = var
                self._close(var, rules)
                lits.append(var)
            if len(lits) > 1:
                self.model.add_at_most_one(lits)

    def _add_class(
        self, pillar: str, members: list[int], cells: tuple[tuple[int, tuple[Rule, ...]], ...]
    ) -> None:
        """Items no rule tells apart: how many of them go to each cell. The
        priority of k placed is the sum of the k largest (the optimum places
        those), written with one ordered literal per rank."""
        members.sort(key=lambda i: (-self.items[i].priority, self.items[i].id))
        k = len(self.classes)
        label = self.items[members[0]].id
        counts = []
        for c, rules in cells:
            top = min(len(members), len(self.cells[c].slots))
            count = self.model.new_int_var(0, top, f"n[{label}+{len(members) - 1}@{c}]")
            self.n_cell[(k, c)] = count
            for rule in rules:
                self.model.add(count == 0).only_enforce_if(self.gate(rule))
            counts.append(count)
        total = sum_of(counts)
        priorities = [self.items[i].priority for i in members]
        if len(set(priorities)) == 1:
            self.model.add(total <= len(members))
            value = priorities[0] * total
        else:
            ranks = [self.model.new_bool_var(f"rank[{label},{r}]") for r in range(len(members))]
            for higher, lower in zip(ranks, ranks[1:], strict=False):
                self.model.add_implication(lower, higher)
            self.model.add(total == sum_of(ranks))
            value = cp_model.LinearExpr.weighted_sum(ranks, priorities)
        self.classes.append(ItemClass(pillar, tuple(members), tuple(c for c, _ in cells), value))
        for i in members:
            self.class_of[i] = k

    def _slot_bound_items(self) -> set[int]:
        """Items whose exact slot matters to a rule that binds several posts:
        placeholders, hot topics (their age counts in hours), and titles that
        the duplicate rule compares."""
        bound = {i for i, item in enumerate(self.items) if item.only is not None}
        if max_age(self.problem) is not None:
            bound |= {i for i, item in enumerate(self.items) if item.topic}
        if self.problem.enforced("duplicate"):
            keys: dict[str, list[int]] = defaultdict(list)
            for i, item in enumerate(self.items):
                keys[title_key(item.title)].append(i)
            pinned = {title_key(post.title) for post in self.problem.pinned}
            for key, members in keys.items():
                if len(members) > 1 or key in pinned:
                    bound.update(members)
        return bound

    def _close(self, var: Any, rules: Iterable[Rule]) -> None:
        for rule in rules:
            self.model.add_implication(self.gate(rule), var.Not())

    def placement_vars(self) -> Iterator[tuple[tuple[int, int], Any]]:
        """Every placement literal of single items, keyed (item, cell) or
        (item, slot); class counts are in ``n_cell``."""
        yield from self.x_cell.items()
        yield from self.x_slot.items()

    def decision_vars(self) -> Iterator[Any]:
        """What decides where items go: placements, class counts and ranks."""
        for _, var in self.placement_vars():
            yield var
        yield from self.n_cell.values()

    # -- the pattern -------------------------------------------------------------

    def _pattern(self, s: int) -> dict[str, Any]:
        pillars = sorted({self.items[i].pillar for i in self.slot_items[s]}, key=self._pillar_order)
        occ = {p: self.model.new_bool_var(f"occ[{_slot_name(self.slots[s])},{p}]") for p in pillars}
        if len(occ) > 1:
            self.model.add_at_most_one(occ.values())
        for rule in self.slot_rules[s]:
            for lit in occ.values():
                self.model.add_implication(self.gate(rule), lit.Not())
        return occ

    def _pillar_order(self, pillar: str) -> tuple[int, str]:
        pillars = self.problem.rules.pillars
        return (pillars.index(pillar) if pillar in pillars else len(pillars), pillar)

    def _balance(self) -> None:
        """Per cell and pillar, the items placed there are the pattern's posts;
        an item placed in a slot sits in the pattern at that slot."""
        by_slot: dict[tuple[int, str], list[Any]] = defaultdict(list)
        for (i, s), var in self.x_slot.items():
            by_slot[(s, self.items[i].pillar)].append(var)
        for (s, pillar), lits in by_slot.items():
            self.model.add(sum_of(lits) <= self.occ[s][pillar])
        by_cell: dict[tuple[int, str], list[Any]] = defaultdict(list)
        for (i, c), var in self.x_cell.items():
            by_cell[(c, self.items[i].pillar)].append(var)
        for (k, c), count in self.n_cell.items():
            by_cell[(c, self.classes[k].pillar)].append(count)
        for (s, pillar), lits in by_slot.items():
            by_cell[(self.cell_of[s], pillar)].extend(lits)
        for c, cell in enumerate(self.cells):
            pillars = {p for s in cell.slots for p in self.occ[s]}
            for pillar in pillars:
                pattern = [self.occ[s][pillar] for s in cell.slots if pillar in self.occ[s]]
                self.model.add(sum_of(by_cell.get((c, pillar), [])) == sum_of(pattern))

    def exact_for(self, items: Iterable[int]) -> None:
        """One literal per (item, slot) for these items, in ``exact``: true
        when the item takes that slot. The tie-break compares items by their
        exact slots, and needs them only for the items it is deciding, so they
        are made on demand (a 4-week model would need some 20,000 of them at
        once). Only for models without classes (``group=False``)."""
        made: set[tuple[int, str]] = set()
        for i in items:
            if i in self.exact_of:
                continue
            if i in self.class_of:
                raise ValueError("exact placements need a model built with group=False")
            pillar = self.items[i].pillar
            lits = {s: var for (j, s), var in self.x_slot.items() if j == i}
            for (j, c), var in self.x_cell.items():
                if j != i:
                    continue
                in_cell = []
                for s in self.cells[c].slots:
                    name = f"at[{self.items[i].id}@{_slot_name(self.slots[s])}]"
                    lits[s] = self.model.new_bool_var(name)
                    in_cell.append(lits[s])
                self.model.add(sum_of(in_cell) == var)
            self.exact_of[i] = dict(sorted(lits.items()))
            made.update((s, pillar) for s in lits)
        # One post per slot: the items placed exactly there, and those that can
        # only take that slot, fit the pattern (the rest fill their cells).
        for s, pillar in sorted(made):
            here = [
                self.exact_of[i][s] if i in self.exact_of else self.x_slot[(i, s)]
                for i in self.slot_items[s]
                if self.items[i].pillar == pillar
                and (i in self.exact_of and s in self.exact_of[i] or (i, s) in self.x_slot)
            ]
            self.model.add(sum_of(here) <= self.occ[s][pillar])

    # -- views ---------------------------------------------------------------------

    def pattern_in(self, slots: Iterable[int], pillar: str | None = None) -> list[Any]:
        """The pattern literals of these slots (of one pillar)."""
        return [
            lit for s in slots for p, lit in self.occ[s].items() if pillar is None or p == pillar
        ]

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
            for i in self.slot_items[s]
            if pillar is None or self.items[i].pillar == pillar
        }
        return len(items)


def _cells(slots: Sequence[Slot]) -> list[Cell]:
    grouped: dict[tuple[str, date], list[int]] = defaultdict(list)
    for s, slot in enumerate(slots):
        grouped[(slot.platform, slot.day)].append(s)
    return [Cell(platform, day, tuple(indices)) for (platform, day), indices in grouped.items()]


def _slot_name(slot: Slot) -> str:
    return f"{slot.platform}@{slot.local:%Y-%m-%dT%H:%M}"
