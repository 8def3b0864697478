"""The report's numbers: the same band, targets and judgement as the mix
checks, every window from first to last, trends, and --from/--to."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from contentplan.checks import CHECKS
from contentplan.core.band import mix_band
from contentplan.render.report_html import render_html
from contentplan.render.report_rich import print_report
from contentplan.render.terminal import console_for
from contentplan.stats.report import RangeError, WindowRange, build_report, percent, points
from tests.factory import brand, post, rules, week_of_posts


def test_every_window_from_first_to_last_with_empty_ones() -> None:
    b = brand(
        *week_of_posts("2024-03-04", "weibo", {"functional": 3, "story": 1, "trending": 1}),
        *week_of_posts("2024-03-25", "weibo", {"story": 2}, prefix="late-"),
    )
    (report,) = build_report([b]).brands
    assert report.windows == ("2024-W10", "2024-W11", "2024-W12", "2024-W13")
    weibo, whole = report.tables
    assert weibo.platform == "weibo" and whole.platform is None
    assert [row.total for row in weibo.rows] == [5, 0, 0, 2]
    assert [row.ok for row in weibo.rows] == [True, None, None, False]
    assert weibo.rows[3].outside == {"functional": "below", "story": "above"}


def test_bands_and_targets_are_those_of_the_rules() -> None:
    b = brand(
        *week_of_posts("2024-03-04", "weibo", {"functional": 4, "story": 4, "trending": 2}),
        rules=rules(platforms={"weibo": {"role": "information"}}, tolerance="0.05"),
    )
    weibo, whole = build_report([b]).brands[0].tables
    assert weibo.target_label == "6:2:2 ±5%"
    assert whole.target_label == "5:3:2 ±5%"
    assert weibo.rows[0].band == mix_band(weibo.target, Fraction("0.05"), 10)
    assert weibo.role == "information"


def test_months_min_posts_and_scope() -> None:
    b = brand(
        post("a", "2024-03-30 09:00", "weibo", "story"),
        post("b", "2024-04-02 09:00", "weibo", "functional"),
        post("c", "2024-04-03 09:00", "weibo", "functional"),
        rules=rules(window="month", min_posts=2, scope=["brand"]),
    )
    weibo, whole = build_report([b]).brands[0].tables
    assert [row.window for row in whole.rows] == ["2024-03", "2024-04"]
    assert not weibo.judged_scope and [row.ok for row in weibo.rows] == [None, None]
    assert [row.judged for row in whole.rows] == [False, True]


def test_trend_is_the_share_change_against_the_previous_window_with_posts() -> None:
    b = brand(
        *week_of_posts("2024-03-04", "weibo", {"functional": 1, "story": 1}),
        *week_of_posts("2024-03-18", "weibo", {"functional": 3, "story": 1}, prefix="x"),
    )
    weibo = build_report([b]).brands[0].tables[0]
    assert weibo.rows[0].change is None and weibo.rows[1].change is None
    assert weibo.rows[2].change == {"functional": Fraction(1, 4), "story": Fraction(-1, 4),
                                    "trending": Fraction(0)}
    assert weibo.trend("functional") == [Fraction(1, 2), None, Fraction(3, 4)]


@pytest.mark.parametrize("seed", range(20))
def test_report_fails_exactly_the_windows_the_mix_checks_flag(seed: int) -> None:
    chance = random.Random(seed)
    posts = []
    for index in range(chance.randint(1, 40)):
        day = 1 + chance.randrange(40)
        posts.append(post(
            f"p{index}", f"2024-{3 + (day - 1) // 31:02d}-{(day - 1) % 31 + 1:02d} "
            f"{chance.randrange(7, 23):02d}:{chance.choice(['00', '30'])}",
            chance.choice(["weibo", "douyin", "wechat"]),
            chance.choice(["functional", "story", "trending"]),
        ))
    b = brand(*posts, rules=rules(
        window=chance.choice(["week", "month"]), min_posts=chance.randint(1, 3),
        tolerance=chance.choice(["0.10", "0.05", "0.2"]),
        platforms={"weibo": {"role": "information"}, "douyin": {"role": "entertainment"}},
    ))
    flagged = {(f.platform, f.window) for name in ("mix", "mix-brand")
               for f in CHECKS[name].check(b)}
    report = build_report([b]).brands[0]
    failed = {(t.platform, row.window) for t in report.tables for row in t.rows
              if row.ok is False}
    assert failed == flagged


def test_from_to_parse_weeks_and_months() -> None:
    span = WindowRange.parse("2024-W10", "2024-04")
    assert span.start is not None and span.start.isoformat() == "2024-03-04T00:00:00"
    assert span.end is not None and span.end.isoformat() == "2024-05-01T00:00:00"
    for first, last in (("2024-W60", None), ("March", None), ("2024-W12", "2024-W10")):
        with pytest.raises(RangeError):
            WindowRange.parse(first, last)


def test_percent_and_points_round_the_same_everywhere() -> None:
    assert percent(Fraction(1, 8)) == "13%" and percent(Fraction(2, 3)) == "67%"
    assert percent(None) == "–"
    assert points(Fraction(1, 10)) == "+10" and points(Fraction(-1, 3)) == "−33"
    assert points(Fraction(1, 1000)) == "0"


@pytest.mark.parametrize(
    ("weeks", "window", "expected"),
    [
        (["2024-03-04"], "week", "0 of 1 week in band"),
        (["2024-03-04", "2024-03-11"], "week", "0 of 2 weeks in band"),
        (["2024-03-04"], "month", "0 of 1 month in band"),
        (["2024-03-04", "2024-04-01"], "month", "0 of 2 months in band"),
    ],
)
def test_in_band_count_reads_singular_or_plural(
    weeks: list[str], window: str, expected: str
) -> None:
    posts = [
        p
        for i, monday in enumerate(weeks)
        for p in week_of_posts(monday, "weibo", {"story": 3}, prefix=f"w{i}-")
    ]
    report = build_report([brand(*posts, rules=rules(window=window))])
    console, captured = console_for(True)
    print_report(console, report)
    terminal = captured()
    page = render_html(report)
    # One summary for weibo, one for the whole brand, in both renderings.
    assert terminal.count(expected) == 2, terminal
    assert page.count(expected) == 2, page
