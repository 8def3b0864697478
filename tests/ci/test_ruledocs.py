"""Rule documentation for reports, cut from check docstrings."""

from __future__ import annotations

from contentplan.core.model import Violation
from contentplan.render.ruledocs import rule_doc, violation_title

DOC = """
    spacing: two posts closer than ``min_gap``. More words.

    Details that go on.

    .. rubric:: Examples

    This **fails**::

        - {id: a}
"""


def test_summary_is_the_first_sentence_without_the_name() -> None:
    doc = rule_doc("spacing", DOC, "error")
    assert doc.summary == "Two posts closer than `min_gap`."
    assert doc.description == "spacing: two posts closer than `min_gap`. More words."
    assert doc.full.startswith("spacing: two posts")


def test_text_and_markdown_drop_rest_markup() -> None:
    doc = rule_doc("spacing", DOC, "error")
    assert "#### Examples" in doc.markdown
    assert "This **fails**:\n\n    - {id: a}" in doc.markdown
    assert "Examples:" in doc.text and "rubric" not in doc.text
    assert "``" not in doc.text + doc.markdown


def test_missing_docstring_gets_a_stand_in() -> None:
    doc = rule_doc("new-check", None, "warning")
    assert doc.summary == "The `new-check` check."
    assert doc.default_severity == "warning"


def make(**fields: object) -> Violation:
    values: dict[str, object] = {
        "check": "spacing",
        "severity": "error",
        "file": "c.yaml",
        "line": 1,
        "column": 1,
        "message": "m",
    }
    values.update(fields)
    return Violation(**values)  # type: ignore[arg-type]


def test_titles() -> None:
    assert violation_title(make(platform="weibo", window="2024-W13", post_ids=("a", "b"))) == (
        "spacing: weibo 2024-W13 (a, b)"
    )
    assert violation_title(make(check="mix-brand", brand="mi", window="2024-03")) == (
        "mix-brand: mi 2024-03"
    )
    assert violation_title(make(check="mix", platform="x", post_ids=tuple("abcd"))) == (
        "mix: x (4 posts)"
    )
    assert violation_title(make(check="schema")) == "schema"
