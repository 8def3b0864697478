"""`--format github`: GitHub Actions workflow commands.

Each file's violations sit in a collapsible ``::group::`` in the job log, and
each violation is an ``::error`` or ``::warning`` command, which GitHub turns
into an annotation on that line of the pull request's diff.

Escaping follows the Actions toolkit (``@actions/core`` ``command.ts``): the
message (the data after ``::``) escapes ``%``, CR and LF; property values
(file, title) also escape ``:`` and ``,``, which would otherwise end the value.
``%`` goes first so that the escapes themselves are not escaped again.

Before that, user text goes through `safe_text`: a title's newline shows as
``\\n`` rather than ``%0A``, so one violation is one line of the log, and no
control character (an ``ESC`` sequence, a stray ``::`` command after a
newline) reaches the runner, which would act on it.

GitHub shows at most 10 error and 10 warning annotations per step (50 per
job) on the pull request; the job log keeps them all, and the SARIF upload
(docs/ci.md) lists every one in code scanning.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from contentplan.core.files import relative_path
from contentplan.core.model import Violation
from contentplan.core.text import safe_text
from contentplan.render.ruledocs import repo_path, violation_title

_COMMANDS = {"error": "error", "warning": "warning", "off": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(
    violations: Sequence[Violation], *, root: Path | None = None, cwd: Path | None = None
) -> str:
    """Workflow commands for every violation, grouped by file. With ``root``
    (the repository root, e.g. ``$GITHUB_WORKSPACE``), file paths are made
    relative to it, so annotations land even when `check` ran in a subfolder."""
    ordered = sorted(violations, key=lambda v: v.order)
    lines: list[str] = []
    for file, members in groupby(ordered, key=lambda v: v.file):
        shown = relative_path(repo_path(file, root, cwd) if root is not None else file)
        lines.append(f"::group::{escape_data(safe_text(shown))}")
        lines.extend(annotation(v, shown) for v in members)
        lines.append("::endgroup::")
    return "".join(line + "\n" for line in lines)


def annotation(violation: Violation, file: str | None = None) -> str:
    """One ``::error file=…,line=…,col=…,title=…::message`` command."""
    properties = {
        "file": file if file is not None else relative_path(violation.file),
        "line": str(max(violation.line, 1)),
        "col": str(max(violation.column, 1)),
        "title": violation_title(violation),
    }
    rendered = ",".join(
        f"{key}={escape_property(safe_text(value))}" for key, value in properties.items()
    )
    message = escape_data(safe_text(violation.message))
    return f"::{_COMMANDS[violation.severity]} {rendered}::{message}"
