"""Arbitrary YAML documents and byte strings never crash `check`: the exit
code is 0, 1 or 2, and nothing but SystemExit leaves the command."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from contentplan.cli import app

RUNNER = CliRunner()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "2024-02-30 10:00",
            "2024-03-01 24:00",
            "12:30",
            "off",
            "0.10",
            "weibo",
            "functional",
            "Asia/Shanghai",
            "Mars/Olympus",
            "90m",
            "3x",
            "!!python",
            # extreme values (issue 10)
            "0001-01-01 00:00",
            "0000-01-01",
            "9999-12-31 23:59",
            "9999-12-31",
            "2200-01-05 23:00-12:00",
            "２０２４-04-01 10:00",
            "０９:００",
            "２h",
            "99999999999999999999d",
            "9" * 5000,
        ]
    ),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(
            st.sampled_from(
                [
                    "version",
                    "brand",
                    "timezone",
                    "posts",
                    "id",
                    "at",
                    "platform",
                    "pillar",
                    "title",
                    "format",
                    "campaign",
                    "phase",
                    "topic",
                    "expires",
                    "status",
                    "ignore",
                    "rules",
                    "pilar",
                    "x",
                ]
            ),
            inner,
            max_size=8,
        ),
    ),
    max_leaves=30,
)
calendar_like = st.fixed_dictionaries(
    {
        "version": st.sampled_from([1, 2, "1"]),
        "brand": st.text(min_size=1, max_size=8),
        "timezone": st.sampled_from(["UTC", "Asia/Shanghai", "Europe/Berlin", "Nowhere/City"]),
        "posts": st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "at",
                        "platform",
                        "pillar",
                        "title",
                        "format",
                        "expires",
                        "topic",
                        "ignore",
                    ]
                ),
                scalars,
                max_size=7,
            ),
            max_size=6,
        ),
    },
)


def run_check(path: Path) -> None:
    result = RUNNER.invoke(app, ["check", str(path), "--format", "json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), result.output


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=st.one_of(documents, calendar_like))
def test_any_yaml_document(tmp_path: Path, document: object) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    run_check(path)


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blob=st.binary(max_size=300))
def test_any_bytes(tmp_path: Path, blob: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(b"version: 1\nbrand: b\ntimezone: UTC\nposts:\n" + blob)
    run_check(path)
    path.write_bytes(blob)
    run_check(path)
