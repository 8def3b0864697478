"""Each constraint family on its own: a rule at error severity holds in the
plan (judged by the checks), and plans still fill what the rule allows."""

from __future__ import annotations

from pathlib import Path

from contentplan.plan.solve import solve_plan
from tests.plan.support import FAST, Workspace, item, items, placed, plan_ok

# One platform, no mix, so that each test sees one family.
ONE = """
version: 1
platforms:
  alpha:
    slots: ["09:00", "12:00", "18:00"]
severity: {mix: off, mix-brand: off}
"""


def _rules(extra: str) -> str:
    """ONE with more keys for alpha, e.g. ``_rules("max_per_day: 2")``."""
    return ONE.replace(
        'slots: ["09:00", "12:00", "18:00"]', f'slots: ["09:00", "12:00", "18:00"]\n    {extra}'
    )


def test_skeleton_fills_every_slot_when_nothing_binds(tmp_path: Path) -> None:
    space = Workspace(tmp_path, ONE)
    result = plan_ok(space, space.problem())
    assert len(result.placements) == 21
    ids = {p.item.id for p in result.placements}
    assert "slot-2024-W14-alpha-tue-1200" in ids
    titles = {p.item.title for p in result.placements}
    assert any(t.endswith("alpha Tue 12:00") and t.startswith("<") for t in titles)


def test_max_per_day_counts_pinned_posts(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "12:00", "18:00"], max_per_day: 2}
    severity: {mix: off, mix-brand: off}
    """
    calendar = """
    version: 1
    brand: acme
    timezone: Asia/Shanghai
    posts:
      - {id: pin, at: "2024-04-02 08:00", platform: alpha, pillar: story, title: Pinned}
    """
    space = Workspace(tmp_path, rules, calendar)
    result = plan_ok(space, space.problem())
    per_day: dict[str, int] = {}
    for platform_at in placed(result).values():
        day = platform_at[1][:10]
        per_day[day] = per_day.get(day, 0) + 1
    assert per_day["2024-04-02"] == 1  # the pinned post takes one of two
    assert all(n <= 2 for n in per_day.values())
    assert sum(per_day.values()) == 13


def test_max_and_min_per_week(tmp_path: Path) -> None:
    space = Workspace(tmp_path, _rules("max_per_week: 5\n    min_per_week: 4"))
    result = plan_ok(space, space.problem(items=items("f", "functional", 9)))
    assert len(result.placements) == 5
    # min_per_week forces posts even when the backlog has only low-priority items
    few = space.problem(items=items("f", "functional", 4))
    assert len(plan_ok(space, few).placements) == 4


def test_min_per_week_binds_every_planned_week(tmp_path: Path) -> None:
    space = Workspace(tmp_path, _rules("min_per_week: 2"))
    # items only in the first week: the second week cannot reach 2 posts
    problem = space.problem(weeks=2, items=items("f", "functional", 6, latest="2024-04-07"))
    result = solve_plan(problem, FAST)
    assert result.status == "infeasible"
    assert any(
        "min_per_week" in sentence and "2024-W15" in sentence for sentence in result.conflicts
    )


def test_spacing_between_new_posts_and_pinned_posts(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "10:00", "12:00"], min_gap: 2h}
    severity: {mix: off, mix-brand: off}
    """
    calendar = """
    version: 1
    brand: acme
    timezone: Asia/Shanghai
    posts:
      - {id: pin, at: "2024-04-03 11:30", platform: alpha, pillar: story, title: Pinned}
      - {id: free, at: "2024-04-04 11:30", platform: alpha, pillar: story, title: Free,
         ignore: [spacing]}
    """
    space = Workspace(tmp_path, rules, calendar)
    result = plan_ok(space, space.problem())
    times = sorted(at for _, at in placed(result).values())
    assert "2024-04-01 09:00" in times and "2024-04-01 12:00" in times
    assert "2024-04-01 10:00" not in times  # 1h after 09:00
    assert not any(t.startswith("2024-04-03") and t[11:] in ("10:00", "12:00") for t in times)
    # a pinned post that ignores spacing binds no new post
    assert "2024-04-04 12:00" in times


def test_quiet_hours_close_slots(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["06:30", "09:00", "23:30"], quiet_hours: {from: "23:00", to: "07:00"}}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    result = plan_ok(space, space.problem())
    assert {at[11:] for _, at in placed(result).values()} == {"09:00"}


def test_quiet_hours_at_warning_bind_nothing(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["06:30", "09:00"]}
    quiet_hours: {from: "23:00", to: "07:00"}
    severity: {mix: off, mix-brand: off, quiet-hours: warning}
    """
    space = Workspace(tmp_path, rules)
    result = solve_plan(space.problem(), FAST)
    assert len(result.placements) == 14


def test_blackouts_date_only_and_timed(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "18:00"]}
      beta: {slots: ["09:00"]}
    blackouts:
      - {from: 2024-04-02, to: 2024-04-03, reason: freeze, platforms: [alpha]}
      - {from: "2024-04-05 12:00", to: "2024-04-06 12:00", reason: outage, platforms: all}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    result = plan_ok(space, space.problem())
    taken = set(placed(result).values())
    assert ("alpha", "2024-04-02 09:00") not in taken
    assert ("alpha", "2024-04-03 18:00") not in taken
    assert ("beta", "2024-04-02 09:00") in taken
    assert ("alpha", "2024-04-05 09:00") in taken
    assert ("alpha", "2024-04-05 18:00") not in taken
    assert ("beta", "2024-04-06 09:00") not in taken
    assert ("alpha", "2024-04-04 09:00") in taken


def test_formats_and_title_length(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"], formats: [text], max_title: 6, title_units: weighted}
      beta: {slots: ["09:00"]}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    problem = space.problem(
        items=[
            item("video", format="video", priority=5),
            item("cjk", title="新品发布", priority=5),  # 8 weighted units
            item("short", title="新品", priority=1),
        ]
    )
    where = placed(plan_ok(space, problem))
    assert where["video"][0] == "beta"
    assert where["cjk"][0] == "beta"
    assert where["short"][0] == "alpha"


def test_campaign_phases(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "20:00"]}
    campaigns:
      launch-x: {launch: "2024-04-04 19:00", teaser_days: 2, recap_days: 1}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    problem = space.problem(
        items=[
            item("teaser", campaign="launch-x", phase="teaser", priority=5),
            item("launch", campaign="launch-x", phase="launch", priority=5),
            item("recap", campaign="launch-x", phase="recap", priority=5),
        ]
    )
    where = placed(plan_ok(space, problem))
    assert "2024-04-02 19:00" <= where["teaser"][1] < "2024-04-04 19:00"
    assert where["launch"][1].startswith("2024-04-04")
    assert "2024-04-04 19:00" < where["recap"][1] <= "2024-04-05 19:00"


def test_expiry_and_topic_age_counting_pinned_posts(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "20:00"]}
    trending: {max_age: 24h}
    severity: {mix: off, mix-brand: off}
    """
    calendar = """
    version: 1
    brand: acme
    timezone: Asia/Shanghai
    posts:
      - {id: first, at: "2024-04-02 12:00", platform: alpha, pillar: trending, title: Cup,
         topic: cup}
    """
    space = Workspace(tmp_path, rules, calendar)
    problem = space.problem(
        items=[
            item("old", "trending", expires=_utc("2024-04-01 10:00"), priority=5),
            item("cup-a", "trending", topic="cup", priority=5),
            item("cup-b", "trending", topic="cup", priority=5),
            item("wave-a", "trending", topic="wave", priority=5),
            item("wave-b", "trending", topic="wave", priority=5),
        ]
    )
    result = plan_ok(space, problem)
    where = placed(result)
    assert where["old"][1] == "2024-04-01 09:00"
    for ident in ("cup-a", "cup-b"):
        assert where[ident][1] in (
            "2024-04-01 20:00",
            "2024-04-02 09:00",
            "2024-04-02 20:00",
            "2024-04-03 09:00",
        )
    wave = sorted(where[i][1] for i in ("wave-a", "wave-b"))
    assert len(wave) == 2


def test_items_keep_to_their_platforms_and_days(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"]}
      beta: {slots: ["09:00"]}
    severity: {mix: off, mix-brand: off}
    """
    space = Workspace(tmp_path, rules)
    problem = space.problem(
        items=[
            item("late", platforms=("beta",), earliest="2024-04-06", priority=3),
            item("window", earliest="2024-04-03", latest="2024-04-03", priority=3),
            item("never", latest="2024-03-31", priority=5),
        ]
    )
    where = placed(plan_ok(space, problem))
    assert where["late"][0] == "beta" and where["late"][1] >= "2024-04-06"
    assert where["window"][1].startswith("2024-04-03")
    assert "never" not in where


def test_duplicate_titles_at_error_severity(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00"]}
    severity: {mix: off, mix-brand: off, duplicate: error}
    """
    space = Workspace(tmp_path, rules)
    problem = space.problem(
        weeks=2,
        items=[item(f"same{n}", title="Same  title", priority=5) for n in range(3)],
    )
    result = plan_ok(space, problem)
    days = sorted(at for _, at in placed(result).values())
    assert len(days) == 2  # at most one a week on one platform


def test_role_fit_at_error_severity(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      weibo: {role: information, slots: ["09:00"]}
    severity: {mix: off, mix-brand: off, role-fit: error}
    """
    space = Workspace(tmp_path, rules)
    problem = space.problem(
        items=[*items("s", "story", 5, priority=5), *items("f", "functional", 2, priority=1)]
    )
    result = plan_ok(space, problem)
    pillars = [p.item.pillar for p in result.placements]
    assert pillars.count("functional") >= pillars.count("story")


def test_mix_per_platform_and_brand_with_pinned_posts(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["09:00", "18:00"], max_per_day: 1}
      beta: {slots: ["09:00"]}
    """
    calendar = """
    version: 1
    brand: acme
    timezone: Asia/Shanghai
    posts:
      - {id: s1, at: "2024-04-01 08:00", platform: alpha, pillar: story, title: S1}
      - {id: s2, at: "2024-04-02 08:00", platform: alpha, pillar: story, title: S2}
      - {id: s3, at: "2024-04-03 08:00", platform: alpha, pillar: story, title: S3}
    """
    space = Workspace(tmp_path, rules, calendar)
    problem = space.problem(
        items=[
            *items("f", "functional", 10, priority=1),
            *items("s", "story", 10, priority=5),
            *items("t", "trending", 10, priority=1),
        ]
    )
    result = plan_ok(space, problem)
    alpha = [p.item.pillar for p in result.placements if p.slot.platform == "alpha"]
    assert alpha.count("story") <= 1  # three pinned stories already fill the band


def test_month_window_counts_pinned_posts_outside_the_planned_weeks(tmp_path: Path) -> None:
    rules = """
    version: 1
    mix: {window: month}
    platforms:
      alpha: {slots: ["09:00"]}
    """
    pins = "\n".join(
        f'  - {{id: p{n}, at: "2024-04-{n + 10:02d} 09:00", platform: alpha, pillar: story, '
        f"title: P{n}}}"
        for n in range(4)
    )
    calendar = f"version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n{pins}\n"
    space = Workspace(tmp_path, rules, calendar)
    problem = space.problem(
        items=[*items("f", "functional", 7, priority=2), *items("t", "trending", 7, priority=1)]
    )
    result = plan_ok(space, problem)
    # Alone, 7 posts allow at most 4 functional and 2 trending: all 7 fit
    # only because the 4 pinned stories later in April count in the month.
    assert len(result.placements) == 7


def test_dst_gap_skipped_and_overlap_written_with_offset(tmp_path: Path) -> None:
    rules = """
    version: 1
    platforms:
      alpha: {slots: ["01:30", "02:30"]}
    severity: {mix: off, mix-brand: off}
    """
    spring = Workspace(tmp_path, rules, zone="America/New_York")
    result = plan_ok(spring, spring.problem(week="2025-W10"))
    times = {at for _, at in placed(result).values()}
    assert "2025-03-09 02:30" not in times and "2025-03-09 01:30" in times
    assert len(result.placements) == 13
    autumn = Workspace(tmp_path, rules, zone="America/New_York")
    problem = autumn.problem(week="2025-W44")
    result = plan_ok(autumn, problem)
    text = autumn.output(problem, result).decode()
    assert '"2025-11-02 01:30-04:00"' in text


def _utc(text: str):  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return (
        datetime.fromisoformat(text)
        .replace(tzinfo=ZoneInfo("Asia/Shanghai"))
        .astimezone(ZoneInfo("UTC"))
    )
