"""`--format json`: exactly the document of docs/reference.md#output-formats. Strings are exact; the
characters a terminal would act on (C1, bidi, DEL) are written as JSON escapes
(`text.json_safe`), as JSON itself writes C0 controls."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from contentplan.core.files import relative_path
from contentplan.core.model import Violation
from contentplan.core.text import json_safe
from contentplan.render.summary import Summary


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
    document = {
        "version": 1,
        "summary": {
            "files": summary.files,
            "posts": summary.posts,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
        "violations": [violation_dict(v) for v in violations],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
