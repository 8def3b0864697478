"""`--format json`: exactly the document of docs/reference.md#output-formats. Strings are exact; the
characters a terminal would act on (C1, bidi, DEL) are written as JSON escapes
(`text.json_safe`), as JSON itself writes C0 controls.

The document is what ``json.dumps(document, ensure_ascii=False, indent=2)``
writes, byte for byte. ``indent`` makes the json module use its pure-Python
encoder, which costs more than the rest of the report on a large run; so the
fixed shape of a violation is written here, with the C string encoder for
every string, and only the rare nested values (a mix band) go through
``json.dumps``."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, cast

from contentplan.core.files import relative_path
from contentplan.core.model import Violation
from contentplan.core.text import json_safe
from contentplan.render.summary import Summary

# The string encoder json.dumps(..., ensure_ascii=False) uses (the C one when
# the interpreter has it).
_string = cast(
    "Callable[[str], str]",
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring,
)


def violation_dict(v: Violation) -> dict[str, Any]:
    return {
        "check": v.check,
        "severity": v.severity,
        "file": relative_path(v.file),
        "line": v.line,
        "column": v.column,
        "message": v.message,
        "brand": v.brand,
        "platform": v.platform,
        "window": v.window,
        "post_ids": list(v.post_ids),
        "expected": None
        if v.expected is None
        else {pillar: [lo, hi] for pillar, (lo, hi) in v.expected.items()},
        "actual": None if v.actual is None else dict(v.actual),
    }


def render_json(violations: Sequence[Violation], summary: Summary) -> str:
    head = json.dumps(
        {
            "version": 1,
            "summary": {
                "files": summary.files,
                "posts": summary.posts,
                "errors": summary.errors,
                "warnings": summary.warnings,
            },
            "violations": [],
        },
        ensure_ascii=False,
        indent=2,
    )
    if not violations:
        return json_safe(head) + "\n"
    # head ends with '"violations": []\n}': open the list instead. Each
    # violation is made safe on its own: most are ASCII, which needs no scan
    # but for DEL, the one ASCII character `json_safe` escapes.
    body = ",\n".join([_safe(_violation_text(v)) for v in violations])
    return f"{json_safe(head[:-4])}[\n{body}\n  ]\n}}\n"


def _safe(text: str) -> str:
    return text if text.isascii() and "\x7f" not in text else json_safe(text)


def _violation_text(v: Violation) -> str:
    """One violation as ``json.dumps(..., indent=2)`` writes it at depth 2
    (its fields are typed: text, whole numbers, or None where optional)."""
    string = _string
    ids = v.post_ids
    post_ids = (
        "[\n        " + ",\n        ".join(map(string, ids)) + "\n      ]" if ids else "[]"
    )
    brand, platform, window = v.brand, v.platform, v.window
    expected = None if v.expected is None else _nested(
        {pillar: [lo, hi] for pillar, (lo, hi) in v.expected.items()}
    )
    actual = None if v.actual is None else _nested(dict(v.actual))
    return (
        f'    {{\n      "check": {string(v.check)},\n      "severity": {string(v.severity)},'
        f'\n      "file": {string(relative_path(v.file))},\n      "line": {int.__repr__(v.line)},'
        f'\n      "column": {int.__repr__(v.column)},\n      "message": {string(v.message)},'
        f'\n      "brand": {"null" if brand is None else string(brand)},'
        f'\n      "platform": {"null" if platform is None else string(platform)},'
        f'\n      "window": {"null" if window is None else string(window)},'
        f'\n      "post_ids": {post_ids},\n      "expected": {expected or "null"},'
        f'\n      "actual": {actual or "null"}\n    }}'
    )


def dumps_indented(value: object, depth: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, as
    if written ``depth`` levels deep, without the json module's pure-Python
    encoder (which ``indent`` forces) for the dicts, lists, strings and
    whole numbers that make up a report; anything else goes through
    ``json.dumps``. The types are told apart as the json module does."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = _indent(depth + 1)
        parts = []
        for key, item in value.items():
            if not isinstance(key, str):
                break  # json.dumps writes other keys its own way
            # Text and whole numbers (most leaves) written here, without a call.
            kind = item.__class__
            if kind is str:
                parts.append(f"{_string(key)}: {_string(item)}")
            elif kind is int:
                parts.append(f"{_string(key)}: {int.__repr__(item)}")
            else:
                parts.append(f"{_string(key)}: {dumps_indented(item, depth + 1)}")
        else:
            return f"{{{inner}{(',' + inner).join(parts)}{_indent(depth)}}}"
    elif isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = _indent(depth + 1)
        parts = [
            _string(item) if item.__class__ is str else dumps_indented(item, depth + 1)
            for item in value
        ]
        return f"[{inner}{(',' + inner).join(parts)}{_indent(depth)}]"
    elif value is None:
        return "null"
    elif value is True:
        return "true"
    elif value is False:
        return "false"
    elif isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", _indent(depth))


_INDENTS = ["\n" + "  " * depth for depth in range(32)]


def _indent(depth: int) -> str:
    return _INDENTS[depth] if depth < 32 else "\n" + "  " * depth


def _nested(value: object) -> str:
    """A value at depth 3 (a violation's field), indented as json.dumps does:
    JSON text has no raw line feed inside a string, so every line after the
    first moves right by the depth."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n      ")
