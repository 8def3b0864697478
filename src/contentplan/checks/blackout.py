"""blackout: a post inside a blackout that covers its platform.

A blackout is ``[from, to)`` in the calendar's local time. A date-only
``to`` means the whole of that day: ``{from: 2025-03-27, to: 2025-03-27}``
runs from 2025-03-27 00:00 to 2025-03-28 00:00, so 23:59 that day is inside
and 00:00 the next day is not. A blackout without ``to`` never ends. A
bound written with an offset (``Z`` or ``+08:00``) is converted to the
calendar's zone. ``platforms: all`` (the default) covers every platform.

Rule keys read: ``blackouts`` (``from``, ``to``, ``reason``, ``platforms``).

.. rubric:: Examples

With ``blackouts: [{from: 2025-03-27, to: 2025-03-27, reason: "recall review",
platforms: [facebook]}]`` this **passes**::

    - {id: a, at: "2025-03-26 23:59", platform: facebook, pillar: story, title: A}
    - {id: b, at: "2025-03-28 00:00", platform: facebook, pillar: story, title: B}
    - {id: c, at: "2025-03-27 12:00", platform: weibo, pillar: story, title: C}

and this **fails**::

    - {id: d, at: "2025-03-27 00:00", platform: facebook, pillar: story, title: D}

The message reads::

    d at Thu 2025-03-27 00:00 is in the blackout "recall review"
    (2025-03-27 00:00 to 2025-03-28 00:00): move it out of the blackout, or drop it
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime

from contentplan.checks.grouping import dated, stamp, week_of
from contentplan.core.model import Blackout, Brand, Finding
from contentplan.core.quoting import quote

# A post in more blackouts than this names the first few and counts the rest.
NAMED = 5


def check(brand: Brand) -> Iterator[Finding]:
    zone = brand.zone
    spans = [(blackout, *blackout.bounds(zone)) for blackout in brand.rules.blackouts]
    if not spans:
        return
    # A sweep in time: blackouts open as the posts pass their start and close
    # at their end, so each post is tested only against the blackouts open at
    # its time, not against all of them (a rules file may list thousands);
    # ``Blackout.covers`` then decides each of those.
    starts = sorted(range(len(spans)), key=lambda n: spans[n][1])
    ends: list[tuple[datetime, int]] = []
    open_now: set[int] = set()
    following = 0
    for post in sorted(brand.posts, key=lambda post: post.local):
        moment = post.local
        while following < len(starts) and spans[starts[following]][1] <= moment:
            n = starts[following]
            following += 1
            end = spans[n][2]
            if end is None or moment < end:
                open_now.add(n)
                if end is not None:
                    heapq.heappush(ends, (end, n))
        while ends and ends[0][0] <= moment:
            open_now.discard(heapq.heappop(ends)[1])
        if not open_now:
            continue
        hits = [
            spans[n] for n in sorted(open_now) if spans[n][0].covers(post.platform, moment, zone)
        ]
        if not hits:
            continue
        # One violation per post, naming the blackouts it falls in: the
        # identity (check, post) would merge separate ones anyway.
        named = "; ".join(_describe(*hit) for hit in hits[:NAMED])
        if len(hits) > NAMED:
            named += f"; and {len(hits) - NAMED:,} more"
        yield Finding(
            message=(
                f"{post.id} at {dated(post.local)} is in the "
                f"{'blackout' if len(hits) == 1 else 'blackouts'} {named}: "
                f"move it out of the blackout, or drop it"
            ),
            posts=(post,),
            platform=post.platform,
            window=week_of(post),
        )


def _describe(blackout: Blackout, start: datetime, end: datetime | None) -> str:
    reason = f'"{quote(blackout.reason)}" ' if blackout.reason else ""
    until = f"to {stamp(end)}" if end is not None else "on, open-ended"
    return f"{reason}({stamp(start)} {until})"
