"""The repair model against the checks (the oracle) and an exhaustive search.

For random tiny calendars the repaired text is read back by the real loader
and judged by the checks: when some assignment of posts to their places
passes, fix's repair passes too, with the fewest moves and then the least
total shift the exhaustive search finds, and only `at:` lines differ. When
none passes, fix never makes a pair of posts close that was not close, and
never leaves more violations than there were.
"""

from __future__ import annotations

import difflib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentplan.core.model import Brand, Violation
from contentplan.io.edit import AtEdit, rewrite
from contentplan.plan.problem import Slot
from contentplan.plan.repair.problem import repair_problem
from contentplan.plan.repair.solve import Move, RepairResult, solve_repair
from contentplan.plan.solve import SolverSettings
from contentplan.render.fix import moves_title
from tests.factory import brand, post
from tests.fix.support import combinations, errors, exhaustive, load, write

SETTINGS = SolverSettings(time_limit=60)

RULES = """\
version: 1
pillars: [functional, story, trending]
mix: {{target: {{functional: 5, story: 3, trending: 2}}, min_posts: {min_posts}, window: {window}}}
platforms:
  weibo:
    slots: ["09:00", "18:00"]
    max_per_day: 1
    min_gap: {gap}
    quiet_hours: {{from: "00:30", to: "07:00"}}
  wechat: {{slots: ["20:00"], max_per_day: 1, max_per_week: 3, min_gap: 20h}}
blackouts:
  - {{from: "2025-04-10", to: "2025-04-10", platforms: [weibo]}}
campaigns:
  c1: {{launch: "2025-04-09 19:00", teaser_days: 2, recap_days: 2}}
trending: {{max_age: 24h}}
severity: {{duplicate: error}}
"""


def random_case(seed: int, across: bool) -> tuple[str, str]:
    rng = random.Random(seed)
    rules = RULES.format(
        min_posts=rng.choice([1, 3]),
        window=rng.choice(["week", "month"]),
        gap=rng.choice(["2h", "10h"]),
    )
    lines = ["version: 1", "brand: acme", "timezone: Asia/Shanghai", "posts:"]
    for n in range(rng.randint(2, 4)):
        platform = rng.choice(["weibo", "weibo", "wechat"])
        day = rng.randint(7, 20 if across else 13)
        times = ["09:00", "18:00", "10:00", "02:00", "20:00", "17:30"]
        clock = rng.choice(times if platform == "weibo" else ["20:00", "08:00"])
        extra = ""
        roll = rng.random()
        if roll < 0.15:
            extra += ", status: published"
        elif roll < 0.3:
            extra += ", campaign: c1, phase: " + rng.choice(["teaser", "recap", "launch"])
        elif roll < 0.4:
            extra += f', expires: "2025-04-{rng.randint(8, 12):02d} 12:00"'
        if rng.random() < 0.2:
            extra += ", topic: hot"
        if rng.random() < 0.1:
            extra += ", ignore: [spacing]"
        pillar = rng.choice(["functional", "story", "trending"])
        title = rng.choice(["A", "B", f"T{n}"])
        lines.append(
            f'  - {{id: p{n}, at: "2025-04-{day:02d} {clock}", platform: {platform}, '
            f"pillar: {pillar}, title: {title}{extra}}}"
        )
    return rules, "\n".join(lines) + "\n"


def repaired(folder: Path, brand: Brand, result: RepairResult) -> tuple[bytes, Brand]:
    """The repaired calendar's bytes, and the brand the loader reads from them."""
    original = (folder / "cal.yaml").read_bytes()
    edits = [AtEdit(m.post, m.to.local, m.to.instant) for m in result.moves]
    text = rewrite(original, edits, brand.zone, "cal.yaml")
    (folder / "out.yaml").write_bytes(text)
    return text, load(folder / "out.yaml", folder / "rules.yaml")


def was_close(brand: Brand, violation: Violation) -> bool:
    """Were the two posts of a spacing or duplicate violation close already?"""
    before = {post.id: post for post in brand.posts}
    first, second = (before[i] for i in violation.post_ids)
    if violation.check == "spacing":
        gap = brand.rules.platforms[first.platform].min_gap
        assert gap is not None
        return abs(first.instant - second.instant) < gap
    return abs(first.local - second.local) < timedelta(days=7)


def judge(tmp_path: Path, seed: int, across: bool) -> None:
    rules, calendar = random_case(seed, across)
    folder = tmp_path / f"case-{seed}-{across}"
    folder.mkdir()
    write(folder, "rules.yaml", rules)
    write(folder, "cal.yaml", calendar)
    brand = load(folder / "cal.yaml", folder / "rules.yaml")
    if combinations(brand, across) > 6000:
        return  # too many to enumerate quickly; other seeds cover the ground
    before = errors(brand)
    best = exhaustive(brand, across)
    result = solve_repair(repair_problem(brand, across), SETTINGS)
    assert result.status == "optimal"
    text, after_brand = repaired(folder, brand, result)
    after = errors(after_brand)
    old = calendar.splitlines()
    new = text.decode("utf-8").splitlines()
    changed = [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]
    assert all(", at: " in line for line in changed), changed
    assert len(changed) == 2 * len(result.moves)
    shift = sum(abs(move.minutes) for move in result.moves)
    if best.least_errors == 0:
        assert after == [], (calendar, [(v.check, v.post_ids) for v in after])
        assert (len(result.moves), shift) == (best.least_moves, best.least_shift), calendar
    else:
        assert len(after) <= len(before)
        for violation in after:
            if violation.check in ("spacing", "duplicate"):
                assert was_close(brand, violation), (calendar, violation)


@pytest.mark.slow
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6))
def test_fewest_moves_within_the_week(tmp_path: Path, seed: int) -> None:
    judge(tmp_path, seed, across=False)


@pytest.mark.slow
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6))
def test_fewest_moves_across_weeks(tmp_path: Path, seed: int) -> None:
    judge(tmp_path, seed, across=True)


# -- cases that show one rule each -------------------------------------------------------

BASIC_RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:00", "15:00", "18:00"], min_gap: 2h}
  wechat: {slots: ["20:00"], max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
severity: {mix: off, mix-brand: off}
"""
DUPLICATE_RULES = BASIC_RULES.replace("mix-brand: off}", "mix-brand: off, duplicate: error}")


def solve(
    tmp_path: Path, calendar: str, rules: str = BASIC_RULES, across: bool = False
) -> tuple[Brand, RepairResult, list[Violation]]:
    write(tmp_path, "rules.yaml", rules)
    write(tmp_path, "cal.yaml", calendar)
    brand = load(tmp_path / "cal.yaml", tmp_path / "rules.yaml")
    result = solve_repair(repair_problem(brand, across), SETTINGS)
    _, after = repaired(tmp_path, brand, result)
    return brand, result, errors(after)


def moved(result: RepairResult) -> dict[str, str]:
    return {m.post.id: m.to.local.strftime("%Y-%m-%d %H:%M") for m in result.moves}


HEAD = "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"


def test_one_move_where_two_naive_moves_exist(tmp_path: Path) -> None:
    """a, b and c are an hour apart: two spacing violations. Moving the later
    post of each pair takes two moves; moving b alone leaves a and c exactly
    min_gap apart, which is fine."""
    calendar = HEAD + (
        '  - {id: a, at: "2024-04-02 09:00", platform: weibo, pillar: story, title: A}\n'
        '  - {id: b, at: "2024-04-02 10:00", platform: weibo, pillar: story, title: B}\n'
        '  - {id: c, at: "2024-04-02 11:00", platform: weibo, pillar: story, title: C}\n'
    )
    brand, result, after = solve(tmp_path, calendar)
    assert [v.check for v in errors(brand)] == ["spacing", "spacing"]
    assert after == []
    assert moved(result) == {"b": "2024-04-02 15:00"}


def test_published_posts_never_move(tmp_path: Path) -> None:
    calendar = HEAD + (
        '  - {id: a, at: "2024-04-02 10:00", platform: weibo, pillar: story, title: A,'
        " status: published}\n"
        '  - {id: b, at: "2024-04-02 09:00", platform: weibo, pillar: story, title: B}\n'
    )
    _, result, after = solve(tmp_path, calendar)
    assert after == []
    assert list(moved(result)) == ["b"]


def test_a_post_may_stay_off_the_slots(tmp_path: Path) -> None:
    """a at 10:17 is no slot, but breaks nothing: it stays. b (in the quiet
    hours) takes the slot nearest to its time that keeps 2h from a: Monday
    18:00, 8 hours earlier (Tuesday 09:00 and 12:00 are too close to a)."""
    calendar = HEAD + (
        '  - {id: a, at: "2024-04-02 10:17", platform: weibo, pillar: story, title: A}\n'
        '  - {id: b, at: "2024-04-02 02:00", platform: weibo, pillar: story, title: B}\n'
    )
    _, result, after = solve(tmp_path, calendar)
    assert after == []
    assert moved(result) == {"b": "2024-04-01 18:00"}


def test_the_shift_is_as_small_as_possible(tmp_path: Path) -> None:
    calendar = HEAD + (
        '  - {id: a, at: "2024-04-03 20:00", platform: wechat, pillar: story, title: A}\n'
        '  - {id: b, at: "2024-04-03 08:00", platform: wechat, pillar: story, title: B}\n'
    )
    _, result, after = solve(tmp_path, calendar)
    assert after == []
    # b could go to any other evening of the week: Tuesday's is the closest.
    assert moved(result) == {"b": "2024-04-02 20:00"}


def test_moves_stay_in_the_week_unless_across_weeks(tmp_path: Path) -> None:
    """A repeated title needs 7 days between the two posts: no two times of
    one week are that far apart, so only --across-weeks can mend it."""
    rules = DUPLICATE_RULES
    calendar = HEAD + (
        '  - {id: a, at: "2024-04-01 09:00", platform: weibo, pillar: story, title: Same}\n'
        '  - {id: b, at: "2024-04-04 09:00", platform: weibo, pillar: story, title: Same}\n'
        '  - {id: c, at: "2024-04-10 12:00", platform: weibo, pillar: story, title: Other}\n'
    )
    _, result, after = solve(tmp_path, calendar, rules)
    assert [v.check for v in after] == ["duplicate"]
    assert result.moves == ()
    _, result, after = solve(tmp_path, calendar, rules, across=True)
    assert after == []
    assert moved(result) == {"b": "2024-04-08 09:00"}


def test_a_violation_left_never_stops_another_from_being_mended(tmp_path: Path) -> None:
    """b repeats a's title in the same week (no move mends that) and sits in
    the quiet hours (a move mends that): b moves, the duplicate stays."""
    rules = DUPLICATE_RULES
    calendar = HEAD + (
        '  - {id: a, at: "2024-04-01 09:00", platform: weibo, pillar: story, title: Same}\n'
        '  - {id: b, at: "2024-04-02 02:00", platform: weibo, pillar: story, title: Same}\n'
    )
    _, result, after = solve(tmp_path, calendar, rules)
    assert [v.check for v in after] == ["duplicate"]
    assert list(moved(result)) == ["b"]


@pytest.mark.parametrize("workers", [1, 8])
def test_the_answer_does_not_depend_on_threads(tmp_path: Path, workers: int) -> None:
    calendar = HEAD + "".join(
        f'  - {{id: p{n}, at: "2024-04-0{1 + n % 5} 0{n % 3 + 1}:00", platform: weibo,'
        f" pillar: story, title: T{n}}}\n"
        for n in range(9)
    )
    write(tmp_path, "rules.yaml", BASIC_RULES)
    write(tmp_path, "cal.yaml", calendar)
    brand = load(tmp_path / "cal.yaml", tmp_path / "rules.yaml")
    result = solve_repair(repair_problem(brand), SolverSettings(time_limit=60, workers=workers))
    reference = solve_repair(repair_problem(brand), SolverSettings(time_limit=60, workers=1))
    assert moved(result) == moved(reference)
    assert len(result.moves) == 9  # every post is in the quiet hours


@pytest.mark.parametrize(
    ("first", "to", "zone", "expected"),
    [
        ("2025-04-07 10:00", "2025-04-07 12:30", "Asia/Shanghai",
         "Moves in cal.yaml (2025, Asia/Shanghai time)"),
        ("2025-12-31 23:00", "2026-01-01 09:00", "Europe/Berlin",
         "Moves in cal.yaml (2025 and 2026, Europe/Berlin time)"),
        ("2025-04-07 10:00", "2025-04-07 12:30", None, "Moves in cal.yaml (2025)"),
    ],
)
def test_moves_table_title_names_the_file_year_and_zone(
    first: str, to: str, zone: str | None, expected: str
) -> None:
    where = zone or "Asia/Shanghai"
    moved = post("a1", first, zone=where)
    local = datetime.fromisoformat(to)
    slot = Slot("weibo", local, local.replace(tzinfo=ZoneInfo(where)).astimezone(UTC))
    owner = brand(moved, zone=zone) if zone else None
    assert moves_title([Move(moved, slot)], owner, "cal.yaml") == expected
