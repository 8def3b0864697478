"""Issue 6, item 2: size limits. A file over --max-bytes (default 64 MB) is
refused without being read whole; a calendar of 200,000 valid posts is
checked correctly."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from contentplan.core.limits import DEFAULT_MAX_BYTES
from tests.hardening.support import GIB, assert_clean_failure, big_calendar, run_bounded

HEADER = b"version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
POST = b'  - {id: a1, at: "2024-03-04 20:00", platform: weibo, pillar: functional, title: Hi}\n'

# Runs the real command line, then reports how many bytes the process read
# (`rchar` of /proc/self/io: every read(2), the Python modules included).
COUNTING = """
import atexit, runpy, sys
def report():
    with open('/proc/self/io') as io:
        fields = dict(line.split(': ') for line in io.read().splitlines())
    sys.stderr.write('READ ' + fields['rchar'] + '\\n')
atexit.register(report)
sys.argv = ['contentplan', *sys.argv[1:]]
runpy.run_module('contentplan', run_name='__main__', alter_sys=True)
"""


def bytes_read(stderr: str) -> int:
    return int(next(line for line in stderr.splitlines() if line.startswith("READ "))[5:])


def sparse(path: Path, size: int, head: bytes = HEADER + POST) -> Path:
    path.write_bytes(head)
    os.truncate(path, size)
    return path


@pytest.mark.skipif(not os.path.exists("/proc/self/io"), reason="needs Linux /proc/self/io")
@pytest.mark.parametrize("given", ["file", "folder"])
def test_a_100_mb_file_is_refused_unread_under_the_default_limit(
    tmp_path: Path, given: str
) -> None:
    (tmp_path / "calendars").mkdir()
    sparse(tmp_path / "calendars" / "huge.yaml", 100_000_000)
    target = "calendars/huge.yaml" if given == "file" else "calendars"
    run = run_bounded(
        "check", target, "--format", "plain", cwd=tmp_path,
        prefix=[sys.executable, "-c", COUNTING],
    )
    assert_clean_failure(run)
    assert run.stdout.startswith("calendars/huge.yaml:1:1: error [schema] "), run.stdout
    assert "100,000,000 bytes, more than the limit of 67,108,864" in run.stdout
    assert "split it into smaller files, or raise --max-bytes" in run.stdout
    limit = 20_000_000 if given == "file" else DEFAULT_MAX_BYTES + 20_000_000
    assert bytes_read(run.stderr) < limit, run.stderr


@pytest.mark.skipif(not os.path.exists("/proc/self/io"), reason="needs Linux /proc/self/io")
def test_a_folder_scan_reads_no_more_than_max_bytes_of_a_file(tmp_path: Path) -> None:
    sparse(tmp_path / "huge.yaml", 100_000_000)
    run = run_bounded(
        "check", ".", "--max-bytes", "1000000", "--format", "plain", cwd=tmp_path,
        prefix=[sys.executable, "-c", COUNTING],
    )
    assert_clean_failure(run)
    assert "more than the limit of 1,000,000" in run.stdout
    assert bytes_read(run.stderr) < 20_000_000, run.stderr


def test_the_limit_is_exact_and_max_bytes_changes_it(tmp_path: Path) -> None:
    text = HEADER + POST
    (tmp_path / "c.yaml").write_bytes(text)
    size = len(text)
    at_limit = run_bounded("check", "c.yaml", "--max-bytes", str(size), cwd=tmp_path)
    assert at_limit.code == 0, at_limit.stdout + at_limit.stderr
    over = run_bounded(
        "check", "c.yaml", "--max-bytes", str(size - 1), "--format", "plain", cwd=tmp_path
    )
    assert_clean_failure(over)
    assert f"the file is {size:,} bytes, more than the limit of {size - 1:,}" in over.stdout
    # Every other command that reads a calendar takes the same option.
    for command in (["export", "c.yaml", "--to", "csv"],):
        refused = run_bounded(*command, "--max-bytes", str(size - 1), cwd=tmp_path)
        assert_clean_failure(refused)
        assert "more than the limit" in refused.stderr, refused.stderr


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_bytes(HEADER + POST)
    run = run_bounded("check", "c.yaml", "--max-bytes", "0", cwd=tmp_path)
    assert_clean_failure(run)
    assert "--max-bytes" in run.stderr


@pytest.mark.slow
def test_200000_posts_are_checked_correctly(tmp_path: Path) -> None:
    path, line = big_calendar(tmp_path, 200_000)
    assert path.stat().st_size < DEFAULT_MAX_BYTES
    run = run_bounded(
        "check", "big.yaml", "--format", "json", cwd=tmp_path, memory=GIB, timeout=300
    )
    assert run.code == 1, run.stderr
    document = json.loads(run.stdout)
    assert document["summary"] == {"files": 1, "posts": 200_001, "errors": 1, "warnings": 0}
    [violation] = document["violations"]
    assert violation["check"] == "spacing"
    assert violation["post_ids"] == ["p0000100", "planted"]
    assert (violation["file"], violation["line"], violation["column"]) == ("big.yaml", line, 5)
    assert violation["platform"] == "p00" and violation["window"] == "2025-W02"
