"""`contentplan import`: posts from a CSV file (a spreadsheet, an Airtable or
Hootsuite-style export) as a calendar YAML file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

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

HELP = """Turn a CSV file of posts into a calendar (YAML).

The first row names the columns, in any order: id, date, time, timezone,
platform, pillar, title, format, campaign, phase, topic, expires, status,
notes, placeholder, series, repeat_of. date, time, platform, pillar and
title are required; the rest may be left out or empty. placeholder is true
on a stand-in post (`check` warns until it is written), else empty or
false. series names a series of the rules; repeat_of the id of the post
the row publishes again. `contentplan
export --to csv` writes exactly this, and importing it gives back the same
posts.

Dates may be 2024-03-25, 2024/03/25, or 25/03/2024 with --dayfirst
(03/25/2024 without it). Times are 20:00, 8:00 PM or 20:00+08:00. A row
whose `timezone` differs from --timezone is converted to it. Empty ids are
made from platform, date and time. The file may be UTF-8 with or without a
BOM.

A cell that starts with an apostrophe followed by =, +, -, @, a tab, a
carriage return or another apostrophe loses that apostrophe: it is the guard
`contentplan export` puts in front of cells a spreadsheet would run as a
formula. '=SUM(A1) reads as =SUM(A1), ''quoted' as 'quoted'; 'hello stays
as it is.

Platforms, pillars and campaigns are checked against the rules (--rules,
else rules/default.yaml, else the built-in defaults). Every bad row is
reported at once, with its row number (the header is row 1), column and
reason, and then nothing is written. The calendar's keys are described in
docs/reference.md#calendar-files.

With -o the calendar gets a `rules:` line naming the rules the rows were
checked against, from the file's own folder, so that `check FILE` reads the
same rules (on stdout, only --rules is named, from the current folder).

Without -o the calendar goes to stdout. -o never replaces an existing file
unless --force is given, and never a file the run reads (the CSV file, the
rules, the project's contentplan.yaml or pyproject.toml). Writes are atomic.

Exit codes: 0 written, 2 a bad row, a bad option, or a file that could not
be read or written.

Examples:

  contentplan import posts.csv --brand acme --timezone Asia/Shanghai -o a.yaml

  contentplan import sheet.csv --brand acme --timezone Europe/Paris --dayfirst
"""


def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="The CSV file to read.")],
    brand: Annotated[str, typer.Option("--brand", help="The brand the posts belong to.")],
    timezone: Annotated[
        str,
        typer.Option(
            "--timezone", metavar="TZ", help="The calendar's IANA time zone, e.g. Asia/Shanghai."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the calendar here instead of stdout."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let -o replace an existing file.")
    ] = False,
    dayfirst: Annotated[
        bool,
        typer.Option(
            "--dayfirst", help="Read 01/02/2024 as 1 February (day first), not January 2."
        ),
    ] = False,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules", help="Rules file whose platforms, pillars and campaigns the rows use."
        ),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    from contentplan.app import inputs, outputs
    from contentplan.io.csv_in import load_zone, read_csv
    from contentplan.io.yaml_out import calendar_yaml
    from contentplan.load.gather import display_path

    if not brand.strip():
        fail("--brand is empty: name the brand, e.g. --brand xiaomi")
    if load_zone(timezone) is None:
        from contentplan.load.calendar import zone_problem

        fail(f"--timezone: {zone_problem(timezone)}")
    refuse_existing = exits(outputs.refuse_existing)
    refuse_existing(output, force, option="-o", command="import", example="calendar.yaml")
    text = exits(inputs.csv_text)(file, max_bytes)
    loaded = exits(inputs.import_rules)(rules)
    hint = f"write the calendar to another file, e.g. -o {file.with_suffix('.yaml').name}"
    if output is not None:
        note_settings()
    refuse_input(output, "-o", hint)
    refuse_existing(output, force, option="-o", command="import", example="calendar.yaml")
    shown = display_path(file)
    result = read_csv(text, file=shown, timezone_name=timezone, rules=loaded, dayfirst=dayfirst)
    if result.problems:
        for problem in result.problems:
            typer.echo(problem.text, err=True)
        rows = {problem.row for problem in result.problems}
        fail(
            f"{len(result.problems)} problem(s) in {len(rows)} row(s) of {shown}; "
            "nothing was written. Fix them, then import again"
        )
    note = None
    if output is None:
        reference = outputs.relative_reference(rules, output)
    else:  # the rules the rows were checked against, from the file's folder
        used = inputs.rules_used(None, rules, None)
        reference, note = inputs.written_rules(used, output)
    document = calendar_yaml(
        brand.strip(),
        timezone,
        result.posts,
        rules=reference,
        comment=f"Imported from {file.name} by `contentplan import`.",
    )
    if output is None:
        sys.stdout.write(document)
        return
    write_file(output, document, "-o", hint)
    count = len(result.posts)
    where = safe_text(str(output))
    typer.echo(f"{count} post{'' if count == 1 else 's'} written to {where}.", err=True)
    if note is not None:
        typer.echo(safe_text(note), err=True)
