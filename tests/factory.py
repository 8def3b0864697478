"""Small builders for model objects, so that check tests read like calendars.

    b = brand(
        post("a", "2024-03-25 09:00", "weibo", "functional"),
        post("b", "2024-03-25 10:00", "weibo", "story"),
        rules=rules(platforms={"weibo": {"min_gap": "2h"}}),
    )

Times are local to the brand's zone (``ZONE`` unless given), written as in a
calendar. Posts get the lines of a file in the order they are passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from contentplan.core.clock import parse_clock, parse_date, parse_duration, parse_stamp, resolve
from contentplan.core.model import (
    DEFAULT_PILLARS,
    Blackout,
    Brand,
    Calendar,
    Campaign,
    MixRules,
    PlatformRules,
    Post,
    QuietHours,
    Rules,
    Severity,
    Stamp,
    Where,
)

ZONE = "Asia/Shanghai"
FILE = "calendars/acme.yaml"
FIRST_LINE = 5  # posts: is line 4 in a file with version, brand, timezone first


def post(
    id: str,
    at: str,
    platform: str = "weibo",
    pillar: str = "functional",
    *,
    title: str | None = None,
    zone: str = ZONE,
    line: int = 0,
    file: str = FILE,
    expires: str | None = None,
    ignore: Iterable[str] = (),
    **fields: Any,
) -> Post:
    """A post at local time ``at`` (or an instant with an offset)."""
    instant, local = resolve(parse_stamp(at), ZoneInfo(zone))
    expires_at = None if expires is None else resolve(parse_stamp(expires), ZoneInfo(zone))[0]
    return Post(
        id=id,
        instant=instant,
        local=local,
        platform=platform,
        pillar=pillar,
        title=title if title is not None else f"title of {id}",
        where=Where(file, line, 5),
        brand="acme",
        expires=expires_at,
        ignore=frozenset(ignore),
        **fields,
    )


def week_of_posts(
    week_monday: str, platform: str, counts: Mapping[str, int], *, prefix: str = ""
) -> list[Post]:
    """``counts`` posts per pillar on one platform, one an hour from Monday
    09:00 of the given date (so no day holds more than 24)."""
    start = datetime.combine(parse_date(week_monday), time(9))
    posts = []
    index = 0
    for pillar, count in counts.items():
        for _ in range(count):
            at = start + timedelta(hours=index)
            posts.append(
                post(f"{prefix}{platform}-{index:02d}", at.strftime("%Y-%m-%d %H:%M"), platform,
                     pillar)
            )
            index += 1
    return posts


def platform(name: str, **keys: Any) -> PlatformRules:
    """A platform profile; durations, times and ratios written as in YAML."""
    converted: dict[str, Any] = {}
    for key, value in keys.items():
        if key == "min_gap":
            value = parse_duration(value)
        elif key == "quiet_hours":
            value = QuietHours(parse_clock(value[0]), parse_clock(value[1]))
        elif key == "formats":
            value = frozenset(value)
        elif key == "mix":
            value = ratios(value)
        elif key == "slots":
            value = tuple(parse_clock(slot) for slot in value)
        converted[key] = value
    return PlatformRules(name=name, **converted)


def ratios(target: Mapping[str, Any]) -> dict[str, Fraction]:
    return {pillar: Fraction(str(ratio)) for pillar, ratio in target.items()}


def blackout(
    start: str, end: str | None = None, *, reason: str = "freeze",
    platforms: Iterable[str] | None = None,
) -> Blackout:
    """Bounds as in a rules file: a date-only ``to`` covers that whole day."""
    return Blackout(
        start=_bound(start, end_of_day=False),
        end=None if end is None else _bound(end, end_of_day=True),
        reason=reason,
        platforms=None if platforms is None else frozenset(platforms),
    )


def _bound(text: str, *, end_of_day: bool) -> Stamp:
    if len(text.strip()) == 10:
        day = parse_date(text) + timedelta(days=1 if end_of_day else 0)
        return Stamp(datetime.combine(day, time()))
    return parse_stamp(text)


def campaign(
    name: str, launch: str, *, teaser_days: int | None = None, recap_days: int | None = None
) -> Campaign:
    return Campaign(
        name=name,
        launch=parse_stamp(launch),
        teaser_days=None if teaser_days is None else timedelta(days=teaser_days),
        recap_days=None if recap_days is None else timedelta(days=recap_days),
    )


def rules(
    *,
    pillars: Iterable[str] = DEFAULT_PILLARS,
    target: Mapping[str, Any] | None = None,
    window: str = "week",
    tolerance: str = "0.10",
    min_posts: int = 1,
    scope: Iterable[str] = ("platform", "brand"),
    platforms: Mapping[str, Mapping[str, Any]] | None = None,
    planning: Iterable[str] | None = None,
    quiet_hours: tuple[str, str] | None = None,
    blackouts: Iterable[Blackout] = (),
    campaigns: Iterable[Campaign] = (),
    max_age: str | None = None,
    severity: Mapping[str, Severity] | None = None,
) -> Rules:
    """Rules as a rules file would give them. ``planning`` defaults to the
    platforms named in ``platforms``."""
    pillar_names = tuple(pillars)
    named = dict(platforms or {})
    return Rules(
        pillars=pillar_names,
        mix=MixRules(
            target=ratios(target or {"functional": 5, "story": 3, "trending": 2}),
            window=window,
            tolerance=Fraction(tolerance),
            min_posts=min_posts,
            scope=frozenset(scope),
        ),
        platforms={name: platform(name, **keys) for name, keys in named.items()},
        planning_platforms=tuple(named if planning is None else planning),
        quiet_hours=None
        if quiet_hours is None
        else QuietHours(parse_clock(quiet_hours[0]), parse_clock(quiet_hours[1])),
        blackouts=tuple(blackouts),
        campaigns={c.name: c for c in campaigns},
        trending_max_age=None if max_age is None else parse_duration(max_age),
        severity=dict(severity or {}),
    )


def default_rules() -> Rules:
    """The built-in defaults as far as checks see them: 5:3:2 ±10 %, no platforms."""
    return rules()


def brand(
    *posts: Post, rules: Rules | None = None, name: str = "acme", zone: str = ZONE
) -> Brand:
    """A brand of one calendar file holding ``posts`` (sorted as the model
    promises); posts without a line get lines in the order passed."""
    numbered = [
        replace(p, where=replace(p.where, line=FIRST_LINE + i), brand=name)
        if p.where.line == 0
        else replace(p, brand=name)
        for i, p in enumerate(posts)
    ]
    calendar = Calendar(
        file=FILE,
        path="/tmp/" + FILE,
        brand=name,
        timezone=zone,
        posts=tuple(numbered),
        posts_where=Where(FILE, FIRST_LINE - 1, 1),
    )
    return Brand(
        name=name,
        timezone=zone,
        rules=rules if rules is not None else default_rules(),
        posts=tuple(sorted(numbered, key=lambda p: p.sort_key)),
        calendars=(calendar,),
    )


def utc(text: str) -> datetime:
    """An aware UTC datetime from ``YYYY-MM-DD HH:MM``."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def ids(findings: Iterable[Any]) -> list[tuple[str, ...]]:
    """The post ids of each finding (sorted by instant, then id), in order."""
    return [tuple(p.id for p in sorted(f.posts, key=lambda p: p.sort_key)) for f in findings]
