"""`contentplan check`: find every break of the rules, and gate pull requests."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from contentplan.cli.common import (
    MaxBytes,
    exits,
    fail,
    refuse_input,
    split_names,
    write_file,
)
from contentplan.cli.run import quiet_stdout
from contentplan.core.limits import DEFAULT_MAX_BYTES
from contentplan.core.report_formats import AUTO, REPORT_FORMATS
from contentplan.core.text import safe_text

# The choices of --format, from the one list of report formats (the settings
# read it too; render.formats maps each name to its renderer). Its members
# are str: a member is its name.
OutputFormat = StrEnum("OutputFormat", [(name, name) for name in REPORT_FORMATS])  # type: ignore[misc]

# Reports read by people: the --diff summary line ends them.
TEXT_FORMATS = ("rich", "plain", "github")

REPORT_HINT = "write the report to another file, e.g. --output report.txt"

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

--diff REF (in a pull request): report only the violations that are new since
REF, a branch, tag or commit (e.g. origin/main). The calendars, rules and settings
are read as they were at REF with git and checked the same way; a violation that
was there already is left out, and each new one is shown on a post the change
added or moved, so that it lands on a line the pull request changed. The exit
code counts only the new violations. It needs the history of REF: in CI, fetch it
(actions/checkout with fetch-depth: 0). --baseline applies too.

Examples:

  contentplan check calendars/

  contentplan check calendars/ --format json --output report.json

  contentplan check --select mix,mix-brand --strict

  contentplan check --diff origin/main --format sarif -o contentplan.sarif
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
            "else plain. On a terminal rich shows the first 200 violations and how many "
            "more there are; plain, a pipe or --output shows them all.",
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
    diff: Annotated[
        str | None,
        typer.Option(
            "--diff",
            "--new-since",
            metavar="REF",
            help="Only violations new since REF (a branch, tag or commit, e.g. origin/main), "
            "shown on the posts the change added or moved.",
            show_default=False,
        ),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty",
            help="Pass when no calendar is found (without it, finding none is exit 2).",
        ),
    ] = False,
) -> None:
    from contentplan.app import check as checking
    from contentplan.app import diff as differ
    from contentplan.app import inputs
    from contentplan.checks import CHECK_NAMES
    from contentplan.render.formats import Judged, choose

    settings = exits(inputs.settings)()
    selected = split_names(select or [], CHECK_NAMES, "--select")
    ignored = split_names(ignore or [], CHECK_NAMES, "--ignore")
    since_day = _since(since) if since is not None else exits(inputs.settings_since)(settings)
    strict = strict if strict is not None else bool(settings.strict)
    found, looked = inputs.calendars(paths, settings, rules, max_bytes)
    if not found.files and not found.problems and not (allow_empty or settings.allow_empty):
        fail(
            f"no calendar found in {looked}: a calendar is a .yaml or .yml file with a "
            "top-level `posts:`. Check the path, or pass --allow-empty (or set "
            "`allow_empty: true` in contentplan.yaml) if a run that checks nothing "
            "should pass"
        )
    # --write-baseline replaces the baseline; only a run that judges against
    # one reads it.
    load_baseline = exits(checking.load_baseline)
    known_set = load_baseline(baseline) if baseline is not None and not write_baseline else None
    if diff is not None and write_baseline is not None:
        fail(
            "--diff and --write-baseline do not go together: a baseline records every "
            "violation of today; drop --diff to write one"
        )
    ref_side = (
        exits(differ.judge_at_ref)(diff, paths, rules, selected, ignored, since_day, max_bytes)
        if diff is not None
        else None
    )
    refuse_input(output, "--output", REPORT_HINT)
    refuse_input(write_baseline, "--write-baseline", checking.BASELINE_HINT)
    chosen = choose(output_format or settings.format or AUTO, output is not None)
    violations = checking.judge(found, selected, ignored, since_day, ends=chosen.ends)
    if write_baseline is not None and found.problems:
        typer.echo(f"{write_baseline} left as it was: fix the schema problems first.", err=True)
    if write_baseline is not None and not found.problems:
        # A run with schema problems judged nothing: recording it would empty the baseline.
        typer.echo(exits(checking.record_baseline)(write_baseline, violations), err=True)
        raise typer.Exit(0)
    known_note = ""
    if baseline is not None and known_set is not None:
        violations, known_note = checking.apply_baseline(baseline, known_set, violations)
    compared = None
    if diff is not None and ref_side is not None:
        compared = differ.compare(found, violations, ref_side)
        violations = compared.new
    from contentplan.render.summary import Summary  # not needed by check --help

    summary = Summary.of(violations, found.files, found.posts)
    ran = [n for n in CHECK_NAMES if (not selected or n in selected) and n not in ignored]
    checked_files = [c.file for c in found.calendars] + [p.file for p in found.problems]
    checked_files = list(dict.fromkeys(checked_files))
    judged = Judged(
        violations,
        summary,
        output is not None,
        checked_files,
        ran,
        strict,
        compared.related if compared is not None else None,
    )
    text = chosen.render(judged)
    note = chosen.note(judged)
    if note is not None:
        typer.echo(note, err=True)
    diff_line = ""
    if diff is not None and compared is not None and ref_side is not None:
        unread = differ.unread_note(diff, ref_side)
        if unread is not None:
            typer.echo(unread, err=True)
        diff_line = differ.summary_line(diff, compared)
        if chosen.name in TEXT_FORMATS:
            text += diff_line + "\n"
            diff_line = ""
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
    if diff_line:  # a machine-read report: the line goes to stderr
        typer.echo(diff_line, err=True)
    if output is not None:
        typer.echo(f"Report written to {safe_text(str(output))}: {summary.sentence()}", err=True)
    raise typer.Exit(code)


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
