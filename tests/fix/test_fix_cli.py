"""`contentplan fix` as a user runs it: a calendar in, the repaired calendar
out (stdout, -o or --in-place), the moves and what is left on stderr, exit
codes of SPEC §5.2. Every repaired calendar is judged by `contentplan
check` itself."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))

RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"], max_per_day: 3, min_gap: 2h}
  wechat: {slots: ["20:00"], max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
campaigns:
  c1: {launch: "2024-03-20 19:00", recap_days: 3}
severity: {mix: off, mix-brand: off, duplicate: error}
"""

# Comments, a BOM, CRLF line ends (added below), Chinese titles, block and
# flow posts, a multi-line flow post, keys in another order, three quoting
# styles, a T separator, seconds.
CALENDAR = """\
\ufeff# Spring launch calendar: 春季发布
version: 1
brand: acme
timezone: Asia/Shanghai
posts:
  # weibo, block style
  - id: wb-1
    at: 2024-04-02 09:00        # plain, with a comment
    platform: weibo
    pillar: functional
    title: 新品发布会：十个你不知道的细节

  - id: wb-2
    title: 'key order differs: it''s fine'
    pillar: story
    platform: weibo
    at: '2024-04-02T10:00'      # an hour after wb-1: spacing
  - {id: wb-3, at: "2024-04-03 03:00", platform: weibo, pillar: trending, title: "凌晨三点的热搜"}
  - {id: wx-1, at: "2024-04-02 20:00", platform: wechat, pillar: functional, title: 深度长文}
  - {id: wx-2,
     at: "2024-04-02 21:00:00",
     platform: wechat, pillar: story, title: "第二篇"}
"""


def fix(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The real command line, bytes in and out (no newline translation)."""
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environment["COLUMNS"] = "100"
    done = subprocess.run(
        [sys.executable, "-m", "contentplan", "fix", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        timeout=120,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    return done


def check(path: Path, cwd: Path, rules: str = "rules.yaml") -> tuple[int, str]:
    run = run_cli("check", str(path), "--rules", rules, "--format", "plain", cwd=cwd)
    return run.code, run.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "cal.yaml").write_bytes(CALENDAR.replace("\n", "\r\n").encode("utf-8"))
    return tmp_path


def changed_lines(old: bytes, new: bytes) -> list[str]:
    a = old.decode("utf-8").splitlines(keepends=True)
    b = new.decode("utf-8").splitlines(keepends=True)
    return [line for line in difflib.ndiff(a, b) if line[:1] in "+-"]


def test_only_the_moved_at_values_change(project: Path) -> None:
    original = (project / "cal.yaml").read_bytes()
    done = fix("cal.yaml", "--rules", "rules.yaml", "-o", "out.yaml", cwd=project)
    assert done.returncode == 0, done.stderr.decode()
    out = (project / "out.yaml").read_bytes()
    assert (
        out.startswith(b"\xef\xbb\xbf")
        and b"\r\n" in out
        and b"\n" not in out.replace(b"\r\n", b"")
    )
    # Same lines, same bytes, but for the at: values of the moved posts.
    old_lines = original.decode("utf-8").splitlines(keepends=True)
    new_lines = out.decode("utf-8").splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    pairs = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert [(a.split("at:")[0], b.split("at:")[0]) for a, b in pairs] == [
        ("    ", "    "),
        ("  - {id: wb-3, ", "  - {id: wb-3, "),
        ("     ", "     "),
    ]
    value = re.compile(r"(at: ['\"]?)\d{4}-\d\d-\d\d[ T]\d\d:\d\d")
    for a, b in pairs:  # with the date and time masked, the lines are the same
        assert value.sub(r"\1X", a) == value.sub(r"\1X", b)
    assert "'2024-04-02T" in pairs[0][1]  # single quotes and the T kept
    assert re.search(r'at: "2024-04-0\d \d\d:\d\d:00",', pairs[2][1])  # seconds kept
    code, report = check(project / "out.yaml", project)
    assert code == 0, report
    # The moves are on stdout when the calendar goes to a file.
    text = done.stdout.decode()
    assert "wb-2" in text and "wb-3" in text and "wx-2" in text
    assert "3 moves mend 3 violations; the calendar passes." in text


def test_stdout_gets_the_same_bytes_and_stderr_the_report(project: Path) -> None:
    to_file = fix("cal.yaml", "--rules", "rules.yaml", "-o", "out.yaml", cwd=project)
    to_stdout = fix("cal.yaml", "--rules", "rules.yaml", cwd=project)
    assert to_stdout.returncode == 0
    assert to_stdout.stdout == (project / "out.yaml").read_bytes()
    assert b"Moves" in to_stdout.stderr and b"Moves" in to_file.stdout


def test_in_place_then_nothing_left_to_fix(project: Path) -> None:
    original = (project / "cal.yaml").read_bytes()
    first = fix("cal.yaml", "--rules", "rules.yaml", "--in-place", cwd=project)
    assert first.returncode == 0, first.stderr.decode()
    repaired = (project / "cal.yaml").read_bytes()
    assert repaired != original
    assert len(changed_lines(original, repaired)) == 6
    # Idempotent: fixing the fixed calendar moves nothing and writes nothing.
    second = fix("cal.yaml", "--rules", "rules.yaml", "--in-place", cwd=project)
    assert second.returncode == 0
    assert b"nothing to fix" in second.stdout
    assert (project / "cal.yaml").read_bytes() == repaired
    again = fix("cal.yaml", "--rules", "rules.yaml", cwd=project)
    assert again.returncode == 0 and again.stdout == repaired
    assert not [p.name for p in project.iterdir() if p.name.endswith(".tmp")]


def test_output_naming_the_input_is_refused(project: Path) -> None:
    original = (project / "cal.yaml").read_bytes()
    done = fix("cal.yaml", "--rules", "rules.yaml", "-o", "./cal.yaml", cwd=project)
    assert done.returncode == 2
    assert b"--in-place" in done.stderr
    assert (project / "cal.yaml").read_bytes() == original
    both = fix("cal.yaml", "-o", "x.yaml", "--in-place", cwd=project)
    assert both.returncode == 2


def test_dry_run_exit_codes(project: Path) -> None:
    original = (project / "cal.yaml").read_bytes()
    needed = fix("cal.yaml", "--rules", "rules.yaml", "--dry-run", cwd=project)
    assert needed.returncode == 1
    assert b"3 moves would mend 3 violations." in needed.stdout
    assert b"version: 1" not in needed.stdout  # the moves only, no calendar
    assert (project / "cal.yaml").read_bytes() == original
    fix("cal.yaml", "--rules", "rules.yaml", "--in-place", cwd=project)
    clean = fix("cal.yaml", "--rules", "rules.yaml", "--dry-run", cwd=project)
    assert clean.returncode == 0
    assert b"nothing to fix" in clean.stdout
    refused = fix("cal.yaml", "--dry-run", "--in-place", cwd=project)
    assert refused.returncode == 2


def test_bad_input_is_exit_2_with_the_place(project: Path) -> None:
    (project / "bad.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
        "  - {id: a, at: 2024-04-02 25:00, platform: weibo, pillar: story, title: A}\n"
        "  - {id: b, at: 2024-04-02 10:00, platform: weibo, pillar: story, titel: B}\n",
        encoding="utf-8",
    )
    done = fix("bad.yaml", "--rules", "rules.yaml", cwd=project)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "bad.yaml:5:" in err and "bad.yaml:6:" in err
    assert fix("missing.yaml", cwd=project).returncode == 2


def test_a_post_whose_at_comes_from_a_merge_is_not_rewritten(project: Path) -> None:
    (project / "merged.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
        "  - &night\n"
        "    id: a\n"
        "    at: 2024-04-02 03:00\n"
        "    platform: weibo\n"
        "    pillar: story\n"
        "    title: A\n"
        "  - <<: *night\n"
        "    id: b\n"
        "    title: B\n",
        encoding="utf-8",
    )
    original = (project / "merged.yaml").read_bytes()
    done = fix("merged.yaml", "--rules", "rules.yaml", "--in-place", cwd=project)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "cannot move post a:" in err and "alias or << merge" in err
    assert (project / "merged.yaml").read_bytes() == original


def test_what_no_move_can_mend_is_explained(project: Path) -> None:
    (project / "stuck.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
        # a recap ten days after the launch: the recap span (3 days) ended
        # before this week began
        "  - {id: r, at: 2024-04-02 09:00, platform: weibo, pillar: story, title: R,"
        " campaign: c1, phase: recap}\n"
        # two published posts too close: neither may move
        "  - {id: p1, at: 2024-04-03 09:00, platform: weibo, pillar: story, title: P1,"
        " status: published}\n"
        "  - {id: p2, at: 2024-04-03 10:00, platform: weibo, pillar: story, title: P2,"
        " status: published}\n"
        # a title too long for x (its profile allows 280, weighted)
        "  - {id: long, at: 2024-04-04 20:00, platform: wechat, pillar: story,"
        f" title: {'长' * 70}, format: video}}\n",
        encoding="utf-8",
    )
    (project / "rules2.yaml").write_text(
        RULES.replace("max_per_day: 1}", "max_per_day: 1, max_title: 64}"), encoding="utf-8"
    )
    done = fix("stuck.yaml", "--rules", "rules2.yaml", cwd=project)
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "0 moves mend 0 violations; 3 violations left that no move can mend." in err
    assert (
        "why: no free weibo slot in 2024-W14 is inside the c1 recap span (after the launch "
        "2024-03-20 19:00 up to 2024-03-23 19:00)" in err
    )
    assert "why: p1 and p2 are published, and published posts never move" in err
    assert "why: a move never changes a title: shorten it" in err
    assert done.stdout == (project / "stuck.yaml").read_bytes()


def test_a_week_mix_needs_other_pillars_not_moves(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        "version: 1\nplatforms:\n  weibo: {slots: ['09:00', '20:00'], min_gap: 2h}\n",
        encoding="utf-8",
    )
    (tmp_path / "cal.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
        + "".join(
            f"  - {{id: s{n}, at: 2024-04-0{n + 1} 09:00, platform: weibo, pillar: story,"
            f" title: S{n}}}\n"
            for n in range(3)
        )
        + "  - {id: t, at: 2024-04-01 10:00, platform: weibo, pillar: story, title: T}\n"
        + "  - {id: u, at: 2024-04-08 09:00, platform: weibo, pillar: functional, title: U}\n",
        encoding="utf-8",
    )
    done = fix("cal.yaml", "--rules", "rules.yaml", cwd=tmp_path)
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "1 move mends 1 violation; 2 violations left" in err  # t moves (spacing)
    assert err.count("moves keep each post in its ISO week, so the week's pillar counts") == 2
    assert "change the pillar of posts, or add or drop posts; or run fix --across-weeks" in err
    across = fix("cal.yaml", "--rules", "rules.yaml", "--across-weeks", cwd=tmp_path)
    assert across.returncode == 1  # only story posts: no week of them fits 6:2:2
    assert b"moves keep each post" not in across.stderr
    assert b"why: " in across.stderr


def test_across_weeks_reaches_other_weeks(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "cal.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
        "  - {id: a, at: 2024-04-01 09:00, platform: weibo, pillar: story, title: Same}\n"
        "  - {id: b, at: 2024-04-04 09:00, platform: weibo, pillar: story, title: Same}\n"
        "  - {id: c, at: 2024-04-10 12:30, platform: weibo, pillar: story, title: Other}\n",
        encoding="utf-8",
    )
    within = fix("cal.yaml", "--rules", "rules.yaml", cwd=tmp_path)
    assert within.returncode == 1
    assert b"two times of one week are always less than 7 days apart" in within.stderr
    assert b"run fix --across-weeks, which may move posts to any week from 2024-W14 to" in (
        within.stderr
    )
    across = fix(
        "cal.yaml", "--rules", "rules.yaml", "--across-weeks", "-o", "out.yaml", cwd=tmp_path
    )
    assert across.returncode == 0, across.stderr.decode()
    assert b"at: 2024-04-08 09:00, platform: weibo" in (tmp_path / "out.yaml").read_bytes()
    assert check(tmp_path / "out.yaml", tmp_path)[0] == 0


def test_threads_do_not_change_the_answer(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    posts = "".join(
        f"  - {{id: p{n:02d}, at: 2024-04-0{1 + n % 6} {n % 5:02d}:30, platform: weibo,"
        f" pillar: story, title: T{n}}}\n"
        for n in range(14)
    )
    (tmp_path / "cal.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n" + posts, encoding="utf-8"
    )
    one = fix("cal.yaml", "--rules", "rules.yaml", "--workers", "1", cwd=tmp_path)
    eight = fix("cal.yaml", "--rules", "rules.yaml", "--workers", "8", cwd=tmp_path)
    assert one.returncode == eight.returncode == 0, one.stderr.decode()
    assert one.stdout == eight.stdout
    assert one.stderr == eight.stderr


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


def test_the_shipped_broken_example(tmp_path: Path) -> None:
    """What moves can and cannot do for calendars/broken/veloq-demo-broken.yaml."""
    done = fix("calendars/broken/veloq-demo-broken.yaml", cwd=ROOT)
    assert done.returncode == 1
    err = done.stderr.decode()
    golden("veloq-demo-broken.txt", err)
    out = tmp_path / "fixed.yaml"
    out.write_bytes(done.stdout)
    run = run_cli("check", str(out), "--rules", "rules/default.yaml", "--format", "json", cwd=ROOT)
    left = sorted(
        (v["check"], tuple(v["post_ids"]) if v["check"] not in ("mix", "mix-brand") else ())
        for v in run.json()["violations"]
        if v["severity"] == "error"
    )
    assert left == [
        ("campaign-phase", ("dy-0409-1800",)),
        ("duplicate", ("wb-0407-0900", "wb-0408-0200")),
        ("evergreen", ("wb-0408-0200",)),
        ("format", ("dy-0408-1200",)),
        ("mix", ()),
        ("mix-brand", ()),
        ("series", ("wx-0408-2030",)),
        ("stale-trend", ("xhs-0407-1200",)),
        ("title-length", ("xhs-0409-2000",)),
    ]
    original = (ROOT / "calendars/broken/veloq-demo-broken.yaml").read_bytes()
    changed = changed_lines(original, done.stdout)
    assert len(changed) == 10  # five moves, each one line out and one in
    assert all(" at: " in line for line in changed)


def test_help_teaches_the_command() -> None:
    listing = run_cli("--help")
    assert re.search(r"fix\s+Repair a calendar with the fewest moves", listing.stdout)
    helped = run_cli("fix", "--help", env={"COLUMNS": "200"})
    assert helped.code == 0
    for words in ("--across-weeks", "--dry-run", "--in-place", "Exit codes", "Examples"):
        assert words in helped.stdout
