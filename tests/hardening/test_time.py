"""Issue 6, item 4: time. Impossible dates and times, DST gaps and overlaps,
explicit offsets, weeks that span a DST change (judged on local days), ISO
week 53 and the week-year edge, all through the real command line."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.hardening.support import assert_clean_failure, run_bounded

BERLIN = "Europe/Berlin"

# Two pillars, judged only brand-wide, with no tolerance: a window passes only
# when it holds as many `a` posts as `b` posts (give or take the one that
# rounding forces on an odd count). Which posts share a window decides it.
EVEN_MIX = """version: 1
pillars: [a, b]
mix: {target: {a: 1, b: 1}, tolerance: 0, scope: [brand]}
platforms:
  blog: {max_per_day: 2}
"""
# Any mix passes; only cadence can fail.
CADENCE = """version: 1
mix: {tolerance: 1}
platforms:
  blog: {max_per_day: 2, slots: ["02:30", "12:00"]}
"""


def calendar(
    folder: Path, posts: list[tuple[str, str, str]], rules: str, zone: str = BERLIN
) -> Path:
    (folder / "rules.yaml").write_text(rules, encoding="utf-8")
    lines = ["version: 1", "brand: acme", f"timezone: {zone}", "rules: rules.yaml", "posts:"]
    for post_id, at, pillar in posts:
        lines.append(
            f'  - {{id: {post_id}, at: "{at}", platform: blog, pillar: {pillar},'
            f" title: Post {post_id}}}"
        )
    path = folder / "c.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def check_json(folder: Path) -> tuple[Run, list[dict[str, object]]]:
    run = run_bounded("check", "c.yaml", "--format", "json", cwd=folder)
    assert "Traceback" not in run.stderr, run.stderr
    return run, run.json()["violations"] if run.stdout else []


# -- impossible values --------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("2024-02-30 10:00", "February 2024 has 29 days"),
        ("2023-02-29 10:00", "February 2023 has 28 days"),
        ("2024-03-04 24:01", "not a time of day"),
        ("2024-03-04 24:00", "24:00 is not a time: write 00:00 of the next day"),
        ("2024-03-04 10:60", "not a time of day"),
        ("2024-13-01 10:00", "no month 13"),
        ("2024-03-04 10:00+25:00", "offset +25:00 is out of range"),
    ],
)
def test_impossible_instants_are_rejected(tmp_path: Path, at: str, words: str) -> None:
    calendar(tmp_path, [("p1", at, "a")], EVEN_MIX)
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    assert re.match(r"c\.yaml:6:\d+: error \[schema\] at: ", run.stdout), run.stdout
    assert words in run.stdout, run.stdout


def test_impossible_dates_in_expires_and_rules_are_rejected(tmp_path: Path) -> None:
    rules = EVEN_MIX + 'blackouts:\n  - {from: 2024-02-30, to: 2024-03-01, reason: x}\n'
    path = calendar(tmp_path, [("p1", "2024-03-04 10:00", "a")], rules)
    path.write_text(
        path.read_text().replace("title: Post p1}", 'title: P, expires: "2024-03-04 24:01"}')
    )
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    assert re.search(r"^c\.yaml:6:\d+: error \[schema\] expires: .*not a time", run.stdout, re.M)
    assert re.search(r"^rules\.yaml:7:\d+: error \[schema\] .*February 2024", run.stdout, re.M), (
        run.stdout
    )


# -- DST gap and overlap ------------------------------------------------------------


def test_dst_gap_is_rejected_naming_both_readings(tmp_path: Path) -> None:
    calendar(tmp_path, [("p1", "2024-03-31 02:30", "a")], EVEN_MIX)
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    assert "2024-03-31 02:30 does not exist in Europe/Berlin" in run.stdout
    assert "2024-03-31 02:30+01:00 (= 03:30 local)" in run.stdout
    assert "2024-03-31 02:30+02:00 (= 01:30 local)" in run.stdout


def test_dst_overlap_is_rejected_naming_both_readings(tmp_path: Path) -> None:
    calendar(tmp_path, [("p1", "2024-10-27 02:30", "a")], EVEN_MIX)
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    assert "2024-10-27 02:30 happens twice in Europe/Berlin" in run.stdout
    assert "2024-10-27 02:30+02:00 for the first" in run.stdout
    assert "2024-10-27 02:30+01:00 for the second" in run.stdout


def test_dst_gap_and_overlap_in_rules_instants_are_rejected(tmp_path: Path) -> None:
    """A rules instant is local to the calendar that uses it (SPEC §2.1)."""
    rules = EVEN_MIX + (
        'campaigns:\n  spring: {launch: "2024-03-31 02:30"}\n'
        '  autumn: {launch: "2024-10-27 02:30"}\n'
        '  fine: {launch: "2024-10-27 02:30+01:00"}\n'
        "blackouts:\n"
        '  - {from: "2024-03-31 02:15", to: "2024-04-02", reason: x}\n'
        "  - {from: 2024-03-31, to: 2024-03-31, reason: dates are fine}\n"
    )
    calendar(tmp_path, [("p1", "2024-03-04 10:00", "a")], rules)
    # A second brand in the same zone on the same rules: each problem once.
    (tmp_path / "d.yaml").write_text(
        (tmp_path / "c.yaml").read_text().replace("brand: acme", "brand: other")
    )
    run = run_bounded("check", "c.yaml", "d.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    problems = [line for line in run.stdout.splitlines() if "[schema]" in line]
    assert len(problems) == 3, run.stdout
    spring, autumn, blackout = problems
    assert spring.startswith("rules.yaml:7:") and "2024-03-31 02:30 does not exist" in spring
    assert "02:30+01:00 (= 03:30 local) or 2024-03-31 02:30+02:00 (= 01:30 local)" in spring
    assert autumn.startswith("rules.yaml:8:") and "happens twice in Europe/Berlin" in autumn
    assert "02:30+02:00 for the first, or 2024-10-27 02:30+01:00 for the second" in autumn
    assert blackout.startswith("rules.yaml:11:") and "from: 2024-03-31 02:15 does not" in blackout
    # The same rules in a zone without DST are fine.
    calendar(tmp_path, [("p1", "2024-03-04 10:00", "a")], rules, zone="Asia/Shanghai")
    assert run_bounded("check", "c.yaml", cwd=tmp_path).code == 0


def test_explicit_offsets_are_honoured(tmp_path: Path) -> None:
    """Offsets are converted to the calendar's zone, also inside the gap and
    the overlap, where they pick one reading."""
    calendar(
        tmp_path,
        [
            ("gap-late", "2024-03-31 02:30+01:00", "functional"),
            ("overlap-first", "2024-10-27 02:30+02:00", "story"),
            ("overlap-second", "2024-10-27 02:30+01:00", "functional"),
            ("utc", "2024-10-27T02:30:00Z", "story"),
            ("shanghai", "2024-03-05 12:00+08:00", "functional"),
            ("new-york", "2024-03-05T23:30-05:00", "story"),
        ],
        CADENCE.replace("max_per_day: 2", "max_per_day: 9"),
    )
    run = run_bounded("export", "c.yaml", "--to", "csv", cwd=tmp_path)
    assert run.code == 0, run.stderr
    rows = {row["id"]: (row["date"], row["time"]) for row in csv.DictReader(
        io.StringIO(run.stdout.lstrip("\ufeff"))
    )}
    assert rows == {
        "gap-late": ("2024-03-31", "03:30"),
        "overlap-first": ("2024-10-27", "02:30+02:00"),
        "overlap-second": ("2024-10-27", "02:30+01:00"),
        "utc": ("2024-10-27", "03:30"),
        "shanghai": ("2024-03-05", "05:00"),
        "new-york": ("2024-03-06", "05:30"),
    }
    # and `check` judges them where they fall: "new-york" is a Wednesday post.
    assert run_bounded("check", "c.yaml", cwd=tmp_path).code == 0


def test_an_offset_decides_the_local_day_for_quiet_hours(tmp_path: Path) -> None:
    rules = CADENCE + 'quiet_hours: {from: "00:30", to: "07:00"}\n'
    calendar(tmp_path, [("p1", "2024-03-04 20:00-05:00", "functional")], rules)  # 02:00 local
    run, violations = check_json(tmp_path)
    assert run.code == 1
    assert [(v["check"], v["post_ids"]) for v in violations] == [("quiet-hours", ["p1"])]


# -- weeks that span a DST change: local days ----------------------------------------


@pytest.mark.parametrize(
    ("sunday", "posts"),
    [
        # spring forward: the local Sunday has 23 hours
        ("2024-03-31", ["2024-03-31 00:30", "2024-03-31 03:00", "2024-03-31 23:30"]),
        # fall back: the local Sunday has 25 hours, 02:30 comes twice
        ("2024-10-27", ["2024-10-27 00:30", "2024-10-27 02:30+01:00", "2024-10-27 23:30"]),
    ],
)
def test_max_per_day_counts_the_local_dst_sunday(
    tmp_path: Path, sunday: str, posts: list[str]
) -> None:
    saturday = sunday[:-2] + f"{int(sunday[-2:]) - 1:02d}"
    monday = {"2024-03-31": "2024-04-01", "2024-10-27": "2024-10-28"}[sunday]
    around = [("sat", f"{saturday} 23:30", "story"), ("mon", f"{monday} 00:30", "story")]
    two = [(f"sun{n}", at, "story") for n, at in enumerate(posts[::2])]
    calendar(tmp_path, around + two, CADENCE)
    run, violations = check_json(tmp_path)
    assert run.code == 0, violations  # Saturday 23:30 and Monday 00:30 are other days

    three = [(f"sun{n}", at, "story") for n, at in enumerate(posts)]
    calendar(tmp_path, around + three, CADENCE)
    run, violations = check_json(tmp_path)
    assert run.code == 1
    assert [(v["check"], v["post_ids"]) for v in violations] == [
        ("cadence", ["sun0", "sun1", "sun2"])
    ]
    week = "2024-W13" if sunday == "2024-03-31" else "2024-W43"
    assert violations[0]["window"] == week


@pytest.mark.parametrize(
    ("posts", "bad_week"),
    [
        # W13 ends Mon 2024-04-01 00:00 CEST, 167 hours after it began.
        (
            [
                ("w13-mon", "2024-03-25 12:00", "a"),
                ("w13-sun", "2024-03-31 12:00", "b"),
                ("w14-mon1", "2024-04-01 00:30", "b"),
                ("w14-mon2", "2024-04-01 00:45", "b"),
                ("w14-tue", "2024-04-02 12:00", "a"),
                ("w14-wed", "2024-04-03 12:00", "a"),
            ],
            None,
        ),
        # W43 ends Mon 2024-10-28 00:00 CET, 169 hours after it began.
        (
            [
                ("w43-mon", "2024-10-21 12:00", "a"),
                ("w43-tue", "2024-10-22 12:00", "a"),
                ("w43-sun1", "2024-10-27 23:00", "b"),
                ("w43-sun2", "2024-10-27 23:30", "b"),
            ],
            None,
        ),
        # posts on both sides of the change are judged together
        ([("before", "2024-03-31 01:00", "a"), ("after", "2024-03-31 23:30", "a")], "2024-W13"),
        ([("before", "2024-10-27 01:00", "a"), ("after", "2024-10-27 23:30", "a")], "2024-W43"),
    ],
)
def test_a_weeks_mix_across_a_dst_change_uses_local_week_bounds(
    tmp_path: Path, posts: list[tuple[str, str, str]], bad_week: str | None
) -> None:
    calendar(tmp_path, posts, EVEN_MIX)
    run, violations = check_json(tmp_path)
    if bad_week is None:
        assert run.code == 0, violations
    else:
        assert run.code == 1
        assert [(v["check"], v["window"], v["post_ids"]) for v in violations] == [
            ("mix-brand", bad_week, ["before", "after"])
        ]


# -- ISO week 53 and the week-year edge ------------------------------------------------


def test_week_53_is_one_window_across_new_year(tmp_path: Path) -> None:
    balanced = [
        ("mon", "2026-12-28 12:00", "a"),
        ("tue", "2026-12-29 12:00", "a"),
        ("sat", "2027-01-02 12:00", "b"),
        ("sun", "2027-01-03 12:00", "b"),
    ]
    calendar(tmp_path, balanced, EVEN_MIX, zone="Asia/Shanghai")
    run, violations = check_json(tmp_path)
    assert run.code == 0, violations
    calendar(tmp_path, [("mon", "2026-12-28 12:00", "a"), ("sun", "2027-01-03 12:00", "a")],
             EVEN_MIX, zone="Asia/Shanghai")
    run, violations = check_json(tmp_path)
    assert [(v["window"], v["post_ids"]) for v in violations] == [("2026-W53", ["mon", "sun"])]


def test_2024_12_30_is_in_2025_w01(tmp_path: Path) -> None:
    calendar(
        tmp_path,
        [
            ("sun", "2024-12-29 12:00", "b"),
            ("mon", "2024-12-30 12:00", "a"),
            ("next-sun", "2025-01-05 12:00", "a"),
        ],
        EVEN_MIX,
        zone="Asia/Shanghai",
    )
    run, violations = check_json(tmp_path)
    assert [(v["window"], v["post_ids"]) for v in violations] == [
        ("2025-W01", ["mon", "next-sun"])
    ]
    shown = run_bounded("show", "c.yaml", "--week", "2025-W01", cwd=tmp_path)
    assert shown.code == 0, shown.stderr
    assert "2025-W01" in shown.stdout and "Mon 12-30" in shown.stdout
    assert "Sun 01-05" in shown.stdout and "Sun 12-29" not in shown.stdout


def test_show_and_plan_accept_week_53(tmp_path: Path) -> None:
    rules = 'version: 1\nplatforms:\n  blog: {slots: ["12:00", "20:00"], max_per_day: 2}\n'
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    planned = run_bounded(
        "plan", "--week", "2026-W53", "--brand", "acme", "--timezone", BERLIN,
        "--rules", "rules.yaml", "-o", "w53.yaml", cwd=tmp_path, timeout=120,
    )
    assert planned.code == 0, planned.stderr
    text = (tmp_path / "w53.yaml").read_text(encoding="utf-8")
    days = sorted(set(re.findall(r'at: "(\d{4}-\d\d-\d\d) ', text)))
    assert days == [f"2026-12-{d}" for d in range(28, 32)] + [f"2027-01-0{d}" for d in (1, 2, 3)]
    assert all("2026-W53" in post_id for post_id in re.findall(r"id: (\S+)", text))
    checked = run_bounded("check", "w53.yaml", "--rules", "rules.yaml", cwd=tmp_path)
    assert checked.code == 0, checked.stdout
    shown = run_bounded(
        "show", "w53.yaml", "--week", "2026-W53", "--rules", "rules.yaml", cwd=tmp_path
    )
    assert shown.code == 0, shown.stderr
    assert "2026-W53" in shown.stdout
    assert "Mon 12-28" in shown.stdout and "Sun 01-03" in shown.stdout


@pytest.mark.parametrize("week", ["2025-W53", "2024-W00", "2024-W54", "2024W13", "2024-13"])
def test_weeks_that_do_not_exist_are_refused(tmp_path: Path, week: str) -> None:
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: UTC\nposts:\n"
        '  - {id: a1, at: "2025-03-04 12:00", platform: weibo, pillar: functional, title: A}\n',
        encoding="utf-8",
    )
    for command in (["show", "c.yaml", "--week", week],
                    ["plan", "--week", week, "--brand", "a", "--timezone", "UTC"]):
        run = run_bounded(*command, cwd=tmp_path, timeout=120)
        assert_clean_failure(run)
        assert week in run.stderr, run.stderr


def test_plan_skips_slots_in_the_dst_gap(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(CADENCE, encoding="utf-8")
    planned = run_bounded(
        "plan", "--week", "2024-W13", "--brand", "acme", "--timezone", BERLIN,
        "--rules", "rules.yaml", "-o", "out.yaml", cwd=tmp_path, timeout=120,
    )
    assert planned.code == 0, planned.stderr
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    ats = re.findall(r'at: "([^"]+)"', text)
    assert "2024-03-30 02:30" in ats and "2024-03-31 12:00" in ats
    assert not [at for at in ats if at.startswith("2024-03-31 02:")]
    assert run_bounded("check", "out.yaml", "--rules", "rules.yaml", cwd=tmp_path).code == 0
    document = json.loads(
        run_bounded("check", "out.yaml", "--rules", "rules.yaml", "--format", "json",
                    cwd=tmp_path).stdout
    )
    assert document["summary"]["posts"] == len(ats) == 13
