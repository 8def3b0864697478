"""Ctrl-C and SIGTERM end a run the same way: one line, no temporary file,
the original of every output intact.

SIGTERM is what a CI system sends when a job is cancelled. Python's default
is to die at once, which leaves a write's temporary file behind. Here it
raises ``Terminated``, a kind of ``KeyboardInterrupt``, so every path that
cleans up after Ctrl-C (the writer's temporary file, CP-SAT's search thread)
cleans up after it too. The run then ends with ``contentplan: terminated``
and exit 143 (128 + 15, as a shell reports a process ended by SIGTERM);
Ctrl-C ends with ``contentplan: interrupted`` and exit 130.

``held()`` delays both signals over a few statements that must not be cut
in two (a temporary file created but not yet known to its cleanup); the
signal takes effect as the block ends.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn


class Terminated(KeyboardInterrupt):
    """The run got SIGTERM."""


_received: list[int] = []  # every signal that stopped or will stop the run
_pending: list[int] = []  # signals that arrived inside held()
_depth = 0


def install() -> None:
    """Route SIGTERM (and Ctrl-C, unless it is ignored) through ``_on_signal``."""
    try:
        signal.signal(signal.SIGTERM, _on_signal)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _on_signal)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


def _on_signal(number: int, frame: FrameType | None) -> None:
    _received.append(number)
    if _depth:
        _pending.append(number)
        return
    raise _stop(number)


def _stop(number: int) -> KeyboardInterrupt:
    return Terminated() if number == signal.SIGTERM else KeyboardInterrupt()


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Run the block whole; a signal that arrives meanwhile is raised after it."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth and _pending:
            number = _pending[0]
            _pending.clear()
            raise _stop(number)


def ending(error: BaseException | None = None) -> tuple[str, int]:
    """The word and the exit code for a run stopped by ``error`` (or by the
    last signal received): terminated/143 or interrupted/130."""
    terminated = isinstance(error, Terminated) or (
        not isinstance(error, KeyboardInterrupt)
        and bool(_received)
        and _received[-1] == signal.SIGTERM
    )
    return ("terminated", 143) if terminated else ("interrupted", 130)


def stop_line(error: BaseException | None = None) -> int:
    """Write the one line for a stopped run to stderr; return its exit code."""
    word, code = ending(error)
    try:
        sys.stderr.write(f"contentplan: {word}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return code


def leave(error: BaseException | None = None) -> NoReturn:
    """End a stopped run: its one line, then its exit code."""
    sys.exit(stop_line(error))
