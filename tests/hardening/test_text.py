"""Issue 10: user-written text never drives a terminal, a CI log or a
spreadsheet.

A calendar, its rules and a backlog are written here with titles, topics,
ids, brand, platform, pillar and campaign names that carry terminal escape
sequences (window title, clear screen, OSC-8 links), BEL, DEL, C1 controls,
bidi overrides, Rich markup (``[/bold]``, ``[link=…]``) and a newline
followed by a forged ``::error`` workflow command. Every command that shows
them runs through the real command line in a subprocess; what it writes
(stdout, stderr, output files) must hold no raw control character, no raw
bidi control, no Rich markup read as markup, and no crash. The only escape
codes allowed are the colours Rich itself writes in ``rich`` output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.hardening.support import CLI, GIB, HANG_GUARD, limit_memory

# The hostile pieces, as YAML double-quoted escapes (the files themselves hold
# only printable text; the loader turns the escapes into the characters).
OSC_TITLE = r"\e]0;owned\a"
CLEAR = r"\e[2J"
OSC_LINK = r"\e]8;;http://evil.example\e\\click\e]8;;\e\\"
BIDI = r"\u202eabc\u2066"
C1 = r"\x9b31m\x85"
DEL = r"\x7f"
MARKUP = "[/bold][link=file:///etc/passwd]click[/link]"
FORGED = r"\nx::error file=evil.yaml,line=1::FAKE"
EVIL = OSC_TITLE + CLEAR + OSC_LINK + BIDI + C1 + DEL + MARKUP + FORGED

PLATFORM = r"[link=file:///etc/passwd]wb\e]0;pwned\a"
PILLAR_A = r"[/bold]func"
PILLAR_B = r"story\e[2J\u202e"
BRAND = r"[/bold]br" + OSC_LINK
CAMPAIGN = r"[bold]launch\e[5m"

RULES = f"""\
version: 1
pillars: ["{PILLAR_A}", "{PILLAR_B}", trend]
mix:
  target: {{"{PILLAR_A}": 5, "{PILLAR_B}": 3, trend: 2}}
  min_posts: 3
platforms:
  "{PLATFORM}":
    slots: ["09:00", "12:00", "15:00", "18:00", "21:00"]
    max_per_day: 2
    min_gap: 2h
    max_title: 300
campaigns:
  "{CAMPAIGN}":
    launch: "2025-03-27 19:00"
    teaser_days: 3
trending:
  max_age: 24h
"""

CALENDAR = f"""\
version: 1
brand: "{BRAND}"
timezone: Asia/Shanghai
rules: rules.yaml
posts:
  - id: a
    at: "2025-03-24 09:00"
    platform: "{PLATFORM}"
    pillar: "{PILLAR_A}"
    title: "{EVIL}"
    topic: "{OSC_TITLE}{MARKUP}"
  - id: b
    at: "2025-03-24 10:00"
    platform: "{PLATFORM}"
    pillar: "{PILLAR_B}"
    title: "{EVIL}"
    topic: "{OSC_TITLE}{MARKUP}"
  - id: c
    at: "2025-03-26 12:00"
    platform: "{PLATFORM}"
    pillar: trend
    title: "=HYPERLINK(\\"http://evil.example\\", \\"{MARKUP}\\")"
    campaign: "{CAMPAIGN}"
    phase: recap
    topic: "{OSC_TITLE}{MARKUP}"
"""

BACKLOG = f"""\
version: 1
brand: "{BRAND}"
timezone: Asia/Shanghai
items:
  - id: n1
    pillar: "{PILLAR_A}"
    title: "{EVIL}"
  - id: n2
    pillar: "{PILLAR_B}"
    title: "{OSC_LINK}{FORGED}"
"""

# A schema problem that quotes user text: an id is restricted to letters,
# digits and ._- and the message names the bad one.
BAD_ID = f"""\
version: 1
brand: b
timezone: Asia/Shanghai
rules: rules.yaml
posts:
  - id: "x{OSC_TITLE}{MARKUP}"
    at: "2025-03-24 09:00"
    platform: "{PLATFORM}"
    pillar: "{PILLAR_A}"
    title: t
"""

# Colours Rich writes itself (SGR); nothing else may start with ESC.
SGR = re.compile(r"\x1b\[[0-9;]*m")
# What Rich writes itself on a terminal: colours, and the cursor moves and
# carriage return of its spinner. A user's ESC [2J (clear) is none of these.
ROOM = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[1A|\x1b\[2K|\r")
# Every character a terminal or log could act on, or that reorders text.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def write_inputs(folder: Path) -> None:
    for name, text in (
        ("rules.yaml", RULES),
        ("cal.yaml", CALENDAR),
        ("backlog.yaml", BACKLOG),
        ("bad-id.yaml", BAD_ID),
    ):
        (folder / name).write_text(text, encoding="utf-8")


def run(*args: str, cwd: Path, colour: bool = False) -> Run:
    """`python -m contentplan ARGS` with a memory cap and a hang guard; with
    ``colour`` Rich is told to write colours although stdout is a pipe."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "CONTENTPLAN_DEBUG", "FORCE_COLOR", "NO_COLOR")
    }
    environment["COLUMNS"] = "120"
    if colour:
        environment["FORCE_COLOR"] = "1"
    done = subprocess.run(
        [*CLI, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=HANG_GUARD * 3,
        preexec_fn=limit_memory(GIB),
    )
    return Run(done.returncode, done.stdout, done.stderr)


def assert_safe(text: str, where: str, *, colour: bool = False) -> None:
    """No raw control or bidi character in ``text`` (but what Rich writes
    itself on a terminal when ``colour``), and no crash."""
    shown = ROOM.sub("", text) if colour else text
    found = sorted({f"U+{ord(c):04X}" for c in RAW.findall(shown)})
    assert not found, f"{where}: raw {found} in {shown[:2000]!r}"
    assert "Traceback" not in text and "internal error" not in text, f"{where}: {text[-2000:]}"


def assert_run_safe(result: Run, *, colour: bool = False) -> None:
    assert_safe(result.stdout, "stdout", colour=colour)
    assert_safe(result.stderr, "stderr", colour=colour)


def strings_in(value: object) -> list[str]:
    """Every string in a decoded JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def flat(text: str) -> str:
    """Output as one string without colours, spaces or frame lines, so that
    an escape Rich wrapped across lines still reads as one."""
    return re.sub(r"[\s│┃|]+", "", ROOM.sub("", text))



# -- check, in every format ----------------------------------------------------------

FORMATS = ["plain", "rich", "github", "junit", "json", "sarif"]


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output"])
@pytest.mark.parametrize("form", FORMATS)
def test_check_shows_user_text_escaped_in_every_format(
    tmp_path: Path, form: str, to_file: bool
) -> None:
    write_inputs(tmp_path)
    extra = ["--output", "report.out"] if to_file else []
    colour = form == "rich" and not to_file
    result = run("check", "cal.yaml", "--format", form, *extra, cwd=tmp_path, colour=colour)
    assert result.code == 1, result.stderr
    assert_safe(result.stderr, "stderr")
    text = (tmp_path / "report.out").read_text(encoding="utf-8") if to_file else result.stdout
    assert_safe(text, "report", colour=colour)
    if colour:
        assert SGR.search(text), "FORCE_COLOR: Rich's own colours are expected"
    if form in ("json", "sarif"):
        # The data stays exact: the escapes decode to the very characters.
        strings = "\n".join(strings_in(json.loads(text)))
        assert "\x1b]0;owned\x07" in strings and "\u202eabc\u2066\x9b31m" in strings
        return
    if form == "junit":
        ET.fromstring(text.encode("utf-8"))  # well-formed XML 1.0
    lines = text.splitlines()
    if form == "plain":
        # One line per finding, and the summary.
        finding = re.compile(r"^cal\.yaml:\d+:\d+: (error|warning) \[[a-z-]+\] ")
        assert all(finding.match(line) for line in lines[:-1]), lines
        assert re.match(r"^\d+ errors?, \d+ warnings? in 1 file", lines[-1])
        assert len(lines) >= 5
    if form == "github":
        # Only workflow commands start a line; the forged one never does.
        assert all(line.startswith(("::group::", "::endgroup::", "::error ", "::warning "))
                   for line in lines[:-1]), lines
        assert not any(line.startswith("x::") for line in lines)
    # The user's ESC shows as \x1b, markup as written, the newline as \n.
    shown = flat(text)
    assert "\\x1b]0;owned\\x07" in shown
    assert "\\nx::errorfile=evil.yaml" in shown.replace("%3A", ":").replace("%2C", ",")
    assert "[link=file:///etc/passwd]" in shown.replace("%3A", ":")


def test_a_schema_message_quoting_user_text_is_escaped(tmp_path: Path) -> None:
    write_inputs(tmp_path)
    result = run("check", "bad-id.yaml", "--format", "rich", cwd=tmp_path, colour=True)
    assert result.code == 2
    assert_run_safe(result, colour=True)
    assert "\\x1b]0;owned\\x07[/bold][link=file:///etc/passwd]click[/link]" in flat(
        result.stdout
    )


def test_a_hostile_file_name_in_a_folder_scan_stays_on_its_line(tmp_path: Path) -> None:
    write_inputs(tmp_path)
    (tmp_path / "bad-id.yaml").unlink()
    (tmp_path / "cal.yaml").rename(tmp_path / "c\x1b]0;t\x07\n::error x.yaml")
    (tmp_path / "c\x1b]0;t\x07\n::error x.yaml").rename(tmp_path / "c\x1b]0;t\x07\n::x.yaml")
    result = run("check", ".", "--format", "github", cwd=tmp_path)
    assert result.code == 1, result.stderr
    assert_run_safe(result)
    assert all(line.startswith("::") for line in result.stdout.splitlines()[:-1])
    assert "c\\x1b]0;t\\x07\\n::x.yaml" in result.stdout.replace("%3A", ":")


# -- show, report, plan, fix, import -------------------------------------------------

CASES: dict[str, tuple[list[str], int, list[str]]] = {
    # name: (arguments, exit code, files written that must be safe too)
    "show": (["show", "cal.yaml", "--week", "2025-W13"], 0, []),
    "show-problem": (["show", "bad-id.yaml"], 2, []),
    "report": (
        ["report", "cal.yaml", "--html", "r.html", "--svg", "r.svg"],
        0,
        ["r.html", "r.svg"],
    ),
    "plan": (
        ["plan", "--week", "2025-W14", "--backlog", "backlog.yaml", "--calendar", "cal.yaml",
         "--whole", "-o", "out.yaml"],
        0,
        ["out.yaml"],
    ),
    "plan-stdout": (
        ["plan", "--week", "2025-W14", "--backlog", "backlog.yaml", "--rules", "rules.yaml"],
        0,
        [],
    ),
    "fix-dry-run": (["fix", "cal.yaml", "--dry-run"], 1, []),
    "fix": (["fix", "cal.yaml", "-o", "fixed.yaml"], 0, ["fixed.yaml"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_terminal_output_of_every_command_is_escaped(tmp_path: Path, name: str) -> None:
    args, code, written = CASES[name]
    write_inputs(tmp_path)
    result = run(*args, cwd=tmp_path, colour=True)
    assert result.code == code, (result.stdout[-2000:], result.stderr[-2000:])
    assert_run_safe(result, colour=True)
    for file in written:
        assert_safe((tmp_path / file).read_text(encoding="utf-8"), file)
    shown = flat(result.stdout + result.stderr)
    assert "\\x1b]0;" in shown  # the platform's, title's or id's ESC, escaped
    if name != "show-problem":
        # Markup in names shows as written (and did not crash Rich).
        assert "[link=file:///etc/passwd]wb\\x1b]0;pwned\\x07" in shown
    if name in ("show", "plan", "plan-stdout"):
        assert "[/bold]br\\x1b]8;;http://evil.example" in shown  # the brand, in the title
    if name == "report":
        ET.fromstring((tmp_path / "r.svg").read_bytes())
    if name == "plan":
        # The plan reads back: its check finds no schema problem.
        checked = run("check", "out.yaml", "--format", "json", cwd=tmp_path)
        assert checked.code == 1, checked.stderr
        assert not [v for v in json.loads(checked.stdout)["violations"] if v["check"] == "schema"]


def test_import_problems_quote_cells_escaped(tmp_path: Path) -> None:
    write_inputs(tmp_path)
    (tmp_path / "posts.csv").write_text(
        "date,time,platform,pillar,title\n"
        '2025-03-24,09:00,"we\x1b]0;x\x07ibo\n[/bold]",functional,"=1+2"\n',
        encoding="utf-8",
    )
    result = run("import", "posts.csv", "--brand", "b", "--timezone", "Asia/Shanghai",
                 cwd=tmp_path, colour=True)
    assert result.code == 2
    assert_run_safe(result)
    assert "'we\\x1b]0;x\\x07ibo\\n[/bold]' is not a platform" in result.stderr


# -- CSV: no live formula, and a byte-identical round trip ----------------------------


def test_csv_export_guards_formulas_and_round_trips_byte_for_byte(tmp_path: Path) -> None:
    write_inputs(tmp_path)
    first = run("export", "cal.yaml", "--to", "csv", "-o", "first.csv", cwd=tmp_path)
    assert first.code == 0, first.stderr
    data = (tmp_path / "first.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    titles = {row[0]: row[6] for row in rows[1:]}
    assert titles["c"].startswith("'=HYPERLINK(")
    back = run("import", "first.csv", "--brand", "b", "--timezone", "Asia/Shanghai",
               "--rules", "rules.yaml", "-o", "back.yaml", cwd=tmp_path)
    assert back.code == 0, back.stderr
    again = run("export", "back.yaml", "--to", "csv", "-o", "again.csv", cwd=tmp_path)
    assert again.code == 0, again.stderr
    assert (tmp_path / "again.csv").read_bytes() == data


# -- a huge title ------------------------------------------------------------------


def test_a_10_mb_title_shared_by_two_posts_is_clipped_in_rich_output(tmp_path: Path) -> None:
    """The duplicate warning quotes the title: clipped to 200 characters and
    the total length. Unclipped, Rich took minutes to lay it out; the hang
    guard (not a timing assert) catches that."""
    title = "x" * 10_000_000
    posts = "".join(
        f'  - {{id: {name}, at: "2025-03-2{day} 09:00", platform: weibo, pillar: functional, '
        f'title: "{title}"}}\n'
        for name, day in (("a", 4), ("b", 5))
    )
    calendar = f"version: 1\nbrand: b\ntimezone: Asia/Shanghai\nposts:\n{posts}"
    (tmp_path / "huge.yaml").write_text(calendar, encoding="utf-8")
    result = run("check", "huge.yaml", "--format", "rich", "--output", "out.txt", cwd=tmp_path)
    assert result.code == 1, result.stderr
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "(10000000characters)" in flat(text)
    assert len(text) < 10_000


# A file name the user (or a CI script) passes for an output: ESC, BEL and a
# bidi override in it. The line that confirms the write names the file.
HOSTILE_NAME = "out\x1b]0;pwned\x07\u202e"
NAMED_OUTPUTS = {
    "check-output": (["check", "cal.yaml", "-f", "plain", "-o", HOSTILE_NAME + ".txt"], 1),
    "check-write-baseline": (["check", "cal.yaml", "--write-baseline", HOSTILE_NAME + ".json"], 0),
    "export": (["export", "cal.yaml", "--to", "csv", "-o", HOSTILE_NAME + ".csv"], 0),
    "report-svg": (["report", "cal.yaml", "--svg", HOSTILE_NAME + ".svg"], 0),
    "report-html": (["report", "cal.yaml", "--html", HOSTILE_NAME + ".html"], 0),
    "init": (["init", HOSTILE_NAME], 0),
}


@pytest.mark.parametrize("name", sorted(NAMED_OUTPUTS))
def test_the_line_confirming_a_write_shows_the_file_name_escaped(
    tmp_path: Path, name: str
) -> None:
    args, code = NAMED_OUTPUTS[name]
    write_inputs(tmp_path)
    result = run(*args, cwd=tmp_path)
    assert result.code == code, (result.stdout[-2000:], result.stderr[-2000:])
    assert_run_safe(result)
    assert "out\\x1b]0;pwned\\x07\\u202e" in result.stdout + result.stderr


def test_a_baseline_named_with_controls_is_named_escaped(tmp_path: Path) -> None:
    write_inputs(tmp_path)
    baseline = HOSTILE_NAME + ".json"
    (tmp_path / baseline).write_text('{"version": 1, "violations": []}\n', encoding="utf-8")
    result = run("check", "cal.yaml", "-f", "plain", "--baseline", baseline, cwd=tmp_path)
    assert result.code == 1, result.stderr[-2000:]
    assert_run_safe(result)
    assert "remain in out\\x1b]0;pwned\\x07\\u202e.json" in result.stderr


def test_ics_export_writes_controls_in_user_text_as_visible_escapes(tmp_path: Path) -> None:
    """iCalendar text may hold no control character (RFC 5545) and a
    calendar app shows what it gets: ESC, BEL, a lone CR and bidi controls
    in brand, platform, pillar, title and topic are written as escapes."""
    write_inputs(tmp_path)
    result = run("export", "cal.yaml", "--to", "ics", cwd=tmp_path)
    assert result.code == 0, result.stderr[-2000:]
    assert_run_safe(result)
    unfolded = result.stdout.replace("\n ", "")  # lines read back with universal newlines
    # The escape's backslash is itself escaped, like the ';' after it.
    assert "\\\\x1b]0\\;" in unfolded
    assert "BEGIN:VEVENT" in unfolded and "END:VCALENDAR" in unfolded
