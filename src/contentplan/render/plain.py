"""`--format plain`: one line per violation, as compilers and linters print."""

from __future__ import annotations

from collections.abc import Sequence

from contentplan.model import Violation
from contentplan.render.summary import Summary


def render_plain(violations: Sequence[Violation], summary: Summary) -> str:
    lines = [
        f"{v.file}:{v.line}:{v.column}: {v.severity} [{v.check}] {v.message}" for v in violations
    ]
    lines.append(summary.sentence())
    return "\n".join(lines) + "\n"
