"""`--format plain`: one line per violation, as compilers and linters print.

File names and messages hold user text; `safe_text` keeps each violation on
one line (a newline in a title shows as ``\\n``) and lets no control
character through to the terminal or log."""

from __future__ import annotations

from collections.abc import Sequence

from contentplan.core.model import Violation
from contentplan.core.text import safe_text
from contentplan.render.summary import Summary


def render_plain(violations: Sequence[Violation], summary: Summary) -> str:
    lines = [
        safe_text(f"{v.file}:{v.line}:{v.column}: {v.severity} [{v.check}] {v.message}")
        for v in violations
    ]
    lines.append(summary.sentence())
    return "\n".join(lines) + "\n"
