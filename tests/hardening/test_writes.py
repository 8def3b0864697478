"""Issue 6, item 5: writes, for every command that writes a file (check
--output and --write-baseline, export, import, report --svg/--html, plan -o
and --in-place, init), through the real command line:

- each write is a temporary file in the target folder, fsync, an atomic
  rename (traced in the real process);
- a full disk mid-way (a tiny tmpfs) and a read-only folder (a read-only
  tmpfs) give exit 2, a clear message, the original intact and no temp file;
- `-o` naming an input is refused (plan: with a hint to use --in-place);
- devices and symlinks as targets.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from contentplan.app.init import starter_files
from tests.conftest import run_cli
from tests.hardening.support import assert_clean_failure, run_bounded

CALENDAR = """version: 1
brand: acme
timezone: Asia/Shanghai
rules: rules.yaml
posts:
  - {id: a1, at: "2024-03-04 12:30", platform: weibo, pillar: functional, title: Spec sheet}
  - {id: a2, at: "2024-03-05 20:00", platform: weibo, pillar: story, title: Night drive}
"""
RULES = """version: 1
platforms:
  weibo: {slots: ["12:30", "20:00"], max_per_day: 2}
"""
CSV = "date,time,platform,pillar,title\n2024-03-04,12:30,weibo,functional,Spec sheet\n"
EXPORT = "id,measured_at,likes\na1,2024-03-05 12:30,3\n"
PRECIOUS = "precious original\n"

# name: argv with {out} for the target; every one of them writes one file.
WRITERS: dict[str, list[str]] = {
    "check --output": ["check", "c.yaml", "--output", "{out}"],
    "check --write-baseline": ["check", "c.yaml", "--write-baseline", "{out}"],
    "export ics": ["export", "c.yaml", "--to", "ics", "-o", "{out}"],
    "export csv": ["export", "c.yaml", "--to", "csv", "-o", "{out}"],
    "import": ["import", "posts.csv", "--brand", "acme", "--timezone", "Asia/Shanghai",
               "--force", "-o", "{out}"],
    "import-results": ["import-results", "export.csv", "--calendar", "c.yaml", "--force",
                       "-o", "{out}"],
    "report --svg": ["report", "c.yaml", "--svg", "{out}"],
    "report --html": ["report", "c.yaml", "--html", "{out}"],
    "plan -o": ["plan", "--week", "2024-W11", "--brand", "acme", "--timezone", "Asia/Shanghai",
                "--rules", "rules.yaml", "-o", "{out}"],
}
WRITER_IDS = sorted(WRITERS)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "c.yaml").write_text(CALENDAR, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "posts.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "export.csv").write_text(EXPORT, encoding="utf-8")
    return tmp_path


def argv(name: str, out: Path | str) -> list[str]:
    return [part.replace("{out}", str(out)) for part in WRITERS[name]]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


# -- temp file, fsync, atomic rename --------------------------------------------------

# Runs the real command line with os.fsync and os.replace wrapped to log what
# they were called on, and prints the log as one JSON line at exit.
TRACING = """
import atexit, json, os, runpy, sys
log = []
real_fsync, real_replace = os.fsync, os.replace
def fsync(fd):
    log.append(['fsync', os.readlink(f'/proc/self/fd/{fd}')])
    return real_fsync(fd)
def replace(source, target, **kw):
    log.append(['replace', os.path.abspath(source), os.path.abspath(target)])
    return real_replace(source, target, **kw)
os.fsync, os.replace = fsync, replace
atexit.register(lambda: sys.stderr.write('TRACE ' + json.dumps(log) + '\\n'))
sys.argv = ['contentplan', *sys.argv[1:]]
runpy.run_module('contentplan', run_name='__main__', alter_sys=True)
"""


def traced(*args: str, cwd: Path) -> tuple[int, list[list[str]], str]:
    run = run_bounded(*args, cwd=cwd, timeout=120, prefix=[sys.executable, "-c", TRACING])
    line = next(text for text in run.stderr.splitlines() if text.startswith("TRACE "))
    return run.code, json.loads(line[6:]), run.stderr


def assert_atomic(log: list[list[str]], target: Path) -> None:
    """fsync of a temp file beside the target, its rename onto the target,
    then fsync of the folder, in that order."""
    target = target.resolve()
    renames = [
        i for i, entry in enumerate(log) if entry[0] == "replace" and entry[2] == str(target)
    ]
    assert len(renames) == 1, log
    at = renames[0]
    temp = Path(log[at][1])
    assert temp.parent == target.parent, log
    assert temp.name.startswith(f".{target.name}.") and temp.name.endswith(".tmp"), temp
    assert ["fsync", str(temp)] in log[:at], log
    assert ["fsync", str(target.parent)] in log[at + 1 :], log


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux /proc/self/fd")
@pytest.mark.parametrize("name", WRITER_IDS)
def test_every_write_is_temp_file_fsync_and_rename(project: Path, name: str) -> None:
    (project / "out").mkdir()
    target = project / "out" / "result"
    target.write_text(PRECIOUS)
    code, log, err = traced(*argv(name, "out/result"), cwd=project)
    assert code == 0, err
    assert_atomic(log, target)
    assert target.read_text(encoding="utf-8-sig") != PRECIOUS
    assert leftovers(project) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux /proc/self/fd")
def test_plan_in_place_and_init_write_atomically(project: Path) -> None:
    code, log, err = traced(
        "plan", "--week", "2024-W11", "--calendar", "c.yaml", "--in-place", cwd=project
    )
    assert code == 0, err
    assert_atomic(log, project / "c.yaml")
    text = (project / "c.yaml").read_text()
    assert text.startswith(CALENDAR) and len(text) > len(CALENDAR)

    code, log, err = traced("init", "starter", cwd=project)
    assert code == 0, err
    for relative, _content in starter_files():
        assert_atomic(log, project / "starter" / relative)
    assert leftovers(project) == []


# -- a full disk and a read-only folder (tmpfs) ------------------------------------------


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Callable[[str, int], Path]]:
    """Mounts a tmpfs of a few KB under tmp_path (needs root; skipped where
    mounting is not permitted), and unmounts it afterwards."""
    mounted: list[Path] = []

    def make(name: str, size: int) -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield make
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill(folder: Path) -> None:
    """Use up every free block of the file system that holds `folder`."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)


def remount_read_only(folder: Path) -> None:
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(folder)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")


@pytest.mark.parametrize("name", WRITER_IDS)
def test_full_disk_mid_way_leaves_the_original(
    project: Path, mount: Callable[[str, int], Path], name: str
) -> None:
    disk = mount("disk", 64 * 1024)
    target = disk / "result"
    target.write_text(PRECIOUS)
    fill(disk)
    run = run_bounded(*argv(name, target), cwd=project, timeout=120)
    assert_clean_failure(run)
    assert f"{target}: cannot write: No space left on device" in run.stderr, run.stderr
    assert target.read_text() == PRECIOUS
    assert leftovers(disk) == []


@pytest.mark.parametrize("name", WRITER_IDS)
def test_read_only_folder_is_a_clear_error(
    project: Path, mount: Callable[[str, int], Path], name: str
) -> None:
    folder = mount("locked", 64 * 1024)
    target = folder / "result"
    target.write_text(PRECIOUS)
    remount_read_only(folder)
    run = run_bounded(*argv(name, target), cwd=project, timeout=120)
    assert_clean_failure(run)
    assert f"{target}: cannot write here: Read-only file system" in run.stderr, run.stderr
    assert target.read_text() == PRECIOUS


def test_plan_in_place_on_a_full_disk_leaves_the_calendar(
    project: Path, mount: Callable[[str, int], Path]
) -> None:
    disk = mount("disk", 64 * 1024)
    (disk / "c.yaml").write_text(CALENDAR.replace("rules.yaml", str(project / "rules.yaml")))
    before = (disk / "c.yaml").read_bytes()
    fill(disk)
    run = run_bounded("plan", "--week", "2024-W11", "--calendar", str(disk / "c.yaml"),
                      "--in-place", cwd=project, timeout=120)
    assert_clean_failure(run)
    assert "No space left on device" in run.stderr
    assert (disk / "c.yaml").read_bytes() == before
    assert leftovers(disk) == []


def test_init_on_a_full_disk_leaves_whole_files_only(
    project: Path, mount: Callable[[str, int], Path]
) -> None:
    disk = mount("disk", 64 * 1024)
    (disk / "README.md").write_text(PRECIOUS)  # the user's own file
    fill(disk)
    run = run_bounded("init", str(disk), cwd=project)
    assert_clean_failure(run)
    assert "No space left on device" in run.stderr, run.stderr
    assert (disk / "README.md").read_text() == PRECIOUS
    for relative, content in starter_files():
        path = disk.joinpath(*relative.parts)
        if relative.parts != ("README.md",):
            assert not path.exists() or path.read_bytes() == content, relative
    assert leftovers(disk) == []


def test_init_into_a_read_only_folder(project: Path, mount: Callable[[str, int], Path]) -> None:
    folder = mount("locked", 64 * 1024)
    remount_read_only(folder)
    run = run_bounded("init", str(folder), cwd=project)
    assert_clean_failure(run)
    assert "Read-only file system" in run.stderr, run.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", WRITER_IDS)
def test_a_target_whose_folder_is_a_file(project: Path, name: str) -> None:
    run = run_bounded(*argv(name, "posts.csv/out"), cwd=project, timeout=120)
    assert_clean_failure(run)
    assert "posts.csv/out: cannot write here: Not a directory" in run.stderr, run.stderr
    assert (project / "posts.csv").read_text() == CSV


# -- `-o` naming an input ---------------------------------------------------------------


def spellings(project: Path, name: str) -> list[str]:
    """The same file named four ways: as given, with ./, absolute, and via a
    symlink and a hard link."""
    (project / f"link-{name}").symlink_to(project / name)
    os.link(project / name, project / f"hard-{name}")
    return [name, f"./{name}", str(project / name), f"link-{name}", f"hard-{name}"]


@pytest.mark.parametrize(
    ("option", "input_name"),
    [("-o", "c.yaml"), ("-o", "backlog.yaml"), ("-o", "rules.yaml")],
)
def test_plan_refuses_o_naming_an_input_and_hints_at_in_place(
    project: Path, option: str, input_name: str
) -> None:
    (project / "backlog.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nitems:\n"
        "  - {id: i1, pillar: functional, title: Item}\n",
        encoding="utf-8",
    )
    before = {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()}
    for n, spelling in enumerate(spellings(project, input_name)):
        # The refusal is decided before anything is written: one spelling in
        # a process of its own, the others in this process (tests/conftest.py).
        run = run_cli(
            "plan", "--week", "2024-W11", "--calendar", "c.yaml", "--backlog", "backlog.yaml",
            "--rules", "rules.yaml", option, spelling, cwd=project, process=n == 0,
        )
        assert_clean_failure(run)
        assert "is an input" in run.stderr and "--in-place" in run.stderr, run.stderr
    for file, data in before.items():
        assert (project / file).read_bytes() == data


@pytest.mark.parametrize(
    ("command", "input_name"),
    [
        (["export", "c.yaml", "--to", "ics", "-o"], "c.yaml"),
        (["export", "c.yaml", "--to", "csv", "-o"], "c.yaml"),
        (["import", "posts.csv", "--brand", "a", "--timezone", "UTC", "--force", "-o"],
         "posts.csv"),
        (["check", "c.yaml", "--output"], "c.yaml"),
        (["check", "c.yaml", "--output"], "rules.yaml"),
        (["check", ".", "--output"], "c.yaml"),
        (["check", "c.yaml", "--write-baseline"], "c.yaml"),
        (["report", "c.yaml", "--svg"], "c.yaml"),
        (["report", "c.yaml", "--html"], "rules.yaml"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_other_commands_refuse_to_overwrite_an_input(
    project: Path, command: list[str], input_name: str
) -> None:
    before = {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()}
    for n, spelling in enumerate(spellings(project, input_name)):
        run = run_cli(*command, spelling, cwd=project, process=n == 0)
        assert_clean_failure(run)
        assert "never overwrites its input" in run.stderr, run.stderr
        assert "another file" in run.stderr, run.stderr
    for file, data in before.items():
        assert (project / file).read_bytes() == data


def test_check_may_rewrite_the_baseline_it_reads(project: Path) -> None:
    assert run_bounded("check", "c.yaml", "--write-baseline", "b.json", cwd=project).code == 0
    again = run_bounded(
        "check", "c.yaml", "--baseline", "b.json", "--write-baseline", "b.json", cwd=project
    )
    assert again.code == 0, again.stderr
    refused = run_bounded("check", "c.yaml", "--baseline", "b.json", "--output", "b.json",
                          cwd=project)
    assert_clean_failure(refused)
    assert json.loads((project / "b.json").read_text())


# -- devices and symlinks as targets ---------------------------------------------------------


def device(path: Path, minor: int) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return path


@pytest.mark.parametrize("name", WRITER_IDS)
def test_a_full_device_is_a_clear_error_and_stays_a_device(project: Path, name: str) -> None:
    """Like /dev/full: writing fails with ENOSPC. Renaming a temp file over
    it would replace the device node with a file; it must stay a device."""
    full = device(project / "full", 7)
    run = run_bounded(*argv(name, "full"), cwd=project, timeout=120)
    assert_clean_failure(run)
    assert "full: cannot write: No space left on device" in run.stderr, run.stderr
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert leftovers(project) == []


@pytest.mark.parametrize("name", WRITER_IDS)
def test_a_null_device_or_a_pipe_is_written_into(project: Path, name: str) -> None:
    null = device(project / "null", 3)
    run = run_bounded(*argv(name, "null"), cwd=project, timeout=120)
    assert run.code == 0, run.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)
    fifo = project / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    run = run_bounded(*argv(name, "pipe"), cwd=project, timeout=120)
    received = reader.communicate(timeout=20)[0]
    assert run.code == 0, run.stderr
    assert received and stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("name", WRITER_IDS)
def test_a_symlink_target_is_written_through(project: Path, name: str) -> None:
    (project / "real").mkdir()
    (project / "real" / "result").write_text(PRECIOUS)
    (project / "link").symlink_to(project / "real" / "result")
    run = run_bounded(*argv(name, "link"), cwd=project, timeout=120)
    assert run.code == 0, run.stderr
    assert (project / "link").is_symlink()
    assert (project / "real" / "result").read_text(encoding="utf-8-sig") != PRECIOUS
    assert leftovers(project) == []


def test_a_folder_as_target_is_a_clear_error(project: Path) -> None:
    (project / "folder").mkdir()
    for name in WRITER_IDS:
        if name == "import":
            continue  # import says so before reading (tests/io/test_import.py)
        run = run_bounded(*argv(name, "folder"), cwd=project, timeout=120)
        assert_clean_failure(run)
        assert "folder" in run.stderr, (name, run.stderr)
        assert (project / "folder").is_dir()


@pytest.mark.parametrize(
    "command",
    [["check", "c.yaml"], ["export", "c.yaml", "--to", "ics"], ["report", "c.yaml"],
     ["schema", "calendar"], ["import-results", "export.csv", "--calendar", "c.yaml"],
     ["plan", "--week", "2024-W11", "--brand", "acme", "--timezone", "Asia/Shanghai",
      "--rules", "rules.yaml"]],
    ids=lambda command: command[0] + (" " + command[3] if command[0] == "export" else ""),
)
def test_stdout_on_a_full_disk_is_a_clear_error(project: Path, command: list[str]) -> None:
    """`contentplan … > file` on a full disk: exit 2 and one line, not an
    'internal error' (stdout is a device like /dev/full)."""
    full = device(project / "full", 7)
    with open(full, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "contentplan", *command],
            cwd=project,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1:] == [
        "contentplan: cannot write the output: No space left on device"
    ], done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    "command",
    [["check", "c.yaml", "--format", "json"], ["check", "c.yaml", "--format", "plain"],
     ["export", "c.yaml", "--to", "csv"], ["report", "c.yaml"], ["show", "c.yaml"],
     ["schema", "calendar"]],
    ids=lambda command: " ".join(command[:2] if command[0] != "schema" else command),
)
def test_a_closed_stdout_is_a_clear_error(project: Path, command: list[str]) -> None:
    """`contentplan … >&-`: exit 2 and one line, neither an 'internal error'
    (sys.stdout is None) nor a silent exit 0 with nothing written."""
    done = subprocess.run(
        [sys.executable, "-m", "contentplan", *command],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1:] == [
        "contentplan: cannot write the output: the standard output is closed"
    ], done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr
