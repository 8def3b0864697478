"""series: a series that misses a day, has a post too many, or one off its time.

A post belongs to a series by ``series: NAME``. Each series of the rules is
due on its days (``every`` weekly, biweekly counted from the ISO week of
``from``, or monthly: the first of those weekdays in each month; from
``from`` to ``until``, less ``skip``) at its time ``at``, on its platform.
The check looks at the weeks the brand's calendar covers: from the Monday
of the ISO week of the brand's earliest post to the Sunday of the week of
its latest post, so a series that starts before the calendar, or goes on
after it, is judged only inside it. For every series it finds:

- a missed day: no post of the series on its platform on that local day.
  A day that a blackout (a crisis freeze) covers at the series' time is
  excused: nothing is due then, and nothing is reported;
- a post too many: a post of the series on a day that is not one of its
  days, or a second post of it on one day (the post nearest the series'
  time is the one that counts);
- a post off its time: more than ``tolerance`` (default 0) from the series'
  time on its day, measured in elapsed time;
- a post of the series on another platform than the series' (it does not
  count for the series' day), or in another pillar.

Series posts count in the mix, and every other check, like any post.

Rule keys read: ``series`` (``platform``, ``pillar``, ``every``, ``on``,
``at``, ``from``, ``until``, ``skip``, ``tolerance``), ``blackouts``.

.. rubric:: Examples

With ``series: {tips: {platform: wechat, pillar: story, every: weekly, on: [tue],
at: "20:00", from: 2025-03-04, skip: [2025-03-18]}}`` this **passes** (the
calendar covers the weeks of 2025-03-03 to 2025-03-30; 2025-03-18 is skipped)::

    - {id: t1, at: "2025-03-04 20:00", platform: wechat, pillar: story, title: T1, series: tips}
    - {id: t2, at: "2025-03-11 20:00", platform: wechat, pillar: story, title: T2, series: tips}
    - {id: t4, at: "2025-03-25 20:00", platform: wechat, pillar: story, title: T4, series: tips}

and this **fails** (nothing on 2025-03-11, and t3 is on a Wednesday)::

    - {id: t1, at: "2025-03-04 20:00", platform: wechat, pillar: story, title: T1, series: tips}
    - {id: t3, at: "2025-03-12 20:00", platform: wechat, pillar: story, title: T3, series: tips}

The messages read::

    wechat: the series tips has no post on Tue 2025-03-11 20:00: add one at
    2025-03-11 20:00 with series: tips, or add 2025-03-11 to the series' skip:

    t3 of the series tips is on Wed 2025-03-12, which is not a day of the series
    (every Tuesday): move it to 2025-03-11 20:00, or remove its series:
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from contentplan.checks.grouping import dated, span, stamp, week_of, week_of_day
from contentplan.core.model import Brand, Finding, Post, Series
from contentplan.core.quoting import quote
from contentplan.core.series import Instance, instances, rhythm

# A series name inside a message is cut to this many characters.
_NAME = 100


def check(brand: Brand) -> Iterator[Finding]:
    table = brand.rules.series
    if not table or not brand.posts:
        return
    first, last = covered_days(brand.posts)
    members: dict[str, list[Post]] = {}
    for post in brand.posts:
        if post.series is not None and post.series in table:
            members.setdefault(post.series, []).append(post)
    zone = brand.zone
    missed: dict[tuple[str, str], list[str]] = {}
    for name, series in table.items():
        due = instances(series, first, last, brand.rules.blackouts, zone)
        yield from _judge(series, due, members.get(name, []), zone, missed)
    # Missed days name no post: one finding per platform and week, so that
    # two missed days of one week stay two parts of one message (a finding
    # is told apart from another by its platform, week and posts).
    for (platform, week), clauses in missed.items():
        yield Finding(
            message=f"{platform}: " + "; ".join(clauses),
            platform=platform,
            window=week,
        )


def covered_days(posts: tuple[Post, ...]) -> tuple[date, date]:
    """The days the check looks at: the Monday of the ISO week of the
    earliest post (local) to the Sunday of the week of the latest."""
    days = [post.local.date() for post in posts]
    low, high = min(days), max(days)
    return low - timedelta(days=low.weekday()), high + timedelta(days=6 - high.weekday())


def _judge(
    series: Series,
    due: list[Instance],
    posts: list[Post],
    zone: ZoneInfo,
    missed: dict[tuple[str, str], list[str]],
) -> Iterator[Finding]:
    name = quote(series.name, _NAME)
    by_day = {instance.day: instance for instance in due}
    on_day: dict[date, list[Post]] = {}
    astray: list[Post] = []
    for post in posts:
        if post.platform != series.platform:
            yield _finding(
                post,
                f"{post.id} of the series {name} is on {post.platform}, but the series goes "
                f"out on {series.platform}: move it to {series.platform}, or remove its "
                "series:",
            )
            continue
        day = post.local.date()
        if day in by_day:
            on_day.setdefault(day, []).append(post)
        else:
            astray.append(post)
    free = [i for i in due if i.day not in on_day]
    for post in astray:
        yield _finding(post, _off_day(post, series, name, free))
    for instance in due:
        found = on_day.get(instance.day)
        if not found:
            if instance.excused_by is None:
                when = instance.local
                clause = (
                    f"the series {name} has no post on {dated(when)}: add one at "
                    f"{stamp(when)} with series: {name}, or add {instance.day} to the series' "
                    "skip:"
                )
                missed.setdefault((series.platform, week_of_day(instance.day)), []).append(
                    clause
                )
            continue
        target = _instant(instance.local, zone)
        found.sort(key=lambda post: (abs(post.instant - target), post.instant, post.id))
        kept, *others = found
        for other in others:
            yield _finding(
                other,
                f"{other.id} is a second post of the series {name} on {dated(instance.local)} "
                f"(after {kept.id}): a series has one post a day; move it to another day and "
                "remove its series:, or drop it",
            )
        for post in found[:1]:
            yield from _kept(post, series, name, instance, target)


def _kept(
    post: Post, series: Series, name: str, instance: Instance, target: datetime
) -> Iterator[Finding]:
    """What may be wrong with the post that counts for a series' day."""
    wrong: list[str] = []
    off = post.instant - target
    if abs(off) > series.tolerance:
        allowed = (
            f"tolerance {span(series.tolerance)}" if series.tolerance else "no tolerance"
        )
        side = "after" if off > timedelta(0) else "before"
        wrong.append(
            f"is at {stamp(post.local)}, {span(abs(off))} {side} the series' "
            f"{series.at:%H:%M} ({allowed}): move it to {stamp(instance.local)}"
        )
    if post.pillar != series.pillar:
        wrong.append(
            f"is in the pillar {post.pillar}, but the series is {series.pillar}: make it "
            f"{series.pillar}, or remove its series:"
        )
    if wrong:
        yield _finding(post, f"{post.id} of the series {name} " + "; and ".join(wrong))


def _off_day(post: Post, series: Series, name: str, free: list[Instance]) -> str:
    """The message for a post of a series on a day that is not one of its
    days; ``free`` are the series' days in these weeks that have no post."""
    day = post.local.date()
    if day in series.skip:
        said = f"{post.id} of the series {name} is on {post.local:%a} {day}, which the series skips"
    else:
        said = (
            f"{post.id} of the series {name} is on {post.local:%a} {day}, which is not a day "
            f"of the series ({rhythm(series)})"
        )
    open_days = [instance for instance in free if instance.excused_by is None]
    nearest = min(
        open_days,
        key=lambda instance: (abs((instance.day - day).days), instance.day),
        default=None,
    )
    if nearest is None:
        return f"{said}: remove its series:, or drop it"
    return f"{said}: move it to {stamp(nearest.local)}, or remove its series:"


def _finding(post: Post, message: str) -> Finding:
    return Finding(message=message, posts=(post,), platform=post.platform, window=week_of(post))


def _instant(local: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a series' wall-clock time; a time in a DST gap is
    read with the offset before the change, as Python does."""
    return local.replace(tzinfo=zone).astimezone(UTC)
