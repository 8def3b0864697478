"""cadence: max_per_day, max_per_week, min_per_week, on local days and ISO weeks."""

from __future__ import annotations

from contentplan.checks import cadence
from contentplan.checks.engine import run_checks
from tests.factory import brand, ids, post, rules


def test_one_push_a_day_passes() -> None:
    b = brand(
        post("a", "2024-03-25 23:59", "wechat"),
        post("b", "2024-03-26 00:00", "wechat"),
        rules=rules(platforms={"wechat": {"max_per_day": 1}}),
    )
    assert list(cadence.check(b)) == []


def test_two_pushes_on_one_local_day_name_both() -> None:
    # 07:00 Shanghai is 23:00 UTC the day before: the local day decides.
    b = brand(
        post("a", "2024-03-25 07:00", "wechat"),
        post("b", "2024-03-25 20:00", "wechat"),
        post("c", "2024-03-26 20:00", "wechat"),
        rules=rules(platforms={"wechat": {"max_per_day": 1}}),
    )
    [finding] = cadence.check(b)
    assert ids([finding]) == [("a", "b")]
    assert finding.window == "2024-W13"
    assert finding.message == (
        "wechat 2024-W13: 2 posts on Mon 2024-03-25, at most 1 a day: "
        "move 1 of them to another day"
    )


def test_other_platforms_do_not_count() -> None:
    b = brand(
        post("a", "2024-03-25 08:00", "wechat"),
        post("b", "2024-03-25 09:00", "weibo"),
        rules=rules(platforms={"wechat": {"max_per_day": 1}, "weibo": {}}),
    )
    assert list(cadence.check(b)) == []


def test_max_per_week_exactly_is_fine_one_more_is_not() -> None:
    limits = rules(platforms={"weibo": {"max_per_week": 3}})
    week = [post(f"p{i}", f"2024-03-{25 + i} 09:00") for i in range(3)]
    # Monday 00:30 local is still Sunday in UTC: it belongs to the next week.
    monday = post("next", "2024-04-01 00:30")
    assert list(cadence.check(brand(*week, monday, rules=limits))) == []
    sunday = post("sun", "2024-03-31 23:59")
    [finding] = cadence.check(brand(*week, sunday, monday, rules=limits))
    assert ids([finding]) == [("p0", "p1", "p2", "sun")]
    assert finding.window == "2024-W13"
    assert "4 posts in the week, at most 3 a week: move 1 of them" in finding.message


def test_min_per_week_for_every_week_from_first_post_to_last() -> None:
    limits = rules(platforms={"weibo": {"min_per_week": 2}})
    b = brand(
        post("a", "2024-03-25 09:00"),
        post("b", "2024-03-26 09:00"),
        post("c", "2024-04-10 09:00"),  # W15; W14 is empty
        rules=limits,
    )
    found = {f.window: f for f in cadence.check(b)}
    assert set(found) == {"2024-W14", "2024-W15"}
    empty = found["2024-W14"]
    assert empty.posts == ()
    assert empty.where == b.anchor
    assert empty.message == (
        "weibo 2024-W14: 0 posts in the week, needs at least 2 a week: "
        "add 2 weibo posts that week"
    )
    assert ids([found["2024-W15"]]) == [("c",)]


def test_min_per_week_only_for_planning_platforms() -> None:
    limits = rules(platforms={"weibo": {"min_per_week": 2}}, planning=[])
    assert list(cadence.check(brand(post("a", "2024-03-25 09:00"), rules=limits))) == []


def test_min_per_week_for_a_planning_platform_without_posts() -> None:
    limits = rules(platforms={"weibo": {}, "douyin": {"min_per_week": 1}})
    b = brand(post("a", "2024-03-25 09:00"), post("b", "2024-04-01 09:00"), rules=limits)
    assert sorted((f.platform, f.window) for f in cadence.check(b)) == [
        ("douyin", "2024-W13"),
        ("douyin", "2024-W14"),
    ]


def test_min_per_week_zero_is_not_judged() -> None:
    limits = rules(platforms={"weibo": {"min_per_week": 0}})
    assert list(cadence.check(brand(post("a", "2024-03-25 09:00"), rules=limits))) == []


def test_weeks_across_a_dst_change_are_local() -> None:
    # Berlin springs forward on Sunday 2025-03-30; Sunday 23:30 is W13.
    limits = rules(platforms={"x": {"max_per_day": 2}})
    b = brand(
        post("a", "2025-03-30 00:30", "x", zone="Europe/Berlin"),
        post("b", "2025-03-30 03:00", "x", zone="Europe/Berlin"),
        post("c", "2025-03-30 23:30", "x", zone="Europe/Berlin"),
        rules=limits,
        zone="Europe/Berlin",
    )
    [finding] = cadence.check(b)
    assert ids([finding]) == [("a", "b", "c")]
    assert finding.window == "2025-W13"


def test_a_day_that_is_the_whole_week_is_one_violation() -> None:
    limits = rules(platforms={"wechat": {"max_per_day": 1, "max_per_week": 1}})
    b = brand(post("a", "2024-03-25 08:00", "wechat"), post("b", "2024-03-25 20:00", "wechat"),
              rules=limits)
    [violation] = run_checks([b], select=["cadence"])
    assert violation.post_ids == ("a", "b")
    assert "at most 1 a day" in violation.message and "at most 1 a week" in violation.message
