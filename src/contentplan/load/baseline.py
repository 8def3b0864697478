"""Baselines: adopting the gate on a calendar repository that already breaks
the rules.

`check --write-baseline FILE` records today's violations; `check --baseline
FILE` then fails only on violations that are not in it. Each entry is a
violation's identity (docs/reference.md#checks: check, brand, platform, window, post ids),
never its file, line or message, so editing, reordering or moving posts
elsewhere leaves the baseline matching. Post ids are compared as a set: a
pair of posts that swap times is still the same pair. A violation whose posts
change (say a mix window gains a post) is a new violation: the window must be
judged again.

The file is JSON, one entry per line, sorted, so that it diffs well in review:

    {
      "version": 1,
      "violations": [
        {"check": "spacing", "brand": "xiaomi", "platform": "weibo",
         "window": "2024-W13", "post_ids": ["su7-01", "su7-02"]}
      ]
    }

(each entry is written on one line).

An entry may carry ``"count": N`` when one identity occurs N times. `schema`
problems are never recorded: a file that cannot be read cannot be judged, so
it always fails (exit 2).
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contentplan.core.files import display_path, record_input
from contentplan.core.limits import DEFAULT_MAX_BYTES, MAX_DEPTH, nesting_place
from contentplan.core.model import Violation
from contentplan.core.text import json_safe

BASELINE_VERSION = 1
Identity = tuple[str, str | None, str | None, str | None, tuple[str, ...]]
_FIELDS = ("check", "brand", "platform", "window", "post_ids")


class BaselineError(Exception):
    """A baseline file that cannot be used (exit 2 at the command line)."""

    def __init__(self, file: Path, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.file = file
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = _shown(self.file)
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: invalid baseline: {self.message}"


@dataclass(frozen=True, slots=True)
class Baseline:
    """The known violations: how many times each identity may occur."""

    counts: Mapping[Identity, int] = field(default_factory=dict)
    file: Path | None = None

    def __len__(self) -> int:
        return sum(self.counts.values())


def identity_of(violation: Violation) -> Identity:
    """The violation's identity with its post ids as a sorted set."""
    check, brand, platform, window, post_ids = violation.identity
    return (check, brand, platform, window, tuple(sorted(set(post_ids))))


def recordable(violations: Iterable[Violation]) -> list[Violation]:
    """The violations a baseline can hold: all but `schema` problems."""
    return [v for v in violations if v.check != "schema"]


def baseline_text(violations: Iterable[Violation]) -> tuple[str, int]:
    """The baseline file's text, and how many violations it records (written
    by ``app.check.record_baseline`` through the one output writer)."""
    counts = Counter(identity_of(v) for v in recordable(violations))
    entries = [_entry(identity, counts[identity]) for identity in sorted(counts, key=_sort_key)]
    # Exact strings; C1, DEL and bidi controls as JSON escapes (the file is read in diffs).
    lines = [json_safe(json.dumps(entry, ensure_ascii=False)) for entry in entries]
    body = ",\n    ".join(lines)
    listing = f"[\n    {body}\n  ]" if lines else "[]"
    text = f'{{\n  "version": {BASELINE_VERSION},\n  "violations": {listing}\n}}\n'
    return text, sum(counts.values())


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    file = Path(path)
    try:
        # Opened without waiting, and refused unless a regular file: a named
        # pipe or a device (a link to /dev/stdin) must not hang the run.
        with open(file, "rb", opener=_opener) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise BaselineError(
                    file,
                    "not a regular file (a pipe, device or socket): name a JSON file "
                    "written by --write-baseline",
                )
            raw = handle.read(DEFAULT_MAX_BYTES + 1)
    except FileNotFoundError:
        raise BaselineError(
            file, "no such file: create it with `contentplan check --write-baseline FILE`"
        ) from None
    except OSError as error:
        raise BaselineError(file, f"cannot read: {error.strerror or error}") from None
    record_input(file, raw)
    if len(raw) > DEFAULT_MAX_BYTES:
        raise BaselineError(file, f"larger than {DEFAULT_MAX_BYTES} bytes")
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BaselineError(file, "not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise BaselineError(file, f"not JSON: {error.msg}", error.lineno, error.colno) from None
    except RecursionError:
        line, column = nesting_place(raw.decode("utf-8-sig"))
        raise BaselineError(
            file,
            f"the JSON nests deeper than {MAX_DEPTH} levels: a baseline is a list of flat "
            "objects; write it again with --write-baseline",
            line,
            column,
        ) from None
    except ValueError:  # a number of more than 4,300 digits
        raise BaselineError(
            file, "a number in it is thousands of digits long: write the baseline again "
            "with --write-baseline"
        ) from None
    return Baseline(_counts(file, document), file)


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def split(
    violations: Sequence[Violation], baseline: Baseline
) -> tuple[list[Violation], list[Violation]]:
    """(new, known): known violations are those the baseline lists, each
    identity as many times as it was recorded. Order is kept."""
    left = dict(baseline.counts)
    new: list[Violation] = []
    known: list[Violation] = []
    for violation in violations:
        identity = identity_of(violation)
        if violation.check != "schema" and left.get(identity, 0) > 0:
            left[identity] -= 1
            known.append(violation)
        else:
            new.append(violation)
    return new, known


def fixed(violations: Sequence[Violation], baseline: Baseline) -> int:
    """How many recorded violations no longer occur (the baseline can shrink)."""
    found = Counter(identity_of(v) for v in recordable(violations))
    return sum(
        max(count - found.get(identity, 0), 0) for identity, count in baseline.counts.items()
    )


def _entry(identity: Identity, count: int) -> dict[str, Any]:
    check, brand, platform, window, post_ids = identity
    entry: dict[str, Any] = {
        "check": check,
        "brand": brand,
        "platform": platform,
        "window": window,
        "post_ids": list(post_ids),
    }
    if count > 1:
        entry["count"] = count
    return entry


def _sort_key(identity: Identity) -> tuple[str, str, str, str, tuple[str, ...]]:
    check, brand, platform, window, post_ids = identity
    return (brand or "", platform or "", window or "", check, post_ids)


def _counts(file: Path, document: Any) -> dict[Identity, int]:
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise BaselineError(
            file, f'expected an object with "version": {BASELINE_VERSION} and "violations"'
        )
    entries = document.get("violations")
    if not isinstance(entries, list):
        raise BaselineError(file, '"violations" must be a list')
    counts: Counter[Identity] = Counter()
    for number, entry in enumerate(entries):
        counts[_identity(file, number, entry)] += _count(file, number, entry)
    return dict(counts)


def _identity(file: Path, number: int, entry: Any) -> Identity:
    where = f"violations[{number}]"
    if not isinstance(entry, dict):
        raise BaselineError(file, f"{where} must be an object")
    missing = [name for name in _FIELDS if name not in entry]
    if missing:
        raise BaselineError(file, f"{where} lacks {', '.join(missing)}")
    check = entry["check"]
    if not isinstance(check, str) or not check:
        raise BaselineError(file, f"{where}.check must be a check name")
    optional = []
    for name in ("brand", "platform", "window"):
        value = entry[name]
        if value is not None and not isinstance(value, str):
            raise BaselineError(file, f"{where}.{name} must be text or null")
        optional.append(value)
    post_ids = entry["post_ids"]
    if not isinstance(post_ids, list) or not all(isinstance(i, str) for i in post_ids):
        raise BaselineError(file, f"{where}.post_ids must be a list of post ids")
    return (check, optional[0], optional[1], optional[2], tuple(sorted(set(post_ids))))


def _count(file: Path, number: int, entry: Mapping[str, Any]) -> int:
    count = entry.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(file, f"violations[{number}].count must be a whole number >= 1")
    return count


def _shown(path: Path) -> str:
    return display_path(path)
