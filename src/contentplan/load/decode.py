"""File bytes → text: the size limit, UTF-8 with or without a BOM, LF or
CRLF. Invalid UTF-8, UTF-16/32 and NUL bytes each get their own message,
with the line and column of the first bad byte.
"""

from __future__ import annotations

import os
import stat

from contentplan.core.files import record_input
from contentplan.core.limits import DEFAULT_MAX_BYTES, read_at_most
from contentplan.core.model import Problem

__all__ = ["decode", "file_problem", "read_text"]


def read_text(path: str, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[
    str | None, list[Problem]
]:
    """The file's text, decoded as docs/reference.md#how-values-are-read
    says, or None and the reason.

    The size is checked with ``os.stat`` before anything is read, and at most
    ``max_bytes + 1`` bytes are ever read (a file may grow meanwhile).
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None, [file_problem(display, "file not found: check the path")]
    except OSError as error:
        return None, [file_problem(display, f"cannot read the file: {error.strerror or error}")]
    record_input(path)  # an input even when refused unread: no output may replace it
    size = status.st_size
    if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
        return None, [_not_regular(display)]
    if size > max_bytes:
        return None, [_too_big(display, size, max_bytes)]
    try:
        # Opened without waiting: a pipe put in the file's place meanwhile
        # must not block the run; it is refused by what was opened.
        with open(path, "rb", opener=_opener) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None, [_not_regular(display)]
            data = read_at_most(handle, max_bytes + 1)
    except IsADirectoryError:
        return None, [file_problem(display, "this is a folder, not a file: name a YAML file")]
    except OSError as error:
        return None, [file_problem(display, f"cannot read the file: {error.strerror or error}")]
    if len(data) > max_bytes:
        return None, [_too_big(display, len(data), max_bytes)]
    record_input(path, data)
    return decode(data, display)


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _not_regular(display: str) -> Problem:
    return file_problem(
        display,
        "this is not a regular file (a pipe, device or socket): name a YAML file",
    )


def _too_big(display: str, size: int, max_bytes: int) -> Problem:
    return file_problem(
        display,
        f"the file is {size:,} bytes, more than the limit of {max_bytes:,}: "
        "split it into smaller files, or raise --max-bytes",
    )


def file_problem(display: str, message: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(display, line, column, message)


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 bytes (a BOM allowed) → text; anything else is a Problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (
        b"\xff\xfe",
        b"\xfe\xff",
    ):
        return None, [_utf16(display)]
    if b"\x00" in data:
        head = data[:64]
        # ASCII text in UTF-16 has a NUL in every other byte.
        if len(head) >= 2 and (head[0::2].count(0) * 2 >= len(head) // 2
                               or head[1::2].count(0) * 2 >= len(head) // 2):
            return None, [_utf16(display)]
        offset = data.index(b"\x00")
        line, column = _byte_place(data, offset)
        return None, [
            file_problem(
                display,
                f"the file holds a NUL byte (at byte offset {offset}): it looks like a "
                "binary file, not YAML text; give a calendar saved as UTF-8 text",
                line,
                column,
            )
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        offset = error.start
        line, column = _byte_place(data, offset)
        return None, [
            file_problem(
                display,
                f"the file is not valid UTF-8: byte 0x{data[offset]:02x} at byte offset "
                f"{offset} cannot be read; save the file as UTF-8",
                line,
                column,
            )
        ]


def _utf16(display: str) -> Problem:
    return file_problem(
        display,
        "the file is UTF-16 (or UTF-32) text: save it as UTF-8 (with or without a BOM)",
    )


def _byte_place(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, offset) + 1, len(prefix) + 1
