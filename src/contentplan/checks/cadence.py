"""cadence: too many posts on a platform in a day or a week, or too few in
a week.

- More than ``max_per_day`` posts on one platform on one local day: the
  violation names all of that day's posts on the platform.
- More than ``max_per_week`` posts on one platform in an ISO week: it names
  all of that week's posts on the platform.
- Fewer than ``min_per_week``: judged for every ISO week from the week of
  the brand's first post to the week of its last, and only for platforms
  named under ``platforms:`` in the rules file with ``min_per_week`` above 0.
  A week without a single post on the platform gives a violation that names
  no posts and points at the ``posts:`` line.

Days and weeks are local to the calendar's time zone (a week runs Monday
00:00 to the next Monday 00:00), so a post at Monday 00:30 belongs to the
new week even where it is still Sunday in UTC. The window is always the ISO
week, also for a day that holds too many posts, whatever ``mix.window`` says.
When a day's posts are also the whole over-full week, the two are one
violation.

Rule keys read: ``platforms.<p>.max_per_day``, ``platforms.<p>.max_per_week``,
``platforms.<p>.min_per_week`` (built-in profiles may set the maxima).

.. rubric:: Examples

With ``platforms: {wechat: {max_per_day: 1}}`` this **passes**::

    - {id: a, at: "2024-03-25 20:00", platform: wechat, pillar: functional, title: A}
    - {id: b, at: "2024-03-26 08:00", platform: wechat, pillar: story, title: B}

and this **fails** (two pushes on Monday)::

    - {id: a, at: "2024-03-25 08:00", platform: wechat, pillar: functional, title: A}
    - {id: b, at: "2024-03-25 20:00", platform: wechat, pillar: story, title: B}

Messages read::

    wechat 2024-W13: 2 posts on Mon 2024-03-25, at most 1 a day: move 1 of them to another day
    weibo 2024-W13: 23 posts in the week, at most 21 a week: move 2 of them to another
    week, or drop them
    weibo 2024-W13: 3 posts in the week, needs at least 5 a week: add 2 weibo posts that week
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from contentplan.checks.grouping import by_platform, posts_word, week_of_day
from contentplan.core.model import Brand, Finding, PlatformRules, Post, Rules, Where


def check(brand: Brand) -> Iterator[Finding]:
    if not brand.posts:
        return
    rules = brand.rules
    groups = by_platform(brand.posts)
    days = [post.local.date() for post in brand.posts]
    weeks = _weeks_between(min(days), max(days))
    platforms = list(groups) + [p for p in rules.planning_platforms if p not in groups]
    for platform in platforms:
        profile = rules.platforms.get(platform)
        if profile is None:
            continue
        minimum = week_minimum(rules, platform)
        yield from _judge_platform(platform, groups.get(platform, []), profile, minimum,
                                   weeks, brand.anchor)


def week_minimum(rules: Rules, platform: str) -> int | None:
    """The fewest posts a week the platform must have: its ``min_per_week``
    when it is named under ``platforms:`` in the rules file and the minimum
    is above 0, else None (no minimum binds)."""
    profile = rules.platforms.get(platform)
    if profile is None or platform not in rules.planning_platforms:
        return None
    if profile.min_per_week is None or profile.min_per_week <= 0:
        return None
    return profile.min_per_week


def _weeks_between(first: date, last: date) -> list[str]:
    """Every ISO week from the week of ``first`` to the week of ``last``."""
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(week_of_day(monday))
        monday += timedelta(days=7)
    return weeks


def _judge_platform(
    platform: str,
    posts: Sequence[Post],
    profile: PlatformRules,
    minimum: int | None,
    weeks: Sequence[str],
    anchor: Where,
) -> Iterator[Finding]:
    by_week: dict[str, list[Post]] = {}
    by_day: dict[date, list[Post]] = {}
    day_group: list[Post] = []
    week_group: list[Post] = []
    day = None
    for post in posts:  # in time order: a run of one day shares its lists
        if post.local.date() != day:
            day = post.local.date()
            day_group = by_day.setdefault(day, [])
            week_group = by_week.setdefault(week_of_day(day), [])
        day_group.append(post)
        week_group.append(post)
    # Findings keyed by the posts they name, so that a day that is also the
    # whole week gives one violation with both reasons, not two with one id.
    # The key holds the posts' identities (the lists share the Post objects):
    # hashing a Post hashes every field of it.
    found: dict[tuple[str, tuple[int, ...]], tuple[tuple[Post, ...], list[str]]] = {}
    if profile.max_per_day is not None:
        limit = profile.max_per_day
        for day, day_posts in by_day.items():
            if len(day_posts) > limit:
                _reasons(found, week_of_day(day), day_posts).append(
                    f"{posts_word(len(day_posts))} on {day.strftime('%a')} {day.isoformat()}, "
                    f"at most {limit} a day: move {len(day_posts) - limit} of them to another day"
                )
    if profile.max_per_week is not None:
        limit = profile.max_per_week
        for week, week_posts in by_week.items():
            if len(week_posts) > limit:
                _reasons(found, week, week_posts).append(
                    f"{posts_word(len(week_posts))} in the week, at most {limit} a week: "
                    f"move {len(week_posts) - limit} of them to another week, or drop them"
                )
    if minimum:
        for week in weeks:
            week_posts = by_week.get(week, [])
            if len(week_posts) < minimum:
                _reasons(found, week, week_posts).append(
                    f"{posts_word(len(week_posts))} in the week, needs at least {minimum} a "
                    f"week: add {posts_word(minimum - len(week_posts), platform)} that week"
                )
    for (week, _), (named, reasons) in found.items():
        yield Finding(
            message=f"{platform} {week}: {'; '.join(reasons)}",
            posts=named,
            platform=platform,
            window=week,
            where=None if named else anchor,
        )


def _reasons(
    found: dict[tuple[str, tuple[int, ...]], tuple[tuple[Post, ...], list[str]]],
    week: str,
    posts: Sequence[Post],
) -> list[str]:
    """The reasons already found for these posts in this week (a new list at first)."""
    key = (week, tuple(map(id, posts)))
    entry = found.get(key)
    if entry is None:
        entry = found[key] = (tuple(posts), [])
    return entry[1]
