"""Issue 10, "it can lose data": no output may name a file the run reads.

Every file a run reads is an input: calendars, rules, settings
(contentplan.yaml or pyproject.toml), baselines, backlogs, CSV files. An
output (check --output and --write-baseline, export -o, import -o, fix -o,
plan -o, report --svg/--html) that names one by any path (relative, with
``..``, through a symlink, as a hard link) is refused with exit 2 and the
input left as it was. ``--in-place`` refuses to replace a file that changed
after it was read.

The guard itself is tested on every spelling here, in one process; the
command line is tested once per option and kind of input, each case with
one spelling (the spellings rotate over the cases).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contentplan.core import files
from contentplan.core.files import (
    ChangedSinceRead,
    OutputIsInput,
    atomic_write,
    guard_output,
    input_named,
    record_input,
    write_output,
)
from tests.hardening.support import HANG_GUARD, _environment, assert_clean_failure, run_bounded

CALENDAR = """version: 1
brand: acme
timezone: Asia/Shanghai
rules: rules/r.yaml
posts:
  - {id: a1, at: "2024-03-04 12:30", platform: weibo, pillar: functional, title: Spec sheet}
  - {id: a2, at: "2024-03-04 13:00", platform: weibo, pillar: story, title: Night drive}
"""
RULES = """version: 1
platforms:
  weibo: {slots: ["12:30", "20:00"], max_per_day: 2, min_gap: 2h}
severity: {mix: off, mix-brand: off}
"""
BACKLOG = """version: 1
brand: acme
timezone: Asia/Shanghai
items:
  - {id: i1, pillar: functional, title: Item}
"""
CSV = "date,time,platform,pillar,title\n2024-03-04,12:30,weibo,functional,Spec sheet\n"
SETTINGS_YAML = "strict: false\n"
SETTINGS_TOML = '[project]\nname = "x"\n\n[tool.contentplan]\nstrict = false\n'

# The file of each kind of input, relative to the project folder.
INPUT_FILES = {
    "calendar": "c.yaml",
    "rules": "rules/r.yaml",
    "settings": "contentplan.yaml",
    "pyproject": "pyproject.toml",
    "baseline": "known.json",
    "backlog": "backlog.yaml",
    "csv": "posts.csv",
}


@pytest.fixture(autouse=True)
def _fresh_run() -> None:
    files.forget_inputs()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # settings are searched for up to here
    (tmp_path / "rules").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "c.yaml").write_text(CALENDAR, encoding="utf-8")
    (tmp_path / "rules" / "r.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "backlog.yaml").write_text(BACKLOG, encoding="utf-8")
    (tmp_path / "posts.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "known.json").write_text('{"version": 1, "violations": []}\n')
    return tmp_path


# -- the guard, every spelling ---------------------------------------------------------

SPELLINGS = ["as read", "./", "absolute", "..", "symlink", "symlinked folder", "hard link"]


def spell(project: Path, name: str, how: str) -> str:
    """``name`` (relative to ``project``) spelled another way."""
    path = project / name
    if how == "as read":
        return name
    if how == "./":
        return f"./{name}"
    if how == "absolute":
        return str(path)
    if how == "..":
        return f"sub/../{name}"
    if how == "symlink":
        link = project / f"link-{path.name}"
        link.symlink_to(path)
        return link.name
    if how == "symlinked folder":
        folder = project / "elsewhere"
        folder.symlink_to(path.parent)
        return f"elsewhere/{path.name}"
    assert how == "hard link"
    os.link(path, project / f"hard-{path.name}")
    return f"hard-{path.name}"


@pytest.mark.parametrize("how", SPELLINGS)
def test_the_guard_knows_an_input_by_any_path(
    project: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.chdir(project)
    record_input("rules/r.yaml", (project / "rules" / "r.yaml").read_bytes())
    spelled = spell(project, "rules/r.yaml", how)
    assert input_named(spelled) is not None
    with pytest.raises(OutputIsInput) as refused:
        guard_output(spelled, "-o", "use --in-place")
    assert str(refused.value) == (
        f"-o {spelled} is an input of this run (rules/r.yaml): contentplan never overwrites "
        "its inputs; use --in-place"
    )
    with pytest.raises(OutputIsInput):
        write_output(spelled, "lost\n", "-o")
    assert (project / "rules" / "r.yaml").read_text() == RULES


def test_the_guard_lets_other_files_through(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    record_input("c.yaml")
    (project / "copy.yaml").write_text(CALENDAR)  # same text, another file
    for name in ["copy.yaml", "new.yaml", "rules/c.yaml", "sub/c.yaml"]:
        assert input_named(name) is None, name
        guard_output(name, "-o")
    write_output("new.yaml", "fresh\n", "-o")
    assert (project / "new.yaml").read_text() == "fresh\n"


def test_an_input_read_by_a_link_is_known_by_its_target(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    (project / "alias.yaml").symlink_to(project / "c.yaml")
    record_input("alias.yaml")
    assert input_named("c.yaml") is not None
    assert input_named(str(project / "c.yaml")) is not None


def test_forget_inputs_starts_a_new_run(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    record_input("c.yaml")
    files.forget_inputs()
    assert input_named("c.yaml") is None


# -- the readers record what they read ---------------------------------------------------


def test_every_reader_records_its_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contentplan.load.backlog import load_backlog
    from contentplan.load.baseline import baseline_text, load_baseline
    from contentplan.load.gather import gather
    from contentplan.load.settings import find_settings

    monkeypatch.chdir(project)
    (project / "known.json").write_text(baseline_text([])[0], encoding="utf-8")
    (project / "contentplan.yaml").write_text(SETTINGS_YAML)
    files.forget_inputs()
    gather(["c.yaml"])  # the calendar and the rules it names
    load_backlog("backlog.yaml", "backlog.yaml")
    load_baseline("known.json")
    find_settings()
    for name in ["c.yaml", "rules/r.yaml", "backlog.yaml", "known.json", "contentplan.yaml"]:
        assert input_named(name) is not None, name
    (project / "contentplan.yaml").unlink()
    (project / "pyproject.toml").write_text(SETTINGS_TOML)
    files.forget_inputs()
    find_settings()
    assert input_named("pyproject.toml") is not None


def test_a_file_too_big_to_read_is_still_an_input(project: Path) -> None:
    from contentplan.load.calendar import load_calendar

    calendar, problems = load_calendar(str(project / "c.yaml"), "c.yaml", max_bytes=10)
    assert calendar is None and problems
    assert input_named(project / "c.yaml") is not None


# -- --in-place: replace only what was read ------------------------------------------------


def test_in_place_replaces_a_file_that_holds_what_was_read(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    target.write_text(CALENDAR)
    atomic_write(target, "repaired\n", expected=CALENDAR.encode())
    assert target.read_text() == "repaired\n"


@pytest.mark.parametrize("edit", ["appended", "rewritten by rename", "deleted"])
def test_in_place_refuses_a_file_changed_since_it_was_read(tmp_path: Path, edit: str) -> None:
    target = tmp_path / "c.yaml"
    target.write_text(CALENDAR)
    read = target.read_bytes()
    if edit == "appended":
        with open(target, "a") as handle:
            handle.write("# the planner's note\n")
    elif edit == "rewritten by rename":  # as editors save
        (tmp_path / "c.yaml~").write_text(CALENDAR.replace("Night drive", "Night ride"))
        os.replace(tmp_path / "c.yaml~", target)
    else:
        target.unlink()
    after = target.read_bytes() if target.exists() else None
    with pytest.raises(ChangedSinceRead):
        atomic_write(target, "repaired\n", expected=read)
    assert (target.read_bytes() if target.exists() else None) == after
    assert [p.name for p in tmp_path.iterdir()] == ([] if after is None else ["c.yaml"])


# -- the command line: every output option × every kind of input it reads -------------------

# option: argv with {out} for the output, and the kinds of input the run reads
# (export, import and report read the settings only to keep them safe).
OPTIONS: dict[str, tuple[list[str], list[str]]] = {
    "check --output": (
        ["check", "c.yaml", "--baseline", "known.json", "--output", "{out}"],
        ["calendar", "rules", "settings", "pyproject", "baseline"],
    ),
    "check --write-baseline": (
        ["check", "c.yaml", "--write-baseline", "{out}"],
        ["calendar", "rules", "settings", "pyproject"],
    ),
    "export -o": (
        ["export", "c.yaml", "--to", "csv", "-o", "{out}"],
        ["calendar", "rules", "settings", "pyproject"],
    ),
    "import -o": (
        ["import", "posts.csv", "--brand", "acme", "--timezone", "Asia/Shanghai",
         "--rules", "rules/r.yaml", "--force", "-o", "{out}"],
        ["csv", "rules", "settings", "pyproject"],
    ),
    "fix -o": (["fix", "c.yaml", "-o", "{out}"], ["calendar", "rules", "settings", "pyproject"]),
    "plan -o": (
        ["plan", "--week", "2024-W11", "--calendar", "c.yaml", "--backlog", "backlog.yaml",
         "-o", "{out}"],
        ["calendar", "rules", "settings", "pyproject", "backlog"],
    ),
    "report --svg": (
        ["report", "c.yaml", "--svg", "{out}"], ["calendar", "rules", "settings", "pyproject"]
    ),
    "report --html": (
        ["report", "c.yaml", "--html", "{out}"], ["calendar", "rules", "settings", "pyproject"]
    ),
}
CASES = [(option, kind) for option, (_, kinds) in OPTIONS.items() for kind in kinds]
CLI_SPELLINGS = ["as read", "..", "symlink", "hard link"]


@pytest.mark.parametrize(("option", "kind"), CASES, ids=[f"{o} {k}" for o, k in CASES])
def test_no_output_option_overwrites_an_input(project: Path, option: str, kind: str) -> None:
    how = CLI_SPELLINGS[CASES.index((option, kind)) % len(CLI_SPELLINGS)]
    if kind == "settings":
        (project / "contentplan.yaml").write_text(SETTINGS_YAML)
    if kind == "pyproject":
        (project / "pyproject.toml").write_text(SETTINGS_TOML)
    spelled = spell(project, INPUT_FILES[kind], how)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    argv, _ = OPTIONS[option]
    run = run_bounded(*(a.replace("{out}", spelled) for a in argv), cwd=project, timeout=120)
    assert_clean_failure(run)
    flag = argv[argv.index("{out}") - 1]
    assert f"{flag} {spelled} is an input of this run" in run.stderr, run.stderr
    assert "never overwrites its inputs" in run.stderr, run.stderr
    if option in ("fix -o", "plan -o"):
        assert "use --in-place" in run.stderr, run.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_the_outputs_still_work_where_no_input_is_named(project: Path) -> None:
    """The same runs with a fresh output name write it (so the refusals
    above are about the name, not a broken setup)."""
    for option, (argv, _) in OPTIONS.items():
        if not option.startswith(("check --output", "plan", "fix")):
            continue
        out = project / f"out-{option.split()[0]}"
        run = run_bounded(*(a.replace("{out}", out.name) for a in argv), cwd=project, timeout=120)
        assert run.code in (0, 1), (option, run.stderr)
        assert out.is_file(), option


# -- --in-place while someone edits the file ---------------------------------------------------

IN_PLACE = {
    "fix": ["fix", "c.yaml", "--in-place"],
    "plan": ["plan", "--week", "2024-W11", "--calendar", "c.yaml", "--backlog", "backlog.yaml",
             "--in-place"],
}


def _atime_is_kept(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_text("x")
    os.utime(probe, (0, probe.stat().st_mtime))
    probe.read_bytes()
    updated = probe.stat().st_atime != 0
    probe.unlink()
    return updated


def _has_read(calendar: Path, pid: int) -> bool:
    return calendar.stat().st_atime != 0


def _is_loading_the_solver(calendar: Path, pid: int) -> bool:
    with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as handle:
        return "ortools" in handle.read()


WHEN = {"after reading it": _has_read, "while loading the solver": _is_loading_the_solver}


@pytest.mark.parametrize("when", sorted(WHEN))
@pytest.mark.parametrize("command", sorted(IN_PLACE))
def test_in_place_leaves_an_edit_made_while_it_runs(
    project: Path, command: str, when: str
) -> None:
    """The file is edited while the command runs: right after it has read
    the file (seen by its access time), or once it has read everything and
    is loading the solver (seen in /proc/PID/maps), long before it writes.
    The edit stays, and the run says so."""
    calendar = project / "c.yaml"
    if when == "after reading it":
        if not _atime_is_kept(project):
            pytest.skip("this file system does not record access times")
        os.utime(calendar, (0, calendar.stat().st_mtime))
    elif not os.path.isdir("/proc/self"):
        pytest.skip("needs Linux /proc")
    process = subprocess.Popen(
        [sys.executable, "-m", "contentplan", *IN_PLACE[command]],
        cwd=project,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + HANG_GUARD
    while not WHEN[when](calendar, process.pid):
        assert process.poll() is None, "the command ended before the edit"
        assert time.monotonic() < deadline, "the command never got there"
        time.sleep(0.001)
    with open(calendar, "a", encoding="utf-8") as handle:
        handle.write("# a note added while the command ran\n")
    edited = calendar.read_bytes()
    _out, err = process.communicate(timeout=HANG_GUARD * 3)
    text = err.decode()
    assert process.returncode == 2, text
    assert "Traceback" not in text
    assert "c.yaml changed while" in text and "again" in text, text
    assert calendar.read_bytes() == edited
    assert not [p.name for p in project.iterdir() if p.name.endswith(".tmp")]
