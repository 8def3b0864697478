"""CSV rows into posts: what `contentplan import` reads.

The first non-empty row is the header. Columns are found by name (any order,
any case); the known names are `csv_out.COLUMNS`. ``date``, ``time``,
``platform``, ``pillar`` and ``title`` are required; the others may be left
out. An unknown column is an error, so a typo (``titel``) never drops data.

Accepted cell forms:

- ``date``: ``2024-03-25``, ``2024/03/25``, ``2024.03.25``, and with the year
  last ``03/25/2024`` (month first) or, with ``dayfirst``, ``25/03/2024``
  (``/``, ``.`` or ``-`` between the parts). A date cell may also hold the
  time (``2024-03-25 20:00``) when the ``time`` cell is empty;
- ``time``: ``20:00``, ``8:05``, ``20:00:30``, ``8:00 PM``, ``8pm``, with an
  optional offset (``20:00+08:00``, ``12:00Z``);
- ``timezone``: an IANA name; empty means the calendar's. A row in another
  zone is converted to the calendar's, instant kept;
- ``expires``: a date and a time in one cell, in the same forms;
- ``id``: empty ids are made from platform, date and time
  (``weibo-20240325-2000``), numbered when they clash.

A cell that starts with an apostrophe followed by ``=``, ``+``, ``-``, ``@``,
a tab, a carriage return or another apostrophe loses that one apostrophe:
it is the formula guard `contentplan export` writes (see `csv_out`), so
``'=1+2`` reads as ``=1+2`` and ``''quoted'`` as ``'quoted'``.

Every bad cell of every row is reported (spreadsheet row numbers: the header
is row 1), and no post is built from a file with any bad row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from difflib import get_close_matches
from zoneinfo import ZoneInfo

from contentplan.core import clock
from contentplan.core.model import FORMATS, PHASES, STATUSES, Rules, Stamp
from contentplan.core.postfields import REQUIRED_POST_KEYS
from contentplan.core.text import clip, safe_text
from contentplan.io import local_stamp
from contentplan.io.csv_out import AT_COLUMNS, COLUMNS, unguard_cell
from contentplan.io.yaml_out import DraftPost

# The columns a row must fill: those of the post's required fields, but for
# `id` (made from platform, date and time when empty) and `timezone`
# (--timezone when empty).
REQUIRED = tuple(
    column
    for column in COLUMNS
    if column in (*AT_COLUMNS, *REQUIRED_POST_KEYS) and column not in ("id", "timezone")
)
_ID = re.compile(r"[A-Za-z0-9._-]+", re.ASCII)
# ASCII digits only: "２０２４" is refused here as in a calendar.
_YEAR_FIRST = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", re.ASCII)
_YEAR_LAST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", re.ASCII)
_TIME = re.compile(
    r"([0-9]{1,2})(?::([0-9]{2})(?::([0-9]{2}))?)?\s*([AaPp]\.?[Mm]\.?)?\s*"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)
# Raw cells are kept as written for these; the rest are stripped.
_VERBATIM = frozenset({"title", "notes"})


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A bad cell (or a bad header) of the CSV file."""

    file: str
    row: int  # spreadsheet row: the header is row 1
    column: str | None  # the column's name, None for the row or file as a whole
    message: str

    @property
    def text(self) -> str:
        """One line to show: cells quoted in it are clipped, and `safe_text`
        escapes what a terminal would act on."""
        where = f"row {self.row}, {self.column}" if self.column else f"row {self.row}"
        if self.row == 0:
            where = self.column or "file"
        return safe_text(f"{self.file}: {where}: {self.message}")


@dataclass
class Imported:
    posts: list[DraftPost] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0


@dataclass(frozen=True, slots=True)
class _Parsed:
    row: int
    instant: datetime
    expires: datetime | None
    cells: Mapping[str, str]
    id: str | None


class _RowErrors:
    def __init__(self, file: str, row: int) -> None:
        self.file = file
        self.row = row
        self.problems: list[RowProblem] = []

    def add(self, column: str | None, message: str) -> None:
        self.problems.append(RowProblem(self.file, self.row, column, message))


def read_csv(
    text: str,
    *,
    file: str,
    timezone_name: str,
    rules: Rules,
    dayfirst: bool = False,
) -> Imported:
    """Posts from CSV text (already decoded; a leading BOM is dropped)."""
    result = Imported()
    zone = ZoneInfo(timezone_name)
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: dict[str, int] | None = None
    parsed: list[_Parsed] = []
    row_number = 0
    try:
        for cells in reader:
            row_number += 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, problems = _header(file, row_number, cells)
                result.problems.extend(problems)
                if problems:
                    return result
                continue
            result.rows += 1
            errors = _RowErrors(file, row_number)
            row = _cells(header, cells, errors)
            if row is not None:
                entry = _parse_row(row, errors, zone, rules, dayfirst)
                if entry is not None and not errors.problems:
                    parsed.append(entry)
            # In the order of the columns, as the user reads the row.
            result.problems.extend(sorted(errors.problems, key=lambda p: _position(header, p)))
    except csv.Error as error:
        result.problems.append(
            RowProblem(file, row_number + 1, None, f"cannot be read as CSV: {error}")
        )
        return result
    if header is None:
        result.problems.append(
            RowProblem(
                file,
                0,
                None,
                f"is empty: the first row must name the columns ({', '.join(COLUMNS)})",
            )
        )
        return result
    result.problems.extend(_duplicate_ids(file, parsed))
    if not result.problems:
        result.posts = _drafts(parsed, zone)
    return result


def _position(header: Mapping[str, int], problem: RowProblem) -> int:
    return -1 if problem.column is None else header.get(problem.column, -1)


def _header(file: str, row: int, cells: Sequence[str]) -> tuple[dict[str, int], list[RowProblem]]:
    header: dict[str, int] = {}
    problems: list[RowProblem] = []
    for index, cell in enumerate(cells):
        name = cell.strip().lower()
        if not name:
            continue
        if name not in COLUMNS:
            close = get_close_matches(name, COLUMNS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                RowProblem(
                    file,
                    row,
                    None,
                    f"'{clip(cell.strip())}' is not a column{hint}; "
                    f"the columns are {', '.join(COLUMNS)}",
                )
            )
        elif name in header:
            problems.append(RowProblem(file, row, None, f"the column '{clip(name)}' appears twice"))
        else:
            header[name] = index
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(
            RowProblem(
                file,
                row,
                None,
                f"the header lacks {', '.join(missing)}: "
                f"the first row must name the columns ({', '.join(COLUMNS)})",
            )
        )
    return header, problems


def _cells(
    header: Mapping[str, int], cells: Sequence[str], errors: _RowErrors
) -> dict[str, str] | None:
    named_width = max(header.values()) + 1
    extra = [cell for cell in cells[named_width:] if cell.strip()]
    if extra:
        errors.add(
            None,
            f"has {len(cells)} cells but the header names {named_width} columns: "
            "quote cells that hold commas",
        )
        return None
    row: dict[str, str] = {}
    for name, index in header.items():
        raw = unguard_cell(cells[index]) if index < len(cells) else ""
        row[name] = raw if name in _VERBATIM else raw.strip()
    return row


def _parse_row(
    row: Mapping[str, str], errors: _RowErrors, zone: ZoneInfo, rules: Rules, dayfirst: bool
) -> _Parsed | None:
    for name in REQUIRED:
        if not row.get(name, "").strip():
            errors.add(name, f"is empty: every post needs a {name}")
    row_zone = _zone(row.get("timezone", ""), errors) or zone
    instant = _when(row.get("date", ""), row.get("time", ""), row_zone, dayfirst, errors)
    _choice(row, "platform", list(rules.platforms), "platform", errors)
    _choice(row, "pillar", list(rules.pillars), "pillar", errors)
    _choice(row, "format", list(FORMATS), "format", errors)
    _choice(row, "status", list(STATUSES), "status", errors)
    _choice(row, "phase", list(PHASES), "phase", errors)
    if row.get("placeholder", "").lower() not in ("", "true", "false"):
        errors.add(
            "placeholder",
            f"'{clip(row['placeholder'])}' is not true or false: write true on a stand-in "
            "post, or leave the cell empty",
        )
    if row.get("campaign"):
        _choice(row, "campaign", list(rules.campaigns), "campaign in the rules", errors)
    if row.get("phase") and not row.get("campaign"):
        errors.add("phase", "needs a campaign: fill in the campaign column, or clear the phase")
    expires_text = row.get("expires", "")
    expires = _expires(expires_text, row_zone, dayfirst, errors) if expires_text else None
    post_id = row.get("id") or None
    if post_id is not None and not _ID.fullmatch(post_id):
        errors.add("id", f"'{clip(post_id)}' is not an id: use letters, digits, '.', '_' and '-'")
    if instant is None:
        return None
    return _Parsed(errors.row, instant, expires, dict(row), post_id)


def _zone(name: str, errors: _RowErrors) -> ZoneInfo | None:
    if not name:
        return None
    zone = load_zone(name)
    if zone is None:
        errors.add("timezone", f"'{clip(name)}' is not an IANA time zone: write e.g. Asia/Shanghai")
    return zone


def load_zone(name: str) -> ZoneInfo | None:
    """The zone of an IANA name, None when there is no such zone or the name
    depends on the machine (`localtime`, `right/…`): as calendars read it."""
    from contentplan.load.calendar import load_zone as calendar_zone

    return calendar_zone(name)


def _choice(
    row: Mapping[str, str], column: str, known: list[str], what: str, errors: _RowErrors
) -> None:
    value = row.get(column, "")
    if not value or value in known:
        return
    close = get_close_matches(value, known, n=1) or get_close_matches(value.lower(), known, n=1)
    if close:
        hint = f" (did you mean '{close[0]}'?)"
    elif known:
        hint = f": use one of {', '.join(known)}" if len(known) <= 12 else ""
    else:
        hint = ": the rules define none"
    errors.add(column, f"'{clip(value)}' is not a {what}{hint}")


def _when(
    day_text: str, time_text: str, zone: ZoneInfo, dayfirst: bool, errors: _RowErrors
) -> datetime | None:
    """The instant of a row's date and time cells (date may hold both)."""
    if not day_text:
        return None
    if not time_text:
        parts = day_text.replace("T", " ").split(None, 1)
        if len(parts) == 2:
            day_text, time_text = parts
        else:
            return None  # "time is empty" already reported
    day = _date(day_text, dayfirst, "date", errors)
    moment = _time(time_text, "time", errors)
    if day is None or moment is None:
        return None
    return _instant(day, *moment, zone, "time", errors)


def _expires(text: str, zone: ZoneInfo, dayfirst: bool, errors: _RowErrors) -> datetime | None:
    """The instant of an ``expires`` cell: a date and a time in one cell."""
    parts = text.replace("T", " ", 1).split(None, 1) if "T" in text[:11] else text.split(None, 1)
    if len(parts) != 2:
        errors.add("expires", f"'{clip(text)}' needs a date and a time, e.g. 2024-03-27 23:59")
        return None
    day = _date(parts[0], dayfirst, "expires", errors, end=True)
    moment = _time(parts[1], "expires", errors)
    if day is None or moment is None or day == date.max:
        return None  # a problem (reported), or an expiry in 9999: never
    return _instant(day, *moment, zone, "expires", errors)


def _date(
    text: str, dayfirst: bool, column: str, errors: _RowErrors, end: bool = False
) -> date | None:
    """The date of a cell, or None (reported). With ``end``, a date in
    clock.OPEN_YEAR means no end and gives ``date.max``."""
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        year, month, day = (int(group) for group in match.groups())
    else:
        match = _YEAR_LAST.fullmatch(text)
        if not match:
            errors.add(
                column,
                f"'{clip(text)}' is not a date: write 2024-03-25, 2024/03/25 or "
                "25/03/2024 (with --dayfirst)",
            )
            return None
        first, second, year = (int(group) for group in match.groups())
        month, day = (second, first) if dayfirst else (first, second)
        if not dayfirst and month > 12 and day <= 12:
            errors.add(
                column,
                f"'{clip(text)}' has no month {month}: for day-first dates such as "
                "25/03/2024 pass --dayfirst",
            )
            return None
    try:
        written = f"{year:04d}-{month:02d}-{day:02d}"
        if end:
            return clock.parse_end_date(written) or date.max
        return clock.parse_date(written)
    except clock.ClockError as error:
        written = f"'{year:04d}-{month:02d}-{day:02d}'"
        errors.add(column, str(error).replace(written, f"'{clip(text)}'"))
        return None


def _time(text: str, column: str, errors: _RowErrors) -> tuple[time, timezone | None] | None:
    match = _TIME.fullmatch(text.strip())
    if not match:
        errors.add(column, f"'{clip(text)}' is not a time: write HH:MM, e.g. 20:00")
        return None
    if match[2] is None and match[4] is None:
        errors.add(column, f"'{clip(text)}' is not a time: write HH:MM, e.g. 20:00")
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    second = int(match[3] or 0)
    meridiem = (match[4] or "").replace(".", "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            errors.add(column, f"'{clip(text)}': with AM/PM the hour goes 1..12")
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        moment = clock.parse_clock(f"{hour:02d}:{minute:02d}")
    except clock.ClockError as error:
        errors.add(column, str(error))
        return None
    if second > 59:
        errors.add(column, f"'{clip(text)}': seconds go 00..59")
        return None
    if match[5] not in (None, "Z") and int(match[5][1:3]) >= 24:
        errors.add(column, f"'{text}': the offset {match[5]} is out of range: hours go 00..23")
        return None
    return moment.replace(second=second), _offset(match[5])


def _offset(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _instant(
    day: date,
    moment: time,
    offset: timezone | None,
    zone: ZoneInfo,
    column: str,
    errors: _RowErrors,
) -> datetime | None:
    naive = datetime.combine(day, moment)
    if offset is not None:
        if abs(offset.utcoffset(None)) >= timedelta(hours=24):
            errors.add(column, "the offset is out of range")
            return None
        return naive.replace(tzinfo=offset).astimezone(UTC)
    try:
        return clock.resolve(Stamp(naive), zone)[0]
    except clock.ClockError as error:
        errors.add(column, str(error))
        return None


def _duplicate_ids(file: str, parsed: Sequence[_Parsed]) -> list[RowProblem]:
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for entry in parsed:
        if entry.id is None:
            continue
        if entry.id in seen:
            problems.append(
                RowProblem(
                    file,
                    entry.row,
                    "id",
                    f"'{clip(entry.id)}' is also the id of row {seen[entry.id]}: ids must be "
                    "unique; rename one or leave it empty to have one made",
                )
            )
        else:
            seen[entry.id] = entry.row
    return problems


def _drafts(parsed: Sequence[_Parsed], zone: ZoneInfo) -> list[DraftPost]:
    taken = {entry.id for entry in parsed if entry.id is not None}
    drafts: list[tuple[datetime, str, DraftPost]] = []
    for entry in parsed:
        post_id = entry.id or _made_id(entry, zone, taken)
        cells = entry.cells
        expires_text = local_stamp(entry.expires, zone) if entry.expires is not None else None
        draft = DraftPost(
            id=post_id,
            at=local_stamp(entry.instant, zone),
            platform=cells["platform"],
            pillar=cells["pillar"],
            title=cells["title"],
            format=cells.get("format") or None,
            campaign=cells.get("campaign") or None,
            phase=cells.get("phase") or None,
            topic=cells.get("topic") or None,
            expires=expires_text,
            status=cells.get("status") or None,
            notes=cells.get("notes") or None,
            placeholder="true" if cells.get("placeholder", "").lower() == "true" else None,
        )
        drafts.append((entry.instant, post_id, draft))
    drafts.sort(key=lambda item: (item[0], item[1]))
    return [draft for _, _, draft in drafts]


def _made_id(entry: _Parsed, zone: ZoneInfo, taken: set[str]) -> str:
    local = entry.instant.astimezone(zone)
    platform = re.sub(r"[^A-Za-z0-9._-]+", "-", entry.cells["platform"]).strip("-") or "post"
    base = f"{platform}-{local:%Y%m%d-%H%M}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def cell_instant(
    text: str, zone: ZoneInfo, *, dayfirst: bool = False, end_of_day: bool = False
) -> tuple[datetime | None, str | None]:
    """The UTC instant of one cell that holds a date and a time, in the forms
    `import` reads (a time without an offset is local to ``zone``); with
    ``end_of_day`` a date alone means 23:59 that day. (None, the reason)
    when it cannot be read."""
    errors = _RowErrors("", 0)
    text = text.strip()
    parts = text.replace("T", " ", 1).split(None, 1) if "T" in text[:11] else text.split(None, 1)
    if len(parts) == 1 and end_of_day:
        parts.append("23:59")
    if len(parts) != 2:
        return None, f"'{clip(text)}' needs a date and a time, e.g. 2025-03-10 20:00"
    day = _date(parts[0], dayfirst, "", errors)
    moment = _time(parts[1], "", errors) if day is not None else None
    instant = _instant(day, *moment, zone, "", errors) if day and moment else None
    if errors.problems or instant is None:
        return None, errors.problems[0].message if errors.problems else "cannot be read"
    return instant, None
