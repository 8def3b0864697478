"""The example repository gives the result it documents: the Veloq calendar
passes every check, and the broken demo calendar breaks exactly the checks its
header lists."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT, Run, run_cli

GOOD = ROOT / "calendars" / "veloq-2025-spring.yaml"
BROKEN = ROOT / "calendars" / "broken" / "veloq-demo-broken.yaml"


def _check(*paths: Path) -> Run:
    return run_cli("check", *(str(p.relative_to(ROOT)) for p in paths), "--format", "json",
                   cwd=ROOT)


def expected_from_header(path: Path) -> list[dict[str, Any]]:
    """The YAML list in the broken calendar's header comment."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#   (- \{.*\})", line)
        if match:
            lines.append(re.sub(r"\s+#.*$", "", match[1]))
    expected = yaml.safe_load("\n".join(lines))
    assert isinstance(expected, list) and expected, "no expected violations in the header"
    return expected


def _matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    return (
        got["check"] == want["check"]
        and got["platform"] == want["platform"]
        and got["severity"] == want.get("severity", "error")
        and ("window" not in want or got["window"] == want["window"])
        and ("posts" not in want or got["post_ids"] == want["posts"])
    )


def test_good_calendar_passes_every_check() -> None:
    run = _check(GOOD)
    assert run.code == 0, run.stdout + run.stderr
    document = run.json()
    assert document["violations"] == []
    assert document["summary"]["posts"] == 97
    assert document["summary"]["errors"] == document["summary"]["warnings"] == 0


def test_broken_calendar_breaks_exactly_what_its_header_lists() -> None:
    expected = expected_from_header(BROKEN)
    run = _check(BROKEN)
    assert run.code == 1, run.stdout + run.stderr
    actual = run.json()["violations"]
    assert {v["brand"] for v in actual} == {"veloq-demo"}
    unmatched = list(actual)
    missing = []
    for want in expected:
        found = next((got for got in unmatched if _matches(want, got)), None)
        if found is None:
            missing.append(want)
        else:
            unmatched.remove(found)
    assert missing == [] and unmatched == [], {"missing": missing, "unexpected": unmatched}


def test_the_header_covers_the_checks_it_means_to_show() -> None:
    checks = Counter(item["check"] for item in expected_from_header(BROKEN))
    assert set(checks) >= {
        "mix", "mix-brand", "cadence", "spacing", "quiet-hours", "blackout", "format",
        "title-length", "campaign-phase", "stale-trend", "duplicate", "role-fit", "series",
        "evergreen",
    }


def test_checking_the_folder_reports_only_the_broken_brand() -> None:
    run = run_cli("check", "calendars/", "--format", "json", cwd=ROOT)
    assert run.code == 1, run.stdout + run.stderr
    document = run.json()
    assert {v["brand"] for v in document["violations"]} == {"veloq-demo"}
    assert len(document["violations"]) == len(expected_from_header(BROKEN))
    assert document["summary"]["files"] == 2
