"""Shared test fixtures: where the project and ../shared are, and a runner
for the real command line (in this process, or in a subprocess)."""

from __future__ import annotations

import functools
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


# How run_cli runs the command line: "here" (in this process, through the
# console script's own entry: contentplan.cli.run.run_app around the app),
# "process" (a fresh `python -m contentplan` each time) or "compare" (both,
# and the test fails where they differ). A test about the process itself
# (signals, closed streams, memory, start-up) passes process=True or starts
# the process itself (tests/hardening/support.py's run_bounded).
RUNS = os.environ.get("CONTENTPLAN_TEST_RUNS", "here")

# Variables a test may set for one run in this process: the command reads
# them when it runs. Any other (locale, PYTHON*, GITHUB_ACTIONS, which Typer
# also reads when it is imported) takes a fresh process.
HERE_ENV = frozenset({"COLUMNS", "GITHUB_WORKSPACE", "NO_COLOR"})

# The processes tests start read compiled bytecode, as an installed package
# does: with PYTHONDONTWRITEBYTECODE set (as on some CI machines) and no
# __pycache__ in a fresh clone, each `python -m contentplan` would compile
# every module it imports again. Their bytecode goes to one folder outside the
# tree instead, written by the first process that needs it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault(
    "PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "contentplan-tests-bytecode")
)

# Typer's help reads GITHUB_ACTIONS when it is imported (to force colours);
# runs here are outside GitHub Actions, as run_cli's processes are.
_github = os.environ.pop("GITHUB_ACTIONS", None)
try:
    import typer.rich_utils  # noqa: F401
finally:
    if _github is not None:
        os.environ["GITHUB_ACTIONS"] = _github


def run_cli(
    *args: str,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
    process: bool = False,
) -> Run:
    """`contentplan ARGS` as a user would run it, outside GitHub Actions."""
    if process or RUNS == "process" or not set(env or {}) <= HERE_ENV:
        return _in_a_process(args, cwd, env, stdin, timeout)
    if RUNS == "compare":
        return _compared(args, cwd, env, stdin, timeout)
    return _here(args, cwd, env, stdin)


def _compared(
    args: tuple[str, ...],
    cwd: Path | str | None,
    env: dict[str, str] | None,
    stdin: str | None,
    timeout: float,
) -> Run:
    """Both runs from the same start: a folder under the temporary folder is
    put back as it was between them (what the first run wrote is undone)."""
    folder = Path(cwd if cwd is not None else os.getcwd()).resolve()
    scratch = Path(tempfile.gettempdir()).resolve()
    saved = None
    if folder.is_relative_to(scratch):
        saved = Path(tempfile.mkdtemp()) / "saved"
        shutil.copytree(folder, saved, symlinks=True)
    real = _in_a_process(args, cwd, env, stdin, timeout)
    if saved is not None:
        shutil.rmtree(folder)
        shutil.copytree(saved, folder, symlinks=True)
        shutil.rmtree(saved.parent)
    run = _here(args, cwd, env, stdin)
    assert run == real, f"in-process and process runs differ for {args}"
    return run


def _in_a_process(
    args: tuple[str, ...],
    cwd: Path | str | None,
    env: dict[str, str] | None,
    stdin: str | None,
    timeout: float,
) -> Run:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "contentplan", *args],
        cwd=cwd,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        encoding="utf-8",
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _here(
    args: tuple[str, ...],
    cwd: Path | str | None,
    env: dict[str, str] | None,
    stdin: str | None,
) -> Run:
    """The run `python -m contentplan ARGS` makes, in this process: the same
    entry (run_app around the app), streams as a child's are when piped
    (UTF-8, not a terminal), the same environment and folder."""
    from contentplan.cli import app
    from contentplan.cli.run import run_app

    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environment.update(env or {})
    saved_environment = dict(os.environ)
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_folder = os.getcwd()
    out, err = io.BytesIO(), io.BytesIO()
    code: int
    try:
        os.environ.clear()
        os.environ.update(environment)
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(
            io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8", errors="surrogateescape"
        )
        sys.stdout = io.TextIOWrapper(
            out, encoding="utf-8", errors="surrogateescape", write_through=True
        )
        sys.stderr = io.TextIOWrapper(
            err, encoding="utf-8", errors="backslashreplace", write_through=True
        )
        try:
            run_app(functools.partial(app, args=list(args), prog_name="python -m contentplan"))
            code = 0
        except SystemExit as done:
            if done.code is None:
                code = 0
            elif isinstance(done.code, int):
                code = done.code
            else:  # as Python does when a process exits with a message
                sys.stderr.write(f"{done.code}\n")
                code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
            stream.detach()  # the bytes stay readable when the wrapper goes
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_folder)
        os.environ.clear()
        os.environ.update(saved_environment)
    return Run(code, _as_text(out.getvalue()), _as_text(err.getvalue()))


def _as_text(data: bytes) -> str:
    """Bytes as subprocess.run(text=True, encoding="utf-8") reads them."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


@pytest.fixture
def cli() -> Any:
    return run_cli


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is not beside this checkout")
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow first, in their order, then the others: parallel
    workers (pytest-xdist) start the long ones early instead of ending on one."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
