"""A time zone that is a valid IANA name but one fixed offset all year (EST,
MST, HST, Etc/GMT+5) is a warning, never an error: `check` reports it as a
`schema` warning at the `timezone:` line, and `plan` says it on stderr, for
a calendar, a backlog and --timezone alike."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest

from contentplan.load.calendar import fixed_offset_note
from tests.hardening.support import run_bounded

NEW_YORK = (
    "EST is a fixed UTC-5 offset with no daylight saving time; for New York use America/New_York"
)


def _calendar(zone: str) -> str:
    return (
        "version: 1\n"
        "brand: acme\n"
        f"timezone: {zone}\n"
        "posts:\n"
        '  - {id: a, at: "2025-03-10 09:00", platform: linkedin, pillar: functional, title: A}\n'
    )


def _offsets(name: str) -> set[float]:
    zone = ZoneInfo(name)
    return {
        zone.utcoffset(datetime(2025, month, 1)).total_seconds() / 3600  # type: ignore[union-attr]
        for month in (1, 7)
    }


@pytest.mark.parametrize(
    ("zone", "warned"),
    [
        ("EST", NEW_YORK),
        ("MST", "MST is a fixed UTC-7 offset with no daylight saving time; for Denver use "
                "America/Denver"),
        ("HST", "HST is a fixed UTC-10 offset with no daylight saving time; for Honolulu use "
                "Pacific/Honolulu"),
        ("Etc/GMT+5", "Etc/GMT+5 is a fixed UTC-5 offset with no daylight saving time (in "
                      "Etc/GMT names the sign is reversed)"),
        ("America/New_York", None),
        ("EST5EDT", None),
        ("UTC", None),
    ],
)
def test_check_warns_of_a_fixed_offset_zone_at_its_line(
    tmp_path: Path, zone: str, warned: str | None
) -> None:
    (tmp_path / "cal.yaml").write_text(_calendar(zone), encoding="utf-8")
    run = run_bounded("check", "cal.yaml", "--format", "plain", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr  # a warning, not an error
    if warned is None:
        assert "warning" not in run.stdout, run.stdout
    else:
        assert f"cal.yaml:3:11: warning [schema] {warned}" in run.stdout, run.stdout


def test_strict_check_fails_on_the_zone_warning(tmp_path: Path) -> None:
    (tmp_path / "cal.yaml").write_text(_calendar("EST"), encoding="utf-8")
    run = run_bounded("check", "cal.yaml", "--strict", "--format", "json", cwd=tmp_path)
    assert run.code == 1
    [violation] = run.json()["violations"]
    assert (violation["check"], violation["severity"], violation["line"]) == (
        "schema", "warning", 3)
    assert violation["message"] == NEW_YORK


def test_ignore_schema_hides_the_zone_warning(tmp_path: Path) -> None:
    (tmp_path / "cal.yaml").write_text(_calendar("EST"), encoding="utf-8")
    run = run_bounded("check", "cal.yaml", "--ignore", "schema", "--strict", cwd=tmp_path)
    assert run.code == 0, run.stdout
    assert "EST" not in run.stdout


@pytest.mark.parametrize("source", ["calendar", "backlog", "option"])
def test_plan_warns_on_stderr(tmp_path: Path, source: str) -> None:
    args = ["plan", "--week", "2025-W12", "--platforms", "linkedin", "-o", "out.yaml"]
    if source == "calendar":
        (tmp_path / "cal.yaml").write_text(_calendar("EST"), encoding="utf-8")
        args += ["--calendar", "cal.yaml"]
        where = "cal.yaml:3:11: warning: "
    elif source == "backlog":
        (tmp_path / "backlog.yaml").write_text(
            "version: 1\nbrand: acme\ntimezone: EST\nitems:\n"
            "  - {id: a, pillar: functional, title: A}\n",
            encoding="utf-8",
        )
        args += ["--backlog", "backlog.yaml"]
        where = "backlog.yaml:3:11: warning: "
    else:
        args += ["--brand", "acme", "--timezone", "EST"]
        where = "--timezone: warning: "
    run = run_bounded(*args, cwd=tmp_path, timeout=60)
    assert run.code == 0, run.stderr
    assert where + NEW_YORK in run.stderr, run.stderr
    assert (tmp_path / "out.yaml").is_file()


def test_every_zone_warned_of_is_one_offset_all_year_and_says_which() -> None:
    """The notes hold for the zone database on this machine: each zone
    warned of keeps one offset in January and July, the one the note
    names; and no zone whose offset changes is warned of."""
    warned = 0
    for name in sorted(available_timezones()):
        note = fixed_offset_note(name)
        offsets = _offsets(name)
        if note is None:
            continue
        warned += 1
        assert len(offsets) == 1, name
        hours = int(offsets.pop())
        assert f"fixed UTC{hours:+d} offset" in note, (name, note)
    assert warned >= 3  # EST, MST and HST at least
