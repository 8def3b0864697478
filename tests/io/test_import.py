"""`contentplan import`: CSV rows in, calendar YAML out (SPEC §2); every bad
row reported at once and nothing written; outputs never clobber files."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentplan.core.model import Calendar
from contentplan.load.calendar import load_calendar
from tests.conftest import Run, run_cli

HEADER = "id,date,time,platform,pillar,title,format,campaign,phase,topic,expires,status,notes\n"


def write(folder: Path, text: str, name: str = "posts.csv", bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run_import(folder: Path, *args: str) -> Run:
    run = run_cli("import", *args, cwd=folder)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def load_text(folder: Path, text: str) -> Calendar:
    path = folder / "out.yaml"
    path.write_text(text, encoding="utf-8")
    calendar, problems = load_calendar(str(path), "out.yaml", 1 << 20)
    assert not problems, problems
    assert calendar is not None
    return calendar


def test_minimal_csv_to_stdout_is_a_calendar(tmp_path: Path) -> None:
    write(tmp_path, "date,time,platform,pillar,title\n2024-03-25,20:00,weibo,story,Hello\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "xiaomi", "--timezone", "Asia/Shanghai")
    assert run.code == 0, run.stderr
    assert "version: 1\nbrand: xiaomi\ntimezone: Asia/Shanghai\nposts:\n" in run.stdout
    assert '    at: "2024-03-25 20:00"\n' in run.stdout
    calendar = load_text(tmp_path, run.stdout)
    (post,) = calendar.posts
    assert post.id == "weibo-20240325-2000"
    assert post.title == "Hello" and post.status == "scheduled"


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize(
    ("cell", "flag"),
    [("2024-03-25", None), ("2024/03/25", None), ("25/03/2024", "--dayfirst"),
     ("03/25/2024", None), ("25.03.2024", "--dayfirst")],
)
def test_common_date_forms_and_bom(tmp_path: Path, cell: str, flag: str | None,
                                   bom: bool) -> None:
    write(tmp_path, f"date,time,platform,pillar,title\n{cell},8:00 PM,weibo,story,x\n", bom=bom)
    args = ["posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai"]
    run = run_import(tmp_path, *args, *([flag] if flag else []))
    assert run.code == 0, run.stderr
    assert load_text(tmp_path, run.stdout).posts[0].local.isoformat() == "2024-03-25T20:00:00"


@pytest.mark.parametrize(
    ("cell", "local"),
    [("20:00", "20:00"), ("8:05", "08:05"), ("20:00:30", "20:00:30"), ("8pm", "20:00"),
     ("8:30 p.m.", "20:30"), ("12am", "00:00"), ("12:15 PM", "12:15"),
     ("12:00Z", "20:00"), ("13:00+09:00", "12:00")],
)
def test_common_time_forms(tmp_path: Path, cell: str, local: str) -> None:
    write(tmp_path, f"date,time,platform,pillar,title\n2024-03-25,{cell},weibo,story,x\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai")
    assert run.code == 0, run.stderr
    moment = load_text(tmp_path, run.stdout).posts[0].local
    assert moment.strftime("%H:%M:%S" if moment.second else "%H:%M") == local


def test_titles_that_need_quoting_read_back_exactly(tmp_path: Path) -> None:
    titles = ['key: value # not a comment', '- leading dash', "'single' and \"double\"",
              "春季新品发布，抢先看！", "yes", "null", "@at", "`tick`", "a\\b", "* star",
              "[list]", "{map}", "% pct", "trailing space ", "line\u2028sep", "!tag"]
    lines = [f"t{i},2024-03-25,{10 + i % 12}:00,weibo,story,\"{t.replace(chr(34), chr(34) * 2)}\""
             for i, t in enumerate(titles)]
    write(tmp_path, "id,date,time,platform,pillar,title\n" + "\n".join(lines) + "\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai")
    assert run.code == 0, run.stderr
    got = {post.id: post.title for post in load_text(tmp_path, run.stdout).posts}
    assert got == {f"t{i}": t for i, t in enumerate(titles)}


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    write(tmp_path, HEADER
          + "a,2024-03-25,20:00,weibo,functional,ok,,,,,,,\n"
          + "b,2024-03-25,20:00,weibo,storys,typo pillar,,,,,,,\n"
          + "c,2024-02-30,20:00,weibo,story,bad date,,,,,,,\n"
          + "d,2024-03-26,25:00,weibo,story,bad hour,,,,,,,\n"
          + "e,2024-03-26,20:00,weibbo,story,,,,,,,,\n"
          + "a,2024-03-27,20:00,weibo,story,duplicate id,,,,,,,\n"
          + "f,2024-03-27,21:00,weibo,story,bad status,reel,,teaser,,,maybe,\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai",
                     "-o", "out.yaml")
    assert run.code == 2
    assert not (tmp_path / "out.yaml").exists()
    err = run.stderr
    assert "posts.csv: row 3, pillar: 'storys' is not a pillar (did you mean 'story'?)" in err
    assert "posts.csv: row 4, date: '2024-02-30' is not a date: February 2024 has 29 days" in err
    assert "posts.csv: row 5, time: " in err
    assert "posts.csv: row 6, platform: 'weibbo' is not a platform (did you mean 'weibo'?)" in err
    assert "posts.csv: row 6, title: is empty" in err
    assert "posts.csv: row 8, format: 'reel' is not a format" in err
    assert "posts.csv: row 8, status: 'maybe' is not a status" in err
    assert "posts.csv: row 8, phase: needs a campaign" in err
    assert "posts.csv: row 7, id: 'a' is also the id of row 2" in err
    # A row's problems come in the order of its columns.
    row6 = [line for line in err.splitlines() if "row 6," in line]
    assert [line.split(", ")[1].split(":")[0] for line in row6] == ["platform", "title"]
    assert "posts.csv: row 2," not in err
    assert "nothing was written" in err


def test_duplicate_ids_are_reported_with_both_rows(tmp_path: Path) -> None:
    write(tmp_path, "id,date,time,platform,pillar,title\n"
          "a,2024-03-25,20:00,weibo,story,x\n"
          "a,2024-03-26,20:00,weibo,story,y\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai")
    assert run.code == 2 and run.stdout == ""
    assert "row 3, id: 'a' is also the id of row 2" in run.stderr


def test_unknown_and_missing_columns_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "date,time,platform,pillar,titel\n2024-03-25,20:00,weibo,story,x\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai")
    assert run.code == 2
    assert "'titel' is not a column (did you mean 'title'?)" in run.stderr
    assert "the header lacks title" in run.stderr


def test_dst_gap_and_overlap_rows_are_errors(tmp_path: Path) -> None:
    write(tmp_path, "date,time,platform,pillar,title\n"
          "2024-03-31,02:30,weibo,story,gap\n"
          "2024-10-27,02:30,weibo,story,overlap\n"
          "2024-10-27,02:30+01:00,weibo,story,second reading\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Europe/Berlin")
    assert run.code == 2
    assert "row 2, time: 2024-03-31 02:30 does not exist in Europe/Berlin" in run.stderr
    assert "row 3, time: 2024-10-27 02:30 happens twice in Europe/Berlin" in run.stderr
    assert "row 4" not in run.stderr


def test_a_row_in_another_zone_is_converted(tmp_path: Path) -> None:
    write(tmp_path, "date,time,timezone,platform,pillar,title\n"
          "2024-03-25,12:00,UTC,weibo,story,noon UTC\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai")
    assert run.code == 0, run.stderr
    assert '    at: "2024-03-25 20:00"\n' in run.stdout


def test_month_first_without_dayfirst_hints_at_the_flag(tmp_path: Path) -> None:
    write(tmp_path, "date,time,platform,pillar,title\n25/03/2024,20:00,weibo,story,x\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai")
    assert run.code == 2 and "pass --dayfirst" in run.stderr


def test_bad_options_and_files_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "date,time,platform,pillar,title\n2024-03-25,20:00,weibo,story,x\n")
    bad_zone = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghi")
    assert bad_zone.code == 2 and "Did you mean 'Asia/Shanghai'?" in bad_zone.stderr
    missing = run_import(tmp_path, "none.csv", "--brand", "b", "--timezone", "UTC")
    assert missing.code == 2 and "no such file" in missing.stderr
    (tmp_path / "latin1.csv").write_bytes("date,time,platform,pillar,title\n"
                                          "2024-03-25,20:00,weibo,story,caf\xe9\n"
                                          .encode("latin-1"))
    latin = run_import(tmp_path, "latin1.csv", "--brand", "b", "--timezone", "UTC")
    assert latin.code == 2 and "line 2 is not UTF-8" in latin.stderr
    (tmp_path / "empty.csv").write_text("")
    empty = run_import(tmp_path, "empty.csv", "--brand", "b", "--timezone", "UTC")
    assert empty.code == 2 and "is empty" in empty.stderr


def test_o_never_replaces_the_input_or_an_existing_file_without_force(tmp_path: Path) -> None:
    csv_file = write(tmp_path, "date,time,platform,pillar,title\n2024-03-25,20:00,weibo,story,x\n")
    before = csv_file.read_bytes()
    args = ["posts.csv", "--brand", "b", "--timezone", "UTC"]
    same = run_import(tmp_path, *args, "-o", "posts.csv", "--force")
    assert same.code == 2 and "never overwrites its input" in same.stderr
    assert csv_file.read_bytes() == before
    (tmp_path / "cal.yaml").write_text("# mine\n")
    refused = run_import(tmp_path, *args, "-o", "cal.yaml")
    assert refused.code == 2 and "--force" in refused.stderr
    assert (tmp_path / "cal.yaml").read_text() == "# mine\n"
    forced = run_import(tmp_path, *args, "-o", "cal.yaml", "--force")
    assert forced.code == 0, forced.stderr
    assert "posts:" in (tmp_path / "cal.yaml").read_text()
    assert "1 post written to cal.yaml" in forced.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_rules_give_pillars_and_campaigns_and_a_rules_key(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "411.yaml").write_text(
        "version: 1\npillars: [educate, entertain, promote]\n"
        "mix: {target: {educate: 4, entertain: 1, promote: 1}}\n"
        "campaigns: {spring: {launch: 2024-04-01 10:00}}\n")
    (tmp_path / "cal").mkdir()
    write(tmp_path, "date,time,platform,pillar,title,campaign,phase\n"
          "2024-03-25,20:00,weibo,educate,x,spring,teaser\n"
          "2024-03-26,20:00,weibo,story,y,autumn,\n")
    args = ["posts.csv", "--brand", "b", "--timezone", "UTC", "--rules", "rules/411.yaml"]
    run = run_import(tmp_path, *args, "-o", "cal/b.yaml")
    assert run.code == 2
    assert "row 3, pillar: 'story' is not a pillar" in run.stderr
    assert "row 3, campaign: 'autumn' is not a campaign in the rules" in run.stderr
    write(tmp_path, "date,time,platform,pillar,title,campaign,phase\n"
          "2024-03-25,20:00,weibo,educate,x,spring,teaser\n")
    run = run_import(tmp_path, *args, "-o", "cal/b.yaml")
    assert run.code == 0, run.stderr
    text = (tmp_path / "cal" / "b.yaml").read_text()
    assert 'rules: "../rules/411.yaml"\n' in text
    checked = run_cli("check", "cal/b.yaml", "--format", "json", cwd=tmp_path)
    assert not [v for v in checked.json()["violations"] if v["check"] == "schema"]


def test_help_teaches_with_an_example() -> None:
    run = run_cli("import", "--help")
    assert run.code == 0
    assert "--dayfirst" in run.stdout and "Examples" in run.stdout


def test_a_header_alone_gives_an_empty_calendar_that_exports(tmp_path: Path) -> None:
    write(tmp_path, "date,time,platform,pillar,title\n")
    run = run_import(tmp_path, "posts.csv", "--brand", "b", "--timezone", "UTC", "-o", "b.yaml")
    assert run.code == 0, run.stderr
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8").endswith("posts: []\n")
    for kind in ("ics", "csv"):
        exported = run_cli("export", "b.yaml", "--to", kind, cwd=tmp_path)
        assert exported.code == 0, exported.stderr


def test_help_names_every_column_export_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """`placeholder` was read (and written by export) but missing from the
    columns import's help names."""
    from contentplan.io.csv_out import COLUMNS
    from tests.hardening.support import run_bounded

    monkeypatch.setenv("COLUMNS", "200")
    run = run_bounded("import", "--help")
    assert run.code == 0, run.stderr
    said = " ".join(run.stdout.replace("│", " ").split())
    start = said.index("in any order: ") + len("in any order: ")
    named = said[start : said.index(".", start)].split(", ")
    assert sorted(named) == sorted(COLUMNS)
