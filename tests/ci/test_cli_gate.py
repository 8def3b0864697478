"""The CI gate through the real command line: settings, baselines, --since,
--format auto under GitHub Actions, and every format's exit codes and
stdout. These need `contentplan check` (src/contentplan/cli/check_cmd.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tests.ci.gate_repo import CLEAN_W2, LATE, TWIN, W1, W2, W3, calendar, make_repo, write_calendar
from tests.conftest import SHARED, Run, run_cli

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("contentplan.cli.check_cmd") is None,
    reason="check command not registered yet",
)

BASELINE = ".contentplan-baseline.json"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".git").mkdir()  # the settings search stops here
    return make_repo(root)


def check(repo: Path, *args: str, cwd: Path | None = None, **env: str) -> Run:
    run = run_cli("check", *args, cwd=cwd or repo, env=env or None)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def ids(run: Run) -> list[tuple[str, list[str]]]:
    return [(v["check"], v["post_ids"]) for v in run.json()["violations"]]


# ---------------------------------------------------------------- baselines


def test_write_baseline_then_the_gate_passes(repo: Path) -> None:
    assert check(repo, "calendars").code == 1
    written = check(repo, "calendars", "--write-baseline", BASELINE)
    assert written.code == 0, written.stderr
    document = json.loads((repo / BASELINE).read_text(encoding="utf-8"))
    assert [(e["check"], e["post_ids"]) for e in document["violations"]] == [
        ("spacing", ["w1", "w2"])
    ]
    gated = check(repo, "calendars", "--baseline", BASELINE, "--format", "json")
    assert gated.code == 0, gated.stdout + gated.stderr
    assert gated.json()["violations"] == []
    assert "1 known" in gated.stderr + gated.stdout


def test_schema_problems_never_empty_the_baseline(repo: Path) -> None:
    check(repo, "calendars", "--write-baseline", BASELINE)
    before = (repo / BASELINE).read_text(encoding="utf-8")
    write_calendar(repo, calendar(W1, W2, W3.replace("2025-03-05", "2025-02-30")))
    rewritten = check(repo, "calendars", "--write-baseline", BASELINE, "--format", "plain")
    assert rewritten.code == 2
    assert "2025-02-30" in rewritten.stdout
    assert "left as it was" in rewritten.stderr
    assert (repo / BASELINE).read_text(encoding="utf-8") == before


def test_explicit_format_auto_beats_the_settings(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text("format: json\n", encoding="utf-8")
    assert check(repo, "calendars").stdout.lstrip().startswith("{")
    assert not check(repo, "calendars", "--format", "auto").stdout.lstrip().startswith("{")


def test_moving_lines_keeps_the_baseline_matching(repo: Path) -> None:
    check(repo, "calendars", "--write-baseline", BASELINE)
    write_calendar(repo, calendar(W3, W2, W1, comments=12))
    moved = check(repo, "calendars", "--baseline", BASELINE)
    assert moved.code == 0, moved.stdout + moved.stderr


def test_a_new_violation_fails_and_only_it_is_reported(repo: Path) -> None:
    check(repo, "calendars", "--write-baseline", BASELINE)
    write_calendar(repo, calendar(W1, W2, W3, LATE))
    run = check(repo, "calendars", "--baseline", BASELINE, "--format", "json")
    assert run.code == 1
    assert ids(run) == [("quiet-hours", ["w4"])]


def test_fixing_a_known_violation_passes(repo: Path) -> None:
    check(repo, "calendars", "--write-baseline", BASELINE)
    write_calendar(repo, calendar(W1, CLEAN_W2, W3))
    assert check(repo, "calendars", "--baseline", BASELINE).code == 0


def test_a_malformed_baseline_is_exit_2_naming_the_file(repo: Path) -> None:
    (repo / BASELINE).write_text('{"version": 1, "violations": [', encoding="utf-8")
    run = check(repo, "calendars", "--baseline", BASELINE)
    assert run.code == 2
    assert BASELINE in run.stderr and "baseline" in run.stderr


def test_a_missing_baseline_is_exit_2(repo: Path) -> None:
    run = check(repo, "calendars", "--baseline", "nope.json")
    assert run.code == 2
    assert "nope.json" in run.stderr


# ---------------------------------------------------------------- --since


def test_since_leaves_published_history_alone(repo: Path) -> None:
    assert check(repo, "calendars", "--since", "2025-03-10").code == 0
    assert check(repo, "calendars", "--since", "today").code == 0
    assert check(repo, "calendars", "--since", "2025-03-01").code == 1


def test_since_from_the_settings_and_the_command_line_wins(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text("since: today\n", encoding="utf-8")
    assert check(repo, "calendars").code == 0
    assert check(repo, "calendars", "--since", "2025-03-01").code == 1


def test_bad_since_is_exit_2(repo: Path) -> None:
    assert check(repo, "calendars", "--since", "2025-02-30").code == 2


# ---------------------------------------------------------------- settings


def test_no_path_uses_include_from_the_settings_found_upward(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text("include: [calendars/]\n", encoding="utf-8")
    (repo / "drafts").mkdir()
    run = check(repo, "--format", "json", cwd=repo / "drafts")
    assert run.code == 1, run.stderr
    assert ids(run) == [("spacing", ["w1", "w2"])]


def test_exclude_from_the_settings(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text(
        "include: [calendars/]\nexclude: [volta.yaml]\nallow_empty: true\n", encoding="utf-8"
    )
    run = check(repo, "--format", "json")
    assert run.code == 0, run.stdout + run.stderr
    assert run.json()["summary"]["files"] == 0


def test_pyproject_settings(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.contentplan]\ninclude = ["calendars/"]\nstrict = true\n', encoding="utf-8"
    )
    write_calendar(repo, calendar(W1, CLEAN_W2, W3, TWIN))  # only a duplicate warning
    assert check(repo).code == 1
    assert check(repo, "--no-strict").code == 0


def test_format_from_the_settings_and_the_command_line_wins(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text("format: json\n", encoding="utf-8")
    assert check(repo, "calendars").json()["summary"]["errors"] == 1
    assert not check(repo, "calendars", "--format", "plain").stdout.startswith("{")


def test_rules_from_the_settings_are_relative_to_the_settings_file(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text("rules: rules/default.yaml\n", encoding="utf-8")
    text = calendar(W1, W2, W3).replace("rules: ../rules/default.yaml\n", "")
    write_calendar(repo, text)
    (repo / "drafts").mkdir()
    run = check(repo, "../calendars", "--format", "json", cwd=repo / "drafts")
    assert ids(run) == [("spacing", ["w1", "w2"])], run.stderr


def test_bad_settings_are_exit_2_with_file_line_and_column(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text("format: plain\nstrct: true\n", encoding="utf-8")
    run = check(repo, "calendars")
    assert run.code == 2
    assert "contentplan.yaml:2:1" in run.stderr
    assert "strict" in run.stderr


# ---------------------------------------------------------------- formats


def test_auto_picks_github_under_github_actions(repo: Path) -> None:
    run = check(repo, "calendars", GITHUB_ACTIONS="true")
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert lines[0] == "::group::calendars/volta.yaml"
    assert lines[1].startswith("::error file=calendars/volta.yaml,line=6,col=5,title=spacing%3A ")
    assert "::endgroup::" in lines


def test_auto_is_plain_when_piped_outside_github(repo: Path) -> None:
    run = check(repo, "calendars")
    assert not run.stdout.startswith("::")
    assert "calendars/volta.yaml:6:5:" in run.stdout


def test_annotations_are_relative_to_the_workspace(repo: Path) -> None:
    run = check(
        repo, "../calendars", cwd=repo / "rules", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(repo)
    )
    assert "::error file=calendars/volta.yaml," in run.stdout


@pytest.fixture
def sarif_validator() -> Any:
    schema_path = SHARED / "data" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip(f"{schema_path} is absent: the official SARIF schema lives in ../shared/data")
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def test_sarif_on_stdout_is_the_document_alone_and_valid(repo: Path, sarif_validator: Any) -> None:
    run = check(repo, "calendars", "--format", "sarif")
    assert run.code == 1
    log = json.loads(run.stdout)
    assert list(sarif_validator.iter_errors(log)) == []
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "spacing"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "calendars/volta.yaml"
    )
    rules = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert "schema" in rules and "role-fit" in rules


def test_sarif_fingerprint_survives_moving_the_post(repo: Path) -> None:
    def fingerprint() -> str:
        log = json.loads(check(repo, "calendars", "--format", "sarif").stdout)
        return str(log["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"])

    before = fingerprint()
    write_calendar(repo, calendar(W3, W2, W1, comments=5))
    assert fingerprint() == before


def test_sarif_output_file_and_empty_stdout(repo: Path, sarif_validator: Any) -> None:
    (repo / "out").mkdir()
    run = check(repo, "calendars", "--format", "sarif", "--output", "out/report.sarif")
    assert run.code == 1
    assert run.stdout == ""
    log = json.loads((repo / "out" / "report.sarif").read_text(encoding="utf-8"))
    assert list(sarif_validator.iter_errors(log)) == []
    assert sorted(p.name for p in (repo / "out").iterdir()) == ["report.sarif"]


def test_an_output_folder_that_does_not_exist_is_exit_2(repo: Path) -> None:
    run = check(repo, "calendars", "--format", "sarif", "--output", "missing/report.sarif")
    assert run.code == 2
    assert "missing/report.sarif" in run.stderr


def test_junit_is_read_back_by_a_parser(repo: Path) -> None:
    from junitparser import JUnitXml

    run = check(repo, "calendars", "--format", "junit", "--output", "junit.xml")
    assert run.code == 1
    assert run.stdout == ""
    xml = JUnitXml.fromfile(str(repo / "junit.xml"))
    (suite,) = list(xml)
    assert suite.name == "calendars/volta.yaml"
    failed = [case.name for case in suite if not case.is_passed]
    assert failed == ["spacing"]


@pytest.mark.parametrize("kind", ["plain", "json", "sarif", "junit", "github"])
@pytest.mark.parametrize(
    ("posts", "expected"),
    [((W1, CLEAN_W2, W3), 0), ((W1, W2, W3), 1), ((W1, "  - {id: broken}\n"), 2)],
)
def test_exit_codes_are_the_same_in_every_format(
    repo: Path, kind: str, posts: tuple[str, ...], expected: int
) -> None:
    write_calendar(repo, calendar(*posts))
    run = check(repo, "calendars", "--format", kind)
    assert run.code == expected, run.stdout + run.stderr
    if kind in ("json", "sarif"):
        json.loads(run.stdout)
    if kind == "junit":
        assert run.stdout.startswith("<?xml")
