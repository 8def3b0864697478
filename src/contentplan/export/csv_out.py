"""A calendar as CSV: one row per post, for spreadsheets, Airtable and
Hootsuite-style bulk uploads.

The header is fixed (`COLUMNS`), posts come in (instant, id) order, and
`contentplan import` reads the file back to the same posts:

- ``date`` is ``YYYY-MM-DD`` and ``time`` ``HH:MM`` (``:SS`` when there are
  seconds), the wall clock in ``timezone``, the calendar's zone. In a DST
  overlap the time carries its offset (``02:30+01:00``) so it stays exact;
- ``expires`` is ``YYYY-MM-DD HH:MM`` in the same zone;
- empty cells are absent optional keys; ``status`` is always written.

Encoding: UTF-8 **with a BOM**, and CRLF row ends (RFC 4180). The BOM is
what makes Excel open Chinese titles as UTF-8 instead of garbling them;
`import` accepts files with or without it. Cells with commas, quotes or line
breaks are quoted, quotes doubled. A post's ``ignore:`` list has no column
and is not exported.

Cells are written as they are, never prefixed: a title that starts with
``=``, ``+``, ``-`` or ``@`` is what the calendar says, and a prefix would
break the round trip. Spreadsheets may take such a cell for a formula; open
files from untrusted calendars with formulas off, or import them as text.
"""

from __future__ import annotations

import csv
import io

from contentplan.export import local_parts, local_stamp
from contentplan.model import Calendar, Post

COLUMNS = (
    "id",
    "date",
    "time",
    "timezone",
    "platform",
    "pillar",
    "title",
    "format",
    "campaign",
    "phase",
    "topic",
    "expires",
    "status",
    "notes",
)
BOM = "\ufeff"


def to_csv(calendar: Calendar) -> str:
    """The CSV text, BOM included (encode it as plain UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for post in sorted(calendar.posts, key=lambda post: post.sort_key):
        writer.writerow(_row(calendar, post))
    return BOM + buffer.getvalue()


def _row(calendar: Calendar, post: Post) -> list[str]:
    day, clock_text = local_parts(post.instant, calendar.zone)
    expires = local_stamp(post.expires, calendar.zone) if post.expires is not None else ""
    return [
        post.id,
        day,
        clock_text,
        calendar.timezone,
        post.platform,
        post.pillar,
        post.title,
        post.format or "",
        post.campaign or "",
        post.phase or "",
        post.topic or "",
        expires,
        post.status,
        post.notes or "",
    ]
