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

from contentplan.cli.common import MAX_BYTES_HELP, fail, max_bytes_option, split_names
from contentplan.cli.run import quiet_stdout
from contentplan.limits import DEFAULT_MAX_BYTES
from contentplan.model import Problem, Violation
from contentplan.render.summary import Summary

if TYPE_CHECKING:
    from contentplan.gather import Gathered
    from contentplan.settings import Settings


class OutputFormat(StrEnum):
    auto = "auto"
    rich = "rich"
    plain = "plain"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


DOCUMENT_FORMATS = {OutputFormat.json, OutputFormat.sarif, OutputFormat.junit}

HELP = """Check calendars against the rules and report every violation.

PATH may be calendar files or folders. In a folder, every *.yaml / *.yml below it
with a top-level `posts:` is read (folders starting with '.' and node_modules are
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
schema), 130 interrupted.

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
    from contentplan.engine import problem_violations, run_checks
    from contentplan.gather import gather

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
    _refuse_overwriting_inputs(
        [("--output", output), ("--write-baseline", write_baseline)],
        targets,
        settings,
        found,
        [Path(p) for p in (rules, settings.rules) if p],
        baseline,
        max_bytes,
    )
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
    if baseline is not None:
        violations, known_note = _apply_baseline(baseline, violations)
    summary = Summary.of(violations, found.files, found.posts)
    chosen = _resolve_format(output_format, output)
    ran = [n for n in CHECK_NAMES if (not selected or n in selected) and n not in ignored]
    checked_files = [c.file for c in found.calendars] + [p.file for p in found.problems]
    checked_files = list(dict.fromkeys(checked_files))
    text = _render(chosen, violations, summary, output is not None, checked_files, ran, strict)
    failing = summary.errors or (strict and summary.warnings)
    code = 2 if found.problems else 1 if failing else 0
    if output is not None:
        _write(output, text)
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
        typer.echo(f"Report written to {output}: {summary.sentence()}", err=True)
    raise typer.Exit(code)


def _refuse_overwriting_inputs(
    targets: list[tuple[str, Path | None]],
    paths: list[str],
    settings: Settings,
    found: Gathered,
    others: list[Path],
    baseline: Path | None,
    max_bytes: int,
) -> None:
    """SPEC §6: no command overwrites an input. A report or baseline that
    would land on a calendar or a rules file is refused, and so is a report
    over the baseline read (rewriting that baseline is what
    --write-baseline is for)."""
    existing = [(option, target) for option, target in targets if target and target.exists()]
    if not existing:
        return
    from contentplan.files import same_file
    from contentplan.gather import discover, display_path, resolve_rules_path

    calendars, _ = discover(paths, settings.is_excluded, max_bytes)
    inputs: list[Path] = [*calendars, *others]
    settings_rules = str(settings.rules) if settings.rules else None
    for calendar in found.calendars:
        resolved = resolve_rules_path(calendar, None, settings_rules)
        if resolved:
            inputs.append(Path(resolved))
    for option, target in existing:
        read = [*inputs, baseline] if baseline and option == "--output" else inputs
        for given in read:
            if given.exists() and same_file(target, given):
                example = "report.txt" if option == "--output" else "baseline.json"
                fail(
                    f"{option} {target} is an input of this run ({display_path(given)}): "
                    "check never overwrites its inputs; write to another file, "
                    f"e.g. {option} {example}"
                )


def _settings() -> Settings:
    from contentplan.settings import SettingsError, find_settings

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
    from contentplan.gather import display_path

    if paths:
        return paths, [], ", ".join(display_path(path) for path in paths)
    if settings.include and settings.file is not None:
        from contentplan.settings import discover_includes

        found, problems = discover_includes(settings, max_bytes=max_bytes)
        looked = (
            f"the `include` globs of {display_path(settings.file)} "
            f"({', '.join(settings.include)})"
        )
        return [str(path) for path in found], problems, looked
    return ["."], [], f"the current folder ({Path.cwd()})"


def _record_baseline(target: Path, violations: list[Violation]) -> None:
    from contentplan.baseline import write_baseline
    from contentplan.files import WriteError

    try:
        count = write_baseline(target, violations)
    except WriteError as error:
        fail(str(error))
    typer.echo(
        f"Recorded {count} known violation{'s' if count != 1 else ''} in {target}. "
        f"From now on, `contentplan check --baseline {target}` fails only on new ones.",
        err=True,
    )


def _apply_baseline(source: Path, violations: list[Violation]) -> tuple[list[Violation], str]:
    from contentplan.baseline import BaselineError, fixed, load_baseline, split

    try:
        known_set = load_baseline(source)
    except BaselineError as error:
        fail(str(error))
    new, known = split(violations, known_set)
    note = f"{len(known)} known violation{'s' if len(known) != 1 else ''} remain in {source}."
    gone = fixed(violations, known_set)
    if gone:
        note += f" {gone} recorded there no longer occur: rewrite it with --write-baseline."
    return new, note


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
        from contentplan.render.sarif import render_sarif

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


def _write(target: Path, text: str) -> None:
    from contentplan.files import WriteError, atomic_write

    try:
        atomic_write(target, text)
    except WriteError as error:
        fail(str(error))
