"""`--format junit`, read back with junitparser as CI systems read it, and
validated against Jenkins xUnit's JUnit schema (the strictest common reading)
with xmlschema and, where installed, `xmllint --schema`."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from contentplan.render.junit import render_junit
from tests.ci.golden import assert_golden
from tests.ci.samples import CHECKS, CLEAN, MAIN, OTHER, every_check, violation

FILES = [MAIN, OTHER, CLEAN]
JUDGED = [v for v in every_check() if v.check != "schema"]
REPO = Path(__file__).resolve().parents[2]
# Jenkins xUnit's schema (MIT), kept next to the repository, not in it.
XSD = REPO / ".." / "shared" / "data" / "junit-10.xsd"
needs_xsd = pytest.mark.skipif(not XSD.is_file(), reason=f"no JUnit schema at {XSD}")


def reports() -> list[str]:
    """A passing run, a failing one, a strict one, one with schema problems,
    and one with text XML must escape."""
    broken = violation("schema", 9, ("d01",), file=OTHER, platform=None, window=None)
    odd = violation("duplicate", 3, ("a",), severity="error", message="a\x01b & <c> \"d\"")
    return [
        render_junit([], FILES, checks=CHECKS),
        render_junit(JUDGED, FILES, checks=CHECKS),
        render_junit(JUDGED, FILES, checks=CHECKS, strict=True),
        render_junit([broken], FILES, checks=CHECKS),
        render_junit([odd], [MAIN], checks=["duplicate"]),
    ]


def parse(text: str) -> JUnitXml:
    return JUnitXml.fromstring(text)


def cases(xml: JUnitXml) -> dict[tuple[str, str], Any]:
    return {(suite.name, case.name): case for suite in xml for case in suite}


def test_one_suite_per_file_and_one_case_per_file_and_check() -> None:
    xml = parse(render_junit(JUDGED, FILES, checks=CHECKS))
    assert [suite.name for suite in xml] == FILES
    for suite in xml:
        assert [case.name for case in suite] == list(CHECKS)
        assert all(case.classname == suite.name for case in suite)
        assert suite.tests == len(CHECKS)


def test_a_failing_case_holds_every_violation_of_its_check_in_its_file() -> None:
    found = cases(parse(render_junit(JUDGED, FILES, checks=CHECKS)))
    spacing = found[(MAIN, "spacing")]
    assert not spacing.is_passed
    (failure,) = spacing.result
    assert isinstance(failure, Failure)
    assert failure.type == "spacing"
    assert failure.message.startswith("2 violations")
    lines = failure.text.strip().splitlines()
    assert lines == [
        f"{MAIN}:12:5: error: w04 is 30m after w03: keep 2h [posts: w03, w04]",
        f"{MAIN}:15:5: error: w05 is 1h after w04: keep 2h [posts: w04, w05]",
    ]


def test_cases_without_violations_pass() -> None:
    found = cases(parse(render_junit(JUDGED, FILES, checks=CHECKS)))
    assert all(found[(CLEAN, check)].is_passed for check in CHECKS)
    assert found[(OTHER, "spacing")].is_passed


def test_warnings_pass_and_are_listed_in_system_out() -> None:
    found = cases(parse(render_junit(JUDGED, FILES, checks=CHECKS)))
    duplicate = found[(MAIN, "duplicate")]
    assert duplicate.is_passed
    assert "same title '小米 SU7' twice in 7 days" in duplicate.system_out
    assert found[(OTHER, "role-fit")].is_passed


def test_strict_makes_warnings_fail_like_the_run() -> None:
    found = cases(parse(render_junit(JUDGED, FILES, checks=CHECKS, strict=True)))
    (failure,) = found[(MAIN, "duplicate")].result
    assert isinstance(failure, Failure)
    assert "warning: same title" in failure.text


def test_totals_match_the_run() -> None:
    xml = parse(render_junit(JUDGED, FILES, checks=CHECKS))
    failing_cases = {(v.file, v.check) for v in JUDGED if v.severity == "error"}
    assert xml.failures == len(failing_cases)
    assert xml.errors == 0
    assert xml.tests == len(FILES) * len(CHECKS)


def test_schema_problems_are_errors_and_the_other_checks_did_not_run() -> None:
    broken = violation("schema", 9, ("d01",), file=OTHER, platform=None, window=None)
    xml = parse(render_junit([broken], FILES, checks=CHECKS))
    found = cases(xml)
    (error,) = found[(OTHER, "schema")].result
    assert isinstance(error, Error)
    assert found[(MAIN, "schema")].is_passed
    assert all(isinstance(r, Skipped) for r in found[(MAIN, "mix")].result)
    assert xml.errors == 1


def test_a_file_or_check_only_a_violation_names_is_kept() -> None:
    odd = violation("brand-new", 3, ("a",), file="calendars/extra.yaml")
    found = cases(parse(render_junit([odd], [MAIN], checks=["mix"])))
    assert not found[("calendars/extra.yaml", "brand-new")].is_passed
    assert found[(MAIN, "brand-new")].is_passed


def test_characters_xml_cannot_hold_are_escaped_visibly() -> None:
    odd = violation("duplicate", 3, ("a",), severity="error", message="title 'a\x01b' & <c>")
    found = cases(parse(render_junit([odd], [MAIN], checks=["duplicate"])))
    (failure,) = found[(MAIN, "duplicate")].result
    assert "title 'a\\x01b' & <c>" in failure.text


def test_output_is_deterministic_and_golden() -> None:
    text = render_junit(every_check(), FILES, checks=CHECKS)
    shuffled = [dataclasses.replace(v) for v in reversed(every_check())]
    assert text == render_junit(shuffled, FILES, checks=CHECKS)
    assert_golden("every-check.junit.xml", render_junit(JUDGED, FILES, checks=CHECKS))
    assert_golden("schema.junit.xml", text)


@needs_xsd
def test_every_report_is_valid_for_jenkins_xunit_schema() -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(XSD))
    for text in reports():
        errors = [str(e.reason) for e in schema.iter_errors(text)]
        assert errors == []


@needs_xsd
def test_the_schema_check_can_fail() -> None:
    """The attributes the schema refused before: kept out for good."""
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(XSD))
    text = render_junit(JUDGED, FILES, checks=CHECKS)
    assert schema.is_valid(text)
    for old, new in [
        ('<testsuites name="contentplan"', '<testsuites skipped="0" name="contentplan"'),
        ('name="mix" time="0"', 'name="mix" time="0" line="7"'),
        ('name="mix" time="0"', 'name="mix" time="0" file="x.yaml"'),
    ]:
        assert old in text
        assert not schema.is_valid(text.replace(old, new, 1))


@needs_xsd
@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint is not installed")
def test_xmllint_validates_every_report(tmp_path: Path) -> None:
    paths = []
    for number, text in enumerate(reports()):
        path = tmp_path / f"report-{number}.xml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run(
        ["xmllint", "--noout", "--schema", str(XSD), *paths],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(" validates") == len(paths)


def test_where_each_violation_is_reads_from_classname_and_failure_text() -> None:
    """What GitLab shows: suite and case name, classname (the file), the
    failure's message and text with file:line:column, and system-out."""
    xml = parse(render_junit(JUDGED, FILES, checks=CHECKS))
    for suite in xml:
        assert suite._elem.get("file") == suite.name
        for case in suite:
            assert case._elem.get("file") is None and case._elem.get("line") is None
            assert case.classname == suite.name
            for result in case.result:
                assert all(line.startswith(f"{suite.name}:") for line in result.text.splitlines())
    assert xml._elem.get("skipped") is None
    skipped = parse(render_junit([violation("schema", 9, file=OTHER)], FILES, checks=CHECKS))
    assert sum(suite.skipped for suite in skipped) == len(FILES) * (len(CHECKS) - 1)
