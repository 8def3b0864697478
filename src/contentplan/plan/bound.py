"""A bound on the total priority, proved on the second core while the
planner searches for schedules on the first.

A long horizon rarely proves its priority level within the time limit, and
the bound CP-SAT proves comes from its linear relaxation, whose first round
alone takes a half year of bench (c) about 10 s and whose cuts about 15 s
more. The planner's own solves start from hints and stop and start again
(the weeks one by one, the weeks improved two at a time), so none of them
runs long enough to get there: the half year used to report the total
priority of every item that has a slot as its bound (a gap of 8.4 % where
the schedule was 0.3 % from the optimum, proven by a ten-minute run).

``BoundSearch`` solves the priority level once, from scratch, on a copy of
the model, in a thread of its own until the time limit, and keeps the best
bound it has proved (``bound``). It changes no schedule: its bound only
makes the gap the planner prints truer, and when it meets the value of the
schedule found, that schedule is proven optimal. It runs only where a
second core is free (one worker asked, at least two cores allowed), for
plans of several weeks, and never in the deterministic runs of the tests;
and at the lowest scheduling priority, so that on a busy machine it does not
slow the search for schedules.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
from typing import Any

from contentplan.plan.cpsat import cp_model
from contentplan.plan.lex import SolverSettings


def second_core_free(settings: SolverSettings) -> bool:
    """Whether a bound search may take a core of its own: the planner uses
    one worker, the process may run on two cores or more, and time is the
    wall clock (the tests' deterministic time counts every solve)."""
    if settings.workers != 1 or settings.deterministic:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores >= 2


class BoundSearch:
    """The priority level of ``model`` (``expr``, to minimise) solved in a
    thread of its own until ``seconds`` have passed or ``stop`` is called."""

    def __init__(
        self, model: cp_model.CpModel, expr: Any, settings: SolverSettings, seconds: float
    ) -> None:
        self._model = model.clone()
        self._model.clear_hints()  # type: ignore[no-untyped-call]
        self._model.minimize(expr)
        self._solver = cp_model.CpSolver()
        settings.apply(self._solver, seconds)
        self._solver.parameters.num_workers = 1
        self._solver.best_bound_callback = self._found
        self._lock = threading.Lock()
        self._bound = -math.inf
        self._thread = threading.Thread(target=self._run, name="cp-sat-bound", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # The lowest priority the system gives: on a busy machine the bound
        # takes only what the planner's own search leaves (Linux only: there
        # a thread has a priority of its own; CP-SAT with one worker searches
        # in the calling thread).
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            status = self._solver.solve(self._model)
        except Exception:  # a bound is a bonus: without it the gap is only wider
            return
        if status == cp_model.OPTIMAL:
            self._found(self._solver.objective_value)

    def _found(self, bound: float) -> None:
        with self._lock:
            self._bound = max(self._bound, bound)

    @property
    def bound(self) -> int | None:
        """The best lower bound on the minimised level proved so far, or None."""
        with self._lock:
            found = self._bound
        return math.ceil(found - 1e-6) if math.isfinite(found) else None

    def stop(self) -> None:
        self._solver.stop_search()
        self._thread.join()
