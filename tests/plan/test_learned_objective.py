"""Learned engagement in the objective (`plan --learn`), checked against
exhaustive enumeration: after priority by default, before it with
`--objective engagement`, and then spread, earliness and the tie-break as
without it. Every plan is also judged by the checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from contentplan.plan.engagement import schedule_points, slot_points
from contentplan.plan.problem import PlanProblem
from contentplan.plan.solve import solve_plan
from tests.plan import reference
from tests.plan.support import FAST, Workspace, item, placed

RULES = """
version: 1
platforms:
  alpha: {slots: ["09:00", "18:00"], max_per_day: 1, max_per_week: 2}
severity: {mix: off, mix-brand: off}
"""
MONDAY = {"earliest": "2024-04-01", "latest": "2024-04-01"}
THREE_DAYS = {"earliest": "2024-04-01", "latest": "2024-04-03"}
# Monday is poor, Tuesday evening the best, Wednesday good.
VALUES = {
    ("alpha", 0, time(9)): 100,
    ("alpha", 0, time(18)): 150,
    ("alpha", 1, time(9)): 900,
    ("alpha", 1, time(18)): 1000,
    ("alpha", 2, time(9)): 800,
    ("alpha", 2, time(18)): 700,
}


def _best(problem: PlanProblem) -> reference.Assignment | None:
    def key(assignment: reference.Assignment) -> tuple[object, ...]:
        priority, *rest = reference.objective(problem, assignment)
        points = -sum(slot_points(problem, slot) for slot in assignment if slot is not None)
        first = (points, priority) if problem.engagement_first else (priority, points)
        return (*first, *rest, reference.tie_break(problem, assignment))

    valid = [a for a in reference.assignments(problem) if reference.valid(problem, a)]
    return min(valid, key=key, default=None)


def _problem(tmp_path: Path, engagement_first: bool) -> tuple[Workspace, PlanProblem]:
    space = Workspace(tmp_path, RULES)
    problem = space.problem(
        items=[
            item("a", priority=3, **MONDAY),
            item("b", priority=1, **THREE_DAYS),
            item("c", priority=1, **THREE_DAYS),
        ]
    )
    return space, replace(problem, values=VALUES, engagement_first=engagement_first)


@pytest.mark.parametrize(
    ("engagement_first", "expected", "points"),
    [
        # priority first: a (3) must take poor Monday; b the best slot left
        (False, {"a": "2024-04-01 18:00", "b": "2024-04-02 18:00"}, 1150),
        # engagement first: the two best days, a left out
        (True, {"b": "2024-04-02 18:00", "c": "2024-04-03 09:00"}, 1800),
    ],
)
def test_engagement_after_or_before_priority(
    tmp_path: Path, engagement_first: bool, expected: dict[str, str], points: int
) -> None:
    space, problem = _problem(tmp_path, engagement_first)
    result = solve_plan(problem, FAST)
    assert result.status == "optimal"
    assert not space.judge(problem, result)
    best = _best(problem)
    assert best is not None
    assert reference.as_assignment(problem, result.placements) == best
    assert {ident: when for ident, (_, when) in placed(result).items()} == expected
    assert schedule_points(problem, result.placements) == points
    levels = [level.name for level in result.levels]
    order = ["engagement", "priority"] if engagement_first else ["priority", "engagement"]
    assert levels[:2] == order
    assert {level.name: level.value for level in result.levels}["engagement"] == points


def test_without_values_the_plan_is_the_plan_without_learning(tmp_path: Path) -> None:
    space, problem = _problem(tmp_path, False)
    # Points only on a platform not planned: no engagement level at all.
    other = replace(problem, values={("beta", 0, time(9)): 5})
    plain = replace(problem, values={})
    first, second = solve_plan(other, FAST), solve_plan(plain, FAST)
    assert not space.judge(other, first)
    assert first.placements == second.placements
    assert "engagement" not in {level.name for level in first.levels}
    # Without values, earliness decides: Monday for a, then b the next day.
    assert placed(second) == {
        "a": ("alpha", "2024-04-01 09:00"),
        "b": ("alpha", "2024-04-02 09:00"),
    }
