"""`contentplan export`: a calendar as iCalendar or CSV."""

from __future__ import annotations

import sys
import textwrap
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from contentplan.cli.common import (
    MaxBytes,
    exits,
    fail,
    note_settings,
    refuse_input,
    write_file,
)
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.text import safe_text
from contentplan.io.csv_out import COLUMNS

if TYPE_CHECKING:
    from contentplan.core.model import Calendar


class ExportFormat(StrEnum):
    ics = "ics"
    csv = "csv"


# The CSV paragraph names the columns `export --to csv` writes, from the
# one list of post fields (wrapped as the rest of the text is).
CSV_HELP = textwrap.fill(
    "--to csv: one row per post, for spreadsheets and bulk-upload tools, with the "
    f"columns {', '.join(COLUMNS)}. It is UTF-8 with a BOM (so Excel shows Chinese "
    "correctly) and CRLF row ends; `contentplan import` reads it back to the same "
    "posts (a post's `ignore:` list is not exported).",
    width=76,
    break_on_hyphens=False,
)

HELP = """Export a calendar's posts as iCalendar (.ics) or CSV.

--to ics: RFC 5545, for Google Calendar, Outlook or Apple Calendar. One
event per post: UID <id>@<brand>, the start in the calendar's time zone
(with a VTIMEZONE), 30 minutes long, titled "\\[pillar] title", with the
platform and pillar as categories and the other fields (format, campaign,
phase, topic, expires, status, notes) in the description. The file is the
same byte for byte on every run.

""" + CSV_HELP + """

So that no spreadsheet runs a cell as a formula, a cell that starts with =,
+, -, @, a tab or a carriage return is written with an apostrophe in front
('=SUM(A1)), as is a cell that starts with an apostrophe (''quoted').
`contentplan import` removes that one apostrophe again, so export, import
and export give the same file.

Without -o the file goes to stdout. -o may not name a file the run reads (the
calendar, its rules, the project's contentplan.yaml or pyproject.toml); an
existing output file is replaced (atomically).

Exit codes: 0 written, 2 the calendar could not be read (missing file, YAML
syntax, schema) or the output could not be written.

Examples:

  contentplan export calendars/xiaomi.yaml --to ics -o xiaomi.ics

  contentplan export calendars/xiaomi.yaml --to csv -o xiaomi.csv
"""


def export(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The calendar to export.")],
    to: Annotated[
        ExportFormat,
        typer.Option("--to", help="ics (iCalendar) or csv.", case_sensitive=False),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="OUT", help="Write here instead of stdout."),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option("--rules", help="Rules file to check the calendar's names against."),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    from contentplan.app.inputs import one_calendar, refuse_folder
    from contentplan.io import problem_line

    exits(refuse_folder)(file, "export")
    found = one_calendar(file, rules, max_bytes=max_bytes)
    if found.problems or not found.calendars:
        for problem in found.problems:
            typer.echo(problem_line(problem), err=True)
        fail(f"{file} could not be read: fix the problems above, then export again")
    hint = f"write to another file, e.g. -o {file.with_suffix('.' + to.value).name}"
    if output is not None:
        note_settings()
    refuse_input(output, "-o", hint)
    calendar = found.calendars[0]
    data = _render(to, calendar)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_file(output, data, "-o", hint)
    count = len(calendar.posts)
    where = safe_text(str(output))
    typer.echo(f"{count} post{'' if count == 1 else 's'} written to {where}.", err=True)


def _render(to: ExportFormat, calendar: Calendar) -> bytes:
    if to is ExportFormat.ics:
        from contentplan.io.ics import to_ics

        return to_ics(calendar)
    from contentplan.io.csv_out import to_csv

    return to_csv(calendar).encode("utf-8")
