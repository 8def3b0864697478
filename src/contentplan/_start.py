"""Where the `contentplan` console script and `python -m contentplan` start.

Loading the command line (Typer, Rich, our modules) takes a moment, and a
Ctrl-C or SIGTERM in that moment would otherwise show Python's own traceback
or leave without a word. Here the signals are routed first (see
``contentplan.core.interrupt``) and the import runs under a guard, so that either
signal at any point after Python itself has started ends with one line:
exit 130 for Ctrl-C, 143 for SIGTERM.
"""

import errno
import io
import os
import sys

from contentplan.core import interrupt


class _ClosedOutput(io.RawIOBase):
    """Standard output when the caller closed it (`contentplan ... >&-`):
    every write fails as writing to a closed descriptor does, so a command
    that has something to print ends with one line and exit 2 instead of
    an internal error, or a silent exit 0 with nothing written."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "the standard output is closed")


def _standard_streams() -> None:
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(_ClosedOutput(), encoding="utf-8", write_through=True)
    if sys.stderr is None:
        # Messages have nowhere to go; the exit code still tells.
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main() -> None:
    _standard_streams()
    interrupt.install()
    try:
        from contentplan.cli import main as run
    except KeyboardInterrupt as error:
        interrupt.leave(error)
    run()
