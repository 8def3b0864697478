"""Coverage-guided fuzzing of the calendar loader with atheris.

    pip install atheris && python fuzz/fuzz_loader.py -max_total_time=300

Not part of .ci/run. Any exception other than a returned Problem is a bug:
the loader must turn every input into a calendar or a list of problems."""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from contentplan.load.calendar import load_calendar

_FOLDER = tempfile.mkdtemp(prefix="contentplan-fuzz-")
_PATH = os.path.join(_FOLDER, "calendar.yaml")


def test_one_input(data: bytes) -> None:
    with open(_PATH, "wb") as handle:
        handle.write(data)
    load_calendar(_PATH, "calendar.yaml", 1 << 20)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
