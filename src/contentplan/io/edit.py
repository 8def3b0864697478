"""Writing a repair: the calendar's text with only the moved posts' ``at:``
values rewritten, every other byte as it was (comments, key order, quoting,
blank lines, flow or block style, LF or CRLF, a BOM, a missing final
newline).

The loader records where each post's ``at`` value sits (``Post.keys["at"]``:
character offsets into the text without its BOM). The new value replaces the
old one there and nowhere else:

- the quoting stays: ``"…"`` stays double-quoted, ``'…'`` single-quoted, a
  plain value stays plain; an anchor or tag written before it (``&t``,
  ``!!str``) stays;
- the form stays: a ``T`` between date and time stays a ``T``, seconds stay
  (``:00``);
- the time is the new local wall clock in the calendar's zone. A value that
  carried an offset (``Z`` or ``+08:00``) gets the zone's offset for the new
  instant (``+08:00``; ``Z`` is not kept, the time is local). A value
  without one stays without, unless the new wall clock happens twice (a DST
  overlap), where the bare time would be a schema error: then the offset is
  written.

Refused (``EditError``), naming the post: an ``at`` that a YAML alias or
``<<`` merge shares with another place (rewriting it would move other posts
too, or the value is not in the post at all), and a block scalar.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from contentplan.core.clock import ClockError
from contentplan.core.model import Post
from contentplan.load.calendar import resolve_text
from contentplan.load.compose import parse_text
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode

_BOM = b"\xef\xbb\xbf"
# An anchor or tag written before a scalar: libyaml's marks include them.
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)*")
_FORM = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?P<sep>[ T])[0-9]{1,2}:[0-9]{2}(?P<seconds>:[0-9]{2})?"
    r"(?P<offset>Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)


class EditError(ValueError):
    """The text cannot take a move; the message names the post and says why."""

    def __init__(self, post_id: str, message: str) -> None:
        super().__init__(f"{post_id}: {message}")
        self.post_id = post_id


@dataclass(frozen=True, slots=True)
class AtEdit:
    """Move ``post`` to ``local`` (wall clock) = ``instant`` (aware UTC)."""

    post: Post
    local: datetime
    instant: datetime


def rewrite(data: bytes, edits: Sequence[AtEdit], zone: ZoneInfo, display: str) -> bytes:
    """The calendar's bytes with the edits made."""
    if not edits:
        return data
    bom = data.startswith(_BOM)
    text = (data[len(_BOM) :] if bom else data).decode("utf-8")
    root, problems = parse_text(text, display)
    if root is None or problems:
        reason = f": {problems[0].message}" if problems else ""
        raise EditError(edits[0].post.id, f"{display} cannot be read as YAML any more{reason}")
    mappings = _post_mappings(root)
    uses = _scalar_uses(root)
    changes: list[tuple[int, int, str]] = []
    for edit in edits:
        changes.append(_change(text, edit, mappings, uses, zone))
    changes.sort()
    for (_, end, _), (start, _, _) in zip(changes, changes[1:], strict=False):
        if end > start:
            raise EditError(edits[0].post.id, "two moved posts share one at: value")
    for start, end, new in reversed(changes):
        text = text[:start] + new + text[end:]
    return (_BOM if bom else b"") + text.encode("utf-8")


def _change(
    text: str,
    edit: AtEdit,
    mappings: dict[str, MapNode],
    uses: Counter[int],
    zone: ZoneInfo,
) -> tuple[int, int, str]:
    post = edit.post
    where = post.keys["at"]
    mapping = mappings.get(post.id)
    value = _at_value(mapping)
    if (
        mapping is None
        or value is None
        or not (mapping.start <= where.start and where.end <= mapping.end)
        or uses[where.start] > 1
    ):
        raise EditError(
            post.id,
            f"its at: comes from a YAML alias or << merge (line {where.line}), so rewriting it "
            "would change other places too: write the post's at: out in full, then run fix again",
        )
    token = text[where.start : where.end]
    properties = _PROPERTIES.match(token)
    prefix = properties.group(0) if properties else ""
    body = token[len(prefix) :]
    quote = body[:1] if body[:1] in ("'", '"') else ""
    if body[:1] in ("|", ">") or "\n" in body:
        raise EditError(
            post.id,
            f"its at: (line {where.line}) is written over several lines: write it on one line, "
            "then run fix again",
        )
    try:
        now = resolve_text(value, zone)
    except ClockError:
        now = None
    if now is None or now[0] != post.instant.astimezone(UTC):
        raise EditError(post.id, "the file changed while fix was reading it: run fix again")
    return where.start, where.end, prefix + quote + at_text(value, edit, zone) + quote


def at_text(old: str, edit: AtEdit, zone: ZoneInfo) -> str:
    """The new ``at`` value in the form of the old one (see the module)."""
    form = _FORM.fullmatch(old.strip())
    separator = form.group("sep") if form else " "
    seconds = bool(form and form.group("seconds")) or edit.local.second != 0
    text = edit.local.strftime(f"%Y-%m-%d{separator}%H:%M" + (":%S" if seconds else ""))
    aware = edit.instant.astimezone(zone)
    naive = edit.local
    ambiguous = (
        naive.replace(tzinfo=zone, fold=0).utcoffset()
        != naive.replace(tzinfo=zone, fold=1).utcoffset()
    )
    if (form and form.group("offset")) or ambiguous:
        offset = aware.strftime("%z")
        text += f"{offset[:3]}:{offset[3:]}"
    return text


def _at_value(mapping: MapNode | None) -> str | None:
    if mapping is None or "at" not in mapping:
        return None
    if mapping.texts is not None:
        return mapping.texts["at"]
    node = mapping.get("at")
    return node.value if isinstance(node, ScalarNode) else None


def _post_mappings(root: MapNode) -> dict[str, MapNode]:
    """Each post's mapping, by its id."""
    found: dict[str, MapNode] = {}
    posts = root.get("posts")
    if not isinstance(posts, SeqNode):
        return found
    for item in posts.items:
        if not isinstance(item, MapNode) or "id" not in item:
            continue
        ident = item.texts["id"] if item.texts is not None else None
        if ident is None:
            node = item.get("id")
            ident = node.value if isinstance(node, ScalarNode) else None
        if ident is not None:
            found.setdefault(ident, item)
    return found


def _scalar_uses(root: Node) -> Counter[int]:
    """How often each written scalar (by its start offset) occurs in the
    document once aliases and merges are expanded. A value written once and
    never aliased occurs once. Expansion is bounded by the loader's alias
    cap."""
    uses: Counter[int] = Counter()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            uses[node.start] += 1
        elif isinstance(node, SeqNode):
            stack.extend(node.items)
        elif isinstance(node, MapNode):
            if node.texts is not None and node.spots is not None:
                for k in range(len(node.texts)):
                    uses[node.spots[5 * k + 2]] += 1
            else:
                stack.extend(value for _, value in node.entries.values())
    return uses
