"""The limits that keep untrusted input from exhausting the checker (docs/security.md)."""

import os
from typing import BinaryIO

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # files larger than this are refused unread
MAX_DEPTH = 100  # nesting deeper than this is refused
ALIAS_BASE = 10_000  # aliases may expand to at most ALIAS_BASE + ALIAS_FACTOR * written nodes
ALIAS_FACTOR = 10

_CHUNK = 1 << 20


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of an open file. The first read asks for the
    file's size plus one byte (one read for a file that stays as it is); a
    file that grows meanwhile is read on in chunks. ``handle.read(limit)``
    would allocate ``limit`` bytes first, which fails for a large limit."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError):
        size = 0
    want = min(limit, size + 1)
    data = handle.read(want)
    if len(data) < want or len(data) >= limit:
        return data
    chunks = [data]
    left = limit - len(data)
    while left > 0:
        chunk = handle.read(min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def nesting_place(text: str, limit: int = MAX_DEPTH) -> tuple[int, int]:
    """The 1-based (line, column) of the first ``[`` or ``{`` of a JSON or
    TOML text that opens a level deeper than ``limit``, skipping quoted text
    and comments; (1, 1) when there is none. Only used to say where a
    document too deep for the parser is."""
    depth, line, column, quote, escaped, comment = 0, 1, 0, "", False, False
    for char in text:
        column += 1
        if char == "\n":
            line, column, comment = line + 1, 0, False
            quote = "" if quote == "'" else quote
        elif comment:
            continue
        elif quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, column
        elif char in "]}":
            depth -= 1
    return 1, 1

# A file may hold at most this many YAML nodes (values, keys, lists and
# mappings, aliases counted as the nodes they stand for). Each node costs the
# checker memory whatever its size: without a cap, 64 MB of `[a,a,a,…]` or of
# `- <<: *post` lines would need gigabytes. 3,000,000 nodes is a calendar of
# about 270,000 posts.
MAX_NODES = 3_000_000
# After this many problems in one file, the reader stops and says so: a
# broken 200,000-post file would otherwise print (and build) 200,000 messages.
MAX_PROBLEMS = 1_000
