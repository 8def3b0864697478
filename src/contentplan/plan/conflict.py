"""Which rules are in conflict: a minimal infeasibility core of an explaining
``Frame`` (``gated=True``), shared by `plan` (``explain``) and `fix`
(``repair.why``).

A single-threaded feasibility solve under the rules' assumption literals
returns a core (``sufficient_assumptions_for_infeasibility``); dropping its
members one at a time while the rest stay infeasible makes it minimal.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from contentplan.plan.cpsat import cp_model
from contentplan.plan.frame import Frame
from contentplan.plan.lex import run_interruptibly
from contentplan.plan.problem import Rule


def minimal_core(
    frame: Frame,
    rules: Sequence[Rule],
    stop: float,
    key: Callable[[Rule], Any],
    assume: Sequence[Any] = (),
    presolve: bool = True,
    all_when_unnamed: bool = False,
) -> tuple[Any, list[Rule]]:
    """The solver's status under ``assume`` and the gates of ``rules``, and
    when it is infeasible, a minimal core of those rules (sorted by ``key``,
    shrunk until ``stop``, a ``time.monotonic()`` moment). ``presolve=False``
    turns CP-SAT's presolve off, which may name literals that were never
    assumed or prove a wrong answer (or-tools#5141, #5293).
    ``all_when_unnamed``: a core that names no rule is every rule."""
    by_index = {frame.gates[rule].index: rule for rule in rules}

    def solve(trial: Sequence[Rule]) -> tuple[Any, list[Rule]]:
        model = frame.model
        model.clear_assumptions()
        model.add_assumptions([*assume, *(frame.gates[rule] for rule in trial)])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1  # cores come from the single-threaded search
        # The LP at full strength proves most conflicts at the root (see solve.py).
        solver.parameters.linearization_level = 2
        solver.parameters.max_time_in_seconds = max(stop - time.monotonic(), 0.001)
        solver.parameters.catch_sigint_signal = False
        if not presolve:
            solver.parameters.cp_model_presolve = False
        status = run_interruptibly(solver, model)
        if status != cp_model.INFEASIBLE:
            return status, []
        found = [
            by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index
        ]
        if all_when_unnamed and not found:
            found = list(trial)
        return status, found

    status, found = solve(rules)
    if status != cp_model.INFEASIBLE:
        return status, []
    core = sorted(found, key=key)
    k = 0
    while k < len(core) and time.monotonic() < stop:
        trial = core[:k] + core[k + 1 :]
        status, smaller = solve(trial)
        if status == cp_model.INFEASIBLE:
            keep = set(smaller)
            core = [rule for rule in trial if rule in keep] or trial
        else:
            k += 1
    return cp_model.INFEASIBLE, core
