"""When no schedule meets the rules, plan names the rules in conflict, one
sentence each, from a minimal infeasibility core."""

from __future__ import annotations

from pathlib import Path

from contentplan.planner.explain import conflict_core
from contentplan.planner.solve import solve_plan
from tests.planner.support import FAST, Workspace, item, items


def _conflict(space: Workspace, **problem: object) -> tuple[list[str], list[str]]:
    plan = space.problem(**problem)  # type: ignore[arg-type]
    result = solve_plan(plan, FAST)
    assert result.status == "infeasible"
    assert result.conflicts
    core = conflict_core(plan)
    assert core is not None
    return list(result.conflicts), sorted(rule.kind for rule in core)


def test_too_few_items_of_a_pillar_for_the_band(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      weibo: {mix: {functional: 6, story: 2, trending: 2}, slots: ["09:00", "20:00"],
              min_per_week: 12}
    severity: {mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    sentences, kinds = _conflict(
        space,
        items=[*items("f", "functional", 3), *items("s", "story", 8), *items("t", "trending", 8)],
    )
    assert kinds == ["band-min", "min-per-week"]
    text = " ".join(sentences)
    assert "weibo 2024-W14 needs at least 6 functional posts (6:2:2 ±10% of 12 posts)" in text
    assert "only 3 functional backlog items may go to weibo" in text
    assert "add functional items" in text and "lower min_per_week" in text


def test_blackout_against_min_per_week(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"], min_per_week: 5}
    blackouts:
      - {from: 2024-04-01, to: 2024-04-03, reason: crisis freeze, platforms: all}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    sentences, kinds = _conflict(space, items=items("f", "functional", 9))
    assert kinds == ["blackout", "min-per-week"]
    text = " ".join(sentences)
    assert "crisis freeze" in text and "alpha 2024-W14 needs at least 5 posts" in text


def test_campaign_launch_day_in_a_blackout_with_max_per_day(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "12:00", "20:00"], max_per_day: 1, min_per_week: 3}
    campaigns:
      su7: {launch: "2024-04-04 19:00"}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    problem_items = [item(f"l{n}", campaign="su7", phase="launch") for n in range(7)]
    sentences, kinds = _conflict(space, items=problem_items)
    assert kinds == ["campaign", "max-per-day", "min-per-week"]
    text = " ".join(sentences)
    assert "campaign su7" in text and "at most 1 posts a day" in text


def test_pinned_posts_over_the_band_and_spacing(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "10:00"], min_gap: 3h, min_per_week: 10}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    sentences, kinds = _conflict(space, items=items("f", "functional", 20))
    assert "spacing" in kinds and "min-per-week" in kinds
    assert any("at least 3h apart" in s for s in sentences)


def test_story_pinned_over_its_band(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"], max_per_week: 4}
    severity: {mix-brand: off}
    """
    calendar = """
    version: 1
    brand: acme
    timezone: Asia/Shanghai
    posts:
      - {id: p1, at: "2024-04-01 08:00", platform: alpha, pillar: story, title: P1}
      - {id: p2, at: "2024-04-02 08:00", platform: alpha, pillar: story, title: P2}
      - {id: p3, at: "2024-04-03 08:00", platform: alpha, pillar: story, title: P3}
    """
    space = Workspace(tmp_path, rules, calendar)
    sentences, kinds = _conflict(
        space, items=[*items("f", "functional", 5), *items("t", "trending", 5)]
    )
    assert kinds == ["band-max", "max-per-week"]
    assert any("may have at most" in s and "3 are pinned" in s for s in sentences)


def test_topic_age_against_min_per_week(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"], min_per_week: 4}
    trending: {max_age: 24h}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    sentences, kinds = _conflict(space, items=items("c", "trending", 6, topic="cup"))
    assert kinds == ["min-per-week", "topic"]
    assert any("topic cup" in s and "24h" in s for s in sentences)
