"""A Rich console for a terminal, or one that records plain text for a file;
and user text for Rich, always as text, never as markup."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from contentplan.core.text import LIMIT, clip, safe_text

# A message is ours with user text quoted in it (clipped where it is
# quoted); this cap only keeps Rich's layout, which slows down sharply on a
# line of millions of characters, fast whatever a message holds.
MESSAGE_LIMIT = 2000


def user_text(text: str, style: str = "", *, limit: int = LIMIT) -> Text:
    """``text`` (a title, a name, a file name) for a Rich renderable: clipped
    to ``limit`` characters, escaped by `safe_text`, and never read as Rich
    markup, so ``[/bold]`` or ``[link=…]`` in a brand name shows as written."""
    return Text(safe_text(clip(text, limit)), style=style)


def message_text(text: str, style: str = "") -> Text:
    """A message that quotes user text, for a Rich renderable."""
    return user_text(text, style, limit=MESSAGE_LIMIT)


def console_for(to_file: bool, *, stderr: bool = False) -> tuple[Console, Callable[[], str]]:
    """A console and a function giving what must still be written.

    On a terminal Rich prints directly (and the function gives ""). For a
    file, output is captured without colour codes, at a fixed width."""
    if to_file:
        buffer = io.StringIO()
        console = Console(file=buffer, force_terminal=False, no_color=True, width=100)
        return console, buffer.getvalue
    console = Console(file=sys.stderr if stderr else sys.stdout, highlight=False)
    return console, lambda: ""


# -- wrapping between phrases ------------------------------------------------------------

# A phrase ends at ", ", ": " or "; " outside brackets. Within a phrase a
# figure stays with the word before it ("needs 5..7", "(6:2:2 ±10%)",
# "2 of 10"), so that a line never ends in the middle of one.
_PHRASE_ENDS = (",", ":", ";")
_FIGURE = re.compile(r"[(\[]?[0-9±]")
_WORD = re.compile(r"\s*\S+\s*")


_TOKEN = re.compile(r"\s*(\S+)\s*")
_FIGURE_START = frozenset("0123456789±")
_BRACKETS = re.compile(r"[()\[\]]")


def message_phrases(text: str) -> list[list[str]]:
    """A message (user text quoted in it, clipped and escaped as in
    `message_text`) as phrases of unbreakable units, for `Phrases`."""
    clean = safe_text(clip(text, MESSAGE_LIMIT))
    found: list[list[str]] = []
    phrase: list[str] = []
    depth = 0
    previous = ""
    figures = _FIGURE_START
    for match in _TOKEN.finditer(clean):
        word = match.group()
        bare = match.group(1)
        first = bare[0]
        figure = (
            first in figures
            or (first in "([" and len(bare) > 1 and bare[1] in figures)
            or (bare == "of" and previous.lstrip("([").isdigit())
        )
        if phrase and figure:
            phrase[-1] += word
        else:
            phrase.append(word)
        previous = bare
        if _BRACKETS.search(bare) is not None:
            opened = bare.count("(") + bare.count("[")
            depth = max(0, depth + opened - bare.count(")") - bare.count("]"))
        if depth == 0 and bare[-1] in ",:;":
            found.append(phrase)
            phrase = []
    if phrase:
        found.append(phrase)
    return found


Unit = Text | str  # a str unit is unstyled text


class Phrases:
    """Text that wraps between phrases: a phrase that does not fit on what
    is left of a line starts the next one (when it fits on a line of its
    own), and a line never breaks inside a unit (a word with its figures).
    Lines after the first are indented by ``indent`` (by 2 when that would
    take more than half the width). Units are `Text` or plain `str`; the
    layout is worked out on their text alone, so a report of thousands of
    messages builds styled text only where it writes styles."""

    def __init__(self, phrases: Sequence[Sequence[Unit]], indent: int = 0) -> None:
        self.phrases = [list(phrase) for phrase in phrases if phrase]
        self.indent = indent
        joined = "".join(_plain(unit) for phrase in self.phrases for unit in phrase)
        self.span = _cells(joined)  # its width on one line: Rich's maximum measure
        self.whole = _cells(joined.rstrip())  # the same, trailing spaces aside

    def breaks(self, width: int) -> tuple[int, list[list[Unit]]]:
        """The indent used and the units of each line, in order."""
        indent = self.indent if self.indent * 2 <= width else min(self.indent, 2)
        lines: list[list[Unit]] = []
        line: list[Unit] = []
        column = start = 0
        if self.whole <= width:  # all on one line: no phrase needs moving
            return indent, [[unit for phrase in self.phrases for unit in phrase]]
        for phrase in self.phrases:
            texts = [_plain(unit) for unit in phrase]
            length = sum(map(_cells, texts)) - _trailing(texts[-1])
            if column > start and column + length > width and indent + length <= width:
                lines.append(line)
                line, column, start = [], indent, indent
            for unit, text in zip(phrase, texts, strict=True):
                if column > start and column + _cells(text.rstrip()) > width:
                    lines.append(line)
                    line, column, start = [], indent, indent
                line.append(unit)
                column += _cells(text)
        lines.append(line)
        return indent, lines

    def plain_lines(self, width: int) -> list[str]:
        """The lines as text, trailing spaces stripped (`lay_out` without styles)."""
        indent, lines = self.breaks(width)
        pad = " " * indent
        return [
            ((pad if number else "") + "".join(map(_plain, units))).rstrip()
            for number, units in enumerate(lines)
        ]

    def lay_out(self, width: int) -> Text:
        indent, units = self.breaks(width)
        lines = []
        for number, line_units in enumerate(units):
            line = Text(" " * indent if number else "")
            for unit in line_units:
                if isinstance(unit, str):
                    line.append(unit)
                else:
                    line.append_text(unit)
            line.rstrip()
            lines.append(line)
        laid = Text("\n").join(lines)
        laid.overflow = "fold"  # a unit longer than a whole line
        return laid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.lay_out(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        texts = [_plain(unit) for phrase in self.phrases for unit in phrase]
        units = [_cells(text.rstrip()) for text in texts]
        return Measurement(min(max(units, default=1), options.max_width), self.span)


def _plain(unit: Unit) -> str:
    return unit if isinstance(unit, str) else unit.plain


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _trailing(text: str) -> int:
    return len(text) - len(text.rstrip())
