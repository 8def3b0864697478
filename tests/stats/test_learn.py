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
    # y = log(1 + likes) = k·ln 2. 09:00: Monday k = 1, 2 and Tuesday 5, 6;
    # 12:00: Monday 9 and Tuesday 9, 11.
    rows = [
        outcome("a", "2024-04-01 09:00", 1),
        outcome("b", "2024-04-08 09:00", 3),
        outcome("c", "2024-04-02 09:00", 31),
        outcome("d", "2024-04-09 09:00", 63),
        outcome("e", "2024-04-01 12:00", 511),
        outcome("f", "2024-04-02 12:00", 511),
        outcome("g", "2024-04-09 12:00", 2047),
    ]
    model = learn(rows).platforms["weibo"]
    ln2 = math.log(2)
    mu = 43 / 7 * ln2
    assert model.mean == pytest.approx(mu)
    # Clocks around the platform: 09:00 mean 3.5, 12:00 mean 29/3 (× ln 2);
    # posts around their clock's mean: (17 + 8/3) / (7 - 2).
    around = 59 / 15 * ln2**2
    clock_between = (37 / 6 * ln2) ** 2 / 2 - (around / 4 + around / 3) / 2
    assert model.clock_between == pytest.approx(clock_between)
    nine = model.clocks[time(9)]
    w9 = 4 / (4 + around / clock_between)
    assert nine.weight == pytest.approx(w9)
    assert nine.mean == pytest.approx(mu + w9 * (3.5 * ln2 - mu))
    # Posts within a slot: (0.5 + 0.5 + 0 + 2) / (7 - 4) = 1 (× ln² 2).
    assert model.within == pytest.approx(ln2**2)
    # Weekdays around their clock: squares 8 + 0.5 over 2, less the mean of
    # σ²/n over the four slots (0.625).
    assert model.between == pytest.approx((4.25 - 0.625) * ln2**2)
    tuesday = model.slots[(1, time(9))]
    weight = 2 / (2 + 1 / 3.625)
    assert tuesday.weight == pytest.approx(weight)
    assert tuesday.mean == pytest.approx(nine.mean + weight * (5.5 * ln2 - nine.mean))
    assert tuesday.sd == pytest.approx(
        math.sqrt(weight * ln2**2 / 2 + (1 - weight) ** 2 * nine.var)
    )
    thin = model.slots[(0, time(12))]
    assert thin.posts == 1 and thin.label == "thin"
    assert 0 < thin.weight < tuesday.weight  # one post keeps less of its own mean
    low, high = tuesday.interval
    assert low < tuesday.interactions < high
    # Untried: a weekday of a tried clock gets the clock; an untried clock, μ.
    assert model.value(2, time(9)).mean == pytest.approx(nine.mean)
    assert model.value(2, time(9)).label == "untried"
    assert model.value(2, time(15)).mean == pytest.approx(mu)


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


@pytest.mark.parametrize(("tuesday", "varies"), [((7, 31), False), ((31, 127), True)])
def test_slots_vary_only_when_the_difference_is_more_than_noise(
    tuesday: tuple[int, int], varies: bool
) -> None:
    # Monday k = 1, 3 (× ln 2). Tuesday 3, 5: the means differ by 2, more
    # than the method of moments needs (τ² > 0) but well within what noise
    # of σ² = 2 makes (Σ n (ȳ − centre)² / σ² = 2 < 6.63, the 99 % quantile).
    # Tuesday 5, 7: by 4, beyond it (8 > 6.63).
    rows = [outcome("a", "2024-04-01 09:00", 1), outcome("b", "2024-04-08 09:00", 7)]
    days = zip(TUESDAYS, tuesday, strict=False)
    rows += [outcome(f"t{n}", f"{day} 09:00", likes) for n, (day, likes) in enumerate(days)]
    model = learn(rows).platforms["weibo"]
    assert model.within == pytest.approx(2 * math.log(2) ** 2)
    assert (model.between > 0) is varies
    monday, later = model.slots[(0, time(9))], model.slots[(1, time(9))]
    assert (later.mean > monday.mean + 1e-9) is varies


def test_one_result_is_its_platform_and_thin() -> None:
    model = learn([outcome("a", "2024-04-01 09:00", 99)]).platforms["weibo"]
    only = model.slots[(0, time(9))]
    assert only.interactions == pytest.approx(99)
    assert only.label == "thin"
    assert model.value(3, time(18)).interactions == pytest.approx(99)
    assert model.spread == 0 and model.between == 0 and model.clock_between == 0
