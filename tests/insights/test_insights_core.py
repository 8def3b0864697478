"""The statistics of `contentplan insights` (stats/insights.py), on measured
posts built here: intervals, verdicts, and a planted effect found while pure
noise yields nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentplan.core.engagement import Measurement
from contentplan.core.model import Post
from contentplan.stats import insights as stats
from contentplan.stats.insights import build_insights
from tests.factory import post


@dataclass(frozen=True, slots=True)
class Outcome:
    """A stand-in for load.results.Outcome: a post and its measurement."""

    post: Post
    measurement: Measurement


MEASURED = datetime(2025, 4, 30, tzinfo=UTC)
START = datetime(2025, 3, 3, 9, 0)  # a Monday


def outcome(item: Post, likes: int, impressions: int = 0) -> Outcome:
    counts = {"likes": likes}
    if impressions:
        counts["impressions"] = impressions
    return Outcome(item, Measurement(item.id, MEASURED, counts))


def posts_with(
    values: list[int], pillar: str, platform: str = "douyin", **fields: object
) -> list[Outcome]:
    """One post a day at 09:00 from START, on ``pillar``, earning ``values``."""
    found = []
    for index, value in enumerate(values):
        at = START + timedelta(days=index)
        item = post(
            f"{pillar}-{platform}-{index}",
            at.strftime("%Y-%m-%d %H:%M"),
            platform,
            pillar,
            **fields,
        )
        found.append(outcome(item, value))
    return found


def pillar_cells(result: stats.Insights, platform: str = "douyin") -> dict[str, stats.Cell]:
    found = next(p for p in result.platforms if p.platform == platform)
    dimension = next(d for d in found.dimensions if d.name == "pillar")
    return {cell.key: cell for cell in dimension.cells}


def noisy(rng: random.Random, count: int, mean: float) -> list[int]:
    """Counts with a long tail, as interactions have (log-normal, CV about 0.8)."""
    return [round(rng.lognormvariate(0, 0.7) * mean / 1.28) for _ in range(count)]


counts = st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=25)


@settings(max_examples=60, deadline=None)
@given(counts, counts)
def test_intervals_contain_the_estimate(story: list[int], functional: list[int]) -> None:
    result = build_insights(posts_with(story, "story") + posts_with(functional, "functional"))
    for platform in result.platforms:
        assert platform.interactions.interval.low <= platform.interactions.mean
        assert platform.interactions.mean <= platform.interactions.interval.high
        for dimension in platform.dimensions:
            for cell in dimension.cells:
                low, high = cell.interactions.interval.low, cell.interactions.interval.high
                assert low <= cell.interactions.mean <= high
                if cell.ratio is not None:
                    assert cell.ratio_interval is not None
                    assert cell.ratio_interval.low <= cell.ratio <= cell.ratio_interval.high


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=3, max_size=15))
def test_intervals_widen_as_posts_are_fewer(values: list[int]) -> None:
    """The same values four times over (four times the posts, the same
    spread) give an interval no wider than the values once."""
    few = pillar_cells(build_insights(posts_with(values, "story")))["story"]
    many = pillar_cells(build_insights(posts_with(values * 4, "story")))["story"]
    width = few.interactions.interval.high - few.interactions.interval.low
    narrower = many.interactions.interval.high - many.interactions.interval.low
    assert narrower <= width
    if len(set(values)) > 1:
        assert narrower < width


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30))
def test_identical_groups_never_stand_out(values: list[int]) -> None:
    outcomes = (
        posts_with(values, "functional")
        + posts_with(values, "story")
        + posts_with(values, "trending")
    )
    result = build_insights(outcomes)
    for cell in pillar_cells(result).values():
        assert not cell.stands_out
        if cell.ratio is not None:
            assert cell.ratio == 1.0
    standing = [f for f in result.findings if f.kind in (stats.HIGHER, stats.LOWER)]
    assert not [f for f in standing if f.dimension == "pillar"]


def test_a_planted_2x_effect_on_60_posts_is_found() -> None:
    rng = random.Random(15)
    outcomes = posts_with(noisy(rng, 30, 2000), "story") + posts_with(
        noisy(rng, 30, 1000), "functional"
    )
    result = build_insights(outcomes)
    cells = pillar_cells(result)
    story = cells["story"]
    assert story.verdict == stats.HIGHER
    assert story.ratio is not None and story.ratio_interval is not None
    assert story.ratio_interval.low > 1.0
    assert story.ratio_interval.low <= 2.0 <= story.ratio_interval.high
    assert cells["functional"].verdict == stats.LOWER
    texts = [f.text for f in result.findings if f.kind == stats.HIGHER]
    assert any(text.startswith("douyin story posts: ") for text in texts), texts
    # two pillars: one finding, one against the other (not its mirror too)
    assert texts == [
        "douyin story posts: 2.2× the interactions of douyin functional posts, "
        "90 % interval 1.5–3.4, 30 posts (against 30)"
    ]
    assert "30 posts (against 30)" in texts[0]


def test_pure_noise_yields_no_finding() -> None:
    """No effect: every post drawn from one distribution, spread over three
    pillars, formats and two slots. Across 20 datasets the family-wise 90 %
    allows about two with any finding at all; more means the intervals are
    too narrow."""
    with_findings = 0
    for seed in range(20):
        rng = random.Random(seed)
        outcomes: list[Outcome] = []
        for index in range(90):
            at = START + timedelta(days=index // 2, hours=9 * (index % 2))
            item = post(
                f"p{index}",
                at.strftime("%Y-%m-%d %H:%M"),
                "douyin",
                ("functional", "story", "trending")[index % 3],
                format=("video", "short-video")[index % 2 == 0 and index % 4 == 0],
            )
            outcomes.append(outcome(item, noisy(rng, 1, 1000)[0]))
        result = build_insights(outcomes)
        if any(f.kind in (stats.HIGHER, stats.LOWER) for f in result.findings):
            with_findings += 1
    assert with_findings <= 3, with_findings


def test_three_posts_are_too_thin_to_say() -> None:
    outcomes = posts_with([9000, 9500, 9900], "story") + posts_with([100] * 40, "functional")
    cells = pillar_cells(build_insights(outcomes))
    assert cells["story"].verdict == stats.FEW
    assert cells["story"].ratio is not None and cells["story"].ratio > 50
    thin = [f for f in build_insights(outcomes).findings if f.kind == "thin"]
    assert any("douyin by pillar: too thin to say for 2 of 2 cells" in f.text for f in thin), thin


def test_the_same_results_give_the_same_intervals() -> None:
    rng = random.Random(3)
    outcomes = posts_with(noisy(rng, 25, 500), "story") + posts_with(
        noisy(rng, 25, 800), "functional"
    )
    assert build_insights(outcomes) == build_insights(list(reversed(outcomes)))


def test_rates_where_impressions_exist() -> None:
    rated = [outcome(p.post, 50, impressions=1000) for p in posts_with([0] * 12, "story")]
    unrated = posts_with([50] * 12, "functional")
    cells = pillar_cells(build_insights(rated + unrated))
    assert cells["story"].rate is not None
    assert cells["story"].rate.mean == pytest.approx(0.05)
    assert cells["story"].rated == 12
    assert cells["functional"].rate is None


def test_topic_age_counts_from_the_brands_first_post_on_the_topic() -> None:
    first = post("w", "2025-03-15 09:00", "weibo", "trending", topic="equinox")
    later = post("d", "2025-03-16 10:00", "douyin", "trending", topic="equinox")
    starts = stats.topic_starts([later, first])
    assert stats.topic_age_hours(later, starts) == 25.0
    assert stats.age_bucket(25.0) == "1–2 days"
    assert stats.age_bucket(0.0) == "first 6 h"
    assert stats.topic_age_hours(post("x", "2025-03-16 10:00"), starts) is None
    # only douyin's post was measured: its age still counts from weibo's
    result = build_insights([outcome(later, 10)], all_posts=[first, later])
    ages = next(d for d in result.platforms[0].dimensions if d.name == "topic_age")
    assert [cell.key for cell in ages.cells] == ["1–2 days"]
