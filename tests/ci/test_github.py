"""`--format github`: workflow commands, grouped per file, escaped as the
Actions toolkit escapes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentplan.render.github import escape_data, escape_property, render_github
from tests.ci.golden import assert_golden
from tests.ci.samples import MAIN, OTHER, every_check, violation

NASTY = "50%: 小米, 「新品」\r\n发布\n%25"
# Line breaks in user text are shown as escapes (text.safe_text), so one
# violation stays one line of the log; %, ':' and ',' are escaped for GitHub.
SHOWN = "50%: 小米, 「新品」\\r\\n发布\\n%25"


def unescape(text: str) -> str:
    """What the runner does with an escaped value."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split one command the way the runner does: properties at ',' and the
    first '=', data after the first '::' that follows the command name."""
    assert line.startswith("::")
    head, data = line[2:].split("::", 1)
    command, _, rest = head.partition(" ")
    properties = dict(item.split("=", 1) for item in rest.split(",")) if rest else {}
    return command, properties, data


def test_escaping_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"
    assert escape_data("%0A") == "%250A"  # an escape in the text is not read as one


def test_titles_and_messages_with_every_special_character_round_trip() -> None:
    odd = violation(
        "title-length",
        4,
        ("p1",),
        file="calendars/小米, 2024: 春.yaml",
        platform=NASTY,
        message=f"title {NASTY} is too long",
    )
    lines = render_github([odd]).splitlines()
    assert len(lines) == 3  # group, one command, endgroup: no raw line break leaked
    command, properties, data = parse(lines[1])
    assert command == "error"
    assert set(properties) == {"file", "line", "col", "title"}
    assert unescape(properties["file"]) == "calendars/小米, 2024: 春.yaml"
    assert unescape(properties["title"]) == f"title-length: {SHOWN} 2024-W13 (p1)"
    assert unescape(data) == f"title {SHOWN} is too long"
    assert (properties["line"], properties["col"]) == ("4", "5")
    for value in properties.values():
        assert not set(value) & set(":,\r\n")
    assert lines[0] == "::group::calendars/小米, 2024: 春.yaml"


def test_one_group_per_file_and_warning_for_warnings() -> None:
    text = render_github(every_check())
    lines = text.splitlines()
    assert lines[0] == f"::group::{OTHER}"
    assert lines.count("::endgroup::") == 2
    assert f"::group::{MAIN}" in lines
    commands = [parse(line)[0] for line in lines if not line.startswith(("::group", "::end"))]
    assert commands.count("warning") == 2  # duplicate and role-fit
    assert commands.count("error") == len(every_check()) - 2
    assert text.endswith("::endgroup::\n")


def test_nothing_found_prints_nothing() -> None:
    assert render_github([]) == ""


def test_paths_relative_to_the_workspace_when_run_in_a_subfolder() -> None:
    v = violation("format", 3, ("a",))
    text = render_github([v], root=Path("/work/space"), cwd=Path("/work/space/team"))
    assert f"file=team/{MAIN}," in text


@pytest.mark.parametrize("line", [0, -1])
def test_lines_are_at_least_one(line: int) -> None:
    v = violation("schema", line, (), column=0)
    assert ",line=1,col=1," in render_github([v])


def test_golden() -> None:
    assert_golden("every-check.github.txt", render_github(every_check()))
