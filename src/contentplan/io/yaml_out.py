"""Posts as calendar YAML (docs/reference.md#calendar-files), written by hand
so the output is plain, stable and safe to read back.

Every date-time, title, note and topic is double-quoted with escapes, so a
title with ``: ``, ``#``, quotes, a leading ``-``, a line break or Chinese
reads back exactly. Bare words (ids, platforms, pillars, formats) stay bare
when they are plain identifiers that no YAML reader takes for anything else
(``no``, ``on``, ``null``, ``1e3`` are quoted).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

from contentplan.core.postfields import EXPORTED_FIELDS

_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/]*")
_YAML11_WORDS = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"]
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}

# Post keys in the order docs/reference.md#calendar-files lists them; a post's
# `ignore:` is not written.
POST_KEYS = tuple(field.name for field in EXPORTED_FIELDS)
# Date-times and free text are always quoted, whatever they hold.
_ALWAYS_QUOTED = frozenset(f.name for f in EXPORTED_FIELDS if f.kind in ("instant", "text"))
# Flags are written bare, and only when true.
_FLAGS = frozenset(f.name for f in EXPORTED_FIELDS if f.kind == "flag")


@dataclass(frozen=True, slots=True)
class DraftPost:
    """A post as text, ready to write; empty optional fields are None."""

    id: str
    at: str
    platform: str
    pillar: str
    title: str
    format: str | None = None
    campaign: str | None = None
    phase: str | None = None
    topic: str | None = None
    expires: str | None = None
    status: str | None = None
    notes: str | None = None
    placeholder: str | None = None  # "true", or None
    series: str | None = None
    repeat_of: str | None = None


def calendar_yaml(
    brand: str,
    timezone: str,
    posts: Sequence[DraftPost],
    *,
    rules: str | None = None,
    comment: str | None = None,
) -> str:
    lines: list[str] = []
    if comment:
        lines.extend(f"# {line}".rstrip() for line in comment.splitlines())
    lines.append("version: 1")
    lines.append(f"brand: {scalar(brand)}")
    lines.append(f"timezone: {scalar(timezone)}")
    if rules:
        lines.append(f"rules: {scalar(rules)}")
    if not posts:
        lines.append("posts: []")
        return "\n".join(lines) + "\n"
    lines.append("posts:")
    for post in posts:
        first = True
        for key in POST_KEYS:
            value = getattr(post, key)
            if value is None:
                continue
            if key in _FLAGS:
                text = value  # true: a YAML boolean, never quoted
            elif key in _ALWAYS_QUOTED:
                text = quoted(value)
            else:
                text = scalar(value)
            lines.append(f"  {'- ' if first else '  '}{key}: {text}")
            first = False
    return "\n".join(lines) + "\n"


def rules_reference(rules: str, folder: str, paths: ModuleType = os.path) -> str:
    """How a calendar written in ``folder`` names the rules file ``rules``
    in its `rules:` line, which is read from the calendar's own folder: the
    path from ``folder`` to ``rules``, with '/'; the absolute path when there
    is none (another drive on Windows). Both paths are absolute; ``paths`` is
    ``os.path`` (``ntpath`` or ``posixpath`` in tests)."""
    target = paths.normpath(rules)
    try:
        reference = paths.relpath(target, paths.normpath(folder))
    except ValueError:  # another drive
        reference = target
    return str(reference).replace(paths.sep, "/")


def scalar(value: str) -> str:
    """Bare when plainly a word, else double-quoted."""
    if _BARE.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        return value
    return quoted(value)


def path_scalar(value: str) -> str:
    """A relative path bare when it is ``../`` steps before a bare word
    (``../rules/default.yaml``), else as ``scalar``."""
    rest = value
    while rest.startswith("../"):
        rest = rest[3:]
    if rest != value and _BARE.fullmatch(rest):
        return value
    return scalar(value)


def quoted(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value``."""
    return '"' + "".join(_escape(char) for char in value) + '"'


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if _printable(code):
        return char
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _printable(code: int) -> bool:
    """YAML's printable set, less the characters readers treat as line
    breaks (NEL, LS, PS), the BOM and the bidi controls (which would reorder
    the file as an editor or terminal shows it), escaped instead."""
    if code in (0x85, 0x2028, 0x2029, 0xFEFF) or 0x202A <= code <= 0x202E:
        return False
    if 0x2066 <= code <= 0x2069:
        return False
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
