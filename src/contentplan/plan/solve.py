"""Solving a plan: the levels of docs/plan.md one after another, each fixed at its
proven optimum before the next, then the tie-break that makes the answer
unique, so that the output does not depend on threads, seeds or machines.

- Plans of several weeks first get a schedule planned week by week
  (``seed``), whatever their size, so that the time limit is never spent on
  the bound alone; the whole model starts from it, and when the time limit
  stops the priority level early, two weeks at a time improve what it found
  before the whole model takes over again. The best schedule of any phase is
  kept: a later phase never returns a worse one.
- The levels run on the model with classes of interchangeable items
  (``build``); spread and earliness are one solve where that stays exact and
  small (``objective.levels``).
- The tie-break runs on a model of its own, built without classes, each level
  held at its optimum, starting from the levels' schedule with its order
  improved (``lexhint``); (item, slot) literals are made only for the items
  being decided.

Parameters: one worker with ``linearization_level=2`` by default. On the
2-core machines we run on, the default portfolio with 2 workers does not run
the LP-heavy subsolver and fails to prove optimality of a 54-item week in
40 s; one worker at linearization level 2 proves it in about a second, and a
single worker is deterministic (``../shared/SOLVER-NOTES.md``, and
``bench/plan_bench.py`` to measure again).

Time is counted on a ``lex.Clock``: the wall clock, or for tests that must not
depend on the machine's load, CP-SAT's deterministic time
(``SolverSettings.deterministic``). The tie-break has a budget of its own in
deterministic time (``lex.tie_break_budget``), so whether it finishes does not
depend on the machine either.

The run itself (hints, time limits, the tie-break's chunks, the helper
thread that lets Ctrl-C through) is ``lex.Lexicographic``, which `fix`
shares; this module adds the plan's phases.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from contentplan.core.clock import week_name
from contentplan.plan.bound import BoundSearch, second_core_free
from contentplan.plan.build import PlanModel
from contentplan.plan.constraints import add_all
from contentplan.plan.cpsat import cp_model
from contentplan.plan.explain import explain
from contentplan.plan.frame import Level, tie_break_chunks
from contentplan.plan.lex import Clock as _Clock
from contentplan.plan.lex import (
    Lexicographic,
    Progress,
    run_interruptibly,
    tie_break_budget,
)
from contentplan.plan.lex import (
    SolverSettings as SolverSettings,
)
from contentplan.plan.lexhint import lex_improve
from contentplan.plan.objective import (
    levels,
    priority,
    spread_hint,
    tie_break_order,
    tie_break_value,
)
from contentplan.plan.problem import (
    LevelOutcome,
    Phase,
    Placement,
    PlanProblem,
    PlanResult,
    Status,
)
from contentplan.plan.seed import improve, polish, seed_schedule
from contentplan.plan.series import settle_series

# The tie-break's solves are many and each is easy once presolved; a lighter
# presolve pays (bench (a): 0.80 s without these, see bench/plan_bench.py).
_TIE_BREAK_PARAMETERS: dict[str, Any] = {
    "cp_model_probing_level": 0,
    "max_presolve_iterations": 1,
    "symmetry_level": 0,
}

# Spread and earliness solved as one (``Level.split``) over several weeks:
# proving the bound is the hard part, and a lighter presolve with CP-SAT's
# search on the objective's lower bound proves it sooner. Bench (a4), that
# solve: 1.36 deterministic seconds without these, 0.86 with them. Not on one
# week, where that solve is short either way and the optimum it lands on
# made the tie-break slower (bench (a): 0.28 against 0.40).
_SPREAD_PARAMETERS: dict[str, Any] = {
    "max_presolve_iterations": 1,
    "use_objective_lb_search": True,
}

# One-week models with more variables than this start from any schedule
# (``_Lexicographic._first_schedule``), and their partial hints are completed
# before a level's solve. Plans of several weeks always start from the
# week-by-week schedule, whatever their size.
_LARGE = 10_000

# Shares of the time left: the week-by-week start; the whole model's first
# try at the priority level; if that does not prove it, the weeks improved
# two at a time and polished for spread, before the whole model goes on.
_START_SHARE = 0.2
_FIRST_TRY_SHARE = 0.1
_IMPROVE_SHARE = 0.3

def solve_plan(
    problem: PlanProblem,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
) -> PlanResult:
    """The best schedule for ``problem``, or the rules in conflict."""
    settings = settings or SolverSettings()
    started = time.monotonic()
    fixed = settle_series(problem)  # series instances first, then pinned (``plan.series``)
    if fixed.conflicts:
        return PlanResult("infeasible", conflicts=fixed.conflicts)
    problem = fixed.rest
    clock = _Clock(settings.deterministic)
    deadline = clock.now() + settings.time_limit
    pm = PlanModel(problem)
    add_all(pm)
    run = _Lexicographic(pm, settings, deadline, progress, clock)
    run.phases = []
    result = run.solve()
    if result.status == "infeasible":
        conflicts = explain(problem, settings, started + settings.time_limit)
        result = PlanResult("infeasible", conflicts=tuple(conflicts))
    placements = result.placements
    if fixed.placements and result.status in ("optimal", "feasible"):
        placements = tuple(
            sorted((*fixed.placements, *placements), key=lambda p: (p.slot.order, p.item.id))
        )
    return PlanResult(
        result.status,
        placements,
        result.levels,
        result.conflicts,
        time.monotonic() - started,
        result.notes,
        tuple(run.phases),
    )


class _Lexicographic(Lexicographic):
    """The plan's levels (``objective.levels``) over a ``PlanModel``."""

    blank_labels = ("tie-break",)

    def __init__(
        self,
        pm: PlanModel,
        settings: SolverSettings,
        deadline: float,
        progress: Progress | None,
        clock: _Clock,
    ) -> None:
        super().__init__(pm, settings, deadline, progress, clock)
        self.pm = pm
        self.optima: list[int] = []  # each proven level's minimised value, in order
        self.phases: list[Phase] | None = None  # recorded by the top run only
        self._bounds: dict[str, int] = {}  # level -> the best bound proven on it
        self._large = len(pm.model.proto.variables) > _LARGE
        self._bound_search: BoundSearch | None = None  # the priority's bound, on the second core

    def _phase(
        self, name: str, started: float, value: float, bound: float, note: str = "", unit: int = 0
    ) -> None:
        if self.phases is not None:
            work = self.clock.work - sum(phase.work for phase in self.phases)
            seconds = time.monotonic() - started
            self.phases.append(Phase(name, seconds, value, bound, note, work, unit))

    def solve(self) -> PlanResult:
        self._start_bound_search()
        try:
            # A first schedule, before the levels add their variables.
            if not self._seed() and self._large:
                self._first_schedule()
            for level in levels(self.pm):
                status = self._optimise(level)
                self._stop_bound_search()
                if status != "optimal":
                    return self._result(status)
        finally:
            self._stop_bound_search()
        return self._tie_break_all()

    def _start_bound_search(self) -> None:
        """Plans of several weeks prove a bound on the total priority on the
        second core, from the start (``bound``), where one is free."""
        problem = self.pm.problem
        if (
            len(problem.weeks) < 2
            or problem.skeleton
            or problem.engagement_first
            or not second_core_free(self.settings)
        ):
            return
        self._bound_search = BoundSearch(
            self.pm.model, -priority(self.pm), self.settings, self._left()
        )

    def _stop_bound_search(self) -> None:
        if self._bound_search is not None:
            self._bound_search.stop()

    def _tie_break_all(self) -> PlanResult:
        """The tie-break (docs/plan.md, step 5) on a model of its own: built again without classes
        (the tie-break tells every item apart), each level held at its
        optimum, and started from the schedule found so far. It stops at the
        time limit or at its budget (``lex.tie_break_budget``), whichever comes
        first, with the schedule optimal for every level all the same."""
        started = time.monotonic()
        where = self._assignment()
        tie = _Lexicographic(
            PlanModel(self.pm.problem, group=False),
            self.settings,
            self.deadline,
            self.progress,
            self.clock,
        )
        tie.budget = self.clock.work + tie_break_budget(self.settings)
        add_all(tie.pm)
        for level, optimum in zip(levels(tie.pm), self.optima, strict=True):
            for held in level.held(optimum):
                tie.pm.model.add(held)
        closer = lex_improve(tie.pm.items, tie.pm.item_slots, tie_break_order(tie.pm), where)
        for start in (closer, where) if closer != where else (where,):
            tie.solution = tie._completed(tie._values(start), tie._left())
            if tie.solution is not None:
                break
        if tie.solution is None:  # the time limit; the schedule is optimal all the same
            self._cut_short(started, tie, 0)
            return self._result("feasible")
        solves = 0
        for chunk in tie._tie_break_chunks():
            status, solved = tie._tie_break(chunk)
            solves += solved
            if status != "optimal":
                self._cut_short(started, tie, solves)
                return tie._result(status, self.outcomes)
        seconds = time.monotonic() - started
        self.outcomes.append(LevelOutcome("tie-break", solves, solves, True, seconds))
        self._phase("tie-break", started, math.nan, math.nan, f"done in {solves} solves")
        return tie._result("optimal", self.outcomes)

    def _cut_short(self, started: float, tie: _Lexicographic, solves: int) -> None:
        seconds = time.monotonic() - started
        budget = tie.budget is not None and self.clock.work >= tie.budget * 0.99
        self.outcomes.append(LevelOutcome("tie-break", 0, 0, False, seconds, budget=budget))
        why = "its budget" if budget else "the time limit"
        note = f"stopped by {why} after {solves} solves"
        self._phase("tie-break", started, math.nan, math.nan, note)

    def _values(self, where: dict[int, int]) -> dict[int, int]:
        """What the placements ``where`` (item -> slot) make of this model's
        placement and pattern literals (a model without classes)."""
        pm = self.pm
        values = {var.index: 0 for _, var in pm.placement_vars()}
        values.update({lit.index: 0 for pillars in pm.occ for lit in pillars.values()})
        for i, s in where.items():
            c = pm.cell_of[s]
            var = pm.x_slot[(i, s)] if (i, s) in pm.x_slot else pm.x_cell[(i, c)]
            values[var.index] = 1
            values[pm.occ[s][pm.items[i].pillar].index] = 1
        return values

    def _seed(self) -> bool:
        """Plan the weeks one by one (``seed``) and make that the hint."""
        problem = self.pm.problem
        if len(problem.weeks) < 2 or problem.skeleton:
            return False
        started = time.monotonic()
        now = self.clock.now
        placements, weeks = seed_schedule(
            problem, self._plan_week, now() + self._left() * _START_SHARE, now
        )
        done = bool(weeks) and self._complete(
            placements, problem.weeks[weeks - 1] + timedelta(days=7)
        )
        total = sum(p.item.priority for p in placements) if done else math.nan
        self._phase("first schedule", started, total, self._most(), f"{weeks} weeks one by one")
        return done

    def _improve(self) -> bool:
        """The priority level was not proven in its first try: improve the
        schedule found two weeks at a time, each week's spread polished,
        and make it the current solution if its total priority is higher."""
        problem = self.pm.problem
        if len(problem.weeks) < 2 or problem.skeleton or self.solution is None:
            return False
        started = time.monotonic()
        now = self.clock.now
        end = now() + self._left() * _IMPROVE_SHARE
        placements = list(self._result("feasible").placements)
        before = sum(p.item.priority for p in placements)
        better = improve(problem, placements, self._plan_week, end, self._most(), now=now)
        total = sum(p.item.priority for p in better)
        if total > before:
            better = polish(problem, better, self._polish_week, end, now=now)
        kept = total > before and self._complete(better, problem.weeks[-1] + timedelta(days=7))
        self._phase("weeks improved", started, total if kept else before, self._most())
        return kept

    def _plan_week(self, week: PlanProblem, seconds: float) -> list[Placement] | None:
        """The week's largest total priority, as far as ``seconds`` allow."""
        self._tell("first plan, week by week", week)
        pm = PlanModel(week)
        add_all(pm)
        run = _Lexicographic(pm, self.settings, self.clock.now() + seconds, None, self.clock)
        run._optimise(Level("priority", -priority(pm), sign=-1))
        if run.solution is None:
            return None
        return list(run._result("feasible").placements)

    def _polish_week(self, week: PlanProblem, seconds: float) -> list[Placement] | None:
        """The week's items placed best by every level but the tie-break."""
        self._tell("first plan, spreading pillars evenly", week)
        pm = PlanModel(week)
        add_all(pm)
        run = _Lexicographic(pm, self.settings, self.clock.now() + seconds, None, self.clock)
        for level in levels(pm):
            if run._optimise(level) != "optimal":
                break
        if run.solution is None:
            return None
        return list(run._result("feasible").placements)

    def _tell(self, what: str, part: PlanProblem) -> None:
        if self.progress is not None:
            weeks = week_name(part.weeks[0])
            if len(part.weeks) > 1:
                weeks += f" to {week_name(part.weeks[-1])}"
            self.progress(f"{what} ({weeks})", math.nan, math.nan)

    def _complete(self, placements: list[Placement], until: date) -> bool:
        """Make ``placements``, a plan of the days before ``until``, the
        current solution of the whole model: fix what they decide in a copy of
        it and let the solver work out the rest (the later days, counts, band
        sizes). False when the copy has no solution in time."""
        pm = self.pm
        slot_of = {(slot.platform, slot.local): s for s, slot in enumerate(pm.slots)}
        item_of = {(item.id, item.pillar): i for i, item in enumerate(pm.items)}
        values: dict[int, int] = {}
        for (_, s), var in pm.x_slot.items():
            if pm.slots[s].day < until:
                values[var.index] = 0
        for key, var in [*pm.x_cell.items(), *pm.n_cell.items()]:
            if pm.cells[key[1]].day < until:
                values[var.index] = 0
        for slot, pillars in zip(pm.slots, pm.occ, strict=True):
            if slot.day < until:
                values.update({lit.index: 0 for lit in pillars.values()})
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for placement in placements:
            found = slot_of.get((placement.slot.platform, placement.slot.local))
            i = item_of.get((placement.item.id, placement.item.pillar))
            if found is None or i is None or placement.item.pillar not in pm.occ[found]:
                return False
            s, c = found, pm.cell_of[found]
            if (i, s) in pm.x_slot:
                values[pm.x_slot[(i, s)].index] = 1
            elif (i, c) in pm.x_cell:
                values[pm.x_cell[(i, c)].index] = 1
            elif (pm.class_of.get(i), c) in pm.n_cell:
                counts[(pm.class_of[i], c)] += 1
            else:
                return False
            values[pm.occ[s][placement.item.pillar].index] = 1
        for key, count in counts.items():
            values[pm.n_cell[key].index] = count
        completed = self._completed(values, self._left() / 4)
        if completed is None:
            return False
        self.solution = completed
        return True

    def _completed(
        self, values: dict[int, int], seconds: float, objective: bool = False
    ) -> list[int] | None:
        """A whole solution that keeps ``values`` (variable index -> value),
        found by the solver in a copy of the model where they are fixed: the
        rest follows from them by propagation, or by a short search. With
        ``objective``, the rest is what the model's objective likes best
        (spread's penalties are only bounded from below: left free, they
        may all be 1)."""
        model = self.pm.model.clone()
        if not objective:
            model.clear_objective()  # type: ignore[no-untyped-call]
        model.clear_hints()  # type: ignore[no-untyped-call]
        for index, value in values.items():
            model.add(model.get_int_var_from_proto_index(index) == value)
        solver = cp_model.CpSolver()
        self._limit(solver, seconds)
        solver.parameters.num_workers = 1
        solver.parameters.catch_sigint_signal = False
        status = run_interruptibly(solver, model)
        self.clock.ran(solver)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return list(solver.response_proto.solution)

    def _first_schedule(self) -> None:
        """Large models: any schedule first, without an objective and without
        the heavy LP, as a hint. With the priority objective the LP-driven
        search may spend the whole limit on the bound before it finds one."""
        model = self.pm.model
        model.clear_objective()  # type: ignore[no-untyped-call]
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = self.settings.workers
        self._limit(solver, self._left() / 3)
        solver.parameters.catch_sigint_signal = False
        status = run_interruptibly(solver, model)
        self.clock.ran(solver)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.solution = list(solver.response_proto.solution)

    # -- one level ---------------------------------------------------------

    def _optimise(self, level: Level) -> Status:
        """Solve one level and fix it at its optimum. The priority level of a
        plan of several weeks first gets a share of the time; if that does
        not prove it, the weeks are improved two at a time (``_improve``) and
        the whole model goes on from the better schedule."""
        started = time.monotonic()
        if level.name == "priority" and self._places_all():
            # Nothing is left that could be placed: no schedule does better.
            value = self._ceiling()
            self.outcomes.append(LevelOutcome(level.name, value, value, True, 0.0))
            self.pm.model.add(level.expr <= -value)
            self.optima.append(-value)
            self._phase(level.name, started, value, value, "every item that has a slot is placed")
            return "optimal"
        first_try = (
            level.name == "priority"
            and len(self.pm.problem.weeks) > 1
            and not self.pm.problem.skeleton
            and self.solution is not None
        )
        until = self.clock.now() + self._left() * _FIRST_TRY_SHARE if first_try else None
        status = self._solve_level(level, started, until)
        if status == "feasible" and until is not None and self._left() > 0:
            self.outcomes.pop()
            if self.phases:
                self.phases[-1] = replace(self.phases[-1], name="priority, first try")
            self._improve()
            status = self._solve_level(level, time.monotonic(), None)
        return status

    def _solve_level(self, level: Level, started: float, until: float | None) -> Status:
        """One solve of ``level`` until ``until`` (else the deadline), from
        the current solution; keeps that solution when the solver's best is
        not better (the best schedule of any phase is kept)."""
        model = self.pm.model
        model.minimize(level.expr)
        before = self._objective_of(self.solution)
        hint = None
        if level.unit and self.solution is not None:
            hint = spread_hint(self.pm, self.solution)
        if self.solution is not None and (self._large or hint is not None):
            # A partial hint leaves the solver a search of its own, which may
            # not end in time (large models) or find nothing before the
            # search proper (bench (a4): 0.5 s): complete it first.
            given = hint or dict(enumerate(self.solution))
            completed = self._completed(given, self._left() / 4, objective=hint is not None)
            if completed is None and hint is not None:
                completed = self._completed(dict(enumerate(self.solution)), self._left() / 4)
            if completed is not None:
                self.solution, hint = completed, None
        left = self._left() if until is None else until - self.clock.now()
        status, solver = self._run(level.name, hint, level.sign, level.split, left)
        seconds = time.monotonic() - started
        if status == cp_model.INFEASIBLE:
            return "infeasible"
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if not found and (self.solution is None or before is None):
            if self.solution is None:
                return "unknown"
            self.outcomes.append(LevelOutcome(level.name, 0, 0, False, seconds))
            self._phase(level.name, started, math.nan, math.nan, "no schedule")
            return "feasible"
        proven = status == cp_model.OPTIMAL
        bound = self._bound(level, solver, found)
        if found and (before is None or proven or round(solver.objective_value) <= before):
            value = round(solver.objective_value)
            self.solution = list(solver.response_proto.solution)
        else:
            assert before is not None
            value = before  # the start is better than what the search found
        proven = proven or bound >= value  # the bound search met the schedule
        self._record(level, value, bound, proven, seconds)
        note = "proven" if proven else "stopped by the time limit"
        shown, most = level.sign * value, level.sign * bound
        if level.split:
            shown, early = divmod(value, level.split)
            most = bound // level.split
            note = f"earliness {early}, {note}"
        name = "spread and earliness" if level.split else level.name
        self._phase(name, started, shown, most, note, level.unit)
        if not proven:
            return "feasible"
        for held in level.held(value):
            model.add(held)
        self.optima.append(value)
        return "optimal"

    def _bound(self, level: Level, solver: cp_model.CpSolver, solved: bool) -> int:
        """The best bound on the level that any of its solves proved."""
        found = solver.best_objective_bound if solved else math.nan
        bound = round(found) if math.isfinite(found) else None
        known = self._bounds.get(level.name)
        if bound is None or (known is not None and known > bound):
            bound = known
        if level.name == "priority":
            # no schedule places more than every item that has a slot
            bounds = [-self._ceiling(), bound]
            if self._bound_search is not None:
                bounds.append(self._bound_search.bound)
            bound = max(b for b in bounds if b is not None)
        elif bound is None:  # no solve has a bound yet: the level's own limit
            bound = 0
        self._bounds[level.name] = bound
        return bound

    def _objective_of(self, solution: list[int] | None) -> int | None:
        """The value of the model's objective (as set last) in ``solution``."""
        if solution is None:
            return None
        objective = self.pm.model.proto.objective
        if any(var >= len(solution) for var in objective.vars):
            return None
        total = sum(c * solution[v] for v, c in zip(objective.vars, objective.coeffs, strict=True))
        return int(round(total + objective.offset))

    def _record(self, level: Level, value: int, bound: int, proven: bool, seconds: float) -> None:
        """The level's outcome as the user reads it; spread and earliness
        solved as one are told apart again."""
        if not level.split:
            self.outcomes.append(
                LevelOutcome(
                    level.name, level.sign * value, level.sign * bound, proven, seconds, level.unit
                )
            )
            return
        spread, early = divmod(value, level.split)
        self.outcomes.append(
            LevelOutcome("spread", spread, bound // level.split, proven, seconds, level.unit)
        )
        self.outcomes.append(LevelOutcome("earliness", early, early if proven else 0, proven))

    def _ceiling(self) -> int:
        """The total priority of every item that has a slot: no schedule
        places more."""
        pm = self.pm
        return sum(pm.items[i].priority for i, slots in enumerate(pm.item_slots) if slots)

    def _most(self) -> int:
        """The largest total priority any schedule may reach, as far as is
        known: every item that has a slot, or less where the bound search
        proved less."""
        most = self._ceiling()
        proved = None if self._bound_search is None else self._bound_search.bound
        return most if proved is None else min(most, -proved)

    def _places_all(self) -> bool:
        """Whether the current solution places every item that has a slot."""
        pm, solution = self.pm, self.solution
        if solution is None:
            return False
        placed = {i for (i, _), var in pm.placement_vars() if solution[var.index]}
        for k, group in enumerate(pm.classes):
            if sum(solution[pm.n_cell[(k, c)].index] for c in group.cells) < len(group.members):
                return False
        # Evergreen repeats carry no priority: the next level places them.
        singles = [
            i
            for i, slots in enumerate(pm.item_slots)
            if slots and i not in pm.class_of and pm.items[i].repeat_of is None
        ]
        return all(i in placed for i in singles)

    # -- the tie-break -------------------------------------------------------

    def _tie_break_chunks(self) -> list[list[int]]:
        pm = self.pm
        return tie_break_chunks(tie_break_order(pm), lambda i: len(pm.item_slots[i]) + 1)

    def _tie_break(self, chunk: list[int]) -> tuple[Status, int]:
        """Fix the chunk's items at their lexicographic least; returns the
        status and how many solves it took (0 or 1)."""
        pm = self.pm
        assert self.solution is not None
        where = self._assignment()
        pm.exact_for(chunk)
        self._extend(where)
        solved = 0
        if any(self._value(i, where) for i in chunk):
            solved = 1
            values = [tie_break_value(pm, i) for i in chunk]
            status = self._least([(expr, size + 1) for expr, size in values])
            if status != cp_model.OPTIMAL:
                return "feasible", solved
        for i in chunk:
            for var in pm.exact_of[i].values():
                pm.model.add(var == self.solution[var.index])
        return "optimal", solved

    def _value(self, i: int, where: dict[int, int]) -> int:
        """The item's tie-break value in the current solution (0 is the least)."""
        slots = self.pm.item_slots[i]
        return slots.index(where[i]) if i in where else len(slots)

    def _extend(self, where: dict[int, int]) -> None:
        """Give the literals made since the last solve the values of the
        placements ``where``, so that the solution stays a complete hint."""
        assert self.solution is not None
        values = list(self.solution)
        values += [0] * (len(self.pm.model.proto.variables) - len(values))
        for i, lits in self.pm.exact_of.items():
            for s, var in lits.items():
                if var.index >= len(self.solution):
                    values[var.index] = int(where.get(i) == s)
        self.solution = values

    def _assignment(self) -> dict[int, int]:
        """item -> slot in the current solution. Items with exact literals
        are where those say; items placed in a cell take the cell's free slots
        of their pillar in id order (what the tie-break makes of them)."""
        pm = self.pm
        solution = self.solution
        assert solution is not None
        where = {
            i: s
            for i, lits in pm.exact_of.items()
            for s, var in lits.items()
            if var.index < len(solution) and solution[var.index]
        }
        where.update(
            (i, s)
            for (i, s), var in pm.x_slot.items()
            if i not in pm.exact_of and solution[var.index]
        )
        taken = set(where.values())
        placed: dict[tuple[int, str], list[int]] = defaultdict(list)
        for (i, c), var in pm.x_cell.items():
            if solution[var.index] and i not in pm.exact_of:
                placed[(c, pm.items[i].pillar)].append(i)
        for k, group in enumerate(pm.classes):
            # Those counted: the first members (priority, then id); the smaller
            # ids take the earlier days.
            counts = [(c, solution[pm.n_cell[(k, c)].index]) for c in group.cells]
            chosen = sorted(
                group.members[: sum(n for _, n in counts)], key=lambda i: pm.items[i].id
            )
            days = sorted(counts, key=lambda pair: pm.slots[pm.cells[pair[0]].slots[0]].order)
            queue = iter(chosen)
            for c, n in days:
                placed[(c, group.pillar)].extend(next(queue) for _ in range(n))
        for (c, pillar), members in placed.items():
            free = [
                s
                for s in pm.cells[c].slots
                if s not in taken and pillar in pm.occ[s] and solution[pm.occ[s][pillar].index]
            ]
            members.sort(key=lambda i: pm.items[i].id)
            where.update(zip(members, free, strict=False))
        return where

    # -- running the solver ------------------------------------------------------

    def _parameters(self, label: str, split: int) -> Mapping[str, Any]:
        if label == "tie-break":
            return _TIE_BREAK_PARAMETERS
        if split and len(self.pm.problem.weeks) > 1:
            return _SPREAD_PARAMETERS
        return {}

    def _result(self, status: Status, outcomes: list[LevelOutcome] | None = None) -> PlanResult:
        placements: list[Placement] = []
        if self.solution is not None and status in ("optimal", "feasible"):
            for i, s in self._assignment().items():
                placements.append(Placement(self.pm.items[i], self.pm.slots[s]))
        placements.sort(key=lambda p: (p.slot.order, p.item.id))
        return PlanResult(status, tuple(placements), tuple(outcomes or self.outcomes))
