"""quiet-hours: a post inside its platform's quiet hours.

Quiet hours are ``[from, to)`` in the calendar's local time and may wrap
midnight: ``{from: "23:00", to: "06:00"}`` forbids 23:00 up to 05:59:59 and
allows 06:00 and 22:59. A platform's own ``quiet_hours`` replaces the
global ones for that platform; ``from`` equal to ``to`` means none.

Rule keys read: ``quiet_hours``, ``platforms.<p>.quiet_hours``.

.. rubric:: Examples

With ``quiet_hours: {from: "23:00", to: "06:00"}`` this **passes**::

    - {id: a, at: "2025-03-25 22:59", platform: x, pillar: functional, title: A}
    - {id: b, at: "2025-03-26 06:00", platform: x, pillar: story, title: B}

and this **fails** twice::

    - {id: c, at: "2025-03-25 23:00", platform: x, pillar: functional, title: C}
    - {id: d, at: "2025-03-26 05:59", platform: x, pillar: story, title: D}

The message reads::

    c at Tue 2025-03-25 23:00 is in x's quiet hours (23:00-06:00): move it
    before 23:00 or to 06:00 or later
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from contentplan.checks.grouping import dated, week_of
from contentplan.core.model import Brand, Finding, QuietHours, Rules


def quiet_at(rules: Rules, platform: str, moment: datetime) -> QuietHours | None:
    """The quiet hours that a post on ``platform`` at the local wall clock
    ``moment`` falls in (the platform's own, else the global ones), or None
    when it is outside them. The one test of this rule: the check, the
    planner's slots and `fix` all ask it."""
    hours = rules.quiet_hours_for(platform)
    if hours is None or not hours.covers(moment.time()):
        return None
    return hours


def check(brand: Brand) -> Iterator[Finding]:
    rules = brand.rules
    for post in brand.posts:
        hours = quiet_at(rules, post.platform, post.local)
        if hours is None:
            continue
        start, end = hours.start.strftime("%H:%M"), hours.end.strftime("%H:%M")
        yield Finding(
            message=(
                f"{post.id} at {dated(post.local)} is in {post.platform}'s quiet hours "
                f"({start}-{end}): move it before {start} or to {end} or later"
            ),
            posts=(post,),
            platform=post.platform,
            window=week_of(post),
        )
