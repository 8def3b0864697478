"""role-fit: a platform with a role whose most frequent pillars miss its
target's largest ones (a warning)."""

from __future__ import annotations

import pytest

from contentplan.checks import role_fit
from contentplan.core.model import Rules
from tests.factory import brand, post, rules, week_of_posts

INFO = rules(platforms={"weibo": {"role": "information"}, "douyin": {"role": "entertainment"}})


TWO_LARGEST = rules(platforms={"weibo": {"role": "information",
                                         "mix": {"functional": 2, "story": 2, "trending": 1}}})


@pytest.mark.parametrize(
    ("platform", "counts", "rule_set", "expected"),
    [
        (
            "weibo",
            {"functional": 3, "story": 5, "trending": 1},
            INFO,
            "weibo (information, 6:2:2) mostly gets story posts (5 of 9), but its target "
            "gives functional the largest share and it gets only 3 functional posts: turn "
            "some story posts on weibo into functional ones, or post functional there more "
            "often",
        ),
        (
            "weibo",
            {"story": 3},
            INFO,
            "weibo (information, 6:2:2) mostly gets story posts (3 of 3), but its target "
            "gives functional the largest share and it gets no functional posts: turn some "
            "story posts on weibo into functional ones, or post functional there more often",
        ),
        (
            # The figures once read "its largest pillar is story (story 1)".
            "douyin",
            {"functional": 2, "story": 1, "trending": 1},
            INFO,
            "douyin (entertainment, 3:5:2) mostly gets functional posts (2 of 4), but its "
            "target gives story the largest share and it gets only 1 story post: turn some "
            "functional posts on douyin into story ones, or post story there more often",
        ),
        (
            "weibo",
            {"functional": 1, "trending": 3},
            TWO_LARGEST,
            "weibo (information, 2:2:1) mostly gets trending posts (3 of 4), but its target "
            "gives functional and story the largest shares and it gets only 1 functional "
            "post and no story posts: turn some trending posts on weibo into functional or "
            "story ones, or post functional or story there more often",
        ),
    ],
)
def test_the_message_says_what_the_figures_mean(
    platform: str, counts: dict[str, int], rule_set: Rules, expected: str
) -> None:
    b = brand(*week_of_posts("2024-03-25", platform, counts), rules=rule_set)
    [finding] = role_fit.check(b)
    assert finding.platform == platform
    assert finding.window is None
    assert finding.posts == ()
    assert finding.where == b.anchor
    assert finding.message == expected


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
