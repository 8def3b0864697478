"""`--format rich` lays messages out between phrases (render/terminal.py).
For speed, most messages are split into phrases by regular expressions and
a phrase that fits is placed whole; these must give, for any message, the
phrases of the word-at-a-time split and the lines of the unit-at-a-time
layout."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from contentplan.render.terminal import Phrases, _word_by_word, message_phrases

WORDS = [
    "5", "12", "of", "of,", "(5", "((5", "5)", "[1", "2]", "(1086", "2168),", "±10%",
    "a", "post", "p000932", "needed:", "apart,", "open-ended):", "on,", "x;", "(a,", "b)",
    "(6:2:2", "00:00,", "2025-03-25", "5..7", ")", "(", "]", "[", "of(", "é", "3h",
]
messages = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(messages)
def test_phrases_are_the_word_at_a_time_ones(message: str) -> None:
    assert message_phrases(message) == _word_by_word(message)


def unit_at_a_time(phrases: list[list[str]], width: int, indent: int) -> list[str]:
    """The layout as it was first written: every unit placed on its own."""
    if indent * 2 > width:
        indent = min(indent, 2)
    joined = "".join(unit for phrase in phrases for unit in phrase)
    if len(joined.rstrip()) <= width:
        return [joined.rstrip()]
    lines: list[list[str]] = []
    line: list[str] = []
    column = start = 0
    for phrase in phrases:
        length = sum(map(len, phrase)) - (len(phrase[-1]) - len(phrase[-1].rstrip()))
        if column > start and column + length > width and indent + length <= width:
            lines.append(line)
            line, column, start = [], indent, indent
        for unit in phrase:
            if column > start and column + len(unit.rstrip()) > width:
                lines.append(line)
                line, column, start = [], indent, indent
            line.append(unit)
            column += len(unit)
    lines.append(line)
    pad = " " * indent
    return [((pad if n else "") + "".join(units)).rstrip() for n, units in enumerate(lines)]


@settings(max_examples=400, deadline=None)
@given(messages.filter(str.isascii), st.integers(1, 60), st.integers(0, 6))
def test_the_layout_is_the_unit_at_a_time_one(message: str, width: int, indent: int) -> None:
    phrases = message_phrases(message)
    laid = Phrases.of_message(message, indent=indent).plain_lines(width)
    assert laid == unit_at_a_time(phrases, width, indent)
    assert Phrases(phrases, indent=indent).plain_lines(width) == laid
