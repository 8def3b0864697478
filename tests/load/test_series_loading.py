"""Series and evergreen policy in the rules, and series and evergreen in
backlog items: what loads, and what each mistake says (load/rules.py,
load/backlog.py)."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from contentplan.core.model import Evergreen, Rules
from contentplan.load.backlog import backlog_notes, backlog_references, load_backlog
from contentplan.load.rules import load_rules
from tests.conftest import run_cli

SERIES = (
    "version: 1\nseries:\n  tutorial:\n"
    "    platform: wechat\n    pillar: functional\n    every: {every}\n    on: {on}\n"
    '    at: "20:00"\n    from: 2025-03-04\n{extra}'
)


def rules_of(tmp_path: Path, text: str) -> tuple[Rules, list[str]]:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    rules, problems = load_rules(str(path), "rules.yaml")
    return rules, [f"{p.line}:{p.column}: {p.message}" for p in problems]


def test_a_series_and_the_evergreen_policy_load(tmp_path: Path) -> None:
    text = SERIES.format(
        every="biweekly",
        on="[tue, Friday]",
        extra="    until: 2025-06-30\n    skip: [2025-03-18]\n    tolerance: 15m\n"
        "evergreen: {cooldown: 45d, max_repeats: 3}\n",
    )
    rules, problems = rules_of(tmp_path, text)
    assert problems == []
    series = rules.series["tutorial"]
    assert (series.platform, series.pillar, series.every, series.on, series.at) == (
        "wechat", "functional", "biweekly", (1, 4), time(20, 0)
    )
    assert (series.start, series.until, series.skip, series.tolerance) == (
        date(2025, 3, 4), date(2025, 6, 30), frozenset({date(2025, 3, 18)}),
        timedelta(minutes=15),
    )
    assert series.where is not None and series.where.line == 4
    assert rules.evergreen == Evergreen(timedelta(days=45), 3)


def test_defaults_weekly_no_end_no_tolerance_and_the_house_policy(tmp_path: Path) -> None:
    text = (
        "version: 1\nseries:\n  s: {platform: weibo, pillar: story, on: mon, at: '09:00', "
        "from: 2025-01-06, until: 9999-12-31}\n"
    )
    rules, problems = rules_of(tmp_path, text)
    assert problems == []
    series = rules.series["s"]
    assert (series.every, series.on, series.until, series.tolerance) == (
        "weekly", (0,), None, timedelta(0)
    )
    assert rules.evergreen == Evergreen(timedelta(days=30), None)


@pytest.mark.parametrize(
    ("every", "on", "extra", "said"),
    [
        ("fortnightly", "[tue]", "",
         "6:12: series.tutorial.every is 'fortnightly', which is not one of: weekly, biweekly, "
         "monthly. Every other week is biweekly"),
        ("weekly", "[]", "",
         "7:9: series.tutorial.on is empty: name the weekdays of the series, e.g. on: [tue]"),
        ("weekly", "[tues]", "",
         "7:10: series.tutorial.on names 'tues', which is not a weekday: write mon, tue, wed, "
         "thu, fri, sat, sun. Did you mean 'tue'?"),
        ("weekly", "[tue]", "    until: 2025-03-01\n",
         "10:12: series.tutorial ends (2025-03-01) before it starts (2025-03-04): 'until' "
         "must be on or after 'from'"),
        ("weekly", "[tue]", "    skip: [2025-03-12]\n",
         "10:12: series.tutorial.skip names 2025-03-12 (Wednesday), which is not a day of the "
         "series (every Tuesday): remove it, or fix the date"),
        ("weekly", "[tue]", "    until: 2025-03-31\n    skip: [2025-04-01]\n",
         "11:12: series.tutorial.skip names 2025-04-01 (Tuesday), which is not a day of the "
         "series (every Tuesday): remove it, or fix the date"),
        ("monthly", "[tue]", "    skip: [2025-03-11]\n",
         "10:12: series.tutorial.skip names 2025-03-11 (Tuesday), which is not a day of the "
         "series (the first Tuesday of each month): remove it, or fix the date"),
        ("weekly", "[tue]", "    tolerance: 400d\n",
         "10:16: series.tutorial.tolerance: '400d' is too long: a duration is at most 52 weeks "
         "(364d)"),
        ("weekly", "[tue]", "    colour: red\n",
         "10:5: unknown key 'colour' under series.tutorial. The keys allowed here are: "
         "platform, pillar, every, on, at, from, until, skip, tolerance"),
        ("weekly", "[tue]", "evergreen: {cooldown: soon}\n",
         "10:23: evergreen.cooldown: 'soon' is not a duration: write minutes, hours or days, "
         "e.g. 90m, 2h, 3d"),
        ("weekly", "[tue]", "evergreen: {max_repeats: -1}\n",
         "10:26: evergreen.max_repeats is '-1', which is not a whole number: write digits, "
         "e.g. 3"),
    ],
)
def test_each_mistake_in_a_series_says_what_to_write(
    tmp_path: Path, every: str, on: str, extra: str, said: str
) -> None:
    rules, problems = rules_of(tmp_path, SERIES.format(every=every, on=on, extra=extra))
    assert problems == [said]


def test_a_series_names_a_known_platform_and_a_pillar_and_has_its_keys(
    tmp_path: Path,
) -> None:
    text = (
        "version: 1\nseries:\n"
        "  a: {platform: wechatt, pillar: storyy, on: [tue], at: '25:00', from: 2025-02-30}\n"
        "  b: {}\n"
    )
    rules, problems = rules_of(tmp_path, text)
    assert problems == [
        "3:17: series.a.platform names 'wechatt', which the rules do not know. Did you mean "
        "'wechat'? Write a platform of the rules or a built-in one, or add it under platforms:",
        "3:34: series.a.pillar names 'storyy', which is not a pillar. Did you mean 'story'? "
        "The pillars are: functional, story, trending",
        "3:57: series.a.at: '25:00' is not a time of day: hours go 00..23, minutes 00..59",
        "3:72: series.a.from: '2025-02-30' is not a date: February 2025 has 28 days",
        "4:6: series.b has no 'platform:': add it, e.g. platform: wechat",
        "4:6: series.b has no 'pillar:': add it, e.g. pillar: functional",
        "4:6: series.b has no 'on:': add it, e.g. on: [tue]",
        '4:6: series.b has no \'at:\': add it, e.g. at: "20:00"',
        "4:6: series.b has no 'from:': add it, e.g. from: 2025-03-04",
    ]
    assert rules.series == {}


def test_a_control_character_in_a_series_name_is_shown_escaped(tmp_path: Path) -> None:
    """Through the command line: a terminal never receives the raw bell or
    escape of a series' name."""
    (tmp_path / "rules.yaml").write_text(
        'version: 1\nseries:\n  "bell\\a\\e[31m": {platform: nowhere}\n', encoding="utf-8"
    )
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: a\ntimezone: UTC\nrules: rules.yaml\nposts: []\n", encoding="utf-8"
    )
    run = run_cli("check", "c.yaml", cwd=tmp_path)
    assert run.code == 2
    assert "\a" not in run.stdout and "\x1b" not in run.stdout
    assert "series.bell\\x07\\x1b[31m.platform names 'nowhere'" in run.stdout


# -- backlog items ---------------------------------------------------------------

BACKLOG = "version: 1\nitems:\n"


def backlog_of(tmp_path: Path, items: str) -> tuple[object, list[str]]:
    path = tmp_path / "backlog.yaml"
    path.write_text(BACKLOG + items, encoding="utf-8")
    backlog, problems = load_backlog(str(path), "backlog.yaml")
    return backlog, [f"{p.line}:{p.column}: {p.message}" for p in problems]


def test_backlog_items_carry_series_and_evergreen(tmp_path: Path) -> None:
    backlog, problems = backlog_of(
        tmp_path,
        "  - {id: a, pillar: functional, title: A, series: tutorial}\n"
        "  - {id: b, pillar: story, title: B, evergreen: true}\n"
        "  - {id: c, pillar: story, title: C, evergreen: {cooldown: 60d, max_repeats: 2}}\n"
        "  - {id: d, pillar: story, title: D, evergreen: false}\n",
    )
    assert problems == []
    items = backlog.items  # type: ignore[attr-defined]
    assert [(i.series, i.evergreen) for i in items] == [
        ("tutorial", None),
        (None, Evergreen(timedelta(0))),
        (None, Evergreen(timedelta(days=60), 2)),
        (None, None),
    ]
    house = Evergreen(timedelta(days=30), 5)
    assert items[1].evergreen.within(house) == house
    assert items[2].evergreen.within(house) == Evergreen(timedelta(days=60), 2)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("yes please",
         "3:52: evergreen is 'yes please', which is not true, false or a mapping: write "
         "evergreen: true (the rules' cooldown), or evergreen: {cooldown: 60d, max_repeats: 3}"),
        ("{cooldown: 0d}",
         "3:63: evergreen.cooldown is 0: leave it out to keep the rules' cooldown, or write a "
         "longer one, e.g. 60d"),
        ("{cooldwn: 60d}",
         "3:53: unknown key 'cooldwn' under evergreen. Did you mean 'cooldown'? The keys "
         "allowed here are: cooldown, max_repeats"),
    ],
)
def test_a_bad_evergreen_says_what_to_write(tmp_path: Path, value: str, said: str) -> None:
    backlog, problems = backlog_of(
        tmp_path, f"  - {{id: a, pillar: story, title: Aaaa, evergreen: {value}}}\n"
    )
    assert problems == [said]
    assert backlog.items == ()  # type: ignore[attr-defined]


def test_backlog_series_and_evergreen_are_held_to_the_rules(tmp_path: Path) -> None:
    rules, problems = rules_of(
        tmp_path,
        SERIES.format(every="weekly", on="[tue]",
                      extra="evergreen: {cooldown: 30d, max_repeats: 4}\n"),
    )
    assert problems == []
    backlog, problems = backlog_of(
        tmp_path,
        "  - {id: a, pillar: story, title: A, series: tutorial}\n"
        "  - {id: b, pillar: functional, title: B, series: tutorail}\n"
        "  - {id: c, pillar: functional, title: C, series: tutorial, platforms: [weibo]}\n"
        "  - {id: d, pillar: story, title: D, evergreen: {cooldown: 7d, max_repeats: 9}}\n"
        "  - {id: e, pillar: story, title: E, evergreen: {cooldown: 60d, max_repeats: 2}}\n",
    )
    assert problems == []
    said = [p.message for p in backlog_references(backlog, rules)]  # type: ignore[arg-type]
    assert said == [
        "item a is for the series 'tutorial', whose pillar is functional, but the item's "
        "pillar is story: make them agree",
        "item b is for the series 'tutorail', which the rules do not define. Did you mean "
        "'tutorial'? The rules' series are: tutorial; fix the name, or add the series under "
        "series: in the rules",
        "item c is for the series 'tutorial', which goes out on wechat, but its platforms "
        "leave wechat out: add wechat to platforms, or remove platforms:",
    ]
    notes = [p.message for p in backlog_notes(backlog, rules)]  # type: ignore[arg-type]
    assert notes == [
        "item d asks for an evergreen cooldown of 7d, shorter than the rules' 30d: the "
        "rules' house minimum wins, so it is repeated no sooner than that; raise the item's "
        "cooldown or remove it",
        "item d asks for up to 9 repeats, more than the rules' max_repeats of 4: the rules' "
        "limit wins; lower the item's max_repeats or remove it",
    ]
