"""Reading dates, times and durations as SPEC §2.1 defines them, and naming
windows. Every parse error is a ClockError whose text says what to write."""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from contentplan.model import Stamp


class ClockError(ValueError):
    """A date, time or duration that cannot be read; the text says why."""


_INSTANT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?"
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_DURATION = re.compile(r"(\d+)\s*(m|h|d)")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH_NAMES = _calendar.month_name


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``; impossible dates such as 2024-02-30 are errors."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        raise ClockError(f"'{text}' is not a date: write YYYY-MM-DD, e.g. 2024-03-28")
    return _make_date(text, *(int(g) for g in match.groups()))


def _make_date(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ClockError(f"'{text}' is not a date: there is no month {month}")
    last = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ClockError(f"'{text}' is not a date: {_MONTH_NAMES[month]} {year} has {last} days")
    return date(year, month, day)


def parse_clock(text: str) -> time:
    """``HH:MM`` (a slot or a quiet-hours bound); 24:00 is an error."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        raise ClockError(f"'{text}' is not a time of day: write HH:MM, e.g. 09:30")
    return _make_time(text, int(match[1]), int(match[2]), 0)


def _make_time(text: str, hour: int, minute: int, second: int) -> time:
    if hour == 24 and minute == 0 and second == 0:
        raise ClockError(f"'{text}': 24:00 is not a time: write 00:00 of the next day")
    if hour > 23 or minute > 59 or second > 59:
        raise ClockError(f"'{text}' is not a time of day: hours go 00..23, minutes 00..59")
    return time(hour, minute, second)


def parse_stamp(text: str) -> Stamp:
    """``YYYY-MM-DD HH:MM[:SS]`` with an optional ``T``, ``Z`` or ``±HH:MM``."""
    match = _INSTANT.fullmatch(text.strip())
    if not match:
        raise ClockError(
            f"'{text}' is not a date and time: write YYYY-MM-DD HH:MM, e.g. 2024-03-28 19:00"
        )
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match[6] or 0)
    day_value = _make_date(text, year, month, day)
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
        raise ClockError(f"'{text}': the offset {offset} is out of range")
    return Stamp(naive, naive.replace(tzinfo=timezone(sign * delta)))


def parse_duration(text: str) -> timedelta:
    """``90m``, ``2h`` or ``3d``; ``3d`` is 72 hours of elapsed time."""
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise ClockError(
            f"'{text}' is not a duration: write minutes, hours or days, e.g. 90m, 2h, 3d"
        )
    amount, unit = int(match[1]), match[2]
    return {
        "m": timedelta(minutes=amount),
        "h": timedelta(hours=amount),
        "d": timedelta(days=amount),
    }[unit]


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
        return instant, instant.astimezone(zone).replace(tzinfo=None)
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
    return f"{year}-W{week:02d}"


def month_name(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def window_name(day: date, window: str) -> str:
    return month_name(day) if window == "month" else week_name(day)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(text: str) -> date:
    """The Monday of an ISO week written ``2024-W13`` (week 53 where it exists)."""
    match = _WEEK.fullmatch(text.strip())
    if not match:
        raise ClockError(f"'{text}' is not an ISO week: write YYYY-Www, e.g. 2024-W13")
    year, week = int(match[1]), int(match[2])
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks = date(year, 12, 28).isocalendar()[1]
        raise ClockError(f"'{text}' is not an ISO week: {year} has {weeks} weeks") from None


def window_bounds(name: str) -> tuple[datetime, datetime]:
    """Local [start, end) of a window named ``2024-W13`` or ``2024-03``."""
    if "W" in name:
        start = parse_week(name)
        return datetime.combine(start, time()), datetime.combine(start + timedelta(days=7), time())
    year, month = (int(part) for part in name.split("-"))
    start_day = date(year, month, 1)
    end_day = date(year + (month == 12), month % 12 + 1, 1)
    return datetime.combine(start_day, time()), datetime.combine(end_day, time())
