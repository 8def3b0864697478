"""Ctrl-C during a long `fix --in-place` (SPEC §5.2, §6): exit 130, one line
on stderr, no traceback, the calendar unchanged, no temporary file left.

The delays only aim the signal at a phase (reading, building, solving);
nothing asserts how long anything takes."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "18:00", "21:00"], max_per_day: 3, min_gap: 2h, min_per_week: 5}
  douyin: {slots: ["12:00", "18:00", "21:00"], max_per_day: 2, min_gap: 3h}
  wechat: {slots: ["20:30"], max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
"""


def heavy_calendar(folder: Path) -> Path:
    """Twelve weeks, three platforms, about 500 posts, one in seven off its
    slot (some in the quiet hours): with --across-weeks a long search."""
    rng = random.Random(7)
    (folder / "rules.yaml").write_text(RULES, encoding="utf-8")
    lines = ["version: 1", "brand: heavy", "timezone: Asia/Shanghai", "rules: rules.yaml", "posts:"]
    pillars = ["functional"] * 5 + ["story"] * 3 + ["trending"] * 2
    n = 0
    for offset in range(7 * 12):
        day = date(2024, 4, 1) + timedelta(days=offset)
        for platform, times in (
            ("weibo", ["09:00", "12:30", "18:00"]),
            ("douyin", ["12:00", "21:00"]),
            ("wechat", ["20:30"]),
        ):
            for clock in times:
                if rng.random() < 0.15:
                    clock = rng.choice(["02:00", "10:00", "13:00", "19:00"])
                lines.append(
                    f"  - {{id: p{n:04d}, at: {day} {clock}, platform: {platform}, "
                    f"pillar: {rng.choice(pillars)}, title: T{n}}}"
                )
                n += 1
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("after", [1.0, 3.0, 6.0])
def test_ctrl_c_leaves_the_calendar_as_it_was(tmp_path: Path, after: float) -> None:
    calendar = heavy_calendar(tmp_path)
    original = calendar.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "contentplan", "fix", "big.yaml", "--across-weeks", "--in-place"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(after)
    assert process.poll() is None, "fix ended before the signal: make the calendar heavier"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err.decode().strip() == "contentplan: interrupted"
    assert calendar.read_bytes() == original
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
