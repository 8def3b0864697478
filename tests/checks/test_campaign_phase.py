"""campaign-phase: teaser [launch - teaser_days, launch), launch on the
launch's local date, recap (launch, launch + recap_days]."""

from __future__ import annotations

from contentplan.checks import campaign_phase
from tests.factory import brand, campaign, ids, post, rules

SU7 = rules(campaigns=[campaign("su7", "2024-03-28 19:00", teaser_days=60, recap_days=14)])


def test_teaser_edges() -> None:
    b = brand(
        post("early", "2024-01-28 18:59", campaign="su7", phase="teaser"),
        post("first", "2024-01-28 19:00", campaign="su7", phase="teaser"),
        post("last", "2024-03-28 18:59", campaign="su7", phase="teaser"),
        post("at-launch", "2024-03-28 19:00", campaign="su7", phase="teaser"),
        rules=SU7,
    )
    assert ids(campaign_phase.check(b)) == [("early",), ("at-launch",)]


def test_teaser_messages() -> None:
    b = brand(
        post("t", "2024-01-28 18:59", campaign="su7", phase="teaser"),
        post("u", "2024-03-28 19:00", campaign="su7", phase="teaser"),
        rules=SU7,
    )
    early, late = (f.message for f in campaign_phase.check(b))
    assert early == (
        "t is a su7 teaser at 2024-01-28 18:59, more than 60d before the launch "
        "(2024-03-28 19:00): move it to 2024-01-28 19:00 or later"
    )
    assert late == (
        "u is a su7 teaser at 2024-03-28 19:00, not before the launch (2024-03-28 19:00): "
        "move it to between 2024-01-28 19:00 and the launch, or make it a launch or recap post"
    )


def test_launch_post_on_the_launch_local_date() -> None:
    # 07:00 Shanghai on 2024-03-28 is 23:00 UTC on the 27th; the local date counts.
    early_launch = rules(campaigns=[campaign("su7", "2024-03-28 07:00")])
    b = brand(
        post("eve", "2024-03-27 23:59", campaign="su7", phase="launch"),
        post("dawn", "2024-03-28 00:00", campaign="su7", phase="launch"),
        post("night", "2024-03-28 23:59", campaign="su7", phase="launch"),
        post("next", "2024-03-29 00:00", campaign="su7", phase="launch"),
        rules=early_launch,
    )
    found = list(campaign_phase.check(b))
    assert ids(found) == [("eve",), ("next",)]
    assert found[1].message == (
        "next is the su7 launch post on 2024-03-29, but the launch is on 2024-03-28: "
        "move it to 2024-03-28"
    )


def test_recap_edges() -> None:
    b = brand(
        post("at-launch", "2024-03-28 19:00", campaign="su7", phase="recap"),
        post("first", "2024-03-28 19:01", campaign="su7", phase="recap"),
        post("last", "2024-04-11 19:00", campaign="su7", phase="recap"),
        post("late", "2024-04-11 19:01", campaign="su7", phase="recap"),
        rules=SU7,
    )
    found = list(campaign_phase.check(b))
    assert ids(found) == [("at-launch",), ("late",)]
    assert found[1].message == (
        "late is a su7 recap at 2024-04-11 19:01, more than 14d after the launch "
        "(2024-03-28 19:00): move it to 2024-04-11 19:00 or earlier"
    )


def test_spans_are_elapsed_time_across_dst() -> None:
    # Berlin springs forward on 2025-03-30. Launch 2025-03-31 12:00 CEST is
    # 10:00 UTC; 2 days earlier is 2025-03-29 10:00 UTC = 11:00 CET.
    berlin = "Europe/Berlin"
    spring = rules(campaigns=[campaign("su7", "2025-03-31 12:00", teaser_days=2)])
    b = brand(
        post("early", "2025-03-29 10:59", zone=berlin, campaign="su7", phase="teaser"),
        post("first", "2025-03-29 11:00", zone=berlin, campaign="su7", phase="teaser"),
        rules=spring,
        zone=berlin,
    )
    [finding] = campaign_phase.check(b)
    assert ids([finding]) == [("early",)]
    assert "move it to 2025-03-29 11:00 or later" in finding.message


def test_without_spans_any_time_before_or_after() -> None:
    open_spans = rules(campaigns=[campaign("su7", "2024-03-28 19:00")])
    b = brand(
        post("t", "2020-01-01 09:00", campaign="su7", phase="teaser"),
        post("r", "2030-01-01 09:00", campaign="su7", phase="recap"),
        post("plain", "2030-01-01 10:00", campaign="su7"),  # no phase: nothing to check
        rules=open_spans,
    )
    assert list(campaign_phase.check(b)) == []


def test_launch_with_an_offset() -> None:
    # 11:00Z is 19:00 in Shanghai.
    utc = rules(campaigns=[campaign("su7", "2024-03-28 11:00Z", recap_days=1)])
    b = brand(
        post("r1", "2024-03-28 19:00", campaign="su7", phase="recap"),
        post("r2", "2024-03-29 19:00", campaign="su7", phase="recap"),
        rules=utc,
    )
    assert ids(campaign_phase.check(b)) == [("r1",)]


def test_launch_in_a_dst_gap_is_read_as_written() -> None:
    # 2025-03-30 02:30 does not exist in Berlin: a schema problem of the
    # rules, but the check must not crash on it.
    gap = rules(campaigns=[campaign("su7", "2025-03-30 02:30")])
    b = brand(
        post("l", "2025-03-30 09:00", zone="Europe/Berlin", campaign="su7", phase="launch"),
        rules=gap,
        zone="Europe/Berlin",
    )
    assert list(campaign_phase.check(b)) == []


def test_unknown_campaign_is_left_to_schema() -> None:
    b = brand(post("t", "2024-03-28 19:00", campaign="nope", phase="teaser"), rules=SU7)
    assert list(campaign_phase.check(b)) == []
