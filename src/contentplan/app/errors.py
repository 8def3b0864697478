"""The one way the application layer says a run cannot go on."""

from __future__ import annotations

from collections.abc import Sequence


class AppError(Exception):
    """Bad input or output: ``str()`` is the one line the command line
    prints (exit 2); ``lines``, when given, are printed before it (the
    problems met, one ``file:line:col: message`` line each)."""

    def __init__(self, message: str, lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.lines = tuple(lines)

    def __str__(self) -> str:
        return self.message
