"""What every command shares: failing with exit 2 (also when the
application layer says so: ``exits``, ``stop``), the output guard and writer
of ``app.outputs``, and option lists.

Messages here quote user text (file names, values, names from the rules), so
they go out through `safe_text`: no control character reaches the terminal."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TypeVar

import typer

from contentplan.app.errors import AppError
from contentplan.core.text import safe_text

if TYPE_CHECKING:
    from contentplan.core.model import Problem

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one clear line to stderr and exit (2: the input or output is bad)."""
    typer.echo(safe_text(f"contentplan: {message}"), err=True)
    raise typer.Exit(code)


def stop(error: AppError) -> NoReturn:
    """An error of the application layer: its lines, then its message (exit 2)."""
    for line in error.lines:
        typer.echo(line, err=True)
    fail(str(error))


def exits(function: Callable[P, R]) -> Callable[P, R]:
    """An application-layer function whose ``AppError`` ends the run (exit 2)."""

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except AppError as error:
            stop(error)

    return call


# The output guard and writer of app.outputs, imported when first used: a
# command module stays light to import (Ctrl-C while the CLI starts must
# meet run_app's handler, not an import).


def note_settings() -> None:
    from contentplan.app.outputs import note_settings

    note_settings()


def refuse_input(target: Path | None, option: str, hint: str | None = None) -> None:
    from contentplan.app.outputs import refuse_input

    exits(refuse_input)(target, option, hint)


def write_file(
    target: Path,
    data: str | bytes,
    option: str,
    hint: str | None = None,
    *,
    expected: bytes | None = None,
    again: str = "",
) -> None:
    from contentplan.app.outputs import write_file

    exits(write_file)(target, data, option, hint, expected=expected, again=again)


def deliver(
    target: Path | None,
    data: bytes,
    option: str,
    hint: str | None = None,
    *,
    expected: bytes | None = None,
    again: str = "",
) -> None:
    from contentplan.app.outputs import deliver

    exits(deliver)(target, data, option, hint, expected=expected, again=again)


def read_again(path: Path) -> bytes:
    from contentplan.app.outputs import read_again

    return exits(read_again)(path)


def split_names(
    values: Iterable[str], known: Collection[str], option: str, kind: str = "check"
) -> list[str]:
    """`--select a,b` and `--select a --select b` both give [a, b]; unknown
    names are refused with a suggestion."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    for name in names:
        if name not in known:
            close = get_close_matches(name, list(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            fail(f"{option}: unknown {kind} '{name}'{hint}. Known: {', '.join(known)}")
    return names


def print_problems(problems: Iterable[Problem]) -> None:
    """Schema problems on stderr, one `file:line:col: message` line each."""
    from contentplan.app.inputs import problem_text

    for problem in problems:
        typer.echo(problem_text(problem), err=True)


LONGEST_TIME_LIMIT = 86_400  # seconds: a day
TIME_LIMIT_HELP = "Seconds the solver may take, from 0.01 to 86400 (a day)."


def time_limit_option(value: float) -> float:
    """``--time-limit``: a finite number of seconds from 0.01 to a day (nan,
    inf, 0 and negative numbers are refused)."""
    if not 0.01 <= value <= LONGEST_TIME_LIMIT:  # False for nan too
        fail(
            f"--time-limit: {value:g} is not a number of seconds from 0.01 to "
            f"{LONGEST_TIME_LIMIT} (a day): write e.g. --time-limit 60"
        )
    return value


LARGEST_MAX_BYTES = 1 << 40  # 1 TiB: a larger --max-bytes reads as this
MAX_BYTES_HELP = "Refuse files larger than this many bytes (at most 1 TiB)."


def max_bytes_option(value: int) -> int:
    """``--max-bytes``: a larger value than LARGEST_MAX_BYTES means no limit
    in practice, and reads as LARGEST_MAX_BYTES."""
    return min(value, LARGEST_MAX_BYTES)


# ``--max-bytes``, as every command that reads calendars declares it.
MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, callback=max_bytes_option, help=MAX_BYTES_HELP)
]
