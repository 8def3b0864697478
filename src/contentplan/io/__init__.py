"""Moving posts in and out of calendars: ICS and CSV export, CSV import.

Core code: no Typer, no Rich. The CLI modules (`cli/export_cmd.py`,
`cli/import_cmd.py`) read the files, call these functions and write through
`files.atomic_write`.

- `ics.py`: RFC 5545 via icalendar, one VEVENT per post, byte-stable.
- `csv_out.py`: one row per post under a fixed header (`COLUMNS`).
- `csv_in.py`: those rows back into posts, every bad row reported at once.
- `results_csv.py`: a platform's export (its own column names, counts like
  1,234 or 1.2万) into the rows of a results file, and that file's text.
- `yaml_out.py`: posts as calendar YAML (docs/reference.md#calendar-files)
  that the loader reads back.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from contentplan.core.model import Problem
from contentplan.core.text import safe_text


def problem_line(problem: Problem) -> str:
    """``file:line:column: message``, or ``file: message`` without a place;
    one line, user text escaped by `safe_text`."""
    if problem.line and problem.column:
        line = f"{problem.file}:{problem.line}:{problem.column}: {problem.message}"
    elif problem.line:
        line = f"{problem.file}:{problem.line}: {problem.message}"
    else:
        line = f"{problem.file}: {problem.message}"
    return safe_text(line)


def local_parts(instant: datetime, zone: ZoneInfo) -> tuple[str, str]:
    """An instant as the calendar's wall clock: (``2024-03-25``, ``20:00``).

    Seconds appear only when there are any. When the wall clock reads the
    same twice that night (a DST overlap), the time carries its offset
    (``02:30+01:00``), as docs/reference.md#how-values-are-read asks, so that
    it reads back as this instant.
    """
    local = instant.astimezone(zone)
    clock_text = local.strftime("%H:%M:%S" if local.second else "%H:%M")
    if ambiguous(instant, zone):
        offset = local.utcoffset()
        assert offset is not None
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        clock_text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return local.strftime("%Y-%m-%d"), clock_text


def local_stamp(instant: datetime, zone: ZoneInfo) -> str:
    """``2024-03-25 20:00`` (with an offset only in a DST overlap)."""
    day, clock_text = local_parts(instant, zone)
    return f"{day} {clock_text}"


def ambiguous(instant: datetime, zone: ZoneInfo) -> bool:
    """True when the instant's wall clock in ``zone`` occurs twice (DST ends)."""
    naive = instant.astimezone(zone).replace(tzinfo=None)
    return (
        naive.replace(tzinfo=zone, fold=0).utcoffset()
        != naive.replace(tzinfo=zone, fold=1).utcoffset()
    )
