"""blackout: [from, to) local; a date-only `to` covers that whole day."""

from __future__ import annotations

from contentplan.checks import blackout
from tests.factory import blackout as freeze
from tests.factory import brand, ids, post, rules

RECALL = rules(blackouts=[freeze("2025-03-27", "2025-03-27", reason="recall review",
                                 platforms=["facebook"])])


def test_date_only_blackout_first_and_last_minute() -> None:
    b = brand(
        post("f1", "2025-03-26 23:59", "facebook"),
        post("f2", "2025-03-27 00:00", "facebook"),
        post("f3", "2025-03-27 23:59", "facebook"),
        post("f4", "2025-03-28 00:00", "facebook"),
        rules=RECALL,
    )
    assert ids(blackout.check(b)) == [("f2",), ("f3",)]


def test_message() -> None:
    [finding] = blackout.check(brand(post("f2", "2025-03-27 00:00", "facebook"), rules=RECALL))
    assert finding.window == "2025-W13"
    assert finding.message == (
        'f2 at Thu 2025-03-27 00:00 is in the blackout "recall review" '
        "(2025-03-27 00:00 to 2025-03-28 00:00): move it out of the blackout, or drop it"
    )


def test_only_the_platforms_it_covers() -> None:
    b = brand(post("w", "2025-03-27 12:00", "weibo"), rules=RECALL)
    assert list(blackout.check(b)) == []
    everywhere = rules(blackouts=[freeze("2025-03-27", "2025-03-27")])
    assert ids(blackout.check(brand(post("w", "2025-03-27 12:00", "weibo"), rules=everywhere))) == [
        ("w",)
    ]


def test_timed_blackout_is_half_open() -> None:
    timed = rules(blackouts=[freeze("2025-03-27 14:00", "2025-03-27 18:00")])
    b = brand(
        post("a", "2025-03-27 13:59"),
        post("b", "2025-03-27 14:00"),
        post("c", "2025-03-27 17:59"),
        post("d", "2025-03-27 18:00"),
        rules=timed,
    )
    assert ids(blackout.check(b)) == [("b",), ("c",)]


def test_open_ended_blackout() -> None:
    endless = rules(blackouts=[freeze("2024-12-21 14:00", reason="open-ended freeze",
                                      platforms=["weibo"])])
    b = brand(
        post("a", "2024-12-21 13:59"),
        post("b", "2024-12-21 14:00"),
        post("c", "2030-01-01 09:00"),
        rules=endless,
    )
    assert ids(blackout.check(b)) == [("b",), ("c",)]
    assert "(2024-12-21 14:00 on, open-ended)" in next(iter(blackout.check(b))).message


def test_bound_with_an_offset_is_read_in_the_calendar_zone() -> None:
    # 00:00Z is 08:00 in Shanghai.
    utc = rules(blackouts=[freeze("2025-03-27 00:00Z", "2025-03-27 04:00Z")])
    b = brand(
        post("a", "2025-03-27 07:59"),
        post("b", "2025-03-27 08:00"),
        post("c", "2025-03-27 11:59"),
        post("d", "2025-03-27 12:00"),
        rules=utc,
    )
    assert ids(blackout.check(b)) == [("b",), ("c",)]


def test_a_post_in_two_blackouts_is_one_violation() -> None:
    two = rules(blackouts=[freeze("2025-03-27", "2025-03-28", reason="one"),
                           freeze("2025-03-27 12:00", reason="two")])
    [finding] = blackout.check(brand(post("a", "2025-03-27 13:00"), rules=two))
    assert '"one"' in finding.message and '"two"' in finding.message
