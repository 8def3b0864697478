"""Reading dates, times and durations (docs/reference.md#how-values-are-read),
and naming windows. Every parse error is a ClockError whose text says what to write.

Digits are ASCII only: ``２０２４-04-01`` or ``"０９:００"`` is refused, as
everywhere else in a file. Dates and instants lie in the years
``FIRST_YEAR`` to ``LAST_YEAR``: every sum the checks and the planner make
(a post plus a gap, an instant in another zone, the week or month around it)
stays a date Python can hold, a mistyped year (``0024``, ``2204``) is caught,
and a calendar cannot span the thousands of years whose every week a check
would judge (posts in 1900 and 9998 made 420,000 cadence violations). The
days read run from the Monday of the ISO week of FIRST_YEAR's 1 January to
the Sunday of the week of LAST_YEAR's 31 December. An end (``expires``, a
blackout's ``to``, a backlog item's ``latest``) may also be written in
``OPEN_YEAR``: ``9999-12-31`` reads as "never" or "until further notice".
Durations are at most ``MAX_DURATION``."""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from contentplan.core.model import Stamp
from contentplan.core.quoting import quote


class ClockError(ValueError):
    """A date, time or duration that cannot be read; the text says why."""


_INSTANT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)
_DURATION = re.compile(r"([0-9]+)\s*(m|h|d)", re.ASCII)
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})", re.ASCII)
_MONTH_NAMES = _calendar.month_name

FIRST_YEAR = 1970
LAST_YEAR = 2199
OPEN_YEAR = 9999  # an end written in this year means "never" / open-ended
YEARS = f"{FIRST_YEAR} to {LAST_YEAR}"
# The days read: every day of the ISO weeks that touch those years, so that a
# move within a post's week (fix) or a planned week never leaves the range.
FIRST_DAY = date.fromisocalendar(*date(FIRST_YEAR, 1, 1).isocalendar()[:2], 1)
LAST_DAY = date.fromisocalendar(*date(LAST_YEAR, 12, 31).isocalendar()[:2], 7)
# 52 weeks: longer gaps, ages and campaign spans mean nothing in a calendar
# of at most a few years, and keep every sum of an instant and a duration
# (and its seconds in the planner's integer model) small.
MAX_DURATION = timedelta(days=364)
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


def _quote(text: str) -> str:
    """The text as a message shows it: quoted, and cut when it is long (with
    its full length, as every message that quotes user text)."""
    return f"'{quote(text)}'"


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``; impossible dates such as 2024-02-30 are errors, and so
    are years outside FIRST_YEAR..LAST_YEAR."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        raise ClockError(f"{_quote(text)} is not a date: write YYYY-MM-DD, e.g. 2024-03-28")
    year, month, day = (int(g) for g in match.groups())
    return _make_date(text, year, month, day)


def parse_end_date(text: str) -> date | None:
    """A date that ends something: as ``parse_date``, but a date in
    OPEN_YEAR (``9999-12-31``) means no end, and gives None."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        raise ClockError(f"{_quote(text)} is not a date: write YYYY-MM-DD, e.g. 2024-03-28")
    year, month, day = (int(g) for g in match.groups())
    value = _make_date(text, year, month, day, open_end=True)
    return None if value.year == OPEN_YEAR else value


def out_of_range(text: str, open_end: bool = False) -> ClockError:
    """The error for a date outside the years this tool reads."""
    never = (
        f" (a date in {OPEN_YEAR}, e.g. {OPEN_YEAR}-12-31, means no end)" if open_end else ""
    )
    return ClockError(f"{_quote(text)} is out of range: write a year from {YEARS}{never}")


def _make_date(text: str, year: int, month: int, day: int, open_end: bool = False) -> date:
    if not (FIRST_DAY.year <= year <= LAST_DAY.year or (open_end and year == OPEN_YEAR)):
        raise out_of_range(text, open_end)
    if not 1 <= month <= 12:
        raise ClockError(f"{_quote(text)} is not a date: there is no month {month}")
    last = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ClockError(
            f"{_quote(text)} is not a date: {_MONTH_NAMES[month]} {year} has {last} days"
        )
    value = date(year, month, day)
    if year != OPEN_YEAR and not FIRST_DAY <= value <= LAST_DAY:
        raise out_of_range(text, open_end)
    return value


def parse_clock(text: str) -> time:
    """``HH:MM`` (a slot or a quiet-hours bound); 24:00 is an error."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        raise ClockError(f"{_quote(text)} is not a time of day: write HH:MM, e.g. 09:30")
    return _make_time(text, int(match[1]), int(match[2]), 0)


def _make_time(text: str, hour: int, minute: int, second: int) -> time:
    if hour == 24 and minute == 0 and second == 0:
        raise ClockError(f"{_quote(text)}: 24:00 is not a time: write 00:00 of the next day")
    if hour > 23 or minute > 59 or second > 59:
        raise ClockError(f"{_quote(text)} is not a time of day: hours go 00..23, minutes 00..59")
    return time(hour, minute, second)


def parse_stamp(text: str) -> Stamp:
    """``YYYY-MM-DD HH:MM[:SS]`` with an optional ``T``, ``Z`` or ``±HH:MM``,
    in the years FIRST_YEAR..LAST_YEAR."""
    return _parse_stamp(text, open_end=False)


def parse_end_stamp(text: str) -> Stamp | None:
    """An instant that ends something: as ``parse_stamp``, but an instant in
    OPEN_YEAR (``9999-12-31 23:59``) means never, and gives None."""
    stamp = _parse_stamp(text, open_end=True)
    return None if stamp.naive.year == OPEN_YEAR else stamp


def _parse_stamp(text: str, open_end: bool) -> Stamp:
    match = _INSTANT.fullmatch(text.strip())
    if not match:
        raise ClockError(
            f"{_quote(text)} is not a date and time: write YYYY-MM-DD HH:MM, e.g. 2024-03-28 19:00"
        )
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match[6] or 0)
    day_value = _make_date(text, year, month, day, open_end)
    naive = datetime.combine(day_value, _make_time(text, hour, minute, second))
    offset = match[7]
    if offset is None:
        return Stamp(naive)
    if offset == "Z":
        return Stamp(naive, naive.replace(tzinfo=UTC))
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if delta >= timedelta(hours=24):
        raise ClockError(f"{_quote(text)}: the offset {offset} is out of range")
    return Stamp(naive, naive.replace(tzinfo=timezone(sign * delta)))


def parse_duration(text: str) -> timedelta:
    """``90m``, ``2h`` or ``3d``; ``3d`` is 72 hours of elapsed time."""
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise ClockError(
            f"{_quote(text)} is not a duration: write minutes, hours or days, e.g. 90m, 2h, 3d"
        )
    digits, unit = match[1].lstrip("0"), match[2]
    longest = MAX_DURATION // _UNITS[unit]
    # Compare the digits' length first: int() of thousands of digits is refused.
    if len(digits) > len(str(longest)) or int(digits or "0") > longest:
        raise ClockError(
            f"{_quote(text)} is too long: a duration is at most 52 weeks ({longest}{unit})"
        )
    return int(digits or "0") * _UNITS[unit]


def format_duration(value: timedelta) -> str:
    minutes = int(value.total_seconds()) // 60
    if minutes and minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)}d"
    if minutes and minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def resolve(stamp: Stamp, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The (UTC instant, local wall clock) of a stamp in a calendar's zone.

    A local time in a DST gap or overlap is an error that names both readings.
    """
    if stamp.aware is not None:
        instant = stamp.aware.astimezone(UTC)
        local = instant.astimezone(zone).replace(tzinfo=None)
        if not FIRST_DAY <= local.date() <= LAST_DAY:
            # An offset may carry a time at the edge of the range out of it.
            raise out_of_range(stamp.aware.strftime("%Y-%m-%d %H:%M%z"))
        return instant, local
    local = stamp.naive
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before == after:
        return first.astimezone(UTC), local
    assert before is not None and after is not None
    written = local.strftime("%Y-%m-%d %H:%M")
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        # A gap: the wall clock jumps over this time.
        readings = " or ".join(
            f"{written}{_offset(o)} (= {(local - o + n).strftime('%H:%M')} local)"
            for o, n in ((before, after), (after, before))
        )
        raise ClockError(
            f"{written} does not exist in {zone.key}: the clocks skip it that night "
            f"(DST). Pick another time, or write it with an offset: {readings}"
        )
    raise ClockError(
        f"{written} happens twice in {zone.key} (DST ends that night). Write it with "
        f"an offset: {written}{_offset(before)} for the first, or "
        f"{written}{_offset(after)} for the second"
    )


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def localize(local: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a naive local time (gap and overlap are errors)."""
    return resolve(Stamp(local), zone)[0]


def week_name(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def month_name(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def window_name(day: date, window: str) -> str:
    return month_name(day) if window == "month" else week_name(day)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(text: str) -> date:
    """The Monday of an ISO week written ``2024-W13`` (week 53 where it
    exists), in the years FIRST_YEAR..LAST_YEAR."""
    match = _WEEK.fullmatch(text.strip())
    if not match:
        raise ClockError(f"{_quote(text)} is not an ISO week: write YYYY-Www, e.g. 2024-W13")
    year, week = int(match[1]), int(match[2])
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ClockError(f"{_quote(text)} is out of range: write a year from {YEARS}")
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks = date(year, 12, 28).isocalendar()[1]
        raise ClockError(f"{_quote(text)} is not an ISO week: {year} has {weeks} weeks") from None
    if not FIRST_DAY <= monday <= LAST_DAY:
        raise ClockError(f"{_quote(text)} is out of range: write a year from {YEARS}")
    return monday


def window_bounds(name: str) -> tuple[datetime, datetime]:
    """Local [start, end) of a window named ``2024-W13`` or ``2024-03``."""
    if "W" in name:
        start = parse_week(name)
        return datetime.combine(start, time()), datetime.combine(start + timedelta(days=7), time())
    year, month = (int(part) for part in name.split("-"))
    start_day = date(year, month, 1)
    end_day = date(year + (month == 12), month % 12 + 1, 1)
    return datetime.combine(start_day, time()), datetime.combine(end_day, time())
