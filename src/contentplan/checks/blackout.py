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

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from contentplan.checks._grouping import dated, stamp, week_of
from contentplan.model import Blackout, Brand, Finding, Severity

NAME = "blackout"
DEFAULT_SEVERITY: Severity = "error"
POST_LEVEL = True


def check(brand: Brand) -> Iterator[Finding]:
    zone = brand.zone
    spans = [
        (blackout, blackout.start.local_in(zone), _end(blackout, zone))
        for blackout in brand.rules.blackouts
    ]
    if not spans:
        return
    for post in brand.posts:
        hits = [
            (blackout, start, end)
            for blackout, start, end in spans
            if blackout.covers_platform(post.platform)
            and start <= post.local
            and (end is None or post.local < end)
        ]
        if not hits:
            continue
        # One violation per post, naming every blackout it falls in: the
        # identity (check, post) would merge separate ones anyway.
        named = "; ".join(_describe(*hit) for hit in hits)
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


def _end(blackout: Blackout, zone: ZoneInfo) -> datetime | None:
    return None if blackout.end is None else blackout.end.local_in(zone)


def _describe(blackout: Blackout, start: datetime, end: datetime | None) -> str:
    reason = f'"{blackout.reason}" ' if blackout.reason else ""
    until = f"to {stamp(end)}" if end is not None else "on, open-ended"
    return f"{reason}({stamp(start)} {until})"
