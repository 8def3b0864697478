"""Closure (SPEC §6): for random small rules, backlogs and pinned posts,
either plan succeeds and `check` finds no error in its output, and the plan
is the best one by exhaustive enumeration; or plan exits 1, and enumeration
confirms that no schedule exists."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from contentplan.plan.pinned import unmendable
from contentplan.plan.solve import solve_plan
from tests.plan import reference
from tests.plan.support import FAST, Workspace, item

CLOCKS = ["09:00", "12:00", "20:00"]
PILLARS = ["functional", "story", "trending"]


@st.composite
def platform_rules(draw: st.DrawFn, name: str) -> str:
    slots = draw(st.lists(st.sampled_from(CLOCKS), min_size=1, max_size=2, unique=True))
    keys = [f"slots: [{', '.join(repr(s) for s in sorted(slots))}]".replace("'", '"')]
    if draw(st.booleans()):
        keys.append(f"max_per_day: {draw(st.integers(1, 2))}")
    if draw(st.booleans()):
        keys.append("min_gap: 4h")
    if draw(st.integers(0, 3)) == 0:
        keys.append(f"min_per_week: {draw(st.integers(1, 3))}")
    if draw(st.booleans()):
        keys.append("formats: [text]")
    return f"  {name}: {{{', '.join(keys)}}}"


@st.composite
def scenario(draw: st.DrawFn) -> tuple[str, str, list[object]]:
    names = draw(st.sampled_from([["alpha"], ["alpha", "beta"]]))
    lines = ["version: 1", "platforms:"]
    lines += [draw(platform_rules(name)) for name in names]
    tolerance = draw(st.sampled_from(["0.10", "0.25", "0.5"]))
    lines.append(f"mix: {{tolerance: {tolerance}, min_posts: {draw(st.integers(1, 3))}}}")
    if draw(st.booleans()):
        lines.append('quiet_hours: {from: "19:00", to: "07:00"}')
    if draw(st.booleans()):
        lines.append("blackouts:\n  - {from: 2024-04-02, to: 2024-04-02, reason: freeze}")
    if draw(st.booleans()):
        lines.append("trending: {max_age: 24h}")
    rules = "\n".join(lines) + "\n"
    pins = []
    for n in range(draw(st.integers(0, 2))):
        day = draw(st.integers(1, 5))
        clock = draw(st.sampled_from(["08:00", *CLOCKS]))
        pins.append(
            f'  - {{id: pin{n}, at: "2024-04-0{day} {clock}", platform: '
            f"{draw(st.sampled_from(names))}, pillar: {draw(st.sampled_from(PILLARS))}, "
            f"title: Pin {n}}}"
        )
    calendar = "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n" + "\n".join(pins)
    if not pins:
        calendar += " []"
    backlog = []
    for n in range(draw(st.integers(1, 4))):
        first = draw(st.integers(1, 5))
        fields: dict[str, object] = {
            "priority": draw(st.integers(1, 3)),
            "earliest": f"2024-04-0{first}",
            "latest": f"2024-04-0{first + draw(st.integers(0, 1))}",
        }
        if len(names) > 1 and draw(st.booleans()):
            fields["platforms"] = (draw(st.sampled_from(names)),)
        if draw(st.booleans()):
            fields["topic"] = "cup"
        if draw(st.booleans()):
            fields["format"] = draw(st.sampled_from(["text", "video"]))
        backlog.append(item(f"i{n}", draw(st.sampled_from(PILLARS)), **fields))
    return rules, calendar + "\n", backlog


@pytest.mark.slow
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario())
def test_plan_passes_check_or_no_schedule_exists(case: tuple[str, str, list[object]]) -> None:
    rules, calendar, backlog = case
    with tempfile.TemporaryDirectory() as folder:
        space = Workspace(Path(folder), rules, calendar)
        problem = space.problem(items=backlog, skeleton=False)  # type: ignore[arg-type]
        expected = reference.best(problem)
        assert space.calendar_path is not None
        event(f"{len(backlog)} items, {len(problem.pinned)} pinned")
        if unmendable(problem, space.brand(space.calendar_path)):
            event("pinned posts break a rule")
            assert expected is None  # plan exits 1: run fix first
            return
        result = solve_plan(problem, FAST)
        if expected is None:
            event("no schedule")
            assert result.status == "infeasible", result.placements
            assert result.conflicts
            return
        event(f"planned {len(result.placements)}")
        assert result.status == "optimal", result.conflicts
        assert not space.judge(problem, result)
        got = reference.as_assignment(problem, result.placements)
        assert reference.objective(problem, got) == reference.objective(problem, expected)
        assert got == expected
