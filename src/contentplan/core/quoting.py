"""Quoting what the user wrote inside a message, at a bounded length.

A message names the value it is about, but a hostile or broken file can hold
a 60 MB value or a list of 50,000 names: echoing it whole makes a message no
one can read and a log no CI keeps. Every loader and settings message that
quotes user text goes through ``quote`` (one value) or ``quote_names`` (a
list of names), which keep about ``LIMIT`` characters, end with an ellipsis
and say how long the whole was.
"""

from __future__ import annotations

from collections.abc import Collection

LIMIT = 200  # characters of user text a message quotes at most (about)


def quote(text: str, limit: int = LIMIT) -> str:
    """``text`` when it is at most ``limit`` characters, else its start, an
    ellipsis and the full length: ``xxxx… (60,000,000 characters)``."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def quote_names(names: Collection[str], limit: int = LIMIT, separator: str = ", ") -> str:
    """Names joined with ``separator``, as many as fit in about ``limit``
    characters, then ``… and N more``. A name after the first is cut to a
    quarter of ``limit``, so one huge name cannot fill the line either."""
    shown: list[str] = []
    used = 0
    for name in names:
        piece = quote(name, limit // 4) if shown else quote(name, limit)
        if shown and used + len(separator) + len(piece) > limit:
            return f"{separator.join(shown)}{separator}… and {len(names) - len(shown):,} more"
        used += len(piece) + (len(separator) if shown else 0)
        shown.append(piece)
    return separator.join(shown)


def quote_within(message: str, text: str, limit: int = LIMIT) -> str:
    """``message`` with the first copy of ``text`` in it quoted: for a
    message made elsewhere (a date reader's) that echoes the whole value."""
    if len(text) <= limit:
        return message
    return message.replace(text, quote(text, limit), 1)
