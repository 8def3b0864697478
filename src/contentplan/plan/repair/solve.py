"""Solving a repair: the levels of the objective one after another, each
fixed at its proven optimum before the next.

1. ``left``: violations left as they are, as few as possible (zero when
   moves can make the calendar pass);
2. ``moves``: moved posts, as few as possible;
3. ``shift``: the total shift in minutes, |new time - old time|, as small
   as possible;
4. the tie-break: posts in id order, each compared by its option (staying
   first, then its slots in (date, time) order); the smallest such
   assignment wins. It makes the optimum unique, so the answer is the same
   on any thread count.

Solver parameters, the helper thread that lets Ctrl-C through, and progress
reports are the planner's (``plan.lex``), with one change: CP-SAT's
presolve is off. OR-Tools 9.15's presolve (its inclusion detection) can
certify a wrong optimum (google/or-tools#5293): on a 97-post calendar with
--across-weeks it proved 6 moves optimal where 5 do. Without presolve the
answer is right, and on these models it is also faster (bench/fix_bench.py).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from contentplan.core.model import Post
from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import Level, tie_break_chunks
from contentplan.plan.lex import Clock, Lexicographic, Progress, SolverSettings
from contentplan.plan.problem import LevelOutcome, Slot, Status
from contentplan.plan.repair.model import RepairModel, Waiver
from contentplan.plan.repair.problem import RepairProblem, repair_problem

# See the module's docstring: presolve may prove a wrong optimum (or-tools#5293).
PARAMETERS: dict[str, object] = {"cp_model_presolve": False}


@dataclass(frozen=True, slots=True)
class Move:
    """One post to a new time."""

    post: Post
    to: Slot

    @property
    def minutes(self) -> int:
        return int((self.to.instant - self.post.instant).total_seconds()) // 60


@dataclass(frozen=True)
class RepairResult:
    status: Status  # optimal | feasible (time limit) | unknown (nothing found in time)
    moves: tuple[Move, ...] = ()
    left: tuple[Waiver, ...] = ()  # violations the answer leaves
    levels: tuple[LevelOutcome, ...] = ()
    wall_time: float = 0.0
    notes: tuple[str, ...] = field(default=())

    @property
    def proven(self) -> bool:
        return self.status == "optimal"


def solve_repair(
    problem: RepairProblem,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
) -> RepairResult:
    """The best repair of ``problem``: each independent part (``parts``)
    solved on its own, the answers put together."""
    from contentplan.plan.repair.parts import split

    settings = settings or SolverSettings()
    settings = replace(settings, extra={**PARAMETERS, **settings.extra})
    started = time.monotonic()
    if not problem.movable:
        return RepairResult("optimal", wall_time=time.monotonic() - started)
    deadline = started + settings.time_limit
    start: dict[str, datetime] = {}
    if problem.across_weeks:
        # The repair within the weeks is a repair across them too (weekly
        # counts stay as they are): the search across weeks starts from it.
        within = solve_repair(
            repair_problem(problem.brand, across_weeks=False),
            replace(settings, time_limit=settings.time_limit / 2),
            progress,
        )
        start = {move.post.id: move.to.instant for move in within.moves}
    results = [_solve_part(part, settings, deadline, progress, start) for part in split(problem)]
    return _together(results, time.monotonic() - started)


def _solve_part(
    part: RepairProblem,
    settings: SolverSettings,
    deadline: float,
    progress: Progress | None,
    start: Mapping[str, datetime],
) -> RepairResult:
    rm = RepairModel(part)
    run = _Levels(rm, settings, deadline, progress, start)
    status = run.solve()
    return run.result(status, 0.0)


def _together(results: list[RepairResult], seconds: float) -> RepairResult:
    """One answer from the parts' answers: moves and violations left side by
    side, each level's value and bound summed, the weakest status."""
    order: list[Status] = ["optimal", "feasible", "unknown"]
    status = max((r.status for r in results), key=order.index)
    if status == "unknown":
        return RepairResult("unknown", wall_time=seconds)
    moves = sorted(
        (move for r in results for move in r.moves), key=lambda m: (m.post.instant, m.post.id)
    )
    left = sorted(
        {w for r in results for w in r.left},
        key=lambda w: (w.check, w.posts, w.window or "", w.bound),
    )
    levels: list[LevelOutcome] = []
    for name in ("left", "moves", "shift", "tie-break"):
        found = [level for r in results for level in r.levels if level.name == name]
        if found:
            levels.append(
                LevelOutcome(
                    name,
                    sum(level.value for level in found),
                    sum(level.bound for level in found),
                    all(level.proven for level in found) and len(found) == len(results),
                    sum(level.seconds for level in found),
                )
            )
    return RepairResult(status, tuple(moves), tuple(left), tuple(levels), seconds)


class _Levels(Lexicographic):
    """The repair's levels over a ``RepairModel``, on the wall clock."""

    def __init__(
        self,
        rm: RepairModel,
        settings: SolverSettings,
        deadline: float,
        progress: Progress | None,
        start: Mapping[str, datetime] | None = None,
    ) -> None:
        super().__init__(rm, settings, deadline, progress, Clock(deterministic=False))
        self.rm = rm
        self.start = start or {}

    def solve(self) -> Status:
        rm = self.rm
        if not self._start():
            return "unknown"
        for level in (
            Level("left", rm.left_expr()),
            Level("moves", rm.moves_expr()),
            Level("shift", rm.shift_expr()),
        ):
            status = self._optimise(level)
            if status != "optimal":
                return status
        started, solves = time.monotonic(), 0
        for chunk in self._chunks():
            status, solved = self._tie_break(chunk)
            solves += solved
            if status != "optimal":
                return status
        seconds = time.monotonic() - started
        self.outcomes.append(LevelOutcome("tie-break", solves, solves, True, seconds))
        return "optimal"

    def _optimise(self, level: Level) -> Status:
        model = self.rm.model
        if isinstance(level.expr, int):
            self.outcomes.append(LevelOutcome(level.name, level.expr, level.expr, True))
            return "optimal"
        model.minimize(level.expr)
        started = time.monotonic()
        status, solver = self._run(level.name)
        seconds = time.monotonic() - started
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if self.solution is None:
                return "unknown"
            self.outcomes.append(LevelOutcome(level.name, 0, 0, False, seconds))
            return "feasible"
        value = round(solver.objective_value)
        bound = round(solver.best_objective_bound)
        self.solution = list(solver.response_proto.solution)
        proven = status == cp_model.OPTIMAL
        self.outcomes.append(LevelOutcome(level.name, value, bound, proven, seconds))
        if not proven:
            return "feasible"
        model.add(level.expr <= value)
        return "optimal"

    def _start(self) -> bool:
        """A complete first solution: the given start (moves from an earlier
        repair), else nobody moves and every violation is left, which is
        always a solution. Solving for it once gives every helper variable a
        value, so that each level starts from a full hint."""
        for chosen in (self._chosen(self.start), self._chosen({})):
            status, solver = self._assume(chosen)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self.solution = list(solver.response_proto.solution)
                return True
            if status != cp_model.INFEASIBLE:
                return False  # out of time
        return False

    def _chosen(self, start: Mapping[str, datetime]) -> list[Any]:
        """One literal per post: its option at ``start``, else staying."""
        chosen: list[Any] = []
        for candidate, row in zip(self.rm.candidates, self.rm.lits, strict=True):
            want = start.get(candidate.post.id)
            lit = row[0]
            for option, option_lit in zip(candidate.options, row, strict=True):
                if want is not None and option_lit is not None and option.slot.instant == want:
                    lit = option_lit
            if lit is not None:
                chosen.append(lit)
        return chosen

    def _assume(self, chosen: list[Any]) -> tuple[Any, cp_model.CpSolver]:
        model = self.rm.model
        model.clear_assumptions()
        model.add_assumptions(chosen)
        model.clear_objective()  # type: ignore[no-untyped-call]
        try:
            return self._run("start")
        finally:
            model.clear_assumptions()

    # -- the tie-break ------------------------------------------------------------

    def _chunks(self) -> list[list[int]]:
        candidates = self.rm.candidates
        order = sorted(range(len(candidates)), key=lambda c: candidates[c].post.id)
        order = [c for c in order if len(candidates[c].options) >= 2]
        return tie_break_chunks(order, lambda c: len(candidates[c].options))

    def _tie_break(self, chunk: list[int]) -> tuple[Status, int]:
        """Fix the chunk's posts at their lexicographic least. A chunk where
        every post stays is at its least already (staying is value 0)."""
        rm = self.rm
        solved = 0
        if any(self._choice(c) for c in chunk):
            solved = 1
            status = self._least([(rm.rank_expr(c), len(rm.candidates[c].options)) for c in chunk])
            if status != cp_model.OPTIMAL:
                self.outcomes.append(LevelOutcome("tie-break", 0, 0, proven=False))
                return ("feasible" if self.solution is not None else "unknown"), solved
        assert self.solution is not None
        for c in chunk:
            for lit in rm.lits[c]:
                if lit is not None:
                    _fix(rm.model, lit, self.solution[lit.index])
        return "optimal", solved

    def _choice(self, c: int) -> int:
        """The option candidate c takes in the current solution."""
        assert self.solution is not None
        for k, lit in enumerate(self.rm.lits[c]):
            if lit is not None and self.solution[lit.index]:
                return k
        return 0

    # -- running the solver ---------------------------------------------------------

    def result(self, status: Status, seconds: float) -> RepairResult:
        rm = self.rm
        if self.solution is None or status == "unknown":
            return RepairResult("unknown", levels=tuple(self.outcomes), wall_time=seconds)
        moves: list[Move] = []
        for c, candidate in enumerate(rm.candidates):
            k = self._choice(c)
            if k > 0:
                moves.append(Move(candidate.post, candidate.options[k].slot))
        moves.sort(key=lambda move: (move.post.instant, move.post.id))
        left = tuple(
            sorted(
                (w for w, lit in rm.waivers.items() if self.solution[lit.index]),
                key=lambda w: (w.check, w.posts, w.window or "", w.bound),
            )
        )
        return RepairResult(status, tuple(moves), left, tuple(self.outcomes), seconds)


def _fix(model: cp_model.CpModel, lit: Any, value: int) -> None:
    """Fix a variable by its domain, not by a constraint: without presolve,
    a constraint would stay in every later solve's LP."""
    domain = model.proto.variables[lit.index].domain
    domain.clear()
    domain.extend([value, value])
