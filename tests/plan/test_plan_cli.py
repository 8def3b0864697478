"""`contentplan plan` as a user runs it: files in, a calendar out (stdout or
-o), the week grid and messages on stderr, exit codes of SPEC §5.2."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, run_cli

RULES = """\
version: 1
platforms:
  weibo:
    slots: ["09:00", "12:30", "20:00"]
    max_per_day: 3
    min_gap: 2h
  douyin:
    slots: ["09:00", "12:30", "20:00"]
    max_per_day: 2
  wechat:
    slots: ["20:00"]
    max_per_day: 1
quiet_hours: {from: "00:30", to: "07:00"}
"""

CALENDAR = """\
version: 1
brand: xiaomi
timezone: Asia/Shanghai
posts:
  - id: pinned-1
    at: 2024-04-02 12:30
    platform: weibo
    pillar: story
    title: "Pinned story"
"""


def _backlog(count: int, seed: int = 1) -> str:
    import random

    rng = random.Random(seed)
    lines = ["version: 1", "brand: xiaomi", "timezone: Asia/Shanghai", "items:"]
    for n in range(count):
        pillar = rng.choice(["functional"] * 5 + ["story"] * 3 + ["trending"] * 2)
        lines.append(f"  - id: item-{n:02d}")
        lines.append(f"    pillar: {pillar}")
        lines.append(f'    title: "Item {n}"')
        lines.append(f"    priority: {rng.randint(1, 5)}")
        if rng.random() < 0.3:
            lines.append("    platforms: [weibo]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "rules.yaml").write_text(RULES)
    (tmp_path / "cal.yaml").write_text(CALENDAR)
    (tmp_path / "backlog.yaml").write_text(_backlog(30))
    return tmp_path


def _plan(project: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "contentplan",
            "plan",
            "--week",
            "2024-W14",
            "--rules",
            "rules.yaml",
            *args,
        ],
        cwd=project,
        capture_output=True,
        timeout=300,
    )


def test_backlog_onto_a_whole_calendar_to_stdout_and_check_passes(project: Path) -> None:
    done = _plan(project, "--backlog", "backlog.yaml", "--calendar", "cal.yaml", "--whole")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(CALENDAR.encode())
    assert b"item-" in done.stdout and b"Planned" not in done.stdout
    err = done.stderr.decode()
    assert "xiaomi 2024-W14" in err and "Planned" in err and "brand" in err
    (project / "out.yaml").write_bytes(done.stdout)
    check = run_cli("check", "out.yaml", "--rules", "rules.yaml", "--format", "plain", cwd=project)
    assert check.code == 0, check.stdout


def test_in_place_and_refusing_to_overwrite_an_input(project: Path) -> None:
    refused = _plan(
        project, "--backlog", "backlog.yaml", "--calendar", "cal.yaml", "-o", "cal.yaml"
    )
    assert refused.returncode == 2
    assert b"--in-place" in refused.stderr and b"Traceback" not in refused.stderr
    assert (project / "cal.yaml").read_text() == CALENDAR
    done = _plan(project, "--backlog", "backlog.yaml", "--calendar", "cal.yaml", "--in-place")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    text = (project / "cal.yaml").read_text()
    assert text.startswith(CALENDAR) and "item-" in text


def test_skeleton_without_calendar(project: Path) -> None:
    done = _plan(project, "--brand", "acme", "--timezone", "Asia/Shanghai", "-o", "skeleton.yaml")
    assert done.returncode == 0, done.stderr.decode()
    text = (project / "skeleton.yaml").read_text()
    assert "id: slot-2024-W14-weibo-tue-1230" in text
    assert 'title: "<' in text and 'weibo Tue 12:30"' in text
    check = run_cli("check", "skeleton.yaml", "--rules", "rules.yaml", cwd=project)
    assert check.code == 0, check.stdout


def test_skeleton_placeholders_fit_a_short_max_title(project: Path) -> None:
    """xiaohongshu titles hold 20 characters: the placeholders there get a
    shorter form rather than leaving the platform empty."""
    (project / "rules.yaml").write_text(
        RULES.replace(
            "quiet_hours:",
            '  xiaohongshu: {slots: ["12:00", "20:00"], max_per_day: 1, max_title: 20}\n'
            "quiet_hours:",
        ),
        encoding="utf-8",
    )
    done = _plan(project, "--brand", "acme", "--timezone", "Asia/Shanghai", "-o", "s.yaml")
    assert done.returncode == 0, done.stderr.decode()
    text = (project / "s.yaml").read_text()
    assert "id: slot-2024-W14-xiaohongshu-" in text
    assert 'weibo Tue 12:30"' in text  # the full form where it fits
    check = run_cli("check", "s.yaml", "--rules", "rules.yaml", cwd=project)
    assert check.code == 0, check.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--week", "2024-W99"], "not an ISO week"),
        ([], "no brand"),
        (["--brand", "acme", "--timezone", "Mars/Olympus"], "unknown time zone"),
        (["--calendar", "missing.yaml"], "missing.yaml"),
        (["--backlog", "bad.yaml", "--calendar", "cal.yaml"], "bad.yaml:6"),
        (["--calendar", "cal.yaml", "--platforms", "myspace"], "unknown platform"),
        (["--calendar", "cal.yaml", "-o", "x.yaml", "--in-place"], "not one of brand xiaomi's"),
        (["--backlog", "backlog.yaml", "--whole"], "--whole copies the --calendar text"),
        (["--calendar", "cal.yaml", "--whole", "--in-place"], "drop --whole"),
        (["--calendar", "nowhere/"], "nowhere: no such file or folder"),
    ],
)
def test_bad_input_exits_2_with_a_place_and_no_traceback(
    project: Path, args: list[str], words: str
) -> None:
    (project / "bad.yaml").write_text(
        "version: 1\nitems:\n  - id: a\n    pillar: functional\n    title: A\n"
        "  - id: b\n    pillar: gossip\n    title: B\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "contentplan",
            "plan",
            "--week",
            "2024-W14",
            "--rules",
            "rules.yaml",
            *args,
        ],
        cwd=project,
        capture_output=True,
        timeout=120,
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert words in err and "Traceback" not in err


def test_infeasible_names_the_rules_in_conflict(project: Path) -> None:
    (project / "tight.yaml").write_text(
        RULES.replace("    max_per_day: 1\n", "    max_per_day: 1\n    min_per_week: 7\n")
    )
    (project / "few.yaml").write_text(
        "version: 1\nitems:\n"
        + "".join(
            f"  - {{id: w{n}, pillar: functional, title: W{n}, platforms: [wechat]}}\n"
            for n in range(3)
        )
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "contentplan",
            "plan",
            "--week",
            "2024-W14",
            "--rules",
            "tight.yaml",
            "--calendar",
            "cal.yaml",
            "--backlog",
            "few.yaml",
        ],
        cwd=project,
        capture_output=True,
        timeout=120,
    )
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "No schedule for 2024-W14 meets the rules" in err
    assert "wechat 2024-W14 needs at least 7 posts (min_per_week)" in err
    assert done.stdout == b""


def test_pinned_posts_that_already_break_a_rule_stop_the_plan(project: Path) -> None:
    (project / "broken.yaml").write_text(
        CALENDAR + "  - {id: pinned-2, at: 2024-04-02 13:00, platform: weibo, pillar: story,"
        " title: Too close}\n"
    )
    done = _plan(project, "--calendar", "broken.yaml")
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "pinned-1" in err and "pinned-2" in err and "[spacing]" in err
    assert "contentplan fix" in err


@pytest.mark.slow
def test_same_output_on_one_and_eight_workers(project: Path) -> None:
    one = _plan(project, "--backlog", "backlog.yaml", "--calendar", "cal.yaml", "--workers", "1")
    eight = _plan(project, "--backlog", "backlog.yaml", "--calendar", "cal.yaml", "--workers", "8")
    assert one.returncode == eight.returncode == 0
    assert one.stdout == eight.stdout


def test_time_limit_reached(project: Path) -> None:
    (project / "big.yaml").write_text(_backlog(60, seed=7))
    done = _plan(
        project,
        "--backlog",
        "big.yaml",
        "--calendar",
        "cal.yaml",
        "--weeks",
        "2",
        "--time-limit",
        "0.05",
        "-o",
        "out.yaml",
    )
    err = done.stderr.decode()
    if done.returncode == 0:
        assert "Optimality is not proven" in err
        assert (project / "out.yaml").exists()
    else:
        assert done.returncode == 1, err
        assert "No schedule found within the time limit" in err and "not proof" in err
        assert not (project / "out.yaml").exists()


def test_ctrl_c_exits_130_without_a_partial_file(project: Path) -> None:
    (project / "big.yaml").write_text(_backlog(300, seed=3))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "contentplan",
            "plan",
            "--week",
            "2024-W14",
            "--weeks",
            "13",
            "--rules",
            "rules.yaml",
            "--backlog",
            "big.yaml",
            "--calendar",
            "cal.yaml",
            "-o",
            "out.yaml",
        ],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert err.decode().strip().splitlines() == ["contentplan: interrupted"]
    assert not (project / "out.yaml").exists()
    assert not [name for name in os.listdir(project) if name.endswith(".tmp")]


def test_check_never_imports_ortools(project: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "contentplan",
            "check",
            "cal.yaml",
            "--rules",
            "rules.yaml",
        ],
        cwd=project,
        capture_output=True,
        timeout=120,
    )
    assert b"ortools" not in done.stderr


@pytest.mark.slow
def test_the_shipped_example_backlog_plans_the_week_after_the_calendar(tmp_path: Path) -> None:
    """The README's command, on copies of the shipped files: the Veloq backlog
    fills 2025-W16 after the example calendar, and the result passes check."""
    shipped = [
        "calendars/veloq-2025-spring.yaml",
        "rules/default.yaml",
        "backlogs/veloq-next-week.yaml",
    ]
    for name in shipped:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    done = run_cli(
        "plan",
        "--week",
        "2025-W16",
        "--backlog",
        "backlogs/veloq-next-week.yaml",
        "--calendar",
        "calendars/veloq-2025-spring.yaml",
        "--only-new",
        "-o",
        "calendars/veloq-2025-W16.yaml",
        cwd=tmp_path,
    )
    assert done.code == 0, done.stderr
    planned = yaml.safe_load((tmp_path / "calendars/veloq-2025-W16.yaml").read_text("utf-8"))
    assert planned["rules"] == "../rules/default.yaml" and "Note:" not in done.stderr
    backlog = yaml.safe_load((tmp_path / shipped[2]).read_text("utf-8"))
    items = {item["id"] for item in backlog["items"]}
    assert planned["posts"] and {post["id"] for post in planned["posts"]} <= items
    check = run_cli("check", "calendars/", "--format", "plain", cwd=tmp_path)
    assert check.code == 0, check.stdout + check.stderr
    assert "in 2 files" in check.stdout
    # --whole: the calendar's text with the new posts, written elsewhere: its
    # `rules:` line is rewritten to resolve from there, and checks alone.
    whole = run_cli(
        "plan", "--week", "2025-W16", "--backlog", "backlogs/veloq-next-week.yaml",
        "--calendar", "calendars/veloq-2025-spring.yaml", "--whole", "-o", "planned.yaml",
        cwd=tmp_path,
    )
    assert whole.code == 0, whole.stderr
    text = (tmp_path / "planned.yaml").read_text(encoding="utf-8")
    original = (ROOT / "calendars/veloq-2025-spring.yaml").read_text(encoding="utf-8")
    beside = original.replace("rules: ../rules/default.yaml", "rules: rules/default.yaml")
    assert text.startswith(beside) and text != beside
    assert run_cli("check", "planned.yaml", cwd=tmp_path).code == 0


@pytest.mark.slow
def test_verbose_prints_each_phase_with_its_time_and_values(project: Path) -> None:
    done = _plan(
        project, "--backlog", "backlog.yaml", "--calendar", "cal.yaml", "--weeks", "2", "-v",
        "-o", "out.yaml",
    )
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert re.search(r"^Search phases \(\d+\.\d\d s in all\):$", err, re.M), err
    assert re.search(r"^  first schedule +\d+\.\d\d s  total priority \d+, at most \d+", err, re.M)
    assert re.search(r"^  priority +\d+\.\d\d s  total priority \d+, at most \d+", err, re.M)
    assert re.search(r"^  spread and earliness +\d+\.\d\d s  \d+ same-pillar", err, re.M)
    assert re.search(r"^  tie-break +\d+\.\d\d s  (done|stopped)", err, re.M)
    check = run_cli("check", "out.yaml", "--rules", "rules.yaml", "--format", "plain", cwd=project)
    assert check.code == 0, check.stdout
