"""Coverage-guided fuzzing of the whole `check` path (loader, rules
resolution, every check) with atheris.

    pip install atheris && python fuzz/fuzz_check.py -max_total_time=300 [CORPUS_DIR]

Not part of .ci/run. The input is a calendar checked against a fixed rules
file that turns every check on; any exception is a bug: bad input must end
as problems or violations."""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from contentplan.engine import run_checks
    from contentplan.gather import gather

RULES = """version: 1
mix: {window: week, tolerance: 0.10, min_posts: 1}
platforms:
  weibo: {max_per_day: 2, min_per_week: 1, max_per_week: 9, min_gap: 2h, max_title: 20,
          slots: ["09:00", "12:30"], quiet_hours: {from: "23:00", to: "07:00"}}
  douyin: {max_per_day: 1, min_gap: 3h, title_units: weighted, max_title: 10}
  wechat: {role: service, max_per_day: 1}
quiet_hours: {from: "00:30", to: "07:00"}
blackouts:
  - {from: 2024-03-30, to: 2024-03-31, reason: freeze, platforms: [douyin]}
  - {from: "2024-10-27 01:00", reason: open-ended, platforms: all}
campaigns:
  launch: {launch: "2024-03-28 19:00", teaser_days: 10, recap_days: 5}
trending: {max_age: 48h}
severity: {duplicate: error}
"""

_FOLDER = tempfile.mkdtemp(prefix="contentplan-fuzz-check-")
_PATH = os.path.join(_FOLDER, "calendar.yaml")
_RULES = os.path.join(_FOLDER, "rules.yaml")
with open(_RULES, "w", encoding="utf-8") as _handle:
    _handle.write(RULES)


def test_one_input(data: bytes) -> None:
    with open(_PATH, "wb") as handle:
        handle.write(data)
    found = gather([_PATH], rules_option=_RULES, max_bytes=1 << 20)
    if not found.problems:
        run_checks(found.brands)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
