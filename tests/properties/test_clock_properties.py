"""The clock's readers (dates, instants, times of day, durations, ISO weeks)
raise nothing but ClockError on any text: extreme years, thousands of
digits, non-ASCII digits, offsets out of range. What they accept lies in
the years they promise, and resolving it in any zone never overflows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from contentplan.core import clock
from contentplan.core.model import Stamp

READERS: dict[str, Callable[[str], Any]] = {
    "date": clock.parse_date,
    "end date": clock.parse_end_date,
    "instant": clock.parse_stamp,
    "end instant": clock.parse_end_stamp,
    "time of day": clock.parse_clock,
    "duration": clock.parse_duration,
    "week": clock.parse_week,
}
ZONES = [ZoneInfo(name) for name in ("Pacific/Kiritimati", "Etc/GMT+12", "Asia/Shanghai")]

digits = st.sampled_from("0123456789０１２３٣۴߀१")
number = st.text(digits, min_size=1, max_size=6) | st.integers(0, 10**60).map(str)
shaped = st.builds(
    lambda y, m, d, h, mi, tail: f"{y}-{m}-{d} {h}:{mi}{tail}",
    number, number, number, number, number,
    st.sampled_from(["", "Z", "+14:00", "-12:00", "+24:00", "-99:99", ":60", ":00+0800"]),
)
texts = (
    st.text(max_size=40)
    | shaped
    | shaped.map(lambda text: text.split(" ")[0])
    | st.builds(lambda n, u: f"{n}{u}", number, st.sampled_from("mhd"))
    | st.builds(lambda y, w: f"{y}-W{w}", number, number)
    | st.builds(lambda h, m: f"{h}:{m}", number, number)
)


@settings(max_examples=400, deadline=None)
@given(text=texts, reader=st.sampled_from(sorted(READERS)))
@example(text="9999-12-31 23:59", reader="instant")
@example(text="0001-01-01 00:00+14:00", reader="instant")
@example(text="0000-01-01", reader="date")
@example(text="9" * 5000 + "d", reader="duration")
@example(text="２０２４-04-01", reader="date")
@example(text="０９:００", reader="time of day")
@example(text="9999-W52", reader="week")
def test_readers_raise_only_clock_errors(text: str, reader: str) -> None:
    try:
        value = READERS[reader](text)
    except clock.ClockError:
        return
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        assert clock.FIRST_DAY <= day <= clock.LAST_DAY, (text, value)
    if isinstance(value, Stamp):
        assert clock.FIRST_DAY <= value.naive.date() <= clock.LAST_DAY, (text, value)
        for zone in ZONES:
            try:
                instant, local = clock.resolve(value, zone)
            except clock.ClockError:
                continue
            assert clock.FIRST_DAY <= local.date() <= clock.LAST_DAY
            # What the checks add to an instant stays a date Python holds.
            assert (instant + clock.MAX_DURATION).astimezone(zone).year < 9999
            assert (instant - clock.MAX_DURATION).astimezone(zone).year > 1
    if reader == "duration":
        assert value <= clock.MAX_DURATION
