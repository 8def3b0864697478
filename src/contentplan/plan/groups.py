"""Mix groups: one platform in one window, or the whole brand in one window
(docs/reference.md#the-mix-band, docs/reference.md#checks `mix` and `mix-brand`).

The windows are those that overlap the planned weeks: the weeks themselves,
or the months they touch when ``mix.window`` is ``month``. Pinned posts count
in every group they fall in, also those outside the planned weeks but inside
a month that overlaps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction

from contentplan.checks.mix import BRAND, PLATFORM, band_for, in_scope, judged
from contentplan.core.band import Band
from contentplan.core.clock import window_bounds, window_name
from contentplan.plan.problem import PlanProblem


@dataclass(frozen=True)
class MixGroup:
    platform: str | None  # None: the brand, all platforms together
    window: str
    start: datetime  # local, inclusive
    end: datetime  # local, exclusive
    target: Mapping[str, Fraction]
    pinned: Mapping[str, int] = field(default_factory=dict)  # pinned posts per pillar

    @property
    def pinned_total(self) -> int:
        return sum(self.pinned.values())

    @property
    def label(self) -> str:
        return f"{self.platform or 'brand'} {self.window}"


def windows(problem: PlanProblem) -> list[str]:
    """The mix windows that overlap the planned weeks, in order."""
    names: list[str] = []
    day = problem.weeks[0]
    while day < problem.weeks[-1] + timedelta(days=7):
        name = window_name(day, problem.rules.mix.window)
        if name not in names:
            names.append(name)
        day += timedelta(days=1)
    return names


def mix_groups(problem: PlanProblem, platforms_with_slots: set[str]) -> list[MixGroup]:
    """Every group whose band binds the plan: platform groups when `mix` is
    at error severity and ``platform`` is in ``mix.scope``, the brand group
    when `mix-brand` is."""
    rules = problem.rules
    per_platform = problem.enforced("mix") and in_scope(rules, PLATFORM)
    brand_wide = problem.enforced("mix-brand") and in_scope(rules, BRAND)
    groups: list[MixGroup] = []
    for name in windows(problem):
        start, end = window_bounds(name)
        inside = [post for post in problem.pinned if start <= post.local < end]
        if per_platform:
            platforms = sorted({post.platform for post in inside} | platforms_with_slots)
            for platform in platforms:
                groups.append(
                    MixGroup(
                        platform,
                        name,
                        start,
                        end,
                        problem.rules.target_for(platform),
                        _count([post.pillar for post in inside if post.platform == platform]),
                    )
                )
        if brand_wide:
            groups.append(
                MixGroup(
                    None,
                    name,
                    start,
                    end,
                    problem.rules.target_for(None),
                    _count([post.pillar for post in inside]),
                )
            )
    return groups


def _count(pillars: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pillar in pillars:
        counts[pillar] = counts.get(pillar, 0) + 1
    return counts


def group_band(problem: PlanProblem, group: MixGroup, n: int) -> Band:
    """The band of a group of ``n`` posts as `mix` judges it
    (``checks.mix.judged`` and ``band_for``), and no bound at all when a
    group of that size is not judged (below ``mix.min_posts``)."""
    rules = problem.rules
    if not judged(rules, group.platform, n):
        return {pillar: (0, n) for pillar in group.target}
    return band_for(group.target, rules.mix.tolerance, n)
