"""`contentplan import-results`: a platform's export in, a results file out;
every bad row reported at once and nothing written; rows that match no post
reported, never dropped in silence; outputs never clobber files."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentplan.load.gather import gather
from contentplan.load.results import attach, read_results
from tests.conftest import Run, run_cli
from tests.hardening.support import assert_clean_failure, run_bounded

CALENDAR = """\
version: 1
brand: veloq
timezone: Asia/Shanghai
posts:
  - {id: wb-0310-0900, at: "2025-03-10 09:00", platform: weibo, pillar: functional, title: A}
  - {id: wb-0311-1230, at: "2025-03-11 12:30", platform: weibo, pillar: story, title: B}
  - {id: dy-0310-1800, at: "2025-03-10 18:00", platform: douyin, pillar: story, title: C}
"""

EXPORT = """\
内容ID,标题,发布时间,阅读,点赞,评论,转发,互动率
wb-0310-0900,"Note 12 续航实测",2025-03-10 09:00,"1.2万","1,234",56,7,3.2%
wb-0311-1230,用户故事,2025/03/11 12:30,3亿,12,—,0,1%
dy-0310-1800,凌晨四点,2025-03-10 18:00,"48,210",10万+,N/A,-,0.5%
"""
MAP = "id=内容ID,likes=点赞,comments=评论,shares=转发,impressions=阅读"
EXPECTED = """\
id,measured_at,impressions,likes,comments,shares
wb-0310-0900,2025-03-17T09:00+08:00,12000,1234,56,7
wb-0311-1230,2025-03-17T09:00+08:00,300000000,12,,0
dy-0310-1800,2025-03-17T09:00+08:00,48210,100000,,
"""


def project(tmp_path: Path, export: str = EXPORT, settings: str | None = None) -> Path:
    (tmp_path / ".git").mkdir()  # the settings search stops here
    (tmp_path / "calendars").mkdir()
    (tmp_path / "calendars" / "veloq.yaml").write_text(CALENDAR, encoding="utf-8")
    (tmp_path / "results").mkdir()
    (tmp_path / "export.csv").write_text(export, encoding="utf-8")
    if settings is not None:
        name = "pyproject.toml" if settings.startswith("[") else "contentplan.yaml"
        (tmp_path / name).write_text(settings, encoding="utf-8")
    return tmp_path


def run(folder: Path, *args: str) -> Run:
    done = run_cli("import-results", *args, cwd=folder)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done


WHEN = ("--measured-at", "2025-03-17 09:00")


def test_a_map_from_the_options_gives_our_columns(tmp_path: Path) -> None:
    folder = project(tmp_path)
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "-o", "results/w11.csv")
    assert done.code == 0, done.stderr
    assert done.stdout == ""
    assert "3 rows written to results/w11.csv." in done.stderr
    written = (folder / "results" / "w11.csv").read_text(encoding="utf-8")
    assert written == EXPECTED
    # what it wrote reads back, and every row finds its post
    posts = [post for brand in gather([str(folder / "calendars")]).brands for post in brand.posts]
    rows, problems = read_results([str(folder / "results")])
    assert problems == []
    outcomes, problems = attach(posts, rows)
    assert problems == [] and len(outcomes) == 3


def test_repeated_map_options_and_the_export_s_own_time_column(tmp_path: Path) -> None:
    folder = project(tmp_path)
    pairs = [f"--map={pair}" for pair in MAP.split(",")]
    done = run(folder, "export.csv", *pairs, "--map", "measured_at=发布时间")
    assert done.code == 0, done.stderr
    lines = done.stdout.splitlines()
    # a time without offset is the calendar's wall clock, as written
    assert lines[1].startswith("wb-0310-0900,2025-03-10T09:00+08:00,")
    assert lines[2].startswith("wb-0311-1230,2025-03-11T12:30+08:00,")


@pytest.mark.parametrize(
    "settings",
    [
        "results:\n  map: {id: 内容ID, likes: 点赞, comments: 评论, shares: 转发,\n"
        "        impressions: 阅读}\n",
        '[tool.contentplan.results.map]\nid = "内容ID"\nlikes = "点赞"\ncomments = "评论"\n'
        'shares = "转发"\nimpressions = "阅读"\n',
    ],
    ids=["contentplan.yaml", "pyproject.toml"],
)
def test_a_map_from_the_settings(tmp_path: Path, settings: str) -> None:
    folder = project(tmp_path, settings=settings)
    done = run(folder, "export.csv", *WHEN)
    assert done.code == 0, done.stderr
    assert done.stdout == EXPECTED
    # --map wins over the settings, key by key
    done = run(folder, "export.csv", *WHEN, "--map", "likes=评论,comments=点赞")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[1] == "wb-0310-0900,2025-03-17T09:00+08:00,12000,56,1234,7"


def test_a_bad_map_in_the_settings_names_its_line(tmp_path: Path) -> None:
    folder = project(tmp_path, settings="results:\n  map:\n    lieks: 点赞\n")
    done = run(folder, "export.csv", *WHEN)
    assert done.code == 2
    assert "contentplan.yaml:3:5: invalid settings: results: map: 'lieks' is not a column" in (
        done.stderr
    )
    assert "(did you mean 'likes'?)" in done.stderr


@pytest.mark.parametrize(
    ("option", "said"),
    [
        ("lieks=点赞", "--map lieks=点赞: 'lieks' is not a column of a results file "
                       "(did you mean 'likes'?)"),
        ("likes", "--map likes: write OURS=THEIRS"),
        ("likes=点赞,shares=点赞", "--map: likes and shares both read the column '点赞'"),
        ("likes=点 赞", "the map names the column '点 赞' for likes, but the file has no such "
                       "column (did you mean '点赞'?)"),
    ],
)
def test_a_bad_map_option(tmp_path: Path, option: str, said: str) -> None:
    folder = project(tmp_path)
    done = run(folder, "export.csv", "--map", "id=内容ID", "--map", option, *WHEN)
    assert done.code == 2
    assert said in done.stderr
    assert done.stdout == ""


def test_unknown_ids_stop_the_import_unless_skipped(tmp_path: Path) -> None:
    export = EXPORT + "wb-9999-0000,x,2025-03-10,1,1,1,1,1%\nwb-0310-0900,x,2025-03-09,1,1,1,1,1%\n"
    folder = project(tmp_path, export)
    done = run(folder, "export.csv", "--map", MAP + ",measured_at=发布时间", "-o", "results/a.csv")
    assert done.code == 2
    assert (
        "export.csv: row 5, 内容ID: no post with id wb-9999-0000 in the calendars read: "
        "check the id, or also give the calendar that holds it" in done.stderr
    )
    assert "export.csv: row 6, 内容ID: wb-0310-0900 was measured at 2025-03-09 15:59:00Z, " \
        "before it went out" in done.stderr
    assert "2 rows of export.csv match no post, and nothing was written" in done.stderr
    assert not (folder / "results" / "a.csv").exists()
    done = run(folder, "export.csv", "--map", MAP + ",measured_at=发布时间", "-o", "results/a.csv",
               "--skip-unmatched")
    assert done.code == 0, done.stderr
    assert "row 5, 内容ID: no post with id wb-9999-0000" in done.stderr
    assert "2 rows matching no post were left out (--skip-unmatched)." in done.stderr
    assert "3 rows written to results/a.csv." in done.stderr
    written = (folder / "results" / "a.csv").read_text(encoding="utf-8")
    assert "wb-9999-0000" not in written and len(written.splitlines()) == 4


def test_ids_are_matched_to_the_calendars_named(tmp_path: Path) -> None:
    folder = project(tmp_path)
    (folder / "other.yaml").write_text(CALENDAR.replace("wb-0311", "wb-0999"), encoding="utf-8")
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "--calendar", "other.yaml")
    assert done.code == 2
    assert "no post with id wb-0311-1230 in the calendars read" in done.stderr


def test_an_existing_output_is_never_replaced_unless_forced(tmp_path: Path) -> None:
    folder = project(tmp_path)
    target = folder / "results" / "w11.csv"
    target.write_text("mine\n", encoding="utf-8")
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "-o", "results/w11.csv")
    assert done.code == 2
    assert "-o results/w11.csv already exists: import-results does not replace files" in (
        done.stderr
    )
    assert target.read_text(encoding="utf-8") == "mine\n"
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "-o", "results/w11.csv", "--force")
    assert done.code == 0, done.stderr
    assert target.read_text(encoding="utf-8") == EXPECTED


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("sub/../export.csv", 2),  # the export itself, through `..`
        ("results/../calendars/veloq.yaml", 2),  # a calendar the run read
        ("results/../results/new.csv", 0),
    ],
)
def test_dot_dot_in_the_output_is_judged_by_where_it_leads(
    tmp_path: Path, target: str, code: int
) -> None:
    folder = project(tmp_path)
    (folder / "sub").mkdir()
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "-o", target, "--force")
    assert done.code == code, done.stderr
    for path, data in before.items():
        assert path.read_bytes() == data, path  # no input touched
    if code == 0:
        assert (folder / "results" / "new.csv").read_text(encoding="utf-8") == EXPECTED
    else:
        assert f"-o {target} is an input of this run" in done.stderr


def test_a_folder_given_as_the_export(tmp_path: Path) -> None:
    folder = project(tmp_path)
    done = run(folder, "results", "--map", MAP, *WHEN)
    assert done.code == 2
    assert "results/ is a folder, with no .csv file in it: import-results reads one export " \
        "file" in done.stderr
    (folder / "results" / "a.csv").write_text("x\n", encoding="utf-8")
    done = run(folder, "results", "--map", MAP, *WHEN)
    assert done.code == 2
    assert "results/ is a folder: import-results reads one export file; name it, e.g. " \
        "results/a.csv" in done.stderr


@pytest.mark.parametrize(
    ("export", "mapping", "said"),
    [
        ("", "id=内容ID", "export.csv: file: is empty: an export starts with a row of column "
                         "names\ncontentplan: 1 problem in export.csv; nothing was written"),
        ("\n \n", "id=内容ID", "export.csv: file: is empty"),
        ("\ufeff内容ID,点赞\n", "id=内容ID,likes=点赞", None),  # a header alone: nothing to do
        ("标题,点赞\nx,1\n", "likes=点赞", "has no id column: map the column that holds the "
                                      "calendar's post ids, e.g. --map id=内容ID; the columns "
                                      "are 标题, 点赞"),
        ("内容ID,标题\nwb-0310-0900,x\n", "id=内容ID", "has no column of counts"),
        ("内容ID,点赞\nwb-0310-0900,1\n", "id=内容ID,likes=点赞", "has no measured_at column"),
    ],
    ids=["empty", "blank lines", "header only", "no id column", "no count column", "no time"],
)
def test_empty_and_headless_exports(
    tmp_path: Path, export: str, mapping: str, said: str | None
) -> None:
    folder = project(tmp_path, export)
    when = () if said and "measured_at" in said else WHEN
    done = run(folder, "export.csv", "--map", mapping, *when)
    if said is None:
        assert done.code == 0, done.stderr
        assert done.stdout == "id,measured_at\n"
        return
    assert done.code == 2
    assert said in done.stderr
    assert done.stdout == ""


def test_every_bad_cell_is_reported_and_nothing_written(tmp_path: Path) -> None:
    export = (
        "内容ID,发布时间,点赞,评论\n"
        "wb-0310-0900,2025-03-17 09:00,12.5,3.2%\n"
        "wb 0311,2025-13-01,-3,1\n"
        ",2025-03-17,,\n"
    )
    folder = project(tmp_path, export)
    done = run(folder, "export.csv", "--map", "id=内容ID,measured_at=发布时间,likes=点赞,"
               "comments=评论", "-o", "results/a.csv")
    assert done.code == 2
    lines = done.stderr.splitlines()
    assert lines[:-1] == [
        "export.csv: row 2, 点赞: '12.5' has a fraction: a count is a whole number, e.g. 1234",
        "export.csv: row 2, 评论: '3.2%' is a percentage, not a count: map only columns of "
        "counts (the rates are worked out from them)",
        "export.csv: row 3, 内容ID: 'wb 0311' is not a post id: an id holds only letters, "
        "digits, '.', '_' and '-'; map the column that holds the calendar's ids",
        "export.csv: row 3, 点赞: '-3' is below 0: a count is 0 or more",
        "export.csv: row 4, 内容ID: is empty: every row needs the id of its post in the calendar",
    ]
    assert lines[-1].startswith("contentplan: 5 problems in 3 rows of export.csv; nothing was "
                                "written")
    assert not (folder / "results" / "a.csv").exists()


def test_a_bad_time_is_reported_at_its_row(tmp_path: Path) -> None:
    export = "内容ID,发布时间,点赞\nwb-0310-0900,2025-13-01 09:00,1\n"
    folder = project(tmp_path, export)
    done = run(folder, "export.csv", "--map", "id=内容ID,measured_at=发布时间,likes=点赞")
    assert done.code == 2
    assert "export.csv: row 2, 发布时间: '2025-13-01' " in done.stderr
    done = run(folder, "export.csv", "--map", "id=内容ID,likes=点赞", "--measured-at", "soon")
    assert done.code == 2
    assert "--measured-at: 'soon' is not a date" in done.stderr


def test_control_characters_and_markup_in_cells_reach_no_terminal(tmp_path: Path) -> None:
    export = (
        "内容ID,点赞\n"
        "\x1b[2J\x1b]0;pwned\x07[bold red]x[/],1\n"
        "wb-0310-0900,[link=file:///etc/passwd]1[/link]\u202e\n"
    )
    folder = project(tmp_path, export)
    done = run(folder, "export.csv", "--map", "id=内容ID,likes=点赞", *WHEN)
    assert done.code == 2
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr and "\u202e" not in done.stderr
    assert "\\x1b[2J" in done.stderr  # shown escaped, as written
    assert "[bold red]x[/]" in done.stderr  # markup shown as text, not applied
    assert "[link=file:///etc/passwd]1[/link]" in done.stderr


def test_a_10_mb_cell_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    export = "内容ID,点赞\nwb-0310-0900," + "9" * 10_000_000 + "\n"
    folder = project(tmp_path, export)
    done = run_bounded(
        "import-results", "export.csv", "--map", "id=内容ID,likes=点赞", *WHEN, cwd=folder
    )
    assert_clean_failure(done)
    assert "export.csv: row 2: a cell holds more than 131,072 characters" in done.stderr
    assert len(done.stderr) < 2_000  # the cell is not echoed


def test_two_brands_sharing_an_id_need_the_brand_column(tmp_path: Path) -> None:
    export = "id,brand,measured_at,likes\nwb-0310-0900,,2025-03-17 09:00,5\n"
    folder = project(tmp_path, export)
    (folder / "calendars" / "zeta.yaml").write_text(
        CALENDAR.replace("brand: veloq", "brand: zeta").replace("Asia/Shanghai", "Europe/Paris"),
        encoding="utf-8",
    )
    done = run(folder, "export.csv")
    assert done.code == 2
    assert "row 2, id: the id wb-0310-0900 names posts of brands veloq, zeta: add a brand " \
        "column" in done.stderr
    (folder / "export.csv").write_text(
        "id,brand,measured_at,likes\n"
        "wb-0310-0900,zeta,2025-03-17 09:00,5\n"
        "wb-0310-0900,veloq,2025-03-17 09:00,7\n",
        encoding="utf-8",
    )
    done = run(folder, "export.csv")
    assert done.code == 0, done.stderr
    # each time is the wall clock of its own brand's calendar
    assert done.stdout == (
        "id,measured_at,brand,likes\n"
        "wb-0310-0900,2025-03-17T09:00+01:00,zeta,5\n"
        "wb-0310-0900,2025-03-17T09:00+08:00,veloq,7\n"
    )


def test_an_export_saved_as_gbk(tmp_path: Path) -> None:
    folder = project(tmp_path)
    (folder / "export.csv").write_bytes(EXPORT.encode("gb18030"))
    done = run(folder, "export.csv", "--map", MAP, *WHEN)
    assert done.code == 2
    assert "export.csv: line 1 is not UTF-8 (byte 0)" in done.stderr
    assert "it reads as GB18030 (GBK), which a Chinese Excel saves: pass --encoding gb18030" in (
        done.stderr
    )
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "--encoding", "gb18030")
    assert done.code == 0, done.stderr
    assert done.stdout == EXPECTED
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "--encoding", "rot13")
    assert done.code == 2
    assert "--encoding: 'rot13' is not a text encoding" in done.stderr
    done = run(folder, "export.csv", "--map", MAP, *WHEN, "--encoding", "ascii")
    assert done.code == 2
    assert "export.csv: line 1 cannot be read as ascii (byte 0)" in done.stderr


def test_skipping_every_row_writes_nothing(tmp_path: Path) -> None:
    header = EXPORT.splitlines()[0]
    export = header + "\nwb-9999-0000,x,2025-03-10,1,1,1,1,1%\n"
    folder = project(tmp_path, export)
    done = run(folder, "export.csv", "--map", MAP + ",measured_at=发布时间", "-o", "results/a.csv",
               "--skip-unmatched")
    assert done.code == 2
    assert "no row of export.csv matches a post, so nothing was written" in done.stderr
    assert not (folder / "results" / "a.csv").exists()
