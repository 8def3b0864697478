"""A calendar as iCalendar (RFC 5545), for Google Calendar, Outlook and Apple
Calendar.

One VEVENT per post, in (instant, id) order:

- ``UID``: ``<id>@<brand>``, so a re-import updates events instead of
  duplicating them;
- ``DTSTART;TZID=<zone>``: the post's wall clock in the calendar's zone, with
  a VTIMEZONE covering the years of the posts (DST-correct, see
  `vtimezone`). A wall clock that occurs twice (the night DST ends) is
  written in UTC instead, since RFC 5545 would read it as the first
  occurrence;
- ``DURATION:PT30M``;
- ``SUMMARY``: ``[pillar] title``;
- ``CATEGORIES``: platform, pillar, and the series' name for a post of a
  series;
- ``STATUS``: TENTATIVE for drafts, CONFIRMED otherwise;
- ``DESCRIPTION``: the rest, one ``key: value`` line each (format, campaign,
  phase, topic, expires, status, series, repeat_of, notes).

A post of a series is one event like any other: the export never writes an
``RRULE`` for a series, since each instance is a post of its own (its own
title, its own time if it was moved, none on a day the series skips).

- ``SEQUENCE``: a number made from the event's own lines (a hash), so it
  stays the same while the post does and changes when the post moves or
  changes, and a calendar app that already has the event updates it.

The output is byte-stable: nothing depends on the run or the clock.
``DTSTAMP``, which RFC 5545 asks for, stands for the export time without
reading the clock: it is a fixed instant in the past (`STAMP`), never one in
the future, which some apps refuse or show as "modified in the future".
"""

from __future__ import annotations

import calendar as monthdays
import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar as ICalendar
from icalendar import Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from contentplan.core.model import Calendar, Post
from contentplan.core.text import safe_lines
from contentplan.io import ambiguous, local_stamp

PRODID = "-//contentplan//contentplan calendar export//EN"
DURATION = timedelta(minutes=30)
# DTSTAMP: the export time's stand-in, fixed so that exports are byte-stable,
# and in the past so that no app sees an event stamped in the future.
STAMP = datetime(2000, 1, 1, tzinfo=UTC)
# How often the zone is sampled for a change of offset; each change is then
# found to the second. No zone changes twice within half a day.
_STEP = timedelta(hours=12)


def to_ics(calendar: Calendar) -> bytes:
    posts = sorted(calendar.posts, key=lambda post: post.sort_key)
    document = ICalendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    # X- properties are written raw unless typed: as text, a newline or ';'
    # in a brand's name is escaped like in any other text property.
    document.add("x-wr-calname", vText(safe_lines(f"{calendar.brand} content calendar")))
    document.add("x-wr-timezone", vText(calendar.timezone))
    if posts:
        first = posts[0].instant.astimezone(calendar.zone).year
        last = posts[-1].instant.astimezone(calendar.zone).year
        # Only the years the posts live in: a short, stable VTIMEZONE.
        document.add_component(vtimezone(calendar.timezone, first, last))
        for post in posts:
            document.add_component(_event(calendar, post))
    data: bytes = document.to_ical()
    return data


def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """The zone's rules from January 1 of ``first_year`` to the end of
    ``last_year``, as every reader gets them right.

    Each kind of change (to daylight time, back to standard time) is one
    component. When it falls on the same weekday of the same month at the
    same wall clock every year, as the tz database's rules for most zones
    say ("second Sunday in March, 02:00"), it is written as a yearly
    ``RRULE`` that ends (``UNTIL``) at the last change in range. Otherwise
    every change is listed in ``RDATE``, one line each and the first one
    too: ical.js, behind many web calendars, ignores ``DTSTART`` once
    ``RDATE`` is there, and reads only the first date of an ``RDATE`` line.
    ``DTSTART`` is the wall clock just before the change, in the offset it
    changes from (RFC 5545). The first component gives the offset
    in force on January 1 of the first year."""
    zone = ZoneInfo(name)
    begin = datetime(first_year, 1, 1)
    start = begin.replace(tzinfo=zone).astimezone(UTC)
    until = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    timezone = Timezone()
    timezone.add("tzid", name)
    timezone.add(
        "comment",
        f"Rules from {begin.date()} to {last_year + 1}-01-01 (tz database)",
    )
    offset, dst, abbreviation = _state(start, zone)
    initial = TimezoneDaylight() if dst else TimezoneStandard()
    initial.add("dtstart", begin)
    _offsets(initial, abbreviation, offset, offset)
    timezone.add_component(initial)
    groups: dict[tuple[bool, timedelta, timedelta, str], list[datetime]] = {}
    for before, after, instant in _changes(start, until, zone):
        key = (after[1], before[0], after[0], after[2])
        # The wall clock just before the change, in the offset before it.
        groups.setdefault(key, []).append((instant + before[0]).replace(tzinfo=None))
    for (dst, offset_from, offset_to, abbreviation), onsets in groups.items():
        component = TimezoneDaylight() if dst else TimezoneStandard()
        component.add("dtstart", onsets[0])
        rule = _yearly_rule(onsets)
        if len(onsets) > 1 and rule is not None:
            rule["until"] = (onsets[-1] - offset_from).replace(tzinfo=UTC)
            component.add("rrule", rule)
        elif len(onsets) > 1:
            # One RDATE line each: ical.js reads only the first date of a line.
            for onset in onsets:
                component.add("rdate", onset)
        _offsets(component, abbreviation, offset_from, offset_to)
        timezone.add_component(component)
    return timezone


def _offsets(
    component: TimezoneStandard | TimezoneDaylight,
    abbreviation: str,
    offset_from: timedelta,
    offset_to: timedelta,
) -> None:
    component.add("tzname", abbreviation)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)


_State = tuple[timedelta, bool, str]


def _state(instant: datetime, zone: ZoneInfo) -> _State:
    local = instant.astimezone(zone)
    offset, dst = local.utcoffset(), local.dst()
    assert offset is not None
    return offset, bool(dst), local.tzname() or ""


def _changes(
    start: datetime, until: datetime, zone: ZoneInfo
) -> list[tuple[_State, _State, datetime]]:
    """Every change of offset, DST or abbreviation in [start, until): the
    state before, the state after, and the first instant (UTC) of the new
    state."""
    found = []
    at, state = start, _state(start, zone)
    while at < until:
        step = min(at + _STEP, until)
        new = _state(step, zone)
        if new != state:
            low, high = at, step  # state at low, new at high
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if _state(middle, zone) == state:
                    low = middle
                else:
                    high = middle
            new = _state(high, zone)
            found.append((state, new, high))
            step = high
        at, state = step, new
    return found


def _yearly_rule(onsets: list[datetime]) -> dict[str, object] | None:
    """``{"freq": "yearly", "bymonth": 3, "byday": "2SU"}`` when the onsets
    fall one a year, in consecutive years, on the same weekday of the same
    month at the same wall clock (the nth one, or the last one, of the
    month); None when no such rule describes them."""
    first = onsets[0]
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[first.weekday()]
    nths = {(onset.day - 1) // 7 + 1 for onset in onsets}
    lasts = {onset.day + 7 > monthdays.monthrange(onset.year, onset.month)[1] for onset in onsets}
    same = all(
        onset.year == first.year + number
        and onset.month == first.month
        and onset.weekday() == first.weekday()
        and onset.time() == first.time()
        for number, onset in enumerate(onsets)
    )
    if not same:
        return None
    if lasts == {True}:
        nth = -1
    elif len(nths) == 1:
        nth = nths.pop()
    else:
        return None
    return {"freq": "yearly", "bymonth": first.month, "byday": f"{nth}{weekday}"}


def _event(calendar: Calendar, post: Post) -> Event:
    event = Event()
    event.add("uid", safe_lines(f"{post.id}@{calendar.brand}"))
    if ambiguous(post.instant, calendar.zone):
        # The zone's wall clock reads this time twice that night, and RFC 5545
        # takes a TZID time there as the first reading: give the instant in UTC.
        event.add("dtstart", post.instant.astimezone(UTC))
    else:
        event.add("dtstart", post.instant.astimezone(calendar.zone))
    event.add("duration", DURATION)
    event.add("summary", safe_lines(f"[{post.pillar}] {post.title}"))
    tags = [post.platform, post.pillar] + ([post.series] if post.series is not None else [])
    event.add("categories", [safe_lines(tag) for tag in tags])
    event.add("status", "TENTATIVE" if post.status == "draft" else "CONFIRMED")
    event.add("description", safe_lines(describe(calendar, post)))
    # From the event's own lines: the same while the post is, another number
    # (0 .. 2**31 - 1, what every reader stores) once it moves or changes.
    digest = hashlib.sha256(event.to_ical()).digest()
    event.add("sequence", int.from_bytes(digest[:4], "big") & 0x7FFFFFFF)
    event.add("dtstamp", STAMP)
    return event


def describe(calendar: Calendar, post: Post) -> str:
    """The fields that have no iCalendar property of their own."""
    lines = [
        f"{key}: {value}"
        for key, value in (
            ("format", post.format),
            ("campaign", post.campaign),
            ("phase", post.phase),
            ("topic", post.topic),
            (
                "expires",
                local_stamp(post.expires, calendar.zone) if post.expires is not None else None,
            ),
            ("status", post.status),
            ("series", post.series),
            ("repeat_of", post.repeat_of),
            ("notes", post.notes),
        )
        if value is not None
    ]
    return "\n".join(lines)
