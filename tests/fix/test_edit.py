"""Rewriting `at:` values in place: only the moved posts' values change,
in their own quoting and form; aliases, merges and block scalars are
refused with the post named."""

from __future__ import annotations

import difflib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contentplan.core.clock import localize
from contentplan.core.model import Post, Where
from contentplan.io.edit import AtEdit, EditError, at_text, rewrite
from tests.fix.support import load, write

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")

RULES = """\
version: 1
platforms:
  weibo: {slots: ["09:00", "12:30", "20:00"]}
"""


def edit(post: Post, local: str, zone: ZoneInfo = SHANGHAI) -> AtEdit:
    when = datetime.fromisoformat(local)
    return AtEdit(post, when, localize(when, zone))


def a_post(local: datetime, zone: ZoneInfo = SHANGHAI) -> Post:
    return Post(
        id="p",
        instant=localize(local, zone),
        local=local,
        platform="weibo",
        pillar="story",
        title="t",
        where=Where("cal.yaml", 1, 1),
        brand="acme",
    )


def posts_of(
    tmp_path: Path, calendar: str, encoding: str = "utf-8"
) -> tuple[bytes, dict[str, Post]]:
    write(tmp_path, "rules.yaml", RULES)
    path = tmp_path / "cal.yaml"
    path.write_bytes(calendar.encode(encoding))
    brand = load(path, tmp_path / "rules.yaml")
    return path.read_bytes(), {post.id: post for post in brand.posts}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("2024-04-02 10:00", "2024-04-03 12:30", "2024-04-03 12:30"),
        ("2024-04-02T10:00", "2024-04-03 12:30", "2024-04-03T12:30"),
        ("2024-04-02 10:00:00", "2024-04-03 12:30", "2024-04-03 12:30:00"),
        ("2024-04-02 10:00+08:00", "2024-04-03 12:30", "2024-04-03 12:30+08:00"),
        ("2024-04-02T02:00Z", "2024-04-03 12:30", "2024-04-03T12:30+08:00"),
    ],
)
def test_the_new_value_keeps_the_old_form(old: str, new: str, expected: str) -> None:
    post = a_post(datetime(2024, 4, 2, 10))
    assert at_text(old, edit(post, new), SHANGHAI) == expected


def test_a_wall_clock_that_happens_twice_gets_its_offset() -> None:
    post = a_post(datetime(2025, 11, 1, 9), NEW_YORK)
    first = datetime(2025, 11, 2, 1, 30)
    instant = first.replace(tzinfo=NEW_YORK, fold=0).astimezone(ZoneInfo("UTC"))
    text = at_text("2025-11-01 09:00", AtEdit(post, first, instant), NEW_YORK)
    assert text == "2025-11-02 01:30-04:00"
    assert at_text("2025-11-01 09:00", edit(post, "2025-11-03 09:00", NEW_YORK), NEW_YORK) == (
        "2025-11-03 09:00"
    )


CALENDAR = """\
\ufeffversion: 1   # the BOM and CRLF line ends must survive
brand: acme
timezone: Asia/Shanghai
posts:
  # block posts, three quoting styles
  - id: plain
    at: 2024-04-02 10:00    # a trailing comment
    platform: weibo
    pillar: story
    title: 春季新品发布：轻薄本的十个细节
  - id: single
    at: '2024-04-02T11:00'
    platform: weibo
    pillar: functional
    title: 'It''s here'

  - id: double
    at: !!str "2024-04-02 13:00:00"
    platform: weibo
    pillar: trending
    title: "Double"
  - {id: flow, at: &when "2024-04-02 15:00", platform: weibo, pillar: story, title: 流}
"""


def test_only_the_moved_values_change(tmp_path: Path) -> None:
    data, posts = posts_of(tmp_path, CALENDAR.replace("\n", "\r\n"))
    edits = [
        edit(posts["plain"], "2024-04-03 09:00"),
        edit(posts["single"], "2024-04-03 12:30"),
        edit(posts["double"], "2024-04-04 20:00"),
        edit(posts["flow"], "2024-04-05 09:00"),
    ]
    out = rewrite(data, edits, SHANGHAI, "cal.yaml")
    assert out.startswith(b"\xef\xbb\xbf")
    old_lines = data.decode("utf-8").splitlines(keepends=True)
    new_lines = out.decode("utf-8").splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [
        (
            "    at: 2024-04-02 10:00    # a trailing comment\r\n",
            "    at: 2024-04-03 09:00    # a trailing comment\r\n",
        ),
        ("    at: '2024-04-02T11:00'\r\n", "    at: '2024-04-03T12:30'\r\n"),
        ('    at: !!str "2024-04-02 13:00:00"\r\n', '    at: !!str "2024-04-04 20:00:00"\r\n'),
        (
            '  - {id: flow, at: &when "2024-04-02 15:00", platform: weibo, pillar: story, '
            "title: 流}\r\n",
            '  - {id: flow, at: &when "2024-04-05 09:00", platform: weibo, pillar: story, '
            "title: 流}\r\n",
        ),
    ]
    # The rest of the file, byte for byte.
    diff = [line for line in difflib.ndiff(old_lines, new_lines) if line[:1] in "+-"]
    assert all("at:" in line for line in diff)


def test_no_final_newline_stays_so(tmp_path: Path) -> None:
    text = CALENDAR.rstrip("\n")
    data, posts = posts_of(tmp_path, text)
    out = rewrite(data, [edit(posts["flow"], "2024-04-05 09:00")], SHANGHAI, "cal.yaml")
    assert out.decode("utf-8").endswith("title: 流}")


ALIASED = """\
version: 1
brand: acme
timezone: Asia/Shanghai
posts:
  - &base
    id: a
    at: 2024-04-02 10:00
    platform: weibo
    pillar: story
    title: A
  - <<: *base
    id: b
    title: B
  - {id: c, at: &t "2024-04-02 20:00", platform: weibo, pillar: story, title: C}
  - {id: d, at: *t, platform: weibo, pillar: story, title: D}
  - {id: e, at: &lone "2024-04-03 20:00", platform: weibo, pillar: story, title: E}
"""


@pytest.mark.parametrize("name", ["a", "b", "c", "d"])
def test_a_shared_at_is_refused_naming_the_post(tmp_path: Path, name: str) -> None:
    data, posts = posts_of(tmp_path, ALIASED)
    with pytest.raises(EditError) as caught:
        rewrite(data, [edit(posts[name], "2024-04-04 09:00")], SHANGHAI, "cal.yaml")
    assert caught.value.post_id == name
    assert "alias" in str(caught.value) and str(caught.value).startswith(f"{name}: ")


def test_an_anchor_that_nothing_uses_is_no_obstacle(tmp_path: Path) -> None:
    data, posts = posts_of(tmp_path, ALIASED)
    out = rewrite(data, [edit(posts["e"], "2024-04-04 09:00")], SHANGHAI, "cal.yaml")
    assert b'at: &lone "2024-04-04 09:00"' in out


def test_a_block_scalar_is_refused(tmp_path: Path) -> None:
    text = """\
version: 1
brand: acme
timezone: Asia/Shanghai
posts:
  - id: a
    at: >-
      2024-04-02 10:00
    platform: weibo
    pillar: story
    title: A
"""
    data, posts = posts_of(tmp_path, text)
    with pytest.raises(EditError, match="one line"):
        rewrite(data, [edit(posts["a"], "2024-04-04 09:00")], SHANGHAI, "cal.yaml")
