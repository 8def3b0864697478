"""Coverage-guided fuzzing of the values a user writes (dates, instants,
times of day, durations, whole numbers) with atheris.

    pip install atheris && python fuzz/fuzz_values.py -max_total_time=300

Not part of .ci/run. The fuzzer's bytes choose, for each value of a small
calendar and rules file, either an extreme shape (years 0000, 0001, 1969,
2200, 9999; thousands of digits; full-width and other non-ASCII digits;
offsets of 24 hours and more) or raw text. Then the clock's readers, the
loader and every check run. Anything but a ClockError from a reader, or a
returned problem from the loader, is a bug."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from contentplan.checks.engine import run_checks
    from contentplan.core import clock
    from contentplan.load.gather import gather

YEARS = ["0000", "0001", "1899", "1969", "1970", "2024", "2199", "2200", "9998", "9999"]
NUMBERS = ["0", "1", "364", "365", "8736", "1000000000", "1000000001", "9" * 20, "9" * 5000]
DIGITS = "0123456789０１２３４５６７８９٠١٢٣۴߀१"
OFFSETS = ["", "Z", "+08:00", "+14:00", "-12:00", "+23:59", "+24:00", "-99:99", "+0800"]
UNITS = ["m", "h", "d"]

CALENDAR = """version: 1
brand: b
timezone: {zone}
rules: rules.yaml
posts:
  - {{id: a, at: "{at}", platform: weibo, pillar: functional, title: t, topic: x,
      campaign: c, phase: teaser, expires: "{expires}"}}
  - {{id: b, at: "{at2}", platform: weibo, pillar: story, title: t, topic: x}}
"""
RULES = """version: 1
mix: {{min_posts: {number}}}
platforms:
  weibo: {{max_per_day: {number2}, min_gap: "{gap}", slots: ["{slot}"], min_per_week: 1}}
blackouts:
  - {{from: "{start}", to: "{end}", reason: r}}
campaigns:
  c: {{launch: "{launch}", teaser_days: {number3}, recap_days: 1}}
trending: {{max_age: "{age}"}}
"""
ZONES = ["Asia/Shanghai", "Pacific/Kiritimati", "Etc/GMT+12", "UTC"]

_FOLDER = tempfile.mkdtemp(prefix="contentplan-fuzz-values-")
_CALENDAR = os.path.join(_FOLDER, "calendar.yaml")
_RULES = os.path.join(_FOLDER, "rules.yaml")


def _digits(data: atheris.FuzzedDataProvider, count: int) -> str:
    return "".join(DIGITS[data.ConsumeIntInRange(0, len(DIGITS) - 1)] for _ in range(count))


def _date(data: atheris.FuzzedDataProvider) -> str:
    if data.ConsumeBool():
        year = YEARS[data.ConsumeIntInRange(0, len(YEARS) - 1)]
        return f"{year}-{data.ConsumeIntInRange(0, 13):02d}-{data.ConsumeIntInRange(0, 32):02d}"
    return f"{_digits(data, 4)}-{_digits(data, 2)}-{_digits(data, 2)}"


def _instant(data: atheris.FuzzedDataProvider) -> str:
    if data.ConsumeIntInRange(0, 7) == 0:
        return data.ConsumeUnicodeNoSurrogates(30)
    clock_text = (
        f"{data.ConsumeIntInRange(0, 25):02d}:{data.ConsumeIntInRange(0, 60):02d}"
        if data.ConsumeBool()
        else f"{_digits(data, 2)}:{_digits(data, 2)}"
    )
    offset = OFFSETS[data.ConsumeIntInRange(0, len(OFFSETS) - 1)]
    return f"{_date(data)} {clock_text}{offset}"


def _number(data: atheris.FuzzedDataProvider) -> str:
    if data.ConsumeBool():
        return NUMBERS[data.ConsumeIntInRange(0, len(NUMBERS) - 1)]
    return _digits(data, data.ConsumeIntInRange(1, 6))


def _duration(data: atheris.FuzzedDataProvider) -> str:
    return _number(data) + UNITS[data.ConsumeIntInRange(0, len(UNITS) - 1)]


def test_one_input(raw: bytes) -> None:
    data = atheris.FuzzedDataProvider(raw)
    values = {
        "date": _date(data),
        "instant": _instant(data),
        "duration": _duration(data),
        "slot": f"{_digits(data, 2)}:{_digits(data, 2)}",
        "week": f"{YEARS[data.ConsumeIntInRange(0, len(YEARS) - 1)]}-W{_digits(data, 2)}",
    }
    readers = (
        (clock.parse_date, values["date"]),
        (clock.parse_end_date, values["date"]),
        (clock.parse_stamp, values["instant"]),
        (clock.parse_end_stamp, values["instant"]),
        (clock.parse_duration, values["duration"]),
        (clock.parse_clock, values["slot"]),
        (clock.parse_week, values["week"]),
    )
    for reader, text in readers:
        with contextlib.suppress(clock.ClockError):
            reader(text)
    calendar = CALENDAR.format(
        zone=ZONES[data.ConsumeIntInRange(0, len(ZONES) - 1)],
        at=_instant(data),
        at2=_instant(data),
        expires=_instant(data),
    )
    rules = RULES.format(
        number=_number(data),
        number2=_number(data),
        number3=_number(data),
        gap=_duration(data),
        age=_duration(data),
        slot=values["slot"],
        start=_date(data) if data.ConsumeBool() else _instant(data),
        end=_date(data) if data.ConsumeBool() else _instant(data),
        launch=_instant(data),
    )
    with open(_CALENDAR, "w", encoding="utf-8") as handle:
        handle.write(calendar)
    with open(_RULES, "w", encoding="utf-8") as handle:
        handle.write(rules)
    found = gather([_CALENDAR], max_bytes=1 << 20)
    if not found.problems:
        run_checks(found.brands)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
