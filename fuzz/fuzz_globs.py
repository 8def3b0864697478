"""Coverage-guided fuzzing of the settings' `include`/`exclude` globs.

    pip install atheris && python fuzz/fuzz_globs.py -max_total_time=300

Not part of .ci/run. On a fixed tree (no link loops), the include walk must
find what ``glob.glob(recursive=True)`` finds, and an exclude glob must
judge every path as the regex it stands for does; both must stay fast on
patterns of many ``**`` (glob and the regex themselves are only asked when
the pattern has few of them, as they are exponential in that count)."""

from __future__ import annotations

import glob
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from contentplan.load.settings import _exclude_matcher, _glob, _glob_regex

_ROOT = tempfile.mkdtemp(prefix="contentplan-fuzz-globs-")
for _folder in ("a/b/c", "a/.h/c", "b/a", "cal/2024", "cal/archive"):
    os.makedirs(os.path.join(_ROOT, _folder), exist_ok=True)
for _file in ("a/x.yaml", "a/b/c/y.yml", "a/.h/c/z.yaml", "b/a/.e.yaml", "cal/2024/w1.yaml",
              "cal/archive/old.yaml", "top.yaml", "notes.txt"):
    with open(os.path.join(_ROOT, _file), "w", encoding="utf-8") as _handle:
        _handle.write("posts: []\n")
_PATHS = [
    os.path.relpath(os.path.join(top, name), _ROOT).split(os.sep)
    for top, folders, files in os.walk(_ROOT)
    for name in folders + files
]


def test_one_input(data: bytes) -> None:
    pattern = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(80)
    if "\x00" in pattern or pattern.startswith(("/", "~")) or ".." in pattern:
        return
    full = os.path.join(_ROOT, pattern)
    found = {os.path.normpath(path) for path in _glob(full)}
    matcher = _exclude_matcher(pattern)
    judged = [matcher(parts) for parts in _PATHS]
    if pattern.count("**") > 4:
        return
    # glob names a folder that is not there for `missing/**/**`: not kept.
    expected = {
        os.path.normpath(path) for path in glob.glob(full, recursive=True) if os.path.lexists(path)
    }
    assert found == expected, pattern
    regex = _glob_regex(pattern)
    for parts, verdict in zip(_PATHS, judged, strict=True):
        assert verdict == (regex.fullmatch("/".join(parts)) is not None), (pattern, parts)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
