"""Platform exports in, results files out: what `contentplan import-results`
reads and writes (docs/reference.md#results-files).

An export names its columns its own way (``点赞``, ``Likes``, ``内容ID``): a
map says which of its columns holds each of ours (``likes=点赞``); a column
named like ours (any case) is taken without one, and every other column
(titles, links, rates) is left alone. Cells are read as exports write them:

- counts: ``1234``, ``1,234`` (or ``1 234``), ``1234.0``, ``1.2万`` (12,000),
  ``3亿`` (300,000,000), ``1.2w``, ``15k``, ``2.5M``; a trailing ``+``
  (``10万+``) is dropped: the count is at least that. ``-``, ``--``, ``N/A``
  or an empty cell was not measured. A percentage (``3.2%``) is refused in a
  count column: rates are worked out from the counts;
- ``measured_at``: a date and a time as `import` reads them (``2025-03-10
  20:00``, ``2025/03/10 20:00``, ``03/10/2025 8:00 PM``, with an optional
  offset); without an offset it is the wall clock of the post's calendar; a
  date alone is the end of that day (23:59).

Every bad cell of every row is reported (spreadsheet row numbers: the header
is row 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from difflib import get_close_matches
from zoneinfo import ZoneInfo

from contentplan.core.engagement import METRICS, Measurement
from contentplan.core.text import clip
from contentplan.io.csv_in import RowProblem
from contentplan.load.calendar import ID_PATTERN
from contentplan.load.results import LARGEST_COUNT, csv_trouble

# Our columns, in the order a results file has them.
OURS: tuple[str, ...] = ("id", "measured_at", "brand", *METRICS)

_UNITS: dict[str, int] = {
    "": 1,
    "千": 1_000,
    "k": 1_000,
    "万": 10_000,
    "w": 10_000,
    "百万": 1_000_000,
    "m": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
    "b": 1_000_000_000,
}
_NOT_MEASURED = frozenset({"", "-", "--", "—", "–", "/", "n/a", "na", "null", "none"})
_COUNT = re.compile(
    r"(?P<whole>[0-9]{1,3}(?:(?P<sep>[, \u00a0\u202f\u2009'])[0-9]{3})(?:(?P=sep)[0-9]{3})*"
    r"|[0-9]+)(?:\.(?P<fraction>[0-9]+))?\s*(?P<unit>百万|千万|[千万亿kKwWmMbB])?",
    re.ASCII,
)
_LONGEST_CELL = 64  # a count written any way fits in this; longer is not a count


class CountError(ValueError):
    """A cell that is not a count; the text says why and what to write."""


def parse_count(text: str) -> int | None:
    """The count a cell of an export holds, None when it was not measured;
    CountError otherwise."""
    cell = text.strip()
    if cell.lower() in _NOT_MEASURED:
        return None
    if len(cell) > _LONGEST_CELL:
        raise CountError(f"'{clip(cell, 40)}' is not a count: write e.g. 1234, 1,234 or 1.2万")
    if cell.endswith(("%", "％")):
        raise CountError(
            f"'{cell}' is a percentage, not a count: map only columns of counts "
            "(the rates are worked out from them)"
        )
    if cell.startswith(("-", "−")) and cell[1:2].isdigit():
        raise CountError(f"'{cell}' is below 0: a count is 0 or more")
    bare = cell[:-1].rstrip() if cell.endswith("+") else cell
    match = _COUNT.fullmatch(bare)
    if match is None:
        raise CountError(
            f"'{cell}' is not a count: write e.g. 1234, 1,234, 1.2万 or 3亿 "
            "(digits 0-9), or leave the cell empty if it was not measured"
        )
    unit = (match["unit"] or "").lower()
    digits = match["whole"].replace(match["sep"] or ",", "")
    number = Decimal(f"{digits}.{match['fraction'] or '0'}") * _UNITS[unit]
    whole = number.to_integral_value(rounding=ROUND_HALF_UP)
    if not unit and whole != number:
        raise CountError(f"'{cell}' has a fraction: a count is a whole number, e.g. 1234")
    if whole > LARGEST_COUNT:
        raise CountError(f"'{clip(cell, 40)}' is too large: a count is at most {LARGEST_COUNT:,}")
    return int(whole)


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One row of an export, read but not yet matched to a post."""

    row: int  # spreadsheet row: the header is row 1
    post_id: str
    brand: str | None
    measured_at: str  # the cell's text (or --measured-at): read in the post's zone
    counts: Mapping[str, int]


@dataclass
class Export:
    rows: list[ExportRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # ours -> the export's name
    read: int = 0  # rows read (not counting the header and empty rows)


def read_export(
    text: str, *, file: str, mapping: Mapping[str, str], measured_at: str | None = None
) -> Export:
    """The rows of an export (decoded text; a leading BOM is dropped).
    ``mapping`` is our column → the export's column; ``measured_at``, when
    given, is the time of every row (then the file needs no such column)."""
    result = Export()
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: dict[str, int] | None = None
    row_number = 0
    try:
        for cells in reader:
            row_number += 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _header(cells, file, row_number, mapping, measured_at, result)
                if result.problems:
                    return result
                continue
            result.read += 1
            row = _row(cells, header, file, row_number, measured_at, result)
            if row is not None:
                result.rows.append(row)
    except csv.Error as error:
        result.problems.append(RowProblem(file, row_number + 1, None, csv_trouble(error)))
        return result
    if header is None:
        result.problems.append(
            RowProblem(file, 0, None, "is empty: an export starts with a row of column names")
        )
    return result


def _header(
    cells: Sequence[str],
    file: str,
    row: int,
    mapping: Mapping[str, str],
    measured_at: str | None,
    result: Export,
) -> dict[str, int]:
    names = [cell.strip() for cell in cells]
    where: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        if name:
            where.setdefault(name.casefold(), []).append(index)
    shown = ", ".join(clip(name, 40) for name in names if name)
    header: dict[str, int] = {}

    def problem(message: str) -> None:
        result.problems.append(RowProblem(file, row, None, message))

    for ours in OURS:
        theirs = mapping.get(ours)
        found = where.get((theirs or ours).casefold(), [])
        if theirs is not None and not found:
            close = get_close_matches(theirs, [name for name in names if name], n=1)
            hint = f" (did you mean '{clip(close[0], 40)}'?)" if close else ""
            problem(
                f"the map names the column '{clip(theirs, 40)}' for {ours}, but the file has "
                f"no such column{hint}: its columns are {shown}"
            )
        elif len(found) > 1:
            problem(
                f"the column '{clip(theirs or ours, 40)}' appears {len(found)} times: "
                "rename the one that does not hold the " + ours
            )
        elif found:
            header[ours] = found[0]
            result.columns[ours] = names[found[0]]
    if result.problems:
        return header
    if "id" not in header:
        problem(
            "has no id column: map the column that holds the calendar's post ids, "
            f"e.g. --map id=内容ID; the columns are {shown}"
        )
    if "measured_at" not in header and measured_at is None:
        problem(
            "has no measured_at column: map the column that says when the counts were "
            "read (e.g. --map measured_at=数据日期), or give the time of the whole file "
            f"with --measured-at 2025-03-10; the columns are {shown}"
        )
    if not any(name in header for name in METRICS):
        problem(
            f"has no column of counts: map at least one of {', '.join(METRICS)}, e.g. "
            f"--map likes=点赞 --map comments=评论; the columns are {shown}"
        )
    return header


def _row(
    cells: Sequence[str],
    header: Mapping[str, int],
    file: str,
    row: int,
    measured_at: str | None,
    result: Export,
) -> ExportRow | None:
    before = len(result.problems)

    def cell(ours: str) -> str:
        index = header.get(ours)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def problem(ours: str, message: str) -> None:
        result.problems.append(RowProblem(file, row, result.columns.get(ours, ours), message))

    post_id = cell("id")
    if not post_id:
        problem("id", "is empty: every row needs the id of its post in the calendar")
    elif not ID_PATTERN.fullmatch(post_id):
        problem(
            "id",
            f"'{clip(post_id)}' is not a post id: an id holds only letters, digits, '.', '_' "
            "and '-'; map the column that holds the calendar's ids",
        )
    when = cell("measured_at") if "measured_at" in header else ""
    if not when:
        when = measured_at or ""
        if not when:
            problem("measured_at", "is empty: write when the counts were read, or give "
                                   "--measured-at for the whole file")
    counts: dict[str, int] = {}
    for name in METRICS:
        if name not in header:
            continue
        try:
            value = parse_count(cell(name))
        except CountError as error:
            problem(name, str(error))
            continue
        if value is not None:
            counts[name] = value
    if len(result.problems) != before:
        return None
    if not counts:
        problem(
            "id",
            f"has no count for {post_id}: every count cell is empty; fill one in, or delete "
            "the row",
        )
        return None
    return ExportRow(row, post_id, cell("brand") or None, when, counts)


def results_csv(
    rows: Sequence[tuple[Measurement, ZoneInfo]], *, with_brand: bool = False
) -> str:
    """A results file (docs/reference.md#results-files) of these
    measurements: ``measured_at`` as the wall clock of each post's zone,
    with its offset; only the counts some row has get a column."""
    present = {name for measurement, _ in rows for name in measurement.counts}
    metrics = [name for name in METRICS if name in present]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "measured_at", *(["brand"] if with_brand else []), *metrics])
    for measurement, zone in rows:
        writer.writerow(
            [
                measurement.post_id,
                stamp(measurement.measured_at, zone),
                *([measurement.brand or ""] if with_brand else []),
                *(str(measurement.counts.get(name, "")) for name in metrics),
            ]
        )
    return buffer.getvalue()


def stamp(instant: datetime, zone: ZoneInfo) -> str:
    """``2025-03-10T20:00+08:00``: the wall clock in ``zone`` with its
    offset (seconds only when there are any)."""
    local = instant.astimezone(zone)
    return local.isoformat(timespec="seconds" if local.second else "minutes")
