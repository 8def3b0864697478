"""stale-trend: a post that goes out after its news has gone stale.

- A post later than its own ``expires`` (a post at exactly ``expires`` is
  fine).
- A post with a ``topic`` later than ``trending.max_age`` after the brand's
  first post on that topic, on any platform and of any pillar (a post at
  exactly ``max_age`` after it is fine). The first post itself is never
  stale this way.

Both are elapsed time: ``max_age: 24h`` is 24 hours, also across a DST
change. A post that is stale both ways gives one violation with both
reasons.

Rule keys read: ``trending.max_age``.

.. rubric:: Examples

With ``trending: {max_age: 24h}`` this **passes**::

    - {id: a, at: "2025-03-28 10:00", ..., topic: t1, expires: "2025-03-28 10:00"}
    - {id: b, at: "2025-03-29 10:00", ..., topic: t1}

and this **fails** twice::

    - {id: c, at: "2025-03-28 13:00", ..., expires: "2025-03-28 12:59"}
    - {id: d, at: "2025-03-29 13:01", ..., topic: t1}

Messages read::

    c goes out at 2025-03-28 13:00, after it expires (2025-03-28 12:59): move it
    to 2025-03-28 12:59 or earlier, or drop it
    d on t1 goes out 27h1m after the brand's first post on t1 (a at 2025-03-28
    10:00), more than 24h: move it to 2025-03-29 10:00 or earlier, or drop it
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from contentplan.checks.grouping import local_stamp, span, stamp, week_of
from contentplan.core.model import Brand, Finding, Post
from contentplan.core.text import clip


def expired(instant: datetime, expires: datetime | None) -> bool:
    """Whether a post at ``instant`` goes out after its ``expires`` (exactly
    at it is fine)."""
    return expires is not None and instant > expires


def too_old(instant: datetime, first: datetime, max_age: timedelta | None) -> bool:
    """Whether a post on a topic at ``instant`` comes more than ``max_age``
    after the brand's first post on it, at ``first`` (exactly then is fine)."""
    return max_age is not None and instant - first > max_age


def check(brand: Brand) -> Iterator[Finding]:
    zone = brand.zone
    max_age = brand.rules.trending_max_age
    first_on: dict[str, Post] = {}

    def local(instant: datetime) -> str:
        return local_stamp(instant, zone)

    for post in brand.posts:  # sorted by instant: the first on a topic comes first
        reasons = []
        if post.expires is not None and expired(post.instant, post.expires):
            reasons.append(
                f"{post.id} goes out at {stamp(post.local)}, after it expires "
                f"({local(post.expires)}): move it to {local(post.expires)} or earlier, "
                f"or drop it"
            )
        if post.topic is not None:
            first = first_on.setdefault(post.topic, post)
            topic = clip(post.topic)
            if max_age is not None and too_old(post.instant, first.instant, max_age):
                reasons.append(
                    f"{post.id} on {topic} goes out {span(post.instant - first.instant)} "
                    f"after the brand's first post on {topic} ({first.id} at "
                    f"{stamp(first.local)}), more than {span(max_age)}: move it to "
                    f"{local(first.instant + max_age)} or earlier, or drop it"
                )
        if reasons:
            yield Finding(
                message="; ".join(reasons),
                posts=(post,),
                platform=post.platform,
                window=week_of(post),
            )


