"""The content mix as a report: counts per window, platform and brand against
the band (docs/reference.md#the-mix-band), and how each pillar's share moves
across the windows, and how many of the posts are evergreen repeats, per pillar.

This is the core of ``contentplan report``; the Rich and HTML renderers draw
what it computes and decide nothing. A window is judged exactly as the `mix`
and `mix-brand` checks judge it: the same band function, the same target
(docs/reference.md#which-mix-target-applies), the same ``min_posts`` and
``scope``. The report never fails a run: it shows ✗ where a check would complain.

Windows run from the first post's window to the last post's (or from
``--from`` to ``--to``), empty ones included, so every table of a brand has
the same rows and a gap in the schedule shows as a row of zeros.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from contentplan.checks.mix import in_scope, judge_group, outside, scope_of
from contentplan.core import clock
from contentplan.core.band import ratio_label, shares, tolerance_label
from contentplan.core.model import Brand, Post


class RangeError(ValueError):
    """``--from``/``--to`` cannot be read; the text says what to write."""


@dataclass(frozen=True, slots=True)
class WindowRange:
    """The local span [start, end) that ``--from``/``--to`` ask for; a side
    left out is open. A window is shown when it overlaps the span."""

    start: datetime | None = None
    end: datetime | None = None
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def parse(cls, first: str | None, last: str | None) -> WindowRange:
        start = _bound(first, "--from")[0] if first else None
        end = _bound(last, "--to")[1] if last else None
        if start is not None and end is not None and end <= start:
            raise RangeError(f"--from {first} comes after --to {last}: swap them")
        return cls(start, end, first, last)


def _bound(text: str, option: str) -> tuple[datetime, datetime]:
    """A window name (``2024-W13`` or ``2024-03``) as its local [start, end)."""
    value = text.strip()
    try:
        if "W" in value.upper():
            return clock.window_bounds(value.upper())
        day = clock.parse_date(f"{value}-01")
    except clock.ClockError as error:
        raise RangeError(f"{option}: {error}") from None
    return clock.window_bounds(clock.month_name(day))


@dataclass(frozen=True, slots=True)
class Row:
    """One window of one group (a platform, or the brand)."""

    window: str
    start: datetime  # local, inclusive
    end: datetime  # local, exclusive
    total: int
    counts: Mapping[str, int]  # every pillar of the rules, 0 when absent
    band: Mapping[str, tuple[int, int]]  # every pillar's allowed counts
    judged: bool  # scope includes the group and total >= min_posts
    change: Mapping[str, Fraction] | None  # share change vs the previous window with posts

    @property
    def ok(self) -> bool | None:
        """True or False when judged; None when the window is not judged."""
        if not self.judged:
            return None
        return not self.outside

    @property
    def outside(self) -> dict[str, str]:
        """Pillars outside their band: ``below`` or ``above``."""
        return outside(self.band, self.counts)

    def share(self, pillar: str) -> Fraction | None:
        """The pillar's share of the window's posts, None for an empty window."""
        if not self.total:
            return None
        return Fraction(self.counts.get(pillar, 0), self.total)


@dataclass(frozen=True, slots=True)
class Table:
    """The windows of one platform, or of the whole brand (platform None)."""

    platform: str | None
    target: Mapping[str, Fraction]
    tolerance: Fraction
    role: str | None
    judged_scope: bool  # the rules' mix.scope judges this kind of group
    rows: tuple[Row, ...]
    # Evergreen repeats (posts with `repeat_of:`) in these windows, per
    # pillar; a pillar with none is left out.
    repeats: Mapping[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.platform or "all platforms"

    @property
    def target_label(self) -> str:
        """``6:2:2 ±10%``, as the checks' messages write it."""
        return f"{ratio_label(self.target)} {tolerance_label(self.tolerance)}"

    @property
    def target_shares(self) -> dict[str, Fraction]:
        return shares(self.target)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    def pillar_total(self, pillar: str) -> int:
        return sum(row.counts.get(pillar, 0) for row in self.rows)

    @property
    def passed(self) -> int:
        return sum(1 for row in self.rows if row.ok is True)

    @property
    def failed(self) -> int:
        return sum(1 for row in self.rows if row.ok is False)

    def trend(self, pillar: str) -> list[Fraction | None]:
        """The pillar's share in every window (None where it had no posts)."""
        return [row.share(pillar) for row in self.rows]


@dataclass(frozen=True, slots=True)
class BrandReport:
    brand: str
    timezone: str
    window: str  # week | month
    pillars: tuple[str, ...]
    min_posts: int
    tables: tuple[Table, ...]  # one per platform (by name), then the brand's

    @property
    def platform_tables(self) -> tuple[Table, ...]:
        return tuple(table for table in self.tables if table.platform is not None)

    @property
    def brand_table(self) -> Table:
        return self.tables[-1]

    @property
    def windows(self) -> tuple[str, ...]:
        return tuple(row.window for row in self.tables[-1].rows)


@dataclass(frozen=True, slots=True)
class Report:
    brands: tuple[BrandReport, ...]
    span: WindowRange


def build_report(brands: Sequence[Brand], span: WindowRange | None = None) -> Report:
    """The report of every brand, restricted to the windows ``span`` overlaps."""
    chosen = span or WindowRange()
    return Report(tuple(_brand_report(brand, chosen) for brand in brands), chosen)


def _brand_report(brand: Brand, span: WindowRange) -> BrandReport:
    rules = brand.rules
    kind = rules.mix.window
    windows = _windows(brand.posts, kind, span)
    names = {name for name, _, _ in windows}
    in_range = [post for post in brand.posts if _window_of(post, kind) in names]
    by_platform: dict[str, list[Post]] = {}
    for post in in_range:
        by_platform.setdefault(post.platform, []).append(post)
    tables = [
        _table(brand, platform, posts, windows) for platform, posts in sorted(by_platform.items())
    ]
    tables.append(_table(brand, None, in_range, windows))
    return BrandReport(
        brand=brand.name,
        timezone=brand.timezone,
        window=kind,
        pillars=rules.pillars,
        min_posts=rules.mix.min_posts,
        tables=tuple(tables),
    )


def _window_of(post: Post, kind: str) -> str:
    return clock.window_name(post.local.date(), kind)


def _windows(
    posts: Sequence[Post], kind: str, span: WindowRange
) -> list[tuple[str, datetime, datetime]]:
    """Every window from the first to the last one shown, empty ones included."""
    days = [post.local.date() for post in posts]
    first = span.start.date() if span.start is not None else (min(days) if days else None)
    last = span.end - timedelta(microseconds=1) if span.end is not None else None
    last_day = last.date() if last is not None else (max(days) if days else None)
    if first is None or last_day is None or last_day < first:
        return []
    result: list[tuple[str, datetime, datetime]] = []
    day = first
    while day <= last_day:
        name = clock.window_name(day, kind)
        start, end = clock.window_bounds(name)
        result.append((name, start, end))
        day = end.date()
    return result


def _table(
    brand: Brand,
    platform: str | None,
    posts: Iterable[Post],
    windows: Sequence[tuple[str, datetime, datetime]],
) -> Table:
    rules = brand.rules
    target = rules.target_for(platform)
    judged_scope = in_scope(rules, scope_of(platform))
    grouped: dict[str, list[Post]] = {}
    for post in posts:
        grouped.setdefault(_window_of(post, rules.mix.window), []).append(post)
    rows: list[Row] = []
    previous: Row | None = None
    for name, start, end in windows:
        members = grouped.get(name, [])
        counts = {pillar: 0 for pillar in target}
        for post in members:
            counts[post.pillar] = counts.get(post.pillar, 0) + 1
        total = len(members)
        verdict = judge_group(counts, rules, platform)
        row = Row(
            window=name,
            start=start,
            end=end,
            total=total,
            counts=counts,
            band=verdict.band,
            judged=verdict.judged,
            change=_change(previous, counts, total, target),
        )
        rows.append(row)
        if total:
            previous = row
    profile = rules.platforms.get(platform) if platform is not None else None
    repeats: dict[str, int] = {}
    for members in grouped.values():
        for post in members:
            if post.repeat_of is not None:
                repeats[post.pillar] = repeats.get(post.pillar, 0) + 1
    return Table(
        platform=platform,
        target=target,
        tolerance=rules.mix.tolerance,
        role=profile.role if profile is not None else None,
        judged_scope=judged_scope,
        rows=tuple(rows),
        repeats=repeats,
    )


def repeats_summary(table: Table, pillars: Sequence[str]) -> str | None:
    """``evergreen repeats: 3 (functional 2, story 1)``, pillars in the
    rules' order; None when the table has none."""
    if not table.repeats:
        return None
    order = [p for p in pillars if p in table.repeats]
    order += sorted(p for p in table.repeats if p not in pillars)
    parts = ", ".join(f"{pillar} {table.repeats[pillar]}" for pillar in order)
    return f"evergreen repeats: {sum(table.repeats.values())} ({parts})"


def _change(
    previous: Row | None, counts: Mapping[str, int], total: int, target: Mapping[str, Fraction]
) -> dict[str, Fraction] | None:
    if previous is None or not total:
        return None
    return {
        pillar: Fraction(counts.get(pillar, 0), total) - (previous.share(pillar) or Fraction(0))
        for pillar in target
    }


def percent(value: Fraction | None) -> str:
    """``50%``; halves round up so 12.5% reads ``13%`` on every machine."""
    if value is None:
        return "–"
    scaled = value * 100
    return f"{int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))}%"


def points(value: Fraction) -> str:
    """A share change in percentage points: ``+10``, ``−5``, ``0``."""
    scaled = value * 100
    rounded = int(abs(scaled) + Fraction(1, 2))
    if rounded == 0:
        return "0"
    return f"+{rounded}" if scaled > 0 else f"−{rounded}"


def in_band_summary(table: Table, window: str) -> str:
    """``2 of 3 weeks in band``, ``0 of 1 week in band``: how many of the
    judged windows of a table were in band."""
    judged = table.passed + table.failed
    noun = window if judged == 1 else f"{window}s"
    return f"{table.passed} of {judged} {noun} in band"


def window_days(row: Row) -> tuple[date, date]:
    """The first and last local day of a row's window."""
    return row.start.date(), (row.end - timedelta(days=1)).date()
