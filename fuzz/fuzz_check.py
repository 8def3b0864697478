"""Coverage-guided fuzzing of the whole `check` path (loader, rules
resolution, every check) with atheris.

    pip install atheris && python fuzz/fuzz_check.py -max_total_time=300 [CORPUS_DIR]

Not part of .ci/run. The input is a calendar checked against a fixed rules
file that turns every check on; any exception is a bug: bad input must end
as problems or violations. An input with a line ``#x`` followed by one byte
N repeats what follows N × 100 times (see ``expand``), so that the fuzzer
reaches many-of-one shapes; every problem message must stay short, and a
file gives at most MAX_PROBLEMS problems and a closing note."""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from contentplan.checks.engine import run_checks
    from contentplan.core.limits import MAX_PROBLEMS
    from contentplan.load.gather import gather

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


# Shapes that are cheap to write and costly to read (issue 10): the input's
# tail repeated many times after its head, e.g. `- <<: *p` ten thousand
# times, one id on every post, a long list of names, a deep nest repeated.
REPEAT_MARK = b"\n#x"
MESSAGE_LIMIT = 1_000  # characters: a message quotes at most ~200 of the input


def expand(data: bytes) -> bytes:
    """``HEAD#xNN TAIL`` → HEAD + TAIL × (NN × 100); other input as it is."""
    head, mark, rest = data.partition(REPEAT_MARK)
    if not mark or len(rest) < 2:
        return data
    times = rest[0] * 100
    return head + b"\n" + rest[1:] * times


def test_one_input(data: bytes) -> None:
    data = expand(data)[: 1 << 20]
    with open(_PATH, "wb") as handle:
        handle.write(data)
    found = gather([_PATH], rules_option=_RULES, max_bytes=1 << 20)
    if not found.problems:
        run_checks(found.brands)
    # Bounded messages, and at most MAX_PROBLEMS of them (and a note) a file.
    assert len(found.problems) <= 2 * (MAX_PROBLEMS + 1), len(found.problems)
    for problem in found.problems:
        assert len(problem.message) < MESSAGE_LIMIT, problem.message[:300]


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
