"""`contentplan import-results`: a platform's export (CSV) as a results file
of the calendars' posts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from contentplan.cli.common import MaxBytes, exits, note_settings, refuse_input, write_file
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.text import safe_text

HELP = """Turn a platform's export (CSV) into a results file: how each post did.

A results file has the columns id, measured_at, then any of impressions,
views, likes, comments, shares, saves and followers (brand too, when two
brands share an id); `insights` and `plan --learn` read it. An export names
its columns its own way: --map says which of its columns holds each of
ours, our name first (--map likes=点赞 --map comments=评论, or
--map likes=点赞,comments=评论). A column already named like ours is taken
without a map; every other column (titles, links, rates) is left alone. A
map for every run goes in contentplan.yaml:

  results:
    map: {id: 内容ID, likes: 点赞, comments: 评论, shares: 转发}

(or \\[tool.contentplan.results.map] in pyproject.toml); --map wins over it.

Counts may be written as exports write them: 1234, 1,234, 1.2万 (12000),
3亿, 1.2w, 15k, 2.5M, 10万+ (read as 100000). An empty cell, - or N/A was
not measured (it is not 0). A percentage in a mapped column is refused.
measured_at may be 2025-03-10 20:00, 2025/03/10 20:00 or 03/10/2025 8:00 PM
(25/03/2025 with --dayfirst), with an optional offset; without one it is the
wall clock of the post's calendar, and a date alone means 23:59 that day.
When the export has no such column, --measured-at gives the time of every
row. The file is read as UTF-8 (with or without a BOM); an export saved by a
Chinese Excel is GB18030 (GBK): pass --encoding gb18030.

Each row's id must name a post of the calendars (--calendar, else the
settings' `include`, else the current folder, as `check` finds them). Every
bad cell of every row is reported at once (the header is row 1), and then
nothing is written. A row whose id matches no post (or that was measured
before its post went out) is reported too, and nothing is written, unless
--skip-unmatched: then those rows are listed and the others written.

Without -o the results go to stdout. -o never replaces an existing file
unless --force is given, and never a file the run reads. Writes are atomic.

Exit codes: 0 written; 2 a bad row, a row that matches no post (without
--skip-unmatched), a bad option, or a file that could not be read or
written.

Examples:

  contentplan import-results weibo.csv --map id=内容ID,likes=点赞 -o results/weibo-03.csv

  contentplan import-results export.csv --measured-at "2025-03-17 09:00" -o results/w12.csv
"""


def import_results(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.csv", help="The platform's export to read.")
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="OURS=THEIRS",
            help="Which column of the export holds one of ours, e.g. likes=点赞 "
            "(repeat it, or separate pairs with commas).",
        ),
    ] = None,
    calendar: Annotated[
        list[str] | None,
        typer.Option(
            "--calendar",
            metavar="PATH",
            help="Calendar files or folders whose posts the ids name (repeatable; default: "
            "the settings' include, else the current folder).",
        ),
    ] = None,
    measured_at: Annotated[
        str | None,
        typer.Option(
            "--measured-at",
            metavar="WHEN",
            help="When the counts were read, for every row (e.g. '2025-03-17 09:00', or a "
            "date): for an export without such a column.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the results here instead of stdout."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let -o replace an existing file.")
    ] = False,
    skip_unmatched: Annotated[
        bool,
        typer.Option(
            "--skip-unmatched",
            help="Write the rows that match a post and list the others, instead of writing "
            "nothing.",
        ),
    ] = False,
    dayfirst: Annotated[
        bool,
        typer.Option(
            "--dayfirst", help="Read 01/02/2025 as 1 February (day first), not January 2."
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="The export's text encoding when it is not UTF-8, e.g. gb18030.",
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option("--rules", help="Rules file for the calendars (as `check --rules`)."),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    from contentplan.app import import_results as work
    from contentplan.app import inputs, outputs

    settings = exits(inputs.settings)()
    mapped = exits(work.parse_map)(mapping or [], dict(settings.results_map))
    hint = "write the results to another file, e.g. -o results/new.csv"
    refuse_existing = exits(outputs.refuse_existing)
    refuse_existing(output, force, option="-o", command="import-results", example="results.csv")
    if output is not None:
        note_settings()
    imported = exits(work.import_results)(
        file,
        mapping=mapped,
        calendar_paths=calendar or [],
        measured_at=measured_at,
        dayfirst=dayfirst,
        skip_unmatched=skip_unmatched,
        encoding=encoding,
        rules_option=rules,
        max_bytes=max_bytes,
    )
    for problem in imported.skipped:
        typer.echo(problem.text, err=True)
    if imported.skipped:
        many = len(imported.skipped) != 1
        typer.echo(
            f"{len(imported.skipped)} row{'s' if many else ''} matching no post "
            f"{'were' if many else 'was'} left out (--skip-unmatched).",
            err=True,
        )
    refuse_input(output, "-o", hint)
    refuse_existing(output, force, option="-o", command="import-results", example="results.csv")
    if output is None:
        sys.stdout.write(imported.text)
        return
    write_file(output, imported.text, "-o", hint)
    count = imported.rows
    where = safe_text(str(output))
    typer.echo(f"{count} row{'' if count == 1 else 's'} written to {where}.", err=True)
