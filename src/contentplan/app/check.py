"""`check` below the command line: judge what was gathered, and the
baseline of known violations (read, applied, recorded)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from contentplan.app.errors import AppError
from contentplan.app.outputs import write_file
from contentplan.core.model import Violation
from contentplan.core.text import safe_text
from contentplan.load.baseline import Baseline
from contentplan.load.gather import Gathered

BASELINE_HINT = "write the baseline to another file, e.g. --write-baseline baseline.json"


def judge(
    found: Gathered,
    select: Sequence[str],
    ignore: Sequence[str],
    since: date | None,
    ends: bool = True,
) -> list[Violation]:
    """The violations, in report order: the schema problems when there are
    any (then nothing else is judged), else what the checks find (with
    ``ends=False``, without where each post ends: for a report that does
    not show it)."""
    from contentplan.checks.engine import problem_violations, run_checks

    if found.problems:
        return problem_violations(found.problems)  # sorted by order, then message
    return run_checks(found.brands, select=select, ignore=ignore, since=since, ends=ends)


def load_baseline(source: Path) -> Baseline:
    from contentplan.load.baseline import BaselineError
    from contentplan.load.baseline import load_baseline as load

    try:
        return load(source)
    except BaselineError as error:
        raise AppError(str(error)) from None


def apply_baseline(
    source: Path, known_set: Baseline, violations: list[Violation]
) -> tuple[list[Violation], str]:
    """The new violations, and a note on the known ones."""
    from contentplan.load.baseline import fixed, split

    new, known = split(violations, known_set)
    note = (
        f"{len(known)} known violation{'s' if len(known) != 1 else ''} remain in "
        f"{safe_text(str(source))}."
    )
    gone = fixed(violations, known_set)
    if gone:
        note += f" {gone} recorded there no longer occur: rewrite it with --write-baseline."
    return new, note


def record_baseline(target: Path, violations: list[Violation]) -> str:
    """Write the baseline; what to tell the user."""
    from contentplan.load.baseline import baseline_text

    text, count = baseline_text(violations)
    write_file(target, text, "--write-baseline", BASELINE_HINT)
    shown = safe_text(str(target))
    return (
        f"Recorded {count} known violation{'s' if count != 1 else ''} in {shown}. "
        f"From now on, `contentplan check --baseline {shown}` fails only on new ones."
    )
