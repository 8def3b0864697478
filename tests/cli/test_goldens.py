"""Golden output of the renderers through the real CLI: `show`'s week grid,
`export` to CSV and ICS, `import` back to YAML, and `plan`'s calendar and
table. UPDATE_GOLDEN=1 rewrites a file after a deliberate change; read the
diff before committing it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden"
GOOD = "calendars/veloq-2025-spring.yaml"
WIDE = {"COLUMNS": "120", "TERM": "dumb", "NO_COLOR": "1"}


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
    expected = path.read_bytes().decode("utf-8")  # bytes: CSV and ICS keep their CRLF
    assert text == expected, f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


def test_show_week_grid() -> None:
    run = run_cli("show", GOOD, "--week", "2025-W13", cwd=ROOT, env=WIDE)
    assert run.code == 0, run.stderr
    assert "veloq 2025-W13" in run.stdout
    golden("show_veloq_2025-W13.txt", run.stdout)


def test_show_marks_violations() -> None:
    broken = "calendars/broken/veloq-demo-broken.yaml"
    run = run_cli("show", broken, "--week", "2025-W15", cwd=ROOT, env=WIDE)
    assert run.code == 0, run.stderr
    golden("show_broken_2025-W15.txt", run.stdout)


@pytest.mark.parametrize("kind", ["csv", "ics"])
def test_export(kind: str, tmp_path: Path) -> None:
    target = tmp_path / f"out.{kind}"
    run = run_cli("export", GOOD, "--to", kind, "-o", str(target), cwd=ROOT)
    assert run.code == 0, run.stderr
    text = target.read_bytes().decode("utf-8")
    golden(f"export_veloq.{kind}", text)


def test_import_of_the_exported_csv(tmp_path: Path) -> None:
    csv = tmp_path / "veloq.csv"
    assert run_cli("export", GOOD, "--to", "csv", "-o", str(csv), cwd=ROOT).code == 0
    run = run_cli("import", str(csv), "--brand", "veloq", "--timezone", "Asia/Shanghai",
                  cwd=ROOT)
    assert run.code == 0, run.stderr
    golden("import_veloq.yaml", run.stdout)


def test_plan_skeleton_calendar_and_table() -> None:
    run = run_cli(
        "plan", "--week", "2025-W16", "--calendar", GOOD, "--whole", cwd=ROOT, env=WIDE
    )
    assert run.code == 0, run.stderr
    original = (ROOT / GOOD).read_text(encoding="utf-8")
    assert run.stdout.startswith(original)  # pinned posts byte for byte
    golden("plan_veloq_2025-W16.yaml", run.stdout[len(original):])
    golden("plan_veloq_2025-W16.table.txt", run.stderr)
