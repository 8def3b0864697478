"""Hostile input files (tests/hostile/, each named after what it shows): the
reader and the calendar loader refuse them with a useful problem, quickly,
and never run anything (SPEC §6). Two of them are fine on purpose."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contentplan.load.calendar import load_calendar
from contentplan.load.compose import read_document

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"

# file: (words the first problem says, its line or None, whether a tree comes back)
EXPECTED: dict[str, tuple[tuple[str, ...], int | None, bool]] = {
    "billion_laughs.yaml": (("alias", "10,000"), None, False),
    "python_tag.yaml": (("!!python/object/apply:os.system", "not allowed"), 10, True),
    "custom_tag.yaml": (("!foo", "not allowed"), 2, True),
    "deep_nesting.yaml": (("deeper than 100",), 4, False),
    "deep_alias.yaml": (("*base", "deeper than 100"), 5, False),
    "recursive_alias.yaml": (("*loop", "no anchor"), 4, False),
    "utf16.yaml": (("UTF-16", "save it as UTF-8"), 1, False),
    "utf16le_no_bom.yaml": (("UTF-16", "save it as UTF-8"), 1, False),
    "tabs.yaml": (("tab", "spaces"), 5, False),
    "nul_byte.yaml": (("NUL", "binary"), 6, False),
    "invalid_utf8.yaml": (("not valid UTF-8", "byte offset 139"), 5, False),
    "control_character.yaml": (("#x0007",), 5, False),
    "multi_document.yaml": (("more than one YAML document",), 6, False),
    "unclosed_quote.yaml": (("never closed",), 5, False),
    "truncated.yaml": (("ends too early",), 6, False),
    "empty.yaml": (("empty",), 1, False),
    "comments_only.yaml": (("empty",), 1, False),
    "list_document.yaml": (("a list", "mapping"), 1, False),
    "scalar_document.yaml": (("text", "mapping"), 1, False),
    "non_string_key.yaml": (("keys must be plain text",), 4, True),
    "duplicate_keys.yaml": (("'brand' appears twice", "line 2 and line 4"), 4, True),
}
FINE = {"bom_crlf_ok.yaml": 1, "merge_keys_ok.yaml": 2}


def test_every_hostile_file_is_listed() -> None:
    assert {p.name for p in HOSTILE.glob("*.yaml")} == set(EXPECTED) | set(FINE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused_with_a_useful_problem(name: str) -> None:
    words, line, tree = EXPECTED[name]
    root, problems = read_document(str(HOSTILE / name), name)
    assert problems, f"{name} was accepted"
    first = problems[0]
    assert all(word in first.message for word in words), first.message
    assert first.file == name
    if line is not None:
        assert first.line == line, first
    assert (root is not None) == tree
    # The calendar loader reports it too, and builds nothing from a refused file.
    calendar, calendar_problems = load_calendar(str(HOSTILE / name), name)
    assert first in calendar_problems
    if not tree:
        assert calendar is None


@pytest.mark.parametrize("name", sorted(FINE))
def test_files_that_look_odd_but_are_fine(name: str) -> None:
    calendar, problems = load_calendar(str(HOSTILE / name), name)
    assert problems == []
    assert calendar is not None and len(calendar.posts) == FINE[name]


def test_merge_keys_fill_a_post_from_an_anchored_one() -> None:
    calendar, _ = load_calendar(str(HOSTILE / "merge_keys_ok.yaml"), "m.yaml")
    assert calendar is not None
    first, second = calendar.posts
    assert (second.id, second.platform, second.pillar, second.title) == (
        "a2", "weibo", "functional", "Hi",
    )
    assert second.local.day == 2 and first.local.day == 1


def test_python_tag_is_never_run() -> None:
    load_calendar(str(HOSTILE / "python_tag.yaml"), "python_tag.yaml")
    assert not os.path.exists("/tmp/contentplan-pwned")


def test_billion_laughs_is_refused_by_the_calendar_loader() -> None:
    # It returns (no timing asserted): the aliases are never expanded.
    calendar, problems = load_calendar(str(HOSTILE / "billion_laughs.yaml"), "b.yaml")
    assert calendar is None and "alias" in problems[0].message
