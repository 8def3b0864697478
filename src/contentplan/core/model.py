"""The calendar as plain frozen data: posts, rules, and what a check finds.

Everything here is built by the loader and read by the checks, the planner
and the renderers. Nothing here reads files or prints.

Time is kept twice on purpose. ``instant`` (an aware UTC datetime) is what
elapsed-time rules use (``min_gap``, ``expires``, ``max_age``, campaign
spans); ``local`` (a naive wall-clock datetime in the calendar's zone) is what
calendar rules use (weeks, days, quiet hours, blackouts). Comparing aware
datetimes that share a zone compares wall clocks and ignores DST folds, so
the two are never mixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

Severity = Literal["error", "warning", "off"]
STATUSES = ("draft", "scheduled", "published")
FORMATS = ("text", "image", "video", "short-video", "article", "live")
PHASES = ("teaser", "launch", "recap")


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a file: 1-based line and column, and the character offsets
    [start, end) of the node there, so that ``fix`` can edit text in place."""

    file: str
    line: int
    column: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    instant: datetime  # aware, UTC
    local: datetime  # naive wall clock in the calendar's time zone
    platform: str
    pillar: str
    title: str
    where: Where  # where the post's mapping starts
    brand: str
    format: str | None = None
    campaign: str | None = None
    phase: str | None = None
    topic: str | None = None
    expires: datetime | None = None  # aware, UTC
    status: str = "scheduled"
    notes: str | None = None
    ignore: frozenset[str] = frozenset()
    # Where each key's value sits, e.g. keys["at"] for fix to rewrite it.
    keys: Mapping[str, Where] = field(default_factory=dict, compare=False)
    # `placeholder: true`: a post `plan` wrote as a stand-in, not yet written.
    placeholder: bool = False
    series: str | None = None  # `series: NAME`: one instance of a series in the rules
    repeat_of: str | None = None  # `repeat_of: ID`: a republication of an evergreen post

    @property
    def file(self) -> str:
        return self.where.file

    @property
    def sort_key(self) -> tuple[datetime, str]:
        """Posts are ordered by instant, then id (the order of a violation's post_ids)."""
        return (self.instant, self.id)


@dataclass(frozen=True, slots=True)
class Calendar:
    """One calendar file."""

    file: str  # as shown to the user: relative to the cwd, '/' separators
    path: str  # absolute path on disk
    brand: str
    timezone: str
    posts: tuple[Post, ...]
    posts_where: Where  # the `posts:` key, for violations that involve no post
    rules_ref: str | None = None  # the `rules:` value, resolved to an absolute path
    # What the loader warns of (a fixed-offset time zone): `schema` warnings.
    warnings: tuple[Problem, ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class QuietHours:
    """No posts in [start, end) local time; the span may wrap midnight."""

    start: time
    end: time

    def covers(self, moment: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True, slots=True)
class Stamp:
    """A date-time as written in a rules file. Without an offset it is local
    to whichever calendar it is applied to; with one it is an instant."""

    naive: datetime
    aware: datetime | None = None  # set when the text carried Z or ±HH:MM

    def local_in(self, zone: ZoneInfo) -> datetime:
        if self.aware is None:
            return self.naive
        return self.aware.astimezone(zone).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Blackout:
    """No posts in [start, end) local time on the platforms it covers."""

    start: Stamp
    end: Stamp | None  # None: open-ended
    reason: str
    platforms: frozenset[str] | None  # None: all platforms
    where: Where | None = None

    def covers_platform(self, platform: str) -> bool:
        return self.platforms is None or platform in self.platforms

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime | None]:
        """[start, end) as wall clocks of a calendar in ``zone``; end None: open."""
        end = None if self.end is None else self.end.local_in(zone)
        return self.start.local_in(zone), end

    def covers(self, platform: str, moment: datetime, zone: ZoneInfo) -> bool:
        """Whether a post on ``platform`` at the local wall clock ``moment``
        (of a calendar in ``zone``) falls in this blackout: the one test that
        the `blackout` check, the planner's slots and `fix` all make."""
        if not self.covers_platform(platform):
            return False
        start, end = self.bounds(zone)
        return start <= moment and (end is None or moment < end)


@dataclass(frozen=True, slots=True)
class Campaign:
    name: str
    launch: Stamp
    teaser_days: timedelta | None = None  # None: teasers allowed any time before launch
    recap_days: timedelta | None = None  # None: recaps allowed any time after launch
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """A recurring post: on the weekdays ``on`` (0 = Monday) at ``at`` local
    time, every week, every other week (counted from the ISO week of
    ``start``) or once a month (the first of those weekdays in each month),
    from ``start`` to ``until`` (inclusive; None: no end), except ``skip``.
    Which days those are is ``contentplan.core.series.instance_days``: the
    one definition the `series` check, the planner and `show` use."""

    name: str
    platform: str
    pillar: str
    every: str  # weekly | biweekly | monthly
    on: tuple[int, ...]  # weekdays, 0 = Monday, sorted, distinct
    at: time
    start: date
    until: date | None = None
    skip: frozenset[date] = frozenset()
    tolerance: timedelta = timedelta(0)
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Evergreen:
    """How soon an evergreen post may be published again, and how often.
    The rules file's policy is the house minimum the `evergreen` check
    enforces; a backlog item may ask for a longer cooldown or fewer repeats,
    which `plan` keeps."""

    cooldown: timedelta = timedelta(days=30)
    max_repeats: int | None = None  # None: no limit

    def within(self, house: Evergreen) -> Evergreen:
        """A backlog item's own policy held to the rules' ``house`` minimum:
        the longer cooldown and the smaller limit of the two. (A backlog
        item's ``evergreen: true`` is ``Evergreen(timedelta(0))``: the
        rules' policy as it is.)"""
        limits = [n for n in (self.max_repeats, house.max_repeats) if n is not None]
        return Evergreen(max(self.cooldown, house.cooldown), min(limits) if limits else None)


@dataclass(frozen=True, slots=True)
class PlatformRules:
    """One platform's profile: the built-in one with the rules file's keys
    merged over it (docs/reference.md#rules-files)."""

    name: str
    role: str | None = None
    mix: Mapping[str, Fraction] | None = None
    formats: frozenset[str] | None = None  # None: any format
    slots: tuple[time, ...] = ()
    max_per_day: int | None = None
    min_per_week: int | None = None
    max_per_week: int | None = None
    min_gap: timedelta | None = None
    max_title: int | None = None
    title_units: str = "codepoints"  # codepoints | weighted
    quiet_hours: QuietHours | None = None


@dataclass(frozen=True, slots=True)
class MixRules:
    target: Mapping[str, Fraction]
    window: str = "week"  # week | month
    tolerance: Fraction = Fraction(1, 10)
    min_posts: int = 1
    scope: frozenset[str] = frozenset({"platform", "brand"})


DEFAULT_PILLARS = ("functional", "story", "trending")
ROLE_TARGETS: Mapping[str, Mapping[str, Fraction]] = {
    "information": {"functional": Fraction(6), "story": Fraction(2), "trending": Fraction(2)},
    "entertainment": {"functional": Fraction(3), "story": Fraction(5), "trending": Fraction(2)},
    "service": {"functional": Fraction(6), "story": Fraction(3), "trending": Fraction(1)},
}


@dataclass(frozen=True, slots=True)
class Rules:
    pillars: tuple[str, ...]
    mix: MixRules
    platforms: Mapping[str, PlatformRules]  # every known platform, built-ins included
    planning_platforms: tuple[str, ...] = ()  # those named under `platforms:` in the file
    quiet_hours: QuietHours | None = None
    blackouts: tuple[Blackout, ...] = ()
    campaigns: Mapping[str, Campaign] = field(default_factory=dict)
    trending_max_age: timedelta | None = None
    severity: Mapping[str, Severity] = field(default_factory=dict)
    source: str | None = None  # the file it came from; None for built-in defaults
    series: Mapping[str, Series] = field(default_factory=dict)
    evergreen: Evergreen = Evergreen()

    def target_for(self, platform: str | None) -> Mapping[str, Fraction]:
        """The mix target of one platform, or of the brand when None
        (docs/reference.md#which-mix-target-applies)."""
        if platform is None:
            return self.mix.target
        profile = self.platforms.get(platform)
        if profile is not None and profile.mix is not None:
            return profile.mix
        role = profile.role if profile is not None else None
        if role is not None and role in ROLE_TARGETS and sorted(self.pillars) == sorted(
            DEFAULT_PILLARS
        ):
            return ROLE_TARGETS[role]
        return self.mix.target

    def quiet_hours_for(self, platform: str) -> QuietHours | None:
        profile = self.platforms.get(platform)
        if profile is not None and profile.quiet_hours is not None:
            return profile.quiet_hours
        return self.quiet_hours


@dataclass(frozen=True, slots=True)
class Brand:
    """All posts of one brand across the files of one run: what checks see."""

    name: str
    timezone: str
    rules: Rules
    posts: tuple[Post, ...]  # sorted by (instant, id)
    calendars: tuple[Calendar, ...]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def anchor(self) -> Where:
        """Where violations that involve no post point: the first file's `posts:`."""
        return self.calendars[0].posts_where


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check yields. The engine turns it into a Violation: it adds the
    severity, the file and line of the earliest post, and sorts the ids."""

    message: str
    posts: tuple[Post, ...] = ()
    platform: str | None = None
    window: str | None = None
    expected: Mapping[str, tuple[int, int]] | None = None
    actual: Mapping[str, int] | None = None
    where: Where | None = None  # only when no post is involved


@dataclass(frozen=True, slots=True)
class Violation:
    check: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    brand: str | None = None
    platform: str | None = None
    window: str | None = None
    post_ids: tuple[str, ...] = ()
    expected: Mapping[str, tuple[int, int]] | None = None
    actual: Mapping[str, int] | None = None
    # The line and column just after the post at ``line``/``column`` ends,
    # so that a report can mark all of it; 0 when not known.
    end_line: int = 0
    end_column: int = 0

    @property
    def identity(self) -> tuple[str, str | None, str | None, str | None, tuple[str, ...]]:
        """What a violation is, apart from where it is printed (docs/reference.md#checks)."""
        return (self.check, self.brand, self.platform, self.window, self.post_ids)

    @property
    def order(self) -> tuple[str, int, int, str, str, str, tuple[str, ...]]:
        return (
            self.file,
            self.line,
            self.column,
            self.check,
            self.platform or "",
            self.window or "",
            self.post_ids,
        )


@dataclass(frozen=True, slots=True)
class BacklogItem:
    id: str
    pillar: str
    title: str
    where: Where
    platforms: tuple[str, ...] | None = None  # None: any planning platform
    format: str | None = None
    priority: int = 1
    earliest: date | None = None
    latest: date | None = None
    campaign: str | None = None
    phase: str | None = None
    topic: str | None = None
    expires: Stamp | None = None
    series: str | None = None  # content for this series' instances
    # May be planned again after its cooldown: the item's own ask (cooldown 0
    # and no limit for `evergreen: true`); `.within(rules.evergreen)` is what holds.
    evergreen: Evergreen | None = None


@dataclass(frozen=True, slots=True)
class Backlog:
    file: str
    brand: str | None
    timezone: str | None
    items: tuple[BacklogItem, ...]
    warnings: tuple[Problem, ...] = ()  # as a calendar's


@dataclass(frozen=True, slots=True)
class Problem:
    """One schema problem in an input file (the `schema` check, docs/reference.md#check-schema)."""

    file: str
    line: int
    column: int
    message: str
    post_id: str | None = None
