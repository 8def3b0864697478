"""mix: one platform's window against its band (SPEC §3.1, §3.2)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from contentplan.checks import mix
from contentplan.core.band import mix_band
from tests.factory import brand, ids, post, rules, week_of_posts

MONDAY = "2024-03-25"  # 2024-W13


def test_a_week_on_target_passes() -> None:
    posts = week_of_posts(MONDAY, "weibo", {"functional": 5, "story": 3, "trending": 2})
    assert list(mix.check(brand(*posts))) == []


def test_a_week_out_of_band_names_every_post_and_every_pillar() -> None:
    posts = week_of_posts(MONDAY, "weibo", {"functional": 2, "story": 8})
    [finding] = mix.check(brand(*posts))
    assert finding.platform == "weibo"
    assert finding.window == "2024-W13"
    assert {p.id for p in finding.posts} == {p.id for p in posts}
    assert finding.expected == {"functional": (4, 6), "story": (2, 4), "trending": (1, 3)}
    assert finding.actual == {"functional": 2, "story": 8, "trending": 0}


def test_message_says_which_pillars_and_what_to_turn() -> None:
    b = brand(
        *week_of_posts(MONDAY, "weibo", {"functional": 2, "story": 5, "trending": 3}),
        rules=rules(platforms={"weibo": {"role": "information"}}),
    )
    [finding] = mix.check(b)
    assert finding.message == (
        "weibo 2024-W13: functional 2 of 10 posts, needs 5..7; story 5, needs 1..3 "
        "(6:2:2 ±10%): turn 3 story posts into functional ones, or add functional posts"
    )


def test_message_for_a_pillar_over_its_band_only() -> None:
    b = brand(*week_of_posts(MONDAY, "weibo", {"functional": 7, "story": 2, "trending": 1}))
    [finding] = mix.check(b)
    assert finding.message == (
        "weibo 2024-W13: functional 7 of 10 posts, needs 4..6 (5:3:2 ±10%): "
        "turn 1 functional post into a story one, or drop functional posts"
    )


def test_a_group_below_min_posts_is_not_judged() -> None:
    posts = week_of_posts(MONDAY, "weibo", {"story": 3})
    assert list(mix.check(brand(*posts, rules=rules(min_posts=4)))) == []
    assert len(list(mix.check(brand(*posts, rules=rules(min_posts=3))))) == 1


def test_scope_brand_only_turns_it_off() -> None:
    posts = week_of_posts(MONDAY, "weibo", {"story": 3})
    assert list(mix.check(brand(*posts, rules=rules(scope=["brand"])))) == []


def test_role_default_applies_with_default_pillars() -> None:
    # 4:4:2 fits 5:3:2 (functional 4..6) but not information 6:2:2 (5..7).
    posts = week_of_posts(MONDAY, "weibo", {"functional": 4, "story": 4, "trending": 2})
    assert list(mix.check(brand(*posts))) == []
    [finding] = mix.check(brand(*posts, rules=rules(platforms={"weibo": {"role": "information"}})))
    assert finding.expected is not None and finding.expected["functional"] == (5, 7)


def test_platform_mix_beats_role() -> None:
    posts = week_of_posts(MONDAY, "weibo", {"functional": 4, "story": 4, "trending": 2})
    own = {"role": "information", "mix": {"functional": 4, "story": 4, "trending": 2}}
    assert list(mix.check(brand(*posts, rules=rules(platforms={"weibo": own})))) == []


def test_role_default_does_not_apply_to_custom_pillars() -> None:
    custom = rules(
        pillars=["educational", "promotional", "curated"],
        target={"educational": 4, "promotional": 1, "curated": 1},
        platforms={"weibo": {"role": "information"}},
    )
    posts = week_of_posts(MONDAY, "weibo", {"educational": 4, "promotional": 1, "curated": 1})
    assert list(mix.check(brand(*posts, rules=custom))) == []


def test_each_platform_and_week_is_its_own_group() -> None:
    b = brand(
        *week_of_posts(MONDAY, "weibo", {"functional": 5, "story": 3, "trending": 2}),
        *week_of_posts(MONDAY, "douyin", {"story": 2}),
        *week_of_posts("2024-04-01", "weibo", {"trending": 2}, prefix="w14-"),
    )
    found = {(f.platform, f.window) for f in mix.check(b)}
    assert found == {("douyin", "2024-W13"), ("weibo", "2024-W14")}


def test_week_edge_is_local_midnight_not_utc() -> None:
    # Shanghai is UTC+8: Monday 00:00 and 00:30 local are still Sunday in UTC.
    # Two story posts alone leave the band (story 0..1, functional 1..1).
    b = brand(
        post("sun1", "2024-03-31 23:00", "weibo", "story"),
        post("sun2", "2024-03-31 23:59", "weibo", "story"),
        post("mon1", "2024-04-01 00:00", "weibo", "story"),
        post("mon2", "2024-04-01 00:30", "weibo", "story"),
    )
    windows = {f.window: ids([f]) for f in mix.check(b)}
    assert windows == {"2024-W13": [("sun1", "sun2")], "2024-W14": [("mon1", "mon2")]}


def test_a_single_post_always_fits() -> None:
    # N = 1: every band of 5:3:2 ±10% is 0..1 (rounding forces it).
    assert list(mix.check(brand(post("a", "2024-03-25 09:00", "weibo", "trending")))) == []


def test_month_window() -> None:
    b = brand(
        post("a", "2024-03-04 09:00", "weibo", "functional"),
        post("b", "2024-03-25 09:00", "weibo", "story"),
        post("c", "2024-03-31 23:59", "weibo", "trending"),
        post("d1", "2024-04-01 00:00", "weibo", "story"),
        post("d2", "2024-04-30 23:59", "weibo", "story"),
        rules=rules(window="month"),
    )
    found = {f.window: ids([f])[0] for f in mix.check(b)}
    # March: 1:1:1 of 3 fits 5:3:2 ±10% (functional 1..2, story 0..1,
    # trending 0..1), whatever weeks the posts fall in. April does not.
    assert found == {"2024-04": ("d1", "d2")}


def test_plan_turns_example() -> None:
    band = {"functional": (5, 7), "story": (1, 3), "trending": (1, 3)}
    assert mix.plan_turns(band, {"functional": 2, "story": 5, "trending": 3}) == [
        (3, "story", "functional")
    ]
    assert mix.plan_turns(band, {"functional": 8, "story": 1, "trending": 1}) == [
        (1, "functional", "story")
    ]


@given(
    ratios=st.lists(st.integers(1, 9), min_size=2, max_size=4),
    tolerance=st.sampled_from(["0", "0.05", "0.10", "0.25"]),
    counts=st.lists(st.integers(0, 15), min_size=4, max_size=4),
)
def test_plan_turns_mends_any_window_in_the_fewest_turns(
    ratios: list[int], tolerance: str, counts: list[int]
) -> None:
    pillars = [f"p{i}" for i in range(len(ratios))]
    actual = dict(zip(pillars, counts, strict=False))
    band = mix_band({p: Fraction(r) for p, r in zip(pillars, ratios, strict=True)},
                    Fraction(tolerance), sum(actual.values()))
    turns = mix.plan_turns(band, actual)
    after = dict(actual)
    for amount, source, goal in turns:
        assert amount > 0 and source != goal
        after[source] -= amount
        after[goal] += amount
    assert all(lo <= after[p] <= hi for p, (lo, hi) in band.items())
    short = sum(max(lo - actual[p], 0) for p, (lo, _) in band.items())
    over = sum(max(actual[p] - hi, 0) for p, (_, hi) in band.items())
    assert sum(amount for amount, _, _ in turns) == max(short, over)
