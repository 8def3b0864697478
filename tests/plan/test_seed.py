"""The week-by-week start of long plans (``planner.seed``): it changes how
fast a large model finds good schedules, never which schedule is best."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from contentplan.plan import solve as solve_module
from contentplan.plan.problem import Placement, PlanItem, PlanProblem
from contentplan.plan.seed import _share, improve, seed_schedule
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
        if rng.random() < 0.3:
            fields["platforms"] = (rng.choice(["weibo", "douyin"]),)
        if rng.random() < 0.4:
            first = rng.randrange(7 * weeks)
            fields["earliest"] = MONDAY + timedelta(days=first)
            fields["latest"] = MONDAY + timedelta(days=min(7 * weeks - 1, first + 5))
        found.append(item(f"item-{n:02d}", pillar, **fields))
    return found


def _large_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every model as large, so that plans start from the seed."""
    monkeypatch.setattr(solve_module, "_LARGE", 0)


def _as_rows(placements: tuple[Placement, ...]) -> list[tuple[str, str, str]]:
    return [(p.item.id, p.slot.platform, f"{p.slot.local:%Y-%m-%d %H:%M}") for p in placements]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_seeded_plan_is_the_same_optimum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    space = Workspace(tmp_path, RULES)
    problem = space.problem(weeks=3, items=_backlog(30, 3, seed))
    plain = solve_plan(problem, SolverSettings(time_limit=120, tie_break=math.inf))
    _large_path(monkeypatch)
    seeded = solve_plan(problem, SolverSettings(time_limit=120, tie_break=math.inf))
    assert plain.status == seeded.status == "optimal"
    assert not space.judge(problem, seeded)
    assert _as_rows(seeded.placements) == _as_rows(plain.placements)


def test_seed_plans_every_week_and_keeps_the_rules(tmp_path: Path) -> None:
    space = Workspace(tmp_path, RULES)
    problem = space.problem(weeks=3, items=_backlog(40, 3, 7))
    runner = _runner(problem)
    placements, weeks = seed_schedule(problem, runner._plan_week, float("inf"))
    assert weeks == 3
    assert {p.slot.day - timedelta(days=p.slot.day.weekday()) for p in placements} == {
        MONDAY + timedelta(weeks=n) for n in range(3)
    }
    assert len({p.item.id for p in placements}) == len(placements)
    for p in placements:  # each item inside its own days
        assert p.item.earliest is None or p.slot.day >= p.item.earliest
        assert p.item.latest is None or p.slot.day <= p.item.latest
    assert not _judge(space, problem, placements)
    better = improve(problem, placements, runner._plan_week, float("inf"))
    assert sum(p.item.priority for p in better) >= sum(p.item.priority for p in placements)
    assert not _judge(space, problem, better)


def test_share_offers_what_cannot_wait_and_a_fair_part_of_the_rest() -> None:
    monday = MONDAY
    urgent = item("urgent", latest=monday + timedelta(days=3))
    flexible = [item(f"f{n}", "story") for n in range(10)]
    offered = _share([urgent, *flexible], monday, weeks_left=4)
    ids = [i.id for i in offered]
    assert "urgent" in ids
    assert len([i for i in ids if i.startswith("f")]) == 3  # 10 / 4, rounded
    # inside the week, priorities double and what cannot wait gains one
    assert next(i for i in offered if i.id == "urgent").priority == 3
    assert all(i.priority == 2 for i in offered if i.id != "urgent")
    # the last week is offered everything
    assert len(_share(flexible, monday, weeks_left=1)) == 10


def test_placing_every_item_proves_the_priority_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = Workspace(tmp_path, RULES)
    few = [item(f"item-{n}", pillar) for n, pillar in enumerate(["functional"] * 6 + ["story"] * 3)]
    few += [item("item-9", "trending")]
    problem = space.problem(weeks=2, items=few)
    _large_path(monkeypatch)
    result = solve_plan(problem, SolverSettings(time_limit=120, tie_break=math.inf))
    priority = next(level for level in result.levels if level.name == "priority")
    assert priority.proven and priority.value == priority.bound == len(few)
    start = result.phases[0]
    assert start.name == "first schedule" and start.value <= len(few)
    if start.value == len(few):  # no solve was needed: nothing was left to place
        assert priority.seconds == 0.0
    assert result.status == "optimal"
    assert len(result.placements) == len(few)
    assert not space.judge(problem, result)


def _runner(problem: PlanProblem) -> solve_module._Lexicographic:
    pm = solve_module.PlanModel(problem)
    solve_module.add_all(pm)
    clock = solve_module._Clock(deterministic=False)
    return solve_module._Lexicographic(pm, SolverSettings(), float("inf"), None, clock)


def _judge(space: Workspace, problem: PlanProblem, placements: list[Placement]) -> list[str]:
    from contentplan.plan.problem import PlanResult

    result = PlanResult("feasible", tuple(sorted(placements, key=lambda p: p.slot.order)))
    return [f"{v.check}: {v.message}" for v in space.judge(problem, result)]


RULES_MIX = """
version: 1
mix: {scope: [platform, brand]}
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3, max_per_week: 12, min_gap: 2h}
  douyin: {slots: ["09:00", "20:00"], max_per_day: 2}
quiet_hours: {from: "00:30", to: "07:00"}
"""


@pytest.mark.slow
def test_a_longer_limit_never_yields_a_lower_total_priority(tmp_path: Path) -> None:
    """Limits in CP-SAT's deterministic time, so that the runs are the same
    on any machine: each longer limit keeps at least the total priority of
    the shorter, and every schedule passes `check`."""
    space = Workspace(tmp_path, RULES_MIX)
    problem = space.problem(weeks=3, items=_backlog(110, 3, 5))
    totals = []
    for limit in (0.05, 0.1, 0.2, 0.5):
        result = solve_plan(problem, SolverSettings(time_limit=limit, deterministic=True))
        if result.status == "unknown":  # nothing found in so short a time
            totals.append(0)
            continue
        assert result.status in ("optimal", "feasible")
        assert not space.judge(problem, result)
        totals.append(sum(p.item.priority for p in result.placements))
    assert totals == sorted(totals), totals
    assert totals[0] < totals[-1]  # the limits are short enough to matter
