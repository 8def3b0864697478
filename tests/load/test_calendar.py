"""Calendar files (SPEC §2) in → Calendar and problems out (load/calendar.py)."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentplan.core import clock
from contentplan.core.model import Calendar, Campaign, Post, Problem, Rules, Stamp
from contentplan.load.calendar import (
    KeyWheres,
    _CalendarReader,
    check_references,
    load_calendar,
    resolve_text,
)
from contentplan.load.compose import parse_text
from contentplan.load.nodes import MapNode
from contentplan.load.rules import load_rules
from tests.conftest import SHARED

HEAD = "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\n"
GOOD = '{id: a1, at: "2024-03-01 20:00", platform: weibo, pillar: functional, title: "Hi"}'


def load(
    tmp_path: Path, text: str, name: str = "cal.yaml"
) -> tuple[Calendar | None, list[Problem]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_calendar(str(path), name)


def one_post(tmp_path: Path, post: str, head: str = HEAD) -> tuple[Calendar | None, list[Problem]]:
    return load(tmp_path, head + "posts:\n  - " + post + "\n")


def messages(problems: list[Problem]) -> str:
    return "\n".join(p.message for p in problems)


# -- a good calendar -----------------------------------------------------------


def test_a_good_calendar(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    text = (
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nrules: rules/acme.yaml\nposts:\n"
        "  - id: su7-teaser-01\n"
        "    at: 2024-03-01 20:00\n"
        "    platform: weibo\n"
        "    pillar: functional\n"
        '    title: "SU7 motor deep-dive"\n'
        "    format: video\n"
        "    campaign: su7-launch\n"
        "    phase: teaser\n"
        "    topic: world-cup-2022\n"
        "    expires: 2024-03-02 23:59\n"
        "    status: draft\n"
        '    notes: "free text"\n'
        "    ignore: [spacing, quiet-hours]\n"
        "  - " + GOOD + "\n"
    )
    calendar, problems = load(tmp_path, text)
    assert problems == []
    assert calendar is not None
    assert (calendar.file, calendar.brand) == ("cal.yaml", "acme")
    assert calendar.timezone == "Asia/Shanghai"
    assert calendar.path == str(tmp_path / "cal.yaml")
    assert calendar.rules_ref == str(tmp_path / "rules" / "acme.yaml")
    assert (calendar.posts_where.line, calendar.posts_where.column) == (5, 1)
    first, second = calendar.posts
    assert first == Post(
        id="su7-teaser-01",
        instant=datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
        local=datetime(2024, 3, 1, 20, 0),
        platform="weibo",
        pillar="functional",
        title="SU7 motor deep-dive",
        where=first.where,
        brand="acme",
        format="video",
        campaign="su7-launch",
        phase="teaser",
        topic="world-cup-2022",
        expires=datetime(2024, 3, 2, 15, 59, tzinfo=UTC),
        status="draft",
        notes="free text",
        ignore=frozenset({"spacing", "quiet-hours"}),
    )
    assert (first.where.line, first.where.column) == (6, 5)
    assert second.status == "scheduled" and second.format is None and second.ignore == frozenset()
    assert (second.where.line, second.where.column) == (19, 5)


def test_rules_path_is_resolved_from_the_calendar_folder(tmp_path: Path) -> None:
    (tmp_path / "calendars").mkdir()
    calendar, _ = load(tmp_path, HEAD + "rules: ../rules/x.yaml\nposts: []\n", "calendars/c.yaml")
    assert calendar is not None
    assert calendar.rules_ref == str(tmp_path / "rules" / "x.yaml")
    assert os.path.isabs(calendar.rules_ref)


def test_values_are_read_as_text(tmp_path: Path) -> None:
    calendar, problems = one_post(
        tmp_path,
        '{id: a1, at: "2024-03-01 20:00", platform: weibo, pillar: functional, title: 12:30, '
        "notes: 0.10, topic: off}",
    )
    assert problems == [] and calendar is not None
    post = calendar.posts[0]
    assert (post.title, post.notes, post.topic) == ("12:30", "0.10", "off")


def test_key_wheres_point_at_each_value_so_fix_can_rewrite_it(tmp_path: Path) -> None:
    text = HEAD + "posts:\n  - id: a1\n    at: 2024-03-01 20:00\n    platform: weibo\n" \
        "    pillar: functional\n    title: Hi\n  - " + GOOD.replace("a1", "a2") + "\n"
    calendar, problems = load(tmp_path, text)
    assert problems == [] and calendar is not None
    for post, quoted in zip(calendar.posts, (False, True), strict=True):
        where = post.keys["at"]
        written = text[where.start : where.end]
        assert written == ('"2024-03-01 20:00"' if quoted else "2024-03-01 20:00")
        assert text.splitlines()[where.line - 1][where.column - 1 :].startswith(written)
        assert set(post.keys) == {"id", "at", "platform", "pillar", "title"}
    assert isinstance(calendar.posts[0].keys, KeyWheres)
    with pytest.raises(KeyError):
        calendar.posts[0].keys["format"]


def test_offsets_are_converted_to_the_calendar_zone(tmp_path: Path) -> None:
    post_text = GOOD.replace("2024-03-01 20:00", "2024-03-01T12:00:30Z")
    calendar, problems = one_post(tmp_path, post_text)
    assert problems == [] and calendar is not None
    post = calendar.posts[0]
    assert post.local == datetime(2024, 3, 1, 20, 0, 30)
    assert post.instant == datetime(2024, 3, 1, 12, 0, 30, tzinfo=UTC)
    calendar, _ = one_post(tmp_path, GOOD.replace("2024-03-01 20:00", "2024-03-01 09:00-03:00"))
    assert calendar is not None and calendar.posts[0].local == datetime(2024, 3, 1, 20, 0)


def test_posts_may_be_empty(tmp_path: Path) -> None:
    for posts in ("posts:\n", "posts: []\n"):
        calendar, problems = load(tmp_path, HEAD + posts)
        assert problems == [] and calendar is not None and calendar.posts == ()


# -- problems at the top ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words, line",
    [
        ("brand: a\ntimezone: UTC\nposts: []\n", "'version: 1'", 1),
        ("version: 2\nbrand: a\ntimezone: UTC\nposts: []\n", "only version 1", 1),
        ("version: 1\ntimezone: UTC\nposts: []\n", "no 'brand:'", 1),
        ("version: 1\nbrand:\ntimezone: UTC\nposts: []\n", "brand has no value", 2),
        ("version: 1\nbrand: a\nposts: []\n", "no 'timezone:'", 1),
        ("version: 1\nbrand: a\ntimezone: UTC\n", "no 'posts:'", 1),
        ("version: 1\nbrand: a\ntimezone: UTC\nposts: {a: 1}\n", "posts must be a list", 4),
        ("version: 1\nbrand: a\ntimezone: UTC\nposts: everything\n", "posts must be a list", 4),
        ("version: 1\nbrand: a\ntimezone: UTC\nposts: []\npost: []\n", "Did you mean 'posts'", 5),
        ("version: 1\nbrand: a\ntimezone: UTC\nrules: [a]\nposts: []\n", "single value", 4),
    ],
)
def test_top_level_problems(tmp_path: Path, text: str, words: str, line: int) -> None:
    _, problems = load(tmp_path, text)
    assert len(problems) == 1, problems
    assert words in problems[0].message and problems[0].line == line


def test_version_may_be_quoted(tmp_path: Path) -> None:
    _, problems = load(tmp_path, 'version: "1"\nbrand: a\ntimezone: UTC\nposts: []\n')
    assert problems == []


@pytest.mark.parametrize(
    "zone, hint",
    [
        ("Asia/Shangai", "Did you mean 'Asia/Shanghai'?"),
        ("asia/shanghai", "Did you mean 'Asia/Shanghai'?"),
        ("Europe/Berln", "Did you mean 'Europe/Berlin'?"),
        ("America", ""),
        ("Mars/Olympus_Mons", ""),
    ],
)
def test_unknown_time_zone_with_a_suggestion(tmp_path: Path, zone: str, hint: str) -> None:
    calendar, problems = load(tmp_path, f"version: 1\nbrand: a\ntimezone: '{zone}'\nposts: []\n")
    assert calendar is None
    assert "unknown time zone" in problems[0].message and hint in problems[0].message
    assert problems[0].line == 3


@pytest.mark.parametrize("zone", ["../../etc/passwd", "localtime", "right/Asia/Shanghai"])
def test_a_zone_that_depends_on_the_machine_is_refused(tmp_path: Path, zone: str) -> None:
    calendar, problems = load(tmp_path, f"version: 1\nbrand: a\ntimezone: '{zone}'\nposts: []\n")
    assert calendar is None
    assert problems[0].message.startswith(f"time zone '{zone}' is not an IANA name")
    assert problems[0].line == 3


# -- problems in posts ---------------------------------------------------------------


@pytest.mark.parametrize("key", ["id", "at", "platform", "pillar", "title"])
def test_each_required_key(tmp_path: Path, key: str) -> None:
    fields = {"id": "a1", "at": '"2024-03-01 20:00"', "platform": "weibo",
              "pillar": "functional", "title": "Hi"}
    del fields[key]
    post = "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"
    calendar, problems = one_post(tmp_path, post)
    assert [p.message for p in problems] == [f"the post has no '{key}:': add it"]
    assert problems[0].line == 5 and problems[0].post_id == (None if key == "id" else "a1")
    assert calendar is not None and calendar.posts == ()


def test_unknown_key_suggests_and_is_not_also_missing(tmp_path: Path) -> None:
    _, problems = one_post(tmp_path, GOOD.replace("pillar:", "pilar:"))
    assert len(problems) == 1
    assert "unknown key 'pilar'" in problems[0].message
    assert "Did you mean 'pillar'?" in problems[0].message
    assert (problems[0].line, problems[0].column, problems[0].post_id) == (5, 55, "a1")


@pytest.mark.parametrize("post_id", ["a b", "naïve", "a/b", "'x:y'", "''"])
def test_bad_ids(tmp_path: Path, post_id: str) -> None:
    _, problems = one_post(tmp_path, GOOD.replace("id: a1", f"id: {post_id}"))
    assert len(problems) == 1
    assert "letters, digits" in problems[0].message or "no value" in problems[0].message


SECOND = GOOD.replace("20:00", "21:00")


@pytest.mark.parametrize(
    ("posts", "where", "line"),
    [
        # Two posts on two lines: both lines named.
        (f"\n  - {GOOD}\n  - {SECOND}\n", "(line 5 and line 6): give each post its own id", 6),
        # Two posts in one flow list on one line: not "line 4 and line 4".
        (f" [{GOOD}, {SECOND}]\n", "(both on line 4): give each post its own id", 4),
        # An alias repeats the very same post: one line, and the fix for an alias.
        (
            f"\n  - &p {GOOD}\n  - *p\n",
            "(the post on line 5, repeated through an alias): write the second post out in "
            "full with its own id instead of the alias",
            5,
        ),
    ],
)
def test_duplicate_ids_name_the_lines(tmp_path: Path, posts: str, where: str, line: int) -> None:
    calendar, problems = load(tmp_path, HEAD + "posts:" + posts)
    assert [p.message for p in problems] == [f"the post id 'a1' is used twice in this file {where}"]
    assert (problems[0].line, problems[0].post_id) == (line, "a1")
    assert calendar is not None


@pytest.mark.parametrize("title", ['""', '"   "', "''"])
def test_empty_title(tmp_path: Path, title: str) -> None:
    _, problems = one_post(tmp_path, GOOD.replace('"Hi"', title))
    assert [p.message for p in problems] == ["the title is empty: write the post's title"]


def test_title_without_value(tmp_path: Path) -> None:
    _, problems = one_post(tmp_path, GOOD.replace('"Hi"', ""))
    assert [p.message for p in problems] == ["title has no value: write one"]


def test_non_text_value(tmp_path: Path) -> None:
    _, problems = one_post(tmp_path, GOOD.replace('"Hi"', "[a, b]"))
    assert [p.message for p in problems] == ["title must be a single value, not a list"]


@pytest.mark.parametrize(
    "extra, words",
    [
        ("format: vidoe", "Did you mean 'video'?"),
        ("format: reel", "not one of: text, image, video"),
        ("status: schedule", "Did you mean 'scheduled'?"),
        ("status: done", "draft, scheduled, published"),
        ("campaign: c, phase: teasr", "Did you mean 'teaser'?"),
        ("phase: teaser", "needs a campaign"),
        ("expires: tomorrow", "'tomorrow' is not a date and time"),
        ("ignore: [mix]", "judges a group of posts"),
        ("ignore: [mix-brand, cadence, role-fit]", "judges a group of posts"),
        ("ignore: [spacng]", "Did you mean 'spacing'?"),
        ("ignore: spacing", ""),
        ("ignore: {a: 1}", "must be a list"),
    ],
)
def test_bad_optional_values(tmp_path: Path, extra: str, words: str) -> None:
    calendar, problems = one_post(tmp_path, GOOD[:-1] + ", " + extra + "}")
    if not words:
        assert problems == [] and calendar is not None
        assert calendar.posts[0].ignore == frozenset({"spacing"})
        return
    assert problems and words in problems[0].message, problems
    assert all(p.post_id == "a1" for p in problems)
    assert calendar is not None and calendar.posts == ()


def test_every_group_check_in_ignore_is_reported(tmp_path: Path) -> None:
    _, problems = one_post(tmp_path, GOOD[:-1] + ", ignore: [mix, mix-brand, cadence, role-fit]}")
    assert len(problems) == 4


@pytest.mark.parametrize(
    "at, words",
    [
        ("2024-02-30 10:00", "February 2024 has 29 days"),
        ("2023-02-29 10:00", "February 2023 has 28 days"),
        ("2024-13-01 10:00", "no month 13"),
        ("2024-03-01 24:00", "24:00 is not a time"),
        ("2024-03-01 24:01", "hours go 00..23"),
        ("2024-03-01 23:60", "minutes 00..59"),
        ("2024-03-01", "is not a date and time"),
        ("20:00", "is not a date and time"),
        ("2024-03-01 20:00+25:00", "out of range"),
    ],
)
def test_impossible_instants(tmp_path: Path, at: str, words: str) -> None:
    calendar, problems = one_post(tmp_path, GOOD.replace("2024-03-01 20:00", at))
    assert len(problems) == 1 and words in problems[0].message, problems
    assert (problems[0].line, problems[0].column, problems[0].post_id) == (5, 18, "a1")
    assert calendar is not None and calendar.posts == ()


def test_dst_gap_and_overlap_name_both_readings(tmp_path: Path) -> None:
    head = "version: 1\nbrand: nyc\ntimezone: America/New_York\n"
    _, gap = one_post(tmp_path, GOOD.replace("2024-03-01 20:00", "2025-03-09 02:30"), head)
    assert len(gap) == 1 and gap[0].post_id == "a1"
    assert "does not exist" in gap[0].message
    assert "2025-03-09 02:30-05:00" in gap[0].message and "2025-03-09 02:30-04:00" in gap[0].message
    _, overlap = one_post(tmp_path, GOOD.replace("2024-03-01 20:00", "2025-11-02 01:30"), head)
    assert len(overlap) == 1 and "happens twice" in overlap[0].message
    assert "01:30-04:00" in overlap[0].message and "01:30-05:00" in overlap[0].message


def test_conformance_dst_case_reads_as_the_spec_says() -> None:
    path = SHARED / "conformance" / "03-dst" / "calendar.yaml"
    if not path.exists():
        pytest.skip("../shared is not beside this checkout")
    calendar, problems = load_calendar(str(path), "calendar.yaml")
    assert [(p.line, p.post_id) for p in problems] == [(5, "g1"), (6, "o1")]
    assert "02:30" in problems[0].message and "01:30" in problems[1].message
    assert calendar is not None
    (k1,) = calendar.posts  # the explicit offset settles it
    assert k1.id == "k1" and k1.instant == datetime(2025, 11, 2, 6, 30, tzinfo=UTC)
    assert k1.local == datetime(2025, 11, 2, 1, 30)


@pytest.mark.parametrize("case", ["01-custom-pillars", "02-time-edges"])
def test_conformance_calendars_load_cleanly(case: str) -> None:
    path = SHARED / "conformance" / case / "calendar.yaml"
    if not path.exists():
        pytest.skip("../shared is not beside this checkout")
    calendar, problems = load_calendar(str(path), "calendar.yaml")
    assert problems == [] and calendar is not None and calendar.posts


def test_a_post_that_is_not_a_mapping(tmp_path: Path) -> None:
    calendar, problems = load(tmp_path, HEAD + "posts:\n  - just text\n  - [a]\n  - " + GOOD + "\n")
    assert [p.line for p in problems] == [5, 6]
    assert all("each post must be a mapping" in p.message for p in problems)
    assert calendar is not None and [p.id for p in calendar.posts] == ["a1"]


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    text = (
        "version: 3\nbrand: acme\ntimezone: Asia/Shanghai\nextra: 1\nposts:\n"
        '  - {id: a1, at: "2024-02-30 10:00", platform: weibo, pillar: functional, title: x}\n'
        '  - {id: a1, at: "2024-03-01 10:00", platform: weibo, pilar: story, title: ""}\n'
        '  - {id: "b 2", at: "2024-03-01 24:00", platform: weibo, pillar: story, title: x,'
        " format: vid, status: gone, phase: launch, ignore: [mix, spacng]}\n"
        '  - {id: c3, at: "2024-03-01 10:00", platform: weibo, pillar: story, title: x, at: y}\n'
    )
    calendar, problems = load(tmp_path, text)
    found = messages(problems)
    for words in [
        "appears twice",  # the YAML reader's duplicate `at`
        "only version 1",
        "unknown key 'extra'",
        "February 2024 has 29 days",
        "used twice",
        "Did you mean 'pillar'?",
        "title is empty",
        "letters, digits",
        "24:00",
        "format 'vid'",
        "status 'gone'",
        "needs a campaign",
        "judges a group of posts",
        "Did you mean 'spacing'?",
    ]:
        assert words in found, words
    assert len(problems) == 14
    assert calendar is not None  # brand, zone and posts are usable
    assert [p.id for p in calendar.posts] == ["c3"]


# -- references need the rules --------------------------------------------------


def _rules(**campaigns: str) -> Rules:
    rules, problems = load_rules(None, "<built-in>")
    assert problems == []
    return dataclasses.replace(
        rules,
        campaigns={
            name: Campaign(name, Stamp(datetime.fromisoformat(launch)))
            for name, launch in campaigns.items()
        },
        source="rules.yaml",
    )


def test_check_references_with_suggestions(tmp_path: Path) -> None:
    text = HEAD + "posts:\n" + "".join(
        f'  - {{id: p{i}, at: "2024-03-01 2{i}:00", platform: {platform}, pillar: {pillar},'
        f" title: x{campaign}}}\n"
        for i, (platform, pillar, campaign) in enumerate(
            [
                ("weibo", "functional", ", campaign: su7"),
                ("wiebo", "functional", ""),
                ("weibo", "storry", ""),
                ("douyin", "trending", ", campaign: su8"),
            ]
        )
    )
    calendar, problems = load(tmp_path, text)
    assert problems == [] and calendar is not None
    references = check_references(calendar, _rules(su7="2024-03-28 19:00"))
    assert [(p.line, p.post_id) for p in references] == [(6, "p1"), (7, "p2"), (8, "p3")]
    assert "unknown platform 'wiebo'" in references[0].message
    assert "Did you mean 'weibo'?" in references[0].message
    assert "Did you mean 'story'?" in references[1].message
    assert "unknown campaign 'su8'" in references[2].message
    assert "Did you mean 'su7'?" in references[2].message
    assert references[0].column == text.splitlines()[5].index("wiebo") + 1


def test_references_of_posts_that_could_not_be_built_are_checked_too(tmp_path: Path) -> None:
    calendar, problems = one_post(
        tmp_path, GOOD.replace("2024-03-01 20:00", "2024-02-30 20:00").replace("weibo", "wiebo")
    )
    assert len(problems) == 1 and calendar is not None and calendar.posts == ()
    references = check_references(calendar, _rules())
    assert len(references) == 1 and "wiebo" in references[0].message
    assert references[0].post_id == "a1"


# -- the usual-post path gives what the general path gives ------------------------

ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]
post_values = st.fixed_dictionaries(
    {
        "at": st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31)).map(
            lambda moment: moment.strftime("%Y-%m-%d %H:%M")
        ),
        "title": st.sampled_from(["Hi", '"  "', "12:30", '"标题"']),
    },
    optional={
        "format": st.sampled_from(["video", "reel", "~"]),
        "status": st.sampled_from(["draft", "published", "gone"]),
        "campaign": st.just("su7"),
        "phase": st.sampled_from(["teaser", "recap"]),
        "topic": st.sampled_from(["t1", "''"]),
        "notes": st.just("n"),
        "expires": st.just('"2026-01-01 00:00"'),
        "ignore": st.sampled_from(["[spacing]", "[]"]),
        "series": st.sampled_from(["weekly-tutorial", "'x y'", "''"]),
        "repeat_of": st.sampled_from(["p0", "'bad id'", "~"]),
    },
)


@settings(max_examples=300, deadline=None)
@given(posts=st.lists(post_values, min_size=1, max_size=5), zone=st.sampled_from(ZONES))
def test_the_usual_post_path_builds_what_the_general_path_builds(
    posts: list[dict[str, str]], zone: str
) -> None:
    text = f"version: 1\nbrand: acme\ntimezone: {zone}\nposts:\n" + "".join(
        f"  - {{id: p{i}, platform: weibo, pillar: story, "
        + ", ".join(f"{k}: {v}" for k, v in post.items())
        + "}\n"
        for i, post in enumerate(posts)
    )
    root, problems = parse_text(text, "c.yaml")
    assert root is not None and problems == []
    reader = _CalendarReader("c.yaml", "c.yaml", [])
    calendar = reader.read(root)
    assert calendar is not None
    # Every post again, through the general path alone.
    general: list[Post] = []
    slow = _CalendarReader("c.yaml", "c.yaml", [])
    slow.zone = ZoneInfo(zone)
    items = root.get("posts").items  # type: ignore[union-attr]
    for index, item in enumerate(items):
        assert isinstance(item, MapNode)
        values = {
            name: value.value  # type: ignore[attr-defined]
            for name, (_key, value) in item.entries.items()
            if name != "ignore" and not value.is_null  # type: ignore[attr-defined]
        }
        post = slow._post(item, values, f"p{index}", "acme", ZoneInfo(zone))
        if post is not None:
            general.append(post)
    assert calendar.posts == tuple(general)
    assert reader.problems == slow.problems


def test_post_fields_are_in_the_order_the_usual_path_passes_them() -> None:
    assert [field.name for field in dataclasses.fields(Post)] == [
        "id", "instant", "local", "platform", "pillar", "title", "where", "brand", "format",
        "campaign", "phase", "topic", "expires", "status", "notes", "ignore", "keys",
        "placeholder", "series", "repeat_of",
    ]


@settings(max_examples=500)
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31)),
    zone=st.sampled_from([*ZONES, "Pacific/Chatham", "America/St_Johns", "Europe/Dublin"]),
    seconds=st.booleans(),
    separator=st.sampled_from([" ", "T"]),
)
def test_resolve_text_agrees_with_clock(
    moment: datetime, zone: str, seconds: bool, separator: str
) -> None:
    text = moment.strftime(f"%Y-%m-%d{separator}%H:%M" + (":%S" if seconds else ""))
    tz = ZoneInfo(zone)
    try:
        expected: object = clock.resolve(clock.parse_stamp(text), tz)
    except clock.ClockError as error:
        expected = str(error)
    try:
        got: object = resolve_text(text, tz)
    except clock.ClockError as error:
        got = str(error)
    assert got == expected


def test_resolve_text_near_every_change_of_a_year() -> None:
    for name in ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]:
        zone = ZoneInfo(name)
        moment = datetime(2025, 1, 1)
        while moment.year == 2025:
            if zone.utcoffset(moment) != zone.utcoffset(moment + timedelta(hours=6)):
                for minute in range(0, 12 * 60, 15):
                    text = (moment + timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M")
                    try:
                        expected: object = clock.resolve(clock.parse_stamp(text), zone)
                    except clock.ClockError as error:
                        expected = str(error)
                    try:
                        got: object = resolve_text(text, zone)
                    except clock.ClockError as error:
                        got = str(error)
                    assert got == expected, text
            moment += timedelta(hours=6)


def test_a_post_with_any_problem_is_left_out_but_its_references_are_checked(
    tmp_path: Path,
) -> None:
    calendar, problems = one_post(tmp_path, GOOD.replace("weibo", "wiebo")[:-1] + ", colour: red}")
    assert [p.message.split(".")[0] for p in problems] == ["unknown key 'colour' in a post"]
    assert calendar is not None and calendar.posts == ()
    references = check_references(calendar, _rules())
    assert len(references) == 1 and "'wiebo'" in references[0].message


def test_the_second_post_of_a_duplicate_id_is_left_out(tmp_path: Path) -> None:
    text = HEAD + "posts:\n  - " + GOOD + "\n  - " + GOOD.replace("20:00", "21:00") + "\n"
    calendar, _ = load(tmp_path, text)
    assert calendar is not None and [p.local.hour for p in calendar.posts] == [20]


def test_max_bytes_refuses_a_calendar_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "posts:\n  - " + GOOD + "\n", encoding="utf-8")
    calendar, problems = load_calendar(str(path), "big.yaml", max_bytes=50)
    assert calendar is None and "more than the limit of 50" in problems[0].message


def test_a_post_names_a_series_of_the_rules(tmp_path: Path) -> None:
    """`series:` must name a series of the rules (with a near miss named),
    checked like a platform; `repeat_of:` is read as written."""
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "version: 1\nseries:\n  weekly-tutorial: {platform: weibo, pillar: story, on: [tue], "
        'at: "20:00", from: 2025-03-04}\n',
        encoding="utf-8",
    )
    target = tmp_path / "c.yaml"
    target.write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
        "  - {id: a1, at: '2025-03-04 20:00', platform: weibo, pillar: story, title: T, "
        "series: weekly-tutorial}\n"
        "  - {id: a2, at: '2025-03-11 20:00', platform: weibo, pillar: story, title: T, "
        "series: weekly-tutorail, repeat_of: a1}\n",
        encoding="utf-8",
    )
    calendar, problems = load_calendar(str(target), "c.yaml")
    assert problems == [] and calendar is not None
    assert [(p.series, p.repeat_of) for p in calendar.posts] == [
        ("weekly-tutorial", None), ("weekly-tutorail", "a1"),
    ]
    loaded, rule_problems = load_rules(str(rules), "r.yaml")
    assert rule_problems == []
    references = check_references(calendar, loaded)
    assert [(p.line, p.post_id) for p in references] == [(6, "a2")]
    assert "unknown series 'weekly-tutorail'" in references[0].message
    assert "Did you mean 'weekly-tutorial'?" in references[0].message
