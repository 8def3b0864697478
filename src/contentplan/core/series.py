"""Which days a series falls on, and which of them a blackout excuses.

The one definition the `series` check, the planner and `show` use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from contentplan.core.model import Blackout, Series

_WEEK = timedelta(days=7)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Instance:
    """One day a series is due: its wall-clock time, and the blackout that
    excuses it (None: the post is expected)."""

    series: Series
    local: datetime  # naive, the calendar's wall clock
    excused_by: Blackout | None = None

    @property
    def day(self) -> date:
        return self.local.date()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def instance_days(series: Series, first: date, last: date) -> Iterator[date]:
    """The days in [first, last] (inclusive) a series is due, in order,
    skipped days left out; blackouts are not looked at here."""
    low = max(first, series.start)
    high = last if series.until is None else min(last, series.until)
    if low > high:
        return
    if series.every == "monthly":
        yield from _monthly(series, low, high)
        return
    step = 2 if series.every == "biweekly" else 1
    origin = _monday(series.start)
    monday = _monday(low)
    weeks = (monday - origin).days // 7
    if weeks % step:
        monday += _WEEK
    while monday <= high:
        for weekday in series.on:
            day = monday + timedelta(days=weekday)
            if low <= day <= high and day not in series.skip:
                yield day
        monday += _WEEK * step


def _monthly(series: Series, low: date, high: date) -> Iterator[date]:
    """The first of each weekday in ``on`` in every month, within [low, high]."""
    year, month = low.year, low.month
    while date(year, month, 1) <= high:
        days = []
        for weekday in series.on:
            first = date(year, month, 1)
            days.append(first + timedelta(days=(weekday - first.weekday()) % 7))
        for day in sorted(days):
            if low <= day <= high and day not in series.skip:
                yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def instances(
    series: Series, first: date, last: date, blackouts: Iterable[Blackout], zone: ZoneInfo
) -> list[Instance]:
    """Every instance in [first, last], each with the blackout (if any) that
    covers the series' platform at its time and so excuses it."""
    held = tuple(blackouts)
    found = []
    for day in instance_days(series, first, last):
        local = datetime.combine(day, series.at)
        excuse = next((b for b in held if b.covers(series.platform, local, zone)), None)
        found.append(Instance(series, local, excuse))
    return found


def rhythm(series: Series) -> str:
    """How a series' days read in a message: "every Tuesday", "every other
    Tuesday and Friday", "the first Tuesday of each month"."""
    names = [WEEKDAY_NAMES[day] for day in series.on]
    if not names:
        days = "no day"
    elif len(names) == 1:
        days = names[0]
    else:
        days = f"{', '.join(names[:-1])} and {names[-1]}"
    if series.every == "monthly":
        return f"the first {days} of each month"
    return f"every {'other ' if series.every == 'biweekly' else ''}{days}"
