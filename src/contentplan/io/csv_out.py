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

**Formula guard.** A spreadsheet reads a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (``=HYPERLINK(…)``
runs when the file is opened). So such a cell is written with an apostrophe
in front, as OWASP advises: ``=1+2`` becomes ``'=1+2``, which Excel and
LibreOffice show as text. A cell that itself starts with an apostrophe gets
one more (``'quoted'`` becomes ``''quoted'``), so the guard can always be
told apart from the text. `contentplan import` removes exactly one
apostrophe from a cell that starts with one followed by one of those
characters (`unguard_cell`), so export, import and export again give the
same bytes. A cell such as ``'hello`` that was never guarded is read as it
is.
"""

from __future__ import annotations

import csv
import io

from contentplan.core.model import Calendar, Post
from contentplan.core.postfields import EXPORTED_FIELDS
from contentplan.io import local_parts, local_stamp

# `at` is written as the local date, the local time and the zone they are in.
AT_COLUMNS = ("date", "time", "timezone")
COLUMNS = tuple(
    column
    for field in EXPORTED_FIELDS
    for column in (AT_COLUMNS if field.name == "at" else (field.name,))
)
BOM = "\ufeff"
# What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_GUARDED = (*FORMULA_START, GUARD)


def guard_cell(value: str) -> str:
    """``value`` as a cell no spreadsheet runs: an apostrophe in front when it
    starts like a formula or with an apostrophe, else unchanged."""
    return GUARD + value if value.startswith(_GUARDED) else value


def unguard_cell(cell: str) -> str:
    """The inverse of `guard_cell` on every cell it writes: one leading
    apostrophe removed when a formula character or another apostrophe
    follows it; any other cell unchanged."""
    return cell[1:] if cell.startswith(GUARD) and cell[1:].startswith(_GUARDED) else cell


def to_csv(calendar: Calendar) -> str:
    """The CSV text, BOM included (encode it as plain UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for post in sorted(calendar.posts, key=lambda post: post.sort_key):
        writer.writerow([guard_cell(cell) for cell in _row(calendar, post)])
    return BOM + buffer.getvalue()


def _row(calendar: Calendar, post: Post) -> list[str]:
    cells: list[str] = []
    for field in EXPORTED_FIELDS:
        if field.name == "at":
            day, clock_text = local_parts(post.instant, calendar.zone)
            cells += (day, clock_text, calendar.timezone)
        elif field.kind == "instant":
            value = getattr(post, field.name)
            cells.append(local_stamp(value, calendar.zone) if value is not None else "")
        elif field.kind == "flag":
            cells.append("true" if getattr(post, field.name) else "")
        else:
            cells.append(getattr(post, field.name) or "")
    return cells
