"""Results files in → measurements and problems out; measurements matched to
posts (load/results.py)."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from contentplan.core.engagement import Measurement
from contentplan.core.model import Problem
from contentplan.load.gather import gather
from contentplan.load.results import Outcome, _cell_starts, attach, read_results

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "results_cases.yaml").read_text(encoding="utf-8")
)["cases"]

CALENDAR = """\
version: 1
brand: {brand}
timezone: Asia/Shanghai
posts:
  - {{id: a, at: 2025-03-04 20:00, platform: weibo, pillar: story, title: A}}
  - {{id: b, at: 2025-03-05 12:00, platform: douyin, pillar: functional, title: B}}
"""


def read(tmp_path: Path, name: str, text: str) -> tuple[list[Measurement], list[Problem]]:
    (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return read_results([name])
    finally:
        os.chdir(cwd)


def shown(problems: list[Problem]) -> list[str]:
    return [f"{p.line}:{p.column}: {p.message}" for p in problems]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_bad_file_gives_every_problem_at_its_place(tmp_path: Path, case: dict[str, Any]) -> None:
    rows, problems = read(tmp_path, "case" + case["suffix"], case["text"])
    got = shown(problems)
    assert len(got) == len(case["problems"]), got
    for line, fragment in zip(got, case["problems"], strict=True):
        place, _, words = fragment.partition(" ")
        assert line.startswith(place) and words in line, (line, fragment)
    assert all(p.file == "case" + case["suffix"] for p in problems)


def test_a_good_csv_file(tmp_path: Path) -> None:
    text = (
        "\ufeffID, Measured_At ,likes,comments,shares,saves,impressions,brand\r\n"
        "\r\n"
        "a,2025-03-05T20:00:00+08:00,10,2,,0,1000,\r\n"
        "b,2025-03-06 04:00Z,5,,,,,acme\r\n"
    )
    rows, problems = read(tmp_path, "r.csv", text)
    assert problems == []
    first, second = rows
    assert first.post_id == "a" and first.brand is None
    assert first.measured_at == datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
    # empty cells are "not measured", a 0 is a 0
    assert dict(first.counts) == {"likes": 10, "comments": 2, "saves": 0, "impressions": 1000}
    assert first.interactions == 12 and first.rate == 12 / 1000
    assert first.where is not None and (first.where.line, first.where.column) == (3, 1)
    assert second.brand == "acme" and dict(second.counts) == {"likes": 5}
    assert second.rate is None


def test_the_same_rows_as_yaml(tmp_path: Path) -> None:
    text = (
        "version: 1\nresults:\n"
        "  - {id: a, measured_at: 2025-03-05T20:00:00+08:00, likes: 10, followers: 200}\n"
        "  - id: b\n    measured_at: 2025-03-06 04:00Z\n    views: 7\n    brand: acme\n"
    )
    rows, problems = read(tmp_path, "r.yaml", text)
    assert problems == []
    assert [(r.post_id, dict(r.counts), r.brand) for r in rows] == [
        ("a", {"likes": 10, "followers": 200}, None),
        ("b", {"views": 7}, "acme"),
    ]
    assert rows[0].rate == 10 / 200
    assert rows[1].where is not None and rows[1].where.line == 4


def test_a_folder_is_every_results_file_in_it_sorted(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    (folder / "b").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "b" / "x.yml").write_text(
        "version: 1\nresults: [{id: b, measured_at: 2025-03-06 04:00Z, likes: 1}]\n"
    )
    (folder / "a.csv").write_text("id,measured_at,likes\na,2025-03-06T04:00Z,2\n")
    (folder / ".hidden" / "c.csv").write_text("not,read\n")
    (folder / "README.md").write_text("# not a results file\n")
    (folder / "typo.cvs").write_text("id,measured_at,likes\n")
    # insights --html's page, another export and an editor's backup are no
    # misspelt results file (.html and .xml are near .yml as strings)
    for other in ("insights.html", "export.xml", "a.csv~", "a.yaml#"):
        (folder / other).write_text("<html></html>\n")
    (tmp_path / "notes.txt").write_text("id,measured_at,likes\n")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        rows, problems = read_results(["results", "results/a.csv", "missing.csv", "notes.txt"])
    finally:
        os.chdir(cwd)
    assert [row.post_id for row in rows] == ["a", "b"]  # a.csv once
    assert [(p.file, p.message.split(":")[0]) for p in problems] == [
        ("results/typo.cvs", "not read"),
        ("missing.csv", "no such file or folder"),
        ("notes.txt", "a results file ends in .csv, .yaml or .yml"),
    ]


def test_a_link_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "results").mkdir()
    secret = tmp_path / "secret.csv"
    secret.write_text("token-42,x\n")
    (repo / "results" / "a.csv").symlink_to(secret)
    (repo / "b.csv").write_text("id,measured_at,likes\na,2025-03-04T20:00Z,1\n")
    (repo / "results" / "b.csv").symlink_to(repo / "b.csv")  # inside: followed
    rows, problems = read_results([str(repo / "results")])
    assert [row.post_id for row in rows] == ["a"]
    assert len(problems) == 1 and "link to a file outside the repository" in problems[0].message
    assert "token-42" not in problems[0].message


def test_a_folder_without_results_files_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "README.md").write_text("# results\n")
    rows, problems = read_results([str(tmp_path / "results")])
    assert rows == [] and len(problems) == 1
    assert problems[0].message.startswith("no results file (.csv, .yaml or .yml) in this folder")


def test_a_file_with_too_many_problems_stops_at_the_limit(tmp_path: Path) -> None:
    from contentplan.core.limits import MAX_PROBLEMS

    bad_csv = "id,measured_at,likes\n" + "a,2025-03-04T20:00Z,x\n" * (MAX_PROBLEMS + 50)
    rows, problems = read(tmp_path, "r.csv", bad_csv)
    assert rows == [] and len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message.startswith(f"the file has more than {MAX_PROBLEMS:,} problems")
    bad_yaml = "version: 1\nresults:\n" + "  - {id: a, measured_at: x, likes: 1}\n" * (
        MAX_PROBLEMS + 50
    )
    rows, problems = read(tmp_path, "r.yaml", bad_yaml)
    assert rows == [] and len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message.startswith(f"the file has more than {MAX_PROBLEMS:,} problems")


def test_a_binary_csv_file_is_named_as_csv(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, "r.csv", "id,measured_at\x00\n")
    assert rows == [] and len(problems) == 1
    assert "not CSV text; give a results file saved as UTF-8" in problems[0].message


def write_calendars(tmp_path: Path, *brands: str) -> list[str]:
    paths = []
    for brand in brands:
        path = tmp_path / f"{brand}.yaml"
        path.write_text(CALENDAR.format(brand=brand), encoding="utf-8")
        paths.append(str(path))
    return paths


def posts_of(paths: list[str]) -> list[Any]:
    gathered = gather(paths)
    assert gathered.problems == []
    return [post for brand in gathered.brands for post in brand.posts]


def test_attach_keeps_the_latest_measurement_of_each_post(tmp_path: Path) -> None:
    posts = posts_of(write_calendars(tmp_path, "acme"))
    rows, problems = read(
        tmp_path,
        "r.csv",
        "id,measured_at,likes\n"
        "b,2025-03-12T12:00+08:00,90\n"
        "a,2025-03-05T20:00+08:00,10\n"
        "a,2025-03-11T20:00+08:00,30\n"
        "a,2025-03-06T20:00+08:00,20\n",
    )
    assert problems == []
    outcomes, problems = attach(posts, rows)
    assert problems == []
    assert [(o.post.id, o.measurement.counts["likes"]) for o in outcomes] == [("a", 30), ("b", 90)]
    assert all(isinstance(o, Outcome) for o in outcomes)


def test_attach_reports_unknown_ids_and_early_measurements(tmp_path: Path) -> None:
    posts = posts_of(write_calendars(tmp_path, "acme"))
    rows, _ = read(
        tmp_path,
        "r.csv",
        "id,measured_at,likes\n"
        "zz,2025-03-12T12:00+08:00,90\n"
        "a,2025-03-04T19:00+08:00,1\n"
        "a,2025-03-05T19:00+08:00,2\n",
    )
    outcomes, problems = attach(posts, rows)
    assert [(o.post.id, o.measurement.counts["likes"]) for o in outcomes] == [("a", 2)]
    assert [(p.file, p.line, p.column, p.post_id) for p in problems] == [
        ("r.csv", 2, 1, "zz"),
        ("r.csv", 3, 1, "a"),
    ]
    assert problems[0].message.startswith(
        "no post with id zz in the calendars read: check the id, or "
    )
    assert "before it went out (2025-03-04 12:00:00Z" in problems[1].message


def test_an_id_two_brands_share_needs_the_brand(tmp_path: Path) -> None:
    posts = posts_of(write_calendars(tmp_path, "acme", "zeta"))
    rows, _ = read(
        tmp_path,
        "r.csv",
        "id,measured_at,likes,brand\n"
        "a,2025-03-12T12:00+08:00,1,\n"
        "a,2025-03-12T12:00+08:00,2,zeta\n"
        "a,2025-03-12T12:00+08:00,3,nope\n",
    )
    outcomes, problems = attach(posts, rows)
    assert [(o.post.brand, o.measurement.counts["likes"]) for o in outcomes] == [("zeta", 2)]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (2, "the id a names posts of brands acme, zeta"),
        (4, "no post with id a in brand nope"),
    ]


# -- the shipped example --------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_results_match_the_shipped_calendar() -> None:
    calendar = ROOT / "calendars" / "veloq-2025-spring.yaml"
    posts = posts_of([str(calendar)])
    rows, problems = read_results([str(ROOT / "results")])
    assert problems == []
    outcomes, problems = attach(posts, rows)
    assert problems == []
    assert {o.post.id for o in outcomes} == {post.id for post in posts}  # every post measured
    measured = [row.post_id for row in rows]
    twice = {post_id for post_id in measured if measured.count(post_id) == 2}
    assert 0 < len(twice) < len(posts)  # some posts at 24 h and 7 d, the last week at 24 h
    for outcome in outcomes:
        age = outcome.measurement.measured_at - outcome.post.instant
        assert age.days == (7 if outcome.post.id in twice else 1)
        assert outcome.measurement.interactions > 0 and outcome.measurement.rate is not None


def test_the_example_is_what_its_generator_makes() -> None:
    import runpy

    script = runpy.run_path(str(ROOT / "scripts" / "make_results.py"), run_name="make_results")
    made = script["make"]()
    assert made == (ROOT / "results" / "veloq-2025-spring.csv").read_text(encoding="utf-8")


# -- where a cell starts ---------------------------------------------------------------

CELL = st.text(alphabet=st.sampled_from(list('ab,"\n\r 点\t')), max_size=8)


def _written(cell: str) -> str:
    """How csv.writer writes one cell in the middle of a row."""
    buffer = io.StringIO()
    # "\r\n": the writer quotes a cell holding any character of it
    csv.writer(buffer, lineterminator="\r\n").writerow([cell, "z"])
    return buffer.getvalue()[: -len(",z\r\n")]


@given(st.lists(CELL, min_size=1, max_size=6), st.integers(min_value=1, max_value=50))
def test_every_cell_is_placed_where_it_starts(cells: list[str], line: int) -> None:
    assume(cells != [""])  # an empty line, not a row
    raw = ",".join(_written(cell) for cell in cells) + "\n"
    assert next(csv.reader(io.StringIO(raw, newline=""))) == cells  # the row as written
    expected = []
    index = 0
    for cell in cells:
        before = raw[:index].replace("\r\n", "\n").replace("\r", "\n")
        expected.append((line + before.count("\n"), len(before) - before.rfind("\n")))
        index += len(_written(cell)) + 1
    assert _cell_starts(raw, line) == expected
