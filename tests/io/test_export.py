"""`contentplan export`: ICS parsed back with icalendar (DST-correct instants,
byte-stable output), CSV with a fixed header and safe quoting, and the
export → import round trip giving the same posts."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar as ICalendar

from contentplan.core.model import Calendar, Post
from contentplan.load.calendar import load_calendar
from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"


def export(*args: str, cwd: Path = FIXTURES) -> tuple[int, bytes, str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "contentplan", "export", *args],
        cwd=cwd, capture_output=True, timeout=120,
    )
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr, stderr
    return done.returncode, done.stdout, stderr


def load(path: Path) -> Calendar:
    calendar, problems = load_calendar(str(path), path.name, 64 * 1024 * 1024)
    assert not problems, problems
    assert calendar is not None
    return calendar


def fields(post: Post) -> tuple[object, ...]:
    """What a post is, apart from where it is written."""
    return (post.id, post.instant, post.local, post.platform, post.pillar, post.title,
            post.format, post.campaign, post.phase, post.topic, post.expires, post.status,
            post.notes, post.placeholder, post.series, post.repeat_of)


# --- ICS ---------------------------------------------------------------------


def test_ics_has_one_event_per_post_with_dst_correct_instants() -> None:
    code, out, _ = export("berlin.yaml", "--to", "ics")
    assert code == 0
    document = ICalendar.from_ical(out)
    events = {str(event["UID"]): event for event in document.walk("VEVENT")}
    assert set(events) == {"launch-teaser@volta", "after-dst@volta", "chinese@volta",
                           "overlap@volta"}
    utc = {uid: event.decoded("DTSTART").astimezone(UTC) for uid, event in events.items()}
    # CET (+01:00) the day before the change, CEST (+02:00) the day after.
    assert utc["launch-teaser@volta"] == datetime(2024, 3, 30, 19, 0, tzinfo=UTC)
    assert utc["after-dst@volta"] == datetime(2024, 3, 31, 18, 0, tzinfo=UTC)
    assert utc["chinese@volta"] == datetime(2024, 4, 1, 10, 30, 15, tzinfo=UTC)
    # 02:30 happens twice on 2024-10-27; the post is the second (+01:00) one.
    assert utc["overlap@volta"] == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)
    timezones = [tz["TZID"] for tz in document.walk("VTIMEZONE")]
    assert timezones == ["Europe/Berlin"]
    assert b"DTSTART;TZID=Europe/Berlin:20240331T200000" in out


def test_ics_events_carry_summary_categories_duration_and_description() -> None:
    calendar = load(FIXTURES / "berlin.yaml")
    _, out, _ = export("berlin.yaml", "--to", "ics")
    events = {str(e["UID"]).split("@")[0]: e for e in ICalendar.from_ical(out).walk("VEVENT")}
    for post in calendar.posts:
        event = events[post.id]
        assert event.decoded("DTSTART").astimezone(UTC) == post.instant
        assert event.decoded("DURATION") == timedelta(minutes=30)
        assert str(event["SUMMARY"]) == f"[{post.pillar}] {post.title}"
        assert [str(c) for c in event["CATEGORIES"].cats] == [post.platform, post.pillar]
    teaser = str(events["launch-teaser"]["DESCRIPTION"])
    assert teaser.splitlines()[:4] == ["format: video", "campaign: v9-launch",
                                       "phase: teaser", "status: draft"]
    assert 'notes: Shot list:\n- motor\n- battery, "cold" test' in teaser
    assert "expires: 2024-04-02 23:59" in str(events["chinese"]["DESCRIPTION"])
    assert str(events["launch-teaser"]["STATUS"]) == "TENTATIVE"
    assert str(events["after-dst"]["STATUS"]) == "CONFIRMED"


def test_ics_is_byte_stable_and_dtstamp_is_fixed_in_the_past() -> None:
    first = export("berlin.yaml", "--to", "ics")[1]
    second = export("berlin.yaml", "--to", "ics")[1]
    assert first == second
    stamps = {e.decoded("DTSTAMP") for e in ICalendar.from_ical(first).walk("VEVENT")}
    assert stamps == {datetime(2000, 1, 1, tzinfo=UTC)}
    assert first.count(b"\r\n") == first.count(b"\n")  # CRLF line ends (RFC 5545)


def test_ics_written_with_o(tmp_path: Path) -> None:
    target = tmp_path / "volta.ics"
    code, out, err = export(str(FIXTURES / "berlin.yaml"), "--to", "ics", "-o", str(target))
    assert code == 0 and out == b""
    assert "4 posts written" in err
    assert target.read_bytes() == export("berlin.yaml", "--to", "ics")[1]


# --- CSV ---------------------------------------------------------------------

HEADER = ["id", "date", "time", "timezone", "platform", "pillar", "title", "format",
          "campaign", "phase", "topic", "expires", "status", "notes", "placeholder",
          "series", "repeat_of"]


def test_csv_has_the_fixed_header_a_bom_and_one_row_per_post() -> None:
    code, out, _ = export("berlin.yaml", "--to", "csv")
    assert code == 0
    assert out.startswith(b"\xef\xbb\xbfid,date,time,timezone,")
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADER
    body = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert list(body) == ["launch-teaser", "after-dst", "chinese", "overlap"]
    # A cell that starts like a formula carries the apostrophe guard.
    assert body["after-dst"]["title"] == "'- a rider's first week"
    assert body["chinese"]["title"] == "春季新品发布，抢先看！"
    assert body["chinese"]["time"] == "12:30:15"
    assert body["overlap"]["time"] == "02:30+01:00"
    assert body["launch-teaser"]["notes"] == 'Shot list:\n- motor\n- battery, "cold" test'
    assert body["after-dst"]["status"] == "scheduled"


def test_csv_quotes_commas_quotes_and_line_breaks() -> None:
    _, out, _ = export("berlin.yaml", "--to", "csv")
    text = out.decode("utf-8-sig")
    assert '"V9: the motor, explained #1"' in text
    assert '"Quotes ""double"" and \'single\', commas, semicolons; and a tab\there"' in text
    assert '"Shot list:\n- motor\n- battery, ""cold"" test"' in text


def test_export_import_round_trip_gives_the_same_posts(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "rules.yaml", tmp_path / "rules.yaml")
    code, out, _ = export(str(FIXTURES / "berlin.yaml"), "--to", "csv")
    assert code == 0
    (tmp_path / "posts.csv").write_bytes(out)
    run = run_cli("import", "posts.csv", "--brand", "volta", "--timezone", "Europe/Berlin",
                  "--rules", "rules.yaml", "-o", "back.yaml", cwd=tmp_path)
    assert run.code == 0, run.stderr
    original = load(FIXTURES / "berlin.yaml")
    back = load(tmp_path / "back.yaml")
    assert back.brand == original.brand and back.timezone == original.timezone
    assert sorted(map(fields, back.posts)) == sorted(map(fields, original.posts))
    # The imported calendar passes check's schema under the same rules.
    checked = run_cli("check", "back.yaml", "--format", "json", cwd=tmp_path)
    assert checked.code in (0, 1), checked.stderr
    assert not [v for v in checked.json()["violations"] if v["check"] == "schema"]
    # And exporting it again gives the same CSV, byte for byte.
    again = export("back.yaml", "--to", "csv", cwd=tmp_path)[1]
    assert again == out


def test_series_and_repeat_of_round_trip_through_csv(tmp_path: Path) -> None:
    """A post's `series:` and `repeat_of:` are CSV columns, and import
    writes them back as they were."""
    (tmp_path / "rules.yaml").write_text(
        "version: 1\nseries:\n  tuesday-tutorial: {platform: wechat, pillar: functional, "
        "on: [tue], at: '20:00', from: 2025-03-04}\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nrules: rules.yaml\nposts:\n"
        "  - {id: t1, at: '2025-03-04 20:00', platform: wechat, pillar: functional, "
        "title: Tutorial 1, series: tuesday-tutorial}\n"
        "  - {id: t1-again, at: '2025-04-15 20:00', platform: wechat, pillar: functional, "
        "title: Tutorial 1, series: tuesday-tutorial, repeat_of: t1}\n",
        encoding="utf-8",
    )
    code, out, _ = export("c.yaml", "--to", "csv", cwd=tmp_path)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert [(row["series"], row["repeat_of"]) for row in rows] == [
        ("tuesday-tutorial", ""), ("tuesday-tutorial", "t1"),
    ]
    (tmp_path / "posts.csv").write_bytes(out)
    run = run_cli("import", "posts.csv", "--brand", "acme", "--timezone", "Asia/Shanghai",
                  "--rules", "rules.yaml", "-o", "back.yaml", cwd=tmp_path)
    assert run.code == 0, run.stderr
    back = load(tmp_path / "back.yaml")
    assert sorted(map(fields, back.posts)) == sorted(map(fields, load(tmp_path / "c.yaml").posts))


def test_import_refuses_an_unknown_series_and_a_bad_repeat_of(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        "version: 1\nseries:\n  tuesday-tutorial: {platform: wechat, pillar: functional, "
        "on: [tue], at: '20:00', from: 2025-03-04}\n",
        encoding="utf-8",
    )
    (tmp_path / "posts.csv").write_text(
        "date,time,platform,pillar,title,series,repeat_of\n"
        "2025-03-04,20:00,wechat,functional,T,tuesday-tutorail,bad id\n",
        encoding="utf-8",
    )
    run = run_cli("import", "posts.csv", "--brand", "acme", "--timezone", "Asia/Shanghai",
                  "--rules", "rules.yaml", "-o", "back.yaml", cwd=tmp_path)
    assert run.code == 2
    assert "row 2, series: 'tuesday-tutorail' is not a series in the rules (did you mean " \
        "'tuesday-tutorial'?)" in run.stderr
    assert "row 2, repeat_of: 'bad id' is not a post id" in run.stderr
    assert not (tmp_path / "back.yaml").exists()


# --- refusals ----------------------------------------------------------------


def test_schema_errors_exit_2_with_file_and_line() -> None:
    code, out, err = export("broken.yaml", "--to", "ics")
    assert code == 2 and out == b""
    assert "broken.yaml:" in err and "25:00" in err


def test_missing_file_and_bad_format_exit_2() -> None:
    assert export("nowhere.yaml", "--to", "csv")[0] == 2
    assert export("berlin.yaml", "--to", "pdf")[0] == 2


def test_o_naming_the_calendar_is_refused(tmp_path: Path) -> None:
    for name in ("berlin.yaml", "rules.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    before = (tmp_path / "berlin.yaml").read_bytes()
    code, _, err = export("berlin.yaml", "--to", "csv", "-o", "berlin.yaml", cwd=tmp_path)
    assert code == 2
    assert "never overwrites its input" in err
    assert (tmp_path / "berlin.yaml").read_bytes() == before


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    code, _, err = export(str(FIXTURES / "berlin.yaml"), "--to", "csv",
                          "-o", str(tmp_path / "no" / "such" / "dir.csv"))
    assert code == 2 and "/no/such does not exist: create it with mkdir -p " in err


@pytest.mark.parametrize("to", ["ics", "csv"])
def test_help_teaches_with_an_example(to: str) -> None:
    run = run_cli("export", "--help")
    assert run.code == 0
    assert f"--to {to}" in run.stdout and "Examples" in run.stdout


def test_help_names_every_exported_field_as_a_csv_column() -> None:
    from contentplan.core.postfields import EXPORTED_FIELDS, POST_FIELDS

    run = run_cli("export", "--help", env={"COLUMNS": "200"})
    assert run.code == 0
    said = " ".join(run.stdout.split())
    start = said.index("with the columns ") + len("with the columns ")
    named = said[start : said.index(".", start)].split(", ")
    expected = [
        column
        for field in EXPORTED_FIELDS
        for column in (("date", "time", "timezone") if field.name == "at" else (field.name,))
    ]
    assert named == expected
    # A field kept out of the export (a post's `ignore:`) is not a column.
    assert [f.name for f in POST_FIELDS if not f.exported] == ["ignore"]
    assert "ignore" not in named
