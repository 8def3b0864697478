"""Properties of the text that reaches a terminal or a spreadsheet (issue 10):
`safe_text` leaves one printable line that reads back to the input, and CSV
export → import → export is byte-identical whatever a title starts with."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentplan.core.model import Calendar
from contentplan.core.text import clip, json_safe, safe_text
from contentplan.io.csv_in import read_csv
from contentplan.io.csv_out import FORMULA_START, guard_cell, to_csv, unguard_cell
from contentplan.io.yaml_out import DraftPost, calendar_yaml
from contentplan.load.calendar import load_calendar
from contentplan.load.rules import default_rules

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|([nrt]))")

# Text with a good share of the characters that matter: controls, C1, bidi,
# line separators, backslashes, formula starts, CJK; and anything else.
DANGEROUS = st.sampled_from(
    [*"\x00\x07\x1b\n\r\t\x7f\x85\x9b\u202a\u202e\u2066\u2069\u2028\u2029\\='+-@", "春", "x"]
)
TEXT = st.text(st.one_of(DANGEROUS, st.characters()), max_size=60)


def unescape(shown: str) -> str:
    """The reading of `safe_text`'s escapes, for texts without a backslash."""

    def one(match: re.Match[str]) -> str:
        code, wide, named = match.groups()
        if named:
            return {"n": "\n", "r": "\r", "t": "\t"}[named]
        return chr(int(code or wide, 16))

    return ESCAPE.sub(one, shown)


@given(TEXT)
def test_safe_text_is_one_printable_line_that_reads_back(text: str) -> None:
    shown = safe_text(text)
    assert not UNSAFE.search(shown)
    assert shown.splitlines() in ([shown], [])  # one line, whatever the input
    assert safe_text(shown) == shown  # escaping twice changes nothing more
    if "\\" not in text:
        assert unescape(shown) == text  # nothing is lost, only shown


@given(TEXT)
def test_json_safe_keeps_the_data_and_writes_no_raw_control(text: str) -> None:
    document = json.dumps({"title": text, "list": [text]}, ensure_ascii=False, indent=2)
    safe = json_safe(document)
    assert json.loads(safe) == json.loads(document)
    assert not UNSAFE.search(safe.replace("\n", ""))


@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_clip_keeps_short_text_and_names_the_length_of_long_text(text: str, limit: int) -> None:
    clipped = clip(text, limit)
    if len(text) <= limit:
        assert clipped == text
    else:
        assert clipped == f"{text[:limit]}… ({len(text)} characters)"


@given(TEXT)
def test_the_formula_guard_is_undone_exactly(text: str) -> None:
    cell = guard_cell(text)
    assert not cell.startswith(FORMULA_START)
    assert unguard_cell(cell) == text


# -- export → import → export ------------------------------------------------------

FIRST = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "' ", "=1+2"])
TITLE = st.builds(lambda first, rest: first + rest, FIRST, TEXT).filter(
    lambda title: title.strip() != "" and not re.search("[\ud800-\udfff]", title)
)


def load(folder: Path, text: str, name: str) -> Calendar:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    calendar, problems = load_calendar(str(path), name, 1 << 20)
    assert not problems, problems
    assert calendar is not None
    return calendar


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(titles=st.lists(TITLE, min_size=1, max_size=4), notes=st.one_of(st.none(), TITLE))
def test_csv_export_import_export_is_byte_identical(
    tmp_path: Path, titles: list[str], notes: str | None
) -> None:
    drafts = [
        DraftPost(
            id=f"p{index}",
            at=f"2025-03-24 {9 + index:02d}:00",
            platform="weibo",
            pillar="functional",
            title=title,
            notes=notes,
        )
        for index, title in enumerate(titles)
    ]
    calendar = load(tmp_path, calendar_yaml("b", "Asia/Shanghai", drafts), "first.yaml")
    assert [post.title for post in calendar.posts] == titles
    first = to_csv(calendar)
    # No cell a spreadsheet would run.
    rows = list(csv.reader(io.StringIO(first[1:], newline="")))
    assert not [cell for row in rows[1:] for cell in row if cell.startswith(FORMULA_START)]
    back = read_csv(first, file="first.csv", timezone_name="Asia/Shanghai", rules=default_rules())
    assert not back.problems, back.problems
    again = load(tmp_path, calendar_yaml("b", "Asia/Shanghai", back.posts), "back.yaml")
    assert to_csv(again).encode("utf-8") == first.encode("utf-8")
