"""A Rich console for a terminal, or one that records plain text for a file;
and user text for Rich, always as text, never as markup."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

from rich.console import Console
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
