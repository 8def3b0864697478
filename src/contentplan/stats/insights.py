"""What works, from measured results: engagement per platform by pillar, by
weekday × slot, by format, by campaign phase and, for posts on a hot topic,
by the age of the topic (docs/insights.md).

This is the core of ``contentplan insights``; the renderers draw what it
computes and decide nothing.

The figure is the one engagement figure (``core.engagement``): interactions
(likes + comments + shares + saves) and, where impressions or followers
were measured, the rate. Each cell of a table is a group of one platform's
posts (story posts, posts on Tuesdays at 12:30 …) with

- the number of posts, the mean interactions and, where rates exist, the
  mean rate, each with a 90 % percentile-bootstrap interval of the mean;
- the ratio of its mean interactions to the mean of the platform's other
  posts in that table (the baseline), with a percentile-bootstrap interval
  that is simultaneous: widened (Bonferroni) so that all the comparisons
  made on one platform hold together with 90 % confidence. Three lucky
  posts, or one lucky cell among thirty, do not read as a trend.

The bootstrap is seeded from the names of the platform, the table and the
cell, so the same results always give the same intervals. A cell's
interactions and rates are resampled with the same draws; a whole
platform's mean takes the draws of its pillar table. Resampling uses NumPy
(installed with OR-Tools, imported by this module only): 2,000 resampled
sums of a cell of 300 posts take 0.06 s against 0.21 s with
``random.choices``, of 3,000 posts 0.34 s against 2.3 s
(``python bench/insights_bench.py``).

A cell **stands out** when its ratio interval excludes 1 and is not too
wide (its high end at most ``MAX_SPREAD`` times its low end). It is **too
thin to say** when it has fewer than ``MIN_POSTS`` posts, when the other
posts are fewer than that, or when its interval is too wide.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

from contentplan.core.engagement import Measurement
from contentplan.core.model import DEFAULT_PILLARS, FORMATS, PHASES, Post, Problem

LEVEL = 0.90  # the confidence of every interval
RESAMPLES = 2000  # bootstrap resamples per cell
MIN_POSTS = 10  # fewer posts in a cell (or in its baseline): too thin to say
MAX_SPREAD = 4.0  # a ratio interval whose high end is more than 4× its low end is too wide
# Index arrays are drawn in chunks of at most this many entries (memory).
CHUNK = 1 << 20

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NO_FORMAT = "no format"
NO_CAMPAIGN = "outside campaigns"
# The age of a topic when a post on it went out: hours since the brand's
# first post on that topic (any platform), in these buckets [from, to).
AGE_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("first 6 h", 0.0, 6.0),
    ("6–24 h", 6.0, 24.0),
    ("1–2 days", 24.0, 48.0),
    ("2 days or more", 48.0, math.inf),
)

# The tables, in the order they are shown: (name in JSON, title in words).
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("pillar", "pillar"),
    ("slot", "weekday × slot"),
    ("format", "format"),
    ("phase", "campaign phase"),
    ("topic_age", "topic age"),
)

# Verdicts of a cell.
HIGHER = "higher"
LOWER = "lower"
SAME = "no clear difference"
FEW = "too few posts"
WIDE = "interval too wide"
ALONE = "nothing to compare"


class Observed(Protocol):
    """A post with the measurement that counts for it (``load.results.Outcome``)."""

    @property
    def post(self) -> Post: ...

    @property
    def measurement(self) -> Measurement: ...


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def excludes_one(self) -> bool:
        return self.low > 1.0 or self.high < 1.0

    @property
    def spread(self) -> float:
        """high / low: how many times apart its ends are (inf when low is 0)."""
        if self.low <= 0:
            return math.inf
        return self.high / self.low


@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean and its interval (the interval always contains the mean)."""

    mean: float
    interval: Interval


@dataclass(frozen=True, slots=True)
class Cell:
    """One group of a platform's posts in one table."""

    key: str
    posts: int
    interactions: Estimate
    rated: int  # posts with a rate
    rate: Estimate | None  # None when no post of the cell has a rate
    baseline_posts: int  # the platform's other posts in this table
    ratio: float | None  # mean interactions / the baseline's; None without a baseline
    ratio_interval: Interval | None
    verdict: str  # HIGHER, LOWER, SAME, FEW, WIDE or ALONE

    @property
    def stands_out(self) -> bool:
        return self.verdict in (HIGHER, LOWER)

    @property
    def thin(self) -> bool:
        return self.verdict in (FEW, WIDE)


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str  # pillar | slot | format | phase | topic_age
    title: str
    cells: tuple[Cell, ...]
    level: float  # the confidence of each ratio interval (simultaneous: LEVEL overall)


@dataclass(frozen=True, slots=True)
class Finding:
    """What stands out (``kind`` HIGHER or LOWER) or is too thin to say
    (``kind`` "thin"), in words."""

    kind: str
    brand: str
    platform: str
    dimension: str
    keys: tuple[str, ...]
    text: str
    ratio: float | None = None
    interval: Interval | None = None
    posts: int = 0
    baseline_posts: int = 0
    cells: int = 0  # thin: the cells of the table, of which ``keys`` are thin


@dataclass(frozen=True, slots=True)
class PlatformInsights:
    brand: str
    platform: str
    label: str  # "douyin", or "veloq · douyin" when several brands are read
    posts: int
    interactions: Estimate
    rated: int
    rate: Estimate | None
    dimensions: tuple[Dimension, ...]
    comparisons: int  # ratio intervals judged together on this platform
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Insights:
    platforms: tuple[PlatformInsights, ...]

    @property
    def posts(self) -> int:
        return sum(platform.posts for platform in self.platforms)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for platform in self.platforms for f in platform.findings)


@dataclass(frozen=True, slots=True)
class Sources:
    """What the insights were computed from, for the renderers to say."""

    results: tuple[str, ...] = ()  # the results files or folders read, as shown
    rows: int = 0  # measurement rows read
    measured: int = 0  # posts with a measurement, before --platform, --from and --to
    unmatched: tuple[Problem, ...] = ()  # rows that name no post of the calendars
    platform: str | None = None  # --platform
    first: str | None = None  # --from
    last: str | None = None  # --to


def build_insights(
    outcomes: Iterable[Observed], all_posts: Iterable[Post] | None = None
) -> Insights:
    """The insights of every (brand, platform) among ``outcomes``.
    ``all_posts`` (every post read, measured or not) dates each topic's
    first post; without it, the measured posts do."""
    chosen = sorted(outcomes, key=lambda outcome: outcome.post.sort_key)
    starts = topic_starts(all_posts if all_posts is not None else (o.post for o in chosen))
    groups: dict[tuple[str, str], list[Observed]] = {}
    for outcome in chosen:
        groups.setdefault((outcome.post.brand, outcome.post.platform), []).append(outcome)
    several = len({brand for brand, _ in groups}) > 1
    return Insights(
        tuple(
            _platform(brand, platform, members, starts, several)
            for (brand, platform), members in sorted(groups.items())
        )
    )


def topic_starts(posts: Iterable[Post]) -> dict[tuple[str, str], datetime]:
    """The instant of each brand's first post on each topic."""
    starts: dict[tuple[str, str], datetime] = {}
    for post in posts:
        if post.topic is None:
            continue
        key = (post.brand, post.topic)
        if key not in starts or post.instant < starts[key]:
            starts[key] = post.instant
    return starts


def topic_age_hours(post: Post, starts: Mapping[tuple[str, str], datetime]) -> float | None:
    """Hours from the brand's first post on the post's topic to the post;
    None for a post without a topic."""
    if post.topic is None:
        return None
    first = starts.get((post.brand, post.topic), post.instant)
    return max(0.0, (post.instant - first).total_seconds() / 3600)


def age_bucket(hours: float) -> str:
    for name, low, high in AGE_BUCKETS:
        if low <= hours < high:
            return name
    return AGE_BUCKETS[-1][0]


# -- one platform ---------------------------------------------------------------------


Keyer = Callable[[Post], tuple[tuple[object, ...], str] | None]


def _keyers(starts: Mapping[tuple[str, str], datetime]) -> dict[str, Keyer]:
    """For each table: a post's cell as (sort key, name), or None when the
    post has no place in that table (topic age: a post without a topic)."""

    def pillar(post: Post) -> tuple[tuple[object, ...], str]:
        known = post.pillar in DEFAULT_PILLARS
        rank = DEFAULT_PILLARS.index(post.pillar) if known else len(DEFAULT_PILLARS)
        return (rank, post.pillar), post.pillar

    def slot(post: Post) -> tuple[tuple[object, ...], str]:
        day = post.local.weekday()
        clock = post.local.strftime("%H:%M")
        return (day, clock), f"{WEEKDAYS[day]} {clock}"

    def format_(post: Post) -> tuple[tuple[object, ...], str]:
        if post.format is None:
            return (len(FORMATS) + 1, ""), NO_FORMAT
        known = post.format in FORMATS
        return (FORMATS.index(post.format) if known else len(FORMATS), post.format), post.format

    def phase(post: Post) -> tuple[tuple[object, ...], str]:
        if post.campaign is None:
            return (len(PHASES) + 1, ""), NO_CAMPAIGN
        name = post.phase or "no phase"
        return (PHASES.index(name) if name in PHASES else len(PHASES), name), name

    def topic_age(post: Post) -> tuple[tuple[object, ...], str] | None:
        hours = topic_age_hours(post, starts)
        if hours is None:
            return None
        name = age_bucket(hours)
        return ([bucket[0] for bucket in AGE_BUCKETS].index(name),), name

    return {
        "pillar": pillar,
        "slot": slot,
        "format": format_,
        "phase": phase,
        "topic_age": topic_age,
    }


@dataclass(slots=True)
class _Group:
    order: tuple[object, ...]
    key: str
    interactions: list[int]
    rates: list[float]


def _platform(
    brand: str,
    platform: str,
    members: Sequence[Observed],
    starts: Mapping[tuple[str, str], datetime],
    several: bool,
) -> PlatformInsights:
    keyers = _keyers(starts)
    grouped: dict[str, list[_Group]] = {}
    for name, _ in DIMENSIONS:
        cells: dict[str, _Group] = {}
        for outcome in members:
            placed = keyers[name](outcome.post)
            if placed is None:
                continue
            order, key = placed
            group = cells.setdefault(key, _Group(order, key, [], []))
            group.interactions.append(outcome.measurement.interactions)
            rate = outcome.measurement.rate
            if rate is not None:
                group.rates.append(rate)
        grouped[name] = sorted(cells.values(), key=lambda group: group.order)
    # Bonferroni: every ratio judged on this platform shares the LEVEL.
    comparisons = sum(
        1
        for groups in grouped.values()
        for group in groups
        if _comparable(group, sum(len(g.interactions) for g in groups))
    )
    level = 1 - (1 - LEVEL) / max(comparisons, 1)
    tables = {
        name: _Table.draw(brand, platform, name, grouped[name], level) for name, _ in DIMENSIONS
    }
    dimensions = tuple(
        Dimension(name, title, tables[name].cells, level) for name, title in DIMENSIONS
    )
    # The platform as a whole: the pillar table's draws, summed over its
    # cells (every post has a pillar), so no post is drawn again.
    whole = tables["pillar"]
    values = [outcome.measurement.interactions for outcome in members]
    rates = [r for r in (outcome.measurement.rate for outcome in members) if r is not None]
    label = f"{brand} · {platform}" if several else platform
    return PlatformInsights(
        brand=brand,
        platform=platform,
        label=label,
        posts=len(members),
        interactions=_from_draws(math.fsum(values) / len(values), whole.sums / len(values)),
        rated=len(rates),
        rate=_from_draws(math.fsum(rates) / len(rates), whole.rate_sums / len(rates))
        if rates
        else None,
        dimensions=dimensions,
        comparisons=comparisons,
        findings=_findings(brand, platform, label, dimensions),
    )


def _comparable(group: _Group, total: int) -> bool:
    posts = len(group.interactions)
    return posts >= MIN_POSTS and total - posts >= MIN_POSTS


@dataclass(frozen=True, slots=True)
class _Table:
    """One table's cells, and its resampled totals (interactions, rates)."""

    cells: tuple[Cell, ...]
    sums: npt.NDArray[np.float64]
    rate_sums: npt.NDArray[np.float64]

    @classmethod
    def draw(
        cls, brand: str, platform: str, dimension: str, groups: Sequence[_Group], level: float
    ) -> _Table:
        """Each cell's posts are drawn again once (its interactions, and its
        rates with the same draws when every post has one); its baseline,
        the table's other posts, is the sum of the other cells' draws (a
        bootstrap stratified by cell), so a table costs one resample of its
        posts, not one per cell."""
        sums: list[npt.NDArray[np.float64]] = []
        rate_sums: list[npt.NDArray[np.float64] | None] = []
        for group in groups:
            names = (brand, platform, dimension, group.key)
            rated: npt.NDArray[np.float64] | None
            if group.rates and len(group.rates) == len(group.interactions):
                drawn, rated = _resampled_sums([group.interactions, group.rates], names)
            else:
                (drawn,) = _resampled_sums([group.interactions], names)
                rated = _resampled_sums([group.rates], (*names, "rate"))[0] if group.rates else None
            sums.append(drawn)
            rate_sums.append(rated)
        total = np.sum(sums, axis=0) if sums else np.zeros(RESAMPLES)
        total_posts = sum(len(group.interactions) for group in groups)
        total_value = sum(sum(group.interactions) for group in groups)
        cells = tuple(
            _cell(group, drawn, rated, total, total_posts, total_value, level)
            for group, drawn, rated in zip(groups, sums, rate_sums, strict=True)
        )
        rate_total = np.sum([r for r in rate_sums if r is not None], axis=0)
        return cls(cells, total, np.asarray(rate_total, dtype=np.float64))


def _cell(
    group: _Group,
    drawn: npt.NDArray[np.float64],
    rated: npt.NDArray[np.float64] | None,
    total: npt.NDArray[np.float64],
    total_posts: int,
    total_value: int,
    level: float,
) -> Cell:
    posts = len(group.interactions)
    value = sum(group.interactions)
    rate = None
    if rated is not None:
        rate = _from_draws(math.fsum(group.rates) / len(group.rates), rated / len(group.rates))
    others = total_posts - posts
    other_value = total_value - value
    ratio: float | None = None
    ratio_interval: Interval | None = None
    if others and other_value > 0:
        # exact: identical groups give exactly 1.0
        ratio = (value * others) / (other_value * posts)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = (drawn / posts) / ((total - drawn) / others)
        ratios = np.nan_to_num(ratios, nan=math.inf, posinf=math.inf)
        ratio_interval = _contain(_percentiles(ratios, level), ratio)
    return Cell(
        key=group.key,
        posts=posts,
        interactions=_from_draws(value / posts, drawn / posts),
        rated=len(group.rates),
        rate=rate,
        baseline_posts=others,
        ratio=ratio,
        ratio_interval=ratio_interval,
        verdict=_verdict(posts, others, ratio, ratio_interval),
    )


def _verdict(posts: int, others: int, ratio: float | None, interval: Interval | None) -> str:
    if others == 0:
        return ALONE
    if posts < MIN_POSTS or others < MIN_POSTS:
        return FEW
    if ratio is None or interval is None:
        return ALONE  # the other posts earned nothing: no baseline to divide by
    if interval.spread > MAX_SPREAD:
        return WIDE
    if interval.excludes_one():
        return HIGHER if interval.low > 1.0 else LOWER
    return SAME


# -- the bootstrap --------------------------------------------------------------------


def _seed(names: tuple[str, ...]) -> int:
    """A seed that depends only on the names (not on the order of the run)."""
    return zlib.crc32("\x1f".join(names).encode("utf-8", "surrogatepass"))


def _resampled_sums(
    columns: Sequence[Sequence[float]], names: tuple[str, ...]
) -> list[npt.NDArray[np.float64]]:
    """For each column (all of one length n): RESAMPLES sums of n of its
    values drawn with replacement, the same rows drawn for every column.
    ``RandomState`` is NumPy's frozen generator: the same draws on every
    machine and NumPy version."""
    count = len(columns[0])
    data = [np.asarray(column, dtype=np.float64) for column in columns]
    if count == 0:
        return [np.zeros(RESAMPLES) for _ in data]
    if all(bool(np.all(values == values[0])) for values in data):
        return [np.full(RESAMPLES, float(values[0]) * count) for values in data]
    generator = np.random.RandomState(_seed(names))
    rows = max(1, CHUNK // count)
    parts: list[list[npt.NDArray[np.float64]]] = [[] for _ in data]
    for start in range(0, RESAMPLES, rows):
        drawn = generator.randint(0, count, size=(min(rows, RESAMPLES - start), count))
        for part, values in zip(parts, data, strict=True):
            part.append(values[drawn].sum(axis=1))
    return [np.concatenate(part) for part in parts]


def _percentiles(draws: npt.NDArray[np.float64], level: float) -> Interval:
    """The central ``level`` of the draws, by rank (no interpolation: inf stays inf)."""
    ordered = np.sort(draws)
    tail = (1 - level) / 2
    last = len(ordered) - 1
    low = float(ordered[math.floor(tail * last)])
    high = float(ordered[math.ceil((1 - tail) * last)])
    return Interval(low, high)


def _contain(interval: Interval, point: float) -> Interval:
    """The interval, widened to hold the estimate where a skewed sample's
    percentiles would leave it out."""
    return Interval(min(interval.low, point), max(interval.high, point))


def _from_draws(mean: float, draws: npt.NDArray[np.float64]) -> Estimate:
    """A mean and the central LEVEL of its resampled means."""
    return Estimate(mean, _contain(_percentiles(draws, LEVEL), mean))


# -- in words -------------------------------------------------------------------------


def cell_subject(label: str, dimension: str, key: str) -> str:
    """The posts of a cell, in words: "douyin story posts", "weibo posts at Tue 12:30"."""
    if dimension == "slot":
        return f"{label} posts at {key}"
    if dimension == "format" and key == NO_FORMAT:
        return f"{label} posts without a format"
    if dimension == "phase" and key == NO_CAMPAIGN:
        return f"{label} posts outside campaigns"
    if dimension == "phase":
        return f"{label} {key} posts of campaigns"
    if dimension == "topic_age":
        return f"{label} posts on a topic, {key} after its first post"
    return f"{label} {key} posts"


def ratio_text(value: float) -> str:
    """2.1×, 0.45×: two significant figures."""
    if math.isinf(value):
        return "∞×"
    return f"{_figure(value)}×"


def _figure(value: float) -> str:
    if value == 0:
        return "0"
    if value >= 10:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.1f}"
    text = f"{value:.2g}"
    return "1.0" if text == "1" else text


def interval_text(interval: Interval) -> str:
    """1.6–2.7; an end near 1 gets more decimals, so that an interval that
    excludes 1 never reads as if it touched it (1.02–2.4, not 1.0–2.4)."""
    shown = _near_one if interval.excludes_one() else _figure
    high = "∞" if math.isinf(interval.high) else shown(interval.high)
    return f"{shown(interval.low)}–{high}"


def _near_one(value: float) -> str:
    text = _figure(value)
    for decimals in (2, 3):
        if value == 1.0 or float(text) != 1.0:
            break
        text = f"{value:.{decimals}f}"
    return text


def _baseline_words(label: str, dimension: str) -> str:
    if dimension == "topic_age":
        return f"the other {label} posts on a topic"
    return f"the other {label} posts"


def _findings(
    brand: str, platform: str, label: str, dimensions: Sequence[Dimension]
) -> tuple[Finding, ...]:
    outstanding: list[Finding] = []
    thin: list[Finding] = []
    percent = round(LEVEL * 100)
    for dimension in dimensions:
        pair = len(dimension.cells) == 2
        for cell in dimension.cells:
            if not cell.stands_out or cell.ratio is None or cell.ratio_interval is None:
                continue
            if pair and cell.verdict == LOWER:
                continue  # the mirror of the other cell's finding
            baseline = _baseline_words(label, dimension.name)
            if pair:
                other = next(c for c in dimension.cells if c is not cell)
                baseline = cell_subject(label, dimension.name, other.key)
            text = (
                f"{cell_subject(label, dimension.name, cell.key)}: "
                f"{ratio_text(cell.ratio)} the interactions of "
                f"{baseline}, {percent} % interval "
                f"{interval_text(cell.ratio_interval)}, {cell.posts} posts "
                f"(against {cell.baseline_posts})"
            )
            outstanding.append(
                Finding(
                    cell.verdict,
                    brand,
                    platform,
                    dimension.name,
                    (cell.key,),
                    text,
                    cell.ratio,
                    cell.ratio_interval,
                    cell.posts,
                    cell.baseline_posts,
                )
            )
        few = [cell for cell in dimension.cells if cell.thin]
        if few:
            thin.append(_thin(brand, platform, label, dimension, few))
    # higher first, then lower; the strongest first within each
    outstanding.sort(key=lambda f: (f.kind != HIGHER, -abs(math.log(f.ratio)) if f.ratio else 0.0))
    return (*outstanding, *thin)


def _thin(
    brand: str, platform: str, label: str, dimension: Dimension, cells: Sequence[Cell]
) -> Finding:
    names = [cell.key for cell in cells]
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    few = sum(1 for cell in cells if cell.verdict == FEW)
    wide = len(cells) - few
    reasons = []
    if few:
        reasons.append(f"fewer than {MIN_POSTS} posts (or fewer than {MIN_POSTS} others)")
    if wide:
        reasons.append(f"an interval more than {MAX_SPREAD:g}× wide")
    cell_word = "cell" if len(dimension.cells) == 1 else "cells"
    text = (
        f"{label} by {dimension.title}: too thin to say for {len(cells)} of "
        f"{len(dimension.cells)} {cell_word} ({shown}): {' or '.join(reasons)}"
    )
    return Finding(
        "thin", brand, platform, dimension.name, tuple(names), text, cells=len(dimension.cells)
    )
