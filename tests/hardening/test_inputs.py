"""Issue 10: what `contentplan check` reads. A gate must never pass having
checked nothing, and must never read outside the repository on behalf of a
file that came with a pull request. Every case goes through the real command
line in a subprocess, on files the test writes."""

from __future__ import annotations

import ctypes
import os
import subprocess
from pathlib import Path

import pytest

from tests.ci.gate_repo import CLEAN_W2, W1, W3, calendar, make_repo
from tests.conftest import Run
from tests.hardening.support import (
    CLI,
    GIB,
    HANG_GUARD,
    _environment,
    assert_clean_failure,
    limit_memory,
    run_bounded,
)

CLEAN = (W1, CLEAN_W2, W3)  # passes every check under the gate rules: exit 0


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo", *CLEAN)
    (root / ".git").mkdir()
    return root


def first_line(run: Run) -> str:
    return (run.stdout + run.stderr).strip().splitlines()[0]


# ---------------------------------------------------------------- checked nothing


@pytest.mark.parametrize("key", ["post", "Posts"])
def test_a_calendar_with_a_misspelt_posts_key_is_an_error_in_a_folder_scan(
    repo: Path, key: str
) -> None:
    text = calendar(*CLEAN).replace("posts:", f"{key}:")
    (repo / "calendars" / "volta.yaml").write_text(text, encoding="utf-8")
    run = run_bounded("check", "calendars/", "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert f"calendars/volta.yaml:5:1: error [schema] unknown key '{key}'" in run.stdout
    assert "Did you mean 'posts'?" in run.stdout


FLOW_POST = "{id: x1, at: '2025-03-10 09:00', platform: weibo, pillar: nosuch, title: t}"


@pytest.mark.parametrize(
    "text",
    [
        # one flow mapping: every key but the first is mid-line
        f"{{version: 1, brand: volta, timezone: Asia/Shanghai, posts: [{FLOW_POST}]}}\n",
        # the same after a comment and `---`, and with quoted keys
        f'# volta\n--- {{"version": 1, "brand": "volta", "posts": [{FLOW_POST}]}}\n',
        # block keys in quotes
        f'"version": 1\n"brand": volta\n"timezone": Asia/Shanghai\n"posts": [{FLOW_POST}]\n',
        # only posts, in quotes
        f"'posts': [{FLOW_POST}]\n",
        # a top-level merge key brings every key
        f"<<: {{version: 1, brand: volta, timezone: Asia/Shanghai, posts: [{FLOW_POST}]}}\n",
    ],
    ids=["flow", "document-start", "quoted", "quoted-posts", "merge"],
)
def test_a_calendar_in_another_yaml_style_is_checked_in_a_folder_scan(
    repo: Path, text: str
) -> None:
    """A calendar written as a flow mapping or with quoted keys is a calendar:
    the folder scan passed over it, and the gate passed without checking it."""
    (repo / "calendars" / "flow.yaml").write_text(text, encoding="utf-8")
    run = run_bounded("check", "calendars/", "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert "calendars/flow.yaml:" in run.stdout, run.stdout


@pytest.mark.parametrize("name", ["SAVED.YAML", "Other.Yml"])
def test_a_calendar_with_an_upper_case_suffix_is_checked_in_a_folder_scan(
    repo: Path, name: str
) -> None:
    """A calendar saved as x.YAML (as some editors on Windows and macOS do)
    is read like x.yaml: the scan passed over it, and the gate with it."""
    broken = "version: 1\nbrand: volta\ntimezone: Asia/Shanghai\nposts: [1]\n"
    (repo / "calendars" / name).write_text(broken, encoding="utf-8")
    run = run_bounded("check", "calendars/", "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert f"calendars/{name}:" in run.stdout, run.stdout


def test_a_utf16_calendar_is_an_error_in_a_folder_scan(repo: Path) -> None:
    path = repo / "calendars" / "volta.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    run = run_bounded("check", "calendars/", "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert first_line(run).startswith("calendars/volta.yaml:1:1: error [schema]")
    assert "UTF-16" in run.stdout


def test_yaml_that_is_no_calendar_is_still_passed_over(repo: Path) -> None:
    """Rules files, backlogs and other YAML in a scanned folder are not
    calendars and stay out of the run."""
    (repo / "calendars" / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    (repo / "calendars" / "backlog.yaml").write_text(
        "version: 1\nbrand: volta\ntimezone: Asia/Shanghai\nitems: []\n", encoding="utf-8"
    )
    run = run_bounded("check", ".", "--format", "plain", cwd=repo)
    assert (run.code, first_line(run)) == (0, "No problems in 1 file (3 posts)."), run.stderr


def _drop_read_override() -> None:
    """Runs in the child: without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    root obeys file modes as any user does, so chmod 000 really bars it."""
    limit_memory(GIB)()
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_drop_read_override() -> bool:
    try:
        subprocess.run(["true"], preexec_fn=_drop_read_override, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


@pytest.mark.parametrize("named", ["calendars/", "calendars/locked", "include"])
def test_a_folder_that_cannot_be_read_is_exit_2(repo: Path, named: str) -> None:
    if os.geteuid() == 0 and not _can_drop_read_override():
        pytest.skip("root that cannot drop CAP_DAC_OVERRIDE reads any folder, chmod 000 or not")
    locked = repo / "calendars" / "locked"
    locked.mkdir()
    (locked / "other.yaml").write_text(calendar(*CLEAN), encoding="utf-8")
    if named == "include":
        (repo / "contentplan.yaml").write_text('include: ["**/*.yaml"]\n', encoding="utf-8")
    locked.chmod(0)
    try:
        done = subprocess.run(
            [*CLI, "check", *([] if named == "include" else [named]), "--format", "plain"],
            cwd=repo,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            preexec_fn=_drop_read_override if os.geteuid() == 0 else limit_memory(GIB),
        )
    finally:
        locked.chmod(0o755)
    run = Run(done.returncode, done.stdout, done.stderr)
    assert_clean_failure(run)
    assert first_line(run).startswith(
        "calendars/locked:0:0: error [schema] cannot read this folder (Permission denied)"
    )


SETTINGS_ALLOW = {
    "contentplan.yaml": "allow_empty: true\n",
    "pyproject.toml": "[tool.contentplan]\nallow_empty = true\n",
}


@pytest.mark.parametrize("allowed", [None, "--allow-empty", *SETTINGS_ALLOW])
def test_a_run_that_finds_no_calendar_is_exit_2_unless_allowed(
    repo: Path, allowed: str | None
) -> None:
    (repo / "drafts").mkdir()
    if allowed in SETTINGS_ALLOW:
        (repo / allowed).write_text(SETTINGS_ALLOW[allowed], encoding="utf-8")
    options = ["--allow-empty"] if allowed == "--allow-empty" else []
    run = run_bounded("check", "drafts", "--format", "plain", *options, cwd=repo)
    if allowed is None:
        assert_clean_failure(run)
        assert first_line(run).startswith("contentplan: no calendar found in drafts: ")
        assert "--allow-empty" in run.stderr and "allow_empty: true" in run.stderr
    else:
        assert (run.code, first_line(run)) == (0, "No problems in 0 files (0 posts)."), run.stderr


def test_include_globs_that_match_nothing_say_where_they_looked(repo: Path) -> None:
    (repo / "contentplan.yaml").write_text('include: ["drafts/**/*.yaml"]\n', encoding="utf-8")
    run = run_bounded("check", "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert first_line(run).startswith(
        "contentplan: no calendar found in the `include` globs of contentplan.yaml "
        "(drafts/**/*.yaml)"
    )


@pytest.mark.parametrize("how", ["folder", "named", "include"])
def test_a_pipe_named_like_a_calendar_is_reported_not_read(repo: Path, how: str) -> None:
    """A FIFO is never opened: reading one would block the run for ever."""
    os.mkfifo(repo / "calendars" / "x.yaml")
    if how == "include":
        (repo / "contentplan.yaml").write_text('include: ["calendars/*.yaml"]\n', encoding="utf-8")
    args = {"folder": ["calendars"], "named": ["calendars/x.yaml"], "include": []}[how]
    run = run_bounded("check", *args, "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert first_line(run).startswith(
        "calendars/x.yaml:0:0: error [schema] this is not a regular file"
    )


@pytest.mark.parametrize("how", ["pipe", "link"])
def test_a_baseline_that_is_a_pipe_is_refused_not_read(repo: Path, how: str) -> None:
    """--baseline naming a FIFO (or a committed link to one): opening it to
    read waited for a writer for ever; now it is refused at once."""
    os.mkfifo(repo / "pipe.json")
    if how == "link":
        (repo / "baseline.json").symlink_to("pipe.json")
    name = {"pipe": "pipe.json", "link": "baseline.json"}[how]
    run = run_bounded("check", "calendars", "--format", "plain", "--baseline", name, cwd=repo)
    assert_clean_failure(run)
    assert first_line(run) == (
        f"contentplan: {name}: invalid baseline: not a regular file (a pipe, device or "
        "socket): name a JSON file written by --write-baseline"
    )


# ---------------------------------------------------------------- outside the repository


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A rules file and a calendar outside the repository, with a secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "r.yaml").write_text("version: 1\nsecret-token-42: x\n", encoding="utf-8")
    (folder / "cal.yaml").write_text(
        calendar(*CLEAN).replace("../rules/default.yaml", "r.yaml") + "secret-token-42: x\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    "settings",
    [
        "rules: ../outside/r.yaml\n",
        'include: ["../outside/*.yaml"]\n',
        'include: ["/etc/*.yaml"]\n',
        "rules: calendars/volta.md\n",  # inside, but not a YAML file
    ],
)
def test_settings_cannot_reach_outside_the_repository(
    repo: Path, outside: Path, settings: str
) -> None:
    (repo / "contentplan.yaml").write_text(settings, encoding="utf-8")
    (repo / "calendars" / "volta.md").write_text("secret-token-42\n", encoding="utf-8")
    run = run_bounded("check", "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert first_line(run).startswith("contentplan: contentplan.yaml:1:")
    assert "inside" in run.stderr and "secret-token-42" not in run.stderr + run.stdout


def test_rules_on_the_command_line_may_be_anywhere(repo: Path, outside: Path) -> None:
    (outside / "r.yaml").write_text(
        (repo / "rules" / "default.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    run = run_bounded("check", "--rules", "../outside/r.yaml", "--format", "plain", cwd=repo)
    assert (run.code, first_line(run)) == (0, "No problems in 1 file (3 posts)."), run.stderr


@pytest.mark.parametrize("how", ["folder", "include"])
def test_a_link_out_of_the_repository_is_reported_not_followed(
    repo: Path, outside: Path, how: str
) -> None:
    (repo / "calendars" / "link.yaml").symlink_to(outside / "cal.yaml")
    if how == "include":
        (repo / "contentplan.yaml").write_text('include: ["calendars/*.yaml"]\n', encoding="utf-8")
    run = run_bounded("check", *(["calendars/"] if how == "folder" else []), cwd=repo)
    assert_clean_failure(run)
    assert first_line(run).startswith("calendars/link.yaml:0:0: error [schema] ")
    assert "outside the repository" in first_line(run) and "link" in first_line(run)
    assert "secret-token-42" not in run.stdout + run.stderr


def _no_git_above(path: Path) -> None:
    if any((folder / ".git").exists() for folder in path.parents):
        pytest.skip("the temporary folder is inside a git checkout")


@pytest.mark.parametrize(
    ("layout", "rules_ref", "code"),
    [
        ("plain", "../../outside/r.yaml", 2),  # above the folder above the calendar's
        ("plain", "../rules/default.yaml", 0),  # calendars/ and rules/ side by side
        ("settings", "../../rules/default.yaml", 0),  # up to the settings folder
        ("settings", "../../../outside/r.yaml", 2),
    ],
)
def test_without_git_the_boundary_does_not_depend_on_the_current_folder(
    tmp_path: Path, outside: Path, layout: str, rules_ref: str, code: int
) -> None:
    """Run from `/`, as a careless CI step might: the boundary is the
    settings folder, else the folder above the calendar's, never `/`."""
    _no_git_above(tmp_path)
    root = make_repo(tmp_path / "repo", *CLEAN)
    (outside / "r.yaml").write_text(
        (root / "rules" / "default.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    folder = root / "calendars"
    if layout == "settings":
        (root / "contentplan.yaml").write_text("strict: true\n", encoding="utf-8")
        folder = folder / "volta"
        folder.mkdir()
        (root / "calendars" / "volta.yaml").rename(folder / "volta.yaml")
    path = folder / "volta.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("../rules/default.yaml", rules_ref),
        encoding="utf-8",
    )
    run = run_bounded("check", str(path), "--format", "plain", cwd="/")
    assert run.code == code, run.stdout + run.stderr
    if code == 2:
        assert "must name a .yaml file inside the repository" in run.stdout


# ---------------------------------------------------------------- host time zones

HOST_ZONES = [
    "localtime",
    "posixrules",
    "right/UTC",
    "posix/Asia/Shanghai",
    "/etc/localtime",
    "../zoneinfo/UTC",
]


@pytest.mark.parametrize("zone", HOST_ZONES)
def test_a_calendar_in_a_host_time_zone_is_refused(repo: Path, zone: str) -> None:
    path = repo / "calendars" / "volta.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Asia/Shanghai", f'"{zone}"'), encoding="utf-8"
    )
    run = run_bounded("check", "calendars/volta.yaml", "--format", "plain", cwd=repo)
    assert_clean_failure(run)
    assert first_line(run).startswith(
        f"calendars/volta.yaml:3:11: error [schema] time zone '{zone}' is not an IANA name"
    )


@pytest.mark.parametrize("command", ["plan", "import"])
def test_a_host_time_zone_option_is_refused(repo: Path, command: str) -> None:
    (repo / "posts.csv").write_text(
        "date,time,platform,pillar,title\n2025-03-03,09:00,weibo,story,x\n", encoding="utf-8"
    )
    args = {
        "plan": ["plan", "--week", "2025-W10", "--brand", "volta", "--timezone", "localtime"],
        "import": ["import", "posts.csv", "--brand", "volta", "--timezone", "localtime"],
    }[command]
    run = run_bounded(*args, cwd=repo)
    assert_clean_failure(run)
    assert "--timezone: time zone 'localtime' is not an IANA name" in run.stderr
