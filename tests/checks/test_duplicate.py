"""duplicate: the same title twice on one platform within 7 days."""

from __future__ import annotations

from contentplan.checks import duplicate
from contentplan.core.catalogue import ENTRIES
from tests.factory import brand, ids, post


def test_exactly_seven_days_apart_is_fine_a_minute_less_is_not() -> None:
    b = brand(
        post("a", "2025-03-03 11:00", "instagram", title="SPF myths"),
        post("b", "2025-03-10 11:00", "instagram", title="SPF myths"),
        post("c", "2025-03-17 10:59", "instagram", title="spf  MYTHS"),
    )
    [finding] = duplicate.check(b)
    assert ids([finding]) == [("b", "c")]
    assert finding.window == "2025-W11"
    assert finding.message == (
        'instagram: c repeats the title "spf  MYTHS" of b (2025-03-10 11:00), 6d23h59m '
        "later: give it a new title, or move it to 2025-03-17 11:00 or later"
    )


def test_other_platforms_and_titles_are_not_duplicates() -> None:
    b = brand(
        post("a", "2025-03-03 11:00", "instagram", title="SPF myths"),
        post("b", "2025-03-03 12:00", "x", title="SPF myths"),
        post("c", "2025-03-03 13:00", "instagram", title="SPF myths, part 2"),
    )
    assert list(duplicate.check(b)) == []


def test_each_repeat_is_paired_with_the_one_before() -> None:
    b = brand(
        post("d0", "2025-03-03 11:00", title="Weekly tips"),
        post("d4", "2025-03-07 11:00", title="Weekly tips"),
        post("d8", "2025-03-11 11:00", title="Weekly tips"),
    )
    assert ids(duplicate.check(b)) == [("d0", "d4"), ("d4", "d8")]


def test_a_weekly_series_across_dst_does_not_warn() -> None:
    # Same local time a week later is 7 days on the wall clock, 6d23h elapsed.
    berlin = "Europe/Berlin"
    b = brand(
        post("w1", "2025-03-24 09:00", zone=berlin, title="Weekly tips"),
        post("w2", "2025-03-31 09:00", zone=berlin, title="Weekly tips"),
        zone=berlin,
    )
    assert list(duplicate.check(b)) == []


def test_it_is_a_warning() -> None:
    assert ENTRIES["duplicate"].default_severity == "warning"
    assert duplicate.title_key("  SPF \t Myths ") == "spf myths"
