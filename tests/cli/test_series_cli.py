"""Series and evergreen posts through the command line: `plan` writes them
and `check` passes the output; `show` marks series posts and missed
instances; `report` counts repeats per pillar; `export --to ics` keeps one
event per series post; `fix` moves a series post back to its time."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml
from icalendar import Calendar as ICalendar

from tests.conftest import run_cli

RULES = """
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3, min_gap: 2h}
  wechat: {slots: ["12:00"], max_per_day: 2}
series:
  weekly-tutorial:
    platform: wechat
    pillar: functional
    every: weekly
    on: [tue, thu]
    at: "20:00"
    from: 2024-04-01
evergreen: {cooldown: 30d}
severity: {mix: off, mix-brand: off}
"""

CALENDAR = """
version: 1
brand: acme
timezone: Asia/Shanghai
rules: rules.yaml
posts:
{posts}
"""

PUBLISHED = """
  - {id: brand-story, at: "2024-02-01 09:00", platform: weibo, pillar: story,
     title: "Our brand story", status: published}
"""

BACKLOG = """
version: 1
brand: acme
timezone: Asia/Shanghai
items:
  - {id: tut-1, pillar: functional, title: "Tutorial: first steps", series: weekly-tutorial}
  - {id: brand-story, pillar: story, title: "Our brand story", evergreen: {cooldown: 7d}}
  - {id: fresh-1, pillar: functional, title: "Pricing FAQ", platforms: [weibo]}
  - {id: fresh-2, pillar: trending, title: "Spring trend", platforms: [weibo]}
"""


def _write(folder: Path, posts: str, backlog: str | None = None) -> None:
    (folder / "rules.yaml").write_text(textwrap.dedent(RULES), encoding="utf-8")
    (folder / "cal.yaml").write_text(
        textwrap.dedent(CALENDAR).format(posts=textwrap.dedent(posts).strip("\n") or "  []"),
        encoding="utf-8",
    )
    if backlog is not None:
        (folder / "backlog.yaml").write_text(textwrap.dedent(backlog), encoding="utf-8")


def test_plan_fills_the_series_and_repeats_evergreen_and_check_passes(tmp_path: Path) -> None:
    _write(tmp_path, PUBLISHED, BACKLOG)
    run = run_cli(
        "plan", "--week", "2024-W14", "--backlog", "backlog.yaml", "--calendar", "cal.yaml",
        "-o", "out.yaml", "--platforms", "weibo,wechat", cwd=tmp_path,
    )
    assert run.code == 0, run.stderr
    said = " ".join(run.stderr.split())
    assert "Planned 3 backlog items, 1 evergreen repeat and 1 series placeholder" in said
    assert "total priority 3;" in said  # the series item counts; repeats carry none
    posts = {p["id"]: p for p in yaml.safe_load((tmp_path / "out.yaml").read_text())["posts"]}
    assert posts["tut-1"]["at"] == "2024-04-02 20:00"
    assert posts["tut-1"]["series"] == "weekly-tutorial"
    stand_in = posts["series-weekly-tutorial-2024-04-04"]
    assert stand_in["placeholder"] is True and stand_in["at"] == "2024-04-04 20:00"
    assert stand_in["title"] == "To write: weekly-tutorial for 2024-04-04"
    assert posts["brand-story-r2"]["repeat_of"] == "brand-story"
    checked = run_cli("check", "out.yaml", cwd=tmp_path)
    assert checked.code == 0, checked.stdout + checked.stderr


def test_show_marks_series_posts_and_missed_instances(tmp_path: Path) -> None:
    _write(
        tmp_path,
        """
        - {id: tut-1, at: "2024-04-02 20:00", platform: wechat, pillar: functional,
           title: "Tutorial one", series: weekly-tutorial}
        """,
    )
    run = run_cli("show", "cal.yaml", "--week", "2024-W14", cwd=tmp_path, env={"COLUMNS": "160"})
    assert run.code == 0, run.stderr
    assert "↻ Tutorial one" in run.stdout
    assert "20:00 ↻ weekly-tutorial missed" in run.stdout
    assert "↻ a post of a series · ↻ NAME missed" in run.stdout


def test_report_counts_evergreen_repeats_per_pillar(tmp_path: Path) -> None:
    _write(
        tmp_path,
        """
        - {id: a, at: "2024-01-01 09:00", platform: weibo, pillar: story, title: "A"}
        - {id: a-r2, at: "2024-02-05 09:00", platform: weibo, pillar: story, title: "A",
           repeat_of: a}
        - {id: b, at: "2024-01-02 09:00", platform: weibo, pillar: functional, title: "B"}
        - {id: b-r2, at: "2024-02-06 09:00", platform: weibo, pillar: functional, title: "B",
           repeat_of: b}
        - {id: a-r3, at: "2024-03-11 09:00", platform: weibo, pillar: story, title: "A",
           repeat_of: a}
        """,
    )
    run = run_cli(
        "report", "cal.yaml", "--html", "r.html", "--svg", "r.svg", cwd=tmp_path,
        env={"COLUMNS": "160"},
    )
    assert run.code == 0, run.stderr
    line = "evergreen repeats: 3 (functional 1, story 2)"
    assert run.stdout.count(line) == 2  # weibo's table and the brand's
    assert line in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "evergreen" in (tmp_path / "r.svg").read_text(encoding="utf-8")


def test_ics_keeps_one_event_per_series_post_with_the_series_named(tmp_path: Path) -> None:
    _write(
        tmp_path,
        """
        - {id: tut-1, at: "2024-04-02 20:00", platform: wechat, pillar: functional,
           title: "Tutorial one", series: weekly-tutorial}
        - {id: tut-2, at: "2024-04-04 20:00", platform: wechat, pillar: functional,
           title: "Tutorial two", series: weekly-tutorial}
        - {id: other, at: "2024-04-03 09:00", platform: weibo, pillar: story, title: "Other"}
        """,
    )
    run = run_cli("export", "cal.yaml", "--to", "ics", "-o", "out.ics", cwd=tmp_path)
    assert run.code == 0, run.stderr
    events = {
        str(event["UID"]).split("@")[0]: event
        for event in ICalendar.from_ical((tmp_path / "out.ics").read_bytes()).walk("VEVENT")
    }
    assert set(events) == {"tut-1", "tut-2", "other"}
    for ident in ("tut-1", "tut-2"):
        event = events[ident]
        assert "RRULE" not in event
        assert [str(c) for c in event["CATEGORIES"].cats] == [
            "wechat", "functional", "weekly-tutorial"
        ]
        assert "series: weekly-tutorial" in str(event["DESCRIPTION"])
    assert [str(c) for c in events["other"]["CATEGORIES"].cats] == ["weibo", "story"]


def test_fix_moves_a_series_post_back_to_its_time_and_never_off_it(tmp_path: Path) -> None:
    _write(
        tmp_path,
        """
        - {id: tut-late, at: "2024-04-02 21:00", platform: wechat, pillar: functional,
           title: "Tutorial one", series: weekly-tutorial}
        - {id: tut-on, at: "2024-04-04 20:00", platform: wechat, pillar: functional,
           title: "Tutorial two", series: weekly-tutorial}
        - {id: close, at: "2024-04-04 20:30", platform: wechat, pillar: story, title: "Close"}
        """,
    )
    rules = (tmp_path / "rules.yaml").read_text()
    rules = rules.replace('wechat: {slots: ["12:00"], max_per_day: 2}',
                          'wechat: {slots: ["12:00"], max_per_day: 2, min_gap: 2h}')
    (tmp_path / "rules.yaml").write_text(rules)
    run = run_cli("fix", "cal.yaml", "-o", "fixed.yaml", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    fixed = yaml.safe_load((tmp_path / "fixed.yaml").read_text())["posts"]
    posts = {p["id"]: p["at"] for p in fixed}
    # Off its time: back to 20:00, though 20:00 is no wechat slot.
    assert posts["tut-late"] == "2024-04-02 20:00"
    # On its time: it stays; the post too close to it moves instead.
    assert posts["tut-on"] == "2024-04-04 20:00"
    assert posts["close"] != "2024-04-04 20:30"


def test_plan_names_a_series_instance_the_rules_forbid_and_exits_1(tmp_path: Path) -> None:
    _write(tmp_path, "", BACKLOG.replace("brand-story", "story-1"))
    rules = (tmp_path / "rules.yaml").read_text()
    (tmp_path / "rules.yaml").write_text(rules + 'quiet_hours: {from: "19:00", to: "23:00"}\n')
    run = run_cli(
        "plan", "--week", "2024-W14", "--backlog", "backlog.yaml", "--rules", "rules.yaml",
        "-o", "out.yaml", cwd=tmp_path,
    )
    assert run.code == 1, run.stderr
    said = " ".join(run.stderr.split())  # however the terminal wraps it
    assert "These rules conflict:" in said
    assert "series weekly-tutorial on wechat at 2024-04-02 20:00 cannot be placed" in said
    assert "[quiet-hours]" in said
    assert not (tmp_path / "out.yaml").exists()
