"""Rules files (SPEC §3) in → Rules and problems out (load/rules.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest

from contentplan.core.model import PlatformRules, Problem, QuietHours, Rules, Stamp
from contentplan.load import rules as rules_module
from contentplan.load.rules import CHECK_NAMES, load_rules
from tests.conftest import SHARED

SPEC_EXAMPLE = """\
version: 1
pillars: [functional, story, trending]
mix:
  target: {functional: 5, story: 3, trending: 2}   # ratios: positive decimals, one per pillar
  window: week                  # week | month
  tolerance: 0.10               # share points, 0..1
  min_posts: 1                  # windows with fewer posts are not judged
  scope: [platform, brand]      # judge per platform, and all platforms together
platforms:
  weibo:
    role: information
    mix: {functional: 6, story: 2, trending: 2}    # overrides mix.target here
    formats: [text, image, video, live, article]
    slots: ["09:00", "12:30", "20:00"]            # posting times used by plan and fix
    max_per_day: 4
    min_per_week: 5
    max_per_week: 21
    min_gap: 2h                 # between two posts on this platform
    max_title: 2000
    title_units: codepoints     # codepoints | weighted
    quiet_hours: {from: "00:30", to: "07:00"}     # overrides the global quiet hours
  wechat:
    role: service
    max_per_day: 1              # a subscription account's one push a day
  douyin:
    role: entertainment
    mix: {functional: 3, story: 5, trending: 2}
quiet_hours: {from: "00:30", to: "07:00"}          # no posts in [from, to), may wrap midnight
blackouts:
  - {from: 2024-12-18, to: 2024-12-20, reason: "crisis freeze", platforms: all}
  - {from: "2024-12-21 14:00", reason: "open-ended freeze", platforms: [weibo]}
campaigns:
  su7-launch:
    launch: 2024-03-28 19:00
    teaser_days: 60             # teasers only in [launch - 60d, launch)
    recap_days: 14              # recaps only in (launch, launch + 14d]
trending:
  max_age: 48h
severity: {role-fit: warning}   # per-check severity: error | warning | off
"""

PROFILES = {
    "weibo": PlatformRules(
        name="weibo", role="information", formats=frozenset({"text", "image"}), max_title=2000,
        slots=(time(9), time(20)),
    ),
    "wechat": PlatformRules(
        name="wechat", role="service", formats=frozenset({"article"}), max_title=64, max_per_day=1,
    ),
    "douyin": PlatformRules(name="douyin", role="entertainment", max_title=55),
}


@pytest.fixture(autouse=True)
def small_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Known built-in profiles, so that merging is tested on its own."""
    monkeypatch.setattr(
        rules_module, "builtin_profiles", lambda: PROFILES  # type: ignore[arg-type]
    )


def load(tmp_path: Path, text: str) -> tuple[Rules, list[Problem]]:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(str(path), "rules.yaml")


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    return load(tmp_path, text)[1]


def test_no_file_gives_the_built_in_defaults() -> None:
    rules, problems = load_rules(None, "<built-in>")
    assert problems == []
    assert rules.pillars == ("functional", "story", "trending")
    assert dict(rules.mix.target) == {"functional": 5, "story": 3, "trending": 2}
    assert (rules.mix.window, rules.mix.min_posts) == ("week", 1)
    assert rules.mix.tolerance == Fraction(1, 10)
    assert rules.mix.scope == frozenset({"platform", "brand"})
    assert dict(rules.platforms) == PROFILES
    assert rules.planning_platforms == ()
    assert rules.quiet_hours is None and rules.blackouts == () and dict(rules.campaigns) == {}
    assert rules.trending_max_age is None and dict(rules.severity) == {}
    assert rules.source is None


def test_the_spec_example(tmp_path: Path) -> None:
    rules, problems = load(tmp_path, SPEC_EXAMPLE)
    assert problems == []
    assert rules.source == "rules.yaml"
    assert rules.planning_platforms == ("weibo", "wechat", "douyin")
    weibo = rules.platforms["weibo"]
    assert weibo.mix == {"functional": 6, "story": 2, "trending": 2}
    assert weibo.formats == frozenset({"text", "image", "video", "live", "article"})
    assert weibo.slots == (time(9), time(12, 30), time(20))
    assert (weibo.max_per_day, weibo.min_per_week, weibo.max_per_week) == (4, 5, 21)
    assert weibo.min_gap == timedelta(hours=2) and weibo.max_title == 2000
    assert weibo.quiet_hours == QuietHours(time(0, 30), time(7))
    # wechat merges key by key over its profile: the formats stay.
    assert rules.platforms["wechat"] == PlatformRules(
        name="wechat", role="service", formats=frozenset({"article"}), max_title=64, max_per_day=1,
    )
    assert rules.target_for("douyin") == {"functional": 3, "story": 5, "trending": 2}
    assert rules.quiet_hours == QuietHours(time(0, 30), time(7))
    crisis, open_ended = rules.blackouts
    # A date-only `to` runs to 00:00 of the day after it.
    assert crisis.start == Stamp(datetime(2024, 12, 18))
    assert crisis.end == Stamp(datetime(2024, 12, 21))
    assert crisis.platforms is None and crisis.reason == "crisis freeze"
    assert crisis.where is not None and crisis.where.line == 30
    assert open_ended.start == Stamp(datetime(2024, 12, 21, 14)) and open_ended.end is None
    assert open_ended.platforms == frozenset({"weibo"})
    campaign = rules.campaigns["su7-launch"]
    assert campaign.launch == Stamp(datetime(2024, 3, 28, 19))
    assert campaign.teaser_days == timedelta(days=60) and campaign.recap_days == timedelta(days=14)
    assert rules.trending_max_age == timedelta(hours=48)
    assert dict(rules.severity) == {"role-fit": "warning"}


def test_ratios_and_tolerance_are_exact_decimals(tmp_path: Path) -> None:
    rules, problems = load(
        tmp_path, "mix: {target: {functional: 2.5, story: 1.5, trending: 0.10}, tolerance: 0.05}\n"
    )
    assert problems == []
    assert dict(rules.mix.target) == {
        "functional": Fraction(5, 2), "story": Fraction(3, 2), "trending": Fraction(1, 10),
    }
    assert rules.mix.tolerance == Fraction(1, 20)


@pytest.mark.parametrize("ratio", ["0", "-1", "1/3", "abc", "1e3", "[1]", "''"])
def test_bad_ratios(tmp_path: Path, ratio: str) -> None:
    text = f"mix: {{target: {{functional: {ratio}, story: 3, trending: 2}}}}\n"
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1 and "functional" in problems[0].message


@pytest.mark.parametrize("tolerance, fine", [("0", True), ("1", True), ("1.0", True),
                                             ("1.5", False), ("-0.1", False), ("ten", False)])
def test_tolerance_is_a_share(tmp_path: Path, tolerance: str, fine: bool) -> None:
    problems = problems_of(tmp_path, f"mix: {{tolerance: {tolerance}}}\n")
    assert (problems == []) == fine, problems


def test_a_mix_target_names_every_pillar_and_only_pillars(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, "mix: {target: {functional: 5, stroy: 3}}\n")
    text = " ".join(p.message for p in problems)
    assert "'stroy', which is not a pillar" in text and "Did you mean 'story'?" in text
    assert "no ratio for story, trending" in text


def test_custom_pillars_need_a_target(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, "pillars: [a, b]\n")
    assert len(problems) == 1 and "mix.target is not set" in problems[0].message
    assert problems[0].line == 1
    rules, problems = load(tmp_path, "pillars: [a, b]\nmix: {target: {b: 1, a: 3}}\n")
    assert problems == [] and list(rules.mix.target) == ["a", "b"]  # in pillar order


def test_conformance_rules_load_cleanly() -> None:
    for case in ["01-custom-pillars", "02-time-edges"]:
        path = SHARED / "conformance" / case / "rules.yaml"
        if not path.exists():
            pytest.skip("../shared is not beside this checkout")
        rules, problems = load_rules(str(path), "rules.yaml")
        assert problems == [], case
    assert rules.blackouts[0].end == Stamp(datetime(2025, 3, 28))  # 02: to 2025-03-27


@pytest.mark.parametrize(
    "text, words",
    [
        ("pilars: [a]\n", "Did you mean 'pillars'?"),
        ("mix: {windw: week}\n", "Did you mean 'window'?"),
        ("mix: {window: weak}\n", "Did you mean 'week'?"),
        ("mix: {scope: [platfrom]}\n", "Did you mean 'platform'?"),
        ("mix: {min_posts: -1}\n", "not a whole number"),
        ("mix: {min_posts: 2.5}\n", "not a whole number"),
        ("mix: [1]\n", "mix must be a mapping"),
        ("pillars: []\n", "pillars is empty"),
        ("pillars: [a, a]\nmix: {target: {a: 1}}\n", "names 'a' twice"),
        ("platforms: {weibo: {rol: information}}\n", "Did you mean 'role'?"),
        ("platforms: {weibo: {role: informaton}}\n", "Did you mean 'information'?"),
        ("platforms: {weibo: {formats: [vidoe]}}\n", "Did you mean 'video'?"),
        ("platforms: {weibo: {slots: ['24:00']}}\n", "24:00 is not a time"),
        ("platforms: {weibo: {slots: ['9:00', '09:00']}}\n", "one time twice"),
        ("platforms: {weibo: {max_per_day: many}}\n", "not a whole number"),
        ("platforms: {weibo: {max_title: 0}}\n", "at least 1"),
        ("platforms: {weibo: {min_gap: 2 hours}}\n", "not a duration"),
        ("platforms: {weibo: {title_units: bytes}}\n", "codepoints, weighted"),
        ("platforms: {weibo: {min_per_week: 9, max_per_week: 3}}\n", "more than max_per_week"),
        ("platforms: {weibo: {quiet_hours: {from: '01:00'}}}\n", "no 'to:'"),
        ("platforms: {weibo: {mix: {functional: 1}}}\n", "no ratio for story, trending"),
        ("platforms: [weibo]\n", "platforms must be a mapping"),
        ("quiet_hours: {from: '25:00', to: '07:00'}\n", "hours go 00..23"),
        ("quiet_hours: {from: '01:00', to: '07:00', til: '08:00'}\n", "unknown key 'til'"),
        ("blackouts: {from: 2024-12-18}\n", "blackouts must be a list"),
        ("blackouts: [{to: 2024-12-18}]\n", "no 'from:'"),
        ("blackouts: [{from: 2024-12-18, to: 2024-12-17}]\n", "ends before it starts"),
        ("blackouts: [{from: '2024-12-18 10:00', to: '2024-12-18 10:00'}]\n", "ends before"),
        ("blackouts: [{from: 2024-02-30}]\n", "February 2024 has 29 days"),
        ("blackouts: [{from: 2024-12-18, platforms: [wiebo]}]\n", "Did you mean 'weibo'?"),
        ("blackouts: [{from: 2024-12-18, reasn: x}]\n", "Did you mean 'reason'?"),
        ("campaigns: {c: {teaser_days: 3}}\n", "no 'launch:'"),
        ("campaigns: {c: {launch: 2024-03-28}}\n", "not a date and time"),
        ("campaigns: {c: {launch: '2024-03-28 19:00', teaser_days: -1}}\n", "whole number"),
        ("campaigns: {c: {launch: '2024-03-28 19:00', recap: 3}}\n", "Did you mean 'recap_days'?"),
        ("trending: {max_age: 2 days}\n", "not a duration"),
        ("trending: {maxage: 2d}\n", "Did you mean 'max_age'?"),
        ("severity: {spacng: off}\n", "Did you mean 'spacing'?"),
        ("severity: {role-fit: warn}\n", "Did you mean 'warning'?"),
        ("severity: {schema: off}\n", "always errors"),
        ("version: 2\n", "only version 1"),
    ],
)
def test_rules_problems(tmp_path: Path, text: str, words: str) -> None:
    rules, problems = load(tmp_path, text)
    assert problems, text
    assert words in problems[0].message, problems
    assert isinstance(rules, Rules)  # usable all the same


def test_every_problem_of_a_rules_file_is_reported(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        "pilars: [a]\nmix: {window: weak, tolerance: 2}\n"
        "platforms: {weibo: {role: x, max_title: 0}}\nseverity: {nope: off}\n",
    )
    assert len(problems) == 6


def test_a_new_platform_and_a_bare_name_for_planning(tmp_path: Path) -> None:
    rules, problems = load(tmp_path, "platforms:\n  mastodon: {max_title: 500}\n  wechat:\n")
    assert problems == []
    assert rules.platforms["mastodon"] == PlatformRules(name="mastodon", max_title=500)
    assert rules.platforms["wechat"] == PROFILES["wechat"]
    assert rules.planning_platforms == ("mastodon", "wechat")
    assert set(rules.platforms) == {"weibo", "wechat", "douyin", "mastodon"}


def test_lists_replace_what_they_override(tmp_path: Path) -> None:
    rules, _ = load(tmp_path, "platforms: {weibo: {formats: [video], slots: ['21:00']}}\n")
    assert rules.platforms["weibo"].formats == frozenset({"video"})
    assert rules.platforms["weibo"].slots == (time(21),)
    assert rules.platforms["weibo"].max_title == 2000  # kept from the profile


def test_times_are_read_as_text_not_sexagesimal(tmp_path: Path) -> None:
    rules, problems = load(tmp_path, "platforms: {weibo: {slots: [12:30, 9:05]}}\n")
    assert problems == [] and rules.platforms["weibo"].slots == (time(9, 5), time(12, 30))


def test_blackout_bounds_with_offsets(tmp_path: Path) -> None:
    rules, problems = load(
        tmp_path, "blackouts: [{from: '2024-12-18T10:00+08:00', to: '2024-12-18 03:00Z'}]\n"
    )
    assert problems == []
    (blackout,) = rules.blackouts
    assert blackout.start.aware == datetime(2024, 12, 18, 10, tzinfo=timezone(timedelta(hours=8)))
    assert blackout.end is not None and blackout.end.aware is not None


def test_unreadable_rules_give_defaults_and_the_problem(tmp_path: Path) -> None:
    rules, problems = load_rules(str(tmp_path / "none.yaml"), "none.yaml")
    assert "not found" in problems[0].message and rules.source == "none.yaml"
    rules, problems = load(tmp_path, "- a\n")
    assert "must be a mapping" in problems[0].message and rules.pillars


def test_check_names_match_the_registered_checks() -> None:
    checks = pytest.importorskip("contentplan.checks")
    assert CHECK_NAMES == checks.CHECK_NAMES
