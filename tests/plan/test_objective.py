"""SPEC §5's objective, checked against exhaustive enumeration: the plan is
exactly the best assignment by (priority, spread, earliness, tie-break)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentplan.plan.problem import PlanProblem
from contentplan.plan.solve import SolverSettings, solve_plan
from tests.plan import reference
from tests.plan.support import FAST, Workspace, item, placed

TWO_DAYS = {"earliest": "2024-04-01", "latest": "2024-04-02"}


def _same_as_enumeration(problem: PlanProblem) -> None:
    result = solve_plan(problem, FAST)
    expected = reference.best(problem)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    got = reference.as_assignment(problem, result.placements)
    assert reference.valid(problem, got)
    assert reference.objective(problem, got) == reference.objective(problem, expected)
    assert got == expected


def test_priority_first(tmp_path: Path) -> None:
    space = Workspace(
        tmp_path,
        """
        version: 1
        platforms:
          alpha: {slots: ["09:00", "18:00"], max_per_day: 1}
        severity: {mix: off, mix-brand: off}
        """,
    )
    problem = space.problem(
        items=[
            item("a", priority=1, **TWO_DAYS),
            item("b", priority=3, **TWO_DAYS),
            item("c", priority=2, **TWO_DAYS),
        ]
    )
    _same_as_enumeration(problem)
    assert set(placed(solve_plan(problem, FAST))) == {"b", "c"}


def test_spread_then_earliness(tmp_path: Path) -> None:
    space = Workspace(
        tmp_path,
        """
        version: 1
        platforms:
          alpha: {slots: ["09:00", "12:00", "18:00"]}
        severity: {mix: off, mix-brand: off}
        """,
    )
    problem = space.problem(
        items=[
            item("f1", "functional", **TWO_DAYS),
            item("f2", "functional", **TWO_DAYS),
            item("s1", "story", **TWO_DAYS),
            item("t1", "trending", latest="2024-04-01"),
        ]
    )
    _same_as_enumeration(problem)
    where = placed(solve_plan(problem, FAST))
    # no two functional posts in a row, and no day of one pillar only
    times = sorted((at, ident) for ident, (_, at) in where.items())
    pillars = [ident[0] for _, ident in times]
    assert all(a != b for a, b in zip(pillars, pillars[1:], strict=False))


def test_pinned_neighbours_count_in_the_spread(tmp_path: Path) -> None:
    space = Workspace(
        tmp_path,
        """
        version: 1
        platforms:
          alpha: {slots: ["09:00", "18:00"]}
        severity: {mix: off, mix-brand: off}
        """,
        """
        version: 1
        brand: acme
        timezone: Asia/Shanghai
        posts:
          - {id: pin, at: "2024-04-01 12:00", platform: alpha, pillar: story, title: Pinned}
        """,
    )
    problem = space.problem(
        items=[
            item("s", "story", latest="2024-04-01"),
            item("f", "functional", latest="2024-04-01"),
        ]
    )
    _same_as_enumeration(problem)
    where = placed(solve_plan(problem, FAST))
    assert where["f"][1] == "2024-04-01 09:00" or where["s"][1] == "2024-04-01 09:00"


def test_tie_break_orders_interchangeable_items_by_id(tmp_path: Path) -> None:
    space = Workspace(
        tmp_path,
        """
        version: 1
        platforms:
          alpha: {slots: ["09:00"]}
          beta: {slots: ["09:00"]}
        severity: {mix: off, mix-brand: off}
        """,
    )
    problem = space.problem(
        items=[item(name, latest="2024-04-01") for name in ("zeta", "alpha", "mid")]
    )
    _same_as_enumeration(problem)
    where = placed(solve_plan(problem, FAST))
    assert where == {
        "alpha": ("alpha", "2024-04-01 09:00"),
        "mid": ("beta", "2024-04-01 09:00"),
    }


@pytest.mark.parametrize("workers", [1, 8])
def test_skeleton_is_the_same_on_any_thread_count(tmp_path: Path, workers: int) -> None:
    space = Workspace(
        tmp_path,
        """
        version: 1
        platforms:
          alpha: {slots: ["09:00", "12:30", "20:00"], max_per_day: 2, min_gap: 2h}
          beta: {slots: ["10:00", "21:00"], max_per_day: 1}
        """,
    )
    problem = space.problem()
    one = space.output(problem, solve_plan(problem, SolverSettings(workers=1)))
    other = space.output(problem, solve_plan(problem, SolverSettings(workers=workers)))
    assert one == other
