"""Every check's cases, kept as data in ``cases/<check>.yaml``, run through
the real loader and engine; and every check's docstring examples held to
its cases.

A case file reads::

    timezone: Europe/Berlin        # optional, the calendar's zone
    brand: case                    # optional, the calendar's brand
    rules: |                       # optional, the rules file after `version: 1`
      platforms: {linkedin: {min_gap: 3h}}
    cases:
      - name: three_hours_apart
        doc: passes                # optional: the docstring's passing example
        rules: |                   # optional, replaces the file's rules
          ...
        posts: |                   # the calendar's `posts:`, one post a line
          - {id: a, at: "2025-03-24 09:00", platform: linkedin, pillar: functional, title: A}
        findings:                  # what `check --select <check>` finds, in order
          - posts: [b, c]          # the post ids, as the violation lists them
            message: "linkedin: b and c are 2h59m apart, ..."   # the whole text
            # or contains: "2h59m apart"
            severity: error        # optional: the check's default severity
        moves: {c: "2025-03-24 15:00"}   # optional: what `fix` moves, post id to
                                   # local time, when the check is all it mends

A case marked ``doc: passes`` finds nothing and one marked ``doc: fails``
finds something. Every post line of the docstring's examples (``...``
standing for any keys) is a post line of a case with the same mark, and
every message the docstring quotes is the whole message of a case.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from contentplan.checks import CHECKS
from contentplan.checks.engine import run_checks
from contentplan.core.catalogue import CATALOGUE, ENTRIES, CheckEntry
from contentplan.core.model import Brand
from contentplan.load.gather import gather
from contentplan.plan.repair.problem import repair_problem
from contentplan.plan.repair.solve import solve_repair
from contentplan.plan.solve import SolverSettings

CASES = Path(__file__).parent / "cases"
FINDING_KEYS = {"check", "posts", "message", "contains", "severity"}
CASE_KEYS = {"name", "doc", "rules", "posts", "timezone", "brand", "findings", "moves"}


def case_file(name: str) -> dict[str, Any]:
    document = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(document, dict) and document.get("cases"), f"{name}.yaml has no cases"
    return document


def all_cases() -> list[Any]:
    found = []
    for entry in CATALOGUE:
        if not (CASES / f"{entry.name}.yaml").is_file():
            continue  # test_every_check_has_a_case_file says so
        document = case_file(entry.name)
        for case in document["cases"]:
            name = f"{entry.name}-{case['name']}"
            found.append(pytest.param(entry.name, document, case, id=name))
    return found


def test_every_check_has_a_case_file_and_no_file_is_astray() -> None:
    names = {entry.name for entry in CATALOGUE}
    assert {path.stem for path in CASES.glob("*.yaml")} == names


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.name)
def test_a_post_level_check_has_a_case_where_a_post_ignores_it(entry: CheckEntry) -> None:
    """What the catalogue says a post may ignore, a case shows being ignored
    (`test_case` loads it without a schema problem and finds nothing)."""
    ignored = [
        case
        for case in case_file(entry.name)["cases"]
        if re.search(rf"ignore: \[?([\w-]+, )*{entry.name}\b", case["posts"])
    ]
    assert bool(ignored) == entry.post_level
    assert all(not case.get("findings") for case in ignored)


def load_case(tmp_path: Path, document: dict[str, Any], case: dict[str, Any]) -> list[Brand]:
    """The case's calendar and rules, written and read as `check` reads them."""
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    rules = case.get("rules", document.get("rules")) or ""
    zone = case.get("timezone", document.get("timezone", "Europe/Berlin"))
    brand = case.get("brand", document.get("brand", "case"))
    (tmp_path / "rules.yaml").write_text("version: 1\n" + rules, encoding="utf-8")
    calendar = tmp_path / "calendar.yaml"
    calendar.write_text(
        f"version: 1\nbrand: {brand}\ntimezone: {zone}\nrules: rules.yaml\nposts:\n"
        + textwrap.indent(case["posts"], "  "),
        encoding="utf-8",
    )
    gathered = gather([str(calendar)])
    assert [problem.message for problem in gathered.problems] == []
    return gathered.brands


@pytest.mark.parametrize(("check", "document", "case"), all_cases())
def test_case(tmp_path: Path, check: str, document: dict[str, Any], case: dict[str, Any]) -> None:
    violations = run_checks(load_case(tmp_path, document, case), select=(check,))
    expected = case.get("findings") or []
    if case.get("doc") == "passes":
        assert expected == [], "a passing example finds nothing"
    if case.get("doc") == "fails":
        assert expected, "a failing example finds something"
    got = [(v.check, list(v.post_ids), v.severity, v.message) for v in violations]
    assert len(got) == len(expected), got
    for (found_check, post_ids, severity, message), want in zip(got, expected, strict=True):
        assert set(want) <= FINDING_KEYS, f"unknown keys {set(want) - FINDING_KEYS}"
        assert found_check == want.get("check", check)
        assert post_ids == [str(post) for post in want.get("posts", [])]
        assert severity == want.get("severity", ENTRIES[check].default_severity)
        if "message" in want:
            assert message == want["message"]
        else:
            assert want["contains"] in message


def with_moves() -> list[Any]:
    return [param for param in all_cases() if "moves" in cast(dict[str, Any], param.values[2])]


@pytest.mark.parametrize(("check", "document", "case"), with_moves())
def test_fix_moves(
    tmp_path: Path, check: str, document: dict[str, Any], case: dict[str, Any]
) -> None:
    (brand,) = load_case(tmp_path, document, case)
    errors = {v.check for v in run_checks([brand]) if v.severity == "error"}
    assert errors == {check}, "the moves must mend this check alone"
    result = solve_repair(repair_problem(brand), SolverSettings(time_limit=60))
    moves = {m.post.id: m.to.local.strftime("%Y-%m-%d %H:%M") for m in result.moves}
    assert moves == case["moves"]


# -- the docstrings --------------------------------------------------------------

_POST_LINE = re.compile(r"^\s*- \{id: .*\}")
_COMMENT = re.compile(r"\}\s*#.*$")


def _example_lines(doc: str) -> list[tuple[str, str]]:
    """The post lines of a docstring's examples, each with the mark
    ("passes" or "fails") its paragraph or its own comment gives it."""
    found: list[tuple[str, str]] = []
    mark = ""
    for paragraph in doc.split("\n\n"):
        if not paragraph.startswith("    "):
            marks = re.findall(r"\*\*(passes|fails)\*\*", paragraph)
            mark = marks[-1] if marks else mark
            continue
        for line in paragraph.splitlines():
            if _POST_LINE.match(line):
                comment = re.search(r"#.*\b(passes|fails)\b", line)
                text = _COMMENT.sub("}", line).strip()
                found.append((text, comment[1] if comment else mark))
    return found


def _quoted_blocks(doc: str) -> list[str]:
    """The blocks of messages a docstring quotes (its "::" blocks that are
    not posts), each joined into one line: a message may wrap, and a block
    may hold several."""
    paragraphs = doc.split("\n\n")
    return [
        " ".join(block.split())
        for before, block in zip(paragraphs, paragraphs[1:], strict=False)
        if before.rstrip().endswith("::")
        and block.startswith("    ")
        and not block.lstrip().startswith(("- {", "posts:"))
    ]


def _split_into(block: str, messages: set[str]) -> list[str] | None:
    """``block`` as a sequence of whole ``messages`` joined by spaces, if it is one."""
    if not block:
        return []
    for message in messages:
        if block == message or block.startswith(message + " "):
            rest = _split_into(block[len(message) :].lstrip(), messages)
            if rest is not None:
                return [message, *rest]
    return None


def _matches(doc_line: str, case_line: str) -> bool:
    parts = [re.escape(part) for part in doc_line.split("...")]
    return re.fullmatch(".*?".join(parts), case_line) is not None


@pytest.mark.parametrize("check", [entry.name for entry in CATALOGUE])
def test_docstring_examples_are_cases(check: str) -> None:
    doc = CHECKS[check].__doc__ or ""
    cases = case_file(check)["cases"]
    marked = [
        (line.strip(), case["doc"])
        for case in cases
        if case.get("doc")
        for line in case["posts"].splitlines()
        if line.strip()
    ]
    for line, mark in _example_lines(doc):
        assert any(
            _matches(line, case_line) and case_mark == mark for case_line, case_mark in marked
        ), f"{check}: the docstring's {mark} example {line!r} is in no case marked doc: {mark}"
    assert any(case.get("doc") == "passes" for case in cases), f"{check}: no passing example"
    assert any(case.get("doc") == "fails" for case in cases), f"{check}: no failing example"


@pytest.mark.parametrize("check", [entry.name for entry in CATALOGUE])
def test_docstring_messages_are_those_of_cases(check: str) -> None:
    doc = CHECKS[check].__doc__ or ""
    messages = {
        " ".join(finding["message"].split())
        for case in case_file(check)["cases"]
        for finding in case.get("findings") or []
        if "message" in finding
    }
    blocks = _quoted_blocks(doc)
    assert blocks, f"{check}: the docstring quotes no message"
    for block in blocks:
        assert _split_into(block, messages) is not None, (
            f"{check}: the docstring quotes a message no case finds: {block}"
        )
