"""Golden files for the CI renderers: ``CONTENTPLAN_UPDATE_GOLDEN=1 pytest
tests/ci`` rewrites them; review the diff before committing."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CONTENTPLAN_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"{path} is missing: run with CONTENTPLAN_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"
