"""The `series` check (checks/series.py) beyond its case file: which days a
series is due (core.series), held against a day-by-day reading of the
rules; and the property that a calendar holding exactly a series' due
days passes while one missing any one of them gives exactly one finding."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from contentplan.checks import series as series_check
from contentplan.core.model import Series
from contentplan.core.series import instance_days, instances, rhythm
from tests.factory import blackout, brand, post, rules

FIRST_MONDAY = date(2024, 12, 30)


def a_series(**changes: object) -> Series:
    base = Series(
        name="tips", platform="wechat", pillar="story", every="weekly", on=(1,),
        at=time(20), start=date(2025, 3, 4),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def due_by_the_day(series: Series, first: date, last: date) -> list[date]:
    """Day by day, what the rules file says: a weekday of ``on``, between
    ``from`` and ``until``, not skipped; every other week counted from the
    week of ``from`` (biweekly), or within the first seven days of the
    month (monthly)."""
    found = []
    day = first
    start_monday = series.start - timedelta(days=series.start.weekday())
    while day <= last:
        monday = day - timedelta(days=day.weekday())
        if (
            day.weekday() in series.on
            and series.start <= day
            and (series.until is None or day <= series.until)
            and day not in series.skip
            and (series.every != "biweekly" or (monday - start_monday).days // 7 % 2 == 0)
            and (series.every != "monthly" or day.day <= 7)
        ):
            found.append(day)
        day += timedelta(days=1)
    return found


def test_rhythm_reads_as_a_planner_says_it() -> None:
    assert rhythm(a_series()) == "every Tuesday"
    assert rhythm(a_series(every="biweekly", on=(1, 4))) == "every other Tuesday and Friday"
    assert rhythm(a_series(every="monthly", on=(0, 2, 4))) == (
        "the first Monday, Wednesday and Friday of each month"
    )


def test_no_end_and_an_end_before_the_range() -> None:
    series = a_series(until=None)
    days = list(instance_days(series, date(2199, 12, 1), date(2199, 12, 31)))
    assert days == [date(2199, 12, d) for d in (3, 10, 17, 24, 31)]
    assert list(instance_days(a_series(until=date(2025, 3, 4)), FIRST_MONDAY,
                              date(2025, 3, 3))) == []


def test_a_calendar_without_series_posts_still_misses_the_days() -> None:
    """Posts of other platforms set the weeks; the series has no post at all."""
    found = list(series_check.check(brand(
        post("x", "2025-03-03 09:00", "weibo"), post("y", "2025-03-16 09:00", "weibo"),
        rules=replace(rules(), series={"tips": a_series()}),
    )))
    assert [(f.window, f.posts) for f in found] == [("2025-W10", ()), ("2025-W11", ())]


def test_a_brand_without_posts_or_series_finds_nothing() -> None:
    assert list(series_check.check(brand(rules=replace(rules(), series={"t": a_series()})))) == []
    assert list(series_check.check(brand(post("x", "2025-03-04 20:00", "wechat")))) == []


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Series, date, date, list[date]]:
    """A series, the weeks a calendar covers, and whole-day blackouts."""
    every = draw(st.sampled_from(["weekly", "biweekly", "monthly"]))
    on = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))))
    weeks = draw(st.integers(1, 20))
    offset = draw(st.integers(0, 30))
    first = FIRST_MONDAY + timedelta(weeks=offset)
    last = first + timedelta(weeks=weeks, days=-1)
    start = first + timedelta(days=draw(st.integers(-40, 7 * weeks)))
    until = draw(st.none() | st.integers(0, 7 * weeks + 20).map(
        lambda n: start + timedelta(days=n)))
    at = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 59])))
    series = Series("s", "wechat", "story", every, on, at, start, until)
    plain = due_by_the_day(series, first, last)
    skip = frozenset(draw(st.lists(st.sampled_from(plain), unique=True))) if plain else frozenset()
    series = replace(series, skip=skip)
    kept = [day for day in plain if day not in skip]
    closed = draw(st.lists(st.sampled_from(kept), unique=True)) if kept else []
    return series, first, last, closed


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios(), other_platform=st.booleans())
def test_a_series_over_n_weeks_is_due_exactly_on_its_days(
    scenario: tuple[Series, date, date, list[date]], other_platform: bool
) -> None:
    series, first, last, closed = scenario
    expected = due_by_the_day(series, first, last)
    assert list(instance_days(series, first, last)) == expected
    # Whole-day blackouts on the series' platform excuse their days; those
    # on another platform excuse nothing.
    platforms = ["weibo"] if other_platform else ["wechat"]
    freezes = [blackout(str(day), str(day), platforms=platforms) for day in closed]
    due = instances(series, first, last, freezes, brand().zone)
    excused = {i.day for i in due if i.excused_by is not None}
    assert excused == (set() if other_platform else set(closed))
    open_days = [day for day in expected if day not in excused]
    # The calendar: a post on each open day at the series' time, and two
    # posts elsewhere that fix the weeks it covers.
    posts = [
        post(f"s{n}", f"{day} {series.at:%H:%M}", "wechat", "story", series="s")
        for n, day in enumerate(open_days)
    ]
    edges = [post("first", f"{first} 12:00", "weibo"), post("last", f"{last} 12:00", "weibo")]
    the_rules = replace(rules(blackouts=freezes), series={"s": series})
    assert list(series_check.check(brand(*edges, *posts, rules=the_rules))) == []
    # Without any one of them: exactly one finding, naming that day.
    for index, day in enumerate(open_days):
        fewer = posts[:index] + posts[index + 1:]
        found = list(series_check.check(brand(*edges, *fewer, rules=the_rules)))
        assert len(found) == 1, found
        assert found[0].posts == ()
        assert f"has no post on {datetime.combine(day, series.at):%a %Y-%m-%d %H:%M}" in (
            found[0].message
        )
        assert found[0].message.count("has no post") == 1


def test_a_dst_gap_time_is_met_by_the_time_after_the_change() -> None:
    """A series at 02:30 in Berlin: on the day clocks go forward 02:30 does
    not exist, and 03:30 is the same instant."""
    series = a_series(on=(6,), at=time(2, 30), start=date(2025, 3, 23))
    found = list(series_check.check(brand(
        post("a", "2025-03-23 02:30", "wechat", "story", zone="Europe/Berlin", series="tips"),
        post("b", "2025-03-30 03:30", "wechat", "story", zone="Europe/Berlin", series="tips"),
        rules=replace(rules(), series={"tips": series}), zone="Europe/Berlin",
    )))
    assert found == []


def test_a_huge_tolerance_accepts_any_time_of_the_day() -> None:
    series = a_series(tolerance=timedelta(days=364))
    found = list(series_check.check(brand(
        post("a", "2025-03-04 00:00", "wechat", "story", series="tips"),
        rules=replace(rules(), series={"tips": series}),
    )))
    assert found == []
