"""A Rich console for a terminal, or one that records plain text for a file;
and user text for Rich, always as text, never as markup."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Sequence
from typing import cast

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
_TOKEN = re.compile(r"\s*(\S+)\s*")
_FIGURE_START = "0123456789±"


def message_phrases(text: str) -> list[list[str]]:
    """A message (user text quoted in it, clipped and escaped as in
    `message_text`) as phrases of unbreakable units, for `Phrases`."""
    pieces, units = _message_pieces(text)
    return units if units is not None else [_UNIT.findall(piece) for piece in pieces]


def _message_pieces(text: str) -> tuple[list[str], list[list[str]] | None]:
    """A message's phrases as text (each with the spaces after it), and
    their units when they were found on the way (else `_UNIT` finds them in
    a phrase's text, when they are needed)."""
    clean = safe_text(clip(text, MESSAGE_LIMIT))
    if not clean:
        return [], []
    simple = clean.isascii() and clean.isprintable() and "  " not in clean
    if simple and clean[0] != " " != clean[-1]:
        pieces = _split_pieces(clean)
        if pieces is not None:
            return pieces, None
    units = _word_by_word(clean)
    return ["".join(phrase) for phrase in units], units


def _word_by_word(clean: str) -> list[list[str]]:
    """`message_phrases`, a word at a time."""
    figures = _FIGURE_START
    found: list[list[str]] = []
    phrase: list[str] = []
    depth = 0
    previous = ""
    for match in _TOKEN.finditer(clean):
        word = match.group()
        bare = match.group(1)
        first = bare[0]
        if phrase and (
            first in figures
            or (first in "([" and len(bare) > 1 and bare[1] in figures)
            or (bare == "of" and previous.lstrip("([").isdigit())
        ):
            phrase[-1] += word
        else:
            phrase.append(word)
        previous = bare
        if "(" in bare or ")" in bare or "[" in bare or "]" in bare:
            opened = bare.count("(") + bare.count("[")
            depth = max(0, depth + opened - bare.count(")") - bare.count("]"))
        if depth == 0 and bare[-1] in ",:;":
            found.append(phrase)
            phrase = []
    if phrase:
        found.append(phrase)
    return found


# For ASCII words between single spaces (most messages): a phrase ends at
# every ", ", ": " or "; " outside brackets, and in a phrase a unit is a
# word with the figures after it (and "of" after a number).
_PHRASE_END = re.compile(r"(?<=[,:;] )")
_BRACKET = re.compile(r"[()\[\]]")
_UNIT = re.compile(
    r"(?:[(\[]*+[0-9]++ of(?= |$)|\S++)(?: (?:[(\[]?[0-9]++ of(?= |$)|[(\[]?[0-9±]\S*+))*+ ?"
)


def _split_pieces(clean: str) -> list[str] | None:
    """The phrases of `_word_by_word` for ASCII words between single spaces,
    as text, found by regular expressions instead of a word at a time;
    None when a bracket closes before it opens (the depths differ then)."""
    brackets = _BRACKET.findall(clean)
    if not brackets:  # every ", ", ": " or "; " ends a phrase
        return _PHRASE_END.split(clean)
    depth = 0
    for bracket in brackets:
        depth += 1 if bracket in "([" else -1
        if depth < 0:
            return None
    pieces = []  # split where no bracket is open
    start = 0
    for end in _PHRASE_END.finditer(clean):
        at = end.start()
        opened = clean.count("(", 0, at) + clean.count("[", 0, at)
        if opened == clean.count(")", 0, at) + clean.count("]", 0, at):
            pieces.append(clean[start:at])
            start = at
    pieces.append(clean[start:])
    return pieces


Unit = Text | str  # a str unit is unstyled text


class Phrases:
    """Text that wraps between phrases: a phrase that does not fit on what
    is left of a line starts the next one (when it fits on a line of its
    own), and a line never breaks inside a unit (a word with its figures).
    Lines after the first are indented by ``indent`` (by 2 when that would
    take more than half the width). Units are `Text` or plain `str`; the
    layout is worked out on their text alone (by character count when it is
    all ASCII, a phrase at a time where it fits), so a report of thousands
    of messages builds styled text only where it writes styles, and a
    message's units only where a phrase is cut."""

    def __init__(self, phrases: Sequence[Sequence[Unit]], indent: int = 0) -> None:
        units = [list(phrase) for phrase in phrases if phrase]
        texts = [[_plain(unit) for unit in phrase] for phrase in units]
        self._set(["".join(phrase) for phrase in texts], units, texts, indent)

    @classmethod
    def of_message(cls, text: str, indent: int = 0) -> Phrases:
        """A message's phrases (`message_phrases`): all plain text."""
        pieces, units = _message_pieces(text)
        phrases = cls.__new__(cls)
        phrases._set(pieces, cast("list[list[Unit]] | None", units), units, indent)
        return phrases

    def _set(
        self,
        pieces: list[str],
        units: list[list[Unit]] | None,
        texts: list[list[str]] | None,
        indent: int,
    ) -> None:
        self.pieces = pieces  # each phrase's text
        self._units = units
        self._texts = texts
        self.indent = indent
        joined = "".join(pieces)
        self.ascii = joined.isascii()
        cells = len if self.ascii else _cells
        self.span = cells(joined)  # its width on one line: Rich's maximum measure
        self.whole = cells(joined.rstrip())  # the same, trailing spaces aside

    @property
    def phrases(self) -> list[list[Unit]]:
        """Each phrase's units."""
        if self._units is None:
            self._units = cast("list[list[Unit]]", self._find_units())
        return self._units

    @property
    def texts(self) -> list[list[str]]:
        """Each phrase's units as text."""
        if self._texts is None:
            self._texts = self._find_units()
        return self._texts

    def _find_units(self) -> list[list[str]]:
        """A message's units (text), found in each phrase when first needed."""
        found = [_UNIT.findall(piece) for piece in self.pieces]
        self._units, self._texts = cast("list[list[Unit]]", found), found
        return found

    def _indent(self, width: int) -> int:
        return self.indent if self.indent * 2 <= width else min(self.indent, 2)

    def breaks(self, width: int) -> tuple[int, list[list[Unit]]]:
        """The indent used and the units of each line, in order."""
        indent = self._indent(width)
        if self.whole <= width:  # all on one line: no phrase needs moving
            return indent, [[unit for phrase in self.phrases for unit in phrase]]
        cells = len if self.ascii else _cells
        lines: list[list[Unit]] = []
        line: list[Unit] = []
        column = start = 0
        for phrase, texts in zip(self.phrases, self.texts, strict=True):
            last = texts[-1]
            length = sum(map(cells, texts)) - (len(last) - len(last.rstrip()))
            if column > start and column + length > width and indent + length <= width:
                lines.append(line)
                line, column, start = [], indent, indent
            for unit, text in zip(phrase, texts, strict=True):
                if column > start and column + cells(text.rstrip()) > width:
                    lines.append(line)
                    line, column, start = [], indent, indent
                line.append(unit)
                column += cells(text)
        lines.append(line)
        return indent, lines

    def plain_lines(self, width: int) -> list[str]:
        """The lines as text, trailing spaces stripped (`lay_out` without styles)."""
        if not self.ascii:
            indent, units = self.breaks(width)
            lines = [[_plain(unit) for unit in line] for line in units]
        elif self.whole <= width:
            return ["".join(self.pieces).rstrip()]
        else:
            indent, lines = self._ascii_lines(width)
        pad = " " * indent
        return [
            ((pad if number else "") + "".join(texts)).rstrip()
            for number, texts in enumerate(lines)
        ]

    def _ascii_lines(self, width: int) -> tuple[int, list[list[str]]]:
        """`breaks` for ASCII text, as text: a phrase that fits where it
        starts goes whole (every unit of it fits then), and only a phrase
        that does not is taken unit by unit."""
        indent = self._indent(width)
        lines: list[list[str]] = []
        line: list[str] = []
        column = start = 0
        for number, piece in enumerate(self.pieces):
            length = len(piece.rstrip())
            if column > start and column + length > width and indent + length <= width:
                lines.append(line)
                line, column, start = [], indent, indent
            if column + length <= width:
                line.append(piece)
                column += len(piece)
                continue
            for text in self.texts[number]:
                if column > start and column + len(text.rstrip()) > width:
                    lines.append(line)
                    line, column, start = [], indent, indent
                line.append(text)
                column += len(text)
        lines.append(line)
        return indent, lines

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
        units = [_cells(text.rstrip()) for texts in self.texts for text in texts]
        return Measurement(min(max(units, default=1), options.max_width), self.span)


def _plain(unit: Unit) -> str:
    return unit if isinstance(unit, str) else unit.plain


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)
