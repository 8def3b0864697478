"""Safe writes (SPEC §6): a temporary file in the target folder, fsync, then
an atomic rename. A failure at any point leaves the old file as it was.

A symlink is written through: the file it points at is replaced and the link
stays. A target that exists and is not a regular file (``/dev/stdout``, a
named pipe, ``/dev/full``) has nothing to replace: renaming over it would
swap the device for a file, so the data is written into it directly."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class WriteError(OSError):
    """The output could not be written; the text says where and why."""


def atomic_write(path: str | os.PathLike[str], text: str | bytes) -> None:
    target = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise WriteError(f"{target}: this is a folder: name a file to write")
    if mode is not None and not stat.S_ISREG(mode):
        _write_stream(target, data)
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteError(f"{target}: cannot write here: {error.strerror or error}") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp, target.stat().st_mode & 0o7777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise WriteError(f"{target}: cannot write: {error.strerror or error}") from error
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _write_stream(target: Path, data: bytes) -> None:
    """Write into a device or pipe (there is no file to replace atomically)."""
    try:
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
    except OSError as error:
        raise WriteError(f"{target}: cannot write: {error.strerror or error}") from error


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when two paths name one file (used to refuse `-o` naming an input)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
