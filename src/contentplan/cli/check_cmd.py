"""`contentplan check`: find every break of the rules, and gate pull requests."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from enum import Enum
from pathlib import Path

import typer

from contentplan.cli.common import fail, split_names
from contentplan.limits import DEFAULT_MAX_BYTES
from contentplan.model import Violation
from contentplan.render.summary import Summary


class OutputFormat(str, Enum):
    auto = "auto"
    rich = "rich"
    plain = "plain"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


DOCUMENT_FORMATS = {OutputFormat.json, OutputFormat.sarif, OutputFormat.junit}

HELP = """Check calendars against the rules and report every violation.

PATH may be calendar files or folders (every *.yaml / *.yml below a folder with a
top-level `posts:` is read). All files are read together and grouped by brand, so a
brand may keep one file per platform or per month. With no PATH, the settings'
`include` globs are used, else the current folder.

Exit codes: 0 nothing at error severity (with --strict: no warnings either),
1 violations found, 2 the input could not be read (missing file, YAML syntax,
schema), 130 interrupted.

Examples:

  contentplan check calendars/

  contentplan check calendars/ --format json --output report.json

  contentplan check --select mix,mix-brand --strict
"""


def check(
    paths: list[str] = typer.Argument(
        None, metavar="[PATH]...", help="Calendar files or folders (default: settings' include, else '.')."
    ),
    rules: str | None = typer.Option(
        None, "--rules", help="Rules file to use for every calendar (wins over each calendar's `rules:`)."
    ),
    output_format: OutputFormat = typer.Option(
        OutputFormat.auto,
        "--format",
        "-f",
        help="auto: github under GitHub Actions, rich on a terminal, else plain.",
        case_sensitive=False,
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to FILE (never with colour codes)."
    ),
    strict: bool | None = typer.Option(
        None, "--strict/--no-strict", help="Warnings fail the run too."
    ),
    select: list[str] = typer.Option(
        [], "--select", help="Only these checks, e.g. --select mix,spacing (repeatable)."
    ),
    ignore: list[str] = typer.Option(
        [], "--ignore", help="Skip these checks, e.g. --ignore duplicate (repeatable)."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Judge only windows and posts that end after DATE (YYYY-MM-DD or 'today')."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Accept the known violations listed in FILE; fail only on new ones."
    ),
    write_baseline: Path | None = typer.Option(
        None, "--write-baseline", help="Record today's violations in FILE (to adopt the gate on a messy repo)."
    ),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse files larger than this many bytes."
    ),
) -> None:
    from contentplan.checks import CHECK_NAMES
    from contentplan.engine import problem_violations, run_checks
    from contentplan.gather import gather

    selected = split_names(select, CHECK_NAMES, "--select")
    ignored = split_names(ignore, CHECK_NAMES, "--ignore")
    since_day = _since(since)
    found = gather(paths or ["."], rules_option=rules, max_bytes=max_bytes)
    violations = problem_violations(found.problems)
    if not found.problems:
        violations = run_checks(found.brands, select=selected, ignore=ignored, since=since_day)
    violations.sort(key=lambda v: v.order)
    summary = Summary.of(violations, found.files, found.posts)
    chosen = _resolve_format(output_format, output)
    text = _render(chosen, violations, summary, output is not None)
    if output is not None:
        _write(output, text)
    else:
        sys.stdout.write(text)
    if output is not None and chosen not in DOCUMENT_FORMATS:
        typer.echo(f"{summary.sentence()} Report written to {output}.", err=True)
    elif output is not None:
        typer.echo(f"Report written to {output}: {summary.sentence()}", err=True)
    if found.problems:
        raise typer.Exit(2)
    failing = summary.errors or (strict and summary.warnings)
    raise typer.Exit(1 if failing else 0)


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    if value.strip().lower() == "today":
        return date.today()
    from contentplan.clock import ClockError, parse_date

    try:
        return parse_date(value)
    except ClockError as error:
        fail(f"--since: {error}")


def _resolve_format(chosen: OutputFormat, output: Path | None) -> OutputFormat:
    if chosen is not OutputFormat.auto:
        return chosen
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return OutputFormat.github
    if output is None and sys.stdout.isatty():
        return OutputFormat.rich
    return OutputFormat.plain


def _render(
    chosen: OutputFormat,
    violations: Sequence[Violation],
    summary: Summary,
    to_file: bool,
) -> str:
    if chosen is OutputFormat.json:
        from contentplan.render.jsondoc import render_json

        return render_json(violations, summary)
    if chosen is OutputFormat.rich:
        from contentplan.render.console import print_rich
        from contentplan.render.terminal import console_for

        console, captured = console_for(to_file)
        print_rich(console, violations, summary)
        return captured()
    from contentplan.render.plain import render_plain

    return render_plain(violations, summary)


def _write(target: Path, text: str) -> None:
    from contentplan.files import WriteError, atomic_write

    try:
        atomic_write(target, text)
    except WriteError as error:
        fail(str(error))
