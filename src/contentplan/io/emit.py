"""Writing a plan: the ``--calendar`` text unchanged, byte for byte, with the
new posts appended to its ``posts:`` list (docs/plan.md), or a fresh calendar.

The text is edited, never re-dumped: comments, quoting, key order, line ends
(LF or CRLF), a BOM and a missing final newline all stay as they were. New
posts go

- after the last post of a block list, at its indentation;
- before the closing ``]`` of a flow list (``posts: []`` included), one per
  line, as flow mappings;
- under an empty ``posts:``, as a block list.

Every new post keeps its item's id, title, pillar, format, campaign, phase,
topic and expires; a series post says its ``series:``, an evergreen repeat
its ``repeat_of:``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from contentplan.core.text import json_safe
from contentplan.io.yaml_out import path_scalar
from contentplan.load.compose import parse_text
from contentplan.load.nodes import MapNode, Node, ScalarNode, SeqNode
from contentplan.plan.problem import Placement

_BOM = "\ufeff"
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
# Words that some YAML readers take for booleans or null.
_RESERVED = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


class EmitError(ValueError):
    """The calendar's ``posts:`` cannot take new posts; the text says why."""


def post_fields(placement: Placement) -> list[tuple[str, str]]:
    """(key, YAML scalar) of a new post, in the order of the post keys
    (docs/reference.md#calendar-files)."""
    item, slot = placement.item, placement.slot
    at = slot.local.strftime("%Y-%m-%d %H:%M") + (slot.offset or "")
    fields = [
        ("id", scalar(item.id)),
        ("at", quoted(at)),
        ("platform", scalar(slot.platform)),
        ("pillar", scalar(item.pillar)),
        ("title", quoted(item.title)),
    ]
    for key in ("format", "campaign", "phase", "topic"):
        value = getattr(item, key)
        if value is not None:
            fields.append((key, scalar(value)))
    if item.expires_text is not None:
        fields.append(("expires", quoted(item.expires_text)))
    if item.only is not None or item.placeholder:  # a stand-in: `check` warns until written
        fields.append(("placeholder", "true"))
    if item.series is not None:
        fields.append(("series", scalar(item.series)))
    if item.repeat_of is not None:
        fields.append(("repeat_of", scalar(item.repeat_of)))
    return fields


def scalar(text: str) -> str:
    """Plain when it reads the same in every YAML reader, else quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return quoted(text)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's too). Line and
    paragraph separators, NEL and the other C1 controls (which YAML does not
    allow raw), DEL and bidi controls are escaped as well (`json_safe`), so
    the calendar reads back and prints nothing a terminal acts on."""
    return json_safe(json.dumps(text, ensure_ascii=False))


def block_post(fields: list[tuple[str, str]], indent: str, newline: str) -> str:
    lines = [f"{indent}- {fields[0][0]}: {fields[0][1]}"]
    lines += [f"{indent}  {key}: {value}" for key, value in fields[1:]]
    return newline.join(lines) + newline


def flow_post(fields: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields) + "}"


def fresh_calendar(
    brand: str, timezone: str, placements: Sequence[Placement], rules: str | None = None
) -> str:
    """A new calendar document holding only the planned posts; ``rules`` is
    its `rules:` line (a path from the file's own folder), None for none."""
    head = f"version: 1\nbrand: {scalar(brand)}\ntimezone: {scalar(timezone)}\n"
    if rules is not None:
        head += f"rules: {path_scalar(rules)}\n"
    if not placements:
        return head + "posts: []\n"
    return head + "posts:\n" + "".join(block_post(post_fields(p), "  ", "\n") for p in placements)


def append_posts(
    original: bytes, placements: Sequence[Placement], display: str = "calendar"
) -> bytes:
    """The calendar's bytes with the new posts appended to ``posts:``."""
    if not placements:
        return original
    bom = original.startswith(_BOM.encode())
    text = original.decode("utf-8")
    if bom:
        text = text[1:]
    root, problems = parse_text(text, display)
    if root is None or problems:
        where = f": {problems[0].message}" if problems else ""
        raise EmitError(f"{display} cannot be read as YAML{where}")
    newline = "\r\n" if "\r\n" in text else "\n"
    edited = _insert(text, root, placements, newline)
    return ((_BOM if bom else "") + edited).encode("utf-8")


def set_rules(original: bytes, reference: str, display: str = "calendar") -> bytes:
    """The calendar's bytes with its top-level `rules:` naming ``reference``:
    the value replaced where the line is there (comments and all else kept),
    else a `rules:` line added after `timezone:` (or before `posts:`). An
    ``EmitError`` when the text has no place for it that is safe to edit (a
    value over several lines, an alias, a calendar written as one flow
    mapping)."""
    bom = original.startswith(_BOM.encode())
    text = original.decode("utf-8")
    if bom:
        text = text[1:]
    root, problems = parse_text(text, display)
    if root is None or problems:
        where = f": {problems[0].message}" if problems else ""
        raise EmitError(f"{display} cannot be read as YAML{where}")
    new = path_scalar(reference)
    edited = _replace_rules(text, root, new)
    if edited is None:
        edited = _add_rules(text, root, new)
    return ((_BOM if bom else "") + edited).encode("utf-8")


def _one_line_value(text: str, root: MapNode, key: str) -> ScalarNode | None:
    """The top-level value of ``key`` when it is a scalar written on the
    key's own line, with no anchor, tag or alias: safe to replace."""
    node, key_node = root.get(key), root.key_node(key)
    if not isinstance(node, ScalarNode) or key_node is None or node.start < key_node.end:
        return None
    between, body = text[key_node.end : node.start], text[node.start : node.end]
    if between.strip() != ":" or not body or body[0] in "&*!|>" or "\n" in body or "\r" in body:
        return None
    return node


def _replace_rules(text: str, root: MapNode, new: str) -> str | None:
    if root.key_node("rules") is None:
        return None
    node = _one_line_value(text, root, "rules")
    if node is None:
        raise EmitError("its rules: line is not one plain value on one line: write it so")
    return text[: node.start] + new + text[node.end :]


def _add_rules(text: str, root: MapNode, new: str) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    if text[root.start : root.start + 1] == "{":
        raise EmitError("it is written as one flow mapping {...}: write it as block lines")
    line = f"rules: {new}{newline}"
    zone = _one_line_value(text, root, "timezone")
    if zone is not None:
        end = text.find("\n", zone.end)
        if end < 0:
            return text + newline + line.rstrip("\r\n")
        return text[: end + 1] + line + text[end + 1 :]
    posts = root.key_node("posts")
    if posts is None:
        raise EmitError("it has no posts: list")
    start = text.rfind("\n", 0, posts.start) + 1
    return text[:start] + line + text[start:]


def _insert(text: str, root: MapNode, placements: Sequence[Placement], newline: str) -> str:
    posts = root.get("posts")
    key = root.key_node("posts")
    if posts is None or key is None:
        raise EmitError("the calendar has no posts: list to append to")
    fields = [post_fields(p) for p in placements]
    if isinstance(posts, SeqNode):
        if text[posts.start : posts.start + 1] == "[":
            return _into_flow(text, posts, key, fields, newline)
        return _after_block(text, posts, fields, newline)
    if isinstance(posts, ScalarNode) and posts.is_null:
        # `posts:` (nothing), or `posts: ~`: the list starts under the key.
        indent = " " * (key.column - 1 + 2)
        block = "".join(block_post(f, indent, newline) for f in fields)
        before, after = text[: posts.start], text[posts.end :]
        line_end = after.find("\n")
        if line_end < 0:
            return before.rstrip(" ") + after + newline + block.rstrip("\r\n")
        return before.rstrip(" ") + after[: line_end + 1] + block + after[line_end + 1 :]
    raise EmitError("the calendar's posts: is not a list")


def _after_block(
    text: str, posts: SeqNode, fields: list[list[tuple[str, str]]], newline: str
) -> str:
    indent = " " * (posts.column - 1)
    last = posts.items[-1] if posts.items else posts
    end = max(_content_end(text, last), last.start)
    block = "".join(block_post(f, indent, newline) for f in fields)
    if text[end - 1 : end] == "\n":  # a block scalar ends with its line break
        return text[:end] + block + text[end:]
    line_end = text.find("\n", end)
    if line_end < 0:
        return text + newline + block
    return text[: line_end + 1] + block + text[line_end + 1 :]


def _into_flow(
    text: str, posts: SeqNode, key: ScalarNode, fields: list[list[tuple[str, str]]], newline: str
) -> str:
    close = posts.end - 1
    if text[close] != "]":
        raise EmitError("the calendar's flow posts: list has no closing ]")
    indent = " " * (key.column - 1 + 2)
    inner = text[posts.start + 1 : close]
    lead = "," if posts.items and not inner.rstrip().endswith(",") else ""
    body = ",".join(newline + indent + flow_post(f) for f in fields)
    return text[:close] + lead + body + text[close:]


def _content_end(text: str, node: Node) -> int:
    """Where the node's last character of content ends. Block collections
    end at the next token in libyaml's marks, after comments and blank lines,
    so their end is taken from their last child instead; flow collections end
    at their closing bracket."""
    if isinstance(node, ScalarNode):
        return node.end
    if text[node.start : node.start + 1] in ("[", "{"):
        return node.end
    if isinstance(node, SeqNode):
        children: list[Node] = list(node.items)
    elif isinstance(node, MapNode):
        children = [part for pair in node.pairs for part in pair]
    else:
        return node.end
    return max([node.start, *(_content_end(text, child) for child in children)])


__all__ = ["EmitError", "append_posts", "fresh_calendar", "post_fields", "set_rules"]
