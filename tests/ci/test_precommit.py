"""pre-commit for real: a temporary git repository with a calendar whose
.pre-commit-config.yaml names this project's `contentplan-check` hook;
`pre-commit run` installs contentplan into pre-commit's own environment and
runs the hook. This project is offered as it is on disk, uncommitted changes
included (as `pre-commit try-repo` would), and installed once for all the
tests here: they share one pre-commit home."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci.gate_repo import W1, W2, W3, calendar, make_repo, write_calendar

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("pre-commit"),  # one worker: one install (--dist loadgroup)
    pytest.mark.skipif(
        importlib.util.find_spec("contentplan.cli.check_cmd") is None,
        reason="check command not registered yet",
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

CLEAN_W2 = W2.replace("10:00", "12:30")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


def run_hook(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The hook must run the contentplan that pre-commit installed, so nothing
    # may point Python at this checkout or at the test run's environment.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "PRE_COMMIT", "PYTHON", "VIRTUAL_ENV"))
    }
    env["PRE_COMMIT_HOME"] = str(home)
    env["SKIP"] = ""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--verbose", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project's files as they are on disk (tracked and new, not the
    ignored ones), committed in a repository of their own: what pre-commit
    clones and installs. Its path and the commit."""
    source = tmp_path_factory.mktemp("hook-source")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        if (PROJECT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, source / name)
    git(source, "init", "-q")
    git(source, "add", ".")
    git(source, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-m", "x")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=source, check=True, capture_output=True, text=True
    )
    return source, head.stdout.strip()


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit home for every test here: contentplan is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path: Path, hook_source: tuple[Path, str]) -> Path:
    root = make_repo(tmp_path / "calendars-repo", W1, CLEAN_W2, W3)
    source, rev = hook_source
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: contentplan-check\n",
        encoding="utf-8",
    )
    git(root, "init", "-q")
    git(root, "config", "user.email", "planner@example.com")
    git(root, "config", "user.name", "Planner")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "a calendar that passes")
    return root


def test_hook_passes_then_fails_after_a_bad_edit(repo: Path, home: Path) -> None:
    passed = run_hook(repo, home, "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    # w2 an hour after w1: a spacing violation, staged as for a commit
    write_calendar(repo, calendar(W1, W2, W3))
    git(repo, "add", "calendars/volta.yaml")
    failed = run_hook(repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "spacing" in failed.stdout
    assert "calendars/volta.yaml:6:5" in failed.stdout


def test_hook_skips_commits_that_touch_no_calendar(repo: Path, home: Path) -> None:
    write_calendar(repo, calendar(W1, W2, W3))  # broken, but not staged
    (repo / "README.md").write_text("# calendars\n", encoding="utf-8")
    git(repo, "add", "README.md")
    run = run_hook(repo, home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no files to check" in run.stdout.lower() or "Skipped" in run.stdout
