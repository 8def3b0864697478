"""Safe writes (docs/security.md): a temporary file in the target folder, fsync, then
an atomic rename. A failure at any point, Ctrl-C or SIGTERM included, leaves
the old file as it was and no temporary file.

Every file a run reads is recorded here by the code that reads it
(``record_input``), and ``guard_output`` refuses an output that names one of
them by any path: relative, with ``..``, through a symlink, or as a hard
link. ``write_output`` is the one way commands write a file: it guards, then
writes atomically. With ``expected`` (``--in-place``), it replaces the file
only if it still holds what was read.

A symlink is written through: the file it points at is replaced and the link
stays. A target that exists and is not a regular file (``/dev/stdout``, a
named pipe, ``/dev/full``) has nothing to replace: renaming over it would
swap the device for a file, so the data is written into it directly."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contentplan.core import interrupt


class WriteError(OSError):
    """The output could not be written; the text says where and why."""


class OutputIsInput(WriteError):
    """An output names a file the run reads."""


class ChangedSinceRead(WriteError):
    """``--in-place``: the file changed after it was read; it was left alone."""


# -- what a run reads ---------------------------------------------------------------


@dataclass(frozen=True)
class InputFile:
    """A file the run read: as named, its real path, its (device, inode),
    and a digest of its bytes when it was read whole."""

    path: str
    real: str
    identity: tuple[int, int] | None
    digest: str | None


_inputs: list[InputFile] = []


def record_input(path: str | os.PathLike[str], data: bytes | None = None) -> None:
    """Note that the run read ``path`` (all of it: ``data``)."""
    try:
        found = os.stat(path)
        identity: tuple[int, int] | None = (found.st_dev, found.st_ino)
    except OSError:
        identity = None
    digest = hashlib.sha256(data).hexdigest() if data is not None else None
    _inputs.append(InputFile(os.fspath(path), os.path.realpath(path), identity, digest))


def forget_inputs() -> None:
    """Start a new run (one process may run several, in tests)."""
    _inputs.clear()


def inputs() -> tuple[InputFile, ...]:
    return tuple(_inputs)


def input_named(path: str | os.PathLike[str]) -> InputFile | None:
    """The input that ``path`` names, by any spelling, or None."""
    real = os.path.realpath(path)
    try:
        found = os.stat(path)
        identity: tuple[int, int] | None = (found.st_dev, found.st_ino)
    except OSError:
        identity = None
    for read in _inputs:
        if read.real == real or (identity is not None and read.identity == identity):
            return read
    return None


def read_as_recorded(path: str | os.PathLike[str], data: bytes) -> bool:
    """False when ``data`` differs from what the run read earlier from ``path``
    (the file changed between two reads)."""
    digest = hashlib.sha256(data).hexdigest()
    real = os.path.realpath(path)
    earlier = [r.digest for r in _inputs if r.real == real and r.digest is not None]
    return all(d == digest for d in earlier)


def guard_output(path: str | os.PathLike[str], option: str, hint: str | None = None) -> None:
    """Refuse (``OutputIsInput``) an output that names a file the run read.
    ``hint`` says what to do instead (default: write to another file)."""
    read = input_named(path)
    if read is None:
        return
    raise OutputIsInput(
        f"{option} {os.fspath(path)} is an input of this run ({_shown(read.path)}): "
        f"contentplan never overwrites its inputs; {hint or 'write to another file'}"
    )


def _shown(path: str) -> str:
    return display_path(path)


# -- paths as people read them ---------------------------------------------------------


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as shown to people (messages, terminal output, the ``file`` a
    violation carries): relative to the current folder, with '/', when it
    lies inside it or right in the folder above it (``../contentplan.yaml``).
    Any other path outside it is shown as it was given: a relative one keeps
    its '..' (``../shared/x.yaml``), an absolute one stays absolute
    (``/tmp/x.yaml``, never ``../../../tmp/x.yaml``)."""
    given = os.fspath(path)
    absolute = os.path.abspath(given)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute.replace(os.sep, "/")
    parts = relative.split(os.sep)
    climbs = parts[0] == os.pardir
    above = len(parts) == 2  # ../name: the folder right above
    if climbs and not above and os.path.isabs(given):
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def relative_path(file: str) -> str:
    """A violation's ``file`` as the machine formats carry it (JSON, GitHub
    annotations): relative to the current folder with '/', also when it is
    shown to people as an absolute path."""
    if not os.path.isabs(file):
        return file
    try:
        return os.path.relpath(file).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return file


def write_output(
    path: str | os.PathLike[str],
    text: str | bytes,
    option: str,
    hint: str | None = None,
    *,
    expected: bytes | None = None,
) -> None:
    """The one way a command writes a file: refused if it names an input
    (unless ``expected`` is given: ``--in-place``, where the output is the
    input on purpose), else written atomically."""
    if expected is None:
        guard_output(path, option, hint)
    atomic_write(path, text, expected=expected)


# -- writing ---------------------------------------------------------------------------


def atomic_write(
    path: str | os.PathLike[str], text: str | bytes, *, expected: bytes | None = None
) -> None:
    """Write through a temporary file and a rename. With ``expected``, the
    target is replaced only if it still holds exactly those bytes."""
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
        os.stat(folder)
    except FileNotFoundError:
        where = shlex.quote(display_path(folder))
        raise WriteError(
            f"{display_path(target)}: the folder {where} does not exist: create it with "
            f"mkdir -p {where}, then run again"
        ) from None
    except OSError:
        pass  # mkstemp below says why
    temp: str | None = None
    try:
        # Held, so that a signal cannot land between the file's creation and
        # the moment the cleanup below knows its name.
        with interrupt.held():
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
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
        if expected is not None and not _holds(target, expected):
            raise ChangedSinceRead(f"{target}: changed since it was read")
        os.replace(temp, target)
    except BaseException as error:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if isinstance(error, WriteError):
            raise
        if isinstance(error, OSError):
            what = "cannot write here" if temp is None else "cannot write"
            raise WriteError(f"{target}: {what}: {error.strerror or error}") from error
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _holds(target: Path, expected: bytes) -> bool:
    """Whether the file holds exactly ``expected`` (read just before the rename)."""
    try:
        with open(target, "rb") as handle:
            return handle.read(len(expected) + 1) == expected
    except OSError:
        return False


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
