"""`contentplan insights`: what works on each platform, from measured
results, with intervals so that a few lucky posts do not read as a trend."""

from __future__ import annotations

from enum import StrEnum
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

HELP = """Show what works on each platform, from measured results: engagement by
pillar, by weekday × slot, by format, by campaign phase and, for posts on a
hot topic, by the age of the topic.

PATH may be calendar files or folders, read as `report` reads them. The
results come from --results (results files, or folders of them; give it
again for more), else from the results/ folder beside calendars/ in the
calendars' repository. Make a results file from a platform's export with
`contentplan import-results`. Results rows that name no post of the
calendars are counted and the first few shown on stderr; a bad results file
stops the run with its file, line and column (exit 2).

The figure is interactions (likes + comments + shares + saves) per post, and
the rate (interactions per impression, else per follower) where it was
measured. Each cell shows its posts, its mean with a 90 % interval
(percentile bootstrap, seeded: the same results give the same numbers), and
its interactions against the platform's other posts (× others) with an
interval that holds for all the platform's comparisons together. Findings
come first, in words: a cell stands out only when that interval excludes 1,
and a cell with fewer than 10 posts, or an interval more than 4× wide, is
"too thin to say". See docs/insights.md.

--platform keeps one platform; --from and --to keep the posts in those weeks
(2025-W10) or months (2025-03). --format: rich on a terminal, plain when
piped (the default, auto), or json: one document for other tools
(docs/insights.md#json). --html FILE also writes one self-contained page
with a chart per table (no scripts, fonts or links to fetch); it never
replaces an existing file unless --force is given, and never a file the run
reads.

Exit 0 when the insights were shown, 2 when an input could not be read or
an output not written.

Examples:

  contentplan insights calendars/

  contentplan insights calendars/veloq-2025-spring.yaml --results results/veloq.csv

  contentplan insights calendars/ --platform douyin --from 2025-W11 --to 2025-W14

  contentplan insights calendars/ --format json > insights.json

  contentplan insights calendars/ --html insights.html
"""

HTML_HINT = "write the page to another file, e.g. --html insights.html"


class Format(StrEnum):
    auto = "auto"
    rich = "rich"
    plain = "plain"
    json = "json"


def insights(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...", help="Calendar files or folders, read together."),
    ],
    results: Annotated[
        list[str] | None,
        typer.Option(
            "--results",
            metavar="DIR_OR_FILE",
            help="Results files (.csv, .yaml) or folders of them; repeat for more. "
            "Default: the results/ folder beside calendars/.",
        ),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option("--platform", metavar="NAME", help="Only this platform, e.g. douyin."),
    ] = None,
    first: Annotated[
        str | None,
        typer.Option("--from", metavar="WINDOW", help="First week or month: 2025-W10 or 2025-03."),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", metavar="WINDOW", help="Last week or month: 2025-W14 or 2025-05."),
    ] = None,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="auto (the default): rich on a terminal, else plain; json: one document "
            "for other tools (docs/insights.md#json).",
            case_sensitive=False,
        ),
    ] = Format.auto,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", metavar="FILE", help="Also write a self-contained HTML page with charts."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --html replace an existing file.")
    ] = False,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules", help="Rules file for every calendar (wins over each calendar's `rules:`)."
        ),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    import sys

    from contentplan.app import outputs
    from contentplan.app.insights import run_insights
    from contentplan.render import insights as render
    from contentplan.stats.report import RangeError, WindowRange

    try:
        span = WindowRange.parse(first, last)
    except RangeError as error:
        fail(str(error))
    if html is not None:
        note_settings()
        exits(outputs.refuse_existing)(
            html, force, option="--html", command="insights", example="insights.html"
        )
    result, sources = exits(run_insights)(
        paths,
        results or [],
        platform=platform,
        span=span,
        rules_option=rules,
        max_bytes=max_bytes,
    )
    refuse_input(html, "--html", HTML_HINT)
    for line in render.unmatched_lines(sources):
        typer.echo(line, err=True)
    if output_format == Format.json:
        sys.stdout.write(render.render_json(result, sources))
    else:
        rich = output_format == Format.rich or (
            output_format == Format.auto and sys.stdout.isatty()
        )
        render.print_to_stdout(result, sources, rich)
    if html is not None:
        exits(outputs.refuse_existing)(
            html, force, option="--html", command="insights", example="insights.html"
        )
        write_file(html, render.render_html(result, sources), "--html", HTML_HINT)
        typer.echo(f"HTML written to {safe_text(str(html))}.", err=True)
