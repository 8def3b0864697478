"""Backlog files (SPEC §5) in → Backlog and problems out (load/backlog.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from contentplan.core.model import Backlog, BacklogItem, Problem, Stamp
from contentplan.load.backlog import load_backlog

SPEC_EXAMPLE = """\
version: 1
brand: xiaomi
timezone: Asia/Shanghai
items:
  - id: su7-review            # required, unique
    pillar: functional        # required
    title: "SU7 review"       # required
    platforms: [douyin, weibo]  # optional: where it may go (default: any planning platform)
    format: video             # optional
    priority: 3               # optional, 1..5, default 1
    earliest: 2024-03-25      # optional date
    latest: 2024-03-31        # optional date
    campaign: su7-launch      # optional
    phase: launch             # optional
    topic: ai-phone           # optional
    expires: 2024-03-27 23:59 # optional instant
  - {id: plain, pillar: story, title: "Just a story"}
"""

HEAD = "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nitems:\n  - "
ITEM = '{id: i1, pillar: story, title: "A story"'


def load(tmp_path: Path, text: str) -> tuple[Backlog | None, list[Problem]]:
    path = tmp_path / "backlog.yaml"
    path.write_text(text, encoding="utf-8")
    return load_backlog(str(path), "backlog.yaml")


def test_the_spec_example(tmp_path: Path) -> None:
    backlog, problems = load(tmp_path, SPEC_EXAMPLE)
    assert problems == [] and backlog is not None
    assert (backlog.file, backlog.brand, backlog.timezone) == (
        "backlog.yaml", "xiaomi", "Asia/Shanghai",
    )
    review, plain = backlog.items
    assert review == BacklogItem(
        id="su7-review",
        pillar="functional",
        title="SU7 review",
        where=review.where,
        platforms=("douyin", "weibo"),
        format="video",
        priority=3,
        earliest=date(2024, 3, 25),
        latest=date(2024, 3, 31),
        campaign="su7-launch",
        phase="launch",
        topic="ai-phone",
        expires=Stamp(datetime(2024, 3, 27, 23, 59)),
    )
    assert (review.where.line, review.where.column) == (5, 5)
    assert plain.priority == 1 and plain.platforms is None and plain.earliest is None


def test_brand_and_timezone_may_be_left_out(tmp_path: Path) -> None:
    backlog, problems = load(tmp_path, "version: 1\nitems:\n  - " + ITEM + "}\n")
    assert problems == [] and backlog is not None
    assert backlog.brand is None and backlog.timezone is None


@pytest.mark.parametrize(
    "extra, words",
    [
        (", priority: 0", "from 1 to 5"),
        (", priority: 6", "from 1 to 5"),
        (", priority: high", "not a whole number"),
        (", earliest: 2024-03-31, latest: 2024-03-25", "before earliest"),
        (", earliest: 2024-02-30", "February 2024 has 29 days"),
        (", latest: '2024-03-01 10:00'", "not a date"),
        (", expires: 2024-03-01", "not a date and time"),
        (", expires: '2024-03-01 24:00'", "24:00"),
        (", platforms: []", "platforms is empty"),
        (", platforms: [weibo, weibo]", "twice"),
        (", format: vidoe", "Did you mean 'video'?"),
        (", phase: launch", "needs a campaign"),
        (", campaign: c, phase: lunch", "Did you mean 'launch'?"),
        (", pilar: story", "Did you mean 'pillar'?"),
        (", title: ''", "title is empty"),
    ],
)
def test_item_problems(tmp_path: Path, extra: str, words: str) -> None:
    item = ITEM.replace(', title: "A story"', "") if "title" in extra else ITEM
    text = HEAD + item
    backlog, problems = load(tmp_path, text + extra + "}\n")
    assert problems and words in problems[0].message, problems
    assert problems[0].post_id == "i1"
    assert backlog is not None and backlog.items == ()


def test_one_platform_without_a_list_is_fine(tmp_path: Path) -> None:
    backlog, problems = load(tmp_path, HEAD + ITEM + ", platforms: weibo}\n")
    assert problems == [] and backlog is not None
    assert backlog.items[0].platforms == ("weibo",)


@pytest.mark.parametrize("key", ["id", "pillar", "title"])
def test_required_keys(tmp_path: Path, key: str) -> None:
    fields = {"id": "i1", "pillar": "story", "title": "x"}
    del fields[key]
    item = "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"
    _, problems = load(tmp_path, HEAD + item + "\n")
    assert [p.message for p in problems] == [f"the backlog item has no '{key}:': add it"]


@pytest.mark.parametrize(
    ("items", "where"),
    [
        (f"&i {ITEM}}}\n  - *i\n", "(the item on line 5, repeated through an alias): write "
         "the second item out in full with its own id instead of the alias"),
        (f"{ITEM}}}\n  - {ITEM}}}\n", "(line 5 and line 6): give each item its own id"),
    ],
)
def test_duplicate_item_ids_through_an_alias(tmp_path: Path, items: str, where: str) -> None:
    _, problems = load(tmp_path, HEAD + items)
    assert [p.message for p in problems] == [f"the item id 'i1' is used twice in this file {where}"]


def test_ids_are_unique_and_well_formed(tmp_path: Path) -> None:
    text = HEAD + ITEM + "}\n  - " + ITEM + "}\n  - " + ITEM.replace("i1", "'a b'") + "}\n"
    backlog, problems = load(tmp_path, text)
    assert "used twice" in problems[0].message and "line 5 and line 6" in problems[0].message
    assert "letters, digits" in problems[1].message
    assert backlog is not None and [item.id for item in backlog.items] == ["i1"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("version: 1\nitems: {a: 1}\n", "items must be a list"),
        ("version: 1\n", "no 'items:'"),
        ("version: 1\nitem: []\nitems: []\n", "Did you mean 'items'?"),
        ("version: 1\ntimezone: Asia/Shangai\nitems: []\n", "Did you mean 'Asia/Shanghai'?"),
        ("items: []\n", "'version: 1'"),
        ("version: 1\nitems:\n  - just text\n", "must be a mapping"),
    ],
)
def test_top_level_problems(tmp_path: Path, text: str, words: str) -> None:
    _, problems = load(tmp_path, text)
    assert problems and words in problems[0].message, problems


def test_an_unreadable_backlog(tmp_path: Path) -> None:
    backlog, problems = load_backlog(str(tmp_path / "none.yaml"), "none.yaml")
    assert backlog is None and "not found" in problems[0].message
