"""Each rule's one test, as a pure function beside its check, and the places
that must agree with it: the planner's slot filter and item eligibility,
`fix`'s unary rules, the report and the week view."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from contentplan.checks import blackout as blackout_check
from contentplan.checks import campaign_phase, duplicate, quiet_hours, spacing
from contentplan.checks.cadence import week_minimum
from contentplan.checks.campaign_phase import (
    NOT_AFTER,
    NOT_BEFORE,
    OTHER_DAY,
    TOO_EARLY,
    TOO_LATE,
    launch_of,
    phase_miss,
)
from contentplan.checks.duplicate import clash
from contentplan.checks.formats import takes
from contentplan.checks.mix import BRAND, PLATFORM, in_scope, judge_group, judged, outside
from contentplan.checks.quiet_hours import quiet_at
from contentplan.checks.spacing import gap_for, too_close
from contentplan.checks.stale_trend import expired, too_old
from contentplan.checks.title_length import over_length
from contentplan.core.model import Campaign, Rules
from contentplan.plan.items import Eligibility
from contentplan.plan.problem import PlanItem, PlanProblem, Rule, Slot
from contentplan.plan.slots import candidate_slots
from contentplan.render.week import mix_line
from contentplan.stats.report import build_report
from tests.factory import ZONE, blackout, brand, campaign, post, rules, utc

SHANGHAI = ZoneInfo(ZONE)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


# quiet-hours


def test_quiet_at_wraps_midnight_and_prefers_the_platform_s_own_hours() -> None:
    r = rules(quiet_hours=("12:00", "13:00"), platforms={"x": {"quiet_hours": ("23:00", "06:00")}})
    assert quiet_at(r, "x", at("2025-03-25 22:59")) is None
    assert quiet_at(r, "x", at("2025-03-25 23:00")) is not None
    assert quiet_at(r, "x", at("2025-03-26 05:59")) is not None
    assert quiet_at(r, "x", at("2025-03-26 06:00")) is None
    assert quiet_at(r, "x", at("2025-03-26 12:30")) is None  # x's own hours replace the global
    assert quiet_at(r, "weibo", at("2025-03-26 12:30")) == r.quiet_hours
    assert quiet_at(r, "weibo", at("2025-03-26 13:00")) is None


def test_quiet_at_from_equal_to_means_none() -> None:
    r = rules(quiet_hours=("08:00", "08:00"))
    assert quiet_at(r, "weibo", at("2025-03-26 08:00")) is None


# blackout


def test_blackout_covers_a_whole_date_only_day_on_its_platforms() -> None:
    b = blackout("2025-03-27", "2025-03-27", platforms=["facebook"])
    assert b.bounds(SHANGHAI) == (at("2025-03-27 00:00"), at("2025-03-28 00:00"))
    assert not b.covers("facebook", at("2025-03-26 23:59"), SHANGHAI)
    assert b.covers("facebook", at("2025-03-27 00:00"), SHANGHAI)
    assert b.covers("facebook", at("2025-03-27 23:59"), SHANGHAI)
    assert not b.covers("facebook", at("2025-03-28 00:00"), SHANGHAI)
    assert not b.covers("weibo", at("2025-03-27 12:00"), SHANGHAI)


def test_blackout_open_ended_and_bounds_with_an_offset() -> None:
    assert blackout("2025-03-27 10:00").covers("x", at("2099-01-01 00:00"), SHANGHAI)
    # 02:00Z is 10:00 in Shanghai.
    b = blackout("2025-03-27T02:00:00Z", "2025-03-27T03:00:00Z")
    assert b.bounds(SHANGHAI) == (at("2025-03-27 10:00"), at("2025-03-27 11:00"))
    assert b.covers("x", at("2025-03-27 10:59"), SHANGHAI)
    assert not b.covers("x", at("2025-03-27 11:00"), SHANGHAI)


# spacing


def test_too_close_is_strict_and_either_order() -> None:
    gap = timedelta(hours=3)
    assert too_close(utc("2025-03-24 09:00"), utc("2025-03-24 11:59"), gap)
    assert too_close(utc("2025-03-24 11:59"), utc("2025-03-24 09:00"), gap)
    assert not too_close(utc("2025-03-24 09:00"), utc("2025-03-24 12:00"), gap)


def test_gap_for_ignores_missing_and_zero_gaps() -> None:
    r = rules(platforms={"a": {"min_gap": "2h"}, "b": {"min_gap": "0m"}, "c": {}})
    assert gap_for(r, "a") == timedelta(hours=2)
    assert gap_for(r, "b") is None
    assert gap_for(r, "c") is None
    assert gap_for(r, "unknown") is None


# duplicate


def test_clash_folds_titles_and_spares_exactly_seven_days() -> None:
    monday = at("2025-03-03 11:00")
    assert clash("SPF  myths", monday, "spf myths", monday + timedelta(days=6, hours=23))
    assert clash("spf myths", monday + timedelta(days=6), "SPF myths", monday)
    assert not clash("SPF myths", monday, "SPF myths", monday + timedelta(days=7))
    assert not clash("SPF myths", monday, "SPF facts", monday + timedelta(hours=1))


# campaign-phase


LAUNCH = campaign("su7", "2024-03-28 19:00", teaser_days=60, recap_days=14)


def miss(phase: str, local: str, c: Campaign = LAUNCH) -> str | None:
    p = post("p", local)
    return phase_miss(c, phase, p.instant, p.local.date(), launch_of(c, SHANGHAI))


def test_phase_miss_names_each_way_out_of_the_span() -> None:
    assert miss("teaser", "2024-03-28 18:59") is None
    assert miss("teaser", "2024-03-28 19:00") == NOT_BEFORE
    assert miss("teaser", "2024-01-28 19:00") is None
    assert miss("teaser", "2024-01-28 18:59") == TOO_EARLY
    assert miss("launch", "2024-03-28 00:00") is None
    assert miss("launch", "2024-03-29 00:00") == OTHER_DAY
    assert miss("recap", "2024-03-28 19:00") == NOT_AFTER
    assert miss("recap", "2024-04-11 19:00") is None
    assert miss("recap", "2024-04-11 19:01") == TOO_LATE


def test_phase_miss_without_day_limits_allows_any_time_on_its_side() -> None:
    open_ended = campaign("su7", "2024-03-28 19:00")
    assert miss("teaser", "2020-01-01 00:00", open_ended) is None
    assert miss("recap", "2030-01-01 00:00", open_ended) is None


# format, title-length, stale-trend


def test_takes_passes_posts_without_a_format_and_platforms_without_formats() -> None:
    r = rules(platforms={"wechat": {"formats": ["article"]}, "x": {}})
    assert takes(r.platforms["wechat"], "article")
    assert not takes(r.platforms["wechat"], "video")
    assert takes(r.platforms["wechat"], None)
    assert takes(r.platforms["x"], "video")
    assert takes(None, "video")


def test_over_length_counts_as_the_platform_does() -> None:
    r = rules(platforms={"x": {"max_title": 10, "title_units": "weighted"}, "w": {"max_title": 3}})
    assert over_length("小米SU7发布", r.platforms["x"]) == 11
    assert over_length("小米SU7", r.platforms["x"]) is None
    assert over_length("春季套", r.platforms["w"]) is None
    assert over_length("春季套装", r.platforms["w"]) == 4
    assert over_length("anything at all", None) is None


def test_expired_and_too_old_spare_the_exact_moment() -> None:
    noon = utc("2025-03-28 12:00")
    assert not expired(noon, noon) and expired(noon + timedelta(seconds=1), noon)
    assert not expired(noon, None)
    day = timedelta(hours=24)
    assert not too_old(noon + day, noon, day)
    assert too_old(noon + day + timedelta(minutes=1), noon, day)
    assert not too_old(noon + 100 * day, noon, None)


# cadence


def test_week_minimum_binds_only_planning_platforms_above_zero() -> None:
    r = rules(
        platforms={"a": {"min_per_week": 3}, "b": {"min_per_week": 0}, "c": {"min_per_week": 2}},
        planning=["a", "b"],
    )
    assert week_minimum(r, "a") == 3
    assert week_minimum(r, "b") is None
    assert week_minimum(r, "c") is None  # not named under platforms: in the rules file
    assert week_minimum(r, "unknown") is None


# mix and mix-brand


def test_judge_group_follows_scope_and_min_posts() -> None:
    r = rules(scope=["platform"], min_posts=4)
    assert in_scope(r, PLATFORM) and not in_scope(r, BRAND)
    counts = {"functional": 1, "story": 2}
    small = judge_group(counts, r, "weibo")
    assert not small.judged and small.ok is None
    assert small.counts == {"functional": 1, "story": 2, "trending": 0}
    big = judge_group({"functional": 8, "story": 1, "trending": 1}, r, "weibo")
    assert big.judged
    assert big.band == {"functional": (4, 6), "story": (2, 4), "trending": (1, 3)}
    assert big.outside == {"functional": "above", "story": "below"}
    assert big.ok is False
    assert not judge_group({"functional": 8, "story": 1, "trending": 1}, r, None).judged
    assert judged(rules(min_posts=0), None, 0)


def test_outside_counts_a_missing_pillar_as_zero() -> None:
    assert outside({"a": (1, 2), "b": (0, 1)}, {"b": 2}) == {"a": "below", "b": "above"}


def test_report_rows_agree_with_judge_group() -> None:
    r = rules(scope=["platform"], min_posts=2)
    posts = [
        post("a", "2024-03-25 09:00", "weibo", "functional"),
        post("b", "2024-03-25 10:00", "weibo", "functional"),
        post("c", "2024-03-25 11:00", "douyin", "story"),
    ]
    report = build_report([brand(*posts, rules=r)])
    for table in report.brands[0].tables:
        for row in table.rows:
            verdict = judge_group(row.counts, r, table.platform)
            assert (row.judged, row.band, row.ok) == (verdict.judged, verdict.band, verdict.ok)
    douyin, weibo, whole = report.brands[0].tables
    assert weibo.rows[0].ok is False and douyin.rows[0].ok is None and whole.rows[0].ok is None


def line_text(who: str, platform: str | None, r: Rules) -> str:
    posts = [post(f"p{n}", f"2024-03-25 {9 + n:02d}:00", "weibo", "functional") for n in range(5)]
    console = Console(width=200, color_system=None)
    with console.capture() as captured:
        console.print(mix_line(who, posts, r, platform))
    return captured.get()


def test_week_view_honours_mix_scope() -> None:
    """The brand line showed ✗ where `mix-brand` does not run at all."""
    platform_only = rules(scope=["platform"])
    assert "not judged" in line_text("brand", None, platform_only)
    assert "✗" in line_text("weibo", "weibo", platform_only)
    both = rules()
    assert "✗" in line_text("brand", None, both)


# The planner's slot filter and the checks agree.


PLATFORMS = ("x", "y")


@st.composite
def planning_cases(draw: st.DrawFn) -> tuple[PlanProblem, list[str]]:
    hours = [draw(st.integers(0, 23)) for _ in range(2)]
    quiet = (f"{hours[0]:02d}:00", f"{hours[1]:02d}:30")
    own = draw(st.booleans())
    slots = sorted({f"{h:02d}:{m:02d}" for h, m in draw(
        st.lists(st.tuples(st.integers(0, 23), st.sampled_from([0, 30])), min_size=1, max_size=6)
    )})
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        day = draw(st.integers(24, 30))
        start = draw(st.integers(0, 47))
        length = draw(st.integers(1, 60))
        begin = datetime(2025, 3, day) + timedelta(minutes=30 * start)
        end = begin + timedelta(minutes=30 * length)
        spans.append(
            blackout(
                begin.strftime("%Y-%m-%d %H:%M"),
                None if draw(st.booleans()) else end.strftime("%Y-%m-%d %H:%M"),
                platforms=draw(st.sampled_from([None, ["x"], ["y"]])),
            )
        )
    gap = draw(st.sampled_from(["1h", "3h", "26h"]))
    platforms = {
        "x": {"slots": slots, "min_gap": gap, **({"quiet_hours": quiet} if own else {})},
        "y": {"slots": slots},
    }
    r = rules(platforms=platforms, quiet_hours=(quiet[1], quiet[0]), blackouts=spans)
    pinned = [
        post(f"pin{n}", (datetime(2025, 3, 24) + timedelta(minutes=15 * m)).strftime(
            "%Y-%m-%d %H:%M"), draw(st.sampled_from(PLATFORMS)))
        for n, m in enumerate(draw(st.lists(st.integers(0, 7 * 96 - 1), max_size=4, unique=True)))
    ]
    problem = PlanProblem(
        brand="acme",
        timezone=ZONE,
        rules=r,
        weeks=(date(2025, 3, 24),),
        platforms=PLATFORMS,
        pinned=tuple(pinned),
    )
    return problem, slots


@settings(max_examples=60, deadline=None)
@given(planning_cases())
def test_slot_filter_closes_exactly_what_the_checks_report(
    case: tuple[PlanProblem, list[str]],
) -> None:
    problem, _ = case
    for slot, closing in candidate_slots(problem):
        placed = post("new", slot.local.strftime("%Y-%m-%d %H:%M"), slot.platform)
        b = brand(placed, *problem.pinned, rules=problem.rules)
        found: set[str] = set()
        for name, check in (
            ("quiet-hours", quiet_hours.check),
            ("blackout", blackout_check.check),
            ("spacing", spacing.check),
        ):
            if any("new" in {p.id for p in f.posts} for f in check(b)):
                found.add(name)
        kinds = {rule.kind for rule in closing}
        # Open (no rule closes it) exactly when a post there passes the checks.
        assert kinds == found, (slot, closing, found)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["teaser", "launch", "recap"]),
    st.integers(-90 * 48, 30 * 48),
    st.sampled_from([None, 1, 14, 60]),
    st.sampled_from([None, 1, 14]),
)
def test_item_eligibility_and_campaign_check_agree(
    phase: str, half_hours: int, teaser: int | None, recap: int | None
) -> None:
    c = campaign("su7", "2024-03-28 19:00", teaser_days=teaser, recap_days=recap)
    r = rules(campaigns=[c])
    local = at("2024-03-28 19:00") + timedelta(minutes=30 * half_hours)
    placed = post("p", local.strftime("%Y-%m-%d %H:%M"), campaign="su7", phase=phase)
    problem = PlanProblem("acme", ZONE, r, (date(2024, 3, 25),), ("weibo",))
    item = PlanItem(id="p", pillar="functional", title="t", campaign="su7", phase=phase)
    closing = Eligibility(problem).closing(item, Slot("weibo", placed.local, placed.instant))
    found = list(campaign_phase.check(brand(placed, rules=r)))
    assert (kinds_of(closing) == {"campaign"}) == bool(found)


def kinds_of(closing: tuple[Rule, ...]) -> set[str]:
    return {rule.kind for rule in closing}


def test_item_eligibility_and_duplicate_check_agree() -> None:
    pinned = post("a", "2025-03-03 11:00", "instagram", title="SPF myths")
    r = rules(platforms={"instagram": {}}, severity={"duplicate": "error"})
    problem = PlanProblem(
        "acme", ZONE, r, (date(2025, 3, 3), date(2025, 3, 10)), ("instagram",), (pinned,)
    )
    eligibility = Eligibility(problem)
    item = PlanItem(id="b", pillar="story", title="spf  MYTHS")
    for text in ("2025-03-10 10:59", "2025-03-10 11:00", "2025-03-02 11:00", "2025-02-24 11:00"):
        placed = post("b", text, "instagram", title=item.title)
        closing = eligibility.closing(item, Slot("instagram", placed.local, placed.instant))
        found = list(duplicate.check(brand(pinned, placed, rules=r)))
        assert ("duplicate" in kinds_of(closing)) == bool(found), text

