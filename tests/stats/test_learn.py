"""The learned slot values: empirical Bayes shrinkage toward the platform's
mean, the prior for untried slots, and the points the planner gets."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, time

import pytest

from contentplan.core.engagement import Measurement
from contentplan.core.model import Post
from contentplan.stats.learn import POINTS, learn
from tests.factory import post


@dataclass(frozen=True)
class Outcome:
    post: Post
    measurement: Measurement


def outcome(ident: str, at: str, likes: int, platform: str = "weibo") -> Outcome:
    measured = Measurement(ident, datetime(2024, 6, 1, tzinfo=UTC), {"likes": likes})
    return Outcome(post(ident, at, platform), measured)


# Mondays and Tuesdays of April 2024.
MONDAYS = ["2024-04-01", "2024-04-08", "2024-04-15", "2024-04-22", "2024-04-29"]
TUESDAYS = ["2024-04-02", "2024-04-09", "2024-04-16", "2024-04-23", "2024-04-30"]


def test_by_hand() -> None:
    # Monday 09:00: y = log 2, log 4; Tuesday 18:00: log 8, log 16; one post
    # Monday 12:00: log 32.
    rows = [
        outcome("a", "2024-04-01 09:00", 1),
        outcome("b", "2024-04-08 09:00", 3),
        outcome("c", "2024-04-02 18:00", 7),
        outcome("d", "2024-04-09 18:00", 15),
        outcome("e", "2024-04-01 12:00", 31),
    ]
    model = learn(rows).platforms["weibo"]
    ln2 = math.log(2)
    ys = {"mon9": [ln2, 2 * ln2], "tue18": [3 * ln2, 4 * ln2], "mon12": [5 * ln2]}
    mu = sum(y for group in ys.values() for y in group) / 5
    assert model.mean == pytest.approx(mu)
    # pooled within: two slots of two posts, each ±ln2/2: 4 * (ln2/2)² over 5 - 3
    within = 4 * (ln2 / 2) ** 2 / 2
    assert model.within == pytest.approx(within)
    means = [1.5 * ln2, 3.5 * ln2, 5 * ln2]
    centre = sum(means) / 3
    spread = sum((m - centre) ** 2 for m in means) / 2
    between = spread - (within / 2 + within / 2 + within / 1) / 3
    assert model.between == pytest.approx(between)
    tuesday = model.slots[(1, time(18))]
    weight = 2 / (2 + within / between)
    assert tuesday.weight == pytest.approx(weight)
    assert tuesday.mean == pytest.approx(mu + weight * (3.5 * ln2 - mu))
    assert tuesday.sd == pytest.approx(
        math.sqrt(weight * within / 2 + (1 - weight) ** 2 * within / 5)
    )
    thin = model.slots[(0, time(12))]
    assert thin.posts == 1 and thin.label == "thin"
    assert 0 < thin.weight < tuesday.weight  # one post keeps less of its own mean
    low, high = tuesday.interval
    assert low < tuesday.interactions < high


def test_thin_slots_stay_near_the_mean_and_thick_ones_keep_theirs() -> None:
    rows = [outcome(f"m{n}", f"{day} 09:00", 100 + n) for n, day in enumerate(MONDAYS)]
    rows += [outcome(f"t{n}", f"{day} 09:00", 10 + n) for n, day in enumerate(TUESDAYS)]
    rows += [outcome(f"w{n}", f"{day} 18:00", 1000) for n, day in enumerate(MONDAYS[:1])]
    model = learn(rows).platforms["weibo"]
    monday, tuesday = model.slots[(0, time(9))], model.slots[(1, time(9))]
    single = model.slots[(0, time(18))]
    assert monday.weight > single.weight
    assert abs(monday.mean - monday.observed) < abs(single.mean - single.observed)  # type: ignore[operator]
    assert monday.interactions > tuesday.interactions
    assert single.mean < single.observed  # type: ignore[operator]


def test_no_slot_effect_means_every_slot_is_the_platform_mean() -> None:
    # Both slots see the same values: the spread of their means is all noise.
    rows = [outcome(f"m{n}", f"{day} 09:00", [5, 50][n % 2]) for n, day in enumerate(MONDAYS)]
    rows += [outcome(f"t{n}", f"{day} 09:00", [5, 50][n % 2]) for n, day in enumerate(TUESDAYS)]
    model = learn(rows).platforms["weibo"]
    assert model.between == 0
    assert [slot.mean for slot in model.slots.values()] == pytest.approx([model.mean] * 2)
    assert all(slot.weight == 0 for slot in model.slots.values())


def test_untried_slots_get_the_prior_and_platforms_without_results_nothing() -> None:
    rows = [outcome(f"m{n}", f"{day} 09:00", 100) for n, day in enumerate(MONDAYS)]
    rows += [outcome(f"t{n}", f"{day} 09:00", 10) for n, day in enumerate(TUESDAYS)]
    learned = learn(rows)
    untried = learned.value("weibo", 4, time(12))
    assert untried is not None
    assert untried.posts == 0 and untried.label == "untried" and untried.observed is None
    assert untried.mean == pytest.approx(learned.platforms["weibo"].mean)
    assert untried.sd > learned.platforms["weibo"].slots[(0, time(9))].sd
    assert learned.value("douyin", 0, time(9)) is None
    keys = [("weibo", 0, time(9)), ("weibo", 1, time(9)), ("weibo", 4, time(12))]
    points = learned.points([*keys, ("douyin", 0, time(9))])
    assert points[("weibo", 0, time(9))] == POINTS
    assert 0 < points[("weibo", 1, time(9))] < points[("weibo", 4, time(12))] < POINTS
    assert ("douyin", 0, time(9)) not in points


def test_no_results_no_points() -> None:
    assert learn([]).points([("weibo", 0, time(9))]) == {}
