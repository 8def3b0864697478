"""The lexicographic solver that `plan` and `fix` share: each level of the
objective minimised in its turn, each fixed at its proven optimum before the
next, the best solution kept, then a tie-break that makes the answer unique.

``Lexicographic`` holds what both runs need: the solver settings, the time
left (``Clock``, and the tie-break's own budget), the current solution, the
outcomes of the levels, one solve with the current solution as its hint
(``_run``), and a tie-break chunk's least (``_least``). The plan's run
(``solve``) and the repair's (``repair.solve``) add their levels and how
they start.

Each solve runs in a helper thread so that Ctrl-C reaches Python at once:
the main thread stops the search and lets ``KeyboardInterrupt`` through
(``run_interruptibly``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import Frame, lexicographic
from contentplan.plan.problem import LevelOutcome

# (what is being solved, its best value, its bound); NaN where there is no number
Progress = Callable[[str, float, float], None]

# The tie-break's budget is counted in CP-SAT's deterministic seconds, which
# do not depend on the machine or its load: where it stops, and so the
# schedule written, is the same on any machine (one worker). By default one
# per 30 s of time limit, and at least one (``SolverSettings.tie_break``). A
# deterministic second is about 1 to 2 s of wall time on our 2-core
# machines. Bench (a), one week: the tie-break takes 0.3 of them; four weeks:
# its first solve alone more than 4, where every level before it took 2.3.
DEFAULT_LIMIT = 30.0


@dataclass(frozen=True)
class SolverSettings:
    time_limit: float = 30.0
    workers: int = 1
    linearization_level: int | None = 2
    extra: Mapping[str, Any] = field(default_factory=dict)  # any other SatParameters field
    # time_limit counts CP-SAT's deterministic seconds, summed over the
    # solves, instead of the wall clock: the same run on any machine (tests)
    deterministic: bool = False
    # the tie-break's budget: deterministic seconds per 30 s of time limit
    # (``tie_break_budget``); math.inf lets it run to the time limit
    tie_break: float = 1.0

    def apply(self, solver: cp_model.CpSolver, time_limit: float) -> None:
        params = solver.parameters
        if self.deterministic:
            params.max_deterministic_time = max(time_limit, 0.001)
        else:
            params.max_time_in_seconds = max(time_limit, 0.001)
        params.num_workers = self.workers
        if self.linearization_level is not None:
            params.linearization_level = self.linearization_level
        params.catch_sigint_signal = False
        for key, value in self.extra.items():
            setattr(params, key, value)




class Clock:
    """Seconds as the phases count them: the wall clock, or the solver's
    deterministic time summed over every solve (``SolverSettings.
    deterministic``). The deterministic time of all solves is summed in
    either case (``work``): the tie-break's budget is counted in it."""

    def __init__(self, deterministic: bool) -> None:
        self.deterministic = deterministic
        self.work = 0.0

    def now(self) -> float:
        return self.work if self.deterministic else time.monotonic()

    def ran(self, solver: cp_model.CpSolver) -> None:
        self.work += solver.response_proto.deterministic_time




def tie_break_budget(settings: SolverSettings) -> float:
    """The deterministic seconds the tie-break may take (``tie_break`` per
    default time limit): more with a longer time limit, never less than at
    the default, and as many times more as there are workers (CP-SAT sums
    their deterministic time)."""
    scale = max(settings.time_limit / DEFAULT_LIMIT, 1.0) * settings.workers
    return settings.tie_break * scale


class Report(cp_model.CpSolverSolutionCallback):
    """Each better solution: the level's value and bound as the user reads
    them (``sign``: priority is maximised); ``blank`` where there is no
    number worth showing (the plan's tie-break)."""

    def __init__(
        self, progress: Progress, label: str, sign: int = 1, split: int = 0, blank: bool = False
    ) -> None:
        super().__init__()
        self.report = progress
        self.label = label
        self.sign = sign
        self.split = split  # spread and earliness in one: show the spread
        self.blank = blank

    def on_solution_callback(self) -> None:
        if self.blank:
            self.report(self.label, math.nan, math.nan)
            return
        value, bound = self.objective_value, self.best_objective_bound
        if self.split:
            value, bound = value // self.split, bound // self.split
        self.report(self.label, self.sign * value, self.sign * bound)


def run_interruptibly(
    solver: cp_model.CpSolver, model: cp_model.CpModel, callback: Any = None
) -> Any:
    """``solver.solve(model)`` in a helper thread; Ctrl-C stops the search and
    is raised here."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["status"] = solver.solve(model, callback)
        except BaseException as error:  # handed to the main thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name="cp-sat", daemon=True)
    worker.start()
    try:
        worker.join()
    except KeyboardInterrupt:
        solver.stop_search()
        worker.join()
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["status"]


class Lexicographic:
    """One lexicographic run over a ``Frame``: the time left, the current
    solution (a complete hint for the next solve), the levels' outcomes."""

    # Labels whose progress reports carry no number (``Report.blank``).
    blank_labels: tuple[str, ...] = ()

    def __init__(
        self,
        frame: Frame,
        settings: SolverSettings,
        deadline: float,
        progress: Progress | None,
        clock: Clock,
    ) -> None:
        self.frame = frame
        self.settings = settings
        self.deadline = deadline
        self.progress = progress
        self.clock = clock
        self.solution: list[int] | None = None
        self.outcomes: list[LevelOutcome] = []
        self.budget: float | None = None  # the tie-break's end, in deterministic seconds

    def _left(self) -> float:
        return self.deadline - self.clock.now()

    def _limit(self, solver: cp_model.CpSolver, seconds: float) -> None:
        """The time a solve may take: ``seconds`` on the run's clock, and no
        more than what is left of the tie-break's budget."""
        params = solver.parameters
        if self.settings.deterministic:
            params.max_deterministic_time = max(seconds, 0.001)
        else:
            params.max_time_in_seconds = max(seconds, 0.001)
        if self.budget is not None and math.isfinite(self.budget):
            left = max(self.budget - self.clock.work, 0.001)
            params.max_deterministic_time = min(params.max_deterministic_time, left)

    def _run(
        self,
        label: str,
        hint: dict[int, int] | None = None,
        sign: int = 1,
        split: int = 0,
        seconds: float | None = None,
    ) -> tuple[Any, cp_model.CpSolver]:
        """One solve of the model as it stands, from ``hint`` (variable index
        -> value) or else the current solution, for ``seconds`` at most (else
        the time left), with ``_parameters`` on top of the settings."""
        model = self.frame.model
        model.clear_hints()  # type: ignore[no-untyped-call]
        proto = model.proto
        if hint is not None:
            proto.solution_hint.vars.extend(list(hint))
            proto.solution_hint.values.extend(list(hint.values()))
        elif self.solution is not None:
            proto.solution_hint.vars.extend(range(len(self.solution)))
            proto.solution_hint.values.extend(self.solution)
        solver = cp_model.CpSolver()
        self.settings.apply(solver, self._left())
        self._limit(solver, self._left() if seconds is None else seconds)
        for key, value in self._parameters(label, split).items():
            setattr(solver.parameters, key, value)
        callback = None
        if self.progress is not None:
            blank = label in self.blank_labels
            callback = Report(self.progress, label, sign, split, blank)
        status = run_interruptibly(solver, model, callback)
        self.clock.ran(solver)
        return status, solver

    def _parameters(self, label: str, split: int) -> Mapping[str, Any]:
        """CP-SAT parameters of one solve beyond the settings: none here."""
        return {}

    def _least(self, values: Sequence[tuple[Any, int]]) -> Any:
        """The tie-break of one chunk: the lexicographic least of ``values``
        (expression, its number of values), from the current solution, which
        becomes the solver's best. Returns the solver's status."""
        self.frame.model.minimize(lexicographic(values))
        status, solver = self._run("tie-break")
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.solution = list(solver.response_proto.solution)
        return status
