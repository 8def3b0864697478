"""`contentplan check`: find every break of the rules, and gate pull requests."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from contentplan.cli.common import (
    MAX_BYTES_HELP,
    fail,
    max_bytes_option,
    refuse_input,
    split_names,
    write_file,
)
from contentplan.cli.run import quiet_stdout
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.model import Problem, Violation
from contentplan.core.text import safe_text
from contentplan.render.summary import Summary

if TYPE_CHECKING:
    from contentplan.load.baseline import Baseline
    from contentplan.load.settings import Settings


class OutputFormat(StrEnum):
    auto = "auto"
    rich = "rich"
    plain = "plain"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


REPORT_HINT = "write the report to another file, e.g. --output report.txt"
BASELINE_HINT = "write the baseline to another file, e.g. --write-baseline baseline.json"

DOCUMENT_FORMATS = {OutputFormat.json, OutputFormat.sarif, OutputFormat.junit}

HELP = """Check calendars against the rules and report every violation.

PATH may be calendar files or folders. In a folder, every *.yaml / *.yml (any
case) below it with a top-level `posts:` is read (folders starting with '.' and node_modules are
skipped, links to folders are not followed); a file there that looks like a calendar
without `posts:` (a top-level `version` with `brand` or `timezone`, and no backlog
`items:`), or that is not UTF-8 text, is an error, and so is a folder that cannot be
read, a link that leads outside the repository, or anything but a regular file.
All files are read together and grouped by brand, so a brand may keep one file per
platform or per month. With no PATH, the settings' `include` globs are used, else
the current folder.

Finding no calendar at all is exit 2, so that a gate never passes having checked
nothing; pass --allow-empty (or set `allow_empty: true` in contentplan.yaml) when
an empty run should pass.

Exit codes: 0 nothing at error severity (with --strict: no warnings either),
1 violations found, 2 the input could not be read (missing file, YAML syntax,
schema, or an output that names an input), 130 interrupted (Ctrl-C), 143
terminated (SIGTERM).

--output and --write-baseline never name a file the run reads (a calendar,
a rules file, the settings, the --baseline read); such a run is refused at
once.

Examples:

  contentplan check calendars/

  contentplan check calendars/ --format json --output report.json

  contentplan check --select mix,mix-brand --strict
"""


def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Calendar files or folders (default: the settings' include, else '.').",
            show_default=False,
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option("--rules", help="Rules file for every calendar (wins over `rules:`)."),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="auto (the default): github under GitHub Actions, rich on a terminal, "
            "else plain.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to FILE (never with colour codes)."),
    ] = None,
    strict: Annotated[
        bool | None,
        typer.Option("--strict/--no-strict", help="Warnings fail the run too.", show_default=False),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these checks: --select mix,spacing (repeatable)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these checks: --ignore duplicate (repeatable)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Judge only what ends after DATE (YYYY-MM-DD or 'today')."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Accept the known violations in FILE; fail on new ones."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", help="Record today's violations in FILE, then exit."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(
            "--max-bytes", min=1, callback=max_bytes_option, help=MAX_BYTES_HELP
        )
    ] = DEFAULT_MAX_BYTES,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Pass when no calendar is found (without it, finding none is exit 2).",
        ),
    ] = False,
) -> None:
    from contentplan.checks import CHECK_NAMES
    from contentplan.checks.engine import problem_violations, run_checks
    from contentplan.load.gather import gather

    settings = _settings()
    selected = split_names(select or [], CHECK_NAMES, "--select")
    ignored = split_names(ignore or [], CHECK_NAMES, "--ignore")
    since_day = _since(since) if since is not None else _settings_since(settings)
    strict = strict if strict is not None else bool(settings.strict)
    if output_format is None:
        output_format = OutputFormat(settings.format or "auto")
    targets, scan_problems, looked = _paths(paths, settings, max_bytes)
    found = gather(
        targets,
        rules_option=rules,
        settings_rules=str(settings.rules) if settings.rules else None,
        excluded=settings.is_excluded,
        max_bytes=max_bytes,
    )
    found.problems[:0] = scan_problems
    if not found.files and not found.problems and not (allow_empty or settings.allow_empty):
        fail(
            f"no calendar found in {looked}: a calendar is a .yaml or .yml file with a "
            "top-level `posts:`. Check the path, or pass --allow-empty (or set "
            "`allow_empty: true` in contentplan.yaml) if a run that checks nothing "
            "should pass"
        )
    # --write-baseline replaces the baseline; only a run that judges against
    # one reads it.
    known_set = _load_baseline(baseline) if baseline is not None and not write_baseline else None
    refuse_input(output, "--output", REPORT_HINT)
    refuse_input(write_baseline, "--write-baseline", BASELINE_HINT)
    violations = problem_violations(found.problems)
    if not found.problems:
        violations = run_checks(found.brands, select=selected, ignore=ignored, since=since_day)
    violations.sort(key=lambda v: v.order)
    if write_baseline is not None and found.problems:
        typer.echo(f"{write_baseline} left as it was: fix the schema problems first.", err=True)
    if write_baseline is not None and not found.problems:
        # A run with schema problems judged nothing: recording it would empty the baseline.
        _record_baseline(write_baseline, violations)
        raise typer.Exit(0)
    known_note = ""
    if baseline is not None and known_set is not None:
        violations, known_note = _apply_baseline(baseline, known_set, violations)
    summary = Summary.of(violations, found.files, found.posts)
    chosen = _resolve_format(output_format, output)
    ran = [n for n in CHECK_NAMES if (not selected or n in selected) and n not in ignored]
    checked_files = [c.file for c in found.calendars] + [p.file for p in found.problems]
    checked_files = list(dict.fromkeys(checked_files))
    text = _render(chosen, violations, summary, output is not None, checked_files, ran, strict)
    failing = summary.errors or (strict and summary.warnings)
    code = 2 if found.problems else 1 if failing else 0
    if output is not None:
        write_file(output, text, "--output", REPORT_HINT)
    else:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            # `check | head`: the reader left early; the verdict stands.
            quiet_stdout()
            raise typer.Exit(code) from None
    if known_note:
        typer.echo(known_note, err=True)
    if output is not None:
        typer.echo(f"Report written to {safe_text(str(output))}: {summary.sentence()}", err=True)
    raise typer.Exit(code)


def _settings() -> Settings:
    from contentplan.load.settings import SettingsError, find_settings

    try:
        return find_settings()
    except SettingsError as error:
        fail(str(error))


def _settings_since(settings: Settings) -> date | None:
    try:
        return settings.since_day()
    except ValueError as error:
        fail(f"{settings.file}: invalid settings: since: {error}")


def _paths(
    paths: list[str] | None, settings: Settings, max_bytes: int
) -> tuple[list[str], list[Problem], str]:
    """PATH wins; else the settings' `include` globs; else the current folder.
    Also the problems met expanding `include`, and where the run looks, in
    words, for the message when it finds nothing."""
    from contentplan.load.gather import display_path

    if paths:
        return paths, [], ", ".join(display_path(path) for path in paths)
    if settings.include and settings.file is not None:
        from contentplan.load.settings import discover_includes

        found, problems = discover_includes(settings, max_bytes=max_bytes)
        looked = (
            f"the `include` globs of {display_path(settings.file)} "
            f"({', '.join(settings.include)})"
        )
        return [str(path) for path in found], problems, looked
    return ["."], [], f"the current folder ({Path.cwd()})"


def _record_baseline(target: Path, violations: list[Violation]) -> None:
    from contentplan.load.baseline import baseline_text

    text, count = baseline_text(violations)
    write_file(target, text, "--write-baseline", BASELINE_HINT)
    shown = safe_text(str(target))
    typer.echo(
        f"Recorded {count} known violation{'s' if count != 1 else ''} in {shown}. "
        f"From now on, `contentplan check --baseline {shown}` fails only on new ones.",
        err=True,
    )


def _load_baseline(source: Path) -> Baseline:
    from contentplan.load.baseline import BaselineError, load_baseline

    try:
        return load_baseline(source)
    except BaselineError as error:
        fail(str(error))


def _apply_baseline(
    source: Path, known_set: Baseline, violations: list[Violation]
) -> tuple[list[Violation], str]:
    from contentplan.load.baseline import fixed, split

    new, known = split(violations, known_set)
    note = (
        f"{len(known)} known violation{'s' if len(known) != 1 else ''} remain in "
        f"{safe_text(str(source))}."
    )
    gone = fixed(violations, known_set)
    if gone:
        note += f" {gone} recorded there no longer occur: rewrite it with --write-baseline."
    return new, note


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    if value.strip().lower() == "today":
        return date.today()
    from contentplan.core.clock import ClockError, parse_date

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
    files: Sequence[str],
    checks: Sequence[str],
    strict: bool,
) -> str:
    if chosen is OutputFormat.json:
        from contentplan.render.jsondoc import render_json

        return render_json(violations, summary)
    if chosen is OutputFormat.sarif:
        from contentplan import __version__
        from contentplan.render.ruledocs import repository_root, rule_docs
        from contentplan.render.sarif import left_out_note, render_sarif

        note = left_out_note(len(violations))
        if note is not None:
            typer.echo(note, err=True)
        return render_sarif(
            violations, rule_docs=rule_docs(), version=__version__, root=repository_root()
        )
    if chosen is OutputFormat.junit:
        from contentplan.render.junit import render_junit

        return render_junit(violations, files, checks=checks, strict=strict)
    if chosen is OutputFormat.github:
        from contentplan.render.github import render_github
        from contentplan.render.ruledocs import repository_root

        return render_github(violations, root=repository_root()) + summary.sentence() + "\n"
    if chosen is OutputFormat.rich:
        from contentplan.render.console import print_rich
        from contentplan.render.terminal import console_for

        console, captured = console_for(to_file)
        print_rich(console, violations, summary)
        return captured()
    from contentplan.render.plain import render_plain

    return render_plain(violations, summary)
