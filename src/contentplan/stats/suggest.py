"""Posting times proposed from the results (`contentplan slots --suggest`,
docs/plan.md#slots---suggest): per platform, the best weekday-and-clock
times as learned (``stats.learn``), with their intervals and the posts behind
them, and the clocks to write as the platform's `slots:`.

A platform's `slots:` are clocks used every day, so a clock is judged by its
value over the whole week: the mean, over the seven weekdays, of a typical
post's interactions at that clock (a weekday never tried there counts at its
prior, the clock's learned value). The rules' current clocks are candidates
too, so a clock that was never tried can stay; as many clocks are proposed as
the platform has now (three when it has none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from contentplan.core.model import Brand
from contentplan.stats.learn import Learning, PlatformModel, SlotValue

# Clocks proposed for a platform whose rules name none.
DEFAULT_CLOCKS = 3


@dataclass(frozen=True, slots=True)
class ClockValue:
    """One clock used every day: its mean value over the weekdays."""

    clock: time
    interactions: float
    posts: int  # results at this clock, any weekday


@dataclass(frozen=True)
class Suggestion:
    """What the results say about one platform's posting times."""

    platform: str
    posts: int  # results behind the platform
    typical: float  # a typical post's interactions, any time
    best: tuple[SlotValue, ...]  # the best weekday-and-clock times, best first
    clocks: tuple[ClockValue, ...]  # every clock, best first
    slots: tuple[time, ...]  # the clocks proposed, in time order
    current: tuple[time, ...]  # the rules' clocks now


@dataclass(frozen=True)
class BrandSlots:
    """One brand's platforms: their suggestions, and those without results."""

    brand: Brand
    learning: Learning
    suggestions: tuple[Suggestion, ...]
    without: tuple[str, ...]  # the brand's platforms asked for that have no results


def suggest(model: PlatformModel, current: Sequence[time], top: int) -> Suggestion:
    """The ``top`` best times of the platform, and its clocks ranked."""
    now = tuple(sorted(set(current)))
    clocks = sorted({clock for _, clock in model.slots} | set(now))
    candidates = {key: value for key, value in model.slots.items()}
    for clock in now:
        for weekday in range(7):
            candidates.setdefault((weekday, clock), model.value(weekday, clock))
    ranked = sorted(
        candidates.values(),
        key=lambda v: (-v.interactions, -v.posts, v.weekday, v.clock),
    )
    by_clock = [
        ClockValue(
            clock,
            sum(model.value(weekday, clock).interactions for weekday in range(7)) / 7,
            sum(v.posts for (_, c), v in model.slots.items() if c == clock),
        )
        for clock in clocks
    ]
    by_clock.sort(key=lambda c: (-c.interactions, -c.posts, c.clock))
    keep = len(now) or DEFAULT_CLOCKS
    chosen = tuple(sorted(c.clock for c in by_clock[:keep]))
    return Suggestion(
        model.platform,
        model.posts,
        model.interactions,
        tuple(ranked[:top]),
        tuple(by_clock),
        chosen,
        now,
    )
