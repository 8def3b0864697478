"""What each posting time earned: a value per (platform, weekday, wall clock)
learned from the results of published posts (docs/plan.md#learning-from-results).

The model, per platform:

- Each post counts as y = log(1 + interactions) (interactions = likes +
  comments + shares + saves, ``core.engagement``). The log keeps one viral
  post from deciding a slot; the rate per impression is not used because many
  exports carry neither impressions nor followers, and a plan adds up posts,
  not rates.
- A slot is a weekday and a wall clock (Tuesday 09:00), as the calendar's
  time zone reads the post's time. Its observed mean is ȳ_j over its n_j posts.
- Empirical Bayes, normal-normal: the slots' true means are drawn around the
  platform's mean μ (the mean of all its posts) with variance τ²; a post
  scatters around its slot's mean with variance σ². σ² is the pooled variance
  within slots (the platform's variance when no slot has two posts); τ² is
  estimated by the method of moments, the variance of the slot means less the
  part their sampling noise explains (mean of σ²/n_j), floored at 0.
- A slot's learned mean is μ + w_j (ȳ_j − μ), w_j = n_j / (n_j + σ²/τ²): a
  slot of few posts stays near the platform's mean, one of many keeps its
  own; with τ² = 0 (the slots differ no more than noise) every slot is μ.
  Its posterior standard deviation is √(w_j σ²/n_j + (1 − w_j)² σ²/N).
- A slot never tried gets the prior: μ, with standard deviation √(τ² + σ²/N).
  A planner that prefers the slots it knows to be good still tries those that
  might be: an untried slot ranks above the tried slots below the mean.

The value of a slot is on the scale of interactions again: exp(mean) − 1,
the interactions of a typical post there (a median, not a mean: a few viral
posts do not lift it). A platform without results has no values at all.

Standard library only: the sums are over a few hundred slots at most.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Protocol

from contentplan.core.engagement import Measurement
from contentplan.core.model import Post
from contentplan.plan.problem import Placement

# A 90 % interval: the mean ± this many standard deviations (normal).
Z90 = 1.6448536269514722

# Fewer posts than this behind a slot: its value is marked thin.
THIN = 3

# The points of the best slot when learned values enter the planner's
# objective (whole numbers, as CP-SAT needs): every value is scaled so that
# the best slot of the planned platforms is worth this many points.
POINTS = 10_000

SlotKey = tuple[str, int, time]  # platform, weekday (0 = Monday), wall clock


class OutcomeLike(Protocol):
    """A published post and the measurement that counts for it."""

    @property
    def post(self) -> Post: ...

    @property
    def measurement(self) -> Measurement: ...


@dataclass(frozen=True, slots=True)
class SlotValue:
    """What one posting time of one platform is worth, as learned."""

    platform: str
    weekday: int  # 0 = Monday
    clock: time
    posts: int  # results behind it; 0: never tried
    observed: float | None  # the plain mean of log(1 + interactions); None when untried
    mean: float  # the learned mean of log(1 + interactions)
    sd: float  # its posterior standard deviation
    weight: float  # how much of its own mean it keeps (0 untried, 1 all of it)

    @property
    def key(self) -> SlotKey:
        return (self.platform, self.weekday, self.clock)

    @property
    def interactions(self) -> float:
        """The interactions of a typical post at this time."""
        return math.expm1(self.mean)

    @property
    def interval(self) -> tuple[float, float]:
        """A 90 % interval on the interactions of a typical post here."""
        return (
            max(math.expm1(self.mean - Z90 * self.sd), 0.0),
            math.expm1(self.mean + Z90 * self.sd),
        )

    @property
    def label(self) -> str:
        """"untried", "thin" (fewer than ``THIN`` posts) or ""."""
        if self.posts == 0:
            return "untried"
        return "thin" if self.posts < THIN else ""


@dataclass(frozen=True)
class PlatformModel:
    """The learned slots of one platform and the model's parameters."""

    platform: str
    posts: int  # N: every result of the platform
    mean: float  # μ: the mean of log(1 + interactions) over them
    within: float  # σ²
    between: float  # τ²
    slots: Mapping[tuple[int, time], SlotValue]

    def value(self, weekday: int, clock: time) -> SlotValue:
        """The slot as learned, or the prior when it was never tried."""
        found = self.slots.get((weekday, clock))
        if found is not None:
            return found
        sd = math.sqrt(self.between + self.within / self.posts)
        return SlotValue(self.platform, weekday, clock, 0, None, self.mean, sd, 0.0)

    @property
    def interactions(self) -> float:
        """The interactions of a typical post of the platform."""
        return math.expm1(self.mean)


@dataclass(frozen=True)
class Learned:
    """Every platform's model; a platform without results is absent."""

    platforms: Mapping[str, PlatformModel]

    def value(self, platform: str, weekday: int, clock: time) -> SlotValue | None:
        model = self.platforms.get(platform)
        return None if model is None else model.value(weekday, clock)

    def points(self, keys: Iterable[SlotKey]) -> dict[SlotKey, int]:
        """Whole-number values of these slots for the planner: ``POINTS`` for
        the best of them, the others in proportion (rounded). Slots of a
        platform without results are left out (worth nothing: the planner then
        places that platform's posts as without results)."""
        values: dict[SlotKey, float] = {}
        for key in keys:
            found = self.value(*key)
            if found is not None:
                values[key] = found.interactions
        top = max(values.values(), default=0.0)
        if top <= 0:
            return {}
        return {key: round(value * POINTS / top) for key, value in values.items()}


def learn(outcomes: Iterable[OutcomeLike]) -> Learned:
    """The learned value of every posting time seen in ``outcomes``, per platform."""
    grouped: dict[str, dict[tuple[int, time], list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for outcome in outcomes:
        post = outcome.post
        y = math.log1p(max(outcome.measurement.interactions, 0))
        grouped[post.platform][(post.local.weekday(), post.local.time())].append(y)
    return Learned({name: _platform(name, slots) for name, slots in sorted(grouped.items())})


def _platform(name: str, slots: Mapping[tuple[int, time], list[float]]) -> PlatformModel:
    everything = [y for ys in slots.values() for y in ys]
    total = len(everything)
    mu = math.fsum(everything) / total
    means = {key: math.fsum(ys) / len(ys) for key, ys in slots.items()}
    free = total - len(slots)
    if free > 0:
        within = (
            math.fsum((y - means[key]) ** 2 for key, ys in slots.items() for y in ys) / free
        )
    elif total > 1:
        within = math.fsum((y - mu) ** 2 for y in everything) / (total - 1)
    else:
        within = 0.0
    between = 0.0
    if len(slots) > 1:
        centre = math.fsum(means.values()) / len(means)
        spread = math.fsum((m - centre) ** 2 for m in means.values()) / (len(means) - 1)
        noise = math.fsum(within / len(ys) for ys in slots.values()) / len(slots)
        between = max(spread - noise, 0.0)
    learned: dict[tuple[int, time], SlotValue] = {}
    for key, ys in sorted(slots.items()):
        n = len(ys)
        weight = _weight(n, within, between)
        # w σ²/n = 1 / (n/σ² + 1/τ²), the slot's own part; then μ's share
        var = weight * within / n + (1 - weight) ** 2 * within / total
        mean = mu + weight * (means[key] - mu)
        learned[key] = SlotValue(name, key[0], key[1], n, means[key], mean, math.sqrt(var), weight)
    return PlatformModel(name, total, mu, within, between, learned)


def _weight(n: int, within: float, between: float) -> float:
    """n / (n + σ²/τ²): 0 when the slots differ no more than noise, 1 when
    posts do not scatter within a slot."""
    if between <= 0:
        return 0.0
    if within <= 0:
        return 1.0
    return n / (n + within / between)


@dataclass(frozen=True)
class Learning:
    """What the results taught about one brand."""

    learned: Learned
    results: int  # the brand's posts with results
    warnings: tuple[str, ...]  # rows left out, as lines for stderr


@dataclass(frozen=True)
class Expectation:
    """The expected engagement of a schedule: the typical interactions of a
    post at each slot, summed over the posts on platforms with results."""

    interactions: float
    posts: int  # posts counted
    uncounted: int  # posts on platforms without results


def expectation(learned: Learned, placements: Iterable[Placement]) -> Expectation:
    """The expected engagement of a schedule under ``learned``."""
    total, counted, uncounted = 0.0, 0, 0
    for placement in placements:
        slot = placement.slot
        value = learned.value(slot.platform, slot.local.weekday(), slot.local.time())
        if value is None:
            uncounted += 1
            continue
        total += value.interactions
        counted += 1
    return Expectation(total, counted, uncounted)
