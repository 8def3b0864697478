"""spacing: two consecutive posts on one platform closer than ``min_gap``.

Posts on each platform are taken in order of their instant; every two
neighbours strictly closer than the platform's ``min_gap`` give one
violation that names the pair. Two posts exactly ``min_gap`` apart are fine.
The gap is elapsed time, so across a DST change ``2h`` stays 120 minutes.
The window is the ISO week of the first post of the pair.

Rule keys read: ``platforms.<p>.min_gap``.

A post's ``ignore: [spacing]`` drops every pair it is part of.

.. rubric:: Examples

With ``platforms: {linkedin: {min_gap: 3h}}`` this **passes**::

    - {id: a, at: "2025-03-24 09:00", platform: linkedin, pillar: functional, title: A}
    - {id: b, at: "2025-03-24 12:00", platform: linkedin, pillar: story, title: B}

and this **fails** (2h59m apart)::

    - {id: b, at: "2025-03-24 12:00", platform: linkedin, pillar: story, title: B}
    - {id: c, at: "2025-03-24 14:59", platform: linkedin, pillar: functional, title: C}

The message reads::

    linkedin: b and c are 2h59m apart, at least 3h needed: move c to
    2025-03-24 15:00 or later, or b to 2025-03-24 11:59 or earlier
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from contentplan.checks.grouping import by_platform, local_stamp, span, week_of
from contentplan.core.model import Brand, Finding, Post, Rules


def gap_for(rules: Rules, platform: str) -> timedelta | None:
    """The platform's ``min_gap``, or None when it has none (or not above 0)."""
    profile = rules.platforms.get(platform)
    if profile is None or profile.min_gap is None or profile.min_gap <= timedelta(0):
        return None
    return profile.min_gap


def too_close(first: datetime, second: datetime, gap: timedelta) -> bool:
    """Whether two posts' instants are strictly closer than ``gap`` (elapsed
    time, either order): exactly ``gap`` apart is fine. The one test of this
    rule for the check, the planner's slots and `fix`."""
    return abs(second - first) < gap


def check(brand: Brand) -> Iterator[Finding]:
    zone = brand.zone
    for platform, posts in by_platform(brand.posts).items():
        gap = gap_for(brand.rules, platform)
        if gap is None:
            continue
        needed = span(gap)
        for first, second in zip(posts, posts[1:], strict=False):
            if too_close(first.instant, second.instant, gap):
                yield Finding(
                    message=_message(platform, first, second, gap, needed, zone),
                    posts=(first, second),
                    platform=platform,
                    window=week_of(first),
                )


def _message(
    platform: str, first: Post, second: Post, gap: timedelta, needed: str, zone: ZoneInfo
) -> str:
    later = local_stamp(first.instant + gap, zone)
    earlier = local_stamp(second.instant - gap, zone)
    return (
        f"{platform}: {first.id} and {second.id} are {span(second.instant - first.instant)} "
        f"apart, at least {needed} needed: move {second.id} to {later} or later, "
        f"or {first.id} to {earlier} or earlier"
    )
