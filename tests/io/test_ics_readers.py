"""`export --to ics` read as calendar apps read it: a two-year calendar in a
DST zone against the UTC instants it means, through the event's zone (as
icalendar resolves it), through the VTIMEZONE alone (as a reader that does
not know the zone's name must), and through ical.js when node and the
package are there. Plus DTSTAMP and SEQUENCE, which decide whether an app
takes a re-import as an update."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar as ICalendar

from contentplan.io.ics import STAMP, to_ics, vtimezone
from contentplan.load.calendar import load_calendar
from tests.conftest import run_cli

RULES = Path(__file__).parent / "fixtures" / "rules.yaml"

# Local wall clock -> the UTC instant it is in New York, over 2024 and 2025:
# both sides of each of the four changes, and mid-summer of both years.
NEW_YORK = {
    "w24": ("2024-01-15 09:00", datetime(2024, 1, 15, 14, 0, tzinfo=UTC)),
    "before-spring-24": ("2024-03-09 09:00", datetime(2024, 3, 9, 14, 0, tzinfo=UTC)),
    "after-spring-24": ("2024-03-10 09:00", datetime(2024, 3, 10, 13, 0, tzinfo=UTC)),
    "summer-24": ("2024-07-15 09:00", datetime(2024, 7, 15, 13, 0, tzinfo=UTC)),
    "before-fall-24": ("2024-11-02 09:00", datetime(2024, 11, 2, 13, 0, tzinfo=UTC)),
    "after-fall-24": ("2024-11-03 09:00", datetime(2024, 11, 3, 14, 0, tzinfo=UTC)),
    "before-spring-25": ("2025-03-08 09:00", datetime(2025, 3, 8, 14, 0, tzinfo=UTC)),
    "after-spring-25": ("2025-03-09 09:00", datetime(2025, 3, 9, 13, 0, tzinfo=UTC)),
    "summer-25": ("2025-07-15 09:00", datetime(2025, 7, 15, 13, 0, tzinfo=UTC)),
    "before-fall-25": ("2025-11-01 09:00", datetime(2025, 11, 1, 13, 0, tzinfo=UTC)),
    "after-fall-25": ("2025-11-02 09:00", datetime(2025, 11, 2, 14, 0, tzinfo=UTC)),
    "late-25": ("2025-12-31 23:30", datetime(2026, 1, 1, 4, 30, tzinfo=UTC)),
}

# ical.js as a web calendar uses it: register each VTIMEZONE, then read
# every event's DTSTART as a UTC instant.
ICAL_JS = """
const ICAL = require('ical.js');
const text = require('fs').readFileSync(0, 'utf8');
const comp = new ICAL.Component(ICAL.parse(text));
for (const vtz of comp.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
}
const out = {};
for (const ev of comp.getAllSubcomponents('vevent')) {
  const start = ev.getFirstPropertyValue('dtstart');
  out[ev.getFirstPropertyValue('uid')] = new Date(start.toUnixTime() * 1000).toISOString();
}
console.log(JSON.stringify(out));
"""


def calendar_yaml(posts: dict[str, str], timezone: str = "America/New_York") -> str:
    lines = ["version: 1", "brand: acme", f"timezone: {timezone}", "rules: rules.yaml", "posts:"]
    for number, (post_id, at) in enumerate(posts.items()):
        pillar = ("functional", "story", "trending")[number % 3]
        lines.append(
            f"  - {{id: {post_id}, at: {at}, platform: weibo, pillar: {pillar}, title: T{number}}}"
        )
    return "\n".join(lines) + "\n"


def export_ics(folder: Path, text: str) -> bytes:
    """Through the command line, as a user exports."""
    shutil.copy(RULES, folder / "rules.yaml")
    (folder / "ny.yaml").write_text(text, encoding="utf-8")
    done = run_cli("export", "ny.yaml", "--to", "ics", cwd=folder)
    assert done.code == 0, done.stderr
    return done.stdout.encode("utf-8")


def ics_of(folder: Path, text: str) -> bytes:
    """In this process, for the cases that export several times."""
    path = folder / "cal.yaml"
    path.write_text(text, encoding="utf-8")
    calendar, problems = load_calendar(str(path), path.name, 64 * 1024 * 1024)
    assert not problems and calendar is not None, problems
    return to_ics(calendar)


@pytest.fixture(scope="module")
def new_york(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("ny")
    return export_ics(folder, calendar_yaml({k: at for k, (at, _) in NEW_YORK.items()}))


def expected() -> dict[str, datetime]:
    return {f"{post_id}@acme": instant for post_id, (_, instant) in NEW_YORK.items()}


def test_two_years_in_new_york_read_right_through_the_zone_name(new_york: bytes) -> None:
    document = ICalendar.from_ical(new_york)
    found = {
        str(event["UID"]): event.decoded("DTSTART").astimezone(UTC)
        for event in document.walk("VEVENT")
    }
    assert found == expected()


def test_two_years_in_new_york_read_right_through_the_vtimezone_alone(new_york: bytes) -> None:
    document = ICalendar.from_ical(new_york)
    (timezone,) = document.walk("VTIMEZONE")
    rules = timezone.to_tz()  # built from the VTIMEZONE's lines, not the zone's name
    found = {}
    for event in document.walk("VEVENT"):
        wall = event.decoded("DTSTART").replace(tzinfo=None)
        found[str(event["UID"])] = wall.replace(tzinfo=rules).astimezone(UTC)
    assert found == expected()


def test_new_york_is_written_as_yearly_rules(new_york: bytes) -> None:
    text = new_york.decode("utf-8").replace("\r\n", "\n")
    zone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    # DTSTART is the wall clock before the change, in the offset it leaves.
    assert "DTSTART:20240310T020000\nRRULE:FREQ=YEARLY;UNTIL=20250309T070000Z;BYDAY=2SU;" in zone
    assert "DTSTART:20241103T020000\nRRULE:FREQ=YEARLY;UNTIL=20251102T060000Z;BYDAY=1SU;" in zone
    assert "RDATE" not in zone


@pytest.mark.parametrize(
    ("zone", "first", "last"),
    [
        ("America/New_York", 2024, 2025),
        ("Europe/Berlin", 2024, 2024),
        ("Australia/Sydney", 2024, 2026),  # daylight time across New Year
        ("Australia/Lord_Howe", 2024, 2025),  # a 30-minute change
        ("Asia/Tehran", 2020, 2023),  # fixed dates, then no DST from 2023
        ("Africa/Casablanca", 2024, 2026),  # changes that move with Ramadan
        ("America/Santiago", 2022, 2024),  # a rule that changed in 2022
        ("UTC", 2024, 2025),
    ],
)
def test_vtimezone_gives_the_zone_s_offset_at_every_hour(zone: str, first: int, last: int) -> None:
    rules = vtimezone(zone, first, last).to_tz()
    truth = ZoneInfo(zone)
    at = datetime(first, 1, 1, 12, tzinfo=UTC)
    wrong = []
    while at < datetime(last, 12, 31, tzinfo=UTC):
        if at.astimezone(rules).utcoffset() != at.astimezone(truth).utcoffset():
            wrong.append(at)
        at += timedelta(hours=1)
    assert wrong == []


def test_irregular_changes_list_the_first_one_in_rdate_too() -> None:
    """ical.js ignores DTSTART once RDATE is there, so it is repeated, and
    reads one date per RDATE line."""
    listed = 0
    for component in vtimezone("Africa/Casablanca", 2024, 2026).walk():
        if "RDATE" in component:
            lines = _as_list(component["RDATE"])
            assert all(len(line.dts) == 1 for line in lines)
            assert component.decoded("DTSTART") == lines[0].dts[0].dt
            assert len(lines) == 3
            listed += 1
    assert listed == 2


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _ical_js() -> list[str] | None:
    node = shutil.which("node")
    if node is None:
        return None
    found = subprocess.run(
        [node, "-e", "require.resolve('ical.js')"], capture_output=True, timeout=60
    )
    return [node, "-e", ICAL_JS] if found.returncode == 0 else None


@pytest.mark.skipif(
    _ical_js() is None, reason="needs node and the npm package ical.js (NODE_PATH may point at it)"
)
@pytest.mark.parametrize("zone", ["America/New_York", "Africa/Casablanca"])
def test_ical_js_reads_two_years_right(tmp_path: Path, zone: str) -> None:
    command = _ical_js()
    assert command is not None
    posts = {k: at for k, (at, _) in NEW_YORK.items()}
    ics = ics_of(tmp_path, calendar_yaml(posts, zone))
    done = subprocess.run(
        command, input=ics, capture_output=True, timeout=60, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr
    read = {uid: datetime.fromisoformat(at) for uid, at in json.loads(done.stdout).items()}
    truth = ZoneInfo(zone)
    wanted = {
        f"{post_id}@acme": datetime.fromisoformat(at).replace(tzinfo=truth).astimezone(UTC)
        for post_id, at in posts.items()
    }
    assert read == wanted, ics.decode()


def test_dtstamp_is_a_fixed_instant_in_the_past(new_york: bytes) -> None:
    stamps = {e.decoded("DTSTAMP") for e in ICalendar.from_ical(new_york).walk("VEVENT")}
    assert stamps == {STAMP}
    assert datetime.now(UTC) > STAMP


def test_sequence_changes_only_for_the_post_that_moved(tmp_path: Path) -> None:
    posts = {k: at for k, (at, _) in NEW_YORK.items()}
    before = _sequences(ics_of(tmp_path, calendar_yaml(posts)))
    assert before == _sequences(ics_of(tmp_path, calendar_yaml(posts)))  # stable
    posts["summer-24"] = "2024-07-16 10:00"
    after = _sequences(ics_of(tmp_path, calendar_yaml(posts)))
    changed = {uid for uid in before if before[uid] != after[uid]}
    assert changed == {"summer-24@acme"}
    assert all(0 <= number < 2**31 for number in [*before.values(), *after.values()])


def _sequences(ics: bytes) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in ICalendar.from_ical(ics).walk("VEVENT")}
