"""Golden files for the CI formats on a real calendar that triggers every
check (fixtures/every-check.yaml), through the real command line; and the
schema-error calendar, which exits 2 in every format.

``CONTENTPLAN_UPDATE_GOLDEN=1`` rewrites the golden files; review the diff."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.ci.golden import assert_golden
from tests.conftest import SHARED, run_cli

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("contentplan.cli.check_cmd") is None,
    reason="check command not registered yet",
)

FIXTURES = Path(__file__).parent / "fixtures"
EVERY_CHECK = (
    "spacing",
    "duplicate",
    "cadence",
    "quiet-hours",
    "format",
    "title-length",
    "blackout",
    "campaign-phase",
    "stale-trend",
    "mix",
    "mix-brand",
    "role-fit",
)
SUFFIX = {"sarif": "sarif", "junit": "junit.xml", "github": "github.txt"}


def check(*args: str) -> tuple[int, str, str]:
    # GITHUB_WORKSPACE makes the fixtures folder the root that SARIF and
    # annotation paths are relative to, wherever this checkout lives.
    run = run_cli("check", *args, cwd=FIXTURES, env={"GITHUB_WORKSPACE": str(FIXTURES)})
    assert "Traceback" not in run.stderr, run.stderr
    return run.code, run.stdout, run.stderr


def test_the_fixture_triggers_every_check() -> None:
    code, out, err = check("every-check.yaml", "--format", "json")
    assert code == 1, err
    found = {v["check"] for v in json.loads(out)["violations"]}
    assert found == set(EVERY_CHECK)


@pytest.mark.parametrize("kind", ["sarif", "junit", "github"])
def test_golden(kind: str) -> None:
    code, out, err = check("every-check.yaml", "--format", kind)
    assert code == 1, err
    assert_golden(f"cli-every-check.{SUFFIX[kind]}", _versionless(out, kind))


@pytest.mark.parametrize("kind", ["sarif", "junit", "github"])
def test_schema_errors_exit_2_in_every_format(kind: str) -> None:
    code, out, _ = check("schema-errors.yaml", "--format", kind)
    assert code == 2
    assert_golden(f"cli-schema-errors.{SUFFIX[kind]}", _versionless(out, kind))


def _versionless(out: str, kind: str) -> str:
    """The SARIF version moves with releases; the rest must not."""
    if kind != "sarif":
        return out
    log = json.loads(out)
    log["runs"][0]["tool"]["driver"]["version"] = "<version>"
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = "<version>"
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def test_sarif_of_every_check_is_valid() -> None:
    schema_path = SHARED / "data" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip(f"{schema_path} is absent: the official SARIF schema lives in ../shared/data")
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    for name in ("every-check.yaml", "schema-errors.yaml"):
        _, out, _ = check(name, "--format", "sarif")
        assert list(validator.iter_errors(json.loads(out))) == [], name
