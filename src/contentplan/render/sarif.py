"""`--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.

Built from plain dicts, as sqlfluff does. What GitHub needs and why:

- ``tool.driver.rules[]`` holds every check, so code scanning can show a
  check's documentation (its docstring) next to each alert.
- Each result points at a repository-relative ``uri`` with the base id
  ``%SRCROOT%``. ``originalUriBaseIds`` names that base without an absolute
  ``uri``: the checkout folder differs on every machine, and the same input
  must give the same output byte for byte (docs/security.md). SARIF lets the consumer
  supply the root; GitHub takes paths from the repository root anyway.
- ``partialFingerprints.primaryLocationLineHash`` is how GitHub tells whether
  an alert is the same one as in the last run. It is a hash of the violation's
  identity (docs/reference.md#checks: check, brand, platform, window, post ids), never of line
  numbers or text, so moving a post within its file keeps its alert open and
  does not open a new one. The ``:N`` suffix counts repeats of one identity,
  as GitHub's own fingerprints do.
- A file outside the repository (``check ../elsewhere.yaml``) cannot be
  named from ``%SRCROOT%`` without climbing out of it with ``..``, which
  consumers refuse; it gets an absolute ``file:`` URI and no base id.
- Each region spans the post it names, from its first key to the end of its
  last value (``endLine``, ``endColumn``), when the loader knows where that is.
- A rule's ``name`` is its id in PascalCase (``mix-brand``: ``MixBrand``):
  SARIF wants a readable name that is not the id.
- GitHub takes at most 25,000 results a run (`MAX_RESULTS`). Past that, the
  first 25,000 in the order of the report are kept, and the run's
  ``properties`` say how many were left out (``resultsLeftOut``);
  `left_out_note` is the sentence the command prints about it.
- With ``check --diff REF`` a result sits on the post the change added or
  moved, which may not be the earliest post it involves. Its other posts,
  the earliest first, are ``relatedLocations`` (``RelatedPlace``), and the
  message links to them (``[post 'id'](1)``): GitHub shows a related
  location only when the message links to it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from contentplan.core.model import Violation
from contentplan.core.text import json_safe
from contentplan.render.jsondoc import dumps_indented
from contentplan.render.ruledocs import RuleDoc, repo_path, rule_doc, violation_title

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/contentplan/contentplan"
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "off": "none"}
MAX_RESULTS = 25_000  # GitHub code scanning refuses a run with more


@dataclass(frozen=True, slots=True)
class RelatedPlace:
    """Another post a result involves: where it is, and what it is to the result."""

    post_id: str
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str


Related = Callable[[Violation], Sequence[RelatedPlace]]


def render_sarif(
    violations: Sequence[Violation],
    *,
    rule_docs: Sequence[RuleDoc],
    version: str,
    root: Path,
    cwd: Path | None = None,
    related: Related | None = None,
) -> str:
    """The SARIF log of one check run. ``root`` is the repository root that
    result paths are relative to; ``cwd`` is the folder the violations' files
    are relative to (default: the current folder); ``related`` gives a
    result's related locations (``check --diff``)."""
    _ARTIFACTS.clear()  # one run's paths: the files do not move during it
    _ARTIFACT_TEXTS.clear()
    rules = _complete(rule_docs, violations)
    index = {doc.name: position for position, doc in enumerate(rules)}
    ordered = sorted(violations, key=lambda v: v.order)
    fingerprints = _fingerprints(ordered)
    kept = min(len(ordered), MAX_RESULTS)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "contentplan",
                "version": version,
                "semanticVersion": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(doc) for doc in rules],
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The root of the repository that was checked; "
                    "every result's uri is relative to it."
                }
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [],
    }
    if kept < len(ordered):
        run["properties"] = {
            "resultsLeftOut": len(ordered) - kept,
            "resultsTotal": len(ordered),
            "note": left_out_note(len(ordered)),
        }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    # As json.dumps(log, ensure_ascii=False, indent=2) writes it, faster: the
    # log around the results through dumps_indented, and each result from
    # `_result_text`, spliced into the empty list.
    text = json_safe(dumps_indented(log))
    if not kept:
        return text + "\n"
    head, tail = text.split(_EMPTY_RESULTS, 1)
    body = ",\n".join(
        [
            _result_text(v, index[v.check], fingerprint, root, cwd, related)
            for v, fingerprint in zip(ordered[:kept], fingerprints[:kept], strict=True)
        ]
    )
    return f"{head}{_OPEN_RESULTS}{body}{_CLOSE_RESULTS}{tail}\n"


# The empty result list as dumps_indented writes it in the log (the key is
# unique: no rule or description holds it, being made of fixed text), and
# how a full one opens and closes.
_EMPTY_RESULTS = '\n      "results": []'
_OPEN_RESULTS = '\n      "results": [\n'
_CLOSE_RESULTS = "\n      ]"


def left_out_note(total: int) -> str | None:
    """What to tell the user when a run has more violations than a SARIF
    run may hold; None when they all fit."""
    if total <= MAX_RESULTS:
        return None
    return (
        f"The SARIF report holds the first {MAX_RESULTS:,} of {total:,} violations "
        f"({total - MAX_RESULTS:,} left out), the most GitHub code scanning takes in one "
        "run: the other formats list them all; fix these first, or check fewer files at once."
    )


def rule_name(check: str) -> str:
    """``mix-brand`` -> ``MixBrand``: readable, stable, and never the id."""
    return "".join(part[:1].upper() + part[1:] for part in check.replace("_", "-").split("-"))


def identity_hash(violation: Violation) -> str:
    """A stable hash of what the violation is, never of where it is printed.

    Post ids count as a set, as in baselines. Schema problems share one
    identity per brand (they name no window), so their file and message join
    the key to tell them apart."""
    check, brand, platform, window, post_ids = violation.identity
    # The text json.dumps(key, ensure_ascii=False, separators=(",", ":"))
    # writes for key = [check, brand, platform, window, sorted(set(post_ids))]
    # (+ [file, message] for schema), written here: json.dumps makes an
    # encoder per call, which was most of the time for 10,000 results.
    string = _string
    ids = ",".join([string(post_id) for post_id in sorted(set(post_ids))])
    text = (
        f"[{string(check)},{'null' if brand is None else string(brand)},"
        f"{'null' if platform is None else string(platform)},"
        f"{'null' if window is None else string(window)},[{ids}]"
    )
    if check == "schema":
        text += f",{string(violation.file)},{string(violation.message)}"
    return hashlib.sha256(f"{text}]".encode()).hexdigest()[:32]


def _fingerprints(violations: Sequence[Violation]) -> list[str]:
    seen: dict[str, int] = {}
    prints: list[str] = []
    for violation in violations:
        digest = identity_hash(violation)
        seen[digest] = seen.get(digest, 0) + 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


def _complete(rule_docs: Sequence[RuleDoc], violations: Sequence[Violation]) -> list[RuleDoc]:
    """The documented rules, plus a stand-in for any check a violation names
    that the list lacks, so that every ruleIndex points at a rule."""
    rules = list(rule_docs)
    known = {doc.name for doc in rules}
    for name in sorted({v.check for v in violations} - known):
        rules.append(rule_doc(name, None, "error"))
    return rules


def _rule(doc: RuleDoc) -> dict[str, Any]:
    return {
        "id": doc.name,
        "name": rule_name(doc.name),
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.description},
        "help": {"text": doc.text, "markdown": doc.markdown},
        "defaultConfiguration": {"level": _LEVELS[doc.default_severity]},
        "properties": {"tags": ["content-calendar"]},
    }


def _result(
    violation: Violation,
    rule_index: int,
    fingerprint: str,
    root: Path,
    cwd: Path | None,
    places: Sequence[RelatedPlace],
) -> dict[str, Any]:
    """One result, as a dict: what `_result_text` writes."""
    title = violation_title(violation)
    properties: dict[str, Any] = {
        "brand": violation.brand,
        "platform": violation.platform,
        "window": violation.window,
        "postIds": list(violation.post_ids),
    }
    if violation.expected is not None:
        properties["expected"] = {p: [lo, hi] for p, (lo, hi) in violation.expected.items()}
    if violation.actual is not None:
        properties["actual"] = dict(violation.actual)
    text = f"{title}. {violation.message}"
    if places:
        links = ", ".join(f"[post '{place.post_id}']({n})" for n, place in enumerate(places, 1))
        text = text.rstrip()
        text += ("" if text.endswith((".", "!", "?")) else ".") + f" See also {links}."
    result: dict[str, Any] = {
        "ruleId": violation.check,
        "ruleIndex": rule_index,
        "level": _LEVELS[violation.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(violation.file, root, cwd),
                    "region": _region(
                        violation.line, violation.column, violation.end_line, violation.end_column
                    ),
                }
            }
        ],
    }
    if places:
        result["relatedLocations"] = [
            {
                "id": n,
                "physicalLocation": {
                    "artifactLocation": _artifact(place.file, root, cwd),
                    "region": _region(place.line, place.column, place.end_line, place.end_column),
                },
                "message": {"text": place.text},
            }
            for n, place in enumerate(places, 1)
        ]
    result["partialFingerprints"] = {"primaryLocationLineHash": fingerprint}
    result["properties"] = properties
    return result


def _result_text(
    violation: Violation,
    rule_index: int,
    fingerprint: str,
    root: Path,
    cwd: Path | None,
    related: Related | None,
) -> str:
    """`_result` as dumps_indented writes it in the log's result list (depth
    4), made JSON-safe. The usual shape is written here, one template and
    the C string encoder for the strings; a result with related locations
    (`check --diff`) goes through the dict."""
    places = list(related(violation)) if related is not None else []
    if places:
        result = _result(violation, rule_index, fingerprint, root, cwd, places)
        return _safe("        " + dumps_indented(result, 4))
    string = _string
    v = violation
    ids = v.post_ids
    post_ids = (
        "[\n              " + ",\n              ".join(map(string, ids)) + "\n            ]"
        if ids
        else "[]"
    )
    brand, platform, window = v.brand, v.platform, v.window
    extra = ""
    if v.expected is not None:
        expected = {p: [lo, hi] for p, (lo, hi) in v.expected.items()}
        extra += f',\n            "expected": {dumps_indented(expected, 6)}'
    if v.actual is not None:
        extra += f',\n            "actual": {dumps_indented(dict(v.actual), 6)}'
    text = (
        f'        {{\n          "ruleId": {string(v.check)},'
        f'\n          "ruleIndex": {int.__repr__(rule_index)},'
        f'\n          "level": {string(_LEVELS[v.severity])},'
        f'\n          "message": {{\n            "text": '
        f"{string(f'{violation_title(v)}. {v.message}')}\n          }},"
        f'\n          "locations": [\n            {{\n              "physicalLocation": {{'
        f'\n                "artifactLocation": {_artifact_text(v.file, root, cwd)},'
        f'\n                "region": {_region_text(v.line, v.column, v.end_line, v.end_column)}'
        f"\n              }}\n            }}\n          ],"
        f'\n          "partialFingerprints": {{'
        f'\n            "primaryLocationLineHash": {string(fingerprint)}\n          }},'
        f'\n          "properties": {{'
        f'\n            "brand": {"null" if brand is None else string(brand)},'
        f'\n            "platform": {"null" if platform is None else string(platform)},'
        f'\n            "window": {"null" if window is None else string(window)},'
        f'\n            "postIds": {post_ids}{extra}\n          }}\n        }}'
    )
    return _safe(text)


def _safe(text: str) -> str:
    # Most results are ASCII, which needs no scan but for DEL, the one ASCII
    # character `json_safe` escapes.
    return text if text.isascii() and "\x7f" not in text else json_safe(text)


# The string encoder json.dumps(..., ensure_ascii=False) uses (the C one when
# the interpreter has it).
_string = cast(
    "Callable[[str], str]",
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring,
)


def _artifact_text(file: str, root: Path, cwd: Path | None) -> str:
    """`_artifact` as written in a result, worked out once per file in a run."""
    key = (file, root, cwd)
    found = _ARTIFACT_TEXTS.get(key)
    if found is None:
        found = _ARTIFACT_TEXTS[key] = dumps_indented(_artifact(file, root, cwd), 8)
    return found


_ARTIFACT_TEXTS: dict[tuple[str, Path, Path | None], str] = {}


def _region_text(line: int, column: int, end_line: int, end_column: int) -> str:
    """`_region` as written in a result."""
    start_line, start_column = max(line, 1), max(column, 1)
    at = "\n                  "
    text = f'{{{at}"startLine": {start_line},{at}"startColumn": {start_column}'
    if end_line > 0 and end_column > 0 and (end_line, end_column) >= (start_line, start_column):
        text += f',{at}"endLine": {end_line},{at}"endColumn": {end_column}'
    return text + "\n                }"


def _artifact(file: str, root: Path, cwd: Path | None) -> dict[str, str]:
    """``file`` relative to ``%SRCROOT%``; a file outside ``root`` as an
    absolute ``file:`` URI instead, never one that climbs out with ``..``.
    Worked out once per file in a run (it resolves links on disk)."""
    key = (file, root, cwd)
    found = _ARTIFACTS.get(key)
    if found is None:
        found = _ARTIFACTS[key] = _find_artifact(file, root, cwd)
    return dict(found)


# _artifact's answers in the current run.
_ARTIFACTS: dict[tuple[str, Path, Path | None], dict[str, str]] = {}


def _find_artifact(file: str, root: Path, cwd: Path | None) -> dict[str, str]:
    base = os.path.realpath(cwd if cwd is not None else Path.cwd())
    absolute = os.path.normpath(os.path.join(base, file))
    try:
        relative = os.path.relpath(absolute, os.path.realpath(root))
    except ValueError:  # another drive on Windows
        relative = absolute
    outside = (
        relative == os.pardir
        or relative.startswith(os.pardir + os.sep)
        or os.path.isabs(relative)
    )
    if outside:
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(repo_path(file, root, cwd), safe="/"), "uriBaseId": SRCROOT}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    start_line, start_column = max(line, 1), max(column, 1)
    region = {"startLine": start_line, "startColumn": start_column}
    end = (end_line, end_column)
    if end_line > 0 and end_column > 0 and end >= (start_line, start_column):
        region["endLine"], region["endColumn"] = end
    return region
