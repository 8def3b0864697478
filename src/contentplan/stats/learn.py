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
- Empirical Bayes, normal-normal, on two levels. A clock's true mean (09:00,
  any weekday) is drawn around the platform's mean μ (the mean of all its
  posts) with variance τ²_c; a slot's (Tuesday 09:00) around its clock's
  with variance τ²; a post scatters around its slot's mean with variance σ².
  σ² is the variance of posts within their slot, pooled; each τ² is
  estimated by the method of moments, the variance of the group means less
  the part their own noise explains (the mean of variance/n), floored at 0,
  and taken as 0 unless the groups differ more than noise alone would make
  them in ``EVIDENCE`` of cases (a chi-square test): plans do not chase noise.
- A clock's learned mean is μ + w_c (ȳ_c − μ), a slot's m_c + w (ȳ − m_c)
  with w = n / (n + σ²/τ²): a slot of few posts stays near its clock, one of
  many keeps its own mean; a clock of few posts stays near the platform's.
  Its posterior standard deviation is √(w σ²/n + (1 − w)² var(m_c)).
- A slot never tried gets the prior: its clock's learned mean (μ for a clock
  never tried either), with the variance of that prior. A planner that
  prefers the slots it knows to be good still tries those that might be: an
  untried slot ranks above the tried slots below it.

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
from statistics import NormalDist
from typing import Any, Protocol

from contentplan.core.engagement import Measurement
from contentplan.core.model import Post
from contentplan.plan.problem import Placement

# A 90 % interval: the mean ± this many standard deviations (normal).
Z90 = 1.6448536269514722

# Fewer posts than this behind a slot: its value is marked thin.
THIN = 3

# A level of the model (clocks around the platform, weekdays around their
# clock) counts as varying only when its groups' means differ more than
# noise alone would make them in this share of cases; else its τ² is 0 and
# the plan does not chase noise. On 30 seeded histories of tests/learnsim.py
# with no slot effect, 0.95 let 8 vary and 0.99 3; with effects, 0.99 still
# found them in 28 of 30 two-week histories and all 30 six-week ones.
EVIDENCE = 0.99

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


@dataclass(frozen=True, slots=True)
class Prior:
    """A clock's learned mean, any weekday: the prior of its weekdays."""

    mean: float
    var: float  # its posterior variance
    posts: int
    weight: float  # how much of its own mean it keeps


@dataclass(frozen=True)
class PlatformModel:
    """The learned slots of one platform and the model's parameters."""

    platform: str
    posts: int  # N: every result of the platform
    mean: float  # μ: the mean of log(1 + interactions) over them
    within: float  # σ²: the variance of posts within a slot
    between: float  # τ²: the variance of a clock's weekdays around the clock
    slots: Mapping[tuple[int, time], SlotValue]
    clocks: Mapping[time, Prior]
    clock_between: float  # τ²_c: the variance of the clocks around μ
    spread: float  # the variance of all the platform's posts

    def value(self, weekday: int, clock: time) -> SlotValue:
        """The slot as learned; untried, its clock's learned mean (the
        platform's mean for a clock never tried either)."""
        found = self.slots.get((weekday, clock))
        if found is not None:
            return found
        prior = self.clocks.get(clock)
        if prior is None:
            var = self.clock_between + self.between + self.spread / self.posts
            return SlotValue(self.platform, weekday, clock, 0, None, self.mean, math.sqrt(var), 0)
        sd = math.sqrt(self.between + prior.var)
        return SlotValue(self.platform, weekday, clock, 0, None, prior.mean, sd, 0.0)

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
    spread = _pooled({(): everything}, 0.0)  # the variance of all posts (0 for one)
    # Clocks, shrunk toward the platform's mean.
    by_clock: dict[time, list[float]] = defaultdict(list)
    for (_, clock), ys in sorted(slots.items()):
        by_clock[clock].extend(ys)
    around_clock = _pooled(by_clock, spread)
    clock_means = {clock: math.fsum(ys) / len(ys) for clock, ys in by_clock.items()}
    clock_between = _between(clock_means, {c: len(ys) for c, ys in by_clock.items()}, around_clock)
    squared = math.fsum(len(ys) * (clock_means[c] - mu) ** 2 for c, ys in by_clock.items())
    if not _evident(squared, around_clock, len(by_clock) - 1):
        clock_between = 0.0
    clocks: dict[time, Prior] = {}
    for clock, ys in by_clock.items():
        n = len(ys)
        weight = _weight(n, around_clock, clock_between)
        mean = mu + weight * (clock_means[clock] - mu)
        var = weight * around_clock / n + (1 - weight) ** 2 * spread / total
        clocks[clock] = Prior(mean, var, n, weight)
    # Weekdays of each clock, shrunk toward the clock's learned mean.
    within = _pooled(slots, around_clock)
    means = {key: math.fsum(ys) / len(ys) for key, ys in slots.items()}
    squares, weighted, free, noise = 0.0, 0.0, 0, []
    for clock in by_clock:
        mine = {key: m for key, m in means.items() if key[1] == clock}
        if len(mine) < 2:
            continue
        centre = math.fsum(mine.values()) / len(mine)
        squares += math.fsum((m - centre) ** 2 for m in mine.values())
        weighted += math.fsum(
            len(slots[k]) * (m - clock_means[clock]) ** 2 for k, m in mine.items()
        )
        free += len(mine) - 1
        noise += [within / len(slots[key]) for key in mine]
    between = 0.0
    if free and _evident(weighted, within, free):
        between = max(squares / free - math.fsum(noise) / len(noise), 0.0)
    learned: dict[tuple[int, time], SlotValue] = {}
    for key, ys in sorted(slots.items()):
        n = len(ys)
        prior = clocks[key[1]]
        weight = _weight(n, within, between)
        # w σ²/n = 1 / (n/σ² + 1/τ²), the slot's own part; then its prior's
        var = weight * within / n + (1 - weight) ** 2 * prior.var
        mean = prior.mean + weight * (means[key] - prior.mean)
        learned[key] = SlotValue(name, key[0], key[1], n, means[key], mean, math.sqrt(var), weight)
    return PlatformModel(
        name, total, mu, within, between, learned, clocks, clock_between, spread
    )


def _pooled(groups: Mapping[Any, list[float]], otherwise: float) -> float:
    """The variance of the values around their group's mean, pooled over
    the groups; ``otherwise`` when no group has two values."""
    count = sum(len(ys) for ys in groups.values())
    free = count - len(groups)
    if free <= 0:
        return otherwise
    squares = 0.0
    for ys in groups.values():
        centre = math.fsum(ys) / len(ys)
        squares += math.fsum((y - centre) ** 2 for y in ys)
    return squares / free


def _evident(squares: float, within: float, free: int) -> bool:
    """Whether groups whose means scatter by ``squares`` (Σ n (ȳ − centre)²)
    differ more than noise of variance ``within`` would make them in
    ``EVIDENCE`` of cases: Σ n (ȳ − centre)² / σ² against the chi-square
    quantile on ``free`` degrees of freedom (Wilson and Hilferty's
    approximation)."""
    if free <= 0 or squares <= 0:
        return False
    if within <= 0:
        return True
    z = NormalDist().inv_cdf(EVIDENCE)
    quantile = free * (1 - 2 / (9 * free) + z * math.sqrt(2 / (9 * free))) ** 3
    return squares / within > quantile


def _between(means: Mapping[Any, float], sizes: Mapping[Any, int], within: float) -> float:
    """τ² by the method of moments: the variance of the group means less
    the part their own noise explains (the mean of σ²/n), at least 0."""
    if len(means) < 2:
        return 0.0
    centre = math.fsum(means.values()) / len(means)
    spread = math.fsum((m - centre) ** 2 for m in means.values()) / (len(means) - 1)
    noise = math.fsum(within / sizes[key] for key in means) / len(means)
    return max(spread - noise, 0.0)


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
