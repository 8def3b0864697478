"""spacing: consecutive posts on one platform closer than min_gap."""

from __future__ import annotations

from contentplan.checks import spacing
from tests.factory import brand, ids, post, rules

GAP_3H = rules(platforms={"linkedin": {"min_gap": "3h"}, "x": {"min_gap": "0m"}})
BERLIN = "Europe/Berlin"


def test_exactly_min_gap_is_fine_one_minute_less_is_not() -> None:
    b = brand(
        post("a", "2025-03-24 09:00", "linkedin"),
        post("b", "2025-03-24 12:00", "linkedin"),
        post("c", "2025-03-24 14:59", "linkedin"),
        rules=GAP_3H,
    )
    [finding] = spacing.check(b)
    assert ids([finding]) == [("b", "c")]
    assert finding.platform == "linkedin"
    assert finding.window == "2025-W13"
    assert finding.message == (
        "linkedin: b and c are 2h59m apart, at least 3h needed: move c to "
        "2025-03-24 15:00 or later, or b to 2025-03-24 11:59 or earlier"
    )


def test_one_violation_per_pair_of_neighbours() -> None:
    b = brand(
        post("a", "2025-03-24 09:00", "linkedin"),
        post("b", "2025-03-24 10:00", "linkedin"),
        post("c", "2025-03-24 11:00", "linkedin"),
        rules=GAP_3H,
    )
    assert ids(spacing.check(b)) == [("a", "b"), ("b", "c")]


def test_other_platforms_sit_between_freely() -> None:
    b = brand(
        post("a", "2025-03-24 09:00", "linkedin"),
        post("x", "2025-03-24 10:00", "x"),
        post("b", "2025-03-24 12:00", "linkedin"),
        rules=GAP_3H,
    )
    assert list(spacing.check(b)) == []


def test_zero_gap_allows_the_same_minute() -> None:
    b = brand(post("a", "2025-03-24 09:00", "x"), post("b", "2025-03-24 09:00", "x"), rules=GAP_3H)
    assert list(spacing.check(b)) == []


def test_the_same_minute_breaks_a_real_gap() -> None:
    b = brand(post("a", "2025-03-24 09:00", "linkedin"), post("b", "2025-03-24 09:00", "linkedin"),
              rules=GAP_3H)
    assert ids(spacing.check(b)) == [("a", "b")]


def test_gap_is_elapsed_time_across_dst() -> None:
    # Berlin 2025-03-30: 02:00 becomes 03:00. 01:30 to 04:00 on the wall is
    # 2h30m, but only 1h30m elapses; 00:00 to 04:00 is 3h elapsed.
    gap = rules(platforms={"linkedin": {"min_gap": "2h"}})
    short = brand(
        post("a", "2025-03-30 01:30", "linkedin", zone=BERLIN),
        post("b", "2025-03-30 04:00", "linkedin", zone=BERLIN),
        rules=gap,
        zone=BERLIN,
    )
    [finding] = spacing.check(short)
    assert "1h30m apart" in finding.message
    assert "move b to 2025-03-30 04:30 or later" in finding.message
    fine = brand(
        post("a", "2025-03-30 01:00", "linkedin", zone=BERLIN),
        post("b", "2025-03-30 04:00", "linkedin", zone=BERLIN),
        rules=gap,
        zone=BERLIN,
    )
    assert list(spacing.check(fine)) == []


def test_pair_across_a_week_edge_takes_the_first_posts_week() -> None:
    b = brand(
        post("sun", "2025-03-30 23:00", "linkedin"),
        post("mon", "2025-03-31 00:30", "linkedin"),
        rules=GAP_3H,
    )
    [finding] = spacing.check(b)
    assert finding.window == "2025-W13"


def test_platform_without_min_gap_is_not_checked() -> None:
    b = brand(post("a", "2025-03-24 09:00", "weibo"), post("b", "2025-03-24 09:01", "weibo"),
              rules=GAP_3H)
    assert list(spacing.check(b)) == []
