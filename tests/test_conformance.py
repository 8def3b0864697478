"""The hand-worked cases of ../shared/conformance, run through the real CLI.

Each case gives the exit code and every violation it expects; nothing else
may appear at error severity (conformance/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED, run_cli

CASES = SHARED / "conformance"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir()) if CASES.is_dir() else []


def _matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    for key in ("check", "severity", "platform", "window", "post_ids", "line"):
        if key in expected and expected[key] != actual[key]:
            return False
    for key in ("expected", "actual"):
        if key in expected and expected[key] != actual[key]:
            return False
    return all(word in actual["message"] for word in expected.get("mentions", []))


@pytest.mark.skipif(
    not CASES.is_dir(), reason=f"{CASES} is absent: ../shared is not beside this checkout"
)
@pytest.mark.parametrize("case", CASE_NAMES or ["<none>"])
def test_conformance_case(case: str) -> None:
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    args = ["check", "calendar.yaml", "--format", "json"]
    if (folder / "rules.yaml").exists():
        args += ["--rules", "rules.yaml"]
    run = run_cli(*args, cwd=folder)
    assert "Traceback" not in run.stderr
    found = run.json()["violations"]
    assert run.code == expected["exit"], (run.stdout, run.stderr)
    for want in expected["violations"]:
        hits = [v for v in found if _matches(want, v)]
        assert len(hits) == 1, f"expected exactly one violation like {want}, got {hits} of {found}"
    for got in found:
        if got["severity"] == "error":
            assert any(_matches(want, got) for want in expected["violations"]), f"unexpected {got}"


def test_cases_are_read_in_place() -> None:
    """The cases are read from ../shared, never copied into the project."""
    root = Path(__file__).resolve().parents[1]
    copies = [p for p in root.rglob("expected.json") if ".git" not in p.parts]
    assert copies == []
