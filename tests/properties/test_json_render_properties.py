"""`--format json` writes exactly what ``json.dumps(document,
ensure_ascii=False, indent=2)`` writes, made safe by `json_safe`, for any
violations: the report writes the violations' fixed shape itself (for
speed), and must not drift from the json module by a byte."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from contentplan.core.model import Violation
from contentplan.core.text import json_safe
from contentplan.render.jsondoc import dumps_indented, render_json, violation_dict
from contentplan.render.summary import Summary

texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["\x1b[31m", "\u202e", "\x85", "\ud800", "a\nb", '"\\', "产品", "\x7f"]),
)
counts = st.integers(min_value=-3, max_value=10**12)
violations = st.builds(
    Violation,
    check=texts,
    severity=st.sampled_from(["error", "warning"]),
    file=texts,
    line=counts,
    column=counts,
    message=texts,
    brand=st.none() | texts,
    platform=st.none() | texts,
    window=st.none() | texts,
    post_ids=st.lists(texts, max_size=3).map(tuple),
    expected=st.none() | st.dictionaries(texts, st.tuples(counts, counts), max_size=3),
    actual=st.none() | st.dictionaries(texts, counts, max_size=3),
)


def reference(found: list[Violation], summary: Summary) -> str:
    document = {
        "version": 1,
        "summary": {
            "files": summary.files,
            "posts": summary.posts,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
        "violations": [violation_dict(v) for v in found],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(violations, max_size=4), counts)
def test_json_report_is_what_the_json_module_writes(found: list[Violation], posts: int) -> None:
    summary = Summary.of(found, 1, posts)
    assert render_json(found, summary) == reference(found, summary)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | texts,
    lambda inner: st.lists(inner, max_size=3)
    | st.tuples(inner, inner)
    | st.dictionaries(texts, inner, max_size=3)
    | st.dictionaries(st.integers(), inner, max_size=2),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.integers(min_value=0, max_value=3))
def test_dumps_indented_is_json_dumps_with_indent_2(value: object, depth: int) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    assert dumps_indented(value, depth) == expected
