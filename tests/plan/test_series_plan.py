"""Series and evergreen items in `plan` (docs/plan.md "Series", "Evergreen
items"): every due instance filled first, at the series' time, from the
backlog or by a placeholder; repeats only where fresh items leave room.
Every plan is judged by the checks, `series` and `evergreen` included."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentplan.load.backlog import load_backlog
from contentplan.plan.evergreen import evergreen_repeats
from contentplan.plan.items import from_backlog
from contentplan.plan.problem import PlanProblem, PlanResult
from contentplan.plan.series import due, settle_series
from contentplan.plan.solve import solve_plan
from tests.plan.support import FAST, Workspace, item, items, placed, plan_ok

# Weibo has slots; wechat has one slot at 12:00, the tutorial is at 20:00.
RULES = """
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3}
  wechat: {slots: ["12:00"], max_per_day: 2}
series:
  weekly-tutorial:
    platform: wechat
    pillar: functional
    every: weekly
    on: [tue, thu]
    at: "20:00"
    from: 2024-01-01
severity: {mix: off, mix-brand: off}
"""

CALENDAR = """
version: 1
brand: acme
timezone: Asia/Shanghai
posts:
{posts}
"""


def _space(tmp_path: Path, rules: str = RULES, posts: str = "  []") -> Workspace:
    calendar = CALENDAR.format(posts=posts) if posts.strip() != "[]" else None
    return Workspace(tmp_path, rules, calendar)


def _with_backlog(space: Workspace, problem: PlanProblem, text: str) -> PlanProblem:
    """The problem with a backlog's items, as `plan --backlog` builds them:
    fresh items, and the repeats of published evergreen items."""
    path = space.root / "backlog.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    backlog, problems = load_backlog(str(path), "backlog.yaml")
    assert backlog is not None and not problems, problems
    pinned = problem.pinned
    fresh = from_backlog(backlog, problem.timezone, (post.id for post in pinned))
    repeats = evergreen_repeats(backlog, problem.timezone, problem.rules, pinned, problem.end)
    return replace(problem, items=(*problem.items, *fresh, *repeats), skeleton=False)


def _series_posts(result: object) -> dict[str, tuple[str, str, str | None, bool]]:
    return {
        p.item.id: (p.slot.platform, f"{p.slot.local:%Y-%m-%d %H:%M}", p.item.series,
                    p.item.placeholder)
        for p in result.placements  # type: ignore[attr-defined]
        if p.item.series is not None
    }


def test_every_instance_filled_at_its_time_from_the_backlog_then_placeholders(
    tmp_path: Path,
) -> None:
    space = _space(tmp_path)
    problem = space.problem(items=[*items("f", "functional", 6), *items("s", "story", 4)])
    problem = _with_backlog(
        space,
        problem,
        """
        version: 1
        items:
          - {id: tut-low, pillar: functional, title: "Tutorial low", series: weekly-tutorial}
          - {id: tut-high, pillar: functional, title: "Tutorial high", series: weekly-tutorial,
             priority: 3}
          - {id: tut-late, pillar: functional, title: "Tutorial late", series: weekly-tutorial,
             priority: 5, earliest: 2024-04-05}
        """,
    )
    result = plan_ok(space, problem)
    series = _series_posts(result)
    # Tuesday: the best item that may go (tut-late may not before Friday);
    # Thursday: the next one; no third instance this week, so tut-low waits.
    assert series == {
        "tut-high": ("wechat", "2024-04-02 20:00", "weekly-tutorial", False),
        "tut-low": ("wechat", "2024-04-04 20:00", "weekly-tutorial", False),
    }
    # Items of a series are never placed as ordinary items.
    assert "tut-late" not in placed(result)
    # 20:00 is no wechat slot: nothing else is placed there.
    wechat = [at for platform, at in placed(result).values() if platform == "wechat"]
    assert sorted(at for at in wechat if at.endswith("20:00")) == [
        "2024-04-02 20:00",
        "2024-04-04 20:00",
    ]


def test_placeholder_says_what_to_write_and_fits_the_title_limit(tmp_path: Path) -> None:
    rules = RULES.replace('wechat: {slots: ["12:00"], max_per_day: 2}',
                          'wechat: {slots: ["12:00"], max_per_day: 2, max_title: 20}')
    space = _space(tmp_path, rules)
    result = plan_ok(space, space.problem(items=items("f", "functional", 3)))
    series = {p.item.id: p.item for p in result.placements if p.item.series}
    assert set(series) == {
        "series-weekly-tutorial-2024-04-02",
        "series-weekly-tutorial-2024-04-04",
    }
    for stand_in in series.values():
        assert stand_in.placeholder and stand_in.pillar == "functional"
        assert "weekly-tutorial" in stand_in.title and len(stand_in.title) <= 20
    (tmp_path / "wide").mkdir()
    wide = _space(tmp_path / "wide", RULES)
    result = plan_ok(wide, wide.problem(items=items("f", "functional", 3)))
    titles = sorted(p.item.title for p in result.placements if p.item.series)
    assert titles == [
        "To write: weekly-tutorial for 2024-04-02",
        "To write: weekly-tutorial for 2024-04-04",
    ]


def test_a_skeleton_fills_series_instances_with_placeholders_too(tmp_path: Path) -> None:
    space = _space(tmp_path)
    result = plan_ok(space, space.problem())
    wechat = sorted(at for platform, at in placed(result).values() if platform == "wechat")
    assert "2024-04-02 20:00" in wechat and "2024-04-02 12:00" in wechat


def test_an_instance_a_pinned_post_fills_or_a_blackout_excuses_is_not_filled(
    tmp_path: Path,
) -> None:
    rules = RULES + textwrap.dedent(
        """
        blackouts:
          - {from: 2024-04-04, to: 2024-04-05, reason: holiday, platforms: [wechat]}
        """
    )
    posts = (
        '  - {id: tut-0, at: "2024-04-02 20:00", platform: wechat, pillar: functional, '
        'title: "Tutorial zero", series: weekly-tutorial}'
    )
    space = _space(tmp_path, rules, posts)
    problem = space.problem(items=items("f", "functional", 4))
    assert due(problem) == []
    result = plan_ok(space, problem)
    assert not [p for p in result.placements if p.item.series]


def test_a_series_on_a_platform_not_planned_is_left_alone(tmp_path: Path) -> None:
    space = _space(tmp_path)
    problem = space.problem(items=items("f", "functional", 4), platforms=["weibo"])
    result = solve_plan(problem, FAST)
    assert result.status == "optimal"
    assert all(platform == "weibo" for platform, _ in placed(result).values())
    # Its days stay missed, and `check` says so; nothing else is wrong.
    broken = space.judge(problem, result)
    assert [v.check for v in broken] == ["series"]
    assert "has no post on Tue 2024-04-02 20:00" in broken[0].message


@pytest.mark.parametrize(
    ("extra", "check"),
    [
        ('quiet_hours: {from: "19:00", to: "23:00"}', "quiet-hours"),
        ("", "cadence"),
    ],
    ids=["quiet-hours", "max-per-day"],
)
def test_an_instance_no_rule_allows_is_a_conflict_that_names_it(
    tmp_path: Path, extra: str, check: str
) -> None:
    rules = RULES + extra + "\n"
    posts = "\n".join(
        f'  - {{id: p{n}, at: "2024-04-02 0{n + 7}:00", platform: wechat, pillar: story, '
        f'title: "Pinned {n}"}}'
        for n in range(2)
    )
    space = _space(tmp_path, rules, posts if check == "cadence" else "  []")
    result = solve_plan(space.problem(items=items("f", "functional", 4)), FAST)
    assert result.status == "infeasible"
    assert result.conflicts
    first = result.conflicts[0]
    assert first.startswith("series weekly-tutorial on wechat at 2024-04-02 20:00")
    assert f"[{check}]" in first and "`skip:`" in first


def test_until_the_last_day_there_is(tmp_path: Path) -> None:
    rules = RULES.replace("from: 2024-01-01", "from: 2024-01-01\n    until: 9999-12-31")
    space = _space(tmp_path, rules)
    result = plan_ok(space, space.problem(items=items("f", "functional", 3)))
    assert len([p for p in result.placements if p.item.series]) == 2


# -- evergreen ---------------------------------------------------------------------

EVERGREEN_RULES = """
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3}
evergreen: {cooldown: 30d}
severity: {mix: off, mix-brand: off}
"""

PUBLISHED = """
  - {id: old, at: "2024-01-10 09:00", platform: weibo, pillar: story, title: "Old story"}
  - {id: older, at: "2023-12-01 09:00", platform: weibo, pillar: story, title: "Older story"}
  - {id: recent, at: "2024-03-20 09:00", platform: weibo, pillar: story, title: "Recent story"}
  - {id: capped, at: "2023-10-01 09:00", platform: weibo, pillar: story, title: "Capped"}
  - {id: capped-r2, at: "2023-12-01 12:30", platform: weibo, pillar: story, title: "Capped",
     repeat_of: capped}
"""

EVERGREEN_BACKLOG = """
version: 1
items:
  - {id: old, pillar: story, title: "Old story", evergreen: {cooldown: 7d}}
  - {id: older, pillar: story, title: "Older story", evergreen: {}}
  - {id: recent, pillar: story, title: "Recent story", evergreen: {}}
  - {id: capped, pillar: story, title: "Capped", evergreen: {max_repeats: 1}}
  - {id: never, pillar: story, title: "Never published", evergreen: {}}
"""


def _evergreen(tmp_path: Path, fresh: int) -> tuple[Workspace, PlanProblem]:
    space = Workspace(tmp_path, EVERGREEN_RULES, CALENDAR.format(posts=PUBLISHED))
    problem = space.problem(items=items("f", "functional", fresh), skeleton=False)
    return space, _with_backlog(space, problem, EVERGREEN_BACKLOG)


def test_repeats_are_planned_after_their_cooldown_with_a_new_id(tmp_path: Path) -> None:
    space, problem = _evergreen(tmp_path, 10)
    repeats = {i.id: i for i in problem.items if i.repeat_of}
    # recent: 30 days (the rules' cooldown is the stricter) not yet passed;
    # capped: its one repeat is made already.
    assert set(repeats) == {"old-r2", "older-r2"}
    result = plan_ok(space, problem)
    found = {p.item.id: p.item.repeat_of for p in result.placements if p.item.repeat_of}
    assert found == {"old-r2": "old", "older-r2": "older"}
    # The never-published item is an ordinary one.
    assert "never" in placed(result)


def test_fresh_items_come_first_and_the_oldest_repeat_next(tmp_path: Path) -> None:
    # 21 slots: 19 fresh items and `never` leave one slot for one repeat.
    space, problem = _evergreen(tmp_path, 19)
    result = plan_ok(space, problem)
    ids = set(placed(result))
    assert {f"f{n:02d}" for n in range(19)} | {"never"} <= ids
    assert {i for i in ids if "-r" in i} == {"older-r2"}
    # No room at all: no repeat.
    (tmp_path / "full").mkdir()
    space, problem = _evergreen(tmp_path / "full", 25)
    result = plan_ok(space, problem)
    assert not [p for p in result.placements if p.item.repeat_of]


@pytest.mark.parametrize(
    "policy",
    ["{max_repeats: 0}", "{cooldown: 300d}"],
    ids=["max-repeats-0", "cooldown-past-horizon"],
)
def test_no_repeat_when_the_policy_allows_none(tmp_path: Path, policy: str) -> None:
    published = "\n".join(line for line in PUBLISHED.splitlines() if "capped" not in line)
    space = Workspace(
        tmp_path,
        EVERGREEN_RULES.replace("evergreen: {cooldown: 30d}", f"evergreen: {policy}"),
        CALENDAR.format(posts=published),
    )
    problem = space.problem(items=items("f", "functional", 3))
    problem = _with_backlog(space, problem, EVERGREEN_BACKLOG)
    assert not [i for i in problem.items if i.repeat_of]
    plan_ok(space, problem)


def test_a_repeat_waits_out_its_cooldown_to_the_minute(tmp_path: Path) -> None:
    posts = '  - {id: tip, at: "2024-03-02 12:30", platform: weibo, pillar: story, title: "Tip"}'
    space = Workspace(tmp_path, EVERGREEN_RULES, CALENDAR.format(posts=posts))
    problem = _with_backlog(
        space,
        space.problem(items=[item("f1")], skeleton=False),
        """
        version: 1
        items:
          - {id: tip, pillar: story, title: "Tip", evergreen: {}}
        """,
    )
    result = plan_ok(space, problem)
    # 30 days after 2024-03-02 12:30 is 2024-04-01 12:30: the 09:00 slot is too early.
    assert placed(result)["tip-r2"] == ("weibo", "2024-04-01 12:30")


def test_a_series_time_the_clocks_skip_is_read_as_the_check_reads_it(tmp_path: Path) -> None:
    rules = RULES.replace('on: [tue, thu]\n    at: "20:00"', 'on: [sun]\n    at: "02:30"')
    space = Workspace(tmp_path, rules, zone="America/New_York")
    result = plan_ok(space, space.problem(week="2024-W10", items=items("f", "functional", 3)))
    # 02:30 does not exist on 2024-03-10: with the offset before the change it is 03:30.
    assert _series_posts(result) == {
        "series-weekly-tutorial-2024-03-10": ("wechat", "2024-03-10 03:30", "weekly-tutorial", True)
    }


def test_series_posts_count_in_the_mix_and_the_mix_still_holds(tmp_path: Path) -> None:
    # The series' story posts on wechat leave room for fewer stories there.
    rules = RULES.replace("severity: {mix: off, mix-brand: off}\n", "").replace(
        "pillar: functional\n    every", "pillar: story\n    every"
    )
    space = _space(tmp_path, rules)
    fresh = [*items("f", "functional", 12), *items("s", "story", 8), *items("t", "trending", 6)]
    result = plan_ok(space, space.problem(items=fresh))
    wechat = [p.item.pillar for p in result.placements if p.slot.platform == "wechat"]
    assert wechat.count("story") >= 2  # the two series placeholders at least
    assert len([p for p in result.placements if p.item.series]) == 2


def test_repeats_of_repeats_count_for_the_original(tmp_path: Path) -> None:
    posts = """
  - {id: tip, at: "2024-01-01 09:00", platform: weibo, pillar: story, title: "Tip"}
  - {id: tip-r2, at: "2024-02-01 09:00", platform: weibo, pillar: story, title: "Tip",
     repeat_of: tip}
  - {id: tip-r3, at: "2024-03-02 12:30", platform: weibo, pillar: story, title: "Tip",
     repeat_of: tip-r2}
"""
    space = Workspace(tmp_path, EVERGREEN_RULES, CALENDAR.format(posts=posts))
    backlog = """
    version: 1
    items:
      - {id: tip, pillar: story, title: "Tip", evergreen: {max_repeats: 3}}
    """
    problem = _with_backlog(space, space.problem(items=[item("f1")], skeleton=False), backlog)
    result = plan_ok(space, problem)
    # Two repeats so far (one through the other): this is the fourth publication,
    # 30 days after the last one.
    assert placed(result)["tip-r4"] == ("weibo", "2024-04-01 12:30")
    (tmp_path / "capped").mkdir()
    space = Workspace(tmp_path / "capped", EVERGREEN_RULES, CALENDAR.format(posts=posts))
    problem = _with_backlog(
        space, space.problem(items=[item("f1")], skeleton=False), backlog.replace("3}", "2}")
    )
    assert not [i for i in problem.items if i.repeat_of]


# -- a property: exactly the due days, each at its time, and `check` agrees ----------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _due_days(
    every: str, on: list[int], start: date, skip: set[date], first: date, last: date,
    blackout: tuple[date, date] | None,
) -> list[date]:
    """The days a series is due, worked out day by day from its words."""
    found = []
    day = first
    while day <= last:
        weeks = ((day - timedelta(days=day.weekday())) - (start - timedelta(days=start.weekday())))
        rhythm = {
            "weekly": True,
            "biweekly": (weeks.days // 7) % 2 == 0,
            "monthly": day.day <= 7,
        }[every]
        blocked = blackout is not None and blackout[0] <= day <= blackout[1]
        if day >= start and day.weekday() in on and rhythm and day not in skip and not blocked:
            found.append(day)
        day += timedelta(days=1)
    return found


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    every=st.sampled_from(["weekly", "biweekly", "monthly"]),
    on=st.sets(st.integers(0, 6), min_size=1, max_size=3).map(sorted),
    start=st.integers(-20, 20).map(lambda n: date(2024, 4, 1) + timedelta(days=n)),
    skips=st.sets(st.integers(0, 41), max_size=4),
    blackout=st.none() | st.tuples(st.integers(0, 41), st.integers(0, 3)),
    weeks=st.integers(1, 6),
)
def test_plan_fills_exactly_the_due_days_of_a_series(
    tmp_path_factory: pytest.TempPathFactory,
    every: str,
    on: list[int],
    start: date,
    skips: set[int],
    blackout: tuple[int, int] | None,
    weeks: int,
) -> None:
    monday = date(2024, 4, 1)
    # `skip:` may name only days of the series (the loader says so otherwise).
    days_of = _due_days(every, on, start, set(), monday, monday + timedelta(days=41), None)
    skip = {days_of[n % len(days_of)] for n in skips} if days_of else set()
    closed = None
    days = ", ".join(WEEKDAYS[d] for d in on)
    skipped = ", ".join(str(d) for d in sorted(skip))
    text = f"""
    version: 1
    platforms:
      wechat: {{slots: ["12:00"]}}
    series:
      s: {{platform: wechat, pillar: story, every: {every}, on: [{days}], at: "20:00",
          from: {start}, skip: [{skipped}]}}
    severity: {{mix: off, mix-brand: off}}
    """
    if blackout is not None:
        low = monday + timedelta(days=blackout[0])
        closed = (low, low + timedelta(days=blackout[1]))
        text += f"""
    blackouts:
      - {{from: {closed[0]}, to: {closed[1]}, reason: freeze, platforms: [wechat]}}
    """
    space = Workspace(tmp_path_factory.mktemp("series"), textwrap.dedent(text))
    problem = space.problem(weeks=weeks, items=[item("x", "story", platforms="wechat")])
    fixed = settle_series(problem)
    assert not fixed.conflicts
    last = monday + timedelta(days=7 * weeks - 1)
    expected = _due_days(every, on, start, skip, monday, last, closed)
    assert [p.slot.local for p in fixed.placements] == [
        datetime.combine(day, time(20, 0)) for day in expected
    ]
    result = PlanResult("optimal", fixed.placements)
    assert space.judge(problem, result) == []
