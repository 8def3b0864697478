"""`contentplan report`: golden plain output, the numbers against the band,
the SVG export, the HTML page parsed (and drawn once in headless Chromium
when it is installed), and exit 2 for bad input.

UPDATE_GOLDEN=1 rewrites the golden files under tests/report/golden/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Run, run_cli

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))
SVG_NS = "{http://www.w3.org/2000/svg}"
CALENDARS = ("volta-weibo.yaml", "volta-douyin.yaml")


def report(*args: str, cwd: Path = FIXTURES) -> Run:
    run = run_cli("report", *args, cwd=cwd)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


# --- terminal output ---------------------------------------------------------


def test_plain_output_golden() -> None:
    run = report(*CALENDARS)
    assert run.code == 0, run.stderr
    assert "\x1b[" not in run.stdout
    golden("report_volta.txt", run.stdout)


def test_tables_per_platform_and_brand_with_verdicts() -> None:
    out = report(*CALENDARS).stdout
    titles = re.findall(r"^(\S.*?)  target (\S+ ±\d+%)", out, re.M)
    assert titles == [("douyin", "3:5:2 ±10%"), ("weibo", "6:2:2 ±10%"),
                      ("all platforms", "5:3:2 ±10%")]
    weibo = out.split("weibo  target")[1].split("all platforms")[0]
    rows = dict(re.findall(r"│ (\d{4}-W\d\d) │.*│ (\S) │", weibo))
    assert rows == {"2025-W10": "✓", "2025-W11": "✗", "2025-W12": "–", "2025-W13": "✓"}
    # weibo W11: 1 functional of 4 posts, the band for 6:2:2 ±10% is 2..3.
    assert re.search(r"2025-W11 │ +4 │ 1  25% 2\.\.3 ▼ │ 3  75% 0\.\.1 ▲", weibo)
    assert "trend  functional" in weibo


def test_from_and_to_choose_the_windows() -> None:
    out = report(*CALENDARS, "--from", "2025-W11", "--to", "2025-W14").stdout
    weeks = sorted(set(re.findall(r"│ (\d{4}-W\d\d) │", out)))
    assert weeks == ["2025-W11", "2025-W12", "2025-W13", "2025-W14"]


def test_monthly_windows_min_posts_and_scope_from_the_rules() -> None:
    run = report(*CALENDARS, "--rules", "monthly-rules.yaml")
    assert run.code == 0, run.stderr
    assert "months 2025-03 … 2025-03" in run.stdout
    assert run.stdout.count("not judged (mix.scope)") == 2  # both platforms
    golden("report_volta_monthly.txt", run.stdout)


def test_output_is_stable() -> None:
    assert report(*CALENDARS).stdout == report(*CALENDARS).stdout


# --- SVG ---------------------------------------------------------------------


def test_svg_export_is_the_same_output_and_needs_no_network(tmp_path: Path) -> None:
    target = tmp_path / "mix.svg"
    run = report(*CALENDARS, "--svg", str(target))
    assert run.code == 0 and "SVG written" in run.stderr
    text = target.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert "https://" not in text.replace("https://www.textualize.io", "")
    words = "".join(node.text or "" for node in root.iter(f"{SVG_NS}text"))
    assert "2025-W11" in words.replace("\xa0", " ")


# --- HTML --------------------------------------------------------------------


class PageParser(HTMLParser):
    """Collects tags and text, and the raw SVG fragments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_page(tmp_path: Path, *args: str) -> str:
    target = tmp_path / "mix.html"
    run = report(*CALENDARS, "--html", str(target), *args)
    assert run.code == 0, run.stderr
    return target.read_text(encoding="utf-8")


def test_html_is_one_self_contained_page(tmp_path: Path) -> None:
    page = html_page(tmp_path)
    parser = PageParser()
    parser.feed(page)
    parser.close()
    tags = [tag for tag, _ in parser.tags]
    assert tags[0] == "html" and page.startswith("<!DOCTYPE html>")
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "iframe" not in tags and "object" not in tags
    for _, attrs in parser.tags:
        for name, value in attrs.items():
            assert not (name in ("src", "href") and value), (name, value)
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    assert "@media print" in page
    assert tags.count("svg") == 3 and tags.count("table") == 3


def test_html_charts_are_svg_with_segments_targets_and_verdicts(tmp_path: Path) -> None:
    page = html_page(tmp_path)
    charts = [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", page, re.S)]
    assert len(charts) == 3
    douyin, weibo, brand = charts
    assert "weibo" in (weibo.findtext(f"{SVG_NS}title") or "")
    # One dashed target line per pillar boundary: 60% and 80% for 6:2:2.
    lines = weibo.findall(f"{SVG_NS}line")
    assert len(lines) == 2 and all(line.get("stroke-dasharray") for line in lines)
    xs = [float(line.get("x1") or 0) for line in lines]
    assert xs == [86 + 0.6 * 420, 86 + 0.8 * 420]
    # Four windows; W12 has no posts, so no segments.
    segments = [r for r in weibo.iter(f"{SVG_NS}rect") if r.get("class") == "segment"]
    assert len(segments) == 3 + 2 + 2  # W10 all three pillars, W11 two, W13 two
    verdicts = [t.text for t in weibo.iter(f"{SVG_NS}text") if t.get("class") == "verdict"]
    assert verdicts == ["✓", "✗", "–", "✓"]
    widths = {}
    for rect in segments:
        tip = rect.findtext(f"{SVG_NS}title") or ""
        widths.setdefault(tip.split(":")[0], []).append(float(rect.get("width") or 0))
    assert widths["functional"][0] == pytest.approx(0.6 * 420)
    assert len(brand.findall(f"{SVG_NS}line")) == 2 and douyin is not None


def test_html_is_stable(tmp_path: Path) -> None:
    first = html_page(tmp_path)
    assert html_page(tmp_path) == first


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "mix.html"
    page.write_text(html_page(tmp_path), encoding="utf-8")
    shot = tmp_path / "mix.png"
    browser = _chromium()
    assert browser is not None
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--hide-scrollbars", "--window-size=1000,1600",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert shot.exists(), done.stderr
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000


# --- bad input ---------------------------------------------------------------


def test_schema_errors_exit_2_with_file_and_line() -> None:
    run = report("broken.yaml")
    assert run.code == 2 and run.stdout == ""
    assert re.search(r"broken\.yaml:5:\d+: .*storys", run.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [(("nowhere.yaml",), "no such file"),
     ((*CALENDARS, "--from", "2025-13"), "no month 13"),
     ((*CALENDARS, "--from", "W11"), "--from"),
     ((*CALENDARS, "--from", "2025-W14", "--to", "2025-W10"), "comes after"),
     ((*CALENDARS, "--html", "volta-weibo.yaml"), "never overwrites its input"),
     ((), "")],
)
def test_bad_input_exits_2(args: tuple[str, ...], message: str) -> None:
    before = (FIXTURES / "volta-weibo.yaml").read_bytes()
    run = report(*args)
    assert run.code == 2
    assert message in run.stderr
    assert (FIXTURES / "volta-weibo.yaml").read_bytes() == before


def test_help_teaches_with_an_example() -> None:
    run = run_cli("report", "--help")
    assert run.code == 0
    assert "contentplan report calendars/" in run.stdout and "--html" in run.stdout


def test_a_calendar_without_posts_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text(
        "version: 1\nbrand: b\ntimezone: UTC\nposts: []\n", encoding="utf-8")
    run = report("empty.yaml", "--html", "empty.html", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "No posts in these windows." in run.stdout
    assert "No posts in these windows." in (tmp_path / "empty.html").read_text(encoding="utf-8")
