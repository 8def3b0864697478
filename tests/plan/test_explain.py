"""When no schedule meets the rules, plan names the rules in conflict, one
sentence each, from a minimal infeasibility core."""

from __future__ import annotations

from pathlib import Path

from contentplan.plan.explain import conflict_core
from contentplan.plan.solve import solve_plan
from tests.plan.support import FAST, Workspace, item, items


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


# Each figure of a sentence is true of the instance (issue 11): one case per
# sentence kind whose figures used to mislead.


def test_format_names_the_items_it_shuts_out(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"], min_per_week: 3, formats: [text, image]}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    sentences, kinds = _conflict(space, items=items("v", "functional", 4, format="video"))
    assert kinds == ["format", "min-per-week"]
    text = " ".join(sentences)
    assert "alpha takes only image, text (formats), so 4 items meant for it (video)" in text
    assert "0 items" not in text


def test_band_min_with_enough_items_on_paper_says_what_keeps_them_out(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"], min_per_week: 5}
    blackouts:
      - {from: 2024-04-01, to: 2024-04-01, reason: freeze, platforms: all}
    severity: {mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    only_monday = {"earliest": "2024-04-01", "latest": "2024-04-01"}
    backlog = [
        *items("f", "functional", 4),
        *items("s", "story", 3),
        item("t0", "trending", **only_monday),
    ]
    sentences, kinds = _conflict(space, items=backlog)
    assert kinds == ["band-min", "blackout", "min-per-week"]
    band = next(s for s in sentences if "trending posts" in s)
    assert "needs at least 1 trending posts" in band
    assert "but only" not in band  # 1 may go on paper: not a shortage
    assert "1 trending backlog item may go to alpha that week" in band
    assert "not while the other rules named here hold" in band


def test_band_min_offers_min_per_week_only_where_a_platform_has_one(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"]}
    severity: {mix-brand: off}
    """
    calendar = """
    version: 1
    brand: acme
    timezone: Asia/Shanghai
    posts:
      - {id: p1, at: "2024-04-01 08:00", platform: alpha, pillar: functional, title: P1}
      - {id: p2, at: "2024-04-02 08:00", platform: alpha, pillar: functional, title: P2}
      - {id: p3, at: "2024-04-03 08:00", platform: alpha, pillar: functional, title: P3}
      - {id: p4, at: "2024-04-04 08:00", platform: alpha, pillar: story, title: P4}
      - {id: p5, at: "2024-04-05 08:00", platform: alpha, pillar: story, title: P5}
    """
    space = Workspace(tmp_path, rules, calendar)
    sentences, _ = _conflict(space, items=items("f", "functional", 2))
    text = " ".join(sentences)
    assert "min_per_week" not in text
    assert "add trending items" in text


def test_min_per_week_counts_the_platform_slots(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"], min_per_week: 2}
      beta: {slots: ["09:00"]}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    sentences, kinds = _conflict(space, items=items("b", "functional", 5, platforms="beta"))
    assert kinds == ["min-per-week"]
    assert sentences == [
        "alpha 2024-W14 needs at least 2 posts (min_per_week), but 0 are pinned and no "
        "backlog items may go to alpha that week, which has 7 slots: add items for alpha, "
        "allow alpha for more of them, or lower min_per_week"
    ]
