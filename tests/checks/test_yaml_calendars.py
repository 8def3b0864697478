"""A YAML calendar in, violations out: the checks on what the loader builds.

Rules come from the factory (the rules loader is tested on its own); the
calendar is real YAML read by ``load_calendar``, so lines, columns, local
times and ``ignore:`` are the loader's."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentplan.checks.engine import run_checks
from contentplan.core.model import Brand, Rules, Violation
from tests.factory import blackout, rules

loader = pytest.importorskip("contentplan.load.calendar")

HEADER = "version: 1\nbrand: edge\ntimezone: Europe/Berlin\nposts:\n"
NO_MIX = rules(
    platforms={
        "linkedin": {"min_gap": "3h", "max_per_week": 8},
        "x": {"quiet_hours": ("23:00", "06:00")},
        "facebook": {"max_per_week": 4},
    },
    blackouts=[blackout("2025-03-27", "2025-03-27", platforms=["facebook"])],
    max_age="24h",
    severity={"mix": "off", "mix-brand": "off", "role-fit": "off"},
)


def check_yaml(tmp_path: Path, posts: str, with_rules: Rules = NO_MIX) -> list[Violation]:
    path = tmp_path / "calendar.yaml"
    path.write_text(HEADER + posts, encoding="utf-8")
    calendar, problems = loader.load_calendar(str(path), "calendar.yaml")
    assert problems == [] and calendar is not None
    brand = Brand(
        name=calendar.brand,
        timezone=calendar.timezone,
        rules=with_rules,
        posts=tuple(sorted(calendar.posts, key=lambda p: p.sort_key)),
        calendars=(calendar,),
    )
    return run_checks([brand])


def found(violations: list[Violation]) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(v.check, v.line, v.post_ids) for v in violations]


def test_spacing_points_at_the_earlier_post_line(tmp_path: Path) -> None:
    violations = check_yaml(
        tmp_path,
        '  - {id: e01, at: "2025-03-24 09:00", platform: linkedin, pillar: functional, title: a}\n'
        '  - {id: e03, at: "2025-03-24 14:59", platform: linkedin, pillar: story, title: c}\n'
        '  - {id: e02, at: "2025-03-24 12:00", platform: linkedin, pillar: story, title: b}\n',
    )
    assert found(violations) == [("spacing", 7, ("e02", "e03"))]
    assert violations[0].column == 5
    assert violations[0].file == "calendar.yaml"


def test_ignore_in_block_style(tmp_path: Path) -> None:
    violations = check_yaml(
        tmp_path,
        "  - id: x1\n"
        "    at: 2025-03-25 23:00\n"
        "    platform: x\n"
        "    pillar: story\n"
        "    title: late\n"
        "    ignore: [quiet-hours]\n"
        "  - id: x2\n"
        "    at: 2025-03-26 05:59\n"
        "    platform: x\n"
        "    pillar: story\n"
        "    title: early\n",
    )
    assert found(violations) == [("quiet-hours", 11, ("x2",))]


def test_blackout_day_and_a_week_edge_where_utc_disagrees(tmp_path: Path) -> None:
    violations = check_yaml(
        tmp_path,
        '  - {id: f1, at: "2025-03-26 23:59", platform: facebook, pillar: story, title: a}\n'
        '  - {id: f2, at: "2025-03-27 00:00", platform: facebook, pillar: story, title: b}\n'
        '  - {id: f3, at: "2025-03-28 00:00", platform: facebook, pillar: story, title: c}\n'
        '  - {id: f4, at: "2025-03-30 23:59", platform: facebook, pillar: story, title: d}\n'
        # Monday 00:30 in Berlin is Sunday 22:30 UTC: week 14, so W13 holds 4.
        '  - {id: f5, at: "2025-03-31 00:30", platform: facebook, pillar: story, title: e}\n',
    )
    assert found(violations) == [("blackout", 6, ("f2",))]


def test_offsets_and_expiry(tmp_path: Path) -> None:
    # 09:00Z is 10:00 in Berlin (CET); it expires at 10:00 local: fine.
    violations = check_yaml(
        tmp_path,
        '  - {id: a, at: "2025-03-28 09:00Z", platform: x, pillar: story, title: a,'
        ' expires: "2025-03-28 10:00"}\n'
        '  - {id: b, at: "2025-03-28 09:01Z", platform: x, pillar: story, title: b,'
        ' expires: "2025-03-28 10:00"}\n',
    )
    assert found(violations) == [("stale-trend", 6, ("b",))]


def test_mix_on_a_yaml_week(tmp_path: Path) -> None:
    posts = "".join(
        f'  - {{id: p{i}, at: "2025-03-2{4 + i} 09:00", platform: weibo, pillar: story,'
        f" title: t{i}}}\n"
        for i in range(3)
    )
    violations = check_yaml(tmp_path, posts, rules())
    assert [(v.check, v.window, v.actual) for v in violations] == [
        ("mix", "2025-W13", {"functional": 0, "story": 3, "trending": 0}),
        ("mix-brand", "2025-W13", {"functional": 0, "story": 3, "trending": 0}),
    ]
    assert violations[0].line == 5
