"""What several checks share: grouping a brand's posts, naming their week,
and writing times and spans the way a content planner reads them.

Not a check itself (it is not registered in ``CHECKS``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from contentplan.core import clock
from contentplan.core.model import Post


@lru_cache(maxsize=4096)
def week_of_day(day: date) -> str:
    """The ISO week (``2024-W13``) of a local date."""
    return clock.week_name(day)


@lru_cache(maxsize=4096)
def window_of_day(day: date, window: str) -> str:
    """The mix window (``week`` or ``month``) that holds a local date."""
    return clock.window_name(day, window)


def week_of(post: Post) -> str:
    """The ISO week of a post in its calendar's local time, the window that
    every check but the mix checks names."""
    return week_of_day(post.local.date())


def window_of(post: Post, window: str) -> str:
    """The mix window (``week`` or ``month``) that holds a post, local time."""
    return window_of_day(post.local.date(), window)


def by_platform(posts: Iterable[Post]) -> dict[str, list[Post]]:
    """Posts per platform, each list in the order given (the brand's posts
    come sorted by (instant, id)), platforms in order of first appearance."""
    groups: dict[str, list[Post]] = {}
    for post in posts:
        groups.setdefault(post.platform, []).append(post)
    return groups


def stamp(moment: datetime) -> str:
    """``2024-03-28 19:00`` (seconds only when there are any)."""
    if not moment.second and moment.tzinfo is None and moment.year >= 1000:
        # what strftime writes, faster
        return moment.isoformat(" ", "minutes")
    if moment.second:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")


def local_stamp(instant: datetime, zone: ZoneInfo) -> str:
    """``stamp`` of an instant's wall clock in ``zone``."""
    moment = instant.astimezone(zone)
    if not moment.second and moment.year >= 1000:
        # isoformat adds the offset after the minutes: "2024-03-28 19:00+08:00"
        return moment.isoformat(" ", "minutes")[:16]
    return stamp(moment.replace(tzinfo=None))


def dated(moment: datetime) -> str:
    """``Tue 2024-03-26 20:00``: the weekday helps when moving posts."""
    return f"{moment.strftime('%a')} {stamp(moment)}"


@lru_cache(maxsize=4096)  # a run asks for the same few spans thousands of times
def span(value: timedelta) -> str:
    """An elapsed time as a planner writes it: hours and minutes below three
    days (``2h59m``, ``24h``, ``27h1m``), days above (``14d``, ``3d4h``)."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400) if seconds >= 3 * 86400 else (0, seconds)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{amount}{unit}"
        for amount, unit in ((days, "d"), (hours, "h"), (minutes, "m"), (secs, "s"))
        if amount
    ]
    return sign + ("".join(parts) or "0m")


def posts_word(count: int, pillar: str = "") -> str:
    """``1 post``, ``3 posts``, ``1 story post``, ``2 story posts``."""
    noun = "post" if count == 1 else "posts"
    return f"{count} {pillar} {noun}" if pillar else f"{count} {noun}"


def joined(words: Iterable[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
