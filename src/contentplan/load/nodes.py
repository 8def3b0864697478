"""YAML nodes that know where they were written.

``Node.start``/``Node.end`` count characters in the decoded text (BOM
removed, line ends kept as written), so that ``fix`` can rewrite a value in
place; ``line`` and ``column`` are 1-based, as libyaml counts them. The
composer (``compose.py``) makes them; the readers (``fields.py``) read them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from contentplan.core.model import Where

__all__ = ["Lines", "MapNode", "Node", "ScalarNode", "SeqNode"]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


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

    def _is_simple(self) -> bool:
        """Only LF and CRLF line ends: counting '\n' is exact."""
        if self._simple is None:
            text = self.text
            self._simple = text.count("\r") == text.count("\r\n") and not any(
                mark in text for mark in "\x85\u2028\u2029"
            )
        return self._simple

    def locate_after(self, index: int, line: int, column: int, start: int) -> tuple[int, int]:
        """``locate(index)`` for an index at or after ``start``, whose place
        (``line``, ``column``) is known: with only LF and CRLF line ends,
        counted from there (no table of the whole text is made)."""
        if not self._is_simple():
            return self.locate(index)
        text = self.text
        breaks = text.count("\n", start, index)
        if not breaks:
            return line, column + index - start
        return line + breaks, index - text.rfind("\n", start, index)

    def locate(self, index: int) -> tuple[int, int]:
        text = self.text
        starts = self._starts
        if starts is None:
            if self._is_simple() and self._asked < self.DIRECT:
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
