"""`contentplan report`: the content mix per window, platform and brand, as
tables and bar charts on the terminal, in SVG, or as one HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from contentplan.cli.common import (
    MaxBytes,
    fail,
    note_settings,
    refuse_input,
    write_file,
)
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.text import counted, safe_text

HELP = """Show the content mix per window: one table per platform and one for the
brand.

Each row is a window (ISO week, or month when the rules say `mix.window:
month`) with every pillar's count, its share and the band it must stay in
(see docs/reference.md#the-mix-band), a stacked bar of the mix, and ✓ in
band / ✗ outside / – not judged. Under each table a sparkline per pillar shows how its share moves
across the windows. A table with evergreen repeats (posts with `repeat_of:`)
says how many, per pillar: "evergreen repeats: 3 (functional 1, story 2)".

PATH may be calendar files or folders, read together and grouped by brand,
as `check` reads them. --from and --to take a week (2024-W10) or a month
(2024-03); every window they overlap is shown, empty ones included.

--svg FILE saves the same output as an SVG picture (Rich's SVG export).
--html FILE writes one self-contained page (inline SVG charts with the
target marked, no scripts, fonts or links to fetch) that also prints well.
Neither may name a file the run reads (a calendar, a rules file, the
project's contentplan.yaml or pyproject.toml); an existing output file is
replaced.

The report judges windows as `check` does but never fails on them: it exits
0 when it was written, 2 when an input could not be read or an output not
written.

Examples:

  contentplan report calendars/

  contentplan report calendars/xiaomi.yaml --from 2024-W10 --to 2024-W14

  contentplan report calendars/ --html mix.html --svg mix.svg
"""

SVG_HINT = "write the picture to another file, e.g. --svg report.svg"
HTML_HINT = "write the page to another file, e.g. --html report.html"


def report(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...", help="Calendar files or folders, read together."),
    ],
    first: Annotated[
        str | None,
        typer.Option("--from", metavar="WINDOW", help="First window shown: 2024-W10 or 2024-03."),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", metavar="WINDOW", help="Last window shown: 2024-W14 or 2024-05."),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", metavar="FILE", help="Also save the output as an SVG picture."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", metavar="FILE", help="Also write a self-contained HTML page with charts."
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules", help="Rules file for every calendar (wins over each calendar's `rules:`)."
        ),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    from contentplan.app.inputs import given
    from contentplan.io import problem_line
    from contentplan.render.report_rich import print_to_stdout
    from contentplan.stats.report import RangeError, WindowRange, build_report

    try:
        span = WindowRange.parse(first, last)
    except RangeError as error:
        fail(str(error))
    found = given(paths, rules, max_bytes=max_bytes)
    if found.problems:
        for problem in found.problems:
            typer.echo(problem_line(problem), err=True)
        fail(
            f"{counted(len(found.problems), 'problem')} in the input: "
            "fix them, then run report again"
        )
    if svg is not None or html is not None:
        note_settings()
    refuse_input(svg, "--svg", SVG_HINT)
    refuse_input(html, "--html", HTML_HINT)
    result = build_report(found.brands, span)
    print_to_stdout(result)
    if svg is not None:
        from contentplan.render.report_svg import report_svg

        write_file(svg, report_svg(result), "--svg", SVG_HINT)
        typer.echo(f"SVG written to {safe_text(str(svg))}.", err=True)
    if html is not None:
        from contentplan.render.report_html import render_html

        write_file(html, render_html(result), "--html", HTML_HINT)
        typer.echo(f"HTML written to {safe_text(str(html))}.", err=True)
