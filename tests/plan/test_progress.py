"""What the spinner of `plan` says while it solves: values as the user reads
them (total priority positive), and each phase of a long plan by name."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from contentplan.plan import solve as solve_module
from contentplan.plan.solve import SolverSettings, solve_plan
from contentplan.render.plan import progress_text
from tests.plan.support import Workspace, items

SETTINGS = SolverSettings(time_limit=120, tie_break=math.inf)

RULES = """
version: 1
platforms:
  weibo: {slots: ["09:00", "20:00"], max_per_day: 2}
severity: {mix: off, mix-brand: off}
"""


def test_progress_names_each_week_of_the_first_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = Workspace(tmp_path, RULES)
    backlog = items("a", "functional", 8, priority=3) + items("b", "story", 10, priority=1)
    problem = space.problem(weeks=2, items=backlog)
    monkeypatch.setattr(solve_module, "_LARGE", 0)  # take the week-by-week path too
    seen: list[tuple[str, float, float]] = []
    result = solve_plan(problem, SETTINGS, lambda *x: seen.append(x))
    assert result.status == "optimal"
    labels = [label for label, _, _ in seen]
    assert "first plan, week by week (2024-W14)" in labels
    assert "first plan, week by week (2024-W15)" in labels


def test_priority_is_shown_positive_and_the_tie_break_without_numbers(tmp_path: Path) -> None:
    space = Workspace(tmp_path, RULES)
    backlog = items("a", "functional", 12, priority=3) + items("b", "story", 10, priority=1)
    problem = space.problem(items=backlog)  # 22 items for 14 slots
    seen: list[tuple[str, float, float]] = []
    result = solve_plan(problem, SETTINGS, lambda *x: seen.append(x))
    assert result.status == "optimal"
    priority = [(value, bound) for label, value, bound in seen if label == "priority"]
    assert priority
    for value, bound in priority:
        assert 0 < value <= bound  # maximised: never shown negative
    assert priority[-1][0] == 12 * 3 + 2 * 1
    assert all(math.isnan(v) for label, v, _ in seen if label == "tie-break")


@pytest.mark.parametrize(
    ("level", "value", "bound", "expected"),
    [
        ("priority", 159, 170, "Planning: total priority 159 so far, at most 170…"),
        (
            "spread",
            766,
            0,
            "Planning: spreading pillars evenly: score 766 so far "
            "(lower is better, never below 0)…",
        ),
        (
            "earliness",
            45,
            40,
            "Planning: using the earliest slots: score 45 so far "
            "(lower is better, never below 40)…",
        ),
        (
            "tie-break",
            math.nan,
            math.nan,
            "Planning: final polish, so that every run gives the same plan…",
        ),
        (
            "first plan, week by week (2025-W10)",
            math.nan,
            math.nan,
            "Planning: first plan, week by week (2025-W10)…",
        ),
    ],
)
def test_progress_text(level: str, value: float, bound: float, expected: str) -> None:
    assert progress_text(level, value, bound) == expected


def test_the_gap_is_a_share_of_the_value_found() -> None:
    from contentplan.plan.problem import LevelOutcome

    priority = LevelOutcome("priority", 2008, 2009, proven=False)
    assert priority.gap == pytest.approx(1 / 2008)
    # spread with no bound yet: 100%, not millions of per cent
    assert LevelOutcome("spread", 55415, 0, proven=False).gap == 1.0
    assert LevelOutcome("spread", 45, 45, proven=True).gap == 0.0
