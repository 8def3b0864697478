"""Violations of every check, as the engine would hand them to a renderer.

The renderers are pure functions of violations, so their tests build
violations directly; the CLI tests (test_cli_gate.py) go through real files."""

from __future__ import annotations

from contentplan.core.model import Violation
from contentplan.render.ruledocs import RuleDoc, rule_doc

MAIN = "calendars/xiaomi.yaml"
OTHER = "calendars/xiaomi-douyin.yaml"
CLEAN = "calendars/clean.yaml"

CHECKS = (
    "schema",
    "mix",
    "mix-brand",
    "cadence",
    "spacing",
    "quiet-hours",
    "blackout",
    "format",
    "title-length",
    "campaign-phase",
    "stale-trend",
    "duplicate",
    "role-fit",
)
WARNINGS = {"duplicate", "role-fit"}

RULE_DOCS: list[RuleDoc] = [
    rule_doc(
        name,
        f"Finds {name} problems in a calendar. It says what to change.\n\n"
        f"Failing example::\n\n    posts: [{name}]\n",
        "warning" if name in WARNINGS else "error",
    )
    for name in CHECKS
]

WEEK = [f"w{n:02d}" for n in range(1, 11)]


def violation(check: str, line: int, post_ids: tuple[str, ...] = (), **fields: object) -> Violation:
    values: dict[str, object] = {
        "check": check,
        "severity": "warning" if check in WARNINGS else "error",
        "file": MAIN,
        "line": line,
        "column": 5,
        "message": f"{check} is broken here: fix it",
        "brand": "xiaomi",
        "platform": "weibo",
        "window": "2024-W13",
        "post_ids": post_ids,
    }
    values.update(fields)
    return Violation(**values)  # type: ignore[arg-type]


def every_check() -> list[Violation]:
    """One violation of each check (two of spacing), across two files."""
    return [
        violation(
            "mix",
            7,
            tuple(WEEK),
            message="weibo 2024-W13: functional 2 of 10 posts, needs 5..7 (6:2:2 ±10%): "
            "turn 3 story posts into functional ones, or add functional posts",
            expected={"functional": (5, 7), "story": (1, 3), "trending": (1, 3)},
            actual={"functional": 2, "story": 6, "trending": 2},
        ),
        violation(
            "mix-brand",
            7,
            tuple(WEEK),
            platform=None,
            message="xiaomi 2024-W13: story 6 of 10 posts, needs 2..4 (5:3:2 ±10%)",
            expected={"functional": (4, 6), "story": (2, 4), "trending": (1, 3)},
            actual={"functional": 2, "story": 6, "trending": 2},
        ),
        violation("cadence", 12, ("w03", "w04", "w05", "w06", "w07"), message="5 posts on Tue"),
        violation("spacing", 12, ("w03", "w04"), message="w04 is 30m after w03: keep 2h"),
        violation("spacing", 15, ("w04", "w05"), message="w05 is 1h after w04: keep 2h"),
        violation("quiet-hours", 20, ("w06",), message="w06 at 01:00 is in quiet hours"),
        violation("blackout", 23, ("w07",), message="w07 is in the crisis freeze"),
        violation("format", 26, ("w08",), message="weibo takes no short-video"),
        violation("title-length", 29, ("w09",), message="title is 2001 code points, max 2000"),
        violation("campaign-phase", 32, ("w10",), message="teaser after launch"),
        violation("stale-trend", 35, ("w10",), message="topic world-cup is 49h old"),
        violation("duplicate", 38, ("w01", "w02"), message="same title '小米 SU7' twice in 7 days"),
        violation(
            "role-fit",
            3,
            (),
            file=OTHER,
            platform="douyin",
            window=None,
            message="douyin (entertainment) mostly posts functional: post more story",
        ),
        violation(
            "schema",
            9,
            ("d01",),
            file=OTHER,
            platform=None,
            window=None,
            message="unknown key 'titel' (did you mean 'title'?)",
        ),
    ]
