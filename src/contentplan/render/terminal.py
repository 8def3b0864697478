"""A Rich console for a terminal, or one that records plain text for a file."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

from rich.console import Console


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
