"""YAML text → position-carrying nodes, read from libyaml's event stream.


Nothing here constructs Python objects from YAML: there is no ``yaml.load``
and no YAML 1.1 implicit typing. Every scalar stays the text that was written
(``12:30``, ``off`` and ``0.10`` are three strings), and the schema readers
(``calendar.py``, ``rules.py``, ``backlog.py``, with ``fields.py``) decide
what a value means.

What the composer enforces (docs/reference.md#how-values-are-read,
docs/security.md), each as a ``Problem`` with file, line, column and a sentence saying what to do:

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
- at most ``MAX_PROBLEMS`` problems a file; tabs used for indentation get
  their own message. The bytes are read and decoded by ``decode.py``.

Offsets (``Node.start``/``Node.end``) count characters in the decoded text
that ``read_text`` returns (BOM removed, line ends kept as written), so that
``fix`` can rewrite a value in place.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
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

from contentplan.core.limits import (
    ALIAS_BASE,
    ALIAS_FACTOR,
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    MAX_PROBLEMS,
)
from contentplan.core.model import Problem
from contentplan.core.quoting import quote
from contentplan.load.decode import file_problem, read_text
from contentplan.load.nodes import Lines, MapNode, Node, ScalarNode, SeqNode

try:  # libyaml is the fast path; the pure-Python parser gives the same events.
    _Loader: Any = yaml.CSafeLoader
    _LIBYAML = True
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    _LIBYAML = False

__all__ = ["paused_gc", "parse_text", "read_document", "too_many"]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# A key that could not be used (not a scalar). NUL cannot occur in YAML text,
# so no written key collides with it.
_BAD_KEY_TEXT = "\x00"
# Read flat mappings compactly (see MapNode); tests turn it off to compare.
FLAT_MAPPINGS = True
# Above this many new tracked objects, paused_gc freezes them (see there).
FREEZE_ABOVE = 50_000


class _Mark(Protocol):
    line: int
    column: int
    index: int


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
            file_problem(display, f"the text cannot be read as YAML: {quote(str(error))}")
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
        problems.append(file_problem(display, f"YAML error: {quote(str(error))}: fix the YAML"))
        return None, problems
    except UnicodeError as error:
        problems.append(file_problem(display, f"the text cannot be encoded: {error}"))
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
                file_problem(
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
            self.problems.append(file_problem(self.display, message))
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
