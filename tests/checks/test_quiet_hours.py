"""quiet-hours: [from, to) local time, wrapping midnight, platform over global."""

from __future__ import annotations

from contentplan.checks import quiet_hours
from tests.factory import brand, ids, post, rules

NIGHT = rules(platforms={"x": {"quiet_hours": ("23:00", "06:00")}})


def test_edges_of_hours_that_wrap_midnight() -> None:
    b = brand(
        post("x1", "2025-03-25 22:59", "x"),
        post("x2", "2025-03-25 23:00", "x"),
        post("x3", "2025-03-26 00:00", "x"),
        post("x4", "2025-03-26 05:59", "x"),
        post("x5", "2025-03-26 06:00", "x"),
        rules=NIGHT,
    )
    assert ids(quiet_hours.check(b)) == [("x2",), ("x3",), ("x4",)]


def test_message_and_window() -> None:
    [finding] = quiet_hours.check(brand(post("x2", "2025-03-25 23:00", "x"), rules=NIGHT))
    assert finding.window == "2025-W13"
    assert finding.platform == "x"
    assert finding.message == (
        "x2 at Tue 2025-03-25 23:00 is in x's quiet hours (23:00-06:00): "
        "move it before 23:00 or to 06:00 or later"
    )


def test_hours_within_one_day() -> None:
    lunch = rules(quiet_hours=("12:00", "13:30"))
    b = brand(
        post("a", "2025-03-25 11:59"),
        post("b", "2025-03-25 12:00"),
        post("c", "2025-03-25 13:29"),
        post("d", "2025-03-25 13:30"),
        rules=lunch,
    )
    assert ids(quiet_hours.check(b)) == [("b",), ("c",)]


def test_platform_hours_replace_the_global_ones() -> None:
    both = rules(
        quiet_hours=("00:30", "07:00"),
        platforms={"x": {"quiet_hours": ("23:00", "06:00")}, "weibo": {}},
    )
    b = brand(
        post("x-late", "2025-03-25 06:30", "x"),  # global quiet, but x has its own
        post("x-night", "2025-03-25 23:30", "x"),
        post("weibo-dawn", "2025-03-25 06:30", "weibo"),
        post("douyin-dawn", "2025-03-25 06:31", "douyin"),  # no profile: global
        rules=both,
    )
    assert ids(quiet_hours.check(b)) == [("weibo-dawn",), ("douyin-dawn",), ("x-night",)]


def test_no_quiet_hours_no_violations() -> None:
    assert list(quiet_hours.check(brand(post("a", "2025-03-25 03:00")))) == []


def test_equal_bounds_mean_none() -> None:
    b = brand(post("a", "2025-03-25 03:00"), rules=rules(quiet_hours=("03:00", "03:00")))
    assert list(quiet_hours.check(b)) == []
