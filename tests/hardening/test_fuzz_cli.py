"""Issue 6, item 7, through the real command line: YAML text built from risky
pieces (anchors, aliases, merge keys, tags, quotes, tabs, BOMs, CR/LF,
document markers, flow brackets, odd values) and byte-level mutations of a
valid calendar. tests/properties/test_fuzz_check.py runs `check` in-process
on many documents and byte strings; here a bounded number of them run as a
user's process: exit 0, 1 or 2, no traceback, no internal error, finished
within the hang guard and 1 GiB of address space."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from contentplan.cli import app
from tests.hardening.support import run_bounded

VALID = (
    "version: 1\nbrand: acme\ntimezone: Europe/Berlin\nposts:\n"
    '  - &p {id: a1, at: "2024-03-31 01:30", platform: weibo, pillar: functional,'
    ' title: "长测 SU7", topic: cup}\n'
    '  - {<<: *p, id: a2, at: "2024-03-31 03:30", pillar: story}\n'
    "  - id: a3\n    at: 2024-10-27 02:30+01:00\n    platform: douyin\n"
    "    pillar: trending\n    title: 'Night'\n    ignore: [spacing]\n"
).encode()

KEYS = ["version", "brand", "timezone", "posts", "rules", "id", "at", "platform", "pillar",
        "title", "format", "campaign", "phase", "topic", "expires", "status", "notes",
        "ignore", "<<", "? [a, b]", "1", "~", '"quoted key"']
VALUES = ["1", "acme", "Asia/Shanghai", "Europe/Berlin", "Nowhere/City", "weibo", "douyin",
          "functional", "story", "2024-03-31 02:30", "2024-10-27 02:30", "2024-02-30 10:00",
          "24:00", "12:30", "off", "0.10", "'unclosed", '"unclosed', "[a, b", "{a: 1",
          "*nowhere", "&anchor x", "*anchor", "!!python/object/apply:os.system [true]",
          "!!str 1", "!!binary aGk=", "!custom x", "|\n  block\n", ">-\n  folded\n", "null",
          "[]", "{}", "- nested", "\t", "\x00", "\x07", "\ufeff", "長い" * 40, "%YAML 1.1"]
PIECES = st.one_of(
    st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES)).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.sampled_from(["---", "...", "- ", "-", "  ", "\t", "#", "&a [1, 2]", "*a", "<<: *a",
                     "posts:", "  - id: x", "    at: 2024-03-04 20:00", "[[[[[[", "]]]]"]),
    st.text(max_size=12),
)


@st.composite
def yaml_texts(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.tuples(st.integers(0, 6), PIECES), max_size=25))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = end.join(" " * indent + piece for indent, piece in lines)
    if draw(st.booleans()):
        text = "version: 1\nbrand: acme\ntimezone: UTC\nposts:\n" + text
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        byte = draw(st.binary(min_size=1, max_size=4))
        if kind == "insert":
            data[at:at] = byte
        elif kind == "delete":
            del data[at : at + len(byte)]
        elif kind == "replace":
            data[at : at + len(byte)] = byte
        else:
            del data[at:]
    return bytes(data)


def assert_runs_cleanly(folder: Path, data: bytes) -> None:
    (folder / "fuzz.yaml").write_bytes(data)
    run = run_bounded("check", "fuzz.yaml", "--format", "json", cwd=folder)
    assert run.code in (0, 1, 2), (data, run.code, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout, (data, run.stderr)
    assert "internal error" not in run.stderr, (data, run.stderr)
    if run.code != 2 or run.stdout:  # a JSON document unless the options were refused
        assert run.json()["summary"]["files"] == 1, data


subprocess_settings = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.slow
@subprocess_settings
@given(data=yaml_texts())
def test_risky_yaml_text_through_the_cli(tmp_path: Path, data: bytes) -> None:
    assert_runs_cleanly(tmp_path, data)


@pytest.mark.slow
@subprocess_settings
@given(data=mutations())
def test_mutated_calendars_through_the_cli(tmp_path: Path, data: bytes) -> None:
    assert_runs_cleanly(tmp_path, data)


def test_the_valid_seed_is_valid(tmp_path: Path) -> None:
    (tmp_path / "fuzz.yaml").write_bytes(VALID)
    run = run_bounded("check", "fuzz.yaml", "--format", "json", cwd=tmp_path)
    assert run.code in (0, 1), run.stdout
    assert run.json()["summary"]["posts"] == 3


RUNNER = CliRunner()


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(yaml_texts(), mutations()))
def test_many_more_in_process(tmp_path: Path, data: bytes) -> None:
    """The same inputs in-process, where any exception surfaces directly."""
    (tmp_path / "fuzz.yaml").write_bytes(data)
    result = RUNNER.invoke(app, ["check", str(tmp_path / "fuzz.yaml"), "--format", "json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), result.output
