"""YAML text → position-carrying nodes, read from libyaml's event stream.

Nothing here constructs Python objects from YAML: there is no ``yaml.load``
and no YAML 1.1 implicit typing. Every scalar stays the text that was written
(``12:30``, ``off`` and ``0.10`` are three strings), and the schema readers
(``calendar.py``, ``rules.py``, ``backlog.py``) decide what a value means.

What the reader enforces (SPEC §2.1, §6), each as a ``Problem`` with file,
line, column and a sentence saying what to do:

- duplicate keys in one mapping (both lines named);
- anchors, aliases and ``<<`` merge keys work; explicit keys win over merged
  ones, and earlier merge sources win over later ones. Aliases share node
  objects, and their expanded size is computed arithmetically, so a document
  whose aliases would expand to more than 10,000 nodes plus ten times the
  nodes written in it is refused without ever being expanded;
- nesting deeper than ``MAX_DEPTH`` (100) is refused, aliases included;
- explicit tags other than the core ``str``/``map``/``seq`` ones are errors and
  are never constructed;
- keys must be scalars; one document per file; the document is a mapping;
- bytes: a size limit checked with ``os.stat`` first, UTF-8 with or without a
  BOM, LF or CRLF; invalid UTF-8, UTF-16/32, NUL bytes and tabs used for
  indentation each get their own message.

Offsets (``Node.start``/``Node.end``) count characters in the decoded text
that ``read_text`` returns (BOM removed, line ends kept as written), so that
``fix`` can rewrite a value in place.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Collection, Iterator, Sequence
from itertools import accumulate
from typing import Any, Protocol

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from contentplan.core.files import record_input
from contentplan.core.limits import (
    ALIAS_BASE,
    ALIAS_FACTOR,
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    MAX_PROBLEMS,
    read_at_most,
)
from contentplan.core.model import Problem, Where
from contentplan.core.quoting import quote, quote_names

try:  # libyaml is the fast path; the pure-Python parser gives the same events.
    _Loader: Any = yaml.CSafeLoader
    _LIBYAML = True
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    _LIBYAML = False

__all__ = [
    "ALIAS_BASE",
    "ALIAS_FACTOR",
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "Issues",
    "Lines",
    "MapNode",
    "Node",
    "ScalarNode",
    "SeqNode",
    "TooManyProblems",
    "decode",
    "describe",
    "parse_text",
    "paused_gc",
    "read_document",
    "read_text",
    "suggest",
]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# A key that could not be used (not a scalar). NUL cannot occur in YAML text,
# so no written key collides with it.
_BAD_KEY_TEXT = "\x00"


class _Mark(Protocol):
    line: int
    column: int
    index: int


# ---------------------------------------------------------------- nodes


class Lines:
    """Line and column of a character offset in one text, as libyaml counts
    them. A large calendar that passes has most of its scalars never asked
    where they are, so nothing is computed up front: the first few questions
    are answered by counting, and a table of line starts is made once more
    are asked (``fix`` asks for every post)."""

    __slots__ = ("text", "_starts", "_asked", "_simple")

    DIRECT = 16  # questions answered by counting before the table is made

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._asked = 0
        self._simple: bool | None = None

    def locate(self, index: int) -> tuple[int, int]:
        text = self.text
        starts = self._starts
        if starts is None:
            if self._simple is None:
                # Only LF and CRLF line ends: counting '\n' is exact.
                self._simple = text.count("\r") == text.count("\r\n") and not any(
                    mark in text for mark in "\x85\u2028\u2029"
                )
            if self._simple and self._asked < self.DIRECT:
                self._asked += 1
                return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
            # str.splitlines breaks where libyaml does (LF, CR, CRLF, NEL, LS,
            # PS), once the text has parsed: the other characters it breaks at
            # are control characters that libyaml refuses.
            pieces = text.splitlines(True)
            starts = [0, *accumulate(map(len, pieces))]
            if pieces and pieces[-1].splitlines()[0] == pieces[-1]:
                starts.pop()  # the last line has no break: nothing starts after it
            self._starts = starts
        row = bisect_right(starts, index) - 1
        return row + 1, index - starts[row] + 1


class Node:
    """A YAML node and its place in the text: 1-based ``line`` and ``column``,
    and character offsets [``start``, ``end``)."""

    __slots__ = ("start", "end")
    start: int
    end: int

    kind = "node"

    @property
    def line(self) -> int:
        raise NotImplementedError

    @property
    def column(self) -> int:
        raise NotImplementedError

    def where(self, file: str) -> Where:
        return Where(file, self.line, self.column, self.start, self.end)


class ScalarNode(Node):
    """A scalar exactly as written. ``plain`` is False for quoted, block and
    explicitly tagged scalars, so only a plain empty, ``~`` or ``null`` reads
    as "no value". Its line and column are found from ``start`` when asked
    (most scalars of a large file are never asked)."""

    __slots__ = ("value", "plain", "lines")

    kind = "text"

    def __init__(self, value: str, plain: bool, start: int, end: int, lines: Lines) -> None:
        self.value = value
        self.plain = plain
        self.start = start
        self.end = end
        self.lines = lines

    @property
    def line(self) -> int:
        return self.lines.locate(self.start)[0]

    @property
    def column(self) -> int:
        return self.lines.locate(self.start)[1]

    def where(self, file: str) -> Where:
        line, column = self.lines.locate(self.start)
        return Where(file, line, column, self.start, self.end)

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r} @ {self.line}:{self.column})"


class _Collection(Node):
    __slots__ = ("_line", "_column")

    def __init__(self, line: int, column: int, start: int, end: int) -> None:
        self._line = line
        self._column = column
        self.start = start
        self.end = end

    @property
    def line(self) -> int:
        return self._line

    @property
    def column(self) -> int:
        return self._column

    def where(self, file: str) -> Where:
        return Where(file, self._line, self._column, self.start, self.end)


class SeqNode(_Collection):
    __slots__ = ("items",)

    kind = "a list"

    def __init__(self, line: int, column: int, start: int, end: int) -> None:
        super().__init__(line, column, start, end)
        self.items: list[Node] = []

    def __repr__(self) -> str:
        return f"SeqNode({len(self.items)} items @ {self.line}:{self.column})"


class MapNode(_Collection):
    """A mapping: ``entries`` maps each key's text to (key node, value node),
    in the order written; keys merged in with ``<<`` follow the written ones.

    A *flat* mapping (plain keys, scalar values, no anchors, tags, aliases,
    merges or repeated keys: what a post usually is) is kept compact: its
    value texts in ``texts`` and their places in ``spots``, five ints a key
    (key start, key end, value start, value end, value plain). ``entries`` is
    made from them when first asked for. Readers with a fast path use
    ``texts``; everything else sees the same mapping either way."""

    __slots__ = ("_entries", "texts", "spots", "lines")

    kind = "a mapping"

    def __init__(self, line: int, column: int, start: int, end: int) -> None:
        super().__init__(line, column, start, end)
        self._entries: dict[str, tuple[ScalarNode, Node]] | None = {}
        self.texts: dict[str, str] | None = None
        self.spots: list[int] | None = None
        self.lines: Lines | None = None

    @classmethod
    def flat(cls, line: int, column: int, start: int, lines: Lines) -> MapNode:
        node = cls(line, column, start, start)
        node._entries = None
        node.texts = {}
        node.spots = []
        node.lines = lines
        return node

    @property
    def entries(self) -> dict[str, tuple[ScalarNode, Node]]:
        entries = self._entries
        if entries is None:
            entries = self._entries = self.unflatten()
        return entries

    def unflatten(self) -> dict[str, tuple[ScalarNode, Node]]:
        """The entries of a flat mapping as nodes; it stops being flat."""
        texts, spots, lines = self.texts, self.spots, self.lines
        assert texts is not None and spots is not None and lines is not None
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        at = 0
        for key, value in texts.items():
            entries[key] = (
                ScalarNode(key, True, spots[at], spots[at + 1], lines),
                ScalarNode(value, bool(spots[at + 4]), spots[at + 2], spots[at + 3], lines),
            )
            at += 5
        self._entries = entries
        self.texts = self.spots = None
        return entries

    def value_where(self, key: str, file: str) -> Where:
        """Where a key's value is, without unflattening a flat mapping."""
        texts, spots, lines = self.texts, self.spots, self.lines
        if texts is None or spots is None or lines is None:
            return self.entries[key][1].where(file)
        at = 5 * list(texts).index(key)
        start = spots[at + 2]
        line, column = lines.locate(start)
        return Where(file, line, column, start, spots[at + 3])

    def keys(self) -> list[str]:
        return list(self.texts if self.texts is not None else self.entries)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return None if entry is None else entry[1]

    def key_node(self, key: str) -> ScalarNode | None:
        entry = self.entries.get(key)
        return None if entry is None else entry[0]

    def __contains__(self, key: object) -> bool:
        return key in (self.texts if self.texts is not None else self.entries)

    def __len__(self) -> int:
        return len(self.texts if self.texts is not None else self.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    @property
    def pairs(self) -> list[tuple[ScalarNode, Node]]:
        return list(self.entries.values())

    def __repr__(self) -> str:
        return f"MapNode({self.keys()} @ {self.line}:{self.column})"


# ------------------------------------------------------------- reading bytes


class _FileMark:
    """A mark for problems that have a place but no YAML event."""

    __slots__ = ("line", "column", "index")

    def __init__(self, line: int, column: int, index: int) -> None:
        self.line, self.column, self.index = line, column, index


def read_text(path: str, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[
    str | None, list[Problem]
]:
    """The file's text, decoded as SPEC §2.1 says, or None and the reason.

    The size is checked with ``os.stat`` before anything is read, and at most
    ``max_bytes + 1`` bytes are ever read (a file may grow meanwhile).
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None, [_file_problem(display, "file not found: check the path")]
    except OSError as error:
        return None, [_file_problem(display, f"cannot read the file: {error.strerror or error}")]
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
        return None, [_file_problem(display, "this is a folder, not a file: name a YAML file")]
    except OSError as error:
        return None, [_file_problem(display, f"cannot read the file: {error.strerror or error}")]
    if len(data) > max_bytes:
        return None, [_too_big(display, len(data), max_bytes)]
    record_input(path, data)
    return decode(data, display)


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _not_regular(display: str) -> Problem:
    return _file_problem(
        display,
        "this is not a regular file (a pipe, device or socket): name a YAML file",
    )


def _too_big(display: str, size: int, max_bytes: int) -> Problem:
    return _file_problem(
        display,
        f"the file is {size:,} bytes, more than the limit of {max_bytes:,}: "
        "split it into smaller files, or raise --max-bytes",
    )


def _file_problem(display: str, message: str, line: int = 1, column: int = 1) -> Problem:
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
            _file_problem(
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
            _file_problem(
                display,
                f"the file is not valid UTF-8: byte 0x{data[offset]:02x} at byte offset "
                f"{offset} cannot be read; save the file as UTF-8",
                line,
                column,
            )
        ]


def _utf16(display: str) -> Problem:
    return _file_problem(
        display,
        "the file is UTF-16 (or UTF-32) text: save it as UTF-8 (with or without a BOM)",
    )


def _byte_place(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, offset) + 1, len(prefix) + 1


# -------------------------------------------------------------- parsing


class _Fatal(Exception):
    """Stops the event walk; the Problem is already recorded."""


def read_document(
    path: str, display: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[MapNode | None, list[Problem]]:
    """Read a file into its top-level mapping, or None with the problems."""
    text, problems = read_text(path, display, max_bytes)
    if text is None:
        return None, problems
    return parse_text(text, display)


def parse_text(text: str, display: str) -> tuple[MapNode | None, list[Problem]]:
    """Parse YAML text into a MapNode. Problems that leave the tree usable
    (duplicate keys, forbidden tags, non-scalar keys, bad merges) come back with
    the tree; fatal ones (syntax, caps, not a mapping) come back with None."""
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        loader = _Loader(text)
    except (UnicodeError, yaml.YAMLError) as error:
        problems.append(
            _file_problem(display, f"the text cannot be read as YAML: {quote(str(error))}")
        )
        return None, problems
    # The walk allocates hundreds of thousands of objects that all stay alive
    # and form no cycles; the cyclic collector would rescan them again and
    # again (it triples the time), so it is paused for the walk.
    try:
        with paused_gc():
            root = _Composer(display, problems, text).compose(
                iter(loader.get_event, None)
            )
    except _Fatal:
        return None, problems
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(error, text, display))
        return None, problems
    except yaml.reader.ReaderError as error:
        problems.append(_reader_problem(error, text, display))
        return None, problems
    except yaml.YAMLError as error:  # pragma: no cover - other libyaml errors
        problems.append(_file_problem(display, f"YAML error: {quote(str(error))}: fix the YAML"))
        return None, problems
    except UnicodeError as error:
        problems.append(_file_problem(display, f"the text cannot be encoded: {error}"))
        return None, problems
    finally:
        loader.dispose()
    return root, problems


class _Composer:
    """One pass over the events: nodes, anchors, caps. Kept in one loop with
    locals for the current container, since this is the hot path of `check`."""

    def __init__(self, display: str, problems: list[Problem], text: str) -> None:
        self.lines = Lines(text)
        text_length = len(text)
        self.display = display
        self.problems = problems
        # More than the nodes any text this long can write (a flow `[?,?]`
        # writes 1.5 a character), so that an alias bomb is refused as soon as
        # it shows; the exact cap is checked once the document is read.
        self.hard_cap = ALIAS_BASE + ALIAS_FACTOR * (4 * text_length + 4)

    def problem(self, mark: _Mark, message: str) -> None:
        self._add(Problem(self.display, mark.line + 1, mark.column + 1, message))

    def at(self, node: Node, message: str) -> None:
        self._add(Problem(self.display, node.line, node.column, message))

    def _add(self, problem: Problem) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(too_many(problem))
            raise _Fatal()
        self.problems.append(problem)

    def fatal(self, mark: _Mark, message: str) -> _Fatal:
        self.problem(mark, message)
        return _Fatal()

    def compose(self, events: Iterator[Any]) -> MapNode | None:
        problems = self.problems
        anchors: dict[str, tuple[Node, int, int]] = {}  # node, expanded size, height
        merging: list[MapNode] = []
        # Saved parent states: (container node, entries, items, pending key,
        # anchor, written at start, aliased at start, deepest at start).
        stack: list[tuple[Any, ...]] = []
        node: Node
        cur: Node | None = None
        entries: dict[str, tuple[ScalarNode, Node]] | None = None
        items: list[Node] | None = None
        key: ScalarNode | None = None
        # A flat mapping being read (see MapNode): its texts and spots, and
        # the text and place of a key waiting for its value.
        texts: dict[str, str] | None = None
        spots: list[int] | None = None
        flat_key: str | None = None
        key_start = key_end = 0
        root: Node | None = None
        lines = self.lines
        documents = 0
        depth = 0
        deepest = 0
        written = 0  # nodes written in the text, aliases not included
        aliases = 0  # aliases written in the text
        aliased = 0  # nodes that the aliases stand for, expanded
        room = MAX_NODES  # how many nodes may be written: MAX_NODES less aliased

        for event in events:
            cls = event.__class__
            if cls is ScalarEvent:
                written += 1
                if written > room:
                    raise self._too_large(event.start_mark)
                if texts is not None:
                    if event.anchor is None and event.tag is None:
                        if flat_key is None:
                            text = event.value
                            if event.implicit[0] and text not in texts and text != "<<":
                                flat_key = text
                                key_start = event.start_mark.index
                                key_end = event.end_mark.index
                                continue
                        else:
                            texts[flat_key] = event.value
                            spots += (  # type: ignore[operator]
                                key_start,
                                key_end,
                                event.start_mark.index,
                                event.end_mark.index,
                                event.implicit[0],
                            )
                            flat_key = None
                            continue
                    # Not flat after all: read on with nodes.
                    entries, key = _unflatten(cur, flat_key, key_start, key_end)
                    texts = spots = flat_key = None
                node = ScalarNode(
                    event.value,
                    event.implicit[0],
                    event.start_mark.index,
                    event.end_mark.index,
                    lines,
                )
                if event.anchor is not None or event.tag is not None:
                    if event.tag is not None and event.tag != _STR:
                        self._bad_tag(event.tag, event.start_mark, "text")
                    if event.anchor is not None:
                        anchors[event.anchor] = (node, 1, 0)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                written += 1
                if written > room:
                    raise self._too_large(event.start_mark)
                depth += 1
                if depth > MAX_DEPTH:
                    raise self.fatal(
                        event.start_mark,
                        f"the YAML nests deeper than {MAX_DEPTH} levels: flatten it "
                        "(a calendar needs only a few levels)",
                    )
                if depth > deepest:
                    deepest = depth
                if texts is not None:
                    entries, key = _unflatten(cur, flat_key, key_start, key_end)
                    texts = spots = flat_key = None
                stack.append((cur, entries, items, key, event.anchor, written, aliased, deepest))
                if event.anchor is not None:
                    deepest = depth
                key = None
                mark = event.start_mark
                if cls is MappingStartEvent:
                    if event.tag is not None and event.tag != _MAP:
                        self._bad_tag(event.tag, mark, "a mapping")
                    if FLAT_MAPPINGS:
                        cur = MapNode.flat(mark.line + 1, mark.column + 1, mark.index, lines)
                        texts = cur.texts
                        spots = cur.spots
                        entries = None
                    else:
                        cur = MapNode(mark.line + 1, mark.column + 1, mark.index, mark.index)
                        entries = cur.entries
                    items = None
                else:
                    if event.tag is not None and event.tag != _SEQ:
                        self._bad_tag(event.tag, mark, "a list")
                    cur = SeqNode(mark.line + 1, mark.column + 1, mark.index, mark.index)
                    items = cur.items
                    entries = None
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                assert cur is not None
                node = cur
                node.end = event.end_mark.index
                if (
                    entries is not None
                    and ("<<" in entries or _BAD_KEY_TEXT in entries)
                    and self._finish_mapping(entries)
                ):
                    merging.append(node)  # type: ignore[arg-type]
                cur, entries, items, key, anchor, written0, aliased0, deepest0 = stack.pop()
                # A parent is never flat here: it stopped being flat when
                # this child started.
                texts = spots = None
                if anchor is not None:
                    height = deepest - depth + 1
                    anchors[anchor] = (node, written - written0 + 1 + aliased - aliased0, height)
                    if deepest0 > deepest:
                        deepest = deepest0
                depth -= 1
            elif cls is AliasEvent:
                target = anchors.get(event.anchor)
                if target is None:
                    raise self.fatal(
                        event.start_mark,
                        f"the alias *{quote(event.anchor)} refers to no anchor defined "
                        "before it (an alias cannot point into the node that holds it): "
                        f"define &{quote(event.anchor)} earlier",
                    )
                aliases += 1
                node, size, height = target
                aliased += size
                if aliased > self.hard_cap:
                    raise self._alias_bomb(event.start_mark)
                room = MAX_NODES - aliased
                if written > room:
                    raise self._too_large(event.start_mark)
                if depth + height > MAX_DEPTH:
                    raise self.fatal(
                        event.start_mark,
                        f"the alias *{quote(event.anchor)} makes the YAML nest deeper than "
                        f"{MAX_DEPTH} levels: flatten it",
                    )
                if depth + height > deepest:
                    deepest = depth + height
                if texts is not None:
                    entries, key = _unflatten(cur, flat_key, key_start, key_end)
                    texts = spots = flat_key = None
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fatal(
                        event.start_mark,
                        "the file holds more than one YAML document (a second '---'): "
                        "keep one document per file, or split it into several files",
                    )
                continue
            else:  # stream start/end, document end
                continue

            # Attach the finished node to its container.
            if entries is not None:
                if key is None:
                    if type(node) is ScalarNode:
                        key = node
                    else:
                        self.at(
                            node,
                            f"a key here is {node.kind}, but keys must be plain text: "
                            "write a name followed by ':'",
                        )
                        key = _bad_key(node, lines)
                else:
                    text = key.value
                    if text in entries:
                        self._duplicate(entries, key)
                    else:
                        entries[text] = (key, node)
                    key = None
            elif items is not None:
                items.append(node)
            else:
                root = node

        if aliased > ALIAS_BASE + ALIAS_FACTOR * (written + aliases):
            raise self._alias_bomb(None)
        for mapping in merging:
            self._merge(mapping)
        if root is None:
            problems.append(
                _file_problem(
                    self.display,
                    "the file is empty (it holds no YAML document): write a mapping of "
                    "keys, starting with version: 1",
                )
            )
            return None
        if not isinstance(root, MapNode):
            if isinstance(root, ScalarNode) and root.is_null:
                message = (
                    "the document is empty: write a mapping of keys, starting with "
                    "version: 1"
                )
            else:
                message = (
                    f"the top level of the file is {root.kind}, but it must be a mapping "
                    "of keys (version:, brand:, …): remove the leading '-' or the text"
                )
            self.at(root, message)
            return None
        return root

    # Rare paths, kept out of the loop.

    def _bad_tag(self, tag: str, mark: _Mark, kind: str) -> None:
        kind = {"text": "value", "a mapping": "mapping", "a list": "list"}[kind]
        shown = quote(tag.replace("tag:yaml.org,2002:", "!!"))
        self.problem(
            mark,
            f"the tag {shown} is not allowed (tags are never run or constructed): "
            f"remove it and write the {kind} without a tag",
        )

    def _too_large(self, mark: _Mark) -> _Fatal:
        self.problems.append(
            Problem(
                self.display,
                mark.line + 1,
                mark.column + 1,
                f"the file holds more than {MAX_NODES:,} YAML values, keys, lists and "
                "mappings (aliases counted as what they stand for), more than the checker "
                "reads from one file: split it into smaller files",
            )
        )
        return _Fatal()

    def _alias_bomb(self, mark: _Mark | None) -> _Fatal:
        message = (
            "the YAML aliases (*name) would expand to more than "
            f"{ALIAS_BASE:,} nodes plus {ALIAS_FACTOR} times the nodes written: "
            "the file is refused as an alias bomb; write the values out or use fewer aliases"
        )
        if mark is None:
            self.problems.append(_file_problem(self.display, message))
        else:
            self.problem(mark, message)
        return _Fatal()

    def _duplicate(self, entries: dict[str, tuple[ScalarNode, Node]], key: ScalarNode) -> None:
        if key.value == _BAD_KEY_TEXT:
            return
        first = entries[key.value][0]
        self.at(
            key,
            f"the key '{quote(key.value)}' appears twice in one mapping (line {first.line} and "
            f"line {key.line}): keep one of them",
        )

    def _finish_mapping(self, entries: dict[str, tuple[ScalarNode, Node]]) -> bool:
        """Drop placeholder keys; True when the mapping has a merge to resolve."""
        entries.pop(_BAD_KEY_TEXT, None)
        merge = entries.get("<<")
        if merge is None or not merge[0].plain:
            return False
        sources = merge[1]
        ok = isinstance(sources, MapNode) or (
            isinstance(sources, SeqNode)
            and all(isinstance(item, MapNode) for item in sources.items)
        )
        if not ok:
            del entries["<<"]
            self.at(
                sources,
                "a merge key '<<' takes a mapping or a list of mappings (e.g. <<: *defaults): "
                "point it at an anchored mapping",
            )
            return False
        return True

    def _merge(self, node: MapNode) -> None:
        """Resolve ``<<``: written keys win; earlier sources win over later."""
        entries = node.entries
        merge = entries.pop("<<")[1]
        sources: Sequence[Node] = merge.items if isinstance(merge, SeqNode) else [merge]
        for source in sources:
            assert isinstance(source, MapNode)
            for text, pair in source.entries.items():
                if text not in entries:
                    entries[text] = pair


def _unflatten(
    node: Node | None, flat_key: str | None, key_start: int, key_end: int
) -> tuple[dict[str, tuple[ScalarNode, Node]], ScalarNode | None]:
    """Turn the flat mapping being read into nodes: its entries, and the
    node of the key that waits for its value, if one does."""
    assert isinstance(node, MapNode) and node.lines is not None
    entries = node.unflatten()
    if flat_key is None:
        return entries, None
    return entries, ScalarNode(flat_key, True, key_start, key_end, node.lines)


def _bad_key(node: Node, lines: Lines) -> ScalarNode:
    return ScalarNode(_BAD_KEY_TEXT, False, node.start, node.end, lines)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    index = mark.index if mark is not None else 0
    # libyaml's sentences can name what was found (a tag, an anchor): quoted.
    problem = quote((error.problem or "").strip())
    context = quote((error.context or "").strip())
    at_end = index >= len(text.rstrip())
    char = text[index] if 0 <= index < len(text) else ""
    lines = text.split("\n")
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if char == "\t" or "tab" in problem or "\t" in indent:
        message = (
            "a tab is used for indentation here: YAML indents with spaces only; "
            "replace the tab with spaces"
        )
    elif "quoted scalar" in context and "end of stream" in problem and error.context_mark:
        start = error.context_mark
        message = (
            f"the quoted value that starts at line {start.line + 1}, column "
            f"{start.column + 1} is never closed: add the closing quote"
        )
        line, column = start.line + 1, start.column + 1
    elif "maximum nesting depth" in problem:
        # libyaml 0.2.5+ (PyYAML 6.0.4 wheels) refuses deep flow nesting in
        # its scanner, which reads ahead of the events our own cap counts.
        message = (
            f"the YAML nests deeper than {MAX_DEPTH} levels: flatten it "
            "(a calendar needs only a few levels)"
        )
    else:
        where = ""
        if context and error.context_mark is not None:
            where = (
                f" ({context} at line {error.context_mark.line + 1}, "
                f"column {error.context_mark.column + 1})"
            )
        hint = (
            "the file ends too early (is it cut off?): complete or remove the last entry"
            if at_end
            else "check the indentation, quotes, brackets and ':' here"
        )
        message = f"YAML syntax error: {problem}{where}: {hint}"
    return Problem(display, line, column, message)


def _reader_problem(error: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    position = error.position
    if _LIBYAML:  # libyaml reports a byte offset into the UTF-8 text
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    character = error.character
    code = f"#x{character:04x}" if isinstance(character, int) else repr(character)
    return Problem(
        display,
        line,
        column,
        f"the character {code} is not allowed in YAML (control characters are not): "
        "remove it, or write it as an escape inside double quotes",
    )


# --------------------------------------------------- helpers for the readers


# Read flat mappings compactly (see MapNode); tests turn it off to compare.
FLAT_MAPPINGS = True
# Above this many new tracked objects, paused_gc freezes them (see there).
FREEZE_ABOVE = 50_000


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a loader builds many
    long-lived objects that form no cycles.

    Left running, the collector rescans every node each time a generation
    fills up: it doubles the time of reading a large calendar. When the pause
    made many objects (a large file), they are moved to the permanent
    generation with ``gc.freeze()`` before the collector resumes, so that it
    does not rescan them later either. Frozen objects are still freed by
    reference counting as usual; the one cost is that garbage cycles which
    exist at that moment are never collected, which is bounded and harmless
    for a command-line run. Nested pauses leave the decision to the outermost.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            if gc.get_count()[0] > FREEZE_ABOVE:
                gc.freeze()
            gc.enable()


# difflib compares the word with every choice, each in time that grows with
# both lengths: past these sizes a suggestion is not worth its cost (a rules
# file can name 50,000 pillars, a key can be megabytes long).
SUGGEST_CHOICES = 1_000
SUGGEST_LENGTH = 100


def suggest(word: str, choices: Collection[str]) -> str:
    """`` Did you mean 'x'?`` for a near miss, else ``""``."""
    if len(word) > SUGGEST_LENGTH or len(choices) > SUGGEST_CHOICES:
        return ""
    # A choice more than 2.4 times as long as the word cannot reach difflib's
    # cutoff of 0.6 (its ratio is at most 2 × shorter / (sum of lengths)).
    longest = 2.4 * len(word) + 1
    pool = [choice for choice in choices if len(choice) <= longest]
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""


def describe(node: Node) -> str:
    """How a node reads in a message."""
    if isinstance(node, ScalarNode):
        return repr(quote(node.value))
    return node.kind


class TooManyProblems(Exception):
    """A file reached ``MAX_PROBLEMS`` problems; the note that says so is
    already recorded. The reader stops, and the file is not used."""


def too_many(last: Problem) -> Problem:
    """The note that ends a file's problems, at the place of the first one
    that is not shown."""
    return Problem(
        last.file,
        last.line,
        last.column,
        f"the file has more than {MAX_PROBLEMS:,} problems: the first {MAX_PROBLEMS:,} are "
        "shown and the rest of the file was not read; fix these and run again",
    )


class Issues:
    """Collects the Problems of one file, with helpers that read nodes as the
    schemas want them. Every method reports and returns None on bad input."""

    __slots__ = ("file", "problems")

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def add(self, node: Node | None, message: str, post_id: str | None = None) -> None:
        if node is None:
            problem = Problem(self.file, 1, 1, message, post_id)
        else:
            problem = Problem(self.file, node.line, node.column, message, post_id)
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(too_many(problem))
            raise TooManyProblems
        self.problems.append(problem)

    def unknown_keys(
        self,
        mapping: MapNode,
        allowed: Collection[str],
        where: str,
        post_id: str | None = None,
    ) -> None:
        """Report every key of ``mapping`` not in ``allowed``, with a suggestion."""
        for text, (key, _value) in mapping.entries.items():
            if text not in allowed:
                self.add(
                    key,
                    f"unknown key '{quote(text)}' {where}.{suggest(text, allowed)} "
                    f"The keys allowed here are: {', '.join(allowed)}",
                    post_id,
                )

    def missing(self, mapping: MapNode, key: str, where: str, post_id: str | None = None) -> None:
        self.add(mapping, f"{where} has no '{key}:': add it", post_id)

    def text(
        self, node: Node, what: str, post_id: str | None = None, required: bool = False
    ) -> str | None:
        """A scalar's text; None for a plain empty/~/null (reported when required)."""
        if isinstance(node, ScalarNode):
            if node.is_null:
                if required:
                    self.add(node, f"{what} has no value: write one", post_id)
                return None
            return node.value
        self.add(node, f"{what} must be a single value, not {node.kind}", post_id)
        return None

    def mapping(self, node: Node, what: str, post_id: str | None = None) -> MapNode | None:
        if isinstance(node, MapNode):
            return node
        if isinstance(node, ScalarNode) and node.is_null:
            return MapNode(node.line, node.column, node.start, node.end)
        self.add(node, f"{what} must be a mapping of keys, not {describe(node)}", post_id)
        return None

    def names(
        self, node: Node, what: str, post_id: str | None = None, single: bool = False
    ) -> list[tuple[str, ScalarNode]] | None:
        """A list of texts (``[a, b]``), each with its node; ``single`` also
        takes one bare name. Duplicates are reported and dropped."""
        if isinstance(node, ScalarNode) and node.is_null:
            return []
        items: list[Node]
        if isinstance(node, SeqNode):
            items = node.items
        elif single and isinstance(node, ScalarNode):
            items = [node]
        else:
            self.add(node, f"{what} must be a list like [a, b], not {describe(node)}", post_id)
            return None
        out: list[tuple[str, ScalarNode]] = []
        seen: set[str] = set()
        for item in items:
            if not isinstance(item, ScalarNode) or item.is_null:
                self.add(item, f"each entry of {what} must be a name, not {describe(item)}",
                         post_id)
                continue
            if item.value in seen:
                self.add(item, f"{what} names '{quote(item.value)}' twice: keep one", post_id)
                continue
            seen.add(item.value)
            out.append((item.value, item))
        return out

    def choice(
        self, node: Node, what: str, choices: Sequence[str], post_id: str | None = None
    ) -> str | None:
        value = self.text(node, what, post_id)
        if value is None:
            return None
        if value not in choices:
            self.add(
                node,
                f"{what} is '{quote(value)}', which is not one of: {quote_names(choices)}."
                f"{suggest(value, choices)}",
                post_id,
            )
            return None
        return value

    def integer(
        self,
        node: Node,
        what: str,
        low: int | None = None,
        high: int | None = None,
        post_id: str | None = None,
    ) -> int | None:
        value = self.text(node, what, post_id)
        if value is None:
            return None
        if not _INTEGER.fullmatch(value):
            self.add(node, f"{what} is '{quote(value)}', which is not a whole number: "
                           "write digits, e.g. 3", post_id)
            return None
        # A whole number is at most LARGEST_INTEGER, or `high` when that is
        # set; a longer text is never converted (int() refuses 4,300 digits).
        top = LARGEST_INTEGER if high is None else high
        digits = value.lstrip("0") or "0"
        number = int(digits) if len(digits) <= len(str(top)) else None
        if number is None or number > top or (low is not None and number < low):
            shown = value if len(value) <= 20 else f"{value[:17]}..."
            if high is None and (number is None or number > top):
                self.add(node, f"{what} is {shown}, which is too large: write at most "
                               f"{LARGEST_INTEGER:,}", post_id)
                return None
            span = (
                f"from {low} to {high}" if low is not None and high is not None
                else f"at least {low}" if low is not None else f"at most {high}"
            )
            self.add(node, f"{what} is {shown}, but it must be {span}", post_id)
            return None
        return number

    def version(self, root: MapNode) -> None:
        entry = root.entries.get("version")
        if entry is None:
            self.add(root, "the file has no 'version:': add 'version: 1' at the top")
            return
        node = entry[1]
        if not (isinstance(node, ScalarNode) and node.value.strip() == "1"):
            self.add(node, f"version is {describe(node)}, but only version 1 exists: "
                           "write 'version: 1'")


_INTEGER = re.compile(r"[0-9]+", re.ASCII)
# The largest whole number a file may give where no smaller bound applies.
LARGEST_INTEGER = 1_000_000_000
