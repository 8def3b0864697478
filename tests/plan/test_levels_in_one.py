"""Spread and earliness solved as one weighted objective give what the two
levels solved one after the other give: the same values, the same plan."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from contentplan.plan import objective
from contentplan.plan.solve import SolverSettings, solve_plan
from tests.plan.support import Workspace
from tests.plan.test_presolve_agrees import RULES, _backlog, _outcome


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20, 26))
def test_one_solve_or_two_give_the_same_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    space = Workspace(tmp_path, RULES)
    problem = space.problem(weeks=1 + seed % 2, items=_backlog(seed))
    one = solve_plan(problem, SolverSettings(time_limit=120, tie_break=math.inf))
    monkeypatch.setattr(objective, "_ONE_SOLVE_LIMIT", 0)  # always two levels
    two = solve_plan(problem, SolverSettings(time_limit=120, tie_break=math.inf))
    assert one.status == two.status == "optimal"
    assert [level.name for level in one.levels] == [level.name for level in two.levels]
    assert _outcome(one) == _outcome(two)
    assert not space.judge(problem, one)
