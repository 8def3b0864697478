"""What every command shares: failing with exit 2, writing an output file,
and option lists.

Messages here quote user text (file names, values, names from the rules), so
they go out through `safe_text`: no control character reaches the terminal."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from contentplan.core.text import safe_text

if TYPE_CHECKING:
    from contentplan.core.model import Problem


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one clear line to stderr and exit (2: the input or output is bad)."""
    typer.echo(safe_text(f"contentplan: {message}"), err=True)
    raise typer.Exit(code)


def note_settings() -> None:
    """Read the project's settings as `check` finds them, for a command that
    does not use them (export, import, report) but writes a file: so that
    they are an input of the run and no output replaces them. Whether they
    are valid is not this command's concern."""
    from contentplan.load.settings import SettingsError, find_settings

    with contextlib.suppress(SettingsError):
        find_settings()


def refuse_input(target: Path | None, option: str, hint: str | None = None) -> None:
    """Exit 2 at once when an output names a file the run has read: before
    the long work, so the user does not wait to learn it. ``write_file``
    checks again just before writing."""
    from contentplan.core.files import OutputIsInput, guard_output

    if target is None:
        return
    try:
        guard_output(target, option, hint)
    except OutputIsInput as error:
        fail(str(error))


def write_file(
    target: Path,
    data: str | bytes,
    option: str,
    hint: str | None = None,
    *,
    expected: bytes | None = None,
    again: str = "",
) -> None:
    """Write an output file the one safe way (``files.write_output``), or
    exit 2 saying why not. ``expected`` (``--in-place``): what was read from
    ``target``; if it changed since, it is left as it is and ``again`` says
    how to run once more."""
    from contentplan.core.files import ChangedSinceRead, WriteError, write_output

    try:
        write_output(target, data, option, hint, expected=expected)
    except ChangedSinceRead:
        fail(
            f"{target} changed while contentplan was working on it (was it edited meanwhile?): "
            f"it is left as it is now, and nothing was written. {again}".rstrip()
        )
    except WriteError as error:
        fail(str(error))


def read_again(path: Path) -> bytes:
    """The bytes of a file the loader has read, for a command that edits its
    text (plan, fix); exit 2 if they are not what the loader read."""
    from contentplan.core.files import read_as_recorded
    from contentplan.load.gather import display_path

    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        fail(f"{shown}: cannot read: {error.strerror or error}")
    if not read_as_recorded(path, data):
        fail(f"{shown} changed while it was being read (was it edited meanwhile?): run again")
    return data


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
    for problem in problems:
        place = problem.file
        if problem.line:
            place += f":{problem.line}:{problem.column}"
        typer.echo(safe_text(f"{place}: {problem.message}"), err=True)


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
