"""role-fit: a platform with a role whose most frequent pillars miss its
target's largest ones (a warning)."""

from __future__ import annotations

from contentplan.checks import role_fit
from tests.factory import brand, post, rules, week_of_posts

INFO = rules(platforms={"weibo": {"role": "information"}, "douyin": {"role": "entertainment"}})


def test_an_information_platform_that_mostly_tells_stories() -> None:
    b = brand(
        *week_of_posts("2024-03-25", "weibo", {"functional": 3, "story": 5, "trending": 1}),
        rules=INFO,
    )
    [finding] = role_fit.check(b)
    assert finding.platform == "weibo"
    assert finding.window is None
    assert finding.posts == ()
    assert finding.where == b.anchor
    assert finding.message == (
        "weibo (information, 6:2:2) mostly gets story posts (5 of 9), but its largest "
        "pillar is functional (functional 3): turn some story posts on weibo into "
        "functional ones, or post functional there more often"
    )


def test_a_tie_that_includes_the_largest_pillar_fits() -> None:
    b = brand(*week_of_posts("2024-03-25", "weibo", {"functional": 4, "story": 4}), rules=INFO)
    assert list(role_fit.check(b)) == []


def test_counted_over_every_week() -> None:
    b = brand(
        *week_of_posts("2024-03-25", "douyin", {"functional": 3}),
        *week_of_posts("2024-04-01", "douyin", {"story": 2}, prefix="a"),
        *week_of_posts("2024-04-08", "douyin", {"story": 2}, prefix="b"),
        rules=INFO,
    )
    assert list(role_fit.check(b)) == []  # story 4 of 7 leads, as entertainment wants


def test_platforms_without_a_role_or_posts_are_not_judged() -> None:
    b = brand(
        *week_of_posts("2024-03-25", "x", {"story": 5}),
        rules=rules(platforms={"x": {}, "weibo": {"role": "information"}}),
    )
    assert list(role_fit.check(b)) == []


def test_platform_mix_sets_the_largest_pillars() -> None:
    own = rules(platforms={"weibo": {"role": "information",
                                     "mix": {"functional": 2, "story": 2, "trending": 1}}})
    b = brand(*week_of_posts("2024-03-25", "weibo", {"story": 5, "functional": 1}), rules=own)
    assert list(role_fit.check(b)) == []


def test_custom_pillars_use_the_mix_target() -> None:
    custom = rules(
        pillars=["educational", "promotional", "curated"],
        target={"educational": 4, "promotional": 1, "curated": 1},
        platforms={"weibo": {"role": "information"}},
    )
    b = brand(
        post("a", "2024-03-25 09:00", "weibo", "promotional"),
        post("b", "2024-03-25 10:00", "weibo", "promotional"),
        post("c", "2024-03-25 11:00", "weibo", "educational"),
        rules=custom,
    )
    [finding] = role_fit.check(b)
    assert "(information, 4:1:1) mostly gets promotional posts (2 of 3)" in finding.message
