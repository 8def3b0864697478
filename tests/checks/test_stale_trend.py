"""stale-trend: later than expires; later than max_age after the brand's
first post on the topic."""

from __future__ import annotations

from contentplan.checks import stale_trend
from tests.factory import brand, ids, post, rules

DAY = rules(max_age="24h")


def test_at_expires_is_fine_a_minute_later_is_stale() -> None:
    b = brand(
        post("a", "2025-03-28 10:00", expires="2025-03-28 10:00"),
        post("b", "2025-03-28 13:00", expires="2025-03-28 12:59"),
    )
    [finding] = stale_trend.check(b)
    assert ids([finding]) == [("b",)]
    assert finding.window == "2025-W13"
    assert finding.message == (
        "b goes out at 2025-03-28 13:00, after it expires (2025-03-28 12:59): "
        "move it to 2025-03-28 12:59 or earlier, or drop it"
    )


def test_topic_age_edges() -> None:
    b = brand(
        post("first", "2025-03-28 10:00", "weibo", "trending", topic="t1"),
        post("same-age", "2025-03-29 10:00", "douyin", "story", topic="t1"),
        post("late", "2025-03-29 10:01", "weibo", "functional", topic="t1"),
        post("other", "2025-04-20 10:00", "weibo", "trending", topic="t2"),
        rules=DAY,
    )
    [finding] = stale_trend.check(b)
    assert ids([finding]) == [("late",)]
    assert finding.platform == "weibo"
    assert finding.message == (
        "late on t1 goes out 24h1m after the brand's first post on t1 (first at "
        "2025-03-28 10:00), more than 24h: move it to 2025-03-29 10:00 or earlier, or drop it"
    )


def test_max_age_is_elapsed_time_across_dst() -> None:
    # Berlin 2025-03-30 springs forward: 24h after Sat 10:00 CET is Sun 11:00 CEST.
    berlin = "Europe/Berlin"
    b = brand(
        post("first", "2025-03-29 10:00", zone=berlin, topic="t1"),
        post("ok", "2025-03-30 11:00", zone=berlin, topic="t1"),
        post("late", "2025-03-30 11:01", zone=berlin, topic="t1"),
        rules=DAY,
        zone=berlin,
    )
    assert ids(stale_trend.check(b)) == [("late",)]


def test_without_max_age_topics_never_go_stale() -> None:
    b = brand(post("a", "2025-03-01 10:00", topic="t1"), post("b", "2025-06-01 10:00", topic="t1"))
    assert list(stale_trend.check(b)) == []


def test_stale_both_ways_is_one_violation() -> None:
    b = brand(
        post("first", "2025-03-28 10:00", topic="t1"),
        post("b", "2025-03-30 10:00", topic="t1", expires="2025-03-29 10:00"),
        rules=DAY,
    )
    [finding] = stale_trend.check(b)
    assert "after it expires" in finding.message
    assert "after the brand's first post on t1" in finding.message
