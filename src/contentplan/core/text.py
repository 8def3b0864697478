"""User-written text made safe to show: on a terminal, in a CI log, in a
report.

A calendar, its rules and its file names come from whoever wrote them, a
pull request included. Shown raw, a title could drive the reader's terminal
(``ESC ]0;…`` sets its window title, ``ESC [2J`` clears it, ``ESC ]8;;`` makes
a link), forge a line of its own in a CI log (a newline, then
``::error …``), or reorder what the reader sees (Unicode bidi overrides, as
in "Trojan Source"). So every human-readable output passes user text through
`safe_text`, which writes such characters as escapes a reader can see:

- C0 controls, DEL and C1 controls (U+0000–U+001F, U+007F–U+009F): ``\\n``,
  ``\\r`` and ``\\t`` by name, the others as ``\\x1b``;
- bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
  the line and paragraph separators (U+2028, U+2029), lone surrogates and
  the non-characters U+FFFE, U+FFFF: as ``\\u202e``.

Everything else, CJK and emoji included, is kept. A backslash is kept as it
is: the escapes are for reading, not for reading back.

JSON output keeps user text exact, as data must be; `json_safe` writes the
same characters as JSON's own ``\\u202e`` escapes, so the document reads
back to the very same strings yet prints nothing a terminal acts on.

`clip` shortens user text quoted in a message to about 200 characters, with
the total length, so that a 10 MB title makes a short message.

Core code: no Rich here. Renderers that use Rich put the result in a
``rich.text.Text``, never in markup.
"""

from __future__ import annotations

import re

# Beyond C0: what JSON leaves raw. Together: every character safe_text escapes.
_BEYOND_C0 = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")
_UNSAFE_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
LIMIT = 200


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """``text`` with every control, bidi and line-separator character written
    as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``): one line of
    printable text, whatever the input. Applying it twice changes nothing
    more."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def safe_lines(text: str) -> str:
    """Like `safe_text`, but line feeds and tabs stay as they are: for a
    format that writes them its own way (iCalendar text writes a line feed
    as ``\\n``). A lone carriage return is escaped."""
    if _UNSAFE_BUT_LINES.search(text) is None:
        return text
    return _UNSAFE_BUT_LINES.sub(_escape, text)


def clip(text: str, limit: int = LIMIT) -> str:
    """``text`` when it is at most ``limit`` characters; else its first
    ``limit`` characters, an ellipsis and the total length
    (``xxx… (10000000 characters)``). Not escaped: pass the result, or the
    message it goes in, through `safe_text`."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def shown(text: str, limit: int = LIMIT) -> str:
    """User text as a message quotes it: clipped, then made safe."""
    return safe_text(clip(text, limit))


def json_safe(document: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every
    character `safe_text` escapes written as a ``\\uXXXX`` escape. JSON
    already escapes C0 controls; this adds DEL, C1, bidi, the line
    separators and lone surrogates. Those characters appear only inside
    strings, and the escapes decode to the same characters, so the data is
    unchanged."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def counted(count: int, noun: str) -> str:
    """``1 problem``, ``2 problems``: a count with its noun (plural by -s)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
