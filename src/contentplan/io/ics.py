"""A calendar as iCalendar (RFC 5545), for Google Calendar, Outlook and Apple
Calendar.

One VEVENT per post, in (instant, id) order:

- ``UID``: ``<id>@<brand>``, so a re-import updates events instead of
  duplicating them;
- ``DTSTART;TZID=<zone>``: the post's wall clock in the calendar's zone, with
  a VTIMEZONE covering the years of the posts (DST-correct). A wall clock
  that occurs twice (the night DST ends) is written in UTC instead, since
  RFC 5545 would read it as the first occurrence;
- ``DURATION:PT30M``;
- ``SUMMARY``: ``[pillar] title``;
- ``CATEGORIES``: platform, pillar;
- ``STATUS``: TENTATIVE for drafts, CONFIRMED otherwise;
- ``DESCRIPTION``: the rest, one ``key: value`` line each (format, campaign,
  phase, topic, expires, status, notes).

The output is byte-stable: ``DTSTAMP`` is the newest post's instant (in
UTC), never the clock, and nothing else depends on the run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar as ICalendar
from icalendar import Event, vText

from contentplan.core.model import Calendar, Post
from contentplan.core.text import safe_lines
from contentplan.io import ambiguous, local_stamp

PRODID = "-//contentplan//contentplan calendar export//EN"
DURATION = timedelta(minutes=30)


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
        stamp = max(post.instant for post in posts).astimezone(UTC)
        for post in posts:
            document.add_component(_event(calendar, post, stamp))
        first = posts[0].instant.astimezone(calendar.zone).date()
        last = posts[-1].instant.astimezone(calendar.zone).date()
        # Only the years the posts live in: a short, stable VTIMEZONE.
        document.add_missing_timezones(date(first.year, 1, 1), date(last.year + 1, 1, 1))
    data: bytes = document.to_ical()
    return data


def _event(calendar: Calendar, post: Post, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", safe_lines(f"{post.id}@{calendar.brand}"))
    event.add("dtstamp", stamp)
    if ambiguous(post.instant, calendar.zone):
        # The zone's wall clock reads this time twice that night, and RFC 5545
        # takes a TZID time there as the first reading: give the instant in UTC.
        event.add("dtstart", post.instant.astimezone(UTC))
    else:
        event.add("dtstart", post.instant.astimezone(calendar.zone))
    event.add("duration", DURATION)
    event.add("summary", safe_lines(f"[{post.pillar}] {post.title}"))
    event.add("categories", [safe_lines(post.platform), safe_lines(post.pillar)])
    event.add("status", "TENTATIVE" if post.status == "draft" else "CONFIRMED")
    event.add("description", safe_lines(describe(calendar, post)))
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
            ("notes", post.notes),
        )
        if value is not None
    ]
    return "\n".join(lines)
