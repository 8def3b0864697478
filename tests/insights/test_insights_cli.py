"""`contentplan insights` through the command line, on calendars and results
files written here: findings in words, the JSON document (checked against
tests/insights/insights.schema.json), the HTML page, and every bad input
(exit 2, file:line:column)."""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from tests.conftest import ROOT, run_cli
from tests.hardening.support import run_bounded

SCHEMA = json.loads((Path(__file__).parent / "insights.schema.json").read_text("utf-8"))
START = datetime(2025, 3, 3, 18, 0)  # Monday of 2025-W10


def write_project(
    root: Path,
    *,
    brand: str = "acme",
    effect: float = 2.0,
    extra_rows: str = "",
    results_name: str = "acme.csv",
    topic: str | None = None,
) -> Path:
    """calendars/acme.yaml: 60 douyin posts (story and functional, one a day
    at 18:00, 2025-W10 to W18) and 20 weibo posts; results/acme.csv: every
    post measured, douyin story posts earning ``effect`` times the others."""
    rng = random.Random(7)
    lines = [
        "version: 1",
        f"brand: {json.dumps(brand)}",
        "timezone: Asia/Shanghai",
        "posts:",
    ]
    rows = ["id,measured_at,impressions,likes,comments,shares"]
    for index in range(80):
        platform = "douyin" if index < 60 else "weibo"
        day = START + timedelta(days=index % 60, hours=0 if platform == "douyin" else -9)
        pillar = ("story", "functional")[index % 2]
        post_id = f"{platform}-{index:02d}"
        lines.append(
            f'  - {{id: {post_id}, at: "{day:%Y-%m-%d %H:%M}", platform: {platform}, '
            f'pillar: {pillar}, format: short-video, title: "post {index}"'
            + (f", topic: {json.dumps(topic)}}}" if topic and index % 3 == 0 else "}")
        )
        mean = 1000 * (effect if platform == "douyin" and pillar == "story" else 1.0)
        likes = round(rng.lognormvariate(0, 0.6) * mean)
        measured = day + timedelta(days=2)
        rows.append(
            f"{post_id},{measured:%Y-%m-%dT%H:%M}+08:00,{likes * 30},{likes},{likes // 10},3"
        )
    (root / "calendars").mkdir(parents=True, exist_ok=True)
    (root / "results").mkdir(exist_ok=True)
    calendar = root / "calendars" / "acme.yaml"
    calendar.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "results" / results_name).write_text(
        "\n".join(rows) + "\n" + extra_rows, encoding="utf-8"
    )
    return calendar


def test_a_planted_effect_is_said_first_in_words(tmp_path: Path) -> None:
    write_project(tmp_path)
    run = run_cli("insights", "calendars/", "--format", "plain", cwd=tmp_path)
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "80 measured posts on 2 platforms, from 80 rows in results."
    assert lines[2] == "What stands out:"
    assert lines[3].startswith("  - douyin story posts: 1.9× "), lines[3]
    # two pillars: said once, one against the other
    assert "× the interactions of douyin functional posts, 90 % interval " in lines[3]
    assert lines[3].endswith(", 30 posts (against 30)")
    assert lines[4] == (
        "Too thin to say (cells with fewer than 10 posts, or fewer than 10 other posts to "
        "compare with, or an interval more than 4× wide):"
    )
    assert "by weekday × slot" in run.stdout


def test_json_follows_its_schema_and_reads_back(tmp_path: Path) -> None:
    write_project(tmp_path, extra_rows="ghost-post,2025-04-01T10:00+08:00,,5,,\n")
    run = run_cli("insights", "calendars/acme.yaml", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["summary"] == {
        "platforms": 2,
        "posts": 80,
        "results_rows": 81,
        "measured": 80,
        "unmatched": 1,
        "findings": 1,
    }
    assert document["unmatched"][0]["id"] == "ghost-post"
    assert document["unmatched"][0]["line"] == 82
    story = next(f for f in document["findings"] if f["kind"] == "higher")
    assert (story["platform"], story["dimension"], story["keys"]) == ("douyin", "pillar", ["story"])
    assert story["ratio"]["low"] > 1
    douyin = document["platforms"][0]
    assert [d["name"] for d in douyin["dimensions"]] == [
        "pillar",
        "slot",
        "format",
        "phase",
        "topic_age",
    ]
    # rows naming no post are said on stderr, not dropped silently
    assert "1 results row not counted" in run.stderr
    assert "ghost-post" in run.stderr


def test_no_effect_no_finding(tmp_path: Path) -> None:
    write_project(tmp_path, effect=1.0)
    run = run_cli("insights", "calendars/", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    document = run.json()
    assert document["summary"]["findings"] == 0
    assert [f for f in document["findings"] if f["kind"] != "thin"] == []


def test_platform_and_weeks_filter(tmp_path: Path) -> None:
    write_project(tmp_path)
    run = run_cli(
        "insights",
        "calendars/",
        "--platform",
        "douyin",
        "--from",
        "2025-W10",
        "--to",
        "2025-W11",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert run.code == 0, run.stderr
    document = run.json()
    assert [p["platform"] for p in document["platforms"]] == ["douyin"]
    assert document["summary"]["posts"] == 14  # two weeks, one douyin post a day
    assert document["filters"] == {"platform": "douyin", "from": "2025-W10", "to": "2025-W11"}


def html_parts(page: str) -> list[str]:
    """Every inline SVG of the page."""
    return [f"<svg{part.split('</svg>')[0]}</svg>" for part in page.split("<svg")[1:]]


def test_html_is_self_contained_and_escapes_what_users_wrote(tmp_path: Path) -> None:
    brand = "<script>alert(1)</script>\x1b[31m\u202e"
    topic = "<script>alert(2)</script>\x07\u2028"
    write_project(tmp_path, brand=brand, results_name="r<script>.csv", topic=topic)
    run = run_cli(
        "insights", "calendars/", "--html", "page.html", "--format", "plain", cwd=tmp_path
    )
    assert run.code == 0, run.stderr
    page = (tmp_path / "page.html").read_text("utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page
    for forbidden in ("http://", "https://", "@import", "url(", "<link", "src="):
        assert forbidden not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    charts = html_parts(page)
    assert charts, page
    for chart in charts:
        root = ElementTree.fromstring(chart)  # well-formed XML on its own
        assert root.findall(".//{http://www.w3.org/2000/svg}rect")
        assert root.findall(".//{http://www.w3.org/2000/svg}line[@class='whisker']")
    assert "by topic age" in page  # the topic's posts are there, its name is not needed
    assert "HTML written to page.html." in run.stderr
    assert "\x1b" not in run.stdout + run.stderr


def test_html_never_replaces_a_file_unless_asked(tmp_path: Path) -> None:
    write_project(tmp_path)
    (tmp_path / "page.html").write_text("mine", encoding="utf-8")
    refused = run_cli("insights", "calendars/", "--html", "page.html", cwd=tmp_path)
    assert refused.code == 2
    assert "page.html already exists" in refused.stderr and "--force" in refused.stderr
    assert (tmp_path / "page.html").read_text("utf-8") == "mine"
    forced = run_cli("insights", "calendars/", "--html", "page.html", "--force", cwd=tmp_path)
    assert forced.code == 0, forced.stderr
    assert (tmp_path / "page.html").read_text("utf-8").startswith("<!DOCTYPE html>")


def test_html_may_not_name_a_calendar(tmp_path: Path) -> None:
    write_project(tmp_path)
    before = (tmp_path / "calendars" / "acme.yaml").read_bytes()
    run = run_cli(
        "insights", "calendars/", "--html", "calendars/acme.yaml", "--force", cwd=tmp_path
    )
    assert run.code == 2, run.stdout
    assert (tmp_path / "calendars" / "acme.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        pytest.param(
            "id,measured_at,likes\ndouyin-00,2025-03-05T18:00+08:00,lots\n",
            "results/acme.csv:2:34: likes is 'lots', which is not a whole number",
            id="a count that is not a number",
        ),
        pytest.param(
            "id,measured_at,likez\n",
            "results/acme.csv:1:16: 'likez' is not a column of a results file",
            id="an unknown column",
        ),
        pytest.param(
            "id,measured_at,likes\ndouyin-00,2025-03-05 18:00,3\n",
            "results/acme.csv:2:11: measured_at: '2025-03-05 18:00' has no offset",
            id="a time without an offset",
        ),
    ],
)
def test_bad_results_files_name_the_place(tmp_path: Path, results: str, expected: str) -> None:
    write_project(tmp_path)
    (tmp_path / "results" / "acme.csv").write_text(results, encoding="utf-8")
    run = run_cli("insights", "calendars/", cwd=tmp_path)
    assert run.code == 2, run.stdout
    assert expected in run.stderr
    assert "fix them, then run insights again" in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_no_results_folder_says_how_to_make_one(tmp_path: Path) -> None:
    write_project(tmp_path)
    (tmp_path / "results" / "acme.csv").unlink()
    (tmp_path / "results").rmdir()
    run = run_cli("insights", "calendars/", cwd=tmp_path)
    assert run.code == 2
    assert "no results: there is no results/ folder" in run.stderr
    assert "contentplan import-results" in run.stderr


def test_an_empty_results_folder_says_so(tmp_path: Path) -> None:
    write_project(tmp_path)
    (tmp_path / "results" / "acme.csv").unlink()
    run = run_cli("insights", "calendars/", cwd=tmp_path)
    assert run.code == 2
    assert "results: no results file (.csv, .yaml or .yml) in this folder" in run.stderr
    assert "contentplan import-results" in run.stderr


def test_an_unknown_platform_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    write_project(tmp_path)
    run = run_cli("insights", "calendars/", "--platform", "douyn", cwd=tmp_path)
    assert run.code == 2
    assert "did you mean douyin?" in run.stderr


def test_help_teaches_with_examples() -> None:
    run = run_cli("insights", "--help", env={"COLUMNS": "200"})
    assert run.code == 0
    assert "contentplan insights calendars/ --platform douyin --from 2025-W11" in run.stdout
    words = " ".join(run.stdout.replace("│", " ").split())
    assert (
        'a cell with fewer than 10 posts, or an interval more than 4× wide, is "too thin to say"'
        in words
    )


def test_the_example_of_the_docs_is_what_insights_prints(tmp_path: Path) -> None:
    """docs/insights.md shows the output for the project written here."""
    write_project(tmp_path)
    run = run_cli("insights", "calendars/", "--platform", "douyin", cwd=tmp_path)
    assert run.code == 0, run.stderr
    docs = (ROOT / "docs" / "insights.md").read_text(encoding="utf-8")
    shown = docs.split("<!-- example -->\n```text\n", 1)[1].split("```", 1)[0]
    assert shown == run.stdout


def test_rich_shows_the_findings_then_a_table_per_platform(tmp_path: Path) -> None:
    write_project(tmp_path)
    run = run_cli(
        "insights", "calendars/", "--format", "rich", cwd=tmp_path, env={"COLUMNS": "160"}
    )
    assert run.code == 0, run.stderr
    text = run.stdout
    assert text.index("What stands out") < text.index("▲ douyin story posts: 1.9×")
    assert text.index("▲ douyin story posts") < text.index("douyin: 60 measured posts")
    assert text.index("douyin: 60 measured posts") < text.index("weibo: 20 measured posts")
    assert "by pillar" in text and "by weekday × slot" in text
    assert "× others" in text


def test_json_and_plain_never_load_rich(tmp_path: Path) -> None:
    """Rich is imported when it draws, not to compute or to write JSON."""
    write_project(tmp_path)
    code = (
        "import sys\n"
        "from contentplan.cli import main\n"
        "sys.argv = ['contentplan', 'insights', 'calendars/', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
    )
    run = run_bounded(code, cwd=tmp_path, prefix=[sys.executable, "-c"])
    assert run.stderr.strip().splitlines()[-1] == "False", run.stderr
    assert json.loads(run.stdout)["version"] == 1


def test_many_unmatched_rows_are_counted_and_the_first_five_shown(tmp_path: Path) -> None:
    ghosts = "".join(f"ghost-{n},2025-04-01T10:00+08:00,,5,,\n" for n in range(8))
    write_project(tmp_path, extra_rows=ghosts)
    run = run_cli("insights", "calendars/", "--format", "plain", cwd=tmp_path)
    assert run.code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert lines[0].startswith("8 results rows not counted")
    assert [line.split(": ")[0] for line in lines[1:6]] == [
        f"  results/acme.csv:{82 + n}:1" for n in range(5)
    ]
    assert lines[6] == "  … and 3 more (--format json lists them all)"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2025-W20", "--to", "2025-W10"], "--from 2025-W20 comes after --to 2025-W10"),
        (["--from", "2025-W99"], "--from"),
        (["--format", "xml"], "'xml' is not one of"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], expected: str) -> None:
    write_project(tmp_path)
    run = run_cli("insights", "calendars/", *args, cwd=tmp_path)
    assert run.code == 2, run.stdout
    assert expected in run.stderr
    assert "Traceback" not in run.stderr


def test_the_shipped_example_reads_its_results_folder() -> None:
    """calendars/veloq-2025-spring.yaml with results/ beside it, as shipped."""
    run = run_cli("insights", "calendars/veloq-2025-spring.yaml", "--format", "json", cwd=ROOT)
    assert run.code == 0, run.stderr
    document = run.json()
    jsonschema.validate(document, SCHEMA)
    assert document["results"] == ["results"]
    assert document["summary"]["unmatched"] == 0, document["unmatched"]
    assert {p["platform"] for p in document["platforms"]} == {
        "douyin",
        "wechat",
        "weibo",
        "xiaohongshu",
    }
