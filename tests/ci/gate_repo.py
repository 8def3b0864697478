"""A small calendar repository for the CLI gate and pre-commit tests.

Rules switch the mix checks off, so that each test controls exactly which
violations exist: `spacing` (w1 and w2 one hour apart, min_gap 2h) and, when
asked, `quiet-hours` (a post at 02:00) and `duplicate` (a warning)."""

from __future__ import annotations

from pathlib import Path

RULES = """\
version: 1
platforms:
  weibo:
    slots: ["09:00", "12:30", "20:00"]
    min_gap: 2h
quiet_hours: {from: "00:30", to: "07:00"}
severity: {mix: off, mix-brand: off, role-fit: off, cadence: off}
"""

HEADER = """\
version: 1
brand: volta
timezone: Asia/Shanghai
rules: ../rules/default.yaml
posts:
"""

W1 = '  - {id: w1, at: "2025-03-03 09:00", platform: weibo, pillar: story, title: "Spring ride"}\n'
W2 = (
    '  - {id: w2, at: "2025-03-03 10:00", platform: weibo, pillar: functional, title: "V9 specs"}\n'
)
W3 = (
    '  - {id: w3, at: "2025-03-05 12:30", platform: weibo, pillar: functional, title: "Charging"}\n'
)
LATE = '  - {id: w4, at: "2025-03-06 02:00", platform: weibo, pillar: story, title: "Night ride"}\n'
TWIN = '  - {id: w5, at: "2025-03-07 20:00", platform: weibo, pillar: story, title: "Charging"}\n'
CLEAN_W2 = W2.replace("10:00", "12:30")


def calendar(*posts: str, comments: int = 0) -> str:
    """A calendar with the given post lines; `comments` lines pushed above them."""
    return "".join(f"# note {n}\n" for n in range(comments)) + HEADER + "".join(posts)


def make_repo(root: Path, *posts: str) -> Path:
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "calendars").mkdir(exist_ok=True)
    (root / "rules" / "default.yaml").write_text(RULES, encoding="utf-8")
    write_calendar(root, calendar(*(posts or (W1, W2, W3))))
    return root


def write_calendar(root: Path, text: str) -> Path:
    path = root / "calendars" / "volta.yaml"
    path.write_text(text, encoding="utf-8")
    return path
