"""Running the app: the exit codes (docs/reference.md#exit-codes) and no tracebacks for users."""

from __future__ import annotations

import os
import sys
import traceback

import typer

from contentplan.core import interrupt
from contentplan.core.text import safe_text


def run_app(app: typer.Typer) -> None:
    try:
        app(standalone_mode=True)
    except SystemExit as done:
        # Typer turns Ctrl-C (and so SIGTERM, see contentplan.core.interrupt)
        # inside a command into a silent exit 130; say which it was.
        if done.code == 130:
            interrupt.leave()
        raise
    except KeyboardInterrupt as error:
        interrupt.leave(error)
    except BrokenPipeError:
        # `contentplan check | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        sys.exit(0)
    except OSError as error:
        # Not a bug of ours: stdout on a full disk, a device that fails …
        quiet_stdout()
        where = f"{error.filename}" if error.filename else "cannot write the output"
        sys.stderr.write(safe_text(f"contentplan: {where}: {error.strerror or error}") + "\n")
        sys.exit(2)
    except Exception as error:
        if _interrupted(error):
            # Ctrl-C inside a native module's import (ortools' pybind11
            # modules wrap it: "ImportError: initialization failed").
            interrupt.leave()
        # a bug of ours: one line, and how to report it
        if os.environ.get("CONTENTPLAN_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(
            safe_text(f"contentplan: internal error: {type(error).__name__}: {error}") + "\n"
            "Please report it with the command you ran "
            "(set CONTENTPLAN_DEBUG=1 to see the details).\n"
        )
        sys.exit(2)


def _interrupted(error: BaseException) -> bool:
    """True when a KeyboardInterrupt caused or preceded this error."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def quiet_stdout() -> None:
    """Drop what stdout still buffers, so that exiting does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
