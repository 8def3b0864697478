"""The output is the --calendar text unchanged, byte for byte, with the new
posts appended to its posts: list; whatever the list's style, the line ends,
a BOM or a missing final newline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contentplan.io.emit import append_posts, fresh_calendar
from contentplan.load.calendar import load_calendar
from contentplan.plan.problem import Placement, PlanItem, Slot

SLOT = Slot("weibo", datetime(2024, 4, 2, 12, 30), datetime(2024, 4, 2, 4, 30, tzinfo=UTC))
NEW = [
    Placement(
        PlanItem(
            id="su7-review",
            pillar="story",
            title='He said "hi" \\ 新品',
            format="video",
            campaign="su7",
            phase="launch",
            topic="cars",
            expires_text="2024-04-03 23:59",
        ),
        SLOT,
    ),
    Placement(PlanItem(id="yes", pillar="functional", title="no"), SLOT),
]

HEAD = "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\n"
CALENDARS = {
    "block": HEAD
    + "posts:\n  - id: p1\n    at: 2024-04-01 09:00\n    platform: weibo\n    pillar: story\n"
    + "    title: t  # a comment\n\n  # a trailing comment\nrules: rules.yaml\n",
    "indentless": HEAD
    + "posts:\n- id: p1\n  at: 2024-04-01 09:00\n  platform: weibo\n  pillar: story\n  title: t\n",
    "flow items": HEAD
    + "posts:\n  - {id: p1, at: 2024-04-01 09:00, platform: weibo, pillar: story, title: t}\n"
    + "  - {id: p2, at: 2024-04-01 12:00,\n     platform: weibo, pillar: story, title: t}\n",
    "empty flow": HEAD + "posts: []\n",
    "flow": HEAD + "posts: [{id: p1, at: 2024-04-01 09:00, platform: weibo, pillar: story,"
    " title: t}, ]  # end\n",
    "empty": HEAD + "posts:\n",
    "empty, then more keys": "version: 1\nposts:\nbrand: acme\ntimezone: Asia/Shanghai\n",
    "no newline at end": HEAD
    + "posts:\n  - id: p1\n    at: 2024-04-01 09:00\n"
    + "    platform: weibo\n    pillar: story\n    title: t",
    "block scalar last": HEAD
    + "posts:\n  - id: p1\n    at: 2024-04-01 09:00\n"
    + "    platform: weibo\n    pillar: story\n    title: t\n    notes: |\n      one\n      two\n",
}


def _split(original: bytes, out: bytes) -> bytes:
    """The inserted bytes, asserting that the rest is the original unchanged."""
    prefix = 0
    while prefix < len(original) and original[prefix] == out[prefix]:
        prefix += 1
    suffix = len(original) - prefix
    assert out[len(out) - suffix :] == original[prefix:]
    assert out[:prefix] == original[:prefix]
    return out[prefix : len(out) - suffix]


@pytest.mark.parametrize("name", sorted(CALENDARS))
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("crlf", [False, True])
def test_new_posts_are_appended_and_nothing_else_changes(
    tmp_path, name: str, bom: bool, crlf: bool
) -> None:  # type: ignore[no-untyped-def]
    text = CALENDARS[name].replace("\n", "\r\n") if crlf else CALENDARS[name]
    original = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    out = append_posts(original, NEW)
    inserted = _split(original, out)
    assert b"su7-review" in inserted
    if crlf:
        assert b"\n" not in inserted.replace(b"\r\n", b"")
    path = tmp_path / "out.yaml"
    path.write_bytes(out)
    calendar, problems = load_calendar(str(path), "out.yaml")
    assert calendar is not None
    assert not [p for p in problems if "rules" not in p.message], problems
    ids = [post.id for post in calendar.posts]
    assert ids[-2:] == ["su7-review", "yes"]
    review = calendar.posts[-2]
    assert review.title == 'He said "hi" \\ 新品'
    assert (review.format, review.campaign, review.phase, review.topic) == (
        "video",
        "su7",
        "launch",
        "cars",
    )
    assert review.local == datetime(2024, 4, 2, 12, 30)
    assert review.expires is not None


def test_nothing_to_add_leaves_the_bytes_alone() -> None:
    original = b"\xef\xbb\xbf" + CALENDARS["flow"].encode()
    assert append_posts(original, []) == original


def test_fresh_calendar(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fresh.yaml"
    path.write_text(fresh_calendar("acme", "Asia/Shanghai", NEW), encoding="utf-8")
    calendar, problems = load_calendar(str(path), "fresh.yaml")
    assert calendar is not None and not problems
    assert [p.id for p in calendar.posts] == ["su7-review", "yes"]
    path.write_text(fresh_calendar("acme", "Asia/Shanghai", []), encoding="utf-8")
    calendar, problems = load_calendar(str(path), "fresh.yaml")
    assert calendar is not None and not problems and not calendar.posts
