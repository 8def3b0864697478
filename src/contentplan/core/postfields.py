"""The keys of a calendar post, in the order the calendar format lists them.

This is the one place they are spelt: the calendar loader (known and
required keys), the JSON Schema, the CSV export (its columns) and the YAML
writer (which keys it writes, which it always quotes) derive theirs from
``POST_FIELDS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# id: a post id; instant: a date-time; reference: a name the rules define;
# choice: one of a fixed list of words; text: free text; checks: check names;
# flag: true or false, written only when true.
FieldKind = Literal["id", "instant", "reference", "choice", "text", "checks", "flag"]


@dataclass(frozen=True, slots=True)
class PostField:
    name: str
    required: bool
    kind: FieldKind
    exported: bool = True  # written by `export` and the planners' YAML


POST_FIELDS: tuple[PostField, ...] = (
    PostField("id", True, "id"),
    PostField("at", True, "instant"),
    PostField("platform", True, "reference"),
    PostField("pillar", True, "reference"),
    PostField("title", True, "text"),
    PostField("format", False, "choice"),
    PostField("campaign", False, "reference"),
    PostField("phase", False, "choice"),
    PostField("topic", False, "text"),
    PostField("expires", False, "instant"),
    PostField("status", False, "choice"),
    PostField("notes", False, "text"),
    # A stand-in `plan` wrote without a backlog: the `placeholder` check warns
    # until the post is written and the key removed.
    PostField("placeholder", False, "flag"),
    # One instance of a series the rules define (the `series` check).
    PostField("series", False, "reference"),
    # A republication of an evergreen post: the id of the post it repeats.
    PostField("repeat_of", False, "id"),
    # A post's own exceptions to the checks, not part of what it publishes.
    PostField("ignore", False, "checks", exported=False),
)

POST_KEYS: tuple[str, ...] = tuple(field.name for field in POST_FIELDS)
REQUIRED_POST_KEYS: tuple[str, ...] = tuple(f.name for f in POST_FIELDS if f.required)
EXPORTED_FIELDS: tuple[PostField, ...] = tuple(f for f in POST_FIELDS if f.exported)
