"""The composite action and the pre-commit manifest, checked as files: their
shape, and the action's check script run by bash with a stand-in contentplan
that records its arguments (the real runner is GitHub's)."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def action() -> Any:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def step(name: str) -> Any:
    return next(s for s in action()["runs"]["steps"] if s.get("id") == name)


def test_action_is_composite_with_the_inputs_of_the_issue() -> None:
    document = action()
    assert document["runs"]["using"] == "composite"
    assert {"paths", "rules", "strict", "sarif-file"} <= set(document["inputs"])
    assert step("python")["uses"].startswith("actions/setup-python@")
    assert "$GITHUB_ACTION_PATH" in step("install")["run"]


def test_no_input_is_pasted_into_a_script() -> None:
    """${{ inputs.x }} inside `run:` would let a crafted input run commands."""
    for each in action()["runs"]["steps"]:
        assert "${{" not in each.get("run", ""), each.get("id")


def test_pre_commit_manifest() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "contentplan-check"
    assert hook["entry"] == "contentplan check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    for path in ("calendars/xiaomi.yaml", "rules/default.yaml", "contentplan.yaml"):
        assert files.search(path), path
    for path in ("README.md", "src/calendars.py", "docs/rules/x.md"):
        assert not files.search(path), path


def test_pre_commit_validates_the_manifest() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


FAKE = """#!/bin/sh
# records each call, one argument per line, writes the --output file (unless
# NO_REPORT is set), then exits as told
{ for arg in "$@"; do printf '%s\\n' "$arg"; done; echo ---; } >> "$CALLS"
previous=""
for arg in "$@"; do
  if [ "$previous" = "--output" ] && [ -z "$NO_REPORT" ]; then echo '{}' > "$arg"; fi
  previous=$arg
done
case " $* " in
  *" sarif "*) exit "${SARIF_EXIT:-0}" ;;
  *) exit "${GITHUB_EXIT:-0}" ;;
esac
"""


def run_check_step(
    tmp_path: Path, exits: dict[str, str] | None = None, workdir: str = ".", **inputs: str
) -> tuple[int, list[list[str]], str]:
    """The check step as the runner runs it: in ``workdir`` (the input
    working-directory, under ``tmp_path``), with the INPUT_* variables the
    step's env sets, GITHUB_OUTPUT, and whatever ``exits`` adds."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    fake = tmp_path / "contentplan"
    fake.write_text(FAKE, encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    calls, output = tmp_path / "calls.txt", tmp_path / "output.txt"
    env = {
        "PATH": "/usr/bin:/bin",
        "CONTENTPLAN": str(fake),
        "CALLS": str(calls),
        "GITHUB_OUTPUT": str(output),
        **(exits or {}),
        **{f"INPUT_{key.upper()}": value for key, value in inputs.items()},
    }
    for key in ("PATHS", "RULES", "STRICT", "SARIF_FILE", "BASELINE", "SINCE"):
        env.setdefault(f"INPUT_{key}", "")
    script = step("check")["run"]
    # GitHub runs `shell: bash` as: bash --noprofile --norc -eo pipefail {0}
    (tmp_path / workdir).mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path / workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    text = calls.read_text(encoding="utf-8") if calls.exists() else ""
    runs = [chunk.strip("\n").split("\n") for chunk in text.split("---\n") if chunk.strip()]
    return done.returncode, runs, output.read_text(encoding="utf-8") + done.stdout


def test_defaults_run_one_annotating_check(tmp_path: Path) -> None:
    code, runs, output = run_check_step(tmp_path, strict="false")
    assert code == 0
    assert runs == [["check", "--format", "github"]]
    assert "exit-code=0" in output


def test_every_input_reaches_both_runs(tmp_path: Path) -> None:
    code, runs, _ = run_check_step(
        tmp_path,
        paths="calendars/a.yaml\n  calendars/b *.yaml",
        rules="rules/x.yaml",
        strict="true",
        sarif_file="reports/contentplan.sarif",
        baseline=".contentplan-baseline.json",
        since="today",
    )
    assert code == 0
    options = [
        "--rules",
        "rules/x.yaml",
        "--baseline",
        ".contentplan-baseline.json",
        "--since",
        "today",
        "--strict",
    ]
    paths = ["calendars/a.yaml", "calendars/b", "*.yaml"]
    assert runs == [
        ["check", *paths, *options, "--format", "sarif", "--output", "reports/contentplan.sarif"],
        ["check", *paths, *options, "--format", "github"],
    ]
    assert (tmp_path / "reports").is_dir()


@pytest.mark.parametrize(
    ("sarif", "github", "expected"), [("1", "1", 1), ("2", "1", 2), ("0", "1", 1), ("0", "0", 0)]
)
def test_exit_code_is_the_worst_of_the_two_runs(
    tmp_path: Path, sarif: str, github: str, expected: int
) -> None:
    exits = {"SARIF_EXIT": sarif, "GITHUB_EXIT": github}
    code, runs, output = run_check_step(tmp_path, exits, sarif_file="out.sarif")
    assert code == expected
    assert len(runs) == 2
    assert f"exit-code={expected}" in output


def test_strict_must_be_a_boolean(tmp_path: Path) -> None:
    code, runs, output = run_check_step(tmp_path, strict="yes")
    assert code == 2
    assert runs == []
    assert "strict must be true or false" in output


def outputs(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


@pytest.mark.parametrize(
    ("workdir", "sarif_file", "expected"),
    [
        (".", "contentplan.sarif", "contentplan.sarif"),
        ("brand-a", "contentplan.sarif", "brand-a/contentplan.sarif"),
        ("brand-a/sub", "../reports/./x.sarif", "brand-a/reports/x.sarif"),
        ("brand-a", "../../outside.sarif", "{parent}/outside.sarif"),
    ],
)
def test_sarif_file_output_is_where_later_steps_find_it(
    tmp_path: Path, workdir: str, sarif_file: str, expected: str
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    code, _, output = run_check_step(
        workspace, {"GITHUB_WORKSPACE": str(workspace)}, workdir=workdir, sarif_file=sarif_file
    )
    assert code == 0
    found = outputs(output)["sarif-file"]
    assert found == expected.format(parent=tmp_path.resolve())
    # upload-sarif and hashFiles() run in the workspace
    assert (workspace / found).is_file()


def test_sarif_file_output_without_a_workspace_is_absolute(tmp_path: Path) -> None:
    code, _, output = run_check_step(tmp_path, workdir="sub", sarif_file="out.sarif")
    assert code == 0
    assert outputs(output)["sarif-file"] == str((tmp_path / "sub" / "out.sarif").resolve())


def test_no_sarif_file_output_when_none_was_written(tmp_path: Path) -> None:
    code, runs, output = run_check_step(
        tmp_path, {"NO_REPORT": "1", "SARIF_EXIT": "2"}, sarif_file="out.sarif"
    )
    assert code == 2 and len(runs) == 2
    assert "sarif-file" not in outputs(output)
    (tmp_path / "again").mkdir()
    code, runs, output = run_check_step(tmp_path / "again", sarif_file="a\nb.sarif")
    assert code == 2 and runs == []
    assert "sarif-file must be one line" in output


def test_the_action_output_is_the_step_output() -> None:
    value = action()["outputs"]["sarif-file"]["value"]
    assert value == "${{ steps.check.outputs.sarif-file }}"
