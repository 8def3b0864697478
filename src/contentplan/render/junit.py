"""`--format junit`: JUnit XML, as GitLab, Jenkins and Azure read test reports.

The shape, chosen so that the report fails exactly when the run does
(docs/reference.md#exit-codes):

- one ``<testsuite>`` per calendar file, named after the file, with the
  file in its ``file`` attribute too;
- in it, one ``<testcase>`` per check that ran, named after the check, with
  the file as its ``classname`` (GitLab and Jenkins show it as the test's
  class; junitparser reads it back);
- a check with errors in that file fails: one ``<failure>`` holds every
  violation of that check in that file, one per line;
- warnings do not fail the test case, because they do not fail the run: they
  are listed in the test case's ``<system-out>``. With ``strict`` they fail
  it, as they fail the run;
- ``schema`` problems mean a file could not be read (exit 2), so they are an
  ``<error>`` rather than a ``<failure>``. A run with schema problems judges
  nothing else, so then every other test case is ``<skipped>``: a green
  test there would claim a check that never ran.

It validates against Jenkins xUnit's JUnit schema (``junit-10.xsd``), the
strictest common reading: ``<testsuites>`` carries only ``name``, ``tests``,
``failures``, ``errors`` (and ``time``), so the skipped count is on each
``<testsuite>``; ``<testcase>`` has no ``file`` or ``line`` attribute, so
where a violation is goes in its line of the failure text,
``file:line:column: severity: message``, and the file in ``classname``.

User text (file names, messages) goes through `safe_text`, as in every
human-readable format: XML 1.0 cannot hold most control characters at all,
and the report's text ends up in CI logs and test viewers. So a title's
``ESC`` shows as ``\\x1b`` and its newline as ``\\n``, keeping one violation
per line of a ``<failure>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from contentplan.core.model import Violation
from contentplan.core.text import safe_text
from contentplan.render.ruledocs import violation_title


def render_junit(
    violations: Sequence[Violation],
    files: Sequence[str],
    *,
    checks: Sequence[str],
    strict: bool = False,
) -> str:
    """``files`` are the files that were checked, in the form violations name
    them; ``checks`` are the checks that ran. Files and checks that only a
    violation names are added, so nothing is lost."""
    all_files = list(dict.fromkeys([*files, *sorted({v.file for v in violations})]))
    all_checks = list(dict.fromkeys([*checks, *sorted({v.check for v in violations})]))
    suites = ET.Element("testsuites", {"name": "contentplan"})
    # No `skipped` here: the schema of Jenkins xUnit allows it on
    # <testsuite> only, where each suite has its own count.
    totals = {"tests": 0, "failures": 0, "errors": 0}
    ordered = sorted(violations, key=lambda v: v.order)
    judged = not any(v.check == "schema" for v in violations)
    for file in all_files:
        in_file = [v for v in ordered if v.file == file]
        suite = _suite(file, in_file, all_checks, strict, judged)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        suites.append(suite)
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites, space="  ")
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _suite(
    file: str, violations: list[Violation], checks: list[str], strict: bool, judged: bool
) -> ET.Element:
    shown = safe_text(file)
    suite = ET.Element("testsuite", {"name": shown})
    counts = {"failure": 0, "error": 0, "skipped": 0}
    for check in checks:
        of_check = [v for v in violations if v.check == check]
        if judged or check == "schema" or of_check:
            case = _case(file, check, of_check, strict)
        else:
            case = _skipped(file, check)
        for tag in counts:
            counts[tag] += len(case.findall(tag))
        suite.append(case)
    suite.attrib.update(
        {
            "tests": str(len(checks)),
            "failures": str(counts["failure"]),
            "errors": str(counts["error"]),
            "skipped": str(counts["skipped"]),
            "time": "0",
            "file": shown,
        }
    )
    return suite


def _skipped(file: str, check: str) -> ET.Element:
    shown = safe_text(file)
    case = ET.Element("testcase", {"classname": shown, "name": check, "time": "0"})
    message = "not run: the schema problems of this run must be fixed first"
    ET.SubElement(case, "skipped", {"message": message})
    return case


def _case(file: str, check: str, violations: list[Violation], strict: bool) -> ET.Element:
    shown = safe_text(file)
    # The file is the classname; each violation's line in the failure text
    # says where it is (no `file`/`line` attributes: the schema has none).
    case = ET.Element("testcase", {"classname": shown, "name": check, "time": "0"})
    failing: list[Violation] = []
    passing: list[Violation] = []
    for v in violations:
        fails = v.severity == "error" or (strict and v.severity == "warning")
        (failing if fails else passing).append(v)
    if failing:
        tag = "error" if check == "schema" else "failure"
        headline = safe_text(_headline(failing))
        element = ET.SubElement(case, tag, {"message": headline, "type": check})
        element.text = _listing(failing)
    if passing:
        ET.SubElement(case, "system-out").text = _listing(passing)
    return case


def _headline(violations: list[Violation]) -> str:
    if len(violations) == 1:
        return violation_title(violations[0])
    return f"{len(violations)} violations: {violation_title(violations[0])}, …"


def _listing(violations: list[Violation]) -> str:
    lines = []
    for v in violations:
        posts = f" [posts: {', '.join(v.post_ids)}]" if v.post_ids else ""
        line = f"{v.file}:{v.line}:{v.column}: {v.severity}: {v.message}{posts}"
        lines.append(safe_text(line))
    return "\n".join(lines) + "\n"
