"""duplicate: the same title twice on one platform within 7 days (a warning).

Titles are the same when they match after folding case and runs of
whitespace (``"SPF  myths"`` and ``"spf myths"`` are the same title). Two
posts on one platform with the same title are too close when the second
is less than 7 days after the first on the calendar's wall clock, so a
weekly series at a fixed local time (Monday 09:00 every week) never
warns, DST or not. Each post is compared with the previous post of the same
title on the platform: three repeats on days 0, 4 and 8 give two warnings
(0-4 and 4-8), each naming its pair. The window is the ISO week of the first
post of the pair.

A declared evergreen repeat is not a duplicate: a post whose ``repeat_of``
leads back to the same original as the earlier post (see the ``evergreen``
check) and that keeps the rules' evergreen cooldown after it passes here,
whatever its title (the ``evergreen`` check judges it instead).

Rule keys read: none.

A post's ``ignore: [duplicate]`` drops every pair it is part of.

.. rubric:: Examples

This **passes** (exactly 7 days apart, and another platform)::

    - {id: a, at: "2025-03-03 11:00", platform: instagram, pillar: story, title: "SPF myths"}
    - {id: b, at: "2025-03-10 11:00", platform: instagram, pillar: story, title: "SPF myths"}
    - {id: c, at: "2025-03-04 11:00", platform: x, pillar: story, title: "SPF myths"}

and this **fails**::

    - {id: a, at: "2025-03-03 11:00", platform: instagram, pillar: story, title: "SPF myths"}
    - {id: d, at: "2025-03-10 10:59", platform: instagram, pillar: story, title: "spf myths"}

The message reads::

    instagram: d repeats the title "spf myths" of a (2025-03-03 11:00), 6d23h59m
    later: give it a new title, or move it to 2025-03-10 11:00 or later
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from contentplan.checks.evergreen import declared_repeat, publications
from contentplan.checks.grouping import span, stamp, week_of
from contentplan.core.model import Brand, Finding, Post
from contentplan.core.text import clip

SPAN = timedelta(days=7)


def title_key(title: str) -> str:
    """What makes two titles the same: case and whitespace runs folded."""
    return " ".join(title.split()).casefold()


def clash(title: str, local: datetime, other_title: str, other_local: datetime) -> bool:
    """Whether two posts on one platform repeat a title too soon: the same
    title (``title_key``) less than ``SPAN`` apart on the wall clock, either
    order. The one test of this rule for the check, the planner and `fix`."""
    return abs(other_local - local) < SPAN and title_key(title) == title_key(other_title)


def check(brand: Brand) -> Iterator[Finding]:
    # Only the latest post of each (platform, title) matters for the next
    # one, so one pass with a dict is the whole sliding window.
    latest: dict[tuple[str, str], Post] = {}
    repeats = None
    for post in brand.posts:
        key = (post.platform, title_key(post.title))
        before = latest.get(key)
        latest[key] = post
        if before is None or not clash(before.title, before.local, post.title, post.local):
            continue
        first, second = sorted((before, post), key=lambda p: p.local)
        if second.repeat_of is not None:
            if repeats is None:  # asked only when a repeat clashes: most calendars never do
                repeats = publications(brand.posts)
            if declared_repeat(first, second, *repeats, brand.rules.evergreen.cooldown):
                continue
        yield Finding(
            message=(
                f"{post.platform}: {second.id} repeats the title \"{clip(second.title)}\" of "
                f"{first.id} ({stamp(first.local)}), {span(second.local - first.local)} "
                f"later: give it a new title, or move it to {stamp(first.local + SPAN)} "
                f"or later"
            ),
            posts=(first, second),
            platform=post.platform,
            window=week_of(first),
        )
