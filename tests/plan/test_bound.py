"""The bound on the total priority proved on the second core
(``plan.bound``): a true bound, the best one known, and it changes no
schedule."""

from __future__ import annotations

import math
import random
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from contentplan.plan import solve as solve_module
from contentplan.plan.bound import BoundSearch, second_core_free
from contentplan.plan.build import PlanModel
from contentplan.plan.constraints import add_all
from contentplan.plan.objective import priority
from contentplan.plan.problem import Placement, PlanItem
from contentplan.plan.solve import SolverSettings, solve_plan
from tests.plan.support import Workspace, item

RULES = """
version: 1
platforms:
  weibo: {slots: ["09:00", "20:00"], max_per_day: 2, min_per_week: 3}
  douyin: {slots: ["12:00", "21:00"], max_per_day: 1}
"""

MONDAY = date(2024, 4, 1)  # 2024-W14


def _backlog(count: int, weeks: int, seed: int) -> list[PlanItem]:
    rng = random.Random(seed)
    found = []
    for n in range(count):
        pillar = rng.choice(["functional"] * 5 + ["story"] * 3 + ["trending"] * 2)
        fields: dict[str, object] = {"priority": rng.randint(1, 5)}
        if rng.random() < 0.4:
            first = rng.randrange(7 * weeks)
            fields["earliest"] = MONDAY + timedelta(days=first)
            fields["latest"] = MONDAY + timedelta(days=min(7 * weeks - 1, first + 4))
        found.append(item(f"item-{n:02d}", pillar, **fields))
    return found


def _rows(placements: tuple[Placement, ...]) -> list[tuple[str, str, str]]:
    return [(p.item.id, p.slot.platform, f"{p.slot.local:%Y-%m-%d %H:%M}") for p in placements]


def _optimum(tmp_path: Path, weeks: int, count: int, seed: int) -> tuple[PlanModel, int]:
    space = Workspace(tmp_path, RULES)
    problem = space.problem(weeks=weeks, items=_backlog(count, weeks, seed))
    result = solve_plan(problem, SolverSettings(time_limit=60, deterministic=True))
    level = next(level for level in result.levels if level.name == "priority")
    assert level.proven
    pm = PlanModel(problem)
    add_all(pm)
    return pm, level.value


@pytest.mark.parametrize("seed", [1, 2])
def test_the_bound_is_never_above_the_optimum_and_reaches_it(tmp_path: Path, seed: int) -> None:
    pm, best = _optimum(tmp_path, 2, 30, seed)
    search = BoundSearch(pm.model, -priority(pm), SolverSettings(time_limit=120), 120)
    seen = []
    give_up = time.monotonic() + 120  # a hang guard, not a timing
    try:
        while time.monotonic() < give_up:
            bound = search.bound
            if bound is not None:
                seen.append(bound)
                if bound == -best:
                    break
            time.sleep(0.01)
    finally:
        search.stop()
    # the level is minimised as minus the total priority: a bound from below
    assert seen and all(bound <= -best for bound in seen)
    assert search.bound == -best


def test_the_bound_search_changes_no_schedule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = Workspace(tmp_path, RULES)
    problem = space.problem(weeks=3, items=_backlog(36, 3, 5))
    alone = solve_plan(problem, SolverSettings(time_limit=120, tie_break=math.inf))
    started: list[BoundSearch] = []

    class Recorded(BoundSearch):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            started.append(self)

    monkeypatch.setattr(solve_module, "second_core_free", lambda settings: True)
    monkeypatch.setattr(solve_module, "BoundSearch", Recorded)
    helped = solve_plan(problem, SolverSettings(time_limit=120, tie_break=math.inf))
    assert started  # the search ran
    assert alone.status == helped.status == "optimal"
    assert _rows(helped.placements) == _rows(alone.placements)
    assert not space.judge(problem, helped)


def test_the_best_known_bound_is_reported(tmp_path: Path) -> None:
    """A bound the search proved is used where it is tighter than what the
    level's own solves and the items' total give; never where it is looser."""
    space = Workspace(tmp_path, RULES)
    problem = space.problem(weeks=2, items=_backlog(30, 2, 3))
    pm = PlanModel(problem)
    add_all(pm)
    clock = solve_module._Clock(deterministic=False)
    run = solve_module._Lexicographic(pm, SolverSettings(), float("inf"), None, clock)
    ceiling = run._ceiling()

    class Proved:
        def __init__(self, bound: int | None) -> None:
            self.bound = bound

        def stop(self) -> None:
            pass

    level = solve_module.Level("priority", -priority(pm), sign=-1)
    solver = solve_module.cp_model.CpSolver()  # never solved: no bound of its own
    run._bound_search = Proved(-(ceiling - 7))  # type: ignore[assignment]
    assert run._bound(level, solver, False) == -(ceiling - 7)
    assert run._most() == ceiling - 7
    run._bounds.clear()
    run._bound_search = Proved(-(ceiling + 7))  # type: ignore[assignment]
    assert run._bound(level, solver, False) == -ceiling
    assert run._most() == ceiling
    run._bounds.clear()
    run._bound_search = Proved(None)  # type: ignore[assignment]
    assert run._bound(level, solver, False) == -ceiling


def test_no_second_search_where_no_core_is_free() -> None:
    assert not second_core_free(SolverSettings(workers=2))
    assert not second_core_free(SolverSettings(deterministic=True))
