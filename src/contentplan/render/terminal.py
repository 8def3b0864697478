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


def message_phrases(text: str, style: str = "") -> list[list[Text]]:
    """A message (user text quoted in it, clipped and escaped as in
    `message_text`) as phrases of unbreakable units, for `Phrases`."""
    clean = safe_text(clip(text, MESSAGE_LIMIT))
    found: list[list[Text]] = []
    phrase: list[str] = []
    depth = 0
    previous = ""
    for word in _WORD.findall(clean):
        bare = word.strip()
        figure = _FIGURE.match(bare) or (bare == "of" and previous.lstrip("([").isdigit())
        if phrase and figure:
            phrase[-1] += word
        else:
            phrase.append(word)
        previous = bare
        opened = bare.count("(") + bare.count("[")
        depth = max(0, depth + opened - bare.count(")") - bare.count("]"))
        if depth == 0 and bare.endswith(_PHRASE_ENDS):
            found.append([Text(unit, style=style) for unit in phrase])
            phrase = []
    if phrase:
        found.append([Text(unit, style=style) for unit in phrase])
    return found


class Phrases:
    """Text that wraps between phrases: a phrase that does not fit on what
    is left of a line starts the next one (when it fits on a line of its
    own), and a line never breaks inside a unit (a word with its figures).
    Lines after the first are indented by ``indent`` (by 2 when that would
    take more than half the width)."""

    def __init__(self, phrases: Sequence[Sequence[Text]], indent: int = 0) -> None:
        self.phrases = [list(phrase) for phrase in phrases if phrase]
        self.indent = indent

    def lay_out(self, width: int) -> Text:
        indent = self.indent if self.indent * 2 <= width else min(self.indent, 2)
        lines: list[Text] = []
        line, column, start = Text(), 0, 0
        for phrase in self.phrases:
            length = sum(cell_len(unit.plain) for unit in phrase) - _trailing(phrase[-1])
            if column > start and column + length > width and indent + length <= width:
                lines.append(line)
                line, column, start = Text(" " * indent), indent, indent
            for unit in phrase:
                if column > start and column + cell_len(unit.plain.rstrip()) > width:
                    lines.append(line)
                    line, column, start = Text(" " * indent), indent, indent
                line.append_text(unit)
                column += cell_len(unit.plain)
        lines.append(line)
        for each in lines:
            each.rstrip()
        laid = Text("\n").join(lines)
        laid.overflow = "fold"  # a unit longer than a whole line
        return laid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.lay_out(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        units = [cell_len(unit.plain.rstrip()) for phrase in self.phrases for unit in phrase]
        whole = sum(cell_len(unit.plain) for phrase in self.phrases for unit in phrase)
        return Measurement(min(max(units, default=1), options.max_width), whole)


def _trailing(unit: Text) -> int:
    return len(unit.plain) - len(unit.plain.rstrip())
