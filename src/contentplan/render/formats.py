"""The registry of `check`'s report formats: name -> renderer, whether it
needs a terminal, and the usual extension of a file in it. The names come
from ``core.report_formats`` (which the settings read too); each renderer
imports its module only when it runs, so `check` loads one of them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contentplan.core.model import Violation
from contentplan.core.report_formats import AUTO
from contentplan.render.summary import Summary

if TYPE_CHECKING:
    from contentplan.render.sarif import Related


@dataclass(frozen=True, slots=True)
class Judged:
    """What a report is made of."""

    violations: Sequence[Violation]
    summary: Summary
    to_file: bool  # written with --output: no colour codes
    files: Sequence[str]  # the files checked
    checks: Sequence[str]  # the checks that ran
    strict: bool
    # check --diff: the other posts of a violation, for SARIF's relatedLocations.
    related: Related | None = None


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    render: Callable[[Judged], str]
    terminal: bool  # made for a terminal (colour, layout)
    extension: str  # of a report file in this format
    note: Callable[[Judged], str | None] = lambda judged: None  # a line for stderr
    ends: bool = False  # shows where a violation's post ends (end_line, end_column)


def _json(judged: Judged) -> str:
    from contentplan.render.jsondoc import render_json

    return render_json(judged.violations, judged.summary)


def _sarif(judged: Judged) -> str:
    from contentplan import __version__
    from contentplan.render.ruledocs import repository_root, rule_docs
    from contentplan.render.sarif import render_sarif

    return render_sarif(
        judged.violations,
        rule_docs=rule_docs(),
        version=__version__,
        root=repository_root(),
        related=judged.related,
    )


def _sarif_note(judged: Judged) -> str | None:
    from contentplan.render.sarif import left_out_note

    return left_out_note(len(judged.violations))


def _junit(judged: Judged) -> str:
    from contentplan.render.junit import render_junit

    return render_junit(
        judged.violations, judged.files, checks=judged.checks, strict=judged.strict
    )


def _github(judged: Judged) -> str:
    from contentplan.render.github import render_github
    from contentplan.render.ruledocs import repository_root

    found = render_github(judged.violations, root=repository_root())
    return found + judged.summary.sentence() + "\n"


def _rich(judged: Judged) -> str:
    from contentplan.render.console import print_rich
    from contentplan.render.terminal import console_for

    console, captured = console_for(judged.to_file)
    print_rich(console, judged.violations, judged.summary)
    return captured()


def _plain(judged: Judged) -> str:
    from contentplan.render.plain import render_plain

    return render_plain(judged.violations, judged.summary)


FORMATS: dict[str, Format] = {
    "rich": Format("rich", _rich, terminal=True, extension=".txt"),
    "plain": Format("plain", _plain, terminal=False, extension=".txt"),
    "json": Format("json", _json, terminal=False, extension=".json"),
    "sarif": Format(
        "sarif", _sarif, terminal=False, extension=".sarif", note=_sarif_note, ends=True
    ),
    "junit": Format("junit", _junit, terminal=False, extension=".xml"),
    "github": Format("github", _github, terminal=False, extension=".txt"),
}


def choose(name: str, to_file: bool) -> Format:
    """The format named, or for `auto`: github under GitHub Actions, rich on
    a terminal (not for a file), else plain."""
    if name != AUTO:
        return FORMATS[name]
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return FORMATS["github"]
    if not to_file and sys.stdout.isatty():
        return FORMATS["rich"]
    return FORMATS["plain"]
