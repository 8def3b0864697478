"""mix-brand: all platforms of a brand together, always against mix.target."""

from __future__ import annotations

from contentplan.checks import mix_brand
from tests.factory import brand, post, rules, week_of_posts

MONDAY = "2024-03-25"


def test_platforms_that_are_off_alone_can_be_on_together() -> None:
    b = brand(
        *week_of_posts(MONDAY, "weibo", {"functional": 5}),
        *week_of_posts(MONDAY, "douyin", {"story": 3, "trending": 2}),
    )
    assert list(mix_brand.check(b)) == []


def test_a_brand_week_out_of_band() -> None:
    b = brand(
        *week_of_posts(MONDAY, "weibo", {"functional": 5, "trending": 1}),
        *week_of_posts(MONDAY, "douyin", {"functional": 3, "story": 1}),
    )
    [finding] = mix_brand.check(b)
    assert finding.platform is None
    assert finding.window == "2024-W13"
    assert len(finding.posts) == 10
    assert finding.expected == {"functional": (4, 6), "story": (2, 4), "trending": (1, 3)}
    assert finding.actual == {"functional": 8, "story": 1, "trending": 1}
    assert finding.message == (
        "acme (all platforms) 2024-W13: functional 8 of 10 posts, needs 4..6; story 1, "
        "needs 2..4 (5:3:2 ±10%): turn 2 functional posts into story ones, or add story posts"
    )


def test_platform_targets_do_not_apply() -> None:
    # weibo's own 6:2:2 would fail 5:3:2 on its own; brand-wide it is 5:3:2.
    posts = week_of_posts(MONDAY, "weibo", {"functional": 5, "story": 3, "trending": 2})
    own = rules(platforms={"weibo": {"mix": {"functional": 1, "story": 8, "trending": 1}}})
    assert list(mix_brand.check(brand(*posts, rules=own))) == []


def test_scope_platform_only_turns_it_off() -> None:
    posts = week_of_posts(MONDAY, "weibo", {"story": 5})
    assert list(mix_brand.check(brand(*posts, rules=rules(scope=["platform"])))) == []
    assert len(list(mix_brand.check(brand(*posts, rules=rules(scope=["brand"]))))) == 1


def test_month_windows_name_the_month() -> None:
    b = brand(
        post("a", "2024-02-29 23:59", "weibo", "story"),
        post("b", "2024-03-01 00:00", "weibo", "story"),
        post("c", "2024-03-01 00:01", "douyin", "story"),
        rules=rules(window="month"),
    )
    assert [f.window for f in mix_brand.check(b)] == ["2024-03"]


def test_min_posts_applies_to_the_brand_group() -> None:
    posts = week_of_posts(MONDAY, "weibo", {"story": 2}) + week_of_posts(
        MONDAY, "douyin", {"story": 2}
    )
    assert list(mix_brand.check(brand(*posts, rules=rules(min_posts=5)))) == []
    assert len(list(mix_brand.check(brand(*posts, rules=rules(min_posts=4))))) == 1
