"""The readers every schema loader uses: ``Issues`` collects the Problems
of one file and reads nodes as the schemas want them (text, a mapping, a
list of names, a choice, a whole number, the version), with a suggestion for
a near miss; ``read_file`` runs a schema reader over a file's top-level
mapping and stops it at ``MAX_PROBLEMS``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from contentplan.core.limits import DEFAULT_MAX_BYTES, MAX_PROBLEMS
from contentplan.core.model import Problem
from contentplan.core.quoting import quote, quote_names
from contentplan.load.compose import paused_gc, read_document, too_many
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode

__all__ = ["Issues", "TooManyProblems", "describe", "read_file", "suggest"]

_Read = TypeVar("_Read")


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
                self.unknown_name(
                    key,
                    f"unknown key '{quote(text)}' {where}",
                    text,
                    allowed,
                    f"The keys allowed here are: {', '.join(allowed)}",
                    post_id,
                )

    def unknown_name(
        self,
        node: Node,
        said: str,
        name: str,
        choices: Collection[str],
        listing: str,
        post_id: str | None = None,
    ) -> None:
        """Report a name that is not one of ``choices``: what is wrong
        (``said``), the nearest choice if one is near, then ``listing``."""
        self.add(node, f"{said}.{suggest(name, choices)} {listing}", post_id)

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


def read_file(
    path: str,
    display: str,
    reader: Callable[[MapNode, Issues], _Read],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[_Read | None, list[Problem]]:
    """Read a file's top-level mapping and hand it to ``reader`` with the
    file's ``Issues``; None with the problems when the file cannot be read,
    its top level is not a mapping, or it reached ``MAX_PROBLEMS``."""
    with paused_gc():
        root, problems = read_document(path, display, max_bytes)
        if root is None:
            return None, problems
        try:
            return reader(root, Issues(display, problems)), problems
        except TooManyProblems:
            return None, problems
