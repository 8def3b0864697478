"""Where every command's output goes: the one guard that no output names a
file the run has read, and the one writer (atomic, through
``core.files.write_output``). No command writes a file any other way.

Errors are ``AppError`` (exit 2 at the command line)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from contentplan.app.errors import AppError
from contentplan.core.files import (
    ChangedSinceRead,
    OutputIsInput,
    WriteError,
    guard_output,
    read_as_recorded,
    write_output,
)
from contentplan.load.gather import display_path


def note_settings() -> None:
    """Read the project's settings as `check` finds them, for a command that
    does not use them (export, import, report) but writes a file: so that
    they are an input of the run and no output replaces them. Whether they
    are valid is not this command's concern."""
    from contentplan.load.settings import SettingsError, find_settings

    with contextlib.suppress(SettingsError):
        find_settings()


def refuse_existing(
    target: Path | None, force: bool, *, option: str, command: str, example: str
) -> None:
    """Refuse an output that is a folder, or a file that exists unless
    ``force`` (``--force``) lets it be replaced. ``example`` is a file name
    to suggest inside a folder."""
    if target is None or not target.exists():
        return
    if target.is_dir():
        raise AppError(
            f"{option} {target} is a folder: name a file, e.g. {option} {target}/{example}"
        )
    if not force:
        raise AppError(
            f"{option} {target} already exists: {command} does not replace files unless "
            "asked; pass --force to replace it, or pick another name"
        )


def relative_reference(reference: str | None, target: Path | None) -> str | None:
    """A path given on the command line (``--rules``) as a file written to
    ``target`` (stdout when None: the current folder) must name it: relative
    to the target's folder, with forward slashes."""
    if reference is None:
        return None
    base = target.parent if target is not None else Path(".")
    try:
        relative = os.path.relpath(Path(reference).resolve(), base.resolve())
    except ValueError:  # another drive on Windows
        return str(Path(reference).resolve())
    return relative.replace(os.sep, "/")


def refuse_input(target: Path | None, option: str, hint: str | None = None) -> None:
    """Refuse at once an output that names a file the run has read: before
    the long work, so the user does not wait to learn it. ``write_file``
    checks again just before writing."""
    if target is None:
        return
    try:
        guard_output(target, option, hint)
    except OutputIsInput as error:
        raise AppError(str(error)) from None


def write_file(
    target: Path,
    data: str | bytes,
    option: str,
    hint: str | None = None,
    *,
    expected: bytes | None = None,
    again: str = "",
) -> None:
    """Write an output file the one safe way, or say why not. ``expected``
    (``--in-place``): what was read from ``target``; if it changed since, it
    is left as it is and ``again`` says how to run once more."""
    try:
        write_output(target, data, option, hint, expected=expected)
    except ChangedSinceRead:
        raise AppError(
            f"{target} changed while contentplan was working on it (was it edited meanwhile?): "
            f"it is left as it is now, and nothing was written. {again}".rstrip()
        ) from None
    except WriteError as error:
        raise AppError(str(error)) from None


def deliver(
    target: Path | None,
    data: bytes,
    option: str,
    hint: str | None = None,
    *,
    expected: bytes | None = None,
    again: str = "",
) -> None:
    """A calendar to stdout (``target`` None) or to a file, as ``write_file``."""
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_file(target, data, option, hint, expected=expected, again=again)


def read_again(path: Path) -> bytes:
    """The bytes of a file the loader has read, for a command that edits its
    text (plan, fix); an error if they are not what the loader read."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AppError(f"{shown}: cannot read: {error.strerror or error}") from None
    if not read_as_recorded(path, data):
        raise AppError(
            f"{shown} changed while it was being read (was it edited meanwhile?): run again"
        )
    return data
